//! The sample accounts in `examples/data/`: JSON and CSV forms agree, are current,
//! and tell the stories they are meant to tell.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use relmap::model::{EvidenceKind, Initiator, RelationKind, Role};
use relmap::time::Timestamp;
use relmap::RelationshipMap;

const SAMPLES: [&str; 2] = ["manufacturing_cloud", "city_construction_tender"];
const REGENERATE: &str = "run `cargo run -p relmap --example export_samples` and commit examples/data";

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data")
}

fn load(name: &str) -> RelationshipMap {
    relmap::io::load(data().join(format!("{name}.json"))).unwrap_or_else(|e| panic!("{name}.json: {e}"))
}

fn t(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn json_documents_are_canonical() {
    for name in SAMPLES {
        let text = std::fs::read_to_string(data().join(format!("{name}.json"))).unwrap();
        let map = RelationshipMap::from_json(&text).unwrap();
        assert!(map.to_json() == text, "{name}.json is not in canonical form: {REGENERATE}");
    }
}

#[test]
fn csv_folders_read_equal_to_the_json_documents() {
    for name in SAMPLES {
        let from_json = load(name);
        let from_csv = relmap::io::load(data().join(name)).unwrap_or_else(|e| panic!("{name}/: {e}"));
        assert!(from_csv == from_json, "{name}/ differs from {name}.json: {REGENERATE}");
        let direct = relmap::io::csv::read_map(data().join(name)).unwrap();
        assert_eq!(direct, from_json);
    }
}

#[test]
fn csv_folders_are_what_the_writer_writes_now() {
    for name in SAMPLES {
        let dir = std::env::temp_dir().join(format!("relmap-samples-{name}-{}", std::process::id()));
        relmap::io::csv::write_map(&load(name), &dir).unwrap();
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        files.sort();
        assert_eq!(files.len(), 13);
        for file in files {
            let fresh = std::fs::read(dir.join(&file)).unwrap();
            let committed = std::fs::read(data().join(name).join(&file)).unwrap_or_default();
            assert!(fresh == committed, "{name}/{} is stale: {REGENERATE}", file.to_string_lossy());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn format_doc_example_is_a_valid_document() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/format.md")).unwrap();
    let start = doc.find("### 1.12 A complete example").expect("the example section");
    let block = &doc[start..];
    let json = &block[block.find("```json\n").unwrap() + 8..];
    let json = &json[..json.find("```").unwrap()];
    let map = RelationshipMap::from_json(json).unwrap_or_else(|e| panic!("docs/format.md example: {e}"));
    assert_eq!(map.stakeholders().len(), 4);
    assert_eq!(map.evidence().len(), 4);
    assert_eq!(map.org_depth(), 3);
}

fn with_role(map: &RelationshipMap, role: Role) -> Vec<&str> {
    map.stakeholders().iter().filter(|s| s.has_role(role)).map(|s| s.id.as_str()).collect()
}

/// The last interaction with a stakeholder.
fn last_contact(map: &RelationshipMap, id: &str) -> Option<Timestamp> {
    map.interactions().iter().filter(|x| x.stakeholders.iter().any(|s| s == id)).map(|x| x.at).max()
}

/// Checks every sample shares: competitor names line up, ids are meaningful, evidence of every kind.
fn common_facts(map: &RelationshipMap, as_of: Timestamp) {
    assert_eq!(with_role(map, Role::EconomicBuyer).len(), 1, "exactly one economic buyer");
    assert!(!with_role(map, Role::Coach).is_empty(), "a coach (项目线人)");
    assert!(!with_role(map, Role::Gatekeeper).is_empty(), "a gatekeeper");
    assert!(map.stakeholders().iter().any(|s| s.stance.is_none()), "some stances unknown");
    assert!(map.stakeholders().iter().any(|s| s.stance.is_some_and(|v| v <= -2.0)), "an opponent");
    assert!(map.stakeholders().iter().all(|s| s.name.chars().all(|c| !c.is_ascii())), "Chinese names");
    assert!(map.relations().iter().any(|r| r.kind == RelationKind::Conflict));
    assert!(map.interactions().iter().any(|x| x.initiated_by == Initiator::Them));
    assert!(map.interactions().iter().all(|x| x.at <= as_of));

    let opp = &map.opportunities()[0];
    let vendors: BTreeSet<&str> = opp.vendor_scores.keys().map(String::as_str).collect();
    let mut expected: BTreeSet<&str> = opp.competitors.iter().map(String::as_str).collect();
    expected.insert("us");
    assert_eq!(vendors, expected, "scores for us and each competitor");
    assert_eq!(opp.competitors.len(), 2);
    for s in map.stakeholders() {
        for c in s.stance_toward.keys() {
            assert!(opp.competitors.contains(c), "{}: stance toward unknown competitor {c}", s.id);
        }
    }
    for scores in opp.vendor_scores.values() {
        assert_eq!(scores.len(), opp.criteria.len(), "every vendor scored on every criterion");
    }
    assert!(opp.declared_stage.is_some());

    let kinds: HashSet<&str> = map.evidence().iter().map(|e| e.kind.code()).collect();
    assert_eq!(kinds.len(), 4, "every kind of evidence: {kinds:?}");
    let (mut kept, mut late, mut broken, mut pending) = (0, 0, 0, 0);
    for e in map.evidence() {
        if let EvidenceKind::Commitment { due, delivered, .. } = &e.kind {
            match delivered {
                Some(d) if d <= due => kept += 1,
                Some(_) => late += 1,
                None if *due < as_of => broken += 1,
                None => pending += 1,
            }
        }
    }
    assert!(
        kept > 0 && late > 0 && broken > 0 && pending > 0,
        "{kept} kept, {late} late, {broken} broken, {pending} pending"
    );
}

#[test]
fn manufacturing_sample_tells_its_story() {
    let map = load("manufacturing_cloud");
    let as_of = t("2026-11-15");
    common_facts(&map, as_of);
    assert!((25..=40).contains(&map.stakeholders().len()));
    assert!((30..=60).contains(&map.relations().len()));
    assert!((4..=6).contains(&map.team().len()));
    assert!((150..=300).contains(&map.interactions().len()));
    assert!((4..=5).contains(&map.org_depth()), "org depth {}", map.org_depth());
    assert_eq!(with_role(&map, Role::EconomicBuyer), ["chairman"]);
    for id in ["chairman", "cfo", "cio", "it_infra_mgr", "plant1_director", "vp_manufacturing", "it_pmo_mgr"] {
        assert!(map.stakeholder(id).is_some(), "{id}");
    }
    // About a year of history.
    let first = map.interactions().iter().map(|x| x.at).min().unwrap();
    let last = map.interactions().iter().map(|x| x.at).max().unwrap();
    assert!(first < t("2025-11-10") && last > t("2026-11-01"), "{first} .. {last}");

    // The red flags the sample is built to show.
    let vp = map.stakeholder("vp_manufacturing").unwrap();
    assert!(vp.stance.unwrap() <= -3.0 && vp.stance_toward["qingtian"] >= 3.0, "an influential opponent");
    assert!(map
        .relations()
        .iter()
        .any(|r| r.source == "vp_manufacturing" && r.target == "chairman" && r.strength >= 0.8));
    assert!(as_of.days_since(last_contact(&map, "cfo").unwrap()) > 60.0, "the CFO relationship has gone stale");
    assert!(as_of.days_since(last_contact(&map, "chairman").unwrap()) > 300.0, "the economic buyer barely met");
    assert_eq!(map.stakeholder("president").unwrap().stance, None, "a key player with unknown stance");
    assert_eq!(last_contact(&map, "plant3_director"), None, "a plant never visited");
    // Declared negotiation, but nobody has shortlisted us or agreed terms.
    let opp = &map.opportunities()[0];
    assert_eq!(opp.declared_stage.as_deref(), Some("negotiation"));
    let keys: Vec<&str> = opp.milestones.iter().map(|m| m.key.as_str()).collect();
    assert!(keys.contains(&"poc_passed") && keys.contains(&"proposal_submitted"));
    assert!(!keys.contains(&"shortlisted") && !keys.contains(&"commercial_terms_agreed"));
}

#[test]
fn city_tender_sample_tells_its_story() {
    let map = load("city_construction_tender");
    let as_of = t("2026-11-01");
    common_facts(&map, as_of);
    assert!((20..=35).contains(&map.stakeholders().len()));
    assert!((100..=200).contains(&map.interactions().len()));
    assert!(map.org_depth() >= 4, "org depth {}", map.org_depth());
    assert_eq!(with_role(&map, Role::EconomicBuyer), ["vice_mayor"]);
    let first = map.interactions().iter().map(|x| x.at).min().unwrap();
    let last = map.interactions().iter().map(|x| x.at).max().unwrap();
    let months = last.days_since(first) / 30.4;
    assert!((7.0..=9.0).contains(&months), "{months} months");
    // Discipline inspection is a gatekeeper with no formal power over the award.
    let inspector = map.stakeholder("discipline_inspector").unwrap();
    assert!(inspector.has_role(Role::Gatekeeper) && inspector.authority == Some(0.0));
    // Bid evaluators are never contacted.
    for expert in ["expert_structure", "expert_cost"] {
        assert_eq!(last_contact(&map, expert), None, "{expert}");
    }
    let keys: Vec<&str> = map.opportunities()[0].milestones.iter().map(|m| m.key.as_str()).collect();
    assert!(keys.contains(&"tender_announced") && keys.contains(&"bid_submitted"));
}

#[test]
fn city_tender_sample_is_staged_by_its_own_tender_model() {
    let map = load("city_construction_tender");
    let text = std::fs::read_to_string(data().join("city_construction_tender.stages.json")).unwrap();
    let model = relmap::stage::StageModel::from_json(&text).unwrap();
    let as_of = Some(t("2026-11-01"));
    let stages = map.stages(&model, as_of).unwrap();
    let s = &stages[0];
    // Every milestone the tender records is one the model knows; the declared stage is evidenced.
    assert!(s.unknown_milestones.is_empty(), "{:?}", s.unknown_milestones);
    assert!(s.out_of_order.is_empty(), "{:?}", s.out_of_order);
    assert_eq!(s.stage, "evaluation");
    assert_eq!(s.declared_stage.as_deref(), Some("evaluation"));
    assert!(!s.ahead_of_evidence);
    assert_eq!(s.next_stage.as_deref(), Some("award"));
    assert_eq!(s.missing_for_next, ["candidates_announced"]);
    assert_eq!(s.entered_at, Some(t("2026-10-16")));
    // The default model knows none of the tender events.
    let default = map.stages(&relmap::stage::StageModel::default(), as_of).unwrap();
    assert!(default[0].unknown_milestones.iter().any(|k| k == "tender_announced"));
    // And the decision chain's stage flag follows the model it is given.
    let cfg = relmap::chain::ChainConfig { stage_model: model, ..Default::default() };
    let chain = map.decision_chain(&cfg).unwrap();
    assert!(chain.red_flags().iter().all(|f| f.code.as_str() != "stage_ahead_of_evidence"));
}
