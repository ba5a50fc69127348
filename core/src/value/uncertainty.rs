//! How sure a fit is: standard errors, confidence intervals, AIC/BIC and likelihood-ratio tests.
//!
//! Every model is fitted over φ = ln θ (so the parameters stay positive). At the
//! maximum-likelihood estimate the fit keeps the observed information
//! I = −∂²ℓ/∂φ∂φᵀ, the Hessian of the negative log-likelihood summed over customers:
//! by central differences of the analytic gradient where the model has one, and by
//! second differences of the log-likelihood otherwise (Pareto/NBD). Then
//! Cov(φ̂) = I⁻¹, and by the delta method Cov(θ̂) = diag(θ̂) I⁻¹ diag(θ̂), so
//! se(θ̂ⱼ) = θ̂ⱼ·se(φ̂ⱼ). A confidence interval at level 1 − a is taken on the log scale
//! and transformed back, θ̂ⱼ·exp(±z·se(φ̂ⱼ)) with z = Φ⁻¹(1 − a/2), so it stays positive
//! (and is not symmetric around the estimate).
//!
//! A fit on a boundary of the parameter space (a parameter driven towards 0 or ∞,
//! listed in [`FitReport::at_bound`](super::FitReport::at_bound)) or an information
//! matrix that is not positive definite has no standard errors: [`FitSummary`] refuses
//! with [`ValueError::NotPositiveDefinite`], naming the parameter the flat direction
//! runs along.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::{check_config, ValueError};
use super::optimize::{FitReport, Objective};
use super::special::ln_gamma;

/// Relative step (in log-parameters) of the central differences of an analytic gradient.
const GRADIENT_STEP: f64 = 1e-5;
/// Relative step of the forward differences of an analytic gradient known at the optimum:
/// truncation ~1e-7 of the third derivative, rounding ~1e-9 (the gradient is a mean of
/// terms of order one).
const FORWARD_STEP: f64 = 1e-7;
/// Step (in log-parameters) of the second differences of a log-likelihood.
const VALUE_STEP: f64 = 3e-4;
/// An eigenvalue of the information below this fraction of the largest counts as zero.
const SINGULAR_RATIO: f64 = 1e-12;

/// The confidence level of a summary's intervals when the caller gives none (the
/// bindings' `summary()` without a level).
pub const DEFAULT_LEVEL: f64 = 0.95;

/// The information criteria of a fit: what [`FitSummary`] and
/// [`compare_models`](super::compare_models) report, also for a fit without standard errors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct InformationCriteria {
    /// 2k − 2 ln L.
    pub aic: f64,
    /// k ln N − 2 ln L.
    pub bic: f64,
}

impl InformationCriteria {
    /// The criteria of a fit with maximised log-likelihood `log_likelihood`, `parameters`
    /// estimated parameters k and `n_customers` N (the total weight).
    ///
    /// ```
    /// use relmap::value::InformationCriteria;
    /// let c = InformationCriteria::new(-100.0, 2, 1000.0);
    /// assert_eq!(c.aic, 204.0);
    /// assert!((c.bic - (2.0 * 1000f64.ln() + 200.0)).abs() < 1e-12);
    /// ```
    pub fn new(log_likelihood: f64, parameters: usize, n_customers: f64) -> InformationCriteria {
        let k = parameters as f64;
        InformationCriteria { aic: 2.0 * k - 2.0 * log_likelihood, bic: k * n_customers.ln() - 2.0 * log_likelihood }
    }
}

