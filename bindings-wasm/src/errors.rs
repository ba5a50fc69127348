//! The one place where failures become JavaScript exceptions.
//!
//! relmap throws real `Error` objects, never strings: a `RangeError` for a
//! number out of range, a `SyntaxError` for malformed JSON, a `TypeError` for
//! an argument of the wrong shape, a plain `Error` otherwise. Each carries
//! `code` (the core's stable `relmap::Error::code()`) and `field` (the field,
//! JSON path or CSV column it is about, or `null`).

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// Code of an argument the binding cannot convert (wrong type, unknown field or name).
pub const INVALID_ARGUMENT: &str = "invalid_argument";

/// The TypeScript view of the errors relmap throws.
#[wasm_bindgen(typescript_custom_section)]
const RELMAP_ERROR_TS: &str = r#"
/** What relmap throws: an `Error` (or `RangeError`, `SyntaxError`, `TypeError`) with a stable code. */
export interface RelmapError extends Error {
  /** Stable snake_case code, the same in Rust, Python and JavaScript (e.g. `unknown_reference`). */
  code: string;
  /** The field, JSON path or CSV column the error is about, or null. */
  field: string | null;
}
"#;

/// The JavaScript error class to throw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// `Error`.
    Error,
    /// `RangeError`: a number outside its range.
    Range,
    /// `SyntaxError`: text that does not parse.
    Syntax,
    /// `TypeError`: an argument of the wrong shape.
    Type,
}

/// The class of a core error, by its code.
pub fn class_of(code: &str) -> ErrorClass {
    match code {
        "out_of_range" | "non_finite" => ErrorClass::Range,
        "json_syntax" => ErrorClass::Syntax,
        INVALID_ARGUMENT => ErrorClass::Type,
        _ => ErrorClass::Error,
    }
}

/// Converts a core error into the JavaScript error to throw.
pub fn to_js(err: impl Into<relmap::Error>) -> JsValue {
    let err: relmap::Error = err.into();
    exception(class_of(err.code()), &err.to_string(), err.code(), err.field())
}

/// A `TypeError` for an argument that cannot be converted; `path` is where in the
/// argument (`roles[1]`, `kind`), empty for the argument as a whole.
pub fn invalid_argument(path: &str, message: impl std::fmt::Display) -> JsValue {
    let (text, field) =
        if path.is_empty() { (message.to_string(), None) } else { (format!("{path}: {message}"), Some(path)) };
    exception(ErrorClass::Type, &text, INVALID_ARGUMENT, field)
}

fn exception(class: ErrorClass, message: &str, code: &str, field: Option<&str>) -> JsValue {
    let error: JsValue = match class {
        ErrorClass::Error => js_sys::Error::new(message).into(),
        ErrorClass::Range => js_sys::RangeError::new(message).into(),
        ErrorClass::Syntax => js_sys::SyntaxError::new(message).into(),
        ErrorClass::Type => js_sys::TypeError::new(message).into(),
    };
    let field = field.map_or(JsValue::NULL, JsValue::from);
    // Defining a property on a freshly made, extensible Error object cannot fail.
    let _ = Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    let _ = Reflect::set(&error, &JsValue::from_str("field"), &field);
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_code_family() {
        assert_eq!(class_of("out_of_range"), ErrorClass::Range);
        assert_eq!(class_of("non_finite"), ErrorClass::Range);
        assert_eq!(class_of("json_syntax"), ErrorClass::Syntax);
        assert_eq!(class_of(INVALID_ARGUMENT), ErrorClass::Type);
        assert_eq!(class_of("unknown_reference"), ErrorClass::Error);
        assert_eq!(class_of("json_shape"), ErrorClass::Error);
    }
}
