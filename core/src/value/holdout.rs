//! Holdout evaluation: how a purchase model fitted on the calibration period
//! forecasts a period it did not see.
//!
//! Per customer, the purchases the model expects in the holdout window beside the
//! purchases made there; the table BTYD prints (customers binned by calibration
//! frequency 0, 1, …, k+, with the mean actual and expected holdout purchases of
//! each bin); and error metrics at the customer level.

use serde::{Deserialize, Serialize};

use super::data::RfmData;
use super::error::{check_count, check_len, ValueError};
use super::model::PurchaseModel;
use super::summary::RfmSummary;
use super::time_unit::TimeUnit;

/// How far predictions are from what happened: MAE, RMSE, bias and correlation.
///
/// ```
/// use relmap::value::ErrorMetrics;
/// let e = ErrorMetrics::of(&[1.0, 2.0, 4.0], &[1.0, 3.0, 3.0])?;
/// assert_eq!((e.n, e.mae, e.bias), (3, 2.0 / 3.0, 0.0));
/// assert!((e.rmse - (2.0f64 / 3.0).sqrt()).abs() < 1e-15);
/// assert!(e.correlation.unwrap() > 0.6);
/// // Predictions near f64::MAX: finite metrics, or an overflow error for a total.
/// let big = ErrorMetrics::of(&[1e300, 3e300], &[0.0, 1.0])?;
/// assert!((big.rmse / (5f64.sqrt() * 1e300) - 1.0).abs() < 1e-15);
/// assert_eq!(ErrorMetrics::of(&[f64::MAX, f64::MAX], &[0.0, 0.0]).unwrap_err().code(), "overflow");
/// assert_eq!(ErrorMetrics::of(&[f64::MAX, 0.0], &[0.0, 0.0])?.mae, f64::MAX / 2.0);
/// assert_eq!(ErrorMetrics::of(&[f64::MAX], &[-f64::MAX]).unwrap_err().code(), "overflow");
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorMetrics {
    /// Number of (predicted, actual) pairs.
    pub n: usize,
    /// Mean absolute error, mean |predicted − actual|.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean signed error, mean (predicted − actual): positive when the model expects too much.
    pub bias: f64,
    /// Pearson correlation of predicted and actual; `None` when either is constant.
    pub correlation: Option<f64>,
    /// Sum of the predictions.
    pub predicted_total: f64,
    /// Sum of the actual values.
    pub actual_total: f64,
}

impl ErrorMetrics {
    /// The metrics of `predicted` against `actual` (same length, at least one pair, finite).
    pub fn of(predicted: &[f64], actual: &[f64]) -> Result<ErrorMetrics, ValueError> {
        ErrorMetrics::weighted(predicted, actual, None)
    }

    /// The same with a weight per pair (customers sharing a row of a recency/frequency
    /// table): means, totals and the correlation weighted; `n` still counts the pairs.
    pub fn weighted(predicted: &[f64], actual: &[f64], weights: Option<&[f64]>) -> Result<ErrorMetrics, ValueError> {
        let n = predicted.len();
        if n == 0 {
            return Err(ValueError::EmptyInput { field: "predicted" });
        }
        check_len("actual", actual, n)?;
        super::error::check_finite("predicted", predicted)?;
        super::error::check_finite("actual", actual)?;
        super::data::check_weights(weights, n)?;
        let w = |i: usize| weights.map_or(1.0, |w| w[i]);
        let total_w: f64 = (0..n).map(w).sum();
        if !total_w.is_finite() {
            return Err(ValueError::Overflow { field: "weights", what: "total_weight", index: 0 });
        }
        if total_w <= 0.0 {
            return Err(ValueError::OutOfRange {
                field: "weights",
                index: 0,
                value: total_w,
                expected: "a positive sum",
            });
        }
        // Shares of the total weight (at most 1 each), and values near f64::MAX taken in
        // units of a power of two (exact), so no product or sum below overflows; ordinary
        // values are taken as they are.
        let share = |i: usize| w(i) / total_w;
        let largest = predicted.iter().chain(actual).fold(0.0f64, |m, v| m.max(v.abs()));
        let unit = if largest > 1e150 { 2f64.powi((largest.log2().ceil() as i32).min(1023)) } else { 1.0 };
        let (mut abs, mut sq, mut signed, mut predicted_total, mut actual_total) = (0.0, 0.0, 0.0, 0.0, 0.0);
        let (mut mp, mut ma) = (0.0, 0.0);
        for (i, (&p, &a)) in predicted.iter().zip(actual).enumerate() {
            let e = p / unit - a / unit;
            abs += share(i) * e.abs();
            sq += share(i) * e * e;
            signed += share(i) * e;
            mp += share(i) * (p / unit);
            ma += share(i) * (a / unit);
            predicted_total += w(i) * p;
            actual_total += w(i) * a;
        }
        for (field, what, total) in
            [("predicted", "predicted_total", predicted_total), ("actual", "actual_total", actual_total)]
        {
            if !total.is_finite() {
                return Err(ValueError::Overflow { field, what, index: 0 });
            }
        }
        let (mut cov, mut vp, mut va) = (0.0, 0.0, 0.0);
        for (i, (&p, &a)) in predicted.iter().zip(actual).enumerate() {
            let (dp, da) = (p / unit - mp, a / unit - ma);
            cov += share(i) * dp * da;
            vp += share(i) * dp * dp;
            va += share(i) * da * da;
        }
        let correlation = (vp > 0.0 && va > 0.0).then(|| (cov / (vp * va).sqrt()).clamp(-1.0, 1.0));
        let (mae, rmse, bias) = (abs * unit, sq.sqrt() * unit, signed * unit);
        // Errors between values of opposite sign near f64::MAX may themselves exceed it.
        for (what, v) in [("mae", mae), ("rmse", rmse), ("bias", bias)] {
            if !v.is_finite() {
                return Err(ValueError::Overflow { field: "predicted", what, index: 0 });
            }
        }
        Ok(ErrorMetrics { n, mae, rmse, bias, correlation, predicted_total, actual_total })
    }
}