/// The estimates of a fitted model with their uncertainty.
///
/// Columns in the model's parameter order (as [`PurchaseModel::parameters`](super::PurchaseModel::parameters)),
/// so the bindings pass them as arrays. `Display` prints the table:
///
/// ```
/// use relmap::value::{BetaGeoBetaBinom, FitConfig, PurchaseModel, RfmData};
/// // A recency/frequency table over 6 annual opportunities, with counts as weights.
/// let (x, tx, n) = ([0.0, 1.0, 1.0, 2.0, 3.0, 6.0], [0.0, 1.0, 5.0, 6.0, 4.0, 6.0], [6.0; 6]);
/// let counts = [3464.0, 1091.0, 119.0, 234.0, 181.0, 1203.0];
/// let bgbb = BetaGeoBetaBinom::fit(&RfmData::new(&x, &tx, &n)?, Some(&counts), &FitConfig::default())?;
/// let s = bgbb.summary(0.95)?;
/// assert_eq!(s.names, ["alpha", "beta", "gamma", "delta"]);
/// assert!(s.lower[0] < s.estimate[0] && s.estimate[0] < s.upper[0]);
/// assert_eq!(s.n_customers, 6292.0);
/// assert!(s.to_string().contains("std_error"));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitSummary {
    /// The model's snake_case name.
    pub model: String,
    /// The confidence level of `lower` and `upper`.
    pub level: f64,
    /// The parameter names.
    pub names: Vec<String>,
    /// The maximum-likelihood estimates, in the data's units.
    pub estimate: Vec<f64>,
    /// Standard errors (delta method from the log scale).
    pub std_error: Vec<f64>,
    /// Lower ends of the confidence intervals (on the log scale, transformed back).
    pub lower: Vec<f64>,
    /// Upper ends of the confidence intervals.
    pub upper: Vec<f64>,
    /// The covariance matrix of the estimates (rows and columns in `names` order).
    pub vcov: Vec<Vec<f64>>,
    /// The maximised log-likelihood.
    pub log_likelihood: f64,
    /// 2k − 2 ln L.
    pub aic: f64,
    /// k ln N − 2 ln L.
    pub bic: f64,
    /// N: the customers the fit saw (the total weight).
    pub n_customers: f64,
}

impl FitSummary {
    /// The summary of a fit from its parts: the estimates by name in the model's order
    /// (each fitted on the log scale, as every model here is), the maximised
    /// log-likelihood, and the report holding the observed information over the
    /// log-parameters. This is the delta method every model's `summary` applies:
    /// Cov(θ̂) = diag(θ̂) I⁻¹ diag(θ̂), intervals θ̂ⱼ·exp(±z·se(ln θ̂ⱼ)).
    ///
    /// It lets a model kept as plain data (parameters, log-likelihood and the report's
    /// JSON form, as the Python binding keeps it) give the same summary as the fitted
    /// model. Errors as [`PurchaseModel::summary`](super::PurchaseModel::summary);
    /// `invalid_config` when the information does not have one row and column per estimate.
    ///
    /// ```
    /// use relmap::value::{FitConfig, FitSummary, ShiftedBetaGeo};
    /// let regular = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];
    /// let sbg = ShiftedBetaGeo::fit_cohorts(&[&regular], &FitConfig::default())?;
    /// let p = sbg.params();
    /// let (ll, report) = (sbg.log_likelihood().unwrap(), sbg.report().unwrap());
    /// let s = FitSummary::from_fit("sbg", &[("alpha", p.alpha), ("beta", p.beta)], ll, report, 0.95)?;
    /// assert_eq!(s, sbg.summary(0.95)?);
    /// # Ok::<(), relmap::value::ValueError>(())
    /// ```
    pub fn from_fit(
        model: &'static str,
        estimates: &[(&'static str, f64)],
        log_likelihood: f64,
        report: &FitReport,
        level: f64,
    ) -> Result<FitSummary, ValueError> {
        let n = estimates.len();
        if !report.information.is_empty() && report.information.len() != n * n {
            return Err(ValueError::InvalidConfig {
                field: "information",
                value: report.information.len() as f64,
                expected: "one row and column of the information per estimate",
            });
        }
        summarize(model, estimates, Some(log_likelihood), Some(report), level)
    }

    /// The number of estimated parameters k.
    pub fn parameter_count(&self) -> usize {
        self.names.len()
    }
}

impl fmt::Display for FitSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = self.level * 100.0;
        writeln!(f, "{} fit on {} customers: log-likelihood {:.4}", self.model, self.n_customers, self.log_likelihood)?;
        writeln!(f, "AIC {:.4}  BIC {:.4}", self.aic, self.bic)?;
        let width = self.names.iter().map(|n| n.len()).max().unwrap_or(0).max(9);
        writeln!(
            f,
            "{:<width$} {:>14} {:>14} {:>14} {:>14}",
            "parameter",
            "estimate",
            "std_error",
            format!("lower {pct}%"),
            format!("upper {pct}%")
        )?;
        for j in 0..self.names.len() {
            writeln!(
                f,
                "{:<width$} {:>14.6} {:>14.6} {:>14.6} {:>14.6}",
                self.names[j], self.estimate[j], self.std_error[j], self.lower[j], self.upper[j]
            )?;
        }
        Ok(())
    }
}

