//! Access paths: from our team to a stakeholder through our ties, then the
//! stakeholders' influence, ally and informs relations.
//!
//! The reliability of a path is the product of its edge weights; the best path
//! maximizes it. Maximizing a product of weights in (0, 1] is Dijkstra on
//! −ln w, run here directly on the products (exact, no logarithms). The k best
//! loopless alternatives come from Yen's algorithm whose spur searches are A*
//! guided by the exact best reliability to the target in the full graph.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::graph::{each_org_edge, Csr, Edge, EdgeSource};
use super::{ChainConfig, Tie};
use crate::model::{Direction, RelationKind, RelationshipMap};

/// A path from one of our team members to a stakeholder.
///
/// ```
/// use relmap::chain::AccessPath;
/// let p = AccessPath { member: "rep".into(), stakeholders: vec!["cio".into(), "ceo".into()], reliability: 0.42 };
/// assert_eq!(p.target(), "ceo");
/// assert_eq!(p.to_string(), "rep → cio → ceo (0.420)");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AccessPath {
    /// The team member the path starts from.
    pub member: String,
    /// The stakeholders along the path, the first one our member's contact, the last the target.
    pub stakeholders: Vec<String>,
    /// Product of the edge weights along the path, in (0, 1].
    pub reliability: f64,
}

impl AccessPath {
    /// The stakeholder the path reaches.
    pub fn target(&self) -> &str {
        self.stakeholders.last().map(String::as_str).unwrap_or_default()
    }

    /// Number of edges (1 = our member knows the target directly).
    pub fn hops(&self) -> usize {
        self.stakeholders.len()
    }
}

impl std::fmt::Display for AccessPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.member)?;
        for s in &self.stakeholders {
            write!(f, " → {s}")?;
        }
        write!(f, " ({:.3})", self.reliability)
    }
}

/// The access network: nodes `0..n` are stakeholders, `n..n+m` our members, `n+m` a
/// source linked to every member with weight 1. Edge weights are in (0, 1].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub(crate) struct AccessGraph {
    pub stakeholders: usize,
    pub members: usize,
    pub out: Csr,
}

impl AccessGraph {
    /// Builds the network from the ties and the relations (conflicts carry no access):
    /// the source's edges to our members, our members' ties, then the stakeholders'
    /// edges of [`push_access_edges`], written straight into their rows.
    #[inline(never)] // a profiler sees the build on its own
    pub fn build(
        map: &RelationshipMap,
        ends: &[(u32, u32)],
        managers: &[Option<usize>],
        ties: &[Tie],
        cfg: &ChainConfig,
    ) -> AccessGraph {
        let (n, m) = (map.stakeholders().len(), map.team().len());
        let edges = AccessEdges { map, ends, managers, ties, cfg };
        AccessGraph { stakeholders: n, members: m, out: Csr::from_source(n + m + 1, &edges) }
    }

    /// The source node.
    pub fn source(&self) -> usize {
        self.stakeholders + self.members
    }

    /// Number of nodes (with the source).
    pub fn nodes(&self) -> usize {
        self.stakeholders + self.members + 1
    }

    /// The weight of edge u → v (0 if absent).
    fn weight(&self, u: usize, v: usize) -> f64 {
        let (cols, vals) = self.out.row(u);
        cols.iter().zip(vals).find(|(&c, _)| c as usize == v).map_or(0.0, |(_, &w)| w)
    }
}

/// The edges of the access network of one map, as [`AccessGraph::build`] lists them.
struct AccessEdges<'a> {
    map: &'a RelationshipMap,
    ends: &'a [(u32, u32)],
    managers: &'a [Option<usize>],
    ties: &'a [Tie],
    cfg: &'a ChainConfig,
}

impl EdgeSource for AccessEdges<'_> {
    #[inline(always)]
    fn each(&self, mut f: impl FnMut(u32, u32, f64, bool)) {
        let (n, m) = (self.map.stakeholders().len(), self.map.team().len());
        let source = (n + m) as u32;
        for k in 0..m {
            f(source, (n + k) as u32, 1.0, true);
        }
        for t in self.ties.iter().filter(|t| t.strength > 0.0) {
            f((n + t.member) as u32, t.stakeholder as u32, t.strength, true);
        }
        each_access_edge(self.map, self.ends, self.managers, self.cfg, 0, f);
    }

    fn cols(&self) -> Option<usize> {
        Some(self.map.stakeholders().len() + self.map.team().len() + 1)
    }
}

