//! Tallies of who drew which tie, and the consensus map built from them.

use std::collections::{BTreeMap, HashMap};

use super::{MergeConfig, MergeRule, PerceptionError, StanceRule};
use crate::model::{Direction, MapDocument, ModelError, Relation, RelationKind, RelationshipMap, Role, Stakeholder};

/// One perceiver's map; perceptions are kept in perceiver-id order.
#[derive(Clone, Copy)]
pub(crate) struct Perception<'a> {
    pub id: &'a str,
    pub map: &'a RelationshipMap,
}

/// Everyone drawn by any perceiver, in order of first appearance (perceivers in id order).
pub(crate) struct People {
    pub ids: Vec<String>,
    pub index: HashMap<String, usize>,
    /// `local[p][i]`: person `i`'s index in perceiver `p`'s map, if drawn there.
    pub local: Vec<Vec<Option<usize>>>,
}

impl People {
    pub fn new(perceptions: &[Perception<'_>]) -> People {
        let mut ids: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for p in perceptions {
            for s in p.map.stakeholders() {
                if !index.contains_key(&s.id) {
                    index.insert(s.id.clone(), ids.len());
                    ids.push(s.id.clone());
                }
            }
        }
        let local = perceptions.iter().map(|p| ids.iter().map(|id| p.map.stakeholder_idx(id)).collect()).collect();
        People { ids, index, local }
    }

    /// Whether perceiver `p` drew person `i`.
    pub fn knows(&self, p: usize, i: usize) -> bool {
        self.local[p][i].is_some()
    }

    /// The perceivers who drew person `i`, with their record of them.
    pub fn views<'a>(&self, perceptions: &[Perception<'a>], i: usize) -> Vec<(usize, &'a Stakeholder)> {
        (0..perceptions.len())
            .filter_map(|p| self.local[p][i].map(|k| (p, &perceptions[p].map.stakeholders()[k])))
            .collect()
    }
}

/// Ally and conflict ties have no direction: (a, b) and (b, a) are one tie.
pub(crate) fn symmetric(kind: RelationKind) -> bool {
    matches!(kind, RelationKind::Ally | RelationKind::Conflict)
}

/// A tie between two people (indices in [`People`]); `from < to` for symmetric kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct TieKey {
    pub from: usize,
    pub to: usize,
    pub kind: RelationKind,
}

impl TieKey {
    fn new(a: usize, b: usize, kind: RelationKind) -> TieKey {
        if symmetric(kind) && b < a {
            TieKey { from: b, to: a, kind }
        } else {
            TieKey { from: a, to: b, kind }
        }
    }
}

/// Who drew one tie.
pub(crate) struct Tally {
    pub key: TieKey,
    /// (perceiver, strength), one per perceiver, in perceiver order.
    pub reports: Vec<(usize, f64)>,
    /// (source, target) as the first reporter drew it.
    pub orient: (usize, usize),
    /// The first reporter's direction (kept for ally and conflict ties, which have none).
    pub direction: Direction,
    /// The first reporter's notes.
    pub notes: Option<String>,
}

impl Tally {
    pub fn reported_by(&self, p: usize) -> bool {
        self.reports.iter().any(|&(q, _)| q == p)
    }
}

