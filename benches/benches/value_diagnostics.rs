//! Does the model fit? The holdout diagnostics on CDNOW_master replicated 20×
//! (1.39M transactions, 471,400 customers; calibration to 1997-09-30, holdout to
//! 1998-06-30, weeks, BG/NBD): holdout evaluation, the weekly tracking curve from the
//! transactions, the seeded period-transaction simulation (10 cohorts), the
//! frequency-recency matrix, and drawing each chart.
//!
//! Run: `cargo bench -p relmap-benches --bench value_diagnostics -- --sample-size 10`.

use criterion::{criterion_group, criterion_main, Criterion};
use relmap::render::value::{plot_frequency_recency, plot_holdout, plot_period_transactions, plot_tracking};
use relmap::render::ChartOptions;
use relmap::time::Timestamp;
use relmap::value::{
    holdout_evaluation_of_summary, period_transactions, rfm_summary_codes, tracking_codes, BetaGeo, FitConfig,
    FrequencyRecencyConfig, FrequencyRecencyMatrix, HoldoutConfig, MatrixQuantity, PeriodTransactionsConfig, RfmData,
    SummaryConfig,
};
use relmap_benches::cdnow::cdnow_master;

const COPIES: usize = 20;

fn bench(c: &mut Criterion) {
    let t = cdnow_master(COPIES);
    let as_of: Timestamp = "1997-09-30".parse().unwrap();
    let config = SummaryConfig { holdout_end: Some("1998-06-30".parse().unwrap()), ..SummaryConfig::default() };
    let summary = rfm_summary_codes(&t.codes, t.n_customers, &t.times, &t.amounts, None, as_of, &config).unwrap();
    let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t).unwrap();
    let bg = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
    eprintln!("{} transactions, {} customers, BG/NBD {:?}", t.amounts.len(), summary.len(), bg.params());
    let holdout = holdout_evaluation_of_summary(&bg, &summary, &HoldoutConfig::default()).unwrap();
    let track = tracking_codes(&bg, &t.codes, t.n_customers, &t.times, as_of, &config).unwrap();
    let period = period_transactions(&bg, &data, &PeriodTransactionsConfig::default()).unwrap();
    let fr = FrequencyRecencyConfig::default();
    let matrix = FrequencyRecencyMatrix::new(&bg, &data, summary.unit, MatrixQuantity::PAlive, &fr).unwrap();
    eprintln!("holdout errors {:?}", holdout.errors);
    eprintln!("tracking: {} periods, holdout errors {:?}", track.actual.len(), track.holdout_errors);

    let mut g = c.benchmark_group("value_diagnostics");
    g.bench_function("holdout_evaluation", |b| {
        b.iter(|| holdout_evaluation_of_summary(&bg, &summary, &HoldoutConfig::default()).unwrap())
    });
    g.bench_function("tracking_codes", |b| {
        b.iter(|| tracking_codes(&bg, &t.codes, t.n_customers, &t.times, as_of, &config).unwrap())
    });
    g.bench_function("period_transactions_10_cohorts", |b| {
        b.iter(|| period_transactions(&bg, &data, &PeriodTransactionsConfig::default()).unwrap())
    });
    g.bench_function("frequency_recency_p_alive", |b| {
        b.iter(|| FrequencyRecencyMatrix::new(&bg, &data, summary.unit, MatrixQuantity::PAlive, &fr).unwrap())
    });
    let opts = ChartOptions::default();
    g.bench_function("draw_holdout_tracking_period_heatmap", |b| {
        b.iter(|| {
            plot_holdout(&holdout, &opts).unwrap().len()
                + plot_tracking(&track, &opts).unwrap().len()
                + plot_period_transactions(&period, &opts).unwrap().len()
                + plot_frequency_recency(&matrix, &opts).unwrap().len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
