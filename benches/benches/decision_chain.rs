//! The full decision chain on synthetic accounts: the 10k/50k target, the
//! scaling series up to 100k/500k, and exact betweenness on its own.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use relmap::chain::{BetweennessMode, ChainConfig};
use relmap_benches::{as_of, synthetic_account, Spec};

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

fn target(c: &mut Criterion) {
    let spec = Spec::new(10_000, 50_000);
    let cfg = config();
    describe(&spec, &cfg);
    let map = synthetic_account(&spec);
    c.bench_function("decision_chain/10k_50k", |b| b.iter(|| black_box(map.decision_chain(black_box(&cfg)).unwrap())));
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
}

fn betweenness(c: &mut Criterion) {
    let cfg = ChainConfig { betweenness: BetweennessMode::Exact, ..config() };
    let mut group = c.benchmark_group("decision_chain_with_betweenness");
    group.sample_size(10);
    for n in [500, 1_000, 10_000] {
        let map = synthetic_account(&Spec::new(n, 5 * n));
        group.bench_with_input(BenchmarkId::from_parameter(format!("{n}_{}", 5 * n)), &map, |b, m| {
            b.iter(|| black_box(m.decision_chain(&cfg).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, target, scaling, betweenness);
criterion_main!(benches);
