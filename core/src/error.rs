//! The crate-wide error type.
//!
//! Each domain has its own `thiserror` enum ([`crate::model::ModelError`], ...);
//! [`Error`] wraps them so a caller that uses several domains can hold one type.
//! Every error has a stable snake_case [`Error::code`] that the Python and
//! JavaScript bindings carry unchanged.

use crate::chain::ChainError;
use crate::health::HealthError;
use crate::history::HistoryError;
use crate::io::import::ImportError;
use crate::io::FormatError;
use crate::matrix::MatrixError;
use crate::model::ModelError;
use crate::network::NetworkError;
use crate::perception::PerceptionError;
use crate::render::RenderError;
use crate::stage::StageError;
use crate::trust::TrustError;
use crate::value::ValueError;

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
    /// An import could not run (bad mapping or options, no input).
    #[error(transparent)]
    Import(#[from] ImportError),
    /// A picture could not be drawn (bad overlay or options).
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A stage model is invalid, or an opportunity does not fit it.
    #[error(transparent)]
    Stage(#[from] StageError),
    /// A classification or competition matrix cannot be computed from its input.
    #[error(transparent)]
    Matrix(#[from] MatrixError),
    /// The decision-chain analysis failed.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// Trust could not be scored.
    #[error(transparent)]
    Trust(#[from] TrustError),
    /// A customer-value computation failed.
    #[error(transparent)]
    Value(#[from] ValueError),
    /// Openness could not be fitted from a history of snapshots.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// The portfolio network could not be built or queried.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// Several perceptions of one account could not be merged.
    #[error(transparent)]
    Perception(#[from] PerceptionError),
    /// Deal health could not be computed or calibrated.
    #[error(transparent)]
    Health(#[from] HealthError),
}

impl Error {
    /// A stable snake_case code for the error, the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Model(e) => e.code(),
            Error::Format(e) => e.code(),
            Error::Import(e) => e.code(),
            Error::Render(e) => e.code(),
            Error::Stage(e) => e.code(),
            Error::Matrix(e) => e.code(),
            Error::Chain(e) => e.code(),
            Error::Trust(e) => e.code(),
            Error::Value(e) => e.code(),
            Error::Perception(e) => e.code(),
            Error::Network(e) => e.code(),
            Error::History(e) => e.code(),
            Error::Health(e) => e.code(),
        }
    }

    /// The field, JSON path or CSV column the error is about, where there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Model(e) => e.field(),
            Error::Format(e) => e.field(),
            Error::Import(e) => e.field(),
            Error::Render(e) => e.field(),
            Error::Stage(e) => e.field(),
            Error::Matrix(e) => e.field(),
            Error::Chain(e) => e.field(),
            Error::Trust(e) => e.field(),
            Error::Value(e) => e.field(),
            Error::Perception(e) => e.field(),
            Error::Network(e) => e.field(),
            Error::History(e) => e.field(),
            Error::Health(e) => e.field(),
        }
    }
}

/// `Result` with relmap's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
