//! Per-customer bootstrap prediction intervals.

mod common;

use common::*;
use relmap::value::{
    clv_intervals, expected_purchases_intervals, normal_quantile, p_alive_intervals, spend_intervals, BetaGeo,
    BetaGeoParams, BootstrapConfig, ClvConfig, FitConfig, GammaGamma, ParetoNbd, PurchaseModel,
};

#[test]
fn bootstrap_intervals_agree_with_the_delta_method_and_are_seeded() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let bg = &cdnow.bg;
    let cfg = BootstrapConfig { draws: 4000, level: 0.90, seed: 3 };
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
    let small = BootstrapConfig { draws: 200, level: 0.95, seed: 9 };
    let a = p_alive_intervals(bg, &data, &small).unwrap();
    assert_eq!(a, p_alive_intervals(bg, &data, &small).unwrap());
    assert_ne!(a, p_alive_intervals(bg, &data, &BootstrapConfig { seed: 10, ..small.clone() }).unwrap());
}

#[test]
fn purchases_spend_and_clv_intervals_contain_their_estimates() {
    let cdnow = CdnowFit::load();
    let data = cdnow.data();
    let small = BootstrapConfig { draws: 300, ..BootstrapConfig::default() };
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
    assert_eq!(p_alive_intervals(&known, &data, &BootstrapConfig::default()).unwrap_err().code(), "undefined");
    for bad in [
        BootstrapConfig { draws: 5, ..BootstrapConfig::default() },
        BootstrapConfig { level: 1.0, ..BootstrapConfig::default() },
    ] {
        assert_eq!(p_alive_intervals(&cdnow.bg, &data, &bad).unwrap_err().code(), "invalid_config");
    }
    let e = expected_purchases_intervals(&cdnow.bg, -1.0, &data, &BootstrapConfig::default()).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
}
