//! Property tests: any valid map survives JSON (equal, and byte-identical when
//! written again) and a CSV folder (equal), including the edges: times at the
//! ends of the supported years, control characters, formula-like text
//! (`=`, `+`, `-`, `@`, a leading quote or white space), and huge, tiny and
//! subnormal numbers.

use std::collections::{BTreeMap, HashSet};

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::{subsequence, Index};

use relmap::activity::{ActivityLog, Observation, ObservationKind, Party};
use relmap::model::{
    Account, BuyingInfluence, BuyingRole, Channel, Criterion, Direction, Evidence, EvidenceKind, Grade, Initiator,
    Interaction, MapDocument, Meddpicc, MeddpiccElement, Milestone, Opportunity, Pillar, ProcessStep, Relation,
    RelationKind, ResponseMode, Role, Stakeholder, TeamMember, FORMAT,
};
use relmap::time::Timestamp;
use relmap::RelationshipMap;

/// A list item the CSV form can carry: no surrounding white space and no `;`,
/// but commas, quotes, newlines, control characters, Chinese and a leading
/// formula character or quote inside.
fn item() -> impl Strategy<Value = String> {
    "[a-z0-9\u{4e00}-\u{4e2f},\"·（=+\\-@'\u{0}\u{1b}]([a-z0-9\u{4e00}-\u{4e2f},\" \n\r\t（）=+\\-@'\u{0}\u{7}\u{7f}%{}]{0,8}[a-z0-9\u{4e00}-\u{4e2f}\"）\u{1b}'])?"
}

/// A text the CSV form can carry: an item, which may also start with white
/// space (a tab, a carriage return, an ideographic space) and hold `;`.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => item(),
        1 => ("[ \t\r\u{3000}]", "[;=a-z]{0,3}", item()).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        1 => prop::sample::select(vec!["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-2+3", "'", "%%{init: {'theme':'dark'}}%%"])
            .prop_map(str::to_owned),
    ]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

/// An instant: mostly recent, sometimes anywhere in the supported years, sometimes at their very ends.
fn when() -> impl Strategy<Value = Timestamp> {
    prop_oneof![
        6 => (1_700_000_000i64..1_800_000_000).prop_map(Timestamp),
        2 => (Timestamp::MIN.0..=Timestamp::MAX.0).prop_map(Timestamp),
        1 => Just(Timestamp::MIN),
        1 => Just(Timestamp::MAX),
    ]
}

/// A number in [lo, hi] with the edges that matter: the ends, zero and −0 where
/// allowed, the smallest subnormal and the largest finite number where allowed.
fn edge(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    let mut special: Vec<f64> = [lo, hi, 0.0, -0.0, 5e-324, 1e-300, 1e300, f64::MAX, -f64::MAX, f64::MIN_POSITIVE]
        .into_iter()
        .filter(|v| *v >= lo && *v <= hi)
        .collect();
    special.dedup();
    prop_oneof![4 => lo..=hi, 1 => prop::sample::select(special)]
}

fn unit() -> impl Strategy<Value = f64> {
    edge(0.0, 1.0)
}

fn account() -> impl Strategy<Value = Account> {
    (
        text(),
        opt_text(),
        opt_text(),
        prop::option::of(prop_oneof![0u64..1_000_000, Just(u64::MAX)]),
        prop::option::of(edge(0.0, f64::MAX)),
        opt_text(),
        vec(item(), 0..3),
    )
        .prop_map(|(name, industry, region, employees, revenue, segment, tags)| Account {
            id: "acct".into(),
            name,
            industry,
            region,
            employees,
            revenue,
            segment,
            tags,
        })
}

const COMPETITORS: [&str; 3] = ["腾云", "qingtian", "擎天, 数智"];

