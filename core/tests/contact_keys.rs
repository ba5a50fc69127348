//! Contact keys (emails, source-system ids) on stakeholders and team members.

use relmap::model::{Account, PersonRef, RelationshipMap, Stakeholder, TeamMember};

fn map() -> RelationshipMap {
    let mut m = RelationshipMap::new(Account::new("acme", "Acme"));
    m.add_team_member(TeamMember::new("rep", "Zhao Min").with_email("zhao.min@us.example")).unwrap();
    m.add_stakeholder(
        Stakeholder::new("cio", "Liu Yang").with_email("Liu.Yang@acme.cn").with_crm_id("salesforce", "0035g01"),
    )
    .unwrap();
    m
}

#[test]
fn documents_without_contact_keys_load_unchanged() {
    let text = r#"{"account": {"id": "a", "name": "A"}, "stakeholders": [{"id": "x", "name": "X"}],
                   "team": [{"id": "rep", "name": "R"}]}"#;
    let m = RelationshipMap::from_json(text).unwrap();
    assert!(m.stakeholders()[0].emails.is_empty() && m.stakeholders()[0].crm_ids.is_empty());
    assert!(!m.to_json().contains("emails") && !m.to_json().contains("crm_ids"));
}

#[test]
fn keys_round_trip_through_json_and_are_looked_up_without_case() {
    let m = map();
    let again = RelationshipMap::from_json(&m.to_json()).unwrap();
    assert_eq!(again, m);
    assert!(m.to_json().contains(r#""crm_ids": {"#));
    assert_eq!(m.person_by_email("liu.yang@ACME.CN"), Some(PersonRef::Stakeholder(0)));
    assert_eq!(m.person_by_email("zhao.min@us.example"), Some(PersonRef::TeamMember(0)));
    assert_eq!(m.person_by_crm_id("salesforce", "0035g01"), Some(PersonRef::Stakeholder(0)));
    assert_eq!(m.person_by_email("nobody@acme.cn"), None);
}

#[test]
fn an_email_belongs_to_one_person() {
    let mut m = map();
    let e = m.add_stakeholder(Stakeholder::new("cto", "Wang").with_email("LIU.YANG@acme.cn")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("stakeholders[1].emails[0]")));
    let e = m.add_team_member(TeamMember::new("se", "Sun").with_email("liu.yang@acme.cn")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("team[1].emails[0]")));
    let e =
        m.add_stakeholder(Stakeholder::new("cto", "Wang").with_email("w@acme.cn").with_email("W@acme.cn")).unwrap_err();
    assert_eq!(e.field(), Some("stakeholders[1].emails[1]"));
    let e = m.add_stakeholder(Stakeholder::new("cto", "Wang").with_crm_id("salesforce", "0035g01")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("stakeholders[1].crm_ids.salesforce")));
    // The same id in another source is another key.
    m.add_stakeholder(Stakeholder::new("cto", "Wang").with_crm_id("hubspot", "0035g01")).unwrap();
}

#[test]
fn malformed_keys_are_typed_errors() {
    let mut m = map();
    for bad in ["", "wang", "wang @acme.cn", "@acme.cn", "wang@", "a@b@c"] {
        let e = m.add_stakeholder(Stakeholder::new("cto", "Wang").with_email(bad)).unwrap_err();
        assert!(matches!(e.code(), "invalid_contact"), "{bad:?}: {e}");
        assert_eq!(e.field(), Some("stakeholders[1].emails[0]"));
    }
    let e = m.add_stakeholder(Stakeholder::new("cto", "Wang").with_crm_id("salesforce", " ")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty_id", Some("stakeholders[1].crm_ids.salesforce")));
    let text = r#"{"account": {"id": "a", "name": "A"}, "stakeholders": [{"id": "x", "name": "X", "emails": ["x"]}]}"#;
    assert_eq!(RelationshipMap::from_json(text).unwrap_err().field(), Some("stakeholders[0].emails[0]"));
}

#[test]
fn updates_and_removals_keep_the_index_right() {
    let mut m = map();
    let cio = m.stakeholder("cio").unwrap().clone();
    let mut moved = cio.clone();
    moved.emails = vec!["liu@acme-group.cn".into()];
    m.update_stakeholder(moved).unwrap();
    assert_eq!(m.person_by_email("Liu.Yang@acme.cn"), None);
    assert_eq!(m.person_by_email("liu@acme-group.cn"), Some(PersonRef::Stakeholder(0)));
    // A failed update changes nothing.
    let mut clash = cio.clone();
    clash.emails = vec!["zhao.min@us.example".into()];
    assert_eq!(m.update_stakeholder(clash).unwrap_err().code(), "duplicate_id");
    assert_eq!(m.person_by_email("liu@acme-group.cn"), Some(PersonRef::Stakeholder(0)));

    m.add_stakeholder(Stakeholder::new("cto", "Wang").with_email("wang@acme.cn")).unwrap();
    m.remove_stakeholder("cio").unwrap();
    assert_eq!(m.person_by_email("wang@acme.cn"), Some(PersonRef::Stakeholder(0)));
    assert_eq!(m.person_by_crm_id("salesforce", "0035g01"), None);
    m.add_stakeholder(Stakeholder::new("cio2", "Liu").with_email("liu@acme-group.cn")).unwrap();
}
