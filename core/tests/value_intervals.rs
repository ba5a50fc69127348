//! Per-customer prediction intervals: bootstrap and delta method, and models rebuilt from a fit's parts.

mod common;

use common::simulate::{beta_geometric, Rng};
use common::*;
use relmap::value::{
    clv_intervals, expected_purchases_intervals, normal_quantile, p_alive_intervals, spend_intervals, BetaGeo,
    BetaGeoBetaBinom, BetaGeoParams, ClvConfig, CovariateSpec, Covariates, FitConfig, FitReport, GammaGamma,
    IntervalConfig, IntervalMethod, ModifiedBetaGeo, ParetoNbd, PurchaseModel, RfmData,
};

#[test]
fn bootstrap_intervals_agree_with_the_delta_method_and_are_seeded() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let bg = &cdnow.bg;
    let cfg = IntervalConfig { draws: 4000, level: 0.90, seed: 3, ..IntervalConfig::default() };
    let iv = p_alive_intervals(bg, &data, &cfg).unwrap();
    assert_eq!(iv.estimate, bg.p_alive(&data).unwrap());
    assert!((0..data.len()).all(|i| iv.lower[i] <= iv.upper[i]));
    // Delta method: var P = ∇Pᵀ I⁻¹ ∇P over the log-parameters, at a few customers
    // whose P(alive) is well inside (0, 1).
    let s = bg.summary(0.95).unwrap();
    let theta: Vec<f64> = s.estimate.clone();
    let (x, tx, t) = (data.frequency(), data.recency(), data.t());
    let z = normal_quantile(0.95);
    let mut checked = 0;
    for i in 0..data.len() {
        if !(0.3..0.8).contains(&iv.estimate[i]) || checked >= 10 {
            continue;
        }
        let p_at = |phi: &[f64]| {
            let e: Vec<f64> = phi.iter().map(|v| v.exp()).collect();
            BetaGeo::new(BetaGeoParams { r: e[0], alpha: e[1], a: e[2], b: e[3] })
                .unwrap()
                .p_alive_one(x[i], tx[i], t[i])
                .unwrap()
        };
        let phi: Vec<f64> = theta.iter().map(|v| v.ln()).collect();
        let grad: Vec<f64> = (0..4)
            .map(|j| {
                let (mut up, mut down) = (phi.clone(), phi.clone());
                up[j] += 1e-6;
                down[j] -= 1e-6;
                (p_at(&up) - p_at(&down)) / 2e-6
            })
            .collect();
        // vcov of ln θ = vcov(θ)/(θθᵀ).
        let var: f64 = (0..4)
            .flat_map(|a| (0..4).map(move |b| (a, b)))
            .map(|(a, b)| grad[a] * grad[b] * s.vcov[a][b] / (theta[a] * theta[b]))
            .sum();
        let half = z * var.sqrt();
        let boot_half = (iv.upper[i] - iv.lower[i]) / 2.0;
        assert!((boot_half / half - 1.0).abs() < 0.15, "customer {i}: bootstrap ±{boot_half} vs delta ±{half}");
        checked += 1;
    }
    assert_eq!(checked, 10);
    // Seeded: the same seed gives the same intervals, another seed others.
    let small = IntervalConfig { draws: 200, level: 0.95, seed: 9, ..IntervalConfig::default() };
    let a = p_alive_intervals(bg, &data, &small).unwrap();
    assert_eq!(a, p_alive_intervals(bg, &data, &small).unwrap());
    assert_ne!(a, p_alive_intervals(bg, &data, &IntervalConfig { seed: 10, ..small.clone() }).unwrap());
}

