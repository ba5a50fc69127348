//! Who is who across accounts: appearances of people in the portfolio's maps,
//! joined into persons by the identity rule.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{NetworkConfig, NetworkError};
use crate::model::{Portfolio, Role, Stakeholder};
use crate::time::Timestamp;

/// A key that says two stakeholders of different accounts are one person.
///
/// In JSON: `"stakeholder_id"`, `"email"`, or `{"crm_id": "salesforce"}`.
///
/// ```
/// use relmap::network::IdentityKey;
/// let keys: Vec<IdentityKey> = serde_json::from_str(r#"["email", {"crm_id": "salesforce"}]"#)?;
/// assert_eq!(keys, [IdentityKey::Email, IdentityKey::CrmId("salesforce".into())]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKey {
    /// The stakeholder id itself: use it when ids are global contact ids (one
    /// CRM contact per person across accounts), not per-account ids such as `cfo`.
    StakeholderId,
    /// Any of the stakeholder's email addresses (`emails`), compared without
    /// letter case: the same address in two accounts is one person.
    Email,
    /// The stakeholder's id in one source system (`crm_ids[source]`).
    CrmId(String),
}

impl IdentityKey {
    /// The snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            IdentityKey::StakeholderId => "stakeholder_id",
            IdentityKey::Email => "email",
            IdentityKey::CrmId(_) => "crm_id",
        }
    }

    /// The key values of a stakeholder under this rule, namespaced by the rule.
    fn values(&self, s: &Stakeholder) -> Vec<String> {
        match self {
            IdentityKey::StakeholderId => vec![format!("stakeholder_id:{}", s.id)],
            IdentityKey::Email => s.emails.iter().map(|e| format!("email:{}", crate::model::email_key(e))).collect(),
            IdentityKey::CrmId(source) => {
                s.crm_ids.get(source).map(|id| format!("crm_id:{source}:{id}")).into_iter().collect()
            }
        }
    }
}

/// A stakeholder of one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRef {
    /// The account id.
    pub account: String,
    /// The stakeholder id in that account's map.
    pub stakeholder: String,
}

impl PersonRef {
    /// A reference to `stakeholder` of `account`.
    pub fn new(account: impl Into<String>, stakeholder: impl Into<String>) -> PersonRef {
        PersonRef { account: account.into(), stakeholder: stakeholder.into() }
    }
}

impl std::fmt::Display for PersonRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.account, self.stakeholder)
    }
}

/// A person known to be the same in two accounts (e.g. a CFO who moved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SamePerson {
    /// One appearance.
    pub first: PersonRef,
    /// The other.
    pub second: PersonRef,
}

/// One person's place in one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Appearance {
    /// The account and stakeholder id.
    #[serde(flatten)]
    pub at: PersonRef,
    /// Display name there.
    pub name: String,
    /// Title there.
    pub title: Option<String>,
    /// Buying roles there.
    pub roles: Vec<Role>,
    /// Stance toward us there.
    pub stance: Option<f64>,
    /// The first interaction or evidence with them there.
    pub first_seen: Option<Timestamp>,
    /// The last.
    pub last_seen: Option<Timestamp>,
}

/// A person of the portfolio, with every account they appear in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Person {
    /// A stable key: the identity value that joined the appearances (e.g.
    /// `stakeholder_id:wang.li`), else `account/stakeholder` of the first appearance.
    pub key: String,
    /// Indices of the appearances in [`super::PortfolioNetwork::appearances`], in portfolio order.
    pub appearances: Vec<usize>,
}

