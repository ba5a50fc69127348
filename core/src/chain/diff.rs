//! Map diff: what changed between two snapshots of one account.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Relation, RelationKind, RelationshipMap, Role};

/// A stance that changed (either side may be unknown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StanceChange {
    /// Stakeholder id.
    pub id: String,
    /// Stance before.
    pub before: Option<f64>,
    /// Stance after.
    pub after: Option<f64>,
}

/// Roles gained and lost by one stakeholder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RoleChange {
    /// Stakeholder id.
    pub id: String,
    /// Roles held now but not before.
    pub added: Vec<Role>,
    /// Roles held before but not now.
    pub removed: Vec<Role>,
}

/// A change of manager in the org chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportsToChange {
    /// Stakeholder id.
    pub id: String,
    /// Manager before.
    pub before: Option<String>,
    /// Manager after.
    pub after: Option<String>,
}

/// A relation (same source, target and kind) whose strength or direction changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RelationChange {
    /// The relation before.
    pub before: Relation,
    /// The relation after.
    pub after: Relation,
}

/// What changed between two snapshots of one account; stakeholders and relations are
/// matched by id and by (source, target, kind). Every list is sorted by id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct MapDiff {
    /// Stakeholders only in the later snapshot.
    pub added: Vec<String>,
    /// Stakeholders only in the earlier snapshot.
    pub removed: Vec<String>,
    /// Stance changes of stakeholders in both.
    pub stance_changes: Vec<StanceChange>,
    /// Role changes of stakeholders in both.
    pub role_changes: Vec<RoleChange>,
    /// Org-chart changes of stakeholders in both.
    pub reports_to_changes: Vec<ReportsToChange>,
    /// Relations only in the later snapshot.
    pub relations_added: Vec<Relation>,
    /// Relations only in the earlier snapshot.
    pub relations_removed: Vec<Relation>,
    /// Relations in both whose strength or direction changed.
    pub relations_changed: Vec<RelationChange>,
}

impl MapDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == MapDiff::default()
    }
}

