//! Customer ids in, numbered in Rust: dense codes in order of first appearance, without
//! one Python object per row.
//!
//! - A numpy object array (a pandas object column) whose every item is a `str`: each
//!   string's UTF-8 bytes are read in place (`PyUnicode_AsUTF8AndSize`, no copy for
//!   ASCII text) and hashed once; the distinct ids are then taken from the input by the
//!   row of their first appearance, so they are the very objects pandas' `factorize`
//!   returned.
//! - Category codes (a pandas categorical): one table lookup per row.
//!
//! Anything else (a `None`, a number, a tuple among the ids) is left to pandas, whose
//! rules for missing and mixed ids then apply unchanged.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::{guarded, invalid_argument};

/// Hashes text eight bytes at a time (ids are short; the table's keys are not chosen by
/// an adversary of the process, and a bad spread only costs time).
#[derive(Default)]
struct TextHasher(u64);

impl Hasher for TextHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ bytes.len() as u64;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            h = (h ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            h ^= h >> 29;
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h;
    }

    fn write_u8(&mut self, b: u8) {
        // `str`'s Hash ends with 0xff: fold it in cheaply.
        self.0 = (self.0 ^ u64::from(b)).rotate_left(5);
    }

    fn finish(&self) -> u64 {
        // splitmix64's finaliser: every input bit reaches every output bit.
        let mut h = self.0;
        h ^= h >> 30;
        h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 27;
        h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    }
}

type TextMap<'a> = HashMap<&'a str, u32, BuildHasherDefault<TextHasher>>;

/// Codes in order of first appearance and the row where each code first appears.
#[derive(Debug, Default, PartialEq, Eq)]
struct Coded {
    codes: Vec<u32>,
    first: Vec<i64>,
}

/// Numbers `ids` (rows `offset..`) into `map`, which may already hold ids of earlier rows;
/// None past u32::MAX - 1 distinct ids.
fn encode_into<'a>(ids: &[&'a str], offset: usize, map: &mut TextMap<'a>, out: &mut Coded) -> Option<()> {
    out.codes.reserve(ids.len());
    // Transactions usually come grouped by customer: reuse the previous row's code.
    let mut previous: Option<(&str, u32)> = None;
    for (i, &s) in ids.iter().enumerate() {
        let code = match previous {
            Some((p, c)) if p == s => c,
            _ => {
                let next = map.len();
                let c = *map.entry(s).or_insert_with(|| {
                    out.first.push((offset + i) as i64);
                    next as u32
                });
                if next >= u32::MAX as usize {
                    return None;
                }
                c
            }
        };
        previous = Some((s, code));
        out.codes.push(code);
    }
    Some(())
}

/// Splits at or above this many rows are numbered on two threads and merged.
const PARALLEL_ROWS: usize = 1 << 17;

/// Codes of `ids` in order of first appearance. Large inputs are numbered in two halves
/// at once, then the second half's distinct ids are looked up in the first's table in
/// their order of appearance: the same codes as one pass.
fn encode(ids: &[&str]) -> Option<Coded> {
    let threads = rayon::current_num_threads();
    if ids.len() < PARALLEL_ROWS || threads < 2 {
        let mut out = Coded::default();
        encode_into(ids, 0, &mut TextMap::default(), &mut out)?;
        return Some(out);
    }
    let half = ids.len() / 2;
    let (head, tail) = ids.split_at(half);
    let ((mut map, head), tail) = rayon::join(
        || {
            let mut map = TextMap::default();
            let mut out = Coded::default();
            let done = encode_into(head, 0, &mut map, &mut out);
            (map, done.map(|()| out))
        },
        || {
            let mut out = Coded::default();
            encode_into(tail, half, &mut TextMap::default(), &mut out).map(|()| out)
        },
    );
    let (mut out, second) = (head?, tail?);
    // The tail's k-th distinct id first appears at row second.first[k].
    let mut global = Vec::with_capacity(second.first.len());
    for &row in &second.first {
        let s = ids[row as usize];
        let next = map.len();
        let c = *map.entry(s).or_insert_with(|| {
            out.first.push(row);
            next as u32
        });
        if next >= u32::MAX as usize {
            return None;
        }
        global.push(c);
    }
    out.codes.extend(second.codes.iter().map(|&c| global[c as usize]));
    Some(out)
}

