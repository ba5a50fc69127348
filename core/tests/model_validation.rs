//! One test per validation error: each builds an otherwise valid map with one
//! fault and checks the error's stable `code()` and the `field()` it names.

use relmap::model::{
    Account, Channel, Interaction, ModelError, Relation, RelationKind, RelationshipMap, Stakeholder, TeamMember,
};
use relmap::Error;
use serde_json::{json, Value};

/// A small valid document every test spoils in one place.
fn base() -> Value {
    json!({
        "format": "relmap/1",
        "account": {"id": "acme", "name": "华东精密", "revenue": 1.0e9},
        "stakeholders": [
            {"id": "ceo", "name": "王建国", "roles": ["economic_buyer"], "authority": 1.0, "stance": 1},
            {"id": "cio", "name": "林志远", "reports_to": "ceo", "stance": 3, "stance_toward": {"腾云": 1}},
            {"id": "it", "name": "高峰", "reports_to": "cio", "openness": 0.5}
        ],
        "relations": [
            {"source": "cio", "target": "ceo", "kind": "influences", "strength": 0.7},
            {"source": "it", "target": "cio", "kind": "ally", "direction": "both", "strength": 0.5}
        ],
        "team": [{"id": "rep", "name": "周立"}, {"id": "se", "name": "林浩"}],
        "interactions": [
            {"id": "i1", "at": "2026-03-02T10:00:00+08:00", "channel": "visit", "members": ["rep"],
             "stakeholders": ["cio", "it"], "sentiment": 0.5},
            {"id": "i2", "at": "2026-03-05", "channel": "phone", "members": ["rep", "se"], "stakeholders": ["ceo"]}
        ],
        "evidence": [
            {"id": "e1", "kind": "commitment", "at": "2026-03-02", "member": "rep", "stakeholder": "cio",
             "due": "2026-03-10", "delivered": "2026-03-09"},
            {"id": "e2", "kind": "assessment", "at": "2026-03-05", "member": "se", "stakeholder": "ceo",
             "pillar": "sincerity", "rating": 6}
        ],
        "opportunities": [
            {"id": "o1", "name": "云平台", "amount": 1.0e6, "competitors": ["腾云"],
             "milestones": [{"key": "need_identified", "at": "2026-02-01"}],
             "criteria": [{"id": "price", "weights": {"ceo": 0.6, "cio": 0.2}}, {"id": "security", "weights": {"it": 1}}],
             "vendor_scores": {"us": {"price": 7, "security": 8}, "腾云": {"price": 8}}}
        ]
    })
}

fn load(doc: &Value) -> Result<RelationshipMap, Error> {
    RelationshipMap::from_json(&doc.to_string())
}

/// Applies one change to the base document and returns the error it causes.
fn error_after(spoil: impl FnOnce(&mut Value)) -> Error {
    let mut doc = base();
    spoil(&mut doc);
    load(&doc).expect_err("the spoiled document must be refused")
}

fn assert_error(e: &Error, code: &str, field: &str) {
    assert_eq!(e.code(), code, "{e}");
    assert_eq!(e.field(), Some(field), "{e}");
}

fn model_error(e: Error) -> ModelError {
    match e {
        Error::Model(m) => m,
        other => panic!("expected a model error, got {other:?}"),
    }
}

#[test]
fn base_document_is_valid() {
    let map = load(&base()).unwrap();
    assert_eq!(map.stakeholders().len(), 3);
    assert_eq!(map.org_depth(), 3);
}

// ---- duplicate ids -------------------------------------------------------

#[test]
fn duplicate_stakeholder_id() {
    let e = error_after(|d| d["stakeholders"][2]["id"] = json!("ceo"));
    assert_error(&e, "duplicate_id", "stakeholders[2].id");
    assert!(matches!(model_error(e), ModelError::DuplicateId { kind: "stakeholder", ref id, .. } if id == "ceo"));
}

