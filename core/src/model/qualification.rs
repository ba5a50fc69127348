//! Deal qualification on an opportunity: MEDDPICC elements with their evidence
//! grade, and Miller Heiman Blue Sheet buying influences.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Role;
use crate::time::Timestamp;

/// How well an element is evidenced: `red` (missing or contradicted), `yellow`
/// (partly known, unconfirmed), `green` (confirmed by the customer).
///
/// Grades are ordered: `Red < Yellow < Green`.
///
/// ```
/// use relmap::model::Grade;
/// assert!(Grade::Red < Grade::Green);
/// assert_eq!("yellow".parse::<Grade>().unwrap(), Grade::Yellow);
/// assert!("amber".parse::<Grade>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Missing, unknown or contradicted.
    Red,
    /// Partly known or not confirmed by the customer.
    Yellow,
    /// Confirmed by the customer.
    Green,
}

impl Grade {
    /// Every grade, worst first.
    pub const ALL: [Grade; 3] = [Grade::Red, Grade::Yellow, Grade::Green];

    /// The snake_case name used in JSON, CSV and the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Red => "red",
            Grade::Yellow => "yellow",
            Grade::Green => "green",
        }
    }
}

impl std::str::FromStr for Grade {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Grade::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| format!("unknown grade {s:?}; expected one of red, yellow, green"))
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One of the eight MEDDPICC elements.
///
/// ```
/// use relmap::model::MeddpiccElement;
/// assert_eq!(MeddpiccElement::IdentifiedPain.as_str(), "identified_pain");
/// assert_eq!(MeddpiccElement::ALL.len(), 8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeddpiccElement {
    /// M: the quantified value to the customer.
    Metrics,
    /// E: the person with the final say over the money, and our access to them.
    EconomicBuyer,
    /// D: the criteria the customer will decide by.
    DecisionCriteria,
    /// D: the steps, owners and dates of the decision.
    DecisionProcess,
    /// P: the steps from decision to signed contract (legal, procurement).
    PaperProcess,
    /// I: the pain that makes the customer act, and who owns it.
    IdentifiedPain,
    /// C: a stakeholder who sells for us inside the account.
    Champion,
    /// C: who else the customer considers, and where we stand.
    Competition,
}

impl MeddpiccElement {
    /// The elements in MEDDPICC order.
    pub const ALL: [MeddpiccElement; 8] = [
        MeddpiccElement::Metrics,
        MeddpiccElement::EconomicBuyer,
        MeddpiccElement::DecisionCriteria,
        MeddpiccElement::DecisionProcess,
        MeddpiccElement::PaperProcess,
        MeddpiccElement::IdentifiedPain,
        MeddpiccElement::Champion,
        MeddpiccElement::Competition,
    ];

    /// The snake_case name used in JSON, CSV and the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            MeddpiccElement::Metrics => "metrics",
            MeddpiccElement::EconomicBuyer => "economic_buyer",
            MeddpiccElement::DecisionCriteria => "decision_criteria",
            MeddpiccElement::DecisionProcess => "decision_process",
            MeddpiccElement::PaperProcess => "paper_process",
            MeddpiccElement::IdentifiedPain => "identified_pain",
            MeddpiccElement::Champion => "champion",
            MeddpiccElement::Competition => "competition",
        }
    }

    /// The English display name.
    pub fn name(self) -> &'static str {
        match self {
            MeddpiccElement::Metrics => "metrics",
            MeddpiccElement::EconomicBuyer => "economic buyer",
            MeddpiccElement::DecisionCriteria => "decision criteria",
            MeddpiccElement::DecisionProcess => "decision process",
            MeddpiccElement::PaperProcess => "paper process",
            MeddpiccElement::IdentifiedPain => "identified pain",
            MeddpiccElement::Champion => "champion",
            MeddpiccElement::Competition => "competition",
        }
    }

    /// The Chinese display name.
    pub fn name_zh(self) -> &'static str {
        match self {
            MeddpiccElement::Metrics => "量化价值",
            MeddpiccElement::EconomicBuyer => "经济决策人",
            MeddpiccElement::DecisionCriteria => "决策标准",
            MeddpiccElement::DecisionProcess => "决策流程",
            MeddpiccElement::PaperProcess => "签约流程",
            MeddpiccElement::IdentifiedPain => "痛点",
            MeddpiccElement::Champion => "内部支持者",
            MeddpiccElement::Competition => "竞争态势",
        }
    }
}

