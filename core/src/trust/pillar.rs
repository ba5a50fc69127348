//! The four pillar scores of one (member, stakeholder) pair at one time.
//!
//! Formulas (see `docs/trust.md`), with `d = 2^(−age/half_life)` the decay of
//! an item `age` days before `as_of`:
//! - relationship: `E = Σ channel weight · d · initiative · (1 + f·sentiment)`,
//!   evidence score `100·(1 − e^(−E/saturation))`, prior 0;
//! - professional, expertise, sincerity: `n = Σ d`, `s = Σ credit · d`, evidence
//!   score `100·(α + s)/(α + β + n)`, prior `100·α/(α + β)`;
//! - blend: `(1 − w)·evidence + w·assessment` when both exist, either alone otherwise;
//! - confidence: `n'/(n' + k)` with `n' = n` (+ `assessment_evidence` if assessed).

use super::index::{Item, ItemKind};
use super::{
    CommitmentOutcome, EvidenceContribution, EvidenceList, EvidenceSource, PillarScore, PillarWeights, TrustConfig,
    TrustLevel,
};
use crate::model::index::weight_class;
use crate::model::{Channel, Initiator, Pillar, RelationshipMap};
use crate::time::{Timestamp, SECONDS_PER_DAY};

/// Position of a pillar in [`Pillar::ALL`].
pub(crate) fn pillar_index(p: Pillar) -> usize {
    match p {
        Pillar::Relationship => 0,
        Pillar::Professional => 1,
        Pillar::Expertise => 2,
        Pillar::Sincerity => 3,
    }
}

/// The decay `2^(−age/half_life)` of an item `age` seconds old.
fn decay_of(age: i64, half_life_days: f64) -> f64 {
    let days = age as f64 / SECONDS_PER_DAY as f64;
    (-days / half_life_days).exp2()
}

/// Ages (in whole days) the decay table remembers; older or fractional ages are computed.
const TABLE_DAYS: usize = 1 << 16;

/// Decay factors remembered by whole-day age for one half-life.
///
/// Evidence is mostly dated to the day, so most ages are whole days, and a
/// whole-day age's factor is computed once (by [`decay_of`], hence bit for bit
/// the value it would give) and then looked up.
#[derive(Debug, Default)]
struct DecayTable {
    half_life_days: f64,
    /// The factor of each whole-day age; NaN until computed.
    by_day: Vec<f64>,
}

impl DecayTable {
    /// Forgets the factors when the half-life changes.
    fn use_half_life(&mut self, half_life_days: f64) {
        if self.half_life_days.to_bits() != half_life_days.to_bits() {
            self.half_life_days = half_life_days;
            self.by_day.clear();
        }
    }

    /// [`Self::decay`] of an item at `at` seen at `now` (`at ≤ now`): the
    /// decay of `now.saturating_sub(at)`, with the common case (a whole-day age
    /// the table holds) tested in one go.
    #[inline(always)]
    fn decay_since(&mut self, now: i64, at: i64) -> f64 {
        // Within the table's span `now − at` cannot overflow.
        if at > now.saturating_sub(TABLE_DAYS as i64 * SECONDS_PER_DAY) {
            let age = (now - at) as u64;
            let day = age / SECONDS_PER_DAY as u64;
            if day * SECONDS_PER_DAY as u64 == age {
                if let Some(&d) = self.by_day.get(day as usize) {
                    if !d.is_nan() {
                        return d;
                    }
                }
            }
        }
        self.decay(now.saturating_sub(at))
    }

    #[inline]
    fn decay(&mut self, age: i64) -> f64 {
        // Unsigned: a negative age becomes a huge one and is computed.
        let day = age as u64 / SECONDS_PER_DAY as u64;
        if day * SECONDS_PER_DAY as u64 != age as u64 || day >= TABLE_DAYS as u64 {
            return decay_of(age, self.half_life_days);
        }
        let day = day as usize;
        if day >= self.by_day.len() {
            self.by_day.resize((day + 1).next_power_of_two().clamp(1024, TABLE_DAYS), f64::NAN);
        }
        let d = self.by_day[day];
        if !d.is_nan() {
            return d;
        }
        let d = decay_of(age, self.half_life_days);
        self.by_day[day] = d;
        d
    }
}

/// Running sums of one pillar.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    count: usize,
    /// Σ decay.
    n: f64,
    /// Relationship: E; Beta pillars: Σ credit · decay.
    s: f64,
    /// The latest assessment: (time, item reference, score 0..=100).
    assessment: Option<(i64, usize, f64)>,
}

/// The score of one pillar from its sums, and how each sum maps to a score.
#[derive(Debug, Clone, Copy)]
struct Form<'a> {
    cfg: &'a TrustConfig,
    relationship: bool,
}

