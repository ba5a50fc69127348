//! Identifying the stage of an opportunity from its milestones.

use std::collections::HashMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::Plan;
use super::{StageError, StageModel, UnknownMilestones};
use crate::model::Opportunity;
use crate::time::Timestamp;
use crate::RelationshipMap;

/// Where an opportunity stands according to its evidence.
///
/// Displays as one line, e.g.
/// `opp1: evaluation (60%), next negotiation needs poc_passed, shortlisted; declared negotiation is ahead of the evidence`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StageAssessment {
    /// The opportunity id.
    pub opportunity_id: String,
    /// The identified stage key: the furthest path stage reached, or an
    /// off-path stage (e.g. `closed_lost`) whose criteria are all met.
    pub stage: String,
    /// Display name of the identified stage.
    pub stage_name: String,
    /// The furthest path stage reached (equal to `stage` unless an off-path stage applies).
    pub path_stage: String,
    /// When the identified stage was entered: the date of the last milestone it
    /// needed (`None` for the first stage, which needs none).
    pub entered_at: Option<Timestamp>,
    /// The next path stage (`None` at the end of the path or in an off-path stage).
    pub next_stage: Option<String>,
    /// Entry criteria of the next stage not reached yet, in the model's order.
    pub missing_for_next: Vec<String>,
    /// Milestone keys the opportunity records but the model does not define, in
    /// recorded order (left out of the staging; see [`UnknownMilestones`]).
    pub unknown_milestones: Vec<String>,
    /// Milestones reached that are entry criteria of stages beyond the next one:
    /// evidence recorded out of order, which counts once the stages between are evidenced.
    pub out_of_order: Vec<String>,
    /// Recommended visit goals for the identified stage.
    pub visit_goals: Vec<String>,
    /// Win probability of the identified stage.
    pub win_probability: f64,
    /// Opportunity amount × win probability, when the amount is known.
    pub weighted_amount: Option<f64>,
    /// The stage the rep declares in the CRM.
    pub declared_stage: Option<String>,
    /// The declared stage is not supported by the evidence: a path stage beyond
    /// `path_stage`, or an off-path stage whose criteria are not all met.
    pub ahead_of_evidence: bool,
}

impl fmt::Display for StageAssessment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({:.0}%)", self.opportunity_id, self.stage, self.win_probability * 100.0)?;
        if self.stage != self.path_stage {
            write!(f, " after {}", self.path_stage)?;
        }
        if let Some(next) = &self.next_stage {
            write!(f, ", next {next} needs {}", self.missing_for_next.join(", "))?;
        }
        if !self.out_of_order.is_empty() {
            write!(f, "; out of order: {}", self.out_of_order.join(", "))?;
        }
        if let Some(declared) = &self.declared_stage {
            if self.ahead_of_evidence {
                write!(f, "; declared {declared} is ahead of the evidence")?;
            } else {
                write!(f, "; declared {declared}")?;
            }
        }
        if !self.unknown_milestones.is_empty() {
            write!(f, "; not in the stage model: {}", self.unknown_milestones.join(", "))?;
        }
        Ok(())
    }
}

/// Identifies the stage of an opportunity with a stage model.
///
/// Criteria are cumulative: a path stage is reached when its entry criteria
/// and those of every earlier path stage are all met, and the identified stage
/// is the furthest one reached. An off-path stage (e.g. `closed_lost`) whose
/// criteria are all met takes precedence (the first such in list order).
/// Milestones dated after `as_of` are not yet reached; `None` counts all.
///
/// Milestones the model does not define are listed in `unknown_milestones`
/// (whatever their date), or rejected when the model says
/// [`UnknownMilestones::Reject`].
///
/// Errors: an invalid model, a declared stage the model does not know, or
/// (with `Reject`) a milestone the model does not define (each a [`StageError`]).
///
/// ```
/// use relmap::model::{Milestone, Opportunity};
/// use relmap::stage::{identify, StageModel};
/// use relmap::time::Timestamp;
///
/// let mut opp = Opportunity::new("opp1", "Cloud platform");
/// for (key, at) in [("need_identified", "2026-01-10"), ("budget_confirmed", "2026-02-01"), ("poc_passed", "2026-03-01")] {
///     opp.milestones.push(Milestone { key: key.into(), at: at.parse()? });
/// }
/// opp.declared_stage = Some("negotiation".into());
/// let a = identify(&opp, &StageModel::default(), None)?;
/// assert_eq!(a.stage, "needs_analysis");
/// assert_eq!(a.missing_for_next, ["decision_process_mapped"]);
/// assert_eq!(a.out_of_order, ["poc_passed"]);
/// assert_eq!(a.win_probability, 0.2);
/// assert!(a.ahead_of_evidence);
///
/// // As of mid-January only the need was identified.
/// let early = identify(&opp, &StageModel::default(), Some("2026-01-15".parse()?))?;
/// assert_eq!(early.stage, "qualification");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn identify(
    opportunity: &Opportunity,
    model: &StageModel,
    as_of: Option<Timestamp>,
) -> Result<StageAssessment, StageError> {
    identify_with(opportunity, &Plan::new(model)?, as_of)
}

