//! Every red flag: one map that raises it, one that does not.

use relmap::chain::{ChainConfig, DecisionChain, FlagCode, KeyPlayerRule, RedFlag, Severity, Tie};
use relmap::model::{Account, Channel, Interaction, Milestone, Opportunity, Role, Stakeholder, TeamMember};
use relmap::time::Timestamp;
use relmap::trust::TrustConfig;
use relmap::RelationshipMap;

fn day(s: &str) -> Timestamp {
    s.parse().unwrap()
}

const AS_OF: &str = "2026-03-01";

fn cfg() -> ChainConfig {
    // The fixture's ties come from a few contacts (composites near 40), so cover at 0.35.
    ChainConfig {
        as_of: Some(day(AS_OF)),
        trust: TrustConfig { coverage_threshold: 35.0, ..TrustConfig::default() },
        ..ChainConfig::default()
    }
}

/// A healthy account: an economic buyer, a decision maker, a technical buyer who is
/// also our coach, a user; both our people met everyone in the last weeks; the
/// declared stage matches the milestones. `cfo_days` is how long ago the CFO was last met.
fn healthy_with(cfo_days: i64) -> RelationshipMap {
    let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    let people = [
        Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]).with_stance(3.0),
        Stakeholder::new("cfo", "Wang").with_roles([Role::DecisionMaker]).with_reports_to("ceo").with_stance(2.0),
        Stakeholder::new("cio", "Liu")
            .with_roles([Role::TechnicalBuyer, Role::Coach])
            .with_reports_to("ceo")
            .with_stance(4.0),
        Stakeholder::new("itm", "Zhou").with_roles([Role::UserBuyer]).with_reports_to("cio").with_stance(2.0),
    ];
    for s in people {
        map.add_stakeholder(s).unwrap();
    }
    map.add_team_member(TeamMember::new("rep", "Zhao")).unwrap();
    map.add_team_member(TeamMember::new("se", "Sun")).unwrap();
    let mut k = 0;
    for s in ["ceo", "cfo", "cio", "itm"] {
        for m in ["rep", "se"] {
            let ago = if s == "cfo" { cfo_days } else { 10 + k };
            let at = day(AS_OF).plus_days(-ago);
            map.add_interaction(Interaction::new(format!("i{k}"), at, Channel::Visit, [m], [s])).unwrap();
            k += 1;
        }
    }
    let mut o = Opportunity::new("o1", "Platform");
    o.declared_stage = Some("solution".into());
    for (key, ago) in [("need_identified", 150), ("budget_confirmed", 100), ("decision_process_mapped", 40)] {
        o.milestones.push(Milestone { key: key.into(), at: day(AS_OF).plus_days(-ago) });
    }
    map.add_opportunity(o).unwrap();
    map
}

fn healthy() -> RelationshipMap {
    healthy_with(20)
}

fn flags_of(chain: &DecisionChain, code: FlagCode) -> Vec<&RedFlag> {
    chain.red_flags().iter().filter(|f| f.code == code).collect()
}

fn with_stakeholder(map: &RelationshipMap, id: &str, edit: impl FnOnce(Stakeholder) -> Stakeholder) -> RelationshipMap {
    let mut m = map.clone();
    m.update_stakeholder(edit(map.stakeholder(id).unwrap().clone())).unwrap();
    m
}

#[test]
fn a_healthy_account_raises_no_flag() {
    let chain = healthy().decision_chain(&cfg()).unwrap();
    assert!(chain.red_flags().is_empty(), "{:#?}", chain.red_flags());
    assert_eq!(chain.key_players().len(), 4);
    assert!(chain.key_players().iter().all(|k| k.threads >= 2));
    // Against itself as the previous snapshot, nothing changed either.
    let again = healthy().decision_chain_since(&healthy(), &cfg(), None).unwrap();
    assert!(again.red_flags().is_empty());
}

#[test]
fn no_economic_buyer() {
    let map = with_stakeholder(&healthy(), "ceo", |s| Stakeholder { roles: vec![], authority: Some(1.0), ..s });
    let chain = map.decision_chain(&cfg()).unwrap();
    let f = flags_of(&chain, FlagCode::NoEconomicBuyer);
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].severity, f[0].ids.len()), (Severity::Critical, 0));
    assert!(flags_of(&healthy().decision_chain(&cfg()).unwrap(), FlagCode::NoEconomicBuyer).is_empty());
}

fn ties_except(map: &RelationshipMap, skip: &str, weak: f64) -> Vec<Tie> {
    let mut ties = Vec::new();
    for m in 0..map.team().len() {
        for (s, st) in map.stakeholders().iter().enumerate() {
            let strength = if st.id == skip { weak } else { 0.8 };
            ties.push(Tie { member: m, stakeholder: s, strength });
        }
    }
    ties
}

