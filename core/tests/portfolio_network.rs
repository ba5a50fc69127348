//! Who knows whom across a portfolio: people in several accounts, our strongest
//! ties anywhere, warm paths through a person who moved, moves as events, errors.

use relmap::model::{Account, Channel, Interaction, Portfolio, Relation, RelationKind, Role, Stakeholder, TeamMember};
use relmap::network::{IdentityKey, NetworkConfig, PersonRef, SamePerson};
use relmap::trust::TrustConfig;
use relmap::RelationshipMap;

fn visit(map: &mut RelationshipMap, id: &str, day: &str, member: &str, who: &str) {
    map.add_interaction(Interaction::new(id, day.parse().unwrap(), Channel::Visit, [member], [who])).unwrap();
}

/// Acme: our champion Li Na (met often until December 2025), who then moved to Beta,
/// where she advises the CIO who sways the CEO. Gamma: a consultant (Zhou) who
/// also sits on Beta's steering committee. Beta: our rep met an engineer once.
fn portfolio() -> Portfolio {
    let mut acme = RelationshipMap::new(Account::new("acme", "Acme"));
    acme.add_team_member(TeamMember::new("rep", "Zhao")).unwrap();
    acme.add_team_member(TeamMember::new("se", "Qian")).unwrap();
    acme.add_stakeholder(Stakeholder::new("gm", "Sun").with_roles([Role::EconomicBuyer])).unwrap();
    acme.add_stakeholder(
        Stakeholder::new("li", "Li Na").with_reports_to("gm").with_roles([Role::Champion]).with_stance(4.0),
    )
    .unwrap();
    for (k, day) in ["2025-09-01", "2025-10-08", "2025-11-12", "2025-12-10"].iter().enumerate() {
        visit(&mut acme, &format!("a{k}"), day, "rep", "li");
    }
    visit(&mut acme, "a9", "2025-12-11", "se", "gm");

    let mut beta = RelationshipMap::new(Account::new("beta", "Beta"));
    beta.add_team_member(TeamMember::new("rep", "Zhao")).unwrap();
    beta.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer])).unwrap();
    beta.add_stakeholder(Stakeholder::new("cio", "Liu").with_reports_to("ceo")).unwrap();
    beta.add_stakeholder(Stakeholder::new("li_na", "Li Na").with_reports_to("cio").with_roles([Role::Influencer]))
        .unwrap();
    beta.add_stakeholder(Stakeholder::new("eng", "Ma").with_reports_to("cio")).unwrap();
    beta.add_stakeholder(Stakeholder::new("zhou", "Zhou").with_roles([Role::Influencer])).unwrap();
    beta.add_relation(Relation::new("li_na", "cio", RelationKind::Influences, 0.9)).unwrap();
    beta.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.8)).unwrap();
    beta.add_relation(Relation::new("zhou", "ceo", RelationKind::Influences, 0.5)).unwrap();
    // Our rep's only contact at Beta so far; Li Na was first seen there in March.
    visit(&mut beta, "b1", "2026-03-05", "rep", "eng");
    visit(&mut beta, "b2", "2026-03-20", "rep", "li_na");

    let mut gamma = RelationshipMap::new(Account::new("gamma", "Gamma"));
    gamma.add_team_member(TeamMember::new("exec", "Wu")).unwrap();
    gamma.add_stakeholder(Stakeholder::new("zhou", "Zhou").with_roles([Role::Coach])).unwrap();
    visit(&mut gamma, "g1", "2026-01-15", "exec", "zhou");
    visit(&mut gamma, "g2", "2026-04-15", "exec", "zhou");
    Portfolio { maps: vec![acme, beta, gamma] }
}

fn config() -> NetworkConfig {
    NetworkConfig {
        links: vec![SamePerson { first: PersonRef::new("acme", "li"), second: PersonRef::new("beta", "li_na") }],
        ..NetworkConfig::default()
    }
}

/// Our strongest tie to a stakeholder of one map (earned trust composite / 100 at its latest item).
fn tie(p: &Portfolio, account: &str, id: &str) -> f64 {
    let map = p.map(account).unwrap();
    let as_of = relmap::chain::latest_dated_item(map).unwrap();
    map.trust(&TrustConfig::default(), as_of).unwrap().score(id).unwrap().earned / 100.0
}

