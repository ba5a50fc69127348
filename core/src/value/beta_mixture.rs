//! The BG/NBD conditional expectation by quadrature over the dropout probability,
//! in time independent of the horizon.
//!
//! G(k, a, B, u) = E_p[(1 − (1 + p·u)^(−k)) / p] for p ~ Beta(a, B) is what
//! [`bg_nbd_alive_expectation`](super::bg_family) sums as a negative-binomial series;
//! that series needs about k·u terms, so a long horizon (u = t/(α+T) large) costs
//! in proportion to it, and a CLV over K periods K² in all. Past a term budget the
//! expectation is integrated instead: over p ≤ ½ in v = ln p and over p > ½ in
//! w = ln(1 − p), where the Beta weight and the integrand are smooth (the p^(a−1)
//! and (1−p)^(B−1) end singularities become exponential tails), with the far tails
//! in closed form and breakpoints at the features (the Beta mode, p·u ≈ 1 and
//! p·k·u ≈ 1) so the adaptive rule cannot step over a narrow peak.

use super::error::ValueError;
use super::quadrature::adaptive_gauss_kronrod;
use super::special::{ln_gamma, ln_gamma_ratio};

/// Relative tolerance of the quadrature.
const REL_TOL: f64 = 1e-13;
/// Cap on Gauss–Kronrod intervals over both halves.
const MAX_INTERVALS: usize = 4000;

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b), without cancellation when one argument is large.
fn ln_beta(a: f64, b: f64) -> f64 {
    let (small, large) = if a <= b { (a, b) } else { (b, a) };
    ln_gamma(small) - ln_gamma_ratio(large, small)
}

/// (1 − (1 + p·u)^(−k)) / p, accurate for small p·u.
fn gain(p: f64, k: f64, u: f64) -> f64 {
    -(-k * (p * u).ln_1p()).exp_m1() / p
}

/// E_p[(1 − (1 + p·u)^(−k)) / p] for p ~ Beta(a, B), by quadrature (see the module docs).
pub(crate) fn beta_mixture_expectation(k: f64, a: f64, big_b: f64, u: f64) -> Result<f64, ValueError> {
    if u == 0.0 {
        return Ok(0.0);
    }
    let ln_norm = ln_beta(a, big_b);
    let half = -std::f64::consts::LN_2;

    // p ≤ ½ in v = ln p: weight p^a (1−p)^(B−1) dv.
    let low = |v: f64| {
        let p = v.exp();
        (a * v + (big_b - 1.0) * (-p).ln_1p() - ln_norm).exp() * gain(p, k, u)
    };
    // Below p0 the integrand is k·u·p^a / B(a, B) to relative 1e-17.
    let p0 = 1e-17 / ((k + 1.0) * u + (big_b - 1.0).abs() + 1.0);
    let v0 = p0.ln();
    let low_tail = k * u * (a * v0 - ln_norm).exp() / a;
    let mut breaks = vec![v0];
    let mode = (a / (a + big_b - 1.0)).ln();
    let width = 3.0 / a.sqrt();
    breaks.extend([mode - width, mode, mode + width, -u.ln(), -(k * u).ln()]);
    let low_part =
        adaptive_gauss_kronrod(&low, &pieces(breaks, v0, half), (REL_TOL, REL_TOL), MAX_INTERVALS / 2, "bg_nbd")
            .map_err(|_| not_converged())?;

    // p > ½ in w = ln(1 − p): weight (1−q)^(a−1) q^B dw.
    let high = |w: f64| {
        let q = w.exp();
        (big_b * w + (a - 1.0) * (-q).ln_1p() - ln_norm).exp() * gain(1.0 - q, k, u)
    };
    let q0 = 1e-17 / ((a - 1.0).abs() + k + 2.0);
    let w0 = q0.ln();
    let high_tail = gain(1.0, k, u) * (big_b * w0 - ln_norm).exp() / big_b;
    let mode = (big_b / (a + big_b - 1.0)).ln();
    let width = 3.0 / big_b.sqrt();
    let high_part = adaptive_gauss_kronrod(
        &high,
        &pieces(vec![w0, mode - width, mode, mode + width], w0, half),
        (REL_TOL, REL_TOL),
        MAX_INTERVALS / 2,
        "bg_nbd",
    )
    .map_err(|_| not_converged())?;

    let g = low_tail + low_part + high_part + high_tail;
    if g.is_finite() {
        Ok(g)
    } else {
        Err(not_converged())
    }
}

fn not_converged() -> ValueError {
    ValueError::SeriesNotConverged { function: "bg_nbd_expectation", terms: MAX_INTERVALS }
}

/// Sorted, distinct breakpoints within [lo, hi] (ends included), with the gaps
/// split so no piece is longer than a quarter of the range.
fn pieces(mut points: Vec<f64>, lo: f64, hi: f64) -> Vec<f64> {
    points.retain(|p| p.is_finite() && *p > lo && *p < hi);
    points.push(lo);
    points.push(hi);
    points.sort_by(f64::total_cmp);
    points.dedup();
    let longest = (hi - lo) / 4.0;
    let mut out = vec![points[0]];
    for pair in points.windows(2) {
        let n = ((pair[1] - pair[0]) / longest).ceil().max(1.0) as usize;
        for j in 1..=n {
            out.push(pair[0] + (pair[1] - pair[0]) * j as f64 / n as f64);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::bg_family::alive_expectation_by_series;

    #[test]
    fn quadrature_matches_the_series() {
        // (k, a, B, u): CDNOW-like, a = 1, small and large shapes, short and long horizons.
        let cases = [
            (2.24, 0.79, 4.43, 0.5),
            (2.24, 0.79, 4.43, 300.0),
            (0.24, 1.0, 2.43, 40.0),
            (0.2426, 0.7929, 2.4259, 1086.0),
            (5.0, 3.0, 1.5, 2.0),
            (1.3, 1.0001, 2.2, 900.0),
            (12.2, 0.3, 0.6, 150.0),
            (40.0, 25.0, 400.0, 30.0),
            (0.05, 0.02, 0.9, 5000.0),
            (5000.0, 0.8, 5002.0, 1.0),
        ];
        for (k, a, big_b, u) in cases {
            let series = alive_expectation_by_series(k, a, big_b, u).unwrap();
            let quad = beta_mixture_expectation(k, a, big_b, u).unwrap();
            assert!((quad - series).abs() <= 1e-11 * series, "{k} {a} {big_b} {u}: {quad} vs {series}");
        }
    }

    #[test]
    fn extreme_horizons_stay_finite() {
        for u in [1e6, 1e12, 1e300] {
            let g = beta_mixture_expectation(2.0, 0.8, 3.0, u).unwrap();
            assert!(g.is_finite() && g > 0.0, "{u}: {g}");
        }
        assert_eq!(beta_mixture_expectation(2.0, 0.8, 3.0, 0.0).unwrap(), 0.0);
    }
}
