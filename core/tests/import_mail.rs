//! Mail import on files written by Python's `email` and `mailbox` modules
//! (`scripts/make_import_fixtures.py`): round trip, threads, idempotence,
//! bounces, bad messages, and the privacy rule.

mod import_common;

use import_common::*;
use relmap::chain::{FlagCode, Severity};
use relmap::io::import::{calendar, mail, CalendarOptions, MailOptions, Outcome, Reason, SourceFile};
use relmap::model::{Channel, Initiator, RelationKind};
use relmap::trust::TrustConfig;
use relmap::RelationshipMap;

fn options() -> MailOptions {
    MailOptions { activity: sides() }
}

fn all_files() -> Vec<SourceFile> {
    ["mail/thread.mbox", "mail/chairman.eml", "mail/no_id.eml", "mail/bad_date.eml"].map(file).to_vec()
}

#[test]
fn round_trip_threads_and_initiators() {
    let mut map = base_map();
    let report = mail::import(&mut map, &all_files(), &options()).unwrap();
    let x = |id: &str| map.interaction(&format!("mail:{id}")).unwrap_or_else(|| panic!("no mail:{id}"));
    let m1 = x("m1@fixtures.relmap");
    assert_eq!((m1.at.to_string().as_str(), m1.channel), ("2026-03-03T01:00:00Z", Channel::Email));
    assert_eq!(
        (m1.members.as_slice(), m1.stakeholders.as_slice()),
        (&["am".to_owned()][..], &["cio".to_owned(), "pmo".to_owned()][..])
    );
    assert_eq!(m1.initiated_by, Initiator::Us);
    // A reply from them in a thread we started: still our initiative.
    assert_eq!(x("m2@fixtures.relmap").initiated_by, Initiator::Us);
    // A thread they started, and our reply in it.
    assert_eq!(x("m3@fixtures.relmap").initiated_by, Initiator::Them);
    assert_eq!(x("m3@fixtures.relmap").stakeholders, ["cio"]);
    assert_eq!(x("m4@fixtures.relmap").initiated_by, Initiator::Them);
    assert_eq!(x("m5@fixtures.relmap").stakeholders, ["pmo", "cio"]);
    // A colleague not on the team joins it.
    assert_eq!(x("m8@fixtures.relmap").members, ["wu.lei@ourco.com"]);
    assert_eq!(map.team_member("wu.lei@ourco.com").unwrap().name, "吴磊");
    let chairman = x("chairman-0320@hdjm.com.cn");
    assert_eq!(
        (chairman.stakeholders.as_slice(), chairman.initiated_by),
        (&["chairman".to_owned()][..], Initiator::Them)
    );

    // mbox rows are message positions.
    let m1_lines: Vec<_> = report.lines.iter().filter(|l| l.id.as_deref() == Some("mail:m1@fixtures.relmap")).collect();
    assert_eq!((m1_lines[0].outcome, m1_lines[0].row), (Outcome::Added, Some(1)));
    let dup: Vec<_> = lines(&report, Outcome::Skipped, Some(Reason::Duplicate));
    assert_eq!((dup.len(), dup[0].row, dup[0].column.as_deref()), (1, Some(9), Some("Message-ID")));
    assert_eq!(lines(&report, Outcome::Skipped, Some(Reason::NoAccountParty)).len(), 1);
    assert_eq!(lines(&report, Outcome::Skipped, Some(Reason::Bounce)).len(), 2);
    let no_id = lines(&report, Outcome::Skipped, Some(Reason::MissingId));
    assert_eq!((no_id[0].file.as_str(), no_id[0].column.as_deref()), ("no_id.eml", Some("Message-ID")));
    let bad = lines(&report, Outcome::Skipped, Some(Reason::BadDate));
    assert_eq!((bad[0].file.as_str(), bad[0].column.as_deref()), ("bad_date.eml", Some("Date")));
    assert_eq!(bad[0].value.as_deref(), Some("next Tuesday, after lunch"));
    let c = report.counts();
    assert_eq!((c.added, c.skipped), (9, 6), "{:#?}", report.lines);
}

