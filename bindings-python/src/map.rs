//! `relmap.RelationshipMap`: the model domain.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::PyType;
use relmap::model::{Account, Relation, Role, Stakeholder, TeamMember};
use relmap::RelationshipMap;
use serde::de::value::{Error as NameError, StrDeserializer};
use serde::Deserialize;

use crate::errors::{guarded, invalid_argument, to_py};

/// One account's relationship map: stakeholders, org chart, relations, our team.
///
/// Always valid: every edit is checked and a bad one raises `ValidationError`
/// naming the offending id and field.
#[pyclass(module = "relmap", name = "RelationshipMap", eq)]
#[derive(Clone, PartialEq)]
pub struct PyRelationshipMap {
    pub(crate) inner: RelationshipMap,
}

impl From<RelationshipMap> for PyRelationshipMap {
    fn from(inner: RelationshipMap) -> Self {
        PyRelationshipMap { inner }
    }
}

/// Reads one of the core's snake_case names (a role, a relation kind, ...)
/// through its serde form, so the accepted names are exactly the JSON ones.
fn parse_name<'de, T: Deserialize<'de>>(field: &str, text: &'de str) -> PyResult<T> {
    T::deserialize(StrDeserializer::<NameError>::new(text)).map_err(|e| invalid_argument(field, e))
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

    /// Reads a map from its JSON document (format `relmap/1`).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, text: String) -> PyResult<Self> {
        guarded(|| py.detach(|| RelationshipMap::from_json(&text)).map(Self::from).map_err(to_py))
    }

    /// The map as a pretty-printed JSON document (format `relmap/1`).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| Ok(py.detach(|| self.inner.to_json())))
    }

    /// Adds a stakeholder; `reports_to` must name one already in the map.
    #[pyo3(signature = (
        id, *, name = None, title = None, department = None, reports_to = None,
        roles = Vec::new(), authority = None, openness = None, stance = None
    ), text_signature = "(self, /, id, *, name=None, title=None, department=None, reports_to=None, \
                         roles=(), authority=None, openness=None, stance=None)")]
    #[allow(clippy::too_many_arguments)]
    fn add_stakeholder(
        &mut self,
        id: String,
        name: Option<String>,
        title: Option<String>,
        department: Option<String>,
        reports_to: Option<String>,
        roles: Vec<String>,
        authority: Option<f64>,
        openness: Option<f64>,
        stance: Option<f64>,
    ) -> PyResult<()> {
        guarded(|| {
            let roles = roles
                .iter()
                .enumerate()
                .map(|(i, r)| parse_name::<Role>(&format!("roles[{i}]"), r))
                .collect::<PyResult<Vec<Role>>>()?;
            let stakeholder = Stakeholder {
                id,
                name: name.unwrap_or_default(),
                title,
                department,
                reports_to,
                authority,
                openness,
                stance,
                ..Stakeholder::default()
            }
            .with_roles(roles);
            self.inner.add_stakeholder(stakeholder).map_err(to_py)
        })
    }

    /// Adds a relation between two stakeholders already in the map.
    #[pyo3(signature = (source, target, *, kind = "influences", strength = 1.0, direction = "forward"))]
    fn add_relation(
        &mut self,
        source: String,
        target: String,
        kind: &str,
        strength: f64,
        direction: &str,
    ) -> PyResult<()> {
        guarded(|| {
            let mut relation = Relation::new(source, target, parse_name("kind", kind)?, strength);
            relation.direction = parse_name("direction", direction)?;
            self.inner.add_relation(relation).map_err(to_py)
        })
    }

    /// Adds one of our team members.
    #[pyo3(signature = (id, *, name = None, role = None, title = None))]
    fn add_team_member(
        &mut self,
        id: String,
        name: Option<String>,
        role: Option<String>,
        title: Option<String>,
    ) -> PyResult<()> {
        guarded(|| {
            let member = TeamMember { id, name: name.unwrap_or_default(), role, title };
            self.inner.add_team_member(member).map_err(to_py)
        })
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

/// Loads a map from a JSON document file.
#[pyfunction]
pub fn load(py: Python<'_>, path: PathBuf) -> PyResult<PyRelationshipMap> {
    guarded(|| py.detach(|| relmap::io::load(&path)).map(PyRelationshipMap::from).map_err(to_py))
}

/// Adds the map class and its functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRelationshipMap>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    Ok(())
}
