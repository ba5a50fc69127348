//! Decision influence and predicted stances: closed forms, a dense reference solve,
//! and the invariants of the model.

mod chain_support;

use chain_support::{dense_model, random_map, strengths, Rng};
use proptest::prelude::*;
use relmap::chain::{BetweennessMode, ChainConfig};
use relmap::model::{Account, Relation, RelationKind, Role, Stakeholder};
use relmap::RelationshipMap;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn two_people_one_listens() {
    // B sways A (A's openness 0.5); B hears nobody, so B keeps its own view.
    // V = [[0.5, 0.5], [0, 1]], a = (1, 0): u = (0.5, 0.5).
    let mut map = RelationshipMap::new(Account::new("a", "A"));
    map.add_stakeholder(Stakeholder::new("a", "A").with_roles([Role::EconomicBuyer]).with_stance(-2.0)).unwrap();
    map.add_stakeholder(Stakeholder::new("b", "B").with_stance(4.0)).unwrap();
    map.add_relation(Relation::new("b", "a", RelationKind::Influences, 0.3)).unwrap();
    let chain = map.decision_chain(&ChainConfig::default()).unwrap();
    assert!(close(chain.influence("a").unwrap(), 0.5, 1e-12));
    assert!(close(chain.influence("b").unwrap(), 0.5, 1e-12));
    assert_eq!(chain.openness(), &[0.5, 0.0]);
    // x*_a = 0.5·(−2) + 0.5·4 = 1; x*_b = 4. S = 0.5·(−2/5) + 0.5·(4/5) = 0.2.
    assert!(close(chain.predicted_stance("a").unwrap(), 1.0, 1e-9));
    assert!(close(chain.predicted_stance("b").unwrap(), 4.0, 1e-12));
    assert!(close(chain.predicted_support(), 0.2, 1e-12));
}

#[test]
fn two_people_sway_each_other() {
    // A (economic buyer, openness 0.5) and B (decision maker, openness 0.4) influence
    // each other. V = [[0.625, 0.375], [0.25, 0.75]], a = (1, 0.7)/1.7.
    let mut map = RelationshipMap::new(Account::new("a", "A"));
    map.add_stakeholder(Stakeholder::new("a", "A").with_roles([Role::EconomicBuyer]).with_stance(5.0)).unwrap();
    map.add_stakeholder(Stakeholder::new("b", "B").with_roles([Role::DecisionMaker]).with_openness(0.4)).unwrap();
    map.add_relation(Relation::new("a", "b", RelationKind::Influences, 1.0).both_ways()).unwrap();
    let chain = map.decision_chain(&ChainConfig::default()).unwrap();
    assert!(close(chain.influence("a").unwrap(), 0.8 / 1.7, 1e-10));
    assert!(close(chain.influence("b").unwrap(), 0.9 / 1.7, 1e-10));
    // B's stance is unknown (0): x* = V·(5, 0) = (3.125, 1.25).
    assert!(close(chain.predicted_stance("a").unwrap(), 3.125, 1e-9));
    assert!(close(chain.predicted_stance("b").unwrap(), 1.25, 1e-9));
    assert!(close(chain.predicted_support(), 0.8 / 1.7, 1e-10));
}

#[test]
fn three_level_org_chart() {
    // ceo ← vp ← eng by reports_to only: implied 0.6 down, 0.3 up; openness 0.5.
    // Solving Mᵀz = e₁ with M = I − ΛW by hand gives z = (11/9, 2/3, 1/9), u = z/2.
    let mut map = RelationshipMap::new(Account::new("a", "A"));
    map.add_stakeholder(Stakeholder::new("ceo", "C").with_roles([Role::EconomicBuyer])).unwrap();
    map.add_stakeholder(Stakeholder::new("vp", "V").with_reports_to("ceo")).unwrap();
    map.add_stakeholder(Stakeholder::new("eng", "E").with_reports_to("vp")).unwrap();
    let chain = map.decision_chain(&ChainConfig::default()).unwrap();
    let u = chain.decision_influence();
    for (got, want) in u.iter().zip([11.0 / 18.0, 1.0 / 3.0, 1.0 / 18.0]) {
        assert!(close(*got, want, 1e-10), "{u:?}");
    }
    // Removing the implied edges leaves the economic buyer alone.
    let cfg = ChainConfig { manager_to_report: 0.0, report_to_manager: 0.0, ..ChainConfig::default() };
    assert_eq!(map.decision_chain(&cfg).unwrap().decision_influence(), &[1.0, 0.0, 0.0]);
}

