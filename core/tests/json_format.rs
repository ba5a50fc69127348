//! The JSON document: round trips, shape errors with paths, the committed schema.

use relmap::RelationshipMap;

const SMALL: &str = r#"{
  "format": "relmap/1",
  "account": {"id": "acme", "name": "Acme 集团", "industry": "manufacturing"},
  "stakeholders": [
    {"id": "it", "name": "刘洋", "reports_to": "ceo", "stance": 3, "roles": ["technical_buyer", "coach"]},
    {"id": "ceo", "name": "陈伟", "roles": ["economic_buyer"], "authority": 1.0}
  ],
  "relations": [{"source": "it", "target": "ceo", "kind": "influences", "strength": 0.7}],
  "team": [{"id": "rep", "name": "Zhao Min", "role": "account_manager"}],
  "interactions": [{"id": "i1", "at": "2026-03-02T10:00:00+08:00", "channel": "visit", "members": ["rep"], "stakeholders": ["it"], "initiated_by": "them", "sentiment": 0.5}],
  "evidence": [
    {"id": "e1", "kind": "commitment", "at": "2026-03-02", "member": "rep", "stakeholder": "it", "due": "2026-03-10", "delivered": "2026-03-09"},
    {"id": "e2", "kind": "assessment", "at": "2026-03-05", "member": "rep", "stakeholder": "ceo", "pillar": "sincerity", "rating": 6}
  ],
  "opportunities": [{"id": "o1", "name": "Cloud", "milestones": [{"key": "budget_confirmed", "at": "2026-02-01"}],
    "criteria": [{"id": "price", "weights": {"ceo": 0.6}}], "vendor_scores": {"us": {"price": 7}}}]
}"#;

#[test]
fn reads_a_full_document_and_round_trips_byte_stably() {
    let map = RelationshipMap::from_json(SMALL).unwrap();
    assert_eq!(map.stakeholders().len(), 2);
    assert_eq!(map.evidence().len(), 2);
    let once = map.to_json();
    let again = RelationshipMap::from_json(&once).unwrap();
    assert_eq!(again, map);
    assert_eq!(again.to_json(), once);
}

fn error_of(text: &str) -> relmap::Error {
    RelationshipMap::from_json(text).unwrap_err()
}

#[test]
fn unknown_field_is_rejected_with_its_path() {
    let text = SMALL.replace(r#""name": "陈伟","#, r#""name": "陈伟", "mood": "good","#);
    let e = error_of(&text);
    assert_eq!(e.code(), "json_shape");
    assert_eq!(e.field(), Some("stakeholders[1].mood"), "{e}");
    assert!(e.to_string().contains("mood"), "{e}");
}

#[test]
fn unknown_field_in_evidence_is_rejected() {
    let text = SMALL.replace(r#""pillar": "sincerity","#, r#""pillar": "sincerity", "extra": 1,"#);
    let e = error_of(&text);
    assert_eq!(e.code(), "json_shape");
    assert!(e.to_string().contains("extra"), "{e}");
}

#[test]
fn bad_time_is_a_shape_error_naming_the_field() {
    let text = SMALL.replace("2026-03-10", "2026-03-32");
    let e = error_of(&text);
    assert_eq!(e.code(), "json_shape");
    assert!(e.to_string().contains("evidence[0]"), "{e}");
    assert!(e.to_string().contains("2026-03-32"), "{e}");
}

#[test]
fn syntax_error_has_a_line() {
    let e = error_of("{\n  \"account\": ");
    assert_eq!(e.code(), "json_syntax");
    assert!(e.to_string().contains("line 2"), "{e}");
}

#[test]
fn other_format_versions_are_refused() {
    let e = error_of(&SMALL.replace("relmap/1", "relmap/9"));
    assert_eq!(e.code(), "unsupported_format");
    assert!(e.to_string().contains("relmap/9"));
}

#[test]
fn content_errors_come_from_the_model() {
    let e = error_of(&SMALL.replace(r#""stance": 3"#, r#""stance": 7"#));
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(e.field(), Some("stakeholders[0].stance"));
}

#[test]
fn committed_schema_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/relmap-2.schema.json");
    let generated = relmap::io::json_schema();
    if std::env::var_os("RELMAP_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/relmap-2.schema.json is stale: run `RELMAP_BLESS=1 cargo test -p relmap --test json_format` and commit it"
    );
}

#[test]
fn the_activity_log_is_read_checked_and_refused_in_relmap_1() {
    let doc = |format: &str, obs: &str| {
        format!(
            r#"{{"format": "{format}", "account": {{"id": "a", "name": "A"}}, "activity": {{"observations": [{obs}]}}}}"#
        )
    };
    let one = r#"{"id": "mail:1@x", "at": "2026-03-02T00:00:00Z", "kind": "message", "channel": "email", "from": {"email": "li@acme.cn"}}"#;
    let map = RelationshipMap::from_json(&doc("relmap/2", one)).unwrap();
    assert_eq!(map.activity().observations[0].from.as_ref().unwrap().email, "li@acme.cn");
    let err = RelationshipMap::from_json(&doc("relmap/2", &format!("{one}, {one}"))).unwrap_err();
    assert_eq!((err.code(), err.field()), ("duplicate_id", Some("activity.observations[1].id")));
    let err = RelationshipMap::from_json(&doc("relmap/1", one)).unwrap_err();
    assert_eq!((err.code(), err.field()), ("json_shape", Some("activity")));
    let err = RelationshipMap::from_json(&doc("relmap/2", &one.replace("message", "letter"))).unwrap_err();
    assert_eq!(err.code(), "json_shape");
    // An empty log is left out when written, so maps without activity write what they always did.
    let plain = RelationshipMap::from_json(&doc("relmap/2", "")).unwrap();
    assert!(!plain.to_json().contains("activity"));
}
