//! Merging what an importer read into a map: match people by their contact
//! keys, add what is new, update what changed, leave the rest, and say so
//! record by record. Importing the same input twice changes nothing.

use std::collections::{HashMap, HashSet};

use super::report::{Entity, Origin, Outcome, Reason, ReportLine};
use crate::activity::{Party, Sides, Who};
use crate::model::{
    email_key, BuyingInfluence, Channel, Grade, Initiator, Interaction, MeddpiccElement, Opportunity, PersonRef,
    RelationshipMap, ResponseMode, Role, Stakeholder, TeamMember,
};
use crate::time::Timestamp;

/// Which side of the deal a person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Our team.
    Us,
    /// The account.
    Them,
}

/// How a record names a person.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum PersonKey {
    /// Someone already on the map (people are only added during a merge, so
    /// indices stay valid).
    Known(PersonRef),
    Email(String),
    Crm {
        source: String,
        id: String,
    },
}

impl PersonKey {
    fn find(&self, map: &RelationshipMap) -> Option<PersonRef> {
        match self {
            PersonKey::Known(r) => Some(*r),
            PersonKey::Email(e) => map.person_by_email(e),
            PersonKey::Crm { source, id } => map.person_by_crm_id(source, id),
        }
    }

    fn text(&self) -> String {
        match self {
            PersonKey::Known(_) => String::new(),
            PersonKey::Email(e) => e.clone(),
            PersonKey::Crm { id, .. } => id.clone(),
        }
    }
}

/// The people of a meeting or message as keys, ours and the account's.
pub(crate) struct Parties {
    pub ours: Vec<PersonKey>,
    pub theirs: Vec<PersonKey>,
    /// Whether the first party (the organizer or sender) is of the account.
    pub first_is_theirs: bool,
}

/// Sorts people seen in a calendar or mail into ours and theirs (others are
/// ignored), and queues colleagues not yet on the team to join it, once per
/// import (`colleagues` holds the addresses already queued).
pub(crate) fn sort_parties<'p>(
    sides: &Sides<'_>,
    parties: impl Iterator<Item = &'p Party>,
    origin: &Origin,
    colleagues: &mut HashSet<String>,
    people: &mut Vec<PersonRecord>,
) -> Parties {
    let mut out = Parties { ours: Vec::new(), theirs: Vec::new(), first_is_theirs: false };
    for (j, p) in parties.enumerate() {
        match sides.who(&p.email) {
            Who::Member(i) => out.ours.push(PersonKey::Known(PersonRef::TeamMember(i))),
            Who::Stakeholder(i) => {
                out.first_is_theirs |= j == 0;
                out.theirs.push(PersonKey::Known(PersonRef::Stakeholder(i)));
            }
            Who::Ours => {
                let k = email_key(&p.email);
                if colleagues.insert(k.clone()) {
                    let mut person = PersonRecord::new(origin.clone(), Side::Us);
                    person.emails = vec![p.email.clone()];
                    person.name = p.name.clone();
                    people.push(person);
                }
                out.ours.push(PersonKey::Email(k));
            }
            Who::Account => {
                out.first_is_theirs |= j == 0;
                out.theirs.push(PersonKey::Email(email_key(&p.email)));
            }
            Who::Other => {}
        }
    }
    out
}

/// A person as one source describes them.
#[derive(Debug, Clone)]
pub(crate) struct PersonRecord {
    pub origin: Origin,
    pub side: Side,
    /// (source, id in that source).
    pub crm: Option<(String, String)>,
    pub emails: Vec<String>,
    pub name: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    /// The manager's id in the same source, and the column it came from.
    pub reports_to: Option<(String, String)>,
    pub roles: Vec<Role>,
    /// Whether the source is the record of truth for name, title and
    /// department (a CRM), or only saw the person in passing (a calendar, mail).
    pub authoritative: bool,
}

impl PersonRecord {
    pub fn new(origin: Origin, side: Side) -> Self {
        PersonRecord {
            origin,
            side,
            crm: None,
            emails: Vec::new(),
            name: None,
            title: None,
            department: None,
            reports_to: None,
            roles: Vec::new(),
            authoritative: false,
        }
    }

