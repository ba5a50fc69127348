//! Invariants of the MBG/NBD, BG/BB and sBG models and of every purchase model's
//! distribution: weighted rows equal repeated rows, probabilities sum to one and their
//! mean is the expectation.

mod common;

use proptest::prelude::*;
use relmap::value::{
    BetaGeo, BetaGeoBetaBinom, BetaGeoBetaBinomParams, BetaGeoParams, FitConfig, ModifiedBetaGeo, ParetoNbd,
    ParetoNbdParams, PurchaseModel, RfmData, ShiftedBetaGeo, ShiftedBetaGeoParams,
};

/// A continuous-time customer's (x, t_x, T).
fn customer() -> impl Strategy<Value = (f64, f64, f64)> {
    (0u32..40, 0.0f64..1.0, 0.0f64..100.0).prop_map(|(x, frac, t)| {
        let x = f64::from(x);
        let tx = if x > 0.0 { (frac * t * 1e6).round() / 1e6 } else { 0.0 };
        (x, tx.min(t), t)
    })
}

/// A discrete-time customer's (x, t_x, n): x ≤ t_x ≤ n.
fn periods_customer() -> impl Strategy<Value = (f64, f64, f64)> {
    (0u32..30, 0u32..30, 0u32..30).prop_map(|(a, b, c)| {
        let mut v = [a, b, c];
        v.sort_unstable();
        let (x, tx, n) = (f64::from(v[0]), f64::from(v[1]), f64::from(v[2]));
        if x == 0.0 {
            (0.0, 0.0, n)
        } else {
            (x, tx, n)
        }
    })
}

fn bg_params() -> impl Strategy<Value = BetaGeoParams> {
    (0.1f64..3.0, 1.0f64..30.0, 0.1f64..4.0, 0.1f64..8.0).prop_map(|(r, alpha, a, b)| BetaGeoParams { r, alpha, a, b })
}

fn bgbb_params() -> impl Strategy<Value = BetaGeoBetaBinomParams> {
    (0.1f64..5.0, 0.1f64..5.0, 0.1f64..5.0, 0.1f64..8.0)
        .prop_map(|(alpha, beta, gamma, delta)| BetaGeoBetaBinomParams { alpha, beta, gamma, delta })
}

/// A model, a horizon and a customer's history to ask it about.
type Case<'a> = (&'a dyn PurchaseModel, f64, (f64, f64, f64));

/// (columns, weights, expanded columns) of rows repeated by their weights.
type Expanded = ([Vec<f64>; 3], Vec<f64>, [Vec<f64>; 3]);

