//! Many accounts plus their purchase history.

use serde::{Deserialize, Serialize};

use super::RelationshipMap;

/// Many relationship maps: a book of accounts (purchase histories go to [`crate::value`] as columns).
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
}

impl Portfolio {
    /// The map of an account.
    pub fn map(&self, account_id: &str) -> Option<&RelationshipMap> {
        self.maps.iter().find(|m| m.account().id == account_id)
    }
}
