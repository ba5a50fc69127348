//! The marks an SVG is made of: arrowheads, badges, flags, relation lines.

use std::fmt::Write;

use super::layout::Rect;
use super::style::{Palette, Rgb, FLAG};
use super::text::{num, xml};
use super::{LayoutConfig, Theme};
use crate::model::RelationKind;

/// Ids of the shared definitions. They depend on the theme only, so two
/// pictures inlined in one HTML page (a notebook) never disagree about them.
pub(crate) struct Defs {
    prefix: String,
}

impl Defs {
    pub fn new(theme: Theme) -> Defs {
        Defs { prefix: format!("relmap-{}", theme.as_str()) }
    }

    pub fn arrow(&self, kind: RelationKind, start: bool) -> String {
        format!("{}-arrow-{}{}", self.prefix, kind.as_str(), if start { "-start" } else { "" })
    }

    pub fn highlight_marker(&self) -> String {
        format!("{}-arrow-highlight", self.prefix)
    }

    pub fn hatch(&self) -> String {
        format!("{}-hatch-unknown", self.prefix)
    }

    pub fn hatch_url(&self) -> String {
        format!("url(#{})", self.hatch())
    }

    /// The `<defs>` element.
    pub fn write(&self, out: &mut String, pal: &Palette) {
        out.push_str("<defs>");
        let mut marker = |id: String, colour: Rgb, size: f64, start: bool| {
            let (path, ref_x) = if start { ("M10 0L0 5L10 10z", 1) } else { ("M0 0L10 5L0 10z", 9) };
            let _ = write!(
                out,
                r#"<marker id="{id}" viewBox="0 0 10 10" refX="{ref_x}" refY="5" markerWidth="{s}" markerHeight="{s}" markerUnits="userSpaceOnUse" orient="auto"><path d="{path}" fill="{c}"/></marker>"#,
                s = num(size),
                c = colour.hex()
            );
        };
        for kind in [RelationKind::Influences, RelationKind::Informs] {
            let size = if kind == RelationKind::Influences { 10.0 } else { 8.0 };
            marker(self.arrow(kind, false), pal.relation(kind), size, false);
            marker(self.arrow(kind, true), pal.relation(kind), size, true);
        }
        marker(self.highlight_marker(), pal.highlight, 12.0, false);
        let _ = write!(
            out,
            r#"<pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{}"/><path d="M0 0V6" stroke="{}" stroke-width="1.6"/></pattern>"#,
            self.hatch(),
            pal.background.hex(),
            pal.connector.mix(pal.background, 0.45).hex()
        );
        out.push_str("</defs>");
    }
}

/// A drawn line: its SVG path data and its middle (where a conflict's × goes).
pub(crate) trait Line {
    /// The SVG path data.
    fn d(&self) -> String;
    /// The point halfway along.
    fn mid(&self) -> (f64, f64);
}

/// A quadratic Bézier curve.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Curve {
    pub p0: (f64, f64),
    pub c: (f64, f64),
    pub p1: (f64, f64),
}

impl Line for Curve {
    fn d(&self) -> String {
        Curve::d(self)
    }

    fn mid(&self) -> (f64, f64) {
        Curve::mid(self)
    }
}

impl Curve {
    /// The SVG path data.
    pub fn d(&self) -> String {
        format!(
            "M{} {}Q{} {} {} {}",
            num(self.p0.0),
            num(self.p0.1),
            num(self.c.0),
            num(self.c.1),
            num(self.p1.0),
            num(self.p1.1)
        )
    }

    /// The point at t = 1/2.
    pub fn mid(&self) -> (f64, f64) {
        self.at(0.5)
    }

    /// The point at parameter `t` in [0, 1].
    pub fn at(&self, t: f64) -> (f64, f64) {
        let (a, b, c) = ((1.0 - t) * (1.0 - t), 2.0 * t * (1.0 - t), t * t);
        (a * self.p0.0 + b * self.c.0 + c * self.p1.0, a * self.p0.1 + b * self.c.1 + c * self.p1.1)
    }

    /// The same curve, run the other way.
    pub fn reversed(&self) -> Curve {
        Curve { p0: self.p1, c: self.c, p1: self.p0 }
    }

    /// A curve from box `a` to box `b`, bowing to the left of the direction of
    /// travel by `factor` times the base bow (negative `factor`: to the right).
    pub fn between(a: &Rect, b: &Rect, factor: f64, cfg: &LayoutConfig) -> Curve {
        let (ax, ay) = a.centre();
        let (bx, by) = b.centre();
        let (dx, dy) = (bx - ax, by - ay);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        let bow = (len * cfg.bow_ratio).min(cfg.max_bow) * factor;
        let c = ((ax + bx) / 2.0 + dy / len * bow, (ay + by) / 2.0 - dx / len * bow);
        Curve { p0: boundary(a, c), c, p1: boundary(b, c) }
    }
}

