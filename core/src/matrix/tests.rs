//! Unit tests of the matrices, with hand-computed numbers.

use std::collections::{BTreeMap, HashMap};

use super::*;
use crate::model::{Criterion, Opportunity};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

fn criterion(id: &str, weights: &[(&str, f64)]) -> Criterion {
    Criterion { id: id.into(), name: None, weights: weights.iter().map(|&(s, w)| (s.to_string(), w)).collect() }
}

fn scores(rows: &[(&str, [f64; 3])]) -> BTreeMap<String, BTreeMap<String, f64>> {
    rows.iter()
        .map(|(v, s)| {
            let by: BTreeMap<String, f64> =
                ["price", "tech", "service"].iter().zip(s).map(|(c, &x)| (c.to_string(), x)).collect();
            (v.to_string(), by)
        })
        .collect()
}

/// Three stakeholders, three criteria, three vendors (numbers worked by hand in the comments).
fn deal() -> Opportunity {
    let mut o = Opportunity::new("opp", "Deal");
    o.criteria = vec![
        criterion("price", &[("cfo", 2.0), ("cto", 0.0), ("user", 1.0)]),
        criterion("tech", &[("cfo", 1.0), ("cto", 3.0), ("user", 1.0)]),
        criterion("service", &[("cfo", 1.0), ("cto", 1.0), ("user", 2.0)]),
    ];
    o.vendor_scores = scores(&[("us", [6.0, 9.0, 7.0]), ("acme", [9.0, 7.0, 8.0]), ("bolt", [8.0, 6.0, 6.0])]);
    o
}

fn influence(pairs: &[(&str, f64)]) -> HashMap<String, f64> {
    pairs.iter().map(|&(s, u)| (s.to_string(), u)).collect()
}

