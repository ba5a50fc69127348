//! Compressed sparse rows, and the influence graph built once from the map.

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use super::ChainConfig;
use crate::model::{Direction, RelationKind, RelationshipMap};

/// One weighted edge on its way into a [`Csr`]: `row` holds it, `col` is the other end.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    pub row: u32,
    pub col: u32,
    pub w: f64,
    /// Explicit edges replace implied ones between the same pair.
    pub explicit: bool,
}

/// Edges that can be listed more than once, the same each time, so that a [`Csr`]
/// is built from them in two passes (count the rows, then write them) without an
/// edge list in between.
pub(crate) trait EdgeSource {
    /// Calls `f(row, col, weight, explicit)` for every edge, in order.
    fn each(&self, f: impl FnMut(u32, u32, f64, bool));

    /// A bound on the columns, if known (else the build finds it).
    fn cols(&self) -> Option<usize> {
        None
    }
}

impl EdgeSource for [Edge] {
    #[inline(always)]
    fn each(&self, mut f: impl FnMut(u32, u32, f64, bool)) {
        for e in self {
            f(e.row, e.col, e.w, e.explicit);
        }
    }
}

/// A sparse matrix / adjacency list in compressed sparse row form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Csr {
    /// `offsets[i]..offsets[i+1]` is row `i`.
    pub offsets: Vec<u32>,
    /// Column of each entry.
    pub cols: Vec<u32>,
    /// Value of each entry.
    pub vals: Vec<f64>,
}

impl Csr {
    /// Builds the rows from edges; several edges between one (row, col) pair merge into one:
    /// an explicit edge replaces implied ones, and among equals the largest weight wins.
    pub fn from_edges(rows: usize, edges: &[Edge]) -> Csr {
        Csr::from_source(rows, edges)
    }

    /// [`Csr::from_edges`] over edges listed twice: once to count each row's entries,
    /// once to write them in their row's place; then repeats merge row by row into
    /// the entry of their first edge, and the rows close up over them.
    pub fn from_source<E: EdgeSource + ?Sized>(rows: usize, edges: &E) -> Csr {
        // Row i's count goes to offsets[i + 2], so that after the running sum
        // offsets[i + 1] is where row i starts, and after the writes where it ends.
        let mut offsets = vec![0u32; rows + 2];
        let cols_end = match edges.cols() {
            Some(cols) => {
                edges.each(|row, _, _, _| offsets[row as usize + 2] += 1);
                cols
            }
            None => {
                let mut end = 0usize;
                edges.each(|row, col, _, _| {
                    offsets[row as usize + 2] += 1;
                    end = end.max(col as usize + 1);
                });
                end
            }
        };
        for i in 2..rows + 2 {
            offsets[i] += offsets[i - 1];
        }
        let total = offsets[rows + 1] as usize;
        offsets.pop();
        let mut cols = vec![0u32; total];
        let mut vals = vec![0f64; total];
        // One bit per entry: set for an implied (not explicit) edge.
        let mut implied = vec![0u64; total.div_ceil(64)];
        edges.each(|row, col, w, explicit| {
            let at = &mut offsets[row as usize + 1];
            let k = *at as usize;
            *at += 1;
            cols[k] = col;
            vals[k] = w;
            if !explicit {
                implied[k / 64] |= 1 << (k % 64);
            }
        });
        // Repeats, row by row: `seen[col]` is one past the entry where `col` was last
        // kept; entries only grow, so one at or past the row's start is in this row.
        // A repeat merges into that entry (an explicit edge replaces implied ones,
        // among equals the largest weight wins) and is noted to be dropped.
        let mut seen = vec![0u32; cols_end];
        let mut repeats: Vec<usize> = Vec::new();
        let mut start = 0usize;
        for i in 0..rows {
            let end = offsets[i + 1] as usize;
            for k in start..end {
                let c = cols[k] as usize;
                let first = seen[c] as usize;
                if first > start {
                    let old = first - 1;
                    let bit = |k: usize| (implied[k / 64] >> (k % 64)) & 1;
                    let (x, old_x) = (bit(k), bit(old));
                    if x < old_x || (x == old_x && vals[k] > vals[old]) {
                        vals[old] = vals[k];
                        implied[old / 64] ^= (x ^ old_x) << (old % 64);
                    }
                    repeats.push(k);
                } else {
                    seen[c] = k as u32 + 1;
                }
            }
            offsets[i + 1] = (end - repeats.len()) as u32;
            start = end;
        }
        // Close up over the repeats.
        if let Some(&first) = repeats.first() {
            let mut write = first;
            for (j, &r) in repeats.iter().enumerate() {
                let next = repeats.get(j + 1).copied().unwrap_or(total);
                cols.copy_within(r + 1..next, write);
                vals.copy_within(r + 1..next, write);
                write += next - r - 1;
            }
            cols.truncate(write);
            vals.truncate(write);
        }
        Csr { offsets, cols, vals }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The entries of row `i`.
    #[inline]
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        (&self.cols[a..b], &self.vals[a..b])
    }

