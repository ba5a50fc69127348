//! Data for the value benches: CDNOW transactions, and sBG cohorts.

use relmap::time::Timestamp;
use relmap::value::{ShiftedBetaGeo, ShiftedBetaGeoParams};

/// Path of a file in `examples/data/cdnow/`.
pub fn cdnow_path(file: &str) -> String {
    format!("{}/../examples/data/cdnow/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// CDNOW transactions column by column, replicated `copies` times.
///
/// Copy k of customer c gets the string id `"{c}_{k}"` and the dense code
/// `k · n + index(c)`, so the copies are distinct customers with identical histories.
pub struct Transactions {
    /// String customer ids.
    pub ids: Vec<String>,
    /// Dense customer codes `0..n_customers`.
    pub codes: Vec<u32>,
    /// Number of distinct customers.
    pub n_customers: usize,
    /// Transaction times (midnight UTC).
    pub times: Vec<Timestamp>,
    /// Dollar amounts.
    pub amounts: Vec<f64>,
}

/// `CDNOW_master.txt` (69,659 transactions of 23,570 customers) replicated `copies` times.
pub fn cdnow_master(copies: usize) -> Transactions {
    let text = std::fs::read_to_string(cdnow_path("CDNOW_master.txt")).expect("CDNOW_master.txt");
    let mut base_ids: Vec<String> = Vec::new();
    let mut base_codes: Vec<u32> = Vec::new();
    let mut times = Vec::new();
    let mut amounts = Vec::new();
    let mut index = std::collections::HashMap::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let next = index.len() as u32;
        let code = *index.entry(f[0].to_string()).or_insert(next);
        base_ids.push(f[0].to_string());
        base_codes.push(code);
        times.push(f[1].parse().expect("date"));
        amounts.push(f[3].parse().expect("amount"));
    }
    let n = index.len();
    let mut t = Transactions {
        ids: Vec::with_capacity(base_ids.len() * copies),
        codes: Vec::with_capacity(base_ids.len() * copies),
        n_customers: n * copies,
        times: Vec::with_capacity(base_ids.len() * copies),
        amounts: Vec::with_capacity(base_ids.len() * copies),
    };
    for k in 0..copies {
        for i in 0..base_ids.len() {
            t.ids.push(format!("{}_{k}", base_ids[i]));
            t.codes.push((k * n) as u32 + base_codes[i]);
            t.times.push(times[i]);
            t.amounts.push(amounts[i]);
        }
    }
    t
}

/// BG/BB data from transactions: weekly opportunities in the first `weeks` weeks after each
/// customer's first purchase (week 0 starts on that day). Returns per customer (code order)
/// x = weeks 1..=`weeks` with a purchase, t_x = the last of them (0 if none) and n = `weeks`.
/// `benches/python/lifetimes_value_models.py` builds the same table with pandas.
pub fn weekly_opportunities(t: &Transactions, weeks: i64) -> [Vec<f64>; 3] {
    let day = |ts: Timestamp| ts.day_number();
    let mut first = vec![i64::MAX; t.n_customers];
    for (&c, &ts) in t.codes.iter().zip(&t.times) {
        first[c as usize] = first[c as usize].min(day(ts));
    }
    let mut seen: Vec<Vec<i64>> = vec![Vec::new(); t.n_customers];
    for (&c, &ts) in t.codes.iter().zip(&t.times) {
        let j = (day(ts) - first[c as usize]).div_euclid(7);
        if (1..=weeks).contains(&j) && !seen[c as usize].contains(&j) {
            seen[c as usize].push(j);
        }
    }
    let x = seen.iter().map(|s| s.len() as f64).collect();
    let tx = seen.iter().map(|s| s.iter().copied().max().unwrap_or(0) as f64).collect();
    [x, tx, vec![weeks as f64; t.n_customers]]
}

/// 100 cohorts of 1000 to 10,900 customers, each followed for 120 periods, their survivor
/// counts from an sBG whose α, β drift a little from cohort to cohort (rounded to whole customers).
pub fn sbg_cohorts() -> Vec<Vec<f64>> {
    (0..100)
        .map(|c| {
            let size = 1000.0 + 100.0 * c as f64;
            let m = ShiftedBetaGeo::new(ShiftedBetaGeoParams {
                alpha: 0.6 + 0.002 * c as f64,
                beta: 1.5 + 0.01 * c as f64,
            })
            .unwrap();
            m.survival_curve(120).unwrap().iter().map(|s| (size * s).round()).collect()
        })
        .collect()
}
