//! What an import did, record by record.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::activity::{ActivityLog, ActivityStrength, GhostStakeholder, SuggestedRelation};
use crate::chain::RedFlag;

/// What happened to one source record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A new person, interaction or opportunity entered the map.
    Added,
    /// Something already in the map changed (the changed fields are listed).
    Updated,
    /// The record matched the map exactly.
    Unchanged,
    /// The record was not merged; `reason` says why.
    Skipped,
    /// The record was merged, but part of it could not be used (an unmapped
    /// role or channel value, a manager not in the export); `reason` says what.
    Warning,
}

impl Outcome {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Added => "added",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Skipped => "skipped",
            Outcome::Warning => "warning",
        }
    }
}

/// Why a record was skipped or only partly used; the codes are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The file or record cannot be parsed (not iCalendar, not a mail, broken CSV).
    Malformed,
    /// The text is not valid in the declared encoding (e.g. GBK read as UTF-8).
    Encoding,
    /// The record has no id (CRM id, `UID`, `Message-ID`), so it cannot be merged idempotently.
    MissingId,
    /// A required value (a name, a date) is empty.
    MissingValue,
    /// A date or time cannot be read.
    BadDate,
    /// A role or channel value that the mapping's tables do not list.
    UnmappedValue,
    /// A cancelled event (`STATUS:CANCELLED`).
    Cancelled,
    /// An event occurrence outside the import window.
    OutsideWindow,
    /// Nobody of our team took part.
    NoTeamParty,
    /// Nobody of the account took part.
    NoAccountParty,
    /// People of the account took part, but none of them is on the map yet
    /// (they are counted as ghost stakeholders).
    UnknownStakeholder,
    /// The same id came twice in this import; the first was used.
    Duplicate,
    /// The map refused the record (its model error is in `message`).
    Invalid,
    /// A reference (manager, contact of a role or activity) names nobody in the export or the map.
    UnknownReference,
    /// The row belongs to another account than the one imported.
    OtherAccount,
    /// A recurring event had more occurrences than the limit; the rest were not expanded.
    Truncated,
    /// A delivery-failure notice: not an interaction, but evidence of a departure.
    Bounce,
}

impl Reason {
    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Malformed => "malformed",
            Reason::Encoding => "encoding",
            Reason::MissingId => "missing_id",
            Reason::MissingValue => "missing_value",
            Reason::BadDate => "bad_date",
            Reason::UnmappedValue => "unmapped_value",
            Reason::Cancelled => "cancelled",
            Reason::OutsideWindow => "outside_window",
            Reason::NoTeamParty => "no_team_party",
            Reason::NoAccountParty => "no_account_party",
            Reason::UnknownStakeholder => "unknown_stakeholder",
            Reason::Duplicate => "duplicate",
            Reason::Invalid => "invalid",
            Reason::UnknownReference => "unknown_reference",
            Reason::OtherAccount => "other_account",
            Reason::Truncated => "truncated",
            Reason::Bounce => "bounce",
        }
    }
}

/// The kind of record a report line is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// The whole file.
    File,
    /// The account's own fields.
    Account,
    /// A person at the customer.
    Stakeholder,
    /// One of our people.
    TeamMember,
    /// A buying role of a contact (a contact-role row).
    Role,
    /// A meeting, call, visit or mail.
    Interaction,
    /// A deal.
    Opportunity,
    /// A deal's MEDDPICC qualification (a qualification row).
    Qualification,
    /// A contact as a Blue Sheet buying influence on a deal.
    BuyingInfluence,
}

