//! The full decision chain on synthetic accounts: the 10k/50k target, the
//! scaling series up to 100k/500k, and betweenness (exact, and sampled on large maps).
//!
//! Groups ending in `_cpu` measure the CPU time of the benchmarking thread instead
//! of wall time (the chain itself runs on one thread unless betweenness is on), so
//! their figures hold on a shared, busy machine too.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use relmap::chain::{BetweennessMode, ChainConfig};
use relmap::RelationshipMap;
use relmap_benches::{as_of, synthetic_account, thread_cpu_time, Spec};

fn config() -> ChainConfig {
    ChainConfig { as_of: Some(as_of()), ..ChainConfig::default() }
}

fn describe(spec: &Spec, cfg: &ChainConfig) {
    let map = synthetic_account(spec);
    let chain = map.decision_chain(cfg).expect("the synthetic account is valid");
    eprintln!(
        "{} stakeholders / {} relations: {} key players, iterations {:?}, {} red flags, coverage {:.3}",
        spec.stakeholders,
        spec.relations,
        chain.key_players().len(),
        chain.iterations(),
        chain.red_flags().len(),
        chain.coverage().share
    );
}

/// Runs the chain `iters` times and returns the thread's CPU time (wall time where unavailable).
fn cpu_time(map: &RelationshipMap, cfg: &ChainConfig, iters: u64) -> Duration {
    let wall = std::time::Instant::now();
    let start = thread_cpu_time();
    for _ in 0..iters {
        black_box(map.decision_chain(black_box(cfg)).unwrap());
    }
    match (start, thread_cpu_time()) {
        (Some(a), Some(b)) => b - a,
        _ => wall.elapsed(),
    }
}

fn target(c: &mut Criterion) {
    let spec = Spec::new(10_000, 50_000);
    let cfg = config();
    describe(&spec, &cfg);
    let map = synthetic_account(&spec);
    c.bench_function("decision_chain/10k_50k", |b| b.iter(|| black_box(map.decision_chain(black_box(&cfg)).unwrap())));
    c.bench_function("decision_chain_cpu/10k_50k", |b| b.iter_custom(|iters| cpu_time(&map, &cfg, iters)));
}

fn scaling(c: &mut Criterion) {
    let cfg = config();
    let mut group = c.benchmark_group("decision_chain_scaling");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    for n in [10_000, 25_000, 50_000, 100_000] {
        let spec = Spec::new(n, 5 * n);
        if n == 100_000 {
            describe(&spec, &cfg);
        }
        let map = synthetic_account(&spec);
        // Edges = explicit relations + the two implied org-chart edges per report.
        group.throughput(Throughput::Elements((spec.relations + 2 * (n - 1)) as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{}k_{}k", n / 1000, 5 * n / 1000)),
            &map,
            |b, m| b.iter(|| black_box(m.decision_chain(&cfg).unwrap())),
        );
    }
    group.finish();
    let mut group = c.benchmark_group("decision_chain_scaling_cpu");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    for n in [10_000, 25_000, 50_000, 100_000] {
        let spec = Spec::new(n, 5 * n);
        let map = synthetic_account(&spec);
        group.throughput(Throughput::Elements((spec.relations + 2 * (n - 1)) as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{}k_{}k", n / 1000, 5 * n / 1000)),
            &map,
            |b, m| b.iter_custom(|iters| cpu_time(m, &cfg, iters)),
        );
    }
    group.finish();
}

fn betweenness(c: &mut Criterion) {
    let cfg = ChainConfig { betweenness: BetweennessMode::Exact, ..config() };
    let mut group = c.benchmark_group("decision_chain_with_betweenness");
    group.sample_size(10);
    for n in [500, 1_000, 5_000] {
        let map = synthetic_account(&Spec::new(n, 5 * n));
        group.bench_with_input(BenchmarkId::from_parameter(format!("{n}_{}", 5 * n)), &map, |b, m| {
            b.iter(|| black_box(m.decision_chain(&cfg).unwrap()))
        });
    }
    // Large maps: the estimate from 200 sampled sources.
    let sampled = ChainConfig { betweenness: BetweennessMode::Sampled(200), ..config() };
    for n in [10_000, 50_000] {
        let map = synthetic_account(&Spec::new(n, 5 * n));
        group.bench_with_input(BenchmarkId::from_parameter(format!("sampled_200/{n}_{}", 5 * n)), &map, |b, m| {
            b.iter(|| black_box(m.decision_chain(&sampled).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, target, scaling, betweenness);
criterion_main!(benches);
