//! The rules each entity of a map must satisfy, shared by the building API
//! (`edit`) and the document reader (`document`), and the field-level checks
//! they are made of.

use std::collections::HashMap;

use super::{Account, ModelError, Stakeholder};
use crate::time::Timestamp;

pub(crate) fn id(value: &str, field: impl FnOnce() -> String) -> Result<(), ModelError> {
    if value.trim().is_empty() {
        Err(ModelError::EmptyId { field: field() })
    } else {
        Ok(())
    }
}

/// An instant in the supported range (the years 0000..=9999, see [`Timestamp::in_range`]).
pub(crate) fn time(id: &str, field: impl FnOnce() -> String, t: Timestamp) -> Result<(), ModelError> {
    t.check_range().map(|_| ()).map_err(|reason| ModelError::InvalidTime { id: id.to_owned(), field: field(), reason })
}

pub(crate) fn finite(id: &str, field: &str, value: f64) -> Result<(), ModelError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(ModelError::NonFinite { id: id.to_owned(), field: field.to_owned(), value })
    }
}

/// A closed-or-open numeric range, with the words used in errors.
#[derive(Clone, Copy)]
pub(crate) struct Range {
    pub lo: f64,
    pub lo_open: bool,
    pub hi: f64,
    pub hi_open: bool,
    pub words: &'static str,
}

pub(crate) const STANCE: Range = Range { lo: -5.0, lo_open: false, hi: 5.0, hi_open: false, words: "-5..=5" };
pub(crate) const UNIT: Range = Range { lo: 0.0, lo_open: false, hi: 1.0, hi_open: false, words: "0..=1" };
pub(crate) const OPENNESS: Range =
    Range { lo: 0.0, lo_open: false, hi: 1.0, hi_open: true, words: "0..1 (1 excluded)" };
pub(crate) const STRENGTH: Range =
    Range { lo: 0.0, lo_open: true, hi: 1.0, hi_open: false, words: "0..=1 (0 excluded)" };
pub(crate) const SENTIMENT: Range = Range { lo: -1.0, lo_open: false, hi: 1.0, hi_open: false, words: "-1..=1" };
pub(crate) const RATING: Range = Range { lo: 1.0, lo_open: false, hi: 10.0, hi_open: false, words: "1..=10" };
pub(crate) const NON_NEGATIVE: Range =
    Range { lo: 0.0, lo_open: false, hi: f64::INFINITY, hi_open: true, words: ">= 0" };

pub(crate) fn in_range(id: &str, field: &str, value: f64, r: Range) -> Result<(), ModelError> {
    finite(id, field, value)?;
    let low_ok = if r.lo_open { value > r.lo } else { value >= r.lo };
    let high_ok = if r.hi_open { value < r.hi } else { value <= r.hi };
    if low_ok && high_ok {
        Ok(())
    } else {
        Err(ModelError::OutOfRange { id: id.to_owned(), field: field.to_owned(), value, expected: r.words })
    }
}

pub(crate) fn reference(
    index: &HashMap<String, usize>,
    kind: &'static str,
    id: &str,
    field: impl FnOnce() -> String,
) -> Result<usize, ModelError> {
    index.get(id).copied().ok_or_else(|| ModelError::UnknownReference { kind, id: id.to_owned(), field: field() })
}

/// An optional number in range (absent is fine).
pub(crate) fn opt_range(
    id: &str,
    field: impl FnOnce() -> String,
    value: Option<f64>,
    r: Range,
) -> Result<(), ModelError> {
    match value {
        Some(v) => in_range(id, &field(), v, r),
        None => Ok(()),
    }
}

/// A stakeholder at position `i`: its manager exists and is not itself, its numbers are in range.
pub(crate) fn stakeholder(index: &HashMap<String, usize>, s: &Stakeholder, i: usize) -> Result<(), ModelError> {
    let f = |name: &str| format!("stakeholders[{i}].{name}");
    if let Some(m) = &s.reports_to {
        if m == &s.id {
            return Err(ModelError::SelfLoop { id: s.id.clone(), field: f("reports_to") });
        }
        reference(index, "stakeholder", m, || f("reports_to"))?;
    }
    opt_range(&s.id, || f("authority"), s.authority, UNIT)?;
    opt_range(&s.id, || f("openness"), s.openness, OPENNESS)?;
    opt_range(&s.id, || f("stance"), s.stance, STANCE)?;
    for (competitor, v) in &s.stance_toward {
        id(competitor, || f("stance_toward"))?;
        in_range(&s.id, &f(&format!("stance_toward.{competitor}")), *v, STANCE)?;
    }
    Ok(())
}

/// The `reports_to` chart (`managers[i]` = the index of i's manager) has no cycle.
pub(crate) fn reports_to_acyclic(stakeholders: &[Stakeholder], managers: &[Option<usize>]) -> Result<(), ModelError> {
    // 0 = unvisited, 1 = on the current walk, 2 = known to reach the top.
    let mut state = vec![0u8; managers.len()];
    for start in 0..managers.len() {
        let mut walk: Vec<usize> = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                2 => break,
                1 => {
                    let pos = walk.iter().position(|&w| w == i).unwrap_or(0);
                    let mut cycle: Vec<String> = walk[pos..].iter().map(|&w| stakeholders[w].id.clone()).collect();
                    cycle.push(stakeholders[i].id.clone());
                    return Err(ModelError::ReportsToCycle { cycle });
                }
                _ => {
                    state[i] = 1;
                    walk.push(i);
                    cur = managers[i];
                }
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    Ok(())
}

/// The account's numbers.
pub(crate) fn account(a: &Account) -> Result<(), ModelError> {
    opt_range(&a.id, || "account.revenue".into(), a.revenue, NON_NEGATIVE)
}

/// Roles are a set: sorted, each once (as [`Stakeholder::with_roles`] keeps them).
pub(crate) fn normalize_roles(s: &mut Stakeholder) {
    s.roles.sort();
    s.roles.dedup();
}

/// The activity log of a document: ids present and unique, times in range.
pub(crate) fn activity(log: &crate::activity::ActivityLog) -> Result<(), ModelError> {
    let mut seen = std::collections::HashSet::new();
    for (i, o) in log.observations.iter().enumerate() {
        id(&o.id, || format!("activity.observations[{i}].id"))?;
        if !seen.insert(o.id.as_str()) {
            return Err(ModelError::DuplicateId {
                kind: "observation",
                id: o.id.clone(),
                field: format!("activity.observations[{i}].id"),
            });
        }
        time(&o.id, || format!("activity.observations[{i}].at"), o.at)?;
    }
    Ok(())
}
