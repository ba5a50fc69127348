//! Errors that stop an import before anything is merged.
//!
//! Problems with single records (a row without an id, an unreadable date, a
//! malformed `.ics` or `.eml`, text in the wrong encoding) do not stop an
//! import: they become lines of the [`ImportReport`](super::ImportReport) with
//! the file, row and column. An [`ImportError`] is about the import as a whole:
//! a mapping or option that cannot be used, or input that is not there.

use crate::error::ErrorCode;

/// Why an import could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// A CRM mapping is malformed (JSON syntax or shape, an unknown relmap
    /// field, a role or channel name relmap does not know, an unknown encoding).
    #[error("{field}: {message}")]
    InvalidMapping {
        /// The JSON path in the mapping, e.g. `tables[2].columns.at`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// No preset has this name.
    #[error("preset: unknown CRM preset {name:?}; expected one of {expected}")]
    UnknownPreset {
        /// The name asked for.
        name: String,
        /// The preset names, comma-separated.
        expected: String,
    },
    /// An import option is out of range or inconsistent.
    #[error("{field}: {message}")]
    InvalidConfig {
        /// The option, e.g. `our_domains`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Nothing to import: no file of a kind the importer reads.
    #[error("{path}: {message}")]
    NoInput {
        /// The path or file name given.
        path: String,
        /// What was expected there.
        message: String,
    },
}

impl ImportError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::io::import::ImportError;
    /// let e = ImportError::InvalidConfig { field: "our_domains".into(), message: "empty".into() };
    /// assert_eq!((e.code(), e.field()), ("invalid_config", Some("our_domains")));
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ImportError::InvalidMapping { .. } => ErrorCode::InvalidMapping,
            ImportError::UnknownPreset { .. } => ErrorCode::InvalidArgument,
            ImportError::InvalidConfig { .. } => ErrorCode::InvalidConfig,
            ImportError::NoInput { .. } => ErrorCode::NoInput,
        }
    }

    /// The mapping field, option or path the error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            ImportError::InvalidMapping { field, .. } | ImportError::InvalidConfig { field, .. } => Some(field),
            ImportError::UnknownPreset { .. } => Some("preset"),
            ImportError::NoInput { path, .. } => Some(path),
        }
    }
}
