//! Errors raised when a relationship map is built, edited or loaded.

use crate::error::ErrorCode;

/// Why a relationship map is invalid.
///
/// Every variant names the offending id and the field, so a caller can point
/// at the exact cell of the input. [`ModelError::code`] is stable across
/// versions and languages.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// An id is the empty string (or only white space).
    #[error("{field}: id is empty")]
    EmptyId {
        /// Where the empty id stands, e.g. `stakeholders[3].id`.
        field: String,
    },
    /// Two entities of the same kind share an id.
    #[error("{field}: duplicate {kind} id {id:?}")]
    DuplicateId {
        /// The kind of entity (`stakeholder`, `team_member`, ...).
        kind: &'static str,
        /// The repeated id.
        id: String,
        /// Where the second occurrence stands.
        field: String,
    },
    /// A field names an id that does not exist in the map.
    #[error("{field}: unknown {kind} id {id:?}")]
    UnknownReference {
        /// The kind of entity expected.
        kind: &'static str,
        /// The id that was not found.
        id: String,
        /// The referring field.
        field: String,
    },
    /// The `reports_to` chain loops back on itself.
    #[error("reports_to cycle: {}", cycle.join(" -> "))]
    ReportsToCycle {
        /// The stakeholder ids around the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// A relation or `reports_to` points from a stakeholder to itself.
    #[error("{field}: {id:?} refers to itself")]
    SelfLoop {
        /// The stakeholder id.
        id: String,
        /// The field holding the loop.
        field: String,
    },
    /// The same relation (source, target, kind) appears twice, or a two-way
    /// relation is given again in reverse.
    #[error("{field}: duplicate {kind} relation {source_id:?} -> {target_id:?}")]
    DuplicateRelation {
        /// Source stakeholder id.
        source_id: String,
        /// Target stakeholder id.
        target_id: String,
        /// The relation kind.
        kind: &'static str,
        /// Where the second occurrence stands.
        field: String,
    },
    /// A number lies outside its allowed range.
    #[error("{field}: {value} is out of range, expected {expected} (id {id:?})")]
    OutOfRange {
        /// The entity id the number belongs to.
        id: String,
        /// The field.
        field: String,
        /// The given value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// A number is NaN or infinite.
    #[error("{field}: {value} is not a finite number (id {id:?})")]
    NonFinite {
        /// The entity id the number belongs to.
        id: String,
        /// The field.
        field: String,
        /// The given value.
        value: f64,
    },
    /// A time is inconsistent with another (e.g. delivered before promised).
    #[error("{field}: {reason} (id {id:?})")]
    InvalidTime {
        /// The entity id.
        id: String,
        /// The field.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// A contact key (an email address or a source-system id) is malformed.
    #[error("{field}: {reason} (id {id:?})")]
    InvalidContact {
        /// The person's id.
        id: String,
        /// The field, e.g. `stakeholders[2].emails[0]`.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// An entity that must list at least one member/stakeholder lists none.
    #[error("{field}: must not be empty (id {id:?})")]
    EmptyList {
        /// The entity id.
        id: String,
        /// The field.
        field: String,
    },
    /// A lookup or removal named an id that is not in the map.
    #[error("no {kind} with id {id:?}")]
    NotFound {
        /// The kind of entity.
        kind: &'static str,
        /// The id asked for.
        id: String,
    },
    /// The entity cannot be removed while others refer to it.
    #[error("cannot remove {kind} {id:?}: {field} still refers to it")]
    StillReferenced {
        /// The kind of entity.
        kind: &'static str,
        /// Its id.
        id: String,
        /// The first field that refers to it.
        field: String,
    },
}

impl ModelError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::model::ModelError;
    /// let e = ModelError::EmptyId { field: "stakeholders[0].id".into() };
    /// assert_eq!(e.code(), "empty_id");
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ModelError::EmptyId { .. } => ErrorCode::EmptyId,
            ModelError::DuplicateId { .. } => ErrorCode::DuplicateId,
            ModelError::UnknownReference { .. } => ErrorCode::UnknownReference,
            ModelError::ReportsToCycle { .. } => ErrorCode::ReportsToCycle,
            ModelError::SelfLoop { .. } => ErrorCode::SelfLoop,
            ModelError::DuplicateRelation { .. } => ErrorCode::DuplicateRelation,
            ModelError::OutOfRange { .. } => ErrorCode::OutOfRange,
            ModelError::NonFinite { .. } => ErrorCode::NonFinite,
            ModelError::InvalidTime { .. } => ErrorCode::InvalidTime,
            ModelError::InvalidContact { .. } => ErrorCode::InvalidContact,
            ModelError::EmptyList { .. } => ErrorCode::EmptyList,
            ModelError::NotFound { .. } => ErrorCode::NotFound,
            ModelError::StillReferenced { .. } => ErrorCode::StillReferenced,
        }
    }

    /// The field the error is about, where there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            ModelError::EmptyId { field }
            | ModelError::DuplicateId { field, .. }
            | ModelError::UnknownReference { field, .. }
            | ModelError::SelfLoop { field, .. }
            | ModelError::DuplicateRelation { field, .. }
            | ModelError::OutOfRange { field, .. }
            | ModelError::NonFinite { field, .. }
            | ModelError::InvalidTime { field, .. }
            | ModelError::InvalidContact { field, .. }
            | ModelError::EmptyList { field, .. }
            | ModelError::StillReferenced { field, .. } => Some(field),
            ModelError::ReportsToCycle { .. } => Some("reports_to"),
            ModelError::NotFound { .. } => None,
        }
    }
}
