//! What to draw on top of the map ([`Overlay`]) and how to draw it ([`RenderOptions`]).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{LineOptions, RenderError, View};
use crate::chain::KeyPlayerRule;
use crate::model::RelationshipMap;

/// Results of an analysis laid over the map; every part is optional.
///
/// The renderers take the map plus an overlay, so they do not depend on how
/// the numbers were computed (decision-chain analysis, a rep's own estimate, ...).
///
/// ```
/// use relmap::render::Overlay;
/// let overlay = Overlay::default()
///     .with_influence("ceo", 0.42)
///     .with_flag("ceo", "economic_buyer_not_covered")
///     .with_highlight_path(["rep1", "cio", "ceo"]);
/// assert_eq!(overlay.influence["ceo"], 0.42);
/// assert_eq!(overlay.highlight_path.len(), 3);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Overlay {
    /// Decision influence per stakeholder id (a share, ≥ 0); sets node size.
    /// Stakeholders left out are drawn at the base size.
    pub influence: HashMap<String, f64>,
    /// Red-flag codes per stakeholder id, drawn as a marker with the codes as tooltip.
    pub flags: HashMap<String, Vec<String>>,
    /// A path to highlight, as ids in order: stakeholders, optionally opened by
    /// one or more of our team members (e.g. the best path to the economic buyer).
    pub highlight_path: Vec<String>,
}

impl Overlay {
    /// Sets one stakeholder's decision influence.
    pub fn with_influence(mut self, id: impl Into<String>, influence: f64) -> Self {
        self.influence.insert(id.into(), influence);
        self
    }

    /// Sets the decision influence of every stakeholder from a vector in map
    /// order (index = position in [`RelationshipMap::stakeholders`]).
    ///
    /// ```
    /// use relmap::model::{Account, RelationshipMap, Stakeholder};
    /// use relmap::render::Overlay;
    /// let mut map = RelationshipMap::new(Account::new("a", "A"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "Chen"))?;
    /// map.add_stakeholder(Stakeholder::new("cio", "Liu").with_reports_to("ceo"))?;
    /// let overlay = Overlay::default().with_influence_vec(&map, &[0.7, 0.3])?;
    /// assert_eq!(overlay.influence["cio"], 0.3);
    /// assert!(Overlay::default().with_influence_vec(&map, &[1.0]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_influence_vec(mut self, map: &RelationshipMap, influence: &[f64]) -> Result<Self, RenderError> {
        if influence.len() != map.stakeholders().len() {
            return Err(RenderError::LengthMismatch { expected: map.stakeholders().len(), found: influence.len() });
        }
        for (s, &u) in map.stakeholders().iter().zip(influence) {
            self.influence.insert(s.id.clone(), u);
        }
        Ok(self)
    }

    /// Adds a red-flag code to a stakeholder.
    pub fn with_flag(mut self, id: impl Into<String>, code: impl Into<String>) -> Self {
        self.flags.entry(id.into()).or_default().push(code.into());
        self
    }

    /// Sets the highlighted path.
    pub fn with_highlight_path<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.highlight_path = ids.into_iter().map(Into::into).collect();
        self
    }
}

/// Light or dark colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Dark text on a white background.
    #[default]
    Light,
    /// Light text on a near-black background.
    Dark,
}

