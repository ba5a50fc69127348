//! Customer value (客户价值分层): RFM summaries, buy-till-you-die models, CLV,
//! value tiers, lifecycle stages, churn warnings and RFM segments.
//!
//! The API is columnar: slices in (one entry per transaction or per customer),
//! vectors or structs of vectors out, so the Python and JavaScript bindings pass
//! numpy arrays and typed arrays straight through.
//!
//! - [`rfm_summary`] / [`rfm_summary_codes`]: frequency, recency, T and monetary
//!   value per customer from raw transactions, with same-day merging, a time unit,
//!   margins, growth windows and an optional holdout period.
//! - [`BetaGeo`] (BG/NBD), [`ModifiedBetaGeo`] (MBG/NBD), [`ParetoNbd`] (Pareto/NBD),
//!   [`BetaGeoBetaBinom`] (BG/BB, purchases at discrete opportunities, on a
//!   [`discrete_summary`]) and [`GammaGamma`]: maximum likelihood fits with optional
//!   weights; predictions through [`PurchaseModel`] (`p_alive`, `expected_purchases`,
//!   `probability_of_purchases`, `clv`, `expected_repeat_purchases`,
//!   `probability_of_repeat_purchases`, `simulate_repeat_purchases`), DERT
//!   ([`ParetoNbd::dert`], [`BetaGeoBetaBinom::dert`]) and [`GammaGamma::expected_spend`].
//! - [`ShiftedBetaGeo`] (sBG): contract renewals from cohort survivor counts or per-customer
//!   tenures; survival and retention curves, P(renew), DEL, DERL and CLV.
//! - [`compare_models`]: every applicable purchase model fitted to one summary and scored
//!   (log-likelihood, AIC, BIC, holdout error).
//! - [`tier`], [`lifecycle`], [`churn_warnings`], [`rfm_scores`]: deterministic,
//!   explained labels over [`CustomerSignals`], every threshold in a config.
//! - Does the model fit? [`holdout_evaluation`] (per-customer holdout forecasts, the BTYD
//!   table by calibration frequency, [`ErrorMetrics`]), [`tracking`] (repeat purchases per
//!   period, actual vs expected), [`period_transactions`] (seeded simulation),
//!   [`FrequencyRecencyMatrix`] and [`TierReport::overview`]; the pictures of each are in
//!   [`crate::render::value`].
//!
//! Per-customer work runs on rayon's pool when the `parallel` feature is on (the
//! default) and on the calling thread otherwise (wasm).
//!
//! ```
//! use relmap::time::Timestamp;
//! use relmap::value::*;
//!
//! let day = |s: &str| s.parse::<Timestamp>().unwrap();
//! let customers = ["a", "a", "a", "b", "b", "c", "d", "d"];
//! let times = ["2024-01-02", "2024-02-10", "2024-05-20", "2024-01-15", "2024-03-01", "2024-02-01", "2024-03-03",
//!     "2024-06-01"].map(day);
//! let amounts = [120.0, 80.0, 95.0, 40.0, 60.0, 25.0, 300.0, 280.0];
//! let summary = rfm_summary(&customers, &times, &amounts, None, day("2024-06-30"), &SummaryConfig::default())?;
//! let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t)?;
//!
//! // A model with known parameters (fit one with `BetaGeo::fit` on real data).
//! let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 })?;
//! let gg = GammaGamma::new(GammaGammaParams { p: 6.25, q: 3.74, v: 15.44 })?;
//! let p_alive = bg.p_alive(&data)?;
//! let clv = gg.clv(&bg, &data, &summary.monetary_value, &ClvConfig::default())?;
//!
//! let signals = CustomerSignals::from_summary(&summary, &p_alive, &clv, ClvConfig::default().horizon());
//! let tiers = tier(&signals, &TierConfig::default())?;
//! let stages = lifecycle(&signals, &LifecycleConfig::default())?;
//! assert_eq!(tiers.tier.len(), 4);
//! assert_eq!(stages.stage.len(), 4);
//! # Ok::<(), relmap::value::ValueError>(())
//! ```
#[cfg(feature = "arrow")]
pub mod arrow;
mod beta_mixture;
mod bg_family;
mod bgbb;
mod bgbb_terms;
mod bgnbd;
mod churn;
mod clv;
mod compare;
mod compress;
mod covariates;
mod data;
mod discrete_summary;
pub mod error;
mod fr_matrix;
mod gammagamma;
mod holdout;
mod intervals;
mod lifecycle;
mod mbgnbd;
mod model;
mod optimize;
mod paretonbd;
mod period;
mod quadrature;
mod relationship;
mod sbg;
mod scores;
mod signals;
mod simulate;
mod special;
mod summary;
mod summary_build;
mod summary_rows;
mod tiers;
mod time_unit;
mod tracking;
mod uncertainty;
mod words;

