//! The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way").
//!
//! While alive a customer buys at Poisson rate λ ~ Gamma(r, α); after every
//! purchase they drop out with probability p ~ Beta(a, b). With
//! A₁ = ln Γ(r+x) − ln Γ(r) + r ln α,
//! A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
//! A₃ = −(r+x) ln(α+T) and A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x),
//! a customer's log-likelihood is A₁ + A₂ + ln(e^A₃ + [x>0] e^A₄), summed by log-sum-exp.

use serde::{Deserialize, Serialize};

use super::data::{group_rows, Grouped, RfmData};
use super::error::ValueError;
use super::model::{check_fit_input, check_params, time_scale, FitConfig, PurchaseModel};
use super::optimize::{minimize, FitReport, Objective, Optimum};
use super::par::map_indexed;
use super::simulate::SeededRng;
use super::special::{digamma_rising_table, ln_rising_table, log_add_exp};

const MODEL: &str = "bg_nbd";
const NAMES: [&str; 4] = ["r", "alpha", "a", "b"];
/// Cap on terms of the conditional-expectation series.
const MAX_TERMS: usize = 1_000_000;

/// BG/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout p ~ Beta(a, b).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BetaGeoParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (in the data's time unit).
    pub alpha: f64,
    /// First shape of the dropout-probability distribution.
    pub a: f64,
    /// Second shape of the dropout-probability distribution.
    pub b: f64,
}

impl BetaGeoParams {
    fn to_array(self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }
}

/// A BG/NBD model: fitted by maximum likelihood or built from known parameters.
///
/// ```
/// use relmap::value::{BetaGeo, FitConfig, PurchaseModel, RfmData};
/// let x = [2.0, 1.0, 0.0, 0.0, 1.0, 3.0, 0.0];
/// let tx = [30.4, 1.7, 0.0, 0.0, 20.0, 35.0, 0.0];
/// let t = [38.9, 38.9, 38.9, 38.9, 30.0, 36.0, 32.0];
/// let data = RfmData::new(&x, &tx, &t)?;
/// let bg = BetaGeo::fit(&data, None, &FitConfig::default())?;
/// let p = bg.p_alive(&data)?;
/// assert!(p.iter().all(|&v| (0.0..=1.0).contains(&v)));
/// assert_eq!(p[2], 1.0); // no repeat purchase: never seen to drop out
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BetaGeo {
    params: BetaGeoParams,
    log_likelihood: Option<f64>,
    report: Option<FitReport>,
}

impl BetaGeo {
    /// A model with known parameters (all must be positive and finite).
    pub fn new(params: BetaGeoParams) -> Result<BetaGeo, ValueError> {
        check_params(MODEL, &NAMES, &params.to_array())?;
        Ok(BetaGeo { params, log_likelihood: None, report: None })
    }

    /// Fits r, α, a, b by maximum likelihood; `weights` count identical customers.
    ///
    /// Identical (x, t_x, T) rows are merged (their weights summed) before the
    /// optimizer runs, and times are rescaled so the largest T is 1; the result
    /// is in the data's units. Errors: [`ValueError::TooFewCustomers`],
    /// [`ValueError::NoRepeatPurchases`], [`ValueError::NotConverged`],
    /// [`ValueError::Diverged`].
    pub fn fit(data: &RfmData<'_>, weights: Option<&[f64]>, config: &FitConfig) -> Result<BetaGeo, ValueError> {
        config.validate(MODEL, &NAMES)?;
        check_fit_input(MODEL, data, weights, config)?;
        let c = time_scale(data.t());
        let scaled_tx: Vec<f64> = data.recency().iter().map(|v| v * c).collect();
        let scaled_t: Vec<f64> = data.t().iter().map(|v| v * c).collect();
        let rows = group_rows(data.frequency(), &scaled_tx, &scaled_t, weights, |_| true);
        let start = match &config.initial {
            Some(p) => vec![p[0].ln(), (p[1] * c).ln(), p[2].ln(), p[3].ln()],
            None => vec![0.0; 4],
        };
        let objective = Likelihood { rows: &rows, total: rows.total_weight() };
        let opt = minimize(&objective, &start, &config.optimizer, MODEL, &NAMES)?;
        let e: Vec<f64> = opt.x.iter().map(|v| v.exp()).collect();
        let params = BetaGeoParams { r: e[0], alpha: e[1] / c, a: e[2], b: e[3] };
        let mut model = BetaGeo::new(params)?;
        let (log_likelihood, report) = fitted(opt, &rows, c);
        model.log_likelihood = Some(log_likelihood);
        model.report = Some(report);
        Ok(model)
    }

    /// The parameters.
    pub fn params(&self) -> BetaGeoParams {
        self.params
    }