impl std::str::FromStr for MeddpiccElement {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        MeddpiccElement::ALL.into_iter().find(|e| e.as_str() == s).ok_or_else(|| {
            format!(
                "unknown MEDDPICC element {s:?}; expected one of {}",
                MeddpiccElement::ALL.map(MeddpiccElement::as_str).join(", ")
            )
        })
    }
}

impl fmt::Display for MeddpiccElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares a MEDDPICC element: the fields every element shares (its evidence
/// `grade` first; `description`, `confirmed_by` and `confirmed_at` last) around the
/// element's own fields, with the serde and JSON Schema derives and [`Assessed`].
/// The JSON of an element is flat, its keys in that order, exactly as before the
/// shared fields were declared once.
macro_rules! meddpicc_element {
    (
        $(#[$meta:meta])*
        $name:ident {
            $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)*
        }
        description = $description:literal
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The evidence grade.
            pub grade: Grade,
            $($(#[$fmeta])* pub $field: $ty,)*
            #[doc = $description]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            /// The team member who confirmed it.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub confirmed_by: Option<String>,
            /// When it was confirmed.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub confirmed_at: Option<Timestamp>,
        }

        impl $name {
            /// The element with a grade and nothing else.
            pub fn graded(grade: Grade) -> Self {
                $name {
                    grade,
                    $($field: Default::default(),)*
                    description: None,
                    confirmed_by: None,
                    confirmed_at: None,
                }
            }
        }

        impl Assessed for $name {
            fn assessment(&self) -> Assessment<'_> {
                Assessment {
                    grade: self.grade,
                    description: self.description.as_deref(),
                    confirmed_by: self.confirmed_by.as_deref(),
                    confirmed_at: self.confirmed_at,
                }
            }

            fn assessment_mut(&mut self) -> AssessmentMut<'_> {
                AssessmentMut {
                    grade: &mut self.grade,
                    description: &mut self.description,
                    confirmed_by: &mut self.confirmed_by,
                    confirmed_at: &mut self.confirmed_at,
                }
            }
        }
    };
}

/// The fields every MEDDPICC element shares, borrowed: its grade, what we know in
/// words, who confirmed it and when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment<'a> {
    /// The evidence grade.
    pub grade: Grade,
    /// What we know, in words.
    pub description: Option<&'a str>,
    /// The team member who confirmed it.
    pub confirmed_by: Option<&'a str>,
    /// When it was confirmed.
    pub confirmed_at: Option<Timestamp>,
}

/// The shared fields of a MEDDPICC element, to edit in place.
#[derive(Debug)]
pub struct AssessmentMut<'a> {
    /// The evidence grade.
    pub grade: &'a mut Grade,
    /// What we know, in words.
    pub description: &'a mut Option<String>,
    /// The team member who confirmed it.
    pub confirmed_by: &'a mut Option<String>,
    /// When it was confirmed.
    pub confirmed_at: &'a mut Option<Timestamp>,
}

/// A MEDDPICC element: whatever else it holds, it has the shared fields.
///
/// ```
/// use relmap::model::{Assessed, Grade, Meddpicc, MeddpiccElement};
/// let mut q = Meddpicc::default();
/// q.set_grade(MeddpiccElement::Champion, Grade::Yellow);
/// *q.assessed_mut(MeddpiccElement::Champion).unwrap().assessment_mut().description = Some("tested on the PoC".into());
/// let a = q.assessed(MeddpiccElement::Champion).unwrap().assessment();
/// assert_eq!((a.grade, a.description), (Grade::Yellow, Some("tested on the PoC")));
/// ```
pub trait Assessed {
    /// The shared fields.
    fn assessment(&self) -> Assessment<'_>;
    /// The shared fields, to edit.
    fn assessment_mut(&mut self) -> AssessmentMut<'_>;
}

