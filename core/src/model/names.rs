//! How a sentence names a person: the one rule every reason, action and report
//! text follows (see "Names in sentences" in `docs/red-flags.md`).

use super::people_index::{trimmed, NO_NAME};
use super::RelationshipMap;

/// Names stakeholders and team members in sentences: by their display name; with
/// the id in parentheses when another person on the map (stakeholder or team
/// member) has the same name, so that two 王伟 stay apart (`王伟 (s3)`); by the id
/// alone when the person has no name or is not on the map. Names compare trimmed
/// and case-insensitively. Ids stay in the structured fields for programs.
///
/// The map keeps the count of each name's carriers up to date on every edit, so
/// naming someone costs the string alone.
pub(crate) struct PersonNames<'a> {
    map: &'a RelationshipMap,
}

/// How sentences name every stakeholder, then every team member, of a map, in
/// one text: the names one after another, with where each ends.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ShownNames {
    text: String,
    ends: Vec<u32>,
}

impl ShownNames {
    /// The name of person `k` (stakeholders first, then team members).
    pub(crate) fn get(&self, k: usize) -> Option<&str> {
        let end = *self.ends.get(k)? as usize;
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        Some(&self.text[start..end])
    }
}

impl<'a> PersonNames<'a> {
    /// The names of the map's people.
    pub(crate) fn new(map: &'a RelationshipMap) -> Self {
        PersonNames { map }
    }

    /// Writes `name` (trimmed), with the id when someone else carries it too, or the id.
    fn write(&self, out: &mut String, id: &str, name: &str, slot: u32) {
        match trimmed(name) {
            Some(n) => {
                out.push_str(n);
                if slot != NO_NAME && self.map.people.shared(slot) {
                    out.push_str(" (");
                    out.push_str(id);
                    out.push(')');
                }
            }
            None => out.push_str(id),
        }
    }

    fn stakeholder_at(&self, i: usize) -> String {
        let s = &self.map.stakeholders()[i];
        let mut out = String::new();
        self.write(&mut out, &s.id, &s.name, self.map.people.stakeholder_slots[i]);
        out
    }

    fn member_at(&self, i: usize) -> String {
        let m = &self.map.team()[i];
        let mut out = String::new();
        self.write(&mut out, &m.id, &m.name, self.map.people.member_slots[i]);
        out
    }

    /// Every stakeholder, then every team member, in map order, as sentences name
    /// them (what [`PersonNames::person`] and [`PersonNames::member`] give for each,
    /// without looking anyone up), in one text.
    pub(crate) fn everyone(&self) -> ShownNames {
        let (map, people) = (self.map, &self.map.people);
        let count = map.stakeholders().len() + map.team().len();
        let bytes: usize = map.stakeholders().iter().map(|s| s.name.len()).sum::<usize>()
            + map.team().iter().map(|m| m.name.len()).sum::<usize>();
        let mut names = ShownNames { text: String::with_capacity(bytes + bytes / 8), ends: Vec::with_capacity(count) };
        let stakeholders = map.stakeholders().iter().zip(&people.stakeholder_slots).map(|(s, &k)| (&s.id, &s.name, k));
        let members = map.team().iter().zip(&people.member_slots).map(|(m, &k)| (&m.id, &m.name, k));
        for (id, name, slot) in stakeholders.chain(members) {
            self.write(&mut names.text, id, name, slot);
            names.ends.push(names.text.len() as u32);
        }
        names
    }

    /// Whether `id` is a stakeholder or team member of the map.
    pub(crate) fn knows(&self, id: &str) -> bool {
        self.map.stakeholder(id).is_some() || self.map.team_member(id).is_some()
    }

    /// A stakeholder (or, failing that, a team member) as a sentence names them.
    pub(crate) fn person(&self, id: &str) -> String {
        if let Some(i) = self.map.stakeholder_idx(id) {
            self.stakeholder_at(i)
        } else if let Some(k) = self.map.member_idx(id) {
            self.member_at(k)
        } else {
            id.to_owned()
        }
    }

