//! Tiers, lifecycle stages and churn warnings from any purchase model (as `&dyn
//! PurchaseModel`), the discrete BG/BB on weekly periods, and a renewal model's P(renew);
//! model comparison on the CDNOW sample with its holdout.

mod common;

use common::*;
use relmap::value::*;

#[test]
fn every_purchase_model_feeds_tiers_stages_and_warnings() {
    let tx = cdnow_sample();
    let summary =
        rfm_summary(&tx.customer, &tx.time, &tx.amount, None, cdnow_calibration_end(), &SummaryConfig::default())
            .unwrap();
    let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t).unwrap();
    let cfg = FitConfig::default();
    // The same transactions in weekly opportunities, for the BG/BB: its rows line up with the summary's.
    let weekly = DiscreteSummaryConfig { period: Period::Days(7), holdout_end: None };
    let discrete = discrete_summary(&tx.customer, &tx.time, &tx.amount, cdnow_calibration_end(), &weekly).unwrap();
    assert_eq!(discrete.customers, summary.customers);
    let periods = RfmData::new(&discrete.frequency, &discrete.recency, &discrete.periods).unwrap();

    let gg = GammaGamma::fit(&summary.frequency, &summary.monetary_value, None, &cfg).unwrap();
    let continuous: Vec<Box<dyn PurchaseModel>> = vec![
        Box::new(BetaGeo::fit(&data, None, &cfg).unwrap()),
        Box::new(ModifiedBetaGeo::fit(&data, None, &cfg).unwrap()),
        Box::new(ParetoNbd::fit(&data, None, &cfg).unwrap()),
    ];
    let bgbb = BetaGeoBetaBinom::fit(&periods, None, &cfg).unwrap();
    let clv_cfg = ClvConfig { periods: 12, period_length: 4.0, ..ClvConfig::default() };
    let mut runs: Vec<(&dyn PurchaseModel, &RfmData<'_>, &[f64])> =
        continuous.iter().map(|m| (m.as_ref(), &data, summary.monetary_value.as_slice())).collect();
    runs.push((&bgbb, &periods, &discrete.monetary_value));
    for (model, rows, monetary) in runs {
        let alive = model.p_alive(rows).unwrap();
        let clv = gg.clv(model, rows, monetary, &clv_cfg).unwrap();
        let signals = CustomerSignals::from_summary(&summary, &alive, &clv, clv_cfg.horizon());
        let tiers = tier(&signals, &TierConfig::default()).unwrap();
        let stages = lifecycle(&signals, &LifecycleConfig::default()).unwrap();
        let warnings = churn_warnings(&signals, &ChurnConfig::default()).unwrap();
        assert_eq!((tiers.tier.len(), stages.stage.len()), (summary.len(), summary.len()), "{}", model.name());
        assert!(tiers.tier.contains(&Tier::Vip) && tiers.tier.contains(&Tier::ChurnRisk), "{}", model.name());
        assert!(!warnings.is_empty(), "{}", model.name());
        assert!(clv.iter().all(|v| v.is_finite() && *v >= 0.0));
    }
    // The BG/BB's horizons are whole periods.
    let e = gg.clv(&bgbb, &periods, &discrete.monetary_value, &ClvConfig::default()).unwrap_err();
    assert_eq!(e.field(), Some("t"));
}

