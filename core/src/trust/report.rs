//! One account's trust report: every pair, the best pair and the team view
//! per stakeholder, and the coverage of the key contacts.

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::index::{Filter, PairIndex};
use super::pillar::{Closeness, PairScorer};
use super::{pillar_label_zh, PillarScore, TrustConfig, TrustLevel, TrustScore};
use crate::model::{Pillar, RelationshipMap};
use crate::time::Timestamp;

/// Which team member's pair supplied each pillar of a team view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PillarSources {
    /// Member behind the relationship pillar (`None` = no evidence, the prior).
    pub relationship: Option<CompactString>,
    /// Member behind the professional pillar.
    pub professional: Option<CompactString>,
    /// Member behind the expertise pillar.
    pub expertise: Option<CompactString>,
    /// Member behind the sincerity pillar.
    pub sincerity: Option<CompactString>,
}

/// Our team's trust with one stakeholder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StakeholderTrust {
    /// The stakeholder id.
    pub stakeholder: CompactString,
    /// Whether the stakeholder is a key contact: holds one of
    /// [`TrustConfig::key_contact_roles`](super::TrustConfig::key_contact_roles).
    pub key_contact: bool,
    /// The best pair: the member with the highest earned composite, then the
    /// highest composite (the first in team order on a tie). With no evidence at
    /// all, the prior, with `member = None`.
    pub best: TrustScore,
    /// The team's combined view: each pillar is the highest score any member
    /// reaches on it among the pairs with evidence on that pillar (else the
    /// prior), and the composite is computed from those four.
    pub team: TrustScore,
    /// Which member supplied each pillar of `team`.
    pub team_sources: PillarSources,
    /// Every pair with evidence, highest earned composite first, then highest composite.
    pub pairs: Vec<TrustScore>,
}

/// How well our trust covers the account's key contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrustCoverage {
    /// The earned composite a key contact's best pair must reach.
    pub threshold: f64,
    /// Key contacts (stakeholders with a key-contact role), in map order.
    pub key_contacts: Vec<CompactString>,
    /// Those whose best earned composite reaches the threshold (and who have evidence).
    pub covered: Vec<CompactString>,
    /// The others.
    pub uncovered: Vec<CompactString>,
    /// `covered / key_contacts`; `None` when the account has no key contact.
    pub share: Option<f64>,
}

/// Trust on one account at one time (see [`RelationshipMap::trust`]).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TrustReport {
    /// The account id.
    pub account: CompactString,
    /// The time the scores hold at.
    pub as_of: Timestamp,
    /// One entry per stakeholder, in map order.
    pub stakeholders: Vec<StakeholderTrust>,
    /// Coverage of the key contacts.
    pub coverage: TrustCoverage,
    /// The account's relationship strength, 0..=100: the mean best earned composite of the
    /// key contacts (one without evidence counts 0); with no key contact, of every
    /// stakeholder; 0 without stakeholders. The relationship axis of the
    /// classification matrix ([`Portfolio::classify`](crate::model::Portfolio::classify)).
    pub relationship_strength: f64,
    /// `(member index, stakeholder index, earned composite / 100)` per pair with evidence.
    #[serde(skip)]
    #[schemars(skip)]
    ties: Vec<(usize, usize, f64)>,
}

