//! Value tiers: the four of the key-account literature.
//!
//! A deterministic rule over [`CustomerSignals`] with every threshold in a config;
//! every customer carries the reason for its label.

use serde::{Deserialize, Serialize};

use super::error::{check_config, ValueError};
use super::signals::CustomerSignals;

/// A customer's value tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Top share of predicted value (VIP客户).
    Vip,
    /// Rising spend, or predicted value well above past value (成长型客户).
    Growth,
    /// Low P(alive), or purchase rate far below the customer's own baseline (流失风险客户).
    ChurnRisk,
    /// Everyone else (低价值客户).
    LowValue,
}

impl Tier {
    /// Every tier, in priority order (VIP first).
    pub const ALL: [Tier; 4] = [Tier::Vip, Tier::Growth, Tier::ChurnRisk, Tier::LowValue];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Vip => "vip",
            Tier::Growth => "growth",
            Tier::ChurnRisk => "churn_risk",
            Tier::LowValue => "low_value",
        }
    }
}

/// Thresholds of [`tier`]. Defaults from the design: top 20% by CLV are VIP, P(alive) < 0.3
/// or a purchase rate below half the baseline is churn risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TierConfig {
    /// Share of customers (by CLV, highest first) that are VIP. Default 0.2.
    pub vip_share: f64,
    /// P(alive) below this is churn risk. Default 0.3.
    pub churn_p_alive: f64,
    /// A recent purchase rate below this fraction of the baseline rate is churn risk. Default 0.5.
    pub frequency_drop_ratio: f64,
    /// Repeat purchases before the recent window needed for a baseline rate. Default 2.
    pub min_baseline_repeats: u32,
    /// Recent-window spend at least this multiple of the previous window's is rising spend. Default 1.5.
    pub growth_spend_ratio: f64,
    /// CLV at least this multiple of past spend scaled to the horizon is growth. Default 1.5.
    pub growth_value_ratio: f64,
    /// The CLV cut for VIP fixed in advance, in place of the cut `vip_share` gives over
    /// the customers at hand: a customer base tiered in parts (partitions of a
    /// distributed summary) takes the cut computed over the whole base, so every part
    /// labels as the whole would. Default none.
    pub vip_threshold: Option<f64>,
}

impl Default for TierConfig {
    fn default() -> Self {
        TierConfig {
            vip_share: 0.2,
            churn_p_alive: 0.3,
            frequency_drop_ratio: 0.5,
            min_baseline_repeats: 2,
            growth_spend_ratio: 1.5,
            growth_value_ratio: 1.5,
            vip_threshold: None,
        }
    }
}

impl TierConfig {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ValueError> {
        check_config("vip_share", self.vip_share, (0.0..=1.0).contains(&self.vip_share), "in [0, 1]")?;
        check_config("churn_p_alive", self.churn_p_alive, (0.0..=1.0).contains(&self.churn_p_alive), "in [0, 1]")?;
        check_config("frequency_drop_ratio", self.frequency_drop_ratio, self.frequency_drop_ratio > 0.0, "> 0")?;
        check_config("growth_spend_ratio", self.growth_spend_ratio, self.growth_spend_ratio > 1.0, "> 1")?;
        check_config("growth_value_ratio", self.growth_value_ratio, self.growth_value_ratio > 0.0, "> 0")?;
        match self.vip_threshold {
            Some(t) => check_config("vip_threshold", t, true, "a finite number"),
            None => Ok(()),
        }
    }
}

/// Tiers of every customer, with reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierReport {
    /// The tier of each customer.
    pub tier: Vec<Tier>,
    /// Why: the deciding rule with its numbers, then any other rule that also held.
    pub reason: Vec<String>,
    /// The CLV a customer needs to be VIP (the lowest CLV inside the top share).
    pub vip_threshold: f64,
}

/// Customers and predicted value of one tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierCount {
    /// The tier.
    pub tier: Tier,
    /// Customers in it.
    pub customers: usize,
    /// Their total predicted value (CLV).
    pub clv: f64,
    /// Their mean P(alive) (`None` for an empty tier).
    pub mean_p_alive: Option<f64>,
}

/// The customers and predicted value per tier: what [`TierReport::overview`] returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierOverview {
    /// One row per tier, in [`Tier::ALL`] order (empty tiers included).
    pub tiers: Vec<TierCount>,
    /// Customers in all tiers.
    pub customers: usize,
    /// Total predicted value.
    pub clv: f64,
}

