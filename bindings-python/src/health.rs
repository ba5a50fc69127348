//! Deal health across maps and the calibration of its weights (module functions).

use pyo3::prelude::*;
use relmap::health::{
    calibrate as fit, deal_health_of_maps, CalibrationConfig, DealHealth, DealHealthConfig, Outcome, PortfolioHealth,
};
use relmap::render::ChartOptions;
use relmap::RelationshipMap;

use crate::convert::{config_from, deserialize_at, to_json_value, to_python};
use crate::errors::{guarded, to_py};
use crate::map::{time, PyRelationshipMap};

/// The portfolio view: every opportunity of every map, worst first, with the
/// factors that hurt most often, as plain data.
#[pyfunction]
#[pyo3(name = "_portfolio_deal_health", signature = (maps, as_of, config = None))]
fn portfolio_deal_health<'py>(
    py: Python<'py>,
    maps: Vec<PyRef<'py, PyRelationshipMap>>,
    as_of: &str,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: DealHealthConfig = config_from(config)?;
        let as_of = time("as_of", as_of)?;
        let maps: Vec<&RelationshipMap> = maps.iter().map(|m| &m.inner).collect();
        let view = py.detach(|| deal_health_of_maps(&maps, &cfg, as_of)).map_err(to_py)?;
        to_python(py, &view)
    })
}

/// The portfolio chart of deal health (SVG text) from the deals of a view, as
/// plain data: the core gathers them again (`PortfolioHealth::from_deals`).
#[pyfunction]
#[pyo3(name = "_deal_health_chart", signature = (deals, options = None))]
fn deal_health_chart<'py>(
    py: Python<'py>,
    deals: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<String> {
    guarded(|| {
        let deals: Vec<DealHealth> = deserialize_at(to_json_value(deals, "deals")?, "deals")?;
        let opts: ChartOptions = config_from(options)?;
        py.detach(|| relmap::render::deal_health_chart(&PortfolioHealth::from_deals(deals), &opts)).map_err(to_py)
    })
}

/// Fits the factor weights to past outcomes (dicts with `values` and `won`).
#[pyfunction]
#[pyo3(name = "_calibrate", signature = (outcomes, config = None, calibration = None))]
fn calibrate<'py>(
    py: Python<'py>,
    outcomes: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
    calibration: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let outcomes: Vec<Outcome> = deserialize_at(to_json_value(outcomes, "outcomes")?, "outcomes")?;
        let cfg: DealHealthConfig = config_from(config)?;
        let cal: CalibrationConfig = config_from(calibration)?;
        let fitted = py.detach(|| fit(&outcomes, &cfg, &cal)).map_err(to_py)?;
        to_python(py, &fitted)
    })
}

/// Adds the deal health functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(portfolio_deal_health, m)?)?;
    m.add_function(wrap_pyfunction!(deal_health_chart, m)?)?;
    m.add_function(wrap_pyfunction!(calibrate, m)?)
}