/// The best pair of one stakeholder, without evidence lists: an entry of
/// [`CompactTrustReport`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompactTrust {
    /// The stakeholder id.
    pub stakeholder: CompactString,
    /// Whether the stakeholder is a key contact ([`StakeholderTrust::key_contact`]).
    pub key_contact: bool,
    /// The best pair's team member; `None` when nobody has evidence with the stakeholder.
    pub member: Option<CompactString>,
    /// 关系信任, 0..=100.
    pub relationship: f64,
    /// 职业信任, 0..=100.
    pub professional: f64,
    /// 专业信任, 0..=100.
    pub expertise: f64,
    /// 诚意信任, 0..=100.
    pub sincerity: f64,
    /// Weighted mean of the four scores, 0..=100.
    pub composite: f64,
    /// Weighted mean of the four confidences, 0..1.
    pub confidence: f64,
    /// The level earned on the ladder.
    pub level: TrustLevel,
    /// The earned composite, 0..=100 (what coverage and the decision chain's ties use).
    pub earned: f64,
    /// The lowest-scoring pillar ([`suggestion`](super::suggestion) says what would raise it).
    pub weakest: Pillar,
    /// Whether any interaction or evidence item of the best pair counted.
    pub has_evidence: bool,
    /// How many (member, stakeholder) pairs have evidence ([`StakeholderTrust::pairs`]).
    pub pair_count: usize,
}

/// A [`TrustReport`] cut down to what a dashboard or a service response needs: per
/// stakeholder the best pair's four pillar scores, composite, level and weakest pillar,
/// with the coverage and the relationship strength; no per-pair scores, team views or
/// evidence lists ([`TrustReport::compact`]).
///
/// For the 35-person `manufacturing_cloud` sample the full report is 223,181 bytes of
/// JSON and the compact one 11,750 (5.3%), as `core/tests/serde_results.rs` measures them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompactTrustReport {
    /// The account id.
    pub account: CompactString,
    /// The time the scores hold at.
    pub as_of: Timestamp,
    /// One entry per stakeholder, in map order.
    pub stakeholders: Vec<CompactTrust>,
    /// Coverage of the key contacts.
    pub coverage: TrustCoverage,
    /// The account's relationship strength, 0..=100 ([`TrustReport::relationship_strength`]).
    pub relationship_strength: f64,
}

thread_local! {
    /// The buffers of [`RelationshipMap::trust`] on this thread.
    static WORKSPACE: std::cell::RefCell<Workspace> = std::cell::RefCell::new(Workspace::default());
}

/// Runs `f` with this thread's workspace (a fresh one if it is in use), so that
/// scoring many maps in a row on one thread reuses the buffers and decay factors.
pub(crate) fn with_workspace<R>(f: impl FnOnce(&mut Workspace) -> R) -> R {
    WORKSPACE.with(|ws| match ws.try_borrow_mut() {
        Ok(mut ws) => f(&mut ws),
        Err(_) => f(&mut Workspace::default()),
    })
}

/// Buffers reused from one map to the next when scoring many maps.
#[derive(Debug, Default)]
pub(crate) struct Workspace {
    index: PairIndex,
    scorer: PairScorer,
    closeness: Closeness,
    /// The team's ids, converted once per report and cloned into its scores.
    member_ids: Vec<CompactString>,
}

impl RelationshipMap {
    /// Scores trust for every (team member, stakeholder) pair as of a time.
    ///
    /// Only interactions and evidence at or before `as_of` count (a commitment
    /// delivered after `as_of` counts as not delivered yet), so scoring the
    /// same map at earlier times replays history. An interaction with several
    /// members and stakeholders counts for every (member, stakeholder) pair in it.
    ///
    /// ```
    /// use relmap::model::{Account, Channel, Interaction, Role, Stakeholder, TeamMember};
    /// use relmap::trust::{TrustConfig, TrustLevel};
    /// use relmap::RelationshipMap;
    ///
    /// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("cfo", "Wang Li").with_roles([Role::EconomicBuyer]))?;
    /// map.add_team_member(TeamMember::new("rep", "Zhao Min"))?;
    /// let day = |d: &str| d.parse().unwrap();
    /// map.add_interaction(Interaction::new("v1", day("2026-03-02"), Channel::Visit, ["rep"], ["cfo"]))?;
    ///
    /// let report = map.trust(&TrustConfig::default(), day("2026-03-02"))?;
    /// let cfo = report.score("cfo").unwrap();
    /// // One visit today: E = 3, relationship = 100·(1 − e^(−3/6)).
    /// assert!((cfo.relationship.score - 39.346934).abs() < 1e-6);
    /// assert_eq!(cfo.professional.score, 50.0); // the Beta(1,1) prior
    /// // The composite is 47.3, but one visit is not evidence enough for more
    /// // than an acquaintance: the tie is the earned composite, 40.
    /// assert!((cfo.composite - 47.336734).abs() < 1e-6);
    /// assert_eq!((cfo.level, cfo.earned), (TrustLevel::Acquaintance, 40.0));
    /// assert_eq!(report.ties(), vec![(0, 0, 0.4)]);
    /// assert!(report.coverage.covered.is_empty());
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn trust(&self, cfg: &TrustConfig, as_of: Timestamp) -> crate::Result<TrustReport> {
        cfg.validate()?;
        Ok(with_workspace(|ws| self.trust_with(cfg, as_of, ws)))
    }

