//! The declarative CRM mapping: which export files hold what, which columns
//! feed which relmap fields, and how role and channel values translate.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::super::ImportError;
use crate::io::FormatError;
use crate::model::{Channel, Grade, ResponseMode, Role};

/// The format tag of a mapping document.
pub const MAPPING_FORMAT: &str = "relmap-crm-mapping/1";

fn default_format() -> String {
    MAPPING_FORMAT.to_owned()
}

fn default_encoding() -> String {
    "utf-8".to_owned()
}

fn default_separator() -> String {
    ";".to_owned()
}

/// What one export table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Accounts (customers); the row of the imported account sets its fields.
    /// Fields: `id`, `name`, `industry`, `region`, `employees`, `revenue`.
    Accounts,
    /// Contacts → stakeholders. Fields: `id`, `account`, `name` or
    /// `first_name` + `last_name`, `email`, `title`, `department`, `reports_to`, `role`.
    Contacts,
    /// Users (our people) looked up for the owners of activities.
    /// Fields: `id`, `name` or `first_name` + `last_name`, `email`, `title`.
    Users,
    /// Deals → opportunities. Fields: `id`, `name`, `account`, `amount`, `stage`.
    Opportunities,
    /// Contact roles on deals → buying roles. Fields: `contact`, `role`, `opportunity`.
    ContactRoles,
    /// Activities (meetings, calls, mails, follow-ups) → interactions. Fields:
    /// `id`, `at`, `channel`, `contact` (one or a list), `owner`, `owner_name`,
    /// `owner_email`, `account`, `notes`.
    Activities,
    /// MEDDPICC per deal → the opportunity's `meddpicc` (one row per deal). Fields:
    /// `opportunity`; per element a grade column (`metrics`, `economic_buyer`,
    /// `decision_criteria`, `decision_process`, `paper_process`, `identified_pain`,
    /// `champion`, `competition`) and a notes column (`metrics_notes`, ...);
    /// `metrics_value`; the people `economic_buyer_contact`, `identified_pain_contact`,
    /// `champion_contact`; `champion_tested`.
    Qualification,
    /// Blue Sheet buying influences → the opportunity's `buying_influences` (one row
    /// per contact and deal). Fields: `opportunity`, `contact`, `response_mode`, `win_results`.
    BuyingInfluences,
}

/// The fields of a qualification table, in MEDDPICC order.
const QUALIFICATION_FIELDS: &[&str] = &[
    "opportunity",
    "metrics",
    "metrics_value",
    "metrics_notes",
    "economic_buyer",
    "economic_buyer_contact",
    "economic_buyer_notes",
    "decision_criteria",
    "decision_criteria_notes",
    "decision_process",
    "decision_process_notes",
    "paper_process",
    "paper_process_notes",
    "identified_pain",
    "identified_pain_contact",
    "identified_pain_notes",
    "champion",
    "champion_contact",
    "champion_tested",
    "champion_notes",
    "competition",
    "competition_notes",
];

impl TableKind {
    /// The relmap fields a table of this kind may map.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            TableKind::Accounts => &["id", "name", "industry", "region", "employees", "revenue"],
            TableKind::Contacts => &[
                "id",
                "account",
                "name",
                "first_name",
                "last_name",
                "email",
                "title",
                "department",
                "reports_to",
                "role",
            ],
            TableKind::Users => &["id", "name", "first_name", "last_name", "email", "title"],
            TableKind::Opportunities => &["id", "name", "account", "amount", "stage"],
            TableKind::ContactRoles => &["contact", "role", "opportunity"],
            TableKind::Activities => {
                &["id", "at", "channel", "contact", "owner", "owner_name", "owner_email", "account", "notes"]
            }
            TableKind::Qualification => QUALIFICATION_FIELDS,
            TableKind::BuyingInfluences => &["opportunity", "contact", "response_mode", "win_results"],
        }
    }

    /// The fields a table of this kind must map.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            TableKind::ContactRoles => &["contact", "role"],
            TableKind::Activities => &["id", "at", "contact"],
            TableKind::Qualification => &["opportunity"],
            TableKind::BuyingInfluences => &["opportunity", "contact"],
            _ => &["id"],
        }
    }

    /// The fields that may hold a person's name instead of an id (see [`Table::by_name`]).
    fn name_fields(self) -> &'static [&'static str] {
        match self {
            TableKind::Contacts => &["reports_to"],
            TableKind::ContactRoles => &["contact"],
            TableKind::Activities => &["contact", "owner"],
            TableKind::Qualification => {
                &["opportunity", "economic_buyer_contact", "identified_pain_contact", "champion_contact"]
            }
            TableKind::BuyingInfluences => &["opportunity", "contact"],
            _ => &[],
        }
    }
}

