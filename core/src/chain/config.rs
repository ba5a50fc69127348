//! [`ChainConfig`]: every tunable number of the decision-chain analysis.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ChainError;
use crate::model::{Role, Stakeholder};
use crate::stage::StageModel;
use crate::time::Timestamp;
use crate::trust::TrustConfig;

/// Formal authority given by each buying role when a stakeholder has no explicit `authority`.
///
/// A stakeholder holding several roles takes the largest of their values.
///
/// ```
/// use relmap::chain::RoleAuthority;
/// use relmap::model::Role;
/// let r = RoleAuthority::default();
/// assert_eq!(r.of(Role::EconomicBuyer), 1.0);
/// assert_eq!(r.of(Role::Coach), 0.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RoleAuthority {
    /// 决策人 / 拍板人 (default 1.0).
    pub economic_buyer: f64,
    /// Member of the decision body (default 0.7).
    pub decision_maker: f64,
    /// Technical buyer, can veto (default 0.5).
    pub technical_buyer: f64,
    /// 采购 (default 0.3).
    pub purchaser: f64,
    /// 使用者 (default 0.2).
    pub user_buyer: f64,
    /// 影响者 (default 0).
    pub influencer: f64,
    /// 教练 (default 0).
    pub coach: f64,
    /// Champion (default 0).
    pub champion: f64,
    /// Gatekeeper (default 0).
    pub gatekeeper: f64,
}

impl Default for RoleAuthority {
    fn default() -> Self {
        RoleAuthority {
            economic_buyer: 1.0,
            decision_maker: 0.7,
            technical_buyer: 0.5,
            purchaser: 0.3,
            user_buyer: 0.2,
            influencer: 0.0,
            coach: 0.0,
            champion: 0.0,
            gatekeeper: 0.0,
        }
    }
}

impl RoleAuthority {
    /// The authority of one role.
    pub fn of(&self, role: Role) -> f64 {
        match role {
            Role::EconomicBuyer => self.economic_buyer,
            Role::DecisionMaker => self.decision_maker,
            Role::TechnicalBuyer => self.technical_buyer,
            Role::Purchaser => self.purchaser,
            Role::UserBuyer => self.user_buyer,
            Role::Influencer => self.influencer,
            Role::Coach => self.coach,
            Role::Champion => self.champion,
            Role::Gatekeeper => self.gatekeeper,
        }
    }

    /// A stakeholder's formal authority: the explicit value, else the largest role value (0 with no role).
    ///
    /// ```
    /// use relmap::chain::RoleAuthority;
    /// use relmap::model::{Role, Stakeholder};
    /// let s = Stakeholder::new("cto", "Li").with_roles([Role::TechnicalBuyer, Role::DecisionMaker]);
    /// assert_eq!(RoleAuthority::default().authority_of(&s), 0.7);
    /// assert_eq!(RoleAuthority::default().authority_of(&s.with_authority(0.1)), 0.1);
    /// ```
    pub fn authority_of(&self, s: &Stakeholder) -> f64 {
        s.authority.unwrap_or_else(|| s.roles.iter().map(|&r| self.of(r)).fold(0.0, f64::max))
    }
}

/// Who counts as a key player (the people threading, coverage and most red flags look at).
///
/// A stakeholder is a key player when they hold one of `roles`, or rank among the
/// `top_n` by decision influence, or hold at least `min_share` of it; a stakeholder
/// with zero influence is never a key player through the last two rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct KeyPlayerRule {
    /// Roles that make their holder a key player (default economic_buyer, decision_maker, technical_buyer).
    pub roles: Vec<Role>,
    /// The most influential `top_n` stakeholders are key players (default 5).
    pub top_n: usize,
    /// Anyone with at least this share of decision influence is a key player (default 0.05).
    pub min_share: f64,
}

impl Default for KeyPlayerRule {
    fn default() -> Self {
        KeyPlayerRule {
            roles: vec![Role::EconomicBuyer, Role::DecisionMaker, Role::TechnicalBuyer],
            top_n: 5,
            min_share: 0.05,
        }
    }
}

/// When betweenness centrality (Brandes, O(V·E)) is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BetweennessMode {
    /// Never.
    Off,
    /// Always, whatever the size of the map.
    Exact,
    /// Only on maps with at most this many stakeholders (default 500).
    UpTo(usize),
    /// Estimated from this many source stakeholders (Brandes–Pich): the exact
    /// dependencies of a fixed pseudo-random sample of sources, scaled by n/k. An
    /// unbiased estimate in O(k·E), for maps too large for the exact count; exact
    /// when k ≥ n. At least 1.
    Sampled(usize),
}

/// The most influence iterations a [`ChainConfig`] may allow.
pub const MAX_ITERATIONS: usize = 1_000_000;

/// The most access paths [`DecisionChain::access_paths`](super::DecisionChain::access_paths)
/// lists for one stakeholder (a larger `k` is read as this many), and one more than
/// the most [`ChainConfig::alternatives`]: the number of loopless paths can grow
/// exponentially with the map, and so would the time to list them all.
pub const MAX_ACCESS_PATHS: usize = 1000;

