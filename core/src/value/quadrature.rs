//! Numerical integration for the value models.
//!
//! - [`adaptive_gauss_kronrod`]: globally adaptive 15-point Gauss–Kronrod over a list of
//!   pieces, for smooth non-negative integrands.
//! - [`ln_integral_of_concave`]: ln ∫ e^g for a concave g (a log-concave integrand), however
//!   narrow its peak: the mode is found first, the range is cut into pieces that double in
//!   width away from it (so the first nodes sit on the peak) and ends where g has fallen
//!   far below its maximum. The Pareto/NBD distribution of future purchases, its
//!   discounted expected residual transactions and the Gauss hypergeometric 2F1(1, b; c; z)
//!   near z = 1 are integrals of this kind.

use super::error::ValueError;

const XGK: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
const WGK: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_2,
    0.140_653_259_715_525_9,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_8,
];
const WG: [f64; 4] =
    [0.129_484_966_168_869_7, 0.279_705_391_489_276_7, 0.381_830_050_505_118_9, 0.417_959_183_673_469_4];

/// Relative accuracy asked of [`ln_integral_of_concave`].
const CONCAVE_REL_TOL: f64 = 1e-12;
/// Relative error estimate still accepted when the pieces run out: an integrand whose
/// peak is narrow against its distance from 0 carries the rounding noise of its abscissae.
const CONCAVE_ACCEPT_TOL: f64 = 1e-6;
/// Cap on the pieces [`ln_integral_of_concave`] may split its range into.
const CONCAVE_MAX_INTERVALS: usize = 4_000;
/// From this many pieces on, an estimate within the accepted tolerance stands: more
/// halving only chases rounding noise.
const ACCEPT_AFTER_INTERVALS: usize = 200;
/// How far (in units of ln) below its maximum the integrand is cut off: e^−60 ≈ 1e-26.
const CUT_OFF: f64 = 60.0;
/// Cap on the doubling steps that look for the mode or for the cut-off.
const MAX_DOUBLINGS: usize = 1_100;

/// Gauss–Kronrod 7/15 on one interval: (integral, error estimate).
fn gk15(f: &impl Fn(f64) -> f64, lo: f64, hi: f64) -> (f64, f64) {
    let c = 0.5 * (lo + hi);
    let h = 0.5 * (hi - lo);
    let fc = f(c);
    let mut kronrod = WGK[7] * fc;
    let mut gauss = WG[3] * fc;
    for j in 0..7 {
        let dx = h * XGK[j];
        let s = f(c - dx) + f(c + dx);
        kronrod += WGK[j] * s;
        if j % 2 == 1 {
            gauss += WG[j / 2] * s;
        }
    }
    (kronrod * h, ((kronrod - gauss) * h).abs())
}

/// Globally adaptive Gauss–Kronrod integration of a non-negative function over the
/// pieces between consecutive `breaks` (ascending): the piece with the largest error
/// estimate is halved until the summed estimate is at most `rel_tol` of the integral.
/// From `ACCEPT_AFTER_INTERVALS` pieces on the result stands once the estimate is within
/// `accept_tol`; at `max_intervals` it is otherwise [`ValueError::SeriesNotConverged`]
/// naming `function`.
pub(crate) fn adaptive_gauss_kronrod(
    f: &impl Fn(f64) -> f64,
    breaks: &[f64],
    (rel_tol, accept_tol): (f64, f64),
    max_intervals: usize,
    function: &'static str,
) -> Result<f64, ValueError> {
    let mut parts: Vec<(f64, f64, f64, f64)> = breaks
        .windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| {
            let (v, e) = gk15(f, w[0], w[1]);
            (w[0], w[1], v, e)
        })
        .collect();
    loop {
        let total: f64 = parts.iter().map(|p| p.2).sum();
        let err: f64 = parts.iter().map(|p| p.3).sum();
        if !(total.is_finite() && err.is_finite()) {
            return Err(ValueError::SeriesNotConverged { function, terms: parts.len() });
        }
        if err <= rel_tol * total.abs() || err == 0.0 {
            return Ok(total);
        }
        if parts.len() >= ACCEPT_AFTER_INTERVALS.min(max_intervals) && err <= accept_tol * total.abs() {
            return Ok(total);
        }
        if parts.len() >= max_intervals {
            return Err(ValueError::SeriesNotConverged { function, terms: max_intervals });
        }
        let (worst, _) =
            parts
                .iter()
                .enumerate()
                .fold((0, f64::NEG_INFINITY), |acc, (i, p)| if p.3 > acc.1 { (i, p.3) } else { acc });
        let (a, b, _, _) = parts.swap_remove(worst);
        let mid = 0.5 * (a + b);
        let (v1, e1) = gk15(f, a, mid);
        let (v2, e2) = gk15(f, mid, b);
        parts.push((a, mid, v1, e1));
        parts.push((mid, b, v2, e2));
    }
}

