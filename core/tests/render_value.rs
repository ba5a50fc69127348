//! The customer-value pictures on CDNOW: well-formed XML, no two labels overlapping,
//! the plotted numbers equal to the tables (read back through the axes), and the same
//! bytes every time (snapshots).

mod common;

use std::path::PathBuf;

use common::*;
use relmap::render::value::*;
use relmap::render::{text_width, ChartOptions, LayoutConfig, Theme};
use relmap::value::*;

struct Pictures {
    holdout: HoldoutEvaluation,
    period: PeriodTransactions,
    tracking: Tracking,
    expected: FrequencyRecencyMatrix,
    alive: FrequencyRecencyMatrix,
    tiers: TierOverview,
}

fn pictures() -> Pictures {
    let c = CdnowFit::load();
    let data = c.data();
    let holdout = holdout_evaluation_of_summary(&c.bg, &c.summary, &HoldoutConfig::default()).unwrap();
    let period = period_transactions(&c.bg, &data, &PeriodTransactionsConfig::default()).unwrap();
    let tracking = tracking(&c.bg, &c.tx.customer, &c.tx.time, cdnow_calibration_end(), &c.config).unwrap();
    let fr = FrequencyRecencyConfig::default();
    let expected =
        FrequencyRecencyMatrix::new(&c.bg, &data, TimeUnit::Week, MatrixQuantity::ExpectedPurchases, &fr).unwrap();
    let alive = FrequencyRecencyMatrix::new(&c.bg, &data, TimeUnit::Week, MatrixQuantity::PAlive, &fr).unwrap();
    let gg = GammaGamma::fit(&c.summary.frequency, &c.summary.monetary_value, None, &FitConfig::default()).unwrap();
    let p_alive = c.bg.p_alive(&data).unwrap();
    let clv = gg.clv(&c.bg, &data, &c.summary.monetary_value, &ClvConfig::default()).unwrap();
    let signals = CustomerSignals::from_summary(&c.summary, &p_alive, &clv, ClvConfig::default().horizon());
    let tiers = tier(&signals, &TierConfig::default()).unwrap().overview(&clv, &p_alive).unwrap();
    Pictures { holdout, period, tracking, expected, alive, tiers }
}

fn draw_all(p: &Pictures, opts: &ChartOptions) -> Vec<(&'static str, String)> {
    vec![
        ("holdout", plot_holdout(&p.holdout, opts).unwrap()),
        ("period_transactions", plot_period_transactions(&p.period, opts).unwrap()),
        ("tracking", plot_tracking(&p.tracking, opts).unwrap()),
        ("frequency_recency", plot_frequency_recency(&p.expected, opts).unwrap()),
        ("p_alive", plot_frequency_recency(&p.alive, opts).unwrap()),
        ("tiers", plot_tiers(&p.tiers, opts).unwrap()),
    ]
}

fn widths() -> Vec<ChartOptions> {
    vec![
        ChartOptions::default(),
        ChartOptions { width: 360.0, ..ChartOptions::default() },
        ChartOptions { width: 1000.0, ..ChartOptions::default() },
        ChartOptions { theme: Theme::Dark, font_size: 14.0, ..ChartOptions::default() },
    ]
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}"))
}

fn f(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name).unwrap_or_else(|| panic!("missing {name}")).parse().expect("a number")
}

fn class_is(node: roxmltree::Node, class: &str) -> bool {
    node.attribute("class").is_some_and(|c| c.split(' ').any(|k| k == class))
}

fn find<'a, 'i>(root: roxmltree::Node<'a, 'i>, tag: &str, class: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    root.descendants().filter(|n| n.has_tag_name(tag) && class_is(*n, class)).collect()
}

fn one<'a, 'i>(root: roxmltree::Node<'a, 'i>, tag: &str, class: &str) -> roxmltree::Node<'a, 'i> {
    let all = find(root, tag, class);
    assert_eq!(all.len(), 1, "one <{tag} class={class}>");
    all[0]
}