impl Theme {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Every number the layout and the drawing use, in SVG user units (px).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LayoutConfig {
    /// Font size of a stakeholder's name.
    pub font_size: f64,
    /// Font size of the title line, relative to `font_size`.
    pub title_font_ratio: f64,
    /// Horizontal padding inside a node box.
    pub pad_x: f64,
    /// Vertical padding inside a node box.
    pub pad_y: f64,
    /// Space between the name and the title line.
    pub line_gap: f64,
    /// Smallest node box width.
    pub min_node_width: f64,
    /// The longest title line, in em of the title font; longer titles end in "…" (the tooltip keeps them whole).
    pub max_title_em: f64,
    /// Scale of the stakeholder with the highest influence (the others scale by
    /// the square root of their share of it, between 1 and this).
    pub max_influence_scale: f64,
    /// Gap between neighbouring boxes of one department.
    pub sibling_gap: f64,
    /// Gap between neighbouring departments (and separate org trees).
    pub department_gap: f64,
    /// Vertical gap between org-chart levels.
    pub row_gap: f64,
    /// Margin around the picture.
    pub margin: f64,
    /// Padding of a department band around its boxes.
    pub band_pad: f64,
    /// Font size of the picture title.
    pub title_font_size: f64,
    /// Font size of department labels, legend text and badges.
    pub small_font_size: f64,
    /// Width of a CJK (or other full-width) character, in em.
    pub cjk_em: f64,
    /// Width of an average Latin letter or digit, in em.
    pub latin_em: f64,
    /// Width of a capital Latin letter, in em.
    pub capital_em: f64,
    /// Width of a narrow character (i, l, ., space, ...), in em.
    pub narrow_em: f64,
    /// Extra width factor for bold text.
    pub bold_factor: f64,
    /// How far a relation curve bows out, as a share of its length.
    pub bow_ratio: f64,
    /// The largest bow, in px.
    pub max_bow: f64,
    /// How many bows, each a multiple of the base bow, a relation line may try
    /// on each side to get around boxes in its way.
    pub bow_steps: u32,
    /// How many points along a candidate line are tested against the boxes.
    pub route_samples: u32,
}

impl Default for LayoutConfig {
    fn default() -> Self {
        LayoutConfig {
            font_size: 13.0,
            title_font_ratio: 0.82,
            pad_x: 12.0,
            pad_y: 9.0,
            line_gap: 4.0,
            min_node_width: 92.0,
            max_title_em: 16.0,
            max_influence_scale: 1.6,
            sibling_gap: 22.0,
            department_gap: 44.0,
            row_gap: 64.0,
            margin: 24.0,
            band_pad: 10.0,
            title_font_size: 20.0,
            small_font_size: 11.0,
            cjk_em: 1.0,
            latin_em: 0.56,
            capital_em: 0.68,
            narrow_em: 0.3,
            bold_factor: 1.06,
            bow_ratio: 0.16,
            max_bow: 80.0,
            bow_steps: 3,
            route_samples: 24,
        }
    }
}

/// How to draw the map.
///
/// ```
/// use relmap::render::{RenderOptions, Theme};
/// let opts = RenderOptions { theme: Theme::Dark, key_players_only: true, ..Default::default() };
/// assert!(opts.show_legend);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RenderOptions {
    /// Light or dark colours.
    pub theme: Theme,
    /// Draw only the key players, by the decision chain's definition
    /// ([`KeyPlayerRule`] on the overlay's influence: from [`Overlay::from_chain`],
    /// exactly the chain's key players), plus whoever carries a red flag, lies
    /// on the highlighted path or is the marked opportunity's MEDDPICC champion. Managers left out are bridged: a key player hangs
    /// from their nearest kept manager with a dashed connector.
    pub key_players_only: bool,
    /// Who counts as a key player.
    /// Who counts as a key player: the decision chain's rule (the same type and defaults as
    /// [`ChainConfig::key_players`](crate::chain::ChainConfig::key_players)).
    pub key_players: KeyPlayerRule,
    /// The picture title; `None` = the account name.
    pub title: Option<String>,
    /// Draw the legend under the chart.
    pub show_legend: bool,
    /// Draw the influence, ally, conflict and informs lines.
    pub show_relations: bool,
    /// Display width of the SVG in px; the drawing scales to it (the height follows).
    /// `None` = natural size.
    pub width: Option<f64>,
    /// Spacing, fonts and text metrics.
    pub layout: LayoutConfig,
    /// The chart or the influence matrix (default `Auto`: by density).
    pub view: View,
    /// Which relation lines are drawn on dense maps, and how.
    pub lines: LineOptions,
    /// Mark the deal qualification of one opportunity: the MEDDPICC champion and each
    /// buying influence's Blue Sheet response mode as badges, the MEDDPICC gaps in the legend.
    pub show_qualification: bool,
    /// The opportunity whose qualification is marked; `None` = the first with MEDDPICC
    /// or Blue Sheet data.
    pub opportunity: Option<String>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            theme: Theme::Light,
            key_players_only: false,
            key_players: KeyPlayerRule::default(),
            title: None,
            show_legend: true,
            show_relations: true,
            width: None,
            layout: LayoutConfig::default(),
            view: View::Auto,
            lines: LineOptions::default(),
            show_qualification: true,
            opportunity: None,
        }
    }
}

/// The largest size, gap or font size in px a [`LayoutConfig`] accepts, and the
/// largest display [`RenderOptions::width`].
pub const MAX_PX: f64 = 100_000.0;
/// The smallest display [`RenderOptions::width`] in px.
pub const MIN_WIDTH_PX: f64 = 1.0;
/// The largest em width, ratio or scale factor a [`LayoutConfig`] accepts.
pub const MAX_FACTOR: f64 = 100.0;
/// The most bows a relation line may try on each side ([`LayoutConfig::bow_steps`]).
pub const MAX_BOW_STEPS: u32 = 64;
/// The most test points along a relation line ([`LayoutConfig::route_samples`]).
pub const MAX_ROUTE_SAMPLES: u32 = 4096;

