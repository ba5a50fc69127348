//! Many accounts plus their purchase history.

use serde::{Deserialize, Serialize};

use super::RelationshipMap;
use crate::time::Timestamp;

/// One purchase by a customer account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transaction {
    /// The buying account's id.
    pub customer: String,
    /// When it was bought.
    pub at: Timestamp,
    /// Revenue.
    pub amount: f64,
    /// Gross margin earned, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margin: Option<f64>,
}

/// Many relationship maps plus the transactions of their accounts.
///
/// ```
/// use relmap::model::{Account, Portfolio, RelationshipMap};
/// let mut p = Portfolio::default();
/// p.maps.push(RelationshipMap::new(Account::new("a1", "Acme")));
/// assert!(p.map("a1").is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Portfolio {
    /// One map per account.
    pub maps: Vec<RelationshipMap>,
    /// Purchases, any order.
    #[serde(default)]
    pub transactions: Vec<Transaction>,
}

impl Portfolio {
    /// The map of an account.
    pub fn map(&self, account_id: &str) -> Option<&RelationshipMap> {
        self.maps.iter().find(|m| m.account().id == account_id)
    }
}
