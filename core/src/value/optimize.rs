//! Maximum-likelihood optimizer over log-parameters.
//!
//! The models minimise f(θ) = −(Σ wᵢ ℓᵢ) / Σ wᵢ, the weighted mean negative
//! log-likelihood, over θ = ln(parameters), so every parameter stays positive
//! and f is of order one whatever the number of customers.
//!
//! Method: BFGS on the inverse Hessian, with the gradient the model supplies
//! (analytic, or central differences), a backtracking Armijo line search, and
//! steps capped at `max_step` in every log-parameter. If the line search fails
//! from a point that does not yet meet the stopping rule, the inverse Hessian is
//! reset to the identity once; if it fails again, Nelder–Mead restarts from the
//! best point and BFGS then polishes its result.
//!
//! Stopping rule (see [`OptimizerConfig`]):
//! 1. converged when ‖∇f‖∞ ≤ `gradient_tolerance`;
//! 2. converged when no step along a descent direction lowers f any more (the
//!    optimum is reached to floating-point precision) and ‖∇f‖∞ ≤
//!    `stall_gradient_tolerance`;
//! 3. [`ValueError::NotConverged`] (with the last gradient norm) when
//!    `max_iterations` BFGS iterations pass without 1 or 2;
//! 4. [`ValueError::Diverged`] when a log-parameter leaves ±`max_log_param`
//!    (the data do not identify the model: a parameter runs to 0 or ∞).

use serde::{Deserialize, Serialize};

use super::error::{check_config, ValueError};

/// Settings of the maximum-likelihood optimizer; the defaults suit every model here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OptimizerConfig {
    /// Cap on BFGS iterations. Default 500.
    pub max_iterations: usize,
    /// Converged when the largest gradient component of the mean negative
    /// log-likelihood (w.r.t. log-parameters) is at most this. Default 1e-9.
    pub gradient_tolerance: f64,
    /// Converged also when the line search can no longer lower f and the gradient
    /// is at most this. Default 1e-5.
    pub stall_gradient_tolerance: f64,
    /// Largest change of one log-parameter in one step. Default 3 (a factor e³ ≈ 20).
    pub max_step: f64,
    /// Armijo sufficient-decrease constant. Default 1e-4.
    pub armijo: f64,
    /// A log-parameter beyond ± this means the fit diverged. Default 30 (e³⁰ ≈ 1e13).
    pub max_log_param: f64,
    /// Cap on Nelder–Mead iterations in the fallback. Default 4000.
    pub nelder_mead_iterations: usize,
    /// Step of the central differences where a model has no analytic gradient. Default 1e-5.
    pub finite_difference_step: f64,
}

impl Default for OptimizerConfig {
    fn default() -> Self {
        OptimizerConfig {
            max_iterations: 500,
            gradient_tolerance: 1e-9,
            stall_gradient_tolerance: 1e-5,
            max_step: 3.0,
            armijo: 1e-4,
            max_log_param: 30.0,
            nelder_mead_iterations: 4000,
            finite_difference_step: 1e-5,
        }
    }
}

impl OptimizerConfig {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ValueError> {
        check_config("max_iterations", self.max_iterations as f64, self.max_iterations > 0, ">= 1")?;
        check_config("gradient_tolerance", self.gradient_tolerance, self.gradient_tolerance > 0.0, "> 0")?;
        check_config(
            "stall_gradient_tolerance",
            self.stall_gradient_tolerance,
            self.stall_gradient_tolerance >= self.gradient_tolerance,
            ">= gradient_tolerance",
        )?;
        check_config("max_step", self.max_step, self.max_step > 0.0, "> 0")?;
        check_config("armijo", self.armijo, self.armijo > 0.0 && self.armijo < 0.5, "in (0, 0.5)")?;
        check_config("max_log_param", self.max_log_param, self.max_log_param > 0.0, "> 0")?;
        check_config(
            "finite_difference_step",
            self.finite_difference_step,
            self.finite_difference_step > 0.0 && self.finite_difference_step < 0.1,
            "in (0, 0.1)",
        )
    }
}

