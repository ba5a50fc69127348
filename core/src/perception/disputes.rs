//! Where perceivers disagree, ranked by how much of the decision is at stake.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::consensus::{judges, manager_votes, role_kept, symmetric, People, Perception, Tally, Verdict};
use super::MergeConfig;
use crate::chain::graph::{influence_edges, Edge, Interned};
use crate::chain::influence::{initial_stances, InfluenceModel};
use crate::chain::{ChainConfig, ChainError};
use crate::model::{RelationKind, RelationshipMap, Role};

/// One perceiver's stance of a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StanceReading {
    /// The perceiver.
    pub perceiver: String,
    /// Their stance of the person, −5..+5.
    pub stance: f64,
}

/// The perceivers who put a person under one manager (`None` = at the top).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ManagerVote {
    /// The manager's id.
    pub manager: Option<String>,
    /// Who drew it so.
    pub perceivers: Vec<String>,
}

/// What the perceivers disagree about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DisputeSubject {
    /// Some judges drew a tie and others did not.
    Tie {
        /// Source stakeholder id.
        source: String,
        /// Target stakeholder id.
        target: String,
        /// The relation kind.
        relation: RelationKind,
        /// Perceivers who drew it.
        drawn_by: Vec<String>,
        /// Perceivers who drew both people but not the tie.
        not_drawn_by: Vec<String>,
        /// Whether the consensus keeps it.
        kept: bool,
    },
    /// The perceivers' stances of a person span at least `min_stance_range`.
    Stance {
        /// Stakeholder id.
        id: String,
        /// Every known stance, in perceiver order.
        readings: Vec<StanceReading>,
        /// The consensus stance.
        consensus: Option<f64>,
    },
    /// Some perceivers give a person a buying role and others do not.
    Role {
        /// Stakeholder id.
        id: String,
        /// The role.
        role: Role,
        /// Perceivers who give it.
        given_by: Vec<String>,
        /// Perceivers who drew the person without it.
        not_given_by: Vec<String>,
        /// Whether the consensus keeps it.
        kept: bool,
    },
    /// The perceivers put a person under different managers.
    ReportsTo {
        /// Stakeholder id.
        id: String,
        /// The managers drawn, most votes first (the first is the consensus).
        votes: Vec<ManagerVote>,
    },
}

/// A disagreement between perceivers and what hangs on it.
///
/// `at_stake` is the share of the decision the disagreement decides, in [0, 1]:
/// for a tie, a role or a manager, the share of decision influence that changes
/// hands between the two readings (½ Σ|u − u′|, total-variation distance); for a
/// stance, the person's influence times the stance range over the whole scale
/// (u_j · (max − min) / 10). `support_shift` is how far predicted support
/// S = Σ u_j · stance_j / 5 moves between the readings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Dispute {
    /// What is disputed.
    #[serde(flatten)]
    pub subject: DisputeSubject,
    /// Share of the decision at stake, in [0, 1].
    pub at_stake: f64,
    /// Change of predicted support between the readings.
    pub support_shift: f64,
}

/// The consensus influence model, re-solved with one thing changed.
struct Stakes<'a> {
    map: &'a RelationshipMap,
    cfg: &'a ChainConfig,
    interned: Interned<'a>,
    edges: Vec<Edge>,
    authority: Vec<f64>,
    x0: Vec<f64>,
    u: Vec<f64>,
    /// The consensus openness.
    lambda: Vec<f64>,
    support: f64,
}

