//! Does the model fit? Holdout evaluation, tracking, period transactions, the
//! frequency–recency matrix and the tier overview, and the core's SVG pictures of
//! each (`plotHoldout`, ... return the SVG text).
//!
//! Every function takes a purchase model (`BetaGeo`, `ModifiedBetaGeo`,
//! `ParetoNbd`, `BetaGeoBetaBinom`: read through its class and `params`, so the
//! object stays usable) and a summary from `rfmSummary` (with `holdoutEnd` where the
//! holdout period is needed).

use js_sys::{Float64Array, Int32Array, Reflect, Uint32Array};
use relmap::render::value::{
    plot_frequency_recency, plot_holdout, plot_period_transactions, plot_tiers, plot_tracking,
};
use relmap::render::ChartOptions;
use relmap::time::Timestamp;
use relmap::value::{
    holdout_evaluation, period_transactions, tier_overview, tracking, tracking_codes, BetaGeo, BetaGeoBetaBinom,
    BetaGeoBetaBinomParams, BetaGeoParams, ErrorMetrics, FrequencyRecencyConfig, FrequencyRecencyMatrix, HoldoutConfig,
    HoldoutEvaluation, MatrixQuantity, ModifiedBetaGeo, ModifiedBetaGeoParams, ParetoNbd, ParetoNbdParams,
    PeriodTransactions, PeriodTransactionsConfig, PurchaseModel, RfmData, SummaryConfig, Tier, TierOverview, TimeUnit,
    Tracking,
};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::js::{is_array, property, typed};
use crate::convert::{output, read_arg, read_opt};
use crate::errors::{invalid_argument, to_js};
use crate::value::f64_column;

#[wasm_bindgen(typescript_custom_section)]
const DIAGNOSTICS_TS: &str = include_str!("../ts/diagnostics.d.ts");

/// A purchase model rebuilt from a model object's class and parameters.
enum Model {
    BetaGeo(BetaGeo),
    ModifiedBetaGeo(ModifiedBetaGeo),
    ParetoNbd(ParetoNbd),
    BetaGeoBetaBinom(BetaGeoBetaBinom),
}

impl Model {
    fn read(model: &JsValue) -> Result<Model, JsValue> {
        let not_a_model = || {
            invalid_argument(
                "model",
                "expected a purchase model (BetaGeo, ModifiedBetaGeo, ParetoNbd, BetaGeoBetaBinom)",
            )
        };
        let class = property(&property(model, "constructor"), "name").as_string().ok_or_else(not_a_model)?;
        let params = property(model, "params");
        let out = match class.as_str() {
            "BetaGeo" => Model::BetaGeo(BetaGeo::new(read_arg::<BetaGeoParams>(&params)?).map_err(to_js)?),
            "ModifiedBetaGeo" => Model::ModifiedBetaGeo(
                ModifiedBetaGeo::new(read_arg::<ModifiedBetaGeoParams>(&params)?).map_err(to_js)?,
            ),
            "ParetoNbd" => Model::ParetoNbd(ParetoNbd::new(read_arg::<ParetoNbdParams>(&params)?).map_err(to_js)?),
            "BetaGeoBetaBinom" => Model::BetaGeoBetaBinom(
                BetaGeoBetaBinom::new(read_arg::<BetaGeoBetaBinomParams>(&params)?).map_err(to_js)?,
            ),
            _ => return Err(not_a_model()),
        };
        Ok(out)
    }

    fn model(&self) -> &dyn PurchaseModel {
        match self {
            Model::BetaGeo(m) => m,
            Model::ModifiedBetaGeo(m) => m,
            Model::ParetoNbd(m) => m,
            Model::BetaGeoBetaBinom(m) => m,
        }
    }
}

/// The calibration columns of a summary object (`periods` stand for T in a discrete one).
struct Calibration {
    frequency: Vec<f64>,
    recency: Vec<f64>,
    t: Vec<f64>,
}

impl Calibration {
    fn read(summary: &JsValue) -> Result<Calibration, JsValue> {
        if !summary.is_object() {
            return Err(invalid_argument("summary", "expected a summary (rfmSummary)"));
        }
        let age = if property(summary, "T").is_undefined() { "periods" } else { "T" };
        Ok(Calibration {
            frequency: f64_column(&property(summary, "frequency"), "summary.frequency")?,
            recency: f64_column(&property(summary, "recency"), "summary.recency")?,
            t: f64_column(&property(summary, age), &format!("summary.{age}"))?,
        })
    }

