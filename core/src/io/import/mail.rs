//! Mail (`.eml` files and mbox archives, RFC 5322) → interactions, from headers only.
//!
//! Messages are parsed by the `mail-parser` crate, headers only (the body of an
//! ordinary message is never parsed); mbox archives are split by its mbox
//! reader. The rules (see `docs/importing.md`):
//!
//! - people are `From`, `To` and `Cc` by address; sides as for calendars: the
//!   map's people by their `emails`, then [`ActivityConfig::our_domains`] and
//!   [`ActivityConfig::account_domains`]; others are ignored;
//! - a message needs someone of ours and someone of the account; colleagues not
//!   yet on the team are added to it; people of the account not on the map are
//!   counted as ghost stakeholders;
//! - id `mail:<Message-ID>`, time the `Date` header in UTC, channel `email`;
//! - threads follow `In-Reply-To` and `References`; `initiated_by` is the side
//!   of the thread's first message when it is in the import, else `them` for a
//!   message of theirs that answers nothing, else `us`;
//! - reply times (a message of one side answering one of the other) feed the
//!   response-time component of [`crate::activity::ActivityStrength`];
//! - a delivery-failure notice (an `X-Failed-Recipients` header, or a
//!   `multipart/report; report-type=delivery-status` whose per-recipient fields
//!   say `Action: failed`) is no interaction but evidence of a departure.
//!
//! **Privacy rule**: subjects and bodies are never stored: not in the map, not
//! in the report, not in the activity log. Only addresses, display names,
//! dates and message ids are kept.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use mail_parser::{Address, HeaderName, HeaderValue, MessageParser, MimeHeaders};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::merge::{sort_parties, Batch, InteractionRecord, Side};
use super::report::{Entity, Origin, Reason, ReportLine};
use super::source::read_path;
use super::{check_sides, finish, ImportReport, SourceFile};
use crate::activity::{ActivityConfig, ActivityLog, Observation, ObservationKind, Party, Sides, Who};
use crate::model::{email_problem, Channel, Initiator, RelationshipMap};
use crate::time::Timestamp;

/// How mail is read (see the [module docs](self)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MailOptions {
    /// Our domains, the account's, and the numbers of the analyses run after the import.
    pub activity: ActivityConfig,
}

/// Imports `.eml` files and mbox archives into a map (see the [module docs](self)).
///
/// A file whose name ends in `.mbox` or `.mbx`, or whose content starts with
/// an mbox `From ` line, is an archive; anything else is one message. Fails
/// only for bad options; every problem with a message is a line of the report.
///
/// ```
/// use relmap::io::import::{mail, MailOptions, SourceFile};
/// use relmap::model::{Account, RelationshipMap, Stakeholder};
/// let eml = "Message-ID: <q1@acme.cn>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0800\r\n\
///            From: Liu Yang <liu@acme.cn>\r\nTo: Zhao Min <zhao@us.example>\r\n\
///            Subject: budget for phase 2\r\n\r\nThe board approved it.\r\n";
/// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
/// map.add_stakeholder(Stakeholder::new("cio", "Liu Yang").with_email("liu@acme.cn"))?;
/// let mut opts = MailOptions::default();
/// opts.activity.our_domains = vec!["us.example".into()];
/// mail::import(&mut map, &[SourceFile::new("q1.eml", eml)], &opts)?;
/// let x = map.interaction("mail:q1@acme.cn").unwrap();
/// assert_eq!(x.at.to_string(), "2026-03-02T02:00:00Z");
/// assert_eq!(x.initiated_by, relmap::model::Initiator::Them);
/// assert!(!map.to_json().contains("budget"));
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn import(map: &mut RelationshipMap, files: &[SourceFile], opts: &MailOptions) -> crate::Result<ImportReport> {
    check_sides(map, &opts.activity)?;
    let mut read = Read::default();
    for f in files {
        read.file(f);
    }
    let mut batch = Batch { lines: read.lines, ..Batch::default() };
    let mut log = ActivityLog { observations: read.bounces };
    build(map, &opts.activity, read.mails, &mut batch, &mut log);
    finish(map, batch, files, log, &opts.activity)
}

