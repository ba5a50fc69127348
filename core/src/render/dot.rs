//! Graphviz DOT export.

use std::fmt::Write;

use super::scene::{Endpoint, Scene};
use super::style::{stance_band, Palette};
use super::text::one_line;
use crate::model::{Direction, RelationKind};

/// A DOT double-quoted string.
fn q(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in one_line(text).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A DOT label of several lines.
fn lines(parts: &[String]) -> String {
    let quoted: Vec<String> = parts.iter().map(|p| q(p)).map(|s| s[1..s.len() - 1].to_owned()).collect();
    format!("\"{}\"", quoted.join("\\n"))
}

pub(crate) fn write_dot(scene: &Scene) -> String {
    let pal = Palette::of(scene.opts.theme);
    let (title, _) = super::legend::header(scene);
    let font = "Noto Sans CJK SC,PingFang SC,Microsoft YaHei,sans-serif";
    let (ids, team_ids) = scene.export_ids();
    let mut out = String::new();
    let _ = writeln!(out, "digraph relmap {{");
    let _ = writeln!(
        out,
        "  graph [label={}, labelloc=t, fontsize=18, fontname={}, rankdir=TB, newrank=true, nodesep=0.3, ranksep=0.6, bgcolor={}, fontcolor={}];",
        q(&title),
        q(font),
        q(&pal.background.hex()),
        q(&pal.text.hex())
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname={}, fontsize=11, fontcolor={}, margin=\"0.12,0.06\"];",
        q(font),
        q(&pal.text.hex())
    );
    let _ = writeln!(out, "  edge [fontname={}, fontsize=10];", q(font));

    let node_line = |k: usize| -> String {
        let s = scene.stakeholder(k);
        let node = &scene.nodes[k];
        let scale = scene.scale(k);
        let mut label = vec![s.name.clone()];
        if let Some(t) = &s.title {
            label.push(t.clone());
        }
        let badges: Vec<&str> = scene.badges(k).into_iter().map(|(label, _)| label).collect();
        if !badges.is_empty() {
            label.push(badges.join(" · "));
        }
        if !node.flags.is_empty() {
            label.push(format!("⚠ {}", node.flags.len()));
        }
        let (fill, border, style) = match s.stance {
            Some(v) => (pal.stance_fill(Some(v)).hex(), pal.stance_colour(v).hex(), "rounded,filled"),
            None => (pal.background.hex(), pal.muted.hex(), "rounded,filled,dashed"),
        };
        let mut attrs = vec![
            format!("label={}", lines(&label)),
            format!("style={}", q(style)),
            format!("fillcolor={}", q(&fill)),
            format!("color={}", q(&border)),
            format!("penwidth={:.1}", 1.2 + 0.8 * scale),
            format!("fontsize={:.1}", 11.0 * scale),
            format!("class={}", q(&format!("stakeholder stance-{}", stance_band(s.stance)))),
            format!("stance_band={}", q(stance_band(s.stance))),
        ];
        if let Some(v) = s.stance {
            // + 0.0: a stance given as −0 is written 0.
            attrs.push(format!("stance={}", q(&(v + 0.0).to_string())));
        }
        if !s.roles.is_empty() {
            attrs.push(format!("roles={}", q(&s.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","))));
        }
        if let Some(u) = node.influence {
            attrs.push(format!("influence={}", q(&(u + 0.0).to_string())));
        }
        if !node.flags.is_empty() {
            attrs.push(format!("flags={}", q(&node.flags.join(","))));
        }
        if let Some(d) = &node.department {
            attrs.push(format!("department={}", q(d)));
        }
        if node.on_path {
            attrs.push(format!("peripheries=2, highlighted=\"true\", fontcolor={}", q(&pal.text.hex())));
        }
        let mut tip = vec![s.name.clone()];
        tip.extend(s.title.clone());
        tip.push(match s.stance {
            Some(v) => format!("stance {:+}", v + 0.0),
            None => "stance unknown".to_owned(),
        });
        if let Some(u) = node.influence {
            tip.push(format!("decision influence {:.1}%", u * 100.0));
        }
        if !node.flags.is_empty() {
            tip.push(format!("red flags: {}", node.flags.join(", ")));
        }
        attrs.push(format!("tooltip={}", q(&tip.join(" · "))));
        format!("{} [{}];", q(&ids[k]), attrs.join(", "))
    };

    // Clusters, one per department (sorted), then the people without one.
    for (c, dept) in scene.departments().iter().enumerate() {
        let _ = writeln!(out, "  subgraph \"cluster_{c}\" {{");
        let _ = writeln!(
            out,
            "    label={}; labeljust=l; fontsize=12; style=\"rounded,filled\"; fillcolor={}; color={}; fontcolor={};",
            q(dept),
            q(&pal.band_fill.hex()),
            q(&pal.band_fill.hex()),
            q(&pal.band_text.hex())
        );
        for k in (0..scene.nodes.len()).filter(|&k| scene.nodes[k].department.as_deref() == Some(*dept)) {
            let _ = writeln!(out, "    {}", node_line(k));
        }
        let _ = writeln!(out, "  }}");
    }
    for k in (0..scene.nodes.len()).filter(|&k| scene.nodes[k].department.is_none()) {
        let _ = writeln!(out, "  {}", node_line(k));
    }
    if !scene.team.is_empty() {
        let _ = writeln!(out, "  subgraph \"cluster_team\" {{");
        let _ = writeln!(
            out,
            "    label=\"Our team 我方\"; labeljust=l; fontsize=12; style=\"rounded,dashed\"; color={};",
            q(&pal.connector.hex())
        );
        for (t, id) in team_ids.iter().enumerate() {
            let m = scene.member(t);
            let mut label = vec![m.name.clone()];
            label.extend(m.title.clone().or(m.role.clone()));
            let _ = writeln!(
                out,
                "    {} [label={}, fillcolor=\"#e3eefa\", color=\"#1971c2\", class=\"team-member\", highlighted=\"true\", peripheries=2];",
                q(id),
                lines(&label)
            );
        }
        let _ = writeln!(out, "  }}");
    }

    // The org chart.
    let conn = q(&pal.connector.hex());
    for (k, node) in scene.nodes.iter().enumerate() {
        if let Some(p) = node.parent {
            let style = if node.skips { "dashed" } else { "solid" };
            let _ = writeln!(
                out,
                "  {} -> {} [class=\"reports_to\", kind=\"reports_to\", arrowhead=none, color={conn}, penwidth=1.2, style={style}];",
                q(&ids[p]),
                q(&ids[k])
            );
        }
    }
    // Relations: drawn over the tree, not shaping it.
    if scene.opts.show_relations {
        for r in &scene.relations {
            let rel = &scene.map.relations()[r.rel];
            let c = pal.relation(rel.kind).hex();
            let style = match rel.kind {
                RelationKind::Influences => format!(
                    "color={}, penwidth={:.1}{}",
                    q(&c),
                    1.0 + 2.2 * rel.strength,
                    if rel.direction == Direction::Both { ", dir=both" } else { "" }
                ),
                RelationKind::Ally => {
                    format!("color={}, penwidth=1.2, dir=none", q(&format!("{c}:{}:{c}", pal.background.hex())))
                }
                RelationKind::Conflict => {
                    format!("color={}, style=dashed, penwidth=1.6, dir=none, label=\"✕\", fontcolor={}", q(&c), q(&c))
                }
                RelationKind::Informs => format!(
                    "color={}, style=dotted, penwidth=1.2, arrowsize=0.7{}",
                    q(&c),
                    if rel.direction == Direction::Both { ", dir=both" } else { "" }
                ),
            };
            let _ = writeln!(
                out,
                "  {} -> {} [class={}, kind={}, strength=\"{}\", direction={}, constraint=false, {style}, tooltip={}];",
                q(&ids[r.source]),
                q(&ids[r.target]),
                q(&format!("relation {}", rel.kind.as_str())),
                q(rel.kind.as_str()),
                rel.strength,
                q(if rel.direction == Direction::Both { "both" } else { "forward" }),
                q(&format!("{} {} {}", rel.source, rel.kind.as_str(), rel.target))
            );
        }
    }
    // The highlighted path.
    let end = |e: Endpoint| match e {
        Endpoint::Team(t) => q(&team_ids[t]),
        Endpoint::Node(k) => q(&ids[k]),
    };
    for (a, b) in scene.path_steps() {
        let _ = writeln!(
            out,
            "  {} -> {} [class=\"highlight\", kind=\"highlight\", color={}, penwidth=4, arrowsize=1.2, constraint=false];",
            end(a),
            end(b),
            q(&pal.highlight.hex())
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(q(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(q("two\nlines"), "\"two lines\"");
        assert_eq!(lines(&["王总".into(), "C\"IO".into()]), r#""王总\nC\"IO""#);
    }
}
