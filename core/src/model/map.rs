//! [`RelationshipMap`]: one account's map, always valid, and how to read it.
//!
//! Building and editing are in `edit`, the rules each entity must satisfy in
//! `validate`, the document form in `document` and the dense indices kept beside
//! the entities in `index`.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::contacts::{ContactIndex, PersonRef};
use super::index::Parties;
use super::people_index::PeopleIndex;
use super::{
    Account, Evidence, Interaction, MapDocument, Opportunity, Relation, RelationKind, Stakeholder, TeamMember,
};
use crate::activity::ActivityLog;

/// One account's relationship map (see the [module docs](super)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "MapDocument", try_from = "MapDocument")]
pub struct RelationshipMap {
    pub(super) account: Account,
    pub(super) stakeholders: Vec<Stakeholder>,
    pub(super) relations: Vec<Relation>,
    pub(super) team: Vec<TeamMember>,
    pub(super) interactions: Vec<Interaction>,
    pub(super) evidence: Vec<Evidence>,
    pub(super) opportunities: Vec<Opportunity>,
    pub(super) stakeholder_index: HashMap<String, usize>,
    pub(super) member_index: HashMap<String, usize>,
    /// Ids of interactions and evidence (one namespace).
    pub(super) activity_ids: HashSet<String>,
    pub(super) relation_keys: HashSet<(usize, usize, RelationKind)>,
    /// Dense (source, target) of each relation, parallel to `relations`.
    pub(super) relation_ends: Vec<(usize, usize)>,
    /// Dense member then stakeholder indices of each interaction, parallel to `interactions`.
    pub(super) parties: Parties,
    /// Dense (member, stakeholder) of each evidence item, parallel to `evidence`.
    pub(super) evidence_ends: Vec<(usize, usize)>,
    /// Who holds each email address and source-system id.
    pub(super) contacts: ContactIndex,
    /// Interaction id → position in `interactions`.
    pub(super) interaction_index: HashMap<String, usize>,
    /// What calendars and mail showed (see [`crate::activity`]).
    pub(super) activity: ActivityLog,
    /// Each stakeholder's manager and how many people carry each name.
    pub(super) people: PeopleIndex,
}

impl RelationshipMap {
    /// An empty map of one account.
    pub fn new(account: Account) -> Self {
        RelationshipMap {
            account,
            stakeholders: Vec::new(),
            relations: Vec::new(),
            team: Vec::new(),
            interactions: Vec::new(),
            evidence: Vec::new(),
            opportunities: Vec::new(),
            stakeholder_index: HashMap::new(),
            member_index: HashMap::new(),
            activity_ids: HashSet::new(),
            relation_keys: HashSet::new(),
            relation_ends: Vec::new(),
            parties: Parties::default(),
            evidence_ends: Vec::new(),
            contacts: ContactIndex::default(),
            interaction_index: HashMap::new(),
            activity: ActivityLog::default(),
            people: PeopleIndex::default(),
        }
    }

    /// The account.
    pub fn account(&self) -> &Account {
        &self.account
    }

    /// The stakeholders, in insertion order (index = interned id).
    pub fn stakeholders(&self) -> &[Stakeholder] {
        &self.stakeholders
    }

    /// The relations, in insertion order.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// Our account team, in insertion order (index = interned id).
    pub fn team(&self) -> &[TeamMember] {
        &self.team
    }

    /// Every interaction, in insertion order.
    pub fn interactions(&self) -> &[Interaction] {
        &self.interactions
    }

