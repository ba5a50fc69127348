//! Copying a JavaScript argument into [`JsData`].

use js_sys::{Array, ArrayBuffer, Date, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::de::{JsData, ReadError};

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
    if let Some(date) = value.dyn_ref::<Date>() {
        if date.get_time().is_nan() {
            return Err(ReadError::at(path, "invalid Date"));
        }
        return Ok(JsData::String(String::from(date.to_iso_string())));
    }
    if Array::is_array(value) || ArrayBuffer::is_view(value) {
        let items = Array::from(value);
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
        let object: &Object = value.unchecked_ref();
        let keys = Object::keys(object);
        let mut out = Vec::with_capacity(keys.length() as usize);
        for key in keys.iter() {
            let name = key.as_string().unwrap_or_default();
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&name);
            let item = Reflect::get(object, &key).map_err(|_| ReadError::at(path, "the property cannot be read"))?;
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
