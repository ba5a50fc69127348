//! Gamma and beta function ratios, the regularized incomplete beta function and
//! 2F1(1, b; c; z): the pieces of the discrete-time and distribution formulas.

use super::{ln_gamma, ln_positive_series, log_add_exp};
use crate::value::error::ValueError;
use crate::value::quadrature::ln_integral_of_concave;

/// Below this, [`ln_gamma_ratio`] shifts its arguments up by the recurrence.
const RATIO_SHIFT_TO: f64 = 10.0;
/// Stirling-series coefficients B₂ₖ / (2k (2k−1)) of ln Γ, k = 1..7.
const STIRLING: [f64; 7] =
    [1.0 / 12.0, -1.0 / 360.0, 1.0 / 1260.0, -1.0 / 1680.0, 1.0 / 1188.0, -691.0 / 360_360.0, 1.0 / 156.0];
/// Cap on continued-fraction steps of [`beta_inc_reg`]; about √max(a, b) are needed.
const MAX_FRACTION_STEPS: usize = 1_000_000;
/// Where [`ln_hyp2f1_one`] hands the series over to quadrature.
const HYP2F1_ONE_SERIES_MAX_Z: f64 = 0.75;

/// ln Γ(z + h) − ln Γ(z) for z > 0 and z + h > 0, with full relative precision also
/// when z is huge (where ln Γ(z+h) and ln Γ(z) agree in most of their digits) or h tiny.
///
/// For z, z+h ≥ 10 it is (z − ½) ln(1 + h/z) + h (ln(z+h) − 1) plus the difference of
/// the Stirling series, taken term by term with `expm1`; smaller arguments are first
/// shifted up by Γ(y+1) = y Γ(y).
pub fn ln_gamma_ratio(z: f64, h: f64) -> f64 {
    if h == 0.0 {
        return 0.0;
    }
    if !(z > 0.0 && z + h > 0.0) {
        return f64::NAN;
    }
    let low = z.min(z + h);
    if low < RATIO_SHIFT_TO {
        let k = (RATIO_SHIFT_TO - low).ceil();
        // ln Γ(z+h) − ln Γ(z) = [ln Γ(z+k+h) − ln Γ(z+k)] − Σ_{i<k} ln((z+h+i)/(z+i)).
        let mut shift = 0.0;
        let mut i = 0.0;
        while i < k {
            shift += (h / (z + i)).ln_1p();
            i += 1.0;
        }
        return ln_gamma_ratio(z + k, h) - shift;
    }
    let y = z + h;
    let main = (z - 0.5) * (h / z).ln_1p() + h * (y.ln() - 1.0);
    // Σ c_k [y^−(2k−1) − z^−(2k−1)] = Σ c_k z^−(2k−1) expm1(−(2k−1) ln(1 + h/z)).
    let l = (h / z).ln_1p();
    let (zi, zi2) = (1.0 / z, 1.0 / (z * z));
    let mut power = zi;
    let mut series = 0.0;
    for (k, c) in STIRLING.iter().enumerate() {
        series += c * power * (-((2 * k + 1) as f64) * l).exp_m1();
        power *= zi2;
    }
    main + series
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b) for a, b > 0, without the cancellation of
/// the three logarithms when one argument is large.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    let (big, small) = if a >= b { (a, b) } else { (b, a) };
    ln_gamma(small) - ln_gamma_ratio(big, small)
}

/// ln [Γ(k+n) / (Γ(k) n!)]: the log of the negative-binomial coefficient, k > 0, n ≥ 0.
pub(crate) fn ln_nb_coefficient(k: f64, n: f64) -> f64 {
    if n == 0.0 {
        return 0.0;
    }
    if n <= k {
        ln_gamma_ratio(k, n) - ln_gamma(n + 1.0)
    } else {
        ln_gamma_ratio(n + 1.0, k - 1.0) - ln_gamma(k)
    }
}