#[test]
fn hand_computed_competition_with_given_influence() {
    // u: cfo 0.4, cto 0.4, user 0.2; boss weights nothing and takes no part.
    let u = influence(&[("cfo", 0.4), ("cto", 0.4), ("user", 0.2), ("boss", 1.0)]);
    let m = competition(&deal(), Some(&u), &CompetitionConfig::default()).unwrap();
    assert_eq!(m.influence_source, InfluenceSource::Given);
    // Normalised: cfo (.5 .25 .25), cto (0 .75 .25), user (.25 .25 .5).
    // price = .4·.5 + .4·0 + .2·.25 = .25; tech = .1 + .3 + .05 = .45; service = .1 + .1 + .1 = .3.
    let w: Vec<f64> = m.criteria.iter().map(|c| c.weight).collect();
    assert!(close(w[0], 0.25) && close(w[1], 0.45) && close(w[2], 0.30), "{w:?}");
    // us = .25·6 + .45·9 + .3·7 = 7.65; acme = 2.25 + 3.15 + 2.4 = 7.8; bolt = 2 + 2.7 + 1.8 = 6.5.
    let order: Vec<(&str, usize)> = m.vendors.iter().map(|v| (v.vendor.as_str(), v.rank)).collect();
    assert_eq!(order, [("acme", 1), ("us", 2), ("bolt", 3)]);
    assert!(close(m.total("us").unwrap(), 7.65) && close(m.total("acme").unwrap(), 7.8));
    assert!(close(m.total("bolt").unwrap(), 6.5));
    assert_eq!((m.our_rank, m.leader.as_str(), m.rival.as_deref()), (2, "acme", Some("acme")));
    assert!(close(m.margin().unwrap(), -0.15));
    // Behind acme on price (.25·3 = .75) and service (.3·1 = .3); ahead on tech.
    let gaps: Vec<(&str, f64)> = m.trailing.iter().map(|g| (g.criterion.as_str(), g.weighted_gap)).collect();
    assert_eq!(gaps.len(), 2);
    assert_eq!(gaps[0].0, "price");
    assert!(close(gaps[0].1, 0.75));
    assert_eq!(gaps[1].0, "service");
    assert!(close(gaps[1].1, 0.30));
    assert_eq!((m.trailing[0].our_score, m.trailing[0].rival_score, m.trailing[0].gap), (6.0, 9.0, 3.0));
    // Per stakeholder: cfo us 7, acme 8.25, bolt 7; cto us 8.5, acme 7.25; user us 7.25, acme 8.
    let ids: Vec<&str> = m.stakeholders.iter().map(|s| s.stakeholder_id.as_str()).collect();
    assert_eq!(ids, ["cfo", "cto", "user"]);
    let cfo = &m.stakeholders[0];
    assert!(close(cfo.totals["us"], 7.0) && close(cfo.totals["acme"], 8.25) && close(cfo.totals["bolt"], 7.0));
    assert_eq!(cfo.preferred, ["acme"]);
    assert!(close(cfo.influence, 0.4) && close(cfo.weights["price"], 0.5));
    assert!(close(m.stakeholders[1].totals["us"], 8.5));
    assert_eq!(m.stakeholders[1].preferred, ["us"]);
    assert!(close(m.stakeholders[2].totals["acme"], 8.0));
    assert_eq!(m.stakeholders[2].preferred, ["acme"]);
    // Overall = Σ_s u_s · total_sv.
    for v in ["us", "acme", "bolt"] {
        let by_people: f64 = m.stakeholders.iter().map(|s| s.influence * s.totals[v]).sum();
        assert!(close(by_people, m.total(v).unwrap()));
    }
    let prefs: Vec<(&str, usize, f64)> =
        m.vendors.iter().map(|v| (v.vendor.as_str(), v.preferred_by, v.preference_share)).collect();
    assert_eq!(prefs.len(), 3);
    assert_eq!((prefs[0].0, prefs[0].1, prefs[1].0, prefs[1].1, prefs[2].1), ("acme", 2, "us", 1, 0));
    assert!(close(prefs[0].2, 0.6) && close(prefs[1].2, 0.4) && prefs[2].2 == 0.0);
    assert_eq!(m.criteria[0].best, ["acme"]);
    assert_eq!(m.criteria[1].best, ["us"]);
    assert_eq!(
        m.to_string(),
        "opp: us ranks 2 of 3 with 7.65 (leader acme 7.80); behind acme on price 0.75, service 0.30; \
         preferred by acme 60%, us 40%, bolt 0%"
    );
}

#[test]
fn equal_weights_when_no_influence_is_given() {
    let m = competition(&deal(), None, &CompetitionConfig::default()).unwrap();
    assert_eq!(m.influence_source, InfluenceSource::Equal);
    // Each stakeholder 1/3: us (7 + 8.5 + 7.25)/3, acme (8.25 + 7.25 + 8)/3, bolt (7 + 6 + 6.5)/3.
    assert!(close(m.total("us").unwrap(), 22.75 / 3.0));
    assert!(close(m.total("acme").unwrap(), 23.5 / 3.0));
    assert!(close(m.total("bolt").unwrap(), 6.5));
    assert!(m.stakeholders.iter().all(|s| close(s.influence, 1.0 / 3.0)));
    assert!(close(m.criteria[1].weight, 1.25 / 3.0));
}

#[test]
fn influence_is_renormalised_over_the_stakeholders_who_weight_criteria() {
    let a = competition(&deal(), Some(&influence(&[("cfo", 4.0), ("cto", 4.0), ("user", 2.0)])), &Default::default())
        .unwrap();
    let b = competition(
        &deal(),
        Some(&influence(&[("cfo", 0.2), ("cto", 0.2), ("user", 0.1), ("x", 9.0)])),
        &Default::default(),
    )
    .unwrap();
    for (va, vb) in a.vendors.iter().zip(&b.vendors) {
        assert_eq!(va.vendor, vb.vendor);
        assert!(close(va.total, vb.total));
    }
    assert!(close(a.total("us").unwrap(), 7.65));
}

