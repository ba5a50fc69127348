//! iCalendar files (`.ics`, RFC 5545) → interactions.
//!
//! Parsing, time zones (IANA names, Windows names as Outlook writes them,
//! `VTIMEZONE` definitions) and recurrence expansion (`RRULE`, `RDATE`,
//! `EXDATE`, `RECURRENCE-ID` overrides) are done by the `calcard` crate. The
//! rules that turn an event into an interaction are in `docs/importing.md`:
//!
//! - people are the `ORGANIZER` and the `ATTENDEE`s by email (`mailto:` or
//!   the `EMAIL` parameter); attendees with `PARTSTAT=DECLINED` are left out;
//! - our people are the map's team members (by email) and anyone at
//!   [`ActivityConfig::our_domains`]; the account's are the map's stakeholders
//!   and anyone at [`ActivityConfig::account_domains`]; others are ignored;
//! - an event needs someone of ours and someone of the account; colleagues not
//!   yet on the team are added to it (id = their address); people of the
//!   account not on the map are not added but counted as ghost stakeholders;
//! - `STATUS:CANCELLED` events (or cancelled occurrences) are skipped;
//! - the channel comes from the `LOCATION` through [`CalendarOptions::channel_rules`]
//!   (online meeting words → `meeting`, phone words → `phone`, restaurant
//!   words → `meal_or_event`, ...); an event with a conference link is a
//!   `meeting`; otherwise [`CalendarOptions::default_channel`];
//! - `initiated_by` is `them` when the organizer is of the account;
//! - the time is the start, in UTC; recurring events are expanded within
//!   [`CalendarOptions::window_start`]..[`CalendarOptions::window_end`], at most
//!   [`CalendarOptions::max_occurrences`] occurrences per series;
//! - ids: `ics:<UID>` for a single event, `ics:<UID>/<occurrence start, UTC,
//!   YYYYMMDDTHHMMSSZ>` for an occurrence of a series, so a re-import matches.
//!
//! Nothing of an event but its times, people, status and location (for the
//! channel, not stored) is read: summaries and descriptions are never stored.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use calcard::common::timezone::Tz;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameterName,
    ICalendarParameterValue, ICalendarParticipationStatus, ICalendarProperty, ICalendarStatus, ICalendarValue,
};
use calcard::{Entry, Parser};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::merge::{sort_parties, Batch, InteractionRecord};
use super::report::{Entity, Origin, Reason, ReportLine};
use super::source::{decode, read_path};
use super::{check_sides, finish, ImportError, ImportReport, SourceFile};
use crate::activity::{ActivityConfig, ActivityLog, Observation, ObservationKind, Party, Sides};
use crate::model::{Channel, Initiator, RelationshipMap};
use crate::time::Timestamp;

/// Maps a location to a channel when it contains `contains` (compared without letter case).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelRule {
    /// The text to look for in `LOCATION`.
    pub contains: String,
    /// The channel of a matching event.
    pub channel: Channel,
}

impl ChannelRule {
    fn new(contains: &str, channel: Channel) -> Self {
        ChannelRule { contains: contains.to_owned(), channel }
    }
}

/// The default location rules, tried in order (first match wins).
pub fn default_channel_rules() -> Vec<ChannelRule> {
    let mut rules = Vec::new();
    for w in ["tel:", "phone", "dial-in", "call", "电话", "致电"] {
        rules.push(ChannelRule::new(w, Channel::Phone));
    }
    for w in [
        "http://",
        "https://",
        "zoom",
        "teams",
        "meet.google",
        "webex",
        "skype",
        "腾讯会议",
        "voovmeeting",
        "飞书",
        "feishu",
        "lark",
        "钉钉",
        "dingtalk",
        "online",
        "线上",
        "视频",
    ] {
        rules.push(ChannelRule::new(w, Channel::Meeting));
    }
    for w in ["restaurant", "dinner", "lunch", "golf", "餐厅", "饭店", "酒店", "宴", "球场"] {
        rules.push(ChannelRule::new(w, Channel::MealOrEvent));
    }
    rules
}

