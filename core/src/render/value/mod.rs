//! Diagnostic pictures of the customer-value models, as SVG strings: does the
//! model fit, and what does it say?
//!
//! Each function draws one result of [`crate::value`] (computed there, so the same
//! numbers are available as a table) in the house style of the map pictures:
//!
//! | picture | draws | from |
//! | --- | --- | --- |
//! | [`plot_holdout`] | mean holdout purchases by calibration frequency, actual vs model | [`holdout_evaluation`](crate::value::holdout_evaluation) |
//! | [`plot_period_transactions`] | customers by calibration repeat purchases, actual vs simulated | [`period_transactions`](crate::value::period_transactions) |
//! | [`plot_tracking`] | repeat purchases per period and cumulative, actual vs model, calibration end marked | [`tracking`](crate::value::tracking) |
//! | [`plot_frequency_recency`] | a heat map of expected purchases or P(alive) over frequency × recency | [`FrequencyRecencyMatrix`](crate::value::FrequencyRecencyMatrix) |
//! | [`plot_tiers`] | customers and predicted value per tier | [`TierReport::overview`](crate::value::TierReport::overview) |
//!
//! Every chart has axis titles with units, a legend, no overlapping labels, the
//! plotted numbers in `data-value`/`data-values` attributes and tooltips; the same
//! input gives the same bytes.
//!
//! ```
//! use relmap::render::{value::plot_holdout, ChartOptions};
//! use relmap::value::{holdout_evaluation, BetaGeo, BetaGeoParams, HoldoutConfig, RfmData, TimeUnit};
//! let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 })?;
//! let data = RfmData::new(&[0.0, 0.0, 2.0, 9.0], &[0.0, 0.0, 20.0, 37.0], &[38.0, 30.0, 38.0, 38.0])?;
//! let eval = holdout_evaluation(&bg, &data, &[0.0, 1.0, 2.0, 5.0], 39.0, TimeUnit::Week, &HoldoutConfig::default())?;
//! let svg = plot_holdout(&eval, &ChartOptions::default())?;
//! assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
//! # Ok::<(), relmap::Error>(())
//! ```

mod bars;
mod heatmap;
mod tiers;
mod tracking;

pub use bars::{plot_holdout, plot_period_transactions};
pub use heatmap::plot_frequency_recency;
pub use tiers::plot_tiers;
pub use tracking::plot_tracking;

/// The display name of a model: `bg_nbd` → `BG/NBD`.
pub(crate) fn model_label(name: &str) -> String {
    match name {
        "bg_nbd" => "BG/NBD".into(),
        "mbg_nbd" => "MBG/NBD".into(),
        "pareto_nbd" => "Pareto/NBD".into(),
        "bg_bb" => "BG/BB".into(),
        "sbg" => "sBG".into(),
        "gamma_gamma" => "Gamma-Gamma".into(),
        other => other.into(),
    }
}

/// A calendar date, `1997-09-30`.
pub(crate) fn date(t: crate::time::Timestamp) -> String {
    let (y, m, d) = t.ymd();
    format!("{y:04}-{m:02}-{d:02}")
}
