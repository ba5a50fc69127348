//! Customer value on numpy arrays: the functions behind `relmap.value`.
//!
//! Inputs arrive as contiguous numpy arrays (float64, int64 or datetime64 viewed
//! as int64, uint32 customer codes), are borrowed without copying, and the core
//! runs on them with the GIL released. Per-customer outputs are the core's own
//! vectors handed to numpy without copying.

use numpy::{IntoPyArray, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use relmap::value::{
    churn_warnings, churn_warnings_with_maps, discrete_summary_codes, lifecycle, rfm_scores, rfm_summary_codes, tier,
    BetaGeo, BetaGeoBetaBinom, BetaGeoBetaBinomParams, BetaGeoParams, ChurnConfig, ClvConfig, CustomerSignals,
    DiscreteSummaryConfig, FitConfig, GammaGamma, LifecycleConfig, ModifiedBetaGeo, ModifiedBetaGeoParams, ParetoNbd,
    ParetoNbdParams, Period, PurchaseModel, RfmData, RfmScoreConfig, SummaryColumns, SummaryConfig, TierConfig,
    TransactionTime,
};

use crate::convert::{config_from, params_from, to_python};
use crate::errors::{guarded, invalid_argument, to_py};
use crate::map::{parse_time, time, PyRelationshipMap};

pub(crate) type Floats<'py> = PyReadonlyArray1<'py, f64>;

/// A borrowed contiguous column (the Python layer makes every array contiguous).
pub(crate) fn slice<'a, T: numpy::Element>(field: &str, a: &'a PyReadonlyArray1<'_, T>) -> PyResult<&'a [T]> {
    a.as_slice().map_err(|_| invalid_argument(field, "the array must be contiguous"))
}

/// A time stored as an integer count of `1/D` seconds since the epoch (numpy's
/// datetime64 with its unit), `i64::MIN` being NaT.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub(crate) struct Ticks<const D: i64>(i64);

impl<const D: i64> TransactionTime for Ticks<D> {
    #[inline]
    fn unix_seconds(self) -> i64 {
        if self.0 == i64::MIN {
            i64::MIN
        } else {
            self.0.div_euclid(D)
        }
    }
}

pub(crate) fn ticks<const D: i64>(raw: &[i64]) -> &[Ticks<D>] {
    // SAFETY: `Ticks<D>` is `repr(transparent)` over `i64`, so both slices have
    // the same layout, alignment and length; the lifetime is carried over.
    unsafe { std::slice::from_raw_parts(raw.as_ptr().cast::<Ticks<D>>(), raw.len()) }
}

/// The RFM summary of transactions given as customer codes `0..n_customers`,
/// int64 times in `time_unit` ("s", "ms", "us", "ns") since the epoch, amounts and
/// optional margins. Returns a dict of numpy columns plus the summary's scalars.
#[pyfunction]
#[pyo3(name = "_rfm_summary", signature = (codes, n_customers, times, time_unit, amounts, margins, as_of, config = None))]
#[allow(clippy::too_many_arguments)]
fn summary<'py>(
    py: Python<'py>,
    codes: PyReadonlyArray1<'py, u32>,
    n_customers: usize,
    times: PyReadonlyArray1<'py, i64>,
    time_unit: &str,
    amounts: Floats<'py>,
    margins: Option<Floats<'py>>,
    as_of: &str,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    guarded(|| {
        let cfg: SummaryConfig = config_from(config)?;
        let as_of = time("as_of", as_of)?;
        let (codes, raw, amounts) = (slice("customer", &codes)?, slice("time", &times)?, slice("amount", &amounts)?);
        let margins = margins.as_ref().map(|m| slice("margin", m)).transpose()?;
        let (n, m) = (n_customers, margins);
        let s = py
            .detach(|| {
                Some(match time_unit {
                    "s" => rfm_summary_codes(codes, n, raw, amounts, m, as_of, &cfg),
                    "ms" => rfm_summary_codes(codes, n, ticks::<1_000>(raw), amounts, m, as_of, &cfg),
                    "us" => rfm_summary_codes(codes, n, ticks::<1_000_000>(raw), amounts, m, as_of, &cfg),
                    "ns" => rfm_summary_codes(codes, n, ticks::<1_000_000_000>(raw), amounts, m, as_of, &cfg),
                    _ => return None,
                })
            })
            .ok_or_else(|| invalid_argument("time", format!("unsupported time unit {time_unit:?}")))?
            .map_err(to_py)?;
        summary_dict(py, s)
    })
}