/// How calendar files are read (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarOptions {
    /// Our domains, the account's, and the numbers of the analyses run after the import.
    pub activity: ActivityConfig,
    /// Occurrences before this are skipped (`None` = no bound).
    pub window_start: Option<Timestamp>,
    /// Occurrences at or after this are skipped (`None` = no bound).
    pub window_end: Option<Timestamp>,
    /// Occurrences expanded per recurring event, counted from its start (default 1,000).
    pub max_occurrences: usize,
    /// IANA time zone of floating times (no `TZID`, no `Z`) and all-day dates (default `UTC`).
    pub default_timezone: String,
    /// Location rules, first match wins (default [`default_channel_rules`]).
    pub channel_rules: Vec<ChannelRule>,
    /// The channel when no rule matches and there is no conference link (default `meeting`).
    pub default_channel: Channel,
}

impl Default for CalendarOptions {
    fn default() -> Self {
        CalendarOptions {
            activity: ActivityConfig::default(),
            window_start: None,
            window_end: None,
            max_occurrences: 1000,
            default_timezone: "UTC".to_owned(),
            channel_rules: default_channel_rules(),
            default_channel: Channel::Meeting,
        }
    }
}

impl CalendarOptions {
    fn timezone(&self) -> Result<Tz, ImportError> {
        self.default_timezone.parse::<Tz>().map_err(|()| ImportError::InvalidConfig {
            field: "default_timezone".into(),
            message: format!("unknown time zone {:?}; use an IANA name such as Asia/Shanghai", self.default_timezone),
        })
    }
}

/// Imports `.ics` files into a map (see the [module docs](self)).
///
/// Fails only for bad options; every problem with a file or an event is a
/// line of the report.
pub fn import(map: &mut RelationshipMap, files: &[SourceFile], opts: &CalendarOptions) -> crate::Result<ImportReport> {
    check_sides(map, &opts.activity)?;
    let tz = opts.timezone()?;
    if opts.max_occurrences == 0 {
        return Err(ImportError::InvalidConfig {
            field: "max_occurrences".into(),
            message: "must be at least 1".into(),
        }
        .into());
    }
    let sides = Sides::new(map, &opts.activity);
    let mut reader =
        Reader { sides, opts, tz, batch: Batch::default(), log: ActivityLog::default(), colleagues: HashSet::new() };
    for f in files {
        reader.file(f);
    }
    let Reader { batch, log, .. } = reader;
    finish(map, batch, files, log, &opts.activity)
}

/// The file name endings [`import_path`] reads from a folder (compared without letter case).
pub const EXTENSIONS: &[&str] = &[".ics", ".ical", ".ifb", ".icalendar"];

/// Imports an `.ics` file, or every `.ics` file of a folder.
pub fn import_path(
    map: &mut RelationshipMap,
    path: impl AsRef<Path>,
    opts: &CalendarOptions,
) -> crate::Result<ImportReport> {
    let files = read_path(path.as_ref(), EXTENSIONS)?;
    import(map, &files, opts)
}

struct Reader<'a> {
    sides: Sides<'a>,
    opts: &'a CalendarOptions,
    tz: Tz,
    batch: Batch,
    log: ActivityLog,
    /// Colleagues not on the team already queued to join it.
    colleagues: HashSet<String>,
}

/// One event component of a file, with the line it starts on.
struct Event<'c> {
    comp: &'c ICalendarComponent,
    line: usize,
}

