//! The analysis pipeline: influence, ties, access, threading, coverage, contacts, flags.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::betweenness::{betweenness, sampled_betweenness, PIVOT_SEED};
use super::flags::{red_flags, FlagInput, Previous};
use super::graph::Interned;
use super::influence::{initial_stances, InfluenceModel};
use super::paths::{best_from_source, tree_path, AccessGraph};
use super::result::{Broker, Coverage, DecisionChain, KeyPlayer, NextBestContact};
use super::threading::{brokers_of, dominators, ThreadCounter};
use super::ties::{best_tie, validate_ties};
use super::{BetweennessMode, ChainConfig, ChainError, KeyPlayerRule, Tie};
use crate::model::{PersonNames, RelationshipMap, Role};
use crate::par;
use crate::stage::StageAhead;
use crate::time::Timestamp;

/// Indices of the `n` largest values, largest first (ties: lower index first).
pub(crate) fn top_by(values: &[f64], n: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    let order = |a: &usize, b: &usize| values[*b].total_cmp(&values[*a]).then(a.cmp(b));
    if n < idx.len() && n > 0 {
        idx.select_nth_unstable_by(n - 1, order);
        idx.truncate(n);
    }
    idx.truncate(n);
    idx.sort_by(order);
    idx
}

/// Key players under the rule, most influential first.
pub(crate) fn key_players(map: &RelationshipMap, influence: &[f64], rule: &KeyPlayerRule) -> Vec<usize> {
    let mut key = vec![false; influence.len()];
    for (i, s) in map.stakeholders().iter().enumerate() {
        key[i] =
            s.roles.iter().any(|r| rule.roles.contains(r)) || (influence[i] > 0.0 && influence[i] >= rule.min_share);
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
    let model = InfluenceModel::build(prev, &interned.ends, &interned.managers, cfg);
    let a = model.decision_weights()?;
    let (u, _) = model.decision_influence(&a, cfg.tolerance, cfg.max_iterations)?;
    Ok(key_players(prev, &u, &cfg.key_players)
        .into_iter()
        .map(|i| (prev.stakeholders()[i].id.clone(), prev.stakeholders()[i].roles.clone()))
        .collect())
}

/// What the analysis takes besides the map and the config: the analysis date,
/// our ties, the stage verdicts and the previous snapshot.
pub(crate) struct Inputs<'a> {
    pub as_of: Option<Timestamp>,
    pub ties: &'a [Tie],
    pub stage_ahead: &'a [StageAhead],
    pub previous: Option<&'a RelationshipMap>,
}

