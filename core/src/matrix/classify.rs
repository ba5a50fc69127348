//! The customer classification matrix (客户分类矩阵): accounts on two axes,
//! four quadrants, a strategy and a resource priority for each.

use std::collections::HashSet;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::MatrixError;
use crate::RelationshipMap;

/// One account to place on the matrix.
///
/// With the default axes `value` is the predicted value (CLV) and
/// `relationship` the relationship strength (trust composite, 0..100); any two
/// numbers where more is better work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPoint {
    /// The account id.
    pub id: String,
    /// Position on the value axis (x).
    pub value: f64,
    /// Position on the relationship axis (y).
    pub relationship: f64,
}

impl AccountPoint {
    /// An account with its two coordinates.
    pub fn new(id: impl Into<String>, value: f64, relationship: f64) -> Self {
        AccountPoint { id: id.into(), value, relationship }
    }
}

/// Where an axis is cut into low and high; a point on the cut counts as high.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// The median of the accounts given.
    Median,
    /// A quantile in 0..=1 of the accounts given (linear interpolation between
    /// order statistics, numpy's default).
    Quantile(f64),
    /// A fixed cut, e.g. 60 on the trust scale (trusted advisor and above).
    Fixed(f64),
}

/// The four quadrants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// High value, strong relationship (战略客户).
    Strategic,
    /// High value, weak relationship (重点发展).
    Develop,
    /// Low value, strong relationship (维持).
    Maintain,
    /// Low value, weak relationship (观察).
    Monitor,
}

impl Quadrant {
    /// All four, in the order of the default resource priority.
    pub const ALL: [Quadrant; 4] = [Quadrant::Strategic, Quadrant::Develop, Quadrant::Maintain, Quadrant::Monitor];

    /// The snake_case key, as in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Quadrant::Strategic => "strategic",
            Quadrant::Develop => "develop",
            Quadrant::Maintain => "maintain",
            Quadrant::Monitor => "monitor",
        }
    }

    fn of(high_value: bool, strong_relationship: bool) -> Quadrant {
        match (high_value, strong_relationship) {
            (true, true) => Quadrant::Strategic,
            (true, false) => Quadrant::Develop,
            (false, true) => Quadrant::Maintain,
            (false, false) => Quadrant::Monitor,
        }
    }
}

impl fmt::Display for Quadrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// What a quadrant is called and what to do with its accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuadrantPolicy {
    /// Display label, e.g. `Strategic`.
    pub label: String,
    /// Label in the team's own language, e.g. `战略客户`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_label: Option<String>,
    /// The strategy for accounts in the quadrant.
    pub strategy: String,
    /// Resource priority, 1 = served first.
    pub priority: u32,
}

impl QuadrantPolicy {
    fn new(label: &str, local: &str, strategy: &str, priority: u32) -> Self {
        QuadrantPolicy { label: label.into(), local_label: Some(local.into()), strategy: strategy.into(), priority }
    }
}

/// Settings of the classification matrix.
///
/// ```
/// use relmap::matrix::{ClassificationConfig, Threshold};
/// let mut cfg = ClassificationConfig::default();
/// assert_eq!(cfg.value_threshold, Threshold::Median);
/// cfg.relationship_threshold = Threshold::Fixed(60.0); // trusted advisor and above
/// assert_eq!(cfg.strategic.priority, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ClassificationConfig {
    /// Name of the x axis, for display.
    pub value_axis: String,
    /// Name of the y axis, for display.
    pub relationship_axis: String,
    /// Cut of the value axis (default: the median).
    pub value_threshold: Threshold,
    /// Cut of the relationship axis (default: the median).
    pub relationship_threshold: Threshold,
    /// High value, strong relationship.
    pub strategic: QuadrantPolicy,
    /// High value, weak relationship.
    pub develop: QuadrantPolicy,
    /// Low value, strong relationship.
    pub maintain: QuadrantPolicy,
    /// Low value, weak relationship.
    pub monitor: QuadrantPolicy,
}

