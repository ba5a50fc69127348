//! A printable summary of a decision chain.

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
}

impl DecisionChain {
    /// The summary with the `top` most influential stakeholders and the first `contacts` next best contacts.
    pub fn summary(&self, top: usize, contacts: usize) -> ChainSummary {
        ChainSummary {
            account: self.account.clone(),
            as_of: self.as_of,
            stakeholders: self.stakeholders.len(),
            top_influencers: self.top_influencers(top),
            predicted_support: self.predicted_support,
            coverage: self.coverage.clone(),
            red_flags: self.red_flags.clone(),
            next_best_contacts: self.next_best_contacts.iter().take(contacts).cloned().collect(),
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
                p.id,
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
            write!(f, "; uncovered key players: {}", self.coverage.uncovered_key_players.join(", "))?;
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
            writeln!(f, "  {}. {}  gain {:.3} (stance {})  via {}", k + 1, c.id, c.gain, stance(c.stance), c.path)?;
        }
        Ok(())
    }
}

impl fmt::Display for DecisionChain {
    /// The summary with the top 5 influencers and the first 3 next best contacts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.summary(5, 3).fmt(f)
    }
}
