//! The contract-renewal model (sBG), DERT, model comparison and fit summaries on numpy
//! arrays: the functions behind `relmap.value.ShiftedBetaGeo`, `dert`,
//! `compare_models` and every model's `summary()`.

use numpy::{IntoPyArray, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use relmap::value::{
    clv_intervals, compare_models, expected_purchases_intervals, p_alive_intervals, spend_intervals, BetaGeo,
    BetaGeoBetaBinom, BetaGeoBetaBinomParams, ClvConfig, CovariateModel, CovariateSpec, Covariates, FitConfig,
    FitReport, FitSummary, GammaGamma, GammaGammaParams, Holdout, InformationCriteria, IntervalConfig,
    LikelihoodRatioTest, ParetoNbd, ParetoNbdParams, PredictionIntervals, RfmData, ShiftedBetaGeo,
    ShiftedBetaGeoParams, DEFAULT_LEVEL,
};

use crate::convert::{config_from, to_python};
use crate::errors::{guarded, invalid_argument, to_py};
use crate::value::{rfm, slice, Floats, Purchase};

type Flags<'py> = PyReadonlyArray1<'py, bool>;

fn sbg(params: &Bound<'_, PyAny>) -> PyResult<ShiftedBetaGeo> {
    ShiftedBetaGeo::new(config_from::<ShiftedBetaGeoParams>(Some(params))?).map_err(to_py)
}

/// (params, log-likelihood, fit report) of a fitted sBG.
fn fitted<'py>(py: Python<'py>, m: &ShiftedBetaGeo) -> PyResult<(Bound<'py, PyAny>, Option<f64>, Bound<'py, PyAny>)> {
    Ok((to_python(py, &m.params())?, m.log_likelihood(), to_python(py, &m.report())?))
}

/// Fits the sBG to per-customer (tenure, active) rows with optional weights.
#[pyfunction]
#[pyo3(name = "_fit_sbg", signature = (tenure, active, weights = None, config = None))]
fn fit_sbg<'py>(
    py: Python<'py>,
    tenure: Floats<'py>,
    active: Flags<'py>,
    weights: Option<Floats<'py>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyAny>, Option<f64>, Bound<'py, PyAny>)> {
    guarded(|| {
        let cfg: FitConfig = config_from(config)?;
        let (tenure, active) = (slice("tenure", &tenure)?, slice("active", &active)?);
        let w = weights.as_ref().map(|w| slice("weights", w)).transpose()?;
        let m = py.detach(|| ShiftedBetaGeo::fit(tenure, active, w, &cfg)).map_err(to_py)?;
        fitted(py, &m)
    })
}

/// Fits the sBG to cohorts of survivor counts.
#[pyfunction]
#[pyo3(name = "_fit_sbg_cohorts", signature = (survivors, config = None))]
fn fit_sbg_cohorts<'py>(
    py: Python<'py>,
    survivors: Vec<Floats<'py>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyAny>, Option<f64>, Bound<'py, PyAny>)> {
    guarded(|| {
        let cfg: FitConfig = config_from(config)?;
        let cohorts: Vec<&[f64]> = survivors.iter().map(|c| slice("survivors", c)).collect::<PyResult<_>>()?;
        let m = py.detach(|| ShiftedBetaGeo::fit_cohorts(&cohorts, &cfg)).map_err(to_py)?;
        fitted(py, &m)
    })
}

/// One of the sBG's per-period quantities at every value of `at`: `survival` S(t),
/// `retention` r(t), `churn_probability` P(T = t), `p_renew` (at renewals k),
/// `expected_remaining_lifetime` (at renewals k).
#[pyfunction]
#[pyo3(name = "_sbg_at")]
fn sbg_at<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    what: &str,
    at: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let m = sbg(params)?;
        let f: fn(&ShiftedBetaGeo, f64) -> Result<f64, relmap::value::ValueError> = match what {
            "survival" => ShiftedBetaGeo::survival,
            "retention" => ShiftedBetaGeo::retention,
            "churn_probability" => ShiftedBetaGeo::churn_probability,
            "p_renew" => ShiftedBetaGeo::p_renew,
            "expected_remaining_lifetime" => ShiftedBetaGeo::expected_remaining_lifetime,
            other => return Err(invalid_argument("what", format!("unknown sBG quantity {other:?}"))),
        };
        let at = slice("t", &at)?;
        let v: Vec<f64> = at.iter().map(|&t| f(&m, t)).collect::<Result<_, _>>().map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// S(0..=periods) (`survival`) or r(1..=periods) (`retention`).
