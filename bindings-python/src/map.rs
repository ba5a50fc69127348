//! `relmap._relmap.MapBase`: the relationship map and the analyses run on it.
//!
//! The pure-Python `relmap.RelationshipMap` subclasses it and adds the
//! notebook comforts (result objects, pandas tables, `_repr_svg_`); the
//! methods here whose names start with `_` return plain data for it.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::PyType;
use relmap::chain::{diff, ChainConfig};
use relmap::health::DealHealthConfig;
use relmap::matrix::CompetitionConfig;
use relmap::model::{Account, Evidence, Interaction, Opportunity, Relation, RelationKind, Stakeholder, TeamMember};
use relmap::render::{Overlay, RenderOptions};
use relmap::stage::StageModel;
use relmap::time::Timestamp;
use relmap::trust::TrustConfig;
use relmap::value::ChurnConfig;
use relmap::RelationshipMap;

use crate::chain::PyDecisionChain;
use crate::convert::{config_from, deserialize, deserialize_at, to_json_value, to_python, value_or_default};
use crate::errors::{guarded, invalid_argument, to_py};

/// One account's relationship map: stakeholders, org chart, relations, our team.
///
/// Always valid: every edit is checked and a bad one raises `ValidationError`
/// naming the offending id and field. Use it through `relmap.RelationshipMap`.
#[pyclass(module = "relmap._relmap", name = "MapBase", eq, subclass)]
#[derive(Clone, PartialEq)]
pub struct PyRelationshipMap {
    pub(crate) inner: RelationshipMap,
}

impl From<RelationshipMap> for PyRelationshipMap {
    fn from(inner: RelationshipMap) -> Self {
        PyRelationshipMap { inner }
    }
}

/// Reads a time argument (an RFC 3339 text or a date, as the Python layer passes it).
pub fn time(field: &str, text: &str) -> PyResult<Timestamp> {
    text.parse::<Timestamp>().map_err(|e| invalid_argument(field, e))
}

/// Reads an optional time argument.
pub fn parse_time(field: &str, text: Option<&str>) -> PyResult<Option<Timestamp>> {
    text.map(|t| time(field, t)).transpose()
}

/// Builds an instance of `cls` (the base or a Python subclass) holding `map`.
fn instance_of<'py>(cls: &Bound<'py, PyType>, map: RelationshipMap) -> PyResult<Bound<'py, PyAny>> {
    let obj = cls.call1((map.account().id.clone(),))?;
    obj.cast::<PyRelationshipMap>()?.borrow_mut().inner = map;
    Ok(obj)
}

#[pymethods]
impl PyRelationshipMap {
    #[new]
    #[pyo3(signature = (account_id, name = None))]
    fn new(account_id: String, name: Option<String>) -> PyResult<Self> {
        guarded(|| {
            let mut map = RelationshipMap::new(Account::default());
            // `set_account` checks the id (`RelationshipMap::new` takes it as given).
            map.set_account(Account::new(account_id, name.unwrap_or_default())).map_err(to_py)?;
            Ok(map.into())
        })
    }

