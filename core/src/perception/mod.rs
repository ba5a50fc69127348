//! Several perceptions of one account (cognitive social structures).
//!
//! Each member of an account team draws the account as they see it; Krackhardt
//! (1987, "Cognitive social structures", *Social Networks* 9) had every manager
//! of a firm report the whole advice network. [`merge_perceptions`] takes such
//! perceived maps of one account, keyed by perceiver, and returns
//! [`MergedPerceptions`]:
//!
//! - the **consensus map** under a [`MergeRule`]: `intersection`, `union`, a
//!   `share` of the perceivers who could judge a tie, or the locally aggregated
//!   structures `las_and` / `las_or`, where a tie i → j is decided by i and j
//!   themselves (for perceivers who are stakeholders of the account);
//! - each perceiver's **accuracy** against it: precision, recall and the
//!   Krackhardt–Kilduff correlation of their ties, and their stance error;
//! - the **disputes** (ties, stances, roles, managers) ranked by the share of
//!   the decision they put at stake;
//! - each stakeholder's decision **influence as a range** across the
//!   perceptions, beside the consensus value, so a rep sees which conclusions
//!   hold whoever drew the map.
//!
//! Who is a perceiver: the key of each perception is the perceiver's id (for
//! our team, a team member id). The `intersection`, `union` and `share` rules
//! need nothing more. The LAS rules need every perceiver to be a stakeholder of
//! the merged map: the key is looked up as a stakeholder id, or mapped to one
//! in [`MergeConfig::perceivers`]; a team member is never on the influence
//! network (our ties to stakeholders are interactions and trust, not relations),
//! so LAS on our team's perceptions fails with `unknown_reference` (field
//! `perceivers.{id}`, the message saying it is a team member).
//!
//! Formulas, rules and references: `docs/perceptions.md`.
//!
//! ```
//! use relmap::model::{Account, Relation, RelationKind, Role, Stakeholder};
//! use relmap::perception::{merge_perceptions, MergeConfig, MergeRule};
//! use relmap::RelationshipMap;
//!
//! let mut base = RelationshipMap::new(Account::new("acme", "Acme"));
//! base.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
//! base.add_stakeholder(Stakeholder::new("cio", "Liu").with_reports_to("ceo"))?;
//! base.add_stakeholder(Stakeholder::new("cfo", "Wang").with_reports_to("ceo"))?;
//! let (mut am, mut se) = (base.clone(), base.clone());
//! am.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.8))?;
//! am.set_stance("cfo", Some(-2.0))?;
//! se.add_relation(Relation::new("cfo", "ceo", RelationKind::Influences, 0.6))?;
//! se.set_stance("cfo", Some(1.0))?;
//!
//! let merged = merge_perceptions([("am", &am), ("se", &se)], MergeRule::Union, &MergeConfig::default())?;
//! assert_eq!(merged.map.relations().len(), 2);
//! assert_eq!(merged.map.stakeholder("cfo").unwrap().stance, Some(-0.5)); // the median of −2 and +1
//! assert_eq!(merged.accuracy[0].precision, Some(1.0)); // every tie am drew is in the union
//! assert_eq!(merged.accuracy[0].recall, Some(0.5));
//! let top = &merged.disputes[0];
//! assert!(top.at_stake > 0.0);
//! // The CIO's share depends on who drew the map: 11 % to 24 %, 19 % in the consensus.
//! let cio = merged.influence_of("cio").unwrap();
//! assert!(cio.min < cio.consensus && cio.consensus < cio.max && cio.spread > 0.1);
//! # Ok::<(), relmap::Error>(())
//! ```

mod accuracy;
mod consensus;
mod disputes;
mod error;
mod rule;

pub use accuracy::PerceiverAccuracy;
pub use disputes::{Dispute, DisputeSubject, ManagerVote, StanceReading};
pub use error::PerceptionError;
pub use rule::{MergeConfig, MergeRule, StanceRule};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::chain::{ChainConfig, DecisionChain};
use crate::model::{RelationKind, RelationshipMap};
use consensus::{People, Perception};

