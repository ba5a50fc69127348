//! Threading: how many independent ways we have into each key player, and the
//! brokers our access depends on.
//!
//! - Threads = the maximum number of access paths to a key player that share no
//!   intermediate stakeholder (our own members may repeat, and two members who
//!   know the key player directly are two threads). By Menger's theorem this is
//!   a max-flow with every stakeholder split into in → out of capacity 1; it is
//!   solved with Dinic's algorithm, stopping at the configured cap.
//! - Brokers of a key player = the stakeholders on every path from our team to
//!   them: its dominators in the access network (Cooper–Harvey–Kennedy).

use super::graph::Csr;
use super::paths::{AccessGraph, NONE};

/// The dominator tree of the access network rooted at the source:
/// `idom[v]` is v's immediate dominator (`NONE` if v is unreachable; the source is its own).
pub(crate) fn dominators(g: &AccessGraph, rev: &Csr) -> Vec<u32> {
    let n = g.nodes();
    let root = g.source();
    // Reverse postorder by an iterative depth-first search.
    let mut order = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    let mut stack: Vec<(usize, usize)> = vec![(root, g.out.offsets[root] as usize)];
    visited[root] = true;
    while let Some(top) = stack.last_mut() {
        let u = top.0;
        if top.1 < g.out.offsets[u + 1] as usize {
            let v = g.out.cols[top.1] as usize;
            top.1 += 1;
            if !visited[v] {
                visited[v] = true;
                stack.push((v, g.out.offsets[v] as usize));
            }
        } else {
            order.push(u);
            stack.pop();
        }
    }
    order.reverse();
    let mut rpo = vec![usize::MAX; n];
    for (k, &v) in order.iter().enumerate() {
        rpo[v] = k;
    }
    let mut idom = vec![NONE; n];
    idom[root] = root as u32;
    let mut changed = true;
    while changed {
        changed = false;
        for &v in &order[1..] {
            let mut new = NONE;
            for &p in rev.row(v).0 {
                let p = p as usize;
                if idom[p] == NONE {
                    continue;
                }
                new = if new == NONE { p as u32 } else { intersect(&idom, &rpo, p, new as usize) as u32 };
            }
            if new != idom[v] {
                idom[v] = new;
                changed = true;
            }
        }
    }
    idom
}

fn intersect(idom: &[u32], rpo: &[usize], mut a: usize, mut b: usize) -> usize {
    while a != b {
        while rpo[a] > rpo[b] {
            a = idom[a] as usize;
        }
        while rpo[b] > rpo[a] {
            b = idom[b] as usize;
        }
    }
    a
}

/// The stakeholders that dominate `target` (nearest first), i.e. whose removal cuts
/// every path from our team to it. Empty if the target is unreachable.
pub(crate) fn brokers_of(g: &AccessGraph, idom: &[u32], target: usize) -> Vec<u32> {
    let mut out = Vec::new();
    if idom[target] == NONE {
        return out;
    }
    let mut v = idom[target] as usize;
    while v != g.source() {
        if v < g.stakeholders {
            out.push(v as u32);
        }
        v = idom[v] as usize;
    }
    out
}

/// The split residual network for vertex-disjoint path counts, built once and
/// reused for every key player.
///
/// Each count runs Dinic's algorithm with the levels measured backward, as the
/// distance to the sink: the breadth-first search starts at the key player and
/// stops as soon as it reaches our team, so it only explores the neighbourhood
/// of the key player, and the forward search from the team then follows levels
/// that always lead to the sink.
pub(crate) struct ThreadCounter {
    /// Split nodes: stakeholder v → in 2v, out 2v+1; member k → 2n+k; source 2n+m.
    head: Vec<u32>,
    to: Vec<u32>,
    cap: Vec<i32>,
    /// Index of the paired arc.
    rev: Vec<u32>,
    source: usize,
    stakeholders: usize,
    level: Vec<u32>,
    /// `level[v]` is valid when `stamp[v] == generation`.
    stamp: Vec<u32>,
    generation: u32,
    cursor: Vec<u32>,
    touched: Vec<u32>,
    original: Vec<i32>,
    queue: Vec<u32>,
    path: Vec<u32>,
}

