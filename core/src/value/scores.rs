//! RFM quantile scores and the usual named segments, for analysts.
//!
//! Each of R (time since the last purchase, lower is better), F (purchases) and M
//! (spend) gets a score 1..=bins from its rank: score = 1 + ⌊bins · (number of
//! customers strictly worse) / n⌋. Tied values always share a score (so with many
//! ties some scores stay unused, unlike pandas' `qcut` on ranks that splits ties
//! by row order). The segment comes from the (R, F) pair through a rule table
//! (default: the widely used 10-segment map).

use serde::{Deserialize, Serialize};

use super::error::{check_config, check_finite, check_len, ValueError};
use super::signals::SummaryColumns;
use super::time_unit::TimeUnit;
use super::words::{count, decimal};

/// One segment of the (R, F) map: the scores it covers, inclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentRule {
    /// The snake_case segment name (`champions`, `at_risk`, ...).
    pub name: String,
    /// Lowest and highest R score covered.
    pub recency: (u8, u8),
    /// Lowest and highest F score covered.
    pub frequency: (u8, u8),
}

impl SegmentRule {
    fn new(name: &str, recency: (u8, u8), frequency: (u8, u8)) -> SegmentRule {
        SegmentRule { name: name.into(), recency, frequency }
    }

    fn covers(&self, r: u8, f: u8) -> bool {
        (self.recency.0..=self.recency.1).contains(&r) && (self.frequency.0..=self.frequency.1).contains(&f)
    }
}

/// Settings of [`rfm_scores`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RfmScoreConfig {
    /// Number of score levels (5 = quintiles). Default 5.
    pub bins: u8,
    /// Segment rules, first match wins; a pair no rule covers is `other`.
    /// Default: the 10-segment (R, F) map for quintiles.
    pub segments: Vec<SegmentRule>,
}

impl Default for RfmScoreConfig {
    fn default() -> Self {
        RfmScoreConfig {
            bins: 5,
            segments: vec![
                SegmentRule::new("champions", (5, 5), (4, 5)),
                SegmentRule::new("loyal_customers", (3, 4), (4, 5)),
                SegmentRule::new("potential_loyalists", (4, 5), (2, 3)),
                SegmentRule::new("new_customers", (5, 5), (1, 1)),
                SegmentRule::new("promising", (4, 4), (1, 1)),
                SegmentRule::new("need_attention", (3, 3), (3, 3)),
                SegmentRule::new("about_to_sleep", (3, 3), (1, 2)),
                SegmentRule::new("cant_lose_them", (1, 2), (5, 5)),
                SegmentRule::new("at_risk", (1, 2), (3, 4)),
                SegmentRule::new("hibernating", (1, 2), (1, 2)),
            ],
        }
    }
}

/// RFM scores and segments of every customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfmScores {
    /// Recency score (higher = bought more recently).
    pub r: Vec<u8>,
    /// Frequency score (higher = buys more often).
    pub f: Vec<u8>,
    /// Monetary score (higher = spends more).
    pub m: Vec<u8>,
    /// The segment name.
    pub segment: Vec<String>,
    /// Why: the scores and the values behind them.
    pub reason: Vec<String>,
}

/// Score 1..=bins of each value, higher values scoring higher; ties share a score.
fn quantile_scores(values: &[f64], bins: u8) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut scores = vec![0u8; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && values[order[j]] == values[order[i]] {
            j += 1;
        }
        // i customers are strictly below this value.
        let s = 1 + (u64::from(bins) * i as u64 / n as u64) as u8;
        for &k in &order[i..j] {
            scores[k] = s;
        }
        i = j;
    }
    scores
}

/// RFM scores and segments from three columns of your own ([`rfm_scores`] takes them
/// from a summary).
///
/// `days_since_last` is the time since each customer's last purchase (any unit:
/// only the order matters; [`rfm_quantile_scores_with_unit`] names the unit in the reasons),
/// `purchases` the number of purchases and `spend` the monetary value (total or
/// mean, as the analyst prefers).
///
/// ```
/// use relmap::value::{rfm_quantile_scores, RfmScoreConfig};
/// let s = rfm_quantile_scores(&[1.0, 40.0, 3.0, 90.0, 10.0], &[9.0, 8.0, 1.0, 1.0, 3.0], &[500.0, 300.0, 20.0, 15.0, 80.0],
///     &RfmScoreConfig::default())?;
/// assert_eq!(s.r, [5, 2, 4, 1, 3]);
/// assert_eq!(s.f, [5, 4, 1, 1, 3]);
/// assert_eq!(s.segment[0], "champions");
/// assert_eq!(s.segment[1], "at_risk");
/// assert_eq!(s.segment[3], "hibernating");
/// assert_eq!(s.reason[2], "R=4 (time since the last purchase 3), F=1 (1 purchase), M=2 (spend 20.00)");
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn rfm_quantile_scores(
    days_since_last: &[f64],
    purchases: &[f64],
    spend: &[f64],
    config: &RfmScoreConfig,
) -> Result<RfmScores, ValueError> {
    scores(days_since_last, None, purchases, spend, config)
}