/// One stakeholder's decision influence across the perceptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InfluenceRange {
    /// Stakeholder id.
    pub id: String,
    /// Decision influence u on the consensus map.
    pub consensus: f64,
    /// The smallest u over the perceptions that drew the person.
    pub min: f64,
    /// The largest.
    pub max: f64,
    /// max − min: small means the conclusion holds whoever drew the map.
    pub spread: f64,
    /// How many perceptions drew the person.
    pub perceivers: usize,
}

/// Predicted support S = Σ u_j · stance_j / 5 on the consensus and across the perceptions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SupportRange {
    /// On the consensus map.
    pub consensus: f64,
    /// The lowest over the perceptions.
    pub min: f64,
    /// The highest.
    pub max: f64,
}

/// A perceived tie the rule could not judge: under a LAS rule, drawn only
/// between two people who are not perceivers (it is left out of the consensus).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnjudgedTie {
    /// Source stakeholder id.
    pub source: String,
    /// Target stakeholder id.
    pub target: String,
    /// The relation kind.
    pub relation: RelationKind,
    /// Perceivers who drew it.
    pub drawn_by: Vec<String>,
}

/// The result of [`merge_perceptions`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MergedPerceptions {
    /// The consensus map.
    pub map: RelationshipMap,
    /// The rule that made it.
    pub rule: MergeRule,
    /// The perceivers, in id order (the order of every per-perceiver list).
    pub perceivers: Vec<String>,
    /// Each perceiver's accuracy against the consensus.
    pub accuracy: Vec<PerceiverAccuracy>,
    /// Every disagreement, most at stake first.
    pub disputes: Vec<Dispute>,
    /// Each stakeholder's decision influence across perceptions, in consensus map order.
    pub influence: Vec<InfluenceRange>,
    /// Predicted support across perceptions.
    pub support: SupportRange,
    /// Ties a LAS rule could not judge (empty for the other rules).
    pub unjudged: Vec<UnjudgedTie>,
}

impl MergedPerceptions {
    /// The influence range of one stakeholder.
    pub fn influence_of(&self, id: &str) -> Option<&InfluenceRange> {
        self.map.stakeholder_idx(id).map(|i| &self.influence[i])
    }

    /// The accuracy of one perceiver.
    pub fn accuracy_of(&self, perceiver: &str) -> Option<&PerceiverAccuracy> {
        self.accuracy.iter().find(|a| a.perceiver == perceiver)
    }

    /// The decision-chain analysis of the consensus map (see [`RelationshipMap::decision_chain`]).
    pub fn decision_chain(&self, cfg: &ChainConfig) -> crate::Result<DecisionChain> {
        self.map.decision_chain(cfg)
    }
}

