//! [`RelationshipMap`]: one account's map, always valid.

use std::collections::{HashMap, HashSet};

use petgraph::graph::{DiGraph, NodeIndex};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::contacts::{ContactIndex, Keys, PersonRef};
use super::validate::{self as check, Range};
use super::{
    Account, Direction, Evidence, EvidenceKind, Interaction, ModelError, Opportunity, Relation, RelationKind,
    Stakeholder, TeamMember,
};

/// The document format this version writes (and reads).
pub const FORMAT: &str = "relmap/2";

/// The previous document format, still read: a `relmap/1` document is a
/// `relmap/2` document without MEDDPICC or Blue Sheet fields (see `docs/format.md`).
pub const FORMAT_1: &str = "relmap/1";

fn default_format() -> String {
    FORMAT.to_owned()
}

/// The serialized form of a [`RelationshipMap`] (the JSON document).
///
/// A document is not checked; [`RelationshipMap::from_document`] validates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MapDocument {
    /// The format tag, `"relmap/2"` (`"relmap/1"` is read too).
    #[serde(default = "default_format")]
    pub format: String,
    /// The customer account.
    pub account: Account,
    /// The people at the customer.
    #[serde(default)]
    pub stakeholders: Vec<Stakeholder>,
    /// Relations between stakeholders.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Our account team.
    #[serde(default)]
    pub team: Vec<TeamMember>,
    /// Contacts between our team and stakeholders.
    #[serde(default)]
    pub interactions: Vec<Interaction>,
    /// Trust evidence.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Opportunities in flight.
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
}

/// One account's relationship map (see the [module docs](super)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "MapDocument", try_from = "MapDocument")]
pub struct RelationshipMap {
    account: Account,
    stakeholders: Vec<Stakeholder>,
    relations: Vec<Relation>,
    team: Vec<TeamMember>,
    interactions: Vec<Interaction>,
    evidence: Vec<Evidence>,
    opportunities: Vec<Opportunity>,
    stakeholder_index: HashMap<String, usize>,
    member_index: HashMap<String, usize>,
    /// Ids of interactions and evidence (one namespace).
    activity_ids: HashSet<String>,
    relation_keys: HashSet<(usize, usize, RelationKind)>,
    /// Dense (source, target) of each relation, parallel to `relations`.
    relation_ends: Vec<(usize, usize)>,
    /// Dense member then stakeholder indices of each interaction, parallel to `interactions`.
    parties: Parties,
    /// Dense (member, stakeholder) of each evidence item, parallel to `evidence`.
    evidence_ends: Vec<(usize, usize)>,
    /// Who holds each email address and source-system id.
    contacts: ContactIndex,
    /// Interaction id → position in `interactions`.
    interaction_index: HashMap<String, usize>,
}

impl JsonSchema for RelationshipMap {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        MapDocument::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        MapDocument::json_schema(generator)
    }
}

impl From<RelationshipMap> for MapDocument {
    fn from(m: RelationshipMap) -> Self {
        MapDocument {
            format: FORMAT.to_owned(),
            account: m.account,
            stakeholders: m.stakeholders,
            relations: m.relations,
            team: m.team,
            interactions: m.interactions,
            evidence: m.evidence,
            opportunities: m.opportunities,
        }
    }
}

impl TryFrom<MapDocument> for RelationshipMap {
    type Error = ModelError;
    fn try_from(doc: MapDocument) -> Result<Self, ModelError> {
        RelationshipMap::from_document(doc)
    }
}

