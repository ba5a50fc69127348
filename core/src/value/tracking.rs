//! The tracking curve: a cohort's repeat purchases per period (a week, a day or a
//! month: the time unit), actual against what the model expects, through the
//! calibration period and on into the holdout.
//!
//! The cohort is the customers of the summary: everyone whose first purchase falls on
//! or before the calibration end. Time 0 is the cohort's first purchase day; periods
//! are one unit long and anchored at the calibration end, so no period straddles it
//! (the first and the last period may be shorter). A purchase on day d counts at time
//! d − day 0 (as recency and T do) in the period (start, end] holding it; the expected
//! count of a period is Σ over customers of E[X(end − birth)] − E[X(start − birth)],
//! with E[X(t)] the model's [`expected_repeat_purchases`](PurchaseModel::expected_repeat_purchases)
//! and birth the customer's first purchase.

use std::hash::Hash;

use serde::{Deserialize, Serialize};

use super::error::{check_len, ValueError};
use super::holdout::ErrorMetrics;
use super::model::PurchaseModel;
use super::summary::{encode_customers, observation_end_day, transaction_day, SparseCodes, SummaryConfig};
use super::time_unit::{TimeUnit, TransactionTime};
use crate::par::map_indexed;
use crate::time::{Timestamp, SECONDS_PER_DAY};

/// A cohort's repeat purchases per period, actual and expected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    /// The model's name.
    pub model: String,
    /// The time unit: the length of a period and of the times below.
    pub unit: TimeUnit,
    /// Time 0: the cohort's first purchase day (midnight UTC).
    pub start: Timestamp,
    /// The calibration end, in units since `start`.
    pub calibration_end: f64,
    /// The end of the observation (the holdout end, or the calibration end), in units since `start`.
    pub end: f64,
    /// Customers in the cohort.
    pub customers: usize,
    /// Start of each period, in units since `start`.
    pub period_start: Vec<f64>,
    /// End of each period, in units since `start`.
    pub period_end: Vec<f64>,
    /// Repeat purchases (merged days) the cohort made in each period.
    pub actual: Vec<f64>,
    /// Repeat purchases the model expects in each period.
    pub expected: Vec<f64>,
    /// Errors of the expected against the actual counts over the calibration periods.
    pub calibration_errors: Option<ErrorMetrics>,
    /// The same over the holdout periods (`None` without a holdout).
    pub holdout_errors: Option<ErrorMetrics>,
}

impl Tracking {
    /// The actual repeat purchases up to the end of each period.
    pub fn actual_cumulative(&self) -> Vec<f64> {
        cumulative(&self.actual)
    }

    /// The expected repeat purchases up to the end of each period.
    pub fn expected_cumulative(&self) -> Vec<f64> {
        cumulative(&self.expected)
    }

    /// Whether period `i` lies in the holdout (starts at or after the calibration end).
    pub fn in_holdout(&self, i: usize) -> bool {
        self.period_start[i] >= self.calibration_end - 1e-9
    }
}

fn cumulative(v: &[f64]) -> Vec<f64> {
    let mut sum = 0.0;
    v.iter()
        .map(|x| {
            sum += x;
            sum
        })
        .collect()
}

/// The most periods a tracking curve has (beyond it, a longer unit is asked for).
pub const MAX_TRACKING_PERIODS: usize = 10_000;

