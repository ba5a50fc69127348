//! CSV folder → [`MapDocument`].

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::specs;
use super::table::{boolean, csv_error, enum_value, number, time, Row, Spec, Table};
use crate::activity::{ActivityLog, Observation, Party};
use crate::io::FormatError;
use crate::model::{
    Account, Criterion, Evidence, EvidenceKind, Interaction, MapDocument, Meddpicc, Milestone, Opportunity, Relation,
    Stakeholder, TeamMember, FORMAT,
};

/// Where the files of a folder come from: `Ok(None)` for a missing file.
type Source<'a> = dyn Fn(&Spec) -> Result<Option<Table>, FormatError> + 'a;

fn required_table(source: &Source<'_>, spec: &Spec, path: impl FnOnce() -> String) -> Result<Table, FormatError> {
    source(spec)?.ok_or_else(|| FormatError::Io { path: path(), message: "required file is missing".to_owned() })
}

/// Reads every file of the folder into an unchecked document.
pub(crate) fn read_document(dir: &Path) -> Result<MapDocument, FormatError> {
    if !dir.is_dir() {
        return Err(FormatError::Io { path: dir.display().to_string(), message: "not a directory".to_owned() });
    }
    read_tables(&|spec: &Spec| Table::read(dir, spec), &|file: &str| dir.join(file).display().to_string())
}

/// Reads files given as (name, bytes) into an unchecked document.
pub(crate) fn read_document_from_files(files: &[(&str, &[u8])]) -> Result<MapDocument, FormatError> {
    for (k, (name, _)) in files.iter().enumerate() {
        if !specs::ALL.iter().any(|s| s.file == *name) {
            let names: Vec<&str> = specs::ALL.iter().map(|s| s.file).collect();
            let message = format!("not a file of a CSV folder; expected one of {}", names.join(", "));
            return Err(FormatError::Io { path: (*name).to_owned(), message });
        }
        if files[..k].iter().any(|(other, _)| other == name) {
            return Err(FormatError::Io { path: (*name).to_owned(), message: "file given twice".to_owned() });
        }
    }
    let source = |spec: &Spec| -> Result<Option<Table>, FormatError> {
        files.iter().find(|(name, _)| *name == spec.file).map(|(_, bytes)| Table::parse_file(spec, bytes)).transpose()
    };
    read_tables(&source, &|file: &str| file.to_owned())
}

fn read_tables(source: &Source<'_>, path: &dyn Fn(&str) -> String) -> Result<MapDocument, FormatError> {
    let account = read_account(&required_table(source, &specs::ACCOUNT, || path(specs::ACCOUNT.file))?)?;
    let stakeholders =
        read_stakeholders(&required_table(source, &specs::STAKEHOLDERS, || path(specs::STAKEHOLDERS.file))?)?;
    let optional = |spec: &Spec| source(spec);
    let relations = optional(&specs::RELATIONS)?.map(|t| read_relations(&t)).transpose()?.unwrap_or_default();
    let team = optional(&specs::TEAM)?.map(|t| read_team(&t)).transpose()?.unwrap_or_default();
    let interactions = optional(&specs::INTERACTIONS)?.map(|t| read_interactions(&t)).transpose()?.unwrap_or_default();
    let evidence = optional(&specs::EVIDENCE)?.map(|t| read_evidence(&t)).transpose()?.unwrap_or_default();
    let mut opportunities =
        optional(&specs::OPPORTUNITIES)?.map(|t| read_opportunities(&t)).transpose()?.unwrap_or_default();
    if let Some(t) = optional(&specs::MILESTONES)? {
        read_milestones(&t, &mut opportunities)?;
    }
    if let Some(t) = optional(&specs::CRITERIA)? {
        read_criteria(&t, &mut opportunities)?;
    }
    if let Some(t) = optional(&specs::VENDOR_SCORES)? {
        read_vendor_scores(&t, &mut opportunities)?;
    }
    if let Some(t) = optional(&specs::MEDDPICC)? {
        super::qualification::read_meddpicc(&t, &mut opportunities)?;
    }
    if let Some(t) = optional(&specs::PROCESS_STEPS)? {
        super::qualification::read_process_steps(&t, &mut opportunities)?;
    }
    if let Some(t) = optional(&specs::BUYING_INFLUENCES)? {
        super::qualification::read_buying_influences(&t, &mut opportunities)?;
    }
    let activity = optional(&specs::ACTIVITY)?.map(|t| read_activity(&t)).transpose()?.unwrap_or_default();
    Ok(MapDocument {
        format: FORMAT.to_owned(),
        account,
        stakeholders,
        relations,
        team,
        interactions,
        evidence,
        opportunities,
        activity,
    })
}

