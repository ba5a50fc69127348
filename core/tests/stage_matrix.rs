//! Sales stages and matrices through the public API: hand-computed cases on a
//! full map document, a custom stage model from JSON, and every typed error.

use std::collections::HashMap;

use relmap::matrix::{
    classify, competition, AccountPoint, ClassificationConfig, CompetitionConfig, MatrixError, Quadrant, Threshold,
};
use relmap::model::{Criterion, Milestone, Opportunity};
use relmap::stage::{
    identify, stage_ahead_of_evidence, StageAhead, StageDef, StageError, StageModel, UnknownMilestones,
};
use relmap::RelationshipMap;

const MAP: &str = r#"{
  "format": "relmap/1",
  "account": {"id": "acme", "name": "Acme 集团"},
  "stakeholders": [
    {"id": "ceo", "name": "陈伟", "roles": ["economic_buyer"]},
    {"id": "cio", "name": "刘洋", "reports_to": "ceo", "roles": ["technical_buyer"]},
    {"id": "buyer", "name": "王芳", "reports_to": "ceo", "roles": ["purchaser"]}
  ],
  "opportunities": [
    {"id": "cloud", "name": "Cloud platform", "amount": 500000, "declared_stage": "negotiation",
     "competitors": ["rival"],
     "milestones": [
       {"key": "need_identified", "at": "2026-01-05"},
       {"key": "budget_confirmed", "at": "2026-01-20"},
       {"key": "decision_process_mapped", "at": "2026-02-03"},
       {"key": "solution_presented", "at": "2026-02-20"},
       {"key": "proposal_submitted", "at": "2026-03-02"}
     ],
     "criteria": [
       {"id": "price", "weights": {"ceo": 1, "buyer": 3}},
       {"id": "security", "weights": {"ceo": 1, "cio": 2}},
       {"id": "support", "weights": {"ceo": 2, "cio": 2, "buyer": 1}}
     ],
     "vendor_scores": {
       "us": {"price": 6, "security": 9, "support": 8},
       "rival": {"price": 8, "security": 7, "support": 8}
     }},
    {"id": "renewal", "name": "Support renewal", "declared_stage": "qualification",
     "milestones": [{"key": "need_identified", "at": "2026-02-10"}]}
  ]
}"#;

