//! Summary of raw transactions in discrete periods: the BG/BB's (x, t_x, n).
//!
//! Time is cut into periods (transaction opportunities): calendar months, quarters or
//! years (UTC), or a fixed number of days counted from each customer's first purchase
//! day. The period of the first purchase is the customer's period 0; the following
//! periods are opportunities 1, 2, … For each customer with a purchase on or before the
//! calibration end `as_of`:
//! - `periods` n = the opportunities that are complete by `as_of` (a period ends on its
//!   last day, inclusive); 0 when even period 0 is still running;
//! - `frequency` x = the opportunities 1..=n with at least one transaction (several
//!   transactions in one period count once);
//! - `recency` t_x = the last of them (0 when x = 0);
//! - `monetary_value` = the mean amount per such period (all its transactions summed;
//!   0 when x = 0), `total_amount` = every calibration amount, period 0 included.
//!
//! Transactions in period 0 after the first purchase belong to the acquisition.
//! With a holdout end, the periods after n that are complete by it are the customer's
//! holdout opportunities (a running period at `as_of` is the first of them), giving its
//! holdout frequency x* over n* periods. Every other transaction (in a running period,
//! or after the window) counts in `transactions_after_end`.

use std::hash::Hash;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::{check_len, ValueError};
use super::summary::{check_instant, encode_customers, SparseCodes};
use super::summary_rows::bucket_rows;
use super::time_unit::TransactionTime;
use super::MAX_TRANSACTIONS;
use crate::time::{civil_from_days, Timestamp, SECONDS_PER_DAY};

/// The length of one transaction opportunity.
///
/// ```
/// use relmap::value::Period;
/// assert_eq!("Q".parse::<Period>().unwrap(), Period::Quarter);
/// assert_eq!("W".parse::<Period>().unwrap(), Period::Days(7));
/// assert_eq!("14".parse::<Period>().unwrap(), Period::Days(14));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A fixed number of days (≥ 1), counted from each customer's first purchase day.
    Days(u32),
    /// Calendar months (UTC).
    Month,
    /// Calendar quarters (January–March, …).
    Quarter,
    /// Calendar years.
    #[default]
    Year,
}

impl Period {
    /// The index of `day` (days since the epoch) on the period axis: calendar periods
    /// count from year 0, day periods from `first_day` (so the first purchase is in period 0).
    fn index(self, first_day: i64, day: i64) -> i64 {
        match self {
            Period::Days(len) => (day - first_day).div_euclid(i64::from(len)),
            Period::Month | Period::Quarter | Period::Year => {
                let (y, m, _) = civil_from_days(day);
                let (y, m) = (i64::from(y), i64::from(m) - 1);
                match self {
                    Period::Month => 12 * y + m,
                    Period::Quarter => 4 * y + m / 3,
                    _ => y,
                }
            }
        }
    }

    /// The customer's opportunity of `day`: periods since the first purchase's period.
    fn opportunity(self, first_day: i64, day: i64) -> i64 {
        self.index(first_day, day) - self.index(first_day, first_day)
    }

    /// The last opportunity complete by the end of `end_day` (−1 when period 0 still runs).
    fn complete_through(self, first_day: i64, end_day: i64) -> i64 {
        self.opportunity(first_day, end_day + 1) - 1
    }
}

impl FromStr for Period {
    type Err = ValueError;

    /// Reads `Y`/`year`, `Q`/`quarter`, `M`/`month`, `W`/`week` (7 days), `D`/`day`, or a
    /// whole number of days.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ValueError::InvalidConfig {
            field: "period",
            value: f64::NAN,
            expected: "Y, Q, M, W, D or a whole number of days >= 1",
        };
        match s.to_ascii_lowercase().as_str() {
            "y" | "a" | "year" | "years" => Ok(Period::Year),
            "q" | "quarter" | "quarters" => Ok(Period::Quarter),
            "m" | "month" | "months" => Ok(Period::Month),
            "w" | "week" | "weeks" => Ok(Period::Days(7)),
            "d" | "day" | "days" => Ok(Period::Days(1)),
            other => match other.parse::<u32>() {
                Ok(days) if days >= 1 => Ok(Period::Days(days)),
                _ => Err(bad()),
            },
        }
    }
}

