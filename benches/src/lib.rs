//! Deterministic synthetic accounts for relmap's benches.
//!
//! [`synthetic_account`] builds a realistic large relationship map: an org tree
//! with a span of control of 3..8, a handful of deciding roles at the top
//! (one economic buyer, decision makers among the VPs, technical buyers among the IT managers),
//! partly known stances, explicit relations that mostly stay near each other in
//! the org chart, and an account team with recent interactions. The same seed
//! always gives the same map, so native, Python and WebAssembly benches can run
//! on identical input.
//!
//! ```
//! let map = relmap_benches::synthetic_account(&relmap_benches::Spec::new(200, 1_000));
//! assert_eq!(map.stakeholders().len(), 200);
//! assert_eq!(map.relations().len(), 1_000);
//! ```

pub mod cdnow;
pub mod import_data;
pub mod trust_data;

use std::collections::HashSet;

use relmap::model::{
    Account, Channel, Initiator, Interaction, Milestone, Opportunity, Relation, RelationKind, Role, Stakeholder,
    TeamMember,
};
use relmap::time::Timestamp;
use relmap::RelationshipMap;

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A uniform float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// The size and seed of a synthetic account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    /// Number of stakeholders.
    pub stakeholders: usize,
    /// Number of explicit relations (the org chart's implied edges come on top).
    pub relations: usize,
    /// Our account team size.
    pub team: usize,
    /// Stakeholders our team has interacted with.
    pub contacts: usize,
    /// Random seed.
    pub seed: u64,
}

impl Spec {
    /// A spec with a team of 6, `50 + stakeholders/50` contacts and seed 42.
    pub fn new(stakeholders: usize, relations: usize) -> Self {
        Spec { stakeholders, relations, team: 6, contacts: (50 + stakeholders / 50).min(stakeholders), seed: 42 }
    }
}

/// CPU time consumed so far by the calling thread (Linux: `/proc/thread-self/schedstat`),
/// or `None` where it cannot be read. Benches use it beside wall time, since wall time
/// on a shared machine also counts the time other processes hold the CPU.
pub fn thread_cpu_time() -> Option<std::time::Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(std::time::Duration::from_nanos(nanos))
}

/// CPU time consumed so far by every thread of the process (Linux: the
/// `schedstat` of each task under `/proc/self/task`), or `None` where it cannot be
/// read: the CPU cost of work that runs on a thread pool as well as on the calling
/// thread. Threads that have ended are not counted.
pub fn process_cpu_time() -> Option<std::time::Duration> {
    let mut nanos = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let text = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        nanos += text.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(std::time::Duration::from_nanos(nanos))
}

/// The date the synthetic interactions lead up to.
pub fn as_of() -> Timestamp {
    Timestamp::from_ymd(2026, 3, 1).expect("a valid date")
}

