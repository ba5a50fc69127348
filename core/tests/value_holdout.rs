//! Holdout evaluation, tracking, period transactions and the frequency–recency matrix
//! on CDNOW: the BTYD walkthrough's holdout table, and independent computations.

mod common;

use common::*;
use relmap::value::*;

#[test]
fn btyd_walkthrough_holdout_table_is_reproduced() {
    let c = CdnowFit::load();
    let e = holdout_evaluation_of_summary(&c.bg, &c.summary, &HoldoutConfig::default()).unwrap();
    let labels: Vec<String> = e.bins.iter().map(|b| b.label()).collect();
    assert_eq!(labels, ["0", "1", "2", "3", "4", "5", "6", "7+"]);
    // The walkthrough's bin sizes and actual means (BG/NBD, calibration to 1997-09-30,
    // holdout to 1998-06-30, weeks): they depend only on the data.
    let customers: Vec<usize> = e.bins.iter().map(|b| b.customers).collect();
    assert_eq!(customers, [1411, 439, 214, 100, 62, 38, 29, 64]);
    let btyd_actual = [0.2367, 0.6970, 1.3925, 1.5600, 2.5323, 2.9474, 3.8621, 6.3594];
    for (b, want) in e.bins.iter().zip(btyd_actual) {
        assert!((b.actual_mean - want).abs() < 5e-5, "bin {}: {} vs BTYD {want}", b.label(), b.actual_mean);
    }
    // The expected column of relmap's fit (r 0.2426, α 4.4135, a 0.7929, b 2.4258).
    let expected = [0.2251, 0.5231, 1.0441, 1.5203, 2.1639, 2.6538, 3.5040, 6.1572];
    for (b, want) in e.bins.iter().zip(expected) {
        assert!((b.expected_mean - want).abs() < 5e-5, "bin {}: expected {}", b.label(), b.expected_mean);
    }
    // Bins are the means of the per-customer columns.
    let zero: Vec<usize> = (0..c.summary.len()).filter(|&i| c.summary.frequency[i] == 0.0).collect();
    let mean = |v: &[f64]| zero.iter().map(|&i| v[i]).sum::<f64>() / zero.len() as f64;
    assert!((mean(&e.predicted) - e.bins[0].expected_mean).abs() < 1e-12);
    assert!((mean(&e.actual) - e.bins[0].actual_mean).abs() < 1e-12);
    // Customer-level errors: 1,882 actual against 1,653.4 predicted purchases.
    assert_eq!(e.errors.n, 2357);
    assert_eq!(e.errors.actual_total, 1882.0);
    assert!((e.errors.predicted_total - 1653.41).abs() < 0.01, "{}", e.errors.predicted_total);
    assert!((e.errors.bias - (1653.41 - 1882.0) / 2357.0).abs() < 1e-5);
    assert!((e.errors.mae - 0.7855).abs() < 1e-4 && (e.errors.rmse - 1.6080).abs() < 1e-4, "{:?}", e.errors);
    assert!((e.errors.correlation.unwrap() - 0.6256).abs() < 1e-4);
    assert_eq!((e.unit, e.duration, e.model.as_str()), (TimeUnit::Week, 39.0, "bg_nbd"));
}

#[test]
fn every_purchase_model_is_evaluated_through_the_trait() {
    let c = CdnowFit::load();
    let data = c.data();
    let pnbd = ParetoNbd::fit(&data, None, &FitConfig::default()).unwrap();
    let models: [&dyn PurchaseModel; 2] = [&c.bg, &pnbd];
    for m in models {
        let e = holdout_evaluation_of_summary(m, &c.summary, &HoldoutConfig { bins: 3 }).unwrap();
        assert_eq!(e.model, m.name());
        assert_eq!(e.bins.len(), 4);
        assert_eq!(e.bins.iter().map(|b| b.customers).sum::<usize>(), 2357);
        assert_eq!(e.bins[3].label(), "3+");
        assert!(e.bins.windows(2).all(|w| w[1].expected_mean > w[0].expected_mean));
        let tr = tracking(m, &c.tx.customer, &c.tx.time, cdnow_calibration_end(), &c.config).unwrap();
        assert_eq!(tr.model, m.name());
        let p =
            period_transactions(m, &data, &PeriodTransactionsConfig { replicates: 2, ..Default::default() }).unwrap();
        assert_eq!(p.model, m.name());
    }
}

