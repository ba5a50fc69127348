//! `RelationshipMap`: the model domain.

use relmap::model::{Account, Direction, Relation, RelationKind, Role, Stakeholder, TeamMember};
use relmap::RelationshipMap;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::errors::{invalid_argument, to_js};

/// The TypeScript names of the core's enumerations (their JSON spelling).
// Used by the custom section below, which the dead-code lint does not see through.
#[allow(dead_code)]
const NAMES: &str = r#"
/** A buying role a stakeholder plays in the decision. */
export type Role = "economic_buyer" | "decision_maker" | "technical_buyer" | "user_buyer" | "influencer" | "purchaser" | "coach" | "champion" | "gatekeeper";
/** What a relation between two stakeholders means. */
export type RelationKind = "influences" | "ally" | "conflict" | "informs";
/** Which way a relation runs. */
export type Direction = "forward" | "both";
"#;

#[wasm_bindgen(typescript_custom_section)]
const NAMES_TS: &str = NAMES;

/// A stakeholder to add: `RelationshipMap.addStakeholder({ id, name, reportsTo, roles, stance, ... })`.
#[derive(Debug, Tsify, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StakeholderInput {
    /// The CRM id of the person.
    pub id: String,
    /// Display name (empty if absent).
    #[tsify(optional)]
    #[serde(default)]
    pub name: Option<String>,
    /// Job title.
    #[tsify(optional)]
    #[serde(default)]
    pub title: Option<String>,
    /// Department.
    #[tsify(optional)]
    #[serde(default)]
    pub department: Option<String>,
    /// The id of this person's manager, already in the map.
    #[tsify(optional)]
    #[serde(default)]
    pub reports_to: Option<String>,
    /// Buying roles.
    #[tsify(optional, type = "Role[]")]
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Formal decision power in [0, 1]; absent = the role default.
    #[tsify(optional)]
    #[serde(default)]
    pub authority: Option<f64>,
    /// How much others sway this person, in [0, 1); absent = the configured default.
    #[tsify(optional)]
    #[serde(default)]
    pub openness: Option<f64>,
    /// Attitude toward us, −5..+5; absent = unknown.
    #[tsify(optional)]
    #[serde(default)]
    pub stance: Option<f64>,
}

fn influences() -> RelationKind {
    RelationKind::Influences
}

fn full_strength() -> f64 {
    1.0
}

/// A relation to add: `RelationshipMap.addRelation({ source, target, kind, strength, direction })`.
#[derive(Debug, Tsify, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RelationInput {
    /// The stakeholder the relation starts from.
    pub source: String,
    /// The stakeholder it points to.
    pub target: String,
    /// What the relation means (default `"influences"`).
    #[tsify(optional, type = "RelationKind")]
    #[serde(default = "influences")]
    pub kind: RelationKind,
    /// How strong it is, in (0, 1] (default 1).
    #[tsify(optional)]
    #[serde(default = "full_strength")]
    pub strength: f64,
    /// One way or both ways (default `"forward"`).
    #[tsify(optional, type = "Direction")]
    #[serde(default)]
    pub direction: Direction,
    /// Free notes.
    #[tsify(optional)]
    #[serde(default)]
    pub notes: Option<String>,
}

/// One of our team members to add: `RelationshipMap.addTeamMember({ id, name, role, title })`.
#[derive(Debug, Tsify, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TeamMemberInput {
    /// Our internal id.
    pub id: String,
    /// Display name (empty if absent).
    #[tsify(optional)]
    #[serde(default)]
    pub name: Option<String>,
    /// Role on the account team, e.g. `account_manager`.
    #[tsify(optional)]
    #[serde(default)]
    pub role: Option<String>,
    /// Job title.
    #[tsify(optional)]
    #[serde(default)]
    pub title: Option<String>,
}

/// Reads a typed argument, naming the path of a bad value (`roles[1]`) in the error.
///
/// serde-wasm-bindgen reads only the fields a struct declares, so an unknown
/// property (a typo such as `reportTo`) is looked for here and refused, as the
/// JSON reader refuses unknown fields.
fn read<T: Tsify + DeserializeOwned>(arg: Ts<T>) -> Result<T, JsValue> {
    let value = arg.js_value();
    if let Some(object) = value.dyn_ref::<js_sys::Object>() {
        if !js_sys::Array::is_array(&value) {
            let allowed = field_names::<T>();
            for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
                if !allowed.contains(&key.as_str()) {
                    let expected = allowed.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
                    return Err(invalid_argument(&key, format!("unknown field `{key}`, expected one of {expected}")));
                }
            }
        }
    }
    serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| {
        let path = e.path().to_string();
        let message = JsValue::from(e.into_inner())
            .dyn_into::<js_sys::Error>()
            .map(|err| String::from(err.message()))
            .unwrap_or_else(|other| format!("{other:?}"));
        invalid_argument(if path == "." { "" } else { &path }, message)
    })
}

