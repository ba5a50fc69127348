//! The cost of uncertainty, on the CDNOW_master ×20 summary (471,400 customers, weeks):
//! - BG/NBD, Pareto/NBD and Gamma-Gamma fits with and without the observed information
//!   (`FitConfig::standard_errors`): the standard errors' overhead on a fit;
//! - 1,000 bootstrap draws of P(alive) for every customer (BG/NBD and Pareto/NBD), and
//!   the delta-method intervals of the same;
//! - the Pareto/NBD fit with two static covariates (simulated 0/1 columns).
//!
//! Run: `cargo bench -p relmap-benches --bench value_uncertainty -- --warm-up-time 1 --measurement-time 3 --sample-size 10`.

use criterion::{criterion_group, criterion_main, Criterion};
use relmap::time::Timestamp;
use relmap::value::{
    p_alive_intervals, rfm_summary_codes, BetaGeo, CovariateSpec, Covariates, FitConfig, GammaGamma, IntervalConfig,
    IntervalMethod, ParetoNbd, RfmData, SummaryConfig,
};
use relmap_benches::cdnow::cdnow_master;

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
    let with = FitConfig::default();
    let without = FitConfig { standard_errors: false, ..FitConfig::default() };
    let bg = BetaGeo::fit(&data, None, &with).unwrap();
    let pnbd = ParetoNbd::fit(&data, None, &with).unwrap();
    eprintln!(
        "{} customers\n{}\n{}",
        summary.len(),
        relmap::value::PurchaseModel::summary(&bg, 0.95).unwrap(),
        relmap::value::PurchaseModel::summary(&pnbd, 0.95).unwrap()
    );
    let (f, m) = (&summary.frequency, &summary.monetary_value);
    // Repeat buyers with a zero mean amount cannot enter the Gamma-Gamma: weight 0.
    let w: Vec<f64> = f.iter().zip(m).map(|(&x, &v)| if x > 0.0 && v <= 0.0 { 0.0 } else { 1.0 }).collect();
    let draws = IntervalConfig::default();

    let mut g = c.benchmark_group("value_uncertainty");
    g.bench_function("bg_nbd_fit_without_se", |b| b.iter(|| BetaGeo::fit(&data, None, &without).unwrap()));
    g.bench_function("bg_nbd_fit_with_se", |b| b.iter(|| BetaGeo::fit(&data, None, &with).unwrap()));
    g.bench_function("pareto_nbd_fit_without_se", |b| b.iter(|| ParetoNbd::fit(&data, None, &without).unwrap()));
    g.bench_function("pareto_nbd_fit_with_se", |b| b.iter(|| ParetoNbd::fit(&data, None, &with).unwrap()));
    g.bench_function("gamma_gamma_fit_without_se", |b| b.iter(|| GammaGamma::fit(f, m, Some(&w), &without).unwrap()));
    g.bench_function("gamma_gamma_fit_with_se", |b| b.iter(|| GammaGamma::fit(f, m, Some(&w), &with).unwrap()));
    g.bench_function("bg_nbd_p_alive_1000_draws", |b| b.iter(|| p_alive_intervals(&bg, &data, &draws).unwrap()));
    g.bench_function("pareto_nbd_p_alive_1000_draws", |b| b.iter(|| p_alive_intervals(&pnbd, &data, &draws).unwrap()));
    let delta = IntervalConfig { method: IntervalMethod::Delta, ..IntervalConfig::default() };
    g.bench_function("bg_nbd_p_alive_delta", |b| b.iter(|| p_alive_intervals(&bg, &data, &delta).unwrap()));
    g.bench_function("pareto_nbd_p_alive_delta", |b| b.iter(|| p_alive_intervals(&pnbd, &data, &delta).unwrap()));
    g.finish();

    // Two 0/1 covariates on the first 23,570 customers (one copy of CDNOW_master).
    let n = summary.len() / COPIES;
    let sub = RfmData::new(&summary.frequency[..n], &summary.recency[..n], &summary.t[..n]).unwrap();
    let values: Vec<f64> = (0..n).flat_map(|i| [(i % 2) as f64, ((i / 3) % 2) as f64]).collect();
    let purchase = Covariates::new("purchase_covariates", &["even", "third"], &values, n).unwrap();
    let dropout = Covariates::new("dropout_covariates", &["even", "third"], &values, n).unwrap();
    let spec = CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &[] };
    let mut g = c.benchmark_group("value_covariates");
    g.sample_size(10);
    g.bench_function("pareto_nbd_fit_2_covariates_23570", |b| {
        b.iter(|| ParetoNbd::fit_with_covariates(&sub, None, spec, &with).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
