//! The crate-wide error type.
//!
//! Each domain has its own `thiserror` enum ([`crate::model::ModelError`], ...);
//! [`Error`] wraps them so a caller that uses several domains can hold one type.
//! Every error has a stable snake_case [`Error::code`] that the Python and
//! JavaScript bindings carry unchanged.

use crate::model::ModelError;
use crate::value::ValueError;

/// Any error relmap returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The relationship map is invalid.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A customer-value computation failed.
    #[error(transparent)]
    Value(#[from] ValueError),
}

impl Error {
    /// A stable snake_case code for the error, the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Model(e) => e.code(),
            Error::Value(e) => e.code(),
        }
    }
}

/// `Result` with relmap's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
