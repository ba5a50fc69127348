//! What happened on the account: interactions and trust evidence.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// How an interaction took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 拜访: an on-site visit.
    Visit,
    /// A scheduled meeting (on site or remote).
    Meeting,
    /// A meal, dinner or event together.
    MealOrEvent,
    /// 电话: a phone call.
    Phone,
    /// 邮件: an email.
    Email,
    /// 社交 / 微信: a social-network or messaging exchange.
    Social,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 6] =
        [Channel::Visit, Channel::Meeting, Channel::MealOrEvent, Channel::Phone, Channel::Email, Channel::Social];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Visit => "visit",
            Channel::Meeting => "meeting",
            Channel::MealOrEvent => "meal_or_event",
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Social => "social",
        }
    }
}

impl std::str::FromStr for Channel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s).ok_or_else(|| {
            format!("unknown channel {s:?}; expected visit, meeting, meal_or_event, phone, email or social")
        })
    }
}

/// Who started an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Initiator {
    /// We reached out.
    #[default]
    Us,
    /// The stakeholder reached out (a strong trust signal).
    Them,
}

impl Initiator {
    fn is_us(&self) -> bool {
        *self == Initiator::Us
    }
}

/// One contact between our team and stakeholders.
///
/// ```
/// use relmap::model::{Channel, Interaction};
/// let i = Interaction::new("i1", "2026-03-02".parse().unwrap(), Channel::Visit, ["rep1"], ["cfo"]);
/// assert_eq!(i.members, vec!["rep1".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    /// Id of the interaction (unique among interactions and evidence).
    pub id: String,
    /// When it happened.
    pub at: Timestamp,
    /// How.
    pub channel: Channel,
    /// Our people who took part (at least one).
    pub members: Vec<String>,
    /// Their people who took part (at least one).
    pub stakeholders: Vec<String>,
    /// Who started it.
    #[serde(default, skip_serializing_if = "Initiator::is_us")]
    pub initiated_by: Initiator,
    /// How it went, −1 (badly) .. +1 (very well); `None` = not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<f64>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Interaction {
    /// An interaction we initiated, with no sentiment or notes.
    pub fn new<M, S>(id: impl Into<String>, at: Timestamp, channel: Channel, members: M, stakeholders: S) -> Self
    where
        M: IntoIterator,
        M::Item: Into<String>,
        S: IntoIterator,
        S::Item: Into<String>,
    {
        Interaction {
            id: id.into(),
            at,
            channel,
            members: members.into_iter().map(Into::into).collect(),
            stakeholders: stakeholders.into_iter().map(Into::into).collect(),
            initiated_by: Initiator::Us,
            sentiment: None,
            notes: None,
        }
    }
}

/// The four pillars of trust (信任的四根支柱).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Pillar {
    /// 关系信任: personal closeness (intimacy).
    Relationship,
    /// 职业信任: keeping promises (reliability).
    Professional,
    /// 专业信任: knowing the subject (credibility).
    Expertise,
    /// 诚意信任: acting in their interest (low self-orientation).
    Sincerity,
}

impl Pillar {
    /// The four pillars in order.
    pub const ALL: [Pillar; 4] = [Pillar::Relationship, Pillar::Professional, Pillar::Expertise, Pillar::Sincerity];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Pillar::Relationship => "relationship",
            Pillar::Professional => "professional",
            Pillar::Expertise => "expertise",
            Pillar::Sincerity => "sincerity",
        }
    }
}

/// A piece of trust evidence between one of our people and one stakeholder.
///
/// ```
/// use relmap::model::{Evidence, EvidenceKind};
/// let e = Evidence {
///     id: "e1".into(),
///     at: "2026-01-10".parse().unwrap(),
///     member: "rep1".into(),
///     stakeholder: "cfo".into(),
///     kind: EvidenceKind::Commitment {
///         due: "2026-01-20".parse().unwrap(),
///         delivered: Some("2026-01-18".parse().unwrap()),
///         description: Some("TCO model".into()),
///     },
/// };
/// assert_eq!(e.kind.code(), "commitment");
/// ```
///
/// It is read field by field (see `evidence_de`), so an error names the exact
/// JSON path of the offending value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(into = "EvidenceRepr")]
pub struct Evidence {
    /// Id of the item (unique among interactions and evidence).
    pub id: String,
    /// When it was recorded (for a commitment: when it was promised).
    pub at: Timestamp,
    /// Our team member concerned.
    pub member: String,
    /// The stakeholder concerned.
    pub stakeholder: String,
    /// What kind of evidence, with its own fields.
    pub kind: EvidenceKind,
}

