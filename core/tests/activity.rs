//! The activity analyses on small hand-built logs, checked against their formulas.

use relmap::activity::{
    activity_strength, ghost_stakeholders, suggest_relations, ActivityConfig, ActivityLog, Observation,
    ObservationKind, Party,
};
use relmap::model::{Account, Channel, Initiator, Interaction, Relation, RelationKind, Role, Stakeholder, TeamMember};
use relmap::time::Timestamp;
use relmap::RelationshipMap;

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn map() -> RelationshipMap {
    let mut m = RelationshipMap::new(Account::new("acme", "Acme"));
    m.add_team_member(TeamMember::new("rep", "Rep").with_email("rep@us.example")).unwrap();
    m.add_stakeholder(Stakeholder::new("ceo", "CEO").with_email("ceo@acme.cn").with_roles([Role::EconomicBuyer]))
        .unwrap();
    m.add_stakeholder(Stakeholder::new("it", "IT").with_email("it@acme.cn")).unwrap();
    m
}

fn cfg() -> ActivityConfig {
    ActivityConfig {
        our_domains: vec!["us.example".into()],
        account_domains: vec!["acme.cn".into()],
        as_of: Some(t("2026-06-30")),
        ..ActivityConfig::default()
    }
}

fn meeting(id: &str, at: &str, from: &str, to: &[&str]) -> Observation {
    Observation {
        id: id.into(),
        at: t(at),
        kind: ObservationKind::Meeting,
        channel: Channel::Meeting,
        from: Some(Party::new(from)),
        to: to.iter().map(|e| Party::new(*e)).collect(),
        cc: vec![],
        in_reply_to: None,
        failed: vec![],
    }
}

fn mail(id: &str, at: &str, from: &str, to: &[&str], reply: Option<&str>) -> Observation {
    Observation {
        kind: ObservationKind::Message,
        channel: Channel::Email,
        in_reply_to: reply.map(str::to_owned),
        ..meeting(id, at, from, to)
    }
}

#[test]
fn ghost_score_weighs_channel_decay_and_key_players() {
    let log = ActivityLog {
        observations: vec![
            // Today, with the CEO (a key contact): 3 × 1 × (1 + 1).
            meeting("a", "2026-06-30", "rep@us.example", &["ceo@acme.cn", "new@acme.cn"]),
            // 90 days ago (one half-life), an email, no key contact: 0.5 × 0.5.
            mail("b", "2026-04-01", "new@acme.cn", &["rep@us.example"], None),
            // A third party is no ghost.
            mail("c", "2026-06-01", "x@gmail.example", &["rep@us.example", "it@acme.cn"], None),
        ],
    };
    let ghosts = ghost_stakeholders(&map(), &log, &cfg()).unwrap();
    assert_eq!(ghosts.len(), 1);
    let g = &ghosts[0];
    assert!((g.score - (6.0 + 0.25)).abs() < 1e-12, "{}", g.score);
    assert_eq!((g.meetings, g.messages), (1, 1));
    assert_eq!((g.first_seen, g.last_seen), (t("2026-04-01"), t("2026-06-30")));
    assert_eq!(
        (g.known_by.as_slice(), g.key_contacts_seen_with.as_slice()),
        (&["rep".to_owned()][..], &["ceo".to_owned()][..])
    );
    assert_eq!(g.evidence, ["a", "b"]);
}

