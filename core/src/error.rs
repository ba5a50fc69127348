//! The crate-wide error type, the error codes and their kinds.
//!
//! Each domain has its own `thiserror` enum ([`crate::model::ModelError`], ...);
//! [`Error`] wraps them so a caller that uses several domains can hold one type.
//!
//! Every error has a stable code (`code()`, snake_case text the Python and
//! JavaScript bindings carry unchanged; `error_code()`, the [`ErrorCode`]) and, through its code, an
//! [`ErrorKind`]: the family that decides the Python exception class and the
//! JavaScript error constructor. Both are decided here, by `match`es the
//! compiler checks: a new variant of a domain enum must name its code, and a new
//! code must name its kind, so no binding can put an error in the wrong class.
//! `docs/errors.md` lists every code and kind; a test keeps it in step.
//!
//! ```
//! use relmap::error::{ErrorCode, ErrorKind};
//! use relmap::model::ModelError;
//!
//! let e = relmap::Error::from(ModelError::EmptyId { field: "stakeholders[0].id".into() });
//! assert_eq!(e.error_code(), ErrorCode::EmptyId);
//! assert_eq!(e.code(), "empty_id");
//! assert_eq!(e.kind(), ErrorKind::Validation);
//! assert_eq!("empty_id".parse::<ErrorCode>(), Ok(ErrorCode::EmptyId));
//! ```

use std::fmt;

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

/// The family of an error: what the caller did wrong, in a word.
///
/// The bindings map each kind to one Python exception class and one JavaScript
/// error constructor (`docs/errors.md`), with a `match` on this enum. It is
/// deliberately exhaustive (not `#[non_exhaustive]`): a new kind must break those
/// matches, so that each binding decides its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The input breaks a rule of the model: an unknown, empty or repeated id, a
    /// cycle, a list that must not be empty, data that cannot identify a model.
    Validation,
    /// A number outside its allowed range or not finite (a value, a config field, a parameter).
    Range,
    /// An argument of the wrong type or shape, or arguments that do not fit together.
    Argument,
    /// Text that does not parse (malformed JSON).
    Syntax,
    /// A document or file that cannot be read: wrong shape, unsupported format, bad CSV cell, I/O.
    Format,
    /// A computation that did not converge.
    Convergence,
    /// A bug in relmap (a panic caught at the boundary, a result that cannot be converted).
    Internal,
}

impl ErrorKind {
    /// Every kind, in the order of `docs/errors.md`.
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::Validation,
        ErrorKind::Range,
        ErrorKind::Argument,
        ErrorKind::Syntax,
        ErrorKind::Format,
        ErrorKind::Convergence,
        ErrorKind::Internal,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Range => "range",
            ErrorKind::Argument => "argument",
            ErrorKind::Syntax => "syntax",
            ErrorKind::Format => "format",
            ErrorKind::Convergence => "convergence",
            ErrorKind::Internal => "internal",
        }
    }

    /// What the kind means, in one sentence (the table of `docs/errors.md`).
    pub fn meaning(self) -> &'static str {
        match self {
            ErrorKind::Validation => "The input breaks a rule of the model (an unknown or repeated id, a cycle, an empty list, data that cannot identify a model).",
            ErrorKind::Range => "A number is outside its allowed range or not finite.",
            ErrorKind::Argument => "An argument has the wrong type or shape, or arguments do not fit together.",
            ErrorKind::Syntax => "Text does not parse.",
            ErrorKind::Format => "A document or file cannot be read.",
            ErrorKind::Convergence => "A computation did not converge.",
            ErrorKind::Internal => "A bug in relmap; please report it.",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares [`ErrorCode`]: each code with its text, kind, meaning and the field it names.
macro_rules! error_codes {
    ($($variant:ident = $code:literal, $kind:ident, $meaning:literal, field: $field:literal;)*) => {
        /// A stable error code, the same in Rust, Python and JavaScript.
        ///
        /// One code per kind of mistake, whatever the domain: the error's field says
        /// where it is. Compares equal to its text (`code == "empty_id"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $(#[doc = $meaning] $variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of `docs/errors.md`.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The snake_case text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The kind, which decides the Python class and the JavaScript constructor.
            pub fn kind(self) -> ErrorKind {
                match self {
                    $(ErrorCode::$variant => ErrorKind::$kind,)*
                }
            }

            /// What the code means, in one sentence.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $meaning,)*
                }
            }

            /// What an error's `field` names for this code.
            pub fn field(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $field,)*
                }
            }
        }
    };
}

