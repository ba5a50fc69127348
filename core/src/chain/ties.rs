//! Our relationships: the strength of each (team member, stakeholder) tie.
//!
//! The trust pillars will provide these (composite / 100). Until then,
//! [`interim_ties`] derives them from interactions alone.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ChainConfig, ChainError};
use crate::model::{Initiator, RelationshipMap};
use crate::time::Timestamp;

/// The strength of one of our relationships: team member → stakeholder, in [0, 1].
///
/// `member` and `stakeholder` are dense indices ([`RelationshipMap::member_idx`],
/// [`RelationshipMap::stakeholder_idx`]). A strength of 0 means no relationship.
///
/// ```
/// use relmap::chain::Tie;
/// let t = Tie { member: 0, stakeholder: 3, strength: 0.7 };
/// assert_eq!(t.strength, 0.7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tie {
    /// Dense index of our team member.
    pub member: usize,
    /// Dense index of the stakeholder.
    pub stakeholder: usize,
    /// Relationship strength in [0, 1].
    pub strength: f64,
}

/// The latest dated item of a map: an interaction, a piece of evidence (its date,
/// or a delivery), or a milestone. `None` when the map holds nothing dated.
///
/// ```
/// use relmap::chain::latest_dated_item;
/// use relmap::model::{Account, RelationshipMap};
/// assert_eq!(latest_dated_item(&RelationshipMap::new(Account::new("a", "A"))), None);
/// ```
pub fn latest_dated_item(map: &RelationshipMap) -> Option<Timestamp> {
    use crate::model::EvidenceKind;
    let interactions = map.interactions().iter().map(|i| i.at);
    let evidence = map.evidence().iter().flat_map(|e| {
        let delivered = match &e.kind {
            EvidenceKind::Commitment { delivered, .. } => *delivered,
            _ => None,
        };
        std::iter::once(e.at).chain(delivered)
    });
    let milestones = map.opportunities().iter().flat_map(|o| o.milestones.iter().map(|m| m.at));
    interactions.chain(evidence).chain(milestones).max()
}

/// The interim relationship rule: ties from interactions alone.
///
/// For each (member, stakeholder) pair that took part in interactions at or
/// before `as_of` (`None` = [`latest_dated_item`]):
/// E = Σ channel weight × 2^(−age_days / half_life) × `initiated_by_them` (when the
/// stakeholder started it) × (1 + sentiment/2), and strength = 1 − e^(−E / saturation)
/// (see [`crate::chain::InterimTieConfig`]; it is the relationship-trust pillar / 100).
/// An interaction with several members and stakeholders counts for every pair.
/// Interactions after `as_of` are ignored. Pairs with E = 0 give no tie.
/// The result is sorted by (member, stakeholder).
///
/// ```
/// use relmap::chain::{interim_ties, ChainConfig};
/// use relmap::model::{Account, Channel, Interaction, RelationshipMap, Stakeholder, TeamMember};
/// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
/// map.add_stakeholder(Stakeholder::new("cio", "Liu"))?;
/// map.add_team_member(TeamMember::new("rep", "Zhao"))?;
/// map.add_interaction(Interaction::new("i1", "2026-03-01".parse().unwrap(), relmap::model::Channel::Visit, ["rep"], ["cio"]))?;
/// let ties = interim_ties(&map, None, &ChainConfig::default());
/// // One visit today: E = 3, strength = 1 − e^(−0.5).
/// assert!((ties[0].strength - (1.0 - (-0.5f64).exp())).abs() < 1e-12);
/// # Ok::<(), relmap::model::ModelError>(())
/// ```
pub fn interim_ties(map: &RelationshipMap, as_of: Option<Timestamp>, cfg: &ChainConfig) -> Vec<Tie> {
    let Some(as_of) = as_of.or_else(|| latest_dated_item(map)) else {
        return Vec::new();
    };
    let rule = &cfg.interim_ties;
    let mut energy: HashMap<(usize, usize), f64> = HashMap::new();
    for i in map.interactions() {
        if i.at > as_of {
            continue;
        }
        let age = as_of.days_since(i.at);
        let mut e = rule.channel_weight(i.channel) * (-age / rule.half_life_days).exp2();
        if i.initiated_by == Initiator::Them {
            e *= rule.initiated_by_them;
        }
        e *= 1.0 + i.sentiment.unwrap_or(0.0) / 2.0;
        if e <= 0.0 {
            continue;
        }
        for m in &i.members {
            // Interaction references are validated by the map.
            let mi = map.member_idx(m).expect("interaction members are validated by the map");
            for s in &i.stakeholders {
                let si = map.stakeholder_idx(s).expect("interaction stakeholders are validated by the map");
                *energy.entry((mi, si)).or_insert(0.0) += e;
            }
        }
    }
    let mut ties: Vec<Tie> = energy
        .into_iter()
        .map(|((member, stakeholder), e)| Tie { member, stakeholder, strength: 1.0 - (-e / rule.saturation).exp() })
        .collect();
    ties.sort_by_key(|t| (t.member, t.stakeholder));
    ties
}

