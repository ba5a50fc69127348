//! The BG/BB model (Fader, Hardie & Shang 2010, "Customer-Base Analysis in a
//! Discrete-Time Noncontractual Setting"): purchases at discrete opportunities.
//!
//! After the first purchase (period 0) a customer has n transaction opportunities
//! (annual budgets, tenders, events, weeks). While alive, a customer transacts at each
//! opportunity with probability p ~ Beta(α, β), and before each opportunity drops out
//! with probability θ ~ Beta(γ, δ). A customer's history is x (opportunities with a
//! transaction), t_x (the last one; 0 when x = 0) and n, and its likelihood is
//! L = [B(α+x, β+n−x) B(γ, δ+n) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i) B(γ+1, δ+t_x+i)]
//! / (B(α, β) B(γ, δ)) (see [`bgbb_terms`](super::bgbb_terms) for how it is summed).

use serde::{Deserialize, Serialize};

use super::bgbb_terms::Shapes;
use super::compress::{group_rows, Grouped};
use super::data::{check_weights, RfmData};
use super::error::{check_config, ValueError};
use super::model::{
    check_fit_input, check_fit_parts, check_params, check_purchase_count, fitted_accessors, per_distinct_row,
    FitConfig, PurchaseModel,
};
use super::optimize::{minimize_keeping, FitReport, Objective};
use super::simulate::SeededRng;
use super::special::{ln_gamma, ln_gamma_ratio, ln_hyp2f1_one, log_add_exp};

const MODEL: &str = "bg_bb";
const NAMES: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

/// The most transaction opportunities (n, and a horizon in periods) the BG/BB accepts:
/// its sums run over the opportunities, so 10⁷ take tens of milliseconds.
pub const MAX_OPPORTUNITIES: f64 = 1e7;

/// BG/BB parameters: transaction probability p ~ Beta(α, β), dropout probability θ ~ Beta(γ, δ).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BetaGeoBetaBinomParams {
    /// First shape of the transaction-probability distribution.
    pub alpha: f64,
    /// Second shape of the transaction-probability distribution.
    pub beta: f64,
    /// First shape of the dropout-probability distribution.
    pub gamma: f64,
    /// Second shape of the dropout-probability distribution.
    pub delta: f64,
}

impl BetaGeoBetaBinomParams {
    fn to_array(self) -> [f64; 4] {
        [self.alpha, self.beta, self.gamma, self.delta]
    }

    fn shapes(self) -> Shapes {
        Shapes { alpha: self.alpha, beta: self.beta, gamma: self.gamma, delta: self.delta }
    }
}

/// A BG/BB model: fitted by maximum likelihood or built from known parameters.
///
/// Its data are [`RfmData`] in whole periods: frequency x = opportunities with a
/// transaction, recency t_x = the last of them, T = n opportunities (from
/// [`discrete_summary`](super::discrete_summary), or a recency/frequency table with
/// counts as weights). Its horizons are whole periods.
///
/// ```
/// use relmap::value::{BetaGeoBetaBinom, FitConfig, PurchaseModel, RfmData};
/// // A small recency/frequency table over 6 annual opportunities, with counts.
/// let x = [0.0, 1.0, 1.0, 2.0, 3.0, 6.0];
/// let tx = [0.0, 1.0, 5.0, 6.0, 4.0, 6.0];
/// let n = [6.0; 6];
/// let counts = [3464.0, 1091.0, 119.0, 234.0, 181.0, 1203.0];
/// let data = RfmData::new(&x, &tx, &n)?;
/// let bgbb = BetaGeoBetaBinom::fit(&data, Some(&counts), &FitConfig::default())?;
/// let alive = bgbb.p_alive(&data)?; // P(alive at the next opportunity)
/// assert!(alive[5] > alive[4]); // a donor every year is likelier to stay than one silent for two
/// let next5 = bgbb.expected_purchases(5.0, &data)?;
/// assert!(next5.iter().all(|&e| e >= 0.0 && e <= 5.0));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BetaGeoBetaBinom {
    params: BetaGeoBetaBinomParams,
    log_likelihood: Option<f64>,
    report: Option<FitReport>,
}

