//! Matrices: the customer classification matrix (客户分类矩阵) and the
//! competition matrix (商业竞争矩阵).
//!
//! [`classify`] places a portfolio's accounts on two axes (by default the
//! predicted value from the value module and the relationship strength from
//! trust) and gives each a quadrant, a strategy and a resource priority.
//! [`competition`] weighs an opportunity's decision criteria by each
//! stakeholder's priorities and decision influence, totals every vendor's
//! scores overall and per stakeholder, and ranks the criteria where we trail.
//!
//! ```
//! use relmap::matrix::{classify, AccountPoint, ClassificationConfig, Quadrant, Threshold};
//! let cfg = ClassificationConfig { relationship_threshold: Threshold::Fixed(60.0), ..Default::default() };
//! let m = classify(&[AccountPoint::new("acme", 5e5, 72.0), AccountPoint::new("bolt", 1e5, 35.0)], &cfg)?;
//! assert_eq!(m.get("acme").unwrap().quadrant, Quadrant::Strategic);
//! assert_eq!(m.get("bolt").unwrap().quadrant, Quadrant::Monitor);
//! # Ok::<(), relmap::matrix::MatrixError>(())
//! ```

mod classify;
mod competition;
mod error;
#[cfg(test)]
mod tests;

pub use classify::{
    classify, classify_accounts, AccountPoint, ClassificationConfig, ClassificationMatrix, ClassifiedAccount, Quadrant,
    QuadrantPolicy, Threshold,
};
pub use competition::{
    competition, CompetitionConfig, CompetitionMatrix, CriterionGap, CriterionRow, InfluenceSource, StakeholderView,
    VendorStanding,
};
pub use error::MatrixError;