/// The observed information at `x` (log-parameters): the Hessian of `scale` × the
/// objective (the mean negative log-likelihood times the total weight), row-major.
/// `gradient_at_x`, when known, allows forward differences (one gradient per parameter).
pub(crate) fn observed_information<O: Objective>(
    obj: &O,
    x: &[f64],
    gradient_at_x: Option<&[f64]>,
    scale: f64,
) -> Vec<f64> {
    let n = x.len();
    let mut h = vec![0.0; n * n];
    if let (true, Some(g0)) = (obj.has_analytic_gradient(), gradient_at_x) {
        let mut up = vec![0.0; n];
        let mut p = x.to_vec();
        for j in 0..n {
            let step = FORWARD_STEP * x[j].abs().max(1.0);
            p[j] = x[j] + step;
            obj.eval(&p, Some(&mut up));
            p[j] = x[j];
            for i in 0..n {
                h[i * n + j] = (up[i] - g0[i]) / step;
            }
        }
    } else if obj.has_analytic_gradient() {
        let (mut up, mut down) = (vec![0.0; n], vec![0.0; n]);
        let mut p = x.to_vec();
        for j in 0..n {
            let step = GRADIENT_STEP * x[j].abs().max(1.0);
            p[j] = x[j] + step;
            obj.eval(&p, Some(&mut up));
            p[j] = x[j] - step;
            obj.eval(&p, Some(&mut down));
            p[j] = x[j];
            for i in 0..n {
                h[i * n + j] = (up[i] - down[i]) / (2.0 * step);
            }
        }
    } else {
        let f = |p: &[f64]| obj.eval(p, None);
        second_differences(&f, x, VALUE_STEP, &mut h);
    }
    // Symmetrise and scale to the summed log-likelihood.
    for i in 0..n {
        for j in 0..i {
            let v = 0.5 * (h[i * n + j] + h[j * n + i]);
            h[i * n + j] = v;
            h[j * n + i] = v;
        }
    }
    h.iter_mut().for_each(|v| *v *= scale);
    h
}

/// The Hessian of `f` at `x` by central second differences with step `step` (row-major into `h`).
pub(crate) fn second_differences(f: &impl Fn(&[f64]) -> f64, x: &[f64], step: f64, h: &mut [f64]) {
    let n = x.len();
    let f0 = f(x);
    let mut p = x.to_vec();
    let steps: Vec<f64> = x.iter().map(|v| step * v.abs().max(1.0)).collect();
    for i in 0..n {
        p[i] = x[i] + steps[i];
        let up = f(&p);
        p[i] = x[i] - steps[i];
        let down = f(&p);
        p[i] = x[i];
        h[i * n + i] = (up - 2.0 * f0 + down) / (steps[i] * steps[i]);
        for j in 0..i {
            let mut corner = |si: f64, sj: f64| {
                p[i] = x[i] + si * steps[i];
                p[j] = x[j] + sj * steps[j];
                let v = f(&p);
                p[i] = x[i];
                p[j] = x[j];
                v
            };
            let v = (corner(1.0, 1.0) - corner(1.0, -1.0) - corner(-1.0, 1.0) + corner(-1.0, -1.0))
                / (4.0 * steps[i] * steps[j]);
            h[i * n + j] = v;
            h[j * n + i] = v;
        }
    }
}

