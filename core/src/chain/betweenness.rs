//! Betweenness centrality on the influence graph (Brandes 2001).
//!
//! The graph is the influence graph of the model (explicit `influences` plus the
//! implied org-chart edges), directed and unweighted: c(v) = Σ over ordered pairs
//! (s, t), s ≠ v ≠ t, of σ_st(v) / σ_st, the share of shortest s → t paths through v.
//! The values are raw counts, like networkx's `betweenness_centrality(G,
//! normalized=False)` on a `DiGraph`; divide by (n − 1)(n − 2) to normalize.
//! Betweenness is the same on the reversed graph, so the listener rows of W serve
//! as the adjacency directly.

use super::graph::Csr;

/// Brandes' betweenness over `adj` (row `u` lists the neighbours of `u`).
pub(crate) fn betweenness(adj: &Csr) -> Vec<f64> {
    from_sources(adj, &(0..adj.rows()).collect::<Vec<_>>())
}

/// The seed of the pivot sample of [`sampled_betweenness`] in the analysis, fixed so
/// that the same map always gives the same estimate.
pub(crate) const PIVOT_SEED: u64 = 0x5eed_b7e7_3e55_0001;

/// The Brandes–Pich estimate from `k` pivots: the dependencies of the `k` sources
/// first in a pseudo-random order drawn from `seed`, scaled by n/k (exact when k ≥ n).
pub(crate) fn sampled_betweenness(adj: &Csr, k: usize, seed: u64) -> Vec<f64> {
    let n = adj.rows();
    if k >= n {
        return betweenness(adj);
    }
    let mut sources: Vec<usize> = (0..n).collect();
    sources.sort_unstable_by_key(|&v| (mix(seed ^ v as u64), v));
    sources.truncate(k);
    sources.sort_unstable();
    let scale = n as f64 / k as f64;
    let mut c = from_sources(adj, &sources);
    c.iter_mut().for_each(|x| *x *= scale);
    c
}

/// SplitMix64's finaliser: a bijection on u64 that scatters neighbouring inputs.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The dependencies accumulated from `sources`, on rayon's pool with the `parallel` feature.
fn from_sources(adj: &Csr, sources: &[usize]) -> Vec<f64> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let n = adj.rows();
        let chunk = sources.len().div_ceil(rayon::current_num_threads().max(1) * 4).max(1);
        sources.par_chunks(chunk).map(|sources| accumulate(adj, sources)).reduce(
            || vec![0.0; n],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        )
    }
    #[cfg(not(feature = "parallel"))]
    {
        accumulate(adj, sources)
    }
}