fn opt_range(id: &str, field: impl FnOnce() -> String, value: Option<f64>, r: Range) -> Result<(), ModelError> {
    match value {
        Some(v) => check::in_range(id, &field(), v, r),
        None => Ok(()),
    }
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
        }
    }

    /// Builds a map from its document form, checking everything.
    ///
    /// Stakeholders may refer to managers listed after them; every other
    /// reference must resolve within the document. The `format` tag is checked
    /// by the loaders in [`crate::io`], not here.
    pub fn from_document(doc: MapDocument) -> Result<Self, ModelError> {
        check::id(&doc.account.id, || "account.id".into())?;
        check_account(&doc.account)?;
        let mut map = RelationshipMap::new(doc.account);
        for m in doc.team {
            map.add_team_member(m)?;
        }
        // Stakeholders: index everyone first so reports_to may point forward.
        for (i, s) in doc.stakeholders.iter().enumerate() {
            check::id(&s.id, || format!("stakeholders[{i}].id"))?;
            if map.stakeholder_index.insert(s.id.clone(), i).is_some() {
                return Err(ModelError::DuplicateId {
                    kind: "stakeholder",
                    id: s.id.clone(),
                    field: format!("stakeholders[{i}].id"),
                });
            }
        }
        for (i, s) in doc.stakeholders.iter().enumerate() {
            map.check_stakeholder(s, i)?;
            map.check_contacts(PersonRef::Stakeholder(i), &s.id, keys_of_stakeholder(s))?;
            map.contacts.insert(PersonRef::Stakeholder(i), keys_of_stakeholder(s));
        }
        map.stakeholders = doc.stakeholders;
        map.check_reports_to_acyclic()?;
        for r in doc.relations {
            map.add_relation(r)?;
        }
        for i in doc.interactions {
            map.add_interaction(i)?;
        }
        for e in doc.evidence {
            map.add_evidence(e)?;
        }
        for o in doc.opportunities {
            map.add_opportunity(o)?;
        }
        Ok(map)
    }

    /// The document form (a copy).
    pub fn to_document(&self) -> MapDocument {
        self.clone().into()
    }

    /// The account.
    pub fn account(&self) -> &Account {
        &self.account
    }

    /// Replaces the account's descriptive fields (the id may change too).
    pub fn set_account(&mut self, account: Account) -> Result<(), ModelError> {
        check::id(&account.id, || "account.id".into())?;
        check_account(&account)?;
        self.account = account;
        Ok(())
    }

    /// The stakeholders, in insertion order (index = interned id).
    pub fn stakeholders(&self) -> &[Stakeholder] {
        &self.stakeholders
    }

    /// The relations, in insertion order.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The dense (source, target) stakeholder indices of each relation, parallel to [`Self::relations`].
    ///
    /// ```
    /// use relmap::model::{Account, Relation, RelationKind, RelationshipMap, Stakeholder};
    /// let mut map = RelationshipMap::new(Account::new("a", "A"));
    /// map.add_stakeholder(Stakeholder::new("x", "X"))?;
    /// map.add_stakeholder(Stakeholder::new("y", "Y"))?;
    /// map.add_relation(Relation::new("y", "x", RelationKind::Ally, 0.5))?;
    /// assert_eq!(map.relation_indices(), &[(1, 0)]);
    /// # Ok::<(), relmap::model::ModelError>(())
    /// ```
    pub fn relation_indices(&self) -> &[(usize, usize)] {
        &self.relation_ends
    }

    /// Our account team, in insertion order (index = interned id).
    pub fn team(&self) -> &[TeamMember] {
        &self.team
    }

    /// Every interaction, in insertion order.
    pub fn interactions(&self) -> &[Interaction] {
        &self.interactions
    }

    /// The dense team-member and stakeholder indices of interaction `k`
    /// (parallel to its `members` and `stakeholders`); `None` past the end.
    ///
    /// ```
    /// use relmap::model::{Account, Channel, Interaction, RelationshipMap, Stakeholder, TeamMember};
    /// let mut map = RelationshipMap::new(Account::new("a", "A"));
    /// map.add_stakeholder(Stakeholder::new("x", "X"))?;
    /// map.add_stakeholder(Stakeholder::new("y", "Y"))?;
    /// map.add_team_member(TeamMember::new("rep", "Rep"))?;
    /// let at = "2026-03-02".parse().unwrap();
    /// map.add_interaction(Interaction::new("v1", at, Channel::Visit, ["rep"], ["y", "x"]))?;
    /// assert_eq!(map.interaction_indices(0), Some((&[0][..], &[1, 0][..])));
    /// assert_eq!(map.interaction_indices(1), None);
    /// # Ok::<(), relmap::model::ModelError>(())
    /// ```
    pub fn interaction_indices(&self, k: usize) -> Option<(&[u32], &[u32])> {
        let x = self.interactions.get(k)?;
        Some(self.parties.row(k).split_at(x.members.len()))
    }

    /// Every piece of trust evidence, in insertion order.
    pub fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }

    /// The dense (team member, stakeholder) indices of each evidence item, parallel to [`Self::evidence`].
    pub fn evidence_indices(&self) -> &[(usize, usize)] {
        &self.evidence_ends
    }

    /// The opportunities.
    pub fn opportunities(&self) -> &[Opportunity] {
        &self.opportunities
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
        self.stakeholders.iter().map(|s| s.reports_to.as_deref().map(|m| self.stakeholder_index[m])).collect()
    }

    /// The number of levels in the org chart (0 for no stakeholders, 1 if nobody reports to anyone).
    pub fn org_depth(&self) -> usize {
        let managers = self.manager_indices();
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
        (0..managers.len()).map(|i| level(i, &managers, &mut depth)).max().unwrap_or(0)
    }

    /// A petgraph view of the explicit relations: node `i` is stakeholder `i`,
    /// each edge carries the index of its relation in [`Self::relations`]; a
    /// two-way relation gives two edges.
    pub fn relation_graph(&self) -> DiGraph<usize, usize> {
        let mut g = DiGraph::with_capacity(self.stakeholders.len(), self.relations.len());
        for i in 0..self.stakeholders.len() {
            g.add_node(i);
        }
        for (k, r) in self.relations.iter().enumerate() {
            let s = NodeIndex::new(self.stakeholder_index[&r.source]);
            let t = NodeIndex::new(self.stakeholder_index[&r.target]);
            g.add_edge(s, t, k);
            if r.direction == Direction::Both {
                g.add_edge(t, s, k);
            }
        }
        g
    }

    fn check_stakeholder(&self, s: &Stakeholder, i: usize) -> Result<(), ModelError> {
        let f = |name: &str| format!("stakeholders[{i}].{name}");
        if let Some(m) = &s.reports_to {
            if m == &s.id {
                return Err(ModelError::SelfLoop { id: s.id.clone(), field: f("reports_to") });
            }
            check::reference(&self.stakeholder_index, "stakeholder", m, || f("reports_to"))?;
        }
        opt_range(&s.id, || f("authority"), s.authority, check::UNIT)?;
        opt_range(&s.id, || f("openness"), s.openness, check::OPENNESS)?;
        opt_range(&s.id, || f("stance"), s.stance, check::STANCE)?;
        for (competitor, v) in &s.stance_toward {
            check::id(competitor, || f("stance_toward"))?;
            check::in_range(&s.id, &f(&format!("stance_toward.{competitor}")), *v, check::STANCE)?;
        }
        Ok(())
    }

    fn check_reports_to_acyclic(&self) -> Result<(), ModelError> {
        let managers = self.manager_indices();
        // 0 = unvisited, 1 = on the current walk, 2 = known to reach the top.
        let mut state = vec![0u8; managers.len()];
        for start in 0..managers.len() {
            let mut walk: Vec<usize> = Vec::new();
            let mut cur = Some(start);
            while let Some(i) = cur {
                match state[i] {
                    2 => break,
                    1 => {
                        let pos = walk.iter().position(|&w| w == i).unwrap_or(0);
                        let mut cycle: Vec<String> =
                            walk[pos..].iter().map(|&w| self.stakeholders[w].id.clone()).collect();
                        cycle.push(self.stakeholders[i].id.clone());
                        return Err(ModelError::ReportsToCycle { cycle });
                    }
                    _ => {
                        state[i] = 1;
                        walk.push(i);
                        cur = managers[i];
                    }
                }
            }
            for w in walk {
                state[w] = 2;
            }
        }
        Ok(())
    }

    /// Adds a stakeholder. Its manager (`reports_to`) must already be in the map.
    pub fn add_stakeholder(&mut self, stakeholder: Stakeholder) -> Result<(), ModelError> {
        let i = self.stakeholders.len();
        check::id(&stakeholder.id, || format!("stakeholders[{i}].id"))?;
        if self.stakeholder_index.contains_key(&stakeholder.id) {
            return Err(ModelError::DuplicateId {
                kind: "stakeholder",
                id: stakeholder.id,
                field: format!("stakeholders[{i}].id"),
            });
        }
        self.check_stakeholder(&stakeholder, i)?;
        self.check_contacts(PersonRef::Stakeholder(i), &stakeholder.id, keys_of_stakeholder(&stakeholder))?;
        self.contacts.insert(PersonRef::Stakeholder(i), keys_of_stakeholder(&stakeholder));
        self.stakeholder_index.insert(stakeholder.id.clone(), i);
        self.stakeholders.push(stakeholder);
        Ok(())
    }

    /// Replaces the stakeholder with the same id (any field may change but the id).
    ///
    /// Fails if no stakeholder has that id, or the new `reports_to` would close a cycle.
    pub fn update_stakeholder(&mut self, stakeholder: Stakeholder) -> Result<(), ModelError> {
        let i = self
            .stakeholder_idx(&stakeholder.id)
            .ok_or_else(|| ModelError::NotFound { kind: "stakeholder", id: stakeholder.id.clone() })?;
        self.check_stakeholder(&stakeholder, i)?;
        let who = PersonRef::Stakeholder(i);
        self.check_contacts(who, &stakeholder.id, keys_of_stakeholder(&stakeholder))?;
        let old = std::mem::replace(&mut self.stakeholders[i], stakeholder);
        if let Err(e) = self.check_reports_to_acyclic() {
            self.stakeholders[i] = old;
            return Err(e);
        }
        self.contacts.remove(keys_of_stakeholder(&old));
        self.contacts.insert(who, keys_of_stakeholder(&self.stakeholders[i]));
        Ok(())
    }

    /// Sets (or clears, with `None`) one stakeholder's stance toward us.
    pub fn set_stance(&mut self, id: &str, stance: Option<f64>) -> Result<(), ModelError> {
        let i =
            self.stakeholder_idx(id).ok_or_else(|| ModelError::NotFound { kind: "stakeholder", id: id.to_owned() })?;
        opt_range(id, || format!("stakeholders[{i}].stance"), stance, check::STANCE)?;
        self.stakeholders[i].stance = stance;
        Ok(())
    }

    /// Removes a stakeholder nobody refers to any more.
    ///
    /// Fails with [`ModelError::StillReferenced`] naming the first referring
    /// field (a report, relation, interaction, evidence item or criterion
    /// weight): remove or re-point those first, nothing is dropped silently.
    pub fn remove_stakeholder(&mut self, id: &str) -> Result<Stakeholder, ModelError> {
        let i =
            self.stakeholder_idx(id).ok_or_else(|| ModelError::NotFound { kind: "stakeholder", id: id.to_owned() })?;
        let busy = |field: String| ModelError::StillReferenced { kind: "stakeholder", id: id.to_owned(), field };
        if let Some(k) = self.stakeholders.iter().position(|s| s.reports_to.as_deref() == Some(id)) {
            return Err(busy(format!("stakeholders[{k}].reports_to")));
        }
        if let Some(k) = self.relations.iter().position(|r| r.source == id || r.target == id) {
            return Err(busy(format!("relations[{k}]")));
        }
        if let Some(k) = self.interactions.iter().position(|x| x.stakeholders.iter().any(|s| s == id)) {
            return Err(busy(format!("interactions[{k}].stakeholders")));
        }
        if let Some(k) = self.evidence.iter().position(|e| e.stakeholder == id) {
            return Err(busy(format!("evidence[{k}].stakeholder")));
        }
        for (k, o) in self.opportunities.iter().enumerate() {
            if o.criteria.iter().any(|c| c.weights.contains_key(id)) {
                return Err(busy(format!("opportunities[{k}].criteria")));
            }
            if let Some(field) = super::check_qualification::stakeholder_reference(o, id) {
                return Err(busy(format!("opportunities[{k}].{field}")));
            }
        }
        let removed = self.stakeholders.remove(i);
        self.rebuild_indices();
        Ok(removed)
    }

    fn rebuild_indices(&mut self) {
        self.stakeholder_index = self.stakeholders.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        self.member_index = self.team.iter().enumerate().map(|(i, m)| (m.id.clone(), i)).collect();
        let idx = &self.stakeholder_index;
        self.relation_ends = self.relations.iter().map(|r| (idx[&r.source], idx[&r.target])).collect();
        self.relation_keys =
            self.relations.iter().zip(&self.relation_ends).map(|(r, &(s, t))| (s, t, r.kind)).collect();
        let (members, stakeholders) = (&self.member_index, &self.stakeholder_index);
        self.parties = Parties::default();
        for x in &self.interactions {
            self.parties.push(x, members, stakeholders);
        }
        self.evidence_ends = self.evidence.iter().map(|e| (members[&e.member], stakeholders[&e.stakeholder])).collect();
        self.contacts.clear();
        for (i, m) in self.team.iter().enumerate() {
            self.contacts.insert(PersonRef::TeamMember(i), keys_of_member(m));
        }
        for (i, s) in self.stakeholders.iter().enumerate() {
            self.contacts.insert(PersonRef::Stakeholder(i), keys_of_stakeholder(s));
        }
    }

    /// Adds a relation between two stakeholders already in the map.
    ///
    /// Refused as a duplicate when the same (source, target, kind) exists, or when
    /// either it or an existing relation of that kind on the reverse pair runs both ways.
    pub fn add_relation(&mut self, relation: Relation) -> Result<(), ModelError> {
        let k = self.relations.len();
        let f = |name: &str| format!("relations[{k}].{name}");
        let s = check::reference(&self.stakeholder_index, "stakeholder", &relation.source, || f("source"))?;
        let t = check::reference(&self.stakeholder_index, "stakeholder", &relation.target, || f("target"))?;
        if s == t {
            return Err(ModelError::SelfLoop { id: relation.source.clone(), field: f("target") });
        }
        check::in_range(&relation.source, &f("strength"), relation.strength, check::STRENGTH)?;
        // A two-way relation also covers the reverse pair: the same kind may not be given again that way.
        let reverse_taken = self.relation_keys.contains(&(t, s, relation.kind))
            && (relation.direction == Direction::Both
                || self.relations.iter().any(|r| {
                    r.kind == relation.kind
                        && r.direction == Direction::Both
                        && r.source == relation.target
                        && r.target == relation.source
                }));
        if reverse_taken || !self.relation_keys.insert((s, t, relation.kind)) {
            return Err(ModelError::DuplicateRelation {
                source_id: relation.source,
                target_id: relation.target,
                kind: relation.kind.as_str(),
                field: format!("relations[{k}]"),
            });
        }
        self.relations.push(relation);
        self.relation_ends.push((s, t));
        Ok(())
    }

    /// Removes the relation `source → target` of a kind, returning it.
    pub fn remove_relation(&mut self, source: &str, target: &str, kind: RelationKind) -> Result<Relation, ModelError> {
        let k =
            self.relations.iter().position(|r| r.source == source && r.target == target && r.kind == kind).ok_or_else(
                || ModelError::NotFound { kind: "relation", id: format!("{source}->{target} ({})", kind.as_str()) },
            )?;
        let r = self.relations.remove(k);
        self.relation_ends.remove(k);
        let idx = &self.stakeholder_index;
        self.relation_keys.remove(&(idx[source], idx[target], kind));
        Ok(r)
    }

    /// Adds one of our team members.
    pub fn add_team_member(&mut self, member: TeamMember) -> Result<(), ModelError> {
        let i = self.team.len();
        check::id(&member.id, || format!("team[{i}].id"))?;
        if self.member_index.contains_key(&member.id) {
            return Err(ModelError::DuplicateId { kind: "team_member", id: member.id, field: format!("team[{i}].id") });
        }
        self.check_contacts(PersonRef::TeamMember(i), &member.id, keys_of_member(&member))?;
        self.contacts.insert(PersonRef::TeamMember(i), keys_of_member(&member));
        self.member_index.insert(member.id.clone(), i);
        self.team.push(member);
        Ok(())
    }

    /// Replaces the team member with the same id (any field may change but the id).
    ///
    /// ```
    /// use relmap::model::{Account, PersonRef, RelationshipMap, TeamMember};
    /// let mut map = RelationshipMap::new(Account::new("a", "A"));
    /// map.add_team_member(TeamMember::new("rep", "Zhao Min"))?;
    /// map.update_team_member(TeamMember::new("rep", "Zhao Min").with_email("zhao@us.com"))?;
    /// assert_eq!(map.person_by_email("ZHAO@us.com"), Some(PersonRef::TeamMember(0)));
    /// # Ok::<(), relmap::model::ModelError>(())
    /// ```
    pub fn update_team_member(&mut self, member: TeamMember) -> Result<(), ModelError> {
        let i = self
            .member_idx(&member.id)
            .ok_or_else(|| ModelError::NotFound { kind: "team_member", id: member.id.clone() })?;
        let who = PersonRef::TeamMember(i);
        self.check_contacts(who, &member.id, keys_of_member(&member))?;
        let old = std::mem::replace(&mut self.team[i], member);
        self.contacts.remove(keys_of_member(&old));
        self.contacts.insert(who, keys_of_member(&self.team[i]));
        Ok(())
    }

    fn check_contacts(&self, who: PersonRef, id: &str, keys: Keys<'_>) -> Result<(), ModelError> {
        let field = |name: &str| match who {
            PersonRef::Stakeholder(i) => format!("stakeholders[{i}].{name}"),
            PersonRef::TeamMember(i) => format!("team[{i}].{name}"),
        };
        self.contacts.check(who, id, keys, &field)
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

    fn claim_activity_id(&mut self, id: &str, field: String) -> Result<(), ModelError> {
        check::id(id, || field.clone())?;
        if !self.activity_ids.insert(id.to_owned()) {
            return Err(ModelError::DuplicateId { kind: "activity", id: id.to_owned(), field });
        }
        Ok(())
    }

    /// The interaction with this id.
    pub fn interaction(&self, id: &str) -> Option<&Interaction> {
        self.interaction_index.get(id).map(|&k| &self.interactions[k])
    }

    /// Makes room for `additional` more interactions (a bulk import's hint).
    pub(crate) fn reserve_interactions(&mut self, additional: usize) {
        self.interactions.reserve(additional);
        self.interaction_index.reserve(additional);
        self.activity_ids.reserve(additional);
        self.parties.starts.reserve(additional);
    }

    /// The position in [`Self::interactions`] of the interaction with this id.
    pub fn interaction_position(&self, id: &str) -> Option<usize> {
        self.interaction_index.get(id).copied()
    }

    /// Adds an interaction between team members and stakeholders already in the map.
    pub fn add_interaction(&mut self, interaction: Interaction) -> Result<(), ModelError> {
        let k = self.interactions.len();
        self.check_interaction(&interaction, k)?;
        self.claim_activity_id(&interaction.id, format!("interactions[{k}].id"))?;
        self.parties.push(&interaction, &self.member_index, &self.stakeholder_index);
        self.interaction_index.insert(interaction.id.clone(), k);
        self.interactions.push(interaction);
        Ok(())
    }

    /// Replaces interactions by id (each must already be in the map), checking
    /// each as [`Self::add_interaction`] does; nothing changes if one fails.
    ///
    /// ```
    /// use relmap::model::{Account, Channel, Interaction, RelationshipMap, Stakeholder, TeamMember};
    /// let mut map = RelationshipMap::new(Account::new("a", "A"));
    /// map.add_stakeholder(Stakeholder::new("x", "X"))?;
    /// map.add_team_member(TeamMember::new("rep", "Rep"))?;
    /// let at = "2026-03-02".parse().unwrap();
    /// map.add_interaction(Interaction::new("v1", at, Channel::Visit, ["rep"], ["x"]))?;
    /// map.update_interactions(vec![Interaction::new("v1", at, Channel::Meeting, ["rep"], ["x"])])?;
    /// assert_eq!(map.interaction("v1").unwrap().channel, Channel::Meeting);
    /// # Ok::<(), relmap::model::ModelError>(())
    /// ```
    pub fn update_interactions(&mut self, interactions: Vec<Interaction>) -> Result<(), ModelError> {
        let mut at = Vec::with_capacity(interactions.len());
        for x in &interactions {
            let k = *self
                .interaction_index
                .get(&x.id)
                .ok_or_else(|| ModelError::NotFound { kind: "interaction", id: x.id.clone() })?;
            self.check_interaction(x, k)?;
            at.push(k);
        }
        for (k, x) in at.into_iter().zip(interactions) {
            self.interactions[k] = x;
        }
        self.parties = Parties::default();
        for x in &self.interactions {
            self.parties.push(x, &self.member_index, &self.stakeholder_index);
        }
        Ok(())
    }

    fn check_interaction(&self, interaction: &Interaction, k: usize) -> Result<(), ModelError> {
        let f = |name: &str| format!("interactions[{k}].{name}");
        check::id(&interaction.id, || f("id"))?;
        if interaction.members.is_empty() {
            return Err(ModelError::EmptyList { id: interaction.id.clone(), field: f("members") });
        }
        if interaction.stakeholders.is_empty() {
            return Err(ModelError::EmptyList { id: interaction.id.clone(), field: f("stakeholders") });
        }
        for (j, m) in interaction.members.iter().enumerate() {
            let field = || f(&format!("members[{j}]"));
            check::reference(&self.member_index, "team_member", m, field)?;
            if interaction.members[..j].contains(m) {
                return Err(ModelError::DuplicateId { kind: "team_member", id: m.clone(), field: field() });
            }
        }
        for (j, s) in interaction.stakeholders.iter().enumerate() {
            let field = || f(&format!("stakeholders[{j}]"));
            check::reference(&self.stakeholder_index, "stakeholder", s, field)?;
            if interaction.stakeholders[..j].contains(s) {
                return Err(ModelError::DuplicateId { kind: "stakeholder", id: s.clone(), field: field() });
            }
        }
        opt_range(&interaction.id, || f("sentiment"), interaction.sentiment, check::SENTIMENT)
    }

    /// Adds a piece of trust evidence about a team member and a stakeholder already in the map.
    pub fn add_evidence(&mut self, evidence: Evidence) -> Result<(), ModelError> {
        let k = self.evidence.len();
        let f = |name: &str| format!("evidence[{k}].{name}");
        check::id(&evidence.id, || f("id"))?;
        let m = check::reference(&self.member_index, "team_member", &evidence.member, || f("member"))?;
        let s = check::reference(&self.stakeholder_index, "stakeholder", &evidence.stakeholder, || f("stakeholder"))?;
        match &evidence.kind {
            EvidenceKind::Commitment { due, delivered, .. } => {
                if *due < evidence.at {
                    return Err(ModelError::InvalidTime {
                        id: evidence.id.clone(),
                        field: f("due"),
                        reason: format!("due {due} is before the promise was made ({})", evidence.at),
                    });
                }
                if let Some(d) = delivered {
                    if *d < evidence.at {
                        return Err(ModelError::InvalidTime {
                            id: evidence.id.clone(),
                            field: f("delivered"),
                            reason: format!("delivered {d} before it was promised ({})", evidence.at),
                        });
                    }
                }
            }
            EvidenceKind::Assessment { rating, .. } => {
                check::in_range(&evidence.id, &f("rating"), *rating, check::RATING)?
            }
            EvidenceKind::ExpertiseSignal { .. } | EvidenceKind::SincerityEvent { .. } => {}
        }
        self.claim_activity_id(&evidence.id, f("id"))?;
        self.evidence_ends.push((m, s));
        self.evidence.push(evidence);
        Ok(())
    }

    /// Replaces the opportunity with the same id, checking it as [`Self::add_opportunity`] does.
    ///
    /// ```
    /// use relmap::model::{Account, Opportunity, RelationshipMap};
    /// let mut map = RelationshipMap::new(Account::new("a", "A"));
    /// map.add_opportunity(Opportunity::new("o1", "Cloud"))?;
    /// map.update_opportunity(Opportunity { amount: Some(2e6), ..Opportunity::new("o1", "Cloud platform") })?;
    /// assert_eq!(map.opportunities()[0].amount, Some(2e6));
    /// # Ok::<(), relmap::model::ModelError>(())
    /// ```
    pub fn update_opportunity(&mut self, opportunity: Opportunity) -> Result<(), ModelError> {
        let k = self
            .opportunities
            .iter()
            .position(|o| o.id == opportunity.id)
            .ok_or_else(|| ModelError::NotFound { kind: "opportunity", id: opportunity.id.clone() })?;
        let old = self.opportunities.remove(k);
        match self.add_opportunity(opportunity) {
            Ok(()) => {
                let new = self.opportunities.pop().expect("just added");
                self.opportunities.insert(k, new);
                Ok(())
            }
            Err(e) => {
                self.opportunities.insert(k, old);
                Err(e)
            }
        }
    }

    /// Adds an opportunity; its criterion weights, MEDDPICC elements and buying
    /// influences must name stakeholders (and team members) in the map.
    pub fn add_opportunity(&mut self, opportunity: Opportunity) -> Result<(), ModelError> {
        let k = self.opportunities.len();
        let f = |name: &str| format!("opportunities[{k}].{name}");
        check::id(&opportunity.id, || f("id"))?;
        if self.opportunities.iter().any(|o| o.id == opportunity.id) {
            return Err(ModelError::DuplicateId { kind: "opportunity", id: opportunity.id, field: f("id") });
        }
        let id = opportunity.id.as_str();
        opt_range(id, || f("amount"), opportunity.amount, check::NON_NEGATIVE)?;
        for (j, m) in opportunity.milestones.iter().enumerate() {
            check::id(&m.key, || f(&format!("milestones[{j}].key")))?;
        }
        let mut criteria = HashSet::new();
        for (j, c) in opportunity.criteria.iter().enumerate() {
            check::id(&c.id, || f(&format!("criteria[{j}].id")))?;
            if !criteria.insert(c.id.as_str()) {
                return Err(ModelError::DuplicateId {
                    kind: "criterion",
                    id: c.id.clone(),
                    field: f(&format!("criteria[{j}].id")),
                });
            }
            for (s, w) in &c.weights {
                let field = f(&format!("criteria[{j}].weights.{s}"));
                check::reference(&self.stakeholder_index, "stakeholder", s, || field.clone())?;
                check::in_range(id, &field, *w, check::NON_NEGATIVE)?;
            }
        }
        for (vendor, scores) in &opportunity.vendor_scores {
            check::id(vendor, || f("vendor_scores"))?;
            for (c, v) in scores {
                let field = f(&format!("vendor_scores.{vendor}.{c}"));
                if !criteria.contains(c.as_str()) {
                    return Err(ModelError::UnknownReference { kind: "criterion", id: c.clone(), field });
                }
                check::finite(id, &field, *v)?;
            }
        }
        super::check_qualification::check(&opportunity, k, &self.stakeholder_index, &self.member_index)?;
        self.opportunities.push(opportunity);
        Ok(())
    }
}

