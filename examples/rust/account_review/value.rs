//! The customer-value section: RFM summary, BG/NBD and Gamma-Gamma fits, whether
//! the model forecasts the holdout period, tiers, lifecycle stages and the most
//! valuable customers of the CDNOW sample; and the diagnostic pictures.

use std::path::Path;

use relmap::render::value::{
    plot_frequency_recency, plot_holdout, plot_period_transactions, plot_tiers, plot_tracking,
};
use relmap::render::ChartOptions;
use relmap::time::Timestamp;
use relmap::value::{
    holdout_evaluation_of_summary, lifecycle, period_transactions, rfm_summary, tier, tracking, BetaGeo, ClvConfig,
    CustomerSignals, FitConfig, FrequencyRecencyConfig, FrequencyRecencyMatrix, GammaGamma, HoldoutConfig,
    LifecycleConfig, LifecycleStage, MatrixQuantity, PeriodTransactionsConfig, PurchaseModel, RfmData, SummaryConfig,
    TierConfig,
};

/// Calibration end and holdout end of the published CDNOW analyses.
const CALIBRATION_END: &str = "1997-09-30";
const HOLDOUT_END: &str = "1998-06-30";
/// The diagnostic pictures, written into the docs folder.
const PICTURES: [&str; 5] = [
    "value-holdout.svg",
    "value-tracking.svg",
    "value-period-transactions.svg",
    "value-p-alive.svg",
    "value-tiers.svg",
];
/// How many customers the top-CLV table lists.
const TOP_CUSTOMERS: usize = 10;

/// CDNOW transactions: customer (master id), date, dollars.
struct Transactions {
    customers: Vec<String>,
    times: Vec<Timestamp>,
    amounts: Vec<f64>,
}

/// Reads `CDNOW_sample.txt`: master id, sample id, date YYYYMMDD, CDs, dollars.
fn read_cdnow(path: &Path) -> Result<Transactions, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut t = Transactions { customers: Vec::new(), times: Vec::new(), amounts: Vec::new() };
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |what: &str| format!("{}:{}: {what}", path.display(), n + 1);
        let f: Vec<&str> = line.split_whitespace().collect();
        let [id, _, date, _, dollars] = f[..] else { return Err(bad("expected 5 columns")) };
        if date.len() != 8 {
            return Err(bad("date is not YYYYMMDD"));
        }
        let iso = format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..]);
        t.customers.push(id.to_owned());
        t.times.push(iso.parse().map_err(|_| bad("date is not YYYYMMDD"))?);
        t.amounts.push(dollars.parse().map_err(|_| bad("dollars is not a number"))?);
    }
    Ok(t)
}

