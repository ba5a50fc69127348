//! MBG/NBD, BG/BB and the Pareto/NBD distribution against the `lifetimes` Python package.
//!
//! Fixtures: `tests/fixtures/lifetimes_models.json` and `lifetimes_cdnow_mbg_predictions.csv`,
//! written by `benches/python/make_lifetimes_fixtures.py --models` (lifetimes 0.11.3).

mod common;

use common::*;
use relmap::value::{
    BetaGeoBetaBinom, BetaGeoBetaBinomParams, FitConfig, ModifiedBetaGeo, ModifiedBetaGeoParams, ParetoNbd,
    ParetoNbdParams, PurchaseModel, RfmData,
};
use serde_json::Value;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn json() -> Value {
    serde_json::from_str(&fixture("lifetimes_models.json")).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[test]
fn mbg_nbd_fit_and_predictions_agree_with_lifetimes() {
    let j = &json()["mbg_nbd"];
    let p = &j["params"];
    let lp = ModifiedBetaGeoParams {
        r: p["r"].as_f64().unwrap(),
        alpha: p["alpha"].as_f64().unwrap(),
        a: p["a"].as_f64().unwrap(),
        b: p["b"].as_f64().unwrap(),
    };
    let rows = cdnow_published_summary();
    let (x, tx, t): (Vec<f64>, Vec<f64>, Vec<f64>) =
        (rows.iter().map(|r| r.x).collect(), rows.iter().map(|r| r.t_x).collect(), rows.iter().map(|r| r.t).collect());
    let data = RfmData::new(&x, &tx, &t).unwrap();
    let fitted = ModifiedBetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    let q = fitted.params();
    for (ours, theirs) in [(q.r, lp.r), (q.alpha, lp.alpha), (q.a, lp.a), (q.b, lp.b)] {
        assert!(close(ours, theirs, 1e-3), "{ours} vs {theirs}");
    }
    // Our optimum is at least as good as lifetimes' (its default tolerance stops earlier).
    let ll = fitted.log_likelihood().unwrap();
    assert!(
        ll >= j["log_likelihood"].as_f64().unwrap() - 1e-6 && (ll - j["log_likelihood"].as_f64().unwrap()).abs() < 0.01
    );

    let m = ModifiedBetaGeo::new(lp).unwrap();
    let alive = m.p_alive(&data).unwrap();
    let (e10, e52) = (m.expected_purchases(10.0, &data).unwrap(), m.expected_purchases(52.0, &data).unwrap());
    let text = fixture("lifetimes_cdnow_mbg_predictions.csv");
    for (i, line) in text.lines().skip(1).enumerate() {
        let f: Vec<f64> = line.split(',').map(|v| v.parse().unwrap()).collect();
        assert!(close(alive[i], f[4], 1e-12), "row {i} P(alive) {} vs {}", alive[i], f[4]);
        assert!(close(e10[i], f[5], 1e-9), "row {i} E10 {} vs {}", e10[i], f[5]);
        assert!(close(e52[i], f[6], 1e-9), "row {i} E52 {} vs {}", e52[i], f[6]);
    }
    for (t, want) in j["expected_new"].as_object().unwrap() {
        let got = m.expected_repeat_purchases(t.parse().unwrap()).unwrap();
        assert!(close(got, want.as_f64().unwrap(), 1e-10), "E[X({t})] {got} vs {want}");
    }
    for (n, want) in floats(&j["p_new_39"]).into_iter().enumerate() {
        let got = m.probability_of_repeat_purchases(n as f64, 39.0).unwrap();
        assert!(close(got, want, 1e-9), "P(X(39) = {n}) {got} vs {want}");
    }
}

#[test]
fn bg_bb_fit_and_predictions_agree_with_lifetimes() {
    let j = &json()["bg_bb"];
    let p = &j["params"];
    let lp = BetaGeoBetaBinomParams {
        alpha: p["alpha"].as_f64().unwrap(),
        beta: p["beta"].as_f64().unwrap(),
        gamma: p["gamma"].as_f64().unwrap(),
        delta: p["delta"].as_f64().unwrap(),
    };
    let [x, tx, n, donors, _] = donations();
    let data = RfmData::new(&x, &tx, &n).unwrap();
    let fitted = BetaGeoBetaBinom::fit(&data, Some(&donors), &FitConfig::default()).unwrap();
    let q = fitted.params();
    for (ours, theirs) in [(q.alpha, lp.alpha), (q.beta, lp.beta), (q.gamma, lp.gamma), (q.delta, lp.delta)] {
        assert!(close(ours, theirs, 1e-6), "{ours} vs {theirs}");
    }
    assert!((fitted.log_likelihood().unwrap() - j["log_likelihood"].as_f64().unwrap()).abs() < 1e-6);

    let m = BetaGeoBetaBinom::new(lp).unwrap();
    let rows = &j["rows"];
    let (next, now, e5) = (floats(&rows["p_alive_next"]), floats(&rows["p_alive_now"]), floats(&rows["expected_5"]));
    let alive = m.p_alive(&data).unwrap();
    let expected = m.expected_purchases(5.0, &data).unwrap();
    for i in 0..x.len() {
        assert!(close(alive[i], next[i], 1e-12), "row {i}: {} vs {}", alive[i], next[i]);
        let at_n = m.p_alive_at(0.0, x[i], tx[i], n[i]).unwrap();
        assert!(close(at_n, now[i], 1e-12), "row {i}: {at_n} vs {}", now[i]);
        assert!(close(expected[i], e5[i], 1e-11), "row {i}: {} vs {}", expected[i], e5[i]);
    }
    // The distribution of X(6) for a new donor, times the cohort's size.
    for (k, want) in j["first_6_periods_customers"].as_object().unwrap() {
        let got = 11104.0 * m.probability_of_repeat_purchases(k.parse().unwrap(), 6.0).unwrap();
        assert!(close(got, want.as_f64().unwrap(), 1e-11), "x = {k}: {got} vs {want}");
    }
}

#[test]
fn pareto_nbd_conditional_distribution_agrees_with_lifetimes() {
    let params: Value = serde_json::from_str(&fixture("lifetimes_cdnow_params.json")).unwrap();
    let p = &params["pareto_nbd"];
    let m = ParetoNbd::new(ParetoNbdParams {
        r: p["r"].as_f64().unwrap(),
        alpha: p["alpha"].as_f64().unwrap(),
        s: p["s"].as_f64().unwrap(),
        beta: p["beta"].as_f64().unwrap(),
    })
    .unwrap();
    for case in json()["pareto_nbd_conditional_pmf"].as_array().unwrap() {
        let (x, tx, t, h) = (
            case["x"].as_f64().unwrap(),
            case["t_x"].as_f64().unwrap(),
            case["T"].as_f64().unwrap(),
            case["t"].as_f64().unwrap(),
        );
        for (n, want) in floats(&case["p"]).into_iter().enumerate() {
            let got = m.probability_of_purchases_one(n as f64, h, x, tx, t).unwrap();
            assert!(close(got, want, 1e-8), "({x}, {tx}, {t}) P({n}) = {got} vs {want}");
        }
    }
}
