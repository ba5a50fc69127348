//! RFM summary of raw transactions in the BTYD conventions.
//!
//! For each customer with a purchase on or before the calibration end `as_of`:
//! - purchases on the same UTC calendar day are merged into one purchase whose
//!   amount is their sum;
//! - `frequency` x = number of purchase days − 1 (repeat purchases);
//! - `recency` t_x = last purchase day − first purchase day, in the time unit;
//! - `t` (T) = as_of day − first purchase day, in the time unit;
//! - `monetary_value` = mean amount of the repeat purchases (0 when x = 0).
//!
//! Purchases after `as_of` belong to the holdout period when one is asked for
//! (`SummaryConfig::holdout_end`), and are otherwise outside the observation
//! window: they are not part of the summary and are counted in
//! `transactions_after_end`. Customers whose first purchase comes after `as_of`
//! are not customers yet at the calibration end and have no row.

use std::hash::Hash;

use serde::{Deserialize, Serialize};

use super::error::{check_config, check_len, ValueError};
use super::summary_build::{build, Buckets, Windows};
use super::summary_rows::bucket_rows;
use super::time_unit::{TimeUnit, TransactionTime};
use crate::par::FxMap;
use crate::time::{Timestamp, SECONDS_PER_DAY};

/// Options of [`rfm_summary`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SummaryConfig {
    /// Unit of recency, T and durations. Default: weeks.
    pub unit: TimeUnit,
    /// End of an optional holdout period (as_of, holdout_end], inclusive of its day.
    pub holdout_end: Option<Timestamp>,
    /// Length of the "recent" and "previous" windows that measure growth, in days. Default 91 (13 weeks).
    pub growth_window_days: f64,
}

impl Default for SummaryConfig {
    fn default() -> Self {
        SummaryConfig { unit: TimeUnit::Week, holdout_end: None, growth_window_days: 91.0 }
    }
}

/// Per-customer summary of the holdout period (as_of, holdout_end].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldoutSummary {
    /// The holdout end.
    pub end: Timestamp,
    /// Holdout length in the time unit (the same for every customer).
    pub duration: f64,
    /// Purchases (merged days) in the holdout period.
    pub frequency: Vec<f64>,
    /// Mean amount of those purchases (0 when none).
    pub monetary_value: Vec<f64>,
    /// Total amount spent in the holdout period.
    pub total_amount: Vec<f64>,
}

/// RFM summary, one row per customer, column by column.
///
/// Row `i` of every column belongs to `customers[i]`. Customers appear in the
/// order of their first transaction row in the input (ascending code for
/// [`rfm_summary_codes`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmSummary<K> {
    /// Customer ids.
    pub customers: Vec<K>,
    /// Repeat purchases x in the calibration period.
    pub frequency: Vec<f64>,
    /// Recency t_x: first to last purchase, in the time unit.
    pub recency: Vec<f64>,
    /// Age T: first purchase to the calibration end, in the time unit.
    pub t: Vec<f64>,
    /// Mean amount of the repeat purchases (0 when x = 0).
    pub monetary_value: Vec<f64>,
    /// Midnight (UTC) of the first purchase day.
    pub first_purchase: Vec<Timestamp>,
    /// Midnight (UTC) of the last purchase day in the calibration period.
    pub last_purchase: Vec<Timestamp>,
    /// Transaction rows in the calibration period (before same-day merging).
    pub n_transactions: Vec<u32>,
    /// Total amount in the calibration period, first purchase included.
    pub total_amount: Vec<f64>,
    /// Total margin in the calibration period, when margins were given.
    pub total_margin: Option<Vec<f64>>,
    /// Purchases (merged days) in the recent window (as_of − w, as_of].
    pub recent_purchases: Vec<u32>,
    /// Purchases in the previous window (as_of − 2w, as_of − w].
    pub previous_purchases: Vec<u32>,
    /// Amount spent in the recent window.
    pub recent_amount: Vec<f64>,
    /// Amount spent in the previous window.
    pub previous_amount: Vec<f64>,
    /// The holdout period, when one was asked for.
    pub holdout: Option<HoldoutSummary>,
    /// The calibration end.
    pub as_of: Timestamp,
    /// The time unit.
    pub unit: TimeUnit,
    /// The growth window, in days.
    pub growth_window_days: f64,
    /// Transaction rows inside the observation window (calibration and holdout).
    pub transactions_used: usize,
    /// Transaction rows after the observation window, left out.
    pub transactions_after_end: usize,
}

