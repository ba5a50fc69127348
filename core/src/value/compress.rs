//! Row compression: the distinct rows of a table of numbers, each with the summed
//! weight (count) of the rows equal to it.
//!
//! A fit's likelihood is a sum over customers, and customers with the same inputs add
//! the same term: compressing them to one row with a count leaves the likelihood as it
//! is and divides the work by the number of repeats. The covariate fits compress on
//! (x, t_x, T and every covariate value); a distributed fit compresses each partition
//! and merges the compressed partitions with the same function.

use super::error::ValueError;
use super::par::FxMap;

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

/// The bits a value is compared by: −0.0 is 0.0, and every NaN is one NaN (as a
/// group-by that keeps NaN keys counts them together).
fn key_bits(v: f64) -> u64 {
    if v.is_nan() {
        f64::NAN.to_bits()
    } else {
        (v + 0.0).to_bits()
    }
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
    let k = columns.len();
    // Distinct rows in order of first appearance: their bits flat, k per row.
    let mut index: FxMap<Box<[u64]>, u32> = FxMap::default();
    let mut bits: Vec<u64> = Vec::new();
    let mut sums: Vec<f64> = Vec::new();
    let mut first_of: Vec<u32> = Vec::new();
    let mut row_of: Vec<u32> = Vec::with_capacity(n);
    let mut key = vec![0u64; k];
    for i in 0..n {
        for (j, c) in columns.iter().enumerate() {
            key[j] = key_bits(c[i]);
        }
        let w = weights.map_or(1.0, |w| w[i]);
        let r = match index.get(&key[..]) {
            Some(&r) => {
                sums[r as usize] += w;
                r
            }
            None => {
                let r = sums.len() as u32;
                index.insert(key.clone().into_boxed_slice(), r);
                bits.extend_from_slice(&key);
                sums.push(w);
                first_of.push(i as u32);
                r
            }
        };
        row_of.push(r);
    }
    // Sort the distinct rows by their values, column by column.
    let d = sums.len();
    let value = |r: usize, j: usize| f64::from_bits(bits[r * k + j]);
    let mut order: Vec<u32> = (0..d as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        (0..k)
            .map(|j| value(a as usize, j).total_cmp(&value(b as usize, j)))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut rank = vec![0u32; d];
    for (at, &r) in order.iter().enumerate() {
        rank[r as usize] = at as u32;
    }
    // Values as given (the first row's; equal rows differ at most in the sign of a zero
    // or the payload of a NaN).
    let out_columns: Vec<Vec<f64>> =
        columns.iter().map(|c| order.iter().map(|&r| c[first_of[r as usize] as usize]).collect()).collect();
    let counts: Vec<f64> = order.iter().map(|&r| sums[r as usize]).collect();
    row_of.iter_mut().for_each(|r| *r = rank[*r as usize]);
    Ok(CompressedRows { columns: out_columns, counts, row_of })
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
}