fn stakeholder(i: usize) -> impl Strategy<Value = Stakeholder> {
    (
        (text(), opt_text(), opt_text(), prop::option::of(any::<Index>())),
        subsequence(Role::ALL.to_vec(), 0..=3),
        (prop::option::of(unit()), prop::option::of(0.0..1.0f64), prop::option::of(edge(-5.0, 5.0))),
        btree_map(prop::sample::select(COMPETITORS.to_vec()), edge(-5.0, 5.0), 0..3),
        (vec(item(), 0..3), vec(item(), 0..2), prop::option::of(prop::sample::select(Channel::ALL.to_vec()))),
        (0usize..3, btree_map(prop::sample::select(SOURCES.to_vec()), "[A-Za-z0-9]{1,12}", 0..3)),
    )
        .prop_map(
            move |((name, title, department, manager), roles, (authority, openness, stance), toward, extra, keys)| {
                let (concerns, needs, preferred_channel) = extra;
                let (n_emails, crm_ids) = keys;
                Stakeholder {
                    id: format!("s{i}"),
                    name,
                    title,
                    department,
                    // A forest: each person reports to someone listed before them, or to nobody.
                    reports_to: if i == 0 { None } else { manager.map(|m| format!("s{}", m.index(i))) },
                    roles,
                    authority,
                    openness,
                    stance,
                    stance_toward: toward.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
                    concerns,
                    needs,
                    preferred_channel,
                    // Contact keys unique to the person: the index is part of each.
                    emails: (0..n_emails).map(|k| format!("p{i}.{k}@Acme.example")).collect(),
                    crm_ids: crm_ids.into_iter().map(|(s, v)| (s.to_owned(), format!("{v}-{i}"))).collect(),
                }
            },
        )
}

const SOURCES: [&str; 3] = ["salesforce", "hubspot", "纷享销客"];

fn relations(n: usize) -> impl Strategy<Value = Vec<Relation>> {
    let one = (
        any::<Index>(),
        any::<Index>(),
        prop::sample::select(RelationKind::ALL.to_vec()),
        any::<bool>(),
        edge(0.0, 1.0).prop_map(|x| if x == 0.0 { 5e-324 } else { x }), // (0, 1]
        opt_text(),
    );
    vec(one, 0..2 * n).prop_map(move |raw| {
        // One relation per unordered pair and kind, so no duplicate in either direction.
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (a, b, kind, both, strength, notes) in raw {
            let (s, t) = (a.index(n), b.index(n));
            if s == t || !seen.insert((s.min(t), s.max(t), kind)) {
                continue;
            }
            let direction = if both { Direction::Both } else { Direction::Forward };
            out.push(Relation { source: format!("s{s}"), target: format!("s{t}"), kind, direction, strength, notes });
        }
        out
    })
}

fn team(m: usize) -> impl Strategy<Value = Vec<TeamMember>> {
    vec((text(), opt_text(), opt_text(), any::<bool>()), m).prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(i, (name, role, title, keyed))| TeamMember {
                id: format!("m{i}"),
                name,
                role,
                title,
                emails: if keyed { vec![format!("rep{i}@us.example")] } else { Vec::new() },
                crm_ids: if keyed { [("salesforce".to_owned(), format!("005{i}"))].into() } else { Default::default() },
            })
            .collect()
    })
}

fn ids(prefix: &'static str, picked: Vec<usize>) -> Vec<String> {
    picked.into_iter().map(|i| format!("{prefix}{i}")).collect()
}

fn interactions(n: usize, m: usize) -> impl Strategy<Value = Vec<Interaction>> {
    let one = (
        when(),
        prop::sample::select(Channel::ALL.to_vec()),
        subsequence((0..m).collect::<Vec<_>>(), 1..=m),
        subsequence((0..n).collect::<Vec<_>>(), 1..=n.min(4)),
        any::<bool>(),
        prop::option::of(edge(-1.0, 1.0)),
        opt_text(),
    );
    vec(one, 0..15).prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(k, (at, channel, members, stakeholders, them, sentiment, notes))| Interaction {
                id: format!("i{k}"),
                at,
                channel,
                members: ids("m", members),
                stakeholders: ids("s", stakeholders),
                initiated_by: if them { Initiator::Them } else { Initiator::Us },
                sentiment,
                notes,
            })
            .collect()
    })
}

