//! The RFM summary over Arrow record batches (feature `arrow`), and out of core: from any
//! stream of record batches or from Parquet files (feature `parquet`), one batch at a time.
//!
//! Columns are found by name. Customer ids may be integers (any width), text (`Utf8`,
//! `LargeUtf8`, `Utf8View`) or dictionary-encoded integers or text (polars' categoricals);
//! they are numbered in order of first appearance, hashing each row's id once (a
//! dictionary's distinct values once per batch). Times are Arrow timestamps of any unit and
//! time zone (an instant is the same instant in every zone) or dates (`Date32`,
//! `Date64`); amounts and margins any integer or float type. A null anywhere is a
//! [`ValueError::NullValue`] naming the column and the row (counted over all batches).
//!
//! [`rfm_summary_batches`] gathers the rows in memory and runs [`rfm_summary_codes`].
//! [`StreamingSummary`] (and [`rfm_summary_from_batches`],
//! [`rfm_summary_from_parquet`]) keeps at most [`OutOfCoreConfig::memory_rows`] rows in
//! memory: beyond that, rows are spilled to temporary files, one per partition of the
//! customers (customer code modulo [`OutOfCoreConfig::partitions`]), and each partition
//! is summarised on its own. A customer's rows stay in their input order within its
//! partition, so every number is the one the in-memory summary gives, bit for bit.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowDictionaryKeyType, Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type,
    Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_buffer::ArrowNativeType;
use arrow_schema::{ArrowError, DataType, TimeUnit as ArrowTimeUnit};

use super::error::ValueError;
use super::summary::{observation_end_day, rfm_summary_codes, HoldoutSummary, RfmSummary, SummaryConfig};
use crate::par::FxMap;
use crate::time::{Timestamp, SECONDS_PER_DAY};

/// A customer id as read from an Arrow column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CustomerId {
    /// An integer id (any Arrow integer type).
    Int(i64),
    /// A text id.
    Text(String),
}

/// The distinct customer ids, code `c` being entry `c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerKeys {
    /// Integer ids.
    Int(Vec<i64>),
    /// Text ids.
    Text(TextKeys),
}

/// Distinct text ids stored end to end in one string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextKeys {
    text: String,
    ends: Vec<usize>,
}

impl TextKeys {
    /// Number of ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Id `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The ids in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }
}

impl CustomerKeys {
    /// Number of distinct ids.
    pub fn len(&self) -> usize {
        match self {
            CustomerKeys::Int(v) => v.len(),
            CustomerKeys::Text(v) => v.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of code `c`.
    pub fn id(&self, c: u32) -> CustomerId {
        match self {
            CustomerKeys::Int(v) => CustomerId::Int(v[c as usize]),
            CustomerKeys::Text(v) => CustomerId::Text(v.get(c as usize).to_string()),
        }
    }
}

/// The names of the transaction columns in the record batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionColumns {
    /// Customer ids.
    pub customer: String,
    /// Transaction times.
    pub time: String,
    /// Amounts (finite, ≥ 0).
    pub amount: String,
    /// Optional margins (finite).
    pub margin: Option<String>,
}

impl TransactionColumns {
    /// The customer, time and amount columns (no margin).
    pub fn new(customer: &str, time: &str, amount: &str) -> TransactionColumns {
        TransactionColumns { customer: customer.into(), time: time.into(), amount: amount.into(), margin: None }
    }

    /// The same with a margin column.
    pub fn with_margin(mut self, margin: &str) -> TransactionColumns {
        self.margin = Some(margin.into());
        self
    }
}

/// Memory and spilling of [`StreamingSummary`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfCoreConfig {
    /// Transaction rows held in memory before they are spilled to disk (28 bytes each with
    /// margins, 20 without). Default 8 388 608 (8 Mi rows, about 230 MB).
    pub memory_rows: usize,
    /// Partitions of the customers once spilling starts: each is summarised alone, so the
    /// summary step needs memory for about `rows / partitions` rows. Default 64.
    pub partitions: usize,
    /// Rows per record batch read from Parquet. Default 65 536.
    pub batch_rows: usize,
    /// Where the spill files go (a fresh directory inside, removed afterwards). Default:
    /// the system's temporary directory.
    pub spill_dir: Option<PathBuf>,
}

impl Default for OutOfCoreConfig {
    fn default() -> Self {
        OutOfCoreConfig { memory_rows: 1 << 23, partitions: 64, batch_rows: 1 << 16, spill_dir: None }
    }
}

// ---- columns -------------------------------------------------------------------

/// The column `name` of `batch`, or [`ValueError::MissingColumn`].
pub fn column<'b>(batch: &'b RecordBatch, name: &str) -> Result<&'b ArrayRef, ValueError> {
    batch.column_by_name(name).ok_or_else(|| missing_column(name, batch.schema().fields().iter().map(|f| f.name())))
}

