//! Deal health: hand-computed factors, monotonicity, the samples' statuses,
//! the portfolio view and the logistic calibration.

use proptest::prelude::*;

use relmap::health::{
    calibrate, CalibrationConfig, DealHealth, DealHealthConfig, FactorCode, HealthStatus, Outcome, PortfolioHealth,
};
use relmap::model::{
    Account, BuyingInfluence, ChampionElement, Channel, Criterion, Grade, Interaction, MeddpiccElement, Milestone,
    Opportunity, Portfolio, ResponseMode, Role, Stakeholder, TeamMember,
};
use relmap::time::Timestamp;
use relmap::RelationshipMap;

fn day(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Three people and no influence lines, so decision influence is formal
/// authority normalised: ceo 1/1.7, vp 0.7/1.7, cio 0.
fn scenario() -> RelationshipMap {
    let mut m = RelationshipMap::new(Account::new("acme", "Acme"));
    m.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]).with_stance(2.0)).unwrap();
    m.add_stakeholder(Stakeholder::new("vp", "Sun").with_roles([Role::DecisionMaker]).with_stance(-3.0)).unwrap();
    m.add_stakeholder(Stakeholder::new("cio", "Lin").with_roles([Role::Champion]).with_stance(4.0)).unwrap();
    m.add_team_member(TeamMember::new("rep", "Zhao")).unwrap();
    for k in 0..3 {
        m.add_interaction(Interaction::new(format!("v{k}"), day("2026-06-29"), Channel::Visit, ["rep"], ["ceo"]))
            .unwrap();
    }
    m.add_interaction(Interaction::new("c1", day("2026-05-01"), Channel::Phone, ["rep"], ["cio"])).unwrap();
    add_pillar_evidence(&mut m, "ceo", "rep", day("2026-06-29"));
    let mut o = Opportunity::new("o1", "Cloud");
    o.declared_stage = Some("evaluation".into());
    o.milestones.push(Milestone { key: "need_identified".into(), at: day("2026-05-16") });
    o.criteria.push(Criterion { id: "price".into(), name: None, weights: [("ceo".to_owned(), 1.0)].into() });
    for (vendor, score) in [("us", 6.0), ("alpha", 8.0), ("beta", 7.0)] {
        o.vendor_scores.insert(vendor.into(), [("price".to_owned(), score)].into());
    }
    o.meddpicc.set_grade(MeddpiccElement::Metrics, Grade::Green);
    o.meddpicc.set_grade(MeddpiccElement::EconomicBuyer, Grade::Yellow);
    o.meddpicc.champion = Some(ChampionElement {
        grade: Grade::Red,
        stakeholder: Some("cio".into()),
        tested: false,
        description: None,
        confirmed_by: None,
        confirmed_at: None,
    });
    o.buying_influences.push(BuyingInfluence::new("ceo").with_response_mode(ResponseMode::EvenKeel));
    o.buying_influences.push(BuyingInfluence::new("vp").with_response_mode(ResponseMode::Overconfident));
    m.add_opportunity(o).unwrap();
    m
}

const AS_OF: &str = "2026-06-30";

fn health(m: &RelationshipMap) -> DealHealth {
    m.deal_health(&DealHealthConfig::default(), day(AS_OF)).unwrap().remove(0)
}

