//! The models beside BG/NBD and Pareto/NBD, at the sizes of issue 16:
//! - MBG/NBD on the CDNOW_master ×20 summary (471,400 customers, weeks, as in value_pipeline);
//! - BG/BB on the same customers' first 52 weeks as weekly opportunities (n = 52), and the
//!   discrete-period summary of the ×20 transactions in weeks;
//! - sBG on 100 cohorts × 120 periods of survivor counts;
//! - the distribution and discounting predictions on the 471,400 customers.
//!
//! Run: `cargo bench -p relmap-benches --bench value_models -- --sample-size 10`.

use criterion::{criterion_group, criterion_main, Criterion};
use relmap::time::Timestamp;
use relmap::value::{
    discrete_summary_codes, rfm_summary_codes, BetaGeo, BetaGeoBetaBinom, DiscreteSummaryConfig, FitConfig,
    ModifiedBetaGeo, ParetoNbd, Period, PurchaseModel, RfmData, ShiftedBetaGeo, SummaryConfig,
};
use relmap_benches::cdnow::{cdnow_master, sbg_cohorts, weekly_opportunities};

const COPIES: usize = 20;

fn as_of() -> Timestamp {
    "1998-06-30".parse().unwrap()
}

fn bench(c: &mut Criterion) {
    let t = cdnow_master(COPIES);
    let summary =
        rfm_summary_codes(&t.codes, t.n_customers, &t.times, &t.amounts, None, as_of(), &SummaryConfig::default())
            .unwrap();
    let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t).unwrap();
    let cfg = FitConfig::default();
    let [x, tx, n] = weekly_opportunities(&t, 52);
    let weekly = RfmData::new(&x, &tx, &n).unwrap();
    let cohorts = sbg_cohorts();
    let cohort_refs: Vec<&[f64]> = cohorts.iter().map(|c| c.as_slice()).collect();

    let mbg = ModifiedBetaGeo::fit(&data, None, &cfg).unwrap();
    eprintln!(
        "{} customers; MBG/NBD {:?} ll {:?} {:?}",
        summary.len(),
        mbg.params(),
        mbg.log_likelihood(),
        mbg.report()
    );
    let bgbb = BetaGeoBetaBinom::fit(&weekly, None, &cfg).unwrap();
    eprintln!("BG/BB (52 weeks) {:?} ll {:?} {:?}", bgbb.params(), bgbb.log_likelihood(), bgbb.report());
    let sbg = ShiftedBetaGeo::fit_cohorts(&cohort_refs, &cfg).unwrap();
    eprintln!("sBG (100 × 120) {:?} ll {:?} {:?}", sbg.params(), sbg.log_likelihood(), sbg.report());
    let bg = BetaGeo::fit(&data, None, &cfg).unwrap();
    let pnbd = ParetoNbd::fit(&data, None, &cfg).unwrap();

    let mut g = c.benchmark_group("value_models");
    g.bench_function("mbg_nbd_fit", |b| b.iter(|| ModifiedBetaGeo::fit(&data, None, &cfg).unwrap()));
    g.bench_function("mbg_nbd_p_alive", |b| b.iter(|| mbg.p_alive(&data).unwrap()));
    g.bench_function("bg_bb_fit_52_weeks", |b| b.iter(|| BetaGeoBetaBinom::fit(&weekly, None, &cfg).unwrap()));
    g.bench_function("bg_bb_p_alive", |b| b.iter(|| bgbb.p_alive(&weekly).unwrap()));
    g.bench_function("bg_bb_expected_52", |b| b.iter(|| bgbb.expected_purchases(52.0, &weekly).unwrap()));
    g.bench_function("bg_bb_dert", |b| b.iter(|| bgbb.dert(0.002, &weekly).unwrap()));
    g.bench_function("discrete_summary_weeks", |b| {
        let config = DiscreteSummaryConfig { period: Period::Days(7), holdout_end: None };
        b.iter(|| discrete_summary_codes(&t.codes, t.n_customers, &t.times, &t.amounts, as_of(), &config).unwrap())
    });
    g.bench_function("sbg_fit_100_cohorts_120_periods", |b| {
        b.iter(|| ShiftedBetaGeo::fit_cohorts(&cohort_refs, &cfg).unwrap())
    });
    g.bench_function("sbg_derl_120_tenures", |b| {
        b.iter(|| (0..120).map(|k| sbg.derl(0.01, f64::from(k)).unwrap()).sum::<f64>())
    });
    g.bench_function("bg_nbd_tracking_curve_78_weeks", |b| {
        b.iter(|| (1..=78).map(|w| bg.expected_repeat_purchases(f64::from(w)).unwrap()).sum::<f64>())
    });
    g.bench_function("bg_nbd_p_zero_in_52_weeks", |b| {
        b.iter(|| bg.probability_of_purchases(0.0, 52.0, &data).unwrap())
    });
    g.bench_function("pareto_nbd_p_two_in_52_weeks", |b| {
        b.iter(|| pnbd.probability_of_purchases(2.0, 52.0, &data).unwrap())
    });
    g.bench_function("pareto_nbd_dert", |b| b.iter(|| pnbd.dert(0.15f64.ln_1p() / 52.0, &data).unwrap()));
    g.finish();

    // Big counts: one answer each.
    let mut g = c.benchmark_group("value_big_counts");
    g.bench_function("bg_bb_p_alive_n_1e6", |b| b.iter(|| bgbb.p_alive_one(5e5, 9e5, 1e6).unwrap()));
    g.bench_function("bg_bb_pmf_n_1e6", |b| {
        b.iter(|| bgbb.probability_of_purchases_one(2.0, 5.0, 0.0, 0.0, 1e6).unwrap())
    });
    g.bench_function("pareto_nbd_pmf_x_1e9", |b| {
        b.iter(|| pnbd.probability_of_purchases_one(5.0, 52.0, 1e9, 30.0, 40.0).unwrap())
    });
    g.bench_function("bg_nbd_expected_x_1e9_error", |b| {
        b.iter(|| bg.expected_purchases_one(52.0, 1e9, 30.0, 40.0).unwrap_err())
    });
    g.bench_function("mbg_nbd_pmf_new_1e9", |b| b.iter(|| mbg.probability_of_repeat_purchases(1e9, 52.0).unwrap()));
    g.bench_function("sbg_derl_renewals_1e9", |b| b.iter(|| sbg.derl(0.1, 1e9).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