#[test]
fn strength_components_follow_their_formulas() {
    let mut m = map();
    let mut visit = Interaction::new("v", t("2026-06-30"), Channel::Visit, ["rep"], ["it"]);
    visit.initiated_by = Initiator::Them;
    m.add_interaction(visit).unwrap();
    m.add_interaction(Interaction::new("e", t("2026-04-01"), Channel::Email, ["rep"], ["it"])).unwrap();
    let log = ActivityLog {
        observations: vec![
            mail("q", "2026-04-01T00:00:00Z", "rep@us.example", &["it@acme.cn"], None),
            mail("r", "2026-04-01T12:00:00Z", "it@acme.cn", &["rep@us.example"], Some("q")),
        ],
    };
    let s = activity_strength(&m, &log, &cfg()).unwrap();
    assert_eq!(s.len(), 1);
    let s = &s[0];
    let c = s.components;
    assert_eq!((c.recency, c.reciprocity), (1.0, 1.0));
    let decayed: f64 = 1.0 + 0.5; // the email is 90 days (one half-life) old
    assert!((c.frequency - (1.0 - (-decayed / 5.0).exp())).abs() < 1e-12);
    assert!((c.channel - 3.5 / 6.0).abs() < 1e-12);
    assert_eq!(s.their_response_hours, Some(12.0));
    let response = (-12.0f64 / 48.0).exp();
    assert!((c.response.unwrap() - response).abs() < 1e-12);
    let expected = (0.25 * 1.0 + 0.25 * c.frequency + 0.2 * 1.0 + 0.15 * response + 0.15 * c.channel) / 1.0;
    assert!((s.strength - expected).abs() < 1e-12);
    assert_eq!((s.interactions, s.initiated_by_them, s.last_contact), (2, 1, t("2026-06-30")));
}

#[test]
fn suggestions_need_enough_evidence_and_skip_known_relations() {
    let once = ActivityLog { observations: vec![mail("a", "2026-06-01", "it@acme.cn", &["ceo@acme.cn"], None)] };
    assert!(suggest_relations(&map(), &once, &cfg()).unwrap().is_empty());
    let mut twice = once.clone();
    twice.observations.push(mail("b", "2026-06-02", "it@acme.cn", &["ceo@acme.cn"], None));
    let s = suggest_relations(&map(), &twice, &cfg()).unwrap();
    assert_eq!((s[0].relation.source.as_str(), s[0].relation.kind), ("it", RelationKind::Informs));
    assert_eq!(s[0].evidence.observations, ["b", "a"]);
    let e = s[0].evidence.weight;
    assert!((s[0].relation.strength - (1.0 - (-e / 3.0).exp())).abs() < 1e-12);
    let mut m = map();
    m.add_relation(Relation::new("it", "ceo", RelationKind::Informs, 0.5)).unwrap();
    assert!(suggest_relations(&m, &twice, &cfg()).unwrap().is_empty());
    // Co-attendance at a meeting someone else organized: both ways.
    let met = ActivityLog {
        observations: vec![
            meeting("m1", "2026-06-01", "rep@us.example", &["it@acme.cn", "ceo@acme.cn"]),
            meeting("m2", "2026-06-08", "rep@us.example", &["it@acme.cn", "ceo@acme.cn"]),
        ],
    };
    let s = suggest_relations(&map(), &met, &cfg()).unwrap();
    assert_eq!((s.len(), s[0].relation.direction, s[0].evidence.co_attended), (1, relmap::model::Direction::Both, 2));
}

#[test]
fn logs_merge_by_id_and_configs_are_checked() {
    let mut a = ActivityLog { observations: vec![meeting("x", "2026-01-01", "rep@us.example", &["it@acme.cn"])] };
    a.merge(ActivityLog {
        observations: vec![
            meeting("x", "2026-01-02", "rep@us.example", &["ceo@acme.cn"]),
            meeting("y", "2026-01-03", "rep@us.example", &[]),
        ],
    });
    assert_eq!(a.observations.len(), 2);
    assert_eq!(a.observations[0].at, t("2026-01-02"));
    let text = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<ActivityLog>(&text).unwrap(), a);

    for bad in [
        ActivityConfig { half_life_days: 0.0, ..cfg() },
        ActivityConfig { cc_weight: f64::NAN, ..cfg() },
        ActivityConfig { our_domains: vec!["us example".into()], ..cfg() },
    ] {
        let e = ghost_stakeholders(&map(), &ActivityLog::default(), &bad).unwrap_err();
        assert_eq!(e.code(), "invalid_config");
        assert!(e.field().unwrap().starts_with("activity."), "{e}");
    }
}