    /// The maximised log-likelihood (summed over customers), for a fitted model.
    pub fn log_likelihood(&self) -> Option<f64> {
        self.log_likelihood
    }

    /// How the fit went, for a fitted model.
    pub fn report(&self) -> Option<&FitReport> {
        self.report.as_ref()
    }

    /// The weighted log-likelihood of `data` under these parameters.
    pub fn log_likelihood_of(&self, data: &RfmData<'_>, weights: Option<&[f64]>) -> Result<f64, ValueError> {
        super::data::check_weights(weights, data.len())?;
        let rows = group_rows(data.frequency(), data.recency(), data.t(), weights, |_| true);
        let p = self.params;
        let objective = Likelihood { rows: &rows, total: 1.0 };
        Ok(-objective.eval(&[p.r.ln(), p.alpha.ln(), p.a.ln(), p.b.ln()], None))
    }
}

/// The summed log-likelihood and the fit report of an optimum found on times
/// rescaled by `c` (shared by the purchase-count models).
pub(crate) fn fitted(opt: Optimum, rows: &Grouped, c: f64) -> (f64, FitReport) {
    // Rescaling times by c shifts each customer's log-likelihood by −x ln c.
    let log_likelihood = -opt.value * rows.total_weight() + weighted_x(rows) * c.ln();
    let mut report = opt.report;
    report.distinct_rows = rows.rows();
    report.total_weight = rows.total_weight();
    (log_likelihood, report)
}

/// Σ w·x over grouped rows.
pub(crate) fn weighted_x(rows: &Grouped) -> f64 {
    rows.xs.iter().enumerate().map(|(k, &x)| x * rows.w[rows.start[k]..rows.start[k + 1]].iter().sum::<f64>()).sum()
}

/// −(Σ w ℓ)/total over grouped rows, as a function of ln(r, α, a, b).
struct Likelihood<'a> {
    rows: &'a Grouped,
    total: f64,
}

impl Objective for Likelihood<'_> {
    /// Per customer: ln Γ(r+x)/Γ(r) + ln B(a, b+x)/B(a, b) + ln(e^A₃' + δ e^A₄') with
    /// A₃' = −r ln(1 + T/α) − x ln(α+T) and A₄' = ln(a/(b+x−1)) − r ln(1 + t_x/α) − x ln(α+t_x)
    /// (the r ln α of A₁ folded in, so nothing cancels when r and α are large).
    fn eval(&self, theta: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let (r, alpha, a, b) = (theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp());
        let rows = self.rows;
        let want_grad = grad.is_some();
        let xs = &rows.xs;
        let (lr_r, lr_b, lr_ab) = (ln_rising_table(r, xs), ln_rising_table(b, xs), ln_rising_table(a + b, xs));
        let (dr_r, dr_b, dr_ab) = if want_grad {
            (digamma_rising_table(r, xs), digamma_rising_table(b, xs), digamma_rising_table(a + b, xs))
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        let mut ll = 0.0;
        let mut g = [0.0f64; 4]; // d/d(r, α, a, b)
        for (k, &x) in xs.iter().enumerate() {
            let head = lr_r[k] + lr_b[k] - lr_ab[k];
            let c4 = if x > 0.0 { a.ln() - (b + x - 1.0).ln() } else { f64::NEG_INFINITY };
            let (mut s_ll, mut s_w, mut s_dr, mut s_dal, mut s_p4) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for i in rows.start[k]..rows.start[k + 1] {
                let (w, tx, t) = (rows.w[i], rows.u[i], rows.v[i]);
                let l3 = (t / alpha).ln_1p();
                let a3 = -r * l3 - x * (alpha + t).ln();
                // d/dα of −r ln(1+T/α) − x ln(α+T)
                let da3 = r * t / (alpha * (alpha + t)) - x / (alpha + t);
                if x == 0.0 {
                    s_ll += w * a3;
                    if want_grad {
                        s_dr -= w * l3;
                        s_dal += w * da3;
                    }
                } else {
                    let l4 = (tx / alpha).ln_1p();
                    let a4 = c4 - r * l4 - x * (alpha + tx).ln();
                    let lse = log_add_exp(a3, a4);
                    s_ll += w * lse;
                    if want_grad {
                        let p4 = (a4 - lse).exp();
                        let p3 = 1.0 - p4;
                        let da4 = r * tx / (alpha * (alpha + tx)) - x / (alpha + tx);
                        s_dr -= w * (p3 * l3 + p4 * l4);
                        s_dal += w * (p3 * da3 + p4 * da4);
                        s_p4 += w * p4;
                    }
                }
                s_w += w;
            }
            ll += s_w * head + s_ll;
            if want_grad {
                g[0] += s_w * dr_r[k] + s_dr;
                g[1] += s_dal;
                g[2] += -s_w * dr_ab[k] + if x > 0.0 { s_p4 / a } else { 0.0 };
                g[3] += s_w * (dr_b[k] - dr_ab[k]) - if x > 0.0 { s_p4 / (b + x - 1.0) } else { 0.0 };
            }
        }
        if let Some(out) = grad {
            let p = [r, alpha, a, b];
            for j in 0..4 {
                out[j] = -g[j] * p[j] / self.total;
            }
        }
        -ll / self.total
    }
}

