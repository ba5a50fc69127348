//! The new purchase and renewal models against published estimates, to the printed digits.
//!
//! Data: `examples/data/cdnow/` (the CDNOW sample summary), `examples/data/donations/`
//! (Fader, Hardie & Shang 2010) and `examples/data/sbg/` (Fader & Hardie 2007).

mod common;

use common::*;
use relmap::value::{
    BetaGeo, BetaGeoBetaBinom, BetaGeoBetaBinomParams, BetaGeoParams, FitConfig, ModifiedBetaGeo, ParetoNbd,
    ParetoNbdParams, PurchaseModel, RfmData, ShiftedBetaGeo,
};

/// `v` rounded to `digits` decimals equals the printed `printed`.
fn rounds_to(v: f64, digits: i32, printed: f64) -> bool {
    let s = 10f64.powi(digits);
    ((v * s).round() - printed * s).abs() < 0.5
}

fn cdnow() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let rows = cdnow_published_summary();
    (rows.iter().map(|r| r.x).collect(), rows.iter().map(|r| r.t_x).collect(), rows.iter().map(|r| r.t).collect())
}

#[test]
fn mbg_nbd_on_the_cdnow_sample_gives_the_published_estimates() {
    let (x, tx, t) = cdnow();
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let m = ModifiedBetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    let p = m.params();
    eprintln!("MBG/NBD {p:?} ll {:?} {:?}", m.log_likelihood(), m.report());
    for (name, got, printed) in [("r", p.r, 0.525), ("alpha", p.alpha, 6.183), ("a", p.a, 0.891), ("b", p.b, 1.614)] {
        assert!(rounds_to(got, 3, printed), "{name} = {got}, published {printed}");
    }
    assert!(m.report().unwrap().at_bound.is_empty());
    let ll = m.log_likelihood().unwrap();
    assert!((ll - m.log_likelihood_of(&data, None).unwrap()).abs() < 1e-6);
}

#[test]
fn bg_bb_on_the_donations_gives_the_published_estimates() {
    let [x, tx, n, donors, _] = donations();
    let data = RfmData::new(&x, &tx, &n).unwrap();
    let m = BetaGeoBetaBinom::fit(&data, Some(&donors), &FitConfig::default()).unwrap();
    let p = m.params();
    eprintln!("BG/BB {p:?} ll {:?} {:?}", m.log_likelihood(), m.report());
    for (name, got, printed) in
        [("alpha", p.alpha, 1.204), ("beta", p.beta, 0.750), ("gamma", p.gamma, 0.657), ("delta", p.delta, 2.783)]
    {
        assert!(rounds_to(got, 3, printed), "{name} = {got}, published {printed}");
    }
    let ll = m.log_likelihood().unwrap();
    assert!(rounds_to(ll, 1, -33225.6), "log-likelihood {ll}");
    assert!((ll - m.log_likelihood_of(&data, Some(&donors)).unwrap()).abs() < 1e-6);
    assert_eq!(m.report().unwrap().total_weight, 11104.0);
}

#[test]
fn sbg_on_the_two_cohorts_gives_the_published_estimates() {
    let (regular, high_end) = sbg_cohorts();
    for (cohort, alpha, beta, ll) in [(&regular, 0.704, 1.182, -1680.27), (&high_end, 0.668, 3.806, -1611.16)] {
        let m = ShiftedBetaGeo::fit_cohorts(&[cohort], &FitConfig::default()).unwrap();
        let p = m.params();
        eprintln!("sBG {p:?} ll {:?}", m.log_likelihood());
        assert!(rounds_to(p.alpha, 3, alpha) && rounds_to(p.beta, 3, beta), "{p:?}");
        assert!(rounds_to(m.log_likelihood().unwrap(), 2, ll));
        // The cohort's projected survivors track the observed ones (Fader & Hardie 2007, Figure 3).
        let s = m.survival_curve(7).unwrap();
        for (t, &count) in cohort.iter().enumerate() {
            assert!((1000.0 * s[t] - count).abs() < 25.0, "year {t}: {} vs {count}", 1000.0 * s[t]);
        }
    }
}

#[test]
fn bg_nbd_population_values_match_btyd_and_hardies_spreadsheet() {
    // BTYD's examples at r 0.243, α 4.414, a 0.793, b 2.426 (also lifetimes' tests).
    let bg = BetaGeo::new(BetaGeoParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).unwrap();
    assert!(rounds_to(bg.probability_of_repeat_purchases(0.0, 39.0).unwrap(), 7, 0.5737864));
    let p = bg.probability_of_repeat_purchases(10.0, 2.0).unwrap();
    assert!((p / 1.07869e-07 - 1.0).abs() < 5e-6, "P(X(2) = 10) = {p}");
    let pmf = [
        0.0019995214,
        0.0015170236,
        0.0011633150,
        0.0009003148,
        0.0007023638,
        0.0005517902,
        0.0004361913,
        0.0003467171,
        0.0002769613,
        0.0002222260,
    ];
    for (n, want) in (11..=20).zip(pmf) {
        assert!(rounds_to(bg.probability_of_repeat_purchases(f64::from(n), 30.0).unwrap(), 10, want), "n = {n}");
    }
    // E[X(t)] at the CDNOW estimates (Hardie's BG/NBD spreadsheet, as tested by lifetimes).
    let (x, tx, t) = cdnow();
    let fitted = BetaGeo::fit(&RfmData::new(&x, &tx, &t).unwrap(), None, &FitConfig::default()).unwrap();
    for (t, printed) in [(0.1429, 0.0078), (1.0, 0.0532), (3.0, 0.1506), (31.8571, 1.0405), (32.0, 1.0437)] {
        let e = fitted.expected_repeat_purchases(t).unwrap();
        assert!(rounds_to(e, 4, printed), "E[X({t})] = {e}, printed {printed}");
    }
    // The spreadsheet prints 1.8576 at 78 weeks; the exact value at these estimates is
    // 1.8580 (lifetimes checks this one to 3 decimals).
    let e78 = fitted.expected_repeat_purchases(78.0).unwrap();
    assert!(rounds_to(e78, 3, 1.858) && (e78 - 1.8580).abs() < 5e-5, "E[X(78)] = {e78}");
}

