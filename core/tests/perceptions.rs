//! Several perceptions of one account: the consensus rules on hand-made
//! perceptions with known results, accuracy figures checked by hand, disputes
//! and influence ranges against independent recomputation, and the errors.

use relmap::chain::ChainConfig;
use relmap::model::{Account, Relation, RelationKind, Role, Stakeholder, TeamMember};
use relmap::perception::{merge_perceptions, DisputeSubject, MergeConfig, MergeRule, MergedPerceptions};
use relmap::RelationshipMap;

const PEOPLE: [&str; 4] = ["a", "b", "c", "d"];

/// One perceiver's map of the four managers a, b, c, d (d decides) with the ties they see.
fn perceived(ties: &[(&str, &str)]) -> RelationshipMap {
    let mut m = RelationshipMap::new(Account::new("acct", "Acct"));
    for id in PEOPLE {
        let s = Stakeholder::new(id, id.to_uppercase());
        m.add_stakeholder(if id == "d" { s.with_roles([Role::EconomicBuyer]) } else { s }).unwrap();
    }
    for &(s, t) in ties {
        m.add_relation(Relation::new(s, t, RelationKind::Influences, 1.0)).unwrap();
    }
    m
}

/// A cognitive social structure in the style of Krackhardt (1987): each manager
/// reports the whole advice network of four as they see it.
fn css() -> Vec<(&'static str, RelationshipMap)> {
    vec![
        ("a", perceived(&[("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "c")])),
        ("b", perceived(&[("a", "b"), ("b", "c"), ("c", "d"), ("b", "d")])),
        ("c", perceived(&[("a", "b"), ("b", "c"), ("d", "a"), ("c", "a")])),
        ("d", perceived(&[("a", "b"), ("c", "d"), ("d", "a"), ("d", "b")])),
    ]
}

fn merge(maps: &[(&str, RelationshipMap)], rule: MergeRule) -> MergedPerceptions {
    merge_perceptions(maps.iter().map(|(p, m)| (*p, m)), rule, &MergeConfig::default()).unwrap()
}

/// The directed ties of a map as "st" strings, sorted (a two-way relation gives two).
fn ties(m: &RelationshipMap) -> Vec<String> {
    let mut t: Vec<String> = Vec::new();
    for r in m.relations() {
        t.push(format!("{}{}", r.source, r.target));
        if r.direction == relmap::model::Direction::Both {
            t.push(format!("{}{}", r.target, r.source));
        }
    }
    t.sort();
    t
}

#[test]
fn the_five_rules_give_the_hand_computed_consensus() {
    let maps = css();
    // Drawn by: ab 4, bc 3, cd 3, da 3, ac 1 (a), bd 1 (b), ca 1 (c), db 1 (d).
    assert_eq!(ties(&merge(&maps, MergeRule::Intersection).map), ["ab"]);
    assert_eq!(ties(&merge(&maps, MergeRule::Share(0.5)).map), ["ab", "bc", "cd", "da"]);
    assert_eq!(ties(&merge(&maps, MergeRule::Share(0.8)).map), ["ab"]);
    let union = merge(&maps, MergeRule::Union).map;
    assert_eq!(ties(&union).len(), 8);
    // ac and ca (and bd, db) are kept both ways with one strength: one two-way relation each.
    assert_eq!(union.relations().len(), 6);
    // LAS and: i → j counts when both i and j drew it. c did not draw cd; a did not draw ca.
    assert_eq!(ties(&merge(&maps, MergeRule::LasAnd).map), ["ab", "bc", "da"]);
    // LAS or: either end drew it; each single-perceiver tie involves its perceiver.
    assert_eq!(ties(&merge(&maps, MergeRule::LasOr).map), ["ab", "ac", "bc", "bd", "ca", "cd", "da", "db"]);
}

#[test]
fn accuracy_matches_the_hand_computed_table() {
    let merged = merge(&css(), MergeRule::Share(0.5));
    // Consensus {ab, bc, cd, da} over 12 ordered pairs.
    // a drew all four and ac: TP 4, FP 1, FN 0, TN 7.
    let a = merged.accuracy_of("a").unwrap();
    assert_eq!((a.drawn, a.consensus, a.agreed), (5, 4, 4));
    assert_eq!((a.precision, a.recall), (Some(0.8), Some(1.0)));
    let phi_a = 28.0 / (5.0f64 * 4.0 * 8.0 * 7.0).sqrt();
    assert!((a.correlation.unwrap() - phi_a).abs() < 1e-12);
    // b, c and d each drew three of the four and one of their own: TP 3, FP 1, FN 1, TN 7.
    for p in ["b", "c", "d"] {
        let x = merged.accuracy_of(p).unwrap();
        assert_eq!((x.precision, x.recall), (Some(0.75), Some(0.75)), "{p}");
        assert!((x.correlation.unwrap() - 20.0 / 32.0).abs() < 1e-12, "{p}");
        assert_eq!(x.stance_error, None);
    }
    assert_eq!(merged.perceivers, PEOPLE);
}

#[test]
fn las_rules_ask_the_ends_and_report_ties_they_cannot_judge() {
    let mut maps = css();
    // a also knows e, who is no perceiver, and sees e → a and e → b; nobody else draws e.
    let m = &mut maps[0].1;
    m.add_stakeholder(Stakeholder::new("e", "E")).unwrap();
    m.add_relation(Relation::new("e", "a", RelationKind::Influences, 0.5)).unwrap();
    m.add_relation(Relation::new("e", "b", RelationKind::Influences, 0.5)).unwrap();
    let las = merge(&maps, MergeRule::LasAnd);
    // e → a: a is the only end asked and drew it. e → b: b never drew e, so nobody can judge it.
    assert!(ties(&las.map).contains(&"ea".to_string()));
    assert!(!ties(&las.map).contains(&"eb".to_string()));
    assert_eq!(las.unjudged.len(), 1);
    assert_eq!((las.unjudged[0].source.as_str(), las.unjudged[0].target.as_str()), ("e", "b"));
    assert_eq!(las.unjudged[0].drawn_by, ["a"]);
    // The other rules judge it by everyone who drew both people (only a).
    assert!(merge(&maps, MergeRule::Intersection).unjudged.is_empty());
    assert!(ties(&merge(&maps, MergeRule::Intersection).map).contains(&"eb".to_string()));
}

#[test]
fn perceivers_map_to_stakeholders_and_team_members_are_refused_for_las() {
    let maps = css();
    let keyed: Vec<(String, &RelationshipMap)> = maps.iter().map(|(p, m)| (format!("{p}@acct.cn"), m)).collect();
    let cfg = MergeConfig {
        perceivers: PEOPLE.iter().map(|p| (format!("{p}@acct.cn"), p.to_string())).collect(),
        ..MergeConfig::default()
    };
    let merged = merge_perceptions(keyed.iter().map(|(p, m)| (p.as_str(), *m)), MergeRule::LasAnd, &cfg).unwrap();
    assert_eq!(ties(&merged.map), ["ab", "bc", "da"]);

    // Our own reps are not on the influence network.
    let mut rep_view = perceived(&[("a", "b")]);
    rep_view.add_team_member(TeamMember::new("rep", "Rep")).unwrap();
    let err = merge_perceptions([("rep", &rep_view)], MergeRule::LasOr, &MergeConfig::default()).unwrap_err();
    assert_eq!((err.code(), err.field()), ("unknown_reference", Some("perceivers.rep")));
    assert!(err.to_string().contains("team members"), "{err}");
    // The other rules take any perceiver.
    assert!(merge_perceptions([("rep", &rep_view)], MergeRule::Union, &MergeConfig::default()).is_ok());
}

/// An account seen by three of our reps: the org chart, one disputed influence on
/// the economic buyer, one disputed tie between two minor people, an informs
/// tie in dispute and a disputed stance.
fn team_views() -> Vec<(&'static str, RelationshipMap)> {
    let mut base = RelationshipMap::new(Account::new("acct", "Acct"));
    base.add_stakeholder(Stakeholder::new("gm", "GM").with_roles([Role::EconomicBuyer]).with_stance(1.0)).unwrap();
    base.add_stakeholder(Stakeholder::new("cfo", "CFO").with_reports_to("gm").with_stance(-3.0)).unwrap();
    base.add_stakeholder(Stakeholder::new("cio", "CIO").with_reports_to("gm").with_stance(4.0)).unwrap();
    base.add_stakeholder(Stakeholder::new("eng", "Eng").with_reports_to("cio").with_stance(2.0)).unwrap();
    base.add_stakeholder(Stakeholder::new("clerk", "Clerk").with_reports_to("cfo")).unwrap();
    base.add_relation(Relation::new("cio", "gm", RelationKind::Influences, 0.7)).unwrap();
    let mut am = base.clone();
    am.add_relation(Relation::new("cfo", "gm", RelationKind::Influences, 0.9)).unwrap();
    am.add_relation(Relation::new("eng", "clerk", RelationKind::Influences, 0.3)).unwrap();
    am.add_relation(Relation::new("clerk", "cfo", RelationKind::Informs, 0.5)).unwrap();
    let mut se = base.clone();
    se.add_relation(Relation::new("cfo", "gm", RelationKind::Influences, 0.7)).unwrap();
    se.set_stance("cfo", Some(0.0)).unwrap();
    let mut sales_vp = base;
    sales_vp.set_stance("cfo", Some(-4.0)).unwrap();
    vec![("am", am), ("se", se), ("vp", sales_vp)]
}

#[test]
fn disputes_rank_by_the_share_of_the_decision_at_stake() {
    let maps = team_views();
    let merged = merge(&maps, MergeRule::Share(0.5));
    let cfg = ChainConfig::default();
    let u = merged.map.decision_influence(&cfg).unwrap();
    let kinds: Vec<String> = merged
        .disputes
        .iter()
        .map(|d| match &d.subject {
            DisputeSubject::Tie { source, target, .. } => format!("{source}>{target}"),
            DisputeSubject::Stance { id, .. } => format!("stance {id}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["cfo>gm", "stance cfo", "eng>clerk", "clerk>cfo"]);
    // The CFO's sway over the GM: kept (2 of 3) at the mean strength 0.8; the stake is
    // the influence that moves when it is removed, recomputed independently.
    let without = {
        let mut m = merged.map.clone();
        m.remove_relation("cfo", "gm", RelationKind::Influences).unwrap();
        m.decision_influence(&cfg).unwrap()
    };
    let tv = 0.5 * u.iter().zip(&without).map(|(a, b)| (a - b).abs()).sum::<f64>();
    let top = &merged.disputes[0];
    assert!((top.at_stake - tv).abs() < 1e-9, "{} vs {tv}", top.at_stake);
    match &top.subject {
        DisputeSubject::Tie { drawn_by, not_drawn_by, kept, relation, .. } => {
            assert_eq!(
                (drawn_by, not_drawn_by, *kept),
                (&vec!["am".to_string(), "se".into()], &vec!["vp".to_string()], true)
            );
            assert_eq!(*relation, RelationKind::Influences);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(merged.map.relations().iter().find(|r| r.source == "cfo").unwrap().strength, 0.8);
    // Stance of the CFO: −3, 0, −4 → median −3, range 4: u_cfo · 4 / 10 of the decision.
    let cfo = merged.map.stakeholder_idx("cfo").unwrap();
    let stance = &merged.disputes[1];
    assert!((stance.at_stake - u[cfo] * 0.4).abs() < 1e-12);
    assert!((stance.support_shift - u[cfo] * 0.8).abs() < 1e-12);
    assert_eq!(merged.map.stakeholder("cfo").unwrap().stance, Some(-3.0));
    // An informs tie moves no influence; the minor tie (drawn by one of three) is left out.
    assert_eq!(merged.disputes[3].at_stake, 0.0);
    assert!(!ties(&merged.map).contains(&"engclerk".to_string()));
}

#[test]
fn influence_ranges_span_the_perceptions() {
    let maps = team_views();
    let merged = merge(&maps, MergeRule::Share(0.5));
    let cfg = ChainConfig::default();
    let per: Vec<Vec<f64>> = maps.iter().map(|(_, m)| m.decision_influence(&cfg).unwrap()).collect();
    for (i, r) in merged.influence.iter().enumerate() {
        let lo = per.iter().map(|u| u[i]).fold(f64::INFINITY, f64::min);
        let hi = per.iter().map(|u| u[i]).fold(f64::NEG_INFINITY, f64::max);
        assert_eq!((r.min, r.max, r.perceivers), (lo, hi, 3), "{}", r.id);
        assert!((r.spread - (hi - lo)).abs() < 1e-15);
    }
    // Whether the CFO sways the GM moves about 8 points of the decision between the CFO and the CIO.
    let (cfo, cio) = (merged.influence_of("cfo").unwrap(), merged.influence_of("cio").unwrap());
    assert!(cfo.spread > 0.05 && cio.spread > 0.05, "{cfo:?} {cio:?}");
    let gm = merged.influence_of("gm").unwrap();
    let s = merged.support;
    assert!(s.min <= s.max && s.min < s.consensus + 1e-12);
    // The chain on the consensus is the chain of its map.
    let chain = merged.decision_chain(&cfg).unwrap();
    assert_eq!(chain.influence("gm"), Some(gm.consensus));
}

#[test]
fn directions_kinds_and_strengths_merge_sensibly() {
    let mut base = RelationshipMap::new(Account::new("acct", "Acct"));
    base.add_stakeholder(Stakeholder::new("x", "X").with_roles([Role::EconomicBuyer])).unwrap();
    base.add_stakeholder(Stakeholder::new("y", "Y").with_roles([Role::Coach])).unwrap();
    let mut p1 = base.clone();
    p1.add_relation(Relation::new("x", "y", RelationKind::Influences, 0.6).both_ways()).unwrap();
    p1.add_relation(Relation::new("y", "x", RelationKind::Ally, 0.4)).unwrap();
    let mut p2 = base.clone();
    p2.add_relation(Relation::new("x", "y", RelationKind::Influences, 0.6)).unwrap();
    p2.add_relation(Relation::new("y", "x", RelationKind::Influences, 0.6)).unwrap();
    p2.add_relation(Relation::new("x", "y", RelationKind::Ally, 0.8)).unwrap();
    p2.update_stakeholder(Stakeholder::new("y", "Y")).unwrap();
    let merged =
        merge_perceptions([("p2", &p2), ("p1", &p1)], MergeRule::Intersection, &MergeConfig::default()).unwrap();
    let rels = merged.map.relations();
    assert_eq!(rels.len(), 2, "{rels:?}");
    // Two arcs kept with one strength: one two-way relation.
    assert_eq!(rels[0].direction, relmap::model::Direction::Both);
    // Ally is one tie whichever way it was drawn: oriented as p1 (first in id order) drew it.
    assert_eq!(
        (rels[1].source.as_str(), rels[1].kind, rels[1].strength),
        ("y", RelationKind::Ally, 0.6000000000000001)
    );
    // One of two gives y the coach role: a share of 0.5 keeps it, and it is a dispute.
    assert!(merged.map.stakeholder("y").unwrap().has_role(Role::Coach));
    assert!(merged.disputes.iter().any(|d| matches!(&d.subject, DisputeSubject::Role { role: Role::Coach, .. })));
    let json = serde_json::to_string(&merged).unwrap();
    let back: MergedPerceptions = serde_json::from_str(&json).unwrap();
    assert_eq!(back, merged);
}

#[test]
fn bad_input_gives_typed_errors() {
    let maps = css();
    let cfg = MergeConfig::default();
    let e = merge_perceptions(std::iter::empty(), MergeRule::Union, &cfg).unwrap_err();
    assert_eq!(e.code(), "empty_list");
    let e = merge_perceptions([("a", &maps[0].1), ("a", &maps[1].1)], MergeRule::Union, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("perceptions.a")));
    let e = merge_perceptions([(" ", &maps[0].1)], MergeRule::Union, &cfg).unwrap_err();
    assert_eq!(e.code(), "empty_id");
    let e = merge_perceptions([("a", &maps[0].1)], MergeRule::Share(0.0), &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("rule.share")));

    let mut other = maps[1].1.clone();
    other.set_account(Account::new("other", "Other")).unwrap();
    let e = merge_perceptions([("a", &maps[0].1), ("b", &other)], MergeRule::Union, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_argument", Some("perceptions.b.account.id")));

    let (mut x, mut y) = (maps[0].1.clone(), maps[1].1.clone());
    x.add_team_member(TeamMember::new("rep", "Zhao Min")).unwrap();
    y.add_team_member(TeamMember::new("rep", "Zhao M.")).unwrap();
    let e = merge_perceptions([("a", &x), ("b", &y)], MergeRule::Union, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("perceptions.b.team")));

    // Each perceiver's own org chart is valid, but the majority loops a → b → c → a.
    let chart = |edges: &[(&str, &str)]| {
        let mut m = RelationshipMap::new(Account::new("acct", "Acct"));
        let mut doc = m.to_document();
        for id in ["a", "b", "c"] {
            let mut s = Stakeholder::new(id, id).with_roles([Role::EconomicBuyer]);
            s.reports_to = edges.iter().find(|e| e.0 == id).map(|e| e.1.to_string());
            doc.stakeholders.push(s);
        }
        m = RelationshipMap::from_document(doc).unwrap();
        m
    };
    let (p1, p2, p3) =
        (chart(&[("a", "b"), ("b", "c")]), chart(&[("b", "c"), ("c", "a")]), chart(&[("c", "a"), ("a", "b")]));
    let e = merge_perceptions([("p1", &p1), ("p2", &p2), ("p3", &p3)], MergeRule::Union, &cfg).unwrap_err();
    assert_eq!(e.code(), "reports_to_cycle");
    assert!(e.to_string().contains("a -> b -> c -> a"), "{e}");

    // Influence cannot be computed in a perception where nobody decides.
    let mut nobody = maps[0].1.clone();
    nobody.update_stakeholder(Stakeholder::new("d", "D")).unwrap();
    let e = merge_perceptions([("a", &maps[1].1), ("z", &nobody)], MergeRule::Union, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("no_authority", Some("perceptions.z")));
}

#[test]
fn identical_perceptions_merge_to_the_same_map_under_every_rule() {
    let map =
        relmap::io::load(format!("{}/../examples/data/manufacturing_cloud.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let views: Vec<(String, RelationshipMap)> =
        ["am", "architect", "presales"].iter().map(|p| (p.to_string(), map.clone())).collect();
    // The sample's team members are no stakeholders: map each perceiver to someone on the map for LAS.
    let cfg = MergeConfig {
        perceivers: [("am", "cio"), ("architect", "it_pmo_mgr"), ("presales", "plant2_director")]
            .iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect(),
        ..MergeConfig::default()
    };
    let u = map.decision_influence(&ChainConfig::default()).unwrap();
    for rule in [MergeRule::Intersection, MergeRule::Union, MergeRule::Share(0.5), MergeRule::LasAnd, MergeRule::LasOr]
    {
        let merged = merge_perceptions(views.iter().map(|(p, m)| (p.as_str(), m)), rule, &cfg).unwrap();
        assert!(merged.disputes.is_empty(), "{rule}: {:?}", merged.disputes.first());
        for a in &merged.accuracy {
            assert_eq!(a.stance_error, Some(0.0));
            if rule.is_local() {
                continue; // ties between non-perceivers are left to no one
            }
            assert_eq!((a.precision, a.recall, a.correlation), (Some(1.0), Some(1.0), Some(1.0)), "{rule}");
        }
        for (r, &ui) in merged.influence.iter().zip(&u) {
            assert!(r.spread.abs() < 1e-12 && (r.min - ui).abs() < 1e-12, "{rule} {}", r.id);
        }
        if !rule.is_local() {
            // The same people, stances, roles and org chart, and the same ties.
            assert_eq!(merged.map.stakeholders(), map.stakeholders(), "{rule}");
            assert_eq!(ties(&merged.map), ties(&map), "{rule}");
            assert_eq!(merged.map.interactions(), map.interactions());
            assert!((merged.influence[0].consensus - u[0]).abs() < 1e-12);
        } else {
            assert!(!merged.unjudged.is_empty(), "most sample ties involve no perceiver");
        }
    }
}
