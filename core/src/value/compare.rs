//! Model comparison on one summary: every applicable purchase model fitted, with
//! log-likelihood, parameter count, AIC, BIC and, where a holdout exists, its error.

use serde::Serialize;

use super::bgbb::BetaGeoBetaBinom;
use super::bgnbd::BetaGeo;
use super::data::{check_weights, RfmData};
use super::error::{check_len, ValueError};
use super::holdout::ErrorMetrics;
use super::mbgnbd::ModifiedBetaGeo;
use super::model::{FitConfig, PurchaseModel};
use super::optimize::FitReport;
use super::paretonbd::ParetoNbd;
use crate::par::{map_indexed, FxMap};

/// The holdout period of a comparison, per customer: purchases observed after the
/// calibration end, and the holdout's length in the data's unit (whole periods for the
/// BG/BB). From [`HoldoutSummary`](super::HoldoutSummary) (every duration the same) or
/// [`DiscreteHoldout`](super::DiscreteHoldout).
#[derive(Debug, Clone, Copy)]
pub struct Holdout<'a> {
    /// Purchases in the holdout (may be a cell mean when rows carry weights).
    pub frequency: &'a [f64],
    /// Length of each customer's holdout.
    pub duration: &'a [f64],
}

/// One fitted model of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelScore {
    /// The parameters by name.
    pub parameters: Vec<(&'static str, f64)>,
    /// The maximised log-likelihood.
    pub log_likelihood: f64,
    /// Number of parameters k.
    pub parameter_count: usize,
    /// 2k − 2 ln L.
    pub aic: f64,
    /// k ln N − 2 ln L, N the customers (total weight).
    pub bic: f64,
    /// Expected against observed holdout purchases per customer (weighted), when a
    /// holdout was given.
    pub holdout: Option<ErrorMetrics>,
    /// How the fit went.
    pub report: FitReport,
}

/// One line of [`compare_models`]: a model and its score, or why it could not be fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparedModel {
    /// The model's name (`bg_nbd`, `mbg_nbd`, `pareto_nbd`, `bg_bb`).
    pub model: &'static str,
    /// Whether it is a discrete-time model: its log-likelihood is a probability of the
    /// observed pattern, a continuous model's a density, so compare AIC and BIC only among
    /// models with the same `discrete`; the holdout error compares across all.
    pub discrete: bool,
    /// The score, or the fit's error (e.g. `not_converged`).
    pub outcome: Result<ModelScore, ValueError>,
}

/// Fits every applicable purchase model to one summary and scores it.
///
/// BG/NBD, MBG/NBD and Pareto/NBD are always fitted; the BG/BB too when every row is in
/// whole periods with x ≤ t_x (a discrete-period summary). A model that fails to fit
/// gets its error in its line; bad input (columns, weights, holdout) is an error of the
/// whole call.
///
/// ```
/// use relmap::value::{compare_models, FitConfig, Holdout, RfmData};
/// let x = [0.0, 1.0, 1.0, 2.0, 3.0, 6.0];
/// let tx = [0.0, 1.0, 5.0, 6.0, 4.0, 6.0];
/// let n = [6.0; 6];
/// let counts = [3464.0, 1091.0, 119.0, 234.0, 181.0, 1203.0];
/// let holdout_mean = [0.17, 0.22, 1.14, 1.89, 0.94, 3.53];
/// let data = RfmData::new(&x, &tx, &n)?;
/// let holdout = Holdout { frequency: &holdout_mean, duration: &[5.0; 6] };
/// let lines = compare_models(&data, Some(&counts), Some(holdout), &FitConfig::default())?;
/// let names: Vec<_> = lines.iter().map(|l| l.model).collect();
/// assert_eq!(names, ["bg_nbd", "mbg_nbd", "pareto_nbd", "bg_bb"]);
/// let bgbb = lines[3].outcome.as_ref().unwrap();
/// assert!(bgbb.holdout.as_ref().unwrap().mae < 1.0);
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn compare_models(
    data: &RfmData<'_>,
    weights: Option<&[f64]>,
    holdout: Option<Holdout<'_>>,
    config: &FitConfig,
) -> Result<Vec<ComparedModel>, ValueError> {
    check_weights(weights, data.len())?;
    if let Some(h) = holdout {
        check_holdout(h, data.len())?;
    }
    let mut out = vec![
        score(BetaGeo::fit(data, weights, config), data, weights, holdout, "bg_nbd", false),
        score(ModifiedBetaGeo::fit(data, weights, config), data, weights, holdout, "mbg_nbd", false),
        score(ParetoNbd::fit(data, weights, config), data, weights, holdout, "pareto_nbd", false),
    ];
    if super::bgbb::check_data(data).is_ok() {
        out.push(score(BetaGeoBetaBinom::fit(data, weights, config), data, weights, holdout, "bg_bb", true));
    }
    Ok(out)
}

