//! The one place where failures become Python exceptions.
//!
//! Every exception relmap raises derives from `relmap.RelmapError` (a
//! `ValueError`) and carries two attributes: `code`, the stable snake_case code
//! of the core's `relmap::Error::code()`, and `field`, the field, JSON path or
//! CSV column it is about (or `None`). The class follows the code's kind, which
//! the core decides (`relmap::error::ErrorKind`): `ValidationError` for an invalid
//! map, number or argument, `FormatError` for text or a document that cannot be
//! read, `ConvergenceError` for a computation that does not converge,
//! `RelmapError` itself for a bug (see `docs/errors.md`).

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyType;
use relmap::error::{ErrorCode, ErrorKind};

create_exception!(
    relmap,
    RelmapError,
    PyValueError,
    "Base class of every relmap error; `.code` is a stable snake_case code, `.field` the field it is about or None."
);
create_exception!(
    relmap,
    ValidationError,
    RelmapError,
    "The map or an argument is invalid (an unknown id, a number out of range, ...)."
);
create_exception!(
    relmap,
    FormatError,
    RelmapError,
    "A document or file cannot be read (bad JSON, unknown field, bad CSV cell, I/O)."
);
create_exception!(relmap, ConvergenceError, RelmapError, "A model fit did not converge.");

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("RelmapError", py.get_type::<RelmapError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("FormatError", py.get_type::<FormatError>())?;
    m.add("ConvergenceError", py.get_type::<ConvergenceError>())?;
    m.add_function(wrap_pyfunction!(make_error, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    Ok(())
}

/// The exception class of an error kind: the one place that decides it. The
/// match is exhaustive, so a new kind in the core does not compile until it has a class.
fn class_of(py: Python<'_>, kind: ErrorKind) -> Bound<'_, PyType> {
    match kind {
        ErrorKind::Validation | ErrorKind::Range | ErrorKind::Argument => py.get_type::<ValidationError>(),
        ErrorKind::Syntax | ErrorKind::Format => py.get_type::<FormatError>(),
        ErrorKind::Convergence => py.get_type::<ConvergenceError>(),
        ErrorKind::Internal => py.get_type::<RelmapError>(),
    }
}

/// Converts a core error into the exception of its kind, with `code` and `field` set.
pub fn to_py(err: impl Into<relmap::Error>) -> PyErr {
    let err: relmap::Error = err.into();
    coded(err.error_code(), err.to_string(), err.field())
}

/// An exception of the class of `code`'s kind, with `code` and `field` set.
pub fn coded(code: ErrorCode, message: String, field: Option<&str>) -> PyErr {
    Python::attach(|py| exception(&class_of(py, code.kind()), message, code.as_str(), field))
}

/// `relmap._relmap._error(code, message, field)`: the exception of a core error code,
/// for the pure-Python layer's own checks (dtypes, shapes, ids), so they carry
/// `code` and `field` and fall in the class the core's kind decides.
#[pyfunction]
#[pyo3(name = "_error", signature = (code, message, field = None))]
pub fn make_error(py: Python<'_>, code: &str, message: String, field: Option<&str>) -> PyResult<Py<PyAny>> {
    let code =
        ErrorCode::from_text(code).ok_or_else(|| invalid_argument("code", format!("unknown error code {code:?}")))?;
    Ok(coded(code, message, field).into_value(py).into_any())
}

/// `relmap._relmap._error_codes()`: every code with its kind and the name of the
/// exception class it raises (the tables of `docs/errors.md`).
#[pyfunction]
#[pyo3(name = "_error_codes")]
pub fn error_codes(py: Python<'_>) -> PyResult<Vec<(&'static str, &'static str, String)>> {
    ErrorCode::ALL
        .iter()
        .map(|c| Ok((c.as_str(), c.kind().as_str(), class_of(py, c.kind()).name()?.to_string())))
        .collect()
}

/// A `ValidationError` (`invalid_argument`) for an argument that cannot be converted to the core's type.
pub fn invalid_argument(field: &str, message: impl std::fmt::Display) -> PyErr {
    coded(ErrorCode::InvalidArgument, format!("{field}: {message}"), Some(field))
}

/// Runs the body of an entry point, turning a panic into `RelmapError(code="internal")`.
///
/// pyo3 would raise `PanicException`, a `BaseException` that `except Exception`
/// does not catch; relmap promises that no panic crosses the boundary.
pub fn guarded<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            let message = format!("internal error in relmap (please report it): {}", panic_message(&*payload));
            Err(coded(ErrorCode::Internal, message, None))
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("panic with a non-text payload")
}

fn exception(class: &Bound<'_, PyType>, message: String, code: &str, field: Option<&str>) -> PyErr {
    let py = class.py();
    let err = PyErr::from_type(class.clone(), message);
    let value = err.value(py);
    if let Err(e) = value.setattr("code", code).and_then(|()| value.setattr("field", field)) {
        return e;
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;
    use relmap::model::ModelError;

    fn attr(py: Python<'_>, err: &PyErr, name: &str) -> Option<String> {
        err.value(py).getattr(name).unwrap().extract().unwrap()
    }

    #[test]
    fn model_errors_become_validation_errors_with_code_and_field() {
        Python::initialize();
        let err = to_py(ModelError::UnknownReference {
            kind: "stakeholder",
            id: "nobody".into(),
            field: "relations[0].target".into(),
        });
        Python::attach(|py| {
            assert!(err.is_instance_of::<ValidationError>(py));
            assert!(err.is_instance_of::<RelmapError>(py));
            assert!(err.is_instance_of::<PyValueError>(py));
            assert_eq!(attr(py, &err, "code").as_deref(), Some("unknown_reference"));
            assert_eq!(attr(py, &err, "field").as_deref(), Some("relations[0].target"));
            assert!(err.value(py).to_string().contains("nobody"));
        });
    }

    #[test]
    fn format_errors_become_format_errors() {
        Python::initialize();
        let err = to_py(relmap::RelationshipMap::from_json("{").unwrap_err());
        Python::attach(|py| {
            assert!(err.is_instance_of::<FormatError>(py));
            assert_eq!(attr(py, &err, "code").as_deref(), Some("json_syntax"));
            assert_eq!(attr(py, &err, "field"), None);
        });
    }

    #[test]
    fn failures_to_converge_become_convergence_errors() {
        Python::initialize();
        let err = to_py(relmap::chain::ChainError::NotConverged {
            quantity: "decision_influence",
            iterations: 3,
            residual: 0.5,
        });
        Python::attach(|py| {
            assert!(err.is_instance_of::<ConvergenceError>(py));
            assert_eq!(attr(py, &err, "code").as_deref(), Some("not_converged"));
            assert_eq!(attr(py, &err, "field").as_deref(), Some("max_iterations"));
        });
    }

    #[test]
    fn a_panic_becomes_a_relmap_error() {
        Python::initialize();
        let result: PyResult<()> = guarded(|| panic!("index out of bounds"));
        let err = result.unwrap_err();
        Python::attach(|py| {
            assert!(err.is_instance_of::<RelmapError>(py));
            assert_eq!(attr(py, &err, "code").as_deref(), Some("internal"));
            assert!(err.value(py).to_string().contains("index out of bounds"));
        });
    }

    #[test]
    fn a_returned_error_passes_through_the_guard() {
        Python::initialize();
        let result: PyResult<()> = guarded(|| Err(invalid_argument("roles[0]", "unknown variant")));
        let err = result.unwrap_err();
        Python::attach(|py| {
            assert!(err.is_instance_of::<ValidationError>(py));
            assert_eq!(attr(py, &err, "code").as_deref(), Some("invalid_argument"));
            assert_eq!(attr(py, &err, "field").as_deref(), Some("roles[0]"));
        });
    }
}
