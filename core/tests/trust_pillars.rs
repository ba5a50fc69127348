//! Hand-computed trust scores: each pillar, decay, initiative, sentiment,
//! assessments, composite and ladder, team view, coverage and ties.

use relmap::model::{
    Account, Channel, Evidence, EvidenceKind, Initiator, Interaction, Pillar, Role, Stakeholder, TeamMember,
};
use relmap::time::Timestamp;
use relmap::trust::{CommitmentOutcome, EvidenceSource, TrustConfig, TrustLevel, TrustScore};
use relmap::RelationshipMap;

const EPS: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < EPS
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b) = ($a, $b);
        assert!(close(a, b), "{} = {a}, expected {b}", stringify!($a));
    }};
}

/// The scoring day; every other date is given as days before it.
fn now() -> Timestamp {
    "2026-06-30".parse().unwrap()
}

fn ago(days: i64) -> Timestamp {
    now().plus_days(-days)
}

struct Builder {
    map: RelationshipMap,
    next: usize,
}

impl Builder {
    fn new() -> Self {
        let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
        map.add_stakeholder(Stakeholder::new("cfo", "Wang Li").with_roles([Role::EconomicBuyer])).unwrap();
        map.add_stakeholder(Stakeholder::new("cio", "Liu Yang").with_roles([Role::TechnicalBuyer])).unwrap();
        map.add_stakeholder(Stakeholder::new("user", "Zhou Qi").with_roles([Role::UserBuyer])).unwrap();
        map.add_team_member(TeamMember::new("rep", "Zhao Min")).unwrap();
        map.add_team_member(TeamMember::new("se", "Sun Hao")).unwrap();
        Builder { map, next: 0 }
    }

    fn id(&mut self) -> String {
        self.next += 1;
        format!("x{}", self.next)
    }

    fn meet(&mut self, days_ago: i64, channel: Channel, by_them: bool, sentiment: Option<f64>) -> String {
        self.meet_with(days_ago, channel, by_them, sentiment, &["rep"], &["cfo"])
    }

    fn meet_with(
        &mut self,
        days_ago: i64,
        channel: Channel,
        by_them: bool,
        sentiment: Option<f64>,
        members: &[&str],
        stakeholders: &[&str],
    ) -> String {
        let id = self.id();
        let mut i =
            Interaction::new(id.clone(), ago(days_ago), channel, members.iter().copied(), stakeholders.iter().copied());
        i.initiated_by = if by_them { Initiator::Them } else { Initiator::Us };
        i.sentiment = sentiment;
        self.map.add_interaction(i).unwrap();
        id
    }

    fn evidence(&mut self, days_ago: i64, member: &str, stakeholder: &str, kind: EvidenceKind) -> String {
        let id = self.id();
        let e = Evidence {
            id: id.clone(),
            at: ago(days_ago),
            member: member.into(),
            stakeholder: stakeholder.into(),
            kind,
        };
        self.map.add_evidence(e).unwrap();
        id
    }

    /// A commitment made `made` days ago, due `due` days ago (negative = in the
    /// future), delivered `delivered` days ago.
    fn commit(&mut self, made: i64, due: i64, delivered: Option<i64>) -> String {
        let kind = EvidenceKind::Commitment { due: ago(due), delivered: delivered.map(ago), description: None };
        self.evidence(made, "rep", "cfo", kind)
    }

    fn signal(&mut self, days_ago: i64, pillar: Pillar, positive: bool) -> String {
        let kind = match pillar {
            Pillar::Expertise => EvidenceKind::ExpertiseSignal { positive, description: None },
            Pillar::Sincerity => EvidenceKind::SincerityEvent { positive, description: None },
            other => panic!("no signal for {other:?}"),
        };
        self.evidence(days_ago, "rep", "cfo", kind)
    }

    fn assess(&mut self, days_ago: i64, pillar: Pillar, rating: f64) -> String {
        self.evidence(days_ago, "rep", "cfo", EvidenceKind::Assessment { pillar, rating })
    }

    fn score(&self) -> TrustScore {
        self.score_at(now())
    }

    fn score_at(&self, as_of: Timestamp) -> TrustScore {
        let line = self.map.trust_timeline(&TrustConfig::default(), "rep", "cfo", &[as_of]).unwrap();
        line.into_iter().next().unwrap()
    }
}