#[test]
fn purchases_spend_and_clv_intervals_contain_their_estimates() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let small = IntervalConfig { draws: 300, ..IntervalConfig::default() };
    let pnbd = ParetoNbd::fit(&data, None, &FitConfig::default()).unwrap();
    let e = expected_purchases_intervals(&pnbd, 39.0, &data, &small).unwrap();
    assert_eq!(e.estimate, pnbd.expected_purchases(39.0, &data).unwrap());
    let inside = (0..data.len()).filter(|&i| e.lower[i] <= e.estimate[i] && e.estimate[i] <= e.upper[i]).count();
    assert!(inside as f64 >= 0.95 * data.len() as f64, "{inside} of {}", data.len());
    let (f, m) = (&cdnow.summary.frequency, &cdnow.summary.monetary_value);
    let gg = GammaGamma::fit(f, m, None, &FitConfig::default()).unwrap();
    let sp = spend_intervals(&gg, f, m, &small).unwrap();
    assert_eq!(sp.estimate, gg.expected_spend(f, m).unwrap());
    assert!((0..f.len()).all(|i| sp.lower[i] < sp.upper[i]));
    let clv = clv_intervals(&cdnow.bg, &gg, &data, m, &ClvConfig::default(), &small).unwrap();
    assert_eq!(clv.estimate, gg.clv(&cdnow.bg, &data, m, &ClvConfig::default()).unwrap());
    let inside =
        (0..data.len()).filter(|&i| clv.lower[i] <= clv.estimate[i] && clv.estimate[i] <= clv.upper[i]).count();
    assert!(inside as f64 >= 0.95 * data.len() as f64);
    // A repeat buyer's CLV is uncertain in both factors: its interval is wider than the
    // spend-only one scaled by the point discounted purchases.
    let i = (0..f.len()).find(|&i| f[i] >= 3.0).unwrap();
    let width = clv.upper[i] - clv.lower[i];
    assert!(width > 0.0 && width / clv.estimate[i] > (sp.upper[i] - sp.lower[i]) / sp.estimate[i] * 0.5);
}

#[test]
fn bootstrap_refuses_unfitted_models_and_bad_settings() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let known = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }).unwrap();
    assert_eq!(p_alive_intervals(&known, &data, &IntervalConfig::default()).unwrap_err().code(), "undefined");
    for bad in [
        IntervalConfig { draws: 5, ..IntervalConfig::default() },
        IntervalConfig { level: 1.0, ..IntervalConfig::default() },
    ] {
        assert_eq!(p_alive_intervals(&cdnow.bg, &data, &bad).unwrap_err().code(), "invalid_config");
    }
    let e = expected_purchases_intervals(&cdnow.bg, -1.0, &data, &IntervalConfig::default()).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
}

