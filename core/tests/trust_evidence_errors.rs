//! Bad trust evidence never reaches scoring: the map refuses it with a typed
//! error naming the item and field, whether built in code or loaded from JSON.
//! Bad arguments to scoring (unknown ids, a bad config) fail with `TrustError`.

use relmap::model::{
    Account, Channel, Evidence, EvidenceKind, Interaction, ModelError, Pillar, Stakeholder, TeamMember,
};
use relmap::time::Timestamp;
use relmap::trust::{PillarWeights, TrustConfig, TrustError};
use relmap::RelationshipMap;

fn day(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn map() -> RelationshipMap {
    let mut m = RelationshipMap::new(Account::new("acme", "Acme"));
    m.add_stakeholder(Stakeholder::new("cfo", "Wang Li")).unwrap();
    m.add_team_member(TeamMember::new("rep", "Zhao Min")).unwrap();
    m
}

fn evidence(member: &str, stakeholder: &str, kind: EvidenceKind) -> Evidence {
    Evidence { id: "e1".into(), at: day("2026-03-01"), member: member.into(), stakeholder: stakeholder.into(), kind }
}

fn signal() -> EvidenceKind {
    EvidenceKind::ExpertiseSignal { positive: true, description: None }
}

fn rejected(e: Evidence) -> ModelError {
    let mut m = map();
    let err = m.add_evidence(e).unwrap_err();
    assert!(m.evidence().is_empty(), "a refused item must not be kept");
    err
}

#[test]
fn unknown_member_or_stakeholder_in_evidence() {
    let err = rejected(evidence("rep9", "cfo", signal()));
    assert_eq!(err.code(), "unknown_reference");
    assert_eq!(err.field(), Some("evidence[0].member"));
    assert!(err.to_string().contains("rep9"));

    let err = rejected(evidence("rep", "ceo", signal()));
    assert_eq!(err.code(), "unknown_reference");
    assert_eq!(err.field(), Some("evidence[0].stakeholder"));
}

#[test]
fn unknown_ids_in_interactions() {
    let mut m = map();
    let err =
        m.add_interaction(Interaction::new("i1", day("2026-03-01"), Channel::Visit, ["rep"], ["ceo"])).unwrap_err();
    assert_eq!((err.code(), err.field()), ("unknown_reference", Some("interactions[0].stakeholders[0]")));
    let err = m.add_interaction(Interaction::new("i1", day("2026-03-01"), Channel::Visit, ["x"], ["cfo"])).unwrap_err();
    assert_eq!((err.code(), err.field()), ("unknown_reference", Some("interactions[0].members[0]")));
}

#[test]
fn a_person_listed_twice_in_one_interaction_is_refused() {
    let mut m = map();
    let twice = Interaction::new("i1", day("2026-03-01"), Channel::Visit, ["rep", "rep"], ["cfo"]);
    let err = m.add_interaction(twice).unwrap_err();
    assert_eq!((err.code(), err.field()), ("duplicate_id", Some("interactions[0].members[1]")));
    let twice = Interaction::new("i1", day("2026-03-01"), Channel::Visit, ["rep"], ["cfo", "cfo"]);
    let err = m.add_interaction(twice).unwrap_err();
    assert_eq!((err.code(), err.field()), ("duplicate_id", Some("interactions[0].stakeholders[1]")));
    assert!(m.interactions().is_empty());
}

#[test]
fn delivered_before_promised() {
    let kind =
        EvidenceKind::Commitment { due: day("2026-03-10"), delivered: Some(day("2026-02-27")), description: None };
    let err = rejected(evidence("rep", "cfo", kind));
    assert_eq!(err.code(), "invalid_time");
    assert_eq!(err.field(), Some("evidence[0].delivered"));
}

#[test]
fn due_before_promised() {
    let kind = EvidenceKind::Commitment { due: day("2026-02-01"), delivered: None, description: None };
    let err = rejected(evidence("rep", "cfo", kind));
    assert_eq!((err.code(), err.field()), ("invalid_time", Some("evidence[0].due")));
}

#[test]
fn assessment_outside_one_to_ten() {
    for rating in [0.0, 0.99, 10.01, 11.0, -3.0] {
        let err = rejected(evidence("rep", "cfo", EvidenceKind::Assessment { pillar: Pillar::Expertise, rating }));
        assert_eq!(err.code(), "out_of_range", "rating {rating}");
        assert_eq!(err.field(), Some("evidence[0].rating"));
    }
    let err =
        rejected(evidence("rep", "cfo", EvidenceKind::Assessment { pillar: Pillar::Expertise, rating: f64::NAN }));
    assert_eq!(err.code(), "non_finite");
    // The ends are allowed.
    let mut m = map();
    m.add_evidence(evidence("rep", "cfo", EvidenceKind::Assessment { pillar: Pillar::Sincerity, rating: 1.0 }))
        .unwrap();
}

#[test]
fn the_same_errors_come_from_json() {
    let doc = |evidence: &str| {
        format!(
            r#"{{"account": {{"id": "a", "name": "A"}}, "stakeholders": [{{"id": "cfo", "name": "W"}}],
                "team": [{{"id": "rep", "name": "Z"}}], "evidence": [{evidence}]}}"#
        )
    };
    let cases = [
        (
            r#"{"id": "e", "kind": "sincerity_event", "at": "2026-03-01", "member": "nobody", "stakeholder": "cfo", "positive": true}"#,
            "unknown_reference",
            "evidence[0].member",
        ),
        (
            r#"{"id": "e", "kind": "commitment", "at": "2026-03-01", "member": "rep", "stakeholder": "cfo", "due": "2026-03-05", "delivered": "2026-02-01"}"#,
            "invalid_time",
            "evidence[0].delivered",
        ),
        (
            r#"{"id": "e", "kind": "assessment", "at": "2026-03-01", "member": "rep", "stakeholder": "cfo", "pillar": "expertise", "rating": 12}"#,
            "out_of_range",
            "evidence[0].rating",
        ),
    ];
    for (item, code, field) in cases {
        let err = RelationshipMap::from_json(&doc(item)).unwrap_err();
        assert_eq!((err.code(), err.field()), (code, Some(field)), "{item}");
    }
}

