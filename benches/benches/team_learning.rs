//! Learning from the team: merging perceptions, fitting openness from history,
//! warm paths across a portfolio, and the pictures of dense maps, on synthetic input.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use relmap::history::{fit_openness, simulate, FitConfig, SimulationConfig, Snapshot};
use relmap::model::{Account, Portfolio};
use relmap::network::{NetworkConfig, PersonRef, SamePerson};
use relmap::perception::{merge_perceptions, MergeConfig, MergeRule};
use relmap::render::{self, Overlay, RenderOptions, View};
use relmap::RelationshipMap;
use relmap_benches::{synthetic_account, Spec, SplitMix64};

/// `k` perceptions of one account: each drops a random 15 % of the relations and
/// shifts a random tenth of the known stances by one or two steps.
fn perceptions(base: &RelationshipMap, k: usize) -> Vec<(String, RelationshipMap)> {
    let mut rng = SplitMix64::new(7);
    (0..k)
        .map(|p| {
            let mut doc = base.to_document();
            doc.relations.retain(|_| !rng.chance(0.15));
            for s in &mut doc.stakeholders {
                if let Some(v) = s.stance {
                    if rng.chance(0.1) {
                        s.stance = Some((v + if rng.chance(0.5) { 2.0 } else { -1.0 }).clamp(-5.0, 5.0));
                    }
                }
            }
            (format!("rep{p}"), RelationshipMap::from_document(doc).expect("a valid perception"))
        })
        .collect()
}

fn merge(c: &mut Criterion) {
    let mut group = c.benchmark_group("merge_perceptions");
    group.sample_size(10).measurement_time(Duration::from_secs(6));
    for (n, r) in [(200, 1_000), (1_000, 5_000)] {
        let views = perceptions(&synthetic_account(&Spec::new(n, r)), 5);
        let merged = merge_perceptions(
            views.iter().map(|(p, m)| (p.as_str(), m)),
            MergeRule::Share(0.5),
            &MergeConfig::default(),
        )
        .unwrap();
        eprintln!("{n} people, {r} relations, 5 perceivers: {} disputes", merged.disputes.len());
        group.bench_function(format!("{n}_{r}_x5"), |b| {
            b.iter(|| {
                black_box(
                    merge_perceptions(
                        views.iter().map(|(p, m)| (p.as_str(), m)),
                        MergeRule::Share(0.5),
                        &MergeConfig::default(),
                    )
                    .unwrap(),
                )
            })
        });
    }
    group.finish();
}

fn history(c: &mut Criterion) {
    let map = synthetic_account(&Spec::new(2_000, 10_000));
    let history = simulate(&map, &SimulationConfig { steps: 10, noise: 0.1, seed: 3, ..Default::default() }).unwrap();
    let snapshots: Vec<Snapshot> = history.iter().map(|(at, m)| Snapshot { at: *at, map: m }).collect();
    let mut group = c.benchmark_group("fit_openness");
    group.sample_size(10).measurement_time(Duration::from_secs(6));
    group.bench_function("2k_10k_x11", |b| {
        b.iter(|| black_box(fit_openness(&snapshots, &FitConfig::default()).unwrap()))
    });
    let rescale = FitConfig { rescale: true, ..FitConfig::default() };
    group.bench_function("2k_10k_x11_rescale", |b| b.iter(|| black_box(fit_openness(&snapshots, &rescale).unwrap())));
    group.finish();
}

fn portfolio(c: &mut Criterion) {
    // 100 accounts of 200 people; 2 % of the people of each account also appear in the next one.
    let mut maps = Vec::new();
    let mut links = Vec::new();
    let mut rng = SplitMix64::new(11);
    for a in 0..100 {
        let mut spec = Spec::new(200, 800);
        spec.seed = 100 + a;
        let mut map = synthetic_account(&spec);
        map.set_account(Account::new(format!("acct{a}"), format!("Account {a}"))).unwrap();
        maps.push(map);
        if a > 0 {
            // Distinct people on both sides, so no two people of one account become one.
            let (mut xs, mut ys) = (Vec::new(), Vec::new());
            while xs.len() < 4 {
                let (x, y) = (rng.below(200), rng.below(200));
                if xs.contains(&x) || ys.contains(&y) {
                    continue;
                }
                xs.push(x);
                ys.push(y);
                links.push(SamePerson {
                    first: PersonRef::new(format!("acct{}", a - 1), format!("s{x}")),
                    second: PersonRef::new(format!("acct{a}"), format!("s{y}")),
                });
            }
        }
    }
    let portfolio = Portfolio { maps };
    let cfg = NetworkConfig { links, ..NetworkConfig::default() };
    let net = portfolio.network(&cfg).unwrap();
    eprintln!("{} people, {} shared, {} ties", net.people().len(), net.shared_people().len(), net.ties().len());
    let mut group = c.benchmark_group("portfolio_network");
    group.sample_size(10).measurement_time(Duration::from_secs(6));
    group.bench_function("build_100x200", |b| b.iter(|| black_box(portfolio.network(&cfg).unwrap())));
    group.bench_function("warm_paths_k3", |b| b.iter(|| black_box(net.warm_paths("acct50", "s0", 3).unwrap())));
    group.finish();
}

fn pictures(c: &mut Criterion) {
    let map = synthetic_account(&Spec::new(300, 1_500));
    let mut group = c.benchmark_group("dense_pictures");
    group.sample_size(10).measurement_time(Duration::from_secs(6));
    let chart = RenderOptions { view: View::Chart, ..Default::default() };
    group.bench_function("chart_300_1500", |b| {
        b.iter(|| black_box(render::svg(&map, &Overlay::default(), &chart).unwrap()))
    });
    let matrix = RenderOptions { view: View::Matrix, ..Default::default() };
    group.bench_function("matrix_300_1500", |b| {
        b.iter(|| black_box(render::svg(&map, &Overlay::default(), &matrix).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, merge, history, portfolio, pictures);
criterion_main!(benches);
