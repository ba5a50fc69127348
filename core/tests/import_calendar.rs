//! iCalendar import on files written by the Python `icalendar` package
//! (`scripts/make_import_fixtures.py`): round trip, idempotence, bad events.

mod import_common;

use import_common::*;
use relmap::io::import::calendar::{self, default_channel_rules, ChannelRule};
use relmap::io::import::{CalendarOptions, Entity, Outcome, Reason, SourceFile};
use relmap::model::{Channel, Initiator, RelationKind};
use relmap::RelationshipMap;

fn options() -> CalendarOptions {
    let mut rules = vec![ChannelRule { contains: "华东精密".into(), channel: Channel::Visit }];
    rules.extend(default_channel_rules());
    CalendarOptions { activity: sides(), channel_rules: rules, ..CalendarOptions::default() }
}

fn import(map: &mut RelationshipMap, files: &[SourceFile]) -> relmap::io::import::ImportReport {
    calendar::import(map, files, &options()).unwrap()
}

#[test]
fn round_trip_gives_the_expected_interactions() {
    let mut map = base_map();
    let report = import(&mut map, &[file("calendar/team.ics"), file("calendar/outlook.ics")]);

    let visit = map.interaction("ics:visit-0302@ourco.com").unwrap();
    assert_eq!(visit.at.to_string(), "2026-03-02T02:00:00Z");
    assert_eq!(visit.channel, Channel::Visit);
    assert_eq!(visit.members, ["am", "architect"]);
    assert_eq!(visit.stakeholders, ["cio"]);
    assert_eq!(visit.initiated_by, Initiator::Us);
    assert_eq!(visit.notes, None);

    // The weekly sync: six by the rule, one excluded, one moved by an hour (its id keeps the original start).
    let weekly: Vec<_> = map.interactions().iter().filter(|x| x.id.starts_with("ics:weekly-sync@ourco.com/")).collect();
    let ids: Vec<&str> = weekly.iter().map(|x| x.id.rsplit('/').next().unwrap()).collect();
    assert_eq!(
        ids,
        ["20260304T070000Z", "20260311T070000Z", "20260325T070000Z", "20260401T070000Z", "20260408T070000Z"]
    );
    assert_eq!(weekly[2].at.to_string(), "2026-03-25T08:00:00Z");
    assert!(weekly.iter().all(|x| x.channel == Channel::Meeting && x.stakeholders == ["pmo"]));

    // The chairman's call: organized by them, a colleague joins the team.
    let call = map.interaction("ics:call-chairman@hdjm.com.cn").unwrap();
    assert_eq!((call.channel, call.initiated_by), (Channel::Phone, Initiator::Them));
    assert_eq!(call.members, ["am", "wu.lei@ourco.com"]);
    let wu = map.team_member("wu.lei@ourco.com").unwrap();
    assert_eq!((wu.name.as_str(), wu.emails.as_slice()), ("吴磊", &["wu.lei@ourco.com".to_owned()][..]));

    let dinner = map.interaction("ics:dinner-0312@ourco.com").unwrap();
    assert_eq!(
        (dinner.channel, dinner.stakeholders.as_slice()),
        (Channel::MealOrEvent, &["cio".to_owned(), "pmo".to_owned()][..])
    );
    let review = map.interaction("ics:cio-review@hdjm.com.cn").unwrap();
    assert_eq!(
        (review.channel, review.initiated_by, review.members.as_slice()),
        (Channel::Meeting, Initiator::Them, &["architect".to_owned()][..])
    );

    // Outlook's Windows zone name with its VTIMEZONE.
    let outlook = map.interaction("ics:040000008200E00074C5B7101A82E008-vp").unwrap();
    assert_eq!((outlook.at.to_string().as_str(), outlook.channel), ("2026-03-11T02:00:00Z", Channel::Visit));

    let c = report.counts();
    assert_eq!((c.added, c.updated, c.skipped, c.warning), (12, 0, 4, 0), "{:#?}", report.lines);
    assert_eq!(lines(&report, Outcome::Skipped, Some(Reason::Cancelled)).len(), 1);
    assert_eq!(lines(&report, Outcome::Skipped, Some(Reason::NoAccountParty)).len(), 2);
    let no_uid = lines(&report, Outcome::Skipped, Some(Reason::MissingId));
    assert_eq!((no_uid[0].file.as_str(), no_uid[0].column.as_deref()), ("team.ics", Some("UID")));
    let text = std::fs::read_to_string(fixture("calendar/team.ics")).unwrap();
    assert_eq!(text.lines().nth(no_uid[0].row.unwrap() - 1), Some("BEGIN:VEVENT"));
    // Lines are in file and row order.
    let rows: Vec<usize> = report.lines.iter().filter(|l| l.file == "team.ics").map(|l| l.row.unwrap()).collect();
    assert!(rows.windows(2).all(|w| w[0] <= w[1]), "{rows:?}");
}

