//! Lifecycle stages (潜在期, 探索期, 成长期, 成熟期, 衰退期, 流失期).

use serde::{Deserialize, Serialize};

use super::error::{check_config, ValueError};
use super::signals::CustomerSignals;
use super::time_unit::TimeUnit;
use super::words::count;

/// Where a customer stands in its relationship with us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStage {
    /// No purchase yet (潜在期).
    Potential,
    /// Young, first purchases (探索期).
    Exploration,
    /// Buying more often or spending more than before (成长期).
    Growth,
    /// Steady (成熟期).
    Maturity,
    /// Buying less often or spending less, P(alive) falling, or a one-time buyer
    /// who has not come back yet (衰退期).
    Decline,
    /// Most likely gone: P(alive) very low, or a one-time buyer who has bought
    /// nothing in the last two growth windows (流失期).
    Churned,
}

impl LifecycleStage {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleStage::Potential => "potential",
            LifecycleStage::Exploration => "exploration",
            LifecycleStage::Growth => "growth",
            LifecycleStage::Maturity => "maturity",
            LifecycleStage::Decline => "decline",
            LifecycleStage::Churned => "churned",
        }
    }
}

/// Thresholds of [`lifecycle`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LifecycleConfig {
    /// P(alive) below this is churned. Default 0.1.
    pub churned_p_alive: f64,
    /// Customers younger than this (first purchase to as_of, in days) ... Default 90.
    pub young_age_days: f64,
    /// ... with at most this many repeat purchases are in exploration. Default 2.
    pub exploration_max_repeats: f64,
    /// P(alive) below this is decline. Default 0.5.
    pub decline_p_alive: f64,
    /// Recent purchase rate below this fraction of the baseline is decline. Default 0.5.
    pub decline_rate_ratio: f64,
    /// Recent-window spend at most this fraction of the previous window's is decline. Default 0.5.
    pub decline_spend_ratio: f64,
    /// Recent purchase rate at least this multiple of the baseline is growth. Default 1.5.
    pub growth_rate_ratio: f64,
    /// Recent-window spend at least this multiple of the previous window's is growth. Default 1.5.
    pub growth_spend_ratio: f64,
    /// Repeat purchases before the recent window needed for a baseline rate. Default 2.
    pub min_baseline_repeats: u32,
}

impl Default for LifecycleConfig {
    fn default() -> Self {
        LifecycleConfig {
            churned_p_alive: 0.1,
            young_age_days: 90.0,
            exploration_max_repeats: 2.0,
            decline_p_alive: 0.5,
            decline_rate_ratio: 0.5,
            decline_spend_ratio: 0.5,
            growth_rate_ratio: 1.5,
            growth_spend_ratio: 1.5,
            min_baseline_repeats: 2,
        }
    }
}

impl LifecycleConfig {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ValueError> {
        let unit = |v: f64| (0.0..=1.0).contains(&v);
        check_config("churned_p_alive", self.churned_p_alive, unit(self.churned_p_alive), "in [0, 1]")?;
        check_config(
            "decline_p_alive",
            self.decline_p_alive,
            unit(self.decline_p_alive) && self.decline_p_alive >= self.churned_p_alive,
            "in [churned_p_alive, 1]",
        )?;
        check_config("young_age_days", self.young_age_days, self.young_age_days >= 0.0, ">= 0")?;
        check_config(
            "exploration_max_repeats",
            self.exploration_max_repeats,
            self.exploration_max_repeats >= 0.0,
            ">= 0",
        )?;
        check_config("decline_rate_ratio", self.decline_rate_ratio, self.decline_rate_ratio > 0.0, "> 0")?;
        check_config("decline_spend_ratio", self.decline_spend_ratio, self.decline_spend_ratio > 0.0, "> 0")?;
        check_config("growth_rate_ratio", self.growth_rate_ratio, self.growth_rate_ratio > 1.0, "> 1")?;
        check_config("growth_spend_ratio", self.growth_spend_ratio, self.growth_spend_ratio > 1.0, "> 1")
    }
}

/// Lifecycle stages of every customer, with reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifecycleReport {
    /// The stage of each customer.
    pub stage: Vec<LifecycleStage>,
    /// Why, with the numbers that decided it.
    pub reason: Vec<String>,
}