fn impact(h: &DealHealth, code: FactorCode) -> f64 {
    h.factor(code).map_or(0.0, |f| f.impact)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn every_factor_is_hand_computed() {
    let m = scenario();
    let h = health(&m);
    let (u_ceo, u_vp) = (1.0 / 1.7, 0.7 / 1.7);
    use FactorCode::*;
    // MEDDPICC: green +w, yellow 0 (not listed), red or not assessed −w.
    assert_eq!(impact(&h, MeddpiccMetrics), 3.0);
    assert!(h.factor(MeddpiccEconomicBuyer).is_none());
    assert_eq!(h.values[&MeddpiccEconomicBuyer], 0.0);
    assert_eq!(impact(&h, MeddpiccChampion), -5.0);
    assert_eq!(h.factor(MeddpiccChampion).unwrap().ids, ["cio"]);
    for (code, w) in [
        (MeddpiccDecisionCriteria, 3.0),
        (MeddpiccDecisionProcess, 4.0),
        (MeddpiccPaperProcess, 3.0),
        (MeddpiccIdentifiedPain, 4.0),
        (MeddpiccCompetition, 3.0),
    ] {
        assert_eq!(impact(&h, code), -w, "{code}");
    }
    assert_eq!(impact(&h, ChampionUntested), -3.0);
    // Three visits yesterday: relationship 100(1 − e^(−9d/6)), d = 2^(−1/90); a kept
    // commitment, an expertise signal and a sincerity event yesterday: (1 + d)/(2 + d) each.
    let d = 2f64.powf(-1.0 / 90.0);
    let rel = 100.0 * (1.0 - (-9.0 * d / 6.0).exp());
    let ceo_trust = (rel + 3.0 * 100.0 * (1.0 + d) / (2.0 + d)) / 4.0;
    let ceo_score = m.trust(&Default::default(), day(AS_OF)).unwrap().score("ceo").unwrap().clone();
    assert!(close(ceo_score.composite, ceo_trust));
    // Confidence (3d/(3d + 3) + 3·d/(d + 3))/4 ≈ 0.31 carries trusted advisor: covered.
    assert!(close(ceo_score.confidence, (3.0 * d / (3.0 * d + 3.0) + 3.0 * d / (d + 3.0)) / 4.0));
    assert_eq!(ceo_score.level, relmap::trust::TrustLevel::TrustedAdvisor);
    assert!(ceo_trust > 60.0 && ceo_score.earned == ceo_trust);
    assert_eq!(impact(&h, EconomicBuyerAccess), 8.0);
    // S = Σ u·stance/5.
    let s = u_ceo * 2.0 / 5.0 + u_vp * -3.0 / 5.0;
    assert!(close(impact(&h, PredictedSupport), 10.0 * s), "{}", impact(&h, PredictedSupport));
    // The vp (stance −3 ≤ −1, u ≥ 0.10) holds u_vp of the decision.
    assert!(close(impact(&h, OpponentInfluence), -12.0 * u_vp));
    assert_eq!(h.factor(OpponentInfluence).unwrap().ids, ["vp"]);
    // One path to the ceo, none to the vp: every key player is under two threads.
    assert!(close(impact(&h, SingleThreaded), -5.0));
    // Key-player trust: the vp has no evidence, so relationship 0 and the rest 50.
    let avg = u_ceo * ceo_trust + u_vp * 37.5;
    assert!(close(impact(&h, KeyPlayerTrust), 6.0 * (avg - 50.0) / 50.0));
    // The vp was never met: u_vp of the key players' influence.
    assert!(close(impact(&h, KeyPlayerNotMet), -6.0 * u_vp));
    // The ceo (authority 1) was met yesterday: power is there.
    assert!(h.factor(NoPower).is_none());
    // The champion was last met 60 days ago (> 30).
    assert_eq!(impact(&h, ChampionGhosted), -6.0);
    assert_eq!(h.factor(ChampionGhosted).unwrap().ids, ["cio"]);
    // Declared evaluation, evidence qualification; 45 days in it against a norm of 30.
    assert_eq!(impact(&h, StageAheadOfEvidence), -5.0);
    assert!(close(impact(&h, StalledInStage), -5.0 * 15.0 / 30.0));
    // Third of three vendors.
    assert_eq!(impact(&h, CompetitivePosition), -6.0);
    // Response modes weighted by influence: (−0.5·u_ceo − 1·u_vp).
    assert!(close(impact(&h, ResponseModes), 4.0 * (-0.5 * u_ceo - u_vp)));

    let sum: f64 = h.factors.iter().map(|f| f.impact).sum();
    assert!(close(h.raw_score, 50.0 + sum));
    assert_eq!(h.score, h.raw_score.clamp(0.0, 100.0));
    assert_eq!(h.status, HealthStatus::Critical);
    // Losses first, largest first; every sentence in both languages.
    assert!(h.factors.windows(2).all(|w| (w[0].impact < 0.0 && w[1].impact >= 0.0)
        || (w[0].impact < 0.0) == (w[1].impact < 0.0) && w[0].impact.abs() >= w[1].impact.abs()));
    assert!(h.factors.iter().all(|f| !f.reason.is_empty() && !f.reason_zh.is_empty()));
    // Three actions, largest gain first, each naming what to work on.
    assert_eq!(h.actions.len(), 3);
    assert!(h.actions.windows(2).all(|w| w[0].gain >= w[1].gain));
    assert_eq!(h.actions[0].gain, 6.0);
    let ghosted = h.actions.iter().find(|a| a.code == ChampionGhosted).unwrap();
    assert_eq!((ghosted.stakeholder.as_deref(), ghosted.element), (Some("cio"), Some(MeddpiccElement::Champion)));
}

#[test]
fn no_power_and_an_uncovered_economic_buyer() {
    let mut m = scenario();
    // Seen at `as_of` + 100 days, nobody with authority was met within 60 days.
    let h = m.deal_health(&DealHealthConfig::default(), day(AS_OF).plus_days(100)).unwrap().remove(0);
    assert_eq!(impact(&h, FactorCode::NoPower), -8.0);
    assert_eq!(h.factor(FactorCode::NoPower).unwrap().ids, ["ceo", "vp"]);
    // Without the visits the ceo is not covered.
    let mut doc = m.to_document();
    doc.interactions.retain(|x| x.id == "c1");
    m = RelationshipMap::from_document(doc).unwrap();
    let h = health(&m);
    assert_eq!(impact(&h, FactorCode::EconomicBuyerAccess), -8.0);
    assert_eq!(h.factor(FactorCode::EconomicBuyerAccess).unwrap().ids, ["ceo"]);
    let cfg = DealHealthConfig { actions: 20, ..Default::default() };
    let all = m.deal_health(&cfg, day(AS_OF)).unwrap().remove(0);
    let a = all.actions.iter().find(|a| a.code == FactorCode::EconomicBuyerAccess).unwrap();
    assert_eq!((a.stakeholder.as_deref(), a.gain), (Some("ceo"), 8.0));
    // The sentence names the person; `stakeholder` carries the id.
    assert!(a.pillar.is_some() && a.action.starts_with("Build access to Chen: "), "{}", a.action);
}

#[test]
fn enough_visits_cover_the_economic_buyer() {
    let m = sample("manufacturing_cloud");
    let at = day("2026-11-15");
    let cfg = DealHealthConfig::default();
    let before = m.deal_health(&cfg, at).unwrap().remove(0);
    let after = with_visits(m, "chairman", "am", 6, at).deal_health(&cfg, at).unwrap().remove(0);
    assert_eq!(before.values[&FactorCode::EconomicBuyerAccess], -1.0);
    assert_eq!(after.values[&FactorCode::EconomicBuyerAccess], 1.0);
    assert!(after.score > before.score);
}

#[test]
fn a_map_without_authority_still_gets_health() {
    let mut m = RelationshipMap::new(Account::new("a", "A"));
    m.add_stakeholder(Stakeholder::new("x", "X")).unwrap();
    m.add_opportunity(Opportunity::new("o", "O")).unwrap();
    let h = m.deal_health(&DealHealthConfig::default(), day(AS_OF)).unwrap().remove(0);
    assert_eq!(impact(&h, FactorCode::EconomicBuyerAccess), -8.0);
    assert_eq!(
        h.factor(FactorCode::NoPower).unwrap().reason,
        "No power: nobody with formal authority ≥ 0.7 is on the map"
    );
}

#[test]
fn bad_config_is_a_typed_error() {
    let m = scenario();
    let mut cfg = DealHealthConfig::default();
    cfg.weights.no_power = f64::NAN;
    let e = m.deal_health(&cfg, day(AS_OF)).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("weights.no_power")));
    let cfg = DealHealthConfig { ghosted_days: 0.0, ..Default::default() };
    assert_eq!(m.deal_health(&cfg, day(AS_OF)).unwrap_err().field(), Some("ghosted_days"));
}

