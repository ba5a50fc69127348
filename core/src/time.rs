//! UTC instants and calendar dates.
//!
//! relmap keeps every instant as whole seconds since the Unix epoch (UTC) in a
//! [`Timestamp`]. In JSON an instant is an RFC 3339 string
//! (`2026-03-01T09:30:00Z`, `2026-03-01T17:30:00+08:00`) or a plain date
//! (`2026-03-01`, read as midnight UTC). It is always written back in the
//! canonical `YYYY-MM-DDTHH:MM:SSZ` form, so a document read and written twice
//! is byte-stable.
//!
//! ```
//! use relmap::time::Timestamp;
//! let t: Timestamp = "2026-03-01T17:30:00+08:00".parse().unwrap();
//! assert_eq!(t.to_string(), "2026-03-01T09:30:00Z");
//! assert_eq!(Timestamp::from_ymd(2026, 3, 1).unwrap().to_string(), "2026-03-01T00:00:00Z");
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds in one day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// A UTC instant, whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

/// Why a text could not be read as a time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid time {text:?}: {reason}")]
pub struct TimeParseError {
    /// The text that was given.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// A source of the current time.
pub type Clock = fn() -> Timestamp;

static CLOCK: OnceLock<Clock> = OnceLock::new();

/// Sets the clock [`Timestamp::now`] reads, once per process; `false` if one was
/// set already (the first stays).
///
/// Without one, `now` reads the system clock. A target without a system clock
/// (`wasm32-unknown-unknown`) must set one before anything asks for the current
/// time: the JavaScript package sets `Date.now` when it is loaded.
pub fn set_clock(clock: Clock) -> bool {
    CLOCK.set(clock).is_ok()
}

fn system_now() -> Timestamp {
    use std::time::{SystemTime, UNIX_EPOCH};
    let seconds = |d: std::time::Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(after) => Timestamp(seconds(after)),
        Err(before) => Timestamp(-seconds(before.duration())),
    }
}

impl Timestamp {
    /// The current time, to the second: from the clock given to [`set_clock`], else the system clock.
    ///
    /// ```
    /// # use relmap::time::Timestamp;
    /// assert!(Timestamp::now() > "2026-01-01".parse().unwrap());
    /// ```
    pub fn now() -> Timestamp {
        CLOCK.get().map_or_else(system_now, |clock| clock())
    }