    /// Every piece of trust evidence, in insertion order.
    pub fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }

    /// The opportunities.
    pub fn opportunities(&self) -> &[Opportunity] {
        &self.opportunities
    }

    /// The activity log kept with the map: every meeting, mail and bounce the
    /// importers saw, whether or not the people are on the map. The activity
    /// analyses ([`crate::activity`]) read it, so they work on a loaded map too.
    pub fn activity(&self) -> &ActivityLog {
        &self.activity
    }

    /// Adds observations to the activity log; one with an id already in the log
    /// replaces it (the importers call this, so importing twice changes nothing).
    ///
    /// ```
    /// use relmap::activity::ActivityLog;
    /// use relmap::model::{Account, RelationshipMap};
    /// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.record_activity(ActivityLog::default());
    /// assert!(map.activity().observations.is_empty());
    /// ```
    pub fn record_activity(&mut self, log: ActivityLog) {
        self.activity.merge(log);
    }

    /// Empties the activity log (the interactions stay); returns what it held.
    pub fn clear_activity(&mut self) -> ActivityLog {
        std::mem::take(&mut self.activity)
    }

    /// The stakeholder with this id.
    pub fn stakeholder(&self, id: &str) -> Option<&Stakeholder> {
        self.stakeholder_index.get(id).map(|&i| &self.stakeholders[i])
    }

    /// The dense index of a stakeholder id.
    pub fn stakeholder_idx(&self, id: &str) -> Option<usize> {
        self.stakeholder_index.get(id).copied()
    }

    /// The team member with this id.
    pub fn team_member(&self, id: &str) -> Option<&TeamMember> {
        self.member_index.get(id).map(|&i| &self.team[i])
    }

    /// The dense index of a team member id.
    pub fn member_idx(&self, id: &str) -> Option<usize> {
        self.member_index.get(id).copied()
    }

    /// The dense index of each stakeholder's manager (`None` at the top of the org chart).
    pub fn manager_indices(&self) -> Vec<Option<usize>> {
        self.managers().to_vec()
    }

    /// The dense index of each stakeholder's manager, as the map keeps it.
    pub(crate) fn managers(&self) -> &[Option<usize>] {
        &self.people.managers
    }

    /// The number of levels in the org chart (0 for no stakeholders, 1 if nobody reports to anyone).
    pub fn org_depth(&self) -> usize {
        let managers = self.managers();
        let mut depth = vec![0usize; managers.len()];
        fn level(i: usize, managers: &[Option<usize>], depth: &mut [usize]) -> usize {
            if depth[i] == 0 {
                // The chart is acyclic (checked on every edit), so this terminates.
                depth[i] = match managers[i] {
                    Some(m) => level(m, managers, depth) + 1,
                    None => 1,
                };
            }
            depth[i]
        }
        (0..managers.len()).map(|i| level(i, managers, &mut depth)).max().unwrap_or(0)
    }

    /// The person (stakeholder or team member) with this email address, compared without letter case.
    pub fn person_by_email(&self, email: &str) -> Option<PersonRef> {
        self.contacts.email(email)
    }

    /// The person whose id in the source system `source` is `id`.
    ///
    /// ```
    /// use relmap::model::{Account, PersonRef, RelationshipMap, Stakeholder};
    /// let mut map = RelationshipMap::new(Account::new("a", "A"));
    /// map.add_stakeholder(Stakeholder::new("cio", "Liu Yang").with_crm_id("hubspot", "5101"))?;
    /// assert_eq!(map.person_by_crm_id("hubspot", "5101"), Some(PersonRef::Stakeholder(0)));
    /// assert_eq!(map.person_by_crm_id("salesforce", "5101"), None);
    /// # Ok::<(), relmap::model::ModelError>(())
    /// ```
    pub fn person_by_crm_id(&self, source: &str, id: &str) -> Option<PersonRef> {
        self.contacts.crm_id(source, id)
    }

    /// The interaction with this id.
    pub fn interaction(&self, id: &str) -> Option<&Interaction> {
        self.interaction_index.get(id).map(|&k| &self.interactions[k])
    }

    /// The position in [`Self::interactions`] of the interaction with this id.
    pub fn interaction_position(&self, id: &str) -> Option<usize> {
        self.interaction_index.get(id).copied()
    }
}