    fn entity(&self) -> Entity {
        match self.side {
            Side::Us => Entity::TeamMember,
            Side::Them => Entity::Stakeholder,
        }
    }

    fn keys(&self) -> Vec<PersonKey> {
        let mut k: Vec<PersonKey> = self.emails.iter().map(|e| PersonKey::Email(email_key(e))).collect();
        if let Some((source, id)) = &self.crm {
            k.insert(0, PersonKey::Crm { source: source.clone(), id: id.clone() });
        }
        k
    }
}

/// Buying roles of a contact from a contact-role row.
#[derive(Debug, Clone)]
pub(crate) struct RoleRecord {
    pub origin: Origin,
    pub contact: PersonKey,
    pub column: String,
    pub roles: Vec<Role>,
}

/// An interaction as one source describes it, its people by key.
#[derive(Debug, Clone)]
pub(crate) struct InteractionRecord {
    pub origin: Origin,
    pub id: String,
    pub at: Timestamp,
    pub channel: Channel,
    pub members: Vec<PersonKey>,
    pub stakeholders: Vec<PersonKey>,
    /// The column naming the stakeholders (CRM), for reports about them.
    pub stakeholder_column: Option<String>,
    pub initiated_by: Initiator,
    pub notes: Option<String>,
}

/// The account's fields from a CRM account row.
#[derive(Debug, Clone)]
pub(crate) struct AccountRecord {
    pub origin: Origin,
    pub name: Option<String>,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub employees: Option<u64>,
    pub revenue: Option<f64>,
}

/// What a qualification row says about one MEDDPICC element (only what it gives).
#[derive(Debug, Clone)]
pub(crate) struct ElementRecord {
    pub element: MeddpiccElement,
    pub grade: Option<Grade>,
    pub description: Option<String>,
    /// The person the element names (economic buyer, pain owner, champion) and the column.
    pub contact: Option<(PersonKey, String)>,
    /// Metrics: the value to the customer.
    pub value: Option<f64>,
    /// Champion: whether they were tested.
    pub tested: Option<bool>,
}

/// A deal's MEDDPICC from one qualification row.
#[derive(Debug, Clone)]
pub(crate) struct QualificationRecord {
    pub origin: Origin,
    pub opportunity: String,
    pub column: String,
    pub elements: Vec<ElementRecord>,
}

/// A contact as a Blue Sheet buying influence on a deal.
#[derive(Debug, Clone)]
pub(crate) struct InfluenceRecord {
    pub origin: Origin,
    pub opportunity: String,
    pub opportunity_column: String,
    pub contact: PersonKey,
    pub contact_column: String,
    pub mode: Option<ResponseMode>,
    pub win_results: Vec<String>,
}

/// Everything one import read, before merging.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub account: Option<AccountRecord>,
    pub people: Vec<PersonRecord>,
    pub roles: Vec<RoleRecord>,
    pub interactions: Vec<InteractionRecord>,
    pub opportunities: Vec<(Origin, Opportunity)>,
    pub qualifications: Vec<QualificationRecord>,
    pub influences: Vec<InfluenceRecord>,
    /// Lines the reading itself produced (skipped records, unmapped values).
    pub lines: Vec<ReportLine>,
}

