//! The analysis pipeline: influence, ties, access, threading, coverage, contacts, flags.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::betweenness::{betweenness, sampled_betweenness, PIVOT_SEED};
use super::flags::{red_flags, role_flags, FlagInput, Previous};
use super::graph::Interned;
use super::influence::{initial_stances, InfluenceModel};
use super::paths::{best_from_source, tree_path, AccessGraph};
use super::result::{access_path, contact_gains, Broker, Coverage, DecisionChain, Ids, KeyPlayer, NextBestContact};
use super::threading::{brokers_of, dominators, ThreadCounter};
use super::ties::{best_tie, trust_ties, validate_ties};
use super::{BetweennessMode, ChainConfig, ChainError, KeyPlayerRule, RedFlag, Tie};
use crate::model::{PersonNames, RelationshipMap, Role, ShownNames};
use crate::par;
use crate::stage::{stage_ahead_of_evidence, StageAhead, StageError};
use crate::time::Timestamp;

/// Up to this many, [`top_by`] keeps its picks in a short sorted list in one pass
/// over the values; above it, it selects and sorts.
const SHORT_TOP: usize = 32;

/// Indices of the `n` largest values, largest first (ties: lower index first; values
/// ordered by [`f64::total_cmp`]).
pub(crate) fn top_by(values: &[f64], n: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    if n <= SHORT_TOP {
        // One pass: `top` holds the best so far, best first; a value enters only
        // when it beats the last pick (a later index loses a tie). Values compare by
        // the integer key `f64::total_cmp` compares.
        let key = |v: f64| {
            let bits = v.to_bits() as i64;
            bits ^ ((((bits >> 63) as u64) >> 1) as i64)
        };
        let mut top: Vec<usize> = Vec::with_capacity(n + 1);
        let mut floor = i64::MIN;
        for (i, &v) in values.iter().enumerate() {
            let k = key(v);
            if top.len() == n && k <= floor {
                continue;
            }
            let at = top.partition_point(|&t| key(values[t]) >= k);
            top.insert(at, i);
            if top.len() > n {
                top.pop();
            }
            if let (true, Some(&last)) = (top.len() == n, top.last()) {
                floor = key(values[last]);
            }
        }
        return top;
    }
    let mut idx: Vec<usize> = (0..values.len()).collect();
    let order = |a: &usize, b: &usize| values[*b].total_cmp(&values[*a]).then(a.cmp(b));
    if n < idx.len() {
        idx.select_nth_unstable_by(n - 1, order);
        idx.truncate(n);
    }
    idx.sort_by(order);
    idx
}

/// Key players under the rule, most influential first.
pub(crate) fn key_players(map: &RelationshipMap, influence: &[f64], rule: &KeyPlayerRule) -> Vec<usize> {
    key_players_among(deciding_roles(map, rule), influence, rule)
}

/// Whether each stakeholder holds a role that makes them a key player under the rule.
fn deciding_roles(map: &RelationshipMap, rule: &KeyPlayerRule) -> Vec<bool> {
    map.stakeholders().iter().map(|s| s.roles.iter().any(|r| rule.roles.contains(r))).collect()
}

/// [`key_players`] from who holds a deciding role ([`deciding_roles`]).
fn key_players_among(mut key: Vec<bool>, influence: &[f64], rule: &KeyPlayerRule) -> Vec<usize> {
    for (k, &u) in key.iter_mut().zip(influence) {
        *k = *k || (u > 0.0 && u >= rule.min_share);
    }
    for i in top_by(influence, rule.top_n) {
        if influence[i] > 0.0 {
            key[i] = true;
        }
    }
    let mut out: Vec<usize> = (0..key.len()).filter(|&i| key[i]).collect();
    out.sort_by(|&a, &b| influence[b].total_cmp(&influence[a]).then(a.cmp(&b)));
    out
}

/// The previous snapshot's key players, solved with the same config.
fn previous_key_players(prev: &RelationshipMap, cfg: &ChainConfig) -> Result<HashMap<String, Vec<Role>>, ChainError> {
    let interned = Interned::new(prev);
    let model = InfluenceModel::build(prev, &interned.ends, interned.managers, cfg);
    let a = model.decision_weights()?;
    let (u, _) = model.decision_influence(&a, cfg.tolerance, cfg.max_iterations)?;
    Ok(key_players(prev, &u, &cfg.key_players)
        .into_iter()
        .map(|i| (prev.stakeholders()[i].id.clone(), prev.stakeholders()[i].roles.clone()))
        .collect())
}