#[test]
fn a_renewal_model_gives_tiers_p_renew_in_place_of_p_alive() {
    // Eight contract customers: tenure (renewals, or periods stayed when lapsed), status, margin per period.
    let tenure = [0.0, 1.0, 4.0, 9.0, 2.0, 1.0, 6.0, 3.0];
    let active = [true, true, true, true, false, false, true, false];
    let margin = [120.0, 80.0, 300.0, 90.0, 60.0, 40.0, 150.0, 70.0];
    let (regular, _) = sbg_cohorts();
    let sbg = ShiftedBetaGeo::fit_cohorts(&[&regular], &FitConfig::default()).unwrap();
    let p_renew = sbg.p_renew_customers(&tenure, &active).unwrap();
    let clv = sbg.clv(&margin, 0.1, &tenure, &active).unwrap();
    assert_eq!((p_renew[4], clv[4]), (0.0, 0.0)); // lapsed: will not renew, no value ahead
    assert!(p_renew[3] > p_renew[0]); // the long-standing renew more readily
                                      // Signals: a year per period, spend from the margins; the probability column is P(renew).
    let n = tenure.len();
    let total: Vec<f64> = margin.iter().zip(&tenure).map(|(m, t)| m * (t + 1.0)).collect();
    let zeros = vec![0u32; n];
    let none = vec![0.0; n];
    let signals = CustomerSignals {
        frequency: &tenure,
        recency: &tenure,
        t: &tenure,
        total_amount: &total,
        recent_purchases: &zeros,
        previous_purchases: &zeros,
        recent_amount: &none,
        previous_amount: &none,
        growth_window: 1.0,
        unit: TimeUnit::Month,
        p_alive: &p_renew,
        clv: &clv,
        horizon: 12.0,
        has_purchased: None,
    };
    let tiers = tier(&signals, &TierConfig::default()).unwrap();
    for i in [4, 5, 7] {
        assert_eq!(tiers.tier[i], Tier::ChurnRisk, "{}", tiers.reason[i]); // P(renew) 0 < 0.3
    }
    assert_eq!(tiers.tier[2], Tier::Vip);
}

#[test]
fn comparison_on_the_cdnow_sample_scores_every_continuous_model_and_its_holdout() {
    let tx = cdnow_sample();
    let config = SummaryConfig { holdout_end: Some("1998-06-30".parse().unwrap()), ..SummaryConfig::default() };
    let s = rfm_summary(&tx.customer, &tx.time, &tx.amount, None, cdnow_calibration_end(), &config).unwrap();
    let data = RfmData::new(&s.frequency, &s.recency, &s.t).unwrap();
    let h = s.holdout.as_ref().unwrap();
    let duration = vec![h.duration; s.len()];
    let holdout = Holdout { frequency: &h.frequency, duration: &duration };
    let lines = compare_models(&data, None, Some(holdout), &FitConfig::default()).unwrap();
    let names: Vec<&str> = lines.iter().map(|l| l.model).collect();
    assert_eq!(names, ["bg_nbd", "mbg_nbd", "pareto_nbd"]); // weeks are not whole periods: no BG/BB
    for l in &lines {
        let score = l.outcome.as_ref().unwrap();
        eprintln!(
            "{} ll {:.2} aic {:.2} bic {:.2} {:?}",
            l.model, score.log_likelihood, score.aic, score.bic, score.holdout
        );
        assert_eq!(score.parameter_count, 4);
        assert!((score.aic - (8.0 - 2.0 * score.log_likelihood)).abs() < 1e-9);
        let err = score.holdout.as_ref().unwrap();
        assert_eq!(err.actual_total, 1882.0);
        assert!((err.predicted_total - 1882.0).abs() < 0.2 * 1882.0 && err.mae < 1.0);
    }
    // BG/NBD's published optimum.
    assert!((lines[0].outcome.as_ref().unwrap().log_likelihood - -9582.43).abs() < 0.01);
}

#[test]
fn comparison_on_the_donations_includes_the_bg_bb_and_its_holdout() {
    let [x, tx, n, donors, x_star] = donations();
    let data = RfmData::new(&x, &tx, &n).unwrap();
    let mean: Vec<f64> = x_star.iter().zip(&donors).map(|(s, d)| s / d).collect();
    let holdout = Holdout { frequency: &mean, duration: &[5.0; 22] };
    let lines = compare_models(&data, Some(&donors), Some(holdout), &FitConfig::default()).unwrap();
    let bgbb = lines.iter().find(|l| l.model == "bg_bb").unwrap();
    assert!(bgbb.discrete);
    let score = bgbb.outcome.as_ref().unwrap();
    let err = score.holdout.as_ref().unwrap();
    // 13,260 donations in 2002–2006; the BG/BB forecasts 12,884 (−2.8%).
    assert!((err.actual_total - 13260.0).abs() < 1e-6);
    assert!((err.predicted_total - 13260.0).abs() < 0.04 * 13260.0, "{err:?}");
    assert!((score.bic - (4.0 * 11104f64.ln() - 2.0 * score.log_likelihood)).abs() < 1e-9);
}
