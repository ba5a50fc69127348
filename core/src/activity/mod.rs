//! What the recorded activity says the map is missing: ghost stakeholders,
//! suggested relations, relationship strength from activity, and departures.
//!
//! The importers ([`crate::io::import`]) record what they saw in an
//! [`ActivityLog`]: each meeting (organizer and attendees), each mail (sender,
//! `To`, `Cc`, the message it answers) and each delivery-failure notice, by email
//! address, whether or not the people are on the map. Nothing else is kept: no
//! subject, no body, no location. The analyses read the log together with the
//! map:
//!
//! - [`ghost_stakeholders`]: people of the account (by [`ActivityConfig::account_domains`])
//!   seen in the activity but not on the map, ranked, with their evidence;
//! - [`suggest_relations`]: who organizes meetings for whom and who mails whom
//!   inside the account, as candidate `influences` / `informs` relations, never
//!   written to the map unless the caller [accepts](accept_relation) them;
//! - [`activity_strength`]: per (member, stakeholder) pair, recency, frequency,
//!   reciprocity, response time and channel mix, combined into a strength in 0..=1;
//! - [`departures`]: contacts whose mail bounced, or key contacts silent for
//!   [`ActivityConfig::departure_days`], as red flags with the code `contact_departed`.
//!
//! Every number is in [`ActivityConfig`]; `docs/importing.md` gives the formulas.
//!
//! ```
//! use relmap::activity::{ActivityConfig, ActivityLog, Observation, ObservationKind, Party};
//! use relmap::model::{Account, Channel, RelationshipMap, Stakeholder, TeamMember};
//!
//! let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
//! map.add_team_member(TeamMember::new("rep", "Zhao").with_email("zhao@us.example"))?;
//! map.add_stakeholder(Stakeholder::new("cio", "Liu").with_email("liu@acme.cn"))?;
//! let mut log = ActivityLog::default();
//! log.observations.push(Observation {
//!     id: "ics:kickoff".into(),
//!     at: "2026-03-02T02:00:00Z".parse().unwrap(),
//!     kind: ObservationKind::Meeting,
//!     channel: Channel::Meeting,
//!     from: Some(Party::new("zhao@us.example")),
//!     to: vec![Party::new("liu@acme.cn"), Party::named("wang.fang@acme.cn", "王芳")],
//!     cc: vec![],
//!     in_reply_to: None,
//!     failed: vec![],
//! });
//! let cfg = ActivityConfig { our_domains: vec!["us.example".into()], account_domains: vec!["acme.cn".into()], ..Default::default() };
//! let ghosts = relmap::activity::ghost_stakeholders(&map, &log, &cfg)?;
//! assert_eq!(ghosts[0].email, "wang.fang@acme.cn");
//! assert_eq!(ghosts[0].known_by, ["rep"]);
//! # Ok::<(), relmap::Error>(())
//! ```

mod config;
mod departures;
mod ghosts;
mod strength;
mod suggest;

pub use config::{ActivityConfig, StrengthWeights};
pub use departures::departures;
pub use ghosts::{accept_ghost, ghost_stakeholders, GhostStakeholder};
pub use strength::{activity_strength, ActivityStrength, StrengthComponents};
pub use suggest::{accept_relation, suggest_relations, RelationEvidence, SuggestedRelation};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{email_key, Channel, PersonRef, RelationshipMap};
use crate::time::Timestamp;

/// A person in an observation: an email address and the display name shown with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The email address, as given.
    pub email: String,
    /// The display name (`CN` of an attendee, the name in a mail header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Party {
    /// A party known by address only.
    pub fn new(email: impl Into<String>) -> Self {
        Party { email: email.into(), name: None }
    }

    /// A party with a display name.
    pub fn named(email: impl Into<String>, name: impl Into<String>) -> Self {
        Party { email: email.into(), name: Some(name.into()) }
    }
}

/// What was observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObservationKind {
    /// A calendar event: `from` organized it, `to` attended (declined attendees left out).
    Meeting,
    /// A mail: `from` sent it to `to`, copying `cc`.
    Message,
    /// A delivery-failure notice for the addresses in `failed`.
    Bounce,
}

/// One meeting, mail or bounce, by the people's email addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// The id of the interaction it became or would become (`ics:...`, `mail:...`).
    pub id: String,
    /// When (UTC).
    pub at: Timestamp,
    /// Meeting, message or bounce.
    pub kind: ObservationKind,
    /// The interaction channel it stands for.
    pub channel: Channel,
    /// The organizer or sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Party>,
    /// The attendees or `To` recipients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<Party>,
    /// The `Cc` recipients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<Party>,
    /// For a reply: the id of the observation it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    /// For a bounce: the addresses that could not be reached.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
}

impl Observation {
    /// Everyone in it: the sender or organizer first, then `to`, then `cc`.
    pub fn parties(&self) -> impl Iterator<Item = &Party> {
        self.from.iter().chain(&self.to).chain(&self.cc)
    }
}

/// Everything the importers observed, by id (a later observation with the same
/// id replaces the earlier one).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityLog {
    /// The observations, in the order they were recorded.
    pub observations: Vec<Observation>,
}

impl ActivityLog {
    /// Whether the log holds no observation.
    pub fn is_empty(&self) -> bool {
        self.observations.is_empty()
    }