impl TierReport {
    /// Customers, total CLV and mean P(alive) per tier; `clv` and `p_alive` are the
    /// columns the tiers were decided from.
    ///
    /// ```
    /// use relmap::value::{Tier, TierReport};
    /// let report = TierReport {
    ///     tier: vec![Tier::Vip, Tier::LowValue, Tier::LowValue],
    ///     reason: vec![String::new(); 3],
    ///     vip_threshold: 90.0,
    /// };
    /// let o = report.overview(&[100.0, 5.0, 7.0], &[0.9, 0.5, 0.7])?;
    /// assert_eq!((o.customers, o.clv), (3, 112.0));
    /// assert_eq!((o.tiers[0].tier, o.tiers[0].customers, o.tiers[0].clv), (Tier::Vip, 1, 100.0));
    /// assert_eq!(o.tiers[3].mean_p_alive, Some(0.6));
    /// assert_eq!(o.tiers[1].mean_p_alive, None); // nobody in growth
    /// # Ok::<(), relmap::value::ValueError>(())
    /// ```
    pub fn overview(&self, clv: &[f64], p_alive: &[f64]) -> Result<TierOverview, ValueError> {
        tier_overview(&self.tier, clv, p_alive)
    }
}

/// Customers, total CLV and mean P(alive) per tier, from a tier column (one per
/// customer, e.g. read back from a table) and the CLV and P(alive) columns; the same as
/// [`TierReport::overview`].
///
/// ```
/// use relmap::value::{tier_overview, Tier};
/// let o = tier_overview(&[Tier::Growth, Tier::Growth], &[3.0, 4.0], &[0.5, 1.0])?;
/// assert_eq!((o.tiers[1].tier, o.tiers[1].customers, o.tiers[1].clv), (Tier::Growth, 2, 7.0));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn tier_overview(tiers: &[Tier], clv: &[f64], p_alive: &[f64]) -> Result<TierOverview, ValueError> {
    let n = tiers.len();
    super::error::check_len("clv", clv, n)?;
    super::error::check_len("p_alive", p_alive, n)?;
    super::error::check_finite("clv", clv)?;
    super::error::check_finite("p_alive", p_alive)?;
    let rows = Tier::ALL
        .iter()
        .map(|&t| {
            let members: Vec<usize> = (0..n).filter(|&i| tiers[i] == t).collect();
            let alive: f64 = members.iter().map(|&i| p_alive[i]).sum();
            TierCount {
                tier: t,
                customers: members.len(),
                clv: members.iter().map(|&i| clv[i]).sum(),
                mean_p_alive: (!members.is_empty()).then(|| alive / members.len() as f64),
            }
        })
        .collect();
    Ok(TierOverview { tiers: rows, customers: n, clv: clv.iter().sum() })
}

/// The smallest CLV inside the top `share` of customers (∞ when the share is empty).
fn vip_threshold(clv: &[f64], share: f64) -> f64 {
    let k = (share * clv.len() as f64).ceil() as usize;
    if k == 0 {
        return f64::INFINITY;
    }
    let mut sorted = clv.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    sorted[k.min(sorted.len()) - 1]
}

