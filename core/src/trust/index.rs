//! Interactions and evidence bucketed by (team member, stakeholder) pair.
//!
//! The map is scanned once; every interaction is copied, in a compact form,
//! into the bucket of each (member, stakeholder) pair it involves. Buckets are
//! ordered by stakeholder index, then member index, and keep the map's order
//! inside (interactions first, then evidence).

use super::TrustConfig;
use crate::model::{EvidenceKind, Initiator, Interaction, Pillar, RelationshipMap};
use crate::time::Timestamp;

/// What an item is, with the numbers scoring needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ItemKind {
    /// An interaction; `base` = channel weight × initiative factor × sentiment factor.
    Interaction { base: f64 },
    /// A commitment (the item's `at` is when it was promised).
    Commitment { due: i64, delivered: Option<i64> },
    /// An expertise signal or sincerity event.
    Signal { pillar: Pillar, positive: bool },
    /// A rep's assessment, already mapped to 0..=100.
    Assessment { pillar: Pillar, score: f64 },
}

/// One interaction or evidence item as seen by one pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Item {
    /// When it happened or was recorded (seconds).
    pub at: i64,
    /// Index into `map.interactions()` for an interaction, else into `map.evidence()`.
    pub source: u32,
    /// What it is.
    pub kind: ItemKind,
}

/// A rep's 1..10 rating mapped onto 0..=100: `(rating − 1)/9 · 100`.
pub(crate) fn assessment_score(rating: f64) -> f64 {
    (rating - 1.0) / 9.0 * 100.0
}

/// The per-pair buckets of one map (compressed rows: pair `k` owns
/// `items[offsets[k]..offsets[k + 1]]`).
#[derive(Debug, Clone, Default)]
pub(crate) struct PairIndex {
    /// `(member, stakeholder)` of each non-empty bucket, sorted by stakeholder then member.
    pub pairs: Vec<(u32, u32)>,
    /// Row starts, one more than `pairs`.
    pub offsets: Vec<u32>,
    /// The items, bucket after bucket.
    pub items: Vec<Item>,
    /// Scratch: `(pair key, item)` in map order, kept to reuse its allocation.
    entries: Vec<(u64, Item)>,
    /// Scratch: per-key counts, then next free slots.
    slots: Vec<u32>,
}

/// Which items to take.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Filter {
    /// Drop items after this time (they never count at or before it).
    pub until: Option<Timestamp>,
    /// Keep one (member, stakeholder) pair only.
    pub pair: Option<(u32, u32)>,
    /// Leave the interactions out (the report sums them in a pass of their own).
    pub evidence_only: bool,
}

impl PairIndex {
    /// The items of pair number `k`.
    pub fn items_of(&self, k: usize) -> &[Item] {
        &self.items[self.offsets[k] as usize..self.offsets[k + 1] as usize]
    }

    /// Buckets the interactions and evidence of `map`.
    pub fn build(map: &RelationshipMap, cfg: &TrustConfig, filter: Filter) -> PairIndex {
        let mut index = PairIndex::default();
        index.rebuild(map, cfg, filter);
        index
    }

    /// Buckets the interactions and evidence of `map`, reusing this index's
    /// allocations (scoring many maps in a row then allocates almost nothing).
    pub fn rebuild(&mut self, map: &RelationshipMap, cfg: &TrustConfig, filter: Filter) {
        let keys = map.team().len() as u64 * map.stakeholders().len() as u64;
        let interactions = if filter.evidence_only { 0 } else { map.interactions().len() };
        let items = (interactions + map.evidence().len()) as u64;
        let dense = filter.pair.is_none() && keys <= 2 * items + 1024;
        self.rebuild_with(map, cfg, filter, dense);
    }

