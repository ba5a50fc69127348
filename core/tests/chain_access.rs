//! Access paths, threading, coverage, next best contacts, ties and the result's forms.

mod chain_support;

use chain_support::{random_map, Rng};
use proptest::prelude::*;
use relmap::chain::{ChainConfig, DecisionChain, Tie};
use relmap::model::{Account, Channel, Interaction, Relation, RelationKind, Role, Stakeholder, TeamMember};
use relmap::trust::TrustConfig;
use relmap::RelationshipMap;

/// a decides; b sways a; c is a's ally and hears from d; b is in conflict with d.
/// We know b (rep, 0.6), d (se, 0.5) and c only barely (rep, 0.1).
fn small() -> (RelationshipMap, Vec<Tie>) {
    let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    map.add_stakeholder(Stakeholder::new("a", "A").with_roles([Role::EconomicBuyer]).with_stance(1.0)).unwrap();
    for id in ["b", "c", "d"] {
        map.add_stakeholder(Stakeholder::new(id, id)).unwrap();
    }
    map.add_relation(Relation::new("b", "a", RelationKind::Influences, 0.5)).unwrap();
    map.add_relation(Relation::new("c", "a", RelationKind::Ally, 0.9)).unwrap();
    map.add_relation(Relation::new("d", "c", RelationKind::Informs, 0.8)).unwrap();
    map.add_relation(Relation::new("b", "d", RelationKind::Conflict, 1.0)).unwrap();
    map.add_team_member(TeamMember::new("rep", "Zhao")).unwrap();
    map.add_team_member(TeamMember::new("se", "Sun")).unwrap();
    let ties = vec![
        Tie { member: 0, stakeholder: 1, strength: 0.6 },
        Tie { member: 1, stakeholder: 3, strength: 0.5 },
        Tie { member: 0, stakeholder: 2, strength: 0.1 },
    ];
    (map, ties)
}

fn chain_of_small() -> DecisionChain {
    let (map, ties) = small();
    map.decision_chain_with_ties(&ChainConfig::default(), &ties).unwrap()
}

#[test]
fn best_path_and_alternatives() {
    let chain = chain_of_small();
    let best = chain.best_path("a").unwrap().unwrap();
    assert_eq!((best.member.as_str(), &best.stakeholders[..]), ("se", &["d".to_string(), "c".into(), "a".into()][..]));
    assert!((best.reliability - 0.5 * 0.8 * 0.9).abs() < 1e-12);
    let all = chain.access_paths("a", 10).unwrap();
    let shown: Vec<String> = all.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown, ["se → d → c → a (0.360)", "rep → b → a (0.300)", "rep → c → a (0.090)"]);
    assert_eq!(chain.access_paths("a", 2).unwrap().len(), 2);
    assert_eq!(chain.alternative_paths("a").unwrap(), all, "the best and 2 alternatives by default");
    // The ally relation runs both ways; the conflict carries no access.
    assert!((chain.best_path("c").unwrap().unwrap().reliability - 0.4).abs() < 1e-12);
    assert_eq!(chain.access_paths("c", 10).unwrap().len(), 3);
    let e = chain.best_path("nobody").unwrap_err();
    assert_eq!((e.code(), e.field()), ("not_found", Some("to")));
    assert!(chain.access_paths("nobody", 3).is_err());
    assert!(chain.alternative_paths("nobody").is_err());
    assert_eq!(chain.reachability()[0], best.reliability);
}

#[test]
fn threads_and_key_players() {
    let chain = chain_of_small();
    // Only `influences` feeds the model: a listens to b alone, so u = (0.5, 0.5, 0, 0).
    assert_eq!(chain.decision_influence(), &[0.5, 0.5, 0.0, 0.0]);
    let key: Vec<(&str, u32)> = chain.key_players().iter().map(|k| (k.id.as_str(), k.threads)).collect();
    assert_eq!(key, [("a", 2), ("b", 1)]);
    assert_eq!(chain.threads(), &[Some(2), Some(1), None, None]);
    assert!(chain.brokers().is_empty(), "b is known directly");
}

