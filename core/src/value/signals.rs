//! The per-customer facts that tiers, lifecycle stages and churn warnings are decided from.

use super::clv::ClvConfig;
use super::error::{check_finite, check_len, ValueError};
use super::summary::RfmSummary;
use super::time_unit::TimeUnit;

/// The per-customer columns of an [`RfmSummary`] that the labels and the RFM
/// scores read, borrowed, with the summary's unit and growth window: from a
/// summary (`From<&RfmSummary>`), or from columns held elsewhere (numpy arrays,
/// typed arrays) that a summary wrote.
#[derive(Debug, Clone, Copy)]
pub struct SummaryColumns<'a> {
    /// Repeat purchases x.
    pub frequency: &'a [f64],
    /// Recency t_x (first to last purchase).
    pub recency: &'a [f64],
    /// Age T (first purchase to the calibration end).
    pub t: &'a [f64],
    /// Total amount spent.
    pub total_amount: &'a [f64],
    /// Purchases in the recent window.
    pub recent_purchases: &'a [u32],
    /// Purchases in the window before it.
    pub previous_purchases: &'a [u32],
    /// Amount spent in the recent window.
    pub recent_amount: &'a [f64],
    /// Amount spent in the window before it.
    pub previous_amount: &'a [f64],
    /// The unit of recency and T.
    pub unit: TimeUnit,
    /// The length of each growth window, in days.
    pub growth_window_days: f64,
}

impl<'a, K> From<&'a RfmSummary<K>> for SummaryColumns<'a> {
    fn from(s: &'a RfmSummary<K>) -> Self {
        SummaryColumns {
            frequency: &s.frequency,
            recency: &s.recency,
            t: &s.t,
            total_amount: &s.total_amount,
            recent_purchases: &s.recent_purchases,
            previous_purchases: &s.previous_purchases,
            recent_amount: &s.recent_amount,
            previous_amount: &s.previous_amount,
            unit: s.unit,
            growth_window_days: s.growth_window_days,
        }
    }
}

/// Per-customer inputs of [`tier`](super::tier), [`lifecycle`](super::lifecycle) and
/// [`churn_warnings`](super::churn_warnings), column by column (row i = one customer).
///
/// Times are in `unit`. Build it from an [`RfmSummary`] and model predictions with
/// [`CustomerSignals::from_summary`], or fill the slices directly (e.g. from numpy).
///
/// Why two types with eight columns in common: [`SummaryColumns`] is what a summary
/// says (the input of [`rfm_scores`](super::rfm_scores), which needs no model, and what
/// the bindings hold), while `CustomerSignals` is what the labels decide from: those
/// columns plus a model's P(alive) and CLV, the CLV's horizon and the prospects, with
/// the growth window already in the time unit. It stays flat so that a caller holding
/// the columns elsewhere (tests, other summaries) fills one struct literal.
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
    /// Signals from a summary (or its [`SummaryColumns`]) plus P(alive) and CLV
    /// over `horizon`, in the summary's unit; `None` = the default CLV's horizon in
    /// that unit ([`ClvConfig::for_unit`]: twelve months).
    ///
    /// ```
    /// use relmap::value::{ClvConfig, CustomerSignals, SummaryColumns, TimeUnit};
    /// use relmap::value::{rfm_summary_codes, SummaryConfig};
    /// let t: [relmap::time::Timestamp; 2] = ["2024-01-02".parse().unwrap(), "2024-03-01".parse().unwrap()];
    /// let s = rfm_summary_codes(&[0, 0], 1, &t, &[5.0, 7.0], None, "2024-06-30".parse().unwrap(), &SummaryConfig::default())?;
    /// let cols = SummaryColumns::from(&s);
    /// let signals = CustomerSignals::from_summary(cols, &[0.9], &[12.0], None);
    /// assert_eq!(signals.horizon, ClvConfig::for_unit(TimeUnit::Week).horizon());
    /// assert_eq!(signals.growth_window, 13.0); // 91 days in weeks
    /// # Ok::<(), relmap::value::ValueError>(())
    /// ```
    pub fn from_summary(
        summary: impl Into<SummaryColumns<'a>>,
        p_alive: &'a [f64],
        clv: &'a [f64],
        horizon: impl Into<Option<f64>>,
    ) -> Self {
        let c = summary.into();
        CustomerSignals {
            frequency: c.frequency,
            recency: c.recency,
            t: c.t,
            total_amount: c.total_amount,
            recent_purchases: c.recent_purchases,
            previous_purchases: c.previous_purchases,
            recent_amount: c.recent_amount,
            previous_amount: c.previous_amount,
            growth_window: c.growth_window_days / c.unit.days(),
            unit: c.unit,
            p_alive,
            clv,
            horizon: horizon.into().unwrap_or_else(|| ClvConfig::for_unit(c.unit).horizon()),
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
        self.has_purchased.is_none_or(|h| h[i])
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

    /// A purchase rate in words: `"0.077 per week"`.
    pub(crate) fn rate_words(&self, rate: f64) -> String {
        format!("{rate:.3} per {}", self.unit.singular())
    }

    /// Customer `i`'s recent rate against its baseline `base`, `relation` in between:
    /// `"purchase rate 0.000 per week in the last 13 weeks is below 0.5 × its baseline 0.210 per week"`.
    pub(crate) fn rate_reason(&self, i: usize, relation: &str, base: f64) -> String {
        format!(
            "purchase rate {} in the last {} {relation} its baseline {}",
            self.rate_words(self.recent_rate(i)),
            self.unit.amount(self.growth_window),
            self.rate_words(base)
        )
    }

    /// Customer `i`'s spend in the two growth windows: `"spend rose from 20.00 to 60.00
    /// between the last two 13-week windows"` (`verb` "rose" or "fell").
    pub(crate) fn spend_reason(&self, i: usize, verb: &str) -> String {
        format!(
            "spend {verb} from {:.2} to {:.2} between the last two {} windows",
            self.previous_amount[i],
            self.recent_amount[i],
            self.window_words()
        )
    }

    /// The growth window in words, as an adjective: `"13-week"`.
    pub(crate) fn window_words(&self) -> String {
        format!("{}-{}", super::words::decimal(self.growth_window, 1), self.unit.singular())
    }
}
