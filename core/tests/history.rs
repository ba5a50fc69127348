//! Openness fitted from history: recovery from histories simulated with known
//! openness (seeded), the strength scale, prediction of the next snapshot, the
//! held-out error, and the typed errors when the history identifies nothing.

use relmap::chain::ChainConfig;
use relmap::history::{
    fit_openness, holdout, simulate, EstimateStatus, FitConfig, OpennessFit, SimulationConfig, Snapshot,
};
use relmap::model::{Account, Relation, RelationKind, Role, Stakeholder};
use relmap::time::Timestamp;
use relmap::RelationshipMap;

/// (id, manager, stance, openness): a small account whose people start far apart.
const PEOPLE: [(&str, Option<&str>, f64, f64); 9] = [
    ("gm", None, 1.0, 0.2),
    ("cfo", Some("gm"), -4.0, 0.35),
    ("cio", Some("gm"), 4.0, 0.6),
    ("coo", Some("gm"), -2.0, 0.8),
    ("arch", Some("cio"), 5.0, 0.5),
    ("ops", Some("cio"), 0.0, 0.7),
    ("buyer", Some("cfo"), -1.0, 0.3),
    ("plant", Some("coo"), 3.0, 0.45),
    ("qa", Some("coo"), -5.0, 0.65),
];

fn account(strength: f64) -> RelationshipMap {
    let mut m = RelationshipMap::new(Account::new("acct", "Acct"));
    for (id, boss, stance, openness) in PEOPLE {
        let mut s = Stakeholder::new(id, id).with_stance(stance).with_openness(openness);
        if let Some(b) = boss {
            s = s.with_reports_to(b);
        }
        if id == "gm" {
            s = s.with_roles([Role::EconomicBuyer]);
        }
        m.add_stakeholder(s).unwrap();
    }
    for (s, t) in [("cio", "cfo"), ("arch", "gm"), ("qa", "cio"), ("plant", "buyer"), ("cfo", "coo"), ("ops", "qa")] {
        m.add_relation(Relation::new(s, t, RelationKind::Influences, strength)).unwrap();
    }
    m
}

fn snapshots(history: &[(Timestamp, RelationshipMap)]) -> Vec<Snapshot<'_>> {
    history.iter().map(|(at, map)| Snapshot { at: *at, map }).collect()
}

fn openness_of(id: &str) -> f64 {
    PEOPLE.iter().find(|p| p.0 == id).unwrap().3
}

fn fit(history: &[(Timestamp, RelationshipMap)], cfg: &FitConfig) -> OpennessFit {
    fit_openness(&snapshots(history), cfg).unwrap()
}

#[test]
fn exact_dynamics_give_back_the_openness_exactly() {
    let history = simulate(&account(0.8), &SimulationConfig { steps: 4, ..Default::default() }).unwrap();
    let f = fit(&history, &FitConfig::default());
    assert_eq!(f.snapshots, 5);
    for e in &f.people {
        assert_eq!(e.status, EstimateStatus::Fitted, "{}", e.id);
        assert!((e.openness.unwrap() - openness_of(&e.id)).abs() < 1e-9, "{}: {:?}", e.id, e.openness);
        assert_eq!(e.observations, 4);
        assert_eq!(e.prejudice, Some(PEOPLE.iter().find(|p| p.0 == e.id).unwrap().2));
    }
    assert!(f.residual_sd < 1e-8);
    assert_eq!((f.observations, f.parameters), (36, 9));
}

#[test]
fn noisy_histories_recover_the_openness_within_tolerance() {
    let cfg = FitConfig::default();
    let (mut covered, mut total, mut abs_error) = (0, 0, 0.0);
    for seed in 1..=20 {
        let sim = SimulationConfig { steps: 8, noise: 0.15, seed, ..Default::default() };
        let f = fit(&simulate(&account(0.8), &sim).unwrap(), &cfg);
        assert!((f.residual_sd - 0.15).abs() < 0.06, "seed {seed}: residual sd {}", f.residual_sd);
        for e in &f.people {
            let (est, se) = (e.openness.unwrap(), e.std_error.unwrap());
            let truth = openness_of(&e.id);
            // Within four standard errors; the errors are small where people heard a lot.
            assert!((est - truth).abs() < 4.0 * se, "seed {seed} {}: {est} vs {truth} (se {se})", e.id);
            assert!(se > 0.0 && se < 0.15, "seed {seed} {}: se {se}", e.id);
            total += 1;
            abs_error += (est - truth).abs();
            covered += usize::from((est - truth).abs() <= 1.96 * se);
        }
    }
    // The 95 % intervals cover the truth about 95 % of the time.
    let share = covered as f64 / total as f64;
    assert!(share > 0.85, "coverage {share} over {total}");
    let mean_error = abs_error / total as f64;
    assert!(mean_error < 0.04, "mean absolute error {mean_error}");
}

