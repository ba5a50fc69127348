//! Pictures: the SVG is well-formed and complete with no overlapping boxes,
//! a snapshot guards the sample account, and the DOT, Mermaid and Cytoscape
//! exports carry the same content in a valid shape.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use relmap::model::{Account, Relation, RelationKind, Role, Stakeholder};
use relmap::render::{self, layout, Overlay, Rect, RenderOptions, Theme};
use relmap::RelationshipMap;

const SAMPLE: &str = include_str!("fixtures/render_account.json");

fn sample() -> RelationshipMap {
    RelationshipMap::from_json(SAMPLE).expect("the fixture is a valid map")
}

/// Decision influence, red flags and the best path to the economic buyer, as
/// a decision-chain analysis would report them for the sample account.
fn sample_overlay() -> Overlay {
    let influence = [
        ("gm", 0.24),
        ("chair", 0.12),
        ("cfo", 0.11),
        ("cio", 0.10),
        ("coo", 0.09),
        ("arch", 0.06),
        ("board_rep", 0.05),
        ("proc_head", 0.04),
        ("plant2", 0.03),
        ("sec", 0.025),
        ("qa_head", 0.02),
        ("asst", 0.02),
        ("plant1", 0.015),
        ("dev", 0.015),
        ("fin_mgr", 0.01),
        ("consultant", 0.01),
        ("infra", 0.01),
        ("mes", 0.005),
        ("buyer", 0.005),
    ];
    let mut o = Overlay::default();
    for (id, u) in influence {
        o = o.with_influence(id, u);
    }
    o.with_flag("gm", "economic_buyer_not_covered")
        .with_flag("coo", "opponent_high_influence")
        .with_flag("chair", "key_player_unknown_stance")
        .with_flag("chair", "stale_key_relationship")
        .with_flag("cio", "single_threaded")
        .with_highlight_path(["rep1", "arch", "cio", "gm"])
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}"))
}

fn attr_f64(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name).unwrap_or_else(|| panic!("missing {name}")).parse().expect("a number")
}

/// Every stakeholder group in the SVG: id → its box.
fn svg_boxes(doc: &roxmltree::Document) -> HashMap<String, Rect> {
    let mut out = HashMap::new();
    for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let classes = g.attribute("class").unwrap_or("");
        if !classes.split(' ').any(|c| c == "stakeholder") {
            continue;
        }
        let id = g.attribute("id").expect("a stakeholder group has an id");
        let id = id.strip_prefix("node-").expect("ids start with node-").to_owned();
        let r = g
            .children()
            .find(|c| c.has_tag_name("rect") && c.attribute("class") == Some("box"))
            .expect("a stakeholder group has a box");
        let rect = Rect { x: attr_f64(r, "x"), y: attr_f64(r, "y"), w: attr_f64(r, "width"), h: attr_f64(r, "height") };
        assert!(out.insert(id, rect).is_none(), "duplicate stakeholder group");
    }
    out
}

fn assert_disjoint(boxes: &[(String, Rect)]) {
    for (i, (a, ra)) in boxes.iter().enumerate() {
        assert!(ra.w > 0.0 && ra.h > 0.0, "{a} has an empty box");
        for (b, rb) in &boxes[i + 1..] {
            assert!(!ra.overlaps(rb), "boxes of {a} {ra:?} and {b} {rb:?} overlap");
        }
    }
}

#[test]
fn svg_is_well_formed_and_draws_every_stakeholder_once() {
    let map = sample();
    let svg = render::svg(&map, &sample_overlay(), &RenderOptions::default()).unwrap();
    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let boxes = svg_boxes(&doc);
    let ids: BTreeSet<&str> = boxes.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = map.stakeholders().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, expected);
    // Every name is drawn as text, every stakeholder has a tooltip naming them.
    let texts: HashSet<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    for s in map.stakeholders() {
        assert!(texts.contains(s.name.as_str()), "name of {} not drawn", s.id);
        let g = doc.descendants().find(|n| n.attribute("id") == Some(&format!("node-{}", s.id))).unwrap();
        let title = g.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap();
        assert!(title.starts_with(&s.name), "tooltip of {}: {title}", s.id);
    }
    // Markup in user text arrives intact after escaping.
    let qa = doc.descendants().find(|n| n.attribute("id") == Some("node-qa_eng")).unwrap();
    let tip = qa.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap();
    assert!(tip.contains("QA & Compliance <ISO 9001> Lead"));
    assert!(texts.iter().any(|t| t.starts_with("QA & Compliance <ISO")));
    assert!(texts.contains("Kevin O'Brien"));
}

