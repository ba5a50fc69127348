//! Pictures of dense networks: each person's strongest lines, the people in
//! focus, fading, bundled routing, the influence matrix, the defaults by
//! density; well-formed, no overlapping boxes, line counts as configured, snapshots.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use relmap::model::{Account, Relation, RelationKind, Role, Stakeholder};
use relmap::render::{self, layout, LineLimit, LineOptions, Overlay, Rect, RenderOptions, Switch, View};
use relmap::RelationshipMap;

/// A dense organisation of 24: a CEO, three VPs with departments, twenty managers,
/// and influence between many pairs (a deterministic pattern, strengths 0.1..0.9),
/// plus a few allies and conflicts.
fn dense(every: u32) -> RelationshipMap {
    let mut m = RelationshipMap::new(Account::new("dense", "Dense Corp 密集集团"));
    m.add_stakeholder(
        Stakeholder::new("ceo", "CEO 陈").with_title("Chief executive").with_roles([Role::EconomicBuyer]),
    )
    .unwrap();
    for v in 0..3 {
        let s = Stakeholder::new(format!("vp{v}"), format!("VP {v}"))
            .with_reports_to("ceo")
            .with_department(["Sales 销售", "Plant 工厂", "IT 信息"][v])
            .with_roles([Role::DecisionMaker])
            .with_stance([2.0, -3.0, 4.0][v]);
        m.add_stakeholder(s).unwrap();
    }
    for k in 0..20 {
        let mut s =
            Stakeholder::new(format!("m{k:02}"), format!("Manager {k}")).with_reports_to(format!("vp{}", k % 3));
        if k % 4 != 3 {
            s = s.with_stance((k as f64 % 11.0) - 5.0);
        }
        m.add_stakeholder(s).unwrap();
    }
    let ids: Vec<String> = m.stakeholders().iter().map(|s| s.id.clone()).collect();
    for (i, a) in ids.iter().enumerate() {
        for (j, b) in ids.iter().enumerate() {
            let (i, j) = (i as u32, j as u32);
            if i != j && (i * 7 + j * 3) % every == 0 {
                let strength = f64::from((i * j) % 9 + 1) / 10.0;
                m.add_relation(Relation::new(a.as_str(), b.as_str(), RelationKind::Influences, strength)).unwrap();
            }
        }
    }
    m.add_relation(Relation::new("m01", "m04", RelationKind::Ally, 0.6)).unwrap();
    m.add_relation(Relation::new("m02", "m10", RelationKind::Conflict, 0.8)).unwrap();
    m.add_relation(Relation::new("vp1", "m05", RelationKind::Informs, 0.5)).unwrap();
    m
}

fn overlay(map: &RelationshipMap) -> Overlay {
    let chain = map.decision_chain(&relmap::chain::ChainConfig::default()).unwrap();
    Overlay::default().with_influence_vec(map, chain.decision_influence()).unwrap()
}

fn chart(lines: LineOptions) -> RenderOptions {
    RenderOptions { view: View::Chart, lines, ..Default::default() }
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}"))
}

/// (source, target, kind, strength, opacity) of every drawn relation line.
fn drawn(svg: &str) -> Vec<(String, String, String, f64, Option<f64>)> {
    let doc = parse(svg);
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class").is_some_and(|c| c.starts_with("relation ")))
        .map(|g| {
            (
                g.attribute("data-source").unwrap().to_owned(),
                g.attribute("data-target").unwrap().to_owned(),
                g.attribute("class").unwrap()["relation ".len()..].to_owned(),
                g.attribute("data-strength").unwrap().parse().unwrap(),
                g.attribute("opacity").map(|o| o.parse().unwrap()),
            )
        })
        .collect()
}

fn boxes_disjoint(map: &RelationshipMap, opts: &RenderOptions) {
    let l = layout(map, &Overlay::default(), opts).unwrap();
    let rects: Vec<(&str, Rect)> = l.nodes.iter().map(|b| (b.id.as_str(), b.rect)).collect();
    for (i, (a, ra)) in rects.iter().enumerate() {
        for (b, rb) in &rects[i + 1..] {
            assert!(!ra.overlaps(rb), "{a} and {b} overlap");
        }
    }
}