/// The regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1.
///
/// By the continued fraction of Didonato & Morris (as in Numerical Recipes), evaluated
/// with Lentz's method on the side of the mean (a+1)/(a+b+2) where it converges fast,
/// and by I_x(a, b) = 1 − I_{1−x}(b, a) on the other side. About √max(a, b) steps are
/// needed; past 10⁶ it gives up with [`ValueError::SeriesNotConverged`].
pub fn beta_inc_reg(a: f64, b: f64, x: f64) -> Result<f64, ValueError> {
    if x <= 0.0 {
        return Ok(0.0);
    }
    if x >= 1.0 {
        return Ok(1.0);
    }
    let ln_front = a * x.ln() + b * (-x).ln_1p() - ln_beta(a, b);
    if x < (a + 1.0) / (a + b + 2.0) {
        Ok((ln_front - a.ln()).exp() * beta_fraction(a, b, x)?)
    } else {
        Ok(1.0 - (ln_front - b.ln()).exp() * beta_fraction(b, a, 1.0 - x)?)
    }
}

/// The continued fraction of I_x(a, b), by the modified Lentz method.
fn beta_fraction(a: f64, b: f64, x: f64) -> Result<f64, ValueError> {
    const TINY: f64 = 1e-300;
    let tiny = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / tiny(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_FRACTION_STEPS {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / tiny(1.0 + aa * d);
        c = tiny(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / tiny(1.0 + aa * d);
        c = tiny(1.0 + aa / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() <= f64::EPSILON {
            return Ok(h);
        }
    }
    Err(ValueError::SeriesNotConverged { function: "beta_inc_reg", terms: MAX_FRACTION_STEPS })
}

/// ln 2F1(1, b; c; z) for 1 ≤ b < c and 0 ≤ z < 1: ln Σ_j (b)_j/(c)_j z^j.
///
/// Up to z = 0.75 the series (positive terms, ratio below z) is summed; nearer 1 it
/// would need about 1/(1−z) terms, so the Euler integral
/// 2F1(1, b; c; z) = ∫₀¹ t^(b−1) (1−t)^(c−b−1) / (1 − z t) dt / B(b, c−b) is taken in
/// the logit of t, where its log is concave (b ≥ 1), by a quadrature that finds the
/// peak first and cuts the range into pieces doubling in width away from it.
/// This is the discounted sum of a beta-geometric survival curve (the sBG's DEL and
/// DERL, the BG/BB's DERT), finite for every discount rate above 0.
pub fn ln_hyp2f1_one(b: f64, c: f64, z: f64) -> Result<f64, ValueError> {
    if z == 0.0 {
        return Ok(0.0);
    }
    if z <= HYP2F1_ONE_SERIES_MAX_Z {
        return ln_positive_series(b, c, z);
    }
    ln_hyp2f1_one_by_quadrature(b, c, z)
}

/// The quadrature branch of [`ln_hyp2f1_one`] (also used by the tests for every z).
pub(crate) fn ln_hyp2f1_one_by_quadrature(b: f64, c: f64, z: f64) -> Result<f64, ValueError> {
    let ln_w = (-z).ln_1p(); // ln(1 − z)
    let softplus = |v: f64| log_add_exp(0.0, v);
    let g = |v: f64| {
        let t = 1.0 / (1.0 + (-v).exp());
        let q = 1.0 / (1.0 + (ln_w + v).exp()); // e^−v / ((1−z) + e^−v)
        let value = -(b - 1.0) * softplus(-v) - (c - b) * softplus(v) - log_add_exp(ln_w, -v);
        let d1 = (b - 1.0) * (1.0 - t) - (c - b) * t + q;
        let d2 = -(c - 1.0) * t * (1.0 - t) - q * (1.0 - q);
        (value, d1, d2)
    };
    let hint = ((b - 0.5) / (c - b)).ln();
    let ln_integral = ln_integral_of_concave(g, f64::NEG_INFINITY, f64::INFINITY, hint, "hyp2f1_one")?;
    Ok(ln_integral - ln_beta(b, c - b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_values() {
        assert!((ln_gamma_ratio(3.5, 2.0) - (4.5f64 * 3.5).ln()).abs() < 1e-15);
        let big = ln_gamma_ratio(1e12, 0.5); // ≈ ½ ln 1e12
        assert!((big - 0.5 * 1e12f64.ln()).abs() < 1e-12);
        assert!((ln_gamma_ratio(0.3, 4.1) - (ln_gamma(4.4) - ln_gamma(0.3))).abs() < 1e-14);
        assert!((ln_beta(2.0, 3.0) - (1.0f64 / 12.0).ln()).abs() < 1e-14);
        assert!((beta_inc_reg(2.0, 3.0, 0.4).unwrap() - 0.5248).abs() < 1e-15);
        assert_eq!(beta_inc_reg(2.0, 3.0, 0.0).unwrap(), 0.0);
        // 2F1(1, 1; 2; z) = −ln(1 − z)/z.
        let z = 0.999;
        assert!((ln_hyp2f1_one(1.0, 2.0, z).unwrap() - (-(1.0f64 - z).ln() / z).ln()).abs() < 1e-12);
    }

    #[test]
    fn gamma_ratio_matches_differences_and_stays_exact_for_huge_arguments() {
        for (z, h) in [(0.3, 0.7), (2.5, -1.2), (12.0, 3.5), (40.0, 1e-9), (1e3, 250.0), (0.05, 1e6)] {
            let want = ln_gamma(z + h) - ln_gamma(z);
            assert!((ln_gamma_ratio(z, h) - want).abs() <= 1e-12 * want.abs().max(1.0), "{z} {h}");
        }
        // Γ(z+1)/Γ(z) = z exactly, at any size; a tiny h keeps its relative precision.
        for z in [1e3, 1e9, 1e15] {
            assert!((ln_gamma_ratio(z, 1.0) - z.ln()).abs() <= 1e-15 * z.ln());
        }
        let (z, h) = (50.0, 1e-12);
        use crate::value::special::digamma;
        assert!((ln_gamma_ratio(z, h) / (h * digamma(z)) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn incomplete_beta_matches_scipy() {
        // scipy.special.betainc 1.17.
        let cases = [
            (0.5, 0.5, 0.3, 0.36901011956554536),
            (2.4, 7.1, 0.15, 0.25036305463186415),
            (30.0, 2.0, 0.95, 0.5365969098573434),
            (1e6, 0.3, 0.9999995, 0.18618821180729528),
            (0.2426, 5.0, 0.9, 0.9999991720456368),
        ];
        for (a, b, x, want) in cases {
            let got = beta_inc_reg(a, b, x).unwrap();
            assert!((got - want).abs() <= 1e-12 * want, "I_{x}({a}, {b}) = {got}, want {want}");
        }
    }

    #[test]
    fn hyp2f1_one_series_and_quadrature_agree() {
        for (b, c, z) in [(1.0, 1.7, 0.3), (2.182, 2.886, 0.5), (4.8, 5.47, 0.7), (40.0, 40.9, 0.6), (1.5, 9.0, 0.1)] {
            let s = ln_hyp2f1_one(b, c, z).unwrap();
            let q = ln_hyp2f1_one_by_quadrature(b, c, z).unwrap();
            assert!((s - q).abs() < 1e-12, "{b} {c} {z}: {s} vs {q}");
        }
        // Near z = 1 against a long direct sum.
        let (b, c, z) = (2.182f64, 2.886f64, 0.99f64);
        let (mut term, mut sum) = (1.0f64, 1.0f64);
        for j in 0..200_000 {
            let j = j as f64;
            term *= (b + j) / (c + j) * z;
            sum += term;
        }
        assert!((ln_hyp2f1_one(b, c, z).unwrap() - sum.ln()).abs() < 1e-12);
        // A discount rate of 1e-9 per period still answers.
        assert!(ln_hyp2f1_one(1.7, 2.4, 1.0 / (1.0 + 1e-9)).unwrap().is_finite());
    }
}