/// Checks one customer's (x, t_x, n) as whole periods; `index` names the row.
fn check_periods(index: usize, x: f64, tx: f64, n: f64) -> Result<(), ValueError> {
    for (field, v) in [("frequency", x), ("recency", tx), ("t", n)] {
        if !v.is_finite() {
            return Err(ValueError::NonFinite { field, index, value: v });
        }
        if v < 0.0 || v.fract() != 0.0 {
            return Err(ValueError::OutOfRange { field, index, value: v, expected: "a whole number of periods" });
        }
    }
    if n > MAX_OPPORTUNITIES {
        return Err(ValueError::OutOfRange {
            field: "t",
            index,
            value: n,
            expected: "at most 10^7 transaction opportunities",
        });
    }
    if tx > n || (x == 0.0 && tx != 0.0) {
        return Err(ValueError::OutOfRange { field: "recency", index, value: tx, expected: "0 <= recency <= t" });
    }
    if x > tx && x > 0.0 {
        return Err(ValueError::OutOfRange {
            field: "frequency",
            index,
            value: x,
            expected: "<= recency (at most one transaction per opportunity)",
        });
    }
    Ok(())
}

/// Checks a horizon in periods: whole, ≥ 0, at most [`MAX_OPPORTUNITIES`].
fn check_periods_ahead(t_future: f64) -> Result<(), ValueError> {
    if !t_future.is_finite() {
        return Err(ValueError::NonFinite { field: "t", index: 0, value: t_future });
    }
    if t_future < 0.0 || t_future.fract() != 0.0 || t_future > MAX_OPPORTUNITIES {
        return Err(ValueError::OutOfRange {
            field: "t",
            index: 0,
            value: t_future,
            expected: "a whole number of periods in [0, 10^7]",
        });
    }
    Ok(())
}

impl BetaGeoBetaBinom {
    /// A model with known parameters (all must be positive and finite).
    pub fn new(params: BetaGeoBetaBinomParams) -> Result<BetaGeoBetaBinom, ValueError> {
        check_params(MODEL, &NAMES, &params.to_array())?;
        Ok(BetaGeoBetaBinom { params, log_likelihood: None, report: None })
    }

    /// The fitted model from the parts a fit keeps: its parameters, maximised
    /// log-likelihood and report (with the observed information). A model kept as plain
    /// data (as the Python binding keeps `params_`, `log_likelihood_` and `report_`, or
    /// read back from JSON) rebuilt this way predicts, summarises and gives prediction
    /// intervals exactly as the fit did. Errors: `invalid_parameter` as [`Self::new`],
    /// `invalid_config` for a non-finite log-likelihood or an information matrix that is
    /// neither empty nor one row and column per parameter.
    pub fn from_fit(
        params: BetaGeoBetaBinomParams,
        log_likelihood: f64,
        report: FitReport,
    ) -> Result<BetaGeoBetaBinom, ValueError> {
        let model = BetaGeoBetaBinom::new(params)?;
        check_fit_parts(4, log_likelihood, &report)?;
        Ok(BetaGeoBetaBinom { log_likelihood: Some(log_likelihood), report: Some(report), ..model })
    }

    /// Fits α, β, γ, δ by maximum likelihood; `weights` count identical customers (the
    /// counts of a recency/frequency table).
    ///
    /// Identical (x, t_x, n) rows are merged before the optimizer runs, and the tails of
    /// all customers with the same (x, n) are summed in one pass; the gradient is analytic.
    /// Errors as for [`BetaGeo::fit`](super::BetaGeo::fit), and `out_of_range` for data
    /// that are not whole periods.
    pub fn fit(
        data: &RfmData<'_>,
        weights: Option<&[f64]>,
        config: &FitConfig,
    ) -> Result<BetaGeoBetaBinom, ValueError> {
        config.validate(MODEL, &NAMES)?;
        check_data(data)?;
        check_fit_input(MODEL, data, weights, config)?;
        // Grouped by n, then sorted by (x, t_x): runs of equal x share one pass.
        let rows = group_rows(data.t(), data.frequency(), data.recency(), weights, |_| true);
        let start = match &config.initial {
            Some(p) => p.iter().map(|v| v.ln()).collect(),
            None => vec![0.0; 4],
        };
        let objective = Likelihood { rows: &rows, total: rows.total_weight() };
        let opt = minimize_keeping(&objective, &start, &config.optimizer, MODEL, &NAMES, config.standard_errors)?
            .with_information(&objective, rows.total_weight(), config.standard_errors);
        let e: Vec<f64> = opt.x.iter().map(|v| v.exp()).collect();
        let params = BetaGeoBetaBinomParams { alpha: e[0], beta: e[1], gamma: e[2], delta: e[3] };
        let log_likelihood = -opt.value * rows.total_weight();
        let mut report = opt.report;
        report.distinct_rows = rows.rows();
        report.total_weight = rows.total_weight();
        Ok(BetaGeoBetaBinom { params, log_likelihood: Some(log_likelihood), report: Some(report) })
    }

