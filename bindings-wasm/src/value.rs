//! Customer value: RFM summary, BG/NBD, Pareto/NBD and Gamma-Gamma, CLV, tiers,
//! lifecycle stages, churn warnings and RFM scores, on typed arrays.
//!
//! Bulk data crosses as typed arrays: `Float64Array` columns in and out,
//! `Uint32Array` (or `Int32Array`) customer codes or string ids, times as
//! `Float64Array` milliseconds since the epoch (`Date.getTime()`) or date strings.

use std::collections::HashMap;

use js_sys::{Float64Array, Int32Array, Object, Reflect, Uint32Array};
use relmap::time::Timestamp;
use relmap::value::{
    self, BetaGeo, BetaGeoBetaBinom, BetaGeoBetaBinomParams, BetaGeoParams, ChurnConfig, ClvConfig, CustomerSignals,
    DiscreteSummary, DiscreteSummaryConfig, FitConfig, GammaGamma, GammaGammaParams, LifecycleConfig, ModifiedBetaGeo,
    ModifiedBetaGeoParams, ParetoNbd, ParetoNbdParams, Period, PurchaseModel, RelationshipSignal, RfmData,
    RfmScoreConfig, RfmSummary, SummaryColumns, SummaryConfig, TierConfig, TimeUnit,
};
use wasm_bindgen::prelude::*;

use crate::convert::js::{is_array, items, shallow_copy, typed};
use crate::convert::{number, output, read_arg, read_arg_at, read_config, read_opt, read_params};
use crate::errors::{invalid_argument, to_js};
use crate::map::JsRelationshipMap;

#[wasm_bindgen(typescript_custom_section)]
const VALUE_TS: &str = include_str!("../ts/value.d.ts");

const MS_PER_SECOND: f64 = 1000.0;

/// A column of numbers: a `Float64Array` (copied once) or an array of numbers.
pub(crate) fn f64_column(value: &JsValue, name: &str) -> Result<Vec<f64>, JsValue> {
    if let Some(a) = typed::<Float64Array>(value) {
        return Ok(a.to_vec());
    }
    if is_array(value) {
        // Numbers as they are (a NaN reaches the core, which names its row).
        return items(value, name)
            .map_err(|e| invalid_argument(&e.path, e.message))?
            .iter()
            .enumerate()
            .map(|(i, x)| x.as_f64().ok_or_else(|| invalid_argument(&format!("{name}[{i}]"), "expected a number")))
            .collect();
    }
    Err(invalid_argument(name, "expected a Float64Array or an array of numbers"))
}

pub(crate) fn opt_f64_column(value: &JsValue, name: &str) -> Result<Option<Vec<f64>>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        f64_column(value, name).map(Some)
    }
}

/// A column of counts: a `Uint32Array` or an array of whole numbers.
fn u32_column(value: &JsValue, name: &str) -> Result<Vec<u32>, JsValue> {
    if let Some(a) = typed::<Uint32Array>(value) {
        return Ok(a.to_vec());
    }
    if is_array(value) {
        return read_arg::<Vec<u32>>(value).map_err(|_| invalid_argument(name, "expected whole numbers >= 0"));
    }
    Err(invalid_argument(name, "expected a Uint32Array or an array of whole numbers"))
}

/// Transaction times in seconds: milliseconds since the epoch (a non-finite one
/// becomes the core's missing time, which it refuses with its row), or dates.
fn times_column(value: &JsValue) -> Result<Vec<i64>, JsValue> {
    if let Some(a) = typed::<Float64Array>(value) {
        // A finite time beyond what an i64 of seconds holds stays out of range (the
        // core refuses it with its row), never the missing time i64::MIN stands for.
        let to_seconds = |ms: f64| {
            if ms.is_finite() {
                ((ms / MS_PER_SECOND).floor() as i64).max(i64::MIN + 1)
            } else {
                i64::MIN
            }
        };
        return Ok(a.to_vec().into_iter().map(to_seconds).collect());
    }
    if is_array(value) {
        let times: Vec<Timestamp> = read_arg(value)?;
        return Ok(times.into_iter().map(Timestamp::seconds).collect());
    }
    Err(invalid_argument("times", "expected a Float64Array of milliseconds or an array of date strings"))
}

fn ms(t: Timestamp) -> f64 {
    t.seconds() as f64 * MS_PER_SECOND
}

