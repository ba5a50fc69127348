//! Importers: relationship maps from the CRM exports, calendars and mail
//! people already have (full rules in `docs/importing.md`).
//!
//! - [`crm`]: CSV exports of Salesforce, HubSpot, Zoho CRM and 纷享销客-style
//!   systems through a declarative, versioned [mapping](crm::CrmMapping), with presets;
//! - [`calendar`]: iCalendar files (`.ics`, RFC 5545) → meetings, visits and calls;
//! - [`mail`]: `.eml` files and mbox archives (RFC 5322), headers only → mail interactions.
//!
//! Every importer merges into an existing map: people are matched by their
//! contact keys (a CRM id per source, email addresses), new people,
//! interactions and opportunities are added, changed fields are updated, and
//! importing the same input twice changes nothing (interaction ids come from
//! the source: CRM activity ids, iCalendar `UID`s, `Message-ID`s). Each import
//! returns an [`ImportReport`]: one line per source record (added, updated,
//! unchanged, skipped with a reason, or a warning), with file, row and column,
//! plus what the activity says the map is missing (see [`crate::activity`]).
//!
//! Inputs are bytes with a file name ([`SourceFile`]), so the same code reads
//! files on disk and files handed over by a browser.
//!
//! ```
//! use relmap::io::import::{calendar, CalendarOptions, Outcome, SourceFile};
//! use relmap::model::{Account, RelationshipMap, Stakeholder};
//!
//! let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:kickoff-1\r\n\
//!            DTSTAMP:20260301T000000Z\r\nDTSTART:20260302T020000Z\r\nDTEND:20260302T030000Z\r\n\
//!            ORGANIZER;CN=Zhao Min:mailto:zhao@us.example\r\nATTENDEE;CN=Liu Yang:mailto:liu@acme.cn\r\n\
//!            END:VEVENT\r\nEND:VCALENDAR\r\n";
//! let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
//! map.add_stakeholder(Stakeholder::new("cio", "Liu Yang").with_email("liu@acme.cn"))?;
//! let mut opts = CalendarOptions::default();
//! opts.activity.our_domains = vec!["us.example".into()];
//! opts.activity.account_domains = vec!["acme.cn".into()];
//! let files = [SourceFile::new("team.ics", ics)];
//! let report = calendar::import(&mut map, &files, &opts)?;
//! assert_eq!(map.interaction("ics:kickoff-1").unwrap().stakeholders, ["cio"]);
//! assert_eq!(report.counts().added, 2); // our colleague joins the team, and the meeting
//! // The same file again changes nothing.
//! let again = calendar::import(&mut map, &files, &opts)?;
//! assert!(again.lines.iter().all(|l| l.outcome == Outcome::Unchanged));
//! # Ok::<(), relmap::Error>(())
//! ```

pub mod calendar;
pub mod crm;
mod error;
pub mod mail;
mod merge;
mod report;
mod source;

pub use calendar::CalendarOptions;
pub use crm::CrmOptions;
pub use error::ImportError;
pub use mail::MailOptions;
pub use report::{Counts, Entity, ImportReport, Outcome, Reason, ReportLine};
pub use source::{read_path, SourceFile};

use crate::activity::{self, ActivityConfig, ActivityLog};
use crate::RelationshipMap;

/// Merges a batch, then runs the activity analyses on the map and the log.
fn finish(
    map: &mut RelationshipMap,
    batch: merge::Batch,
    files: &[SourceFile],
    activity: ActivityLog,
    cfg: &ActivityConfig,
) -> crate::Result<ImportReport> {
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let lines = merge::merge(map, batch, &names);
    // The map keeps what was seen; the analyses read everything it holds.
    map.record_activity(activity.clone());
    let found = activity::analyze(map, map.activity(), cfg)?;
    Ok(ImportReport {
        lines,
        ghosts: found.ghosts,
        suggested_relations: found.suggested_relations,
        strengths: found.strengths,
        departures: found.departures,
        activity,
    })
}

/// Checks that our people and the account's can be told apart: by domains,
/// or by the team's and stakeholders' email addresses on the map.
fn check_sides(map: &RelationshipMap, cfg: &ActivityConfig) -> Result<(), ImportError> {
    cfg.validate()?;
    if cfg.our_domains.is_empty() && map.team().iter().all(|m| m.emails.is_empty()) {
        return Err(ImportError::InvalidConfig {
            field: "our_domains".into(),
            message: "give our email domains (or team members with email addresses on the map)".into(),
        });
    }
    if cfg.account_domains.is_empty() && map.stakeholders().iter().all(|s| s.emails.is_empty()) {
        return Err(ImportError::InvalidConfig {
            field: "account_domains".into(),
            message: "give the account's email domains (or stakeholders with email addresses on the map)".into(),
        });
    }
    Ok(())
}
