//! The scene: what every output format draws, after the overlay is checked
//! and the key-player filter applied.

use super::lines::{strongest_per_person, LineRule};
use super::qualification::{chosen, PersonMarks};
use super::{Overlay, RenderError, RenderOptions};
use crate::model::{Direction, Opportunity, RelationshipMap, Stakeholder, TeamMember};

/// One end of a highlighted-path step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    /// Position in [`Scene::team`].
    Team(usize),
    /// Position in [`Scene::nodes`].
    Node(usize),
}

/// A stakeholder that is drawn.
#[derive(Debug, Clone)]
pub(crate) struct SceneNode {
    /// Index in the map's stakeholders.
    pub idx: usize,
    /// Scene index of the nearest drawn manager.
    pub parent: Option<usize>,
    /// Whether managers were left out between this node and `parent`.
    pub skips: bool,
    /// The department, inherited from the nearest manager that has one.
    pub department: Option<String>,
    /// Overlay influence.
    pub influence: Option<f64>,
    /// Red-flag codes, sorted and without repeats.
    pub flags: Vec<String>,
    /// Whether the node lies on the highlighted path.
    pub on_path: bool,
    /// What the drawn opportunity's qualification says about them.
    pub marks: PersonMarks,
}

/// A relation between two drawn stakeholders.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SceneRelation {
    /// Index in the map's relations.
    pub rel: usize,
    /// Scene index of the source.
    pub source: usize,
    /// Scene index of the target.
    pub target: usize,
    /// Whether the relation is a step of the highlighted path.
    pub on_path: bool,
}

/// Everything an output format needs, in a deterministic order.
pub(crate) struct Scene<'a> {
    pub map: &'a RelationshipMap,
    pub opts: &'a RenderOptions,
    /// Drawn stakeholders, in map order.
    pub nodes: Vec<SceneNode>,
    /// Our team members drawn (those opening the highlighted path), in path order.
    pub team: Vec<usize>,
    /// Relations drawn between drawn stakeholders, in map order.
    pub relations: Vec<SceneRelation>,
    /// Relations between drawn stakeholders left out by the line limit.
    pub hidden_relations: usize,
    /// The line settings decided by the density.
    pub rule: LineRule,
    /// Whether each drawn stakeholder is in focus (all their lines drawn).
    pub focus: Vec<bool>,
    /// The highlighted path.
    pub path: Vec<Endpoint>,
    /// The largest overlay influence among drawn nodes (0 if none).
    pub max_influence: f64,
    /// The opportunity whose qualification is marked.
    pub deal: Option<&'a Opportunity>,
    /// In a key-players picture, how many of the drawn stakeholders are key players by
    /// the decision chain's rule (the others are drawn for a red flag, the highlighted
    /// path, the focus or the champion); 0 otherwise.
    pub key_players: usize,
}

