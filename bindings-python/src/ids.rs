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

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyString;

use relmap::value::arrow::text_hash;

use crate::errors::{guarded, invalid_argument};

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

/// Codes in order of first appearance and the row where each code first appears.
#[derive(Debug, Default, PartialEq, Eq)]
struct Coded {
    codes: Vec<u32>,
    first: Vec<i64>,
}

/// Numbers ids one row at a time, in order of first appearance.
///
/// The table is open addressing with linear probing over 8-byte slots, each the low 32
/// bits of an id's hash (a tag) over its code + 1 (0 = empty), at most 70 % full; the hash
/// and text of code `c` are `keys[c]`, which grows in order. A new id thus costs one slot
/// of the table (whose cache line [`Encoder::prefetch`] can fetch ahead of time) and an
/// append; a tag that matches sends the comparison to `keys`.
struct Encoder<'a> {
    slots: Vec<u64>,
    /// The table has 2^bits slots; an id's first slot is its hash's top `bits` bits.
    bits: u32,
    keys: Vec<Key<'a>>,
    out: Coded,
    /// Transactions usually come grouped by customer: the previous row's id and code.
    previous: Option<(&'a str, u32)>,
}

/// The smallest table: 2^MIN_BITS slots.
const MIN_BITS: u32 = 4;

impl<'a> Encoder<'a> {
    /// An encoder with room for `ids` distinct ids before its table grows.
    fn with_room(ids: usize) -> Encoder<'a> {
        let mut bits = MIN_BITS;
        while (1usize << bits) * 7 < ids * 10 {
            bits += 1;
        }
        let out = Coded { codes: Vec::new(), first: Vec::with_capacity(ids) };
        Encoder { slots: vec![0; 1 << bits], bits, keys: Vec::with_capacity(ids), out, previous: None }
    }

    fn slot(&self, hash: u64) -> usize {
        (hash >> (64 - self.bits)) as usize
    }

    /// Fetches the cache line of `hash`'s first slot, for a lookup a few rows later.
    #[inline]
    fn prefetch(&self, hash: u64) {
        prefetch(self.slots[self.slot(hash)..].as_ptr().cast());
    }

    /// The code of `key` (first seen at `row` if new); None past u32::MAX - 1 distinct ids.
    fn code(&mut self, row: usize, key: Key<'a>) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let tag = key.hash & 0xffff_ffff;
        let mut i = self.slot(key.hash);
        loop {
            let s = self.slots[i];
            if s == 0 {
                break;
            }
            if s >> 32 == tag {
                let c = (s & 0xffff_ffff) as u32 - 1;
                let k = self.keys[c as usize];
                if k.hash == key.hash && k.text == key.text {
                    return Some(c);
                }
            }
            i = (i + 1) & mask;
        }
        let next = self.keys.len();
        if next >= u32::MAX as usize - 1 {
            return None;
        }
        self.slots[i] = tag << 32 | (next as u64 + 1);
        self.keys.push(key);
        self.out.first.push(row as i64);
        if self.keys.len() * 10 > self.slots.len() * 7 {
            self.grow();
        }
        Some(next as u32)
    }

    /// Doubles the table, placing every id again by its kept hash.
    fn grow(&mut self) {
        self.bits += 1;
        self.slots = vec![0; 1 << self.bits];
        let mask = self.slots.len() - 1;
        for (c, k) in self.keys.iter().enumerate() {
            let mut i = (k.hash >> (64 - self.bits)) as usize;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (k.hash & 0xffff_ffff) << 32 | (c as u64 + 1);
        }
    }

    /// Numbers row `row`, whose id is `s`; None past u32::MAX - 1 distinct ids (the
    /// numbering of `_object_codes`, one row at a time).
    #[cfg(test)]
    fn push(&mut self, row: usize, s: &'a str) -> Option<()> {
        let code = match self.previous {
            Some((p, c)) if p == s => c,
            _ => self.code(row, Key::new(s))?,
        };
        self.previous = Some((s, code));
        self.out.codes.push(code);
        Some(())
    }
}

