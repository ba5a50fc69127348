//! Fitting the factor weights to past outcomes by logistic regression.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{DealHealth, DealHealthConfig, FactorCode, HealthError};

/// One past opportunity: its factor values and whether it was won.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Outcome {
    /// The value x of each factor (a factor left out counts as 0).
    pub values: BTreeMap<FactorCode, f64>,
    /// Whether the deal was won.
    pub won: bool,
}

impl Outcome {
    /// The outcome of a deal whose health was computed (e.g. at its last review before closing).
    pub fn new(health: &DealHealth, won: bool) -> Self {
        Outcome { values: health.values.clone(), won }
    }
}

/// Settings of [`calibrate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CalibrationConfig {
    /// Fewest outcomes to fit on (default 40); below it the fit is refused.
    pub min_outcomes: usize,
    /// Fewest won and fewest lost outcomes (default 10 each).
    pub min_per_class: usize,
    /// Folds of the cross-validation behind the held-out AUC (default 5):
    /// outcome i is held out in fold i mod folds.
    pub folds: usize,
    /// Ridge penalty λ on the coefficients (not the intercept), default 0.01:
    /// keeps the fit finite for a factor that never varies or separates perfectly.
    pub ridge: f64,
    /// Newton iterations before giving up (default 100).
    pub max_iterations: usize,
    /// Largest coefficient change at which the fit has converged (default 1e-9).
    pub tolerance: f64,
    /// Score points per unit of log-odds (default 25, the slope of 100·σ(z) at 50).
    pub points_per_logit: f64,
}

impl Default for CalibrationConfig {
    fn default() -> Self {
        CalibrationConfig {
            min_outcomes: 40,
            min_per_class: 10,
            folds: 5,
            ridge: 0.01,
            max_iterations: 100,
            tolerance: 1e-9,
            points_per_logit: 25.0,
        }
    }
}

/// A fitted calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Calibration {
    /// β₀ of P(won) = σ(β₀ + Σ β_k x_k).
    pub intercept: f64,
    /// β_k per factor.
    pub coefficients: BTreeMap<FactorCode, f64>,
    /// The health rules with the fitted weights (`points_per_logit · β_k`) and base
    /// (`50 + points_per_logit · β₀`); every other setting is the one given.
    pub config: DealHealthConfig,
    /// Area under the ROC curve of the cross-validated score on held-out outcomes (0.5 = chance, 1 = perfect).
    pub auc: f64,
    /// The same on the outcomes the final fit saw (optimistic).
    pub training_auc: f64,
    /// The log-likelihood of the final fit.
    pub log_likelihood: f64,
    /// Outcomes used, won, lost.
    pub outcomes: [usize; 3],
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The area under the ROC curve: the probability that a random won deal scores
/// above a random lost one (ties count half). `None` without both classes.
///
/// ```
/// use relmap::health::auc;
/// assert_eq!(auc(&[0.9, 0.8, 0.3, 0.1], &[true, false, true, false]), Some(0.75));
/// assert_eq!(auc(&[1.0, 2.0], &[true, true]), None);
/// ```
pub fn auc(scores: &[f64], won: &[bool]) -> Option<f64> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    // Mid-ranks over ties.
    let mut rank = vec![0.0; scores.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            rank[k] = mid;
        }
        i = j + 1;
    }
    let n1 = won.iter().filter(|&&w| w).count() as f64;
    let n0 = won.len() as f64 - n1;
    if n1 == 0.0 || n0 == 0.0 {
        return None;
    }
    let r1: f64 = rank.iter().zip(won).filter(|(_, &w)| w).map(|(r, _)| r).sum();
    Some((r1 - n1 * (n1 + 1.0) / 2.0) / (n1 * n0))
}

