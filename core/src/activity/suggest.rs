//! Suggested relations between stakeholders, from who meets or mails whom.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{as_of, decay, ActivityConfig, ActivityLog, ObservationKind, Sides, Who};
use crate::model::{Direction, ModelError, Relation, RelationKind, RelationshipMap};
use crate::time::Timestamp;

/// What a suggestion rests on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RelationEvidence {
    /// Meetings the source organized that the target attended (`influences`).
    pub meetings_organized: usize,
    /// Meetings both attended that neither organized (`informs`, both ways).
    pub co_attended: usize,
    /// Mails from the source with the target in `To` (`informs`).
    pub mails_to: usize,
    /// Mails from the source with the target in `Cc` (`informs`, weighed by `cc_weight`).
    pub mails_cc: usize,
    /// The weighted, time-decayed evidence `E` behind the strength.
    pub weight: f64,
    /// The latest of these meetings and mails.
    pub last_seen: Timestamp,
    /// Their ids, newest first (at most `evidence_limit`).
    pub observations: Vec<String>,
}

impl RelationEvidence {
    fn events(&self) -> usize {
        self.meetings_organized + self.co_attended + self.mails_to + self.mails_cc
    }
}

/// A candidate relation with its evidence. It is never written to the map
/// unless the caller passes it to [`accept_relation`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SuggestedRelation {
    /// The relation as it would be added: strength `1 − e^(−E/suggestion_saturation)`.
    pub relation: Relation,
    /// Why.
    pub evidence: RelationEvidence,
}

type Key = (usize, usize, RelationKind);

/// The relations the activity suggests between stakeholders on the map,
/// strongest first; pairs that already have a relation of that kind, and
/// pairs with fewer than `min_suggestion_events` meetings and mails, are left out.
///
/// - `influences` source → target: the source organized meetings the target attended;
/// - `informs` source → target: the source mailed the target (`To` 1, `Cc` `cc_weight`);
/// - `informs` both ways: the two attended the same meetings, organized by someone else.
///
/// Each meeting or mail adds its weight × `2^(−age/half_life)` to `E`.
pub fn suggest_relations(
    map: &RelationshipMap,
    log: &ActivityLog,
    cfg: &ActivityConfig,
) -> crate::Result<Vec<SuggestedRelation>> {
    cfg.validate()?;
    let now = as_of(map, log, cfg);
    let mut found: BTreeMap<Key, RelationEvidence> = BTreeMap::new();
    let sides = Sides::new(map, cfg);
    let stakeholder = |email: &str| match sides.who(email) {
        Who::Stakeholder(i) => Some(i),
        _ => None,
    };
    let mut add = |k: Key, at: Timestamp, id: &str, w: f64, which: fn(&mut RelationEvidence)| {
        let e = found.entry(k).or_default();
        which(e);
        e.weight += w;
        e.last_seen = e.last_seen.max(at);
        e.observations.push(id.to_owned());
    };
    for o in &log.observations {
        let d = decay(now, o.at, cfg.half_life_days);
        let from = o.from.as_ref().and_then(|p| stakeholder(&p.email));
        let mut to: Vec<usize> = o.to.iter().filter_map(|p| stakeholder(&p.email)).collect();
        let mut cc: Vec<usize> = o.cc.iter().filter_map(|p| stakeholder(&p.email)).collect();
        to.sort_unstable();
        to.dedup();
        cc.sort_unstable();
        cc.dedup();
        match o.kind {
            ObservationKind::Bounce => {}
            ObservationKind::Meeting => match from {
                Some(f) => {
                    for &t in to.iter().filter(|&&t| t != f) {
                        add((f, t, RelationKind::Influences), o.at, &o.id, d, |e| e.meetings_organized += 1);
                    }
                }
                None => {
                    for (j, &a) in to.iter().enumerate() {
                        for &b in &to[j + 1..] {
                            add((a, b, RelationKind::Informs), o.at, &o.id, d, |e| e.co_attended += 1);
                        }
                    }
                }
            },
            ObservationKind::Message => {
                if let Some(f) = from {
                    for &t in to.iter().filter(|&&t| t != f) {
                        add((f, t, RelationKind::Informs), o.at, &o.id, d, |e| e.mails_to += 1);
                    }
                    for &t in cc.iter().filter(|&&t| t != f && !to.contains(&t)) {
                        add((f, t, RelationKind::Informs), o.at, &o.id, d * cfg.cc_weight, |e| e.mails_cc += 1);
                    }
                }
            }
        }
    }
    let mut out: Vec<SuggestedRelation> = found
        .into_iter()
        .filter(|(_, e)| e.events() >= cfg.min_suggestion_events && e.weight > 0.0)
        .filter(|((s, t, kind), _)| !has_relation(map, *s, *t, *kind))
        .map(|((s, t, kind), mut evidence)| {
            evidence.observations.reverse();
            evidence.observations.truncate(cfg.evidence_limit);
            let both =
                kind == RelationKind::Informs && evidence.co_attended > 0 && evidence.mails_to + evidence.mails_cc == 0;
            let strength = 1.0 - (-evidence.weight / cfg.suggestion_saturation).exp();
            let mut relation = Relation::new(
                &map.stakeholders()[s].id,
                &map.stakeholders()[t].id,
                kind,
                strength.max(f64::MIN_POSITIVE),
            );
            if both {
                relation.direction = Direction::Both;
            }
            SuggestedRelation { relation, evidence }
        })
        .collect();
    out.sort_by(|a, b| {
        b.relation.strength.total_cmp(&a.relation.strength).then_with(|| {
            (&a.relation.source, &a.relation.target, a.relation.kind).cmp(&(
                &b.relation.source,
                &b.relation.target,
                b.relation.kind,
            ))
        })
    });
    Ok(out)
}

/// Whether the map has a relation of this kind on the pair (either way round
/// for a two-way relation).
fn has_relation(map: &RelationshipMap, s: usize, t: usize, kind: RelationKind) -> bool {
    map.relations().iter().zip(map.relation_indices()).any(|(r, &(a, b))| {
        r.kind == kind && ((a, b) == (s, t) || ((a, b) == (t, s) && r.direction == Direction::Both))
    })
}

/// Writes a suggestion to the map, as the caller's decision.
///
/// ```
/// use relmap::activity::{accept_relation, RelationEvidence, SuggestedRelation};
/// use relmap::model::{Account, Relation, RelationKind, RelationshipMap, Stakeholder};
/// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
/// map.add_stakeholder(Stakeholder::new("cio", "Liu"))?;
/// map.add_stakeholder(Stakeholder::new("pmo", "Yang"))?;
/// let s = SuggestedRelation {
///     relation: Relation::new("pmo", "cio", RelationKind::Informs, 0.6),
///     evidence: RelationEvidence::default(),
/// };
/// accept_relation(&mut map, &s)?;
/// assert_eq!(map.relations().len(), 1);
/// # Ok::<(), relmap::model::ModelError>(())
/// ```
pub fn accept_relation(map: &mut RelationshipMap, suggestion: &SuggestedRelation) -> Result<(), ModelError> {
    map.add_relation(suggestion.relation.clone())
}