#[test]
fn duplicate_team_member_id() {
    let e = error_after(|d| d["team"][1]["id"] = json!("rep"));
    assert_error(&e, "duplicate_id", "team[1].id");
    assert!(matches!(model_error(e), ModelError::DuplicateId { kind: "team_member", .. }));
}

#[test]
fn duplicate_activity_id_across_interactions_and_evidence() {
    let e = error_after(|d| d["interactions"][1]["id"] = json!("i1"));
    assert_error(&e, "duplicate_id", "interactions[1].id");
    let e = error_after(|d| d["evidence"][0]["id"] = json!("i2"));
    assert_error(&e, "duplicate_id", "evidence[0].id");
    assert!(matches!(model_error(e), ModelError::DuplicateId { kind: "activity", .. }));
}

#[test]
fn duplicate_opportunity_id() {
    let e = error_after(|d| {
        let copy = d["opportunities"][0].clone();
        d["opportunities"].as_array_mut().unwrap().push(copy);
    });
    assert_error(&e, "duplicate_id", "opportunities[1].id");
}

#[test]
fn duplicate_criterion_id() {
    let e = error_after(|d| d["opportunities"][0]["criteria"][1]["id"] = json!("price"));
    assert_error(&e, "duplicate_id", "opportunities[0].criteria[1].id");
    assert!(matches!(model_error(e), ModelError::DuplicateId { kind: "criterion", .. }));
}

#[test]
fn duplicate_member_or_stakeholder_in_one_interaction() {
    let e = error_after(|d| d["interactions"][1]["members"] = json!(["rep", "rep"]));
    assert_error(&e, "duplicate_id", "interactions[1].members[1]");
    let e = error_after(|d| d["interactions"][0]["stakeholders"] = json!(["cio", "it", "cio"]));
    assert_error(&e, "duplicate_id", "interactions[0].stakeholders[2]");
}

// ---- unknown references --------------------------------------------------

