//! The competition matrix (商业竞争矩阵): decision criteria weighted by each
//! stakeholder's priorities and decision influence, vendors scored on them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::MatrixError;
use crate::model::Opportunity;
use crate::RelationshipMap;

/// Settings of the competition matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CompetitionConfig {
    /// Our own key in `Opportunity::vendor_scores` (default `"us"`).
    pub our_vendor: String,
    /// Totals closer than this count as tied (ranks, preferred vendors, best scores).
    pub tie_tolerance: f64,
}

impl Default for CompetitionConfig {
    fn default() -> Self {
        CompetitionConfig { our_vendor: "us".into(), tie_tolerance: 1e-9 }
    }
}

/// Where the stakeholders' weights in the overall total came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InfluenceSource {
    /// The decision influence given by the caller (normally u from the decision chain).
    Given,
    /// Equal weights, because no influence was given.
    Equal,
}

/// One decision criterion in the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriterionRow {
    /// The criterion id.
    pub criterion: String,
    /// Its display name.
    pub name: Option<String>,
    /// Its weight in the overall total: Σ_s u_s · w_sc (the weights sum to 1).
    pub weight: f64,
    /// Vendor → score.
    pub scores: BTreeMap<String, f64>,
    /// The vendors with the best score on it (ties listed, by key).
    pub best: Vec<String>,
}

/// One vendor's overall standing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct VendorStanding {
    /// The vendor key.
    pub vendor: String,
    /// Weighted total Σ_c weight_c · score_vc (on the scores' own scale).
    pub total: f64,
    /// 1 + the number of vendors with a clearly higher total.
    pub rank: usize,
    /// How many stakeholders prefer the vendor (ties count for each vendor tied).
    pub preferred_by: usize,
    /// Share of the stakeholders' influence that prefers the vendor (a tie
    /// splits a stakeholder's share equally); the shares sum to 1.
    pub preference_share: f64,
}

/// How one stakeholder sees the vendors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StakeholderView {
    /// The stakeholder id.
    pub stakeholder_id: String,
    /// Their share of the overall total (normalised over the stakeholders who weight criteria).
    pub influence: f64,
    /// Their criterion weights, normalised to sum 1.
    pub weights: BTreeMap<String, f64>,
    /// Vendor → total by their weights.
    pub totals: BTreeMap<String, f64>,
    /// The vendors they score highest (ties listed, by key).
    pub preferred: Vec<String>,
}

/// A criterion where we score below the reference competitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriterionGap {
    /// The criterion id.
    pub criterion: String,
    /// Its overall weight.
    pub weight: f64,
    /// Our score.
    pub our_score: f64,
    /// The reference competitor's score.
    pub rival_score: f64,
    /// rival_score − our_score (> 0).
    pub gap: f64,
    /// weight × gap: how much of the total difference the criterion accounts for.
    pub weighted_gap: f64,
}

/// The competition matrix of one opportunity.
///
/// Displays as a one-line summary, e.g.
/// `opp1: us ranks 2 of 3 with 7.00 (leader acme 7.40); behind acme on price 0.90, delivery 0.10; preferred by acme 60%, us 40%`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompetitionMatrix {
    /// The opportunity id.
    pub opportunity_id: String,
    /// Our vendor key.
    pub our_vendor: String,
    /// Where the stakeholder weights came from.
    pub influence_source: InfluenceSource,
    /// The criteria, in the opportunity's order.
    pub criteria: Vec<CriterionRow>,
    /// The vendors by rank (ties by key).
    pub vendors: Vec<VendorStanding>,
    /// The stakeholders who weight criteria, by influence (descending), then id.
    pub stakeholders: Vec<StakeholderView>,
    /// Our rank among the vendors.
    pub our_rank: usize,
    /// The vendor ranked first (ties by key).
    pub leader: String,
    /// The reference competitor: the best-ranked vendor other than us (`None` if we are alone).
    pub rival: Option<String>,
    /// Criteria where we score below the rival, by weighted gap (largest first).
    pub trailing: Vec<CriterionGap>,
}

