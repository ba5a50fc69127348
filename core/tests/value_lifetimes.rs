//! Agreement with an independent implementation: the `lifetimes` Python package.
//!
//! The fixtures under `tests/fixtures/` were produced by
//! `benches/python/make_lifetimes_fixtures.py` (lifetimes 0.11.3) on the CDNOW sample.

mod common;

use std::collections::HashMap;

use common::*;
use relmap::value::{
    rfm_summary, BetaGeo, BetaGeoParams, ClvConfig, FitConfig, GammaGamma, GammaGammaParams, ParetoNbd,
    ParetoNbdParams, PurchaseModel, RfmData, SummaryConfig,
};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A CSV with a header row, as named columns of numbers.
fn columns(text: &str) -> HashMap<String, Vec<f64>> {
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    let mut cols: HashMap<String, Vec<f64>> = header.iter().map(|h| (h.clone(), Vec::new())).collect();
    for line in lines.filter(|l| !l.is_empty()) {
        for (h, v) in header.iter().zip(line.split(',')) {
            cols.get_mut(h).unwrap().push(v.parse().unwrap());
        }
    }
    cols
}

fn params() -> serde_json::Value {
    serde_json::from_str(&fixture("lifetimes_cdnow_params.json")).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// |a − b| ≤ 1e-6 · max(1, |b|).
fn close_1e6(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

struct Data {
    cols: HashMap<String, Vec<f64>>,
}

impl Data {
    fn load() -> Data {
        Data { cols: columns(&fixture("lifetimes_cdnow_predictions.csv")) }
    }
    fn rfm(&self) -> RfmData<'_> {
        RfmData::new(&self.cols["x"], &self.cols["t_x"], &self.cols["T"]).unwrap()
    }
    fn col(&self, name: &str) -> &[f64] {
        &self.cols[name]
    }
}

fn assert_all_close(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len());
    let mut worst = 0.0f64;
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(close_1e6(g, w), "{what}[{i}]: {g} vs lifetimes {w}");
        worst = worst.max((g - w).abs() / w.abs().max(1.0));
    }
    eprintln!("{what}: worst scaled difference {worst:e}");
}

#[test]
fn fitted_parameters_agree_with_lifetimes() {
    let d = Data::load();
    let data = d.rfm();
    let p = params();
    let cfg = FitConfig::default();

    let bg = BetaGeo::fit(&data, None, &cfg).unwrap();
    let q = bg.params();
    let want = &p["bg_nbd"];
    for (name, got) in [("r", q.r), ("alpha", q.alpha), ("a", q.a), ("b", q.b)] {
        assert!(rel(got, want[name].as_f64().unwrap()) < 1e-3, "bg_nbd {name}");
    }
    assert!((bg.log_likelihood().unwrap() - want["log_likelihood"].as_f64().unwrap()).abs() < 1e-3);

    let pnbd = ParetoNbd::fit(&data, None, &cfg).unwrap();
    let q = pnbd.params();
    let want = &p["pareto_nbd"];
    for (name, got) in [("r", q.r), ("alpha", q.alpha), ("s", q.s), ("beta", q.beta)] {
        assert!(rel(got, want[name].as_f64().unwrap()) < 1e-3, "pareto_nbd {name}: {got}");
    }
    assert!((pnbd.log_likelihood().unwrap() - want["log_likelihood"].as_f64().unwrap()).abs() < 1e-3);

    let gg = GammaGamma::fit(d.col("x"), d.col("zbar"), None, &cfg).unwrap();
    let q = gg.params();
    let want = &p["gamma_gamma"];
    for (name, got) in [("p", q.p), ("q", q.q), ("v", q.v)] {
        assert!(rel(got, want[name].as_f64().unwrap()) < 1e-3, "gamma_gamma {name}: {got}");
    }
    assert!((gg.log_likelihood().unwrap() - want["log_likelihood"].as_f64().unwrap()).abs() < 1e-3);
}

