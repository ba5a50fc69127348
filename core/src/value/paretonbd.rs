//! The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005 note).
//!
//! While alive a customer buys at Poisson rate λ ~ Gamma(r, α) and dies at
//! exponential rate μ ~ Gamma(s, β). A customer's likelihood is
//! Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s·I ],
//! I = ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ,
//! summed in log space; I comes from [`ln_pareto_integral`] (Gauss hypergeometric
//! series, with quadrature where the series would be slow). The gradient is taken
//! by central differences on the log-parameters.

use serde::{Deserialize, Serialize};

use super::bgnbd::fitted;
use super::compress::{group_rows, Grouped};
use super::data::RfmData;
use super::error::check_config;
use super::error::ValueError;
use super::model::{
    check_fit_input, check_fit_parts, check_horizon, check_params, check_purchase_count, finite_prediction,
    fitted_accessors, per_distinct_row, time_scale, FitConfig, PurchaseModel,
};
use super::optimize::{central_gradient, minimize_keeping, FitReport, Objective};
use super::quadrature::ln_integral_of_concave;
use super::simulate::SeededRng;
use super::special::{expm1_ratio, ln_nb_coefficient, ln_pareto_integral, ln_rising_table, log_add_exp};
use crate::par::sum_indexed;

const MODEL: &str = "pareto_nbd";
const NAMES: [&str; 4] = ["r", "alpha", "s", "beta"];

/// Pareto/NBD parameters: purchase rate λ ~ Gamma(r, α), death rate μ ~ Gamma(s, β).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbdParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (in the data's time unit).
    pub alpha: f64,
    /// Shape of the death-rate distribution.
    pub s: f64,
    /// Scale of the death-rate distribution (in the data's time unit).
    pub beta: f64,
}

/// A Pareto/NBD model: fitted by maximum likelihood or built from known parameters.
///
/// ```
/// use relmap::value::{ParetoNbd, ParetoNbdParams, PurchaseModel, RfmData};
/// // The published CDNOW estimates (weeks).
/// let pnbd = ParetoNbd::new(ParetoNbdParams { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.6689 })?;
/// let data = RfmData::new(&[2.0, 0.0, 7.0], &[30.43, 0.0, 10.0], &[38.86, 38.86, 38.86])?;
/// let alive = pnbd.p_alive(&data)?;
/// assert!(alive[2] < alive[0]); // frequent buyer silent for 28 weeks: probably gone
/// let e = pnbd.expected_purchases(52.0, &data)?;
/// assert!(e.iter().all(|&v| v >= 0.0));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbd {
    params: ParetoNbdParams,
    log_likelihood: Option<f64>,
    report: Option<FitReport>,
}

impl ParetoNbd {
    /// A model with known parameters (all must be positive and finite).
    pub fn new(params: ParetoNbdParams) -> Result<ParetoNbd, ValueError> {
        check_params(MODEL, &NAMES, &[params.r, params.alpha, params.s, params.beta])?;
        Ok(ParetoNbd { params, log_likelihood: None, report: None })
    }

    /// The fitted model from the parts a fit keeps: its parameters, maximised
    /// log-likelihood and report (with the observed information). A model kept as plain
    /// data (as the Python binding keeps `params_`, `log_likelihood_` and `report_`, or
    /// read back from JSON) rebuilt this way predicts, summarises and gives prediction
    /// intervals exactly as the fit did. Errors: `invalid_parameter` as [`Self::new`],
    /// `invalid_config` for a non-finite log-likelihood or an information matrix that is
    /// neither empty nor one row and column per parameter.
    pub fn from_fit(params: ParetoNbdParams, log_likelihood: f64, report: FitReport) -> Result<ParetoNbd, ValueError> {
        let model = ParetoNbd::new(params)?;
        check_fit_parts(4, log_likelihood, &report)?;
        Ok(ParetoNbd { log_likelihood: Some(log_likelihood), report: Some(report), ..model })
    }