fn check_holdout(h: Holdout<'_>, n: usize) -> Result<(), ValueError> {
    check_len("holdout_frequency", h.frequency, n)?;
    check_len("holdout_duration", h.duration, n)?;
    for (field, col) in [("holdout_frequency", h.frequency), ("holdout_duration", h.duration)] {
        for (index, &value) in col.iter().enumerate() {
            if !value.is_finite() {
                return Err(ValueError::NonFinite { field, index, value });
            }
            if value < 0.0 {
                return Err(ValueError::OutOfRange { field, index, value, expected: ">= 0" });
            }
        }
    }
    Ok(())
}

/// The line of one fitted (or failed) model.
fn score<M: PurchaseModel>(
    fit: Result<M, ValueError>,
    data: &RfmData<'_>,
    weights: Option<&[f64]>,
    holdout: Option<Holdout<'_>>,
    model: &'static str,
    discrete: bool,
) -> ComparedModel {
    let outcome = fit.and_then(|m| {
        let ll = m.log_likelihood().expect("a fitted model has a log-likelihood");
        let report = m.report().expect("a fitted model has a report").clone();
        let k = m.parameters().len();
        let n = report.total_weight;
        let holdout = holdout.map(|h| holdout_error(&m, data, weights, h)).transpose()?;
        let criteria = super::uncertainty::InformationCriteria::new(ll, k, n);
        Ok(ModelScore {
            parameters: m.parameters(),
            log_likelihood: ll,
            parameter_count: k,
            aic: criteria.aic,
            bic: criteria.bic,
            holdout,
            report,
        })
    });
    ComparedModel { model, discrete, outcome }
}

/// Expected holdout purchases against the observed ones, once per distinct (x, t_x, T, duration).
fn holdout_error<M: PurchaseModel>(
    m: &M,
    data: &RfmData<'_>,
    weights: Option<&[f64]>,
    h: Holdout<'_>,
) -> Result<ErrorMetrics, ValueError> {
    let (x, tx, t) = (data.frequency(), data.recency(), data.t());
    let mut index: FxMap<[u64; 4], u32> = FxMap::default();
    let mut keys: Vec<usize> = Vec::new();
    let of_row: Vec<u32> = (0..data.len())
        .map(|i| {
            let key = [x[i], tx[i], t[i], h.duration[i]].map(|v| (v + 0.0).to_bits());
            *index.entry(key).or_insert_with(|| {
                keys.push(i);
                (keys.len() - 1) as u32
            })
        })
        .collect();
    let predicted: Vec<Result<f64, ValueError>> =
        map_indexed(keys.len(), |k| m.expected_purchases_one(h.duration[keys[k]], x[keys[k]], tx[keys[k]], t[keys[k]]));
    let predicted: Vec<f64> = predicted.into_iter().collect::<Result<_, _>>()?;
    let per_customer: Vec<f64> = of_row.iter().map(|&k| predicted[k as usize]).collect();
    ErrorMetrics::weighted(&per_customer, h.frequency, weights)
}
