//! The JSON a service hands out: errors as `{code, kind, field, message}`, the compact
//! trust report (and its size against the full one), and the results that read back
//! from their JSON unchanged.

use std::path::PathBuf;

use relmap::chain::{ChainConfig, DecisionChain};
use relmap::error::{ErrorCode, ErrorInfo, ErrorKind};
use relmap::model::{Account, Relation, RelationKind, Stakeholder};
use relmap::stage::{StageAssessment, StageModel};
use relmap::time::Timestamp;
use relmap::trust::{CompactTrustReport, StakeholderTrust, TrustConfig, TrustCoverage, TrustScore};
use relmap::value::{
    rfm_summary, tier, BetaGeo, BetaGeoParams, ClvConfig, CustomerSignals, GammaGamma, GammaGammaParams, PurchaseModel,
    RfmData, RfmSummary, SummaryConfig, TierConfig, TierReport,
};
use relmap::RelationshipMap;
use serde_json::{json, Value};

fn sample(name: &str) -> RelationshipMap {
    let path: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "examples", "data", &format!("{name}.json")].iter().collect();
    relmap::io::load(path).unwrap()
}

fn t(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Serialises `value`, reads it back, and checks both the value and the text are unchanged.
fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let text = serde_json::to_string(value).unwrap();
    let again: T = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&again).unwrap(), text);
    again
}

// ---- errors -------------------------------------------------------------------

fn error_json(e: &relmap::Error) -> Value {
    serde_json::to_value(e).unwrap()
}

