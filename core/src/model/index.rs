//! The dense indices a map keeps beside its entities: the interned ids, the
//! (source, target) of each relation, the parties of each interaction and the
//! (member, stakeholder) of each evidence item. Internal: the analyses read
//! them, users read ids.

use std::collections::HashMap;

use super::contacts::{Keys, PersonRef};
use super::people_index::PeopleIndex;
use super::{Channel, Initiator, Interaction, RelationshipMap, Stakeholder, TeamMember};

impl RelationshipMap {
    /// The dense (source, target) stakeholder indices of each relation, parallel to [`Self::relations`].
    pub(crate) fn relation_indices(&self) -> &[(usize, usize)] {
        &self.relation_ends
    }

    /// The dense team-member and stakeholder indices of interaction `k`
    /// (parallel to its `members` and `stakeholders`); `None` past the end.
    pub(crate) fn interaction_indices(&self, k: usize) -> Option<(&[u32], &[u32])> {
        let x = self.interactions.get(k)?;
        Some(self.parties.row(k).split_at(x.members.len()))
    }

    /// The columns of the interactions that trust scoring reads.
    pub(crate) fn interaction_columns(&self) -> InteractionColumns<'_> {
        let p = &self.parties;
        InteractionColumns {
            starts: &p.starts,
            splits: &p.splits,
            parties: &p.indices,
            at: &p.at,
            sentiment: &p.sentiment,
            class: &p.class,
        }
    }

    /// The dense (team member, stakeholder) indices of each evidence item, parallel to [`Self::evidence`].
    pub(crate) fn evidence_indices(&self) -> &[(usize, usize)] {
        &self.evidence_ends
    }

    /// Rebuilds every index from the entities (after a removal shifts positions).
    pub(super) fn rebuild_indices(&mut self) {
        self.stakeholder_index = self.stakeholders.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        self.member_index = self.team.iter().enumerate().map(|(i, m)| (m.id.clone(), i)).collect();
        let idx = &self.stakeholder_index;
        self.relation_ends = self.relations.iter().map(|r| (idx[&r.source], idx[&r.target])).collect();
        self.relation_keys =
            self.relations.iter().zip(&self.relation_ends).map(|(r, &(s, t))| (s, t, r.kind)).collect();
        let (members, stakeholders) = (&self.member_index, &self.stakeholder_index);
        self.parties = Parties::default();
        for x in &self.interactions {
            self.parties.push(x, members, stakeholders);
        }
        self.evidence_ends = self.evidence.iter().map(|e| (members[&e.member], stakeholders[&e.stakeholder])).collect();
        self.contacts.clear();
        for (i, m) in self.team.iter().enumerate() {
            self.contacts.insert(PersonRef::TeamMember(i), keys_of_member(m));
        }
        for (i, s) in self.stakeholders.iter().enumerate() {
            self.contacts.insert(PersonRef::Stakeholder(i), keys_of_stakeholder(s));
        }
        self.people = PeopleIndex::build(&self.stakeholders, &self.team, &self.stakeholder_index);
    }
}

/// The dense member then stakeholder indices of each interaction, in compressed
/// rows: interaction `k` owns `indices[starts[k]..starts[k + 1]]`; beside them,
/// the few fields of each interaction that trust scoring reads, in columns (so
/// that its pass over the interactions reads about 30 bytes of each, not the
/// whole record).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Parties {
    pub(super) starts: Vec<u32>,
    indices: Vec<u32>,
    /// Where each interaction's stakeholders start in `indices`.
    splits: Vec<u32>,
    /// Each interaction's time (seconds).
    at: Vec<i64>,
    /// Each interaction's sentiment, 0 when not recorded.
    sentiment: Vec<f64>,
    /// Each interaction's [`weight_class`].
    class: Vec<u8>,
}

impl Default for Parties {
    fn default() -> Self {
        Parties {
            starts: vec![0],
            indices: Vec::new(),
            splits: Vec::new(),
            at: Vec::new(),
            sentiment: Vec::new(),
            class: Vec::new(),
        }
    }
}

/// The class of an interaction's weight before sentiment: its channel and who
/// initiated it, as `channel · 2 + (1 if they initiated it)`, below 16.
pub(crate) fn weight_class(channel: Channel, initiated_by: Initiator) -> usize {
    channel as usize * 2 + usize::from(initiated_by == Initiator::Them)
}

const _: () = assert!(2 * Channel::ALL.len() <= 16, "weight classes fit in 4 bits");

/// The columns of a map's interactions that trust scoring reads, each parallel
/// to [`RelationshipMap::interactions`] (`starts` has one more entry).
#[derive(Debug, Clone, Copy)]
pub(crate) struct InteractionColumns<'a> {
    /// Interaction `k`'s member indices are `parties[starts[k]..splits[k]]`,
    /// its stakeholder indices `parties[splits[k]..starts[k + 1]]`.
    pub starts: &'a [u32],
    pub splits: &'a [u32],
    pub parties: &'a [u32],
    /// Times (seconds).
    pub at: &'a [i64],
    /// Sentiments, 0 when not recorded.
    pub sentiment: &'a [f64],
    /// [`weight_class`]es.
    pub class: &'a [u8],
}

impl Parties {
    /// Makes room for `additional` more interactions.
    pub(super) fn reserve(&mut self, additional: usize) {
        self.starts.reserve(additional);
        self.splits.reserve(additional);
        self.at.reserve(additional);
        self.sentiment.reserve(additional);
        self.class.reserve(additional);
    }