impl<'a> Stakes<'a> {
    fn new(map: &'a RelationshipMap, u: Vec<f64>, cfg: &'a ChainConfig) -> Stakes<'a> {
        let interned = Interned::new(map);
        let edges = influence_edges(map, &interned.ends, interned.managers, cfg);
        let authority = map.stakeholders().iter().map(|s| cfg.role_authority.authority_of(s)).collect();
        let x0 = initial_stances(map);
        let support = u.iter().zip(&x0).map(|(a, b)| a * b).sum();
        let lambda = InfluenceModel::from_edges(map, &edges, Vec::new(), cfg).lambda;
        Stakes { map, cfg, interned, edges, authority, x0, u, lambda, support }
    }

    /// (at_stake, support_shift) of another reading with these edges and authorities.
    fn shift(&self, edges: &[Edge], authority: &[f64]) -> Result<(f64, f64), ChainError> {
        let model = InfluenceModel::from_edges(self.map, edges, authority.to_vec(), self.cfg);
        let a = match model.decision_weights() {
            Ok(a) => a,
            // Without this reading nobody decides: the whole decision hangs on it.
            Err(ChainError::NoAuthority) => return Ok((1.0, self.support.abs())),
            Err(e) => return Err(e),
        };
        // Start from the consensus solution y = u / (1 − λ): one change moves it little.
        let start = self.u.iter().zip(&self.lambda).map(|(u, l)| u / (1.0 - l)).collect();
        let (u, _) = model.decision_influence_from(&a, start, self.cfg.tolerance, self.cfg.max_iterations)?;
        let tv = 0.5 * self.u.iter().zip(&u).map(|(a, b)| (a - b).abs()).sum::<f64>();
        let s: f64 = u.iter().zip(&self.x0).map(|(a, b)| a * b).sum();
        Ok((tv, (s - self.support).abs()))
    }

    /// Toggles one explicit influence edge speaker → listener.
    fn tie(&self, speaker: usize, listener: usize, strength: f64, kept: bool) -> Result<(f64, f64), ChainError> {
        let (row, col) = (listener as u32, speaker as u32);
        let mut edges = self.edges.clone();
        if kept {
            edges.retain(|e| !(e.explicit && e.row == row && e.col == col));
        } else {
            edges.push(Edge { row, col, w: strength, explicit: true });
        }
        self.shift(&edges, &self.authority)
    }

    fn role(&self, i: usize, role: Role, kept: bool) -> Result<(f64, f64), ChainError> {
        let mut s = self.map.stakeholders()[i].clone();
        if kept {
            s.roles.retain(|&r| r != role);
        } else {
            let roles: Vec<Role> = s.roles.iter().copied().chain([role]).collect();
            s = s.with_roles(roles);
        }
        let mut authority = self.authority.clone();
        authority[i] = self.cfg.role_authority.authority_of(&s);
        self.shift(&self.edges, &authority)
    }

    fn manager(&self, i: usize, manager: Option<usize>) -> Result<(f64, f64), ChainError> {
        let mut managers = self.interned.managers.to_vec();
        managers[i] = manager;
        let edges = influence_edges(self.map, &self.interned.ends, &managers, self.cfg);
        self.shift(&edges, &self.authority)
    }
}

fn names(perceptions: &[Perception<'_>], ps: impl IntoIterator<Item = usize>) -> Vec<String> {
    ps.into_iter().map(|p| perceptions[p].id.to_owned()).collect()
}

/// What a dispute's stake is computed from.
enum Stake {
    /// Already known: (at_stake, support_shift).
    Known(f64, f64),
    Tie {
        speaker: usize,
        listener: usize,
        strength: f64,
        kept: bool,
    },
    Role {
        person: usize,
        role: Role,
        kept: bool,
    },
    Manager {
        person: usize,
        manager: Option<usize>,
    },
}

impl Stakes<'_> {
    fn of(&self, stake: &Stake) -> Result<(f64, f64), ChainError> {
        match *stake {
            Stake::Known(a, s) => Ok((a, s)),
            Stake::Tie { speaker, listener, strength, kept } => self.tie(speaker, listener, strength, kept),
            Stake::Role { person, role, kept } => self.role(person, role, kept),
            Stake::Manager { person, manager } => self.manager(person, manager),
        }
    }
}

/// Each stake in turn, or on rayon's pool with the `parallel` feature (each is a
/// sparse solve of the whole influence model).
fn compute(stakes: &Stakes<'_>, list: &[Stake]) -> Result<Vec<(f64, f64)>, ChainError> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        list.par_iter().with_min_len(16).map(|s| stakes.of(s)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        list.iter().map(|s| stakes.of(s)).collect()
    }
}