impl Reader<'_> {
    fn file(&mut self, f: &SourceFile) {
        let whole = Origin::new(&f.name, None);
        let text = match decode(&f.bytes, encoding_rs::UTF_8) {
            Ok(t) => t,
            Err(at) => {
                let message =
                    format!("not UTF-8 text (line {}, character {}); iCalendar files are UTF-8", at.line, at.column);
                let origin = Origin::new(&f.name, Some(at.line));
                self.batch.lines.push(ReportLine::skipped(&origin, Entity::File, Reason::Encoding, message));
                return;
            }
        };
        let mut calendars = Vec::new();
        let mut parser = Parser::new(&text);
        let (mut invalid, mut first_invalid) = (0usize, None::<String>);
        loop {
            match parser.entry() {
                Entry::ICalendar(cal) => calendars.push(cal),
                Entry::Eof => break,
                Entry::InvalidLine(line) => {
                    invalid += 1;
                    first_invalid.get_or_insert_with(|| line.chars().take(80).collect());
                }
                Entry::VCard(_) => {}
                other => {
                    let message = format!("not a well-formed iCalendar file: {}", describe(&other));
                    self.batch.lines.push(ReportLine::skipped(&whole, Entity::File, Reason::Malformed, message));
                    return;
                }
            }
        }
        if calendars.is_empty() {
            let message = "no VCALENDAR in the file";
            self.batch.lines.push(ReportLine::skipped(&whole, Entity::File, Reason::Malformed, message));
            return;
        }
        // Nothing unreadable goes unmentioned: lines that are not iCalendar, a
        // calendar without events (e.g. cut off before its first VEVENT).
        if let Some(value) = first_invalid {
            let message = format!("{invalid} line(s) that are not iCalendar were ignored");
            let line = ReportLine::warning(&whole, Entity::File, Reason::Malformed, message).with_value(value);
            self.batch.lines.push(line);
        }
        let no_events =
            calendars.iter().all(|c| c.components.iter().all(|x| x.component_type != ICalendarComponentType::VEvent));
        if no_events {
            let message = "no VEVENT in the file (is it cut off?)";
            self.batch.lines.push(ReportLine::warning(&whole, Entity::File, Reason::Malformed, message));
        }
        let mut lines = event_lines(&text).into_iter();
        for cal in &calendars {
            let events: Vec<Event<'_>> = cal
                .components
                .iter()
                .filter(|c| c.component_type == ICalendarComponentType::VEvent)
                .map(|comp| Event { comp, line: lines.next().unwrap_or(0) })
                .collect();
            self.calendar(&f.name, cal, &events);
        }
    }

    fn calendar(&mut self, file: &str, cal: &ICalendar, events: &[Event<'_>]) {
        // Series by UID: the master (no RECURRENCE-ID) and its overrides.
        let mut series: Vec<(String, Vec<usize>)> = Vec::new();
        let mut by_uid: HashMap<String, usize> = HashMap::new();
        for (k, e) in events.iter().enumerate() {
            let origin = Origin::new(file, Some(e.line));
            match e.comp.uid().map(str::trim).filter(|u| !u.is_empty()) {
                None => {
                    let l =
                        ReportLine::skipped(&origin, Entity::Interaction, Reason::MissingId, "the event has no UID")
                            .with_column("UID");
                    self.batch.lines.push(l);
                }
                Some(uid) => {
                    let at = *by_uid.entry(uid.to_owned()).or_insert_with(|| {
                        series.push((uid.to_owned(), Vec::new()));
                        series.len() - 1
                    });
                    series[at].1.push(k);
                }
            }
        }
        let timezones: Vec<ICalendarComponent> =
            cal.components.iter().filter(|c| c.component_type == ICalendarComponentType::VTimezone).cloned().collect();
        for (uid, members) in &series {
            self.series(file, &timezones, events, uid, members);
        }
    }

    fn series(&mut self, file: &str, timezones: &[ICalendarComponent], events: &[Event<'_>], uid: &str, ks: &[usize]) {
        let masters: Vec<usize> = ks.iter().copied().filter(|&k| !events[k].comp.is_recurrence_override()).collect();
        let recurring = masters.first().is_some_and(|&m| events[m].comp.is_recurrent());
        for &dup in masters.iter().skip(1) {
            let origin = Origin::new(file, Some(events[dup].line));
            let l = event_line(&origin, Reason::Duplicate, "a second event with this UID", format!("ics:{uid}"), "UID");
            self.batch.lines.push(l);
        }
        let used: Vec<usize> = if recurring {
            ks.iter().copied().filter(|k| !masters[1..].contains(k)).collect()
        } else {
            ks.iter().copied().filter(|k| masters.first() == Some(k) || !masters.contains(k)).collect()
        };
        let master_line = masters.first().or(ks.first()).map(|&k| events[k].line);
        let series_origin = Origin::new(file, master_line);
        if let Some(&m) = masters.first() {
            if events[m].comp.status() == Some(&ICalendarStatus::Cancelled) {
                let l = event_line(
                    &series_origin,
                    Reason::Cancelled,
                    "the event is cancelled",
                    format!("ics:{uid}"),
                    "STATUS",
                );
                self.batch.lines.push(l);
                return;
            }
        }
        // A calendar of the time zones and this series' events, expanded by calcard.
        let mut sub = ICalendar { components: Vec::with_capacity(timezones.len() + used.len() + 1) };
        sub.components.push(ICalendarComponent {
            component_type: ICalendarComponentType::VCalendar,
            entries: Vec::new(),
            component_ids: (1..=(timezones.len() + used.len()) as u32).collect(),
        });
        sub.components.extend(timezones.iter().cloned());
        sub.components.extend(used.iter().map(|&k| events[k].comp.clone()));
        let limit = self.opts.max_occurrences + 1;
        let expanded = sub.expand_dates(self.tz, limit);
        let first_event = 1 + timezones.len();
        for err in &expanded.errors {
            let k = used[(err.comp_id as usize).saturating_sub(first_event).min(used.len() - 1)];
            let origin = Origin::new(file, Some(events[k].line));
            let message = format!("cannot read the event's times: {:?}", err.error);
            let l = event_line(&origin, Reason::BadDate, message, format!("ics:{uid}"), "DTSTART");
            self.batch.lines.push(l);
        }
        let mut occurrences: Vec<(Timestamp, usize)> = expanded
            .events
            .iter()
            .filter_map(|e| {
                let local = (e.comp_id as usize).checked_sub(first_event)?;
                Some((Timestamp(e.start.timestamp()), used[local]))
            })
            .collect();
        occurrences.sort();
        if occurrences.is_empty() && expanded.errors.is_empty() {
            let l = event_line(
                &series_origin,
                Reason::Malformed,
                "the event has no occurrence",
                format!("ics:{uid}"),
                if recurring { "RRULE" } else { "DTSTART" },
            );
            self.batch.lines.push(l);
            return;
        }
        if recurring && occurrences.len() > self.opts.max_occurrences {
            occurrences.truncate(self.opts.max_occurrences);
            let message = format!(
                "more than {} occurrences; later ones were not expanded (set a window or max_occurrences)",
                self.opts.max_occurrences
            );
            let l = ReportLine::warning(&series_origin, Entity::Interaction, Reason::Truncated, message)
                .with_id(format!("ics:{uid}"))
                .with_column("RRULE");
            self.batch.lines.push(l);
        }
        let resolver = sub.build_tz_resolver().with_default(self.tz);
        let mut outside = 0usize;
        for (start, k) in occurrences {
            let comp = events[k].comp;
            let origin = Origin::new(file, Some(events[k].line));
            if !start.in_range() {
                // A map holds times of the years 0000..=9999 only (the document could not be read back).
                let message = format!("the time {start} is outside the supported years 0000..=9999");
                self.batch.lines.push(event_line(&origin, Reason::BadDate, message, format!("ics:{uid}"), "DTSTART"));
                continue;
            }
            let id = if recurring {
                let original =
                    comp.property(&ICalendarProperty::RecurrenceId).and_then(|e| utc_of(e, &resolver)).unwrap_or(start);
                format!("ics:{uid}/{}", compact(original))
            } else if comp.is_recurrence_override() {
                let rid = comp.property(&ICalendarProperty::RecurrenceId).and_then(|e| utc_of(e, &resolver));
                format!("ics:{uid}/{}", compact(rid.unwrap_or(start)))
            } else {
                format!("ics:{uid}")
            };
            if self.opts.window_start.is_some_and(|w| start < w) || self.opts.window_end.is_some_and(|w| start >= w) {
                outside += 1;
                if !recurring {
                    let l = event_line(&origin, Reason::OutsideWindow, "outside the window", id, "DTSTART");
                    self.batch.lines.push(l);
                }
                continue;
            }
            if comp.status() == Some(&ICalendarStatus::Cancelled) {
                let l = event_line(&origin, Reason::Cancelled, "the occurrence is cancelled", id, "STATUS");
                self.batch.lines.push(l);
                continue;
            }
            self.occurrence(origin, id, start, comp);
        }
        if recurring && outside > 0 {
            let message = format!("{outside} occurrence(s) outside the window");
            let l = event_line(&series_origin, Reason::OutsideWindow, message, format!("ics:{uid}"), "DTSTART")
                .with_value(outside.to_string());
            self.batch.lines.push(l);
        }
    }

    fn occurrence(&mut self, origin: Origin, id: String, at: Timestamp, comp: &ICalendarComponent) {
        let organizer = comp.property(&ICalendarProperty::Organizer).and_then(party);
        let attendees: Vec<Party> =
            comp.properties(&ICalendarProperty::Attendee).filter(|e| !declined(e)).filter_map(party).collect();
        let parties = organizer.iter().chain(&attendees);
        let found = sort_parties(&self.sides, parties, &origin, &mut self.colleagues, &mut self.batch.people);
        let (ours, theirs) = (found.ours, found.theirs);
        let them_organize = organizer.is_some() && found.first_is_theirs;
        if theirs.is_empty() {
            let l = event_line(&origin, Reason::NoAccountParty, "nobody of the account took part", id, "ATTENDEE");
            self.batch.lines.push(l);
            return;
        }
        let channel = self.channel(comp);
        self.log.observations.push(Observation {
            id: id.clone(),
            at,
            kind: ObservationKind::Meeting,
            channel,
            from: organizer,
            to: attendees,
            cc: Vec::new(),
            in_reply_to: None,
            failed: Vec::new(),
        });
        if ours.is_empty() {
            let l = event_line(&origin, Reason::NoTeamParty, "none of our team took part", id, "ATTENDEE");
            self.batch.lines.push(l);
            return;
        }
        self.batch.interactions.push(InteractionRecord {
            origin,
            id,
            at,
            channel,
            members: ours,
            stakeholders: theirs,
            stakeholder_column: None,
            initiated_by: if them_organize { Initiator::Them } else { Initiator::Us },
            notes: None,
        });
    }

    fn channel(&self, comp: &ICalendarComponent) -> Channel {
        let location = comp
            .property(&ICalendarProperty::Location)
            .and_then(|e| e.values.first())
            .and_then(ICalendarValue::as_text)
            .map(str::to_lowercase)
            .unwrap_or_default();
        if !location.is_empty() {
            if let Some(r) = self.opts.channel_rules.iter().find(|r| location.contains(&r.contains.to_lowercase())) {
                return r.channel;
            }
        }
        let conference = comp.entries.iter().any(|e| match &e.name {
            ICalendarProperty::Conference => true,
            ICalendarProperty::Other(name) => {
                let n = name.to_ascii_uppercase();
                n.contains("CONFERENCE") || n.contains("TEAMSMEETINGURL") || n.contains("ONLINEMEETING")
            }
            _ => false,
        });
        if conference {
            Channel::Meeting
        } else {
            self.opts.default_channel
        }
    }
}

/// A skipped event or occurrence: its id and the property concerned.
fn event_line(origin: &Origin, reason: Reason, message: impl Into<String>, id: String, property: &str) -> ReportLine {
    ReportLine::skipped(origin, Entity::Interaction, reason, message).with_id(id).with_column(property)
}

fn describe(entry: &Entry) -> String {
    match entry {
        Entry::UnexpectedComponentEnd { expected, found } => {
            format!("END:{} where END:{} was expected", found.as_str(), expected.as_str())
        }
        Entry::UnterminatedComponent(c) => format!("BEGIN:{c} is never ended"),
        Entry::TooManyComponents => "too many components".to_owned(),
        _ => "unexpected content".to_owned(),
    }
}

/// The 1-based lines of the `BEGIN:VEVENT`s, in order.
fn event_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim().eq_ignore_ascii_case("BEGIN:VEVENT"))
        .map(|(i, _)| i + 1)
        .collect()
}