/// Options of [`discrete_summary`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscreteSummaryConfig {
    /// The length of one transaction opportunity. Default: calendar years.
    pub period: Period,
    /// End of an optional holdout: the complete periods after the calibration ones up to
    /// this day (inclusive).
    pub holdout_end: Option<Timestamp>,
}

impl Default for DiscreteSummaryConfig {
    fn default() -> Self {
        DiscreteSummaryConfig { period: Period::Year, holdout_end: None }
    }
}

/// The holdout of a [`DiscreteSummary`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscreteHoldout {
    /// The holdout end.
    pub end: Timestamp,
    /// Holdout opportunities with a transaction (x*).
    pub frequency: Vec<f64>,
    /// Holdout opportunities (n*): the complete periods after the calibration ones.
    pub periods: Vec<f64>,
}

/// Discrete-period summary, one row per customer, column by column (see the module docs).
///
/// Row `i` of every column belongs to `customers[i]`, in the order of [`rfm_summary`](super::rfm_summary)
/// on the same input, so the columns of both line up. `RfmData::new(&s.frequency,
/// &s.recency, &s.periods)` is the BG/BB's input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscreteSummary<K> {
    /// Customer ids.
    pub customers: Vec<K>,
    /// x: opportunities with a transaction.
    pub frequency: Vec<f64>,
    /// t_x: the last opportunity with a transaction (0 when none).
    pub recency: Vec<f64>,
    /// n: complete opportunities after the first purchase's period.
    pub periods: Vec<f64>,
    /// Mean amount per opportunity with a transaction (0 when x = 0).
    pub monetary_value: Vec<f64>,
    /// Every calibration amount, the first period's included.
    pub total_amount: Vec<f64>,
    /// Midnight (UTC) of the first purchase day.
    pub first_purchase: Vec<Timestamp>,
    /// Calibration transaction rows (periods 0..=n).
    pub n_transactions: Vec<u32>,
    /// The holdout, when one was asked for.
    pub holdout: Option<DiscreteHoldout>,
    /// The calibration end.
    pub as_of: Timestamp,
    /// The period.
    pub period: Period,
    /// Rows used (calibration periods and holdout periods).
    pub transactions_used: usize,
    /// Rows outside every complete period (or after the window), left out.
    pub transactions_after_end: usize,
}

/// Discrete-period summary of transactions given column by column (see the module docs).
///
/// ```
/// use relmap::time::Timestamp;
/// use relmap::value::{discrete_summary, DiscreteSummaryConfig, Period};
/// let day = |s: &str| s.parse::<Timestamp>().unwrap();
/// let customers = ["a", "a", "a", "a", "b"];
/// let times = ["2020-03-01", "2021-05-01", "2021-06-01", "2023-02-01", "2022-07-01"].map(day);
/// let amounts = [10.0, 20.0, 5.0, 30.0, 8.0];
/// let cfg = DiscreteSummaryConfig { period: Period::Year, holdout_end: None };
/// let s = discrete_summary(&customers, &times, &amounts, day("2023-12-31"), &cfg)?;
/// // "a": first in 2020; 2021, 2022, 2023 are opportunities 1..3; donated in 1 and 3.
/// assert_eq!((s.frequency[0], s.recency[0], s.periods[0]), (2.0, 3.0, 3.0));
/// assert_eq!(s.monetary_value[0], 27.5); // (20 + 5) and 30
/// assert_eq!((s.frequency[1], s.recency[1], s.periods[1]), (0.0, 0.0, 1.0));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn discrete_summary<K, T>(
    customers: &[K],
    times: &[T],
    amounts: &[f64],
    as_of: Timestamp,
    config: &DiscreteSummaryConfig,
) -> Result<DiscreteSummary<K>, ValueError>
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
    let s = discrete_summary_codes(&codes, keys.len(), times, amounts, as_of, config)?;
    Ok(DiscreteSummary {
        customers: s.customers.iter().map(|&c| keys[c as usize].clone()).collect(),
        frequency: s.frequency,
        recency: s.recency,
        periods: s.periods,
        monetary_value: s.monetary_value,
        total_amount: s.total_amount,
        first_purchase: s.first_purchase,
        n_transactions: s.n_transactions,
        holdout: s.holdout,
        as_of: s.as_of,
        period: s.period,
        transactions_used: s.transactions_used,
        transactions_after_end: s.transactions_after_end,
    })
}

