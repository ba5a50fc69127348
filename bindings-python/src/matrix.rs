//! The customer classification matrix (portfolio level, so a module function).

use pyo3::prelude::*;
use relmap::matrix::{classify, AccountPoint, ClassificationConfig};

use crate::convert::{config_from, deserialize, to_json_value, to_python};
use crate::errors::{guarded, to_py};

/// Places accounts (dicts with id, value, relationship) on the classification matrix.
#[pyfunction]
#[pyo3(name = "_classify", signature = (points, config = None))]
fn classify_accounts<'py>(
    py: Python<'py>,
    points: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let points: Vec<AccountPoint> = deserialize(to_json_value(points, "points")?)?;
        let cfg: ClassificationConfig = config_from(config)?;
        let matrix = classify(&points, &cfg).map_err(to_py)?;
        to_python(py, &matrix)
    })
}

/// Adds the matrix functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(classify_accounts, m)?)
}