/// The summary as a dict of numpy columns plus its scalars (`customer` holds the codes).
pub(crate) fn summary_dict(py: Python<'_>, s: relmap::value::RfmSummary<u32>) -> PyResult<Bound<'_, PyDict>> {
    let out = PyDict::new(py);
    let seconds = |v: Vec<relmap::time::Timestamp>| v.into_iter().map(|t| t.0).collect::<Vec<i64>>();
    out.set_item("customer", s.customers.into_pyarray(py))?;
    out.set_item("frequency", s.frequency.into_pyarray(py))?;
    out.set_item("recency", s.recency.into_pyarray(py))?;
    out.set_item("T", s.t.into_pyarray(py))?;
    out.set_item("monetary_value", s.monetary_value.into_pyarray(py))?;
    out.set_item("first_purchase", seconds(s.first_purchase).into_pyarray(py))?;
    out.set_item("last_purchase", seconds(s.last_purchase).into_pyarray(py))?;
    out.set_item("n_transactions", s.n_transactions.into_pyarray(py))?;
    out.set_item("total_amount", s.total_amount.into_pyarray(py))?;
    if let Some(m) = s.total_margin {
        out.set_item("total_margin", m.into_pyarray(py))?;
    }
    out.set_item("recent_purchases", s.recent_purchases.into_pyarray(py))?;
    out.set_item("previous_purchases", s.previous_purchases.into_pyarray(py))?;
    out.set_item("recent_amount", s.recent_amount.into_pyarray(py))?;
    out.set_item("previous_amount", s.previous_amount.into_pyarray(py))?;
    if let Some(h) = s.holdout {
        out.set_item("holdout_frequency", h.frequency.into_pyarray(py))?;
        out.set_item("holdout_monetary_value", h.monetary_value.into_pyarray(py))?;
        out.set_item("holdout_total_amount", h.total_amount.into_pyarray(py))?;
        out.set_item("holdout_end", h.end.to_string())?;
        out.set_item("holdout_duration", h.duration)?;
    }
    out.set_item("as_of", s.as_of.to_string())?;
    out.set_item("unit", s.unit.code())?;
    out.set_item("growth_window_days", s.growth_window_days)?;
    out.set_item("transactions_used", s.transactions_used)?;
    out.set_item("transactions_after_end", s.transactions_after_end)?;
    Ok(out)
}

/// A purchase model from its kind and parameters.
pub(crate) enum Purchase {
    BetaGeo(BetaGeo),
    ModifiedBetaGeo(ModifiedBetaGeo),
    ParetoNbd(ParetoNbd),
    BetaGeoBetaBinom(BetaGeoBetaBinom),
}

impl Purchase {
    pub(crate) fn new(kind: &str, params: &Bound<'_, PyAny>) -> PyResult<Purchase> {
        match kind {
            "bg_nbd" => Ok(Purchase::BetaGeo(BetaGeo::new(params_from::<BetaGeoParams>(params)?).map_err(to_py)?)),
            "mbg_nbd" => Ok(Purchase::ModifiedBetaGeo(
                ModifiedBetaGeo::new(params_from::<ModifiedBetaGeoParams>(params)?).map_err(to_py)?,
            )),
            "pareto_nbd" => {
                Ok(Purchase::ParetoNbd(ParetoNbd::new(params_from::<ParetoNbdParams>(params)?).map_err(to_py)?))
            }
            "bg_bb" => Ok(Purchase::BetaGeoBetaBinom(
                BetaGeoBetaBinom::new(params_from::<BetaGeoBetaBinomParams>(params)?).map_err(to_py)?,
            )),
            other => Err(invalid_argument("model", format!("unknown purchase model {other:?}"))),
        }
    }

    /// A fitted purchase model from the parts the Python model keeps (`params_`,
    /// `log_likelihood_`, `report_`), rebuilt by the core's `from_fit`.
    pub(crate) fn from_fit(
        kind: &str,
        params: &Bound<'_, PyAny>,
        log_likelihood: f64,
        report: relmap::value::FitReport,
    ) -> PyResult<Purchase> {
        let ll = log_likelihood;
        match kind {
            "bg_nbd" => Ok(Purchase::BetaGeo(BetaGeo::from_fit(params_from(params)?, ll, report).map_err(to_py)?)),
            "mbg_nbd" => Ok(Purchase::ModifiedBetaGeo(
                ModifiedBetaGeo::from_fit(params_from(params)?, ll, report).map_err(to_py)?,
            )),
            "pareto_nbd" => {
                Ok(Purchase::ParetoNbd(ParetoNbd::from_fit(params_from(params)?, ll, report).map_err(to_py)?))
            }
            "bg_bb" => Ok(Purchase::BetaGeoBetaBinom(
                BetaGeoBetaBinom::from_fit(params_from(params)?, ll, report).map_err(to_py)?,
            )),
            other => Err(invalid_argument("model", format!("unknown purchase model {other:?}"))),
        }
    }

    pub(crate) fn model(&self) -> &dyn PurchaseModel {
        match self {
            Purchase::BetaGeo(m) => m,
            Purchase::ModifiedBetaGeo(m) => m,
            Purchase::ParetoNbd(m) => m,
            Purchase::BetaGeoBetaBinom(m) => m,
        }
    }
}

pub(crate) fn rfm<'a>(f: &'a Floats<'_>, r: &'a Floats<'_>, t: &'a Floats<'_>) -> PyResult<RfmData<'a>> {
    RfmData::new(slice("frequency", f)?, slice("recency", r)?, slice("T", t)?).map_err(to_py)
}

/// Fits a purchase model ("bg_nbd" or "pareto_nbd"): (params, log-likelihood, fit report).
#[pyfunction]
#[pyo3(name = "_fit_purchase", signature = (kind, frequency, recency, t, weights = None, config = None))]
fn fit_purchase<'py>(
    py: Python<'py>,
    kind: &str,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    weights: Option<Floats<'py>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyAny>, Option<f64>, Bound<'py, PyAny>)> {
    guarded(|| {
        let cfg: FitConfig = config_from(config)?;
        let data = rfm(&frequency, &recency, &t)?;
        let w = weights.as_ref().map(|w| slice("weights", w)).transpose()?;
        macro_rules! fitted {
            ($model:ident) => {{
                let m = py.detach(|| $model::fit(&data, w, &cfg)).map_err(to_py)?;
                Ok((to_python(py, &m.params())?, PurchaseModel::log_likelihood(&m), to_python(py, &m.report())?))
            }};
        }
        match kind {
            "bg_nbd" => fitted!(BetaGeo),
            "mbg_nbd" => fitted!(ModifiedBetaGeo),
            "pareto_nbd" => fitted!(ParetoNbd),
            "bg_bb" => fitted!(BetaGeoBetaBinom),
            other => Err(invalid_argument("model", format!("unknown purchase model {other:?}"))),
        }
    })
}

