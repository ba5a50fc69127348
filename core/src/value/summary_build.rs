//! The per-customer half of the RFM summary: merge each customer's bucket of
//! rows by day and write its statistics straight into the output columns.
//!
//! Customers are split into ranges whose output rows are known from a prefix
//! count, so every range writes into its own part of each column: no per-customer
//! allocation and no intermediate table. The ranges run on rayon's pool when the
//! `parallel` feature is on.

use crate::time::{Timestamp, SECONDS_PER_DAY};

/// The scattered transactions: customer `c` owns rows `starts[c]..starts[c+1]`.
pub(crate) struct Buckets<'a> {
    pub starts: &'a [u32],
    pub days: &'a [i64],
    pub amounts: &'a [f64],
    /// Empty when no margins were given.
    pub margins: &'a [f64],
}

/// The calibration and holdout windows, in days, and the unit.
pub(crate) struct Windows {
    pub as_of_day: i64,
    pub growth_window: f64,
    pub unit_days: f64,
    pub has_margin: bool,
    pub has_holdout: bool,
}

/// The output columns (margin and holdout columns empty when not asked for).
#[derive(Default)]
pub(crate) struct Columns {
    pub customers: Vec<u32>,
    pub frequency: Vec<f64>,
    pub recency: Vec<f64>,
    pub t: Vec<f64>,
    pub monetary_value: Vec<f64>,
    pub first_purchase: Vec<Timestamp>,
    pub last_purchase: Vec<Timestamp>,
    pub n_transactions: Vec<u32>,
    pub total_amount: Vec<f64>,
    pub total_margin: Vec<f64>,
    pub recent_purchases: Vec<u32>,
    pub previous_purchases: Vec<u32>,
    pub recent_amount: Vec<f64>,
    pub previous_amount: Vec<f64>,
    pub holdout_frequency: Vec<f64>,
    pub holdout_monetary: Vec<f64>,
    pub holdout_total: Vec<f64>,
}

/// Mutable views of one range of every column.
struct Slots<'a> {
    customers: &'a mut [u32],
    frequency: &'a mut [f64],
    recency: &'a mut [f64],
    t: &'a mut [f64],
    monetary_value: &'a mut [f64],
    first_purchase: &'a mut [Timestamp],
    last_purchase: &'a mut [Timestamp],
    n_transactions: &'a mut [u32],
    total_amount: &'a mut [f64],
    total_margin: &'a mut [f64],
    recent_purchases: &'a mut [u32],
    previous_purchases: &'a mut [u32],
    recent_amount: &'a mut [f64],
    previous_amount: &'a mut [f64],
    holdout_frequency: &'a mut [f64],
    holdout_monetary: &'a mut [f64],
    holdout_total: &'a mut [f64],
}

/// Splits a possibly empty optional column.
fn split<T>(s: &mut [T], mid: usize) -> (&mut [T], &mut [T]) {
    if s.is_empty() {
        (&mut [], &mut [])
    } else {
        s.split_at_mut(mid)
    }
}

