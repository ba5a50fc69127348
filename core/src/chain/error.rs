//! Errors of the decision-chain analysis.

use crate::error::ErrorCode;

/// Why a decision chain could not be computed.
///
/// Every variant names the offending field (and id where there is one);
/// [`ChainError::code`] is stable across versions and languages.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainError {
    /// The map has no stakeholders, so there is nobody to analyse.
    #[error("the map has no stakeholders")]
    EmptyMap,
    /// Every stakeholder's formal authority is 0, so nobody decides.
    #[error("every stakeholder has authority 0: give someone a deciding role (economic_buyer, ...) or an authority")]
    NoAuthority,
    /// The influence iteration did not reach the tolerance within the iteration cap.
    #[error(
        "{quantity} did not converge: error bound {residual:e} after {iterations} iterations \
         (raise max_iterations or tolerance)"
    )]
    NotConverged {
        /// What was being solved: `decision_influence` or `predicted_stance`.
        quantity: &'static str,
        /// Iterations done (= the cap).
        iterations: usize,
        /// The a-posteriori error bound reached.
        residual: f64,
    },
    /// A configuration number is out of its range (or not finite).
    #[error("{field}: {value} is out of range, expected {expected}")]
    InvalidConfig {
        /// The config field, e.g. `default_openness`.
        field: String,
        /// The given value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// An argument names a stakeholder that is not in the analysed map.
    #[error("{field}: no stakeholder {id:?} in the analysed map")]
    NotFound {
        /// The id asked for.
        id: String,
        /// The argument, e.g. `to`.
        field: &'static str,
    },
    /// A relationship tie handed in by the caller is invalid.
    #[error("ties[{index}].{field}: {reason}")]
    InvalidTie {
        /// Position of the tie in the input slice.
        index: usize,
        /// The offending field: `member`, `stakeholder` or `strength`.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
}

impl ChainError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::chain::ChainError;
    /// assert_eq!(ChainError::NoAuthority.code(), "no_authority");
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ChainError::EmptyMap => ErrorCode::EmptyList,
            ChainError::NoAuthority => ErrorCode::NoAuthority,
            ChainError::NotConverged { .. } => ErrorCode::NotConverged,
            ChainError::InvalidConfig { .. } => ErrorCode::InvalidConfig,
            ChainError::InvalidTie { .. } => ErrorCode::InvalidTie,
            ChainError::NotFound { .. } => ErrorCode::NotFound,
        }
    }

    /// The field the error is about, where there is one.
    ///
    /// ```
    /// use relmap::chain::ChainError;
    /// let e = ChainError::NotConverged { quantity: "decision_influence", iterations: 10, residual: 1e-3 };
    /// assert_eq!(e.field(), Some("max_iterations"));
    /// ```
    pub fn field(&self) -> Option<&str> {
        match self {
            ChainError::EmptyMap => Some("stakeholders"),
            ChainError::NoAuthority => Some("authority"),
            ChainError::NotConverged { .. } => Some("max_iterations"),
            ChainError::InvalidConfig { field, .. } => Some(field),
            ChainError::InvalidTie { field, .. } | ChainError::NotFound { field, .. } => Some(field),
        }
    }
}
