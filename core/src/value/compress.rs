//! Row compression: the distinct rows of a table of numbers, each with the summed
//! weight (count) of the rows equal to it.
//!
//! A fit's likelihood is a sum over customers, and customers with the same inputs add
//! the same term: compressing them to one row with a count leaves the likelihood as it
//! is and divides the work by the number of repeats. The covariate fits compress on
//! (x, t_x, T and every covariate value); a distributed fit compresses each partition
//! and merges the compressed partitions with the same function.
//!
//! Every grouping of rows in the value module is [`group`] underneath: the public
//! [`compress_rows`]; the fits' [`group_rows`] (distinct rows of positive weight, sorted,
//! in runs of equal first value); the predictions' [`distinct_rows`] and the intervals'
//! keys ([`first_appearance`]: each distinct row once, in order of first appearance).

use super::data::RfmData;
use super::error::ValueError;
use crate::par::FxMap;

/// Distinct rows of a table with their counts: see [`compress_rows`].
#[derive(Debug, Clone, PartialEq)]
pub struct CompressedRows {
    columns: Vec<Vec<f64>>,
    counts: Vec<f64>,
    row_of: Vec<u32>,
}

impl CompressedRows {
    /// The distinct rows, column by column (as many columns as were given).
    pub fn columns(&self) -> &[Vec<f64>] {
        &self.columns
    }

    /// The summed weight (count) of each distinct row.
    pub fn counts(&self) -> &[f64] {
        &self.counts
    }

    /// For every input row, the index of its distinct row.
    pub fn row_of(&self) -> &[u32] {
        &self.row_of
    }

    /// Number of distinct rows.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether there are no rows (the input had none).
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The columns, counts and row indices, by value.
    pub fn into_parts(self) -> (Vec<Vec<f64>>, Vec<f64>, Vec<u32>) {
        (self.columns, self.counts, self.row_of)
    }
}

/// The bits a value is grouped by: −0.0 is 0.0, and with `NAN` every NaN is one NaN (as
/// a group-by that keeps NaN keys counts them together). Without `NAN` the value is
/// finite (checked by the caller) and no time goes to looking for NaN.
#[inline]
fn key_bits<const NAN: bool>(v: f64) -> u64 {
    let bits = (v + 0.0).to_bits();
    if NAN && v.is_nan() {
        f64::NAN.to_bits()
    } else {
        bits
    }
}

/// [`key_bits`] mapped so that their order as unsigned numbers is [`f64::total_cmp`]'s
/// order of the values (NaN last).
fn sort_bits(bits: u64) -> u64 {
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// A row's key in [`group`]'s hash table: the [`key_bits`] of its values.
trait RowKey: std::hash::Hash + Eq + Clone + AsRef<[u64]> {
    /// A key for rows of `k` values.
    fn new(k: usize) -> Self;

    /// The columns, each cut to its first `n` values, as [`fill`](RowKey::fill) reads them.
    type Columns<'a>;

    /// `columns` cut to `n` rows (so that reading row `i < n` needs no bounds check).
    fn columns<'a>(columns: &[&'a [f64]], n: usize) -> Self::Columns<'a>;

    /// Row `i`'s key.
    fn fill<const NAN: bool>(&mut self, columns: &Self::Columns<'_>, i: usize);
}

/// `N` values, inline: the (x, t_x, T) rows of every fit and prediction, the intervals'
/// keys of 2 to 5 values.
impl<const N: usize> RowKey for [u64; N] {
    fn new(_: usize) -> Self {
        [0; N]
    }

    type Columns<'a> = [&'a [f64]; N];

    fn columns<'a>(columns: &[&'a [f64]], n: usize) -> [&'a [f64]; N] {
        std::array::from_fn(|j| &columns[j][..n])
    }

    #[inline]
    fn fill<const NAN: bool>(&mut self, columns: &[&[f64]; N], i: usize) {
        for j in 0..N {
            self[j] = key_bits::<NAN>(columns[j][i]);
        }
    }
}

/// Any number of values.
impl RowKey for Box<[u64]> {
    fn new(k: usize) -> Self {
        vec![0; k].into_boxed_slice()
    }

    type Columns<'a> = Vec<&'a [f64]>;

    fn columns<'a>(columns: &[&'a [f64]], n: usize) -> Vec<&'a [f64]> {
        columns.iter().map(|c| &c[..n]).collect()
    }

    #[inline]
    fn fill<const NAN: bool>(&mut self, columns: &Vec<&[f64]>, i: usize) {
        for (b, c) in self.iter_mut().zip(columns) {
            *b = key_bits::<NAN>(c[i]);
        }
    }
}

