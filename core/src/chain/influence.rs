//! The Friedkin–Johnsen influence model, solved sparsely.
//!
//! W is row-stochastic over who listens to whom: row `i` (a listener) holds
//! W[i][j] = strength(j→i) / Σ_k strength(k→i). Λ = diag(openness), with openness
//! 0 for a stakeholder nobody influences. Total effects V = (I − ΛW)⁻¹(I − Λ).
//!
//! - Decision influence u = Vᵀa: iterate yᵀ ← aᵀ + yᵀΛW, then u = (I − Λ)y.
//! - Predicted stances x* = V·x₀: iterate x ← (I − Λ)x₀ + ΛW·x.
//!
//! Both are solved by sweeps (Gauss–Seidel for x*, over-relaxed then Gauss–Seidel
//! for u), which converge since ΛW has row sums ≤ q = max λ < 1, and each has a
//! rigorous a-posteriori bound of its error from the last sweep's changes (see each
//! method). They stop once that bound is below the
//! tolerance, or fail with [`ChainError::NotConverged`] at the iteration cap.

#[cfg(any(doc, test))]
use super::graph::influence_edges;
use super::graph::{each_influence_relation, each_org_edge, Csr, Edge, EdgeSource};
use super::{ChainConfig, ChainError};
use crate::model::RelationshipMap;

/// The influence model of one map: W (rows = listeners), Λ and the authority weights.
#[derive(Debug, Clone)]
pub(crate) struct InfluenceModel {
    /// Row-stochastic W; row `i` lists the speakers `j` of listener `i` with W[i][j].
    pub w: Csr,
    /// Effective openness λ (0 where nobody influences the stakeholder).
    pub lambda: Vec<f64>,
    /// Effective formal authority (explicit, else the largest role default).
    pub authority: Vec<f64>,
}

impl InfluenceModel {
    /// Builds W, Λ and the authorities from the map.
    ///
    /// W's rows are written straight from the relations and the org chart, in the
    /// order of [`influence_edges`] (count each listener's edges, then write them in
    /// their row's place); then row by row, repeats merge into the entry of their first
    /// edge as [`Csr::from_edges`] merges them (an explicit edge replaces implied ones,
    /// among equals the largest weight wins), the row closes up over them and is
    /// divided by its sum: the same W, bit for bit, as [`InfluenceModel::from_edges`]
    /// over the edge list.
    #[inline(never)] // a profiler sees W's build on its own
    pub fn build(
        map: &RelationshipMap,
        ends: &[(u32, u32)],
        managers: &[Option<usize>],
        cfg: &ChainConfig,
    ) -> InfluenceModel {
        let authority = map.stakeholders().iter().map(|s| cfg.role_authority.authority_of(s)).collect();
        let edges = InfluenceEdges { map, ends, managers, cfg };
        InfluenceModel::normalized(map, Csr::from_source(map.stakeholders().len(), &edges), authority, cfg)
    }

    /// Builds W and Λ from given influence edges (row = listener, col = speaker)
    /// with the map's openness, and takes the authorities as given.
    pub fn from_edges(map: &RelationshipMap, edges: &[Edge], authority: Vec<f64>, cfg: &ChainConfig) -> InfluenceModel {
        InfluenceModel::normalized(map, Csr::from_edges(map.stakeholders().len(), edges), authority, cfg)
    }

    /// Divides each of W's rows by its sum and gives the stakeholders with a
    /// non-empty row their openness (the others 0).
    fn normalized(map: &RelationshipMap, mut w: Csr, authority: Vec<f64>, cfg: &ChainConfig) -> InfluenceModel {
        let mut lambda = vec![0.0; map.stakeholders().len()];
        for (i, s) in map.stakeholders().iter().enumerate() {
            let row = &mut w.vals[w.offsets[i] as usize..w.offsets[i + 1] as usize];
            let total: f64 = row.iter().sum();
            if total > 0.0 {
                for v in row {
                    *v /= total;
                }
                lambda[i] = s.openness.unwrap_or(cfg.default_openness);
            }
        }
        InfluenceModel { w, lambda, authority }
    }

    /// The contraction factor q = max λ.
    fn contraction(&self) -> f64 {
        // A comparison rather than `f64::max`, which WebAssembly calls as a function.
        self.lambda.iter().fold(0.0, |q, &l| if l > q { l } else { q })
    }

    /// Decision weights a = authority / Σ authority.
    pub fn decision_weights(&self) -> Result<Vec<f64>, ChainError> {
        if self.authority.is_empty() {
            return Err(ChainError::EmptyMap);
        }
        let total: f64 = self.authority.iter().sum();
        if total <= 0.0 {
            return Err(ChainError::NoAuthority);
        }
        Ok(self.authority.iter().map(|a| a / total).collect())
    }

