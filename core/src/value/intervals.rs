//! Per-customer prediction intervals: parametric bootstrap or the delta method.
//!
//! The fitted log-parameters are asymptotically normal, φ̂ ~ N(φ, I⁻¹) (see
//! [`FitSummary`](super::FitSummary)).
//!
//! - Bootstrap ([`IntervalMethod::Bootstrap`], the default): draw d takes
//!   φ_d = φ̂ + L z_d, L the Cholesky factor of I⁻¹ and z_d standard normal (from
//!   `SeededRng::stream(seed, d)`, so the draws do not depend on threads), builds the
//!   model at exp(φ_d), and evaluates the prediction of every customer under it. The
//!   interval at `level` is the pair of empirical quantiles (1 ∓ level)/2 of a customer's
//!   `draws` values (linear interpolation between order statistics).
//! - Delta method ([`IntervalMethod::Delta`]): the gradient g of the prediction with
//!   respect to φ by central differences (step 1e-5), var = gᵀ I⁻¹ g, and the normal
//!   interval taken on a scale where the prediction is unbounded and transformed back
//!   (logit for P(alive), log for purchases, spend and CLV), so it stays in range.
//!
//! The estimate is the prediction at the fit. Work is done once per distinct customer
//! history and spread over rayon's pool with the `parallel` feature.

use serde::{Deserialize, Serialize};

use super::bgbb::{BetaGeoBetaBinom, BetaGeoBetaBinomParams};
use super::bgnbd::{BetaGeo, BetaGeoParams};
use super::clv::{discounted_purchases, ClvConfig};
use super::compress::first_appearance;
use super::covariates::{CovariateModel, Covariates};
use super::data::RfmData;
use super::error::{check_config, check_finite, check_len, ValueError};
use super::gammagamma::{GammaGamma, GammaGammaParams};
use super::mbgnbd::ModifiedBetaGeo;
use super::model::{check_horizon, PurchaseModel};
use super::optimize::FitReport;
use super::paretonbd::{ParetoNbd, ParetoNbdParams};
use super::simulate::SeededRng;
use super::uncertainty::{check_level, invert_information, normal_quantile};
use crate::par::{map_heavy, map_indexed};

/// Step (in log-parameters) of the central differences of the delta method.
const DELTA_STEP: f64 = 1e-5;

/// How a prediction interval is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Parametric bootstrap over the parameters' sampling distribution.
    #[default]
    Bootstrap,
    /// The delta method: a normal interval from the prediction's gradient and the
    /// parameters' covariance, on the logit (P(alive)) or log scale.
    Delta,
}

/// Settings of a prediction interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntervalConfig {
    /// Bootstrap or delta method. Default bootstrap.
    pub method: IntervalMethod,
    /// Parameter draws of the bootstrap. Default 1000 (checked for the delta method too).
    pub draws: usize,
    /// Interval level. Default 0.95.
    pub level: f64,
    /// Seed of the bootstrap draws. Default 0.
    pub seed: u64,
}

impl Default for IntervalConfig {
    fn default() -> Self {
        IntervalConfig { method: IntervalMethod::Bootstrap, draws: 1000, level: 0.95, seed: 0 }
    }
}

impl IntervalConfig {
    /// Checks the settings: 20 ≤ draws ≤ 10⁶, level in (0, 1).
    pub fn validate(&self) -> Result<(), ValueError> {
        check_config("draws", self.draws as f64, (20..=1_000_000).contains(&self.draws), "in 20..=1000000")?;
        check_level(self.level)
    }
}

/// Per-customer predictions with intervals, one entry per customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PredictionIntervals {
    /// The prediction at the fitted parameters.
    pub estimate: Vec<f64>,
    /// The lower end: the quantile (1 − level)/2 of the bootstrap draws, or the delta
    /// method's lower end.
    pub lower: Vec<f64>,
    /// The upper end (quantile (1 + level)/2).
    pub upper: Vec<f64>,
    /// The interval level.
    pub level: f64,
    /// How the intervals were computed.
    pub method: IntervalMethod,
    /// The number of parameter draws (0 for the delta method).
    pub draws: usize,
}

