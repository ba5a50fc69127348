//! [`DecisionChain`]: the result of the analysis, and its parts.

use std::collections::HashMap;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::paths::{k_best_paths, tree_path, AccessGraph, NodePath};
use super::{AccessPath, ChainError, RedFlag};
use crate::model::Role;
use crate::time::Timestamp;

/// A key player: someone whose position decides the deal (see [`super::KeyPlayerRule`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KeyPlayer {
    /// Stakeholder id.
    pub id: String,
    /// Share of the decision influence.
    pub influence: f64,
    /// The stakeholder's roles.
    pub roles: Vec<Role>,
    /// Stance toward us, −5..5 (`None` = unknown).
    pub stance: Option<f64>,
    /// Our strongest tie to them, in [0, 1].
    pub tie: f64,
    /// Vertex-disjoint access paths from our team (counted up to `thread_cap`).
    pub threads: u32,
    /// Stakeholders on every access path to them, nearest first.
    pub brokers: Vec<String>,
}

/// A stakeholder on every access path from our team to at least one key player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Broker {
    /// Stakeholder id of the broker.
    pub id: String,
    /// The key players reachable only through them.
    pub key_players: Vec<String>,
}

/// How much of the decision we reach through our own relationships.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Coverage {
    /// Share of decision influence held by covered stakeholders, in [0, 1].
    pub share: f64,
    /// The tie strength that counts as covered.
    pub threshold: f64,
    /// Number of covered stakeholders.
    pub covered: usize,
    /// Key players we do not cover, most influential first.
    pub uncovered_key_players: Vec<String>,
}

/// A stakeholder worth winning over next, and how to reach them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NextBestContact {
    /// Stakeholder id.
    pub id: String,
    /// Δ = influence · (1 − stance/5) · reliability of the best path (unknown stance = 0).
    pub gain: f64,
    /// Share of decision influence.
    pub influence: f64,
    /// Stance toward us (`None` = unknown).
    pub stance: Option<f64>,
    /// The best path from our team to them (alternatives: [`DecisionChain::access_paths`]).
    pub path: AccessPath,
}

/// One stakeholder's share of the decision, for summaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Influencer {
    /// Stakeholder id.
    pub id: String,
    /// Share of decision influence.
    pub influence: f64,
    /// Formal authority used.
    pub authority: f64,
    /// Stance toward us (`None` = unknown).
    pub stance: Option<f64>,
    /// Predicted stance after influence, −5..5.
    pub predicted_stance: f64,
}

