//! Checks of an opportunity's MEDDPICC elements and buying influences.

use std::collections::{HashMap, HashSet};

use super::validate as check;
use super::{MeddpiccElement, ModelError, Opportunity, ProcessElement};

/// Checks the qualification of opportunity `k` against the map's people.
pub(crate) fn check(
    o: &Opportunity,
    k: usize,
    stakeholders: &HashMap<String, usize>,
    members: &HashMap<String, usize>,
) -> Result<(), ModelError> {
    let f = |name: &str| format!("opportunities[{k}].{name}");
    let q = &o.meddpicc;
    for element in MeddpiccElement::ALL {
        let Some(status) = q.status(element) else { continue };
        let e = element.as_str();
        if let Some(by) = status.confirmed_by {
            check::reference(members, "team_member", by, || f(&format!("meddpicc.{e}.confirmed_by")))?;
        }
        if let Some(who) = status.stakeholder {
            check::reference(stakeholders, "stakeholder", who, || f(&format!("meddpicc.{e}.stakeholder")))?;
        }
    }
    if let Some(value) = q.metrics.as_ref().and_then(|m| m.value) {
        check::in_range(&o.id, &f("meddpicc.metrics.value"), value, check::NON_NEGATIVE)?;
    }
    for (name, process) in [("decision_process", &q.decision_process), ("paper_process", &q.paper_process)] {
        if let Some(p) = process {
            check_steps(o, p, &f(&format!("meddpicc.{name}")), stakeholders)?;
        }
    }
    let mut seen = HashSet::new();
    for (j, b) in o.buying_influences.iter().enumerate() {
        let field = || f(&format!("buying_influences[{j}].stakeholder"));
        check::reference(stakeholders, "stakeholder", &b.stakeholder, field)?;
        if !seen.insert(b.stakeholder.as_str()) {
            return Err(ModelError::DuplicateId {
                kind: "buying_influence",
                id: b.stakeholder.clone(),
                field: field(),
            });
        }
        for (i, w) in b.win_results.iter().enumerate() {
            check::id(w, || f(&format!("buying_influences[{j}].win_results[{i}]")))?;
        }
    }
    Ok(())
}

fn check_steps(
    o: &Opportunity,
    p: &ProcessElement,
    path: &str,
    stakeholders: &HashMap<String, usize>,
) -> Result<(), ModelError> {
    let mut last: Option<(usize, crate::time::Timestamp)> = None;
    for (i, step) in p.steps.iter().enumerate() {
        let f = |name: &str| format!("{path}.steps[{i}].{name}");
        check::id(&step.name, || f("name"))?;
        if let Some(owner) = &step.owner {
            check::reference(stakeholders, "stakeholder", owner, || f("owner"))?;
        }
        if let Some(date) = step.date {
            if let Some((j, before)) = last {
                if date < before {
                    return Err(ModelError::InvalidTime {
                        id: o.id.clone(),
                        field: f("date"),
                        reason: format!("dates out of order: {date} is before step {j}'s {before}"),
                    });
                }
            }
            last = Some((i, date));
        }
    }
    Ok(())
}

/// The first field of an opportunity's qualification that names stakeholder `id`.
pub(crate) fn stakeholder_reference(o: &Opportunity, id: &str) -> Option<String> {
    let q = &o.meddpicc;
    for element in MeddpiccElement::ALL {
        if q.status(element).and_then(|s| s.stakeholder) == Some(id) {
            return Some(format!("meddpicc.{element}.stakeholder"));
        }
    }
    for (name, process) in [("decision_process", &q.decision_process), ("paper_process", &q.paper_process)] {
        if let Some(p) = process {
            if let Some(i) = p.steps.iter().position(|s| s.owner.as_deref() == Some(id)) {
                return Some(format!("meddpicc.{name}.steps[{i}].owner"));
            }
        }
    }
    o.buying_influences.iter().position(|b| b.stakeholder == id).map(|j| format!("buying_influences[{j}].stakeholder"))
}
