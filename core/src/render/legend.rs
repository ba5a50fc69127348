//! The picture's title and legend.

use std::fmt::Write;

use super::qualification::{champion_badge, gaps, grade_colour, mode_badge, mode_colour, mode_label};
use super::scene::Scene;
use super::style::{role_badge, role_colour, role_label, Palette, Rgb, STANCE_BANDS};
use super::svg_marks::{badge, flag_marker, relation_line, Curve, Defs};
use super::text::{num, text_width, xml};
use crate::model::{Grade, RelationKind, ResponseMode, Role};

/// What a legend entry shows on its left.
enum Swatch {
    Stance(Option<f64>),
    Org { skips: bool },
    Relation(RelationKind),
    Highlight,
    Role(Role),
    Flag,
    Size,
    Badge(&'static str, Rgb),
    Grade(Option<Grade>),
}

struct Section {
    title: String,
    entries: Vec<(Swatch, String)>,
}

const SWATCH_W: f64 = 40.0;
const ENTRY_H: f64 = 20.0;
const SECTION_GAP: f64 = 28.0;

fn sections(scene: &Scene) -> Vec<Section> {
    let mut out = Vec::new();
    let stance_words = |band: &str| match band {
        "strongly_against" => "−5 opposes us",
        "against" => "−2 sceptical",
        "neutral" => "0 neutral",
        "for" => "+2 leaning to us",
        "strongly_for" => "+5 supports us",
        _ => "unknown stance",
    };
    out.push(Section {
        title: "Stance toward us".to_owned(),
        entries: STANCE_BANDS.iter().map(|&(band, s)| (Swatch::Stance(s), stance_words(band).to_owned())).collect(),
    });
    let mut lines = Vec::new();
    if scene.nodes.iter().any(|n| n.parent.is_some()) {
        lines.push((Swatch::Org { skips: false }, "reports to (org chart)".to_owned()));
    }
    if scene.nodes.iter().any(|n| n.skips) {
        lines.push((Swatch::Org { skips: true }, "reports to, via hidden managers".to_owned()));
    }
    if scene.opts.show_relations {
        for kind in RelationKind::ALL {
            if scene.relations.iter().any(|r| scene.map.relations()[r.rel].kind == kind) {
                let words = match kind {
                    RelationKind::Influences => "influences (width = strength)",
                    RelationKind::Ally => "allies",
                    RelationKind::Conflict => "in conflict",
                    RelationKind::Informs => "informs",
                };
                lines.push((Swatch::Relation(kind), words.to_owned()));
            }
        }
    }
    if scene.path.len() > 1 {
        lines.push((Swatch::Highlight, "highlighted path".to_owned()));
    }
    if !lines.is_empty() {
        out.push(Section { title: "Lines".to_owned(), entries: lines });
    }
    let roles: Vec<Role> =
        Role::ALL.into_iter().filter(|&r| (0..scene.nodes.len()).any(|k| scene.stakeholder(k).has_role(r))).collect();
    if !roles.is_empty() {
        out.push(Section {
            title: "Roles".to_owned(),
            entries: roles.into_iter().map(|r| (Swatch::Role(r), role_label(r).to_owned())).collect(),
        });
    }
    let mut marks = Vec::new();
    if scene.nodes.iter().any(|n| !n.flags.is_empty()) {
        marks.push((Swatch::Flag, "red flag (point at the person)".to_owned()));
    }
    if scene.nodes.iter().any(|n| n.influence.is_some()) {
        marks.push((Swatch::Size, "size, bar = decision influence".to_owned()));
    }
    if !marks.is_empty() {
        out.push(Section { title: "Marks".to_owned(), entries: marks });
    }
    out
}

/// The second row: the drawn opportunity's Blue Sheet response modes, its
/// MEDDPICC champion and the MEDDPICC elements that are not green.
fn qualification_sections(scene: &Scene) -> Vec<Section> {
    let Some(deal) = scene.deal else { return Vec::new() };
    let mut out = Vec::new();
    let mut people = Vec::new();
    if let Some((_, tested)) = scene.nodes.iter().find_map(|n| n.marks.champion) {
        let grade = deal.meddpicc.champion.as_ref().map_or(Grade::Red, |c| c.grade);
        let words = if tested { "MEDDPICC champion, tested" } else { "MEDDPICC champion, not tested" };
        people.push((Swatch::Badge(champion_badge(tested), grade_colour(grade)), words.to_owned()));
    }
    for mode in ResponseMode::ALL {
        if scene.nodes.iter().any(|n| n.marks.mode == Some(mode)) {
            people.push((Swatch::Badge(mode_badge(mode), mode_colour(mode)), mode_label(mode).to_owned()));
        }
    }
    if !people.is_empty() {
        out.push(Section { title: "Champion, response mode (Blue Sheet)".to_owned(), entries: people });
    }
    let names = crate::model::PersonNames::new(scene.map);
    let missing = gaps(deal);
    let entries = if missing.is_empty() {
        vec![(Swatch::Grade(Some(Grade::Green)), "all eight elements green".to_owned())]
    } else {
        missing
            .into_iter()
            .map(|(e, g, who)| {
                let grade = g.map_or("not assessed", Grade::as_str);
                let who = who.map(|id| format!(" · {}", names.person(id))).unwrap_or_default();
                (Swatch::Grade(g), super::text::one_line(&format!("{}: {grade}{who}", e.name())))
            })
            .collect()
    };
    let green = 8 - gaps(deal).len();
    let title = format!("MEDDPICC gaps · {} ({green} of 8 green)", names.opportunity(&deal.id));
    out.push(Section { title: super::text::one_line(&title), entries });
    out
}

/// The legend's rows of sections: the map's marks, then the deal qualification.
fn rows(scene: &Scene) -> Vec<Vec<Section>> {
    [sections(scene), qualification_sections(scene)].into_iter().filter(|r| !r.is_empty()).collect()
}

fn row_width(row: &[Section], scene: &Scene) -> f64 {
    row.iter().map(|s| section_width(s, scene)).sum::<f64>() + SECTION_GAP * (row.len() as f64 - 1.0)
}

fn row_height(row: &[Section]) -> f64 {
    ENTRY_H * (row.iter().map(|s| s.entries.len()).max().unwrap_or(0) as f64 + 1.0) + 8.0
}

fn section_width(s: &Section, scene: &Scene) -> f64 {
    let cfg = &scene.opts.layout;
    let f = cfg.small_font_size;
    let labels = s.entries.iter().map(|(_, l)| text_width(l, f, false, cfg)).fold(0.0, f64::max);
    (SWATCH_W + 8.0 + labels).max(text_width(&s.title, f, true, cfg))
}

/// The title and subtitle lines.
pub(crate) fn header(scene: &Scene) -> (String, String) {
    let account = scene.map.account();
    let title = scene.opts.title.clone().unwrap_or_else(|| account.name.clone());
    let mut parts: Vec<String> = Vec::new();
    for v in [&account.industry, &account.region, &account.segment].into_iter().flatten() {
        parts.push(v.clone());
    }
    let total = scene.map.stakeholders().len();
    if scene.opts.key_players_only {
        // The decision chain's key-player count (the number the chain reports), then
        // whoever else is drawn and why, so the picture and the chain agree.
        let others = scene.nodes.len() - scene.key_players;
        parts.push(if others == 0 {
            format!("{} key players of {total} stakeholders", scene.key_players)
        } else {
            let noun = if others == 1 { "other" } else { "others" };
            format!(
                "{} key players + {others} {noun} drawn (red flag, path, champion) of {total} stakeholders",
                scene.key_players
            )
        });
    } else {
        parts.push(format!("{total} stakeholders"));
    }
    parts.push(super::lines::relations_note(scene));
    (super::text::one_line(&title), super::text::one_line(&parts.join(" · ")))
}

/// Width and height of the legend block (0 × 0 when hidden), widened to fit the header.
pub(crate) fn legend_size(scene: &Scene) -> (f64, f64) {
    let cfg = &scene.opts.layout;
    let (title, sub) = header(scene);
    let header_w =
        text_width(&title, cfg.title_font_size, true, cfg).max(text_width(&sub, cfg.small_font_size, false, cfg));
    if !scene.opts.show_legend {
        return (header_w, 0.0);
    }
    let rows = rows(scene);
    let w = rows.iter().map(|r| row_width(r, scene)).fold(0.0, f64::max);
    let h: f64 = rows.iter().map(|r| row_height(r)).sum();
    (w.max(header_w), h)
}

/// Draws the title block at the top left.
pub(crate) fn draw_header(out: &mut String, scene: &Scene, pal: &Palette) {
    let cfg = &scene.opts.layout;
    let (title, sub) = header(scene);
    let y = cfg.margin + cfg.title_font_size;
    let _ = write!(
        out,
        r#"<g class="header"><text x="{x}" y="{y}" font-size="{fs}" font-weight="700" fill="{c}">{t}</text><text x="{x}" y="{y2}" font-size="{sfs}" fill="{m}">{s}</text></g>"#,
        x = num(cfg.margin),
        y = num(y),
        fs = num(cfg.title_font_size),
        c = pal.text.hex(),
        t = xml(&title),
        y2 = num(y + cfg.small_font_size * 1.6),
        sfs = num(cfg.small_font_size),
        m = pal.muted.hex(),
        s = xml(&sub),
    );
}

/// Draws the legend with its top-left corner at (`x`, `y`).
pub(crate) fn draw_legend(out: &mut String, scene: &Scene, pal: &Palette, defs: &Defs, x: f64, y: f64) {
    out.push_str(r#"<g class="legend">"#);
    let mut y = y;
    for (r, row) in rows(scene).into_iter().enumerate() {
        let class = if r == 0 { "legend-map" } else { "legend-qualification" };
        let _ = write!(out, r#"<g class="{class}">"#);
        let height = row_height(&row);
        draw_row(out, scene, pal, defs, row, x, y);
        out.push_str("</g>");
        y += height;
    }
    out.push_str("</g>");
}

fn draw_row(out: &mut String, scene: &Scene, pal: &Palette, defs: &Defs, row: Vec<Section>, x: f64, y: f64) {
    let f = scene.opts.layout.small_font_size;
    let mut sx = x;
    for s in row {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" font-weight="700" fill="{}">{}</text>"#,
            num(sx),
            num(y + f),
            num(f),
            pal.text.hex(),
            xml(&s.title)
        );
        for (i, (swatch, label)) in s.entries.iter().enumerate() {
            let cy = y + ENTRY_H * (i as f64 + 1.0) + ENTRY_H / 2.0;
            draw_swatch(out, scene, pal, defs, swatch, sx, cy);
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>"#,
                num(sx + SWATCH_W + 8.0),
                num(cy + f * 0.35),
                num(f),
                pal.muted.hex(),
                xml(label)
            );
        }
        sx += section_width(&s, scene) + SECTION_GAP;
    }
}

fn draw_swatch(out: &mut String, scene: &Scene, pal: &Palette, defs: &Defs, swatch: &Swatch, x: f64, cy: f64) {
    let cfg = &scene.opts.layout;
    let (x0, x1) = (x + 2.0, x + SWATCH_W - 2.0);
    match swatch {
        Swatch::Stance(s) => {
            let (fill, stroke, dash) = match s {
                Some(v) => (pal.stance_fill(Some(*v)).hex(), pal.stance_colour(*v).hex(), ""),
                None => (defs.hatch_url(), pal.muted.hex(), r#" stroke-dasharray="3 2""#),
            };
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="14" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>"#,
                num(x0 + 6.0),
                num(cy - 7.0),
                num(SWATCH_W - 16.0)
            );
        }
        Swatch::Org { skips } => {
            let dash = if *skips { r#" stroke-dasharray="4 3""# } else { "" };
            let _ = write!(
                out,
                r#"<path d="M{} {}H{}" stroke="{}" stroke-width="1.5" fill="none"{dash}/>"#,
                num(x0),
                num(cy),
                num(x1),
                pal.connector.hex()
            );
        }
        Swatch::Relation(kind) => {
            let curve = Curve { p0: (x0, cy), c: ((x0 + x1) / 2.0, cy), p1: (x1, cy) };
            out.push_str(&relation_line(*kind, false, 0.7, &curve, pal, defs));
        }
        Swatch::Highlight => {
            let c = pal.highlight.hex();
            let _ = write!(
                out,
                r#"<path d="M{a} {cy}H{b}" stroke="{c}" stroke-width="9" stroke-opacity="0.45" stroke-linecap="round" fill="none"/><path d="M{a} {cy}H{b}" stroke="{c}" stroke-width="2.5" fill="none" marker-end="url(#{m})"/>"#,
                a = num(x0 + 2.0),
                b = num(x1),
                cy = num(cy),
                m = defs.highlight_marker()
            );
        }
        Swatch::Role(r) => {
            out.push_str(&badge(role_badge(*r), role_colour(*r), x + (SWATCH_W - 20.0) / 2.0, cy, pal, cfg))
        }
        Swatch::Flag => out.push_str(&flag_marker(x + SWATCH_W / 2.0, cy, &[], cfg)),
        Swatch::Badge(label, colour) => out.push_str(&badge(label, *colour, x + 4.0, cy, pal, cfg)),
        Swatch::Grade(g) => {
            let (fill, stroke) = match g {
                Some(g) => (grade_colour(*g).hex(), grade_colour(*g).hex()),
                None => (defs.hatch_url(), pal.muted.hex()),
            };
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>"#,
                num(x + SWATCH_W / 2.0),
                num(cy)
            );
        }
        Swatch::Size => {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="12" height="9" rx="2" fill="none" stroke="{m}"/><rect x="{}" y="{}" width="20" height="15" rx="3" fill="none" stroke="{m}"/>"#,
                num(x0),
                num(cy - 1.0),
                num(x0 + 15.0),
                num(cy - 7.0),
                m = pal.muted.hex()
            );
        }
    }
}