/// P(X(T, T + t_future) = n | history) of every customer under a purchase model.
#[pyfunction]
#[pyo3(name = "_probability_of_purchases")]
#[allow(clippy::too_many_arguments)]
fn probability_of_purchases<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    n: f64,
    t_future: f64,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let model = Purchase::new(kind, params)?;
        let data = rfm(&frequency, &recency, &t)?;
        let v = py.detach(|| model.model().probability_of_purchases(n, t_future, &data)).map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// E[X(t)] of a new customer at every horizon in `t`.
#[pyfunction]
#[pyo3(name = "_expected_repeat_purchases")]
fn expected_repeat_purchases<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    t: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let model = Purchase::new(kind, params)?;
        let t = slice("t", &t)?;
        let v: Vec<f64> = py
            .detach(|| t.iter().map(|&t| model.model().expected_repeat_purchases(t)).collect::<Result<_, _>>())
            .map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// P(X(t) = n) of a new customer at every horizon in `t`.
#[pyfunction]
#[pyo3(name = "_probability_of_repeat_purchases")]
fn probability_of_repeat_purchases<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    n: f64,
    t: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let model = Purchase::new(kind, params)?;
        let t = slice("t", &t)?;
        let v: Vec<f64> = py
            .detach(|| t.iter().map(|&t| model.model().probability_of_repeat_purchases(n, t)).collect::<Result<_, _>>())
            .map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// The discrete-period summary of transactions given as customer codes, int64 times in
