//! The one place where failures become JavaScript exceptions.
//!
//! relmap throws real `Error` objects, never strings. The constructor follows the
//! code's kind, which the core decides (`relmap::error::ErrorKind`): a
//! `RangeError` for a number out of range, a `SyntaxError` for malformed JSON, a
//! `TypeError` for an argument of the wrong shape, a plain `Error` otherwise. Each
//! carries `code` (the core's stable `relmap::Error::code()`) and `field` (the
//! field, JSON path or CSV column it is about, or `null`).

use js_sys::Reflect;
use relmap::error::{ErrorCode, ErrorKind};
use wasm_bindgen::prelude::*;

/// The TypeScript view of the errors relmap throws.
#[wasm_bindgen(typescript_custom_section)]
const RELMAP_ERROR_TS: &str = r#"
/** What relmap throws: an `Error` (or `RangeError`, `SyntaxError`, `TypeError`) with a stable code. */
export interface RelmapError extends Error {
  /** Stable snake_case code, the same in Rust, Python and JavaScript (e.g. `unknown_reference`; see `errorCodes()`). */
  code: string;
  /** The field, JSON path or CSV column the error is about, or null. */
  field: string | null;
}

/** One error code: its kind and the constructor relmap throws it with (`docs/errors.md`). */
export interface ErrorCodeInfo {
  code: string;
  kind: "validation" | "range" | "argument" | "syntax" | "format" | "convergence" | "internal";
  constructor: "Error" | "RangeError" | "SyntaxError" | "TypeError";
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

impl ErrorClass {
    /// The constructor's name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Error => "Error",
            ErrorClass::Range => "RangeError",
            ErrorClass::Syntax => "SyntaxError",
            ErrorClass::Type => "TypeError",
        }
    }
}

/// The constructor of an error kind: the one place that decides it. The match is
/// exhaustive, so a new kind in the core does not compile until it has a constructor.
pub fn class_of(kind: ErrorKind) -> ErrorClass {
    match kind {
        ErrorKind::Range => ErrorClass::Range,
        ErrorKind::Argument => ErrorClass::Type,
        ErrorKind::Syntax => ErrorClass::Syntax,
        ErrorKind::Validation | ErrorKind::Format | ErrorKind::Convergence | ErrorKind::Internal => ErrorClass::Error,
    }
}

/// Every error code with its kind and the constructor it is thrown with (the
/// tables of `docs/errors.md`), for code that switches on codes.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCodeInfo[]")]
pub fn error_codes() -> Result<JsValue, JsValue> {
    let rows: Vec<ErrorCodeInfo> = ErrorCode::ALL
        .iter()
        .map(|c| ErrorCodeInfo { code: c.as_str(), kind: c.kind().as_str(), constructor: class_of(c.kind()).name() })
        .collect();
    crate::convert::output(&rows)
}

/// One row of [`error_codes`].
#[derive(serde::Serialize)]
struct ErrorCodeInfo {
    code: &'static str,
    kind: &'static str,
    constructor: &'static str,
}

/// Converts a core error into the JavaScript error to throw.
///
/// The `field` is given the way JavaScript sees it: `stakeholders[2].reportsTo`,
/// `roleAuthority.coach` (as in `map.stakeholders()` and the config objects),
/// except for errors of the JSON reader (see also [`document_to_js`]), whose
/// paths are into the text and keep its snake_case keys.
pub fn to_js(err: impl Into<relmap::Error>) -> JsValue {
    let err: relmap::Error = err.into();
    let mut message = err.to_string();
    let field = match (err.field(), &err) {
        (Some(f), relmap::Error::Format(_)) => Some(f.to_owned()),
        (Some(f), _) => {
            let js = camel_path(f);
            message = message.replace(f, &js);
            Some(js)
        }
        (None, _) => None,
    };
    exception(class_of(err.kind()), &message, err.code(), field.as_deref())
}

/// Converts an error reading a JSON document (`RelationshipMap.fromJson`) into the
/// JavaScript error to throw. Every `field` is a path into the document text and keeps
/// its snake_case keys (`stakeholders[0].reports_to`), whether the text did not parse or
/// its content broke a rule of the map: the user wrote those keys.
pub fn document_to_js(err: impl Into<relmap::Error>) -> JsValue {
    let err: relmap::Error = err.into();
    exception(class_of(err.kind()), &err.to_string(), err.code(), err.field())
}

/// `stakeholders[2].reports_to` → `stakeholders[2].reportsTo`; what is inside
/// brackets (indices, ids) is left as it is.
pub fn camel_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    let mut upper = false;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && c == '_' && !out.is_empty() && !out.ends_with(['.', ']']) {
            upper = true;
            continue;
        }
        if upper && depth == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        upper = false;
    }
    out
}

/// A `TypeError` (`invalid_argument`) for an argument that cannot be converted;
/// `path` is where in the argument (`roles[1]`, `kind`), empty for the argument as a whole.
pub fn invalid_argument(path: &str, message: impl std::fmt::Display) -> JsValue {
    coded(ErrorCode::InvalidArgument, path, message)
}

/// The error of a core code about an argument, thrown with the constructor of the code's kind.
pub fn coded(code: ErrorCode, path: &str, message: impl std::fmt::Display) -> JsValue {
    let (text, field) =
        if path.is_empty() { (message.to_string(), None) } else { (format!("{path}: {message}"), Some(path)) };
    exception(class_of(code.kind()), &text, code.as_str(), field)
}

/// An `Error` with code `internal`: a result that could not be converted (a bug).
pub fn internal(message: &str) -> JsValue {
    let code = ErrorCode::Internal;
    exception(
        class_of(code.kind()),
        &format!("relmap: internal error, please report it: {message}"),
        code.as_str(),
        None,
    )
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
    fn paths_read_as_javascript_sees_them() {
        assert_eq!(camel_path("stakeholders[2].reports_to"), "stakeholders[2].reportsTo");
        assert_eq!(camel_path("role_authority.coach"), "roleAuthority.coach");
        assert_eq!(camel_path("overlay.influence[head_of_it]"), "overlay.influence[head_of_it]");
        assert_eq!(camel_path("options.layout.font_size"), "options.layout.fontSize");
        assert_eq!(camel_path("relations[1].target"), "relations[1].target");
        assert_eq!(camel_path("stages[0].entry_criteria[1]"), "stages[0].entryCriteria[1]");
    }

    #[test]
    fn classes_follow_the_kind() {
        let class = |code: &str| class_of(code.parse::<ErrorCode>().unwrap().kind());
        assert_eq!(class("out_of_range"), ErrorClass::Range);
        assert_eq!(class("non_finite"), ErrorClass::Range);
        assert_eq!(class("invalid_config"), ErrorClass::Range);
        assert_eq!(class("length_mismatch"), ErrorClass::Type);
        assert_eq!(class("json_syntax"), ErrorClass::Syntax);
        assert_eq!(class("invalid_argument"), ErrorClass::Type);
        assert_eq!(class("unknown_reference"), ErrorClass::Error);
        assert_eq!(class("json_shape"), ErrorClass::Error);
    }
}