    /// Decision influence u = Vᵀa, and the number of iterations it took.
    ///
    /// Over-relaxed Gauss–Seidel (SOR) sweeps on y = a + Bᵀy over the speakers' lists,
    /// B = ΛW: y_j ← y_j + ω(a_j + Σ_i B_ij y_i − y_j), with ω = [`relaxation`],
    /// in the order of [`SweepPlan`] (the stakeholders with authority first, then
    /// their speakers breadth first; the others keep y_j = 0, their solution).
    /// The stopping rule bounds the error by the residual: after a sweep that moved
    /// y by Δ, the residual r = a + Bᵀy − y is r_j = (1/ω − 1)Δ_j + Σ_i B_ij Δ_i over
    /// the listeners i swept after j, so with β_i = Σ_j B_ij over the speakers j swept
    /// before i, ‖r‖₁ ≤ Σ_i (1 − 1/ω + β_i)|Δ_i|. And u − u* = −(I − Λ)(I − Bᵀ)⁻¹r,
    /// where (I − Λ)(I − Bᵀ)⁻¹ ≥ 0 has every column sum 1 (its column sums are
    /// (I − B)⁻¹(1 − λ) = 1, since B·1 = λ: W is row-stochastic and λ_i = 0 where W's
    /// row is empty), so ‖u − u*‖₁ ≤ ‖r‖₁ ≤ Σ_i (1 − 1/ω + β_i)|Δ_i|.
    /// The over-relaxed sweeps run until that bound is below the tolerance, or until
    /// the next one is expected to get it there (bound² / the previous bound, the
    /// last sweep's rate), then plain Gauss–Seidel sweeps (ω = 1, no 1 − 1/ω term)
    /// until it is below the tolerance: only that stops the solve.
    pub fn decision_influence(&self, a: &[f64], tol: f64, max_iter: usize) -> Result<(Vec<f64>, usize), ChainError> {
        self.decision_influence_from(a, a.to_vec(), tol, max_iter)
    }

    /// [`Self::decision_influence`] with the sweeps started from `y` instead of `a`
    /// (the bound holds from any start; a nearby solution saves sweeps).
    pub fn decision_influence_from(
        &self,
        a: &[f64],
        mut y: Vec<f64>,
        tol: f64,
        max_iter: usize,
    ) -> Result<(Vec<f64>, usize), ChainError> {
        let q = self.contraction();
        if q == 0.0 {
            // Nobody is influenced: y = a is the solution, and u = y.
            for (yi, l) in y.iter_mut().zip(&self.lambda) {
                *yi *= 1.0 - l;
            }
            return Ok((y, 0));
        }
        let plan = SweepPlan::new(self, a);
        // y in sweep order; the stakeholders the sweeps leave out are at their solution, 0.
        let mut ys: Vec<f64> = plan.order.iter().map(|&j| y[j as usize]).collect();
        // Over-relaxed sweeps until the bound is met, or the next one is expected to
        // meet it (at the last sweep's rate), then plain Gauss–Seidel ones (ω = 1)
        // until it is met: Gauss–Seidel ends exact where it is exact (an acyclic
        // network), which over-relaxation alone is not.
        let mut omega = relaxation(&self.lambda, q);
        let (mut iterations, mut last) = (0, 0.0);
        loop {
            let (bound, carried) =
                if omega == 1.0 { plan.sweep::<false>(&mut ys, 1.0) } else { plan.sweep::<true>(&mut ys, omega) };
            iterations += 1;
            if bound <= tol {
                if omega == 1.0 {
                    break;
                }
                omega = 1.0;
            } else if bound / last * carried <= tol {
                // The next sweep's Gauss–Seidel bound, guessed from this sweep's at the
                // last sweep's rate. (After the first sweep, bound / 0 = ∞: no rate yet.)
                omega = 1.0;
            }
            last = bound;
            if iterations == max_iter {
                return Err(ChainError::NotConverged { quantity: "decision_influence", iterations, residual: bound });
            }
        }
        y.fill(0.0);
        for (&j, &yj) in plan.order.iter().zip(&ys) {
            let j = j as usize;
            y[j] = yj * (1.0 - self.lambda[j]);
        }
        Ok((y, iterations))
    }

    /// Predicted post-influence stances x* = V·x₀ (same scale as `x0`).
    ///
    /// Gauss–Seidel sweeps in index order over the stakeholders someone influences
    /// (λ > 0; the others keep x₀), stopped by a bound of the error from the last
    /// sweep's changes Δ: after a sweep, row j's residual
    /// r = (I − Λ)x₀ + ΛWx − x is r_j = λ_j Σ_k W_jk Δ_k over the speakers k swept
    /// after j, so |r_j| ≤ λ_j γ_j ‖Δ‖∞ with γ_j = Σ_k W_jk over the speakers k > j.
    /// The error is x − x* = −(I − ΛW)⁻¹r, where (I − ΛW)⁻¹ ≥ 0 and
    /// (I − ΛW)⁻¹(1 − λ) = 1, so ‖x − x*‖∞ ≤ max_j |r_j|/(1 − λ_j)
    /// ≤ max_j λ_j γ_j/(1 − λ_j) · ‖Δ‖∞, never more than q/(1 − q)·‖Δ‖∞
    /// (see `docs/decision-chain.md`).
    pub fn predicted_stances(&self, x0: &[f64], tol: f64, max_iter: usize) -> Result<(Vec<f64>, usize), ChainError> {
        let mut x = x0.to_vec();
        if self.contraction() == 0.0 {
            return Ok((x, 0));
        }
        let (open, factor) = self.stance_rows(x0);
        let mut iterations = 0;
        loop {
            let bound = self.x_sweep(&open, &mut x) * factor;
            iterations += 1;
            if bound <= tol {
                return Ok((x, iterations));
            }
            if iterations == max_iter {
                return Err(ChainError::NotConverged { quantity: "predicted_stance", iterations, residual: bound });
            }
        }
    }

