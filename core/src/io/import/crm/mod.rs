//! CRM exports (CSV) → stakeholders, roles, org chart, opportunities and
//! interactions, through a declarative, versioned [`CrmMapping`].
//!
//! A mapping names the export's tables (by file name), maps their columns to
//! relmap fields, and translates role and activity-type values through two
//! tables. Four presets come with relmap ([`preset`], [`PRESETS`]):
//! `salesforce` (report / Data Loader exports), `hubspot`, `zoho` and
//! `fxiaoke` (a 纷享销客-style export with Chinese headers); `docs/importing.md`
//! lists the files and columns each expects. A mapping is JSON
//! ([`CrmMapping::from_json`]) with a JSON Schema ([`mapping_schema`]).
//!
//! Rules:
//! - one account is imported: [`CrmOptions::account`] (its CRM id or name),
//!   by default the map's account id; rows that name another account are
//!   skipped with the reason `other_account`;
//! - contacts become stakeholders whose id is the CRM id as given, with the
//!   source id and emails as contact keys; users that own activities become
//!   team members; ids and names are kept as given;
//! - role values and activity types go through the mapping's tables; a value
//!   the table lacks is reported (file, row, column, value), never dropped in
//!   silence: an unmapped role gives no role, an unmapped type takes the
//!   table's `default_channel` or skips the row;
//! - a cell that is not valid in the mapping's encoding costs its row (one
//!   line naming the row and column); a header in the wrong encoding costs
//!   the file, with a hint to set `encoding` (Chinese exports are often `gbk`);
//! - MEDDPICC grades (a `qualification` table) and Blue Sheet response modes (a
//!   `buying_influences` table) go through the mapping's `grades` and
//!   `response_modes` tables, then built-in words ([`grade_of`]); an unknown value
//!   is an `unmapped_value` warning naming its row and column, and the element is
//!   left as it was.
//!
//! ```
//! use relmap::io::import::{crm, CrmOptions, SourceFile};
//! use relmap::model::{Account, RelationshipMap, Role};
//!
//! let contacts = "Id,AccountId,FirstName,LastName,Email,Title,Department,ReportsToId\n\
//!                 003A,001X,Wei,Chen,chen.wei@acme.cn,CEO,Board,\n\
//!                 003B,001X,Yang,Liu,liu.yang@acme.cn,CIO,IT,003A\n";
//! let roles = "Id,OpportunityId,ContactId,Role,IsPrimary\n00K1,006A,003A,Economic Buyer,true\n";
//! let mut map = RelationshipMap::new(Account::new("001X", "Acme"));
//! let opts = CrmOptions { preset: Some("salesforce".into()), ..Default::default() };
//! let files = [SourceFile::new("Contact.csv", contacts), SourceFile::new("OpportunityContactRole.csv", roles)];
//! let report = crm::import(&mut map, &files, &opts)?;
//! assert_eq!(map.stakeholder("003B").unwrap().reports_to.as_deref(), Some("003A"));
//! assert!(map.stakeholder("003A").unwrap().has_role(Role::EconomicBuyer));
//! assert_eq!(report.counts().skipped, 0);
//! # Ok::<(), relmap::Error>(())
//! ```

mod dates;
mod grading;
mod mapping;
mod read;
mod sheet;

use std::path::Path;

pub use grading::grade_of;
pub use mapping::{mapping_schema, CrmMapping, DateOrder, Table, TableKind, MAPPING_FORMAT};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::source::{encoding, read_path};
use super::{finish, ImportError, ImportReport, SourceFile};
use crate::activity::{ActivityConfig, ActivityLog};
use crate::model::Account;
use crate::RelationshipMap;

/// The presets that come with relmap.
pub const PRESETS: [&str; 4] = ["salesforce", "hubspot", "zoho", "fxiaoke"];

