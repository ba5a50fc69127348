//! The customer-value pipeline on CDNOW_master replicated 20× (1.39M transactions,
//! 471,400 customers): RFM summary, BG/NBD fit, Gamma-Gamma fit, P(alive) and CLV
//! for every customer; plus each step alone and the Pareto/NBD fit.
//!
//! Run: `cargo bench -p relmap-benches --bench value_pipeline -- --sample-size 10`.

use criterion::{criterion_group, criterion_main, Criterion};
use relmap::time::Timestamp;
use relmap::value::{
    rfm_summary, rfm_summary_codes, BetaGeo, ClvConfig, FitConfig, GammaGamma, ParetoNbd, PurchaseModel, RfmData,
    RfmSummary, SummaryConfig,
};
use relmap_benches::cdnow::{cdnow_master, Transactions};

const COPIES: usize = 20;

fn as_of() -> Timestamp {
    "1998-06-30".parse().unwrap()
}

/// Gamma-Gamma weights: CDNOW has repeat buyers whose purchases were all $0; they
/// take no part in the spend fit (lifetimes refuses m ≤ 0 as well).
fn spend_weights<K>(s: &RfmSummary<K>) -> Vec<f64> {
    s.monetary_value.iter().map(|&m| if m > 0.0 { 1.0 } else { 0.0 }).collect()
}

/// Fits and predictions on a summary; returns the total CLV so nothing is optimised away.
fn models<K>(s: &RfmSummary<K>) -> f64 {
    let cfg = FitConfig::default();
    let data = RfmData::new(&s.frequency, &s.recency, &s.t).unwrap();
    let bg = BetaGeo::fit(&data, None, &cfg).unwrap();
    let gg = GammaGamma::fit(&s.frequency, &s.monetary_value, Some(&spend_weights(s)), &cfg).unwrap();
    let alive = bg.p_alive(&data).unwrap();
    let clv = gg.clv(&bg, &data, &s.monetary_value, &ClvConfig::default()).unwrap();
    alive.iter().sum::<f64>() + clv.iter().sum::<f64>()
}

fn pipeline_codes(t: &Transactions) -> f64 {
    let s = rfm_summary_codes(&t.codes, t.n_customers, &t.times, &t.amounts, None, as_of(), &SummaryConfig::default())
        .unwrap();
    models(&s)
}

fn pipeline_strings(t: &Transactions) -> f64 {
    let s = rfm_summary(&t.ids, &t.times, &t.amounts, None, as_of(), &SummaryConfig::default()).unwrap();
    models(&s)
}

fn bench(c: &mut Criterion) {
    let t = cdnow_master(COPIES);
    let summary =
        rfm_summary_codes(&t.codes, t.n_customers, &t.times, &t.amounts, None, as_of(), &SummaryConfig::default())
            .unwrap();
    eprintln!("{} transactions, {} customers", t.amounts.len(), summary.len());
    let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t).unwrap();
    let cfg = FitConfig::default();
    let bg = BetaGeo::fit(&data, None, &cfg).unwrap();
    let weights = spend_weights(&summary);
    let gg = GammaGamma::fit(&summary.frequency, &summary.monetary_value, Some(&weights), &cfg).unwrap();
    eprintln!("BG/NBD {:?} ll {:?}", bg.params(), bg.log_likelihood());
    eprintln!("Gamma-Gamma {:?}", gg.params());
    let alive: f64 = bg.p_alive(&data).unwrap().iter().sum();
    let clv: f64 = gg.clv(&bg, &data, &summary.monetary_value, &ClvConfig::default()).unwrap().iter().sum();
    eprintln!("sum P(alive) {alive:.2}, sum CLV {clv:.2}");
    eprintln!("Pareto/NBD {:?}", ParetoNbd::fit(&data, None, &cfg).unwrap().params());

    let mut g = c.benchmark_group("value_pipeline");
    g.bench_function("full_pipeline_codes", |b| b.iter(|| pipeline_codes(&t)));
    g.bench_function("full_pipeline_string_ids", |b| b.iter(|| pipeline_strings(&t)));
    g.bench_function("summary_codes", |b| {
        b.iter(|| {
            rfm_summary_codes(&t.codes, t.n_customers, &t.times, &t.amounts, None, as_of(), &SummaryConfig::default())
                .unwrap()
        })
    });
    g.bench_function("summary_string_ids", |b| {
        b.iter(|| rfm_summary(&t.ids, &t.times, &t.amounts, None, as_of(), &SummaryConfig::default()).unwrap())
    });
    g.bench_function("bg_nbd_fit", |b| b.iter(|| BetaGeo::fit(&data, None, &cfg).unwrap()));
    g.bench_function("gamma_gamma_fit", |b| {
        b.iter(|| GammaGamma::fit(&summary.frequency, &summary.monetary_value, Some(&weights), &cfg).unwrap())
    });
    g.bench_function("p_alive", |b| b.iter(|| bg.p_alive(&data).unwrap()));
    g.bench_function("clv", |b| b.iter(|| gg.clv(&bg, &data, &summary.monetary_value, &ClvConfig::default()).unwrap()));
    g.bench_function("pareto_nbd_fit", |b| b.iter(|| ParetoNbd::fit(&data, None, &cfg).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