impl Form<'_> {
    fn prior(&self) -> f64 {
        if self.relationship {
            0.0
        } else {
            self.cfg.beta_prior_score()
        }
    }

    /// The evidence score from sums `(s, n)`.
    fn evidence(&self, s: f64, n: f64) -> f64 {
        let c = self.cfg;
        if self.relationship {
            100.0 * (1.0 - (-s.max(0.0) / c.relationship_saturation).exp())
        } else {
            100.0 * (c.prior_alpha + s) / (c.prior_alpha + c.prior_beta + n)
        }
    }

    fn blend(&self, evidence: Option<f64>, assessment: Option<f64>) -> f64 {
        let w = self.cfg.assessment_weight;
        match (evidence, assessment) {
            (Some(e), Some(a)) => (1.0 - w) * e + w * a,
            (Some(e), None) => e,
            (None, Some(a)) => a,
            (None, None) => self.prior(),
        }
    }

    /// The pillar's score, evidence score and assessment score from its sums.
    fn scores(&self, t: &Tally) -> (f64, Option<f64>, Option<f64>) {
        let evidence_score = (t.count > 0).then(|| self.evidence(t.s, t.n));
        let assessment_score = t.assessment.map(|(_, _, a)| a);
        (self.blend(evidence_score, assessment_score), evidence_score, assessment_score)
    }
}

/// An item that counted, as a candidate for its pillar's evidence list.
#[derive(Debug, Clone, Copy)]
struct Rank {
    /// Larger first (|impact|, or a key in the same order).
    key: f64,
    /// Then the more recent first.
    when: i64,
    /// Then the first listed: the item's [reference](item_ref), or [`ASSESSMENT`].
    item: usize,
    impact: f64,
    /// Decayed weight (relationship: the item's whole term of `E`).
    weight: f64,
    /// Credit in 0..=1 (Beta pillars only).
    credit: f64,
    source: EvidenceSource,
    outcome: Option<CommitmentOutcome>,
}

/// The `item` of the assessment candidate (listed after every item).
const ASSESSMENT: usize = usize::MAX;

/// An item's reference: an interaction's index, or the number of interactions
/// plus an evidence item's index. A pair's items are listed in the order of
/// their references (interactions first, then evidence, each in map order).
#[inline]
fn item_ref(item: &Item, interactions: usize) -> usize {
    match item.kind {
        ItemKind::Interaction { .. } => item.source as usize,
        _ => interactions + item.source as usize,
    }
}

fn rank_order(a: &Rank, b: &Rank) -> std::cmp::Ordering {
    b.key.total_cmp(&a.key).then(b.when.cmp(&a.when)).then(a.item.cmp(&b.item))
}

/// Keeps the first `n` candidates in rank order, sorted.
fn keep_first(ranked: &mut Vec<Rank>, n: usize) {
    if n < ranked.len() {
        if n == 0 {
            ranked.clear();
            return;
        }
        ranked.select_nth_unstable_by(n - 1, rank_order);
        ranked.truncate(n);
    }
    ranked.sort_unstable_by(rank_order);
}

/// Lists up to this many candidates by sorted insertion; longer lists are
/// gathered whole and cut once.
const INSERTION_LIMIT: usize = 16;

/// Offers a candidate to a list kept as [`keep_first`] would keep it: with a
/// small `n` the list stays sorted and at most `n` long (so the many items
/// that cannot make it cost one comparison); with a large `n` the candidate is
/// appended and the caller cuts the list with [`keep_first`].
#[inline]
fn offer(ranked: &mut Vec<Rank>, r: Rank, n: usize) {
    if n > INSERTION_LIMIT {
        ranked.push(r);
        return;
    }
    if ranked.len() == n {
        match ranked.last() {
            Some(last) if rank_order(&r, last).is_lt() => {
                ranked.pop();
            }
            _ => return,
        }
    }
    let at = ranked.partition_point(|x| rank_order(x, &r).is_lt());
    ranked.insert(at, r);
}

/// Scores pairs, reusing its buffers (and its decay factors) from one pair to the next.
#[derive(Debug, Default)]
pub(crate) struct PairScorer {
    decay: DecayTable,
    /// The Beta pillars' items that counted, by pillar, when evidence lists are wanted.
    counted: [Vec<Rank>; 4],
    /// The relationship pillar's best items by weight, when evidence lists are wanted.
    closest: Vec<Rank>,
    ranked: Vec<Rank>,
    /// The evidence lists of the pillars scored since [`Self::take_evidence`], one after another.
    evidence: Vec<EvidenceContribution>,
}