/// `time_unit`, and amounts; `period` read by the core's parser ("Y", "Q", "M", "W",
/// "D" or a whole number of days). Returns a dict of numpy columns plus scalars.
#[pyfunction]
#[pyo3(name = "_discrete_summary", signature = (codes, n_customers, times, time_unit, amounts, as_of, period, holdout_end = None))]
#[allow(clippy::too_many_arguments)]
fn discrete<'py>(
    py: Python<'py>,
    codes: PyReadonlyArray1<'py, u32>,
    n_customers: usize,
    times: PyReadonlyArray1<'py, i64>,
    time_unit: &str,
    amounts: Floats<'py>,
    as_of: &str,
    period: &str,
    holdout_end: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    guarded(|| {
        let period: Period = period.parse().map_err(to_py)?;
        let holdout_end = holdout_end.map(|h| time("holdout_end", h)).transpose()?;
        let cfg = DiscreteSummaryConfig { period, holdout_end };
        let as_of = time("as_of", as_of)?;
        let (codes, raw, amounts) = (slice("customer", &codes)?, slice("time", &times)?, slice("amount", &amounts)?);
        let n = n_customers;
        let s = py
            .detach(|| {
                Some(match time_unit {
                    "s" => discrete_summary_codes(codes, n, raw, amounts, as_of, &cfg),
                    "ms" => discrete_summary_codes(codes, n, ticks::<1_000>(raw), amounts, as_of, &cfg),
                    "us" => discrete_summary_codes(codes, n, ticks::<1_000_000>(raw), amounts, as_of, &cfg),
                    "ns" => discrete_summary_codes(codes, n, ticks::<1_000_000_000>(raw), amounts, as_of, &cfg),
                    _ => return None,
                })
            })
            .ok_or_else(|| invalid_argument("time", format!("unsupported time unit {time_unit:?}")))?
            .map_err(to_py)?;
        let out = PyDict::new(py);
        out.set_item("customer", s.customers.into_pyarray(py))?;
        out.set_item("frequency", s.frequency.into_pyarray(py))?;
        out.set_item("recency", s.recency.into_pyarray(py))?;
        out.set_item("periods", s.periods.into_pyarray(py))?;
        out.set_item("monetary_value", s.monetary_value.into_pyarray(py))?;
        out.set_item("total_amount", s.total_amount.into_pyarray(py))?;
        let first: Vec<i64> = s.first_purchase.into_iter().map(|t| t.0).collect();
        out.set_item("first_purchase", first.into_pyarray(py))?;
        out.set_item("n_transactions", s.n_transactions.into_pyarray(py))?;
        if let Some(h) = s.holdout {
            out.set_item("holdout_frequency", h.frequency.into_pyarray(py))?;
            out.set_item("holdout_periods", h.periods.into_pyarray(py))?;
            out.set_item("holdout_end", h.end.to_string())?;
        }
        out.set_item("as_of", s.as_of.to_string())?;
        out.set_item("period", to_python(py, &s.period)?)?;
        out.set_item("transactions_used", s.transactions_used)?;
        out.set_item("transactions_after_end", s.transactions_after_end)?;
        Ok(out)
    })
}

/// Fits the Gamma-Gamma spend model: (params, log-likelihood, fit report).
#[pyfunction]
#[pyo3(name = "_fit_gamma_gamma", signature = (frequency, monetary_value, weights = None, config = None))]
fn fit_gamma_gamma<'py>(
    py: Python<'py>,
    frequency: Floats<'py>,
    monetary_value: Floats<'py>,
    weights: Option<Floats<'py>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyAny>, Option<f64>, Bound<'py, PyAny>)> {
    guarded(|| {
        let cfg: FitConfig = config_from(config)?;
        let (f, m) = (slice("frequency", &frequency)?, slice("monetary_value", &monetary_value)?);
        let w = weights.as_ref().map(|w| slice("weights", w)).transpose()?;
        let gg = py.detach(|| GammaGamma::fit(f, m, w, &cfg)).map_err(to_py)?;
        Ok((to_python(py, &gg.params())?, gg.log_likelihood(), to_python(py, &gg.report())?))
    })
}

