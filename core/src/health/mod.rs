//! Deal health (商机健康度): one explained assessment per opportunity.
//!
//! [`RelationshipMap::deal_health`] scores every opportunity of a map from
//! documented, configurable rules ([`DealHealthConfig`]): the MEDDPICC grades,
//! the decision chain (economic buyer covered, high-influence opponents,
//! threads to key players, predicted support), trust of the key players,
//! activity (key players not met, "no power", a champion gone silent), stage
//! evidence (declared ahead of the milestones, stalled past a per-stage norm),
//! the competition matrix (our rank) and the Blue Sheet response modes.
//!
//! Each rule is a factor with a value x in [−1, 1] and a weight w in points; the
//! score is `base + Σ w·x`, limited to 0..=100, and its status is `healthy`,
//! `at_risk` or `critical` by two thresholds. Every factor that moved the score
//! is returned with its code, impact, the stakeholder ids involved and a sentence
//! in English and Chinese, losses first; the top actions say which stakeholder,
//! which trust pillar and which MEDDPICC element to work on.
//!
//! [`calibrate`] fits the weights to past outcomes by logistic regression and
//! reports how well the fitted score separates won from lost deals it was not
//! fitted on (AUC). The rules, defaults and worked examples are in `docs/deal-health.md`.
//!
//! ```
//! use relmap::health::{DealHealthConfig, FactorCode, HealthStatus};
//! use relmap::model::{Account, Grade, MeddpiccElement, Opportunity, Role, Stakeholder};
//! use relmap::RelationshipMap;
//!
//! let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
//! map.add_stakeholder(Stakeholder::new("ceo", "Chen Wei").with_roles([Role::EconomicBuyer]).with_stance(2.0))?;
//! let mut deal = Opportunity::new("o1", "Cloud");
//! deal.meddpicc.set_grade(MeddpiccElement::Metrics, Grade::Green);
//! map.add_opportunity(deal)?;
//!
//! let health = map.deal_health(&DealHealthConfig::default(), "2026-03-01".parse().unwrap())?;
//! let h = &health[0];
//! assert_eq!(h.factor(FactorCode::MeddpiccMetrics).unwrap().impact, 3.0);
//! assert_eq!(h.factor(FactorCode::EconomicBuyerAccess).unwrap().impact, -8.0);
//! assert_eq!(h.status, HealthStatus::Critical);
//! assert!(h.factors.windows(2).all(|w| w[0].impact <= 0.0 || w[1].impact >= 0.0));
//! println!("{h}");
//! # Ok::<(), relmap::Error>(())
//! ```

mod assess;
mod calibrate;
mod config;
mod error;
mod result;

pub use calibrate::{auc, calibrate, Calibration, CalibrationConfig, Outcome};
pub use config::{DealHealthConfig, FactorCode, FactorWeights};
pub use error::HealthError;
pub use result::{Action, DealHealth, Factor, FactorTally, HealthStatus, PortfolioHealth};

use crate::model::Portfolio;
use crate::time::Timestamp;
use crate::RelationshipMap;

impl RelationshipMap {
    /// The health of every opportunity of the map, in map order, as of a date
    /// (interactions after it are ignored).
    ///
    /// Fails with an `invalid_config` [`HealthError`], or the error of the
    /// chain, trust, stage or competition analysis it draws on (a map without
    /// stakeholders or without formal authority has no decision chain: its chain
    /// factors are left out rather than failing).
    pub fn deal_health(&self, config: &DealHealthConfig, as_of: Timestamp) -> crate::Result<Vec<DealHealth>> {
        if self.opportunities().is_empty() {
            config.validate()?;
            return Ok(Vec::new());
        }
        let account = assess::Account::new(self, config, as_of)?;
        self.opportunities().iter().map(|o| account.assess(o)).collect()
    }
}

impl Portfolio {
    /// Deal health of every opportunity of every map, worst first, with the
    /// factors that hurt most often.
    ///
    /// ```
    /// use relmap::health::DealHealthConfig;
    /// use relmap::model::{Account, Opportunity, Portfolio, RelationshipMap};
    /// let mut p = Portfolio::default();
    /// let mut m = RelationshipMap::new(Account::new("a1", "Acme"));
    /// m.add_opportunity(Opportunity::new("o1", "Cloud"))?;
    /// p.maps.push(m);
    /// let view = p.deal_health(&DealHealthConfig::default(), "2026-03-01".parse().unwrap())?;
    /// assert_eq!(view.deals.len(), 1);
    /// assert_eq!(view.common_factors[0].deals, 1);
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn deal_health(&self, config: &DealHealthConfig, as_of: Timestamp) -> crate::Result<PortfolioHealth> {
        deal_health_of_maps(&self.maps, config, as_of)
    }
}

/// [`Portfolio::deal_health`] over maps held elsewhere (the bindings' lists of maps).
///
/// The first map whose analysis fails gives its error, as
/// [`RelationshipMap::deal_health`] reports it.
pub fn deal_health_of_maps<M: std::borrow::Borrow<RelationshipMap>>(
    maps: &[M],
    config: &DealHealthConfig,
    as_of: Timestamp,
) -> crate::Result<PortfolioHealth> {
    config.validate()?;
    let mut deals = Vec::new();
    for m in maps {
        deals.extend(m.borrow().deal_health(config, as_of)?);
    }
    Ok(PortfolioHealth::from_deals(deals))
}