#[pyfunction]
#[pyo3(name = "_sbg_curve")]
fn sbg_curve<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    what: &str,
    periods: usize,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let m = sbg(params)?;
        let v = match what {
            "survival" => m.survival_curve(periods),
            "retention" => m.retention_curve(periods),
            other => return Err(invalid_argument("what", format!("unknown sBG curve {other:?}"))),
        }
        .map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// A new customer's expected lifetime E(T).
#[pyfunction]
#[pyo3(name = "_sbg_expected_lifetime")]
fn sbg_expected_lifetime(params: &Bound<'_, PyAny>) -> PyResult<f64> {
    guarded(|| sbg(params)?.expected_lifetime().map_err(to_py))
}

/// DEL at discount rate `d` per period.
#[pyfunction]
#[pyo3(name = "_sbg_del")]
fn sbg_del(params: &Bound<'_, PyAny>, d: f64) -> PyResult<f64> {
    guarded(|| sbg(params)?.del(d).map_err(to_py))
}

/// DERL at discount rate `d` of an active customer at every number of renewals.
#[pyfunction]
#[pyo3(name = "_sbg_derl")]
fn sbg_derl<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    d: f64,
    renewals: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let m = sbg(params)?;
        let renewals = slice("renewals", &renewals)?;
        let v: Vec<f64> = renewals.iter().map(|&k| m.derl(d, k)).collect::<Result<_, _>>().map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// P(renew) of every customer (0 for a lapsed one).
#[pyfunction]
#[pyo3(name = "_sbg_p_renew_customers")]
fn sbg_p_renew_customers<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    tenure: Floats<'py>,
    active: Flags<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let m = sbg(params)?;
        let v = m.p_renew_customers(slice("tenure", &tenure)?, slice("active", &active)?).map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// CLV of every customer: margin per period × DERL (0 for a lapsed one).
#[pyfunction]
#[pyo3(name = "_sbg_clv")]
fn sbg_clv<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    margin: Floats<'py>,
    d: f64,
    tenure: Floats<'py>,
    active: Flags<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let m = sbg(params)?;
        let (margin, tenure, active) =
            (slice("margin", &margin)?, slice("tenure", &tenure)?, slice("active", &active)?);
        let v = py.detach(|| m.clv(margin, d, tenure, active)).map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// The weighted log-likelihood of (tenure, active) rows under the sBG's parameters.
#[pyfunction]
#[pyo3(name = "_sbg_log_likelihood", signature = (params, tenure, active, weights = None))]
fn sbg_log_likelihood<'py>(
    params: &Bound<'py, PyAny>,
    tenure: Floats<'py>,
    active: Flags<'py>,
    weights: Option<Floats<'py>>,
) -> PyResult<f64> {
    guarded(|| {
        let m = sbg(params)?;
        let w = weights.as_ref().map(|w| slice("weights", w)).transpose()?;
        m.log_likelihood_of(slice("tenure", &tenure)?, slice("active", &active)?, w).map_err(to_py)
    })
}

/// DERT of every customer: Pareto/NBD at a continuously compounded rate per time unit,
/// BG/BB at a rate per period.
#[pyfunction]
#[pyo3(name = "_dert")]
#[allow(clippy::too_many_arguments)]
fn dert<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    rate: f64,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let data = rfm(&frequency, &recency, &t)?;
        let v = match kind {
            "pareto_nbd" => {
                let m = ParetoNbd::new(config_from::<ParetoNbdParams>(Some(params))?).map_err(to_py)?;
                py.detach(|| m.dert(rate, &data))
            }
            "bg_bb" => {
                let m = BetaGeoBetaBinom::new(config_from::<BetaGeoBetaBinomParams>(Some(params))?).map_err(to_py)?;
                py.detach(|| m.dert(rate, &data))
            }
            other => return Err(invalid_argument("model", format!("{other:?} has no DERT"))),
        }
        .map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// Every applicable purchase model fitted to one summary and scored: one dict per model