/// The distinct rows of float64 columns with their summed weights (counts) and, for
/// every row, the index of its distinct row ([`relmap::value::compress_rows`]).
#[pyfunction]
#[pyo3(name = "_compress_rows", signature = (columns, weights = None))]
#[allow(clippy::type_complexity)]
fn compress_rows<'py>(
    py: Python<'py>,
    columns: Vec<Floats<'py>>,
    weights: Option<Floats<'py>>,
) -> PyResult<(Vec<Bound<'py, numpy::PyArray1<f64>>>, Bound<'py, numpy::PyArray1<f64>>, Bound<'py, numpy::PyArray1<u32>>)>
{
    guarded(|| {
        let cols = columns.iter().map(|c| slice("columns", c)).collect::<PyResult<Vec<&[f64]>>>()?;
        let w = weights.as_ref().map(|w| slice("weights", w)).transpose()?;
        let out = py.detach(|| relmap::value::compress_rows(&cols, w)).map_err(to_py)?;
        let (columns, counts, row_of) = out.into_parts();
        Ok((
            columns.into_iter().map(|c| c.into_pyarray(py)).collect(),
            counts.into_pyarray(py),
            row_of.into_pyarray(py),
        ))
    })
}

/// P(alive) of every customer under a purchase model with known parameters.
#[pyfunction]
#[pyo3(name = "_p_alive")]
fn p_alive<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let model = Purchase::new(kind, params)?;
        let data = rfm(&frequency, &recency, &t)?;
        let v = py.detach(|| model.model().p_alive(&data)).map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// Expected purchases of every customer in the next `t_future` time units.
#[pyfunction]
#[pyo3(name = "_expected_purchases")]
#[allow(clippy::too_many_arguments)]
fn expected_purchases<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    t_future: f64,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let model = Purchase::new(kind, params)?;
        let data = rfm(&frequency, &recency, &t)?;
        let v = py.detach(|| model.model().expected_purchases(t_future, &data)).map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// The log-likelihood of data under a purchase model with known parameters.
#[pyfunction]
#[pyo3(name = "_log_likelihood", signature = (kind, params, frequency, recency, t, weights = None))]
fn log_likelihood<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    weights: Option<Floats<'py>>,
) -> PyResult<f64> {
    guarded(|| {
        let model = Purchase::new(kind, params)?;
        let data = rfm(&frequency, &recency, &t)?;
        let w = weights.as_ref().map(|w| slice("weights", w)).transpose()?;
        py.detach(|| model.model().log_likelihood_of(&data, w)).map_err(to_py)
    })
}

/// Expected spend per future transaction of every customer (Gamma-Gamma).
#[pyfunction]
#[pyo3(name = "_expected_spend")]
fn expected_spend<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    frequency: Floats<'py>,
    monetary_value: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let gg = GammaGamma::new(params_from(params)?).map_err(to_py)?;
        let (f, m) = (slice("frequency", &frequency)?, slice("monetary_value", &monetary_value)?);
        let v = py.detach(|| gg.expected_spend(f, m)).map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// The mean spend per purchase in the population (Gamma-Gamma), vp/(q − 1).
#[pyfunction]
#[pyo3(name = "_mean_spend")]
fn mean_spend(params: &Bound<'_, PyAny>) -> PyResult<f64> {
    guarded(|| GammaGamma::new(params_from(params)?).and_then(|gg| gg.mean_spend()).map_err(to_py))
}

/// CLV of every customer: a purchase model's discounted purchases times `spend` times the margin.
#[pyfunction]
#[pyo3(name = "_clv", signature = (kind, params, spend, frequency, recency, t, config = None))]
#[allow(clippy::too_many_arguments)]
fn clv<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    spend: Floats<'py>,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: ClvConfig = config_from(config)?;
        let model = Purchase::new(kind, params)?;
        let data = rfm(&frequency, &recency, &t)?;
        let spend = slice("spend", &spend)?;
        let v = py.detach(|| model.model().clv(spend, &data, &cfg)).map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// The columns of an `rfm_summary` DataFrame the labels and scores read, borrowed
