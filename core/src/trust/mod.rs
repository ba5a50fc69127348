//! Four-pillar trust scoring (信任的四根支柱).
//!
//! For every (team member, stakeholder) pair and as of a given time, four
//! pillars are scored from the map's interactions and evidence, each in
//! 0..=100 with a confidence and the evidence items that moved it most:
//!
//! - 关系信任 **relationship** (closeness): interactions, weighted by channel,
//!   time decay, who initiated and sentiment, saturating at 100;
//! - 职业信任 **professional** (reliability): commitments kept on time, late or broken;
//! - 专业信任 **expertise** (credibility): expertise signals;
//! - 诚意信任 **sincerity** (low self-orientation): sincerity events.
//!
//! The last three are Beta posterior means (no evidence → 50, confidence 0). A
//! rep's assessment of a pillar blends 50/50 with the evidence score. The
//! composite is the weighted mean of the four; it places the pair on the
//! ladder stranger 陌生 → acquaintance 认识 → credible supplier 可信供应商 →
//! trusted advisor 可信赖的顾问 → strategic partner 战略伙伴, and the weakest
//! pillar comes with a suggestion of what evidence would raise it. Formulas,
//! defaults and conventions are in `docs/trust.md`; every number is in
//! [`TrustConfig`].
//!
//! Evidence dated after `as_of` is ignored, so [`RelationshipMap::trust_timeline`]
//! replays how a pair's trust grew or decayed.
//!
//! ```
//! use relmap::model::{Account, Channel, Evidence, EvidenceKind, Interaction, Stakeholder, TeamMember};
//! use relmap::trust::TrustConfig;
//! use relmap::RelationshipMap;
//!
//! let day = |d: &str| d.parse().unwrap();
//! let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
//! map.add_stakeholder(Stakeholder::new("cio", "Liu Yang"))?;
//! map.add_team_member(TeamMember::new("se", "Sun Hao"))?;
//! map.add_interaction(Interaction::new("w1", day("2026-01-05"), Channel::Meeting, ["se"], ["cio"]))?;
//! map.add_evidence(Evidence {
//!     id: "c1".into(),
//!     at: day("2026-01-05"),
//!     member: "se".into(),
//!     stakeholder: "cio".into(),
//!     kind: EvidenceKind::Commitment { due: day("2026-01-20"), delivered: Some(day("2026-01-19")), description: None },
//! })?;
//!
//! let cfg = TrustConfig::default();
//! let line = map.trust_timeline(&cfg, "se", "cio", &[day("2026-01-10"), day("2026-01-19"), day("2026-07-01")])?;
//! // Before delivery the commitment is pending: professional trust is the prior.
//! assert_eq!(line[0].professional.score, 50.0);
//! // Delivered on time the same day: Beta(1+1, 1) → 2/3.
//! assert!((line[1].professional.score - 200.0 / 3.0).abs() < 1e-9);
//! // Months later the meeting has faded.
//! assert!(line[2].relationship.score < line[1].relationship.score);
//! # Ok::<(), relmap::Error>(())
//! ```

mod config;
mod error;
mod evidence;
mod index;
mod pillar;
mod report;
mod score;

pub use config::{ChannelWeights, CommitmentCredit, PillarWeights, TrustConfig, KEY_CONTACT_ROLES};
pub use error::TrustError;
pub use evidence::EvidenceList;
pub use report::{CompactTrust, CompactTrustReport, PillarSources, StakeholderTrust, TrustCoverage, TrustReport};
pub use score::{
    pillar_label_zh, suggestion, suggestion_zh, CommitmentOutcome, EvidenceContribution, EvidenceSource, PillarScore,
    TrustLevel, TrustScore,
};

use index::{Filter, PairIndex};
use pillar::PairScorer;
use report::with_workspace;

use crate::model::{Portfolio, RelationshipMap};
use crate::time::Timestamp;