impl PairScorer {
    /// The buffer of the evidence lists scored since the last call, which the
    /// [`PillarScore`]s made since then are to be [attached](super::TrustScore::attach) to.
    pub fn take_evidence(&mut self) -> std::sync::Arc<[EvidenceContribution]> {
        self.evidence.drain(..).collect()
    }

    /// The four pillars of a pair with these items, at `as_of`, and whether any item counted.
    ///
    /// Items after `as_of` are ignored; a commitment still pending at `as_of`
    /// (due at or after it, not delivered by it) counts toward no pillar but
    /// does mark the pair as having evidence.
    pub fn score(
        &mut self,
        map: &RelationshipMap,
        cfg: &TrustConfig,
        items: &[Item],
        as_of: Timestamp,
    ) -> ([PillarScore; 4], bool) {
        let lists = cfg.top_evidence > 0;
        let (tally, any) = self.tally(cfg, map.interactions().len(), items, as_of, lists);
        let pillars = std::array::from_fn(|p| self.pillar(map, cfg, p, &tally[p]));
        (pillars, any)
    }

    /// The earned composite of a pair with these items at `as_of` (the
    /// [`TrustScore::earned`](super::TrustScore::earned) that [`Self::score`] and
    /// [`super::TrustScore::from_pillars`] give, without the evidence lists), or
    /// `None` when no item counted.
    pub fn earned(&mut self, cfg: &TrustConfig, items: &[Item], as_of: Timestamp) -> Option<f64> {
        let (tally, any) = self.tally(cfg, 0, items, as_of, false);
        any.then(|| {
            let w = &cfg.pillar_weights;
            let scores = std::array::from_fn(|p| Form { cfg, relationship: p == 0 }.scores(&tally[p]).0);
            let confidences = std::array::from_fn(|p| confidence_of(cfg, &tally[p]));
            let every_pillar = Pillar::ALL
                .into_iter()
                .zip(&tally)
                .all(|(p, t)| w.weight(p) == 0.0 || t.count > 0 || t.assessment.is_some());
            let (composite, confidence) = (composite_of(&scores, w), composite_of(&confidences, w));
            TrustLevel::earned(composite, confidence, every_pillar, cfg).1
        })
    }

    /// The sums of the four pillars, and whether any item counted; with `lists`,
    /// also the candidates for the evidence lists.
    fn tally(
        &mut self,
        cfg: &TrustConfig,
        interactions: usize,
        items: &[Item],
        as_of: Timestamp,
        lists: bool,
    ) -> ([Tally; 4], bool) {
        self.decay.use_half_life(cfg.half_life_days);
        let mut tally = [Tally::default(); 4];
        self.counted.iter_mut().for_each(Vec::clear);
        self.closest.clear();
        let any = self.add(cfg, interactions, items, as_of, lists, &mut tally);
        (tally, any)
    }

    /// Adds `items` to the sums (and, with `lists`, to the candidates), in
    /// order; whether any of them counted.
    fn add(
        &mut self,
        cfg: &TrustConfig,
        interactions: usize,
        items: &[Item],
        as_of: Timestamp,
        lists: bool,
        tally: &mut [Tally; 4],
    ) -> bool {
        use CommitmentOutcome::{Broken, Late, OnTime};
        let now = as_of.0;
        let credit = &cfg.commitment_credit;
        let mut any = false;
        for item in items {
            if item.at > now {
                continue;
            }
            any = true;
            let (pillar, when, credit, source, outcome) = match item.kind {
                ItemKind::Interaction { base } => {
                    let d = self.decay.decay(now.saturating_sub(item.at));
                    let w = base * d;
                    let t = &mut tally[0];
                    t.count += 1;
                    t.n += d;
                    t.s += w;
                    if lists {
                        let r = Rank {
                            key: w,
                            when: item.at,
                            item: item_ref(item, interactions),
                            impact: f64::NAN,
                            weight: w,
                            credit: 0.0,
                            source: EvidenceSource::Interaction,
                            outcome: None,
                        };
                        offer(&mut self.closest, r, cfg.top_evidence);
                    }
                    continue;
                }
                ItemKind::Commitment { due, delivered } => match delivered.filter(|&d| d <= now) {
                    Some(d) if d <= due => (1, d, credit.on_time, EvidenceSource::Commitment, Some(OnTime)),
                    Some(d) => (1, d, credit.late, EvidenceSource::Commitment, Some(Late)),
                    None if due < now => (1, due, credit.broken, EvidenceSource::Commitment, Some(Broken)),
                    None => continue,
                },
                ItemKind::Signal { pillar, positive } => {
                    let source = if pillar == Pillar::Sincerity {
                        EvidenceSource::SincerityEvent
                    } else {
                        EvidenceSource::ExpertiseSignal
                    };
                    (pillar_index(pillar), item.at, if positive { 1.0 } else { 0.0 }, source, None)
                }
                ItemKind::Assessment { pillar, score } => {
                    let latest = &mut tally[pillar_index(pillar)].assessment;
                    // Items keep the map's order, so on equal times the later-listed one wins.
                    if latest.is_none_or(|(at, _, _)| item.at >= at) {
                        *latest = Some((item.at, item_ref(item, interactions), score));
                    }
                    continue;
                }
            };
            let d = self.decay.decay(now.saturating_sub(when));
            let t = &mut tally[pillar];
            t.count += 1;
            t.n += d;
            t.s += credit * d;
            if lists {
                let impact = f64::NAN;
                let item = item_ref(item, interactions);
                self.counted[pillar].push(Rank { key: 0.0, when, item, impact, weight: d, credit, source, outcome });
            }
        }
        any
    }

