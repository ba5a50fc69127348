//! Moves of people between accounts, read from when we saw them where.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::identity::{Identities, PersonRef};
use crate::model::Role;
use crate::time::Timestamp;

/// A person who left one account and turned up in another: last seen in `from`
/// (interactions and evidence) before first seen in `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PersonMove {
    /// The person's key.
    pub person: String,
    /// Their name in the new account.
    pub name: String,
    /// Where they were.
    pub from: PersonRef,
    /// Where they are now.
    pub to: PersonRef,
    /// The last interaction or evidence with them in `from`.
    pub left_after: Timestamp,
    /// The first in `to`.
    pub seen_since: Timestamp,
    /// Their roles in `from` (a champion who left is a door into the new company).
    pub roles_before: Vec<Role>,
    /// Their stance toward us in `from`.
    pub stance_before: Option<f64>,
    /// Their roles in `to`.
    pub roles_after: Vec<Role>,
    /// Our strongest tie to them in `from` (earned trust composite / 100; 0 = none).
    pub our_tie: f64,
    /// The team member holding that tie.
    pub best_member: Option<String>,
}

/// Every move: for each person, their dated appearances in order of first sight;
/// a step from one to the next is a move when they were last seen in the first
/// before they were first seen in the second (overlapping appearances are a person
/// active in two accounts at once, not a move). Oldest first.
pub(crate) fn moves(ids: &Identities, tie_ends: &[(usize, usize, f64)], members: &[String]) -> Vec<PersonMove> {
    let mut out = Vec::new();
    for person in ids.persons.iter().filter(|p| p.appearances.len() > 1) {
        let mut dated: Vec<usize> =
            person.appearances.iter().copied().filter(|&a| ids.appearances[a].first_seen.is_some()).collect();
        dated.sort_by_key(|&a| (ids.appearances[a].first_seen, a));
        for w in dated.windows(2) {
            let (from, to) = (&ids.appearances[w[0]], &ids.appearances[w[1]]);
            let (Some(left), Some(seen)) = (from.last_seen, to.first_seen) else { continue };
            if left >= seen {
                continue;
            }
            let best = tie_ends.iter().filter(|t| t.1 == w[0]).max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)));
            out.push(PersonMove {
                person: person.key.clone(),
                name: to.name.clone(),
                from: from.at.clone(),
                to: to.at.clone(),
                left_after: left,
                seen_since: seen,
                roles_before: from.roles.clone(),
                stance_before: from.stance,
                roles_after: to.roles.clone(),
                our_tie: best.map_or(0.0, |t| t.2),
                best_member: best.map(|t| members[t.0].clone()),
            });
        }
    }
    out.sort_by(|a, b| a.seen_since.cmp(&b.seen_since).then_with(|| a.person.cmp(&b.person)));
    out
}