impl Default for ClassificationConfig {
    fn default() -> Self {
        ClassificationConfig {
            value_axis: "predicted value (CLV)".into(),
            relationship_axis: "relationship strength (trust)".into(),
            value_threshold: Threshold::Median,
            relationship_threshold: Threshold::Median,
            strategic: QuadrantPolicy::new(
                "Strategic",
                "战略客户",
                "Invest and expand: senior sponsorship, dedicated team, joint planning, grow share of wallet",
                1,
            ),
            develop: QuadrantPolicy::new(
                "Develop",
                "重点发展",
                "Build relationships: map the decision chain, reach the economic buyer, find a coach, earn trust",
                2,
            ),
            maintain: QuadrantPolicy::new(
                "Maintain",
                "维持",
                "Serve efficiently: keep service levels and the relationship, look for upsell, contain cost to serve",
                3,
            ),
            monitor: QuadrantPolicy::new(
                "Monitor",
                "观察",
                "Low-cost coverage: digital and inside-sales contact, watch for signals of growth",
                4,
            ),
        }
    }
}

impl ClassificationConfig {
    /// The policy of a quadrant.
    pub fn policy(&self, quadrant: Quadrant) -> &QuadrantPolicy {
        match quadrant {
            Quadrant::Strategic => &self.strategic,
            Quadrant::Develop => &self.develop,
            Quadrant::Maintain => &self.maintain,
            Quadrant::Monitor => &self.monitor,
        }
    }
}

/// One account placed on the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClassifiedAccount {
    /// The account id.
    pub id: String,
    /// Its value coordinate.
    pub value: f64,
    /// Its relationship coordinate.
    pub relationship: f64,
    /// The quadrant.
    pub quadrant: Quadrant,
    /// The quadrant's label.
    pub label: String,
    /// The quadrant's strategy.
    pub strategy: String,
    /// The quadrant's resource priority (1 = first).
    pub priority: u32,
    /// Place in the resource order, 1-based: by priority, then value, then
    /// relationship (both descending), then id.
    pub rank: usize,
}

/// The classification matrix of a portfolio.
///
/// Displays as one line per account in resource order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClassificationMatrix {
    /// The value cut used.
    pub value_threshold: f64,
    /// The relationship cut used.
    pub relationship_threshold: f64,
    /// The accounts, in input order.
    pub accounts: Vec<ClassifiedAccount>,
}

impl ClassificationMatrix {
    /// The account with this id.
    pub fn get(&self, id: &str) -> Option<&ClassifiedAccount> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// The accounts in a quadrant, in input order.
    pub fn in_quadrant(&self, quadrant: Quadrant) -> impl Iterator<Item = &ClassifiedAccount> {
        self.accounts.iter().filter(move |a| a.quadrant == quadrant)
    }

    /// The accounts in resource order (by `rank`).
    pub fn by_priority(&self) -> Vec<&ClassifiedAccount> {
        let mut v: Vec<&ClassifiedAccount> = self.accounts.iter().collect();
        v.sort_by_key(|a| a.rank);
        v
    }
}

impl fmt::Display for ClassificationMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cuts: value {}, relationship {}", self.value_threshold, self.relationship_threshold)?;
        for a in self.by_priority() {
            write!(
                f,
                "\n{}. {} {} (value {}, relationship {}): {}",
                a.rank, a.id, a.label, a.value, a.relationship, a.strategy
            )?;
        }
        Ok(())
    }
}

/// Linear-interpolation quantile of sorted, finite, non-empty values.
pub(super) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn cut(threshold: Threshold, field: &'static str, values: impl Iterator<Item = f64>) -> Result<f64, MatrixError> {
    let q = match threshold {
        Threshold::Fixed(v) if v.is_finite() => return Ok(v),
        Threshold::Fixed(value) => return Err(MatrixError::BadThreshold { field, value, expected: "a finite number" }),
        Threshold::Median => 0.5,
        Threshold::Quantile(q) if (0.0..=1.0).contains(&q) => q,
        Threshold::Quantile(value) => return Err(MatrixError::BadThreshold { field, value, expected: "0..=1" }),
    };
    let mut sorted: Vec<f64> = values.collect();
    sorted.sort_by(f64::total_cmp);
    Ok(quantile(&sorted, q))
}