#[test]
fn from_fit_rebuilds_every_fitted_model_exactly() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let small = IntervalConfig { draws: 50, ..IntervalConfig::default() };
    let bg = &cdnow.bg;
    let (ll, report) = (PurchaseModel::log_likelihood(bg).unwrap(), PurchaseModel::report(bg).unwrap());
    // Through the report's JSON form, as a binding keeps it.
    let report: FitReport = serde_json::from_str(&serde_json::to_string(report).unwrap()).unwrap();
    let rebuilt = BetaGeo::from_fit(bg.params(), ll, report).unwrap();
    assert_eq!(&rebuilt, bg);
    assert_eq!(rebuilt.p_alive(&data).unwrap(), bg.p_alive(&data).unwrap());
    assert_eq!(p_alive_intervals(&rebuilt, &data, &small).unwrap(), p_alive_intervals(bg, &data, &small).unwrap());

    let mbg = ModifiedBetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    let r = mbg.report().unwrap().clone();
    assert_eq!(ModifiedBetaGeo::from_fit(mbg.params(), PurchaseModel::log_likelihood(&mbg).unwrap(), r).unwrap(), mbg);
    let pnbd = ParetoNbd::fit(&data, None, &FitConfig::default()).unwrap();
    let rebuilt = ParetoNbd::from_fit(pnbd.params(), pnbd.log_likelihood().unwrap(), pnbd.report().unwrap().clone());
    assert_eq!(
        rebuilt.unwrap().expected_purchases(39.0, &data).unwrap(),
        pnbd.expected_purchases(39.0, &data).unwrap()
    );
    let (f, m) = (&cdnow.summary.frequency, &cdnow.summary.monetary_value);
    let gg = GammaGamma::fit(f, m, None, &FitConfig::default()).unwrap();
    let rebuilt =
        GammaGamma::from_fit(gg.params(), gg.log_likelihood().unwrap(), gg.report().unwrap().clone()).unwrap();
    assert_eq!(rebuilt.summary(0.9).unwrap(), gg.summary(0.9).unwrap());
    assert_eq!(spend_intervals(&rebuilt, f, m, &small).unwrap(), spend_intervals(&gg, f, m, &small).unwrap());
    let (x, tx, n) = ([0.0, 1.0, 1.0, 2.0, 3.0, 6.0], [0.0, 1.0, 5.0, 6.0, 4.0, 6.0], [6.0; 6]);
    let counts = [3464.0, 1091.0, 119.0, 234.0, 181.0, 1203.0];
    let bgbb =
        BetaGeoBetaBinom::fit(&RfmData::new(&x, &tx, &n).unwrap(), Some(&counts), &FitConfig::default()).unwrap();
    let ll = PurchaseModel::log_likelihood(&bgbb).unwrap();
    let r = PurchaseModel::report(&bgbb).unwrap().clone();
    assert_eq!(BetaGeoBetaBinom::from_fit(bgbb.params(), ll, r).unwrap(), bgbb);

    // Bad parts: typed errors naming what is wrong.
    let mut short = PurchaseModel::report(bg).unwrap().clone();
    short.information.truncate(9);
    let e = BetaGeo::from_fit(bg.params(), ll, short).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("information")));
    let e = BetaGeo::from_fit(bg.params(), f64::NAN, PurchaseModel::report(bg).unwrap().clone()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("log_likelihood")));
    let bad = BetaGeoParams { r: -1.0, ..bg.params() };
    let e = BetaGeo::from_fit(bad, ll, PurchaseModel::report(bg).unwrap().clone()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", Some("r")));
    // A rebuilt fit without the information has no intervals.
    let mut empty = PurchaseModel::report(bg).unwrap().clone();
    empty.information.clear();
    let no_info = BetaGeo::from_fit(bg.params(), ll, empty).unwrap();
    assert_eq!(p_alive_intervals(&no_info, &data, &small).unwrap_err().code(), "undefined");
}

#[test]
fn delta_and_bootstrap_intervals_agree_on_cdnow() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let pnbd = ParetoNbd::fit(&data, None, &FitConfig::default()).unwrap();
    let boot = IntervalConfig { draws: 2000, level: 0.9, seed: 5, ..IntervalConfig::default() };
    let delta = IntervalConfig { method: IntervalMethod::Delta, ..boot.clone() };
    let models: [&dyn PurchaseModel; 2] = [&cdnow.bg, &pnbd];
    for model in models {
        for what in ["p_alive", "expected_purchases"] {
            let run = |cfg: &IntervalConfig| match what {
                "p_alive" => p_alive_intervals(model, &data, cfg).unwrap(),
                _ => expected_purchases_intervals(model, 39.0, &data, cfg).unwrap(),
            };
            let (b, d) = (run(&boot), run(&delta));
            assert_eq!((d.method, d.draws, b.draws), (IntervalMethod::Delta, 0, 2000));
            assert_eq!(b.estimate, d.estimate);
            assert!((0..data.len()).all(|i| d.lower[i] <= d.estimate[i] && d.estimate[i] <= d.upper[i]));
            if what == "p_alive" {
                assert!((0..data.len()).all(|i| d.lower[i] >= 0.0 && d.upper[i] <= 1.0));
            }
            // Where the prediction is uncertain, the two widths agree within 15% and the
            // ends within a fifth of the width.
            let mut compared = 0;
            for i in 0..data.len() {
                let p = model.p_alive_one(data.frequency()[i], data.recency()[i], data.t()[i]).unwrap();
                if !(0.3..0.8).contains(&p) {
                    continue;
                }
                let (wb, wd) = (b.upper[i] - b.lower[i], d.upper[i] - d.lower[i]);
                assert!((wd / wb - 1.0).abs() < 0.15, "{} {what} {i}: widths {wb} vs {wd}", model.name());
                assert!((b.lower[i] - d.lower[i]).abs() < 0.2 * wb, "{} {what} {i}: lower", model.name());
                assert!((b.upper[i] - d.upper[i]).abs() < 0.2 * wb, "{} {what} {i}: upper", model.name());
                compared += 1;
            }
            assert!(compared > 100, "{compared}");
        }
    }
}

