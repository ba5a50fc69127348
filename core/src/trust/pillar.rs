//! The four pillar scores of one (member, stakeholder) pair at one time.
//!
//! Formulas (see `docs/trust.md`), with `d = 2^(−age/half_life)` the decay of
//! an item `age` days before `as_of`:
//! - relationship: `E = Σ channel weight · d · initiative · (1 + f·sentiment)`,
//!   evidence score `100·(1 − e^(−E/saturation))`, prior 0;
//! - professional, expertise, sincerity: `n = Σ d`, `s = Σ credit · d`, evidence
//!   score `100·(α + s)/(α + β + n)`, prior `100·α/(α + β)`;
//! - blend: `(1 − w)·evidence + w·assessment` when both exist, either alone otherwise;
//! - confidence: `n'/(n' + k)` with `n' = n` (+ `assessment_evidence` if assessed).

use super::index::{Item, ItemKind};
use super::{CommitmentOutcome, EvidenceContribution, EvidenceSource, PillarScore, TrustConfig};
use crate::model::{Pillar, RelationshipMap};
use crate::time::{Timestamp, SECONDS_PER_DAY};

/// Position of a pillar in [`Pillar::ALL`].
pub(crate) fn pillar_index(p: Pillar) -> usize {
    match p {
        Pillar::Relationship => 0,
        Pillar::Professional => 1,
        Pillar::Expertise => 2,
        Pillar::Sincerity => 3,
    }
}

/// One item that counted, as the pillar saw it.
#[derive(Debug, Clone, Copy)]
struct Counted {
    pillar: usize,
    /// Index into the pair's items.
    item: usize,
    /// The time the item counts from.
    when: i64,
    /// Decayed weight (relationship: the item's whole term of `E`).
    weight: f64,
    /// Credit in 0..=1 (Beta pillars only).
    credit: f64,
    source: EvidenceSource,
    outcome: Option<CommitmentOutcome>,
}

/// Running sums of one pillar.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    count: usize,
    /// Σ decay.
    n: f64,
    /// Relationship: E; Beta pillars: Σ credit · decay.
    s: f64,
    /// The latest assessment: (time, item, score 0..=100).
    assessment: Option<(i64, usize, f64)>,
}

/// The score of one pillar from its sums, and how each sum maps to a score.
#[derive(Debug, Clone, Copy)]
struct Form<'a> {
    cfg: &'a TrustConfig,
    relationship: bool,
}

impl Form<'_> {
    fn prior(&self) -> f64 {
        if self.relationship {
            0.0
        } else {
            self.cfg.beta_prior_score()
        }
    }

    /// The evidence score from sums `(s, n)`.
    fn evidence(&self, s: f64, n: f64) -> f64 {
        let c = self.cfg;
        if self.relationship {
            100.0 * (1.0 - (-s.max(0.0) / c.relationship_saturation).exp())
        } else {
            100.0 * (c.prior_alpha + s) / (c.prior_alpha + c.prior_beta + n)
        }
    }

    fn blend(&self, evidence: Option<f64>, assessment: Option<f64>) -> f64 {
        let w = self.cfg.assessment_weight;
        match (evidence, assessment) {
            (Some(e), Some(a)) => (1.0 - w) * e + w * a,
            (Some(e), None) => e,
            (None, Some(a)) => a,
            (None, None) => self.prior(),
        }
    }
}

/// A candidate for a pillar's evidence list.
#[derive(Debug, Clone, Copy)]
struct Rank {
    /// Larger first (|impact|, or a key in the same order).
    key: f64,
    /// Then the more recent first.
    when: i64,
    /// Then the first listed: index into the counted items, or [`ASSESSMENT`].
    j: usize,
    impact: f64,
}

/// The `j` of the assessment candidate (listed after every item).
const ASSESSMENT: usize = usize::MAX;

fn rank_order(a: &Rank, b: &Rank) -> std::cmp::Ordering {
    b.key.total_cmp(&a.key).then(b.when.cmp(&a.when)).then(a.j.cmp(&b.j))
}

/// Keeps the first `n` candidates in rank order, sorted.
fn keep_first(ranked: &mut Vec<Rank>, n: usize) {
    if n < ranked.len() {
        if n == 0 {
            ranked.clear();
            return;
        }
        ranked.select_nth_unstable_by(n - 1, rank_order);
        ranked.truncate(n);
    }
    ranked.sort_unstable_by(rank_order);
}

/// Scores pairs, reusing its buffers from one pair to the next.
#[derive(Debug, Default)]
pub(crate) struct PairScorer {
    counted: Vec<Counted>,
    ranked: Vec<Rank>,
}

