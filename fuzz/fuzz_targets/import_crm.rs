//! The CRM importer on arbitrary exports: it must never panic or hang, every
//! problem is a report line (or a typed error for a bad mapping), the map stays a
//! valid document, and importing the same files again changes nothing.
//!
//! The input is a folder as text, as for `csv_folder`: each file starts with a line
//! `=== NAME` and runs to the next such line. A file `mapping.json` is the mapping
//! (`relmap-crm-mapping/1`); without one the `salesforce` preset is used, and a first
//! line `preset NAME` picks another.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use relmap::io::import::crm::{self, CrmMapping};
use relmap::io::import::{CrmOptions, Outcome, SourceFile};
use relmap::model::Account;
use relmap::RelationshipMap;

/// Splits the input into a preset name (first line `preset NAME`) and (file name, content) pairs.
fn files(data: &[u8]) -> (Option<String>, Vec<(String, Vec<u8>)>) {
    let mut preset = None;
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for (k, line) in data.split_inclusive(|&b| b == b'\n').enumerate() {
        if let (0, Some(name)) = (k, line.strip_prefix(b"preset ")) {
            preset = Some(String::from_utf8_lossy(name).trim().to_owned());
        } else if let Some(name) = line.strip_prefix(b"=== ") {
            let name = String::from_utf8_lossy(name).trim_end_matches(['\n', '\r']).to_owned();
            out.push((name, Vec::new()));
        } else if let Some((_, content)) = out.last_mut() {
            content.extend_from_slice(line);
        }
    }
    (preset, out)
}

fuzz_target!(|data: &[u8]| {
    let (preset, folder) = files(data);
    let mut opts = CrmOptions { account: Some("acme".into()), ..CrmOptions::default() };
    let mut sources = Vec::new();
    for (name, content) in folder {
        if name == "mapping.json" {
            let Some(m) = common::ok(CrmMapping::from_json(&String::from_utf8_lossy(&content))) else { return };
            opts.mapping = Some(m);
        } else {
            sources.push(SourceFile::new(name, content));
        }
    }
    if opts.mapping.is_none() {
        opts.preset = Some(preset.unwrap_or_else(|| "salesforce".into()));
    }
    let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    let Some(first) = common::ok(crm::import(&mut map, &sources, &opts)) else { return };
    assert_eq!(RelationshipMap::from_json(&map.to_json()).unwrap(), map, "the map is no longer a valid document");
    assert!(first.lines.iter().all(|l| sources.iter().any(|s| s.name == l.file)), "a line names no given file");
    common::assert_finite("report", &first);
    // The same files again: nothing changes.
    let before = map.clone();
    let second = crm::import(&mut map, &sources, &opts).expect("the same import ran a moment ago");
    assert_eq!(map, before, "a second import changed the map");
    for l in &second.lines {
        assert!(!matches!(l.outcome, Outcome::Added | Outcome::Updated), "a second import changed something: {l}");
    }
});