/// The dependencies accumulated from the given sources.
fn accumulate(adj: &Csr, sources: &[usize]) -> Vec<f64> {
    let n = adj.rows();
    let mut c = vec![0.0; n];
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![-1i32; n];
    let mut delta = vec![0.0f64; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for &s in sources {
        for &v in &order {
            sigma[v as usize] = 0.0;
            dist[v as usize] = -1;
            delta[v as usize] = 0.0;
        }
        order.clear();
        sigma[s] = 1.0;
        dist[s] = 0;
        order.push(s as u32);
        let mut k = 0;
        while k < order.len() {
            let u = order[k] as usize;
            k += 1;
            for &v in adj.row(u).0 {
                let v = v as usize;
                if dist[v] < 0 {
                    dist[v] = dist[u] + 1;
                    order.push(v as u32);
                }
                if dist[v] == dist[u] + 1 {
                    sigma[v] += sigma[u];
                }
            }
        }
        // Back-propagate dependencies in reverse BFS order; predecessors of w are
        // its neighbours-in at distance dist[w] − 1, found by scanning u's row.
        for &u in order.iter().rev() {
            let u = u as usize;
            let mut d = 0.0;
            for &w in adj.row(u).0 {
                let w = w as usize;
                if dist[w] == dist[u] + 1 {
                    d += sigma[u] / sigma[w] * (1.0 + delta[w]);
                }
            }
            delta[u] = d;
            if u != s {
                c[u] += d;
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::graph::Edge;
    use proptest::prelude::*;

    fn adj(n: usize, edges: &[(u32, u32)]) -> Csr {
        let e: Vec<Edge> = edges.iter().map(|&(row, col)| Edge { row, col, w: 1.0, explicit: true }).collect();
        Csr::from_edges(n, &e)
    }

    /// All shortest paths by BFS distances, counted per pair: the definition, literally.
    fn brute(n: usize, edges: &[(u32, u32)]) -> Vec<f64> {
        let inf = usize::MAX;
        let mut d = vec![vec![inf; n]; n];
        let mut count = vec![vec![0f64; n]; n];
        for s in 0..n {
            d[s][s] = 0;
            count[s][s] = 1.0;
            for len in 1..n {
                for &(u, v) in edges {
                    let (u, v) = (u as usize, v as usize);
                    if d[s][u] == len - 1 && (d[s][v] == inf || d[s][v] == len) {
                        d[s][v] = len;
                    }
                }
                // Count after distances of this layer are fixed.
                for &(u, v) in edges {
                    let (u, v) = (u as usize, v as usize);
                    if d[s][u] == len - 1 && d[s][v] == len {
                        count[s][v] += count[s][u];
                    }
                }
            }
        }
        let mut c = vec![0.0; n];
        for s in 0..n {
            for t in 0..n {
                if s == t || d[s][t] == inf {
                    continue;
                }
                for v in 0..n {
                    if v != s && v != t && d[s][v] != inf && d[v][t] != inf && d[s][v] + d[v][t] == d[s][t] {
                        c[v] += count[s][v] * count[v][t] / count[s][t];
                    }
                }
            }
        }
        c
    }

    #[test]
    fn a_path_graph() {
        // 0 → 1 → 2: only 1 lies between (0, 2).
        assert_eq!(betweenness(&adj(3, &[(0, 1), (1, 2)])), vec![0.0, 1.0, 0.0]);
    }

    /// Two 6-cliques joined through one bridge node (12), both directions.
    fn barbell() -> (usize, Vec<(u32, u32)>) {
        let mut edges = Vec::new();
        for base in [0u32, 6] {
            for a in base..base + 6 {
                for b in base..base + 6 {
                    if a != b {
                        edges.push((a, b));
                    }
                }
            }
        }
        edges.extend([(0, 12), (12, 0), (6, 12), (12, 6)]);
        (13, edges)
    }

    #[test]
    fn sampling_every_source_is_exact_and_the_estimate_is_unbiased() {
        let (n, edges) = barbell();
        let g = adj(n, &edges);
        let exact = betweenness(&g);
        assert_eq!(sampled_betweenness(&g, n, 7), exact);
        assert_eq!(sampled_betweenness(&g, 100, 7), exact);
        // One sample is fixed by its seed; the mean over many seeds approaches the exact count.
        assert_eq!(sampled_betweenness(&g, 5, 7), sampled_betweenness(&g, 5, 7));
        let seeds = 4000;
        let mut mean = vec![0.0; n];
        for seed in 0..seeds {
            for (m, x) in mean.iter_mut().zip(sampled_betweenness(&g, 5, seed)) {
                *m += x / seeds as f64;
            }
        }
        for (v, (m, e)) in mean.iter().zip(&exact).enumerate() {
            assert!((m - e).abs() <= 0.03 * e.max(1.0), "node {v}: mean {m} vs exact {e}");
        }
        // The bridge and the two gateways carry every cross path, whatever the sample.
        let one = sampled_betweenness(&g, 5, PIVOT_SEED);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| one[b].total_cmp(&one[a]));
        let mut top: Vec<usize> = order[..3].to_vec();
        top.sort();
        assert_eq!(top, [0, 6, 12], "{one:?}");
    }

    proptest! {
        #[test]
        fn equals_the_brute_force_count(n in 2usize..9, raw in prop::collection::vec((0u32..9, 0u32..9), 0..30)) {
            let mut edges: Vec<(u32, u32)> =
                raw.into_iter().map(|(a, b)| (a % n as u32, b % n as u32)).filter(|(a, b)| a != b).collect();
            edges.sort();
            edges.dedup();
            let fast = betweenness(&adj(n, &edges));
            let slow = brute(n, &edges);
            for (a, b) in fast.iter().zip(&slow) {
                prop_assert!((a - b).abs() < 1e-9, "{fast:?} vs {slow:?}");
            }
        }
    }
}