impl CompetitionMatrix {
    /// A vendor's overall total.
    pub fn total(&self, vendor: &str) -> Option<f64> {
        self.vendors.iter().find(|v| v.vendor == vendor).map(|v| v.total)
    }

    /// Our overall total.
    pub fn our_total(&self) -> f64 {
        self.total(&self.our_vendor).expect("our vendor is always in the matrix")
    }

    /// Our total minus the rival's (> 0: we lead); `None` without a competitor.
    pub fn margin(&self) -> Option<f64> {
        let rival = self.total(self.rival.as_deref()?)?;
        Some(self.our_total() - rival)
    }
}

/// How many trailing criteria the one-line summary names.
const SUMMARY_GAPS: usize = 3;

impl fmt::Display for CompetitionMatrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ranks {} of {} with {:.2}",
            self.opportunity_id,
            self.our_vendor,
            self.our_rank,
            self.vendors.len(),
            self.our_total()
        )?;
        if let (Some(rival), Some(margin)) = (&self.rival, self.margin()) {
            let total = self.our_total() - margin;
            let role = if self.leader == *rival { "leader" } else { "runner-up" };
            write!(f, " ({role} {rival} {total:.2})")?;
            if !self.trailing.is_empty() {
                write!(f, "; behind {rival} on ")?;
                let gaps: Vec<String> = self
                    .trailing
                    .iter()
                    .take(SUMMARY_GAPS)
                    .map(|g| format!("{} {:.2}", g.criterion, g.weighted_gap))
                    .collect();
                f.write_str(&gaps.join(", "))?;
            }
        }
        let shares: Vec<String> =
            self.vendors.iter().map(|v| format!("{} {:.0}%", v.vendor, v.preference_share * 100.0)).collect();
        write!(f, "; preferred by {}", shares.join(", "))
    }
}

/// The vendors at the top of `scores`, within `tol` of the best, by key.
fn best_of<'a>(scores: impl Iterator<Item = (&'a String, f64)> + Clone, tol: f64) -> Vec<String> {
    let top = scores.clone().map(|(_, s)| s).fold(f64::NEG_INFINITY, f64::max);
    let mut best: Vec<String> = scores.filter(|&(_, s)| s >= top - tol).map(|(v, _)| v.clone()).collect();
    best.sort();
    best
}