    /// The transpose, with `cols` rows.
    pub fn transpose(&self, cols: usize) -> Csr {
        self.transpose_with(cols, |_, v| v)
    }

    /// The transpose, with `cols` rows and `f(row, value)` for each entry.
    #[inline(always)]
    fn transpose_with(&self, cols: usize, f: impl Fn(usize, f64) -> f64) -> Csr {
        let offsets = self.transpose_offsets(cols);
        let (offsets, tc, tv) = self.scatter_transposed(offsets, true, f);
        Csr { offsets, cols: tc, vals: tv }
    }

    /// The transpose's rows without their values.
    pub fn transpose_pattern(&self, cols: usize) -> Pattern {
        let offsets = self.transpose_offsets(cols);
        let (offsets, cols, _) = self.scatter_transposed(offsets, false, |_, v| v);
        Pattern { offsets, cols }
    }

    /// The transpose's row counts, shifted by two and summed as [`Csr::from_source`] does:
    /// `offsets[c + 1]` is where transposed row `c` starts.
    fn transpose_offsets(&self, cols: usize) -> Vec<u32> {
        let mut offsets = vec![0u32; cols + 2];
        for &c in &self.cols {
            offsets[c as usize + 2] += 1;
        }
        for i in 2..cols + 2 {
            offsets[i] += offsets[i - 1];
        }
        offsets.pop();
        offsets
    }

    /// Writes each entry (row `i`, value `v`) into its column's row as (`i`, `f(i, v)`),
    /// values only if `values`; `offsets` from [`Csr::transpose_offsets`], returned as the
    /// transpose's offsets.
    #[inline(always)]
    fn scatter_transposed(
        &self,
        mut offsets: Vec<u32>,
        values: bool,
        f: impl Fn(usize, f64) -> f64,
    ) -> (Vec<u32>, Vec<u32>, Vec<f64>) {
        let mut tc = vec![0u32; self.cols.len()];
        let mut tv = if values { vec![0f64; self.cols.len()] } else { Vec::new() };
        for (i, w) in self.offsets.windows(2).enumerate() {
            let (a, b) = (w[0] as usize, w[1] as usize);
            for (&c, &v) in self.cols[a..b].iter().zip(&self.vals[a..b]) {
                let at = &mut offsets[c as usize + 1];
                let t = *at as usize;
                *at += 1;
                tc[t] = i as u32;
                if values {
                    tv[t] = f(i, v);
                }
            }
        }
        (offsets, tc, tv)
    }
}

/// The rows of a sparse pattern (a [`Csr`] without values).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Pattern {
    /// `offsets[i]..offsets[i+1]` is row `i`.
    pub offsets: Vec<u32>,
    /// Column of each entry.
    pub cols: Vec<u32>,
}