#[test]
fn economic_buyer_not_covered() {
    let map = healthy();
    let weak = map.decision_chain_with_ties(&cfg(), &ties_except(&map, "ceo", 0.1)).unwrap();
    let f = flags_of(&weak, FlagCode::EconomicBuyerNotCovered);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].ids, ["ceo"]);
    assert_eq!(f[0].severity, Severity::Critical);
    assert!(f[0].reason.contains("0.10"), "{}", f[0].reason);
    assert_eq!(weak.coverage().uncovered_key_players, ["ceo"]);
    // At the threshold it counts as covered.
    let enough = map.decision_chain_with_ties(&cfg(), &ties_except(&map, "ceo", 0.35)).unwrap();
    assert!(flags_of(&enough, FlagCode::EconomicBuyerNotCovered).is_empty());
}

#[test]
fn no_coach() {
    let none = with_stakeholder(&healthy(), "cio", |s| s.with_roles([Role::TechnicalBuyer]));
    let chain = none.decision_chain(&cfg()).unwrap();
    let f = flags_of(&chain, FlagCode::NoCoach);
    assert_eq!((f.len(), f[0].ids.len(), f[0].severity), (1, 0, Severity::Warning));
    // A coach who turned against us is no coach.
    let hostile = with_stakeholder(&healthy(), "cio", |s| s.with_stance(-1.0));
    let chain = hostile.decision_chain(&cfg()).unwrap();
    assert_eq!(flags_of(&chain, FlagCode::NoCoach)[0].ids, ["cio"]);
    // A coach of unknown stance still counts.
    let unknown = with_stakeholder(&healthy(), "cio", |s| Stakeholder { stance: None, ..s });
    assert!(flags_of(&unknown.decision_chain(&cfg()).unwrap(), FlagCode::NoCoach).is_empty());
}

#[test]
fn single_threaded() {
    let map = healthy();
    // Only the CEO and CFO are known: the CIO is reached only through the CEO
    // (manager → report), the IT manager only through the CIO.
    let ties: Vec<Tie> =
        (0..2).flat_map(|m| [0, 1].map(|s| Tie { member: m, stakeholder: s, strength: 0.8 })).collect();
    let chain = map.decision_chain_with_ties(&cfg(), &ties).unwrap();
    let f = flags_of(&chain, FlagCode::SingleThreaded);
    let ids: Vec<&[String]> = f.iter().map(|f| &f.ids[..]).collect();
    assert_eq!(ids, [&["cio".to_string(), "ceo".into()][..], &["itm".to_string(), "cio".into(), "ceo".into()][..]]);
    assert!(f.iter().all(|f| f.severity == Severity::Warning));
    assert_eq!(chain.threads()[map.stakeholder_idx("cio").unwrap()], Some(1));
    let ceo_broker = chain.brokers().iter().find(|b| b.id == "ceo").unwrap();
    assert_eq!(ceo_broker.key_players, ["cio", "itm"]);
    // Nobody known at all: no path, critical.
    let cold = map.decision_chain_with_ties(&cfg(), &[]).unwrap();
    let f = flags_of(&cold, FlagCode::SingleThreaded);
    assert_eq!(f.len(), 4);
    assert!(f.iter().all(|f| f.severity == Severity::Critical && f.reason.contains("no access path")));
    // Both of our people know everyone: two threads each.
    assert!(flags_of(&healthy().decision_chain(&cfg()).unwrap(), FlagCode::SingleThreaded).is_empty());
}

#[test]
fn high_influence_opponent() {
    let against = with_stakeholder(&healthy(), "cfo", |s| s.with_stance(-3.0));
    let chain = against.decision_chain(&cfg()).unwrap();
    assert!(chain.influence("cfo").unwrap() >= 0.10);
    let f = flags_of(&chain, FlagCode::HighInfluenceOpponent);
    assert_eq!((f.len(), &f[0].ids[..], f[0].severity), (1, &["cfo".to_string()][..], Severity::Critical));
    assert_eq!(chain.red_flags()[0].severity, Severity::Critical, "most severe first");
    // Mild disagreement, or opposition without weight, raises nothing.
    let mild = with_stakeholder(&healthy(), "cfo", |s| s.with_stance(-0.5));
    assert!(flags_of(&mild.decision_chain(&cfg()).unwrap(), FlagCode::HighInfluenceOpponent).is_empty());
    let light = with_stakeholder(&healthy(), "itm", |s| s.with_stance(-5.0));
    let chain = light.decision_chain(&cfg()).unwrap();
    assert!(chain.influence("itm").unwrap() < 0.10);
    assert!(flags_of(&chain, FlagCode::HighInfluenceOpponent).is_empty());
}

