//! Every tunable number of trust scoring, with the defaults of the design.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::TrustError;
use crate::model::{Channel, Pillar, Role};

/// How much one interaction on each channel counts toward relationship trust.
///
/// ```
/// use relmap::model::Channel;
/// use relmap::trust::ChannelWeights;
/// let w = ChannelWeights::default();
/// assert_eq!(w.weight(Channel::Visit), 3.0);
/// assert_eq!(w.weight(Channel::Social), 0.3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ChannelWeights {
    /// 拜访, an on-site visit (default 3).
    pub visit: f64,
    /// A scheduled meeting (default 3).
    pub meeting: f64,
    /// A meal or event together (default 2).
    pub meal_or_event: f64,
    /// 电话, a phone call (default 1).
    pub phone: f64,
    /// 邮件, an email (default 0.5).
    pub email: f64,
    /// 社交 / 微信, a social or messaging exchange (default 0.3).
    pub social: f64,
}

impl Default for ChannelWeights {
    fn default() -> Self {
        ChannelWeights { visit: 3.0, meeting: 3.0, meal_or_event: 2.0, phone: 1.0, email: 0.5, social: 0.3 }
    }
}

impl ChannelWeights {
    /// The weight of one channel.
    pub fn weight(&self, channel: Channel) -> f64 {
        match channel {
            Channel::Visit => self.visit,
            Channel::Meeting => self.meeting,
            Channel::MealOrEvent => self.meal_or_event,
            Channel::Phone => self.phone,
            Channel::Email => self.email,
            Channel::Social => self.social,
        }
    }
}

/// The weight of each pillar in the composite score (equal by default).
///
/// ```
/// use relmap::model::Pillar;
/// use relmap::trust::PillarWeights;
/// let w = PillarWeights { relationship: 2.0, ..PillarWeights::default() };
/// assert_eq!(w.weight(Pillar::Relationship), 2.0);
/// assert_eq!(w.total(), 5.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PillarWeights {
    /// 关系信任 (default 1).
    pub relationship: f64,
    /// 职业信任 (default 1).
    pub professional: f64,
    /// 专业信任 (default 1).
    pub expertise: f64,
    /// 诚意信任 (default 1).
    pub sincerity: f64,
}

impl Default for PillarWeights {
    fn default() -> Self {
        PillarWeights { relationship: 1.0, professional: 1.0, expertise: 1.0, sincerity: 1.0 }
    }
}

impl PillarWeights {
    /// The weight of one pillar.
    pub fn weight(&self, pillar: Pillar) -> f64 {
        match pillar {
            Pillar::Relationship => self.relationship,
            Pillar::Professional => self.professional,
            Pillar::Expertise => self.expertise,
            Pillar::Sincerity => self.sincerity,
        }
    }

    /// The sum of the four weights.
    pub fn total(&self) -> f64 {
        self.relationship + self.professional + self.expertise + self.sincerity
    }
}

/// What a commitment is worth toward professional trust, by outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CommitmentCredit {
    /// Delivered on or before the due date (default 1).
    pub on_time: f64,
    /// Delivered after the due date (default 0.5).
    pub late: f64,
    /// Due date passed without delivery (default 0).
    pub broken: f64,
}

impl Default for CommitmentCredit {
    fn default() -> Self {
        CommitmentCredit { on_time: 1.0, late: 0.5, broken: 0.0 }
    }
}