/// Every appearance (accounts in portfolio order, stakeholders in map order),
/// the persons they form and each appearance's person.
pub(crate) struct Identities {
    pub appearances: Vec<Appearance>,
    /// First appearance index of each account, and one past the last.
    pub starts: Vec<usize>,
    pub persons: Vec<Person>,
    pub person_of: Vec<usize>,
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

pub(crate) fn identities(portfolio: &Portfolio, cfg: &NetworkConfig) -> Result<Identities, NetworkError> {
    let mut appearances = Vec::new();
    let mut starts = vec![0];
    let mut account_index: HashMap<&str, usize> = HashMap::new();
    for (k, map) in portfolio.maps.iter().enumerate() {
        let account = map.account().id.as_str();
        if account_index.insert(account, k).is_some() {
            return Err(NetworkError::DuplicateAccount {
                account: account.to_owned(),
                field: format!("maps[{k}].account.id"),
            });
        }
        let n = map.stakeholders().len();
        let (mut first, mut last) = (vec![None::<Timestamp>; n], vec![None::<Timestamp>; n]);
        let mut seen = |s: usize, at: Timestamp| {
            first[s] = Some(first[s].map_or(at, |f: Timestamp| f.min(at)));
            last[s] = Some(last[s].map_or(at, |l: Timestamp| l.max(at)));
        };
        for (x, i) in map.interactions().iter().enumerate() {
            let (_, people) = map.interaction_indices(x).expect("in range");
            for &s in people {
                seen(s as usize, i.at);
            }
        }
        for (e, &(_, s)) in map.evidence().iter().zip(map.evidence_indices()) {
            seen(s, e.at);
        }
        for (i, s) in map.stakeholders().iter().enumerate() {
            appearances.push(Appearance {
                at: PersonRef::new(account, &s.id),
                name: s.name.clone(),
                title: s.title.clone(),
                roles: s.roles.clone(),
                stance: s.stance,
                first_seen: first[i],
                last_seen: last[i],
            });
        }
        starts.push(appearances.len());
    }
    let locate =
        |r: &PersonRef, field: String| -> Result<usize, NetworkError> {
            let &k = account_index.get(r.account.as_str()).ok_or_else(|| NetworkError::UnknownReference {
                kind: "account",
                id: r.account.clone(),
                field: field.clone(),
            })?;
            let i = portfolio.maps[k]
                .stakeholder_idx(&r.stakeholder)
                .ok_or_else(|| NetworkError::UnknownReference { kind: "stakeholder", id: r.to_string(), field })?;
            Ok(starts[k] + i)
        };
    let mut parent: Vec<usize> = (0..appearances.len()).collect();
    // Which key or link joined each group, for errors and the person key.
    let mut joined_by: HashMap<usize, (String, String)> = HashMap::new();
    let mut union = |parent: &mut Vec<usize>, a: usize, b: usize, why: (String, String)| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            parent[hi] = lo;
            let keep = joined_by.remove(&hi);
            joined_by.entry(lo).or_insert_with(|| keep.unwrap_or(why));
        }
    };
    for (r, key) in cfg.identity.iter().enumerate() {
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (k, map) in portfolio.maps.iter().enumerate() {
            for (i, s) in map.stakeholders().iter().enumerate() {
                for v in key.values(s) {
                    let me = starts[k] + i;
                    match owner.get(&v) {
                        Some(&other) => union(&mut parent, other, me, (v.clone(), format!("identity[{r}]"))),
                        None => {
                            owner.insert(v, me);
                        }
                    }
                }
            }
        }
    }
    for (l, link) in cfg.links.iter().enumerate() {
        let a = locate(&link.first, format!("links[{l}].first"))?;
        let b = locate(&link.second, format!("links[{l}].second"))?;
        let first = &appearances[a.min(b)].at;
        union(&mut parent, a, b, (first.to_string(), format!("links[{l}]")));
    }
    let mut persons: Vec<Person> = Vec::new();
    let mut person_of = vec![usize::MAX; appearances.len()];
    let mut of_root: HashMap<usize, usize> = HashMap::new();
    for a in 0..appearances.len() {
        let root = find(&mut parent, a);
        let p = *of_root.entry(root).or_insert_with(|| {
            let key = joined_by.get(&root).map_or_else(|| appearances[a].at.to_string(), |(k, _)| k.clone());
            persons.push(Person { key, appearances: Vec::new() });
            persons.len() - 1
        });
        if let Some(&other) =
            persons[p].appearances.iter().find(|&&o| appearances[o].at.account == appearances[a].at.account)
        {
            return Err(NetworkError::AmbiguousIdentity {
                account: appearances[a].at.account.clone(),
                first: appearances[other].at.stakeholder.clone(),
                second: appearances[a].at.stakeholder.clone(),
                field: joined_by.get(&root).map_or_else(|| "identity".to_owned(), |(_, f)| f.clone()),
            });
        }
        persons[p].appearances.push(a);
        person_of[a] = p;
    }
    Ok(Identities { appearances, starts, persons, person_of })
}