    fn pillar(&mut self, map: &RelationshipMap, cfg: &TrustConfig, p: usize, t: &Tally) -> PillarScore {
        let form = Form { cfg, relationship: p == 0 };
        let (score, evidence_score, assessment_score) = form.scores(t);
        let confidence = confidence_of(cfg, t);

        // Leave-one-out impact: the score with the item minus the score without it.
        let impact = |c: &Rank| {
            let without = if t.count == 1 {
                None
            } else if form.relationship {
                Some(form.evidence(t.s - c.weight, 0.0))
            } else {
                Some(form.evidence(t.s - c.credit * c.weight, t.n - c.weight))
            };
            score - form.blend(without, assessment_score)
        };
        let n = cfg.top_evidence;
        self.ranked.clear();
        if n > 0 && form.relationship {
            // Relationship impacts grow strictly with the item's weight, so the
            // items were ranked by weight and only the kept ones get an impact (an `exp`).
            self.ranked.extend_from_slice(&self.closest);
            if n > INSERTION_LIMIT {
                // A short list is kept sorted and cut as it is gathered.
                keep_first(&mut self.ranked, n);
            }
            for r in &mut self.ranked {
                r.impact = impact(r);
                r.key = r.impact.abs();
            }
        } else if n > 0 {
            for c in &self.counted[p] {
                let i = impact(c);
                offer(&mut self.ranked, Rank { key: i.abs(), impact: i, ..*c }, n);
            }
            if n > INSERTION_LIMIT {
                keep_first(&mut self.ranked, n);
            }
        }
        if let (Some((at, _, _)), true) = (t.assessment, n > 0) {
            let i = score - form.blend(evidence_score, None);
            let r = Rank {
                key: i.abs(),
                when: at,
                item: ASSESSMENT,
                impact: i,
                weight: 0.0,
                credit: 0.0,
                source: EvidenceSource::Assessment,
                outcome: None,
            };
            if form.relationship || n > INSERTION_LIMIT {
                self.ranked.push(r);
                keep_first(&mut self.ranked, n);
            } else {
                // The list is in rank order by its keys: insert.
                offer(&mut self.ranked, r, n);
            }
        }

        // The list goes into the buffer that the report's lists share: one allocation for them all.
        let start = self.evidence.len();
        self.evidence.extend(self.ranked.iter().map(|r| {
            if r.item == ASSESSMENT {
                let (at, k, _) = t.assessment.expect("an assessment was ranked");
                let id = map.evidence()[k - map.interactions().len()].id.as_str().into();
                EvidenceContribution {
                    id,
                    source: EvidenceSource::Assessment,
                    at: Timestamp(at),
                    weight: 0.0,
                    impact: r.impact,
                    outcome: None,
                }
            } else {
                let interactions = map.interactions().len();
                let id = match r.source {
                    EvidenceSource::Interaction => &map.interactions()[r.item].id,
                    _ => &map.evidence()[r.item - interactions].id,
                };
                EvidenceContribution {
                    id: id.as_str().into(),
                    source: r.source,
                    at: Timestamp(r.when),
                    weight: r.weight,
                    impact: r.impact,
                    outcome: r.outcome,
                }
            }
        }));
        let evidence = EvidenceList::pending(start, self.evidence.len() - start);
        PillarScore {
            score,
            confidence,
            evidence_score,
            assessment_score,
            evidence_count: t.count,
            evidence_weight: t.n,
            evidence,
        }
    }
}