/// from numpy, with the summary's unit and growth window (its `attrs`).
#[derive(FromPyObject)]
struct SummaryCols<'py> {
    #[pyo3(item)]
    frequency: Floats<'py>,
    #[pyo3(item)]
    recency: Floats<'py>,
    #[pyo3(item("T"))]
    t: Floats<'py>,
    #[pyo3(item)]
    total_amount: Floats<'py>,
    #[pyo3(item)]
    recent_purchases: PyReadonlyArray1<'py, u32>,
    #[pyo3(item)]
    previous_purchases: PyReadonlyArray1<'py, u32>,
    #[pyo3(item)]
    recent_amount: Floats<'py>,
    #[pyo3(item)]
    previous_amount: Floats<'py>,
    #[pyo3(item)]
    unit: String,
    #[pyo3(item)]
    growth_window_days: f64,
}

impl<'py> SummaryCols<'py> {
    fn view(&self) -> PyResult<SummaryColumns<'_>> {
        Ok(SummaryColumns {
            frequency: slice("frequency", &self.frequency)?,
            recency: slice("recency", &self.recency)?,
            t: slice("T", &self.t)?,
            total_amount: slice("total_amount", &self.total_amount)?,
            recent_purchases: slice("recent_purchases", &self.recent_purchases)?,
            previous_purchases: slice("previous_purchases", &self.previous_purchases)?,
            recent_amount: slice("recent_amount", &self.recent_amount)?,
            previous_amount: slice("previous_amount", &self.previous_amount)?,
            unit: self.unit.parse().map_err(to_py)?,
            growth_window_days: self.growth_window_days,
        })
    }
}

/// What the labels read: a summary's columns, a purchase model's P(alive) and the
/// CLV over `horizon` (None = the core's default CLV horizon in the summary's unit).
#[derive(FromPyObject)]
struct Signals<'py> {
    #[pyo3(item)]
    summary: SummaryCols<'py>,
    #[pyo3(item)]
    p_alive: Floats<'py>,
    #[pyo3(item)]
    clv: Floats<'py>,
    #[pyo3(item)]
    horizon: Option<f64>,
}

impl<'py> Signals<'py> {
    fn view(&self) -> PyResult<CustomerSignals<'_>> {
        let (p_alive, clv) = (slice("p_alive", &self.p_alive)?, slice("clv", &self.clv)?);
        Ok(CustomerSignals::from_summary(self.summary.view()?, p_alive, clv, self.horizon))
    }
}

/// Value tiers: (tier names, reasons, VIP threshold).
#[pyfunction]
#[pyo3(name = "_tier", signature = (signals, config = None))]
fn tiers<'py>(
    py: Python<'py>,
    signals: Signals<'py>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Vec<&'static str>, Vec<String>, f64)> {
    guarded(|| {
        let cfg: TierConfig = config_from(config)?;
        let s = signals.view()?;
        let t = py.detach(|| tier(&s, &cfg)).map_err(to_py)?;
        Ok((t.tier.iter().map(|x| x.as_str()).collect(), t.reason, t.vip_threshold))
    })
}

/// Lifecycle stages: (stage names, reasons).
#[pyfunction]
#[pyo3(name = "_lifecycle", signature = (signals, config = None))]
fn lifecycles<'py>(
    py: Python<'py>,
    signals: Signals<'py>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Vec<&'static str>, Vec<String>)> {
    guarded(|| {
        let cfg: LifecycleConfig = config_from(config)?;
        let s = signals.view()?;
        let l = py.detach(|| lifecycle(&s, &cfg)).map_err(to_py)?;
        Ok((l.stage.iter().map(|x| x.as_str()).collect(), l.reason))
    })
}