#[test]
fn holdout_evaluation_refuses_bad_input() {
    let c = CdnowFit::load();
    let plain =
        rfm_summary(&c.tx.customer, &c.tx.time, &c.tx.amount, None, cdnow_calibration_end(), &SummaryConfig::default())
            .unwrap();
    let e = holdout_evaluation_of_summary(&c.bg, &plain, &HoldoutConfig::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("missing_value", Some("holdout_end")));
    let data = RfmData::new(&[0.0, 1.0], &[0.0, 2.0], &[5.0, 5.0]).unwrap();
    let cfg = HoldoutConfig::default();
    let run = |actual: &[f64], duration: f64, cfg: &HoldoutConfig| {
        holdout_evaluation(&c.bg, &data, actual, duration, TimeUnit::Week, cfg).unwrap_err()
    };
    assert_eq!(run(&[1.0], 3.0, &cfg).code(), "length_mismatch");
    assert_eq!(
        run(&[1.0, -1.0], 3.0, &cfg),
        ValueError::OutOfRange { field: "actual", index: 1, value: -1.0, expected: ">= 0" }
    );
    assert_eq!(run(&[f64::NAN, 1.0], 3.0, &cfg).code(), "non_finite");
    assert_eq!(run(&[1.0, 1.0], 0.0, &cfg).field(), Some("duration"));
    assert_eq!(run(&[1.0, 1.0], f64::INFINITY, &cfg).field(), Some("duration"));
    assert_eq!(run(&[1.0, 1.0], 3.0, &HoldoutConfig { bins: 0 }).code(), "invalid_config");
}

/// E[X(t)] of BG/NBD by the published hypergeometric formula (a ≠ 1), summed as a Gauss series:
/// (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
fn bg_nbd_unconditional(p: BetaGeoParams, t: f64) -> f64 {
    if t == 0.0 {
        return 0.0;
    }
    let (r, alpha, a, b) = (p.r, p.alpha, p.a, p.b);
    let (c, z) = (a + b - 1.0, t / (alpha + t));
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 0..200_000 {
        let nf = n as f64;
        term *= (r + nf) * (b + nf) / ((c + nf) * (nf + 1.0)) * z;
        sum += term;
        if term.abs() < 1e-17 * sum {
            break;
        }
    }
    c / (a - 1.0) * (1.0 - (alpha / (alpha + t)).powf(r) * sum)
}