/// Computes the competition matrix (商业竞争矩阵) of an opportunity.
///
/// Each stakeholder's criterion weights are normalised to sum 1; their total
/// for vendor v is Σ_c w_sc · score_vc. The overall total is Σ_s u_s · total_sv
/// with the decision influence u renormalised over the stakeholders who weight
/// criteria (`influence`: stakeholder id → u, e.g. from the decision chain;
/// `None`: equal weights). Equivalently each criterion carries the weight
/// Σ_s u_s · w_sc. Stakeholders without any criterion weight take no part;
/// influence given for them is not used.
///
/// The reference competitor is the best-ranked vendor other than us (the
/// leader, or the runner-up when we lead); `trailing` lists the criteria
/// where it outscores us, by weight × gap.
///
/// Vendors are our vendor, every key of `vendor_scores` and every listed
/// competitor. Errors: no criterion weights at all, a stakeholder whose
/// weights sum to 0, a negative or non-finite weight, influence or score, a
/// missing score of any vendor on a weighted criterion (no silent zero), no
/// scores for us, a missing influence entry, zero total influence, a negative
/// or non-finite `tie_tolerance`.
///
/// ```
/// use std::collections::HashMap;
/// use relmap::matrix::{competition, CompetitionConfig};
/// use relmap::model::{Criterion, Opportunity};
///
/// let mut opp = Opportunity::new("opp1", "Cloud");
/// opp.criteria = vec![
///     Criterion { id: "price".into(), name: None, weights: [("cfo".to_string(), 3.0), ("cto".to_string(), 1.0)].into() },
///     Criterion { id: "tech".into(), name: None, weights: [("cfo".to_string(), 1.0), ("cto".to_string(), 3.0)].into() },
/// ];
/// opp.vendor_scores = [
///     ("us".to_string(), [("price".to_string(), 6.0), ("tech".to_string(), 9.0)].into()),
///     ("acme".to_string(), [("price".to_string(), 9.0), ("tech".to_string(), 6.0)].into()),
/// ].into();
/// let u: HashMap<String, f64> = [("cfo".to_string(), 0.75), ("cto".to_string(), 0.25)].into();
/// let m = competition(&opp, Some(&u), &CompetitionConfig::default())?;
/// // price weight 0.75·0.75 + 0.25·0.25 = 0.625, tech 0.375.
/// assert_eq!(m.criteria[0].weight, 0.625);
/// assert_eq!(m.total("acme"), Some(0.625 * 9.0 + 0.375 * 6.0)); // 7.875
/// assert_eq!(m.our_total(), 0.625 * 6.0 + 0.375 * 9.0); // 7.125
/// assert_eq!((m.our_rank, m.leader.as_str()), (2, "acme"));
/// assert_eq!(m.trailing[0].criterion, "price");
/// assert_eq!(m.trailing[0].weighted_gap, 0.625 * 3.0);
/// # Ok::<(), relmap::matrix::MatrixError>(())
/// ```
pub fn competition(
    opportunity: &Opportunity,
    influence: Option<&HashMap<String, f64>>,
    config: &CompetitionConfig,
) -> Result<CompetitionMatrix, MatrixError> {
    let opp = opportunity.id.as_str();
    let tol = config.tie_tolerance;
    if !(tol.is_finite() && tol >= 0.0) {
        return Err(MatrixError::BadTieTolerance { value: tol });
    }

    // Criteria and the raw weights each stakeholder gives them (dense by criterion).
    let n_criteria = opportunity.criteria.len();
    let mut criterion_index: HashMap<&str, usize> = HashMap::with_capacity(n_criteria);
    let mut raw: BTreeMap<&str, Vec<Option<f64>>> = BTreeMap::new();
    for (j, c) in opportunity.criteria.iter().enumerate() {
        if criterion_index.insert(c.id.as_str(), j).is_some() {
            let field = format!("criteria[{j}].id");
            return Err(MatrixError::DuplicateCriterion { opportunity: opp.into(), criterion: c.id.clone(), field });
        }
        for (s, &w) in &c.weights {
            if !(w.is_finite() && w >= 0.0) {
                let field = format!("criteria[{j}].weights.{s}");
                return Err(MatrixError::BadWeight { opportunity: opp.into(), field, value: w });
            }
            raw.entry(s.as_str()).or_insert_with(|| vec![None; n_criteria])[j] = Some(w);
        }
    }
    if raw.is_empty() {
        return Err(MatrixError::NoCriteriaWeights { opportunity: opp.into() });
    }
    // Stakeholders in id order, with their weights normalised to sum 1.
    let mut people: Vec<&str> = Vec::with_capacity(raw.len());
    let mut weights: Vec<Vec<Option<f64>>> = Vec::with_capacity(raw.len());
    for (s, mut ws) in raw {
        let sum: f64 = ws.iter().flatten().sum();
        if sum <= 0.0 {
            return Err(MatrixError::ZeroWeights { opportunity: opp.into(), stakeholder: s.into() });
        }
        ws.iter_mut().flatten().for_each(|w| *w /= sum);
        people.push(s);
        weights.push(ws);
    }

    // Decision influence, renormalised over the stakeholders who weight criteria.
    let (influence_source, u) = match influence {
        None => (InfluenceSource::Equal, vec![1.0 / people.len() as f64; people.len()]),
        Some(given) => {
            let mut u = Vec::with_capacity(people.len());
            for &s in &people {
                let &v = given
                    .get(s)
                    .ok_or_else(|| MatrixError::MissingInfluence { opportunity: opp.into(), stakeholder: s.into() })?;
                if !(v.is_finite() && v >= 0.0) {
                    return Err(MatrixError::BadInfluence { stakeholder: s.into(), value: v });
                }
                u.push(v);
            }
            let total: f64 = u.iter().sum();
            if total <= 0.0 {
                return Err(MatrixError::ZeroInfluence { opportunity: opp.into() });
            }
            u.iter_mut().for_each(|v| *v /= total);
            (InfluenceSource::Given, u)
        }
    };

    // Overall criterion weights, and which criteria anyone weights at all.
    let mut criterion_weight = vec![0.0; n_criteria];
    let mut weighted = vec![false; n_criteria];
    for (ws, &us) in weights.iter().zip(&u) {
        for (c, w) in ws.iter().enumerate() {
            if let Some(w) = *w {
                criterion_weight[c] += us * w;
                weighted[c] |= w > 0.0;
            }
        }
    }

    // Vendors and their scores (dense: vendor × criterion).
    if !opportunity.vendor_scores.contains_key(&config.our_vendor) {
        return Err(MatrixError::MissingOurVendor { opportunity: opp.into(), vendor: config.our_vendor.clone() });
    }
    for (vendor, scores) in &opportunity.vendor_scores {
        for (c, &v) in scores {
            if !criterion_index.contains_key(c.as_str()) {
                let (vendor, criterion) = (vendor.clone(), c.clone());
                return Err(MatrixError::UnknownCriterion { opportunity: opp.into(), vendor, criterion });
            }
            if !v.is_finite() {
                let (vendor, criterion) = (vendor.clone(), c.clone());
                return Err(MatrixError::NonFiniteScore { opportunity: opp.into(), vendor, criterion, value: v });
            }
        }
    }
    let vendors: Vec<&String> = opportunity
        .vendor_scores
        .keys()
        .chain(&opportunity.competitors)
        .chain([&config.our_vendor])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut scores: Vec<Vec<Option<f64>>> = Vec::with_capacity(vendors.len());
    for &v in &vendors {
        let given = opportunity.vendor_scores.get(v);
        let row: Vec<Option<f64>> =
            opportunity.criteria.iter().map(|c| given.and_then(|g| g.get(&c.id)).copied()).collect();
        if let Some(c) = (0..n_criteria).find(|&c| weighted[c] && row[c].is_none()) {
            let criterion = opportunity.criteria[c].id.clone();
            return Err(MatrixError::MissingScore { opportunity: opp.into(), vendor: v.clone(), criterion });
        }
        scores.push(row);
    }
    // Σ_c w_c · score_vc over the weighted criteria (all scored, checked above).
    let weigh = |ws: &mut dyn Iterator<Item = (usize, f64)>, v: usize| -> f64 {
        // Folded from +0.0 (an empty f64 sum is −0.0).
        ws.filter(|&(c, w)| weighted[c] && w > 0.0).fold(0.0, |acc, (c, w)| acc + w * scores[v][c].unwrap_or(0.0))
    };

    let criteria: Vec<CriterionRow> = opportunity
        .criteria
        .iter()
        .enumerate()
        .map(|(c, def)| {
            let row: BTreeMap<String, f64> =
                vendors.iter().enumerate().filter_map(|(v, &key)| scores[v][c].map(|s| (key.clone(), s))).collect();
            let best = if row.is_empty() { Vec::new() } else { best_of(row.iter().map(|(v, &s)| (v, s)), tol) };
            CriterionRow {
                criterion: def.id.clone(),
                name: def.name.clone(),
                weight: criterion_weight[c],
                scores: row,
                best,
            }
        })
        .collect();

    let overall: Vec<f64> =
        (0..vendors.len()).map(|v| weigh(&mut criterion_weight.iter().copied().enumerate(), v)).collect();
    let mut standings: Vec<VendorStanding> = vendors
        .iter()
        .zip(&overall)
        .map(|(&v, &total)| VendorStanding {
            vendor: v.clone(),
            total,
            rank: 1 + overall.iter().filter(|&&t| t > total + tol).count(),
            preferred_by: 0,
            preference_share: 0.0,
        })
        .collect();
    standings.sort_by(|a, b| a.rank.cmp(&b.rank).then(b.total.total_cmp(&a.total)).then(a.vendor.cmp(&b.vendor)));

    let mut stakeholders: Vec<StakeholderView> = people
        .iter()
        .zip(&weights)
        .zip(&u)
        .map(|((&s, ws), &influence)| {
            let totals: BTreeMap<String, f64> = vendors
                .iter()
                .enumerate()
                .map(|(v, &key)| {
                    let mut present = ws.iter().enumerate().filter_map(|(c, w)| w.map(|w| (c, w)));
                    (key.clone(), weigh(&mut present, v))
                })
                .collect();
            let preferred = best_of(totals.iter().map(|(v, &t)| (v, t)), tol);
            let weights =
                ws.iter().enumerate().filter_map(|(c, w)| w.map(|w| (opportunity.criteria[c].id.clone(), w))).collect();
            StakeholderView { stakeholder_id: s.into(), influence, weights, totals, preferred }
        })
        .collect();
    stakeholders.sort_by(|a, b| b.influence.total_cmp(&a.influence).then(a.stakeholder_id.cmp(&b.stakeholder_id)));
    for s in &stakeholders {
        let share = s.influence / s.preferred.len() as f64;
        for v in standings.iter_mut().filter(|v| s.preferred.contains(&v.vendor)) {
            v.preferred_by += 1;
            v.preference_share += share;
        }
    }

    let us = config.our_vendor.as_str();
    let our_rank = standings.iter().find(|s| s.vendor == us).expect("our vendor is listed").rank;
    let rival = standings.iter().find(|s| s.vendor != us).map(|s| s.vendor.clone());
    let mut trailing: Vec<CriterionGap> = match &rival {
        None => Vec::new(),
        Some(r) => {
            let ours = vendors.iter().position(|&v| v == us).expect("our vendor is listed");
            let theirs = vendors.iter().position(|v| *v == r).expect("the rival is listed");
            (0..n_criteria)
                .filter(|&c| weighted[c])
                .filter_map(|c| {
                    let (our_score, rival_score) = (scores[ours][c]?, scores[theirs][c]?);
                    let (weight, gap) = (criterion_weight[c], rival_score - our_score);
                    (gap > 0.0).then(|| CriterionGap {
                        criterion: opportunity.criteria[c].id.clone(),
                        weight,
                        our_score,
                        rival_score,
                        gap,
                        weighted_gap: weight * gap,
                    })
                })
                .collect()
        }
    };
    // Stable sort: equal gaps keep the opportunity's criterion order.
    trailing.sort_by(|a, b| b.weighted_gap.total_cmp(&a.weighted_gap));

    Ok(CompetitionMatrix {
        opportunity_id: opp.into(),
        our_vendor: config.our_vendor.clone(),
        influence_source,
        criteria,
        leader: standings[0].vendor.clone(),
        vendors: standings,
        stakeholders,
        our_rank,
        rival,
        trailing,
    })
}

impl RelationshipMap {
    /// The competition matrix of every opportunity that has decision
    /// criteria, in the map's order (see [`competition`]); opportunities
    /// without criteria have no matrix and are not listed.
    ///
    /// ```
    /// use relmap::matrix::CompetitionConfig;
    /// use relmap::model::{Account, Opportunity};
    /// use relmap::RelationshipMap;
    /// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_opportunity(Opportunity::new("opp1", "No criteria yet"))?;
    /// assert!(map.competition_matrices(None, &CompetitionConfig::default())?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn competition_matrices(
        &self,
        influence: Option<&HashMap<String, f64>>,
        config: &CompetitionConfig,
    ) -> Result<Vec<CompetitionMatrix>, MatrixError> {
        self.opportunities()
            .iter()
            .filter(|o| !o.criteria.is_empty())
            .map(|o| competition(o, influence, config))
            .collect()
    }
}
