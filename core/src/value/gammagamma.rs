//! The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999).
//!
//! A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, v) across
//! customers, independent of the purchase process. The mean m of a repeat
//! buyer's x transactions then has log-likelihood
//! ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(xm+v).
//! Only customers with x > 0 enter the fit.

use serde::{Deserialize, Serialize};

use super::clv::ClvConfig;
use super::compress::{group_rows, Grouped};
use super::data::{check_weights, is_whole, RfmData};
use super::error::{check_len, ValueError};
use super::model::{check_fit_parts, check_params, FitConfig, PurchaseModel};
use super::optimize::{minimize_keeping, FitReport, Objective};
use super::special::{digamma, digamma_diff, ln_gamma, ln_gamma_ratio};

const MODEL: &str = "gamma_gamma";
const NAMES: [&str; 3] = ["p", "q", "v"];
/// Frequencies whose credibility weight `expected_spend` looks up rather than divides for.
const SPEND_WEIGHTS: usize = 256;

/// Gamma-Gamma parameters: transaction values Gamma(p, ν), ν ~ Gamma(q, v).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaParams {
    /// Shape of a customer's transaction values.
    pub p: f64,
    /// Shape of the scale distribution across customers.
    pub q: f64,
    /// Scale of the scale distribution (in money units).
    pub v: f64,
}

/// A Gamma-Gamma spend model: fitted by maximum likelihood or built from known parameters.
///
/// ```
/// use relmap::value::{FitConfig, GammaGamma};
/// let x = [1.0, 2.0, 3.0, 1.0, 0.0, 4.0, 2.0];
/// let m = [20.0, 35.5, 18.0, 60.0, 0.0, 25.0, 40.0];
/// let gg = GammaGamma::fit(&x, &m, None, &FitConfig::default())?;
/// let spend = gg.expected_spend(&x, &m)?;
/// assert!(spend[4] > 0.0); // no repeat purchase: the population mean
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    params: GammaGammaParams,
    log_likelihood: Option<f64>,
    report: Option<FitReport>,
}

/// Checks (frequency, monetary value) columns: whole x ≥ 0, m ≥ 0 finite, m > 0 where x > 0.
fn check_spend_input(frequency: &[f64], monetary: &[f64]) -> Result<(), ValueError> {
    if frequency.is_empty() {
        return Err(ValueError::EmptyInput { field: "frequency" });
    }
    check_len("monetary_value", monetary, frequency.len())?;
    for (i, (&x, &m)) in frequency.iter().zip(monetary).enumerate() {
        if !x.is_finite() {
            return Err(ValueError::NonFinite { field: "frequency", index: i, value: x });
        }
        if !m.is_finite() {
            return Err(ValueError::NonFinite { field: "monetary_value", index: i, value: m });
        }
        if x < 0.0 || !is_whole(x) {
            return Err(ValueError::OutOfRange {
                field: "frequency",
                index: i,
                value: x,
                expected: "a whole number >= 0",
            });
        }
        if m < 0.0 {
            return Err(ValueError::OutOfRange { field: "monetary_value", index: i, value: m, expected: ">= 0" });
        }
    }
    Ok(())
}

/// Checks that every repeat buyer taking part in a fit (x > 0, weight > 0) has m > 0, and
/// counts those repeat buyers. One pass without branches on the data (whether a customer
/// is a repeat buyer is a coin toss the branch predictor loses); the offending row is
/// looked for only when there is one.
fn check_fit_rows(frequency: &[f64], monetary: &[f64], weights: Option<&[f64]>) -> Result<usize, ValueError> {
    let used = |i: usize| (frequency[i] > 0.0) & weights.is_none_or(|w| w[i] > 0.0);
    let (mut n_used, mut bad) = (0usize, false);
    match weights {
        Some(w) => {
            for ((&x, &m), &w) in frequency.iter().zip(monetary).zip(w) {
                let u = (x > 0.0) & (w > 0.0);
                n_used += usize::from(u);
                bad |= u & (m == 0.0);
            }
        }
        None => {
            for (&x, &m) in frequency.iter().zip(monetary) {
                let u = x > 0.0;
                n_used += usize::from(u);
                bad |= u & (m == 0.0);
            }
        }
    }
    if let Some(i) = (0..frequency.len()).find(|&i| bad && used(i) && monetary[i] == 0.0) {
        return Err(ValueError::OutOfRange {
            field: "monetary_value",
            index: i,
            value: monetary[i],
            expected: "> 0 for repeat buyers in the fit (give such rows weight 0 to leave them out)",
        });
    }
    Ok(n_used)
}

impl GammaGamma {
    /// A model with known parameters (all must be positive and finite).
    pub fn new(params: GammaGammaParams) -> Result<GammaGamma, ValueError> {
        check_params(MODEL, &NAMES, &[params.p, params.q, params.v])?;
        Ok(GammaGamma { params, log_likelihood: None, report: None })
    }