/// The property names a struct's `Deserialize` accepts, as serde hands them to
/// `Deserializer::deserialize_struct` (after `rename_all`).
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};

    struct Probe<'a>(&'a mut &'static [&'static str]);

    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("field names read"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    // The probe always fails once it has seen the field list; the error says nothing more.
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// One account's relationship map: stakeholders, org chart, relations, our team.
///
/// Always valid: every edit is checked, and a bad one throws an `Error` whose
/// `code` and `field` name the problem.
#[wasm_bindgen(js_name = RelationshipMap)]
pub struct JsRelationshipMap {
    inner: RelationshipMap,
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
        #[wasm_bindgen(js_name = accountId)] account_id: String,
        name: Option<String>,
    ) -> Result<JsRelationshipMap, JsValue> {
        let mut map = RelationshipMap::new(Account::default());
        // `set_account` checks the id (`RelationshipMap::new` takes it as given).
        map.set_account(Account::new(account_id, name.unwrap_or_default())).map_err(to_js)?;
        Ok(map.into())
    }

    /// Reads a map from its JSON document (format `relmap/1`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<JsRelationshipMap, JsValue> {
        RelationshipMap::from_json(text).map(Self::from).map_err(to_js)
    }

    /// The map as a pretty-printed JSON document (format `relmap/1`).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Adds a stakeholder; `reportsTo` must name one already in the map.
    #[wasm_bindgen(js_name = addStakeholder)]
    pub fn add_stakeholder(&mut self, stakeholder: Ts<StakeholderInput>) -> Result<(), JsValue> {
        let s = read(stakeholder)?;
        let stakeholder = Stakeholder {
            id: s.id,
            name: s.name.unwrap_or_default(),
            title: s.title,
            department: s.department,
            reports_to: s.reports_to,
            authority: s.authority,
            openness: s.openness,
            stance: s.stance,
            ..Stakeholder::default()
        }
        .with_roles(s.roles);
        self.inner.add_stakeholder(stakeholder).map_err(to_js)
    }

    /// Adds a relation between two stakeholders already in the map.
    #[wasm_bindgen(js_name = addRelation)]
    pub fn add_relation(&mut self, relation: Ts<RelationInput>) -> Result<(), JsValue> {
        let r = read(relation)?;
        let relation = Relation {
            source: r.source,
            target: r.target,
            kind: r.kind,
            direction: r.direction,
            strength: r.strength,
            notes: r.notes,
        };
        self.inner.add_relation(relation).map_err(to_js)
    }

    /// Adds one of our team members.
    #[wasm_bindgen(js_name = addTeamMember)]
    pub fn add_team_member(&mut self, member: Ts<TeamMemberInput>) -> Result<(), JsValue> {
        let m = read(member)?;
        let member = TeamMember { id: m.id, name: m.name.unwrap_or_default(), role: m.role, title: m.title };
        self.inner.add_team_member(member).map_err(to_js)
    }

    /// Sets (or clears, with `null`) a stakeholder's stance toward us, −5..+5.
    #[wasm_bindgen(js_name = setStance)]
    pub fn set_stance(&mut self, id: &str, stance: Option<f64>) -> Result<(), JsValue> {
        self.inner.set_stance(id, stance).map_err(to_js)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in a `export type X = "a" | "b";` line of the custom section.
    fn declared(name: &str) -> Vec<String> {
        let line = NAMES.lines().find(|l| l.starts_with(&format!("export type {name} ="))).unwrap();
        line.split('"').skip(1).step_by(2).map(str::to_owned).collect()
    }

    #[test]
    fn field_names_are_the_camel_case_properties() {
        assert_eq!(
            field_names::<StakeholderInput>(),
            ["id", "name", "title", "department", "reportsTo", "roles", "authority", "openness", "stance"]
        );
        assert_eq!(field_names::<RelationInput>(), ["source", "target", "kind", "strength", "direction", "notes"]);
        assert_eq!(field_names::<TeamMemberInput>(), ["id", "name", "role", "title"]);
    }

    #[test]
    fn typescript_names_match_the_core() {
        assert_eq!(declared("Role"), Role::ALL.map(|r| r.as_str().to_owned()));
        assert_eq!(declared("RelationKind"), RelationKind::ALL.map(|k| k.as_str().to_owned()));
        assert_eq!(declared("Direction"), ["forward", "both"]);
        for d in declared("Direction") {
            let parsed: Direction =
                Direction::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&d)).unwrap();
            assert_eq!(format!("{parsed:?}").to_lowercase(), d);
        }
    }
}