    /// Fits r, α, s, β by maximum likelihood; `weights` count identical customers.
    ///
    /// As for [`BetaGeo::fit`](super::BetaGeo::fit): identical rows are merged, times
    /// rescaled so the largest T is 1, and the result is in the data's units.
    pub fn fit(data: &RfmData<'_>, weights: Option<&[f64]>, config: &FitConfig) -> Result<ParetoNbd, ValueError> {
        config.validate(MODEL, &NAMES)?;
        check_fit_input(MODEL, data, weights, config)?;
        let c = time_scale(data.t());
        let scaled_tx: Vec<f64> = data.recency().iter().map(|v| v * c).collect();
        let scaled_t: Vec<f64> = data.t().iter().map(|v| v * c).collect();
        let rows = group_rows(data.frequency(), &scaled_tx, &scaled_t, weights, |_| true);
        let start = match &config.initial {
            Some(p) => vec![p[0].ln(), (p[1] * c).ln(), p[2].ln(), (p[3] * c).ln()],
            None => vec![0.0; 4],
        };
        let objective = Likelihood::new(&rows, rows.total_weight(), config.optimizer.finite_difference_step);
        let opt = minimize_keeping(&objective, &start, &config.optimizer, MODEL, &NAMES, config.standard_errors)?
            .with_information(&objective, rows.total_weight(), config.standard_errors);
        let e: Vec<f64> = opt.x.iter().map(|v| v.exp()).collect();
        let params = ParetoNbdParams { r: e[0], alpha: e[1] / c, s: e[2], beta: e[3] / c };
        let mut model = ParetoNbd::new(params)?;
        let (log_likelihood, report) = fitted(opt, &rows, c);
        model.log_likelihood = Some(log_likelihood);
        model.report = Some(report);
        Ok(model)
    }

    /// The parameters.
    pub fn params(&self) -> ParetoNbdParams {
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
        let obj = Likelihood::new(&rows, 1.0, 0.0);
        let theta = [p.r.ln(), p.alpha.ln(), p.s.ln(), p.beta.ln()];
        obj.total_log_likelihood(&theta)
    }

    /// Discounted expected residual transactions of every customer at the continuously
    /// compounded discount rate `delta` per time unit (see [`ParetoNbd::dert_one`]).
    pub fn dert(&self, delta: f64, data: &RfmData<'_>) -> Result<Vec<f64>, ValueError> {
        check_config("discount_rate", delta, delta > 0.0, "> 0 (continuously compounded, per time unit)")?;
        per_distinct_row(data, |x, tx, t| self.dert_one(delta, x, tx, t))
    }

    /// DERT(δ | x, t_x, T) = ∫₀^∞ e^(−δτ) dE[Y(τ)]: the customer's expected purchases from T
    /// on, discounted continuously at rate δ per time unit (Fader, Hardie & Lee 2005,
    /// "RFM and CLV", eq. 2). CLV = margin × spend per purchase × DERT, as in CLVTools.
    ///
    /// Given alive, λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T) independently, and an alive
    /// customer's discounted purchases are λ/(μ+δ), so
    /// DERT = P(alive) · (r+x)/(α+T) · E[1/(μ+δ)], with
    /// E[1/(μ+δ)] = ∫₀^∞ e^(−δu) ((β+T)/(β+T+u))^s du = (β+T)^s δ^(s−1) Ψ(s, s; δ(β+T)),
    /// Ψ the confluent hypergeometric function of the second kind; the integral is taken by
    /// quadrature in ln u, where its log is concave.
    ///
    /// ```
    /// use relmap::value::{ParetoNbd, ParetoNbdParams};
    /// let m = ParetoNbd::new(ParetoNbdParams { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.6689 })?;
    /// let weekly = 0.15f64.ln_1p() / 52.0; // 15% a year, compounded continuously
    /// let d = m.dert_one(weekly, 2.0, 30.43, 38.86)?;
    /// assert!(d > 0.0 && d.is_finite());
    /// # Ok::<(), relmap::value::ValueError>(())
    /// ```
    pub fn dert_one(&self, delta: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        check_config("discount_rate", delta, delta > 0.0, "> 0 (continuously compounded, per time unit)")?;
        let ParetoNbdParams { r, alpha, s, beta } = self.params;
        let ln_b = (beta + t).ln();
        let g = |v: f64| {
            let sig = 1.0 / (1.0 + (ln_b - v).exp()); // e^v / (β+T + e^v)
            let ev = v.exp();
            let value = -delta * ev + s * ln_b - s * log_add_exp(ln_b, v) + v;
            (value, 1.0 - delta * ev - s * sig, -delta * ev - s * sig * (1.0 - sig))
        };
        let hint = (1.0 / delta).min(beta + t).ln();
        let ln_j = ln_integral_of_concave(g, f64::NEG_INFINITY, f64::INFINITY, hint, "pareto_nbd_dert")?;
        Ok(self.p_alive_one(x, tx, t)? * (r + x) / (alpha + t) * ln_j.exp())
    }