/// Assigns every customer one of the four tiers, in this priority:
///
/// 1. `vip`: CLV > 0 and at least the CLV of the customer at the `vip_share` cut
///    (ties at the cut are all VIP);
/// 2. `churn_risk`: P(alive) < `churn_p_alive`, or the recent purchase rate is below
///    `frequency_drop_ratio` × the customer's baseline rate (repeat purchases per unit
///    of time before the recent window, given `min_baseline_repeats` of them over at
///    least one window);
/// 3. `growth`: recent-window spend ≥ `growth_spend_ratio` × the previous window's
///    (both windows inside the customer's life, previous spend > 0), or CLV ≥
///    `growth_value_ratio` × past spend scaled to the CLV horizon (total / T · horizon,
///    for customers at least one window old);
/// 4. `low_value`: the rest.
///
/// ```
/// use relmap::value::{tier, CustomerSignals, Tier, TierConfig, TimeUnit};
/// let s = CustomerSignals {
///     frequency: &[10.0, 1.0, 3.0, 2.0],
///     recency: &[50.0, 2.0, 20.0, 50.0],
///     t: &[52.0, 52.0, 52.0, 52.0],
///     total_amount: &[900.0, 40.0, 100.0, 90.0],
///     recent_purchases: &[3, 0, 0, 2],
///     previous_purchases: &[3, 0, 1, 1],
///     recent_amount: &[270.0, 0.0, 0.0, 60.0],
///     previous_amount: &[240.0, 0.0, 25.0, 20.0],
///     growth_window: 13.0,
///     unit: TimeUnit::Week,
///     p_alive: &[0.95, 0.2, 0.6, 0.9],
///     clv: &[800.0, 5.0, 30.0, 40.0],
///     horizon: 52.0,
///     has_purchased: None,
/// };
/// let r = tier(&s, &TierConfig::default())?;
/// assert_eq!(r.tier, [Tier::Vip, Tier::ChurnRisk, Tier::ChurnRisk, Tier::Growth]);
/// assert!(r.reason[1].contains("P(alive) 0.20"));
/// assert!(r.reason[2].contains("purchase rate")); // 3 repeats in 39 weeks, none in the last 13
/// assert!(r.reason[3].starts_with("growth: spend rose from 20.00 to 60.00"));
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn tier(signals: &CustomerSignals<'_>, config: &TierConfig) -> Result<TierReport, ValueError> {
    signals.validate()?;
    config.validate()?;
    let threshold = config.vip_threshold.unwrap_or_else(|| vip_threshold(signals.clv, config.vip_share));
    let n = signals.len();
    let mut out = TierReport { tier: Vec::with_capacity(n), reason: Vec::with_capacity(n), vip_threshold: threshold };
    let pct = config.vip_share * 100.0;
    for i in 0..n {
        let s = signals;
        let mut held: Vec<(Tier, String)> = Vec::new();
        if s.clv[i] > 0.0 && s.clv[i] >= threshold {
            held.push((Tier::Vip, format!("CLV {:.2} is in the top {pct:.0}% (cut {threshold:.2})", s.clv[i])));
        }
        if s.p_alive[i] < config.churn_p_alive {
            held.push((Tier::ChurnRisk, format!("P(alive) {:.2} < {:.2}", s.p_alive[i], config.churn_p_alive)));
        }
        if let Some(base) = s.baseline_rate(i, config.min_baseline_repeats) {
            if s.recent_rate(i) < config.frequency_drop_ratio * base {
                let relation = format!("is below {} ×", config.frequency_drop_ratio);
                held.push((Tier::ChurnRisk, s.rate_reason(i, &relation, base)));
            }
        }
        if s.spans_both_windows(i)
            && s.previous_amount[i] > 0.0
            && s.recent_amount[i] >= config.growth_spend_ratio * s.previous_amount[i]
        {
            held.push((Tier::Growth, s.spend_reason(i, "rose")));
        }
        if let Some(past) = s.past_value(i) {
            if past > 0.0 && s.clv[i] >= config.growth_value_ratio * past {
                held.push((
                    Tier::Growth,
                    format!(
                        "CLV {:.2} ≥ {} × past spend {past:.2} over the same {}",
                        s.clv[i],
                        config.growth_value_ratio,
                        s.unit.amount(s.horizon)
                    ),
                ));
            }
        }
        let rank = |t: Tier| match t {
            Tier::Vip => 0,
            Tier::ChurnRisk => 1,
            Tier::Growth => 2,
            Tier::LowValue => 3,
        };
        held.sort_by_key(|(t, _)| rank(*t));
        let (t, reason) = match held.split_first() {
            None => (
                Tier::LowValue,
                format!(
                    "CLV {:.2} below the VIP cut {threshold:.2}, P(alive) {:.2}, no drop in purchase rate and no growth",
                    s.clv[i], s.p_alive[i]
                ),
            ),
            Some(((t, first), rest)) => {
                let mut reason = format!("{}: {first}", t.as_str());
                for (other, why) in rest {
                    reason.push_str(&format!("; also {}: {why}", other.as_str()));
                }
                (*t, reason)
            }
        };
        out.tier.push(t);
        out.reason.push(reason);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::TimeUnit;

    fn signals<'a>(clv: &'a [f64], alive: &'a [f64], zeros: &'a [f64], counts: &'a [u32]) -> CustomerSignals<'a> {
        CustomerSignals {
            frequency: zeros,
            recency: zeros,
            t: zeros,
            total_amount: zeros,
            recent_purchases: counts,
            previous_purchases: counts,
            recent_amount: zeros,
            previous_amount: zeros,
            growth_window: 13.0,
            unit: TimeUnit::Week,
            p_alive: alive,
            clv,
            horizon: 52.0,
            has_purchased: None,
        }
    }

    #[test]
    fn a_fixed_vip_threshold_tiers_a_part_as_the_whole() {
        let clv = [100.0, 90.0, 10.0, 5.0, 80.0, 1.0];
        let alive = [0.9; 6];
        let zeros = [0.0; 6];
        let counts = [0; 6];
        let config = TierConfig { vip_share: 0.5, ..TierConfig::default() };
        let whole = tier(&signals(&clv, &alive, &zeros, &counts), &config).unwrap();
        assert_eq!(whole.vip_threshold, 80.0);
        let fixed = TierConfig { vip_threshold: Some(whole.vip_threshold), ..config.clone() };
        for part in [0..3, 3..6] {
            let (c, a, z, k) = (&clv[part.clone()], &alive[part.clone()], &zeros[part.clone()], &counts[part.clone()]);
            let got = tier(&signals(c, a, z, k), &fixed).unwrap();
            assert_eq!(got.tier, whole.tier[part.clone()]);
            assert_eq!(got.reason, whole.reason[part.clone()]);
            assert_eq!(got.vip_threshold, 80.0);
        }
        let nan = TierConfig { vip_threshold: Some(f64::NAN), ..config };
        assert!(tier(&signals(&clv, &alive, &zeros, &counts), &nan).is_err());
    }
}