/// The covariance I⁻¹ of the log-parameters of a fitted model (row-major), checked;
/// `names` name the parameter a flat direction loads on.
fn log_covariance(model: &'static str, names: &[&str], report: Option<&FitReport>) -> Result<Vec<f64>, ValueError> {
    let not_fitted = ValueError::Undefined {
        model,
        what: "prediction intervals",
        reason: "the model was built from parameters, or fitted without standard errors",
    };
    let Some(report) = report else { return Err(not_fitted) };
    if report.information.is_empty() {
        return Err(not_fitted);
    }
    if let Some(p) = report.at_bound.first() {
        return Err(ValueError::NotPositiveDefinite { model, param: p.clone() });
    }
    invert_information(&report.information, names.len())
        .map_err(|j| ValueError::NotPositiveDefinite { model, param: names[j].to_owned() })
}

/// `draws` points φ_d = φ̂ + L z_d of the fit's own (optimizer) space, where the
/// information matrix of the fit is taken: `centre` is φ̂, `names` name its coordinates.
fn parameter_draws(
    model: &'static str,
    names: &[&str],
    centre: &[f64],
    report: Option<&FitReport>,
    config: &IntervalConfig,
) -> Result<Vec<Vec<f64>>, ValueError> {
    let n = names.len();
    let cov = log_covariance(model, names, report)?;
    let chol = cholesky(&cov, n).ok_or(ValueError::NotPositiveDefinite { model, param: "covariance".to_owned() })?;
    Ok(map_indexed(config.draws, |d| {
        let mut rng = SeededRng::stream(config.seed, d as u64);
        let z: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        (0..n).map(|i| centre[i] + (0..=i).map(|k| chol[i * n + k] * z[k]).sum::<f64>()).collect()
    }))
}

/// Lower Cholesky factor of a symmetric positive-definite matrix (row-major).
fn cholesky(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = a[i * n + j] - (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum::<f64>();
            if i == j {
                if s <= 0.0 {
                    return None;
                }
                l[i * n + i] = s.sqrt();
            } else {
                l[i * n + j] = s / l[j * n + j];
            }
        }
    }
    Some(l)
}

/// A purchase model of `name` at `values` (the model's parameter order).
fn rebuild(name: &'static str, v: &[f64]) -> Result<Box<dyn PurchaseModel>, ValueError> {
    let bg = || BetaGeoParams { r: v[0], alpha: v[1], a: v[2], b: v[3] };
    Ok(match name {
        "bg_nbd" => Box::new(BetaGeo::new(bg())?),
        "mbg_nbd" => Box::new(ModifiedBetaGeo::new(bg())?),
        "pareto_nbd" => Box::new(ParetoNbd::new(ParetoNbdParams { r: v[0], alpha: v[1], s: v[2], beta: v[3] })?),
        "bg_bb" => Box::new(BetaGeoBetaBinom::new(BetaGeoBetaBinomParams {
            alpha: v[0],
            beta: v[1],
            gamma: v[2],
            delta: v[3],
        })?),
        _ => {
            return Err(ValueError::Undefined {
                model: name,
                what: "prediction intervals",
                reason: "intervals know the bg_nbd, mbg_nbd, pareto_nbd and bg_bb models",
            })
        }
    })
}

/// The Gamma-Gamma model at `v` = (p, q, v).
fn rebuild_spend(v: &[f64]) -> Result<GammaGamma, ValueError> {
    GammaGamma::new(GammaGammaParams { p: v[0], q: v[1], v: v[2] })
}

/// What a method needs of a fitted model: the bootstrap's draws, or the delta method's
/// models at φ̂ ± h·eⱼ with the covariance of φ̂.
enum Perturbed<M> {
    Draws(Vec<M>),
    Delta { up: Vec<M>, down: Vec<M>, cov: Vec<f64> },
}

