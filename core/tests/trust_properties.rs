//! Invariants of trust scoring on random maps: bounds, monotonicity in
//! evidence and in time, the documented prior, and agreement between the
//! report and the timeline.

use proptest::prelude::*;

use relmap::model::{
    Account, Channel, Evidence, EvidenceKind, Initiator, Interaction, Pillar, Stakeholder, TeamMember,
};
use relmap::time::Timestamp;
use relmap::trust::{CommitmentCredit, PillarScore, TrustConfig, TrustLevel, TrustScore};
use relmap::RelationshipMap;

const MEMBERS: usize = 3;
const STAKEHOLDERS: usize = 4;

fn day(n: i64) -> Timestamp {
    Timestamp::from_ymd(2026, 1, 1).unwrap().plus_days(n)
}

/// One interaction or evidence item, in terms a strategy can generate.
#[derive(Debug, Clone)]
enum Item {
    Meet { day: i64, channel: usize, members: u8, stakeholders: u8, them: bool, sentiment: Option<f64> },
    Commit { m: usize, s: usize, day: i64, due_in: i64, delivered_in: Option<i64> },
    Signal { m: usize, s: usize, day: i64, sincerity: bool, positive: bool },
    Assess { m: usize, s: usize, day: i64, pillar: usize, rating: f64 },
}

impl Item {
    fn day(&self) -> i64 {
        match *self {
            Item::Meet { day, .. } | Item::Commit { day, .. } | Item::Signal { day, .. } | Item::Assess { day, .. } => {
                day
            }
        }
    }

    /// Whether the item concerns pair (m, s).
    fn involves(&self, pm: usize, ps: usize) -> bool {
        match *self {
            Item::Meet { members, stakeholders, .. } => members & (1 << pm) != 0 && stakeholders & (1 << ps) != 0,
            Item::Commit { m, s, .. } | Item::Signal { m, s, .. } | Item::Assess { m, s, .. } => (m, s) == (pm, ps),
        }
    }
}

fn item() -> impl Strategy<Value = Item> {
    let pair = (0..MEMBERS, 0..STAKEHOLDERS, 0i64..400);
    prop_oneof![
        (
            0i64..400,
            0..Channel::ALL.len(),
            1u8..(1 << MEMBERS),
            1u8..(1 << STAKEHOLDERS),
            any::<bool>(),
            proptest::option::of(-1.0f64..=1.0)
        )
            .prop_map(|(day, channel, members, stakeholders, them, sentiment)| Item::Meet {
                day,
                channel,
                members,
                stakeholders,
                them,
                sentiment
            }),
        (pair.clone(), 0i64..60, proptest::option::of(0i64..90))
            .prop_map(|((m, s, day), due_in, delivered_in)| Item::Commit { m, s, day, due_in, delivered_in }),
        (pair.clone(), any::<bool>(), any::<bool>()).prop_map(|((m, s, day), sincerity, positive)| Item::Signal {
            m,
            s,
            day,
            sincerity,
            positive
        }),
        (pair, 0usize..4, 1.0f64..=10.0).prop_map(|((m, s, day), pillar, rating)| Item::Assess {
            m,
            s,
            day,
            pillar,
            rating
        }),
    ]
}

fn members(mask: u8) -> Vec<String> {
    (0..MEMBERS).filter(|i| mask & (1 << i) != 0).map(|i| format!("m{i}")).collect()
}

fn stakeholders(mask: u8) -> Vec<String> {
    (0..STAKEHOLDERS).filter(|i| mask & (1 << i) != 0).map(|i| format!("s{i}")).collect()
}