/// What [`group`] sums over each group's rows: their weights (`f64`), or nothing (`()`).
trait Weight: Copy {
    /// Adds a row's weight.
    fn add(&mut self, w: Self);
}

impl Weight for f64 {
    #[inline]
    fn add(&mut self, w: f64) {
        *self += w;
    }
}

impl Weight for () {
    #[inline]
    fn add(&mut self, _: ()) {}
}

/// Rows grouped by their values, in order of first appearance: see [`group`].
struct RowGroups<W> {
    /// Values per row.
    k: usize,
    /// Each group's [`key_bits`], `k` a group.
    keys: Vec<u64>,
    /// Each group's first row.
    first_of: Vec<u32>,
    /// Each group's summed weight.
    sums: Vec<W>,
}

impl<W> RowGroups<W> {
    /// The groups in ascending order of their values, column by column (NaN last).
    fn sorted(&self) -> Vec<u32> {
        let k = self.k;
        let bits: Vec<u64> = self.keys.iter().map(|&b| sort_bits(b)).collect();
        let key = |g: u32| &bits[g as usize * k..(g as usize + 1) * k];
        let mut order: Vec<u32> = (0..self.first_of.len() as u32).collect();
        // Distinct groups have distinct keys: no two compare equal.
        order.sort_unstable_by(|&a, &b| key(a).cmp(key(b)));
        order
    }
}

/// Groups the rows of `columns` (equal length, checked by the caller; fewer than 2³²
/// rows) by their values: −0.0 equals 0.0, and NaN equals NaN where `NAN` says values may
/// be NaN ([`key_bits`]). `weight(i)` is row `i`'s weight, `None` to leave the row out;
/// `seen(g)` is told the group of every row taken, in order.
fn group<const NAN: bool, W: Weight>(
    columns: &[&[f64]],
    weight: impl Fn(usize) -> Option<W>,
    seen: impl FnMut(u32),
) -> RowGroups<W> {
    match columns.len() {
        2 => group_keyed::<NAN, [u64; 2], W>(columns, weight, seen),
        3 => group_keyed::<NAN, [u64; 3], W>(columns, weight, seen),
        4 => group_keyed::<NAN, [u64; 4], W>(columns, weight, seen),
        5 => group_keyed::<NAN, [u64; 5], W>(columns, weight, seen),
        _ => group_keyed::<NAN, Box<[u64]>, W>(columns, weight, seen),
    }
}

/// [`group`] with keys of type `K`.
fn group_keyed<const NAN: bool, K: RowKey, W: Weight>(
    columns: &[&[f64]],
    weight: impl Fn(usize) -> Option<W>,
    mut seen: impl FnMut(u32),
) -> RowGroups<W> {
    let k = columns.len();
    let n = columns.first().map_or(0, |c| c.len());
    let mut index: FxMap<K, u32> = FxMap::default();
    let mut groups: RowGroups<W> = RowGroups { k, keys: Vec::new(), first_of: Vec::new(), sums: Vec::new() };
    let mut key = K::new(k);
    let columns = K::columns(columns, n);
    for i in 0..n {
        let Some(w) = weight(i) else { continue };
        key.fill::<NAN>(&columns, i);
        let g = match index.get(&key) {
            Some(&g) => {
                groups.sums[g as usize].add(w);
                g
            }
            None => {
                let g = groups.first_of.len() as u32;
                index.insert(key.clone(), g);
                groups.keys.extend_from_slice(key.as_ref());
                groups.sums.push(w);
                groups.first_of.push(i as u32);
                g
            }
        };
        seen(g);
    }
    groups
}

