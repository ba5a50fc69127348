//! The SVG picture.

use std::fmt::Write;

use super::bundle::{Bundler, LinePath};
use super::layout::{layout_scene, node_text, Layout, NodeBox, Rect, BAR_HEIGHT};
use super::legend::{draw_header, draw_legend, legend_size};
use super::lines::opacity;
use super::routing::Router;
use super::scene::{Endpoint, Scene};
use super::style::Palette;
use super::svg_marks::{badge, flag_marker, relation_line, Defs, Line};
use super::text::{num, xml, FONT_STACK};
use crate::model::Direction;

/// Writes the scene as a standalone SVG document (also valid inline in HTML):
/// the chart, or the influence matrix when the view asks for it.
pub(crate) fn write_svg(scene: &Scene) -> String {
    if super::lines::draws_matrix(scene) {
        return super::matrix_view::write_matrix(scene);
    }
    let lay = layout_scene(scene, legend_size(scene));
    let pal = Palette::of(scene.opts.theme);
    let defs = Defs::new(scene.opts.theme);
    let cfg = &scene.opts.layout;
    let mut out =
        open_document(scene, "", "Relationship map", (lay.width, lay.height), &pal, &defs, 1600 * lay.nodes.len());
    draw_bands(&mut out, scene, &lay, &pal);
    draw_org_chart(&mut out, scene, &lay, &pal);
    let (relation_curves, step_curves) = route_lines(scene, &lay);
    draw_relations(&mut out, scene, &relation_curves, &pal, &defs);
    draw_highlight(&mut out, scene, &lay, &step_curves, &pal, &defs);
    draw_band_labels(&mut out, scene, &lay, &pal);
    draw_focus(&mut out, scene, &lay, &pal);
    draw_team(&mut out, scene, &lay, &pal);
    out.push_str(r#"<g class="stakeholders">"#);
    for (k, b) in lay.nodes.iter().enumerate() {
        draw_node(&mut out, scene, k, b, &pal, &defs);
    }
    out.push_str("</g>");
    if scene.opts.show_legend {
        draw_legend(&mut out, scene, &pal, &defs, cfg.margin, lay.chart_bottom);
    }
    out.push_str("</svg>\n");
    out
}

/// The opening of a picture of the map: the `<svg>` element (natural size `size`,
/// displayed at `opts.width` when set), its title and description, the shared
/// definitions, the background and the header. `class` is added to the root's classes.
pub(crate) fn open_document(
    scene: &Scene,
    class: &str,
    kind: &str,
    size: (f64, f64),
    pal: &Palette,
    defs: &Defs,
    reserve: usize,
) -> String {
    let (w, h) = (size.0.ceil(), size.1.ceil());
    let (disp_w, disp_h) = match scene.opts.width {
        Some(dw) => (dw, h * dw / w),
        None => (w, h),
    };
    let mut out = String::with_capacity(4096 + reserve);
    let (title, sub) = super::legend::header(scene);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="relmap relmap-{theme}{class}" viewBox="0 0 {w} {h}" width="{dw}" height="{dh}" style="max-width:100%;height:auto" font-family="{font}" role="img"><title>{t}</title><desc>{d}</desc>"#,
        theme = scene.opts.theme.as_str(),
        w = num(w),
        h = num(h),
        dw = num(disp_w),
        dh = num(disp_h),
        font = FONT_STACK,
        t = xml(&format!("{kind}: {title}")),
        d = xml(&sub),
    );
    defs.write(&mut out, pal);
    let _ = write!(
        out,
        r#"<rect class="background" width="{}" height="{}" fill="{}"/>"#,
        num(w),
        num(h),
        pal.background.hex()
    );
    draw_header(&mut out, scene, pal);
    out
}

