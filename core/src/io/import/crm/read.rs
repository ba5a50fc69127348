//! Export tables → a batch of records for the merge.

use std::collections::{HashMap, HashSet};

use super::super::merge::{
    AccountRecord, Batch, ElementRecord, InfluenceRecord, InteractionRecord, PersonKey, PersonRecord,
    QualificationRecord, RoleRecord, Side,
};
use super::super::report::{Entity, Origin, Outcome, Reason, ReportLine};
use super::dates;
use super::grading::{self, Graded};
use super::mapping::{CrmMapping, TableKind};
use super::sheet::{Sheet, View};
use crate::model::{Channel, Initiator, MeddpiccElement, Opportunity, Role};

/// The account being imported: the ids and names rows may name it by (the
/// requested id, the map's account name, and the id and name of its row in
/// the accounts table).
pub(crate) struct Target {
    pub names: Vec<String>,
}

impl Target {
    fn is(&self, value: &str) -> bool {
        self.names.iter().any(|n| n == value)
    }
}

/// A user of the CRM (one of our people), from the users table.
#[derive(Clone, Default)]
struct User {
    name: Option<String>,
    email: Option<String>,
    title: Option<String>,
}

pub(crate) struct Reader<'a> {
    pub mapping: &'a CrmMapping,
    pub target: Target,
    pub offset: i64,
    pub batch: Batch,
    users: HashMap<String, User>,
    user_names: HashMap<String, String>,
    /// Contact name → ids in this export (for references by name).
    contact_names: HashMap<String, Vec<String>>,
    /// Ids of this account's contacts in this export.
    contact_ids: HashSet<String>,
    /// Contacts of other accounts (so their roles and activities are `other_account`).
    other_contacts: HashSet<String>,
    owners: HashSet<String>,
    /// Deal name → ids in this export (for references by name).
    deal_names: HashMap<String, Vec<String>>,
    /// Deals of other accounts (so their qualification rows are `other_account`).
    other_deals: HashSet<String>,
}

fn entity_of(kind: TableKind) -> Entity {
    match kind {
        TableKind::Accounts => Entity::Account,
        TableKind::Contacts => Entity::Stakeholder,
        TableKind::Users => Entity::TeamMember,
        TableKind::Opportunities => Entity::Opportunity,
        TableKind::ContactRoles => Entity::Role,
        TableKind::Activities => Entity::Interaction,
        TableKind::Qualification => Entity::Qualification,
        TableKind::BuyingInfluences => Entity::BuyingInfluence,
    }
}