fn relationship(e: f64) -> f64 {
    100.0 * (1.0 - (-e / 6.0).exp())
}

#[test]
fn relationship_channel_decay_initiative_and_sentiment() {
    // One visit today: E = 3.
    let mut b = Builder::new();
    b.meet(0, Channel::Visit, false, None);
    assert_close!(b.score().relationship.score, relationship(3.0));
    assert_close!(b.score().relationship.score, 39.346_934_028_736_66);

    // A visit one half-life (90 days) ago counts half; two half-lives, a quarter.
    let mut b = Builder::new();
    b.meet(90, Channel::Visit, false, None);
    assert_close!(b.score().relationship.score, relationship(1.5));
    let mut b = Builder::new();
    b.meet(180, Channel::Visit, false, None);
    assert_close!(b.score().relationship.score, relationship(0.75));

    // A phone call they started counts 1 × 1.5.
    let mut b = Builder::new();
    b.meet(0, Channel::Phone, true, None);
    assert_close!(b.score().relationship.score, relationship(1.5));

    // Sentiment: email at +1 counts 0.5 × 1.5, at −1 counts 0.5 × 0.5; a meal at +0.5 counts 2 × 1.25.
    for (channel, sentiment, e) in
        [(Channel::Email, 1.0, 0.75), (Channel::Email, -1.0, 0.25), (Channel::MealOrEvent, 0.5, 2.5)]
    {
        let mut b = Builder::new();
        b.meet(0, channel, false, Some(sentiment));
        assert_close!(b.score().relationship.score, relationship(e));
    }

    // Everything together: a visit 90 days ago they started, sentiment 0.6
    // (3 × 0.5 × 1.5 × 1.3 = 2.925), plus an email today (0.5).
    let mut b = Builder::new();
    let visit = b.meet(90, Channel::Visit, true, Some(0.6));
    let email = b.meet(0, Channel::Email, false, None);
    let r = b.score().relationship;
    assert_close!(r.score, relationship(3.425));
    assert_close!(r.evidence_weight, 1.5); // decayed count 0.5 + 1
    assert_close!(r.confidence, 1.5 / 4.5);
    assert_eq!(r.evidence_count, 2);
    assert_eq!(r.evidence.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [visit.as_str(), email.as_str()]);
    assert_close!(r.evidence[0].weight, 2.925);
    assert_close!(r.evidence[0].impact, relationship(3.425) - relationship(0.5));
    assert_close!(r.evidence[1].impact, relationship(3.425) - relationship(2.925));
    assert!(r.evidence.iter().all(|c| c.source == EvidenceSource::Interaction));
}

#[test]
fn no_interaction_means_no_relationship() {
    let mut b = Builder::new();
    b.signal(0, Pillar::Expertise, true);
    let s = b.score();
    assert_eq!(s.relationship.score, 0.0);
    assert_eq!(s.relationship.confidence, 0.0);
    assert_eq!(s.relationship.evidence_score, None);
}

#[test]
fn professional_outcomes_and_decay() {
    let beta = |s: f64, n: f64| 100.0 * (1.0 + s) / (2.0 + n);
    // Kept on time today, late today, broken 10 days ago.
    let mut b = Builder::new();
    b.commit(20, 5, Some(0));
    let p = b.score().professional;
    assert_close!(p.score, beta(0.5, 1.0));
    assert_eq!(p.evidence[0].outcome, Some(CommitmentOutcome::Late));
    let mut b = Builder::new();
    b.commit(20, 0, Some(0));
    assert_close!(b.score().professional.score, 200.0 / 3.0);
    let mut b = Builder::new();
    let broken = b.commit(20, 10, None);
    let d = (-10.0f64 / 90.0).exp2();
    let p = b.score().professional;
    assert_close!(p.score, beta(0.0, d));
    assert_eq!(p.evidence[0].id, broken);
    assert_eq!(p.evidence[0].at, ago(10), "a broken commitment counts from its due date");
    assert_close!(p.evidence[0].impact, beta(0.0, d) - 50.0);

    // A commitment kept 90 days ago weighs 0.5.
    let mut b = Builder::new();
    b.commit(100, 90, Some(90));
    let p = b.score().professional;
    assert_close!(p.score, 60.0);
    assert_close!(p.confidence, 0.5 / 3.5);

    // Kept today (1), late 90 days ago (0.5 × 0.5), broken, due 180 days ago (0 × 0.25):
    // s = 1.25, n = 1.75 → 100 · 2.25 / 3.75 = 60.
    let mut b = Builder::new();
    b.commit(10, 0, Some(0));
    b.commit(120, 100, Some(90));
    b.commit(200, 180, None);
    assert_close!(b.score().professional.score, 60.0);
}

