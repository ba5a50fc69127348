//! The one place where failures become Python exceptions.
//!
//! Every exception relmap raises derives from `relmap.RelmapError` (a
//! `ValueError`) and carries two attributes: `code`, the stable snake_case code
//! of the core's `relmap::Error::code()`, and `field`, the field, JSON path or
//! CSV column it is about (or `None`). The class says the family:
//! `ValidationError` for an invalid map or argument, `FormatError` for a
//! document or file that cannot be read, `ConvergenceError` for a model fit
//! that does not converge.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyType;

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

/// Code of an argument the binding cannot convert (e.g. an unknown role name).
pub const INVALID_ARGUMENT: &str = "invalid_argument";
/// Code of a bug caught at the boundary: a panic inside relmap.
pub const INTERNAL_PANIC: &str = "internal_panic";

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("RelmapError", py.get_type::<RelmapError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("FormatError", py.get_type::<FormatError>())?;
    m.add("ConvergenceError", py.get_type::<ConvergenceError>())?;
    m.add_function(wrap_pyfunction!(make_error, m)?)?;
    Ok(())
}

/// Codes of failures to converge (a model fit, an influence solve, a series).
const CONVERGENCE_CODES: [&str; 3] = ["not_converged", "diverged", "series_not_converged"];

/// Converts a core error into the exception of its family, with `code` and `field` set:
/// `FormatError` for a document or file, `ConvergenceError` for a computation that
/// did not converge, `ValidationError` for everything else (bad input or config).
pub fn to_py(err: impl Into<relmap::Error>) -> PyErr {
    let err: relmap::Error = err.into();
    Python::attach(|py| {
        let class = match &err {
            relmap::Error::Format(_) => py.get_type::<FormatError>(),
            _ if CONVERGENCE_CODES.contains(&err.code()) => py.get_type::<ConvergenceError>(),
            _ => py.get_type::<ValidationError>(),
        };
        exception(&class, err.to_string(), err.code(), err.field())
    })
}

/// `relmap._relmap._error(kind, message, code, field)`: an exception instance of
/// the family `kind` ("validation", "format", "convergence"), for the pure-Python
/// layer's own checks (dtypes, ids) so they carry `code` and `field` too.
#[pyfunction]
#[pyo3(name = "_error", signature = (kind, message, code, field = None))]
pub fn make_error(py: Python<'_>, kind: &str, message: String, code: &str, field: Option<&str>) -> PyResult<Py<PyAny>> {
    let class = match kind {
        "validation" => py.get_type::<ValidationError>(),
        "format" => py.get_type::<FormatError>(),
        "convergence" => py.get_type::<ConvergenceError>(),
        other => return Err(invalid_argument("kind", format!("unknown error family {other:?}"))),
    };
    Ok(exception(&class, message, code, field).into_value(py).into_any())
}

/// A `ValidationError` for an argument that cannot be converted to the core's type.
pub fn invalid_argument(field: &str, message: impl std::fmt::Display) -> PyErr {
    Python::attach(|py| {
        exception(&py.get_type::<ValidationError>(), format!("{field}: {message}"), INVALID_ARGUMENT, Some(field))
    })
}

/// Runs the body of an entry point, turning a panic into `RelmapError(code="internal_panic")`.
///
/// pyo3 would raise `PanicException`, a `BaseException` that `except Exception`
/// does not catch; relmap promises that no panic crosses the boundary.
pub fn guarded<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(Python::attach(|py| {
            let message = format!("internal error in relmap (please report it): {}", panic_message(&*payload));
            exception(&py.get_type::<RelmapError>(), message, INTERNAL_PANIC, None)
        })),
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
            assert_eq!(attr(py, &err, "code").as_deref(), Some(INTERNAL_PANIC));
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
            assert_eq!(attr(py, &err, "code").as_deref(), Some(INVALID_ARGUMENT));
            assert_eq!(attr(py, &err, "field").as_deref(), Some("roles[0]"));
        });
    }
}