#[test]
fn the_strength_scale_is_recovered() {
    // The truth: explicit relations count 2.5 times their recorded 0.3 against the org chart.
    let truth =
        simulate(&account(0.75), &SimulationConfig { steps: 8, noise: 0.05, seed: 11, ..Default::default() }).unwrap();
    let recorded: Vec<(Timestamp, RelationshipMap)> = truth
        .iter()
        .map(|(at, m)| {
            let mut doc = m.to_document();
            for r in &mut doc.relations {
                r.strength = 0.3;
            }
            (*at, RelationshipMap::from_document(doc).unwrap())
        })
        .collect();
    let cfg = FitConfig { rescale: true, ..FitConfig::default() };
    let f = fit(&recorded, &cfg);
    let scale = f.strength_scale.unwrap();
    assert!((scale.value - 2.5).abs() < 3.0 * scale.std_error + 0.05, "{scale:?}");
    assert!(scale.std_error < 0.5 && !scale.at_bound, "{scale:?}");
    assert_eq!(f.parameters, 10);
    for e in &f.people {
        assert!((e.openness.unwrap() - openness_of(&e.id)).abs() < 0.08, "{}: {:?}", e.id, e.openness);
    }
    // Without the scale, the openness of listeners to explicit relations is off.
    let plain = fit(&recorded, &FitConfig::default());
    let cfo = plain.estimate("cfo").unwrap().openness.unwrap();
    assert!(plain.residual_sd > 2.0 * f.residual_sd, "{} vs {}", plain.residual_sd, f.residual_sd);
    assert!(
        (cfo - openness_of("cfo")).abs() > (f.estimate("cfo").unwrap().openness.unwrap() - openness_of("cfo")).abs()
    );
}

#[test]
fn the_next_snapshot_is_predicted_and_scored_on_a_held_out_one() {
    let exact = simulate(&account(0.8), &SimulationConfig { steps: 5, ..Default::default() }).unwrap();
    let f = fit(&exact[..5], &FitConfig::default());
    let next = f.predict_next(&exact[4].1, &ChainConfig::default());
    for p in &next {
        let actual = exact[5].1.stakeholder(&p.id).unwrap().stance.unwrap();
        assert!((p.predicted.unwrap() - actual).abs() < 1e-9, "{}", p.id);
        assert!(p.fitted);
    }
    let h = holdout(&snapshots(&exact), &FitConfig::default()).unwrap();
    assert!(h.rmse < 1e-9 && h.mae < 1e-9);
    assert!(h.baseline_rmse > 0.0);
    assert_eq!(h.stances.len(), PEOPLE.len());

    let noisy =
        simulate(&account(0.8), &SimulationConfig { steps: 7, noise: 0.2, seed: 5, ..Default::default() }).unwrap();
    let h = holdout(&snapshots(&noisy), &FitConfig::default()).unwrap();
    assert!(h.rmse < 0.5, "{h:?}");
    assert_eq!(h.fit.snapshots, 7);
}