/// A text element's estimated box (x0, y0, x1, y1), with the renderer's width estimate.
#[derive(Debug, Clone, Copy)]
struct TextBox {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn text_box(t: roxmltree::Node) -> TextBox {
    let (x, y, fs) = (f(t, "x"), f(t, "y"), f(t, "font-size"));
    let bold = t.attribute("font-weight") == Some("700");
    let w = text_width(t.text().unwrap_or(""), fs, bold, &LayoutConfig::default());
    let (dx0, dx1) = match t.attribute("text-anchor") {
        Some("middle") => (-w / 2.0, w / 2.0),
        Some("end") => (-w, 0.0),
        _ => (0.0, w),
    };
    let (dy0, dy1) = (-0.8 * fs, 0.25 * fs);
    match t.attribute("transform") {
        None => TextBox { x0: x + dx0, y0: y + dy0, x1: x + dx1, y1: y + dy1 },
        Some(tr) => {
            assert_eq!(tr, format!("rotate(-90 {} {})", t.attribute("x").unwrap(), t.attribute("y").unwrap()));
            // (x + dx, y + dy) turns to (x + dy, y − dx).
            TextBox { x0: x + dy0, y0: y - dx1, x1: x + dy1, y1: y - dx0 }
        }
    }
}

/// Well-formed, every label inside the picture, no two labels overlapping.
fn check_layout(name: &str, svg: &str) {
    let doc = parse(svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let view: Vec<f64> = root.attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
    let texts: Vec<(String, TextBox)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|t| (t.text().unwrap_or("").to_owned(), text_box(t)))
        .collect();
    assert!(texts.len() > 5, "{name}: labels drawn");
    for (s, b) in &texts {
        assert!(!s.trim().is_empty(), "{name}: an empty label");
        assert!(
            b.x0 >= -0.5 && b.y0 >= -0.5 && b.x1 <= view[2] + 0.5 && b.y1 <= view[3] + 0.5,
            "{name}: {s:?} {b:?} outside the {}×{} picture",
            view[2],
            view[3]
        );
    }
    for (i, (a, ra)) in texts.iter().enumerate() {
        for (b, rb) in &texts[i + 1..] {
            let overlap = ra.x0 < rb.x1 - 0.01 && rb.x0 < ra.x1 - 0.01 && ra.y0 < rb.y1 - 0.01 && rb.y0 < ra.y1 - 0.01;
            assert!(!overlap, "{name}: labels {a:?} {ra:?} and {b:?} {rb:?} overlap");
        }
    }
    // An accessible title and description.
    assert!(root.children().any(|c| c.has_tag_name("title")) && root.children().any(|c| c.has_tag_name("desc")));
}

#[test]
fn every_picture_is_well_formed_at_every_width_with_no_overlapping_labels() {
    let p = pictures();
    // RELMAP_PICTURES=dir writes every picture there, to look at.
    let out = std::env::var_os("RELMAP_PICTURES").map(PathBuf::from);
    for (k, opts) in widths().iter().enumerate() {
        for (name, svg) in draw_all(&p, opts) {
            check_layout(&format!("{name} at {} px", opts.width), &svg);
            if let Some(dir) = &out {
                std::fs::create_dir_all(dir).unwrap();
                let suffix = ["", "_phone", "_wide", "_dark"][k];
                std::fs::write(dir.join(format!("{name}{suffix}.svg")), &svg).unwrap();
            }
        }
    }
}

/// The linear map value → pixel of an axis, from its ticks' data-value and line position.
struct Axis {
    a: f64,
    b: f64,
}

impl Axis {
    fn read(axis: roxmltree::Node, coord: &str) -> Axis {
        let ticks: Vec<(f64, f64)> = find(axis, "g", "tick")
            .into_iter()
            .map(|t| {
                let line = t.children().find(|c| c.has_tag_name("line")).expect("a tick line");
                (f(t, "data-value"), f(line, coord))
            })
            .collect();
        assert!(ticks.len() >= 2, "an axis has at least two ticks");
        let (v0, p0) = ticks[0];
        let (v1, p1) = ticks[ticks.len() - 1];
        let b = (p1 - p0) / (v1 - v0);
        let axis = Axis { a: p0 - b * v0, b };
        // Every tick sits on the same line (to the 0.1 px the SVG writes).
        for (v, p) in ticks {
            assert!((axis.px(v) - p).abs() <= 0.11, "tick {v} at {p}, expected {}", axis.px(v));
        }
        axis
    }