    fn data(&self) -> Result<RfmData<'_>, JsValue> {
        RfmData::new(&self.frequency, &self.recency, &self.t).map_err(to_js)
    }
}

fn unit_of(summary: &JsValue) -> Result<TimeUnit, JsValue> {
    let unit = property(summary, "unit");
    if unit.is_undefined() {
        return Err(invalid_argument("summary.unit", "missing (use rfmSummary)"));
    }
    read_arg(&unit)
}

fn evaluate(model: &JsValue, summary: &JsValue, config: &JsValue) -> Result<HoldoutEvaluation, JsValue> {
    let cfg: HoldoutConfig = read_opt(config)?;
    let model = Model::read(model)?;
    let calibration = Calibration::read(summary)?;
    let holdout = property(summary, "holdout");
    if !holdout.is_object() {
        return Err(to_js(relmap::value::ValueError::NoHoldout));
    }
    let actual = f64_column(&property(&holdout, "frequency"), "summary.holdout.frequency")?;
    let duration = property(&holdout, "duration")
        .as_f64()
        .ok_or_else(|| invalid_argument("summary.holdout.duration", "expected a number"))?;
    holdout_evaluation(model.model(), &calibration.data()?, &actual, duration, unit_of(summary)?, &cfg).map_err(to_js)
}

/// Per customer the purchases predicted in the holdout period beside the actual
/// ones, the table BTYD prints (customers binned by calibration frequency 0, 1, …,
/// `bins`+) and the error metrics. `summary` needs a holdout (`rfmSummary(...,
/// { holdoutEnd })`); `model` is fitted on its calibration columns.
#[wasm_bindgen(js_name = holdoutEvaluation, unchecked_return_type = "HoldoutEvaluation")]
pub fn holdout_evaluation_js(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HoldoutConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    output(&evaluate(&model, &summary, &config)?)
}

/// The holdout table by calibration frequency: one row per non-empty bin with the
/// `customers`, the `actualMean` and the `expectedMean` holdout purchases and its `label`.
#[wasm_bindgen(js_name = holdoutTable, unchecked_return_type = "HoldoutTableRow[]")]
pub fn holdout_table(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HoldoutConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let e = evaluate(&model, &summary, &config)?;
    let rows = js_sys::Array::new();
    for b in &e.bins {
        let row = output(b)?;
        let _ = Reflect::set(&row, &"label".into(), &JsValue::from(b.label()));
        rows.push(&row);
    }
    Ok(rows.into())
}

/// The customer-level errors of the holdout forecasts (MAE, RMSE, bias, correlation, totals).
#[wasm_bindgen(js_name = holdoutErrors, unchecked_return_type = "ErrorMetrics")]
pub fn holdout_errors(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
) -> Result<JsValue, JsValue> {
    let e: ErrorMetrics = evaluate(&model, &summary, &JsValue::UNDEFINED)?.errors;
    output(&e)
}

/// The summary's calibration end, unit and holdout end, as `rfmSummary` took them.
fn summary_config(summary: &JsValue) -> Result<(Timestamp, SummaryConfig), JsValue> {
    let as_of: Timestamp = read_arg(&property(summary, "asOf"))
        .map_err(|_| invalid_argument("summary.asOf", "missing (use rfmSummary)"))?;
    let holdout = property(summary, "holdout");
    let holdout_end = if holdout.is_object() { Some(read_arg::<Timestamp>(&property(&holdout, "end"))?) } else { None };
    Ok((as_of, SummaryConfig { unit: unit_of(summary)?, holdout_end, ..SummaryConfig::default() }))
}

fn track(model: &JsValue, summary: &JsValue, customers: &JsValue, times: &JsValue) -> Result<Tracking, JsValue> {
    let model = Model::read(model)?;
    let (as_of, cfg) = summary_config(summary)?;
    let times = seconds(times)?;
    if let Some(a) = typed::<Uint32Array>(customers) {
        let codes = a.to_vec();
        let n = codes.iter().max().map_or(0, |&c| c as usize + 1);
        return tracking_codes(model.model(), &codes, n, &times, as_of, &cfg).map_err(to_js);
    }
    if let Some(a) = typed::<Int32Array>(customers) {
        let codes: Vec<i32> = a.to_vec();
        if let Some(i) = codes.iter().position(|&c| c < 0) {
            return Err(invalid_argument(&format!("customers[{i}]"), "a customer code must be >= 0"));
        }
        let codes: Vec<u32> = codes.into_iter().map(|c| c as u32).collect();
        let n = codes.iter().max().map_or(0, |&c| c as usize + 1);
        return tracking_codes(model.model(), &codes, n, &times, as_of, &cfg).map_err(to_js);
    }
    if is_array(customers) {
        let ids: Vec<String> = read_arg(customers)?;
        return tracking(model.model(), &ids, &times, as_of, &cfg).map_err(to_js);
    }
    Err(invalid_argument("customers", "expected an array of ids, a Uint32Array or an Int32Array of codes"))
}