/// Discrete-period summary with customers given as dense codes `0..n_customers`.
pub fn discrete_summary_codes<T: TransactionTime>(
    codes: &[u32],
    n_customers: usize,
    times: &[T],
    amounts: &[f64],
    as_of: Timestamp,
    config: &DiscreteSummaryConfig,
) -> Result<DiscreteSummary<u32>, ValueError> {
    if codes.is_empty() {
        return Err(ValueError::EmptyInput { field: "customer" });
    }
    if codes.len() > MAX_TRANSACTIONS {
        return Err(ValueError::TooManyRows { field: "customer", rows: codes.len(), limit: MAX_TRANSACTIONS });
    }
    // Codes checked against n_customers, and ranked when tables sized by n_customers
    // would be out of proportion to the rows (1 << 40 declared customers, or usize::MAX).
    match SparseCodes::check(codes, n_customers)? {
        Some(sparse) => {
            let mut s = summary_of_dense_codes(&sparse.dense, sparse.in_use.len(), times, amounts, as_of, config)?;
            s.customers = s.customers.iter().map(|&c| sparse.in_use[c as usize]).collect();
            Ok(s)
        }
        None => summary_of_dense_codes(codes, n_customers, times, amounts, as_of, config),
    }
}

/// [`discrete_summary_codes`] with codes already checked below `n_customers` (a small number).
fn summary_of_dense_codes<T: TransactionTime>(
    codes: &[u32],
    n_customers: usize,
    times: &[T],
    amounts: &[f64],
    as_of: Timestamp,
    config: &DiscreteSummaryConfig,
) -> Result<DiscreteSummary<u32>, ValueError> {
    check_len("time", times, codes.len())?;
    check_len("amount", amounts, codes.len())?;
    check_instant("as_of", as_of.0)?;
    if let Some(h) = config.holdout_end {
        check_instant("holdout_end", h.0)?;
    }
    let period = config.period;
    if period == Period::Days(0) {
        return Err(ValueError::InvalidConfig { field: "period", value: 0.0, expected: "at least 1 day" });
    }
    let as_of_day = as_of.day_number();
    let end_day = match config.holdout_end {
        Some(h) if h.day_number() <= as_of_day => return Err(ValueError::InvalidHoldout { as_of, holdout_end: h }),
        Some(h) => h.day_number(),
        None => as_of_day,
    };
    let rows = bucket_rows(codes, n_customers, times, amounts, None, as_of, end_day)?;
    let k = rows.present.iter().filter(|&&p| p).count();
    let mut s = DiscreteSummary {
        customers: Vec::with_capacity(k),
        frequency: Vec::with_capacity(k),
        recency: Vec::with_capacity(k),
        periods: Vec::with_capacity(k),
        monetary_value: Vec::with_capacity(k),
        total_amount: Vec::with_capacity(k),
        first_purchase: Vec::with_capacity(k),
        n_transactions: Vec::with_capacity(k),
        holdout: config.holdout_end.map(|end| DiscreteHoldout { end, frequency: vec![], periods: vec![] }),
        as_of,
        period,
        transactions_used: 0,
        transactions_after_end: rows.after_end,
    };
    let mut seen: Vec<i64> = Vec::new();
    for c in (0..n_customers).filter(|&c| rows.present[c]) {
        let range = rows.starts[c] as usize..rows.starts[c + 1] as usize;
        let days = &rows.days[range.clone()];
        let amounts = &rows.amounts[range];
        let first = days.iter().copied().min().expect("a present customer has a row");
        let n = period.complete_through(first, as_of_day).max(0);
        let n_hold = config.holdout_end.map_or(n, |_| period.complete_through(first, end_day).max(n));
        let (mut repeat_amount, mut total, mut n_tx) = (0.0, 0.0, 0u32);
        let (mut x, mut tx, mut x_hold) = (0.0, 0i64, 0.0);
        seen.clear();
        for (&d, &a) in days.iter().zip(amounts) {
            let j = period.opportunity(first, d);
            let calibration = d <= as_of_day && j <= n;
            if calibration {
                total += a;
                n_tx += 1;
                if j >= 1 {
                    repeat_amount += a;
                }
            } else if !(j > n && j <= n_hold) {
                s.transactions_after_end += 1;
                continue;
            }
            s.transactions_used += 1;
            if j >= 1 && !seen.contains(&j) {
                seen.push(j);
                if calibration {
                    x += 1.0;
                    tx = tx.max(j);
                } else {
                    x_hold += 1.0;
                }
            }
        }
        s.customers.push(c as u32);
        s.frequency.push(x);
        s.recency.push(tx as f64);
        s.periods.push(n as f64);
        s.monetary_value.push(if x > 0.0 { repeat_amount / x } else { 0.0 });
        s.total_amount.push(total);
        s.first_purchase.push(Timestamp(first * SECONDS_PER_DAY));
        s.n_transactions.push(n_tx);
        if let Some(h) = s.holdout.as_mut() {
            h.frequency.push(x_hold);
            h.periods.push((n_hold - n) as f64);
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn calendar_periods_count_complete_opportunities_and_merge_within_a_period() {
        let codes = [0u32, 0, 0, 0, 1, 1];
        let times = ["2024-01-15", "2024-02-01", "2024-02-20", "2024-04-10", "2024-03-31", "2024-06-30"].map(day);
        let cfg = DiscreteSummaryConfig { period: Period::Month, holdout_end: Some(day("2024-06-30")) };
        let s = discrete_summary_codes(&codes, 2, &times, &[1.0; 6], day("2024-04-15"), &cfg).unwrap();
        // Customer 0: period 0 = Jan; Feb, Mar complete by Apr 15 (n = 2); Feb twice → x = 1.
        assert_eq!((s.frequency[0], s.recency[0], s.periods[0]), (1.0, 1.0, 2.0));
        assert_eq!(s.monetary_value[0], 2.0);
        // April's purchase is in opportunity 3: a holdout period (Apr–Jun complete by Jun 30).
        let h = s.holdout.as_ref().unwrap();
        assert_eq!((h.frequency[0], h.periods[0]), (1.0, 3.0));
        // Customer 1: first on Mar 31, March complete: n = 0; June in the holdout (Apr..Jun).
        assert_eq!((s.frequency[1], s.periods[1]), (0.0, 0.0));
        assert_eq!((h.frequency[1], h.periods[1]), (1.0, 3.0));
        assert_eq!((s.transactions_used, s.transactions_after_end), (6, 0));
    }

    #[test]
    fn day_periods_start_at_each_first_purchase() {
        let codes = [0u32, 0, 0, 1];
        let times = ["2024-01-01", "2024-01-06", "2024-01-09", "2024-01-20"].map(day);
        let cfg = DiscreteSummaryConfig { period: Period::Days(7), holdout_end: None };
        let s = discrete_summary_codes(&codes, 2, &times, &[1.0; 4], day("2024-01-21"), &cfg).unwrap();
        // Customer 0: week 0 = Jan 1–7 (Jan 6 is acquisition), week 1 = Jan 8–14, week 2 = Jan 15–21.
        assert_eq!((s.frequency[0], s.recency[0], s.periods[0]), (1.0, 1.0, 2.0));
        assert_eq!(s.n_transactions[0], 3);
        // Customer 1: its week 0 runs to Jan 26: no complete opportunity.
        assert_eq!(s.periods[1], 0.0);
    }

    #[test]
    fn a_running_period_is_left_out_and_bad_input_refused() {
        let times = ["2022-05-01", "2023-03-01", "2024-02-01"].map(day);
        let cfg = DiscreteSummaryConfig::default();
        let s = discrete_summary(&["a", "a", "a"], &times, &[1.0; 3], day("2024-06-30"), &cfg).unwrap();
        assert_eq!((s.frequency[0], s.periods[0], s.transactions_after_end), (1.0, 1.0, 1.0 as usize));
        assert_eq!("fortnight".parse::<Period>().unwrap_err().code(), "invalid_config");
        assert_eq!("0".parse::<Period>().unwrap_err().code(), "invalid_config");
        let bad = DiscreteSummaryConfig { period: Period::Days(0), holdout_end: None };
        assert_eq!(
            discrete_summary(&["a"], &times[..1], &[1.0], day("2024-06-30"), &bad).unwrap_err().code(),
            "invalid_config"
        );
        let e = discrete_summary(&["a"], &times[..1], &[-1.0], day("2024-06-30"), &cfg).unwrap_err();
        assert_eq!(e.field(), Some("amount"));
        let e = discrete_summary(&["a"], &times[..1], &[1.0], day("2020-01-01"), &cfg).unwrap_err();
        assert_eq!(e.code(), "as_of_before_first_purchase");
    }
}