/// (`model`, `discrete`, and either the score's fields or `error` with code, field and message).
#[pyfunction]
#[pyo3(
    name = "_compare_models",
    signature = (frequency, recency, t, weights = None, holdout_frequency = None, holdout_duration = None, config = None)
)]
#[allow(clippy::too_many_arguments)]
fn compare<'py>(
    py: Python<'py>,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    weights: Option<Floats<'py>>,
    holdout_frequency: Option<Floats<'py>>,
    holdout_duration: Option<Floats<'py>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    guarded(|| {
        let cfg: FitConfig = config_from(config)?;
        let data: RfmData<'_> = rfm(&frequency, &recency, &t)?;
        let w = weights.as_ref().map(|w| slice("weights", w)).transpose()?;
        let holdout = match (&holdout_frequency, &holdout_duration) {
            (Some(f), Some(d)) => {
                Some(Holdout { frequency: slice("holdout_frequency", f)?, duration: slice("holdout_duration", d)? })
            }
            (None, None) => None,
            (None, Some(_)) => return Err(invalid_argument("holdout_frequency", "required with holdout_duration")),
            (Some(_), None) => return Err(invalid_argument("holdout_duration", "required with holdout_frequency")),
        };
        let lines = py.detach(|| compare_models(&data, w, holdout, &cfg)).map_err(to_py)?;
        let mut out = Vec::with_capacity(lines.len());
        for line in lines {
            let d = PyDict::new(py);
            d.set_item("model", line.model)?;
            d.set_item("discrete", line.discrete)?;
            match line.outcome {
                Ok(score) => {
                    let params = PyDict::new(py);
                    for (name, value) in &score.parameters {
                        params.set_item(name, value)?;
                    }
                    d.set_item("parameters", params)?;
                    d.set_item("log_likelihood", score.log_likelihood)?;
                    d.set_item("parameter_count", score.parameter_count)?;
                    d.set_item("aic", score.aic)?;
                    d.set_item("bic", score.bic)?;
                    d.set_item("holdout", to_python(py, &score.holdout)?)?;
                    d.set_item("report", to_python(py, &score.report)?)?;
                }
                Err(e) => {
                    let e: relmap::Error = e.into();
                    let err = PyDict::new(py);
                    err.set_item("code", e.error_code().as_str())?;
                    err.set_item("field", e.field())?;
                    err.set_item("message", e.to_string())?;
                    d.set_item("error", err)?;
                }
            }
            out.push(d);
        }
        Ok(out)
    })
}

/// The core's summary of a fit kept as plain data: the model's kind and parameters,
/// its log-likelihood and its report (with the observed information), at `level`
/// (None = the core's default).
#[pyfunction]
#[pyo3(name = "_fit_summary", signature = (kind, params, log_likelihood, report, level = None))]
fn fit_summary<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    log_likelihood: f64,
    report: &Bound<'py, PyAny>,
    level: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let report: FitReport = config_from(Some(report))?;
        let level = level.unwrap_or(DEFAULT_LEVEL);
        let summary = match kind {
            "sbg" => {
                let p = sbg(params)?.params();
                FitSummary::from_fit("sbg", &[("alpha", p.alpha), ("beta", p.beta)], log_likelihood, &report, level)
            }
            "gamma_gamma" => {
                let p: GammaGammaParams = config_from(Some(params))?;
                let estimates = [("p", p.p), ("q", p.q), ("v", p.v)];
                FitSummary::from_fit("gamma_gamma", &estimates, log_likelihood, &report, level)
            }
            _ => {
                let m = Purchase::new(kind, params)?;
                let m = m.model();
                FitSummary::from_fit(m.name(), &m.parameters(), log_likelihood, &report, level)
            }
        }
        .map_err(to_py)?;
        to_python(py, &summary)
    })
}

