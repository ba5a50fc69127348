//! Customer lifetime value: discounted expected purchases times spend times margin.
//!
//! CLVᵢ = margin · spendᵢ · Σ_{k=1..K} [E(k·L) − E((k−1)·L)] / (1 + d)^k,
//! where E(t) is the model's expected number of purchases in (T, T+t], L the
//! length of one discounting period in the model's time unit, K the number of
//! periods and d the discount rate per period. This is lifetimes'
//! `customer_lifetime_value` (monthly periods of 4.345 weeks, 30 days or 1 month)
//! with an explicit margin.
//!
//! The work per customer is O(periods): each E(t) costs the same whatever the
//! horizon, and the sum stops early once discounting makes the periods left
//! unable to change it (the increments of E never grow, so the rest is at most
//! the last increment times Σ (1+d)^−j). At most [`ClvConfig::MAX_PERIODS`]
//! periods are accepted.

use serde::{Deserialize, Serialize};

use super::compress::distinct_rows;
use super::data::RfmData;
use super::error::{check_config, check_finite, check_len, ValueError};
use super::model::{finite_prediction, PurchaseModel};
use super::time_unit::TimeUnit;
use crate::par::map_indexed;

/// Horizon, discounting and margin of a CLV.
///
/// ```
/// use relmap::value::{ClvConfig, TimeUnit};
/// let c = ClvConfig::monthly(TimeUnit::Week, 12);
/// assert_eq!(c.period_length, 4.345);
/// assert_eq!(c.periods, 12);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClvConfig {
    /// Number of discounting periods in the horizon. Default 12.
    pub periods: u32,
    /// Length of one period in the model's time unit. Default 4.345 (a month in weeks, as lifetimes).
    pub period_length: f64,
    /// Discount rate per period. Default 0.01.
    pub discount_rate: f64,
    /// Fraction of spend that is margin (1 = revenue CLV). Default 1.
    pub margin: f64,
}

impl Default for ClvConfig {
    fn default() -> Self {
        ClvConfig { periods: 12, period_length: 4.345, discount_rate: 0.01, margin: 1.0 }
    }
}

impl ClvConfig {
    /// The most discounting periods accepted (833 years of months, 27 of days).
    pub const MAX_PERIODS: u32 = 10_000;

    /// Monthly periods for data summarised in `unit`, with lifetimes' month lengths
    /// (30 days, 4.345 weeks, 1 month); other fields default.
    pub fn monthly(unit: TimeUnit, months: u32) -> ClvConfig {
        let period_length = match unit {
            TimeUnit::Day => 30.0,
            TimeUnit::Week => 4.345,
            TimeUnit::Month => 1.0,
        };
        ClvConfig { periods: months, period_length, ..ClvConfig::default() }
    }

    /// The default CLV for data summarised in `unit`: [`ClvConfig::default`]'s
    /// number of periods (12), each a month in that unit ([`ClvConfig::monthly`]).
    ///
    /// ```
    /// use relmap::value::{ClvConfig, TimeUnit};
    /// assert_eq!(ClvConfig::for_unit(TimeUnit::Week), ClvConfig::default());
    /// assert_eq!(ClvConfig::for_unit(TimeUnit::Day).horizon(), 360.0);
    /// ```
    pub fn for_unit(unit: TimeUnit) -> ClvConfig {
        ClvConfig::monthly(unit, ClvConfig::default().periods)
    }

    /// The horizon K·L in the model's time unit.
    pub fn horizon(&self) -> f64 {
        f64::from(self.periods) * self.period_length
    }

    /// Checks every field.
    ///
    /// ```
    /// use relmap::value::ClvConfig;
    /// let err = ClvConfig { periods: 1_000_000, ..ClvConfig::default() }.validate().unwrap_err();
    /// assert_eq!((err.code(), err.field()), ("invalid_config", Some("periods")));
    /// ```
    pub fn validate(&self) -> Result<(), ValueError> {
        check_config("periods", f64::from(self.periods), (1..=Self::MAX_PERIODS).contains(&self.periods), "1..=10000")?;
        check_config("period_length", self.period_length, self.period_length > 0.0, "> 0")?;
        check_config("discount_rate", self.discount_rate, self.discount_rate > -1.0, "> -1")?;
        check_config("margin", self.margin, true, "a finite number")
    }
}

/// Periods whose expected purchases are computed together (the default CLV's 12).
const CURVE_BLOCK: usize = 12;

/// Σ_k [E(k·L) − E((k−1)·L)] / (1+d)^k for one customer: discounted expected purchases.
pub(crate) fn discounted_purchases<M: PurchaseModel + ?Sized>(
    model: &M,
    x: f64,
    tx: f64,
    t: f64,
    config: &ClvConfig,
) -> Result<f64, ValueError> {
    let mut total = 0.0;
    let mut previous = 0.0;
    let mut discount = 1.0;
    let factor = 1.0 / (1.0 + config.discount_rate);
    // E at the period ends, a block of periods at a time (the model may compute a block's
    // horizons together); the sum usually stops within the first block.
    let mut horizons = Vec::with_capacity(CURVE_BLOCK);
    let mut curve = Vec::with_capacity(CURVE_BLOCK);
    let mut k = 1;
    'periods: while k <= config.periods {
        let last = config.periods.min(k + CURVE_BLOCK as u32 - 1);
        horizons.clear();
        horizons.extend((k..=last).map(|j| f64::from(j) * config.period_length));
        curve.clear();
        model.expected_purchases_curve_one(&horizons, x, tx, t, &mut curve)?;
        k = last + 1;
        for &e in &curve {
            discount *= factor;
            let step = (e - previous) * discount;
            total += step;
            previous = e;
            // The increments of E never grow, so the periods left add at most step·f/(1−f).
            if factor < 1.0 && step * factor / (1.0 - factor) <= f64::EPSILON * 0.25 * total {
                break 'periods;
            }
            // A discount rate near −1 has grown the factors past f64::MAX: no point going on.
            if !total.is_finite() {
                break 'periods;
            }
        }
    }
    // A discount rate near −1 grows the factors past f64::MAX.
    finite_prediction(model.name(), "discounted purchases", (x, tx, t), total)
}

/// CLV of every customer under `model`; see the module docs.
pub(crate) fn clv_of_model<M: PurchaseModel + ?Sized>(
    model: &M,
    spend: &[f64],
    data: &RfmData<'_>,
    config: &ClvConfig,
) -> Result<Vec<f64>, ValueError> {
    config.validate()?;
    check_len("spend", spend, data.len())?;
    check_finite("spend", spend)?;
    let d = distinct_rows(data);
    let per_row: Vec<Result<f64, ValueError>> =
        map_indexed(d.x.len(), |i| discounted_purchases(model, d.x[i], d.tx[i], d.t[i], config));
    let per_row: Vec<f64> = per_row.into_iter().collect::<Result<_, _>>()?;
    let clv: Vec<f64> = d.of_row.iter().zip(spend).map(|(&r, &s)| config.margin * s * per_row[r as usize]).collect();
    // Finite inputs can still multiply (or, with a negative discount rate, grow) past f64::MAX.
    if let Some(index) = clv.iter().position(|v| !v.is_finite()) {
        return Err(ValueError::Overflow { field: "spend", what: "clv", index });
    }
    Ok(clv)
}