/// Solves the symmetric positive-definite system `a x = b` (Cholesky); `None` if not positive definite.
fn solve_spd(a: &[f64], b: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum();
            if i == j {
                let d = a[i * n + i] - s;
                if d.is_nan() || d <= 0.0 {
                    return None;
                }
                l[i * n + i] = d.sqrt();
            } else {
                l[i * n + j] = (a[i * n + j] - s) / l[j * n + j];
            }
        }
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        y[i] = (b[i] - (0..i).map(|k| l[i * n + k] * y[k]).sum::<f64>()) / l[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        x[i] = (y[i] - (i + 1..n).map(|k| l[k * n + i] * x[k]).sum::<f64>()) / l[i * n + i];
    }
    Some(x)
}

/// Rows of [1, x_1, …, x_p].
struct Design {
    rows: Vec<Vec<f64>>,
    y: Vec<f64>,
}

fn penalized_ll(beta: &[f64], d: &Design, idx: &[usize], ridge: f64) -> f64 {
    let ll: f64 = idx
        .iter()
        .map(|&i| {
            let z: f64 = d.rows[i].iter().zip(beta).map(|(x, b)| x * b).sum();
            // log σ(z) for won, log σ(−z) for lost, computed stably.
            let s = if d.y[i] > 0.5 { z } else { -z };
            -(1.0 + (-s.abs()).exp()).ln() + s.min(0.0)
        })
        .sum();
    ll - 0.5 * ridge * beta[1..].iter().map(|b| b * b).sum::<f64>()
}

/// Newton–Raphson on the ridge-penalized log-likelihood over the rows `idx`.
fn fit(d: &Design, idx: &[usize], cal: &CalibrationConfig) -> Result<(Vec<f64>, f64), HealthError> {
    let p = d.rows[0].len();
    let mut beta = vec![0.0; p];
    let mut ll = penalized_ll(&beta, d, idx, cal.ridge);
    for _ in 0..cal.max_iterations {
        let mut g = vec![0.0; p];
        let mut h = vec![0.0; p * p];
        for &i in idx {
            let x = &d.rows[i];
            let pr = sigmoid(x.iter().zip(&beta).map(|(x, b)| x * b).sum());
            let w = pr * (1.0 - pr);
            for a in 0..p {
                g[a] += x[a] * (d.y[i] - pr);
                for b in 0..=a {
                    h[a * p + b] += w * x[a] * x[b];
                }
            }
        }
        for a in 0..p {
            for b in 0..a {
                h[b * p + a] = h[a * p + b];
            }
        }
        // A tiny intercept ridge keeps H definite when one class is absent from a fold.
        h[0] += 1e-9;
        for a in 1..p {
            g[a] -= cal.ridge * beta[a];
            h[a * p + a] += cal.ridge;
        }
        let step = solve_spd(&h, &g, p).ok_or(HealthError::NotConverged { iterations: cal.max_iterations })?;
        // Halve the step until the penalized likelihood does not fall.
        let mut t = 1.0;
        let (next, next_ll) = loop {
            let cand: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + t * s).collect();
            let cand_ll = penalized_ll(&cand, d, idx, cal.ridge);
            if cand_ll >= ll - 1e-12 || t < 1e-6 {
                break (cand, cand_ll);
            }
            t /= 2.0;
        };
        let change = step.iter().map(|s| (t * s).abs()).fold(0.0, f64::max);
        beta = next;
        ll = next_ll;
        if change < cal.tolerance {
            return Ok((beta, ll));
        }
    }
    Err(HealthError::NotConverged { iterations: cal.max_iterations })
}

fn check(cal: &CalibrationConfig) -> Result<(), HealthError> {
    let bad =
        |field: &str, value: f64, expected| Err(HealthError::InvalidConfig { field: field.into(), value, expected });
    if cal.folds < 2 {
        return bad("folds", cal.folds as f64, ">= 2");
    }
    if !(cal.ridge.is_finite() && cal.ridge >= 0.0) {
        return bad("ridge", cal.ridge, ">= 0");
    }
    if !(cal.tolerance.is_finite() && cal.tolerance > 0.0) {
        return bad("tolerance", cal.tolerance, "> 0");
    }
    if !(cal.points_per_logit.is_finite() && cal.points_per_logit > 0.0) {
        return bad("points_per_logit", cal.points_per_logit, "> 0");
    }
    if cal.max_iterations == 0 {
        return bad("max_iterations", 0.0, ">= 1");
    }
    Ok(())
}

