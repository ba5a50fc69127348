//! How CRM values become MEDDPICC grades, Blue Sheet response modes and yes/no.

use super::mapping::CrmMapping;
use crate::model::{Grade, ResponseMode};

/// What a grade cell says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Graded {
    /// A grade.
    Grade(Grade),
    /// Known, and says the element is not assessed (a `null` in the mapping's `grades`).
    NotAssessed,
    /// A number outside 0..=`grade_scale`.
    OutOfScale(f64),
    /// Neither in the mapping's `grades`, a built-in word nor a score.
    Unknown,
}

/// The grade of a cell: the mapping's `grades` table (exact value) first; then, ignoring
/// letter case and spaces, the built-in words `red` / `r` / `红` / `红色` / `红灯`,
/// `yellow` / `amber` / `y` / `a` / `黄` / `黄色` / `黄灯`, `green` / `g` / `绿` / `绿色` /
/// `绿灯`; then, when the mapping has a `grade_scale` S, a number x in 0..=S by thirds:
/// x < S/3 red, x < 2S/3 yellow, else green.
///
/// ```
/// use relmap::io::import::crm::{grade_of, CrmMapping};
/// use relmap::model::Grade;
/// let mut m = relmap::io::import::crm::preset("salesforce")?;
/// assert_eq!(grade_of(&m, "Green"), Some(Grade::Green));
/// assert_eq!(grade_of(&m, "黄灯"), Some(Grade::Yellow));
/// m.grade_scale = Some(3.0);
/// assert_eq!(grade_of(&m, "0"), Some(Grade::Red));
/// assert_eq!(grade_of(&m, "1.5"), Some(Grade::Yellow));
/// assert_eq!(grade_of(&m, "3"), Some(Grade::Green));
/// assert_eq!(grade_of(&m, "4"), None); // outside the scale
/// # Ok::<(), relmap::Error>(())
/// ```
pub fn grade_of(mapping: &CrmMapping, cell: &str) -> Option<Grade> {
    match grade(mapping, cell) {
        Graded::Grade(g) => Some(g),
        _ => None,
    }
}

pub(crate) fn grade(mapping: &CrmMapping, cell: &str) -> Graded {
    if let Some(g) = mapping.grades.get(cell) {
        return g.map_or(Graded::NotAssessed, Graded::Grade);
    }
    let key: String = cell.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let word = match key.as_str() {
        "red" | "r" | "红" | "红色" | "红灯" => Some(Grade::Red),
        "yellow" | "amber" | "y" | "a" | "黄" | "黄色" | "黄灯" => Some(Grade::Yellow),
        "green" | "g" | "绿" | "绿色" | "绿灯" => Some(Grade::Green),
        _ => None,
    };
    if let Some(g) = word {
        return Graded::Grade(g);
    }
    match (mapping.grade_scale, key.parse::<f64>()) {
        (Some(scale), Ok(x)) if x.is_finite() && (0.0..=scale).contains(&x) => Graded::Grade(if 3.0 * x < scale {
            Grade::Red
        } else if 3.0 * x < 2.0 * scale {
            Grade::Yellow
        } else {
            Grade::Green
        }),
        (Some(_), Ok(x)) => Graded::OutOfScale(x),
        _ => Graded::Unknown,
    }
}

/// What a response-mode cell says: the mode, `Ok(None)` for a value the mapping
/// maps to `null`, `Err(())` for an unknown value. The mapping's `response_modes`
/// first, then (ignoring case, spaces, `_` and `-`) `growth` / 增长 / 求发展,
/// `trouble` / 麻烦 / 有麻烦 / 困境, `even keel` / 平稳 / 无变化, `overconfident` / 过度自信 / 自满.
pub(crate) fn response_mode(mapping: &CrmMapping, cell: &str) -> Result<Option<ResponseMode>, ()> {
    if let Some(m) = mapping.response_modes.get(cell) {
        return Ok(*m);
    }
    let key: String =
        cell.chars().filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-')).flat_map(char::to_lowercase).collect();
    match key.as_str() {
        "growth" | "增长" | "求发展" | "发展" => Ok(Some(ResponseMode::Growth)),
        "trouble" | "麻烦" | "有麻烦" | "困境" => Ok(Some(ResponseMode::Trouble)),
        "evenkeel" | "平稳" | "无变化" | "稳定" => Ok(Some(ResponseMode::EvenKeel)),
        "overconfident" | "过度自信" | "自满" => Ok(Some(ResponseMode::Overconfident)),
        _ => Err(()),
    }
}

/// A yes/no cell: `yes` / `y` / `true` / `1` / `x` / `✓` / `是` / `已测试`, `no` / `n` /
/// `false` / `0` / `否` / `未测试`; `None` for anything else.
pub(crate) fn yes_no(cell: &str) -> Option<bool> {
    let key: String = cell.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    match key.as_str() {
        "yes" | "y" | "true" | "1" | "x" | "✓" | "是" | "已测试" | "已验证" => Some(true),
        "no" | "n" | "false" | "0" | "否" | "未测试" | "未验证" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> CrmMapping {
        CrmMapping::from_json(r#"{"source": "x", "tables": [], "grades": {"On track": "green", "TBD": null}}"#).unwrap()
    }

    #[test]
    fn the_mapping_s_table_comes_first_then_words_then_the_scale() {
        let mut m = mapping();
        assert_eq!(grade(&m, "On track"), Graded::Grade(Grade::Green));
        assert_eq!(grade(&m, "TBD"), Graded::NotAssessed);
        assert_eq!(grade(&m, " Amber "), Graded::Grade(Grade::Yellow));
        assert_eq!(grade(&m, "红灯"), Graded::Grade(Grade::Red));
        assert_eq!(grade(&m, "2"), Graded::Unknown);
        m.grade_scale = Some(10.0);
        // By thirds of the scale: 0..3.33 red, ..6.67 yellow, else green.
        for (x, g) in [("0", Grade::Red), ("3.3", Grade::Red), ("3.4", Grade::Yellow), ("6.7", Grade::Green)] {
            assert_eq!(grade(&m, x), Graded::Grade(g), "{x}");
        }
        assert_eq!(grade(&m, "11"), Graded::OutOfScale(11.0));
        assert_eq!(grade(&m, "-1"), Graded::OutOfScale(-1.0));
        assert_eq!(grade(&m, "purple"), Graded::Unknown);
    }

    #[test]
    fn response_modes_and_yes_no() {
        let m = mapping();
        assert_eq!(response_mode(&m, "Even-Keel"), Ok(Some(ResponseMode::EvenKeel)));
        assert_eq!(response_mode(&m, "过度自信"), Ok(Some(ResponseMode::Overconfident)));
        assert_eq!(response_mode(&m, "calm"), Err(()));
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no("FALSE"), Some(false));
        assert_eq!(yes_no("maybe"), None);
    }
}