impl ThreadCounter {
    /// Builds the split network straight from the access network's rows: each
    /// node's arcs are counted from its in- and out-degrees, then written in one
    /// pass (the in → out arc of each stakeholder first, then the network's edges
    /// in row order, each arc beside its reverse at the other end).
    pub fn new(g: &AccessGraph) -> ThreadCounter {
        let (n, m) = (g.stakeholders, g.members);
        let nodes = 2 * n + m + 1;
        let out_side = |v: usize| if v < n { 2 * v + 1 } else { n + v };
        let in_side = |v: usize| if v < n { 2 * v } else { n + v };
        // head[x + 1] = arcs at split node x: a stakeholder's in side holds its
        // in → out arc and the reverses of the edges into it, its out side the
        // reverse of that arc and its edges out; members and the source hold both.
        let mut head = vec![0u32; nodes + 1];
        for v in 0..n {
            head[2 * v + 1] = 1;
            head[2 * v + 2] = 1;
        }
        for (u, w) in g.out.offsets.windows(2).enumerate() {
            head[out_side(u) + 1] += w[1] - w[0];
        }
        for &v in &g.out.cols {
            head[in_side(v as usize) + 1] += 1;
        }
        for i in 0..nodes {
            head[i + 1] += head[i];
        }
        let total = head[nodes] as usize;
        let (mut to, mut cap, mut rev) = (vec![0u32; total], vec![0i32; total], vec![0u32; total]);
        let mut fill = head.clone();
        /// Writes arc a → b of capacity c at a, and its reverse at b.
        #[inline(always)]
        fn arc(fill: &mut [u32], to: &mut [u32], cap: &mut [i32], rev: &mut [u32], a: usize, b: usize, c: i32) {
            let (i, j) = (fill[a] as usize, fill[b] as usize);
            fill[a] += 1;
            fill[b] += 1;
            (to[i], cap[i], rev[i]) = (b as u32, c, j as u32);
            (to[j], cap[j], rev[j]) = (a as u32, 0, i as u32);
        }
        for v in 0..n {
            arc(&mut fill, &mut to, &mut cap, &mut rev, 2 * v, 2 * v + 1, 1);
        }
        let unbounded = i32::MAX / 4;
        for (u, w) in g.out.offsets.windows(2).enumerate() {
            let (c, from) = (if u == g.source() { unbounded } else { 1 }, out_side(u));
            for &v in &g.out.cols[w[0] as usize..w[1] as usize] {
                arc(&mut fill, &mut to, &mut cap, &mut rev, from, in_side(v as usize), c);
            }
        }
        ThreadCounter {
            original: cap.clone(),
            head,
            to,
            cap,
            rev,
            source: nodes - 1,
            stakeholders: n,
            level: vec![0; nodes],
            stamp: vec![0; nodes],
            generation: 0,
            cursor: vec![0; nodes],
            touched: Vec::new(),
            queue: Vec::new(),
            path: Vec::new(),
        }
    }

    /// Vertex-disjoint paths from the team to stakeholder `target`, counted up to `limit`.
    pub fn count(&mut self, target: usize, limit: u32) -> u32 {
        assert!(target < self.stakeholders, "threads are counted to stakeholders");
        let sink = 2 * target; // the "in" side: paths end on entering the target
        let mut flow = 0;
        while flow < limit && self.levels(sink) {
            while flow < limit && self.augment(sink) {
                flow += 1;
            }
        }
        for &a in &self.touched {
            self.cap[a as usize] = self.original[a as usize];
        }
        self.touched.clear();
        flow
    }

    #[inline]
    fn labelled(&self, v: usize) -> bool {
        self.stamp[v] == self.generation
    }

    /// Distances to the sink in the residual network, by a backward breadth-first
    /// search that stops once the source is reached. Resets the cursors it labels.
    fn levels(&mut self, sink: usize) -> bool {
        self.generation += 1;
        self.queue.clear();
        self.stamp[sink] = self.generation;
        self.level[sink] = 0;
        self.cursor[sink] = self.head[sink];
        self.queue.push(sink as u32);
        let mut k = 0;
        while k < self.queue.len() {
            let v = self.queue[k] as usize;
            k += 1;
            for r in self.head[v] as usize..self.head[v + 1] as usize {
                // r is v → u; its pair is u → v, usable backward if it has capacity left.
                let u = self.to[r] as usize;
                if self.cap[self.rev[r] as usize] > 0 && !self.labelled(u) {
                    self.stamp[u] = self.generation;
                    self.level[u] = self.level[v] + 1;
                    self.cursor[u] = self.head[u];
                    if u == self.source {
                        return true;
                    }
                    self.queue.push(u as u32);
                }
            }
        }
        false
    }

