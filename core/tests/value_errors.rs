//! Bad input and degenerate data give typed errors, never numbers.

mod common;

use relmap::value::{
    BetaGeo, BetaGeoParams, ClvConfig, FitConfig, GammaGamma, OptimizerConfig, ParetoNbd, PurchaseModel, RfmData,
    ValueError,
};

fn cdnow() -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let rows = common::cdnow_published_summary();
    (
        rows.iter().map(|r| r.x).collect(),
        rows.iter().map(|r| r.t_x).collect(),
        rows.iter().map(|r| r.t).collect(),
        rows.iter().map(|r| r.zbar).collect(),
    )
}

#[test]
fn no_repeat_buyers_cannot_be_fitted() {
    let data = RfmData::new(&[0.0; 5], &[0.0; 5], &[10.0, 12.0, 3.0, 8.0, 9.0]).unwrap();
    let cfg = FitConfig::default();
    assert_eq!(BetaGeo::fit(&data, None, &cfg).unwrap_err(), ValueError::NoRepeatPurchases { model: "bg_nbd" });
    assert_eq!(ParetoNbd::fit(&data, None, &cfg).unwrap_err().code(), "no_repeat_purchases");
    let e = GammaGamma::fit(&[0.0; 5], &[0.0; 5], None, &cfg).unwrap_err();
    assert_eq!(e.code(), "too_few_customers");
    // Weight 0 removes the only repeat buyer.
    let data = RfmData::new(&[0.0, 2.0, 0.0], &[0.0, 5.0, 0.0], &[10.0, 12.0, 3.0]).unwrap();
    let e = BetaGeo::fit(&data, Some(&[1.0, 0.0, 1.0]), &cfg).unwrap_err();
    assert_eq!(e.code(), "no_repeat_purchases");
}

#[test]
fn one_customer_is_too_few() {
    let data = RfmData::new(&[3.0], &[5.0], &[10.0]).unwrap();
    let e = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap_err();
    assert_eq!(e, ValueError::TooFewCustomers { model: "bg_nbd", needed: 2, got: 1 });
    let e = ParetoNbd::fit(&data, None, &FitConfig::default()).unwrap_err();
    assert_eq!(e.code(), "too_few_customers");
}

#[test]
fn iteration_cap_is_a_typed_error_with_the_last_gradient() {
    let (x, tx, t, _) = cdnow();
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let cfg = FitConfig {
        optimizer: OptimizerConfig { max_iterations: 3, ..OptimizerConfig::default() },
        ..FitConfig::default()
    };
    match BetaGeo::fit(&data, None, &cfg).unwrap_err() {
        ValueError::NotConverged { model: "bg_nbd", iterations: 3, gradient_norm } => {
            assert!(gradient_norm > 1e-6 && gradient_norm.is_finite())
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ParetoNbd::fit(&data, None, &cfg).unwrap_err().code(), "not_converged");
}

#[test]
fn non_finite_and_inconsistent_rows_are_refused() {
    assert_eq!(RfmData::new(&[1.0, f64::NAN], &[1.0, 0.0], &[2.0, 2.0]).unwrap_err().code(), "non_finite");
    assert_eq!(RfmData::new(&[1.0], &[1.0], &[f64::INFINITY]).unwrap_err().code(), "non_finite");
    assert_eq!(RfmData::new(&[1.0], &[3.0], &[2.0]).unwrap_err().field(), Some("recency"));
    assert_eq!(RfmData::new(&[-1.0], &[0.0], &[2.0]).unwrap_err().field(), Some("frequency"));
    assert_eq!(RfmData::new(&[1.0, 2.0], &[1.0], &[2.0, 3.0]).unwrap_err().code(), "length_mismatch");
    let data = RfmData::new(&[1.0, 0.0], &[1.0, 0.0], &[2.0, 2.0]).unwrap();
    let e = BetaGeo::fit(&data, Some(&[1.0, f64::NAN]), &FitConfig::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("non_finite", Some("weights")));
    let e = BetaGeo::fit(&data, Some(&[1.0]), &FitConfig::default()).unwrap_err();
    assert_eq!(e.code(), "length_mismatch");
}

#[test]
fn bad_parameters_configs_and_horizons_are_refused() {
    let e = BetaGeo::new(BetaGeoParams { r: 0.2, alpha: -1.0, a: 0.8, b: 2.4 }).unwrap_err();
    assert_eq!(e, ValueError::InvalidParameter { model: "bg_nbd", param: "alpha", value: -1.0 });
    let bg = BetaGeo::new(BetaGeoParams { r: 0.2, alpha: 4.4, a: 0.8, b: 2.4 }).unwrap();
    let data = RfmData::new(&[1.0, 0.0], &[1.0, 0.0], &[2.0, 2.0]).unwrap();
    assert_eq!(bg.expected_purchases(-1.0, &data).unwrap_err().code(), "out_of_range");
    assert_eq!(bg.expected_purchases(f64::NAN, &data).unwrap_err().code(), "non_finite");
    assert_eq!(bg.clv(&[1.0], &data, &ClvConfig::default()).unwrap_err().code(), "length_mismatch");
    let bad = ClvConfig { discount_rate: -1.5, ..ClvConfig::default() };
    assert_eq!(bg.clv(&[1.0, 1.0], &data, &bad).unwrap_err().field(), Some("discount_rate"));
    let cfg = FitConfig { initial: Some(vec![1.0, 2.0]), ..FitConfig::default() };
    assert_eq!(BetaGeo::fit(&data, None, &cfg).unwrap_err().field(), Some("initial"));
    // Every value error is also a crate error with the same code.
    let e: relmap::Error = ValueError::EmptyInput { field: "customer" }.into();
    assert_eq!(e.code(), "empty_list");
}

#[test]
fn fits_from_a_given_start_reach_the_same_optimum() {
    let (x, tx, t, _) = cdnow();
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let cfg = FitConfig { initial: Some(vec![2.0, 20.0, 3.0, 0.5]), ..FitConfig::default() };
    let p = BetaGeo::fit(&data, None, &cfg).unwrap().params();
    assert!((p.r - 0.2426).abs() < 1e-3 && (p.alpha - 4.4135).abs() < 1e-2 && (p.b - 2.4258).abs() < 1e-2, "{p:?}");
}