#[test]
fn the_fitted_openness_feeds_the_decision_chain() {
    let history = simulate(&account(0.8), &SimulationConfig { steps: 4, ..Default::default() }).unwrap();
    let f = fit(&history, &FitConfig::default());
    let mut plain = account(0.8);
    for s in PEOPLE {
        let mut p = plain.stakeholder(s.0).unwrap().clone();
        p.openness = None;
        plain.update_stakeholder(p).unwrap();
    }
    let applied = f.apply_openness(&plain).unwrap();
    for s in PEOPLE {
        assert!((applied.stakeholder(s.0).unwrap().openness.unwrap() - s.3).abs() < 1e-9);
    }
    let u = applied.decision_influence(&ChainConfig::default()).unwrap();
    assert!((u.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}

#[test]
fn histories_that_identify_nothing_are_refused() {
    let cfg = FitConfig::default();
    let history = simulate(&account(0.8), &SimulationConfig { steps: 3, ..Default::default() }).unwrap();
    let s = snapshots(&history);
    let e = fit_openness(&s[..2], &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("too_few_snapshots", Some("snapshots")));
    let e = holdout(&s[..3], &cfg).unwrap_err();
    assert_eq!(e.code(), "too_few_snapshots");

    // Nothing moved.
    let still = [
        Snapshot { at: s[0].at, map: s[0].map },
        Snapshot { at: s[1].at, map: s[0].map },
        Snapshot { at: s[2].at, map: s[0].map },
    ];
    assert_eq!(fit_openness(&still, &cfg).unwrap_err().code(), "no_stance_change");

    // Out of order, and another account.
    let swapped = [s[0], s[2], s[1]];
    let e = fit_openness(&swapped, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_time", Some("snapshots[2].at")));
    let mut other = history[1].1.clone();
    other.set_account(Account::new("other", "Other")).unwrap();
    let mixed = [s[0], Snapshot { at: s[1].at, map: &other }, s[2]];
    assert_eq!(fit_openness(&mixed, &cfg).unwrap_err().code(), "invalid_argument");

    // Stances change but nobody influences anybody: no move can be explained.
    let mut loners: Vec<RelationshipMap> = Vec::new();
    for k in 0..3 {
        let mut m = RelationshipMap::new(Account::new("acct", "Acct"));
        m.add_stakeholder(Stakeholder::new("a", "A").with_stance(k as f64)).unwrap();
        m.add_stakeholder(Stakeholder::new("b", "B").with_stance(-(k as f64))).unwrap();
        loners.push(m);
    }
    let s2: Vec<Snapshot> = loners.iter().zip(&s).map(|(m, x)| Snapshot { at: x.at, map: m }).collect();
    let e = fit_openness(&s2, &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("not_identified", Some("openness")));

    // The scale needs listeners who hear explicit relations and the org chart disagree;
    // with no explicit relation nothing identifies it.
    let no_relations: Vec<(Timestamp, RelationshipMap)> = history
        .iter()
        .map(|(at, m)| {
            let mut doc = m.to_document();
            doc.relations.clear();
            (*at, RelationshipMap::from_document(doc).unwrap())
        })
        .collect();
    let e = fit_openness(&snapshots(&no_relations), &FitConfig { rescale: true, ..cfg.clone() }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("not_identified", Some("strength_scale")));

    let e = FitConfig { max_openness: 1.0, ..cfg }.validate().unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("max_openness")));
}

#[test]
fn people_without_signal_or_moves_are_reported_not_guessed() {
    let mut history = simulate(&account(0.8), &SimulationConfig { steps: 3, ..Default::default() }).unwrap();
    // A newcomer with an unknown stance, and one whose only speaker agrees with them.
    for (_, m) in &mut history {
        m.add_stakeholder(Stakeholder::new("intern", "Intern").with_reports_to("ops")).unwrap();
        m.add_stakeholder(Stakeholder::new("twin", "Twin").with_stance(2.0)).unwrap();
        m.add_stakeholder(Stakeholder::new("echo", "Echo").with_stance(2.0)).unwrap();
        m.add_relation(Relation::new("twin", "echo", RelationKind::Influences, 1.0)).unwrap();
    }
    let f = fit(&history, &FitConfig::default());
    assert_eq!(f.estimate("intern").unwrap().status, EstimateStatus::NoObservations);
    let echo = f.estimate("echo").unwrap();
    assert_eq!((echo.status, echo.openness, echo.std_error), (EstimateStatus::NoSignal, None, None));
    assert_eq!(f.estimate("twin").unwrap().status, EstimateStatus::NoObservations);
    assert_eq!(f.estimate("cio").unwrap().status, EstimateStatus::Fitted);
}
