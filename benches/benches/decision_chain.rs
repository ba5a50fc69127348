//! The full decision chain on synthetic accounts: the 10k/50k target, the
//! scaling series up to 100k/500k, and betweenness (exact, and sampled on large maps).
//!
//! Groups ending in `_cpu` measure CPU time instead of wall time, so their figures
//! hold on a shared, busy machine too. Natively the chain runs its two halves
//! (influence; ties and access) on rayon's pool: `decision_chain_cpu` counts the CPU
//! time of every thread of the process, and the `decision_chain_one_thread` groups
//! run the chain inside a pool of one thread (the work WebAssembly does, on one core),
//! `_cpu` there being that thread's CPU time.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use relmap::chain::{BetweennessMode, ChainConfig};
use relmap::RelationshipMap;
use relmap_benches::{as_of, process_cpu_time, synthetic_account, thread_cpu_time, Spec};

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

/// Runs the chain `iters` times and returns the CPU time `clock` counts (wall time where unavailable).
fn timed(map: &RelationshipMap, cfg: &ChainConfig, iters: u64, clock: fn() -> Option<Duration>) -> Duration {
    let wall = std::time::Instant::now();
    let start = clock();
    for _ in 0..iters {
        black_box(map.decision_chain(black_box(cfg)).unwrap());
    }
    match (start, clock()) {
        (Some(a), Some(b)) => b - a,
        _ => wall.elapsed(),
    }
}

/// Runs the chain `iters` times and returns the process's CPU time (every thread).
fn cpu_time(map: &RelationshipMap, cfg: &ChainConfig, iters: u64) -> Duration {
    timed(map, cfg, iters, process_cpu_time)
}

fn target(c: &mut Criterion) {
    let spec = Spec::new(10_000, 50_000);
    let cfg = config();
    describe(&spec, &cfg);
    let map = synthetic_account(&spec);
    c.bench_function("decision_chain/10k_50k", |b| b.iter(|| black_box(map.decision_chain(black_box(&cfg)).unwrap())));
    c.bench_function("decision_chain_cpu/10k_50k", |b| b.iter_custom(|iters| cpu_time(&map, &cfg, iters)));
    // The same chain on one thread: its wall time, and that thread's CPU time.
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool of one thread");
    c.bench_function("decision_chain_one_thread/10k_50k", |b| {
        b.iter(|| one.install(|| black_box(map.decision_chain(black_box(&cfg)).unwrap())))
    });
    c.bench_function("decision_chain_one_thread_cpu/10k_50k", |b| {
        b.iter_custom(|iters| one.install(|| timed(&map, &cfg, iters, thread_cpu_time)))
    });
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