fn evidence_kind() -> impl Strategy<Value = (i64, EvidenceKind)> {
    // Commitments are built relative to `at`; the i64 is the due offset in seconds.
    prop_oneof![
        (0i64..10_000_000, prop::option::of(0i64..20_000_000), opt_text()).prop_map(|(due, delivered, description)| {
            (due, EvidenceKind::Commitment { due: Timestamp(due), delivered: delivered.map(Timestamp), description })
        }),
        (any::<bool>(), opt_text())
            .prop_map(|(positive, description)| (0, EvidenceKind::ExpertiseSignal { positive, description })),
        (any::<bool>(), opt_text())
            .prop_map(|(positive, description)| (0, EvidenceKind::SincerityEvent { positive, description })),
        (prop::sample::select(Pillar::ALL.to_vec()), edge(1.0, 10.0))
            .prop_map(|(pillar, rating)| (0, EvidenceKind::Assessment { pillar, rating })),
    ]
}

fn evidence(n: usize, m: usize) -> impl Strategy<Value = Vec<Evidence>> {
    vec((when(), any::<Index>(), any::<Index>(), evidence_kind()), 0..10).prop_map(move |raw| {
        raw.into_iter()
            .enumerate()
            .map(|(k, (at, member, stakeholder, (_, kind)))| {
                // Offsets become instants after `at`: due and delivery never precede the promise.
                // Offsets past the last supported instant stop at it.
                let after = |offset: i64| Timestamp((at.0 + offset).min(Timestamp::MAX.0));
                let kind = match kind {
                    EvidenceKind::Commitment { due, delivered, description } => EvidenceKind::Commitment {
                        due: after(due.0),
                        delivered: delivered.map(|d| after(d.0)),
                        description,
                    },
                    other => other,
                };
                Evidence {
                    id: format!("e{k}"),
                    at,
                    member: format!("m{}", member.index(m)),
                    stakeholder: format!("s{}", stakeholder.index(n)),
                    kind,
                }
            })
            .collect()
    })
}

const MILESTONES: [&str; 5] = ["need_identified", "budget_confirmed", "poc_passed", "bid_submitted", "contract_signed"];

/// One MEDDPICC element's raw draw: grade, stakeholder, confirmer, date, text, tested, value, steps.
type RawElement = (
    Grade,
    Option<usize>,
    Option<usize>,
    Option<Timestamp>,
    Option<String>,
    bool,
    Option<f64>,
    Vec<(String, Option<usize>, Option<Timestamp>, bool)>,
);

fn meddpicc(n: usize, m: usize) -> impl Strategy<Value = Meddpicc> {
    let step = (text(), prop::option::of(0..n), prop::option::of(when()), any::<bool>());
    let element = (
        prop::sample::select(Grade::ALL.to_vec()),
        prop::option::of(0..n),
        prop::option::of(0..m),
        prop::option::of(when()),
        opt_text(),
        any::<bool>(),
        prop::option::of(0.0..1e9f64),
        vec(step, 0..3),
    );
    vec(prop::option::of(element), 8).prop_map(move |raw: Vec<Option<RawElement>>| {
        let mut q = Meddpicc::default();
        for (element, e) in MeddpiccElement::ALL.into_iter().zip(raw) {
            let Some((grade, who, by, at, description, tested, value, steps)) = e else { continue };
            q.set_grade(element, grade);
            let who = who.map(|i| format!("s{i}"));
            let by = by.map(|i| format!("m{i}"));
            // Dated steps in date order, as the model requires.
            let mut dates: Vec<Timestamp> = steps.iter().filter_map(|s| s.2).collect();
            dates.sort();
            let mut dates = dates.into_iter();
            let steps: Vec<ProcessStep> = steps
                .into_iter()
                .map(|(name, owner, date, confirmed)| ProcessStep {
                    name,
                    owner: owner.map(|i| format!("s{i}")),
                    date: date.and_then(|_| dates.next()),
                    confirmed,
                })
                .collect();
            macro_rules! common {
                ($e:expr) => {{
                    let e = $e.as_mut().unwrap();
                    e.description = description;
                    e.confirmed_by = by;
                    e.confirmed_at = at;
                }};
            }
            match element {
                MeddpiccElement::Metrics => {
                    common!(q.metrics);
                    q.metrics.as_mut().unwrap().value = value;
                }
                MeddpiccElement::EconomicBuyer => {
                    common!(q.economic_buyer);
                    q.economic_buyer.as_mut().unwrap().stakeholder = who;
                }
                MeddpiccElement::IdentifiedPain => {
                    common!(q.identified_pain);
                    q.identified_pain.as_mut().unwrap().stakeholder = who;
                }
                MeddpiccElement::Champion => {
                    common!(q.champion);
                    let c = q.champion.as_mut().unwrap();
                    c.stakeholder = who;
                    c.tested = tested;
                }
                MeddpiccElement::DecisionProcess => {
                    common!(q.decision_process);
                    q.decision_process.as_mut().unwrap().steps = steps;
                }
                MeddpiccElement::PaperProcess => {
                    common!(q.paper_process);
                    q.paper_process.as_mut().unwrap().steps = steps;
                }
                MeddpiccElement::DecisionCriteria => common!(q.decision_criteria),
                MeddpiccElement::Competition => common!(q.competition),
            }
        }
        q
    })
}