impl PurchaseModel for BetaGeo {
    fn name(&self) -> &'static str {
        MODEL
    }

    /// P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) for x > 0, and 1 for x = 0.
    fn p_alive_one(&self, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        if x == 0.0 {
            return Ok(1.0);
        }
        let p = self.params;
        let log_odds = (p.a / (p.b + x - 1.0)).ln() + (p.r + x) * ((p.alpha + t) / (p.alpha + tx)).ln();
        Ok(1.0 / (1.0 + log_odds.exp()))
    }

    /// E[Y(t) | x, t_x, T] = P(alive) · E_p[(1 − (1 + p·u)^(−(r+x))) / p], u = t/(α+T),
    /// p ~ Beta(a, b+x), summed as a series of positive terms (no 0/0 at a = 1).
    fn expected_purchases_one(&self, t_future: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        if t_future == 0.0 {
            return Ok(0.0);
        }
        let p = self.params;
        let z = t_future / (p.alpha + t + t_future);
        Ok(self.p_alive_one(x, tx, t)? * bg_nbd_alive_expectation(p.r + x, p.a, p.b + x, z)?)
    }

    /// λ ~ Gamma(r, α), p ~ Beta(a, b); purchases come at rate λ and the customer drops
    /// out after each repeat purchase with probability p: min(Poisson(λt), Geometric(p)).
    fn simulate_repeat_purchases(&self, t: f64, rng: &mut SeededRng) -> Result<f64, ValueError> {
        super::model::check_horizon(t)?;
        let p = self.params;
        let lambda = rng.gamma(p.r, p.alpha);
        let dropout = rng.beta(p.a, p.b);
        let purchases = rng.poisson(lambda * t);
        Ok(purchases.min(rng.geometric(dropout)))
    }

    fn p_alive(&self, data: &RfmData<'_>) -> Result<Vec<f64>, ValueError> {
        let (x, tx, t) = (data.frequency(), data.recency(), data.t());
        map_indexed(data.len(), |i| self.p_alive_one(x[i], tx[i], t[i])).into_iter().collect()
    }
}

