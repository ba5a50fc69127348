//! UTC instants and calendar dates.
//!
//! relmap keeps every instant as whole seconds since the Unix epoch (UTC) in a
//! [`Timestamp`]. In JSON an instant is an RFC 3339 string
//! (`2026-03-01T09:30:00Z`, `2026-03-01T17:30:00+08:00`) or a plain date
//! (`2026-03-01`, read as midnight UTC). It is always written back in the
//! canonical `YYYY-MM-DDTHH:MM:SSZ` form, so a document read and written twice
//! is byte-stable.
//!
//! The supported range is exactly what that form can write: the years 0000 to
//! 9999 in UTC, [`Timestamp::MIN`] to [`Timestamp::MAX`]. A text whose instant
//! falls outside it once its UTC offset is applied (`9999-12-31T23:00:00-05:00`)
//! is refused, and so is a leap second (`23:59:60`): relmap counts POSIX seconds,
//! which have no room for it, and it would rather refuse it than change it.
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
    /// The earliest supported instant, `0000-01-01T00:00:00Z`.
    pub const MIN: Timestamp = Timestamp(-62_167_219_200);
    /// The latest supported instant, `9999-12-31T23:59:59Z`.
    pub const MAX: Timestamp = Timestamp(253_402_300_799);

    /// The current time, to the second: from the clock given to [`set_clock`], else the system clock.
    ///
    /// ```
    /// # use relmap::time::Timestamp;
    /// assert!(Timestamp::now() > "2026-01-01".parse().unwrap());
    /// ```
    pub fn now() -> Timestamp {
        CLOCK.get().map_or_else(system_now, |clock| clock())
    }

    /// The instant at midnight UTC of a calendar date; `None` if the date does not
    /// exist or lies outside the years 0000..=9999.
    ///
    /// ```
    /// # use relmap::time::Timestamp;
    /// assert_eq!(Timestamp::from_ymd(1970, 1, 2).unwrap().0, 86_400);
    /// assert!(Timestamp::from_ymd(2025, 2, 29).is_none());
    /// assert!(Timestamp::from_ymd(10_000, 1, 1).is_none());
    /// ```
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Timestamp> {
        if !(0..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Timestamp(days_from_civil(year, month, day) * SECONDS_PER_DAY))
    }

    /// Whether the instant lies in the supported range [`Timestamp::MIN`]..=[`Timestamp::MAX`]
    /// (the years 0000..=9999 in UTC), the range every reader accepts and every writer can write.
    ///
    /// ```
    /// # use relmap::time::Timestamp;
    /// assert!(Timestamp(0).in_range());
    /// assert!(!Timestamp(i64::MAX).in_range());
    /// ```
    pub fn in_range(self) -> bool {
        (Self::MIN..=Self::MAX).contains(&self)
    }

    /// `Ok(self)` in the supported range, otherwise why not, in words that name
    /// the instant correctly (an instant out of range is written with its full
    /// signed year, never a wrapped one).
    ///
    /// ```
    /// # use relmap::time::Timestamp;
    /// let err = Timestamp(i64::MAX).check_range().unwrap_err();
    /// assert!(err.contains("+292277026596-12-04T15:30:07Z"), "{err}");
    /// ```
    pub fn check_range(self) -> Result<Timestamp, String> {
        if self.in_range() {
            Ok(self)
        } else {
            Err(format!("{self} is outside the supported years 0000..9999 (UTC)"))
        }
    }

    /// Seconds since the Unix epoch.
    pub fn seconds(self) -> i64 {
        self.0
    }

    /// Whole days since the Unix epoch (floor), the instant's UTC calendar day.
    pub fn day_number(self) -> i64 {
        self.0.div_euclid(SECONDS_PER_DAY)
    }

    /// The UTC calendar date `(year, month, day)` (the year saturates at the ends of
    /// `i32`, which only instants far outside the supported range reach).
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
    ///
    /// Exact for any two instants (no overflow, whatever the seconds).
    pub fn days_since(self, earlier: Timestamp) -> f64 {
        (i128::from(self.0) - i128::from(earlier.0)) as f64 / SECONDS_PER_DAY as f64
    }

    /// This instant moved by a number of whole days (saturating at the ends of `i64`).
    pub fn plus_days(self, days: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(days.saturating_mul(SECONDS_PER_DAY)))
    }

    /// The UTC calendar date as `YYYY-MM-DD` (a signed, wider year outside 0000..=9999).
    ///
    /// ```
    /// # use relmap::time::Timestamp;
    /// assert_eq!(Timestamp(86_399).date().to_string(), "1970-01-01");
    /// ```
    pub fn date(self) -> impl fmt::Display {
        struct Date(i64);
        impl fmt::Display for Date {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let (y, m, d) = civil(self.0);
                write_year(f, y)?;
                write!(f, "-{m:02}-{d:02}")
            }
        }
        Date(self.day_number())
    }
}

