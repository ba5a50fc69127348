//! The rules of deal health: factor codes, their weights and every threshold.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::HealthError;
use crate::chain::ChainConfig;
use crate::matrix::CompetitionConfig;
use crate::model::MeddpiccElement;

macro_rules! factors {
    ($($(#[doc = $doc:literal])* $variant:ident $name:ident = $weight:literal;)*) => {
        /// What a factor of deal health measures (a stable code, the same in every language).
        ///
        /// Each factor has a value x in [−1, 1] (how far it holds, signed so that
        /// +1 helps the deal) and a weight w in points; its impact on the score is w·x.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum FactorCode {
            $($(#[doc = $doc])* $variant,)*
        }

        impl FactorCode {
            /// Every factor, in the order of `docs/deal-health.md`.
            pub const ALL: &'static [FactorCode] = &[$(FactorCode::$variant,)*];

            /// The snake_case code.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FactorCode::$variant => stringify!($name),)*
                }
            }
        }

        /// Points at stake for each factor: a factor with value x moves the score by weight·x.
        ///
        /// ```
        /// use relmap::health::{FactorCode, FactorWeights};
        /// let w = FactorWeights::default();
        /// assert_eq!(w.get(FactorCode::NoPower), 8.0);
        /// ```
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(default, deny_unknown_fields)]
        pub struct FactorWeights {
            $($(#[doc = $doc])* pub $name: f64,)*
        }

        impl Default for FactorWeights {
            fn default() -> Self {
                FactorWeights { $($name: $weight,)* }
            }
        }

        impl FactorWeights {
            /// The weight of a factor.
            pub fn get(&self, code: FactorCode) -> f64 {
                match code {
                    $(FactorCode::$variant => self.$name,)*
                }
            }

            /// Sets the weight of a factor.
            pub fn set(&mut self, code: FactorCode, weight: f64) {
                match code {
                    $(FactorCode::$variant => self.$name = weight,)*
                }
            }
        }
    };
}

factors! {
    /// MEDDPICC metrics graded green (+1), yellow (0), red or not assessed (−1).
    MeddpiccMetrics meddpicc_metrics = 3.0;
    /// MEDDPICC economic buyer graded.
    MeddpiccEconomicBuyer meddpicc_economic_buyer = 4.0;
    /// MEDDPICC decision criteria graded.
    MeddpiccDecisionCriteria meddpicc_decision_criteria = 3.0;
    /// MEDDPICC decision process graded.
    MeddpiccDecisionProcess meddpicc_decision_process = 4.0;
    /// MEDDPICC paper process graded.
    MeddpiccPaperProcess meddpicc_paper_process = 3.0;
    /// MEDDPICC identified pain graded.
    MeddpiccIdentifiedPain meddpicc_identified_pain = 4.0;
    /// MEDDPICC champion graded.
    MeddpiccChampion meddpicc_champion = 5.0;
    /// MEDDPICC competition graded.
    MeddpiccCompetition meddpicc_competition = 3.0;
    /// Every economic buyer covered by a tie (+1), or one uncovered or none identified (−1).
    EconomicBuyerAccess economic_buyer_access = 8.0;
    /// Predicted support S of the decision chain, in [−1, 1].
    PredictedSupport predicted_support = 10.0;
    /// Minus the decision influence held by high-influence opponents.
    OpponentInfluence opponent_influence = 12.0;
    /// Minus the share of key-player influence reached by fewer than `min_threads` paths.
    SingleThreaded single_threaded = 5.0;
    /// Key players' trust composite, influence-weighted, mapped from 0..100 to −1..1.
    KeyPlayerTrust key_player_trust = 6.0;
    /// Minus the share of key-player influence not met within `stale_days`.
    KeyPlayerNotMet key_player_not_met = 6.0;
    /// −1 when nobody with formal authority ≥ `power_min_authority` was met within `power_days` ("no power").
    NoPower no_power = 8.0;
    /// −1 when the champion was not met within `ghosted_days` ("ghosted").
    ChampionGhosted champion_ghosted = 6.0;
    /// −1 when the MEDDPICC champion is named but not tested.
    ChampionUntested champion_untested = 3.0;
    /// −1 when the declared stage is ahead of the milestones.
    StageAheadOfEvidence stage_ahead_of_evidence = 5.0;
    /// Minus how far the time in the current stage exceeds its norm, relative to the norm (at most 1).
    StalledInStage stalled_in_stage = 5.0;
    /// Our rank in the competition matrix: first +1 … last −1.
    CompetitivePosition competitive_position = 6.0;
    /// Blue Sheet response modes of the buying influences, influence-weighted:
    /// growth and trouble +1, even keel −0.5, overconfident −1.
    ResponseModes response_modes = 4.0;
}

impl FactorCode {
    /// The factor that grades a MEDDPICC element.
    pub fn of_element(element: MeddpiccElement) -> FactorCode {
        match element {
            MeddpiccElement::Metrics => FactorCode::MeddpiccMetrics,
            MeddpiccElement::EconomicBuyer => FactorCode::MeddpiccEconomicBuyer,
            MeddpiccElement::DecisionCriteria => FactorCode::MeddpiccDecisionCriteria,
            MeddpiccElement::DecisionProcess => FactorCode::MeddpiccDecisionProcess,
            MeddpiccElement::PaperProcess => FactorCode::MeddpiccPaperProcess,
            MeddpiccElement::IdentifiedPain => FactorCode::MeddpiccIdentifiedPain,
            MeddpiccElement::Champion => FactorCode::MeddpiccChampion,
            MeddpiccElement::Competition => FactorCode::MeddpiccCompetition,
        }
    }

    /// The MEDDPICC element a factor grades, if it is one of those.
    pub fn element(self) -> Option<MeddpiccElement> {
        MeddpiccElement::ALL.into_iter().find(|&e| FactorCode::of_element(e) == self)
    }
}

impl std::fmt::Display for FactorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every rule and threshold of [`crate::RelationshipMap::deal_health`] (defaults in `docs/deal-health.md`).
///
/// ```
/// use relmap::health::DealHealthConfig;
/// let cfg = DealHealthConfig::default();
/// assert_eq!((cfg.base, cfg.healthy_at, cfg.at_risk_at), (50.0, 65.0, 40.0));
/// assert!(cfg.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DealHealthConfig {
    /// The score before any factor (default 50).
    pub base: f64,
    /// Points at stake per factor.
    pub weights: FactorWeights,
    /// A score at or above this is `healthy` (default 65).
    pub healthy_at: f64,
    /// A score at or above this (and below `healthy_at`) is `at_risk`; below it `critical` (default 40).
    pub at_risk_at: f64,
    /// The decision chain behind the chain, trust and stage factors (its key
    /// players, coverage threshold, `stale_days`, opponent rule, trust config and stage model).
    pub chain: ChainConfig,
    /// The competition matrix behind `competitive_position`.
    pub competition: CompetitionConfig,
    /// Formal authority at or above which a stakeholder has "power" (default 0.7: economic buyers and decision makers).
    pub power_min_authority: f64,
    /// Days within which someone with power must have been met (default 60).
    pub power_days: f64,
    /// Days of silence after which the champion counts as ghosted (default 30).
    pub ghosted_days: f64,
    /// Expected days in each stage, by stage key; past it a deal is stalled.
    pub stage_norm_days: BTreeMap<String, f64>,
    /// Expected days in a stage not listed in `stage_norm_days` (default 60).
    pub default_stage_norm_days: f64,
    /// How many actions to suggest (default 3).
    pub actions: usize,
}

impl Default for DealHealthConfig {
    fn default() -> Self {
        let norms = [
            ("qualification", 30.0),
            ("needs_analysis", 45.0),
            ("solution", 45.0),
            ("evaluation", 60.0),
            ("negotiation", 30.0),
        ];
        DealHealthConfig {
            base: 50.0,
            weights: FactorWeights::default(),
            healthy_at: 65.0,
            at_risk_at: 40.0,
            chain: ChainConfig::default(),
            competition: CompetitionConfig::default(),
            power_min_authority: 0.7,
            power_days: 60.0,
            ghosted_days: 30.0,
            stage_norm_days: norms.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            default_stage_norm_days: 60.0,
            actions: 3,
        }
    }
}

fn invalid(field: impl Into<String>, value: f64, expected: &'static str) -> HealthError {
    HealthError::InvalidConfig { field: field.into(), value, expected }
}

impl DealHealthConfig {
    /// Checks every number of the health rules (the chain config is checked when the chain runs).
    ///
    /// ```
    /// use relmap::health::DealHealthConfig;
    /// let bad = DealHealthConfig { healthy_at: 30.0, ..DealHealthConfig::default() };
    /// assert_eq!(bad.validate().unwrap_err().code(), "invalid_config");
    /// ```
    pub fn validate(&self) -> Result<(), HealthError> {
        for &code in FactorCode::ALL {
            let w = self.weights.get(code);
            if !w.is_finite() {
                return Err(invalid(format!("weights.{code}"), w, "a finite number"));
            }
        }
        if !self.base.is_finite() {
            return Err(invalid("base", self.base, "a finite number"));
        }
        if !(self.at_risk_at.is_finite() && (0.0..=100.0).contains(&self.at_risk_at)) {
            return Err(invalid("at_risk_at", self.at_risk_at, "0..=100"));
        }
        if !(self.healthy_at.is_finite() && self.healthy_at >= self.at_risk_at && self.healthy_at <= 100.0) {
            return Err(invalid("healthy_at", self.healthy_at, "at_risk_at..=100"));
        }
        if !(self.power_min_authority.is_finite() && (0.0..=1.0).contains(&self.power_min_authority)) {
            return Err(invalid("power_min_authority", self.power_min_authority, "0..=1"));
        }
        let positive = [
            ("power_days", self.power_days),
            ("ghosted_days", self.ghosted_days),
            ("default_stage_norm_days", self.default_stage_norm_days),
        ];
        for (field, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return Err(invalid(field, v, "> 0"));
            }
        }
        for (stage, &v) in &self.stage_norm_days {
            if !(v.is_finite() && v > 0.0) {
                return Err(invalid(format!("stage_norm_days.{stage}"), v, "> 0"));
            }
        }
        Ok(())
    }
}