fn missing_column<'a>(name: &str, available: impl Iterator<Item = &'a String>) -> ValueError {
    ValueError::MissingColumn { column: name.into(), available: available.cloned().collect::<Vec<_>>().join(", ") }
}

fn wrong_type(column: &str, expected: &'static str, found: &DataType) -> ValueError {
    ValueError::ColumnType { column: column.into(), expected, found: found.to_string() }
}

/// [`ValueError::NullValue`] at the first null of `array` (rows counted from `offset`), if any.
pub fn check_nulls(column: &str, array: &dyn Array, offset: usize) -> Result<(), ValueError> {
    if let Some(nulls) = array.logical_nulls() {
        if nulls.null_count() > 0 {
            let i = nulls.iter().position(|valid| !valid).unwrap_or(0);
            return Err(ValueError::NullValue { column: column.into(), index: offset + i });
        }
    }
    Ok(())
}

const NUMBERS: &str = "numbers (an integer or float column)";
const TIMES: &str = "times (a timestamp of any unit and time zone, or a date)";
const IDS: &str = "customer ids (integers, text, or a dictionary of either)";

/// The values of a number column as f64: borrowed for `Float64`, converted otherwise.
pub fn floats<'a>(column: &str, array: &'a dyn Array, offset: usize) -> Result<Cow<'a, [f64]>, ValueError> {
    check_nulls(column, array, offset)?;
    macro_rules! conv {
        ($t:ty) => {
            Cow::Owned(array.as_primitive::<$t>().values().iter().map(|&v| v as f64).collect())
        };
    }
    Ok(match array.data_type() {
        DataType::Float64 => Cow::Borrowed(array.as_primitive::<Float64Type>().values()),
        DataType::Float32 => conv!(Float32Type),
        DataType::Int8 => conv!(Int8Type),
        DataType::Int16 => conv!(Int16Type),
        DataType::Int32 => conv!(Int32Type),
        DataType::Int64 => conv!(Int64Type),
        DataType::UInt8 => conv!(UInt8Type),
        DataType::UInt16 => conv!(UInt16Type),
        DataType::UInt32 => conv!(UInt32Type),
        DataType::UInt64 => conv!(UInt64Type),
        other => return Err(wrong_type(column, NUMBERS, other)),
    })
}

/// Appends the times of a timestamp or date column as seconds since the epoch (floored).
pub fn seconds(column: &str, array: &dyn Array, offset: usize, out: &mut Vec<i64>) -> Result<(), ValueError> {
    check_nulls(column, array, offset)?;
    match array.data_type() {
        DataType::Timestamp(unit, _) => {
            let per_second: i64 = match unit {
                ArrowTimeUnit::Second => 1,
                ArrowTimeUnit::Millisecond => 1_000,
                ArrowTimeUnit::Microsecond => 1_000_000,
                ArrowTimeUnit::Nanosecond => 1_000_000_000,
            };
            // Every timestamp type stores i64 ticks; read them whatever the unit.
            let data = array.to_data();
            let ticks: &[i64] = &data.buffer::<i64>(0)[..array.len()];
            out.extend(ticks.iter().map(|&t| t.div_euclid(per_second)));
        }
        DataType::Date32 => {
            out.extend(array.as_primitive::<Date32Type>().values().iter().map(|&d| i64::from(d) * SECONDS_PER_DAY));
        }
        DataType::Date64 => {
            out.extend(array.as_primitive::<Date64Type>().values().iter().map(|&ms| ms.div_euclid(1_000)));
        }
        other => return Err(wrong_type(column, TIMES, other)),
    }
    Ok(())
}

/// One id borrowed from a column.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key<'a> {
    Int(i64),
    Text(&'a str),
}

/// Numbers customer ids `0, 1, ...` in order of first appearance, batch after batch.
#[derive(Debug, Default)]
pub struct CustomerEncoder {
    ints: FxMap<i64, u32>,
    int_keys: Vec<i64>,
    /// Text ids by their 64-bit hash (no string kept per entry, so growing the table
    /// rehashes no text); ids whose hash an earlier, different id took go to `collided`.
    by_hash: FxMap<u64, u32>,
    collided: FxMap<Box<str>, u32>,
    text_keys: TextKeys,
    text: Option<bool>,
    /// Rows expected in all ([`Self::for_rows`]), for the room made before the first rows.
    rows: usize,
}

impl CustomerEncoder {
    /// A new encoder.
    pub fn new() -> CustomerEncoder {
        CustomerEncoder::default()
    }