impl RenderOptions {
    /// Checks every number: all finite; sizes positive and gaps non-negative, up to
    /// [`MAX_PX`]; em widths, ratios and factors up to [`MAX_FACTOR`]; the display
    /// width from [`MIN_WIDTH_PX`] to [`MAX_PX`]; `bow_steps` 1..=[`MAX_BOW_STEPS`] and
    /// `route_samples` 2..=[`MAX_ROUTE_SAMPLES`] (so a picture's numbers and the work
    /// to route its lines stay bounded).
    ///
    /// ```
    /// use relmap::render::RenderOptions;
    /// let err = RenderOptions { width: Some(1e308), ..Default::default() }.validate().unwrap_err();
    /// assert_eq!((err.code(), err.field()), ("invalid_config", Some("options.width")));
    /// assert!(RenderOptions { width: Some(1e-300), ..Default::default() }.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), RenderError> {
        let l = &self.layout;
        let positive: [(&str, f64); 13] = [
            ("font_size", l.font_size),
            ("title_font_ratio", l.title_font_ratio),
            ("min_node_width", l.min_node_width),
            ("max_title_em", l.max_title_em),
            ("max_influence_scale", l.max_influence_scale),
            ("title_font_size", l.title_font_size),
            ("small_font_size", l.small_font_size),
            ("cjk_em", l.cjk_em),
            ("latin_em", l.latin_em),
            ("capital_em", l.capital_em),
            ("narrow_em", l.narrow_em),
            ("bold_factor", l.bold_factor),
            ("max_bow", l.max_bow),
        ];
        for (k, (name, v)) in positive.into_iter().enumerate() {
            // font_size, min_node_width, title_font_size, small_font_size and max_bow are px; the rest factors.
            let px = matches!(k, 0 | 2 | 5 | 6 | 12);
            let (max, expected) = if px { (MAX_PX, "> 0 and <= 100000 (px)") } else { (MAX_FACTOR, "> 0 and <= 100") };
            if !(v.is_finite() && v > 0.0 && v <= max) {
                return Err(invalid(format!("options.layout.{name}"), v, expected));
            }
        }
        let non_negative: [(&str, f64); 8] = [
            ("pad_x", l.pad_x),
            ("pad_y", l.pad_y),
            ("line_gap", l.line_gap),
            ("sibling_gap", l.sibling_gap),
            ("department_gap", l.department_gap),
            ("row_gap", l.row_gap),
            ("margin", l.margin),
            ("band_pad", l.band_pad),
        ];
        for (name, v) in non_negative {
            if !(v.is_finite() && (0.0..=MAX_PX).contains(&v)) {
                return Err(invalid(format!("options.layout.{name}"), v, ">= 0 and <= 100000 (px)"));
            }
        }
        if !(l.bow_ratio.is_finite() && (0.0..=1.0).contains(&l.bow_ratio)) {
            return Err(invalid("options.layout.bow_ratio".into(), l.bow_ratio, "0..=1"));
        }
        if !(1..=MAX_BOW_STEPS).contains(&l.bow_steps) {
            return Err(invalid("options.layout.bow_steps".into(), l.bow_steps.into(), "1..=64"));
        }
        if !(2..=MAX_ROUTE_SAMPLES).contains(&l.route_samples) {
            return Err(invalid("options.layout.route_samples".into(), l.route_samples.into(), "2..=4096"));
        }
        if l.max_influence_scale < 1.0 {
            return Err(invalid("options.layout.max_influence_scale".into(), l.max_influence_scale, ">= 1"));
        }
        let m = self.key_players.min_share;
        if !(m.is_finite() && (0.0..=1.0).contains(&m)) {
            return Err(invalid("options.key_players.min_share".into(), m, "0..=1"));
        }
        if let Some(w) = self.width {
            if !(w.is_finite() && (MIN_WIDTH_PX..=MAX_PX).contains(&w)) {
                return Err(invalid("options.width".into(), w, "1..=100000 (px)"));
            }
        }
        self.lines.validate()
    }
}

fn invalid(field: String, value: f64, expected: &'static str) -> RenderError {
    RenderError::InvalidOption { field, value, expected }
}
