//! The core's defaults and JSON Schemas, as plain data: `relmap.default_*()` and
//! the test that checks the Python result records against the core's types.

use pyo3::prelude::*;
use relmap::{chain, health, matrix, render, stage, trust, value};
use schemars::JsonSchema;
use serde::Serialize;

use crate::convert::to_python;
use crate::errors::invalid_argument;

fn defaults<T: Default + Serialize>(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_python(py, &T::default())
}

/// `relmap._relmap._default(name)`: the complete default of a config, as a dict.
#[pyfunction]
#[pyo3(name = "_default")]
fn default<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    match name {
        "chain" => defaults::<chain::ChainConfig>(py),
        "trust" => defaults::<trust::TrustConfig>(py),
        "stage_model" => defaults::<stage::StageModel>(py),
        "render" => defaults::<render::RenderOptions>(py),
        "classification" => defaults::<matrix::ClassificationConfig>(py),
        "competition" => defaults::<matrix::CompetitionConfig>(py),
        "tier" => defaults::<value::TierConfig>(py),
        other => Err(invalid_argument("name", format!("no default named {other:?}"))),
    }
}

fn schema<T: JsonSchema>(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_python(py, &schemars::schema_for!(T).to_value())
}

/// `relmap._relmap._schema(name)`: the JSON Schema of a core result type, as a dict
/// (for the test that checks the Python records against the core).
#[pyfunction]
#[pyo3(name = "_schema")]
fn result_schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    match name {
        "RedFlag" => schema::<chain::RedFlag>(py),
        "ReportLine" => schema::<relmap::io::import::ReportLine>(py),
        "ImportCounts" => schema::<relmap::io::import::Counts>(py),
        "GhostStakeholder" => schema::<relmap::activity::GhostStakeholder>(py),
        "RelationEvidence" => schema::<relmap::activity::RelationEvidence>(py),
        "SuggestedRelation" => schema::<relmap::activity::SuggestedRelation>(py),
        "StrengthComponents" => schema::<relmap::activity::StrengthComponents>(py),
        "ActivityStrength" => schema::<relmap::activity::ActivityStrength>(py),
        "AccessPath" => schema::<chain::AccessPath>(py),
        "NextBestContact" => schema::<chain::NextBestContact>(py),
        "KeyPlayer" => schema::<chain::KeyPlayer>(py),
        "Broker" => schema::<chain::Broker>(py),
        "Coverage" => schema::<chain::Coverage>(py),
        "Influencer" => schema::<chain::Influencer>(py),
        "ChainSummary" => schema::<chain::ChainSummary>(py),
        "MapDiff" => schema::<chain::MapDiff>(py),
        "StageAssessment" => schema::<stage::StageAssessment>(py),
        "DealHealth" => schema::<health::DealHealth>(py),
        "Factor" => schema::<health::Factor>(py),
        "Action" => schema::<health::Action>(py),
        "EvidenceContribution" => schema::<trust::EvidenceContribution>(py),
        "PillarScore" => schema::<trust::PillarScore>(py),
        "TrustScore" => schema::<trust::TrustScore>(py),
        "StakeholderTrust" => schema::<trust::StakeholderTrust>(py),
        "TrustCoverage" => schema::<trust::TrustCoverage>(py),
        "TrustReport" => schema::<trust::TrustReport>(py),
        "CompetitionMatrix" => schema::<matrix::CompetitionMatrix>(py),
        "ClassificationMatrix" => schema::<matrix::ClassificationMatrix>(py),
        other => Err(invalid_argument("name", format!("no schema named {other:?}"))),
    }
}

/// Adds the functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(default, m)?)?;
    m.add_function(wrap_pyfunction!(result_schema, m)?)
}