/// `activity.csv`: the rows of one observation share its id (and must agree on
/// its time, kind, channel and `in_reply_to`); observations keep the order of
/// their first row.
fn read_activity(t: &Table) -> Result<ActivityLog, FormatError> {
    let mut log = ActivityLog::default();
    let mut at_index: HashMap<String, usize> = HashMap::new();
    for r in t.rows() {
        let id: String = r.required("id", |s| Ok(s.to_owned()))?;
        let head = Observation {
            id: id.clone(),
            at: r.required("at", time)?,
            kind: r.required("kind", enum_value)?,
            channel: r.required("channel", enum_value)?,
            from: None,
            to: Vec::new(),
            cc: Vec::new(),
            in_reply_to: r.opt_string("in_reply_to"),
            failed: Vec::new(),
        };
        let i = match at_index.get(&id) {
            Some(&i) => {
                let o = &log.observations[i];
                for (column, same) in [
                    ("at", o.at == head.at),
                    ("kind", o.kind == head.kind),
                    ("channel", o.channel == head.channel),
                    ("in_reply_to", o.in_reply_to == head.in_reply_to),
                ] {
                    if !same {
                        return Err(r.error(column, format!("differs from an earlier row of observation {id:?}")));
                    }
                }
                i
            }
            None => {
                at_index.insert(id, log.observations.len());
                log.observations.push(head);
                log.observations.len() - 1
            }
        };
        let o = &mut log.observations[i];
        let email = r.opt_string("email");
        let name = r.opt_string("name");
        match (r.text("role"), email) {
            (None, None) => {
                if name.is_some() {
                    return Err(r.error("name", "a name needs an email and a role"));
                }
            }
            (Some(role), Some(email)) => {
                let party = Party { email, name };
                match role {
                    "from" if o.from.is_none() => o.from = Some(party),
                    "from" => return Err(r.error("role", "a second `from` for one observation")),
                    "to" => o.to.push(party),
                    "cc" => o.cc.push(party),
                    "failed" if party.name.is_none() => o.failed.push(party.email),
                    "failed" => return Err(r.error("name", "a failed address has no name")),
                    other => {
                        return Err(r.error("role", format!("unknown role {other:?}; expected from, to, cc or failed")))
                    }
                }
            }
            (None, Some(_)) => return Err(r.error("role", "an email needs a role")),
            (Some(_), None) => return Err(r.error("email", "a role needs an email")),
        }
    }
    Ok(log)
}

fn read_account(t: &Table) -> Result<Account, FormatError> {
    let mut rows = t.rows();
    let Some(r) = rows.next() else {
        return Err(csv_error(t.file(), 2, "", "expected exactly one account row, found none"));
    };
    if let Some(extra) = rows.next() {
        return Err(extra.error("", "expected exactly one account row"));
    }
    Ok(Account {
        id: r.string("id"),
        name: r.string("name"),
        industry: r.opt_string("industry"),
        region: r.opt_string("region"),
        employees: r.optional("employees", number)?,
        revenue: r.optional("revenue", number)?,
        segment: r.opt_string("segment"),
        tags: r.list("tags")?,
    })
}