impl PairScorer {
    /// The four pillars of a pair with these items, at `as_of`, and whether any item counted.
    ///
    /// Items after `as_of` are ignored; a commitment still pending at `as_of`
    /// (due at or after it, not delivered by it) counts toward no pillar but
    /// does mark the pair as having evidence.
    pub fn score(
        &mut self,
        map: &RelationshipMap,
        cfg: &TrustConfig,
        items: &[Item],
        as_of: Timestamp,
    ) -> ([PillarScore; 4], bool) {
        use CommitmentOutcome::{Broken, Late, OnTime};
        let now = as_of.0;
        let decay = |when: i64| {
            let age = (now - when) as f64 / SECONDS_PER_DAY as f64;
            (-age / cfg.half_life_days).exp2()
        };
        let credit = &cfg.commitment_credit;
        let mut tally = [Tally::default(); 4];
        let mut any = false;
        self.counted.clear();
        for (k, item) in items.iter().enumerate() {
            if item.at > now {
                continue;
            }
            any = true;
            let (pillar, when, credit, source, outcome) = match item.kind {
                ItemKind::Interaction { base } => {
                    let d = decay(item.at);
                    let w = base * d;
                    let t = &mut tally[0];
                    t.count += 1;
                    t.n += d;
                    t.s += w;
                    let c = Counted {
                        pillar: 0,
                        item: k,
                        when: item.at,
                        weight: w,
                        credit: 0.0,
                        source: EvidenceSource::Interaction,
                        outcome: None,
                    };
                    self.counted.push(c);
                    continue;
                }
                ItemKind::Commitment { due, delivered } => match delivered.filter(|&d| d <= now) {
                    Some(d) if d <= due => (1, d, credit.on_time, EvidenceSource::Commitment, Some(OnTime)),
                    Some(d) => (1, d, credit.late, EvidenceSource::Commitment, Some(Late)),
                    None if due < now => (1, due, credit.broken, EvidenceSource::Commitment, Some(Broken)),
                    None => continue,
                },
                ItemKind::Signal { pillar, positive } => {
                    let source = if pillar == Pillar::Sincerity {
                        EvidenceSource::SincerityEvent
                    } else {
                        EvidenceSource::ExpertiseSignal
                    };
                    (pillar_index(pillar), item.at, if positive { 1.0 } else { 0.0 }, source, None)
                }
                ItemKind::Assessment { pillar, score } => {
                    let latest = &mut tally[pillar_index(pillar)].assessment;
                    // Items keep the map's order, so on equal times the later-listed one wins.
                    if latest.is_none_or(|(at, _, _)| item.at >= at) {
                        *latest = Some((item.at, k, score));
                    }
                    continue;
                }
            };
            let d = decay(when);
            let t = &mut tally[pillar];
            t.count += 1;
            t.n += d;
            t.s += credit * d;
            self.counted.push(Counted { pillar, item: k, when, weight: d, credit, source, outcome });
        }
        let pillars = std::array::from_fn(|p| self.pillar(map, cfg, items, p, &tally[p]));
        (pillars, any)
    }

