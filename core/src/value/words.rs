//! Numbers and counts in words, for the reasons the labels carry.

/// `value` with at most `decimals` decimals, trailing zeros (and a trailing point) dropped:
/// `decimal(38.857, 1)` = `"38.9"`, `decimal(2.0, 1)` = `"2"`.
pub(crate) fn decimal(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { text.as_str() };
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// `"1 purchase"`, `"3 purchases"`, `"2.5 purchases"`: a count with its noun in the right number.
pub(crate) fn count(n: f64, one: &str, many: &str) -> String {
    let text = decimal(n, 2);
    format!("{text} {}", if text == "1" { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1.0, "purchase", "purchases"), "1 purchase");
        assert_eq!(count(0.0, "purchase", "purchases"), "0 purchases");
        assert_eq!(count(3.0, "repeat purchase", "repeat purchases"), "3 repeat purchases");
        assert_eq!(count(2.5, "purchase", "purchases"), "2.5 purchases");
        assert_eq!(decimal(38.857, 1), "38.9");
        assert_eq!(decimal(-0.01, 1), "0");
        assert_eq!(decimal(120.0, 1), "120");
    }
}
