//! The crate-wide error type.
//!
//! Each domain has its own `thiserror` enum ([`crate::model::ModelError`], ...);
//! [`Error`] wraps them so a caller that uses several domains can hold one type.
//! Every error has a stable snake_case [`Error::code`] that the Python and
//! JavaScript bindings carry unchanged.

use crate::io::FormatError;
use crate::model::ModelError;
use crate::trust::TrustError;

/// Any error relmap returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The relationship map is invalid.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A document or file could not be read.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Trust could not be scored.
    #[error(transparent)]
    Trust(#[from] TrustError),
}

impl Error {
    /// A stable snake_case code for the error, the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Model(e) => e.code(),
            Error::Format(e) => e.code(),
            Error::Trust(e) => e.code(),
        }
    }

    /// The field, JSON path or CSV column the error is about, where there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Model(e) => e.field(),
            Error::Format(e) => e.field(),
            Error::Trust(e) => e.field(),
        }
    }
}

/// `Result` with relmap's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
