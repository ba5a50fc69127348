//! The purchase and spend models against published numbers on CDNOW.

mod common;

use common::*;
use relmap::value::{BetaGeo, FitConfig, PurchaseModel, RfmData};

struct Published {
    x: Vec<f64>,
    tx: Vec<f64>,
    t: Vec<f64>,
}

fn published() -> Published {
    let rows = cdnow_published_summary();
    Published {
        x: rows.iter().map(|r| r.x).collect(),
        tx: rows.iter().map(|r| r.t_x).collect(),
        t: rows.iter().map(|r| r.t).collect(),
    }
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

#[test]
fn bg_nbd_on_cdnow_reproduces_fader_hardie_lee_2005() {
    let p = published();
    let data = RfmData::new(&p.x, &p.tx, &p.t).unwrap();
    let bg = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    let q = bg.params();
    let report = bg.report().unwrap();
    eprintln!("{q:?} ll {:?} {report:?}", bg.log_likelihood());
    assert!(rel(q.r, 0.2426) < 1e-3, "r = {}", q.r);
    assert!(rel(q.alpha, 4.4136) < 1e-3, "alpha = {}", q.alpha);
    assert!(rel(q.a, 0.7929) < 1e-3, "a = {}", q.a);
    assert!(rel(q.b, 2.4259) < 1e-3, "b = {}", q.b);
    let ll = bg.log_likelihood().unwrap();
    assert!((ll - -9582.43).abs() <= 0.01, "log-likelihood {ll}");
    assert!(report.gradient_norm <= 1e-5);
    assert!(report.at_bound.is_empty(), "{:?}", report.at_bound);
    // The reported optimum (from the rescaled fit) is the log-likelihood of the data in weeks.
    assert!((ll - bg.log_likelihood_of(&data, None).unwrap()).abs() < 1e-6);
    let alive = bg.p_alive(&data).unwrap();
    assert!(alive.iter().all(|p| (0.0..=1.0).contains(p)));
}

#[test]
fn pareto_nbd_and_gamma_gamma_fit_cdnow() {
    let p = published();
    let data = RfmData::new(&p.x, &p.tx, &p.t).unwrap();
    let t0 = std::time::Instant::now();
    let pnbd = relmap::value::ParetoNbd::fit(&data, None, &FitConfig::default()).unwrap();
    eprintln!("{:?} ll {:?} {:?} {:?}", pnbd.params(), pnbd.log_likelihood(), pnbd.report(), t0.elapsed());
    let z: Vec<f64> = cdnow_published_summary().iter().map(|r| r.zbar).collect();
    let gg = relmap::value::GammaGamma::fit(&p.x, &z, None, &FitConfig::default()).unwrap();
    eprintln!("{:?} ll {:?} {:?}", gg.params(), gg.log_likelihood(), gg.report());
    let ll = pnbd.log_likelihood().unwrap();
    assert!((ll - pnbd.log_likelihood_of(&data, None).unwrap()).abs() < 1e-6);
    assert!(pnbd.report().unwrap().at_bound.is_empty() && gg.report().unwrap().at_bound.is_empty());
    let ll = gg.log_likelihood().unwrap();
    assert!((ll - gg.log_likelihood_of(&p.x, &z, None).unwrap()).abs() < 1e-6);
}

#[test]
fn fits_that_run_to_a_bound_say_which_parameters() {
    // Three customers: nothing to tell heterogeneity from, so the shape parameters run
    // off (r, α → ∞ at a fixed ratio; a or s → 0). The fits end, and say so.
    let (x, tx, t) = ([1.0, 0.0, 2.0], [5.0, 0.0, 9.0], [10.0, 10.0, 10.0]);
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let bg = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    let flagged = &bg.report().unwrap().at_bound;
    assert!(flagged.iter().any(|p| p == "r") && flagged.iter().any(|p| p == "a"), "{flagged:?}");
    let pnbd = relmap::value::ParetoNbd::fit(&data, None, &FitConfig::default()).unwrap();
    let flagged = &pnbd.report().unwrap().at_bound;
    assert!(flagged.iter().any(|p| p == "s"), "{flagged:?}");
    // The report survives a JSON round trip of the model, and older JSON without the field reads.
    let back: BetaGeo = serde_json::from_str(&serde_json::to_string(&bg).unwrap()).unwrap();
    // The observed information is part of the JSON form: the whole report round-trips.
    let report = bg.report().unwrap().clone();
    assert!(!report.information.is_empty());
    assert_eq!(back.report(), Some(&report));
    let mut old = serde_json::to_value(&bg).unwrap();
    old["report"].as_object_mut().unwrap().remove("at_bound").unwrap();
    old["report"].as_object_mut().unwrap().remove("information").unwrap();
    let old: BetaGeo = serde_json::from_value(old).unwrap();
    assert!(old.report().unwrap().at_bound.is_empty() && old.report().unwrap().information.is_empty());
}