pub(crate) fn set(object: &Object, key: &str, value: &JsValue) {
    // Defining a property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

pub(crate) fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The customers of `rfmSummary`: string ids, or dense codes.
enum Customers {
    Ids(Vec<String>),
    Codes(Vec<u32>),
}

fn customers_column(value: &JsValue) -> Result<Customers, JsValue> {
    if let Some(a) = typed::<Uint32Array>(value) {
        return Ok(Customers::Codes(a.to_vec()));
    }
    if let Some(a) = typed::<Int32Array>(value) {
        let codes = a.to_vec();
        if let Some(i) = codes.iter().position(|&c| c < 0) {
            return Err(invalid_argument(
                &format!("customers[{i}]"),
                format!("a customer code must be >= 0, found {}", codes[i]),
            ));
        }
        return Ok(Customers::Codes(codes.into_iter().map(|c| c as u32).collect()));
    }
    if is_array(value) {
        return read_arg::<Vec<String>>(value).map(Customers::Ids);
    }
    Err(invalid_argument("customers", "expected an array of ids, a Uint32Array or an Int32Array of codes"))
}

/// The summary as a JavaScript object of typed arrays (camelCase, `T` for the age).
fn summary_to_js<K>(s: &RfmSummary<K>, customers: JsValue) -> Result<JsValue, JsValue> {
    let o = Object::new();
    let f64s = |v: &[f64]| JsValue::from(Float64Array::from(v));
    let u32s = |v: &[u32]| JsValue::from(Uint32Array::from(v));
    let times = |v: &[Timestamp]| f64s(&v.iter().map(|&t| ms(t)).collect::<Vec<_>>());
    set(&o, "customers", &customers);
    set(&o, "frequency", &f64s(&s.frequency));
    set(&o, "recency", &f64s(&s.recency));
    set(&o, "T", &f64s(&s.t));
    set(&o, "monetaryValue", &f64s(&s.monetary_value));
    set(&o, "firstPurchase", &times(&s.first_purchase));
    set(&o, "lastPurchase", &times(&s.last_purchase));
    set(&o, "nTransactions", &u32s(&s.n_transactions));
    set(&o, "totalAmount", &f64s(&s.total_amount));
    set(&o, "totalMargin", &s.total_margin.as_deref().map_or(JsValue::NULL, f64s));
    set(&o, "recentPurchases", &u32s(&s.recent_purchases));
    set(&o, "previousPurchases", &u32s(&s.previous_purchases));
    set(&o, "recentAmount", &f64s(&s.recent_amount));
    set(&o, "previousAmount", &f64s(&s.previous_amount));
    let holdout = match &s.holdout {
        None => JsValue::NULL,
        Some(h) => {
            let ho = Object::new();
            set(&ho, "end", &JsValue::from(h.end.to_string()));
            set(&ho, "duration", &JsValue::from(h.duration));
            set(&ho, "frequency", &f64s(&h.frequency));
            set(&ho, "monetaryValue", &f64s(&h.monetary_value));
            set(&ho, "totalAmount", &f64s(&h.total_amount));
            ho.into()
        }
    };
    set(&o, "holdout", &holdout);
    set(&o, "asOf", &JsValue::from(s.as_of.to_string()));
    set(&o, "unit", &output(&s.unit)?);
    set(&o, "growthWindowDays", &JsValue::from(s.growth_window_days));
    set(&o, "transactionsUsed", &JsValue::from(s.transactions_used as f64));
    set(&o, "transactionsAfterEnd", &JsValue::from(s.transactions_after_end as f64));
    Ok(o.into())
}

/// RFM summary of raw transactions in the BTYD conventions (same-day purchases
/// merged; frequency = repeat purchases, recency and T in the unit, monetary value =
/// mean repeat purchase), plus totals, margins, growth windows and a holdout.
///
/// `customers`: string ids, or codes as a `Uint32Array`/`Int32Array` (the fast
/// path; the summary's `customers` are then the codes that have a row, ascending).
/// `times`: a `Float64Array` of milliseconds since the epoch, or date strings.
/// `amounts`: a `Float64Array`. `options.asOf` is the calibration end.
#[wasm_bindgen(js_name = rfmSummary, unchecked_return_type = "RfmSummary")]
pub fn rfm_summary(
    #[wasm_bindgen(unchecked_param_type = "string[] | Uint32Array | Int32Array")] customers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | string[]")] times: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] amounts: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RfmSummaryOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let customers = customers_column(&customers)?;
    let times = times_column(&times)?;
    let amounts = f64_column(&amounts, "amounts")?;
    if !options.is_object() {
        return Err(invalid_argument("", "expected the options object, at least { asOf }"));
    }
    // The calibration end and the margins (a typed array) apart; the rest is the
    // core's `SummaryConfig`, merged over its defaults.
    let as_of: Timestamp = read_arg_at(&get(&options, "asOf"), "asOf").map_err(|_| missing_as_of(&options))?;
    let margins = opt_f64_column(&get(&options, "margins"), "margins")?;
    let rest = shallow_copy(&options, "").map_err(|e| invalid_argument(&e.path, e.message))?;
    for own in ["asOf", "margins"] {
        let _ = Reflect::delete_property(&rest, &JsValue::from_str(own));
    }
    let cfg: SummaryConfig = read_config(&rest)?;
    let margins = margins.as_deref();
    match customers {
        Customers::Ids(ids) => {
            let s = value::rfm_summary(&ids, &times, &amounts, margins, as_of, &cfg).map_err(to_js)?;
            summary_to_js(&s, output(&s.customers)?)
        }
        Customers::Codes(codes) => {
            let n = codes.iter().max().map_or(0, |&c| c as usize + 1);
            let s = value::rfm_summary_codes(&codes, n, &times, &amounts, margins, as_of, &cfg).map_err(to_js)?;
            summary_to_js(&s, Uint32Array::from(&s.customers[..]).into())
        }
    }
}

/// The distinct rows of `columns` (equal-length columns of numbers) with their counts
/// (the sum of `weights` over equal rows, or how many there are), sorted by the first
/// column, then the second, and so on, and for every row the index of its distinct row:
/// `{ columns, counts, rowOf }`. The core's `compress_rows`: how the fits compress their
/// customers; compressing compressed tables (their counts as weights) gives the same
/// table as compressing the rows they came from.
#[wasm_bindgen(js_name = compressRows, unchecked_return_type = "CompressedRows")]
pub fn compress_rows(
    #[wasm_bindgen(unchecked_param_type = "(Float64Array | number[])[]")] columns: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Float64Array | number[] | null")] weights: JsValue,
) -> Result<JsValue, JsValue> {
    if !is_array(&columns) {
        return Err(invalid_argument("columns", "expected an array of columns (Float64Array or number[])"));
    }
    let items = items(&columns, "columns").map_err(|e| invalid_argument(&e.path, e.message))?;
    let cols = items
        .iter()
        .enumerate()
        .map(|(j, c)| f64_column(&c, &format!("columns[{j}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let weights = opt_f64_column(&weights, "weights")?;
    let slices: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
    let rows = value::compress_rows(&slices, weights.as_deref()).map_err(to_js)?;
    let (columns, counts, row_of) = rows.into_parts();
    let out = Object::new();
    let list = js_sys::Array::new();
    for c in &columns {
        list.push(&Float64Array::from(&c[..]));
    }
    set(&out, "columns", &list);
    set(&out, "counts", &Float64Array::from(&counts[..]));
    set(&out, "rowOf", &Uint32Array::from(&row_of[..]));
    Ok(out.into())
}

/// The error for a missing or unreadable `asOf`.
fn missing_as_of(options: &JsValue) -> JsValue {
    match read_arg_at::<Timestamp>(&get(options, "asOf"), "asOf") {
        Err(e) if !get(options, "asOf").is_undefined() => e,
        _ => invalid_argument("asOf", "required: the calibration end"),
    }
}

/// The (frequency, recency, T) columns of a purchase model's methods.
pub(crate) struct Rfm {
    pub(crate) frequency: Vec<f64>,
    recency: Vec<f64>,
    t: Vec<f64>,
}

impl Rfm {
    pub(crate) fn read(frequency: &JsValue, recency: &JsValue, t: &JsValue) -> Result<Rfm, JsValue> {
        Ok(Rfm {
            frequency: f64_column(frequency, "frequency")?,
            recency: f64_column(recency, "recency")?,
            t: f64_column(t, "T")?,
        })
    }

    pub(crate) fn data(&self) -> Result<RfmData<'_>, JsValue> {
        RfmData::new(&self.frequency, &self.recency, &self.t).map_err(to_js)
    }
}

macro_rules! purchase_model {
    ($js:literal, $rust:ident, $core:ident, $params:ident, $ts_params:literal) => {
        #[doc = concat!("The ", $js, " purchase model: fit it, or build it from known parameters, then predict.")]
        #[wasm_bindgen(js_name = $js)]
        pub struct $rust {
            pub(crate) inner: $core,
        }

        #[wasm_bindgen(js_class = $js)]
        impl $rust {
            /// A model with known parameters (each finite and > 0).
            #[wasm_bindgen(constructor)]
            pub fn new(#[wasm_bindgen(unchecked_param_type = $ts_params)] params: JsValue) -> Result<$rust, JsValue> {
                let params: $params = read_params(&params)?;
                $core::new(params).map(|inner| $rust { inner }).map_err(to_js)
            }

            /// Fits the model by maximum likelihood to per-customer (frequency, recency, T),
            /// with optional weights, `config` merged over the defaults.
            pub fn fit(
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "Float64Array | number[] | null")] weights: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "FitConfig")] config: JsValue,
            ) -> Result<$rust, JsValue> {
                let rfm = Rfm::read(&frequency, &recency, &t)?;
                let weights = opt_f64_column(&weights, "weights")?;
                let cfg: FitConfig = read_config(&config)?;
                $core::fit(&rfm.data()?, weights.as_deref(), &cfg).map(|inner| $rust { inner }).map_err(to_js)
            }

            /// The parameters.
            #[wasm_bindgen(getter, unchecked_return_type = $ts_params)]
            pub fn params(&self) -> Result<JsValue, JsValue> {
                output(&self.inner.params())
            }

            /// The log-likelihood at the fitted optimum (`undefined` for a model built from parameters).
            #[wasm_bindgen(getter, js_name = logLikelihood)]
            pub fn log_likelihood(&self) -> Option<f64> {
                PurchaseModel::log_likelihood(&self.inner)
            }

            /// How the fit went (`undefined` for a model built from parameters).
            #[wasm_bindgen(getter, unchecked_return_type = "FitReport | undefined")]
            pub fn report(&self) -> Result<JsValue, JsValue> {
                PurchaseModel::report(&self.inner).map_or(Ok(JsValue::UNDEFINED), output)
            }

            /// N: the customers the fit saw (the total weight; `undefined` for a model built from parameters).
            #[wasm_bindgen(getter, js_name = nCustomers)]
            pub fn n_customers(&self) -> Option<f64> {
                PurchaseModel::report(&self.inner).map(|r| r.total_weight)
            }

            /// The summed log-likelihood of data under the model's parameters.
            #[wasm_bindgen(js_name = logLikelihoodOf)]
            pub fn log_likelihood_of(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "Float64Array | number[] | null")] weights: JsValue,
            ) -> Result<f64, JsValue> {
                let rfm = Rfm::read(&frequency, &recency, &t)?;
                let weights = opt_f64_column(&weights, "weights")?;
                PurchaseModel::log_likelihood_of(&self.inner, &rfm.data()?, weights.as_deref()).map_err(to_js)
            }

            /// P(alive) of every customer.
            #[wasm_bindgen(js_name = pAlive)]
            pub fn p_alive(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
            ) -> Result<Vec<f64>, JsValue> {
                let rfm = Rfm::read(&frequency, &recency, &t)?;
                self.inner.p_alive(&rfm.data()?).map_err(to_js)
            }

            /// Expected purchases of every customer in the next `t` (in the data's unit).
            #[wasm_bindgen(js_name = expectedPurchases)]
            pub fn expected_purchases(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] age: JsValue,
            ) -> Result<Vec<f64>, JsValue> {
                let t = number(&t, "t")?;
                let rfm = Rfm::read(&frequency, &recency, &age)?;
                self.inner.expected_purchases(t, &rfm.data()?).map_err(to_js)
            }

            /// P(exactly `n` purchases in the next `t`) of every customer, given their history.
            #[wasm_bindgen(js_name = probabilityOfPurchases)]
            pub fn probability_of_purchases(
                &self,
                n: f64,
                t: f64,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] age: JsValue,
            ) -> Result<Vec<f64>, JsValue> {
                let rfm = Rfm::read(&frequency, &recency, &age)?;
                self.inner.probability_of_purchases(n, t, &rfm.data()?).map_err(to_js)
            }

            /// E[X(t)]: expected repeat purchases of a newly acquired customer in the
            /// first `t` after the first purchase (the curve behind a tracking plot).
            #[wasm_bindgen(js_name = expectedRepeatPurchases)]
            pub fn expected_repeat_purchases(&self, t: f64) -> Result<f64, JsValue> {
                self.inner.expected_repeat_purchases(t).map_err(to_js)
            }

            /// P(X(t) = n): the probability that a newly acquired customer makes exactly
            /// `n` repeat purchases in the first `t`.
            #[wasm_bindgen(js_name = probabilityOfRepeatPurchases)]
            pub fn probability_of_repeat_purchases(&self, n: f64, t: f64) -> Result<f64, JsValue> {
                self.inner.probability_of_repeat_purchases(n, t).map_err(to_js)
            }

            /// P(alive) of every customer with an interval from the fit's uncertainty:
            /// `{ estimate, lower, upper }` typed arrays, `options` the core's `IntervalConfig`
            /// (`method` `"bootstrap"` (default, `draws` 1000, `seed` 0) or `"delta"`, `level` 0.95).
            #[wasm_bindgen(js_name = pAliveIntervals, unchecked_return_type = "PredictionIntervals")]
            pub fn p_alive_intervals(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "IntervalConfig")] options: JsValue,
            ) -> Result<JsValue, JsValue> {
                let rfm = Rfm::read(&frequency, &recency, &t)?;
                let cfg: value::IntervalConfig = read_config(&options)?;
                crate::value_models::intervals_to_js(value::p_alive_intervals(&self.inner, &rfm.data()?, &cfg))
            }

            /// Expected purchases of every customer in the next `t` with an interval
            /// (`options` as `pAliveIntervals`).
            #[wasm_bindgen(js_name = expectedPurchasesIntervals, unchecked_return_type = "PredictionIntervals")]
            pub fn expected_purchases_intervals(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] age: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "IntervalConfig")] options: JsValue,
            ) -> Result<JsValue, JsValue> {
                let t = number(&t, "t")?;
                let rfm = Rfm::read(&frequency, &recency, &age)?;
                let cfg: value::IntervalConfig = read_config(&options)?;
                let iv = value::expected_purchases_intervals(&self.inner, t, &rfm.data()?, &cfg);
                crate::value_models::intervals_to_js(iv)
            }

            /// CLV of every customer (margin · expected spend · discounted expected
            /// purchases) with a fitted `GammaGamma`, with an interval carrying both fits'
            /// uncertainty; `config` the CLV's settings, `options` as `pAliveIntervals`.
            #[wasm_bindgen(js_name = clvIntervals, unchecked_return_type = "PredictionIntervals")]
            #[allow(clippy::too_many_arguments)]
            pub fn clv_intervals(
                &self,
                #[wasm_bindgen(js_name = gammaGamma, unchecked_param_type = "GammaGamma")] gamma_gamma: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
                #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Float64Array | number[]")]
                monetary_value: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ClvConfig")] config: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "IntervalConfig")] options: JsValue,
            ) -> Result<JsValue, JsValue> {
                let gg = crate::value_models::gamma_gamma_of(&gamma_gamma, "gammaGamma")?;
                let rfm = Rfm::read(&frequency, &recency, &t)?;
                let monetary_value = f64_column(&monetary_value, "monetaryValue")?;
                let clv: ClvConfig = read_config(&config)?;
                let cfg: value::IntervalConfig = read_config(&options)?;
                let iv = value::clv_intervals(&self.inner, &gg, &rfm.data()?, &monetary_value, &clv, &cfg);
                crate::value_models::intervals_to_js(iv)
            }

            /// Customer lifetime value: margin · spend · discounted expected purchases
            /// over the horizon (`spend` per purchase, e.g. `GammaGamma.expectedSpend`).
            pub fn clv(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] spend: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Float64Array | number[]")] t: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ClvConfig")] config: JsValue,
            ) -> Result<Vec<f64>, JsValue> {
                let spend = f64_column(&spend, "spend")?;
                let rfm = Rfm::read(&frequency, &recency, &t)?;
                let cfg: ClvConfig = read_config(&config)?;
                self.inner.clv(&spend, &rfm.data()?, &cfg).map_err(to_js)
            }
        }

        crate::value_models::fit_summary_methods!($js, $rust);
    };
}

