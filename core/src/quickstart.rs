use relmap::chain::ChainConfig;
use relmap::model::{Account, Channel, Interaction, Relation, RelationKind, Role, Stakeholder, TeamMember};
use relmap::trust::TrustConfig;
use relmap::RelationshipMap;

fn main() -> Result<(), relmap::Error> {
    let mut map = RelationshipMap::new(Account::new("acme", "Acme Group"));
    map.add_stakeholder(Stakeholder::new("ceo", "Chen Wei").with_roles([Role::EconomicBuyer]))?;
    map.add_stakeholder(Stakeholder::new("cio", "Liu Yang").with_reports_to("ceo").with_stance(3.0))?;
    map.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.7))?;
    assert_eq!(map.org_depth(), 2);

    // Bad input is refused with a typed error naming the id and the field.
    let err = map.add_relation(Relation::new("cio", "nobody", RelationKind::Ally, 0.5)).unwrap_err();
    assert_eq!(err.code(), "unknown_reference");
    assert_eq!(err.field(), Some("relations[1].target"));

    // Who decides, how we reach them, what is at risk; our ties are trust composites / 100.
    map.add_team_member(TeamMember::new("rep", "Zhao Min"))?;
    let day = "2026-03-02".parse().unwrap();
    map.add_interaction(Interaction::new("v1", day, Channel::Visit, ["rep"], ["cio"]))?;
    let chain = map.decision_chain(&ChainConfig::default())?;
    assert!(chain.influence("ceo").unwrap() > chain.influence("cio").unwrap());
    assert_eq!(chain.best_path("ceo")?.unwrap().stakeholders, ["cio", "ceo"]);
    let trust = map.trust(&TrustConfig::default(), day)?;
    assert_eq!(chain.ties()[1], trust.score("cio").unwrap().earned / 100.0);
    println!("{chain}\n{}", trust.to_table(false));

    // The JSON document round-trips, byte for byte.
    let text = map.to_json();
    let again = RelationshipMap::from_json(&text)?;
    assert_eq!(again, map);
    assert_eq!(again.to_json(), text);
    Ok(())
}
