//! Each perceiver's accuracy against the consensus.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::consensus::{symmetric, People, Perception, Tally, Verdict};
use crate::model::RelationshipMap;

/// How well one perceiver's map agrees with the consensus.
///
/// Ties are compared over the tie slots among the people the perceiver drew:
/// every ordered pair for `influences` and `informs`, every unordered pair for
/// `ally` and `conflict`, for each kind anyone drew. `agreed` = ties in both
/// (true positives), `drawn` = the perceiver's ties, `consensus` = the consensus
/// ties among their people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PerceiverAccuracy {
    /// The perceiver.
    pub perceiver: String,
    /// People in the perceiver's map.
    pub people: usize,
    /// Ties the perceiver drew.
    pub drawn: usize,
    /// Consensus ties among the perceiver's people.
    pub consensus: usize,
    /// Ties in both.
    pub agreed: usize,
    /// agreed / drawn: how many of their ties the consensus confirms (`None` if they drew none).
    pub precision: Option<f64>,
    /// agreed / consensus: how many consensus ties they see (`None` if the consensus has none among their people).
    pub recall: Option<f64>,
    /// Pearson (phi) correlation of their tie slots with the consensus slots, the
    /// Krackhardt–Kilduff accuracy score (`None` when either side is constant).
    pub correlation: Option<f64>,
    /// Mean absolute difference of their stances from the consensus stances, on
    /// the −5..+5 scale (`None` when no stance is known on both sides).
    pub stance_error: Option<f64>,
    /// How many stances entered `stance_error`.
    pub stances_compared: usize,
}

/// The phi coefficient of a 2 × 2 table (`None` when a margin is empty).
pub(crate) fn phi(tp: f64, fp: f64, fn_: f64, tn: f64) -> Option<f64> {
    let d = (tp + fp) * (tp + fn_) * (tn + fp) * (tn + fn_);
    (d > 0.0).then(|| (tp * tn - fp * fn_) / d.sqrt())
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

pub(crate) fn accuracy(
    perceptions: &[Perception<'_>],
    people: &People,
    tallies: &[Tally],
    verdicts: &[Verdict],
    consensus: &RelationshipMap,
) -> Vec<PerceiverAccuracy> {
    let kinds: BTreeSet<_> = tallies.iter().map(|t| t.key.kind).collect();
    perceptions
        .iter()
        .enumerate()
        .map(|(p, perception)| {
            let k = perception.map.stakeholders().len() as f64;
            let slots: f64 =
                kinds.iter().map(|&kind| if symmetric(kind) { k * (k - 1.0) / 2.0 } else { k * (k - 1.0) }).sum();
            let (mut drawn, mut cons, mut agreed) = (0usize, 0usize, 0usize);
            for (t, v) in tallies.iter().zip(verdicts) {
                let mine = t.reported_by(p);
                let theirs = v.kept && people.knows(p, t.key.from) && people.knows(p, t.key.to);
                drawn += usize::from(mine);
                cons += usize::from(theirs);
                agreed += usize::from(mine && theirs);
            }
            let (tp, fp, fn_) = (agreed as f64, (drawn - agreed) as f64, (cons - agreed) as f64);
            let mut diffs = Vec::new();
            for s in perception.map.stakeholders() {
                if let (Some(a), Some(b)) = (s.stance, consensus.stakeholder(&s.id).and_then(|c| c.stance)) {
                    diffs.push((a - b).abs());
                }
            }
            PerceiverAccuracy {
                perceiver: perception.id.to_owned(),
                people: perception.map.stakeholders().len(),
                drawn,
                consensus: cons,
                agreed,
                precision: ratio(agreed, drawn),
                recall: ratio(agreed, cons),
                correlation: phi(tp, fp, fn_, slots - tp - fp - fn_),
                stance_error: (!diffs.is_empty()).then(|| diffs.iter().sum::<f64>() / diffs.len() as f64),
                stances_compared: diffs.len(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::phi;

    #[test]
    fn phi_is_one_for_agreement_and_undefined_for_a_constant_side() {
        assert_eq!(phi(3.0, 0.0, 0.0, 7.0), Some(1.0));
        assert_eq!(phi(0.0, 3.0, 3.0, 0.0), Some(-1.0));
        assert_eq!(phi(0.0, 0.0, 2.0, 8.0), None);
        // 2 × 2 table 10 5 / 3 12: (10·12 − 5·3) / sqrt(15·13·17·15).
        let v = phi(10.0, 5.0, 3.0, 12.0).unwrap();
        assert!((v - 105.0 / (15.0f64 * 13.0 * 17.0 * 15.0).sqrt()).abs() < 1e-15);
    }
}
