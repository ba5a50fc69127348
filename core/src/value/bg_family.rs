//! The beta-geometric family shared by BG/NBD ([`BetaGeo`](super::BetaGeo)) and MBG/NBD
//! ([`ModifiedBetaGeo`](super::ModifiedBetaGeo)): likelihood, fit and predictions.
//!
//! While alive a customer buys at Poisson rate λ ~ Gamma(r, α) and drops out with
//! probability p ~ Beta(a, b) right after a purchase: after every repeat purchase
//! (BG/NBD), or after every purchase including the first (MBG/NBD, Batislam, Denizel &
//! Filiztekin 2007). With m = 0 (BG/NBD) or 1 (MBG/NBD), a customer alive at T has
//! survived x + m dropout chances, so given the history
//! λ | alive ~ Gamma(r+x, α+T) and p | alive ~ Beta(a, b+x+m), independently.

use super::beta_mixture::beta_mixture_expectation;
use super::bgnbd::{fitted, BetaGeoParams};
use super::compress::{group_rows, Grouped};
use super::data::{check_weights, RfmData};
use super::error::ValueError;
use super::model::{check_fit_input, check_horizon, check_purchase_count, time_scale, FitConfig};
use super::optimize::{minimize_keeping, FitReport, Objective};
use super::simulate::SeededRng;
use super::special::{
    beta_inc_reg, digamma_rising_table, ln_gamma_ratio, ln_nb_coefficient, ln_rising_table, log_add_exp,
};
use crate::par::FxMap;

/// Cap on terms of the conditional-expectation series.
const MAX_TERMS: usize = 1_000_000;
/// The parameter names of the family.
pub(crate) const NAMES: [&str; 4] = ["r", "alpha", "a", "b"];

/// When a customer of the beta-geometric family can drop out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dropout {
    /// After every repeat purchase (BG/NBD).
    AfterRepeatPurchases,
    /// After every purchase, the first included (MBG/NBD).
    AfterEveryPurchase,
}

impl Dropout {
    /// m: the dropout chances a customer has had before its first repeat purchase.
    fn shift(self) -> f64 {
        match self {
            Dropout::AfterRepeatPurchases => 0.0,
            Dropout::AfterEveryPurchase => 1.0,
        }
    }
}

/// The `PurchaseModel` methods of a model of the family: for a type with the fields
/// `params`, `log_likelihood` and `report`, with `MODEL` and `DROPOUT` in scope.
macro_rules! beta_geometric_methods {
    () => {
        fn name(&self) -> &'static str {
            MODEL
        }

        fn parameters(&self) -> Vec<(&'static str, f64)> {
            bg_family::NAMES.into_iter().zip(self.params.to_array()).collect()
        }

        fitted_accessors!();

        fn log_likelihood_of(&self, data: &RfmData<'_>, weights: Option<&[f64]>) -> Result<f64, ValueError> {
            bg_family::log_likelihood_of(DROPOUT, self.params, data, weights)
        }

        fn p_alive_one(&self, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
            let v = bg_family::p_alive(DROPOUT, self.params, x, tx, t);
            $crate::value::model::finite_prediction(MODEL, "p_alive", (x, tx, t), v)
        }

        fn expected_purchases_one(&self, t_future: f64, x: f64, tx: f64, t: f64) -> Result<f64, ValueError> {
            let v = bg_family::expected_purchases(DROPOUT, self.params, t_future, x, tx, t)?;
            $crate::value::model::finite_prediction(MODEL, "expected_purchases", (x, tx, t), v)
        }

        fn expected_purchases_curve_one(
            &self,
            horizons: &[f64],
            x: f64,
            tx: f64,
            t: f64,
            out: &mut Vec<f64>,
        ) -> Result<(), ValueError> {
            let start = out.len();
            bg_family::expected_purchases_curve(DROPOUT, self.params, horizons, (x, tx, t), out)?;
            for v in &out[start..] {
                $crate::value::model::finite_prediction(MODEL, "expected_purchases", (x, tx, t), *v)?;
            }
            Ok(())
        }

        fn probability_of_purchases_one(
            &self,
            n: f64,
            t_future: f64,
            x: f64,
            tx: f64,
            t: f64,
        ) -> Result<f64, ValueError> {
            bg_family::probability_of_purchases(DROPOUT, self.params, n, t_future, (x, tx, t))
        }

        fn simulate_repeat_purchases(&self, t: f64, rng: &mut SeededRng) -> Result<f64, ValueError> {
            bg_family::simulate(DROPOUT, self.params, t, rng)
        }
    };
}
pub(crate) use beta_geometric_methods;

