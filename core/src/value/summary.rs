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
use super::par::{map_indexed, FxMap};
use super::time_unit::{TimeUnit, TransactionTime};
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
    let mut index: FxMap<&K, u32> = FxMap::default();
    index.reserve(customers.len() / 4);
    let mut keys: Vec<&K> = Vec::new();
    let codes: Vec<u32> = customers
        .iter()
        .map(|k| {
            *index.entry(k).or_insert_with(|| {
                keys.push(k);
                (keys.len() - 1) as u32
            })
        })
        .collect();
    let summary = rfm_summary_codes(&codes, keys.len(), times, amounts, margins, as_of, config)?;
    Ok(summary.map_customers(|c| keys[c as usize].clone()))
}

/// One transaction row, scattered into its customer's bucket.
#[derive(Clone, Copy)]
struct Row {
    day: i64,
    amount: f64,
    margin: f64,
}

/// Per-customer results before they are laid out in columns.
struct Stats {
    purchase_days: u32,
    first: i64,
    last: i64,
    repeat_amount: f64,
    n_transactions: u32,
    total_amount: f64,
    total_margin: f64,
    recent: (u32, f64),
    previous: (u32, f64),
    holdout: (u32, f64),
}

/// RFM summary with customers given as dense codes `0..n_customers` (the fast path).
///
/// Same as [`rfm_summary`], but the customer of each transaction is a code below
/// `n_customers` (e.g. pandas category codes) and the summary's `customers` are
/// the codes that have a row, ascending.
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
    check_len("time", times, n)?;
    check_len("amount", amounts, n)?;
    if let Some(m) = margins {
        check_len("margin", m, n)?;
    }
    let w = config.growth_window_days;
    check_config("growth_window_days", w, w > 0.0, "a positive number of days")?;
    let as_of_day = as_of.day_number();
    let end_day = match config.holdout_end {
        Some(h) if h.day_number() <= as_of_day => {
            return Err(ValueError::InvalidHoldout { as_of, holdout_end: h });
        }
        Some(h) => h.day_number(),
        None => as_of_day,
    };
    let day_of = |i: usize| times[i].unix_seconds().div_euclid(SECONDS_PER_DAY);

    // Pass 1: validate and count rows per customer inside the observation window.
    let mut counts = vec![0u32; n_customers + 1];
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
        let secs = times[i].unix_seconds();
        if secs == i64::MIN {
            // numpy's NaT: a missing time.
            return Err(ValueError::NonFinite { field: "time", index: i, value: f64::NAN });
        }
        let d = secs.div_euclid(SECONDS_PER_DAY);
        first_day = first_day.min(d);
        if d > end_day {
            after_end += 1;
            continue;
        }
        any_calibration |= d <= as_of_day;
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
    let mut rows = vec![Row { day: 0, amount: 0.0, margin: 0.0 }; used];
    for i in 0..n {
        let d = day_of(i);
        if d > end_day {
            continue;
        }
        let c = codes[i] as usize;
        rows[fill[c] as usize] = Row { day: d, amount: amounts[i], margin: margins.map_or(0.0, |m| m[i]) };
        fill[c] += 1;
    }
    drop(fill);

    let stats: Vec<Option<Stats>> = {
        let rows = &rows;
        let starts = &starts;
        map_indexed(n_customers, move |c| {
            let bucket = &rows[starts[c] as usize..starts[c + 1] as usize];
            customer_stats(bucket, as_of_day, w)
        })
    };
    Ok(lay_out(stats, Window { used: rows.len(), after_end, as_of, end_day, has_margin: margins.is_some() }, config))
}

/// Merges one customer's rows by day and computes its statistics.
fn customer_stats(bucket: &[Row], as_of_day: i64, window: f64) -> Option<Stats> {
    if bucket.is_empty() {
        return None;
    }
    let mut sorted_copy;
    let rows: &[Row] = if bucket.windows(2).all(|p| p[0].day <= p[1].day) {
        bucket
    } else {
        sorted_copy = bucket.to_vec();
        sorted_copy.sort_by_key(|r| r.day);
        &sorted_copy
    };
    if rows[0].day > as_of_day {
        return None; // first purchase in the holdout period: not a customer at as_of
    }
    let mut s = Stats {
        purchase_days: 0,
        first: rows[0].day,
        last: rows[0].day,
        repeat_amount: 0.0,
        n_transactions: 0,
        total_amount: 0.0,
        total_margin: 0.0,
        recent: (0, 0.0),
        previous: (0, 0.0),
        holdout: (0, 0.0),
    };
    let mut i = 0;
    while i < rows.len() {
        let day = rows[i].day;
        let (mut amount, mut margin, mut count) = (0.0, 0.0, 0u32);
        while i < rows.len() && rows[i].day == day {
            amount += rows[i].amount;
            margin += rows[i].margin;
            count += 1;
            i += 1;
        }
        if day > as_of_day {
            s.holdout.0 += 1;
            s.holdout.1 += amount;
            continue;
        }
        if s.purchase_days > 0 {
            s.repeat_amount += amount;
        }
        s.purchase_days += 1;
        s.last = day;
        s.n_transactions += count;
        s.total_amount += amount;
        s.total_margin += margin;
        let age = (as_of_day - day) as f64;
        if age < window {
            s.recent.0 += 1;
            s.recent.1 += amount;
        } else if age < 2.0 * window {
            s.previous.0 += 1;
            s.previous.1 += amount;
        }
    }
    Some(s)
}

