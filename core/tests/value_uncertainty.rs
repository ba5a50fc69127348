//! Standard errors, intervals and likelihood-ratio tests of the fitted models.
//!
//! - The observed information each fit keeps agrees with a Richardson-extrapolated
//!   finite-difference Hessian of the public log-likelihood, for every model.
//! - Seeded simulation: BG/NBD and Gamma-Gamma 95% intervals cover the true parameters in
//!   roughly 95% of 200 replications, and the likelihood-ratio test of the true parameters
//!   rejects at 5% about 5% of the time.
//! - Weighted (compressed) fits give the expanded data's summary (proptest).

mod common;

use common::simulate::{beta_geometric, bg_bb, renewals, Rng};
use common::*;
use proptest::prelude::*;
use relmap::value::{
    BetaGeo, BetaGeoBetaBinom, BetaGeoBetaBinomParams, BetaGeoParams, FitConfig, GammaGamma, GammaGammaParams,
    LikelihoodRatioTest, ModifiedBetaGeo, ParetoNbd, PurchaseModel, RfmData, ShiftedBetaGeo,
};

/// The Hessian of −`ll` over ln(parameters) at `params`: central second differences at
/// steps h and h/2, combined by Richardson extrapolation (error O(h⁴)).
fn reference_information(ll: impl Fn(&[f64]) -> f64, params: &[f64]) -> Vec<f64> {
    let k = params.len();
    let phi: Vec<f64> = params.iter().map(|v| v.ln()).collect();
    let f = |p: &[f64]| -ll(&p.iter().map(|v| v.exp()).collect::<Vec<_>>());
    let hessian = |h: f64| {
        let mut out = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                let at = |di: f64, dj: f64| {
                    let mut p = phi.clone();
                    p[i] += di;
                    p[j] += dj;
                    f(&p)
                };
                out[i * k + j] = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4.0 * h * h);
            }
        }
        out
    };
    let (coarse, fine) = (hessian(2e-3), hessian(1e-3));
    coarse.iter().zip(&fine).map(|(c, f)| (4.0 * f - c) / 3.0).collect()
}

fn assert_information_close(model: &str, got: &[f64], want: &[f64], rel: f64) {
    assert_eq!(got.len(), want.len(), "{model}");
    let scale = want.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() <= rel * scale, "{model} entry {i}: {g} vs {w} (scale {scale})");
    }
}

fn cdnow_columns() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let rows = cdnow_published_summary();
    (rows.iter().map(|r| r.x).collect(), rows.iter().map(|r| r.t_x).collect(), rows.iter().map(|r| r.t).collect())
}