fn buying_influences(n: usize) -> impl Strategy<Value = Vec<BuyingInfluence>> {
    let one = (
        subsequence(BuyingRole::ALL.to_vec(), 0..=2),
        prop::option::of(prop::sample::select(ResponseMode::ALL.to_vec())),
        vec(item(), 0..3),
    );
    (subsequence((0..n).collect::<Vec<_>>(), 0..=n.min(4)), vec(one, 4)).prop_map(|(who, raw)| {
        who.into_iter()
            .zip(raw)
            .map(|(i, (roles, response_mode, win_results))| BuyingInfluence {
                stakeholder: format!("s{i}"),
                roles,
                response_mode,
                win_results,
            })
            .collect()
    })
}

fn opportunities(n: usize, m: usize) -> impl Strategy<Value = Vec<Opportunity>> {
    let criterion = (opt_text(), btree_map(0..n, edge(0.0, f64::MAX), 0..=n.min(3)));
    let one = (
        text(),
        prop::option::of(edge(0.0, f64::MAX)),
        subsequence(COMPETITORS.to_vec(), 0..=2),
        opt_text(),
        vec((prop::sample::select(MILESTONES.to_vec()), when()), 0..4),
        vec(criterion, 0..4),
        vec(vec(edge(-f64::MAX, f64::MAX), 4), 0..3),
        (meddpicc(n, m), buying_influences(n)),
    );
    vec(one, 0..3).prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(k, (name, amount, competitors, declared_stage, milestones, criteria, scores, qualification))| {
                let (meddpicc, buying_influences) = qualification;
                let criteria: Vec<Criterion> = criteria
                    .into_iter()
                    .enumerate()
                    .map(|(j, (name, weights))| Criterion {
                        id: format!("c{j}"),
                        name,
                        weights: weights.into_iter().map(|(s, w)| (format!("s{s}"), w)).collect(),
                    })
                    .collect();
                let mut vendor_scores = BTreeMap::new();
                if !criteria.is_empty() {
                    for (v, row) in scores.into_iter().enumerate() {
                        let vendor = if v == 0 { "us".to_owned() } else { COMPETITORS[v - 1].to_owned() };
                        let by: BTreeMap<String, f64> =
                            criteria.iter().zip(row).map(|(c, score)| (c.id.clone(), score)).collect();
                        vendor_scores.insert(vendor, by);
                    }
                }
                Opportunity {
                    id: format!("o{k}"),
                    name,
                    amount,
                    competitors: competitors.into_iter().map(str::to_owned).collect(),
                    declared_stage,
                    milestones: milestones.into_iter().map(|(key, at)| Milestone { key: key.to_owned(), at }).collect(),
                    criteria,
                    vendor_scores,
                    meddpicc,
                    buying_influences,
                }
            })
            .collect()
    })
}

fn party() -> impl Strategy<Value = Party> {
    (item(), opt_text()).prop_map(|(email, name)| Party { email, name })
}

/// An activity log: meetings, messages and bounces, with and without people,
/// names, replies and failed addresses (ids unique, as a document requires).
fn activity() -> impl Strategy<Value = ActivityLog> {
    let observation = (
        when(),
        prop::sample::select(vec![ObservationKind::Meeting, ObservationKind::Message, ObservationKind::Bounce]),
        prop::sample::select(vec![Channel::Meeting, Channel::Email, Channel::Phone, Channel::Visit]),
        prop::option::of(party()),
        vec(party(), 0..3),
        vec(party(), 0..2),
        opt_text(),
        vec(item(), 0..2),
    );
    vec(observation, 0..4).prop_map(|obs| ActivityLog {
        observations: obs
            .into_iter()
            .enumerate()
            .map(|(k, (at, kind, channel, from, to, cc, in_reply_to, failed))| Observation {
                id: format!("mail:{k}@acme.cn"),
                at,
                kind,
                channel,
                from,
                to,
                cc,
                in_reply_to,
                failed,
            })
            .collect(),
    })
}