/// Compares two snapshots of one account.
///
/// ```
/// use relmap::chain::diff;
/// use relmap::model::{Account, RelationshipMap, Role, Stakeholder};
/// let mut before = RelationshipMap::new(Account::new("acme", "Acme"));
/// before.add_stakeholder(Stakeholder::new("cfo", "Wang").with_stance(-1.0))?;
/// let mut after = before.clone();
/// after.set_stance("cfo", Some(2.0))?;
/// after.add_stakeholder(Stakeholder::new("cio", "Liu").with_roles([Role::TechnicalBuyer]))?;
/// let d = diff(&before, &after);
/// assert_eq!(d.added, vec!["cio".to_string()]);
/// assert_eq!(d.stance_changes[0].after, Some(2.0));
/// # Ok::<(), relmap::model::ModelError>(())
/// ```
pub fn diff(before: &RelationshipMap, after: &RelationshipMap) -> MapDiff {
    let mut d = MapDiff::default();
    for s in after.stakeholders() {
        let Some(old) = before.stakeholder(&s.id) else {
            d.added.push(s.id.clone());
            continue;
        };
        if old.stance != s.stance {
            d.stance_changes.push(StanceChange { id: s.id.clone(), before: old.stance, after: s.stance });
        }
        if old.roles != s.roles {
            d.role_changes.push(RoleChange {
                id: s.id.clone(),
                added: s.roles.iter().copied().filter(|r| !old.roles.contains(r)).collect(),
                removed: old.roles.iter().copied().filter(|r| !s.roles.contains(r)).collect(),
            });
        }
        if old.reports_to != s.reports_to {
            d.reports_to_changes.push(ReportsToChange {
                id: s.id.clone(),
                before: old.reports_to.clone(),
                after: s.reports_to.clone(),
            });
        }
    }
    d.removed =
        before.stakeholders().iter().filter(|s| after.stakeholder(&s.id).is_none()).map(|s| s.id.clone()).collect();

    type Key<'a> = (&'a str, &'a str, RelationKind);
    fn key(r: &Relation) -> Key<'_> {
        (r.source.as_str(), r.target.as_str(), r.kind)
    }
    let old: HashMap<Key<'_>, &Relation> = before.relations().iter().map(|r| (key(r), r)).collect();
    let new: HashMap<Key<'_>, &Relation> = after.relations().iter().map(|r| (key(r), r)).collect();
    for r in after.relations() {
        match old.get(&key(r)) {
            None => d.relations_added.push(r.clone()),
            Some(o) if o.strength != r.strength || o.direction != r.direction => {
                d.relations_changed.push(RelationChange { before: (*o).clone(), after: r.clone() })
            }
            Some(_) => {}
        }
    }
    d.relations_removed = before.relations().iter().filter(|r| !new.contains_key(&key(r))).cloned().collect();

    d.added.sort();
    d.removed.sort();
    d.stance_changes.sort_by(|a, b| a.id.cmp(&b.id));
    d.role_changes.sort_by(|a, b| a.id.cmp(&b.id));
    d.reports_to_changes.sort_by(|a, b| a.id.cmp(&b.id));
    let rel_order = |a: &Relation, b: &Relation| key(a).cmp(&key(b));
    d.relations_added.sort_by(rel_order);
    d.relations_removed.sort_by(rel_order);
    d.relations_changed.sort_by(|a, b| rel_order(&a.after, &b.after));
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Stakeholder};

    fn base() -> RelationshipMap {
        let mut m = RelationshipMap::new(Account::new("acme", "Acme"));
        m.add_stakeholder(Stakeholder::new("ceo", "C").with_roles([Role::EconomicBuyer])).unwrap();
        m.add_stakeholder(Stakeholder::new("cfo", "F").with_reports_to("ceo").with_stance(1.0)).unwrap();
        m.add_stakeholder(Stakeholder::new("cio", "I").with_reports_to("ceo")).unwrap();
        m.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.5)).unwrap();
        m.add_relation(Relation::new("cfo", "cio", RelationKind::Conflict, 0.4)).unwrap();
        m
    }

    #[test]
    fn identical_snapshots_have_an_empty_diff() {
        assert!(diff(&base(), &base()).is_empty());
    }

    #[test]
    fn reports_every_kind_of_change() {
        let before = base();
        let mut after = base();
        after.remove_relation("cfo", "cio", RelationKind::Conflict).unwrap();
        after.remove_relation("cio", "ceo", RelationKind::Influences).unwrap();
        after.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.9).both_ways()).unwrap();
        after.add_relation(Relation::new("cfo", "ceo", RelationKind::Ally, 0.3)).unwrap();
        after
            .update_stakeholder(
                Stakeholder::new("cio", "I")
                    .with_reports_to("cfo")
                    .with_roles([Role::TechnicalBuyer])
                    .with_stance(-2.0),
            )
            .unwrap();
        after.add_stakeholder(Stakeholder::new("cto", "T")).unwrap();
        let d = diff(&before, &after);
        assert_eq!(d.added, vec!["cto"]);
        assert!(d.removed.is_empty());
        assert_eq!(d.stance_changes, vec![StanceChange { id: "cio".into(), before: None, after: Some(-2.0) }]);
        assert_eq!(d.role_changes[0].added, vec![Role::TechnicalBuyer]);
        assert_eq!(d.reports_to_changes[0].after.as_deref(), Some("cfo"));
        assert_eq!(d.relations_added.len(), 1);
        assert_eq!(d.relations_added[0].kind, RelationKind::Ally);
        assert_eq!(d.relations_removed[0].kind, RelationKind::Conflict);
        assert_eq!(d.relations_changed[0].after.strength, 0.9);
        // Reversed, additions become removals.
        let back = diff(&after, &before);
        assert_eq!(back.removed, vec!["cto"]);
        assert_eq!(back.relations_removed.len(), 1);
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<MapDiff>(&json).unwrap(), d);
    }
}