#[test]
fn pareto_nbd_dert_is_the_discounted_stream_of_its_expected_purchases() {
    // DERT(δ) = ∫ e^(−δτ) dE(τ) = ∫₀^∞ e^(−u) E(u/δ) du (by parts, E(0) = 0): checked by
    // composite Simpson on the closed-form E(τ), independently of DERT's own quadrature.
    // The CDNOW estimates (Fader, Hardie & Lee 2005) and 15% a year, compounded continuously.
    let m = ParetoNbd::new(ParetoNbdParams { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.6689 }).unwrap();
    let delta = 0.15f64.ln_1p() / 52.0;
    for (x, tx, t) in [(0.0, 0.0, 38.86), (2.0, 30.43, 38.86), (1.0, 2.0, 30.0), (26.0, 30.86, 31.0), (8.0, 10.0, 78.0)]
    {
        let dert = m.dert_one(delta, x, tx, t).unwrap();
        let e = |u: f64| m.expected_purchases_one(u / delta, x, tx, t).unwrap() * (-u).exp();
        let (end, steps) = (60.0, 6000);
        let h = end / f64::from(steps);
        let inner: f64 = (1..steps).map(|k| if k % 2 == 1 { 4.0 } else { 2.0 } * e(f64::from(k) * h)).sum();
        let direct = h / 3.0 * (e(0.0) + inner + e(end));
        assert!((dert / direct - 1.0).abs() < 1e-7, "({x}, {tx}, {t}): DERT {dert} vs {direct}");
        // A customer's DERT is at most its undiscounted expected purchases over the same span.
        assert!(dert > 0.0 && dert < m.expected_purchases_one(1e6, x, tx, t).unwrap());
    }
}

#[test]
fn bg_bb_dert_is_the_discounted_stream_of_its_expected_transactions() {
    // DERT(d) = Σ_{k≥1} [E(k) − E(k−1)] / (1+d)^k at the published donations estimates.
    let m = BetaGeoBetaBinom::new(BetaGeoBetaBinomParams { alpha: 1.204, beta: 0.750, gamma: 0.657, delta: 2.783 })
        .unwrap();
    let d = 0.1f64;
    let [x, tx, n, _, _] = donations();
    for i in 0..x.len() {
        let dert = m.dert_one(d, x[i], tx[i], n[i]).unwrap();
        let e: Vec<f64> =
            (0..=600).map(|k| m.expected_purchases_one(f64::from(k), x[i], tx[i], n[i]).unwrap()).collect();
        let direct: f64 = (1..e.len()).map(|k| (e[k] - e[k - 1]) / (1.0 + d).powi(k as i32)).sum();
        assert!((dert / direct - 1.0).abs() < 1e-10, "({}, {}, {}): DERT {dert} vs {direct}", x[i], tx[i], n[i]);
    }
    // The donor of every year is worth more than one silent since the first.
    assert!(m.dert_one(d, 6.0, 6.0, 6.0).unwrap() > 10.0 * m.dert_one(d, 1.0, 1.0, 6.0).unwrap());
}

#[test]
fn bg_bb_population_curve_tracks_the_donations_year_by_year() {
    // 11,104 donors × (E[X(k)] − E[X(k−1)]): the cohort's expected repeat donations in year
    // k (FHS 2010, Figure 3), against the annual totals, six calibration and five holdout years.
    let [x, tx, n, donors, _] = donations();
    let m = BetaGeoBetaBinom::fit(&RfmData::new(&x, &tx, &n).unwrap(), Some(&donors), &FitConfig::default()).unwrap();
    let annual = numeric_csv("donations/donations_annual_transactions.csv");
    let cohort = 11104.0;
    let mut before = 0.0;
    for (&k, &actual) in annual[1].iter().zip(&annual[2]) {
        let e = m.expected_repeat_purchases(k).unwrap();
        let expected = cohort * (e - before);
        before = e;
        eprintln!("year {k}: expected {expected:.0}, actual {actual}");
        // Within 8% every year but the last (2006 fell to 1,936, below the model's 2,319).
        if k < 11.0 {
            assert!((expected / actual - 1.0).abs() < 0.08, "year {k}: {expected} vs {actual}");
        }
    }
    // 24,615 repeat donations in 1996–2001 (Σ x · donors); the model's 24,654.
    let calibration = cohort * m.expected_repeat_purchases(6.0).unwrap();
    assert!((calibration / 24615.0 - 1.0).abs() < 0.005, "{calibration}");
    // 13,260 in 2002–2006; the population curve gives 12,976 (−2.1%).
    let holdout = cohort * (m.expected_repeat_purchases(11.0).unwrap() - m.expected_repeat_purchases(6.0).unwrap());
    assert!((holdout / 13260.0 - 1.0).abs() < 0.03, "{holdout}");
}