/// The tracking curve of the customers in `customers`/`times` (one entry per
/// transaction, as for [`rfm_summary`](super::rfm_summary), with the same `as_of` and
/// `config`: its unit and holdout end; the growth window plays no part).
///
/// ```
/// use relmap::time::Timestamp;
/// use relmap::value::{tracking, BetaGeo, BetaGeoParams, SummaryConfig};
/// let day = |s: &str| s.parse::<Timestamp>().unwrap();
/// let customers = ["a", "a", "a", "b", "b", "c"];
/// let times = ["2024-01-01", "2024-01-20", "2024-03-02", "2024-01-03", "2024-02-25", "2024-02-26"].map(day);
/// let config = SummaryConfig { holdout_end: Some(day("2024-03-31")), ..SummaryConfig::default() };
/// let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 })?;
/// let tr = tracking(&bg, &customers, &times, day("2024-02-29"), &config)?;
/// assert_eq!(tr.actual.iter().sum::<f64>(), 3.0); // a twice, b once; c is a first purchase
/// assert_eq!(tr.actual_cumulative().last(), Some(&3.0));
/// assert!(tr.period_end.contains(&tr.calibration_end)); // a period ends at the calibration end
/// assert!(tr.expected.iter().all(|&e| e >= 0.0));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn tracking<K, T>(
    model: &(impl PurchaseModel + ?Sized),
    customers: &[K],
    times: &[T],
    as_of: Timestamp,
    config: &SummaryConfig,
) -> Result<Tracking, ValueError>
where
    K: Hash + Eq,
    T: TransactionTime,
{
    if customers.is_empty() {
        return Err(ValueError::EmptyInput { field: "customer" });
    }
    let (codes, keys) = encode_customers(customers);
    tracking_codes(model, &codes, keys.len(), times, as_of, config)
}

/// [`tracking`] with customers as dense codes `0..n_customers` (the fast path).
pub fn tracking_codes<T: TransactionTime>(
    model: &(impl PurchaseModel + ?Sized),
    codes: &[u32],
    n_customers: usize,
    times: &[T],
    as_of: Timestamp,
    config: &SummaryConfig,
) -> Result<Tracking, ValueError> {
    let n = codes.len();
    if n == 0 {
        return Err(ValueError::EmptyInput { field: "customer" });
    }
    if let Some(sparse) = SparseCodes::check(codes, n_customers)? {
        return tracking_codes(model, &sparse.dense, sparse.in_use.len(), times, as_of, config);
    }
    check_len("time", times, n)?;
    let as_of_day = as_of.day_number();
    let end_day = observation_end_day(as_of, config)?;
    let mut first = vec![i64::MAX; n_customers];
    let mut days = Vec::with_capacity(n);
    let mut earliest = i64::MAX;
    for (i, &code) in codes.iter().enumerate() {
        if code as usize >= n_customers {
            return Err(ValueError::CustomerCodeOutOfRange { index: i, code: code.into(), n_customers });
        }
        let d = transaction_day(times, i)?;
        earliest = earliest.min(d);
        if d <= end_day {
            first[code as usize] = first[code as usize].min(d);
            days.push((code, d));
        }
    }
    let in_cohort = |c: u32| first[c as usize] <= as_of_day;
    let Some(day0) = first.iter().copied().filter(|&d| d <= as_of_day).min() else {
        return Err(ValueError::AsOfBeforeFirstPurchase {
            as_of,
            first_purchase: Timestamp(earliest * SECONDS_PER_DAY),
        });
    };
    let unit_days = config.unit.days();
    let span = (end_day - day0) as f64 / unit_days;
    if span > MAX_TRACKING_PERIODS as f64 {
        return Err(ValueError::InvalidConfig {
            field: "unit",
            value: span,
            expected: "a unit giving at most 10000 periods from the first purchase to the end",
        });
    }
    let bounds = period_bounds((as_of_day - day0) as f64, (end_day - day0) as f64, unit_days);
    let periods = bounds.len() - 1;

    // Actual: distinct (customer, day) purchases after each cohort member's first day.
    days.retain(|&(c, _)| in_cohort(c));
    days.sort_unstable();
    days.dedup();
    let mut actual = vec![0.0; periods];
    for &(c, d) in &days {
        if d > first[c as usize] {
            let offset = (d - day0) as f64;
            let k = bounds.partition_point(|&b| b < offset) - 1;
            actual[k] += 1.0;
        }
    }

    // Expected: customers grouped by birth day, E[X(t)] at every period bound.
    let mut births: Vec<i64> = first.iter().copied().filter(|&d| d <= as_of_day).map(|d| d - day0).collect();
    let cohort = births.len();
    births.sort_unstable();
    let mut groups: Vec<(i64, f64)> = Vec::new();
    for b in births {
        match groups.last_mut() {
            Some((day, count)) if *day == b => *count += 1.0,
            _ => groups.push((b, 1.0)),
        }
    }
    let curves: Vec<Result<Vec<f64>, ValueError>> = map_indexed(groups.len(), |g| {
        let birth = groups[g].0 as f64;
        bounds.iter().map(|&b| model.expected_repeat_purchases(((b - birth) / unit_days).max(0.0))).collect()
    });
    let mut at_bound = vec![0.0; bounds.len()];
    for (g, curve) in curves.into_iter().enumerate() {
        for (sum, e) in at_bound.iter_mut().zip(curve?) {
            *sum += groups[g].1 * e;
        }
    }
    let expected: Vec<f64> = at_bound.windows(2).map(|w| (w[1] - w[0]).max(0.0)).collect();

    let to_units = |d: f64| d / unit_days;
    let calibration_end = to_units((as_of_day - day0) as f64);
    let period_start: Vec<f64> = bounds[..periods].iter().map(|&b| to_units(b)).collect();
    let period_end: Vec<f64> = bounds[1..].iter().map(|&b| to_units(b)).collect();
    let split = bounds.partition_point(|&b| b < (as_of_day - day0) as f64);
    let errors = |r: std::ops::Range<usize>| {
        if r.is_empty() {
            Ok(None)
        } else {
            ErrorMetrics::of(&expected[r.clone()], &actual[r]).map(Some)
        }
    };
    Ok(Tracking {
        model: model.name().to_owned(),
        unit: config.unit,
        start: Timestamp(day0 * SECONDS_PER_DAY),
        calibration_end,
        end: to_units((end_day - day0) as f64),
        customers: cohort,
        calibration_errors: errors(0..split)?,
        holdout_errors: if config.holdout_end.is_some() { errors(split..periods)? } else { None },
        period_start,
        period_end,
        actual,
        expected,
    })
}