    /// A new encoder for about `rows` rows in all (over every array it will be given):
    /// before the first rows it makes room for up to half as many distinct ids (at most
    /// 2^20), so that a column in many chunks does not grow the table chunk by chunk.
    /// Only a hint: more rows are numbered all the same.
    ///
    /// ```
    /// # #[cfg(feature = "arrow")] {
    /// use arrow_array::StringArray;
    /// use relmap::value::arrow::{CustomerEncoder, CustomerKeys};
    /// let mut encoder = CustomerEncoder::for_rows(4);
    /// let mut codes = Vec::new();
    /// encoder.encode("customer", &StringArray::from(vec!["b", "a"]), 0, &mut codes)?;
    /// encoder.encode("customer", &StringArray::from(vec!["a", "c"]), 2, &mut codes)?;
    /// assert_eq!(codes, [0, 1, 1, 2]);
    /// let CustomerKeys::Text(keys) = encoder.into_keys() else { unreachable!() };
    /// assert_eq!(keys.iter().collect::<Vec<_>>(), ["b", "a", "c"]);
    /// # }
    /// # Ok::<(), relmap::value::ValueError>(())
    /// ```
    pub fn for_rows(rows: usize) -> CustomerEncoder {
        CustomerEncoder { rows, ..CustomerEncoder::default() }
    }

    /// Number of distinct ids so far.
    pub fn len(&self) -> usize {
        self.int_keys.len() + self.text_keys.len()
    }

    /// Whether no id was seen yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The distinct ids, code `c` being entry `c`.
    pub fn into_keys(self) -> CustomerKeys {
        if self.text == Some(true) {
            CustomerKeys::Text(self.text_keys)
        } else {
            CustomerKeys::Int(self.int_keys)
        }
    }

    fn code(&mut self, column: &str, key: Key<'_>, found: &DataType) -> Result<u32, ValueError> {
        let text = matches!(key, Key::Text(_));
        if *self.text.get_or_insert(text) != text {
            let expected =
                if text { "integer ids, as in the earlier rows" } else { "text ids, as in the earlier rows" };
            return Err(wrong_type(column, expected, found));
        }
        if self.len() >= u32::MAX as usize {
            return Err(ValueError::TooManyRows { field: "customer", rows: self.len(), limit: u32::MAX as usize - 1 });
        }
        let next = self.len() as u32;
        Ok(match key {
            Key::Int(v) => *self.ints.entry(v).or_insert_with(|| {
                self.int_keys.push(v);
                next
            }),
            Key::Text(s) => {
                let h = text_hash(s);
                match self.by_hash.get(&h) {
                    Some(&c) if same_text(self.text_keys.get(c as usize), s) => c,
                    Some(_) => *self.collided.entry(s.into()).or_insert_with(|| {
                        self.text_keys.push(s);
                        next
                    }),
                    None => {
                        self.by_hash.insert(h, next);
                        self.text_keys.push(s);
                        next
                    }
                }
            }
        })
    }

    /// Appends the code of every row of `array` (rows counted from `offset` in errors).
    pub fn encode(
        &mut self,
        column: &str,
        array: &dyn Array,
        offset: usize,
        out: &mut Vec<u32>,
    ) -> Result<(), ValueError> {
        check_nulls(column, array, offset)?;
        let dt = array.data_type().clone();
        out.reserve(array.len());
        if let DataType::Dictionary(k, _) = &dt {
            return match k.as_ref() {
                DataType::Int8 => self.dictionary::<Int8Type>(column, array, offset, out),
                DataType::Int16 => self.dictionary::<Int16Type>(column, array, offset, out),
                DataType::Int32 => self.dictionary::<Int32Type>(column, array, offset, out),
                DataType::Int64 => self.dictionary::<Int64Type>(column, array, offset, out),
                DataType::UInt8 => self.dictionary::<UInt8Type>(column, array, offset, out),
                DataType::UInt16 => self.dictionary::<UInt16Type>(column, array, offset, out),
                DataType::UInt32 => self.dictionary::<UInt32Type>(column, array, offset, out),
                DataType::UInt64 => self.dictionary::<UInt64Type>(column, array, offset, out),
                _ => Err(wrong_type(column, IDS, &dt)),
            };
        }
        let keys = keys_of(column, array, offset)?;
        // Room for half as many ids as rows (up to RESERVED_IDS) before the first rows:
        // growing the table moves every entry again, which costs as much as the inserts.
        if self.is_empty() {
            let room = (self.rows.max(array.len()) / 2).min(RESERVED_IDS);
            match keys {
                Keys::Utf8(_) | Keys::LargeUtf8(_) | Keys::View(_) => self.by_hash.reserve(room),
                _ => self.ints.reserve(room),
            }
        }
        // Transactions usually come grouped by customer: reuse the previous row's code.
        let mut previous: Option<(Key<'_>, u32)> = None;
        for i in 0..array.len() {
            let k = keys.get(i)?;
            let c = match previous {
                Some((p, c)) if same_key(p, k) => c,
                _ => self.code(column, k, &dt)?,
            };
            previous = Some((k, c));
            out.push(c);
        }
        Ok(())
    }

    fn dictionary<K: ArrowDictionaryKeyType>(
        &mut self,
        column: &str,
        array: &dyn Array,
        offset: usize,
        out: &mut Vec<u32>,
    ) -> Result<(), ValueError> {
        let dict = array.as_dictionary::<K>();
        let values = keys_of(column, dict.values().as_ref(), offset)?;
        // Each dictionary value is hashed once, when a row first uses it.
        let mut table = vec![u32::MAX; dict.values().len()];
        let dt = array.data_type().clone();
        for (i, k) in dict.keys().values().iter().enumerate() {
            let Some(k) = k.to_usize() else {
                return Err(ValueError::NullValue { column: column.into(), index: offset + i });
            };
            let Some(slot) = table.get_mut(k) else {
                return Err(ValueError::NullValue { column: column.into(), index: offset + i });
            };
            if *slot == u32::MAX {
                *slot = self.code(column, values.get(k)?, &dt)?;
            }
            out.push(*slot);
        }
        Ok(())
    }
}

/// Whether two ids are equal (text compared as by [`same_text`]).
#[inline]
fn same_key(a: Key<'_>, b: Key<'_>) -> bool {
    match (a, b) {
        (Key::Text(a), Key::Text(b)) => same_text(a, b),
        (a, b) => a == b,
    }
}

/// `a == b` for text, comparing ids of up to 16 bytes as two overlapping words each
/// rather than through a call to `memcmp` (most rows' id is compared with the previous
/// row's).
#[inline]
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let half = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("4 bytes"));
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