/// Merges several perceptions of one account, keyed by perceiver id (see the
/// [module docs](self)).
///
/// Fails with `empty_list` (no perception), `empty_id` or `duplicate_id`
/// (perceivers), `invalid_argument` (a perception of another account),
/// `invalid_config` (a share outside (0, 1] or a bad config), `unknown_reference`
/// (a LAS rule's perceiver who is not on the map), `reports_to_cycle` (the
/// majority org chart loops), `duplicate_id` (two different facts under one id), a
/// model error if the consensus document is invalid, or a chain error
/// (`no_authority`, ...) naming the perception where influence cannot be computed.
pub fn merge_perceptions<'a, I>(perceptions: I, rule: MergeRule, cfg: &MergeConfig) -> crate::Result<MergedPerceptions>
where
    I: IntoIterator<Item = (&'a str, &'a RelationshipMap)>,
{
    rule.validate()?;
    cfg.validate()?;
    let mut list: Vec<Perception<'a>> = perceptions.into_iter().map(|(id, map)| Perception { id, map }).collect();
    if list.is_empty() {
        return Err(PerceptionError::NoPerceptions.into());
    }
    if list.iter().any(|p| p.id.trim().is_empty()) {
        return Err(PerceptionError::EmptyPerceiver.into());
    }
    list.sort_by(|a, b| a.id.cmp(b.id));
    for w in list.windows(2) {
        if w[0].id == w[1].id {
            let perceiver = w[0].id.to_owned();
            return Err(
                PerceptionError::DuplicatePerceiver { field: format!("perceptions.{perceiver}"), perceiver }.into()
            );
        }
    }
    let account = &list[0].map.account().id;
    if let Some(p) = list.iter().find(|p| &p.map.account().id != account) {
        return Err(PerceptionError::AccountMismatch {
            expected: account.clone(),
            found: p.map.account().id.clone(),
            field: format!("perceptions.{}.account.id", p.id),
        }
        .into());
    }
    let people = People::new(&list);
    let person = perceiver_people(&list, &people, rule, cfg)?;
    let tallies = consensus::tallies(&list, &people);
    let mut unjudged = Vec::new();
    let verdicts: Vec<consensus::Verdict> = tallies
        .iter()
        .map(|t| {
            let judged = consensus::judges(&people, t.key, list.len());
            let v = consensus::verdict(rule, t, &consensus::asked(rule, t.key, &judged, &person));
            if v.unjudged {
                unjudged.push(UnjudgedTie {
                    source: people.ids[t.orient.0].clone(),
                    target: people.ids[t.orient.1].clone(),
                    relation: t.key.kind,
                    drawn_by: t.reports.iter().map(|r| list[r.0].id.to_owned()).collect(),
                });
            }
            v
        })
        .collect();
    let map = consensus::consensus_map(&list, &people, &tallies, &verdicts, cfg)?;
    let analysis = |field: String| move |source| PerceptionError::Analysis { source, field };
    let u = map.decision_influence(&cfg.chain).map_err(analysis("consensus".into()))?;
    let accuracy = accuracy::accuracy(&list, &people, &tallies, &verdicts, &map);
    let disputes =
        disputes::disputes(&list, &people, &tallies, &verdicts, &map, &u, cfg).map_err(analysis("consensus".into()))?;
    let stance =
        |m: &RelationshipMap| -> Vec<f64> { m.stakeholders().iter().map(|s| s.stance.unwrap_or(0.0) / 5.0).collect() };
    let support_of = |u: &[f64], m: &RelationshipMap| u.iter().zip(stance(m)).map(|(a, b)| a * b).sum::<f64>();
    let mut influence: Vec<InfluenceRange> = map
        .stakeholders()
        .iter()
        .zip(&u)
        .map(|(s, &consensus)| InfluenceRange {
            id: s.id.clone(),
            consensus,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            spread: 0.0,
            perceivers: 0,
        })
        .collect();
    let s0 = support_of(&u, &map);
    let mut support = SupportRange { consensus: s0, min: f64::INFINITY, max: f64::NEG_INFINITY };
    for (p, perception) in list.iter().enumerate() {
        let up = perception
            .map
            .decision_influence(&cfg.chain)
            .map_err(analysis(format!("perceptions.{}", perception.id)))?;
        let sp = support_of(&up, perception.map);
        support.min = support.min.min(sp);
        support.max = support.max.max(sp);
        for (i, r) in influence.iter_mut().enumerate() {
            if let Some(k) = people.local[p][i] {
                r.min = r.min.min(up[k]);
                r.max = r.max.max(up[k]);
                r.perceivers += 1;
            }
        }
    }
    for r in &mut influence {
        r.spread = r.max - r.min;
    }
    Ok(MergedPerceptions {
        map,
        rule,
        perceivers: list.iter().map(|p| p.id.to_owned()).collect(),
        accuracy,
        disputes,
        influence,
        support,
        unjudged,
    })
}

/// Each perceiver's person on the map, required by the LAS rules.
fn perceiver_people(
    list: &[Perception<'_>],
    people: &People,
    rule: MergeRule,
    cfg: &MergeConfig,
) -> Result<Vec<Option<usize>>, PerceptionError> {
    list.iter()
        .map(|p| {
            let id = cfg.perceivers.get(p.id).map_or(p.id, String::as_str);
            match people.index.get(id) {
                Some(&i) => Ok(Some(i)),
                None if !rule.is_local() => Ok(None),
                None => Err(PerceptionError::PerceiverNotOnMap {
                    id: id.to_owned(),
                    team_member: list.iter().any(|q| q.map.member_idx(id).is_some()),
                    field: format!("perceivers.{}", p.id),
                }),
            }
        })
        .collect()
}