#[test]
fn when_we_lead_the_gaps_are_against_the_runner_up() {
    let mut o = deal();
    o.vendor_scores = scores(&[("us", [9.0, 9.0, 7.0]), ("acme", [9.0, 7.0, 8.0]), ("bolt", [8.0, 6.0, 6.0])]);
    let m =
        competition(&o, Some(&influence(&[("cfo", 0.4), ("cto", 0.4), ("user", 0.2)])), &Default::default()).unwrap();
    // us = 2.25 + 4.05 + 2.1 = 8.4 ahead of acme 7.8.
    assert_eq!((m.our_rank, m.leader.as_str(), m.rival.as_deref()), (1, "us", Some("acme")));
    assert!(close(m.margin().unwrap(), 0.6));
    assert_eq!(m.trailing.len(), 1);
    assert_eq!(m.trailing[0].criterion, "service");
    assert!(m
        .to_string()
        .starts_with("opp: us ranks 1 of 3 with 8.40 (runner-up acme 7.80); behind acme on service 0.30"));
}

#[test]
fn ties_share_rank_and_preference() {
    let mut o = Opportunity::new("o", "Tie");
    o.criteria = vec![criterion("a", &[("p", 1.0)]), criterion("b", &[("p", 1.0)])];
    o.vendor_scores = [
        ("us".to_string(), [("a".to_string(), 0.1), ("b".to_string(), 0.2)].into()),
        ("acme".to_string(), [("a".to_string(), 0.2), ("b".to_string(), 0.1)].into()),
    ]
    .into();
    let m = competition(&o, None, &Default::default()).unwrap();
    assert!(m.vendors.iter().all(|v| v.rank == 1));
    assert_eq!(m.our_rank, 1);
    assert_eq!(m.stakeholders[0].preferred, ["acme", "us"]);
    assert!(m.vendors.iter().all(|v| v.preferred_by == 1 && v.preference_share == 0.5));
    assert_eq!(m.rival.as_deref(), Some("acme"));
}

#[test]
fn alone_we_rank_first_with_no_gaps() {
    let mut o = Opportunity::new("o", "Solo");
    o.criteria = vec![criterion("a", &[("p", 2.0)])];
    o.vendor_scores = [("us".to_string(), [("a".to_string(), 5.0)].into())].into();
    let m = competition(&o, None, &Default::default()).unwrap();
    assert_eq!((m.our_rank, m.leader.as_str(), m.rival.clone(), m.margin()), (1, "us", None, None));
    assert!(m.trailing.is_empty());
    assert_eq!(m.to_string(), "o: us ranks 1 of 1 with 5.00; preferred by us 100%");
}

#[test]
fn unweighted_criteria_need_no_scores_and_carry_no_weight() {
    let mut o = deal();
    o.criteria.push(criterion("brand", &[("cfo", 0.0)]));
    o.criteria.push(criterion("reach", &[]));
    let m = competition(&o, None, &Default::default()).unwrap();
    assert_eq!(m.criteria.len(), 5);
    assert_eq!((m.criteria[3].weight, m.criteria[4].weight), (0.0, 0.0));
    assert!(m.criteria[3].scores.is_empty() && m.criteria[3].best.is_empty());
    assert!(close(m.total("us").unwrap(), 22.75 / 3.0));
}

#[test]
fn our_vendor_key_is_configurable() {
    let mut o = deal();
    let ours = o.vendor_scores.remove("us").unwrap();
    o.vendor_scores.insert("huawei".into(), ours);
    let cfg = CompetitionConfig { our_vendor: "huawei".into(), ..Default::default() };
    let m = competition(&o, Some(&influence(&[("cfo", 0.4), ("cto", 0.4), ("user", 0.2)])), &cfg).unwrap();
    assert!(close(m.our_total(), 7.65));
    assert_eq!(competition(&o, None, &Default::default()).unwrap_err().code(), "missing_value");
}

