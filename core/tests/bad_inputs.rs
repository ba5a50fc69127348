//! The bad-input corpus (`bad-inputs/cases.jsonl`), run through the Rust API.
//!
//! Every case must be refused with its documented code and field, within a time
//! budget (a hang fails the case instead of the whole run). The same file is
//! meant for the Python and JavaScript suites; `bad-inputs/README.md` describes it.
//! After changing the generator (`bad_inputs/generate.rs`), rewrite the file with
//! `RELMAP_BLESS=1 cargo test -p relmap --test bad_inputs`.

#[path = "bad_inputs/generate.rs"]
mod generate;

use std::sync::mpsc;
use std::time::Duration;

use relmap::chain::ChainConfig;
use relmap::io::csv::read_map_files;
use relmap::io::from_json;
use relmap::matrix::{classify, competition, AccountPoint, ClassificationConfig, CompetitionConfig};
use relmap::render::{self, Overlay, RenderOptions};
use relmap::stage::StageModel;
use relmap::time::Timestamp;
use relmap::trust::TrustConfig;
use relmap::value::*;
use relmap::{Error, RelationshipMap};
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../bad-inputs/cases.jsonl");
const SAMPLE: &str = include_str!("../../examples/data/manufacturing_cloud.json");
/// The most time one case may take (debug build, a loaded machine): a hang guard.
const BUDGET: Duration = Duration::from_secs(20);

fn corpus_text() -> String {
    generate::cases().iter().map(|c| serde_json::to_string(&c.to_json()).unwrap() + "\n").collect()
}

#[test]
fn the_committed_corpus_is_what_the_generator_writes() {
    let text = corpus_text();
    if std::env::var_os("RELMAP_BLESS").is_some() {
        std::fs::write(CORPUS, &text).unwrap();
    }
    let committed = std::fs::read_to_string(CORPUS).unwrap_or_default();
    assert!(committed == text, "bad-inputs/cases.jsonl is stale: rerun with RELMAP_BLESS=1");
}

#[test]
fn ids_are_unique_and_there_are_at_least_a_thousand() {
    let cases = generate::cases();
    let mut ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate case ids");
    assert!(n >= 1000, "{n} cases");
}

/// What a call gave: the error's code and field, or acceptance.
type Outcome = Result<(), (String, Option<String>)>;

fn refused(e: impl Into<Error>) -> Outcome {
    let e = e.into();
    Err((e.code().to_owned(), e.field().map(str::to_owned)))
}

fn outcome<T, E: Into<Error>>(r: Result<T, E>) -> Outcome {
    r.map(|_| ()).or_else(refused)
}

#[test]
fn every_case_is_refused_with_its_code_and_field_in_time() {
    let text = std::fs::read_to_string(CORPUS).expect("bad-inputs/cases.jsonl");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        count += 1;
        let id = case["id"].as_str().unwrap().to_owned();
        let want =
            (case["expect"]["code"].as_str().unwrap().to_owned(), case["expect"]["field"].as_str().map(str::to_owned));
        let (tx, rx) = mpsc::channel();
        let input = case.clone();
        std::thread::spawn(move || {
            let _ = tx.send(run(&input));
        });
        match rx.recv_timeout(BUDGET) {
            Ok(Err(got)) if got == want => {}
            Ok(Err(got)) => failures.push(format!("{id}: got {got:?}, expected {want:?}")),
            Ok(Ok(())) => failures.push(format!("{id}: accepted, expected {want:?}")),
            Err(mpsc::RecvTimeoutError::Timeout) => failures.push(format!("{id}: no answer within {BUDGET:?}")),
            Err(mpsc::RecvTimeoutError::Disconnected) => failures.push(format!("{id}: panicked")),
        }
    }
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(count >= 1000, "{count} cases");
}

fn run(case: &Value) -> Outcome {
    let input = &case["input"];
    match case["target"].as_str().unwrap() {
        "document" => outcome(RelationshipMap::from_json(input["text"].as_str().unwrap())),
        "csv_folder" => {
            let files: Vec<(String, String)> = input["files"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect();
            outcome(read_map_files(&files))
        }
        "value" => value_call(input["call"].as_str().unwrap(), &input["args"]),
        "config" => config(input),
        "crm_mapping" => outcome(relmap::io::import::crm::CrmMapping::from_json(input["text"].as_str().unwrap())),
        "crm_preset" => outcome(relmap::io::import::crm::preset(input["name"].as_str().unwrap())),
        other => panic!("unknown target {other}"),
    }
}

// ---- value calls ----------------------------------------------------------------------

/// A corpus number: a JSON number or "nan", "inf", "-inf".
fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) => match s.as_str() {
            "nan" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            other => panic!("not a corpus number: {other}"),
        },
        other => other.as_f64().unwrap(),
    }
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(num).collect()
}