/// The distinct rows of `columns` (equal length, one value per row in each), each with
/// the sum of `weights` over the rows equal to it (the number of such rows when
/// `weights` is `None`), sorted in ascending order by the first column, then the
/// second, and so on.
///
/// Two rows are equal when every value is: −0.0 equals 0.0 and NaN equals NaN (NaN sorts
/// last), so nothing is dropped; a fit refuses non-finite values itself, naming them.
/// The result does not depend on the order of the rows, and compressing compressed
/// tables (concatenated, with their counts as weights) gives the same table as
/// compressing the rows they came from, so a distributed base can be compressed part by
/// part. Rows of weight 0 are kept (with count 0). `row_of` maps every input row to its
/// distinct row.
///
/// Errors: `empty_list` for no columns, `length_mismatch` for columns (or weights) of
/// another length than the first column, `non_finite` / `out_of_range` for a weight
/// that is not finite or is negative, `out_of_range` past 2³² − 1 rows.
///
/// ```
/// use relmap::value::compress_rows;
/// let x = [2.0, 0.0, 2.0, 2.0];
/// let t = [30.0, 38.0, 30.0, 31.0];
/// let c = compress_rows(&[&x, &t], None)?;
/// assert_eq!(c.columns(), [vec![0.0, 2.0, 2.0], vec![38.0, 30.0, 31.0]]);
/// assert_eq!(c.counts(), [1.0, 2.0, 1.0]);
/// assert_eq!(c.row_of(), [1, 0, 1, 2]);
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn compress_rows(columns: &[&[f64]], weights: Option<&[f64]>) -> Result<CompressedRows, ValueError> {
    let Some(first) = columns.first() else {
        return Err(ValueError::EmptyInput { field: "columns" });
    };
    let n = first.len();
    for c in &columns[1..] {
        if c.len() != n {
            return Err(ValueError::LengthMismatch { field: "columns", expected: n, got: c.len() });
        }
    }
    super::data::check_weights(weights, n)?;
    if n > u32::MAX as usize {
        return Err(ValueError::TooManyRows { field: "columns", rows: n, limit: u32::MAX as usize });
    }
    let mut row_of: Vec<u32> = Vec::with_capacity(n);
    let groups = group::<true, f64>(columns, |i| Some(weights.map_or(1.0, |w| w[i])), |g| row_of.push(g));
    let order = groups.sorted();
    let mut rank = vec![0u32; order.len()];
    for (at, &g) in order.iter().enumerate() {
        rank[g as usize] = at as u32;
    }
    // Values as given (the first row's; equal rows differ at most in the sign of a zero
    // or the payload of a NaN).
    let out_columns: Vec<Vec<f64>> =
        columns.iter().map(|c| order.iter().map(|&g| c[groups.first_of[g as usize] as usize]).collect()).collect();
    let counts: Vec<f64> = order.iter().map(|&g| groups.sums[g as usize]).collect();
    row_of.iter_mut().for_each(|g| *g = rank[*g as usize]);
    Ok(CompressedRows { columns: out_columns, counts, row_of })
}

/// Distinct rows grouped by their first coordinate, with summed weights.
///
/// `xs[g]` is the first coordinate of group `g`, whose rows are
/// `start[g]..start[g + 1]` of `u`, `v` and `w`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Grouped {
    pub xs: Vec<f64>,
    pub start: Vec<usize>,
    pub u: Vec<f64>,
    pub v: Vec<f64>,
    pub w: Vec<f64>,
}

impl Grouped {
    /// Number of distinct rows.
    pub fn rows(&self) -> usize {
        self.u.len()
    }

    /// Total weight.
    pub fn total_weight(&self) -> f64 {
        self.w.iter().sum()
    }
}

/// The distinct rows (x, u, v) of the rows `keep` selects (e.g. only repeat buyers for
/// Gamma-Gamma) with positive weight, sorted as [`compress_rows`] sorts and grouped by x.
/// Inputs are checked by the caller (equal lengths, finite values, weights ≥ 0).
pub(crate) fn group_rows(
    x: &[f64],
    u: &[f64],
    v: &[f64],
    weights: Option<&[f64]>,
    keep: impl Fn(usize) -> bool,
) -> Grouped {
    let weight = |i: usize| {
        let w = weights.map_or(1.0, |w| w[i]);
        (w != 0.0 && keep(i)).then_some(w)
    };
    let groups = group::<false, f64>(&[x, u, v], weight, |_| {});
    let order = groups.sorted();
    let d = order.len();
    let mut g = Grouped {
        xs: Vec::new(),
        start: Vec::new(),
        u: Vec::with_capacity(d),
        v: Vec::with_capacity(d),
        w: Vec::with_capacity(d),
    };
    for (at, &r) in order.iter().enumerate() {
        let i = groups.first_of[r as usize] as usize;
        if g.xs.last() != Some(&x[i]) {
            g.xs.push(x[i]);
            g.start.push(at);
        }
        g.u.push(u[i]);
        g.v.push(v[i]);
        g.w.push(groups.sums[r as usize]);
    }
    g.start.push(d);
    g
}

/// Distinct (x, t_x, T) rows and, for every input row, the index of its distinct row.
pub(crate) struct Distinct {
    pub x: Vec<f64>,
    pub tx: Vec<f64>,
    pub t: Vec<f64>,
    pub of_row: Vec<u32>,
}