#[test]
fn ghosts_and_suggestions_come_with_evidence() {
    let mut map = base_map();
    let report = import(&mut map, &[file("calendar/team.ics")]);
    assert_eq!(report.ghosts.len(), 1);
    let g = &report.ghosts[0];
    assert_eq!((g.email.as_str(), g.name.as_deref(), g.meetings), ("wang.fang@hdjm.com.cn", Some("王芳"), 6));
    assert_eq!(g.known_by, ["am", "architect"]);
    assert_eq!(g.seen_with, ["pmo", "cio"]);
    // The coach counts as a key contact, as in trust (roles alone).
    assert_eq!(g.key_contacts_seen_with, ["pmo", "cio"]);
    assert_eq!(g.evidence[0], "ics:weekly-sync@ourco.com/20260408T070000Z");
    // Nothing is written for the ghost until it is accepted.
    assert!(map.person_by_email("wang.fang@hdjm.com.cn").is_none());

    assert_eq!(report.suggested_relations.len(), 1, "{:#?}", report.suggested_relations);
    let s = &report.suggested_relations[0];
    assert_eq!(
        (s.relation.source.as_str(), s.relation.target.as_str(), s.relation.kind),
        ("cio", "pmo", RelationKind::Influences)
    );
    assert_eq!(s.evidence.meetings_organized, 2);
    assert!(s.relation.strength > 0.0 && s.relation.strength < 1.0);
    assert!(map.relations().is_empty());

    // Accepting the ghost, then importing again, brings the meetings it was in.
    relmap::activity::accept_ghost(&mut map, g, "wang_fang").unwrap();
    let again = import(&mut map, &[file("calendar/team.ics")]);
    assert!(again.ghosts.is_empty());
    let visit = line(&again, "ics:visit-0302@ourco.com");
    assert_eq!((visit.outcome, visit.fields.as_slice()), (Outcome::Updated, &["stakeholders".to_owned()][..]));
    assert_eq!(map.interaction("ics:visit-0302@ourco.com").unwrap().stakeholders, ["cio", "wang_fang"]);
}

#[test]
fn importing_twice_changes_nothing() {
    let mut map = base_map();
    let files = [file("calendar/team.ics"), file("calendar/outlook.ics")];
    let first = import(&mut map, &files);
    let before = map.clone();
    let second = import(&mut map, &files);
    assert_idempotent(&first, &second, &before, &map);
}

#[test]
fn windows_and_occurrence_limits() {
    let mut map = base_map();
    let opts = CalendarOptions {
        window_start: Some("2026-03-10".parse().unwrap()),
        window_end: Some("2026-04-01".parse().unwrap()),
        ..options()
    };
    let report = calendar::import(&mut map, &[file("calendar/team.ics")], &opts).unwrap();
    let weekly = map.interactions().iter().filter(|x| x.id.starts_with("ics:weekly-sync")).count();
    assert_eq!(weekly, 2);
    let outside = lines(&report, Outcome::Skipped, Some(Reason::OutsideWindow));
    let series = outside.iter().find(|l| l.id.as_deref() == Some("ics:weekly-sync@ourco.com")).unwrap();
    assert_eq!(series.value.as_deref(), Some("3"));
    assert!(map.interaction("ics:visit-0302@ourco.com").is_none());

    // An endless rule is cut at max_occurrences, with a warning.
    let endless = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:daily\r\nDTSTART:20260101T010000Z\r\n\
                   RRULE:FREQ=DAILY\r\nORGANIZER:mailto:zhou.li@ourco.com\r\nATTENDEE:mailto:yang.fan@hdjm.com.cn\r\n\
                   END:VEVENT\r\nEND:VCALENDAR\r\n";
    let mut map = base_map();
    let opts = CalendarOptions { max_occurrences: 10, ..options() };
    let report = calendar::import(&mut map, &[SourceFile::new("endless.ics", endless)], &opts).unwrap();
    assert_eq!(map.interactions().iter().filter(|x| x.id.starts_with("ics:daily/")).count(), 10);
    let w = lines(&report, Outcome::Warning, Some(Reason::Truncated));
    assert_eq!((w.len(), w[0].row, w[0].column.as_deref()), (1, Some(3), Some("RRULE")));

    // A rule no date satisfies ends (calcard bounds its search) with a line, not a hang.
    let never = endless.replace("FREQ=DAILY", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30");
    let report = calendar::import(&mut base_map(), &[SourceFile::new("never.ics", never)], &options()).unwrap();
    assert_eq!((report.lines.len(), report.lines[0].reason), (1, Some(Reason::Malformed)), "{:#?}", report.lines);
}

#[test]
fn bad_files_and_events_are_report_lines_and_nothing_else_is_lost() {
    let good = file("calendar/outlook.ics");
    let gbk = encoding_rs::GBK.encode("BEGIN:VCALENDAR\r\nX-WR-CALNAME:日历\r\nEND:VCALENDAR\r\n").0.into_owned();
    let broken = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n";
    let bad_date = std::fs::read_to_string(fixture("calendar/team.ics"))
        .unwrap()
        .replace("DTSTART;TZID=Asia/Shanghai:20260302T100000", "DTSTART;TZID=Asia/Shanghai:2026030X");
    let files = [
        SourceFile::new("gbk.ics", gbk),
        SourceFile::new("broken.ics", broken),
        SourceFile::new("notes.ics", "just some text\n"),
        SourceFile::new("bad_date.ics", bad_date),
        good,
    ];
    let mut map = base_map();
    let report = calendar::import(&mut map, &files, &options()).unwrap();
    let file_lines = |name: &str| report.lines.iter().filter(|l| l.file == name).collect::<Vec<_>>();
    let gbk = file_lines("gbk.ics");
    assert_eq!(
        (gbk.len(), gbk[0].reason, gbk[0].row, gbk[0].entity),
        (1, Some(Reason::Encoding), Some(2), Entity::File)
    );
    // calcard reads an unterminated event leniently; without its DTSTART it cannot be placed in time.
    let broken = file_lines("broken.ics");
    assert_eq!(
        (broken[0].reason, broken[0].row, broken[0].column.as_deref()),
        (Some(Reason::BadDate), Some(2), Some("DTSTART"))
    );
    assert_eq!(file_lines("notes.ics")[0].reason, Some(Reason::Malformed));
    let bad = file_lines("bad_date.ics");
    let visit = bad.iter().find(|l| l.id.as_deref() == Some("ics:visit-0302@ourco.com")).unwrap();
    assert_eq!((visit.reason, visit.column.as_deref(), visit.row), (Some(Reason::BadDate), Some("DTSTART"), Some(4)));
    // The rest of that file, and the good file, are imported.
    assert!(map.interaction("ics:dinner-0312@ourco.com").is_some());
    assert!(map.interaction("ics:040000008200E00074C5B7101A82E008-vp").is_some());
}

#[test]
fn bad_options_are_typed_errors() {
    let mut map = RelationshipMap::new(relmap::model::Account::new("a", "A"));
    let e = calendar::import(&mut map, &[], &CalendarOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("our_domains")));
    let opts = CalendarOptions { default_timezone: "Mars/Olympus".into(), ..options() };
    let e = calendar::import(&mut base_map(), &[], &opts).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("default_timezone")));
    let mut opts = options();
    opts.activity.account_domains.push("ourco.com".into());
    assert_eq!(calendar::import(&mut base_map(), &[], &opts).unwrap_err().field(), Some("activity.account_domains"));
    let e = calendar::import_path(&mut base_map(), fixture("mail"), &options()).unwrap_err();
    assert_eq!(e.code(), "no_input");
}