impl<K> RfmSummary<K> {
    /// Number of customers.
    pub fn len(&self) -> usize {
        self.customers.len()
    }

    /// Whether there are no customers.
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
    }

    /// Relative spend growth, recent window against the previous one
    /// (`recent/previous − 1`); `None` where the previous window has no spend.
    pub fn spend_growth(&self) -> Vec<Option<f64>> {
        self.recent_amount
            .iter()
            .zip(&self.previous_amount)
            .map(|(&r, &p)| if p > 0.0 { Some(r / p - 1.0) } else { None })
            .collect()
    }

    /// The same summary with other customer ids (e.g. codes mapped back to strings).
    pub fn map_customers<L>(self, f: impl FnMut(K) -> L) -> RfmSummary<L> {
        RfmSummary {
            customers: self.customers.into_iter().map(f).collect(),
            frequency: self.frequency,
            recency: self.recency,
            t: self.t,
            monetary_value: self.monetary_value,
            first_purchase: self.first_purchase,
            last_purchase: self.last_purchase,
            n_transactions: self.n_transactions,
            total_amount: self.total_amount,
            total_margin: self.total_margin,
            recent_purchases: self.recent_purchases,
            previous_purchases: self.previous_purchases,
            recent_amount: self.recent_amount,
            previous_amount: self.previous_amount,
            holdout: self.holdout,
            as_of: self.as_of,
            unit: self.unit,
            growth_window_days: self.growth_window_days,
            transactions_used: self.transactions_used,
            transactions_after_end: self.transactions_after_end,
        }
    }
}

/// RFM summary of transactions given column by column.
///
/// `customers`, `times` and `amounts` (and `margins` if given) have one entry per
/// transaction, in any order. Customer ids may be any hashable type (`&str`,
/// `String`, integers). Amounts must be finite and ≥ 0 (a return is not a
/// purchase); margins finite.
///
/// Conventions (the BTYD ones, as in lifetimes and the CDNOW reference summary):
/// purchases on the same UTC calendar day are merged into one purchase whose amount
/// is their sum; `frequency` x = purchase days − 1; `recency` t_x = last − first
/// purchase day and `t` (T) = as_of day − first purchase day, both divided by the
/// unit's days; `monetary_value` = mean amount of the repeat purchases (0 when
/// x = 0). The calibration period ends with the whole UTC day of `as_of`. Rows
/// after it belong to the holdout period (up to `holdout_end`) when one is asked
/// for, and are otherwise left out and counted in `transactions_after_end`;
/// customers whose first purchase comes after `as_of` have no row.
///
/// ```
/// use relmap::time::Timestamp;
/// use relmap::value::{rfm_summary, SummaryConfig};
/// let day = |s: &str| s.parse::<Timestamp>().unwrap();
/// let customers = ["a", "a", "a", "b"];
/// let times = [day("2024-01-01"), day("2024-01-01"), day("2024-01-15"), day("2024-01-08")];
/// let amounts = [10.0, 5.0, 20.0, 7.0];
/// let s = rfm_summary(&customers, &times, &amounts, None, day("2024-01-29"), &SummaryConfig::default())?;
/// assert_eq!(s.customers, ["a", "b"]);
/// assert_eq!(s.frequency, [1.0, 0.0]); // two purchase days for "a": one repeat
/// assert_eq!(s.recency, [2.0, 0.0]);   // weeks
/// assert_eq!(s.t, [4.0, 3.0]);
/// assert_eq!(s.monetary_value, [20.0, 0.0]);
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn rfm_summary<K, T>(
    customers: &[K],
    times: &[T],
    amounts: &[f64],
    margins: Option<&[f64]>,
    as_of: Timestamp,
    config: &SummaryConfig,
) -> Result<RfmSummary<K>, ValueError>
where
    K: Hash + Eq + Clone,
    T: TransactionTime,
{
    if customers.is_empty() {
        return Err(ValueError::EmptyInput { field: "customer" });
    }
    // Checked before the ids are numbered in u32.
    if customers.len() > MAX_TRANSACTIONS {
        return Err(ValueError::TooManyRows { field: "customer", rows: customers.len(), limit: MAX_TRANSACTIONS });
    }
    let (codes, keys) = encode_customers(customers);
    let summary = rfm_summary_codes(&codes, keys.len(), times, amounts, margins, as_of, config)?;
    Ok(summary.map_customers(|c| keys[c as usize].clone()))
}