/// Builds the synthetic account of a spec (see the crate docs).
pub fn synthetic_account(spec: &Spec) -> RelationshipMap {
    let n = spec.stakeholders;
    let mut rng = SplitMix64::new(spec.seed);
    let mut map = RelationshipMap::new(Account::new("synthetic", format!("Synthetic {n}")));
    // Org tree in breadth-first order: index k's manager has a smaller index.
    let mut manager = vec![None; n];
    let mut level = vec![0usize; n];
    let mut dept = vec![0usize; n];
    let mut next = 1;
    let mut k = 0;
    while next < n {
        let span = 3 + rng.below(6);
        for _ in 0..span {
            if next == n {
                break;
            }
            manager[next] = Some(k);
            level[next] = level[k] + 1;
            dept[next] = if k == 0 { next } else { dept[k] };
            next += 1;
        }
        k += 1;
    }
    let it_dept = 1.min(n - 1); // the first VP runs IT
    let mut technical = 0;
    for i in 0..n {
        let mut s = Stakeholder::new(format!("s{i}"), format!("Person {i}"));
        s.department = Some(format!("d{}", dept[i]));
        if let Some(m) = manager[i] {
            s.reports_to = Some(format!("s{m}"));
        }
        let mut roles = Vec::new();
        match level[i] {
            0 => roles.push(Role::EconomicBuyer),
            1 if i <= 4 => roles.push(Role::DecisionMaker),
            1 => roles.push(Role::Influencer),
            l if l >= 2 && dept[i] == it_dept && technical < 10 => {
                roles.push(Role::TechnicalBuyer);
                technical += 1;
            }
            _ => {}
        }
        if level[i] >= 2 && rng.chance(0.01) {
            roles.push(Role::UserBuyer);
        }
        if (i == 7 || i == 23) && level[i] >= 1 {
            roles.push(Role::Coach);
        }
        if i == 11 {
            roles.push(Role::Purchaser);
        }
        s = s.with_roles(roles);
        if rng.chance(0.2) {
            s.openness = Some(0.2 + 0.6 * rng.unit());
        }
        if rng.chance(0.6) {
            s.stance = Some(rng.below(11) as f64 - 5.0);
        }
        map.add_stakeholder(s).expect("generated stakeholders are valid");
    }

    let kinds = [
        (0.60, RelationKind::Influences),
        (0.15, RelationKind::Ally),
        (0.10, RelationKind::Informs),
        (0.15, RelationKind::Conflict),
    ];
    let mut seen: HashSet<(usize, usize, RelationKind)> = HashSet::with_capacity(spec.relations);
    let max_pairs = n.saturating_mul(n.saturating_sub(1)).saturating_mul(kinds.len());
    while map.relations().len() < spec.relations.min(max_pairs / 2) {
        let s = rng.below(n);
        let t = if rng.chance(0.7) {
            // Near in breadth-first order: the same team or a neighbouring one.
            let off = rng.below(101) as isize - 50;
            (s as isize + off).clamp(0, n as isize - 1) as usize
        } else {
            rng.below(n)
        };
        let mut roll = rng.unit();
        let kind = kinds
            .iter()
            .find(|(p, _)| {
                roll -= p;
                roll < 0.0
            })
            .map_or(RelationKind::Influences, |&(_, k)| k);
        // The map refuses a relation repeated on the reverse pair when either runs both ways:
        // keep one relation of a kind per unordered pair.
        if s == t || seen.contains(&(t, s, kind)) || !seen.insert((s, t, kind)) {
            continue;
        }
        let mut r = Relation::new(format!("s{s}"), format!("s{t}"), kind, 0.1 + 0.9 * rng.unit());
        if kind != RelationKind::Conflict && rng.chance(0.2) {
            r = r.both_ways();
        }
        map.add_relation(r).expect("generated relations are unique");
    }

    for k in 0..spec.team {
        map.add_team_member(TeamMember::new(format!("m{k}"), format!("Member {k}"))).expect("unique member ids");
    }
    let channels = Channel::ALL;
    let end = as_of();
    let mut id = 0;
    for c in 0..spec.contacts {
        // Contacts lean toward the top of the org chart, where the sellers work.
        let s = if c % 2 == 0 { rng.below(n.min(200)) } else { rng.below(n) };
        for _ in 0..1 + rng.below(5) {
            let mut i = Interaction::new(
                format!("i{id}"),
                end.plus_days(-(rng.below(180) as i64)),
                channels[rng.below(channels.len())],
                [format!("m{}", rng.below(spec.team.max(1)))],
                [format!("s{s}")],
            );
            if rng.chance(0.2) {
                i.initiated_by = Initiator::Them;
            }
            if rng.chance(0.5) {
                i.sentiment = Some(rng.unit() * 2.0 - 1.0);
            }
            id += 1;
            if spec.team > 0 {
                map.add_interaction(i).expect("generated interactions are valid");
            }
        }
    }
    let mut o = Opportunity::new("o1", "Platform renewal");
    o.declared_stage = Some("evaluation".into());
    for (key, days) in [("contact_established", 170), ("need_confirmed", 120), ("requirements_agreed", 60)] {
        o.milestones.push(Milestone { key: key.into(), at: end.plus_days(-days) });
    }
    map.add_opportunity(o).expect("a valid opportunity");
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_cpu_time_moves_forward() {
        if let Some(a) = thread_cpu_time() {
            let mut x = 0u64;
            for i in 0..2_000_000u64 {
                x = x.wrapping_mul(31).wrapping_add(std::hint::black_box(i));
            }
            std::hint::black_box(x);
            assert!(thread_cpu_time().unwrap() > a);
        }
    }

    #[test]
    fn is_deterministic_and_sized() {
        let spec = Spec::new(1_000, 5_000);
        let a = synthetic_account(&spec);
        assert_eq!(a, synthetic_account(&spec));
        assert_eq!(a.stakeholders().len(), 1_000);
        assert_eq!(a.relations().len(), 5_000);
        assert!(a.org_depth() > 3);
        assert!(a.stakeholders().iter().filter(|s| s.has_role(Role::TechnicalBuyer)).count() >= 5);
        let other = synthetic_account(&Spec { seed: 7, ..spec });
        assert_ne!(a, other);
    }

    #[test]
    fn the_bench_account_takes_17_stance_sweeps() {
        // The `decision_chain/10k_50k` shape: the stance solve's bound
        // max λγ/(1 − λ)·‖Δ‖∞ (3.39·‖Δ‖∞ here, against q/(1 − q) = 4) stops after 17
        // Gauss–Seidel sweeps (18 with the contraction bound).
        let map = synthetic_account(&Spec::new(10_000, 50_000));
        let cfg = relmap::chain::ChainConfig { as_of: Some(as_of()), ..Default::default() };
        assert_eq!(map.decision_chain(&cfg).expect("a valid map").iterations()[1], 17);
    }
}