#[test]
fn agrees_with_a_dense_solve_on_random_graphs() {
    let cfg = ChainConfig { tolerance: 1e-12, betweenness: BetweennessMode::Off, ..ChainConfig::default() };
    let mut rng = Rng::new(2026);
    for case in 0..40 {
        let n = if case < 30 { 2 + rng.below(40) } else { 150 + rng.below(51) };
        let map = random_map(n, rng.below(4 * n + 1), &mut rng);
        let chain = map.decision_chain(&cfg).unwrap();
        let dense = dense_model(&map, cfg.manager_to_report, cfg.report_to_manager, cfg.default_openness);
        for i in 0..n {
            let row: f64 = dense.v[i].iter().sum();
            assert!(close(row, 1.0, 1e-9), "V is row-stochastic");
            assert!(close(chain.decision_influence()[i], dense.u[i], 1e-9), "case {case} n {n} u[{i}]");
            assert!(close(chain.predicted_stances()[i], dense.x[i], 1e-9), "case {case} n {n} x[{i}]");
        }
    }
}

#[test]
fn the_influence_bound_holds_from_low_to_high_openness() {
    // The decision-influence solve (over-relaxed sweeps, then Gauss–Seidel ones) stops
    // on a bound of ‖u − u*‖₁: the error against the dense solve stays under the
    // tolerance, whatever the openness (which sets the relaxation factor).
    let mut rng = Rng::new(77);
    for openness in [0.05, 0.3, 0.5, 0.8, 0.95, 0.99] {
        let cfg =
            ChainConfig { default_openness: openness, betweenness: BetweennessMode::Off, ..ChainConfig::default() };
        for case in 0..8 {
            let n = 20 + rng.below(120);
            let map = random_map(n, rng.below(4 * n + 1), &mut rng);
            let chain = map.decision_chain(&cfg).unwrap();
            let dense = dense_model(&map, cfg.manager_to_report, cfg.report_to_manager, openness);
            let error: f64 = chain.decision_influence().iter().zip(&dense.u).map(|(u, d)| (u - d).abs()).sum();
            // The tolerance, and room for the dense solve's own rounding.
            assert!(error <= cfg.tolerance + 1e-12, "openness {openness} case {case}: ‖u − u*‖₁ = {error:e}");
        }
    }
}