/// The relationship pillar's sums (and evidence candidates) of every
/// (member, stakeholder) pair of a map, gathered in one pass over its
/// interactions ([`PairScorer::gather`]) instead of pair by pair.
#[derive(Debug, Default)]
pub(crate) struct Closeness {
    /// The sums, by pair key `stakeholder · members + member`.
    sums: Vec<PairSums>,
    /// Short evidence lists (`top_evidence` ≤ [`INSERTION_LIMIT`]): `top_evidence`
    /// slots per pair key, the first [`PairSums::listed`] of them in rank order.
    near: Vec<Near>,
    /// Long evidence lists: every candidate, by pair key, cut when the pair is scored.
    lists: Vec<Vec<Rank>>,
}

/// One pair's interaction sums from the pass, with the state of its evidence list.
#[derive(Debug, Clone, Copy)]
struct PairSums {
    /// Σ decay.
    n: f64,
    /// E, the sum of the decayed weights.
    s: f64,
    /// A short list takes nothing lighter than this (its last key once full, else −∞).
    floor: f64,
    /// Interactions that counted.
    count: u32,
    /// Candidates in the short list.
    listed: u16,
    /// Once the list is full, the slot of the candidate that ranks last.
    last: u16,
}

impl PairSums {
    const EMPTY: PairSums = PairSums { n: 0.0, s: 0.0, floor: f64::NEG_INFINITY, count: 0, listed: 0, last: 0 };

    /// Adds an interaction of decay `d` and decayed weight `w`.
    #[inline]
    fn add(&mut self, d: f64, w: f64) {
        self.count += 1;
        self.n += d;
        self.s += w;
    }

    /// Offers a candidate to the short list in `slots` (one slot per place), as
    /// [`offer`] would: the list keeps the first `slots.len()` candidates in
    /// rank order, though not sorted ([`Closeness::sorted`] sorts it). A full
    /// list replaces the candidate that ranks last, the one [`PairSums::last`]
    /// names; no candidate moves.
    #[inline(never)]
    fn offer(&mut self, slots: &mut [Near], c: Near) {
        let n = slots.len();
        let listed = self.listed as usize;
        if listed < n {
            slots[listed] = c;
            self.listed += 1;
            if listed + 1 == n {
                self.settle(slots);
            }
            return;
        }
        // `c` comes after every candidate in map order, so on equal weights and
        // times it ranks after them.
        if !c.before(&slots[self.last as usize]) {
            return;
        }
        slots[self.last as usize] = c;
        self.settle(slots);
    }

    /// Finds the candidate of a full list that ranks last, and the floor.
    #[inline]
    fn settle(&mut self, slots: &[Near]) {
        let mut last = 0;
        for j in 1..slots.len() {
            last = if slots[last].before(&slots[j]) { j } else { last };
        }
        self.last = last as u16;
        self.floor = slots[last].key();
    }
}

/// The pass over a map's interactions at one time.
struct Pass<'a> {
    map: &'a RelationshipMap,
    /// `as_of` in seconds.
    now: i64,
    /// Channel weight × initiative factor, by [`weight_class`] (16 places, so
    /// that a class masked to 4 bits needs no bounds check).
    base: [f64; 16],
    sentiment_factor: f64,
}

impl Pass<'_> {
    /// Calls `f(pair key, decay, decayed weight, time, interaction index)` for
    /// every interaction at or before `now` and every (member, stakeholder)
    /// pair in it, in map order. Reads the map's interaction columns, not the records.
    #[inline(always)]
    fn run(&self, decay: &mut DecayTable, mut f: impl FnMut(usize, f64, f64, i64, u32)) {
        let members = self.map.team().len();
        let c = self.map.interaction_columns();
        let len = c.at.len();
        let (splits, sentiment, class) = (&c.splits[..len], &c.sentiment[..len], &c.class[..len]);
        let (starts, ends) = (&c.starts[..len], &c.starts[1..=len]);
        for k in 0..len {
            let at = c.at[k];
            if at > self.now {
                continue;
            }
            let d = decay.decay_since(self.now, at);
            // `interaction_base(x, cfg) * d`: the same products in the same order
            // (a sentiment not recorded is 0 in the column, as in `interaction_base`).
            let w = self.base[class[k] as usize & 15] * (1.0 + self.sentiment_factor * sentiment[k]) * d;
            let (start, split, end) = (starts[k] as usize, splits[k] as usize, ends[k] as usize);
            if split == start + 1 && end == split + 1 {
                // One member and one stakeholder (the common case): no loops.
                let (m, s) = (c.parties[start], c.parties[split]);
                f(s as usize * members + m as usize, d, w, at, k as u32);
                continue;
            }
            let ms = &c.parties[start..split];
            for &s in &c.parties[split..end] {
                let row = s as usize * members;
                for &m in ms {
                    f(row + m as usize, d, w, at, k as u32);
                }
            }
        }
    }
}