    /// The instant at midnight UTC of a calendar date; `None` if the date does not exist.
    ///
    /// ```
    /// # use relmap::time::Timestamp;
    /// assert_eq!(Timestamp::from_ymd(1970, 1, 2).unwrap().0, 86_400);
    /// assert!(Timestamp::from_ymd(2025, 2, 29).is_none());
    /// ```
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Timestamp> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Timestamp(days_from_civil(year, month, day) * SECONDS_PER_DAY))
    }

    /// Seconds since the Unix epoch.
    pub fn seconds(self) -> i64 {
        self.0
    }

    /// Whole days since the Unix epoch (floor), the instant's UTC calendar day.
    pub fn day_number(self) -> i64 {
        self.0.div_euclid(SECONDS_PER_DAY)
    }

    /// The UTC calendar date `(year, month, day)`.
    ///
    /// ```
    /// # use relmap::time::Timestamp;
    /// let t: Timestamp = "1997-09-30".parse().unwrap();
    /// assert_eq!(t.ymd(), (1997, 9, 30));
    /// ```
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.day_number())
    }

    /// Days from `earlier` to `self` as a real number (negative if `earlier` is later).
    pub fn days_since(self, earlier: Timestamp) -> f64 {
        (self.0 - earlier.0) as f64 / SECONDS_PER_DAY as f64
    }

    /// This instant moved by a number of whole days.
    pub fn plus_days(self, days: i64) -> Timestamp {
        Timestamp(self.0 + days * SECONDS_PER_DAY)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day number since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

fn digits(text: &str, bytes: &[u8], from: usize, n: usize) -> Result<u32, TimeParseError> {
    let slice = bytes.get(from..from + n).ok_or_else(|| err(text, "too short"))?;
    let mut v = 0u32;
    for &b in slice {
        if !b.is_ascii_digit() {
            return Err(err(text, "expected a digit"));
        }
        v = v * 10 + u32::from(b - b'0');
    }
    Ok(v)
}

fn err(text: &str, reason: &'static str) -> TimeParseError {
    TimeParseError { text: text.to_owned(), reason }
}

fn expect(text: &str, bytes: &[u8], at: usize, what: u8, reason: &'static str) -> Result<(), TimeParseError> {
    if bytes.get(at) == Some(&what) {
        Ok(())
    } else {
        Err(err(text, reason))
    }
}

impl FromStr for Timestamp {
    type Err = TimeParseError;

    /// Reads `YYYY-MM-DD`, `YYYYMMDD` or RFC 3339 `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
    /// Fractions of a second are truncated toward the earlier second.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let b = text.as_bytes();
        if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
            let y = digits(text, b, 0, 4)? as i32;
            let m = digits(text, b, 4, 2)?;
            let d = digits(text, b, 6, 2)?;
            return Timestamp::from_ymd(y, m, d).ok_or_else(|| err(text, "no such calendar date"));
        }
        let y = digits(text, b, 0, 4)? as i32;
        expect(text, b, 4, b'-', "expected '-' after the year")?;
        let m = digits(text, b, 5, 2)?;
        expect(text, b, 7, b'-', "expected '-' after the month")?;
        let d = digits(text, b, 8, 2)?;
        let date = Timestamp::from_ymd(y, m, d).ok_or_else(|| err(text, "no such calendar date"))?;
        if b.len() == 10 {
            return Ok(date);
        }
        match b.get(10) {
            Some(b'T') | Some(b't') | Some(b' ') => {}
            _ => return Err(err(text, "expected 'T' between date and time")),
        }
        let hh = digits(text, b, 11, 2)?;
        expect(text, b, 13, b':', "expected ':' after the hour")?;
        let mm = digits(text, b, 14, 2)?;
        expect(text, b, 16, b':', "expected ':' after the minute")?;
        let ss = digits(text, b, 17, 2)?;
        if hh > 23 || mm > 59 || ss > 60 {
            return Err(err(text, "hour, minute or second out of range"));
        }
        let mut i = 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return Err(err(text, "expected digits after '.'"));
            }
        }
        let offset = match b.get(i) {
            Some(b'Z') | Some(b'z') if b.len() == i + 1 => 0i64,
            Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 => {
                let oh = digits(text, b, i + 1, 2)?;
                expect(text, b, i + 3, b':', "expected ':' in the UTC offset")?;
                let om = digits(text, b, i + 4, 2)?;
                if oh > 23 || om > 59 {
                    return Err(err(text, "UTC offset out of range"));
                }
                let o = i64::from(oh * 3600 + om * 60);
                if sign == b'+' {
                    o
                } else {
                    -o
                }
            }
            None => return Err(err(text, "missing UTC offset ('Z' or ±HH:MM)")),
            _ => return Err(err(text, "malformed UTC offset")),
        };
        let secs = i64::from(hh * 3600 + mm * 60 + ss.min(59));
        Ok(Timestamp(date.0 + secs - offset))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        let s = self.0.rem_euclid(SECONDS_PER_DAY);
        write!(f, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, (s / 60) % 60, s % 60)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A UTC instant: RFC 3339 (2026-03-01T09:30:00Z, 2026-03-01T17:30:00+08:00) or a date (2026-03-01, midnight UTC).",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$|^[0-9]{8}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_forms() {
        let a: Timestamp = "2026-03-01".parse().unwrap();
        let b: Timestamp = "20260301".parse().unwrap();
        let c: Timestamp = "2026-03-01T08:00:00+08:00".parse().unwrap();
        let d: Timestamp = "2026-03-01T00:00:00.999Z".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(a, d);
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "",
            "2026-13-01",
            "2026-02-30",
            "2026-03-01T25:00:00Z",
            "2026-03-01T10:00:00",
            "yesterday",
            "2026-03-01T10:00:00+0800",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(s in -5_000_000_000i64..5_000_000_000i64) {
            let t = Timestamp(s);
            prop_assert_eq!(t.to_string().parse::<Timestamp>().unwrap(), t);
        }

        #[test]
        fn civil_round_trip(days in -1_000_000i64..1_000_000i64) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
