//! `RelationshipMap::influence_graph`: the petgraph view is exactly the network the
//! decision chain computes over.

use std::path::PathBuf;

use relmap::chain::ChainConfig;
use relmap::model::{Account, Relation, RelationKind, Stakeholder};
use relmap::petgraph::visit::EdgeRef;
use relmap::petgraph::Direction;
use relmap::RelationshipMap;

fn sample(name: &str) -> RelationshipMap {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../examples/data/{name}.json"));
    relmap::io::load(&path).unwrap()
}

/// Decision influence u = Vᵀa from the petgraph view alone: W[i][j] = w(j→i) / Σ_k w(k→i),
/// y_j = a_j + Σ_i y_i λ_i W[i][j] iterated to a fixed point, u = (1 − λ)∘y.
fn influence_from_graph(map: &RelationshipMap, cfg: &ChainConfig, lambda: &[f64], authority: &[f64]) -> Vec<f64> {
    let g = map.influence_graph(cfg);
    let total: f64 = authority.iter().sum();
    let a: Vec<f64> = authority.iter().map(|x| x / total).collect();
    let incoming: Vec<f64> =
        g.node_indices().map(|i| g.edges_directed(i, Direction::Incoming).map(|e| *e.weight()).sum()).collect();
    let mut y = a.clone();
    for _ in 0..100_000 {
        let mut next = a.clone();
        for e in g.edge_references() {
            let (speaker, listener) = (e.source().index(), e.target().index());
            next[speaker] += y[listener] * lambda[listener] * e.weight() / incoming[listener];
        }
        let change = next.iter().zip(&y).map(|(p, q)| (p - q).abs()).fold(0.0, f64::max);
        y = next;
        if change < 1e-15 {
            break;
        }
    }
    y.iter().zip(lambda).map(|(y, l)| (1.0 - l) * y).collect()
}

#[test]
fn the_chain_s_influence_follows_from_the_petgraph_view() {
    for name in ["manufacturing_cloud", "city_construction_tender", "demo_small"] {
        let map = sample(name);
        let cfg = ChainConfig::default();
        let chain = map.decision_chain(&cfg).unwrap();
        let u = influence_from_graph(&map, &cfg, chain.openness(), chain.authority());
        for (k, (got, want)) in u.iter().zip(chain.decision_influence()).enumerate() {
            assert!((got - want).abs() < 1e-9, "{name} {}: {got} vs {want}", chain.stakeholder_ids()[k]);
        }
        let g = map.influence_graph(&cfg);
        let ids: Vec<&str> = g.node_indices().map(|n| g[n]).collect();
        assert_eq!(ids, chain.stakeholder_ids());
        // A stakeholder nobody sways has openness 0 in the chain.
        for n in g.node_indices() {
            if g.edges_directed(n, Direction::Incoming).next().is_none() {
                assert_eq!(chain.openness()[n.index()], 0.0, "{name} {}", g[n]);
            }
        }
    }
}

#[test]
fn explicit_relations_replace_implied_edges_and_non_influence_relations_are_left_out() {
    let mut map = RelationshipMap::new(Account::new("a", "A"));
    map.add_stakeholder(Stakeholder::new("boss", "B")).unwrap();
    map.add_stakeholder(Stakeholder::new("dev", "D").with_reports_to("boss")).unwrap();
    map.add_stakeholder(Stakeholder::new("ops", "O")).unwrap();
    map.add_relation(Relation::new("boss", "dev", RelationKind::Influences, 0.9)).unwrap();
    map.add_relation(Relation::new("ops", "dev", RelationKind::Ally, 0.5).both_ways()).unwrap();
    map.add_relation(Relation::new("ops", "boss", RelationKind::Informs, 0.5)).unwrap();
    map.add_relation(Relation::new("ops", "dev", RelationKind::Influences, 0.2).both_ways()).unwrap();
    let cfg = ChainConfig::default();
    let g = map.influence_graph(&cfg);
    let mut edges: Vec<(&str, &str, f64)> =
        g.edge_references().map(|e| (g[e.source()], g[e.target()], *e.weight())).collect();
    edges.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    assert_eq!(edges, [("boss", "dev", 0.9), ("dev", "boss", 0.3), ("dev", "ops", 0.2), ("ops", "dev", 0.2)]);
    // Without the implied edges only the explicit ones stay.
    let no_org = ChainConfig { manager_to_report: 0.0, report_to_manager: 0.0, ..ChainConfig::default() };
    assert_eq!(map.influence_graph(&no_org).edge_count(), 3);
}