#[test]
fn response_times_strength_and_suggestions() {
    let mut map = base_map();
    let report = mail::import(&mut map, &all_files(), &options()).unwrap();
    let s = report.strengths.iter().find(|s| s.member == "am" && s.stakeholder == "cio").unwrap();
    assert_eq!(s.their_response_hours, Some(5.0));
    assert_eq!(s.our_response_hours, Some(2.0));
    assert_eq!((s.interactions, s.initiated_by_them), (6, 4));
    assert_eq!(s.components.reciprocity, 1.0);
    assert!((s.components.response.unwrap() - (-5.0f64 / 48.0).exp()).abs() < 1e-12);
    assert!(s.strength > 0.0 && s.strength <= 1.0);
    assert_eq!(s.channel_mix.get(&Channel::Email), Some(&6));

    let informs = report.suggested_relations.iter().find(|r| r.relation.kind == RelationKind::Informs).unwrap();
    assert_eq!((informs.relation.source.as_str(), informs.relation.target.as_str()), ("pmo", "cio"));
    assert_eq!(informs.evidence.mails_to, 2);

    let ghost = &report.ghosts[0];
    assert_eq!(
        (ghost.email.as_str(), ghost.messages, ghost.known_by.as_slice()),
        ("wang.fang@hdjm.com.cn", 2, &["am".to_owned()][..])
    );
}

#[test]
fn bounces_flag_departures_with_their_own_code() {
    let mut map = base_map();
    let report = mail::import(&mut map, &all_files(), &options()).unwrap();
    let flags: Vec<(&str, Severity)> = report.departures.iter().map(|f| (f.ids[0].as_str(), f.severity)).collect();
    assert_eq!(flags, [("chairman", Severity::Critical), ("vp", Severity::Critical)]);
    assert!(report.departures.iter().all(|f| f.code == FlagCode::ContactDeparted));
    assert!(report.departures[1].reason.contains("bounced on 2026-04-01"), "{}", report.departures[1].reason);
}

#[test]
fn silent_key_players_are_departures_too() {
    let mut map = base_map();
    let mut opts = options();
    opts.activity.as_of = Some("2026-09-01".parse().unwrap());
    let files = [file("mail/chairman.eml")];
    let report = mail::import(&mut map, &files, &opts).unwrap();
    let ids: Vec<&str> = report.departures.iter().map(|f| f.ids[0].as_str()).collect();
    // The chairman wrote in March, the VP was met in January: both key contacts, both silent since.
    assert_eq!(ids, ["chairman", "vp"]);
    assert!(report.departures.iter().all(|f| f.severity == Severity::Warning));
    opts.activity.departure_days = 400.0;
    assert!(mail::import(&mut map, &files, &opts).unwrap().departures.is_empty());
}

#[test]
fn importing_twice_changes_nothing() {
    let mut map = base_map();
    let first = mail::import(&mut map, &all_files(), &options()).unwrap();
    let before = map.clone();
    let second = mail::import(&mut map, &all_files(), &options()).unwrap();
    assert_idempotent(&first, &second, &before, &map);
}

#[test]
fn malformed_messages_and_wrong_encodings_are_report_lines() {
    let gbk_from = [
        &b"Message-ID: <gbk@hdjm.com.cn>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0800\r\nFrom: "[..],
        &encoding_rs::GBK.encode("林志远").0,
        &b" <lin.zhiyuan@hdjm.com.cn>\r\nTo: zhou.li@ourco.com\r\n\r\nbody\r\n"[..],
    ]
    .concat();
    let files = [
        SourceFile::new("binary.eml", vec![0u8, 159, 146, 150, 255, 0, 1]),
        SourceFile::new("empty.mbox", Vec::new()),
        SourceFile::new("gbk.eml", gbk_from),
        SourceFile::new(
            "no_from.eml",
            "Message-ID: <nf@x>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0800\r\nTo: zhou.li@ourco.com\r\n\r\n",
        ),
        file("mail/chairman.eml"),
    ];
    let mut map = base_map();
    let report = mail::import(&mut map, &files, &options()).unwrap();
    let of =
        |name: &str| report.lines.iter().filter(|l| l.file == name).map(|l| (l.outcome, l.reason)).collect::<Vec<_>>();
    assert!(
        !of("binary.eml").is_empty() && of("binary.eml").iter().all(|(o, _)| *o == Outcome::Skipped),
        "{:?}",
        of("binary.eml")
    );
    assert_eq!(of("empty.mbox"), [(Outcome::Skipped, Some(Reason::Malformed))]);
    // Raw GBK in a header: a warning naming the header, and the message still counts.
    assert_eq!(of("gbk.eml"), [(Outcome::Warning, Some(Reason::Encoding)), (Outcome::Added, None)]);
    let w = report.lines.iter().find(|l| l.file == "gbk.eml" && l.outcome == Outcome::Warning).unwrap();
    assert_eq!(w.column.as_deref(), Some("From"));
    assert_eq!(map.interaction("mail:gbk@hdjm.com.cn").unwrap().stakeholders, ["cio"]);
    assert_eq!(of("no_from.eml"), [(Outcome::Skipped, Some(Reason::MissingValue))]);
    assert!(map.interaction("mail:chairman-0320@hdjm.com.cn").is_some());
}