#[test]
fn no_two_boxes_overlap_in_the_svg_or_the_layout() {
    let map = sample();
    for opts in [
        RenderOptions::default(),
        RenderOptions { theme: Theme::Dark, ..Default::default() },
        RenderOptions { key_players_only: true, ..Default::default() },
    ] {
        for overlay in [Overlay::default(), sample_overlay()] {
            let svg = render::svg(&map, &overlay, &opts).unwrap();
            let mut boxes: Vec<(String, Rect)> = svg_boxes(&parse(&svg)).into_iter().collect();
            boxes.sort_by(|a, b| a.0.cmp(&b.0));
            assert_disjoint(&boxes);
            let lay = layout(&map, &overlay, &opts).unwrap();
            let mut all: Vec<(String, Rect)> = lay.nodes.iter().map(|b| (b.id.clone(), b.rect)).collect();
            all.extend(lay.team.iter().map(|b| (format!("team:{}", b.id), b.rect)));
            assert_disjoint(&all);
            // The SVG draws exactly the layout's boxes (to the 0.1 px it writes).
            for b in &lay.nodes {
                let r = boxes.iter().find(|(id, _)| *id == b.id).unwrap().1;
                assert!((r.x - b.rect.x).abs() <= 0.06 && (r.w - b.rect.w).abs() <= 0.06, "{}", b.id);
            }
            // Everything fits inside the picture.
            for (id, r) in &all {
                assert!(r.x >= 0.0 && r.y >= 0.0 && r.x + r.w <= lay.width && r.y + r.h <= lay.height, "{id} outside");
            }
        }
    }
}

/// The department each stakeholder is drawn in: their own, else their nearest manager's.
fn effective_departments(map: &RelationshipMap) -> HashMap<String, Option<String>> {
    map.stakeholders()
        .iter()
        .map(|s| {
            let mut cur = Some(s);
            while let Some(p) = cur {
                if let Some(d) = &p.department {
                    return (s.id.clone(), Some(d.clone()));
                }
                cur = p.reports_to.as_deref().and_then(|m| map.stakeholder(m));
            }
            (s.id.clone(), None)
        })
        .collect()
}

#[test]
fn department_bands_cover_only_their_own_people_and_sit_side_by_side() {
    let map = sample();
    let depts = effective_departments(&map);
    let lay = layout(&map, &sample_overlay(), &RenderOptions::default()).unwrap();
    assert!(lay.bands.len() >= 6, "one band per department: {}", lay.bands.len());
    for band in &lay.bands {
        for node in &lay.nodes {
            if band.rects.iter().any(|r| r.overlaps(&node.rect)) {
                assert_eq!(
                    depts[&node.id].as_deref(),
                    Some(band.department.as_str()),
                    "{} in {}",
                    node.id,
                    band.department
                );
            }
        }
    }
    // The department heads under the general manager stand in one row, in department order.
    let heads: Vec<&str> = ["cfo", "cio", "coo", "proc_head", "qa_head"].to_vec();
    let row: Vec<f64> = heads.iter().map(|h| lay.nodes.iter().find(|n| n.id == *h).unwrap().rect.y).collect();
    assert!(row.windows(2).all(|w| (w[0] - w[1]).abs() < 40.0), "heads share a level: {row:?}");
    let mut by_x: Vec<(&str, f64)> =
        heads.iter().map(|h| (*h, lay.nodes.iter().find(|n| n.id == *h).unwrap().rect.x)).collect();
    by_x.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut by_dept = heads.clone();
    by_dept.sort_by_key(|h| depts[*h].clone());
    assert_eq!(by_x.iter().map(|p| p.0).collect::<Vec<_>>(), by_dept);
}

#[test]
fn layout_does_not_depend_on_insertion_order() {
    let map = sample();
    let mut doc = map.to_document();
    doc.stakeholders.reverse();
    doc.relations.reverse();
    let reversed = RelationshipMap::from_document(doc).unwrap();
    let opts = RenderOptions::default();
    let a = layout(&map, &sample_overlay(), &opts).unwrap();
    let b = layout(&reversed, &sample_overlay(), &opts).unwrap();
    let pos = |l: &relmap::render::Layout| -> BTreeSet<(String, i64, i64)> {
        l.nodes.iter().map(|n| (n.id.clone(), (n.rect.x * 10.0) as i64, (n.rect.y * 10.0) as i64)).collect()
    };
    assert_eq!(pos(&a), pos(&b));
    assert_eq!((a.width, a.height), (b.width, b.height));
    // And the same input always gives the same bytes.
    let s1 = render::svg(&map, &sample_overlay(), &opts).unwrap();
    let s2 = render::svg(&map, &sample_overlay(), &opts).unwrap();
    assert_eq!(s1, s2);
}

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name)
}

