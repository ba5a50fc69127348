//! [`RelationshipMap`] → CSV folder.
//!
//! Every fixed column is written, except `emails`, which is left out of a
//! file when nobody in it has an address (as are the open-ended columns).
//!
//! The writer is the exact inverse of the reader: every value it writes reads
//! back equal. A value the CSV form cannot carry (a text with leading or
//! trailing white space, an empty optional text, a list item containing `;`)
//! is refused with a [`FormatError::Csv`] naming the cell, never altered.
//!
//! Text cells that a spreadsheet would run as a formula (starting with `=`, `+`,
//! `-` or `@`) get a leading `'`, as OWASP advises against CSV injection, and so
//! does a text that starts with `'` itself; the reader removes one leading `'`
//! from every cell, so all of them read back as they were.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use super::specs;
use super::table::{csv_error, needs_text_prefix, Spec, LIST_SEPARATOR, TEXT_PREFIX};
use crate::io::FormatError;
use crate::model::{EvidenceKind, MeddpiccElement, RelationshipMap};
use crate::time::Timestamp;

/// The rows of one file under construction, with representability checks.
struct Sheet {
    spec: &'static Spec,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// One row under construction.
struct Line<'s> {
    sheet: &'s Sheet,
    cells: Vec<String>,
}

impl Sheet {
    fn new(spec: &'static Spec) -> Self {
        Sheet { spec, header: spec.columns().map(str::to_owned).collect(), rows: Vec::new() }
    }

    fn line(&self) -> Line<'_> {
        Line { sheet: self, cells: vec![String::new(); self.header.len()] }
    }

    /// Leaves an optional column out unless `used` (so maps without contact
    /// keys write the same files as before they existed).
    fn keep_if(&mut self, column: &str, used: bool) {
        if !used {
            self.header.retain(|h| h != column);
        }
    }

    /// Adds one `<prefix><name>` column per distinct name, sorted.
    fn open_columns<'a>(
        &mut self,
        prefix: &str,
        what: &str,
        names: impl Iterator<Item = &'a String>,
    ) -> Result<(), FormatError> {
        let names: BTreeSet<&String> = names.collect();
        for n in names {
            if n.is_empty() || n.trim() != n.as_str() {
                let message = format!("cannot be written as CSV: {what} {n:?} is empty or has surrounding white space");
                return Err(csv_error(self.spec.file, 1, prefix, message));
            }
            self.header.push(format!("{prefix}{n}"));
        }
        Ok(())
    }

    fn row_number(&self) -> usize {
        self.rows.len() + 2
    }

    /// The file's text.
    fn text(&self) -> String {
        let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        // Writing strings into memory cannot fail.
        w.write_record(&self.header).expect("writing CSV to memory");
        for row in &self.rows {
            w.write_record(row).expect("writing CSV to memory");
        }
        let bytes = w.into_inner().expect("writing CSV to memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8")
    }
}

impl Line<'_> {
    fn error(&self, column: &str, message: &str) -> FormatError {
        csv_error(self.sheet.spec.file, self.sheet.row_number(), column, format!("cannot be written as CSV: {message}"))
    }

    fn put(&mut self, column: &str, value: String) {
        let c = self.sheet.header.iter().position(|h| h == column).expect("column is in the sheet's spec");
        self.cells[c] = value;
    }

    /// A text cell, with the text prefix when a spreadsheet would take it for a formula.
    fn put_text(&mut self, column: &str, value: String) {
        if needs_text_prefix(&value) {
            self.put(column, format!("{TEXT_PREFIX}{value}"));
        } else {
            self.put(column, value);
        }
    }

    /// A text that reads back as itself: no trailing white space (leading white
    /// space is kept behind the text prefix).
    fn text(&mut self, column: &str, value: &str) -> Result<(), FormatError> {
        if value.trim_end() != value {
            return Err(self.error(column, "the text has trailing white space"));
        }
        self.put_text(column, value.to_owned());
        Ok(())
    }

    /// An optional text: `None` is an empty cell, so `Some("")` cannot be written.
    fn opt_text(&mut self, column: &str, value: Option<&str>) -> Result<(), FormatError> {
        match value {
            None => Ok(()),
            Some("") => Err(self.error(column, "an empty text would read back as absent")),
            Some(v) => self.text(column, v),
        }
    }

    fn list<S: AsRef<str>>(&mut self, column: &str, items: &[S]) -> Result<(), FormatError> {
        for item in items {
            let item = item.as_ref();
            if item.is_empty() || item.trim() != item || item.contains(LIST_SEPARATOR) {
                return Err(self.error(
                    column,
                    &format!("list item {item:?} is empty, has surrounding white space or contains ';'"),
                ));
            }
        }
        self.put_text(column, items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(";"));
        Ok(())
    }

    fn number(&mut self, column: &str, value: Option<impl ToString>) {
        if let Some(v) = value {
            // f64's Display is the shortest text that parses back to the same value.
            self.put(column, v.to_string());
        }
    }

    fn time(&mut self, column: &str, value: Option<Timestamp>) {
        self.number(column, value);
    }

    fn enum_name(&mut self, column: &str, value: Option<impl Serialize>) {
        if let Some(v) = value {
            self.put(column, enum_name(&v));
        }
    }

    /// The `crm_ids.<source>` cells.
    fn crm_ids(&mut self, ids: &std::collections::BTreeMap<String, String>) -> Result<(), FormatError> {
        for (source, id) in ids {
            self.text(&format!("{}{source}", specs::CRM_IDS), id)?;
        }
        Ok(())
    }

    fn finish(self) -> Vec<String> {
        self.cells
    }
}