#[test]
fn warm_paths_run_through_the_person_who_moved() {
    let p = portfolio();
    let net = p.network(&config()).unwrap();
    let paths = net.warm_paths("beta", "ceo", 3).unwrap();
    assert_eq!(paths.len(), 2, "{paths:?}");
    let best = &paths[0];
    assert_eq!(best.to_string().split(" (").next().unwrap(), "rep → acme/li ⇒ beta/li_na → beta/cio → beta/ceo");
    let expected = tie(&p, "acme", "li") * 0.9 * 0.8;
    assert!((best.reliability - expected).abs() < 1e-12, "{} vs {expected}", best.reliability);
    assert_eq!(best.via_accounts, ["acme"]);
    assert!(best.steps[1].same_person && !best.steps[2].same_person);
    // The next: our engineer knows Acme's GM, Li Na's former manager.
    let via_gm = tie(&p, "acme", "gm") * 0.6 * 0.9 * 0.8;
    assert_eq!((paths[1].member.as_str(), paths[1].steps[0].at.to_string()), ("se", "acme/gm".to_string()));
    assert!((paths[1].reliability - via_gm).abs() < 1e-12);
    // Our own ties into Beta (the engineer, Li Na herself) are not warm paths.
    assert!(paths.iter().all(|w| w.steps[0].at.account != "beta"));

    // With Zhou known to be the same person at Gamma (global contact ids), a second door opens.
    let cfg = NetworkConfig { identity: vec![IdentityKey::StakeholderId], ..config() };
    let net = p.network(&cfg).unwrap();
    let paths = net.warm_paths("beta", "ceo", 3).unwrap();
    assert_eq!(paths.len(), 3);
    let second = paths.iter().find(|w| w.member == "exec").unwrap();
    assert_eq!(
        second.steps.iter().map(|s| s.at.to_string()).collect::<Vec<_>>(),
        ["gamma/zhou", "beta/zhou", "beta/ceo"]
    );
    assert!((second.reliability - tie(&p, "gamma", "zhou") * 0.5).abs() < 1e-12);
    assert!(paths.windows(2).all(|w| w[0].reliability >= w[1].reliability));
    // A smaller identity weight discounts every crossing.
    let half = NetworkConfig { identity_weight: 0.5, ..cfg };
    let w = p.network(&half).unwrap().warm_paths("beta", "ceo", 1).unwrap();
    assert!((w[0].reliability - 0.5 * paths[0].reliability).abs() < 1e-12);
}

#[test]
fn a_move_is_an_event_with_our_tie_to_the_person() {
    let p = portfolio();
    let net = p.network(&config()).unwrap();
    let moves = net.moves();
    assert_eq!(moves.len(), 1, "{moves:?}");
    let m = &moves[0];
    assert_eq!((m.from.to_string(), m.to.to_string()), ("acme/li".to_string(), "beta/li_na".to_string()));
    assert_eq!(
        (m.left_after.to_string(), m.seen_since.to_string()),
        ("2025-12-10T00:00:00Z".into(), "2026-03-20T00:00:00Z".into())
    );
    assert_eq!(m.roles_before, [Role::Champion]);
    assert_eq!(m.roles_after, [Role::Influencer]);
    assert_eq!(m.stance_before, Some(4.0));
    assert_eq!(m.best_member.as_deref(), Some("rep"));
    assert!((m.our_tie - tie(&p, "acme", "li")).abs() < 1e-12);
    // Zhou is active at Gamma and Beta at once (undated at Beta): shared, but no move.
    let cfg = NetworkConfig { identity: vec![IdentityKey::StakeholderId], ..config() };
    let net = p.network(&cfg).unwrap();
    assert_eq!(net.moves().len(), 1);
    let shared: Vec<&str> = net.shared_people().iter().map(|p| p.key.as_str()).collect();
    assert_eq!(shared, ["acme/li", "stakeholder_id:zhou"]);
    assert_eq!(net.person("beta", "li_na").unwrap().key, "acme/li");
}

#[test]
fn strongest_ties_anywhere_per_member() {
    let p = portfolio();
    let net = p.network(&config()).unwrap();
    assert_eq!(net.members(), ["rep", "se", "exec"]);
    let top = net.strongest_ties(2);
    let rep: Vec<String> = top.iter().filter(|t| t.member == "rep").map(|t| t.at.to_string()).collect();
    // Four visits to Li Na at Acme beat one visit each at Beta.
    assert_eq!(rep[0], "acme/li");
    assert_eq!(rep.len(), 2);
    assert!(top.windows(2).all(|w| w[0].member != w[1].member || w[0].strength >= w[1].strength));
    assert_eq!(top.iter().filter(|t| t.member == "exec").count(), 1);
    assert_eq!(net.ties().len(), 5);
    let json = serde_json::to_value(&top[0]).unwrap();
    assert_eq!((json["account"].as_str(), json["stakeholder"].as_str()), (Some("acme"), Some("li")));
}