#[test]
fn snapshot_of_the_sample_account() {
    let svg = render::svg(&sample(), &sample_overlay(), &RenderOptions::default()).unwrap();
    let path = snapshot_path("sample_map.svg");
    if std::env::var_os("RELMAP_BLESS").is_some() {
        std::fs::write(&path, &svg).unwrap();
        let dark = RenderOptions { theme: Theme::Dark, key_players_only: true, ..Default::default() };
        let dark_svg = render::svg(&sample(), &sample_overlay(), &dark).unwrap();
        std::fs::write(snapshot_path("sample_map_key_players_dark.svg"), dark_svg).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("snapshot missing: run with RELMAP_BLESS=1");
    assert!(svg == expected, "the sample picture changed; review it and re-bless with RELMAP_BLESS=1");
    let dark = RenderOptions { theme: Theme::Dark, key_players_only: true, ..Default::default() };
    let dark_svg = render::svg(&sample(), &sample_overlay(), &dark).unwrap();
    let expected = std::fs::read_to_string(snapshot_path("sample_map_key_players_dark.svg")).unwrap();
    assert!(dark_svg == expected, "the dark key-player picture changed; re-bless with RELMAP_BLESS=1");
}

#[test]
fn key_players_only_keeps_the_chain_s_key_players_flags_and_the_path() {
    let map = sample();
    let opts = RenderOptions { key_players_only: true, ..Default::default() };
    let overlay = sample_overlay();
    let svg = render::svg(&map, &overlay, &opts).unwrap();
    let drawn: BTreeSet<String> = svg_boxes(&parse(&svg)).into_keys().collect();
    // The decision chain's rule on the overlay's influence: a key role, a share of at
    // least min_share, or one of the top_n (with influence > 0).
    let rule = &opts.key_players;
    let u = |id: &str| overlay.influence.get(id).copied().unwrap_or(0.0);
    let mut by_influence: Vec<&str> =
        map.stakeholders().iter().map(|s| s.id.as_str()).filter(|id| u(id) > 0.0).collect();
    by_influence.sort_by(|a, b| u(b).total_cmp(&u(a)));
    for s in map.stakeholders() {
        let key = s.roles.iter().any(|r| rule.roles.contains(r))
            || (u(&s.id) > 0.0 && u(&s.id) >= rule.min_share)
            || by_influence.iter().take(rule.top_n).any(|&id| id == s.id)
            || overlay.flags.contains_key(&s.id)
            || overlay.highlight_path.contains(&s.id);
        assert_eq!(drawn.contains(&s.id), key, "{}", s.id);
    }
    // Fewer than everyone, and the picture says what it shows.
    assert!(drawn.len() < map.stakeholders().len());
    assert!(svg.contains("key players"));
}

#[test]
fn highlight_path_draws_our_team_member_and_the_steps() {
    let map = sample();
    let svg = render::svg(&map, &sample_overlay(), &RenderOptions::default()).unwrap();
    let doc = parse(&svg);
    assert!(doc.descendants().any(|n| n.attribute("id") == Some("team-rep1")));
    let hl = doc.descendants().find(|n| n.attribute("class") == Some("highlight-path")).expect("a highlight group");
    // Three steps (rep1→arch→cio→gm), each a halo and a line, plus one ring per person.
    assert_eq!(hl.children().filter(|c| c.has_tag_name("path")).count(), 6);
    assert_eq!(hl.children().filter(|c| c.has_tag_name("rect")).count(), 4);
    // Flags carry their codes as a tooltip.
    let chair = doc.descendants().find(|n| n.attribute("id") == Some("node-chair")).unwrap();
    let flag = chair.descendants().find(|n| n.attribute("class") == Some("flag")).unwrap();
    let tip = flag.children().find(|c| c.has_tag_name("title")).unwrap().text().unwrap();
    assert!(tip.contains("key_player_unknown_stance") && tip.contains("stale_key_relationship"));
}

#[test]
fn bigger_influence_draws_a_bigger_box() {
    let map = sample();
    let lay = layout(&map, &sample_overlay(), &RenderOptions::default()).unwrap();
    let node = |id: &str| lay.nodes.iter().find(|n| n.id == id).unwrap();
    assert!(node("gm").scale > node("cio").scale);
    assert!(node("gm").rect.h > node("cio").rect.h);
    assert_eq!(node("shift").scale, 1.0); // no influence given
    let max = RenderOptions::default().layout.max_influence_scale;
    assert!((node("gm").scale - max).abs() < 1e-12);
}

#[test]
fn bad_overlays_and_options_are_refused_with_codes() {
    let map = sample();
    let opts = RenderOptions::default();
    let err = |o: Overlay| render::svg(&map, &o, &opts).unwrap_err();
    let e = err(Overlay::default().with_influence("nobody", 0.1));
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("overlay.influence")));
    assert_eq!(err(Overlay::default().with_influence("gm", -0.1)).code(), "out_of_range");
    assert_eq!(err(Overlay::default().with_influence("gm", f64::NAN)).code(), "out_of_range");
    assert_eq!(err(Overlay::default().with_flag("gm", " ")).code(), "empty_id");
    assert_eq!(err(Overlay::default().with_flag("ghost", "x")).code(), "unknown_reference");
    let e = err(Overlay::default().with_highlight_path(["arch", "rep1"]));
    assert_eq!((e.code(), e.field()), ("team_member_in_path", Some("overlay.highlight_path[1]")));
    assert_eq!(err(Overlay::default().with_highlight_path(["rep1", "ghost"])).code(), "unknown_reference");
    let mut bad = RenderOptions::default();
    bad.layout.row_gap = -1.0;
    let e = render::svg(&map, &Overlay::default(), &bad).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("options.layout.row_gap")));
    let bad = RenderOptions { width: Some(0.0), ..Default::default() };
    assert_eq!(map.to_svg(&bad).unwrap_err().code(), "invalid_config");
    assert!(Overlay::default().with_influence_vec(&map, &[0.5; 3]).is_err());
}