/// A fitted Gamma-Gamma model from its kept parts.
fn gamma_gamma_fit(params: &Bound<'_, PyAny>, log_likelihood: f64, report: &Bound<'_, PyAny>) -> PyResult<GammaGamma> {
    GammaGamma::from_fit(config_from(Some(params))?, log_likelihood, config_from(Some(report))?).map_err(to_py)
}

/// Prediction intervals as a dict: `estimate`, `lower`, `upper` (numpy), `level`, `method`, `draws`.
fn intervals_to_python(py: Python<'_>, iv: PredictionIntervals) -> PyResult<Bound<'_, PyAny>> {
    let d = PyDict::new(py);
    d.set_item("level", iv.level)?;
    d.set_item("method", to_python(py, &iv.method)?)?;
    d.set_item("draws", iv.draws)?;
    d.set_item("estimate", iv.estimate.into_pyarray(py))?;
    d.set_item("lower", iv.lower.into_pyarray(py))?;
    d.set_item("upper", iv.upper.into_pyarray(py))?;
    Ok(d.into_any())
}

/// Per-customer intervals of a fitted purchase model kept as plain data: `p_alive` or
/// `expected_purchases` (over `t_future`), `config` the core's `IntervalConfig`.
#[pyfunction]
#[pyo3(
    name = "_purchase_intervals",
    signature = (kind, params, log_likelihood, report, what, frequency, recency, t, t_future = None, config = None)
)]
#[allow(clippy::too_many_arguments)]
fn purchase_intervals<'py>(
    py: Python<'py>,
    kind: &str,
    params: &Bound<'py, PyAny>,
    log_likelihood: f64,
    report: &Bound<'py, PyAny>,
    what: &str,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    t_future: Option<f64>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: IntervalConfig = config_from(config)?;
        let model = Purchase::from_fit(kind, params, log_likelihood, config_from(Some(report))?)?;
        let data = rfm(&frequency, &recency, &t)?;
        let iv = match what {
            "p_alive" => py.detach(|| p_alive_intervals(model.model(), &data, &cfg)),
            "expected_purchases" => {
                let t = t_future.ok_or_else(|| invalid_argument("t", "required"))?;
                py.detach(|| expected_purchases_intervals(model.model(), t, &data, &cfg))
            }
            other => return Err(invalid_argument("what", format!("unknown prediction {other:?}"))),
        }
        .map_err(to_py)?;
        intervals_to_python(py, iv)
    })
}

/// Per-customer intervals of a fitted Gamma-Gamma model's expected spend.
#[pyfunction]
#[pyo3(name = "_spend_intervals", signature = (params, log_likelihood, report, frequency, monetary_value, config = None))]
fn spend_intervals_py<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    log_likelihood: f64,
    report: &Bound<'py, PyAny>,
    frequency: Floats<'py>,
    monetary_value: Floats<'py>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: IntervalConfig = config_from(config)?;
        let gg = gamma_gamma_fit(params, log_likelihood, report)?;
        let (f, m) = (slice("frequency", &frequency)?, slice("monetary_value", &monetary_value)?);
        let iv = py.detach(|| spend_intervals(&gg, f, m, &cfg)).map_err(to_py)?;
        intervals_to_python(py, iv)
    })
}