impl<'a> Scene<'a> {
    /// Checks the overlay and options against the map and builds the scene.
    pub fn build(map: &'a RelationshipMap, overlay: &Overlay, opts: &'a RenderOptions) -> Result<Self, RenderError> {
        opts.validate()?;
        let deal = chosen(map, opts)?;
        let n = map.stakeholders().len();
        let mut influence: Vec<Option<f64>> = vec![None; n];
        let mut ids: Vec<&String> = overlay.influence.keys().collect();
        ids.sort();
        for id in ids {
            let u = overlay.influence[id];
            let i = stakeholder(map, id, "overlay.influence")?;
            if !(u.is_finite() && u >= 0.0) {
                return Err(RenderError::InvalidValue {
                    id: id.clone(),
                    field: format!("overlay.influence.{id}"),
                    value: u,
                });
            }
            influence[i] = Some(u);
        }
        let mut flags: Vec<Vec<String>> = vec![Vec::new(); n];
        let mut ids: Vec<&String> = overlay.flags.keys().collect();
        ids.sort();
        for id in ids {
            let i = stakeholder(map, id, "overlay.flags")?;
            for code in &overlay.flags[id] {
                if code.trim().is_empty() {
                    return Err(RenderError::EmptyFlag { id: id.clone(), field: format!("overlay.flags.{id}") });
                }
                flags[i].push(code.clone());
            }
            flags[i].sort();
            flags[i].dedup();
        }
        // The path: team members first, then stakeholders.
        let mut path_ids: Vec<PathId> = Vec::with_capacity(overlay.highlight_path.len());
        for (k, id) in overlay.highlight_path.iter().enumerate() {
            let field = || format!("overlay.highlight_path[{k}]");
            let opening = path_ids.iter().all(|p| matches!(p, PathId::Team(_)));
            match (map.member_idx(id), map.stakeholder_idx(id)) {
                (Some(m), _) if opening => path_ids.push(PathId::Team(m)),
                (_, Some(s)) => path_ids.push(PathId::Stakeholder(s)),
                (Some(_), None) => return Err(RenderError::TeamMemberInPath { id: id.clone(), field: field() }),
                (None, None) => {
                    return Err(RenderError::UnknownId {
                        kind: "stakeholder or team member",
                        id: id.clone(),
                        field: field(),
                    })
                }
            }
        }
        let on_path: Vec<bool> = {
            let mut v = vec![false; n];
            for p in &path_ids {
                if let PathId::Stakeholder(s) = p {
                    v[*s] = true;
                }
            }
            v
        };
        let mut in_focus = vec![false; n];
        for (k, id) in opts.lines.focus.iter().enumerate() {
            in_focus[stakeholder(map, id, &format!("options.lines.focus[{k}]"))?] = true;
        }
        let mut key_players = 0;
        let keep: Vec<bool> = if opts.key_players_only {
            // The chain's key players on the overlay's influence (none given counts 0),
            // the flagged, the highlighted path and the people in focus.
            let u: Vec<f64> = influence.iter().map(|u| u.unwrap_or(0.0)).collect();
            // The marked opportunity's MEDDPICC champion too: the deal's inside seller.
            let champion = deal.and_then(|o| o.meddpicc.champion.as_ref()).and_then(|c| c.stakeholder.as_deref());
            let mut keep: Vec<bool> = (0..n)
                .map(|i| {
                    !flags[i].is_empty() || on_path[i] || in_focus[i] || champion == Some(&map.stakeholders()[i].id)
                })
                .collect();
            for i in crate::chain::key_players(map, &u, &opts.key_players) {
                keep[i] = true;
                key_players += 1;
            }
            keep
        } else {
            vec![true; n]
        };
        let managers = map.manager_indices();
        let mut node_of: Vec<Option<usize>> = vec![None; n];
        let mut nodes = Vec::new();
        for i in (0..n).filter(|&i| keep[i]) {
            node_of[i] = Some(nodes.len());
            nodes.push(SceneNode {
                idx: i,
                parent: None,
                skips: false,
                department: effective_department(map, &managers, i),
                influence: influence[i],
                flags: std::mem::take(&mut flags[i]),
                on_path: on_path[i],
                marks: deal.map(|o| PersonMarks::of(o, &map.stakeholders()[i].id)).unwrap_or_default(),
            });
        }
        for node in &mut nodes {
            let mut m = managers[node.idx];
            while let Some(j) = m {
                if let Some(p) = node_of[j] {
                    node.parent = Some(p);
                    break;
                }
                node.skips = true;
                m = managers[j];
            }
            if node.parent.is_none() {
                node.skips = false;
            }
        }
        let mut team: Vec<usize> = Vec::new();
        let mut path = Vec::with_capacity(path_ids.len());
        for p in &path_ids {
            path.push(match *p {
                PathId::Team(m) => {
                    let pos = team.iter().position(|&t| t == m).unwrap_or_else(|| {
                        team.push(m);
                        team.len() - 1
                    });
                    Endpoint::Team(pos)
                }
                // Path stakeholders are always kept.
                PathId::Stakeholder(s) => Endpoint::Node(node_of[s].expect("path stakeholders are kept")),
            });
        }
        let steps: Vec<(usize, usize)> = path
            .windows(2)
            .filter_map(|w| match (w[0], w[1]) {
                (Endpoint::Node(a), Endpoint::Node(b)) => Some((a, b)),
                _ => None,
            })
            .collect();
        let mut relations = Vec::new();
        for (k, r) in map.relations().iter().enumerate() {
            let (Some(s), Some(t)) = (
                node_of[map.stakeholder_idx(&r.source).expect("valid map")],
                node_of[map.stakeholder_idx(&r.target).expect("valid map")],
            ) else {
                continue;
            };
            let on_path =
                steps.iter().any(|&(a, b)| (a, b) == (s, t) || (r.direction == Direction::Both && (b, a) == (s, t)));
            relations.push(SceneRelation { rel: k, source: s, target: t, on_path });
        }
        let max_influence = nodes.iter().filter_map(|n| n.influence).fold(0.0, f64::max);
        let focus: Vec<bool> = nodes.iter().map(|node| in_focus[node.idx]).collect();
        let rule = opts.lines.resolve(nodes.len(), relations.len());
        let mut hidden_relations = 0;
        if let Some(k) = rule.keep {
            // Ties in strength go to lines toward the more influential (else better connected) person.
            let weight: Vec<f64> = if nodes.iter().any(|node| node.influence.is_some()) {
                nodes.iter().map(|node| node.influence.unwrap_or(0.0)).collect()
            } else {
                let mut degree = vec![0.0; nodes.len()];
                for r in &relations {
                    degree[r.source] += 1.0;
                    degree[r.target] += 1.0;
                }
                degree
            };
            let strength = |r: &SceneRelation| map.relations()[r.rel].strength;
            let kept = strongest_per_person(nodes.len(), &relations, strength, &weight, &focus, k);
            hidden_relations = kept.iter().filter(|&&k| !k).count();
            let mut kept = kept.into_iter();
            relations.retain(|_| kept.next().expect("one verdict per relation"));
        }
        Ok(Scene {
            map,
            opts,
            nodes,
            team,
            relations,
            hidden_relations,
            rule,
            focus,
            path,
            max_influence,
            deal,
            key_players,
        })
    }