fn sample(name: &str) -> RelationshipMap {
    relmap::io::load(format!("{}/../examples/data/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn graded(mut m: RelationshipMap, grade: Option<Grade>) -> RelationshipMap {
    let mut o = m.opportunities()[0].clone();
    o.meddpicc = Default::default();
    if let Some(g) = grade {
        for e in MeddpiccElement::ALL {
            o.meddpicc.set_grade(e, g);
        }
    }
    m.update_opportunity(o).unwrap();
    m
}

#[test]
fn the_samples_given_meddpicc_data_produce_each_status() {
    let at = |m: &RelationshipMap, d: &str| m.deal_health(&DealHealthConfig::default(), day(d)).unwrap().remove(0);
    // A well-run MES renewal, fully qualified: healthy.
    let h = at(&graded(sample("demo_small"), Some(Grade::Green)), "2026-03-31");
    assert_eq!(h.status, HealthStatus::Healthy, "{h}");
    // The city tender, fully qualified, still lacks power and is stalled: at risk.
    let h = at(&graded(sample("city_construction_tender"), Some(Grade::Green)), "2026-11-01");
    assert_eq!(h.status, HealthStatus::AtRisk, "{h}");
    assert!(h.factor(FactorCode::NoPower).is_some());
    // The manufacturing deal graded red throughout: critical.
    let h = at(&graded(sample("manufacturing_cloud"), Some(Grade::Red)), "2026-11-15");
    assert_eq!(h.status, HealthStatus::Critical, "{h}");
    assert_eq!(h.factors[0].impact, -8.0);
    assert!(h.factors.iter().any(|f| f.code == FactorCode::OpponentInfluence && f.ids == ["vp_manufacturing"]));
}

#[test]
fn the_portfolio_view_ranks_deals_and_tallies_what_hurts() {
    let p = Portfolio {
        maps: vec![
            graded(sample("demo_small"), Some(Grade::Green)),
            graded(sample("manufacturing_cloud"), None),
            graded(sample("city_construction_tender"), Some(Grade::Yellow)),
        ],
    };
    let view = p.deal_health(&DealHealthConfig::default(), day("2026-11-15")).unwrap();
    assert_eq!(view.deals.len(), 3);
    assert!(view.deals.windows(2).all(|w| w[0].score <= w[1].score));
    assert_eq!(view.counts.iter().sum::<usize>(), 3);
    let top = &view.common_factors[0];
    assert_eq!(top.deals, 3, "{:?}", view.common_factors);
    assert!(view.common_factors.windows(2).all(|w| w[0].deals >= w[1].deals));
    assert_eq!(PortfolioHealth::from_deals(view.deals.clone()), view);
}

/// One visit by our rep with the economic buyer, `days` before `as_of`.
/// A commitment kept on its due date, a positive expertise signal and a positive
/// sincerity event from `member` to `stakeholder` at `at`: evidence on the three
/// Beta pillars, which a level above acquaintance (and so coverage) needs.
fn add_pillar_evidence(m: &mut RelationshipMap, stakeholder: &str, member: &str, at: Timestamp) {
    use relmap::model::{Evidence, EvidenceKind};
    let kinds = [
        EvidenceKind::Commitment { due: at, delivered: Some(at), description: None },
        EvidenceKind::ExpertiseSignal { positive: true, description: None },
        EvidenceKind::SincerityEvent { positive: true, description: None },
    ];
    for (k, kind) in kinds.into_iter().enumerate() {
        let id = format!("{stakeholder}_{member}_evidence{k}_{}", at.0);
        let when = if k == 0 { at.plus_days(-14) } else { at };
        m.add_evidence(Evidence { id, at: when, member: member.into(), stakeholder: stakeholder.into(), kind })
            .unwrap();
    }
}

/// `n` visits on the last `n` days and evidence on the other three pillars:
/// enough for the economic buyer to be covered.
fn with_visits(mut m: RelationshipMap, eb: &str, member: &str, n: usize, as_of: Timestamp) -> RelationshipMap {
    for k in 0..n {
        let id = format!("cover{k}");
        m.add_interaction(Interaction::new(id, as_of.plus_days(-(k as i64)), Channel::Visit, [member], [eb])).unwrap();
    }
    add_pillar_evidence(&mut m, eb, member, as_of);
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn raising_a_grade_never_lowers_health(
        grades in proptest::collection::vec(proptest::option::of(proptest::sample::select(Grade::ALL.to_vec())), 8),
        which in 0usize..8,
        sample_index in 0usize..3,
    ) {
        let (name, at) = [("demo_small", "2026-03-31"), ("manufacturing_cloud", "2026-11-15"), ("city_construction_tender", "2026-11-01")][sample_index];
        let mut m = sample(name);
        let mut o = m.opportunities()[0].clone();
        o.meddpicc = Default::default();
        for (e, g) in MeddpiccElement::ALL.into_iter().zip(&grades) {
            if let Some(g) = g { o.meddpicc.set_grade(e, *g); }
        }
        m.update_opportunity(o.clone()).unwrap();
        let cfg = DealHealthConfig::default();
        let before = m.deal_health(&cfg, day(at)).unwrap().remove(0);
        let element = MeddpiccElement::ALL[which];
        for higher in Grade::ALL.into_iter().filter(|g| grades[which].is_none_or(|old| *g >= old)) {
            let mut raised = o.clone();
            raised.meddpicc.set_grade(element, higher);
            let mut m2 = m.clone();
            m2.update_opportunity(raised).unwrap();
            let after = m2.deal_health(&cfg, day(at)).unwrap().remove(0);
            prop_assert!(after.raw_score >= before.raw_score - 1e-9, "{element} → {higher}: {} < {}", after.raw_score, before.raw_score);
            prop_assert!(after.score >= before.score);
        }
    }

    #[test]
    fn covering_the_economic_buyer_never_lowers_health(
        visits in 1usize..8,
        member_index in 0usize..5,
        sample_index in 0usize..3,
    ) {
        let (name, at, eb) = [("demo_small", "2026-03-31", "gm"), ("manufacturing_cloud", "2026-11-15", "chairman"), ("city_construction_tender", "2026-11-01", "vice_mayor")][sample_index];
        let m = sample(name);
        let member = m.team()[member_index % m.team().len()].id.clone();
        let cfg = DealHealthConfig::default();
        let before = m.deal_health(&cfg, day(at)).unwrap().remove(0);
        let covered = with_visits(m, eb, &member, visits, day(at));
        let after = covered.deal_health(&cfg, day(at)).unwrap().remove(0);
        prop_assert!(after.raw_score >= before.raw_score - 1e-9, "{} < {}", after.raw_score, before.raw_score);
        prop_assert!(after.values[&FactorCode::EconomicBuyerAccess] >= before.values[&FactorCode::EconomicBuyerAccess]);
    }
}

/// A small deterministic generator (SplitMix64) for simulated outcomes.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn simulate(n: usize, truth: &[(FactorCode, f64)], intercept: f64, seed: u64) -> Vec<Outcome> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            let values: std::collections::BTreeMap<FactorCode, f64> =
                FactorCode::ALL.iter().map(|&c| (c, 2.0 * rng.next() - 1.0)).collect();
            let z = intercept + truth.iter().map(|(c, b)| b * values[c]).sum::<f64>();
            let won = rng.next() < 1.0 / (1.0 + (-z).exp());
            Outcome { values, won }
        })
        .collect()
}