/// Places accounts on the customer classification matrix (客户分类矩阵).
///
/// An account is high on an axis when its coordinate is at or above the cut
/// (median by default). Errors: no accounts, an empty or repeated id, a NaN or
/// infinite coordinate, a quantile outside 0..=1.
///
/// ```
/// use relmap::matrix::{classify, AccountPoint, ClassificationConfig, Quadrant};
/// let points = [
///     AccountPoint::new("acme", 900.0, 80.0),
///     AccountPoint::new("bolt", 700.0, 20.0),
///     AccountPoint::new("core", 100.0, 70.0),
///     AccountPoint::new("dyna", 50.0, 10.0),
/// ];
/// let m = classify(&points, &ClassificationConfig::default())?;
/// assert_eq!(m.value_threshold, 400.0); // median of 50, 100, 700, 900
/// assert_eq!(m.get("acme").unwrap().quadrant, Quadrant::Strategic);
/// assert_eq!(m.get("bolt").unwrap().quadrant, Quadrant::Develop);
/// assert_eq!(m.get("core").unwrap().quadrant, Quadrant::Maintain);
/// assert_eq!(m.get("dyna").unwrap().rank, 4);
/// # Ok::<(), relmap::matrix::MatrixError>(())
/// ```
pub fn classify(points: &[AccountPoint], config: &ClassificationConfig) -> Result<ClassificationMatrix, MatrixError> {
    if points.is_empty() {
        return Err(MatrixError::NoAccounts);
    }
    let mut seen = HashSet::new();
    for (i, p) in points.iter().enumerate() {
        if p.id.trim().is_empty() {
            return Err(MatrixError::EmptyAccountId { field: format!("accounts[{i}].id") });
        }
        if !seen.insert(p.id.as_str()) {
            return Err(MatrixError::DuplicateAccount { id: p.id.clone(), field: format!("accounts[{i}].id") });
        }
        for (name, value) in [("value", p.value), ("relationship", p.relationship)] {
            if !value.is_finite() {
                let field = format!("accounts[{i}].{name}");
                return Err(MatrixError::NonFiniteValue { id: p.id.clone(), field, value });
            }
        }
    }
    let value_cut = cut(config.value_threshold, "value_threshold", points.iter().map(|p| p.value))?;
    let relationship_cut =
        cut(config.relationship_threshold, "relationship_threshold", points.iter().map(|p| p.relationship))?;
    let mut accounts: Vec<ClassifiedAccount> = points
        .iter()
        .map(|p| {
            let quadrant = Quadrant::of(p.value >= value_cut, p.relationship >= relationship_cut);
            let policy = config.policy(quadrant);
            ClassifiedAccount {
                id: p.id.clone(),
                value: p.value,
                relationship: p.relationship,
                quadrant,
                label: policy.label.clone(),
                strategy: policy.strategy.clone(),
                priority: policy.priority,
                rank: 0,
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..accounts.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&accounts[i], &accounts[j]);
        a.priority
            .cmp(&b.priority)
            .then(b.value.total_cmp(&a.value))
            .then(b.relationship.total_cmp(&a.relationship))
            .then(a.id.cmp(&b.id))
    });
    for (r, i) in order.into_iter().enumerate() {
        accounts[i].rank = r + 1;
    }
    Ok(ClassificationMatrix { value_threshold: value_cut, relationship_threshold: relationship_cut, accounts })
}

