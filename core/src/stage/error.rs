//! Errors of the sales-stage domain: a bad stage model, or an opportunity the
//! model cannot read.

use crate::error::ErrorCode;

/// Why a stage model is invalid, or why an opportunity cannot be staged with it.
///
/// Every variant names the offending key and field. [`StageError::code`] is
/// stable across versions and languages.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StageError {
    /// The model has no stage on the sales path.
    #[error("stages: the model has no stage on the sales path")]
    NoStages,
    /// A stage or milestone key is empty (or only white space).
    #[error("{field}: key is empty")]
    EmptyKey {
        /// Where the empty key stands, e.g. `stages[2].key`.
        field: String,
    },
    /// Two stages, two milestones, or two entry criteria of one stage share a key.
    #[error("{field}: duplicate {kind} {key:?}")]
    DuplicateKey {
        /// `stage`, `milestone` or `entry criterion`.
        kind: &'static str,
        /// The repeated key.
        key: String,
        /// Where the second occurrence stands.
        field: String,
    },
    /// A stage's entry criteria name a milestone the model does not define.
    #[error("{field}: unknown milestone {key:?}")]
    UnknownMilestone {
        /// The milestone key.
        key: String,
        /// The referring field, e.g. `stages[3].entry_criteria[1]`.
        field: String,
    },
    /// A stage's `after` names a stage the model does not define.
    #[error("{field}: unknown stage {key:?}")]
    UnknownStage {
        /// The stage key.
        key: String,
        /// The referring field.
        field: String,
    },
    /// Following `after` links loops back on itself.
    #[error("stages: cyclic stage order: {}", cycle.join(" -> "))]
    CyclicOrder {
        /// The stage keys around the cycle in path order, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// Two stages follow the same stage, so the sales path would branch.
    #[error("stages: the sales path branches after {stage:?}: both {first:?} and {second:?} follow it")]
    BranchingOrder {
        /// The stage with two successors.
        stage: String,
        /// The first successor found.
        first: String,
        /// The second successor found.
        second: String,
    },
    /// The model orders its path with `after`, but more than one path stage lacks it.
    #[error("stages: with `after` links, only the entry stage may omit `after`; these do: {}", stages.join(", "))]
    MultipleEntryStages {
        /// The path stages without `after`, in list order.
        stages: Vec<String>,
    },
    /// An off-path stage takes part in the path order (has `after`, or is named by one).
    #[error("{field}: off-path stage {stage:?} cannot take part in the stage order")]
    OffPathInOrder {
        /// The off-path stage.
        stage: String,
        /// The field linking it into the order.
        field: String,
    },
    /// An off-path stage (e.g. `closed_lost`) has no entry criteria, so it would always apply.
    #[error("{field}: off-path stage {stage:?} needs at least one entry criterion")]
    OffPathWithoutCriteria {
        /// The stage key.
        stage: String,
        /// The field, e.g. `stages[7].entry_criteria`.
        field: String,
    },
    /// The first stage on the path has entry criteria; every opportunity must start somewhere.
    #[error("{field}: the first stage {stage:?} must have no entry criteria")]
    EntryStageHasCriteria {
        /// The first stage on the path.
        stage: String,
        /// The field, e.g. `stages[0].entry_criteria`.
        field: String,
    },
    /// A win probability is NaN, infinite or outside 0..=1.
    #[error("{field}: win probability {value} of stage {stage:?} is outside 0..=1")]
    BadProbability {
        /// The stage key.
        stage: String,
        /// The field.
        field: String,
        /// The given value.
        value: f64,
    },
    /// An opportunity records a milestone the model does not define.
    #[error("opportunity {opportunity:?}, {field}: milestone {key:?} is not defined by the stage model")]
    UnknownOpportunityMilestone {
        /// The opportunity id.
        opportunity: String,
        /// The milestone key.
        key: String,
        /// The field inside the opportunity, e.g. `milestones[2].key`.
        field: String,
    },
    /// An opportunity's declared stage is not a stage of the model.
    #[error("opportunity {opportunity:?}, declared_stage: stage {stage:?} is not defined by the stage model")]
    UnknownDeclaredStage {
        /// The opportunity id.
        opportunity: String,
        /// The declared stage key.
        stage: String,
    },
}

impl StageError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::stage::StageError;
    /// let e = StageError::CyclicOrder { cycle: vec!["a".into(), "b".into(), "a".into()] };
    /// assert_eq!(e.code(), "cyclic_stage_order");
    /// assert_eq!(e.to_string(), "stages: cyclic stage order: a -> b -> a");
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            StageError::NoStages => ErrorCode::EmptyList,
            StageError::EmptyKey { .. } => ErrorCode::EmptyId,
            StageError::DuplicateKey { .. } => ErrorCode::DuplicateId,
            StageError::UnknownMilestone { .. } => ErrorCode::UnknownReference,
            StageError::UnknownStage { .. } => ErrorCode::UnknownReference,
            StageError::CyclicOrder { .. } => ErrorCode::CyclicStageOrder,
            StageError::BranchingOrder { .. } => ErrorCode::BranchingStageOrder,
            StageError::MultipleEntryStages { .. } => ErrorCode::MultipleEntryStages,
            StageError::OffPathInOrder { .. } => ErrorCode::OffPathInOrder,
            StageError::OffPathWithoutCriteria { .. } => ErrorCode::OffPathWithoutCriteria,
            StageError::EntryStageHasCriteria { .. } => ErrorCode::EntryStageHasCriteria,
            StageError::BadProbability { .. } => ErrorCode::OutOfRange,
            StageError::UnknownOpportunityMilestone { .. } => ErrorCode::UnknownReference,
            StageError::UnknownDeclaredStage { .. } => ErrorCode::UnknownReference,
        }
    }

    /// The field the error is about, where there is one.
    ///
    /// Fields of the model are paths inside the stage-model document
    /// (`stages[3].entry_criteria[1]`); fields of an opportunity are paths
    /// inside that opportunity (`milestones[2].key`, `declared_stage`).
    pub fn field(&self) -> Option<&str> {
        match self {
            StageError::EmptyKey { field }
            | StageError::DuplicateKey { field, .. }
            | StageError::UnknownMilestone { field, .. }
            | StageError::UnknownStage { field, .. }
            | StageError::OffPathInOrder { field, .. }
            | StageError::OffPathWithoutCriteria { field, .. }
            | StageError::EntryStageHasCriteria { field, .. }
            | StageError::BadProbability { field, .. }
            | StageError::UnknownOpportunityMilestone { field, .. } => Some(field),
            StageError::NoStages
            | StageError::CyclicOrder { .. }
            | StageError::BranchingOrder { .. }
            | StageError::MultipleEntryStages { .. } => Some("stages"),
            StageError::UnknownDeclaredStage { .. } => Some("declared_stage"),
        }
    }
}
