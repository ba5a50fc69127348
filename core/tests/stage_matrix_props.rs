//! Invariants of stage identification and the matrices, checked with proptest.

use std::collections::{BTreeMap, HashMap};

use proptest::prelude::*;
use relmap::matrix::{classify, competition, AccountPoint, ClassificationConfig, CompetitionConfig, Quadrant};
use relmap::model::{Criterion, Milestone, Opportunity};
use relmap::stage::{identify, StageAssessment, StageModel, DEFAULT_MILESTONES};
use relmap::time::Timestamp;

const TOL: f64 = 1e-9;

/// An opportunity with the default milestones flagged in `reached`, dated by `days`.
fn staged(reached: &[bool], days: &[i64]) -> Opportunity {
    let mut o = Opportunity::new("o", "Deal");
    for (k, (&(key, _), &on)) in DEFAULT_MILESTONES.iter().zip(reached).enumerate() {
        if on {
            o.milestones.push(Milestone { key: key.into(), at: Timestamp(days[k] * 86_400) });
        }
    }
    o
}

fn path_position(model: &StageModel, a: &StageAssessment) -> usize {
    model.path().unwrap().iter().position(|s| s.key == a.path_stage).unwrap()
}

fn is_off_path(model: &StageModel, a: &StageAssessment) -> bool {
    model.stage(&a.stage).unwrap().off_path
}

/// Stakeholders × criteria weights, vendors × criteria scores, and per-stakeholder influence.
fn deal_inputs() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<Vec<f64>>, Vec<f64>)> {
    (1usize..5, 1usize..6, 1usize..5).prop_flat_map(|(people, criteria, vendors)| {
        (
            prop::collection::vec(prop::collection::vec(0.0f64..10.0, criteria), people),
            prop::collection::vec(prop::collection::vec(-10.0f64..10.0, criteria), vendors),
            prop::collection::vec(0.0f64..1.0, people),
        )
    })
}

fn vendor(v: usize) -> String {
    if v == 0 {
        "us".into()
    } else {
        format!("v{v}")
    }
}

fn deal(weights: &[Vec<f64>], scores: &[Vec<f64>]) -> Opportunity {
    let mut o = Opportunity::new("o", "Deal");
    let criteria = weights[0].len();
    o.criteria = (0..criteria)
        .map(|c| Criterion {
            id: format!("c{c}"),
            name: None,
            weights: weights.iter().enumerate().map(|(s, w)| (format!("s{s}"), w[c])).collect(),
        })
        .collect();
    o.vendor_scores = scores
        .iter()
        .enumerate()
        .map(|(v, row)| {
            let by: BTreeMap<String, f64> = row.iter().enumerate().map(|(c, &x)| (format!("c{c}"), x)).collect();
            (vendor(v), by)
        })
        .collect();
    o
}

fn influence_map(u: &[f64]) -> HashMap<String, f64> {
    u.iter().enumerate().map(|(s, &v)| (format!("s{s}"), v)).collect()
}

