//! Who knows whom across the portfolio.
//!
//! A [`Portfolio`] holds one map per account; the same person may appear in
//! several (a CFO who moved from one customer to another, a consultant on two
//! projects). [`Portfolio::network`] joins the appearances into persons by an
//! identity rule ([`IdentityKey`]s and explicit [`SamePerson`] links) and
//! builds one access network over every account: our team members (matched
//! across accounts by their id) tie to stakeholders with the earned trust
//! composite / 100 of each account, stakeholders reach each other through the relations and
//! the org chart as in the decision chain, and one person's appearances are
//! joined with weight [`NetworkConfig::identity_weight`]. [`PortfolioNetwork`]
//! then gives:
//!
//! - the people who appear in several accounts ([`PortfolioNetwork::shared_people`]);
//! - our members' strongest ties anywhere ([`PortfolioNetwork::strongest_ties`]);
//! - **warm paths** into a stakeholder of one account through people we know in
//!   another ([`PortfolioNetwork::warm_paths`], the k most reliable, Yen's algorithm);
//! - the **moves** of people between accounts as events ([`PortfolioNetwork::moves`]):
//!   a champion who left becomes a door into their new company.
//!
//! Rules and formulas: `docs/perceptions.md` (section "Who knows whom").
//!
//! ```
//! use relmap::model::{Account, Channel, Interaction, Portfolio, Relation, RelationKind, Role, Stakeholder, TeamMember};
//! use relmap::network::{NetworkConfig, PersonRef, SamePerson};
//! use relmap::RelationshipMap;
//!
//! // At Acme we know the former CFO well; she now works at Beta, next to Beta's CEO.
//! let mut acme = RelationshipMap::new(Account::new("acme", "Acme"));
//! acme.add_stakeholder(Stakeholder::new("cfo", "Wang Li").with_roles([Role::Champion]))?;
//! acme.add_team_member(TeamMember::new("rep", "Zhao"))?;
//! let day = "2025-06-02".parse().unwrap();
//! acme.add_interaction(Interaction::new("v1", day, Channel::Visit, ["rep"], ["cfo"]))?;
//! let mut beta = RelationshipMap::new(Account::new("beta", "Beta"));
//! beta.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
//! beta.add_stakeholder(Stakeholder::new("wang", "Wang Li").with_reports_to("ceo"))?;
//! beta.add_relation(Relation::new("wang", "ceo", RelationKind::Influences, 0.8))?;
//!
//! let portfolio = Portfolio { maps: vec![acme, beta] };
//! let cfg = NetworkConfig {
//!     links: vec![SamePerson { first: PersonRef::new("acme", "cfo"), second: PersonRef::new("beta", "wang") }],
//!     ..NetworkConfig::default()
//! };
//! let net = portfolio.network(&cfg)?;
//! assert_eq!(net.shared_people().len(), 1);
//! let paths = net.warm_paths("beta", "ceo", 3)?;
//! // One visit to the CFO earns an acquaintance (tie 0.40): 0.40 × 0.8 across the relation.
//! assert_eq!(paths[0].to_string(), "rep → acme/cfo ⇒ beta/wang → beta/ceo (0.320)");
//! assert_eq!(paths[0].via_accounts, ["acme"]);
//! # Ok::<(), relmap::Error>(())
//! ```

mod error;
mod identity;
mod moves;

pub use error::NetworkError;
pub use identity::{Appearance, IdentityKey, Person, PersonRef, SamePerson};
pub use moves::PersonMove;

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::chain::graph::{Csr, Edge, Interned};
use crate::chain::paths::{k_best_paths, push_access_edges, AccessGraph};
use crate::chain::{trust_ties, ChainConfig};
use crate::model::Portfolio;

/// Every tunable of the portfolio network.
///
/// ```
/// use relmap::network::{IdentityKey, NetworkConfig};
/// let cfg = NetworkConfig { identity: vec![IdentityKey::StakeholderId], ..Default::default() };
/// assert_eq!(cfg.identity_weight, 1.0);
/// assert!(cfg.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkConfig {
    /// Keys that make stakeholders of different accounts one person (default none:
    /// only `links`). Two people of one account are never joined.
    pub identity: Vec<IdentityKey>,
    /// People known to be the same across accounts.
    pub links: Vec<SamePerson>,
    /// The weight of the step between one person's appearances in two accounts, in
    /// (0, 1] (default 1: they are the same person).
    pub identity_weight: f64,
    /// Our ties (the trust scoring, `as_of` or each map's latest dated item) and the
    /// access edges among stakeholders (relations, org chart), as in the decision chain.
    pub chain: ChainConfig,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig { identity: Vec::new(), links: Vec::new(), identity_weight: 1.0, chain: ChainConfig::default() }
    }
}

impl NetworkConfig {
    /// Checks the numbers.
    pub fn validate(&self) -> Result<(), NetworkError> {
        let w = self.identity_weight;
        if !(w.is_finite() && w > 0.0 && w <= 1.0) {
            return Err(NetworkError::InvalidConfig {
                field: "identity_weight".into(),
                value: w,
                expected: "0..=1 (0 excluded)",
            });
        }
        Ok(())
    }
}

