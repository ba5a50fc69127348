//! MEDDPICC and Blue Sheet fields: the `relmap/1` migration, typed errors for
//! bad input in JSON, CSV and the building API.

use relmap::model::{BuyingInfluence, BuyingRole, Grade, MeddpiccElement, Opportunity, ResponseMode};
use relmap::RelationshipMap;

const QUALIFIED: &str = r#"{
  "format": "relmap/2",
  "account": {"id": "acme", "name": "Acme"},
  "stakeholders": [
    {"id": "ceo", "name": "陈伟", "roles": ["economic_buyer"]},
    {"id": "cio", "name": "刘洋", "reports_to": "ceo", "roles": ["champion", "technical_buyer"], "stance": 4}
  ],
  "team": [{"id": "rep", "name": "Zhao Min"}],
  "opportunities": [{
    "id": "o1", "name": "Cloud",
    "meddpicc": {
      "metrics": {"grade": "green", "value": 1200000, "description": "停机时间减少20%", "confirmed_by": "rep", "confirmed_at": "2026-03-01"},
      "economic_buyer": {"grade": "yellow", "stakeholder": "ceo"},
      "decision_process": {"grade": "yellow", "steps": [
        {"name": "技术评审", "owner": "cio", "date": "2026-04-01", "confirmed": true},
        {"name": "董事会审批", "owner": "ceo", "date": "2026-05-15"}
      ]},
      "champion": {"grade": "green", "stakeholder": "cio", "tested": true},
      "competition": {"grade": "red"}
    },
    "buying_influences": [
      {"stakeholder": "ceo", "response_mode": "even_keel", "win_results": ["按期投产"]},
      {"stakeholder": "cio", "roles": ["technical", "coach"], "response_mode": "growth"}
    ]
  }]
}"#;

fn load(text: &str) -> relmap::Result<RelationshipMap> {
    RelationshipMap::from_json(text)
}

#[test]
fn a_qualified_document_reads_and_round_trips() {
    let map = load(QUALIFIED).unwrap();
    let o = &map.opportunities()[0];
    assert_eq!(o.meddpicc.grade(MeddpiccElement::Metrics), Some(Grade::Green));
    assert_eq!(o.meddpicc.grade(MeddpiccElement::PaperProcess), None);
    assert_eq!(o.meddpicc.decision_process.as_ref().unwrap().steps.len(), 2);
    assert_eq!(o.buying_influences[0].response_mode, Some(ResponseMode::EvenKeel));
    let text = map.to_json();
    assert!(text.starts_with("{\n  \"format\": \"relmap/2\""));
    assert_eq!(load(&text).unwrap(), map);
}

#[test]
fn relmap_1_documents_load_unchanged() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/relmap-1/city_construction_tender.json");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("\"format\": \"relmap/1\""));
    let old = load(&text).unwrap();
    // The same document retagged as relmap/2 is the same map: the migration is lossless.
    assert_eq!(load(&text.replace("\"relmap/1\"", "\"relmap/2\"")).unwrap(), old);
    // Written again it is relmap/2, and differs from the input only in the tag.
    assert_eq!(old.to_json(), text.replace("\"relmap/1\"", "\"relmap/2\""));
    // And the current sample is that map plus its qualification data.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/city_construction_tender.json");
    let mut sample = relmap::io::load(dir).unwrap().to_document();
    for o in &mut sample.opportunities {
        o.meddpicc = Default::default();
        o.buying_influences.clear();
    }
    assert_eq!(RelationshipMap::from_document(sample).unwrap(), old);
}

#[test]
fn relmap_2_fields_in_a_relmap_1_document_are_refused() {
    let e = load(&QUALIFIED.replace("relmap/2", "relmap/1")).unwrap_err();
    assert_eq!(e.code(), "json_shape");
    assert_eq!(e.field(), Some("opportunities[0].meddpicc"));
    assert!(e.to_string().contains("relmap/2"), "{e}");
}