/// What the analysis takes besides the map and the config: the analysis date, our
/// ties (`None`: from trust, [`trust_ties`]) and the previous snapshot.
pub(crate) struct Inputs<'a> {
    pub as_of: Option<Timestamp>,
    pub ties: Option<&'a [Tie]>,
    pub previous: Option<&'a RelationshipMap>,
}

/// Our ties from trust (unless given) and the opportunities whose stage is ahead of
/// their evidence, the two steps before the chain's own, in their order.
struct Before {
    from_trust: Option<crate::Result<Vec<Tie>>>,
    stage_ahead: Result<Vec<StageAhead>, StageError>,
}

impl Before {
    fn new(map: &RelationshipMap, cfg: &ChainConfig, as_of: Option<Timestamp>, ties: Option<&[Tie]>) -> Before {
        let from_trust = ties.is_none().then(|| trust_ties(map, cfg, as_of));
        let stage_ahead = stage_ahead_of_evidence(map, &cfg.stage_model, as_of);
        Before { from_trust, stage_ahead }
    }

    /// The ties the chain uses, unless making them failed.
    fn ties<'a>(&'a self, given: Option<&'a [Tie]>) -> Option<&'a [Tie]> {
        match &self.from_trust {
            Some(Ok(t)) => Some(t),
            Some(Err(_)) => None,
            None => given,
        }
    }

    /// The first error of the two steps, in the order they used to run.
    fn check(self) -> crate::Result<Vec<StageAhead>> {
        if let Some(Err(e)) = self.from_trust {
            return Err(e);
        }
        Ok(self.stage_ahead?)
    }
}

/// The influence half's start: W, the decision weights and the initial stances,
/// what both solves read.
struct Prepared {
    model: InfluenceModel,
    a: Vec<f64>,
    x0: Vec<f64>,
}

fn prepare(
    map: &RelationshipMap,
    ends: &[(u32, u32)],
    managers: &[Option<usize>],
    cfg: &ChainConfig,
) -> Result<Prepared, ChainError> {
    let model = InfluenceModel::build(map, ends, managers, cfg);
    let a = model.decision_weights()?;
    Ok(Prepared { model, a, x0: initial_stances(map) })
}

/// The chain's schedule: `prepare`, then `left`, beside `right`; `side` from the
/// moment `prepare` is done and `late` from the moment `right` is; then `tail` on
/// all but `side`, which the tail does not wait for (only the end of the analysis
/// does). Natively the first of the two threads to come free takes `side` (the
/// longer), and the first free after `right` takes `late`: the thread of `right` runs
/// `side` once it is done with `right` if `prepare` is done by then, and `late` if
/// the other thread has not taken it; the thread of `left` takes `late` after `left`
/// if `right` is done by then, and `side` is left on rayon's pool for whichever
/// thread is free. In WebAssembly the steps run one after the other.
#[cfg(feature = "parallel")]
fn schedule<P: Send + Sync, L: Send, R: Send + Sync, S: Send, Lt: Send, T: Send>(
    prepare: impl FnOnce() -> P + Send,
    left: impl FnOnce(&P) -> L + Send,
    side: impl FnOnce(&P) -> S + Send,
    right: impl FnOnce() -> R + Send,
    late: impl FnOnce(&R) -> Lt + Send,
    tail: impl FnOnce(&P, L, R, Lt) -> T + Send,
) -> (P, S, T) {
    let prepared = OnceLock::new();
    let side = Claim::new(side);
    let t = rayon::scope(|scope| {
        let (p_cell, side) = (&prepared, &side);
        let (r_cell, late) = (OnceLock::new(), Claim::new(late));
        let (_, l) = rayon::join(
            || {
                let r = r_cell.get_or_init(right);
                if let Some(p) = p_cell.get() {
                    side.run(p);
                }
                late.run(r);
            },
            || {
                let p = p_cell.get_or_init(prepare);
                scope.spawn(move |_| side.run(p));
                let l = left(p);
                if let Some(r) = r_cell.get() {
                    late.run(r);
                }
                l
            },
        );
        let r = r_cell.into_inner().expect("made by `right`");
        let lt = late.into_output().expect("run after `right`");
        tail(p_cell.get().expect("made before `left`"), l, r, lt)
    });
    let p = prepared.into_inner().expect("made before `left`");
    (p, side.into_output().expect("the scope waits for its tasks"), t)
}