/// A fit of the family: parameters in the data's units, log-likelihood and report.
pub(crate) fn fit(
    dropout: Dropout,
    model: &'static str,
    data: &RfmData<'_>,
    weights: Option<&[f64]>,
    config: &FitConfig,
) -> Result<(BetaGeoParams, f64, FitReport), ValueError> {
    config.validate(model, &NAMES)?;
    check_fit_input(model, data, weights, config)?;
    let c = time_scale(data.t());
    let scaled_tx: Vec<f64> = data.recency().iter().map(|v| v * c).collect();
    let scaled_t: Vec<f64> = data.t().iter().map(|v| v * c).collect();
    let rows = group_rows(data.frequency(), &scaled_tx, &scaled_t, weights, |_| true);
    let start = match &config.initial {
        Some(p) => vec![p[0].ln(), (p[1] * c).ln(), p[2].ln(), p[3].ln()],
        None => vec![0.0; 4],
    };
    let objective = Likelihood::new(&rows, rows.total_weight(), dropout);
    let opt = minimize_keeping(&objective, &start, &config.optimizer, model, &NAMES, config.standard_errors)?
        .with_information(&objective, objective.total, config.standard_errors);
    let e: Vec<f64> = opt.x.iter().map(|v| v.exp()).collect();
    let params = BetaGeoParams { r: e[0], alpha: e[1] / c, a: e[2], b: e[3] };
    let (log_likelihood, report) = fitted(opt, &rows, c);
    Ok((params, log_likelihood, report))
}

/// The weighted log-likelihood of `data` at `p`.
pub(crate) fn log_likelihood_of(
    dropout: Dropout,
    p: BetaGeoParams,
    data: &RfmData<'_>,
    weights: Option<&[f64]>,
) -> Result<f64, ValueError> {
    check_weights(weights, data.len())?;
    let rows = group_rows(data.frequency(), data.recency(), data.t(), weights, |_| true);
    let objective = Likelihood::new(&rows, 1.0, dropout);
    Ok(-objective.eval(&[p.r.ln(), p.alpha.ln(), p.a.ln(), p.b.ln()], None))
}

/// P(alive at T) = 1 / (1 + a/(b+x+m−1) · ((α+T)/(α+t_x))^(r+x)); 1 when x + m = 0.
pub(crate) fn p_alive(dropout: Dropout, p: BetaGeoParams, x: f64, tx: f64, t: f64) -> f64 {
    let m = dropout.shift();
    if x + m == 0.0 {
        return 1.0;
    }
    let log_odds = (p.a / (p.b + x + m - 1.0)).ln() + (p.r + x) * ((p.alpha + t) / (p.alpha + tx)).ln();
    1.0 / (1.0 + log_odds.exp())
}

/// E[Y(t) | x, t_x, T] = P(alive) · E_p[(1 − (1 + p·u)^(−(r+x))) / p], u = t/(α+T),
/// p ~ Beta(a, b+x+m) (see [`bg_nbd_alive_expectation`]).
pub(crate) fn expected_purchases(
    dropout: Dropout,
    p: BetaGeoParams,
    t_future: f64,
    x: f64,
    tx: f64,
    t: f64,
) -> Result<f64, ValueError> {
    check_horizon(t_future)?;
    if t_future == 0.0 {
        return Ok(0.0);
    }
    let u = t_future / (p.alpha + t);
    let m = dropout.shift();
    Ok(p_alive(dropout, p, x, tx, t) * bg_nbd_alive_expectation(p.r + x, p.a, p.b + x + m, u)?)
}

