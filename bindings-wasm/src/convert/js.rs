//! Copying a JavaScript argument into [`JsData`].
//!
//! Nothing here may let a JavaScript exception through: one thrown inside a
//! method (by a `Proxy` trap, a getter, a revoked proxy) would unwind past the
//! Rust frames without releasing the method's borrow of `this`, and every later
//! call on the object would fail with "recursive use of an object detected".
//! So every JavaScript operation that can run user code is imported with
//! `catch` (the `instanceof` checks of `dyn_ref` already catch), and what it
//! throws becomes a [`ReadError`] naming the path.

use js_sys::{Array, ArrayBuffer, Date, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use super::de::{JsData, ReadError};

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`: a proxy's `ownKeys` or `getOwnPropertyDescriptor` trap may throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn try_keys(object: &JsValue) -> Result<Array, JsValue>;
    /// `Array.isArray`: throws for a revoked proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn try_is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// `Array.from`: reads the items through `get` traps, getters and iterators.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn try_array_from(value: &JsValue) -> Result<Array, JsValue>;
    /// `Object.assign({}, value)`: reads the properties through traps and getters.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
    fn try_assign(target: &JsValue, source: &JsValue) -> Result<js_sys::Object, JsValue>;
    /// `Date.prototype.getTime`: throws for anything but a real `Date` (a proxy of one included).
    #[wasm_bindgen(catch, js_namespace = ["Date", "prototype", "getTime"], js_name = call)]
    fn try_get_time(date: &JsValue) -> Result<f64, JsValue>;
}

/// `Array.isArray`, with `false` for a value it throws on (a revoked proxy).
pub fn is_array(value: &JsValue) -> bool {
    try_is_array(value).unwrap_or(false)
}

/// The argument as a typed array of type `T`, if it is one. A proxy of a typed
/// array, or an object whose prototype is one, is not: its methods would throw.
pub fn typed<T: JsCast>(value: &JsValue) -> Option<&T> {
    if ArrayBuffer::is_view(value) {
        value.dyn_ref::<T>()
    } else {
        None
    }
}

/// A shallow copy of an object's own enumerable properties (`Object.assign({}, value)`);
/// what a getter or trap throws is an error at `path`.
pub fn shallow_copy(value: &JsValue, path: &str) -> Result<js_sys::Object, ReadError> {
    try_assign(&js_sys::Object::new(), value).map_err(|e| ReadError::at(path, thrown(&e)))
}

/// The items of an array (or array-like): `Array.from`, with what a trap or getter
/// throws as an error at `path`.
pub fn items(value: &JsValue, path: &str) -> Result<Array, ReadError> {
    try_array_from(value).map_err(|e| ReadError::at(path, thrown(&e)))
}

/// An object's own enumerable keys: `Object.keys`, with what a trap throws as an
/// error at `path`.
pub fn keys(value: &JsValue, path: &str) -> Result<Array, ReadError> {
    try_keys(value).map_err(|e| ReadError::at(path, thrown(&e)))
}

/// The message of what a JavaScript operation threw.
fn thrown(e: &JsValue) -> String {
    let text = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string());
    format!("reading it threw: {}", text.unwrap_or_else(|| "a value that is not an Error".to_owned()))
}

/// Deeper than this is refused (a cycle, or not data at all).
const MAX_DEPTH: usize = 64;

/// Copies plain data: `null`/`undefined`, booleans, finite numbers, strings, `Date`s
/// (as ISO 8601 strings), arrays and typed arrays, and plain objects (own
/// enumerable properties; `undefined` ones are left out, as if absent).
/// Functions, symbols and bigints are refused with their path.
pub fn to_data(value: &JsValue) -> Result<JsData, ReadError> {
    copy(value, &mut String::new(), 0)
}

fn copy(value: &JsValue, path: &mut String, depth: usize) -> Result<JsData, ReadError> {
    if depth > MAX_DEPTH {
        return Err(ReadError::at(path, format!("nested deeper than {MAX_DEPTH} levels (a cycle?)")));
    }
    if value.is_null() || value.is_undefined() {
        return Ok(JsData::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(JsData::Bool(b));
    }
    if let Some(x) = value.as_f64() {
        return if x.is_finite() { Ok(JsData::Number(x)) } else { Err(ReadError::non_finite(path, x)) };
    }
    if let Some(s) = value.as_string() {
        return Ok(JsData::String(s));
    }
    if value.dyn_ref::<Date>().is_some() {
        let time = try_get_time(value).map_err(|e| ReadError::at(path, thrown(&e)))?;
        if time.is_nan() {
            return Err(ReadError::at(path, "invalid Date"));
        }
        // The core reads the years 0000..9999 (UTC); a Date beyond them is out of
        // range (its ISO text, `+010000-...`, is not RFC 3339).
        let seconds = (time / 1000.0).floor();
        if seconds < relmap::time::Timestamp::MIN.0 as f64 || seconds > relmap::time::Timestamp::MAX.0 as f64 {
            let iso = String::from(Date::new(&JsValue::from_f64(time)).to_iso_string());
            return Err(ReadError::at(path, format!("{iso} is outside the years 0000..9999"))
                .with_code(relmap::error::ErrorCode::OutOfRange));
        }
        // A fresh Date: `toISOString` on the argument itself could be a proxy's trap.
        return Ok(JsData::String(String::from(Date::new(&JsValue::from_f64(time)).to_iso_string())));
    }
    if is_array(value) || ArrayBuffer::is_view(value) {
        let items = try_array_from(value).map_err(|e| ReadError::at(path, thrown(&e)))?;
        let mut out = Vec::with_capacity(items.length() as usize);
        for (i, item) in items.iter().enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            out.push(copy(&item, path, depth + 1)?);
            path.truncate(len);
        }
        return Ok(JsData::Array(out));
    }
    if value.is_object() && !value.is_function() {
        let keys = try_keys(value).map_err(|e| ReadError::at(path, thrown(&e)))?;
        let mut out = Vec::with_capacity(keys.length() as usize);
        for key in keys.iter() {
            let name = key.as_string().unwrap_or_default();
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&name);
            let item = Reflect::get(value, &key).map_err(|e| ReadError::at(path, thrown(&e)))?;
            if !item.is_undefined() {
                out.push((name, copy(&item, path, depth + 1)?));
            }
            path.truncate(len);
        }
        return Ok(JsData::Object(out));
    }
    let what = match value.js_typeof().as_string().as_deref() {
        Some("function") => "a function",
        Some("symbol") => "a symbol",
        Some("bigint") => "a bigint (use a number)",
        _ => "a value that is not data",
    };
    Err(ReadError::at(path, format!("invalid type: {what}")))
}

/// `object[key]`, or `undefined` when it has no such property or reading it throws (a
/// getter, a proxy trap). Functions (a class's constructor) have properties too: only
/// `undefined` and `null` have none.
pub fn property(object: &JsValue, key: &str) -> JsValue {
    if object.is_undefined() || object.is_null() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
