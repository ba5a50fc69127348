//! Trust scoring: one account, a pair's timeline, and a 1,000-account portfolio
//! (50 stakeholders × 200 interactions each, 10 million interactions in all).

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use relmap::trust::TrustConfig;
use relmap_benches::thread_cpu_time;
use relmap_benches::trust_data::{as_of, trust_account, trust_portfolio, Rng, TrustShape};

fn account(c: &mut Criterion) {
    let map = trust_account(0, TrustShape::default(), &mut Rng::new(7));
    let cfg = TrustConfig::default();
    c.bench_function("trust/account_50x200", |b| b.iter(|| black_box(map.trust(&cfg, as_of()).unwrap())));
    let dates: Vec<_> = (0..52).map(|w| as_of().plus_days(-7 * w)).collect();
    c.bench_function("trust/timeline_52_weeks", |b| {
        b.iter(|| black_box(map.trust_timeline(&cfg, "m0", "s0", &dates).unwrap()))
    });
}

fn portfolio(c: &mut Criterion) {
    let cfg = TrustConfig::default();
    // Built on first use, so that filtering these benches out skips the ~4 GB build.
    let portfolio = OnceCell::new();
    let portfolio = || {
        portfolio.get_or_init(|| {
            let p = trust_portfolio(1_000, TrustShape::default(), 42);
            let interactions: usize = p.maps.iter().map(|m| m.interactions().len()).sum();
            assert_eq!(interactions, 10_000_000);
            p
        })
    };
    let mut group = c.benchmark_group("trust");
    group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(30));
    // `Portfolio::trust`: accounts in parallel on rayon's pool (the `parallel` feature).
    group.bench_function("portfolio_1000x50x200", |b| {
        let p = portfolio();
        b.iter(|| black_box(p.trust(&cfg, as_of()).unwrap()))
    });
    // The same work on one thread.
    group.bench_function("portfolio_1000x50x200_one_thread", |b| {
        let p = portfolio();
        b.iter(|| black_box(p.maps.iter().map(|m| m.trust(&cfg, as_of()).unwrap()).collect::<Vec<_>>()))
    });
    // The same work on one thread, timed by the thread's CPU time (which holds
    // on a shared, busy machine, where wall time also counts other processes).
    group.bench_function("portfolio_1000x50x200_one_thread_cpu", |b| {
        let p = portfolio();
        b.iter_custom(|iters| {
            let wall = std::time::Instant::now();
            let start = thread_cpu_time();
            for _ in 0..iters {
                black_box(p.maps.iter().map(|m| m.trust(&cfg, as_of()).unwrap()).collect::<Vec<_>>());
            }
            match (start, thread_cpu_time()) {
                (Some(a), Some(b)) => b - a,
                _ => wall.elapsed(),
            }
        })
    });
    // Scores only, no evidence lists (`top_evidence = 0`): the nightly-scoring case.
    let lean = TrustConfig { top_evidence: 0, ..TrustConfig::default() };
    group.bench_function("portfolio_1000x50x200_no_evidence_lists", |b| {
        let p = portfolio();
        b.iter(|| black_box(p.trust(&lean, as_of()).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, account, portfolio);
criterion_main!(benches);