    /// The rows the stance sweeps visit (λ_i > 0, in index order), each with λ_i and
    /// its fixed part (1 − λ_i)x₀_i, and the stopping bound's factor
    /// max_i λ_i γ_i/(1 − λ_i), γ_i the weight W_ij of the speakers j > i.
    fn stance_rows(&self, x0: &[f64]) -> (Vec<(u32, f64, f64)>, f64) {
        let lambda = &self.lambda;
        let open = (0..x0.len())
            .filter(|&i| lambda[i] != 0.0)
            .map(|i| (i as u32, lambda[i], (1.0 - lambda[i]) * x0[i]))
            .collect();
        let (offsets, cols, vals) = (&self.w.offsets, &self.w.cols, &self.w.vals);
        let mut factor: f64 = 0.0;
        for (i, &l) in lambda.iter().enumerate() {
            // γ_i ≤ 1, so a row with λ_i/(1 − λ_i) ≤ factor cannot raise it (nor one
            // with λ_i = 0): only the few more open rows sum their later speakers' weights.
            if l > (1.0 - l) * factor {
                let (lo, hi) = (offsets[i] as usize, offsets[i + 1] as usize);
                let mut later = 0.0;
                for (&j, &wij) in cols[lo..hi].iter().zip(&vals[lo..hi]) {
                    later += if j as usize > i { wij } else { 0.0 };
                }
                let f = l * later / (1.0 - l);
                if f > factor {
                    factor = f;
                }
            }
        }
        (open, factor)
    }

    /// One Gauss–Seidel sweep x_i ← (1 − λ_i)x₀_i + λ_i Σ_j W_ij x_j over the rows
    /// with λ_i > 0 (the others keep x₀_i); returns the largest change.
    fn x_sweep(&self, open: &[(u32, f64, f64)], x: &mut [f64]) -> f64 {
        let mut delta: f64 = 0.0;
        let (offsets, cols, vals) = (&self.w.offsets, &self.w.cols, &self.w.vals);
        for &(i, l, fixed) in open {
            let i = i as usize;
            let (lo, hi) = (offsets[i] as usize, offsets[i + 1] as usize);
            let heard = dot(&cols[lo..hi], &vals[lo..hi], x);
            let v = fixed + l * heard;
            let change = (v - x[i]).abs();
            if change > delta {
                delta = change;
            }
            x[i] = v;
        }
        delta
    }
}

/// W's edges, listener by speaker, straight from the map: the influence relations
/// (explicit), then the org chart's implied edges, in the order `influence_edges`
/// lists them.
struct InfluenceEdges<'a> {
    map: &'a RelationshipMap,
    ends: &'a [(u32, u32)],
    managers: &'a [Option<usize>],
    cfg: &'a ChainConfig,
}

impl EdgeSource for InfluenceEdges<'_> {
    fn each(&self, mut f: impl FnMut(u32, u32, f64, bool)) {
        each_influence_relation(self.map, self.ends, |row, col, w| f(row, col, w, true));
        each_org_edge(
            self.managers,
            self.cfg,
            |listener, speaker| (listener, speaker),
            |row, col, w| f(row, col, w, false),
        );
    }

    fn cols(&self) -> Option<usize> {
        Some(self.map.stakeholders().len())
    }
}

/// The decision-influence sweep: the stakeholders it visits, in order, each with
/// its listeners' entries of B = ΛW (a speaker's list), its decision weight and β.
///
/// The order is breadth first from the stakeholders with authority (a_j ≠ 0, in
/// index order) to their speakers, and on to the speakers' speakers: y_j sums what
/// j's listeners carry, so a listener is mostly swept before its speakers and a
/// sweep carries the weights further. A stakeholder this never reaches has no path
/// of open listeners (λ > 0) to authority, so y_j = 0 = a_j is its solution from
/// the start: it is not swept, and its entries (B_ij y_i = 0) are left out.
/// Everything the sweep reads is in sweep order: the rows, and the listeners of the
/// entries are given by their place in the sweep, so that y is kept in sweep order
/// while the sweeps run.
struct SweepPlan {
    /// The swept stakeholders, in sweep order.
    order: Vec<u32>,
    /// Each swept stakeholder's row, in sweep order.
    rows: Vec<PlanRow>,
    /// The listener of each entry, as its place in the sweep (listeners in index
    /// order within a list).
    cols: Vec<u32>,
    /// B_ij = λ_i W_ij of each entry.
    vals: Vec<f64>,
}

