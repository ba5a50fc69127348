//! The shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007,
//! "How to Project Customer Retention"; 2010, "Customer-Base Valuation in a Contractual
//! Setting").
//!
//! At the end of each period a customer renews with probability 1 − θ and leaves for
//! good with probability θ; θ ~ Beta(α, β) across customers. The lifetime T (periods
//! as a customer) then has
//! P(T = t) = B(α+1, β+t−1) / B(α, β) (t ≥ 1) and survival S(t) = P(T > t) = B(α, β+t) / B(α, β),
//! and the retention rate r(t) = S(t)/S(t−1) = (β+t−1)/(α+β+t−1) rises with tenure: the
//! customers likeliest to leave leave first.
//!
//! A customer's *tenure* k is its number of renewals: an active customer with tenure k is
//! in its period k+1 (contributing ln S(k) to the likelihood); a lapsed customer with
//! tenure t stayed t periods (t ≥ 1; it contributes ln P(T = t)).

use serde::{Deserialize, Serialize};

use super::compress::{group_rows, Grouped};
use super::data::check_weights;
use super::error::{check_config, check_len, ValueError};
use super::model::{check_params, FitConfig};
use super::optimize::{minimize_keeping, FitReport, Objective};
use super::special::{digamma, ln_beta, ln_hyp2f1_one};

const MODEL: &str = "sbg";
const NAMES: [&str; 2] = ["alpha", "beta"];

/// sBG parameters: churn probability θ ~ Beta(α, β).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ShiftedBetaGeoParams {
    /// First shape of the churn-probability distribution.
    pub alpha: f64,
    /// Second shape of the churn-probability distribution.
    pub beta: f64,
}

/// An sBG model of contract renewals: fitted by maximum likelihood or built from known parameters.
///
/// ```
/// use relmap::value::{FitConfig, ShiftedBetaGeo};
/// // A cohort of 1000 customers, and how many are still active at the start of years 1..7.
/// let regular = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];
/// let sbg = ShiftedBetaGeo::fit_cohorts(&[&regular], &FitConfig::default())?;
/// let p = sbg.params();
/// assert!((p.alpha - 0.704).abs() < 5e-4 && (p.beta - 1.182).abs() < 5e-4);
/// let survival = sbg.survival_curve(12)?; // S(0..=12), for projecting the cohort
/// assert!(survival[12] < survival[7]);
/// // A customer who has renewed 7 times: P(renew again) and its discounted residual lifetime.
/// assert!(sbg.p_renew(7.0)? > sbg.p_renew(0.0)?);
/// let derl = sbg.derl(0.10, 7.0)?;
/// assert!(derl > 5.0);
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftedBetaGeo {
    params: ShiftedBetaGeoParams,
    log_likelihood: Option<f64>,
    report: Option<FitReport>,
}

/// Checks a number of periods: a whole number ≥ `min`.
fn check_tenure(field: &'static str, index: usize, t: f64, min: f64, expected: &'static str) -> Result<(), ValueError> {
    if !t.is_finite() {
        return Err(ValueError::NonFinite { field, index, value: t });
    }
    if t < min || t.fract() != 0.0 {
        return Err(ValueError::OutOfRange { field, index, value: t, expected });
    }
    Ok(())
}

/// Checks per-customer (tenure, active) columns.
fn check_customers(tenure: &[f64], active: &[bool]) -> Result<(), ValueError> {
    if tenure.is_empty() {
        return Err(ValueError::EmptyInput { field: "tenure" });
    }
    check_len("active", active, tenure.len())?;
    for (i, (&t, &a)) in tenure.iter().zip(active).enumerate() {
        if a {
            check_tenure("tenure", i, t, 0.0, "a whole number of renewals >= 0")?;
        } else {
            check_tenure("tenure", i, t, 1.0, "a whole number of periods >= 1 for a lapsed customer")?;
        }
    }
    Ok(())
}

impl ShiftedBetaGeo {
    /// A model with known parameters (both must be positive and finite).
    pub fn new(params: ShiftedBetaGeoParams) -> Result<ShiftedBetaGeo, ValueError> {
        check_params(MODEL, &NAMES, &[params.alpha, params.beta])?;
        Ok(ShiftedBetaGeo { params, log_likelihood: None, report: None })
    }