fn lifetimes_bg() -> BetaGeo {
    let p = &params()["bg_nbd"];
    let f = |k: &str| p[k].as_f64().unwrap();
    BetaGeo::new(BetaGeoParams { r: f("r"), alpha: f("alpha"), a: f("a"), b: f("b") }).unwrap()
}

fn lifetimes_pnbd() -> ParetoNbd {
    let p = &params()["pareto_nbd"];
    let f = |k: &str| p[k].as_f64().unwrap();
    ParetoNbd::new(ParetoNbdParams { r: f("r"), alpha: f("alpha"), s: f("s"), beta: f("beta") }).unwrap()
}

fn lifetimes_gg() -> GammaGamma {
    let p = &params()["gamma_gamma"];
    let f = |k: &str| p[k].as_f64().unwrap();
    GammaGamma::new(GammaGammaParams { p: f("p"), q: f("q"), v: f("v") }).unwrap()
}

#[test]
fn bg_nbd_predictions_agree_with_lifetimes_at_its_parameters() {
    let d = Data::load();
    let data = d.rfm();
    let bg = lifetimes_bg();
    assert_all_close("bg p_alive", &bg.p_alive(&data).unwrap(), d.col("bg_p_alive"));
    assert_all_close("bg expected 10", &bg.expected_purchases(10.0, &data).unwrap(), d.col("bg_expected_10"));
    assert_all_close("bg expected 52", &bg.expected_purchases(52.0, &data).unwrap(), d.col("bg_expected_52"));
}

#[test]
fn pareto_nbd_predictions_agree_with_lifetimes_at_its_parameters() {
    let d = Data::load();
    let data = d.rfm();
    let m = lifetimes_pnbd();
    assert_all_close("pnbd p_alive", &m.p_alive(&data).unwrap(), d.col("pnbd_p_alive"));
    assert_all_close("pnbd expected 10", &m.expected_purchases(10.0, &data).unwrap(), d.col("pnbd_expected_10"));
    assert_all_close("pnbd expected 52", &m.expected_purchases(52.0, &data).unwrap(), d.col("pnbd_expected_52"));
}

#[test]
fn gamma_gamma_spend_and_clv_agree_with_lifetimes() {
    let d = Data::load();
    let data = d.rfm();
    let gg = lifetimes_gg();
    let spend = gg.expected_spend(d.col("x"), d.col("zbar")).unwrap();
    assert_all_close("gg expected spend", &spend, d.col("gg_expected_spend"));
    // lifetimes: 12 months of 4.345 weeks, 1% monthly discount, revenue (margin 1).
    let clv = gg.clv(&lifetimes_bg(), &data, d.col("zbar"), &ClvConfig::default()).unwrap();
    assert_all_close("bg+gg clv", &clv, d.col("bg_gg_clv"));
}

#[test]
fn summary_agrees_with_lifetimes_day_differences_in_weeks() {
    let tx = cdnow_sample();
    let s = rfm_summary(&tx.customer, &tx.time, &tx.amount, None, cdnow_calibration_end(), &SummaryConfig::default())
        .unwrap();
    let want = columns(&fixture("lifetimes_cdnow_sample_summary.csv"));
    let row: HashMap<String, usize> = s.customers.iter().enumerate().map(|(i, c)| (c.clone(), i)).collect();
    assert_eq!(want["id"].len(), s.len());
    for (k, id) in want["id"].iter().enumerate() {
        let i = row[&format!("{id}")];
        for (name, got) in [
            ("frequency", s.frequency[i]),
            ("recency", s.recency[i]),
            ("T", s.t[i]),
            ("monetary_value", s.monetary_value[i]),
        ] {
            let w = want[name][k];
            assert!((got - w).abs() <= 1e-9 * w.abs().max(1.0), "customer {id} {name}: {got} vs {w}");
        }
    }
}