fn map() -> RelationshipMap {
    RelationshipMap::from_json(MAP).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn stages_of_the_sample_map() {
    let model = StageModel::default();
    let stages = map().stages(&model, None).unwrap();
    assert_eq!(stages.len(), 2);
    let cloud = &stages[0];
    assert_eq!(cloud.stage, "evaluation");
    assert_eq!(cloud.entered_at, Some("2026-02-20".parse().unwrap()));
    assert_eq!(cloud.next_stage.as_deref(), Some("negotiation"));
    assert_eq!(cloud.missing_for_next, ["poc_passed", "shortlisted"]);
    assert_eq!(cloud.win_probability, 0.6);
    assert_eq!(cloud.weighted_amount, Some(300000.0));
    assert!(cloud.ahead_of_evidence);
    assert_eq!(
        cloud.to_string(),
        "cloud: evaluation (60%), next negotiation needs poc_passed, shortlisted; declared negotiation is ahead of the evidence"
    );
    assert!(!stages[1].ahead_of_evidence);
    assert_eq!(
        stage_ahead_of_evidence(&map(), &model, None).unwrap(),
        [StageAhead {
            opportunity_id: "cloud".into(),
            declared: "negotiation".into(),
            identified: "evaluation".into()
        }]
    );
    // As of 2026-02-01 the cloud deal had a budget but no mapped decision process.
    let early = map().stages(&model, Some("2026-02-01".parse().unwrap())).unwrap();
    assert_eq!(early[0].stage, "needs_analysis");
    assert_eq!(early[0].out_of_order, Vec::<String>::new());
    // Before the renewal's need was identified its declared stage was ahead too.
    let ahead = stage_ahead_of_evidence(&map(), &model, Some("2026-02-01".parse().unwrap())).unwrap();
    let ids: Vec<&str> = ahead.iter().map(|a| a.opportunity_id.as_str()).collect();
    assert_eq!(ids, ["cloud", "renewal"]);
}

#[test]
fn competition_of_the_sample_map() {
    // Normalised weights: ceo (price .25, security .25, support .5), cio (security .5, support .5),
    // buyer (price .75, support .25). With u = ceo .5, cio .3, buyer .2:
    // price = .125 + .15 = .275; security = .125 + .15 = .275; support = .25 + .15 + .05 = .45.
    // us = .275·6 + .275·9 + .45·8 = 7.725; rival = .275·8 + .275·7 + .45·8 = 7.725: a tie.
    let u: HashMap<String, f64> = [("ceo", 0.5), ("cio", 0.3), ("buyer", 0.2)].map(|(s, v)| (s.to_string(), v)).into();
    let all = map().competition_matrices(Some(&u), &CompetitionConfig::default()).unwrap();
    assert_eq!(all.len(), 1, "the renewal has no criteria");
    let m = &all[0];
    let w: Vec<f64> = m.criteria.iter().map(|c| c.weight).collect();
    assert!(close(w[0], 0.275) && close(w[1], 0.275) && close(w[2], 0.45), "{w:?}");
    assert!(close(m.our_total(), 7.725) && close(m.total("rival").unwrap(), 7.725));
    assert!(m.vendors.iter().all(|v| v.rank == 1));
    assert_eq!(m.trailing.len(), 1);
    assert_eq!(m.trailing[0].criterion, "price");
    assert!(close(m.trailing[0].weighted_gap, 0.55));
    let prefs: Vec<(&str, Vec<String>)> =
        m.stakeholders.iter().map(|s| (s.stakeholder_id.as_str(), s.preferred.clone())).collect();
    // ceo: us 1.5 + 2.25 + 4 = 7.75 vs rival 2 + 1.75 + 4 = 7.75 (tie); cio: us 8.5 vs 7.5; buyer: us 6.5 vs 8.
    assert_eq!(
        prefs,
        [
            ("ceo", vec!["rival".to_string(), "us".to_string()]),
            ("cio", vec!["us".to_string()]),
            ("buyer", vec!["rival".to_string()])
        ]
    );
    // The CIO counting for more tips the deal to us.
    let u2: HashMap<String, f64> = [("ceo", 0.4), ("cio", 0.5), ("buyer", 0.1)].map(|(s, v)| (s.to_string(), v)).into();
    let m2 = &map().competition_matrices(Some(&u2), &CompetitionConfig::default()).unwrap()[0];
    assert_eq!((m2.our_rank, m2.leader.as_str()), (1, "us"));
    assert!(m2.margin().unwrap() > 0.0);
}

#[test]
fn a_company_stage_model_from_json() {
    let text = r#"{
      "milestones": [
        {"key": "contact_made", "description": "A first meeting took place"},
        {"key": "pilot_started"},
        {"key": "pilot_accepted"},
        {"key": "po_received"},
        {"key": "no_decision", "description": "The customer shelved the project"},
        {"key": "newsletter_signup", "description": "Recorded by marketing, gates no stage"}
      ],
      "stages": [
        {"key": "prospect", "name": "Prospect", "local_name": "潜在客户", "win_probability": 0.02,
         "visit_goals": ["Get a meeting"]},
        {"key": "engaged", "name": "Engaged", "entry_criteria": ["contact_made"], "win_probability": 0.15},
        {"key": "pilot", "name": "Pilot", "entry_criteria": ["pilot_started"], "win_probability": 0.5,
         "visit_goals": ["Agree pilot success criteria", "Meet the sponsor weekly"]},
        {"key": "won", "name": "Won", "entry_criteria": ["pilot_accepted", "po_received"], "win_probability": 1},
        {"key": "shelved", "name": "Shelved", "entry_criteria": ["no_decision"], "win_probability": 0, "off_path": true}
      ],
      "unknown_milestones": "reject"
    }"#;
    let model = StageModel::from_json(text).unwrap();
    assert_eq!(model.win_probabilities().unwrap().len(), 5);
    let mut o = Opportunity::new("o1", "Robots");
    for (k, at) in
        [("newsletter_signup", "2026-01-01"), ("contact_made", "2026-01-10"), ("pilot_started", "2026-02-01")]
    {
        o.milestones.push(Milestone { key: k.into(), at: at.parse().unwrap() });
    }
    let a = identify(&o, &model, None).unwrap();
    assert_eq!((a.stage.as_str(), a.win_probability), ("pilot", 0.5));
    assert_eq!(a.visit_goals, ["Agree pilot success criteria", "Meet the sponsor weekly"]);
    assert_eq!(a.missing_for_next, ["pilot_accepted", "po_received"]);
    o.milestones.push(Milestone { key: "no_decision".into(), at: "2026-03-01".parse().unwrap() });
    let a = identify(&o, &model, None).unwrap();
    assert_eq!((a.stage.as_str(), a.path_stage.as_str()), ("shelved", "pilot"));
    o.milestones.push(Milestone { key: "pilot_startd".into(), at: "2026-03-02".parse().unwrap() });
    assert_eq!(identify(&o, &model, None).unwrap_err().code(), "unknown_reference");
    // The same model written out reads back equal.
    assert_eq!(StageModel::from_json(&model.to_json()).unwrap(), model);
}

