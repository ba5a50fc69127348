//! Dates and times as CRM exports write them.
//!
//! Accepted: RFC 3339 and plain dates (as in relmap JSON); `YYYY-MM-DD`,
//! `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY年MM月DD日`; day-or-month-first dates with
//! the year last (`3/2/2026`) in the mapping's [`DateOrder`]; each optionally
//! followed by a time `HH:MM[:SS[.fff]]`, `AM`/`PM` (or `上午`/`下午`), and a UTC
//! offset (`Z`, `±HH:MM`, `±HHMM`). A time without an offset is in the mapping's
//! `utc_offset`; a plain date is midnight UTC, as everywhere in relmap.

use super::mapping::DateOrder;
use crate::time::Timestamp;

/// Seconds east of UTC of an offset `±HH:MM` / `±HHMM` / `Z`.
pub(crate) fn offset_seconds(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) || rest.len() > 5 {
        return None;
    }
    let (h, m): (i64, i64) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    (h <= 23 && m <= 59).then_some(sign * (h * 3600 + m * 60))
}

/// Reads a date or time; `default_offset` is in seconds east of UTC.
pub(crate) fn parse(text: &str, order: DateOrder, default_offset: i64) -> Result<Timestamp, String> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Ok(ts);
    }
    let fail = || format!("cannot read {t:?} as a date (expected e.g. 2026-03-02, 2026/3/2 14:30 or 3/2/2026 2:30 PM)");
    // The date: three numbers.
    let bytes: Vec<char> = t.chars().collect();
    let mut i = 0;
    let mut nums: Vec<(u32, usize)> = Vec::new();
    while nums.len() < 3 {
        let start = i;
        let mut v: u32 = 0;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            v = v.checked_mul(10).and_then(|v| v.checked_add(bytes[i].to_digit(10)?)).ok_or_else(fail)?;
            i += 1;
        }
        if i == start {
            return Err(fail());
        }
        nums.push((v, i - start));
        if nums.len() < 3 {
            match bytes.get(i) {
                Some('-' | '/' | '.' | '年' | '月') => i += 1,
                _ => return Err(fail()),
            }
        }
    }
    if bytes.get(i) == Some(&'日') {
        i += 1;
    }
    let (y, m, d) = if nums[0].1 == 4 {
        (nums[0].0, nums[1].0, nums[2].0)
    } else if nums[2].1 == 4 {
        match order {
            DateOrder::Mdy => (nums[2].0, nums[0].0, nums[1].0),
            DateOrder::Dmy | DateOrder::Ymd => (nums[2].0, nums[1].0, nums[0].0),
        }
    } else {
        return Err(fail());
    };
    let date = Timestamp::from_ymd(y as i32, m, d).ok_or_else(|| format!("{t:?}: no such calendar date"))?;
    let rest: String = bytes[i..].iter().collect();
    let rest = rest.trim().trim_start_matches(['T', 't']).trim();
    if rest.is_empty() {
        // A plain date is midnight UTC that day, as everywhere in relmap.
        return Ok(date);
    }
    let (secs, offset) = time_of_day(rest).ok_or_else(fail)?;
    Ok(Timestamp(date.0 + secs - offset.unwrap_or(default_offset)))
}

/// `HH:MM[:SS[.fff]] [AM|PM|上午|下午] [offset]` → (seconds into the day, offset).
fn time_of_day(text: &str) -> Option<(i64, Option<i64>)> {
    let mut t = text.trim();
    let mut pm = None;
    for (word, is_pm) in [("上午", false), ("下午", true)] {
        if let Some(r) = t.strip_prefix(word) {
            pm = Some(is_pm);
            t = r.trim();
        }
    }
    let end = t.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.')).unwrap_or(t.len());
    let (clock, mut tail) = (&t[..end], t[end..].trim());
    let mut parts = clock.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let s: i64 = match parts.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    for (word, is_pm) in [("am", false), ("pm", true), ("a.m.", false), ("p.m.", true)] {
        if tail.len() >= word.len() && tail[..word.len()].eq_ignore_ascii_case(word) {
            pm = Some(is_pm);
            tail = tail[word.len()..].trim();
        }
    }
    let h = match pm {
        Some(is_pm) if (1..=12).contains(&h) => (h % 12) + if is_pm { 12 } else { 0 },
        Some(_) => return None,
        None => h,
    };
    if !(0..=23).contains(&h) || !(0..=59).contains(&m) || !(0..=60).contains(&s) {
        return None;
    }
    let offset = if tail.is_empty() {
        None
    } else {
        Some(offset_seconds(tail.trim_start_matches("UTC").trim_start_matches("GMT"))?)
    };
    Some((h * 3600 + m * 60 + s.min(59), offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, order: DateOrder, offset: i64) -> String {
        parse(text, order, offset).map(|t| t.to_string()).unwrap_or_else(|e| e)
    }

    #[test]
    fn reads_what_crm_exports_write() {
        let z = "2026-03-02T00:00:00Z";
        assert_eq!(at("2026-03-02", DateOrder::Ymd, 0), z);
        assert_eq!(at("2026/3/2", DateOrder::Ymd, 0), z);
        assert_eq!(at("2026年3月2日", DateOrder::Ymd, 0), z);
        assert_eq!(at("3/2/2026", DateOrder::Mdy, 0), z);
        assert_eq!(at("2/3/2026", DateOrder::Dmy, 0), z);
        assert_eq!(at("2026-03-02 10:30", DateOrder::Ymd, 8 * 3600), "2026-03-02T02:30:00Z");
        assert_eq!(at("3/2/2026 2:30 PM", DateOrder::Mdy, 0), "2026-03-02T14:30:00Z");
        assert_eq!(at("3/2/2026 12:05 AM", DateOrder::Mdy, 0), "2026-03-02T00:05:00Z");
        assert_eq!(at("2026-03-02 下午2:30", DateOrder::Ymd, 0), "2026-03-02T14:30:00Z");
        assert_eq!(at("2026-03-02T10:00:00+08:00", DateOrder::Mdy, 0), "2026-03-02T02:00:00Z");
        assert_eq!(at("2026-03-02 10:00:00 +0800", DateOrder::Ymd, 0), "2026-03-02T02:00:00Z");
        assert_eq!(at("2026-03-02 10:00:00.123", DateOrder::Ymd, 0), "2026-03-02T10:00:00Z");
    }

    #[test]
    fn refuses_what_is_no_date() {
        for bad in ["", "yesterday", "2026-02-30", "13/13/2026", "2026-03-02 25:00", "3/2/26", "2026-03-02 1:00 XM"] {
            assert!(parse(bad, DateOrder::Mdy, 0).is_err(), "{bad}");
        }
        assert_eq!(offset_seconds("+08:00"), Some(28_800));
        assert_eq!(offset_seconds("-0530"), Some(-19_800));
        assert_eq!(offset_seconds("8"), None);
    }
}