#[test]
fn unknown_stance_key_player() {
    let unknown = with_stakeholder(&healthy(), "cfo", |s| Stakeholder { stance: None, ..s });
    let chain = unknown.decision_chain(&cfg()).unwrap();
    let f = flags_of(&chain, FlagCode::UnknownStanceKeyPlayer);
    assert_eq!((f.len(), &f[0].ids[..]), (1, &["cfo".to_string()][..]));
    // Unknown stance of someone who is not a key player is not flagged.
    let mut map = healthy();
    map.add_stakeholder(Stakeholder::new("clerk", "Qian").with_reports_to("itm")).unwrap();
    let rule = KeyPlayerRule { top_n: 4, ..KeyPlayerRule::default() };
    let chain = map.decision_chain(&ChainConfig { key_players: rule, ..cfg() }).unwrap();
    assert!(chain.influence("clerk").unwrap() < 0.05);
    assert!(flags_of(&chain, FlagCode::UnknownStanceKeyPlayer).is_empty());
}

#[test]
fn stale_key_relationship() {
    let chain = healthy_with(90).decision_chain(&cfg()).unwrap();
    let f = flags_of(&chain, FlagCode::StaleKeyRelationship);
    assert_eq!((f.len(), &f[0].ids[..]), (1, &["cfo".to_string()][..]));
    assert!(f[0].reason.contains("90 days"), "{}", f[0].reason);
    assert!(flags_of(&healthy_with(59).decision_chain(&cfg()).unwrap(), FlagCode::StaleKeyRelationship).is_empty());
    // A meeting after as_of does not count.
    let mut later = healthy_with(90);
    later.add_interaction(Interaction::new("late", day("2026-03-05"), Channel::Phone, ["rep"], ["cfo"])).unwrap();
    assert_eq!(flags_of(&later.decision_chain(&cfg()).unwrap(), FlagCode::StaleKeyRelationship).len(), 1);
}

fn declaring(stage: &str) -> RelationshipMap {
    let mut map = healthy();
    let mut o = Opportunity::new("o2", "Expansion");
    o.declared_stage = Some(stage.into());
    o.milestones.push(Milestone { key: "need_identified".into(), at: day("2026-01-01") });
    o.milestones.push(Milestone { key: "budget_confirmed".into(), at: day("2026-02-01") });
    o.milestones.push(Milestone { key: "decision_process_mapped".into(), at: day("2026-04-01") }); // after as_of
    map.add_opportunity(o).unwrap();
    map
}

#[test]
fn stage_ahead_of_evidence() {
    let chain = declaring("negotiation").decision_chain(&cfg()).unwrap();
    let f = flags_of(&chain, FlagCode::StageAheadOfEvidence);
    assert_eq!((f.len(), &f[0].ids[..]), (1, &["o2".to_string()][..]));
    // The sentence names the opportunity by its name; `ids` carries its id.
    let name = &declaring("negotiation").opportunities().iter().find(|o| o.id == "o2").unwrap().name.clone();
    assert_eq!(f[0].reason, format!("{name}: declared negotiation, but the milestones support only needs_analysis"));
    // The flag is the stage module's verdict, one source of truth.
    let ahead = relmap::stage::stage_ahead_of_evidence(&declaring("negotiation"), &cfg().stage_model, cfg().as_of);
    assert_eq!(ahead.unwrap().iter().map(|a| a.opportunity_id.as_str()).collect::<Vec<_>>(), ["o2"]);
    // The decision-process milestone is dated after as_of, so `solution` is ahead too.
    assert_eq!(
        flags_of(&declaring("solution").decision_chain(&cfg()).unwrap(), FlagCode::StageAheadOfEvidence).len(),
        1
    );
    for fine in ["needs_analysis", "lead"] {
        let chain = declaring(fine).decision_chain(&cfg()).unwrap();
        assert!(flags_of(&chain, FlagCode::StageAheadOfEvidence).is_empty(), "{fine}");
    }
    // An off-path outcome is ahead until its own milestone is recorded.
    let mut lost = declaring("closed_lost");
    assert_eq!(flags_of(&lost.decision_chain(&cfg()).unwrap(), FlagCode::StageAheadOfEvidence).len(), 1);
    let mut o = lost.opportunities()[1].clone();
    o.id = "o3".into();
    o.milestones.push(Milestone { key: "lost".into(), at: day("2026-02-15") });
    lost.add_opportunity(o).unwrap();
    let f = flags_of(&lost.decision_chain(&cfg()).unwrap(), FlagCode::StageAheadOfEvidence).len();
    assert_eq!(f, 1, "o3 records the loss, o2 does not");
    // A configured stage model replaces the default.
    let model = relmap::stage::StageModel::from_json(
        r#"{"milestones": [{"key": "need_identified"}, {"key": "budget_confirmed"}],
            "stages": [{"key": "lead", "name": "Lead", "win_probability": 0.1},
                       {"key": "solution", "name": "Solution", "entry_criteria": ["need_identified"],
                        "win_probability": 0.3},
                       {"key": "negotiation", "name": "Negotiation", "entry_criteria": ["budget_confirmed"],
                        "win_probability": 0.5}]}"#,
    )
    .unwrap();
    let chain = declaring("negotiation").decision_chain(&ChainConfig { stage_model: model, ..cfg() }).unwrap();
    assert!(flags_of(&chain, FlagCode::StageAheadOfEvidence).is_empty());
    let e = declaring("proposal").decision_chain(&cfg()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("declared_stage")));
}

