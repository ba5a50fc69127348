//! Errors of the customer-value analyses.

use crate::error::ErrorCode;
use crate::time::Timestamp;

/// Why a customer-value computation failed.
///
/// Every variant names the offending field and, where there is one, the row
/// (transaction or customer index) so a caller can point at the exact cell of
/// the input. [`ValueError::code`] is stable across versions and languages.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// A named column (of an Arrow record batch or a Parquet file) is not there.
    #[error("{column}: no such column (the columns are {available})")]
    MissingColumn {
        /// The column asked for.
        column: String,
        /// The columns there are, comma-separated.
        available: String,
    },
    /// A column's data type cannot serve as what it is asked for.
    #[error("{column}: expected {expected}, got {found}")]
    ColumnType {
        /// The column.
        column: String,
        /// What the column may hold, in words.
        expected: &'static str,
        /// The data type it has.
        found: String,
    },
    /// A column has a null (missing) value.
    #[error("{column}[{index}]: the value is missing (null)")]
    NullValue {
        /// The column.
        column: String,
        /// The row, counted over all batches (and files).
        index: usize,
    },
    /// Reading the input (a Parquet file, an Arrow stream, a spill file) failed.
    #[error("{source_name}: {message}")]
    ReadFailed {
        /// The file or stream.
        source_name: String,
        /// What went wrong.
        message: String,
    },
    /// An input column has no rows.
    #[error("{field}: no rows")]
    EmptyInput {
        /// The empty column.
        field: &'static str,
    },
    /// Two columns that must have one entry per row differ in length.
    #[error("{field}: length {got}, expected {expected} (one entry per row)")]
    LengthMismatch {
        /// The column with the wrong length.
        field: &'static str,
        /// The length of the reference column.
        expected: usize,
        /// The given length.
        got: usize,
    },
    /// A number is NaN or infinite.
    #[error("{field}[{index}]: {value} is not a finite number")]
    NonFinite {
        /// The column.
        field: &'static str,
        /// The row.
        index: usize,
        /// The given value.
        value: f64,
    },
    /// A number lies outside its allowed range.
    #[error("{field}[{index}]: {value} is out of range, expected {expected}")]
    OutOfRange {
        /// The column.
        field: &'static str,
        /// The row.
        index: usize,
        /// The given value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// A dense customer code is not below the declared number of customers.
    #[error("customer[{index}]: code {code} is not below the number of customers {n_customers}")]
    CustomerCodeOutOfRange {
        /// The transaction row.
        index: usize,
        /// The given code.
        code: u64,
        /// The declared number of customers.
        n_customers: usize,
    },
    /// A sum of finite inputs is too large to be a finite number.
    #[error("{field}: the {what} of customer row {index} is too large to be a finite number")]
    Overflow {
        /// The input column whose values add up beyond the largest finite number.
        field: &'static str,
        /// The result that overflows, e.g. `total_amount`.
        what: &'static str,
        /// The customer's row in the result.
        index: usize,
    },
    /// An input has more rows than relmap can count (2³² − 2).
    #[error("{field}: {rows} rows, at most {limit} supported")]
    TooManyRows {
        /// The column.
        field: &'static str,
        /// The number of rows given.
        rows: usize,
        /// The largest number of rows accepted.
        limit: usize,
    },
    /// The calibration end lies before every purchase, so no customer exists yet.
    #[error("as_of {as_of} is before the first purchase ({first_purchase})")]
    AsOfBeforeFirstPurchase {
        /// The calibration end asked for.
        as_of: Timestamp,
        /// The earliest purchase in the input.
        first_purchase: Timestamp,
    },
    /// The holdout period does not end after the calibration end.
    #[error("holdout_end {holdout_end} must be after as_of {as_of}")]
    InvalidHoldout {
        /// The calibration end.
        as_of: Timestamp,
        /// The holdout end asked for.
        holdout_end: Timestamp,
    },
    /// A holdout evaluation was asked of a summary without a holdout period.
    #[error("the summary has no holdout period: make it with SummaryConfig::holdout_end")]
    NoHoldout,
    /// A configuration value is invalid.
    #[error("config {field}: {value} is invalid, expected {expected}")]
    InvalidConfig {
        /// The configuration field.
        field: &'static str,
        /// The given value.
        value: f64,
        /// The allowed range, in words.
        expected: &'static str,
    },
    /// A model parameter is not a positive finite number.
    #[error("{model}: parameter {param} = {value} must be a positive finite number")]
    InvalidParameter {
        /// The model (`bg_nbd`, `pareto_nbd`, `gamma_gamma`).
        model: &'static str,
        /// The parameter name.
        param: &'static str,
        /// The given value.
        value: f64,
    },
    /// Nobody bought twice, so the repeat-purchase process cannot be estimated.
    #[error("{model}: no customer made a repeat purchase; the model cannot be fitted")]
    NoRepeatPurchases {
        /// The model.
        model: &'static str,
    },
    /// Too few customers (with positive weight) to identify the model.
    #[error("{model}: {got} usable customers, at least {needed} needed")]
    TooFewCustomers {
        /// The model.
        model: &'static str,
        /// The minimum number of customers.
        needed: usize,
        /// The number given.
        got: usize,
    },
    /// The optimizer reached its iteration cap without meeting the stopping rule.
    #[error("{model}: no convergence after {iterations} iterations (gradient norm {gradient_norm:e})")]
    NotConverged {
        /// The model.
        model: &'static str,
        /// Iterations done.
        iterations: usize,
        /// The largest absolute component of the gradient of the mean negative
        /// log-likelihood (with respect to the log-parameters) at the last point.
        gradient_norm: f64,
    },
    /// A parameter ran off towards 0 or infinity: the data do not identify the model.
    #[error("{model}: parameter {param} diverged to {value:e}; the data do not identify the model")]
    Diverged {
        /// The model.
        model: &'static str,
        /// The parameter.
        param: &'static str,
        /// Its value when the fit stopped.
        value: f64,
    },
    /// The data cannot identify the model at all (e.g. nobody lapsed, so the churn rate is 0).
    #[error("{model}: {reason}; the model cannot be fitted")]
    Degenerate {
        /// The model.
        model: &'static str,
        /// What the data lack.
        reason: &'static str,
    },
    /// A prediction is undefined for the model's parameters (e.g. an infinite mean).
    #[error("{model}: {what} is undefined: {reason}")]
    Undefined {
        /// The model.
        model: &'static str,
        /// The quantity asked for.
        what: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// A prediction is not a finite number in double precision for these parameters
    /// and this customer (parameters at the edge of what `f64` holds, such as 1e-300).
    #[error(
        "{model}: {what} for (x, t_x, T) = ({frequency}, {recency}, {t}) is not a finite number with these parameters"
    )]
    Unrepresentable {
        /// The model.
        model: &'static str,
        /// The prediction, e.g. `p_alive`.
        what: &'static str,
        /// The customer's frequency x.
        frequency: f64,
        /// The customer's recency t_x.
        recency: f64,
        /// The customer's age T.
        t: f64,
    },
    /// A time unit that is not one of the known names.
    #[error("unit: {text:?} is not a time unit, expected D, W, M, day, week or month")]
    UnknownUnit {
        /// The text given.
        text: String,
    },
    /// A purchase signal was given where only relationship signals belong.
    #[error("relationship signals of customer row {index}: {signal} is a purchase signal, not a relationship signal")]
    NotRelationshipSignal {
        /// The customer's row.
        index: usize,
        /// The signal's code.
        signal: &'static str,
    },
    /// The observed information of a fit is not positive definite (a fit on a boundary
    /// of the parameter space, or a parameter the data do not identify): no standard errors.
    #[error("{model}: the information matrix is not positive definite along {param} (a fit on a boundary, or a parameter the data do not identify); no standard errors")]
    NotPositiveDefinite {
        /// The model.
        model: &'static str,
        /// The parameter the flat direction loads on most (a covariate coefficient is
        /// named `purchase.<column>`, `dropout.<column>` or `constrained.<column>`).
        param: String,
    },
    /// A covariate column is not usable as given (a repeated name, a constrained column
    /// missing from one table, prediction columns that differ from the fit's).
    #[error("{set} column {column}: {reason}")]
    InvalidCovariate {
        /// `purchase_covariates` or `dropout_covariates`.
        set: &'static str,
        /// The column.
        column: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A covariate value is NaN or infinite.
    #[error("{set} column {column}, row {index}: {value} is not a finite number")]
    NonFiniteCovariate {
        /// `purchase_covariates` or `dropout_covariates`.
        set: &'static str,
        /// The column.
        column: String,
        /// The customer row.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A covariate column has the same value for every customer: its coefficient is not
    /// identified (the base parameters already carry a constant).
    #[error("{set} column {column} has no variation; drop it")]
    ConstantCovariate {
        /// `purchase_covariates` or `dropout_covariates`.
        set: &'static str,
        /// The column.
        column: String,
    },
    /// A covariate column is a linear combination of the others (and a constant).
    #[error("{set} column {column} is collinear with the other columns; drop it")]
    CollinearCovariates {
        /// `purchase_covariates` or `dropout_covariates`.
        set: &'static str,
        /// The column named as redundant.
        column: String,
    },
    /// A series or quadrature did not reach machine precision within its term cap.
    #[error("{function}: no convergence within {terms} terms")]
    SeriesNotConverged {
        /// The special function.
        function: &'static str,
        /// The term cap.
        terms: usize,
    },
}

impl ValueError {
    /// A stable snake_case code for this error.
    ///
    /// ```
    /// use relmap::value::ValueError;
    /// let e = ValueError::EmptyInput { field: "customer" };
    /// assert_eq!(e.code(), "empty_list");
    /// ```
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// The code as an [`ErrorCode`]: the one place each variant's code (and, through
    /// it, its kind) is decided.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ValueError::EmptyInput { .. } => ErrorCode::EmptyList,
            ValueError::LengthMismatch { .. } => ErrorCode::LengthMismatch,
            ValueError::NonFinite { .. } => ErrorCode::NonFinite,
            ValueError::OutOfRange { .. } => ErrorCode::OutOfRange,
            ValueError::CustomerCodeOutOfRange { .. } => ErrorCode::OutOfRange,
            ValueError::Overflow { .. } => ErrorCode::Overflow,
            ValueError::TooManyRows { .. } => ErrorCode::OutOfRange,
            ValueError::AsOfBeforeFirstPurchase { .. } => ErrorCode::AsOfBeforeFirstPurchase,
            ValueError::InvalidHoldout { .. } => ErrorCode::InvalidTime,
            ValueError::NoHoldout => ErrorCode::MissingValue,
            ValueError::InvalidConfig { .. } => ErrorCode::InvalidConfig,
            ValueError::InvalidParameter { .. } => ErrorCode::OutOfRange,
            ValueError::NoRepeatPurchases { .. } => ErrorCode::NoRepeatPurchases,
            ValueError::TooFewCustomers { .. } => ErrorCode::TooFewCustomers,
            ValueError::NotConverged { .. } => ErrorCode::NotConverged,
            ValueError::Diverged { .. } => ErrorCode::Diverged,
            ValueError::Degenerate { .. } => ErrorCode::NotIdentified,
            ValueError::Undefined { .. } | ValueError::Unrepresentable { .. } => ErrorCode::Undefined,
            ValueError::SeriesNotConverged { .. } => ErrorCode::NotConverged,
            ValueError::NotRelationshipSignal { .. } => ErrorCode::InvalidArgument,
            ValueError::UnknownUnit { .. } => ErrorCode::InvalidArgument,
            ValueError::NotPositiveDefinite { .. } => ErrorCode::NotIdentified,
            ValueError::InvalidCovariate { .. } => ErrorCode::InvalidArgument,
            ValueError::NonFiniteCovariate { .. } => ErrorCode::NonFinite,
            ValueError::ConstantCovariate { .. } => ErrorCode::NotIdentified,
            ValueError::CollinearCovariates { .. } => ErrorCode::NotIdentified,
            ValueError::MissingColumn { .. } => ErrorCode::NotFound,
            ValueError::ColumnType { .. } => ErrorCode::InvalidArgument,
            ValueError::NullValue { .. } => ErrorCode::MissingValue,
            ValueError::ReadFailed { .. } => ErrorCode::InvalidData,
        }
    }

    /// The field (input column, config field or model parameter) the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ValueError::EmptyInput { field }
            | ValueError::LengthMismatch { field, .. }
            | ValueError::NonFinite { field, .. }
            | ValueError::OutOfRange { field, .. }
            | ValueError::InvalidConfig { field, .. }
            | ValueError::Overflow { field, .. }
            | ValueError::TooManyRows { field, .. } => Some(field),
            ValueError::CustomerCodeOutOfRange { .. } => Some("customer"),
            ValueError::AsOfBeforeFirstPurchase { .. } => Some("as_of"),
            ValueError::InvalidHoldout { .. } | ValueError::NoHoldout => Some("holdout_end"),
            ValueError::InvalidParameter { param, .. } | ValueError::Diverged { param, .. } => Some(param),
            ValueError::NotRelationshipSignal { .. } => Some("relationship"),
            ValueError::Unrepresentable { .. } => Some("params"),
            ValueError::UnknownUnit { .. } => Some("unit"),
            ValueError::NotPositiveDefinite { param, .. } => Some(param),
            ValueError::InvalidCovariate { set, .. }
            | ValueError::NonFiniteCovariate { set, .. }
            | ValueError::ConstantCovariate { set, .. }
            | ValueError::CollinearCovariates { set, .. } => Some(set),
            ValueError::MissingColumn { column, .. }
            | ValueError::ColumnType { column, .. }
            | ValueError::NullValue { column, .. } => Some(column),
            ValueError::ReadFailed { source_name, .. } => Some(source_name),
            ValueError::NoRepeatPurchases { .. }
            | ValueError::TooFewCustomers { .. }
            | ValueError::NotConverged { .. }
            | ValueError::Degenerate { .. }
            | ValueError::Undefined { .. }
            | ValueError::SeriesNotConverged { .. } => None,
        }
    }
}