    /// [`Self::rebuild`] by a counting sort over every possible pair (`dense`,
    /// two passes over the map and no copy in between), or by a stable sort of
    /// the pairs that occur.
    fn rebuild_with(&mut self, map: &RelationshipMap, cfg: &TrustConfig, filter: Filter, dense: bool) {
        let n_members = map.team().len() as u64;
        let unpack = |key: u64| ((key % n_members) as u32, (key / n_members) as u32);
        self.pairs.clear();
        self.offsets.clear();
        self.items.clear();
        if dense {
            self.slots.clear();
            self.slots.resize(n_members as usize * map.stakeholders().len(), 0);
            each_entry(map, filter, |key, _| self.slots[key as usize] += 1);
            let mut total = 0u32;
            for (key, slot) in self.slots.iter_mut().enumerate() {
                let count = *slot;
                *slot = total;
                if count > 0 {
                    self.pairs.push(unpack(key as u64));
                    self.offsets.push(total);
                }
                total += count;
            }
            self.offsets.push(total);
            let filler = Item { at: 0, source: 0, kind: ItemKind::Interaction { base: 0.0 } };
            self.items.resize(total as usize, filler);
            each_entry(map, filter, |key, source| {
                let slot = &mut self.slots[key as usize];
                self.items[*slot as usize] = source.item(map, cfg);
                *slot += 1;
            });
        } else {
            // Sparse key space: a stable sort keeps the map's order inside a key.
            let mut entries = std::mem::take(&mut self.entries);
            entries.clear();
            each_entry(map, filter, |key, source| entries.push((key, source.item(map, cfg))));
            entries.sort_by_key(|&(key, _)| key);
            let mut last = None;
            for (i, &(key, item)) in entries.iter().enumerate() {
                if last != Some(key) {
                    self.pairs.push(unpack(key));
                    self.offsets.push(i as u32);
                    last = Some(key);
                }
                self.items.push(item);
            }
            self.offsets.push(entries.len() as u32);
            self.entries = entries;
        }
    }
}

/// Where an item comes from: an index into the interactions or into the evidence.
#[derive(Debug, Clone, Copy)]
enum Source {
    Interaction(usize),
    Evidence(usize),
}

impl Source {
    /// The item, with the numbers scoring needs.
    fn item(self, map: &RelationshipMap, cfg: &TrustConfig) -> Item {
        match self {
            Source::Interaction(k) => {
                let x = &map.interactions()[k];
                Item { at: x.at.0, source: k as u32, kind: ItemKind::Interaction { base: interaction_base(x, cfg) } }
            }
            Source::Evidence(k) => {
                let e = &map.evidence()[k];
                let kind = match &e.kind {
                    EvidenceKind::Commitment { due, delivered, .. } => {
                        ItemKind::Commitment { due: due.0, delivered: delivered.map(|d| d.0) }
                    }
                    EvidenceKind::ExpertiseSignal { positive, .. } => {
                        ItemKind::Signal { pillar: Pillar::Expertise, positive: *positive }
                    }
                    EvidenceKind::SincerityEvent { positive, .. } => {
                        ItemKind::Signal { pillar: Pillar::Sincerity, positive: *positive }
                    }
                    EvidenceKind::Assessment { pillar, rating } => {
                        ItemKind::Assessment { pillar: *pillar, score: assessment_score(*rating) }
                    }
                };
                Item { at: e.at.0, source: k as u32, kind }
            }
        }
    }
}

/// An interaction's weight before decay: channel weight × initiative factor × sentiment factor.
#[inline]
pub(crate) fn interaction_base(x: &Interaction, cfg: &TrustConfig) -> f64 {
    let initiative = if x.initiated_by == Initiator::Them { cfg.initiated_by_them } else { 1.0 };
    let sentiment = 1.0 + cfg.sentiment_factor * x.sentiment.unwrap_or(0.0);
    cfg.channel_weights.weight(x.channel) * initiative * sentiment
}