#[test]
fn calibration_recovers_the_weights_of_simulated_outcomes() {
    use FactorCode::*;
    let truth = [(NoPower, 1.5), (MeddpiccChampion, 1.0), (PredictedSupport, 2.0), (StalledInStage, 0.8)];
    let outcomes = simulate(6000, &truth, -0.4, 7);
    let fit = calibrate(&outcomes, &DealHealthConfig::default(), &CalibrationConfig::default()).unwrap();
    assert!((fit.intercept + 0.4).abs() < 0.1, "{}", fit.intercept);
    for &code in FactorCode::ALL {
        let want = truth.iter().find(|(c, _)| *c == code).map_or(0.0, |(_, b)| *b);
        let got = fit.coefficients[&code];
        assert!((got - want).abs() < 0.15, "{code}: {got} vs {want}");
        assert!((fit.config.weights.get(code) - 25.0 * got).abs() < 1e-12);
    }
    assert!((fit.config.base - (50.0 + 25.0 * fit.intercept)).abs() < 1e-12);
    // Held out, the score separates won from lost nearly as well as on the training deals.
    assert!(fit.auc > 0.75 && fit.auc <= fit.training_auc + 0.01, "{} {}", fit.auc, fit.training_auc);
    assert_eq!(fit.outcomes[0], 6000);
}

