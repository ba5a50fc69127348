//! Generated calendars and mail archives for the importer benches: one account
//! with 60 people (40 on the map with their addresses, 20 ghosts) and 6 of ours.

use std::fmt::Write;

use relmap::activity::ActivityConfig;
use relmap::model::{Account, Role, Stakeholder, TeamMember};
use relmap::RelationshipMap;

use crate::SplitMix64;

const THEIRS: usize = 60;
const ON_MAP: usize = 40;
const OURS: usize = 6;

fn theirs(i: usize) -> String {
    format!("person{i}@acme-group.example")
}

fn ours(i: usize) -> String {
    format!("rep{i}@ourco.example")
}

/// The map the imports merge into.
pub fn import_map() -> RelationshipMap {
    let mut map = RelationshipMap::new(Account::new("acme", "Acme Group"));
    for i in 0..OURS {
        map.add_team_member(TeamMember::new(format!("rep{i}"), format!("Rep {i}")).with_email(ours(i))).unwrap();
    }
    for i in 0..ON_MAP {
        let mut s = Stakeholder::new(format!("p{i}"), format!("Person {i}")).with_email(theirs(i));
        if i < 4 {
            s = s.with_roles(
                [Role::EconomicBuyer, Role::DecisionMaker, Role::TechnicalBuyer, Role::Coach][i..=i].to_vec(),
            );
        }
        map.add_stakeholder(s).unwrap();
    }
    map
}

/// The sides of the generated people.
pub fn sides() -> ActivityConfig {
    ActivityConfig {
        our_domains: vec!["ourco.example".into()],
        account_domains: vec!["acme-group.example".into()],
        ..ActivityConfig::default()
    }
}

fn stamp(day: usize, minute: usize) -> String {
    let t = relmap::time::Timestamp::from_ymd(2025, 1, 1).unwrap().plus_days(day as i64);
    let (y, m, d) = t.ymd();
    format!("{y:04}{m:02}{d:02}T{:02}{:02}00", 8 + minute / 60 % 10, minute % 60)
}

/// An `.ics` file with `n` meetings (one in ten a weekly series of four), in
/// Asia/Shanghai time, two to five attendees each, a few declined.
pub fn meetings_ics(n: usize, seed: u64) -> String {
    let mut rng = SplitMix64::new(seed);
    let mut s = String::with_capacity(n * 600);
    s.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//relmap bench//EN\r\n");
    let locations = ["Acme HQ, room 3", "https://zoom.example/j/1", "tel:+86-21-5555", "腾讯会议 123", "Restaurant"];
    for k in 0..n {
        let day = rng.below(700);
        let minute = rng.below(600);
        let _ = write!(
            s,
            "BEGIN:VEVENT\r\nUID:bench-{k}@ourco.example\r\nDTSTAMP:20250101T000000Z\r\n\
             DTSTART;TZID=Asia/Shanghai:{}\r\nDTEND;TZID=Asia/Shanghai:{}\r\nSUMMARY:Meeting {k}\r\n\
             LOCATION:{}\r\n",
            stamp(day, minute),
            stamp(day, minute + 45),
            locations[rng.below(locations.len())]
        );
        if rng.chance(0.1) {
            s.push_str("RRULE:FREQ=WEEKLY;COUNT=4\r\n");
        }
        let _ = write!(s, "ORGANIZER;CN=Rep:mailto:{}\r\n", ours(rng.below(OURS)));
        for _ in 0..2 + rng.below(4) {
            let who = if rng.chance(0.25) { ours(rng.below(OURS)) } else { theirs(rng.below(THEIRS)) };
            let status = if rng.chance(0.05) { "DECLINED" } else { "ACCEPTED" };
            let _ = write!(s, "ATTENDEE;PARTSTAT={status}:mailto:{who}\r\n");
        }
        s.push_str("END:VEVENT\r\n");
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

/// An mbox archive with `n` messages: threads of one to six messages going
/// back and forth between one of ours and one to three of theirs.
pub fn mbox(n: usize, seed: u64) -> Vec<u8> {
    let mut rng = SplitMix64::new(seed);
    let mut s = String::with_capacity(n * 420);
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut k = 0;
    while k < n {
        let us = ours(rng.below(OURS));
        let them: Vec<String> = (0..1 + rng.below(3)).map(|_| theirs(rng.below(THEIRS))).collect();
        let mut minute = rng.below(700 * 24 * 60);
        let mut parent: Option<usize> = None;
        let mut root: Option<usize> = None;
        let mut from_us = rng.chance(0.6);
        for _ in 0..1 + rng.below(6) {
            if k == n {
                break;
            }
            let t = relmap::time::Timestamp::from_ymd(2025, 1, 1).unwrap().0 + 60 * minute as i64;
            let t = relmap::time::Timestamp(t);
            let (y, m, d) = t.ymd();
            let secs = t.0.rem_euclid(86_400);
            let (from, to) = if from_us { (us.clone(), them[0].clone()) } else { (them[0].clone(), us.clone()) };
            let _ = write!(
                s,
                "From sender@example Thu Jan  1 00:00:00 2025\nMessage-ID: <m{k}@bench.example>\n\
                 Date: {d} {} {y} {:02}:{:02}:{:02} +0000\nFrom: Someone <{from}>\nTo: <{to}>\n",
                months[m as usize - 1],
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            );
            if them.len() > 1 {
                let _ = writeln!(s, "Cc: {}", them[1..].join(", "));
            }
            if let (Some(p), Some(r)) = (parent, root) {
                let _ = write!(
                    s,
                    "In-Reply-To: <m{p}@bench.example>\nReferences: <m{r}@bench.example> <m{p}@bench.example>\n"
                );
            }
            let _ = write!(s, "Subject: Re: topic {k}\n\nA body that is never read.\n\n");
            root = root.or(Some(k));
            parent = Some(k);
            from_us = !from_us;
            minute += 30 + rng.below(3 * 24 * 60);
            k += 1;
        }
    }
    s.into_bytes()
}
