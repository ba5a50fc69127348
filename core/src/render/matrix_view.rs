//! The influence matrix: who influences whom as a heat map, people in org-chart
//! order (a depth-first walk, siblings by department then id), departments as
//! blocks. Row influences column; every relation is shown, however dense.

use std::fmt::Write;

use super::legend::header;
use super::scene::{Endpoint, Scene};
use super::style::{Palette, Rgb, STANCE_AGAINST, STANCE_FOR};
use super::svg_marks::Defs;
use super::text::{num, one_line, text_width, truncate_em, xml};
use crate::model::{Direction, RelationKind};

/// Where the matrix's parts stand.
struct Frame {
    /// Scene nodes in matrix order.
    order: Vec<usize>,
    /// Matrix position of each scene node.
    pos: Vec<usize>,
    depth: Vec<usize>,
    labels: Vec<String>,
    /// Departments as runs of matrix positions: (name, first, one past last).
    runs: Vec<(String, usize, usize)>,
    cell: f64,
    /// Left edge of the department strip, the row labels and the grid.
    strip_x: f64,
    label_x: f64,
    grid_x: f64,
    /// Top of the column labels and of the grid.
    columns_y: f64,
    grid_y: f64,
    width: f64,
    height: f64,
}

const INDENT: f64 = 8.0;
const SWATCH: f64 = 9.0;
const BAR: f64 = 30.0;
const LABEL_EM: f64 = 11.0;

fn frame(scene: &Scene) -> Frame {
    let cfg = &scene.opts.layout;
    let f = cfg.small_font_size;
    let (children, roots) = scene.forest();
    let n = scene.nodes.len();
    let mut order = Vec::with_capacity(n);
    let mut depth = vec![0; n];
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 0)).collect();
    while let Some((k, d)) = stack.pop() {
        order.push(k);
        depth[k] = d;
        stack.extend(children[k].iter().rev().map(|&c| (c, d + 1)));
    }
    let mut pos = vec![0; n];
    for (i, &k) in order.iter().enumerate() {
        pos[k] = i;
    }
    let labels: Vec<String> =
        (0..n).map(|k| truncate_em(&one_line(&scene.stakeholder(k).name), LABEL_EM, cfg)).collect();
    let mut runs: Vec<(String, usize, usize)> = Vec::new();
    for (i, &k) in order.iter().enumerate() {
        let d = scene.nodes[k].department.clone().unwrap_or_default();
        match runs.last_mut() {
            Some(run) if run.0 == d => run.2 = i + 1,
            _ => runs.push((d, i, i + 1)),
        }
    }
    let cell = scene.opts.lines.matrix_cell;
    let label_w = (0..n).map(|k| text_width(&labels[k], f, false, cfg)).fold(0.0, f64::max);
    let max_depth = depth.iter().copied().max().unwrap_or(0) as f64;
    let strip_x = cfg.margin;
    let label_x = strip_x + f + 10.0;
    let has_bar = scene.nodes.iter().any(|node| node.influence.is_some());
    let labels_end = label_x + max_depth * INDENT + SWATCH + 5.0 + label_w;
    let grid_x = labels_end + if has_bar { 10.0 + BAR + 8.0 } else { 6.0 };
    let columns_y = cfg.margin + cfg.title_font_size * 1.4 + f * 1.6 + f;
    let grid_y = columns_y + label_w + SWATCH + 10.0;
    let grid = n as f64 * cell;
    let (title, sub) = header(scene);
    let header_w = text_width(&title, cfg.title_font_size, true, cfg).max(text_width(&sub, f, false, cfg));
    let width = (grid_x + grid + cfg.margin).max(cfg.margin * 2.0 + header_w).max(cfg.margin * 2.0 + LEGEND_W);
    let height = grid_y + grid + cfg.margin + if scene.opts.show_legend { LEGEND_H + cfg.margin } else { 0.0 };
    Frame { order, pos, depth, labels, runs, cell, strip_x, label_x, grid_x, columns_y, grid_y, width, height }
}

