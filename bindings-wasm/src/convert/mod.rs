//! Crossing the boundary: JavaScript arguments into the core's types, results back.
//!
//! One vocabulary: the core's serde names are snake_case, JavaScript's are
//! camelCase. Both directions rename struct fields generically (no per-type
//! mirror): [`ser::Camel`] on the way out, [`de::Reader`] on the way in. Map
//! keys (ids) and enum names (`economic_buyer`) are data and never renamed.

pub mod de;
pub mod js;
pub mod ser;

use relmap::error::ErrorCode;
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

/// What a value is, for a message: `typeof`, with `null` and arrays told apart.
fn kind_of(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if js::is_array(value) {
        "an array".to_owned()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// A number argument. The generated glue would coerce anything with unary `+`
/// (`[]`, `""`, `false` and `new Date(0)` → 0, `true` → 1), so every number
/// parameter is taken as a `JsValue` and must be a JavaScript number. Whether it
/// is finite and in range is the core's to check (with its own error).
pub fn number(value: &JsValue, name: &str) -> Result<f64, JsValue> {
    value.as_f64().ok_or_else(|| invalid_argument(name, format!("expected a number, found {}", kind_of(value))))
}

/// An optional number argument (`undefined` or `null` → `None`).
pub fn opt_number(value: &JsValue, name: &str) -> Result<Option<f64>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        number(value, name).map(Some)
    }
}

/// A count argument: a whole number from 0 up to what the platform can index
/// (2³² − 1 in WebAssembly). The glue would wrap `-1` to 4294967295 and `2**32`
/// to 0, and truncate `2.5`.
pub fn count(value: &JsValue, name: &str) -> Result<usize, JsValue> {
    let x = number(value, name)?;
    if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0) {
        return Err(invalid_argument(name, format!("expected a whole number ≥ 0, found {x}")));
    }
    // Below 2^64 here, so the cast is exact; usize::try_from refuses what does not fit.
    if x >= 18_446_744_073_709_551_616.0 {
        return Err(invalid_argument(name, format!("expected at most {}, found {x}", usize::MAX)));
    }
    usize::try_from(x as u64).map_err(|_| invalid_argument(name, format!("expected at most {}, found {x}", usize::MAX)))
}

/// An optional count argument (`undefined` or `null` → `default`).
pub fn opt_count(value: &JsValue, name: &str, default: usize) -> Result<usize, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(default)
    } else {
        count(value, name)
    }
}

/// Reads an optional argument (`undefined` or `null` → the default), e.g. a config
/// merged over its defaults.
/// A configuration or options object (undefined or null = the defaults), read as
/// [`read_opt`] except that a NaN or an infinity is `invalid_config` naming the field:
/// the code the core gives any config field it cannot use.
pub fn read_config<T: DeserializeOwned + Default>(value: &JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        read_coded(value, "", ErrorCode::InvalidConfig)
    }
}

/// Model parameters, read as [`read_arg`] except that a NaN or an infinity is
/// `out_of_range` (the core's code for a parameter outside (0, ∞)).
pub fn read_params<T: DeserializeOwned>(value: &JsValue) -> Result<T, JsValue> {
    read_coded(value, "", ErrorCode::OutOfRange)
}

/// [`read_arg`] of the argument or option `name`: an error's field is `name` or a path inside it.
pub fn read_arg_at<T: DeserializeOwned>(value: &JsValue, name: &str) -> Result<T, JsValue> {
    read_coded(value, name, ErrorCode::NonFinite)
}

fn read_coded<T: DeserializeOwned>(value: &JsValue, name: &str, non_finite: ErrorCode) -> Result<T, JsValue> {
    let refused = |e: de::ReadError| {
        let code = if e.code == ErrorCode::NonFinite { non_finite } else { e.code };
        let path = match (name.is_empty(), e.path.is_empty()) {
            (true, _) => e.path,
            (false, true) => name.to_owned(),
            (false, false) if e.path.starts_with('[') => format!("{name}{}", e.path),
            (false, false) => format!("{name}.{}", e.path),
        };
        coded(code, &path, e.message)
    };
    de::read(js::to_data(value).map_err(refused)?).map_err(refused)
}

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