fn declined(e: &ICalendarEntry) -> bool {
    e.params.iter().any(|p| {
        p.name == ICalendarParameterName::Partstat
            && p.value == ICalendarParameterValue::Partstat(ICalendarParticipationStatus::Declined)
    })
}

/// The person of an `ORGANIZER` / `ATTENDEE` property: the `mailto:` address
/// (or the `EMAIL` parameter) and the `CN`.
fn party(e: &ICalendarEntry) -> Option<Party> {
    let param = |name: ICalendarParameterName| e.params.iter().find(|p| p.name == name).and_then(|p| p.value.as_text());
    let value = e.values.first().and_then(ICalendarValue::as_text).unwrap_or_default().trim();
    let from_value = value.get(..7).filter(|p| p.eq_ignore_ascii_case("mailto:")).map(|_| &value[7..]);
    let email = from_value.or_else(|| param(ICalendarParameterName::Email))?.trim();
    if crate::model::email_problem(email).is_some() {
        return None;
    }
    let name = param(ICalendarParameterName::Cn).map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    Some(Party { email: email.to_owned(), name })
}

/// A date-time property (`RECURRENCE-ID`) in UTC.
fn utc_of(e: &ICalendarEntry, resolver: &calcard::icalendar::timezone::TzResolver<&str>) -> Option<Timestamp> {
    let ICalendarValue::PartialDateTime(dt) = e.values.first()? else { return None };
    let tz = resolver.resolve_or_default(e.tz_id());
    Some(Timestamp(dt.to_date_time_with_tz(tz)?.timestamp()))
}

/// `YYYYMMDDTHHMMSSZ`.
fn compact(t: Timestamp) -> String {
    t.to_string().replace(['-', ':'], "")
}