    /// Reads a map from its JSON document (format `relmap/2`; `relmap/1` is read too).
    #[classmethod]
    fn from_json<'py>(cls: &Bound<'py, PyType>, text: String) -> PyResult<Bound<'py, PyAny>> {
        let map = guarded(|| cls.py().detach(|| RelationshipMap::from_json(&text)).map_err(to_py))?;
        instance_of(cls, map)
    }

    /// Reads a map from a JSON document file or a CSV folder.
    #[classmethod]
    fn load<'py>(cls: &Bound<'py, PyType>, path: PathBuf) -> PyResult<Bound<'py, PyAny>> {
        let map = guarded(|| cls.py().detach(|| relmap::io::load(&path)).map_err(to_py))?;
        instance_of(cls, map)
    }

    /// Writes the map as a CSV folder (the inverse of loading the folder).
    fn write_csv(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        guarded(|| py.detach(|| relmap::io::csv::write_map(&self.inner, &path)).map_err(to_py))
    }

    /// The map as a pretty-printed JSON document (format `relmap/2`).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| Ok(py.detach(|| self.inner.to_json())))
    }

    /// Removes a stakeholder nobody refers to any more; returns it (its document form).
    fn remove_stakeholder<'py>(&mut self, py: Python<'py>, id: String) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| to_python(py, &self.inner.remove_stakeholder(&id).map_err(to_py)?))
    }

    /// Removes the relation `source → target` of a kind; returns it (its document form).
    #[pyo3(signature = (source, target, *, kind = None))]
    fn remove_relation<'py>(
        &mut self,
        py: Python<'py>,
        source: String,
        target: String,
        kind: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let kind: RelationKind = value_or_default(kind, "kind")?;
            to_python(py, &self.inner.remove_relation(&source, &target, kind).map_err(to_py)?)
        })
    }

    /// Adds an entity given as its JSON-document object (`section`: "stakeholders",
    /// "relations", "team", "interactions", "evidence", "opportunities"); the core's
    /// defaults fill what is left out.
    fn _add(&mut self, section: &str, item: &Bound<'_, PyAny>) -> PyResult<()> {
        guarded(|| {
            let value = to_json_value(item, "")?;
            let map = &mut self.inner;
            match section {
                "stakeholders" => map.add_stakeholder(deserialize_at::<Stakeholder>(value, section)?),
                "relations" => map.add_relation(deserialize_at::<Relation>(value, section)?),
                "team" => map.add_team_member(deserialize_at::<TeamMember>(value, section)?),
                "interactions" => map.add_interaction(deserialize_at::<Interaction>(value, section)?),
                "evidence" => map.add_evidence(deserialize_at::<Evidence>(value, section)?),
                "opportunities" => map.add_opportunity(deserialize_at::<Opportunity>(value, section)?),
                other => return Err(invalid_argument("section", format!("unknown section {other:?}"))),
            }
            .map_err(to_py)
        })
    }

    /// Replaces the stakeholder with the same id, given as its JSON-document object.
    fn _update_stakeholder(&mut self, item: &Bound<'_, PyAny>) -> PyResult<()> {
        guarded(|| {
            let stakeholder: Stakeholder = deserialize(to_json_value(item, "")?)?;
            self.inner.update_stakeholder(stakeholder).map_err(to_py)
        })
    }

    /// One stakeholder's document form, or None for an unknown id.
    fn stakeholder<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.stakeholder(id).map(|s| to_python(py, s)).transpose()
    }

    /// The decision-chain analysis with a config given as a dict (keys over the defaults);
    /// with `previous`, also the `key_player_changed` flags against that snapshot.
    #[pyo3(signature = (config = None, previous = None))]
    fn _decision_chain(
        &self,
        py: Python<'_>,
        config: Option<&Bound<'_, PyAny>>,
        previous: Option<PyRef<'_, PyRelationshipMap>>,
    ) -> PyResult<PyDecisionChain> {
        guarded(|| {
            let cfg: ChainConfig = config_from(config)?;
            let previous = previous.as_ref().map(|p| &p.inner);
            let chain = py.detach(|| match previous {
                Some(before) => self.inner.decision_chain_since(before, &cfg, None),
                None => self.inner.decision_chain(&cfg),
            });
            chain.map(PyDecisionChain::from).map_err(to_py)
        })
    }

    /// The trust report as plain data; `as_of` None = the latest dated item in the map
    /// (or now, for a map with nothing dated).
    #[pyo3(signature = (as_of = None, config = None))]
    fn _trust<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&str>,
        config: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let cfg: TrustConfig = config_from(config)?;
            let as_of = self.inner.analysis_date(parse_time("as_of", as_of)?);
            let report = py.detach(|| self.inner.trust(&cfg, as_of)).map_err(to_py)?;
            to_python(py, &report)
        })
    }

    /// The trust of one (member, stakeholder) pair at each of `dates`, as plain data.
    #[pyo3(signature = (member, stakeholder, dates, config = None))]
    fn _trust_timeline<'py>(
        &self,
        py: Python<'py>,
        member: &str,
        stakeholder: &str,
        dates: Vec<String>,
        config: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let cfg: TrustConfig = config_from(config)?;
            let dates =
                dates.iter().enumerate().map(|(i, d)| time(&format!("dates[{i}]"), d)).collect::<PyResult<Vec<_>>>()?;
            let scores = py.detach(|| self.inner.trust_timeline(&cfg, member, stakeholder, &dates)).map_err(to_py)?;
            to_python(py, &scores)
        })
    }

    /// The relationship churn signals (dicts: signal, reason) as of a time; `as_of`
    /// None = the latest dated item in the map (or now).
    #[pyo3(signature = (as_of = None, config = None))]
    fn _churn_signals<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&str>,
        config: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let cfg: ChurnConfig = config_from(config)?;
            to_python(py, &self.inner.churn_signals(parse_time("as_of", as_of)?, &cfg).map_err(to_py)?)
        })
    }

    /// The deal health of every opportunity, as plain data; `as_of` None = the
    /// core's analysis date (the latest dated item in the map, else now).
    #[pyo3(signature = (as_of = None, config = None))]
    fn _deal_health<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&str>,
        config: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let cfg: DealHealthConfig = config_from(config)?;
            let as_of = self.inner.analysis_date(parse_time("as_of", as_of)?);
            let deals = py.detach(|| self.inner.deal_health(&cfg, as_of)).map_err(to_py)?;
            to_python(py, &deals)
        })
    }

    /// The stage assessment of every opportunity; `model` None = the default stage model.
    #[pyo3(signature = (model = None, as_of = None))]
    fn _stages<'py>(
        &self,
        py: Python<'py>,
        model: Option<&Bound<'py, PyAny>>,
        as_of: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let model: StageModel = value_or_default(model, "model")?;
            let as_of = parse_time("as_of", as_of)?;
            let stages = self.inner.stages(&model, as_of).map_err(to_py)?;
            to_python(py, &stages)
        })
    }

    /// The competition matrix of every opportunity with decision criteria.
    #[pyo3(signature = (influence = None, config = None))]
    fn _competition<'py>(
        &self,
        py: Python<'py>,
        influence: Option<std::collections::HashMap<String, f64>>,
        config: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let cfg: CompetitionConfig = config_from(config)?;
            let matrices = self.inner.competition_matrices(influence.as_ref(), &cfg).map_err(to_py)?;
            to_python(py, &matrices)
        })
    }

    /// A picture of the map: `format` "svg", "dot", "mermaid" (text) or "cytoscape" (dict).
    #[pyo3(signature = (format, overlay = None, options = None))]
    fn _render<'py>(
        &self,
        py: Python<'py>,
        format: &str,
        overlay: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let overlay: Overlay = config_from(overlay)?;
            let opts: RenderOptions = config_from(options)?;
            let map = &self.inner;
            let text = match format {
                "svg" => py.detach(|| relmap::render::svg(map, &overlay, &opts)),
                "dot" => py.detach(|| relmap::render::dot(map, &overlay, &opts)),
                "mermaid" => py.detach(|| relmap::render::mermaid(map, &overlay, &opts)),
                "cytoscape" => {
                    let cy = py.detach(|| relmap::render::cytoscape(map, &overlay, &opts)).map_err(to_py)?;
                    return crate::convert::from_json_value(py, &cy);
                }
                other => return Err(invalid_argument("format", format!("unknown format {other:?}"))),
            };
            Ok(text.map_err(to_py)?.into_pyobject(py)?.into_any())
        })
    }

    /// What changed from `before` to this map, as plain data.
    fn _diff_since<'py>(&self, py: Python<'py>, before: PyRef<'py, PyRelationshipMap>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| to_python(py, &diff(&before.inner, &self.inner)))
    }

    /// Sets (or clears, with None) a stakeholder's stance toward us, −5..+5.
    fn set_stance(&mut self, id: String, stance: Option<f64>) -> PyResult<()> {
        guarded(|| self.inner.set_stance(&id, stance).map_err(to_py))
    }

    /// The account's id.
    #[getter]
    fn account_id(&self) -> String {
        self.inner.account().id.clone()
    }

    /// The account's display name.
    #[getter]
    fn account_name(&self) -> String {
        self.inner.account().name.clone()
    }

    /// The stakeholder ids, in insertion order.
    #[getter]
    fn stakeholder_ids(&self) -> Vec<String> {
        self.inner.stakeholders().iter().map(|s| s.id.clone()).collect()
    }

    /// Our team members' ids, in insertion order.
    #[getter]
    fn team_ids(&self) -> Vec<String> {
        self.inner.team().iter().map(|m| m.id.clone()).collect()
    }

    /// The number of relations.
    #[getter]
    fn relation_count(&self) -> usize {
        self.inner.relations().len()
    }

    /// The number of stakeholders.
    fn __len__(&self) -> usize {
        self.inner.stakeholders().len()
    }

    fn __repr__(&self) -> String {
        let m = &self.inner;
        format!(
            "<RelationshipMap {:?} ({:?}): {} stakeholders, {} relations, {} team members>",
            m.account().id,
            m.account().name,
            m.stakeholders().len(),
            m.relations().len(),
            m.team().len()
        )
    }

    /// Pickles through the JSON document: `RelationshipMap.from_json(text)`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        let text = guarded(|| Ok(slf.borrow().inner.to_json()))?;
        Ok((from_json, (text,)))
    }
}

/// Adds the map class and its functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRelationshipMap>()?;
    Ok(())
}