/// Eigenvalues and eigenvectors (columns of the row-major matrix returned) of a
/// symmetric matrix, by cyclic Jacobi rotations.
pub(crate) fn symmetric_eigen(a: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut m = a.to_vec();
    let mut v = vec![0.0; n * n];
    (0..n).for_each(|i| v[i * n + i] = 1.0);
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i * n + j].powi(2))
            .sum();
        let total: f64 = m.iter().map(|x| x * x).sum();
        if off <= 1e-30 * total || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = m[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (m[q * n + q] - m[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (mkp, mkq) = (m[k * n + p], m[k * n + q]);
                    m[k * n + p] = c * mkp - s * mkq;
                    m[k * n + q] = s * mkp + c * mkq;
                }
                for k in 0..n {
                    let (mpk, mqk) = (m[p * n + k], m[q * n + k]);
                    m[p * n + k] = c * mpk - s * mqk;
                    m[q * n + k] = s * mpk + c * mqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| m[i * n + i]).collect(), v)
}

/// The inverse of a symmetric positive-definite information matrix, or the index of the
/// parameter its flattest direction loads on most.
pub(crate) fn invert_information(info: &[f64], n: usize) -> Result<Vec<f64>, usize> {
    if info.iter().any(|v| !v.is_finite()) {
        return Err(0);
    }
    let (values, vectors) = symmetric_eigen(info, n);
    let largest = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let (k, &smallest) = values.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).expect("n >= 1");
    if smallest.is_nan() || smallest <= SINGULAR_RATIO * largest {
        let worst = (0..n).max_by(|&a, &b| vectors[a * n + k].abs().total_cmp(&vectors[b * n + k].abs())).unwrap_or(0);
        return Err(worst);
    }
    let mut inv = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            inv[i * n + j] = (0..n).map(|e| vectors[i * n + e] * vectors[j * n + e] / values[e]).sum();
        }
    }
    Ok(inv)
}

/// Checks a confidence level: in (0, 1).
pub(crate) fn check_level(level: f64) -> Result<(), ValueError> {
    check_config("level", level, level > 0.0 && level < 1.0, "in (0, 1), e.g. 0.95")
}

