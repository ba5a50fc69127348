//! The result types: pillar scores, the evidence behind them, the level ladder.

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use super::pillar::composite_of;
use super::{EvidenceList, TrustConfig};
use crate::model::Pillar;
use crate::time::Timestamp;

/// What kind of record a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    /// An interaction (relationship trust).
    Interaction,
    /// A commitment (professional trust).
    Commitment,
    /// An expertise signal (expertise trust).
    ExpertiseSignal,
    /// A sincerity event (sincerity trust).
    SincerityEvent,
    /// A rep's assessment of the pillar.
    Assessment,
}

/// Where a commitment stood at the scoring time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentOutcome {
    /// Delivered on or before the due date.
    OnTime,
    /// Delivered after the due date.
    Late,
    /// Due before the scoring time and not delivered by then.
    Broken,
}

/// One piece of evidence and how much it moved a pillar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceContribution {
    /// Id of the interaction or evidence item.
    pub id: CompactString,
    /// What kind of record it is.
    pub source: EvidenceSource,
    /// The time it counts from: an interaction's or signal's time, a
    /// commitment's delivery (or, when broken, due) time, an assessment's time.
    pub at: Timestamp,
    /// Its weight after time decay (and, for an interaction, channel,
    /// initiative and sentiment factors); 0 for an assessment.
    pub weight: f64,
    /// Points of the pillar score it accounts for: the score with it minus the
    /// score without it, everything else equal (negative when it lowered trust).
    pub impact: f64,
    /// For a commitment, its outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<CommitmentOutcome>,
}

/// One pillar's score for one pair (or a team view).
///
/// ```
/// use relmap::trust::PillarScore;
/// let p = PillarScore::prior(50.0);
/// assert_eq!((p.score, p.confidence), (50.0, 0.0));
/// assert!(p.evidence.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PillarScore {
    /// The score in 0..=100: the evidence score blended with the latest assessment.
    pub score: f64,
    /// How much evidence stands behind the score, in 0..1: `n/(n + k)`.
    pub confidence: f64,
    /// The score from evidence alone; `None` when no evidence counted.
    pub evidence_score: Option<f64>,
    /// The latest assessment mapped to 0..=100; `None` when there is none.
    pub assessment_score: Option<f64>,
    /// Number of evidence items that counted (assessments excluded).
    pub evidence_count: usize,
    /// Total decayed weight of those items (`n` of the Beta form; for
    /// relationship trust, the decayed number of interactions).
    pub evidence_weight: f64,
    /// The items that moved the score most, largest |impact| first (a list in JSON).
    pub evidence: EvidenceList,
}

impl PillarScore {
    /// A pillar with no evidence at all: the prior with confidence 0.
    pub fn prior(score: f64) -> Self {
        PillarScore {
            score,
            confidence: 0.0,
            evidence_score: None,
            assessment_score: None,
            evidence_count: 0,
            evidence_weight: 0.0,
            evidence: EvidenceList::new(),
        }
    }

    /// Whether any evidence or assessment stands behind the score.
    pub fn has_evidence(&self) -> bool {
        self.evidence_score.is_some() || self.assessment_score.is_some()
    }
}

/// The five-step trust ladder, from stranger to strategic partner.
///
/// A level is earned ([`TrustLevel::earned`]): its composite threshold, its
/// minimum confidence, and above acquaintance, evidence on every pillar.
///
/// ```
/// use relmap::trust::{TrustConfig, TrustLevel};
/// let cfg = TrustConfig::default();
/// assert_eq!(TrustLevel::from_composite(65.0, &cfg.level_thresholds), TrustLevel::TrustedAdvisor);
/// // 65 with confidence 0.2: the evidence only carries it to credible supplier.
/// assert_eq!(TrustLevel::earned(65.0, 0.2, true, &cfg), (TrustLevel::CredibleSupplier, 60.0));
/// assert_eq!(TrustLevel::TrustedAdvisor.label_zh(), "可信赖的顾问");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrustLevel {
    /// 陌生: below the first threshold (20), or no evidence at all.
    Stranger,
    /// 认识: 20..40.
    Acquaintance,
    /// 可信供应商: 40..60.
    CredibleSupplier,
    /// 可信赖的顾问: 60..80.
    TrustedAdvisor,
    /// 战略伙伴: 80 and above.
    StrategicPartner,
}

impl TrustLevel {
    /// The five levels, lowest first.
    pub const ALL: [TrustLevel; 5] = [
        TrustLevel::Stranger,
        TrustLevel::Acquaintance,
        TrustLevel::CredibleSupplier,
        TrustLevel::TrustedAdvisor,
        TrustLevel::StrategicPartner,
    ];