/// Every tunable number of trust scoring (see `docs/trust.md` for the formulas).
///
/// `TrustConfig::default()` holds the defaults of the design; a config is
/// checked by [`TrustConfig::validate`] at the start of every scoring call.
///
/// ```
/// use relmap::trust::TrustConfig;
/// let cfg = TrustConfig { half_life_days: 30.0, ..TrustConfig::default() };
/// assert!(cfg.validate().is_ok());
/// let bad = TrustConfig { half_life_days: 0.0, ..TrustConfig::default() };
/// assert_eq!(bad.validate().unwrap_err().field(), Some("half_life_days"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TrustConfig {
    /// Half-life of every piece of evidence, in days (default 90): an item
    /// `age` days old counts `2^(−age/half_life)`.
    pub half_life_days: f64,
    /// Weight of one interaction per channel.
    pub channel_weights: ChannelWeights,
    /// Factor on an interaction the stakeholder initiated (default 1.5).
    pub initiated_by_them: f64,
    /// An interaction with sentiment `x` counts `1 + sentiment_factor·x` times
    /// (default 0.5, so −1 → 0.5, +1 → 1.5); must lie in 0..=1.
    pub sentiment_factor: f64,
    /// Relationship trust is `100·(1 − e^(−E/relationship_saturation))` (default 6).
    pub relationship_saturation: f64,
    /// Beta prior α of the professional, expertise and sincerity pillars (default 1).
    pub prior_alpha: f64,
    /// Beta prior β of the professional, expertise and sincerity pillars (default 1).
    pub prior_beta: f64,
    /// Credit of each commitment outcome.
    pub commitment_credit: CommitmentCredit,
    /// Confidence is `n/(n + confidence_k)` for `n` units of (decayed) evidence (default 3).
    pub confidence_k: f64,
    /// Share of a rep's assessment when it is blended with evidence (default 0.5).
    pub assessment_weight: f64,
    /// Units of evidence an assessment adds to a pillar's confidence (default 1).
    pub assessment_evidence: f64,
    /// Weights of the composite score.
    pub pillar_weights: PillarWeights,
    /// Composite thresholds of acquaintance, credible supplier, trusted advisor
    /// and strategic partner (default 20, 40, 60, 80); ascending, in 0..=100.
    pub level_thresholds: [f64; 4],
    /// Minimum composite confidence of acquaintance, credible supplier, trusted
    /// advisor and strategic partner (default 0.05, 0.15, 0.3, 0.45); ascending,
    /// in 0..=1. A level is earned by evidence: see [`TrustLevel::earned`](super::TrustLevel::earned).
    pub level_min_confidence: [f64; 4],
    /// A stakeholder is **covered** when our best pair with them has evidence and
    /// an earned composite of at least this (default 50, halfway up the
    /// credible-supplier band: more than contact alone gives). The one definition
    /// of covered: the decision chain counts a stakeholder covered when its tie
    /// (earned composite / 100) reaches `coverage_threshold / 100` ([`TrustConfig::covers`]).
    pub coverage_threshold: f64,
    /// Roles that make a stakeholder a **key contact** of the trust report (default
    /// economic buyer, decision maker, technical buyer, coach, champion): the people
    /// whose trust sums up the account. Trust is scored without decision influence,
    /// so key contacts go by role alone, unlike the decision chain's key players
    /// ([`KeyPlayerRule`](crate::chain::KeyPlayerRule)), who also count influence.
    pub key_contact_roles: Vec<Role>,
    /// How many evidence items to report per pillar, largest impact first (default 5).
    pub top_evidence: usize,
}

/// The default key contacts: the roles whose holders sum up an account when
/// nothing like decision influence is at hand (trust, and the activity analyses
/// of the importers): economic buyer, decision maker, technical buyer, coach, champion.
pub const KEY_CONTACT_ROLES: [Role; 5] =
    [Role::EconomicBuyer, Role::DecisionMaker, Role::TechnicalBuyer, Role::Coach, Role::Champion];

impl Default for TrustConfig {
    fn default() -> Self {
        TrustConfig {
            half_life_days: 90.0,
            channel_weights: ChannelWeights::default(),
            initiated_by_them: 1.5,
            sentiment_factor: 0.5,
            relationship_saturation: 6.0,
            prior_alpha: 1.0,
            prior_beta: 1.0,
            commitment_credit: CommitmentCredit::default(),
            confidence_k: 3.0,
            assessment_weight: 0.5,
            assessment_evidence: 1.0,
            pillar_weights: PillarWeights::default(),
            level_thresholds: [20.0, 40.0, 60.0, 80.0],
            level_min_confidence: [0.05, 0.15, 0.3, 0.45],
            coverage_threshold: 50.0,
            key_contact_roles: KEY_CONTACT_ROLES.to_vec(),
            top_evidence: 5,
        }
    }
}