#[test]
fn timeline_with_unknown_ids() {
    let m = map();
    let cfg = TrustConfig::default();
    let err = m.trust_timeline(&cfg, "rep9", "cfo", &[day("2026-03-01")]).unwrap_err();
    assert_eq!((err.code(), err.field()), ("not_found", Some("member")));
    assert!(matches!(err, relmap::Error::Trust(TrustError::UnknownMember { ref id }) if id == "rep9"));
    let err = m.trust_timeline(&cfg, "rep", "ceo", &[day("2026-03-01")]).unwrap_err();
    assert_eq!((err.code(), err.field()), ("not_found", Some("stakeholder")));
}

#[test]
fn bad_config_is_refused_before_scoring() {
    let m = map();
    let as_of = day("2026-03-01");
    let cases = [
        (TrustConfig { half_life_days: 0.0, ..TrustConfig::default() }, "half_life_days"),
        (TrustConfig { half_life_days: -90.0, ..TrustConfig::default() }, "half_life_days"),
        (TrustConfig { relationship_saturation: f64::INFINITY, ..TrustConfig::default() }, "relationship_saturation"),
        (
            TrustConfig {
                pillar_weights: PillarWeights { relationship: 0.0, professional: 0.0, expertise: 0.0, sincerity: 0.0 },
                ..TrustConfig::default()
            },
            "pillar_weights",
        ),
        (TrustConfig { confidence_k: 0.0, ..TrustConfig::default() }, "confidence_k"),
    ];
    for (cfg, field) in cases {
        for err in [m.trust(&cfg, as_of).unwrap_err(), m.trust_timeline(&cfg, "rep", "cfo", &[as_of]).unwrap_err()] {
            assert_eq!((err.code(), err.field()), ("invalid_config", Some(field)));
        }
    }
}