#[test]
fn hostile_text_and_empty_maps_still_give_well_formed_svg() {
    let mut map = RelationshipMap::new(Account::new("x", "<script>&\"'"));
    let svg = map.to_svg(&RenderOptions::default()).unwrap();
    parse(&svg);
    map.add_stakeholder(Stakeholder::new("a<&>\"'", "Bad \u{1} <b>name</b> & \"co\"").with_title("x\ny")).unwrap();
    map.add_stakeholder(Stakeholder::new("b", "]]> --> <!--").with_reports_to("a<&>\"'").with_department("R&D <1>"))
        .unwrap();
    map.add_relation(Relation::new("b", "a<&>\"'", RelationKind::Conflict, 0.5)).unwrap();
    let overlay = Overlay::default().with_flag("b", "<flag & \"code\">");
    let svg = render::svg(&map, &overlay, &RenderOptions::default()).unwrap();
    let doc = parse(&svg);
    let boxes = svg_boxes(&doc);
    assert!(boxes.contains_key("a<&>\"'") && boxes.contains_key("b"));
    // Width hint: the drawing scales to it, proportions kept.
    let opts = RenderOptions { width: Some(400.0), ..Default::default() };
    let svg = render::svg(&map, &overlay, &opts).unwrap();
    let root = parse(&svg).root_element().attribute("width").map(str::to_owned);
    assert_eq!(root.as_deref(), Some("400"));
}

#[test]
fn dot_export_parses_with_graphviz_when_installed() {
    let map = sample();
    let dot = render::dot(&map, &sample_overlay(), &RenderOptions::default()).unwrap();
    assert!(dot.starts_with("digraph relmap {") && dot.trim_end().ends_with('}'));
    for s in map.stakeholders() {
        assert!(dot.contains(&format!("\"{}\" [label=", s.id)), "{} declared", s.id);
    }
    assert_eq!(dot.matches("subgraph \"cluster_").count(), 7 + 1, "six departments, 集团总部, our team");
    assert!(dot.contains("stance_band=\"strongly_for\"") && dot.contains("roles=\"economic_buyer\""));
    assert!(dot.contains("flags=\"opponent_high_influence\"") && dot.contains("influence=\"0.24\""));
    match std::process::Command::new("dot").arg("-Tsvg").stdin(std::process::Stdio::piped()).output() {
        Err(_) => eprintln!("note: Graphviz `dot` not on PATH; DOT syntax not checked by Graphviz"),
        Ok(_) => {
            use std::io::Write;
            let mut child = std::process::Command::new("dot")
                .arg("-Tsvg")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "dot failed: {stderr}");
            assert!(!stderr.contains("rror"), "dot complained: {stderr}");
            let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
            roxmltree::Document::parse_with_options(std::str::from_utf8(&out.stdout).unwrap(), opts).unwrap();
        }
    }
}

/// Structural checks of a Mermaid flowchart: balanced subgraphs, declared
/// nodes, links between declared ids, no raw quotes inside labels.
fn check_mermaid(text: &str) -> (BTreeSet<String>, usize) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("---"));
    assert!(lines.next().unwrap().starts_with("title: "));
    assert_eq!(lines.next(), Some("---"));
    assert_eq!(lines.next(), Some("flowchart TB"));
    let mut depth = 0i32;
    let mut declared = BTreeSet::new();
    let mut subgraphs = BTreeSet::new();
    let mut links = 0usize;
    let mut max_link_style = None;
    let link_ops = ["<-.->", "x-.-x", "-.->", "<-->", "===", "==>", "-->", "---", "-.-"];
    for line in lines {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("subgraph ") {
            depth += 1;
            let id = rest.split('[').next().unwrap();
            assert!(subgraphs.insert(id.to_owned()), "subgraph {id} repeated");
            assert!(rest.ends_with("\"]"), "subgraph title quoted: {l}");
        } else if l == "end" {
            depth -= 1;
            assert!(depth >= 0, "unbalanced end");
        } else if let Some(rest) = l.strip_prefix("linkStyle ") {
            let list = rest.split(' ').next().unwrap();
            for n in list.split(',') {
                let n: usize = n.parse().expect("link numbers");
                max_link_style = max_link_style.max(Some(n));
            }
        } else if l.starts_with("classDef ") {
        } else if let Some(rest) = l.strip_prefix("class ") {
            for id in rest.split(' ').next().unwrap().split(',') {
                assert!(declared.contains(id), "class on undeclared {id}");
            }
        } else if let Some(op) = link_ops.iter().find(|op| l.contains(&format!(" {op} "))) {
            let (a, b) = l.split_once(&format!(" {op} ")).unwrap();
            assert!(declared.contains(a) && declared.contains(b), "link between undeclared ids: {l}");
            links += 1;
        } else {
            // A node: id, shape open, one quoted label, shape close.
            let id_end = l.find(['(', '[']).unwrap_or_else(|| panic!("unexpected line {l:?}"));
            let (id, label) = l.split_at(id_end);
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "plain id: {id}");
            let inner = label.trim_start_matches(['(', '[']).trim_end_matches([')', ']']);
            assert!(inner.starts_with('"') && inner.ends_with('"'), "quoted label: {l}");
            assert!(!inner[1..inner.len() - 1].contains('"'), "raw quote in label: {l}");
            assert!(declared.insert(id.to_owned()), "{id} declared twice");
        }
    }
    assert_eq!(depth, 0, "every subgraph ends");
    if links > 0 {
        assert_eq!(max_link_style, Some(links - 1), "linkStyle numbers stay within the links");
    }
    (declared, links)
}