/// Allowed ranges, in the words used by [`TrustError::InvalidConfig`].
#[derive(Clone, Copy)]
enum Bound {
    Positive,
    NonNegative,
    Unit,
    Percent,
}

impl Bound {
    fn words(self) -> &'static str {
        match self {
            Bound::Positive => "a finite number > 0",
            Bound::NonNegative => "a finite number >= 0",
            Bound::Unit => "a number in 0..=1",
            Bound::Percent => "a number in 0..=100",
        }
    }

    fn holds(self, v: f64) -> bool {
        v.is_finite()
            && match self {
                Bound::Positive => v > 0.0,
                Bound::NonNegative => v >= 0.0,
                Bound::Unit => (0.0..=1.0).contains(&v),
                Bound::Percent => (0.0..=100.0).contains(&v),
            }
    }
}

fn check(field: &str, value: f64, bound: Bound) -> Result<(), TrustError> {
    if bound.holds(value) {
        Ok(())
    } else {
        Err(TrustError::InvalidConfig { field: field.to_owned(), value, expected: bound.words() })
    }
}

impl TrustConfig {
    /// Whether a stakeholder is covered, the one definition (trust coverage, the
    /// decision chain's coverage and its flags): our best pair with them has
    /// evidence (`Some`) and an earned composite ([`TrustScore::earned`](super::TrustScore::earned))
    /// ≥ [`Self::coverage_threshold`].
    ///
    /// ```
    /// use relmap::trust::TrustConfig;
    /// let cfg = TrustConfig::default();
    /// assert!(cfg.covers(Some(50.0)) && !cfg.covers(Some(49.9)) && !cfg.covers(None));
    /// assert!(cfg.covers_tie(0.5) && !cfg.covers_tie(0.0));
    /// ```
    pub fn covers(&self, best_composite: Option<f64>) -> bool {
        best_composite.is_some_and(|c| c >= self.coverage_threshold)
    }

    /// [`Self::covers`] on a tie, as the decision chain holds it: earned composite / 100,
    /// 0 = no tie.
    pub fn covers_tie(&self, tie: f64) -> bool {
        tie > 0.0 && tie >= self.tie_threshold()
    }

    /// [`Self::coverage_threshold`] on the tie scale (earned composite / 100).
    pub fn tie_threshold(&self) -> f64 {
        self.coverage_threshold / 100.0
    }

    /// The prior score of a Beta pillar with no evidence: `100·α/(α+β)` (50 by default).
    pub fn beta_prior_score(&self) -> f64 {
        100.0 * self.prior_alpha / (self.prior_alpha + self.prior_beta)
    }