fn enum_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("unit enum variants serialize as strings, got {other:?}"),
    }
}

fn push(sheet: &mut Sheet, fill: impl FnOnce(&mut Line<'_>) -> Result<(), FormatError>) -> Result<(), FormatError> {
    let mut line = sheet.line();
    fill(&mut line)?;
    let cells = line.finish();
    sheet.rows.push(cells);
    Ok(())
}

/// Builds every file of the folder in memory.
fn sheets(map: &RelationshipMap) -> Result<Vec<Sheet>, FormatError> {
    let mut out = Vec::with_capacity(specs::ALL.len());

    let mut s = Sheet::new(&specs::ACCOUNT);
    let a = map.account();
    push(&mut s, |l| {
        l.text("id", &a.id)?;
        l.text("name", &a.name)?;
        l.opt_text("industry", a.industry.as_deref())?;
        l.opt_text("region", a.region.as_deref())?;
        l.number("employees", a.employees);
        l.number("revenue", a.revenue);
        l.opt_text("segment", a.segment.as_deref())?;
        l.list("tags", &a.tags)
    })?;
    out.push(s);

    let mut s = Sheet::new(&specs::STAKEHOLDERS);
    s.keep_if("emails", map.stakeholders().iter().any(|p| !p.emails.is_empty()));
    s.open_columns(
        specs::STANCE_TOWARD,
        "competitor name",
        map.stakeholders().iter().flat_map(|p| p.stance_toward.keys()),
    )?;
    s.open_columns(specs::CRM_IDS, "source name", map.stakeholders().iter().flat_map(|p| p.crm_ids.keys()))?;
    for p in map.stakeholders() {
        push(&mut s, |l| {
            l.text("id", &p.id)?;
            l.text("name", &p.name)?;
            l.opt_text("title", p.title.as_deref())?;
            l.opt_text("department", p.department.as_deref())?;
            l.opt_text("reports_to", p.reports_to.as_deref())?;
            l.list("roles", &p.roles.iter().map(enum_name).collect::<Vec<_>>())?;
            l.number("authority", p.authority);
            l.number("openness", p.openness);
            l.number("stance", p.stance);
            l.list("concerns", &p.concerns)?;
            l.list("needs", &p.needs)?;
            l.enum_name("preferred_channel", p.preferred_channel);
            for (c, v) in &p.stance_toward {
                l.number(&format!("{}{c}", specs::STANCE_TOWARD), Some(v));
            }
            if !p.emails.is_empty() {
                l.list("emails", &p.emails)?;
            }
            l.crm_ids(&p.crm_ids)
        })?;
    }
    out.push(s);

    let mut s = Sheet::new(&specs::RELATIONS);
    for r in map.relations() {
        push(&mut s, |l| {
            l.text("source", &r.source)?;
            l.text("target", &r.target)?;
            l.enum_name("kind", Some(r.kind));
            l.number("strength", Some(r.strength));
            l.enum_name("direction", Some(r.direction));
            l.opt_text("notes", r.notes.as_deref())
        })?;
    }
    out.push(s);

    let mut s = Sheet::new(&specs::TEAM);
    s.keep_if("emails", map.team().iter().any(|m| !m.emails.is_empty()));
    s.open_columns(specs::CRM_IDS, "source name", map.team().iter().flat_map(|m| m.crm_ids.keys()))?;
    for m in map.team() {
        push(&mut s, |l| {
            l.text("id", &m.id)?;
            l.text("name", &m.name)?;
            l.opt_text("role", m.role.as_deref())?;
            l.opt_text("title", m.title.as_deref())?;
            if !m.emails.is_empty() {
                l.list("emails", &m.emails)?;
            }
            l.crm_ids(&m.crm_ids)
        })?;
    }
    out.push(s);

    let mut s = Sheet::new(&specs::INTERACTIONS);
    for x in map.interactions() {
        push(&mut s, |l| {
            l.text("id", &x.id)?;
            l.time("at", Some(x.at));
            l.enum_name("channel", Some(x.channel));
            l.list("members", &x.members)?;
            l.list("stakeholders", &x.stakeholders)?;
            l.enum_name("initiated_by", Some(x.initiated_by));
            l.number("sentiment", x.sentiment);
            l.opt_text("notes", x.notes.as_deref())
        })?;
    }
    out.push(s);

    let mut s = Sheet::new(&specs::EVIDENCE);
    for e in map.evidence() {
        push(&mut s, |l| {
            l.text("id", &e.id)?;
            l.put("kind", e.kind.code().to_owned());
            l.time("at", Some(e.at));
            l.text("member", &e.member)?;
            l.text("stakeholder", &e.stakeholder)?;
            match &e.kind {
                EvidenceKind::Commitment { due, delivered, description } => {
                    l.time("due", Some(*due));
                    l.time("delivered", *delivered);
                    l.opt_text("description", description.as_deref())
                }
                EvidenceKind::ExpertiseSignal { positive, description }
                | EvidenceKind::SincerityEvent { positive, description } => {
                    l.put("positive", positive.to_string());
                    l.opt_text("description", description.as_deref())
                }
                EvidenceKind::Assessment { pillar, rating } => {
                    l.enum_name("pillar", Some(pillar));
                    l.number("rating", Some(rating));
                    Ok(())
                }
            }
        })?;
    }
    out.push(s);

    out.extend(opportunity_sheets(map)?);
    if !map.activity().is_empty() {
        out.push(activity_sheet(map)?);
    }
    Ok(out)
}

/// `activity.csv`: one row per person of each observation.
fn activity_sheet(map: &RelationshipMap) -> Result<Sheet, FormatError> {
    let mut s = Sheet::new(&specs::ACTIVITY);
    for o in &map.activity().observations {
        let base = |l: &mut Line<'_>| {
            l.text("id", &o.id)?;
            l.time("at", Some(o.at));
            l.enum_name("kind", Some(o.kind));
            l.enum_name("channel", Some(o.channel));
            l.opt_text("in_reply_to", o.in_reply_to.as_deref())
        };
        let people = o
            .from
            .iter()
            .map(|p| ("from", p.email.as_str(), p.name.as_deref()))
            .chain(o.to.iter().map(|p| ("to", p.email.as_str(), p.name.as_deref())))
            .chain(o.cc.iter().map(|p| ("cc", p.email.as_str(), p.name.as_deref())))
            .chain(o.failed.iter().map(|e| ("failed", e.as_str(), None)));
        let mut any = false;
        for (role, email, name) in people {
            any = true;
            push(&mut s, |l| {
                base(l)?;
                l.put("role", role.to_owned());
                if email.is_empty() {
                    return Err(l.error("email", "an empty address would read back as absent"));
                }
                l.text("email", email)?;
                l.opt_text("name", name)
            })?;
        }
        if !any {
            push(&mut s, base)?;
        }
    }
    Ok(s)
}

