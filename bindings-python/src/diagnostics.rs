//! Does the model fit? The functions behind the diagnostics of `relmap.value`:
//! holdout evaluation, tracking, period transactions, the frequency–recency
//! matrix, the tier overview, and the core's SVG pictures of each.
//!
//! Each computation returns the core's result as plain data (dicts and lists);
//! `_plot_value` reads such a result back into the core's type and draws it, so a
//! table and its picture always show the same numbers.

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use relmap::render::value::{
    plot_frequency_recency, plot_holdout, plot_period_transactions, plot_tiers, plot_tracking,
};
use relmap::render::ChartOptions;
use relmap::value::{
    holdout_evaluation, period_transactions, tier_overview, tracking_codes, FrequencyRecencyConfig,
    FrequencyRecencyMatrix, HoldoutConfig, HoldoutEvaluation, MatrixQuantity, PeriodTransactions,
    PeriodTransactionsConfig, SummaryConfig, Tier, TierOverview, TimeUnit, Tracking,
};
use serde_json::Value;

use crate::convert::{config_from, deserialize_at, to_json_value, to_python};
use crate::errors::{guarded, invalid_argument, to_py};
use crate::map::time;
use crate::value::{rfm, slice, ticks, Floats, Purchase};

fn unit(text: &str) -> PyResult<TimeUnit> {
    text.parse::<TimeUnit>().map_err(to_py)
}

/// Per-customer holdout forecasts beside the actual purchases, the BTYD table by
/// calibration frequency and the error metrics (a `HoldoutEvaluation` as plain data).
#[pyfunction]
#[pyo3(name = "_holdout_evaluation", signature = (kind, params, frequency, recency, t, actual, duration, time_unit, config = None))]
#[allow(clippy::too_many_arguments)]
fn holdout<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    actual: Floats<'py>,
    duration: f64,
    time_unit: &str,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: HoldoutConfig = config_from(config)?;
        let unit = unit(time_unit)?;
        let model = Purchase::new(kind, params)?;
        let data = rfm(&frequency, &recency, &t)?;
        let actual = slice("actual", &actual)?;
        let e = py.detach(|| holdout_evaluation(model.model(), &data, actual, duration, unit, &cfg)).map_err(to_py)?;
        to_python(py, &e)
    })
}

/// Repeat purchases per period of the cohort, actual vs expected (a `Tracking`).
/// Transactions as in `_rfm_summary`; `config` is the summary's (unit, holdout_end).
#[pyfunction]
#[pyo3(name = "_tracking", signature = (kind, params, codes, n_customers, times, time_unit, as_of, config = None))]
#[allow(clippy::too_many_arguments)]
fn track<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    codes: PyReadonlyArray1<'py, u32>,
    n_customers: usize,
    times: PyReadonlyArray1<'py, i64>,
    time_unit: &str,
    as_of: &str,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: SummaryConfig = config_from(config)?;
        let model = Purchase::new(kind, params)?;
        let as_of = time("as_of", as_of)?;
        let (codes, raw) = (slice("customer", &codes)?, slice("time", &times)?);
        let (m, n) = (model.model(), n_customers);
        let tr = py
            .detach(|| {
                Some(match time_unit {
                    "s" => tracking_codes(m, codes, n, raw, as_of, &cfg),
                    "ms" => tracking_codes(m, codes, n, ticks::<1_000>(raw), as_of, &cfg),
                    "us" => tracking_codes(m, codes, n, ticks::<1_000_000>(raw), as_of, &cfg),
                    "ns" => tracking_codes(m, codes, n, ticks::<1_000_000_000>(raw), as_of, &cfg),
                    _ => return None,
                })
            })
            .ok_or_else(|| invalid_argument("time", format!("unsupported time unit {time_unit:?}")))?
            .map_err(to_py)?;
        to_python(py, &tr)
    })
}