/// The last day of the observation window: the holdout end when one is asked for, else `as_of`.
/// Both must lie in the supported years.
pub(crate) fn observation_end_day(as_of: Timestamp, config: &SummaryConfig) -> Result<i64, ValueError> {
    check_instant("as_of", as_of.0)?;
    if let Some(h) = config.holdout_end {
        check_instant("holdout_end", h.0)?;
    }
    match config.holdout_end {
        Some(h) if h.day_number() <= as_of.day_number() => Err(ValueError::InvalidHoldout { as_of, holdout_end: h }),
        Some(h) => Ok(h.day_number()),
        None => Ok(as_of.day_number()),
    }
}

/// The UTC day number of transaction `i`; numpy's NaT (`i64::MIN`, a missing time)
/// and times outside the supported years are refused.
pub(crate) fn transaction_day<T: TransactionTime>(times: &[T], i: usize) -> Result<i64, ValueError> {
    let secs = times[i].unix_seconds();
    if secs == i64::MIN {
        return Err(ValueError::NonFinite { field: "time", index: i, value: f64::NAN });
    }
    if !Timestamp(secs).in_range() {
        return Err(out_of_time_range("time", i, secs));
    }
    Ok(secs.div_euclid(SECONDS_PER_DAY))
}

/// Dense codes `0..keys.len()` for hashable customer ids, in order of first appearance,
/// and the id of each code.
pub(crate) fn encode_customers<K: Hash + Eq>(customers: &[K]) -> (Vec<u32>, Vec<&K>) {
    // Runs of equal ids bound the number of distinct ids (exactly, when rows are grouped by customer).
    let runs = 1 + customers.windows(2).filter(|p| p[0] != p[1]).count();
    let mut index: FxMap<&K, u32> = FxMap::default();
    index.reserve(runs);
    let mut keys: Vec<&K> = Vec::new();
    let mut codes: Vec<u32> = Vec::with_capacity(customers.len());
    // Transactions usually come grouped by customer: reuse the previous row's code when the id repeats.
    let mut previous: Option<(&K, u32)> = None;
    for k in customers {
        let code = match previous {
            Some((p, c)) if p == k => c,
            _ => *index.entry(k).or_insert_with(|| {
                keys.push(k);
                (keys.len() - 1) as u32
            }),
        };
        previous = Some((k, code));
        codes.push(code);
    }
    (codes, keys)
}

/// The most transaction rows a summary accepts (rows are counted in `u32`).
pub const MAX_TRANSACTIONS: usize = u32::MAX as usize - 1;