/// A file cut off before its first event says so in the report (nothing is
/// silently ignored).
#[test]
fn cut_off_files_are_reported() {
    let mut map = base_map();
    let cut = SourceFile::new("cut.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nnot a property line\r\n");
    let report = import(&mut map, &[cut]);
    let reasons: Vec<_> = report.lines.iter().map(|l| (l.outcome, l.reason, l.entity)).collect();
    assert_eq!(reasons, [(Outcome::Warning, Some(Reason::Malformed), Entity::File)], "{:#?}", report.lines);
    assert!(report.lines[0].message.as_deref().unwrap().contains("no VEVENT"));
}

/// An event in the year 10000 (found by fuzzing) is a `bad_date` line: the
/// map keeps only times it can write and read back.
#[test]
fn times_beyond_the_supported_years_are_bad_dates() {
    let mut map = base_map();
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:far\r\nDTSTART:99991231T230000Z\r\n\
               RRULE:FREQ=DAILY;COUNT=3\r\nORGANIZER:mailto:zhou.li@ourco.com\r\n\
               ATTENDEE:mailto:lin.zhiyuan@hdjm.com.cn\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let report = import(&mut map, &[SourceFile::new("far.ics", ics)]);
    assert!(report.lines.iter().any(|l| l.reason == Some(Reason::BadDate)), "{:#?}", report.lines);
    assert_eq!(RelationshipMap::from_json(&map.to_json()).unwrap(), map);
}

/// The fuzzer's input itself (kept as a seed in `fuzz/seeds/import_ics/`).
#[test]
fn the_fuzzed_year_10000_event_leaves_a_readable_map() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz/seeds/import_ics/year-10000.ics")).unwrap();
    let mut map = RelationshipMap::new(relmap::model::Account::new("acme", "Acme"));
    map.add_team_member(relmap::model::TeamMember::new("rep", "Rep").with_email("rep@us.example")).unwrap();
    map.add_stakeholder(relmap::model::Stakeholder::new("cio", "CIO").with_email("cio@acme.example")).unwrap();
    let mut opts = CalendarOptions { max_occurrences: 64, ..CalendarOptions::default() };
    opts.activity.our_domains = vec!["us.example".into()];
    opts.activity.account_domains = vec!["acme.example".into()];
    calendar::import(&mut map, &[SourceFile::new("fuzz.ics", bytes)], &opts).unwrap();
    assert_eq!(RelationshipMap::from_json(&map.to_json()).unwrap(), map);
}