/// Every dispute, most at stake first.
pub(crate) fn disputes(
    perceptions: &[Perception<'_>],
    people: &People,
    tallies: &[Tally],
    verdicts: &[Verdict],
    consensus: &RelationshipMap,
    u: &[f64],
    cfg: &MergeConfig,
) -> Result<Vec<Dispute>, ChainError> {
    let stakes = Stakes::new(consensus, u.to_vec(), &cfg.chain);
    // People are in the same order in the consensus map as in `people`.
    debug_assert!(consensus.stakeholders().iter().zip(&people.ids).all(|(s, id)| &s.id == id));
    let (mut subjects, mut list): (Vec<DisputeSubject>, Vec<Stake>) = (Vec::new(), Vec::new());
    let mut push = |subject, stake| {
        subjects.push(subject);
        list.push(stake);
    };
    for (t, v) in tallies.iter().zip(verdicts) {
        let judged = judges(people, t.key, perceptions.len());
        if t.reports.len() >= judged.len() {
            continue;
        }
        let (s, d) = if symmetric(t.key.kind) { t.orient } else { (t.key.from, t.key.to) };
        let stake = if t.key.kind == RelationKind::Influences {
            let mean = t.reports.iter().map(|r| r.1).sum::<f64>() / t.reports.len() as f64;
            Stake::Tie { speaker: s, listener: d, strength: if v.kept { v.strength } else { mean }, kept: v.kept }
        } else {
            Stake::Known(0.0, 0.0)
        };
        let subject = DisputeSubject::Tie {
            source: people.ids[s].clone(),
            target: people.ids[d].clone(),
            relation: t.key.kind,
            drawn_by: names(perceptions, t.reports.iter().map(|r| r.0)),
            not_drawn_by: names(perceptions, judged.into_iter().filter(|&p| !t.reported_by(p))),
            kept: v.kept,
        };
        push(subject, stake);
    }
    for (i, person) in consensus.stakeholders().iter().enumerate() {
        let views = people.views(perceptions, i);
        let readings: Vec<StanceReading> = views
            .iter()
            .filter_map(|&(p, s)| {
                s.stance.map(|stance| StanceReading { perceiver: perceptions[p].id.to_owned(), stance })
            })
            .collect();
        let lo = readings.iter().map(|r| r.stance).fold(f64::INFINITY, f64::min);
        let hi = readings.iter().map(|r| r.stance).fold(f64::NEG_INFINITY, f64::max);
        if readings.len() > 1 && hi - lo >= cfg.min_stance_range && hi > lo {
            let subject = DisputeSubject::Stance { id: person.id.clone(), readings, consensus: person.stance };
            push(subject, Stake::Known(u[i] * (hi - lo) / 10.0, u[i] * (hi - lo) / 5.0));
        }
        for role in Role::ALL {
            let given: Vec<usize> = views.iter().filter(|(_, s)| s.has_role(role)).map(|&(p, _)| p).collect();
            if given.is_empty() || given.len() == views.len() {
                continue;
            }
            let kept = role_kept(given.len(), views.len(), cfg.role_share);
            let subject = DisputeSubject::Role {
                id: person.id.clone(),
                role,
                given_by: names(perceptions, given.iter().copied()),
                not_given_by: names(perceptions, views.iter().map(|v| v.0).filter(|p| !given.contains(p))),
                kept,
            };
            push(subject, Stake::Role { person: i, role, kept });
        }
        let votes = manager_votes(&views);
        if votes.len() > 1 {
            let manager = votes[1].0.as_ref().map(|m| people.index[m]);
            let subject = DisputeSubject::ReportsTo {
                id: person.id.clone(),
                votes: votes
                    .into_iter()
                    .map(|(manager, ps)| ManagerVote { manager, perceivers: names(perceptions, ps) })
                    .collect(),
            };
            push(subject, Stake::Manager { person: i, manager });
        }
    }
    let computed = compute(&stakes, &list)?;
    let mut out: Vec<Dispute> = subjects
        .into_iter()
        .zip(computed)
        .map(|(subject, (at_stake, support_shift))| Dispute { subject, at_stake, support_shift })
        .collect();
    out.sort_by(|a, b| b.at_stake.total_cmp(&a.at_stake).then(b.support_shift.total_cmp(&a.support_shift)));
    Ok(out)
}
