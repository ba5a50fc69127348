//! The customer-value section: RFM summary, BG/NBD and Gamma-Gamma fits, tiers
//! and the most valuable customers of the CDNOW sample.

use std::path::Path;

use relmap::time::Timestamp;
use relmap::value::{
    rfm_summary, tier, BetaGeo, ClvConfig, CustomerSignals, FitConfig, GammaGamma, PurchaseModel, RfmData,
    SummaryConfig, Tier, TierConfig,
};

/// Calibration end of the published CDNOW analyses.
const CALIBRATION_END: &str = "1997-09-30";
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

/// The customer-value section as text.
pub fn review(path: &Path) -> Result<String, String> {
    let tx = read_cdnow(path)?;
    let as_of: Timestamp = CALIBRATION_END.parse().map_err(|e| format!("{e}"))?;
    let err = |e: relmap::value::ValueError| format!("{e} [{}]", e.code());
    let cfg = SummaryConfig::default();
    let s = rfm_summary(&tx.customers, &tx.times, &tx.amounts, None, as_of, &cfg).map_err(err)?;
    let data = RfmData::new(&s.frequency, &s.recency, &s.t).map_err(err)?;
    let bg = BetaGeo::fit(&data, None, &FitConfig::default()).map_err(err)?;
    let gg = GammaGamma::fit(&s.frequency, &s.monetary_value, None, &FitConfig::default()).map_err(err)?;
    let alive = bg.p_alive(&data).map_err(err)?;
    let clv_cfg = ClvConfig::default();
    let clv = gg.clv(&bg, &data, &s.monetary_value, &clv_cfg).map_err(err)?;
    let signals = CustomerSignals::from_summary(&s, &alive, &clv, clv_cfg.horizon());
    let tiers = tier(&signals, &TierConfig::default()).map_err(err)?;

    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(format!("== Customer value: CDNOW sample ({})", path.file_name().unwrap_or_default().to_string_lossy()));
    let n = s.len();
    let repeat = s.frequency.iter().filter(|&&x| x > 0.0).count();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    line(format!(
        "   RFM summary at {CALIBRATION_END} (calibration end, weeks): {} transactions, {n} customers, {repeat} repeat buyers",
        tx.amounts.len() - s.transactions_after_end,
    ));
    line(format!(
        "     mean frequency {:.3}, recency {:.2} wk, T {:.2} wk; {} later transactions left for the holdout",
        mean(&s.frequency),
        mean(&s.recency),
        mean(&s.t),
        s.transactions_after_end
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
    line(format!(
        "   CLV: {} periods of {:.3} weeks, {:.0}% discount per period; vip above {:.2}",
        clv_cfg.periods,
        clv_cfg.period_length,
        100.0 * clv_cfg.discount_rate,
        tiers.vip_threshold
    ));
    line(format!("   {:<12} {:>9} {:>12} {:>13}", "tier", "customers", "total CLV", "mean P(alive)"));
    for t in [Tier::Vip, Tier::Growth, Tier::ChurnRisk, Tier::LowValue] {
        let members: Vec<usize> = (0..n).filter(|&i| tiers.tier[i] == t).collect();
        let total: f64 = members.iter().map(|&i| clv[i]).sum();
        let alive_mean = if members.is_empty() {
            0.0
        } else {
            members.iter().map(|&i| alive[i]).sum::<f64>() / members.len() as f64
        };
        line(format!("   {:<12} {:>9} {:>12.2} {:>13.3}", t.as_str(), members.len(), total, alive_mean));
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
    Ok(out)
}