/// RFM summary with customers given as dense codes `0..n_customers` (the fast path).
///
/// Same as [`rfm_summary`], but the customer of each transaction is a code below
/// `n_customers` (e.g. pandas category codes) and the summary's `customers` are
/// the codes that have a row, ascending. A code at or above `n_customers` is a
/// [`ValueError::CustomerCodeOutOfRange`]. Memory stays proportional to the
/// number of transactions whatever `n_customers` is: when it is much larger
/// than the number of rows (sparse codes such as CRM numbers), the codes in use
/// are ranked first.
///
/// ```
/// use relmap::value::{rfm_summary_codes, SummaryConfig};
/// let day = 86_400i64;
/// let codes = [1u32, 0, 1];
/// let times = [0, 3 * day, 14 * day];
/// let s = rfm_summary_codes(&codes, 2, &times, &[5.0, 1.0, 8.0], None, relmap::time::Timestamp(14 * day),
///     &SummaryConfig::default())?;
/// assert_eq!(s.customers, [0, 1]);
/// assert_eq!(s.frequency, [0.0, 1.0]);
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn rfm_summary_codes<T: TransactionTime>(
    codes: &[u32],
    n_customers: usize,
    times: &[T],
    amounts: &[f64],
    margins: Option<&[f64]>,
    as_of: Timestamp,
    config: &SummaryConfig,
) -> Result<RfmSummary<u32>, ValueError> {
    let n = codes.len();
    if n == 0 {
        return Err(ValueError::EmptyInput { field: "customer" });
    }
    if n > MAX_TRANSACTIONS {
        return Err(ValueError::TooManyRows { field: "customer", rows: n, limit: MAX_TRANSACTIONS });
    }
    match SparseCodes::check(codes, n_customers)? {
        Some(sparse) => {
            let summary =
                summary_of_dense_codes(&sparse.dense, sparse.in_use.len(), times, amounts, margins, as_of, config)?;
            Ok(summary.map_customers(|c| sparse.in_use[c as usize]))
        }
        None => summary_of_dense_codes(codes, n_customers, times, amounts, margins, as_of, config),
    }
}

/// Customer codes ranked among the codes in use, for a declared number of customers
/// much larger than the rows (sparse codes such as CRM numbers), where tables sized
/// by `n_customers` would cost memory out of all proportion (or not fit at all).
pub(crate) struct SparseCodes {
    /// The codes in use, ascending: dense code `i` stands for `in_use[i]`.
    pub in_use: Vec<u32>,
    /// Each row's dense code.
    pub dense: Vec<u32>,
}

impl SparseCodes {
    /// Checks every code against `n_customers`; ranks them when tables of `n_customers`
    /// entries would be more than about twice the rows (`None`: use the codes as they are).
    pub fn check(codes: &[u32], n_customers: usize) -> Result<Option<SparseCodes>, ValueError> {
        if let Some(index) = codes.iter().position(|&c| c as usize >= n_customers) {
            return Err(ValueError::CustomerCodeOutOfRange { index, code: codes[index].into(), n_customers });
        }
        if n_customers <= codes.len().saturating_mul(2).saturating_add(1024) {
            return Ok(None);
        }
        let mut in_use = codes.to_vec();
        in_use.sort_unstable();
        in_use.dedup();
        let dense = codes.iter().map(|c| in_use.binary_search(c).expect("every code is in use") as u32).collect();
        Ok(Some(SparseCodes { in_use, dense }))
    }
}

