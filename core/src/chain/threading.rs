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

use super::graph::Pattern;
use super::paths::{AccessGraph, NONE};

/// The dominator tree of the access network rooted at the source:
/// `idom[v]` is v's immediate dominator (`NONE` if v is unreachable; the source is its own).
pub(crate) fn dominators(g: &AccessGraph, rev: &Pattern) -> Vec<u32> {
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
            for &p in rev.row(v) {
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

/// Vertex-disjoint path counts over the split network of the access network, read
/// from the access rows and their transpose rather than copied.
///
/// The split network gives each stakeholder v an in side 2v and an out side 2v + 1
/// joined by an arc of capacity 1; member k is node 2n + k and the source 2n + m.
/// An edge u → v of the access network is an arc from u's out side (a member or the
/// source: the node itself) to v's in side, of capacity 1 (unbounded from the
/// source). Since a stakeholder carries at most one unit, the flow is kept per
/// stakeholder (who its unit comes from, where it goes), and the residual arcs of
/// each node follow from it and from the access rows (forward) or their transpose
/// (backward).
///
/// Each count runs Dinic's algorithm with the levels measured backward, as the
/// distance to the sink: the breadth-first search starts at the key player and
/// stops as soon as it reaches our team, so it only explores the neighbourhood
/// of the key player, and the forward search from the team then follows levels
/// that always lead to the sink.
pub(crate) struct ThreadCounter {
    /// Who reaches each node: the transpose of the access rows.
    rev: Pattern,
    stakeholders: usize,
    members: usize,
    /// For stakeholder v: the split node whose edge brings v's unit of flow (the
    /// out side of a stakeholder, or a member), `NONE` if v carries none.
    pred: Vec<u32>,
    /// For stakeholder v: the stakeholder v's unit of flow goes to, `NONE` if none.
    succ: Vec<u32>,
    /// Whether member k's edge into the current target carries flow.
    hit: Vec<bool>,
    /// Stakeholders (v) and members (n + k) whose flow changed during a count.
    touched: Vec<u32>,
    /// Per split node: its level, valid when `stamp[x] == generation`.
    level: Vec<u32>,
    stamp: Vec<u32>,
    generation: u32,
    /// Per split node: the next arc to try (see [`ThreadCounter::next`]).
    cursor: Vec<u32>,
    queue: Vec<u32>,
    path: Vec<u32>,
}

impl ThreadCounter {
    /// A counter for the access network `g` (its transpose and the empty flow).
    #[inline(never)] // a profiler sees the transpose on its own
    pub fn new(g: &AccessGraph) -> ThreadCounter {
        let (n, m) = (g.stakeholders, g.members);
        let nodes = 2 * n + m + 1;
        ThreadCounter {
            rev: g.out.transpose_pattern(g.nodes()),
            stakeholders: n,
            members: m,
            pred: vec![NONE; n],
            succ: vec![NONE; n],
            hit: vec![false; m],
            touched: Vec::new(),
            level: vec![0; nodes],
            stamp: vec![0; nodes],
            generation: 0,
            cursor: vec![0; nodes],
            queue: Vec::new(),
            path: Vec::new(),
        }
    }

    /// The transpose of the access network's rows (who reaches each node).
    pub fn reverse(&self) -> &Pattern {
        &self.rev
    }

    /// Vertex-disjoint paths from the team to stakeholder `target` of `g` (the
    /// network the counter was made for), counted up to `limit`.
    pub fn count(&mut self, g: &AccessGraph, target: usize, limit: u32) -> u32 {
        assert!(target < self.stakeholders, "threads are counted to stakeholders");
        debug_assert_eq!((g.stakeholders, g.members), (self.stakeholders, self.members));
        let mut flow = 0;
        while flow < limit && self.levels(g, target) {
            while flow < limit && self.augment(g, target) {
                flow += 1;
            }
        }
        let n = self.stakeholders;
        for &v in &self.touched {
            let v = v as usize;
            if v < n {
                (self.pred[v], self.succ[v]) = (NONE, NONE);
            } else {
                self.hit[v - n] = false;
            }
        }
        self.touched.clear();
        flow
    }

    #[inline]
    fn labelled(&self, x: usize) -> bool {
        self.stamp[x] == self.generation
    }

    /// The split node of member `k`.
    #[inline]
    fn member(&self, k: usize) -> usize {
        2 * self.stakeholders + k
    }

    /// The source's split node.
    #[inline]
    fn source(&self) -> usize {
        2 * self.stakeholders + self.members
    }

    /// Whether access edge `u → v` (u a stakeholder or member, v a stakeholder) has
    /// capacity left.
    #[inline]
    fn free(&self, u: usize, v: usize, target: usize) -> bool {
        let n = self.stakeholders;
        if u < n {
            self.succ[u] != v as u32
        } else if v == target {
            !self.hit[u - n]
        } else {
            self.pred[v] != self.member(u - n) as u32
        }
    }

    /// Labels `x` at `level` and sets its cursor to its first arc.
    #[inline]
    fn label(&mut self, g: &AccessGraph, x: usize, level: u32) {
        let n = self.stakeholders;
        self.stamp[x] = self.generation;
        self.level[x] = level;
        self.cursor[x] = match x {
            _ if x < 2 * n && x % 2 == 0 => 0,
            _ if x < 2 * n => g.out.offsets[x / 2],
            _ => g.out.offsets[x - n],
        };
    }

    /// Distances to the sink (the target's in side) in the residual network, by a
    /// backward breadth-first search that stops once the source is reached.
    fn levels(&mut self, g: &AccessGraph, target: usize) -> bool {
        let n = self.stakeholders;
        self.generation += 1;
        self.queue.clear();
        self.label(g, 2 * target, 0);
        self.queue.push(2 * target as u32);
        let mut next = 0;
        while next < self.queue.len() {
            let x = self.queue[next] as usize;
            next += 1;
            let (v, up) = (x / 2, self.level[x] + 1);
            if x % 2 == 0 {
                // In side: the edges into v with capacity left, then the way back
                // from v's out side if v carries flow.
                let (a, b) = (self.rev.offsets[v] as usize, self.rev.offsets[v + 1] as usize);
                for i in a..b {
                    let u = self.rev.cols[i] as usize;
                    if u == v || !self.free(u, v, target) {
                        continue;
                    }
                    let tail = if u < n { 2 * u + 1 } else { self.member(u - n) };
                    if self.labelled(tail) {
                        continue;
                    }
                    self.label(g, tail, up);
                    if u >= n {
                        // The source reaches every member.
                        let source = self.source();
                        self.label(g, source, up + 1);
                        return true;
                    }
                    self.queue.push(tail as u32);
                }
                if self.pred[v] != NONE && !self.labelled(x + 1) {
                    self.label(g, x + 1, up);
                    self.queue.push(x as u32 + 1);
                }
            } else {
                // Out side: from v's in side if v carries no flow, else back from
                // where v's unit goes.
                let tail = if self.pred[v] == NONE {
                    x - 1
                } else if self.succ[v] != NONE {
                    2 * self.succ[v] as usize
                } else {
                    continue;
                };
                if !self.labelled(tail) {
                    self.label(g, tail, up);
                    self.queue.push(tail as u32);
                }
            }
        }
        false
    }

    /// The node the residual arc at `x`'s cursor leads to, if it has capacity left
    /// and goes one level down; `None` once `x`'s arcs are used up. Cursors: the
    /// source and members walk their access row; an in side has one arc (cursor 0,
    /// then 1); an out side walks its access row, then the arc back to its in side.
    #[inline]
    fn next(&mut self, g: &AccessGraph, x: usize, target: usize) -> Option<usize> {
        let n = self.stakeholders;
        let down = self.level[x].wrapping_sub(1);
        let fits = |s: &Self, y: usize| s.labelled(y) && s.level[y] == down;
        if x < 2 * n {
            let v = x / 2;
            if x % 2 == 0 {
                // In side: on to the out side, or back to where v's unit comes from.
                if self.cursor[x] == 0 {
                    let y = if self.pred[v] == NONE { x + 1 } else { self.pred[v] as usize };
                    if fits(self, y) {
                        return Some(y);
                    }
                    self.cursor[x] = 1;
                }
                return None;
            }
            let end = g.out.offsets[v + 1];
            while self.cursor[x] < end {
                let w = g.out.cols[self.cursor[x] as usize] as usize;
                if w != v && self.succ[v] != w as u32 && fits(self, 2 * w) {
                    return Some(2 * w);
                }
                self.cursor[x] += 1;
            }
            if self.cursor[x] == end {
                if self.pred[v] != NONE && fits(self, x - 1) {
                    return Some(x - 1);
                }
                self.cursor[x] += 1;
            }
            return None;
        }
        // The source (to members) or a member (to stakeholders): its access row.
        let u = x - n;
        let end = g.out.offsets[u + 1];
        while self.cursor[x] < end {
            let w = g.out.cols[self.cursor[x] as usize] as usize;
            if w < n {
                if self.free(u, w, target) && fits(self, 2 * w) {
                    return Some(2 * w);
                }
            } else if fits(self, w + n) {
                return Some(w + n);
            }
            self.cursor[x] += 1;
        }
        None
    }

    /// Pushes one unit from the source to the sink along decreasing levels.
    fn augment(&mut self, g: &AccessGraph, target: usize) -> bool {
        let sink = 2 * target;
        self.path.clear();
        let mut x = self.source();
        loop {
            if x == sink {
                self.path.push(x as u32);
                self.apply(target);
                debug_assert!(self.consistent(target), "the flow keeps one unit in and out of each stakeholder");
                return true;
            }
            match self.next(g, x, target) {
                Some(y) => {
                    self.path.push(x as u32);
                    x = y;
                }
                None => {
                    // Dead end: drop x from the level graph, retreat and skip the arc that led here.
                    self.stamp[x] = 0;
                    match self.path.pop() {
                        None => return false,
                        Some(p) => {
                            x = p as usize;
                            self.cursor[x] += 1;
                        }
                    }
                }
            }
        }
    }

    /// Whether each touched stakeholder other than the target has a unit coming in
    /// exactly when it has one going out, from a tail that sends it there.
    fn consistent(&self, target: usize) -> bool {
        let n = self.stakeholders;
        self.touched.iter().map(|&v| v as usize).filter(|&v| v < n && v != target).all(|v| {
            let (p, s) = (self.pred[v], self.succ[v]);
            (p == NONE) == (s == NONE)
                && (p == NONE || p as usize >= 2 * n || self.succ[p as usize / 2] == v as u32)
                && (s == NONE || s as usize == target || self.pred[s as usize] == (2 * v + 1) as u32)
        })
    }

    /// Moves the flow along `path` (split nodes from the source to the sink), arc by arc
    /// in order, so that an arc that cancels a unit sees the unit its path has just brought.
    fn apply(&mut self, target: usize) {
        let n = self.stakeholders;
        for i in 1..self.path.len() - 1 {
            let (a, b) = (self.path[i] as usize, self.path[i + 1] as usize);
            if a >= 2 * n {
                // Member k → v's in side.
                let (k, v) = (a - 2 * n, b / 2);
                if v == target {
                    self.hit[k] = true;
                    self.touched.push((n + k) as u32);
                } else {
                    self.pred[v] = a as u32;
                    self.touched.push(v as u32);
                }
            } else if a % 2 == 0 {
                // v's in side → its out side (nothing to keep), or back along the edge
                // that brought v's unit (cancelling it).
                let v = a / 2;
                if b != a + 1 {
                    if b < 2 * n {
                        self.succ[b / 2] = NONE;
                    }
                    if self.pred[v] == b as u32 {
                        self.pred[v] = NONE;
                    }
                }
            } else {
                // v's out side → w's in side (an edge), or back to v's in side.
                let (v, w) = (a / 2, b / 2);
                if w != v {
                    self.succ[v] = w as u32;
                    self.touched.push(v as u32);
                    if w != target {
                        self.pred[w] = a as u32;
                        self.touched.push(w as u32);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::graph::{Csr, Edge};

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
        let rev = g.out.transpose_pattern(g.nodes());
        let idom = dominators(&g, &rev);
        let mut counter = ThreadCounter::new(&g);
        let direct = |t: usize| (6..8).filter(|&m| g.out.row(m).0.contains(&(t as u32))).count();
        for t in 0..6 {
            let threads = counter.count(&g, t, 100) as usize;
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
        assert_eq!(counter.count(&g, 0, 10), 1);
        assert_eq!(brokers_of(&g, &idom, 0), vec![1]);
        assert_eq!(counter.count(&g, 3, 10), 2);
        assert_eq!(counter.count(&g, 5, 10), 4);
        assert_eq!(counter.count(&g, 5, 3), 3);
    }

    /// Max flow on the explicit split network (stakeholder v: in 2v, out 2v + 1, capacity 1
    /// between; member k: 2n + k; source 2n + m), by breadth-first augmenting paths.
    fn reference_threads(g: &AccessGraph, target: usize) -> u32 {
        let (n, m) = (g.stakeholders, g.members);
        let nodes = 2 * n + m + 1;
        let side = |v: usize, out: bool| if v < n { 2 * v + usize::from(out) } else { n + v };
        let mut cap = vec![vec![0i64; nodes]; nodes];
        for v in 0..n {
            cap[2 * v][2 * v + 1] = 1;
        }
        for u in 0..g.nodes() {
            for &v in g.out.row(u).0 {
                cap[side(u, true)][side(v as usize, false)] += if u == g.source() { 1 << 20 } else { 1 };
            }
        }
        let (source, sink) = (nodes - 1, 2 * target);
        let mut flow = 0;
        loop {
            let mut prev = vec![usize::MAX; nodes];
            prev[source] = source;
            let mut queue = std::collections::VecDeque::from([source]);
            while let Some(x) = queue.pop_front() {
                for y in 0..nodes {
                    if cap[x][y] > 0 && prev[y] == usize::MAX {
                        prev[y] = x;
                        queue.push_back(y);
                    }
                }
            }
            if prev[sink] == usize::MAX {
                return flow;
            }
            let mut y = sink;
            while y != source {
                let x = prev[y];
                cap[x][y] -= 1;
                cap[y][x] += 1;
                y = x;
            }
            flow += 1;
        }
    }

    #[test]
    fn threads_equal_a_plain_max_flow_on_random_networks() {
        let mut next = crate::chain::graph::test_draws(0x9e37_79b9_7f4a_7c15u64);
        for round in 0..500 {
            let (n, m) = (1 + next(24) as usize, 1 + next(2) as usize);
            let mut edges = Vec::new();
            for _ in 0..next(2 * n as u64) {
                // Self-loops included: they never carry a thread.
                edges.push((next(n as u64) as u32, next(n as u64) as u32));
            }
            for _ in 0..next(n as u64 / 2 + 2) {
                edges.push(((n + next(m as u64) as usize) as u32, next(n as u64) as u32));
            }
            let g = graph(n, m, &edges);
            let mut counter = ThreadCounter::new(&g);
            // Every target twice, with the counter reused, at two limits.
            for pass in 0..2 {
                for t in 0..n {
                    let want = reference_threads(&g, t);
                    let limit = if pass == 0 { 100 } else { 1 + next(3) as u32 };
                    assert_eq!(
                        counter.count(&g, t, limit),
                        want.min(limit),
                        "round {round}, target {t}, limit {limit}"
                    );
                }
            }
        }
    }

    /// The shortest path takes a, b and c; the second thread needs the first moved off
    /// b entirely (back through c, b and a) onto the longer way through x1, x2, x3.
    #[test]
    fn a_second_thread_reroutes_the_first_back_through_a_stakeholder() {
        // Stakeholders: t 0, a 1, b 2, c 3, x1 4, x2 5, x3 6, y1 7, y2 8, y 9; member 10.
        let edges = [(10, 1), (1, 2), (2, 3), (3, 0), (1, 4), (4, 5), (5, 6), (6, 0), (10, 7), (7, 8), (8, 9), (9, 3)];
        let g = graph(10, 1, &edges);
        assert_eq!(reference_threads(&g, 0), 2);
        let mut counter = ThreadCounter::new(&g);
        assert_eq!(counter.count(&g, 0, 5), 2);
        assert_eq!(counter.count(&g, 0, 5), 2, "the flow is reset between counts");
        assert_eq!(counter.count(&g, 3, 5), 2);
    }

    #[test]
    fn unreachable_has_no_threads_and_no_brokers() {
        let g = graph(3, 1, &[(3, 0), (1, 2)]);
        let rev = g.out.transpose_pattern(g.nodes());
        let idom = dominators(&g, &rev);
        assert_eq!(ThreadCounter::new(&g).count(&g, 2, 5), 0);
        assert!(brokers_of(&g, &idom, 2).is_empty());
    }
}
