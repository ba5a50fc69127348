//! Charts: the frame (title, subtitle, legend), scales, axes and marks the
//! customer-value pictures share, in the house style of the map pictures (same
//! fonts, palette, text-width estimates and SVG conventions).
//!
//! A chart lays itself out for its width: tick counts, wrapped subtitles and legend
//! rows follow the pixels available, so a phone-width chart keeps its text size
//! instead of shrinking a desktop one. Every text is placed where its estimated box
//! (see [`text_width`](super::text_width), which errs wide) meets no other.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

pub(crate) use super::chart_scale::{format_number, nice_step, Linear, Ticks};
use super::style::{Palette, Rgb};
use super::text::{num, text_width, xml, FONT_STACK};
use super::{LayoutConfig, RenderError, Theme};

/// How to draw a chart.
///
/// ```
/// use relmap::render::{ChartOptions, Theme};
/// let phone = ChartOptions { width: 360.0, ..ChartOptions::default() };
/// assert_eq!(phone.theme, Theme::Light);
/// assert!(phone.validate().is_ok());
/// assert!(ChartOptions { width: 100.0, ..ChartOptions::default() }.validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChartOptions {
    /// Light or dark colours.
    pub theme: Theme,
    /// The chart title; `None` = the chart's own ("Holdout: actual vs model", ...).
    pub title: Option<String>,
    /// Width in px (280 to 4000); the layout follows it (ticks, wrapping, legend rows).
    /// Default 640. The SVG also scales down to its container (`max-width: 100%`).
    pub width: f64,
    /// Font size of labels in px (tick labels are 1 px smaller, the title 1.4×). Default 12.
    pub font_size: f64,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions { theme: Theme::Light, title: None, width: 640.0, font_size: 12.0 }
    }
}

impl ChartOptions {
    /// Checks the width and the font size.
    pub fn validate(&self) -> Result<(), RenderError> {
        if !(self.width.is_finite() && (280.0..=4000.0).contains(&self.width)) {
            return Err(RenderError::InvalidOption {
                field: "options.width".into(),
                value: self.width,
                expected: "280..=4000 px",
            });
        }
        if !(self.font_size.is_finite() && (8.0..=32.0).contains(&self.font_size)) {
            return Err(RenderError::InvalidOption {
                field: "options.font_size".into(),
                value: self.font_size,
                expected: "8..=32 px",
            });
        }
        Ok(())
    }
}

/// The series colours: what happened, and what the model says.
pub(crate) fn actual_colour(theme: Theme) -> Rgb {
    match theme {
        Theme::Light => Rgb(0x1c, 0x5f, 0xc4),
        Theme::Dark => Rgb(0x74, 0xa8, 0xfc),
    }
}

/// The model's colour (orange: tells apart from blue with any colour vision).
pub(crate) fn model_colour(theme: Theme) -> Rgb {
    match theme {
        Theme::Light => Rgb(0xd9, 0x48, 0x0f),
        Theme::Dark => Rgb(0xff, 0x92, 0x2b),
    }
}

/// Horizontal text alignment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A mark's point shape.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    None,
    Circle,
    Square,
}

/// What a legend entry shows left of its label.
#[derive(Clone, Copy)]
pub(crate) enum Swatch {
    /// A line, solid or dashed, with an optional point marker.
    Line { colour: Rgb, dashed: bool, marker: Marker },
    /// A filled box.
    Fill { fill: Rgb },
}

/// The plot area.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Area {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Area {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// An SVG chart under construction.
pub(crate) struct Chart {
    pub out: String,
    pub pal: Palette,
    pub theme: Theme,
    pub w: f64,
    /// Label font size.
    pub fs: f64,
    /// Tick-label font size.
    pub tick_fs: f64,
    pub margin: f64,
    metrics: LayoutConfig,
}

impl Chart {
    pub fn new(opts: &ChartOptions) -> Chart {
        Chart {
            out: String::with_capacity(16 * 1024),
            pal: Palette::of(opts.theme),
            theme: opts.theme,
            w: opts.width.round(),
            fs: opts.font_size,
            tick_fs: opts.font_size - 1.0,
            margin: (opts.width * 0.025).clamp(10.0, 20.0).round(),
            metrics: LayoutConfig::default(),
        }
    }

    /// The estimated width of `s` at `size` px.
    pub fn text_w(&self, s: &str, size: f64, bold: bool) -> f64 {
        text_width(s, size, bold, &self.metrics)
    }