/// ln ∫_lo^hi e^{g(v)} dv for a concave g; `g(v)` returns (g, g′, g″).
///
/// `lo` may be −∞ and `hi` +∞ (g must then fall to −∞ there); `hint` is a finite point
/// inside (lo, hi) where the search for the mode starts. Errors with
/// [`ValueError::SeriesNotConverged`] naming `function` when no mode or no cut-off is
/// found (g does not fall off: the integral diverges) or the quadrature does not settle.
pub(crate) fn ln_integral_of_concave(
    g: impl Fn(f64) -> (f64, f64, f64),
    lo: f64,
    hi: f64,
    hint: f64,
    function: &'static str,
) -> Result<f64, ValueError> {
    let fail = || ValueError::SeriesNotConverged { function, terms: MAX_DOUBLINGS };
    if hi <= lo {
        return Ok(f64::NEG_INFINITY);
    }
    let mode = find_mode(&g, lo, hi, hint).ok_or_else(fail)?;
    let (g_max, d1, d2) = g(mode);
    if !g_max.is_finite() {
        return Err(fail());
    }
    // The width of the peak: the curvature's, or the slope's at a boundary mode.
    let curvature = if d2 < 0.0 { 1.0 / (-d2).sqrt() } else { f64::INFINITY };
    let slope = if d1 != 0.0 { 1.0 / d1.abs() } else { f64::INFINITY };
    let mut width = curvature.min(slope);
    if !(width.is_finite() && width > 0.0) {
        width = 1.0;
    }
    let right = cut_offs(&g, mode, hi, width, g_max).ok_or_else(fail)?;
    let left = cut_offs(&g, mode, lo, -width, g_max).ok_or_else(fail)?;
    let mut breaks: Vec<f64> = left.into_iter().rev().collect();
    breaks.push(mode);
    breaks.extend(right);
    let f = |v: f64| {
        let e = (g(v).0 - g_max).exp();
        if e.is_nan() {
            0.0
        } else {
            e
        }
    };
    let value =
        adaptive_gauss_kronrod(&f, &breaks, (CONCAVE_REL_TOL, CONCAVE_ACCEPT_TOL), CONCAVE_MAX_INTERVALS, function)?;
    Ok(g_max + value.ln())
}

/// The maximum of a concave g on [lo, hi]: a bracket on g′ by doubling steps from `hint`,
/// then safeguarded Newton steps.
fn find_mode(g: &impl Fn(f64) -> (f64, f64, f64), lo: f64, hi: f64, hint: f64) -> Option<f64> {
    let d = |v: f64| g(v).1;
    if lo.is_finite() && d(lo) <= 0.0 {
        return Some(lo);
    }
    if hi.is_finite() && d(hi) >= 0.0 {
        return Some(hi);
    }
    let start = if hint > lo && hint < hi {
        hint
    } else if lo.is_finite() && hi.is_finite() {
        0.5 * (lo + hi)
    } else {
        0.0
    };
    let start = start.clamp(lo, hi);
    let d0 = d(start);
    if d0 == 0.0 {
        return Some(start);
    }
    // Walk uphill until g′ changes sign (or the end of the range, where it already has).
    let up = d0 > 0.0;
    let (mut a, mut b) = (start, start);
    let mut step = 1.0;
    for _ in 0..MAX_DOUBLINGS {
        let next = if up { (start + step).min(hi) } else { (start - step).max(lo) };
        let dn = d(next);
        if dn.is_nan() {
            return None;
        }
        if (up && dn <= 0.0) || (!up && dn >= 0.0) {
            if up {
                b = next;
            } else {
                a = next;
            }
            break;
        }
        if up {
            a = next;
        } else {
            b = next;
        }
        step *= 2.0;
        if !step.is_finite() {
            return None;
        }
    }
    if a == b {
        return None;
    }
    // Now g′(a) > 0 ≥ g′(b).
    let mut v = 0.5 * (a + b);
    for _ in 0..200 {
        let (_, d1, d2) = g(v);
        if d1 == 0.0 {
            return Some(v);
        }
        if d1 > 0.0 {
            a = v;
        } else {
            b = v;
        }
        let newton = v - d1 / d2;
        v = if d2 < 0.0 && newton > a && newton < b { newton } else { 0.5 * (a + b) };
        if (b - a) <= 1e-14 * (1.0 + v.abs()) {
            break;
        }
    }
    Some(v)
}