/// A preset mapping by name (see [`PRESETS`] and `docs/importing.md`).
///
/// ```
/// let m = relmap::io::import::crm::preset("fxiaoke")?;
/// assert_eq!(m.source, "fxiaoke");
/// assert_eq!(relmap::io::import::crm::preset("sap").unwrap_err().code(), "invalid_argument");
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn preset(name: &str) -> crate::Result<CrmMapping> {
    let text = match name {
        "salesforce" => include_str!("presets/salesforce.json"),
        "hubspot" => include_str!("presets/hubspot.json"),
        "zoho" => include_str!("presets/zoho.json"),
        "fxiaoke" => include_str!("presets/fxiaoke.json"),
        _ => return Err(ImportError::UnknownPreset { name: name.to_owned(), expected: PRESETS.join(", ") }.into()),
    };
    CrmMapping::from_json(text)
}

/// How a CRM export is read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CrmOptions {
    /// A preset name (see [`PRESETS`]); ignored when `mapping` is given.
    pub preset: Option<String>,
    /// A mapping of your own.
    pub mapping: Option<CrmMapping>,
    /// The account to import, by its CRM id or name; `None` = the map's account id.
    pub account: Option<String>,
    /// The numbers of the analyses run after the import (domains are not needed for a CRM).
    pub activity: ActivityConfig,
}

impl CrmOptions {
    fn mapping(&self) -> crate::Result<CrmMapping> {
        match (&self.mapping, &self.preset) {
            (Some(m), _) => {
                m.validate()?;
                Ok(m.clone())
            }
            (None, Some(p)) => preset(p),
            (None, None) => Err(ImportError::InvalidConfig {
                field: "preset".into(),
                message: format!("give a preset ({}) or a mapping", PRESETS.join(", ")),
            }
            .into()),
        }
    }
}

/// Imports CRM export files into a map (see the [module docs](self)).
///
/// Fails only for a bad mapping or options; every problem with a file or a
/// row is a line of the report.
pub fn import(map: &mut RelationshipMap, files: &[SourceFile], opts: &CrmOptions) -> crate::Result<ImportReport> {
    opts.activity.validate()?;
    let mapping = opts.mapping()?;
    let enc = encoding(&mapping.encoding).expect("validated");
    let offset = mapping.utc_offset.as_deref().map_or(Some(0), dates::offset_seconds).expect("validated");
    let id = opts.account.clone().unwrap_or_else(|| map.account().id.clone());
    let target = read::Target { names: vec![id, map.account().name.clone()] };
    let mut reader = read::Reader::new(&mapping, target, offset);
    let mut sheets = Vec::new();
    for f in files {
        if mapping.tables_for(&f.name).next().is_none() {
            reader.batch.lines.push(read::unmatched(&f.name));
            continue;
        }
        if let Some(s) = sheet::read(f, enc, &mut reader.batch.lines) {
            sheets.push(s);
        }
    }
    let pairs: Vec<(&sheet::Sheet, &Table)> =
        sheets.iter().flat_map(|s| mapping.tables_for(&s.file).map(move |t| (s, t))).collect();
    reader.read(&pairs);
    let batch = std::mem::take(&mut reader.batch);
    finish(map, batch, files, ActivityLog::default(), &opts.activity)
}

/// The file name endings [`import_path`] reads from a folder (compared without letter case).
pub const EXTENSIONS: &[&str] = &[".csv"];

/// Imports a CSV export file, or every `.csv` file of a folder.
pub fn import_path(
    map: &mut RelationshipMap,
    path: impl AsRef<Path>,
    opts: &CrmOptions,
) -> crate::Result<ImportReport> {
    let files = read_path(path.as_ref(), EXTENSIONS)?;
    import(map, &files, opts)
}

/// Builds a new map of one account from CRM export files: the account is
/// [`CrmOptions::account`] (required), its name and fields from the accounts table.
pub fn import_new(files: &[SourceFile], opts: &CrmOptions) -> crate::Result<(RelationshipMap, ImportReport)> {
    let Some(id) = opts.account.clone().filter(|a| !a.trim().is_empty()) else {
        return Err(ImportError::InvalidConfig {
            field: "account".into(),
            message: "name the CRM account to import (its id or name)".into(),
        }
        .into());
    };
    let mut map = RelationshipMap::new(Account::new(id.clone(), id));
    let report = import(&mut map, files, opts)?;
    Ok((map, report))
}