/// Every tunable number of the decision-chain analysis; defaults from the design.
///
/// ```
/// use relmap::chain::ChainConfig;
/// let cfg = ChainConfig { default_openness: 0.3, ..ChainConfig::default() };
/// assert_eq!(cfg.manager_to_report, 0.6);
/// assert!(cfg.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ChainConfig {
    /// Authority by role, used where a stakeholder has no explicit `authority`.
    pub role_authority: RoleAuthority,
    /// Openness of a stakeholder without an explicit one (default 0.5).
    pub default_openness: f64,
    /// Strength of the implied influence edge manager → report (default 0.6; 0 = none).
    pub manager_to_report: f64,
    /// Strength of the implied influence edge report → manager (default 0.3; 0 = none).
    pub report_to_manager: f64,
    /// Whether the implied org-chart edges also carry access paths (default true).
    pub org_chart_access: bool,
    /// Error bound at which the influence iterations stop (default 1e-10).
    pub tolerance: f64,
    /// Iteration cap; past it the analysis fails with `not_converged` (default 10,000;
    /// at most [`MAX_ITERATIONS`]).
    pub max_iterations: usize,
    /// Who counts as a key player.
    pub key_players: KeyPlayerRule,
    /// Fewer disjoint access paths than this to a key player raises `single_threaded` (default 2).
    pub min_threads: u32,
    /// Alternative access paths [`super::DecisionChain::alternative_paths`] gives beside the best one
    /// (default 2; below [`MAX_ACCESS_PATHS`]).
    pub alternatives: usize,
    /// Threads are counted up to this many; a count equal to it means "this many or more" (default 5).
    pub thread_cap: u32,
    /// Days without interaction after which a key relationship is stale (default 60).
    pub stale_days: f64,
    /// A stance at or below this is an opponent (default −1).
    pub opponent_max_stance: f64,
    /// An opponent with at least this decision influence raises a flag (default 0.10).
    pub opponent_min_influence: f64,
    /// How many next best contacts to keep (default 10).
    pub next_best_limit: usize,
    /// The analysis date; `None` = the latest dated item in the map.
    pub as_of: Option<Timestamp>,
    /// When to compute betweenness centrality (default `up_to: 500`).
    pub betweenness: BetweennessMode,
    /// The trust scoring that gives our relationship ties: each (member,
    /// stakeholder) pair weighs its earned trust composite / 100 (see `docs/trust.md`).
    /// Its `coverage_threshold` decides who is covered ([`TrustConfig::covers_tie`]).
    pub trust: TrustConfig,
    /// The sales-stage model behind the `stage_ahead_of_evidence` flag
    /// (default: the stage module's default model).
    pub stage_model: StageModel,
}

impl Default for ChainConfig {
    fn default() -> Self {
        ChainConfig {
            role_authority: RoleAuthority::default(),
            default_openness: 0.5,
            manager_to_report: 0.6,
            report_to_manager: 0.3,
            org_chart_access: true,
            tolerance: 1e-10,
            max_iterations: 10_000,
            key_players: KeyPlayerRule::default(),
            min_threads: 2,
            alternatives: 2,
            thread_cap: 5,
            stale_days: 60.0,
            opponent_max_stance: -1.0,
            opponent_min_influence: 0.10,
            next_best_limit: 10,
            as_of: None,
            betweenness: BetweennessMode::UpTo(500),
            trust: TrustConfig::default(),
            stage_model: StageModel::default(),
        }
    }
}

#[derive(Clone, Copy)]
enum Bound {
    /// lo <= v <= hi
    Closed(f64, f64),
    /// lo <= v < hi
    HalfOpen(f64, f64),
    /// v > lo
    Above(f64),
}

fn check(field: &str, value: f64, bound: Bound) -> Result<(), ChainError> {
    let (ok, expected) = match bound {
        Bound::Closed(lo, hi) => (value >= lo && value <= hi, if lo < 0.0 { "-5..=5" } else { "0..=1" }),
        Bound::HalfOpen(lo, hi) if hi.is_infinite() => (value >= lo, ">= 0"),
        Bound::HalfOpen(lo, hi) => (value >= lo && value < hi, "0..1 (1 excluded)"),
        Bound::Above(lo) => (value > lo, "> 0"),
    };
    if value.is_finite() && ok {
        Ok(())
    } else {
        Err(ChainError::InvalidConfig { field: field.to_owned(), value, expected })
    }
}