/// Options of [`holdout_evaluation`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HoldoutConfig {
    /// The last frequency bin: customers with this many calibration repeat purchases or
    /// more share the bin `bins+` (BTYD's `censor`). Default 7: bins 0, 1, …, 6, 7+.
    pub bins: u32,
}

impl Default for HoldoutConfig {
    fn default() -> Self {
        HoldoutConfig { bins: 7 }
    }
}

/// The bin of a calibration frequency x when frequencies from `last` on share one bin.
pub(crate) fn frequency_bin(x: f64, last: u32) -> usize {
    (x.min(f64::from(last)) as u32) as usize
}

/// `"3"`, or `"7+"` for the open last bin.
pub(crate) fn bin_label(frequency: u32, open: bool) -> String {
    if open {
        format!("{frequency}+")
    } else {
        frequency.to_string()
    }
}

/// One row of the holdout table: the customers with one calibration frequency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldoutBin {
    /// Repeat purchases in the calibration period (the lower end, for the open last bin).
    pub frequency: u32,
    /// Whether this is the open last bin (`frequency` or more).
    pub open: bool,
    /// Customers in the bin.
    pub customers: usize,
    /// Their mean purchases in the holdout period.
    pub actual_mean: f64,
    /// The mean the model expects for them.
    pub expected_mean: f64,
}

impl HoldoutBin {
    /// The bin as BTYD labels it: `"0"`, `"1"`, …, `"7+"`.
    pub fn label(&self) -> String {
        bin_label(self.frequency, self.open)
    }
}

/// A purchase model against the holdout period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldoutEvaluation {
    /// The model's name (`bg_nbd`, `pareto_nbd`, ...).
    pub model: String,
    /// The time unit of the data and the fit.
    pub unit: TimeUnit,
    /// Length of the holdout period, in `unit`.
    pub duration: f64,
    /// Per customer: the purchases the model expects in the holdout period.
    pub predicted: Vec<f64>,
    /// Per customer: the purchases made in the holdout period.
    pub actual: Vec<f64>,
    /// The table by calibration frequency, bins in order; bins without customers are left out.
    pub bins: Vec<HoldoutBin>,
    /// Customer-level errors of `predicted` against `actual`.
    pub errors: ErrorMetrics,
}