/// One stakeholder j of the sweep.
#[derive(Debug, Clone, Copy)]
struct PlanRow {
    /// Where j's list of entries ends (it starts where the previous one ends).
    end: u32,
    /// The decision weight a_j.
    a: f64,
    /// β_j = Σ_k B_jk over the speakers k swept before j.
    beta: f64,
}

impl SweepPlan {
    fn new(m: &InfluenceModel, a: &[f64]) -> SweepPlan {
        let (w_offsets, w_cols, w_vals) = (&m.w.offsets, &m.w.cols, &m.w.vals);
        let lambda = &m.lambda;
        let n = a.len();
        // rank[i]: 1 + i's place in the sweep, 0 if it is not swept.
        let mut rank = vec![0u32; n];
        let mut order: Vec<u32> = Vec::with_capacity(n);
        for (i, &ai) in a.iter().enumerate() {
            if ai != 0.0 {
                order.push(i as u32);
                rank[i] = order.len() as u32;
            }
        }
        // Breadth first, counting each speaker's entries on the way: speaker k's count
        // goes to starts[k + 1], so that after the running sum starts[k] is where its
        // list starts, and after the writes where it ends.
        let mut starts = vec![0u32; n + 1];
        let mut head = 0;
        while head < order.len() {
            let i = order[head] as usize;
            head += 1;
            if lambda[i] == 0.0 {
                continue;
            }
            for &j in &w_cols[w_offsets[i] as usize..w_offsets[i + 1] as usize] {
                let rj = &mut rank[j as usize];
                if *rj == 0 {
                    order.push(j);
                    *rj = order.len() as u32;
                }
                starts[*rj as usize] += 1;
            }
        }
        // The speakers' lists in sweep order, filled listener by listener.
        let swept = order.len();
        starts.truncate(swept + 1);
        for k in 1..swept {
            starts[k + 1] += starts[k];
        }
        let entries = starts[swept] as usize;
        let mut cols = vec![0u32; entries];
        let mut vals = vec![0f64; entries];
        let mut rows: Vec<PlanRow> = order.iter().map(|&j| PlanRow { end: 0, a: a[j as usize], beta: 0.0 }).collect();
        for (i, &r) in rank.iter().enumerate() {
            let l = lambda[i];
            if r == 0 || l == 0.0 {
                continue;
            }
            let (lo, hi) = (w_offsets[i] as usize, w_offsets[i + 1] as usize);
            let mut beta = 0.0;
            for (&j, &wij) in w_cols[lo..hi].iter().zip(&w_vals[lo..hi]) {
                let rj = rank[j as usize];
                let b = wij * l;
                let k = &mut starts[rj as usize - 1];
                cols[*k as usize] = r - 1;
                vals[*k as usize] = b;
                *k += 1;
                if rj < r {
                    beta += b;
                }
            }
            rows[r as usize - 1].beta = beta;
        }
        for (row, &end) in rows.iter_mut().zip(&starts) {
            row.end = end;
        }
        SweepPlan { order, rows, cols, vals }
    }

    /// One sweep over y (in sweep order): y_j ← y_j + ω(a_j + Σ_i B_ij y_i − y_j)
    /// when `SOR`, else y_j ← a_j + Σ_i B_ij y_i (ω = 1); returns the bound
    /// Σ_j (1 − 1/ω + β_j)|Δ_j| of [`InfluenceModel::decision_influence`] and its
    /// Gauss–Seidel part Σ_j β_j|Δ_j|.
    #[inline(always)]
    fn sweep<const SOR: bool>(&self, y: &mut [f64], omega: f64) -> (f64, f64) {
        let (cols, vals) = (&self.cols[..], &self.vals[..]);
        let y = &mut y[..self.rows.len()];
        let (mut moved, mut carried) = (0.0, 0.0);
        let mut lo = 0;
        for (k, row) in self.rows.iter().enumerate() {
            let hi = row.end as usize;
            let heard = dot(&cols[lo..hi], &vals[lo..hi], y);
            lo = hi;
            let yk = y[k];
            let v = if SOR { yk + omega * (row.a + heard - yk) } else { row.a + heard };
            let change = (v - yk).abs();
            if SOR {
                moved += change;
            }
            carried += row.beta * change;
            y[k] = v;
        }
        let bound = if SOR { (1.0 - 1.0 / omega) * moved + carried } else { carried };
        (bound, carried)
    }
}