    /// The level of a composite score alone: the highest level whose threshold it
    /// reaches (what the composite would be worth with ample evidence).
    pub fn from_composite(composite: f64, thresholds: &[f64; 4]) -> TrustLevel {
        let reached = thresholds.iter().take_while(|&&t| composite >= t).count();
        TrustLevel::ALL[reached]
    }

    /// The level a pair with evidence has earned, and its **earned composite**.
    ///
    /// The level is the highest one whose composite threshold
    /// (`level_thresholds`) the composite reaches **and** whose minimum
    /// confidence (`level_min_confidence`) the composite's confidence reaches;
    /// above acquaintance it also needs evidence on every pillar with a weight
    /// (`every_pillar`). The earned composite is the composite limited to the top
    /// of the earned level's band (the next threshold): what the decision chain's
    /// ties and coverage use, so a pair the ladder holds at acquaintance never
    /// counts as covered at the default threshold (50).
    pub fn earned(composite: f64, confidence: f64, every_pillar: bool, cfg: &TrustConfig) -> (TrustLevel, f64) {
        let thresholds = &cfg.level_thresholds;
        let min_conf = &cfg.level_min_confidence;
        let reached = (0..4)
            .take_while(|&i| composite >= thresholds[i] && confidence >= min_conf[i] && (i == 0 || every_pillar))
            .count();
        let earned = if reached < 4 { composite.min(thresholds[reached]) } else { composite };
        (TrustLevel::ALL[reached], earned)
    }

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustLevel::Stranger => "stranger",
            TrustLevel::Acquaintance => "acquaintance",
            TrustLevel::CredibleSupplier => "credible_supplier",
            TrustLevel::TrustedAdvisor => "trusted_advisor",
            TrustLevel::StrategicPartner => "strategic_partner",
        }
    }

    /// The Chinese label (陌生, 认识, 可信供应商, 可信赖的顾问, 战略伙伴).
    pub fn label_zh(self) -> &'static str {
        match self {
            TrustLevel::Stranger => "陌生",
            TrustLevel::Acquaintance => "认识",
            TrustLevel::CredibleSupplier => "可信供应商",
            TrustLevel::TrustedAdvisor => "可信赖的顾问",
            TrustLevel::StrategicPartner => "战略伙伴",
        }
    }
}

impl std::fmt::Display for TrustLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Chinese name of a pillar (关系信任, 职业信任, 专业信任, 诚意信任).
///
/// ```
/// use relmap::model::Pillar;
/// assert_eq!(relmap::trust::pillar_label_zh(Pillar::Sincerity), "诚意信任");
/// ```
pub fn pillar_label_zh(pillar: Pillar) -> &'static str {
    match pillar {
        Pillar::Relationship => "关系信任",
        Pillar::Professional => "职业信任",
        Pillar::Expertise => "专业信任",
        Pillar::Sincerity => "诚意信任",
    }
}

/// What evidence would raise a pillar, in plain English.
///
/// ```
/// use relmap::model::Pillar;
/// assert!(relmap::trust::suggestion(Pillar::Professional).contains("commitment"));
/// ```
pub fn suggestion(pillar: Pillar) -> &'static str {
    match pillar {
        Pillar::Relationship => {
            "Spend time together: a visit, a meeting or a meal, often enough that they start reaching out to you."
        }
        Pillar::Professional => "Make and keep a small, dated commitment: deliver it on or before the due date.",
        Pillar::Expertise => {
            "Show expertise on their problem: a solution workshop, a benchmark or an insight they can use."
        }
        Pillar::Sincerity => {
            "Act in their interest with nothing asked in return: flag a risk, give candid advice, admit a limit."
        }
    }
}

/// A `&'static str` (named so that serde's derive does not borrow it from the input).
type StaticText = &'static str;

/// Reads a suggestion back as the `&'static str` of [`suggestion`] it equals.
fn known_suggestion<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    Pillar::ALL.into_iter().map(suggestion).find(|s| *s == text).ok_or_else(|| {
        serde::de::Error::custom(format!("{text:?} is not one of relmap's suggestions (relmap::trust::suggestion)"))
    })
}

/// What evidence would raise a pillar, in Chinese.
///
/// ```
/// use relmap::model::Pillar;
/// assert!(relmap::trust::suggestion_zh(Pillar::Professional).contains("承诺"));
/// ```
pub fn suggestion_zh(pillar: Pillar) -> &'static str {
    match pillar {
        Pillar::Relationship => "多见面:拜访、会议或一起用餐,频繁到让对方愿意主动联系你。",
        Pillar::Professional => "做一个小而有明确期限的承诺,并按时或提前兑现。",
        Pillar::Expertise => "在对方的问题上展示专业:方案研讨会、对标分析或可直接使用的见解。",
        Pillar::Sincerity => "不求回报地为对方着想:提示风险、坦诚建议、承认自身的局限。",
    }
}