#[test]
fn mermaid_export_is_structurally_sound() {
    let map = sample();
    let text = render::mermaid(&map, &sample_overlay(), &RenderOptions::default()).unwrap();
    let (declared, links) = check_mermaid(&text);
    assert_eq!(declared.len(), map.stakeholders().len() + 1, "every stakeholder and our rep");
    let org = map.stakeholders().iter().filter(|s| s.reports_to.is_some()).count();
    assert_eq!(links, org + map.relations().len() + 3);
    assert!(text.contains("Kevin O'Brien") && text.contains("QA #amp; Compliance #lt;ISO 9001#gt; Lead"));
    assert!(text.contains("classDef stance_unknown") && text.contains("class s"));
    // Hostile labels too.
    let mut m = RelationshipMap::new(Account::new("x", "X"));
    m.add_stakeholder(Stakeholder::new("q", "say \"hi\" [now] (ok) {x} #1").with_department("A\"B")).unwrap();
    let text = render::mermaid(&m, &Overlay::default(), &RenderOptions::default()).unwrap();
    check_mermaid(&text);
}

#[test]
fn cytoscape_export_has_the_elements_shape() {
    let map = sample();
    let cy = render::cytoscape(&map, &sample_overlay(), &RenderOptions::default()).unwrap();
    // Round-trips through text.
    let cy: serde_json::Value = serde_json::from_str(&serde_json::to_string(&cy).unwrap()).unwrap();
    let nodes = cy["elements"]["nodes"].as_array().unwrap();
    let edges = cy["elements"]["edges"].as_array().unwrap();
    let mut ids = HashSet::new();
    for n in nodes.iter().chain(edges) {
        let id = n["data"]["id"].as_str().expect("every element has a string id");
        assert!(ids.insert(id.to_owned()), "duplicate element id {id}");
    }
    let node_ids: HashSet<&str> = nodes.iter().map(|n| n["data"]["id"].as_str().unwrap()).collect();
    for e in edges {
        let d = &e["data"];
        assert!(node_ids.contains(d["source"].as_str().unwrap()) && node_ids.contains(d["target"].as_str().unwrap()));
        assert!(d["kind"].is_string());
    }
    for n in nodes {
        let d = &n["data"];
        if let Some(p) = d.get("parent") {
            assert!(node_ids.contains(p.as_str().unwrap()));
        }
        if d["kind"] == "stakeholder" {
            assert!(d["label"].is_string() && d["roles"].is_array() && d["flags"].is_array());
            assert!(n["position"]["x"].is_f64() && n["position"]["y"].is_f64());
        }
    }
    let gm = nodes.iter().find(|n| n["data"]["id"] == "gm").unwrap();
    assert_eq!(gm["data"]["roles"][0], "economic_buyer");
    assert_eq!(gm["data"]["influence"], 0.24);
    assert_eq!(gm["data"]["flags"][0], "economic_buyer_not_covered");
    assert_eq!(gm["data"]["stance_band"], "for");
    let stakeholders = nodes.iter().filter(|n| n["data"]["kind"] == "stakeholder").count();
    assert_eq!(stakeholders, map.stakeholders().len());
    let relations =
        edges.iter().filter(|e| !matches!(e["data"]["kind"].as_str(), Some("reports_to" | "highlight"))).count();
    assert_eq!(relations, map.relations().len());
    for e in edges.iter().filter(|e| e["data"]["kind"] == "influences") {
        assert!(e["data"]["strength"].as_f64().unwrap() > 0.0);
    }
    assert!(cy["style"].as_array().unwrap().iter().all(|r| r["selector"].is_string() && r["style"].is_object()));
    assert_eq!(cy["layout"]["name"], "preset");
}

#[test]
fn a_wide_generated_org_chart_never_overlaps() {
    // 120 people, 8 departments, deterministic pseudo-random managers.
    let mut map = RelationshipMap::new(Account::new("big", "Big"));
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    for i in 0..120u64 {
        let mut s = Stakeholder::new(format!("p{i}"), format!("人员{i} Person"));
        if i > 0 && next(10) > 0 {
            s = s.with_reports_to(format!("p{}", next(i)));
        }
        if next(3) > 0 {
            s = s.with_department(format!("部门{}", next(8)));
        }
        if next(4) == 0 {
            s = s.with_roles([Role::Influencer]).with_stance(next(11) as f64 - 5.0);
        }
        map.add_stakeholder(s).unwrap();
    }
    let mut overlay = Overlay::default();
    for i in 0..120u64 {
        if next(2) == 0 {
            overlay = overlay.with_influence(format!("p{i}"), next(100) as f64 / 1000.0);
        }
    }
    let lay = layout(&map, &overlay, &RenderOptions::default()).unwrap();
    let all: Vec<(String, Rect)> = lay.nodes.iter().map(|b| (b.id.clone(), b.rect)).collect();
    assert_disjoint(&all);
    let depts = effective_departments(&map);
    for band in &lay.bands {
        for node in &lay.nodes {
            if band.rects.iter().any(|r| r.overlaps(&node.rect)) {
                assert_eq!(depts[&node.id].as_deref(), Some(band.department.as_str()));
            }
        }
    }
    parse(&render::svg(&map, &overlay, &RenderOptions::default()).unwrap());
}