/// Where the ray from the centre of `r` toward `toward` leaves the box.
pub(crate) fn boundary(r: &Rect, toward: (f64, f64)) -> (f64, f64) {
    let (cx, cy) = r.centre();
    let (dx, dy) = (toward.0 - cx, toward.1 - cy);
    let tx = if dx.abs() > 1e-9 { (r.w / 2.0) / dx.abs() } else { f64::INFINITY };
    let ty = if dy.abs() > 1e-9 { (r.h / 2.0) / dy.abs() } else { f64::INFINITY };
    let t = tx.min(ty);
    if t.is_finite() {
        (cx + dx * t, cy + dy * t)
    } else {
        (cx, cy)
    }
}

/// One relation line, styled by kind.
pub(crate) fn relation_line(
    kind: RelationKind,
    both: bool,
    strength: f64,
    curve: &impl Line,
    pal: &Palette,
    defs: &Defs,
) -> String {
    let c = pal.relation(kind).hex();
    let d = curve.d();
    match kind {
        RelationKind::Influences | RelationKind::Informs => {
            let (width, dash) = if kind == RelationKind::Influences {
                (1.0 + 2.2 * strength, "")
            } else {
                (1.3, r#" stroke-dasharray="1.5 3" stroke-linecap="round""#)
            };
            let start =
                if both { format!(r#" marker-start="url(#{})""#, defs.arrow(kind, true)) } else { String::new() };
            format!(
                r#"<path d="{d}" fill="none" stroke="{c}" stroke-width="{}" stroke-opacity="0.85"{dash} marker-end="url(#{})"{start}/>"#,
                num(width),
                defs.arrow(kind, false)
            )
        }
        RelationKind::Ally => format!(
            r#"<path d="{d}" fill="none" stroke="{c}" stroke-width="5" stroke-opacity="0.9"/><path d="{d}" fill="none" stroke="{}" stroke-width="1.6"/>"#,
            pal.background.hex()
        ),
        RelationKind::Conflict => {
            let (mx, my) = curve.mid();
            format!(
                r#"<path d="{d}" fill="none" stroke="{c}" stroke-width="1.8" stroke-dasharray="6 4"/><path d="M{} {}L{} {}M{} {}L{} {}" stroke="{c}" stroke-width="2.4" stroke-linecap="round"/>"#,
                num(mx - 5.0),
                num(my - 5.0),
                num(mx + 5.0),
                num(my + 5.0),
                num(mx - 5.0),
                num(my + 5.0),
                num(mx + 5.0),
                num(my - 5.0)
            )
        }
    }
}

/// A role badge: a pill with a short label, its left edge at `x`, centred on `cy`.
pub(crate) fn badge(label: &str, colour: Rgb, x: f64, cy: f64, pal: &Palette, cfg: &LayoutConfig) -> String {
    let w = super::layout::badge_width(label, cfg);
    let h = cfg.small_font_size * 1.35;
    let fs = cfg.small_font_size * 0.9;
    format!(
        r#"<g class="badge"><rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/><text x="{}" y="{}" font-size="{}" font-weight="700" text-anchor="middle" fill="{}">{}</text></g>"#,
        num(x),
        num(cy - h / 2.0),
        num(w),
        num(h),
        num(h / 2.0),
        colour.hex(),
        num(x + w / 2.0),
        num(cy + fs * 0.36),
        num(fs),
        pal.badge_text.hex(),
        xml(label)
    )
}

/// A red-flag marker (a warning triangle) centred on (`cx`, `cy`), with the codes as tooltip.
pub(crate) fn flag_marker(cx: f64, cy: f64, codes: &[String], cfg: &LayoutConfig) -> String {
    let s = cfg.small_font_size * 0.95;
    let title =
        if codes.is_empty() { String::new() } else { format!("<title>red flags: {}</title>", xml(&codes.join(", "))) };
    let count = if codes.len() > 1 {
        let fs = cfg.small_font_size * 0.85;
        format!(
            r#"<text x="{}" y="{}" font-size="{}" font-weight="700" fill="{}">{}</text>"#,
            num(cx + s + 1.0),
            num(cy + fs * 0.35),
            num(fs),
            FLAG.hex(),
            codes.len()
        )
    } else {
        String::new()
    };
    format!(
        r##"<g class="flag">{title}<path d="M{} {}L{} {}L{} {}Z" fill="{}" stroke="#ffffff" stroke-width="1.2" stroke-linejoin="round"/><text x="{}" y="{}" font-size="{}" font-weight="700" text-anchor="middle" fill="#ffffff">!</text>{count}</g>"##,
        num(cx),
        num(cy - s),
        num(cx + s),
        num(cy + s * 0.8),
        num(cx - s),
        num(cy + s * 0.8),
        FLAG.hex(),
        num(cx),
        num(cy + s * 0.62),
        num(s * 0.95),
    )
}