    /// A team member (or, failing that, a stakeholder) as a sentence names them.
    pub(crate) fn member(&self, id: &str) -> String {
        if let Some(k) = self.map.member_idx(id) {
            self.member_at(k)
        } else if let Some(i) = self.map.stakeholder_idx(id) {
            self.stakeholder_at(i)
        } else {
            id.to_owned()
        }
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
        let everyone = names.everyone();
        let each: Vec<&str> = (0..7).map(|k| everyone.get(k).unwrap()).collect();
        assert_eq!(each, one_by_one.into_iter().chain(members).collect::<Vec<_>>());
        assert_eq!(everyone.get(7), None);
    }

    #[test]
    fn namesakes_follow_edits_and_loads() {
        let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
        map.add_stakeholder(Stakeholder::new("s1", "Wang Wei")).unwrap();
        map.add_stakeholder(Stakeholder::new("s2", "Li Na")).unwrap();
        map.add_team_member(TeamMember::new("m1", "Zhao Min")).unwrap();
        let shown = |map: &RelationshipMap| -> Vec<String> {
            let names = PersonNames::new(map);
            let everyone = names.everyone();
            let n = map.stakeholders().len() + map.team().len();
            let all: Vec<String> = (0..n).map(|k| everyone.get(k).unwrap().to_owned()).collect();
            let ids = map.stakeholders().iter().map(|s| names.person(&s.id));
            let by_id: Vec<String> = ids.chain(map.team().iter().map(|m| names.member(&m.id))).collect();
            assert_eq!(all, by_id);
            // The same as a map loaded afresh, whose indices are built in one go.
            let loaded = RelationshipMap::from_json(&map.to_json()).unwrap();
            let again = PersonNames::new(&loaded).everyone();
            assert_eq!((0..n).map(|k| again.get(k).unwrap().to_owned()).collect::<Vec<_>>(), all);
            all
        };
        assert_eq!(shown(&map), ["Wang Wei", "Li Na", "Zhao Min"]);
        // Renaming a stakeholder to a team member's name makes them namesakes...
        map.update_stakeholder(Stakeholder::new("s2", " ZHAO MIN")).unwrap();
        assert_eq!(shown(&map), ["Wang Wei", "ZHAO MIN (s2)", "Zhao Min (m1)"]);
        // ... and renaming the team member back apart.
        map.update_team_member(TeamMember::new("m1", "Wang  Wei")).unwrap();
        assert_eq!(shown(&map), ["Wang Wei", "ZHAO MIN", "Wang  Wei"]);
        map.update_team_member(TeamMember::new("m1", "wang wei")).unwrap();
        assert_eq!(shown(&map), ["Wang Wei (s1)", "ZHAO MIN", "wang wei (m1)"]);
        map.add_stakeholder(Stakeholder::new("s3", "zhao min").with_reports_to("s1")).unwrap();
        assert_eq!(shown(&map), ["Wang Wei (s1)", "ZHAO MIN (s2)", "zhao min (s3)", "wang wei (m1)"]);
        assert_eq!(map.manager_indices(), [None, None, Some(0)]);
        // A refused edit (a reporting cycle) changes nothing.
        assert!(map.update_stakeholder(Stakeholder::new("s1", "Li Na").with_reports_to("s3")).is_err());
        assert_eq!(shown(&map), ["Wang Wei (s1)", "ZHAO MIN (s2)", "zhao min (s3)", "wang wei (m1)"]);
        map.remove_stakeholder("s2").unwrap();
        assert_eq!(shown(&map), ["Wang Wei (s1)", "zhao min", "wang wei (m1)"]);
        assert_eq!(map.manager_indices(), [None, Some(0)]);
        map.update_stakeholder(Stakeholder::new("s3", "zhao min")).unwrap();
        map.update_stakeholder(Stakeholder::new("s1", "").with_reports_to("s3")).unwrap();
        assert_eq!(shown(&map), ["s1", "zhao min", "wang wei"]);
        assert_eq!(map.manager_indices(), [Some(1), None]);
    }
}