/// Every tie any perceiver drew, in order of first appearance.
pub(crate) fn tallies(perceptions: &[Perception<'_>], people: &People) -> Vec<Tally> {
    let mut list: Vec<Tally> = Vec::new();
    let mut index: HashMap<TieKey, usize> = HashMap::new();
    for (p, perception) in perceptions.iter().enumerate() {
        for r in perception.map.relations() {
            let (s, t) = (people.index[&r.source], people.index[&r.target]);
            let mut arcs = vec![(s, t)];
            if r.direction == Direction::Both && !symmetric(r.kind) {
                arcs.push((t, s));
            }
            for (a, b) in arcs {
                let key = TieKey::new(a, b, r.kind);
                let k = *index.entry(key).or_insert_with(|| {
                    list.push(Tally {
                        key,
                        reports: Vec::new(),
                        orient: (a, b),
                        direction: r.direction,
                        notes: r.notes.clone(),
                    });
                    list.len() - 1
                });
                let tally = &mut list[k];
                match tally.reports.iter_mut().find(|(q, _)| *q == p) {
                    // One perceiver drawing an ally both ways: one report, the stronger.
                    Some((_, w)) => *w = w.max(r.strength),
                    None => tally.reports.push((p, r.strength)),
                }
            }
        }
    }
    list
}

/// The perceivers whose map holds both ends of a tie.
pub(crate) fn judges(people: &People, key: TieKey, perceivers: usize) -> Vec<usize> {
    (0..perceivers).filter(|&p| people.knows(p, key.from) && people.knows(p, key.to)).collect()
}

/// The perceivers the rule asks about a tie: its judges, or for a LAS rule the judges
/// who are themselves one of its ends (`person[p]` = perceiver `p` on the map).
pub(crate) fn asked(rule: MergeRule, key: TieKey, judges: &[usize], person: &[Option<usize>]) -> Vec<usize> {
    if rule.is_local() {
        judges.iter().copied().filter(|&p| person[p] == Some(key.from) || person[p] == Some(key.to)).collect()
    } else {
        judges.to_vec()
    }
}

/// The rule's verdict on one tie.
pub(crate) struct Verdict {
    pub kept: bool,
    /// Mean strength over the asked perceivers who drew it (0 if none did).
    pub strength: f64,
    /// Whether nobody could be asked (a LAS rule on a tie between two non-perceivers).
    pub unjudged: bool,
}

pub(crate) fn verdict(rule: MergeRule, tally: &Tally, asked: &[usize]) -> Verdict {
    let drawn: Vec<f64> = tally.reports.iter().filter(|(p, _)| asked.contains(p)).map(|&(_, w)| w).collect();
    let strength = if drawn.is_empty() { 0.0 } else { drawn.iter().sum::<f64>() / drawn.len() as f64 };
    Verdict { kept: rule.keeps(drawn.len(), asked.len()), strength, unjudged: asked.is_empty() }
}

/// The median of a non-empty list (mean of the middle two for an even count).
pub(crate) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn combine(values: Vec<f64>, rule: StanceRule) -> Option<f64> {
    let mut values = values;
    match values.len() {
        0 => None,
        n => Some(match rule {
            StanceRule::Median => median(&mut values),
            StanceRule::Mean => values.iter().sum::<f64>() / n as f64,
        }),
    }
}

/// The plurality of the perceivers' managers for one person (`None` = at the top);
/// a tie goes to the option voted first, and the runner-up comes second.
pub(crate) fn manager_votes(views: &[(usize, &Stakeholder)]) -> Vec<(Option<String>, Vec<usize>)> {
    let mut votes: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for &(p, s) in views {
        match votes.iter_mut().find(|(m, _)| *m == s.reports_to) {
            Some((_, voters)) => voters.push(p),
            None => votes.push((s.reports_to.clone(), vec![p])),
        }
    }
    // Stable: equal counts keep the order of first vote.
    votes.sort_by_key(|v| std::cmp::Reverse(v.1.len()));
    votes
}

/// Whether a role is kept: at least `share` of the people's perceivers give it.
pub(crate) fn role_kept(holders: usize, knowers: usize, share: f64) -> bool {
    holders > 0 && holders as f64 >= share * knowers as f64 - 1e-9
}

/// One person as the perceivers see them together: descriptive fields from the
/// first perceiver, stance and explicit numbers combined, roles by share, the
/// manager by plurality, concerns and needs pooled.
pub(crate) fn merge_stakeholder(views: &[(usize, &Stakeholder)], cfg: &MergeConfig) -> Stakeholder {
    let mut s = views[0].1.clone();
    s.stance = combine(views.iter().filter_map(|(_, v)| v.stance).collect(), cfg.stance);
    s.authority = combine(views.iter().filter_map(|(_, v)| v.authority).collect(), StanceRule::Median);
    s.openness = combine(views.iter().filter_map(|(_, v)| v.openness).collect(), StanceRule::Median);
    let kept = |r: Role| role_kept(views.iter().filter(|(_, v)| v.has_role(r)).count(), views.len(), cfg.role_share);
    // The first perceiver's roles in their order, then any other kept role.
    let mut roles: Vec<Role> = s.roles.iter().copied().filter(|&r| kept(r)).collect();
    let more: Vec<Role> = Role::ALL.into_iter().filter(|&r| !roles.contains(&r) && kept(r)).collect();
    roles.extend(more);
    s.roles = roles;
    s.reports_to = manager_votes(views).swap_remove(0).0;
    let mut toward: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (_, v) in views {
        for (c, &x) in &v.stance_toward {
            toward.entry(c.clone()).or_default().push(x);
        }
    }
    s.stance_toward = toward.into_iter().filter_map(|(c, xs)| combine(xs, cfg.stance).map(|x| (c, x))).collect();
    for (_, v) in &views[1..] {
        for c in &v.concerns {
            if !s.concerns.contains(c) {
                s.concerns.push(c.clone());
            }
        }
        for n in &v.needs {
            if !s.needs.contains(n) {
                s.needs.push(n.clone());
            }
        }
    }
    s
}

/// Records that are facts (team, interactions, evidence, opportunities): the union
/// by id, refusing two different records under one id.
fn union_by_id<T: Clone + PartialEq>(
    perceptions: &[Perception<'_>],
    kind: &'static str,
    items: impl Fn(&RelationshipMap) -> &[T],
    id: impl Fn(&T) -> &str,
) -> Result<Vec<T>, PerceptionError> {
    let mut out: Vec<T> = Vec::new();
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    for (p, perception) in perceptions.iter().enumerate() {
        for item in items(perception.map) {
            match seen.get(id(item)) {
                Some(&(first, k)) if out[k] != *item => {
                    return Err(PerceptionError::ConflictingRecord {
                        id: id(item).to_owned(),
                        first: perceptions[first].id.to_owned(),
                        field: format!("perceptions.{}.{kind}", perception.id),
                    })
                }
                Some(_) => {}
                None => {
                    seen.insert(id(item).to_owned(), (p, out.len()));
                    out.push(item.clone());
                }
            }
        }
    }
    Ok(out)
}

/// The consensus relations from the kept ties: a directed pair kept both ways with
/// one strength becomes one two-way relation; symmetric ties keep the first
/// reporter's orientation and direction.
fn consensus_relations(people: &People, tallies: &[Tally], verdicts: &[Verdict]) -> Vec<Relation> {
    let kept: HashMap<TieKey, f64> =
        tallies.iter().zip(verdicts).filter(|(_, v)| v.kept).map(|(t, v)| (t.key, v.strength)).collect();
    let mut done: std::collections::HashSet<TieKey> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (t, v) in tallies.iter().zip(verdicts) {
        if !v.kept || done.contains(&t.key) {
            continue;
        }
        let (s, d) = if symmetric(t.key.kind) { t.orient } else { (t.key.from, t.key.to) };
        let mut r = Relation::new(people.ids[s].clone(), people.ids[d].clone(), t.key.kind, v.strength);
        r.notes = t.notes.clone();
        if symmetric(t.key.kind) {
            r.direction = t.direction;
        } else {
            let back = TieKey { from: t.key.to, to: t.key.from, kind: t.key.kind };
            if kept.get(&back) == Some(&v.strength) {
                r.direction = Direction::Both;
                done.insert(back);
            }
        }
        done.insert(t.key);
        out.push(r);
    }
    out
}

/// The consensus map: everyone drawn, each person merged, the kept ties, and the
/// union of the facts; the account is the first perceiver's.
pub(crate) fn consensus_map(
    perceptions: &[Perception<'_>],
    people: &People,
    tallies: &[Tally],
    verdicts: &[Verdict],
    cfg: &MergeConfig,
) -> crate::Result<RelationshipMap> {
    let stakeholders: Vec<Stakeholder> =
        (0..people.ids.len()).map(|i| merge_stakeholder(&people.views(perceptions, i), cfg)).collect();
    let doc = MapDocument {
        format: crate::model::FORMAT.to_owned(),
        account: perceptions[0].map.account().clone(),
        stakeholders,
        relations: consensus_relations(people, tallies, verdicts),
        team: union_by_id(perceptions, "team", |m| m.team(), |x| &x.id)?,
        interactions: union_by_id(perceptions, "interactions", |m| m.interactions(), |x| &x.id)?,
        evidence: union_by_id(perceptions, "evidence", |m| m.evidence(), |x| &x.id)?,
        opportunities: union_by_id(perceptions, "opportunities", |m| m.opportunities(), |x| &x.id)?,
        // What calendars and mail showed is a fact of the account, not a view: the union.
        activity: perceptions.iter().fold(crate::activity::ActivityLog::default(), |mut log, p| {
            log.merge(p.map.activity().clone());
            log
        }),
    };
    // Each perceiver's chart is acyclic, so a cycle comes from the majority votes.
    RelationshipMap::from_document(doc).map_err(|e| match e {
        ModelError::ReportsToCycle { cycle } => PerceptionError::OrgChartDisagreement { cycle }.into(),
        other => other.into(),
    })
}