purchase_model!("BetaGeo", JsBetaGeo, BetaGeo, BetaGeoParams, "BetaGeoParams");
purchase_model!("ParetoNbd", JsParetoNbd, ParetoNbd, ParetoNbdParams, "ParetoNbdParams");
purchase_model!("ModifiedBetaGeo", JsModifiedBetaGeo, ModifiedBetaGeo, ModifiedBetaGeoParams, "BetaGeoParams");
purchase_model!(
    "BetaGeoBetaBinom",
    JsBetaGeoBetaBinom,
    BetaGeoBetaBinom,
    BetaGeoBetaBinomParams,
    "BetaGeoBetaBinomParams"
);

/// A discrete summary as a JavaScript object of typed arrays (camelCase).
fn discrete_summary_to_js<K>(s: &DiscreteSummary<K>, customers: JsValue) -> Result<JsValue, JsValue> {
    let o = Object::new();
    let f64s = |v: &[f64]| JsValue::from(Float64Array::from(v));
    set(&o, "customers", &customers);
    set(&o, "frequency", &f64s(&s.frequency));
    set(&o, "recency", &f64s(&s.recency));
    set(&o, "periods", &f64s(&s.periods));
    set(&o, "monetaryValue", &f64s(&s.monetary_value));
    set(&o, "totalAmount", &f64s(&s.total_amount));
    set(&o, "firstPurchase", &f64s(&s.first_purchase.iter().map(|&t| ms(t)).collect::<Vec<_>>()));
    set(&o, "nTransactions", &JsValue::from(Uint32Array::from(&s.n_transactions[..])));
    let holdout = match &s.holdout {
        None => JsValue::NULL,
        Some(h) => {
            let ho = Object::new();
            set(&ho, "end", &JsValue::from(h.end.to_string()));
            set(&ho, "frequency", &f64s(&h.frequency));
            set(&ho, "periods", &f64s(&h.periods));
            ho.into()
        }
    };
    set(&o, "holdout", &holdout);
    set(&o, "asOf", &JsValue::from(s.as_of.to_string()));
    set(&o, "period", &output(&s.period)?);
    set(&o, "transactionsUsed", &JsValue::from(s.transactions_used as f64));
    set(&o, "transactionsAfterEnd", &JsValue::from(s.transactions_after_end as f64));
    Ok(o.into())
}