/// The file name endings [`import_path`] reads from a folder (compared without letter case).
pub const EXTENSIONS: &[&str] = &[".eml", ".mbox", ".mbx", ".msg.txt"];

/// Imports an `.eml` or mbox file, or every such file of a folder.
pub fn import_path(
    map: &mut RelationshipMap,
    path: impl AsRef<Path>,
    opts: &MailOptions,
) -> crate::Result<ImportReport> {
    let files = read_path(path.as_ref(), EXTENSIONS)?;
    import(map, &files, opts)
}

/// The headers of one message, as kept.
struct Mail {
    origin: Origin,
    id: String,
    message_id: String,
    at: Timestamp,
    from: Party,
    to: Vec<Party>,
    cc: Vec<Party>,
    in_reply_to: Option<String>,
    references: Vec<String>,
}

fn is_mbox(f: &SourceFile) -> bool {
    let name = f.name.to_lowercase();
    name.ends_with(".mbox") || name.ends_with(".mbx") || f.bytes.starts_with(b"From ")
}

/// What reading the files gave: messages, bounces and report lines.
#[derive(Default)]
struct Read {
    mails: Vec<Mail>,
    bounces: Vec<Observation>,
    lines: Vec<ReportLine>,
}

impl Read {
    fn file(&mut self, f: &SourceFile) {
        if !is_mbox(f) {
            self.message(&f.bytes, Origin::new(&f.name, None));
            return;
        }
        let mut n = 0;
        for item in mail_parser::mailbox::mbox::MessageIterator::new(f.bytes.as_slice()) {
            n += 1;
            match item {
                Ok(m) => self.message(m.contents(), Origin::new(&f.name, Some(n))),
                Err(e) => {
                    let message = format!("cannot read the mbox: {e}");
                    let origin = Origin::new(&f.name, Some(n));
                    self.lines.push(ReportLine::skipped(&origin, Entity::File, Reason::Malformed, message));
                    return;
                }
            }
        }
        if n == 0 {
            let message = "no message in the mbox (no line starting with \"From \")";
            self.lines.push(ReportLine::skipped(&Origin::new(&f.name, None), Entity::File, Reason::Malformed, message));
        }
    }

    fn parties(a: Option<&Address<'_>>) -> Vec<Party> {
        let Some(a) = a else { return Vec::new() };
        a.iter()
            .filter_map(|addr| {
                let email = addr.address()?.trim();
                if email_problem(email).is_some() {
                    return None;
                }
                let name = addr.name().map(str::trim).filter(|n| !n.is_empty() && *n != email).map(str::to_owned);
                Some(Party { email: email.to_owned(), name })
            })
            .collect()
    }

    fn ids(v: &HeaderValue<'_>) -> Vec<String> {
        match v {
            HeaderValue::Text(t) => vec![t.trim().to_owned()],
            HeaderValue::TextList(l) => l.iter().map(|t| t.trim().to_owned()).collect(),
            _ => Vec::new(),
        }
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect()
    }

