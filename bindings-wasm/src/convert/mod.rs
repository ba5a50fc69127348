//! Crossing the boundary: JavaScript arguments into the core's types, results back.
//!
//! One vocabulary: the core's serde names are snake_case, JavaScript's are
//! camelCase. Both directions rename struct fields generically (no per-type
//! mirror): [`ser::Camel`] on the way out, [`de::Reader`] on the way in. Map
//! keys (ids) and enum names (`economic_buyer`) are data and never renamed.

pub mod de;
pub mod js;
pub mod ser;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::errors::{coded, internal, invalid_argument};

/// Reads an argument into a core type; a bad one throws a `TypeError` with its path
/// (a `RangeError`, code `non_finite`, for a NaN or an infinity).
pub fn read_arg<T: DeserializeOwned>(value: &JsValue) -> Result<T, JsValue> {
    let refused = |e: de::ReadError| coded(e.code, &e.path, e.message);
    de::read(js::to_data(value).map_err(refused)?).map_err(refused)
}

/// A string argument. The generated glue would pass any other value on unchecked,
/// so every string parameter is taken as a `JsValue` and checked here.
pub fn text(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        let found = value.js_typeof().as_string().unwrap_or_default();
        let found = if value.is_null() { "null".to_owned() } else { found };
        invalid_argument(name, format!("expected a string, found {found}"))
    })
}

/// An optional string argument (`undefined` or `null` → `None`).
pub fn opt_text(value: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        text(value, name).map(Some)
    }
}

/// Reads an optional argument (`undefined` or `null` → the default), e.g. a config
/// merged over its defaults.
pub fn read_opt<T: DeserializeOwned + Default>(value: &JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        read_arg(value)
    }
}

/// A result as a plain JavaScript value with camelCase fields (JSON-compatible:
/// maps become objects, `None` becomes `null`).
///
/// The core's results are plain data with string map keys, which always
/// serialize; a failure would be a bug and throws an `Error` with code `internal`.
pub fn output<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    ser::Camel(value).serialize(&serializer).map_err(|e| internal(&e.to_string()))
}