/// Summary of raw transactions in discrete periods (transaction opportunities), one
/// row per customer: the input of `BetaGeoBetaBinom` (`periods` stands for T).
///
/// `options.period`: "Y" (calendar years, the default), "Q", "M", "W", "D" or a whole
/// number of days, read by the core's parser; `options.holdoutEnd` adds the holdout.
#[wasm_bindgen(js_name = discreteSummary, unchecked_return_type = "DiscreteSummary")]
pub fn discrete_summary(
    #[wasm_bindgen(unchecked_param_type = "string[] | Uint32Array | Int32Array")] customers: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | string[]")] times: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] amounts: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DiscreteSummaryOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let customers = customers_column(&customers)?;
    let times = times_column(&times)?;
    let amounts = f64_column(&amounts, "amounts")?;
    if !options.is_object() {
        return Err(invalid_argument("", "expected the options object, at least { asOf }"));
    }
    let as_of: Timestamp = read_arg_at(&get(&options, "asOf"), "asOf").map_err(|_| missing_as_of(&options))?;
    let period = get(&options, "period");
    let period: Period = if period.is_undefined() || period.is_null() {
        Period::default()
    } else if let Some(text) = period.as_string() {
        text.parse().map_err(to_js)?
    } else if let Some(days) = period.as_f64() {
        days.to_string().parse().map_err(to_js)?
    } else {
        return Err(invalid_argument("period", "expected a period name or a number of days"));
    };
    let holdout_end: Option<Timestamp> = read_arg(&get(&options, "holdoutEnd"))?;
    let cfg = DiscreteSummaryConfig { period, holdout_end };
    match customers {
        Customers::Ids(ids) => {
            let s = value::discrete_summary(&ids, &times, &amounts, as_of, &cfg).map_err(to_js)?;
            discrete_summary_to_js(&s, output(&s.customers)?)
        }
        Customers::Codes(codes) => {
            let n = codes.iter().max().map_or(0, |&c| c as usize + 1);
            let s = value::discrete_summary_codes(&codes, n, &times, &amounts, as_of, &cfg).map_err(to_js)?;
            discrete_summary_to_js(&s, Uint32Array::from(&s.customers[..]).into())
        }
    }
}