/// [`expected_purchases`] at every horizon of `horizons` (each > 0) for one customer,
/// appended to `out`: P(alive) once, and the series of [`bg_nbd_alive_expectation`] for all
/// horizons in one pass ([`alive_expectations_by_series`]), which shares the terms that do
/// not depend on the horizon. A horizon the series would need past [`SERIES_TERMS`] terms
/// for (or whose first terms underflow) is computed on its own, as by `expected_purchases`.
pub(crate) fn expected_purchases_curve(
    dropout: Dropout,
    p: BetaGeoParams,
    horizons: &[f64],
    (x, tx, t): (f64, f64, f64),
    out: &mut Vec<f64>,
) -> Result<(), ValueError> {
    let alive = p_alive(dropout, p, x, tx, t);
    let (k, big_b) = (p.r + x, p.b + x + dropout.shift());
    let start = out.len();
    let mut us = Vec::with_capacity(horizons.len());
    for &h in horizons {
        check_horizon(h)?;
        us.push(h / (p.alpha + t));
    }
    // Horizons for the joint series: u > 0, not too many terms, first term representable.
    let joint = |u: f64| {
        u > 0.0
            && k * u + 12.0 * (k * u * (1.0 + u)).sqrt() + 40.0 <= SERIES_TERMS
            && k.ln() + (u.ln() - u.ln_1p()) - k * u.ln_1p() >= -600.0
    };
    let together: Vec<f64> = us.iter().copied().filter(|&u| joint(u)).collect();
    let mut sums = vec![0.0; together.len()];
    alive_expectations_by_series(k, p.a, big_b, &together, &mut sums)?;
    let mut next = sums.into_iter();
    for &u in &us {
        let e = if joint(u) {
            next.next().expect("one sum per joint horizon")
        } else {
            bg_nbd_alive_expectation(k, p.a, big_b, u)?
        };
        out.push(alive * e);
    }
    debug_assert_eq!(out.len() - start, horizons.len());
    Ok(())
}

/// [`alive_expectation_by_series`] at every `u` of `us` (each > 0, with a representable
/// first term), into `out`: one pass over n for all of them. The factors that do not depend
/// on u (Q_n, (k+n)/(n+1)) are computed once per term; each u keeps its own weight, sum and
/// stopping rule.
pub(crate) fn alive_expectations_by_series(
    k: f64,
    a: f64,
    big_b: f64,
    us: &[f64],
    out: &mut [f64],
) -> Result<(), ValueError> {
    debug_assert_eq!(us.len(), out.len());
    if us.is_empty() {
        return Ok(());
    }
    // Per u: z, the weight w_n and whether its sum is done.
    let z: Vec<f64> = us.iter().map(|&u| u / (1.0 + u)).collect();
    let mut w: Vec<f64> = us.iter().map(|&u| (k.ln() + (u.ln() - u.ln_1p()) - k * u.ln_1p()).exp()).collect();
    out.iter_mut().for_each(|s| *s = 0.0);
    let mut open = us.len();
    let mut done = vec![false; us.len()];
    let (mut p, mut q) = (1.0f64, 1.0f64); // P_0 and Q_1
    let mut n = 1usize;
    loop {
        let nf = n as f64;
        let c = (k + nf) / (nf + 1.0);
        let p_next = p * (big_b + nf - 1.0) / (a + big_b + nf - 1.0);
        for j in 0..us.len() {
            if done[j] {
                continue;
            }
            let sum = out[j] + w[j] * q;
            out[j] = sum;
            let rho = z[j] * c;
            let bound = rho.max(z[j]);
            if bound < 1.0 {
                // The tail bound of alive_expectation_by_series,
                // w [q ρ/(1−ρ) + P ρ/(1−ρ)²] ≤ ε/2 · sum, times (1−ρ)²: no division.
                let gap = 1.0 - bound;
                if w[j] * bound * (q * gap + p_next) <= f64::EPSILON * 0.5 * sum * gap * gap {
                    done[j] = true;
                    open -= 1;
                    continue;
                }
            }
            w[j] *= rho;
        }
        if open == 0 {
            return Ok(());
        }
        p = p_next;
        q += p;
        n += 1;
        if n > MAX_TERMS {
            return Err(ValueError::SeriesNotConverged { function: "bg_nbd_expectation", terms: MAX_TERMS });
        }
    }
}