/// Runs the whole analysis.
pub(crate) fn analyze(
    map: &RelationshipMap,
    cfg: &ChainConfig,
    inputs: Inputs<'_>,
) -> Result<DecisionChain, ChainError> {
    let Inputs { as_of, ties, stage_ahead, previous } = inputs;
    cfg.validate()?;
    let n = map.stakeholders().len();
    if n == 0 {
        return Err(ChainError::EmptyMap);
    }
    let Interned { ends, managers } = Interned::new(map);

    // Two independent halves, on two threads natively (one after the other in
    // WebAssembly): influence and stances; our ties, the access network, its
    // best-path tree and the thread counter's network.
    let (solved, reached) = par::join(
        || -> Result<_, ChainError> {
            let model = InfluenceModel::build(map, &ends, &managers, cfg);
            let a = model.decision_weights()?;
            let x0 = initial_stances(map);
            let (u, x) = par::join(
                || model.decision_influence(&a, cfg.tolerance, cfg.max_iterations),
                || model.predicted_stances(&x0, cfg.tolerance, cfg.max_iterations),
            );
            Ok((model, u?, x?, x0))
        },
        || -> Result<_, ChainError> {
            validate_ties(ties, map.team().len(), n)?;
            let tie = best_tie(ties, n);
            let access = AccessGraph::build(map, &ends, &managers, ties, cfg);
            let (reach_all, parent) = best_from_source(&access);
            let counter = ThreadCounter::new(&access);
            Ok((tie, access, reach_all, parent, counter))
        },
    );
    // The errors in the order the steps had run one after the other.
    let (model, (influence, it_u), (x, it_x), x0) = solved?;
    let (tie, access, reach_all, parent, mut counter) = reached?;

    // + 0.0: no −0.0 from a stance given as −0.
    let predicted_support: f64 = influence.iter().zip(&x0).map(|(u, x)| u * x).sum::<f64>() + 0.0;
    let covered: Vec<bool> = tie.iter().map(|&t| cfg.trust.covers_tie(t)).collect();

    // Threading and brokers of the key players.
    let key = key_players(map, &influence, &cfg.key_players);
    let mut threads = vec![None; n];
    let mut key_brokers = Vec::with_capacity(key.len());
    if !key.is_empty() {
        for &p in &key {
            threads[p] = Some(if reach_all[p] > 0.0 { counter.count(p, cfg.thread_cap) } else { 0 });
        }
        // A stakeholder on every path caps the threads at 1 (Menger), so only
        // single-threaded key players can have brokers.
        let idom = key.iter().any(|&p| threads[p] == Some(1)).then(|| {
            let rev = access.out.transpose(access.nodes());
            dominators(&access, &rev)
        });
        for &p in &key {
            key_brokers.push(match &idom {
                Some(idom) if threads[p] == Some(1) => brokers_of(&access, idom, p),
                _ => Vec::new(),
            });
        }
    }

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
    let brokers = broker_map
        .into_iter()
        .map(|(b, key_players)| Broker { id: map.stakeholders()[b as usize].id.clone(), key_players })
        .collect();

    let betweenness = match cfg.betweenness {
        BetweennessMode::Exact => Some(betweenness(&model.w)),
        BetweennessMode::UpTo(limit) if n <= limit => Some(betweenness(&model.w)),
        BetweennessMode::Sampled(k) => Some(sampled_betweenness(&model.w, k, PIVOT_SEED)),
        _ => None,
    };

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

    let previous_snapshot = match previous {
        Some(prev) => Some(Previous { map: prev, key_players: previous_key_players(prev, cfg)? }),
        None => None,
    };
    let names = PersonNames::new(map);
    let flags = red_flags(&FlagInput {
        map,
        names: &names,
        cfg,
        as_of,
        influence: &influence,
        best_tie: &tie,
        key_players: &key,
        threads: &threads,
        brokers: &key_brokers,
        previous: previous_snapshot.as_ref(),
        stage_ahead,
    })?;

    let mut chain = DecisionChain {
        account: map.account().id.clone(),
        as_of,
        stakeholders: map.stakeholders().iter().map(|s| s.id.clone()).collect(),
        members: map.team().iter().map(|m| m.id.clone()).collect(),
        authority: model.authority.clone(),
        openness: model.lambda.clone(),
        influence,
        stance: map.stakeholders().iter().map(|s| s.stance).collect(),
        predicted_stance: x.iter().map(|v| v * 5.0).collect(),
        predicted_support,
        iterations: [it_u, it_x],
        alternatives: cfg.alternatives,
        tie,
        covered,
        coverage,
        reachability: reach_all[..n].to_vec(),
        best_path_parent: parent,
        key_players: key_player_list,
        threads,
        brokers,
        betweenness,
        next_best_contacts: Vec::new(),
        red_flags: flags,
        access_network: access,
        names: names.everyone(),
        index: OnceLock::new(),
    };

    // Next best contacts, with their best paths.
    let gains = chain.contact_gains();
    let mut best = top_by(&gains, cfg.next_best_limit);
    best.retain(|&j| gains[j] > 0.0);
    let net = &chain.access_network;
    chain.next_best_contacts = best
        .into_iter()
        .map(|j| {
            // Positive gain implies a positive reachability, hence a path.
            let path = tree_path(net, &chain.reachability, &chain.best_path_parent, j).expect("reachable");
            NextBestContact {
                id: chain.stakeholders[j].clone(),
                gain: gains[j],
                influence: chain.influence[j],
                stance: chain.stance[j],
                path: chain.to_access_path(&path),
            }
        })
        .collect();
    Ok(chain)
}