meddpicc_element! {
    /// A MEDDPICC element that is only known or not: decision criteria, competition.
    Qualified {}
    description = "What we know, in words."
}

impl Qualified {
    /// An element with a grade and nothing else.
    pub fn new(grade: Grade) -> Self {
        Qualified::graded(grade)
    }
}

meddpicc_element! {
    /// MEDDPICC metrics: the quantified value to the customer.
    Metrics {
        /// The value to the customer, in the account's currency per year (≥ 0).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub value: Option<f64>,
    }
    description = "What the value is, in words (e.g. `停机时间减少20%`)."
}

meddpicc_element! {
    /// A MEDDPICC element about one person: the economic buyer, or the owner of the identified pain.
    PersonElement {
        /// The stakeholder: the economic buyer, or who owns the pain.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub stakeholder: Option<String>,
    }
    description = "What we know, in words (for the pain: the pain itself)."
}

meddpicc_element! {
    /// The MEDDPICC champion: who sells for us, and whether that was tested.
    ChampionElement {
        /// The champion's stakeholder id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub stakeholder: Option<String>,
        /// Whether they were tested: asked to do something for us and did it.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub tested: bool,
    }
    description = "What we know, in words (e.g. how they were tested)."
}

/// One step of the decision or paper process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessStep {
    /// What happens, e.g. `技术评审` or `legal review`.
    pub name: String,
    /// The stakeholder who owns the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it happens (planned) or happened; steps with dates are in date order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Timestamp>,
    /// Whether the customer confirmed the step.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirmed: bool,
}

meddpicc_element! {
    /// The MEDDPICC decision process or paper process: its steps.
    ProcessElement {
        /// The steps, in order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub steps: Vec<ProcessStep>,
    }
    description = "What we know, in words."
}

/// The MEDDPICC qualification of an opportunity: each element, when assessed.
///
/// An element left out is not qualified yet (the deal-health rules count it as red).
///
/// ```
/// use relmap::model::{Grade, Meddpicc, MeddpiccElement, Qualified};
/// let mut q = Meddpicc::default();
/// assert!(q.is_empty());
/// q.competition = Some(Qualified::new(Grade::Yellow));
/// assert_eq!(q.grade(MeddpiccElement::Competition), Some(Grade::Yellow));
/// assert_eq!(q.grade(MeddpiccElement::Metrics), None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meddpicc {
    /// M: the quantified value to the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// E: the economic buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economic_buyer: Option<PersonElement>,
    /// D: the decision criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_criteria: Option<Qualified>,
    /// D: the decision process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_process: Option<ProcessElement>,
    /// P: the paper process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper_process: Option<ProcessElement>,
    /// I: the identified pain and who owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identified_pain: Option<PersonElement>,
    /// C: the champion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub champion: Option<ChampionElement>,
    /// C: the competition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competition: Option<Qualified>,
}

/// The fields every element shares, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ElementStatus<'a> {
    /// The evidence grade.
    pub grade: Grade,
    /// Who confirmed it.
    pub confirmed_by: Option<&'a str>,
    /// When.
    pub confirmed_at: Option<Timestamp>,
    /// The stakeholder the element names (economic buyer, pain owner, champion).
    pub stakeholder: Option<&'a str>,
}

impl Meddpicc {
    /// Whether no element is assessed.
    pub fn is_empty(&self) -> bool {
        MeddpiccElement::ALL.iter().all(|&e| self.status(e).is_none())
    }

    /// The grade of an element (`None` = not assessed).
    pub fn grade(&self, element: MeddpiccElement) -> Option<Grade> {
        self.status(element).map(|s| s.grade)
    }

