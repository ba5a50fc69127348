//! Errors of the matrices: bad accounts for the classification matrix, bad
//! criteria, weights, scores or influence for the competition matrix.

use crate::error::ErrorCode;

/// Why a classification or competition matrix cannot be computed.
///
/// Every variant names the offending id and field. [`MatrixError::code`] is
/// stable across versions and languages.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MatrixError {
    /// The classification matrix was given no accounts.
    #[error("accounts: no accounts to classify")]
    NoAccounts,
    /// An account id is empty (or only white space).
    #[error("{field}: account id is empty")]
    EmptyAccountId {
        /// Where it stands, e.g. `accounts[3].id`.
        field: String,
    },
    /// Two accounts share an id.
    #[error("{field}: duplicate account id {id:?}")]
    DuplicateAccount {
        /// The repeated id.
        id: String,
        /// Where the second occurrence stands.
        field: String,
    },
    /// An axis value is NaN or infinite.
    #[error("{field}: {value} is not a finite number (account {id:?})")]
    NonFiniteValue {
        /// The account id.
        id: String,
        /// The field, e.g. `accounts[2].relationship`.
        field: String,
        /// The given value.
        value: f64,
    },
    /// An account of the portfolio has a relationship map but no value was given for it.
    #[error("values: no value for account {id:?}, which has a relationship map (give 0 if it has none)")]
    MissingValue {
        /// The account id.
        id: String,
    },
    /// A threshold setting is unusable (a quantile outside 0..=1, a NaN cut).
    #[error("{field}: {value} is not a valid threshold, expected {expected}")]
    BadThreshold {
        /// The config field, e.g. `value_threshold`.
        field: &'static str,
        /// The given value.
        value: f64,
        /// What is allowed, in words.
        expected: &'static str,
    },
    /// `CompetitionConfig::tie_tolerance` is negative, NaN or infinite.
    #[error("tie_tolerance: {value} must be a finite number >= 0")]
    BadTieTolerance {
        /// The given value.
        value: f64,
    },
    /// The opportunity has no decision criterion that any stakeholder weights.
    #[error("opportunity {opportunity:?}, criteria: no stakeholder weights any decision criterion")]
    NoCriteriaWeights {
        /// The opportunity id.
        opportunity: String,
    },
    /// Two criteria share an id.
    #[error("opportunity {opportunity:?}, {field}: duplicate criterion {criterion:?}")]
    DuplicateCriterion {
        /// The opportunity id.
        opportunity: String,
        /// The repeated criterion id.
        criterion: String,
        /// Where the second occurrence stands.
        field: String,
    },
    /// A criterion weight is negative, NaN or infinite.
    #[error("opportunity {opportunity:?}, {field}: weight {value} must be a finite number >= 0")]
    BadWeight {
        /// The opportunity id.
        opportunity: String,
        /// The field, e.g. `criteria[1].weights.cfo`.
        field: String,
        /// The given value.
        value: f64,
    },
    /// A stakeholder's criterion weights sum to 0, so their priorities are undefined.
    #[error("opportunity {opportunity:?}: the criterion weights of stakeholder {stakeholder:?} sum to 0")]
    ZeroWeights {
        /// The opportunity id.
        opportunity: String,
        /// The stakeholder id.
        stakeholder: String,
    },
    /// Our own vendor has no scores.
    #[error("opportunity {opportunity:?}, vendor_scores: no scores for our vendor {vendor:?}")]
    MissingOurVendor {
        /// The opportunity id.
        opportunity: String,
        /// Our vendor key (`CompetitionConfig::our_vendor`).
        vendor: String,
    },
    /// A vendor has no score on a weighted criterion.
    #[error("opportunity {opportunity:?}, vendor_scores.{vendor}.{criterion}: missing score")]
    MissingScore {
        /// The opportunity id.
        opportunity: String,
        /// The vendor.
        vendor: String,
        /// The criterion.
        criterion: String,
    },
    /// A vendor score is NaN or infinite.
    #[error("opportunity {opportunity:?}, vendor_scores.{vendor}.{criterion}: {value} is not a finite number")]
    NonFiniteScore {
        /// The opportunity id.
        opportunity: String,
        /// The vendor.
        vendor: String,
        /// The criterion.
        criterion: String,
        /// The given value.
        value: f64,
    },
    /// A vendor score names a criterion the opportunity does not list.
    #[error("opportunity {opportunity:?}, vendor_scores.{vendor}.{criterion}: unknown criterion")]
    UnknownCriterion {
        /// The opportunity id.
        opportunity: String,
        /// The vendor.
        vendor: String,
        /// The criterion id that is not listed.
        criterion: String,
    },
    /// The influence map has no entry for a stakeholder who weights criteria.
    #[error("opportunity {opportunity:?}: no decision influence given for stakeholder {stakeholder:?}")]
    MissingInfluence {
        /// The opportunity id.
        opportunity: String,
        /// The stakeholder id.
        stakeholder: String,
    },
    /// A decision influence is negative, NaN or infinite.
    #[error("influence.{stakeholder}: {value} must be a finite number >= 0")]
    BadInfluence {
        /// The stakeholder id.
        stakeholder: String,
        /// The given value.
        value: f64,
    },
    /// The stakeholders who weight criteria hold no decision influence at all.
    #[error("opportunity {opportunity:?}: the stakeholders who weight criteria have zero total influence")]
    ZeroInfluence {
        /// The opportunity id.
        opportunity: String,
    },
}

