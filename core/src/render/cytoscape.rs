//! Cytoscape.js JSON export.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::layout::layout_scene;
use super::scene::{Endpoint, Scene};
use super::style::{stance_band, Palette, STANCE_BANDS};
use super::text::FONT_STACK;
use crate::model::{Direction, RelationKind};

/// Hands out element ids, unique across nodes and edges.
struct Ids(HashSet<String>);

impl Ids {
    fn claim(&mut self, base: String) -> String {
        let mut id = base;
        while self.0.contains(&id) {
            id.push('~');
        }
        self.0.insert(id.clone());
        id
    }
}

pub(crate) fn write_cytoscape(scene: &Scene) -> Value {
    let pal = Palette::of(scene.opts.theme);
    let lay = layout_scene(scene, (0.0, 0.0));
    let (node_ids, team_ids) = scene.export_ids();
    let mut ids = Ids(node_ids.iter().chain(&team_ids).cloned().collect());
    let mut nodes = Vec::new();
    let mut dept_ids = Vec::new();
    for dept in scene.departments() {
        let id = ids.claim(format!("department:{dept}"));
        nodes.push(json!({"data": {"id": id, "label": dept, "kind": "department"}}));
        dept_ids.push((dept, id));
    }
    for (k, node) in scene.nodes.iter().enumerate() {
        let s = scene.stakeholder(k);
        let b = &lay.nodes[k];
        let badges: Vec<&str> = scene.badges(k).into_iter().map(|(label, _)| label).collect();
        let mut label = s.name.clone();
        if let Some(t) = &s.title {
            label = format!("{label}\n{t}");
        }
        if !badges.is_empty() {
            label = format!("{label}\n{}", badges.join(" · "));
        }
        if !node.flags.is_empty() {
            label = format!("{label}\n⚠ {}", node.flags.len());
        }
        let (fill, border) = match s.stance {
            Some(v) => (pal.stance_fill(Some(v)).hex(), pal.stance_colour(v).hex()),
            None => (pal.background.hex(), pal.muted.hex()),
        };
        let mut data = json!({
            "id": node_ids[k],
            "kind": "stakeholder",
            "label": label,
            "name": s.name,
            "title": s.title,
            "department": node.department,
            "roles": s.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "badges": badges,
            "stance": s.stance.map(|v| v + 0.0),
            "stance_band": stance_band(s.stance),
            "influence": node.influence,
            "scale": b.scale,
            "flags": node.flags,
            "flag_count": node.flags.len(),
            "highlighted": node.on_path,
            "color": fill,
            "border_color": border,
            "width": b.rect.w,
            "height": b.rect.h,
        });
        if let Some(d) = &node.department {
            let parent = &dept_ids.iter().find(|(name, _)| name == d).expect("every department listed").1;
            data["parent"] = json!(parent);
        }
        let (x, y) = b.rect.centre();
        nodes.push(json!({"data": data, "position": {"x": x, "y": y}}));
    }
    for (t, b) in lay.team.iter().enumerate() {
        let m = scene.member(t);
        let (x, y) = b.rect.centre();
        nodes.push(json!({
            "data": {"id": team_ids[t], "kind": "team_member", "label": m.name, "name": m.name, "title": m.title,
                     "role": m.role, "member_id": m.id, "highlighted": true, "width": b.rect.w, "height": b.rect.h},
            "position": {"x": x, "y": y}
        }));
    }
    let mut edges = Vec::new();
    for (k, node) in scene.nodes.iter().enumerate() {
        if let Some(p) = node.parent {
            let id = ids.claim(format!("reports_to:{}", node_ids[k]));
            edges.push(json!({"data": {"id": id, "source": node_ids[p], "target": node_ids[k],
                                        "kind": "reports_to", "skips_hidden": node.skips}}));
        }
    }
    if scene.opts.show_relations {
        for r in &scene.relations {
            let rel = &scene.map.relations()[r.rel];
            let id = ids.claim(format!("{}:{}:{}", rel.kind.as_str(), rel.source, rel.target));
            edges.push(json!({"data": {
                "id": id, "source": node_ids[r.source], "target": node_ids[r.target],
                "kind": rel.kind.as_str(), "strength": rel.strength,
                "direction": if rel.direction == Direction::Both { "both" } else { "forward" },
                "highlighted": r.on_path, "notes": rel.notes,
            }}));
        }
    }
    let end = |e: Endpoint| match e {
        Endpoint::Team(t) => team_ids[t].clone(),
        Endpoint::Node(k) => node_ids[k].clone(),
    };
    for (i, (a, b)) in scene.path_steps().enumerate() {
        let id = ids.claim(format!("highlight:{i}"));
        edges.push(json!({"data": {"id": id, "source": end(a), "target": end(b), "kind": "highlight", "step": i}}));
    }
    json!({
        "elements": {"nodes": nodes, "edges": edges},
        "style": style(&pal),
        "layout": {"name": "preset"},
    })
}

