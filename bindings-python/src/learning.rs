//! Learning from the team: merged perceptions of one account, openness fitted
//! from an account's history, and the portfolio's people and access network.
//!
//! Maps come in as `MapBase` objects and go back as JSON documents (the Python
//! layer reads them into `RelationshipMap`s); every other result is plain data
//! from the core's `Serialize` output.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use relmap::chain::ChainConfig;
use relmap::history::{self, fit_openness, FitConfig, OpennessFit, SimulationConfig, Snapshot};
use relmap::model::Portfolio;
use relmap::network::{NetworkConfig, PortfolioNetwork};
use relmap::perception::{merge_perceptions, MergeConfig, MergeRule};
use relmap::time::Timestamp;
use relmap::RelationshipMap;

use crate::convert::{config_from, deserialize_at, to_json_value, to_python};
use crate::errors::{guarded, to_py};
use crate::map::{time, PyRelationshipMap};

/// Merges perceptions `[(perceiver, map), ...]` of one account under `rule`
/// ("intersection", "union", {"share": s}, "las_and", "las_or"): a dict with the
/// consensus map as JSON (`map`) and the rest of `MergedPerceptions` as plain data.
#[pyfunction]
#[pyo3(name = "_merge_perceptions", signature = (perceptions, rule, config = None))]
fn merge<'py>(
    py: Python<'py>,
    perceptions: Vec<(String, PyRef<'py, PyRelationshipMap>)>,
    rule: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    guarded(|| {
        let rule: MergeRule = deserialize_at(to_json_value(rule, "rule")?, "rule")?;
        let cfg: MergeConfig = config_from(config)?;
        let list: Vec<(&str, &RelationshipMap)> = perceptions.iter().map(|(id, m)| (id.as_str(), &m.inner)).collect();
        let merged = py.detach(|| merge_perceptions(list, rule, &cfg)).map_err(to_py)?;
        let out = PyDict::new(py);
        out.set_item("map", merged.map.to_json())?;
        out.set_item("rule", to_python(py, &merged.rule)?)?;
        out.set_item("perceivers", merged.perceivers.clone())?;
        out.set_item("accuracy", to_python(py, &merged.accuracy)?)?;
        out.set_item("disputes", to_python(py, &merged.disputes)?)?;
        out.set_item("influence", to_python(py, &merged.influence)?)?;
        out.set_item("support", to_python(py, &merged.support)?)?;
        out.set_item("unjudged", to_python(py, &merged.unjudged)?)?;
        Ok(out)
    })
}

fn snapshots<'a>(list: &'a [(String, PyRef<'_, PyRelationshipMap>)]) -> PyResult<Vec<Snapshot<'a>>> {
    list.iter()
        .enumerate()
        .map(|(i, (at, m))| Ok(Snapshot { at: time(&format!("snapshots[{i}].at"), at)?, map: &m.inner }))
        .collect()
}

/// Fits every stakeholder's openness from snapshots `[(time, map), ...]` in time
/// order (an `OpennessFit` as plain data).
#[pyfunction]
#[pyo3(name = "_fit_openness", signature = (snapshots, config = None))]
fn fit<'py>(
    py: Python<'py>,
    snapshots: Vec<(String, PyRef<'py, PyRelationshipMap>)>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: FitConfig = config_from(config)?;
        let list = self::snapshots(&snapshots)?;
        let f = py.detach(|| fit_openness(&list, &cfg)).map_err(to_py)?;
        to_python(py, &f)
    })
}

/// Fits on every snapshot but the last and predicts it (a `history::Holdout`).
#[pyfunction]
#[pyo3(name = "_openness_holdout", signature = (snapshots, config = None))]
fn holdout<'py>(
    py: Python<'py>,
    snapshots: Vec<(String, PyRef<'py, PyRelationshipMap>)>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: FitConfig = config_from(config)?;
        let list = self::snapshots(&snapshots)?;
        let h = py.detach(|| history::holdout(&list, &cfg)).map_err(to_py)?;
        to_python(py, &h)
    })
}

