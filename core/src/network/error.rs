//! Errors of the portfolio network.

use crate::error::ErrorCode;
/// Why the portfolio network could not be built or queried.
///
/// [`NetworkError::code`] is stable across versions and languages.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NetworkError {
    /// Two maps of the portfolio are of the same account.
    #[error("{field}: account {account:?} appears twice in the portfolio")]
    DuplicateAccount {
        /// The account id.
        account: String,
        /// `maps[k].account.id`.
        field: String,
    },
    /// A link names an account or stakeholder that is not in the portfolio.
    #[error("{field}: unknown {kind} {id:?}")]
    UnknownReference {
        /// `account` or `stakeholder`.
        kind: &'static str,
        /// The id (for a stakeholder: `account/stakeholder`).
        id: String,
        /// The link field, e.g. `links[0].first`.
        field: String,
    },
    /// A query names an account or stakeholder that is not in the portfolio.
    #[error("{field}: no {kind} {id:?} in the portfolio")]
    NotFound {
        /// `account` or `stakeholder`.
        kind: &'static str,
        /// The id (for a stakeholder: `account/stakeholder`).
        id: String,
        /// The argument: `account` or `stakeholder`.
        field: String,
    },
    /// The identity rule makes two people of one account the same person.
    #[error("{field}: {first:?} and {second:?} of account {account:?} would be one person")]
    AmbiguousIdentity {
        /// The account.
        account: String,
        /// One stakeholder id.
        first: String,
        /// The other.
        second: String,
        /// The identity key or link that joined them.
        field: String,
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
}

impl NetworkError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::network::NetworkError;
    /// let e = NetworkError::NotFound { kind: "account", id: "x".into(), field: "account".into() };
    /// assert_eq!((e.code(), e.field()), ("not_found", Some("account")));
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            NetworkError::DuplicateAccount { .. } => ErrorCode::DuplicateId,
            NetworkError::UnknownReference { .. } => ErrorCode::UnknownReference,
            NetworkError::NotFound { .. } => ErrorCode::NotFound,
            NetworkError::AmbiguousIdentity { .. } => ErrorCode::AmbiguousIdentity,
            NetworkError::InvalidConfig { .. } => ErrorCode::InvalidConfig,
        }
    }

    /// The field the error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            NetworkError::DuplicateAccount { field, .. }
            | NetworkError::UnknownReference { field, .. }
            | NetworkError::NotFound { field, .. }
            | NetworkError::AmbiguousIdentity { field, .. }
            | NetworkError::InvalidConfig { field, .. } => Some(field),
        }
    }
}