fn add(map: &mut RelationshipMap, k: usize, item: &Item) {
    let id = format!("x{k}");
    let evidence = |m: usize, s: usize, at: i64, kind| Evidence {
        id: id.clone(),
        at: day(at),
        member: format!("m{m}"),
        stakeholder: format!("s{s}"),
        kind,
    };
    match *item {
        Item::Meet { day: at, channel, members: ms, stakeholders: ss, them, sentiment } => {
            let mut i = Interaction::new(id.clone(), day(at), Channel::ALL[channel], members(ms), stakeholders(ss));
            i.initiated_by = if them { Initiator::Them } else { Initiator::Us };
            i.sentiment = sentiment;
            map.add_interaction(i).unwrap();
        }
        Item::Commit { m, s, day: at, due_in, delivered_in } => {
            let kind = EvidenceKind::Commitment {
                due: day(at + due_in),
                delivered: delivered_in.map(|d| day(at + d)),
                description: None,
            };
            map.add_evidence(evidence(m, s, at, kind)).unwrap();
        }
        Item::Signal { m, s, day: at, sincerity, positive } => {
            let kind = if sincerity {
                EvidenceKind::SincerityEvent { positive, description: None }
            } else {
                EvidenceKind::ExpertiseSignal { positive, description: None }
            };
            map.add_evidence(evidence(m, s, at, kind)).unwrap();
        }
        Item::Assess { m, s, day: at, pillar, rating } => {
            let kind = EvidenceKind::Assessment { pillar: Pillar::ALL[pillar], rating };
            map.add_evidence(evidence(m, s, at, kind)).unwrap();
        }
    }
}

fn build(items: &[Item]) -> RelationshipMap {
    let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    for s in 0..STAKEHOLDERS {
        map.add_stakeholder(Stakeholder::new(format!("s{s}"), "S")).unwrap();
    }
    for m in 0..MEMBERS {
        map.add_team_member(TeamMember::new(format!("m{m}"), "M")).unwrap();
    }
    for (k, item) in items.iter().enumerate() {
        add(&mut map, k, item);
    }
    map
}

fn config() -> impl Strategy<Value = TrustConfig> {
    (
        1.0f64..400.0,
        0.5f64..20.0,
        0.1f64..5.0,
        0.1f64..5.0,
        0.0f64..=1.0,
        0.0f64..=1.0,
        (0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0),
        0.1f64..10.0,
    )
        .prop_map(|(half_life, saturation, alpha, beta, sentiment, assessment, credit, k)| TrustConfig {
            half_life_days: half_life,
            relationship_saturation: saturation,
            prior_alpha: alpha,
            prior_beta: beta,
            sentiment_factor: sentiment,
            assessment_weight: assessment,
            commitment_credit: CommitmentCredit { on_time: credit.0, late: credit.1, broken: credit.2 },
            confidence_k: k,
            ..TrustConfig::default()
        })
}

fn pillar_in_bounds(p: &PillarScore) -> Result<(), TestCaseError> {
    prop_assert!((0.0..=100.0).contains(&p.score), "score {}", p.score);
    prop_assert!((0.0..1.0).contains(&p.confidence), "confidence {}", p.confidence);
    for v in p.evidence_score.iter().chain(p.assessment_score.iter()) {
        prop_assert!((0.0..=100.0).contains(v), "component {v}");
    }
    prop_assert!(p.evidence.iter().all(|c| c.impact.is_finite() && c.weight >= 0.0));
    Ok(())
}

fn score_in_bounds(s: &TrustScore) -> Result<(), TestCaseError> {
    for p in Pillar::ALL {
        pillar_in_bounds(s.pillar(p))?;
    }
    prop_assert!((0.0..=100.0).contains(&s.composite));
    prop_assert!((0.0..1.0).contains(&s.confidence));
    Ok(())
}

fn pair_score(map: &RelationshipMap, cfg: &TrustConfig, m: usize, s: usize, at: i64) -> TrustScore {
    map.trust_timeline(cfg, &format!("m{m}"), &format!("s{s}"), &[day(at)]).unwrap().remove(0)
}

