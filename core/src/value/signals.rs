//! The per-customer facts that tiers, lifecycle stages and churn warnings are decided from.

use super::error::{check_finite, check_len, ValueError};
use super::summary::RfmSummary;
use super::time_unit::TimeUnit;

/// Per-customer inputs of [`tier`](super::tier), [`lifecycle`](super::lifecycle) and
/// [`churn_warnings`](super::churn_warnings), column by column (row i = one customer).
///
/// Times are in `unit`. Build it from an [`RfmSummary`] and model predictions with
/// [`CustomerSignals::from_summary`], or fill the slices directly (e.g. from numpy).
#[derive(Debug, Clone, Copy)]
pub struct CustomerSignals<'a> {
    /// Repeat purchases x.
    pub frequency: &'a [f64],
    /// Recency t_x (first to last purchase).
    pub recency: &'a [f64],
    /// Age T (first purchase to the calibration end).
    pub t: &'a [f64],
    /// Total amount spent so far.
    pub total_amount: &'a [f64],
    /// Purchases in the recent window.
    pub recent_purchases: &'a [u32],
    /// Purchases in the window before it.
    pub previous_purchases: &'a [u32],
    /// Amount spent in the recent window.
    pub recent_amount: &'a [f64],
    /// Amount spent in the window before it.
    pub previous_amount: &'a [f64],
    /// Length of each window, in `unit`.
    pub growth_window: f64,
    /// The time unit of every time above.
    pub unit: TimeUnit,
    /// P(alive) from a purchase model.
    pub p_alive: &'a [f64],
    /// Predicted value over `horizon` (e.g. CLV at margin 1, comparable with past spend).
    pub clv: &'a [f64],
    /// The horizon of `clv`, in `unit`.
    pub horizon: f64,
    /// Per customer, whether they ever bought; `false` rows are prospects (stage
    /// `potential`). `None`: every row has bought.
    pub has_purchased: Option<&'a [bool]>,
}

impl<'a> CustomerSignals<'a> {
    /// Signals from a summary plus P(alive) and CLV (over `horizon`, in the summary's unit).
    pub fn from_summary<K>(summary: &'a RfmSummary<K>, p_alive: &'a [f64], clv: &'a [f64], horizon: f64) -> Self {
        CustomerSignals {
            frequency: &summary.frequency,
            recency: &summary.recency,
            t: &summary.t,
            total_amount: &summary.total_amount,
            recent_purchases: &summary.recent_purchases,
            previous_purchases: &summary.previous_purchases,
            recent_amount: &summary.recent_amount,
            previous_amount: &summary.previous_amount,
            growth_window: summary.growth_window_days / summary.unit.days(),
            unit: summary.unit,
            p_alive,
            clv,
            horizon,
            has_purchased: None,
        }
    }

    /// Number of customers.
    pub fn len(&self) -> usize {
        self.frequency.len()
    }

    /// Whether there are no customers.
    pub fn is_empty(&self) -> bool {
        self.frequency.is_empty()
    }

    /// Checks lengths, finiteness and ranges.
    pub fn validate(&self) -> Result<(), ValueError> {
        let n = self.len();
        if n == 0 {
            return Err(ValueError::EmptyInput { field: "frequency" });
        }
        for (field, col) in [
            ("recency", self.recency),
            ("T", self.t),
            ("total_amount", self.total_amount),
            ("recent_amount", self.recent_amount),
            ("previous_amount", self.previous_amount),
            ("p_alive", self.p_alive),
            ("clv", self.clv),
        ] {
            check_len(field, col, n)?;
        }
        check_len("recent_purchases", self.recent_purchases, n)?;
        check_len("previous_purchases", self.previous_purchases, n)?;
        if let Some(h) = self.has_purchased {
            check_len("has_purchased", h, n)?;
        }
        for (field, col) in [
            ("frequency", self.frequency),
            ("recency", self.recency),
            ("T", self.t),
            ("total_amount", self.total_amount),
            ("recent_amount", self.recent_amount),
            ("previous_amount", self.previous_amount),
            ("p_alive", self.p_alive),
            ("clv", self.clv),
        ] {
            check_finite(field, col)?;
        }
        for (field, col) in [("frequency", self.frequency), ("T", self.t), ("total_amount", self.total_amount)] {
            if let Some(i) = col.iter().position(|&v| v < 0.0) {
                return Err(ValueError::OutOfRange { field, index: i, value: col[i], expected: ">= 0" });
            }
        }
        if let Some(i) = self.p_alive.iter().position(|p| !(0.0..=1.0).contains(p)) {
            return Err(ValueError::OutOfRange {
                field: "p_alive",
                index: i,
                value: self.p_alive[i],
                expected: "in [0, 1]",
            });
        }
        for (field, v) in [("growth_window", self.growth_window), ("horizon", self.horizon)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(ValueError::OutOfRange { field, index: 0, value: v, expected: "> 0" });
            }
        }
        Ok(())
    }

    /// Whether customer `i` has bought at all.
    pub(crate) fn bought(&self, i: usize) -> bool {
        self.has_purchased.map_or(true, |h| h[i])
    }

    /// Repeat purchases per time unit before the recent window, when there is enough history:
    /// (purchases before the window − 1) / (window start − first purchase), defined when that
    /// span is at least one window and holds at least `min_repeats` repeat purchases.
    pub(crate) fn baseline_rate(&self, i: usize, min_repeats: u32) -> Option<f64> {
        let w = self.growth_window;
        let span = self.t[i] - w;
        let before = self.frequency[i] + 1.0 - f64::from(self.recent_purchases[i]);
        let repeats = before - 1.0;
        (span >= w && repeats >= f64::from(min_repeats.max(1))).then(|| repeats / span)
    }

    /// Purchases per time unit in the recent window.
    pub(crate) fn recent_rate(&self, i: usize) -> f64 {
        f64::from(self.recent_purchases[i]) / self.growth_window
    }

    /// Spend so far scaled to the CLV horizon (total / T · horizon), once the customer is a window old.
    pub(crate) fn past_value(&self, i: usize) -> Option<f64> {
        (self.t[i] >= self.growth_window && self.t[i] > 0.0).then(|| self.total_amount[i] / self.t[i] * self.horizon)
    }

    /// Whether both growth windows lie inside the customer's life (T ≥ 2 windows).
    pub(crate) fn spans_both_windows(&self, i: usize) -> bool {
        self.t[i] >= 2.0 * self.growth_window
    }

    /// The unit in words, for reasons.
    pub(crate) fn unit_name(&self) -> &'static str {
        match self.unit {
            TimeUnit::Day => "days",
            TimeUnit::Week => "weeks",
            TimeUnit::Month => "months",
        }
    }
}
