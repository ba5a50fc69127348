//! Stage models, opportunities, matrix inputs and every analysis configuration.
//!
//! The first byte picks what the rest (JSON text) is read as, through the same
//! reader the document uses (`relmap::io::from_json`: duplicate keys and shape
//! errors with their path); the value then drives its analysis on the sample
//! accounts. Every outcome is a result with finite numbers or a typed error.
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use relmap::chain::ChainConfig;
use relmap::io::from_json;
use relmap::matrix::{classify, competition, AccountPoint, ClassificationConfig, CompetitionConfig};
use relmap::model::Opportunity;
use relmap::render::{self, Overlay, RenderOptions};
use relmap::stage::{identify, StageModel};
use relmap::time::Timestamp;
use relmap::trust::TrustConfig;
use relmap::value::*;
use relmap::RelationshipMap;

mod common;
use common::{assert_finite, ok};

const MANUFACTURING: &str = include_str!("../../examples/data/manufacturing_cloud.json");
const TENDER: &str = include_str!("../../examples/data/city_construction_tender.json");
const TENDER_STAGES: &str = include_str!("../../examples/data/city_construction_tender.stages.json");

fn read<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    ok(from_json::<T>(text).map_err(relmap::Error::from))
}

fn as_of() -> Timestamp {
    "2026-11-13".parse().unwrap()
}

fn sample() -> RelationshipMap {
    RelationshipMap::from_json(MANUFACTURING).unwrap()
}

fn stage_model(model: &StageModel) {
    let tender = RelationshipMap::from_json(TENDER).unwrap();
    for map in [sample(), tender] {
        for opp in map.opportunities() {
            for at in [None, Some(as_of()), Some(Timestamp(i64::MIN)), Some(Timestamp(i64::MAX))] {
                if let Some(a) = ok(identify(opp, model, at).map_err(relmap::Error::from)) {
                    assert_finite("stage", &a);
                }
            }
        }
    }
    let _ = ok(model.win_probabilities().map_err(relmap::Error::from));
    // A valid model writes back and reads equal.
    if model.validate().is_ok() {
        let back = StageModel::from_json(&model.to_json()).expect("a valid stage model reads back");
        assert_eq!(&back, model);
    }
}

fn opportunity(opp: &Opportunity) {
    let map = sample();
    let chain = map.decision_chain(&ChainConfig::default()).unwrap();
    let influence: HashMap<String, f64> =
        chain.stakeholder_ids().iter().cloned().zip(chain.decision_influence().iter().copied()).collect();
    for u in [None, Some(&influence)] {
        if let Some(m) = ok(competition(opp, u, &CompetitionConfig::default()).map_err(relmap::Error::from)) {
            assert_finite("competition", &m);
        }
    }
    let model = StageModel::from_json(TENDER_STAGES).unwrap();
    for m in [StageModel::default(), model] {
        if let Some(a) = ok(identify(opp, &m, Some(as_of())).map_err(relmap::Error::from)) {
            assert_finite("stage", &a);
        }
    }
    // Added to a map it is validated like any document part.
    let mut with = map.clone();
    if ok(with.add_opportunity(opp.clone()).map_err(relmap::Error::from)).is_some() {
        assert_eq!(RelationshipMap::from_json(&with.to_json()).unwrap(), with);
    }
}

fn value_configs(summary: &SummaryConfig, clv: &ClvConfig, fit: &FitConfig) {
    let day = |d: i64| Timestamp(1_704_067_200 + d * 86_400);
    let customers = ["a", "a", "a", "b", "b", "c", "d", "d", "e", "e", "e"];
    let times = [0, 40, 140, 14, 60, 31, 62, 152, 5, 9, 100].map(day);
    let amounts = [120.0, 80.0, 95.0, 40.0, 60.0, 25.0, 300.0, 280.0, 10.0, 12.0, 30.0];
    let Some(s) = typed(rfm_summary(&customers, &times, &amounts, None, day(180), summary)) else { return };
    assert_finite("summary", &s);
    let data = RfmData::new(&s.frequency, &s.recency, &s.t).unwrap();
    if let Some(bg) = typed(BetaGeo::fit(&data, None, fit)) {
        assert_finite("fit", &bg);
        if let Some(c) = typed(bg.clv(&s.monetary_value, &data, clv)) {
            assert_finite("clv", &c);
        }
    }
    let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }).unwrap();
    if let Some(c) = typed(bg.clv(&s.monetary_value, &data, clv)) {
        assert_finite("clv", &c);
    }
}

