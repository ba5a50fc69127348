//! People: the customer's stakeholders and our own team.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Channel;

/// A buying role a stakeholder plays in the decision (a stakeholder may hold several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 决策人 / 拍板人: signs off the budget; the final say.
    EconomicBuyer,
    /// A member of the decision body with a vote.
    DecisionMaker,
    /// Judges technical fit and can veto.
    TechnicalBuyer,
    /// 使用者: will use the product day to day.
    UserBuyer,
    /// 影响者: sways others without formal power.
    Influencer,
    /// 采购: runs the purchasing process.
    Purchaser,
    /// 项目线人 / 教练: guides us through the account.
    Coach,
    /// Actively sells for us inside the account.
    Champion,
    /// Controls access to others.
    Gatekeeper,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 9] = [
        Role::EconomicBuyer,
        Role::DecisionMaker,
        Role::TechnicalBuyer,
        Role::UserBuyer,
        Role::Influencer,
        Role::Purchaser,
        Role::Coach,
        Role::Champion,
        Role::Gatekeeper,
    ];

    /// The snake_case name used in JSON, CSV and the bindings.
    ///
    /// ```
    /// # use relmap::model::Role;
    /// assert_eq!(Role::EconomicBuyer.as_str(), "economic_buyer");
    /// assert_eq!("coach".parse::<Role>().unwrap(), Role::Coach);
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Role::EconomicBuyer => "economic_buyer",
            Role::DecisionMaker => "decision_maker",
            Role::TechnicalBuyer => "technical_buyer",
            Role::UserBuyer => "user_buyer",
            Role::Influencer => "influencer",
            Role::Purchaser => "purchaser",
            Role::Coach => "coach",
            Role::Champion => "champion",
            Role::Gatekeeper => "gatekeeper",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role {s:?}; expected one of {}", Role::ALL.map(Role::as_str).join(", ")))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person at the customer.
///
/// `authority` and `openness` are optional: when absent, the analyses use the
/// role defaults of their config (see `ChainConfig`). `stance` is the person's
/// attitude toward us on the Miller Heiman scale −5 (hostile) .. +5 (fully for us);
/// `None` means unknown.
///
/// ```
/// use relmap::model::{Role, Stakeholder};
/// let cfo = Stakeholder::new("cfo", "Wang Li").with_roles([Role::EconomicBuyer]).with_stance(2.0);
/// assert!(cfo.has_role(Role::EconomicBuyer));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stakeholder {
    /// The CRM id of the person.
    pub id: String,
    /// Display name (empty if not given).
    #[serde(default)]
    pub name: String,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The id of this person's manager (the org chart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reports_to: Option<String>,
    /// Buying roles, kept sorted and without repeats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Formal decision power in [0, 1]; `None` = the role default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<f64>,
    /// How much others sway this person, in [0, 1); `None` = the configured default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openness: Option<f64>,
    /// Attitude toward us, −5..+5; `None` = unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<f64>,
    /// Attitude toward each competitor (name → −5..+5).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stance_toward: BTreeMap<String, f64>,
    /// What worries this person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<String>,
    /// What this person needs from the project (personal and business wins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    /// The channel this person prefers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_channel: Option<Channel>,
    /// Email addresses (contact keys the importers match on; unique across the
    /// map's people, compared without letter case).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// The person's id in each source system: source name (`salesforce`,
    /// `hubspot`, ...) → id there, kept as given.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub crm_ids: BTreeMap<String, String>,
}

impl Stakeholder {
    /// A stakeholder with an id and a name and nothing else.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Stakeholder { id: id.into(), name: name.into(), ..Default::default() }
    }

    /// Sets the roles (sorted, repeats removed).
    pub fn with_roles(mut self, roles: impl IntoIterator<Item = Role>) -> Self {
        self.roles = roles.into_iter().collect();
        self.roles.sort();
        self.roles.dedup();
        self
    }

    /// Sets the stance.
    pub fn with_stance(mut self, stance: f64) -> Self {
        self.stance = Some(stance);
        self
    }

    /// Sets the manager.
    pub fn with_reports_to(mut self, manager: impl Into<String>) -> Self {
        self.reports_to = Some(manager.into());
        self
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the department.
    pub fn with_department(mut self, department: impl Into<String>) -> Self {
        self.department = Some(department.into());
        self
    }

    /// Sets the formal authority.
    pub fn with_authority(mut self, authority: f64) -> Self {
        self.authority = Some(authority);
        self
    }

    /// Sets the openness.
    pub fn with_openness(mut self, openness: f64) -> Self {
        self.openness = Some(openness);
        self
    }

    /// Whether the person holds a role.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Adds an email address.
    ///
    /// ```
    /// use relmap::model::Stakeholder;
    /// let cio = Stakeholder::new("cio", "Liu Yang").with_email("liu.yang@acme.cn").with_crm_id("salesforce", "0035g00000AbC");
    /// assert_eq!(cio.emails, ["liu.yang@acme.cn"]);
    /// assert_eq!(cio.crm_ids["salesforce"], "0035g00000AbC");
    /// ```
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.emails.push(email.into());
        self
    }

    /// Sets the person's id in one source system.
    pub fn with_crm_id(mut self, source: impl Into<String>, id: impl Into<String>) -> Self {
        self.crm_ids.insert(source.into(), id.into());
        self
    }
}

/// One of our people: a seller, engineer or executive.
///
/// ```
/// use relmap::model::TeamMember;
/// let m = TeamMember::new("rep1", "Zhao Min");
/// assert_eq!(m.name, "Zhao Min");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    /// Our internal id.
    pub id: String,
    /// Display name (empty if not given).
    #[serde(default)]
    pub name: String,
    /// Role on the account team, e.g. `account_manager`, `solution_engineer`, `executive_sponsor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Email addresses (contact keys, as for a stakeholder).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// The person's id in each source system (source name → id).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub crm_ids: BTreeMap<String, String>,
}

impl TeamMember {
    /// A team member with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        TeamMember { id: id.into(), name: name.into(), ..Default::default() }
    }

    /// Adds an email address.
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.emails.push(email.into());
        self
    }

    /// Sets the person's id in one source system.
    pub fn with_crm_id(mut self, source: impl Into<String>, id: impl Into<String>) -> Self {
        self.crm_ids.insert(source.into(), id.into());
        self
    }
}
