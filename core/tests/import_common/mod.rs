//! Shared fixtures of the importer tests (`core/tests/fixtures/import/`).
#![allow(dead_code)]

use relmap::activity::ActivityConfig;
use relmap::io::import::{ImportReport, Outcome, Reason, ReportLine, SourceFile};
use relmap::RelationshipMap;

pub fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/import/{path}", env!("CARGO_MANIFEST_DIR"))
}

pub fn file(path: &str) -> SourceFile {
    let full = fixture(path);
    let name = path.rsplit('/').next().unwrap().to_owned();
    SourceFile::new(name, std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}")))
}

pub fn base_map() -> RelationshipMap {
    RelationshipMap::from_json(&std::fs::read_to_string(fixture("base_map.json")).unwrap()).unwrap()
}

pub fn sides() -> ActivityConfig {
    ActivityConfig {
        our_domains: vec!["ourco.com".into()],
        account_domains: vec!["hdjm.com.cn".into()],
        ..ActivityConfig::default()
    }
}

/// The lines with this outcome and reason.
pub fn lines(report: &ImportReport, outcome: Outcome, reason: Option<Reason>) -> Vec<&ReportLine> {
    report.lines.iter().filter(|l| l.outcome == outcome && l.reason == reason).collect()
}

/// The one line about an id.
pub fn line<'r>(report: &'r ImportReport, id: &str) -> &'r ReportLine {
    let found: Vec<&ReportLine> = report.lines.iter().filter(|l| l.id.as_deref() == Some(id)).collect();
    assert_eq!(found.len(), 1, "lines about {id}: {found:#?}");
    found[0]
}

/// A second import of the same input leaves the map as it was: every line is
/// `unchanged`, or a skip or warning the first import gave too.
pub fn assert_idempotent(
    first: &ImportReport,
    second: &ImportReport,
    before: &RelationshipMap,
    after: &RelationshipMap,
) {
    assert_eq!(before, after, "the second import changed the map");
    for b in &second.lines {
        match b.outcome {
            Outcome::Unchanged => {}
            Outcome::Added | Outcome::Updated => panic!("the second import changed something: {b}"),
            _ => {
                assert!(
                    first.lines.iter().any(|a| (&a.file, a.row, &a.id, a.outcome, a.reason)
                        == (&b.file, b.row, &b.id, b.outcome, b.reason)),
                    "a new skip or warning: {b}"
                )
            }
        }
    }
    let skips =
        |r: &ImportReport| r.lines.iter().filter(|l| matches!(l.outcome, Outcome::Skipped | Outcome::Warning)).count();
    assert_eq!(skips(first), skips(second));
}
