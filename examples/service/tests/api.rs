//! Each route of the example service: what it answers, and the status and JSON of its errors.

mod common;

use relmap::chain::DecisionChain;
use relmap::error::{ErrorCode, ErrorInfo, ErrorKind};
use relmap::stage::StageAssessment;
use relmap::trust::CompactTrustReport;
use relmap::RelationshipMap;
use relmap_service::{Analysis, MapEntry, MapVersion, ValueResponse};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn error(response: reqwest::Response, status: StatusCode, code: ErrorCode) -> ErrorInfo {
    assert_eq!(response.status(), status);
    let info: ErrorInfo = response.json().await.unwrap();
    assert_eq!(info.code, code, "{info}");
    assert_eq!(info.kind, code.kind());
    info
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analyses_answer_as_json_for_a_version_of_a_map() {
    let base = common::serve().await;
    let http = Client::new();
    let maps: Vec<MapEntry> = http.get(format!("{base}/maps")).send().await.unwrap().json().await.unwrap();
    let hd = maps.iter().find(|m| m.map == "hd_precision").unwrap();
    assert_eq!((hd.version, hd.stakeholders, hd.interactions), (1, 35, 244));

    // The decision chain is the one relmap computes on the same map.
    let text = std::fs::read_to_string(common::samples().join("manufacturing_cloud.json")).unwrap();
    let local = RelationshipMap::from_json(&text).unwrap().decision_chain(&Default::default()).unwrap();
    let chain: Analysis<DecisionChain> =
        http.get(format!("{base}/maps/hd_precision/decision-chain")).send().await.unwrap().json().await.unwrap();
    assert_eq!((chain.map.as_str(), chain.version), ("hd_precision", 1));
    assert_eq!(chain.result.influence("chairman"), local.influence("chairman"));
    assert_eq!(chain.result.predicted_support(), local.predicted_support());

    // Trust: compact by default, the full report on request.
    let trust: Analysis<CompactTrustReport> =
        http.get(format!("{base}/maps/hd_precision/trust")).send().await.unwrap().json().await.unwrap();
    assert_eq!(trust.result.stakeholders.len(), 35);
    let full = http.get(format!("{base}/maps/hd_precision/trust?form=full")).send().await.unwrap();
    let full: Value = full.json().await.unwrap();
    assert!(full["result"]["stakeholders"][0]["pairs"].is_array());

    // Stages, with the tender sample's own stage model.
    let stages: Analysis<Vec<StageAssessment>> = http
        .get(format!("{base}/maps/jiangling_ucid/stages?as_of=2026-11-01"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!stages.result.is_empty());

    // The map document itself, with its version as the ETag.
    let doc = http.get(format!("{base}/maps/hengtai")).send().await.unwrap();
    assert_eq!(doc.headers()["etag"], "\"1\"");
    let map = RelationshipMap::from_json(&doc.text().await.unwrap()).unwrap();
    assert_eq!(map.account().id, "hengtai");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_publish_new_versions_and_failed_edits_publish_nothing() {
    let base = common::serve().await;
    let http = Client::new();
    let url = format!("{base}/maps/hengtai/interactions");
    let visit =
        json!({"id": "v100", "at": "2026-03-02", "channel": "visit", "members": ["am"], "stakeholders": ["cfo"]});
    let r = http.post(&url).json(&visit).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.json::<MapVersion>().await.unwrap(), MapVersion { map: "hengtai".into(), version: 2 });

    // The same id again: 409, and the map stays at version 2.
    let info =
        error(http.post(&url).json(&visit).send().await.unwrap(), StatusCode::CONFLICT, ErrorCode::DuplicateId).await;
    assert_eq!(info.field.as_deref(), Some("interactions[8].id"));
    // An unknown stakeholder: 400 with the field.
    let bad =
        json!({"id": "v101", "at": "2026-03-02", "channel": "visit", "members": ["am"], "stakeholders": ["nobody"]});
    let info =
        error(http.post(&url).json(&bad).send().await.unwrap(), StatusCode::BAD_REQUEST, ErrorCode::UnknownReference)
            .await;
    assert_eq!(info.field.as_deref(), Some("interactions[8].stakeholders[0]"));
    // Well-formed JSON of the wrong shape: 422 with the JSON path; malformed JSON: 400.
    let shape = json!({"id": "v102", "at": "2026-03-02", "channel": "carrier_pigeon", "members": ["am"], "stakeholders": ["cfo"]});
    let info = error(
        http.post(&url).json(&shape).send().await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::JsonShape,
    )
    .await;
    assert_eq!(info.field.as_deref(), Some("channel"));
    error(http.post(&url).body("{\"id\": ").send().await.unwrap(), StatusCode::BAD_REQUEST, ErrorCode::JsonSyntax)
        .await;

    // A stance change; out of range is 400, an unknown stakeholder 404.
    let stance = |sid: &str| format!("{base}/maps/hengtai/stakeholders/{sid}/stance");
    let r = http.put(stance("cfo")).json(&json!({"stance": 2.5})).send().await.unwrap();
    assert_eq!(r.json::<MapVersion>().await.unwrap().version, 3);
    let r = http.put(stance("cfo")).json(&json!({"stance": 9})).send().await.unwrap();
    assert_eq!(error(r, StatusCode::BAD_REQUEST, ErrorCode::OutOfRange).await.kind, ErrorKind::Range);
    let r = http.put(stance("nobody")).json(&json!({"stance": 1})).send().await.unwrap();
    error(r, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;

    // A conditional edit of a stale version: 412; of the current one: accepted.
    let r = http.put(stance("cfo")).header("If-Match", "\"2\"").json(&json!({"stance": 1})).send().await.unwrap();
    let info = error(r, StatusCode::PRECONDITION_FAILED, ErrorCode::InvalidArgument).await;
    assert_eq!(info.field.as_deref(), Some("If-Match"));
    let r = http.put(stance("cfo")).header("If-Match", "\"3\"").json(&json!({"stance": null})).send().await.unwrap();
    assert_eq!(r.json::<MapVersion>().await.unwrap().version, 4);

    let doc = http.get(format!("{base}/maps/hengtai")).send().await.unwrap();
    assert_eq!(doc.headers()["etag"], "\"4\"");
    let map = RelationshipMap::from_json(&doc.text().await.unwrap()).unwrap();
    assert!(map.interaction("v100").is_some() && map.interaction("v101").is_none());
    assert_eq!(map.stakeholder("cfo").unwrap().stance, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maps_are_posted_and_replaced_and_bad_requests_say_why() {
    let base = common::serve().await;
    let http = Client::new();
    let doc = json!({"format": "relmap/2", "account": {"id": "acme", "name": "Acme"},
        "stakeholders": [{"id": "ceo", "name": "Chen Wei", "roles": ["economic_buyer"]}]});
    let r = http.post(format!("{base}/maps")).json(&doc).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.json::<MapVersion>().await.unwrap(), MapVersion { map: "acme".into(), version: 1 });
    let r = http.post(format!("{base}/maps")).json(&doc).send().await.unwrap();
    error(r, StatusCode::CONFLICT, ErrorCode::DuplicateId).await;
    let r = http.put(format!("{base}/maps/acme")).json(&doc).send().await.unwrap();
    assert_eq!(r.json::<MapVersion>().await.unwrap().version, 2);
    let r = http.put(format!("{base}/maps/other")).json(&doc).send().await.unwrap();
    assert_eq!(
        error(r, StatusCode::BAD_REQUEST, ErrorCode::InvalidArgument).await.field.as_deref(),
        Some("account.id")
    );

    // An invalid map: the validation error of relmap, 400.
    let bad = json!({"format": "relmap/2", "account": {"id": "bad", "name": "Bad"},
        "stakeholders": [{"id": "ceo", "name": "Chen", "reports_to": "ceo"}]});
    let r = http.post(format!("{base}/maps")).json(&bad).send().await.unwrap();
    error(r, StatusCode::BAD_REQUEST, ErrorCode::SelfLoop).await;
    let r = http.post(format!("{base}/maps")).json(&json!({"format": "relmap/9"})).send().await.unwrap();
    error(r, StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::UnsupportedFormat).await;

    // Unknown maps, routes and parameters.
    let r = http.get(format!("{base}/maps/nope/decision-chain")).send().await.unwrap();
    assert_eq!(error(r, StatusCode::NOT_FOUND, ErrorCode::NotFound).await.field.as_deref(), Some("map"));
    error(http.get(format!("{base}/nothing")).send().await.unwrap(), StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    let r = http.delete(format!("{base}/maps/acme")).send().await.unwrap();
    assert_eq!(
        error(r, StatusCode::METHOD_NOT_ALLOWED, ErrorCode::InvalidArgument).await.field.as_deref(),
        Some("method")
    );
    let r = http.get(format!("{base}/maps/acme/trust?as_of=yesterday")).send().await.unwrap();
    assert_eq!(error(r, StatusCode::BAD_REQUEST, ErrorCode::InvalidArgument).await.field.as_deref(), Some("as_of"));
    let r = http.get(format!("{base}/maps/acme/trust?asof=2026-01-01")).send().await.unwrap();
    assert_eq!(error(r, StatusCode::BAD_REQUEST, ErrorCode::InvalidArgument).await.field.as_deref(), Some("asof"));
    let r = http.get(format!("{base}/maps/acme/trust?form=tiny")).send().await.unwrap();
    error(r, StatusCode::BAD_REQUEST, ErrorCode::InvalidArgument).await;

    // A body over the limit: 413 with relmap's error as JSON, and the map is unchanged.
    let big = vec![b' '; relmap_service::BODY_LIMIT + 1];
    let r = http.put(format!("{base}/maps/acme")).body(big).send().await.unwrap();
    let info = error(r, StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::OutOfRange).await;
    assert_eq!(info.field.as_deref(), Some("body"));
    assert!(info.message.contains(&relmap_service::BODY_LIMIT.to_string()), "{info}");
    let maps: Vec<MapEntry> = http.get(format!("{base}/maps")).send().await.unwrap().json().await.unwrap();
    assert_eq!(maps.iter().find(|m| m.map == "acme").unwrap().version, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn value_fits_the_cdnow_sample() {
    let base = common::serve().await;
    let http = Client::new();
    let text = std::fs::read_to_string(common::samples().join("cdnow/CDNOW_sample.txt")).unwrap();
    let (mut customers, mut times, mut amounts) = (vec![], vec![], vec![]);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let day = f[2];
        customers.push(f[1].to_owned());
        times.push(format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..]));
        amounts.push(f[4].parse::<f64>().unwrap());
    }
    let body = json!({"customers": customers, "times": times, "amounts": amounts, "as_of": "1997-09-30"});
    let r = http.post(format!("{base}/value")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: ValueResponse = r.json().await.unwrap();
    // The published BG/NBD fit of the CDNOW sample (Fader, Hardie & Lee 2005): r 0.243, alpha 4.414, a 0.793, b 2.426.
    assert_eq!(v.customers.len(), 2357);
    assert!((v.bg_nbd.r - 0.2426).abs() < 1e-3 && (v.bg_nbd.alpha - 4.4136).abs() < 1e-2, "{:?}", v.bg_nbd);
    assert!((v.bg_nbd.a - 0.7929).abs() < 1e-3 && (v.bg_nbd.b - 2.4259).abs() < 1e-2, "{:?}", v.bg_nbd);
    assert_eq!(v.tiers.tier.len(), 2357);

    // Columns of different lengths: relmap's length_mismatch, 400.
    let bad = json!({"customers": ["a", "b"], "times": ["2024-01-01"], "amounts": [1.0, 2.0], "as_of": "2024-06-30"});
    error(
        http.post(format!("{base}/value")).json(&bad).send().await.unwrap(),
        StatusCode::BAD_REQUEST,
        ErrorCode::LengthMismatch,
    )
    .await;
}