impl MatrixError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::matrix::MatrixError;
    /// let e = MatrixError::ZeroWeights { opportunity: "o1".into(), stakeholder: "cfo".into() };
    /// assert_eq!(e.code(), "zero_weights");
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            MatrixError::NoAccounts => ErrorCode::EmptyList,
            MatrixError::EmptyAccountId { .. } => ErrorCode::EmptyId,
            MatrixError::DuplicateAccount { .. } => ErrorCode::DuplicateId,
            MatrixError::NonFiniteValue { .. } => ErrorCode::NonFinite,
            MatrixError::MissingValue { .. } => ErrorCode::MissingValue,
            MatrixError::BadThreshold { .. } => ErrorCode::InvalidConfig,
            MatrixError::BadTieTolerance { .. } => ErrorCode::InvalidConfig,
            MatrixError::NoCriteriaWeights { .. } => ErrorCode::NoCriteriaWeights,
            MatrixError::DuplicateCriterion { .. } => ErrorCode::DuplicateId,
            MatrixError::BadWeight { .. } => ErrorCode::OutOfRange,
            MatrixError::ZeroWeights { .. } => ErrorCode::ZeroWeights,
            MatrixError::MissingOurVendor { .. } => ErrorCode::MissingValue,
            MatrixError::MissingScore { .. } => ErrorCode::MissingValue,
            MatrixError::NonFiniteScore { .. } => ErrorCode::NonFinite,
            MatrixError::UnknownCriterion { .. } => ErrorCode::UnknownReference,
            MatrixError::MissingInfluence { .. } => ErrorCode::MissingValue,
            MatrixError::BadInfluence { .. } => ErrorCode::OutOfRange,
            MatrixError::ZeroInfluence { .. } => ErrorCode::ZeroInfluence,
        }
    }

    /// The field the error is about, where there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            MatrixError::EmptyAccountId { field }
            | MatrixError::DuplicateAccount { field, .. }
            | MatrixError::NonFiniteValue { field, .. }
            | MatrixError::DuplicateCriterion { field, .. }
            | MatrixError::BadWeight { field, .. } => Some(field),
            MatrixError::BadThreshold { field, .. } => Some(field),
            MatrixError::NoAccounts => Some("accounts"),
            MatrixError::MissingValue { .. } => Some("values"),
            MatrixError::BadTieTolerance { .. } => Some("tie_tolerance"),
            MatrixError::NoCriteriaWeights { .. } | MatrixError::ZeroWeights { .. } => Some("criteria"),
            MatrixError::MissingOurVendor { .. }
            | MatrixError::MissingScore { .. }
            | MatrixError::NonFiniteScore { .. }
            | MatrixError::UnknownCriterion { .. } => Some("vendor_scores"),
            MatrixError::MissingInfluence { .. }
            | MatrixError::BadInfluence { .. }
            | MatrixError::ZeroInfluence { .. } => Some("influence"),
        }
    }
}