#[test]
fn classification_of_a_portfolio() {
    let points = [
        AccountPoint::new("acme", 820_000.0, 74.0),
        AccountPoint::new("bolt", 640_000.0, 31.0),
        AccountPoint::new("core", 90_000.0, 66.0),
        AccountPoint::new("dyna", 45_000.0, 12.0),
        AccountPoint::new("echo", 300_000.0, 60.0),
    ];
    let cfg = ClassificationConfig { relationship_threshold: Threshold::Fixed(60.0), ..Default::default() };
    let m = classify(&points, &cfg).unwrap();
    assert_eq!(m.value_threshold, 300_000.0);
    let got: Vec<(&str, Quadrant, usize)> = m.accounts.iter().map(|a| (a.id.as_str(), a.quadrant, a.rank)).collect();
    assert_eq!(
        got,
        [
            ("acme", Quadrant::Strategic, 1),
            ("bolt", Quadrant::Develop, 3),
            ("core", Quadrant::Maintain, 4),
            ("dyna", Quadrant::Monitor, 5),
            ("echo", Quadrant::Strategic, 2),
        ]
    );
    assert_eq!(m.get("bolt").unwrap().strategy, cfg.develop.strategy);
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["accounts"][0]["quadrant"], "strategic");
}

// ---- every stage error ----

fn model_error(edit: impl FnOnce(&mut StageModel)) -> StageError {
    let mut model = StageModel::default();
    edit(&mut model);
    model.validate().unwrap_err()
}