#[test]
fn prediction_intervals_cover_the_true_prediction() {
    // Fits to simulated BG/NBD data: the 95% intervals of a few histories' P(alive) and
    // expected purchases, by both methods, contain the prediction under the true
    // parameters in roughly 95% of the replications.
    let truth = BetaGeoParams { r: 0.6, alpha: 5.0, a: 0.8, b: 2.5 };
    let at_truth = BetaGeo::new(truth).unwrap();
    let histories = [(1.0, 10.0, 40.0), (3.0, 30.0, 45.0), (6.0, 20.0, 52.0)];
    let reps = 120;
    let mut covered = [[0usize; 2]; 2];
    let mut rng = Rng::new(41);
    for _ in 0..reps {
        let t: Vec<f64> = (0..1500).map(|i| 20.0 + (i % 33) as f64).collect();
        let [x, tx, t] = beta_geometric(&mut rng, (truth.r, truth.alpha, truth.a, truth.b), false, &t);
        let fit = BetaGeo::fit(&RfmData::new(&x, &tx, &t).unwrap(), None, &FitConfig::default()).unwrap();
        let (hx, htx, ht): (Vec<f64>, Vec<f64>, Vec<f64>) =
            (histories.map(|h| h.0).to_vec(), histories.map(|h| h.1).to_vec(), histories.map(|h| h.2).to_vec());
        let data = RfmData::new(&hx, &htx, &ht).unwrap();
        let true_p = at_truth.p_alive(&data).unwrap();
        let true_e = at_truth.expected_purchases(26.0, &data).unwrap();
        for (m, method) in [IntervalMethod::Bootstrap, IntervalMethod::Delta].into_iter().enumerate() {
            let cfg = IntervalConfig { method, draws: 400, seed: 1, ..IntervalConfig::default() };
            let p = p_alive_intervals(&fit, &data, &cfg).unwrap();
            let e = expected_purchases_intervals(&fit, 26.0, &data, &cfg).unwrap();
            for i in 0..histories.len() {
                covered[m][0] += usize::from(p.lower[i] <= true_p[i] && true_p[i] <= p.upper[i]);
                covered[m][1] += usize::from(e.lower[i] <= true_e[i] && true_e[i] <= e.upper[i]);
            }
        }
    }
    for (m, c) in covered.iter().enumerate() {
        for (w, &n) in c.iter().enumerate() {
            let rate = n as f64 / (reps * histories.len()) as f64;
            assert!((0.88..=0.99).contains(&rate), "method {m}, prediction {w}: coverage {rate}");
        }
    }
}

