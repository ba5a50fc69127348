//! The importers (`relmap.io.import_crm`, `import_calendar`, `import_mail`) and
//! the activity analyses on a map's stored log, as plain data for the Python layer
//! (`relmap/_importing.py` builds the result objects).

use std::path::PathBuf;

use pyo3::prelude::*;
use relmap::activity::{self, ActivityConfig, GhostStakeholder, SuggestedRelation};
use relmap::io::import::{
    self, calendar, crm, mail, CalendarOptions, CrmOptions, ImportReport, MailOptions, SourceFile,
};
use relmap::RelationshipMap;

use crate::convert::{config_from, deserialize_at, to_json_value, to_python};
use crate::errors::{guarded, invalid_argument, to_py};
use crate::map::PyRelationshipMap;

/// One input: a path (a file or a folder) or a file's name and bytes.
#[derive(FromPyObject)]
pub enum Input {
    Named(String, Vec<u8>),
    Path(PathBuf),
}

/// Reads the inputs into files, in the order given (a folder's files by name).
fn files(inputs: Vec<Input>, extensions: &[&str]) -> relmap::Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    for input in inputs {
        match input {
            Input::Named(name, bytes) => out.push(SourceFile::new(name, bytes)),
            Input::Path(path) => out.extend(import::read_path(&path, extensions)?),
        }
    }
    Ok(out)
}

/// The report and its counts as one dict (`counts` is the core's `ImportReport::counts`).
fn report_data<'py>(py: Python<'py>, report: &ImportReport) -> PyResult<Bound<'py, PyAny>> {
    let mut value = serde_json::to_value(report).map_err(|e| invalid_argument("report", e))?;
    let counts = serde_json::to_value(report.counts()).map_err(|e| invalid_argument("report", e))?;
    value.as_object_mut().expect("a report is an object").insert("counts".into(), counts);
    crate::convert::from_json_value(py, &value)
}

/// `_import(kind, map, inputs, options, mapping)`: imports into `map` (None: a CRM
/// export into a new map of `options["account"]`); `mapping` is a CRM mapping's
/// JSON text; returns (map or None, report dict).
#[pyfunction]
#[pyo3(name = "_import", signature = (kind, map, inputs, options = None, mapping = None))]
fn import_any<'py>(
    py: Python<'py>,
    kind: &str,
    map: Option<PyRefMut<'py, PyRelationshipMap>>,
    inputs: Vec<Input>,
    options: Option<&Bound<'py, PyAny>>,
    mapping: Option<String>,
) -> PyResult<(Option<PyRelationshipMap>, Bound<'py, PyAny>)> {
    guarded(|| {
        let extensions = match kind {
            "crm" => crm::EXTENSIONS,
            "calendar" => calendar::EXTENSIONS,
            "mail" => mail::EXTENSIONS,
            other => return Err(invalid_argument("kind", format!("unknown importer {other:?}"))),
        };
        let files = py.detach(|| files(inputs, extensions)).map_err(to_py)?;
        // A mapping is a file format (relmap-crm-mapping/1): read by the core's own reader.
        let mapping = mapping.map(|text| crm::CrmMapping::from_json(&text)).transpose().map_err(to_py)?;
        let crm_options = |options| -> PyResult<CrmOptions> {
            let mut opts: CrmOptions = config_from(options)?;
            if mapping.is_some() {
                opts.mapping = mapping.clone();
            }
            Ok(opts)
        };
        let mut map = map;
        let (new_map, report) = match (kind, map.as_deref_mut()) {
            ("crm", None) => {
                let opts = crm_options(options)?;
                let (m, r) = py.detach(|| crm::import_new(&files, &opts)).map_err(to_py)?;
                (Some(PyRelationshipMap::from(m)), r)
            }
            (_, None) => return Err(invalid_argument("into", "give the map to import into")),
            ("crm", Some(m)) => {
                let opts = crm_options(options)?;
                (None, run(py, &mut m.inner, |map| crm::import(map, &files, &opts))?)
            }
            ("calendar", Some(m)) => {
                let opts: CalendarOptions = config_from(options)?;
                (None, run(py, &mut m.inner, |map| calendar::import(map, &files, &opts))?)
            }
            (_, Some(m)) => {
                let opts: MailOptions = config_from(options)?;
                (None, run(py, &mut m.inner, |map| mail::import(map, &files, &opts))?)
            }
        };
        Ok((new_map, report_data(py, &report)?))
    })
}

fn run(
    py: Python<'_>,
    map: &mut RelationshipMap,
    body: impl FnOnce(&mut RelationshipMap) -> relmap::Result<ImportReport> + Send,
) -> PyResult<ImportReport> {
    py.detach(|| body(map)).map_err(to_py)
}

/// `_activity(map, analysis, config)`: one activity analysis on the map's stored log.
#[pyfunction]
#[pyo3(name = "_activity", signature = (map, analysis, config = None))]
fn activity_analysis<'py>(
    py: Python<'py>,
    map: PyRef<'py, PyRelationshipMap>,
    analysis: &str,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let cfg: ActivityConfig = config_from(config)?;
        let (m, log) = (&map.inner, map.inner.activity());
        match analysis {
            "ghost_stakeholders" => to_python(py, &activity::ghost_stakeholders(m, log, &cfg).map_err(to_py)?),
            "suggest_relations" => to_python(py, &activity::suggest_relations(m, log, &cfg).map_err(to_py)?),
            "activity_strength" => to_python(py, &activity::activity_strength(m, log, &cfg).map_err(to_py)?),
            "departures" => to_python(py, &activity::departures(m, log, &cfg).map_err(to_py)?),
            "activity" => to_python(py, log),
            other => Err(invalid_argument("analysis", format!("unknown analysis {other:?}"))),
        }
    })
}

/// `_accept_ghost(map, ghost, id)`: adds a ghost (its dict) as a stakeholder.
#[pyfunction]
#[pyo3(name = "_accept_ghost")]
fn accept_ghost(mut map: PyRefMut<'_, PyRelationshipMap>, ghost: &Bound<'_, PyAny>, id: &str) -> PyResult<()> {
    guarded(|| {
        let ghost: GhostStakeholder = deserialize_at(to_json_value(ghost, "ghost")?, "ghost")?;
        activity::accept_ghost(&mut map.inner, &ghost, id).map_err(to_py)
    })
}

/// `_accept_relation(map, suggestion)`: adds a suggested relation (its dict) to the map.
#[pyfunction]
#[pyo3(name = "_accept_relation")]
fn accept_relation(mut map: PyRefMut<'_, PyRelationshipMap>, suggestion: &Bound<'_, PyAny>) -> PyResult<()> {
    guarded(|| {
        let s: SuggestedRelation = deserialize_at(to_json_value(suggestion, "suggestion")?, "suggestion")?;
        activity::accept_relation(&mut map.inner, &s).map_err(to_py)
    })
}

/// `_crm_preset(name)`: a preset mapping as a dict (to start a mapping of your own).
#[pyfunction]
#[pyo3(name = "_crm_preset")]
fn crm_preset<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| to_python(py, &crm::preset(name).map_err(to_py)?))
}

/// Adds the import functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(import_any, m)?)?;
    m.add_function(wrap_pyfunction!(activity_analysis, m)?)?;
    m.add_function(wrap_pyfunction!(accept_ghost, m)?)?;
    m.add_function(wrap_pyfunction!(accept_relation, m)?)?;
    m.add_function(wrap_pyfunction!(crm_preset, m)?)?;
    m.add("CRM_PRESETS", crm::PRESETS.to_vec())?;
    Ok(())
}