    /// Appends the indices of a valid interaction's parties, and its columns.
    pub(super) fn push(
        &mut self,
        x: &Interaction,
        members: &HashMap<String, usize>,
        stakeholders: &HashMap<String, usize>,
    ) {
        self.indices.extend(x.members.iter().map(|m| members[m] as u32));
        self.splits.push(self.indices.len() as u32);
        self.indices.extend(x.stakeholders.iter().map(|s| stakeholders[s] as u32));
        self.starts.push(self.indices.len() as u32);
        self.at.push(x.at.0);
        self.sentiment.push(x.sentiment.unwrap_or(0.0));
        self.class.push(weight_class(x.channel, x.initiated_by) as u8);
    }

    fn row(&self, k: usize) -> &[u32] {
        &self.indices[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

/// A stakeholder's contact keys (email addresses, source-system ids).
pub(super) fn keys_of_stakeholder(s: &Stakeholder) -> Keys<'_> {
    Keys { emails: &s.emails, crm_ids: &s.crm_ids }
}

/// A team member's contact keys.
pub(super) fn keys_of_member(m: &TeamMember) -> Keys<'_> {
    Keys { emails: &m.emails, crm_ids: &m.crm_ids }
}

#[cfg(test)]
mod tests {
    use crate::model::{
        Account, Channel, Evidence, EvidenceKind, Interaction, Relation, RelationKind, RelationshipMap, Stakeholder,
        TeamMember,
    };

    /// The indices the map keeps match what its ids resolve to now.
    fn assert_indices(map: &RelationshipMap) {
        let idx = |id: &str| map.stakeholder_idx(id).unwrap();
        let relations: Vec<(usize, usize)> = map.relations().iter().map(|r| (idx(&r.source), idx(&r.target))).collect();
        assert_eq!(map.relation_indices(), &relations[..]);
        for (k, x) in map.interactions().iter().enumerate() {
            let members: Vec<u32> = x.members.iter().map(|m| map.member_idx(m).unwrap() as u32).collect();
            let stakeholders: Vec<u32> = x.stakeholders.iter().map(|s| idx(s) as u32).collect();
            assert_eq!(map.interaction_indices(k), Some((&members[..], &stakeholders[..])), "interaction {k}");
        }
        assert_eq!(map.interaction_indices(map.interactions().len()), None);
        let c = map.interaction_columns();
        assert_eq!(c.starts.len(), map.interactions().len() + 1);
        for (k, x) in map.interactions().iter().enumerate() {
            let (members, stakeholders) = map.interaction_indices(k).unwrap();
            assert_eq!(&c.parties[c.starts[k] as usize..c.splits[k] as usize], members, "interaction {k}");
            assert_eq!(&c.parties[c.splits[k] as usize..c.starts[k + 1] as usize], stakeholders, "interaction {k}");
            assert_eq!((c.at[k], c.sentiment[k]), (x.at.0, x.sentiment.unwrap_or(0.0)), "interaction {k}");
            assert_eq!(c.class[k] as usize, super::weight_class(x.channel, x.initiated_by), "interaction {k}");
        }
        let evidence: Vec<(usize, usize)> =
            map.evidence().iter().map(|e| (map.member_idx(&e.member).unwrap(), idx(&e.stakeholder))).collect();
        assert_eq!(map.evidence_indices(), &evidence[..]);
    }

    #[test]
    fn indices_follow_loads_edits_refusals_and_removals() {
        let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
        for id in ["temp", "ceo", "cio", "it"] {
            map.add_stakeholder(Stakeholder::new(id, id)).unwrap();
        }
        map.add_team_member(TeamMember::new("rep", "Rep")).unwrap();
        map.add_team_member(TeamMember::new("se", "SE")).unwrap();
        map.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.7)).unwrap();
        map.add_relation(Relation::new("it", "cio", RelationKind::Ally, 0.5)).unwrap();
        let at = "2026-03-02".parse().unwrap();
        map.add_interaction(Interaction::new("i1", at, Channel::Visit, ["rep"], ["cio", "it"])).unwrap();
        let signal = EvidenceKind::ExpertiseSignal { positive: true, description: None };
        let evidence = Evidence { id: "e1".into(), at, member: "se".into(), stakeholder: "it".into(), kind: signal };
        map.add_evidence(evidence).unwrap();
        assert_indices(&map);
        assert_eq!(map.interaction_indices(0), Some((&[0][..], &[2, 3][..])));

        // Refused additions leave no trace in the indices.
        assert!(map.add_interaction(Interaction::new("i2", at, Channel::Email, ["rep"], ["ghost"])).is_err());
        assert!(map.add_interaction(Interaction::new("i1", at, Channel::Email, ["rep"], ["cio"])).is_err());
        assert!(map.add_relation(Relation::new("cio", "ghost", RelationKind::Ally, 0.5)).is_err());
        assert_indices(&map);

        // Removing the first stakeholder shifts everyone else.
        map.remove_stakeholder("temp").unwrap();
        assert_indices(&map);
        assert_eq!(map.interaction_indices(0), Some((&[0][..], &[1, 2][..])));
        map.remove_relation("cio", "ceo", RelationKind::Influences).unwrap();
        map.add_interaction(Interaction::new("i3", at, Channel::Meeting, ["se", "rep"], ["it", "ceo"])).unwrap();
        map.add_relation(Relation::new("ceo", "it", RelationKind::Influences, 0.4)).unwrap();
        assert_indices(&map);
        assert_eq!(map.interaction_indices(1), Some((&[1, 0][..], &[2, 0][..])));
        let back = RelationshipMap::from_json(&map.to_json()).unwrap();
        assert_indices(&back);
        assert_eq!(back, map);
    }
}