/// Checks that `col` has `n` entries.
pub(crate) fn check_len<T>(field: &'static str, col: &[T], n: usize) -> Result<(), ValueError> {
    if col.len() == n {
        Ok(())
    } else {
        Err(ValueError::LengthMismatch { field, expected: n, got: col.len() })
    }
}

/// Checks that every entry of `col` is finite.
pub(crate) fn check_finite(field: &'static str, col: &[f64]) -> Result<(), ValueError> {
    match col.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(index) => Err(ValueError::NonFinite { field, index, value: col[index] }),
    }
}

/// Checks that a configuration number is finite and satisfies `ok`.
pub(crate) fn check_config(
    field: &'static str,
    value: f64,
    ok: bool,
    expected: &'static str,
) -> Result<(), ValueError> {
    if value.is_finite() && ok {
        Ok(())
    } else {
        Err(ValueError::InvalidConfig { field, value, expected })
    }
}

/// Checks that a count setting lies in `1..=max`; `expected` says so in words.
pub(crate) fn check_count(field: &'static str, value: u32, max: u32, expected: &'static str) -> Result<(), ValueError> {
    check_config(field, f64::from(value), (1..=max).contains(&value), expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_and_fields_named() {
        let e = ValueError::NotConverged { model: "bg_nbd", iterations: 3, gradient_norm: 0.5 };
        assert_eq!(e.code(), "not_converged");
        assert!(e.to_string().contains("3 iterations"));
        let e = ValueError::NonFinite { field: "amount", index: 7, value: f64::NAN };
        assert_eq!(e.field(), Some("amount"));
        assert_eq!(e.to_string(), "amount[7]: NaN is not a finite number");
        assert!(check_len("recency", &[1.0], 2).is_err());
        assert!(check_finite("t", &[1.0, f64::INFINITY]).is_err());
        assert!(check_config("margin", f64::NAN, true, "a number").is_err());
    }
}