    fn px(&self, v: f64) -> f64 {
        self.a + self.b * v
    }

    fn value(&self, px: f64) -> f64 {
        (px - self.a) / self.b
    }

    /// The value error of a pixel rounded to 0.1 px.
    fn tolerance(&self) -> f64 {
        0.16 / self.b.abs()
    }
}

fn data_value(n: roxmltree::Node) -> f64 {
    f(n, "data-value")
}

#[test]
fn holdout_picture_plots_the_table() {
    let p = pictures();
    let svg = plot_holdout(&p.holdout, &ChartOptions::default()).unwrap();
    let doc = parse(&svg);
    let root = doc.root_element();
    let y = Axis::read(one(root, "g", "y"), "y1");
    for (class, want) in [
        ("actual", p.holdout.bins.iter().map(|b| b.actual_mean).collect::<Vec<_>>()),
        ("model", p.holdout.bins.iter().map(|b| b.expected_mean).collect()),
    ] {
        let series = one(root, "g", class);
        let points =
            find(series, "circle", "point").into_iter().chain(find(series, "rect", "point")).collect::<Vec<_>>();
        assert_eq!(points.len(), want.len(), "{class}: one point per bin");
        for (pt, &v) in points.iter().zip(&want) {
            assert_eq!(data_value(*pt), v, "{class}: the exact table value");
            let cy = if pt.has_tag_name("circle") { f(*pt, "cy") } else { f(*pt, "y") + 4.0 };
            assert!((y.value(cy) - v).abs() <= y.tolerance(), "{class}: drawn at {}, table {v}", y.value(cy));
        }
        let line = one(series, "path", "line");
        let values: Vec<f64> = line.attribute("data-values").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
        assert_eq!(values, want);
    }
    // The x labels are the bins, the second row their customers.
    let x = one(root, "g", "x");
    let labels: Vec<&str> = find(x, "g", "tick")
        .iter()
        .map(|t| t.children().find(|c| c.has_tag_name("text")).unwrap().text().unwrap())
        .collect();
    assert_eq!(labels, ["0", "1", "2", "3", "4", "5", "6", "7+"]);
    let counts: Vec<&str> = find(x, "text", "count").iter().map(|t| t.text().unwrap()).collect();
    assert_eq!(counts, ["1,411", "439", "214", "100", "62", "38", "29", "64"]);
    assert!(svg.contains("holdout 39 weeks"), "the window has its unit");
}

#[test]
fn period_transactions_picture_plots_the_counts() {
    let p = pictures();
    let svg = plot_period_transactions(&p.period, &ChartOptions { width: 360.0, ..ChartOptions::default() }).unwrap();
    let doc = parse(&svg);
    let root = doc.root_element();
    let y = Axis::read(one(root, "g", "y"), "y1");
    for (class, want) in [
        ("actual", p.period.bins.iter().map(|b| b.actual as f64).collect::<Vec<_>>()),
        ("model", p.period.bins.iter().map(|b| b.simulated).collect()),
    ] {
        let bars = find(one(root, "g", class), "rect", "bar");
        assert_eq!(bars.len(), want.len());
        for (bar, &v) in bars.iter().zip(&want) {
            assert_eq!(data_value(*bar), v);
            let (top, bottom) = (f(*bar, "y"), f(*bar, "y") + f(*bar, "height"));
            assert!((y.value(top) - v).abs() <= y.tolerance(), "{class}: top at {}, table {v}", y.value(top));
            assert!(y.value(bottom).abs() <= y.tolerance(), "bars stand on 0");
        }
    }
    let actual: Vec<usize> = p.period.bins.iter().map(|b| b.actual).collect();
    assert_eq!(actual, [1411, 439, 214, 100, 62, 38, 29, 64]);
}

/// The points of an `M x y L x y …` path.
fn path_points(d: &str) -> Vec<(f64, f64)> {
    d.split(['M', 'L'])
        .filter(|s| !s.is_empty())
        .map(|s| {
            let (x, y) = s.split_once(' ').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

#[test]
fn tracking_picture_plots_both_curves_in_both_panels() {
    let p = pictures();
    let t = &p.tracking;
    let svg = plot_tracking(t, &ChartOptions::default()).unwrap();
    let doc = parse(&svg);
    let root = doc.root_element();
    for (panel, actual, expected) in [
        ("incremental", t.actual.clone(), t.expected.clone()),
        ("cumulative", t.actual_cumulative(), t.expected_cumulative()),
    ] {
        let g = one(root, "g", panel);
        let y = Axis::read(one(g, "g", "y"), "y1");
        let x = Axis::read(one(g, "g", "x"), "x1");
        for (series, want) in [("actual", &actual), ("model", &expected)] {
            let line = find(g, "path", "line").into_iter().find(|l| class_is(*l, series)).unwrap();
            let values: Vec<f64> =
                line.attribute("data-values").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
            assert_eq!(&values, want, "{panel} {series}: the exact values");
            let pts = path_points(line.attribute("d").unwrap());
            assert_eq!(pts.len(), want.len());
            for (k, ((px, py), v)) in pts.iter().zip(want.iter()).enumerate() {
                assert!((y.value(*py) - v).abs() <= y.tolerance(), "{panel} {series}[{k}]: {} vs {v}", y.value(*py));
                assert!((x.value(*px) - t.period_end[k]).abs() <= x.tolerance());
            }
        }
        // The calibration end line crosses the panel where the x axis puts it.
        let end = one(root, "g", "calibration-end");
        assert_eq!(data_value(end), t.calibration_end);
        let d = end.children().find(|c| c.has_tag_name("path")).unwrap().attribute("d").unwrap();
        let bx: f64 = d[1..].split(' ').next().unwrap().parse().unwrap();
        assert!((x.value(bx) - t.calibration_end).abs() <= x.tolerance());
    }
    let texts: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"◂ calibration") && texts.contains(&"holdout ▸"));
    assert!(texts.contains(&"Repeat purchases per week"));
    assert!(texts.iter().any(|s| s.starts_with("Weeks since the cohort's first purchase (1997-01-01)")));
}

/// The colour of `t` ∈ [0, 1] on a gradient given as (offset, #rrggbb) stops.
fn gradient_at(stops: &[(f64, [f64; 3])], t: f64) -> [f64; 3] {
    let k = stops.iter().rposition(|s| s.0 <= t).unwrap().min(stops.len() - 2);
    let (a, b) = (stops[k], stops[k + 1]);
    let u = ((t - a.0) / (b.0 - a.0)).clamp(0.0, 1.0);
    [0, 1, 2].map(|c| a.1[c] + (b.1[c] - a.1[c]) * u)
}

fn hex(s: &str) -> [f64; 3] {
    let v = u32::from_str_radix(s.trim_start_matches('#'), 16).unwrap();
    [(v >> 16) as f64, ((v >> 8) & 255) as f64, (v & 255) as f64]
}

#[test]
fn heat_maps_plot_the_matrix_through_the_colour_legend() {
    let p = pictures();
    for m in [&p.expected, &p.alive] {
        let svg = plot_frequency_recency(m, &ChartOptions::default()).unwrap();
        let doc = parse(&svg);
        let root = doc.root_element();
        let legend = one(root, "g", "colour-legend");
        let top = f(legend, "data-max");
        let stops: Vec<(f64, [f64; 3])> = legend
            .descendants()
            .filter(|n| n.has_tag_name("stop"))
            .map(|s| (f(s, "offset"), hex(s.attribute("stop-color").unwrap())))
            .collect();
        let y = Axis::read(one(root, "g", "y"), "y1");
        let x = Axis::read(one(root, "g", "x"), "x1");
        let cells = find(root, "rect", "cell");
        assert_eq!(cells.len(), m.frequency.len() * (m.recency_edges.len() - 1));
        let mut filled = 0;
        for c in cells.iter().filter(|c| !class_is(**c, "empty")) {
            let (r, j): (usize, usize) = (
                c.attribute("data-row").unwrap().parse().unwrap(),
                c.attribute("data-column").unwrap().parse().unwrap(),
            );
            let v = data_value(*c);
            assert_eq!(Some(v), m.values[r][j], "cell ({r}, {j}): the exact matrix value");
            let want = gradient_at(&stops, v / top);
            let got = hex(c.attribute("fill").unwrap());
            assert!(
                (0..3).all(|k| (got[k] - want[k]).abs() <= 1.0),
                "cell ({r}, {j}) colour {got:?} vs legend {want:?}"
            );
            // Position: the row's centre on the y axis, the column's edges on the x axis.
            let cy = f(*c, "y") + f(*c, "height") / 2.0;
            assert!((y.value(cy) - m.frequency[r] as f64).abs() <= 0.02, "row {r} drawn at {}", y.value(cy));
            let (x0, x1) = (f(*c, "x"), f(*c, "x") + f(*c, "width"));
            assert!((x.value(x0) - m.recency_edges[j]).abs() <= x.tolerance() * 2.0);
            assert!((x.value(x1) - m.recency_edges[j + 1]).abs() <= x.tolerance() * 2.0);
            filled += 1;
        }
        let defined = m.values.iter().flatten().filter(|v| v.is_some()).count();
        assert_eq!(filled, defined);
        assert_eq!(defined, (m.frequency.len() - 1) * (m.recency_edges.len() - 1) + 1, "row 0 has one cell");
        // The colour legend's ticks read the same scale: its top is the largest value's ceiling.
        let max = m.values.iter().flatten().flatten().copied().fold(0.0, f64::max);
        assert!(top >= max && top <= 2.5 * max.max(0.4));
    }
}

#[test]
fn tier_picture_plots_customers_and_value() {
    let p = pictures();
    for width in [640.0, 360.0] {
        let svg = plot_tiers(&p.tiers, &ChartOptions { width, ..ChartOptions::default() }).unwrap();
        let doc = parse(&svg);
        let root = doc.root_element();
        for (panel, want) in [
            ("customers", p.tiers.tiers.iter().map(|t| t.customers as f64).collect::<Vec<_>>()),
            ("clv", p.tiers.tiers.iter().map(|t| t.clv).collect()),
        ] {
            let g = one(root, "g", panel);
            let x = Axis::read(one(g, "g", "x"), "x1");
            let bars = find(g, "rect", "bar");
            assert_eq!(bars.len(), 4);
            for (bar, v) in bars.iter().zip(&want) {
                assert_eq!(data_value(*bar), *v);
                let end = f(*bar, "x") + f(*bar, "width");
                assert!((x.value(end) - v).abs() <= x.tolerance(), "{panel}: bar ends at {}, table {v}", x.value(end));
                assert!(x.value(f(*bar, "x")).abs() <= x.tolerance());
            }
        }
    }
    assert_eq!(p.tiers.tiers.iter().map(|t| t.customers).sum::<usize>(), 2357);
}

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name)
}