    /// Expected purchases in (T, T + t_future] of a customer alive at T:
    /// (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t_future))^(s−1)].
    fn alive_expectation(&self, t_future: f64, x: f64, t: f64) -> f64 {
        let ParetoNbdParams { r, alpha, s, beta } = self.params;
        let l = ((beta + t) / (beta + t + t_future)).ln();
        let window = -(beta + t) * expm1_ratio(s - 1.0, l);
        (r + x) / (alpha + t) * window
    }

    /// ln of the bracket [ (α+T)^−(r+x) (β+T)^−s + s·I ] and of its two parts.
    fn log_parts(&self, x: f64, tx: f64, t: f64) -> Result<(f64, f64), ValueError> {
        let ParetoNbdParams { r, alpha, s, beta } = self.params;
        let dead_never = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
        let died = s.ln() + ln_pareto_integral(r + x, s + 1.0, alpha, beta, tx, t)?;
        Ok((dead_never, died))
    }
}

/// −(Σ w ℓ)/total over grouped rows, as a function of ln(r, α, s, β).
struct Likelihood<'a> {
    rows: &'a Grouped,
    group_of: Vec<u32>,
    total: f64,
    fd_step: f64,
}

impl<'a> Likelihood<'a> {
    fn new(rows: &'a Grouped, total: f64, fd_step: f64) -> Self {
        let mut group_of = vec![0u32; rows.rows()];
        for k in 0..rows.xs.len() {
            group_of[rows.start[k]..rows.start[k + 1]].iter_mut().for_each(|g| *g = k as u32);
        }
        Likelihood { rows, group_of, total, fd_step }
    }

    /// Σ w ℓ at θ = ln(r, α, s, β).
    fn total_log_likelihood(&self, theta: &[f64]) -> Result<f64, ValueError> {
        let (r, alpha, s, beta) = (theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp());
        let rows = self.rows;
        let ratio = ln_rising_table(r, &rows.xs);
        let ln_scale = r * alpha.ln() + s * beta.ln();
        let ln_s = s.ln();
        // [sum, number of failed rows]
        let [sum, failed] = sum_indexed::<2, _>(rows.rows(), |i, acc| {
            let x = rows.xs[self.group_of[i] as usize];
            let (tx, t) = (rows.u[i], rows.v[i]);
            // (α/(α+T))^r (α+T)^−x (β/(β+T))^s, written so nothing cancels for large r or s.
            let dead_never = -r * (t / alpha).ln_1p() - x * (alpha + t).ln() - s * (t / beta).ln_1p();
            match ln_pareto_integral(r + x, s + 1.0, alpha, beta, tx, t) {
                Ok(ln_i) => {
                    let k = self.group_of[i] as usize;
                    acc[0] += rows.w[i] * (ratio[k] + log_add_exp(dead_never, ln_scale + ln_s + ln_i));
                }
                Err(_) => acc[1] += 1.0,
            }
        });
        if failed > 0.0 {
            return Err(ValueError::SeriesNotConverged { function: "pareto_integral", terms: 0 });
        }
        Ok(sum)
    }
}

impl Objective for Likelihood<'_> {
    fn eval(&self, theta: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let f = |th: &[f64]| self.total_log_likelihood(th).map_or(f64::NAN, |ll| -ll / self.total);
        if let Some(g) = grad {
            central_gradient(&f, theta, self.fd_step, g);
        }
        f(theta)
    }

    fn has_analytic_gradient(&self) -> bool {
        false
    }
}