/// Customers by calibration repeat purchases, actual vs simulated (a `PeriodTransactions`).
#[pyfunction]
#[pyo3(name = "_period_transactions", signature = (kind, params, frequency, recency, t, config = None))]
fn period<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: PeriodTransactionsConfig = config_from(config)?;
        let model = Purchase::new(kind, params)?;
        let data = rfm(&frequency, &recency, &t)?;
        let p = py.detach(|| period_transactions(model.model(), &data, &cfg)).map_err(to_py)?;
        to_python(py, &p)
    })
}

/// Expected purchases or P(alive) over a frequency × recency grid (a `FrequencyRecencyMatrix`).
#[pyfunction]
#[pyo3(name = "_frequency_recency_matrix", signature = (kind, params, frequency, recency, t, time_unit, quantity, config = None))]
#[allow(clippy::too_many_arguments)]
fn matrix<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    time_unit: &str,
    quantity: &str,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: FrequencyRecencyConfig = config_from(config)?;
        let quantity: MatrixQuantity = deserialize_at(Value::String(quantity.to_owned()), "quantity")?;
        let unit = unit(time_unit)?;
        let model = Purchase::new(kind, params)?;
        let data = rfm(&frequency, &recency, &t)?;
        let m = py.detach(|| FrequencyRecencyMatrix::new(model.model(), &data, unit, quantity, &cfg)).map_err(to_py)?;
        to_python(py, &m)
    })
}

/// Customers, predicted value and mean P(alive) per tier (a `TierOverview`).
#[pyfunction]
#[pyo3(name = "_tier_overview")]
fn overview<'py>(
    py: Python<'py>,
    tiers: &Bound<'py, PyAny>,
    clv: Floats<'py>,
    p_alive: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let tiers: Vec<Tier> = deserialize_at(to_json_value(tiers, "tier")?, "tier")?;
        let o = tier_overview(&tiers, slice("clv", &clv)?, slice("p_alive", &p_alive)?).map_err(to_py)?;
        to_python(py, &o)
    })
}

/// The SVG picture of a diagnostic result: `chart` is "holdout", "period_transactions",
/// "tracking", "frequency_recency" or "tiers", `result` that function's plain data.
#[pyfunction]
#[pyo3(name = "_plot_value", signature = (chart, result, options = None))]
fn plot<'py>(
    py: Python<'py>,
    chart: &str,
    result: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<String> {
    guarded(|| {
        let opts: ChartOptions = config_from(options)?;
        let data = to_json_value(result, "result")?;
        let svg = match chart {
            "holdout" => {
                let e: HoldoutEvaluation = deserialize_at(data, "result")?;
                py.detach(|| plot_holdout(&e, &opts))
            }
            "period_transactions" => {
                let p: PeriodTransactions = deserialize_at(data, "result")?;
                py.detach(|| plot_period_transactions(&p, &opts))
            }
            "tracking" => {
                let t: Tracking = deserialize_at(data, "result")?;
                py.detach(|| plot_tracking(&t, &opts))
            }
            "frequency_recency" => {
                let m: FrequencyRecencyMatrix = deserialize_at(data, "result")?;
                py.detach(|| plot_frequency_recency(&m, &opts))
            }
            "tiers" => {
                let o: TierOverview = deserialize_at(data, "result")?;
                py.detach(|| plot_tiers(&o, &opts))
            }
            other => return Err(invalid_argument("chart", format!("unknown chart {other:?}"))),
        };
        svg.map_err(to_py)
    })
}

/// Adds the diagnostics to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(holdout, m)?)?;
    m.add_function(wrap_pyfunction!(track, m)?)?;
    m.add_function(wrap_pyfunction!(period, m)?)?;
    m.add_function(wrap_pyfunction!(matrix, m)?)?;
    m.add_function(wrap_pyfunction!(overview, m)?)?;
    m.add_function(wrap_pyfunction!(plot, m)?)
}
