//! Sales-stage identification (项目阶段识别).
//!
//! A [`StageModel`] lists the milestones an opportunity can record and the
//! stages of the sale, each entered when its milestone criteria are met.
//! [`identify`] places an opportunity on that path from its evidence: the
//! stage, what is missing for the next one, the recommended visit goals for
//! the stage (销售拜访的目标设定), the win probability, and whether the stage
//! the rep declares is ahead of the evidence.
//!
//! ```
//! use relmap::model::{Milestone, Opportunity};
//! use relmap::stage::{identify, StageModel};
//!
//! let mut opp = Opportunity::new("opp1", "Cloud platform");
//! opp.milestones.push(Milestone { key: "need_identified".into(), at: "2026-01-10".parse()? });
//! let a = identify(&opp, &StageModel::default(), None)?;
//! assert_eq!(a.stage, "qualification");
//! assert_eq!(a.next_stage.as_deref(), Some("needs_analysis"));
//! assert_eq!(a.missing_for_next, ["budget_confirmed"]);
//! assert!(!a.visit_goals.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod defaults;
mod error;
mod identify;
mod model;
#[cfg(test)]
mod tests;

pub use defaults::DEFAULT_MILESTONES;
pub use error::StageError;
pub use identify::{identify, stage_ahead_of_evidence, StageAhead, StageAssessment};
pub use model::{MilestoneDef, StageDef, StageModel, UnknownMilestones};
