//! Errors of merging perceptions.

use crate::chain::ChainError;
use crate::error::ErrorCode;

/// Why several perceptions of one account could not be merged.
///
/// Every variant names the offending perceiver or id and the field;
/// [`PerceptionError::code`] is stable across versions and languages.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PerceptionError {
    /// No perception was given.
    #[error("perceptions: none given, pass at least one perceiver's map")]
    NoPerceptions,
    /// A perceiver id is empty (or only white space).
    #[error("perceptions: a perceiver id is empty")]
    EmptyPerceiver,
    /// The same perceiver is given twice.
    #[error("{field}: perceiver {perceiver:?} given twice")]
    DuplicatePerceiver {
        /// The repeated perceiver id.
        perceiver: String,
        /// `perceptions.{perceiver}`.
        field: String,
    },
    /// A perception is of another account than the others.
    #[error("{field}: {found:?} is another account than {expected:?}")]
    AccountMismatch {
        /// The account of the first perceiver (in id order).
        expected: String,
        /// The account of this perceiver's map.
        found: String,
        /// `perceptions.{perceiver}.account.id`.
        field: String,
    },
    /// A rule or configuration number is out of its range.
    #[error("{field}: {value} is out of range, expected {expected}")]
    InvalidConfig {
        /// The field, e.g. `rule.share` or `role_share`.
        field: String,
        /// The given value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// A locally aggregated rule (`las_and`, `las_or`) needs every perceiver to be a
    /// stakeholder of the merged map, and this one is not.
    #[error(
        "{field}: {id:?} is not a stakeholder of the merged map{}; the las rules need perceivers \
         who are on the map (name their stakeholder id in MergeConfig::perceivers)",
        if *team_member { " (it is one of our team members, who are never on the influence network)" } else { "" }
    )]
    PerceiverNotOnMap {
        /// The stakeholder id looked up for the perceiver.
        id: String,
        /// Whether the id is one of our team members.
        team_member: bool,
        /// `perceivers.{perceiver}`.
        field: String,
    },
    /// The org chart chosen by majority closes a cycle.
    #[error("reports_to: the perceivers' majority org chart has a cycle: {}", cycle.join(" -> "))]
    OrgChartDisagreement {
        /// The stakeholder ids around the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// Two perceptions hold different records under one id (team member,
    /// interaction, evidence or opportunity): these are facts, not perceptions,
    /// and must agree.
    #[error("{field}: {id:?} differs from the record in the perception of {first:?}")]
    ConflictingRecord {
        /// The record id.
        id: String,
        /// The perceiver whose record is kept.
        first: String,
        /// `perceptions.{perceiver}.{team|interactions|evidence|opportunities}`.
        field: String,
    },
    /// The decision influence of one perception (or of the consensus) could not be computed.
    #[error("{field}: {source}")]
    Analysis {
        /// What went wrong.
        source: ChainError,
        /// `perceptions.{perceiver}`, or `consensus`.
        field: String,
    },
}

impl PerceptionError {
    /// A stable snake_case code for this error (an analysis error keeps the chain's code).
    ///
    /// ```
    /// use relmap::perception::PerceptionError;
    /// assert_eq!(PerceptionError::NoPerceptions.code(), "empty_list");
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            PerceptionError::NoPerceptions => ErrorCode::EmptyList,
            PerceptionError::EmptyPerceiver => ErrorCode::EmptyId,
            // Two different records under one id are two entities sharing it.
            PerceptionError::DuplicatePerceiver { .. } | PerceptionError::ConflictingRecord { .. } => {
                ErrorCode::DuplicateId
            }
            PerceptionError::AccountMismatch { .. } => ErrorCode::InvalidArgument,
            PerceptionError::InvalidConfig { .. } => ErrorCode::InvalidConfig,
            PerceptionError::PerceiverNotOnMap { .. } => ErrorCode::UnknownReference,
            PerceptionError::OrgChartDisagreement { .. } => ErrorCode::ReportsToCycle,
            PerceptionError::Analysis { source, .. } => source.error_code(),
        }
    }

    /// The field the error is about.
    ///
    /// ```
    /// use relmap::perception::PerceptionError;
    /// let e = PerceptionError::NoPerceptions;
    /// assert_eq!(e.field(), Some("perceptions"));
    /// ```
    pub fn field(&self) -> Option<&str> {
        match self {
            PerceptionError::NoPerceptions | PerceptionError::EmptyPerceiver => Some("perceptions"),
            PerceptionError::OrgChartDisagreement { .. } => Some("reports_to"),
            PerceptionError::DuplicatePerceiver { field, .. }
            | PerceptionError::AccountMismatch { field, .. }
            | PerceptionError::InvalidConfig { field, .. }
            | PerceptionError::PerceiverNotOnMap { field, .. }
            | PerceptionError::ConflictingRecord { field, .. }
            | PerceptionError::Analysis { field, .. } => Some(field),
        }
    }
}