/// Merges a batch into the map; returns one report line per record, sorted by
/// file (in the order of `files`) and row.
pub(crate) fn merge(map: &mut RelationshipMap, batch: Batch, files: &[String]) -> Vec<ReportLine> {
    let Batch { account, people, roles, interactions, opportunities, qualifications, influences, mut lines } = batch;
    if let Some(a) = account {
        lines.push(merge_account(map, a));
    }
    let mut managers = Vec::new();
    let mut seen = HashSet::new();
    for p in people {
        if let Some(key) = p.keys().into_iter().find(|k| seen.contains(k)) {
            let line =
                ReportLine::skipped(&p.origin, p.entity(), Reason::Duplicate, "this person came earlier in the import")
                    .with_value(key.text());
            lines.push(line);
            continue;
        }
        seen.extend(p.keys());
        let line = merge_person(map, &p);
        if let (Some(id), Some(manager)) = (line.id.clone(), p.reports_to.clone()) {
            if line.outcome != Outcome::Skipped && p.side == Side::Them {
                let source = p.crm.as_ref().map(|(s, _)| s.clone()).unwrap_or_default();
                managers.push((lines.len(), id, source, manager));
            }
        }
        lines.push(line);
    }
    for (at, id, source, (manager, column)) in managers {
        if let Some(warning) = set_manager(map, &mut lines[at], &id, &source, &manager, &column) {
            lines.push(warning);
        }
    }
    for r in roles {
        lines.push(merge_roles(map, r));
    }
    let mut opportunity_ids = HashSet::new();
    for (origin, o) in opportunities {
        if !opportunity_ids.insert(o.id.clone()) {
            let line = ReportLine::skipped(
                &origin,
                Entity::Opportunity,
                Reason::Duplicate,
                "this opportunity came earlier in the import",
            )
            .with_id(o.id.clone());
            lines.push(line);
            continue;
        }
        lines.push(merge_opportunity(map, &origin, o));
    }
    let mut deals = HashSet::new();
    for q in qualifications {
        merge_qualification(map, q, &mut deals, &mut lines);
    }
    let mut pairs = HashSet::new();
    for b in influences {
        lines.push(merge_influence(map, b, &mut pairs));
    }
    merge_interactions(map, interactions, &mut lines);
    let order: HashMap<&str, usize> = files.iter().enumerate().map(|(i, f)| (f.as_str(), i)).collect();
    lines.sort_by_cached_key(|l| (order.get(l.file.as_str()).copied().unwrap_or(usize::MAX), l.row.unwrap_or(0)));
    lines
}

fn merge_account(map: &mut RelationshipMap, a: AccountRecord) -> ReportLine {
    let mut account = map.account().clone();
    let mut fields = Vec::new();
    let mut set = |field: &str, changed: bool| {
        if changed {
            fields.push(field.to_owned());
        }
    };
    if let Some(name) = a.name.filter(|n| *n != account.name) {
        account.name = name;
        set("name", true);
    }
    macro_rules! patch {
        ($f:ident) => {
            if a.$f.is_some() && a.$f != account.$f {
                account.$f = a.$f;
                set(stringify!($f), true);
            }
        };
    }
    patch!(industry);
    patch!(region);
    patch!(employees);
    patch!(revenue);
    let id = account.id.clone();
    outcome_of_update(&a.origin, Entity::Account, id, fields, |_| map.set_account(account))
}

/// A line for an edit: `unchanged` when no field changed, else `updated` (or
/// `skipped`/`invalid` when the map refuses the edit).
fn outcome_of_update(
    origin: &Origin,
    entity: Entity,
    id: String,
    fields: Vec<String>,
    apply: impl FnOnce(()) -> Result<(), crate::model::ModelError>,
) -> ReportLine {
    if fields.is_empty() {
        return ReportLine::new(origin, entity, Outcome::Unchanged).with_id(id);
    }
    match apply(()) {
        Ok(()) => {
            let mut l = ReportLine::new(origin, entity, Outcome::Updated).with_id(id);
            l.fields = fields;
            l
        }
        Err(e) => ReportLine::skipped(origin, entity, Reason::Invalid, e.to_string()).with_id(id),
    }
}

fn find_person(map: &RelationshipMap, p: &PersonRecord) -> Option<PersonRef> {
    if let Some(found) = p.keys().iter().find_map(|k| k.find(map)) {
        return Some(found);
    }
    // A person entered by hand under the source's id, without contact keys yet.
    let (source, id) = p.crm.as_ref()?;
    match p.side {
        Side::Them => map
            .stakeholder_idx(id)
            .filter(|&i| !map.stakeholders()[i].crm_ids.contains_key(source))
            .map(PersonRef::Stakeholder),
        Side::Us => {
            map.member_idx(id).filter(|&i| !map.team()[i].crm_ids.contains_key(source)).map(PersonRef::TeamMember)
        }
    }
}