#[test]
fn sparse_maps_keep_every_line_by_default() {
    let map =
        relmap::io::load(format!("{}/../examples/data/manufacturing_cloud.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let svg = render::svg(&map, &Overlay::default(), &RenderOptions::default()).unwrap();
    assert_eq!(drawn(&svg).len(), map.relations().len());
    assert!(drawn(&svg).iter().all(|l| l.4.is_none()), "no fading on a sparse map");
    assert!(!svg.contains("relmap-matrix") && !svg.contains("bundled"));
}

#[test]
fn dense_maps_keep_each_persons_strongest_lines() {
    let map = dense(5);
    let n = map.stakeholders().len();
    let total = map.relations().len();
    assert!(2.0 * total as f64 / n as f64 > 4.0, "the test map is dense");
    for k in [1usize, 2, 3] {
        let opts = chart(LineOptions { per_person: LineLimit::Strongest(k), ..Default::default() });
        let svg = render::svg(&map, &overlay(&map), &opts).unwrap();
        let lines = drawn(&svg);
        assert!(lines.len() <= k * n, "k = {k}: {} lines for {n} people", lines.len());
        assert!(lines.len() < total);
        let note = format!("{} of {total} relations drawn (each person&apos;s strongest {k})", lines.len());
        assert!(svg.contains(&note), "{note}");
        // Everyone's k strongest lines are drawn (ties in strength may pick either).
        let drawn_set: BTreeSet<(String, String, String)> =
            lines.iter().map(|l| (l.0.clone(), l.1.clone(), l.2.clone())).collect();
        for s in map.stakeholders() {
            let mut mine: Vec<&Relation> =
                map.relations().iter().filter(|r| r.source == s.id || r.target == s.id).collect();
            mine.sort_by(|a, b| b.strength.total_cmp(&a.strength));
            if let Some(kth) = mine.get(k.min(mine.len()).saturating_sub(1)).map(|r| r.strength) {
                for r in mine.iter().filter(|r| r.strength > kth) {
                    let key = (r.source.clone(), r.target.clone(), r.kind.as_str().to_owned());
                    assert!(drawn_set.contains(&key), "k = {k}: {}'s line {key:?} is missing", s.id);
                }
                let kept = lines.iter().filter(|l| l.0 == s.id || l.1 == s.id).count();
                assert!(kept >= k.min(mine.len()), "{} keeps {kept}", s.id);
            }
        }
    }
    // Every line when asked.
    let all = render::svg(
        &map,
        &Overlay::default(),
        &chart(LineOptions { per_person: LineLimit::All, ..Default::default() }),
    )
    .unwrap();
    assert_eq!(drawn(&all).len(), total);
}

#[test]
fn auto_thins_bundles_and_fades_by_density() {
    let map = dense(5);
    let svg = render::svg(&map, &overlay(&map), &chart(LineOptions::default())).unwrap();
    let lines = drawn(&svg);
    let n = map.stakeholders().len();
    assert!(lines.len() <= 3 * n && lines.len() < map.relations().len());
    assert!(svg.contains("bundled along the org chart"));
    // Bundled lines are splines of cubic segments; managers and their reports keep a bow.
    assert!(svg.contains("C"), "cubic segments");
    for (s, t, kind, strength, opacity) in &lines {
        let expected = 0.3 + 0.7 * strength;
        if expected < 1.0 {
            let o = opacity.unwrap_or_else(|| panic!("{s}->{t} {kind} not faded"));
            assert!((o - expected).abs() < 0.051, "{s}->{t}: {o} vs {expected}");
        }
    }
    boxes_disjoint(&map, &chart(LineOptions::default()));
    // Switched off, nothing is faded or bundled.
    let plain = chart(LineOptions { bundle: Switch::Off, fade: Switch::Off, ..Default::default() });
    let svg = render::svg(&map, &Overlay::default(), &plain).unwrap();
    assert!(drawn(&svg).iter().all(|l| l.4.is_none()));
    assert!(!svg.contains("bundled"));
}

#[test]
fn a_person_in_focus_shows_all_their_lines_over_the_faded_rest() {
    let map = dense(5);
    let opts =
        chart(LineOptions { focus: vec!["vp1".into()], per_person: LineLimit::Strongest(1), ..Default::default() });
    let svg = render::svg(&map, &overlay(&map), &opts).unwrap();
    let lines = drawn(&svg);
    let theirs = map.relations().iter().filter(|r| r.source == "vp1" || r.target == "vp1").count();
    let shown: Vec<_> = lines.iter().filter(|l| l.0 == "vp1" || l.1 == "vp1").collect();
    assert_eq!(shown.len(), theirs);
    for l in &lines {
        let in_focus = l.0 == "vp1" || l.1 == "vp1";
        let o = l.4.unwrap_or(1.0);
        if in_focus {
            assert!(o >= 0.3 - 1e-9, "{l:?}");
        } else {
            assert!(o <= 0.2 + 0.05, "{l:?} should be dimmed");
        }
    }
    // Focus lines come last, on top.
    let first_focus = lines.iter().position(|l| l.0 == "vp1" || l.1 == "vp1").unwrap();
    assert!(lines[first_focus..].iter().all(|l| l.0 == "vp1" || l.1 == "vp1"));
    assert!(svg.contains(r#"<g class="focus">"#) && svg.contains("all lines of VP 1"));
    let e = render::svg(
        &map,
        &Overlay::default(),
        &chart(LineOptions { focus: vec!["nobody".into()], ..Default::default() }),
    )
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("options.lines.focus[0]")));
    let e = RenderOptions {
        lines: LineOptions { per_person: LineLimit::Strongest(0), ..Default::default() },
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("options.lines.per_person")));
}

/// The matrix grid as drawn: left, top, cell size, people.
fn grid(doc: &roxmltree::Document) -> (f64, f64, f64, usize) {
    let g = doc.descendants().find(|n| n.attribute("class") == Some("matrix")).expect("a matrix");
    let f = |a: &str| g.attribute(a).unwrap().parse::<f64>().unwrap();
    (f("data-left"), f("data-top"), f("data-cell"), g.attribute("data-size").unwrap().parse().unwrap())
}

#[test]
fn the_influence_matrix_shows_every_relation_inside_its_grid() {
    let map = dense(5);
    let opts = RenderOptions { view: View::Matrix, ..Default::default() };
    let svg = render::svg(&map, &overlay(&map), &opts).unwrap();
    let doc = parse(&svg);
    let (left, top, cell, n) = grid(&doc);
    assert_eq!(n, map.stakeholders().len());
    let cells: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|c| c.has_tag_name("g") && c.attribute("class").is_some_and(|k| k.starts_with("cell ")))
        .collect();
    // One cell per influence or informs relation, two per ally or conflict.
    let expected: usize = map
        .relations()
        .iter()
        .map(|r| if matches!(r.kind, RelationKind::Ally | RelationKind::Conflict) { 2 } else { 1 })
        .sum();
    assert_eq!(cells.len(), expected);
    let (right, bottom) = (left + n as f64 * cell, top + n as f64 * cell);
    for c in &cells {
        for mark in c.children().filter(|m| m.has_tag_name("rect")) {
            let x: f64 = mark.attribute("x").unwrap().parse().unwrap();
            let y: f64 = mark.attribute("y").unwrap().parse().unwrap();
            assert!(x >= left && x < right && y >= top && y < bottom, "cell outside the grid: {x} {y}");
        }
    }
    // Row labels end left of the grid, one per row, none overlapping another.
    let rows: Vec<f64> = doc
        .descendants()
        .filter(|g| g.attribute("class") == Some("row-label"))
        .map(|g| g.children().find(|t| t.has_tag_name("text")).unwrap().attribute("y").unwrap().parse().unwrap())
        .collect();
    assert_eq!(rows.len(), n);
    let mut sorted = rows.clone();
    sorted.sort_by(f64::total_cmp);
    assert!(sorted.windows(2).all(|w| w[1] - w[0] >= cell - 0.11));
    let cfg = relmap::render::LayoutConfig::default();
    for g in doc.descendants().filter(|g| g.attribute("class") == Some("row-label")) {
        let t = g.children().find(|t| t.has_tag_name("text")).unwrap();
        let x: f64 = t.attribute("x").unwrap().parse().unwrap();
        assert!(x + relmap::render::text_width(t.text().unwrap(), cfg.small_font_size, false, &cfg) < left);
    }
    // The org chart order: the CEO first, then each VP followed by their team.
    let order: Vec<&str> = doc
        .descendants()
        .filter(|g| g.attribute("class") == Some("row-label"))
        .map(|g| g.attribute("data-id").unwrap())
        .collect();
    // (Siblings by department, then id: IT before Plant before Sales.)
    assert_eq!(&order[..3], ["ceo", "vp2", "m02"]);
    assert!(svg.contains("Influence matrix: Dense Corp"));
}