#[test]
fn coverage_counts_covered_influence() {
    let chain = chain_of_small();
    assert_eq!(chain.covered(), &[false, true, false, true]);
    let c = chain.coverage();
    assert_eq!((c.share, c.covered, c.threshold), (0.5, 2, 0.5));
    assert_eq!(c.uncovered_key_players, ["a"]);
    assert_eq!(chain.ties(), &[0.0, 0.6, 0.1, 0.5]);
}

#[test]
fn next_best_contacts_rank_gain_with_paths() {
    let chain = chain_of_small();
    let nbc = chain.next_best_contacts();
    // b: 0.5 · (1 − 0/5) · 0.6 = 0.3 (unknown stance = 0); a: 0.5 · (1 − 1/5) · 0.36 = 0.144.
    let got: Vec<(&str, f64)> = nbc.iter().map(|c| (c.id.as_str(), c.gain)).collect();
    assert_eq!(got.len(), 2, "stakeholders without influence gain nothing");
    assert_eq!(got[0].0, "b");
    assert!((got[0].1 - 0.3).abs() < 1e-12 && (got[1].1 - 0.144).abs() < 1e-12);
    assert_eq!(nbc[1].path.to_string(), "se → d → c → a (0.360)");
    assert_eq!(nbc[0].stance, None);
    let gains = chain.contact_gains();
    assert!((gains[0] - 0.144).abs() < 1e-12 && gains[2] == 0.0);
    let (map, ties) = small();
    let one = ChainConfig { next_best_limit: 1, ..ChainConfig::default() };
    assert_eq!(map.decision_chain_with_ties(&one, &ties).unwrap().next_best_contacts().len(), 1);
}

#[test]
fn bad_ties_are_refused() {
    let (map, mut ties) = small();
    ties.push(Tie { member: 5, stakeholder: 0, strength: 0.5 });
    let e = map.decision_chain_with_ties(&ChainConfig::default(), &ties).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_tie", Some("member")));
    assert!(e.to_string().starts_with("ties[3].member"), "{e}");
}

#[test]
fn default_ties_are_trust_composites() {
    let (mut map, _) = small();
    let at = |d: &str| d.parse().unwrap();
    map.add_interaction(Interaction::new("i1", at("2026-02-01"), Channel::Visit, ["rep"], ["b", "c"])).unwrap();
    map.add_interaction(Interaction::new("i2", at("2026-02-20"), Channel::Email, ["se"], ["a"])).unwrap();
    // Contact alone earns at most an acquaintance (earned composite ≤ 40): count 35 as covered here.
    let cfg = ChainConfig {
        trust: TrustConfig { coverage_threshold: 35.0, ..TrustConfig::default() },
        ..ChainConfig::default()
    };
    let by_default = map.decision_chain(&cfg).unwrap();
    assert_eq!(by_default.as_of(), Some(at("2026-02-20")));
    // Our weight for each pair is its earned trust composite / 100, as of the chain's date.
    let report = map.trust(&cfg.trust, at("2026-02-20")).unwrap();
    let ties: Vec<Tie> = report
        .ties()
        .into_iter()
        .map(|(member, stakeholder, strength)| Tie { member, stakeholder, strength })
        .collect();
    assert_eq!(ties.len(), 3, "rep-b, rep-c, se-a");
    let explicit = map.decision_chain_with_ties(&cfg, &ties).unwrap();
    assert_eq!(by_default.reachability(), explicit.reachability());
    assert_eq!(by_default.coverage(), explicit.coverage());
    assert_eq!(by_default.ties()[0], report.pair("se", "a").unwrap().earned / 100.0);
    assert_eq!(by_default.ties()[1], report.pair("rep", "b").unwrap().earned / 100.0);
    // A visit outweighs an email, and both lie above the coverage threshold.
    assert!(by_default.ties()[1] > by_default.ties()[0] && by_default.ties()[0] >= cfg.trust.tie_threshold());
    assert_eq!(by_default.coverage().share, 1.0 - by_default.influence("d").unwrap());
    // The best path to a runs through the stronger tie: rep → b → a or se → a.
    let best = by_default.best_path("a").unwrap().unwrap();
    assert!(best.reliability >= by_default.ties()[0], "{best}");
    // Trust evidence counts too: a broken commitment to a lowers the se-a tie.
    let mut broken = map.clone();
    broken
        .add_evidence(relmap::model::Evidence {
            id: "e1".into(),
            at: at("2026-02-10"),
            member: "se".into(),
            stakeholder: "a".into(),
            kind: relmap::model::EvidenceKind::Commitment { due: at("2026-02-15"), delivered: None, description: None },
        })
        .unwrap();
    assert!(broken.decision_chain(&cfg).unwrap().ties()[0] < by_default.ties()[0]);
}