/// The most ids [`CustomerEncoder::encode`] makes room for before numbering a first
/// array (16 MB of table, touched only where used); past them the table grows.
const RESERVED_IDS: usize = 1 << 20;

/// A 64-bit hash of a text id: 8-byte words, the bytes past the last whole word read as
/// one more word overlapping it (below eight bytes, as two overlapping halves) rather
/// than byte by byte, then a final mix. The length is hashed too, so the overlap loses
/// nothing. Ids are short and not chosen by an adversary of the process (a bad spread
/// would only cost time). [`CustomerEncoder`] numbers text ids with it, and so does the
/// Python package's numbering of `str` objects (hence public, but not part of the
/// documented API: it is no domain concept, and may change between versions).
#[doc(hidden)]
pub fn text_hash(s: &str) -> u64 {
    const K: u64 = 0x0000_0100_0000_01b3;
    let b = s.as_bytes();
    let n = b.len();
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let mix = |h: u64, w: u64| {
        let h = (h ^ w).wrapping_mul(K);
        h ^ (h >> 29)
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ n as u64;
    if n >= 8 {
        let mut i = 0;
        while i + 8 <= n {
            h = mix(h, word(i));
            i += 8;
        }
        if i < n {
            h = mix(h, word(n - 8));
        }
    } else if n >= 4 {
        let half = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")));
        h = mix(h, half(0) | half(n - 4) << 32);
    } else if n > 0 {
        h = mix(h, u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16);
    }
    // splitmix64's finaliser: every input bit reaches every output bit.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Row access to an id column.
enum Keys<'a> {
    I64(&'a [i64]),
    Ints(Vec<i64>),
    U64(&'a [u64], usize),
    Utf8(&'a arrow_array::StringArray),
    LargeUtf8(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Keys<'a> {
    fn get(&self, i: usize) -> Result<Key<'a>, ValueError> {
        Ok(match self {
            Keys::I64(v) => Key::Int(v[i]),
            Keys::Ints(v) => Key::Int(v[i]),
            Keys::U64(v, offset) => match i64::try_from(v[i]) {
                Ok(x) => Key::Int(x),
                Err(_) => {
                    return Err(ValueError::OutOfRange {
                        field: "customer",
                        index: offset + i,
                        value: v[i] as f64,
                        expected: "an id up to 2^63 - 1",
                    })
                }
            },
            Keys::Utf8(a) => Key::Text(a.value(i)),
            Keys::LargeUtf8(a) => Key::Text(a.value(i)),
            Keys::View(a) => Key::Text(a.value(i)),
        })
    }
}

fn keys_of<'a>(column: &'a str, array: &'a dyn Array, offset: usize) -> Result<Keys<'a>, ValueError> {
    macro_rules! widen {
        ($t:ty) => {
            Keys::Ints(array.as_primitive::<$t>().values().iter().map(|&v| i64::from(v)).collect())
        };
    }
    Ok(match array.data_type() {
        DataType::Int64 => Keys::I64(array.as_primitive::<Int64Type>().values()),
        DataType::Int32 => widen!(Int32Type),
        DataType::Int16 => widen!(Int16Type),
        DataType::Int8 => widen!(Int8Type),
        DataType::UInt32 => widen!(UInt32Type),
        DataType::UInt16 => widen!(UInt16Type),
        DataType::UInt8 => widen!(UInt8Type),
        DataType::UInt64 => Keys::U64(array.as_primitive::<UInt64Type>().values(), offset),
        DataType::Utf8 => Keys::Utf8(array.as_string::<i32>()),
        DataType::LargeUtf8 => Keys::LargeUtf8(array.as_string::<i64>()),
        DataType::Utf8View => Keys::View(array.as_string_view()),
        other => return Err(wrong_type(column, IDS, other)),
    })
}

// ---- in memory -------------------------------------------------------------------

/// The RFM summary of transactions held in record batches, in memory (the columns are
/// gathered into one contiguous table first).
///
/// Same conventions and errors as [`super::rfm_summary`], plus [`ValueError::MissingColumn`],
/// [`ValueError::ColumnType`] and [`ValueError::NullValue`]; customers come in order of
/// first appearance across the batches.
pub fn rfm_summary_batches(
    batches: &[RecordBatch],
    columns: &TransactionColumns,
    as_of: Timestamp,
    config: &SummaryConfig,
) -> Result<RfmSummary<CustomerId>, ValueError> {
    let mut codes = Vec::new();
    let mut secs = Vec::new();
    let mut amounts = Vec::new();
    let mut margins = columns.margin.as_ref().map(|_| Vec::new());
    let mut encoder = CustomerEncoder::new();
    let mut offset = 0;
    for b in batches {
        encoder.encode(&columns.customer, column(b, &columns.customer)?.as_ref(), offset, &mut codes)?;
        seconds(&columns.time, column(b, &columns.time)?.as_ref(), offset, &mut secs)?;
        amounts.extend_from_slice(&floats(&columns.amount, column(b, &columns.amount)?.as_ref(), offset)?);
        if let (Some(name), Some(m)) = (&columns.margin, margins.as_mut()) {
            m.extend_from_slice(&floats(name, column(b, name)?.as_ref(), offset)?);
        }
        offset += b.num_rows();
    }
    let keys = encoder.into_keys();
    let s = rfm_summary_codes(&codes, keys.len(), &secs, &amounts, margins.as_deref(), as_of, config)?;
    Ok(s.map_customers(|c| keys.id(c)))
}

// ---- out of core -----------------------------------------------------------------

/// The RFM summary built one record batch at a time in bounded memory (see the module
/// documentation): [`push`](StreamingSummary::push) each batch, then
/// [`finish`](StreamingSummary::finish).
pub struct StreamingSummary {
    columns: TransactionColumns,
    as_of: Timestamp,
    config: SummaryConfig,
    options: OutOfCoreConfig,
    end_day: i64,
    encoder: CustomerEncoder,
    rows: Rows,
    spill: Option<Spill>,
    seen: usize,
    used: usize,
    after_end: usize,
    first_day: i64,
    any_calibration: bool,
    scratch_secs: Vec<i64>,
    scratch_codes: Vec<u32>,
}

/// Rows in memory, column by column.
#[derive(Default)]
struct Rows {
    codes: Vec<u32>,
    secs: Vec<i64>,
    amounts: Vec<f64>,
    margins: Vec<f64>,
}

impl Rows {
    fn clear(&mut self) {
        self.codes.clear();
        self.secs.clear();
        self.amounts.clear();
        self.margins.clear();
    }
}

/// The spill files, one per partition, in a directory removed on drop.
struct Spill {
    dir: PathBuf,
    writers: Vec<BufWriter<File>>,
    rows: Vec<usize>,
}

impl Drop for Spill {
    fn drop(&mut self) {
        self.writers.clear();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn io_error(what: &Path, e: impl std::fmt::Display) -> ValueError {
    ValueError::ReadFailed { source_name: what.display().to_string(), message: e.to_string() }
}

impl StreamingSummary {
    /// A summary of the columns `columns` as of `as_of`.
    pub fn new(
        columns: TransactionColumns,
        as_of: Timestamp,
        config: SummaryConfig,
        options: OutOfCoreConfig,
    ) -> Result<StreamingSummary, ValueError> {
        let end_day = observation_end_day(as_of, &config)?;
        let w = config.growth_window_days;
        super::error::check_config("growth_window_days", w, w > 0.0, "a positive number of days")?;
        if options.partitions == 0 || options.partitions > 65_536 {
            return Err(ValueError::InvalidConfig {
                field: "partitions",
                value: options.partitions as f64,
                expected: "1 to 65536",
            });
        }
        if options.memory_rows == 0 || options.batch_rows == 0 {
            let field = if options.memory_rows == 0 { "memory_rows" } else { "batch_rows" };
            return Err(ValueError::InvalidConfig { field, value: 0.0, expected: "at least 1 row" });
        }
        Ok(StreamingSummary {
            columns,
            as_of,
            config,
            options,
            end_day,
            encoder: CustomerEncoder::new(),
            rows: Rows::default(),
            spill: None,
            seen: 0,
            used: 0,
            after_end: 0,
            first_day: i64::MAX,
            any_calibration: false,
            scratch_secs: Vec::new(),
            scratch_codes: Vec::new(),
        })
    }

    /// Transaction rows read so far.
    pub fn rows_read(&self) -> usize {
        self.seen
    }

    /// Reads one batch: checks every row (as the in-memory summary does, with rows counted
    /// over all batches), keeps the rows inside the observation window, and spills to disk
    /// when more than `memory_rows` are held.
    pub fn push(&mut self, batch: &RecordBatch) -> Result<(), ValueError> {
        let cols = &self.columns;
        let offset = self.seen;
        let customer = column(batch, &cols.customer)?;
        let time = column(batch, &cols.time)?;
        let amount = column(batch, &cols.amount)?;
        let margin = cols.margin.as_ref().map(|m| column(batch, m).map(|c| (m, c))).transpose()?;
        self.scratch_codes.clear();
        self.encoder.encode(&cols.customer, customer.as_ref(), offset, &mut self.scratch_codes)?;
        self.scratch_secs.clear();
        seconds(&cols.time, time.as_ref(), offset, &mut self.scratch_secs)?;
        let amounts = floats(&cols.amount, amount.as_ref(), offset)?;
        let margins = margin.map(|(m, c)| floats(m, c.as_ref(), offset)).transpose()?;
        let as_of_day = self.as_of.day_number();
        for i in 0..batch.num_rows() {
            let index = offset + i;
            let a = amounts[i];
            if !a.is_finite() {
                return Err(ValueError::NonFinite { field: "amount", index, value: a });
            }
            if a < 0.0 {
                let expected = ">= 0 (returns are not purchases)";
                return Err(ValueError::OutOfRange { field: "amount", index, value: a, expected });
            }
            if let Some(m) = &margins {
                if !m[i].is_finite() {
                    return Err(ValueError::NonFinite { field: "margin", index, value: m[i] });
                }
            }
            let secs = self.scratch_secs[i];
            if !Timestamp(secs).in_range() {
                return Err(ValueError::OutOfRange {
                    field: "time",
                    index,
                    value: secs as f64,
                    expected: "a time in the years 0000..9999",
                });
            }
            let d = secs.div_euclid(SECONDS_PER_DAY);
            self.first_day = self.first_day.min(d);
            if d > self.end_day {
                self.after_end += 1;
                continue;
            }
            self.any_calibration |= d <= as_of_day;
            self.used += 1;
            self.rows.codes.push(self.scratch_codes[i]);
            self.rows.secs.push(secs);
            self.rows.amounts.push(a);
            if let Some(m) = &margins {
                self.rows.margins.push(m[i]);
            }
        }
        self.seen += batch.num_rows();
        if self.rows.codes.len() >= self.options.memory_rows {
            self.spill_rows()?;
        }
        Ok(())
    }

    fn spill_rows(&mut self) -> Result<(), ValueError> {
        if self.spill.is_none() {
            let base = self.options.spill_dir.clone().unwrap_or_else(std::env::temp_dir);
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
            let dir = base.join(format!("relmap-spill-{}-{nanos}", std::process::id()));
            std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
            let mut spill = Spill { dir, writers: Vec::new(), rows: vec![0; self.options.partitions] };
            for p in 0..self.options.partitions {
                let path = spill.dir.join(format!("{p}.bin"));
                let f = File::create(&path).map_err(|e| io_error(&path, e))?;
                spill.writers.push(BufWriter::with_capacity(1 << 16, f));
            }
            self.spill = Some(spill);
        }
        let spill = self.spill.as_mut().expect("created above");
        let parts = self.options.partitions as u32;
        let r = &self.rows;
        let margins = !r.margins.is_empty();
        for i in 0..r.codes.len() {
            let p = (r.codes[i] % parts) as usize;
            let w = &mut spill.writers[p];
            let mut rec = [0u8; 28];
            rec[..4].copy_from_slice(&r.codes[i].to_le_bytes());
            rec[4..12].copy_from_slice(&r.secs[i].to_le_bytes());
            rec[12..20].copy_from_slice(&r.amounts[i].to_le_bytes());
            let len = if margins {
                rec[20..28].copy_from_slice(&r.margins[i].to_le_bytes());
                28
            } else {
                20
            };
            w.write_all(&rec[..len]).map_err(|e| io_error(&spill.dir, e))?;
            spill.rows[p] += 1;
        }
        self.rows.clear();
        Ok(())
    }

    /// The summary (customer codes in order of first appearance) and the distinct ids.
    pub fn finish(mut self) -> Result<(RfmSummary<u32>, CustomerKeys), ValueError> {
        if self.seen == 0 {
            return Err(ValueError::EmptyInput { field: "customer" });
        }
        if !self.any_calibration {
            return Err(ValueError::AsOfBeforeFirstPurchase {
                as_of: self.as_of,
                first_purchase: Timestamp(self.first_day * SECONDS_PER_DAY),
            });
        }
        let n = self.encoder.len();
        let has_margin = self.columns.margin.is_some();
        let mut summary = if self.spill.is_none() {
            let r = &self.rows;
            let m = has_margin.then_some(r.margins.as_slice());
            rfm_summary_codes(&r.codes, n, &r.secs, &r.amounts, m, self.as_of, &self.config)?
        } else {
            self.spill_rows()?;
            let mut spill = self.spill.take().expect("spilled");
            for w in &mut spill.writers {
                w.flush().map_err(|e| io_error(&spill.dir, e))?;
            }
            spill.writers.clear();
            let parts = self.options.partitions;
            let mut summaries = Vec::new();
            for p in 0..parts {
                if spill.rows[p] == 0 {
                    continue;
                }
                let rows = read_partition(&spill.dir.join(format!("{p}.bin")), spill.rows[p], has_margin, parts)?;
                if !rows.secs.iter().any(|&s| s.div_euclid(SECONDS_PER_DAY) <= self.as_of.day_number()) {
                    continue; // only holdout rows: no customer of this partition has a row
                }
                let n_local = (n + parts - 1 - p) / parts;
                let m = has_margin.then_some(rows.margins.as_slice());
                let s =
                    rfm_summary_codes(&rows.codes, n_local, &rows.secs, &rows.amounts, m, self.as_of, &self.config)?;
                summaries.push(s.map_customers(|c| c * parts as u32 + p as u32));
            }
            merge(summaries, self.as_of, &self.config, has_margin)
        };
        summary.transactions_used = self.used;
        summary.transactions_after_end = self.after_end;
        Ok((summary, self.encoder.into_keys()))
    }
}

fn read_partition(path: &Path, rows: usize, has_margin: bool, parts: usize) -> Result<Rows, ValueError> {
    let f = File::open(path).map_err(|e| io_error(path, e))?;
    let mut r = BufReader::with_capacity(1 << 16, f);
    let mut out = Rows {
        codes: Vec::with_capacity(rows),
        secs: Vec::with_capacity(rows),
        amounts: Vec::with_capacity(rows),
        margins: Vec::with_capacity(if has_margin { rows } else { 0 }),
    };
    let len = if has_margin { 28 } else { 20 };
    let mut rec = [0u8; 28];
    for _ in 0..rows {
        r.read_exact(&mut rec[..len]).map_err(|e| io_error(path, e))?;
        let code = u32::from_le_bytes(rec[..4].try_into().expect("4 bytes"));
        out.codes.push(code / parts as u32);
        out.secs.push(i64::from_le_bytes(rec[4..12].try_into().expect("8 bytes")));
        out.amounts.push(f64::from_le_bytes(rec[12..20].try_into().expect("8 bytes")));
        if has_margin {
            out.margins.push(f64::from_le_bytes(rec[20..28].try_into().expect("8 bytes")));
        }
    }
    Ok(out)
}

/// The partitions' summaries as one, customers in ascending code.
fn merge(parts: Vec<RfmSummary<u32>>, as_of: Timestamp, config: &SummaryConfig, has_margin: bool) -> RfmSummary<u32> {
    let mut order: Vec<(u32, u32, u32)> = parts
        .iter()
        .enumerate()
        .flat_map(|(p, s)| s.customers.iter().enumerate().map(move |(r, &c)| (c, p as u32, r as u32)))
        .collect();
    order.sort_unstable();
    macro_rules! gather {
        ($($f:tt)+) => {
            order.iter().map(|&(_, p, r)| parts[p as usize].$($f)+[r as usize]).collect::<Vec<_>>()
        };
    }
    let holdout = config.holdout_end.map(|end| {
        let h = |p: u32| parts[p as usize].holdout.as_ref().expect("asked for");
        HoldoutSummary {
            end,
            duration: parts.first().and_then(|s| s.holdout.as_ref()).map_or(0.0, |h| h.duration),
            frequency: order.iter().map(|&(_, p, r)| h(p).frequency[r as usize]).collect(),
            monetary_value: order.iter().map(|&(_, p, r)| h(p).monetary_value[r as usize]).collect(),
            total_amount: order.iter().map(|&(_, p, r)| h(p).total_amount[r as usize]).collect(),
        }
    });
    let total_margin = has_margin.then(|| {
        order.iter().map(|&(_, p, r)| parts[p as usize].total_margin.as_ref().expect("asked for")[r as usize]).collect()
    });
    RfmSummary {
        customers: order.iter().map(|&(c, _, _)| c).collect(),
        frequency: gather!(frequency),
        recency: gather!(recency),
        t: gather!(t),
        monetary_value: gather!(monetary_value),
        first_purchase: gather!(first_purchase),
        last_purchase: gather!(last_purchase),
        n_transactions: gather!(n_transactions),
        total_amount: gather!(total_amount),
        total_margin,
        recent_purchases: gather!(recent_purchases),
        previous_purchases: gather!(previous_purchases),
        recent_amount: gather!(recent_amount),
        previous_amount: gather!(previous_amount),
        holdout,
        as_of,
        unit: config.unit,
        growth_window_days: config.growth_window_days,
        transactions_used: 0,
        transactions_after_end: 0,
    }
}

/// The RFM summary of a stream of record batches in bounded memory (see
/// [`StreamingSummary`]); an error of the stream is a [`ValueError::ReadFailed`].
pub fn rfm_summary_from_batches<I>(
    batches: I,
    columns: &TransactionColumns,
    as_of: Timestamp,
    config: &SummaryConfig,
    options: &OutOfCoreConfig,
) -> Result<RfmSummary<CustomerId>, ValueError>
where
    I: IntoIterator<Item = Result<RecordBatch, ArrowError>>,
{
    let mut s = StreamingSummary::new(columns.clone(), as_of, config.clone(), options.clone())?;
    for b in batches {
        let b = b.map_err(|e| ValueError::ReadFailed { source_name: "batches".into(), message: e.to_string() })?;
        s.push(&b)?;
    }
    let (summary, keys) = s.finish()?;
    Ok(summary.map_customers(|c| keys.id(c)))
}

/// Feeds every record batch of the Parquet files `paths` (in order) to `summary`, reading
/// only the transaction columns, `options.batch_rows` rows at a time.
#[cfg(feature = "parquet")]
pub fn push_parquet<P: AsRef<Path>>(summary: &mut StreamingSummary, paths: &[P]) -> Result<(), ValueError> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::arrow::ProjectionMask;

    for path in paths {
        let path = path.as_ref();
        let failed = |e: &dyn std::fmt::Display| io_error(path, e);
        let file = File::open(path).map_err(|e| failed(&e))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| failed(&e))?;
        let cols = &summary.columns;
        let wanted: Vec<&str> = [Some(&cols.customer), Some(&cols.time), Some(&cols.amount), cols.margin.as_ref()]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let schema = builder.schema().clone();
        for name in &wanted {
            if schema.field_with_name(name).is_err() {
                return Err(missing_column(name, schema.fields().iter().map(|f| f.name())));
            }
        }
        let mask = ProjectionMask::columns(builder.parquet_schema(), wanted.iter().copied());
        let reader = builder
            .with_projection(mask)
            .with_batch_size(summary.options.batch_rows)
            .build()
            .map_err(|e| failed(&e))?;
        for batch in reader {
            summary.push(&batch.map_err(|e| failed(&e))?)?;
        }
    }
    Ok(())
}

/// The RFM summary of the transactions in Parquet files, read one record batch at a time
/// in bounded memory: equal, number for number, to the in-memory summary of the same rows.
#[cfg(feature = "parquet")]
pub fn rfm_summary_from_parquet<P: AsRef<Path>>(
    paths: &[P],
    columns: &TransactionColumns,
    as_of: Timestamp,
    config: &SummaryConfig,
    options: &OutOfCoreConfig,
) -> Result<RfmSummary<CustomerId>, ValueError> {
    let mut s = StreamingSummary::new(columns.clone(), as_of, config.clone(), options.clone())?;
    push_parquet(&mut s, paths)?;
    let (summary, keys) = s.finish()?;
    Ok(summary.map_customers(|c| keys.id(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_hashes_tell_lengths_and_bytes_apart() {
        // Every length from 0 to 24 (whole words, the overlapping last word, the half-word
        // and byte reads) and one byte changed at every position give distinct hashes.
        let base = "0123456789abcdefghijklmn";
        let mut seen = std::collections::HashSet::new();
        for n in 0..=base.len() {
            assert!(seen.insert(text_hash(&base[..n])), "length {n}");
            for i in 0..n {
                let mut changed = base.as_bytes()[..n].to_vec();
                changed[i] = b'_';
                assert!(seen.insert(text_hash(std::str::from_utf8(&changed).unwrap())), "length {n}, byte {i}");
            }
        }
        assert_eq!(text_hash("kunde-17"), text_hash(&String::from("kunde-17")));
        assert_ne!(text_hash("abcdefgh"), text_hash("abcdefgh\0"));
        // 10,000 ids into 2^14 buckets, by the top bits and by the bottom ones: a random
        // hash fills 2^14 (1 - e^(-10000/2^14)) = 7,488 of them.
        for bits in [|h: u64| h >> 50, |h: u64| h & 0x3fff] {
            let buckets: std::collections::HashSet<u64> =
                (0..10_000).map(|i| bits(text_hash(&i.to_string()))).collect();
            assert!(buckets.len() > 7_300, "10,000 ids fill {} of 16,384 buckets", buckets.len());
        }
    }

    #[test]
    fn short_and_long_texts_compare_as_equality_does() {
        let base = "0123456789abcdefghijklmn";
        for n in 0..=base.len() {
            let a = &base[..n];
            assert!(same_text(a, &String::from(a)), "length {n}");
            assert!(!same_text(a, &base[..n.saturating_sub(1)]) || n == 0);
            for i in 0..n {
                let mut changed = a.as_bytes().to_vec();
                changed[i] = b'_';
                assert!(!same_text(a, std::str::from_utf8(&changed).unwrap()), "length {n}, byte {i}");
            }
        }
    }
}