/// The items of a list-valued cell.
fn items<'c>(cell: &'c str, separator: &'c str) -> impl Iterator<Item = &'c str> + 'c {
    cell.split(move |c: char| separator.contains(c) || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn full_name(v: &View<'_>, cells: &[String]) -> Option<String> {
    if let Some(n) = v.cell(cells, "name") {
        return Some(n.to_owned());
    }
    let parts: Vec<&str> = ["first_name", "last_name"].iter().filter_map(|f| v.cell(cells, f)).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

impl<'a> Reader<'a> {
    pub fn new(mapping: &'a CrmMapping, target: Target, offset: i64) -> Self {
        Reader {
            mapping,
            target,
            offset,
            batch: Batch::default(),
            users: HashMap::new(),
            user_names: HashMap::new(),
            contact_names: HashMap::new(),
            contact_ids: HashSet::new(),
            other_contacts: HashSet::new(),
            owners: HashSet::new(),
            deal_names: HashMap::new(),
            other_deals: HashSet::new(),
        }
    }

    fn line(&mut self, l: ReportLine) {
        self.batch.lines.push(l);
    }

    /// Reads every (sheet, table) pair, kind by kind in dependency order.
    pub fn read(&mut self, pairs: &[(&Sheet, &super::mapping::Table)]) {
        let order = [
            TableKind::Users,
            TableKind::Accounts,
            TableKind::Contacts,
            TableKind::Opportunities,
            TableKind::ContactRoles,
            TableKind::Activities,
            TableKind::Qualification,
            TableKind::BuyingInfluences,
        ];
        for kind in order {
            for (sheet, table) in pairs.iter().filter(|(_, t)| t.kind == kind) {
                let mut lines = Vec::new();
                let view = View::new(sheet, table, entity_of(kind), &mut lines);
                self.batch.lines.extend(lines);
                let Some(view) = view else { continue };
                match kind {
                    TableKind::Users => self.users(&view),
                    TableKind::Accounts => self.accounts(&view),
                    TableKind::Contacts => self.contacts(&view),
                    TableKind::Opportunities => self.opportunities(&view),
                    TableKind::ContactRoles => self.contact_roles(&view),
                    TableKind::Activities => self.activities(&view),
                    TableKind::Qualification => self.qualification(&view),
                    TableKind::BuyingInfluences => self.influences(&view),
                }
            }
            if kind == TableKind::Contacts {
                self.resolve_managers();
            }
        }
    }

    /// Whether a row is of the imported account; a line when it is not.
    fn of_target(&mut self, v: &View<'_>, origin: &Origin, cells: &[String], entity: Entity) -> bool {
        if !v.has("account") {
            return true;
        }
        match v.cell(cells, "account") {
            Some(a) if self.target.is(a) => true,
            other => {
                let message = match other {
                    Some(_) => "the row belongs to another account".to_owned(),
                    None => "the row names no account".to_owned(),
                };
                let mut l =
                    ReportLine::skipped(origin, entity, Reason::OtherAccount, message).with_column(v.column("account"));
                l.value = other.map(str::to_owned);
                l.id = v.cell(cells, "id").map(str::to_owned);
                self.line(l);
                false
            }
        }
    }

    /// The row's id, or `None` after a `missing_id` line.
    fn id_of<'c>(
        &mut self,
        v: &View<'_>,
        origin: &Origin,
        cells: &'c [String],
        entity: Entity,
        what: &str,
    ) -> Option<&'c str> {
        let id = v.cell(cells, "id");
        if id.is_none() {
            let l = ReportLine::skipped(origin, entity, Reason::MissingId, format!("the {what} has no id"))
                .with_column(v.column("id"));
            self.line(l);
        }
        id
    }

    fn users(&mut self, v: &View<'_>) {
        for (row, cells) in &v.sheet.rows {
            let origin = Origin::new(&v.sheet.file, Some(*row));
            let Some(id) = self.id_of(v, &origin, cells, Entity::TeamMember, "user") else { continue };
            let user = User {
                name: full_name(v, cells),
                email: v.cell(cells, "email").map(str::to_owned),
                title: v.cell(cells, "title").map(str::to_owned),
            };
            if let Some(n) = &user.name {
                self.user_names.insert(n.clone(), id.to_owned());
            }
            self.users.insert(id.to_owned(), user);
        }
    }

    fn accounts(&mut self, v: &View<'_>) {
        for (row, cells) in &v.sheet.rows {
            let origin = Origin::new(&v.sheet.file, Some(*row));
            let id = v.cell(cells, "id");
            let name = v.cell(cells, "name");
            if !(id.is_some_and(|i| self.target.is(i)) || name.is_some_and(|n| self.target.is(n))) {
                let l = ReportLine::skipped(&origin, Entity::Account, Reason::OtherAccount, "another account")
                    .with_value(id.or(name).unwrap_or_default());
                self.line(l);
                continue;
            }
            for alias in [id, name].into_iter().flatten() {
                if !self.target.is(alias) {
                    self.target.names.push(alias.to_owned());
                }
            }
            let mut record = AccountRecord {
                origin: origin.clone(),
                name: name.map(str::to_owned),
                industry: v.cell(cells, "industry").map(str::to_owned),
                region: v.cell(cells, "region").map(str::to_owned),
                employees: None,
                revenue: None,
            };
            if let Some(e) = v.cell(cells, "employees") {
                record.employees = self.number(v, &origin, Entity::Account, "employees", e).map(|x| x.round() as u64);
            }
            if let Some(r) = v.cell(cells, "revenue") {
                record.revenue = self.number(v, &origin, Entity::Account, "revenue", r);
            }
            self.batch.account = Some(record);
        }
    }

    /// A number as exports write it (`1,200,000.00`, `¥ 300000`); a warning when unreadable.
    fn number(&mut self, v: &View<'_>, origin: &Origin, entity: Entity, field: &str, text: &str) -> Option<f64> {
        let cleaned: String =
            text.chars().filter(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E')).collect();
        match cleaned.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
            _ => {
                let l = ReportLine::warning(origin, entity, Reason::Malformed, "not a number ≥ 0; left empty")
                    .with_column(v.column(field))
                    .with_value(text);
                self.line(l);
                None
            }
        }
    }

    /// The roles of a role cell through the mapping's table; unmapped values are warnings.
    fn roles(&mut self, v: &View<'_>, origin: &Origin, entity: Entity, id: Option<&str>, cell: &str) -> Vec<Role> {
        let mut roles = Vec::new();
        for value in items(cell, &self.mapping.list_separator) {
            match self.mapping.roles.get(value) {
                Some(Some(r)) => roles.push(*r),
                Some(None) => {}
                None => {
                    let message = "the role is not in the mapping's roles table; no role given for it";
                    let mut l = ReportLine::warning(origin, entity, Reason::UnmappedValue, message)
                        .with_column(v.column("role"))
                        .with_value(value);
                    l.id = id.map(str::to_owned);
                    self.line(l);
                }
            }
        }
        roles
    }

    fn contacts(&mut self, v: &View<'_>) {
        let source = self.mapping.source.clone();
        for (row, cells) in &v.sheet.rows {
            let origin = Origin::new(&v.sheet.file, Some(*row));
            let Some(id) = self.id_of(v, &origin, cells, Entity::Stakeholder, "contact") else { continue };
            if !self.of_target(v, &origin, cells, Entity::Stakeholder) {
                self.other_contacts.insert(id.to_owned());
                continue;
            }
            let mut p = PersonRecord::new(origin.clone(), Side::Them);
            p.authoritative = true;
            p.crm = Some((source.clone(), id.to_owned()));
            p.name = full_name(v, cells);
            if p.name.is_none() {
                let l = ReportLine::warning(
                    &origin,
                    Entity::Stakeholder,
                    Reason::MissingValue,
                    "the contact has no name; its id stands in",
                )
                .with_id(id)
                .with_column(v.column(if v.has("name") { "name" } else { "last_name" }));
                self.line(l);
            }
            if let Some(e) = v.cell(cells, "email") {
                for addr in items(e, &self.mapping.list_separator) {
                    match crate::model::email_problem(addr) {
                        None => p.emails.push(addr.to_owned()),
                        Some(why) => {
                            let l = ReportLine::warning(&origin, Entity::Stakeholder, Reason::Malformed, why)
                                .with_id(id)
                                .with_column(v.column("email"))
                                .with_value(addr);
                            self.line(l);
                        }
                    }
                }
            }
            p.title = v.cell(cells, "title").map(str::to_owned);
            p.department = v.cell(cells, "department").map(str::to_owned);
            if let Some(m) = v.cell(cells, "reports_to") {
                let marker = if v.by_name("reports_to") { "\u{1}" } else { "" };
                p.reports_to = Some((format!("{marker}{m}"), v.column("reports_to")));
            }
            if let Some(r) = v.cell(cells, "role") {
                p.roles = self.roles(v, &origin, Entity::Stakeholder, Some(id), r);
            }
            if let Some(n) = &p.name {
                self.contact_names.entry(n.clone()).or_default().push(id.to_owned());
            }
            self.contact_ids.insert(id.to_owned());
            self.batch.people.push(p);
        }
    }

    /// The contact id a reference means: the id itself, or the one contact of
    /// this export with that name (always tried for a field that holds names,
    /// and for a value that is no contact id of the export).
    fn contact_id(&self, value: &str, by_name: bool) -> String {
        if by_name || !self.contact_ids.contains(value) {
            if let Some([one]) = self.contact_names.get(value).map(Vec::as_slice) {
                return one.clone();
            }
        }
        value.to_owned()
    }

    /// Resolves managers to the ids of contacts in this export.
    fn resolve_managers(&mut self) {
        let mut people = std::mem::take(&mut self.batch.people);
        for p in &mut people {
            if let Some((m, column)) = p.reports_to.take() {
                let id = match m.strip_prefix('\u{1}') {
                    Some(name) => self.contact_id(name, true),
                    None => self.contact_id(&m, false),
                };
                p.reports_to = Some((id, column));
            }
        }
        self.batch.people = people;
    }

    /// The key of a contact reference (an id, or a name when the field holds names).
    fn contact_key(&self, v: &View<'_>, value: &str) -> PersonKey {
        PersonKey::Crm { source: self.mapping.source.clone(), id: self.contact_id(value, v.by_name("contact")) }
    }

    fn is_other_contact(&self, key: &PersonKey) -> bool {
        matches!(key, PersonKey::Crm { id, .. } if self.other_contacts.contains(id))
    }

    fn opportunities(&mut self, v: &View<'_>) {
        for (row, cells) in &v.sheet.rows {
            let origin = Origin::new(&v.sheet.file, Some(*row));
            let Some(id) = self.id_of(v, &origin, cells, Entity::Opportunity, "deal") else { continue };
            if !self.of_target(v, &origin, cells, Entity::Opportunity) {
                self.other_deals.insert(id.to_owned());
                if let Some(name) = v.cell(cells, "name") {
                    self.other_deals.insert(name.to_owned());
                }
                continue;
            }
            let mut o = Opportunity::new(id, v.cell(cells, "name").unwrap_or(id));
            if let Some(a) = v.cell(cells, "amount") {
                o.amount = self.number(v, &origin, Entity::Opportunity, "amount", a);
            }
            o.declared_stage = v.cell(cells, "stage").map(str::to_owned);
            self.deal_names.entry(o.name.clone()).or_default().push(o.id.clone());
            self.batch.opportunities.push((origin, o));
        }
    }

    fn contact_roles(&mut self, v: &View<'_>) {
        for (row, cells) in &v.sheet.rows {
            let origin = Origin::new(&v.sheet.file, Some(*row));
            let Some(contact) = v.cell(cells, "contact") else {
                let l = ReportLine::skipped(&origin, Entity::Role, Reason::MissingId, "the row names no contact")
                    .with_column(v.column("contact"));
                self.line(l);
                continue;
            };
            let key = self.contact_key(v, contact);
            if self.is_other_contact(&key) {
                let l = ReportLine::skipped(
                    &origin,
                    Entity::Role,
                    Reason::OtherAccount,
                    "the contact belongs to another account",
                )
                .with_column(v.column("contact"))
                .with_value(contact);
                self.line(l);
                continue;
            }
            let Some(cell) = v.cell(cells, "role") else {
                let l = ReportLine::skipped(&origin, Entity::Role, Reason::MissingValue, "the row gives no role")
                    .with_column(v.column("role"));
                self.line(l);
                continue;
            };
            let roles = self.roles(v, &origin, Entity::Role, Some(contact), cell);
            let all_unmapped = roles.is_empty()
                && items(cell, &self.mapping.list_separator).all(|x| !self.mapping.roles.contains_key(x));
            if !all_unmapped {
                self.batch.roles.push(RoleRecord { origin, contact: key, column: v.column("contact"), roles });
            }
        }
    }

    fn owner(&mut self, v: &View<'_>, origin: &Origin, cells: &[String]) -> Option<PersonKey> {
        let raw = v.cell(cells, "owner")?;
        let id = if v.by_name("owner") {
            self.user_names.get(raw).cloned().unwrap_or_else(|| raw.to_owned())
        } else {
            raw.to_owned()
        };
        if self.owners.insert(id.clone()) {
            let user = self.users.get(&id).cloned().unwrap_or_default();
            let mut p = PersonRecord::new(origin.clone(), Side::Us);
            p.crm = Some((self.mapping.source.clone(), id.clone()));
            p.name = user
                .name
                .or_else(|| v.cell(cells, "owner_name").map(str::to_owned))
                .or_else(|| v.by_name("owner").then(|| raw.to_owned()));
            p.title = user.title;
            let email = user.email.or_else(|| v.cell(cells, "owner_email").map(str::to_owned));
            p.emails = email.into_iter().filter(|e| crate::model::email_problem(e).is_none()).collect();
            p.authoritative = self.users.contains_key(&id);
            self.batch.people.push(p);
        }
        Some(PersonKey::Crm { source: self.mapping.source.clone(), id })
    }

    fn channel(&mut self, v: &View<'_>, origin: &Origin, id: &str, cells: &[String]) -> Option<Channel> {
        let skip = |reason, message: &str| {
            ReportLine::skipped(origin, Entity::Interaction, reason, message)
                .with_id(id)
                .with_column(v.column("channel"))
        };
        let Some(value) = v.cell(cells, "channel") else {
            if v.table.default_channel.is_none() {
                self.line(skip(Reason::MissingValue, "no activity type and no default channel"));
            }
            return v.table.default_channel;
        };
        match self.mapping.channels.get(value) {
            Some(Some(c)) => Some(*c),
            Some(None) => {
                self.line(
                    skip(Reason::UnmappedValue, "the mapping says this activity type is no interaction")
                        .with_value(value),
                );
                None
            }
            None => {
                let l = match v.table.default_channel {
                    Some(c) => {
                        let message =
                            format!("the activity type is not in the mapping's channels table; {} used", c.as_str());
                        ReportLine::warning(origin, Entity::Interaction, Reason::UnmappedValue, message)
                            .with_id(id)
                            .with_column(v.column("channel"))
                    }
                    None => skip(Reason::UnmappedValue, "the activity type is not in the mapping's channels table"),
                };
                self.line(l.with_value(value));
                v.table.default_channel
            }
        }
    }

    fn activities(&mut self, v: &View<'_>) {
        for (row, cells) in &v.sheet.rows {
            let origin = Origin::new(&v.sheet.file, Some(*row));
            let Some(id) = self.id_of(v, &origin, cells, Entity::Interaction, "activity") else { continue };
            if !self.of_target(v, &origin, cells, Entity::Interaction) {
                continue;
            }
            let at = match v.cell(cells, "at").map(|t| dates::parse(t, self.mapping.date_order, self.offset)) {
                Some(Ok(at)) => at,
                other => {
                    let (reason, message) = match &other {
                        Some(Err(m)) => (Reason::BadDate, m.clone()),
                        _ => (Reason::MissingValue, "the activity has no date".to_owned()),
                    };
                    let mut l = ReportLine::skipped(&origin, Entity::Interaction, reason, message)
                        .with_id(id)
                        .with_column(v.column("at"));
                    l.value = v.cell(cells, "at").map(str::to_owned);
                    self.line(l);
                    continue;
                }
            };
            let contacts: Vec<PersonKey> = match v.cell(cells, "contact") {
                Some(c) => items(c, &self.mapping.list_separator).map(|x| self.contact_key(v, x)).collect(),
                None => Vec::new(),
            };
            if contacts.is_empty() {
                let l = ReportLine::skipped(
                    &origin,
                    Entity::Interaction,
                    Reason::MissingValue,
                    "the activity names no contact",
                )
                .with_id(id)
                .with_column(v.column("contact"));
                self.line(l);
                continue;
            }
            if contacts.iter().all(|k| self.is_other_contact(k)) {
                let l = ReportLine::skipped(
                    &origin,
                    Entity::Interaction,
                    Reason::OtherAccount,
                    "its contacts belong to another account",
                )
                .with_id(id)
                .with_column(v.column("contact"));
                self.line(l);
                continue;
            }
            let Some(channel) = self.channel(v, &origin, id, cells) else { continue };
            let members = self.owner(v, &origin, cells).into_iter().collect();
            self.batch.interactions.push(InteractionRecord {
                origin,
                id: id.to_owned(),
                at,
                channel,
                members,
                stakeholders: contacts,
                stakeholder_column: Some(v.column("contact")),
                initiated_by: Initiator::Us,
                notes: v.cell(cells, "notes").map(str::to_owned),
            });
        }
    }
}

