//! Pictures of dense networks: which relation lines are drawn, and how.
//!
//! On a real organisation every person has many relations and the chart turns
//! into a hairball. [`LineOptions`] keeps only each person's strongest lines
//! (all lines of the people in focus), bundles lines along the org chart, fades
//! them by strength, and [`View`] switches to the influence matrix when even
//! that is too dense. Every `Auto` setting is decided by the density: the mean
//! number of lines per drawn person, 2 × lines / people.

use serde::{Deserialize, Serialize};

use super::scene::SceneRelation;
use super::RenderError;

/// How many relation lines each person keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineLimit {
    /// All lines on sparse maps; the `auto_per_person` strongest above `dense_above`.
    #[default]
    Auto,
    /// Every line.
    All,
    /// Each person's k strongest lines: a line is drawn when it is among the k
    /// strongest of either of its ends.
    Strongest(usize),
}

/// On, off, or decided by the density.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Switch {
    /// On above `dense_above` lines per person.
    #[default]
    Auto,
    /// Always.
    On,
    /// Never.
    Off,
}

/// What [`super::svg`] draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// The chart, or the influence matrix above `matrix_above` lines per person
    /// on maps of at least `matrix_min_people` people.
    #[default]
    Auto,
    /// The org chart with relation lines over it.
    Chart,
    /// The influence matrix: a heat map of who influences whom, ordered by the org chart.
    Matrix,
}

/// How relation lines are chosen and drawn on dense maps.
///
/// ```
/// use relmap::render::{LineLimit, LineOptions, RenderOptions, Switch};
/// let opts = RenderOptions {
///     lines: LineOptions { per_person: LineLimit::Strongest(2), bundle: Switch::On, focus: vec!["cfo".into()], ..Default::default() },
///     ..Default::default()
/// };
/// assert!(opts.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LineOptions {
    /// How many lines each person keeps (default `Auto`).
    pub per_person: LineLimit,
    /// Stakeholders whose lines are all drawn, on top and at full strength; the
    /// other lines fade to `unfocused_opacity`.
    pub focus: Vec<String>,
    /// Route lines along the org chart so lines between the same parts of the
    /// organisation run together (bundled routing; default `Auto`).
    pub bundle: Switch,
    /// Fade each line by its strength (default `Auto`).
    pub fade: Switch,
    /// The opacity of the weakest line when fading, in (0, 1] (default 0.3).
    pub min_opacity: f64,
    /// The opacity of lines outside the focus, in (0, 1] (default 0.2).
    pub unfocused_opacity: f64,
    /// Lines per person above which `Auto` thins, bundles and fades (default 4).
    pub dense_above: f64,
    /// How many lines per person `Auto` keeps on a dense map (default 3).
    pub auto_per_person: usize,
    /// Lines per person above which [`View::Auto`] draws the matrix (default 10).
    pub matrix_above: f64,
    /// The fewest people for which [`View::Auto`] draws the matrix (default 12).
    pub matrix_min_people: usize,
    /// Side of one matrix cell in px (default 20).
    pub matrix_cell: f64,
}

impl Default for LineOptions {
    fn default() -> Self {
        LineOptions {
            per_person: LineLimit::Auto,
            focus: Vec::new(),
            bundle: Switch::Auto,
            fade: Switch::Auto,
            min_opacity: 0.3,
            unfocused_opacity: 0.2,
            dense_above: 4.0,
            auto_per_person: 3,
            matrix_above: 10.0,
            matrix_min_people: 12,
            matrix_cell: 20.0,
        }
    }
}

fn invalid(field: &str, value: f64, expected: &'static str) -> RenderError {
    RenderError::InvalidOption { field: format!("options.lines.{field}"), value, expected }
}

