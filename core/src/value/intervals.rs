//! Per-customer prediction intervals by parametric bootstrap.
//!
//! The fitted log-parameters are asymptotically normal, φ̂ ~ N(φ, I⁻¹) (see
//! [`FitSummary`](super::FitSummary)). A bootstrap draw d takes φ_d = φ̂ + L z_d, L the
//! Cholesky factor of I⁻¹ and z_d standard normal (from `SeededRng::stream(seed, d)`, so
//! the draws do not depend on threads), builds the model at exp(φ_d), and evaluates the
//! prediction of every customer under it. The interval at `level` is the pair of
//! empirical quantiles (1 ∓ level)/2 of a customer's `draws` values (linear
//! interpolation between order statistics); the estimate is the prediction at the fit.
//!
//! Work is done once per distinct customer history and spread over rayon's pool with
//! the `parallel` feature.

use serde::{Deserialize, Serialize};

use super::bgbb::{BetaGeoBetaBinom, BetaGeoBetaBinomParams};
use super::bgnbd::{BetaGeo, BetaGeoParams};
use super::clv::{discounted_purchases, ClvConfig};
use super::data::RfmData;
use super::error::{check_config, check_finite, check_len, ValueError};
use super::gammagamma::{GammaGamma, GammaGammaParams};
use super::mbgnbd::ModifiedBetaGeo;
use super::model::{check_horizon, PurchaseModel};
use super::optimize::FitReport;
use super::par::{map_indexed, FxMap};
use super::paretonbd::{ParetoNbd, ParetoNbdParams};
use super::simulate::SeededRng;
use super::uncertainty::{check_level, invert_information};

/// Settings of the parametric bootstrap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BootstrapConfig {
    /// Parameter draws. Default 1000.
    pub draws: usize,
    /// Interval level. Default 0.95.
    pub level: f64,
    /// Seed of the draws. Default 0.
    pub seed: u64,
}

impl Default for BootstrapConfig {
    fn default() -> Self {
        BootstrapConfig { draws: 1000, level: 0.95, seed: 0 }
    }
}

impl BootstrapConfig {
    /// Checks the settings: 20 ≤ draws ≤ 10⁶, level in (0, 1).
    pub fn validate(&self) -> Result<(), ValueError> {
        check_config("draws", self.draws as f64, (20..=1_000_000).contains(&self.draws), "in 20..=1000000")?;
        check_level(self.level)
    }
}

/// Per-customer predictions with bootstrap intervals, one entry per customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PredictionIntervals {
    /// The prediction at the fitted parameters.
    pub estimate: Vec<f64>,
    /// The lower quantile (1 − level)/2 of the bootstrap draws.
    pub lower: Vec<f64>,
    /// The upper quantile (1 + level)/2.
    pub upper: Vec<f64>,
    /// The interval level.
    pub level: f64,
    /// The number of parameter draws.
    pub draws: usize,
}

/// `draws` parameter vectors from N(ln θ̂, I⁻¹), exponentiated.
fn parameter_draws(
    model: &'static str,
    estimates: &[f64],
    report: Option<&FitReport>,
    config: &BootstrapConfig,
) -> Result<Vec<Vec<f64>>, ValueError> {
    config.validate()?;
    let not_fitted = ValueError::Undefined {
        model,
        what: "prediction intervals",
        reason: "the model was built from parameters, or fitted without standard errors",
    };
    let Some(report) = report else { return Err(not_fitted) };
    if report.information.is_empty() {
        return Err(not_fitted);
    }
    let n = estimates.len();
    if let Some(p) = report.at_bound.first() {
        return Err(ValueError::NotPositiveDefinite { model, param: p.clone() });
    }
    let cov = invert_information(&report.information, n)
        .map_err(|j| ValueError::NotPositiveDefinite { model, param: format!("parameter {j}") })?;
    let chol = cholesky(&cov, n).ok_or(ValueError::NotPositiveDefinite { model, param: "covariance".to_owned() })?;
    let centre: Vec<f64> = estimates.iter().map(|v| v.ln()).collect();
    Ok(map_indexed(config.draws, |d| {
        let mut rng = SeededRng::stream(config.seed, d as u64);
        let z: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        (0..n).map(|i| (centre[i] + (0..=i).map(|k| chol[i * n + k] * z[k]).sum::<f64>()).exp()).collect()
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
                reason: "the bootstrap knows the bg_nbd, mbg_nbd, pareto_nbd and bg_bb models",
            })
        }
    })
}

