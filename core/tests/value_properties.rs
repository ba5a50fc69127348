//! Invariants of the purchase and spend models.

mod common;

use proptest::prelude::*;
use relmap::value::{
    BetaGeo, BetaGeoParams, FitConfig, GammaGamma, ParetoNbd, ParetoNbdParams, PurchaseModel, RfmData,
};

/// A customer's (x, t_x, T): x repeats, t_x ≤ T, t_x = 0 when x = 0.
fn customer() -> impl Strategy<Value = (f64, f64, f64)> {
    (0u32..60, 0.0f64..1.0, 0.0f64..150.0).prop_map(|(x, frac, t)| {
        let x = f64::from(x);
        let tx = if x > 0.0 { (frac * t * 1e6).round() / 1e6 } else { 0.0 };
        (x, tx.min(t), t)
    })
}

fn bg_params() -> impl Strategy<Value = BetaGeoParams> {
    (0.05f64..5.0, 0.1f64..60.0, 0.05f64..5.0, 0.05f64..10.0).prop_map(|(r, alpha, a, b)| BetaGeoParams {
        r,
        alpha,
        a,
        b,
    })
}

fn pnbd_params() -> impl Strategy<Value = ParetoNbdParams> {
    (0.05f64..5.0, 0.1f64..60.0, 0.05f64..5.0, 0.1f64..60.0).prop_map(|(r, alpha, s, beta)| ParetoNbdParams {
        r,
        alpha,
        s,
        beta,
    })
}

fn models() -> impl Strategy<Value = (BetaGeo, ParetoNbd)> {
    (bg_params(), pnbd_params()).prop_map(|(b, p)| (BetaGeo::new(b).unwrap(), ParetoNbd::new(p).unwrap()))
}

fn check_model<M: PurchaseModel>(m: &M, c: (f64, f64, f64), t1: f64, t2: f64) -> Result<(), TestCaseError> {
    let (x, tx, t) = c;
    let p = m.p_alive_one(x, tx, t).unwrap();
    prop_assert!((0.0..=1.0).contains(&p), "{} P(alive) {p}", m.name());
    let (lo, hi) = (t1.min(t2), t1.max(t2));
    let e_lo = m.expected_purchases_one(lo, x, tx, t).unwrap();
    let e_hi = m.expected_purchases_one(hi, x, tx, t).unwrap();
    prop_assert!(e_lo >= 0.0 && e_lo.is_finite(), "{} E({lo}) = {e_lo}", m.name());
    prop_assert!(e_hi >= e_lo * (1.0 - 1e-12), "{}: E({hi}) = {e_hi} < E({lo}) = {e_lo}", m.name());
    prop_assert_eq!(m.expected_purchases_one(0.0, x, tx, t).unwrap(), 0.0);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn p_alive_in_unit_interval_and_expectations_grow_with_the_horizon(
        (bg, pnbd) in models(), c in customer(), t1 in 0.0f64..200.0, t2 in 0.0f64..200.0,
    ) {
        check_model(&bg, c, t1, t2)?;
        check_model(&pnbd, c, t1, t2)?;
    }

    #[test]
    fn weighted_likelihood_equals_repeated_rows(
        (bg, pnbd) in models(), rows in prop::collection::vec((customer(), 0u32..4), 1..25),
    ) {
        let (mut x, mut tx, mut t, mut w) = (vec![], vec![], vec![], vec![]);
        let (mut xe, mut txe, mut te) = (vec![], vec![], vec![]);
        for ((a, b, c), k) in &rows {
            x.push(*a); tx.push(*b); t.push(*c); w.push(f64::from(*k));
            for _ in 0..*k { xe.push(*a); txe.push(*b); te.push(*c); }
        }
        let data = RfmData::new(&x, &tx, &t).unwrap();
        let ll_w = bg.log_likelihood_of(&data, Some(&w)).unwrap();
        let pl_w = pnbd.log_likelihood_of(&data, Some(&w)).unwrap();
        if xe.is_empty() {
            prop_assert_eq!(ll_w, 0.0);
            return Ok(());
        }
        let expanded = RfmData::new(&xe, &txe, &te).unwrap();
        let ll_e = bg.log_likelihood_of(&expanded, None).unwrap();
        let pl_e = pnbd.log_likelihood_of(&expanded, None).unwrap();
        prop_assert!((ll_w - ll_e).abs() <= 1e-9 * ll_e.abs().max(1.0), "{ll_w} vs {ll_e}");
        prop_assert!((pl_w - pl_e).abs() <= 1e-9 * pl_e.abs().max(1.0), "{pl_w} vs {pl_e}");
    }
}

/// A CDNOW subsample with small integer weights, and the same rows repeated.
fn cdnow_subsample(weights: &[u32]) -> (Vec<[f64; 4]>, Vec<[f64; 4]>) {
    let rows = common::cdnow_published_summary();
    let mut weighted = Vec::new();
    let mut expanded = Vec::new();
    for (r, &k) in rows.iter().zip(weights) {
        let row = [r.x, r.t_x, r.t, r.zbar];
        weighted.push(row);
        for _ in 0..k {
            expanded.push(row);
        }
    }
    (weighted, expanded)
}

fn col(rows: &[[f64; 4]], j: usize) -> Vec<f64> {
    rows.iter().map(|r| r[j]).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn weighted_fits_equal_fits_on_repeated_rows(weights in prop::collection::vec(1u32..4, 600)) {
        let (wrows, erows) = cdnow_subsample(&weights);
        let w: Vec<f64> = weights.iter().map(|&k| f64::from(k)).collect();
        let (x, tx, t, m) = (col(&wrows, 0), col(&wrows, 1), col(&wrows, 2), col(&wrows, 3));
        let (xe, txe, te, me) = (col(&erows, 0), col(&erows, 1), col(&erows, 2), col(&erows, 3));
        let data = RfmData::new(&x, &tx, &t).unwrap();
        let expanded = RfmData::new(&xe, &txe, &te).unwrap();
        let cfg = FitConfig::default();

        let a = BetaGeo::fit(&data, Some(&w), &cfg).unwrap();
        let b = BetaGeo::fit(&expanded, None, &cfg).unwrap();
        let (pa, pb) = (a.params(), b.params());
        for (u, v) in [(pa.r, pb.r), (pa.alpha, pb.alpha), (pa.a, pb.a), (pa.b, pb.b)] {
            prop_assert!((u - v).abs() <= 1e-6 * v, "bg {u} vs {v}");
        }
        prop_assert!((a.log_likelihood().unwrap() - b.log_likelihood().unwrap()).abs() < 1e-6);

        let a = GammaGamma::fit(&x, &m, Some(&w), &cfg).unwrap();
        let b = GammaGamma::fit(&xe, &me, None, &cfg).unwrap();
        let (pa, pb) = (a.params(), b.params());
        for (u, v) in [(pa.p, pb.p), (pa.q, pb.q), (pa.v, pb.v)] {
            prop_assert!((u - v).abs() <= 1e-6 * v, "gg {u} vs {v}");
        }
    }
}