fn opportunity_sheets(map: &RelationshipMap) -> Result<[Sheet; 7], FormatError> {
    let mut opps = Sheet::new(&specs::OPPORTUNITIES);
    let mut milestones = Sheet::new(&specs::MILESTONES);
    let mut criteria = Sheet::new(&specs::CRITERIA);
    let mut scores = Sheet::new(&specs::VENDOR_SCORES);
    for o in map.opportunities() {
        push(&mut opps, |l| {
            l.text("id", &o.id)?;
            l.text("name", &o.name)?;
            l.number("amount", o.amount);
            l.list("competitors", &o.competitors)?;
            l.opt_text("declared_stage", o.declared_stage.as_deref())
        })?;
        for m in &o.milestones {
            push(&mut milestones, |l| {
                l.text("opportunity", &o.id)?;
                l.text("key", &m.key)?;
                l.time("at", Some(m.at));
                Ok(())
            })?;
        }
        for c in &o.criteria {
            let base = |l: &mut Line<'_>| {
                l.text("opportunity", &o.id)?;
                l.text("criterion", &c.id)?;
                l.opt_text("name", c.name.as_deref())
            };
            if c.weights.is_empty() {
                push(&mut criteria, base)?;
            }
            for (stakeholder, w) in &c.weights {
                push(&mut criteria, |l| {
                    base(l)?;
                    l.text("stakeholder", stakeholder)?;
                    l.number("weight", Some(w));
                    Ok(())
                })?;
            }
        }
        for (vendor, by_criterion) in &o.vendor_scores {
            if by_criterion.is_empty() {
                let message = format!("cannot be written as CSV: vendor {vendor:?} has no scores and would be lost");
                return Err(csv_error(specs::VENDOR_SCORES.file, scores.row_number(), "vendor", message));
            }
            for (criterion, score) in by_criterion {
                push(&mut scores, |l| {
                    l.text("opportunity", &o.id)?;
                    l.text("vendor", vendor)?;
                    l.text("criterion", criterion)?;
                    l.number("score", Some(score));
                    Ok(())
                })?;
            }
        }
    }
    let [meddpicc, steps, influences] = qualification_sheets(map)?;
    Ok([opps, milestones, criteria, scores, meddpicc, steps, influences])
}