/// Calls `f(pair key, source)` for every item the filter keeps and every
/// (member, stakeholder) pair it involves, in the map's order: interactions
/// first, then evidence. The key of a pair is `stakeholder · members + member`.
fn each_entry(map: &RelationshipMap, filter: Filter, mut f: impl FnMut(u64, Source)) {
    let n_members = map.team().len() as u64;
    let until = filter.until.map_or(i64::MAX, |t| t.0);
    let key_of = |m: u32, s: u32| u64::from(s) * n_members + u64::from(m);
    let wanted = |m: u32, s: u32| filter.pair.is_none_or(|p| p == (m, s));
    let interactions = if filter.evidence_only { &[][..] } else { map.interactions() };
    for (k, x) in interactions.iter().enumerate() {
        if x.at.0 > until {
            continue;
        }
        let (members, stakeholders) = map.interaction_indices(k).expect("k indexes an interaction");
        for &s in stakeholders {
            for &m in members {
                if wanted(m, s) {
                    f(key_of(m, s), Source::Interaction(k));
                }
            }
        }
    }
    for ((k, e), &(m, s)) in map.evidence().iter().enumerate().zip(map.evidence_indices()) {
        let (m, s) = (m as u32, s as u32);
        if e.at.0 <= until && wanted(m, s) {
            f(key_of(m, s), Source::Evidence(k));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Channel, Evidence, Interaction, Stakeholder, TeamMember};

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn sample() -> RelationshipMap {
        let mut m = RelationshipMap::new(Account::new("a", "A"));
        for id in ["s0", "s1", "s2"] {
            m.add_stakeholder(Stakeholder::new(id, id)).unwrap();
        }
        for id in ["m0", "m1"] {
            m.add_team_member(TeamMember::new(id, id)).unwrap();
        }
        m.add_interaction(Interaction::new("i0", t("2026-01-01"), Channel::Visit, ["m0", "m1"], ["s1", "s2"])).unwrap();
        m.add_interaction(Interaction::new("i1", t("2026-02-01"), Channel::Email, ["m1"], ["s1"])).unwrap();
        m.add_evidence(Evidence {
            id: "e0".into(),
            at: t("2026-01-15"),
            member: "m1".into(),
            stakeholder: "s1".into(),
            kind: EvidenceKind::Assessment { pillar: Pillar::Sincerity, rating: 10.0 },
        })
        .unwrap();
        m
    }

    fn ids(index: &PairIndex, k: usize) -> Vec<(u32, bool)> {
        index.items_of(k).iter().map(|i| (i.source, matches!(i.kind, ItemKind::Interaction { .. }))).collect()
    }

    #[test]
    fn an_interaction_counts_for_every_pair_in_it() {
        let index = PairIndex::build(&sample(), &TrustConfig::default(), Filter::default());
        assert_eq!(index.pairs, vec![(0, 1), (1, 1), (0, 2), (1, 2)]);
        assert_eq!(ids(&index, 0), vec![(0, true)]);
        assert_eq!(ids(&index, 1), vec![(0, true), (1, true), (0, false)]);
        assert_eq!(ids(&index, 3), vec![(0, true)]);
        match index.items_of(1)[2].kind {
            ItemKind::Assessment { pillar, score } => assert_eq!((pillar, score), (Pillar::Sincerity, 100.0)),
            other => panic!("expected an assessment, got {other:?}"),
        }
    }

    #[test]
    fn filters_by_time_and_pair_and_both_groupings_agree() {
        let map = sample();
        let cfg = TrustConfig::default();
        let early = PairIndex::build(&map, &cfg, Filter { until: Some(t("2026-01-20")), ..Filter::default() });
        assert_eq!(ids(&early, 1), vec![(0, true), (0, false)]);
        let one = PairIndex::build(&map, &cfg, Filter { pair: Some((1, 1)), ..Filter::default() });
        assert_eq!(one.pairs, vec![(1, 1)]);
        assert_eq!(ids(&one, 0), vec![(0, true), (1, true), (0, false)]);

        for filter in [Filter::default(), Filter { until: Some(t("2026-01-20")), ..Filter::default() }] {
            let (mut dense, mut sparse) = (PairIndex::default(), PairIndex::default());
            dense.rebuild_with(&map, &cfg, filter, true);
            sparse.rebuild_with(&map, &cfg, filter, false);
            assert_eq!(dense.pairs, sparse.pairs);
            assert_eq!(dense.offsets, sparse.offsets);
            assert_eq!(dense.items, sparse.items);
            assert_eq!(dense.offsets.len(), dense.pairs.len() + 1);
        }
        let index = PairIndex::build(&map, &cfg, Filter::default());
        assert_eq!(index.offsets, vec![0, 1, 4, 5, 6]);
    }
}
