//! Work on rayon's pool (feature `parallel`) or on the calling thread, and the crate's
//! fast hash map: the value module's per-customer maps and sums, the decision chain's
//! independent passes ([`join`]), the people index's and the value module's interning
//! and row grouping ([`FxMap`]).

/// Rows per rayon task: below this, splitting costs more than it saves.
const MIN_ROWS_PER_TASK: usize = 2048;

/// `(0..n).map(f).collect()`, in parallel when the `parallel` feature is on.
#[cfg(feature = "parallel")]
pub(crate) fn map_indexed<T: Send, F: Fn(usize) -> T + Sync + Send>(n: usize, f: F) -> Vec<T> {
    use rayon::prelude::*;
    if n < MIN_ROWS_PER_TASK {
        return (0..n).map(f).collect();
    }
    (0..n).into_par_iter().with_min_len(MIN_ROWS_PER_TASK).map(f).collect()
}

/// `(0..n).map(f).collect()`, in parallel when the `parallel` feature is on.
#[cfg(not(feature = "parallel"))]
pub(crate) fn map_indexed<T: Send, F: Fn(usize) -> T + Sync + Send>(n: usize, f: F) -> Vec<T> {
    let _ = MIN_ROWS_PER_TASK;
    (0..n).map(f).collect()
}

/// [`map_indexed`] for heavy items (a bootstrap's thousand evaluations per row): split
/// into small tasks so the threads stay busy to the end.
#[cfg(feature = "parallel")]
pub(crate) fn map_heavy<T: Send, F: Fn(usize) -> T + Sync + Send>(n: usize, f: F) -> Vec<T> {
    use rayon::prelude::*;
    (0..n).into_par_iter().with_min_len(4).map(f).collect()
}

/// [`map_indexed`] for heavy items.
#[cfg(not(feature = "parallel"))]
pub(crate) fn map_heavy<T: Send, F: Fn(usize) -> T + Sync + Send>(n: usize, f: F) -> Vec<T> {
    (0..n).map(f).collect()
}

/// `(0..n).map(f).sum()` of `K` accumulators, in parallel when the `parallel` feature is on.
#[cfg(feature = "parallel")]
pub(crate) fn sum_indexed<const K: usize, F: Fn(usize, &mut [f64; K]) + Sync + Send>(n: usize, f: F) -> [f64; K] {
    use rayon::prelude::*;
    if n < MIN_ROWS_PER_TASK {
        let mut acc = [0.0; K];
        (0..n).for_each(|i| f(i, &mut acc));
        return acc;
    }
    (0..n)
        .into_par_iter()
        .with_min_len(MIN_ROWS_PER_TASK)
        .fold(
            || [0.0; K],
            |mut acc, i| {
                f(i, &mut acc);
                acc
            },
        )
        .reduce(
            || [0.0; K],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        )
}

/// `(0..n).map(f).sum()` of `K` accumulators, in parallel when the `parallel` feature is on.
#[cfg(not(feature = "parallel"))]
pub(crate) fn sum_indexed<const K: usize, F: Fn(usize, &mut [f64; K]) + Sync + Send>(n: usize, f: F) -> [f64; K] {
    let mut acc = [0.0; K];
    (0..n).for_each(|i| f(i, &mut acc));
    acc
}

/// `(a(), b())`, the two on rayon's pool at once when the `parallel` feature is on.
#[cfg(feature = "parallel")]
pub(crate) fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    rayon::join(a, b)
}

/// `(a(), b())`, one after the other.
#[cfg(not(feature = "parallel"))]
pub(crate) fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    (a(), b())
}

/// A fast non-cryptographic hasher (rustc's Fx step with a SplitMix64 finaliser) for
/// interning ids and compressing rows.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// The SplitMix64 finaliser: the Fx step leaves the low bits of the state
    /// depending only on the low bits of the input (all zero for the bits of small
    /// floats, shared prefixes for ids), and hash tables index by the low bits.
    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.hash;
        h ^= h >> 30;
        h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 27;
        h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    }
}

/// `HashMap` with [`FxHasher`].
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