/// The new contact keys of a person: emails not yet listed, the source id.
fn add_keys(
    p: &PersonRecord,
    emails: &mut Vec<String>,
    crm_ids: &mut std::collections::BTreeMap<String, String>,
    fields: &mut Vec<String>,
) {
    let known: HashSet<String> = emails.iter().map(|e| email_key(e)).collect();
    let before = emails.len();
    for e in &p.emails {
        if !known.contains(&email_key(e)) && !emails.iter().any(|x| email_key(x) == email_key(e)) {
            emails.push(e.clone());
        }
    }
    if emails.len() != before {
        fields.push("emails".into());
    }
    if let Some((source, id)) = &p.crm {
        if crm_ids.get(source) != Some(id) {
            crm_ids.insert(source.clone(), id.clone());
            fields.push("crm_ids".into());
        }
    }
}

fn patch_text(target: &mut Option<String>, value: &Option<String>, field: &str, fields: &mut Vec<String>) {
    if let Some(v) = value {
        if target.as_ref() != Some(v) {
            *target = Some(v.clone());
            fields.push(field.to_owned());
        }
    }
}

fn patch_name(target: &mut String, value: &Option<String>, fields: &mut Vec<String>) {
    if let Some(v) = value.as_ref().filter(|v| *v != target) {
        *target = v.clone();
        fields.push("name".to_owned());
    }
}

fn merge_person(map: &mut RelationshipMap, p: &PersonRecord) -> ReportLine {
    let entity = p.entity();
    match (find_person(map, p), p.side) {
        (Some(PersonRef::Stakeholder(i)), Side::Them) => {
            let mut s = map.stakeholders()[i].clone();
            let mut fields = Vec::new();
            if p.authoritative {
                patch_name(&mut s.name, &p.name, &mut fields);
                patch_text(&mut s.title, &p.title, "title", &mut fields);
                patch_text(&mut s.department, &p.department, "department", &mut fields);
            }
            add_keys(p, &mut s.emails, &mut s.crm_ids, &mut fields);
            let before = s.roles.len();
            let roles = std::mem::take(&mut s.roles);
            s = s.with_roles(roles.into_iter().chain(p.roles.iter().copied()));
            if s.roles.len() != before {
                fields.push("roles".into());
            }
            let id = s.id.clone();
            outcome_of_update(&p.origin, entity, id, fields, |_| map.update_stakeholder(s))
        }
        (Some(PersonRef::TeamMember(i)), Side::Us) => {
            let mut m = map.team()[i].clone();
            let mut fields = Vec::new();
            if p.authoritative {
                patch_name(&mut m.name, &p.name, &mut fields);
                patch_text(&mut m.title, &p.title, "title", &mut fields);
            }
            add_keys(p, &mut m.emails, &mut m.crm_ids, &mut fields);
            let id = m.id.clone();
            outcome_of_update(&p.origin, entity, id, fields, |_| map.update_team_member(m))
        }
        (Some(other), _) => {
            let (held_by, id) = match other {
                PersonRef::Stakeholder(i) => ("stakeholder", &map.stakeholders()[i].id),
                PersonRef::TeamMember(i) => ("team member", &map.team()[i].id),
            };
            let message = format!("a contact key of this person belongs to the {held_by} {id:?}");
            ReportLine::skipped(&p.origin, entity, Reason::Invalid, message)
        }
        (None, side) => add_person(map, p, side),
    }
}