/// A candidate of a short relationship evidence list: an interaction and its weight.
#[derive(Debug, Clone, Copy)]
struct Near {
    /// The decayed weight (the rank key) and the interaction's time, as one
    /// number in rank order: the weight in the order of [`f64::total_cmp`]
    /// above, the time below, both offset so that unsigned order is theirs.
    rank: u128,
    /// The interaction's index.
    item: u32,
}

const SIGN: u64 = 1 << 63;

/// `x` as an integer in the order of [`f64::total_cmp`] (the same bit trick; its own inverse).
#[inline(always)]
fn total_order(bits: u64) -> u64 {
    bits ^ (((bits as i64 >> 63) as u64) >> 1)
}

impl Near {
    const EMPTY: Near = Near { rank: 0, item: 0 };

    #[inline(always)]
    fn new(key: f64, when: i64, item: u32) -> Near {
        let high = total_order(key.to_bits()) ^ SIGN;
        Near { rank: (u128::from(high) << 64) | u128::from(when as u64 ^ SIGN), item }
    }

    /// The decayed weight.
    fn key(&self) -> f64 {
        f64::from_bits(total_order((self.rank >> 64) as u64 ^ SIGN))
    }

    /// The interaction's time.
    fn when(&self) -> i64 {
        (self.rank as u64 ^ SIGN) as i64
    }

    /// Whether `self` ranks before `other` ([`rank_order`]), without branches
    /// (the outcome is as good as random, so a branch would often be mispredicted).
    #[inline(always)]
    fn before(&self, other: &Near) -> bool {
        // In 64-bit halves, with `&` and `|` rather than `&&` and `||`: no branch.
        let (a, b) = ((self.rank >> 64) as u64, (other.rank >> 64) as u64);
        let (a_low, b_low) = (self.rank as u64, other.rank as u64);
        (a > b) | ((a == b) & ((a_low > b_low) | ((a_low == b_low) & (self.item < other.item))))
    }

    fn rank(self) -> Rank {
        let key = self.key();
        Rank {
            key,
            when: self.when(),
            item: self.item as usize,
            impact: f64::NAN,
            weight: key,
            credit: 0.0,
            source: EvidenceSource::Interaction,
            outcome: None,
        }
    }
}

impl Closeness {
    /// The interactions in the short evidence lists (`top_evidence = n`), pair after pair.
    pub fn listed(&self, n: usize) -> impl Iterator<Item = u32> + '_ {
        let short = if n <= INSERTION_LIMIT { self.sums.len() } else { 0 };
        self.sums[..short]
            .iter()
            .enumerate()
            .flat_map(move |(key, p)| self.near[key * n..key * n + p.listed as usize].iter().map(|c| c.item))
    }

    /// The short evidence list (`top_evidence = n`) of the pair with this key, sorted into rank order.
    fn sorted(&mut self, key: usize, n: usize) -> &[Near] {
        let listed = &mut self.near[key * n..key * n + self.sums[key].listed as usize];
        // Sorted by insertion: a list is at most 16 long, and mostly 5.
        for i in 1..listed.len() {
            let mut j = i;
            while j > 0 && listed[i].before(&listed[j - 1]) {
                j -= 1;
            }
            listed[j..=i].rotate_right(1);
        }
        listed
    }

    /// Whether any interaction of the pair with this key counted.
    pub fn any(&self, key: usize) -> bool {
        self.sums[key].count > 0
    }
}

impl PairScorer {
    /// Sums the interactions of every pair at `as_of` into `into`: each
    /// interaction's decay and weight are computed once and added to each
    /// (member, stakeholder) pair in it, in map order, so every pair's sums are
    /// the ones [`Self::score`] adds up from its own bucket, bit for bit.
    pub fn gather(&mut self, map: &RelationshipMap, cfg: &TrustConfig, as_of: Timestamp, into: &mut Closeness) {
        let now = as_of.0;
        self.decay.use_half_life(cfg.half_life_days);
        let members = map.team().len();
        let keys = members * map.stakeholders().len();
        let n = cfg.top_evidence;
        let short = n <= INSERTION_LIMIT;
        let Closeness { sums, near, lists } = into;
        sums.clear();
        sums.resize(keys, PairSums::EMPTY);
        if n > 0 && short {
            near.clear();
            near.resize(keys * n, Near::EMPTY);
        } else if n > 0 {
            if lists.len() < keys {
                lists.resize_with(keys, Vec::new);
            }
            lists[..keys].iter_mut().for_each(Vec::clear);
        }
        // Channel weight × initiative factor by (channel, initiator): the first
        // product of `interaction_base`, so the weights are bit for bit the same.
        let mut base = [0.0; 16];
        for c in Channel::ALL {
            base[weight_class(c, Initiator::Us)] = cfg.channel_weights.weight(c);
            base[weight_class(c, Initiator::Them)] = cfg.channel_weights.weight(c) * cfg.initiated_by_them;
        }
        let pass = Pass { map, now, base, sentiment_factor: cfg.sentiment_factor };
        let (sums, near) = (&mut sums[..], &mut near[..]);
        // One loop per kind of evidence list, so that each does only its own work.
        if n == 0 {
            pass.run(&mut self.decay, |key, d, w, _, _| sums[key].add(d, w));
        } else if short {
            pass.run(&mut self.decay, |key, d, w, at, k| {
                let p = &mut sums[key];
                p.add(d, w);
                // A full list takes nothing lighter than its last item: most items stop here.
                if w < p.floor {
                    return;
                }
                p.offer(&mut near[key * n..(key + 1) * n], Near::new(w, at, k));
            });
        } else {
            pass.run(&mut self.decay, |key, d, w, at, k| {
                sums[key].add(d, w);
                lists[key].push(Near::new(w, at, k).rank());
            });
        }
    }

