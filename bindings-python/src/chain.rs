//! `relmap._relmap.ChainCore`: the decision-chain result, read by `relmap.DecisionChain`.

use std::collections::HashMap;

use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};
use relmap::chain::{DecisionChain, SummaryLengths};
use relmap::render::Overlay;

use crate::convert::{to_python, value_or_default};
use crate::errors::{guarded, invalid_argument, to_py};
use crate::map::PyRelationshipMap;

/// The decision-chain analysis of one map (wrapped by `relmap.DecisionChain`).
#[pyclass(module = "relmap._relmap", name = "ChainCore", frozen)]
pub struct PyDecisionChain {
    inner: DecisionChain,
}

impl From<DecisionChain> for PyDecisionChain {
    fn from(inner: DecisionChain) -> Self {
        PyDecisionChain { inner }
    }
}

impl PyDecisionChain {
    /// A per-stakeholder vector as a dict by id.
    fn by_id<T: Clone>(&self, values: &[T]) -> HashMap<String, T> {
        self.inner.stakeholder_ids().iter().cloned().zip(values.iter().cloned()).collect()
    }
}

#[pymethods]
impl PyDecisionChain {
    /// Reads a result written by `to_json`.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, text: String) -> PyResult<Self> {
        guarded(|| {
            let chain: DecisionChain = py
                .detach(|| serde_json::from_str(&text))
                .map_err(|e| invalid_argument("text", format!("not a decision-chain document: {e}")))?;
            Ok(chain.into())
        })
    }

    /// The whole result as JSON (what pickling stores).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| py.detach(|| serde_json::to_string(&self.inner)).map_err(|e| invalid_argument("result", e)))
    }

    /// The account id.
    #[getter]
    fn account(&self) -> String {
        self.inner.account().to_owned()
    }

    /// The analysis date as RFC 3339 text (None if the map held nothing dated).
    #[getter]
    fn as_of(&self) -> Option<String> {
        self.inner.as_of().map(|t| t.to_string())
    }

    /// Stakeholder ids in map order.
    #[getter]
    fn stakeholder_ids(&self) -> Vec<String> {
        self.inner.stakeholder_ids().to_vec()
    }

    /// Predicted support S in [−1, 1].
    #[getter]
    fn predicted_support(&self) -> f64 {
        self.inner.predicted_support()
    }

    /// Iterations of the two solves (decision influence, predicted stance).
    #[getter]
    fn iterations(&self) -> (usize, usize) {
        let [a, b] = self.inner.iterations();
        (a, b)
    }

    /// Decision influence by stakeholder id.
    fn influence(&self) -> HashMap<String, f64> {
        self.by_id(self.inner.decision_influence())
    }

    /// Predicted stance of each stakeholder by id.
    fn predicted_stance(&self) -> HashMap<String, f64> {
        self.by_id(self.inner.predicted_stances())
    }

    /// Stance as given (None = unknown), by id.
    fn stance(&self) -> HashMap<String, Option<f64>> {
        self.by_id(self.inner.stances())
    }

    /// The per-stakeholder columns as numpy arrays, in map order (stance and
    /// threads NaN where unknown / not a key player, betweenness absent when not computed).
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let c = &self.inner;
        let out = PyDict::new(py);
        let floats = |v: &[f64]| PyArray1::from_slice(py, v);
        let nan_for_none = |v: Vec<Option<f64>>| v.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect::<Vec<_>>();
        out.set_item("influence", floats(c.decision_influence()))?;
        out.set_item("authority", floats(c.authority()))?;
        out.set_item("openness", floats(c.openness()))?;
        out.set_item("stance", nan_for_none(c.stances().to_vec()).into_pyarray(py))?;
        out.set_item("predicted_stance", floats(c.predicted_stances()))?;
        out.set_item("tie", floats(c.ties()))?;
        out.set_item("covered", c.covered().to_vec().into_pyarray(py))?;
        out.set_item("reachability", floats(c.reachability()))?;
        out.set_item("contact_gain", c.contact_gains().into_pyarray(py))?;
        let threads = nan_for_none(c.threads().iter().map(|t| t.map(f64::from)).collect());
        out.set_item("threads", threads.into_pyarray(py))?;
        if let Some(b) = c.betweenness() {
            out.set_item("betweenness", floats(b))?;
        }
        Ok(out)
    }

    /// Red flags, most severe first, as dicts (code, severity, ids, reason).
    fn red_flags<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.red_flags())
    }

    /// Next best contacts, highest gain first, as dicts.
    fn next_best_contacts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.next_best_contacts())
    }

    /// Key players, most influential first, as dicts.
    fn key_players<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.key_players())
    }

    /// Brokers of the key players, as dicts.
    fn brokers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.brokers())
    }

    /// Coverage of decision influence, as a dict.
    fn coverage<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.inner.coverage())
    }

    /// The `n` most influential stakeholders, as dicts.
    fn top_influencers<'py>(&self, py: Python<'py>, n: usize) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.top_influencers(n))
    }

    /// The most reliable access path to a stakeholder as a dict, None if unreachable.
    fn best_path<'py>(&self, py: Python<'py>, to: &str) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| to_python(py, &self.inner.best_path(to).map_err(to_py)?))
    }

    /// The `k` most reliable loopless access paths to a stakeholder, best first.
    fn access_paths<'py>(&self, py: Python<'py>, to: &str, k: usize) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| to_python(py, &py.detach(|| self.inner.access_paths(to, k)).map_err(to_py)?))
    }

    /// The best path and the configured number of alternatives, best first.
    fn alternative_paths<'py>(&self, py: Python<'py>, to: &str) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| to_python(py, &py.detach(|| self.inner.alternative_paths(to)).map_err(to_py)?))
    }

    /// The summary as a dict; `lengths` (top_influencers, next_best_contacts) over the defaults.
    #[pyo3(signature = (lengths = None))]
    fn summary<'py>(&self, py: Python<'py>, lengths: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let lengths: SummaryLengths = value_or_default(lengths, "lengths")?;
            to_python(py, &self.inner.summary(lengths))
        })
    }

    /// The text report (the Rust `Display`: the summary of the default lengths).
    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    /// The render overlay of this chain on `map` (the map it was computed on), with
    /// our best path to `highlight` instead of to the economic buyer when given.
    #[pyo3(signature = (map, highlight = None))]
    fn overlay<'py>(
        &self,
        py: Python<'py>,
        map: PyRef<'py, PyRelationshipMap>,
        highlight: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let overlay = Overlay::from_chain(&map.inner, &self.inner);
            let overlay = match highlight {
                Some(to) => overlay.highlighting(&self.inner, to).map_err(to_py)?,
                None => overlay,
            };
            to_python(py, &overlay)
        })
    }
}