/// A step that whichever thread comes to it first runs, once.
#[cfg(feature = "parallel")]
struct Claim<F, O> {
    step: std::sync::Mutex<Option<F>>,
    output: std::sync::Mutex<Option<O>>,
}

#[cfg(feature = "parallel")]
impl<F, O> Claim<F, O> {
    fn new(step: F) -> Self {
        Claim { step: std::sync::Mutex::new(Some(step)), output: std::sync::Mutex::new(None) }
    }

    /// Runs the step on `arg` unless a thread has taken it already.
    fn run<A: ?Sized>(&self, arg: &A)
    where
        F: FnOnce(&A) -> O,
    {
        // The lock is held only to take the step: a panic in it poisons nothing.
        let step = self.step.lock().map(|mut s| s.take()).unwrap_or_default();
        if let Some(step) = step {
            let out = step(arg);
            *self.output.lock().unwrap_or_else(|e| e.into_inner()) = Some(out);
        }
    }

    /// What the step returned, if it ran.
    fn into_output(self) -> Option<O> {
        self.output.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// The chain's schedule, one step after the other.
#[cfg(not(feature = "parallel"))]
fn schedule<P, L, R, S, Lt, T>(
    prepare: impl FnOnce() -> P,
    left: impl FnOnce(&P) -> L,
    side: impl FnOnce(&P) -> S,
    right: impl FnOnce() -> R,
    late: impl FnOnce(&R) -> Lt,
    tail: impl FnOnce(&P, L, R, Lt) -> T,
) -> (P, S, T) {
    let p = prepare();
    let l = left(&p);
    let s = side(&p);
    let r = right();
    let lt = late(&r);
    let t = tail(&p, l, r, lt);
    (p, s, t)
}

/// The access half: our ties, the access network and its best-path tree.
struct Reached {
    tie: Vec<f64>,
    access: AccessGraph,
    reach_all: Vec<f64>,
    parent: Vec<u32>,
}

#[inline(never)] // a profiler sees the half on its own
fn access_half(
    map: &RelationshipMap,
    ends: &[(u32, u32)],
    managers: &[Option<usize>],
    ties: &[Tie],
    cfg: &ChainConfig,
) -> Result<Reached, ChainError> {
    let n = map.stakeholders().len();
    validate_ties(ties, map.team().len(), n)?;
    let tie = best_tie(ties, n);
    let access = AccessGraph::build(map, ends, managers, ties, cfg);
    let (reach_all, parent) = best_from_source(&access);
    Ok(Reached { tie, access, reach_all, parent })
}

/// What the rest of the analysis takes from the access half and the map's roles
/// alone: the thread counter (the transpose of the access rows), who is covered, who
/// holds a deciding role and the [`role_flags`].
struct Derived {
    counter: ThreadCounter,
    covered: Vec<bool>,
    deciding: Vec<bool>,
    role_flags: Vec<RedFlag>,
}

#[inline(never)] // a profiler sees it on its own
fn after_access(map: &RelationshipMap, cfg: &ChainConfig, reached: &Reached) -> Derived {
    Derived {
        counter: ThreadCounter::new(&reached.access),
        covered: reached.tie.iter().map(|&t| cfg.trust.covers_tie(t)).collect(),
        deciding: deciding_roles(map, &cfg.key_players),
        role_flags: role_flags(map, &PersonNames::new(map), cfg, &reached.tie),
    }
}

/// What the result takes from the map alone (its ids, stances and how sentences name
/// its people): made in the access half, off the calling thread.
struct Labels {
    stakeholders: Ids,
    members: Vec<String>,
    stance: Vec<Option<f64>>,
    names: ShownNames,
}

impl Labels {
    fn new(map: &RelationshipMap) -> Labels {
        Labels {
            stakeholders: Ids::new(map.stakeholders().iter().map(|s| s.id.as_str())),
            members: map.team().iter().map(|m| m.id.clone()).collect(),
            stance: map.stakeholders().iter().map(|s| s.stance).collect(),
            names: PersonNames::new(map).everyone(),
        }
    }
}

/// Runs the whole analysis.
pub(crate) fn analyze(map: &RelationshipMap, cfg: &ChainConfig, inputs: Inputs<'_>) -> crate::Result<DecisionChain> {
    let Inputs { as_of, ties: given, previous } = inputs;
    cfg.validate()?;
    let n = map.stakeholders().len();
    if n == 0 {
        Before::new(map, cfg, as_of, given).check()?;
        return Err(ChainError::EmptyMap.into());
    }
    let Interned { ends, managers } = Interned::new(map);

    // Two halves side by side, on two threads natively (one after the other in
    // WebAssembly): W and the decision influence; our ties, the access network and
    // its best-path tree, with the stage verdicts and the previous snapshot's key
    // players. Beside them, on whichever thread comes free: the predicted stances
    // (which need W alone), and the thread counter's network, the role flags and the
    // result's labels (which need the access half). Then the rest of the analysis.
    let (tol, max) = (cfg.tolerance, cfg.max_iterations);
    let (prepared, stances, chain) = schedule(
        || prepare(map, &ends, managers, cfg),
        |p| p.as_ref().ok().map(|p| p.model.decision_influence(&p.a, tol, max)),
        |p| p.as_ref().ok().map(|p| p.model.predicted_stances(&p.x0, tol, max)),
        || {
            let before = Before::new(map, cfg, as_of, given);
            let access = || before.ties(given).map(|ties| access_half(map, &ends, managers, ties, cfg));
            let (reached, previous_key) = match previous {
                Some(prev) => par::join(access, || Some(previous_key_players(prev, cfg))),
                None => (access(), None),
            };
            (before, reached, previous_key)
        },
        |(_, reached, _)| {
            let derived = match reached {
                Some(Ok(reached)) => Some(after_access(map, cfg, reached)),
                _ => None,
            };
            (derived, Labels::new(map))
        },
        |p, solved, (before, reached, previous_key), (derived, labels)| -> crate::Result<_> {
            // The errors in the order the steps had run one after the other: the
            // trust ties', the stage verdicts', W's and the decision influence's here,
            // the stance solve's after the schedule, then the later ones, which
            // `finish` returns.
            let stage_ahead = before.check()?;
            let (Ok(p), Some(solved)) = (p, solved) else { return Ok(None) };
            let (influence, it_u) = solved?;
            let rest = Rest { influence, it_u, reached, derived, labels, previous_key, stage_ahead };
            Ok(Some(finish(map, cfg, as_of, previous, p, rest)))
        },
    );
    let (chain, model) = match (chain?, prepared) {
        (Some(chain), Ok(p)) => (chain, p.model),
        (_, Err(e)) => return Err(e.into()),
        (None, Ok(_)) => unreachable!("the decision influence is solved once W is made"),
    };
    let (x, it_x) = stances.expect("solved once W is made")?;
    let mut chain = chain?;
    chain.authority = model.authority;
    chain.openness = model.lambda;
    chain.predicted_stance = x.into_iter().map(|v| v * 5.0).collect();
    chain.iterations[1] = it_x;
    Ok(chain)
}

/// What the rest of the analysis takes from the two halves.
struct Rest {
    influence: Vec<f64>,
    it_u: usize,
    reached: Option<Result<Reached, ChainError>>,
    derived: Option<Derived>,
    labels: Labels,
    previous_key: Option<Result<HashMap<String, Vec<Role>>, ChainError>>,
    stage_ahead: Vec<StageAhead>,
}

/// The rest of the analysis, once the decision influence and the access half are
/// done: the key players; then, side by side (natively on two threads, one after the
/// other in WebAssembly), their threads and brokers with the red flags, and the
/// coverage, betweenness and next best contacts. The authority, openness and
/// predicted stances are left empty for the caller.
#[inline(never)] // a profiler sees the rest on its own
fn finish(
    map: &RelationshipMap,
    cfg: &ChainConfig,
    as_of: Option<Timestamp>,
    previous: Option<&RelationshipMap>,
    p: &Prepared,
    rest: Rest,
) -> crate::Result<DecisionChain> {
    let Rest { influence, it_u, reached, derived, labels, previous_key, stage_ahead } = rest;
    let (model, x0, n) = (&p.model, &p.x0, map.stakeholders().len());
    let reached = reached.expect("ties, as they were checked")?;
    let Reached { tie, access, mut reach_all, parent } = reached;
    let Derived { mut counter, covered, deciding, role_flags } = derived.expect("made once the access half is");
    let key = key_players_among(deciding, &influence, &cfg.key_players);
    let previous_snapshot = match (previous, previous_key) {
        (Some(prev), Some(key_players)) => Some(Previous { map: prev, key_players: key_players? }),
        _ => None,
    };

    // Threading and brokers of the key players, then the red flags.
    let people = || -> crate::Result<_> {
        let mut threads = vec![None; n];
        let mut key_brokers = Vec::with_capacity(key.len());
        if !key.is_empty() {
            for &p in &key {
                threads[p] = Some(if reach_all[p] > 0.0 { counter.count(&access, p, cfg.thread_cap) } else { 0 });
            }
            // A stakeholder on every path caps the threads at 1 (Menger), so only
            // single-threaded key players can have brokers.
            let idom = key.iter().any(|&p| threads[p] == Some(1)).then(|| dominators(&access, counter.reverse()));
            for &p in &key {
                key_brokers.push(match &idom {
                    Some(idom) if threads[p] == Some(1) => brokers_of(&access, idom, p),
                    _ => Vec::new(),
                });
            }
        }
        drop(counter);

        let names = PersonNames::new(map);
        let flags = red_flags(
            &FlagInput {
                map,
                names: &names,
                cfg,
                as_of,
                influence: &influence,
                key_players: &key,
                threads: &threads,
                brokers: &key_brokers,
                previous: previous_snapshot.as_ref(),
                stage_ahead: &stage_ahead,
            },
            role_flags,
        )?;

        let ids = |v: &[u32]| v.iter().map(|&b| map.stakeholders()[b as usize].id.clone()).collect::<Vec<_>>();
        let key_player_list: Vec<KeyPlayer> = key
            .iter()
            .zip(&key_brokers)
            .map(|(&p, b)| {
                let s = &map.stakeholders()[p];
                KeyPlayer {
                    id: s.id.clone(),
                    influence: influence[p],
                    roles: s.roles.clone(),
                    stance: s.stance,
                    tie: tie[p],
                    threads: threads[p].unwrap_or(0),
                    brokers: ids(b),
                }
            })
            .collect();
        let mut broker_map: Vec<(u32, Vec<String>)> = Vec::new();
        for (&p, bs) in key.iter().zip(&key_brokers) {
            for &b in bs {
                let k = match broker_map.iter().position(|(x, _)| *x == b) {
                    Some(k) => k,
                    None => {
                        broker_map.push((b, Vec::new()));
                        broker_map.len() - 1
                    }
                };
                broker_map[k].1.push(map.stakeholders()[p].id.clone());
            }
        }
        let brokers: Vec<Broker> = broker_map
            .into_iter()
            .map(|(b, key_players)| Broker { id: map.stakeholders()[b as usize].id.clone(), key_players })
            .collect();
        Ok((threads, key_player_list, brokers, flags))
    };

    // Predicted support, coverage, betweenness and the next best contacts with their best paths.
    let reach = &reach_all[..n];
    let rest = || {
        // + 0.0: no −0.0 from a stance given as −0.
        let predicted_support: f64 = influence.iter().zip(x0).map(|(u, x)| u * x).sum::<f64>() + 0.0;
        let coverage = Coverage {
            // Folded from +0.0: an empty f64 sum is −0.0, which would print as "-0.0%".
            share: influence.iter().zip(&covered).filter(|(_, &c)| c).fold(0.0, |acc, (u, _)| acc + u),
            threshold: cfg.trust.tie_threshold(),
            covered: covered.iter().filter(|&&c| c).count(),
            uncovered_key_players: key
                .iter()
                .filter(|&&p| !covered[p])
                .map(|&p| map.stakeholders()[p].id.clone())
                .collect(),
        };
        let betweenness = match cfg.betweenness {
            BetweennessMode::Exact => Some(betweenness(&model.w)),
            BetweennessMode::UpTo(limit) if n <= limit => Some(betweenness(&model.w)),
            BetweennessMode::Sampled(k) => Some(sampled_betweenness(&model.w, k, PIVOT_SEED)),
            _ => None,
        };
        let gains = contact_gains(&influence, &labels.stance, reach);
        let mut best = top_by(&gains, cfg.next_best_limit);
        best.retain(|&j| gains[j] > 0.0);
        let next_best_contacts: Vec<NextBestContact> = best
            .into_iter()
            .map(|j| {
                // Positive gain implies a positive reachability, hence a path.
                let path = tree_path(&access, reach, &parent, j).expect("reachable");
                NextBestContact {
                    id: labels.stakeholders.get(j).to_owned(),
                    gain: gains[j],
                    influence: influence[j],
                    stance: labels.stance[j],
                    path: access_path(&labels.stakeholders, &labels.members, &path),
                }
            })
            .collect();
        (predicted_support, coverage, betweenness, next_best_contacts)
    };
    let (people, (predicted_support, coverage, betweenness, next_best_contacts)) = par::join(people, rest);
    let (threads, key_players, brokers, red_flags) = people?;
    reach_all.truncate(n);

    Ok(DecisionChain {
        account: map.account().id.clone(),
        as_of,
        stakeholders: labels.stakeholders,
        members: labels.members,
        authority: Vec::new(),
        openness: Vec::new(),
        influence,
        stance: labels.stance,
        predicted_stance: Vec::new(),
        predicted_support,
        iterations: [it_u, 0],
        alternatives: cfg.alternatives,
        tie,
        covered,
        coverage,
        reachability: reach_all,
        best_path_parent: parent,
        key_players,
        threads,
        brokers,
        betweenness,
        next_best_contacts,
        red_flags,
        access_network: access,
        names: labels.names,
        index: OnceLock::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order `top_by` promises, by sorting everything.
    fn sorted_top(values: &[f64], n: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..values.len()).collect();
        idx.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
        idx.truncate(n);
        idx
    }

    #[test]
    fn the_schedule_runs_every_step_once_and_hands_on_their_outputs() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let runs: [AtomicUsize; 6] = Default::default();
        let count = |k: usize| runs[k].fetch_add(1, Ordering::SeqCst);
        for _ in 0..200 {
            let (p, s, t) = schedule(
                || {
                    count(0);
                    2u64
                },
                |p| {
                    count(1);
                    (0..1000u64).map(|k| k * p).sum::<u64>()
                },
                |p| {
                    count(2);
                    p + 1
                },
                || {
                    count(3);
                    vec![5u64; 100]
                },
                |r| {
                    count(4);
                    r.len() as u64
                },
                |p, l, r, lt| {
                    count(5);
                    (*p, l, r.iter().sum::<u64>(), lt)
                },
            );
            assert_eq!((p, s, t), (2, 3, (2, 999_000, 500, 100)));
        }
        assert!(runs.iter().all(|r| r.load(Ordering::SeqCst) == 200));
    }

    #[test]
    fn top_by_is_the_head_of_the_full_order() {
        // Ties, signed zeros, negatives, infinities and a NaN; short lists and the
        // select-and-sort path (n above SHORT_TOP).
        let mut values = vec![0.25, 0.5, 0.25, -0.0, 0.0, f64::NAN, -1.0, f64::INFINITY, 0.5, 1e-300];
        let mut state = 7u64;
        for _ in 0..500 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            values.push(((state >> 40) % 17) as f64 / 16.0);
        }
        for len in [0, 1, 2, 10, values.len()] {
            let v = &values[..len];
            for n in [0, 1, 2, 3, 5, 10, SHORT_TOP, SHORT_TOP + 1, 100, 600] {
                assert_eq!(top_by(v, n), sorted_top(v, n), "len {len}, n {n}");
            }
        }
    }
}
