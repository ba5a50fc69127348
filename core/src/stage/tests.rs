//! Unit tests of the stage model and identification.

use super::*;
use crate::model::{Milestone, Opportunity};
use crate::time::Timestamp;

fn day(d: u32) -> Timestamp {
    Timestamp::from_ymd(2026, 3, d).unwrap()
}

fn opp(milestones: &[(&str, u32)]) -> Opportunity {
    let mut o = Opportunity::new("o", "Deal");
    o.milestones = milestones.iter().map(|&(k, d)| Milestone { key: k.into(), at: day(d) }).collect();
    o
}

fn small(stages: Vec<StageDef>) -> StageModel {
    let milestones = ["m1", "m2", "m3"].iter().map(|k| MilestoneDef::new(*k, "")).collect();
    StageModel { milestones, stages, unknown_milestones: UnknownMilestones::Reject }
}

fn none() -> [&'static str; 0] {
    []
}

#[test]
fn default_model_is_valid_with_the_documented_table() {
    let model = StageModel::default();
    model.validate().unwrap();
    let table = model.win_probabilities().unwrap();
    let expected = [
        ("lead", 0.05),
        ("qualification", 0.10),
        ("needs_analysis", 0.20),
        ("solution", 0.40),
        ("evaluation", 0.60),
        ("negotiation", 0.80),
        ("closed_won", 1.0),
        ("closed_lost", 0.0),
    ];
    assert_eq!(table.len(), expected.len());
    for ((k, p), (ek, ep)) in table.iter().zip(expected) {
        assert_eq!((k.as_str(), *p), (ek, ep));
    }
    let keys: Vec<&str> = model.milestones.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "need_identified",
            "budget_confirmed",
            "decision_process_mapped",
            "solution_presented",
            "poc_passed",
            "proposal_submitted",
            "shortlisted",
            "commercial_terms_agreed",
            "contract_signed",
            "lost"
        ]
    );
    assert!(model.stages.iter().all(|s| !s.visit_goals.is_empty() && s.local_name.is_some()));
}

#[test]
fn default_model_round_trips_through_json() {
    let model = StageModel::default();
    let again = StageModel::from_json(&model.to_json()).unwrap();
    assert_eq!(again, model);
}

#[test]
fn each_default_stage_is_reached_by_its_cumulative_milestones() {
    let model = StageModel::default();
    let path = model.path().unwrap();
    let mut milestones: Vec<(&str, u32)> = Vec::new();
    for (n, stage) in path.iter().enumerate() {
        for c in &stage.entry_criteria {
            milestones.push((c.as_str(), 1 + milestones.len() as u32));
        }
        let a = identify(&opp(&milestones), &model, None).unwrap();
        assert_eq!(a.stage, stage.key);
        assert_eq!(a.path_stage, stage.key);
        assert_eq!(a.win_probability, stage.win_probability);
        assert_eq!(a.visit_goals, stage.visit_goals);
        assert_eq!(a.next_stage.as_deref(), path.get(n + 1).map(|s| s.key.as_str()));
        let next_criteria = path.get(n + 1).map(|s| s.entry_criteria.clone()).unwrap_or_default();
        assert_eq!(a.missing_for_next, next_criteria);
        // Entered on the day of the last milestone it needed.
        assert_eq!(a.entered_at, milestones.last().map(|&(_, d)| day(d)));
    }
}

#[test]
fn a_later_milestone_does_not_count_until_the_stages_between_are_evidenced() {
    let model = StageModel::default();
    let a =
        identify(&opp(&[("need_identified", 1), ("contract_signed", 2), ("shortlisted", 3)]), &model, None).unwrap();
    assert_eq!(a.stage, "qualification");
    assert_eq!(a.missing_for_next, ["budget_confirmed"]);
    // Path order, not the order they were recorded.
    assert_eq!(a.out_of_order, ["shortlisted", "contract_signed"]);
    assert_eq!(a.entered_at, Some(day(1)));
}

#[test]
fn partial_progress_on_the_next_stage_is_not_out_of_order() {
    let model = StageModel::default();
    let ms = [
        ("need_identified", 1),
        ("budget_confirmed", 2),
        ("decision_process_mapped", 3),
        ("solution_presented", 4),
        ("poc_passed", 5),
    ];
    let a = identify(&opp(&ms), &model, None).unwrap();
    assert_eq!(a.stage, "evaluation");
    assert_eq!(a.missing_for_next, ["proposal_submitted", "shortlisted"]);
    assert!(a.out_of_order.is_empty());
}