fn expand(rows: &[((f64, f64, f64), u32)]) -> Expanded {
    let (mut cols, mut w, mut exp) = ([vec![], vec![], vec![]], vec![], [vec![], vec![], vec![]]);
    for &((a, b, c), k) in rows {
        cols[0].push(a);
        cols[1].push(b);
        cols[2].push(c);
        w.push(f64::from(k));
        for _ in 0..k {
            exp[0].push(a);
            exp[1].push(b);
            exp[2].push(c);
        }
    }
    (cols, w, exp)
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Σ_n P(n) over n up to where the tail is negligible, and Σ n P(n).
fn distribution_moments(m: &dyn PurchaseModel, h: f64, (x, tx, t): (f64, f64, f64)) -> (f64, f64) {
    let (mut total, mut mean) = (0.0, 0.0);
    for n in 0..4000 {
        let p = m.probability_of_purchases_one(f64::from(n), h, x, tx, t).unwrap();
        assert!((0.0..=1.0 + 1e-12).contains(&p), "{} P({n}) = {p}", m.name());
        total += p;
        mean += f64::from(n) * p;
        if 1.0 - total < 1e-13 && n > 3 {
            break;
        }
    }
    (total, mean)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn weighted_likelihoods_equal_repeated_rows(
        bg in bg_params(), bb in bgbb_params(),
        rows in prop::collection::vec((customer(), 0u32..4), 1..20),
        prows in prop::collection::vec((periods_customer(), 0u32..4), 1..20),
    ) {
        let (c, w, e) = expand(&rows);
        let mbg = ModifiedBetaGeo::new(bg).unwrap();
        let weighted = mbg.log_likelihood_of(&RfmData::new(&c[0], &c[1], &c[2]).unwrap(), Some(&w)).unwrap();
        let repeated = if e[0].is_empty() { 0.0 } else {
            mbg.log_likelihood_of(&RfmData::new(&e[0], &e[1], &e[2]).unwrap(), None).unwrap()
        };
        prop_assert!(same(weighted, repeated), "mbg {weighted} vs {repeated}");

        let (c, w, e) = expand(&prows);
        let m = BetaGeoBetaBinom::new(bb).unwrap();
        let weighted = m.log_likelihood_of(&RfmData::new(&c[0], &c[1], &c[2]).unwrap(), Some(&w)).unwrap();
        let repeated = if e[0].is_empty() { 0.0 } else {
            m.log_likelihood_of(&RfmData::new(&e[0], &e[1], &e[2]).unwrap(), None).unwrap()
        };
        prop_assert!(same(weighted, repeated), "bg_bb {weighted} vs {repeated}");

        // sBG: (tenure, active) from the discrete customer's (t_x, n): lapsed when x is odd.
        let sbg = ShiftedBetaGeo::new(ShiftedBetaGeoParams { alpha: bb.alpha, beta: bb.beta }).unwrap();
        let tenure: Vec<f64> = c[2].iter().map(|n| n + 1.0).collect();
        let active: Vec<bool> = c[0].iter().map(|x| x % 2.0 == 0.0).collect();
        let (mut te, mut ae) = (vec![], vec![]);
        for i in 0..tenure.len() {
            for _ in 0..w[i] as usize { te.push(tenure[i]); ae.push(active[i]); }
        }
        let weighted = sbg.log_likelihood_of(&tenure, &active, Some(&w)).unwrap();
        let repeated = if te.is_empty() { 0.0 } else { sbg.log_likelihood_of(&te, &ae, None).unwrap() };
        prop_assert!(same(weighted, repeated), "sbg {weighted} vs {repeated}");
    }

    #[test]
    fn new_models_keep_probabilities_in_range_and_expectations_growing(
        bg in bg_params(), bb in bgbb_params(), c in customer(), d in periods_customer(),
        t1 in 0.0f64..100.0, t2 in 0.0f64..100.0, k1 in 0u32..40, k2 in 0u32..40,
    ) {
        let mbg = ModifiedBetaGeo::new(bg).unwrap();
        let p = mbg.p_alive_one(c.0, c.1, c.2).unwrap();
        prop_assert!((0.0..=1.0).contains(&p));
        let (lo, hi) = (t1.min(t2), t1.max(t2));
        let (a, b) = (mbg.expected_purchases_one(lo, c.0, c.1, c.2).unwrap(), mbg.expected_purchases_one(hi, c.0, c.1, c.2).unwrap());
        prop_assert!(a >= 0.0 && b >= a * (1.0 - 1e-12));
        let m = BetaGeoBetaBinom::new(bb).unwrap();
        let p = m.p_alive_one(d.0, d.1, d.2).unwrap();
        prop_assert!((0.0..=1.0).contains(&p));
        let (lo, hi) = (f64::from(k1.min(k2)), f64::from(k1.max(k2)));
        let (a, b) = (m.expected_purchases_one(lo, d.0, d.1, d.2).unwrap(), m.expected_purchases_one(hi, d.0, d.1, d.2).unwrap());
        prop_assert!(a >= 0.0 && b >= a * (1.0 - 1e-12) && b <= hi + 1e-9, "{a} {b}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_distribution_sums_to_one_with_the_expectation_as_mean(
        bg in bg_params(), bb in bgbb_params(), c in customer(), d in periods_customer(),
        h in 0.5f64..40.0, k in 1u32..25, s in 0.2f64..3.0, beta in 1.0f64..30.0,
    ) {
        let pnbd = ParetoNbd::new(ParetoNbdParams { r: bg.r, alpha: bg.alpha, s, beta }).unwrap();
        let models: [Case<'_>; 4] = [
            (&BetaGeo::new(bg).unwrap(), h, c),
            (&ModifiedBetaGeo::new(bg).unwrap(), h, c),
            (&pnbd, h, c),
            (&BetaGeoBetaBinom::new(bb).unwrap(), f64::from(k), d),
        ];
        for (m, h, row) in models {
            for history in [row, (0.0, 0.0, 0.0)] {
                let (total, mean) = distribution_moments(m, h, history);
                let e = m.expected_purchases_one(h, history.0, history.1, history.2).unwrap();
                prop_assert!((total - 1.0).abs() < 1e-9, "{} {history:?} h {h}: Σ P = {total}", m.name());
                prop_assert!((mean - e).abs() < 1e-7 * e.max(1.0), "{} {history:?} h {h}: mean {mean} vs E {e}", m.name());
            }
        }
    }

    #[test]
    fn weighted_fits_equal_fits_on_repeated_rows(k in prop::collection::vec(1u32..4, 22)) {
        // BG/BB on the donations table scaled down, and MBG/NBD on a CDNOW subsample.
        let [x, tx, n, donors, _] = common::donations();
        let w: Vec<f64> = donors.iter().zip(&k).map(|(d, &k)| (d / 100.0).ceil() * f64::from(k)).collect();
        let (mut xe, mut txe, mut ne) = (vec![], vec![], vec![]);
        for i in 0..x.len() {
            for _ in 0..w[i] as usize { xe.push(x[i]); txe.push(tx[i]); ne.push(n[i]); }
        }
        let cfg = FitConfig::default();
        // So few donors can put the maximum on the boundary (γ, δ → ∞: nobody drops out),
        // where the fit ends in a typed error; then the repeated rows must end in the same one.
        let a = BetaGeoBetaBinom::fit(&RfmData::new(&x, &tx, &n).unwrap(), Some(&w), &cfg);
        let b = BetaGeoBetaBinom::fit(&RfmData::new(&xe, &txe, &ne).unwrap(), None, &cfg);
        match (a, b) {
            (Ok(a), Ok(b)) => {
                let (a, b) = (a.params(), b.params());
                for (u, v) in [(a.alpha, b.alpha), (a.beta, b.beta), (a.gamma, b.gamma), (a.delta, b.delta)] {
                    prop_assert!((u - v).abs() <= 1e-6 * v, "bg_bb {u} vs {v}");
                }
            }
            (Err(ea), Err(eb)) => prop_assert_eq!(ea.to_string(), eb.to_string()),
            (a, b) => prop_assert!(false, "bg_bb weighted {:?} but repeated {:?}", a.map(|m| m.params()), b.map(|m| m.params())),
        }
        let rows = common::cdnow_published_summary();
        let sub: Vec<_> = rows.iter().take(600).collect();
        let wm: Vec<f64> = (0..sub.len()).map(|i| f64::from(k[i % k.len()])).collect();
        let (x, tx, t): (Vec<f64>, Vec<f64>, Vec<f64>) = (sub.iter().map(|r| r.x).collect(), sub.iter().map(|r| r.t_x).collect(), sub.iter().map(|r| r.t).collect());
        let (mut xe, mut txe, mut te) = (vec![], vec![], vec![]);
        for i in 0..x.len() {
            for _ in 0..wm[i] as usize { xe.push(x[i]); txe.push(tx[i]); te.push(t[i]); }
        }
        let a = ModifiedBetaGeo::fit(&RfmData::new(&x, &tx, &t).unwrap(), Some(&wm), &cfg).unwrap().params();
        let b = ModifiedBetaGeo::fit(&RfmData::new(&xe, &txe, &te).unwrap(), None, &cfg).unwrap().params();
        for (u, v) in [(a.r, b.r), (a.alpha, b.alpha), (a.a, b.a), (a.b, b.b)] {
            prop_assert!((u - v).abs() <= 1e-6 * v, "mbg {u} vs {v}");
        }
        // sBG: the cohorts as weights against the customers one by one.
        let (regular, _) = common::sbg_cohorts();
        let (mut te, mut ae) = (vec![], vec![]);
        for y in 1..regular.len() {
            for _ in 0..(regular[y - 1] - regular[y]) as usize { te.push(y as f64); ae.push(false); }
        }
        for _ in 0..regular[regular.len() - 1] as usize { te.push((regular.len() - 1) as f64); ae.push(true); }
        let a = ShiftedBetaGeo::fit_cohorts(&[&regular], &cfg).unwrap().params();
        let b = ShiftedBetaGeo::fit(&te, &ae, None, &cfg).unwrap().params();
        prop_assert!((a.alpha - b.alpha).abs() <= 1e-6 * b.alpha && (a.beta - b.beta).abs() <= 1e-6 * b.beta);
    }
}