/// E_p[(1 − (1 + p·u)^(−k)) / p] with u = t/(α+T): the expected purchases in (T, T+t] of a
/// customer alive at T.
///
/// With k = r+x, B = b+x and z = t/(α+T+t), lifetimes writes this as
/// (a+B−1)/(a−1) · [1 − (1−z)^k · 2F1(k, B; a+B−1; z)], which is 0/0 at a = 1
/// and needs a+B > 1. Expanding both terms in powers of z gives the equivalent
/// series Σ_{n≥1} NB(n; k, z) · Q_n with NB(n; k, z) = (k)_n/n! zⁿ (1−z)^k (negative
/// binomial weights, ≤ 1, summing to 1) and Q_n = Σ_{j<n} (B)_j/(a+B)_j: every term
/// is positive, nothing cancels, and a = 1 is an ordinary point. The tail after
/// term n is bounded by w_n [Q_n ρ/(1−ρ) + P_n ρ/(1−ρ)²] with ρ the (falling)
/// term ratio, which is the stopping rule.
pub(crate) fn bg_nbd_alive_expectation(k: f64, a: f64, big_b: f64, z: f64) -> Result<f64, ValueError> {
    if z == 0.0 {
        return Ok(0.0);
    }
    let ln_z = z.ln();
    // ln w_1 = ln k + ln z + k ln(1−z).
    let mut ln_w = k.ln() + ln_z + k * (-z).ln_1p();
    let (mut p, mut q) = (1.0f64, 1.0f64); // P_0 and Q_1
    let mut n = 1usize;
    // Far-left terms that would underflow: advance in log space until they matter.
    while ln_w < -600.0 {
        let nf = n as f64;
        ln_w += ln_z + (k + nf).ln() - (nf + 1.0).ln();
        p *= (big_b + nf - 1.0) / (a + big_b + nf - 1.0);
        q += p;
        n += 1;
        if n > MAX_TERMS {
            return Err(ValueError::SeriesNotConverged { function: "bg_nbd_expectation", terms: MAX_TERMS });
        }
    }
    let mut w = ln_w.exp();
    let mut sum = 0.0;
    loop {
        sum += w * q;
        let nf = n as f64;
        let rho = z * (k + nf) / (nf + 1.0);
        let p_next = p * (big_b + nf - 1.0) / (a + big_b + nf - 1.0);
        let bound = rho.max(z);
        if bound < 1.0 {
            let tail = w * (q * bound / (1.0 - bound) + p_next * bound / ((1.0 - bound) * (1.0 - bound)));
            if tail <= f64::EPSILON * 0.5 * sum {
                return Ok(sum);
            }
        }
        w *= rho;
        p = p_next;
        q += p;
        n += 1;
        if n > MAX_TERMS {
            return Err(ValueError::SeriesNotConverged { function: "bg_nbd_expectation", terms: MAX_TERMS });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::special::ln_gamma;

    /// E_p[(1 − (1+p u)^−k)/p] by Simpson's rule over p ~ Beta(a, B).
    fn by_quadrature(k: f64, a: f64, big_b: f64, z: f64) -> f64 {
        let u = z / (1.0 - z);
        let ln_beta = ln_gamma(a) + ln_gamma(big_b) - ln_gamma(a + big_b);
        // Substitute p = s^(1/a) to remove the p^(a−1) singularity: dp p^(a−1) = ds / a.
        let n = 200_000;
        let f = |s: f64| {
            if s == 0.0 {
                return k * u; // h(0)
            }
            let p = s.powf(1.0 / a);
            let h = (1.0 - (1.0 + p * u).powf(-k)) / p;
            h * (1.0 - p).powf(big_b - 1.0)
        };
        let hs = 1.0 / n as f64;
        let mut s = f(0.0) + f(1.0 - 1e-15);
        for i in 1..n {
            s += f(i as f64 * hs) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * hs / 3.0 / a / ln_beta.exp()
    }

    #[test]
    fn alive_expectation_matches_quadrature_including_a_equal_one() {
        for (k, a, big_b, z) in
            [(2.24, 0.79, 4.43, 0.3), (0.24, 1.0, 2.43, 0.6), (5.0, 3.0, 1.5, 0.1), (1.3, 1.0001, 2.2, 0.8)]
        {
            let got = bg_nbd_alive_expectation(k, a, big_b, z).unwrap();
            let want = by_quadrature(k, a, big_b, z);
            assert!((got - want).abs() <= 1e-7 * want, "{k} {a} {big_b} {z}: {got} vs {want}");
        }
    }

    #[test]
    fn alive_expectation_equals_the_hypergeometric_form() {
        // (a+B−1)/(a−1) [1 − (1−z)^k 2F1(k, B; a+B−1; z)] with the Gauss series (a = 2.5: no singularity).
        let (k, a, big_b, z) = (3.24f64, 2.5f64, 4.4f64, 0.45f64);
        let c = a + big_b - 1.0;
        let (mut term, mut f) = (1.0, 1.0);
        for n in 0..2000 {
            let nf = n as f64;
            term *= (k + nf) * (big_b + nf) / ((c + nf) * (nf + 1.0)) * z;
            f += term;
        }
        let want = c / (a - 1.0) * (1.0 - (1.0 - z).powf(k) * f);
        let got = bg_nbd_alive_expectation(k, a, big_b, z).unwrap();
        assert!((got - want).abs() < 1e-12 * want, "{got} vs {want}");
    }

    #[test]
    fn analytic_gradient_matches_central_differences() {
        let x = [0.0, 1.0, 2.0, 5.0, 1.0, 0.0];
        let tx = [0.0, 0.2, 0.5, 0.9, 0.1, 0.0];
        let t = [0.4, 0.8, 1.0, 1.0, 0.3, 0.9];
        let rows = group_rows(&x, &tx, &t, Some(&[3.0, 1.0, 2.0, 1.0, 0.5, 1.0]), |_| true);
        let obj = Likelihood { rows: &rows, total: rows.total_weight() };
        let theta = [-0.3, 0.4, 0.2, -0.7];
        let mut g = [0.0; 4];
        obj.eval(&theta, Some(&mut g));
        let mut fd = [0.0; 4];
        crate::value::optimize::central_gradient(&|th: &[f64]| obj.eval(th, None), &theta, 1e-6, &mut fd);
        for j in 0..4 {
            assert!((g[j] - fd[j]).abs() < 1e-8, "component {j}: {} vs {}", g[j], fd[j]);
        }
    }

    #[test]
    fn huge_k_does_not_underflow() {
        let v = bg_nbd_alive_expectation(5000.0, 0.8, 5002.0, 0.5).unwrap();
        // For large k the purchases in the window concentrate near k·u with u = z/(1−z) = 1.
        assert!(v > 100.0 && v.is_finite(), "{v}");
    }
}