#[test]
fn interval_settings_and_columns_are_checked() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let (f, m) = (&cdnow.summary.frequency, &cdnow.summary.monetary_value);
    let gg = GammaGamma::fit(f, m, None, &FitConfig::default()).unwrap();
    for method in [IntervalMethod::Bootstrap, IntervalMethod::Delta] {
        for (bad, field) in [
            (IntervalConfig { draws: 0, method, ..IntervalConfig::default() }, "draws"),
            (IntervalConfig { level: 0.0, method, ..IntervalConfig::default() }, "level"),
            (IntervalConfig { level: f64::NAN, method, ..IntervalConfig::default() }, "level"),
        ] {
            let e = p_alive_intervals(&cdnow.bg, &data, &bad).unwrap_err();
            assert_eq!((e.code(), e.field()), ("invalid_config", Some(field)));
            let e = spend_intervals(&gg, f, m, &bad).unwrap_err();
            assert_eq!((e.code(), e.field()), ("invalid_config", Some(field)));
        }
        let cfg = IntervalConfig { method, draws: 20, ..IntervalConfig::default() };
        let e = spend_intervals(&gg, f, &m[1..], &cfg).unwrap_err();
        assert_eq!(e.code(), "length_mismatch");
        let e = clv_intervals(&cdnow.bg, &gg, &data, &m[1..], &ClvConfig::default(), &cfg).unwrap_err();
        assert_eq!(e.code(), "length_mismatch");
        // Seeded and deterministic.
        let a = clv_intervals(&cdnow.bg, &gg, &data, m, &ClvConfig::default(), &cfg).unwrap();
        assert_eq!(a, clv_intervals(&cdnow.bg, &gg, &data, m, &ClvConfig::default(), &cfg).unwrap());
        assert!((0..data.len()).all(|i| a.lower[i] <= a.upper[i]));
    }
    // The settings read from JSON with the method's snake_case name.
    let cfg: IntervalConfig = serde_json::from_str(r#"{"method": "delta", "level": 0.8}"#).unwrap();
    assert_eq!(cfg, IntervalConfig { method: IntervalMethod::Delta, level: 0.8, ..IntervalConfig::default() });
}

/// CDNOW with one covariate per process that carries no information (standard normal
/// noise, exactly 0 for every third customer).
fn noise_covariates(n: usize) -> (Covariates, Covariates) {
    let mut rng = Rng::new(11);
    let mut column = |_| (0..n).map(|i| if i % 3 == 0 { 0.0 } else { rng.normal() }).collect::<Vec<f64>>();
    let (p, d) = (column(0), column(1));
    (
        Covariates::new("purchase_covariates", &["noise"], &p, n).unwrap(),
        Covariates::new("dropout_covariates", &["noise"], &d, n).unwrap(),
    )
}

#[test]
fn covariate_fits_have_intervals_close_to_the_plain_model_when_the_covariates_say_nothing() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let n = data.len();
    let (purchase, dropout) = noise_covariates(n);
    let spec = CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &[] };
    let m = BetaGeo::fit_with_covariates(&data, None, spec, &FitConfig::default()).unwrap();
    let s = m.summary(0.95).unwrap();
    // The noise coefficients are within two standard errors of 0.
    for j in 4..6 {
        assert!(s.estimate[j].abs() < 2.0 * s.std_error[j], "{} = {} ± {}", s.names[j], s.estimate[j], s.std_error[j]);
    }
    let (f, mv) = (&cdnow.summary.frequency, &cdnow.summary.monetary_value);
    let gg = GammaGamma::fit(f, mv, None, &FitConfig::default()).unwrap();
    let clv = ClvConfig::default();
    for method in [IntervalMethod::Delta, IntervalMethod::Bootstrap] {
        let cfg = IntervalConfig { method, draws: 400, seed: 5, ..IntervalConfig::default() };
        let with = m.p_alive_intervals(&data, &purchase, &dropout, &cfg).unwrap();
        let plain = p_alive_intervals(&cdnow.bg, &data, &cfg).unwrap();
        assert_eq!(with.estimate, m.p_alive(&data, &purchase, &dropout).unwrap());
        let e = m.expected_purchases_intervals(39.0, &data, &purchase, &dropout, &cfg).unwrap();
        let e_plain = expected_purchases_intervals(&cdnow.bg, 39.0, &data, &cfg).unwrap();
        assert_eq!(e.estimate, m.expected_purchases(39.0, &data, &purchase, &dropout).unwrap());
        let c = m.clv_intervals(&gg, &data, mv, &purchase, &dropout, &clv, &cfg).unwrap();
        let spend = gg.expected_spend(f, mv).unwrap();
        let c_point = m.clv(&spend, &data, &purchase, &dropout, &clv).unwrap();
        assert!((0..n).all(|i| (c.estimate[i] - c_point[i]).abs() <= 1e-9 * c_point[i].abs()));
        let c_plain = clv_intervals(&cdnow.bg, &gg, &data, mv, &clv, &cfg).unwrap();
        // Customers whose covariates are 0 have the base parameters: their intervals are
        // the plain model's up to the (small) differences of the two fits.
        let mut compared = 0;
        for i in (0..n).step_by(3) {
            for (a, b, what) in [(&with, &plain, "p_alive"), (&e, &e_plain, "purchases"), (&c, &c_plain, "clv")] {
                let (wa, wb) = (a.upper[i] - a.lower[i], b.upper[i] - b.lower[i]);
                assert!((a.estimate[i] - b.estimate[i]).abs() <= 0.03 * b.estimate[i].abs() + 1e-9, "{what} {i}");
                assert!((wa - wb).abs() <= 0.25 * wb + 1e-6, "{method:?} {what} {i}: width {wa} vs {wb}");
            }
            compared += 1;
        }
        assert!(compared > 700);
        // Every interval holds its estimate (all of them for the delta method, nearly all
        // for the bootstrap's quantiles).
        for iv in [&with, &e, &c] {
            let inside = (0..n).filter(|&i| iv.lower[i] <= iv.estimate[i] && iv.estimate[i] <= iv.upper[i]).count();
            let want = if method == IntervalMethod::Delta { n } else { n * 95 / 100 };
            assert!(inside >= want, "{method:?}: {inside} of {n}");
            assert!((0..n).all(|i| iv.lower[i] <= iv.upper[i]));
        }
        assert!((0..n).all(|i| with.lower[i] >= 0.0 && with.upper[i] <= 1.0));
        // Seeded and deterministic; another seed moves the bootstrap.
        assert_eq!(with, m.p_alive_intervals(&data, &purchase, &dropout, &cfg).unwrap());
        let other =
            m.p_alive_intervals(&data, &purchase, &dropout, &IntervalConfig { seed: 6, ..cfg.clone() }).unwrap();
        assert_eq!(other == with, method == IntervalMethod::Delta);
    }
}

