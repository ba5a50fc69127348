//! The relationship map: the account, its stakeholders and org chart, the
//! relations between them, our team, every interaction and piece of trust
//! evidence, and the opportunities in flight.
//!
//! A [`RelationshipMap`] is always valid: every constructor and editing method
//! checks its input and returns a [`ModelError`] naming the offending id and
//! field. Ids are the caller's strings (CRM ids); internally each stakeholder
//! and team member is interned to a dense index (its position in
//! [`RelationshipMap::stakeholders`] / [`RelationshipMap::team`]).
//!
//! ```
//! use relmap::model::{Account, Relation, RelationKind, RelationshipMap, Role, Stakeholder};
//!
//! let mut map = RelationshipMap::new(Account::new("acme", "Acme Group"));
//! map.add_stakeholder(Stakeholder::new("ceo", "Chen Wei").with_roles([Role::EconomicBuyer]))?;
//! map.add_stakeholder(Stakeholder::new("cio", "Liu Yang").with_reports_to("ceo").with_stance(3.0))?;
//! map.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.7))?;
//! assert_eq!(map.stakeholders().len(), 2);
//! assert_eq!(map.org_depth(), 2);
//!
//! // Bad input is refused with a typed error.
//! let err = map.add_relation(Relation::new("cio", "nobody", RelationKind::Ally, 0.5)).unwrap_err();
//! assert_eq!(err.code(), "unknown_reference");
//! # Ok::<(), relmap::model::ModelError>(())
//! ```

mod account;
mod activity;
mod check_qualification;
mod contacts;
mod document;
mod edit;
mod error;
mod evidence_de;
pub(crate) mod index;
mod map;
mod names;
mod opportunity;
mod people;
mod people_index;
mod portfolio;
mod qualification;
mod relation;
mod validate;

pub use account::Account;
pub use activity::{Channel, Evidence, EvidenceKind, Initiator, Interaction, Pillar};
pub use contacts::{email_key, email_problem, PersonRef};
pub use document::{MapDocument, FORMAT, FORMAT_1};
pub use error::ModelError;
pub use map::RelationshipMap;
pub(crate) use names::{PersonNames, ShownNames};
pub use opportunity::{Criterion, Milestone, Opportunity};
pub use people::{Role, Stakeholder, TeamMember};
pub use portfolio::Portfolio;
pub use qualification::{
    Assessed, Assessment, AssessmentMut, BuyingInfluence, BuyingRole, ChampionElement, ElementStatus, Grade, Meddpicc,
    MeddpiccElement, Metrics, PersonElement, ProcessElement, ProcessStep, Qualified, ResponseMode,
};
pub use relation::{Direction, Relation, RelationKind};
