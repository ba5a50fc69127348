//! Mermaid flowchart export.

use std::fmt::Write;

use super::scene::{Endpoint, Scene};
use super::style::{stance_band, Palette, FLAG, STANCE_BANDS};
use super::text::one_line;
use crate::model::{Direction, RelationKind};

/// Text for inside a quoted Mermaid label: markup and quotes as entity codes.
pub(crate) fn label_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            // `%%{init: ...}%%` anywhere in the text is a Mermaid directive, `%%` a comment.
            '%' => out.push_str("#37;"),
            c => out.push(c),
        }
    }
    out
}

fn node_id(k: usize) -> String {
    format!("s{k}")
}

fn team_id(t: usize) -> String {
    format!("t{t}")
}

pub(crate) fn write_mermaid(scene: &Scene) -> String {
    let pal = Palette::of(scene.opts.theme);
    let (title, _) = super::legend::header(scene);
    let mut out = String::new();
    // The title is YAML, where entity codes do not apply: a full-width percent sign
    // keeps a `%%{init}%%` directive out of it.
    let _ = writeln!(out, "---\ntitle: '{}'\n---", one_line(&title).replace('\'', "''").replace('%', "％"));
    out.push_str("flowchart TB\n");
    let node_decl = |k: usize| -> String {
        let s = scene.stakeholder(k);
        let node = &scene.nodes[k];
        let mut parts = vec![label_text(&s.name)];
        if let Some(t) = &s.title {
            parts.push(label_text(t));
        }
        let badges: Vec<&str> = scene.badges(k).into_iter().map(|(label, _)| label).collect();
        if !badges.is_empty() {
            parts.push(label_text(&badges.join(" · ")));
        }
        if !node.flags.is_empty() {
            parts.push(format!("⚠ {}", label_text(&node.flags.join(", "))));
        }
        if let Some(u) = node.influence {
            parts.push(format!("influence {:.1}%", u * 100.0));
        }
        format!("{}(\"{}\")", node_id(k), parts.join("<br/>"))
    };
    for (d, dept) in scene.departments().iter().enumerate() {
        let _ = writeln!(out, "  subgraph d{d}[\"{}\"]", label_text(dept));
        for k in (0..scene.nodes.len()).filter(|&k| scene.nodes[k].department.as_deref() == Some(*dept)) {
            let _ = writeln!(out, "    {}", node_decl(k));
        }
        out.push_str("  end\n");
    }
    for k in (0..scene.nodes.len()).filter(|&k| scene.nodes[k].department.is_none()) {
        let _ = writeln!(out, "  {}", node_decl(k));
    }
    if !scene.team.is_empty() {
        out.push_str("  subgraph team[\"Our team 我方\"]\n");
        for t in 0..scene.team.len() {
            let m = scene.member(t);
            let mut parts = vec![label_text(&m.name)];
            parts.extend(m.title.as_deref().or(m.role.as_deref()).map(label_text));
            let _ = writeln!(out, "    {}([\"{}\"])", team_id(t), parts.join("<br/>"));
        }
        out.push_str("  end\n");
    }

    // Links, numbered in order for linkStyle.
    let mut styles: Vec<(String, Vec<usize>)> = Vec::new();
    let mut count = 0usize;
    let mut add = |out: &mut String, line: String, style: String| {
        let _ = writeln!(out, "  {line}");
        match styles.iter_mut().find(|(s, _)| *s == style) {
            Some((_, v)) => v.push(count),
            None => styles.push((style, vec![count])),
        }
        count += 1;
    };
    let conn = pal.connector.hex();
    for (k, node) in scene.nodes.iter().enumerate() {
        if let Some(p) = node.parent {
            let (link, style) = if node.skips {
                ("-.-", format!("stroke:{conn},stroke-width:1.5px,stroke-dasharray:4 3"))
            } else {
                ("---", format!("stroke:{conn},stroke-width:1.5px"))
            };
            add(&mut out, format!("{} {link} {}", node_id(p), node_id(k)), style);
        }
    }
    if scene.opts.show_relations {
        for r in &scene.relations {
            let rel = &scene.map.relations()[r.rel];
            let both = rel.direction == Direction::Both;
            let c = pal.relation(rel.kind).hex();
            let (link, style) = match rel.kind {
                RelationKind::Influences => (
                    if both { "<-->" } else { "-->" },
                    format!("stroke:{c},stroke-width:{:.1}px", 1.0 + 2.2 * rel.strength),
                ),
                RelationKind::Ally => ("===", format!("stroke:{c},stroke-width:4px")),
                RelationKind::Conflict => ("x-.-x", format!("stroke:{c},stroke-width:1.8px,stroke-dasharray:6 4")),
                RelationKind::Informs => {
                    (if both { "<-.->" } else { "-.->" }, format!("stroke:{c},stroke-width:1.2px,stroke-dasharray:2 3"))
                }
            };
            add(&mut out, format!("{} {link} {}", node_id(r.source), node_id(r.target)), style);
        }
    }
    let end = |e: Endpoint| match e {
        Endpoint::Team(t) => team_id(t),
        Endpoint::Node(k) => node_id(k),
    };
    for (a, b) in scene.path_steps() {
        add(&mut out, format!("{} ==> {}", end(a), end(b)), format!("stroke:{},stroke-width:4px", pal.highlight.hex()));
    }
    for (style, links) in &styles {
        let list: Vec<String> = links.iter().map(|l| l.to_string()).collect();
        let _ = writeln!(out, "  linkStyle {} {style}", list.join(","));
    }

    // Classes: stance bands, flags, the highlighted path.
    for (band, s) in STANCE_BANDS {
        let (fill, stroke, dash) = match s {
            Some(v) => (pal.stance_fill(Some(v)).hex(), pal.stance_colour(v).hex(), ""),
            None => (pal.background.hex(), pal.muted.hex(), ",stroke-dasharray:5 3"),
        };
        let _ = writeln!(out, "  classDef stance_{band} fill:{fill},stroke:{stroke},color:{}{dash}", pal.text.hex());
    }
    let _ = writeln!(out, "  classDef flagged stroke:{},stroke-width:3px", FLAG.hex());
    let _ = writeln!(out, "  classDef highlighted stroke:{},stroke-width:4px", pal.highlight.hex());
    let _ = writeln!(out, "  classDef team fill:#e3eefa,stroke:#1971c2,color:#212529");
    for (band, _) in STANCE_BANDS {
        let members: Vec<String> =
            (0..scene.nodes.len()).filter(|&k| stance_band(scene.stakeholder(k).stance) == band).map(node_id).collect();
        if !members.is_empty() {
            let _ = writeln!(out, "  class {} stance_{band}", members.join(","));
        }
    }
    let flagged: Vec<String> =
        (0..scene.nodes.len()).filter(|&k| !scene.nodes[k].flags.is_empty()).map(node_id).collect();
    if !flagged.is_empty() {
        let _ = writeln!(out, "  class {} flagged", flagged.join(","));
    }
    if !scene.team.is_empty() {
        let team: Vec<String> = (0..scene.team.len()).map(team_id).collect();
        let _ = writeln!(out, "  class {} team", team.join(","));
    }
    let on_path: Vec<String> = (0..scene.nodes.len()).filter(|&k| scene.nodes[k].on_path).map(node_id).collect();
    if !on_path.is_empty() {
        let _ = writeln!(out, "  class {} highlighted", on_path.join(","));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_quotes_markup_and_entities() {
        assert_eq!(label_text(r#"Chen "Boss" <CEO> #1 & co"#), "Chen #quot;Boss#quot; #lt;CEO#gt; #35;1 #amp; co");
        assert_eq!(label_text("[王总]"), "[王总]");
    }
}
