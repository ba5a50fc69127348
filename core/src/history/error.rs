//! Errors of fitting influence from history.

use crate::chain::ChainError;
use crate::error::ErrorCode;

/// Why openness could not be fitted from a history of snapshots.
///
/// [`HistoryError::code`] is stable across versions and languages.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum HistoryError {
    /// Too few snapshots to identify openness with standard errors.
    #[error("snapshots: {found} given, at least {needed} needed ({why})")]
    TooFewSnapshots {
        /// Snapshots given.
        found: usize,
        /// Snapshots needed.
        needed: usize,
        /// What they are needed for.
        why: &'static str,
    },
    /// The snapshots are not in strictly increasing time order.
    #[error("{field}: {at} is not after the previous snapshot ({previous})")]
    OutOfOrder {
        /// This snapshot's date.
        at: crate::time::Timestamp,
        /// The previous snapshot's date.
        previous: crate::time::Timestamp,
        /// `snapshots[k].at`.
        field: String,
    },
    /// A snapshot is of another account than the first.
    #[error("{field}: {found:?} is another account than {expected:?}")]
    AccountMismatch {
        /// The first snapshot's account.
        expected: String,
        /// This snapshot's account.
        found: String,
        /// `snapshots[k].account.id`.
        field: String,
    },
    /// No known stance changes anywhere in the history, so nothing shows how
    /// open anyone is.
    #[error("stance: no stance changes between the snapshots, so the history says nothing about openness")]
    NoStanceChange,
    /// The history does not identify the parameters.
    #[error("{field}: not identified by the history: {reason}")]
    NotIdentified {
        /// `openness` or `strength_scale`.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A configuration number is out of its range.
    #[error("{field}: {value} is out of range, expected {expected}")]
    InvalidConfig {
        /// The config field.
        field: String,
        /// The given value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// The influence model of a snapshot could not be built.
    #[error("chain: {0}")]
    Chain(#[from] ChainError),
}

impl HistoryError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::history::HistoryError;
    /// assert_eq!(HistoryError::NoStanceChange.code(), "no_stance_change");
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            HistoryError::TooFewSnapshots { .. } => ErrorCode::TooFewSnapshots,
            HistoryError::OutOfOrder { .. } => ErrorCode::InvalidTime,
            HistoryError::AccountMismatch { .. } => ErrorCode::InvalidArgument,
            HistoryError::NoStanceChange => ErrorCode::NoStanceChange,
            HistoryError::NotIdentified { .. } => ErrorCode::NotIdentified,
            HistoryError::InvalidConfig { .. } => ErrorCode::InvalidConfig,
            HistoryError::Chain(e) => e.error_code(),
        }
    }

    /// The field the error is about.
    ///
    /// ```
    /// use relmap::history::HistoryError;
    /// let e = HistoryError::TooFewSnapshots { found: 2, needed: 3, why: "standard errors" };
    /// assert_eq!(e.field(), Some("snapshots"));
    /// ```
    pub fn field(&self) -> Option<&str> {
        match self {
            HistoryError::TooFewSnapshots { .. } => Some("snapshots"),
            HistoryError::OutOfOrder { field, .. }
            | HistoryError::AccountMismatch { field, .. }
            | HistoryError::InvalidConfig { field, .. } => Some(field),
            HistoryError::NoStanceChange => Some("stance"),
            HistoryError::NotIdentified { field, .. } => Some(field),
            HistoryError::Chain(e) => e.field(),
        }
    }
}