impl LineOptions {
    /// Checks every number.
    pub(crate) fn validate(&self) -> Result<(), RenderError> {
        if let LineLimit::Strongest(0) = self.per_person {
            return Err(invalid("per_person", 0.0, ">= 1"));
        }
        if self.auto_per_person == 0 {
            return Err(invalid("auto_per_person", 0.0, ">= 1"));
        }
        let unit = |name: &str, v: f64, open_low: bool| {
            let ok = v.is_finite() && v <= 1.0 && if open_low { v > 0.0 } else { v >= 0.0 };
            if ok {
                Ok(())
            } else {
                Err(invalid(name, v, if open_low { "0..=1 (0 excluded)" } else { "0..=1" }))
            }
        };
        unit("min_opacity", self.min_opacity, true)?;
        unit("unfocused_opacity", self.unfocused_opacity, true)?;
        for (name, v) in [("dense_above", self.dense_above), ("matrix_above", self.matrix_above)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(invalid(name, v, "a finite number >= 0"));
            }
        }
        if !(self.matrix_cell.is_finite() && self.matrix_cell >= 4.0) {
            return Err(invalid("matrix_cell", self.matrix_cell, ">= 4"));
        }
        Ok(())
    }

    /// The settings for a scene of `people` drawn people and `lines` relation lines.
    pub(crate) fn resolve(&self, people: usize, lines: usize) -> LineRule {
        let density = if people == 0 { 0.0 } else { 2.0 * lines as f64 / people as f64 };
        let dense = density > self.dense_above;
        let on = |s: Switch| match s {
            Switch::Auto => dense,
            Switch::On => true,
            Switch::Off => false,
        };
        LineRule {
            density,
            keep: match self.per_person {
                LineLimit::All => None,
                LineLimit::Strongest(k) => Some(k),
                LineLimit::Auto => dense.then_some(self.auto_per_person),
            },
            bundle: on(self.bundle),
            fade: on(self.fade),
            matrix: density > self.matrix_above && people >= self.matrix_min_people,
        }
    }
}

/// The line settings decided for one scene.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineRule {
    /// Lines per drawn person.
    pub density: f64,
    /// Lines kept per person (`None` = all).
    pub keep: Option<usize>,
    pub bundle: bool,
    pub fade: bool,
    /// Whether [`View::Auto`] picks the matrix.
    pub matrix: bool,
}

/// Whether the scene is drawn as the influence matrix.
pub(crate) fn draws_matrix(scene: &super::scene::Scene) -> bool {
    match scene.opts.view {
        View::Matrix => true,
        View::Chart => false,
        View::Auto => scene.rule.matrix,
    }
}

/// The header's words on the relation lines: how many, and how they were thinned and bundled.
pub(crate) fn relations_note(scene: &super::scene::Scene) -> String {
    let drawn = scene.relations.len();
    let mut note = match (scene.hidden_relations, scene.rule.keep) {
        (0, _) | (_, None) => format!("{drawn} relations"),
        (hidden, Some(k)) => format!("{drawn} of {} relations drawn (each person's strongest {k})", drawn + hidden),
    };
    if draws_matrix(scene) {
        return format!("{} relations", drawn + scene.hidden_relations);
    }
    let focus: Vec<&str> =
        (0..scene.nodes.len()).filter(|&k| scene.focus[k]).map(|k| scene.stakeholder(k).name.as_str()).collect();
    if !focus.is_empty() {
        note.push_str(&format!(", all lines of {}", focus.join(", ")));
    }
    if scene.rule.bundle && drawn > 0 && scene.opts.show_relations {
        note.push_str(", bundled along the org chart");
    }
    note
}