/// A corpus time: whole seconds since 1970 (any i64) or RFC 3339 / date text.
fn time(v: &Value) -> i64 {
    match v {
        Value::String(s) => s.parse::<Timestamp>().unwrap().0,
        other => other.as_i64().unwrap(),
    }
}

fn summary_config(v: &Value) -> SummaryConfig {
    let mut c = SummaryConfig::default();
    if let Some(u) = v["unit"].as_str() {
        c.unit = u.parse().unwrap();
    }
    if !v["growth_window_days"].is_null() {
        c.growth_window_days = num(&v["growth_window_days"]);
    }
    if !v["holdout_end"].is_null() {
        c.holdout_end = Some(Timestamp(time(&v["holdout_end"])));
    }
    c
}

fn clv_config(v: &Value) -> ClvConfig {
    ClvConfig {
        periods: u32::try_from(v["periods"].as_u64().unwrap()).unwrap(),
        period_length: num(&v["period_length"]),
        discount_rate: num(&v["discount_rate"]),
        margin: num(&v["margin"]),
    }
}

fn value_call(call: &str, a: &Value) -> Outcome {
    match call {
        "rfm_summary" | "rfm_summary_codes" => {
            let times: Vec<i64> = a["times"].as_array().unwrap().iter().map(time).collect();
            let amounts = nums(&a["amounts"]);
            let margins = (!a["margins"].is_null()).then(|| nums(&a["margins"]));
            let as_of = Timestamp(time(&a["as_of"]));
            let config = summary_config(&a["config"]);
            if call == "rfm_summary" {
                let customers: Vec<&str> =
                    a["customers"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
                outcome(rfm_summary(&customers, &times, &amounts, margins.as_deref(), as_of, &config))
            } else {
                let codes: Vec<u32> =
                    a["codes"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect();
                let n = a["n_customers"].as_u64().unwrap() as usize;
                outcome(rfm_summary_codes(&codes, n, &times, &amounts, margins.as_deref(), as_of, &config))
            }
        }
        _ => model_call(call, a),
    }
}

fn model_call(call: &str, a: &Value) -> Outcome {
    let p = &a["model"]["params"];
    let (x, tx, t) = (nums(&a["frequency"]), nums(&a["recency"]), nums(&a["t"]));
    let m = nums(&a["monetary_value"]);
    let weights = (!a["weights"].is_null()).then(|| nums(&a["weights"]));
    let fit_config: FitConfig = match a.get("fit_config") {
        Some(v) => from_json(&v.to_string()).map_err(|e| (e.code().to_owned(), e.field().map(str::to_owned)))?,
        None => FitConfig::default(),
    };
    let kind = a["model"]["kind"].as_str().unwrap();
    if kind == "gamma_gamma" {
        if call == "fit" {
            return outcome(GammaGamma::fit(&x, &m, weights.as_deref(), &fit_config));
        }
        let gg = GammaGamma::new(GammaGammaParams { p: num(&p["p"]), q: num(&p["q"]), v: num(&p["v"]) })
            .or_else(refused_value)?;
        return outcome(gg.expected_spend(&x, &m));
    }
    let data = || RfmData::new(&x, &tx, &t);
    if call == "fit" {
        let d = data().or_else(refused_value)?;
        return if kind == "bg_nbd" {
            outcome(BetaGeo::fit(&d, weights.as_deref(), &fit_config))
        } else {
            outcome(ParetoNbd::fit(&d, weights.as_deref(), &fit_config))
        };
    }
    if kind == "bg_nbd" {
        let params = BetaGeoParams { r: num(&p["r"]), alpha: num(&p["alpha"]), a: num(&p["a"]), b: num(&p["b"]) };
        predict(call, &BetaGeo::new(params).or_else(refused_value)?, a, &data().or_else(refused_value)?)
    } else {
        let params =
            ParetoNbdParams { r: num(&p["r"]), alpha: num(&p["alpha"]), s: num(&p["s"]), beta: num(&p["beta"]) };
        predict(call, &ParetoNbd::new(params).or_else(refused_value)?, a, &data().or_else(refused_value)?)
    }
}

fn refused_value<T>(e: ValueError) -> Result<T, (String, Option<String>)> {
    Err((e.code().to_owned(), e.field().map(str::to_owned)))
}

fn predict<M: PurchaseModel>(call: &str, model: &M, a: &Value, data: &RfmData<'_>) -> Outcome {
    match call {
        "p_alive" => outcome(model.p_alive(data)),
        "expected_purchases" => outcome(model.expected_purchases(num(&a["t_future"]), data)),
        "clv" => outcome(model.clv(&nums(&a["spend"]), data, &clv_config(&a["config"]))),
        other => panic!("unknown call {other}"),
    }
}

// ---- configs --------------------------------------------------------------------------

fn sample() -> RelationshipMap {
    RelationshipMap::from_json(SAMPLE).unwrap()
}

fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (String, Option<String>)> {
    from_json(text).map_err(|e| (e.code().to_owned(), e.field().map(str::to_owned)))
}

fn config(input: &Value) -> Outcome {
    let text = match input.get("text") {
        Some(t) => t.as_str().unwrap().to_owned(),
        None => input["config"].to_string(),
    };
    let day = |d: i64| Timestamp(1_704_067_200 + d * 86_400);
    let customers = ["a", "a", "a", "b", "b", "c", "d", "d"];
    let times = [0, 40, 140, 14, 60, 31, 62, 152].map(day);
    let amounts = [120.0, 80.0, 95.0, 40.0, 60.0, 25.0, 300.0, 280.0];
    let summary = || rfm_summary(&customers, &times, &amounts, None, day(180), &SummaryConfig::default()).unwrap();
    let labels = |f: &dyn Fn(&CustomerSignals<'_>) -> Outcome| {
        let s = summary();
        let (alive, clv) = ([0.9, 0.5, 0.2, 0.7], [100.0, 50.0, 3.0, 400.0]);
        f(&CustomerSignals::from_summary(&s, &alive, &clv, 52.0))
    };
    match input["kind"].as_str().unwrap() {
        "chain" => outcome(sample().decision_chain(&read::<ChainConfig>(&text)?)),
        "trust" => outcome(sample().trust(&read::<TrustConfig>(&text)?, day(1000))),
        "render" => outcome(render::svg(&sample(), &Overlay::default(), &read::<RenderOptions>(&text)?)),
        "classification" => {
            let points = [AccountPoint::new("a", 5.0, 70.0), AccountPoint::new("b", 1.0, 20.0)];
            outcome(classify(&points, &read::<ClassificationConfig>(&text)?))
        }
        "competition" => outcome(competition(&sample().opportunities()[0], None, &read::<CompetitionConfig>(&text)?)),
        "stage_model" => outcome(StageModel::from_json(&text)),
        "summary" => outcome(rfm_summary(&customers, &times, &amounts, None, day(180), &read::<SummaryConfig>(&text)?)),
        "clv" => {
            let s = summary();
            let data = RfmData::new(&s.frequency, &s.recency, &s.t).unwrap();
            let bg = BetaGeo::new(BetaGeoParams { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }).unwrap();
            outcome(bg.clv(&s.monetary_value, &data, &read::<ClvConfig>(&text)?))
        }
        "fit" => {
            let s = summary();
            let data = RfmData::new(&s.frequency, &s.recency, &s.t).unwrap();
            outcome(BetaGeo::fit(&data, None, &read::<FitConfig>(&text)?))
        }
        "tier" => {
            let c = read::<TierConfig>(&text)?;
            labels(&|s| outcome(tier(s, &c)))
        }
        "lifecycle" => {
            let c = read::<LifecycleConfig>(&text)?;
            labels(&|s| outcome(lifecycle(s, &c)))
        }
        "churn" => {
            let c = read::<ChurnConfig>(&text)?;
            labels(&|s| outcome(churn_warnings(s, &c)))
        }
        "scores" => outcome(rfm_scores(&summary(), &read::<RfmScoreConfig>(&text)?)),
        other => panic!("unknown config kind {other}"),
    }
}
