//! Churn early warning (客户流失预警): value signals joined with relationship signals.
//!
//! A customer is warned about when a *value* signal holds: P(alive) is low, or its
//! purchase rate fell against its own baseline. Where the account has a
//! relationship map, *relationship* signals join in (a champion gone cold, the
//! economic buyer uncovered) and raise the severity.

use std::borrow::Borrow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::error::{check_config, ValueError};
use super::signals::CustomerSignals;
use crate::model::{RelationshipMap, Role};
use crate::time::Timestamp;

/// Thresholds of the churn warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChurnConfig {
    /// P(alive) below this is a warning. Default 0.3.
    pub p_alive: f64,
    /// P(alive) below this counts twice towards the severity. Default 0.1.
    pub severe_p_alive: f64,
    /// A recent purchase rate below this fraction of the baseline is a warning. Default 0.5.
    pub frequency_drop_ratio: f64,
    /// Repeat purchases before the recent window needed for a baseline rate. Default 2.
    pub min_baseline_repeats: u32,
    /// A champion with no interaction for this many days (or a stance ≤ 0) has gone cold. Default 60.
    pub champion_cold_days: f64,
    /// No interaction with an economic buyer for this many days leaves them uncovered. Default 180.
    pub economic_buyer_days: f64,
}

impl Default for ChurnConfig {
    fn default() -> Self {
        ChurnConfig {
            p_alive: 0.3,
            severe_p_alive: 0.1,
            frequency_drop_ratio: 0.5,
            min_baseline_repeats: 2,
            champion_cold_days: 60.0,
            economic_buyer_days: 180.0,
        }
    }
}

impl ChurnConfig {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ValueError> {
        check_config("p_alive", self.p_alive, (0.0..=1.0).contains(&self.p_alive), "in [0, 1]")?;
        check_config(
            "severe_p_alive",
            self.severe_p_alive,
            (0.0..=self.p_alive).contains(&self.severe_p_alive),
            "in [0, p_alive]",
        )?;
        check_config("frequency_drop_ratio", self.frequency_drop_ratio, self.frequency_drop_ratio > 0.0, "> 0")?;
        check_config("champion_cold_days", self.champion_cold_days, self.champion_cold_days >= 0.0, ">= 0")?;
        check_config("economic_buyer_days", self.economic_buyer_days, self.economic_buyer_days >= 0.0, ">= 0")
    }
}

/// One reason for a churn warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChurnSignal {
    /// P(alive) below the threshold.
    LowPAlive,
    /// Purchase rate below a fraction of the customer's baseline.
    FrequencyDrop,
    /// A champion has not been met for long, or has turned against us.
    ChampionGoneCold,
    /// No economic buyer on the map, or none met recently.
    EconomicBuyerUncovered,
}

impl ChurnSignal {
    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            ChurnSignal::LowPAlive => "low_p_alive",
            ChurnSignal::FrequencyDrop => "frequency_drop",
            ChurnSignal::ChampionGoneCold => "champion_gone_cold",
            ChurnSignal::EconomicBuyerUncovered => "economic_buyer_uncovered",
        }
    }

    /// Whether the signal comes from a relationship map rather than from purchases.
    ///
    /// ```
    /// use relmap::value::ChurnSignal;
    /// assert!(ChurnSignal::ChampionGoneCold.is_relationship());
    /// assert!(!ChurnSignal::LowPAlive.is_relationship());
    /// ```
    pub fn is_relationship(self) -> bool {
        matches!(self, ChurnSignal::ChampionGoneCold | ChurnSignal::EconomicBuyerUncovered)
    }
}

/// One relationship signal of an account: what holds and why, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationshipSignal {
    /// [`ChurnSignal::ChampionGoneCold`] or [`ChurnSignal::EconomicBuyerUncovered`].
    pub signal: ChurnSignal,
    /// The signal in words, naming the people.
    pub reason: String,
}

/// How urgent a warning is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// One signal.
    Low,
    /// Two signals (or one severe).
    Medium,
    /// Three or more.
    High,
}

impl Severity {
    /// The snake_case name (`low`, `medium`, `high`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// A customer at risk of churning, with every signal that holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChurnWarning {
    /// The customer's row in the signals.
    pub customer: usize,
    /// Low (score 1), medium (2) or high (3+): each signal scores 1, P(alive) below
    /// `severe_p_alive` scores 2.
    pub severity: Severity,
    /// The signals that hold.
    pub signals: Vec<ChurnSignal>,
    /// The signals in words, with their numbers.
    pub reason: String,
    /// The customer's P(alive).
    pub p_alive: f64,
    /// Recent purchase rate over the baseline rate, where a baseline exists.
    pub rate_ratio: Option<f64>,
}