impl Pattern {
    /// The columns of row `i`.
    #[inline]
    pub fn row(&self, i: usize) -> &[u32] {
        &self.cols[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Dense indices resolved once: each relation's endpoints and each stakeholder's manager.
pub(crate) struct Interned<'a> {
    /// (source, target) of every relation, in relation order.
    pub ends: Vec<(u32, u32)>,
    /// Each stakeholder's manager (the map's own index).
    pub managers: &'a [Option<usize>],
}

impl<'a> Interned<'a> {
    pub fn new(map: &'a RelationshipMap) -> Interned<'a> {
        let ends = map.relation_indices().iter().map(|&(s, t)| (s as u32, t as u32)).collect();
        Interned { ends, managers: map.managers() }
    }
}

/// The directed influence edges `speaker → listener` of the map: explicit `influences`
/// relations (both ways when `direction` is `both`) and the edges implied by `reports_to`.
/// Each edge is given as `row = listener, col = speaker`.
pub(crate) fn influence_edges(
    map: &RelationshipMap,
    ends: &[(u32, u32)],
    managers: &[Option<usize>],
    cfg: &ChainConfig,
) -> Vec<Edge> {
    let mut edges = Vec::with_capacity(ends.len() + 2 * managers.len());
    each_influence_relation(map, ends, |row, col, w| edges.push(Edge { row, col, w, explicit: true }));
    push_org_edges(&mut edges, managers, cfg, |listener, speaker| (listener, speaker));
    edges
}

/// The explicit edges of [`influence_edges`] (the `influences` relations), in its
/// order, as `f(row, col, weight)`.
#[inline(always)]
pub(crate) fn each_influence_relation(map: &RelationshipMap, ends: &[(u32, u32)], mut f: impl FnMut(u32, u32, f64)) {
    for (r, &(s, t)) in map.relations().iter().zip(ends) {
        if r.kind == RelationKind::Influences {
            f(t, s, r.strength);
            if r.direction == Direction::Both {
                f(s, t, r.strength);
            }
        }
    }
}

/// Adds the org-chart edges (manager → report, report → manager), skipping zero strengths.
/// `orient(listener, speaker)` gives the (row, col) of an edge.
pub(crate) fn push_org_edges(
    edges: &mut Vec<Edge>,
    managers: &[Option<usize>],
    cfg: &ChainConfig,
    orient: impl Fn(u32, u32) -> (u32, u32),
) {
    each_org_edge(managers, cfg, orient, |row, col, w| edges.push(Edge { row, col, w, explicit: false }));
}

/// The org-chart edges of [`push_org_edges`] (all implied), in its order, as `f(row, col, weight)`.
#[inline(always)]
pub(crate) fn each_org_edge(
    managers: &[Option<usize>],
    cfg: &ChainConfig,
    orient: impl Fn(u32, u32) -> (u32, u32),
    mut f: impl FnMut(u32, u32, f64),
) {
    for (report, m) in managers.iter().enumerate() {
        if let Some(m) = *m {
            let (report, m) = (report as u32, m as u32);
            if cfg.manager_to_report > 0.0 {
                let (row, col) = orient(report, m);
                f(row, col, cfg.manager_to_report);
            }
            if cfg.report_to_manager > 0.0 {
                let (row, col) = orient(m, report);
                f(row, col, cfg.report_to_manager);
            }
        }
    }
}

impl RelationshipMap {
    /// The influence network the decision chain analyses, as a petgraph graph:
    /// node `i` is stakeholder `i` (its weight the id), and an edge `j → i` says
    /// that `j` sways `i`, weighted by the strength. The edges are the explicit
    /// `influences` relations (both ways for a two-way one) and those implied by
    /// `reports_to` (`cfg.manager_to_report`, `cfg.report_to_manager`), merged as the
    /// chain merges them: an explicit relation replaces the implied edge between
    /// the same pair, and of repeats the strongest stays. Ally, conflict and
    /// informs relations carry no influence and are not in it.
    ///
    /// The Friedkin–Johnsen W of the chain is this graph with each node's incoming
    /// weights divided by their sum, so petgraph's algorithms run on exactly what
    /// the chain computes over (`core/tests/influence_graph.rs` re-derives the
    /// decision influence from it).
    ///
    /// ```
    /// use relmap::chain::ChainConfig;
    /// use relmap::model::{Account, Relation, RelationKind, Stakeholder};
    /// use relmap::petgraph::algo::kosaraju_scc;
    /// let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "Chen"))?;
    /// map.add_stakeholder(Stakeholder::new("cio", "Liu").with_reports_to("ceo"))?;
    /// map.add_stakeholder(Stakeholder::new("cfo", "Wang"))?;
    /// map.add_relation(Relation::new("cfo", "cio", RelationKind::Influences, 0.4))?;
    /// map.add_relation(Relation::new("cfo", "ceo", RelationKind::Conflict, 0.9))?;
    /// let g = map.influence_graph(&ChainConfig::default());
    /// assert_eq!((g.node_count(), g.edge_count()), (3, 3)); // ceo ⇄ cio, cfo → cio
    /// // Who sways whom in a loop: the ceo and cio, through the org chart.
    /// let loops: Vec<Vec<&str>> = kosaraju_scc(&g).into_iter().filter(|c| c.len() > 1)
    ///     .map(|c| { let mut ids: Vec<&str> = c.iter().map(|&n| g[n]).collect(); ids.sort(); ids })
    ///     .collect();
    /// assert_eq!(loops, [["ceo", "cio"]]);
    /// # Ok::<(), relmap::model::ModelError>(())
    /// ```
    pub fn influence_graph(&self, cfg: &ChainConfig) -> DiGraph<&str, f64> {
        let interned = Interned::new(self);
        let n = self.stakeholders().len();
        let w = Csr::from_edges(n, &influence_edges(self, &interned.ends, interned.managers, cfg));
        let mut g = DiGraph::with_capacity(n, w.cols.len());
        for s in self.stakeholders() {
            g.add_node(s.id.as_str());
        }
        for listener in 0..n {
            let (speakers, strengths) = w.row(listener);
            for (&speaker, &strength) in speakers.iter().zip(strengths) {
                g.add_edge(NodeIndex::new(speaker as usize), NodeIndex::new(listener), strength);
            }
        }
        g
    }
}

/// A small xorshift generator for the randomised tests of the chain's networks:
/// each call `next(k)` draws a number in 0..k.
#[cfg(test)]
pub(crate) fn test_draws(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |k| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(row: u32, col: u32, w: f64, explicit: bool) -> Edge {
        Edge { row, col, w, explicit }
    }

    #[test]
    fn merges_repeats_explicit_first_then_max() {
        let edges = [
            e(0, 1, 0.3, false),
            e(0, 2, 0.5, true),
            e(0, 1, 0.2, true),
            e(1, 0, 0.4, true),
            e(0, 2, 0.9, true),
            e(1, 0, 0.9, false),
        ];
        let m = Csr::from_edges(3, &edges);
        assert_eq!(m.row(0), (&[1u32, 2][..], &[0.2, 0.9][..]));
        assert_eq!(m.row(1), (&[0u32][..], &[0.4][..]));
        assert_eq!(m.row(2).0.len(), 0);
        let t = m.transpose(3);
        assert_eq!(t.row(1), (&[0u32][..], &[0.2][..]));
        assert_eq!(t.row(0), (&[1u32][..], &[0.4][..]));
        assert_eq!(t.cols.len(), 3);
    }

    /// The merge of a straightforward reference: per row, each column in the order
    /// of its first edge, holding the explicit edge if any, the largest weight among equals.
    #[test]
    fn merge_equals_a_plain_reference_on_random_edges() {
        let mut next = test_draws(0x2545_f491_4f6c_dd1du64);
        for round in 0..200 {
            let rows = 1 + next(12) as usize;
            let edges: Vec<Edge> = (0..next(80))
                .map(|_| e(next(rows as u64) as u32, next(9) as u32, next(5) as f64 / 4.0, next(2) == 0))
                .collect();
            let m = Csr::from_edges(rows, &edges);
            for r in 0..rows {
                let mut want: Vec<(u32, f64, bool)> = Vec::new();
                for x in edges.iter().filter(|x| x.row as usize == r) {
                    match want.iter_mut().find(|w| w.0 == x.col) {
                        Some(w) if (x.explicit && !w.2) || (x.explicit == w.2 && x.w > w.1) => {
                            (w.1, w.2) = (x.w, x.explicit)
                        }
                        Some(_) => {}
                        None => want.push((x.col, x.w, x.explicit)),
                    }
                }
                let cols: Vec<u32> = want.iter().map(|w| w.0).collect();
                let vals: Vec<f64> = want.iter().map(|w| w.1).collect();
                assert_eq!(m.row(r), (&cols[..], &vals[..]), "round {round}, row {r}");
            }
        }
    }
}