    /// Checks every number, naming the first bad field.
    pub fn validate(&self) -> Result<(), TrustError> {
        use Bound::*;
        check("half_life_days", self.half_life_days, Positive)?;
        for c in Channel::ALL {
            check(&format!("channel_weights.{}", c.as_str()), self.channel_weights.weight(c), NonNegative)?;
        }
        check("initiated_by_them", self.initiated_by_them, NonNegative)?;
        check("sentiment_factor", self.sentiment_factor, Unit)?;
        check("relationship_saturation", self.relationship_saturation, Positive)?;
        check("prior_alpha", self.prior_alpha, Positive)?;
        check("prior_beta", self.prior_beta, Positive)?;
        let credit = &self.commitment_credit;
        check("commitment_credit.on_time", credit.on_time, Unit)?;
        check("commitment_credit.late", credit.late, Unit)?;
        check("commitment_credit.broken", credit.broken, Unit)?;
        check("confidence_k", self.confidence_k, Positive)?;
        check("assessment_weight", self.assessment_weight, Unit)?;
        check("assessment_evidence", self.assessment_evidence, NonNegative)?;
        for p in Pillar::ALL {
            check(&format!("pillar_weights.{}", p.as_str()), self.pillar_weights.weight(p), NonNegative)?;
        }
        let total = self.pillar_weights.total();
        if !(total > 0.0 && total.is_finite()) {
            return Err(TrustError::InvalidConfig {
                field: "pillar_weights".into(),
                value: total,
                expected: "weights summing to a finite number > 0",
            });
        }
        let mut previous = 0.0;
        for (i, &t) in self.level_thresholds.iter().enumerate() {
            let field = format!("level_thresholds[{i}]");
            check(&field, t, Percent)?;
            if t < previous {
                return Err(TrustError::InvalidConfig { field, value: t, expected: "thresholds in ascending order" });
            }
            previous = t;
        }
        let mut previous = 0.0;
        for (i, &c) in self.level_min_confidence.iter().enumerate() {
            let field = format!("level_min_confidence[{i}]");
            check(&field, c, Unit)?;
            if c < previous {
                return Err(TrustError::InvalidConfig { field, value: c, expected: "confidences in ascending order" });
            }
            previous = c;
        }
        check("coverage_threshold", self.coverage_threshold, Percent)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_design_numbers_and_valid() {
        let c = TrustConfig::default();
        assert!(c.validate().is_ok());
        assert_eq!(c.half_life_days, 90.0);
        assert_eq!(c.beta_prior_score(), 50.0);
        assert_eq!(c.level_thresholds, [20.0, 40.0, 60.0, 80.0]);
        let w = &c.channel_weights;
        assert_eq!([w.visit, w.meeting, w.meal_or_event, w.phone, w.email, w.social], [3.0, 3.0, 2.0, 1.0, 0.5, 0.3]);
    }

    fn field_of(c: TrustConfig) -> String {
        c.validate().unwrap_err().field().unwrap().to_owned()
    }

    #[test]
    fn bad_numbers_name_their_field() {
        let d = TrustConfig::default;
        assert_eq!(field_of(TrustConfig { half_life_days: -1.0, ..d() }), "half_life_days");
        assert_eq!(field_of(TrustConfig { half_life_days: f64::NAN, ..d() }), "half_life_days");
        assert_eq!(
            field_of(TrustConfig { channel_weights: ChannelWeights { email: -0.5, ..Default::default() }, ..d() }),
            "channel_weights.email"
        );
        assert_eq!(field_of(TrustConfig { sentiment_factor: 1.5, ..d() }), "sentiment_factor");
        assert_eq!(field_of(TrustConfig { prior_beta: 0.0, ..d() }), "prior_beta");
        assert_eq!(field_of(TrustConfig { assessment_weight: 2.0, ..d() }), "assessment_weight");
        assert_eq!(field_of(TrustConfig { level_thresholds: [20.0, 50.0, 40.0, 80.0], ..d() }), "level_thresholds[2]");
        assert_eq!(field_of(TrustConfig { level_thresholds: [20.0, 40.0, 60.0, 120.0], ..d() }), "level_thresholds[3]");
        assert_eq!(
            field_of(TrustConfig { level_min_confidence: [0.1, 0.05, 0.3, 0.4], ..d() }),
            "level_min_confidence[1]"
        );
        assert_eq!(
            field_of(TrustConfig { level_min_confidence: [0.1, 0.2, 0.3, 1.5], ..d() }),
            "level_min_confidence[3]"
        );
        assert_eq!(field_of(TrustConfig { coverage_threshold: -1.0, ..d() }), "coverage_threshold");
    }

    #[test]
    fn weights_summing_to_zero_are_refused() {
        let zero = PillarWeights { relationship: 0.0, professional: 0.0, expertise: 0.0, sincerity: 0.0 };
        let e = TrustConfig { pillar_weights: zero, ..TrustConfig::default() }.validate().unwrap_err();
        assert_eq!(e.code(), "invalid_config");
        assert_eq!(e.field(), Some("pillar_weights"));
    }

    #[test]
    fn config_reads_partial_json_with_defaults() {
        let c: TrustConfig =
            serde_json::from_str(r#"{"half_life_days": 30, "pillar_weights": {"sincerity": 2}}"#).unwrap();
        assert_eq!(c.half_life_days, 30.0);
        assert_eq!(c.pillar_weights.sincerity, 2.0);
        assert_eq!(c.pillar_weights.relationship, 1.0);
        assert!(serde_json::from_str::<TrustConfig>(r#"{"half_lif": 30}"#).is_err());
    }
}