#[test]
fn snapshots_of_the_cdnow_pictures() {
    let p = pictures();
    // Small heat maps keep the snapshots small; the picture code is the same.
    let c = CdnowFit::load();
    let small = FrequencyRecencyConfig { max_frequency: 8, recency_cells: 10, ..FrequencyRecencyConfig::default() };
    let alive = FrequencyRecencyMatrix::new(&c.bg, &c.data(), TimeUnit::Week, MatrixQuantity::PAlive, &small).unwrap();
    let opts = ChartOptions::default();
    let phone = ChartOptions { width: 360.0, ..ChartOptions::default() };
    let dark = ChartOptions { theme: Theme::Dark, ..ChartOptions::default() };
    let pictures = [
        ("value_holdout.svg", plot_holdout(&p.holdout, &opts).unwrap()),
        ("value_period_transactions.svg", plot_period_transactions(&p.period, &opts).unwrap()),
        ("value_tracking.svg", plot_tracking(&p.tracking, &opts).unwrap()),
        ("value_tracking_phone.svg", plot_tracking(&p.tracking, &phone).unwrap()),
        ("value_p_alive_small_dark.svg", plot_frequency_recency(&alive, &dark).unwrap()),
        ("value_tiers.svg", plot_tiers(&p.tiers, &opts).unwrap()),
    ];
    let bless = std::env::var_os("RELMAP_BLESS").is_some();
    for (name, svg) in pictures {
        // The same input gives the same bytes.
        assert_eq!(
            svg,
            match name {
                "value_holdout.svg" => plot_holdout(&p.holdout, &opts).unwrap(),
                "value_tracking.svg" => plot_tracking(&p.tracking, &opts).unwrap(),
                _ => svg.clone(),
            }
        );
        let path = snapshot_path(name);
        if bless {
            std::fs::write(&path, &svg).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("snapshot {name} missing: run with RELMAP_BLESS=1"));
        assert!(svg == expected, "the picture {name} changed; review it and re-bless with RELMAP_BLESS=1");
    }
}