fn stakeholders(n: usize) -> impl Strategy<Value = Vec<Stakeholder>> {
    (0..n).map(stakeholder).collect::<Vec<_>>()
}

fn any_map() -> impl Strategy<Value = RelationshipMap> {
    (1usize..10, 1usize..4).prop_flat_map(|(n, m)| {
        (
            account(),
            stakeholders(n),
            relations(n),
            team(m),
            interactions(n, m),
            evidence(n, m),
            opportunities(n, m),
            activity(),
        )
            .prop_map(
                |(account, stakeholders, relations, team, interactions, evidence, opportunities, activity)| {
                    let doc = MapDocument {
                        format: FORMAT.to_owned(),
                        account,
                        stakeholders,
                        relations,
                        team,
                        interactions,
                        evidence,
                        opportunities,
                        activity,
                    };
                    RelationshipMap::from_document(doc).expect("the strategy builds only valid maps")
                },
            )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn json_round_trip_is_equal_and_byte_stable(map in any_map()) {
        let text = map.to_json();
        let back = RelationshipMap::from_json(&text).unwrap();
        prop_assert_eq!(&back, &map);
        prop_assert_eq!(back.to_json(), text);
    }

    #[test]
    fn csv_round_trip_is_equal(map in any_map()) {
        let dir = std::env::temp_dir().join(format!("relmap-roundtrip-{}", std::process::id()));
        relmap::io::csv::write_map(&map, &dir).unwrap();
        let back = relmap::io::csv::read_map(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        prop_assert_eq!(back, map);
    }

    #[test]
    fn csv_files_in_memory_round_trip_and_never_start_a_text_cell_with_a_formula(map in any_map()) {
        let files = relmap::io::csv::write_map_files(&map).unwrap();
        for (name, text) in &files {
            let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
            for record in reader.records() {
                for cell in record.unwrap().iter().filter(|c| c.parse::<f64>().is_err()) {
                    prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{}: {:?}", name, cell);
                }
            }
        }
        let back = relmap::io::csv::read_map_files(&files).unwrap();
        prop_assert_eq!(relmap::io::csv::write_map_files(&back).unwrap(), files);
        prop_assert_eq!(back, map);
    }
}

#[test]
fn strategy_covers_the_interesting_shapes() {
    // Guard against a strategy that quietly generates only trivial maps.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = any_map();
    let (mut depth, mut relations, mut evidence, mut criteria) = (0, 0, 0, 0);
    let (mut elements, mut steps, mut influences) = (0, 0, 0);
    let (mut observations, mut failed, mut lone) = (0, 0, 0);
    for _ in 0..100 {
        let map = strategy.new_tree(&mut runner).unwrap().current();
        observations += map.activity().observations.len();
        failed += map.activity().observations.iter().map(|o| o.failed.len()).sum::<usize>();
        lone +=
            map.activity().observations.iter().filter(|o| o.parties().next().is_none() && o.failed.is_empty()).count();
        depth = depth.max(map.org_depth());
        relations += map.relations().len();
        evidence += map.evidence().len();
        criteria += map.opportunities().iter().map(|o| o.criteria.len()).sum::<usize>();
        for o in map.opportunities() {
            elements += MeddpiccElement::ALL.iter().filter(|&&e| o.meddpicc.grade(e).is_some()).count();
            steps += o
                .meddpicc
                .decision_process
                .iter()
                .chain(&o.meddpicc.paper_process)
                .map(|p| p.steps.len())
                .sum::<usize>();
            influences += o.buying_influences.len();
        }
    }
    assert!(elements > 200 && steps > 50 && influences > 50, "{elements} {steps} {influences}");
    assert!(observations > 100 && failed > 50 && lone > 0, "{observations} {failed} {lone}");
    assert!(
        depth >= 3 && relations > 100 && evidence > 100 && criteria > 50,
        "{depth} {relations} {evidence} {criteria}"
    );
}