#[test]
fn information_matches_a_high_accuracy_finite_difference_hessian_for_every_model() {
    let (x, tx, t) = cdnow_columns();
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let cfg = FitConfig::default();

    let bg = BetaGeo::fit(&data, None, &cfg).unwrap();
    let want = reference_information(
        |p| {
            let m = BetaGeo::new(BetaGeoParams { r: p[0], alpha: p[1], a: p[2], b: p[3] }).unwrap();
            m.log_likelihood_of(&data, None).unwrap()
        },
        &bg.parameters().iter().map(|p| p.1).collect::<Vec<_>>(),
    );
    assert_information_close("bg_nbd", &bg.report().unwrap().information, &want, 1e-6);

    let mbg = ModifiedBetaGeo::fit(&data, None, &cfg).unwrap();
    let want = reference_information(
        |p| {
            let m = ModifiedBetaGeo::new(BetaGeoParams { r: p[0], alpha: p[1], a: p[2], b: p[3] }).unwrap();
            m.log_likelihood_of(&data, None).unwrap()
        },
        &mbg.parameters().iter().map(|p| p.1).collect::<Vec<_>>(),
    );
    assert_information_close("mbg_nbd", &mbg.report().unwrap().information, &want, 1e-6);

    // Pareto/NBD: second differences of the log-likelihood itself (no analytic gradient).
    let pnbd = ParetoNbd::fit(&data, None, &cfg).unwrap();
    let want = reference_information(
        |p| {
            let m =
                ParetoNbd::new(relmap::value::ParetoNbdParams { r: p[0], alpha: p[1], s: p[2], beta: p[3] }).unwrap();
            m.log_likelihood_of(&data, None).unwrap()
        },
        &pnbd.parameters().iter().map(|p| p.1).collect::<Vec<_>>(),
    );
    assert_information_close("pareto_nbd", &pnbd.report().unwrap().information, &want, 1e-5);

    let [dx, dtx, dn, donors, _] = donations();
    let ddata = RfmData::new(&dx, &dtx, &dn).unwrap();
    let bgbb = BetaGeoBetaBinom::fit(&ddata, Some(&donors), &cfg).unwrap();
    let want = reference_information(
        |p| {
            let m = BetaGeoBetaBinom::new(BetaGeoBetaBinomParams { alpha: p[0], beta: p[1], gamma: p[2], delta: p[3] })
                .unwrap();
            m.log_likelihood_of(&ddata, Some(&donors)).unwrap()
        },
        &bgbb.parameters().iter().map(|p| p.1).collect::<Vec<_>>(),
    );
    assert_information_close("bg_bb", &bgbb.report().unwrap().information, &want, 1e-6);

    let cdnow = CdnowFit::load();
    let (freq, spend) = (&cdnow.summary.frequency, &cdnow.summary.monetary_value);
    let gg = GammaGamma::fit(freq, spend, None, &cfg).unwrap();
    let gp = gg.params();
    let want = reference_information(
        |p| {
            let m = GammaGamma::new(GammaGammaParams { p: p[0], q: p[1], v: p[2] }).unwrap();
            m.log_likelihood_of(freq, spend, None).unwrap()
        },
        &[gp.p, gp.q, gp.v],
    );
    assert_information_close("gamma_gamma", &gg.report().unwrap().information, &want, 1e-6);

    let (regular, _) = sbg_cohorts();
    let sbg = ShiftedBetaGeo::fit_cohorts(&[&regular], &cfg).unwrap();
    let sp = sbg.params();
    let s = sbg.summary(0.95).unwrap();
    assert_eq!(s.names, ["alpha", "beta"]);
    assert_eq!(s.n_customers, 1000.0);
    // The sBG from per-customer rows: the same information as from the cohort.
    let (mut tenure, mut active, mut weights) = (vec![], vec![], vec![]);
    for t in 1..regular.len() {
        tenure.push(t as f64);
        active.push(false);
        weights.push(regular[t - 1] - regular[t]);
    }
    tenure.push((regular.len() - 1) as f64);
    active.push(true);
    weights.push(regular[regular.len() - 1]);
    let want = reference_information(
        |p| {
            let m = ShiftedBetaGeo::new(relmap::value::ShiftedBetaGeoParams { alpha: p[0], beta: p[1] }).unwrap();
            m.log_likelihood_of(&tenure, &active, Some(&weights)).unwrap()
        },
        &[sp.alpha, sp.beta],
    );
    assert_information_close("sbg", &sbg.report().unwrap().information, &want, 1e-6);
}

#[test]
fn summary_columns_follow_the_delta_method_and_log_scale_intervals() {
    let (x, tx, t) = cdnow_columns();
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let bg = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    let s = bg.summary(0.95).unwrap();
    let s90 = bg.summary(0.90).unwrap();
    assert_eq!(s.names, ["r", "alpha", "a", "b"]);
    assert_eq!(s.n_customers, 2357.0);
    let ll = bg.log_likelihood().unwrap();
    assert!((s.aic - (8.0 - 2.0 * ll)).abs() < 1e-9);
    assert!((s.bic - (4.0 * 2357f64.ln() - 2.0 * ll)).abs() < 1e-9);
    for j in 0..4 {
        let (e, se) = (s.estimate[j], s.std_error[j]);
        assert!((s.vcov[j][j].sqrt() - se).abs() < 1e-12 * se);
        // Log-scale interval: e·exp(±1.96 se/e); the geometric mean of the ends is the estimate.
        assert!(((s.lower[j] * s.upper[j]).sqrt() - e).abs() < 1e-9 * e);
        assert!((s.upper[j] / e).ln() - 1.959_963_984_540_054 * se / e < 1e-9);
        assert!(s90.lower[j] > s.lower[j] && s90.upper[j] < s.upper[j]);
        assert!(s.vcov[j].iter().zip(&s.vcov).all(|(a, row)| (a - row[j]).abs() <= 1e-12 * a.abs().max(1e-300)));
    }
    // lifetimes' published summary of its BG/NBD on these data (quickstart, `bgf.summary`):
    // se(coef) r 0.012557, alpha 0.378221, a 0.185719, b 0.705345, to the printed digits.
    for (j, published) in [0.012557, 0.378221, 0.185719, 0.705345].into_iter().enumerate() {
        let got = s.std_error[j];
        assert!(
            (got - published).abs() <= 1e-6 + 2e-6 * published,
            "{}: se {got} vs lifetimes {published}",
            s.names[j]
        );
    }
    let text = s.to_string();
    assert!(text.contains("bg_nbd fit on 2357 customers") && text.contains("upper 95%"), "{text}");
    let json = serde_json::to_string(&s).unwrap();
    let back: relmap::value::FitSummary = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
}