/// Transaction times in seconds, as `rfmSummary` reads them.
fn seconds(value: &JsValue) -> Result<Vec<i64>, JsValue> {
    if let Some(a) = typed::<Float64Array>(value) {
        let to_seconds = |ms: f64| if ms.is_finite() { (ms / 1000.0).floor() as i64 } else { i64::MIN };
        return Ok(a.to_vec().into_iter().map(to_seconds).collect());
    }
    if is_array(value) {
        let times: Vec<Timestamp> = read_arg(value)?;
        return Ok(times.into_iter().map(Timestamp::seconds).collect());
    }
    Err(invalid_argument("times", "expected a Float64Array of milliseconds or an array of date strings"))
}

/// The cohort's repeat purchases per period (the summary's unit), actual vs
/// expected: `customers` and `times` are the transactions the summary was made from;
/// its `asOf`, unit and holdout end apply. `actualCumulative` and
/// `expectedCumulative` are added for convenience.
#[wasm_bindgen(js_name = tracking, unchecked_return_type = "TrackingResult")]
pub fn tracking_js(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[] | Uint32Array | Int32Array")] customers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | string[]")] times: JsValue,
) -> Result<JsValue, JsValue> {
    let tr = track(&model, &summary, &customers, &times)?;
    let out = output(&tr)?;
    let _ = Reflect::set(&out, &"actualCumulative".into(), &Float64Array::from(&tr.actual_cumulative()[..]));
    let _ = Reflect::set(&out, &"expectedCumulative".into(), &Float64Array::from(&tr.expected_cumulative()[..]));
    Ok(out)
}

fn period(model: &JsValue, summary: &JsValue, config: &JsValue) -> Result<PeriodTransactions, JsValue> {
    let cfg: PeriodTransactionsConfig = read_opt(config)?;
    let model = Model::read(model)?;
    let calibration = Calibration::read(summary)?;
    period_transactions(model.model(), &calibration.data()?, &cfg).map_err(to_js)
}

/// Customers with 0, 1, …, `bins`+ repeat purchases in calibration, actual vs
/// simulated from the model (`replicates` seeded cohorts; the same `seed` gives the same counts).
#[wasm_bindgen(js_name = periodTransactions, unchecked_return_type = "PeriodTransactions")]
pub fn period_transactions_js(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PeriodTransactionsConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    output(&period(&model, &summary, &config)?)
}

/// `FrequencyRecencyConfig` plus the quantity (`"expected_purchases"` or `"p_alive"`).
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct MatrixOptions {
    quantity: Option<MatrixQuantity>,
    horizon: Option<f64>,
    max_frequency: Option<u32>,
    recency_cells: Option<u32>,
    t: Option<f64>,
}

fn matrix(
    model: &JsValue,
    summary: &JsValue,
    options: &JsValue,
    quantity: Option<MatrixQuantity>,
) -> Result<FrequencyRecencyMatrix, JsValue> {
    let o: MatrixOptions = read_opt(options)?;
    let d = FrequencyRecencyConfig::default();
    let cfg = FrequencyRecencyConfig {
        horizon: o.horizon.unwrap_or(d.horizon),
        max_frequency: o.max_frequency.unwrap_or(d.max_frequency),
        recency_cells: o.recency_cells.unwrap_or(d.recency_cells),
        t: o.t.or(d.t),
    };
    let quantity = quantity.or(o.quantity).unwrap_or(MatrixQuantity::ExpectedPurchases);
    let model = Model::read(model)?;
    let calibration = Calibration::read(summary)?;
    FrequencyRecencyMatrix::new(model.model(), &calibration.data()?, unit_of(summary)?, quantity, &cfg).map_err(to_js)
}

