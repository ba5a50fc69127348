//! Errors raised by trust scoring.

use crate::error::ErrorCode;

/// Why trust could not be scored.
///
/// Bad evidence inside a map (unknown ids, a delivery before the promise, a
/// rating outside 1..10) never reaches trust scoring: the map refuses it with a
/// [`crate::model::ModelError`] when it is added or loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TrustError {
    /// A [`super::TrustConfig`] number is out of its allowed range.
    #[error("{field}: {value} is invalid, expected {expected}")]
    InvalidConfig {
        /// The config field, e.g. `half_life_days` or `level_thresholds[2]`.
        field: String,
        /// The given value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// A team member id that is not in the map.
    #[error("member: no team member with id {id:?}")]
    UnknownMember {
        /// The id asked for.
        id: String,
    },
    /// A stakeholder id that is not in the map.
    #[error("stakeholder: no stakeholder with id {id:?}")]
    UnknownStakeholder {
        /// The id asked for.
        id: String,
    },
}

impl TrustError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::trust::TrustError;
    /// let e = TrustError::UnknownMember { id: "rep9".into() };
    /// assert_eq!(e.code(), "not_found");
    /// assert_eq!(e.field(), Some("member"));
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            TrustError::InvalidConfig { .. } => ErrorCode::InvalidConfig,
            TrustError::UnknownMember { .. } => ErrorCode::NotFound,
            TrustError::UnknownStakeholder { .. } => ErrorCode::NotFound,
        }
    }

    /// The config field or argument the error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            TrustError::InvalidConfig { field, .. } => Some(field),
            TrustError::UnknownMember { .. } => Some("member"),
            TrustError::UnknownStakeholder { .. } => Some("stakeholder"),
        }
    }
}