const LEGEND_W: f64 = 560.0;
const LEGEND_H: f64 = 64.0;

/// The matrix as a standalone SVG document.
pub(crate) fn write_matrix(scene: &Scene) -> String {
    let fr = frame(scene);
    let pal = Palette::of(scene.opts.theme);
    let defs = Defs::new(scene.opts.theme);
    let cfg = &scene.opts.layout;
    let reserve = 1600 * scene.nodes.len();
    let mut out = super::svg::open_document(
        scene,
        " relmap-matrix",
        "Influence matrix",
        (fr.width, fr.height),
        &pal,
        &defs,
        reserve,
    );
    draw_departments(&mut out, scene, &fr, &pal);
    draw_labels(&mut out, scene, &fr, &pal, &defs);
    draw_cells(&mut out, scene, &fr, &pal);
    if scene.opts.show_legend {
        draw_legend(&mut out, scene, &pal, cfg.margin, fr.grid_y + fr.order.len() as f64 * fr.cell + cfg.margin);
    }
    out.push_str("</svg>\n");
    out
}

fn draw_departments(out: &mut String, scene: &Scene, fr: &Frame, pal: &Palette) {
    let f = scene.opts.layout.small_font_size;
    let c = fr.cell;
    out.push_str(r#"<g class="departments">"#);
    for (name, a, b) in &fr.runs {
        let (y0, y1) = (fr.grid_y + *a as f64 * c, fr.grid_y + *b as f64 * c);
        let (x0, x1) = (fr.grid_x + *a as f64 * c, fr.grid_x + *b as f64 * c);
        // The block on the diagonal, and the strip naming the department.
        let _ = write!(
            out,
            r#"<rect class="department" x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>"#,
            num(x0),
            num(y0),
            num(x1 - x0),
            num(y1 - y0),
            pal.band_fill.hex(),
            xml(name)
        );
        let label = truncate_em(name, (y1 - y0 - 6.0).max(0.0) / f, &scene.opts.layout);
        // A run too short for a word keeps its name in the block's tooltip only.
        if !name.is_empty() && label != "…" {
            let (sx, sy) = (fr.strip_x + f * 0.85, (y0 + y1) / 2.0);
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"/><text x="{sx}" y="{sy}" font-size="{fs}" font-weight="600" text-anchor="middle" fill="{}" transform="rotate(-90 {sx} {sy})">{}</text>"#,
                num(fr.strip_x),
                num(y0 + 1.0),
                num(f + 4.0),
                num(y1 - y0 - 2.0),
                pal.band_fill.hex(),
                pal.band_text.hex(),
                xml(&label),
                sx = num(sx),
                sy = num(sy),
                fs = num(f),
            );
        }
    }
    // Light lines between cells, stronger between departments.
    let mut d = String::new();
    for i in 0..=fr.order.len() {
        cross(&mut d, fr, fr.grid_x, fr.grid_y, i as f64 * c);
    }
    let _ = write!(
        out,
        r#"<path d="{d}" stroke="{}" stroke-opacity="0.25" stroke-width="0.6" fill="none"/>"#,
        pal.connector.hex()
    );
    let mut d = String::new();
    for (_, a, _) in fr.runs.iter().skip(1) {
        cross(&mut d, fr, fr.label_x, fr.columns_y, *a as f64 * c);
    }
    if !d.is_empty() {
        let _ = write!(out, r#"<path d="{d}" stroke="{}" stroke-width="1.2" fill="none"/>"#, pal.connector.hex());
    }
    out.push_str("</g>");
}

/// A horizontal line at row offset `v` from `x0` to the grid's right edge, and a
/// vertical one at column offset `v` from `y0` to the grid's bottom.
fn cross(d: &mut String, fr: &Frame, x0: f64, y0: f64, v: f64) {
    let end = fr.order.len() as f64 * fr.cell;
    let _ = write!(
        d,
        "M{} {}H{}M{} {}V{}",
        num(x0),
        num(fr.grid_y + v),
        num(fr.grid_x + end),
        num(fr.grid_x + v),
        num(y0),
        num(fr.grid_y + end)
    );
}

fn swatch(out: &mut String, scene: &Scene, k: usize, x: f64, y: f64, pal: &Palette, defs: &Defs) {
    let (fill, stroke) = match scene.stakeholder(k).stance {
        Some(v) => (pal.stance_fill(Some(v)).hex(), pal.stance_colour(v).hex()),
        None => (defs.hatch_url(), pal.muted.hex()),
    };
    let _ = write!(
        out,
        r#"<rect x="{}" y="{}" width="{SWATCH}" height="{SWATCH}" rx="2" fill="{fill}" stroke="{stroke}"/>"#,
        num(x),
        num(y)
    );
}

fn draw_labels(out: &mut String, scene: &Scene, fr: &Frame, pal: &Palette, defs: &Defs) {
    let cfg = &scene.opts.layout;
    let f = cfg.small_font_size;
    let c = fr.cell;
    out.push_str(r#"<g class="labels">"#);
    for (i, &k) in fr.order.iter().enumerate() {
        let s = scene.stakeholder(k);
        let node = &scene.nodes[k];
        let weight = if scene.focus[k] || node.on_path { "700" } else { "400" };
        let colour = if scene.focus[k] { pal.highlight.mix(pal.text, 0.35) } else { pal.text };
        let mut tip = format!("{}{}", s.name, s.title.as_deref().map(|t| format!(" — {t}")).unwrap_or_default());
        if let Some(u) = node.influence {
            tip.push_str(&format!("\ndecision influence: {:.1}%", u * 100.0));
        }
        tip.push_str(&format!("\nid: {}", s.id));
        // The row label, indented by org-chart depth.
        let cy = fr.grid_y + (i as f64 + 0.5) * c;
        let x = fr.label_x + fr.depth[k] as f64 * INDENT;
        let _ = write!(out, r#"<g class="row-label" data-id="{}"><title>{}</title>"#, xml(&s.id), xml(&tip));
        swatch(out, scene, k, x, cy - SWATCH / 2.0, pal, defs);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" font-weight="{weight}" fill="{}">{}</text>"#,
            num(x + SWATCH + 5.0),
            num(cy + f * 0.36),
            num(f),
            colour.hex(),
            xml(&fr.labels[k])
        );
        if let Some(u) = node.influence {
            let share = if scene.max_influence > 0.0 { u / scene.max_influence } else { 0.0 };
            let bx = fr.grid_x - BAR - 8.0;
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{BAR}" height="4" rx="1.5" fill="{t}" fill-opacity="0.12"/><rect x="{}" y="{}" width="{}" height="4" rx="1.5" fill="{t}" fill-opacity="0.55"/>"#,
                num(bx),
                num(cy - 2.0),
                num(bx),
                num(cy - 2.0),
                num(BAR * share),
                t = pal.text.hex()
            );
        }
        out.push_str("</g>");
        // The column label, rotated, reading upward from just above the grid.
        let cx = fr.grid_x + (i as f64 + 0.5) * c;
        let base = fr.grid_y - 4.0;
        let _ = write!(out, r#"<g class="column-label" data-id="{}"><title>{}</title>"#, xml(&s.id), xml(&tip));
        swatch(out, scene, k, cx - SWATCH / 2.0, base - SWATCH, pal, defs);
        let (tx, ty) = (cx + f * 0.36, base - SWATCH - 4.0);
        let _ = write!(
            out,
            r#"<text x="{tx}" y="{ty}" font-size="{}" font-weight="{weight}" fill="{}" transform="rotate(-90 {tx} {ty})">{}</text></g>"#,
            num(f),
            colour.hex(),
            xml(&fr.labels[k]),
            tx = num(tx),
            ty = num(ty),
        );
    }
    out.push_str("</g>");
}

/// The influence colour of a strength (a share of the line colour over the background).
fn heat(pal: &Palette, strength: f64) -> Rgb {
    pal.relation(RelationKind::Influences).mix(pal.background, 0.88 - 0.88 * strength.clamp(0.0, 1.0))
}

fn draw_cells(out: &mut String, scene: &Scene, fr: &Frame, pal: &Palette) {
    let map = scene.map;
    let c = fr.cell;
    let mut node_of = vec![None; map.stakeholders().len()];
    for (k, node) in scene.nodes.iter().enumerate() {
        node_of[node.idx] = Some(k);
    }
    let at = |k: usize| fr.pos[k] as f64 * c;
    out.push_str(r#"<g class="cells">"#);
    for (r, &(si, ti)) in map.relations().iter().zip(map.relation_indices()) {
        let (Some(s), Some(t)) = (node_of[si], node_of[ti]) else { continue };
        let mut pairs = vec![(s, t)];
        if r.direction == Direction::Both || matches!(r.kind, RelationKind::Ally | RelationKind::Conflict) {
            pairs.push((t, s));
        }
        for (a, b) in pairs {
            let (x, y) = (fr.grid_x + at(b), fr.grid_y + at(a));
            let (cx, cy) = (x + c / 2.0, y + c / 2.0);
            let tip = format!(
                "{} {} {} (strength {})",
                scene.stakeholder(a).name,
                r.kind.as_str(),
                scene.stakeholder(b).name,
                r.strength
            );
            let mark = match r.kind {
                RelationKind::Influences => format!(
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                    num(x + 1.0),
                    num(y + 1.0),
                    num(c - 2.0),
                    num(c - 2.0),
                    heat(pal, r.strength).hex()
                ),
                RelationKind::Informs => format!(
                    r#"<circle cx="{}" cy="{}" r="{}" fill="{}"/>"#,
                    num(cx + c * 0.22),
                    num(cy + c * 0.22),
                    num(c * 0.11),
                    pal.muted.hex()
                ),
                RelationKind::Ally => format!(
                    r#"<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{}" stroke-width="1.6"/>"#,
                    num(cx),
                    num(cy),
                    num(c * 0.28),
                    STANCE_FOR.hex()
                ),
                RelationKind::Conflict => {
                    let e = c * 0.25;
                    format!(
                        r#"<path d="M{} {}L{} {}M{} {}L{} {}" stroke="{}" stroke-width="1.8" stroke-linecap="round"/>"#,
                        num(cx - e),
                        num(cy - e),
                        num(cx + e),
                        num(cy + e),
                        num(cx - e),
                        num(cy + e),
                        num(cx + e),
                        num(cy - e),
                        STANCE_AGAINST.hex()
                    )
                }
            };
            let _ = write!(
                out,
                r#"<g class="cell {}" data-source="{}" data-target="{}" data-strength="{}"><title>{}</title>{mark}</g>"#,
                r.kind.as_str(),
                xml(&scene.stakeholder(a).id),
                xml(&scene.stakeholder(b).id),
                r.strength,
                xml(&tip)
            );
        }
    }
    // The formal line: a corner mark where the row manages the column.
    let mut org = String::new();
    for (k, node) in scene.nodes.iter().enumerate() {
        if let Some(p) = node.parent {
            let (x, y) = (fr.grid_x + at(k), fr.grid_y + at(p));
            let _ = write!(org, "M{} {}h{}L{} {}Z", num(x), num(y), num(c * 0.4), num(x), num(y + c * 0.4));
        }
    }
    if !org.is_empty() {
        let _ = write!(out, r#"<path class="reports-to" d="{org}" fill="{}" fill-opacity="0.8"/>"#, pal.muted.hex());
    }
    // The highlighted path's steps and the people in focus, outlined.
    let hl = pal.highlight.hex();
    for (a, b) in scene.path_steps() {
        if let (Endpoint::Node(a), Endpoint::Node(b)) = (a, b) {
            let _ = write!(
                out,
                r#"<rect class="path-step" x="{}" y="{}" width="{c}" height="{c}" fill="none" stroke="{hl}" stroke-width="2.5"/>"#,
                num(fr.grid_x + at(b)),
                num(fr.grid_y + at(a)),
                c = num(c)
            );
        }
    }
    let n = fr.order.len() as f64 * c;
    for (k, _) in scene.focus.iter().enumerate().filter(|(_, &f)| f) {
        let _ = write!(
            out,
            r#"<rect class="focus" x="{gx}" y="{}" width="{n}" height="{c}" fill="none" stroke="{hl}" stroke-width="1.5"/><rect class="focus" x="{}" y="{gy}" width="{c}" height="{n}" fill="none" stroke="{hl}" stroke-width="1.5"/>"#,
            num(fr.grid_y + at(k)),
            num(fr.grid_x + at(k)),
            gx = num(fr.grid_x),
            gy = num(fr.grid_y),
            n = num(n),
            c = num(c)
        );
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        r#"<g class="matrix" data-left="{}" data-top="{}" data-cell="{}" data-size="{}"/>"#,
        num(fr.grid_x),
        num(fr.grid_y),
        num(c),
        fr.order.len()
    );
}

fn draw_legend(out: &mut String, scene: &Scene, pal: &Palette, x: f64, y: f64) {
    let f = scene.opts.layout.small_font_size;
    let text = |out: &mut String, x: f64, y: f64, s: &str, bold: bool| {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" font-weight="{}" fill="{}">{}</text>"#,
            num(x),
            num(y),
            num(f),
            if bold { 700 } else { 400 },
            if bold { pal.text.hex() } else { pal.muted.hex() },
            xml(s)
        );
    };
    out.push_str(r#"<g class="legend">"#);
    text(out, x, y + f, "Row influences column 行影响列", true);
    let row = y + f + 14.0;
    let mut cx = x;
    for s in [0.25, 0.5, 0.75, 1.0] {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="14" height="14" fill="{}"/>"#,
            num(cx),
            num(row),
            heat(pal, s).hex()
        );
        cx += 16.0;
    }
    text(out, cx + 4.0, row + 11.0, "influence, darker = stronger", false);
    cx += 4.0 + 170.0;
    let _ = write!(
        out,
        r#"<circle cx="{}" cy="{}" r="5" fill="none" stroke="{}" stroke-width="1.6"/>"#,
        num(cx + 7.0),
        num(row + 7.0),
        STANCE_FOR.hex()
    );
    text(out, cx + 18.0, row + 11.0, "allies", false);
    cx += 62.0;
    let _ = write!(
        out,
        r#"<path d="M{a} {b}L{c} {d}M{a} {d}L{c} {b}" stroke="{}" stroke-width="1.8" stroke-linecap="round"/>"#,
        STANCE_AGAINST.hex(),
        a = num(cx + 3.0),
        b = num(row + 3.0),
        c = num(cx + 11.0),
        d = num(row + 11.0)
    );
    text(out, cx + 18.0, row + 11.0, "conflict", false);
    cx += 72.0;
    let _ =
        write!(out, r#"<circle cx="{}" cy="{}" r="2.5" fill="{}"/>"#, num(cx + 7.0), num(row + 7.0), pal.muted.hex());
    text(out, cx + 16.0, row + 11.0, "informs", false);
    let row2 = row + 24.0;
    let _ = write!(
        out,
        r#"<path d="M{} {}h6L{} {}Z" fill="{}" fill-opacity="0.8"/>"#,
        num(x),
        num(row2),
        num(x),
        num(row2 + 6.0),
        pal.muted.hex()
    );
    text(out, x + 12.0, row2 + 9.0, "corner: the row manages the column (org chart)", false);
    if scene.nodes.iter().any(|n| n.influence.is_some()) {
        text(out, x + 300.0, row2 + 9.0, "bar = decision influence", false);
    }
    out.push_str("</g>");
}