error_codes! {
    // ---- ids, references and structure (validation)
    EmptyId = "empty_id", Validation,
        "An id or key is empty (or only white space).",
        field: "where the id stands (`stakeholders[3].id`, `stages[2].key`)";
    DuplicateId = "duplicate_id", Validation,
        "Two entities of one kind share an id or key.",
        field: "where the second one stands";
    UnknownReference = "unknown_reference", Validation,
        "A field names an id or key that is not defined (a stakeholder, criterion, milestone, stage).",
        field: "the referring field (`relations[0].target`)";
    NotFound = "not_found", Validation,
        "An argument names an id that is not in the map (a lookup, an edit, a path target).",
        field: "the argument (`to`, `member`), or none";
    StillReferenced = "still_referenced", Validation,
        "An entity cannot be removed while others refer to it.",
        field: "the first field that refers to it";
    DuplicateRelation = "duplicate_relation", Validation,
        "The same relation (source, target, kind) is given twice, or again in reverse.",
        field: "where the second one stands";
    SelfLoop = "self_loop", Validation,
        "A relation or `reports_to` points from a stakeholder to itself.",
        field: "the field holding the loop";
    ReportsToCycle = "reports_to_cycle", Validation,
        "The `reports_to` chain loops back on itself.",
        field: "`reports_to`";
    InvalidContact = "invalid_contact", Validation,
        "A contact key (an email address, a source system's id) is malformed.",
        field: "the key (`stakeholders[2].emails[0]`)";
    InvalidTime = "invalid_time", Validation,
        "A time is inconsistent with another (delivered before promised, a holdout that ends before it starts).",
        field: "the later time's field";
    EmptyList = "empty_list", Validation,
        "A list that needs at least one entry has none (stakeholders, accounts, stages, an input column).",
        field: "the list";
    MissingValue = "missing_value", Validation,
        "A required value is absent (an account's value, a vendor's score, a customer id).",
        field: "where the value belongs";
    NoAuthority = "no_authority", Validation,
        "Every stakeholder has authority 0, so nobody decides.",
        field: "`authority`";
    InvalidTie = "invalid_tie", Validation,
        "A relationship tie handed to the decision chain is invalid.",
        field: "`member`, `stakeholder` or `strength`";
    InvalidData = "invalid_data", Validation,
        "The data of a chart are inconsistent (columns of different lengths, a number that is not finite, nothing to draw).",
        field: "the data field (`bins[2].actual_mean`)";
    TeamMemberInPath = "team_member_in_path", Validation,
        "A team member follows a stakeholder in a highlighted path.",
        field: "the overlay field";
    CyclicStageOrder = "cyclic_stage_order", Validation,
        "Following the stages' `after` links loops back.",
        field: "`stages`";
    BranchingStageOrder = "branching_stage_order", Validation,
        "Two stages follow the same stage, so the sales path would branch.",
        field: "`stages`";
    MultipleEntryStages = "multiple_entry_stages", Validation,
        "With `after` links, more than one path stage lacks `after`.",
        field: "`stages`";
    OffPathInOrder = "off_path_in_order", Validation,
        "An off-path stage takes part in the stage order.",
        field: "the field linking it";
    OffPathWithoutCriteria = "off_path_without_criteria", Validation,
        "An off-path stage has no entry criteria, so it would always apply.",
        field: "its `entry_criteria`";
    EntryStageHasCriteria = "entry_stage_has_criteria", Validation,
        "The first stage on the path has entry criteria.",
        field: "its `entry_criteria`";
    NoCriteriaWeights = "no_criteria_weights", Validation,
        "No stakeholder weights any decision criterion of the opportunity.",
        field: "`criteria`";
    ZeroWeights = "zero_weights", Validation,
        "A stakeholder's criterion weights sum to 0.",
        field: "`criteria`";
    ZeroInfluence = "zero_influence", Validation,
        "The stakeholders who weight criteria hold no decision influence.",
        field: "`influence`";
    AsOfBeforeFirstPurchase = "as_of_before_first_purchase", Validation,
        "The calibration end lies before every purchase.",
        field: "`as_of`";
    TooFewSnapshots = "too_few_snapshots", Validation,
        "Too few snapshots of an account to fit its influence from history.",
        field: "`snapshots`";
    NoStanceChange = "no_stance_change", Validation,
        "No stance changes between the snapshots, so the history says nothing about openness.",
        field: "`stance`";
    NotIdentified = "not_identified", Validation,
        "The data do not identify a parameter or a model (a history without the changes it needs, a cohort where nobody lapsed).",
        field: "the parameter, or none";
    AmbiguousIdentity = "ambiguous_identity", Validation,
        "The identity rule makes two people of one account the same person.",
        field: "the identity field";
    NoRepeatPurchases = "no_repeat_purchases", Validation,
        "Nobody bought twice, so the repeat-purchase process cannot be estimated.",
        field: "none";
    TooFewCustomers = "too_few_customers", Validation,
        "Too few customers (with positive weight) to identify the model.",
        field: "none";
    Undefined = "undefined", Validation,
        "A prediction is undefined for the model's parameters (an infinite mean).",
        field: "none";
    TooFewOutcomes = "too_few_outcomes", Validation,
        "Too few past won and lost deals to calibrate deal-health weights.",
        field: "`outcomes`";
    NotFitted = "not_fitted", Validation,
        "A model's parameters were used before it was fitted (the Python models, fitted in place).",
        field: "`params_`";
    // ---- numbers (range)
    OutOfRange = "out_of_range", Range,
        "A number lies outside its allowed range (a value, a parameter, a weight, an index).",
        field: "the number's field or column (`stakeholders[2].stance`, `amount`)";
    NonFinite = "non_finite", Range,
        "A number is NaN or infinite where any finite number is allowed.",
        field: "the number's field or column";
    Overflow = "overflow", Range,
        "Valid numbers add or multiply up beyond the largest finite number (a customer's total, a CLV, a metric).",
        field: "the input column (`amount`, `spend`, `predicted`)";
    InvalidConfig = "invalid_config", Range,
        "A config or options field is invalid (a threshold, a tolerance, a layout size).",
        field: "the config field (`key_players.min_share`, `layout.row_gap`)";
    // ---- arguments
    InvalidArgument = "invalid_argument", Argument,
        "An argument cannot be used: the wrong type, dtype or shape, an unknown key or name.",
        field: "the argument or the path inside it (`roles[1]`, `unit`)";
    LengthMismatch = "length_mismatch", Argument,
        "Columns that need one entry per row differ in length.",
        field: "the column with the wrong length";
    FreedObject = "freed_object", Argument,
        "A method was called on a JavaScript object after `free()` or `[Symbol.dispose]()` released it (a bug in the caller: the object cannot be used again).",
        field: "none";
    // ---- documents and files
    JsonSyntax = "json_syntax", Syntax,
        "The text is not valid JSON.",
        field: "none (the message gives line and column)";
    JsonShape = "json_shape", Format,
        "The JSON does not fit the document (unknown or missing field, wrong type, bad name or time).",
        field: "the JSON path (`stakeholders[2].stance`)";
    DuplicateJsonKey = "duplicate_json_key", Format,
        "A key appears twice in one JSON object (serde would keep the last one silently).",
        field: "the JSON path of the repeated key (`stakeholders[0].stance`)";
    UnsupportedFormat = "unsupported_format", Format,
        "The document's `format` tag names a format this version cannot read.",
        field: "`format`";
    InvalidMapping = "invalid_mapping", Format,
        "A CRM import mapping cannot be used (JSON syntax or shape, an unknown field, role, channel or encoding).",
        field: "the JSON path in the mapping (`tables[2].columns.at`)";
    NoInput = "no_input", Format,
        "Nothing to import: no file of a kind the importer reads.",
        field: "the path";
    Csv = "csv", Format,
        "A CSV cell or row is malformed.",
        field: "the column";
    Io = "io", Format,
        "A file could not be read or written.",
        field: "the path";
    // ---- computations
    NotConverged = "not_converged", Convergence,
        "An iteration (influence solve, model fit, series) reached its cap without converging.",
        field: "the cap's config field, or none";
    Diverged = "diverged", Convergence,
        "A model parameter ran off towards 0 or infinity: the data do not identify the model.",
        field: "the parameter";
    // ---- bugs
    Internal = "internal", Internal,
        "A bug in relmap (a panic caught at the boundary); please report it.",
        field: "none";
}