impl<'a> Slots<'a> {
    fn of(c: &'a mut Columns) -> Slots<'a> {
        Slots {
            customers: &mut c.customers,
            frequency: &mut c.frequency,
            recency: &mut c.recency,
            t: &mut c.t,
            monetary_value: &mut c.monetary_value,
            first_purchase: &mut c.first_purchase,
            last_purchase: &mut c.last_purchase,
            n_transactions: &mut c.n_transactions,
            total_amount: &mut c.total_amount,
            total_margin: &mut c.total_margin,
            recent_purchases: &mut c.recent_purchases,
            previous_purchases: &mut c.previous_purchases,
            recent_amount: &mut c.recent_amount,
            previous_amount: &mut c.previous_amount,
            holdout_frequency: &mut c.holdout_frequency,
            holdout_monetary: &mut c.holdout_monetary,
            holdout_total: &mut c.holdout_total,
        }
    }

    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    fn split_at(self, mid: usize) -> (Slots<'a>, Slots<'a>) {
        macro_rules! halves {
            ($($f:ident),*) => {{
                $(let $f = split(self.$f, mid);)*
                (Slots { $($f: $f.0),* }, Slots { $($f: $f.1),* })
            }};
        }
        halves!(
            customers,
            frequency,
            recency,
            t,
            monetary_value,
            first_purchase,
            last_purchase,
            n_transactions,
            total_amount,
            total_margin,
            recent_purchases,
            previous_purchases,
            recent_amount,
            previous_amount,
            holdout_frequency,
            holdout_monetary,
            holdout_total
        )
    }
}

/// Builds the columns for the customers with `present[c]` (a purchase on or before as_of).
pub(crate) fn build(b: &Buckets<'_>, present: &[bool], w: &Windows) -> Columns {
    let n = present.len();
    let mut out_start = Vec::with_capacity(n + 1);
    let mut k = 0u32;
    for &p in present {
        out_start.push(k);
        k += u32::from(p);
    }
    out_start.push(k);
    let k = k as usize;
    let opt = |on: bool| if on { vec![0.0; k] } else { Vec::new() };
    let mut cols = Columns {
        customers: vec![0; k],
        frequency: vec![0.0; k],
        recency: vec![0.0; k],
        t: vec![0.0; k],
        monetary_value: vec![0.0; k],
        first_purchase: vec![Timestamp(0); k],
        last_purchase: vec![Timestamp(0); k],
        n_transactions: vec![0; k],
        total_amount: vec![0.0; k],
        total_margin: opt(w.has_margin),
        recent_purchases: vec![0; k],
        previous_purchases: vec![0; k],
        recent_amount: vec![0.0; k],
        previous_amount: vec![0.0; k],
        holdout_frequency: opt(w.has_holdout),
        holdout_monetary: opt(w.has_holdout),
        holdout_total: opt(w.has_holdout),
    };
    fill(Slots::of(&mut cols), 0, n, &out_start, present, b, w);
    cols
}

/// Customers per task below which a range is filled on the current thread.
#[cfg(feature = "parallel")]
const LEAF: usize = 8192;

/// Fills customers `lo..hi` into `slots` (which start at output row `out_start[lo]`).
fn fill(slots: Slots<'_>, lo: usize, hi: usize, out_start: &[u32], present: &[bool], b: &Buckets<'_>, w: &Windows) {
    #[cfg(feature = "parallel")]
    if hi - lo > LEAF {
        let mid = lo + (hi - lo) / 2;
        let (left, right) = slots.split_at((out_start[mid] - out_start[lo]) as usize);
        rayon::join(
            || fill(left, lo, mid, out_start, present, b, w),
            || fill(right, mid, hi, out_start, present, b, w),
        );
        return;
    }
    let mut s = slots;
    let base = out_start[lo] as usize;
    for c in (lo..hi).filter(|&c| present[c]) {
        write(&mut s, out_start[c] as usize - base, c, b, w);
    }
}

/// Merges customer `c`'s rows by day and writes its row `j`.
fn write(s: &mut Slots<'_>, j: usize, c: usize, b: &Buckets<'_>, w: &Windows) {
    let (lo, hi) = (b.starts[c] as usize, b.starts[c + 1] as usize);
    let days = &b.days[lo..hi];
    let mut order: Vec<usize> = Vec::new();
    let sorted = days.windows(2).all(|p| p[0] <= p[1]);
    if !sorted {
        order = (lo..hi).collect();
        order.sort_by_key(|&i| b.days[i]);
    }
    let at = |i: usize| if sorted { lo + i } else { order[i] };
    let margin_of = |r: usize| if w.has_margin { b.margins[r] } else { 0.0 };
    let first = b.days[at(0)];
    let (mut purchase_days, mut last, mut n_tx) = (0u32, first, 0u32);
    let (mut repeat_amount, mut total, mut margin) = (0.0, 0.0, 0.0);
    let (mut recent, mut previous, mut holdout) = ((0u32, 0.0), (0u32, 0.0), (0u32, 0.0));
    let mut i = 0;
    while i < hi - lo {
        let day = b.days[at(i)];
        let (mut amount, mut m, mut count) = (0.0, 0.0, 0u32);
        while i < hi - lo && b.days[at(i)] == day {
            amount += b.amounts[at(i)];
            m += margin_of(at(i));
            count += 1;
            i += 1;
        }
        if day > w.as_of_day {
            holdout.0 += 1;
            holdout.1 += amount;
            continue;
        }
        if purchase_days > 0 {
            repeat_amount += amount;
        }
        purchase_days += 1;
        last = day;
        n_tx += count;
        total += amount;
        margin += m;
        let age = (w.as_of_day - day) as f64;
        if age < w.growth_window {
            recent.0 += 1;
            recent.1 += amount;
        } else if age < 2.0 * w.growth_window {
            previous.0 += 1;
            previous.1 += amount;
        }
    }
    let x = f64::from(purchase_days - 1);
    s.customers[j] = c as u32;
    s.frequency[j] = x;
    s.recency[j] = (last - first) as f64 / w.unit_days;
    s.t[j] = (w.as_of_day - first) as f64 / w.unit_days;
    s.monetary_value[j] = if x > 0.0 { repeat_amount / x } else { 0.0 };
    s.first_purchase[j] = Timestamp(first * SECONDS_PER_DAY);
    s.last_purchase[j] = Timestamp(last * SECONDS_PER_DAY);
    s.n_transactions[j] = n_tx;
    s.total_amount[j] = total;
    if w.has_margin {
        s.total_margin[j] = margin;
    }
    s.recent_purchases[j] = recent.0;
    s.recent_amount[j] = recent.1;
    s.previous_purchases[j] = previous.0;
    s.previous_amount[j] = previous.1;
    if w.has_holdout {
        let hf = f64::from(holdout.0);
        s.holdout_frequency[j] = hf;
        s.holdout_monetary[j] = if hf > 0.0 { holdout.1 / hf } else { 0.0 };
        s.holdout_total[j] = holdout.1;
    }
}
