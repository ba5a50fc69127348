//! The customer-value counterpart of `golden`, and value workloads for a profiler.
//!
//! `value_golden dump DIR` writes the value results on CDNOW_master ×20 (the
//! `value_pipeline` and `value_models` benches' data) into `DIR`, one text file a
//! result, every number with its bits: the BG/NBD, Pareto/NBD, MBG/NBD, Gamma-Gamma,
//! BG/BB and sBG fits (estimates, log-likelihood, distinct rows), P(alive), expected
//! purchases, CLV and `compress_rows` of the summary. Run it on the old and the new
//! code and compare:
//!
//! ```sh
//! cargo run --release -p relmap-benches --example value_golden -- dump /tmp/value-before   # old code
//! cargo run --release -p relmap-benches --example value_golden -- dump /tmp/value-after    # new code
//! diff -r /tmp/value-before /tmp/value-after && echo identical
//! ```
//!
//! `value_golden WORKLOAD [TIMES]` runs one workload (`bg_fit`, `gg_fit`, `bgbb_fit`,
//! `clv`, `compress`) for callgrind, whose counts repeat exactly on a busy machine:
//!
//! ```sh
//! CARGO_PROFILE_RELEASE_DEBUG=true cargo build --release -p relmap-benches --example value_golden
//! RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=bg.out \
//!     target/release/examples/value_golden bg_fit
//! callgrind_annotate --inclusive=yes bg.out | grep 'bg_family::fit \['
//! ```
//!
//! The data are built before the workload (most of a run's instructions); read the
//! inclusive count of the workload's function, or run with 1 and N + 1 repetitions and
//! subtract.

use std::fmt::Debug;
use std::hint::black_box;
use std::io::Write;

use relmap::value::{
    compress_rows, rfm_summary_codes, BetaGeo, BetaGeoBetaBinom, ClvConfig, FitConfig, GammaGamma, ModifiedBetaGeo,
    ParetoNbd, PurchaseModel, RfmData, ShiftedBetaGeo, SummaryConfig,
};
use relmap_benches::cdnow::{cdnow_master, sbg_cohorts, weekly_opportunities};

/// Writes `values` to `DIR/NAME.txt`, one a line: the number and its bits.
fn numbers(dir: &str, name: &str, values: &[f64]) {
    let mut f = std::fs::File::create(format!("{dir}/{name}.txt")).expect("a writable directory");
    for v in values {
        writeln!(f, "{v:?} {:016x}", v.to_bits()).expect("a writable directory");
    }
}