/// The [`FitSummary`] of a fitted model from its parts: `estimates` by name in the
/// model's order, the report holding the information over their logarithms.
pub(crate) fn summarize(
    model: &'static str,
    estimates: &[(&'static str, f64)],
    log_likelihood: Option<f64>,
    report: Option<&FitReport>,
    level: f64,
) -> Result<FitSummary, ValueError> {
    let named: Vec<(String, f64, bool)> = estimates.iter().map(|&(n, v)| (n.to_owned(), v, true)).collect();
    summarize_named(model, &named, log_likelihood, report, level)
}

/// [`summarize`] for parameters `(name, estimate, fitted_on_log_scale)`: a parameter fitted
/// on the log scale gets the delta method and a log-scale interval, another (a covariate
/// coefficient) its own standard error and a symmetric interval.
pub(crate) fn summarize_named(
    model: &'static str,
    estimates: &[(String, f64, bool)],
    log_likelihood: Option<f64>,
    report: Option<&FitReport>,
    level: f64,
) -> Result<FitSummary, ValueError> {
    check_level(level)?;
    let not_fitted =
        || ValueError::Undefined { model, what: "summary", reason: "the model was built from parameters, not fitted" };
    let (Some(ll), Some(report)) = (log_likelihood, report) else {
        return Err(not_fitted());
    };
    let info = &report.information;
    if info.is_empty() {
        return Err(ValueError::Undefined {
            model,
            what: "summary",
            reason: "the fit skipped the information matrix (FitConfig::standard_errors is off)",
        });
    }
    let n = estimates.len();
    if let Some(param) = report.at_bound.first() {
        return Err(ValueError::NotPositiveDefinite { model, param: param.clone() });
    }
    let cov_log = invert_information(info, n)
        .map_err(|j| ValueError::NotPositiveDefinite { model, param: estimates[j].0.clone() })?;
    let z = normal_quantile(0.5 + level / 2.0);
    let theta: Vec<f64> = estimates.iter().map(|e| e.1).collect();
    // d θ / d φ: θ on the log scale, 1 for a coefficient fitted as it is.
    let jac: Vec<f64> = estimates.iter().map(|e| if e.2 { e.1 } else { 1.0 }).collect();
    let se_fit: Vec<f64> = (0..n).map(|j| cov_log[j * n + j].sqrt()).collect();
    let vcov = (0..n).map(|i| (0..n).map(|j| jac[i] * cov_log[i * n + j] * jac[j]).collect()).collect();
    let criteria = InformationCriteria::new(ll, n, report.total_weight);
    let end = |j: usize, sign: f64| {
        if estimates[j].2 {
            theta[j] * (sign * z * se_fit[j]).exp()
        } else {
            theta[j] + sign * z * se_fit[j]
        }
    };
    Ok(FitSummary {
        model: model.to_owned(),
        level,
        names: estimates.iter().map(|e| e.0.clone()).collect(),
        std_error: (0..n).map(|j| jac[j] * se_fit[j]).collect(),
        lower: (0..n).map(|j| end(j, -1.0)).collect(),
        upper: (0..n).map(|j| end(j, 1.0)).collect(),
        estimate: theta,
        vcov,
        log_likelihood: ll,
        aic: criteria.aic,
        bic: criteria.bic,
        n_customers: report.total_weight,
    })
}

/// A likelihood-ratio test of a restricted model against a fuller one that nests it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LikelihoodRatioTest {
    /// 2 (ln L_full − ln L_restricted).
    pub statistic: f64,
    /// Degrees of freedom: the parameters the full model adds.
    pub df: usize,
    /// P(χ²(df) ≥ statistic): small values reject the restricted model.
    pub p_value: f64,
}

impl LikelihoodRatioTest {
    /// The test from the two maximised log-likelihoods and parameter counts.
    ///
    /// The models must be nested (the restricted one a special case of the full one) and
    /// fitted to the same customers; the statistic is then asymptotically χ²(df) under the
    /// restriction. Errors: `invalid_config` when the full model does not have more
    /// parameters, or when its log-likelihood is lower than the restricted one's beyond
    /// rounding (1e-8 relative: the fits are not nested or one did not reach its maximum).
    /// A difference within rounding counts as a statistic of 0.
    ///
    /// ```
    /// use relmap::value::LikelihoodRatioTest;
    /// let t = LikelihoodRatioTest::new(-1000.0, 4, -995.0, 6)?;
    /// assert_eq!(t.df, 2);
    /// assert!((t.statistic - 10.0).abs() < 1e-12);
    /// assert!((t.p_value - (-5.0f64).exp()).abs() < 1e-12); // χ²(2) survival is e^(−x/2)
    /// # Ok::<(), relmap::value::ValueError>(())
    /// ```
    pub fn new(
        restricted_log_likelihood: f64,
        restricted_parameters: usize,
        full_log_likelihood: f64,
        full_parameters: usize,
    ) -> Result<LikelihoodRatioTest, ValueError> {
        check_config("restricted_log_likelihood", restricted_log_likelihood, true, "a finite log-likelihood")?;
        check_config("full_log_likelihood", full_log_likelihood, true, "a finite log-likelihood")?;
        check_config(
            "full_parameters",
            full_parameters as f64,
            full_parameters > restricted_parameters,
            "more parameters than the restricted model",
        )?;
        let diff = full_log_likelihood - restricted_log_likelihood;
        let tolerance = 1e-8 * full_log_likelihood.abs().max(1.0);
        check_config(
            "full_log_likelihood",
            full_log_likelihood,
            diff >= -tolerance,
            ">= the restricted log-likelihood (nested fits, both at their maximum)",
        )?;
        let statistic = 2.0 * diff.max(0.0);
        let df = full_parameters - restricted_parameters;
        Ok(LikelihoodRatioTest { statistic, df, p_value: chi_square_survival(statistic, df as f64) })
    }

    /// The test between two fitted summaries of nested models on the same customers.
    pub fn from_summaries(restricted: &FitSummary, full: &FitSummary) -> Result<LikelihoodRatioTest, ValueError> {
        let (a, b) = (restricted.n_customers, full.n_customers);
        check_config("n_customers", b, (a - b).abs() <= 1e-9 * a.abs().max(1.0), "the same customers in both fits")?;
        LikelihoodRatioTest::new(
            restricted.log_likelihood,
            restricted.parameter_count(),
            full.log_likelihood,
            full.parameter_count(),
        )
    }
}

/// P(χ²(df) ≥ x) = Q(df/2, x/2).
pub fn chi_square_survival(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    gamma_q(0.5 * df, 0.5 * x)
}

/// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a), a > 0, x ≥ 0:
/// the power series of P below x = a + 1, the Legendre continued fraction (modified
/// Lentz) above.
pub fn gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let ln_front = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..10_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        1.0 - sum * ln_front.exp()
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        ln_front.exp() * h
    }
}