fn add_person(map: &mut RelationshipMap, p: &PersonRecord, side: Side) -> ReportLine {
    let entity = p.entity();
    let base = match (&p.crm, p.emails.first()) {
        (Some((_, id)), _) => id.clone(),
        (None, Some(e)) => email_key(e),
        (None, None) => {
            return ReportLine::skipped(
                &p.origin,
                entity,
                Reason::MissingId,
                "the person has no id and no email address",
            )
        }
    };
    let taken = |id: &str| map.stakeholder_idx(id).is_some() || map.member_idx(id).is_some();
    let id = if !taken(&base) {
        base
    } else if let Some((source, raw)) = p.crm.as_ref().map(|(s, i)| (s, format!("{s}:{i}"))).filter(|(_, x)| !taken(x))
    {
        let _ = source;
        raw
    } else {
        let message = format!("the id {base:?} is taken by someone else in the map");
        return ReportLine::skipped(&p.origin, entity, Reason::Invalid, message).with_id(base);
    };
    let name = p.name.clone().or_else(|| p.emails.first().cloned()).unwrap_or_else(|| id.clone());
    let mut crm_ids = std::collections::BTreeMap::new();
    if let Some((source, raw)) = &p.crm {
        crm_ids.insert(source.clone(), raw.clone());
    }
    let result = match side {
        Side::Them => {
            let mut s = Stakeholder::new(id.clone(), name).with_roles(p.roles.iter().copied());
            s.title = p.title.clone();
            s.department = p.department.clone();
            s.emails = dedup_emails(&p.emails);
            s.crm_ids = crm_ids;
            map.add_stakeholder(s)
        }
        Side::Us => {
            let mut m = TeamMember::new(id.clone(), name);
            m.title = p.title.clone();
            m.emails = dedup_emails(&p.emails);
            m.crm_ids = crm_ids;
            map.add_team_member(m)
        }
    };
    match result {
        Ok(()) => ReportLine::new(&p.origin, entity, Outcome::Added).with_id(id),
        Err(e) => ReportLine::skipped(&p.origin, entity, Reason::Invalid, e.to_string()).with_id(id),
    }
}

fn dedup_emails(emails: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in emails {
        if !out.iter().any(|x| email_key(x) == email_key(e)) {
            out.push(e.clone());
        }
    }
    out
}

/// Sets a stakeholder's manager from the source's id of the manager; returns a
/// warning line when the manager is unknown or the org chart would loop.
fn set_manager(
    map: &mut RelationshipMap,
    line: &mut ReportLine,
    id: &str,
    source: &str,
    manager: &str,
    column: &str,
) -> Option<ReportLine> {
    let origin = Origin { file: line.file.clone(), row: line.row };
    let warn = |reason, message: String| {
        Some(
            ReportLine::warning(&origin, Entity::Stakeholder, reason, message)
                .with_id(id)
                .with_column(column)
                .with_value(manager),
        )
    };
    let Some(PersonRef::Stakeholder(m)) = map.person_by_crm_id(source, manager) else {
        return warn(
            Reason::UnknownReference,
            "the manager is not in the export or the map; reports_to left as it was".into(),
        );
    };
    let manager_id = map.stakeholders()[m].id.clone();
    let mut s = map.stakeholder(id)?.clone();
    if s.reports_to.as_deref() == Some(manager_id.as_str()) {
        return None;
    }
    s.reports_to = Some(manager_id);
    if let Err(e) = map.update_stakeholder(s) {
        return warn(Reason::Invalid, format!("reports_to left as it was: {e}"));
    }
    match line.outcome {
        Outcome::Unchanged => {
            line.outcome = Outcome::Updated;
            line.fields.push("reports_to".into());
        }
        Outcome::Updated => line.fields.push("reports_to".into()),
        _ => {}
    }
    None
}

fn merge_roles(map: &mut RelationshipMap, r: RoleRecord) -> ReportLine {
    let Some(PersonRef::Stakeholder(i)) = r.contact.find(map) else {
        return ReportLine::skipped(
            &r.origin,
            Entity::Role,
            Reason::UnknownReference,
            "no such contact in the export or the map",
        )
        .with_column(r.column)
        .with_value(r.contact.text());
    };
    let s = map.stakeholders()[i].clone();
    let id = s.id.clone();
    let before = s.roles.clone();
    let s = s.with_roles(before.iter().copied().chain(r.roles.iter().copied()));
    let fields = if s.roles != before { vec!["roles".to_owned()] } else { Vec::new() };
    let mut line = outcome_of_update(&r.origin, Entity::Role, id, fields, |_| map.update_stakeholder(s));
    if r.roles.is_empty() && line.outcome == Outcome::Unchanged {
        line.message = Some("no role to add".into());
    }
    line
}