    fn message(&mut self, bytes: &[u8], origin: Origin) {
        let lines = &mut self.lines;
        let skip = |reason, column: &str, message: &str| {
            ReportLine::skipped(&origin, Entity::Interaction, reason, message).with_column(column)
        };
        let Some(m) = MessageParser::default().parse_headers(bytes).filter(|m| !m.headers().is_empty()) else {
            lines.push(skip(Reason::Malformed, "", "not a mail message (no header found)"));
            return;
        };
        for (header, name) in [(HeaderName::From, "From"), (HeaderName::To, "To"), (HeaderName::Cc, "Cc")] {
            if m.header(header.clone()).is_some() && m.header_raw(header).is_none() {
                let message =
                    "the header is neither UTF-8 nor RFC 2047-encoded (e.g. raw GBK); display names may be wrong";
                lines.push(
                    ReportLine::warning(&origin, Entity::Interaction, Reason::Encoding, message).with_column(name),
                );
            }
        }
        let message_id = m.message_id().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        // A time outside the years 0000..=9999 cannot be kept in a map: a bad date too.
        let at = m.date().filter(|d| d.is_valid()).map(|d| Timestamp(d.to_timestamp())).filter(|t| t.in_range());
        if let Some(failed) = bounce_of(&m, bytes) {
            let id = match &message_id {
                Some(mid) => format!("mail:{mid}"),
                None => format!("mail:{}#{}", origin.file, origin.row.unwrap_or(1)),
            };
            let mut l = skip(Reason::Bounce, "", "a delivery-failure notice; kept as evidence of a departure")
                .with_id(id.clone());
            l.value = Some(failed.join(";"));
            lines.push(l);
            if let Some(at) = at {
                self.bounces.push(Observation {
                    id,
                    at,
                    kind: ObservationKind::Bounce,
                    channel: Channel::Email,
                    from: None,
                    to: Vec::new(),
                    cc: Vec::new(),
                    in_reply_to: None,
                    failed,
                });
            }
            return;
        }
        let Some(message_id) = message_id else {
            lines.push(skip(Reason::MissingId, "Message-ID", "the message has no Message-ID"));
            return;
        };
        let id = format!("mail:{message_id}");
        let Some(at) = at else {
            let raw = raw_header(bytes, "Date");
            let mut l = skip(Reason::BadDate, "Date", "the Date header is missing or unreadable").with_id(id);
            l.value = raw;
            lines.push(l);
            return;
        };
        let Some(from) = Self::parties(m.from()).into_iter().next() else {
            lines.push(skip(Reason::MissingValue, "From", "the message has no sender address").with_id(id));
            return;
        };
        self.mails.push(Mail {
            origin,
            id,
            message_id,
            at,
            from,
            to: Self::parties(m.to()),
            cc: Self::parties(m.cc()),
            in_reply_to: Self::ids(m.in_reply_to()).into_iter().next(),
            references: Self::ids(m.references()),
        });
    }
}

/// The failed recipients of a delivery-failure notice, or `None` for an ordinary message.
fn bounce_of(m: &mail_parser::Message<'_>, bytes: &[u8]) -> Option<Vec<String>> {
    if let Some(v) = m.header_raw("X-Failed-Recipients") {
        let failed: Vec<String> =
            v.split(',').map(str::trim).filter(|e| email_problem(e).is_none()).map(str::to_owned).collect();
        if !failed.is_empty() {
            return Some(failed);
        }
    }
    let ct = m.content_type()?;
    let report = ct.ctype().eq_ignore_ascii_case("multipart")
        && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
        && ct.attribute("report-type").is_some_and(|r| r.eq_ignore_ascii_case("delivery-status"));
    if !report {
        return None;
    }
    // Only the machine-readable delivery-status part of the notice is read.
    let full = MessageParser::default().parse(bytes)?;
    let mut failed = Vec::new();
    for part in &full.parts {
        let is_status = part.content_type().is_some_and(|c| {
            c.ctype().eq_ignore_ascii_case("message")
                && c.subtype().is_some_and(|s| s.eq_ignore_ascii_case("delivery-status"))
        });
        if !is_status {
            continue;
        }
        let text = String::from_utf8_lossy(part.contents()).replace("\r\n", "\n");
        for block in text.split("\n\n") {
            let fields = MessageParser::default().parse_headers(block.as_bytes())?;
            let action = fields.header_raw("Action").map(|a| a.trim().to_ascii_lowercase());
            let recipient = fields.header_raw("Final-Recipient").or_else(|| fields.header_raw("Original-Recipient"));
            if let (Some(action), Some(r)) = (action, recipient) {
                let addr = r.split_once(';').map_or(r, |(_, a)| a).trim();
                if action.starts_with("failed") && email_problem(addr).is_none() {
                    failed.push(addr.to_owned());
                }
            }
        }
    }
    (!failed.is_empty()).then_some(failed)
}