/// Writes a value's debug form (exact for every `f64` in it) to `DIR/NAME.txt`.
fn debug(dir: &str, name: &str, value: &impl Debug) {
    std::fs::write(format!("{dir}/{name}.txt"), format!("{value:?}\n")).expect("a writable directory");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(what) = args.first() else {
        panic!("usage: value_golden dump DIR | value_golden bg_fit|gg_fit|bgbb_fit|clv|compress [TIMES]")
    };
    let t = cdnow_master(20);
    let as_of = "1998-06-30".parse().expect("a date");
    let s = rfm_summary_codes(&t.codes, t.n_customers, &t.times, &t.amounts, None, as_of, &SummaryConfig::default())
        .expect("a valid summary");
    let data = RfmData::new(&s.frequency, &s.recency, &s.t).expect("valid columns");
    let cfg = FitConfig::default();
    // Repeat buyers whose purchases were all $0 take no part in the spend fit.
    let spend_weights: Vec<f64> = s.monetary_value.iter().map(|&m| if m > 0.0 { 1.0 } else { 0.0 }).collect();
    let [x, tx, n] = weekly_opportunities(&t, 52);
    let weekly = RfmData::new(&x, &tx, &n).expect("valid columns");
    let gg_fit = || GammaGamma::fit(&s.frequency, &s.monetary_value, Some(&spend_weights), &cfg).expect("a fit");
    let times: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(1);
    let repeat = |f: &dyn Fn()| (0..times).for_each(|_| f());
    match what.as_str() {
        "bg_fit" => repeat(&|| drop(black_box(BetaGeo::fit(&data, None, &cfg).expect("a fit")))),
        "gg_fit" => repeat(&|| drop(black_box(gg_fit()))),
        "bgbb_fit" => repeat(&|| drop(black_box(BetaGeoBetaBinom::fit(&weekly, None, &cfg).expect("a fit")))),
        "clv" => {
            let (bg, gg) = (BetaGeo::fit(&data, None, &cfg).expect("a fit"), gg_fit());
            repeat(&|| drop(black_box(gg.clv(&bg, &data, &s.monetary_value, &ClvConfig::default()))));
        }
        "compress" => repeat(&|| drop(black_box(compress_rows(&[&s.frequency, &s.recency, &s.t], None)))),
        "dump" => {
            let dir = args.get(1).expect("a directory");
            std::fs::create_dir_all(dir).expect("a writable directory");
            let bg = BetaGeo::fit(&data, None, &cfg).expect("a fit");
            let rows = |report: Option<&relmap::value::FitReport>| report.expect("a report").distinct_rows as f64;
            debug(dir, "bg_params", &bg.params());
            numbers(dir, "bg_ll", &[bg.log_likelihood().expect("fitted"), rows(bg.report())]);
            numbers(dir, "bg_p_alive", &bg.p_alive(&data).expect("P(alive)"));
            numbers(dir, "bg_expected", &bg.expected_purchases(52.0, &data).expect("expected purchases"));
            let gg = gg_fit();
            debug(dir, "gg_params", &gg.params());
            numbers(dir, "gg_ll", &[gg.log_likelihood().expect("fitted"), rows(gg.report())]);
            let ll_of = gg.log_likelihood_of(&s.frequency, &s.monetary_value, Some(&spend_weights));
            numbers(dir, "gg_ll_of", &[ll_of.expect("a log-likelihood")]);
            numbers(dir, "clv", &gg.clv(&bg, &data, &s.monetary_value, &ClvConfig::default()).expect("CLV"));
            let pnbd = ParetoNbd::fit(&data, None, &cfg).expect("a fit");
            debug(dir, "pnbd_params", &pnbd.params());
            numbers(dir, "pnbd_ll", &[pnbd.log_likelihood().expect("fitted"), rows(pnbd.report())]);
            numbers(dir, "pnbd_p_alive", &pnbd.p_alive(&data).expect("P(alive)"));
            let mbg = ModifiedBetaGeo::fit(&data, None, &cfg).expect("a fit");
            debug(dir, "mbg_params", &mbg.params());
            numbers(dir, "mbg_ll", &[mbg.log_likelihood().expect("fitted"), rows(mbg.report())]);
            numbers(dir, "mbg_p_alive", &mbg.p_alive(&data).expect("P(alive)"));
            let bgbb = BetaGeoBetaBinom::fit(&weekly, None, &cfg).expect("a fit");
            debug(dir, "bgbb_params", &bgbb.params());
            numbers(dir, "bgbb_ll", &[bgbb.log_likelihood().expect("fitted"), rows(bgbb.report())]);
            numbers(dir, "bgbb_p_alive", &bgbb.p_alive(&weekly).expect("P(alive)"));
            numbers(dir, "bgbb_dert", &bgbb.dert(0.002, &weekly).expect("DERT"));
            let cohorts = sbg_cohorts();
            let refs: Vec<&[f64]> = cohorts.iter().map(Vec::as_slice).collect();
            let sbg = ShiftedBetaGeo::fit_cohorts(&refs, &cfg).expect("a fit");
            debug(dir, "sbg_params", &sbg.params());
            numbers(dir, "sbg_ll", &[sbg.log_likelihood().expect("fitted"), rows(sbg.report())]);
            let columns = [&s.frequency[..], &s.recency, &s.t, &s.monetary_value];
            let c = compress_rows(&columns, Some(&spend_weights)).expect("valid columns");
            for (j, column) in c.columns().iter().enumerate() {
                numbers(dir, &format!("compress_column_{j}"), column);
            }
            numbers(dir, "compress_counts", c.counts());
            numbers(dir, "compress_row_of", &c.row_of().iter().map(|&r| f64::from(r)).collect::<Vec<_>>());
        }
        other => panic!("unknown workload {other}: dump, bg_fit, gg_fit, bgbb_fit, clv or compress"),
    }
}
