//! A printable summary of a decision chain.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::result::{Coverage, DecisionChain, Influencer, NextBestContact};
use super::RedFlag;
use crate::time::Timestamp;

/// The headline of a decision chain: top influencers, predicted support, coverage,
/// red flags and the next best contacts. Its `Display` is the text report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChainSummary {
    /// The account id.
    pub account: String,
    /// The analysis date.
    pub as_of: Option<Timestamp>,
    /// Number of stakeholders.
    pub stakeholders: usize,
    /// The most influential stakeholders.
    pub top_influencers: Vec<Influencer>,
    /// Predicted support S in [−1, 1].
    pub predicted_support: f64,
    /// Coverage of decision influence.
    pub coverage: Coverage,
    /// Every red flag, most severe first.
    pub red_flags: Vec<RedFlag>,
    /// The first next best contacts.
    pub next_best_contacts: Vec<NextBestContact>,
    /// How the text names the stakeholders and team members it lists (id → name, as
    /// the chain's sentences name them); not serialized: a summary read back from JSON
    /// names people by id.
    #[serde(skip)]
    pub(crate) names: Names,
}

/// Display names of the people a summary lists, stakeholders and team members apart.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Names {
    stakeholders: HashMap<String, String>,
    members: HashMap<String, String>,
}

impl Names {
    fn stakeholder<'a>(&'a self, id: &'a str) -> &'a str {
        self.stakeholders.get(id).map_or(id, String::as_str)
    }

    fn member<'a>(&'a self, id: &'a str) -> &'a str {
        self.members.get(id).map_or(id, String::as_str)
    }
}

/// How long a [`ChainSummary`] is: what `Display`, the bindings' text and their
/// `summary()` give when not told otherwise.
///
/// ```
/// use relmap::chain::SummaryLengths;
/// let d = SummaryLengths::default();
/// assert_eq!((d.top_influencers, d.next_best_contacts), (5, 3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SummaryLengths {
    /// How many of the most influential stakeholders (default 5).
    pub top_influencers: usize,
    /// How many next best contacts (default 3).
    pub next_best_contacts: usize,
}

impl Default for SummaryLengths {
    fn default() -> Self {
        SummaryLengths { top_influencers: 5, next_best_contacts: 3 }
    }
}

impl DecisionChain {
    /// The summary with the `top_influencers` most influential stakeholders and the
    /// first `next_best_contacts` next best contacts.
    ///
    /// ```
    /// use relmap::chain::{ChainConfig, SummaryLengths};
    /// use relmap::model::{Account, Role, Stakeholder};
    /// let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
    /// let chain = map.decision_chain(&ChainConfig::default())?;
    /// let s = chain.summary(SummaryLengths::default());
    /// assert_eq!(s.top_influencers[0].id, "ceo");
    /// assert_eq!(s.to_string(), chain.to_string());
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn summary(&self, lengths: SummaryLengths) -> ChainSummary {
        let SummaryLengths { top_influencers: top, next_best_contacts: contacts } = lengths;
        let top_influencers = self.top_influencers(top);
        let next_best_contacts: Vec<NextBestContact> = self.next_best_contacts.iter().take(contacts).cloned().collect();
        let mut names = Names::default();
        let listed = top_influencers.iter().map(|p| &p.id).chain(&self.coverage.uncovered_key_players);
        for id in listed.chain(next_best_contacts.iter().flat_map(|c| &c.path.stakeholders)) {
            names.stakeholders.insert(id.clone(), self.shown_name(id, false));
        }
        for c in &next_best_contacts {
            names.members.insert(c.path.member.clone(), self.shown_name(&c.path.member, true));
        }
        ChainSummary {
            account: self.account.clone(),
            as_of: self.as_of,
            stakeholders: self.stakeholders.len(),
            top_influencers,
            predicted_support: self.predicted_support,
            coverage: self.coverage.clone(),
            red_flags: self.red_flags.clone(),
            next_best_contacts,
            names,
        }
    }
}

fn stance(s: Option<f64>) -> String {
    s.map_or_else(|| "?".to_owned(), |v| format!("{:+}", v + 0.0))
}

impl fmt::Display for ChainSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decision chain of {} ({} stakeholders", self.account, self.stakeholders)?;
        if let Some(t) = self.as_of {
            write!(f, ", as of {}", t.date())?;
        }
        writeln!(f, ")")?;
        writeln!(f, "Top influencers:")?;
        for p in &self.top_influencers {
            writeln!(
                f,
                "  {:>5.1}%  {}  (stance {}, predicted {:+.1})",
                100.0 * p.influence,
                self.names.stakeholder(&p.id),
                stance(p.stance),
                p.predicted_stance
            )?;
        }
        writeln!(f, "Predicted support: {:+.3}", self.predicted_support)?;
        write!(
            f,
            "Coverage: {:.1}% of decision influence ({} covered)",
            100.0 * self.coverage.share,
            self.coverage.covered
        )?;
        if !self.coverage.uncovered_key_players.is_empty() {
            let names: Vec<&str> =
                self.coverage.uncovered_key_players.iter().map(|id| self.names.stakeholder(id)).collect();
            write!(f, "; uncovered key players: {}", names.join(", "))?;
        }
        writeln!(f)?;
        if self.red_flags.is_empty() {
            writeln!(f, "Red flags: none")?;
        } else {
            writeln!(f, "Red flags ({}):", self.red_flags.len())?;
            for flag in &self.red_flags {
                writeln!(f, "  {flag}")?;
            }
        }
        writeln!(f, "Next best contacts:")?;
        if self.next_best_contacts.is_empty() {
            writeln!(f, "  none reachable")?;
        }
        for (k, c) in self.next_best_contacts.iter().enumerate() {
            let path = &c.path;
            write!(
                f,
                "  {}. {}  gain {:.3} (stance {})  via {}",
                k + 1,
                self.names.stakeholder(&c.id),
                c.gain,
                stance(c.stance),
                self.names.member(&path.member)
            )?;
            for s in &path.stakeholders {
                write!(f, " → {}", self.names.stakeholder(s))?;
            }
            writeln!(f, " ({:.3})", path.reliability)?;
        }
        Ok(())
    }
}

impl fmt::Display for DecisionChain {
    /// The summary of the default [`SummaryLengths`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.summary(SummaryLengths::default()).fmt(f)
    }
}