#[test]
fn a_grade_outside_the_scale_is_a_shape_error_at_its_path() {
    let e = load(&QUALIFIED.replace(r#""grade": "red""#, r#""grade": "amber""#)).unwrap_err();
    assert_eq!(e.code(), "json_shape");
    assert_eq!(e.field(), Some("opportunities[0].meddpicc.competition.grade"));
    assert!(e.to_string().contains("amber"), "{e}");
    assert!("amber".parse::<Grade>().is_err());
}

#[test]
fn an_unknown_champion_is_an_unknown_reference() {
    let e = load(&QUALIFIED.replace(r#""stakeholder": "cio", "tested""#, r#""stakeholder": "nobody", "tested""#))
        .unwrap_err();
    assert_eq!(e.code(), "unknown_reference");
    assert_eq!(e.field(), Some("opportunities[0].meddpicc.champion.stakeholder"));
}

#[test]
fn an_unknown_confirmer_is_an_unknown_team_member() {
    let e = load(&QUALIFIED.replace(r#""confirmed_by": "rep""#, r#""confirmed_by": "ghost""#)).unwrap_err();
    assert_eq!(e.code(), "unknown_reference");
    assert_eq!(e.field(), Some("opportunities[0].meddpicc.metrics.confirmed_by"));
    assert!(e.to_string().contains("team_member"), "{e}");
}

#[test]
fn process_dates_out_of_order_are_an_invalid_time() {
    let e = load(&QUALIFIED.replace("2026-05-15", "2026-03-15")).unwrap_err();
    assert_eq!(e.code(), "invalid_time");
    assert_eq!(e.field(), Some("opportunities[0].meddpicc.decision_process.steps[1].date"));
    assert!(e.to_string().contains("out of order"), "{e}");
}

#[test]
fn other_bad_qualification_input_is_typed() {
    let e = load(&QUALIFIED.replace("1200000", "-5")).unwrap_err();
    assert_eq!((e.code(), e.field()), ("out_of_range", Some("opportunities[0].meddpicc.metrics.value")));
    let e =
        load(&QUALIFIED.replace(r#"{"stakeholder": "cio", "roles""#, r#"{"stakeholder": "ceo", "roles""#)).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("opportunities[0].buying_influences[1].stakeholder")));
    let e = load(&QUALIFIED.replace(r#""response_mode": "growth""#, r#""response_mode": "happy""#)).unwrap_err();
    assert_eq!(e.code(), "json_shape");
    let e = load(&QUALIFIED.replace(r#""name": "技术评审""#, r#""name": " ""#)).unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty_id", Some("opportunities[0].meddpicc.decision_process.steps[0].name")));
}

#[test]
fn the_building_api_checks_and_removal_is_refused_while_referenced() {
    let mut map = load(QUALIFIED).unwrap();
    let e = map.remove_stakeholder("cio").unwrap_err();
    assert_eq!(e.code(), "still_referenced");
    let mut o = Opportunity::new("o2", "Second");
    o.buying_influences.push(BuyingInfluence::new("ghost"));
    let e = map.add_opportunity(o).unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("opportunities[1].buying_influences[0].stakeholder")));
    let mut o = map.opportunities()[0].clone();
    o.meddpicc.set_grade(MeddpiccElement::PaperProcess, Grade::Green);
    map.update_opportunity(o).unwrap();
    assert_eq!(map.opportunities()[0].meddpicc.grade(MeddpiccElement::PaperProcess), Some(Grade::Green));
}

#[test]
fn blue_sheet_roles_map_from_relmap_roles() {
    let map = load(QUALIFIED).unwrap();
    let ceo = map.stakeholder("ceo").unwrap();
    assert_eq!(BuyingRole::from_roles(&ceo.roles), [BuyingRole::Economic]);
    let cio = map.stakeholder("cio").unwrap();
    assert_eq!(BuyingRole::from_roles(&cio.roles), [BuyingRole::Technical, BuyingRole::Coach]);
}

#[test]
fn csv_folders_carry_the_qualification_and_name_bad_cells() {
    let map = load(QUALIFIED).unwrap();
    let dir = std::env::temp_dir().join(format!("relmap-qualification-{}", std::process::id()));
    relmap::io::csv::write_map(&map, &dir).unwrap();
    assert_eq!(relmap::io::csv::read_map(&dir).unwrap(), map);
    let text = std::fs::read_to_string(dir.join("meddpicc.csv")).unwrap();
    assert!(
        text.starts_with("opportunity,element,grade,stakeholder,value,tested,description,confirmed_by,confirmed_at\n")
    );
    assert!(text.contains("o1,champion,green,cio,,true,,,\n"), "{text}");

    std::fs::write(dir.join("meddpicc.csv"), text.replace("o1,competition,red", "o1,competition,amber")).unwrap();
    let e = relmap::io::csv::read_map(&dir).unwrap_err();
    assert_eq!(e.code(), "csv");
    let at = relmap::io::csv::locate(&e).unwrap();
    assert_eq!((at.file.as_str(), at.column.as_str()), ("meddpicc.csv", "grade"));
    assert!(e.to_string().contains("amber"), "{e}");

    std::fs::write(dir.join("meddpicc.csv"), text.replace("o1,competition,red,", "o1,competition,red,cio")).unwrap();
    let e = relmap::io::csv::read_map(&dir).unwrap_err();
    assert_eq!((e.code(), e.field()), ("csv", Some("stakeholder")));

    std::fs::write(dir.join("meddpicc.csv"), text.replace(",cio,,true", ",nobody,,true")).unwrap();
    let e = relmap::io::csv::read_map(&dir).unwrap_err();
    assert_eq!(e.code(), "unknown_reference");
    assert_eq!(relmap::io::csv::locate(&e).unwrap().to_string(), "meddpicc.csv, column stakeholder");
    std::fs::remove_dir_all(&dir).unwrap();
}