fn read_stakeholders(t: &Table) -> Result<Vec<Stakeholder>, FormatError> {
    let competitors = t.prefixed(specs::STANCE_TOWARD);
    let sources = t.prefixed(specs::CRM_IDS);
    t.rows()
        .map(|r| {
            let mut stance_toward = BTreeMap::new();
            for (competitor, column) in &competitors {
                if let Some(v) = r.optional(column, number)? {
                    stance_toward.insert(competitor.clone(), v);
                }
            }
            Ok(Stakeholder {
                id: r.string("id"),
                name: r.string("name"),
                title: r.opt_string("title"),
                department: r.opt_string("department"),
                reports_to: r.opt_string("reports_to"),
                roles: r.enum_list("roles")?,
                authority: r.optional("authority", number)?,
                openness: r.optional("openness", number)?,
                stance: r.optional("stance", number)?,
                stance_toward,
                concerns: r.list("concerns")?,
                needs: r.list("needs")?,
                preferred_channel: r.optional("preferred_channel", enum_value)?,
                emails: r.list("emails")?,
                crm_ids: crm_ids(&r, &sources),
            })
        })
        .collect()
}

fn read_relations(t: &Table) -> Result<Vec<Relation>, FormatError> {
    t.rows()
        .map(|r| {
            Ok(Relation {
                source: r.string("source"),
                target: r.string("target"),
                kind: r.required("kind", enum_value)?,
                direction: r.optional("direction", enum_value)?.unwrap_or_default(),
                strength: r.required("strength", number)?,
                notes: r.opt_string("notes"),
            })
        })
        .collect()
}

/// The `crm_ids.<source>` cells of a row (an empty cell = no id in that source).
fn crm_ids(r: &Row<'_>, sources: &[(String, String)]) -> BTreeMap<String, String> {
    sources.iter().filter_map(|(source, column)| Some((source.clone(), r.opt_string(column)?))).collect()
}

fn read_team(t: &Table) -> Result<Vec<TeamMember>, FormatError> {
    let sources = t.prefixed(specs::CRM_IDS);
    t.rows()
        .map(|r| {
            Ok(TeamMember {
                id: r.string("id"),
                name: r.string("name"),
                role: r.opt_string("role"),
                title: r.opt_string("title"),
                emails: r.list("emails")?,
                crm_ids: crm_ids(&r, &sources),
            })
        })
        .collect()
}

fn read_interactions(t: &Table) -> Result<Vec<Interaction>, FormatError> {
    t.rows()
        .map(|r| {
            Ok(Interaction {
                id: r.string("id"),
                at: r.required("at", time)?,
                channel: r.required("channel", enum_value)?,
                members: r.list("members")?,
                stakeholders: r.list("stakeholders")?,
                initiated_by: r.optional("initiated_by", enum_value)?.unwrap_or_default(),
                sentiment: r.optional("sentiment", number)?,
                notes: r.opt_string("notes"),
            })
        })
        .collect()
}

fn read_evidence(t: &Table) -> Result<Vec<Evidence>, FormatError> {
    t.rows().map(|r| read_evidence_row(&r)).collect()
}

fn read_evidence_row(r: &Row<'_>) -> Result<Evidence, FormatError> {
    let kind_name: String = r.required("kind", |s| Ok(s.to_owned()))?;
    let not_for = format!("not used by evidence of kind {kind_name}");
    let kind = match kind_name.as_str() {
        "commitment" => {
            for c in ["positive", "pillar", "rating"] {
                r.unused(c, &not_for)?;
            }
            EvidenceKind::Commitment {
                due: r.required("due", time)?,
                delivered: r.optional("delivered", time)?,
                description: r.opt_string("description"),
            }
        }
        "expertise_signal" | "sincerity_event" => {
            for c in ["due", "delivered", "pillar", "rating"] {
                r.unused(c, &not_for)?;
            }
            let positive = r.required("positive", boolean)?;
            let description = r.opt_string("description");
            if kind_name == "expertise_signal" {
                EvidenceKind::ExpertiseSignal { positive, description }
            } else {
                EvidenceKind::SincerityEvent { positive, description }
            }
        }
        "assessment" => {
            for c in ["due", "delivered", "positive", "description"] {
                r.unused(c, &not_for)?;
            }
            EvidenceKind::Assessment {
                pillar: r.required("pillar", enum_value)?,
                rating: r.required("rating", number)?,
            }
        }
        other => {
            return Err(r.error(
                "kind",
                format!(
                "unknown evidence kind {other:?}; expected commitment, expertise_signal, sincerity_event or assessment"
            ),
            ))
        }
    };
    Ok(Evidence {
        id: r.string("id"),
        at: r.required("at", time)?,
        member: r.string("member"),
        stakeholder: r.string("stakeholder"),
        kind,
    })
}

