//! What a map keeps about its people beside the entities, updated on every edit
//! (as the other indices in `index` are), so that the analyses read it instead of
//! working it out on every run: each stakeholder's manager, and how many people
//! carry each display name (for the names-in-sentences rule, [`super::PersonNames`]).

use std::collections::HashMap;

use super::{Stakeholder, TeamMember};
use crate::par::FxMap;

/// No name: an empty (or blank) display name.
pub(super) const NO_NAME: u32 = u32::MAX;

/// The people indices of a map (see the module docs).
#[derive(Debug, Clone, Default)]
pub(super) struct PeopleIndex {
    /// The dense index of each stakeholder's manager.
    pub(super) managers: Vec<Option<usize>>,
    /// Each distinct display name, as names compare (trimmed, its letters lower-cased),
    /// and its slot in `carriers`.
    slots: FxMap<String, u32>,
    /// How many people (stakeholders and team members) carry the name of each slot.
    /// A slot nobody carries any more stays, with 0, until the next rebuild.
    pub(super) carriers: Vec<u32>,
    /// The slot of each stakeholder's name (`NO_NAME` for none).
    pub(super) stakeholder_slots: Vec<u32>,
    /// The slot of each team member's name (`NO_NAME` for none).
    pub(super) member_slots: Vec<u32>,
}

/// The indices follow from the entities, which the map's equality compares; slot
/// numbers depend on the order of the edits, so they are not compared.
impl PartialEq for PeopleIndex {
    fn eq(&self, other: &Self) -> bool {
        self.managers == other.managers
    }
}

/// A person's name, trimmed, or `None` when it is empty.
pub(super) fn trimmed(name: &str) -> Option<&str> {
    Some(name.trim()).filter(|n| !n.is_empty())
}

/// A name as names compare: its letters lower-cased.
fn folded(name: &str) -> String {
    name.chars().flat_map(char::to_lowercase).collect()
}

impl PeopleIndex {
    /// The indices of these people, built from scratch.
    pub(super) fn build(
        stakeholders: &[Stakeholder],
        team: &[TeamMember],
        stakeholder_index: &HashMap<String, usize>,
    ) -> PeopleIndex {
        let mut index =
            PeopleIndex { managers: manager_indices(stakeholders, stakeholder_index), ..PeopleIndex::default() };
        index.slots.reserve(stakeholders.len() + team.len());
        index.stakeholder_slots = stakeholders.iter().map(|s| index.carry(&s.name)).collect();
        index.member_slots = team.iter().map(|m| index.carry(&m.name)).collect();
        index
    }

    /// Counts one more carrier of `name`; returns its slot.
    fn carry(&mut self, name: &str) -> u32 {
        let Some(name) = trimmed(name) else { return NO_NAME };
        let next = self.carriers.len() as u32;
        let slot = *self.slots.entry(folded(name)).or_insert(next);
        if slot == next {
            self.carriers.push(0);
        }
        self.carriers[slot as usize] += 1;
        slot
    }

    /// Counts one carrier fewer of the name in `slot`.
    fn drop_carrier(&mut self, slot: u32) {
        if let Some(c) = self.carriers.get_mut(slot as usize) {
            *c -= 1;
        }
    }

    /// A stakeholder was added at the end of the list.
    pub(super) fn push_stakeholder(&mut self, s: &Stakeholder, stakeholder_index: &HashMap<String, usize>) {
        self.managers.push(manager_of(s, stakeholder_index));
        let slot = self.carry(&s.name);
        self.stakeholder_slots.push(slot);
    }

    /// Stakeholder `i` was replaced by `s` (same id).
    pub(super) fn set_stakeholder(&mut self, i: usize, s: &Stakeholder, stakeholder_index: &HashMap<String, usize>) {
        self.managers[i] = manager_of(s, stakeholder_index);
        self.drop_carrier(self.stakeholder_slots[i]);
        self.stakeholder_slots[i] = self.carry(&s.name);
    }

    /// A team member was added at the end of the team.
    pub(super) fn push_member(&mut self, m: &TeamMember) {
        let slot = self.carry(&m.name);
        self.member_slots.push(slot);
    }

    /// Team member `i` was replaced by `m` (same id).
    pub(super) fn set_member(&mut self, i: usize, m: &TeamMember) {
        self.drop_carrier(self.member_slots[i]);
        self.member_slots[i] = self.carry(&m.name);
    }

    /// Whether someone else carries the name of `slot` too.
    pub(super) fn shared(&self, slot: u32) -> bool {
        self.carriers.get(slot as usize).is_some_and(|&c| c > 1)
    }
}

/// The dense index of each stakeholder's manager, worked out from the entities.
pub(super) fn manager_indices(
    stakeholders: &[Stakeholder],
    stakeholder_index: &HashMap<String, usize>,
) -> Vec<Option<usize>> {
    stakeholders.iter().map(|s| manager_of(s, stakeholder_index)).collect()
}

/// The dense index of one stakeholder's manager.
fn manager_of(s: &Stakeholder, stakeholder_index: &HashMap<String, usize>) -> Option<usize> {
    s.reports_to.as_deref().map(|m| stakeholder_index[m])
}