/// The customer-value section as text; writes the diagnostic pictures into `pictures`.
pub fn review(path: &Path, pictures: &Path) -> Result<String, String> {
    let tx = read_cdnow(path)?;
    let as_of: Timestamp = CALIBRATION_END.parse().map_err(|e| format!("{e}"))?;
    let holdout_end: Timestamp = HOLDOUT_END.parse().map_err(|e| format!("{e}"))?;
    let err = |e: relmap::value::ValueError| format!("{e} [{}]", e.code());
    let cfg = SummaryConfig { holdout_end: Some(holdout_end), ..SummaryConfig::default() };
    let s = rfm_summary(&tx.customers, &tx.times, &tx.amounts, None, as_of, &cfg).map_err(err)?;
    let data = RfmData::new(&s.frequency, &s.recency, &s.t).map_err(err)?;
    let bg = BetaGeo::fit(&data, None, &FitConfig::default()).map_err(err)?;
    let gg = GammaGamma::fit(&s.frequency, &s.monetary_value, None, &FitConfig::default()).map_err(err)?;
    let alive = bg.p_alive(&data).map_err(err)?;
    let clv_cfg = ClvConfig::default();
    let clv = gg.clv(&bg, &data, &s.monetary_value, &clv_cfg).map_err(err)?;
    let signals = CustomerSignals::from_summary(&s, &alive, &clv, clv_cfg.horizon());
    let tiers = tier(&signals, &TierConfig::default()).map_err(err)?;
    let stages = lifecycle(&signals, &LifecycleConfig::default()).map_err(err)?;
    let holdout = holdout_evaluation_of_summary(&bg, &s, &HoldoutConfig::default()).map_err(err)?;
    let track = tracking(&bg, &tx.customers, &tx.times, as_of, &cfg).map_err(err)?;
    let period = period_transactions(&bg, &data, &PeriodTransactionsConfig::default()).map_err(err)?;
    let overview = tiers.overview(&clv, &alive).map_err(err)?;

    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(format!("== Customer value: CDNOW sample ({})", path.file_name().unwrap_or_default().to_string_lossy()));
    let n = s.len();
    let repeat = s.frequency.iter().filter(|&&x| x > 0.0).count();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let h = s.holdout.as_ref().ok_or("the summary has no holdout")?;
    line(format!(
        "   RFM summary at {CALIBRATION_END} (calibration end, weeks): {} transactions, {n} customers, {repeat} repeat buyers",
        s.n_transactions.iter().map(|&k| k as usize).sum::<usize>(),
    ));
    line(format!(
        "     mean frequency {:.3}, recency {:.2} wk, T {:.2} wk; holdout to {HOLDOUT_END} ({:.0} weeks): {} purchases",
        mean(&s.frequency),
        mean(&s.recency),
        mean(&s.t),
        h.duration,
        h.frequency.iter().sum::<f64>()
    ));
    let p = bg.params();
    line(format!(
        "   BG/NBD       r {:.4}  alpha {:.4}  a {:.4}  b {:.4}   log-likelihood {:.2}",
        p.r,
        p.alpha,
        p.a,
        p.b,
        bg.log_likelihood().unwrap_or(f64::NAN)
    ));
    let q = gg.params();
    line(format!(
        "   Gamma-Gamma  p {:.4}  q {:.4}  v {:.4}   log-likelihood {:.2}",
        q.p,
        q.q,
        q.v,
        gg.log_likelihood().unwrap_or(f64::NAN)
    ));

    line("   does the model fit? holdout purchases by calibration frequency (the BTYD table):".to_owned());
    line(format!("     {:<6} {:>9} {:>8} {:>8}", "bin", "customers", "actual", "BG/NBD"));
    for b in &holdout.bins {
        line(format!("     {:<6} {:>9} {:>8.4} {:>8.4}", b.label(), b.customers, b.actual_mean, b.expected_mean));
    }
    let e = &holdout.errors;
    line(format!(
        "     per customer: MAE {:.3}, RMSE {:.3}, bias {:+.3}, correlation {:.3}; {:.1} purchases expected, {:.0} made",
        e.mae,
        e.rmse,
        e.bias,
        e.correlation.unwrap_or(f64::NAN),
        e.predicted_total,
        e.actual_total
    ));
    if let Some(w) = &track.holdout_errors {
        line(format!(
            "     weekly tracking over the holdout: MAE {:.1}, RMSE {:.1}, bias {:+.1} purchases per week, correlation {:.2}",
            w.mae,
            w.rmse,
            w.bias,
            w.correlation.unwrap_or(f64::NAN)
        ));
    }
    let simulated: Vec<String> =
        period.bins.iter().map(|b| format!("{} {}/{:.0}", b.label(), b.actual, b.simulated)).collect();
    line(format!("     repeat purchases in calibration, actual/simulated: {}", simulated.join(", ")));

    line(format!(
        "   CLV: {} periods of {:.3} weeks, {:.0}% discount per period; vip above {:.2}",
        clv_cfg.periods,
        clv_cfg.period_length,
        100.0 * clv_cfg.discount_rate,
        tiers.vip_threshold
    ));
    line(format!("   {:<12} {:>9} {:>12} {:>13}", "tier", "customers", "total CLV", "mean P(alive)"));
    for t in &overview.tiers {
        let alive_mean = t.mean_p_alive.unwrap_or(0.0);
        line(format!("   {:<12} {:>9} {:>12.2} {:>13.3}", t.tier.as_str(), t.customers, t.clv, alive_mean));
    }
    let stage_counts: Vec<String> = [
        LifecycleStage::Exploration,
        LifecycleStage::Growth,
        LifecycleStage::Maturity,
        LifecycleStage::Decline,
        LifecycleStage::Churned,
    ]
    .iter()
    .map(|&st| format!("{} {}", st.as_str(), stages.stage.iter().filter(|&&x| x == st).count()))
    .collect();
    line(format!("   lifecycle: {}", stage_counts.join(", ")));
    if let Some(i) = (0..n).find(|&i| s.frequency[i] == 0.0) {
        line(format!("     e.g. customer {}: {}: {}", s.customers[i], stages.stage[i].as_str(), stages.reason[i]));
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| clv[b].total_cmp(&clv[a]).then(a.cmp(&b)));
    line(format!("   top {TOP_CUSTOMERS} customers by CLV:"));
    line(format!(
        "   {:>4} {:<8} {:>4} {:>8} {:>7} {:>9} {:>8} {:>9}  {}",
        "rank", "customer", "x", "t_x (wk)", "T (wk)", "mean $", "P(alive)", "CLV $", "tier"
    ));
    for (rank, &i) in order.iter().take(TOP_CUSTOMERS).enumerate() {
        line(format!(
            "   {:>4} {:<8} {:>4} {:>8.1} {:>7.1} {:>9.2} {:>8.3} {:>9.2}  {}",
            rank + 1,
            s.customers[i],
            s.frequency[i],
            s.recency[i],
            s.t[i],
            s.monetary_value[i],
            alive[i],
            clv[i],
            tiers.tier[i].as_str()
        ));
    }

    // The pictures: a smaller frequency-recency grid keeps the docs' heat map light.
    let grid = FrequencyRecencyConfig { max_frequency: 20, recency_cells: 20, ..FrequencyRecencyConfig::default() };
    let p_alive = FrequencyRecencyMatrix::new(&bg, &data, s.unit, MatrixQuantity::PAlive, &grid).map_err(err)?;
    let opts = ChartOptions::default();
    let render = |e: relmap::render::RenderError| format!("{e} [{}]", e.code());
    let svgs = [
        plot_holdout(&holdout, &opts).map_err(render)?,
        plot_tracking(&track, &opts).map_err(render)?,
        plot_period_transactions(&period, &opts).map_err(render)?,
        plot_frequency_recency(&p_alive, &opts).map_err(render)?,
        plot_tiers(&overview, &opts).map_err(render)?,
    ];
    for (name, svg) in PICTURES.iter().zip(svgs) {
        let to = pictures.join(name);
        std::fs::write(&to, svg).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    line(format!("   pictures: docs/{}", PICTURES.join(", docs/")));
    Ok(out)
}