/// The distinct (x, t_x, T) rows in order of first appearance, so per-customer
/// predictions are computed once per pattern.
pub(crate) fn distinct_rows(data: &RfmData<'_>) -> Distinct {
    let (x, tx, t) = (data.frequency(), data.recency(), data.t());
    let (first, of_row) = first_appearance(&[x, tx, t]);
    let pick = |c: &[f64]| first.iter().map(|&i| c[i as usize]).collect();
    Distinct { x: pick(x), tx: pick(tx), t: pick(t), of_row }
}

/// The distinct rows of `columns` (at least one, of equal length and finite, checked by
/// the caller) in order of first appearance: each one's first row, and every row's
/// distinct row.
pub(crate) fn first_appearance(columns: &[&[f64]]) -> (Vec<u32>, Vec<u32>) {
    let mut of_row = Vec::with_capacity(columns.first().map_or(0, |c| c.len()));
    let groups = group::<false, ()>(columns, |_| Some(()), |g| of_row.push(g));
    (groups.first_of, of_row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_rows_merge_and_sort() {
        let a = [1.0, -0.0, 1.0, f64::NAN, 0.0, f64::NAN];
        let b = [2.0, 5.0, 2.0, 1.0, 5.0, 1.0];
        let c = compress_rows(&[&a, &b], Some(&[1.0, 2.0, 3.0, 0.5, 1.0, 0.0])).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c.columns()[1], [5.0, 2.0, 1.0]);
        assert_eq!(c.columns()[0][..2], [-0.0, 1.0]);
        assert!(c.columns()[0][2].is_nan());
        assert_eq!(c.counts(), [3.0, 4.0, 0.5]);
        assert_eq!(c.row_of(), [1, 0, 1, 2, 0, 2]);
    }

    #[test]
    fn compressing_compressed_parts_gives_the_whole() {
        let x: Vec<f64> = (0..500).map(|i| (i % 7) as f64).collect();
        let y: Vec<f64> = (0..500).map(|i| (i % 5) as f64 * 0.5).collect();
        let whole = compress_rows(&[&x, &y], None).unwrap();
        let p1 = compress_rows(&[&x[..200], &y[..200]], None).unwrap();
        let p2 = compress_rows(&[&x[200..], &y[200..]], None).unwrap();
        let cat = |j: usize| [p2.columns()[j].clone(), p1.columns()[j].clone()].concat();
        let w = [p2.counts(), p1.counts()].concat();
        let merged = compress_rows(&[&cat(0), &cat(1)], Some(&w)).unwrap();
        assert_eq!(merged.columns(), whole.columns());
        assert_eq!(merged.counts(), whole.counts());
        assert_eq!(whole.counts().iter().sum::<f64>(), 500.0);
    }

    #[test]
    fn bad_input_is_refused() {
        assert_eq!(compress_rows(&[], None).unwrap_err().code(), "empty_list");
        assert_eq!(compress_rows(&[&[1.0], &[1.0, 2.0]], None).unwrap_err().code(), "length_mismatch");
        assert_eq!(compress_rows(&[&[1.0]], Some(&[1.0, 2.0])).unwrap_err().code(), "length_mismatch");
        assert_eq!(compress_rows(&[&[1.0]], Some(&[-1.0])).unwrap_err().code(), "out_of_range");
        assert_eq!(compress_rows(&[&[1.0]], Some(&[f64::NAN])).unwrap_err().code(), "non_finite");
        let empty = compress_rows(&[&[], &[]], None).unwrap();
        assert!(empty.is_empty() && empty.columns().len() == 2);
    }

    #[test]
    fn grouping_sums_weights_of_identical_rows() {
        let x = [1.0, 0.0, 1.0, 2.0, 1.0];
        let u = [3.0, 0.0, 3.0, 5.0, 4.0];
        let v = [9.0, 9.0, 9.0, 9.0, 9.0];
        let g = group_rows(&x, &u, &v, Some(&[1.0, 2.0, 0.5, 0.0, 1.0]), |_| true);
        assert_eq!(g.xs, [0.0, 1.0]);
        assert_eq!(g.start, [0, 1, 3]);
        assert_eq!(g.u, [0.0, 3.0, 4.0]);
        assert_eq!(g.w, [2.0, 1.5, 1.0]);
        assert_eq!(g.total_weight(), 4.5);
        let d = distinct_rows(&RfmData::new(&x, &[1.0, 0.0, 1.0, 2.0, 1.0], &v).unwrap());
        assert_eq!(d.x.len(), 3);
        assert_eq!(d.of_row, [0, 1, 0, 2, 0]);
    }
}