/// The dense member then stakeholder indices of each interaction, in compressed
/// rows: interaction `k` owns `indices[starts[k]..starts[k + 1]]`.
#[derive(Debug, Clone, PartialEq)]
struct Parties {
    starts: Vec<u32>,
    indices: Vec<u32>,
}

impl Default for Parties {
    fn default() -> Self {
        Parties { starts: vec![0], indices: Vec::new() }
    }
}

impl Parties {
    /// Appends the indices of a valid interaction's parties.
    fn push(&mut self, x: &Interaction, members: &HashMap<String, usize>, stakeholders: &HashMap<String, usize>) {
        let indices = x.members.iter().map(|m| members[m]).chain(x.stakeholders.iter().map(|s| stakeholders[s]));
        self.indices.extend(indices.map(|i| i as u32));
        self.starts.push(self.indices.len() as u32);
    }

    fn row(&self, k: usize) -> &[u32] {
        &self.indices[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

fn keys_of_stakeholder(s: &Stakeholder) -> Keys<'_> {
    Keys { emails: &s.emails, crm_ids: &s.crm_ids }
}

fn keys_of_member(m: &TeamMember) -> Keys<'_> {
    Keys { emails: &m.emails, crm_ids: &m.crm_ids }
}

fn check_account(a: &Account) -> Result<(), ModelError> {
    opt_range(&a.id, || "account.revenue".into(), a.revenue, check::NON_NEGATIVE)
}
