//! Field-level checks shared by the building API and the loaders.

use std::collections::HashMap;

use super::ModelError;
use crate::time::Timestamp;

pub(crate) fn id(value: &str, field: impl FnOnce() -> String) -> Result<(), ModelError> {
    if value.trim().is_empty() {
        Err(ModelError::EmptyId { field: field() })
    } else {
        Ok(())
    }
}

/// An instant in the supported range (the years 0000..=9999, see [`Timestamp::in_range`]).
pub(crate) fn time(id: &str, field: impl FnOnce() -> String, t: Timestamp) -> Result<(), ModelError> {
    t.check_range().map(|_| ()).map_err(|reason| ModelError::InvalidTime { id: id.to_owned(), field: field(), reason })
}

pub(crate) fn finite(id: &str, field: &str, value: f64) -> Result<(), ModelError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(ModelError::NonFinite { id: id.to_owned(), field: field.to_owned(), value })
    }
}

/// A closed-or-open numeric range, with the words used in errors.
#[derive(Clone, Copy)]
pub(crate) struct Range {
    pub lo: f64,
    pub lo_open: bool,
    pub hi: f64,
    pub hi_open: bool,
    pub words: &'static str,
}

pub(crate) const STANCE: Range = Range { lo: -5.0, lo_open: false, hi: 5.0, hi_open: false, words: "-5..=5" };
pub(crate) const UNIT: Range = Range { lo: 0.0, lo_open: false, hi: 1.0, hi_open: false, words: "0..=1" };
pub(crate) const OPENNESS: Range =
    Range { lo: 0.0, lo_open: false, hi: 1.0, hi_open: true, words: "0..1 (1 excluded)" };
pub(crate) const STRENGTH: Range =
    Range { lo: 0.0, lo_open: true, hi: 1.0, hi_open: false, words: "0..=1 (0 excluded)" };
pub(crate) const SENTIMENT: Range = Range { lo: -1.0, lo_open: false, hi: 1.0, hi_open: false, words: "-1..=1" };
pub(crate) const RATING: Range = Range { lo: 1.0, lo_open: false, hi: 10.0, hi_open: false, words: "1..=10" };
pub(crate) const NON_NEGATIVE: Range =
    Range { lo: 0.0, lo_open: false, hi: f64::INFINITY, hi_open: true, words: ">= 0" };

pub(crate) fn in_range(id: &str, field: &str, value: f64, r: Range) -> Result<(), ModelError> {
    finite(id, field, value)?;
    let low_ok = if r.lo_open { value > r.lo } else { value >= r.lo };
    let high_ok = if r.hi_open { value < r.hi } else { value <= r.hi };
    if low_ok && high_ok {
        Ok(())
    } else {
        Err(ModelError::OutOfRange { id: id.to_owned(), field: field.to_owned(), value, expected: r.words })
    }
}

pub(crate) fn reference(
    index: &HashMap<String, usize>,
    kind: &'static str,
    id: &str,
    field: impl FnOnce() -> String,
) -> Result<usize, ModelError> {
    index.get(id).copied().ok_or_else(|| ModelError::UnknownReference { kind, id: id.to_owned(), field: field() })
}
