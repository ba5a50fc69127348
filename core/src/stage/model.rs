//! The stage model: milestones, stages with entry criteria, their order, and
//! the checks that make a model usable.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::StageError;

/// A milestone the stage model knows, e.g. `budget_confirmed`.
///
/// Opportunities record milestones by key ([`crate::model::Milestone`]);
/// stages name them as entry criteria. A milestone may be defined without any
/// stage using it, so a CRM can record events that do not gate a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDef {
    /// The key opportunities record, e.g. `poc_passed`.
    pub key: String,
    /// What has to be true for the milestone to count.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl MilestoneDef {
    /// A milestone with a key and a description.
    pub fn new(key: impl Into<String>, description: impl Into<String>) -> Self {
        MilestoneDef { key: key.into(), description: description.into() }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One stage of the sale.
///
/// Stages on the sales path are ordered (list order, or `after` links);
/// an off-path stage such as `closed_lost` stands outside the order and applies
/// whenever its entry criteria are all met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    /// The stage key, e.g. `evaluation`; what `Opportunity::declared_stage` names.
    pub key: String,
    /// Display name, e.g. `Evaluation`.
    pub name: String,
    /// Name in the team's own language, e.g. `评估`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_name: Option<String>,
    /// Milestone keys that must all be reached to enter the stage.
    #[serde(default)]
    pub entry_criteria: Vec<String>,
    /// Recommended goals for customer visits in this stage (销售拜访的目标设定).
    #[serde(default)]
    pub visit_goals: Vec<String>,
    /// Probability of winning a deal that is in this stage, in 0..=1.
    pub win_probability: f64,
    /// The path stage this one follows. When no path stage names `after`, the
    /// path is the list order; once one does, every path stage except the
    /// entry stage must. Not allowed on off-path stages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// An off-path, terminal stage (e.g. `closed_lost`): not on the sales path.
    #[serde(default, skip_serializing_if = "is_false")]
    pub off_path: bool,
}

impl StageDef {
    /// A path stage with a key, a name, entry criteria and a win probability.
    ///
    /// ```
    /// use relmap::stage::StageDef;
    /// let s = StageDef::new("pilot", "Pilot", ["pilot_started"], 0.5).with_visit_goals(["Agree success criteria"]);
    /// assert_eq!(s.entry_criteria, vec!["pilot_started".to_string()]);
    /// assert!(!s.off_path);
    /// ```
    pub fn new<I, S>(key: impl Into<String>, name: impl Into<String>, entry_criteria: I, win_probability: f64) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        StageDef {
            key: key.into(),
            name: name.into(),
            local_name: None,
            entry_criteria: entry_criteria.into_iter().map(Into::into).collect(),
            visit_goals: Vec::new(),
            win_probability,
            after: None,
            off_path: false,
        }
    }

    /// Sets the recommended visit goals.
    pub fn with_visit_goals<I, S>(mut self, goals: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.visit_goals = goals.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the name in the team's own language.
    pub fn with_local_name(mut self, name: impl Into<String>) -> Self {
        self.local_name = Some(name.into());
        self
    }

    /// Places the stage after another path stage.
    pub fn with_after(mut self, key: impl Into<String>) -> Self {
        self.after = Some(key.into());
        self
    }

    /// Marks the stage as off-path (terminal, outside the order), like `closed_lost`.
    pub fn off_path(mut self) -> Self {
        self.off_path = true;
        self
    }
}

/// What to do with a milestone an opportunity records but the stage model does not define.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnknownMilestones {
    /// Leave it out of the staging and list it in `StageAssessment::unknown_milestones`
    /// (CRMs record events that gate no stage; a typo shows up in the list).
    #[default]
    Report,
    /// Fail with [`StageError::UnknownOpportunityMilestone`].
    Reject,
}

/// A configurable sales-stage model (项目阶段): milestones and stages.
///
/// [`StageModel::default`] is the model of `docs/stage-and-matrices.md`: lead,
/// qualification, needs_analysis, solution, evaluation, negotiation, closed_won
/// on the path and closed_lost off it. A company can bring its own model as
/// JSON with [`StageModel::from_json`].
///
/// Rules (checked by [`StageModel::validate`]): keys are non-empty and unique;
/// entry criteria name defined milestones, each at most once per stage; win
/// probabilities lie in 0..=1 (they need not rise along the path); the path
/// is the list order of the path stages, or, when any path stage names
/// `after`, the chain those links form, which must have one entry stage and
/// no branches or cycles; the first path stage has
/// no entry criteria (every opportunity starts there); off-path stages have
/// entry criteria and no place in the order.
///
/// ```
/// use relmap::stage::StageModel;
/// let model = StageModel::default();
/// model.validate()?;
/// let keys: Vec<&str> = model.path()?.iter().map(|s| s.key.as_str()).collect();
/// assert_eq!(keys, ["lead", "qualification", "needs_analysis", "solution", "evaluation", "negotiation", "closed_won"]);
/// assert_eq!(model.stage("closed_lost").unwrap().win_probability, 0.0);
/// # Ok::<(), relmap::stage::StageError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageModel {
    /// The milestones opportunities may record.
    pub milestones: Vec<MilestoneDef>,
    /// The stages: path stages in order (unless `after` says otherwise), plus off-path stages.
    pub stages: Vec<StageDef>,
    /// What to do with milestones an opportunity records that the model does not define
    /// (default: report them).
    #[serde(default)]
    pub unknown_milestones: UnknownMilestones,
}