pub(crate) fn identify_with(
    opportunity: &Opportunity,
    plan: &Plan<'_>,
    as_of: Option<Timestamp>,
) -> Result<StageAssessment, StageError> {
    let stages = &plan.model.stages;
    // Earliest date each milestone was reached (as of `as_of`).
    let mut reached: HashMap<&str, Timestamp> = HashMap::new();
    let mut unknown_milestones: Vec<String> = Vec::new();
    for (j, m) in opportunity.milestones.iter().enumerate() {
        if !plan.milestones.contains(m.key.as_str()) {
            if plan.model.unknown_milestones == UnknownMilestones::Reject {
                return Err(StageError::UnknownOpportunityMilestone {
                    opportunity: opportunity.id.clone(),
                    key: m.key.clone(),
                    field: format!("milestones[{j}].key"),
                });
            }
            if !unknown_milestones.contains(&m.key) {
                unknown_milestones.push(m.key.clone());
            }
            continue;
        }
        if as_of.is_some_and(|t| m.at > t) {
            continue;
        }
        reached.entry(m.key.as_str()).and_modify(|t| *t = (*t).min(m.at)).or_insert(m.at);
    }
    let declared = match &opportunity.declared_stage {
        Some(d) => Some(*plan.stage_index.get(d.as_str()).ok_or_else(|| StageError::UnknownDeclaredStage {
            opportunity: opportunity.id.clone(),
            stage: d.clone(),
        })?),
        None => None,
    };
    let met = |i: usize| stages[i].entry_criteria.iter().all(|c| reached.contains_key(c.as_str()));
    let last_date = |i: usize| stages[i].entry_criteria.iter().filter_map(|c| reached.get(c.as_str()).copied()).max();

    // The furthest path stage reached, with criteria cumulative along the path.
    let mut position = 0;
    let mut path_entered = None;
    for (pos, &i) in plan.path.iter().enumerate() {
        if !met(i) {
            break;
        }
        position = pos;
        path_entered = path_entered.max(last_date(i));
    }
    let path_stage = plan.path[position];
    let off_path = plan.off_path.iter().copied().find(|&i| met(i));
    let (stage, entered_at) = match off_path {
        Some(i) => (i, last_date(i)),
        None => (path_stage, path_entered),
    };
    let next = if off_path.is_none() { plan.path.get(position + 1).copied() } else { None };
    let missing_for_next = next
        .map(|i| stages[i].entry_criteria.iter().filter(|c| !reached.contains_key(c.as_str())).cloned().collect())
        .unwrap_or_default();
    let mut out_of_order: Vec<String> = Vec::new();
    for &i in plan.path.iter().skip(position + 2) {
        for c in &stages[i].entry_criteria {
            if reached.contains_key(c.as_str()) && !out_of_order.contains(c) {
                out_of_order.push(c.clone());
            }
        }
    }
    let ahead_of_evidence = match declared {
        None => false,
        Some(d) => match plan.path_position[d] {
            Some(pos) => pos > position,
            None => !met(d),
        },
    };
    let def = &stages[stage];
    Ok(StageAssessment {
        opportunity_id: opportunity.id.clone(),
        stage: def.key.clone(),
        stage_name: def.name.clone(),
        path_stage: stages[path_stage].key.clone(),
        entered_at,
        next_stage: next.map(|i| stages[i].key.clone()),
        missing_for_next,
        unknown_milestones,
        out_of_order,
        visit_goals: def.visit_goals.clone(),
        win_probability: def.win_probability,
        weighted_amount: opportunity.amount.map(|a| a * def.win_probability),
        declared_stage: opportunity.declared_stage.clone(),
        ahead_of_evidence,
    })
}

impl RelationshipMap {
    /// The stage of every opportunity on the account, in the map's order (see [`identify`]).
    ///
    /// ```
    /// use relmap::model::{Account, Milestone, Opportunity};
    /// use relmap::stage::StageModel;
    /// use relmap::RelationshipMap;
    ///
    /// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    /// let mut opp = Opportunity::new("opp1", "Cloud");
    /// opp.milestones.push(Milestone { key: "need_identified".into(), at: "2026-01-10".parse()? });
    /// map.add_opportunity(opp)?;
    /// let stages = map.stages(&StageModel::default(), None)?;
    /// assert_eq!(stages[0].stage, "qualification");
    /// assert_eq!(stages[0].to_string(), "opp1: qualification (10%), next needs_analysis needs budget_confirmed");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stages(&self, model: &StageModel, as_of: Option<Timestamp>) -> Result<Vec<StageAssessment>, StageError> {
        let plan = Plan::new(model)?;
        self.opportunities().iter().map(|o| identify_with(o, &plan, as_of)).collect()
    }
}

/// An opportunity whose declared stage is ahead of its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StageAhead {
    /// The opportunity id.
    pub opportunity_id: String,
    /// The stage declared in the CRM.
    pub declared: String,
    /// The stage the evidence supports.
    pub identified: String,
}

/// The opportunities of a map whose declared stage is ahead of the evidence
/// (the `stage_ahead_of_evidence` red flag), in the map's order.
///
/// ```
/// use relmap::model::{Account, Opportunity};
/// use relmap::stage::{stage_ahead_of_evidence, StageModel};
/// use relmap::RelationshipMap;
///
/// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
/// let mut opp = Opportunity::new("opp1", "Cloud");
/// opp.declared_stage = Some("negotiation".into());
/// map.add_opportunity(opp)?;
/// let ahead = stage_ahead_of_evidence(&map, &StageModel::default(), None)?;
/// assert_eq!((ahead[0].declared.as_str(), ahead[0].identified.as_str()), ("negotiation", "lead"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stage_ahead_of_evidence(
    map: &RelationshipMap,
    model: &StageModel,
    as_of: Option<Timestamp>,
) -> Result<Vec<StageAhead>, StageError> {
    Ok(map
        .stages(model, as_of)?
        .into_iter()
        .filter(|a| a.ahead_of_evidence)
        .filter_map(|a| {
            a.declared_stage.map(|declared| StageAhead {
                opportunity_id: a.opportunity_id,
                declared,
                identified: a.stage,
            })
        })
        .collect())
}