#[test]
fn summaries_refuse_unfitted_models_bad_levels_and_boundary_fits() {
    let known = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }).unwrap();
    assert_eq!(known.summary(0.95).unwrap_err().code(), "undefined");
    let (x, tx, t) = cdnow_columns();
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let bg = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    for level in [0.0, 1.0, f64::NAN, -0.5] {
        assert_eq!(bg.summary(level).unwrap_err().code(), "invalid_config");
    }
    let no_se = FitConfig { standard_errors: false, ..FitConfig::default() };
    let quick = BetaGeo::fit(&data, None, &no_se).unwrap();
    assert!(quick.report().unwrap().information.is_empty());
    assert_eq!(quick.summary(0.95).unwrap_err().code(), "undefined");
    assert_eq!(quick.params(), bg.params());

    // Three customers: nothing to tell heterogeneity from, so the fit runs to a boundary
    // (r, α → ∞, a → 0) and the summary names a parameter there.
    let (x, tx, t) = ([1.0, 0.0, 2.0], [5.0, 0.0, 9.0], [10.0, 10.0, 10.0]);
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let fit = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    let at_bound = &fit.report().unwrap().at_bound;
    assert!(!at_bound.is_empty(), "{:?}", fit.params());
    let err = fit.summary(0.95).unwrap_err();
    assert_eq!(err.code(), "not_identified");
    assert!(matches!(&err, relmap::value::ValueError::NotPositiveDefinite { param, .. } if *param == at_bound[0]));
    assert!(err.to_string().contains(&at_bound[0]));
}

/// One simulated BG/NBD data set of `n` customers with ages spread over 20..=52 weeks.
fn simulated_bg(rng: &mut Rng, truth: (f64, f64, f64, f64), n: usize) -> [Vec<f64>; 3] {
    let t: Vec<f64> = (0..n).map(|i| 20.0 + (i % 33) as f64).collect();
    beta_geometric(rng, truth, false, &t)
}

#[test]
fn intervals_cover_the_truth_and_the_likelihood_ratio_test_holds_its_size() {
    let truth = (0.6, 5.0, 0.8, 2.5);
    let true_params = [truth.0, truth.1, truth.2, truth.3];
    let reps = 200;
    let mut covered = [0usize; 4];
    let mut rejected = 0;
    let mut rng = Rng::new(20_261_205);
    for _ in 0..reps {
        let [x, tx, t] = simulated_bg(&mut rng, truth, 1500);
        let data = RfmData::new(&x, &tx, &t).unwrap();
        let fit = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
        let s = fit.summary(0.95).unwrap();
        for j in 0..4 {
            covered[j] += usize::from(s.lower[j] <= true_params[j] && true_params[j] <= s.upper[j]);
        }
        let at_truth = BetaGeo::new(BetaGeoParams { r: truth.0, alpha: truth.1, a: truth.2, b: truth.3 }).unwrap();
        let ll0 = at_truth.log_likelihood_of(&data, None).unwrap();
        let lrt = LikelihoodRatioTest::new(ll0, 0, s.log_likelihood, 4).unwrap();
        rejected += usize::from(lrt.p_value < 0.05);
    }
    for (j, c) in covered.iter().enumerate() {
        let rate = *c as f64 / f64::from(reps);
        assert!((0.88..=0.99).contains(&rate), "parameter {j}: coverage {rate}");
    }
    let size = rejected as f64 / f64::from(reps);
    assert!((0.01..=0.12).contains(&size), "LRT rejected {size} at 5%");
}

#[test]
fn gamma_gamma_intervals_cover_the_truth() {
    let (p, q, v) = (6.0, 4.0, 15.0);
    let mut rng = Rng::new(7);
    let reps = 200;
    let mut covered = [0usize; 3];
    for _ in 0..reps {
        let n = 800;
        let (mut freq, mut spend) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let x = 1 + i % 6;
            // ν ~ Gamma(q, v); each spend ~ Gamma(p, ν); their mean is what the model sees.
            let nu = rng.gamma(q, v);
            let total: f64 = (0..x).map(|_| rng.gamma(p, nu)).sum();
            freq.push(x as f64);
            spend.push(total / x as f64);
        }
        let gg = GammaGamma::fit(&freq, &spend, None, &FitConfig::default()).unwrap();
        let s = gg.summary(0.95).unwrap();
        for (j, truth) in [p, q, v].into_iter().enumerate() {
            covered[j] += usize::from(s.lower[j] <= truth && truth <= s.upper[j]);
        }
    }
    for (j, c) in covered.iter().enumerate() {
        let rate = *c as f64 / f64::from(reps);
        assert!((0.88..=0.99).contains(&rate), "parameter {j}: coverage {rate}");
    }
}