/// The Gamma-Gamma spend model: fit it on repeat buyers, or build it from known parameters.
#[wasm_bindgen(js_name = GammaGamma)]
pub struct JsGammaGamma {
    pub(crate) inner: GammaGamma,
}

#[wasm_bindgen(js_class = GammaGamma)]
impl JsGammaGamma {
    /// A model with known parameters (each finite and > 0).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "GammaGammaParams")] params: JsValue,
    ) -> Result<JsGammaGamma, JsValue> {
        let params: GammaGammaParams = read_params(&params)?;
        GammaGamma::new(params).map(|inner| JsGammaGamma { inner }).map_err(to_js)
    }

    /// Fits the model to per-customer (frequency, monetary value); only repeat buyers count.
    pub fn fit(
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Float64Array | number[]")]
        monetary_value: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Float64Array | number[] | null")] weights: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "FitConfig")] config: JsValue,
    ) -> Result<JsGammaGamma, JsValue> {
        let frequency = f64_column(&frequency, "frequency")?;
        let monetary_value = f64_column(&monetary_value, "monetaryValue")?;
        let weights = opt_f64_column(&weights, "weights")?;
        let cfg: FitConfig = read_config(&config)?;
        GammaGamma::fit(&frequency, &monetary_value, weights.as_deref(), &cfg)
            .map(|inner| JsGammaGamma { inner })
            .map_err(to_js)
    }

    /// The parameters.
    #[wasm_bindgen(getter, unchecked_return_type = "GammaGammaParams")]
    pub fn params(&self) -> Result<JsValue, JsValue> {
        output(&self.inner.params())
    }

    /// The log-likelihood at the fitted optimum (`undefined` for a model built from parameters).
    #[wasm_bindgen(getter, js_name = logLikelihood)]
    pub fn log_likelihood(&self) -> Option<f64> {
        self.inner.log_likelihood()
    }

    /// How the fit went (`undefined` for a model built from parameters).
    #[wasm_bindgen(getter, unchecked_return_type = "FitReport | undefined")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        self.inner.report().map_or(Ok(JsValue::UNDEFINED), output)
    }

    /// Expected spend per purchase of every customer with an interval from the fit's
    /// uncertainty (`options` as `BetaGeo.pAliveIntervals`).
    #[wasm_bindgen(js_name = spendIntervals, unchecked_return_type = "PredictionIntervals")]
    pub fn spend_intervals(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Float64Array | number[]")]
        monetary_value: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IntervalConfig")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let frequency = f64_column(&frequency, "frequency")?;
        let monetary_value = f64_column(&monetary_value, "monetaryValue")?;
        let cfg: value::IntervalConfig = read_config(&options)?;
        crate::value_models::intervals_to_js(value::spend_intervals(&self.inner, &frequency, &monetary_value, &cfg))
    }

    /// The mean spend per purchase in the population, vp/(q − 1).
    #[wasm_bindgen(js_name = meanSpend)]
    pub fn mean_spend(&self) -> Result<f64, JsValue> {
        self.inner.mean_spend().map_err(to_js)
    }

    /// Expected spend per purchase of every customer.
    #[wasm_bindgen(js_name = expectedSpend)]
    pub fn expected_spend(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] frequency: JsValue,
        #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Float64Array | number[]")]
        monetary_value: JsValue,
    ) -> Result<Vec<f64>, JsValue> {
        let frequency = f64_column(&frequency, "frequency")?;
        let monetary_value = f64_column(&monetary_value, "monetaryValue")?;
        self.inner.expected_spend(&frequency, &monetary_value).map_err(to_js)
    }
}

