//! The tidy-tree layout of the org chart.
//!
//! Each subtree is laid out on its own, then its children are packed left to
//! right against the contour (left and right extent per level) of the
//! subtrees already placed, and the parent is centred over its first and last
//! child. Siblings of one department pack tightly; different departments and
//! separate org trees are kept apart by whole bounding boxes, so every
//! department occupies its own columns and its band never covers another's.
//! Levels share rows across the whole forest. The result depends only on the
//! map, the overlay and the options: siblings and roots are ordered by
//! department, then id.

use serde::Serialize;

use super::scene::Scene;
use super::text::{one_line, text_width, truncate_em};
use super::{LayoutConfig, Overlay, RenderError, RenderOptions};
use crate::RelationshipMap;

/// An axis-aligned rectangle (top-left corner, width, height), in px.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether the two rectangles share interior area (touching edges do not count).
    ///
    /// ```
    /// use relmap::render::Rect;
    /// let a = Rect { x: 0.0, y: 0.0, w: 10.0, h: 10.0 };
    /// assert!(a.overlaps(&Rect { x: 5.0, y: 5.0, w: 10.0, h: 10.0 }));
    /// assert!(!a.overlaps(&Rect { x: 10.0, y: 0.0, w: 10.0, h: 10.0 }));
    /// ```
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    /// The centre point.
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    fn grow(&self, left: f64, top: f64, right: f64, bottom: f64) -> Rect {
        Rect { x: self.x - left, y: self.y - top, w: self.w + left + right, h: self.h + top + bottom }
    }

    fn union(&self, o: &Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        Rect { x, y, w: (self.x + self.w).max(o.x + o.w) - x, h: (self.y + self.h).max(o.y + o.h) - y }
    }
}

/// Where one person's box stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeBox {
    /// The stakeholder (or team member) id.
    pub id: String,
    /// The box.
    pub rect: Rect,
    /// The org-chart level (0 = top).
    pub depth: usize,
    /// The size factor from decision influence (1 = base size).
    pub scale: f64,
}

/// A department's background: one rectangle around its people, or one
/// rectangle per person where a single rectangle would cover someone else.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// The department name.
    pub department: String,
    /// The background shapes (their union is the band).
    pub rects: Vec<Rect>,
    /// Where the label's baseline starts.
    pub label_at: (f64, f64),
    /// The label's available width.
    pub label_width: f64,
}

/// The laid-out picture: every box, band and the overall size, in px.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// Total width.
    pub width: f64,
    /// Total height (legend included when shown).
    pub height: f64,
    /// Drawn stakeholders, in map order.
    pub nodes: Vec<NodeBox>,
    /// Our team members opening the highlighted path.
    pub team: Vec<NodeBox>,
    /// Department bands, outermost first.
    pub bands: Vec<Band>,
    /// The band behind our team, when team members are drawn.
    pub team_band: Option<Rect>,
    /// The y where the chart starts (below the title).
    pub chart_top: f64,
    /// The y where the chart ends (the legend starts below).
    pub chart_bottom: f64,
    /// The top of each org-chart level.
    pub row_tops: Vec<f64>,
    /// The height of each org-chart level.
    pub row_heights: Vec<f64>,
}

/// Lays out the map as drawn by [`super::svg`] with the same overlay and options.
///
/// ```
/// use relmap::model::{Account, RelationshipMap, Stakeholder};
/// use relmap::render::{layout, Overlay, RenderOptions};
/// let mut map = RelationshipMap::new(Account::new("a", "A"));
/// map.add_stakeholder(Stakeholder::new("ceo", "陈伟"))?;
/// map.add_stakeholder(Stakeholder::new("cfo", "Wang Li").with_reports_to("ceo"))?;
/// map.add_stakeholder(Stakeholder::new("cio", "刘洋").with_reports_to("ceo"))?;
/// let l = layout(&map, &Overlay::default(), &RenderOptions::default())?;
/// assert_eq!(l.nodes.len(), 3);
/// assert!(!l.nodes[1].rect.overlaps(&l.nodes[2].rect));
/// assert!(l.nodes[0].rect.y < l.nodes[1].rect.y);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn layout(map: &RelationshipMap, overlay: &Overlay, opts: &RenderOptions) -> Result<Layout, RenderError> {
    let scene = Scene::build(map, overlay, opts)?;
    Ok(layout_scene(&scene, super::legend::legend_size(&scene)))
}

/// The text lines of a node and their font sizes.
pub(crate) struct NodeText {
    pub name: String,
    pub title: Option<String>,
    pub name_font: f64,
    pub title_font: f64,
}