#[test]
fn calibration_refuses_too_little_history_and_bad_values() {
    let outcomes = simulate(30, &[(FactorCode::NoPower, 1.0)], 0.0, 3);
    let e = calibrate(&outcomes, &DealHealthConfig::default(), &CalibrationConfig::default()).unwrap_err();
    assert_eq!(e.code(), "too_few_outcomes");
    assert!(e.to_string().contains("at least 40"), "{e}");
    let mut outcomes = simulate(200, &[(FactorCode::NoPower, 1.0)], 0.0, 4);
    outcomes[7].values.insert(FactorCode::NoPower, 3.0);
    let e = calibrate(&outcomes, &DealHealthConfig::default(), &CalibrationConfig::default()).unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert!(e.to_string().contains("outcomes[7].no_power"), "{e}");
    let cal = CalibrationConfig { folds: 1, ..Default::default() };
    assert_eq!(calibrate(&outcomes, &DealHealthConfig::default(), &cal).unwrap_err().field(), Some("folds"));
}

#[test]
fn outcomes_come_from_computed_health() {
    let h = health(&scenario());
    let o = Outcome::new(&h, true);
    assert_eq!(o.values.len(), FactorCode::ALL.len());
    assert_eq!(o.values[&FactorCode::ChampionGhosted], -1.0);
}