impl ChainConfig {
    /// Checks every number of the chain itself (the trust config and the stage
    /// model are checked by the trust and stage modules when they are used).
    ///
    /// ```
    /// use relmap::chain::ChainConfig;
    /// let bad = ChainConfig { default_openness: 1.0, ..ChainConfig::default() };
    /// assert_eq!(bad.validate().unwrap_err().code(), "invalid_config");
    /// ```
    pub fn validate(&self) -> Result<(), ChainError> {
        use Bound::*;
        let unit = Closed(0.0, 1.0);
        let ra = &self.role_authority;
        for (name, v) in [
            ("economic_buyer", ra.economic_buyer),
            ("decision_maker", ra.decision_maker),
            ("technical_buyer", ra.technical_buyer),
            ("purchaser", ra.purchaser),
            ("user_buyer", ra.user_buyer),
            ("influencer", ra.influencer),
            ("coach", ra.coach),
            ("champion", ra.champion),
            ("gatekeeper", ra.gatekeeper),
        ] {
            check(&format!("role_authority.{name}"), v, unit)?;
        }
        check("default_openness", self.default_openness, HalfOpen(0.0, 1.0))?;
        check("manager_to_report", self.manager_to_report, unit)?;
        check("report_to_manager", self.report_to_manager, unit)?;
        check("tolerance", self.tolerance, Above(0.0))?;
        if !(1..=MAX_ITERATIONS).contains(&self.max_iterations) {
            return Err(ChainError::InvalidConfig {
                field: "max_iterations".into(),
                value: self.max_iterations as f64,
                expected: "1..=1000000",
            });
        }
        if self.alternatives >= MAX_ACCESS_PATHS {
            return Err(ChainError::InvalidConfig {
                field: "alternatives".into(),
                value: self.alternatives as f64,
                expected: "0..=999",
            });
        }
        if self.betweenness == BetweennessMode::Sampled(0) {
            return Err(ChainError::InvalidConfig {
                field: "betweenness.sampled".into(),
                value: 0.0,
                expected: ">= 1",
            });
        }
        if self.thread_cap == 0 || self.thread_cap < self.min_threads {
            return Err(ChainError::InvalidConfig {
                field: "thread_cap".into(),
                value: f64::from(self.thread_cap),
                expected: ">= 1 and >= min_threads",
            });
        }
        check("key_players.min_share", self.key_players.min_share, unit)?;
        check("stale_days", self.stale_days, HalfOpen(0.0, f64::INFINITY))?;
        check("opponent_max_stance", self.opponent_max_stance, Closed(-5.0, 5.0))?;
        check("opponent_min_influence", self.opponent_min_influence, unit)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_match_the_design() {
        let c = ChainConfig::default();
        c.validate().unwrap();
        assert_eq!(c.role_authority.decision_maker, 0.7);
        assert_eq!(c.role_authority.technical_buyer, 0.5);
        assert_eq!(c.role_authority.purchaser, 0.3);
        assert_eq!(c.role_authority.user_buyer, 0.2);
        assert_eq!(c.default_openness, 0.5);
        assert_eq!((c.manager_to_report, c.report_to_manager), (0.6, 0.3));
        assert_eq!(c.stale_days, 60.0);
    }

    #[test]
    fn each_bad_number_names_its_field() {
        let cases: Vec<(ChainConfig, &str)> = vec![
            (ChainConfig { tolerance: 0.0, ..Default::default() }, "tolerance"),
            (ChainConfig { max_iterations: 0, ..Default::default() }, "max_iterations"),
            (ChainConfig { thread_cap: 1, ..Default::default() }, "thread_cap"),
            (ChainConfig { manager_to_report: f64::NAN, ..Default::default() }, "manager_to_report"),
            (ChainConfig { opponent_max_stance: -6.0, ..Default::default() }, "opponent_max_stance"),
            (
                ChainConfig {
                    role_authority: RoleAuthority { purchaser: -0.1, ..Default::default() },
                    ..Default::default()
                },
                "role_authority.purchaser",
            ),
        ];
        for (cfg, field) in cases {
            let e = cfg.validate().unwrap_err();
            assert_eq!(e.code(), "invalid_config");
            assert_eq!(e.field(), Some(field));
        }
    }

    #[test]
    fn config_reads_from_partial_json() {
        let c: ChainConfig = serde_json::from_str(r#"{"default_openness": 0.2, "betweenness": "off"}"#).unwrap();
        assert_eq!(c.default_openness, 0.2);
        assert_eq!(c.betweenness, BetweennessMode::Off);
        assert_eq!(c.tolerance, 1e-10);
        let c: ChainConfig = serde_json::from_str(r#"{"betweenness": {"sampled": 200}}"#).unwrap();
        assert_eq!(c.betweenness, BetweennessMode::Sampled(200));
        let none = ChainConfig { betweenness: BetweennessMode::Sampled(0), ..ChainConfig::default() };
        let e = none.validate().unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid_config", Some("betweenness.sampled")));
        assert!(serde_json::from_str::<ChainConfig>(r#"{"openness": 0.2}"#).is_err());
        assert!(serde_json::from_str::<ChainConfig>(r#"{"interim_ties": {}}"#).is_err());
        let c: ChainConfig = serde_json::from_str(r#"{"trust": {"half_life_days": 30}}"#).unwrap();
        assert_eq!((c.trust.half_life_days, c.trust.relationship_saturation), (30.0, 6.0));
        assert_eq!(c.stage_model, StageModel::default());
    }
}