/// How a fit ended: reported with every fitted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// BFGS iterations (plus Nelder–Mead iterations in the fallback).
    pub iterations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
    /// ‖∇f‖∞ of the mean negative log-likelihood at the optimum (log-parameters).
    pub gradient_norm: f64,
    /// Whether the Nelder–Mead fallback ran.
    pub used_nelder_mead: bool,
    /// Distinct rows the likelihood was summed over (after compressing identical rows).
    pub distinct_rows: usize,
    /// Total weight (number of customers when unweighted).
    pub total_weight: f64,
    /// Parameters the fit drove towards 0 or ∞: beyond e^±15 in the rescaled units
    /// the fit works in (times with the largest T = 1, amounts likewise). The
    /// likelihood is flat that way: the data barely identify those parameters (too
    /// few customers, or no heterogeneity left to model), so read the predictions
    /// with care. Empty for a well-posed fit.
    #[serde(default)]
    pub at_bound: Vec<String>,
    /// The observed information at the optimum: the Hessian of the negative
    /// log-likelihood (summed over customers) with respect to the log-parameters,
    /// row-major, in the model's parameter order. Empty when the fit skipped it
    /// ([`FitConfig::standard_errors`](super::FitConfig::standard_errors) off). The
    /// summaries ([`FitSummary`](super::FitSummary)) invert it. Part of the JSON form, so
    /// a model read back from JSON keeps its standard errors (older JSON without the
    /// field reads as empty: refit it for a summary).
    /// A non-finite entry (a fit on a boundary) is written as `null` and read back as NaN.
    #[serde(default, deserialize_with = "nullable_floats")]
    pub information: Vec<f64>,
}

/// Numbers where `null` stands for a non-finite one (how JSON writes NaN and ±∞).
fn nullable_floats<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    let values: Vec<Option<f64>> = Deserialize::deserialize(d)?;
    Ok(values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

/// |ln θ| beyond which [`FitReport::at_bound`] lists a parameter (rescaled units).
pub(crate) const BOUNDARY_LOG_PARAM: f64 = 15.0;

impl Optimum {
    /// Keeps the observed information of `obj` at the optimum (the objective being the
    /// mean over `total` weight) when `wanted`.
    pub(crate) fn with_information<O: Objective>(mut self, obj: &O, total: f64, wanted: bool) -> Optimum {
        if wanted {
            self.report.information =
                super::uncertainty::observed_information(obj, &self.x, self.gradient.as_deref(), total);
        }
        self
    }
}

/// A function to minimise: its value and, when asked, its gradient.
pub(crate) trait Objective {
    /// f(x); fills `grad` with ∇f(x) when given. Returns a non-finite value where f is undefined.
    fn eval(&self, x: &[f64], grad: Option<&mut [f64]>) -> f64;

    /// Whether the gradient `eval` fills is analytic (true) or itself a difference quotient:
    /// the observed information then comes from second differences of f instead.
    fn has_analytic_gradient(&self) -> bool {
        true
    }
}

/// The result of [`minimize`].
#[derive(Debug)]
pub(crate) struct Optimum {
    pub x: Vec<f64>,
    /// f at `x`.
    pub value: f64,
    /// ∇f at `x`, when the objective's gradient is analytic.
    pub gradient: Option<Vec<f64>>,
    pub report: FitReport,
}

fn inf_norm(g: &[f64]) -> f64 {
    g.iter().fold(0.0f64, |m, v| m.max(v.abs()))
}

struct Counter<'a, O: Objective> {
    obj: &'a O,
    evaluations: usize,
}

impl<O: Objective> Counter<'_, O> {
    fn eval(&mut self, x: &[f64], grad: Option<&mut [f64]>) -> f64 {
        self.evaluations += 1;
        self.obj.eval(x, grad)
    }
}