/// A positive item for one pillar of pair (m, s) on day `at`.
fn positive(pillar: usize, m: usize, s: usize, at: i64, channel: usize, sentiment: f64) -> Item {
    match pillar {
        0 => Item::Meet {
            day: at,
            channel,
            members: 1 << m,
            stakeholders: 1 << s,
            them: channel % 2 == 0,
            sentiment: Some(sentiment),
        },
        1 => Item::Commit { m, s, day: at, due_in: 0, delivered_in: Some(0) },
        2 => Item::Signal { m, s, day: at, sincerity: false, positive: true },
        _ => Item::Signal { m, s, day: at, sincerity: true, positive: true },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_score_is_in_bounds(items in prop::collection::vec(item(), 0..40), cfg in config(), at in 0i64..500) {
        let map = build(&items);
        let report = map.trust(&cfg, day(at)).unwrap();
        for st in &report.stakeholders {
            score_in_bounds(&st.best)?;
            score_in_bounds(&st.team)?;
            for p in &st.pairs {
                score_in_bounds(p)?;
            }
        }
        for (_, _, w) in report.ties() {
            prop_assert!((0.0..=1.0).contains(&w));
        }
        if let Some(share) = report.coverage.share {
            prop_assert!((0.0..=1.0).contains(&share));
        }
    }

    #[test]
    fn a_positive_event_never_lowers_its_pillar(
        items in prop::collection::vec(item(), 0..30),
        half_life in 1.0f64..400.0,
        pillar in 0usize..4,
        (m, s) in (0..MEMBERS, 0..STAKEHOLDERS),
        (event_day, at) in (0i64..400, 0i64..100),
        channel in 0..Channel::ALL.len(),
        sentiment in -1.0f64..=1.0,
    ) {
        let cfg = TrustConfig { half_life_days: half_life, ..TrustConfig::default() };
        let as_of = event_day + at;
        let map = build(&items);
        let before = pair_score(&map, &cfg, m, s, as_of);
        let p = Pillar::ALL[pillar];
        // The one documented exception: the first evidence on a pillar that
        // only had an assessment switches from the assessment alone to a 50/50 blend.
        prop_assume!(before.pillar(p).evidence_score.is_some() || before.pillar(p).assessment_score.is_none());
        let mut more = items.clone();
        more.push(positive(pillar, m, s, event_day, channel, sentiment));
        let after = pair_score(&build(&more), &cfg, m, s, as_of);
        prop_assert!(after.pillar(p).score >= before.pillar(p).score - 1e-9,
            "{p:?}: {} -> {}", before.pillar(p).score, after.pillar(p).score);
        prop_assert!(after.composite >= before.composite - 1e-9);
        prop_assert!(after.pillar(p).confidence >= before.pillar(p).confidence - 1e-12);
    }

    #[test]
    fn later_as_of_without_new_evidence_never_raises_relationship(
        items in prop::collection::vec(item(), 0..15),
        half_life in 1.0f64..400.0,
        (first, wait) in (0i64..450, 0i64..400),
    ) {
        let second = first + wait;
        prop_assume!(!items.iter().any(|i| i.day() > first && i.day() <= second));
        let map = build(&items);
        let cfg = TrustConfig { half_life_days: half_life, ..TrustConfig::default() };
        for m in 0..MEMBERS {
            for s in 0..STAKEHOLDERS {
                let line = map.trust_timeline(&cfg, &format!("m{m}"), &format!("s{s}"), &[day(first), day(second)]).unwrap();
                prop_assert!(line[1].relationship.score <= line[0].relationship.score + 1e-9,
                    "m{m}/s{s}: {} -> {}", line[0].relationship.score, line[1].relationship.score);
            }
        }
    }

    #[test]
    fn no_evidence_gives_the_prior_with_confidence_zero(
        items in prop::collection::vec(item(), 0..20),
        alpha in 0.1f64..5.0,
        beta in 0.1f64..5.0,
        at in 0i64..450,
    ) {
        let cfg = TrustConfig { prior_alpha: alpha, prior_beta: beta, ..TrustConfig::default() };
        let map = build(&items);
        let report = map.trust(&cfg, day(at)).unwrap();
        let prior = 100.0 * alpha / (alpha + beta);
        for m in 0..MEMBERS {
            for s in 0..STAKEHOLDERS {
                if items.iter().any(|i| i.involves(m, s) && i.day() <= at) {
                    continue;
                }
                let score = pair_score(&map, &cfg, m, s, at);
                prop_assert_eq!(score.relationship.score, 0.0);
                for p in Pillar::ALL {
                    let ps = score.pillar(p);
                    prop_assert_eq!(ps.confidence, 0.0);
                    prop_assert!(ps.evidence.is_empty() && !ps.has_evidence());
                    if p != Pillar::Relationship {
                        prop_assert!((ps.score - prior).abs() < 1e-9);
                    }
                }
                prop_assert!(!score.has_evidence);
                prop_assert_eq!(score.level, TrustLevel::Stranger);
                let (member, stakeholder) = (format!("m{m}"), format!("s{s}"));
                prop_assert!(report.pair(&member, &stakeholder).is_none());
            }
        }
    }

    #[test]
    fn the_report_and_the_timeline_agree(items in prop::collection::vec(item(), 0..40), cfg in config(), at in 0i64..450) {
        let map = build(&items);
        let report = map.trust(&cfg, day(at)).unwrap();
        let ties = report.ties();
        let mut k = 0;
        for (s, st) in report.stakeholders.iter().enumerate() {
            let mut pairs: Vec<&TrustScore> = st.pairs.iter().collect();
            pairs.sort_by_key(|p| p.member.clone());
            for p in pairs {
                let m: usize = p.member.as_deref().unwrap()[1..].parse().unwrap();
                prop_assert_eq!(&pair_score(&map, &cfg, m, s, at), p);
                prop_assert_eq!(ties[k], (m, s, p.earned / 100.0));
                k += 1;
            }
            if let Some(first) = st.pairs.first() {
                prop_assert!(st.pairs.iter().all(|p| p.earned <= first.earned));
                prop_assert_eq!(&st.best, first);
                for p in Pillar::ALL {
                    let best_on_p = st.pairs.iter().filter(|x| x.pillar(p).has_evidence()).map(|x| x.pillar(p).score).fold(f64::NAN, f64::max);
                    if !best_on_p.is_nan() {
                        prop_assert_eq!(st.team.pillar(p).score, best_on_p);
                    }
                }
            }
        }
        prop_assert_eq!(k, ties.len());
        // The decision chain's ties are the report's, pair for pair.
        let chain_cfg = relmap::chain::ChainConfig { trust: cfg.clone(), ..Default::default() };
        let chain_ties = relmap::chain::trust_ties(&map, &chain_cfg, Some(day(at))).unwrap();
        let chain_ties: Vec<_> = chain_ties.iter().map(|t| (t.member, t.stakeholder, t.strength)).collect();
        prop_assert_eq!(chain_ties, ties);
        // Coverage: a key contact is covered exactly when its best earned composite reaches the threshold.
        for st in report.key_contacts() {
            let covered = report.coverage.covered.contains(&st.stakeholder);
            prop_assert_eq!(covered, st.best.has_evidence && st.best.earned >= cfg.coverage_threshold);
        }
    }

    #[test]
    fn adding_evidence_never_lowers_the_confidence(
        items in prop::collection::vec(item(), 0..30),
        extra in item(),
        cfg in config(),
        at in 0i64..450,
    ) {
        let mut more = items.clone();
        more.push(extra);
        let (before, after) = (build(&items), build(&more));
        for m in 0..MEMBERS {
            for s in 0..STAKEHOLDERS {
                let (b, a) = (pair_score(&before, &cfg, m, s, at), pair_score(&after, &cfg, m, s, at));
                prop_assert!(a.confidence >= b.confidence - 1e-12, "m{m}/s{s}: {} -> {}", b.confidence, a.confidence);
                for p in Pillar::ALL {
                    prop_assert!(a.pillar(p).confidence >= b.pillar(p).confidence - 1e-12);
                }
            }
        }
    }

    #[test]
    fn a_pillar_without_evidence_holds_the_level_at_acquaintance(
        items in prop::collection::vec(item(), 0..40),
        cfg in config(),
        at in 0i64..450,
    ) {
        let report = build(&items).trust(&cfg, day(at)).unwrap();
        let t = &cfg.level_thresholds;
        for st in &report.stakeholders {
            for score in st.pairs.iter().chain([&st.best, &st.team]) {
                let bare = Pillar::ALL.into_iter().any(|p| !score.pillar(p).has_evidence());
                if bare {
                    prop_assert!(score.level <= TrustLevel::Acquaintance, "{:?}", score);
                    prop_assert!(score.earned <= t[1]);
                }
                // The level never exceeds what the composite alone gives, nor what the confidence allows.
                prop_assert!(score.level <= TrustLevel::from_composite(score.composite, t));
                let allowed = cfg.level_min_confidence.iter().take_while(|&&c| score.confidence >= c).count();
                prop_assert!((score.level as usize) <= allowed || !score.has_evidence);
                prop_assert!(score.earned <= score.composite + 1e-12);
                prop_assert!(score.earned == TrustLevel::earned(score.composite, score.confidence, !bare, &cfg).1 || !score.has_evidence);
            }
        }
    }
}