    /// [`Self::score`] of the pair with this key, its interactions already
    /// [gathered](Self::gather) and `evidence` its evidence items (at or before `as_of`).
    pub fn score_gathered(
        &mut self,
        map: &RelationshipMap,
        cfg: &TrustConfig,
        closeness: &mut Closeness,
        key: usize,
        evidence: &[Item],
        as_of: Timestamp,
    ) -> ([PillarScore; 4], bool) {
        self.decay.use_half_life(cfg.half_life_days);
        let lists = cfg.top_evidence > 0;
        let mut tally = [Tally::default(); 4];
        let sums = &closeness.sums[key];
        tally[0] = Tally { count: sums.count as usize, n: sums.n, s: sums.s, assessment: None };
        self.counted.iter_mut().for_each(Vec::clear);
        self.closest.clear();
        let n = cfg.top_evidence;
        if n > INSERTION_LIMIT {
            std::mem::swap(&mut self.closest, &mut closeness.lists[key]);
        } else if lists {
            self.closest.extend(closeness.sorted(key, n).iter().map(|c| c.rank()));
        }
        let any = self.add(cfg, map.interactions().len(), evidence, as_of, lists, &mut tally) | closeness.any(key);
        let pillars = std::array::from_fn(|p| self.pillar(map, cfg, p, &tally[p]));
        (pillars, any)
    }
}

/// A pillar's confidence from its sums: `n'/(n' + k)`, `n'` the decayed amount
/// of evidence plus `assessment_evidence` when an assessment is in use.
fn confidence_of(cfg: &TrustConfig, t: &Tally) -> f64 {
    let amount = t.n + if t.assessment.is_some() { cfg.assessment_evidence } else { 0.0 };
    amount / (amount + cfg.confidence_k)
}

