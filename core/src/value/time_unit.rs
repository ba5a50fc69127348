//! The time unit of recency, T and durations, and what counts as a transaction time.

use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use super::error::ValueError;
use crate::time::Timestamp;

/// Days in a [`TimeUnit::Month`]: the mean Gregorian month, 365.2425 / 12
/// (numpy's `timedelta64(1, 'M')`).
pub const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// The unit of recency, T and durations.
///
/// Durations are whole-day differences divided by the unit's length in days
/// (1, 7 or [`DAYS_PER_MONTH`]). This equals lifetimes'
/// `summary_data_from_transaction_data(freq="D", freq_multiplier=k)` with k = 1, 7 or
/// 30.436875; lifetimes' own `freq="W"`/`"M"` additionally snap every date to
/// the start of its week/month, which relmap does not do.
///
/// ```
/// use relmap::value::TimeUnit;
/// assert_eq!("W".parse::<TimeUnit>().unwrap(), TimeUnit::Week);
/// assert_eq!(TimeUnit::Week.days(), 7.0);
/// assert_eq!(serde_json::from_str::<TimeUnit>("\"M\"").unwrap(), TimeUnit::Month);
/// let e = "fortnight".parse::<TimeUnit>().unwrap_err();
/// assert_eq!((e.error_code(), e.field()), (relmap::error::ErrorCode::InvalidArgument, Some("unit")));
/// assert!(e.to_string().contains("\"fortnight\""));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// One day.
    Day,
    /// Seven days.
    #[default]
    Week,
    /// 365.2425 / 12 days.
    Month,
}

impl TimeUnit {
    /// The unit's length in days.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
            TimeUnit::Month => DAYS_PER_MONTH,
        }
    }

    /// The unit's name for one (`"day"`, `"week"`, `"month"`), as reasons and axis titles write it.
    ///
    /// ```
    /// use relmap::value::TimeUnit;
    /// assert_eq!(TimeUnit::Week.singular(), "week");
    /// assert_eq!(TimeUnit::Week.plural(), "weeks");
    /// ```
    pub fn singular(self) -> &'static str {
        match self {
            TimeUnit::Day => "day",
            TimeUnit::Week => "week",
            TimeUnit::Month => "month",
        }
    }

    /// The unit's name for several (`"days"`, `"weeks"`, `"months"`).
    pub fn plural(self) -> &'static str {
        match self {
            TimeUnit::Day => "days",
            TimeUnit::Week => "weeks",
            TimeUnit::Month => "months",
        }
    }

    /// `"1 week"`, `"38.9 weeks"`: an amount of time in words (one decimal unless whole).
    ///
    /// ```
    /// use relmap::value::TimeUnit;
    /// assert_eq!(TimeUnit::Week.amount(1.0), "1 week");
    /// assert_eq!(TimeUnit::Week.amount(38.857), "38.9 weeks");
    /// assert_eq!(TimeUnit::Day.amount(90.0), "90 days");
    /// ```
    pub fn amount(self, value: f64) -> String {
        let text = super::words::decimal(value, 1);
        if text == "1" {
            format!("1 {}", self.singular())
        } else {
            format!("{text} {}", self.plural())
        }
    }

    /// The one-letter code (`"D"`, `"W"`, `"M"`), as in lifetimes and pandas.
    pub fn code(self) -> &'static str {
        match self {
            TimeUnit::Day => "D",
            TimeUnit::Week => "W",
            TimeUnit::Month => "M",
        }
    }
}

impl FromStr for TimeUnit {
    type Err = ValueError;

    /// Reads `D`/`W`/`M` or `day`/`week`/`month` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "d" | "day" | "days" => Ok(TimeUnit::Day),
            "w" | "week" | "weeks" => Ok(TimeUnit::Week),
            "m" | "month" | "months" => Ok(TimeUnit::Month),
            _ => Err(ValueError::UnknownUnit { text: s.to_owned() }),
        }
    }
}

/// Reads what [`TimeUnit::from_str`] reads: `day`/`week`/`month` (the names it is
/// written with) or the letters `D`/`W`/`M` of pandas and lifetimes.
impl<'de> Deserialize<'de> for TimeUnit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A transaction time: anything that gives seconds since the Unix epoch (UTC).
///
/// `i64::MIN` (numpy's `NaT`) stands for a missing time and is refused.
pub trait TransactionTime: Copy + Send + Sync {
    /// Seconds since 1970-01-01T00:00:00Z.
    fn unix_seconds(self) -> i64;
}

impl TransactionTime for i64 {
    #[inline]
    fn unix_seconds(self) -> i64 {
        self
    }
}

impl TransactionTime for Timestamp {
    #[inline]
    fn unix_seconds(self) -> i64 {
        self.0
    }
}