/// Checks caller-supplied ties: indices in range, strength in [0, 1], no pair twice.
pub(crate) fn validate_ties(ties: &[Tie], members: usize, stakeholders: usize) -> Result<(), ChainError> {
    let mut seen = HashSet::with_capacity(ties.len());
    for (index, t) in ties.iter().enumerate() {
        if t.member >= members {
            return Err(ChainError::InvalidTie {
                index,
                field: "member",
                reason: format!("index {} is out of range (the team has {members} members)", t.member),
            });
        }
        if t.stakeholder >= stakeholders {
            return Err(ChainError::InvalidTie {
                index,
                field: "stakeholder",
                reason: format!("index {} is out of range (the map has {stakeholders} stakeholders)", t.stakeholder),
            });
        }
        if !(t.strength.is_finite() && (0.0..=1.0).contains(&t.strength)) {
            return Err(ChainError::InvalidTie {
                index,
                field: "strength",
                reason: format!("{} is out of range, expected 0..=1", t.strength),
            });
        }
        if !seen.insert((t.member, t.stakeholder)) {
            return Err(ChainError::InvalidTie {
                index,
                field: "stakeholder",
                reason: format!("the pair (member {}, stakeholder {}) appears twice", t.member, t.stakeholder),
            });
        }
    }
    Ok(())
}

/// Each stakeholder's strongest tie to any of our members (0 = none).
pub(crate) fn best_tie(ties: &[Tie], stakeholders: usize) -> Vec<f64> {
    let mut best = vec![0.0f64; stakeholders];
    for t in ties {
        best[t.stakeholder] = best[t.stakeholder].max(t.strength);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Channel, Interaction, Stakeholder, TeamMember};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn map() -> RelationshipMap {
        let mut map = RelationshipMap::new(Account::new("a", "A"));
        for id in ["s0", "s1"] {
            map.add_stakeholder(Stakeholder::new(id, id)).unwrap();
        }
        for id in ["m0", "m1"] {
            map.add_team_member(TeamMember::new(id, id)).unwrap();
        }
        map
    }

    #[test]
    fn energy_decays_saturates_and_skips_the_future() {
        let mut map = map();
        let mut i1 = Interaction::new("i1", ts("2026-01-01"), Channel::Meeting, ["m0"], ["s0", "s1"]);
        i1.initiated_by = Initiator::Them;
        i1.sentiment = Some(1.0);
        map.add_interaction(i1).unwrap();
        map.add_interaction(Interaction::new("i2", ts("2026-03-31"), Channel::Email, ["m0", "m1"], ["s1"])).unwrap();
        map.add_interaction(Interaction::new("i3", ts("2026-06-01"), Channel::Visit, ["m1"], ["s0"])).unwrap();
        let cfg = ChainConfig::default();
        let ties = interim_ties(&map, Some(ts("2026-04-01")), &cfg);
        // i1 is 90 days old: 3 × 0.5 × 1.5 × 1.5 = 3.375; i2 one day old email: 0.5 × 2^(−1/90).
        let e_i2 = 0.5 * (-1.0f64 / 90.0).exp2();
        let sat = |e: f64| 1.0 - (-e / 6.0).exp();
        let expected = [(0, 0, sat(3.375)), (0, 1, sat(3.375 + e_i2)), (1, 1, sat(e_i2))];
        assert_eq!(ties.len(), 3);
        for (t, (m, s, v)) in ties.iter().zip(expected) {
            assert_eq!((t.member, t.stakeholder), (m, s));
            assert!((t.strength - v).abs() < 1e-12, "{t:?} vs {v}");
        }
        // Default as_of = the latest item (i3), which now counts.
        let all = interim_ties(&map, None, &cfg);
        assert!(all.iter().any(|t| (t.member, t.stakeholder) == (1, 0)));
    }

    #[test]
    fn bad_ties_are_named() {
        let ok = Tie { member: 1, stakeholder: 1, strength: 1.0 };
        assert!(validate_ties(&[ok], 2, 2).is_ok());
        let cases = [
            (Tie { member: 2, ..ok }, "member"),
            (Tie { stakeholder: 5, ..ok }, "stakeholder"),
            (Tie { strength: 1.5, ..ok }, "strength"),
            (Tie { strength: f64::NAN, ..ok }, "strength"),
        ];
        for (t, field) in cases {
            let e = validate_ties(&[ok, t], 2, 2).unwrap_err();
            assert_eq!((e.code(), e.field()), ("invalid_tie", Some(field)));
        }
        let e = validate_ties(&[ok, ok], 2, 2).unwrap_err();
        assert!(e.to_string().contains("twice"), "{e}");
        assert_eq!(best_tie(&[ok, Tie { member: 0, strength: 0.4, ..ok }], 2), vec![0.0, 1.0]);
    }
}
