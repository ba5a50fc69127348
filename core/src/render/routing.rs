//! Routing relation lines around the boxes they do not connect.
//!
//! Each line is a quadratic curve between its two boxes. Candidates bow left
//! and right by growing amounts; the one passing through the fewest other
//! boxes wins (ties go to the gentler bow), and a line between a pair already
//! joined avoids the bows used before, so parallel relations stay apart.

use std::collections::HashMap;

use super::layout::Rect;
use super::svg_marks::Curve;
use super::LayoutConfig;

/// A grid index over the boxes, for quick point-in-box queries.
pub(crate) struct Router<'a> {
    boxes: &'a [Rect],
    /// Where lines may run; points outside count as crossings.
    bounds: Rect,
    cell: f64,
    grid: HashMap<(i64, i64), Vec<usize>>,
    cfg: &'a LayoutConfig,
    used: HashMap<(usize, usize), Vec<i64>>,
}

impl<'a> Router<'a> {
    pub fn new(boxes: &'a [Rect], bounds: Rect, cfg: &'a LayoutConfig) -> Self {
        let cell = (cfg.min_node_width * 1.5).max(1.0);
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, r) in boxes.iter().enumerate() {
            let (x0, y0) = ((r.x / cell).floor() as i64, (r.y / cell).floor() as i64);
            let (x1, y1) = (((r.x + r.w) / cell).floor() as i64, ((r.y + r.h) / cell).floor() as i64);
            for gx in x0..=x1 {
                for gy in y0..=y1 {
                    grid.entry((gx, gy)).or_default().push(i);
                }
            }
        }
        Router { boxes, bounds, cell, grid, cfg, used: HashMap::new() }
    }

    /// How many sample points of the curve fall inside boxes other than `a` and `b`.
    fn crossings(&self, curve: &Curve, a: usize, b_idx: usize) -> usize {
        let n = self.cfg.route_samples;
        (1..n)
            .filter(|&k| {
                let (x, y) = curve.at(k as f64 / n as f64);
                let b = &self.bounds;
                if x < b.x || x > b.x + b.w || y < b.y || y > b.y + b.h {
                    return true;
                }
                let key = ((x / self.cell).floor() as i64, (y / self.cell).floor() as i64);
                self.grid.get(&key).is_some_and(|list| {
                    list.iter().any(|&i| {
                        let r = &self.boxes[i];
                        i != a && i != b_idx && x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h
                    })
                })
            })
            .count()
    }

    /// The curve from box `a` to box `b` that crosses the fewest other boxes.
    pub fn route(&mut self, a: usize, b: usize) -> Curve {
        let key = (a.min(b), a.max(b));
        let used = self.used.get(&key).cloned().unwrap_or_default();
        let steps = i64::from(self.cfg.bow_steps);
        let mut best: Option<(usize, i64, Curve)> = None;
        for step in 1..=steps {
            for sign in [1, -1] {
                // Bows are stored relative to the pair's own orientation (low index → high index).
                let signed = step * sign;
                let canonical = if a <= b { signed } else { -signed };
                if used.contains(&canonical) {
                    continue;
                }
                let curve = Curve::between(&self.boxes[a], &self.boxes[b], signed as f64, self.cfg);
                let cost = self.crossings(&curve, a, b);
                if best.as_ref().is_none_or(|(c, _, _)| cost < *c) {
                    best = Some((cost, canonical, curve));
                }
            }
        }
        let (_, canonical, curve) = match best {
            Some(found) => found,
            // Every bow is taken by earlier lines between this pair: go further out.
            None => {
                let signed = steps + used.len() as i64;
                let canonical = if a <= b { signed } else { -signed };
                (0, canonical, Curve::between(&self.boxes[a], &self.boxes[b], signed as f64, self.cfg))
            }
        };
        self.used.entry(key).or_default().push(canonical);
        curve
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f64, y: f64) -> Rect {
        Rect { x, y, w: 100.0, h: 40.0 }
    }

    #[test]
    fn a_line_bows_around_a_box_in_its_way() {
        let cfg = LayoutConfig::default();
        let boxes = [r(0.0, 0.0), r(200.0, 0.0), r(400.0, 0.0)];
        let mut router = Router::new(&boxes, Rect { x: -1e4, y: -1e4, w: 2e4, h: 2e4 }, &cfg);
        let c = router.route(0, 2);
        assert_eq!(router.crossings(&c, 0, 2), 0);
        // A straight line would have gone through the middle box.
        let fenced = Router::new(&boxes, Rect { x: -10.0, y: -10.0, w: 600.0, h: 60.0 }, &cfg);
        assert!(fenced.crossings(&c, 0, 2) > 0, "a line leaving the bounds counts as crossing");
        let straight = Curve::between(&boxes[0], &boxes[2], 0.0, &cfg);
        assert!(router.crossings(&straight, 0, 2) > 0);
    }

    #[test]
    fn lines_between_one_pair_take_different_bows() {
        let cfg = LayoutConfig::default();
        let boxes = [r(0.0, 0.0), r(0.0, 200.0)];
        let mut router = Router::new(&boxes, Rect { x: -1e4, y: -1e4, w: 2e4, h: 2e4 }, &cfg);
        let a = router.route(0, 1);
        let b = router.route(1, 0);
        let c = router.route(0, 1);
        let mids = [a.mid(), b.mid(), c.mid()];
        for i in 0..3 {
            for j in i + 1..3 {
                let d = ((mids[i].0 - mids[j].0).powi(2) + (mids[i].1 - mids[j].1).powi(2)).sqrt();
                assert!(d > 10.0, "curves {i} and {j} coincide");
            }
        }
    }
}