/// The privacy rule: subjects and bodies (and calendar summaries and
/// descriptions) are never stored: not in the map, the report, or the activity log.
#[test]
fn subjects_and_bodies_are_never_stored() {
    let mut map = base_map();
    let mail_report = mail::import(&mut map, &all_files(), &options()).unwrap();
    let cal_opts = CalendarOptions { activity: sides(), ..CalendarOptions::default() };
    let cal_report = calendar::import(&mut map, &[file("calendar/team.ics")], &cal_opts).unwrap();
    // The fixtures do carry the markers.
    let raw = std::fs::read_to_string(fixture("mail/thread.mbox")).unwrap();
    assert!(raw.contains("PRIVATE-SUBJECT-4711") && raw.contains("PRIVATE-BODY-4711"));
    let mut kept = map.to_json();
    for r in [&mail_report, &cal_report] {
        kept += &serde_json::to_string(r).unwrap();
        kept += &format!("{r:?}");
        kept += &r.lines.iter().map(|l| l.to_string()).collect::<String>();
    }
    let dir = std::env::temp_dir().join(format!("relmap-privacy-{}", std::process::id()));
    relmap::io::csv::write_map(&map, &dir).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        kept += &std::fs::read_to_string(entry.unwrap().path()).unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
    for marker in ["PRIVATE", "4711", "budget", "agenda"] {
        assert!(!kept.contains(marker), "{marker:?} was stored");
    }
}

#[test]
fn imported_activity_feeds_the_relationship_pillar() {
    let mut map = base_map();
    let as_of = "2026-04-03".parse().unwrap();
    let before = map.trust(&TrustConfig::default(), as_of).unwrap();
    mail::import(&mut map, &all_files(), &options()).unwrap();
    let after = map.trust(&TrustConfig::default(), as_of).unwrap();
    let rel = |r: &relmap::trust::TrustReport| r.stakeholder("cio").map_or(0.0, |t| t.best.relationship.score);
    assert!(rel(&after) > rel(&before), "{} vs {}", rel(&after), rel(&before));
}

#[test]
fn empty_map_without_sides_is_refused() {
    let mut map = RelationshipMap::new(relmap::model::Account::new("a", "A"));
    let e = mail::import(&mut map, &[], &MailOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("our_domains")));
}

/// The activity log travels with the map: after saving and loading (JSON or a
/// CSV folder), the analyses give what the import reported.
#[test]
fn the_activity_log_is_kept_in_the_document() {
    let mut map = base_map();
    let mail_report = mail::import(&mut map, &all_files(), &options()).unwrap();
    let cal_opts = CalendarOptions { activity: sides(), ..CalendarOptions::default() };
    let cal_report = calendar::import(&mut map, &[file("calendar/team.ics")], &cal_opts).unwrap();
    let seen = mail_report.activity.observations.len() + cal_report.activity.observations.len();
    assert_eq!(map.activity().observations.len(), seen);
    assert!(map.to_json().contains("\"activity\""));
    let from_json = RelationshipMap::from_json(&map.to_json()).unwrap();
    let files = relmap::io::csv::write_map_files(&map).unwrap();
    assert!(files.iter().any(|(name, _)| *name == "activity.csv"));
    let from_csv = relmap::io::csv::read_map_files(&files).unwrap();
    for loaded in [&from_json, &from_csv] {
        assert_eq!(loaded, &map);
        let cfg = sides();
        let ghosts = relmap::activity::ghost_stakeholders(loaded, loaded.activity(), &cfg).unwrap();
        assert_eq!(ghosts, cal_report.ghosts);
        assert!(!ghosts.is_empty());
        let suggested = relmap::activity::suggest_relations(loaded, loaded.activity(), &cfg).unwrap();
        assert_eq!(suggested, cal_report.suggested_relations);
        let departures = relmap::activity::departures(loaded, loaded.activity(), &cfg).unwrap();
        assert_eq!(departures, cal_report.departures);
    }
    // Importing the same files again leaves the log as it was.
    let before = map.activity().clone();
    mail::import(&mut map, &all_files(), &options()).unwrap();
    assert_eq!(map.activity(), &before);
}