    /// The stakeholder drawn as scene node `n`.
    pub fn stakeholder(&self, n: usize) -> &'a Stakeholder {
        &self.map.stakeholders()[self.nodes[n].idx]
    }

    /// The team member drawn as team position `t`.
    pub fn member(&self, t: usize) -> &'a TeamMember {
        &self.map.team()[self.team[t]]
    }

    /// The badges of node `n`: its roles, then the qualification marks.
    pub fn badges(&self, n: usize) -> Vec<(&'static str, super::style::Rgb)> {
        let s = self.stakeholder(n);
        let mut out: Vec<(&'static str, super::style::Rgb)> =
            s.roles.iter().map(|&r| (super::style::role_badge(r), super::style::role_colour(r))).collect();
        out.extend(self.nodes[n].marks.badges());
        out
    }

    /// The size factor of node `n`: 1 without influence, up to `max_influence_scale`.
    pub fn scale(&self, n: usize) -> f64 {
        let max = self.opts.layout.max_influence_scale;
        match self.nodes[n].influence {
            Some(u) if self.max_influence > 0.0 => 1.0 + (max - 1.0) * (u / self.max_influence).sqrt(),
            _ => 1.0,
        }
    }

    /// The sort key of node `n` among its siblings: department (none last), then id.
    pub fn sibling_key(&self, n: usize) -> (bool, &str, &str) {
        let d = self.nodes[n].department.as_deref();
        (d.is_none(), d.unwrap_or(""), self.stakeholder(n).id.as_str())
    }

    /// The children of each node and the roots, each sorted by [`Self::sibling_key`].
    pub fn forest(&self) -> (Vec<Vec<usize>>, Vec<usize>) {
        let mut children = vec![Vec::new(); self.nodes.len()];
        let mut roots = Vec::new();
        for (k, node) in self.nodes.iter().enumerate() {
            match node.parent {
                Some(p) => children[p].push(k),
                None => roots.push(k),
            }
        }
        for c in &mut children {
            c.sort_by(|&a, &b| self.sibling_key(a).cmp(&self.sibling_key(b)));
        }
        roots.sort_by(|&a, &b| self.sibling_key(a).cmp(&self.sibling_key(b)));
        (children, roots)
    }

    /// The departments of the drawn nodes, sorted, without repeats.
    pub fn departments(&self) -> Vec<&str> {
        let mut d: Vec<&str> = self.nodes.iter().filter_map(|n| n.department.as_deref()).collect();
        d.sort();
        d.dedup();
        d
    }

    /// Consecutive steps of the highlighted path.
    pub fn path_steps(&self) -> impl Iterator<Item = (Endpoint, Endpoint)> + '_ {
        self.path.windows(2).map(|w| (w[0], w[1]))
    }
}

enum PathId {
    Team(usize),
    Stakeholder(usize),
}

fn stakeholder(map: &RelationshipMap, id: &str, field: &str) -> Result<usize, RenderError> {
    map.stakeholder_idx(id).ok_or_else(|| RenderError::UnknownId {
        kind: "stakeholder",
        id: id.to_owned(),
        field: field.to_owned(),
    })
}

fn effective_department(map: &RelationshipMap, managers: &[Option<usize>], i: usize) -> Option<String> {
    let mut cur = Some(i);
    while let Some(j) = cur {
        if let Some(d) = map.stakeholders()[j].department.as_deref() {
            let d = d.trim();
            if !d.is_empty() {
                return Some(d.to_owned());
            }
        }
        cur = managers[j];
    }
    None
}