proptest! {
    #[test]
    fn stage_never_advances_when_a_milestone_is_removed(
        reached in prop::collection::vec(any::<bool>(), DEFAULT_MILESTONES.len()),
        days in prop::collection::vec(0i64..1000, DEFAULT_MILESTONES.len()),
        drop in 0usize..DEFAULT_MILESTONES.len(),
    ) {
        let model = StageModel::default();
        let before = identify(&staged(&reached, &days), &model, None).unwrap();
        let mut fewer = reached.clone();
        fewer[drop] = false;
        let after = identify(&staged(&fewer, &days), &model, None).unwrap();
        prop_assert!(path_position(&model, &after) <= path_position(&model, &before));
        // Removing evidence never moves a deal into an off-path stage.
        prop_assert!(!is_off_path(&model, &after) || is_off_path(&model, &before));
        // A declared stage ahead of the evidence stays ahead with less evidence.
        for declared in ["negotiation", "closed_lost", "solution"] {
            let mut a = staged(&reached, &days);
            a.declared_stage = Some(declared.into());
            let mut b = staged(&fewer, &days);
            b.declared_stage = Some(declared.into());
            let was = identify(&a, &model, None).unwrap().ahead_of_evidence;
            prop_assert!(!was || identify(&b, &model, None).unwrap().ahead_of_evidence);
        }
    }

    #[test]
    fn stage_never_goes_back_as_time_passes(
        reached in prop::collection::vec(any::<bool>(), DEFAULT_MILESTONES.len()),
        days in prop::collection::vec(0i64..1000, DEFAULT_MILESTONES.len()),
        t1 in 0i64..1000,
        dt in 0i64..1000,
    ) {
        let model = StageModel::default();
        let o = staged(&reached, &days);
        let early = identify(&o, &model, Some(Timestamp(t1 * 86_400))).unwrap();
        let late = identify(&o, &model, Some(Timestamp((t1 + dt) * 86_400))).unwrap();
        prop_assert!(path_position(&model, &early) <= path_position(&model, &late));
        // Whatever the stage, the missing milestones are exactly the next stage's unmet criteria.
        if let Some(next) = &late.next_stage {
            prop_assert!(!late.missing_for_next.is_empty());
            let criteria = &model.stage(next).unwrap().entry_criteria;
            prop_assert!(late.missing_for_next.iter().all(|m| criteria.contains(m)));
        }
        prop_assert_eq!(late.win_probability, model.stage(&late.stage).unwrap().win_probability);
    }

    #[test]
    fn weights_are_normalised((weights, scores, u) in deal_inputs()) {
        prop_assume!(weights.iter().all(|w| w.iter().sum::<f64>() > 0.0));
        prop_assume!(u.iter().sum::<f64>() > 0.0);
        let o = deal(&weights, &scores);
        for given in [None, Some(influence_map(&u))] {
            let m = competition(&o, given.as_ref(), &CompetitionConfig::default()).unwrap();
            let total: f64 = m.criteria.iter().map(|c| c.weight).sum();
            prop_assert!((total - 1.0).abs() < TOL, "criterion weights sum to {}", total);
            prop_assert!(m.criteria.iter().all(|c| c.weight >= 0.0));
            let influence: f64 = m.stakeholders.iter().map(|s| s.influence).sum();
            prop_assert!((influence - 1.0).abs() < TOL);
            for s in &m.stakeholders {
                prop_assert!((s.weights.values().sum::<f64>() - 1.0).abs() < TOL);
            }
            // Overall = influence-weighted stakeholder totals, inside the range of the scores.
            for (v, row) in scores.iter().enumerate() {
                let key = vendor(v);
                let overall = m.total(&key).unwrap();
                let by_people: f64 = m.stakeholders.iter().map(|s| s.influence * s.totals[&key]).sum();
                prop_assert!((overall - by_people).abs() < TOL);
                let lo = row.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(overall >= lo - TOL && overall <= hi + TOL);
            }
            let shares: f64 = m.vendors.iter().map(|v| v.preference_share).sum();
            prop_assert!((shares - 1.0).abs() < TOL, "preference shares sum to {}", shares);
            // Ranks agree with totals and the trailing list is sorted and positive.
            prop_assert_eq!(m.vendors[0].rank, 1);
            prop_assert!(m.vendors.windows(2).all(|p| p[0].total >= p[1].total - TOL));
            prop_assert!(m.trailing.windows(2).all(|p| p[0].weighted_gap >= p[1].weighted_gap));
            prop_assert!(m.trailing.iter().all(|g| g.gap > 0.0 && g.weighted_gap >= 0.0));
        }
    }

    #[test]
    fn raising_our_score_never_lowers_our_total(
        (weights, scores, u) in deal_inputs(),
        pick in any::<prop::sample::Index>(),
        raise in 0.0f64..5.0,
    ) {
        prop_assume!(weights.iter().all(|w| w.iter().sum::<f64>() > 0.0));
        prop_assume!(u.iter().sum::<f64>() > 0.0);
        let c = pick.index(weights[0].len());
        let mut better = scores.clone();
        better[0][c] += raise;
        let cfg = CompetitionConfig::default();
        let given = influence_map(&u);
        for influence in [None, Some(&given)] {
            let before = competition(&deal(&weights, &scores), influence, &cfg).unwrap();
            let after = competition(&deal(&weights, &better), influence, &cfg).unwrap();
            prop_assert!(after.our_total() >= before.our_total() - TOL);
            prop_assert!(after.our_rank <= before.our_rank);
            for (a, b) in after.stakeholders.iter().zip(&before.stakeholders) {
                prop_assert!(a.totals["us"] >= b.totals["us"] - TOL);
            }
        }
    }

    #[test]
    fn classification_is_monotone_in_each_axis(
        points in prop::collection::vec((0.0f64..1e6, 0.0f64..100.0), 1..20),
        pick in any::<prop::sample::Index>(),
    ) {
        let pts: Vec<AccountPoint> =
            points.iter().enumerate().map(|(i, &(v, r))| AccountPoint::new(format!("a{i}"), v, r)).collect();
        let cfg = ClassificationConfig::default();
        let m = classify(&pts, &cfg).unwrap();
        // Quadrants follow the cuts; ranks are a permutation of 1..=n.
        let mut ranks: Vec<usize> = m.accounts.iter().map(|a| a.rank).collect();
        ranks.sort_unstable();
        prop_assert_eq!(ranks, (1..=pts.len()).collect::<Vec<_>>());
        for a in &m.accounts {
            let high = a.value >= m.value_threshold;
            let strong = a.relationship >= m.relationship_threshold;
            prop_assert_eq!(matches!(a.quadrant, Quadrant::Strategic | Quadrant::Develop), high);
            prop_assert_eq!(matches!(a.quadrant, Quadrant::Strategic | Quadrant::Maintain), strong);
            prop_assert_eq!(a.priority, cfg.policy(a.quadrant).priority);
        }
        // At least half the accounts sit at or above a median cut.
        let high = m.accounts.iter().filter(|a| a.value >= m.value_threshold).count();
        prop_assert!(2 * high >= pts.len());
        // Moving one account to the top of both axes makes it strategic.
        let i = pick.index(pts.len());
        let mut top = pts.clone();
        top[i].value = 2e6;
        top[i].relationship = 200.0;
        prop_assert_eq!(classify(&top, &cfg).unwrap().accounts[i].quadrant, Quadrant::Strategic);
    }
}