pub(crate) fn node_text(name: &str, title: Option<&str>, scale: f64, cfg: &LayoutConfig) -> NodeText {
    let name_font = cfg.font_size * scale;
    let title = title.map(one_line).filter(|t| !t.trim().is_empty()).map(|t| truncate_em(&t, cfg.max_title_em, cfg));
    NodeText { name: one_line(name), title, name_font, title_font: name_font * cfg.title_font_ratio }
}

/// Height of the influence bar at the bottom of a box.
pub(crate) const BAR_HEIGHT: f64 = 4.0;

/// The width of a role badge (fixed size, independent of scale).
pub(crate) fn badge_width(label: &str, cfg: &LayoutConfig) -> f64 {
    text_width(label, cfg.small_font_size * 0.9, true, cfg) + cfg.small_font_size * 0.8
}

/// The gap between badges.
pub(crate) fn badge_gap(cfg: &LayoutConfig) -> f64 {
    cfg.small_font_size * 0.3
}

fn box_size(text: &NodeText, scale: f64, badges: &[&str], flagged: bool, bar: bool, cfg: &LayoutConfig) -> (f64, f64) {
    let pad_x = cfg.pad_x * scale;
    let mut w = (cfg.min_node_width * scale).max(text_width(&text.name, text.name_font, true, cfg) + 2.0 * pad_x);
    if let Some(t) = &text.title {
        w = w.max(text_width(t, text.title_font, false, cfg) + 2.0 * pad_x);
    }
    let badges_w: f64 = badges.iter().map(|b| badge_width(b, cfg) + badge_gap(cfg)).sum();
    let flag_w = if flagged { cfg.small_font_size * 2.0 } else { 0.0 };
    w = w.max(badges_w + flag_w + 2.0 * cfg.pad_x);
    let mut h = 2.0 * cfg.pad_y * scale + text.name_font;
    if text.title.is_some() {
        h += cfg.line_gap * scale + text.title_font;
    }
    if bar {
        h += BAR_HEIGHT;
    }
    (w.ceil(), h.ceil())
}

/// Per-level extents of a subtree, relative to its root's centre.
#[derive(Default, Clone)]
struct Contour {
    left: Vec<f64>,
    right: Vec<f64>,
}