impl JsonSchema for Evidence {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Evidence".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        EvidenceRepr::json_schema(generator)
    }
}

/// The JSON form of [`Evidence`]: one flat object tagged by `kind`.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum EvidenceRepr {
    /// A promise we made: kept on time, late, broken (due passed, not delivered) or pending.
    Commitment {
        /// Id of the item (unique among interactions and evidence).
        id: String,
        /// When it was promised.
        at: Timestamp,
        /// Our team member who made the promise.
        member: String,
        /// The stakeholder it was made to.
        stakeholder: String,
        /// When it was due.
        due: Timestamp,
        /// When it was delivered; absent = not (yet) delivered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        delivered: Option<Timestamp>,
        /// What was promised.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// A sign of our expertise (or lack of it) seen by the stakeholder.
    ExpertiseSignal {
        /// Id of the item (unique among interactions and evidence).
        id: String,
        /// When it happened.
        at: Timestamp,
        /// Our team member concerned.
        member: String,
        /// The stakeholder concerned.
        stakeholder: String,
        /// Whether it raised (true) or lowered (false) our credibility.
        positive: bool,
        /// What happened.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// A sign of sincerity: acting in their interest, or pushing our own.
    SincerityEvent {
        /// Id of the item (unique among interactions and evidence).
        id: String,
        /// When it happened.
        at: Timestamp,
        /// Our team member concerned.
        member: String,
        /// The stakeholder concerned.
        stakeholder: String,
        /// Whether it showed good faith (true) or self-interest (false).
        positive: bool,
        /// What happened.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// A rep's own rating of one pillar, 1..10.
    Assessment {
        /// Id of the item (unique among interactions and evidence).
        id: String,
        /// When the rating was made.
        at: Timestamp,
        /// The rep who rated.
        member: String,
        /// The stakeholder rated.
        stakeholder: String,
        /// The pillar rated.
        pillar: Pillar,
        /// The rating, 1 (none) .. 10 (complete).
        rating: f64,
    },
}

impl From<Evidence> for EvidenceRepr {
    fn from(e: Evidence) -> Self {
        let Evidence { id, at, member, stakeholder, kind } = e;
        match kind {
            EvidenceKind::Commitment { due, delivered, description } => {
                EvidenceRepr::Commitment { id, at, member, stakeholder, due, delivered, description }
            }
            EvidenceKind::ExpertiseSignal { positive, description } => {
                EvidenceRepr::ExpertiseSignal { id, at, member, stakeholder, positive, description }
            }
            EvidenceKind::SincerityEvent { positive, description } => {
                EvidenceRepr::SincerityEvent { id, at, member, stakeholder, positive, description }
            }
            EvidenceKind::Assessment { pillar, rating } => {
                EvidenceRepr::Assessment { id, at, member, stakeholder, pillar, rating }
            }
        }
    }
}

/// The kinds of trust evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A promise we made: kept on time, late, broken (due passed, not delivered) or pending.
    Commitment {
        /// When it was due.
        due: Timestamp,
        /// When it was delivered; `None` = not (yet) delivered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        delivered: Option<Timestamp>,
        /// What was promised.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// A sign of our expertise (or lack of it) seen by the stakeholder.
    ExpertiseSignal {
        /// Whether it raised (true) or lowered (false) our credibility.
        positive: bool,
        /// What happened, e.g. `solution_workshop`, `wrong_answer`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// A sign of sincerity: acting in their interest, or pushing our own.
    SincerityEvent {
        /// Whether it showed good faith (true) or self-interest (false).
        positive: bool,
        /// What happened.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// A rep's own rating of one pillar, 1..10.
    Assessment {
        /// The pillar rated.
        pillar: Pillar,
        /// The rating, 1 (none) .. 10 (complete).
        rating: f64,
    },
}

impl EvidenceKind {
    /// The snake_case name of the kind.
    pub fn code(&self) -> &'static str {
        match self {
            EvidenceKind::Commitment { .. } => "commitment",
            EvidenceKind::ExpertiseSignal { .. } => "expertise_signal",
            EvidenceKind::SincerityEvent { .. } => "sincerity_event",
            EvidenceKind::Assessment { .. } => "assessment",
        }
    }
}