/// The next stances predicted by a fit (`fit`: the plain data of `_fit_openness`) from `last`.
#[pyfunction]
#[pyo3(name = "_predict_next", signature = (fit, last, chain = None))]
fn predict<'py>(
    py: Python<'py>,
    fit: &Bound<'py, PyAny>,
    last: PyRef<'py, PyRelationshipMap>,
    chain: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let fit: OpennessFit = deserialize_at(to_json_value(fit, "fit")?, "fit")?;
        let chain: ChainConfig = config_from(chain)?;
        to_python(py, &fit.predict_next(&last.inner, &chain))
    })
}

/// `map` with every identified openness of a fit written in, as JSON.
#[pyfunction]
#[pyo3(name = "_apply_openness")]
fn apply(fit: &Bound<'_, PyAny>, map: PyRef<'_, PyRelationshipMap>) -> PyResult<String> {
    guarded(|| {
        let fit: OpennessFit = deserialize_at(to_json_value(fit, "fit")?, "fit")?;
        Ok(fit.apply_openness(&map.inner).map_err(to_py)?.to_json())
    })
}

/// A history simulated from `map` by the Friedkin–Johnsen dynamics: `[(time, map JSON), ...]`.
#[pyfunction]
#[pyo3(name = "_simulate_history", signature = (map, config = None))]
fn simulate(
    py: Python<'_>,
    map: PyRef<'_, PyRelationshipMap>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<(String, String)>> {
    guarded(|| {
        let cfg: SimulationConfig = config_from(config)?;
        let m = &map.inner;
        let steps = py.detach(|| history::simulate(m, &cfg)).map_err(to_py)?;
        Ok(steps.into_iter().map(|(at, m): (Timestamp, RelationshipMap)| (at.to_string(), m.to_json())).collect())
    })
}

/// The portfolio's people and access network, built once and asked many times.
#[pyclass(module = "relmap._relmap", name = "PortfolioNetworkBase", frozen, subclass)]
pub struct PyPortfolioNetwork {
    inner: PortfolioNetwork,
}

#[pymethods]
impl PyPortfolioNetwork {
    /// Builds the network of `maps` (one per account) under `config` (a `NetworkConfig`).
    #[new]
    #[pyo3(signature = (maps, config = None))]
    fn new(
        py: Python<'_>,
        maps: Vec<PyRef<'_, PyRelationshipMap>>,
        config: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guarded(|| {
            let cfg: NetworkConfig = config_from(config)?;
            let portfolio = Portfolio { maps: maps.iter().map(|m| m.inner.clone()).collect() };
            let inner = py.detach(|| portfolio.network(&cfg)).map_err(to_py)?;
            Ok(PyPortfolioNetwork { inner })
        })
    }

    /// The accounts, in portfolio order.
    #[getter]
    fn accounts(&self) -> Vec<String> {
        self.inner.accounts().to_vec()
    }

    /// Our team members, in order of first appearance.
    #[getter]
    fn members(&self) -> Vec<String> {
        self.inner.members().to_vec()
    }

    fn _appearances<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.appearances())
    }

    fn _people<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.people())
    }

    fn _ties<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.ties())
    }

    fn _strongest_ties<'py>(&self, py: Python<'py>, per_member: usize) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.strongest_ties(per_member))
    }

    fn _moves<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.moves())
    }

    fn _person<'py>(&self, py: Python<'py>, account: &str, stakeholder: &str) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.person(account, stakeholder))
    }

    fn _warm_paths<'py>(
        &self,
        py: Python<'py>,
        account: &str,
        stakeholder: &str,
        k: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let paths = py.detach(|| self.inner.warm_paths(account, stakeholder, k)).map_err(to_py)?;
            to_python(py, &paths)
        })
    }
}

/// Adds the learning functions and the network class to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(fit, m)?)?;
    m.add_function(wrap_pyfunction!(holdout, m)?)?;
    m.add_function(wrap_pyfunction!(predict, m)?)?;
    m.add_function(wrap_pyfunction!(apply, m)?)?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_class::<PyPortfolioNetwork>()
}