fn read_opportunities(t: &Table) -> Result<Vec<Opportunity>, FormatError> {
    t.rows()
        .map(|r| {
            Ok(Opportunity {
                id: r.string("id"),
                name: r.string("name"),
                amount: r.optional("amount", number)?,
                competitors: r.list("competitors")?,
                declared_stage: r.opt_string("declared_stage"),
                milestones: Vec::new(),
                criteria: Vec::new(),
                vendor_scores: BTreeMap::new(),
                meddpicc: Meddpicc::default(),
                buying_influences: Vec::new(),
            })
        })
        .collect()
}

/// The opportunity a sub-table row belongs to (the first one with that id).
pub(super) fn opportunity<'o>(
    r: &Row<'_>,
    opportunities: &'o mut [Opportunity],
) -> Result<&'o mut Opportunity, FormatError> {
    let id = r.string("opportunity");
    opportunities
        .iter_mut()
        .find(|o| o.id == id)
        .ok_or_else(|| r.error("opportunity", format!("unknown opportunity id {id:?} (not in opportunities.csv)")))
}

fn read_milestones(t: &Table, opportunities: &mut [Opportunity]) -> Result<(), FormatError> {
    for r in t.rows() {
        let key = r.string("key");
        let at = r.required("at", time)?;
        opportunity(&r, opportunities)?.milestones.push(Milestone { key, at });
    }
    Ok(())
}

fn read_criteria(t: &Table, opportunities: &mut [Opportunity]) -> Result<(), FormatError> {
    // (opportunity id, criterion id) → row where the criterion's name was first given.
    let mut named_at: HashMap<(String, String), usize> = HashMap::new();
    for r in t.rows() {
        let criterion_id = r.string("criterion");
        let name = r.opt_string("name");
        let weight = match (r.opt_string("stakeholder"), r.optional("weight", number)?) {
            (Some(s), Some(w)) => Some((s, w)),
            (None, None) => None,
            (Some(_), None) => return Err(r.error("weight", "value is missing (a stakeholder is given)")),
            (None, Some(_)) => return Err(r.error("stakeholder", "value is missing (a weight is given)")),
        };
        let o = opportunity(&r, opportunities)?;
        let key = (o.id.clone(), criterion_id.clone());
        let c = match o.criteria.iter().position(|c| c.id == criterion_id) {
            Some(j) => &mut o.criteria[j],
            None => {
                o.criteria.push(Criterion { id: criterion_id.clone(), name: None, weights: BTreeMap::new() });
                o.criteria.last_mut().expect("just pushed")
            }
        };
        if let Some(name) = name {
            match &c.name {
                None => {
                    c.name = Some(name);
                    named_at.insert(key, r.number());
                }
                Some(old) if *old == name => {}
                Some(old) => {
                    let first = named_at.get(&key).copied().unwrap_or(0);
                    return Err(
                        r.error("name", format!("criterion {criterion_id:?} is already named {old:?} (row {first})"))
                    );
                }
            }
        }
        if let Some((stakeholder, w)) = weight {
            match c.weights.entry(stakeholder) {
                Entry::Vacant(v) => {
                    v.insert(w);
                }
                Entry::Occupied(o) => {
                    return Err(r.error(
                        "stakeholder",
                        format!("criterion {criterion_id:?} already has a weight for {:?}", o.key()),
                    ))
                }
            }
        }
    }
    Ok(())
}

fn read_vendor_scores(t: &Table, opportunities: &mut [Opportunity]) -> Result<(), FormatError> {
    for r in t.rows() {
        let vendor = r.string("vendor");
        let criterion = r.string("criterion");
        let score = r.required("score", number)?;
        let o = opportunity(&r, opportunities)?;
        match o.vendor_scores.entry(vendor.clone()).or_default().entry(criterion) {
            Entry::Vacant(v) => {
                v.insert(score);
            }
            Entry::Occupied(e) => {
                return Err(r.error("criterion", format!("vendor {vendor:?} already has a score for {:?}", e.key())))
            }
        }
    }
    Ok(())
}
