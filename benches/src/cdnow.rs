//! CDNOW transactions for the value benches.

use relmap::time::Timestamp;

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