mod invariants {
    use super::*;
    use proptest::prelude::*;

    /// One person: manager (as a fraction of the people before them), department, key role, stance, influence.
    type Person = (Option<f64>, Option<u8>, bool, Option<i8>, Option<u16>);

    fn people() -> impl Strategy<Value = Vec<Person>> {
        prop::collection::vec(
            (
                prop::option::weighted(0.85, 0.0..1.0f64),
                prop::option::weighted(0.7, 0..5u8),
                prop::bool::weighted(0.3),
                prop::option::of(-5..=5i8),
                prop::option::of(0..1000u16),
            ),
            1..45,
        )
    }

    fn build(people: &[Person]) -> (RelationshipMap, Overlay) {
        let mut map = RelationshipMap::new(Account::new("p", "Property 测试"));
        let mut overlay = Overlay::default();
        for (i, (manager, dept, key, stance, influence)) in people.iter().enumerate() {
            let name = if i % 2 == 0 { format!("张{i}伟") } else { format!("Person {i} Wang") };
            let mut s = Stakeholder::new(format!("p{i}"), name).with_title("经理 Manager");
            if let (Some(f), true) = (manager, i > 0) {
                s = s.with_reports_to(format!("p{}", (f * i as f64) as usize));
            }
            if let Some(d) = dept {
                s = s.with_department(format!("部门{d}"));
            }
            if *key {
                s = s.with_roles([Role::DecisionMaker, Role::Coach]);
            }
            if let Some(v) = stance {
                s = s.with_stance(f64::from(*v));
            }
            map.add_stakeholder(s).unwrap();
            if let Some(u) = influence {
                overlay = overlay.with_influence(format!("p{i}"), f64::from(*u) / 1000.0);
            }
        }
        (map, overlay)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn boxes_never_overlap_and_bands_hold_only_their_department(people in people(), key_only in any::<bool>()) {
            let (map, overlay) = build(&people);
            let opts = RenderOptions { key_players_only: key_only, ..Default::default() };
            let lay = layout(&map, &overlay, &opts).unwrap();
            for (i, a) in lay.nodes.iter().enumerate() {
                for b in &lay.nodes[i + 1..] {
                    prop_assert!(!a.rect.overlaps(&b.rect), "{} and {} overlap", a.id, b.id);
                }
            }
            let depts = effective_departments(&map);
            for band in &lay.bands {
                for node in &lay.nodes {
                    if band.rects.iter().any(|r| r.overlaps(&node.rect)) {
                        prop_assert_eq!(depts[&node.id].as_deref(), Some(band.department.as_str()));
                    }
                }
            }
            // A manager stands above each of their reports.
            for node in &lay.nodes {
                let s = map.stakeholder(&node.id).unwrap();
                if let Some(m) = s.reports_to.as_deref().and_then(|m| lay.nodes.iter().find(|n| n.id == m)) {
                    prop_assert!(m.rect.y + m.rect.h < node.rect.y);
                }
            }
            let svg = render::svg(&map, &overlay, &opts).unwrap();
            let doc = parse(&svg);
            prop_assert_eq!(svg_boxes(&doc).len(), lay.nodes.len());
        }
    }
}

#[test]
fn overlay_from_a_decision_chain_on_the_sample_account() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/manufacturing_cloud.json");
    let map = relmap::io::load(&dir).unwrap();
    let chain = map.decision_chain(&relmap::chain::ChainConfig::default()).unwrap();
    let overlay = Overlay::from_chain(&map, &chain);
    assert_eq!(overlay, chain.overlay(&map));
    // Influence for every stakeholder, summing to 1.
    assert_eq!(overlay.influence.len(), map.stakeholders().len());
    assert!((overlay.influence.values().sum::<f64>() - 1.0).abs() < 1e-9);
    // Every stakeholder a flag names carries its code; single_threaded marks only the key player.
    for f in chain.red_flags() {
        let marked: Vec<&String> = f
            .ids
            .iter()
            .filter(|id| overlay.flags.get(*id).is_some_and(|c| c.contains(&f.code.as_str().to_string())))
            .collect();
        match f.code.as_str() {
            "stage_ahead_of_evidence" => assert!(marked.is_empty()),
            "single_threaded" => assert_eq!(marked.first().map(|s| s.as_str()), f.ids.first().map(|s| s.as_str())),
            _ => assert_eq!(marked.len(), f.ids.iter().filter(|id| map.stakeholder(id).is_some()).count()),
        }
    }
    // The highlight is our best path to the (most influential reachable) economic buyer.
    let eb = map.stakeholders().iter().find(|s| s.has_role(Role::EconomicBuyer)).unwrap();
    let path = chain.best_path(&eb.id).unwrap().expect("the sample reaches its economic buyer");
    let mut expected = vec![path.member.clone()];
    expected.extend(path.stakeholders.iter().cloned());
    assert_eq!(overlay.highlight_path, expected);
    // It renders, deterministically, with the flags and the path drawn.
    let svg = render::svg(&map, &overlay, &RenderOptions::default()).unwrap();
    assert_eq!(svg, render::svg(&map, &chain.overlay(&map), &RenderOptions::default()).unwrap());
    parse(&svg);
    assert!(svg.contains(&format!("node-{}", eb.id)));
}