fn merge_opportunity(map: &mut RelationshipMap, origin: &Origin, o: Opportunity) -> ReportLine {
    let Some(old) = map.opportunities().iter().find(|x| x.id == o.id).cloned() else {
        let id = o.id.clone();
        return match map.add_opportunity(o) {
            Ok(()) => ReportLine::new(origin, Entity::Opportunity, Outcome::Added).with_id(id),
            Err(e) => ReportLine::skipped(origin, Entity::Opportunity, Reason::Invalid, e.to_string()).with_id(id),
        };
    };
    let mut new = old.clone();
    let mut fields = Vec::new();
    if o.name != old.name {
        new.name = o.name;
        fields.push("name".to_owned());
    }
    if o.amount.is_some() && o.amount != old.amount {
        new.amount = o.amount;
        fields.push("amount".to_owned());
    }
    if o.declared_stage.is_some() && o.declared_stage != old.declared_stage {
        new.declared_stage = o.declared_stage;
        fields.push("declared_stage".to_owned());
    }
    let id = new.id.clone();
    outcome_of_update(origin, Entity::Opportunity, id, fields, |_| map.update_opportunity(new))
}

/// The opportunity a qualification or influence row names: its id, else the one deal
/// with that name.
fn opportunity_of(map: &RelationshipMap, id: &str) -> Option<Opportunity> {
    let by_id = map.opportunities().iter().find(|o| o.id == id);
    // A name that only one deal of the map carries (deals named in a Chinese export).
    let mut named = map.opportunities().iter().filter(|o| o.name == id);
    let by_name = match (named.next(), named.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    };
    by_id.or(by_name).cloned()
}

/// The line of a row naming a deal nobody has.
fn no_deal(origin: &Origin, entity: Entity, id: &str, column: &str) -> ReportLine {
    ReportLine::skipped(origin, entity, Reason::UnknownReference, "no such deal in the export or the map")
        .with_column(column.to_owned())
        .with_value(id)
}

/// The stakeholder id a key names, if any.
fn stakeholder_of(map: &RelationshipMap, key: &PersonKey) -> Option<String> {
    match key.find(map) {
        Some(PersonRef::Stakeholder(i)) => Some(map.stakeholders()[i].id.clone()),
        _ => None,
    }
}

/// Merges one qualification row: each element it gives is set on the deal's MEDDPICC
/// (grade, notes, person, value, tested), the rest of the element kept; an element the
/// deal has not assessed yet needs a grade. Unchanged when every value is already there.
/// A second row for the same deal in one import is a `duplicate` (the first is used), so
/// importing the same files again changes nothing.
fn merge_qualification(
    map: &mut RelationshipMap,
    q: QualificationRecord,
    seen: &mut HashSet<String>,
    lines: &mut Vec<ReportLine>,
) {
    let Some(old) = opportunity_of(map, &q.opportunity) else {
        return lines.push(no_deal(&q.origin, Entity::Qualification, &q.opportunity, &q.column));
    };
    if !seen.insert(old.id.clone()) {
        let l = ReportLine::skipped(
            &q.origin,
            Entity::Qualification,
            Reason::Duplicate,
            "this deal came earlier in the import",
        )
        .with_id(old.id)
        .with_column(q.column);
        return lines.push(l);
    }
    let mut new = old.clone();
    let mut fields = Vec::new();
    for e in q.elements {
        let name = e.element.as_str();
        let person = match &e.contact {
            Some((key, column)) => match stakeholder_of(map, key) {
                Some(id) => Some(id),
                None => {
                    let l = ReportLine::warning(
                        &q.origin,
                        Entity::Qualification,
                        Reason::UnknownReference,
                        format!("the {} names no contact of the export or the map; left out", e.element.name()),
                    )
                    .with_id(old.id.clone())
                    .with_column(column.clone())
                    .with_value(key.text());
                    lines.push(l);
                    None
                }
            },
            None => None,
        };
        let q_ = &mut new.meddpicc;
        let grade = match (e.grade, q_.grade(e.element)) {
            (Some(g), _) | (None, Some(g)) => g,
            (None, None) => {
                if e.description.is_some() || person.is_some() || e.value.is_some() || e.tested.is_some() {
                    let l = ReportLine::warning(
                        &q.origin,
                        Entity::Qualification,
                        Reason::MissingValue,
                        format!(
                            "the {} has details but no grade and was not assessed before; left out",
                            e.element.name()
                        ),
                    )
                    .with_id(old.id.clone());
                    lines.push(l);
                }
                continue;
            }
        };
        let before = q_.clone();
        q_.set_grade(e.element, grade);
        set_details(q_, e.element, e.description, person, e.value, e.tested);
        if *q_ != before {
            fields.push(format!("meddpicc.{name}"));
        }
    }
    let id = new.id.clone();
    lines.push(outcome_of_update(&q.origin, Entity::Qualification, id, fields, |_| map.update_opportunity(new)));
}