impl crate::model::Portfolio {
    /// Places every account of the portfolio on the classification matrix: the
    /// value axis from `values` (account id, predicted value such as CLV), the
    /// relationship axis from trust as of `as_of`
    /// ([`TrustReport::relationship_strength`](crate::trust::TrustReport::relationship_strength),
    /// 0..=100).
    ///
    /// Accounts are taken in the order of `values`; one with no relationship map
    /// has relationship strength 0 (we know nobody there). Every map's account
    /// needs a value, else [`MatrixError::MissingValue`] names it; repeated or
    /// empty ids and NaN values fail as in [`classify`].
    ///
    /// ```
    /// use relmap::matrix::{ClassificationConfig, Quadrant, Threshold};
    /// use relmap::model::{Account, Channel, Interaction, Portfolio, Role, Stakeholder, TeamMember};
    /// use relmap::trust::TrustConfig;
    /// use relmap::RelationshipMap;
    ///
    /// let mut acme = RelationshipMap::new(Account::new("acme", "Acme"));
    /// acme.add_stakeholder(Stakeholder::new("cfo", "Wang Li").with_roles([Role::EconomicBuyer]))?;
    /// acme.add_team_member(TeamMember::new("rep", "Zhao Min"))?;
    /// let day = |d: &str| d.parse().unwrap();
    /// acme.add_interaction(Interaction::new("v1", day("2026-03-02"), Channel::Visit, ["rep"], ["cfo"]))?;
    /// let portfolio = Portfolio { maps: vec![acme] };
    ///
    /// let values = [("acme", 900.0), ("bolt", 700.0), ("core", 100.0)]; // bolt and core: no map
    /// // Trust cut at a fixed composite: with few accounts a median cut says little.
    /// let cfg = ClassificationConfig { relationship_threshold: Threshold::Fixed(30.0), ..Default::default() };
    /// let m = portfolio.classify(&values, &TrustConfig::default(), day("2026-03-02"), &cfg)?;
    /// // Composite (39.3 + 3 × 50) / 4 = 47.3, but one visit earns an acquaintance: 40.
    /// assert_eq!(m.get("acme").unwrap().relationship, 40.0);
    /// assert_eq!(m.get("acme").unwrap().quadrant, Quadrant::Strategic);
    /// assert_eq!(m.get("bolt").unwrap().quadrant, Quadrant::Develop);
    /// assert_eq!(m.get("core").unwrap().relationship, 0.0);
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn classify<K: AsRef<str>>(
        &self,
        values: &[(K, f64)],
        trust: &crate::trust::TrustConfig,
        as_of: crate::time::Timestamp,
        config: &ClassificationConfig,
    ) -> crate::Result<ClassificationMatrix> {
        classify_accounts(&self.maps, values, trust, as_of, config)
    }
}

/// [`Portfolio::classify`](crate::model::Portfolio::classify) for maps held elsewhere
/// (the maps or references to them).
pub fn classify_accounts<M: std::borrow::Borrow<RelationshipMap> + Sync, K: AsRef<str>>(
    maps: &[M],
    values: &[(K, f64)],
    trust: &crate::trust::TrustConfig,
    as_of: crate::time::Timestamp,
    config: &ClassificationConfig,
) -> crate::Result<ClassificationMatrix> {
    let given: HashSet<&str> = values.iter().map(|(id, _)| id.as_ref()).collect();
    if let Some(map) = maps.iter().map(|m| m.borrow()).find(|m| !given.contains(m.account().id.as_str())) {
        return Err(MatrixError::MissingValue { id: map.account().id.clone() }.into());
    }
    let reports = crate::trust::trust_of_maps(maps, trust, as_of)?;
    let strength: std::collections::HashMap<&str, f64> =
        reports.iter().map(|r| (r.account.as_str(), r.relationship_strength)).collect();
    let points: Vec<AccountPoint> = values
        .iter()
        .map(|(id, v)| {
            let id = id.as_ref();
            AccountPoint::new(id, *v, strength.get(id).copied().unwrap_or(0.0))
        })
        .collect();
    Ok(classify(&points, config)?)
}
