//! Ghost stakeholders: people of the account seen in the activity but not on the map.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{as_of, decay, is_key, key, ActivityConfig, ActivityLog, ObservationKind, Sides, Who};
use crate::model::{ModelError, RelationshipMap, Stakeholder};
use crate::time::Timestamp;

/// A person of the account the activity shows but the map lacks, with the evidence.
///
/// `score = Σ channel weight × 2^(−age/half_life) × (1 + key_contact_weight × key contacts present)`
/// over the meetings and mails the person was in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GhostStakeholder {
    /// The address they were seen with (lower case).
    pub email: String,
    /// The display name seen most often with it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The ranking score (see above).
    pub score: f64,
    /// Meetings they attended or organized.
    pub meetings: usize,
    /// Mails they sent or received.
    pub messages: usize,
    /// First time seen.
    pub first_seen: Timestamp,
    /// Last time seen.
    pub last_seen: Timestamp,
    /// Our people who met or mailed them (team member ids, or addresses of
    /// colleagues not on the team), most contacts first.
    pub known_by: Vec<String>,
    /// Stakeholders on the map they were seen with, most often first.
    pub seen_with: Vec<String>,
    /// Those of `seen_with` who are key contacts.
    pub key_contacts_seen_with: Vec<String>,
    /// The most recent observations they were in (ids, newest first).
    pub evidence: Vec<String>,
}

#[derive(Default)]
struct Tally {
    names: BTreeMap<String, usize>,
    score: f64,
    meetings: usize,
    messages: usize,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
    known_by: BTreeMap<String, usize>,
    seen_with: BTreeMap<usize, usize>,
    evidence: Vec<(Timestamp, String)>,
}

fn ranked<K: Clone + Ord>(counts: &BTreeMap<K, usize>) -> Vec<K> {
    let mut v: Vec<(&K, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.into_iter().map(|(k, _)| k.clone()).collect()
}

/// The ghost stakeholders of a map given the activity, highest score first
/// (then most recently seen, then by address).
///
/// Only addresses at the account's domains count (a third party is no
/// ghost); bounces do not count. Fails with `invalid_config` for a bad config.
pub fn ghost_stakeholders(
    map: &RelationshipMap,
    log: &ActivityLog,
    cfg: &ActivityConfig,
) -> crate::Result<Vec<GhostStakeholder>> {
    cfg.validate()?;
    let now = as_of(map, log, cfg);
    let sides = Sides::new(map, cfg);
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    for o in &log.observations {
        if o.kind == ObservationKind::Bounce {
            continue;
        }
        let mut ours = Vec::new();
        let mut stakeholders = Vec::new();
        let mut ghosts = Vec::new();
        for p in o.parties() {
            match sides.who(&p.email) {
                Who::Member(i) => ours.push(map.team()[i].id.clone()),
                Who::Ours => ours.push(key(&p.email)),
                Who::Stakeholder(i) => stakeholders.push(i),
                Who::Account => ghosts.push(p),
                Who::Other => {}
            }
        }
        if ghosts.is_empty() {
            continue;
        }
        ours.sort();
        ours.dedup();
        stakeholders.sort_unstable();
        stakeholders.dedup();
        let keys = stakeholders.iter().filter(|&&i| is_key(map, cfg, i)).count();
        let weight = cfg.channel_weights.weight(o.channel)
            * decay(now, o.at, cfg.half_life_days)
            * (1.0 + cfg.key_contact_weight * keys as f64);
        let mut done = Vec::new();
        for p in ghosts {
            let k = key(&p.email);
            if done.contains(&k) {
                continue;
            }
            done.push(k.clone());
            let t = tallies.entry(k).or_default();
            if let Some(n) = &p.name {
                *t.names.entry(n.clone()).or_default() += 1;
            }
            t.score += weight;
            match o.kind {
                ObservationKind::Meeting => t.meetings += 1,
                _ => t.messages += 1,
            }
            t.first = Some(t.first.map_or(o.at, |f| f.min(o.at)));
            t.last = Some(t.last.map_or(o.at, |l| l.max(o.at)));
            for m in &ours {
                *t.known_by.entry(m.clone()).or_default() += 1;
            }
            for &s in &stakeholders {
                *t.seen_with.entry(s).or_default() += 1;
            }
            t.evidence.push((o.at, o.id.clone()));
        }
    }
    let mut out: Vec<GhostStakeholder> = tallies
        .into_iter()
        .map(|(email, mut t)| {
            t.evidence.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            t.evidence.truncate(cfg.evidence_limit);
            let seen_with = ranked(&t.seen_with);
            GhostStakeholder {
                email,
                name: ranked(&t.names).into_iter().next(),
                score: t.score,
                meetings: t.meetings,
                messages: t.messages,
                first_seen: t.first.unwrap_or_default(),
                last_seen: t.last.unwrap_or_default(),
                known_by: ranked(&t.known_by),
                key_contacts_seen_with: seen_with
                    .iter()
                    .filter(|&&i| is_key(map, cfg, i))
                    .map(|&i| map.stakeholders()[i].id.clone())
                    .collect(),
                seen_with: seen_with.iter().map(|&i| map.stakeholders()[i].id.clone()).collect(),
                evidence: t.evidence.into_iter().map(|(_, id)| id).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then(b.last_seen.cmp(&a.last_seen)).then_with(|| a.email.cmp(&b.email))
    });
    Ok(out)
}

/// Puts a ghost on the map as a stakeholder with id `id`, its name (or its
/// address when no name was seen) and its address as a contact key. The next
/// import of the same files then adds the interactions it was in.
///
/// ```
/// use relmap::activity::{accept_ghost, GhostStakeholder};
/// use relmap::model::{Account, RelationshipMap};
/// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
/// let ghost = GhostStakeholder {
///     email: "wang.fang@acme.cn".into(), name: Some("王芳".into()), score: 3.0, meetings: 1, messages: 0,
///     first_seen: Default::default(), last_seen: Default::default(), known_by: vec![], seen_with: vec![],
///     key_contacts_seen_with: vec![], evidence: vec![],
/// };
/// accept_ghost(&mut map, &ghost, "wang_fang")?;
/// assert_eq!(map.stakeholder("wang_fang").unwrap().emails, ["wang.fang@acme.cn"]);
/// # Ok::<(), relmap::model::ModelError>(())
/// ```
pub fn accept_ghost(map: &mut RelationshipMap, ghost: &GhostStakeholder, id: &str) -> Result<(), ModelError> {
    let name = ghost.name.clone().unwrap_or_else(|| ghost.email.clone());
    map.add_stakeholder(Stakeholder::new(id, name).with_email(ghost.email.clone()))
}
