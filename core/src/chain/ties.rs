//! Our relationships: the strength of each (team member, stakeholder) tie.
//!
//! They come from the trust pillars ([`trust_ties`]: earned composite / 100), or from
//! the caller ([`RelationshipMap::decision_chain_with_ties`]).

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ChainConfig, ChainError};
use crate::model::RelationshipMap;
use crate::par::FxHasher;
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

impl RelationshipMap {
    /// The date an analysis runs at: the one given, else the map's
    /// [`latest_dated_item`], else now ([`Timestamp::now`]). Trust, the churn
    /// signals and the bindings' default `as_of` follow this rule.
    ///
    /// ```
    /// use relmap::model::{Account, RelationshipMap};
    /// use relmap::time::Timestamp;
    /// let map = RelationshipMap::new(Account::new("a", "A"));
    /// let day: Timestamp = "2026-03-01".parse().unwrap();
    /// assert_eq!(map.analysis_date(Some(day)), day);
    /// assert!(map.analysis_date(None) > day); // nothing dated: now
    /// ```
    pub fn analysis_date(&self, given: Option<Timestamp>) -> Timestamp {
        given.or_else(|| latest_dated_item(self)).unwrap_or_else(Timestamp::now)
    }
}

/// Our relationship ties from the trust pillars: every (member, stakeholder)
/// pair with trust evidence at or before `as_of` weighs its earned composite / 100
/// (`map.trust(&cfg.trust, as_of)?.ties()`). `as_of = None` means
/// [`latest_dated_item`]; a map with nothing dated has no ties. Sorted by
/// stakeholder, then member.
///
/// ```
/// use relmap::chain::{trust_ties, ChainConfig};
/// use relmap::model::{Account, Channel, Interaction, RelationshipMap, Stakeholder, TeamMember};
/// use relmap::trust::TrustConfig;
/// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
/// map.add_stakeholder(Stakeholder::new("cio", "Liu"))?;
/// map.add_team_member(TeamMember::new("rep", "Zhao"))?;
/// let day = "2026-03-01".parse().unwrap();
/// map.add_interaction(Interaction::new("i1", day, Channel::Visit, ["rep"], ["cio"]))?;
/// let ties = trust_ties(&map, &ChainConfig::default(), None)?;
/// let earned = map.trust(&TrustConfig::default(), day)?.score("cio").unwrap().earned;
/// assert_eq!((ties[0].member, ties[0].stakeholder), (0, 0));
/// // One visit earns an acquaintance: the tie stops at 40 / 100.
/// assert_eq!(ties[0].strength, earned / 100.0);
/// assert_eq!(ties[0].strength, 0.4);
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn trust_ties(map: &RelationshipMap, cfg: &ChainConfig, as_of: Option<Timestamp>) -> crate::Result<Vec<Tie>> {
    cfg.trust.validate()?;
    let Some(as_of) = as_of.or_else(|| latest_dated_item(map)) else {
        return Ok(Vec::new());
    };
    Ok(map
        .trust_ties_only(&cfg.trust, as_of)
        .into_iter()
        .map(|(member, stakeholder, strength)| Tie { member, stakeholder, strength })
        .collect())
}

/// Checks caller-supplied ties: indices in range, strength in [0, 1], no pair twice.
pub(crate) fn validate_ties(ties: &[Tie], members: usize, stakeholders: usize) -> Result<(), ChainError> {
    let mut seen: HashSet<(usize, usize), BuildHasherDefault<FxHasher>> =
        HashSet::with_capacity_and_hasher(ties.len(), BuildHasherDefault::default());
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
    fn trust_ties_follow_the_trust_report_and_as_of() {
        let mut map = map();
        assert!(trust_ties(&map, &ChainConfig::default(), None).unwrap().is_empty(), "nothing dated, no ties");
        map.add_interaction(Interaction::new("i1", ts("2026-01-01"), Channel::Meeting, ["m0"], ["s0", "s1"])).unwrap();
        map.add_interaction(Interaction::new("i2", ts("2026-03-31"), Channel::Email, ["m1"], ["s1"])).unwrap();
        let cfg = ChainConfig::default();
        let early = trust_ties(&map, &cfg, Some(ts("2026-02-01"))).unwrap();
        let pairs: Vec<(usize, usize)> = early.iter().map(|t| (t.member, t.stakeholder)).collect();
        assert_eq!(pairs, [(0, 0), (0, 1)], "i2 lies after as_of");
        let report = map.trust(&cfg.trust, ts("2026-02-01")).unwrap();
        assert_eq!(early[0].strength, report.pair("m0", "s0").unwrap().earned / 100.0);
        // Default as_of = the latest item (i2), which now counts.
        let all = trust_ties(&map, &cfg, None).unwrap();
        assert_eq!(all.iter().map(|t| (t.member, t.stakeholder)).collect::<Vec<_>>(), [(0, 0), (0, 1), (1, 1)]);
        assert!(all.iter().all(|t| t.strength > 0.0 && t.strength <= 1.0));
        let bad = ChainConfig { trust: crate::trust::TrustConfig { half_life_days: 0.0, ..Default::default() }, ..cfg };
        assert_eq!(trust_ties(&map, &bad, None).unwrap_err().field(), Some("half_life_days"));
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