    /// The fitted model from the parts a fit keeps: its parameters, maximised
    /// log-likelihood and report (with the observed information). A model kept as plain
    /// data (as the Python binding keeps `params_`, `log_likelihood_` and `report_`, or
    /// read back from JSON) rebuilt this way predicts, summarises and gives prediction
    /// intervals exactly as the fit did. Errors: `invalid_parameter` as [`Self::new`],
    /// `invalid_config` for a non-finite log-likelihood or an information matrix that is
    /// neither empty nor one row and column per parameter.
    pub fn from_fit(
        params: GammaGammaParams,
        log_likelihood: f64,
        report: FitReport,
    ) -> Result<GammaGamma, ValueError> {
        let model = GammaGamma::new(params)?;
        check_fit_parts(3, log_likelihood, &report)?;
        Ok(GammaGamma { log_likelihood: Some(log_likelihood), report: Some(report), ..model })
    }

    /// Fits p, q, v on the repeat buyers (x > 0) by maximum likelihood.
    ///
    /// `monetary_value` is each customer's mean repeat-purchase value (the summary's
    /// `monetary_value`); it must be > 0 for every repeat buyer with positive weight
    /// (give repeat buyers whose purchases were all free weight 0 to leave them out). Identical (x, m) rows are merged and amounts rescaled to
    /// mean 1 before the optimizer runs; the result is in the data's money unit.
    pub fn fit(
        frequency: &[f64],
        monetary_value: &[f64],
        weights: Option<&[f64]>,
        config: &FitConfig,
    ) -> Result<GammaGamma, ValueError> {
        config.validate(MODEL, &NAMES)?;
        check_spend_input(frequency, monetary_value)?;
        check_weights(weights, frequency.len())?;
        let n_used = check_fit_rows(frequency, monetary_value, weights)?;
        let used = |i: usize| frequency[i] > 0.0 && weights.is_none_or(|w| w[i] > 0.0);
        let needed = config.min_customers.max(2);
        if n_used < needed {
            return Err(ValueError::TooFewCustomers { model: MODEL, needed, got: n_used });
        }
        // The scale is summed over the distinct (x, m) rows in their sorted order, so it
        // does not depend on the customers' order: a fit of the same rows compressed to
        // counts elsewhere (a distributed summary) gets the very same scale and fit.
        let distinct = group_rows(frequency, monetary_value, monetary_value, weights, used);
        let (mut sum, mut wsum) = (0.0, 0.0);
        for (m, w) in distinct.u.iter().zip(&distinct.w) {
            sum += w * m;
            wsum += w;
        }
        let c = wsum / sum; // amounts × c have weighted mean 1
                            // The same distinct rows on the rescaled amounts (scaling by c > 0 keeps their
                            // order), with ln m for the likelihood: no second pass over the customers.
        let mut rows = distinct;
        rows.u.iter_mut().for_each(|m| *m *= c);
        rows.v = rows.u.iter().map(|m| m.ln()).collect();
        let start = match &config.initial {
            Some(p) => vec![p[0].ln(), p[1].ln(), (p[2] * c).ln()],
            None => vec![0.0; 3],
        };
        let objective = Likelihood { rows: &rows, total: rows.total_weight() };
        let opt = minimize_keeping(&objective, &start, &config.optimizer, MODEL, &NAMES, config.standard_errors)?
            .with_information(&objective, rows.total_weight(), config.standard_errors);
        let params = GammaGammaParams { p: opt.x[0].exp(), q: opt.x[1].exp(), v: opt.x[2].exp() / c };
        let mut model = GammaGamma::new(params)?;
        // Rescaling amounts by c shifts each repeat buyer's log-likelihood by −ln c.
        model.log_likelihood = Some(-opt.value * rows.total_weight() + rows.total_weight() * c.ln());
        let mut report = opt.report;
        report.distinct_rows = rows.rows();
        report.total_weight = rows.total_weight();
        model.report = Some(report);
        Ok(model)
    }

    /// The parameters.
    pub fn params(&self) -> GammaGammaParams {
        self.params
    }

    /// The maximised log-likelihood (summed over repeat buyers), for a fitted model.
    pub fn log_likelihood(&self) -> Option<f64> {
        self.log_likelihood
    }

    /// How the fit went, for a fitted model.
    pub fn report(&self) -> Option<&FitReport> {
        self.report.as_ref()
    }

    /// The estimates with standard errors, confidence intervals at `level`, covariance,
    /// AIC and BIC (see [`FitSummary`](super::FitSummary)); N counts the repeat buyers the fit saw.
    pub fn summary(&self, level: f64) -> Result<super::FitSummary, ValueError> {
        let GammaGammaParams { p, q, v } = self.params;
        let estimates = [("p", p), ("q", q), ("v", v)];
        super::uncertainty::summarize(MODEL, &estimates, self.log_likelihood, self.report.as_ref(), level)
    }