/// Trust between one of our team members and one stakeholder (or our team's
/// combined view of a stakeholder, when `member` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrustScore {
    /// The stakeholder id.
    pub stakeholder: CompactString,
    /// Our team member's id; `None` for a team view or a stakeholder nobody has evidence with.
    pub member: Option<CompactString>,
    /// 关系信任: closeness built by interactions.
    pub relationship: PillarScore,
    /// 职业信任: promises kept.
    pub professional: PillarScore,
    /// 专业信任: credibility of our expertise.
    pub expertise: PillarScore,
    /// 诚意信任: good faith, low self-orientation.
    pub sincerity: PillarScore,
    /// Weighted mean of the four scores, 0..=100.
    pub composite: f64,
    /// Weighted mean of the four confidences.
    pub confidence: f64,
    /// The level earned on the ladder ([`TrustLevel::earned`]): the composite's
    /// threshold, the confidence's minimum and evidence on every pillar decide it
    /// ([`TrustLevel::Stranger`] when there is no evidence).
    pub level: TrustLevel,
    /// The composite limited to the top of the earned level's band, 0..=100 (the
    /// composite itself once the evidence carries its level; 0 without evidence):
    /// what coverage and the decision chain's ties use.
    pub earned: f64,
    /// The lowest-scoring pillar (among those with a weight; the first in
    /// pillar order on a tie).
    pub weakest: Pillar,
    /// What evidence would raise the weakest pillar ([`suggestion`]). Read back
    /// from JSON it must be one of the four texts of [`suggestion`].
    #[serde(deserialize_with = "known_suggestion")]
    pub suggestion: StaticText,
    /// Whether any interaction or evidence item of the pair counted.
    pub has_evidence: bool,
}

impl TrustScore {
    /// Builds the composite, level and weakest pillar from four pillar scores.
    pub fn from_pillars(
        stakeholder: CompactString,
        member: Option<CompactString>,
        pillars: [PillarScore; 4],
        has_evidence: bool,
        cfg: &TrustConfig,
    ) -> TrustScore {
        let w = &cfg.pillar_weights;
        let composite = composite_of(&std::array::from_fn(|p| pillars[p].score), w);
        let confidence = composite_of(&std::array::from_fn(|p| pillars[p].confidence), w);
        let mut weakest: Option<(Pillar, f64)> = None;
        for (p, s) in Pillar::ALL.into_iter().zip(&pillars) {
            if w.weight(p) > 0.0 && weakest.is_none_or(|(_, low)| s.score < low) {
                weakest = Some((p, s.score));
            }
        }
        // A validated config has a positive weight, so `weakest` is set.
        let weakest = weakest.map_or(Pillar::Relationship, |(p, _)| p);
        let every_pillar = Pillar::ALL.into_iter().zip(&pillars).all(|(p, s)| w.weight(p) == 0.0 || s.has_evidence());
        let (level, earned) = if has_evidence {
            TrustLevel::earned(composite, confidence, every_pillar, cfg)
        } else {
            (TrustLevel::Stranger, 0.0)
        };
        let [relationship, professional, expertise, sincerity] = pillars;
        TrustScore {
            stakeholder,
            member,
            relationship,
            professional,
            expertise,
            sincerity,
            composite,
            confidence,
            level,
            earned,
            weakest,
            suggestion: suggestion(weakest),
            has_evidence,
        }
    }

    /// Points the evidence lists of a score just made at the buffer they were written to.
    pub(crate) fn attach(&mut self, buf: &std::sync::Arc<[EvidenceContribution]>) {
        for p in [&mut self.relationship, &mut self.professional, &mut self.expertise, &mut self.sincerity] {
            p.evidence.attach(buf);
        }
    }