/// Churn warnings, most severe first: (rows, severities, signal codes, reasons,
/// P(alive), rate ratios with NaN where there is no baseline). With `maps`,
/// `customers[i]` (row i's id as text) is matched against their account ids and
/// their relationship signals, judged at `as_of`, join in.
#[pyfunction]
#[pyo3(
    name = "_churn_warnings",
    signature = (signals, config = None, customers = None, maps = None, as_of = None)
)]
#[allow(clippy::type_complexity)]
fn churn<'py>(
    py: Python<'py>,
    signals: Signals<'py>,
    config: Option<&Bound<'py, PyAny>>,
    customers: Option<Vec<String>>,
    maps: Option<Vec<PyRef<'py, PyRelationshipMap>>>,
    as_of: Option<&str>,
) -> PyResult<(
    Bound<'py, PyAny>,
    Vec<&'static str>,
    Vec<Vec<&'static str>>,
    Vec<String>,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
)> {
    guarded(|| {
        let cfg: ChurnConfig = config_from(config)?;
        let s = signals.view()?;
        let warnings = match maps {
            None => py.detach(|| churn_warnings(&s, &cfg)),
            Some(maps) => {
                let maps: Vec<&relmap::RelationshipMap> = maps.iter().map(|m| &m.inner).collect();
                let as_of =
                    parse_time("as_of", as_of)?.ok_or_else(|| invalid_argument("as_of", "required with maps"))?;
                let customers = customers.unwrap_or_default();
                py.detach(|| churn_warnings_with_maps(&s, &customers, &maps, as_of, &cfg))
            }
        }
        .map_err(to_py)?;
        let rows: Vec<u32> = warnings.iter().map(|w| w.customer as u32).collect();
        let severity = warnings.iter().map(|w| w.severity.as_str()).collect();
        let codes = warnings.iter().map(|w| w.signals.iter().map(|x| x.code()).collect()).collect();
        let p_alive: Vec<f64> = warnings.iter().map(|w| w.p_alive).collect();
        let ratio: Vec<f64> = warnings.iter().map(|w| w.rate_ratio.unwrap_or(f64::NAN)).collect();
        let reasons = warnings.into_iter().map(|w| w.reason).collect();
        Ok((
            rows.into_pyarray(py).into_any(),
            severity,
            codes,
            reasons,
            p_alive.into_pyarray(py).into_any(),
            ratio.into_pyarray(py).into_any(),
        ))
    })
}

/// RFM quantile scores and named segments of a summary: (r, f, m, segments, reasons).
#[pyfunction]
#[pyo3(name = "_rfm_scores", signature = (summary, config = None))]
#[allow(clippy::type_complexity)]
fn scores<'py>(
    py: Python<'py>,
    summary: SummaryCols<'py>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, PyAny>, Vec<String>, Vec<String>)> {
    guarded(|| {
        let cfg: RfmScoreConfig = config_from(config)?;
        let columns = summary.view()?;
        let r = py.detach(|| rfm_scores(columns, &cfg)).map_err(to_py)?;
        Ok((
            r.r.into_pyarray(py).into_any(),
            r.f.into_pyarray(py).into_any(),
            r.m.into_pyarray(py).into_any(),
            r.segment,
            r.reason,
        ))
    })
}

/// Adds the value functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(summary, m)?)?;
    m.add_function(wrap_pyfunction!(fit_purchase, m)?)?;
    m.add_function(wrap_pyfunction!(fit_gamma_gamma, m)?)?;
    m.add_function(wrap_pyfunction!(compress_rows, m)?)?;
    m.add_function(wrap_pyfunction!(p_alive, m)?)?;
    m.add_function(wrap_pyfunction!(expected_purchases, m)?)?;
    m.add_function(wrap_pyfunction!(log_likelihood, m)?)?;
    m.add_function(wrap_pyfunction!(expected_spend, m)?)?;
    m.add_function(wrap_pyfunction!(clv, m)?)?;
    m.add_function(wrap_pyfunction!(mean_spend, m)?)?;
    m.add_function(wrap_pyfunction!(probability_of_purchases, m)?)?;
    m.add_function(wrap_pyfunction!(expected_repeat_purchases, m)?)?;
    m.add_function(wrap_pyfunction!(probability_of_repeat_purchases, m)?)?;
    m.add_function(wrap_pyfunction!(discrete, m)?)?;
    m.add_function(wrap_pyfunction!(tiers, m)?)?;
    m.add_function(wrap_pyfunction!(lifecycles, m)?)?;
    m.add_function(wrap_pyfunction!(churn, m)?)?;
    m.add_function(wrap_pyfunction!(scores, m)?)?;
    Ok(())
}