    /// The shared fields of an element (`None` = not assessed).
    pub fn status(&self, element: MeddpiccElement) -> Option<ElementStatus<'_>> {
        let a = self.assessed(element)?.assessment();
        let stakeholder = match element {
            MeddpiccElement::EconomicBuyer => self.economic_buyer.as_ref().and_then(|e| e.stakeholder.as_deref()),
            MeddpiccElement::IdentifiedPain => self.identified_pain.as_ref().and_then(|e| e.stakeholder.as_deref()),
            MeddpiccElement::Champion => self.champion.as_ref().and_then(|e| e.stakeholder.as_deref()),
            _ => None,
        };
        Some(ElementStatus { grade: a.grade, confirmed_by: a.confirmed_by, confirmed_at: a.confirmed_at, stakeholder })
    }

    /// An assessed element, whichever it is (`None` = not assessed).
    pub fn assessed(&self, element: MeddpiccElement) -> Option<&dyn Assessed> {
        use MeddpiccElement::*;
        match element {
            Metrics => self.metrics.as_ref().map(|e| e as &dyn Assessed),
            EconomicBuyer => self.economic_buyer.as_ref().map(|e| e as &dyn Assessed),
            DecisionCriteria => self.decision_criteria.as_ref().map(|e| e as &dyn Assessed),
            DecisionProcess => self.decision_process.as_ref().map(|e| e as &dyn Assessed),
            PaperProcess => self.paper_process.as_ref().map(|e| e as &dyn Assessed),
            IdentifiedPain => self.identified_pain.as_ref().map(|e| e as &dyn Assessed),
            Champion => self.champion.as_ref().map(|e| e as &dyn Assessed),
            Competition => self.competition.as_ref().map(|e| e as &dyn Assessed),
        }
    }

    /// An assessed element, to edit (`None` = not assessed).
    pub fn assessed_mut(&mut self, element: MeddpiccElement) -> Option<&mut dyn Assessed> {
        use MeddpiccElement::*;
        match element {
            Metrics => self.metrics.as_mut().map(|e| e as &mut dyn Assessed),
            EconomicBuyer => self.economic_buyer.as_mut().map(|e| e as &mut dyn Assessed),
            DecisionCriteria => self.decision_criteria.as_mut().map(|e| e as &mut dyn Assessed),
            DecisionProcess => self.decision_process.as_mut().map(|e| e as &mut dyn Assessed),
            PaperProcess => self.paper_process.as_mut().map(|e| e as &mut dyn Assessed),
            IdentifiedPain => self.identified_pain.as_mut().map(|e| e as &mut dyn Assessed),
            Champion => self.champion.as_mut().map(|e| e as &mut dyn Assessed),
            Competition => self.competition.as_mut().map(|e| e as &mut dyn Assessed),
        }
    }

    /// Sets the grade of an assessed element, or assesses it with only a grade.
    ///
    /// ```
    /// use relmap::model::{Grade, Meddpicc, MeddpiccElement};
    /// let mut q = Meddpicc::default();
    /// q.set_grade(MeddpiccElement::PaperProcess, Grade::Green);
    /// assert_eq!(q.grade(MeddpiccElement::PaperProcess), Some(Grade::Green));
    /// ```
    pub fn set_grade(&mut self, element: MeddpiccElement, grade: Grade) {
        if let Some(e) = self.assessed_mut(element) {
            *e.assessment_mut().grade = grade;
            return;
        }
        use MeddpiccElement::*;
        match element {
            Metrics => self.metrics = Some(self::Metrics::graded(grade)),
            EconomicBuyer => self.economic_buyer = Some(PersonElement::graded(grade)),
            DecisionCriteria => self.decision_criteria = Some(Qualified::graded(grade)),
            DecisionProcess => self.decision_process = Some(ProcessElement::graded(grade)),
            PaperProcess => self.paper_process = Some(ProcessElement::graded(grade)),
            IdentifiedPain => self.identified_pain = Some(PersonElement::graded(grade)),
            Champion => self.champion = Some(ChampionElement::graded(grade)),
            Competition => self.competition = Some(Qualified::graded(grade)),
        }
    }
}

/// A Miller Heiman Blue Sheet buying-influence role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BuyingRole {
    /// Gives final approval to buy (one per deal): relmap's `economic_buyer`.
    Economic,
    /// Uses or supervises the use of what we sell: `user_buyer`.
    User,
    /// Screens us out on specifications and can say no: `technical_buyer`, `purchaser`, `gatekeeper`.
    Technical,
    /// Guides us through the sale: `coach`, `champion`.
    Coach,
}