#[test]
fn auto_draws_the_matrix_only_when_very_dense() {
    let very = dense(2);
    let n = very.stakeholders().len() as f64;
    assert!(2.0 * very.relations().len() as f64 / n > 10.0);
    assert!(render::svg(&very, &Overlay::default(), &RenderOptions::default()).unwrap().contains("relmap-matrix"));
    let forced = RenderOptions { view: View::Chart, ..Default::default() };
    assert!(!render::svg(&very, &Overlay::default(), &forced).unwrap().contains("relmap-matrix"));
    assert!(!render::svg(&dense(5), &Overlay::default(), &RenderOptions::default()).unwrap().contains("relmap-matrix"));
}

#[test]
fn other_formats_draw_the_same_lines() {
    let map = dense(5);
    let opts = chart(LineOptions { per_person: LineLimit::Strongest(2), ..Default::default() });
    let kept = drawn(&render::svg(&map, &Overlay::default(), &opts).unwrap()).len();
    let cy = render::cytoscape(&map, &Overlay::default(), &opts).unwrap();
    let edges = cy["elements"]["edges"].as_array().unwrap();
    let relation_edges =
        edges.iter().filter(|e| e["data"]["kind"] != "reports_to" && e["data"]["kind"] != "highlight").count();
    assert_eq!(relation_edges, kept);
    let dot = render::dot(&map, &Overlay::default(), &opts).unwrap();
    assert!(dot.matches("strength=").count() >= kept);
}

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name)
}