#[test]
fn tracking_adds_up_to_the_summary_and_the_published_formula() {
    let c = CdnowFit::load();
    let tr = tracking(&c.bg, &c.tx.customer, &c.tx.time, cdnow_calibration_end(), &c.config).unwrap();
    assert_eq!(tr.customers, 2357);
    assert_eq!(tr.start, "1997-01-01".parse().unwrap());
    assert_eq!(tr.actual.len(), 78);
    assert!((tr.calibration_end - 272.0 / 7.0).abs() < 1e-12 && (tr.end - 545.0 / 7.0).abs() < 1e-12);
    // Periods tile the observation, one ends at the calibration end, none is longer than a week.
    assert_eq!(tr.period_start[0], 0.0);
    assert!(tr.period_start[1..].iter().zip(&tr.period_end).all(|(s, e)| s == e));
    assert!(tr.period_end.iter().zip(&tr.period_start).all(|(e, s)| e - s <= 1.0 + 1e-12 && e > s));
    let split =
        tr.period_end.iter().position(|&e| e == tr.calibration_end).expect("a period ends at the calibration end");
    assert_eq!(tr.period_end.last(), Some(&tr.end));
    // Actual: the calibration periods hold every repeat purchase of the summary, the holdout periods the holdout's.
    let calibration: f64 = tr.actual[..=split].iter().sum();
    assert_eq!(calibration, c.summary.frequency.iter().sum::<f64>());
    let holdout: f64 = tr.actual[split + 1..].iter().sum();
    assert_eq!(holdout, 1882.0);
    assert!((0..tr.actual.len()).all(|i| tr.in_holdout(i) == (i > split)));
    // Expected: Σ E[X(T_i)] at the calibration end and Σ E[X(T_i + 39)] at the holdout end.
    let p = c.bg.params();
    let at_cal: f64 = c.summary.t.iter().map(|&t| bg_nbd_unconditional(p, t)).sum();
    let at_end: f64 = c.summary.t.iter().map(|&t| bg_nbd_unconditional(p, t + 39.0)).sum();
    let cum = tr.expected_cumulative();
    assert!((cum[split] - at_cal).abs() < 1e-8 * at_cal, "{} vs {at_cal}", cum[split]);
    assert!((cum[cum.len() - 1] - at_end).abs() < 1e-8 * at_end, "{} vs {at_end}", cum[cum.len() - 1]);
    assert_eq!(tr.actual_cumulative().last(), Some(&tr.actual.iter().sum::<f64>()));
    // The errors cover the two sides.
    let (ce, he) = (tr.calibration_errors.as_ref().unwrap(), tr.holdout_errors.as_ref().unwrap());
    assert_eq!((ce.n, he.n), (split + 1, tr.actual.len() - split - 1));
    assert_eq!(he.actual_total, 1882.0);
    assert!((he.predicted_total - (at_end - at_cal)).abs() < 1e-6 * at_end);
    // Dense codes give the same curve.
    let mut ids: Vec<&String> = c.tx.customer.iter().collect();
    ids.sort();
    ids.dedup();
    let codes: Vec<u32> = c.tx.customer.iter().map(|s| ids.binary_search(&s).unwrap() as u32).collect();
    let by_code = tracking_codes(&c.bg, &codes, ids.len(), &c.tx.time, cdnow_calibration_end(), &c.config).unwrap();
    assert_eq!(by_code, tr);
}

#[test]
fn unconditional_expectations_agree_with_the_conditional_ones_at_birth() {
    let c = CdnowFit::load();
    let pnbd = ParetoNbd::fit(&c.data(), None, &FitConfig::default()).unwrap();
    for t in [0.0, 0.5, 3.0, 39.0, 78.0, 500.0] {
        let bg = c.bg.expected_repeat_purchases(t).unwrap();
        assert!((bg - bg_nbd_unconditional(c.bg.params(), t)).abs() <= 1e-10 * bg.max(1.0), "t {t}: {bg}");
        // Pareto/NBD's closed form against its own conditional expectation at x = 0, T = 0.
        let pn = pnbd.expected_repeat_purchases(t).unwrap();
        let conditional = pnbd.expected_purchases_one(t, 0.0, 0.0, 0.0).unwrap();
        assert!((pn - conditional).abs() <= 1e-12 * pn.max(1.0), "t {t}: {pn} vs {conditional}");
    }
    assert_eq!(c.bg.expected_repeat_purchases(-1.0).unwrap_err().code(), "out_of_range");
}

#[test]
fn tracking_refuses_bad_input() {
    let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }).unwrap();
    let day = |s: &str| s.parse::<relmap::time::Timestamp>().unwrap();
    let t = [day("2024-01-01"), day("2024-02-01")];
    let cfg = SummaryConfig::default();
    let e = tracking::<&str, relmap::time::Timestamp>(&bg, &[], &[], day("2024-03-01"), &cfg).unwrap_err();
    assert_eq!(e.code(), "empty_list");
    assert_eq!(tracking(&bg, &["a"], &t, day("2024-03-01"), &cfg).unwrap_err().code(), "length_mismatch");
    let e = tracking(&bg, &["a", "b"], &t, day("2023-12-01"), &cfg).unwrap_err();
    assert_eq!(e.code(), "as_of_before_first_purchase");
    let h = SummaryConfig { holdout_end: Some(day("2024-01-15")), ..SummaryConfig::default() };
    assert_eq!(tracking(&bg, &["a", "b"], &t, day("2024-03-01"), &h).unwrap_err().code(), "invalid_time");
    let e = tracking(&bg, &["a", "b"], &[0i64, i64::MIN], day("2024-03-01"), &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("non_finite", Some("time")));
    let e = tracking_codes(&bg, &[0, 3], 2, &t, day("2024-03-01"), &cfg).unwrap_err();
    assert_eq!(e, ValueError::CustomerCodeOutOfRange { index: 1, code: 3, n_customers: 2 });
    // Without a holdout the curve ends at the calibration end and has no holdout errors.
    let tr = tracking(&bg, &["a", "b", "a"], &[t[0], t[1], day("2024-02-20")], day("2024-03-01"), &cfg).unwrap();
    assert_eq!(tr.end, tr.calibration_end);
    assert!(tr.holdout_errors.is_none() && tr.calibration_errors.is_some());
    assert_eq!(tr.actual.iter().sum::<f64>(), 1.0);
}