impl RelationshipMap {
    /// The trust of one (member, stakeholder) pair at each of `dates` (any
    /// order; one score per date, in the same order), for plotting how trust
    /// grew or decayed. The pair's items are gathered once and rescored per date.
    ///
    /// Fails with [`TrustError::UnknownMember`] / [`TrustError::UnknownStakeholder`]
    /// for ids not in the map, or [`TrustError::InvalidConfig`].
    ///
    /// ```
    /// use relmap::model::{Account, Stakeholder, TeamMember};
    /// use relmap::trust::TrustConfig;
    /// use relmap::RelationshipMap;
    /// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("cio", "Liu Yang"))?;
    /// map.add_team_member(TeamMember::new("se", "Sun Hao"))?;
    /// let err = map.trust_timeline(&TrustConfig::default(), "nobody", "cio", &[]).unwrap_err();
    /// assert_eq!(err.code(), "not_found");
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn trust_timeline(
        &self,
        cfg: &TrustConfig,
        member: &str,
        stakeholder: &str,
        dates: &[Timestamp],
    ) -> crate::Result<Vec<TrustScore>> {
        cfg.validate()?;
        let m = self.member_idx(member).ok_or_else(|| TrustError::UnknownMember { id: member.to_owned() })?;
        let s = self
            .stakeholder_idx(stakeholder)
            .ok_or_else(|| TrustError::UnknownStakeholder { id: stakeholder.to_owned() })?;
        let until = dates.iter().max().copied();
        let index =
            PairIndex::build(self, cfg, Filter { until, pair: Some((m as u32, s as u32)), evidence_only: false });
        let items = if index.pairs.is_empty() { &[][..] } else { index.items_of(0) };
        let mut scorer = PairScorer::default();
        let mut line: Vec<TrustScore> = dates
            .iter()
            .map(|&as_of| {
                let (pillars, any) = scorer.score(self, cfg, items, as_of);
                TrustScore::from_pillars(stakeholder.into(), Some(member.into()), pillars, any, cfg)
            })
            .collect();
        // The scores' evidence lists share one buffer.
        let buf = scorer.take_evidence();
        line.iter_mut().for_each(|score| score.attach(&buf));
        Ok(line)
    }
}

impl Portfolio {
    /// The trust report of every account, in the order of [`Portfolio::maps`].
    ///
    /// With the `parallel` feature (on by default) accounts are scored on
    /// rayon's thread pool; the result is the same either way.
    ///
    /// ```
    /// use relmap::model::{Account, Portfolio};
    /// use relmap::trust::TrustConfig;
    /// use relmap::RelationshipMap;
    /// let mut p = Portfolio::default();
    /// p.maps.push(RelationshipMap::new(Account::new("a1", "Acme")));
    /// let reports = p.trust(&TrustConfig::default(), "2026-03-01".parse().unwrap())?;
    /// assert_eq!(reports[0].account, "a1");
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn trust(&self, cfg: &TrustConfig, as_of: Timestamp) -> crate::Result<Vec<TrustReport>> {
        trust_of_maps(&self.maps, cfg, as_of)
    }
}

/// The trust report of each of `maps` (the maps or references to them), in order:
/// [`Portfolio::trust`] for maps held elsewhere.
pub fn trust_of_maps<M: std::borrow::Borrow<RelationshipMap> + Sync>(
    maps: &[M],
    cfg: &TrustConfig,
    as_of: Timestamp,
) -> crate::Result<Vec<TrustReport>> {
    cfg.validate()?;
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        // Each worker thread reuses its own workspace from one account to the next.
        Ok(maps.par_iter().map(|m| with_workspace(|ws| m.borrow().trust_with(cfg, as_of, ws))).collect())
    }
    #[cfg(not(feature = "parallel"))]
    {
        Ok(with_workspace(|ws| maps.iter().map(|m| m.borrow().trust_with(cfg, as_of, ws)).collect()))
    }
}
