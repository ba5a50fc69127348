//! Bundled routing of relation lines over the org chart.
//!
//! A line leaves its person toward the junction where their manager's
//! connectors branch, so lines out of one team start together (the first level
//! of hierarchical edge bundling, Holten 2006). Between people of one level it
//! runs along a lane in the gap above them; across levels it climbs through the
//! gaps between the boxes of each level in between, always the same channel for
//! lines heading the same way, so parallel lines group instead of crossing the
//! chart one by one. The control points are drawn as a clamped cubic B-spline.
//! A manager and their own report keep a bowed curve.

use super::layout::{Layout, Rect};
use super::scene::Scene;
use super::svg_marks::{boundary, Curve, Line};
use super::text::num;

type Point = (f64, f64);

/// How far a line crossing a level keeps off the boxes, in px.
const CHANNEL_MARGIN: f64 = 12.0;

/// A relation line: a quadratic curve or a bundled spline of cubic segments.
#[derive(Debug, Clone)]
pub(crate) enum LinePath {
    Curve(Curve),
    /// Starts at `start`; each segment is (control 1, control 2, end).
    Spline {
        start: Point,
        segments: Vec<[Point; 3]>,
    },
}

impl Line for LinePath {
    fn d(&self) -> String {
        match self {
            LinePath::Curve(c) => c.d(),
            LinePath::Spline { start, segments } => {
                let mut d = format!("M{} {}", num(start.0), num(start.1));
                for [c1, c2, e] in segments {
                    d.push_str(&format!(
                        "C{} {} {} {} {} {}",
                        num(c1.0),
                        num(c1.1),
                        num(c2.0),
                        num(c2.1),
                        num(e.0),
                        num(e.1)
                    ));
                }
                d
            }
        }
    }

    fn mid(&self) -> Point {
        match self {
            LinePath::Curve(c) => c.mid(),
            LinePath::Spline { start, segments } => {
                let k = segments.len() / 2;
                let from = if k == 0 { *start } else { segments[k - 1][2] };
                let [c1, c2, e] = segments[k];
                // A cubic Bézier at t = 1/2.
                let f = |a: f64, b: f64, c: f64, d: f64| (a + 3.0 * b + 3.0 * c + d) / 8.0;
                (f(from.0, c1.0, c2.0, e.0), f(from.1, c1.1, c2.1, e.1))
            }
        }
    }
}

impl LinePath {
    /// The same line, run the other way.
    pub fn reversed(&self) -> LinePath {
        match self {
            LinePath::Curve(c) => LinePath::Curve(c.reversed()),
            LinePath::Spline { start, segments } => {
                let mut points: Vec<Point> = vec![*start];
                for s in segments {
                    points.extend_from_slice(s);
                }
                points.reverse();
                LinePath::Spline {
                    start: points[0],
                    segments: points[1..].chunks(3).map(|c| [c[0], c[1], c[2]]).collect(),
                }
            }
        }
    }
}

/// The org chart and its free channels, as the bundler needs them.
pub(crate) struct Bundler<'a> {
    boxes: &'a [Rect],
    parent: Vec<Option<usize>>,
    depth: Vec<usize>,
    /// The junction below each node where its children's connectors branch.
    bus: Vec<Point>,
    /// In the gap above each level: the lane of lines within the level (above the
    /// org chart's junctions) and of lines between levels (below them); and each
    /// level's middle.
    lane_y: Vec<f64>,
    cross_y: Vec<f64>,
    mid_y: Vec<f64>,
    /// The free stretches of each level, left to right (box edges padded).
    free: Vec<Vec<(f64, f64)>>,
}