#[test]
fn listed_competitor_without_scores_is_an_error() {
    let mut o = deal();
    o.competitors = vec!["acme".into(), "zeta".into()];
    let e = competition(&o, None, &Default::default()).unwrap_err();
    assert_eq!(
        e,
        MatrixError::MissingScore { opportunity: "opp".into(), vendor: "zeta".into(), criterion: "price".into() }
    );
}

#[test]
fn quantiles_interpolate_between_order_statistics() {
    let sorted = [1.0, 2.0, 3.0, 4.0];
    let q = |p| super::classify::quantile(&sorted, p);
    assert_eq!((q(0.0), q(0.25), q(0.5), q(1.0)), (1.0, 1.75, 2.5, 4.0));
    assert_eq!(super::classify::quantile(&[7.0], 0.3), 7.0);
}

#[test]
fn classification_cuts_and_resource_order() {
    let pts = [
        AccountPoint::new("a", 10.0, 5.0),
        AccountPoint::new("b", 30.0, 1.0),
        AccountPoint::new("c", 20.0, 9.0),
        AccountPoint::new("d", 40.0, 9.0),
        AccountPoint::new("e", 20.0, 3.0),
    ];
    // Medians: value 20, relationship 5; points on the cut are high.
    let m = classify(&pts, &ClassificationConfig::default()).unwrap();
    assert_eq!((m.value_threshold, m.relationship_threshold), (20.0, 5.0));
    let quads: Vec<(&str, Quadrant, usize)> = m.accounts.iter().map(|a| (a.id.as_str(), a.quadrant, a.rank)).collect();
    assert_eq!(
        quads,
        [
            ("a", Quadrant::Maintain, 5),
            ("b", Quadrant::Develop, 3),
            ("c", Quadrant::Strategic, 2),
            ("d", Quadrant::Strategic, 1),
            ("e", Quadrant::Develop, 4),
        ]
    );
    assert_eq!(m.get("d").unwrap().label, "Strategic");
    assert_eq!(m.get("b").unwrap().priority, 2);
    assert_eq!(m.in_quadrant(Quadrant::Develop).count(), 2);
    let ranked: Vec<&str> = m.by_priority().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ranked, ["d", "c", "b", "e", "a"]);
    let text = m.to_string();
    assert!(text.starts_with("cuts: value 20, relationship 5\n1. d Strategic (value 40, relationship 9): Invest"));
}

#[test]
fn fixed_and_quantile_thresholds() {
    let pts = [AccountPoint::new("a", 1.0, 59.9), AccountPoint::new("b", 2.0, 60.0), AccountPoint::new("c", 3.0, 90.0)];
    let cfg = ClassificationConfig {
        value_threshold: Threshold::Quantile(1.0),
        relationship_threshold: Threshold::Fixed(60.0),
        ..Default::default()
    };
    let m = classify(&pts, &cfg).unwrap();
    assert_eq!((m.value_threshold, m.relationship_threshold), (3.0, 60.0));
    let q: Vec<Quadrant> = m.accounts.iter().map(|a| a.quadrant).collect();
    assert_eq!(q, [Quadrant::Monitor, Quadrant::Maintain, Quadrant::Strategic]);
}

#[test]
fn classification_config_reads_json_with_defaults() {
    let cfg: ClassificationConfig =
        serde_json::from_str(r#"{"value_threshold": {"quantile": 0.8}, "relationship_threshold": {"fixed": 60}}"#)
            .unwrap();
    assert_eq!(cfg.value_threshold, Threshold::Quantile(0.8));
    assert_eq!(cfg.relationship_threshold, Threshold::Fixed(60.0));
    assert_eq!(cfg.monitor, ClassificationConfig::default().monitor);
    let median: ClassificationConfig = serde_json::from_str(r#"{"value_threshold": "median"}"#).unwrap();
    assert_eq!(median.value_threshold, Threshold::Median);
    assert!(serde_json::from_str::<ClassificationConfig>(r#"{"x_threshold": 1}"#).is_err());
}