/// The over-relaxation factor ω of the decision-influence sweeps:
/// 1 + (1 − λ̄)/6 with λ̄ the mean openness of the stakeholders someone influences
/// (λ > 0), at most 1 + (1 − q)/2.5 (1.083 at the default openness 0.5).
/// I − Bᵀ is a nonsingular M-matrix whose Jacobi iteration contracts by ρ ≤ q, so
/// SOR converges for 0 < ω < 2/(1 + ρ) (Varga, *Matrix Iterative Analysis*, for
/// M-matrices), and 1 + (1 − q)/2.5 < 2/(1 + q) for every q < 1 (the difference
/// of the two sides times 5(1 + q) is 2q² − 5q + 3 = (1 − q)(3 − 2q) > 0). The mean
/// rather than the largest openness sets the pace of the sweeps where a few
/// stakeholders are far more open than the rest: the bench accounts (λ̄ 0.5, q 0.8)
/// take 14 sweeps (16 at 1 + (1 − q)/5), the sample maps 12 (also 12).
pub(crate) fn relaxation(lambda: &[f64], q: f64) -> f64 {
    let (mut sum, mut open) = (0.0, 0usize);
    for &l in lambda {
        if l > 0.0 {
            sum += l;
            open += 1;
        }
    }
    let by_mean = if open == 0 { 1.0 } else { 1.0 + (1.0 - sum / open as f64) / 6.0 };
    let cap = 1.0 + (1.0 - q) / 2.5;
    // A comparison rather than `f64::min`, which WebAssembly calls as a function.
    if by_mean < cap {
        by_mean
    } else {
        cap
    }
}

/// Σ_k vals[k] · x[cols[k]], added in order from −0.0 as `Iterator::sum` adds, as a
/// plain loop that is inlined into the sweeps in every build (the size-tuned
/// WebAssembly build otherwise calls a function per row).
#[inline(always)]
fn dot(cols: &[u32], vals: &[f64], x: &[f64]) -> f64 {
    let mut sum = -0.0;
    for (&c, &v) in cols.iter().zip(vals) {
        sum += v * x[c as usize];
    }
    sum
}

