//! How a sentence names a person: the one rule every reason, action and report
//! text follows (see "Names in sentences" in `docs/red-flags.md`).

use std::collections::HashMap;

use super::RelationshipMap;

/// Names stakeholders and team members in sentences: by their display name; with
/// the id in parentheses when another person on the map (stakeholder or team
/// member) has the same name, so that two 王伟 stay apart (`王伟 (s3)`); by the id
/// alone when the person has no name or is not on the map. Names compare trimmed
/// and case-insensitively. Ids stay in the structured fields for programs.
pub(crate) struct PersonNames<'a> {
    map: &'a RelationshipMap,
    /// How many people carry each (trimmed, lowercased) name.
    counts: HashMap<String, usize>,
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl<'a> PersonNames<'a> {
    /// The names of the map's people.
    pub(crate) fn new(map: &'a RelationshipMap) -> Self {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let names = map.stakeholders().iter().map(|s| &s.name).chain(map.team().iter().map(|m| &m.name));
        for name in names.filter(|n| !n.trim().is_empty()) {
            *counts.entry(key(name)).or_default() += 1;
        }
        PersonNames { map, counts }
    }

    fn shown(&self, id: &str, name: Option<&str>) -> String {
        match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) if self.counts.get(&key(n)).copied().unwrap_or(0) > 1 => format!("{n} ({id})"),
            Some(n) => n.to_owned(),
            None => id.to_owned(),
        }
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
    }
}