#[test]
fn bad_stage_models_fail_with_typed_errors() {
    let e = model_error(|m| m.stages[3].entry_criteria.push("signed_in_blood".into()));
    assert_eq!(
        e,
        StageError::UnknownMilestone { key: "signed_in_blood".into(), field: "stages[3].entry_criteria[1]".into() }
    );
    assert_eq!(e.field(), Some("stages[3].entry_criteria[1]"));
    let e = model_error(|m| m.stages[4].key = "qualification".into());
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("stages[4].key")));
    let e = model_error(|m| m.milestones[3].key = "need_identified".into());
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("milestones[3].key")));
    let e = model_error(|m| m.stages[5].entry_criteria.push("poc_passed".into()));
    assert!(matches!(e, StageError::DuplicateKey { kind: "entry criterion", .. }), "{e}");
    assert_eq!(model_error(|m| m.stages[2].key = " ".into()).code(), "empty_id");
    assert_eq!(model_error(|m| m.milestones[0].key = String::new()).code(), "empty_id");
    for p in [1.5, -0.1, f64::NAN, f64::INFINITY] {
        let e = model_error(|m| m.stages[1].win_probability = p);
        assert_eq!((e.code(), e.field()), ("out_of_range", Some("stages[1].win_probability")));
    }
    let e = model_error(|m| m.stages[2].after = Some("nowhere".into()));
    assert_eq!(e, StageError::UnknownStage { key: "nowhere".into(), field: "stages[2].after".into() });
    // Ordering the default path by `after` links: lead -> negotiation -> closed_won, while
    // qualification points back at evaluation.
    let linked = |m: &mut StageModel| {
        let keys: Vec<String> = m.stages.iter().map(|s| s.key.clone()).collect();
        for i in 1..7 {
            m.stages[i].after = Some(keys[i - 1].clone());
        }
    };
    let e = model_error(|m| {
        linked(m);
        m.stages[1].after = Some("evaluation".into());
        m.stages[5].after = Some("lead".into());
    });
    assert_eq!(e.code(), "cyclic_stage_order");
    assert_eq!(
        e.to_string(),
        "stages: cyclic stage order: qualification -> needs_analysis -> solution -> evaluation -> qualification"
    );
    let e = model_error(|m| {
        linked(m);
        m.stages[2].after = Some("lead".into());
    });
    assert_eq!(
        e,
        StageError::BranchingOrder {
            stage: "lead".into(),
            first: "qualification".into(),
            second: "needs_analysis".into()
        }
    );
    let e = model_error(|m| m.stages[3].after = Some("needs_analysis".into()));
    assert!(matches!(&e, StageError::MultipleEntryStages { stages } if stages.len() == 6), "{e}");
    assert_eq!(model_error(|m| m.stages[7].entry_criteria.clear()).code(), "off_path_without_criteria");
    assert_eq!(model_error(|m| m.stages[7].after = Some("negotiation".into())).code(), "off_path_in_order");
    assert_eq!(model_error(|m| m.stages[2].after = Some("closed_lost".into())).code(), "off_path_in_order");
    let e = model_error(|m| m.stages[0].entry_criteria.push("need_identified".into()));
    assert_eq!((e.code(), e.field()), ("entry_stage_has_criteria", Some("stages[0].entry_criteria")));
    assert_eq!(model_error(|m| m.stages.retain(|s| s.off_path)), StageError::NoStages);
    assert_eq!(model_error(|m| m.stages.clear()).code(), "empty_list");
    // The same errors reach callers as relmap::Error with the same code.
    let bad =
        StageModel { milestones: vec![], stages: vec![StageDef::new("a", "A", ["x"], 0.1)], ..Default::default() };
    let e = StageModel::from_json(&bad.to_json()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("stages[0].entry_criteria[0]")));
    assert!(matches!(e, relmap::Error::Stage(_)));
}

#[test]
fn malformed_stage_model_json_fails_with_format_errors() {
    let e = StageModel::from_json(r#"{"milestones": [], "stages": [{"key": "a", "name": "A"}]}"#).unwrap_err();
    assert_eq!((e.code(), e.field()), ("json_shape", Some("stages[0]")));
    let e = StageModel::from_json(
        r#"{"milestones": [], "stages": [{"key": "a", "name": "A", "win_probability": 0.1, "colour": "red"}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.code(), "json_shape");
    assert!(e.to_string().contains("colour"), "{e}");
    assert_eq!(StageModel::from_json("{").unwrap_err().code(), "json_syntax");
}

#[test]
fn opportunities_the_model_cannot_read_fail_with_typed_errors() {
    let mut model = StageModel::default();
    let mut o = Opportunity::new("o9", "Deal");
    o.milestones.push(Milestone { key: "handshake".into(), at: "2026-01-01".parse().unwrap() });
    assert_eq!(identify(&o, &model, None).unwrap().unknown_milestones, ["handshake"]);
    model.unknown_milestones = UnknownMilestones::Reject;
    let e = identify(&o, &model, None).unwrap_err();
    assert_eq!(
        e,
        StageError::UnknownOpportunityMilestone {
            opportunity: "o9".into(),
            key: "handshake".into(),
            field: "milestones[0].key".into()
        }
    );
    let mut o = Opportunity::new("o9", "Deal");
    o.declared_stage = Some("almost_there".into());
    let e = identify(&o, &model, None).unwrap_err();
    assert_eq!(e, StageError::UnknownDeclaredStage { opportunity: "o9".into(), stage: "almost_there".into() });
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("declared_stage")));
    // A bad model is reported before any opportunity is read.
    let mut bad = StageModel::default();
    bad.stages[1].win_probability = 2.0;
    assert_eq!(map().stages(&bad, None).unwrap_err().code(), "out_of_range");
    assert_eq!(relmap::Error::from(e).code(), "unknown_reference");
}

// ---- every matrix error ----