/// Which relations stay: each node marks its `k` strongest relations (strength,
/// then the weight of the other end, then map order); a relation stays when
/// either end marked it, when it is on the highlighted path, or when it touches
/// a node in focus.
pub(crate) fn strongest_per_person(
    nodes: usize,
    relations: &[SceneRelation],
    strength: impl Fn(&SceneRelation) -> f64,
    weight: &[f64],
    focus: &[bool],
    k: usize,
) -> Vec<bool> {
    let mut at: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for (r, rel) in relations.iter().enumerate() {
        at[rel.source].push(r);
        if rel.target != rel.source {
            at[rel.target].push(r);
        }
    }
    let mut keep: Vec<bool> = relations.iter().map(|r| r.on_path || focus[r.source] || focus[r.target]).collect();
    for (v, list) in at.iter_mut().enumerate() {
        let other = |r: usize| {
            let rel = &relations[r];
            if rel.source == v {
                rel.target
            } else {
                rel.source
            }
        };
        list.sort_by(|&a, &b| {
            strength(&relations[b])
                .total_cmp(&strength(&relations[a]))
                .then(weight[other(b)].total_cmp(&weight[other(a)]))
                .then(relations[a].rel.cmp(&relations[b].rel))
        });
        for &r in list.iter().take(k) {
            keep[r] = true;
        }
    }
    keep
}

/// The opacity of a line: by strength when fading, dimmed outside the focus.
pub(crate) fn opacity(rule: &LineRule, opts: &LineOptions, strength: f64, focused: Option<bool>) -> Option<f64> {
    let mut o = if rule.fade { opts.min_opacity + (1.0 - opts.min_opacity) * strength.clamp(0.0, 1.0) } else { 1.0 };
    if focused == Some(false) {
        o *= opts.unfocused_opacity;
    }
    (o < 1.0).then_some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(rel: usize, source: usize, target: usize) -> SceneRelation {
        SceneRelation { rel, source, target, on_path: false }
    }

    #[test]
    fn auto_decides_by_lines_per_person() {
        let o = LineOptions::default();
        let sparse = o.resolve(35, 43);
        assert_eq!((sparse.keep, sparse.bundle, sparse.fade, sparse.matrix), (None, false, false, false));
        let dense = o.resolve(21, 190);
        assert!((dense.density - 380.0 / 21.0).abs() < 1e-12);
        assert_eq!((dense.keep, dense.bundle, dense.fade, dense.matrix), (Some(3), true, true, true));
        let forced =
            LineOptions { per_person: LineLimit::Strongest(1), bundle: Switch::Off, ..o.clone() }.resolve(21, 190);
        assert_eq!((forced.keep, forced.bundle), (Some(1), false));
        assert!(!o.resolve(8, 60).matrix, "too few people for a matrix");
    }

    #[test]
    fn each_person_keeps_their_strongest_lines() {
        // A star: 0 is tied to 1..=4 with strengths 0.1..0.4; 1–2 tied at 0.9.
        let rels = [rel(0, 0, 1), rel(1, 0, 2), rel(2, 0, 3), rel(3, 0, 4), rel(4, 1, 2)];
        let s = [0.1, 0.2, 0.3, 0.4, 0.9];
        let keep = strongest_per_person(5, &rels, |r| s[r.rel], &[0.0; 5], &[false; 5], 1);
        // 0 keeps 0–4; 1 and 2 keep 1–2; 3 keeps 0–3; 4 keeps 0–4.
        assert_eq!(keep, [false, false, true, true, true]);
        assert!(keep.iter().filter(|&&k| k).count() <= 5);
        let focused = strongest_per_person(5, &rels, |r| s[r.rel], &[0.0; 5], &[false, true, false, false, false], 1);
        assert!(focused[0] && focused[4]);
    }

    #[test]
    fn opacity_follows_strength_and_focus() {
        let o = LineOptions::default();
        let rule = o.resolve(21, 190);
        assert_eq!(opacity(&rule, &o, 1.0, None), None);
        assert!((opacity(&rule, &o, 0.0, None).unwrap() - 0.3).abs() < 1e-12);
        assert!((opacity(&rule, &o, 1.0, Some(false)).unwrap() - 0.2).abs() < 1e-12);
        let bad = LineOptions { min_opacity: 0.0, ..o };
        assert_eq!(bad.validate().unwrap_err().field(), Some("options.lines.min_opacity"));
    }
}