/// Evaluates a fitted purchase model on the holdout period, column by column.
///
/// `data` are the calibration (x, t_x, T) the model was fitted on, `actual` the
/// purchases of each customer in the holdout period, `duration` its length (all
/// in `unit`). The prediction for each customer is
/// [`expected_purchases(duration)`](PurchaseModel::expected_purchases) given their
/// calibration history.
///
/// ```
/// use relmap::value::{holdout_evaluation, BetaGeo, BetaGeoParams, HoldoutConfig, RfmData, TimeUnit};
/// let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 })?;
/// let data = RfmData::new(&[0.0, 0.0, 2.0, 9.0], &[0.0, 0.0, 20.0, 37.0], &[38.0, 30.0, 38.0, 38.0])?;
/// let e = holdout_evaluation(&bg, &data, &[0.0, 1.0, 2.0, 5.0], 39.0, TimeUnit::Week, &HoldoutConfig::default())?;
/// assert_eq!(e.bins.iter().map(|b| b.label()).collect::<Vec<_>>(), ["0", "2", "7+"]);
/// assert_eq!((e.bins[0].customers, e.bins[0].actual_mean), (2, 0.5));
/// assert!(e.errors.correlation.unwrap() > 0.9);
/// # Ok::<(), relmap::value::ValueError>(())
/// ```
pub fn holdout_evaluation(
    model: &(impl PurchaseModel + ?Sized),
    data: &RfmData<'_>,
    actual: &[f64],
    duration: f64,
    unit: TimeUnit,
    config: &HoldoutConfig,
) -> Result<HoldoutEvaluation, ValueError> {
    check_len("actual", actual, data.len())?;
    for (index, &v) in actual.iter().enumerate() {
        if !v.is_finite() {
            return Err(ValueError::NonFinite { field: "actual", index, value: v });
        }
        if v < 0.0 {
            return Err(ValueError::OutOfRange { field: "actual", index, value: v, expected: ">= 0" });
        }
    }
    if !(duration.is_finite() && duration > 0.0) {
        return Err(ValueError::OutOfRange { field: "duration", index: 0, value: duration, expected: "> 0" });
    }
    check_count("bins", config.bins, 1000, "in 1..=1000")?;
    let predicted = model.expected_purchases(duration, data)?;
    let k = config.bins as usize;
    let (mut count, mut sum_actual, mut sum_expected) = (vec![0usize; k + 1], vec![0.0; k + 1], vec![0.0; k + 1]);
    for (i, &x) in data.frequency().iter().enumerate() {
        let b = frequency_bin(x, config.bins);
        count[b] += 1;
        sum_actual[b] += actual[i];
        sum_expected[b] += predicted[i];
    }
    let bins = (0..=k)
        .filter(|&b| count[b] > 0)
        .map(|b| HoldoutBin {
            frequency: b as u32,
            open: b == k,
            customers: count[b],
            actual_mean: sum_actual[b] / count[b] as f64,
            expected_mean: sum_expected[b] / count[b] as f64,
        })
        .collect();
    let errors = ErrorMetrics::of(&predicted, actual)?;
    Ok(HoldoutEvaluation {
        model: model.name().to_owned(),
        unit,
        duration,
        predicted,
        actual: actual.to_vec(),
        bins,
        errors,
    })
}

/// [`holdout_evaluation`] of a summary made with a holdout period
/// ([`SummaryConfig::holdout_end`](super::SummaryConfig::holdout_end)); without one,
/// [`ValueError::NoHoldout`].
pub fn holdout_evaluation_of_summary<K>(
    model: &(impl PurchaseModel + ?Sized),
    summary: &RfmSummary<K>,
    config: &HoldoutConfig,
) -> Result<HoldoutEvaluation, ValueError> {
    let holdout = summary.holdout.as_ref().ok_or(ValueError::NoHoldout)?;
    let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t)?;
    holdout_evaluation(model, &data, &holdout.frequency, holdout.duration, summary.unit, config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_handle_constant_columns_and_refuse_bad_input() {
        let e = ErrorMetrics::of(&[1.0, 1.0], &[0.0, 2.0]).unwrap();
        assert_eq!((e.mae, e.rmse, e.bias, e.correlation), (1.0, 1.0, 0.0, None));
        assert_eq!(ErrorMetrics::of(&[], &[]).unwrap_err().code(), "empty_list");
        assert_eq!(ErrorMetrics::of(&[1.0], &[1.0, 2.0]).unwrap_err().code(), "length_mismatch");
        assert_eq!(ErrorMetrics::of(&[f64::NAN], &[1.0]).unwrap_err().code(), "non_finite");
    }

    #[test]
    fn bins_and_labels() {
        assert_eq!(frequency_bin(0.0, 7), 0);
        assert_eq!(frequency_bin(6.0, 7), 6);
        assert_eq!(frequency_bin(7.0, 7), 7);
        assert_eq!(frequency_bin(42.0, 7), 7);
        assert_eq!(bin_label(7, true), "7+");
        assert_eq!(bin_label(3, false), "3");
    }
}