#[test]
fn pending_and_later_delivered_commitments() {
    // Due in the future, not delivered: pending, not counted, but the pair has evidence.
    let mut b = Builder::new();
    b.commit(5, -10, None);
    let s = b.score();
    assert_eq!(s.professional.score, 50.0);
    assert_eq!(s.professional.confidence, 0.0);
    assert_eq!(s.professional.evidence_count, 0);
    assert!(s.has_evidence);

    // Due 10 days ago, delivered 5 days ago: at now it is late; 7 days ago it was broken.
    let mut b = Builder::new();
    b.commit(20, 10, Some(5));
    let p = b.score().professional;
    assert_eq!(p.evidence[0].outcome, Some(CommitmentOutcome::Late));
    let earlier = b.score_at(ago(7)).professional;
    assert_eq!(earlier.evidence[0].outcome, Some(CommitmentOutcome::Broken));
    let d = (-3.0f64 / 90.0).exp2();
    assert_close!(earlier.score, 100.0 / (2.0 + d));
    // Before the due date it was pending; before it was made it did not exist.
    assert_eq!(b.score_at(ago(12)).professional.evidence_count, 0);
    assert!(b.score_at(ago(12)).has_evidence);
    assert!(!b.score_at(ago(21)).has_evidence);
}

#[test]
fn expertise_and_sincerity_signals() {
    let mut b = Builder::new();
    for _ in 0..3 {
        b.signal(0, Pillar::Expertise, true);
    }
    let wrong = b.signal(0, Pillar::Expertise, false);
    let e = b.score().expertise;
    assert_close!(e.score, 400.0 / 6.0);
    assert_close!(e.confidence, 4.0 / 7.0);
    // The negative signal moved the score most: 66.67 with it, 80 without.
    assert_eq!(e.evidence[0].id, wrong);
    assert_close!(e.evidence[0].impact, 400.0 / 6.0 - 80.0);
    assert_eq!(e.evidence[0].source, EvidenceSource::ExpertiseSignal);

    let mut b = Builder::new();
    b.signal(90, Pillar::Sincerity, false);
    let s = b.score().sincerity;
    assert_close!(s.score, 40.0);
    assert_eq!(s.evidence[0].source, EvidenceSource::SincerityEvent);
}

#[test]
fn assessments_blend_with_evidence_or_stand_alone() {
    // Sincerity evidence 40 blended 50/50 with a rating of 10 (→ 100): 70.
    let mut b = Builder::new();
    b.signal(90, Pillar::Sincerity, false);
    let a = b.assess(1, Pillar::Sincerity, 10.0);
    let s = b.score().sincerity;
    assert_close!(s.score, 70.0);
    assert_eq!(s.evidence_score, Some(40.0));
    assert_eq!(s.assessment_score, Some(100.0));
    assert_close!(s.confidence, 1.5 / 4.5);
    assert_eq!(s.evidence[0].id, a);
    assert_close!(s.evidence[0].impact, 30.0);

    // A rating alone: (4 − 1)/9 · 100, confidence 1/(1 + 3).
    let mut b = Builder::new();
    b.assess(3, Pillar::Expertise, 4.0);
    let e = b.score().expertise;
    assert_close!(e.score, 100.0 / 3.0);
    assert_close!(e.confidence, 0.25);

    // The most recent rating at or before as_of wins.
    let mut b = Builder::new();
    b.assess(30, Pillar::Relationship, 9.0);
    b.assess(10, Pillar::Relationship, 2.0);
    b.assess(-5, Pillar::Relationship, 10.0);
    assert_close!(b.score().relationship.score, 100.0 / 9.0);
    assert_close!(b.score_at(ago(20)).relationship.score, 800.0 / 9.0);
}