/// [`rfm_summary_codes`] with codes already checked below `n_customers` (a small number).
fn summary_of_dense_codes<T: TransactionTime>(
    codes: &[u32],
    n_customers: usize,
    times: &[T],
    amounts: &[f64],
    margins: Option<&[f64]>,
    as_of: Timestamp,
    config: &SummaryConfig,
) -> Result<RfmSummary<u32>, ValueError> {
    let n = codes.len();
    check_len("time", times, n)?;
    check_len("amount", amounts, n)?;
    if let Some(m) = margins {
        check_len("margin", m, n)?;
    }
    let w = config.growth_window_days;
    check_config("growth_window_days", w, w > 0.0, "a positive number of days")?;
    let end_day = observation_end_day(as_of, config)?;
    let as_of_day = as_of.day_number();
    let rows = bucket_rows(codes, n_customers, times, amounts, margins, as_of, end_day)?;
    let (starts, days, amts, margs, present) = (rows.starts, rows.days, rows.amounts, rows.margins, rows.present);
    let (used, after_end) = (rows.used, rows.after_end);

    let buckets = Buckets { starts: &starts, days: &days, amounts: &amts, margins: &margs };
    let windows = Windows {
        as_of_day,
        growth_window: w,
        unit_days: config.unit.days(),
        has_margin: margins.is_some(),
        has_holdout: config.holdout_end.is_some(),
    };
    let c = build(&buckets, &present, &windows);
    check_sums(&c, margins.is_some())?;
    let holdout = config.holdout_end.map(|end| HoldoutSummary {
        end,
        duration: (end_day - as_of_day) as f64 / config.unit.days(),
        frequency: c.holdout_frequency,
        monetary_value: c.holdout_monetary,
        total_amount: c.holdout_total,
    });
    Ok(RfmSummary {
        customers: c.customers,
        frequency: c.frequency,
        recency: c.recency,
        t: c.t,
        monetary_value: c.monetary_value,
        first_purchase: c.first_purchase,
        last_purchase: c.last_purchase,
        n_transactions: c.n_transactions,
        total_amount: c.total_amount,
        total_margin: margins.map(|_| c.total_margin),
        recent_purchases: c.recent_purchases,
        previous_purchases: c.previous_purchases,
        recent_amount: c.recent_amount,
        previous_amount: c.previous_amount,
        holdout,
        as_of,
        unit: config.unit,
        growth_window_days: w,
        transactions_used: used,
        transactions_after_end: after_end,
    })
}

/// Refuses an instant outside the supported years (see [`Timestamp::in_range`]).
pub(crate) fn check_instant(field: &'static str, secs: i64) -> Result<(), ValueError> {
    if Timestamp(secs).in_range() {
        Ok(())
    } else {
        Err(out_of_time_range(field, 0, secs))
    }
}

fn out_of_time_range(field: &'static str, index: usize, secs: i64) -> ValueError {
    ValueError::OutOfRange {
        field,
        index,
        value: secs as f64,
        expected: "an instant in the years 0000..9999 UTC (seconds -62167219200..=253402300799)",
    }
}