impl BuyingRole {
    /// Every role, in Blue Sheet order.
    pub const ALL: [BuyingRole; 4] = [BuyingRole::Economic, BuyingRole::User, BuyingRole::Technical, BuyingRole::Coach];

    /// The snake_case name used in JSON, CSV and the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            BuyingRole::Economic => "economic",
            BuyingRole::User => "user",
            BuyingRole::Technical => "technical",
            BuyingRole::Coach => "coach",
        }
    }

    /// The Blue Sheet roles implied by relmap roles (sorted, without repeats):
    /// `economic_buyer` → economic; `user_buyer` → user; `technical_buyer`,
    /// `purchaser`, `gatekeeper` → technical; `coach`, `champion` → coach.
    /// `decision_maker` and `influencer` imply none.
    ///
    /// ```
    /// use relmap::model::{BuyingRole, Role};
    /// assert_eq!(BuyingRole::from_roles(&[Role::Champion, Role::TechnicalBuyer]), [BuyingRole::Technical, BuyingRole::Coach]);
    /// assert!(BuyingRole::from_roles(&[Role::Influencer]).is_empty());
    /// ```
    pub fn from_roles(roles: &[Role]) -> Vec<BuyingRole> {
        let mut out: Vec<BuyingRole> = roles
            .iter()
            .filter_map(|r| match r {
                Role::EconomicBuyer => Some(BuyingRole::Economic),
                Role::UserBuyer => Some(BuyingRole::User),
                Role::TechnicalBuyer | Role::Purchaser | Role::Gatekeeper => Some(BuyingRole::Technical),
                Role::Coach | Role::Champion => Some(BuyingRole::Coach),
                Role::DecisionMaker | Role::Influencer => None,
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

impl fmt::Display for BuyingRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A buying influence's response mode (Miller Heiman): how they see the change we bring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResponseMode {
    /// Sees a gap between results and goals it wants to close: likely to buy.
    Growth,
    /// In trouble now; buys to fix it: likely to buy.
    Trouble,
    /// Sees no gap: unlikely to buy.
    EvenKeel,
    /// Believes things are better than they are: very unlikely to buy.
    Overconfident,
}

impl ResponseMode {
    /// Every mode.
    pub const ALL: [ResponseMode; 4] =
        [ResponseMode::Growth, ResponseMode::Trouble, ResponseMode::EvenKeel, ResponseMode::Overconfident];

    /// The snake_case name used in JSON, CSV and the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseMode::Growth => "growth",
            ResponseMode::Trouble => "trouble",
            ResponseMode::EvenKeel => "even_keel",
            ResponseMode::Overconfident => "overconfident",
        }
    }

    /// Whether the mode makes a person receptive to a change (growth, trouble).
    pub fn receptive(self) -> bool {
        matches!(self, ResponseMode::Growth | ResponseMode::Trouble)
    }
}

impl fmt::Display for ResponseMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stakeholder as a Blue Sheet buying influence on one opportunity.
///
/// ```
/// use relmap::model::{BuyingInfluence, ResponseMode};
/// let b = BuyingInfluence::new("cfo").with_response_mode(ResponseMode::Trouble);
/// assert!(b.roles.is_empty()); // derived from the stakeholder's relmap roles
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyingInfluence {
    /// The stakeholder id.
    pub stakeholder: String,
    /// The Blue Sheet roles; empty = derived from the stakeholder's roles ([`BuyingRole::from_roles`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<BuyingRole>,
    /// How they see the change we bring (`None` = not known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_mode: Option<ResponseMode>,
    /// Their stated win-results: the personal wins they expect from the deal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub win_results: Vec<String>,
}

impl BuyingInfluence {
    /// A buying influence with only a stakeholder id.
    pub fn new(stakeholder: impl Into<String>) -> Self {
        BuyingInfluence {
            stakeholder: stakeholder.into(),
            roles: Vec::new(),
            response_mode: None,
            win_results: Vec::new(),
        }
    }

    /// Sets the response mode.
    pub fn with_response_mode(mut self, mode: ResponseMode) -> Self {
        self.response_mode = Some(mode);
        self
    }
}
