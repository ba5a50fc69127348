//! Shared helpers of the decision-chain tests: random maps and an independent dense model.

#![allow(dead_code)]
// Dense linear algebra reads clearest with explicit indices.
#![allow(clippy::needless_range_loop)]

use relmap::chain::RoleAuthority;
use relmap::model::{Account, Direction, Relation, RelationKind, Role, Stakeholder};
use relmap::RelationshipMap;

/// SplitMix64: a small deterministic generator for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// A random valid map of `n` stakeholders: a random org forest, random influence and
/// other relations (some both ways), random openness, authority, roles and stances.
/// At least stakeholder 0 has authority, so the decision weights exist.
pub fn random_map(n: usize, relations: usize, rng: &mut Rng) -> RelationshipMap {
    let mut map = RelationshipMap::new(Account::new("acct", "Account"));
    let roles = Role::ALL;
    for i in 0..n {
        let mut s = Stakeholder::new(format!("p{i}"), format!("P{i}"));
        if i > 0 && rng.chance(0.7) {
            s.reports_to = Some(format!("p{}", rng.below(i)));
        }
        if rng.chance(0.4) {
            s = s.with_roles([roles[rng.below(roles.len())]]);
        }
        if i == 0 || rng.chance(0.2) {
            s.authority = Some(if i == 0 { 0.2 + 0.8 * rng.unit() } else { rng.unit() });
        }
        if rng.chance(0.5) {
            s.openness = Some(0.95 * rng.unit());
        }
        if rng.chance(0.7) {
            s.stance = Some((rng.unit() * 10.0 - 5.0).clamp(-5.0, 5.0));
        }
        map.add_stakeholder(s).unwrap();
    }
    let kinds = RelationKind::ALL;
    let mut tries = 0;
    while map.relations().len() < relations && n > 1 && tries < 20 * relations {
        tries += 1;
        let (s, t) = (rng.below(n), rng.below(n));
        let kind = if rng.chance(0.6) { RelationKind::Influences } else { kinds[rng.below(kinds.len())] };
        let mut r = Relation::new(format!("p{s}"), format!("p{t}"), kind, 0.05 + 0.95 * rng.unit());
        if rng.chance(0.25) {
            r = r.both_ways();
        }
        let _ = map.add_relation(r); // self loops and repeats are refused; try again
    }
    map
}

/// The influence strengths s[i][j] of speaker j on listener i, built from the
/// documented rules independently of the library: explicit `influences` (both
/// ways when two-way; the largest explicit value per pair) replace the implied
/// org-chart edges (manager → report `down`, report → manager `up`).
pub fn strengths(map: &RelationshipMap, down: f64, up: f64) -> Vec<Vec<f64>> {
    let n = map.stakeholders().len();
    let idx = |id: &str| map.stakeholder_idx(id).unwrap();
    let mut s = vec![vec![0.0f64; n]; n];
    let mut explicit = vec![vec![false; n]; n];
    for r in map.relations().iter().filter(|r| r.kind == RelationKind::Influences) {
        let (a, b) = (idx(&r.source), idx(&r.target));
        let mut put = |listener: usize, speaker: usize| {
            s[listener][speaker] =
                if explicit[listener][speaker] { s[listener][speaker].max(r.strength) } else { r.strength };
            explicit[listener][speaker] = true;
        };
        put(b, a);
        if r.direction == Direction::Both {
            put(a, b);
        }
    }
    for (report, st) in map.stakeholders().iter().enumerate() {
        if let Some(m) = &st.reports_to {
            let m = idx(m);
            if !explicit[report][m] && down > 0.0 {
                s[report][m] = down;
            }
            if !explicit[m][report] && up > 0.0 {
                s[m][report] = up;
            }
        }
    }
    s
}

/// The dense Friedkin–Johnsen model: V = (I − ΛW)⁻¹(I − Λ), the decision weights a,
/// and u = Vᵀa and x* = V·x₀ (stance scale), by Gaussian elimination.
pub struct Dense {
    pub v: Vec<Vec<f64>>,
    pub u: Vec<f64>,
    pub x: Vec<f64>,
}

pub fn dense_model(map: &RelationshipMap, down: f64, up: f64, default_openness: f64) -> Dense {
    let n = map.stakeholders().len();
    let s = strengths(map, down, up);
    let ra = RoleAuthority::default();
    let mut lambda = vec![0.0; n];
    let mut w = vec![vec![0.0; n]; n];
    for i in 0..n {
        let total: f64 = s[i].iter().sum();
        if total > 0.0 {
            lambda[i] = map.stakeholders()[i].openness.unwrap_or(default_openness);
            for j in 0..n {
                w[i][j] = s[i][j] / total;
            }
        }
    }
    // Solve (I − ΛW) V = (I − Λ) on the augmented matrix with partial pivoting.
    let mut m: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let mut row: Vec<f64> = (0..n).map(|j| f64::from(u8::from(i == j)) - lambda[i] * w[i][j]).collect();
            row.extend((0..n).map(|j| if i == j { 1.0 - lambda[i] } else { 0.0 }));
            row
        })
        .collect();
    for c in 0..n {
        let p = (c..n).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs())).unwrap();
        m.swap(c, p);
        let pivot = m[c][c];
        for k in c..2 * n {
            m[c][k] /= pivot;
        }
        for r in 0..n {
            if r != c && m[r][c] != 0.0 {
                let f = m[r][c];
                for k in c..2 * n {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
    }
    let v: Vec<Vec<f64>> = m.into_iter().map(|row| row[n..].to_vec()).collect();
    let authority: Vec<f64> = map.stakeholders().iter().map(|st| ra.authority_of(st)).collect();
    let total: f64 = authority.iter().sum();
    let a: Vec<f64> = authority.iter().map(|x| x / total).collect();
    let u = (0..n).map(|j| (0..n).map(|i| v[i][j] * a[i]).sum()).collect();
    let x0: Vec<f64> = map.stakeholders().iter().map(|st| st.stance.unwrap_or(0.0)).collect();
    let x = (0..n).map(|i| (0..n).map(|j| v[i][j] * x0[j]).sum()).collect();
    Dense { v, u, x }
}
