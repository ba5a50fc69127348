//! How a sentence names a person: the one rule every reason, action and report
//! text follows (see "Names in sentences" in `docs/red-flags.md`).

use std::hash::{Hash, Hasher};

use crate::value::par::FxMap;

use super::RelationshipMap;

/// Names stakeholders and team members in sentences: by their display name; with
/// the id in parentheses when another person on the map (stakeholder or team
/// member) has the same name, so that two 王伟 stay apart (`王伟 (s3)`); by the id
/// alone when the person has no name or is not on the map. Names compare trimmed
/// and case-insensitively. Ids stay in the structured fields for programs.
pub(crate) struct PersonNames<'a> {
    map: &'a RelationshipMap,
    /// Each distinct name (as names compare) and its slot in `carriers`.
    slots: FxMap<Folded<'a>, u32>,
    /// How many people carry the name of each slot.
    carriers: Vec<u32>,
    /// The slot of each stakeholder's, then each team member's name (`NO_NAME` for none).
    slot_of: Vec<u32>,
}

const NO_NAME: u32 = u32::MAX;

/// A name as names compare: trimmed, and hashed and compared by its lower-case
/// letters, without a lower-cased copy.
#[derive(Clone, Copy)]
struct Folded<'a>(&'a str);

impl Folded<'_> {
    fn letters(&self) -> impl Iterator<Item = char> + '_ {
        self.0.chars().flat_map(char::to_lowercase)
    }
}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for c in self.letters() {
            state.write_u32(c as u32);
        }
    }
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.letters().eq(other.letters())
    }
}

impl Eq for Folded<'_> {}

/// A person's name, trimmed, or `None` when it is empty.
fn trimmed(name: &str) -> Option<&str> {
    Some(name.trim()).filter(|n| !n.is_empty())
}

impl<'a> PersonNames<'a> {
    /// The names of the map's people.
    pub(crate) fn new(map: &'a RelationshipMap) -> Self {
        let people = map.stakeholders().len() + map.team().len();
        let mut slots: FxMap<Folded<'a>, u32> = FxMap::default();
        slots.reserve(people);
        let mut carriers = Vec::new();
        let mut slot_of = Vec::with_capacity(people);
        let names =
            map.stakeholders().iter().map(|s| s.name.as_str()).chain(map.team().iter().map(|m| m.name.as_str()));
        for name in names {
            let slot = match trimmed(name) {
                Some(n) => {
                    let next = carriers.len() as u32;
                    let slot = *slots.entry(Folded(n)).or_insert(next);
                    if slot == next {
                        carriers.push(0);
                    }
                    carriers[slot as usize] += 1;
                    slot
                }
                None => NO_NAME,
            };
            slot_of.push(slot);
        }
        PersonNames { map, slots, carriers, slot_of }
    }

    /// `name` (trimmed), with the id when someone else carries it too, or the id.
    fn with_slot(&self, id: &str, name: Option<&str>, slot: u32) -> String {
        match name {
            Some(n) if self.carriers.get(slot as usize).is_some_and(|&c| c > 1) => format!("{n} ({id})"),
            Some(n) => n.to_owned(),
            None => id.to_owned(),
        }
    }

    fn shown(&self, id: &str, name: Option<&str>) -> String {
        let name = name.and_then(trimmed);
        let slot = name.and_then(|n| self.slots.get(&Folded(n)).copied()).unwrap_or(NO_NAME);
        self.with_slot(id, name, slot)
    }

    /// Every stakeholder, then every team member, in map order, as sentences name
    /// them (what [`PersonNames::person`] and [`PersonNames::member`] give for each,
    /// without looking anyone up).
    pub(crate) fn everyone(&self) -> Vec<String> {
        let stakeholders = self.map.stakeholders().iter().map(|s| (&s.id, &s.name));
        let people = stakeholders.chain(self.map.team().iter().map(|m| (&m.id, &m.name)));
        people.zip(&self.slot_of).map(|((id, name), &slot)| self.with_slot(id, trimmed(name), slot)).collect()
    }

    /// Whether `id` is a stakeholder or team member of the map.
    pub(crate) fn knows(&self, id: &str) -> bool {
        self.map.stakeholder(id).is_some() || self.map.team_member(id).is_some()
    }

    /// A stakeholder (or, failing that, a team member) as a sentence names them.
    pub(crate) fn person(&self, id: &str) -> String {
        let name = self.map.stakeholder(id).map(|s| s.name.as_str());
        self.shown(id, name.or_else(|| self.map.team_member(id).map(|m| m.name.as_str())))
    }

    /// A team member (or, failing that, a stakeholder) as a sentence names them.
    pub(crate) fn member(&self, id: &str) -> String {
        let name = self.map.team_member(id).map(|m| m.name.as_str());
        self.shown(id, name.or_else(|| self.map.stakeholder(id).map(|s| s.name.as_str())))
    }

    /// People as a sentence lists them: `赵永康, 钱伟`.
    pub(crate) fn list<S: AsRef<str>>(&self, ids: impl IntoIterator<Item = S>) -> String {
        ids.into_iter().map(|id| self.person(id.as_ref())).collect::<Vec<_>>().join(", ")
    }

    /// An opportunity as a sentence names it: its name, or its id when it has none.
    pub(crate) fn opportunity(&self, id: &str) -> String {
        match self.map.opportunities().iter().find(|o| o.id == id).map(|o| o.name.trim()) {
            Some(n) if !n.is_empty() => n.to_owned(),
            _ => id.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Stakeholder, TeamMember};

    #[test]
    fn names_people_and_tells_namesakes_apart() {
        let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
        map.add_stakeholder(Stakeholder::new("s1", "赵永康")).unwrap();
        map.add_stakeholder(Stakeholder::new("s2", "王伟")).unwrap();
        map.add_stakeholder(Stakeholder::new("s3", " 王伟 ")).unwrap();
        map.add_stakeholder(Stakeholder::new("s4", "")).unwrap();
        map.add_stakeholder(Stakeholder::new("s5", "Chen Wei")).unwrap();
        map.add_team_member(TeamMember::new("m1", "chen wei")).unwrap();
        map.add_team_member(TeamMember::new("m2", "刘洋")).unwrap();
        let names = PersonNames::new(&map);
        assert_eq!(names.person("s1"), "赵永康");
        assert_eq!(names.person("s2"), "王伟 (s2)");
        assert_eq!(names.person("s3"), "王伟 (s3)");
        assert_eq!(names.person("s4"), "s4");
        // A stakeholder and a team member with the same name are told apart too.
        assert_eq!(names.person("s5"), "Chen Wei (s5)");
        assert_eq!(names.member("m1"), "chen wei (m1)");
        assert_eq!(names.member("m2"), "刘洋");
        assert_eq!(names.person("m2"), "刘洋");
        assert_eq!(names.person("gone"), "gone");
        assert!(names.knows("m2") && !names.knows("gone"));
        assert_eq!(names.list(["s1", "s2"]), "赵永康, 王伟 (s2)");
        let one_by_one: Vec<String> = ["s1", "s2", "s3", "s4", "s5"].iter().map(|id| names.person(id)).collect();
        let members = ["m1", "m2"].iter().map(|id| names.member(id));
        assert_eq!(names.everyone(), one_by_one.into_iter().chain(members).collect::<Vec<_>>());
    }
}