/// Draws a new customer's repeat purchases in (0, t]: λ ~ Gamma(r, α), p ~ Beta(a, b);
/// purchases come at rate λ and the customer drops out after each repeat purchase with
/// probability p, min(Poisson(λt), Geometric(p)); under the MBG/NBD it may also drop out
/// right after the first purchase (then 0).
pub(crate) fn simulate(dropout: Dropout, p: BetaGeoParams, t: f64, rng: &mut SeededRng) -> Result<f64, ValueError> {
    check_horizon(t)?;
    let lambda = rng.gamma(p.r, p.alpha);
    let q = rng.beta(p.a, p.b);
    if dropout == Dropout::AfterEveryPurchase && rng.uniform() < q {
        return Ok(0.0);
    }
    let purchases = rng.poisson(lambda * t);
    Ok(purchases.min(rng.geometric(q)))
}

/// P(Y = n | x, t_x, T) for the purchases Y in (T, T+t].
///
/// Alive at T with λ and p, the customer makes n purchases when the n-th purchase falls
/// in the window and is followed by a dropout, or when exactly n fall in it and none is:
/// P(Y = n | λ, p) = (1−p)^(n−1) p · P(N ≥ n) + (1−p)^n · P(N = n) for n ≥ 1 and
/// P(N = 0) for n = 0, N ~ Poisson(λt). Over the posterior N ~ NB(r+x, z),
/// z = t/(α+T+t), so P(N = n) = (r+x)_n/n! zⁿ (1−z)^(r+x) and P(N ≥ n) = I_z(n, r+x)
/// (the regularized incomplete beta function); E[(1−p)^n] = (B′)_n/(a+B′)_n and
/// E[(1−p)^(n−1) p] = a (B′)_(n−1)/(a+B′)_n with B′ = b+x+m. A customer who dropped out
/// makes none: P(Y = n) = P(alive) · Q(n) + (1 − P(alive)) [n = 0].
pub(crate) fn probability_of_purchases(
    dropout: Dropout,
    p: BetaGeoParams,
    n: f64,
    t_future: f64,
    (x, tx, t): (f64, f64, f64),
) -> Result<f64, ValueError> {
    check_purchase_count("n", n)?;
    check_horizon(t_future)?;
    let alive = p_alive(dropout, p, x, tx, t);
    let dead = if n == 0.0 { 1.0 - alive } else { 0.0 };
    if t_future == 0.0 {
        return Ok(if n == 0.0 { 1.0 } else { 0.0 });
    }
    let k = p.r + x;
    let b1 = p.b + x + dropout.shift();
    let z = t_future / (p.alpha + t + t_future);
    let ln_one_minus_z = ((p.alpha + t) / (p.alpha + t + t_future)).ln();
    let q = if n == 0.0 {
        (k * ln_one_minus_z).exp()
    } else {
        // ln (B′)_n/(a+B′)_n = ln Γ(B′+n)/Γ(a+B′+n) − ln Γ(B′)/Γ(a+B′).
        let ln_survive = ln_gamma_ratio(b1, p.a) - ln_gamma_ratio(b1 + n, p.a);
        let ln_die = p.a.ln() + ln_gamma_ratio(b1, p.a) - ln_gamma_ratio(b1 + n - 1.0, p.a) - (p.a + b1 + n - 1.0).ln();
        let ln_nb = ln_nb_coefficient(k, n) + n * z.ln() + k * ln_one_minus_z;
        ln_die.exp() * beta_inc_reg(n, k, z)? + (ln_survive + ln_nb).exp()
    };
    Ok(alive * q + dead)
}

/// −(Σ w ℓ)/total over grouped rows, as a function of ln(r, α, a, b).
pub(crate) struct Likelihood<'a> {
    pub rows: &'a Grouped,
    pub total: f64,
    pub dropout: Dropout,
    /// The distinct times among the rows' t_x and T, and each row's t_x and T as an index
    /// into them: customers share few times (T is the days since a first purchase), so an
    /// evaluation takes ln(1 + s/α) and ln(α + s) once per time, not twice per row.
    times: Vec<f64>,
    tx_at: Vec<u32>,
    t_at: Vec<u32>,
}

