//! The native module `relmap._relmap`: thin wrappers over the `relmap` core.
//!
//! One Rust module per domain (`map`, later `chain`, `trust`, `value`, ...);
//! every failure becomes a Python exception in `errors`, the only place
//! that knows the exception classes. No domain logic lives here: the wrappers
//! convert their arguments, call the core, and convert the result back.

use pyo3::prelude::*;

mod arrow;
mod chain;
mod convert;
mod diagnostics;
mod errors;
mod health;
mod ids;
mod importing;
mod learning;
mod map;
mod matrix;
mod schema;
mod value;
mod value_models;

/// relmap's native module; import `relmap` instead.
#[pymodule]
#[pyo3(name = "_relmap")]
fn native_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    map::register(m)?;
    importing::register(m)?;
    health::register(m)?;
    m.add_class::<chain::PyDecisionChain>()?;
    matrix::register(m)?;
    schema::register(m)?;
    value::register(m)?;
    arrow::register(m)?;
    ids::register(m)?;
    diagnostics::register(m)?;
    learning::register(m)?;
    value_models::register(m)?;
    Ok(())
}