    /// Fits α, β from per-customer data: `tenure` (renewals of an active customer,
    /// periods stayed of a lapsed one), `active`, and optional `weights` counting identical
    /// customers. Identical rows are merged; the gradient is analytic.
    ///
    /// Errors: bad rows (`out_of_range`, naming the row), [`ValueError::TooFewCustomers`],
    /// and [`ValueError::Degenerate`] when nobody lapsed or nobody renewed (the churn
    /// probability would be 0 or 1: nothing to fit).
    pub fn fit(
        tenure: &[f64],
        active: &[bool],
        weights: Option<&[f64]>,
        config: &FitConfig,
    ) -> Result<ShiftedBetaGeo, ValueError> {
        config.validate(MODEL, &NAMES)?;
        check_customers(tenure, active)?;
        check_weights(weights, tenure.len())?;
        let w = |i: usize| weights.map_or(1.0, |w| w[i]);
        let lapsed = (0..tenure.len()).any(|i| w(i) > 0.0 && !active[i]);
        let renewed = (0..tenure.len()).any(|i| w(i) > 0.0 && tenure[i] >= if active[i] { 1.0 } else { 2.0 });
        if !lapsed {
            return Err(ValueError::Degenerate { model: MODEL, reason: "no customer lapsed" });
        }
        if !renewed {
            return Err(ValueError::Degenerate { model: MODEL, reason: "no customer renewed" });
        }
        let usable = (0..tenure.len()).filter(|&i| w(i) > 0.0).count();
        let needed = config.min_customers.max(2);
        if usable < needed {
            return Err(ValueError::TooFewCustomers { model: MODEL, needed, got: usable });
        }
        let rows = grouped(tenure, active, weights);
        let start = match &config.initial {
            Some(p) => vec![p[0].ln(), p[1].ln()],
            None => vec![0.0; 2],
        };
        let objective = Likelihood { rows: &rows, total: rows.total_weight() };
        let opt = minimize_keeping(&objective, &start, &config.optimizer, MODEL, &NAMES, config.standard_errors)?
            .with_information(&objective, rows.total_weight(), config.standard_errors);
        let params = ShiftedBetaGeoParams { alpha: opt.x[0].exp(), beta: opt.x[1].exp() };
        let log_likelihood = -opt.value * rows.total_weight();
        let mut report = opt.report;
        report.distinct_rows = rows.rows();
        report.total_weight = rows.total_weight();
        Ok(ShiftedBetaGeo { params, log_likelihood: Some(log_likelihood), report: Some(report) })
    }

    /// Fits α, β from cohorts: each cohort is its count of active customers at the start of
    /// periods 0, 1, …, k (non-increasing, the first > 0). Between periods t−1 and t,
    /// s(t−1) − s(t) customers lapsed with lifetime t; s(k) are still active after k renewals.
    /// An error's index counts entries across all cohorts, in order.
    pub fn fit_cohorts(survivors: &[&[f64]], config: &FitConfig) -> Result<ShiftedBetaGeo, ValueError> {
        let (mut tenure, mut active, mut weights) = (Vec::new(), Vec::new(), Vec::new());
        if survivors.is_empty() {
            return Err(ValueError::EmptyInput { field: "survivors" });
        }
        let mut offset = 0;
        for cohort in survivors {
            check_cohort(cohort, offset)?;
            for t in 1..cohort.len() {
                tenure.push(t as f64);
                active.push(false);
                weights.push(cohort[t - 1] - cohort[t]);
            }
            tenure.push((cohort.len() - 1) as f64);
            active.push(true);
            weights.push(cohort[cohort.len() - 1]);
            offset += cohort.len();
        }
        let config = FitConfig { min_customers: config.min_customers.min(1), ..config.clone() };
        ShiftedBetaGeo::fit(&tenure, &active, Some(&weights), &config)
    }

