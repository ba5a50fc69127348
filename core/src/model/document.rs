//! The document form of a map ([`MapDocument`], format `relmap/2`) and the
//! conversions both ways: a document is checked as it becomes a map.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::contacts::PersonRef;
use super::index::keys_of_stakeholder;
use super::people_index::PeopleIndex;
use super::validate;
use super::{
    Account, Evidence, Interaction, ModelError, Opportunity, Relation, RelationshipMap, Stakeholder, TeamMember,
};
use crate::activity::ActivityLog;

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
    /// What calendars and mail showed, by email address (new in `relmap/2`;
    /// left out when empty). See `docs/format.md#the-activity-log`.
    #[serde(default, skip_serializing_if = "ActivityLog::is_empty")]
    pub activity: ActivityLog,
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
            activity: m.activity,
        }
    }
}

impl TryFrom<MapDocument> for RelationshipMap {
    type Error = ModelError;
    fn try_from(doc: MapDocument) -> Result<Self, ModelError> {
        RelationshipMap::from_document(doc)
    }
}

impl RelationshipMap {
    /// Builds a map from its document form, checking everything.
    ///
    /// Stakeholders may refer to managers listed after them; every other
    /// reference must resolve within the document. The `format` tag is checked
    /// by the loaders in [`crate::io`], not here.
    pub fn from_document(doc: MapDocument) -> Result<Self, ModelError> {
        validate::id(&doc.account.id, || "account.id".into())?;
        validate::account(&doc.account)?;
        let mut map = RelationshipMap::new(doc.account);
        for m in doc.team {
            map.add_team_member(m)?;
        }
        // Stakeholders: index everyone first so reports_to may point forward.
        for (i, s) in doc.stakeholders.iter().enumerate() {
            validate::id(&s.id, || format!("stakeholders[{i}].id"))?;
            if map.stakeholder_index.insert(s.id.clone(), i).is_some() {
                return Err(ModelError::DuplicateId {
                    kind: "stakeholder",
                    id: s.id.clone(),
                    field: format!("stakeholders[{i}].id"),
                });
            }
        }
        for (i, s) in doc.stakeholders.iter().enumerate() {
            validate::stakeholder(&map.stakeholder_index, s, i)?;
            map.check_contacts(PersonRef::Stakeholder(i), &s.id, keys_of_stakeholder(s))?;
            map.contacts.insert(PersonRef::Stakeholder(i), keys_of_stakeholder(s));
        }
        map.stakeholders = doc.stakeholders;
        map.people = PeopleIndex::build(&map.stakeholders, &map.team, &map.stakeholder_index);
        validate::reports_to_acyclic(&map.stakeholders, &map.people.managers)?;
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
        validate::activity(&doc.activity)?;
        map.activity = doc.activity;
        Ok(map)
    }

    /// The document form (a copy).
    pub fn to_document(&self) -> MapDocument {
        self.clone().into()
    }
}
