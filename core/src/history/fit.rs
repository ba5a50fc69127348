//! Least squares on the Friedkin–Johnsen step x(t+1) − x⁰ = Λ·(W(ρ)·x(t) − x⁰).
//!
//! For a fixed ρ each person's openness is a regression through the origin,
//! λᵢ = Σ zy / Σ z², bounded to [0, max_openness]. The scale ρ of the explicit
//! relation strengths (against the implied org-chart edges) is found by
//! minimizing the profiled residual sum of squares over ln ρ: a grid, then a
//! golden-section search. Standard errors come from the Gauss–Newton
//! information matrix, an arrowhead (each λᵢ touches only its own residuals),
//! inverted through its Schur complement in O(n).

use super::data::Observation;

/// One person's regression at a given ρ.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PersonFit {
    pub observations: usize,
    /// Σ z².
    pub szz: f64,
    /// The least-squares value before the bound (`None` when Σ z² = 0).
    pub raw: Option<f64>,
    /// The fitted openness, within the bounds.
    pub lambda: Option<f64>,
}

/// Σ z² below this (normalized stance units) carries no signal about openness.
const NO_SIGNAL: f64 = 1e-18;

/// Fits every λ at scale `rho`; returns the fits and the residual sum of squares
/// over the people whose openness is identified.
pub(crate) fn fit_at(obs: &[Observation], people: usize, rho: f64, max_openness: f64) -> (Vec<PersonFit>, f64) {
    let mut fits = vec![PersonFit { observations: 0, szz: 0.0, raw: None, lambda: None }; people];
    let mut zy = vec![0.0; people];
    for o in obs {
        let z = o.z(rho);
        let f = &mut fits[o.person];
        f.observations += 1;
        f.szz += z * z;
        zy[o.person] += z * o.y;
    }
    for (f, zy) in fits.iter_mut().zip(&zy) {
        if f.szz > NO_SIGNAL {
            let raw = zy / f.szz;
            f.raw = Some(raw);
            f.lambda = Some(raw.clamp(0.0, max_openness));
        }
    }
    let rss = obs.iter().filter_map(|o| fits[o.person].lambda.map(|l| (o.y - l * o.z(rho)).powi(2))).sum();
    (fits, rss)
}

/// The ln ρ minimizing the profiled residual sum of squares within [−bound, bound],
/// and whether it sits on the bound.
pub(crate) fn best_log_scale(obs: &[Observation], people: usize, max_openness: f64, bound: f64) -> (f64, bool) {
    let rss = |s: f64| fit_at(obs, people, s.exp(), max_openness).1;
    const GRID: usize = 80;
    let at = |k: usize| -bound + 2.0 * bound * k as f64 / GRID as f64;
    let values: Vec<f64> = (0..=GRID).map(|k| rss(at(k))).collect();
    let best = (0..=GRID).min_by(|&a, &b| values[a].total_cmp(&values[b])).expect("a grid");
    let (mut lo, mut hi) = (at(best.saturating_sub(1)), at((best + 1).min(GRID)));
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut d) = (hi - g * (hi - lo), lo + g * (hi - lo));
    let (mut fc, mut fd) = (rss(c), rss(d));
    while hi - lo > 1e-9 {
        if fc < fd {
            hi = d;
            d = c;
            fd = fc;
            c = hi - g * (hi - lo);
            fc = rss(c);
        } else {
            lo = c;
            c = d;
            fc = fd;
            d = lo + g * (hi - lo);
            fd = rss(d);
        }
    }
    let s = (lo + hi) / 2.0;
    // The golden search stays within one grid step of the best grid point.
    let on_bound = (best == 0 || best == GRID) && (s.abs() - bound).abs() < 2.0 * bound / GRID as f64;
    (s, on_bound)
}

/// Standard errors at the optimum: of each λ (`None` where not identified) and of ln ρ
/// (when fitted), with σ² the pooled residual variance.
pub(crate) struct Errors {
    pub lambda: Vec<Option<f64>>,
    pub log_scale: Option<f64>,
}

pub(crate) fn standard_errors(
    obs: &[Observation],
    fits: &[PersonFit],
    rho: f64,
    sigma2: f64,
    with_scale: bool,
) -> Errors {
    let n = fits.len();
    // b_i = Σ z · λ ∂z/∂lnρ, c = Σ (λ ∂z/∂lnρ)².
    let mut b = vec![0.0; n];
    let mut c = 0.0;
    if with_scale {
        for o in obs {
            if let Some(l) = fits[o.person].lambda {
                let dz = l * o.heard.slope(rho);
                b[o.person] += o.z(rho) * dz;
                c += dz * dz;
            }
        }
    }
    let s = c - fits.iter().zip(&b).filter(|(f, _)| f.lambda.is_some()).map(|(f, b)| b * b / f.szz).sum::<f64>();
    let scale_ok = with_scale && s > 1e-12 * c.max(1e-300);
    let lambda = fits
        .iter()
        .zip(&b)
        .map(|(f, b)| {
            f.lambda.map(|_| {
                let mut v = 1.0 / f.szz;
                if scale_ok {
                    v += (b / f.szz).powi(2) / s;
                }
                (sigma2 * v).sqrt()
            })
        })
        .collect();
    Errors { lambda, log_scale: scale_ok.then(|| (sigma2 / s).sqrt()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::data::Heard;

    fn obs(person: usize, y: f64, x0: f64, heard: Heard) -> Observation {
        Observation { person, t: 0, y, x0, heard }
    }

    #[test]
    fn one_person_is_a_regression_through_the_origin() {
        // z = 0.4 and 0.2, y = 0.2 and 0.1: λ = 0.5 exactly, no residual.
        let h = |x: f64| Heard { ae: 0.0, be: 0.0, ao: x, bo: 1.0 };
        let o = [obs(0, 0.2, 0.0, h(0.4)), obs(0, 0.1, 0.0, h(0.2))];
        let (fits, rss) = fit_at(&o, 1, 1.0, 0.99);
        assert_eq!(fits[0].lambda, Some(0.5));
        assert_eq!(rss, 0.0);
        // A move away from what was heard is bounded at 0, and says so through `raw`.
        let (fits, _) = fit_at(&[obs(0, -0.2, 0.0, h(0.4))], 1, 1.0, 0.99);
        assert_eq!((fits[0].raw, fits[0].lambda), (Some(-0.5), Some(0.0)));
        // Hearing one's own prejudice carries no signal.
        let (fits, _) = fit_at(&[obs(0, 0.3, 0.4, h(0.4))], 1, 1.0, 0.99);
        assert_eq!(fits[0].lambda, None);
    }

    #[test]
    fn the_scale_is_found_where_explicit_and_implied_voices_disagree() {
        // A listener hears an explicit voice at +1 (strength 1) and the org chart at −1 (strength 1),
        // moves with λ = 0.5 toward h(ρ) = (ρ − 1)/(ρ + 1); the truth is ρ = 3, so h = 0.5.
        let h = Heard { ae: 1.0, be: 1.0, ao: -1.0, bo: 1.0 };
        let h2 = Heard { ae: 0.5, be: 1.0, ao: -1.0, bo: 1.0 };
        let truth = |h: &Heard| 0.5 * h.at(3.0);
        let o = [obs(0, truth(&h), 0.0, h), obs(0, truth(&h2), 0.0, h2)];
        let (s, on_bound) = best_log_scale(&o, 1, 0.99, 100f64.ln());
        assert!((s.exp() - 3.0).abs() < 1e-6, "{}", s.exp());
        assert!(!on_bound);
    }
}