crate::value_models::fit_summary_methods!("GammaGamma", JsGammaGamma);

/// The columns of an `RfmSummary` (from `rfmSummary`) that the labels and scores
/// read, copied out of its typed arrays, with its unit and growth window.
struct Summary {
    frequency: Vec<f64>,
    recency: Vec<f64>,
    t: Vec<f64>,
    total_amount: Vec<f64>,
    recent_purchases: Vec<u32>,
    previous_purchases: Vec<u32>,
    recent_amount: Vec<f64>,
    previous_amount: Vec<f64>,
    unit: TimeUnit,
    growth_window_days: f64,
}

impl Summary {
    fn read(summary: &JsValue) -> Result<Summary, JsValue> {
        if !summary.is_object() {
            return Err(invalid_argument("summary", "expected an RfmSummary (from rfmSummary)"));
        }
        let column = |name: &str| f64_column(&get(summary, name), &format!("summary.{name}"));
        let counts = |name: &str| u32_column(&get(summary, name), &format!("summary.{name}"));
        Ok(Summary {
            frequency: column("frequency")?,
            recency: column("recency")?,
            t: column("T")?,
            total_amount: column("totalAmount")?,
            recent_purchases: counts("recentPurchases")?,
            previous_purchases: counts("previousPurchases")?,
            recent_amount: column("recentAmount")?,
            previous_amount: column("previousAmount")?,
            unit: read_arg(&get(summary, "unit"))?,
            growth_window_days: read_arg(&get(summary, "growthWindowDays"))?,
        })
    }

