//! Departures: contacts who seem to have left the account.

use std::collections::HashMap;

use super::{as_of, is_key, ActivityConfig, ActivityLog, ObservationKind, Sides, Who};
use crate::chain::{FlagCode, RedFlag, Severity};
use crate::model::RelationshipMap;
use crate::time::Timestamp;

/// Stakeholders who seem to have left, as red flags with the code
/// `contact_departed`, in map order:
///
/// - **bounced**: mail to one of their addresses bounced and they sent nothing
///   after the bounce (critical for a key contact, else a warning);
/// - **silent**: a key contact (by `key_contact_roles`) who has taken part in some
///   activity (an interaction in the map, or a meeting or mail in the log) but
///   in none for more than `departure_days` before the analysis date (a warning;
///   a key contact never met is a coverage gap, not a departure).
///
/// ```
/// use relmap::activity::{departures, ActivityConfig, ActivityLog, Observation, ObservationKind};
/// use relmap::model::{Account, Channel, RelationshipMap, Stakeholder};
/// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
/// map.add_stakeholder(Stakeholder::new("cfo", "Qian").with_email("qian@acme.cn"))?;
/// let bounce = Observation {
///     id: "mail:<b1@mx>".into(), at: "2026-05-01T00:00:00Z".parse().unwrap(), kind: ObservationKind::Bounce,
///     channel: Channel::Email, from: None, to: vec![], cc: vec![], in_reply_to: None,
///     failed: vec!["Qian@acme.cn".into()],
/// };
/// let flags = departures(&map, &ActivityLog { observations: vec![bounce] }, &ActivityConfig::default())?;
/// assert_eq!(flags[0].code.as_str(), "contact_departed");
/// assert_eq!(flags[0].ids, ["cfo"]);
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn departures(map: &RelationshipMap, log: &ActivityLog, cfg: &ActivityConfig) -> crate::Result<Vec<RedFlag>> {
    cfg.validate()?;
    let now = as_of(map, log, cfg);
    let sides = Sides::new(map, cfg);
    let n = map.stakeholders().len();
    let mut last_seen: Vec<Option<Timestamp>> = vec![None; n];
    let mut last_sent: Vec<Option<Timestamp>> = vec![None; n];
    let mut bounced: HashMap<usize, Timestamp> = HashMap::new();
    let see = |slot: &mut Option<Timestamp>, at: Timestamp| *slot = Some(slot.map_or(at, |t| t.max(at)));
    for (k, x) in map.interactions().iter().enumerate() {
        if x.at <= now {
            for &s in map.interaction_indices(k).expect("k is an interaction").1 {
                see(&mut last_seen[s as usize], x.at);
            }
        }
    }
    for o in log.observations.iter().filter(|o| o.at <= now) {
        if o.kind == ObservationKind::Bounce {
            for e in &o.failed {
                if let Who::Stakeholder(s) = sides.who(e) {
                    let t = bounced.entry(s).or_insert(o.at);
                    *t = (*t).max(o.at);
                }
            }
            continue;
        }
        for p in o.parties() {
            if let Who::Stakeholder(s) = sides.who(&p.email) {
                see(&mut last_seen[s], o.at);
            }
        }
        if let Some(Who::Stakeholder(s)) = o.from.as_ref().map(|p| sides.who(&p.email)) {
            see(&mut last_sent[s], o.at);
        }
    }
    let names = crate::model::PersonNames::new(map);
    let mut flags = Vec::new();
    for (i, s) in map.stakeholders().iter().enumerate() {
        let key = is_key(map, cfg, i);
        let bounce = bounced.get(&i).copied().filter(|&b| last_sent[i].is_none_or(|t| t <= b));
        if let Some(b) = bounce {
            let severity = if key { Severity::Critical } else { Severity::Warning };
            let reason =
                format!("mail to {} bounced on {} and nothing came from them since", names.person(&s.id), day(b));
            flags.push(RedFlag::new(FlagCode::ContactDeparted, severity, vec![s.id.clone()], reason));
        } else if let Some(last) = last_seen[i].filter(|_| key) {
            let days = now.days_since(last);
            if days > cfg.departure_days {
                let reason = format!(
                    "key contact {} has taken part in no activity for {:.0} days (since {})",
                    names.person(&s.id),
                    days.floor(),
                    day(last)
                );
                flags.push(RedFlag::new(FlagCode::ContactDeparted, Severity::Warning, vec![s.id.clone()], reason));
            }
        }
    }
    Ok(flags)
}

fn day(t: Timestamp) -> String {
    let (y, m, d) = t.ymd();
    format!("{y:04}-{m:02}-{d:02}")
}