#[test]
fn lost_takes_precedence_and_keeps_the_path_stage() {
    let model = StageModel::default();
    let mut o = opp(&[("need_identified", 1), ("budget_confirmed", 2), ("lost", 9)]);
    o.amount = Some(1000.0);
    o.declared_stage = Some("needs_analysis".into());
    let a = identify(&o, &model, None).unwrap();
    assert_eq!((a.stage.as_str(), a.path_stage.as_str()), ("closed_lost", "needs_analysis"));
    assert_eq!(a.stage_name, "Closed lost");
    assert_eq!(a.win_probability, 0.0);
    assert_eq!(a.weighted_amount, Some(0.0));
    assert_eq!(a.entered_at, Some(day(9)));
    assert_eq!(a.next_stage, None);
    assert!(a.missing_for_next.is_empty());
    assert!(!a.ahead_of_evidence);
    assert_eq!(a.to_string(), "o: closed_lost (0%) after needs_analysis; declared needs_analysis");
    // Before the loss was recorded.
    let before = identify(&o, &model, Some(day(8))).unwrap();
    assert_eq!(before.stage, "needs_analysis");
    assert_eq!(before.weighted_amount, Some(200.0));
}

#[test]
fn declaring_an_off_path_stage_without_its_evidence_is_ahead() {
    let model = StageModel::default();
    let mut o = opp(&[("need_identified", 1)]);
    o.declared_stage = Some("closed_lost".into());
    assert!(identify(&o, &model, None).unwrap().ahead_of_evidence);
    o.milestones.push(Milestone { key: "lost".into(), at: day(2) });
    assert!(!identify(&o, &model, None).unwrap().ahead_of_evidence);
}

#[test]
fn declared_stage_behind_or_equal_is_not_ahead() {
    let model = StageModel::default();
    let mut o = opp(&[("need_identified", 1), ("budget_confirmed", 2)]);
    for (declared, ahead) in [("lead", false), ("needs_analysis", false), ("solution", true), ("closed_won", true)] {
        o.declared_stage = Some(declared.into());
        assert_eq!(identify(&o, &model, None).unwrap().ahead_of_evidence, ahead, "{declared}");
    }
}

#[test]
fn repeated_milestones_count_from_their_earliest_date() {
    let model = StageModel::default();
    let a = identify(&opp(&[("need_identified", 5), ("need_identified", 2)]), &model, None).unwrap();
    assert_eq!(a.entered_at, Some(day(2)));
    let as_of = identify(&opp(&[("need_identified", 5), ("need_identified", 2)]), &model, Some(day(3))).unwrap();
    assert_eq!(as_of.stage, "qualification");
}

#[test]
fn as_of_ignores_later_milestones_but_still_checks_their_keys() {
    let mut model = StageModel::default();
    let o = opp(&[("need_identified", 1), ("nonsense", 20), ("tender_announced", 3), ("nonsense", 4)]);
    let a = identify(&o, &model, Some(day(2))).unwrap();
    assert_eq!(a.stage, "qualification");
    assert_eq!(a.unknown_milestones, ["nonsense", "tender_announced"]);
    assert_eq!(
        a.to_string(),
        "o: qualification (10%), next needs_analysis needs budget_confirmed; \
         not in the stage model: nonsense, tender_announced"
    );
    model.unknown_milestones = UnknownMilestones::Reject;
    let e = identify(&o, &model, Some(day(2))).unwrap_err();
    assert_eq!(e.code(), "unknown_reference");
    assert_eq!(e.field(), Some("milestones[1].key"));
}

#[test]
fn after_links_reorder_the_path() {
    // Listed c, a, b but ordered a -> b -> c by `after`.
    let mut model = small(vec![
        StageDef::new("c", "C", ["m2"], 0.9).with_after("b"),
        StageDef::new("a", "A", none(), 0.1),
        StageDef::new("b", "B", ["m1"], 0.5).with_after("a"),
    ]);
    let keys: Vec<&str> = model.path().unwrap().iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["a", "b", "c"]);
    let a = identify(&opp(&[("m1", 1)]), &model, None).unwrap();
    assert_eq!((a.stage.as_str(), a.next_stage.as_deref()), ("b", Some("c")));
    // Once links are used, only the entry stage may go without one.
    model.stages[2].after = None;
    assert_eq!(model.validate().unwrap_err(), StageError::MultipleEntryStages { stages: vec!["a".into(), "b".into()] });
}

