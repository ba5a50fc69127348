//! The dense indices a map keeps beside its entities: the interned ids, the
//! (source, target) of each relation, the parties of each interaction and the
//! (member, stakeholder) of each evidence item. Internal: the analyses read
//! them, users read ids.

use std::collections::HashMap;

use super::contacts::{Keys, PersonRef};
use super::{Interaction, RelationshipMap, Stakeholder, TeamMember};

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

    /// The dense parties of every interaction in compressed rows, `(starts, indices)`:
    /// interaction `k`'s member indices then stakeholder indices are
    /// `indices[starts[k]..starts[k + 1]]`, its first `members.len()` the members.
    pub(crate) fn interaction_parties(&self) -> (&[u32], &[u32]) {
        (&self.parties.starts, &self.parties.indices)
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
    }
}

/// The dense member then stakeholder indices of each interaction, in compressed
/// rows: interaction `k` owns `indices[starts[k]..starts[k + 1]]`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Parties {
    pub(super) starts: Vec<u32>,
    indices: Vec<u32>,
}

impl Default for Parties {
    fn default() -> Self {
        Parties { starts: vec![0], indices: Vec::new() }
    }
}

impl Parties {
    /// Appends the indices of a valid interaction's parties.
    pub(super) fn push(
        &mut self,
        x: &Interaction,
        members: &HashMap<String, usize>,
        stakeholders: &HashMap<String, usize>,
    ) {
        let indices = x.members.iter().map(|m| members[m]).chain(x.stakeholders.iter().map(|s| stakeholders[s]));
        self.indices.extend(indices.map(|i| i as u32));
        self.starts.push(self.indices.len() as u32);
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