/// A model without a simulator.
struct Steady;

impl PurchaseModel for Steady {
    fn name(&self) -> &'static str {
        "steady"
    }
    fn p_alive_one(&self, _: f64, _: f64, _: f64) -> Result<f64, ValueError> {
        Ok(1.0)
    }
    fn expected_purchases_one(&self, t: f64, _: f64, _: f64, _: f64) -> Result<f64, ValueError> {
        Ok(0.1 * t)
    }
}

#[test]
fn period_transactions_are_seeded_and_agree_with_the_model() {
    let c = CdnowFit::load();
    let data = c.data();
    let cfg = PeriodTransactionsConfig::default();
    let a = period_transactions(&c.bg, &data, &cfg).unwrap();
    assert_eq!(a, period_transactions(&c.bg, &data, &cfg).unwrap(), "the same seed, the same counts");
    let b = period_transactions(&c.bg, &data, &PeriodTransactionsConfig { seed: 7, ..cfg.clone() }).unwrap();
    assert_ne!(a, b);
    assert_eq!(a.bins.iter().map(|b| b.actual).collect::<Vec<_>>(), [1411, 439, 214, 100, 62, 38, 29, 64]);
    assert!((a.bins.iter().map(|b| b.simulated).sum::<f64>() - 2357.0).abs() < 1e-9);
    // The fitted model reproduces the calibration histogram (it was fitted to it): within 10% of the customers.
    for bin in &a.bins {
        assert!((bin.simulated - bin.actual as f64).abs() < 0.1 * 2357.0 / 8.0 + 0.15 * bin.actual as f64, "{bin:?}");
    }
    // Simulated customers buy, on average, what E[X(T)] says: 20,000 customers of age 39 weeks.
    let pnbd = ParetoNbd::fit(&data, None, &FitConfig::default()).unwrap();
    let models: [&dyn PurchaseModel; 2] = [&c.bg, &pnbd];
    for m in models {
        let n = 20_000u64;
        let draws: Vec<f64> =
            (0..n).map(|i| m.simulate_repeat_purchases(39.0, &mut SeededRng::stream(11, i)).unwrap()).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / (n - 1) as f64;
        let want = m.expected_repeat_purchases(39.0).unwrap();
        let se = (var / n as f64).sqrt();
        assert!((mean - want).abs() < 4.0 * se, "{}: simulated mean {mean} vs E[X(39)] {want} (se {se})", m.name());
        assert!(draws.iter().all(|d| *d >= 0.0 && d.fract() == 0.0));
    }
    // A model without a simulator says so; bad settings are refused.
    let e = period_transactions(&Steady, &data, &cfg).unwrap_err();
    assert_eq!(e.code(), "undefined");
    assert!(e.to_string().contains("steady"));
    let e = period_transactions(&c.bg, &data, &PeriodTransactionsConfig { replicates: 0, ..cfg.clone() }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("replicates")));
    // The default trait methods work for any model: E[X(t)] from the conditional expectation at birth.
    assert_eq!(Steady.expected_repeat_purchases(10.0).unwrap(), 1.0);
    let e = holdout_evaluation_of_summary(&Steady, &c.summary, &HoldoutConfig::default()).unwrap();
    assert!((e.errors.predicted_total - 2357.0 * 3.9).abs() < 1e-6);
}

