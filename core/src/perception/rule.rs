//! How perceptions are merged: [`MergeRule`] and [`MergeConfig`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::PerceptionError;
use crate::chain::ChainConfig;

/// Which perceived ties make the consensus map.
///
/// The *judges* of a tie are the perceivers whose map holds both of its ends; the
/// *reporters* are the judges who drew it. In JSON (and the bindings) a rule is
/// `"intersection"`, `"union"`, `"las_and"`, `"las_or"` or `{"share": 0.5}`.
///
/// ```
/// use relmap::perception::MergeRule;
/// let rule: MergeRule = serde_json::from_str(r#"{"share": 0.5}"#)?;
/// assert_eq!(rule, MergeRule::Share(0.5));
/// assert_eq!("las_and".parse::<MergeRule>().unwrap(), MergeRule::LasAnd);
/// assert_eq!(serde_json::to_string(&MergeRule::Union)?, r#""union""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MergeRule {
    /// A tie counts when every judge drew it.
    Intersection,
    /// A tie counts when any judge drew it.
    Union,
    /// A tie counts when at least this share of its judges drew it, in (0, 1]
    /// (Krackhardt's consensus structure with a threshold).
    Share(f64),
    /// Locally aggregated structure, intersection: a tie i → j counts when both i
    /// and j, as perceivers, drew it (only the ends of a tie are asked).
    LasAnd,
    /// Locally aggregated structure, union: a tie i → j counts when i or j drew it.
    LasOr,
}

impl MergeRule {
    /// The snake_case name (`share` for every share).
    pub fn as_str(&self) -> &'static str {
        match self {
            MergeRule::Intersection => "intersection",
            MergeRule::Union => "union",
            MergeRule::Share(_) => "share",
            MergeRule::LasAnd => "las_and",
            MergeRule::LasOr => "las_or",
        }
    }

    /// Whether the rule asks only the two ends of a tie (the LAS rules).
    pub fn is_local(&self) -> bool {
        matches!(self, MergeRule::LasAnd | MergeRule::LasOr)
    }

    /// Checks the share of a `share` rule.
    pub fn validate(&self) -> Result<(), PerceptionError> {
        match *self {
            MergeRule::Share(s) if !(s.is_finite() && s > 0.0 && s <= 1.0) => Err(PerceptionError::InvalidConfig {
                field: "rule.share".into(),
                value: s,
                expected: "0..=1 (0 excluded)",
            }),
            _ => Ok(()),
        }
    }

    /// Whether a tie is kept, given how many of the asked perceivers drew it.
    pub(crate) fn keeps(&self, reporters: usize, asked: usize) -> bool {
        match *self {
            MergeRule::Intersection | MergeRule::LasAnd => asked > 0 && reporters == asked,
            MergeRule::Union | MergeRule::LasOr => reporters > 0,
            // A share at or above the threshold counts (up to rounding of the product).
            MergeRule::Share(s) => reporters > 0 && reporters as f64 >= s * asked as f64 - 1e-9,
        }
    }
}

impl std::fmt::Display for MergeRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeRule::Share(s) => write!(f, "share {s}"),
            other => f.write_str(other.as_str()),
        }
    }
}

impl std::str::FromStr for MergeRule {
    type Err = String;
    /// `intersection`, `union`, `las_and`, `las_or` or `share:0.5`.
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "intersection" => Ok(MergeRule::Intersection),
            "union" => Ok(MergeRule::Union),
            "las_and" => Ok(MergeRule::LasAnd),
            "las_or" => Ok(MergeRule::LasOr),
            _ => s.strip_prefix("share:").and_then(|v| v.trim().parse().ok()).map(MergeRule::Share).ok_or_else(|| {
                format!("unknown merge rule {s:?}; expected intersection, union, las_and, las_or or share:<0..1>")
            }),
        }
    }
}