/// How dates written with slashes or dots and the year last are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `2026/3/2` (a year first is always read this way).
    #[default]
    Ymd,
    /// `3/2/2026`, as US exports write.
    Mdy,
    /// `2/3/2026`, as European exports write.
    Dmy,
}

/// One export table of the mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// What the table holds.
    pub kind: TableKind,
    /// The file names this table may have, compared without letter case; `*`
    /// matches any text (`Contacts*.csv`).
    pub files: Vec<String>,
    /// relmap field → export column name.
    pub columns: BTreeMap<String, String>,
    /// Reference fields that hold a person's display name rather than an id
    /// (`reports_to`, `contact`, `owner`), as Chinese CRM exports write them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_name: Vec<String>,
    /// Activities: the channel of a row whose channel cell is empty (or of every
    /// row when no channel column is mapped); `None` = such rows are skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_channel: Option<Channel>,
}

/// A CRM mapping document (`relmap-crm-mapping/1`); its JSON Schema is
/// `docs/relmap-crm-mapping-1.schema.json`.
///
/// ```
/// use relmap::io::import::crm::CrmMapping;
/// let m = CrmMapping::from_json(r#"{
///   "format": "relmap-crm-mapping/1", "source": "mycrm",
///   "tables": [{"kind": "contacts", "files": ["people.csv"], "columns": {"id": "Key", "name": "Full name"}}],
///   "roles": {"Boss": "economic_buyer", "Other": null}
/// }"#)?;
/// assert_eq!(m.source, "mycrm");
/// let e = CrmMapping::from_json(r#"{"source": "x", "tables": [], "roles": {"Boss": "king"}}"#).unwrap_err();
/// assert_eq!(e.code(), "invalid_mapping");
/// # Ok::<(), relmap::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrmMapping {
    /// The format tag, `"relmap-crm-mapping/1"`.
    #[serde(default = "default_format")]
    pub format: String,
    /// The source name: the key of the people's `crm_ids` (`salesforce`, `hubspot`, ...).
    pub source: String,
    /// What the mapping is for, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The text encoding of the export files (WHATWG label: `utf-8`, `gbk`,
    /// `gb18030`, `big5`, `utf-16le`, ...; default `utf-8`). A byte-order mark wins.
    #[serde(default = "default_encoding")]
    pub encoding: String,
    /// The order of day, month and year in dates that start with a day or month.
    #[serde(default)]
    pub date_order: DateOrder,
    /// The UTC offset of times written without one, `±HH:MM` (default `+00:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<String>,
    /// The separator between items of a cell holding several values (emails,
    /// contacts, roles); default `;`.
    #[serde(default = "default_separator")]
    pub list_separator: String,
    /// The export tables.
    pub tables: Vec<Table>,
    /// Role value as exported → relmap role; `null` = a known value that gives no role.
    #[serde(default)]
    pub roles: BTreeMap<String, Option<Role>>,
    /// Activity type as exported → relmap channel; `null` = a known value that
    /// is no interaction (e.g. a to-do): such rows are skipped with the reason `unmapped_value`.
    #[serde(default)]
    pub channels: BTreeMap<String, Option<Channel>>,
    /// MEDDPICC grade as exported → `red`, `yellow`, `green`; `null` = not assessed.
    /// Consulted first; then the built-in words (see [`grade_of`](super::grading::grade_of))
    /// and `grade_scale`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub grades: BTreeMap<String, Option<Grade>>,
    /// A numeric MEDDPICC score on 0..=`grade_scale` (e.g. 3, 5, 10) is graded by
    /// thirds: below a third red, below two thirds yellow, else green.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_scale: Option<f64>,
    /// Blue Sheet response mode as exported → relmap mode; `null` = not known.
    /// Consulted before the built-in words.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub response_modes: BTreeMap<String, Option<ResponseMode>>,
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> ImportError {
    ImportError::InvalidMapping { field: field.into(), message: message.into() }
}

impl CrmMapping {
    /// Reads and checks a mapping document.
    pub fn from_json(text: &str) -> crate::Result<CrmMapping> {
        // The document's JSON rules: a repeated key is refused with its path (not
        // "last one wins"), a struct is read only from an object.
        let value = crate::io::json_value::parse(text).map_err(|e| match e {
            FormatError::DuplicateKey { ref path, .. } => invalid(path.clone(), e.to_string()),
            e => invalid("", e.to_string()),
        })?;
        if let Some(found) = value.get("format") {
            if found.as_str() != Some(MAPPING_FORMAT) {
                return Err(invalid(
                    "format",
                    format!("unsupported mapping format {found}, expected {MAPPING_FORMAT:?}"),
                )
                .into());
            }
        }
        let m: CrmMapping = serde_path_to_error::deserialize(crate::io::json_value::Strict(&value)).map_err(|e| {
            let path = e.path().to_string();
            invalid(if path == "." { String::new() } else { path }, e.into_inner().to_string())
        })?;
        m.validate()?;
        Ok(m)
    }