impl ErrorCode {
    /// The code with this text.
    pub fn from_text(text: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == text)
    }
}

impl std::str::FromStr for ErrorCode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        ErrorCode::from_text(s).ok_or_else(|| format!("unknown error code {s:?}"))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<ErrorCode> for &str {
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == other.as_str()
    }
}

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
    /// The stable snake_case code of the error, the same in every language.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`] (its kind, meaning and field).
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Error::Model(e) => e.error_code(),
            Error::Format(e) => e.error_code(),
            Error::Import(e) => e.error_code(),
            Error::Render(e) => e.error_code(),
            Error::Stage(e) => e.error_code(),
            Error::Matrix(e) => e.error_code(),
            Error::Chain(e) => e.error_code(),
            Error::Trust(e) => e.error_code(),
            Error::Value(e) => e.error_code(),
            Error::Perception(e) => e.error_code(),
            Error::Network(e) => e.error_code(),
            Error::History(e) => e.error_code(),
            Error::Health(e) => e.error_code(),
        }
    }

    /// The kind of the error (from its code), which decides the Python class and the JS constructor.
    pub fn kind(&self) -> ErrorKind {
        self.error_code().kind()
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

impl serde::Serialize for ErrorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == text).ok_or_else(|| {
            let names = ErrorKind::ALL.map(ErrorKind::as_str);
            serde::de::Error::custom(format!("unknown error kind {text:?}, expected one of {}", names.join(", ")))
        })
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        ErrorCode::from_text(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown error code {text:?}")))
    }
}