/// Churn warnings from value signals alone, most severe first (then by row).
///
/// ```
/// use relmap::value::{churn_warnings, ChurnConfig, CustomerSignals, Severity, TimeUnit};
/// let s = CustomerSignals {
///     frequency: &[6.0, 6.0],
///     recency: &[50.0, 30.0],
///     t: &[52.0, 52.0],
///     total_amount: &[700.0, 600.0],
///     recent_purchases: &[2, 0],
///     previous_purchases: &[2, 2],
///     recent_amount: &[200.0, 0.0],
///     previous_amount: &[190.0, 150.0],
///     growth_window: 13.0,
///     unit: TimeUnit::Week,
///     p_alive: &[0.9, 0.08],
///     clv: &[400.0, 2.0],
///     horizon: 52.0,
///     has_purchased: None,
/// };
/// let w = churn_warnings(&s, &ChurnConfig::default())?;
/// assert_eq!(w.len(), 1);
/// assert_eq!((w[0].customer, w[0].severity), (1, Severity::High)); // severe P(alive) + rate drop
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn churn_warnings(signals: &CustomerSignals<'_>, config: &ChurnConfig) -> Result<Vec<ChurnWarning>, ValueError> {
    churn_warnings_joined(signals, config, |_| Vec::new())
}

/// Churn warnings joined with the relationship maps of the accounts that have one.
///
/// `customers[i]` is the id of row i of `signals` (matched against each map's
/// account id); `as_of` is the date the relationship signals are judged at.
/// Pass empty `customers` and `maps` for value signals only. `maps` may hold the
/// maps or references to them.
pub fn churn_warnings_with_maps<K: AsRef<str>, M: Borrow<RelationshipMap>>(
    signals: &CustomerSignals<'_>,
    customers: &[K],
    maps: &[M],
    as_of: Timestamp,
    config: &ChurnConfig,
) -> Result<Vec<ChurnWarning>, ValueError> {
    if !maps.is_empty() {
        super::error::check_len("customers", customers, signals.len())?;
    }
    let by_account: HashMap<&str, &RelationshipMap> =
        maps.iter().map(|m| (m.borrow().account().id.as_str(), m.borrow())).collect();
    churn_warnings_joined(signals, config, |i| {
        let map = customers.get(i).and_then(|c| by_account.get(c.as_ref()));
        map.map(|m| relationship_signals(m, as_of, config)).unwrap_or_default()
    })
}

/// Churn warnings joined with relationship signals found elsewhere: `relationship(i)`
/// gives the signals of row i's account (see [`relationship_signals`]); it is asked
/// only for customers with a value signal. A purchase signal among them is refused
/// with [`ValueError::NotRelationshipSignal`].
///
/// ```
/// use relmap::value::{
///     churn_warnings_joined, ChurnConfig, ChurnSignal, CustomerSignals, RelationshipSignal, Severity, TimeUnit,
/// };
/// let s = CustomerSignals {
///     frequency: &[6.0],
///     recency: &[10.0],
///     t: &[52.0],
///     total_amount: &[700.0],
///     recent_purchases: &[0],
///     previous_purchases: &[0],
///     recent_amount: &[0.0],
///     previous_amount: &[0.0],
///     growth_window: 13.0,
///     unit: TimeUnit::Week,
///     p_alive: &[0.2],
///     clv: &[50.0],
///     horizon: 52.0,
///     has_purchased: None,
/// };
/// let reason = "champion gone cold: li (never met)".to_string();
/// let cold = || vec![RelationshipSignal { signal: ChurnSignal::ChampionGoneCold, reason: reason.clone() }];
/// let w = churn_warnings_joined(&s, &ChurnConfig::default(), |_| cold())?;
/// // Low P(alive), no purchase in the recent window, and the champion gone cold.
/// let codes: Vec<_> = w[0].signals.iter().map(|s| s.code()).collect();
/// assert_eq!(codes, ["low_p_alive", "frequency_drop", "champion_gone_cold"]);
/// assert_eq!(w[0].severity, Severity::High);
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn churn_warnings_joined(
    signals: &CustomerSignals<'_>,
    config: &ChurnConfig,
    mut relationship: impl FnMut(usize) -> Vec<RelationshipSignal>,
) -> Result<Vec<ChurnWarning>, ValueError> {
    signals.validate()?;
    config.validate()?;
    let mut out = Vec::new();
    for i in 0..signals.len() {
        if !signals.bought(i) {
            continue;
        }
        let p = signals.p_alive[i];
        let mut found: Vec<(ChurnSignal, String)> = Vec::new();
        let mut score = 0;
        if p < config.p_alive {
            score += if p < config.severe_p_alive { 2 } else { 1 };
            found.push((ChurnSignal::LowPAlive, format!("P(alive) {p:.2} < {:.2}", config.p_alive)));
        }
        let base = signals.baseline_rate(i, config.min_baseline_repeats);
        let rate_ratio = base.map(|b| signals.recent_rate(i) / b);
        if let (Some(b), Some(ratio)) = (base, rate_ratio) {
            if ratio < config.frequency_drop_ratio {
                score += 1;
                let relation = format!("is {:.0}% of", ratio * 100.0);
                found.push((ChurnSignal::FrequencyDrop, signals.rate_reason(i, &relation, b)));
            }
        }
        if found.is_empty() {
            continue;
        }
        for RelationshipSignal { signal, reason } in relationship(i) {
            if !signal.is_relationship() {
                return Err(ValueError::NotRelationshipSignal { index: i, signal: signal.code() });
            }
            score += 1;
            found.push((signal, reason));
        }
        let severity = match score {
            1 => Severity::Low,
            2 => Severity::Medium,
            _ => Severity::High,
        };
        let reason = found.iter().map(|(_, r)| r.as_str()).collect::<Vec<_>>().join("; ");
        out.push(ChurnWarning {
            customer: i,
            severity,
            signals: found.into_iter().map(|(s, _)| s).collect(),
            reason,
            p_alive: p,
            rate_ratio,
        });
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.customer.cmp(&b.customer)));
    Ok(out)
}