fn deal() -> Opportunity {
    let mut o = Opportunity::new("o1", "Deal");
    o.criteria = vec![
        Criterion { id: "price".into(), name: None, weights: [("cfo".to_string(), 1.0)].into() },
        Criterion { id: "tech".into(), name: None, weights: [("cto".to_string(), 2.0)].into() },
    ];
    o.vendor_scores = [
        ("us".to_string(), [("price".to_string(), 5.0), ("tech".to_string(), 8.0)].into()),
        ("acme".to_string(), [("price".to_string(), 7.0), ("tech".to_string(), 6.0)].into()),
    ]
    .into();
    o
}

fn competition_error(edit: impl FnOnce(&mut Opportunity), influence: Option<&[(&str, f64)]>) -> MatrixError {
    let mut o = deal();
    edit(&mut o);
    let u: Option<HashMap<String, f64>> = influence.map(|p| p.iter().map(|&(s, v)| (s.to_string(), v)).collect());
    competition(&o, u.as_ref(), &CompetitionConfig::default()).unwrap_err()
}

#[test]
fn bad_competition_inputs_fail_with_typed_errors() {
    competition(&deal(), None, &CompetitionConfig::default()).unwrap();
    let e = competition_error(|o| o.criteria[1].weights.insert("cto".into(), 0.0).map(|_| ()).unwrap(), None);
    assert_eq!(e, MatrixError::ZeroWeights { opportunity: "o1".into(), stakeholder: "cto".into() });
    let e = competition_error(|o| o.criteria.iter_mut().for_each(|c| c.weights.clear()), None);
    assert_eq!(e.code(), "no_criteria_weights");
    assert_eq!(competition_error(|o| o.criteria.clear(), None).code(), "no_criteria_weights");
    let e = competition_error(|o| o.criteria[1].id = "price".into(), None);
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("criteria[1].id")));
    for w in [-1.0, f64::NAN] {
        let e = competition_error(|o| o.criteria[0].weights.insert("cfo".into(), w).map(|_| ()).unwrap(), None);
        assert_eq!((e.code(), e.field()), ("out_of_range", Some("criteria[0].weights.cfo")));
    }
    let e = competition_error(|o| o.vendor_scores.get_mut("acme").unwrap().remove("tech").map(|_| ()).unwrap(), None);
    assert_eq!(
        e,
        MatrixError::MissingScore { opportunity: "o1".into(), vendor: "acme".into(), criterion: "tech".into() }
    );
    let e = competition_error(|o| o.vendor_scores.remove("us").map(|_| ()).unwrap(), None);
    assert_eq!(e, MatrixError::MissingOurVendor { opportunity: "o1".into(), vendor: "us".into() });
    let e = competition_error(
        |o| o.vendor_scores.get_mut("us").unwrap().insert("price".into(), f64::NAN).map(|_| ()).unwrap(),
        None,
    );
    assert_eq!(e.code(), "non_finite");
    let e = competition_error(
        |o| o.vendor_scores.get_mut("us").unwrap().insert("colour".into(), 1.0).map_or((), |_| ()),
        None,
    );
    assert_eq!(e.code(), "unknown_reference");
    let e = competition_error(|_| {}, Some(&[("cfo", 0.5)]));
    assert_eq!(e, MatrixError::MissingInfluence { opportunity: "o1".into(), stakeholder: "cto".into() });
    let e = competition_error(|_| {}, Some(&[("cfo", 0.5), ("cto", -0.1)]));
    assert_eq!(e, MatrixError::BadInfluence { stakeholder: "cto".into(), value: -0.1 });
    assert_eq!(competition_error(|_| {}, Some(&[("cfo", 0.5), ("cto", f64::NAN)])).code(), "out_of_range");
    let e = competition_error(|_| {}, Some(&[("cfo", 0.0), ("cto", 0.0), ("ceo", 1.0)]));
    assert_eq!((e.code(), e.field()), ("zero_influence", Some("influence")));
    assert_eq!(relmap::Error::from(e).code(), "zero_influence");
    for t in [-1e-9, f64::NAN] {
        let cfg = CompetitionConfig { tie_tolerance: t, ..Default::default() };
        let e = competition(&deal(), None, &cfg).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid_config", Some("tie_tolerance")));
    }
}

