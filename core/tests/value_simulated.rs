//! Data simulated from known parameters (seeded) give those parameters back, within
//! sampling error: every estimate within 4 standard errors (from the observed
//! information, in the log-parameters) of the truth.

mod common;

use common::simulate::{beta_geometric, bg_bb, log_standard_errors, renewals, Rng};
use relmap::value::{
    BetaGeoBetaBinom, BetaGeoBetaBinomParams, FitConfig, ModifiedBetaGeo, ModifiedBetaGeoParams, PurchaseModel,
    RfmData, SeededRng, ShiftedBetaGeo, ShiftedBetaGeoParams,
};

/// Every estimate within 4 standard errors of the truth; `ll` is the log-likelihood at given parameters.
fn assert_recovered(model: &str, names: &[&str], estimate: &[f64], truth: &[f64], ll: impl Fn(&[f64]) -> f64) {
    let se = log_standard_errors(ll, estimate);
    for k in 0..truth.len() {
        let z = (estimate[k].ln() - truth[k].ln()) / se[k];
        eprintln!("{model} {}: {:.4} (truth {}, se(ln) {:.4}, z {z:+.2})", names[k], estimate[k], truth[k], se[k]);
        assert!(z.abs() < 4.0, "{model} {}: {} vs {} (z = {z})", names[k], estimate[k], truth[k]);
    }
}

/// The sBG log-likelihood of (tenure, active) customers as a function of (α, β).
fn sbg_log_likelihood<'a>(tenure: &'a [f64], active: &'a [bool]) -> impl Fn(&[f64]) -> f64 + 'a {
    move |q: &[f64]| {
        ShiftedBetaGeo::new(ShiftedBetaGeoParams { alpha: q[0], beta: q[1] })
            .unwrap()
            .log_likelihood_of(tenure, active, None)
            .unwrap()
    }
}

#[test]
fn mbg_nbd_recovers_its_parameters() {
    let truth = (0.6, 5.0, 0.8, 2.5);
    let mut rng = Rng::new(7);
    let t: Vec<f64> = (0..20_000).map(|i| 20.0 + 40.0 * (i % 1000) as f64 / 1000.0).collect();
    let [x, tx, t] = beta_geometric(&mut rng, truth, true, &t);
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let m = ModifiedBetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    let p = m.params();
    let ll = |q: &[f64]| {
        ModifiedBetaGeo::new(ModifiedBetaGeoParams { r: q[0], alpha: q[1], a: q[2], b: q[3] })
            .unwrap()
            .log_likelihood_of(&data, None)
            .unwrap()
    };
    assert_recovered(
        "mbg_nbd",
        &["r", "alpha", "a", "b"],
        &[p.r, p.alpha, p.a, p.b],
        &[truth.0, truth.1, truth.2, truth.3],
        ll,
    );
}

#[test]
fn bg_bb_recovers_its_parameters() {
    let truth = (1.2, 0.75, 0.66, 2.8);
    let mut rng = Rng::new(11);
    let n: Vec<f64> = (0..20_000).map(|i| (4 + i % 9) as f64).collect();
    let [x, tx, n] = bg_bb(&mut rng, truth, &n);
    let data = RfmData::new(&x, &tx, &n).unwrap();
    let m = BetaGeoBetaBinom::fit(&data, None, &FitConfig::default()).unwrap();
    let p = m.params();
    let ll = |q: &[f64]| {
        BetaGeoBetaBinom::new(BetaGeoBetaBinomParams { alpha: q[0], beta: q[1], gamma: q[2], delta: q[3] })
            .unwrap()
            .log_likelihood_of(&data, None)
            .unwrap()
    };
    let est = [p.alpha, p.beta, p.gamma, p.delta];
    assert_recovered("bg_bb", &["alpha", "beta", "gamma", "delta"], &est, &[truth.0, truth.1, truth.2, truth.3], ll);
}

#[test]
fn sbg_recovers_its_parameters_from_customers_and_from_cohorts() {
    let truth = (0.7, 1.2);
    let mut rng = Rng::new(3);
    let periods: Vec<f64> = (0..10_000).map(|i| (1 + i % 12) as f64).collect();
    let (tenure, active) = renewals(&mut rng, truth, &periods);
    let m = ShiftedBetaGeo::fit(&tenure, &active, None, &FitConfig::default()).unwrap();
    let p = m.params();
    let ll = sbg_log_likelihood(&tenure, &active);
    assert_recovered("sbg", &["alpha", "beta"], &[p.alpha, p.beta], &[truth.0, truth.1], ll);

    // One cohort of 5000 followed for 10 years, as survivor counts.
    let (tenure, active) = renewals(&mut rng, truth, &vec![10.0; 5000]);
    let mut survivors = vec![0.0; 11];
    for (&t, &a) in tenure.iter().zip(&active) {
        let last = if a { 10 } else { t as usize - 1 };
        survivors.iter_mut().take(last + 1).for_each(|s| *s += 1.0);
    }
    let m = ShiftedBetaGeo::fit_cohorts(&[&survivors], &FitConfig::default()).unwrap();
    let p = m.params();
    let direct = ShiftedBetaGeo::fit(&tenure, &active, None, &FitConfig::default()).unwrap();
    assert!((p.alpha - direct.params().alpha).abs() < 1e-6 && (p.beta - direct.params().beta).abs() < 1e-6);
    assert_recovered(
        "sbg cohort",
        &["alpha", "beta"],
        &[p.alpha, p.beta],
        &[truth.0, truth.1],
        sbg_log_likelihood(&tenure, &active),
    );
}

#[test]
fn the_models_simulators_buy_what_their_expectations_say() {
    // 20,000 simulated new customers: the mean repeat purchases within 4 standard errors of E[X(t)].
    let mbg = ModifiedBetaGeo::new(ModifiedBetaGeoParams { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }).unwrap();
    let bgbb =
        BetaGeoBetaBinom::new(BetaGeoBetaBinomParams { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }).unwrap();
    let models: [(&dyn PurchaseModel, f64); 2] = [(&mbg, 39.0), (&bgbb, 6.0)];
    for (m, t) in models {
        let n = 20_000u64;
        let draws: Vec<f64> =
            (0..n).map(|i| m.simulate_repeat_purchases(t, &mut SeededRng::stream(5, i)).unwrap()).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / (n - 1) as f64;
        let want = m.expected_repeat_purchases(t).unwrap();
        let z = (mean - want) / (var / n as f64).sqrt();
        eprintln!("{}: simulated mean {mean:.4}, E[X({t})] {want:.4}, z {z:+.2}", m.name());
        assert!(z.abs() < 4.0, "{}: {mean} vs {want}", m.name());
        // And P(X(t) = 0) against the share of zeros.
        let zeros = draws.iter().filter(|d| **d == 0.0).count() as f64 / n as f64;
        let p0 = m.probability_of_repeat_purchases(0.0, t).unwrap();
        assert!((zeros - p0).abs() < 4.0 * (p0 * (1.0 - p0) / n as f64).sqrt(), "{}: {zeros} vs {p0}", m.name());
    }
}