    /// The weighted log-likelihood of the repeat buyers in the data under these parameters.
    pub fn log_likelihood_of(
        &self,
        frequency: &[f64],
        monetary_value: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<f64, ValueError> {
        check_spend_input(frequency, monetary_value)?;
        check_weights(weights, frequency.len())?;
        check_fit_rows(frequency, monetary_value, weights)?;
        let ln_m: Vec<f64> = monetary_value.iter().map(|m| if *m > 0.0 { m.ln() } else { 0.0 }).collect();
        let rows = group_rows(frequency, monetary_value, &ln_m, weights, |i| frequency[i] > 0.0);
        let p = self.params;
        Ok(-Likelihood { rows: &rows, total: 1.0 }.eval(&[p.p.ln(), p.q.ln(), p.v.ln()], None))
    }

    /// Population mean spend per transaction, v·p/(q−1); undefined for q ≤ 1.
    pub fn mean_spend(&self) -> Result<f64, ValueError> {
        let GammaGammaParams { p, q, v } = self.params;
        if q <= 1.0 {
            return Err(ValueError::Undefined {
                model: MODEL,
                what: "mean spend",
                reason: "q <= 1 gives an infinite mean",
            });
        }
        let mean = v * p / (q - 1.0);
        if !mean.is_finite() {
            return Err(ValueError::Undefined {
                model: MODEL,
                what: "mean spend",
                reason: "v·p/(q−1) is beyond the largest finite number",
            });
        }
        Ok(mean)
    }

    /// Expected spend per future transaction of each customer:
    /// E[Z | x, m] = (1−w)·v p/(q−1) + w·m with w = p x / (p x + q − 1) (the population
    /// mean for x = 0). Undefined for q ≤ 1.
    pub fn expected_spend(&self, frequency: &[f64], monetary_value: &[f64]) -> Result<Vec<f64>, ValueError> {
        check_spend_input(frequency, monetary_value)?;
        let mean = self.mean_spend()?;
        let GammaGammaParams { p, q, .. } = self.params;
        // w = p x / (p x + q − 1), written so p x = ∞ gives 1 and x = 0 gives 0.
        let weight = |x: f64| 1.0 / (1.0 + (q - 1.0) / (p * x));
        // x is a whole number, mostly small: w of x below SPEND_WEIGHTS from a table.
        let table: Vec<f64> = (0..SPEND_WEIGHTS).map(|x| weight(x as f64)).collect();
        Ok(frequency
            .iter()
            .zip(monetary_value)
            .map(|(&x, &m)| {
                let w = if x < SPEND_WEIGHTS as f64 { table[x as usize] } else { weight(x) };
                (1.0 - w) * mean + w * m
            })
            .collect())
    }

    /// CLV of every customer: `model`'s discounted purchases times this model's
    /// expected spend times the margin (see [`ClvConfig`]).
    pub fn clv<M: PurchaseModel + ?Sized>(
        &self,
        model: &M,
        data: &RfmData<'_>,
        monetary_value: &[f64],
        config: &ClvConfig,
    ) -> Result<Vec<f64>, ValueError> {
        let spend = self.expected_spend(data.frequency(), monetary_value)?;
        model.clv(&spend, data, config)
    }
}

/// −(Σ w ℓ)/total over grouped repeat buyers (u = m, v = ln m), as a function of ln(p, q, v).
struct Likelihood<'a> {
    rows: &'a Grouped,
    total: f64,
}

