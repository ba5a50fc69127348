//! Reading and writing relationship maps: the versioned JSON document, its
//! JSON Schema, and CSV folders ([`csv`]). [`load`] reads either form from a path.
//!
//! ```
//! use relmap::RelationshipMap;
//! let text = r#"{"format": "relmap/1", "account": {"id": "acme", "name": "Acme"},
//!               "stakeholders": [{"id": "ceo", "name": "Chen Wei", "roles": ["economic_buyer"]}]}"#;
//! let map = RelationshipMap::from_json(text)?;
//! assert_eq!(map.stakeholders().len(), 1);
//! assert_eq!(RelationshipMap::from_json(&map.to_json())?, map);
//! # Ok::<(), relmap::Error>(())
//! ```

pub mod csv;
mod error;
pub mod import;
mod json;
pub(crate) mod json_value;

pub use error::FormatError;
pub use json::{from_json, json_schema, load};