impl Reader<'_> {
    /// The deal a row names (an id, or a name when the field holds names or the
    /// value names one deal of this export), or `None` after a `missing_id` or
    /// `other_account` line.
    fn deal(&mut self, v: &View<'_>, origin: &Origin, cells: &[String], entity: Entity) -> Option<String> {
        let Some(value) = v.cell(cells, "opportunity") else {
            let l = ReportLine::skipped(origin, entity, Reason::MissingId, "the row names no deal")
                .with_column(v.column("opportunity"));
            self.line(l);
            return None;
        };
        if self.other_deals.contains(value) {
            let l = ReportLine::skipped(origin, entity, Reason::OtherAccount, "the deal belongs to another account")
                .with_column(v.column("opportunity"))
                .with_value(value);
            self.line(l);
            return None;
        }
        let by_name = v.by_name("opportunity");
        let is_id = self.batch.opportunities.iter().any(|(_, o)| o.id == value);
        if by_name || !is_id {
            if let Some([one]) = self.deal_names.get(value).map(Vec::as_slice) {
                return Some(one.clone());
            }
        }
        Some(value.to_owned())
    }

    /// A warning about the cell `value` of `field` (row, column and value named).
    #[allow(clippy::too_many_arguments)]
    fn warn(
        &mut self,
        v: &View<'_>,
        origin: &Origin,
        entity: Entity,
        id: &str,
        field: &str,
        value: &str,
        reason: Reason,
        message: String,
    ) {
        let l = ReportLine::warning(origin, entity, reason, message)
            .with_id(id)
            .with_column(v.column(field))
            .with_value(value);
        self.line(l);
    }

    fn qualification(&mut self, v: &View<'_>) {
        for (row, cells) in &v.sheet.rows {
            let origin = Origin::new(&v.sheet.file, Some(*row));
            let Some(deal) = self.deal(v, &origin, cells, Entity::Qualification) else { continue };
            let mut elements = Vec::new();
            for element in MeddpiccElement::ALL {
                let name = element.as_str();
                let mut e = ElementRecord {
                    element,
                    grade: None,
                    description: v.cell(cells, &format!("{name}_notes")).map(str::to_owned),
                    contact: None,
                    value: None,
                    tested: None,
                };
                if let Some(cell) = v.cell(cells, name) {
                    match grading::grade(self.mapping, cell) {
                        Graded::Grade(g) => e.grade = Some(g),
                        Graded::NotAssessed => {}
                        Graded::OutOfScale(x) => {
                            let scale = self.mapping.grade_scale.unwrap_or_default();
                            let message = format!("the score {x} is outside the grade scale 0..={scale}; not graded");
                            self.warn(v, &origin, Entity::Qualification, &deal, name, cell, Reason::Malformed, message);
                        }
                        Graded::Unknown => {
                            let message = "not a grade: not in the mapping's grades table, not red, yellow or \
                                           green, and no grade_scale; not graded"
                                .to_owned();
                            let reason = Reason::UnmappedValue;
                            self.warn(v, &origin, Entity::Qualification, &deal, name, cell, reason, message);
                        }
                    }
                }
                let person_field = format!("{name}_contact");
                if let Some(c) = v.cell(cells, &person_field) {
                    let key = PersonKey::Crm {
                        source: self.mapping.source.clone(),
                        id: self.contact_id(c, v.by_name(&person_field)),
                    };
                    e.contact = Some((key, v.column(&person_field)));
                }
                if element == MeddpiccElement::Metrics {
                    if let Some(x) = v.cell(cells, "metrics_value") {
                        e.value = self.number(v, &origin, Entity::Qualification, "metrics_value", x);
                    }
                }
                if element == MeddpiccElement::Champion {
                    if let Some(t) = v.cell(cells, "champion_tested") {
                        e.tested = grading::yes_no(t);
                        if e.tested.is_none() {
                            let message = "not yes or no; left as it was".to_owned();
                            let (entity, reason) = (Entity::Qualification, Reason::Malformed);
                            self.warn(v, &origin, entity, &deal, "champion_tested", t, reason, message);
                        }
                    }
                }
                let given = e.grade.is_some()
                    || e.description.is_some()
                    || e.contact.is_some()
                    || e.value.is_some()
                    || e.tested.is_some();
                if given {
                    elements.push(e);
                }
            }
            let column = v.column("opportunity");
            self.batch.qualifications.push(QualificationRecord { origin, opportunity: deal, column, elements });
        }
    }

    fn influences(&mut self, v: &View<'_>) {
        for (row, cells) in &v.sheet.rows {
            let origin = Origin::new(&v.sheet.file, Some(*row));
            let Some(deal) = self.deal(v, &origin, cells, Entity::BuyingInfluence) else { continue };
            let Some(contact) = v.cell(cells, "contact") else {
                let l = ReportLine::skipped(
                    &origin,
                    Entity::BuyingInfluence,
                    Reason::MissingId,
                    "the row names no contact",
                )
                .with_column(v.column("contact"));
                self.line(l);
                continue;
            };
            let key = self.contact_key(v, contact);
            if self.is_other_contact(&key) {
                let l = ReportLine::skipped(
                    &origin,
                    Entity::BuyingInfluence,
                    Reason::OtherAccount,
                    "the contact belongs to another account",
                )
                .with_column(v.column("contact"))
                .with_value(contact);
                self.line(l);
                continue;
            }
            let mut mode = None;
            if let Some(cell) = v.cell(cells, "response_mode") {
                match grading::response_mode(self.mapping, cell) {
                    Ok(m) => mode = m,
                    Err(()) => {
                        let message = "not a response mode: not in the mapping's response_modes table, not \
                                       growth, trouble, even keel or overconfident; left as it was"
                            .to_owned();
                        let (entity, reason) = (Entity::BuyingInfluence, Reason::UnmappedValue);
                        self.warn(v, &origin, entity, &deal, "response_mode", cell, reason, message);
                    }
                }
            }
            let win_results = match v.cell(cells, "win_results") {
                Some(w) => items(w, &self.mapping.list_separator).map(str::to_owned).collect(),
                None => Vec::new(),
            };
            self.batch.influences.push(InfluenceRecord {
                origin,
                opportunity: deal,
                opportunity_column: v.column("opportunity"),
                contact: key,
                contact_column: v.column("contact"),
                mode,
                win_results,
            });
        }
    }
}

/// Lines for files no table of the mapping reads.
pub(crate) fn unmatched(file: &str) -> ReportLine {
    let mut l = ReportLine::skipped(
        &Origin::new(file, None),
        Entity::File,
        Reason::Malformed,
        "no table of the mapping matches this file name",
    );
    l.outcome = Outcome::Skipped;
    l
}