    /// The parameters.
    pub fn params(&self) -> BetaGeoBetaBinomParams {
        self.params
    }

    /// P(alive at opportunity n + m | x, t_x, n) (Fader, Hardie & Shang 2010, eq. A10):
    /// B(α+x, β+n−x) B(γ, δ+n+m) / (B(α,β) B(γ,δ) L). `m` = 1 is [`PurchaseModel::p_alive_one`].
    pub fn p_alive_at(&self, m: f64, x: f64, tx: f64, n: f64) -> Result<f64, ValueError> {
        check_periods(0, x, tx, n)?;
        check_periods_ahead(m)?;
        let s = self.params.shapes();
        Ok((s.ln_alive(x, n, m) - s.ln_likelihood(x, tx, n)).exp())
    }

    /// Discounted expected residual transactions of every customer at discount rate `d`
    /// per period (see [`BetaGeoBetaBinom::dert_one`]).
    pub fn dert(&self, d: f64, data: &RfmData<'_>) -> Result<Vec<f64>, ValueError> {
        check_config("discount_rate", d, d > 0.0, "> 0 per period")?;
        check_data(data)?;
        per_distinct_row(data, |x, tx, n| self.dert_one(d, x, tx, n))
    }

    /// DERT(d | x, t_x, n) = Σ_{k≥1} E[transaction at n+k] / (1+d)^k (FHS 2010, eq. 13):
    /// B(α+x+1, β+n−x) B(γ, δ+n+1) / (B(α,β) B(γ,δ) (1+d) L) · 2F1(1, δ+n+1; γ+δ+n+1; 1/(1+d)).
    /// CLV = margin × value per transaction × DERT.
    ///
    /// ```
    /// use relmap::value::{BetaGeoBetaBinom, BetaGeoBetaBinomParams};
    /// let m = BetaGeoBetaBinom::new(BetaGeoBetaBinomParams { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 })?;
    /// let loyal = m.dert_one(0.1, 6.0, 6.0, 6.0)?;
    /// let lapsed = m.dert_one(0.1, 1.0, 1.0, 6.0)?;
    /// assert!(loyal > 3.0 && lapsed < 0.5);
    /// # Ok::<(), relmap::value::ValueError>(())
    /// ```
    pub fn dert_one(&self, d: f64, x: f64, tx: f64, n: f64) -> Result<f64, ValueError> {
        check_config("discount_rate", d, d > 0.0, "> 0 per period")?;
        check_periods(0, x, tx, n)?;
        let p = self.params;
        let s = p.shapes();
        let ln_head = s.ln_p(x + 1.0, n - x) + s.ln_theta(0.0, n + 1.0) - d.ln_1p();
        let ln_series = ln_hyp2f1_one(p.delta + n + 1.0, p.gamma + p.delta + n + 1.0, 1.0 / (1.0 + d))?;
        Ok((ln_head + ln_series - s.ln_likelihood(x, tx, n)).exp())
    }
}

/// Checks every row of `data` as whole periods.
pub(crate) fn check_data(data: &RfmData<'_>) -> Result<(), ValueError> {
    let (x, tx, n) = (data.frequency(), data.recency(), data.t());
    (0..data.len()).try_for_each(|i| check_periods(i, x[i], tx[i], n[i]))
}

