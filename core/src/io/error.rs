//! Errors from reading documents and files.

use crate::error::ErrorCode;

/// Why a document or file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// The text is not valid JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The JSON is well formed but does not fit the document shape
    /// (unknown field, missing field, wrong type, bad enum value, bad time).
    #[error("{path}: {message}")]
    Shape {
        /// JSON path of the offending value, e.g. `stakeholders[2].stance`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A key appears twice in one JSON object (JSON readers disagree on which one
    /// wins, so relmap takes neither).
    #[error("{path}: duplicate key {key:?} (line {line}, column {column})")]
    DuplicateKey {
        /// JSON path of the second occurrence, e.g. `stakeholders[0].name`.
        path: String,
        /// The repeated key.
        key: String,
        /// 1-based line of the end of its value.
        line: usize,
        /// 1-based column of the end of its value.
        column: usize,
    },
    /// The `format` tag names a format this version cannot read.
    #[error("format: unsupported document format {found:?}, expected \"relmap/2\" or \"relmap/1\"")]
    UnsupportedFormat {
        /// The tag found.
        found: String,
    },
    /// A CSV cell or row is malformed.
    #[error("{file}, row {row}, column {column}: {message}")]
    Csv {
        /// The file name.
        file: String,
        /// 1-based row number in the file, the header being row 1.
        row: usize,
        /// The column name.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
    },
}

impl FormatError {
    /// A stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            FormatError::Syntax { .. } => ErrorCode::JsonSyntax,
            FormatError::Shape { .. } => ErrorCode::JsonShape,
            FormatError::DuplicateKey { .. } => ErrorCode::DuplicateJsonKey,
            FormatError::UnsupportedFormat { .. } => ErrorCode::UnsupportedFormat,
            FormatError::Csv { .. } => ErrorCode::Csv,
            FormatError::Io { .. } => ErrorCode::Io,
        }
    }

    /// The path, field or column the error is about, where there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            FormatError::Shape { path, .. } | FormatError::DuplicateKey { path, .. } => Some(path),
            FormatError::UnsupportedFormat { .. } => Some("format"),
            FormatError::Csv { column, .. } => Some(column),
            FormatError::Io { path, .. } => Some(path),
            FormatError::Syntax { .. } => None,
        }
    }
}