fn boolean(value: bool) -> Option<&'static str> {
    Some(if value { "true" } else { "false" })
}

/// `meddpicc.csv`, `process_steps.csv` and `buying_influences.csv`.
fn qualification_sheets(map: &RelationshipMap) -> Result<[Sheet; 3], FormatError> {
    let mut elements = Sheet::new(&specs::MEDDPICC);
    let mut steps = Sheet::new(&specs::PROCESS_STEPS);
    let mut influences = Sheet::new(&specs::BUYING_INFLUENCES);
    for o in map.opportunities() {
        let q = &o.meddpicc;
        for element in MeddpiccElement::ALL {
            let Some(status) = q.status(element) else { continue };
            let description = q.assessed(element).and_then(|e| e.assessment().description);
            push(&mut elements, |l| {
                l.text("opportunity", &o.id)?;
                l.enum_name("element", Some(element));
                l.enum_name("grade", Some(status.grade));
                l.opt_text("stakeholder", status.stakeholder)?;
                if element == MeddpiccElement::Metrics {
                    l.number("value", q.metrics.as_ref().and_then(|m| m.value));
                }
                if let (MeddpiccElement::Champion, Some(c)) = (element, &q.champion) {
                    l.opt_text("tested", boolean(c.tested))?;
                }
                l.opt_text("description", description)?;
                l.opt_text("confirmed_by", status.confirmed_by)?;
                l.time("confirmed_at", status.confirmed_at);
                Ok(())
            })?;
        }
        for (element, process) in
            [(MeddpiccElement::DecisionProcess, &q.decision_process), (MeddpiccElement::PaperProcess, &q.paper_process)]
        {
            for step in process.iter().flat_map(|p| &p.steps) {
                push(&mut steps, |l| {
                    l.text("opportunity", &o.id)?;
                    l.enum_name("process", Some(element));
                    l.text("step", &step.name)?;
                    l.opt_text("owner", step.owner.as_deref())?;
                    l.time("date", step.date);
                    l.opt_text("confirmed", boolean(step.confirmed))
                })?;
            }
        }
        for b in &o.buying_influences {
            push(&mut influences, |l| {
                l.text("opportunity", &o.id)?;
                l.text("stakeholder", &b.stakeholder)?;
                l.put("roles", b.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(";"));
                l.enum_name("response_mode", b.response_mode);
                l.list("win_results", &b.win_results)
            })?;
        }
    }
    Ok([elements, steps, influences])
}

/// Every file of the folder as (file name, text), in [`specs::ALL`] order.
pub(crate) fn folder_files(map: &RelationshipMap) -> Result<Vec<(&'static str, String)>, FormatError> {
    Ok(sheets(map)?.iter().map(|s| (s.spec.file, s.text())).collect())
}

/// Writes every file of the folder (creating the folder if needed).
pub(crate) fn write_folder(map: &RelationshipMap, dir: &Path) -> Result<(), FormatError> {
    // Check everything before touching the disk, so a refused map leaves no half-written folder.
    let files = folder_files(map)?;
    let io =
        |path: &Path, e: std::io::Error| FormatError::Io { path: path.display().to_string(), message: e.to_string() };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    Ok(())
}