/// The perturbed models of a fit at φ̂ = `centre` in its optimizer space (coordinates
/// `names`), built by `build` from a point of that space.
fn perturbed<M>(
    model: &'static str,
    names: &[&str],
    centre: &[f64],
    report: Option<&FitReport>,
    config: &IntervalConfig,
    build: impl Fn(&[f64]) -> Result<M, ValueError>,
) -> Result<Perturbed<M>, ValueError> {
    config.validate()?;
    match config.method {
        IntervalMethod::Bootstrap => {
            let draws = parameter_draws(model, names, centre, report, config)?;
            Ok(Perturbed::Draws(draws.iter().map(|v| build(v)).collect::<Result<_, _>>()?))
        }
        IntervalMethod::Delta => {
            let cov = log_covariance(model, names, report)?;
            let at = |j: usize, sign: f64| {
                let mut v = centre.to_vec();
                v[j] += sign * DELTA_STEP;
                build(&v)
            };
            let up = (0..names.len()).map(|j| at(j, 1.0)).collect::<Result<_, _>>()?;
            let down = (0..names.len()).map(|j| at(j, -1.0)).collect::<Result<_, _>>()?;
            Ok(Perturbed::Delta { up, down, cov })
        }
    }
}

/// The perturbed models of a fit whose parameters are all positive (fitted on the log
/// scale): `estimates` by name, `build` from parameter values.
fn log_perturbed<M>(
    model: &'static str,
    estimates: &[(&'static str, f64)],
    report: Option<&FitReport>,
    config: &IntervalConfig,
    build: impl Fn(&[f64]) -> Result<M, ValueError>,
) -> Result<Perturbed<M>, ValueError> {
    let names: Vec<&str> = estimates.iter().map(|e| e.0).collect();
    let centre: Vec<f64> = estimates.iter().map(|e| e.1.ln()).collect();
    perturbed(model, &names, &centre, report, config, |phi| build(&phi.iter().map(|v| v.exp()).collect::<Vec<_>>()))
}

/// The perturbed models of a fitted purchase model.
fn purchase_perturbed<M: PurchaseModel + ?Sized>(
    model: &M,
    config: &IntervalConfig,
) -> Result<Perturbed<Box<dyn PurchaseModel>>, ValueError> {
    let name = model.name();
    rebuild(name, &model.parameters().iter().map(|p| p.1).collect::<Vec<_>>())?;
    log_perturbed(name, &model.parameters(), model.report(), config, |v| rebuild(name, v))
}

/// The perturbed models of a fitted Gamma-Gamma model.
fn spend_perturbed(gg: &GammaGamma, config: &IntervalConfig) -> Result<Perturbed<GammaGamma>, ValueError> {
    let p = gg.params();
    log_perturbed("gamma_gamma", &[("p", p.p), ("q", p.q), ("v", p.v)], gg.report(), config, rebuild_spend)
}

/// The perturbed models of a fit with covariates, in its optimizer space (log base
/// parameters, raw coefficients).
fn covariate_perturbed(
    model: &CovariateModel,
    config: &IntervalConfig,
) -> Result<Perturbed<CovariateModel>, ValueError> {
    let (names, centre) = model.optimizer_point();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    perturbed(model.name(), &names, &centre, Some(model.report()), config, |phi| Ok(model.at_optimizer_point(phi)))
}

/// The value of `q` in (0, 1) between the order statistics of `values` (linear
/// interpolation), reordering `values` in place (no full sort).
fn quantile(values: &mut [f64], q: f64) -> f64 {
    let h = q * (values.len() - 1) as f64;
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    let (_, &mut at, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    if frac == 0.0 || above.is_empty() {
        return at;
    }
    let next = above.iter().copied().fold(f64::INFINITY, f64::min);
    at + frac * (next - at)
}

/// The scale a delta-method interval is taken on.
#[derive(Clone, Copy)]
enum Scale {
    /// Probabilities: logit.
    Logit,
    /// Positive quantities: log.
    Log,
}

/// The delta-method interval of `estimate` with standard deviation `sd` (on the
/// prediction's own scale), taken on `scale` at the normal quantile `z` and transformed back.
fn delta_interval(estimate: f64, sd: f64, z: f64, scale: Scale) -> [f64; 3] {
    if sd.is_nan() || sd <= 0.0 {
        return [estimate, estimate, estimate];
    }
    match scale {
        Scale::Logit if estimate > 0.0 && estimate < 1.0 => {
            let l = (estimate / (1.0 - estimate)).ln();
            let s = sd / (estimate * (1.0 - estimate));
            let expit = |v: f64| 1.0 / (1.0 + (-v).exp());
            [estimate, expit(l - z * s), expit(l + z * s)]
        }
        Scale::Log if estimate > 0.0 => {
            let s = sd / estimate;
            [estimate, estimate * (-z * s).exp(), estimate * (z * s).exp()]
        }
        // At a boundary of the scale: the prediction does not move to first order.
        _ => [estimate, estimate, estimate],
    }
}

/// gᵀ C g for the central-difference gradient g from values at φ̂ ± h·eⱼ.
fn delta_variance(up: &[f64], down: &[f64], cov: &[f64]) -> f64 {
    let n = up.len();
    let g: Vec<f64> = (0..n).map(|j| (up[j] - down[j]) / (2.0 * DELTA_STEP)).collect();
    (0..n).map(|i| (0..n).map(|j| g[i] * cov[i * n + j] * g[j]).sum::<f64>()).sum()
}

/// Intervals over `keys` distinct rows: `point(row)` at the fit and `at(model, row)`
/// under each perturbed model; `of_row` spreads them to the customers.
fn intervals<M: Sync>(
    keys: usize,
    of_row: &[u32],
    config: &IntervalConfig,
    models: &Perturbed<M>,
    scale: Scale,
    point: impl Fn(usize) -> Result<f64, ValueError> + Sync + Send,
    at: impl Fn(&M, usize) -> Result<f64, ValueError> + Sync + Send,
) -> Result<PredictionIntervals, ValueError> {
    let per_key: Vec<Result<[f64; 3], ValueError>> = match models {
        Perturbed::Draws(draws) => {
            let (qa, qb) = ((1.0 - config.level) / 2.0, (1.0 + config.level) / 2.0);
            map_heavy(keys, |k| {
                let mut values = draws.iter().map(|m| at(m, k)).collect::<Result<Vec<f64>, _>>()?;
                let lower = quantile(&mut values, qa);
                Ok([point(k)?, lower, quantile(&mut values, qb)])
            })
        }
        Perturbed::Delta { up, down, cov } => {
            let z = normal_quantile(0.5 + config.level / 2.0);
            map_heavy(keys, |k| {
                let u = up.iter().map(|m| at(m, k)).collect::<Result<Vec<f64>, _>>()?;
                let d = down.iter().map(|m| at(m, k)).collect::<Result<Vec<f64>, _>>()?;
                Ok(delta_interval(point(k)?, delta_variance(&u, &d, cov).sqrt(), z, scale))
            })
        }
    };
    let per_key: Vec<[f64; 3]> = per_key.into_iter().collect::<Result<_, _>>()?;
    Ok(spread(&per_key, of_row, config))
}

/// Per-key [estimate, lower, upper] spread to every customer.
fn spread(per_key: &[[f64; 3]], of_row: &[u32], config: &IntervalConfig) -> PredictionIntervals {
    let pick = |c: usize| of_row.iter().map(|&k| per_key[k as usize][c]).collect();
    PredictionIntervals {
        estimate: pick(0),
        lower: pick(1),
        upper: pick(2),
        level: config.level,
        method: config.method,
        draws: if config.method == IntervalMethod::Bootstrap { config.draws } else { 0 },
    }
}

/// The distinct rows of per-customer columns in order of first appearance
/// ([`first_appearance`]), each customer's key index and each key's first customer.
fn distinct<const K: usize>(columns: [&[f64]; K]) -> (Vec<[f64; K]>, Vec<u32>, Vec<usize>) {
    let (first, of_row) = first_appearance(&columns);
    let keys = first.iter().map(|&i| columns.map(|c| c[i as usize])).collect();
    (keys, of_row, first.into_iter().map(|i| i as usize).collect())
}

/// Each customer's index among the distinct rows of its purchase and dropout covariates.
fn covariate_groups(n: usize, purchase: &Covariates, dropout: &Covariates) -> Vec<u32> {
    let column = |table: &Covariates, j: usize| -> Vec<f64> { (0..n).map(|i| table.value(i, j)).collect() };
    let columns: Vec<Vec<f64>> = (0..purchase.names().len())
        .map(|j| column(purchase, j))
        .chain((0..dropout.names().len()).map(|j| column(dropout, j)))
        .collect();
    if columns.is_empty() {
        return vec![0; n];
    }
    first_appearance(&columns.iter().map(Vec::as_slice).collect::<Vec<_>>()).1
}

/// P(alive) of every customer with an interval (see the module docs; the delta method
/// on the logit scale).
///
/// Errors: `undefined` for a model that was not fitted (or fitted without standard
/// errors), `not_identified` for a fit on a boundary, `invalid_config` for bad
/// settings, and the model's own errors.
///
/// ```
/// use relmap::value::{p_alive_intervals, BetaGeoBetaBinom, FitConfig, IntervalConfig, IntervalMethod, RfmData};
/// let (x, tx, n) = ([0.0, 1.0, 1.0, 2.0, 3.0, 6.0], [0.0, 1.0, 5.0, 6.0, 4.0, 6.0], [6.0; 6]);
/// let counts = [3464.0, 1091.0, 119.0, 234.0, 181.0, 1203.0];
/// let data = RfmData::new(&x, &tx, &n)?;
/// let bgbb = BetaGeoBetaBinom::fit(&data, Some(&counts), &FitConfig::default())?;
/// let iv = p_alive_intervals(&bgbb, &data, &IntervalConfig { draws: 200, ..IntervalConfig::default() })?;
/// assert!((0..6).all(|i| iv.lower[i] <= iv.estimate[i] && iv.estimate[i] <= iv.upper[i]));
/// let delta = IntervalConfig { method: IntervalMethod::Delta, ..IntervalConfig::default() };
/// let dv = p_alive_intervals(&bgbb, &data, &delta)?;
/// assert!((0..6).all(|i| dv.lower[i] <= dv.estimate[i] && dv.upper[i] <= 1.0));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn p_alive_intervals<M: PurchaseModel + ?Sized>(
    model: &M,
    data: &RfmData<'_>,
    config: &IntervalConfig,
) -> Result<PredictionIntervals, ValueError> {
    model.check_data(data)?;
    let models = purchase_perturbed(model, config)?;
    let (x, tx, t) = (data.frequency(), data.recency(), data.t());
    let (keys, of_row, _) = distinct([x, tx, t]);
    intervals(
        keys.len(),
        &of_row,
        config,
        &models,
        Scale::Logit,
        |k| model.p_alive_one(keys[k][0], keys[k][1], keys[k][2]),
        |m, k| m.p_alive_one(keys[k][0], keys[k][1], keys[k][2]),
    )
}

/// Expected purchases in (T, T + t_future] of every customer with an interval (the
/// delta method on the log scale).
pub fn expected_purchases_intervals<M: PurchaseModel + ?Sized>(
    model: &M,
    t_future: f64,
    data: &RfmData<'_>,
    config: &IntervalConfig,
) -> Result<PredictionIntervals, ValueError> {
    check_horizon(t_future)?;
    model.check_data(data)?;
    let models = purchase_perturbed(model, config)?;
    let (x, tx, t) = (data.frequency(), data.recency(), data.t());
    let (keys, of_row, _) = distinct([x, tx, t]);
    intervals(
        keys.len(),
        &of_row,
        config,
        &models,
        Scale::Log,
        |k| model.expected_purchases_one(t_future, keys[k][0], keys[k][1], keys[k][2]),
        |m, k| m.expected_purchases_one(t_future, keys[k][0], keys[k][1], keys[k][2]),
    )
}

/// Expected spend per transaction of every customer (Gamma-Gamma) with an interval (the
/// delta method on the log scale). A bootstrap draw with q ≤ 1 (infinite mean spend) is
/// an `undefined` error: the fit is too uncertain for a spend interval.
pub fn spend_intervals(
    gg: &GammaGamma,
    frequency: &[f64],
    monetary_value: &[f64],
    config: &IntervalConfig,
) -> Result<PredictionIntervals, ValueError> {
    let point = gg.expected_spend(frequency, monetary_value)?;
    let models = spend_perturbed(gg, config)?;
    let (keys, of_row, first) = distinct([frequency, monetary_value]);
    intervals(
        keys.len(),
        &of_row,
        config,
        &models,
        Scale::Log,
        |k| Ok(point[first[k]]),
        |m, k| Ok(m.expected_spend(&[keys[k][0]], &[keys[k][1]])?[0]),
    )
}

/// CLV of every customer with an interval: the purchase model's and the Gamma-Gamma
/// model's parameters vary independently (they are fitted separately), CLV = margin ×
/// expected spend × discounted expected purchases (see [`ClvConfig`]). The bootstrap
/// draws both sets of parameters (the spend draws from another stream of the seed); the
/// delta method adds the variances of ln spend and ln discounted purchases.
pub fn clv_intervals<M: PurchaseModel + ?Sized>(
    model: &M,
    gg: &GammaGamma,
    data: &RfmData<'_>,
    monetary_value: &[f64],
    clv: &ClvConfig,
    config: &IntervalConfig,
) -> Result<PredictionIntervals, ValueError> {
    clv.validate()?;
    model.check_data(data)?;
    check_len("monetary_value", monetary_value, data.len())?;
    check_finite("monetary_value", monetary_value)?;
    let purchase = purchase_perturbed(model, config)?;
    // The spend draws use a different stream so they are independent of the purchase draws.
    let spend = spend_perturbed(gg, &spend_config(config))?;
    let (x, tx, t) = (data.frequency(), data.recency(), data.t());
    let (keys, of_row, _) = distinct([x, tx, t, monetary_value]);
    let spend_of = |g: &GammaGamma, k: usize| -> Result<f64, ValueError> {
        let [x, _, _, mv] = keys[k];
        Ok(g.expected_spend(&[x], &[mv])?[0])
    };
    #[allow(clippy::borrowed_box)] // the perturbed models are boxed
    let purchases_of = |m: &Box<dyn PurchaseModel>, k: usize| -> Result<f64, ValueError> {
        let [x, tx, t, _] = keys[k];
        discounted_purchases(m.as_ref(), x, tx, t, clv)
    };
    let point = |k: usize| -> Result<(f64, f64), ValueError> {
        let [x, tx, t, _] = keys[k];
        Ok((spend_of(gg, k)?, discounted_purchases(model, x, tx, t, clv)?))
    };
    let per_key = clv_per_key(keys.len(), clv, config, &purchase, &spend, spend_of, purchases_of, point)?;
    Ok(spread(&per_key, &of_row, config))
}

/// CLV [estimate, lower, upper] of `keys` distinct rows from the perturbed purchase and
/// spend models: `spend_of` and `purchases_of` (discounted) under one of them, `point`
/// both at the fit.
#[allow(clippy::too_many_arguments)]
fn clv_per_key<M: Sync>(
    keys: usize,
    clv: &ClvConfig,
    config: &IntervalConfig,
    purchase: &Perturbed<M>,
    spend: &Perturbed<GammaGamma>,
    spend_of: impl Fn(&GammaGamma, usize) -> Result<f64, ValueError> + Sync + Send,
    purchases_of: impl Fn(&M, usize) -> Result<f64, ValueError> + Sync + Send,
    point: impl Fn(usize) -> Result<(f64, f64), ValueError> + Sync + Send,
) -> Result<Vec<[f64; 3]>, ValueError> {
    let per_key: Vec<Result<[f64; 3], ValueError>> = match (purchase, spend) {
        (Perturbed::Draws(pd), Perturbed::Draws(sd)) => {
            let (qa, qb) = ((1.0 - config.level) / 2.0, (1.0 + config.level) / 2.0);
            map_heavy(keys, |k| {
                let mut values = pd
                    .iter()
                    .zip(sd)
                    .map(|(p, s)| Ok(clv.margin * spend_of(s, k)? * purchases_of(p, k)?))
                    .collect::<Result<Vec<f64>, ValueError>>()?;
                let (s, d) = point(k)?;
                let lower = quantile(&mut values, qa);
                Ok([clv.margin * s * d, lower, quantile(&mut values, qb)])
            })
        }
        (Perturbed::Delta { up: pu, down: pd, cov: pc }, Perturbed::Delta { up: su, down: sd, cov: sc }) => {
            let z = normal_quantile(0.5 + config.level / 2.0);
            map_heavy(keys, |k| {
                let (s, d) = point(k)?;
                let estimate = clv.margin * s * d;
                if !(s > 0.0 && d > 0.0) {
                    return Ok([estimate; 3]);
                }
                let each = |ms: &[M]| ms.iter().map(|m| purchases_of(m, k)).collect();
                let (u, w): (Result<Vec<f64>, _>, Result<Vec<f64>, _>) = (each(pu), each(pd));
                let var_d = delta_variance(&u?, &w?, pc) / (d * d);
                let each = |ms: &[GammaGamma]| ms.iter().map(|m| spend_of(m, k)).collect();
                let (u, w): (Result<Vec<f64>, _>, Result<Vec<f64>, _>) = (each(su), each(sd));
                let var_s = delta_variance(&u?, &w?, sc) / (s * s);
                // The log-scale standard deviation, back on the CLV's own scale for delta_interval.
                Ok(delta_interval(estimate, estimate * (var_d + var_s).sqrt(), z, Scale::Log))
            })
        }
        _ => unreachable!("both models are perturbed by the same method"),
    };
    per_key.into_iter().collect()
}

/// The seed of the spend draws of a CLV interval: another stream, so that they are
/// independent of the purchase draws.
fn spend_config(config: &IntervalConfig) -> IntervalConfig {
    IntervalConfig { seed: config.seed ^ 0x9e37_79b9_7f4a_7c15, ..config.clone() }
}

/// Distinct (frequency, recency, T, covariate row, monetary value) keys, each customer's
/// key, and the first customer of each key.
type CovariateKeys = (Vec<[f64; 5]>, Vec<u32>, Vec<usize>);

/// Intervals of a model fitted with static covariates: the draws (and the delta method's
/// differences) are taken in the fit's own space, the logarithms of the four base
/// parameters and the raw coefficients, where its information matrix is; every customer
/// is evaluated with its own parameters under each drawn model
/// ([`CovariateModel::customer_parameters`]). The covariate tables must have the fit's
/// columns and one row per customer, as for the predictions.
impl CovariateModel {
    /// Distinct (frequency, recency, T, covariate row) keys, each customer's key, and
    /// the first customer of each key.
    fn interval_keys(
        &self,
        data: &RfmData<'_>,
        purchase: &Covariates,
        dropout: &Covariates,
        extra: Option<&[f64]>,
    ) -> Result<CovariateKeys, ValueError> {
        self.check_tables(data.len(), purchase, dropout)?;
        let group = covariate_groups(data.len(), purchase, dropout);
        let (x, tx, t) = (data.frequency(), data.recency(), data.t());
        let group: Vec<f64> = group.iter().map(|&g| f64::from(g)).collect();
        let zeros;
        let extra = match extra {
            Some(e) => e,
            None => {
                zeros = vec![0.0; data.len()];
                &zeros
            }
        };
        Ok(distinct([x, tx, t, &group, extra]))
    }

    /// P(alive) of every customer with an interval (the delta method on the logit
    /// scale); errors as [`p_alive_intervals`], and `length_mismatch` /
    /// `invalid_covariate` for covariate tables that are not the fit's.
    pub fn p_alive_intervals(
        &self,
        data: &RfmData<'_>,
        purchase: &Covariates,
        dropout: &Covariates,
        config: &IntervalConfig,
    ) -> Result<PredictionIntervals, ValueError> {
        let (keys, of_row, first) = self.interval_keys(data, purchase, dropout, None)?;
        let models = covariate_perturbed(self, config)?;
        let at = |m: &CovariateModel, k: usize| {
            let [x, tx, t, _, _] = keys[k];
            m.customer_model(first[k], purchase, dropout)?.get().p_alive_one(x, tx, t)
        };
        intervals(keys.len(), &of_row, config, &models, Scale::Logit, |k| at(self, k), at)
    }

    /// Expected purchases in (T, T + t_future] of every customer with an interval (the
    /// delta method on the log scale); errors as [`CovariateModel::p_alive_intervals`].
    pub fn expected_purchases_intervals(
        &self,
        t_future: f64,
        data: &RfmData<'_>,
        purchase: &Covariates,
        dropout: &Covariates,
        config: &IntervalConfig,
    ) -> Result<PredictionIntervals, ValueError> {
        check_horizon(t_future)?;
        let (keys, of_row, first) = self.interval_keys(data, purchase, dropout, None)?;
        let models = covariate_perturbed(self, config)?;
        let at = |m: &CovariateModel, k: usize| {
            let [x, tx, t, _, _] = keys[k];
            m.customer_model(first[k], purchase, dropout)?.get().expected_purchases_one(t_future, x, tx, t)
        };
        intervals(keys.len(), &of_row, config, &models, Scale::Log, |k| at(self, k), at)
    }

    /// CLV of every customer with an interval, as [`clv_intervals`]: the expected spend
    /// from the Gamma-Gamma model `gg` and `monetary_value`, the discounted expected
    /// purchases from this model with each customer's covariates, the two fits varying
    /// independently. Errors as [`clv_intervals`] and
    /// [`CovariateModel::p_alive_intervals`].
    #[allow(clippy::too_many_arguments)]
    pub fn clv_intervals(
        &self,
        gg: &GammaGamma,
        data: &RfmData<'_>,
        monetary_value: &[f64],
        purchase: &Covariates,
        dropout: &Covariates,
        clv: &ClvConfig,
        config: &IntervalConfig,
    ) -> Result<PredictionIntervals, ValueError> {
        clv.validate()?;
        check_len("monetary_value", monetary_value, data.len())?;
        check_finite("monetary_value", monetary_value)?;
        let (keys, of_row, first) = self.interval_keys(data, purchase, dropout, Some(monetary_value))?;
        let models = covariate_perturbed(self, config)?;
        let spend = spend_perturbed(gg, &spend_config(config))?;
        let spend_of = |g: &GammaGamma, k: usize| -> Result<f64, ValueError> {
            let [x, _, _, _, mv] = keys[k];
            Ok(g.expected_spend(&[x], &[mv])?[0])
        };
        let purchases_of = |m: &CovariateModel, k: usize| -> Result<f64, ValueError> {
            let [x, tx, t, _, _] = keys[k];
            discounted_purchases(m.customer_model(first[k], purchase, dropout)?.get(), x, tx, t, clv)
        };
        let point = |k: usize| Ok((spend_of(gg, k)?, purchases_of(self, k)?));
        let per_key = clv_per_key(keys.len(), clv, config, &models, &spend, spend_of, purchases_of, point)?;
        Ok(spread(&per_key, &of_row, config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_by_selection_equals_the_sorted_interpolation() {
        let mut rng = SeededRng::new(3);
        for n in [1usize, 2, 7, 20, 1000] {
            let values: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            for q in [0.0, 0.025, 0.05, 0.5, 0.95, 0.975, 1.0] {
                let h = q * (n - 1) as f64;
                let lo = h.floor() as usize;
                let want = if lo + 1 >= n {
                    sorted[n - 1]
                } else {
                    sorted[lo] + (h - h.floor()) * (sorted[lo + 1] - sorted[lo])
                };
                assert_eq!(quantile(&mut values.clone(), q), want, "n {n}, q {q}");
            }
        }
    }

    #[test]
    fn delta_intervals_stay_in_range() {
        let z = normal_quantile(0.975);
        let [e, lo, hi] = delta_interval(0.97, 0.05, z, Scale::Logit);
        assert!(e == 0.97 && lo > 0.0 && lo < e && e < hi && hi < 1.0);
        let [_, lo, hi] = delta_interval(2.0, 1.5, z, Scale::Log);
        assert!(lo > 0.0 && (lo * hi - 4.0).abs() < 1e-12); // symmetric on the log scale
        assert_eq!(delta_interval(1.0, 0.1, z, Scale::Logit), [1.0; 3]);
        assert_eq!(delta_interval(0.4, 0.0, z, Scale::Logit), [0.4; 3]);
        assert_eq!(delta_interval(0.4, f64::NAN, z, Scale::Log), [0.4; 3]);
    }
}
