//! Loaders for the CDNOW data shipped in `examples/data/cdnow/`.
#![allow(dead_code)]

use relmap::time::Timestamp;

/// Path of a file in `examples/data/cdnow/`.
pub fn cdnow_path(file: &str) -> String {
    format!("{}/../examples/data/cdnow/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// Transactions column by column.
pub struct Transactions {
    pub customer: Vec<String>,
    pub time: Vec<Timestamp>,
    pub amount: Vec<f64>,
}

/// `CDNOW_sample.txt`: master id, sample id, date, CDs, dollars. Customers are the sample ids.
pub fn cdnow_sample() -> Transactions {
    let text = std::fs::read_to_string(cdnow_path("CDNOW_sample.txt")).unwrap();
    let mut t = Transactions { customer: vec![], time: vec![], amount: vec![] };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        t.customer.push(f[1].trim_start_matches('0').to_string());
        t.time.push(f[2].parse().unwrap());
        t.amount.push(f[4].parse().unwrap());
    }
    t
}

/// `CDNOW_master.txt`: customer id, date, CDs, dollars (header row).
pub fn cdnow_master() -> Transactions {
    let text = std::fs::read_to_string(cdnow_path("CDNOW_master.txt")).unwrap();
    let mut t = Transactions { customer: vec![], time: vec![], amount: vec![] };
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        t.customer.push(f[0].to_string());
        t.time.push(f[1].parse().unwrap());
        t.amount.push(f[3].parse().unwrap());
    }
    t
}

/// One row of `cdnow_customers_summary_with_transactions.csv`.
pub struct PublishedRow {
    pub id: String,
    pub x: f64,
    pub t_x: f64,
    pub t: f64,
    pub zbar: f64,
}

/// The published calibration summary of the sample (weeks, calibration end 1997-09-30).
pub fn cdnow_published_summary() -> Vec<PublishedRow> {
    let text = std::fs::read_to_string(cdnow_path("cdnow_customers_summary_with_transactions.csv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            PublishedRow {
                id: f[0].to_string(),
                x: f[1].parse().unwrap(),
                t_x: f[2].parse().unwrap(),
                t: f[3].parse().unwrap(),
                zbar: f[4].parse().unwrap(),
            }
        })
        .collect()
}

/// The calibration end of the published CDNOW analyses.
pub fn cdnow_calibration_end() -> Timestamp {
    "1997-09-30".parse().unwrap()
}

/// The holdout end of the published CDNOW analyses.
pub fn cdnow_holdout_end() -> Timestamp {
    "1998-06-30".parse().unwrap()
}

/// The CDNOW sample with its calibration/holdout summary and a BG/NBD fit.
pub struct CdnowFit {
    pub tx: Transactions,
    pub config: relmap::value::SummaryConfig,
    pub summary: relmap::value::RfmSummary<String>,
    pub bg: relmap::value::BetaGeo,
}

impl CdnowFit {
    pub fn load() -> CdnowFit {
        use relmap::value::{rfm_summary, BetaGeo, FitConfig, RfmData, SummaryConfig};
        let tx = cdnow_sample();
        let config = SummaryConfig { holdout_end: Some(cdnow_holdout_end()), ..SummaryConfig::default() };
        let summary = rfm_summary(&tx.customer, &tx.time, &tx.amount, None, cdnow_calibration_end(), &config).unwrap();
        let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t).unwrap();
        let bg = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
        CdnowFit { tx, config, summary, bg }
    }

    pub fn data(&self) -> relmap::value::RfmData<'_> {
        relmap::value::RfmData::new(&self.summary.frequency, &self.summary.recency, &self.summary.t).unwrap()
    }
}

pub mod simulate;

/// Path of a file in `examples/data/`.
pub fn data_path(file: &str) -> String {
    format!("{}/../examples/data/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// A CSV with a header row, as columns of numbers in header order.
pub fn numeric_csv(file: &str) -> Vec<Vec<f64>> {
    let text = std::fs::read_to_string(data_path(file)).unwrap();
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let width = lines.next().unwrap().split(',').count();
    let mut cols = vec![Vec::new(); width];
    for line in lines {
        for (c, v) in cols.iter_mut().zip(line.split(',')) {
            c.push(v.trim().parse().unwrap());
        }
    }
    cols
}

/// The donations recency/frequency table: (x, t_x, n, donors, holdout donations of the cell).
pub fn donations() -> [Vec<f64>; 5] {
    let c = numeric_csv("donations/donations_calibration_rf.csv");
    [c[0].clone(), c[1].clone(), c[2].clone(), c[3].clone(), c[4].clone()]
}

/// The two cohorts of `sbg/retention.csv`: customers active at the start of years 0..=7.
pub fn sbg_cohorts() -> (Vec<f64>, Vec<f64>) {
    let c = numeric_csv("sbg/retention.csv");
    (c[1].clone(), c[2].clone())
}