fn label_configs(tiers: &TierConfig, stages: &LifecycleConfig, churn: &ChurnConfig, scores: &RfmScoreConfig) {
    let day = |d: i64| Timestamp(1_704_067_200 + d * 86_400);
    let customers = ["a", "a", "a", "b", "b", "c", "d", "d"];
    let times = [0, 40, 140, 14, 60, 31, 62, 152].map(day);
    let amounts = [120.0, 80.0, 95.0, 40.0, 60.0, 25.0, 300.0, 280.0];
    let s = rfm_summary(&customers, &times, &amounts, None, day(180), &SummaryConfig::default()).unwrap();
    let alive = [0.9, 0.5, 0.2, 0.7];
    let clv = [100.0, 50.0, 3.0, 400.0];
    let signals = CustomerSignals::from_summary(&s, &alive, &clv, 52.0);
    if let Some(t) = typed(tier(&signals, tiers)) {
        assert_finite("tier", &t);
    }
    if let Some(l) = typed(lifecycle(&signals, stages)) {
        assert_finite("lifecycle", &l);
    }
    if let Some(w) = typed(churn_warnings(&signals, churn)) {
        assert_finite("churn", &w);
    }
    if let Some(r) = typed(rfm_scores(&s, scores)) {
        assert_finite("scores", &r);
    }
}

fn typed<T>(r: Result<T, ValueError>) -> Option<T> {
    ok(r.map_err(relmap::Error::from))
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match kind % 10 {
        0 => {
            if let Some(model) = ok(StageModel::from_json(text)) {
                stage_model(&model);
            }
        }
        1 => {
            if let Some(opp) = read::<Opportunity>(text) {
                opportunity(&opp);
            }
        }
        2 => {
            if let Some((config, points)) = read::<(ClassificationConfig, Vec<AccountPoint>)>(text) {
                if let Some(m) = ok(classify(&points, &config).map_err(relmap::Error::from)) {
                    assert_finite("classification", &m);
                    let _ = m.to_string();
                }
            }
        }
        3 => {
            if let Some(config) = read::<ChainConfig>(text) {
                if let Some(chain) = ok(sample().decision_chain(&config)) {
                    assert_finite("chain", &chain);
                }
            }
        }
        4 => {
            if let Some(config) = read::<TrustConfig>(text) {
                for at in [as_of(), Timestamp(i64::MIN), Timestamp(i64::MAX)] {
                    if let Some(report) = ok(sample().trust(&config, at)) {
                        assert_finite("trust", &report);
                    }
                }
            }
        }
        5 => {
            if let Some(opts) = read::<RenderOptions>(text) {
                let map = sample();
                let chain = map.decision_chain(&ChainConfig::default()).unwrap();
                let overlay = Overlay::from_chain(&map, &chain);
                if let Some(svg) = ok(render::svg(&map, &overlay, &opts).map_err(relmap::Error::from)) {
                    assert!(!svg.contains("NaN") && svg.len() < 50_000_000, "svg");
                }
                let _ = ok(render::dot(&map, &overlay, &opts).map_err(relmap::Error::from));
                let _ = ok(render::mermaid(&map, &overlay, &opts).map_err(relmap::Error::from));
            }
        }
        6 => {
            if let Some((summary, clv, fit)) = read::<(SummaryConfig, ClvConfig, FitConfig)>(text) {
                value_configs(&summary, &clv, &fit);
            }
        }
        7 => {
            if let Some((t, l, c, s)) = read::<(TierConfig, LifecycleConfig, ChurnConfig, RfmScoreConfig)>(text) {
                label_configs(&t, &l, &c, &s);
            }
        }
        8 => {
            if let Some(overlay) = read::<Overlay>(text) {
                let map = sample();
                if let Some(svg) =
                    ok(render::svg(&map, &overlay, &RenderOptions::default()).map_err(relmap::Error::from))
                {
                    assert!(!svg.contains("NaN"), "svg");
                }
            }
        }
        _ => {
            if let Some(config) = read::<CompetitionConfig>(text) {
                let map = sample();
                for opp in map.opportunities() {
                    if let Some(m) = ok(competition(opp, None, &config).map_err(relmap::Error::from)) {
                        assert_finite("competition", &m);
                    }
                }
            }
        }
    }
});