/// Codes and first rows as numpy arrays.
type CodesAndFirst<'py> = (Bound<'py, PyArray1<u32>>, Bound<'py, PyArray1<i64>>);

/// `_object_codes(values)`: (uint32 codes in order of first appearance, int64 row of each
/// code's first appearance) of a numpy object array whose items are all exactly `str`;
/// None when one is not (or is not valid Unicode), for pandas to factorise.
#[pyfunction]
#[pyo3(name = "_object_codes")]
fn object_codes<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, Py<PyAny>>,
) -> PyResult<Option<CodesAndFirst<'py>>> {
    guarded(|| {
        let view = values.as_array();
        let mut ids: Vec<&str> = Vec::with_capacity(view.len());
        for item in view.iter() {
            let Ok(s) = item.bind(py).cast_exact::<PyString>() else { return Ok(None) };
            // Lone surrogates have no UTF-8 form: pandas decides.
            let Ok(text) = s.to_str() else { return Ok(None) };
            ids.push(text);
        }
        // The GIL stays held while the threads read the text: no Python code can replace
        // an item of the array (and free its string) meanwhile.
        let Some(coded) = encode(&ids) else {
            let message = format!("more than {} distinct ids", u32::MAX - 1);
            return Err(invalid_argument("customer", message));
        };
        Ok(Some((coded.codes.into_pyarray(py), coded.first.into_pyarray(py))))
    })
}

/// `_category_codes(codes, categories)`: (uint32 codes in order of first appearance, int64
/// row of each one's first appearance) of category codes in `0..categories` (a pandas
/// categorical's `codes`, missing values already refused).
#[pyfunction]
#[pyo3(name = "_category_codes")]
fn category_codes<'py>(
    py: Python<'py>,
    codes: PyReadonlyArray1<'py, i64>,
    categories: usize,
) -> PyResult<CodesAndFirst<'py>> {
    guarded(|| {
        let view = codes.as_array();
        let mut table = vec![u32::MAX; categories];
        let mut out = Coded { codes: Vec::with_capacity(view.len()), first: Vec::new() };
        for (i, &k) in view.iter().enumerate() {
            let slot = usize::try_from(k).ok().and_then(|k| table.get_mut(k)).ok_or_else(|| {
                invalid_argument("customer", format!("customer[{i}] has category code {k}, outside 0..{categories}"))
            })?;
            if *slot == u32::MAX {
                *slot = out.first.len() as u32;
                out.first.push(i as i64);
            }
            out.codes.push(*slot);
        }
        Ok((out.codes.into_pyarray(py), out.first.into_pyarray(py)))
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(object_codes, m)?)?;
    m.add_function(wrap_pyfunction!(category_codes, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_pass(ids: &[&str]) -> Coded {
        let mut out = Coded::default();
        encode_into(ids, 0, &mut TextMap::default(), &mut out).unwrap();
        out
    }

    #[test]
    fn codes_follow_first_appearance() {
        let got = one_pass(&["b", "a", "b", "b", "c", "a", "", ""]);
        assert_eq!(got.codes, [0, 1, 0, 0, 2, 1, 3, 3]);
        assert_eq!(got.first, [0, 1, 4, 6]);
    }

    #[test]
    fn two_halves_number_as_one_pass() {
        // Ids shared across the halves, ids only in the second, runs and repeats,
        // long and non-ASCII text.
        let owned: Vec<String> = (0..300_000u64)
            .map(|i| {
                let k = (i / 3).wrapping_mul(2_654_435_761) % 90_001;
                if k % 7 == 0 { format!("kunde-ü-{k}-{}", "x".repeat((k % 23) as usize)) } else { k.to_string() }
            })
            .collect();
        let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
        assert!(ids.len() >= PARALLEL_ROWS);
        let want = one_pass(&ids);
        let got = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap().install(|| encode(&ids)).unwrap();
        assert_eq!(got, want);
        // Every first row holds its code's id, and codes are dense.
        for (c, &row) in want.first.iter().enumerate() {
            assert_eq!(want.codes[row as usize], c as u32);
        }
    }
}
