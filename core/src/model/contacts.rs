//! Contact keys: the email addresses and source-system ids of the map's people,
//! which the importers match on.
//!
//! An email address belongs to one person of the map (stakeholder or team
//! member) and is compared without letter case; a (source, id) pair likewise.

use std::collections::{BTreeMap, HashMap};

use super::ModelError;

/// One of the map's people, by dense index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonRef {
    /// Index into [`RelationshipMap::stakeholders`](super::RelationshipMap::stakeholders).
    Stakeholder(usize),
    /// Index into [`RelationshipMap::team`](super::RelationshipMap::team).
    TeamMember(usize),
}

/// The form an email address is compared in: lower case.
///
/// ```
/// assert_eq!(relmap::model::email_key("Liu.Yang@ACME.cn"), "liu.yang@acme.cn");
/// ```
pub fn email_key(email: &str) -> String {
    email.to_lowercase()
}

/// Why a text is not an email address relmap accepts (`local@domain`, no white
/// space, one `@`), or `None` when it is one.
///
/// ```
/// use relmap::model::email_problem;
/// assert_eq!(email_problem("li@acme.cn"), None);
/// assert!(email_problem("li at acme").is_some());
/// ```
pub fn email_problem(email: &str) -> Option<&'static str> {
    if email.is_empty() {
        return Some("the email address is empty");
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("an email address may not contain white space");
    }
    match email.split_once('@') {
        None => Some("an email address needs an '@'"),
        Some((local, domain)) if local.is_empty() || domain.is_empty() => {
            Some("an email address needs text on both sides of the '@'")
        }
        Some((_, domain)) if domain.contains('@') => Some("an email address has one '@'"),
        Some(_) => None,
    }
}

/// A person's contact keys, borrowed.
pub(crate) struct Keys<'a> {
    pub emails: &'a [String],
    pub crm_ids: &'a BTreeMap<String, String>,
}

/// Who holds each contact key.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ContactIndex {
    emails: HashMap<String, PersonRef>,
    crm_ids: HashMap<(String, String), PersonRef>,
}

impl ContactIndex {
    pub fn email(&self, email: &str) -> Option<PersonRef> {
        // Most addresses are lower-case ASCII already: look them up without a copy.
        if email.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            self.emails.get(email).copied()
        } else {
            self.emails.get(&email_key(email)).copied()
        }
    }

    pub fn crm_id(&self, source: &str, id: &str) -> Option<PersonRef> {
        self.crm_ids.get(&(source.to_owned(), id.to_owned())).copied()
    }

    /// Checks one person's keys: well formed, none repeated, none held by
    /// anyone but `who`. `field` names a sub-field of the person's entry.
    pub fn check(
        &self,
        who: PersonRef,
        id: &str,
        keys: Keys<'_>,
        field: &dyn Fn(&str) -> String,
    ) -> Result<(), ModelError> {
        for (j, email) in keys.emails.iter().enumerate() {
            let f = || field(&format!("emails[{j}]"));
            if let Some(reason) = email_problem(email) {
                return Err(ModelError::InvalidContact { id: id.to_owned(), field: f(), reason: reason.to_owned() });
            }
            let key = email_key(email);
            let repeated = keys.emails[..j].iter().any(|e| email_key(e) == key);
            let taken = self.emails.get(&key).is_some_and(|&other| other != who);
            if repeated || taken {
                return Err(ModelError::DuplicateId { kind: "email", id: email.clone(), field: f() });
            }
        }
        for (source, value) in keys.crm_ids {
            let f = || field(&format!("crm_ids.{source}"));
            if source.trim().is_empty() {
                return Err(ModelError::EmptyId { field: field("crm_ids") });
            }
            if value.trim().is_empty() {
                return Err(ModelError::EmptyId { field: f() });
            }
            if self.crm_ids.get(&(source.clone(), value.clone())).is_some_and(|&other| other != who) {
                return Err(ModelError::DuplicateId { kind: "crm_id", id: format!("{source}:{value}"), field: f() });
            }
        }
        Ok(())
    }

    pub fn insert(&mut self, who: PersonRef, keys: Keys<'_>) {
        for e in keys.emails {
            self.emails.insert(email_key(e), who);
        }
        for (s, v) in keys.crm_ids {
            self.crm_ids.insert((s.clone(), v.clone()), who);
        }
    }

    pub fn remove(&mut self, keys: Keys<'_>) {
        for e in keys.emails {
            self.emails.remove(&email_key(e));
        }
        for (s, v) in keys.crm_ids {
            self.crm_ids.remove(&(s.clone(), v.clone()));
        }
    }

    pub fn clear(&mut self) {
        self.emails.clear();
        self.crm_ids.clear();
    }
}