#[test]
fn a_cycle_of_after_links_is_reported_in_path_order() {
    let model = small(vec![
        StageDef::new("a", "A", none(), 0.1),
        StageDef::new("b", "B", ["m1"], 0.5).with_after("c"),
        StageDef::new("c", "C", ["m2"], 0.9).with_after("b"),
    ]);
    match model.validate().unwrap_err() {
        StageError::CyclicOrder { cycle } => assert_eq!(cycle, ["b", "c", "b"]),
        e => panic!("unexpected {e}"),
    }
    // Every stage with a predecessor: the whole list is one cycle.
    let model = small(vec![
        StageDef::new("a", "A", none(), 0.1).with_after("c"),
        StageDef::new("b", "B", ["m1"], 0.5).with_after("a"),
        StageDef::new("c", "C", ["m2"], 0.9).with_after("b"),
    ]);
    match model.validate().unwrap_err() {
        StageError::CyclicOrder { cycle } => assert_eq!(cycle, ["a", "b", "c", "a"]),
        e => panic!("unexpected {e}"),
    }
    let model = small(vec![StageDef::new("a", "A", none(), 0.1).with_after("a")]);
    assert_eq!(model.validate().unwrap_err(), StageError::CyclicOrder { cycle: vec!["a".into(), "a".into()] });
}

#[test]
fn two_stages_after_the_same_stage_branch() {
    let model = small(vec![
        StageDef::new("a", "A", none(), 0.1),
        StageDef::new("b", "B", ["m1"], 0.5).with_after("a"),
        StageDef::new("c", "C", ["m2"], 0.9).with_after("a"),
    ]);
    assert_eq!(
        model.validate().unwrap_err(),
        StageError::BranchingOrder { stage: "a".into(), first: "b".into(), second: "c".into() }
    );
}

#[test]
fn off_path_stages_stay_out_of_the_order() {
    let lost = StageDef::new("lost", "Lost", ["m3"], 0.0).off_path();
    let model = small(vec![StageDef::new("a", "A", none(), 0.1), lost.clone().with_after("a")]);
    assert_eq!(model.validate().unwrap_err().code(), "off_path_in_order");
    let model = small(vec![StageDef::new("a", "A", none(), 0.1), lost.clone(), StageDef::new("b", "B", ["m1"], 1.0)]);
    // The off-path stage in the middle of the list does not break the implicit order.
    let keys: Vec<&str> = model.path().unwrap().iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["a", "b"]);
    let model = small(vec![
        StageDef::new("a", "A", none(), 0.1),
        StageDef::new("b", "B", ["m1"], 1.0).with_after("lost"),
        lost,
    ]);
    assert_eq!(
        model.validate().unwrap_err(),
        StageError::OffPathInOrder { stage: "lost".into(), field: "stages[1].after".into() }
    );
}

#[test]
fn the_first_off_path_stage_met_wins() {
    let model = small(vec![
        StageDef::new("a", "A", none(), 0.1),
        StageDef::new("dropped", "Dropped", ["m2"], 0.0).off_path(),
        StageDef::new("lost", "Lost", ["m3"], 0.0).off_path(),
    ]);
    let mut o = opp(&[("m3", 1), ("m2", 2)]);
    assert_eq!(identify(&o, &model, None).unwrap().stage, "dropped");
    o.declared_stage = Some("lost".into());
    assert!(!identify(&o, &model, None).unwrap().ahead_of_evidence);
}

#[test]
fn display_lists_next_missing_and_the_flag() {
    let model = StageModel::default();
    let mut o = opp(&[("need_identified", 1), ("budget_confirmed", 2), ("decision_process_mapped", 3)]);
    o.id = "opp7".into();
    o.declared_stage = Some("negotiation".into());
    let a = identify(&o, &model, None).unwrap();
    assert_eq!(
        a.to_string(),
        "opp7: solution (40%), next evaluation needs solution_presented; declared negotiation is ahead of the evidence"
    );
}