#[test]
fn snapshots_of_the_dense_views() {
    let map = dense(5);
    let views: HashMap<&str, RenderOptions> = HashMap::from([
        ("dense_chart.svg", chart(LineOptions { focus: vec!["vp2".into()], ..Default::default() })),
        ("dense_matrix.svg", RenderOptions { view: View::Matrix, ..Default::default() }),
    ]);
    for (name, opts) in views {
        let svg = render::svg(&map, &overlay(&map), &opts).unwrap();
        let path = snapshot_path(name);
        if std::env::var_os("RELMAP_BLESS").is_some() {
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).expect("snapshot missing: run with RELMAP_BLESS=1");
        assert!(svg == expected, "{name} changed; review it and re-bless with RELMAP_BLESS=1");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]

        /// Whatever the map, at most k lines per person are drawn, and everyone keeps
        /// min(k, their lines) of them.
        #[test]
        fn the_line_limit_holds(n in 3usize..18, pairs in proptest::collection::vec((0usize..18, 0usize..18, 1u32..10), 0..80), k in 1usize..4) {
            let mut m = RelationshipMap::new(Account::new("p", "P"));
            for i in 0..n {
                let mut s = Stakeholder::new(format!("p{i}"), format!("P{i}"));
                if i > 0 {
                    s = s.with_reports_to(format!("p{}", (i - 1) / 2));
                }
                m.add_stakeholder(s).unwrap();
            }
            for (a, b, w) in pairs {
                let (a, b) = (a % n, b % n);
                if a != b {
                    let _ = m.add_relation(Relation::new(format!("p{a}"), format!("p{b}"), RelationKind::Influences, f64::from(w) / 10.0));
                }
            }
            let opts = chart(LineOptions { per_person: LineLimit::Strongest(k), ..Default::default() });
            let lines = drawn(&render::svg(&m, &Overlay::default(), &opts).unwrap());
            prop_assert!(lines.len() <= k * n);
            for s in m.stakeholders() {
                let degree = m.relations().iter().filter(|r| r.source == s.id || r.target == s.id).count();
                let kept = lines.iter().filter(|l| l.0 == s.id || l.1 == s.id).count();
                prop_assert!(kept >= k.min(degree), "{} keeps {} of {}", s.id, kept, degree);
            }
        }
    }
}