#[test]
fn bg_bb_and_sbg_summaries_on_simulated_data_are_consistent() {
    let mut rng = Rng::new(11);
    let n: Vec<f64> = (0..3000).map(|i| 4.0 + (i % 5) as f64).collect();
    let [x, tx, nn] = bg_bb(&mut rng, (1.2, 0.75, 0.66, 2.8), &n);
    let fit = BetaGeoBetaBinom::fit(&RfmData::new(&x, &tx, &nn).unwrap(), None, &FitConfig::default()).unwrap();
    let s = fit.summary(0.99).unwrap();
    for (j, truth) in [1.2, 0.75, 0.66, 2.8].into_iter().enumerate() {
        assert!(
            s.lower[j] < truth && truth < s.upper[j],
            "{}: {truth} outside [{}, {}]",
            s.names[j],
            s.lower[j],
            s.upper[j]
        );
    }
    let periods: Vec<f64> = (0..3000).map(|i| 3.0 + (i % 6) as f64).collect();
    let (tenure, active) = renewals(&mut rng, (0.7, 1.2), &periods);
    let sbg = ShiftedBetaGeo::fit(&tenure, &active, None, &FitConfig::default()).unwrap();
    let s = sbg.summary(0.99).unwrap();
    for (j, truth) in [0.7, 1.2].into_iter().enumerate() {
        assert!(
            s.lower[j] < truth && truth < s.upper[j],
            "{}: {truth} outside [{}, {}]",
            s.names[j],
            s.lower[j],
            s.upper[j]
        );
    }
}

#[test]
fn likelihood_ratio_test_refuses_what_is_not_nested() {
    assert_eq!(LikelihoodRatioTest::new(-10.0, 4, -12.0, 6).unwrap_err().code(), "invalid_config");
    assert_eq!(LikelihoodRatioTest::new(-10.0, 4, -9.0, 4).unwrap_err().code(), "invalid_config");
    assert_eq!(LikelihoodRatioTest::new(f64::NAN, 4, -9.0, 5).unwrap_err().code(), "invalid_config");
    let t = LikelihoodRatioTest::new(-10.0, 2, -10.0 + 1e-12, 3).unwrap();
    assert!(t.p_value > 0.99999 && t.statistic < 1e-11);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Counts as weights on distinct rows give the summary of the rows repeated.
    #[test]
    fn weighted_summary_equals_expanded(
        rows in prop::collection::vec((0u32..6, 1u32..40, 1u32..5), 12..30),
        seed in 0u64..1000,
    ) {
        let mut rng = Rng::new(seed);
        let (mut x, mut tx, mut t, mut w) = (vec![], vec![], vec![], vec![]);
        for (k, (freq, age, count)) in rows.iter().enumerate() {
            let age = f64::from(*age) + 1.0;
            let f = f64::from(*freq);
            x.push(f);
            tx.push(if f == 0.0 { 0.0 } else { (age * rng.uniform()).max(1e-3) });
            t.push(age + (k % 3) as f64);
            w.push(f64::from(*count));
        }
        prop_assume!(x.iter().any(|&v| v > 0.0));
        let (mut ex, mut etx, mut et) = (vec![], vec![], vec![]);
        for i in 0..x.len() {
            for _ in 0..w[i] as usize {
                ex.push(x[i]);
                etx.push(tx[i]);
                et.push(t[i]);
            }
        }
        let cfg = FitConfig::default();
        let weighted = BetaGeo::fit(&RfmData::new(&x, &tx, &t).unwrap(), Some(&w), &cfg);
        let expanded = BetaGeo::fit(&RfmData::new(&ex, &etx, &et).unwrap(), None, &cfg);
        let (Ok(weighted), Ok(expanded)) = (weighted, expanded) else {
            // A small sample may not identify the model; then both must fail alike.
            return Ok(());
        };
        let (a, b) = (weighted.summary(0.95), expanded.summary(0.95));
        prop_assert_eq!(a.is_ok(), b.is_ok());
        if let (Ok(a), Ok(b)) = (a, b) {
            let close = |u: f64, v: f64| (u - v).abs() <= 1e-7 * u.abs().max(v.abs()).max(1e-12);
            prop_assert!(close(a.n_customers, b.n_customers) && close(a.log_likelihood, b.log_likelihood));
            for j in 0..4 {
                prop_assert!(close(a.estimate[j], b.estimate[j]));
                prop_assert!(close(a.std_error[j], b.std_error[j]), "{:?} vs {:?}", a.std_error, b.std_error);
                prop_assert!(close(a.lower[j], b.lower[j]) && close(a.upper[j], b.upper[j]));
                for k in 0..4 {
                    prop_assert!((a.vcov[j][k] - b.vcov[j][k]).abs() <= 1e-7 * a.vcov[j][j].abs().max(a.vcov[k][k].abs()).max(1e-300));
                }
            }
        }
    }
}