impl StageModel {
    /// Reads a stage model from JSON and validates it.
    ///
    /// Unknown fields are rejected with their JSON path (`json_shape`); a
    /// model that parses but breaks a rule fails with its [`StageError`].
    ///
    /// ```
    /// use relmap::stage::StageModel;
    /// let model = StageModel::from_json(r#"{
    ///   "milestones": [{"key": "met"}, {"key": "signed"}],
    ///   "stages": [
    ///     {"key": "open", "name": "Open", "win_probability": 0.1},
    ///     {"key": "engaged", "name": "Engaged", "entry_criteria": ["met"], "win_probability": 0.4},
    ///     {"key": "won", "name": "Won", "entry_criteria": ["signed"], "win_probability": 1.0}
    ///   ]}"#)?;
    /// assert_eq!(model.stages.len(), 3);
    /// let err = StageModel::from_json(r#"{"milestones": [], "stages": [], "colour": 1}"#).unwrap_err();
    /// assert_eq!(err.code(), "json_shape");
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn from_json(text: &str) -> crate::Result<StageModel> {
        let model: StageModel = crate::io::from_json(text)?;
        model.validate()?;
        Ok(model)
    }

    /// The model as pretty-printed JSON, readable by [`StageModel::from_json`].
    pub fn to_json(&self) -> String {
        // Plain data with string keys always serializes.
        serde_json::to_string_pretty(self).expect("a stage model always serializes") + "\n"
    }

    /// Checks every rule of the model (see the type docs).
    pub fn validate(&self) -> Result<(), StageError> {
        Plan::new(self).map(|_| ())
    }

    /// The stage with this key.
    pub fn stage(&self, key: &str) -> Option<&StageDef> {
        self.stages.iter().find(|s| s.key == key)
    }

    /// The path stages in order (off-path stages left out).
    pub fn path(&self) -> Result<Vec<&StageDef>, StageError> {
        let plan = Plan::new(self)?;
        Ok(plan.path.iter().map(|&i| &self.stages[i]).collect())
    }

    /// The win-probability-by-stage table: path stages in order, then off-path stages.
    ///
    /// ```
    /// use relmap::stage::StageModel;
    /// let table = StageModel::default().win_probabilities()?;
    /// assert_eq!(table[0], ("lead".to_string(), 0.05));
    /// assert_eq!(table.last().unwrap(), &("closed_lost".to_string(), 0.0));
    /// # Ok::<(), relmap::stage::StageError>(())
    /// ```
    pub fn win_probabilities(&self) -> Result<Vec<(String, f64)>, StageError> {
        let plan = Plan::new(self)?;
        Ok(plan
            .path
            .iter()
            .chain(&plan.off_path)
            .map(|&i| (self.stages[i].key.clone(), self.stages[i].win_probability))
            .collect())
    }
}

/// A validated model with its order resolved, ready for identification.
#[derive(Debug)]
pub(crate) struct Plan<'m> {
    pub model: &'m StageModel,
    /// Indices into `model.stages`, in path order.
    pub path: Vec<usize>,
    /// Indices into `model.stages` of off-path stages, in list order.
    pub off_path: Vec<usize>,
    /// Stage key → index into `model.stages`.
    pub stage_index: HashMap<&'m str, usize>,
    /// Index into `model.stages` → position on the path (`None` for off-path stages).
    pub path_position: Vec<Option<usize>>,
    /// Defined milestone keys.
    pub milestones: HashSet<&'m str>,
}

fn key_check<'a>(
    key: &'a str,
    kind: &'static str,
    seen: &mut HashSet<&'a str>,
    field: impl Fn() -> String,
) -> Result<(), StageError> {
    if key.trim().is_empty() {
        return Err(StageError::EmptyKey { field: field() });
    }
    if !seen.insert(key) {
        return Err(StageError::DuplicateKey { kind, key: key.to_owned(), field: field() });
    }
    Ok(())
}