    /// The parameters.
    pub fn params(&self) -> ShiftedBetaGeoParams {
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

    /// The estimates with standard errors, confidence intervals at `level`, covariance,
    /// AIC and BIC (see [`FitSummary`](super::FitSummary)).
    pub fn summary(&self, level: f64) -> Result<super::FitSummary, ValueError> {
        let estimates = [("alpha", self.params.alpha), ("beta", self.params.beta)];
        super::uncertainty::summarize(MODEL, &estimates, self.log_likelihood, self.report.as_ref(), level)
    }

    /// The weighted log-likelihood of per-customer (tenure, active) data under these parameters.
    pub fn log_likelihood_of(
        &self,
        tenure: &[f64],
        active: &[bool],
        weights: Option<&[f64]>,
    ) -> Result<f64, ValueError> {
        check_customers(tenure, active)?;
        check_weights(weights, tenure.len())?;
        let rows = grouped(tenure, active, weights);
        let p = self.params;
        Ok(-Likelihood { rows: &rows, total: 1.0 }.eval(&[p.alpha.ln(), p.beta.ln()], None))
    }

    /// P(T = t) = B(α+1, β+t−1)/B(α, β): the probability that a new customer stays exactly t ≥ 1 periods.
    pub fn churn_probability(&self, t: f64) -> Result<f64, ValueError> {
        check_tenure("t", 0, t, 1.0, "a whole number of periods >= 1")?;
        let ShiftedBetaGeoParams { alpha, beta } = self.params;
        Ok((ln_beta(alpha + 1.0, beta + t - 1.0) - ln_beta(alpha, beta)).exp())
    }

    /// S(t) = B(α, β+t)/B(α, β): the probability that a new customer is still active after t renewals.
    pub fn survival(&self, t: f64) -> Result<f64, ValueError> {
        check_tenure("t", 0, t, 0.0, "a whole number of periods >= 0")?;
        let ShiftedBetaGeoParams { alpha, beta } = self.params;
        Ok((ln_beta(alpha, beta + t) - ln_beta(alpha, beta)).exp())
    }

    /// r(t) = S(t)/S(t−1) = (β+t−1)/(α+β+t−1): the share of the customers active in period t
    /// who renew into period t+1, t ≥ 1.
    pub fn retention(&self, t: f64) -> Result<f64, ValueError> {
        check_tenure("t", 0, t, 1.0, "a whole number of periods >= 1")?;
        let ShiftedBetaGeoParams { alpha, beta } = self.params;
        Ok((beta + t - 1.0) / (alpha + beta + t - 1.0))
    }

    /// S(0), S(1), …, S(periods): multiply by a cohort's size to project its active customers.
    pub fn survival_curve(&self, periods: usize) -> Result<Vec<f64>, ValueError> {
        let ShiftedBetaGeoParams { alpha, beta } = self.params;
        let mut out = Vec::with_capacity(periods + 1);
        let mut s = 1.0;
        out.push(s);
        for t in 1..=periods {
            let t = t as f64;
            s *= (beta + t - 1.0) / (alpha + beta + t - 1.0);
            out.push(s);
        }
        Ok(out)
    }

    /// r(1), …, r(periods): the retention curve.
    pub fn retention_curve(&self, periods: usize) -> Result<Vec<f64>, ValueError> {
        (1..=periods).map(|t| self.retention(t as f64)).collect()
    }

    /// P(renew) of an active customer with `renewals` k: S(k+1)/S(k) = (β+k)/(α+β+k).
    ///
    /// This is what a renewal model gives [`tier`](super::tier), [`lifecycle`](super::lifecycle)
    /// and [`churn_warnings`](super::churn_warnings) in the `p_alive` column (see
    /// [`ShiftedBetaGeo::p_renew_customers`]).
    pub fn p_renew(&self, renewals: f64) -> Result<f64, ValueError> {
        check_tenure("renewals", 0, renewals, 0.0, "a whole number of renewals >= 0")?;
        let ShiftedBetaGeoParams { alpha, beta } = self.params;
        Ok((beta + renewals) / (alpha + beta + renewals))
    }

    /// P(renew) of every customer: [`ShiftedBetaGeo::p_renew`] of its tenure when active, 0
    /// when lapsed (a lapsed customer will not renew).
    pub fn p_renew_customers(&self, tenure: &[f64], active: &[bool]) -> Result<Vec<f64>, ValueError> {
        check_customers(tenure, active)?;
        tenure.iter().zip(active).map(|(&t, &a)| if a { self.p_renew(t) } else { Ok(0.0) }).collect()
    }

    /// E(T) = Σ_{t≥0} S(t) = (α+β−1)/(α−1): a new customer's expected lifetime in periods.
    /// [`ValueError::Undefined`] when α ≤ 1 (the expectation is infinite: some customers
    /// almost never leave); use [`ShiftedBetaGeo::del`] with a discount rate instead.
    pub fn expected_lifetime(&self) -> Result<f64, ValueError> {
        let ShiftedBetaGeoParams { alpha, beta } = self.params;
        self.finite_mean()?;
        Ok((alpha + beta - 1.0) / (alpha - 1.0))
    }

    /// Expected further renewals of an active customer with `renewals` k:
    /// Σ_{j≥1} S(k+j)/S(k) = (β+k)/(α−1) (DERL at d = 0). Undefined when α ≤ 1.
    pub fn expected_remaining_lifetime(&self, renewals: f64) -> Result<f64, ValueError> {
        check_tenure("renewals", 0, renewals, 0.0, "a whole number of renewals >= 0")?;
        self.finite_mean()?;
        let ShiftedBetaGeoParams { alpha, beta } = self.params;
        Ok((beta + renewals) / (alpha - 1.0))
    }

    fn finite_mean(&self) -> Result<(), ValueError> {
        if self.params.alpha <= 1.0 {
            return Err(ValueError::Undefined {
                model: MODEL,
                what: "expected lifetime",
                reason: "alpha <= 1 gives an infinite mean lifetime; discount it (del, derl)",
            });
        }
        Ok(())
    }

    /// Discounted expected lifetime of a new customer at discount rate `d` per period:
    /// DEL = Σ_{t≥0} S(t)/(1+d)^t = 2F1(1, β; α+β; 1/(1+d)) (Fader & Hardie 2010), the first
    /// period undiscounted. Multiply by the margin per period for a new customer's CLV.
    pub fn del(&self, d: f64) -> Result<f64, ValueError> {
        check_config("discount_rate", d, d > 0.0, "> 0 per period")?;
        Ok(1.0 + self.derl(d, 0.0)? / (1.0 + d))
    }

    /// Discounted expected residual lifetime of an active customer with `renewals` k, standing
    /// at the end of its period k+1 just before its next renewal decision (Fader & Hardie 2010):
    /// DERL = Σ_{j≥1} S(k+j)/S(k) / (1+d)^(j−1) = (β+k)/(α+β+k) · 2F1(1, β+k+1; α+β+k+1; 1/(1+d)).
    pub fn derl(&self, d: f64, renewals: f64) -> Result<f64, ValueError> {
        check_config("discount_rate", d, d > 0.0, "> 0 per period")?;
        check_tenure("renewals", 0, renewals, 0.0, "a whole number of renewals >= 0")?;
        let ShiftedBetaGeoParams { alpha, beta } = self.params;
        let (b, c) = (beta + renewals + 1.0, alpha + beta + renewals + 1.0);
        Ok((beta + renewals) / (alpha + beta + renewals) * ln_hyp2f1_one(b, c, 1.0 / (1.0 + d))?.exp())
    }

    /// CLV of every customer: margin per period × DERL at its tenure (0 for lapsed customers).
    pub fn clv(&self, margin: &[f64], d: f64, tenure: &[f64], active: &[bool]) -> Result<Vec<f64>, ValueError> {
        check_customers(tenure, active)?;
        check_len("margin", margin, tenure.len())?;
        super::error::check_finite("margin", margin)?;
        check_config("discount_rate", d, d > 0.0, "> 0 per period")?;
        let mut cache: Vec<(f64, f64)> = Vec::new();
        let mut out = Vec::with_capacity(tenure.len());
        for ((&m, &t), &a) in margin.iter().zip(tenure).zip(active) {
            if !a {
                out.push(0.0);
                continue;
            }
            let derl = match cache.iter().find(|(k, _)| *k == t) {
                Some(&(_, v)) => v,
                None => {
                    let v = self.derl(d, t)?;
                    cache.push((t, v));
                    v
                }
            };
            out.push(m * derl);
        }
        Ok(out)
    }
}

/// Checks one cohort's survivor counts; `offset` is the index of its first entry overall.
fn check_cohort(cohort: &[f64], offset: usize) -> Result<(), ValueError> {
    if cohort.len() < 2 {
        return Err(ValueError::OutOfRange {
            field: "survivors",
            index: offset,
            value: cohort.len() as f64,
            expected: "a cohort of at least two counts (the start and one later period)",
        });
    }
    for (k, &v) in cohort.iter().enumerate() {
        let index = offset + k;
        if !v.is_finite() {
            return Err(ValueError::NonFinite { field: "survivors", index, value: v });
        }
        if k == 0 && v <= 0.0 {
            return Err(ValueError::OutOfRange { field: "survivors", index, value: v, expected: "> 0 at the start" });
        }
        if v < 0.0 || (k > 0 && v > cohort[k - 1]) {
            return Err(ValueError::OutOfRange {
                field: "survivors",
                index,
                value: v,
                expected: ">= 0 and at most the count before it",
            });
        }
    }
    Ok(())
}

/// Distinct (tenure, active) rows with summed weights (x = tenure, u = 1 when active).
fn grouped(tenure: &[f64], active: &[bool], weights: Option<&[f64]>) -> Grouped {
    let flag: Vec<f64> = active.iter().map(|&a| f64::from(u8::from(a))).collect();
    let zero = vec![0.0; tenure.len()];
    group_rows(tenure, &flag, &zero, weights, |_| true)
}

/// −(Σ w ℓ)/total over (tenure, active) rows, as a function of ln(α, β).
struct Likelihood<'a> {
    rows: &'a Grouped,
    total: f64,
}

