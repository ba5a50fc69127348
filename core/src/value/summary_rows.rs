//! The first half of a summary from raw transactions: every row checked, then the rows
//! inside the observation window scattered into one bucket per customer.

use super::error::ValueError;
use super::summary::transaction_day;
use super::time_unit::TransactionTime;
use crate::time::{Timestamp, SECONDS_PER_DAY};

/// Transaction rows bucketed by customer: customer `c` owns rows `starts[c]..starts[c+1]`
/// of `days`, `amounts` and `margins` (empty when no margins were given).
pub(crate) struct RowBuckets {
    pub starts: Vec<u32>,
    pub days: Vec<i64>,
    pub amounts: Vec<f64>,
    pub margins: Vec<f64>,
    /// Whether the customer has a purchase on or before the calibration end.
    pub present: Vec<bool>,
    /// Rows up to `end_day`.
    pub used: usize,
    /// Rows after `end_day`.
    pub after_end: usize,
}

/// Checks every row (customer code, amount ≥ 0, margin, a time that is not NaT) and
/// buckets the rows up to `end_day` (the calibration end, or the holdout end) by customer.
/// Errors: the offending row; [`ValueError::AsOfBeforeFirstPurchase`] when no row falls on
/// or before `as_of`.
pub(crate) fn bucket_rows<T: TransactionTime>(
    codes: &[u32],
    n_customers: usize,
    times: &[T],
    amounts: &[f64],
    margins: Option<&[f64]>,
    as_of: Timestamp,
    end_day: i64,
) -> Result<RowBuckets, ValueError> {
    let day_of = |i: usize| times[i].unix_seconds().div_euclid(SECONDS_PER_DAY);

    // Pass 1: validate and count rows per customer inside the observation window.
    let n = codes.len();
    let as_of_day = as_of.day_number();
    let mut counts = vec![0u32; n_customers + 1];
    let mut present = vec![false; n_customers];
    let mut first_day = i64::MAX;
    let mut any_calibration = false;
    let mut after_end = 0usize;
    for i in 0..n {
        let code = codes[i];
        if code as usize >= n_customers {
            return Err(ValueError::CustomerCodeOutOfRange { index: i, code: code.into(), n_customers });
        }
        let a = amounts[i];
        if !a.is_finite() {
            return Err(ValueError::NonFinite { field: "amount", index: i, value: a });
        }
        if a < 0.0 {
            return Err(ValueError::OutOfRange {
                field: "amount",
                index: i,
                value: a,
                expected: ">= 0 (returns are not purchases)",
            });
        }
        if let Some(m) = margins {
            if !m[i].is_finite() {
                return Err(ValueError::NonFinite { field: "margin", index: i, value: m[i] });
            }
        }
        let d = transaction_day(times, i)?;
        first_day = first_day.min(d);
        if d > end_day {
            after_end += 1;
            continue;
        }
        if d <= as_of_day {
            any_calibration = true;
            present[code as usize] = true;
        }
        counts[code as usize + 1] += 1;
    }
    if !any_calibration {
        return Err(ValueError::AsOfBeforeFirstPurchase {
            as_of,
            first_purchase: Timestamp(first_day * SECONDS_PER_DAY),
        });
    }
    // Prefix sums → bucket starts; pass 2 scatters rows into buckets.
    for c in 1..=n_customers {
        counts[c] += counts[c - 1];
    }
    let starts = counts;
    let mut fill: Vec<u32> = starts[..n_customers].to_vec();
    let used = starts[n_customers] as usize;
    let mut days = vec![0i64; used];
    let mut amts = vec![0.0f64; used];
    let mut margs = if margins.is_some() { vec![0.0f64; used] } else { Vec::new() };
    for i in 0..n {
        let d = day_of(i);
        if d > end_day {
            continue;
        }
        let c = codes[i] as usize;
        let r = fill[c] as usize;
        days[r] = d;
        amts[r] = amounts[i];
        if let Some(m) = margins {
            margs[r] = m[i];
        }
        fill[c] += 1;
    }
    Ok(RowBuckets { starts, days, amounts: amts, margins: margs, present, used, after_end })
}
