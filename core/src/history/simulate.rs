//! Histories simulated from the Friedkin–Johnsen step, for what-if studies and tests.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::data::{heard, speakers};
use super::HistoryError;
use crate::chain::ChainConfig;
use crate::model::RelationshipMap;
use crate::time::Timestamp;

/// How to simulate a history (see [`simulate`]).
///
/// ```
/// use relmap::history::SimulationConfig;
/// let cfg = SimulationConfig { steps: 6, noise: 0.1, seed: 7, ..Default::default() };
/// assert_eq!(cfg.interval_days, 30);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SimulationConfig {
    /// Influence steps after the starting map (default 5).
    pub steps: usize,
    /// Standard deviation of the noise added to every stance at every step, in
    /// stance points on the −5..+5 scale (default 0: the exact dynamics).
    pub noise: f64,
    /// Seed of the noise (default 1); the same seed gives the same history.
    pub seed: u64,
    /// Days between snapshots (default 30).
    pub interval_days: i64,
    /// The date of the starting map (default 2026-01-01).
    pub start: Timestamp,
    /// The influence model (W from the map's relations and org chart, default openness).
    pub chain: ChainConfig,
}

impl Default for SimulationConfig {
    fn default() -> Self {
        SimulationConfig {
            steps: 5,
            noise: 0.0,
            seed: 1,
            interval_days: 30,
            start: Timestamp::from_ymd(2026, 1, 1).expect("a valid date"),
            chain: ChainConfig::default(),
        }
    }
}

/// SplitMix64: a small, fast, well-mixed generator; enough for simulation noise.
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// A history of `steps + 1` snapshots starting from `map`: at each step every
/// stakeholder with a known stance moves to
/// x(t+1) = λ·h(t) + (1 − λ)·x⁰ + ε, with x⁰ the starting stance, h(t) the mean
/// stance of their speakers (weights W from the map, speakers with a known
/// stance only), λ their openness (explicit, else the default; 0 for anyone
/// nobody influences) and ε normal noise of sd `noise` entering the dynamics.
/// Stances are kept within −5..+5 (a recorded stance cannot leave the scale);
/// unknown stances stay unknown. The relations do not change.
///
/// ```
/// use relmap::history::{simulate, SimulationConfig};
/// use relmap::model::{Account, Relation, RelationKind, Stakeholder};
/// let mut map = relmap::RelationshipMap::new(Account::new("a", "A"));
/// map.add_stakeholder(Stakeholder::new("cio", "Liu").with_stance(4.0))?;
/// map.add_stakeholder(Stakeholder::new("cfo", "Wang").with_stance(-2.0).with_openness(0.5))?;
/// map.add_relation(Relation::new("cio", "cfo", RelationKind::Influences, 1.0))?;
/// let history = simulate(&map, &SimulationConfig { steps: 2, ..Default::default() })?;
/// assert_eq!(history.len(), 3);
/// // The CFO moves halfway to the CIO: 0.5 · 4 + 0.5 · (−2) = 1.
/// assert_eq!(history[1].1.stakeholder("cfo").unwrap().stance, Some(1.0));
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn simulate(map: &RelationshipMap, cfg: &SimulationConfig) -> crate::Result<Vec<(Timestamp, RelationshipMap)>> {
    cfg.chain.validate()?;
    if !(cfg.noise.is_finite() && cfg.noise >= 0.0) {
        return Err(HistoryError::InvalidConfig { field: "noise".into(), value: cfg.noise, expected: ">= 0" }.into());
    }
    if cfg.interval_days <= 0 {
        return Err(HistoryError::InvalidConfig {
            field: "interval_days".into(),
            value: cfg.interval_days as f64,
            expected: ">= 1",
        }
        .into());
    }
    let lists = speakers(map, &cfg.chain);
    let x0: Vec<Option<f64>> = map.stakeholders().iter().map(|s| s.stance).collect();
    let openness: Vec<f64> = map
        .stakeholders()
        .iter()
        .zip(&lists)
        .map(|(s, l)| if l.is_empty() { 0.0 } else { s.openness.unwrap_or(cfg.chain.default_openness) })
        .collect();
    let mut rng = SplitMix(cfg.seed);
    let mut x = x0.clone();
    let mut at = cfg.start;
    let mut out = vec![(at, map.clone())];
    for _ in 0..cfg.steps {
        let next: Vec<Option<f64>> = (0..x.len())
            .map(|i| {
                let start = x0[i]?;
                let moved = match heard(&lists[i], |j| x[j]) {
                    Some(h) => openness[i] * h.at(1.0) + (1.0 - openness[i]) * start,
                    None => start,
                };
                let noise = if cfg.noise > 0.0 { cfg.noise * rng.normal() } else { 0.0 };
                Some((moved + noise).clamp(-5.0, 5.0))
            })
            .collect();
        x = next;
        at = at.plus_days(cfg.interval_days);
        let mut snapshot = map.clone();
        for (s, v) in map.stakeholders().iter().zip(&x) {
            snapshot.set_stance(&s.id, *v)?;
        }
        out.push((at, snapshot));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::SplitMix;

    #[test]
    fn the_noise_is_standard_normal_and_seeded() {
        let mut r = SplitMix(42);
        let draws: Vec<f64> = (0..20_000).map(|_| r.normal()).collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let var = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / draws.len() as f64;
        assert!(mean.abs() < 0.03 && (var - 1.0).abs() < 0.05, "{mean} {var}");
        assert_eq!(SplitMix(42).next_u64(), SplitMix(42).next_u64());
    }
}