#[test]
fn frequency_recency_matrix_holds_the_model_at_cell_centres() {
    let c = CdnowFit::load();
    let data = c.data();
    let cfg = FrequencyRecencyConfig { horizon: 10.0, ..FrequencyRecencyConfig::default() };
    let m = FrequencyRecencyMatrix::new(&c.bg, &data, TimeUnit::Week, MatrixQuantity::ExpectedPurchases, &cfg).unwrap();
    let largest_x = c.summary.frequency.iter().fold(0.0f64, |a, &b| a.max(b));
    assert_eq!(m.frequency.len() as f64, largest_x.min(30.0) + 1.0);
    assert_eq!(m.recency_edges.len(), 31);
    assert_eq!(m.t, c.summary.t.iter().fold(0.0f64, |a, &b| a.max(b)));
    for (r, &x) in m.frequency.iter().enumerate() {
        for j in 0..30 {
            let centre = (m.recency_edges[j] + m.recency_edges[j + 1]) / 2.0;
            let want = match (x, j) {
                (0, 0) => Some(c.bg.expected_purchases_one(10.0, 0.0, 0.0, m.t).unwrap()),
                (0, _) => None,
                _ => Some(c.bg.expected_purchases_one(10.0, f64::from(x), centre, m.t).unwrap()),
            };
            assert_eq!(m.values[r][j], want, "cell ({r}, {j})");
        }
    }
    // Every customer up to the last row is counted once.
    let counted: u32 = m.customers.iter().flatten().sum();
    let shown = c.summary.frequency.iter().filter(|&&x| x <= (m.frequency.len() - 1) as f64).count();
    assert_eq!(counted as usize, shown);
    assert_eq!(m.customers[0][0], 1411);
    let alive = FrequencyRecencyMatrix::new(&c.bg, &data, TimeUnit::Week, MatrixQuantity::PAlive, &cfg).unwrap();
    assert!(alive.values.iter().flatten().flatten().all(|p| (0.0..=1.0).contains(p)));
    let bad = FrequencyRecencyConfig { recency_cells: 0, ..FrequencyRecencyConfig::default() };
    let e = FrequencyRecencyMatrix::new(&c.bg, &data, TimeUnit::Week, MatrixQuantity::PAlive, &bad).unwrap_err();
    assert_eq!(e.field(), Some("recency_cells"));
    let bad = FrequencyRecencyConfig { t: Some(0.0), ..FrequencyRecencyConfig::default() };
    assert_eq!(
        FrequencyRecencyMatrix::new(&c.bg, &data, TimeUnit::Week, MatrixQuantity::PAlive, &bad).unwrap_err().field(),
        Some("t")
    );
}

#[test]
fn tracking_in_days_and_months_counts_the_same_purchases() {
    let c = CdnowFit::load();
    for unit in [TimeUnit::Day, TimeUnit::Month] {
        let config = SummaryConfig { unit, ..c.config.clone() };
        let summary =
            rfm_summary(&c.tx.customer, &c.tx.time, &c.tx.amount, None, cdnow_calibration_end(), &config).unwrap();
        let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t).unwrap();
        let bg = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
        let tr = tracking(&bg, &c.tx.customer, &c.tx.time, cdnow_calibration_end(), &config).unwrap();
        let split = tr.period_end.iter().position(|&e| e == tr.calibration_end).unwrap();
        assert_eq!(tr.actual[..=split].iter().sum::<f64>(), summary.frequency.iter().sum::<f64>());
        assert_eq!(tr.actual[split + 1..].iter().sum::<f64>(), 1882.0);
        assert!(tr.period_end.iter().zip(&tr.period_start).all(|(e, s)| e - s <= 1.0 + 1e-9 && e > s));
        assert_eq!(tr.actual.len(), if unit == TimeUnit::Day { 545 } else { 18 });
        // The model is the same up to the unit: its holdout forecast barely moves.
        let e = tr.holdout_errors.as_ref().unwrap();
        assert!((e.predicted_total - 1666.65).abs() < 0.01 * 1666.65, "{unit:?}: {}", e.predicted_total);
        let svg = relmap::render::value::plot_tracking(&tr, &relmap::render::ChartOptions::default()).unwrap();
        assert!(svg.contains(&format!("repeat purchases per {}", unit.singular())));
    }
}