pub(crate) fn layout_scene(scene: &Scene, legend: (f64, f64)) -> Layout {
    let cfg = &scene.opts.layout;
    let n = scene.nodes.len();
    let sizes: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let s = scene.stakeholder(k);
            let scale = scene.scale(k);
            let text = node_text(&s.name, s.title.as_deref(), scale, cfg);
            let badges: Vec<&str> = scene.badges(k).into_iter().map(|(label, _)| label).collect();
            box_size(&text, scale, &badges, !scene.nodes[k].flags.is_empty(), scene.nodes[k].influence.is_some(), cfg)
        })
        .collect();
    let (children, roots) = scene.forest();
    let dept = |k: usize| scene.nodes[k].department.as_deref();

    // Post-order over the forest, without recursion.
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
    while let Some(k) = stack.pop() {
        order.push(k);
        stack.extend(children[k].iter().copied());
    }
    let mut contour: Vec<Contour> = vec![Contour::default(); n];
    let mut rel_x = vec![0.0; n];
    for &p in order.iter().rev() {
        let half = sizes[p].0 / 2.0;
        let cs = &children[p];
        let mut own = Contour { left: vec![-half], right: vec![half] };
        if !cs.is_empty() {
            let parts: Vec<Contour> = cs.iter().map(|&c| std::mem::take(&mut contour[c])).collect();
            let groups: Vec<bool> = cs.windows(2).map(|w| dept(w[0]) == dept(w[1])).collect();
            let (acc, offs) = pack(parts, &groups, cfg);
            let mid = (offs[0] + offs[offs.len() - 1]) / 2.0;
            for (i, &c) in cs.iter().enumerate() {
                rel_x[c] = offs[i] - mid;
            }
            own.left.extend(acc.left.iter().map(|v| v - mid));
            own.right.extend(acc.right.iter().map(|v| v - mid));
        }
        contour[p] = own;
    }
    let mut x = vec![0.0; n];
    if !roots.is_empty() {
        let parts: Vec<Contour> = roots.iter().map(|&r| std::mem::take(&mut contour[r])).collect();
        let (_, offs) = pack(parts, &vec![false; roots.len() - 1], cfg);
        for (i, &r) in roots.iter().enumerate() {
            x[r] = offs[i];
        }
    }
    let mut depth = vec![0usize; n];
    for &k in &order {
        for &c in &children[k] {
            x[c] = x[k] + rel_x[c];
            depth[c] = depth[k] + 1;
        }
    }

    // Rows.
    let label_room = cfg.small_font_size + 9.0 + cfg.band_pad;
    let title_room = cfg.title_font_size * 1.4 + cfg.small_font_size * 1.6 + cfg.small_font_size;
    let top = cfg.margin + title_room + label_room;
    let rows = depth.iter().max().map_or(0, |d| d + 1);
    let mut row_heights = vec![0.0f64; rows];
    for k in 0..n {
        row_heights[depth[k]] = row_heights[depth[k]].max(sizes[k].1);
    }
    let mut row_tops = Vec::with_capacity(rows);
    let mut y = top;
    for h in &row_heights {
        row_tops.push(y);
        y += h + cfg.row_gap;
    }

    // Our team, in a column on the left.
    let mut team = Vec::new();
    let mut team_band = None;
    let mut left = cfg.margin;
    if !scene.team.is_empty() {
        let texts: Vec<(NodeText, (f64, f64))> = (0..scene.team.len())
            .map(|t| {
                let m = scene.member(t);
                let text = node_text(&m.name, m.title.as_deref().or(m.role.as_deref()), 1.0, cfg);
                let size = box_size(&text, 1.0, &[], false, false, cfg);
                (text, size)
            })
            .collect();
        let col_w = texts.iter().map(|(_, s)| s.0).fold(0.0, f64::max);
        let mut ty = top;
        let mut bounds: Option<Rect> = None;
        for (t, (_, (w, h))) in texts.iter().enumerate() {
            let rect = Rect { x: left + cfg.band_pad + (col_w - w) / 2.0, y: ty, w: *w, h: *h };
            bounds = Some(bounds.map_or(rect, |b| b.union(&rect)));
            team.push(NodeBox { id: scene.member(t).id.clone(), rect, depth: 0, scale: 1.0 });
            ty += h + cfg.row_gap;
        }
        let b = bounds.expect("at least one team member").grow(cfg.band_pad, label_room, cfg.band_pad, cfg.band_pad);
        left = b.x + b.w + cfg.department_gap;
        team_band = Some(b);
    }

    // Place boxes: shift the forest so its leftmost edge sits at `left`.
    let min_left = (0..n).map(|k| x[k] - sizes[k].0 / 2.0).fold(f64::INFINITY, f64::min);
    let shift = if n == 0 { 0.0 } else { left + cfg.band_pad - min_left };
    let nodes: Vec<NodeBox> = (0..n)
        .map(|k| {
            let (w, h) = sizes[k];
            let d = depth[k];
            let rect = Rect { x: x[k] + shift - w / 2.0, y: row_tops[d] + (row_heights[d] - h) / 2.0, w, h };
            NodeBox { id: scene.stakeholder(k).id.clone(), rect, depth: d, scale: scene.scale(k) }
        })
        .collect();
    let bands = bands(scene, &nodes, &children, &roots, label_room);

    let mut right = nodes.iter().map(|b| b.rect.x + b.rect.w).fold(left, f64::max);
    let mut bottom = nodes.iter().map(|b| b.rect.y + b.rect.h).fold(top, f64::max);
    for r in bands.iter().flat_map(|b| b.rects.iter()).chain(team_band.iter()) {
        right = right.max(r.x + r.w);
        bottom = bottom.max(r.y + r.h);
    }
    let chart_bottom = bottom + cfg.margin;
    let width = (right + cfg.margin).max(legend.0 + 2.0 * cfg.margin);
    let height = chart_bottom + if legend.1 > 0.0 { legend.1 + cfg.margin } else { 0.0 };
    Layout {
        width,
        height,
        nodes,
        team,
        bands,
        team_band,
        chart_top: cfg.margin + title_room,
        chart_bottom,
        row_tops,
        row_heights,
    }
}

/// Packs subtrees left to right; `same_group[i]` says whether part `i + 1`
/// belongs to the same department as part `i` (contour packing) or not
/// (bounding-box packing). Returns the merged contour and each part's offset.
fn pack(parts: Vec<Contour>, same_group: &[bool], cfg: &LayoutConfig) -> (Contour, Vec<f64>) {
    let mut parts = parts.into_iter();
    let mut acc = parts.next().expect("at least one subtree");
    let mut offs = vec![0.0];
    for (i, c) in parts.enumerate() {
        let shift = if same_group[i] {
            acc.right.iter().zip(&c.left).map(|(r, l)| r - l).fold(f64::NEG_INFINITY, f64::max) + cfg.sibling_gap
        } else {
            let r = acc.right.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let l = c.left.iter().copied().fold(f64::INFINITY, f64::min);
            r - l + cfg.department_gap
        };
        for d in 0..c.left.len() {
            if d < acc.left.len() {
                acc.right[d] = shift + c.right[d];
            } else {
                acc.left.push(shift + c.left[d]);
                acc.right.push(shift + c.right[d]);
            }
        }
        offs.push(shift);
    }
    (acc, offs)
}

