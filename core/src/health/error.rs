//! Errors raised by deal health and its calibration.

use crate::error::ErrorCode;

/// Why deal health could not be computed or calibrated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum HealthError {
    /// A [`super::DealHealthConfig`] or [`super::CalibrationConfig`] number is out of its range.
    #[error("{field}: {value} is invalid, expected {expected}")]
    InvalidConfig {
        /// The config field, e.g. `weights.no_power` or `healthy_at`.
        field: String,
        /// The given value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// Too few past outcomes to fit the weights (a fit on a handful of deals
    /// would only describe those deals).
    #[error("outcomes: {found} given ({won} won, {lost} lost), calibration needs at least {required} with {per_class} of each")]
    TooFewOutcomes {
        /// Outcomes given.
        found: usize,
        /// Of which won.
        won: usize,
        /// Of which lost.
        lost: usize,
        /// The minimum in total.
        required: usize,
        /// The minimum of won and of lost.
        per_class: usize,
    },
    /// An outcome's factor value is not a finite number in [−1, 1].
    #[error("outcomes[{index}].{code}: {value} is not a factor value in -1..=1")]
    BadOutcome {
        /// The position of the outcome.
        index: usize,
        /// The factor code.
        code: &'static str,
        /// The value given.
        value: f64,
    },
    /// The logistic fit did not converge (the outcomes are separable even with the ridge penalty).
    #[error("calibration did not converge in {iterations} iterations")]
    NotConverged {
        /// Iterations run.
        iterations: usize,
    },
}

impl HealthError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::health::HealthError;
    /// let e = HealthError::NotConverged { iterations: 50 };
    /// assert_eq!(e.code(), "not_converged");
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            HealthError::InvalidConfig { .. } => ErrorCode::InvalidConfig,
            HealthError::TooFewOutcomes { .. } => ErrorCode::TooFewOutcomes,
            HealthError::BadOutcome { .. } => ErrorCode::OutOfRange,
            HealthError::NotConverged { .. } => ErrorCode::NotConverged,
        }
    }

    /// The config field or input the error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            HealthError::InvalidConfig { field, .. } => Some(field),
            HealthError::TooFewOutcomes { .. } | HealthError::BadOutcome { .. } => Some("outcomes"),
            HealthError::NotConverged { .. } => None,
        }
    }
}
