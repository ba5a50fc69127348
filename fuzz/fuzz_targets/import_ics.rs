//! The iCalendar importer on arbitrary bytes: it must never panic, hang or
//! leave the map invalid; every problem is a report line.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use relmap::io::import::{calendar, CalendarOptions, SourceFile};
use relmap::model::{Account, Stakeholder, TeamMember};
use relmap::RelationshipMap;

fuzz_target!(|data: &[u8]| {
    let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    map.add_team_member(TeamMember::new("rep", "Rep").with_email("rep@us.example")).unwrap();
    map.add_stakeholder(Stakeholder::new("cio", "CIO").with_email("cio@acme.example")).unwrap();
    let mut opts = CalendarOptions { max_occurrences: 64, ..CalendarOptions::default() };
    opts.activity.our_domains = vec!["us.example".into()];
    opts.activity.account_domains = vec!["acme.example".into()];
    let files = [SourceFile::new("fuzz.ics", data)];
    let report = calendar::import(&mut map, &files, &opts).expect("valid options never fail");
    // Whatever came in, the map is still a valid document and the report names the file.
    assert_eq!(RelationshipMap::from_json(&map.to_json()).unwrap(), map);
    assert!(report.lines.iter().all(|l| l.file == "fuzz.ics"));
    // Ghost scores, strengths and reply times: finite, never −0.
    common::assert_finite("report", &report);
});