/// A year as four digits in 0000..=9999, otherwise with its sign (ISO 8601's expanded form).
fn write_year(f: &mut fmt::Formatter<'_>, y: i64) -> fmt::Result {
    if (0..=9999).contains(&y) {
        write!(f, "{y:04}")
    } else {
        write!(f, "{y:+05}")
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
///
/// The year saturates at the ends of `i32` (day numbers beyond ±784 billion years).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let (y, m, d) = civil(days);
    (y.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32, m, d)
}

/// The proleptic Gregorian date of any day number, with a 64-bit year.
fn civil(days: i64) -> (i64, u32, u32) {
    // Every day number of an i64 second count (|days| < 1.1e14) keeps z in range.
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
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
        if ss == 60 && hh <= 23 && mm <= 59 {
            return Err(err(text, "a leap second (:60) cannot be represented; relmap counts POSIX seconds"));
        }
        if hh > 23 || mm > 59 || ss > 59 {
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
        let secs = i64::from(hh * 3600 + mm * 60 + ss);
        let t = Timestamp(date.0 + secs - offset);
        if !t.in_range() {
            return Err(err(text, "outside the supported years 0000..9999 once the UTC offset is applied"));
        }
        Ok(t)
    }
}

impl fmt::Display for Timestamp {
    /// `YYYY-MM-DDTHH:MM:SSZ`; outside the supported range the year is written
    /// with its sign and as many digits as it needs (never wrapped).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.rem_euclid(SECONDS_PER_DAY);
        write!(f, "{}T{:02}:{:02}:{:02}Z", self.date(), s / 3600, (s / 60) % 60, s % 60)
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

    #[test]
    fn reads_exactly_the_range_it_can_write() {
        // The ends of the range, reached through an offset, read and write back.
        let max: Timestamp = "9999-12-31T23:59:59Z".parse().unwrap();
        assert_eq!(max, Timestamp::MAX);
        assert_eq!("0000-01-01T01:00:00+01:00".parse::<Timestamp>().unwrap(), Timestamp::MIN);
        assert_eq!(Timestamp::MIN.to_string(), "0000-01-01T00:00:00Z");
        assert_eq!(Timestamp::MAX.to_string().parse::<Timestamp>().unwrap(), Timestamp::MAX);
        // Past them once the offset is applied: refused, not written as a year 10000.
        for bad in ["9999-12-31T23:00:00-05:00", "0000-01-01T00:30:00+01:00"] {
            let e = bad.parse::<Timestamp>().unwrap_err();
            assert!(e.reason.contains("0000..9999"), "{bad}: {e}");
        }
        assert!(Timestamp::from_ymd(-1, 12, 31).is_none());
    }

    #[test]
    fn a_leap_second_is_refused_not_altered() {
        let e = "2016-12-31T23:59:60Z".parse::<Timestamp>().unwrap_err();
        assert!(e.reason.contains("leap second"), "{e}");
        assert!("2016-12-31T23:59:59Z".parse::<Timestamp>().is_ok());
    }

    #[test]
    fn instants_out_of_range_print_their_true_year() {
        assert_eq!(Timestamp(i64::MAX).to_string(), "+292277026596-12-04T15:30:07Z");
        assert_eq!(Timestamp(i64::MIN).to_string(), "-292277022657-01-27T08:29:52Z");
        assert_eq!(Timestamp::MAX.plus_days(1).date().to_string(), "+10000-01-01");
        assert_eq!(Timestamp(i64::MAX).plus_days(3), Timestamp(i64::MAX));
        assert_eq!(Timestamp(i64::MAX).days_since(Timestamp(i64::MIN)), u64::MAX as f64 / 86_400.0);
        assert_eq!(civil_from_days(i64::MAX / 86_400).0, i32::MAX);
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(s in Timestamp::MIN.0..=Timestamp::MAX.0) {
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
