//! CSV folders: one relationship map as a folder of flat, spreadsheet-friendly tables.
//!
//! A folder holds one file per kind of record (the full column reference is in
//! `docs/format.md`):
//!
//! | file | one row per | required |
//! |---|---|---|
//! | `account.csv` | the account (exactly one row) | yes |
//! | `stakeholders.csv` | stakeholder | yes |
//! | `relations.csv` | relation | no |
//! | `team.csv` | team member | no |
//! | `interactions.csv` | interaction | no |
//! | `evidence.csv` | piece of trust evidence | no |
//! | `opportunities.csv` | opportunity | no |
//! | `milestones.csv` | milestone reached (`opportunity`, `key`, `at`) | no |
//! | `criteria.csv` | criterion weight of one stakeholder (`opportunity`, `criterion`, `name`, `stakeholder`, `weight`) | no |
//! | `vendor_scores.csv` | score of one vendor on one criterion | no |
//! | `meddpicc.csv` | MEDDPICC element of one opportunity (`opportunity`, `element`, `grade`, ...) | no |
//! | `process_steps.csv` | step of a decision or paper process | no |
//! | `buying_influences.csv` | stakeholder as a Blue Sheet buying influence on one opportunity | no |
//!
//! A missing optional file reads as an empty table. Files are UTF-8 (a leading
//! byte-order mark is accepted and ignored), comma-separated with `"` quoting,
//! with a header row naming the columns in any order. Optional columns may be
//! left out; every cell is trimmed, and an empty cell means "absent". One
//! leading `'` is removed from every cell: the writer puts it before a text that
//! a spreadsheet would run as a formula (OWASP's rule against CSV injection:
//! `=`, `+`, `-`, `@` first) or that starts with white space or `'`, so such
//! text is never executed when the file is opened and still reads back as it
//! was. Cells that
//! hold lists (`roles`, `tags`, `members`, `stakeholders`, `competitors`,
//! `concerns`, `needs`, `emails`) separate their items with `;`. Enum cells use the JSON
//! names (`economic_buyer`, `meal_or_event`, ...); times are RFC 3339 or dates,
//! as in JSON. A stakeholder's stance toward a competitor goes in a column
//! named `stance_toward.<competitor>`; a person's id in a source system in a
//! column named `crm_ids.<source>`.
//!
//! # Errors
//!
//! A problem with a cell (unknown or missing column, unreadable number, time,
//! enum name or boolean, a value in a cell the row's kind does not use) is a
//! [`FormatError::Csv`](crate::io::FormatError::Csv) naming the file, the row
//! (1-based, the header being row 1; rows count records, so a quoted cell
//! spanning lines is still one row) and the column. Problems with the content
//! (unknown ids, cycles, out-of-range numbers) are the model's own
//! [`ModelError`]s, whose `field` is the JSON path of the value: entry `i` of
//! `stakeholders`, `relations`, `team`, `interactions`, `evidence` or
//! `opportunities` is data row `i + 2` of the matching file. [`locate`]
//! translates such a path into a file, row and column.
//!
//! ```
//! use relmap::io::csv::{locate, read_map, write_map};
//! use relmap::RelationshipMap;
//!
//! let map = RelationshipMap::from_json(r#"{"account": {"id": "acme", "name": "华东精密"},
//!     "stakeholders": [{"id": "gm", "name": "王建国", "roles": ["economic_buyer"], "stance_toward": {"rival": -1}}]}"#)?;
//! let dir = std::env::temp_dir().join(format!("relmap-doc-csv-{}", std::process::id()));
//! write_map(&map, &dir)?;
//! assert_eq!(read_map(&dir)?, map);
//!
//! std::fs::write(dir.join("stakeholders.csv"), "id,name,stance\ngm,王建国,9\n").unwrap();
//! let err = read_map(&dir).unwrap_err();
//! assert_eq!(err.code(), "out_of_range");
//! assert_eq!(err.field(), Some("stakeholders[0].stance"));
//! let at = locate(&err).unwrap();
//! assert_eq!((at.file.as_str(), at.row, at.column.as_str()), ("stakeholders.csv", Some(2), "stance"));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), relmap::Error>(())
//! ```

mod locate;
mod qualification;
mod read;
mod specs;
mod table;
mod write;

use std::path::Path;

pub use locate::{locate, CsvLocation};

#[cfg(doc)]
use crate::model::ModelError;
use crate::{RelationshipMap, Result};

/// Reads a relationship map from a CSV folder (see the [module docs](self)).
///
/// Fails with a [`FormatError`](crate::io::FormatError) for a missing required
/// file or a malformed cell, and with a [`ModelError`] when the content is
/// invalid.
pub fn read_map(dir: impl AsRef<Path>) -> Result<RelationshipMap> {
    let doc = read::read_document(dir.as_ref())?;
    Ok(RelationshipMap::from_document(doc)?)
}

/// Reads a relationship map from the files of a CSV folder held in memory, as
/// (file name, bytes) pairs: an upload in a web page, a zip archive, a database.
///
/// The same rules as [`read_map`]; a name that is not one of the folder's ten
/// files, or a name given twice, is a [`FormatError::Io`](crate::io::FormatError::Io).
///
/// ```
/// use relmap::io::csv::{read_map_files, write_map_files};
/// let files = [("account.csv", &b"id,name\nacme,Acme\n"[..]), ("stakeholders.csv", b"id,name\nceo,=Chen\n")];
/// let map = read_map_files(&files)?;
/// assert_eq!(map.stakeholders()[0].name, "=Chen");
/// let written = write_map_files(&map)?;
/// assert_eq!(written[1], ("stakeholders.csv", "id,name,title,department,reports_to,roles,authority,openness,stance,concerns,needs,preferred_channel\nceo,'=Chen,,,,,,,,,,\n".to_string()));
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn read_map_files<N: AsRef<str>, B: AsRef<[u8]>>(files: &[(N, B)]) -> Result<RelationshipMap> {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_ref(), b.as_ref())).collect();
    let doc = read::read_document_from_files(&files)?;
    Ok(RelationshipMap::from_document(doc)?)
}

/// Writes a relationship map as a CSV folder, creating the folder if needed and
/// overwriting the thirteen files it owns (always all thirteen, with their full headers; the
/// `emails` column only where someone has an address).
///
/// Writing is deterministic and the inverse of [`read_map`]: the folder reads
/// back equal to the map. A value the CSV form cannot carry faithfully (a text
/// with trailing white space, an empty optional text, a list item that is empty,
/// has surrounding white space or contains `;`, a vendor without scores) is
/// refused with a [`FormatError::Csv`](crate::io::FormatError::Csv) naming the
/// cell; nothing is written then. A text a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` first) or that starts with white space or `'` is written
/// behind a `'`, which the reader removes (see the [module docs](self)).
pub fn write_map(map: &RelationshipMap, dir: impl AsRef<Path>) -> Result<()> {
    Ok(write::write_folder(map, dir.as_ref())?)
}

/// The files [`write_map`] would write, as (file name, text) pairs in a fixed
/// order, without touching the disk.
pub fn write_map_files(map: &RelationshipMap) -> Result<Vec<(&'static str, String)>> {
    Ok(write::folder_files(map)?)
}