#[test]
fn key_player_changed() {
    let rule = KeyPlayerRule { top_n: 0, min_share: 1.0, ..KeyPlayerRule::default() };
    let cfg = ChainConfig { key_players: rule, ..cfg() };
    let now = healthy();
    assert!(flags_of(&now.decision_chain_since(&now, &cfg, None).unwrap(), FlagCode::KeyPlayerChanged).is_empty());
    // The CFO only recently became a decision maker.
    let before = with_stakeholder(&now, "cfo", |s| s.with_roles([]));
    let chain = now.decision_chain_since(&before, &cfg, None).unwrap();
    let f = flags_of(&chain, FlagCode::KeyPlayerChanged);
    assert_eq!((f.len(), &f[0].ids[..]), (1, &["cfo".to_string()][..]));
    assert!(f[0].reason.contains("become a key player"), "{}", f[0].reason);
    // The economic-buyer role moved from the CEO to the CFO.
    let moved = with_stakeholder(&with_stakeholder(&now, "ceo", |s| s.with_roles([])), "cfo", |s| {
        s.with_roles([Role::EconomicBuyer])
    });
    let chain = moved.decision_chain_since(&now, &cfg, None).unwrap();
    let reasons: Vec<&str> = flags_of(&chain, FlagCode::KeyPlayerChanged).iter().map(|f| f.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "deciding roles of key player Wang changed: decision_maker → economic_buyer",
            "Chen is no longer a key player"
        ]
    );
    // A key player who left the map.
    let mut bigger = now.clone();
    bigger.add_stakeholder(Stakeholder::new("cto", "Ma").with_roles([Role::TechnicalBuyer])).unwrap();
    let chain = now.decision_chain_since(&bigger, &cfg, None).unwrap();
    // Named as the previous snapshot named them; the id stays in `ids`.
    let f = flags_of(&chain, FlagCode::KeyPlayerChanged);
    assert_eq!((f[0].reason.as_str(), &f[0].ids[..]), ("key player Ma has left the map", &["cto".to_string()][..]));
}

#[test]
fn reasons_name_people_and_ids_stay_in_the_fields() {
    // The CIO is the only coach; turned against us, `no_coach` names them.
    let map = with_stakeholder(&healthy(), "cio", |s| s.with_stance(-2.0));
    let chain = map.decision_chain(&cfg()).unwrap();
    let f = flags_of(&chain, FlagCode::NoCoach);
    assert_eq!((f[0].reason.as_str(), &f[0].ids[..]), ("every coach is against us (Liu)", &["cio".to_string()][..]));
    // A second Liu on the map (a team member counts too): the sentence adds the id to tell them apart.
    let mut twins = map.clone();
    twins.add_team_member(TeamMember::new("pm", " liu ")).unwrap();
    let chain = twins.decision_chain(&cfg()).unwrap();
    assert_eq!(flags_of(&chain, FlagCode::NoCoach)[0].reason, "every coach is against us (Liu (cio))");
    // Without a name, the id.
    let nameless = with_stakeholder(&map, "cio", |s| Stakeholder { name: String::new(), ..s });
    let chain = nameless.decision_chain(&cfg()).unwrap();
    assert_eq!(flags_of(&chain, FlagCode::NoCoach)[0].reason, "every coach is against us (cio)");
}

#[test]
fn every_code_is_documented() {
    let doc = include_str!("../../docs/red-flags.md");
    for code in FlagCode::ALL {
        assert!(doc.contains(&format!("`{}`", code.as_str())), "{code} missing from docs/red-flags.md");
    }
}