    /// Adds another log's observations; one with an id already here replaces it.
    ///
    /// ```
    /// use relmap::activity::ActivityLog;
    /// let mut a = ActivityLog::default();
    /// a.merge(ActivityLog::default());
    /// assert!(a.observations.is_empty());
    /// ```
    pub fn merge(&mut self, other: ActivityLog) {
        let mut at: std::collections::HashMap<String, usize> =
            self.observations.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
        for o in other.observations {
            match at.get(&o.id) {
                Some(&i) => self.observations[i] = o,
                None => {
                    at.insert(o.id.clone(), self.observations.len());
                    self.observations.push(o);
                }
            }
        }
    }
}

/// Who an email address belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    /// A team member on the map.
    Member(usize),
    /// A stakeholder on the map.
    Stakeholder(usize),
    /// Someone of our company who is not on the map's team.
    Ours,
    /// Someone of the account who is not on the map.
    Account,
    /// Anyone else (a third party).
    Other,
}

/// A domain as compared: trimmed, without a leading `@`, lower case.
fn normalize_domain(d: &str) -> String {
    d.trim().trim_start_matches('@').to_lowercase()
}

/// Whether an address is at one of the (normalized) domains or a subdomain of one.
fn at_normalized(email: &str, domains: &[String]) -> bool {
    let Some((_, host)) = email.rsplit_once('@') else { return false };
    let lowered;
    let host = if host.is_ascii() {
        host
    } else {
        lowered = host.to_lowercase();
        lowered.as_str()
    };
    domains.iter().any(|d| {
        if d.is_empty() || host.len() < d.len() {
            return false;
        }
        let cut = host.len() - d.len();
        let tail_matches = host.get(cut..).is_some_and(|t| t.eq_ignore_ascii_case(d));
        tail_matches && (cut == 0 || host.as_bytes()[cut - 1] == b'.')
    })
}

/// Whether an address is at a domain or one of its subdomains.
#[cfg(test)]
fn at_domain(email: &str, domains: &[String]) -> bool {
    let normalized: Vec<String> = domains.iter().map(|d| normalize_domain(d)).collect();
    at_normalized(email, &normalized)
}

/// Tells whose an address is: the map's people first (by their `emails`),
/// then our domains, then the account's. Answers are cached per address as
/// written, since the same people appear again and again.
pub(crate) struct Sides<'a> {
    map: &'a RelationshipMap,
    ours: Vec<String>,
    account: Vec<String>,
    cache: std::cell::RefCell<std::collections::HashMap<String, Who>>,
}

impl<'a> Sides<'a> {
    pub fn new(map: &'a RelationshipMap, cfg: &ActivityConfig) -> Self {
        Sides {
            map,
            ours: cfg.our_domains.iter().map(|d| normalize_domain(d)).collect(),
            account: cfg.account_domains.iter().map(|d| normalize_domain(d)).collect(),
            cache: Default::default(),
        }
    }

    pub fn who(&self, email: &str) -> Who {
        if let Some(&w) = self.cache.borrow().get(email) {
            return w;
        }
        let w = match self.map.person_by_email(email) {
            Some(PersonRef::TeamMember(i)) => Who::Member(i),
            Some(PersonRef::Stakeholder(i)) => Who::Stakeholder(i),
            None if at_normalized(email, &self.ours) => Who::Ours,
            None if at_normalized(email, &self.account) => Who::Account,
            None => Who::Other,
        };
        self.cache.borrow_mut().insert(email.to_owned(), w);
        w
    }
}

/// The analysis date: the configured one, else the latest interaction or observation.
pub(crate) fn as_of(map: &RelationshipMap, log: &ActivityLog, cfg: &ActivityConfig) -> Timestamp {
    cfg.as_of.unwrap_or_else(|| {
        let latest_map = map.interactions().iter().map(|x| x.at).max();
        let latest_log = log.observations.iter().map(|o| o.at).max();
        latest_map.max(latest_log).unwrap_or_default()
    })
}

/// The decay `2^(−age/half_life)` of something `at` seen from `now` (1 for the future).
pub(crate) fn decay(now: Timestamp, at: Timestamp, half_life_days: f64) -> f64 {
    let age = now.days_since(at).max(0.0);
    (-age / half_life_days * std::f64::consts::LN_2).exp()
}

/// Whether a stakeholder is a key contact (holds one of `key_contact_roles`).
pub(crate) fn is_key(map: &RelationshipMap, cfg: &ActivityConfig, i: usize) -> bool {
    map.stakeholders()[i].roles.iter().any(|r| cfg.key_contact_roles.contains(r))
}

/// The normalized address (for grouping).
pub(crate) fn key(email: &str) -> String {
    email_key(email)
}

/// All four analyses at once, as the importers run them after a merge.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Findings {
    pub ghosts: Vec<GhostStakeholder>,
    pub suggested_relations: Vec<SuggestedRelation>,
    pub strengths: Vec<ActivityStrength>,
    pub departures: Vec<crate::chain::RedFlag>,
}

pub(crate) fn analyze(map: &RelationshipMap, log: &ActivityLog, cfg: &ActivityConfig) -> crate::Result<Findings> {
    Ok(Findings {
        ghosts: ghost_stakeholders(map, log, cfg)?,
        suggested_relations: suggest_relations(map, log, cfg)?,
        strengths: activity_strength(map, log, cfg)?,
        departures: departures(map, log, cfg)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_match_hosts_and_subdomains_only() {
        let d = vec!["acme.cn".to_owned(), "@Group.COM".to_owned()];
        assert!(at_domain("li@acme.cn", &d));
        assert!(at_domain("li@sh.ACME.cn", &d));
        assert!(at_domain("li@group.com", &d));
        assert!(!at_domain("li@notacme.cn", &d));
        assert!(!at_domain("acme.cn", &d));
    }
}