#[test]
fn bad_classification_inputs_fail_with_typed_errors() {
    let cfg = ClassificationConfig::default();
    assert_eq!(classify(&[], &cfg).unwrap_err(), MatrixError::NoAccounts);
    let e = classify(&[AccountPoint::new("a", 1.0, 1.0), AccountPoint::new("a", 2.0, 2.0)], &cfg).unwrap_err();
    assert_eq!(e, MatrixError::DuplicateAccount { id: "a".into(), field: "accounts[1].id".into() });
    let e = classify(&[AccountPoint::new("", 1.0, 1.0)], &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("empty_id", Some("accounts[0].id")));
    let e = classify(&[AccountPoint::new("a", 1.0, 1.0), AccountPoint::new("b", 1.0, f64::NAN)], &cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("non_finite", Some("accounts[1].relationship")));
    let e = classify(&[AccountPoint::new("a", f64::INFINITY, 1.0)], &cfg).unwrap_err();
    assert_eq!(e.field(), Some("accounts[0].value"));
    for t in [Threshold::Quantile(1.5), Threshold::Quantile(f64::NAN), Threshold::Fixed(f64::NAN)] {
        let bad = ClassificationConfig { value_threshold: t, ..Default::default() };
        let e = classify(&[AccountPoint::new("a", 1.0, 1.0)], &bad).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid_config", Some("value_threshold")));
    }
}

// ---- the documentation stays true ----

const DOC: &str = include_str!("../../docs/stage-and-matrices.md");

#[test]
fn documented_json_stage_model_reads() {
    let start = DOC.find("```json\n").expect("a JSON block") + "```json\n".len();
    let end = start + DOC[start..].find("\n```").unwrap();
    let model = StageModel::from_json(&DOC[start..end]).unwrap();
    let keys: Vec<&str> = model.path().unwrap().iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["prospect", "engaged", "pilot", "won"]);
    assert!(model.stage("shelved").unwrap().off_path);
}

#[test]
fn documented_default_table_matches_the_default_model() {
    let model = StageModel::default();
    let path = model.path().unwrap();
    for s in &model.stages {
        let n = path.iter().position(|p| p.key == s.key).map_or("–".to_string(), |i| (i + 1).to_string());
        let criteria: Vec<String> = s.entry_criteria.iter().map(|c| format!("`{c}`")).collect();
        let criteria = match (criteria.is_empty(), s.off_path) {
            (true, _) => "(none: the entry stage)".to_string(),
            (false, true) => format!("{} (off path)", criteria.join(", ")),
            (false, false) => criteria.join(", "),
        };
        let row = format!(
            "| {n} | `{}` | {} | {} | {criteria} | {}% |",
            s.key,
            s.name,
            s.local_name.as_deref().unwrap_or(""),
            (s.win_probability * 100.0).round()
        );
        assert!(DOC.contains(&row), "docs lack the row {row}");
        assert!(DOC.contains(&format!("- **{}** ({}):", s.key, s.local_name.as_deref().unwrap_or(""))));
    }
    for (key, description) in relmap::stage::DEFAULT_MILESTONES {
        assert!(DOC.contains(&format!("| `{key}` | {description} |")), "docs lack the milestone {key}");
    }
}

#[test]
fn documented_competition_example_prints_as_shown() {
    let mut o = Opportunity::new("opp", "Deal");
    let c = |id: &str, w: &[(&str, f64)]| Criterion {
        id: id.into(),
        name: None,
        weights: w.iter().map(|&(s, x)| (s.to_string(), x)).collect(),
    };
    o.criteria = vec![
        c("price", &[("cfo", 2.0), ("user", 1.0)]),
        c("tech", &[("cfo", 1.0), ("cto", 3.0), ("user", 1.0)]),
        c("service", &[("cfo", 1.0), ("cto", 1.0), ("user", 2.0)]),
    ];
    for (v, s) in [("us", [6.0, 9.0, 7.0]), ("acme", [9.0, 7.0, 8.0]), ("bolt", [8.0, 6.0, 6.0])] {
        let by = ["price", "tech", "service"].iter().zip(s).map(|(c, x)| (c.to_string(), x)).collect();
        o.vendor_scores.insert(v.into(), by);
    }
    let u: HashMap<String, f64> = [("cfo", 0.4), ("cto", 0.4), ("user", 0.2)].map(|(s, v)| (s.to_string(), v)).into();
    let m = competition(&o, Some(&u), &CompetitionConfig::default()).unwrap();
    let line = m.to_string();
    assert!(DOC.contains(&format!("```text\n{line}\n```")), "docs lack {line}");
}