/// Department bands: one per run of siblings that opens a department.
fn bands(scene: &Scene, nodes: &[NodeBox], children: &[Vec<usize>], roots: &[usize], label_room: f64) -> Vec<Band> {
    let cfg = &scene.opts.layout;
    let dept = |k: usize| scene.nodes[k].department.as_deref();
    let mut runs: Vec<(usize, Vec<usize>)> = Vec::new(); // (depth for ordering, heads)
    let mut consider = |parent_dept: Option<&str>, kids: &[usize]| {
        let mut i = 0;
        while i < kids.len() {
            let d = dept(kids[i]);
            let mut j = i + 1;
            while j < kids.len() && dept(kids[j]) == d {
                j += 1;
            }
            if d.is_some() && d != parent_dept {
                runs.push((nodes[kids[i]].depth, kids[i..j].to_vec()));
            }
            i = j;
        }
    };
    consider(None, roots);
    for (p, kids) in children.iter().enumerate() {
        consider(dept(p), kids);
    }
    runs.sort_by_key(|(depth, heads)| (*depth, heads[0]));
    let halo = cfg.band_pad.min((cfg.sibling_gap / 2.0 - 1.0).max(0.0));
    runs.into_iter()
        .map(|(_, heads)| {
            let d = dept(heads[0]);
            let mut members = Vec::new();
            let mut stack = heads.clone();
            while let Some(k) = stack.pop() {
                members.push(k);
                stack.extend(children[k].iter().copied().filter(|&c| dept(c) == d));
            }
            members.sort_unstable();
            let bbox = members
                .iter()
                .map(|&k| nodes[k].rect)
                .reduce(|a, b| a.union(&b))
                .expect("a run has members")
                .grow(cfg.band_pad, label_room, cfg.band_pad, cfg.band_pad);
            let covers_other =
                nodes.iter().enumerate().any(|(k, b)| members.binary_search(&k).is_err() && b.rect.overlaps(&bbox));
            let first = nodes[heads[0]].rect;
            if covers_other {
                let rects = members
                    .iter()
                    .map(|&k| {
                        let top = if k == heads[0] { label_room } else { halo };
                        nodes[k].rect.grow(halo, top, halo, halo)
                    })
                    .collect();
                let label_at = (first.x - halo + 4.0, first.y - label_room + cfg.small_font_size + 2.0);
                Band {
                    department: d.unwrap_or_default().to_owned(),
                    rects,
                    label_at,
                    label_width: first.w + 2.0 * halo,
                }
            } else {
                let label_at = (bbox.x + 6.0, bbox.y + cfg.small_font_size + 4.0);
                Band {
                    department: d.unwrap_or_default().to_owned(),
                    rects: vec![bbox],
                    label_at,
                    label_width: bbox.w - 12.0,
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contour(l: &[f64], r: &[f64]) -> Contour {
        Contour { left: l.to_vec(), right: r.to_vec() }
    }

    #[test]
    fn contour_packing_tucks_a_small_subtree_under_a_wide_level() {
        let cfg = LayoutConfig::default();
        // A narrow top over a wide second level, then a single box.
        let a = contour(&[-10.0, -100.0], &[10.0, 100.0]);
        let b = contour(&[-10.0], &[10.0]);
        let (_, offs) = pack(vec![a.clone(), b.clone()], &[true], &cfg);
        assert_eq!(offs[1], 20.0 + cfg.sibling_gap);
        // Across departments the whole bounding box counts.
        let (_, offs) = pack(vec![a, b], &[false], &cfg);
        assert_eq!(offs[1], 110.0 + cfg.department_gap);
    }

    #[test]
    fn packing_merges_contours_level_by_level() {
        let cfg = LayoutConfig::default();
        let a = contour(&[-10.0], &[10.0]);
        let b = contour(&[-10.0, -30.0], &[10.0, 30.0]);
        let (acc, offs) = pack(vec![a, b], &[true], &cfg);
        let s = offs[1];
        assert_eq!(acc.left, vec![-10.0, s - 30.0]);
        assert_eq!(acc.right, vec![s + 10.0, s + 30.0]);
    }

    #[test]
    fn rect_overlap_is_strict() {
        let a = Rect { x: 0.0, y: 0.0, w: 10.0, h: 10.0 };
        assert!(!a.overlaps(&Rect { x: 0.0, y: 10.0, w: 10.0, h: 10.0 }));
        assert!(a.overlaps(&Rect { x: 9.9, y: 9.9, w: 1.0, h: 1.0 }));
    }
}