    /// One pillar's score.
    pub fn pillar(&self, pillar: Pillar) -> &PillarScore {
        match pillar {
            Pillar::Relationship => &self.relationship,
            Pillar::Professional => &self.professional,
            Pillar::Expertise => &self.expertise,
            Pillar::Sincerity => &self.sincerity,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ladder_boundaries() {
        let t = [20.0, 40.0, 60.0, 80.0];
        let at = |x| TrustLevel::from_composite(x, &t);
        assert_eq!(at(0.0), TrustLevel::Stranger);
        assert_eq!(at(19.999), TrustLevel::Stranger);
        assert_eq!(at(20.0), TrustLevel::Acquaintance);
        assert_eq!(at(40.0), TrustLevel::CredibleSupplier);
        assert_eq!(at(79.9), TrustLevel::TrustedAdvisor);
        assert_eq!(at(80.0), TrustLevel::StrategicPartner);
        assert_eq!(at(100.0), TrustLevel::StrategicPartner);
        let labels: Vec<_> = TrustLevel::ALL.iter().map(|l| l.label_zh()).collect();
        assert_eq!(labels, ["陌生", "认识", "可信供应商", "可信赖的顾问", "战略伙伴"]);
    }

    fn pillar(score: f64, confidence: f64) -> PillarScore {
        PillarScore { score, confidence, evidence_score: Some(score), evidence_count: 1, ..PillarScore::prior(score) }
    }

    #[test]
    fn a_level_needs_its_confidence_and_evidence_on_every_pillar() {
        let cfg = TrustConfig::default();
        let earned = |c, conf, every| TrustLevel::earned(c, conf, every, &cfg);
        // The composite decides with ample evidence.
        assert_eq!(earned(85.0, 0.5, true), (TrustLevel::StrategicPartner, 85.0));
        assert_eq!(earned(65.0, 0.5, true), (TrustLevel::TrustedAdvisor, 65.0));
        // Confidence 0.2 reaches credible supplier (0.15), not trusted advisor (0.3):
        // the earned composite stops at the top of the band.
        assert_eq!(earned(85.0, 0.2, true), (TrustLevel::CredibleSupplier, 60.0));
        // A pillar without evidence: acquaintance at most.
        assert_eq!(earned(85.0, 0.9, false), (TrustLevel::Acquaintance, 40.0));
        // Too little confidence even for an acquaintance (0.05).
        assert_eq!(earned(47.3, 0.04, false), (TrustLevel::Stranger, 20.0));
        // Below the first threshold the composite is its own bound.
        assert_eq!(earned(12.0, 0.9, true), (TrustLevel::Stranger, 12.0));
        // The boundaries are inclusive.
        assert_eq!(earned(60.0, 0.3, true), (TrustLevel::TrustedAdvisor, 60.0));
        assert_eq!(earned(60.0, 0.299, true), (TrustLevel::CredibleSupplier, 60.0));
    }

    #[test]
    fn a_pillar_with_weight_zero_needs_no_evidence() {
        let mut cfg = TrustConfig::default();
        let p = [pillar(90.0, 0.6), pillar(90.0, 0.6), pillar(90.0, 0.6), PillarScore::prior(50.0)];
        let s = TrustScore::from_pillars("cfo".into(), None, p.clone(), true, &cfg);
        assert_eq!((s.level, s.earned), (TrustLevel::Acquaintance, 40.0), "sincerity has no evidence");
        cfg.pillar_weights.sincerity = 0.0;
        let s = TrustScore::from_pillars("cfo".into(), None, p, true, &cfg);
        assert_eq!((s.level, s.earned), (TrustLevel::StrategicPartner, 90.0));
    }

    #[test]
    fn composite_is_the_weighted_mean_and_weakest_the_lowest() {
        let cfg = TrustConfig::default();
        let pillars = [pillar(80.0, 0.8), pillar(40.0, 0.4), pillar(60.0, 0.2), pillar(40.0, 0.2)];
        let s = TrustScore::from_pillars("cfo".into(), Some("rep".into()), pillars.clone(), true, &cfg);
        assert_eq!(s.composite, 55.0);
        assert!((s.confidence - 0.4).abs() < 1e-12);
        assert_eq!(s.level, TrustLevel::CredibleSupplier);
        assert_eq!(s.weakest, Pillar::Professional, "tie between professional and sincerity goes to the first");
        assert_eq!(s.suggestion, suggestion(Pillar::Professional));

        let mut cfg = TrustConfig::default();
        cfg.pillar_weights.professional = 0.0;
        cfg.pillar_weights.relationship = 2.0;
        let s = TrustScore::from_pillars("cfo".into(), None, pillars, true, &cfg);
        assert_eq!(s.composite, (2.0 * 80.0 + 60.0 + 40.0) / 4.0);
        assert_eq!(s.weakest, Pillar::Sincerity, "a pillar with weight 0 is never the weakest");
    }

    #[test]
    fn no_evidence_is_a_stranger_whatever_the_prior() {
        let cfg = TrustConfig::default();
        let p = [PillarScore::prior(0.0), PillarScore::prior(50.0), PillarScore::prior(50.0), PillarScore::prior(50.0)];
        let s = TrustScore::from_pillars("cfo".into(), None, p, false, &cfg);
        assert_eq!(s.composite, 37.5);
        assert_eq!(s.level, TrustLevel::Stranger);
        assert_eq!(s.weakest, Pillar::Relationship);
    }
}