#[cfg(test)]
/// Minimises `obj` from `x0` (log-parameters) by the rule in the module docs.
pub(crate) fn minimize<O: Objective>(
    obj: &O,
    x0: &[f64],
    cfg: &OptimizerConfig,
    model: &'static str,
    names: &[&'static str],
) -> Result<Optimum, ValueError> {
    minimize_keeping(obj, x0, cfg, model, names, false)
}

/// [`minimize`], keeping ∇f at the optimum when `keep_gradient` and the gradient is
/// analytic (for the observed information).
pub(crate) fn minimize_keeping<O: Objective>(
    obj: &O,
    x0: &[f64],
    cfg: &OptimizerConfig,
    model: &'static str,
    names: &[&'static str],
    keep_gradient: bool,
) -> Result<Optimum, ValueError> {
    let mut counter = Counter { obj, evaluations: 0 };
    let mut used_nm = false;
    let mut nm_iterations = 0;
    let mut x = x0.to_vec();
    let mut total_iterations = 0;
    for round in 0..2 {
        match bfgs(&mut counter, &x, cfg, model, names)? {
            Bfgs::Converged { x: xo, grad_norm, iterations } => {
                total_iterations += iterations;
                // With an analytic gradient, keep ∇f at the optimum: the observed
                // information then needs one gradient per parameter (forward differences).
                let mut grad = vec![0.0; xo.len()];
                let (value, gradient) = if keep_gradient && obj.has_analytic_gradient() {
                    (counter.eval(&xo, Some(&mut grad)), Some(grad))
                } else {
                    (counter.eval(&xo, None), None)
                };
                let at_bound = names
                    .iter()
                    .zip(&xo)
                    .filter(|(_, v)| v.abs() > BOUNDARY_LOG_PARAM)
                    .map(|(n, _)| (*n).to_owned())
                    .collect();
                return Ok(Optimum {
                    value,
                    gradient,
                    x: xo,
                    report: FitReport {
                        iterations: total_iterations + nm_iterations,
                        evaluations: counter.evaluations,
                        gradient_norm: grad_norm,
                        used_nelder_mead: used_nm,
                        distinct_rows: 0,
                        total_weight: 0.0,
                        at_bound,
                        information: Vec::new(),
                    },
                });
            }
            Bfgs::Stalled { x: xs, grad_norm, iterations } => {
                total_iterations += iterations;
                if round == 1 {
                    return Err(ValueError::NotConverged {
                        model,
                        iterations: total_iterations + nm_iterations,
                        gradient_norm: grad_norm,
                    });
                }
                used_nm = true;
                let (xn, it) = nelder_mead(&mut counter, &xs, cfg);
                check_bounds(&xn, cfg, model, names)?;
                nm_iterations += it;
                x = xn;
            }
        }
    }
    unreachable!("the loop returns in its second round")
}

fn check_bounds(
    x: &[f64],
    cfg: &OptimizerConfig,
    model: &'static str,
    names: &[&'static str],
) -> Result<(), ValueError> {
    match x.iter().position(|v| v.abs() > cfg.max_log_param) {
        None => Ok(()),
        Some(i) => Err(ValueError::Diverged { model, param: names[i], value: x[i].exp() }),
    }
}

enum Bfgs {
    Converged { x: Vec<f64>, grad_norm: f64, iterations: usize },
    Stalled { x: Vec<f64>, grad_norm: f64, iterations: usize },
}

fn bfgs<O: Objective>(
    obj: &mut Counter<'_, O>,
    x0: &[f64],
    cfg: &OptimizerConfig,
    model: &'static str,
    names: &[&'static str],
) -> Result<Bfgs, ValueError> {
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut g = vec![0.0; n];
    let mut f = obj.eval(&x, Some(&mut g));
    if !f.is_finite() || g.iter().any(|v| !v.is_finite()) {
        return Err(ValueError::NotConverged { model, iterations: 0, gradient_norm: f64::NAN });
    }
    let identity = |h: &mut Vec<f64>| {
        h.iter_mut().for_each(|v| *v = 0.0);
        (0..n).for_each(|i| h[i * n + i] = 1.0);
    };
    let mut h = vec![0.0; n * n];
    identity(&mut h);
    let mut h_is_identity = true;
    let mut g_new = vec![0.0; n];
    let mut x_new = vec![0.0; n];
    for iter in 0..cfg.max_iterations {
        let gn = inf_norm(&g);
        if gn <= cfg.gradient_tolerance {
            return Ok(Bfgs::Converged { x, grad_norm: gn, iterations: iter });
        }
        // Direction d = −H g, a descent direction or else steepest descent.
        let mut d: Vec<f64> = (0..n).map(|i| -(0..n).map(|j| h[i * n + j] * g[j]).sum::<f64>()).collect();
        let mut slope: f64 = d.iter().zip(&g).map(|(a, b)| a * b).sum();
        if slope >= 0.0 || !slope.is_finite() {
            identity(&mut h);
            h_is_identity = true;
            d = g.iter().map(|v| -v).collect();
            slope = -g.iter().map(|v| v * v).sum::<f64>();
        }
        let longest = inf_norm(&d);
        if longest > cfg.max_step {
            let s = cfg.max_step / longest;
            d.iter_mut().for_each(|v| *v *= s);
            slope *= s;
        }
        // Backtracking Armijo line search.
        let mut step = 1.0;
        let mut accepted = None;
        while step * longest.min(cfg.max_step) > 1e-14 {
            for i in 0..n {
                x_new[i] = x[i] + step * d[i];
            }
            let fv = obj.eval(&x_new, Some(&mut g_new));
            // Strict decrease: a step that leaves f unchanged (noise level) is no progress.
            if fv.is_finite() && g_new.iter().all(|v| v.is_finite()) && fv < f && fv <= f + cfg.armijo * step * slope {
                accepted = Some(fv);
                break;
            }
            step *= 0.5;
        }
        let Some(f_new) = accepted else {
            if gn <= cfg.stall_gradient_tolerance {
                return Ok(Bfgs::Converged { x, grad_norm: gn, iterations: iter });
            }
            if !h_is_identity {
                identity(&mut h);
                h_is_identity = true;
                continue;
            }
            return Ok(Bfgs::Stalled { x, grad_norm: gn, iterations: iter });
        };
        check_bounds(&x_new, cfg, model, names)?;
        // BFGS update of the inverse Hessian.
        let s: Vec<f64> = (0..n).map(|i| x_new[i] - x[i]).collect();
        let y: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        let yy: f64 = y.iter().map(|v| v * v).sum();
        if sy > 1e-12 * yy.sqrt() * s.iter().map(|v| v * v).sum::<f64>().sqrt() {
            if h_is_identity {
                let scale = sy / yy;
                h.iter_mut().for_each(|v| *v *= scale);
            }
            let rho = 1.0 / sy;
            let hy: Vec<f64> = (0..n).map(|i| (0..n).map(|j| h[i * n + j] * y[j]).sum()).collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
            h_is_identity = false;
        }
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        f = f_new;
    }
    Err(ValueError::NotConverged { model, iterations: cfg.max_iterations, gradient_norm: inf_norm(&g) })
}

/// Nelder–Mead with the dimension-adapted coefficients of Gao & Han (2012).
fn nelder_mead<O: Objective>(obj: &mut Counter<'_, O>, x0: &[f64], cfg: &OptimizerConfig) -> (Vec<f64>, usize) {
    let n = x0.len();
    let nf = n as f64;
    let (alpha, gamma, rho, sigma) = (1.0, 1.0 + 2.0 / nf, 0.75 - 1.0 / (2.0 * nf), 1.0 - 1.0 / nf);
    let eval = |obj: &mut Counter<'_, O>, x: &[f64]| {
        let v = obj.eval(x, None);
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = vec![(x0.to_vec(), eval(obj, x0))];
    for i in 0..n {
        let mut p = x0.to_vec();
        p[i] += 0.5;
        let v = eval(obj, &p);
        simplex.push((p, v));
    }
    let mut it = 0;
    while it < cfg.nelder_mead_iterations {
        it += 1;
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[n].1);
        let size = simplex[1..].iter().map(|p| inf_norm(&sub(&p.0, &simplex[0].0))).fold(0.0, f64::max);
        if (worst - best).abs() <= 1e-15 * (1.0 + best.abs()) && size <= 1e-10 {
            break;
        }
        let centroid: Vec<f64> = (0..n).map(|j| simplex[..n].iter().map(|p| p.0[j]).sum::<f64>() / nf).collect();
        let along =
            |t: f64| -> Vec<f64> { (0..n).map(|j| centroid[j] + t * (simplex[n].0[j] - centroid[j])).collect() };
        let xr = along(-alpha);
        let fr = eval(obj, &xr);
        if fr < simplex[0].1 {
            let xe = along(-alpha * gamma);
            let fe = eval(obj, &xe);
            simplex[n] = if fe < fr { (xe, fe) } else { (xr, fr) };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (xr, fr);
        } else {
            let (xc, fc) = if fr < worst {
                let xc = along(-alpha * rho);
                let fc = eval(obj, &xc);
                (xc, fc)
            } else {
                let xc = along(rho);
                let fc = eval(obj, &xc);
                (xc, fc)
            };
            if fc < worst.min(fr) {
                simplex[n] = (xc, fc);
            } else {
                let x_best = simplex[0].0.clone();
                for p in simplex.iter_mut().skip(1) {
                    p.0 = (0..n).map(|j| x_best[j] + sigma * (p.0[j] - x_best[j])).collect();
                    p.1 = eval(obj, &p.0);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    (simplex.swap_remove(0).0, it)
}

fn sub(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

/// Central-difference gradient of `f` at `x` with relative step `h`.
pub(crate) fn central_gradient(f: &impl Fn(&[f64]) -> f64, x: &[f64], h: f64, grad: &mut [f64]) {
    let mut p = x.to_vec();
    for i in 0..x.len() {
        let step = h * x[i].abs().max(1.0);
        p[i] = x[i] + step;
        let up = f(&p);
        p[i] = x[i] - step;
        let down = f(&p);
        p[i] = x[i];
        grad[i] = (up - down) / (2.0 * step);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rosenbrock: a curved valley, minimum 0 at (1, 1).
    struct Rosenbrock;
    impl Objective for Rosenbrock {
        fn eval(&self, x: &[f64], grad: Option<&mut [f64]>) -> f64 {
            let (a, b) = (x[0], x[1]);
            if let Some(g) = grad {
                g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
                g[1] = 200.0 * (b - a * a);
            }
            (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
        }
    }

    #[test]
    fn bfgs_finds_the_rosenbrock_minimum() {
        let opt = minimize(&Rosenbrock, &[-1.2, 1.0], &OptimizerConfig::default(), "test", &["a", "b"]).unwrap();
        assert!((opt.x[0] - 1.0).abs() < 1e-7 && (opt.x[1] - 1.0).abs() < 1e-7, "{:?}", opt.x);
        assert!(opt.report.gradient_norm <= 1e-5);
    }

    #[test]
    fn iteration_cap_gives_a_typed_error_with_the_gradient() {
        let cfg = OptimizerConfig { max_iterations: 3, ..OptimizerConfig::default() };
        match minimize(&Rosenbrock, &[-1.2, 1.0], &cfg, "test", &["a", "b"]) {
            Err(ValueError::NotConverged { iterations: 3, gradient_norm, .. }) => assert!(gradient_norm > 0.0),
            other => panic!("{:?}", other.map(|o| o.x)),
        }
    }

    /// f decreases forever as x[0] grows: the parameter must be reported as diverged.
    struct Unbounded;
    impl Objective for Unbounded {
        fn eval(&self, x: &[f64], grad: Option<&mut [f64]>) -> f64 {
            if let Some(g) = grad {
                g[0] = -(-x[0]).exp() - 0.01;
            }
            (-x[0]).exp() - 0.01 * x[0]
        }
    }

    #[test]
    fn runaway_parameter_is_reported() {
        let err = minimize(&Unbounded, &[0.0], &OptimizerConfig::default(), "test", &["v"]).unwrap_err();
        assert_eq!(err.code(), "diverged");
    }

    #[test]
    fn nelder_mead_fallback_handles_a_kinked_function() {
        // |x| + |y| has no gradient at the optimum: BFGS stalls, Nelder–Mead finishes.
        struct Kink;
        impl Objective for Kink {
            fn eval(&self, x: &[f64], grad: Option<&mut [f64]>) -> f64 {
                if let Some(g) = grad {
                    g[0] = x[0].signum();
                    g[1] = 3.0 * x[1].signum();
                }
                x[0].abs() + 3.0 * x[1].abs()
            }
        }
        let r = minimize(&Kink, &[0.7, -0.4], &OptimizerConfig::default(), "test", &["a", "b"]);
        // The gradient never vanishes, so the honest answer is a typed error after the fallback.
        assert_eq!(r.err().map(|e| e.code()), Some("not_converged"));
        let mut g = [0.0; 2];
        central_gradient(&|x: &[f64]| x[0] * x[0] + 3.0 * x[1], &[2.0, 1.0], 1e-6, &mut g);
        assert!((g[0] - 4.0).abs() < 1e-6 && (g[1] - 3.0).abs() < 1e-6);
    }
}
