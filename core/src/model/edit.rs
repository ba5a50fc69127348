//! Building and editing a map: every method checks its input against the rules
//! in `validate` and leaves the map unchanged when it refuses it.

use std::collections::HashSet;

use super::contacts::{Keys, PersonRef};
use super::index::{keys_of_member, keys_of_stakeholder, Parties};
use super::people_index::manager_indices;
use super::validate::{self as check, opt_range};
use super::{
    Account, Direction, Evidence, EvidenceKind, Interaction, ModelError, Opportunity, Relation, RelationKind,
    RelationshipMap, Stakeholder, TeamMember,
};

impl RelationshipMap {
    /// Replaces the account's descriptive fields (the id may change too).
    pub fn set_account(&mut self, account: Account) -> Result<(), ModelError> {
        check::id(&account.id, || "account.id".into())?;
        check::account(&account)?;
        self.account = account;
        Ok(())
    }

    /// Adds a stakeholder. Its manager (`reports_to`) must already be in the map.
    /// Its roles are a set: kept sorted, each once.
    pub fn add_stakeholder(&mut self, mut stakeholder: Stakeholder) -> Result<(), ModelError> {
        check::normalize_roles(&mut stakeholder);
        let i = self.stakeholders.len();
        check::id(&stakeholder.id, || format!("stakeholders[{i}].id"))?;
        if self.stakeholder_index.contains_key(&stakeholder.id) {
            return Err(ModelError::DuplicateId {
                kind: "stakeholder",
                id: stakeholder.id,
                field: format!("stakeholders[{i}].id"),
            });
        }
        check::stakeholder(&self.stakeholder_index, &stakeholder, i)?;
        self.check_contacts(PersonRef::Stakeholder(i), &stakeholder.id, keys_of_stakeholder(&stakeholder))?;
        self.contacts.insert(PersonRef::Stakeholder(i), keys_of_stakeholder(&stakeholder));
        self.stakeholder_index.insert(stakeholder.id.clone(), i);
        self.people.push_stakeholder(&stakeholder, &self.stakeholder_index);
        self.stakeholders.push(stakeholder);
        Ok(())
    }

    /// Replaces the stakeholder with the same id (any field may change but the id).
    ///
    /// Fails if no stakeholder has that id, or the new `reports_to` would close a cycle.
    /// Its roles are a set: kept sorted, each once.
    pub fn update_stakeholder(&mut self, mut stakeholder: Stakeholder) -> Result<(), ModelError> {
        check::normalize_roles(&mut stakeholder);
        let i = self
            .stakeholder_idx(&stakeholder.id)
            .ok_or_else(|| ModelError::NotFound { kind: "stakeholder", id: stakeholder.id.clone() })?;
        check::stakeholder(&self.stakeholder_index, &stakeholder, i)?;
        let who = PersonRef::Stakeholder(i);
        self.check_contacts(who, &stakeholder.id, keys_of_stakeholder(&stakeholder))?;
        let old = std::mem::replace(&mut self.stakeholders[i], stakeholder);
        if let Err(e) =
            check::reports_to_acyclic(&self.stakeholders, &manager_indices(&self.stakeholders, &self.stakeholder_index))
        {
            self.stakeholders[i] = old;
            return Err(e);
        }
        self.people.set_stakeholder(i, &self.stakeholders[i], &self.stakeholder_index);
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
        self.people.push_member(&member);
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
        self.people.set_member(i, &member);
        let old = std::mem::replace(&mut self.team[i], member);
        self.contacts.remove(keys_of_member(&old));
        self.contacts.insert(who, keys_of_member(&self.team[i]));
        Ok(())
    }

    /// Checks a person's contact keys: well formed, and nobody else's.
    pub(super) fn check_contacts(&self, who: PersonRef, id: &str, keys: Keys<'_>) -> Result<(), ModelError> {
        let field = |name: &str| match who {
            PersonRef::Stakeholder(i) => format!("stakeholders[{i}].{name}"),
            PersonRef::TeamMember(i) => format!("team[{i}].{name}"),
        };
        self.contacts.check(who, id, keys, &field)
    }

    fn claim_activity_id(&mut self, id: &str, field: String) -> Result<(), ModelError> {
        check::id(id, || field.clone())?;
        if !self.activity_ids.insert(id.to_owned()) {
            return Err(ModelError::DuplicateId { kind: "activity", id: id.to_owned(), field });
        }
        Ok(())
    }

    /// Makes room for `additional` more interactions (a bulk import's hint).
    pub(crate) fn reserve_interactions(&mut self, additional: usize) {
        self.interactions.reserve(additional);
        self.interaction_index.reserve(additional);
        self.activity_ids.reserve(additional);
        self.parties.reserve(additional);
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
        check::time(&interaction.id, || f("at"), interaction.at)?;
        opt_range(&interaction.id, || f("sentiment"), interaction.sentiment, check::SENTIMENT)
    }

    /// Adds a piece of trust evidence about a team member and a stakeholder already in the map.
    pub fn add_evidence(&mut self, evidence: Evidence) -> Result<(), ModelError> {
        let k = self.evidence.len();
        let f = |name: &str| format!("evidence[{k}].{name}");
        check::id(&evidence.id, || f("id"))?;
        let m = check::reference(&self.member_index, "team_member", &evidence.member, || f("member"))?;
        let s = check::reference(&self.stakeholder_index, "stakeholder", &evidence.stakeholder, || f("stakeholder"))?;
        check::time(&evidence.id, || f("at"), evidence.at)?;
        match &evidence.kind {
            EvidenceKind::Commitment { due, delivered, .. } => {
                check::time(&evidence.id, || f("due"), *due)?;
                if let Some(d) = delivered {
                    check::time(&evidence.id, || f("delivered"), *d)?;
                }
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
        for (j, c) in opportunity.competitors.iter().enumerate() {
            check::id(c, || f(&format!("competitors[{j}]")))?;
        }
        for (j, m) in opportunity.milestones.iter().enumerate() {
            check::id(&m.key, || f(&format!("milestones[{j}].key")))?;
            check::time(id, || f(&format!("milestones[{j}].at")), m.at)?;
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