/// Assigns every customer a lifecycle stage; the first rule that holds decides:
///
/// 1. `potential`: has not bought (`has_purchased` false);
/// 2. `churned`: P(alive) < `churned_p_alive`;
/// 3. `exploration`: younger than `young_age_days` with at most `exploration_max_repeats` repeats;
/// 4. one-time buyers (no repeat purchase) past exploration: `churned` when their only
///    purchase lies before both growth windows (T ≥ 2 windows: nothing bought in half a
///    year with the default 13-week window), else `decline` (not back yet). Their P(alive)
///    does not decide this: under BG/NBD it is 1 for every one-time buyer (the model lets a
///    customer drop out only right after a repeat purchase), which says nothing about
///    whether they will return;
/// 5. `decline`: P(alive) < `decline_p_alive`, or the recent purchase rate is below
///    `decline_rate_ratio` × the baseline rate, or recent-window spend ≤
///    `decline_spend_ratio` × the previous window's (previous > 0, both windows in the
///    customer's life);
/// 6. `growth`: recent rate ≥ `growth_rate_ratio` × baseline, or recent spend ≥
///    `growth_spend_ratio` × previous spend (same conditions);
/// 7. `maturity`: the rest.
///
/// The baseline rate is that of [`tier`](super::tier): repeat purchases per unit of time
/// before the recent window, given at least `min_baseline_repeats` of them over at least
/// one window.
///
/// ```
/// use relmap::value::{lifecycle, CustomerSignals, LifecycleConfig, LifecycleStage, TimeUnit};
/// let s = CustomerSignals {
///     frequency: &[0.0, 1.0, 6.0, 6.0, 0.0],
///     recency: &[0.0, 3.0, 50.0, 30.0, 0.0],
///     t: &[0.0, 6.0, 52.0, 52.0, 38.9],
///     total_amount: &[0.0, 80.0, 700.0, 600.0, 25.0],
///     recent_purchases: &[0, 2, 1, 0, 0],
///     previous_purchases: &[0, 0, 2, 2, 0],
///     recent_amount: &[0.0, 80.0, 200.0, 0.0, 0.0],
///     previous_amount: &[0.0, 0.0, 190.0, 150.0, 0.0],
///     growth_window: 13.0,
///     unit: TimeUnit::Week,
///     p_alive: &[1.0, 0.9, 0.9, 0.05, 1.0],
///     clv: &[0.0, 60.0, 400.0, 2.0, 9.0],
///     horizon: 52.0,
///     has_purchased: Some(&[false, true, true, true, true]),
/// };
/// let r = lifecycle(&s, &LifecycleConfig::default())?;
/// use LifecycleStage::*;
/// assert_eq!(r.stage, [Potential, Exploration, Maturity, Churned, Churned]);
/// assert_eq!(r.reason[1], "first purchase 42 days ago, 1 repeat purchase");
/// // A one-time buyer: P(alive) = 1 under BG/NBD, but gone for most practical purposes.
/// assert_eq!(r.reason[4], "1 purchase, 38.9 weeks ago, none since (over two 13-week windows)");
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn lifecycle(signals: &CustomerSignals<'_>, config: &LifecycleConfig) -> Result<LifecycleReport, ValueError> {
    signals.validate()?;
    config.validate()?;
    let s = signals;
    let n = s.len();
    let unit_days = s.unit.days();
    let mut out = LifecycleReport { stage: Vec::with_capacity(n), reason: Vec::with_capacity(n) };
    for i in 0..n {
        let (stage, reason) = stage_of(s, i, config, unit_days);
        out.stage.push(stage);
        out.reason.push(reason);
    }
    Ok(out)
}

fn stage_of(s: &CustomerSignals<'_>, i: usize, c: &LifecycleConfig, unit_days: f64) -> (LifecycleStage, String) {
    use LifecycleStage::*;
    let unit = s.unit;
    if !s.bought(i) {
        return (Potential, "no purchase yet".into());
    }
    let p = s.p_alive[i];
    if p < c.churned_p_alive {
        return (Churned, format!("P(alive) {p:.2} < {:.2}", c.churned_p_alive));
    }
    let x = s.frequency[i];
    let repeats = count(x, "repeat purchase", "repeat purchases");
    let age_days = s.t[i] * unit_days;
    if age_days < c.young_age_days && x <= c.exploration_max_repeats {
        return (Exploration, format!("first purchase {} ago, {repeats}", TimeUnit::Day.amount(age_days.round())));
    }
    if x == 0.0 {
        let (ago, windows) = (unit.amount(s.t[i]), s.window_words());
        return if s.spans_both_windows(i) {
            (Churned, format!("1 purchase, {ago} ago, none since (over two {windows} windows)"))
        } else {
            (Decline, format!("1 purchase, {ago} ago, none since (within two {windows} windows)"))
        };
    }
    let base = s.baseline_rate(i, c.min_baseline_repeats);
    let recent = s.recent_rate(i);
    let spend_windows = s.spans_both_windows(i) && s.previous_amount[i] > 0.0;
    let (prev_amt, rec_amt) = (s.previous_amount[i], s.recent_amount[i]);
    if p < c.decline_p_alive {
        return (Decline, format!("P(alive) {p:.2} < {:.2}", c.decline_p_alive));
    }
    if let Some(b) = base {
        if recent < c.decline_rate_ratio * b {
            return (Decline, s.rate_reason(i, &format!("fell below {} ×", c.decline_rate_ratio), b));
        }
    }
    if spend_windows && rec_amt <= c.decline_spend_ratio * prev_amt {
        return (Decline, s.spend_reason(i, "fell"));
    }
    if let Some(b) = base {
        if recent >= c.growth_rate_ratio * b {
            return (Growth, s.rate_reason(i, &format!("≥ {} ×", c.growth_rate_ratio), b));
        }
    }
    if spend_windows && rec_amt >= c.growth_spend_ratio * prev_amt {
        return (Growth, s.spend_reason(i, "rose"));
    }
    let rate = match base {
        Some(b) => format!("purchase rate {} against its baseline {}", s.rate_words(recent), s.rate_words(b)),
        None => format!("{repeats} in {}", unit.amount(s.t[i])),
    };
    (Maturity, format!("steady: P(alive) {p:.2}, {rate}"))
}