pub use bgbb::{BetaGeoBetaBinom, BetaGeoBetaBinomParams, MAX_OPPORTUNITIES};
pub use bgnbd::{BetaGeo, BetaGeoParams};
pub use churn::{
    churn_warnings, churn_warnings_joined, churn_warnings_with_maps, relationship_signals, ChurnConfig, ChurnSignal,
    ChurnWarning, RelationshipSignal, Severity,
};
pub use clv::ClvConfig;
pub use compare::{compare_models, ComparedModel, Holdout, ModelScore};
pub use compress::{compress_rows, CompressedRows};
pub use covariates::{CovariateFamily, CovariateModel, CovariateSpec, Covariates};
pub use data::RfmData;
pub use discrete_summary::{
    discrete_summary, discrete_summary_codes, DiscreteHoldout, DiscreteSummary, DiscreteSummaryConfig, Period,
};
pub use error::ValueError;
pub use fr_matrix::{FrequencyRecencyConfig, FrequencyRecencyMatrix, MatrixQuantity};
pub use gammagamma::{GammaGamma, GammaGammaParams};
pub use holdout::{
    holdout_evaluation, holdout_evaluation_of_summary, ErrorMetrics, HoldoutBin, HoldoutConfig, HoldoutEvaluation,
};
pub use intervals::{
    clv_intervals, expected_purchases_intervals, p_alive_intervals, spend_intervals, IntervalConfig, IntervalMethod,
    PredictionIntervals,
};
pub use lifecycle::{lifecycle, LifecycleConfig, LifecycleReport, LifecycleStage};
pub use mbgnbd::{ModifiedBetaGeo, ModifiedBetaGeoParams};
pub use model::{FitConfig, PurchaseModel};
pub use optimize::{FitReport, OptimizerConfig};
pub use paretonbd::{ParetoNbd, ParetoNbdParams};
pub use period::{period_transactions, PeriodBin, PeriodTransactions, PeriodTransactionsConfig};
pub use relationship::{
    relationship_covariates, RelationshipCovariateConfig, RelationshipCovariates, RELATIONSHIP_COVARIATES,
};
pub use sbg::{ShiftedBetaGeo, ShiftedBetaGeoParams};
pub use scores::{
    rfm_quantile_scores, rfm_quantile_scores_with_unit, rfm_scores, RfmScoreConfig, RfmScores, SegmentRule,
};
pub use signals::{CustomerSignals, SummaryColumns};
pub use simulate::SeededRng;
pub use summary::{rfm_summary, rfm_summary_codes, HoldoutSummary, RfmSummary, SummaryConfig, MAX_TRANSACTIONS};
pub use tiers::{tier, tier_overview, Tier, TierConfig, TierCount, TierOverview, TierReport};
pub use time_unit::{TimeUnit, TransactionTime, DAYS_PER_MONTH};
pub use tracking::{tracking, tracking_codes, Tracking, MAX_TRACKING_PERIODS};
pub use uncertainty::{
    chi_square_survival, normal_cdf, normal_quantile, FitSummary, InformationCriteria, LikelihoodRatioTest,
    DEFAULT_LEVEL,
};