impl RelationshipMap {
    /// The relationship signals of churn this map gives (a champion gone cold, the
    /// economic buyer uncovered), judged at `as_of` or, absent, the map's
    /// [`analysis_date`](RelationshipMap::analysis_date); `config` is checked first.
    /// Python's `map.churn_signals(as_of, **config)` and JavaScript's
    /// `map.churnSignals(asOf, config)`.
    ///
    /// ```
    /// use relmap::model::{Account, RelationshipMap};
    /// use relmap::value::ChurnConfig;
    /// let map = RelationshipMap::new(Account::new("acme", "Acme"));
    /// let s = map.churn_signals(None, &ChurnConfig::default())?;
    /// assert_eq!(s[0].signal.code(), "economic_buyer_uncovered");
    /// let bad = ChurnConfig { p_alive: 2.0, ..ChurnConfig::default() };
    /// assert_eq!(map.churn_signals(None, &bad).unwrap_err().code(), "invalid_config");
    /// # Ok::<(), relmap::value::ValueError>(())
    /// ```
    pub fn churn_signals(
        &self,
        as_of: Option<Timestamp>,
        config: &ChurnConfig,
    ) -> Result<Vec<RelationshipSignal>, ValueError> {
        config.validate()?;
        Ok(relationship_signals(self, self.analysis_date(as_of), config))
    }
}

/// The relationship signals of one account's map at `as_of`: champions gone cold, economic buyer uncovered.
///
/// ```
/// use relmap::model::{Account, Channel, Interaction, RelationshipMap, Role, Stakeholder, TeamMember};
/// use relmap::value::{relationship_signals, ChurnConfig, ChurnSignal};
/// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
/// map.add_stakeholder(Stakeholder::new("li", "Li").with_roles([Role::Champion]))?;
/// map.add_team_member(TeamMember::new("me", "Me"))?;
/// let day = |s: &str| s.parse::<relmap::time::Timestamp>().unwrap();
/// map.add_interaction(Interaction::new("i1", day("2024-01-10"), Channel::Visit, ["me"], ["li"]))?;
/// let s = relationship_signals(&map, day("2024-06-01"), &ChurnConfig::default());
/// let codes: Vec<_> = s.iter().map(|x| x.signal).collect();
/// assert_eq!(codes, [ChurnSignal::ChampionGoneCold, ChurnSignal::EconomicBuyerUncovered]);
/// # Ok::<(), relmap::model::ModelError>(())
/// ```
pub fn relationship_signals(map: &RelationshipMap, as_of: Timestamp, config: &ChurnConfig) -> Vec<RelationshipSignal> {
    let last_met = |id: &str| {
        map.interactions()
            .iter()
            .filter(|it| it.at <= as_of && it.stakeholders.iter().any(|s| s == id))
            .map(|it| it.at)
            .max()
    };
    let days_since = |t: Timestamp| as_of.days_since(t);
    let mut out = Vec::new();
    let names = crate::model::PersonNames::new(map);
    let mut cold = Vec::new();
    for s in map.stakeholders().iter().filter(|s| s.roles.contains(&Role::Champion)) {
        let who = names.person(&s.id);
        match (last_met(&s.id), s.stance) {
            (_, Some(st)) if st <= 0.0 => cold.push(format!("{who} (stance {st})")),
            (None, _) => cold.push(format!("{who} (never met)")),
            (Some(t), _) if days_since(t) > config.champion_cold_days => {
                cold.push(format!("{who} (last met {:.0} days ago)", days_since(t)))
            }
            _ => {}
        }
    }
    if !cold.is_empty() {
        let reason = format!("champion gone cold: {}", cold.join(", "));
        out.push(RelationshipSignal { signal: ChurnSignal::ChampionGoneCold, reason });
    }
    let buyers: Vec<&str> =
        map.stakeholders().iter().filter(|s| s.roles.contains(&Role::EconomicBuyer)).map(|s| s.id.as_str()).collect();
    if buyers.is_empty() {
        let reason = "no economic buyer on the map".into();
        out.push(RelationshipSignal { signal: ChurnSignal::EconomicBuyerUncovered, reason });
    } else if !buyers.iter().any(|b| last_met(b).is_some_and(|t| days_since(t) <= config.economic_buyer_days)) {
        let reason =
            format!("economic buyer {} not met in {:.0} days", names.list(&buyers), config.economic_buyer_days);
        out.push(RelationshipSignal { signal: ChurnSignal::EconomicBuyerUncovered, reason });
    }
    out
}