fn city_tender() -> RelationshipMap {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/city_construction_tender.json");
    relmap::io::load(&path).unwrap()
}

/// The texts of the group with class `class`, in document order.
fn texts_of<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<&'a str> {
    let g = doc.descendants().find(|n| n.attribute("class") == Some(class)).unwrap_or_else(|| panic!("no {class}"));
    g.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect()
}

/// The badge labels drawn on a stakeholder's box, left to right.
fn badges_of<'a>(doc: &'a roxmltree::Document, id: &str) -> Vec<&'a str> {
    let g = doc.descendants().find(|n| n.attribute("id") == Some(&format!("node-{id}"))).unwrap();
    g.children()
        .filter(|c| c.attribute("class") == Some("badge"))
        .filter_map(|b| b.children().find(|c| c.has_tag_name("text")).and_then(|t| t.text()))
        .collect()
}

#[test]
fn the_picture_marks_the_champion_the_response_modes_and_the_meddpicc_gaps() {
    let map = city_tender();
    let chain = map.decision_chain(&relmap::chain::ChainConfig::default()).unwrap();
    let overlay = chain.overlay(&map);
    let svg = render::svg(&map, &overlay, &RenderOptions::default()).unwrap();
    let doc = parse(&svg);
    let deal = &map.opportunities()[0];
    // The MEDDPICC champion (tested, green) carries CH after their role badges.
    let champion = deal.meddpicc.champion.as_ref().unwrap().stakeholder.clone().unwrap();
    assert_eq!(champion, "ucid_project_mgr");
    let g = doc.descendants().find(|n| n.attribute("id") == Some("node-ucid_project_mgr")).unwrap();
    assert_eq!(g.attribute("data-champion"), Some("green tested"));
    assert!(badges_of(&doc, &champion).contains(&"CH"));
    // Every buying influence with a response mode carries it, as data and as the last badge.
    let label = |mode: &str| match mode {
        "growth" => "GR",
        "trouble" => "TR",
        "even_keel" => "EK",
        _ => "OC",
    };
    for b in &deal.buying_influences {
        let mode = b.response_mode.unwrap().as_str();
        let g = doc.descendants().find(|n| n.attribute("id") == Some(&format!("node-{}", b.stakeholder))).unwrap();
        assert_eq!(g.attribute("data-response-mode"), Some(mode), "{}", b.stakeholder);
        assert_eq!(badges_of(&doc, &b.stakeholder).last(), Some(&label(mode)), "{}", b.stakeholder);
        let tip = g.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap();
        assert!(tip.contains(&format!("response mode: {mode}")), "{tip}");
    }
    let modeless = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("stakeholder ")))
        .filter(|n| n.attribute("data-response-mode").is_none())
        .count();
    assert_eq!(modeless, map.stakeholders().len() - deal.buying_influences.len());
    // The legend's second row lists the elements that are not green, with whom they name.
    let legend = texts_of(&doc, "legend-qualification");
    // The section names the opportunity by its name, as sentences do.
    let title = format!("MEDDPICC gaps · {} (5 of 8 green)", deal.name);
    assert!(legend.contains(&title.as_str()), "{legend:?}");
    let vice_mayor = &map.stakeholder("vice_mayor").unwrap().name;
    for gap in
        [format!("economic buyer: yellow · {vice_mayor}"), "paper process: yellow".into(), "competition: yellow".into()]
    {
        assert!(legend.contains(&gap.as_str()), "{gap} in {legend:?}");
    }
    assert!(!legend.iter().any(|t| t.starts_with("metrics") || t.starts_with("champion:")), "{legend:?}");
    for words in ["MEDDPICC champion, tested", "growth 求发展 (receptive)", "overconfident 过度自信"] {
        assert!(legend.contains(&words), "{words} in {legend:?}");
    }
    // Badges widen the boxes: they stay inside them, and the boxes stay apart.
    let lay = layout(&map, &overlay, &RenderOptions::default()).unwrap();
    let mut boxes: Vec<(String, Rect)> = lay.nodes.iter().map(|b| (b.id.clone(), b.rect)).collect();
    boxes.sort_by(|a, b| a.0.cmp(&b.0));
    assert_disjoint(&boxes);
    for g in doc.descendants().filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("stakeholder "))) {
        let rect = |n: roxmltree::Node| (attr_f64(n, "x"), attr_f64(n, "width"));
        let (bx, bw) = rect(g.children().find(|c| c.attribute("class") == Some("box")).unwrap());
        for b in g.children().filter(|c| c.attribute("class") == Some("badge")) {
            let (x, w) = rect(b.children().find(|c| c.has_tag_name("rect")).unwrap());
            assert!(x >= bx && x + w <= bx + bw + 0.1, "a badge of {:?} leaves its box", g.attribute("id"));
        }
    }
    // The other formats carry the same badges.
    let dot = render::dot(&map, &overlay, &RenderOptions::default()).unwrap();
    assert!(dot.contains("CH · GR") || dot.contains("CH · GR".replace(' ', "\u{a0}").as_str()), "{dot}");
}