#[test]
fn bad_portfolios_and_queries_give_typed_errors() {
    let p = portfolio();
    let net = p.network(&config()).unwrap();
    let e = net.warm_paths("delta", "ceo", 3).unwrap_err();
    assert_eq!((e.code(), e.field()), ("not_found", Some("account")));
    let e = net.warm_paths("beta", "cfo", 3).unwrap_err();
    assert_eq!((e.code(), e.field()), ("not_found", Some("stakeholder")));
    assert!(net.warm_paths("beta", "ceo", 0).unwrap().is_empty());

    let mut twice = p.clone();
    twice.maps.push(p.maps[0].clone());
    let e = twice.network(&config()).unwrap_err();
    assert_eq!((e.code(), e.field()), ("duplicate_id", Some("maps[3].account.id")));

    let bad_link = NetworkConfig {
        links: vec![SamePerson { first: PersonRef::new("acme", "nobody"), second: PersonRef::new("beta", "ceo") }],
        ..NetworkConfig::default()
    };
    let e = p.network(&bad_link).unwrap_err();
    assert_eq!((e.code(), e.field()), ("unknown_reference", Some("links[0].first")));

    // Two links that make Li Na of Acme both Li Na and the CEO of Beta.
    let mut cfg = config();
    cfg.links.push(SamePerson { first: PersonRef::new("acme", "li"), second: PersonRef::new("beta", "ceo") });
    let e = p.network(&cfg).unwrap_err();
    assert_eq!((e.code(), e.field()), ("ambiguous_identity", Some("links[0]")));
    assert!(e.to_string().contains("\"ceo\" and \"li_na\"") || e.to_string().contains("\"li_na\" and \"ceo\""), "{e}");

    let e = p.network(&NetworkConfig { identity_weight: 0.0, ..config() }).unwrap_err();
    assert_eq!((e.code(), e.field()), ("invalid_config", Some("identity_weight")));
}

/// The portfolio with contact keys on the people instead of a configured link: Li Na's
/// email at Acme and at Beta (in another letter case), and the consultant's CRM id.
fn portfolio_with_contact_keys() -> Portfolio {
    let mut p = portfolio();
    let with = |map: &mut RelationshipMap, id: &str, f: &dyn Fn(Stakeholder) -> Stakeholder| {
        let s = f(map.stakeholder(id).unwrap().clone());
        map.update_stakeholder(s).unwrap();
    };
    with(&mut p.maps[0], "li", &|s| s.with_email("li.na@example.cn"));
    with(&mut p.maps[1], "li_na", &|s| s.with_email("Li.Na@Example.CN"));
    with(&mut p.maps[1], "zhou", &|s| s.with_crm_id("salesforce", "003A"));
    with(&mut p.maps[2], "zhou", &|s| s.with_crm_id("salesforce", "003A"));
    with(&mut p.maps[1], "eng", &|s| s.with_crm_id("hubspot", "003A"));
    p
}

#[test]
fn the_same_email_in_two_accounts_is_one_person() {
    let p = portfolio_with_contact_keys();
    // Without an identity key nobody is joined and no warm path crosses accounts.
    let net = p.network(&NetworkConfig::default()).unwrap();
    assert!(net.shared_people().is_empty());
    assert!(net.warm_paths("beta", "ceo", 3).unwrap().is_empty());

    let by_email = NetworkConfig { identity: vec![IdentityKey::Email], ..NetworkConfig::default() };
    let net = p.network(&by_email).unwrap();
    let shared: Vec<&str> = net.shared_people().iter().map(|p| p.key.as_str()).collect();
    assert_eq!(shared, ["email:li.na@example.cn"]);
    assert_eq!(net.person("acme", "li"), net.person("beta", "li_na"));
    // The same node as with the explicit link: the same move and the same warm paths.
    let linked = p.network(&config()).unwrap();
    assert_eq!(net.moves().len(), 1);
    assert_eq!(
        (net.moves()[0].from.to_string(), net.moves()[0].to.to_string()),
        ("acme/li".into(), "beta/li_na".into())
    );
    let route = |paths: Vec<relmap::network::WarmPath>| {
        paths.iter().map(|w| (w.to_string().split(" (").next().unwrap().to_owned(), w.reliability)).collect::<Vec<_>>()
    };
    let by_key = route(net.warm_paths("beta", "ceo", 3).unwrap());
    assert_eq!(by_key, route(linked.warm_paths("beta", "ceo", 3).unwrap()));
    assert_eq!(by_key[0].0, "rep → acme/li ⇒ beta/li_na → beta/cio → beta/ceo");

    // A CRM id joins within its source only: Salesforce's 003A is Zhou in both
    // accounts, HubSpot's 003A (Beta's engineer) is someone else.
    let by_crm = NetworkConfig { identity: vec![IdentityKey::CrmId("salesforce".into())], ..NetworkConfig::default() };
    let net = p.network(&by_crm).unwrap();
    let shared: Vec<&str> = net.shared_people().iter().map(|p| p.key.as_str()).collect();
    assert_eq!(shared, ["crm_id:salesforce:003A"]);
    let both = NetworkConfig { identity: vec![IdentityKey::Email, IdentityKey::CrmId("salesforce".into())], ..by_crm };
    assert_eq!(p.network(&both).unwrap().shared_people().len(), 2);
}