impl PurchaseModel for BetaGeoBetaBinom {
    fn name(&self) -> &'static str {
        MODEL
    }

    fn parameters(&self) -> Vec<(&'static str, f64)> {
        NAMES.into_iter().zip(self.params.to_array()).collect()
    }

    fitted_accessors!();

    fn log_likelihood_of(&self, data: &RfmData<'_>, weights: Option<&[f64]>) -> Result<f64, ValueError> {
        check_data(data)?;
        check_weights(weights, data.len())?;
        let rows = group_rows(data.t(), data.frequency(), data.recency(), weights, |_| true);
        let p = self.params;
        let theta: Vec<f64> = p.to_array().iter().map(|v| v.ln()).collect();
        Ok(-Likelihood { rows: &rows, total: 1.0 }.eval(&theta, None))
    }

    fn is_discrete(&self) -> bool {
        true
    }

    fn check_data(&self, data: &RfmData<'_>) -> Result<(), ValueError> {
        check_data(data)
    }

    /// P(alive at the next opportunity n+1 | x, t_x, n) (FHS 2010, eq. 11).
    fn p_alive_one(&self, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        self.p_alive_at(1.0, x, tx, t)
    }

    /// E[X(n, n+n*) | x, t_x, n] = B(α+x+1, β+n−x)/B(α,β) · Σ_{j=1}^{n*} B(γ, δ+n+j)/B(γ,δ) / L
    /// (FHS 2010, eq. 13), `t_future` = n* whole periods.
    fn expected_purchases_one(&self, t_future: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        check_periods(0, x, tx, t)?;
        check_periods_ahead(t_future)?;
        if t_future == 0.0 {
            return Ok(0.0);
        }
        let s = self.params.shapes();
        let ln = s.ln_p(x + 1.0, t - x) + s.ln_survival_sum(t, t_future) - s.ln_likelihood(x, tx, t);
        Ok(ln.exp())
    }

    /// P(X(n, n+n*) = y | x, t_x, n): alive at n, the customer stays for J more
    /// opportunities (J = j < n* with probability θ(1−θ)^j, J = n* with (1−θ)^(n*)) and
    /// transacts Binomial(J, p) times; over the posterior this is
    /// [Σ_{j=y}^{n*−1} C(j,y) B(α+x+y, β+n−x+j−y) B(γ+1, δ+n+j) +
    /// C(n*,y) B(α+x+y, β+n−x+n*−y) B(γ, δ+n+n*)] / (B(α,β) B(γ,δ) L),
    /// plus the dropped-out share 1 − P(alive at n) at y = 0 (FHS 2010, eq. 7 at x = t_x = n = 0).
    fn probability_of_purchases_one(&self, y: f64, t_future: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
        check_purchase_count("n", y)?;
        check_periods(0, x, tx, t)?;
        check_periods_ahead(t_future)?;
        let p = self.params;
        let s = p.shapes();
        if t_future == 0.0 {
            return Ok(if y == 0.0 { 1.0 } else { 0.0 });
        }
        let ln_l = s.ln_likelihood(x, tx, t);
        let dead = if y == 0.0 { 1.0 - (s.ln_alive(x, t, 0.0) - ln_l).exp() } else { 0.0 };
        if y > t_future {
            return Ok(dead);
        }
        let b0 = p.beta + t - x;
        // Stayed all n* opportunities.
        let ln_choose = |j: f64| ln_gamma_ratio(j - y + 1.0, y) - ln_gamma(y + 1.0);
        let last = ln_choose(t_future) + s.ln_p(x + y, t - x + t_future - y) + s.ln_theta(0.0, t + t_future);
        // Dropped out after j = y .. n*−1 more opportunities, summed upwards with a running scale.
        let mut ln_sum = f64::NEG_INFINITY;
        if y < t_future {
            let ln_first = s.ln_p(x + y, t - x) + s.ln_theta(1.0, t + y);
            let (mut term, mut sum, mut ln_scale) = (1.0f64, 0.0f64, ln_first);
            let mut j = y;
            loop {
                sum += term;
                if j + 1.0 >= t_future {
                    break;
                }
                term *= (j + 1.0) / (j + 1.0 - y) * (b0 + j - y) / (p.alpha + p.beta + t + j) * (p.delta + t + j)
                    / (p.gamma + p.delta + t + j + 1.0);
                j += 1.0;
                if term > 1e280 {
                    let scale = 1.0 / term;
                    sum *= scale;
                    ln_scale += term.ln();
                    term = 1.0;
                }
            }
            ln_sum = ln_scale + sum.ln();
        }
        Ok((log_add_exp(ln_sum, last) - ln_l).exp() + dead)
    }

    /// p ~ Beta(α, β), θ ~ Beta(γ, δ); the customer survives J = min(n*, Geometric(θ) − 1)
    /// opportunities and transacts at each with probability p: Binomial(J, p), drawn by
    /// geometric skips (O(J · min(p, 1−p)) steps). `t` is whole periods.
    fn simulate_repeat_purchases(&self, t: f64, rng: &mut SeededRng) -> Result<f64, ValueError> {
        check_periods_ahead(t)?;
        let p = self.params;
        let buy = rng.beta(p.alpha, p.beta);
        let dropout = rng.beta(p.gamma, p.delta);
        let alive = (rng.geometric(dropout) - 1.0).min(t);
        // Count the rarer outcome by geometric skips.
        let (q, rare_is_buy) = if buy <= 0.5 { (buy, true) } else { (1.0 - buy, false) };
        let mut rare = 0.0;
        if q > 0.0 {
            let mut at = rng.geometric(q);
            while at <= alive {
                rare += 1.0;
                at += rng.geometric(q);
            }
        }
        Ok(if rare_is_buy { rare } else { alive - rare })
    }
}