/// Per-customer CLV intervals of a fitted purchase model (`purchase`: kind, params,
/// log-likelihood, report) and a fitted Gamma-Gamma model (`spend`: params,
/// log-likelihood, report); `clv_config` the core's `ClvConfig`.
#[pyfunction]
#[pyo3(
    name = "_clv_intervals",
    signature = (purchase, spend, frequency, recency, t, monetary_value, clv_config = None, config = None)
)]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn clv_intervals_py<'py>(
    py: Python<'py>,
    purchase: (String, Bound<'py, PyAny>, f64, Bound<'py, PyAny>),
    spend: (Bound<'py, PyAny>, f64, Bound<'py, PyAny>),
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    monetary_value: Floats<'py>,
    clv_config: Option<&Bound<'py, PyAny>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: IntervalConfig = config_from(config)?;
        let clv: ClvConfig = config_from(clv_config)?;
        let (kind, params, ll, report) = purchase;
        let model = Purchase::from_fit(&kind, &params, ll, config_from(Some(&report))?)?;
        let gg = gamma_gamma_fit(&spend.0, spend.1, &spend.2)?;
        let data = rfm(&frequency, &recency, &t)?;
        let m = slice("monetary_value", &monetary_value)?;
        let iv = py.detach(|| clv_intervals(model.model(), &gg, &data, m, &clv, &cfg)).map_err(to_py)?;
        intervals_to_python(py, iv)
    })
}

/// AIC and BIC of a fit from its log-likelihood, parameter count and customers.
#[pyfunction]
#[pyo3(name = "_information_criteria")]
fn information_criteria(log_likelihood: f64, parameters: usize, n_customers: f64) -> (f64, f64) {
    let c = InformationCriteria::new(log_likelihood, parameters, n_customers);
    (c.aic, c.bic)
}

/// Adds the functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(fit_sbg, m)?)?;
    m.add_function(wrap_pyfunction!(fit_sbg_cohorts, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_at, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_curve, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_expected_lifetime, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_del, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_derl, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_p_renew_customers, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_clv, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_log_likelihood, m)?)?;
    m.add_function(wrap_pyfunction!(dert, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(fit_summary, m)?)?;
    m.add_function(wrap_pyfunction!(information_criteria, m)?)?;
    m.add_function(wrap_pyfunction!(purchase_intervals, m)?)?;
    m.add_function(wrap_pyfunction!(spend_intervals_py, m)?)?;
    m.add_function(wrap_pyfunction!(clv_intervals_py, m)?)?;
    register_covariates(m)
}

/// A covariate table from its column names and row-major values (`rows` customers).
fn covariates(set: &'static str, names: &[String], values: &Floats<'_>, rows: usize) -> PyResult<Covariates> {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if names.is_empty() {
        return Ok(Covariates::none(set, rows));
    }
    Covariates::new(set, &names, slice(set, values)?, rows).map_err(to_py)
}

/// What every prediction of a covariate fit reads: the fitted model (its JSON form), the
/// customers' histories and their purchase and dropout covariate tables, whose rows must
/// match the histories.
fn covariate_inputs<'a>(
    model: &Bound<'_, PyAny>,
    histories: (&'a Floats<'_>, &'a Floats<'_>, &'a Floats<'_>),
    purchase: (&[String], &Floats<'_>),
    dropout: (&[String], &Floats<'_>),
) -> PyResult<(CovariateModel, RfmData<'a>, Covariates, Covariates)> {
    let m: CovariateModel = config_from(Some(model))?;
    let (frequency, recency, t) = histories;
    let data = rfm(frequency, recency, t)?;
    let n = data.len();
    let purchase = covariates("purchase_covariates", purchase.0, purchase.1, n)?;
    let dropout = covariates("dropout_covariates", dropout.0, dropout.1, n)?;
    Ok((m, data, purchase, dropout))
}

/// Fits a Pareto/NBD or BG/NBD with static covariates: (parameters in order as (name,
/// value) pairs, log-likelihood, report, the model's JSON form for predictions).
#[pyfunction]
#[pyo3(
    name = "_fit_covariates",
    signature = (kind, frequency, recency, t, weights, purchase_names, purchase_values, dropout_names, dropout_values, constrain_equal, config = None)
)]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn fit_covariates<'py>(
    py: Python<'py>,
    kind: &str,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    weights: Option<Floats<'py>>,
    purchase_names: Vec<String>,
    purchase_values: Floats<'py>,
    dropout_names: Vec<String>,
    dropout_values: Floats<'py>,
    constrain_equal: Vec<String>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Vec<(String, f64)>, f64, Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    guarded(|| {
        let cfg: FitConfig = config_from(config)?;
        let data = rfm(&frequency, &recency, &t)?;
        let w = weights.as_ref().map(|w| slice("weights", w)).transpose()?;
        let n = data.len();
        let purchase = covariates("purchase_covariates", &purchase_names, &purchase_values, n)?;
        let dropout = covariates("dropout_covariates", &dropout_names, &dropout_values, n)?;
        let constrained: Vec<&str> = constrain_equal.iter().map(String::as_str).collect();
        let spec = CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &constrained };
        let m = py
            .detach(|| match kind {
                "pareto_nbd" => Some(ParetoNbd::fit_with_covariates(&data, w, spec, &cfg)),
                "bg_nbd" => Some(BetaGeo::fit_with_covariates(&data, w, spec, &cfg)),
                _ => None,
            })
            .ok_or_else(|| invalid_argument("model", format!("{kind:?} takes no covariates (BetaGeo, ParetoNBD do)")))?
            .map_err(to_py)?;
        Ok((m.parameters(), m.log_likelihood(), to_python(py, m.report())?, to_python(py, &m)?))
    })
}