/// How the perceivers' stances of one person become the consensus stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StanceRule {
    /// The median of the known stances (the mean of the middle two for an even count).
    #[default]
    Median,
    /// The mean of the known stances.
    Mean,
}

/// Every tunable number of a merge; defaults in `docs/perceptions.md`.
///
/// ```
/// use relmap::perception::MergeConfig;
/// let cfg = MergeConfig::default();
/// assert_eq!((cfg.role_share, cfg.min_stance_range), (0.5, 2.0));
/// assert!(cfg.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MergeConfig {
    /// The influence model behind the influence ranges and the disputes' stakes.
    pub chain: ChainConfig,
    /// For the LAS rules: perceiver id → the stakeholder id of that person on the
    /// map. A perceiver left out is looked up under their own id.
    pub perceivers: BTreeMap<String, String>,
    /// How stances combine (default median).
    pub stance: StanceRule,
    /// A role is kept when at least this share of the perceivers who know the
    /// person give it (default 0.5).
    pub role_share: f64,
    /// Stances of one person whose range (max − min) reaches this are a dispute
    /// (default 2 steps of the −5..+5 scale).
    pub min_stance_range: f64,
}

impl Default for MergeConfig {
    fn default() -> Self {
        MergeConfig {
            chain: ChainConfig::default(),
            perceivers: BTreeMap::new(),
            stance: StanceRule::Median,
            role_share: 0.5,
            min_stance_range: 2.0,
        }
    }
}

impl MergeConfig {
    /// Checks the numbers (the chain config included).
    ///
    /// ```
    /// use relmap::perception::MergeConfig;
    /// let bad = MergeConfig { role_share: 0.0, ..Default::default() };
    /// assert_eq!(bad.validate().unwrap_err().code(), "invalid_config");
    /// ```
    pub fn validate(&self) -> Result<(), PerceptionError> {
        if !(self.role_share.is_finite() && self.role_share > 0.0 && self.role_share <= 1.0) {
            return Err(PerceptionError::InvalidConfig {
                field: "role_share".into(),
                value: self.role_share,
                expected: "0..=1 (0 excluded)",
            });
        }
        if !(self.min_stance_range.is_finite() && self.min_stance_range >= 0.0) {
            return Err(PerceptionError::InvalidConfig {
                field: "min_stance_range".into(),
                value: self.min_stance_range,
                expected: ">= 0",
            });
        }
        self.chain.validate().map_err(|source| PerceptionError::Analysis { source, field: "chain".into() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_keep_ties_by_their_counts() {
        assert!(MergeRule::Intersection.keeps(3, 3) && !MergeRule::Intersection.keeps(2, 3));
        assert!(MergeRule::Union.keeps(1, 3) && !MergeRule::Union.keeps(0, 3));
        assert!(MergeRule::Share(0.5).keeps(2, 4) && !MergeRule::Share(0.5).keeps(1, 3));
        assert!(MergeRule::Share(2.0 / 3.0).keeps(2, 3));
        assert!(MergeRule::LasAnd.keeps(2, 2) && !MergeRule::LasAnd.keeps(1, 2) && !MergeRule::LasAnd.keeps(0, 0));
        assert!(MergeRule::LasOr.keeps(1, 2));
    }

    #[test]
    fn bad_shares_and_names_are_refused() {
        for s in [0.0, -0.1, 1.5, f64::NAN] {
            let e = MergeRule::Share(s).validate().unwrap_err();
            assert_eq!((e.code(), e.field()), ("invalid_config", Some("rule.share")));
        }
        assert!("majority".parse::<MergeRule>().is_err());
        assert_eq!("share:0.25".parse::<MergeRule>().unwrap(), MergeRule::Share(0.25));
        assert!(serde_json::from_str::<MergeRule>(r#""share""#).is_err());
        let e = MergeConfig { min_stance_range: -1.0, ..Default::default() }.validate().unwrap_err();
        assert_eq!(e.field(), Some("min_stance_range"));
    }
}