/// [`rfm_quantile_scores`] with the time since the last purchase in a known unit, which the
/// reasons name ("last purchase 38.9 weeks ago").
///
/// ```
/// use relmap::value::{rfm_quantile_scores_with_unit, RfmScoreConfig, TimeUnit};
/// let s = rfm_quantile_scores_with_unit(&[38.86, 2.0], TimeUnit::Week, &[1.0, 4.0], &[25.0, 310.0],
///     &RfmScoreConfig::default())?;
/// assert_eq!(s.reason[0], "R=1 (last purchase 38.9 weeks ago), F=1 (1 purchase), M=1 (spend 25.00)");
/// assert_eq!(s.reason[1], "R=3 (last purchase 2 weeks ago), F=3 (4 purchases), M=3 (spend 310.00)");
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn rfm_quantile_scores_with_unit(
    since_last: &[f64],
    unit: TimeUnit,
    purchases: &[f64],
    spend: &[f64],
    config: &RfmScoreConfig,
) -> Result<RfmScores, ValueError> {
    scores(since_last, Some(unit), purchases, spend, config)
}

fn scores(
    since_last: &[f64],
    unit: Option<TimeUnit>,
    purchases: &[f64],
    spend: &[f64],
    config: &RfmScoreConfig,
) -> Result<RfmScores, ValueError> {
    let n = since_last.len();
    if n == 0 {
        return Err(ValueError::EmptyInput { field: "days_since_last" });
    }
    check_len("purchases", purchases, n)?;
    check_len("spend", spend, n)?;
    check_finite("days_since_last", since_last)?;
    check_finite("purchases", purchases)?;
    check_finite("spend", spend)?;
    check_config("bins", f64::from(config.bins), (2..=100).contains(&config.bins), "in 2..=100")?;
    let negated: Vec<f64> = since_last.iter().map(|v| -v).collect();
    let r = quantile_scores(&negated, config.bins);
    let f = quantile_scores(purchases, config.bins);
    let m = quantile_scores(spend, config.bins);
    let mut segment = Vec::with_capacity(n);
    let mut reason = Vec::with_capacity(n);
    for i in 0..n {
        let name = config.segments.iter().find(|s| s.covers(r[i], f[i])).map_or("other", |s| s.name.as_str());
        segment.push(name.to_string());
        let since = match unit {
            Some(u) => format!("last purchase {} ago", u.amount(since_last[i])),
            None => format!("time since the last purchase {}", decimal(since_last[i], 1)),
        };
        reason.push(format!(
            "R={} ({since}), F={} ({}), M={} (spend {:.2})",
            r[i],
            f[i],
            count(purchases[i], "purchase", "purchases"),
            m[i],
            spend[i]
        ));
    }
    Ok(RfmScores { r, f, m, segment, reason })
}

/// RFM scores and segments of a summary: R from T − t_x (time since the last
/// purchase, in the summary's unit, which the reasons name), F from the number of
/// purchases x + 1, M from the total amount spent. Takes a summary or its
/// [`SummaryColumns`] (what the bindings hold); the same in Python
/// (`relmap.value.rfm_scores(summary)`) and JavaScript (`rfmScores(summary)`).
pub fn rfm_scores<'a>(
    summary: impl Into<SummaryColumns<'a>>,
    config: &RfmScoreConfig,
) -> Result<RfmScores, ValueError> {
    let s = summary.into();
    let n = s.frequency.len();
    if n == 0 {
        return Err(ValueError::EmptyInput { field: "frequency" });
    }
    check_len("recency", s.recency, n)?;
    check_len("T", s.t, n)?;
    check_len("total_amount", s.total_amount, n)?;
    for (field, col) in [("frequency", s.frequency), ("recency", s.recency), ("T", s.t)] {
        check_finite(field, col)?;
    }
    let since: Vec<f64> = s.t.iter().zip(s.recency).map(|(t, r)| t - r).collect();
    let purchases: Vec<f64> = s.frequency.iter().map(|x| x + 1.0).collect();
    rfm_quantile_scores_with_unit(&since, s.unit, &purchases, s.total_amount, config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_map_covers_every_quintile_pair() {
        let c = RfmScoreConfig::default();
        for r in 1..=5 {
            for f in 1..=5 {
                assert_eq!(c.segments.iter().filter(|s| s.covers(r, f)).count(), 1, "R={r} F={f}");
            }
        }
    }

    #[test]
    fn ties_share_a_score_and_scores_are_ordered() {
        let s = quantile_scores(&[3.0, 1.0, 1.0, 1.0, 7.0, 5.0], 5);
        assert_eq!(s, [3, 1, 1, 1, 5, 4]);
        let e = rfm_quantile_scores(&[1.0], &[f64::NAN], &[1.0], &RfmScoreConfig::default()).unwrap_err();
        assert_eq!(e.code(), "non_finite");
    }
}