/// Facts about the observation window that the column layout needs.
struct Window {
    used: usize,
    after_end: usize,
    as_of: Timestamp,
    end_day: i64,
    has_margin: bool,
}

/// Lays the per-customer statistics out in columns.
fn lay_out(stats: Vec<Option<Stats>>, win: Window, config: &SummaryConfig) -> RfmSummary<u32> {
    let Window { used, after_end, as_of, end_day, has_margin } = win;
    let k = stats.iter().filter(|s| s.is_some()).count();
    let unit = config.unit.days();
    let as_of_day = as_of.day_number();
    let mut out = RfmSummary {
        customers: Vec::with_capacity(k),
        frequency: Vec::with_capacity(k),
        recency: Vec::with_capacity(k),
        t: Vec::with_capacity(k),
        monetary_value: Vec::with_capacity(k),
        first_purchase: Vec::with_capacity(k),
        last_purchase: Vec::with_capacity(k),
        n_transactions: Vec::with_capacity(k),
        total_amount: Vec::with_capacity(k),
        total_margin: None,
        recent_purchases: Vec::with_capacity(k),
        previous_purchases: Vec::with_capacity(k),
        recent_amount: Vec::with_capacity(k),
        previous_amount: Vec::with_capacity(k),
        holdout: None,
        as_of,
        unit: config.unit,
        growth_window_days: config.growth_window_days,
        transactions_used: used,
        transactions_after_end: after_end,
    };
    let mut margin = Vec::with_capacity(k);
    let mut holdout = (Vec::with_capacity(k), Vec::with_capacity(k), Vec::with_capacity(k));
    for (code, s) in stats.into_iter().enumerate() {
        let Some(s) = s else { continue };
        let x = f64::from(s.purchase_days - 1);
        out.customers.push(code as u32);
        out.frequency.push(x);
        out.recency.push((s.last - s.first) as f64 / unit);
        out.t.push((as_of_day - s.first) as f64 / unit);
        out.monetary_value.push(if x > 0.0 { s.repeat_amount / x } else { 0.0 });
        out.first_purchase.push(Timestamp(s.first * SECONDS_PER_DAY));
        out.last_purchase.push(Timestamp(s.last * SECONDS_PER_DAY));
        out.n_transactions.push(s.n_transactions);
        out.total_amount.push(s.total_amount);
        margin.push(s.total_margin);
        out.recent_purchases.push(s.recent.0);
        out.recent_amount.push(s.recent.1);
        out.previous_purchases.push(s.previous.0);
        out.previous_amount.push(s.previous.1);
        let hf = f64::from(s.holdout.0);
        holdout.0.push(hf);
        holdout.1.push(if hf > 0.0 { s.holdout.1 / hf } else { 0.0 });
        holdout.2.push(s.holdout.1);
    }
    out.total_margin = has_margin.then_some(margin);
    if let Some(end) = config.holdout_end {
        out.holdout = Some(HoldoutSummary {
            end,
            duration: (end_day - as_of_day) as f64 / unit,
            frequency: holdout.0,
            monetary_value: holdout.1,
            total_amount: holdout.2,
        });
    }
    out
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
        assert_eq!(e.code(), "empty_input");
        let e = rfm_summary(&["a", "b"], &t, &[1.0, 2.0], None, day("2023-12-31"), &cfg).unwrap_err();
        assert_eq!(e, ValueError::AsOfBeforeFirstPurchase { as_of: day("2023-12-31"), first_purchase: t[0] });
        let e = rfm_summary(&["a", "b"], &[0i64, i64::MIN], &[1.0, 2.0], None, as_of, &cfg).unwrap_err();
        assert_eq!((e.code(), e.field()), ("non_finite", Some("time")));
        let e = rfm_summary(&["a", "b"], &t, &[1.0, 2.0], Some(&[0.0, f64::INFINITY]), as_of, &cfg).unwrap_err();
        assert_eq!(e.field(), Some("margin"));
        let e = rfm_summary_codes(&[0, 5], 2, &t, &[1.0, 2.0], None, as_of, &cfg).unwrap_err();
        assert_eq!(e, ValueError::CustomerCodeOutOfRange { index: 1, code: 5, n_customers: 2 });
        let h = SummaryConfig { holdout_end: Some(day("2024-01-15")), ..SummaryConfig::default() };
        assert_eq!(rfm_summary(&["a", "b"], &t, &[1.0, 2.0], None, as_of, &h).unwrap_err().code(), "invalid_holdout");
        let w = SummaryConfig { growth_window_days: 0.0, ..SummaryConfig::default() };
        assert_eq!(rfm_summary(&["a", "b"], &t, &[1.0, 2.0], None, as_of, &w).unwrap_err().code(), "invalid_config");
        assert_eq!("fortnight".parse::<TimeUnit>().unwrap_err().code(), "invalid_config");
    }
}