#[test]
fn composite_level_weakest_and_suggestion() {
    let mut b = Builder::new();
    b.meet(0, Channel::Visit, false, None); // relationship 39.35
    b.commit(10, 0, Some(0)); // professional 66.67
    b.signal(0, Pillar::Expertise, true); // expertise 66.67
    b.signal(0, Pillar::Sincerity, false); // sincerity 33.33
    let s = b.score();
    let expected = (relationship(3.0) + 200.0 / 3.0 + 200.0 / 3.0 + 100.0 / 3.0) / 4.0;
    assert_close!(s.composite, expected);
    assert_eq!(s.level, TrustLevel::CredibleSupplier);
    assert_eq!(s.weakest, Pillar::Sincerity);
    assert_eq!(s.suggestion, relmap::trust::suggestion(Pillar::Sincerity));

    // One item per pillar: confidence 1/(1 + 3) = 0.25 on each, enough for a
    // credible supplier (0.15), not a trusted advisor (0.3).
    assert_close!(s.confidence, 0.25);
    assert_eq!(s.earned, s.composite);

    // Custom weights, thresholds and minimum confidences.
    let cfg = TrustConfig {
        pillar_weights: relmap::trust::PillarWeights { sincerity: 0.0, ..Default::default() },
        level_thresholds: [10.0, 20.0, 30.0, 60.0],
        level_min_confidence: [0.0, 0.1, 0.2, 0.5],
        ..TrustConfig::default()
    };
    let s = b.map.trust_timeline(&cfg, "rep", "cfo", &[now()]).unwrap().remove(0);
    assert_close!(s.composite, (relationship(3.0) + 400.0 / 3.0) / 3.0);
    assert_eq!(s.level, TrustLevel::TrustedAdvisor);
    assert_eq!(s.weakest, Pillar::Relationship);
}

#[test]
fn group_interactions_count_for_every_pair_and_the_team_view_takes_each_best() {
    let mut b = Builder::new();
    // rep and se both meet cfo and cio at once.
    b.meet_with(0, Channel::Meeting, false, None, &["rep", "se"], &["cfo", "cio"]);
    b.meet_with(0, Channel::Visit, false, None, &["rep"], &["cfo"]);
    // se shows expertise to cfo.
    b.evidence(0, "se", "cfo", EvidenceKind::ExpertiseSignal { positive: true, description: None });
    let report = b.map.trust(&TrustConfig::default(), now()).unwrap();

    let rep_cfo = report.pair("rep", "cfo").unwrap();
    let se_cfo = report.pair("se", "cfo").unwrap();
    assert_close!(rep_cfo.relationship.score, relationship(6.0));
    assert_close!(se_cfo.relationship.score, relationship(3.0));
    assert_close!(report.pair("se", "cio").unwrap().relationship.score, relationship(3.0));
    assert!(report.pair("rep", "user").is_none());

    let cfo = report.stakeholder("cfo").unwrap();
    // Best pair: rep (63.2, 50, 50, 50) vs se (39.3, 50, 66.7, 50).
    assert_eq!(cfo.best.member.as_deref(), Some("rep"));
    assert_eq!(cfo.pairs.len(), 2);
    // Team view: rep's relationship, se's expertise, priors elsewhere.
    assert_close!(cfo.team.relationship.score, relationship(6.0));
    assert_close!(cfo.team.expertise.score, 200.0 / 3.0);
    assert_eq!(cfo.team.professional.score, 50.0);
    assert_eq!(cfo.team_sources.relationship.as_deref(), Some("rep"));
    assert_eq!(cfo.team_sources.expertise.as_deref(), Some("se"));
    assert_eq!(cfo.team_sources.professional, None);
    assert_close!(cfo.team.composite, (relationship(6.0) + 50.0 + 200.0 / 3.0 + 50.0) / 4.0);
    assert!(cfo.team.member.is_none());

    // Nobody has any evidence with the user: the prior, a stranger.
    let user = report.stakeholder("user").unwrap();
    assert!(user.pairs.is_empty());
    assert_eq!(user.best.level, TrustLevel::Stranger);
    assert_eq!(user.best.composite, 37.5);
    assert!(!user.best.has_evidence);

    // Ties: every pair with evidence, by stakeholder then member.
    let ties = report.ties();
    assert_eq!(ties.iter().map(|&(m, s, _)| (m, s)).collect::<Vec<_>>(), [(0, 0), (1, 0), (0, 1), (1, 1)]);
    assert_close!(ties[0].2, rep_cfo.earned / 100.0);
    assert_close!(ties[1].2, se_cfo.earned / 100.0);
    // Contact alone (and one expertise signal) earns an acquaintance: the ties stop at 40.
    assert_eq!((rep_cfo.level, rep_cfo.earned), (TrustLevel::Acquaintance, 40.0));
    assert_eq!((se_cfo.level, se_cfo.earned), (TrustLevel::Acquaintance, 40.0));
}

