//! Customer ids in, numbered in Rust: dense codes in order of first appearance, without
//! one Python object per row.
//!
//! - A numpy object array (a pandas object column) whose every item is a `str`: each
//!   string's UTF-8 bytes are read in place (`PyUnicode_AsUTF8AndSize`, no copy for
//!   ASCII text) and hashed once, in one pass with the GIL held; the distinct ids are
//!   then taken from the input by the row of their first appearance, so they are the
//!   very objects pandas' `factorize` returned.
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

/// A 64-bit hash of text, eight bytes at a time (ids are short; the keys are not chosen
/// by an adversary of the process, and a bad spread would only cost time).
fn text_hash(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = (h ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 29;
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // splitmix64's finaliser: every input bit reaches every output bit.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// An id with its hash, computed once: growing the table rehashes no text.
#[derive(Clone, Copy)]
struct Key<'a> {
    hash: u64,
    text: &'a str,
}

impl<'a> Key<'a> {
    fn new(text: &'a str) -> Key<'a> {
        Key { hash: text_hash(text), text }
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for Key<'_> {}

impl std::hash::Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Passes a key's own hash through.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, _: &[u8]) {
        unreachable!("keys hash as one u64")
    }

    fn write_u64(&mut self, h: u64) {
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type TextMap<'a> = HashMap<Key<'a>, u32, BuildHasherDefault<KeyHasher>>;

/// Codes in order of first appearance and the row where each code first appears.
#[derive(Debug, Default, PartialEq, Eq)]
struct Coded {
    codes: Vec<u32>,
    first: Vec<i64>,
}

/// Numbers ids one row at a time, in order of first appearance.
#[derive(Default)]
struct Encoder<'a> {
    map: TextMap<'a>,
    out: Coded,
    /// Transactions usually come grouped by customer: the previous row's id and code.
    previous: Option<(&'a str, u32)>,
}

impl<'a> Encoder<'a> {
    /// Numbers row `row`, whose id is `s`; None past u32::MAX - 1 distinct ids.
    fn push(&mut self, row: usize, s: &'a str) -> Option<()> {
        let code = match self.previous {
            Some((p, c)) if p == s => c,
            _ => {
                let next = self.map.len();
                if next >= u32::MAX as usize {
                    return None;
                }
                let first = &mut self.out.first;
                *self.map.entry(Key::new(s)).or_insert_with(|| {
                    first.push(row as i64);
                    next as u32
                })
            }
        };
        self.previous = Some((s, code));
        self.out.codes.push(code);
        Some(())
    }
}

/// The most ids the table makes room for before numbering (32 MB of entries, touched
/// only where used); past them it grows.
const RESERVED_IDS: usize = 1 << 20;

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
        let mut encoder = Encoder::default();
        encoder.out.codes.reserve(view.len());
        // Room for half as many ids as rows (up to RESERVED_IDS) from the start: growing the
        // table moves every entry again, which costs as much as the inserts themselves.
        encoder.map.reserve((view.len() / 2).min(RESERVED_IDS));
        // One pass with the GIL held: the strings stay alive, and nothing is copied (an ASCII
        // str holds its UTF-8 form; another caches it in the object on first use).
        for (row, item) in view.iter().enumerate() {
            let Ok(s) = item.bind(py).cast_exact::<PyString>() else { return Ok(None) };
            // Lone surrogates have no UTF-8 form: pandas decides.
            let Ok(text) = s.to_str() else { return Ok(None) };
            if encoder.push(row, text).is_none() {
                let message = format!("more than {} distinct ids", u32::MAX - 1);
                return Err(invalid_argument("customer", message));
            }
        }
        let coded = encoder.out;
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

    #[test]
    fn codes_follow_first_appearance() {
        let ids = ["b", "a", "b", "b", "c", "a", "", "", "kundé-1"];
        let mut e = Encoder::default();
        for (row, s) in ids.iter().enumerate() {
            e.push(row, s).unwrap();
        }
        assert_eq!(e.out.codes, [0, 1, 0, 0, 2, 1, 3, 3, 4]);
        assert_eq!(e.out.first, [0, 1, 4, 6, 8]);
    }

    #[test]
    fn equal_text_is_one_key_and_hashes_spread() {
        let owned = String::from("abcdefghij");
        assert!(Key::new("abcdefghij") == Key::new(&owned));
        assert!(Key::new("abcdefgh") != Key::new("abcdefgh\0"));
        // 10,000 ids into 2^14 buckets: a random hash fills 2^14 (1 - e^(-10000/2^14)) = 7,488.
        for bits in [|h: u64| h >> 50, |h: u64| h & 0x3fff] {
            let buckets: std::collections::HashSet<u64> =
                (0..10_000).map(|i| bits(text_hash(&i.to_string()))).collect();
            assert!(buckets.len() > 7_300, "10,000 ids fill {} of 16,384 buckets", buckets.len());
        }
    }
}