/// Betweenness by its definition on the speaker → listener graph: for every ordered
/// pair, the share of shortest paths (counted by BFS layers) through each vertex.
fn brute_betweenness(s: &[Vec<f64>]) -> Vec<f64> {
    let n = s.len();
    let edge = |a: usize, b: usize| s[b][a] > 0.0; // a speaks to b
    let inf = usize::MAX;
    let mut dist = vec![vec![inf; n]; n];
    let mut count = vec![vec![0.0f64; n]; n];
    for src in 0..n {
        dist[src][src] = 0;
        count[src][src] = 1.0;
        let mut frontier = vec![src];
        let mut d = 0;
        while !frontier.is_empty() {
            d += 1;
            let mut next = Vec::new();
            for v in 0..n {
                if dist[src][v] != inf && dist[src][v] < d {
                    continue;
                }
                let c: f64 = frontier.iter().filter(|&&f| edge(f, v)).map(|&f| count[src][f]).sum();
                if c > 0.0 {
                    dist[src][v] = d;
                    count[src][v] = c;
                    next.push(v);
                }
            }
            frontier = next;
        }
    }
    let mut c = vec![0.0; n];
    for a in 0..n {
        for b in 0..n {
            if a == b || dist[a][b] == inf {
                continue;
            }
            for v in 0..n {
                if v != a && v != b && dist[a][v] != inf && dist[v][b] != inf && dist[a][v] + dist[v][b] == dist[a][b] {
                    c[v] += count[a][v] * count[v][b] / count[a][b];
                }
            }
        }
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn influence_is_a_distribution(seed in any::<u64>(), n in 1usize..40, density in 0usize..5) {
        let mut rng = Rng::new(seed);
        let map = random_map(n, density * n, &mut rng);
        let chain = map.decision_chain(&ChainConfig::default()).unwrap();
        let u = chain.decision_influence();
        prop_assert!(u.iter().all(|&x| x >= 0.0));
        prop_assert!((u.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        prop_assert!(chain.predicted_support().abs() <= 1.0 + 1e-12);
        prop_assert!(chain.predicted_stances().iter().all(|x| x.abs() <= 5.0 + 1e-9));
    }

    #[test]
    fn raising_a_stance_never_lowers_support(seed in any::<u64>(), n in 1usize..30, pick in any::<usize>(), up in 0.0f64..10.0) {
        let mut rng = Rng::new(seed);
        let map = random_map(n, 3 * n, &mut rng);
        let cfg = ChainConfig::default();
        let before = map.decision_chain(&cfg).unwrap();
        let j = pick % n;
        let mut raised = map.clone();
        let old = map.stakeholders()[j].stance.unwrap_or(0.0);
        raised.set_stance(&map.stakeholders()[j].id, Some((old + up).min(5.0))).unwrap();
        let after = raised.decision_chain(&cfg).unwrap();
        prop_assert!(after.predicted_support() >= before.predicted_support() - 1e-12);
        for (a, b) in after.predicted_stances().iter().zip(before.predicted_stances()) {
            prop_assert!(*a >= b - 1e-9);
        }
    }

    #[test]
    fn betweenness_equals_the_brute_force_count(seed in any::<u64>(), n in 2usize..10, m in 0usize..25) {
        let mut rng = Rng::new(seed);
        let map = random_map(n, m, &mut rng);
        let cfg = ChainConfig { betweenness: BetweennessMode::Exact, ..ChainConfig::default() };
        let chain = map.decision_chain(&cfg).unwrap();
        let fast = chain.betweenness().unwrap();
        let slow = brute_betweenness(&strengths(&map, cfg.manager_to_report, cfg.report_to_manager));
        for (a, b) in fast.iter().zip(&slow) {
            prop_assert!((a - b).abs() < 1e-9, "{fast:?} vs {slow:?}");
        }
    }
}

#[test]
fn betweenness_follows_the_mode() {
    let mut rng = Rng::new(1);
    let map = random_map(30, 60, &mut rng);
    let with = |mode| map.decision_chain(&ChainConfig { betweenness: mode, ..ChainConfig::default() }).unwrap();
    assert!(with(BetweennessMode::Off).betweenness().is_none());
    assert!(with(BetweennessMode::UpTo(29)).betweenness().is_none());
    assert_eq!(with(BetweennessMode::UpTo(30)).betweenness(), with(BetweennessMode::Exact).betweenness());
    // Sampling every stakeholder is the exact count; a smaller sample is a scaled estimate
    // of the same order, the same on every run.
    assert_eq!(with(BetweennessMode::Sampled(30)).betweenness(), with(BetweennessMode::Exact).betweenness());
    let exact = with(BetweennessMode::Exact).betweenness().unwrap().to_vec();
    let sampled = with(BetweennessMode::Sampled(10)).betweenness().unwrap().to_vec();
    assert_eq!(with(BetweennessMode::Sampled(10)).betweenness().unwrap(), &sampled[..]);
    assert_ne!(sampled, exact);
    let (total_exact, total_sampled): (f64, f64) = (exact.iter().sum(), sampled.iter().sum());
    assert!((total_sampled / total_exact - 1.0).abs() < 0.5, "{total_sampled} vs {total_exact}");
}

#[test]
fn errors_are_typed() {
    let cfg = ChainConfig::default();
    let mut map = RelationshipMap::new(Account::new("a", "A"));
    let e = map.decision_chain(&cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty_list", Some("stakeholders")));
    map.add_stakeholder(Stakeholder::new("x", "X").with_roles([Role::Champion])).unwrap();
    map.add_stakeholder(Stakeholder::new("y", "Y").with_openness(0.99)).unwrap();
    assert_eq!(map.decision_chain(&cfg).unwrap_err().code(), "no_authority");
    map.update_stakeholder(Stakeholder::new("x", "X").with_authority(0.5).with_openness(0.99)).unwrap();
    map.add_relation(Relation::new("x", "y", RelationKind::Influences, 1.0).both_ways()).unwrap();
    let tight = ChainConfig { max_iterations: 3, ..ChainConfig::default() };
    let e = map.decision_chain(&tight).unwrap_err();
    assert_eq!((e.code(), e.field()), ("not_converged", Some("max_iterations")));
    assert!(e.to_string().contains("decision_influence"), "{e}");
    let bad = ChainConfig { default_openness: -0.1, ..ChainConfig::default() };
    assert_eq!(map.decision_chain(&bad).unwrap_err().field(), Some("default_openness"));
}