impl<'a> Bundler<'a> {
    pub fn new(scene: &Scene, lay: &Layout, boxes: &'a [Rect]) -> Bundler<'a> {
        let gap = scene.opts.layout.row_gap;
        let pad = scene.opts.layout.sibling_gap / 4.0;
        let bus = lay
            .nodes
            .iter()
            .map(|b| {
                let below = lay.row_tops.get(b.depth + 1).map_or(b.rect.y + b.rect.h + gap, |&t| t);
                (b.rect.centre().0, below - gap / 2.0)
            })
            .collect();
        let lane_y: Vec<f64> = lay.row_tops.iter().map(|t| t - gap * 0.7).collect();
        let cross_y: Vec<f64> = lay.row_tops.iter().map(|t| t - gap * 0.3).collect();
        let mid_y: Vec<f64> = lay.row_tops.iter().zip(&lay.row_heights).map(|(t, h)| t + h / 2.0).collect();
        let free = mid_y
            .iter()
            .map(|&y| {
                let mut blocked: Vec<(f64, f64)> =
                    boxes.iter().filter(|r| r.y <= y && y <= r.y + r.h).map(|r| (r.x - pad, r.x + r.w + pad)).collect();
                blocked.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut out = Vec::new();
                let mut from = f64::NEG_INFINITY;
                for (a, b) in blocked {
                    if a > from {
                        out.push((from, a));
                    }
                    from = from.max(b);
                }
                out.push((from, f64::INFINITY));
                out
            })
            .collect();
        Bundler {
            boxes,
            parent: scene.nodes.iter().map(|n| n.parent).collect(),
            depth: lay.nodes.iter().map(|b| b.depth).collect(),
            bus,
            lane_y,
            cross_y,
            mid_y,
            free,
        }
    }

    /// Where a line heading for `x` crosses level `row`: the nearest point of the
    /// nearest free stretch, kept a little off the boxes (the middle of a narrow stretch).
    fn channel(&self, row: usize, x: f64) -> f64 {
        let distance = |&(a, b): &(f64, f64)| {
            if x < a {
                a - x
            } else if x > b {
                x - b
            } else {
                0.0
            }
        };
        let &(a, b) = self.free[row]
            .iter()
            .min_by(|p, q| distance(p).total_cmp(&distance(q)))
            .expect("every level has a free stretch");
        let margin = if a.is_finite() && b.is_finite() { ((b - a) / 2.0).min(CHANNEL_MARGIN) } else { CHANNEL_MARGIN };
        x.clamp(a + margin, b - margin)
    }

    /// Where a line leaves node `v` toward the levels above: their manager's junction.
    fn exit_x(&self, v: usize, other: usize) -> f64 {
        match self.parent[v] {
            Some(p) if p != other => self.bus[p].0,
            _ => self.boxes[v].centre().0,
        }
    }

    /// The bundled line from stakeholder `a` to `b`, or `None` for a manager and
    /// their direct report (the caller bows those).
    pub fn route(&self, a: usize, b: usize) -> Option<LinePath> {
        if self.parent[a] == Some(b) || self.parent[b] == Some(a) {
            return None;
        }
        // Route from the lower (deeper) end up; reverse afterwards if needed.
        let (lo, hi, flip) = if self.depth[a] >= self.depth[b] { (a, b, false) } else { (b, a, true) };
        let (dl, dh) = (self.depth[lo], self.depth[hi]);
        let mut points: Vec<Point> = vec![self.boxes[lo].centre()];
        if dl == dh {
            // One level: up into the lane above it, along it past both teams' junctions, down.
            let lane = self.lane_y[dl];
            let xs = [self.boxes[lo].centre().0, self.exit_x(lo, hi), self.exit_x(hi, lo), self.boxes[hi].centre().0];
            for x in xs {
                if points.last().is_none_or(|p| (p.0 - x).abs() > 0.5 || p.1 != lane) {
                    points.push((x, lane));
                }
            }
        } else {
            // Up through the levels between, in the gaps below the org chart's junctions.
            let start = self.exit_x(lo, hi);
            let end = self.boxes[hi].centre().0;
            points.push((start, self.cross_y[dl]));
            for row in (dh + 1..dl).rev() {
                let t = (dl - row) as f64 / (dl - dh) as f64;
                let x = self.channel(row, start + t * (end - start));
                points.push((x, self.mid_y[row]));
                points.push((x, self.cross_y[row]));
            }
            points.push((end, self.cross_y[dh + 1]));
        }
        points.push(self.boxes[hi].centre());
        let n = points.len();
        points[0] = boundary(&self.boxes[lo], points[1]);
        points[n - 1] = boundary(&self.boxes[hi], points[n - 2]);
        let line = spline(&points);
        Some(if flip { line.reversed() } else { line })
    }
}

/// The clamped uniform cubic B-spline of a control polygon, as Bézier segments.
fn spline(p: &[Point]) -> LinePath {
    let mut q: Vec<Point> = vec![p[0], p[0]];
    q.extend_from_slice(p);
    q.extend_from_slice(&[p[p.len() - 1], p[p.len() - 1]]);
    let lerp = |a: Point, b: Point, wa: f64, wb: f64, s: f64| ((wa * a.0 + wb * b.0) / s, (wa * a.1 + wb * b.1) / s);
    let segments = (0..q.len() - 3)
        .map(|i| {
            let (q1, q2, q3) = (q[i + 1], q[i + 2], q[i + 3]);
            let end = {
                let m = lerp(q1, q3, 1.0, 1.0, 2.0);
                lerp(m, q2, 1.0, 2.0, 3.0)
            };
            [lerp(q1, q2, 2.0, 1.0, 3.0), lerp(q1, q2, 1.0, 2.0, 3.0), end]
        })
        .collect();
    LinePath::Spline { start: p[0], segments }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spline_runs_from_first_to_last_point() {
        let p = [(0.0, 0.0), (10.0, 20.0), (30.0, 20.0), (40.0, 0.0)];
        let LinePath::Spline { start, segments } = spline(&p) else { panic!() };
        assert_eq!(start, (0.0, 0.0));
        let end = segments.last().unwrap()[2];
        assert!((end.0 - 40.0).abs() < 1e-12 && end.1.abs() < 1e-12);
        assert_eq!(segments.len(), 5);
        let back = LinePath::Spline { start, segments: segments.clone() }.reversed();
        let LinePath::Spline { start: s2, segments: g2 } = back else { panic!() };
        assert_eq!((s2, g2.last().unwrap()[2]), (end, (0.0, 0.0)));
        assert_eq!(g2.len(), segments.len());
    }
}