    /// The mapping as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a mapping always serializes") + "\n"
    }

    /// Checks what the JSON shape cannot: known fields per table, required
    /// fields present, a known encoding and offset, a non-empty source.
    pub fn validate(&self) -> Result<(), ImportError> {
        if self.source.trim().is_empty() {
            return Err(invalid("source", "the source name is empty"));
        }
        if super::super::source::encoding(&self.encoding).is_none() {
            return Err(invalid("encoding", format!("unknown encoding {:?}", self.encoding)));
        }
        if let Some(o) = &self.utc_offset {
            if super::dates::offset_seconds(o).is_none() {
                return Err(invalid("utc_offset", format!("{o:?} is not an offset such as +08:00")));
            }
        }
        if self.list_separator.is_empty() {
            return Err(invalid("list_separator", "the separator is empty"));
        }
        if let Some(scale) = self.grade_scale {
            if !(scale.is_finite() && scale > 0.0) {
                return Err(invalid("grade_scale", format!("{scale} is not a number > 0")));
            }
        }
        for (i, t) in self.tables.iter().enumerate() {
            let f = |rest: &str| format!("tables[{i}].{rest}");
            if t.files.is_empty() || t.files.iter().any(|n| n.trim().is_empty()) {
                return Err(invalid(f("files"), "give at least one non-empty file name"));
            }
            for (field, column) in &t.columns {
                if !t.kind.fields().contains(&field.as_str()) {
                    let expected = t.kind.fields().join(", ");
                    return Err(invalid(
                        f(&format!("columns.{field}")),
                        format!("not a field of this table; expected {expected}"),
                    ));
                }
                if column.trim().is_empty() {
                    return Err(invalid(f(&format!("columns.{field}")), "the column name is empty"));
                }
            }
            for req in t.kind.required() {
                if !t.columns.contains_key(*req) {
                    return Err(invalid(f(&format!("columns.{req}")), "this field is required for this kind of table"));
                }
            }
            let named = ["name", "first_name", "last_name"].iter().any(|n| t.columns.contains_key(*n));
            if matches!(t.kind, TableKind::Contacts) && !named {
                return Err(invalid(f("columns.name"), "map name, or first_name and last_name"));
            }
            for (j, n) in t.by_name.iter().enumerate() {
                if !t.kind.name_fields().contains(&n.as_str()) {
                    let expected = t.kind.name_fields().join(", ");
                    return Err(invalid(
                        f(&format!("by_name[{j}]")),
                        format!("{n:?} cannot hold names here; expected one of: {expected}"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The tables whose file names match `file`, in mapping order.
    pub fn tables_for(&self, file: &str) -> impl Iterator<Item = &Table> {
        let file = file.to_lowercase();
        self.tables.iter().filter(move |t| t.files.iter().any(|pattern| matches(&pattern.to_lowercase(), &file)))
    }
}

/// Whether `name` matches `pattern`, where `*` matches any text.
fn matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    if parts.is_empty() {
        return rest.is_empty();
    }
    for (k, p) in parts.iter().enumerate() {
        if k == parts.len() - 1 {
            return rest.ends_with(p);
        }
        match rest.find(p) {
            Some(at) => rest = &rest[at + p.len()..],
            None => return false,
        }
    }
    true
}

/// The JSON Schema (draft 2020-12) of a CRM mapping document, pretty-printed;
/// committed as `docs/relmap-crm-mapping-1.schema.json`.
///
/// ```
/// assert!(relmap::io::import::crm::mapping_schema().contains("\"tables\""));
/// ```
pub fn mapping_schema() -> String {
    let schema = schemars::schema_for!(CrmMapping);
    serde_json::to_string_pretty(&schema).expect("a schema always serializes") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_patterns() {
        assert!(matches("contacts*.csv", "contacts_2026_03_01.csv"));
        assert!(matches("contact.csv", "contact.csv"));
        assert!(!matches("contact.csv", "contacts.csv"));
        assert!(matches("*联系人*.csv", "导出_联系人_全部.csv"));
        assert!(!matches("a*b*c", "a-c"));
    }
}
