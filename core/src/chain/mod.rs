//! Decision-chain analysis (决策链分析): who really decides, how we reach them,
//! where we are exposed.
//!
//! [`RelationshipMap::decision_chain`] runs the whole analysis and returns a
//! [`DecisionChain`]:
//!
//! - **Decision influence** by the Friedkin–Johnsen model: u = Vᵀa with
//!   V = (I − ΛW)⁻¹(I − Λ), W the row-normalized incoming influence (explicit
//!   `influences` relations plus the edges implied by `reports_to`), Λ the
//!   openness and a the normalized formal authority. Solved sparsely.
//! - **Predicted support** S = Σ u_j·stance_j/5 and the predicted stances x* = V·x₀.
//! - **Access paths** from our team (ties = earned trust composite / 100, see [`Tie`]
//!   and [`trust_ties`]) through influence, ally
//!   and informs relations: the most reliable path and the k best alternatives.
//! - **Threading** (vertex-disjoint paths to each key player), **brokers** and
//!   **betweenness**; **coverage**; **next best contacts**; **red flags**.
//! - [`diff`] compares two snapshots of one account.
//!
//! The model, formulas and defaults are in `docs/decision-chain.md`; the red
//! flags in `docs/red-flags.md`.
//!
//! ```
//! use relmap::chain::ChainConfig;
//! use relmap::model::{Account, Channel, Interaction, Relation, RelationKind, Role, Stakeholder, TeamMember};
//! use relmap::RelationshipMap;
//!
//! let mut map = RelationshipMap::new(Account::new("acme", "Acme Group"));
//! map.add_stakeholder(Stakeholder::new("ceo", "Chen Wei").with_roles([Role::EconomicBuyer]).with_stance(1.0))?;
//! map.add_stakeholder(Stakeholder::new("cio", "Liu Yang").with_reports_to("ceo").with_roles([Role::Coach]).with_stance(4.0))?;
//! map.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.7))?;
//! map.add_team_member(TeamMember::new("rep", "Zhao Min"))?;
//! map.add_interaction(Interaction::new("i1", "2026-03-02".parse().unwrap(), Channel::Visit, ["rep"], ["cio"]))?;
//!
//! let cfg = ChainConfig::default();
//! let chain = map.decision_chain(&cfg)?;
//! let u = chain.influence("ceo").unwrap();
//! assert!(u > 0.5 && (u + chain.influence("cio").unwrap() - 1.0).abs() < 1e-9);
//! assert!(chain.predicted_support() > 0.0);
//! // Our tie to the CIO is their earned trust composite / 100: one visit gives a
//! // composite of (39.3 + 50 + 50 + 50) / 4 = 47.3 but earns an acquaintance, 40,
//! // so the path to the CEO is 0.4 × 0.7.
//! assert_eq!(chain.ties()[1], map.trust(&cfg.trust, "2026-03-02".parse().unwrap())?.score("cio").unwrap().earned / 100.0);
//! assert_eq!(chain.best_path("ceo")?.unwrap().to_string(), "rep → cio → ceo (0.280)");
//! assert!(chain.red_flags().iter().any(|f| f.code.as_str() == "economic_buyer_not_covered"));
//! println!("{chain}");
//! # Ok::<(), relmap::Error>(())
//! ```

mod analyze;
mod betweenness;
mod config;
mod diff;
mod error;
mod flags;
pub(crate) mod graph;
pub(crate) mod influence;
pub(crate) mod paths;
mod result;
mod summary;
mod threading;
mod ties;

pub(crate) use analyze::key_players;
pub use config::{BetweennessMode, ChainConfig, KeyPlayerRule, RoleAuthority, MAX_ACCESS_PATHS, MAX_ITERATIONS};
pub use diff::{diff, MapDiff, RelationChange, ReportsToChange, RoleChange, StanceChange};
pub use error::ChainError;
pub use flags::{FlagCode, RedFlag, Severity};
pub use paths::AccessPath;
pub use result::{Broker, Coverage, DecisionChain, Influencer, KeyPlayer, NextBestContact};
pub use summary::{ChainSummary, SummaryLengths};
pub use ties::{latest_dated_item, trust_ties, Tie};

use crate::RelationshipMap;

