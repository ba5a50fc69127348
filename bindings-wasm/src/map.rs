//! `RelationshipMap`: the model domain (building, editing, reading back, saving).
//!
//! The analyses add their own `impl` blocks to the class in their modules
//! (`chain`, `trust`, `stage`, `matrix`, `render`).

use js_sys::Function;
use relmap::model::{Account, Evidence, Interaction, Opportunity, Relation, RelationKind, Stakeholder, TeamMember};
use relmap::RelationshipMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::convert::js::{is_array, items, property};
use crate::convert::{opt_number, opt_text, output, read_arg, read_opt, text};
use crate::errors::{document_to_js, invalid_argument, to_js};

#[wasm_bindgen(typescript_custom_section)]
const MODEL_TS: &str = include_str!("../ts/model.d.ts");

/// One account's relationship map: stakeholders, org chart, relations, our team,
/// interactions, trust evidence and opportunities.
///
/// Always valid: every edit is checked, and a bad one throws an `Error` whose
/// `code` and `field` name the problem (the map is left unchanged).
#[wasm_bindgen(js_name = RelationshipMap)]
pub struct JsRelationshipMap {
    pub(crate) inner: RelationshipMap,
}

impl From<RelationshipMap> for JsRelationshipMap {
    fn from(inner: RelationshipMap) -> Self {
        JsRelationshipMap { inner }
    }
}

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// An empty map of one account.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = accountId, unchecked_param_type = "string")] account_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] name: JsValue,
    ) -> Result<JsRelationshipMap, JsValue> {
        let account_id = text(&account_id, "accountId")?;
        let name = opt_text(&name, "name")?;
        let mut map = RelationshipMap::new(Account::default());
        // `set_account` checks the id (`RelationshipMap::new` takes it as given).
        map.set_account(Account::new(account_id, name.unwrap_or_default())).map_err(to_js)?;
        Ok(map.into())
    }

    /// Reads a map from its JSON document (format `relmap/2`; `relmap/1` is read too).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
    ) -> Result<JsRelationshipMap, JsValue> {
        RelationshipMap::from_json(&text(&json, "text")?).map(Self::from).map_err(document_to_js)
    }

    /// The map as a pretty-printed JSON document (format `relmap/2`).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// A copy of the map, to edit without touching this one.
    #[wasm_bindgen(js_name = clone)]
    pub fn clone_map(&self) -> JsRelationshipMap {
        self.inner.clone().into()
    }

    /// Adds a stakeholder; `reportsTo` must name one already in the map (absent
    /// fields take the core's defaults: no name, no roles, unknown stance).
    #[wasm_bindgen(js_name = addStakeholder)]
    pub fn add_stakeholder(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "StakeholderInput")] stakeholder: JsValue,
    ) -> Result<(), JsValue> {
        let s: Stakeholder = read_arg(&stakeholder)?;
        self.inner.add_stakeholder(s).map_err(to_js)
    }

    /// Replaces the stakeholder with the same id (any field but the id may change;
    /// what is left out is cleared).
    #[wasm_bindgen(js_name = updateStakeholder)]
    pub fn update_stakeholder(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "StakeholderInput")] stakeholder: JsValue,
    ) -> Result<(), JsValue> {
        let s: Stakeholder = read_arg(&stakeholder)?;
        self.inner.update_stakeholder(s).map_err(to_js)
    }

    /// Removes a stakeholder nobody refers to any more, and returns it.
    #[wasm_bindgen(js_name = removeStakeholder, unchecked_return_type = "Stakeholder")]
    pub fn remove_stakeholder(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let removed = self.inner.remove_stakeholder(&text(&id, "id")?).map_err(to_js)?;
        output(&removed)
    }

    /// Adds a relation between two stakeholders already in the map (`kind` absent =
    /// `"influences"`, `strength` absent = 1, `direction` absent = `"forward"`).
    #[wasm_bindgen(js_name = addRelation)]
    pub fn add_relation(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "RelationInput")] relation: JsValue,
    ) -> Result<(), JsValue> {
        let relation: Relation = read_arg(&relation)?;
        self.inner.add_relation(relation).map_err(to_js)
    }

    /// Removes the relation of a kind (absent = `"influences"`) from `source` to `target`, and returns it.
    #[wasm_bindgen(js_name = removeRelation, unchecked_return_type = "Relation")]
    pub fn remove_relation(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] target: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RelationKind")] kind: JsValue,
    ) -> Result<JsValue, JsValue> {
        let kind: RelationKind = read_opt(&kind)?;
        let (source, target) = (text(&source, "source")?, text(&target, "target")?);
        let removed = self.inner.remove_relation(&source, &target, kind).map_err(to_js)?;
        output(&removed)
    }

    /// Adds one of our team members.
    #[wasm_bindgen(js_name = addTeamMember)]
    pub fn add_team_member(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "TeamMemberInput")] member: JsValue,
    ) -> Result<(), JsValue> {
        let member: TeamMember = read_arg(&member)?;
        self.inner.add_team_member(member).map_err(to_js)
    }

    /// Adds an interaction between team members and stakeholders already in the map.
    #[wasm_bindgen(js_name = addInteraction)]
    pub fn add_interaction(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Interaction")] interaction: JsValue,
    ) -> Result<(), JsValue> {
        let interaction: Interaction = read_arg(&interaction)?;
        self.inner.add_interaction(interaction).map_err(to_js)
    }

    /// Adds a piece of trust evidence (`kind`: commitment, expertise_signal, sincerity_event, assessment).
    #[wasm_bindgen(js_name = addEvidence)]
    pub fn add_evidence(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Evidence")] evidence: JsValue,
    ) -> Result<(), JsValue> {
        let evidence: Evidence = read_arg(&evidence)?;
        self.inner.add_evidence(evidence).map_err(to_js)
    }

    /// Adds an opportunity; its criterion weights must name stakeholders in the map.
    #[wasm_bindgen(js_name = addOpportunity)]
    pub fn add_opportunity(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Opportunity")] opportunity: JsValue,
    ) -> Result<(), JsValue> {
        let opportunity: Opportunity = read_arg(&opportunity)?;
        self.inner.add_opportunity(opportunity).map_err(to_js)
    }

    /// Sets (or clears, with `null`) a stakeholder's stance toward us, −5..+5.
    #[wasm_bindgen(js_name = setStance)]
    pub fn set_stance(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] stance: JsValue,
    ) -> Result<(), JsValue> {
        let (id, stance) = (text(&id, "id")?, opt_number(&stance, "stance")?);
        self.inner.set_stance(&id, stance).map_err(to_js)
    }

    /// Whether two maps hold the same content.
    pub fn equals(&self, other: &JsRelationshipMap) -> bool {
        self.inner == other.inner
    }

    /// The account's id.
    #[wasm_bindgen(getter, js_name = accountId)]
    pub fn account_id(&self) -> String {
        self.inner.account().id.clone()
    }

    /// The account's display name.
    #[wasm_bindgen(getter, js_name = accountName)]
    pub fn account_name(&self) -> String {
        self.inner.account().name.clone()
    }

    /// The account.
    #[wasm_bindgen(unchecked_return_type = "Account")]
    pub fn account(&self) -> Result<JsValue, JsValue> {
        output(self.inner.account())
    }

    /// The stakeholder ids, in insertion order.
    #[wasm_bindgen(getter, js_name = stakeholderIds)]
    pub fn stakeholder_ids(&self) -> Vec<String> {
        self.inner.stakeholders().iter().map(|s| s.id.clone()).collect()
    }

    /// Our team members' ids, in insertion order.
    #[wasm_bindgen(getter, js_name = teamIds)]
    pub fn team_ids(&self) -> Vec<String> {
        self.inner.team().iter().map(|m| m.id.clone()).collect()
    }

    /// The number of stakeholders.
    #[wasm_bindgen(getter, js_name = stakeholderCount)]
    pub fn stakeholder_count(&self) -> usize {
        self.inner.stakeholders().len()
    }

    /// The number of relations.
    #[wasm_bindgen(getter, js_name = relationCount)]
    pub fn relation_count(&self) -> usize {
        self.inner.relations().len()
    }

    /// One stakeholder, or `undefined` for an unknown id.
    #[wasm_bindgen(unchecked_return_type = "Stakeholder | undefined")]
    pub fn stakeholder(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.inner.stakeholder(&text(&id, "id")?).map_or(Ok(JsValue::UNDEFINED), output)
    }

    /// Every stakeholder, in map order.
    #[wasm_bindgen(unchecked_return_type = "Stakeholder[]")]
    pub fn stakeholders(&self) -> Result<JsValue, JsValue> {
        output(self.inner.stakeholders())
    }

    /// Every relation, in map order.
    #[wasm_bindgen(unchecked_return_type = "Relation[]")]
    pub fn relations(&self) -> Result<JsValue, JsValue> {
        output(self.inner.relations())
    }

    /// Our team.
    #[wasm_bindgen(unchecked_return_type = "TeamMember[]")]
    pub fn team(&self) -> Result<JsValue, JsValue> {
        output(self.inner.team())
    }

    /// Every interaction, in map order.
    #[wasm_bindgen(unchecked_return_type = "Interaction[]")]
    pub fn interactions(&self) -> Result<JsValue, JsValue> {
        output(self.inner.interactions())
    }

    /// Every piece of trust evidence, in map order.
    #[wasm_bindgen(unchecked_return_type = "Evidence[]")]
    pub fn evidence(&self) -> Result<JsValue, JsValue> {
        output(self.inner.evidence())
    }

    /// Every opportunity, in map order.
    #[wasm_bindgen(unchecked_return_type = "Opportunity[]")]
    pub fn opportunities(&self) -> Result<JsValue, JsValue> {
        output(self.inner.opportunities())
    }
}

/// One `RelationshipMap` argument, read through its document (an array or object
/// argument cannot lend the map itself, and must leave it usable).
pub(crate) fn map_of(value: &JsValue, field: &str) -> Result<RelationshipMap, JsValue> {
    let not_a_map = || invalid_argument(field, "expected a RelationshipMap");
    let class = property(&property(value, "constructor"), "name").as_string();
    let to_json = property(value, "toJson").dyn_into::<Function>().ok();
    let (true, Some(to_json)) = (class.is_some_and(|n| n == "RelationshipMap"), to_json) else {
        return Err(not_a_map());
    };
    let json = to_json.call0(value)?;
    RelationshipMap::from_json(&text(&json, field)?).map_err(to_js)
}

/// The maps of an array of `RelationshipMap`s (`field[i]` names a bad item).
pub(crate) fn maps_of(value: &JsValue, field: &str) -> Result<Vec<RelationshipMap>, JsValue> {
    if !is_array(value) {
        return Err(invalid_argument(field, "expected an array of RelationshipMap"));
    }
    items(value, field)
        .map_err(|e| invalid_argument(&e.path, e.message))?
        .iter()
        .enumerate()
        .map(|(i, m)| map_of(&m, &format!("{field}[{i}]")))
        .collect()
}