/// The decision-chain analysis of one map (see [`crate::chain`]).
///
/// Per-stakeholder vectors are in map order (index = [`crate::RelationshipMap::stakeholder_idx`]).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DecisionChain {
    /// The account id.
    pub(crate) account: String,
    /// The analysis date.
    pub(crate) as_of: Option<Timestamp>,
    /// Stakeholder ids in map order.
    #[schemars(with = "Vec<String>")]
    pub(crate) stakeholders: Ids,
    /// Team member ids in map order.
    pub(crate) members: Vec<String>,
    /// Formal authority used per stakeholder.
    pub(crate) authority: Vec<f64>,
    /// Openness λ used per stakeholder.
    pub(crate) openness: Vec<f64>,
    /// Decision influence u per stakeholder.
    pub(crate) influence: Vec<f64>,
    /// Stance per stakeholder as given (`null` = unknown).
    pub(crate) stance: Vec<Option<f64>>,
    /// Predicted post-influence stance per stakeholder.
    pub(crate) predicted_stance: Vec<f64>,
    /// Predicted support S.
    pub(crate) predicted_support: f64,
    /// Iterations of the two solves: decision influence, predicted stance.
    pub(crate) iterations: [usize; 2],
    /// Alternatives given by `alternative_paths`.
    pub(crate) alternatives: usize,
    /// Our strongest tie per stakeholder.
    pub(crate) tie: Vec<f64>,
    /// Whether each stakeholder is covered.
    pub(crate) covered: Vec<bool>,
    /// Coverage of decision influence.
    pub(crate) coverage: Coverage,
    /// Best-path reliability per stakeholder.
    pub(crate) reachability: Vec<f64>,
    /// Predecessor of each access-network node on its best path from the team
    /// (nodes: stakeholders, then members, then the team source; 4294967295 = none).
    pub(crate) best_path_parent: Vec<u32>,
    /// The key players, most influential first.
    pub(crate) key_players: Vec<KeyPlayer>,
    /// Threads per stakeholder (`null` for non-key players).
    pub(crate) threads: Vec<Option<u32>>,
    /// Brokers of the key players.
    pub(crate) brokers: Vec<Broker>,
    /// Betweenness per stakeholder, when computed.
    pub(crate) betweenness: Option<Vec<f64>>,
    /// The next best contacts, highest gain first.
    pub(crate) next_best_contacts: Vec<NextBestContact>,
    /// Red flags, most severe first.
    pub(crate) red_flags: Vec<RedFlag>,
    /// The access network the paths were computed on (compressed rows).
    pub(crate) access_network: AccessGraph,
    /// How the text report names each stakeholder, then each team member, in map
    /// order ([`crate::model::PersonNames`]); not serialized: a chain read back from
    /// JSON names people by id.
    #[serde(skip)]
    pub(crate) names: crate::model::ShownNames,
    #[serde(skip)]
    pub(crate) index: OnceLock<HashMap<String, usize>>,
}

/// Ids in map order, kept in one text with where each ends: a chain of 10,000
/// stakeholders holds two allocations for their ids instead of 10,000, which the
/// analysis fills with one copy and a dropped chain frees at once. The ids as
/// `String`s ([`DecisionChain::stakeholder_ids`]) are made on the first ask. Serialized
/// as the list of ids.
#[derive(Clone, Default)]
pub(crate) struct Ids {
    text: String,
    ends: Vec<usize>,
    strings: OnceLock<Vec<String>>,
}

impl Ids {
    /// The ids, one after the other.
    pub(crate) fn new<'a>(ids: impl Iterator<Item = &'a str> + Clone) -> Ids {
        let (count, bytes) = ids.clone().fold((0, 0), |(c, b), id| (c + 1, b + id.len()));
        let mut table = Ids { text: String::with_capacity(bytes), ends: Vec::with_capacity(count), ..Ids::default() };
        for id in ids {
            table.text.push_str(id);
            table.ends.push(table.text.len());
        }
        table
    }

    /// Number of ids.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Id `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The ids in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The ids as `String`s, made on the first call.
    pub(crate) fn strings(&self) -> &[String] {
        self.strings.get_or_init(|| self.iter().map(str::to_owned).collect())
    }
}

impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Ids {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Ids {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Ids, D::Error> {
        let strings = Vec::<String>::deserialize(deserializer)?;
        let ids = Ids::new(strings.iter().map(String::as_str));
        // Already made: kept for `stakeholder_ids`.
        ids.strings.set(strings).expect("a new table");
        Ok(ids)
    }
}

/// An access path (access-network nodes from a member) with its people's ids.
pub(crate) fn access_path(stakeholders: &Ids, members: &[String], p: &NodePath) -> AccessPath {
    let n = stakeholders.len();
    AccessPath {
        member: members[p.nodes[0] as usize - n].clone(),
        stakeholders: p.nodes[1..].iter().map(|&v| stakeholders.get(v as usize).to_owned()).collect(),
        reliability: p.reliability,
    }
}

/// Contact gain Δ_j = u_j·(1 − stance_j/5)·reachability_j of every stakeholder (unknown stance = 0).
pub(crate) fn contact_gains(influence: &[f64], stance: &[Option<f64>], reachability: &[f64]) -> Vec<f64> {
    (0..influence.len()).map(|j| influence[j] * (1.0 - stance[j].unwrap_or(0.0) / 5.0) * reachability[j]).collect()
}

impl DecisionChain {
    fn idx(&self, id: &str) -> Option<usize> {
        self.index
            .get_or_init(|| self.stakeholders.iter().enumerate().map(|(i, s)| (s.to_owned(), i)).collect())
            .get(id)
            .copied()
    }

    /// How the text report names a stakeholder (`member` false) or team member: the
    /// name the map gave at analysis time, else the id.
    pub(crate) fn shown_name(&self, id: &str, member: bool) -> String {
        let k = if member {
            self.members.iter().position(|m| m == id).map(|k| self.stakeholders.len() + k)
        } else {
            self.idx(id)
        };
        k.and_then(|k| self.names.get(k)).unwrap_or(id).to_owned()
    }

    pub(crate) fn to_access_path(&self, p: &NodePath) -> AccessPath {
        access_path(&self.stakeholders, &self.members, p)
    }

    /// The account id.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The analysis date used (`None` if the map held nothing dated and none was given).
    pub fn as_of(&self) -> Option<Timestamp> {
        self.as_of
    }

    /// Stakeholder ids in map order: the index of every per-stakeholder vector.
    pub fn stakeholder_ids(&self) -> &[String] {
        self.stakeholders.strings()
    }

    /// One stakeholder's share of the decision, u_j (`None` for an unknown id).
    pub fn influence(&self, id: &str) -> Option<f64> {
        self.idx(id).map(|i| self.influence[i])
    }

    /// Decision influence u of every stakeholder (u ≥ 0, Σu = 1).
    pub fn decision_influence(&self) -> &[f64] {
        &self.influence
    }

    /// Formal authority used for each stakeholder (explicit, else the role default).
    pub fn authority(&self) -> &[f64] {
        &self.authority
    }

    /// Openness λ used for each stakeholder (0 for anyone nobody influences).
    pub fn openness(&self) -> &[f64] {
        &self.openness
    }

    /// Predicted support S = Σ u_j · stance_j / 5, in [−1, 1] (unknown stance = 0).
    pub fn predicted_support(&self) -> f64 {
        self.predicted_support
    }

    /// Predicted post-influence stance x* = V·x₀ of every stakeholder, −5..5 (unknown stance = 0 in x₀).
    pub fn predicted_stances(&self) -> &[f64] {
        &self.predicted_stance
    }

    /// One stakeholder's predicted stance.
    pub fn predicted_stance(&self, id: &str) -> Option<f64> {
        self.idx(id).map(|i| self.predicted_stance[i])
    }

    /// Iterations the two solves took: `[decision_influence, predicted_stance]`.
    pub fn iterations(&self) -> [usize; 2] {
        self.iterations
    }

    /// Our strongest tie to each stakeholder, in [0, 1] (0 = none).
    pub fn ties(&self) -> &[f64] {
        &self.tie
    }

    /// Whether each stakeholder is covered (tie ≥ the coverage threshold).
    pub fn covered(&self) -> &[bool] {
        &self.covered
    }

    /// Coverage of decision influence and the uncovered key players.
    pub fn coverage(&self) -> &Coverage {
        &self.coverage
    }

    /// Best-path reliability from our team to each stakeholder (0 = unreachable).
    pub fn reachability(&self) -> &[f64] {
        &self.reachability
    }

    /// The dense index of a stakeholder named by an argument, or [`ChainError::NotFound`].
    fn known(&self, id: &str, field: &'static str) -> Result<usize, ChainError> {
        self.idx(id).ok_or_else(|| ChainError::NotFound { id: id.to_owned(), field })
    }

    /// The most reliable access path to a stakeholder (`None` if unreachable).
    ///
    /// Fails with [`ChainError::NotFound`] (`not_found`, field `to`) for an id not in the map.
    pub fn best_path(&self, to: &str) -> Result<Option<AccessPath>, ChainError> {
        let i = self.known(to, "to")?;
        let path = tree_path(&self.access_network, &self.reachability, &self.best_path_parent, i);
        Ok(path.map(|p| self.to_access_path(&p)))
    }

    /// The `k` most reliable loopless access paths to a stakeholder, best first
    /// (Yen's algorithm), at most [`MAX_ACCESS_PATHS`](super::MAX_ACCESS_PATHS) whatever `k`;
    /// empty if unreachable, [`ChainError::NotFound`] for an unknown id.
    pub fn access_paths(&self, to: &str, k: usize) -> Result<Vec<AccessPath>, ChainError> {
        let k = k.min(super::MAX_ACCESS_PATHS);
        let i = self.known(to, "to")?;
        let rev = self.access_network.out.transpose(self.access_network.nodes());
        Ok(k_best_paths(&self.access_network, &rev, i, k).iter().map(|p| self.to_access_path(p)).collect())
    }

    /// The best path to a stakeholder followed by up to `alternatives` (see [`super::ChainConfig`])
    /// next most reliable loopless ones; empty if unreachable, [`ChainError::NotFound`] for an unknown id.
    pub fn alternative_paths(&self, to: &str) -> Result<Vec<AccessPath>, ChainError> {
        self.access_paths(to, self.alternatives.saturating_add(1))
    }

    /// The key players, most influential first.
    pub fn key_players(&self) -> &[KeyPlayer] {
        &self.key_players
    }

    /// Threads (vertex-disjoint access paths) per stakeholder: `Some` for key players only.
    pub fn threads(&self) -> &[Option<u32>] {
        &self.threads
    }

    /// Stakeholders that every access path to some key player goes through.
    pub fn brokers(&self) -> &[Broker] {
        &self.brokers
    }

    /// Betweenness centrality on the influence graph (`None` when not computed, see `BetweennessMode`).
    pub fn betweenness(&self) -> Option<&[f64]> {
        self.betweenness.as_deref()
    }

    /// The best next contacts, highest gain first.
    pub fn next_best_contacts(&self) -> &[NextBestContact] {
        &self.next_best_contacts
    }

    /// Every red flag, most severe first.
    pub fn red_flags(&self) -> &[RedFlag] {
        &self.red_flags
    }

    /// Each stakeholder's stance toward us as given in the map (`None` = unknown), in map order.
    pub fn stances(&self) -> &[Option<f64>] {
        &self.stance
    }

    /// Contact gain Δ_j = u_j·(1 − stance_j/5)·reachability_j of every stakeholder (unknown stance = 0).
    pub fn contact_gains(&self) -> Vec<f64> {
        contact_gains(&self.influence, &self.stance, &self.reachability)
    }

    /// The `n` most influential stakeholders, most influential first.
    pub fn top_influencers(&self, n: usize) -> Vec<Influencer> {
        super::analyze::top_by(&self.influence, n)
            .into_iter()
            .map(|i| Influencer {
                id: self.stakeholders.get(i).to_owned(),
                influence: self.influence[i],
                authority: self.authority[i],
                stance: self.stance[i],
                predicted_stance: self.predicted_stance[i],
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_as_strings_and_as_the_same_json_list() {
        let list = ["a", "", "王伟", "s-10"];
        let ids = Ids::new(list.iter().copied());
        assert_eq!((ids.len(), ids.get(0), ids.get(1), ids.get(2), ids.get(3)), (4, "a", "", "王伟", "s-10"));
        assert_eq!(ids.strings(), list);
        let json = serde_json::to_string(&ids).unwrap();
        assert_eq!(json, serde_json::to_string(&list).unwrap());
        let back: Ids = serde_json::from_str(&json).unwrap();
        assert_eq!(back.iter().collect::<Vec<_>>(), list);
        assert_eq!(back.strings(), list);
        assert_eq!(format!("{ids:?}"), format!("{list:?}"));
        assert_eq!(Ids::new(std::iter::empty()).strings(), &[] as &[String]);
    }
}
