//! The new models refuse bad input with typed errors, and answer big counts (x = 1e9,
//! n = 1e6 periods) with a finite number or a typed error, never a hang or a NaN.
//! (How long they take is measured in `benches/benches/value_models.rs`.)

mod common;

use relmap::value::{
    compare_models, BetaGeo, BetaGeoBetaBinom, BetaGeoBetaBinomParams, BetaGeoParams, FitConfig, Holdout,
    ModifiedBetaGeo, ParetoNbd, ParetoNbdParams, PurchaseModel, RfmData, ShiftedBetaGeo, ShiftedBetaGeoParams,
    ValueError,
};

fn bgbb() -> BetaGeoBetaBinom {
    BetaGeoBetaBinom::new(BetaGeoBetaBinomParams { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }).unwrap()
}

fn sbg() -> ShiftedBetaGeo {
    ShiftedBetaGeo::new(ShiftedBetaGeoParams { alpha: 0.704, beta: 1.182 }).unwrap()
}

#[test]
fn bg_bb_wants_whole_periods_and_names_the_row() {
    let m = bgbb();
    let data = RfmData::new(&[1.0, 2.0], &[3.0, 2.5], &[6.0, 6.0]).unwrap();
    let e = m.p_alive(&data).unwrap_err();
    assert_eq!(
        e,
        ValueError::OutOfRange { field: "recency", index: 1, value: 2.5, expected: "a whole number of periods" }
    );
    let data = RfmData::new(&[1.0, 3.0], &[3.0, 2.0], &[6.0, 6.0]).unwrap();
    let e = BetaGeoBetaBinom::fit(&data, None, &FitConfig::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", Some("frequency")));
    let data = RfmData::new(&[1.0], &[3.0], &[2e7]).unwrap();
    assert_eq!(m.expected_purchases(1.0, &data).unwrap_err().field(), Some("t"));
    assert_eq!(m.expected_purchases_one(2.5, 1.0, 3.0, 6.0).unwrap_err().field(), Some("t"));
    assert_eq!(m.dert_one(0.0, 1.0, 3.0, 6.0).unwrap_err().code(), "invalid_config");
    let data = RfmData::new(&[0.0; 4], &[0.0; 4], &[6.0; 4]).unwrap();
    let e = BetaGeoBetaBinom::fit(&data, None, &FitConfig::default()).unwrap_err();
    assert_eq!(e, ValueError::NoRepeatPurchases { model: "bg_bb" });
    assert_eq!(
        BetaGeoBetaBinom::new(BetaGeoBetaBinomParams { alpha: 1.0, beta: -1.0, gamma: 1.0, delta: 1.0 }).unwrap_err(),
        ValueError::InvalidParameter { model: "bg_bb", param: "beta", value: -1.0 }
    );
}

#[test]
fn distribution_questions_need_a_whole_count_and_a_horizon() {
    let bg = BetaGeo::new(BetaGeoParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).unwrap();
    let models: [&dyn PurchaseModel; 3] = [&bg, &ModifiedBetaGeo::new(bg.params()).unwrap(), &bgbb()];
    for m in models {
        assert_eq!(m.probability_of_repeat_purchases(1.5, 4.0).unwrap_err().field(), Some("n"), "{}", m.name());
        assert_eq!(m.probability_of_repeat_purchases(-1.0, 4.0).unwrap_err().code(), "out_of_range");
        assert_eq!(m.probability_of_repeat_purchases(f64::NAN, 4.0).unwrap_err().code(), "non_finite");
        assert_eq!(m.expected_repeat_purchases(-1.0).unwrap_err().field(), Some("t"));
        assert_eq!(m.probability_of_repeat_purchases(0.0, 0.0).unwrap(), 1.0);
    }
    let p = ParetoNbd::new(ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }).unwrap();
    assert_eq!(p.dert_one(-0.1, 1.0, 2.0, 3.0).unwrap_err().code(), "invalid_config");
    assert_eq!(p.probability_of_purchases_one(2.0, f64::INFINITY, 1.0, 2.0, 3.0).unwrap_err().code(), "non_finite");
}