/// A prediction of a model fitted with covariates, each customer with its own parameters:
/// `p_alive`, `expected_purchases` (over `t_future`) or `clv` (with `spend` and `config`).
#[pyfunction]
#[pyo3(
    name = "_covariate_predict",
    signature = (model, what, frequency, recency, t, purchase_names, purchase_values, dropout_names, dropout_values, t_future = None, spend = None, config = None)
)]
#[allow(clippy::too_many_arguments)]
fn covariate_predict<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    what: &str,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    purchase_names: Vec<String>,
    purchase_values: Floats<'py>,
    dropout_names: Vec<String>,
    dropout_values: Floats<'py>,
    t_future: Option<f64>,
    spend: Option<Floats<'py>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let (m, data, purchase, dropout) = covariate_inputs(
            model,
            (&frequency, &recency, &t),
            (&purchase_names, &purchase_values),
            (&dropout_names, &dropout_values),
        )?;
        let v = match what {
            "p_alive" => py.detach(|| m.p_alive(&data, &purchase, &dropout)),
            "expected_purchases" => {
                let t = t_future.ok_or_else(|| invalid_argument("t", "required"))?;
                py.detach(|| m.expected_purchases(t, &data, &purchase, &dropout))
            }
            "clv" => {
                let cfg: ClvConfig = config_from(config)?;
                let spend = spend.as_ref().ok_or_else(|| invalid_argument("spend", "required"))?;
                let spend = slice("spend", spend)?;
                py.detach(|| m.clv(spend, &data, &purchase, &dropout, &cfg))
            }
            other => return Err(invalid_argument("what", format!("unknown prediction {other:?}"))),
        }
        .map_err(to_py)?;
        Ok(v.into_pyarray(py).into_any())
    })
}