    fn pillar(&mut self, map: &RelationshipMap, cfg: &TrustConfig, items: &[Item], p: usize, t: &Tally) -> PillarScore {
        let form = Form { cfg, relationship: p == 0 };
        let evidence_score = (t.count > 0).then(|| form.evidence(t.s, t.n));
        let assessment_score = t.assessment.map(|(_, _, a)| a);
        let score = form.blend(evidence_score, assessment_score);
        let amount = t.n + if assessment_score.is_some() { cfg.assessment_evidence } else { 0.0 };
        let confidence = amount / (amount + cfg.confidence_k);

        // Leave-one-out impact: the score with the item minus the score without it.
        let impact = |c: &Counted| {
            let without = if t.count == 1 {
                None
            } else if form.relationship {
                Some(form.evidence(t.s - c.weight, 0.0))
            } else {
                Some(form.evidence(t.s - c.credit * c.weight, t.n - c.weight))
            };
            score - form.blend(without, assessment_score)
        };
        // Relationship impacts grow strictly with the item's weight, so rank by
        // weight and compute the impact (an `exp`) of the kept items only.
        self.ranked.clear();
        for (j, c) in self.counted.iter().enumerate().filter(|(_, c)| c.pillar == p) {
            let rank = if form.relationship {
                Rank { key: c.weight, when: c.when, j, impact: f64::NAN }
            } else {
                let i = impact(c);
                Rank { key: i.abs(), when: c.when, j, impact: i }
            };
            self.ranked.push(rank);
        }
        keep_first(&mut self.ranked, cfg.top_evidence);
        if form.relationship {
            for r in &mut self.ranked {
                r.impact = impact(&self.counted[r.j]);
                r.key = r.impact.abs();
            }
        }
        if let Some((at, _, _)) = t.assessment {
            let i = score - form.blend(evidence_score, None);
            self.ranked.push(Rank { key: i.abs(), when: at, j: ASSESSMENT, impact: i });
            keep_first(&mut self.ranked, cfg.top_evidence);
        }
        let counted = &self.counted;

        let evidence = self
            .ranked
            .iter()
            .map(|&Rank { impact, j, .. }| {
                if j == ASSESSMENT {
                    let (at, k, _) = t.assessment.expect("an assessment was ranked");
                    let id = map.evidence()[items[k].source as usize].id.as_str().into();
                    EvidenceContribution {
                        id,
                        source: EvidenceSource::Assessment,
                        at: Timestamp(at),
                        weight: 0.0,
                        impact,
                        outcome: None,
                    }
                } else {
                    let c = &counted[j];
                    let source = items[c.item].source as usize;
                    let id = match c.source {
                        EvidenceSource::Interaction => &map.interactions()[source].id,
                        _ => &map.evidence()[source].id,
                    };
                    EvidenceContribution {
                        id: id.as_str().into(),
                        source: c.source,
                        at: Timestamp(c.when),
                        weight: c.weight,
                        impact,
                        outcome: c.outcome,
                    }
                }
            })
            .collect();
        PillarScore {
            score,
            confidence,
            evidence_score,
            assessment_score,
            evidence_count: t.count,
            evidence_weight: t.n,
            evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Channel, Evidence, EvidenceKind, Interaction, Stakeholder, TeamMember};
    use crate::trust::index::{Filter, PairIndex};

    fn day(n: i64) -> Timestamp {
        Timestamp::from_ymd(2026, 1, 1).unwrap().plus_days(n)
    }

    fn map_with(channels: &[(i64, Channel)], rating: Option<f64>) -> RelationshipMap {
        let mut m = RelationshipMap::new(Account::new("a", "A"));
        m.add_stakeholder(Stakeholder::new("s", "S")).unwrap();
        m.add_team_member(TeamMember::new("m", "M")).unwrap();
        for (k, &(d, c)) in channels.iter().enumerate() {
            m.add_interaction(Interaction::new(format!("i{k}"), day(d), c, ["m"], ["s"])).unwrap();
        }
        if let Some(rating) = rating {
            let kind = EvidenceKind::Assessment { pillar: Pillar::Relationship, rating };
            m.add_evidence(Evidence { id: "a".into(), at: day(0), member: "m".into(), stakeholder: "s".into(), kind })
                .unwrap();
        }
        m
    }

    fn relationship(map: &RelationshipMap, cfg: &TrustConfig, at: i64) -> PillarScore {
        let index = PairIndex::build(map, cfg, Filter::default());
        let (pillars, _) = PairScorer::default().score(map, cfg, index.items_of(0), day(at));
        pillars[0].clone()
    }

    #[test]
    fn keeps_the_top_items_by_impact_then_recency() {
        let map = map_with(
            &[(0, Channel::Email), (1, Channel::Visit), (2, Channel::Email), (3, Channel::Phone), (3, Channel::Visit)],
            None,
        );
        let cfg = TrustConfig { top_evidence: 3, half_life_days: 1e9, ..TrustConfig::default() };
        let r = relationship(&map, &cfg, 3);
        // The two visits tie on impact (no decay): the later one first; then the phone call.
        let ids: Vec<&str> = r.evidence.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["i4", "i1", "i3"]);
        assert_eq!(r.evidence_count, 5);
        let all = relationship(&map, &TrustConfig { top_evidence: 100, ..cfg.clone() }, 3);
        assert_eq!(all.evidence.len(), 5);
        let none = relationship(&map, &TrustConfig { top_evidence: 0, ..cfg }, 3);
        assert!(none.evidence.is_empty());
    }

    #[test]
    fn leave_one_out_of_a_single_item_falls_back_to_the_assessment() {
        // One visit (E = 3) blended with a rating of 10: removing the visit leaves the rating alone.
        let map = map_with(&[(0, Channel::Visit)], Some(10.0));
        let r = relationship(&map, &TrustConfig::default(), 0);
        let visit = 100.0 * (1.0 - (-0.5f64).exp());
        assert!((r.score - (visit + 100.0) / 2.0).abs() < 1e-12);
        let by_id = |id: &str| r.evidence.iter().find(|c| c.id == id).unwrap().impact;
        assert!((by_id("i0") - (r.score - 100.0)).abs() < 1e-12);
        assert!((by_id("a") - (r.score - visit)).abs() < 1e-12);
        // Equal magnitudes at the same time: the evidence item is listed before the assessment.
        assert_eq!(r.evidence[0].id, "i0");
    }
}