#[test]
fn sbg_refuses_bad_cohorts_and_data_that_cannot_identify_it() {
    let cfg = FitConfig::default();
    let e = ShiftedBetaGeo::fit_cohorts(&[&[1000.0, 600.0], &[500.0, 300.0, 320.0]], &cfg).unwrap_err();
    assert_eq!(
        e,
        ValueError::OutOfRange {
            field: "survivors",
            index: 4,
            value: 320.0,
            expected: ">= 0 and at most the count before it"
        }
    );
    assert_eq!(ShiftedBetaGeo::fit_cohorts(&[&[0.0, 0.0]], &cfg).unwrap_err().code(), "out_of_range");
    assert_eq!(ShiftedBetaGeo::fit_cohorts(&[&[10.0]], &cfg).unwrap_err().code(), "out_of_range");
    assert_eq!(ShiftedBetaGeo::fit_cohorts(&[], &cfg).unwrap_err().code(), "empty_list");
    let e = ShiftedBetaGeo::fit_cohorts(&[&[100.0, 100.0, 100.0]], &cfg).unwrap_err();
    assert_eq!(e, ValueError::Degenerate { model: "sbg", reason: "no customer lapsed" });
    assert_eq!(e.code(), "not_identified");
    let e = ShiftedBetaGeo::fit(&[1.0, 1.0, 0.0], &[false, false, true], None, &cfg).unwrap_err();
    assert_eq!(e, ValueError::Degenerate { model: "sbg", reason: "no customer renewed" });
    let e = ShiftedBetaGeo::fit(&[0.0, 2.0], &[false, true], None, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", Some("tenure")));
    assert_eq!(ShiftedBetaGeo::fit(&[1.0], &[true, false], None, &cfg).unwrap_err().code(), "length_mismatch");
    let m = sbg();
    assert_eq!(m.expected_lifetime().unwrap_err().code(), "undefined");
    assert_eq!(m.expected_remaining_lifetime(3.0).unwrap_err().code(), "undefined");
    assert_eq!(m.derl(0.0, 3.0).unwrap_err().code(), "invalid_config");
    assert_eq!(m.retention(0.0).unwrap_err().field(), Some("t"));
    assert_eq!(m.p_renew(1.5).unwrap_err().field(), Some("renewals"));
    assert_eq!(m.clv(&[1.0], 0.1, &[2.0, 3.0], &[true, true]).unwrap_err().code(), "length_mismatch");
    assert_eq!(m.p_renew_customers(&[3.0, 2.0], &[true, false]).unwrap(), vec![m.p_renew(3.0).unwrap(), 0.0]);
}

#[test]
fn comparison_checks_its_holdout() {
    let data = RfmData::new(&[1.0, 0.0, 2.0], &[3.0, 0.0, 5.0], &[6.0, 6.0, 6.0]).unwrap();
    let h = Holdout { frequency: &[1.0, 0.0], duration: &[5.0, 5.0, 5.0] };
    let e = compare_models(&data, None, Some(h), &FitConfig::default()).unwrap_err();
    assert_eq!(e.field(), Some("holdout_frequency"));
    let h = Holdout { frequency: &[1.0, 0.0, -1.0], duration: &[5.0, 5.0, 5.0] };
    assert_eq!(compare_models(&data, None, Some(h), &FitConfig::default()).unwrap_err().code(), "out_of_range");
}

/// A finite, in-range answer or a typed error.
fn answered(what: &str, f: impl FnOnce() -> Result<f64, ValueError>) {
    let t = std::time::Instant::now();
    let r = f();
    let took = t.elapsed();
    match &r {
        Ok(v) => assert!(v.is_finite() && *v >= 0.0, "{what}: {v}"),
        Err(e) => assert!(!e.code().is_empty(), "{what}: {e}"),
    }
    eprintln!("{what}: {:?} in {took:?}", r.map_err(|e| e.code()));
}

#[test]
fn big_counts_answer_or_give_a_typed_error() {
    let bg = BetaGeo::new(BetaGeoParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).unwrap();
    let mbg = ModifiedBetaGeo::new(bg.params()).unwrap();
    let pnbd = ParetoNbd::new(ParetoNbdParams { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }).unwrap();
    let models: [&dyn PurchaseModel; 3] = [&bg, &mbg, &pnbd];
    for m in models {
        let name = m.name();
        for (x, tx, t) in [(1e9, 30.0, 40.0), (1e9, 40.0, 40.0), (1e6, 1e6, 1e6)] {
            answered(&format!("{name} p_alive x {x}"), || m.p_alive_one(x, tx, t));
            answered(&format!("{name} expected x {x}"), || m.expected_purchases_one(52.0, x, tx, t));
            answered(&format!("{name} P(0) x {x}"), || m.probability_of_purchases_one(0.0, 52.0, x, tx, t));
            answered(&format!("{name} P(5) x {x}"), || m.probability_of_purchases_one(5.0, 52.0, x, tx, t));
        }
        answered(&format!("{name} P(X(52) = 1e9)"), || m.probability_of_repeat_purchases(1e9, 52.0));
        answered(&format!("{name} E[X(1e9)]"), || m.expected_repeat_purchases(1e9));
    }
    answered("pareto_nbd DERT x 1e9", || pnbd.dert_one(0.003, 1e9, 40.0, 40.0));
    let m = bgbb();
    for (x, tx, n) in [(5e5, 9e5, 1e6), (1e6, 1e6, 1e6), (0.0, 0.0, 1e6)] {
        answered(&format!("bg_bb p_alive n {n}"), || m.p_alive_one(x, tx, n));
        answered(&format!("bg_bb expected(5) n {n}"), || m.expected_purchases_one(5.0, x, tx, n));
        answered(&format!("bg_bb expected(1e6) n {n}"), || m.expected_purchases_one(1e6, x, tx, n));
        answered(&format!("bg_bb P(2 in 5) n {n}"), || m.probability_of_purchases_one(2.0, 5.0, x, tx, n));
        answered(&format!("bg_bb DERT n {n}"), || m.dert_one(0.1, x, tx, n));
    }
    answered("bg_bb P(X(1e6) = 1e5)", || m.probability_of_repeat_purchases(1e5, 1e6));
    assert_eq!(m.p_alive_one(1e9, 1e9, 1e9).unwrap_err().field(), Some("t"));
    assert_eq!(m.expected_purchases_one(1e9, 1.0, 1.0, 2.0).unwrap_err().field(), Some("t"));
    let s = sbg();
    answered("sbg p_renew 1e9", || s.p_renew(1e9));
    answered("sbg survival 1e9", || s.survival(1e9));
    answered("sbg churn 1e9", || s.churn_probability(1e9));
    answered("sbg derl 1e9", || s.derl(0.1, 1e9));
    answered("sbg derl d 1e-9", || s.derl(1e-9, 3.0));
    // A fit on a huge tenure and a huge count.
    answered("sbg fit with tenure 1e9", || {
        let fit = ShiftedBetaGeo::fit(
            &[1.0, 1e9, 3.0],
            &[false, true, false],
            Some(&[10.0, 1.0, 5.0]),
            &FitConfig::default(),
        );
        fit.map(|m| m.params().alpha)
    });
    let data = RfmData::new(&[1e9, 0.0, 3.0], &[1e9, 0.0, 5.0], &[1e9, 10.0, 10.0]).unwrap();
    answered("mbg fit with x 1e9", || ModifiedBetaGeo::fit(&data, None, &FitConfig::default()).map(|m| m.params().r));
}