/// One line of an [`ImportReport`]: one source record and what became of it.
///
/// `row` is the CSV row (the header being row 1), the line of an event's
/// `BEGIN:VEVENT` in an `.ics` file, or a message's position (1-based) in an
/// mbox; `None` for a single `.eml` or for the whole file. `column` is the CSV
/// column, the iCalendar property or the mail header concerned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportLine {
    /// The file name as given.
    pub file: String,
    /// Where in the file, see above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Which column, property or header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What kind of record.
    pub entity: Entity,
    /// The id in the map (or in the source, for a record that was skipped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What happened.
    pub outcome: Outcome,
    /// Why, for `skipped` and `warning`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// The offending value (an unmapped role, an unreadable date), kept as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For `updated`: the fields that changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// More detail in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl ReportLine {
    pub(crate) fn new(origin: &Origin, entity: Entity, outcome: Outcome) -> Self {
        ReportLine {
            file: origin.file.clone(),
            row: origin.row,
            column: None,
            entity,
            id: None,
            outcome,
            reason: None,
            value: None,
            fields: Vec::new(),
            message: None,
        }
    }

    pub(crate) fn skipped(origin: &Origin, entity: Entity, reason: Reason, message: impl Into<String>) -> Self {
        let mut l = ReportLine::new(origin, entity, Outcome::Skipped);
        l.reason = Some(reason);
        l.message = Some(message.into());
        l
    }

    pub(crate) fn warning(origin: &Origin, entity: Entity, reason: Reason, message: impl Into<String>) -> Self {
        let mut l = ReportLine::skipped(origin, entity, reason, message);
        l.outcome = Outcome::Warning;
        l
    }

    pub(crate) fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    pub(crate) fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    pub(crate) fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
}

impl std::fmt::Display for ReportLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        write!(f, ": {} {}", self.outcome.as_str(), entity_name(self.entity))?;
        if let Some(id) = &self.id {
            write!(f, " {id:?}")?;
        }
        if let Some(r) = self.reason {
            write!(f, " ({})", r.as_str())?;
        }
        if let Some(v) = &self.value {
            write!(f, " value {v:?}")?;
        }
        if !self.fields.is_empty() {
            write!(f, " [{}]", self.fields.join(", "))?;
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

fn entity_name(e: Entity) -> &'static str {
    match e {
        Entity::File => "file",
        Entity::Account => "account",
        Entity::Stakeholder => "stakeholder",
        Entity::TeamMember => "team_member",
        Entity::Role => "role",
        Entity::Interaction => "interaction",
        Entity::Opportunity => "opportunity",
        Entity::Qualification => "qualification",
        Entity::BuyingInfluence => "buying_influence",
    }
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    pub file: String,
    pub row: Option<usize>,
}

impl Origin {
    pub fn new(file: &str, row: Option<usize>) -> Self {
        Origin { file: file.to_owned(), row }
    }
}

/// How many lines have each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Counts {
    /// Lines with outcome `added`.
    pub added: usize,
    /// Lines with outcome `updated`.
    pub updated: usize,
    /// Lines with outcome `unchanged`.
    pub unchanged: usize,
    /// Lines with outcome `skipped`.
    pub skipped: usize,
    /// Lines with outcome `warning`.
    pub warning: usize,
}

/// Everything an import did and found (see `docs/importing.md`).
///
/// `lines` has one line per source record (and one per unmapped value or other
/// warning); the activity analyses are computed on the map after the merge:
/// `ghosts` (people of the account seen in the activity but not on the map),
/// `suggested_relations` (never written to the map), `strengths` per (member,
/// stakeholder) pair, and `departures` (red flags with the code
/// `contact_departed`). `activity` is what the import observed, to be kept
/// and passed to later analyses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImportReport {
    /// One line per source record, in file and row order.
    pub lines: Vec<ReportLine>,
    /// People of the account seen in the activity but not on the map, ranked.
    pub ghosts: Vec<GhostStakeholder>,
    /// Relations the activity suggests between stakeholders, strongest first.
    pub suggested_relations: Vec<SuggestedRelation>,
    /// Relationship strength from activity per (member, stakeholder) pair.
    pub strengths: Vec<ActivityStrength>,
    /// Contacts who seem to have left: bounced mail, or silent key contacts.
    pub departures: Vec<RedFlag>,
    /// The observed activity (meetings, messages, bounces) behind the analyses.
    pub activity: ActivityLog,
}

impl ImportReport {
    /// How many lines have each outcome.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for l in &self.lines {
            match l.outcome {
                Outcome::Added => c.added += 1,
                Outcome::Updated => c.updated += 1,
                Outcome::Unchanged => c.unchanged += 1,
                Outcome::Skipped => c.skipped += 1,
                Outcome::Warning => c.warning += 1,
            }
        }
        c
    }

    /// The lines with a given outcome.
    pub fn lines_with(&self, outcome: Outcome) -> impl Iterator<Item = &ReportLine> {
        self.lines.iter().filter(move |l| l.outcome == outcome)
    }
}