/// One of our relationships somewhere in the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MemberTie {
    /// Our team member.
    pub member: String,
    /// The stakeholder (account and id).
    #[serde(flatten)]
    pub at: PersonRef,
    /// The person's key.
    pub person: String,
    /// Tie strength: the earned trust composite / 100.
    pub strength: f64,
}

/// One step of a warm path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PathStep {
    /// The stakeholder (account and id).
    #[serde(flatten)]
    pub at: PersonRef,
    /// The person's key.
    pub person: String,
    /// Whether this step is the previous step's person, in another account.
    pub same_person: bool,
}

/// A path from one of our team members into a stakeholder of one account,
/// through people known in other accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WarmPath {
    /// Our team member the path starts from.
    pub member: String,
    /// The stakeholders along the path; the last is the target.
    pub steps: Vec<PathStep>,
    /// Product of the weights along the path, in (0, 1].
    pub reliability: f64,
    /// The other accounts the path passes through, in order.
    pub via_accounts: Vec<String>,
}

impl std::fmt::Display for WarmPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.member)?;
        for s in &self.steps {
            write!(f, " {} {}", if s.same_person { "⇒" } else { "→" }, s.at)?;
        }
        write!(f, " ({:.3})", self.reliability)
    }
}

/// The portfolio's people and access network (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct PortfolioNetwork {
    accounts: Vec<String>,
    appearances: Vec<Appearance>,
    starts: Vec<usize>,
    persons: Vec<Person>,
    person_of: Vec<usize>,
    members: Vec<String>,
    ties: Vec<MemberTie>,
    /// (member, appearance, strength) of every tie, parallel to `ties`.
    tie_ends: Vec<(usize, usize, f64)>,
    /// The access edges among appearances (relations, org chart, identity).
    edges: Vec<Edge>,
    moves: Vec<PersonMove>,
}

impl Portfolio {
    /// The portfolio's people and access network.
    ///
    /// Fails with `duplicate_id` (an account twice), `unknown_reference` (a link
    /// to an account or stakeholder that is not there), `ambiguous_identity` (the rule
    /// joins two people of one account), `invalid_config`, or a trust or chain
    /// error for a bad `cfg.chain`.
    pub fn network(&self, cfg: &NetworkConfig) -> crate::Result<PortfolioNetwork> {
        cfg.validate()?;
        cfg.chain.validate()?;
        let ids = identity::identities(self, cfg)?;
        let mut members: Vec<String> = Vec::new();
        let mut member_index: HashMap<String, usize> = HashMap::new();
        let (mut ties, mut tie_ends, mut edges) = (Vec::new(), Vec::new(), Vec::new());
        for (k, map) in self.maps.iter().enumerate() {
            let global: Vec<usize> = map
                .team()
                .iter()
                .map(|m| {
                    *member_index.entry(m.id.clone()).or_insert_with(|| {
                        members.push(m.id.clone());
                        members.len() - 1
                    })
                })
                .collect();
            for t in trust_ties(map, &cfg.chain, cfg.chain.as_of)? {
                if t.strength > 0.0 {
                    let a = ids.starts[k] + t.stakeholder;
                    ties.push(MemberTie {
                        member: members[global[t.member]].clone(),
                        at: ids.appearances[a].at.clone(),
                        person: ids.persons[ids.person_of[a]].key.clone(),
                        strength: t.strength,
                    });
                    tie_ends.push((global[t.member], a, t.strength));
                }
            }
            let Interned { ends, managers } = Interned::new(map);
            push_access_edges(&mut edges, map, &ends, managers, &cfg.chain, ids.starts[k] as u32);
        }
        for p in &ids.persons {
            for &a in &p.appearances {
                for &b in p.appearances.iter().filter(|&&b| b != a) {
                    edges.push(Edge { row: a as u32, col: b as u32, w: cfg.identity_weight, explicit: true });
                }
            }
        }
        let moves = moves::moves(&ids, &tie_ends, &members);
        Ok(PortfolioNetwork {
            accounts: self.maps.iter().map(|m| m.account().id.clone()).collect(),
            appearances: ids.appearances,
            starts: ids.starts,
            persons: ids.persons,
            person_of: ids.person_of,
            members,
            ties,
            tie_ends,
            edges,
            moves,
        })
    }

    /// The `k` most reliable warm paths into a stakeholder of one account (see
    /// [`PortfolioNetwork::warm_paths`]); builds the network each call.
    pub fn warm_paths(
        &self,
        account: &str,
        stakeholder: &str,
        k: usize,
        cfg: &NetworkConfig,
    ) -> crate::Result<Vec<WarmPath>> {
        Ok(self.network(cfg)?.warm_paths(account, stakeholder, k)?)
    }
}