#[test]
fn covariate_intervals_check_their_tables_and_settings() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let n = data.len();
    let (purchase, dropout) = noise_covariates(n);
    let spec = CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &[] };
    let m = ParetoNbd::fit_with_covariates(&data, None, spec, &FitConfig::default()).unwrap();
    let cfg = IntervalConfig { draws: 50, ..IntervalConfig::default() };
    // Rows that are not one per customer, and columns that are not the fit's.
    let values: Vec<f64> = (0..n - 1).map(|i| i as f64).collect();
    let short = Covariates::new("purchase_covariates", &["noise"], &values, n - 1).unwrap();
    let e = m.p_alive_intervals(&data, &short, &dropout, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("length_mismatch", Some("purchase_covariates")));
    let e = m.expected_purchases_intervals(10.0, &data, &purchase, &short, &cfg).unwrap_err();
    assert_eq!(e.code(), "length_mismatch");
    let values: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let renamed = Covariates::new("dropout_covariates", &["other"], &values, n).unwrap();
    let e = m.p_alive_intervals(&data, &purchase, &renamed, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_argument", Some("dropout_covariates")));
    let (f, mv) = (&cdnow.summary.frequency, &cdnow.summary.monetary_value);
    let gg = GammaGamma::fit(f, mv, None, &FitConfig::default()).unwrap();
    let e = m.clv_intervals(&gg, &data, &mv[1..], &purchase, &dropout, &ClvConfig::default(), &cfg).unwrap_err();
    assert_eq!(e.code(), "length_mismatch");
    let e = m.p_alive_intervals(&data, &purchase, &dropout, &IntervalConfig { draws: 3, ..cfg.clone() }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("draws")));
    let e = m.expected_purchases_intervals(-1.0, &data, &purchase, &dropout, &cfg).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    // A fit without standard errors has no intervals.
    let quick = FitConfig { standard_errors: false, ..FitConfig::default() };
    let m = ParetoNbd::fit_with_covariates(&data, None, spec, &quick).unwrap();
    let e = m.p_alive_intervals(&data, &purchase, &dropout, &cfg).unwrap_err();
    assert_eq!(e.code(), "undefined");
}
