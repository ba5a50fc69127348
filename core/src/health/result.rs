//! What deal health returns.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::FactorCode;
use crate::model::{MeddpiccElement, Pillar};
use crate::time::Timestamp;

/// Where a deal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// Below `at_risk_at`.
    Critical,
    /// From `at_risk_at` up to `healthy_at`.
    AtRisk,
    /// At or above `healthy_at`.
    Healthy,
}

impl HealthStatus {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Critical => "critical",
            HealthStatus::AtRisk => "at_risk",
            HealthStatus::Healthy => "healthy",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            HealthStatus::Critical => "危急",
            HealthStatus::AtRisk => "有风险",
            HealthStatus::Healthy => "健康",
        }
    }
}

impl fmt::Display for HealthStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One explained factor: how many points it gained or lost, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Factor {
    /// What it measures.
    pub code: FactorCode,
    /// Points gained (> 0) or lost (< 0): `weight × value`.
    pub impact: f64,
    /// The factor's value x in [−1, 1].
    pub value: f64,
    /// The weight (points at stake).
    pub weight: f64,
    /// The stakeholder ids involved.
    pub ids: Vec<String>,
    /// Why, in English, naming people by name (their ids are in `ids`).
    pub reason: String,
    /// Why, in Chinese.
    pub reason_zh: String,
}

/// A suggested next step: who, which trust pillar, which MEDDPICC element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Action {
    /// The factor it would repair.
    pub code: FactorCode,
    /// Points it would recover at most (minus the factor's impact).
    pub gain: f64,
    /// The stakeholder to work on.
    pub stakeholder: Option<String>,
    /// The trust pillar to raise with them.
    pub pillar: Option<Pillar>,
    /// The MEDDPICC element to qualify.
    pub element: Option<MeddpiccElement>,
    /// What to do, in English, naming people by name (the id is in `stakeholder`).
    pub action: String,
    /// What to do, in Chinese.
    pub action_zh: String,
}

/// The health of one opportunity, with its reasoning.
///
/// Displays as a short report, e.g.
/// `hd_cloud_2026: 38 critical` followed by one line per factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DealHealth {
    /// The account id.
    pub account: String,
    /// The opportunity id.
    pub opportunity: String,
    /// The opportunity name.
    pub name: String,
    /// The date the health is computed at.
    pub as_of: Timestamp,
    /// The score in 0..=100: `base + Σ impact`, limited to 0..=100.
    pub score: f64,
    /// `base + Σ impact` before the limit.
    pub raw_score: f64,
    /// The status the score gives.
    pub status: HealthStatus,
    /// Factors with a non-zero impact: losses first (largest loss first), then gains (largest first).
    pub factors: Vec<Factor>,
    /// Suggested actions, largest gain first (at most `actions` of the config).
    pub actions: Vec<Action>,
    /// The value x of every factor (zeros included): the input of the calibration.
    pub values: BTreeMap<FactorCode, f64>,
}

impl DealHealth {
    /// The factor with this code, if it moved the score.
    pub fn factor(&self, code: FactorCode) -> Option<&Factor> {
        self.factors.iter().find(|f| f.code == code)
    }
}

impl fmt::Display for DealHealth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {:.0} {}", self.opportunity, self.score, self.status)?;
        for x in &self.factors {
            writeln!(f, "  {:+6.1} {:<28} {}", x.impact, x.code.as_str(), x.reason)?;
        }
        for a in &self.actions {
            writeln!(f, "  → {}", a.action)?;
        }
        Ok(())
    }
}

/// How often a factor hurts across a portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FactorTally {
    /// The factor.
    pub code: FactorCode,
    /// Deals where it lost points.
    pub deals: usize,
    /// Points it lost over all those deals (≤ 0).
    pub total_impact: f64,
}

/// Deal health of every opportunity in a portfolio, for a sales manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PortfolioHealth {
    /// Every deal, worst score first.
    pub deals: Vec<DealHealth>,
    /// The factors that hurt, most often first (then by points lost).
    pub common_factors: Vec<FactorTally>,
    /// Deals per status: critical, at risk, healthy.
    pub counts: [usize; 3],
}

impl PortfolioHealth {
    /// Gathers deals (of any accounts) into the portfolio view.
    ///
    /// ```
    /// use relmap::health::PortfolioHealth;
    /// let p = PortfolioHealth::from_deals(Vec::new());
    /// assert!(p.deals.is_empty() && p.common_factors.is_empty());
    /// ```
    pub fn from_deals(mut deals: Vec<DealHealth>) -> Self {
        deals.sort_by(|a, b| a.score.total_cmp(&b.score).then_with(|| a.opportunity.cmp(&b.opportunity)));
        let mut tally: BTreeMap<FactorCode, FactorTally> = BTreeMap::new();
        let mut counts = [0; 3];
        for d in &deals {
            counts[d.status as usize] += 1;
            for x in d.factors.iter().filter(|x| x.impact < 0.0) {
                let t = tally.entry(x.code).or_insert(FactorTally { code: x.code, deals: 0, total_impact: 0.0 });
                t.deals += 1;
                t.total_impact += x.impact;
            }
        }
        let mut common_factors: Vec<FactorTally> = tally.into_values().collect();
        common_factors.sort_by(|a, b| b.deals.cmp(&a.deals).then(a.total_impact.total_cmp(&b.total_impact)));
        PortfolioHealth { deals, common_factors, counts }
    }
}
