//! Errors raised when a picture is requested with a bad overlay, bad options or bad chart data.

use crate::error::ErrorCode;

/// Why a map or a chart could not be rendered.
///
/// Every variant names the offending field (and id, where there is one);
/// [`RenderError::code`] is stable across versions and languages.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The overlay names an id that is neither a stakeholder nor (where allowed) a team member.
    #[error("{field}: unknown {kind} id {id:?}")]
    UnknownId {
        /// The kind of id expected (`stakeholder`, `stakeholder or team member`).
        kind: &'static str,
        /// The id that was not found.
        id: String,
        /// The overlay field, e.g. `overlay.flags` or `overlay.highlight_path[2]`.
        field: String,
    },
    /// An overlay number is NaN, infinite or negative.
    #[error("{field}: {value} is not a finite non-negative number (id {id:?})")]
    InvalidValue {
        /// The stakeholder id the number belongs to.
        id: String,
        /// The overlay field.
        field: String,
        /// The given value.
        value: f64,
    },
    /// The overlay's influence vector is not one number per stakeholder.
    #[error("overlay.influence: {found} values given for {expected} stakeholders")]
    LengthMismatch {
        /// The number of stakeholders in the map.
        expected: usize,
        /// The number of values given.
        found: usize,
    },
    /// A red-flag code is empty.
    #[error("{field}: empty red-flag code (id {id:?})")]
    EmptyFlag {
        /// The stakeholder id.
        id: String,
        /// The overlay field.
        field: String,
    },
    /// A team member appears in the highlighted path after a stakeholder
    /// (team members may only open the path).
    #[error("{field}: team member {id:?} after a stakeholder; team members may only start the path")]
    TeamMemberInPath {
        /// The team member id.
        id: String,
        /// The overlay field.
        field: String,
    },
    /// The data of a chart are inconsistent: columns of different lengths, a number
    /// that is not finite, nothing to draw.
    #[error("{field}: {reason}")]
    InvalidData {
        /// The data field, e.g. `bins[2].actual_mean`.
        field: String,
        /// What is wrong, in words.
        reason: String,
    },
    /// A rendering option is out of its allowed range.
    #[error("{field}: {value} is out of range, expected {expected}")]
    InvalidOption {
        /// The option, e.g. `options.layout.row_gap`.
        field: String,
        /// The given value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
}

impl RenderError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::render::RenderError;
    /// let e = RenderError::LengthMismatch { expected: 3, found: 2 };
    /// assert_eq!(e.code(), "length_mismatch");
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            RenderError::UnknownId { .. } => ErrorCode::UnknownReference,
            RenderError::InvalidValue { .. } => ErrorCode::OutOfRange,
            RenderError::LengthMismatch { .. } => ErrorCode::LengthMismatch,
            RenderError::EmptyFlag { .. } => ErrorCode::EmptyId,
            RenderError::TeamMemberInPath { .. } => ErrorCode::TeamMemberInPath,
            RenderError::InvalidOption { .. } => ErrorCode::InvalidConfig,
            RenderError::InvalidData { .. } => ErrorCode::InvalidData,
        }
    }

    /// The field the error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            RenderError::UnknownId { field, .. }
            | RenderError::InvalidValue { field, .. }
            | RenderError::EmptyFlag { field, .. }
            | RenderError::TeamMemberInPath { field, .. }
            | RenderError::InvalidOption { field, .. }
            | RenderError::InvalidData { field, .. } => Some(field),
            RenderError::LengthMismatch { .. } => Some("overlay.influence"),
        }
    }
}
