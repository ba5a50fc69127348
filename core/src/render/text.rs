//! Text in pictures: escaping for XML, and width estimates without font files.

use super::LayoutConfig;

/// The font stack for every text in the SVG: Latin first-choice faces fall
/// back to fonts covering simplified Chinese on macOS, Windows and Linux.
pub const FONT_STACK: &str = "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC',\
'Source Han Sans SC','WenQuanYi Micro Hei','Noto Sans',sans-serif";

/// Escapes text for XML character data and attribute values.
///
/// Characters XML 1.0 forbids even when escaped (most C0 controls) become U+FFFD,
/// so the output is always well-formed.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether a character is drawn full-width (CJK ideographs, kana, hangul, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD)
        || ('\u{2605}'..='\u{2606}').contains(&c)
}

/// The width of one character, in em.
fn char_em(c: char, cfg: &LayoutConfig) -> f64 {
    if is_wide(c) {
        cfg.cjk_em
    } else if matches!(
        c,
        'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' | '(' | ')' | 'f' | 't'
    ) {
        cfg.narrow_em
    } else if c.is_uppercase() || matches!(c, 'm' | 'w' | 'M' | 'W' | '@' | '%' | '&') {
        cfg.capital_em
    } else {
        cfg.latin_em
    }
}

/// The estimated width of `text` at `font_size` px.
///
/// The estimate errs wide: Latin letters at `latin_em`, capitals at
/// `capital_em`, CJK at `cjk_em`, so a box sized by it holds the text.
///
/// ```
/// use relmap::render::{text_width, LayoutConfig};
/// let cfg = LayoutConfig::default();
/// assert_eq!(text_width("王总", 10.0, false, &cfg), 20.0);
/// assert!(text_width("Wang", 10.0, false, &cfg) < text_width("王总王总", 10.0, false, &cfg));
/// ```
pub fn text_width(text: &str, font_size: f64, bold: bool, cfg: &LayoutConfig) -> f64 {
    let em: f64 = text.chars().map(|c| char_em(c, cfg)).sum();
    em * font_size * if bold { cfg.bold_factor } else { 1.0 }
}

/// `text` cut to at most `max_em` em, ending in "…" when cut.
pub(crate) fn truncate_em(text: &str, max_em: f64, cfg: &LayoutConfig) -> String {
    let total: f64 = text.chars().map(|c| char_em(c, cfg)).sum();
    if total <= max_em {
        return text.to_owned();
    }
    let budget = max_em - cfg.cjk_em; // room for the ellipsis
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += char_em(c, cfg);
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// One line of plain text from user input: line breaks and tabs become spaces,
/// other control characters (NUL among them) U+FFFD, so no exporter passes them on.
pub(crate) fn one_line(text: &str) -> String {
    let cleaned: String =
        text.chars().map(|c| if c.is_control() && !matches!(c, '\n' | '\r' | '\t') { '\u{FFFD}' } else { c }).collect();
    cleaned.split(['\n', '\r', '\t']).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A number written compactly with at most one decimal (`12`, `12.5`; never `-0`).
pub(crate) fn num(v: f64) -> String {
    // + 0.0 turns a negative zero into zero.
    let r = (v * 10.0).round() / 10.0 + 0.0;
    if r == r.trunc() {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_controls() {
        assert_eq!(xml(r#"<a & "b" 'c'>"#), "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;");
        assert_eq!(xml("a\u{1}b"), "a\u{FFFD}b");
        assert_eq!(xml("王总"), "王总");
    }

    #[test]
    fn cjk_is_wider_than_latin() {
        let cfg = LayoutConfig::default();
        assert!(text_width("王", 10.0, false, &cfg) > text_width("a", 10.0, false, &cfg));
        assert!(text_width("ab", 10.0, true, &cfg) > text_width("ab", 10.0, false, &cfg));
    }

    #[test]
    fn truncates_long_text_with_an_ellipsis() {
        let cfg = LayoutConfig::default();
        let t = truncate_em("信息化建设与数字化转型办公室主任兼首席信息官", 8.0, &cfg);
        assert!(t.ends_with('…'));
        assert!(t.chars().count() <= 8);
        assert_eq!(truncate_em("CIO", 8.0, &cfg), "CIO");
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1e20), "100000000000000000000");
    }

    #[test]
    fn one_line_drops_line_breaks_and_controls() {
        assert_eq!(one_line("a\nb\r\n\tc"), "a b c");
        assert_eq!(one_line("a\0b\u{1b}[31m\u{7f}"), "a\u{FFFD}b\u{FFFD}[31m\u{FFFD}");
    }
}