impl RelationshipMap {
    /// The decision-chain analysis, with our ties from the trust pillars
    /// ([`trust_ties`]: earned composite / 100 per member and stakeholder, as of
    /// `cfg.as_of` or the latest dated item) and the `stage_ahead_of_evidence`
    /// flag from [`crate::stage::stage_ahead_of_evidence`] with `cfg.stage_model`.
    ///
    /// Fails with `empty_list`, `no_authority`, `not_converged`, `invalid_config`
    /// (see [`ChainError`]), a [`crate::trust::TrustError`] for a bad `cfg.trust`,
    /// or a [`crate::stage::StageError`] for a bad `cfg.stage_model` or a declared
    /// stage it does not know (`unknown_reference`).
    ///
    /// ```
    /// use relmap::chain::ChainConfig;
    /// use relmap::model::{Account, Role, Stakeholder};
    /// let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
    /// let chain = map.decision_chain(&ChainConfig::default())?;
    /// assert_eq!(chain.influence("ceo"), Some(1.0));
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn decision_chain(&self, cfg: &ChainConfig) -> crate::Result<DecisionChain> {
        self.run_chain(cfg, None, None)
    }

    /// The decision-chain analysis with our relationship ties given by the caller
    /// (e.g. earned trust composite / 100 per member and stakeholder).
    ///
    /// ```
    /// use relmap::chain::{ChainConfig, Tie};
    /// use relmap::model::{Account, Role, Stakeholder, TeamMember};
    /// let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
    /// map.add_team_member(TeamMember::new("rep", "Zhao"))?;
    /// let ties = [Tie { member: 0, stakeholder: 0, strength: 0.8 }];
    /// let chain = map.decision_chain_with_ties(&ChainConfig::default(), &ties)?;
    /// assert_eq!(chain.coverage().share, 1.0);
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn decision_chain_with_ties(&self, cfg: &ChainConfig, ties: &[Tie]) -> crate::Result<DecisionChain> {
        self.run_chain(cfg, Some(ties), None)
    }

    /// The decision-chain analysis compared with a previous snapshot of the account,
    /// which adds the `key_player_changed` flags. `ties = None` uses [`trust_ties`].
    ///
    /// ```
    /// use relmap::chain::ChainConfig;
    /// use relmap::model::{Account, Role, Stakeholder};
    /// let mut before = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// before.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
    /// let mut now = before.clone();
    /// now.add_stakeholder(Stakeholder::new("cfo", "Wang").with_roles([Role::DecisionMaker]))?;
    /// let chain = now.decision_chain_since(&before, &ChainConfig::default(), None)?;
    /// assert!(chain.red_flags().iter().any(|f| f.code.as_str() == "key_player_changed" && f.ids == ["cfo"]));
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn decision_chain_since(
        &self,
        previous: &RelationshipMap,
        cfg: &ChainConfig,
        ties: Option<&[Tie]>,
    ) -> crate::Result<DecisionChain> {
        self.run_chain(cfg, ties, Some(previous))
    }

    /// Decision influence alone: every stakeholder's share of the decision,
    /// u = Vᵀa, in map order (the first number of [`Self::decision_chain`],
    /// without ties, paths or flags).
    ///
    /// Fails with `invalid_config`, `empty_list`, `no_authority` or `not_converged`.
    ///
    /// ```
    /// use relmap::chain::ChainConfig;
    /// use relmap::model::{Account, Relation, RelationKind, Role, Stakeholder};
    /// let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
    /// map.add_stakeholder(Stakeholder::new("cio", "Liu"))?;
    /// map.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.8))?;
    /// let u = map.decision_influence(&ChainConfig::default())?;
    /// assert_eq!(u, [0.5, 0.5]); // the CEO listens to the CIO with openness 0.5
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn decision_influence(&self, cfg: &ChainConfig) -> Result<Vec<f64>, ChainError> {
        cfg.validate()?;
        let interned = graph::Interned::new(self);
        let model = influence::InfluenceModel::build(self, &interned.ends, interned.managers, cfg);
        let a = model.decision_weights()?;
        Ok(model.decision_influence(&a, cfg.tolerance, cfg.max_iterations)?.0)
    }

    fn run_chain(
        &self,
        cfg: &ChainConfig,
        ties: Option<&[Tie]>,
        previous: Option<&RelationshipMap>,
    ) -> crate::Result<DecisionChain> {
        cfg.validate()?;
        let as_of = cfg.as_of.or_else(|| latest_dated_item(self));
        // The ties from trust and the stage verdicts are made inside the analysis,
        // beside the influence solves.
        analyze::analyze(self, cfg, analyze::Inputs { as_of, ties, previous })
    }
}
