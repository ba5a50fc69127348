//! Errors of the portfolio network.

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
    /// An account id is not in the portfolio.
    #[error("{field}: no account {account:?} in the portfolio")]
    UnknownAccount {
        /// The account id.
        account: String,
        /// The field naming it.
        field: String,
    },
    /// A stakeholder id is not in the account's map.
    #[error("{field}: no stakeholder {id:?} in account {account:?}")]
    UnknownStakeholder {
        /// The account id.
        account: String,
        /// The stakeholder id.
        id: String,
        /// The field naming it.
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
    /// let e = NetworkError::UnknownAccount { account: "x".into(), field: "account".into() };
    /// assert_eq!((e.code(), e.field()), ("unknown_account", Some("account")));
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            NetworkError::DuplicateAccount { .. } => "duplicate_id",
            NetworkError::UnknownAccount { .. } => "unknown_account",
            NetworkError::UnknownStakeholder { .. } => "unknown_reference",
            NetworkError::AmbiguousIdentity { .. } => "ambiguous_identity",
            NetworkError::InvalidConfig { .. } => "invalid_config",
        }
    }

    /// The field the error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            NetworkError::DuplicateAccount { field, .. }
            | NetworkError::UnknownAccount { field, .. }
            | NetworkError::UnknownStakeholder { field, .. }
            | NetworkError::AmbiguousIdentity { field, .. }
            | NetworkError::InvalidConfig { field, .. } => Some(field),
        }
    }
}