/// The initial stances on the normalized scale stance/5 (unknown stance = 0).
pub(crate) fn initial_stances(map: &RelationshipMap) -> Vec<f64> {
    map.stakeholders().iter().map(|s| s.stance.unwrap_or(0.0) / 5.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::graph::Interned;
    use crate::model::{Account, Relation, RelationKind, Role, Stakeholder};

    fn model(map: &RelationshipMap, cfg: &ChainConfig) -> InfluenceModel {
        let i = Interned::new(map);
        InfluenceModel::build(map, &i.ends, i.managers, cfg)
    }

    fn row(m: &InfluenceModel, i: usize) -> Vec<(u32, f64)> {
        let (c, v) = m.w.row(i);
        let mut r: Vec<(u32, f64)> = c.iter().copied().zip(v.iter().copied()).collect();
        r.sort_by_key(|e| e.0);
        r
    }

    #[test]
    fn normalizes_rows_and_zeroes_openness_of_the_unheard() {
        let mut map = RelationshipMap::new(Account::new("a", "A"));
        map.add_stakeholder(Stakeholder::new("boss", "B").with_roles([Role::EconomicBuyer])).unwrap();
        map.add_stakeholder(Stakeholder::new("x", "X").with_reports_to("boss").with_openness(0.8)).unwrap();
        map.add_stakeholder(Stakeholder::new("y", "Y")).unwrap();
        map.add_relation(Relation::new("y", "x", RelationKind::Influences, 0.2)).unwrap();
        let cfg = ChainConfig::default();
        let m = model(&map, &cfg);
        // x hears boss (0.6 implied) and y (0.2): 0.75 / 0.25.
        let r = row(&m, 1);
        assert_eq!((r[0].0, r[1].0), (0, 2));
        assert!((r[0].1 - 0.75).abs() < 1e-15 && (r[1].1 - 0.25).abs() < 1e-15);
        // boss hears x (0.3 implied); y hears nobody.
        assert_eq!(row(&m, 0), vec![(1, 1.0)]);
        assert_eq!(m.lambda, vec![0.5, 0.8, 0.0]);
        assert_eq!(m.authority, vec![1.0, 0.0, 0.0]);
    }

    #[test]
    fn built_in_place_equals_the_edge_list_build_bit_for_bit() {
        let mut next = crate::chain::graph::test_draws(0x9e37_79b9_7f4a_7c15u64);
        let kinds = [RelationKind::Influences, RelationKind::Ally, RelationKind::Informs, RelationKind::Conflict];
        for round in 0..200 {
            let n = 1 + next(12) as usize;
            let mut map = RelationshipMap::new(Account::new("a", "A"));
            for i in 0..n {
                let mut s = Stakeholder::new(format!("s{i}"), "S");
                if i > 0 && next(2) == 0 {
                    s = s.with_reports_to(format!("s{}", next(i as u64)));
                }
                if next(3) == 0 {
                    s = s.with_openness(next(10) as f64 / 10.0);
                }
                map.add_stakeholder(s).unwrap();
            }
            for _ in 0..next(40) {
                let (s, t) = (next(n as u64), next(n as u64));
                let kind = kinds[next(4) as usize];
                let mut r = Relation::new(format!("s{s}"), format!("s{t}"), kind, next(5) as f64 / 4.0);
                if next(3) == 0 {
                    r = r.both_ways();
                }
                // Self-relations and the like are refused; the rest is kept, repeats too.
                let _ = map.add_relation(r);
            }
            let mut cfg = ChainConfig::default();
            if round % 4 == 3 {
                cfg.report_to_manager = 0.0;
            }
            let i = Interned::new(&map);
            let m = InfluenceModel::build(&map, &i.ends, i.managers, &cfg);
            let edges = influence_edges(&map, &i.ends, i.managers, &cfg);
            let want = InfluenceModel::from_edges(&map, &edges, m.authority.clone(), &cfg);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!((&m.w.offsets, &m.w.cols), (&want.w.offsets, &want.w.cols), "round {round}");
            assert_eq!(bits(&m.w.vals), bits(&want.w.vals), "round {round}");
            assert_eq!(bits(&m.lambda), bits(&want.lambda), "round {round}");
        }
    }

    #[test]
    fn explicit_influence_replaces_the_implied_org_edge() {
        let mut map = RelationshipMap::new(Account::new("a", "A"));
        map.add_stakeholder(Stakeholder::new("boss", "B")).unwrap();
        map.add_stakeholder(Stakeholder::new("x", "X").with_reports_to("boss")).unwrap();
        map.add_stakeholder(Stakeholder::new("y", "Y").with_reports_to("boss")).unwrap();
        map.add_relation(Relation::new("x", "boss", RelationKind::Influences, 0.9)).unwrap();
        let m = model(&map, &ChainConfig::default());
        // boss hears x at 0.9 (explicit, not 0.3) and y at 0.3 (implied).
        let r = row(&m, 0);
        assert_eq!((r[0].0, r[1].0), (1, 2));
        assert!((r[0].1 - 0.75).abs() < 1e-15 && (r[1].1 - 0.25).abs() < 1e-15);
    }

    #[test]
    fn iteration_cap_gives_a_typed_error() {
        let mut map = RelationshipMap::new(Account::new("a", "A"));
        map.add_stakeholder(Stakeholder::new("a", "A").with_roles([Role::EconomicBuyer]).with_openness(0.99)).unwrap();
        map.add_stakeholder(Stakeholder::new("b", "B").with_openness(0.99)).unwrap();
        map.add_relation(Relation::new("a", "b", RelationKind::Influences, 1.0).both_ways()).unwrap();
        let m = model(&map, &ChainConfig::default());
        let a = m.decision_weights().unwrap();
        match m.decision_influence(&a, 1e-12, 5) {
            Err(ChainError::NotConverged { quantity, iterations, residual }) => {
                assert_eq!((quantity, iterations), ("decision_influence", 5));
                assert!(residual > 1e-12);
            }
            other => panic!("expected not_converged, got {other:?}"),
        }
        let e = m.predicted_stances(&[1.0, -1.0], 1e-12, 3).unwrap_err();
        assert_eq!(e.code(), "not_converged");
        assert!(m.decision_influence(&a, 1e-12, 100_000).is_ok());
    }

    #[test]
    fn who_cannot_reach_authority_is_not_swept_and_stays_at_zero() {
        // boss (economic buyer) hears x; x hears y; z hears y too but speaks to nobody
        // with a chain to boss, so z's influence is 0, even from a warm start that is not.
        let mut map = RelationshipMap::new(Account::new("a", "A"));
        map.add_stakeholder(Stakeholder::new("boss", "B").with_roles([Role::EconomicBuyer])).unwrap();
        map.add_stakeholder(Stakeholder::new("x", "X")).unwrap();
        map.add_stakeholder(Stakeholder::new("y", "Y")).unwrap();
        map.add_stakeholder(Stakeholder::new("z", "Z")).unwrap();
        map.add_relation(Relation::new("x", "boss", RelationKind::Influences, 0.5)).unwrap();
        map.add_relation(Relation::new("y", "x", RelationKind::Influences, 0.5)).unwrap();
        map.add_relation(Relation::new("y", "z", RelationKind::Influences, 0.5)).unwrap();
        let m = model(&map, &ChainConfig::default());
        let a = m.decision_weights().unwrap();
        let plan = SweepPlan::new(&m, &a);
        assert_eq!(plan.order, vec![0, 1, 2]);
        // An acyclic chain swept in order: exact (u = 0.5, 0.25, 0.25, 0).
        let (u, _) = m.decision_influence(&a, 1e-12, 100).unwrap();
        assert_eq!(u, vec![0.5, 0.25, 0.25, 0.0]);
        let (w, _) = m.decision_influence_from(&a, vec![0.3; 4], 1e-12, 100).unwrap();
        assert_eq!(w[3], 0.0);
        assert!(w.iter().zip(&u).all(|(w, u)| (w - u).abs() < 1e-12), "{w:?}");
    }

    /// y = a + Bᵀy by Gaussian elimination (dense), then u = (I − Λ)y.
    fn dense_decision_influence(m: &InfluenceModel, a: &[f64]) -> Vec<f64> {
        let n = a.len();
        // Row j of I − Bᵀ: 1 on the diagonal, −B_ij = −λ_i W_ij for each listener i of j.
        let mut g: Vec<Vec<f64>> = (0..n)
            .map(|j| {
                let mut r = vec![0.0; n + 1];
                r[j] = 1.0;
                r[n] = a[j];
                r
            })
            .collect();
        for (i, l) in m.lambda.iter().enumerate() {
            let (cols, vals) = m.w.row(i);
            for (&j, &w) in cols.iter().zip(vals) {
                g[j as usize][i] -= l * w;
            }
        }
        let y = solve_dense(g);
        y.iter().zip(&m.lambda).map(|(y, l)| y * (1.0 - l)).collect()
    }

    /// Solves the n × n system given as n rows of n coefficients and the right-hand
    /// side, by Gaussian elimination with partial pivoting.
    fn solve_dense(mut a: Vec<Vec<f64>>) -> Vec<f64> {
        let n = a.len();
        for k in 0..n {
            let p = (k..n).max_by(|&i, &j| a[i][k].abs().total_cmp(&a[j][k].abs())).unwrap();
            a.swap(k, p);
            let (top, below) = a.split_at_mut(k + 1);
            let pivot = &top[k];
            for r in below {
                let f = r[k] / pivot[k];
                for (rj, pj) in r[k..].iter_mut().zip(&pivot[k..]) {
                    *rj -= f * pj;
                }
            }
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            let s: f64 = (i + 1..n).map(|j| a[i][j] * x[j]).sum();
            x[i] = (a[i][n] - s) / a[i][i];
        }
        x
    }

    #[test]
    fn the_solve_meets_its_tolerance_against_a_dense_solve_on_random_networks() {
        // Cyclic networks, open people, several tolerances: whenever the sweeps give
        // way to Gauss–Seidel, the result is within the tolerance (‖u − u*‖₁).
        let mut next = crate::chain::graph::test_draws(0x5851_f42d_4c95_7f2du64);
        for round in 0..100 {
            let n = 2 + next(10) as usize;
            let mut map = RelationshipMap::new(Account::new("a", "A"));
            for i in 0..n {
                let mut s = Stakeholder::new(format!("s{i}"), "S").with_openness(0.3 + next(7) as f64 / 10.0);
                if i == 0 {
                    s = s.with_roles([Role::EconomicBuyer]);
                } else if next(3) == 0 {
                    s = s.with_roles([Role::DecisionMaker]);
                }
                map.add_stakeholder(s).unwrap();
            }
            for _ in 0..3 * n {
                let (s, t) = (next(n as u64), next(n as u64));
                let r = Relation::new(
                    format!("s{s}"),
                    format!("s{t}"),
                    RelationKind::Influences,
                    0.1 + next(9) as f64 / 10.0,
                );
                let _ = map.add_relation(r);
            }
            let m = model(&map, &ChainConfig::default());
            let a = m.decision_weights().unwrap();
            let want = dense_decision_influence(&m, &a);
            for tol in [1e-4, 1e-7, 1e-10] {
                let (u, _) = m.decision_influence(&a, tol, 10_000).unwrap();
                let err: f64 = u.iter().zip(&want).map(|(u, w)| (u - w).abs()).sum();
                // The dense solve's own rounding is far below the smallest tolerance.
                assert!(err <= tol, "round {round}, tol {tol}: error {err}");
            }
        }
    }

    #[test]
    fn relaxation_follows_the_mean_openness_below_the_convergence_cap() {
        // Default openness: 1 + 0.5/6.
        assert_eq!(relaxation(&[0.5, 0.0, 0.5], 0.5), 1.0 + 0.5 / 6.0);
        // One very open stakeholder: the cap 1 + (1 − q)/2.5 < 2/(1 + q).
        let r = relaxation(&[0.5, 0.99], 0.99);
        assert_eq!(r, 1.0 + (1.0 - 0.99) / 2.5);
        assert!(r < 2.0 / 1.99);
        for k in 0..100 {
            let q = k as f64 / 100.0;
            assert!(1.0 + (1.0 - q) / 2.5 < 2.0 / (1.0 + q), "q {q}");
        }
    }

    /// A random model of `n` stakeholders: W from random edges (some rows empty),
    /// λ up to 0.95 where W's row is not empty (0 for about one in eight of those).
    fn random_model(n: usize, next: &mut impl FnMut(u64) -> u64) -> InfluenceModel {
        let mut edges = Vec::new();
        for _ in 0..next(4 * n as u64 + 1) {
            let (row, col) = (next(n as u64) as u32, next(n as u64) as u32);
            if row != col {
                edges.push(Edge { row, col, w: (1 + next(100)) as f64 / 100.0, explicit: true });
            }
        }
        let mut w = Csr::from_edges(n, &edges);
        let mut lambda = vec![0.0; n];
        for (i, l) in lambda.iter_mut().enumerate() {
            let (a, b) = (w.offsets[i] as usize, w.offsets[i + 1] as usize);
            let total: f64 = w.vals[a..b].iter().sum();
            if total > 0.0 {
                w.vals[a..b].iter_mut().for_each(|v| *v /= total);
                *l = if next(8) == 0 { 0.0 } else { next(96) as f64 / 100.0 };
            }
        }
        InfluenceModel { w, lambda, authority: vec![1.0; n] }
    }

    /// x* = (I − ΛW)⁻¹(I − Λ)x₀ by Gaussian elimination with partial pivoting.
    fn dense_stances(m: &InfluenceModel, x0: &[f64]) -> Vec<f64> {
        let n = x0.len();
        let mut a = vec![vec![0.0; n + 1]; n];
        for (i, r) in a.iter_mut().enumerate() {
            r[i] = 1.0;
            let (c, v) = m.w.row(i);
            for (&j, &wij) in c.iter().zip(v) {
                r[j as usize] -= m.lambda[i] * wij;
            }
            r[n] = (1.0 - m.lambda[i]) * x0[i];
        }
        solve_dense(a)
    }

    #[test]
    fn the_stance_bound_holds_after_every_sweep_on_random_networks() {
        // The bound max_i λ_i γ_i/(1 − λ_i)·‖Δ‖∞ against the true error of each sweep
        // (dense solve), and never above the plain q/(1 − q)·‖Δ‖∞ (but for the
        // rounding of W's row sums).
        let mut next = crate::chain::graph::test_draws(0x5eed_57a9ce);
        let mut tighter = 0;
        for case in 0..300 {
            let n = 2 + next(if case < 250 { 30 } else { 120 }) as usize;
            let m = random_model(n, &mut next);
            let x0: Vec<f64> = (0..n).map(|_| next(11) as f64 / 5.0 - 1.0).collect();
            let exact = dense_stances(&m, &x0);
            let q = m.contraction();
            let (open, factor) = m.stance_rows(&x0);
            assert!(factor <= q / (1.0 - q) * (1.0 + 1e-12), "case {case}: {factor} > q/(1 − q), q {q}");
            tighter += usize::from(factor < 0.9 * q / (1.0 - q));
            let mut x = x0.clone();
            for sweep in 1..=200 {
                let bound = m.x_sweep(&open, &mut x) * factor;
                let error = x.iter().zip(&exact).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
                assert!(error <= bound + 1e-14, "case {case} sweep {sweep}: error {error:e} > bound {bound:e}");
                if bound <= 1e-13 {
                    break;
                }
            }
            let (solved, _) = m.predicted_stances(&x0, 1e-10, 1000).unwrap();
            assert!(solved.iter().zip(&exact).all(|(a, b)| (a - b).abs() <= 1e-10), "case {case}");
        }
        assert!(tighter > 100, "the bound is tighter than q/(1 − q) in {tighter} of 300 cases");
    }

    #[test]
    fn a_network_whose_speakers_come_first_is_solved_in_one_sweep() {
        // Each stakeholder hears only earlier ones: γ = 0, so the first sweep (exact)
        // already meets the bound, which is 0.
        let n = 6;
        let edges: Vec<Edge> = (1..n as u32)
            .flat_map(|i| {
                [Edge { row: i, col: i - 1, w: 0.7, explicit: true }, Edge { row: i, col: 0, w: 0.3, explicit: true }]
            })
            .collect();
        let mut m = random_model(n, &mut |_| 0);
        m.w = Csr::from_edges(n, &edges);
        for i in 1..n {
            let (a, b) = (m.w.offsets[i] as usize, m.w.offsets[i + 1] as usize);
            let total: f64 = m.w.vals[a..b].iter().sum();
            m.w.vals[a..b].iter_mut().for_each(|v| *v /= total);
        }
        m.lambda = vec![0.0, 0.5, 0.9, 0.3, 0.8, 0.6];
        let x0 = [1.0, -1.0, 0.2, 0.0, 0.6, -0.4];
        assert_eq!(m.stance_rows(&x0).1, 0.0);
        let (x, sweeps) = m.predicted_stances(&x0, 1e-10, 100).unwrap();
        assert_eq!(sweeps, 1);
        let exact = dense_stances(&m, &x0);
        assert!(x.iter().zip(&exact).all(|(a, b)| (a - b).abs() <= 1e-15), "{x:?} {exact:?}");
    }

    #[test]
    fn no_authority_and_empty_are_errors() {
        let mut map = RelationshipMap::new(Account::new("a", "A"));
        let cfg = ChainConfig::default();
        assert_eq!(model(&map, &cfg).decision_weights().unwrap_err(), ChainError::EmptyMap);
        map.add_stakeholder(Stakeholder::new("a", "A").with_roles([Role::Coach])).unwrap();
        assert_eq!(model(&map, &cfg).decision_weights().unwrap_err(), ChainError::NoAuthority);
    }
}