    /// Pushes one unit from the source to the sink along decreasing levels.
    fn augment(&mut self, sink: usize) -> bool {
        self.path.clear();
        let mut u = self.source;
        loop {
            if u == sink {
                for &a in &self.path {
                    let r = self.rev[a as usize];
                    self.cap[a as usize] -= 1;
                    self.cap[r as usize] += 1;
                    self.touched.push(a);
                    self.touched.push(r);
                }
                return true;
            }
            let mut advanced = false;
            while self.cursor[u] < self.head[u + 1] {
                let a = self.cursor[u] as usize;
                let v = self.to[a] as usize;
                if self.cap[a] > 0 && self.labelled(v) && self.level[v] + 1 == self.level[u] {
                    self.path.push(a as u32);
                    u = v;
                    advanced = true;
                    break;
                }
                self.cursor[u] += 1;
            }
            if !advanced {
                // Dead end: drop u from the level graph, retreat and skip the arc that led here.
                self.stamp[u] = 0;
                match self.path.pop() {
                    None => return false,
                    Some(a) => {
                        u = self.to[self.rev[a as usize] as usize] as usize;
                        self.cursor[u] += 1;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::graph::Edge;

    fn graph(n: usize, m: usize, edges: &[(u32, u32)]) -> AccessGraph {
        let source = (n + m) as u32;
        let mut all: Vec<Edge> =
            (0..m).map(|k| Edge { row: source, col: (n + k) as u32, w: 1.0, explicit: true }).collect();
        all.extend(edges.iter().map(|&(row, col)| Edge { row, col, w: 0.5, explicit: true }));
        AccessGraph { stakeholders: n, members: m, out: Csr::from_edges(n + m + 1, &all) }
    }

    /// Whether `t` is reachable from the source with the stakeholders in `removed` deleted.
    fn reachable_without(g: &AccessGraph, t: usize, removed: &[usize]) -> bool {
        let mut seen = vec![false; g.nodes()];
        let mut stack = vec![g.source()];
        seen[g.source()] = true;
        while let Some(u) = stack.pop() {
            if u == t {
                return true;
            }
            for &v in g.out.row(u).0 {
                let v = v as usize;
                if !seen[v] && !removed.contains(&v) {
                    seen[v] = true;
                    stack.push(v);
                }
            }
        }
        false
    }

    /// The smallest number of stakeholders (other than t) whose removal cuts t off,
    /// or `usize::MAX` if no removal does (a member knows t directly), by brute force.
    fn min_cut(g: &AccessGraph, t: usize) -> usize {
        if !reachable_without(g, t, &[]) {
            return 0;
        }
        let others: Vec<usize> = (0..g.stakeholders).filter(|&v| v != t).collect();
        for size in 1..=others.len() {
            let mut idx: Vec<usize> = (0..size).collect();
            loop {
                let removed: Vec<usize> = idx.iter().map(|&i| others[i]).collect();
                if !reachable_without(g, t, &removed) {
                    return size;
                }
                // Next combination.
                let mut k = size;
                while k > 0 && idx[k - 1] == others.len() - size + k - 1 {
                    k -= 1;
                }
                if k == 0 {
                    break;
                }
                idx[k - 1] += 1;
                for j in k..size {
                    idx[j] = idx[j - 1] + 1;
                }
            }
        }
        usize::MAX
    }

    #[test]
    fn threads_equal_the_brute_force_vertex_cut() {
        // Members 6, 7. Stakeholder 0 is reached only through 1; 3 has two disjoint routes.
        let edges = [(6, 1), (1, 0), (6, 2), (7, 4), (2, 3), (4, 3), (2, 5), (4, 5), (6, 5), (7, 5), (1, 2)];
        let g = graph(6, 2, &edges);
        let rev = g.out.transpose(g.nodes());
        let idom = dominators(&g, &rev);
        let mut counter = ThreadCounter::new(&g);
        let direct = |t: usize| (6..8).filter(|&m| g.out.row(m).0.contains(&(t as u32))).count();
        for t in 0..6 {
            let threads = counter.count(t, 100) as usize;
            let cut = min_cut(&g, t);
            if cut == usize::MAX {
                // Menger with direct ties: each direct tie is a thread no removal can cut.
                assert!(direct(t) > 0);
            } else if direct(t) == 0 {
                assert_eq!(threads, cut, "target {t}");
            }
            let brokers = brokers_of(&g, &idom, t);
            for v in 0..6 {
                let cuts = v != t && !reachable_without(&g, t, &[v]);
                assert_eq!(brokers.contains(&(v as u32)), cuts, "target {t}, broker {v}");
            }
        }
        assert_eq!(counter.count(0, 10), 1);
        assert_eq!(brokers_of(&g, &idom, 0), vec![1]);
        assert_eq!(counter.count(3, 10), 2);
        assert_eq!(counter.count(5, 10), 4);
        assert_eq!(counter.count(5, 3), 3);
    }

    #[test]
    fn unreachable_has_no_threads_and_no_brokers() {
        let g = graph(3, 1, &[(3, 0), (1, 2)]);
        let rev = g.out.transpose(g.nodes());
        let idom = dominators(&g, &rev);
        assert_eq!(ThreadCounter::new(&g).count(2, 5), 0);
        assert!(brokers_of(&g, &idom, 2).is_empty());
    }
}