impl PurchaseModel for ParetoNbd {
    fn name(&self) -> &'static str {
        MODEL
    }

    fn parameters(&self) -> Vec<(&'static str, f64)> {
        let ParetoNbdParams { r, alpha, s, beta } = self.params;
        NAMES.into_iter().zip([r, alpha, s, beta]).collect()
    }

    fitted_accessors!();

    fn log_likelihood_of(&self, data: &RfmData<'_>, weights: Option<&[f64]>) -> Result<f64, ValueError> {
        ParetoNbd::log_likelihood_of(self, data, weights)
    }

    /// P(alive) = e^A / (e^A + s·I), A = −(r+x) ln(α+T) − s ln(β+T).
    fn p_alive_one(&self, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        let (dead_never, died) = self.log_parts(x, tx, t)?;
        finite_prediction(MODEL, "p_alive", (x, tx, t), 1.0 / (1.0 + (died - dead_never).exp()))
    }

    /// E[Y(t) | x, t_x, T] = P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)]
    /// (the limit −ln((β+T)/(β+T+t)) replaces the last two factors at s = 1).
    fn expected_purchases_one(&self, t_future: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        if t_future == 0.0 {
            return Ok(0.0);
        }
        let e = self.p_alive_one(x, tx, t)? * self.alive_expectation(t_future, x, t);
        finite_prediction(MODEL, "expected_purchases", (x, tx, t), e)
    }

    /// E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)]: the expectation above for a
    /// customer alive at birth (x = 0, T = 0), with no integral to evaluate.
    fn expected_repeat_purchases(&self, t: f64) -> Result<f64, ValueError> {
        super::model::check_horizon(t)?;
        let e = if t == 0.0 { 0.0 } else { self.alive_expectation(t, 0.0, 0.0) };
        finite_prediction(MODEL, "expected_repeat_purchases", (0.0, 0.0, 0.0), e)
    }

    /// λ ~ Gamma(r, α), μ ~ Gamma(s, β), lifetime τ ~ Exp(μ); purchases ~ Poisson(λ · min(τ, t)).
    fn simulate_repeat_purchases(&self, t: f64, rng: &mut SeededRng) -> Result<f64, ValueError> {
        super::model::check_horizon(t)?;
        let ParetoNbdParams { r, alpha, s, beta } = self.params;
        let lambda = rng.gamma(r, alpha);
        let mu = rng.gamma(s, beta);
        let lifetime = rng.exponential() / mu;
        Ok(rng.poisson(lambda * lifetime.min(t)))
    }

    /// P(Y = n | x, t_x, T) for the purchases Y in (T, T+t].
    ///
    /// Given alive at T, λ ~ Gamma(r+x, α+T) and the remaining lifetime τ has
    /// P(τ > u) = ((β+T)/(β+T+u))^s; Y counts the purchases in (0, min(τ, t)], so
    /// Q(n) = P(τ > t) NB(n; r+x, t/(α+T+t)) + ∫₀^t f_τ(u) NB(n; r+x, u/(α+T+u)) du with
    /// NB the negative-binomial probability; the integral is taken by quadrature in ln u
    /// (its log is concave there, so a narrow peak at large n is found and resolved).
    /// P(Y = n) = P(alive) Q(n) + (1 − P(alive)) [n = 0].
    fn probability_of_purchases_one(&self, n: f64, t_future: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        check_purchase_count("n", n)?;
        check_horizon(t_future)?;
        let alive = self.p_alive_one(x, tx, t)?;
        let dead = if n == 0.0 { 1.0 - alive } else { 0.0 };
        if t_future == 0.0 {
            return Ok(if n == 0.0 { 1.0 } else { 0.0 });
        }
        let ParetoNbdParams { r, alpha, s, beta } = self.params;
        let k = r + x;
        let (ln_c, ln_b) = ((alpha + t).ln(), (beta + t).ln());
        let ln_coef = ln_nb_coefficient(k, n);
        let ln_end = t_future.ln();
        // Alive through the whole window: (β+T)/(β+T+t))^s · NB(n; k, z).
        let lived = ln_coef
            + n * (ln_end - log_add_exp(ln_c, ln_end))
            + k * (ln_c - log_add_exp(ln_c, ln_end))
            + s * (ln_b - log_add_exp(ln_b, ln_end));
        let constant = ln_coef + k * ln_c + s.ln() + s * ln_b;
        let g = |v: f64| {
            let sig_c = 1.0 / (1.0 + (ln_c - v).exp());
            let sig_b = 1.0 / (1.0 + (ln_b - v).exp());
            let value = constant + (n + 1.0) * v - (n + k) * log_add_exp(ln_c, v) - (s + 1.0) * log_add_exp(ln_b, v);
            let d1 = (n + 1.0) - (n + k) * sig_c - (s + 1.0) * sig_b;
            let d2 = -(n + k) * sig_c * (1.0 - sig_c) - (s + 1.0) * sig_b * (1.0 - sig_b);
            (value, d1, d2)
        };
        let hint = ln_end.min(((n + 1.0) / k).ln() + ln_c);
        let died = ln_integral_of_concave(g, f64::NEG_INFINITY, ln_end, hint, "pareto_nbd_pmf")?;
        Ok(alive * (lived.exp() + died.exp()) + dead)
    }
}