/// Pushes the access edges among a map's stakeholders, their indices shifted by
/// `offset`: influence, ally and informs relations (conflicts carry no access; allies
/// and two-way relations run both ways) and, when `cfg.org_chart_access`, the org chart.
pub(crate) fn push_access_edges(
    edges: &mut Vec<Edge>,
    map: &RelationshipMap,
    ends: &[(u32, u32)],
    managers: &[Option<usize>],
    cfg: &ChainConfig,
    offset: u32,
) {
    each_access_edge(map, ends, managers, cfg, offset, |row, col, w, explicit| {
        edges.push(Edge { row, col, w, explicit })
    });
}

/// The edges of [`push_access_edges`], in its order, as `f(row, col, weight, explicit)`.
#[inline(always)]
fn each_access_edge(
    map: &RelationshipMap,
    ends: &[(u32, u32)],
    managers: &[Option<usize>],
    cfg: &ChainConfig,
    offset: u32,
    mut f: impl FnMut(u32, u32, f64, bool),
) {
    for (r, &(s, t)) in map.relations().iter().zip(ends) {
        let both = match r.kind {
            RelationKind::Conflict => continue,
            RelationKind::Ally => true,
            RelationKind::Influences | RelationKind::Informs => r.direction == Direction::Both,
        };
        f(s + offset, t + offset, r.strength, true);
        if both {
            f(t + offset, s + offset, r.strength, true);
        }
    }
    if cfg.org_chart_access {
        each_org_edge(
            managers,
            cfg,
            |listener, speaker| (speaker + offset, listener + offset),
            |row, col, w| f(row, col, w, false),
        );
    }
}

/// A heap entry ordered by priority (largest first), then by node (smallest first).
#[derive(Clone, Copy, PartialEq)]
struct Item {
    priority: f64,
    node: u32,
}

impl Eq for Item {}

impl Ord for Item {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority.total_cmp(&other.priority).then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// No node.
pub(crate) const NONE: u32 = u32::MAX;

/// The best reliability from the source to every node, and the predecessor on that path.
#[inline(never)] // a profiler sees the search on its own
pub(crate) fn best_from_source(g: &AccessGraph) -> (Vec<f64>, Vec<u32>) {
    max_product_tree(&g.out, g.source())
}

/// Max-product Dijkstra from `root` over `adj`: best reliability per node and its predecessor.
///
/// An indexed 4-ary heap keyed by the current best reliability (ties: lower node
/// first) keeps at most one entry per node, raised in place when a node improves.
fn max_product_tree(adj: &Csr, root: usize) -> (Vec<f64>, Vec<u32>) {
    let n = adj.rows();
    let mut best = vec![0.0f64; n];
    let mut parent = vec![NONE; n];
    let mut heap = IndexedHeap::new(n);
    best[root] = 1.0;
    heap.raise(root as u32, 1.0);
    while let Some(u) = heap.pop() {
        let bu = best[u as usize];
        let (cols, vals) = adj.row(u as usize);
        for (&v, &w) in cols.iter().zip(vals) {
            // A settled node never improves: its reliability is at least bu ≥ bu·w.
            let r = bu * w;
            if r > best[v as usize] {
                best[v as usize] = r;
                parent[v as usize] = u;
                heap.raise(v, r);
            }
        }
    }
    (best, parent)
}

/// A 4-ary max-heap of nodes, each entry a node's key and the node packed into one
/// integer so that one comparison orders two entries: the key's bits above (keys are
/// positive, and positive floats order as their bits do), the node's complement below
/// (ties: lower node first). Beside it, each node's position.
struct IndexedHeap {
    heap: Vec<u128>,
    /// Position in `heap`; `NONE` = never pushed; `DONE` = popped (never pushed again).
    pos: Vec<u32>,
}

const DONE: u32 = u32::MAX - 1;

/// The heap entry of node `v` with key `k` (> 0).
#[inline(always)]
fn entry(k: f64, v: u32) -> u128 {
    debug_assert!(k > 0.0, "keys are positive");
    (u128::from(k.to_bits()) << 64) | u128::from(!v)
}

/// The node of a heap entry.
#[inline(always)]
fn node_of(e: u128) -> u32 {
    !(e as u32)
}

impl IndexedHeap {
    fn new(n: usize) -> Self {
        IndexedHeap { heap: Vec::with_capacity(n), pos: vec![NONE; n] }
    }