/// Sets the details a row gives on an assessed element.
fn set_details(
    q: &mut crate::model::Meddpicc,
    element: MeddpiccElement,
    description: Option<String>,
    person: Option<String>,
    value: Option<f64>,
    tested: Option<bool>,
) {
    if let (Some(d), Some(e)) = (description, q.assessed_mut(element)) {
        *e.assessment_mut().description = Some(d);
    }
    let person_field = match element {
        MeddpiccElement::EconomicBuyer => q.economic_buyer.as_mut().map(|e| &mut e.stakeholder),
        MeddpiccElement::IdentifiedPain => q.identified_pain.as_mut().map(|e| &mut e.stakeholder),
        MeddpiccElement::Champion => q.champion.as_mut().map(|e| &mut e.stakeholder),
        _ => None,
    };
    if let (Some(p), Some(field)) = (person, person_field) {
        *field = Some(p);
    }
    if let (Some(v), Some(m)) = (value, q.metrics.as_mut().filter(|_| element == MeddpiccElement::Metrics)) {
        m.value = Some(v);
    }
    if let (Some(t), Some(c)) = (tested, q.champion.as_mut().filter(|_| element == MeddpiccElement::Champion)) {
        c.tested = t;
    }
}

/// Merges one buying-influence row: the contact's response mode and win-results on the deal.
fn merge_influence(map: &mut RelationshipMap, b: InfluenceRecord, seen: &mut HashSet<(String, String)>) -> ReportLine {
    let Some(old) = opportunity_of(map, &b.opportunity) else {
        return no_deal(&b.origin, Entity::BuyingInfluence, &b.opportunity, &b.opportunity_column);
    };
    let Some(who) = stakeholder_of(map, &b.contact) else {
        return ReportLine::skipped(
            &b.origin,
            Entity::BuyingInfluence,
            Reason::UnknownReference,
            "no such contact in the export or the map",
        )
        .with_column(b.contact_column)
        .with_value(b.contact.text());
    };
    if !seen.insert((old.id.clone(), who.clone())) {
        return ReportLine::skipped(
            &b.origin,
            Entity::BuyingInfluence,
            Reason::Duplicate,
            "this contact and deal came earlier in the import",
        )
        .with_id(old.id)
        .with_column(b.contact_column)
        .with_value(who);
    }
    let mut new = old.clone();
    let pos = match new.buying_influences.iter().position(|x| x.stakeholder == who) {
        Some(k) => k,
        None => {
            new.buying_influences.push(BuyingInfluence::new(who.clone()));
            new.buying_influences.len() - 1
        }
    };
    let entry = &mut new.buying_influences[pos];
    let mut fields = Vec::new();
    if pos == old.buying_influences.len() {
        fields.push("buying_influences".to_owned());
    }
    if b.mode.is_some() && b.mode != entry.response_mode {
        entry.response_mode = b.mode;
        fields.push("response_mode".to_owned());
    }
    for w in b.win_results {
        if !entry.win_results.contains(&w) {
            entry.win_results.push(w);
            if !fields.iter().any(|f| f == "win_results") {
                fields.push("win_results".to_owned());
            }
        }
    }
    let mut line =
        outcome_of_update(&b.origin, Entity::BuyingInfluence, old.id.clone(), fields, |_| map.update_opportunity(new));
    line.value = Some(who);
    line
}