#[test]
fn bad_chart_data_and_options_are_refused_with_codes() {
    let p = pictures();
    let e = plot_holdout(&p.holdout, &ChartOptions { width: 100.0, ..ChartOptions::default() }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("options.width")));
    let e = plot_tiers(&p.tiers, &ChartOptions { font_size: f64::NAN, ..ChartOptions::default() }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("options.font_size")));
    let mut h = p.holdout.clone();
    h.bins[2].expected_mean = f64::NAN;
    let e = plot_holdout(&h, &ChartOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_data", Some("bins.expected_mean[2]")));
    h.bins.clear();
    assert_eq!(plot_holdout(&h, &ChartOptions::default()).unwrap_err().code(), "invalid_data");
    let mut t = p.tracking.clone();
    t.expected.pop();
    let e = plot_tracking(&t, &ChartOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_data", Some("expected")));
    let mut m = p.alive.clone();
    m.values[3].pop();
    assert_eq!(plot_frequency_recency(&m, &ChartOptions::default()).unwrap_err().field(), Some("values[3]"));
    let mut m = p.alive.clone();
    m.values[3][4] = Some(f64::INFINITY);
    assert_eq!(plot_frequency_recency(&m, &ChartOptions::default()).unwrap_err().code(), "invalid_data");
    let mut o = p.tiers.clone();
    o.tiers[1].clv = -5.0;
    assert_eq!(plot_tiers(&o, &ChartOptions::default()).unwrap_err().field(), Some("tiers[1].clv"));
    let mut q = p.period.clone();
    q.bins[0].simulated = f64::NAN;
    assert_eq!(plot_period_transactions(&q, &ChartOptions::default()).unwrap_err().code(), "invalid_data");
    // Hostile titles are escaped and the picture stays well-formed.
    let opts = ChartOptions { title: Some("<b>&\"'</b> ]]> 王总的客户".into()), ..ChartOptions::default() };
    for (name, svg) in draw_all(&p, &opts) {
        check_layout(name, &svg);
        assert!(svg.contains("&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt;"));
    }
}