/// Fits the factor weights to past outcomes by ridge-penalized logistic
/// regression, P(won) = σ(β₀ + Σ β_k x_k), and measures by `folds`-fold
/// cross-validation how well the fitted score ranks won above lost deals it did
/// not see (AUC).
///
/// Refused with `too_few_outcomes` below `min_outcomes` or `min_per_class` of
/// won or lost deals; `out_of_range` for a factor value outside [−1, 1];
/// `not_converged` if the Newton iterations do not settle.
///
/// The fitted weights are in score points: `points_per_logit · β_k` (the slope
/// of 100·σ(z) at a score of 50), so the calibrated score is the tangent of the
/// fitted win probability × 100 around 50.
pub fn calibrate(
    outcomes: &[Outcome],
    base: &DealHealthConfig,
    cal: &CalibrationConfig,
) -> Result<Calibration, HealthError> {
    check(cal)?;
    base.validate()?;
    let won = outcomes.iter().filter(|o| o.won).count();
    let lost = outcomes.len() - won;
    if outcomes.len() < cal.min_outcomes || won < cal.min_per_class || lost < cal.min_per_class {
        return Err(HealthError::TooFewOutcomes {
            found: outcomes.len(),
            won,
            lost,
            required: cal.min_outcomes,
            per_class: cal.min_per_class,
        });
    }
    let codes = FactorCode::ALL;
    let mut rows = Vec::with_capacity(outcomes.len());
    for (index, o) in outcomes.iter().enumerate() {
        let mut row = Vec::with_capacity(codes.len() + 1);
        row.push(1.0);
        for &c in codes {
            let v = o.values.get(&c).copied().unwrap_or(0.0);
            if !(v.is_finite() && (-1.0..=1.0).contains(&v)) {
                return Err(HealthError::BadOutcome { index, code: c.as_str(), value: v });
            }
            row.push(v);
        }
        rows.push(row);
    }
    let d = Design { rows, y: outcomes.iter().map(|o| if o.won { 1.0 } else { 0.0 }).collect() };
    let n = outcomes.len();
    let mut held_out = vec![0.0; n];
    for fold in 0..cal.folds {
        let train: Vec<usize> = (0..n).filter(|i| i % cal.folds != fold).collect();
        let (beta, _) = fit(&d, &train, cal)?;
        for i in (0..n).filter(|i| i % cal.folds == fold) {
            held_out[i] = d.rows[i].iter().zip(&beta).map(|(x, b)| x * b).sum();
        }
    }
    let labels: Vec<bool> = outcomes.iter().map(|o| o.won).collect();
    let all: Vec<usize> = (0..n).collect();
    let (beta, log_likelihood) = fit(&d, &all, cal)?;
    let fitted: Vec<f64> = d.rows.iter().map(|r| r.iter().zip(&beta).map(|(x, b)| x * b).sum()).collect();
    let mut config = base.clone();
    config.base = 50.0 + cal.points_per_logit * beta[0];
    let mut coefficients = BTreeMap::new();
    for (k, &c) in codes.iter().enumerate() {
        coefficients.insert(c, beta[k + 1]);
        config.weights.set(c, cal.points_per_logit * beta[k + 1]);
    }
    Ok(Calibration {
        intercept: beta[0],
        coefficients,
        config,
        auc: auc(&held_out, &labels).expect("both classes are present"),
        training_auc: auc(&fitted, &labels).expect("both classes are present"),
        log_likelihood,
        outcomes: [n, won, lost],
    })
}