/// Per-customer intervals of a model fitted with covariates: `p_alive`,
/// `expected_purchases` (over `t_future`) or `clv` (with the Gamma-Gamma fit `spend`:
/// params, log-likelihood, report; `monetary_value` and `clv_config`); `config` the
/// core's `IntervalConfig`.
#[pyfunction]
#[pyo3(
    name = "_covariate_intervals",
    signature = (model, what, frequency, recency, t, purchase_names, purchase_values, dropout_names, dropout_values, t_future = None, spend = None, monetary_value = None, clv_config = None, config = None)
)]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn covariate_intervals<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    what: &str,
    frequency: Floats<'py>,
    recency: Floats<'py>,
    t: Floats<'py>,
    purchase_names: Vec<String>,
    purchase_values: Floats<'py>,
    dropout_names: Vec<String>,
    dropout_values: Floats<'py>,
    t_future: Option<f64>,
    spend: Option<(Bound<'py, PyAny>, f64, Bound<'py, PyAny>)>,
    monetary_value: Option<Floats<'py>>,
    clv_config: Option<&Bound<'py, PyAny>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: IntervalConfig = config_from(config)?;
        let (m, data, purchase, dropout) = covariate_inputs(
            model,
            (&frequency, &recency, &t),
            (&purchase_names, &purchase_values),
            (&dropout_names, &dropout_values),
        )?;
        let iv = match what {
            "p_alive" => py.detach(|| m.p_alive_intervals(&data, &purchase, &dropout, &cfg)),
            "expected_purchases" => {
                let t = t_future.ok_or_else(|| invalid_argument("t", "required"))?;
                py.detach(|| m.expected_purchases_intervals(t, &data, &purchase, &dropout, &cfg))
            }
            "clv" => {
                let clv: ClvConfig = config_from(clv_config)?;
                let (params, ll, report) = spend.as_ref().ok_or_else(|| invalid_argument("spend_model", "required"))?;
                let gg = gamma_gamma_fit(params, *ll, report)?;
                let mv = monetary_value.as_ref().ok_or_else(|| invalid_argument("monetary_value", "required"))?;
                let mv = slice("monetary_value", mv)?;
                py.detach(|| m.clv_intervals(&gg, &data, mv, &purchase, &dropout, &clv, &cfg))
            }
            other => return Err(invalid_argument("what", format!("unknown prediction {other:?}"))),
        }
        .map_err(to_py)?;
        intervals_to_python(py, iv)
    })
}

/// The summary of a model fitted with covariates (its JSON form) at `level` (None = the core's default).
#[pyfunction]
#[pyo3(name = "_covariate_summary", signature = (model, level = None))]
fn covariate_summary<'py>(
    py: Python<'py>,
    model: &Bound<'py, PyAny>,
    level: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let m: CovariateModel = config_from(Some(model))?;
        to_python(py, &m.summary(level.unwrap_or(DEFAULT_LEVEL)).map_err(to_py)?)
    })
}

/// The likelihood-ratio test of a restricted fit against a fuller one nesting it.
#[pyfunction]
#[pyo3(name = "_likelihood_ratio_test")]
fn likelihood_ratio_test(
    py: Python<'_>,
    restricted_log_likelihood: f64,
    restricted_parameters: usize,
    full_log_likelihood: f64,
    full_parameters: usize,
) -> PyResult<Bound<'_, PyAny>> {
    guarded(|| {
        let t = LikelihoodRatioTest::new(
            restricted_log_likelihood,
            restricted_parameters,
            full_log_likelihood,
            full_parameters,
        )
        .map_err(to_py)?;
        to_python(py, &t)
    })
}

/// Adds the covariate functions to the module.
pub fn register_covariates(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(fit_covariates, m)?)?;
    m.add_function(wrap_pyfunction!(covariate_predict, m)?)?;
    m.add_function(wrap_pyfunction!(covariate_summary, m)?)?;
    m.add_function(wrap_pyfunction!(covariate_intervals, m)?)?;
    m.add_function(wrap_pyfunction!(likelihood_ratio_test, m)?)?;
    register_relationship(m)
}

/// The relationship covariates of every map as of `as_of` (the core's columns, `None` for
/// an account whose key players were never met).
#[pyfunction]
#[pyo3(name = "_relationship_covariates", signature = (maps, as_of, config = None))]
fn relationship_covariates<'py>(
    py: Python<'py>,
    maps: Vec<PyRef<'py, crate::map::PyRelationshipMap>>,
    as_of: &str,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyAny>, Vec<&'static str>)> {
    guarded(|| {
        let cfg: relmap::value::RelationshipCovariateConfig = config_from(config)?;
        let as_of = crate::map::time("as_of", as_of)?;
        let maps: Vec<&relmap::RelationshipMap> = maps.iter().map(|m| &m.inner).collect();
        let c = py.detach(|| relmap::value::relationship_covariates(&maps, as_of, &cfg)).map_err(to_py)?;
        Ok((to_python(py, &c)?, relmap::value::RELATIONSHIP_COVARIATES.to_vec()))
    })
}

/// Adds the relationship covariates to the module.
pub fn register_relationship(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(relationship_covariates, m)?)
}