#[test]
fn result_round_trips_through_json_and_prints() {
    let chain = chain_of_small();
    let json = serde_json::to_string(&chain).unwrap();
    let back: DecisionChain = serde_json::from_str(&json).unwrap();
    assert_eq!(back.influence("b"), Some(0.5));
    assert_eq!(back.best_path("a"), chain.best_path("a"));
    assert_eq!(back.access_paths("a", 3), chain.access_paths("a", 3));
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    let text = chain.to_string();
    for part in
        ["Decision chain of acme", "Top influencers:", "Predicted support: +0.100", "Red flags", "1. b  gain 0.300"]
    {
        assert!(text.contains(part), "{part:?} not in\n{text}");
    }
    // The text names people (our rep is Zhao; a is called A), the summary keeps their ids.
    assert!(text.contains("1. b  gain 0.300 (stance ?)  via Zhao → b (0.600)"), "{text}");
    assert!(text.contains("%  A  (stance +1"), "{text}");
    assert_eq!(chain.summary(Default::default()).next_best_contacts[0].path.member, "rep");
    // A chain read back from JSON carries no names: its text names people by id.
    assert!(back.to_string().contains("via rep → b (0.600)"), "{}", back);
    let schema = serde_json::to_string(&schemars::schema_for!(DecisionChain)).unwrap();
    assert!(schema.contains("predicted_support") && schema.contains("red_flags"));
    let top = chain.top_influencers(1);
    assert_eq!((top.len(), top[0].id.as_str()), (1, "a"));
}

fn random_ties(map: &RelationshipMap, rng: &mut Rng, count: usize) -> Vec<Tie> {
    let (n, m) = (map.stakeholders().len(), map.team().len());
    let mut ties: Vec<Tie> = Vec::new();
    for _ in 0..count {
        let (member, stakeholder) = (rng.below(m), rng.below(n));
        if !ties.iter().any(|t| t.member == member && t.stakeholder == stakeholder) {
            ties.push(Tie { member, stakeholder, strength: rng.unit() });
        }
    }
    ties
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_new_relationship_never_lowers_coverage_or_reliability(seed in any::<u64>(), n in 1usize..30, k in 0usize..10) {
        let mut rng = Rng::new(seed);
        let mut map = random_map(n, 3 * n, &mut rng);
        for m in 0..3 {
            map.add_team_member(TeamMember::new(format!("m{m}"), "M")).unwrap();
        }
        let cfg = ChainConfig::default();
        let mut ties = random_ties(&map, &mut rng, k);
        let before = map.decision_chain_with_ties(&cfg, &ties).unwrap();
        // Add a new pair, or strengthen an existing one.
        let (member, stakeholder, strength) = (rng.below(3), rng.below(n), rng.unit());
        match ties.iter_mut().find(|t| t.member == member && t.stakeholder == stakeholder) {
            Some(t) => t.strength = t.strength.max(strength),
            None => ties.push(Tie { member, stakeholder, strength }),
        }
        let after = map.decision_chain_with_ties(&cfg, &ties).unwrap();
        prop_assert!(after.coverage().share >= before.coverage().share - 1e-12);
        for (a, b) in after.reachability().iter().zip(before.reachability()) {
            prop_assert!(*a >= *b);
        }
        // Every path is loopless, reliabilities are products in (0, 1], best first.
        let target = &map.stakeholders()[rng.below(n)].id;
        let paths = after.access_paths(target, 4).unwrap();
        for w in paths.windows(2) {
            prop_assert!(w[0].reliability >= w[1].reliability);
        }
        for p in &paths {
            let mut seen = p.stakeholders.clone();
            seen.sort();
            seen.dedup();
            prop_assert_eq!(seen.len(), p.stakeholders.len());
            prop_assert!(p.reliability > 0.0 && p.reliability <= 1.0);
        }
        if let Some(best) = after.best_path(target).unwrap() {
            prop_assert!((best.reliability - paths[0].reliability).abs() < 1e-12);
        }
    }
}