/// The unparsed text of a header (for the report, when the parser could not read it).
fn raw_header(bytes: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let head = text.split("\r\n\r\n").next()?.split("\n\n").next()?;
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}

fn side(sides: &Sides<'_>, email: &str) -> Option<Side> {
    match sides.who(email) {
        Who::Member(_) | Who::Ours => Some(Side::Us),
        Who::Stakeholder(_) | Who::Account => Some(Side::Them),
        Who::Other => None,
    }
}

fn build(map: &RelationshipMap, cfg: &ActivityConfig, mails: Vec<Mail>, batch: &mut Batch, log: &mut ActivityLog) {
    let sides = Sides::new(map, cfg);
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(mails.len());
    let mut kept: Vec<Mail> = Vec::new();
    for m in mails {
        if by_id.contains_key(&m.message_id) {
            let l =
                ReportLine::skipped(&m.origin, Entity::Interaction, Reason::Duplicate, "this Message-ID came earlier")
                    .with_id(m.id)
                    .with_column("Message-ID");
            batch.lines.push(l);
            continue;
        }
        by_id.insert(m.message_id.clone(), kept.len());
        kept.push(m);
    }
    let parent = |m: &Mail| -> Option<usize> {
        m.in_reply_to
            .as_ref()
            .and_then(|p| by_id.get(p))
            .or_else(|| m.references.last().and_then(|r| by_id.get(r)))
            .copied()
    };
    // The side that started each message's thread, while the messages can still be borrowed.
    let initiators: Vec<Side> = kept
        .iter()
        .map(|m| {
            // The thread's first message in the import: the first reference, else up the replies.
            let mut root = m.references.first().and_then(|r| by_id.get(r)).copied();
            if root.is_none() {
                let mut cur = parent(m);
                let mut steps = 0;
                while let Some(p) = cur {
                    root = Some(p);
                    cur = parent(&kept[p]);
                    steps += 1;
                    if steps > kept.len() {
                        break;
                    }
                }
            }
            let is_reply = m.in_reply_to.is_some() || !m.references.is_empty();
            match root.and_then(|r| side(&sides, &kept[r].from.email)) {
                Some(s) => s,
                None if side(&sides, &m.from.email) == Some(Side::Them) && !is_reply => Side::Them,
                None => Side::Us,
            }
        })
        .collect();
    let mut colleagues = HashSet::new();
    for (m, initiator) in kept.into_iter().zip(initiators) {
        let parties = std::iter::once(&m.from).chain(&m.to).chain(&m.cc);
        let found = sort_parties(&sides, parties, &m.origin, &mut colleagues, &mut batch.people);
        let skip = |reason, message: &str| {
            ReportLine::skipped(&m.origin, Entity::Interaction, reason, message).with_id(m.id.clone())
        };
        if found.theirs.is_empty() {
            batch.lines.push(skip(Reason::NoAccountParty, "nobody of the account is in From, To or Cc"));
            continue;
        }
        if found.ours.is_empty() {
            batch.lines.push(skip(Reason::NoTeamParty, "none of our team is in From, To or Cc"));
        } else {
            batch.interactions.push(InteractionRecord {
                origin: m.origin,
                id: m.id.clone(),
                at: m.at,
                channel: Channel::Email,
                members: found.ours,
                stakeholders: found.theirs,
                stakeholder_column: None,
                initiated_by: if initiator == Side::Them { Initiator::Them } else { Initiator::Us },
                notes: None,
            });
        }
        log.observations.push(Observation {
            id: m.id,
            at: m.at,
            kind: ObservationKind::Message,
            channel: Channel::Email,
            from: Some(m.from),
            to: m.to,
            cc: m.cc,
            in_reply_to: m.in_reply_to.map(|p| format!("mail:{p}")),
            failed: Vec::new(),
        });
    }
}