impl Objective for Likelihood<'_> {
    fn eval(&self, theta: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let (p, q, v) = (theta[0].exp(), theta[1].exp(), theta[2].exp());
        let rows = self.rows;
        let want_grad = grad.is_some();
        let (lg_q, ln_v) = (ln_gamma(q), v.ln());
        let dg_q = if want_grad { digamma(q) } else { 0.0 };
        let mut ll = 0.0;
        let mut g = [0.0f64; 3];
        for (k, &x) in rows.xs.iter().enumerate() {
            let px = p * x;
            let ln_x = x.ln();
            // ln Γ(px+q) − ln Γ(px) without cancellation (and O(1)) for large x.
            let head = ln_gamma_ratio(px, q) - lg_q + q * ln_v + px * ln_x;
            let (mut s_w, mut s_ll, mut s_lnm, mut s_lnd, mut s_inv) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for i in rows.start[k]..rows.start[k + 1] {
                let (w, m, ln_m) = (rows.w[i], rows.u[i], rows.v[i]);
                let denom = x * m + v;
                let ln_d = denom.ln();
                s_w += w;
                s_ll += w * ((px - 1.0) * ln_m - (px + q) * ln_d);
                if want_grad {
                    s_lnm += w * ln_m;
                    s_lnd += w * ln_d;
                    s_inv += w / denom;
                }
            }
            ll += s_w * head + s_ll;
            if want_grad {
                let rise = digamma_diff(px, q); // ψ(px+q) − ψ(px)
                g[0] += x * (s_w * (rise + ln_x) + s_lnm - s_lnd);
                g[1] += s_w * (digamma(px + q) - dg_q + ln_v) - s_lnd;
                g[2] += s_w * q / v - (px + q) * s_inv;
            }
        }
        if let Some(out) = grad {
            let par = [p, q, v];
            for j in 0..3 {
                out[j] = -g[j] * par[j] / self.total;
            }
        }
        -ll / self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_does_not_depend_on_the_order_or_on_compression() {
        // Amounts whose sum depends on the order of addition in the last bit.
        let x: Vec<f64> = (0..200).map(|i| (1 + i % 4) as f64).collect();
        let m: Vec<f64> =
            (0..200).map(|i| 5.0 + (i % 7) as f64 * 0.37 + (i % 3) as f64 * 1.1 + (i % 11) as f64).collect();
        let config = FitConfig::default();
        let fit = GammaGamma::fit(&x, &m, None, &config).unwrap();
        let (rx, rm): (Vec<f64>, Vec<f64>) = x.iter().zip(&m).rev().map(|(a, b)| (*a, *b)).unzip();
        let reversed = GammaGamma::fit(&rx, &rm, None, &config).unwrap();
        assert_eq!(fit.params(), reversed.params());
        // The distinct rows with their counts, as a distributed fit sends them.
        let g = group_rows(&x, &m, &m, None, |_| true);
        let mut cx = Vec::new();
        for (k, &xk) in g.xs.iter().enumerate() {
            let end = g.start.get(k + 1).copied().unwrap_or(g.u.len());
            cx.extend(std::iter::repeat_n(xk, end - g.start[k]));
        }
        let compressed = GammaGamma::fit(&cx, &g.u, Some(&g.w), &config).unwrap();
        assert_eq!(fit.params(), compressed.params());
        assert_eq!(fit.log_likelihood(), compressed.log_likelihood());
    }

    #[test]
    fn analytic_gradient_matches_central_differences() {
        let x = [1.0, 2.0, 3.0, 1.0, 2.0];
        let m = [0.5, 1.5, 0.8, 2.0, 1.5];
        let ln_m: Vec<f64> = m.iter().map(|v: &f64| v.ln()).collect();
        let rows = group_rows(&x, &m, &ln_m, Some(&[1.0, 2.0, 1.0, 0.5, 1.0]), |_| true);
        let obj = Likelihood { rows: &rows, total: rows.total_weight() };
        let theta = [1.2, 0.8, 0.3];
        let mut g = [0.0; 3];
        obj.eval(&theta, Some(&mut g));
        let mut fd = [0.0; 3];
        crate::value::optimize::central_gradient(&|th: &[f64]| obj.eval(th, None), &theta, 1e-6, &mut fd);
        for j in 0..3 {
            assert!((g[j] - fd[j]).abs() < 1e-8, "component {j}: {} vs {}", g[j], fd[j]);
        }
    }

    #[test]
    fn bad_spend_input_is_refused() {
        assert_eq!(check_spend_input(&[1.0], &[-1.0]).unwrap_err().code(), "out_of_range");
        assert_eq!(check_fit_rows(&[1.0], &[0.0], None).unwrap_err().code(), "out_of_range");
        assert_eq!(check_fit_rows(&[1.0], &[0.0], Some(&[0.0])), Ok(0));
        assert_eq!(check_fit_rows(&[1.0, 0.0, 2.0], &[3.0, 0.0, 1.0], None), Ok(2));
        assert!(is_whole(3.0) && !is_whole(2.5) && is_whole(1e300) && !is_whole(1e15 + 0.5) && is_whole(0.0));
        assert_eq!(check_spend_input(&[1.0], &[f64::NAN]).unwrap_err().code(), "non_finite");
        assert_eq!(check_spend_input(&[1.0, 0.0], &[3.0]).unwrap_err().code(), "length_mismatch");
        let gg = GammaGamma::new(GammaGammaParams { p: 6.0, q: 0.9, v: 15.0 }).unwrap();
        assert_eq!(gg.expected_spend(&[1.0], &[3.0]).unwrap_err().code(), "undefined");
        let err = GammaGamma::fit(&[1.0, 0.0, 0.0], &[3.0, 0.0, 0.0], None, &FitConfig::default()).unwrap_err();
        assert_eq!(err, ValueError::TooFewCustomers { model: "gamma_gamma", needed: 2, got: 1 });
    }
}