/// Resolves keys to the ids of people on one side, in order, without repeats;
/// also returns the keys that named nobody on that side.
fn resolve(map: &RelationshipMap, keys: &[PersonKey], side: Side) -> (Vec<String>, Vec<String>) {
    let mut ids: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    for k in keys {
        let id = match (k.find(map), side) {
            (Some(PersonRef::Stakeholder(i)), Side::Them) => Some(&map.stakeholders()[i].id),
            (Some(PersonRef::TeamMember(i)), Side::Us) => Some(&map.team()[i].id),
            _ => None,
        };
        match id {
            Some(id) if !ids.contains(id) => ids.push(id.clone()),
            Some(_) => {}
            None => unknown.push(k.text()),
        }
    }
    (ids, unknown)
}

fn merge_interactions(map: &mut RelationshipMap, records: Vec<InteractionRecord>, lines: &mut Vec<ReportLine>) {
    // Interactions at or past `before` were added by this import; `touched` are
    // the positions of earlier ones this import matched: either seen again is a duplicate.
    let before = map.interactions().len();
    map.reserve_interactions(records.len());
    let mut touched = HashSet::new();
    let mut updates: Vec<(usize, Interaction)> = Vec::new();
    for r in records {
        let skip = |reason, message: &str| {
            ReportLine::skipped(&r.origin, Entity::Interaction, reason, message).with_id(r.id.clone())
        };
        let existing = map.interaction_position(&r.id);
        if existing.is_some_and(|k| k >= before || !touched.insert(k)) {
            lines.push(skip(Reason::Duplicate, "this id came earlier in the import"));
            continue;
        }
        let (members, _) = resolve(map, &r.members, Side::Us);
        let (stakeholders, unknown) = resolve(map, &r.stakeholders, Side::Them);
        if members.is_empty() {
            lines.push(skip(Reason::NoTeamParty, "none of our team took part"));
            continue;
        }
        if stakeholders.is_empty() {
            let mut l = match &r.stakeholder_column {
                Some(c) => skip(Reason::UnknownReference, "the contact is not in the export or the map").with_column(c),
                None => skip(Reason::UnknownStakeholder, "none of the account's people in it is on the map yet"),
            };
            if !unknown.is_empty() {
                l.value = Some(unknown.join(";"));
            }
            lines.push(l);
            continue;
        }
        let mut x = Interaction::new(r.id.clone(), r.at, r.channel, members, stakeholders);
        x.initiated_by = r.initiated_by;
        x.notes = r.notes.clone();
        match existing.map(|k| (k, &map.interactions()[k])) {
            Some((_, old)) => {
                x.sentiment = old.sentiment;
                if x.notes.is_none() {
                    x.notes = old.notes.clone();
                }
                let fields = interaction_changes(old, &x);
                if fields.is_empty() {
                    lines.push(ReportLine::new(&r.origin, Entity::Interaction, Outcome::Unchanged).with_id(r.id));
                } else {
                    let mut l = ReportLine::new(&r.origin, Entity::Interaction, Outcome::Updated).with_id(r.id);
                    l.fields = fields;
                    updates.push((lines.len(), x));
                    lines.push(l);
                }
            }
            None => match map.add_interaction(x) {
                Ok(()) => lines.push(ReportLine::new(&r.origin, Entity::Interaction, Outcome::Added).with_id(r.id)),
                Err(e) => lines.push(skip(Reason::Invalid, &e.to_string())),
            },
        }
    }
    let all: Vec<Interaction> = updates.iter().map(|(_, x)| x.clone()).collect();
    if map.update_interactions(all).is_err() {
        // One refused update: apply them one by one and report each refusal.
        for (at, x) in updates {
            if let Err(e) = map.update_interactions(vec![x]) {
                let l = &mut lines[at];
                l.outcome = Outcome::Skipped;
                l.reason = Some(Reason::Invalid);
                l.fields.clear();
                l.message = Some(e.to_string());
            }
        }
    }
}

fn interaction_changes(old: &Interaction, new: &Interaction) -> Vec<String> {
    let mut f = Vec::new();
    let mut check = |name: &str, same: bool| {
        if !same {
            f.push(name.to_owned());
        }
    };
    check("at", old.at == new.at);
    check("channel", old.channel == new.channel);
    check("members", old.members == new.members);
    check("stakeholders", old.stakeholders == new.stakeholders);
    check("initiated_by", old.initiated_by == new.initiated_by);
    check("notes", old.notes == new.notes);
    f
}