    /// Puts `e` at `i`, or moves it up from there, above the entries below it.
    #[inline(always)]
    fn sift_up(&mut self, mut i: usize, e: u128) {
        while i > 0 {
            let up = (i - 1) / 4;
            let p = self.heap[up];
            if p > e {
                break;
            }
            self.heap[i] = p;
            self.pos[node_of(p) as usize] = i as u32;
            i = up;
        }
        self.heap[i] = e;
        self.pos[node_of(e) as usize] = i as u32;
    }

    /// Inserts `v` with key `k`, or moves it up after its key grew to `k` (never after it was popped).
    #[inline(always)]
    fn raise(&mut self, v: u32, k: f64) {
        debug_assert_ne!(self.pos[v as usize], DONE, "a settled node cannot improve");
        let i = match self.pos[v as usize] {
            NONE => {
                self.heap.push(0);
                self.heap.len() - 1
            }
            p => p as usize,
        };
        self.sift_up(i, entry(k, v));
    }

    /// Removes and returns the node with the largest key: the hole at the top sinks
    /// along the larger children to a leaf, where the last entry fills it and rises.
    #[inline(always)]
    fn pop(&mut self) -> Option<u32> {
        let top = node_of(*self.heap.first()?);
        self.pos[top as usize] = DONE;
        let last = self.heap.pop().expect("non-empty");
        let len = self.heap.len();
        if len == 0 {
            return Some(top);
        }
        let mut i = 0;
        loop {
            let first = 4 * i + 1;
            let c = if let Some(c) = self.heap.get(first..first + 4) {
                let (a, b) = if c[1] > c[0] { (c[1], first + 1) } else { (c[0], first) };
                let (x, y) = if c[3] > c[2] { (c[3], first + 3) } else { (c[2], first + 2) };
                if x > a {
                    y
                } else {
                    b
                }
            } else if first < len {
                // The last children: leaves.
                (first + 1..len).fold(first, |c, k| if self.heap[k] > self.heap[c] { k } else { c })
            } else {
                break;
            };
            let e = self.heap[c];
            self.heap[i] = e;
            self.pos[node_of(e) as usize] = i as u32;
            i = c;
        }
        self.sift_up(i, last);
        Some(top)
    }
}

/// A path as access-graph nodes, from a member to the target (the source left out).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NodePath {
    pub nodes: Vec<u32>,
    pub reliability: f64,
}

/// The path to `target` in a predecessor tree from the source, or `None` if unreachable.
pub(crate) fn tree_path(g: &AccessGraph, best: &[f64], parent: &[u32], target: usize) -> Option<NodePath> {
    if best[target] <= 0.0 || target >= g.stakeholders {
        return None;
    }
    let mut nodes = vec![target as u32];
    let mut v = target;
    while parent[v] != NONE && parent[v] as usize != g.source() {
        v = parent[v] as usize;
        nodes.push(v as u32);
    }
    nodes.reverse();
    Some(NodePath { nodes, reliability: best[target] })
}

/// Reusable scratch space for the spur searches of Yen's algorithm.
struct Spur {
    g: Vec<f64>,
    parent: Vec<u32>,
    stamp: Vec<u32>,
    closed: Vec<u32>,
    banned: Vec<u32>,
    generation: u32,
}

impl Spur {
    fn new(n: usize) -> Spur {
        Spur {
            g: vec![0.0; n],
            parent: vec![NONE; n],
            stamp: vec![0; n],
            closed: vec![0; n],
            banned: vec![0; n],
            generation: 0,
        }
    }