#[test]
fn the_samples_carry_their_own_meddpicc_data() {
    let cfg = DealHealthConfig::default();
    let health = |name: &str, d: &str| sample(name).deal_health(&cfg, day(d)).unwrap().remove(0);
    // The city tender after the bid opening: qualified, first of three vendors, but the
    // vice-mayor is out of reach, nobody with authority was met since May and it has sat
    // 116 days in evaluation: at risk.
    let city = health("city_construction_tender", "2026-11-01");
    assert_eq!(city.status, HealthStatus::AtRisk, "{city}");
    for code in [FactorCode::MeddpiccChampion, FactorCode::MeddpiccDecisionProcess, FactorCode::CompetitivePosition] {
        assert!(city.factor(code).is_some_and(|f| f.impact > 0.0), "{code}");
    }
    assert!(city.factor(FactorCode::ChampionUntested).is_none(), "the champion was tested");
    assert_eq!(city.factor(FactorCode::EconomicBuyerAccess).unwrap().ids, ["vice_mayor"]);
    assert_eq!(city.actions[0].stakeholder.as_deref(), Some("vice_mayor"));
    // The manufacturing deal: the chairman unreached (red), no paper process, an untested
    // champion, last of three vendors and declared ahead of its evidence: critical.
    let plant = health("manufacturing_cloud", "2026-11-15");
    assert_eq!(plant.status, HealthStatus::Critical, "{plant}");
    assert_eq!(impact(&plant, FactorCode::MeddpiccEconomicBuyer), -4.0);
    assert_eq!(impact(&plant, FactorCode::ChampionUntested), -3.0);
    assert!(impact(&plant, FactorCode::MeddpiccIdentifiedPain) > 0.0);
    // Neither scores 0: an assessed deal is not "all red by default".
    assert!(city.score > plant.score && plant.score > 0.0);
    // The MES renewal at its analysis date: qualified (six elements green, paper process
    // and competition yellow), a tested champion met last week, first of three vendors and
    // receptive buying influences: healthy, although the general manager is not covered.
    let demo = sample("demo_small");
    let mes = demo.deal_health(&cfg, demo.analysis_date(None)).unwrap().remove(0);
    assert_eq!(mes.as_of, day("2026-03-02T16:00:00+08:00"));
    assert_eq!(mes.status, HealthStatus::Healthy, "{mes}");
    assert_eq!(impact(&mes, FactorCode::EconomicBuyerAccess), -8.0);
    assert!(mes.factor(FactorCode::ChampionGhosted).is_none() && mes.factor(FactorCode::ChampionUntested).is_none());
    assert!(impact(&mes, FactorCode::ResponseModes) > 0.0);
    assert_eq!(impact(&mes, FactorCode::CompetitivePosition), 6.0);
    // The status follows from the rules: without its qualification data it is critical.
    let bare = graded(demo.clone(), None).deal_health(&cfg, demo.analysis_date(None)).unwrap().remove(0);
    assert_eq!(bare.status, HealthStatus::Critical, "{bare}");
    // One sample per status, each by its own data.
    let statuses = [&mes, &city, &plant].map(|d| d.status);
    assert_eq!(statuses, [HealthStatus::Healthy, HealthStatus::AtRisk, HealthStatus::Critical]);
}
