//! Relationship strength from activity, per (member, stakeholder) pair.

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{as_of, decay, ActivityConfig, ActivityLog, ObservationKind, Sides, Who};
use crate::model::{Channel, Initiator, RelationshipMap};
use crate::time::Timestamp;

/// The components of an [`ActivityStrength`], each in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StrengthComponents {
    /// `2^(−days since the last contact / half_life)`.
    pub recency: f64,
    /// `1 − e^(−Σ decay / frequency_saturation)` over the pair's interactions.
    pub frequency: f64,
    /// `min(1, 2 × share of interactions they started)`: half or more is full.
    pub reciprocity: f64,
    /// `e^(−median reply hours / response_scale_hours)`; `None` without replies from them.
    pub response: Option<f64>,
    /// `Σ channel weight / (count × largest channel weight)`: how personal the contact is.
    pub channel: f64,
}

/// How strong one (member, stakeholder) relationship is by its activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActivityStrength {
    /// The team member id.
    pub member: String,
    /// The stakeholder id.
    pub stakeholder: String,
    /// The weighted mean of the components (weights in `strength_weights`;
    /// the response weight is left out when there is no reply), in 0..=1.
    pub strength: f64,
    /// The components.
    pub components: StrengthComponents,
    /// Interactions of the pair in the map (up to the analysis date).
    pub interactions: usize,
    /// Those the stakeholder started.
    pub initiated_by_them: usize,
    /// The last one.
    pub last_contact: Timestamp,
    /// Interactions per channel.
    pub channel_mix: BTreeMap<Channel, usize>,
    /// Median hours the stakeholder took to answer the member's mail, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub their_response_hours: Option<f64>,
    /// Median hours the member took to answer the stakeholder's mail, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub our_response_hours: Option<f64>,
}

#[derive(Default)]
struct Pair {
    count: usize,
    them: usize,
    decayed: f64,
    channel_sum: f64,
    last: Timestamp,
    mix: BTreeMap<Channel, usize>,
    theirs: Vec<f64>,
    ours: Vec<f64>,
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// The strength of every (member, stakeholder) pair with at least one
/// interaction in the map up to the analysis date, strongest first.
///
/// Interactions come from the map (whatever their source); reply times from
/// the mail in the log (a reply is a message whose `in_reply_to` is a message
/// of the other side). See `docs/importing.md` for how this relates to the
/// relationship pillar of trust.
pub fn activity_strength(
    map: &RelationshipMap,
    log: &ActivityLog,
    cfg: &ActivityConfig,
) -> crate::Result<Vec<ActivityStrength>> {
    cfg.validate()?;
    let now = as_of(map, log, cfg);
    let max_weight = Channel::ALL.iter().map(|&c| cfg.channel_weights.weight(c)).fold(0.0, f64::max);
    let mut pairs: HashMap<(u32, u32), Pair> = HashMap::new();
    for (k, x) in map.interactions().iter().enumerate() {
        if x.at > now {
            continue;
        }
        let (members, stakeholders) = map.interaction_indices(k).expect("k is an interaction");
        for &m in members {
            for &s in stakeholders {
                let p = pairs.entry((m, s)).or_default();
                p.count += 1;
                p.them += usize::from(x.initiated_by == Initiator::Them);
                p.decayed += decay(now, x.at, cfg.half_life_days);
                p.channel_sum += cfg.channel_weights.weight(x.channel);
                p.last = if p.count == 1 { x.at } else { p.last.max(x.at) };
                *p.mix.entry(x.channel).or_default() += 1;
            }
        }
    }
    // Reply times from the mail log.
    let sides = Sides::new(map, cfg);
    let by_id: HashMap<&str, usize> = log.observations.iter().enumerate().map(|(i, o)| (o.id.as_str(), i)).collect();
    for o in &log.observations {
        if o.kind != ObservationKind::Message || o.at > now {
            continue;
        }
        let Some(parent) = o.in_reply_to.as_deref().and_then(|id| by_id.get(id)).map(|&i| &log.observations[i]) else {
            continue;
        };
        let (Some(a), Some(b)) = (&parent.from, &o.from) else { continue };
        let hours = o.at.days_since(parent.at) * 24.0;
        if hours < 0.0 {
            continue;
        }
        match (sides.who(&a.email), sides.who(&b.email)) {
            (Who::Member(m), Who::Stakeholder(s)) => {
                if let Some(p) = pairs.get_mut(&(m as u32, s as u32)) {
                    p.theirs.push(hours);
                }
            }
            (Who::Stakeholder(s), Who::Member(m)) => {
                if let Some(p) = pairs.get_mut(&(m as u32, s as u32)) {
                    p.ours.push(hours);
                }
            }
            _ => {}
        }
    }
    let w = cfg.strength_weights;
    let mut out: Vec<ActivityStrength> = pairs
        .into_iter()
        .map(|((m, s), mut p)| {
            let their_response_hours = median(&mut p.theirs);
            let components = StrengthComponents {
                recency: decay(now, p.last, cfg.half_life_days),
                frequency: 1.0 - (-p.decayed / cfg.frequency_saturation).exp(),
                reciprocity: (2.0 * p.them as f64 / p.count as f64).min(1.0),
                response: their_response_hours.map(|h| (-h / cfg.response_scale_hours).exp()),
                channel: if max_weight > 0.0 { p.channel_sum / (p.count as f64 * max_weight) } else { 0.0 },
            };
            let c = components;
            let (mut sum, mut total) = (
                w.recency * c.recency
                    + w.frequency * c.frequency
                    + w.reciprocity * c.reciprocity
                    + w.channel * c.channel,
                w.recency + w.frequency + w.reciprocity + w.channel,
            );
            if let Some(r) = c.response {
                sum += w.response * r;
                total += w.response;
            }
            ActivityStrength {
                member: map.team()[m as usize].id.clone(),
                stakeholder: map.stakeholders()[s as usize].id.clone(),
                strength: sum / total,
                components,
                interactions: p.count,
                initiated_by_them: p.them,
                last_contact: p.last,
                channel_mix: p.mix,
                their_response_hours,
                our_response_hours: median(&mut p.ours),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.strength.total_cmp(&a.strength).then_with(|| (&a.member, &a.stakeholder).cmp(&(&b.member, &b.stakeholder)))
    });
    Ok(out)
}