    /// Best path spur → target avoiding banned nodes and the banned first hops, by A*
    /// with the exact full-graph reliability `h` to the target as the (consistent) bound.
    fn search(
        &mut self,
        adj: &Csr,
        h: &[f64],
        spur: usize,
        target: usize,
        banned_nodes: &[u32],
        banned_hops: &[u32],
    ) -> Option<(Vec<u32>, f64)> {
        self.generation += 1;
        let gen = self.generation;
        for &b in banned_nodes {
            self.banned[b as usize] = gen;
        }
        let mut heap = BinaryHeap::new();
        self.g[spur] = 1.0;
        self.stamp[spur] = gen;
        self.parent[spur] = NONE;
        heap.push(Item { priority: h[spur], node: spur as u32 });
        while let Some(Item { node, .. }) = heap.pop() {
            let u = node as usize;
            if self.closed[u] == gen {
                continue;
            }
            self.closed[u] = gen;
            if u == target {
                let mut nodes = vec![node];
                let mut v = u;
                while self.parent[v] != NONE {
                    v = self.parent[v] as usize;
                    nodes.push(v as u32);
                }
                nodes.reverse();
                return Some((nodes, self.g[target]));
            }
            let (cols, vals) = adj.row(u);
            for (&v, &w) in cols.iter().zip(vals) {
                let vi = v as usize;
                if h[vi] <= 0.0 || self.banned[vi] == gen || (u == spur && banned_hops.contains(&v)) {
                    continue;
                }
                let r = self.g[u] * w;
                if self.stamp[vi] != gen || r > self.g[vi] {
                    self.stamp[vi] = gen;
                    self.g[vi] = r;
                    self.parent[vi] = node;
                    heap.push(Item { priority: r * h[vi], node: v });
                }
            }
        }
        None
    }
}