/// Expected purchases in the next `horizon` (or P(alive) with `quantity: "p_alive"`)
/// of a customer with x repeat purchases (rows) and the last at recency t_x
/// (columns, `recencyEdges`), observed for T (default: the summary's largest).
#[wasm_bindgen(js_name = frequencyRecencyMatrix, unchecked_return_type = "FrequencyRecencyMatrix")]
pub fn frequency_recency_matrix(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FrequencyRecencyOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    output(&matrix(&model, &summary, &options, None)?)
}

fn overview(tiers: &JsValue, clv: &JsValue, p_alive: &JsValue) -> Result<TierOverview, JsValue> {
    let labels: Vec<Tier> = if is_array(tiers) { read_arg(tiers)? } else { read_arg(&property(tiers, "tier"))? };
    let clv = f64_column(clv, "clv")?;
    let p_alive = f64_column(p_alive, "pAlive")?;
    tier_overview(&labels, &clv, &p_alive).map_err(to_js)
}

/// Customers, predicted value and mean P(alive) per tier (`tiers`: the tier of each
/// customer, or a `tier` result; `clv` and `pAlive` per customer in the same order).
#[wasm_bindgen(js_name = tierOverview, unchecked_return_type = "TierOverview")]
pub fn tier_overview_js(
    #[wasm_bindgen(unchecked_param_type = "Tier[] | { tier: Tier[] }")] tiers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] clv: JsValue,
    #[wasm_bindgen(js_name = pAlive, unchecked_param_type = "Float64Array | number[]")] p_alive: JsValue,
) -> Result<JsValue, JsValue> {
    output(&overview(&tiers, &clv, &p_alive)?)
}

fn chart(options: &JsValue) -> Result<ChartOptions, JsValue> {
    read_opt(options)
}

/// The calibration-vs-holdout picture (SVG): actual and expected mean holdout
/// purchases by calibration frequency.
#[wasm_bindgen(js_name = plotHoldout)]
pub fn plot_holdout_js(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HoldoutConfig | null")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChartOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let opts = chart(&options)?;
    plot_holdout(&evaluate(&model, &summary, &config)?, &opts).map_err(to_js)
}

/// The period-transactions picture (SVG): customers by calibration repeat purchases,
/// actual vs simulated.
#[wasm_bindgen(js_name = plotPeriodTransactions)]
pub fn plot_period_transactions_js(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PeriodTransactionsConfig | null")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChartOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let opts = chart(&options)?;
    plot_period_transactions(&period(&model, &summary, &config)?, &opts).map_err(to_js)
}

/// The tracking picture (SVG): repeat purchases per period and cumulative, actual
/// vs model, the calibration end marked.
#[wasm_bindgen(js_name = plotTracking)]
pub fn plot_tracking_js(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[] | Uint32Array | Int32Array")] customers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | string[]")] times: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChartOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let opts = chart(&options)?;
    plot_tracking(&track(&model, &summary, &customers, &times)?, &opts).map_err(to_js)
}

/// The frequency–recency heat map (SVG) of expected purchases (or P(alive) with
/// `quantity: "p_alive"`).
#[wasm_bindgen(js_name = plotFrequencyRecency)]
pub fn plot_frequency_recency_js(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FrequencyRecencyOptions | null")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChartOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let opts = chart(&options)?;
    plot_frequency_recency(&matrix(&model, &summary, &config, None)?, &opts).map_err(to_js)
}

/// The P(alive) heat map (SVG) over frequency × recency.
#[wasm_bindgen(js_name = plotPAlive)]
pub fn plot_p_alive_js(
    #[wasm_bindgen(unchecked_param_type = "PurchaseModelLike")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FrequencyRecencyOptions | null")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChartOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let opts = chart(&options)?;
    plot_frequency_recency(&matrix(&model, &summary, &config, Some(MatrixQuantity::PAlive))?, &opts).map_err(to_js)
}

/// The tier overview picture (SVG): customers and predicted value per tier.
#[wasm_bindgen(js_name = plotTiers)]
pub fn plot_tiers_js(
    #[wasm_bindgen(unchecked_param_type = "Tier[] | { tier: Tier[] }")] tiers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] clv: JsValue,
    #[wasm_bindgen(js_name = pAlive, unchecked_param_type = "Float64Array | number[]")] p_alive: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChartOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let opts = chart(&options)?;
    plot_tiers(&overview(&tiers, &clv, &p_alive)?, &opts).map_err(to_js)
}