/// The bootstrap models of a fitted purchase model.
fn purchase_draws<M: PurchaseModel + ?Sized>(
    model: &M,
    config: &BootstrapConfig,
) -> Result<Vec<Box<dyn PurchaseModel>>, ValueError> {
    let est: Vec<f64> = model.parameters().iter().map(|p| p.1).collect();
    let draws = parameter_draws(model.name(), &est, model.report(), config)?;
    draws.iter().map(|v| rebuild(model.name(), v)).collect()
}

/// The bootstrap models of a fitted Gamma-Gamma model.
fn spend_draws(gg: &GammaGamma, config: &BootstrapConfig) -> Result<Vec<GammaGamma>, ValueError> {
    let p = gg.params();
    let draws = parameter_draws("gamma_gamma", &[p.p, p.q, p.v], gg.report(), config)?;
    draws.iter().map(|v| GammaGamma::new(GammaGammaParams { p: v[0], q: v[1], v: v[2] })).collect()
}

/// Interpolated quantile `q` of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = q * (sorted.len() - 1) as f64;
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    if lo + 1 >= sorted.len() {
        sorted[sorted.len() - 1]
    } else {
        sorted[lo] + frac * (sorted[lo + 1] - sorted[lo])
    }
}

/// Intervals over `keys` distinct rows: `point(row)` at the fit and `draw(d, row)` per
/// bootstrap draw; `of_row` spreads them to the customers.
fn intervals(
    keys: usize,
    of_row: &[u32],
    config: &BootstrapConfig,
    point: impl Fn(usize) -> Result<f64, ValueError> + Sync + Send,
    draw: impl Fn(usize, usize) -> Result<f64, ValueError> + Sync + Send,
) -> Result<PredictionIntervals, ValueError> {
    let (qa, qb) = ((1.0 - config.level) / 2.0, (1.0 + config.level) / 2.0);
    let per_key: Vec<Result<[f64; 3], ValueError>> = map_indexed(keys, |k| {
        let mut values = (0..config.draws).map(|d| draw(d, k)).collect::<Result<Vec<f64>, _>>()?;
        values.sort_unstable_by(f64::total_cmp);
        Ok([point(k)?, quantile(&values, qa), quantile(&values, qb)])
    });
    let per_key: Vec<[f64; 3]> = per_key.into_iter().collect::<Result<_, _>>()?;
    let pick = |c: usize| of_row.iter().map(|&k| per_key[k as usize][c]).collect();
    Ok(PredictionIntervals {
        estimate: pick(0),
        lower: pick(1),
        upper: pick(2),
        level: config.level,
        draws: config.draws,
    })
}

/// Distinct keys of per-customer tuples, and each customer's key index.
fn distinct<const K: usize>(n: usize, key: impl Fn(usize) -> [f64; K]) -> (Vec<[f64; K]>, Vec<u32>) {
    let mut index: FxMap<[u64; K], u32> = FxMap::default();
    let mut keys = Vec::new();
    let of_row = (0..n)
        .map(|i| {
            let k = key(i);
            *index.entry(k.map(|v| (v + 0.0).to_bits())).or_insert_with(|| {
                keys.push(k);
                (keys.len() - 1) as u32
            })
        })
        .collect();
    (keys, of_row)
}

/// P(alive) of every customer with a bootstrap interval (see the module docs).
///
/// Errors: `undefined` for a model that was not fitted (or fitted without standard
/// errors), `not_identified` for a fit on a boundary, `invalid_config` for bad
/// settings, and the model's own errors.
///
/// ```
/// use relmap::value::{p_alive_intervals, BetaGeoBetaBinom, BootstrapConfig, FitConfig, RfmData};
/// let (x, tx, n) = ([0.0, 1.0, 1.0, 2.0, 3.0, 6.0], [0.0, 1.0, 5.0, 6.0, 4.0, 6.0], [6.0; 6]);
/// let counts = [3464.0, 1091.0, 119.0, 234.0, 181.0, 1203.0];
/// let data = RfmData::new(&x, &tx, &n)?;
/// let bgbb = BetaGeoBetaBinom::fit(&data, Some(&counts), &FitConfig::default())?;
/// let iv = p_alive_intervals(&bgbb, &data, &BootstrapConfig { draws: 200, ..BootstrapConfig::default() })?;
/// assert!((0..6).all(|i| iv.lower[i] <= iv.estimate[i] && iv.estimate[i] <= iv.upper[i]));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn p_alive_intervals<M: PurchaseModel + ?Sized>(
    model: &M,
    data: &RfmData<'_>,
    config: &BootstrapConfig,
) -> Result<PredictionIntervals, ValueError> {
    model.check_data(data)?;
    let draws = purchase_draws(model, config)?;
    let (x, tx, t) = (data.frequency(), data.recency(), data.t());
    let (keys, of_row) = distinct(data.len(), |i| [x[i], tx[i], t[i]]);
    intervals(
        keys.len(),
        &of_row,
        config,
        |k| model.p_alive_one(keys[k][0], keys[k][1], keys[k][2]),
        |d, k| draws[d].p_alive_one(keys[k][0], keys[k][1], keys[k][2]),
    )
}