fn rect_attrs(r: &Rect) -> String {
    format!(r#"x="{}" y="{}" width="{}" height="{}""#, num(r.x), num(r.y), num(r.w), num(r.h))
}

fn draw_bands(out: &mut String, scene: &Scene, lay: &Layout, pal: &Palette) {
    let cfg = &scene.opts.layout;
    out.push_str(r#"<g class="departments">"#);
    for band in &lay.bands {
        // One path of same-direction rectangles: the union is filled once.
        let mut d = String::new();
        for r in &band.rects {
            let rr = 8.0f64.min(r.w / 2.0).min(r.h / 2.0);
            let _ = write!(
                d,
                "M{} {}H{}Q{} {} {} {}V{}Q{} {} {} {}H{}Q{} {} {} {}V{}Q{} {} {} {}Z",
                num(r.x + rr),
                num(r.y),
                num(r.x + r.w - rr),
                num(r.x + r.w),
                num(r.y),
                num(r.x + r.w),
                num(r.y + rr),
                num(r.y + r.h - rr),
                num(r.x + r.w),
                num(r.y + r.h),
                num(r.x + r.w - rr),
                num(r.y + r.h),
                num(r.x + rr),
                num(r.x),
                num(r.y + r.h),
                num(r.x),
                num(r.y + r.h - rr),
                num(r.y + rr),
                num(r.x),
                num(r.y),
                num(r.x + rr),
                num(r.y),
            );
        }
        let _ = write!(
            out,
            r#"<path class="department" d="{d}" fill="{}" stroke="{}" stroke-opacity="0.35"><title>{}</title></path>"#,
            pal.band_fill.hex(),
            pal.connector.hex(),
            xml(&band.department),
        );
    }
    if let Some(r) = &lay.team_band {
        let _ = write!(
            out,
            r#"<g class="team-band"><rect {} rx="8" fill="{}" stroke="{}" stroke-dasharray="4 3"/><text x="{}" y="{}" font-size="{}" font-weight="600" fill="{}">Our team 我方</text></g>"#,
            rect_attrs(r),
            pal.band_fill.hex(),
            pal.connector.hex(),
            num(r.x + 6.0),
            num(r.y + cfg.small_font_size + 4.0),
            num(cfg.small_font_size),
            pal.band_text.hex()
        );
    }
    out.push_str("</g>");
}

/// Department labels, drawn over the lines so they stay legible.
fn draw_band_labels(out: &mut String, scene: &Scene, lay: &Layout, pal: &Palette) {
    let cfg = &scene.opts.layout;
    out.push_str(r#"<g class="department-labels">"#);
    for band in &lay.bands {
        let label = super::text::truncate_em(&band.department, band.label_width / cfg.small_font_size, cfg);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" font-weight="600" fill="{}" stroke="{}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
            num(band.label_at.0),
            num(band.label_at.1),
            num(cfg.small_font_size),
            pal.band_text.hex(),
            pal.band_fill.hex(),
            xml(&label),
        );
    }
    out.push_str("</g>");
}

fn draw_org_chart(out: &mut String, scene: &Scene, lay: &Layout, pal: &Palette) {
    let cfg = &scene.opts.layout;
    let (children, _) = scene.forest();
    out.push_str(r#"<g class="org-chart" fill="none">"#);
    for (p, kids) in children.iter().enumerate() {
        if kids.is_empty() {
            continue;
        }
        let pb = &lay.nodes[p].rect;
        let depth = lay.nodes[p].depth;
        let mid_y = lay.row_tops[depth + 1] - cfg.row_gap / 2.0;
        let px = pb.x + pb.w / 2.0;
        let xs: Vec<f64> = kids.iter().map(|&c| lay.nodes[c].rect.centre().0).collect();
        let lo = xs.iter().copied().fold(px, f64::min);
        let hi = xs.iter().copied().fold(px, f64::max);
        let mut solid =
            format!("M{} {}V{}M{} {}H{}", num(px), num(pb.y + pb.h), num(mid_y), num(lo), num(mid_y), num(hi));
        let mut dashed = String::new();
        for &c in kids {
            let cb = &lay.nodes[c].rect;
            let seg = format!("M{} {}V{}", num(cb.x + cb.w / 2.0), num(mid_y), num(cb.y));
            if scene.nodes[c].skips {
                dashed.push_str(&seg);
            } else {
                solid.push_str(&seg);
            }
        }
        let _ = write!(out, r#"<path d="{solid}" stroke="{}" stroke-width="1.5"/>"#, pal.connector.hex());
        if !dashed.is_empty() {
            let _ = write!(
                out,
                r#"<path d="{dashed}" stroke="{}" stroke-width="1.5" stroke-dasharray="4 3"/>"#,
                pal.connector.hex()
            );
        }
    }
    out.push_str("</g>");
}

/// Routes every relation line and highlighted step, in drawing order.
///
/// Boxes are indexed as stakeholders first, then team members.
fn route_lines(scene: &Scene, lay: &Layout) -> (Vec<LinePath>, Vec<Option<LinePath>>) {
    let boxes: Vec<Rect> = lay.nodes.iter().chain(&lay.team).map(|b| b.rect).collect();
    let bounds = Rect { x: 0.0, y: lay.chart_top, w: lay.width, h: lay.chart_bottom - lay.chart_top };
    let mut router = Router::new(&boxes, bounds, &scene.opts.layout);
    let bundler = scene.rule.bundle.then(|| Bundler::new(scene, lay, &boxes));
    let relations: Vec<LinePath> = if scene.opts.show_relations {
        scene
            .relations
            .iter()
            .map(|r| {
                bundler
                    .as_ref()
                    .and_then(|b| b.route(r.source, r.target))
                    .unwrap_or_else(|| LinePath::Curve(router.route(r.source, r.target)))
            })
            .collect()
    } else {
        Vec::new()
    };
    let index = |e: Endpoint| match e {
        Endpoint::Node(k) => k,
        Endpoint::Team(t) => lay.nodes.len() + t,
    };
    let steps = scene
        .path_steps()
        .map(|(a, b)| {
            let (ia, ib) = (index(a), index(b));
            if ia == ib {
                return None;
            }
            // Follow the relation line of the step where there is one.
            let drawn = scene.relations.iter().zip(&relations).find_map(|(r, c)| {
                if (r.source, r.target) == (ia, ib) {
                    Some(c.clone())
                } else if (r.target, r.source) == (ia, ib) {
                    Some(c.reversed())
                } else {
                    None
                }
            });
            Some(drawn.unwrap_or_else(|| LinePath::Curve(router.route(ia, ib))))
        })
        .collect();
    (relations, steps)
}

fn draw_relations(out: &mut String, scene: &Scene, curves: &[LinePath], pal: &Palette, defs: &Defs) {
    out.push_str(r#"<g class="relations">"#);
    let any_focus = scene.focus.iter().any(|&f| f);
    let focused = |r: &super::scene::SceneRelation| scene.focus[r.source] || scene.focus[r.target];
    // Lines in focus go last, on top of the others.
    let mut order: Vec<usize> = (0..scene.relations.len()).collect();
    order.sort_by_key(|&k| focused(&scene.relations[k]));
    for k in order {
        let (r, curve) = (&scene.relations[k], &curves[k]);
        let rel = &scene.map.relations()[r.rel];
        let faded = opacity(&scene.rule, &scene.opts.lines, rel.strength, any_focus.then(|| focused(r)));
        let _ = write!(
            out,
            r#"<g class="relation {kind}" data-source="{s}" data-target="{t}" data-strength="{st}"{op}><title>{tip}</title>{line}</g>"#,
            op = faded.map(|o| format!(r#" opacity="{}""#, num(o))).unwrap_or_default(),
            kind = rel.kind.as_str(),
            s = xml(&rel.source),
            t = xml(&rel.target),
            st = rel.strength,
            tip = xml(&format!(
                "{} {} {}{} (strength {})",
                scene.stakeholder(r.source).name,
                rel.kind.as_str(),
                scene.stakeholder(r.target).name,
                if rel.direction == Direction::Both { ", both ways" } else { "" },
                rel.strength
            )),
            line = relation_line(rel.kind, rel.direction == Direction::Both, rel.strength, curve, pal, defs),
        );
    }
    out.push_str("</g>");
}

fn endpoint_box(lay: &Layout, e: Endpoint) -> &NodeBox {
    match e {
        Endpoint::Team(t) => &lay.team[t],
        Endpoint::Node(k) => &lay.nodes[k],
    }
}

fn draw_highlight(
    out: &mut String,
    scene: &Scene,
    lay: &Layout,
    steps: &[Option<LinePath>],
    pal: &Palette,
    defs: &Defs,
) {
    if scene.path.is_empty() {
        return;
    }
    let c = pal.highlight.hex();
    out.push_str(r#"<g class="highlight-path">"#);
    for curve in steps.iter().flatten() {
        let d = curve.d();
        let _ = write!(
            out,
            r#"<path d="{d}" fill="none" stroke="{c}" stroke-width="10" stroke-opacity="0.4" stroke-linecap="round"/><path d="{d}" fill="none" stroke="{c}" stroke-width="2.5" marker-end="url(#{})"/>"#,
            defs.highlight_marker()
        );
    }
    for e in &scene.path {
        let r = endpoint_box(lay, *e).rect;
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="10" fill="none" stroke="{c}" stroke-width="3.5"/>"#,
            num(r.x - 4.0),
            num(r.y - 4.0),
            num(r.w + 8.0),
            num(r.h + 8.0)
        );
    }
    out.push_str("</g>");
}

/// A dashed ring around each person in focus.
fn draw_focus(out: &mut String, scene: &Scene, lay: &Layout, pal: &Palette) {
    if !scene.focus.iter().any(|&f| f) {
        return;
    }
    out.push_str(r#"<g class="focus">"#);
    for (b, _) in lay.nodes.iter().zip(&scene.focus).filter(|(_, &f)| f) {
        let r = b.rect;
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="10" fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="6 3"/>"#,
            num(r.x - 5.0),
            num(r.y - 5.0),
            num(r.w + 10.0),
            num(r.h + 10.0),
            pal.highlight.hex()
        );
    }
    out.push_str("</g>");
}

fn draw_team(out: &mut String, scene: &Scene, lay: &Layout, pal: &Palette) {
    if lay.team.is_empty() {
        return;
    }
    let cfg = &scene.opts.layout;
    out.push_str(r#"<g class="team">"#);
    for (t, b) in lay.team.iter().enumerate() {
        let m = scene.member(t);
        let text = node_text(&m.name, m.title.as_deref().or(m.role.as_deref()), 1.0, cfg);
        let fill = super::style::Rgb(0x19, 0x71, 0xc2).mix(pal.background, 0.82);
        let _ = write!(
            out,
            r##"<g id="team-{}" class="team-member"><title>{}</title><rect class="box" {} rx="6" fill="{}" stroke="#1971c2" stroke-width="1.5"/>"##,
            xml(&m.id),
            xml(&format!("{} (our team{})", m.name, m.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default())),
            rect_attrs(&b.rect),
            fill.hex()
        );
        write_lines(out, &text, &b.rect, 1.0, pal, cfg);
        out.push_str("</g>");
    }
    out.push_str("</g>");
}

fn write_lines(
    out: &mut String,
    text: &super::layout::NodeText,
    r: &Rect,
    scale: f64,
    pal: &Palette,
    cfg: &super::LayoutConfig,
) {
    let cx = r.x + r.w / 2.0;
    let name_y = r.y + cfg.pad_y * scale + text.name_font * 0.82;
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" font-weight="700" text-anchor="middle" fill="{}">{}</text>"#,
        num(cx),
        num(name_y),
        num(text.name_font),
        pal.text.hex(),
        xml(&text.name)
    );
    if let Some(t) = &text.title {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>"#,
            num(cx),
            num(name_y + text.name_font * 0.18 + cfg.line_gap * scale + text.title_font * 0.9),
            num(text.title_font),
            pal.muted.hex(),
            xml(t)
        );
    }
}

fn tooltip(scene: &Scene, k: usize) -> String {
    let s = scene.stakeholder(k);
    let node = &scene.nodes[k];
    let mut lines = vec![match &s.title {
        Some(t) => format!("{} — {}", s.name, t),
        None => s.name.clone(),
    }];
    if let Some(d) = &node.department {
        lines.push(format!("department: {d}"));
    }
    if !s.roles.is_empty() {
        lines.push(format!("roles: {}", s.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")));
    }
    lines.push(match s.stance {
        Some(v) => format!("stance: {:+}", v + 0.0),
        None => "stance: unknown".to_owned(),
    });
    if let Some(u) = node.influence {
        lines.push(format!("decision influence: {:.1}%", u * 100.0));
    }
    if !node.flags.is_empty() {
        lines.push(format!("red flags: {}", node.flags.join(", ")));
    }
    lines.extend(node.marks.tooltip());
    lines.push(format!("id: {}", s.id));
    lines.join("\n")
}

fn draw_node(out: &mut String, scene: &Scene, k: usize, b: &NodeBox, pal: &Palette, defs: &Defs) {
    let cfg = &scene.opts.layout;
    let s = scene.stakeholder(k);
    let node = &scene.nodes[k];
    let r = &b.rect;
    let scale = b.scale;
    let band = super::style::stance_band(s.stance);
    let _ = write!(
        out,
        r#"<g id="node-{id}" class="stakeholder stance-{band}" data-id="{id}"{stance}{infl}{mode}{champion}><title>{tip}</title>"#,
        id = xml(&s.id),
        // + 0.0: a number given as −0 is written 0.
        stance = s.stance.map(|v| format!(r#" data-stance="{}""#, v + 0.0)).unwrap_or_default(),
        infl = node.influence.map(|u| format!(r#" data-influence="{}""#, u + 0.0)).unwrap_or_default(),
        mode = node.marks.mode.map(|m| format!(r#" data-response-mode="{}""#, m.as_str())).unwrap_or_default(),
        champion = node
            .marks
            .champion
            .map(|(g, tested)| format!(r#" data-champion="{g}{}""#, if tested { " tested" } else { "" }))
            .unwrap_or_default(),
        tip = xml(&tooltip(scene, k)),
    );
    let (fill, stroke, dash) = match s.stance {
        Some(v) => (pal.stance_fill(Some(v)).hex(), pal.stance_colour(v).hex(), ""),
        None => (defs.hatch_url(), pal.muted.hex(), r#" stroke-dasharray="5 3""#),
    };
    let _ = write!(
        out,
        r#"<rect class="box" {} rx="{}" fill="{fill}" stroke="{stroke}" stroke-width="{}"{dash}/>"#,
        rect_attrs(r),
        num(6.0 * scale),
        num(1.2 + 0.8 * scale)
    );
    if let Some(u) = node.influence {
        let inset = 6.0 * scale;
        let track = r.w - 2.0 * inset;
        let share = if scene.max_influence > 0.0 { u / scene.max_influence } else { 0.0 };
        let y = r.y + r.h - BAR_HEIGHT - 3.0;
        let _ = write!(
            out,
            r#"<g class="influence-bar"><rect x="{x}" y="{y}" width="{tw}" height="{bh}" rx="1.5" fill="{t}" fill-opacity="0.12"/><rect x="{x}" y="{y}" width="{w}" height="{bh}" rx="1.5" fill="{t}" fill-opacity="0.55"/></g>"#,
            x = num(r.x + inset),
            y = num(y),
            tw = num(track),
            w = num(track * share),
            bh = num(BAR_HEIGHT - 1.0),
            t = pal.text.hex(),
        );
    }
    let text = node_text(&s.name, s.title.as_deref(), scale, cfg);
    write_lines(out, &text, r, scale, pal, cfg);
    let mut bx = r.x + cfg.pad_x;
    for (label, colour) in scene.badges(k) {
        out.push_str(&badge(label, colour, bx, r.y, pal, cfg));
        bx += super::layout::badge_width(label, cfg) + super::layout::badge_gap(cfg);
    }
    if !node.flags.is_empty() {
        out.push_str(&flag_marker(r.x + r.w - cfg.small_font_size * 1.4, r.y, &node.flags, cfg));
    }
    out.push_str("</g>");
}
