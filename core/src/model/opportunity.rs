//! Sales opportunities on the account.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{BuyingInfluence, Meddpicc};
use crate::time::Timestamp;

/// A milestone reached in the sale, e.g. `budget_confirmed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// The milestone key used by the stage model.
    pub key: String,
    /// When it was reached.
    pub at: Timestamp,
}

/// A decision criterion and how much each stakeholder cares about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Id of the criterion, e.g. `price`.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Stakeholder id → weight (≥ 0) that person gives this criterion.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weights: BTreeMap<String, f64>,
}

/// A sales opportunity (a deal in flight) on the account.
///
/// ```
/// use relmap::model::Opportunity;
/// let o = Opportunity::new("opp1", "Cloud platform 2026");
/// assert!(o.milestones.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Opportunity {
    /// Id of the opportunity.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Expected deal size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// The competing vendors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competitors: Vec<String>,
    /// The stage the rep declares in the CRM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_stage: Option<String>,
    /// Milestones reached, with dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// Decision criteria with per-stakeholder weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Criterion>,
    /// Vendor name → criterion id → score. Our own scores are under the vendor `"us"`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vendor_scores: BTreeMap<String, BTreeMap<String, f64>>,
    /// The MEDDPICC qualification (new in `relmap/2`).
    #[serde(default, skip_serializing_if = "Meddpicc::is_empty")]
    pub meddpicc: Meddpicc,
    /// Stakeholders as Blue Sheet buying influences on this deal (new in `relmap/2`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buying_influences: Vec<BuyingInfluence>,
}

impl Opportunity {
    /// An opportunity with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Opportunity { id: id.into(), name: name.into(), ..Default::default() }
    }
}