    /// The ties of [`Self::trust`]'s report ([`TrustReport::ties`]) without
    /// the report: the composite alone of each pair, with a validated config.
    pub(crate) fn trust_ties_only(&self, cfg: &TrustConfig, as_of: Timestamp) -> Vec<(usize, usize, f64)> {
        let index = PairIndex::build(self, cfg, Filter { until: Some(as_of), ..Filter::default() });
        let mut scorer = PairScorer::default();
        let composites = index.pairs.iter().enumerate().filter_map(|(k, &(m, s))| {
            let earned = scorer.earned(cfg, index.items_of(k), as_of)?;
            Some((m as usize, s as usize, earned / 100.0))
        });
        composites.collect()
    }

    /// [`Self::trust`] with a validated config and reusable buffers.
    pub(crate) fn trust_with(&self, cfg: &TrustConfig, as_of: Timestamp, ws: &mut Workspace) -> TrustReport {
        let keys = self.team().len() * self.stakeholders().len();
        let gathered = keys <= 2 * (self.interactions().len() + self.evidence().len()) + 1024;
        self.trust_in(cfg, as_of, ws, gathered)
    }

    /// [`Self::trust_with`], the interactions either summed in one pass for
    /// every pair (`gathered`, when the (member, stakeholder) space is dense) or
    /// bucketed by pair with the evidence; both give the same report, bit for bit.
    fn trust_in(&self, cfg: &TrustConfig, as_of: Timestamp, ws: &mut Workspace, gathered: bool) -> TrustReport {
        let Workspace { index, scorer, closeness, member_ids } = ws;
        if gathered {
            scorer.gather(self, cfg, as_of, closeness);
        }
        index.rebuild(self, cfg, Filter { until: Some(as_of), pair: None, evidence_only: gathered });
        if cfg.top_evidence > 0 && gathered {
            // The evidence lists copy the ids of the items they name, which lie all
            // over memory: read them in one loop first, where the reads overlap,
            // instead of one after another while scoring the pairs.
            let interactions = self.interactions();
            let evidence = self.evidence();
            let named = closeness.listed(cfg.top_evidence).map(|k| &interactions[k as usize].id);
            let named = named.chain(index.items.iter().map(|item| &evidence[item.source as usize].id));
            std::hint::black_box(
                named.fold(0usize, |acc, id| acc ^ id.len() ^ usize::from(id.as_bytes().first().copied().unwrap_or(0))),
            );
        }
        let members = self.team().len();
        // Each id is converted once and then cloned (an inline copy for a short id).
        member_ids.clear();
        member_ids.extend(self.team().iter().map(|m| CompactString::from(m.id.as_str())));
        let mut stakeholders = Vec::with_capacity(self.stakeholders().len());
        let mut ties = Vec::with_capacity(index.pairs.len());
        let mut k = 0;
        for (s, person) in self.stakeholders().iter().enumerate() {
            let end = k + index.pairs[k..].iter().take_while(|&&(_, ps)| ps as usize == s).count();
            let mut pairs = Vec::with_capacity(end - k);
            let id = CompactString::from(person.id.as_str());
            let mut add = |m: usize, (pillars, any): ([PillarScore; 4], bool)| {
                if any {
                    let member = Some(member_ids[m].clone());
                    let score = TrustScore::from_pillars(id.clone(), member, pillars, true, cfg);
                    ties.push((m, s, score.earned / 100.0));
                    pairs.push(score);
                }
            };
            if gathered {
                for m in 0..members {
                    let key = s * members + m;
                    let evidence = if k < end && index.pairs[k].0 as usize == m {
                        k += 1;
                        index.items_of(k - 1)
                    } else {
                        &[]
                    };
                    if closeness.any(key) || !evidence.is_empty() {
                        add(m, scorer.score_gathered(self, cfg, closeness, key, evidence, as_of));
                    }
                }
            } else {
                while k < end {
                    let m = index.pairs[k].0 as usize;
                    add(m, scorer.score(self, cfg, index.items_of(k), as_of));
                    k += 1;
                }
            }
            // Stable: on equal composites the member listed first in the team wins.
            pairs.sort_by(|a, b| b.earned.total_cmp(&a.earned).then(b.composite.total_cmp(&a.composite)));
            let key_contact = cfg.key_contact_roles.iter().any(|r| person.has_role(*r));
            let (team, team_sources) = team_view(&id, &pairs, cfg);
            let best = pairs.first().cloned().unwrap_or_else(|| team.clone());
            stakeholders.push(StakeholderTrust { stakeholder: id, key_contact, best, team, team_sources, pairs });
        }
        // Every evidence list of the report in one buffer.
        let buf = scorer.take_evidence();
        for s in &mut stakeholders {
            s.pairs.iter_mut().chain([&mut s.best, &mut s.team]).for_each(|score| score.attach(&buf));
        }
        let coverage = coverage(&stakeholders, cfg);
        let relationship_strength = relationship_strength(&stakeholders);
        TrustReport {
            account: self.account().id.as_str().into(),
            as_of,
            stakeholders,
            coverage,
            relationship_strength,
            ties,
        }
    }
}