/// −(Σ w ℓ)/total over rows grouped by n (u = x, v = t_x), as a function of ln(α, β, γ, δ).
///
/// The terms are normalized, their gradients are not: each row's gradient is that of
/// ln(A + S) minus the normalization's, ∂ ln(B(α,β) B(γ,δ)).
struct Likelihood<'a> {
    rows: &'a Grouped,
    total: f64,
}

impl Objective for Likelihood<'_> {
    fn eval(&self, theta: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let p = [theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp()];
        let s = Shapes { alpha: p[0], beta: p[1], gamma: p[2], delta: p[3] };
        let want_grad = grad.is_some();
        let rows = self.rows;
        let mut ll = 0.0;
        let mut g = [0.0f64; 4];
        let mut total_w = 0.0;
        for (k, &n) in rows.xs.iter().enumerate() {
            let (lo, hi) = (rows.start[k], rows.start[k + 1]);
            let mut i = lo;
            while i < hi {
                let x = rows.u[i];
                let run_end = (i..hi).find(|&r| rows.u[r] != x).unwrap_or(hi);
                let tails = s.tails(x, n, &rows.v[i..run_end], want_grad);
                let ln_a = s.ln_alive(x, n, 0.0);
                let da = if want_grad { s.ln_alive_grad(x, n) } else { [0.0; 4] };
                for (r, tail) in (i..run_end).zip(&tails) {
                    let w = rows.w[r];
                    let ln_row = log_add_exp(ln_a, tail.ln);
                    ll += w * ln_row;
                    total_w += w;
                    if want_grad {
                        let wa = (ln_a - ln_row).exp();
                        for q in 0..4 {
                            g[q] += w * (wa * da[q] + (1.0 - wa) * tail.grad[q]);
                        }
                    }
                }
                i = run_end;
            }
        }
        if let Some(out) = grad {
            let dn = s.ln_norm_grad();
            for q in 0..4 {
                out[q] = -(g[q] - total_w * dn[q]) * p[q] / self.total;
            }
        }
        -ll / self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analytic_gradient_matches_central_differences() {
        let x = [0.0, 1.0, 1.0, 2.0, 3.0, 5.0, 2.0];
        let tx = [0.0, 1.0, 4.0, 6.0, 3.0, 6.0, 2.0];
        let n = [6.0, 6.0, 6.0, 6.0, 6.0, 6.0, 4.0];
        let rows = group_rows(&n, &x, &tx, Some(&[30.0, 10.0, 3.0, 5.0, 2.0, 8.0, 1.5]), |_| true);
        let obj = Likelihood { rows: &rows, total: rows.total_weight() };
        let theta = [0.2, -0.3, -0.4, 1.0];
        let mut g = [0.0; 4];
        obj.eval(&theta, Some(&mut g));
        let mut fd = [0.0; 4];
        crate::value::optimize::central_gradient(&|th: &[f64]| obj.eval(th, None), &theta, 1e-6, &mut fd);
        for j in 0..4 {
            assert!((g[j] - fd[j]).abs() < 1e-8, "component {j}: {} vs {}", g[j], fd[j]);
        }
    }
}
