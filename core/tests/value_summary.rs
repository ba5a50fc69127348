//! The RFM summary against the published CDNOW calibration summary.

mod common;

use std::collections::HashMap;

use common::*;
use relmap::value::{rfm_summary, SummaryConfig, TimeUnit};

#[test]
fn cdnow_sample_summary_matches_published_csv() {
    let tx = cdnow_sample();
    let s = rfm_summary(&tx.customer, &tx.time, &tx.amount, None, cdnow_calibration_end(), &SummaryConfig::default())
        .unwrap();
    let published = cdnow_published_summary();
    assert_eq!(published.len(), 2357);
    assert_eq!(s.len(), published.len(), "every customer of the cohort has a row");
    let row: HashMap<&str, usize> = s.customers.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
    for p in &published {
        let i = row[p.id.as_str()];
        let close = |a: f64, b: f64| (a - b).abs() <= 0.01 + 1e-9;
        assert!(close(s.frequency[i], p.x), "customer {}: x {} vs {}", p.id, s.frequency[i], p.x);
        assert!(close(s.recency[i], p.t_x), "customer {}: t_x {} vs {}", p.id, s.recency[i], p.t_x);
        assert!(close(s.t[i], p.t), "customer {}: T {} vs {}", p.id, s.t[i], p.t);
        assert!(close(s.monetary_value[i], p.zbar), "customer {}: zbar {} vs {}", p.id, s.monetary_value[i], p.zbar);
    }
    assert_eq!(s.unit, TimeUnit::Week);
    assert_eq!(s.transactions_used + s.transactions_after_end, tx.customer.len());
}

#[test]
fn cdnow_holdout_split_counts_every_purchase_once() {
    let tx = cdnow_sample();
    let config = SummaryConfig { holdout_end: Some("1998-06-30".parse().unwrap()), ..SummaryConfig::default() };
    let s = rfm_summary(&tx.customer, &tx.time, &tx.amount, None, cdnow_calibration_end(), &config).unwrap();
    let h = s.holdout.as_ref().unwrap();
    // 273 days from 1997-09-30 to 1998-06-30.
    assert!((h.duration - 273.0 / 7.0).abs() < 1e-12);
    // Every row of the file lies inside 1997-01-01..1998-06-30: all are used.
    assert_eq!(s.transactions_used, tx.customer.len());
    assert_eq!(s.transactions_after_end, 0);
    let cal_spend: f64 = s.total_amount.iter().sum();
    let hold_spend: f64 = h.total_amount.iter().sum();
    let all: f64 = tx.amount.iter().sum();
    assert!((cal_spend + hold_spend - all).abs() < 1e-6 * all);
    // Holdout purchases against an independent count of distinct (customer, day) pairs in the raw rows.
    let mut days = std::collections::HashSet::new();
    for i in 0..tx.customer.len() {
        if tx.time[i] > cdnow_calibration_end() {
            days.insert((tx.customer[i].clone(), tx.time[i]));
        }
    }
    let holdout_purchases: f64 = h.frequency.iter().sum();
    assert_eq!(holdout_purchases as usize, days.len());
}