/// The team view of one stakeholder from its pairs (sorted best first).
fn team_view(stakeholder: &CompactString, pairs: &[TrustScore], cfg: &TrustConfig) -> (TrustScore, PillarSources) {
    let mut sources: [Option<CompactString>; 4] = Default::default();
    let pillars: [PillarScore; 4] = std::array::from_fn(|p| {
        let pillar = Pillar::ALL[p];
        let mut best: Option<&TrustScore> = None;
        for pair in pairs.iter().filter(|x| x.pillar(pillar).has_evidence()) {
            if best.is_none_or(|b| pair.pillar(pillar).score > b.pillar(pillar).score) {
                best = Some(pair);
            }
        }
        match best {
            Some(pair) => {
                sources[p].clone_from(&pair.member);
                pair.pillar(pillar).clone()
            }
            None if pillar == Pillar::Relationship => PillarScore::prior(0.0),
            None => PillarScore::prior(cfg.beta_prior_score()),
        }
    });
    let score = TrustScore::from_pillars(stakeholder.clone(), None, pillars, !pairs.is_empty(), cfg);
    let [relationship, professional, expertise, sincerity] = sources;
    (score, PillarSources { relationship, professional, expertise, sincerity })
}

/// The mean best earned composite of the key contacts (or of everyone when there is none).
fn relationship_strength(stakeholders: &[StakeholderTrust]) -> f64 {
    let any_key = stakeholders.iter().any(|s| s.key_contact);
    let (sum, n) = stakeholders
        .iter()
        .filter(|s| s.key_contact || !any_key)
        .map(|s| if s.best.has_evidence { s.best.earned } else { 0.0 })
        .fold((0.0, 0usize), |(sum, n), c| (sum + c, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

fn coverage(stakeholders: &[StakeholderTrust], cfg: &TrustConfig) -> TrustCoverage {
    let mut c = TrustCoverage {
        threshold: cfg.coverage_threshold,
        key_contacts: Vec::new(),
        covered: Vec::new(),
        uncovered: Vec::new(),
        share: None,
    };
    for s in stakeholders.iter().filter(|s| s.key_contact) {
        c.key_contacts.push(s.stakeholder.clone());
        if cfg.covers(s.best.has_evidence.then_some(s.best.earned)) {
            c.covered.push(s.stakeholder.clone());
        } else {
            c.uncovered.push(s.stakeholder.clone());
        }
    }
    if !c.key_contacts.is_empty() {
        c.share = Some(c.covered.len() as f64 / c.key_contacts.len() as f64);
    }
    c
}

impl TrustReport {
    /// The trust entry of one stakeholder.
    pub fn stakeholder(&self, id: &str) -> Option<&StakeholderTrust> {
        self.stakeholders.iter().find(|s| s.stakeholder == id)
    }

    /// The best pair's score for one stakeholder (the per-stakeholder `TrustScore`).
    pub fn score(&self, stakeholder: &str) -> Option<&TrustScore> {
        self.stakeholder(stakeholder).map(|s| &s.best)
    }

    /// Every stakeholder's best-pair score, in map order.
    pub fn scores(&self) -> impl Iterator<Item = &TrustScore> {
        self.stakeholders.iter().map(|s| &s.best)
    }

    /// The score of one (member, stakeholder) pair, if it has evidence.
    pub fn pair(&self, member: &str, stakeholder: &str) -> Option<&TrustScore> {
        self.stakeholder(stakeholder)?.pairs.iter().find(|p| p.member.as_deref() == Some(member))
    }

    /// The key contacts' entries, in map order.
    pub fn key_contacts(&self) -> impl Iterator<Item = &StakeholderTrust> {
        self.stakeholders.iter().filter(|s| s.key_contact)
    }

    /// Our relationship weights for the decision chain: `(member index,
    /// stakeholder index, earned composite / 100)` for every pair with any evidence
    /// at or before `as_of`, ordered by stakeholder index, then member index.
    /// Indices are positions in [`RelationshipMap::team`] and
    /// [`RelationshipMap::stakeholders`]; the weight lies in 0..=1. Pairs
    /// without evidence are absent (no relationship).
    pub fn ties(&self) -> Vec<(usize, usize, f64)> {
        self.ties.clone()
    }

    /// The compact form: the best pair per stakeholder without evidence lists.
    ///
    /// ```
    /// use relmap::model::{Account, Channel, Interaction, Role, Stakeholder, TeamMember};
    /// use relmap::trust::{CompactTrustReport, TrustConfig};
    /// let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("cfo", "Wang Li").with_roles([Role::EconomicBuyer]))?;
    /// map.add_team_member(TeamMember::new("rep", "Zhao Min"))?;
    /// let day = "2026-03-02".parse().unwrap();
    /// map.add_interaction(Interaction::new("v1", day, Channel::Visit, ["rep"], ["cfo"]))?;
    /// let report = map.trust(&TrustConfig::default(), day)?;
    /// let compact = report.compact();
    /// assert_eq!(compact.stakeholders[0].member.as_deref(), Some("rep"));
    /// assert_eq!(compact.stakeholders[0].earned, report.score("cfo").unwrap().earned);
    /// let json = serde_json::to_string(&compact).unwrap();
    /// assert!(json.len() < serde_json::to_string(&report).unwrap().len());
    /// assert_eq!(serde_json::from_str::<CompactTrustReport>(&json).unwrap(), compact);
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn compact(&self) -> CompactTrustReport {
        let stakeholders = self
            .stakeholders
            .iter()
            .map(|s| {
                let b = &s.best;
                CompactTrust {
                    stakeholder: s.stakeholder.clone(),
                    key_contact: s.key_contact,
                    member: b.member.clone(),
                    relationship: b.relationship.score,
                    professional: b.professional.score,
                    expertise: b.expertise.score,
                    sincerity: b.sincerity.score,
                    composite: b.composite,
                    confidence: b.confidence,
                    level: b.level,
                    earned: b.earned,
                    weakest: b.weakest,
                    has_evidence: b.has_evidence,
                    pair_count: s.pairs.len(),
                }
            })
            .collect();
        CompactTrustReport {
            account: self.account.clone(),
            as_of: self.as_of,
            stakeholders,
            coverage: self.coverage.clone(),
            relationship_strength: self.relationship_strength,
        }
    }

    /// A plain-text table of the stakeholders' best pairs (only the key
    /// contacts when `key_contacts_only`): stakeholder, member, the four
    /// pillars, composite, level (with its Chinese label) and weakest pillar.
    /// Columns are as wide as their longest entry (a wide CJK character counts
    /// as two columns), so the table lines up in a terminal.
    ///
    /// ```
    /// use relmap::model::{Account, Channel, Interaction, Role, Stakeholder, TeamMember};
    /// use relmap::trust::TrustConfig;
    /// let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("housing_deputy_director", "Wang").with_roles([Role::DecisionMaker]))?;
    /// map.add_team_member(TeamMember::new("rep", "Zhao"))?;
    /// let day = "2026-03-02".parse().unwrap();
    /// map.add_interaction(Interaction::new("v1", day, Channel::Visit, ["rep"], ["housing_deputy_director"]))?;
    /// let table = map.trust(&TrustConfig::default(), day)?.to_table(true);
    /// let lines: Vec<&str> = table.lines().collect();
    /// assert!(lines[1].starts_with("housing_deputy_director  rep  "));
    /// assert_eq!(lines[0].find("composite"), lines[1].find("     47.3"));
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn to_table(&self, key_contacts_only: bool) -> String {
        let header = ["stakeholder", "best member", "rel", "prof", "exp", "sinc", "composite", "level", "weakest"];
        let mut rows: Vec<[String; 9]> = Vec::new();
        for s in self.stakeholders.iter().filter(|s| s.key_contact || !key_contacts_only) {
            let b = &s.best;
            rows.push([
                s.stakeholder.to_string(),
                b.member.as_deref().unwrap_or("-").to_owned(),
                format!("{:.1}", b.relationship.score),
                format!("{:.1}", b.professional.score),
                format!("{:.1}", b.expertise.score),
                format!("{:.1}", b.sincerity.score),
                format!("{:.1}", b.composite),
                format!("{} {}", b.level, b.level.label_zh()),
                format!("{} {}", b.weakest.as_str(), pillar_label_zh(b.weakest)),
            ]);
        }
        let mut width: [usize; 9] = header.map(display_width);
        for row in &rows {
            for (w, cell) in width.iter_mut().zip(row) {
                *w = (*w).max(display_width(cell));
            }
        }
        let mut out = String::new();
        let header = header.map(str::to_owned);
        for row in std::iter::once(&header).chain(&rows) {
            let mut line = String::new();
            for (k, cell) in row.iter().enumerate() {
                let pad = " ".repeat(width[k] - display_width(cell));
                let gap = if k == 0 { "" } else { "  " };
                // Names and labels to the left, numbers to the right.
                if (2..=6).contains(&k) {
                    line.push_str(&format!("{gap}{pad}{cell}"));
                } else {
                    line.push_str(&format!("{gap}{cell}{pad}"));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Terminal columns of a text: 2 for wide (CJK, full-width) characters, 1 otherwise.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => 2,
            0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 => 2,
            0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Channel, Evidence, EvidenceKind, Initiator, Interaction, Stakeholder, TeamMember};

    /// A map with every kind of item: interactions with one or several members
    /// and stakeholders, equal weights and times (ties in the evidence lists),
    /// times of day, and items after the scoring day.
    fn busy_map(seed: u64) -> RelationshipMap {
        let mut state = seed;
        let mut next = move |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        let mut map = RelationshipMap::new(Account::new("a", "A"));
        for s in 0..7 {
            map.add_stakeholder(Stakeholder::new(format!("s{s}"), "S")).unwrap();
        }
        for m in 0..4 {
            map.add_team_member(TeamMember::new(format!("m{m}"), "M")).unwrap();
        }
        let day =
            |d: u64, hour: u64| Timestamp::from_ymd(2026, 1, 1).unwrap().plus_days(d as i64).0 + hour as i64 * 3600;
        for k in 0..400 {
            let members: Vec<String> = (0..1 + next(2)).map(|_| format!("m{}", next(4))).collect();
            let mut members_once = members.clone();
            members_once.sort();
            members_once.dedup();
            let stakeholders: Vec<String> = (0..1 + next(2)).map(|_| format!("s{}", next(6))).collect();
            let mut stakeholders_once = stakeholders.clone();
            stakeholders_once.sort();
            stakeholders_once.dedup();
            let at = Timestamp(day(next(120), if next(5) == 0 { next(24) } else { 0 }));
            let channel = Channel::ALL[next(Channel::ALL.len() as u64) as usize];
            let mut x = Interaction::new(format!("i{k}"), at, channel, members_once, stakeholders_once);
            if next(3) == 0 {
                x.initiated_by = Initiator::Them;
            }
            if next(2) == 0 {
                x.sentiment = Some(next(3) as f64 - 1.0);
            }
            map.add_interaction(x).unwrap();
        }
        for k in 0..120 {
            let at = Timestamp(day(next(120), 0));
            let kind = match next(4) {
                0 => EvidenceKind::Commitment {
                    due: at.plus_days(next(20) as i64),
                    delivered: (next(3) > 0).then(|| at.plus_days(next(25) as i64)),
                    description: None,
                },
                1 => EvidenceKind::ExpertiseSignal { positive: next(3) > 0, description: None },
                2 => EvidenceKind::SincerityEvent { positive: next(3) > 0, description: None },
                _ => EvidenceKind::Assessment { pillar: Pillar::ALL[next(4) as usize], rating: 1.0 + next(10) as f64 },
            };
            let (member, stakeholder) = (format!("m{}", next(4)), format!("s{}", next(7)));
            map.add_evidence(Evidence { id: format!("e{k}"), at, member, stakeholder, kind }).unwrap();
        }
        map
    }

    #[test]
    fn summing_interactions_in_one_pass_gives_the_bucketed_report_bit_for_bit() {
        for seed in [1, 2, 3] {
            let map = busy_map(seed);
            for top_evidence in [0, 1, 5, 40] {
                let cfg = TrustConfig { top_evidence, ..TrustConfig::default() };
                for day in [0, 30, 90, 200] {
                    let as_of = Timestamp::from_ymd(2026, 1, 1).unwrap().plus_days(day);
                    let mut ws = Workspace::default();
                    let gathered = map.trust_in(&cfg, as_of, &mut ws, true);
                    let bucketed = map.trust_in(&cfg, as_of, &mut ws, false);
                    assert_eq!(gathered, bucketed, "seed {seed}, top {top_evidence}, day {day}");
                    assert_eq!(format!("{gathered:?}"), format!("{bucketed:?}"));
                    assert_eq!(map.trust_in(&cfg, as_of, &mut ws, true), gathered, "buffers reused");
                }
            }
        }
    }

    #[test]
    fn json_schemas_describe_the_results_and_the_config() {
        let report = serde_json::to_value(schemars::schema_for!(TrustReport)).unwrap();
        let props = &report["properties"];
        assert!(props.get("stakeholders").is_some() && props.get("coverage").is_some());
        assert!(props.get("ties").is_none(), "ties are an API, not part of the document");
        let config = serde_json::to_value(schemars::schema_for!(TrustConfig)).unwrap();
        assert!(config["properties"].get("half_life_days").is_some());
    }
}