/// Expected purchases in (T, T + t_future] of every customer with a bootstrap interval.
pub fn expected_purchases_intervals<M: PurchaseModel + ?Sized>(
    model: &M,
    t_future: f64,
    data: &RfmData<'_>,
    config: &BootstrapConfig,
) -> Result<PredictionIntervals, ValueError> {
    check_horizon(t_future)?;
    model.check_data(data)?;
    let draws = purchase_draws(model, config)?;
    let (x, tx, t) = (data.frequency(), data.recency(), data.t());
    let (keys, of_row) = distinct(data.len(), |i| [x[i], tx[i], t[i]]);
    intervals(
        keys.len(),
        &of_row,
        config,
        |k| model.expected_purchases_one(t_future, keys[k][0], keys[k][1], keys[k][2]),
        |d, k| draws[d].expected_purchases_one(t_future, keys[k][0], keys[k][1], keys[k][2]),
    )
}

/// Expected spend per transaction of every customer (Gamma-Gamma) with a bootstrap interval.
/// A draw with q ≤ 1 (infinite mean spend) is an `undefined` error: the fit is too
/// uncertain for a spend interval.
pub fn spend_intervals(
    gg: &GammaGamma,
    frequency: &[f64],
    monetary_value: &[f64],
    config: &BootstrapConfig,
) -> Result<PredictionIntervals, ValueError> {
    let point = gg.expected_spend(frequency, monetary_value)?;
    let draws = spend_draws(gg, config)?;
    let (keys, of_row) = distinct(frequency.len(), |i| [frequency[i], monetary_value[i]]);
    let first: Vec<u32> = {
        let mut f = vec![u32::MAX; keys.len()];
        of_row.iter().enumerate().for_each(|(i, &k)| {
            if f[k as usize] == u32::MAX {
                f[k as usize] = i as u32;
            }
        });
        f
    };
    intervals(
        keys.len(),
        &of_row,
        config,
        |k| Ok(point[first[k] as usize]),
        |d, k| Ok(draws[d].expected_spend(&[keys[k][0]], &[keys[k][1]])?[0]),
    )
}

/// CLV of every customer with a bootstrap interval: each draw takes the purchase model's
/// and the Gamma-Gamma model's parameters independently (they are fitted separately),
/// CLV = margin × expected spend × discounted expected purchases (see [`ClvConfig`]).
pub fn clv_intervals<M: PurchaseModel + ?Sized>(
    model: &M,
    gg: &GammaGamma,
    data: &RfmData<'_>,
    monetary_value: &[f64],
    clv: &ClvConfig,
    config: &BootstrapConfig,
) -> Result<PredictionIntervals, ValueError> {
    clv.validate()?;
    model.check_data(data)?;
    check_len("monetary_value", monetary_value, data.len())?;
    check_finite("monetary_value", monetary_value)?;
    let purchase = purchase_draws(model, config)?;
    // The spend draws use a different stream so they are independent of the purchase draws.
    let spend = spend_draws(gg, &BootstrapConfig { seed: config.seed ^ 0x9e37_79b9_7f4a_7c15, ..config.clone() })?;
    let (x, tx, t) = (data.frequency(), data.recency(), data.t());
    let (keys, of_row) = distinct(data.len(), |i| [x[i], tx[i], t[i], monetary_value[i]]);
    let point = |k: usize| -> Result<f64, ValueError> {
        let [x, tx, t, mv] = keys[k];
        let s = gg.expected_spend(&[x], &[mv])?[0];
        Ok(clv.margin * s * discounted_purchases(model, x, tx, t, clv)?)
    };
    let draw = |d: usize, k: usize| -> Result<f64, ValueError> {
        let [x, tx, t, mv] = keys[k];
        let s = spend[d].expected_spend(&[x], &[mv])?[0];
        Ok(clv.margin * s * discounted_purchases(purchase[d].as_ref(), x, tx, t, clv)?)
    };
    intervals(keys.len(), &of_row, config, point, draw)
}
