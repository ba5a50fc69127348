//! The customer classification matrix (portfolio level, so a module function).

use pyo3::prelude::*;
use relmap::matrix::{classify, classify_accounts as classify_maps, AccountPoint, ClassificationConfig};
use relmap::trust::TrustConfig;
use relmap::RelationshipMap;

use crate::convert::{config_from, deserialize, to_json_value, to_python};
use crate::errors::{guarded, to_py};
use crate::map::{time, PyRelationshipMap};

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

/// Places accounts on the classification matrix with the relationship axis from
/// the trust of their maps as of `as_of` (`values`: account id, value).
#[pyfunction]
#[pyo3(name = "_classify_portfolio", signature = (maps, values, as_of, trust_config = None, config = None))]
fn classify_portfolio<'py>(
    py: Python<'py>,
    maps: Vec<PyRef<'py, PyRelationshipMap>>,
    values: Vec<(String, f64)>,
    as_of: &str,
    trust_config: Option<&Bound<'py, PyAny>>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let trust: TrustConfig = config_from(trust_config)?;
        let cfg: ClassificationConfig = config_from(config)?;
        let as_of = time("as_of", as_of)?;
        let maps: Vec<&RelationshipMap> = maps.iter().map(|m| &m.inner).collect();
        let matrix = py.detach(|| classify_maps(&maps, &values, &trust, as_of, &cfg)).map_err(to_py)?;
        to_python(py, &matrix)
    })
}

/// Adds the matrix functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(classify_accounts, m)?)?;
    m.add_function(wrap_pyfunction!(classify_portfolio, m)?)
}