#[test]
fn coverage_of_key_players() {
    let mut b = Builder::new();
    b.meet_with(0, Channel::Visit, false, None, &["rep"], &["cfo"]);
    b.meet_with(0, Channel::Visit, false, None, &["rep"], &["cfo"]);
    b.meet_with(400, Channel::Email, false, None, &["se"], &["cio"]);
    // Two visits: composite (63.2 + 150)/4 = 53.3, but contact alone earns an
    // acquaintance (earned 40 < 50): not covered.
    let report = b.map.trust(&TrustConfig::default(), now()).unwrap();
    assert_close!(report.score("cfo").unwrap().composite, (relationship(6.0) + 150.0) / 4.0);
    assert_eq!(report.score("cfo").unwrap().earned, 40.0);
    assert!(report.coverage.covered.is_empty());
    // A kept commitment, an expertise signal and a sincerity event: every pillar
    // has evidence, confidence (0.4 + 3·0.25)/4 ≈ 0.29 earns credible supplier.
    b.commit(10, 0, Some(0));
    b.signal(0, Pillar::Expertise, true);
    b.signal(0, Pillar::Sincerity, true);
    let report = b.map.trust(&TrustConfig::default(), now()).unwrap();
    let cfo = report.score("cfo").unwrap();
    assert_close!(cfo.confidence, (0.4 + 0.75) / 4.0);
    assert_close!(cfo.composite, (relationship(6.0) + 3.0 * 200.0 / 3.0) / 4.0);
    assert_eq!((cfo.level, cfo.earned), (TrustLevel::CredibleSupplier, 60.0));
    let c = &report.coverage;
    assert_eq!(c.key_contacts, ["cfo", "cio"]);
    // cio: an old email, (≈0.4 + 150)/4 < 20 earned.
    assert_eq!(c.covered, ["cfo"]);
    assert_eq!(c.uncovered, ["cio"]);
    assert_eq!(c.share, Some(0.5));
    assert_eq!(report.key_contacts().count(), 2);
    let table = report.to_table(true);
    assert_eq!(table.lines().count(), 3);
    assert!(table.contains("cfo") && table.contains("可信供应商") && !table.contains("user"));

    let cfg = TrustConfig { key_contact_roles: vec![Role::UserBuyer], ..TrustConfig::default() };
    let report = b.map.trust(&cfg, now()).unwrap();
    assert_eq!(report.coverage.uncovered, ["user"]);
    assert_eq!(report.coverage.share, Some(0.0));
    let cfg = TrustConfig { key_contact_roles: vec![], ..TrustConfig::default() };
    assert_eq!(b.map.trust(&cfg, now()).unwrap().coverage.share, None);
}

#[test]
fn report_serializes_to_json() {
    let mut b = Builder::new();
    b.meet(0, Channel::Visit, true, Some(0.5));
    b.commit(3, 1, Some(2));
    let report = b.map.trust(&TrustConfig::default(), now()).unwrap();
    let v = serde_json::to_value(&report).unwrap();
    assert_eq!(v["as_of"], "2026-06-30T00:00:00Z");
    let cfo = &v["stakeholders"][0]["best"];
    assert_eq!(cfo["member"], "rep");
    // A visit and a commitment: expertise and sincerity have no evidence, so an acquaintance.
    assert_eq!(cfo["level"], "acquaintance");
    assert_eq!(cfo["earned"], 40.0);
    assert_eq!(cfo["professional"]["evidence"][0]["outcome"], "on_time");
    assert_eq!(cfo["professional"]["evidence"][0]["source"], "commitment");
    assert!(v.get("ties").is_none());
}