impl Scene<'_> {
    /// Element ids for the exports: stakeholder ids as they are, team members
    /// as `team:{id}` (made unique against stakeholder ids), in scene order.
    pub fn export_ids(&self) -> (Vec<String>, Vec<String>) {
        let nodes: Vec<String> = (0..self.nodes.len()).map(|k| self.stakeholder(k).id.clone()).collect();
        let mut taken: std::collections::HashSet<String> =
            self.map.stakeholders().iter().map(|s| s.id.clone()).collect();
        let team = (0..self.team.len())
            .map(|t| {
                let mut id = format!("team:{}", self.member(t).id);
                while taken.contains(&id) {
                    id.push('~');
                }
                taken.insert(id.clone());
                id
            })
            .collect();
        (nodes, team)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::KeyPlayerRule;
    use crate::model::{Account, Role, TeamMember};

    fn map() -> RelationshipMap {
        let mut m = RelationshipMap::new(Account::new("a", "A"));
        m.add_team_member(TeamMember::new("rep", "Rep")).unwrap();
        m.add_stakeholder(Stakeholder::new("ceo", "CEO").with_roles([Role::EconomicBuyer]).with_department("Board"))
            .unwrap();
        m.add_stakeholder(Stakeholder::new("vp", "VP").with_reports_to("ceo").with_department("IT")).unwrap();
        m.add_stakeholder(Stakeholder::new("mgr", "Mgr").with_reports_to("vp")).unwrap();
        m.add_stakeholder(Stakeholder::new("eng", "Eng").with_reports_to("mgr").with_roles([Role::Coach])).unwrap();
        m
    }

    #[test]
    fn departments_are_inherited_from_managers() {
        let m = map();
        let opts = RenderOptions::default();
        let s = Scene::build(&m, &Overlay::default(), &opts).unwrap();
        let depts: Vec<Option<&str>> = s.nodes.iter().map(|n| n.department.as_deref()).collect();
        assert_eq!(depts, [Some("Board"), Some("IT"), Some("IT"), Some("IT")]);
        assert_eq!(s.departments(), ["Board", "IT"]);
    }

    #[test]
    fn key_players_hang_from_their_nearest_kept_manager() {
        let m = map();
        // The chain's rule, here with the coach among the key roles.
        let key_players = KeyPlayerRule { roles: vec![Role::EconomicBuyer, Role::Coach], ..KeyPlayerRule::default() };
        let opts = RenderOptions { key_players_only: true, key_players, ..Default::default() };
        let s = Scene::build(&m, &Overlay::default(), &opts).unwrap();
        let ids: Vec<&str> = (0..s.nodes.len()).map(|k| s.stakeholder(k).id.as_str()).collect();
        assert_eq!(ids, ["ceo", "eng"]);
        assert_eq!(s.nodes[1].parent, Some(0));
        assert!(s.nodes[1].skips);
        assert!(!s.nodes[0].skips);
        // Influence, flags and the path make key players too.
        let overlay = Overlay::default().with_influence("vp", 0.3).with_flag("mgr", "x").with_flag("mgr", "x");
        let s = Scene::build(&m, &overlay, &opts).unwrap();
        assert_eq!(s.nodes.len(), 4);
        assert_eq!(s.nodes[2].flags, ["x"]);
        assert!(!s.nodes[3].skips);
    }

    #[test]
    fn the_path_opens_with_team_members_and_marks_its_people() {
        let m = map();
        let opts = RenderOptions { key_players_only: true, ..Default::default() };
        let overlay = Overlay::default().with_highlight_path(["rep", "mgr", "ceo"]);
        let s = Scene::build(&m, &overlay, &opts).unwrap();
        assert_eq!(s.team, [0]);
        assert_eq!(s.path, [Endpoint::Team(0), Endpoint::Node(1), Endpoint::Node(0)]);
        assert!(s.nodes[1].on_path && s.stakeholder(1).id == "mgr");
        assert_eq!(s.export_ids().1, ["team:rep"]);
    }

    #[test]
    fn influence_scales_by_square_root_of_the_share() {
        let m = map();
        let opts = RenderOptions::default();
        let overlay = Overlay::default().with_influence("ceo", 0.4).with_influence("vp", 0.1);
        let s = Scene::build(&m, &overlay, &opts).unwrap();
        let max = opts.layout.max_influence_scale;
        assert_eq!(s.scale(0), max);
        assert!((s.scale(1) - (1.0 + (max - 1.0) * 0.5)).abs() < 1e-12);
        assert_eq!(s.scale(2), 1.0);
    }
}