// ---- the classification matrix of a portfolio, relationship axis from trust ----

#[test]
fn portfolio_classification_takes_relationship_strength_from_trust() {
    use relmap::matrix::{ClassificationConfig, MatrixError, Quadrant, Threshold};
    use relmap::model::{Account, Channel, Interaction, Portfolio, Role, Stakeholder, TeamMember};
    use relmap::trust::TrustConfig;

    let day = |d: &str| d.parse::<relmap::time::Timestamp>().unwrap();
    let account = |id: &str, visits: usize| {
        let mut m = RelationshipMap::new(Account::new(id, id));
        m.add_stakeholder(Stakeholder::new("ceo", "CEO").with_roles([Role::EconomicBuyer])).unwrap();
        m.add_stakeholder(Stakeholder::new("cio", "CIO").with_roles([Role::TechnicalBuyer])).unwrap();
        m.add_stakeholder(Stakeholder::new("clerk", "Clerk")).unwrap();
        m.add_team_member(TeamMember::new("rep", "Rep")).unwrap();
        for k in 0..visits {
            let x = Interaction::new(format!("v{k}"), day("2026-03-02"), Channel::Visit, ["rep"], ["cio", "clerk"]);
            m.add_interaction(x).unwrap();
        }
        m
    };
    let cfg = TrustConfig::default();
    let as_of = day("2026-03-02");

    // Key players ceo (no evidence: 0) and cio (two visits today: E = 6); the clerk is not a key player.
    // The cio's composite is (100(1 − e^(−1)) + 150)/4 ≈ 53.3, but visits alone earn an
    // acquaintance at most: the earned composite is 40.
    let two = account("two", 2).trust(&cfg, as_of).unwrap();
    let cio = (100.0 * (1.0 - (-1.0f64).exp()) + 150.0) / 4.0;
    assert!((two.score("cio").unwrap().composite - cio).abs() < 1e-9);
    assert!((two.relationship_strength - 40.0 / 2.0).abs() < 1e-9, "{}", two.relationship_strength);
    // With no key player, everyone counts.
    let mut flat = RelationshipMap::new(Account::new("flat", "flat"));
    flat.add_stakeholder(Stakeholder::new("a", "A")).unwrap();
    assert_eq!(flat.trust(&cfg, as_of).unwrap().relationship_strength, 0.0);
    let empty = RelationshipMap::new(Account::new("empty", "empty"));
    assert_eq!(empty.trust(&cfg, as_of).unwrap().relationship_strength, 0.0);

    let portfolio = Portfolio { maps: vec![account("two", 2), account("none", 0)] };
    let fixed = ClassificationConfig { relationship_threshold: Threshold::Fixed(15.0), ..Default::default() };
    let values = [("none", 800.0), ("two", 900.0), ("solo", 100.0)];
    let m = portfolio.classify(&values, &cfg, as_of, &fixed).unwrap();
    assert_eq!(m.get("two").unwrap().quadrant, Quadrant::Strategic);
    assert_eq!(m.get("none").unwrap().quadrant, Quadrant::Develop);
    assert_eq!((m.get("solo").unwrap().relationship, m.get("solo").unwrap().quadrant), (0.0, Quadrant::Monitor));
    assert!((m.get("two").unwrap().relationship - two.relationship_strength).abs() < 1e-12);

    // Every account with a map needs a value; repeated accounts and NaN are refused.
    let e = portfolio.classify(&[("two", 1.0)], &cfg, as_of, &fixed).unwrap_err();
    assert_eq!((e.code(), e.field()), ("missing_value", Some("values")));
    assert!(e.to_string().contains("\"none\""), "{e}");
    assert!(matches!(e, relmap::Error::Matrix(MatrixError::MissingValue { .. })));
    let e = portfolio.classify(&[("two", 1.0), ("none", 2.0), ("two", 3.0)], &cfg, as_of, &fixed).unwrap_err();
    assert_eq!(e.code(), "duplicate_id");
    let e = portfolio.classify(&[("two", f64::NAN), ("none", 2.0)], &cfg, as_of, &fixed).unwrap_err();
    assert_eq!((e.code(), e.field()), ("non_finite", Some("accounts[0].value")));
}