impl PortfolioNetwork {
    /// The accounts, in portfolio order.
    pub fn accounts(&self) -> &[String] {
        &self.accounts
    }

    /// Every appearance: accounts in portfolio order, stakeholders in map order.
    pub fn appearances(&self) -> &[Appearance] {
        &self.appearances
    }

    /// Every person, in order of first appearance.
    pub fn people(&self) -> &[Person] {
        &self.persons
    }

    /// The people who appear in more than one account.
    pub fn shared_people(&self) -> Vec<&Person> {
        self.persons.iter().filter(|p| p.appearances.len() > 1).collect()
    }

    /// The person a stakeholder of an account is.
    pub fn person(&self, account: &str, stakeholder: &str) -> Option<&Person> {
        self.appearance(account, stakeholder).map(|a| &self.persons[self.person_of[a]])
    }

    fn account_idx(&self, account: &str) -> Option<usize> {
        self.accounts.iter().position(|a| a == account)
    }

    fn appearance(&self, account: &str, stakeholder: &str) -> Option<usize> {
        let k = self.account_idx(account)?;
        (self.starts[k]..self.starts[k + 1]).find(|&a| self.appearances[a].at.stakeholder == stakeholder)
    }

    /// Our team members, in order of first appearance in the portfolio.
    pub fn members(&self) -> &[String] {
        &self.members
    }

    /// Every one of our ties with a positive strength, accounts in portfolio order.
    pub fn ties(&self) -> &[MemberTie] {
        &self.ties
    }

    /// Each member's `per_member` strongest ties anywhere in the portfolio,
    /// members in order, strongest first (ties: portfolio order).
    pub fn strongest_ties(&self, per_member: usize) -> Vec<MemberTie> {
        let mut out = Vec::new();
        for m in 0..self.members.len() {
            let mut mine: Vec<usize> = (0..self.ties.len()).filter(|&t| self.tie_ends[t].0 == m).collect();
            mine.sort_by(|&a, &b| self.tie_ends[b].2.total_cmp(&self.tie_ends[a].2).then(a.cmp(&b)));
            out.extend(mine.into_iter().take(per_member).map(|t| self.ties[t].clone()));
        }
        out
    }

    /// The moves of people between accounts, oldest first.
    pub fn moves(&self) -> &[PersonMove] {
        &self.moves
    }

    /// The `k` most reliable loopless paths from our team into `stakeholder` of
    /// `account` that enter the account through a person known in another one:
    /// our own ties into the target account are left out (the decision chain's
    /// access paths cover those), so every path crosses from another account by
    /// one person's appearances. Reliability is the product of the weights (our
    /// ties, relation and org-chart strengths, the identity weight). Best first;
    /// empty when no such path exists.
    ///
    /// Fails with `not_found` (`account` or `stakeholder`).
    pub fn warm_paths(&self, account: &str, stakeholder: &str, k: usize) -> Result<Vec<WarmPath>, NetworkError> {
        let acct = self.account_idx(account).ok_or_else(|| NetworkError::NotFound {
            kind: "account",
            id: account.to_owned(),
            field: "account".into(),
        })?;
        let target = self.appearance(account, stakeholder).ok_or_else(|| NetworkError::NotFound {
            kind: "stakeholder",
            id: format!("{account}/{stakeholder}"),
            field: "stakeholder".into(),
        })?;
        let (n, m) = (self.appearances.len(), self.members.len());
        let inside = self.starts[acct]..self.starts[acct + 1];
        let source = (n + m) as u32;
        let mut edges: Vec<Edge> =
            (0..m).map(|j| Edge { row: source, col: (n + j) as u32, w: 1.0, explicit: true }).collect();
        for &(member, a, w) in &self.tie_ends {
            if !inside.contains(&a) {
                edges.push(Edge { row: (n + member) as u32, col: a as u32, w, explicit: true });
            }
        }
        edges.extend_from_slice(&self.edges);
        let g = AccessGraph { stakeholders: n, members: m, out: Csr::from_edges(n + m + 1, &edges) };
        let rev = g.out.transpose(g.nodes());
        Ok(k_best_paths(&g, &rev, target, k)
            .into_iter()
            .map(|p| {
                let mut steps: Vec<PathStep> = Vec::with_capacity(p.nodes.len() - 1);
                let mut via_accounts: Vec<String> = Vec::new();
                for &v in &p.nodes[1..] {
                    let a = v as usize;
                    let person = self.person_of[a];
                    let same_person = steps.last().is_some_and(|s| s.person == self.persons[person].key);
                    let at = self.appearances[a].at.clone();
                    if at.account != account && via_accounts.last() != Some(&at.account) {
                        via_accounts.push(at.account.clone());
                    }
                    steps.push(PathStep { at, person: self.persons[person].key.clone(), same_person });
                }
                WarmPath {
                    member: self.members[p.nodes[0] as usize - n].clone(),
                    steps,
                    reliability: p.reliability,
                    via_accounts,
                }
            })
            .collect())
    }
}