/// The `k` most reliable loopless paths from our team to `target`, best first (Yen).
/// `rev` is the transpose of `g.out`.
pub(crate) fn k_best_paths(g: &AccessGraph, rev: &Csr, target: usize, k: usize) -> Vec<NodePath> {
    if k == 0 || target >= g.stakeholders {
        return Vec::new();
    }
    let (h, next) = max_product_tree(rev, target);
    let source = g.source();
    if h[source] <= 0.0 {
        return Vec::new();
    }
    // Paths here keep the source in front; it is dropped on return.
    let mut first = vec![source as u32];
    while *first.last().expect("non-empty") as usize != target {
        first.push(next[*first.last().expect("non-empty") as usize]);
    }
    let mut accepted: Vec<(Vec<u32>, f64)> = vec![(first, h[source])];
    let mut candidates: Vec<(Vec<u32>, f64)> = Vec::new();
    let mut spur = Spur::new(g.nodes());
    while accepted.len() < k {
        let prev = accepted.last().expect("at least the best path").0.clone();
        let mut root_rel = 1.0;
        for i in 0..prev.len() - 1 {
            let root = &prev[..=i];
            if i > 0 {
                root_rel *= g.weight(prev[i - 1] as usize, prev[i] as usize);
            }
            let hops: Vec<u32> =
                accepted.iter().filter(|(p, _)| p.len() > i + 1 && &p[..=i] == root).map(|(p, _)| p[i + 1]).collect();
            if let Some((tail, rel)) = spur.search(&g.out, &h, prev[i] as usize, target, &root[..i], &hops) {
                let mut path = root[..i].to_vec();
                path.extend_from_slice(&tail);
                if !candidates.iter().any(|(p, _)| *p == path) && !accepted.iter().any(|(p, _)| *p == path) {
                    candidates.push((path, root_rel * rel));
                }
            }
        }
        let Some(best) = (0..candidates.len()).max_by(|&a, &b| {
            let (pa, ra) = &candidates[a];
            let (pb, rb) = &candidates[b];
            ra.total_cmp(rb).then_with(|| pb.len().cmp(&pa.len())).then_with(|| pb.cmp(pa))
        }) else {
            break;
        };
        accepted.push(candidates.swap_remove(best));
    }
    accepted.into_iter().map(|(p, reliability)| NodePath { nodes: p[1..].to_vec(), reliability }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph from explicit edges (row = from); node `n + m` is the source.
    fn graph(n: usize, m: usize, edges: &[(u32, u32, f64)]) -> AccessGraph {
        let source = (n + m) as u32;
        let mut all: Vec<Edge> =
            (0..m).map(|k| Edge { row: source, col: (n + k) as u32, w: 1.0, explicit: true }).collect();
        all.extend(edges.iter().map(|&(row, col, w)| Edge { row, col, w, explicit: true }));
        AccessGraph { stakeholders: n, members: m, out: Csr::from_edges(n + m + 1, &all) }
    }

    /// Every simple path from the source to `t` with its reliability, by brute force.
    fn all_paths(g: &AccessGraph, t: usize) -> Vec<(Vec<u32>, f64)> {
        fn walk(g: &AccessGraph, t: usize, path: &mut Vec<u32>, rel: f64, out: &mut Vec<(Vec<u32>, f64)>) {
            let u = *path.last().unwrap() as usize;
            if u == t {
                out.push((path[1..].to_vec(), rel));
                return;
            }
            let (cols, vals) = g.out.row(u);
            for (&v, &w) in cols.iter().zip(vals) {
                if !path.contains(&v) {
                    path.push(v);
                    walk(g, t, path, rel * w, out);
                    path.pop();
                }
            }
        }
        let mut out = Vec::new();
        walk(g, t, &mut vec![g.source() as u32], 1.0, &mut out);
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    #[test]
    fn yen_matches_brute_force_on_a_small_network() {
        // Stakeholders 0..5, members 6, 7.
        let g = graph(
            6,
            2,
            &[
                (6, 0, 0.9),
                (6, 1, 0.5),
                (7, 2, 0.8),
                (0, 3, 0.5),
                (1, 3, 0.9),
                (2, 3, 0.4),
                (0, 1, 0.7),
                (1, 0, 0.6),
                (3, 4, 0.9),
                (2, 4, 0.3),
                (0, 4, 0.2),
                (4, 5, 1.0),
                (3, 5, 0.1),
            ],
        );
        let rev = g.out.transpose(g.nodes());
        for t in 0..6 {
            let brute = all_paths(&g, t);
            let yen = k_best_paths(&g, &rev, t, 50);
            assert_eq!(yen.len(), brute.len(), "target {t}");
            for (a, b) in yen.iter().zip(&brute) {
                assert!((a.reliability - b.1).abs() < 1e-12, "target {t}: {a:?} vs {b:?}");
            }
            let (best, parent) = best_from_source(&g);
            let p = tree_path(&g, &best, &parent, t).unwrap();
            assert!((p.reliability - brute[0].1).abs() < 1e-12);
            assert_eq!(p.nodes, yen[0].nodes);
        }
    }

    /// The best-path tree equals a plain Dijkstra (settle the largest reliability,
    /// the lower node among equals; a strictly better product replaces the parent)
    /// on random networks whose weights repeat, so that ties are common.
    #[test]
    fn tree_equals_a_plain_dijkstra_with_its_ties() {
        let mut next = crate::chain::graph::test_draws(0x2545_f491_4f6c_dd1du64);
        let weights = [1.0, 0.5, 0.25, 0.75, 0.5 * 0.75, 0.3];
        for round in 0..300 {
            let (n, m) = (1 + next(40) as usize, 1 + next(3) as usize);
            let mut edges = Vec::new();
            for _ in 0..next(5 * n as u64) {
                edges.push((next(n as u64) as u32, next(n as u64) as u32, weights[next(6) as usize]));
            }
            for _ in 0..next(n as u64 + 1) {
                edges.push(((n + next(m as u64) as usize) as u32, next(n as u64) as u32, weights[next(6) as usize]));
            }
            let g = graph(n, m, &edges);
            let nodes = g.nodes();
            let (mut best, mut parent, mut done) = (vec![0.0f64; nodes], vec![NONE; nodes], vec![false; nodes]);
            best[g.source()] = 1.0;
            while let Some(u) = (0..nodes)
                .filter(|&v| !done[v] && best[v] > 0.0)
                .max_by(|&a, &b| best[a].total_cmp(&best[b]).then(b.cmp(&a)))
            {
                done[u] = true;
                let (cols, vals) = g.out.row(u);
                for (&v, &w) in cols.iter().zip(vals) {
                    if best[u] * w > best[v as usize] {
                        best[v as usize] = best[u] * w;
                        parent[v as usize] = u as u32;
                    }
                }
            }
            assert_eq!(best_from_source(&g), (best, parent), "round {round}");
        }
    }

    #[test]
    fn unreachable_target_has_no_path() {
        let g = graph(3, 1, &[(3, 0, 0.5), (1, 2, 0.5)]);
        let rev = g.out.transpose(g.nodes());
        assert!(k_best_paths(&g, &rev, 2, 3).is_empty());
        let (best, parent) = best_from_source(&g);
        assert!(tree_path(&g, &best, &parent, 2).is_none());
        assert_eq!(tree_path(&g, &best, &parent, 0).unwrap().nodes, vec![3, 0]);
    }
}