/// An error as data: what [`Error`] serialises to, and what a client reads back.
///
/// `{"code": "unknown_reference", "kind": "validation", "field": "relations[1].target",
/// "message": "relations[1].target: unknown stakeholder id \"nobody\""}`: the stable
/// [code](ErrorCode), its [kind](ErrorKind), the field, JSON path or CSV column it is
/// about (`null` when there is none) and the message, [`Error`]'s `Display`. A service
/// returns it as the body of an error response; its client deserialises it into this
/// type (not into [`Error`], whose variants hold the structured details behind the
/// message and cannot be rebuilt from text).
///
/// ```
/// use relmap::error::{ErrorInfo, ErrorKind};
/// use relmap::model::ModelError;
///
/// let e = relmap::Error::from(ModelError::EmptyId { field: "stakeholders[0].id".into() });
/// let json = serde_json::to_value(&e).unwrap();
/// assert_eq!(json["code"], "empty_id");
/// assert_eq!(json["kind"], "validation");
/// assert_eq!(json["field"], "stakeholders[0].id");
/// assert_eq!(json["message"], e.to_string());
///
/// let info: ErrorInfo = serde_json::from_value(json).unwrap();
/// assert_eq!((info.code, info.kind), (e.error_code(), ErrorKind::Validation));
/// assert_eq!(info, ErrorInfo::from(&e));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorInfo {
    /// The stable code.
    pub code: ErrorCode,
    /// The code's kind.
    pub kind: ErrorKind,
    /// The field, JSON path or CSV column the error is about, where there is one.
    pub field: Option<String>,
    /// The message (the error's `Display`).
    pub message: String,
}

impl From<&Error> for ErrorInfo {
    fn from(e: &Error) -> Self {
        ErrorInfo { code: e.error_code(), kind: e.kind(), field: e.field().map(str::to_owned), message: e.to_string() }
    }
}

impl From<Error> for ErrorInfo {
    fn from(e: Error) -> Self {
        ErrorInfo::from(&e)
    }
}

impl fmt::Display for ErrorInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for ErrorInfo {}

/// Serialises as an [`ErrorInfo`]: `{code, kind, field, message}`.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("ErrorInfo", 4)?;
        s.serialize_field("code", &self.error_code())?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("field", &self.field())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

/// `Result` with relmap's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_read_back() {
        let mut seen = HashSet::new();
        for &c in ErrorCode::ALL {
            let text = c.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(text.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{text}");
            assert_eq!(text.parse::<ErrorCode>(), Ok(c));
            assert!(!c.meaning().is_empty() && !c.field().is_empty());
        }
        assert!("no_such_code".parse::<ErrorCode>().is_err());
        for k in ErrorKind::ALL {
            assert!(ErrorCode::ALL.iter().any(|c| c.kind() == k), "no code of kind {k}");
        }
    }
}