#[test]
fn qualification_marks_can_be_turned_off_or_pointed_at_an_opportunity() {
    let map = city_tender();
    let off = RenderOptions { show_qualification: false, ..Default::default() };
    let svg = render::svg(&map, &Overlay::default(), &off).unwrap();
    assert!(!svg.contains("data-response-mode") && !svg.contains("legend-qualification"));
    let named = RenderOptions { opportunity: Some("jl_renewal_phase1".into()), ..Default::default() };
    assert_eq!(
        render::svg(&map, &Overlay::default(), &named).unwrap(),
        render::svg(&map, &Overlay::default(), &RenderOptions::default()).unwrap()
    );
    let unknown = RenderOptions { opportunity: Some("nope".into()), ..Default::default() };
    let e = render::svg(&map, &Overlay::default(), &unknown).unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("options.opportunity")));
    // An opportunity with nothing assessed lists every element as a gap.
    let mut bare = map.clone();
    let mut o = bare.opportunities()[0].clone();
    o.meddpicc = Default::default();
    o.buying_influences.clear();
    bare.update_opportunity(o).unwrap();
    let svg = render::svg(&bare, &Overlay::default(), &named).unwrap();
    let doc = parse(&svg);
    let legend = texts_of(&doc, "legend-qualification");
    let title = format!("MEDDPICC gaps · {} (0 of 8 green)", bare.opportunities()[0].name);
    assert!(legend.contains(&title.as_str()), "{legend:?}");
    assert_eq!(legend.iter().filter(|t| t.ends_with(": not assessed")).count(), 8);
    // Without qualification data and no opportunity named, nothing is marked.
    let svg = render::svg(&bare, &Overlay::default(), &RenderOptions::default()).unwrap();
    assert!(!svg.contains("legend-qualification"));
}

#[test]
fn snapshot_of_the_city_tender_with_its_qualification() {
    let map = city_tender();
    let chain = map.decision_chain(&relmap::chain::ChainConfig::default()).unwrap();
    let opts = RenderOptions { key_players_only: true, ..Default::default() };
    let svg = render::svg(&map, &chain.overlay(&map), &opts).unwrap();
    let path = snapshot_path("city_tender_qualified.svg");
    if std::env::var_os("RELMAP_BLESS").is_some() {
        std::fs::write(&path, &svg).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("snapshot missing: run with RELMAP_BLESS=1");
    assert!(svg == expected, "the city tender picture changed; review it and re-bless with RELMAP_BLESS=1");
}

#[test]
fn key_player_pictures_keep_the_meddpicc_champion() {
    let map = city_tender();
    let chain = map.decision_chain(&relmap::chain::ChainConfig::default()).unwrap();
    let opts = RenderOptions { key_players_only: true, ..Default::default() };
    let doc_text = render::svg(&map, &chain.overlay(&map), &opts).unwrap();
    let doc = parse(&doc_text);
    assert!(svg_boxes(&doc).contains_key("ucid_project_mgr"));
    assert!(texts_of(&doc, "legend-qualification").contains(&"MEDDPICC champion, tested"));
    let off = RenderOptions { show_qualification: false, ..opts };
    let svg = render::svg(&map, &chain.overlay(&map), &off).unwrap();
    assert!(!svg_boxes(&parse(&svg)).contains_key("ucid_project_mgr"));
}

#[test]
fn the_key_player_header_counts_the_chains_key_players() {
    // The picture's header gives the decision chain's number of key players (the number a
    // page shows beside it), then how many more are drawn for a flag, the path or the champion.
    let map = city_tender();
    let chain = map.decision_chain(&relmap::chain::ChainConfig::default()).unwrap();
    let opts = RenderOptions { key_players_only: true, ..Default::default() };
    let svg = render::svg(&map, &chain.overlay(&map), &opts).unwrap();
    let drawn = svg_boxes(&parse(&svg)).len();
    let keys = chain.key_players().len();
    assert!(drawn > keys, "{drawn} drawn, {keys} key players");
    let total = map.stakeholders().len();
    let others = drawn - keys;
    let noun = if others == 1 { "other" } else { "others" };
    let expected =
        format!("{keys} key players + {others} {noun} drawn (red flag, path, champion) of {total} stakeholders");
    assert!(svg.contains(&expected), "header without `{expected}`");
}