impl Objective for Likelihood<'_> {
    /// Lapsed at t: ln B(α+1, β+t−1) − ln B(α, β); active after t renewals: ln B(α, β+t) − ln B(α, β).
    fn eval(&self, theta: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let (alpha, beta) = (theta[0].exp(), theta[1].exp());
        let want_grad = grad.is_some();
        let ln_b0 = ln_beta(alpha, beta);
        let (psi_b, psi_ab) = if want_grad { (digamma(beta), digamma(alpha + beta)) } else { (0.0, 0.0) };
        let rows = self.rows;
        let (mut ll, mut ga, mut gb) = (0.0, 0.0, 0.0);
        for (k, &t) in rows.xs.iter().enumerate() {
            for i in rows.start[k]..rows.start[k + 1] {
                let (w, active) = (rows.w[i], rows.u[i] > 0.5);
                let psi_abt = if want_grad { digamma(alpha + beta + t) - psi_ab } else { 0.0 };
                if active {
                    ll += w * (ln_beta(alpha, beta + t) - ln_b0);
                    if want_grad {
                        ga -= w * psi_abt;
                        gb += w * (digamma(beta + t) - psi_b - psi_abt);
                    }
                } else {
                    ll += w * (ln_beta(alpha + 1.0, beta + t - 1.0) - ln_b0);
                    if want_grad {
                        ga += w * (1.0 / alpha - psi_abt);
                        gb += w * (digamma(beta + t - 1.0) - psi_b - psi_abt);
                    }
                }
            }
        }
        if let Some(out) = grad {
            out[0] = -ga * alpha / self.total;
            out[1] = -gb * beta / self.total;
        }
        -ll / self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analytic_gradient_matches_central_differences() {
        let tenure = [1.0, 2.0, 3.0, 7.0, 0.0, 4.0, 120.0];
        let active = [false, false, false, true, true, true, false];
        let rows = grouped(&tenure, &active, Some(&[369.0, 163.0, 86.0, 241.0, 3.0, 12.0, 0.5]));
        let obj = Likelihood { rows: &rows, total: rows.total_weight() };
        let theta = [-0.35, 0.17];
        let mut g = [0.0; 2];
        obj.eval(&theta, Some(&mut g));
        let mut fd = [0.0; 2];
        crate::value::optimize::central_gradient(&|th: &[f64]| obj.eval(th, None), &theta, 1e-6, &mut fd);
        for j in 0..2 {
            assert!((g[j] - fd[j]).abs() < 1e-8, "component {j}: {} vs {}", g[j], fd[j]);
        }
    }

    #[test]
    fn discounted_lifetimes_match_direct_sums() {
        let m = ShiftedBetaGeo::new(ShiftedBetaGeoParams { alpha: 0.704, beta: 1.182 }).unwrap();
        let d = 0.1f64;
        let s = m.survival_curve(4000).unwrap();
        let del: f64 = s.iter().enumerate().map(|(t, v)| v / (1.0 + d).powi(t as i32)).sum();
        assert!((m.del(d).unwrap() - del).abs() < 1e-9, "{} vs {del}", m.del(d).unwrap());
        for k in [0usize, 3, 9] {
            let derl: f64 = (1..3000).map(|j| s[k + j] / s[k] / (1.0 + d).powi(j as i32 - 1)).sum();
            assert!((m.derl(d, k as f64).unwrap() - derl).abs() < 1e-9);
        }
        assert_eq!(m.expected_lifetime().unwrap_err().code(), "undefined");
        let finite = ShiftedBetaGeo::new(ShiftedBetaGeoParams { alpha: 3.0, beta: 4.0 }).unwrap();
        let s = finite.survival_curve(20_000).unwrap();
        assert!((finite.expected_lifetime().unwrap() - s.iter().sum::<f64>()).abs() < 1e-6);
        let rest: f64 = s[3..].iter().sum::<f64>() / s[2];
        assert!((finite.expected_remaining_lifetime(2.0).unwrap() - rest).abs() < 1e-6);
    }
}