impl<'a> Likelihood<'a> {
    pub(crate) fn new(rows: &'a Grouped, total: f64, dropout: Dropout) -> Likelihood<'a> {
        let mut index: FxMap<u64, u32> = FxMap::default();
        let mut times = Vec::new();
        let mut at = |v: f64| {
            *index.entry((v + 0.0).to_bits()).or_insert_with(|| {
                times.push(v);
                (times.len() - 1) as u32
            })
        };
        let tx_at: Vec<u32> = rows.u.iter().map(|&v| at(v)).collect();
        let t_at: Vec<u32> = rows.v.iter().map(|&v| at(v)).collect();
        Likelihood { rows, total, dropout, times, tx_at, t_at }
    }
}

impl Objective for Likelihood<'_> {
    /// Per customer, with m = 0 (BG/NBD) or 1 (MBG/NBD):
    /// ln Γ(r+x)/Γ(r) + ln B(a, b+x+m)/B(a, b) + ln(e^A₃' + [x+m>0] e^A₄') with A₃' = −r ln(1 + T/α) − x ln(α+T) and
    /// A₄' = ln(a/(b+x+m−1)) − r ln(1 + t_x/α) − x ln(α+t_x) (the r ln α of A₁ folded in,
    /// so nothing cancels when r and α are large).
    fn eval(&self, theta: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let (r, alpha, a, b) = (theta[0].exp(), theta[1].exp(), theta[2].exp(), theta[3].exp());
        let rows = self.rows;
        let want_grad = grad.is_some();
        let xs = &rows.xs;
        let m = self.dropout.shift();
        let xm: Vec<f64> = xs.iter().map(|x| x + m).collect();
        let (lr_r, lr_b, lr_ab) = (ln_rising_table(r, xs), ln_rising_table(b, &xm), ln_rising_table(a + b, &xm));
        let (dr_r, dr_b, dr_ab) = if want_grad {
            (digamma_rising_table(r, xs), digamma_rising_table(b, &xm), digamma_rising_table(a + b, &xm))
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        // ln(1 + s/α) and ln(α + s) of every distinct time s.
        let ln1p_over: Vec<f64> = self.times.iter().map(|&s| (s / alpha).ln_1p()).collect();
        let ln_plus: Vec<f64> = self.times.iter().map(|&s| (alpha + s).ln()).collect();
        let mut ll = 0.0;
        let mut g = [0.0f64; 4]; // d/d(r, α, a, b)
        for (k, &x) in xs.iter().enumerate() {
            let head = lr_r[k] + lr_b[k] - lr_ab[k];
            let died = x + m > 0.0; // a customer can have dropped out after the last purchase
            let c4 = if died { a.ln() - (b + x + m - 1.0).ln() } else { f64::NEG_INFINITY };
            let (mut s_ll, mut s_w, mut s_dr, mut s_dal, mut s_p4) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for i in rows.start[k]..rows.start[k + 1] {
                let (w, tx, t) = (rows.w[i], rows.u[i], rows.v[i]);
                let (j3, j4) = (self.t_at[i] as usize, self.tx_at[i] as usize);
                let l3 = ln1p_over[j3];
                let a3 = -r * l3 - x * ln_plus[j3];
                // d/dα of −r ln(1+T/α) − x ln(α+T)
                let da3 = r * t / (alpha * (alpha + t)) - x / (alpha + t);
                if !died {
                    s_ll += w * a3;
                    if want_grad {
                        s_dr -= w * l3;
                        s_dal += w * da3;
                    }
                } else {
                    let l4 = ln1p_over[j4];
                    let a4 = c4 - r * l4 - x * ln_plus[j4];
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
                g[2] += -s_w * dr_ab[k] + if died { s_p4 / a } else { 0.0 };
                g[3] += s_w * (dr_b[k] - dr_ab[k]) - if died { s_p4 / (b + x + m - 1.0) } else { 0.0 };
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
///
/// The series needs about k·u terms; past [`SERIES_TERMS`] the expectation is
/// integrated over p instead ([`beta_mixture_expectation`]), so the cost does not
/// grow with the horizon.
pub(crate) fn bg_nbd_alive_expectation(k: f64, a: f64, big_b: f64, u: f64) -> Result<f64, ValueError> {
    if u == 0.0 {
        return Ok(0.0);
    }
    // The negative binomial's mean k·u and standard deviation √(k·u·(1+u)).
    let terms = k * u + 12.0 * (k * u * (1.0 + u)).sqrt() + 40.0;
    if terms > SERIES_TERMS {
        return beta_mixture_expectation(k, a, big_b, u);
    }
    alive_expectation_by_series(k, a, big_b, u)
}

/// Terms beyond which [`bg_nbd_alive_expectation`] integrates instead of summing.
const SERIES_TERMS: f64 = 2_000.0;

/// [`bg_nbd_alive_expectation`] by its series, whatever the number of terms.
pub(crate) fn alive_expectation_by_series(k: f64, a: f64, big_b: f64, u: f64) -> Result<f64, ValueError> {
    // z = u/(1+u); ln z and ln(1−z) = −ln(1+u) without rounding 1 − z.
    let z = u / (1.0 + u);
    let ln_z = u.ln() - u.ln_1p();
    // ln w_1 = ln k + ln z + k ln(1−z).
    let mut ln_w = k.ln() + ln_z - k * u.ln_1p();
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
            let got = bg_nbd_alive_expectation(k, a, big_b, z / (1.0 - z)).unwrap();
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
        let got = bg_nbd_alive_expectation(k, a, big_b, z / (1.0 - z)).unwrap();
        assert!((got - want).abs() < 1e-12 * want, "{got} vs {want}");
    }

    #[test]
    fn analytic_gradient_matches_central_differences() {
        let x = [0.0, 1.0, 2.0, 5.0, 1.0, 0.0];
        let tx = [0.0, 0.2, 0.5, 0.9, 0.1, 0.0];
        let t = [0.4, 0.8, 1.0, 1.0, 0.3, 0.9];
        let rows = group_rows(&x, &tx, &t, Some(&[3.0, 1.0, 2.0, 1.0, 0.5, 1.0]), |_| true);
        for dropout in [Dropout::AfterRepeatPurchases, Dropout::AfterEveryPurchase] {
            let obj = Likelihood::new(&rows, rows.total_weight(), dropout);
            let theta = [-0.3, 0.4, 0.2, -0.7];
            let mut g = [0.0; 4];
            obj.eval(&theta, Some(&mut g));
            let mut fd = [0.0; 4];
            crate::value::optimize::central_gradient(&|th: &[f64]| obj.eval(th, None), &theta, 1e-6, &mut fd);
            for j in 0..4 {
                assert!((g[j] - fd[j]).abs() < 1e-8, "{dropout:?} component {j}: {} vs {}", g[j], fd[j]);
            }
        }
    }

    #[test]
    fn the_curve_equals_one_horizon_at_a_time() {
        let p = BetaGeoParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        let horizons: Vec<f64> = (1..=40).map(|k| f64::from(k) * 4.345).collect();
        for dropout in [Dropout::AfterRepeatPurchases, Dropout::AfterEveryPurchase] {
            // Rows from none to many repeat purchases, young and old; the last one's later
            // horizons need the integral (past SERIES_TERMS terms).
            for (x, tx, t) in
                [(0.0, 0.0, 38.9), (2.0, 30.4, 38.9), (7.0, 29.0, 32.0), (1.0, 0.5, 0.5), (900.0, 1.0, 1.0)]
            {
                let mut curve = Vec::new();
                expected_purchases_curve(dropout, p, &horizons, (x, tx, t), &mut curve).unwrap();
                assert_eq!(curve.len(), horizons.len());
                for (h, got) in horizons.iter().zip(&curve) {
                    let want = expected_purchases(dropout, p, *h, x, tx, t).unwrap();
                    // The same terms, rounded differently ((k+n)/(n+1) shared between horizons).
                    let close = (got - want).abs() <= 1e-13 * want;
                    assert!(close, "{dropout:?} ({x}, {tx}, {t}) at {h}: {got} vs {want}");
                }
            }
        }
    }

    #[test]
    fn huge_k_does_not_underflow() {
        let v = bg_nbd_alive_expectation(5000.0, 0.8, 5002.0, 1.0).unwrap();
        // For large k the purchases in the window concentrate near k·u with u = z/(1−z) = 1.
        assert!(v > 100.0 && v.is_finite(), "{v}");
    }
}
