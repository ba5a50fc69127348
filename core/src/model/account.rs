//! The customer account.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A customer organisation (the key account).
///
/// ```
/// use relmap::model::Account;
/// let a = Account::new("acme", "Acme Group");
/// assert_eq!(a.id, "acme");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The CRM id of the account.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Industry, e.g. `manufacturing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Sales region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Number of employees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employees: Option<u64>,
    /// Annual revenue, in the account's reporting currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<f64>,
    /// Segment label, e.g. `strategic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Account {
    /// An account with an id and a name and nothing else.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Account { id: id.into(), name: name.into(), ..Default::default() }
    }
}