/// Period bounds in days since day 0: 0, then every `step` anchored at `calibration_end`,
/// then `end` (the first and last periods may be shorter than `step`).
fn period_bounds(calibration_end: f64, end: f64, step: f64) -> Vec<f64> {
    let mut bounds = vec![0.0];
    let before = ((calibration_end / step) - 1e-9).ceil().max(0.0) as usize;
    for k in (0..before).rev() {
        let b = calibration_end - k as f64 * step;
        if b > 0.0 && b > *bounds.last().unwrap_or(&0.0) {
            bounds.push(b);
        }
    }
    if calibration_end > 0.0 && bounds.last() != Some(&calibration_end) {
        bounds.push(calibration_end);
    }
    let mut k = 1.0;
    while calibration_end + k * step < end - 1e-9 {
        bounds.push(calibration_end + k * step);
        k += 1.0;
    }
    if end > *bounds.last().unwrap_or(&0.0) {
        bounds.push(end);
    }
    if bounds.len() == 1 {
        // Everyone bought on day 0, which is also the end: one empty period.
        bounds.push(0.0);
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_anchored_at_the_calibration_end() {
        assert_eq!(period_bounds(20.0, 34.0, 7.0), [0.0, 6.0, 13.0, 20.0, 27.0, 34.0]);
        assert_eq!(period_bounds(21.0, 30.0, 7.0), [0.0, 7.0, 14.0, 21.0, 28.0, 30.0]);
        assert_eq!(period_bounds(3.0, 3.0, 7.0), [0.0, 3.0]);
        assert_eq!(period_bounds(0.0, 10.0, 7.0), [0.0, 7.0, 10.0]);
        assert_eq!(period_bounds(0.0, 0.0, 7.0), [0.0, 0.0]);
        let m = super::super::DAYS_PER_MONTH;
        let b = period_bounds(100.0, 200.0, m);
        assert!(b.windows(2).all(|w| w[1] > w[0] && w[1] - w[0] <= m + 1e-9));
        assert!(b.contains(&100.0));
    }
}