    fn columns(&self) -> SummaryColumns<'_> {
        SummaryColumns {
            frequency: &self.frequency,
            recency: &self.recency,
            t: &self.t,
            total_amount: &self.total_amount,
            recent_purchases: &self.recent_purchases,
            previous_purchases: &self.previous_purchases,
            recent_amount: &self.recent_amount,
            previous_amount: &self.previous_amount,
            unit: self.unit,
            growth_window_days: self.growth_window_days,
        }
    }
}

/// A summary with a purchase model's P(alive) and the CLV over `horizon` (absent =
/// the core's default CLV horizon in the summary's unit): what the labels read.
struct Signals {
    summary: Summary,
    p_alive: Vec<f64>,
    clv: Vec<f64>,
    horizon: Option<f64>,
}

impl Signals {
    fn read(summary: &JsValue, p_alive: &JsValue, clv: &JsValue, horizon: &JsValue) -> Result<Signals, JsValue> {
        Ok(Signals {
            summary: Summary::read(summary)?,
            p_alive: f64_column(p_alive, "pAlive")?,
            clv: f64_column(clv, "clv")?,
            horizon: read_arg(horizon)?,
        })
    }

    fn view(&self) -> CustomerSignals<'_> {
        CustomerSignals::from_summary(self.summary.columns(), &self.p_alive, &self.clv, self.horizon)
    }
}