/// Points from `mode` towards `end`, `width`, 2·`width`, 4·`width`, … away, up to the first
/// where g is `CUT_OFF` below `g_max` (or `end` itself). None when g never falls that far.
fn cut_offs(g: &impl Fn(f64) -> (f64, f64, f64), mode: f64, end: f64, width: f64, g_max: f64) -> Option<Vec<f64>> {
    let mut out = Vec::new();
    if mode == end {
        return Some(out);
    }
    let mut step = width;
    for _ in 0..MAX_DOUBLINGS {
        let p = mode + step;
        let beyond = if width > 0.0 { p >= end } else { p <= end };
        if beyond {
            out.push(end);
            return Some(out);
        }
        out.push(p);
        let v = g(p).0;
        if v.is_nan() {
            return None;
        }
        if v < g_max - CUT_OFF {
            return Some(out);
        }
        step *= 2.0;
        if !step.is_finite() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_kronrod_integrates_a_smooth_function_over_pieces() {
        let v = adaptive_gauss_kronrod(&|x: f64| x.exp(), &[0.0, 0.3, 1.0], (1e-14, 1e-14), 100, "test").unwrap();
        assert!((v - (1f64.exp() - 1.0)).abs() < 1e-14);
    }

    #[test]
    fn a_narrow_gaussian_far_from_the_hint_is_found() {
        // ∫ exp(−(v − m)²/(2σ²)) dv = σ √(2π). At m = 1e4, σ = 1e-6 the abscissae carry
        // rounding noise of 1e-6 of the width: the answer is as good as that.
        for (m, s, tol) in [(30.0, 1e-3, 1e-11), (1e4, 1e-6, 1e-5)] {
            let g = |v: f64| {
                let u = (v - m) / s;
                (-0.5 * u * u, -u / s, -1.0 / (s * s))
            };
            let ln = ln_integral_of_concave(g, f64::NEG_INFINITY, f64::INFINITY, 0.0, "test").unwrap();
            let want = (s * (2.0 * std::f64::consts::PI).sqrt()).ln();
            assert!((ln - want).abs() < tol, "{ln} vs {want}");
        }
    }

    #[test]
    fn a_peak_at_the_boundary_and_an_exponential_tail() {
        // ∫_0^∞ e^{−3v} dv = 1/3 (mode at the lower end); ∫_{−∞}^{2} e^{v} = e².
        let ln = ln_integral_of_concave(|v: f64| (-3.0 * v, -3.0, 0.0), 0.0, f64::INFINITY, 1.0, "t").unwrap();
        assert!((ln - (1.0f64 / 3.0).ln()).abs() < 1e-12);
        let ln = ln_integral_of_concave(|v: f64| (v, 1.0, 0.0), f64::NEG_INFINITY, 2.0, 0.0, "t").unwrap();
        assert!((ln - 2.0).abs() < 1e-12);
        // A divergent integral is an error, not a number.
        let e = ln_integral_of_concave(|v: f64| (0.0 * v, 0.0, 0.0), 0.0, f64::INFINITY, 1.0, "t").unwrap_err();
        assert_eq!(e.code(), "not_converged");
    }
}
