//! The history as data: each person's prejudice, each snapshot's heard stances
//! split into explicit and org-chart parts, and the observed stance moves.

use std::collections::HashMap;

use super::{FitConfig, HistoryError, Snapshot};
use crate::chain::graph::{influence_edges, Interned};
use crate::chain::ChainConfig;
use crate::model::RelationshipMap;

/// What one listener heard at one snapshot, from speakers with a known stance:
/// h(ρ) = (ρ·Aₑ + Aₒ) / (ρ·Bₑ + Bₒ), where e are the explicit `influences`
/// relations (strengths scaled by ρ) and o the implied org-chart edges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Heard {
    pub ae: f64,
    pub be: f64,
    pub ao: f64,
    pub bo: f64,
}

impl Heard {
    /// The weighted mean stance heard, with explicit strengths scaled by `rho`.
    pub fn at(&self, rho: f64) -> f64 {
        (rho * self.ae + self.ao) / (rho * self.be + self.bo)
    }

    /// d h / d ln ρ.
    pub fn slope(&self, rho: f64) -> f64 {
        let d = rho * self.be + self.bo;
        rho * (self.ae * self.bo - self.ao * self.be) / (d * d)
    }
}

/// For every stakeholder of a map, their speakers as (speaker, strength, explicit),
/// after the chain's merge rule: an explicit relation replaces the implied org-chart
/// edge between the same pair, and among equals the strongest wins.
pub(crate) fn speakers(map: &RelationshipMap, cfg: &ChainConfig) -> Vec<Vec<(usize, f64, bool)>> {
    let Interned { ends, managers } = Interned::new(map);
    let mut merged: HashMap<(u32, u32), (f64, bool)> = HashMap::new();
    for e in influence_edges(map, &ends, managers, cfg) {
        let slot = merged.entry((e.row, e.col)).or_insert((e.w, e.explicit));
        if (e.explicit && !slot.1) || (e.explicit == slot.1 && e.w > slot.0) {
            *slot = (e.w, e.explicit);
        }
    }
    let mut out = vec![Vec::new(); map.stakeholders().len()];
    for ((row, col), (w, explicit)) in merged {
        out[row as usize].push((col as usize, w, explicit));
    }
    for list in &mut out {
        list.sort_by_key(|s| s.0);
    }
    out
}

/// What listener `i` of `map` heard from speakers whose stance `known` gives (`None` if no such speaker).
pub(crate) fn heard(speakers: &[(usize, f64, bool)], known: impl Fn(usize) -> Option<f64>) -> Option<Heard> {
    let mut h = Heard { ae: 0.0, be: 0.0, ao: 0.0, bo: 0.0 };
    for &(j, w, explicit) in speakers {
        if let Some(x) = known(j) {
            if explicit {
                h.ae += w * x;
                h.be += w;
            } else {
                h.ao += w * x;
                h.bo += w;
            }
        }
    }
    (h.be + h.bo > 0.0).then_some(h)
}

/// One observed move: person `person` went from snapshot `t` to `t + 1` after hearing `heard`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Observation {
    pub person: usize,
    pub t: usize,
    /// x(t + 1) − x⁰ on the normalized scale (stance / 5).
    pub y: f64,
    /// The prejudice x⁰.
    pub x0: f64,
    pub heard: Heard,
}

impl Observation {
    /// z(ρ) = h(ρ) − x⁰: how far what was heard lies from the prejudice.
    pub fn z(&self, rho: f64) -> f64 {
        self.heard.at(rho) - self.x0
    }
}

/// The history laid out for fitting.
pub(crate) struct History {
    /// Everyone in any snapshot, in order of first appearance.
    pub ids: Vec<String>,
    pub index: HashMap<String, usize>,
    /// Each person's prejudice x⁰ (normalized): their first known stance.
    pub prejudice: Vec<Option<f64>>,
    /// The usable observations, by person then time.
    pub observations: Vec<Observation>,
}

/// Checks the snapshots (order, one account) and lays the history out.
pub(crate) fn history(snapshots: &[Snapshot<'_>], cfg: &FitConfig) -> Result<History, HistoryError> {
    for (k, w) in snapshots.windows(2).enumerate() {
        if w[1].at <= w[0].at {
            return Err(HistoryError::OutOfOrder {
                at: w[1].at,
                previous: w[0].at,
                field: format!("snapshots[{}].at", k + 1),
            });
        }
    }
    if let Some(first) = snapshots.first() {
        let account = &first.map.account().id;
        if let Some((k, s)) = snapshots.iter().enumerate().find(|(_, s)| &s.map.account().id != account) {
            return Err(HistoryError::AccountMismatch {
                expected: account.clone(),
                found: s.map.account().id.clone(),
                field: format!("snapshots[{k}].account.id"),
            });
        }
    }
    let mut ids: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for s in snapshots {
        for p in s.map.stakeholders() {
            if !index.contains_key(&p.id) {
                index.insert(p.id.clone(), ids.len());
                ids.push(p.id.clone());
            }
        }
    }
    // known[t][i]: person i's normalized stance at snapshot t.
    let known: Vec<Vec<Option<f64>>> = snapshots
        .iter()
        .map(|s| ids.iter().map(|id| s.map.stakeholder(id).and_then(|p| p.stance).map(|v| v / 5.0)).collect())
        .collect();
    let mut prejudice = vec![None; ids.len()];
    let mut since = vec![usize::MAX; ids.len()];
    for (t, row) in known.iter().enumerate() {
        for (i, x) in row.iter().enumerate() {
            if prejudice[i].is_none() && x.is_some() {
                prejudice[i] = *x;
                since[i] = t;
            }
        }
    }
    let changed = (0..ids.len()).any(|i| known.iter().any(|row| row[i].is_some_and(|x| Some(x) != prejudice[i])));
    if snapshots.len() >= 2 && !changed {
        return Err(HistoryError::NoStanceChange);
    }
    let mut observations = Vec::new();
    for (t, s) in snapshots.iter().enumerate().take(snapshots.len().saturating_sub(1)) {
        let heard_lists = speakers(s.map, &cfg.chain);
        let global: Vec<usize> = s.map.stakeholders().iter().map(|p| index[&p.id]).collect();
        for (local, list) in heard_lists.iter().enumerate() {
            let i = global[local];
            let (Some(x0), Some(next)) = (prejudice[i], known[t + 1][i]) else { continue };
            if t < since[i] {
                continue;
            }
            if let Some(h) = heard(list, |j| known[t][global[j]]) {
                observations.push(Observation { person: i, t, y: next - x0, x0, heard: h });
            }
        }
    }
    observations.sort_by_key(|o| (o.person, o.t));
    Ok(History { ids, index, prejudice, observations })
}