/// The composite of four pillar scores: their mean weighted by `w`.
pub(crate) fn composite_of(scores: &[f64; 4], w: &PillarWeights) -> f64 {
    let mut composite = 0.0;
    for (p, s) in Pillar::ALL.into_iter().zip(scores) {
        composite += w.weight(p) * s;
    }
    composite / w.total()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, Channel, Evidence, EvidenceKind, Interaction, Stakeholder, TeamMember};
    use crate::trust::index::{Filter, PairIndex};

    fn day(n: i64) -> Timestamp {
        Timestamp::from_ymd(2026, 1, 1).unwrap().plus_days(n)
    }

    fn map_with(channels: &[(i64, Channel)], rating: Option<f64>) -> RelationshipMap {
        let mut m = RelationshipMap::new(Account::new("a", "A"));
        m.add_stakeholder(Stakeholder::new("s", "S")).unwrap();
        m.add_team_member(TeamMember::new("m", "M")).unwrap();
        for (k, &(d, c)) in channels.iter().enumerate() {
            m.add_interaction(Interaction::new(format!("i{k}"), day(d), c, ["m"], ["s"])).unwrap();
        }
        if let Some(rating) = rating {
            let kind = EvidenceKind::Assessment { pillar: Pillar::Relationship, rating };
            m.add_evidence(Evidence { id: "a".into(), at: day(0), member: "m".into(), stakeholder: "s".into(), kind })
                .unwrap();
        }
        m
    }

    fn relationship(map: &RelationshipMap, cfg: &TrustConfig, at: i64) -> PillarScore {
        let index = PairIndex::build(map, cfg, Filter::default());
        let mut scorer = PairScorer::default();
        let (mut pillars, _) = scorer.score(map, cfg, index.items_of(0), day(at));
        pillars[0].evidence.attach(&scorer.take_evidence());
        pillars[0].clone()
    }

    #[test]
    fn decay_table_gives_the_computed_factor_bit_for_bit() {
        let mut table = DecayTable::default();
        for half_life in [90.0, 30.0, 90.0, 0.37] {
            table.use_half_life(half_life);
            // Whole days (looked up after the first time), fractional ages and
            // ages beyond the table (computed every time).
            let ages = [0, 1, 2, 365, 1_000, 3 * 365, TABLE_DAYS as i64 - 1, TABLE_DAYS as i64, 100_000];
            for _ in 0..2 {
                for d in ages {
                    let age = d * SECONDS_PER_DAY;
                    assert_eq!(table.decay(age).to_bits(), decay_of(age, half_life).to_bits(), "{d} days");
                    let odd = age + 3_600;
                    assert_eq!(table.decay(odd).to_bits(), decay_of(odd, half_life).to_bits(), "{d} days 1 h");
                }
            }
        }
        assert_eq!(decay_of(90 * SECONDS_PER_DAY, 90.0), 0.5);
        // Seen from `now`, through the one-test fast path, at the edges of the table too.
        let span = TABLE_DAYS as i64 * SECONDS_PER_DAY;
        for now in [0, 1_780_000_000, i64::MIN + 5, i64::MIN + span + 7, i64::MAX] {
            for age in [0, 1, SECONDS_PER_DAY, 400 * SECONDS_PER_DAY, span - SECONDS_PER_DAY, span, span + 1] {
                let at = now.saturating_sub(age);
                let expected = decay_of(now.saturating_sub(at), 0.37);
                assert_eq!(table.decay_since(now, at).to_bits(), expected.to_bits(), "now {now}, age {age}");
            }
            assert_eq!(table.decay_since(now, i64::MIN).to_bits(), table.decay(now.saturating_sub(i64::MIN)).to_bits());
        }
    }

    #[test]
    fn short_list_candidates_rank_as_rank_order_does() {
        let keys = [0.0, -0.0, 1.5, -1.5, 3.0e-310, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -f64::NAN, 2.0];
        let whens = [i64::MIN, -86_400, 0, 1, 1_780_000_000, i64::MAX];
        let mut all = Vec::new();
        for &key in &keys {
            for &when in &whens {
                for item in [0, 7, u32::MAX] {
                    all.push(Near::new(key, when, item));
                }
            }
        }
        for a in &all {
            let ra = a.rank();
            assert_eq!((ra.key.to_bits(), ra.when), (a.key().to_bits(), a.when()));
            for b in &all {
                assert_eq!(a.before(b), rank_order(&ra, &b.rank()).is_lt(), "{ra:?} against {:?}", b.rank());
            }
        }
        let near = Near::new(-1.5, -86_400, 3).rank();
        assert_eq!((near.key, near.when, near.item), (-1.5, -86_400, 3));
    }

    #[test]
    fn keeps_the_top_items_by_impact_then_recency() {
        let map = map_with(
            &[(0, Channel::Email), (1, Channel::Visit), (2, Channel::Email), (3, Channel::Phone), (3, Channel::Visit)],
            None,
        );
        let cfg = TrustConfig { top_evidence: 3, half_life_days: 1e9, ..TrustConfig::default() };
        let r = relationship(&map, &cfg, 3);
        // The two visits tie on impact (no decay): the later one first; then the phone call.
        let ids: Vec<&str> = r.evidence.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["i4", "i1", "i3"]);
        assert_eq!(r.evidence_count, 5);
        let all = relationship(&map, &TrustConfig { top_evidence: 100, ..cfg.clone() }, 3);
        assert_eq!(all.evidence.len(), 5);
        let none = relationship(&map, &TrustConfig { top_evidence: 0, ..cfg }, 3);
        assert!(none.evidence.is_empty());
    }

    #[test]
    fn leave_one_out_of_a_single_item_falls_back_to_the_assessment() {
        // One visit (E = 3) blended with a rating of 10: removing the visit leaves the rating alone.
        let map = map_with(&[(0, Channel::Visit)], Some(10.0));
        let r = relationship(&map, &TrustConfig::default(), 0);
        let visit = 100.0 * (1.0 - (-0.5f64).exp());
        assert!((r.score - (visit + 100.0) / 2.0).abs() < 1e-12);
        let by_id = |id: &str| r.evidence.iter().find(|c| c.id == id).unwrap().impact;
        assert!((by_id("i0") - (r.score - 100.0)).abs() < 1e-12);
        assert!((by_id("a") - (r.score - visit)).abs() < 1e-12);
        // Equal magnitudes at the same time: the evidence item is listed before the assessment.
        assert_eq!(r.evidence[0].id, "i0");
    }
}