#[test]
fn a_validation_error_is_code_kind_field_message() {
    let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    map.add_stakeholder(Stakeholder::new("cio", "Liu Yang")).unwrap();
    let e = relmap::Error::from(map.add_relation(Relation::new("cio", "nobody", RelationKind::Ally, 0.5)).unwrap_err());
    assert_eq!(
        error_json(&e),
        json!({
            "code": "unknown_reference",
            "kind": "validation",
            "field": "relations[0].target",
            "message": e.to_string(),
        })
    );
    // Exactly the four keys, in this order.
    let text = serde_json::to_string(&e).unwrap();
    assert!(
        text.starts_with(r#"{"code":"unknown_reference","kind":"validation","field":"relations[0].target","message":"#)
    );
}

#[test]
fn syntax_shape_range_and_not_found_errors_serialise_with_their_kind() {
    // Malformed JSON: syntax, no field (the message gives line and column).
    let e = RelationshipMap::from_json("{\"format\": ").unwrap_err();
    let j = error_json(&e);
    assert_eq!((j["code"].as_str(), j["kind"].as_str()), (Some("json_syntax"), Some("syntax")));
    assert_eq!(j["field"], Value::Null);
    assert!(j["message"].as_str().unwrap().contains("line 1"), "{j}");

    // A document of the wrong shape: format, with the JSON path.
    let e = RelationshipMap::from_json(
        r#"{"format": "relmap/2", "account": {"id": "a", "name": "A"}, "stakeholders": [{"id": "x", "name": "X", "stance": "high"}]}"#,
    )
    .unwrap_err();
    let j = error_json(&e);
    assert_eq!((j["code"].as_str(), j["kind"].as_str()), (Some("json_shape"), Some("format")));
    assert_eq!(j["field"], "stakeholders[0].stance");

    // A number out of range.
    let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    map.add_stakeholder(Stakeholder::new("cio", "Liu Yang")).unwrap();
    let e = relmap::Error::from(map.set_stance("cio", Some(9.0)).unwrap_err());
    let j = error_json(&e);
    assert_eq!((j["code"].as_str(), j["kind"].as_str()), (Some("out_of_range"), Some("range")));
    assert_eq!(j["field"], "stakeholders[0].stance");

    // An edit naming an id the map does not hold.
    let e = relmap::Error::from(map.set_stance("nobody", Some(1.0)).unwrap_err());
    let j = error_json(&e);
    assert_eq!((j["code"].as_str(), j["kind"].as_str()), (Some("not_found"), Some("validation")));

    // A config out of range in an analysis.
    let cfg = TrustConfig { half_life_days: -1.0, ..TrustConfig::default() };
    let e = map.trust(&cfg, t("2026-03-01")).unwrap_err();
    assert_eq!(error_json(&e)["kind"], "range");
}

#[test]
fn error_info_reads_back_and_refuses_unknown_codes_and_keys() {
    let e = RelationshipMap::from_json("[").unwrap_err();
    let info: ErrorInfo = serde_json::from_value(error_json(&e)).unwrap();
    assert_eq!(info, ErrorInfo::from(&e));
    assert_eq!((info.code, info.kind), (ErrorCode::JsonSyntax, ErrorKind::Syntax));
    assert_eq!(info.to_string(), format!("{e} [json_syntax]"));

    let bad = json!({"code": "no_such_code", "kind": "validation", "field": null, "message": "m"});
    let err = serde_json::from_value::<ErrorInfo>(bad).unwrap_err().to_string();
    assert!(err.contains("unknown error code \"no_such_code\""), "{err}");
    let bad = json!({"code": "empty_id", "kind": "oops", "field": null, "message": "m"});
    assert!(serde_json::from_value::<ErrorInfo>(bad).unwrap_err().to_string().contains("unknown error kind"));
    let bad = json!({"code": "empty_id", "kind": "validation", "field": null, "message": "m", "extra": 1});
    assert!(serde_json::from_value::<ErrorInfo>(bad).is_err());

    // Every code and kind reads back from its text.
    for &code in ErrorCode::ALL {
        assert_eq!(serde_json::from_value::<ErrorCode>(json!(code.as_str())).unwrap(), code);
        assert_eq!(serde_json::to_value(code).unwrap(), json!(code.as_str()));
    }
    for kind in ErrorKind::ALL {
        assert_eq!(serde_json::from_value::<ErrorKind>(json!(kind.as_str())).unwrap(), kind);
    }
}

// ---- trust ----------------------------------------------------------------------

#[test]
fn the_compact_trust_report_is_a_small_fraction_of_the_full_one() {
    let map = sample("manufacturing_cloud");
    assert_eq!(map.stakeholders().len(), 35);
    let report = map.trust(&TrustConfig::default(), map.analysis_date(None)).unwrap();
    let compact = report.compact();
    let full_bytes = serde_json::to_string(&report).unwrap().len();
    let compact_bytes = serde_json::to_string(&compact).unwrap().len();
    println!(
        "manufacturing_cloud trust report JSON: full {full_bytes} bytes, compact {compact_bytes} bytes ({:.1}%)",
        100.0 * compact_bytes as f64 / full_bytes as f64
    );
    // docs/trust.md quotes the figures this prints (223,181 and 11,750 bytes when written).
    assert!(full_bytes > 150_000, "{full_bytes}");
    assert!(compact_bytes * 15 < full_bytes, "{compact_bytes} of {full_bytes}");

    // One entry per stakeholder, each the best pair's numbers.
    assert_eq!(compact.stakeholders.len(), 35);
    for (c, s) in compact.stakeholders.iter().zip(&report.stakeholders) {
        assert_eq!(c.stakeholder, s.stakeholder);
        assert_eq!(c.member, s.best.member);
        assert_eq!((c.composite, c.earned, c.level), (s.best.composite, s.best.earned, s.best.level));
        assert_eq!(c.relationship, s.best.relationship.score);
        assert_eq!(c.pair_count, s.pairs.len());
    }
    assert_eq!(compact.coverage, report.coverage);
    assert_eq!(compact.relationship_strength, report.relationship_strength);
    let text = serde_json::to_string(&compact).unwrap();
    assert!(!text.contains("\"evidence\""));
    assert_eq!(round_trip(&compact), compact);
}

#[test]
fn trust_results_read_back_from_their_json() {
    let map = sample("manufacturing_cloud");
    let report = map.trust(&TrustConfig::default(), map.analysis_date(None)).unwrap();
    let cio = report.stakeholder("cio").unwrap();
    assert!(cio.pairs.iter().any(|p| !p.relationship.evidence.is_empty()));
    assert_eq!(&round_trip::<StakeholderTrust>(cio), cio);
    assert_eq!(round_trip::<TrustCoverage>(&report.coverage), report.coverage);
    let all: Vec<StakeholderTrust> = round_trip(&report.stakeholders);
    assert_eq!(all, report.stakeholders);

    // A suggestion reads back only as one of relmap's own texts.
    let mut j = serde_json::to_value(&cio.best).unwrap();
    assert_eq!(serde_json::from_value::<TrustScore>(j.clone()).unwrap(), cio.best);
    j["suggestion"] = json!("Buy them lunch.");
    let err = serde_json::from_value::<TrustScore>(j).unwrap_err().to_string();
    assert!(err.contains("not one of relmap's suggestions"), "{err}");

    // The compact report of the JSON the full report's fields make.
    let full = serde_json::to_value(&report).unwrap();
    assert_eq!(full["stakeholders"].as_array().unwrap().len(), 35);
    let compact: CompactTrustReport = round_trip(&report.compact());
    assert_eq!(compact.account, full["account"].as_str().unwrap());
}

// ---- decision chain, stages, value --------------------------------------------

#[test]
fn decision_chain_reads_back_from_its_json() {
    let map = sample("manufacturing_cloud");
    let chain = map.decision_chain(&ChainConfig::default()).unwrap();
    let again: DecisionChain = round_trip(&chain);
    assert_eq!(again.influence("chairman"), chain.influence("chairman"));
    assert_eq!(again.predicted_support(), chain.predicted_support());
    assert_eq!(again.red_flags(), chain.red_flags());
    assert_eq!(
        again.best_path("vp_manufacturing").unwrap().unwrap().stakeholders,
        chain.best_path("vp_manufacturing").unwrap().unwrap().stakeholders
    );
}

#[test]
fn stage_assessments_read_back_from_their_json() {
    for name in ["manufacturing_cloud", "city_construction_tender"] {
        let map = sample(name);
        let stages = map.stages(&StageModel::default(), None).unwrap();
        assert!(!stages.is_empty());
        assert_eq!(round_trip::<Vec<StageAssessment>>(&stages), stages);
    }
}

#[test]
fn value_results_read_back_from_their_json() {
    let customers = ["a", "a", "a", "b", "b", "c", "d", "d"];
    let times = [
        "2024-01-02",
        "2024-02-10",
        "2024-05-20",
        "2024-01-15",
        "2024-03-01",
        "2024-02-01",
        "2024-03-03",
        "2024-06-01",
    ]
    .map(t);
    let amounts = [120.0, 80.0, 95.0, 40.0, 60.0, 25.0, 300.0, 280.0];
    let summary = rfm_summary(&customers, &times, &amounts, None, t("2024-06-30"), &SummaryConfig::default()).unwrap();
    let owned: RfmSummary<String> = serde_json::from_str(&serde_json::to_string(&summary).unwrap()).unwrap();
    assert_eq!(owned.customers, ["a", "b", "c", "d"]);
    assert_eq!((owned.frequency, owned.recency), (summary.frequency.clone(), summary.recency.clone()));

    let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t).unwrap();
    let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }).unwrap();
    let gg = GammaGamma::new(GammaGammaParams { p: 6.25, q: 3.74, v: 15.44 }).unwrap();
    assert_eq!(round_trip(&bg), bg);
    let p_alive = bg.p_alive(&data).unwrap();
    let clv = gg.clv(&bg, &data, &summary.monetary_value, &ClvConfig::default()).unwrap();
    let signals = CustomerSignals::from_summary(&summary, &p_alive, &clv, ClvConfig::default().horizon());
    let tiers = tier(&signals, &TierConfig::default()).unwrap();
    assert_eq!(round_trip::<TierReport>(&tiers), tiers);
}