fn assert_unknown(e: Error, field: &str, kind: &str, id: &str) {
    assert_error(&e, "unknown_reference", field);
    match model_error(e) {
        ModelError::UnknownReference { kind: k, id: i, .. } => assert_eq!((k, i.as_str()), (kind, id)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_reports_to() {
    let e = error_after(|d| d["stakeholders"][2]["reports_to"] = json!("cto"));
    assert_unknown(e, "stakeholders[2].reports_to", "stakeholder", "cto");
}

#[test]
fn unknown_relation_source_and_target() {
    let e = error_after(|d| d["relations"][0]["source"] = json!("cto"));
    assert_unknown(e, "relations[0].source", "stakeholder", "cto");
    let e = error_after(|d| d["relations"][1]["target"] = json!("cfo"));
    assert_unknown(e, "relations[1].target", "stakeholder", "cfo");
}

#[test]
fn unknown_interaction_member_and_stakeholder() {
    let e = error_after(|d| d["interactions"][1]["members"][1] = json!("ghost"));
    assert_unknown(e, "interactions[1].members[1]", "team_member", "ghost");
    let e = error_after(|d| d["interactions"][0]["stakeholders"][1] = json!("cfo"));
    assert_unknown(e, "interactions[0].stakeholders[1]", "stakeholder", "cfo");
}

#[test]
fn unknown_evidence_member_and_stakeholder() {
    let e = error_after(|d| d["evidence"][1]["member"] = json!("ghost"));
    assert_unknown(e, "evidence[1].member", "team_member", "ghost");
    let e = error_after(|d| d["evidence"][0]["stakeholder"] = json!("cfo"));
    assert_unknown(e, "evidence[0].stakeholder", "stakeholder", "cfo");
}

#[test]
fn unknown_criterion_weight_stakeholder() {
    let e = error_after(|d| d["opportunities"][0]["criteria"][0]["weights"]["cfo"] = json!(0.3));
    assert_unknown(e, "opportunities[0].criteria[0].weights.cfo", "stakeholder", "cfo");
}

#[test]
fn unknown_vendor_score_criterion() {
    let e = error_after(|d| d["opportunities"][0]["vendor_scores"]["腾云"]["speed"] = json!(5));
    assert_unknown(e, "opportunities[0].vendor_scores.腾云.speed", "criterion", "speed");
}

// ---- org chart -----------------------------------------------------------

#[test]
fn reports_to_cycle_lists_the_cycle() {
    let e = error_after(|d| d["stakeholders"][0]["reports_to"] = json!("it"));
    assert_error(&e, "reports_to_cycle", "reports_to");
    match model_error(e) {
        ModelError::ReportsToCycle { cycle } => assert_eq!(cycle, ["ceo", "it", "cio", "ceo"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn reports_to_cycle_through_editing() {
    let mut map = load(&base()).unwrap();
    let mut ceo = map.stakeholder("ceo").unwrap().clone();
    ceo.reports_to = Some("cio".into());
    let e = map.update_stakeholder(ceo).unwrap_err();
    assert_eq!(e.code(), "reports_to_cycle");
    assert!(matches!(&e, ModelError::ReportsToCycle { cycle } if cycle.len() == 3), "{e}");
    assert_eq!(map.stakeholder("ceo").unwrap().reports_to, None, "a refused edit changes nothing");
}

#[test]
fn self_loop_reports_to() {
    let e = error_after(|d| d["stakeholders"][1]["reports_to"] = json!("cio"));
    assert_error(&e, "self_loop", "stakeholders[1].reports_to");
}

#[test]
fn self_loop_relation() {
    let e = error_after(|d| d["relations"][0]["target"] = json!("cio"));
    assert_error(&e, "self_loop", "relations[0].target");
}

// ---- numbers -------------------------------------------------------------

#[test]
fn strength_zero_negative_or_above_one() {
    for bad in [0.0, -0.1, 1.01] {
        let e = error_after(|d| d["relations"][1]["strength"] = json!(bad));
        assert_error(&e, "out_of_range", "relations[1].strength");
    }
    assert!(load(&{
        let mut d = base();
        d["relations"][1]["strength"] = json!(1.0);
        d
    })
    .is_ok());
}

#[test]
fn stance_outside_minus_five_to_five() {
    for bad in [5.5, -6.0] {
        let e = error_after(|d| d["stakeholders"][0]["stance"] = json!(bad));
        assert_error(&e, "out_of_range", "stakeholders[0].stance");
    }
    let e = error_after(|d| d["stakeholders"][1]["stance_toward"]["腾云"] = json!(9));
    assert_error(&e, "out_of_range", "stakeholders[1].stance_toward.腾云");
}

#[test]
fn authority_and_openness_ranges() {
    let e = error_after(|d| d["stakeholders"][0]["authority"] = json!(1.2));
    assert_error(&e, "out_of_range", "stakeholders[0].authority");
    // Openness 1 would let a person ignore their own view entirely: excluded.
    let e = error_after(|d| d["stakeholders"][2]["openness"] = json!(1.0));
    assert_error(&e, "out_of_range", "stakeholders[2].openness");
}

#[test]
fn negative_amounts_and_weights() {
    let e = error_after(|d| d["opportunities"][0]["amount"] = json!(-1));
    assert_error(&e, "out_of_range", "opportunities[0].amount");
    let e = error_after(|d| d["opportunities"][0]["criteria"][0]["weights"]["ceo"] = json!(-0.5));
    assert_error(&e, "out_of_range", "opportunities[0].criteria[0].weights.ceo");
    let e = error_after(|d| d["account"]["revenue"] = json!(-5));
    assert_error(&e, "out_of_range", "account.revenue");
}

#[test]
fn non_finite_numbers() {
    let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    map.add_stakeholder(Stakeholder::new("ceo", "王建国")).unwrap();
    map.add_stakeholder(Stakeholder::new("cio", "林志远")).unwrap();
    let e = map.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, f64::NAN)).unwrap_err();
    assert_eq!((e.code(), e.field()), ("non_finite", Some("relations[0].strength")));
    let e = map.add_stakeholder(Stakeholder::new("cfo", "钱雅琴").with_authority(f64::INFINITY)).unwrap_err();
    assert_eq!((e.code(), e.field()), ("non_finite", Some("stakeholders[2].authority")));
    let e = map.set_stance("ceo", Some(f64::NEG_INFINITY)).unwrap_err();
    assert_eq!((e.code(), e.field()), ("non_finite", Some("stakeholders[0].stance")));
    assert_eq!(map.stakeholders().len(), 2, "refused stakeholders are not added");
    assert!(map.relations().is_empty());
    // JSON has no NaN or infinity: an overflowing literal is refused by the parser.
    let text = base().to_string().replace("\"amount\":1000000.0", "\"amount\":1e999");
    assert!(text.contains("1e999"));
    assert_eq!(RelationshipMap::from_json(&text).unwrap_err().code(), "json_syntax");
}

#[test]
fn vendor_score_must_be_finite() {
    let mut map = load(&base()).unwrap();
    let mut opp = map.opportunities()[0].clone();
    opp.id = "o2".into();
    opp.vendor_scores.get_mut("us").unwrap().insert("price".into(), f64::NAN);
    let e = map.add_opportunity(opp).unwrap_err();
    assert_eq!((e.code(), e.field()), ("non_finite", Some("opportunities[1].vendor_scores.us.price")));
}

// ---- ids -----------------------------------------------------------------

#[test]
fn empty_ids() {
    type Spoil = fn(&mut Value);
    let cases: [(Spoil, &str); 8] = [
        (|d| d["account"]["id"] = json!(""), "account.id"),
        (|d| d["stakeholders"][1]["id"] = json!("  "), "stakeholders[1].id"),
        (|d| d["team"][0]["id"] = json!(""), "team[0].id"),
        (|d| d["interactions"][0]["id"] = json!(""), "interactions[0].id"),
        (|d| d["evidence"][1]["id"] = json!("\t"), "evidence[1].id"),
        (|d| d["opportunities"][0]["id"] = json!(""), "opportunities[0].id"),
        (|d| d["opportunities"][0]["milestones"][0]["key"] = json!(""), "opportunities[0].milestones[0].key"),
        (|d| d["opportunities"][0]["criteria"][1]["id"] = json!(" "), "opportunities[0].criteria[1].id"),
    ];
    for (spoil, field) in cases {
        assert_error(&error_after(spoil), "empty_id", field);
    }
}

#[test]
fn empty_competitor_name_in_stance_toward() {
    let e = error_after(|d| d["stakeholders"][1]["stance_toward"][""] = json!(1));
    assert_error(&e, "empty_id", "stakeholders[1].stance_toward");
}

// ---- times ---------------------------------------------------------------

#[test]
fn time_parse_errors_name_the_json_path() {
    let e = error_after(|d| d["interactions"][0]["at"] = json!("2026-13-01"));
    assert_error(&e, "json_shape", "interactions[0].at");
    assert!(e.to_string().contains("2026-13-01"), "{e}");
    let e = error_after(|d| d["opportunities"][0]["milestones"][0]["at"] = json!("2026-03-01T10:00:00"));
    assert_error(&e, "json_shape", "opportunities[0].milestones[0].at");
    assert!(e.to_string().contains("UTC offset"), "{e}");
    let e = error_after(|d| d["evidence"][0]["due"] = json!("soon"));
    assert_eq!(e.code(), "json_shape");
    assert!(e.field().unwrap().starts_with("evidence[0]"), "{e}");
}

#[test]
fn delivered_before_promised() {
    let e = error_after(|d| d["evidence"][0]["delivered"] = json!("2026-03-01"));
    assert_error(&e, "invalid_time", "evidence[0].delivered");
}

#[test]
fn due_before_promised() {
    let e = error_after(|d| d["evidence"][0]["due"] = json!("2026-02-20"));
    assert_error(&e, "invalid_time", "evidence[0].due");
}

// ---- evidence and interactions -------------------------------------------

#[test]
fn assessment_outside_one_to_ten() {
    for bad in [0, 11] {
        let e = error_after(|d| d["evidence"][1]["rating"] = json!(bad));
        assert_error(&e, "out_of_range", "evidence[1].rating");
    }
}

#[test]
fn sentiment_out_of_range() {
    let e = error_after(|d| d["interactions"][0]["sentiment"] = json!(1.5));
    assert_error(&e, "out_of_range", "interactions[0].sentiment");
}

#[test]
fn empty_members_or_stakeholders_list() {
    let e = error_after(|d| d["interactions"][1]["members"] = json!([]));
    assert_error(&e, "empty_list", "interactions[1].members");
    let e = error_after(|d| d["interactions"][0]["stakeholders"] = json!([]));
    assert_error(&e, "empty_list", "interactions[0].stakeholders");
    let mut map = load(&base()).unwrap();
    let none: [&str; 0] = [];
    let e = map.add_interaction(Interaction::new("i9", "2026-04-01".parse().unwrap(), Channel::Email, none, ["ceo"]));
    assert_eq!(e.unwrap_err().code(), "empty_list");
}

// ---- relations -----------------------------------------------------------

#[test]
fn duplicate_relation() {
    let e = error_after(|d| {
        let copy = d["relations"][0].clone();
        d["relations"].as_array_mut().unwrap().push(copy);
    });
    assert_error(&e, "duplicate_relation", "relations[2]");
    // The same pair with another kind is a different relation.
    let mut d = base();
    d["relations"]
        .as_array_mut()
        .unwrap()
        .push(json!({"source": "cio", "target": "ceo", "kind": "informs", "strength": 0.4}));
    assert!(load(&d).is_ok());
}

#[test]
fn two_way_relation_repeated_in_reverse() {
    // it <-> cio ally exists (both ways); cio -> it ally repeats half of it.
    let e = error_after(|d| {
        d["relations"]
            .as_array_mut()
            .unwrap()
            .push(json!({"source": "cio", "target": "it", "kind": "ally", "strength": 0.3}));
    });
    assert_error(&e, "duplicate_relation", "relations[2]");
    // ... and a new two-way relation may not repeat an existing one-way one in reverse.
    let e = error_after(|d| {
        d["relations"].as_array_mut().unwrap().push(
            json!({"source": "ceo", "target": "cio", "kind": "influences", "direction": "both", "strength": 0.3}),
        );
    });
    assert_error(&e, "duplicate_relation", "relations[2]");
    // A one-way relation in each direction is fine.
    let mut d = base();
    d["relations"]
        .as_array_mut()
        .unwrap()
        .push(json!({"source": "ceo", "target": "cio", "kind": "influences", "strength": 0.6}));
    assert!(load(&d).is_ok());
}

// ---- the building API reports the same errors ----------------------------

#[test]
fn building_api_reports_the_same_fields() {
    let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    map.add_team_member(TeamMember::new("rep", "周立")).unwrap();
    let e = map.add_team_member(TeamMember::new("rep", "林浩")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("team[1].id")));
    let e = map.add_stakeholder(Stakeholder::new("cio", "林志远").with_reports_to("ceo")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("stakeholders[0].reports_to")));
    let e = map.add_stakeholder(Stakeholder::new("", "无名")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty_id", Some("stakeholders[0].id")));
    let e = map.set_stance("ghost", Some(1.0)).unwrap_err();
    assert_eq!((e.code(), e.field()), ("not_found", None));
}
