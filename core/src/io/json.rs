//! The JSON document format `relmap/2`, which also reads `relmap/1` (see `docs/format.md`).

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{json_value, FormatError};
use crate::model::{MapDocument, RelationshipMap, FORMAT, FORMAT_1};
use crate::Result;

impl RelationshipMap {
    /// Reads a map from its JSON document (`relmap/2`, or `relmap/1`, which
    /// loads unchanged), checking the format tag, the shape
    /// (unknown fields are rejected with their JSON path) and the content.
    ///
    /// ```
    /// use relmap::RelationshipMap;
    /// let err = RelationshipMap::from_json(r#"{"account": {"id": "a", "name": "A", "colour": "red"}}"#).unwrap_err();
    /// assert_eq!(err.code(), "json_shape");
    /// assert!(err.to_string().starts_with("account"));
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let value = json_value::parse(text)?;
        if let Some(found) = value.get("format") {
            match found.as_str() {
                Some(FORMAT) => {}
                Some(FORMAT_1) => migrate_from_1(&value)?,
                _ => {
                    return Err(FormatError::UnsupportedFormat {
                        found: found.to_string().trim_matches('"').to_owned(),
                    }
                    .into())
                }
            }
        }
        let doc: MapDocument = from_value(value)?;
        Ok(RelationshipMap::from_document(doc)?)
    }

    /// Writes the map as a pretty-printed JSON document in the `relmap/2` format.
    ///
    /// Writing is deterministic: a document read and written again is byte-identical.
    pub fn to_json(&self) -> String {
        let doc = self.to_document();
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string_pretty(&doc).expect("a map document always serializes") + "\n"
    }
}

/// Reads any relmap type (a configuration, a stage model, a document) from JSON
/// text, with the document's rules: a repeated key anywhere is a
/// [`FormatError::DuplicateKey`], a value that does not fit the type a
/// [`FormatError::Shape`] naming its JSON path (unknown fields of types that deny
/// them included, and an array where an object is expected: serde would read it
/// as the fields in order). The type's own rules are not checked here (call its
/// `validate`, or the analysis that takes it).
///
/// ```
/// use relmap::chain::ChainConfig;
/// let config: ChainConfig = relmap::io::from_json(r#"{"default_openness": 0.3}"#)?;
/// assert_eq!(config.default_openness, 0.3);
/// let err = relmap::io::from_json::<ChainConfig>(r#"{"stale_days": 30, "stale_days": 90}"#).unwrap_err();
/// assert_eq!((err.code(), err.field()), ("duplicate_json_key", Some("stale_days")));
/// # Ok::<(), relmap::io::FormatError>(())
/// ```
pub fn from_json<T: DeserializeOwned>(text: &str) -> std::result::Result<T, FormatError> {
    from_value(json_value::parse(text)?)
}

/// A parsed JSON value into a type, naming the path of a mismatch.
fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> std::result::Result<T, FormatError> {
    serde_path_to_error::deserialize(json_value::Strict(&value)).map_err(|e| {
        let path = e.path().to_string();
        FormatError::Shape { path: if path == "." { String::new() } else { path }, message: e.into_inner().to_string() }
    })
}

/// The fields of an opportunity that `relmap/2` added.
const NEW_IN_2: [&str; 2] = ["meddpicc", "buying_influences"];

/// Migrates a `relmap/1` document: its shape is `relmap/2` without the fields
/// new in version 2, so the migration is the identity, and a version-2 field in
/// a document tagged `relmap/1` is refused as an unknown field of that version.
fn migrate_from_1(value: &serde_json::Value) -> Result<(), FormatError> {
    let opportunities = value.get("opportunities").and_then(|o| o.as_array()).map(Vec::as_slice).unwrap_or(&[]);
    for (k, o) in opportunities.iter().enumerate() {
        for field in NEW_IN_2 {
            if o.get(field).is_some() {
                return Err(FormatError::Shape {
                    path: format!("opportunities[{k}].{field}"),
                    message: format!("unknown field `{field}` in a {FORMAT_1} document (it is new in {FORMAT}; tag the document {FORMAT:?})"),
                });
            }
        }
    }
    if value.get("activity").is_some() {
        return Err(FormatError::Shape {
            path: "activity".into(),
            message: format!("unknown field `activity` in a {FORMAT_1} document (it is new in {FORMAT}; tag the document {FORMAT:?})"),
        });
    }
    Ok(())
}

/// Loads a map from a path: a CSV folder (see [`csv`](super::csv)) if the path
/// is a directory, otherwise a JSON document file.
///
/// ```
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data");
/// let from_json = relmap::io::load(format!("{dir}/manufacturing_cloud.json"))?;
/// let from_csv = relmap::io::load(format!("{dir}/manufacturing_cloud"))?;
/// assert_eq!(from_json, from_csv);
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn load(path: impl AsRef<Path>) -> Result<RelationshipMap> {
    let path = path.as_ref();
    if path.is_dir() {
        return super::csv::read_map(path);
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| FormatError::Io { path: path.display().to_string(), message: e.to_string() })?;
    RelationshipMap::from_json(&text)
}

/// The JSON Schema (draft 2020-12) of the `relmap/2` document, pretty-printed.
///
/// The same text is committed as `docs/relmap-2.schema.json` (the frozen
/// `relmap/1` schema stays beside it as `docs/relmap-1.schema.json`).
///
/// ```
/// let schema = relmap::io::json_schema();
/// assert!(schema.contains("\"stakeholders\""));
/// ```
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(MapDocument);
    serde_json::to_string_pretty(&schema).expect("a schema always serializes") + "\n"
}