    /// Words of `s` broken into lines no wider than `max_w` (a word longer than a line is cut with "…").
    pub fn wrap(&self, s: &str, size: f64, bold: bool, max_w: f64) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in s.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if self.text_w(&candidate, size, bold) <= max_w || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        let em = max_w / size / if bold { self.metrics.bold_factor } else { 1.0 };
        lines.into_iter().map(|l| super::text::truncate_em(&l, em, &self.metrics)).collect()
    }

    /// One text element; `extra` adds attributes (a class, a transform).
    #[allow(clippy::too_many_arguments)]
    pub fn text(&mut self, x: f64, y: f64, size: f64, anchor: Anchor, bold: bool, fill: Rgb, s: &str, extra: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" font-size="{}"{}{} fill="{}"{extra}>{}</text>"#,
            num(x),
            num(y),
            num(size),
            if anchor == Anchor::Start { String::new() } else { format!(r#" text-anchor="{}""#, anchor.as_str()) },
            if bold { r#" font-weight="700""# } else { "" },
            fill.hex(),
            xml(s)
        );
    }

    /// The title (bold) and subtitle (muted) lines, wrapped to the width; returns the y below them.
    pub fn header(&mut self, title: &str, subtitle: &str) -> f64 {
        let inner = self.w - 2.0 * self.margin;
        let title_fs = (self.fs * 1.4).round();
        let mut y = self.margin;
        self.out.push_str(r#"<g class="header">"#);
        for line in self.wrap(title, title_fs, true, inner) {
            y += title_fs * 1.25;
            let (x, text) = (self.margin, self.pal.text);
            self.text(x, y - title_fs * 0.25, title_fs, Anchor::Start, true, text, &line, r#" class="title""#);
        }
        for line in self.wrap(subtitle, self.fs, false, inner) {
            y += self.fs * 1.45;
            let (x, muted) = (self.margin, self.pal.muted);
            self.text(x, y - self.fs * 0.3, self.fs, Anchor::Start, false, muted, &line, r#" class="subtitle""#);
        }
        self.out.push_str("</g>");
        y + self.fs * 0.5
    }

    /// The legend from `y`, entries left to right, wrapping at the width; returns the y below it.
    pub fn legend(&mut self, entries: &[(Swatch, String)], y: f64) -> f64 {
        const SWATCH: f64 = 26.0;
        let row_h = self.fs * 1.7;
        let gap = self.fs * 1.5;
        let (left, right) = (self.margin, self.w - self.margin);
        let (mut x, mut cy) = (left, y + row_h / 2.0);
        self.out.push_str(r#"<g class="legend">"#);
        for (swatch, label) in entries {
            let label = self.wrap(label, self.fs, false, right - left - SWATCH - 6.0).remove(0);
            let w = SWATCH + 6.0 + self.text_w(&label, self.fs, false);
            if x > left && x + w > right {
                x = left;
                cy += row_h;
            }
            self.swatch(*swatch, x, cy, SWATCH);
            let (tx, ty, muted) = (x + SWATCH + 6.0, cy + self.fs * 0.35, self.pal.text);
            self.text(tx, ty, self.fs, Anchor::Start, false, muted, &label, "");
            x += w + gap;
        }
        self.out.push_str("</g>");
        cy + row_h / 2.0
    }

    fn swatch(&mut self, swatch: Swatch, x: f64, cy: f64, w: f64) {
        match swatch {
            Swatch::Line { colour, dashed, marker } => {
                let _ = write!(
                    self.out,
                    r#"<path d="M{} {}H{}" stroke="{}" stroke-width="2"{} fill="none"/>"#,
                    num(x),
                    num(cy),
                    num(x + w),
                    colour.hex(),
                    if dashed { r#" stroke-dasharray="5 3""# } else { "" }
                );
                self.marker(marker, x + w / 2.0, cy, colour, "", None);
            }
            Swatch::Fill { fill } => {
                let _ = write!(
                    self.out,
                    r#"<rect x="{}" y="{}" width="{}" height="12" rx="2" fill="{}"/>"#,
                    num(x + 4.0),
                    num(cy - 6.0),
                    num(w - 8.0),
                    fill.hex()
                );
            }
        }
    }

    /// A point marker centred on (`x`, `y`) with extra attributes and an optional tooltip.
    pub fn marker(&mut self, marker: Marker, x: f64, y: f64, colour: Rgb, attrs: &str, tip: Option<&str>) {
        let bg = self.pal.background.hex();
        let tag = match marker {
            Marker::None => return,
            Marker::Circle => {
                let _ = write!(
                    self.out,
                    r#"<circle cx="{}" cy="{}" r="4" fill="{}" stroke="{bg}" stroke-width="1.2"{attrs}"#,
                    num(x),
                    num(y),
                    colour.hex()
                );
                "circle"
            }
            Marker::Square => {
                let _ = write!(
                    self.out,
                    r#"<rect x="{}" y="{}" width="8" height="8" fill="{}" stroke="{bg}" stroke-width="1.2"{attrs}"#,
                    num(x - 4.0),
                    num(y - 4.0),
                    colour.hex()
                );
                "rect"
            }
        };
        match tip {
            Some(t) => {
                let _ = write!(self.out, ">{}</{tag}>", tooltip(t));
            }
            None => self.out.push_str("/>"),
        }
    }

    /// The width the y-axis band needs: its title (rotated, up to two lines) and the widest tick label.
    pub fn y_band(&self, ticks: &Ticks) -> f64 {
        let labels =
            ticks.values.iter().map(|&v| self.text_w(&ticks.label(v), self.tick_fs, false)).fold(0.0, f64::max);
        self.fs * 2.6 + 6.0 + labels
    }

    /// A value axis on the left of `area`: grid lines across it (or, with `grid` false, tick
    /// marks outside it), tick labels and the rotated title.
    pub fn y_axis(&mut self, area: Area, ticks: &Ticks, scale: &Linear, title: &str, grid: bool) {
        let grid_colour = self.pal.band_fill.mix(self.pal.connector, 0.25);
        self.out.push_str(r#"<g class="axis y">"#);
        for &v in &ticks.values {
            let y = scale.at(v);
            let label = ticks.label(v);
            let (x1, x2, colour) = if grid {
                (area.x, area.right(), if v == 0.0 { self.pal.connector } else { grid_colour })
            } else {
                (area.x - 4.0, area.x, self.pal.connector)
            };
            let _ = write!(
                self.out,
                r#"<g class="tick" data-value="{v}"><line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>"#,
                num(x1),
                num(x2),
                colour.hex(),
                y = num(y),
            );
            let (x, muted) = (area.x - if grid { 6.0 } else { 7.0 }, self.pal.muted);
            self.text(x, y + self.tick_fs * 0.35, self.tick_fs, Anchor::End, false, muted, &label, "");
            self.out.push_str("</g>");
        }
        let lines = self.wrap(title, self.fs, false, area.h);
        let lines = if lines.len() > 2 { self.wrap(title, self.fs, false, area.h * 2.0) } else { lines };
        let cy = area.y + area.h / 2.0;
        for (k, line) in lines.iter().take(2).enumerate() {
            let x = self.margin + self.fs * (0.85 + 1.25 * k as f64);
            let rot = format!(r#" class="axis-title" transform="rotate(-90 {} {})""#, num(x), num(cy));
            let text = self.pal.text;
            self.text(x, cy, self.fs, Anchor::Middle, false, text, line, &rot);
        }
        self.out.push_str("</g>");
    }

    /// The x axis line with ticks of a linear scale and their labels below `area` (labels optional).
    pub fn x_axis_linear(&mut self, area: Area, ticks: &Ticks, scale: &Linear, labels: bool) {
        self.out.push_str(r#"<g class="axis x">"#);
        let axis = self.pal.connector.hex();
        for &v in &ticks.values {
            let x = scale.at(v);
            let _ = write!(
                self.out,
                r#"<g class="tick" data-value="{v}"><line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{axis}" stroke-width="1"/>"#,
                num(area.bottom()),
                num(area.bottom() + 4.0),
                x = num(x),
            );
            if labels {
                let (y, muted) = (area.bottom() + 6.0 + self.tick_fs, self.pal.muted);
                self.text(x, y, self.tick_fs, Anchor::Middle, false, muted, &ticks.label(v), "");
            }
            self.out.push_str("</g>");
        }
        self.out.push_str("</g>");
    }

    /// Category labels centred under each band of `area`, and an optional second, muted row.
    pub fn x_axis_bands(&mut self, area: Area, labels: &[String], second: Option<&[String]>) {
        let band = area.w / labels.len().max(1) as f64;
        self.out.push_str(r#"<g class="axis x">"#);
        for (k, label) in labels.iter().enumerate() {
            let x = area.x + band * (k as f64 + 0.5);
            let _ = write!(self.out, r#"<g class="tick" data-index="{k}">"#);
            let (y, text) = (area.bottom() + 6.0 + self.tick_fs, self.pal.text);
            self.text(x, y, self.tick_fs, Anchor::Middle, false, text, label, "");
            if let Some(row) = second {
                let (y, muted) = (area.bottom() + 8.0 + 2.3 * self.tick_fs, self.pal.muted);
                self.text(x, y, self.tick_fs, Anchor::Middle, false, muted, &row[k], r#" class="count""#);
            }
            self.out.push_str("</g>");
        }
        self.out.push_str("</g>");
    }

    /// The height of the tick-label rows under a plot (one or two rows).
    pub fn x_labels_h(&self, rows: usize) -> f64 {
        8.0 + self.tick_fs * (1.0 + 1.3 * (rows.max(1) - 1) as f64) + 4.0
    }

    /// The x-axis title centred under `area` at `y` (its top); returns the y below it.
    pub fn x_title(&mut self, area: Area, y: f64, title: &str) -> f64 {
        let mut y = y;
        for line in self.wrap(title, self.fs, false, self.w - 2.0 * self.margin) {
            y += self.fs * 1.3;
            let cx = (area.x + area.right()) / 2.0;
            let half = self.text_w(&line, self.fs, false) / 2.0;
            // Keep the title inside the picture when the plot is off-centre.
            let cx = cx.clamp(self.margin + half, self.w - self.margin - half);
            let text = self.pal.text;
            self.text(cx, y - self.fs * 0.25, self.fs, Anchor::Middle, false, text, &line, r#" class="axis-title""#);
        }
        y
    }

    /// A polyline through `points` (pixels), solid or dashed, carrying the plotted values.
    pub fn line(&mut self, points: &[(f64, f64)], values: &[f64], colour: Rgb, dashed: bool, class: &str) {
        let mut d = String::new();
        for (k, (x, y)) in points.iter().enumerate() {
            let _ = write!(d, "{}{} {}", if k == 0 { "M" } else { "L" }, num(*x), num(*y));
        }
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        let _ = write!(
            self.out,
            r#"<path class="{class}" d="{d}" fill="none" stroke="{}" stroke-width="2" stroke-linejoin="round"{} data-values="{}"/>"#,
            colour.hex(),
            if dashed { r#" stroke-dasharray="6 4""# } else { "" },
            values.join(" ")
        );
    }

    /// The finished SVG document of height `h` with an accessible title and description.
    pub fn finish(self, kind: &str, h: f64, title: &str, desc: &str) -> String {
        let h = h.ceil();
        let mut svg = String::with_capacity(self.out.len() + 1024);
        let _ = write!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="relmap-chart relmap-chart-{kind} relmap-{theme}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" style="max-width:100%;height:auto" font-family="{font}" role="img"><title>{t}</title><desc>{d}</desc><rect class="background" width="{w}" height="{h}" fill="{bg}"/>"#,
            theme = self.theme.as_str(),
            w = num(self.w),
            h = num(h),
            font = FONT_STACK,
            t = xml(title),
            d = xml(desc),
            bg = self.pal.background.hex(),
        );
        svg.push_str(&self.out);
        svg.push_str("</svg>");
        svg
    }
}

/// `<title>` tooltip markup for a mark.
pub(crate) fn tooltip(text: &str) -> String {
    format!("<title>{}</title>", xml(text))
}

/// Checks that every value is finite; `field` names the data column.
pub(crate) fn check_finite(field: &str, values: impl IntoIterator<Item = f64>) -> Result<(), RenderError> {
    for (i, v) in values.into_iter().enumerate() {
        if !v.is_finite() {
            return Err(RenderError::InvalidData {
                field: format!("{field}[{i}]"),
                reason: format!("{v} is not finite"),
            });
        }
    }
    Ok(())
}

/// Checks that there is something to draw: `len` rows of `field`.
pub(crate) fn check_not_empty(field: &str, len: usize) -> Result<(), RenderError> {
    if len == 0 {
        return Err(RenderError::InvalidData { field: field.to_owned(), reason: "nothing to draw".into() });
    }
    Ok(())
}

/// Checks that a data column has `n` entries.
pub(crate) fn check_len(field: &str, len: usize, n: usize) -> Result<(), RenderError> {
    if len == n {
        Ok(())
    } else {
        Err(RenderError::InvalidData { field: field.to_owned(), reason: format!("{len} entries, expected {n}") })
    }
}