/// Asks the CPU to bring the cache line at `p` in (a hint: nothing is read, nothing faults).
#[inline]
fn prefetch(p: *const i8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint to the cache; it reads nothing into the program
    // and never faults, whatever the address.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The most ids the table makes room for before numbering (8 MB of slots, touched only
/// where used); past them it grows.
const RESERVED_IDS: usize = 1 << 20;

/// Rows read (and their table slots fetched) ahead of numbering them; the string objects
/// of the next block are fetched meanwhile.
const BLOCK: usize = 16;

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
        // Room for half as many ids as rows (up to RESERVED_IDS) from the start: growing the
        // table moves every entry again, which costs as much as the inserts themselves.
        let mut encoder = Encoder::with_room((view.len() / 2).min(RESERVED_IDS));
        encoder.out.codes.reserve(view.len());
        // One pass with the GIL held: the strings stay alive, and nothing is copied (an ASCII
        // str holds its UTF-8 form; another caches it in the object on first use). Rows go
        // in blocks: each block's ids are read and hashed and their table slots fetched
        // first, then numbered, so the table's cache misses overlap instead of queueing.
        let mut block: Vec<(&str, Option<Key<'_>>)> = Vec::with_capacity(BLOCK);
        let mut last: Option<&str> = None;
        let mut row = 0;
        while row < view.len() {
            block.clear();
            // The next block's string objects, fetched while this one is read.
            for r in (row + BLOCK)..(row + 2 * BLOCK).min(view.len()) {
                prefetch(view[r].as_ptr().cast());
            }
            for r in row..(row + BLOCK).min(view.len()) {
                let Ok(s) = view[r].bind(py).cast_exact::<PyString>() else { return Ok(None) };
                // Lone surrogates have no UTF-8 form: pandas decides.
                let Ok(text) = s.to_str() else { return Ok(None) };
                // A row whose id is the previous row's reuses its code: no hash, no lookup.
                let key = (last != Some(text)).then(|| Key::new(text));
                if let Some(k) = key {
                    encoder.prefetch(k.hash);
                }
                block.push((text, key));
                last = Some(text);
            }
            for &(text, key) in &block {
                let code = match (key, encoder.previous) {
                    (None, Some((_, c))) => c,
                    (key, _) => encoder.code(row, key.unwrap_or_else(|| Key::new(text))).ok_or_else(|| {
                        invalid_argument("customer", format!("more than {} distinct ids", u32::MAX - 1))
                    })?,
                };
                encoder.previous = Some((text, code));
                encoder.out.codes.push(code);
                row += 1;
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
        let mut e = Encoder::with_room(0);
        for (row, s) in ids.iter().enumerate() {
            e.push(row, s).unwrap();
        }
        assert_eq!(e.out.codes, [0, 1, 0, 0, 2, 1, 3, 3, 4]);
        assert_eq!(e.out.first, [0, 1, 4, 6, 8]);
    }

    #[test]
    fn codes_match_a_map_through_growing_tables() {
        // 20,000 ids, each in 1..4 rows that are not all together: the table grows from
        // 16 slots ten times, and most lookups find an id numbered rows before.
        let ids: Vec<String> = (0..60_000).map(|i| format!("c{}", (i * 7919) % 20_000 / (1 + i % 3))).collect();
        let mut e = Encoder::with_room(0);
        let mut want: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut first = Vec::new();
        for (row, s) in ids.iter().enumerate() {
            e.push(row, s).unwrap();
            let n = want.len() as u32;
            let c = *want.entry(s).or_insert_with(|| {
                first.push(row as i64);
                n
            });
            assert_eq!(e.out.codes[row], c, "row {row}");
        }
        assert_eq!(e.out.first, first);
        assert_eq!(e.keys.len(), want.len());
    }
}