/// Refuses a summary whose sums of finite amounts (or margins) overflowed.
fn check_sums(c: &super::summary_build::Columns, has_margin: bool) -> Result<(), ValueError> {
    let amount_sums: [(&'static str, &[f64]); 6] = [
        ("total_amount", &c.total_amount),
        ("monetary_value", &c.monetary_value),
        ("recent_amount", &c.recent_amount),
        ("previous_amount", &c.previous_amount),
        ("holdout_total_amount", &c.holdout_total),
        ("holdout_monetary_value", &c.holdout_monetary),
    ];
    for (what, col) in amount_sums {
        if let Some(index) = col.iter().position(|v| !v.is_finite()) {
            return Err(ValueError::Overflow { field: "amount", what, index });
        }
    }
    if has_margin {
        if let Some(index) = c.total_margin.iter().position(|v| !v.is_finite()) {
            return Err(ValueError::Overflow { field: "margin", what: "total_margin", index });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::DAYS_PER_MONTH;

    fn day(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn windows_margins_and_months() {
        let customers = ["a", "a", "a", "a", "b"];
        let times = ["2024-01-01", "2024-03-01", "2024-05-15", "2024-06-20T15:00:00Z", "2024-06-30"].map(day);
        let amounts = [10.0, 20.0, 30.0, 40.0, 5.0];
        let margins = [1.0, 2.0, 3.0, 4.0, 0.5];
        let config = SummaryConfig { unit: TimeUnit::Month, growth_window_days: 60.0, ..SummaryConfig::default() };
        let s = rfm_summary(&customers, &times, &amounts, Some(&margins), day("2024-06-30"), &config).unwrap();
        assert_eq!(s.customers, ["a", "b"]);
        assert_eq!(s.frequency, [3.0, 0.0]);
        // 2024-01-01 → 2024-06-20 is 171 days; → 2024-06-30 is 181 days.
        assert!((s.recency[0] - 171.0 / DAYS_PER_MONTH).abs() < 1e-12);
        assert!((s.t[0] - 181.0 / DAYS_PER_MONTH).abs() < 1e-12);
        assert_eq!(s.t[1], 0.0);
        assert_eq!(s.monetary_value, [30.0, 0.0]);
        assert_eq!(s.total_amount, [100.0, 5.0]);
        assert_eq!(s.total_margin.as_deref(), Some(&[10.0, 0.5][..]));
        // Recent window (May 1, Jun 30]: 05-15 and 06-20; previous (Mar 2, May 1]: none (03-01 is 121 days back).
        assert_eq!((s.recent_purchases[0], s.previous_purchases[0]), (2, 0));
        assert_eq!((s.recent_amount[0], s.previous_amount[0]), (70.0, 0.0));
        assert_eq!(s.spend_growth()[0], None);
        assert_eq!(s.last_purchase[0], day("2024-06-20"));
        assert_eq!(s.n_transactions, [4, 1]);
    }

    #[test]
    fn late_customers_and_rows_after_the_end_are_counted_not_summarised() {
        let codes = [0u32, 1, 0, 2];
        let times = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-01-05"].map(day);
        let s = rfm_summary_codes(&codes, 4, &times, &[1.0; 4], None, day("2024-01-31"), &SummaryConfig::default())
            .unwrap();
        assert_eq!(s.customers, [0, 2]); // 1 first buys after as_of, 3 never buys
        assert_eq!(s.transactions_after_end, 2);
        assert_eq!(s.transactions_used, 2);
        assert!(s.total_margin.is_none() && s.holdout.is_none());
    }

    #[test]
    fn bad_input_is_refused_with_the_row() {
        let cfg = SummaryConfig::default();
        let t = [day("2024-01-01"), day("2024-01-02")];
        let as_of = day("2024-02-01");
        let e = rfm_summary(&["a", "b"], &t, &[1.0, f64::NAN], None, as_of, &cfg).unwrap_err();
        assert!(matches!(e, ValueError::NonFinite { field: "amount", index: 1, value } if value.is_nan()));
        let e = rfm_summary(&["a", "b"], &t, &[1.0, -2.0], None, as_of, &cfg).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", Some("amount")));
        let e = rfm_summary(&["a", "b"], &t, &[1.0], None, as_of, &cfg).unwrap_err();
        assert_eq!(e, ValueError::LengthMismatch { field: "amount", expected: 2, got: 1 });
        let e = rfm_summary(&["a", "b"], &t[..1], &[1.0, 2.0], None, as_of, &cfg).unwrap_err();
        assert_eq!(e.code(), "length_mismatch");
        let e = rfm_summary::<&str, Timestamp>(&[], &[], &[], None, as_of, &cfg).unwrap_err();
        assert_eq!(e.code(), "empty_list");
        let e = rfm_summary(&["a", "b"], &t, &[1.0, 2.0], None, day("2023-12-31"), &cfg).unwrap_err();
        assert_eq!(e, ValueError::AsOfBeforeFirstPurchase { as_of: day("2023-12-31"), first_purchase: t[0] });
        let e = rfm_summary(&["a", "b"], &[0i64, i64::MIN], &[1.0, 2.0], None, as_of, &cfg).unwrap_err();
        assert_eq!((e.code(), e.field()), ("non_finite", Some("time")));
        let e = rfm_summary(&["a", "b"], &t, &[1.0, 2.0], Some(&[0.0, f64::INFINITY]), as_of, &cfg).unwrap_err();
        assert_eq!(e.field(), Some("margin"));
        let e = rfm_summary_codes(&[0, 5], 2, &t, &[1.0, 2.0], None, as_of, &cfg).unwrap_err();
        assert_eq!(e, ValueError::CustomerCodeOutOfRange { index: 1, code: 5, n_customers: 2 });
        let e = rfm_summary(&["a", "b"], &[0i64, i64::MIN + 1], &[1.0, 2.0], None, as_of, &cfg).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", Some("time")));
        let e = rfm_summary(&["a", "b"], &t, &[1.0, 2.0], None, Timestamp(i64::MAX), &cfg).unwrap_err();
        assert_eq!((e.code(), e.field()), ("out_of_range", Some("as_of")));
        let e =
            rfm_summary(&["a", "a", "a"], &[t[0], t[1], t[1]], &[1e308, 1e308, 1.0], None, as_of, &cfg).unwrap_err();
        assert_eq!(e, ValueError::Overflow { field: "amount", what: "total_amount", index: 0 });
        let e = rfm_summary(&["a", "b"], &t, &[1.0, 2.0], Some(&[-1e308, -1e308][..]), as_of, &cfg);
        assert!(e.is_ok(), "one margin per customer does not overflow");
        let e = rfm_summary(&["a", "a"], &t, &[1.0, 2.0], Some(&[-1e308, -1e308][..]), as_of, &cfg).unwrap_err();
        assert_eq!((e.code(), e.field()), ("overflow", Some("margin")));
        let h = SummaryConfig { holdout_end: Some(day("2024-01-15")), ..SummaryConfig::default() };
        assert_eq!(rfm_summary(&["a", "b"], &t, &[1.0, 2.0], None, as_of, &h).unwrap_err().code(), "invalid_time");
        let w = SummaryConfig { growth_window_days: 0.0, ..SummaryConfig::default() };
        assert_eq!(rfm_summary(&["a", "b"], &t, &[1.0, 2.0], None, as_of, &w).unwrap_err().code(), "invalid_config");
        assert_eq!("fortnight".parse::<TimeUnit>().unwrap_err().code(), "invalid_argument");
    }

    #[test]
    fn sparse_and_huge_codes_need_no_huge_tables() {
        let cfg = SummaryConfig::default();
        let t = [day("2026-01-01"), day("2026-01-05"), day("2026-01-10")];
        let as_of = day("2026-03-31");
        // A code of a billion (JS `new Uint32Array([1e9])`), n_customers = 2^40 or usize::MAX: no allocation by n.
        for n_customers in [1_000_000_001usize, 1 << 40, usize::MAX] {
            let s = rfm_summary_codes(
                &[1_000_000_000, 7, 1_000_000_000],
                n_customers,
                &t,
                &[5.0, 1.0, 2.0],
                None,
                as_of,
                &cfg,
            )
            .unwrap();
            assert_eq!(s.customers, [7, 1_000_000_000]);
            assert_eq!(s.frequency, [0.0, 1.0]);
            assert_eq!(s.total_amount, [1.0, 7.0]);
        }
        // The same result as the dense path.
        let dense = rfm_summary_codes(&[1, 0, 1], 2, &t, &[5.0, 1.0, 2.0], None, as_of, &cfg).unwrap();
        let sparse = rfm_summary_codes(&[4000, 9, 4000], 5000, &t, &[5.0, 1.0, 2.0], None, as_of, &cfg).unwrap();
        assert_eq!(dense.frequency, sparse.frequency);
        assert_eq!(sparse.customers, [9, 4000]);
        let e = rfm_summary_codes(&[0], 0, &t[..1], &[1.0], None, as_of, &cfg).unwrap_err();
        assert_eq!(e.code(), "out_of_range");
    }
}