/// Φ(z), the standard normal distribution function, through erfc = Q(1/2, ·).
pub fn normal_cdf(z: f64) -> f64 {
    let q = gamma_q(0.5, 0.5 * z * z);
    if z >= 0.0 {
        1.0 - 0.5 * q
    } else {
        0.5 * q
    }
}

/// Φ⁻¹(p) for p in (0, 1): the Abramowitz–Stegun 26.2.23 start refined by Newton steps
/// on the normal tail (full relative precision in both tails).
pub fn normal_quantile(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    if p < 0.5 {
        -upper_quantile(p)
    } else {
        upper_quantile(1.0 - p)
    }
}

/// z ≥ 0 with P(Z > z) = `tail`, tail in (0, 0.5].
fn upper_quantile(tail: f64) -> f64 {
    let t = (-2.0 * tail.ln()).sqrt();
    let mut z = t
        - (2.515_517 + 0.802_853 * t + 0.010_328 * t * t)
            / (1.0 + 1.432_788 * t + 0.189_269 * t * t + 0.001_308 * t * t * t);
    for _ in 0..60 {
        let q = 0.5 * gamma_q(0.5, 0.5 * z * z);
        let upper = if z >= 0.0 { q } else { 1.0 - q };
        let density = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let step = (upper - tail) / density;
        z += step;
        if step.abs() <= 1e-15 * z.abs().max(1.0) {
            break;
        }
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribution_functions_match_tables() {
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-13);
        assert!((normal_quantile(0.95) - 1.644_853_626_951_472_6).abs() < 1e-13);
        assert!((normal_quantile(0.5)).abs() < 1e-15);
        assert!((normal_quantile(1e-10) + 6.361_340_902_404_056).abs() < 1e-10);
        assert!((normal_cdf(1.0) - 0.841_344_746_068_542_9).abs() < 1e-15);
        // χ² survival: df 1 at 3.841459 is 0.05; df 4 at 9.487729 is 0.05; df 2 is e^(−x/2).
        assert!((chi_square_survival(3.841_458_820_694_124, 1.0) - 0.05).abs() < 1e-13);
        assert!((chi_square_survival(9.487_729_036_781_154, 4.0) - 0.05).abs() < 1e-13);
        assert!((chi_square_survival(0.7, 2.0) - (-0.35f64).exp()).abs() < 1e-15);
        // df 3: Q(3/2, x/2) = erfc(√(x/2)) + 2√(x/(2π)) e^(−x/2), at x = 100.
        assert!((chi_square_survival(100.0, 3.0) / 1.554_159_431_389_605e-21 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn eigen_inverse_and_singular_direction() {
        let a = [4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0];
        let inv = invert_information(&a, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|k| a[i * 3 + k] * inv[k * 3 + j]).sum();
                assert!((v - f64::from(u8::from(i == j))).abs() < 1e-13);
            }
        }
        // Rank one in the last two coordinates: the flat direction is (0, 1, −1)/√2, then the
        // first of the tied loadings is named.
        let s = [2.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0];
        assert!(matches!(invert_information(&s, 3), Err(1 | 2)));
        let neg = [1.0, 0.0, 0.0, -1e-3];
        assert_eq!(invert_information(&neg, 2), Err(1));
    }
}