/// A Cytoscape.js stylesheet matching the SVG.
fn style(pal: &Palette) -> Value {
    let mut rules = vec![
        json!({"selector": "node[kind = \"stakeholder\"]", "style": {
            "shape": "round-rectangle", "label": "data(label)", "text-wrap": "wrap", "text-valign": "center",
            "text-halign": "center", "font-family": FONT_STACK, "font-size": 11, "color": pal.text.hex(),
            "background-color": "data(color)", "border-color": "data(border_color)", "border-width": 2,
            "width": "data(width)", "height": "data(height)"}}),
        json!({"selector": "node[stance_band = \"unknown\"]", "style": {"border-style": "dashed"}}),
        json!({"selector": "node[kind = \"department\"]", "style": {
            "shape": "round-rectangle", "label": "data(label)", "text-valign": "top", "text-halign": "center",
            "font-family": FONT_STACK, "font-size": 12, "color": pal.band_text.hex(),
            "background-color": pal.band_fill.hex(), "border-width": 0}}),
        json!({"selector": "node[kind = \"team_member\"]", "style": {
            "shape": "round-rectangle", "label": "data(label)", "text-valign": "center", "font-family": FONT_STACK,
            "font-size": 11, "background-color": "#e3eefa", "border-color": "#1971c2", "border-width": 2,
            "width": "data(width)", "height": "data(height)"}}),
        json!({"selector": "node[flag_count > 0]", "style": {"outline-color": "#e03131", "outline-width": 3}}),
        json!({"selector": "node[?highlighted]", "style": {"border-color": pal.highlight.hex(), "border-width": 4}}),
        json!({"selector": "edge", "style": {"curve-style": "bezier", "width": 1.5}}),
        json!({"selector": "edge[kind = \"reports_to\"]", "style": {
            "line-color": pal.connector.hex(), "curve-style": "taxi", "taxi-direction": "downward",
            "target-arrow-shape": "none"}}),
        json!({"selector": "edge[?skips_hidden]", "style": {"line-style": "dashed"}}),
    ];
    for kind in RelationKind::ALL {
        let c = pal.relation(kind).hex();
        let s = match kind {
            RelationKind::Influences => json!({"line-color": c, "target-arrow-color": c, "source-arrow-color": c,
                "target-arrow-shape": "triangle", "width": "mapData(strength, 0, 1, 1, 3.2)", "opacity": 0.85}),
            RelationKind::Ally => json!({"line-color": c, "width": 4, "line-style": "solid"}),
            RelationKind::Conflict => json!({"line-color": c, "line-style": "dashed", "width": 1.8,
                "target-arrow-shape": "tee", "source-arrow-shape": "tee", "target-arrow-color": c, "source-arrow-color": c}),
            RelationKind::Informs => json!({"line-color": c, "line-style": "dotted", "width": 1.3,
                "target-arrow-shape": "triangle", "target-arrow-color": c, "arrow-scale": 0.8}),
        };
        rules.push(json!({"selector": format!("edge[kind = \"{}\"]", kind.as_str()), "style": s}));
    }
    rules.push(json!({"selector": "edge[direction = \"both\"][kind != \"ally\"][kind != \"conflict\"]",
        "style": {"source-arrow-shape": "triangle"}}));
    rules.push(json!({"selector": "edge[kind = \"highlight\"]", "style": {
        "line-color": pal.highlight.hex(), "target-arrow-color": pal.highlight.hex(), "target-arrow-shape": "triangle",
        "width": 5, "opacity": 0.75}}));
    // One rule per stance band, for users who restyle by class of stance.
    for (band, s) in STANCE_BANDS {
        if let Some(v) = s {
            rules.push(json!({"selector": format!("node[stance_band = \"{band}\"]"),
                "style": {"background-color": pal.stance_fill(Some(v)).hex(), "border-color": pal.stance_colour(v).hex()}}));
        }
    }
    Value::Array(rules)
}