/// Value tiers (vip, growth, churn_risk, low_value) with the reason for each,
/// from a summary, P(alive) and CLV over `horizon` (default twelve months).
#[wasm_bindgen(unchecked_return_type = "TierReport")]
pub fn tier(
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(js_name = pAlive, unchecked_param_type = "Float64Array | number[]")] p_alive: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] clv: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TierConfig")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] horizon: JsValue,
) -> Result<JsValue, JsValue> {
    let signals = Signals::read(&summary, &p_alive, &clv, &horizon)?;
    let cfg: TierConfig = read_config(&config)?;
    output(&value::tier(&signals.view(), &cfg).map_err(to_js)?)
}

/// Lifecycle stages (exploration, growth, maturity, decline, churned) with the reason for each.
#[wasm_bindgen(unchecked_return_type = "LifecycleReport")]
pub fn lifecycle(
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(js_name = pAlive, unchecked_param_type = "Float64Array | number[]")] p_alive: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] clv: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LifecycleConfig")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] horizon: JsValue,
) -> Result<JsValue, JsValue> {
    let signals = Signals::read(&summary, &p_alive, &clv, &horizon)?;
    let cfg: LifecycleConfig = read_config(&config)?;
    output(&value::lifecycle(&signals.view(), &cfg).map_err(to_js)?)
}

/// Churn early warnings: customers whose P(alive) is low or whose purchase rate
/// fell against their own baseline, most severe first (`customer` = the row).
///
/// `relationship` maps a customer id (a summary's `customers[i]`, as text) to
/// the relationship signals of that account (`map.churnSignals(asOf)`); they
/// join the warnings of customers with a purchase signal and raise the severity.
#[wasm_bindgen(js_name = churnWarnings, unchecked_return_type = "ChurnWarning[]")]
pub fn churn_warnings(
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(js_name = pAlive, unchecked_param_type = "Float64Array | number[]")] p_alive: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] clv: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChurnConfig | null")] config: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Record<string, RelationshipSignal[]>")] relationship: JsValue,
) -> Result<JsValue, JsValue> {
    let signals = Signals::read(&summary, &p_alive, &clv, &JsValue::UNDEFINED)?;
    let cfg: ChurnConfig = read_config(&config)?;
    let mut by_customer: HashMap<String, Vec<RelationshipSignal>> = read_opt(&relationship)?;
    if by_customer.is_empty() {
        return output(&value::churn_warnings(&signals.view(), &cfg).map_err(to_js)?);
    }
    let ids: Vec<String> = match customers_column(&get(&summary, "customers"))
        .map_err(|_| invalid_argument("summary.customers", "expected the customers of an RfmSummary"))?
    {
        Customers::Ids(ids) => ids,
        Customers::Codes(codes) => codes.iter().map(u32::to_string).collect(),
    };
    let rows = signals.summary.frequency.len();
    if ids.len() != rows {
        return Err(invalid_argument(
            "summary.customers",
            format!("length {}, expected {rows} (one per row)", ids.len()),
        ));
    }
    let warnings =
        value::churn_warnings_joined(&signals.view(), &cfg, |i| by_customer.remove(&ids[i]).unwrap_or_default());
    output(&warnings.map_err(to_js)?)
}

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// The churn signals this account's map gives as of a time (absent = the
    /// map's latest dated item): a champion gone cold, the economic buyer uncovered.
    /// Pass them to `churnWarnings` keyed by the account's customer id.
    #[wasm_bindgen(js_name = churnSignals, unchecked_return_type = "RelationshipSignal[]")]
    pub fn churn_signals(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_optional_param_type = "string | null")] as_of: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ChurnConfig")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cfg: ChurnConfig = read_config(&config)?;
        output(&self.inner.churn_signals(read_arg(&as_of)?, &cfg).map_err(to_js)?)
    }
}

/// RFM quintile scores (1..bins) and the named segment of every customer of a
/// summary: R from `T − recency`, F from `frequency + 1`, M from `totalAmount`.
#[wasm_bindgen(js_name = rfmScores, unchecked_return_type = "RfmScores")]
pub fn rfm_scores(
    #[wasm_bindgen(unchecked_param_type = "RfmSummary")] summary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RfmScoreConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let summary = Summary::read(&summary)?;
    let cfg: RfmScoreConfig = read_config(&config)?;
    output(&value::rfm_scores(summary.columns(), &cfg).map_err(to_js)?)
}