impl<'m> Plan<'m> {
    pub fn new(model: &'m StageModel) -> Result<Self, StageError> {
        let mut milestones = HashSet::new();
        for (j, m) in model.milestones.iter().enumerate() {
            key_check(&m.key, "milestone", &mut milestones, || format!("milestones[{j}].key"))?;
        }
        let mut keys = HashSet::new();
        for (i, s) in model.stages.iter().enumerate() {
            key_check(&s.key, "stage", &mut keys, || format!("stages[{i}].key"))?;
        }
        let stage_index: HashMap<&str, usize> =
            model.stages.iter().enumerate().map(|(i, s)| (s.key.as_str(), i)).collect();
        for (i, s) in model.stages.iter().enumerate() {
            let p = s.win_probability;
            if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
                let field = format!("stages[{i}].win_probability");
                return Err(StageError::BadProbability { stage: s.key.clone(), field, value: p });
            }
            let mut criteria = HashSet::new();
            for (j, c) in s.entry_criteria.iter().enumerate() {
                let field = || format!("stages[{i}].entry_criteria[{j}]");
                key_check(c, "entry criterion", &mut criteria, field)?;
                if !milestones.contains(c.as_str()) {
                    return Err(StageError::UnknownMilestone { key: c.clone(), field: field() });
                }
            }
            if s.off_path {
                if s.after.is_some() {
                    let field = format!("stages[{i}].after");
                    return Err(StageError::OffPathInOrder { stage: s.key.clone(), field });
                }
                if s.entry_criteria.is_empty() {
                    let field = format!("stages[{i}].entry_criteria");
                    return Err(StageError::OffPathWithoutCriteria { stage: s.key.clone(), field });
                }
            }
        }
        let listed: Vec<usize> = (0..model.stages.len()).filter(|&i| !model.stages[i].off_path).collect();
        let off_path: Vec<usize> = (0..model.stages.len()).filter(|&i| model.stages[i].off_path).collect();
        if listed.is_empty() {
            return Err(StageError::NoStages);
        }
        let path = resolve_order(model, &listed, &stage_index)?;
        let first = &model.stages[path[0]];
        if !first.entry_criteria.is_empty() {
            let field = format!("stages[{}].entry_criteria", path[0]);
            return Err(StageError::EntryStageHasCriteria { stage: first.key.clone(), field });
        }
        let mut path_position = vec![None; model.stages.len()];
        for (pos, &i) in path.iter().enumerate() {
            path_position[i] = Some(pos);
        }
        Ok(Plan { model, path, off_path, stage_index, path_position, milestones })
    }
}

/// Orders the path stages (`listed`, in list order) by their `after` links.
fn resolve_order(
    model: &StageModel,
    listed: &[usize],
    stage_index: &HashMap<&str, usize>,
) -> Result<Vec<usize>, StageError> {
    let n = model.stages.len();
    let key = |i: usize| model.stages[i].key.clone();
    // List order, unless a path stage names `after`: then every path stage
    // but the entry stage names the stage it follows.
    let linked = listed.iter().any(|&i| model.stages[i].after.is_some());
    let mut predecessor: Vec<Option<usize>> = vec![None; n];
    for (rank, &i) in listed.iter().enumerate() {
        predecessor[i] = match &model.stages[i].after {
            Some(after) => {
                let field = format!("stages[{i}].after");
                let &j = stage_index
                    .get(after.as_str())
                    .ok_or_else(|| StageError::UnknownStage { key: after.clone(), field: field.clone() })?;
                if model.stages[j].off_path {
                    return Err(StageError::OffPathInOrder { stage: after.clone(), field });
                }
                Some(j)
            }
            None if linked || rank == 0 => None,
            None => Some(listed[rank - 1]),
        };
    }
    let roots: Vec<usize> = listed.iter().copied().filter(|&i| predecessor[i].is_none()).collect();
    if roots.len() > 1 {
        return Err(StageError::MultipleEntryStages { stages: roots.into_iter().map(key).collect() });
    }
    let mut successor: Vec<Option<usize>> = vec![None; n];
    for &i in listed {
        if let Some(p) = predecessor[i] {
            if let Some(other) = successor[p] {
                return Err(StageError::BranchingOrder { stage: key(p), first: key(other), second: key(i) });
            }
            successor[p] = Some(i);
        }
    }
    // Every stage has at most one predecessor and one successor, so the path
    // stages split into chains and cycles; with at most one root there is at
    // most one chain.
    let mut path = Vec::with_capacity(listed.len());
    if let Some(&root) = roots.first() {
        let mut at = Some(root);
        while let Some(i) = at {
            path.push(i);
            at = successor[i];
        }
    }
    if path.len() == listed.len() {
        return Ok(path);
    }
    let on_path: HashSet<usize> = path.iter().copied().collect();
    let start = *listed.iter().find(|i| !on_path.contains(i)).expect("a stage is off the chain");
    // Off the chain every stage has a predecessor, so walking back must loop.
    let mut walk = vec![start];
    let mut at = start;
    loop {
        at = predecessor[at].expect("a stage off the chain has a predecessor");
        if let Some(pos) = walk.iter().position(|&w| w == at) {
            // Forward order, starting at the stage listed first.
            let mut ring: Vec<usize> = walk[pos..].iter().rev().copied().collect();
            let first = (0..ring.len()).min_by_key(|&r| ring[r]).expect("a cycle is never empty");
            ring.rotate_left(first);
            ring.push(ring[0]);
            let cycle = ring.into_iter().map(key).collect();
            return Err(StageError::CyclicOrder { cycle });
        }
        walk.push(at);
    }
}
