//! A load test of the example service on 127.0.0.1: concurrent clients read analyses
//! and edit the same map for a bounded time. It reports throughput and latency
//! percentiles, and checks that no request failed, that every client saw the map's
//! versions only move forward, and that the map holds every edit (no lost writes).
//!
//! `RELMAP_LOAD_CLIENTS` (default 16) and `RELMAP_LOAD_SECONDS` (default 3) set the
//! size; `cargo test -p relmap-service --test load -- --nocapture` prints the figures
//! (`scripts/test service` does).

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use relmap::RelationshipMap;
use relmap_service::{Analysis, MapVersion};
use reqwest::Client;
use serde_json::{json, Value};

/// What one client did.
#[derive(Default)]
struct Tally {
    /// Latencies per request kind.
    latency: BTreeMap<&'static str, Vec<Duration>>,
    /// Failed requests, with what went wrong.
    errors: Vec<String>,
    /// Ids of the interactions this client added.
    added: Vec<String>,
    /// Stance changes accepted.
    stance_changes: usize,
    /// Versions of `hd_precision` seen going backwards.
    regressions: usize,
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let k = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[k]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

async fn client(base: String, http: Client, who: usize, until: Instant) -> Tally {
    let mut t = Tally::default();
    let mut last_version = 0u64;
    let mut k = 0usize;
    // At least one request each, then until the time is up.
    loop {
        // A third of the requests add an interaction to the 35-person map, a sixth change
        // a stance on another map; the rest read analyses.
        let (kind, request) = match (who + k) % 6 {
            0 | 3 => {
                let id = format!("load_{who}_{k}");
                let body = json!({"id": id, "at": "2026-11-20T10:00:00Z", "channel": "phone",
                    "members": ["am"], "stakeholders": ["cio"], "sentiment": 0.2});
                ("add interaction", http.post(format!("{base}/maps/hd_precision/interactions")).json(&body))
            }
            1 => ("decision chain", http.get(format!("{base}/maps/hd_precision/decision-chain"))),
            2 => ("trust (compact)", http.get(format!("{base}/maps/hd_precision/trust"))),
            4 => ("stages", http.get(format!("{base}/maps/jiangling_ucid/stages"))),
            _ => {
                let stance = ((who + k) % 11) as f64 - 5.0;
                let url = format!("{base}/maps/hengtai/stakeholders/cfo/stance");
                ("stance change", http.put(url).json(&json!({ "stance": stance })))
            }
        };
        let start = Instant::now();
        let outcome = async {
            let response = request.send().await.map_err(|e| e.to_string())?;
            let status = response.status();
            let body: Value = response.json().await.map_err(|e| e.to_string())?;
            if status.is_success() {
                Ok(body)
            } else {
                Err(format!("{status}: {body}"))
            }
        }
        .await;
        t.latency.entry(kind).or_default().push(start.elapsed());
        match outcome {
            Err(e) => t.errors.push(format!("{kind}: {e}")),
            Ok(body) => match kind {
                "add interaction" => {
                    let done: MapVersion = serde_json::from_value(body).unwrap();
                    last_version = check_forward(&mut t, last_version, done.version);
                    t.added.push(format!("load_{who}_{k}"));
                }
                "decision chain" | "trust (compact)" => {
                    let version = body["version"].as_u64().unwrap();
                    last_version = check_forward(&mut t, last_version, version);
                }
                "stance change" => t.stance_changes += 1,
                _ => {}
            },
        }
        k += 1;
        if Instant::now() >= until {
            break;
        }
    }
    t
}

fn check_forward(t: &mut Tally, last: u64, seen: u64) -> u64 {
    if seen < last {
        t.regressions += 1;
    }
    last.max(seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_read_and_edit_without_errors_or_lost_writes() {
    let clients = env_or("RELMAP_LOAD_CLIENTS", 16) as usize;
    let seconds = env_or("RELMAP_LOAD_SECONDS", 3);
    let base = common::serve().await;
    let http = Client::builder().pool_max_idle_per_host(clients).build().unwrap();
    let before: Analysis<Value> =
        http.get(format!("{base}/maps/hd_precision/trust")).send().await.unwrap().json().await.unwrap();

    let start = Instant::now();
    let until = start + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..clients).map(|who| tokio::spawn(client(base.clone(), http.clone(), who, until))).collect();
    let mut tallies = Vec::new();
    for task in tasks {
        tallies.push(task.await.unwrap());
    }
    let elapsed = start.elapsed();

    let mut by_kind: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    for t in &tallies {
        for (kind, l) in &t.latency {
            by_kind.entry(kind).or_default().extend(l);
        }
    }
    let mut all: Vec<Duration> = by_kind.values().flatten().copied().collect();
    all.sort();
    let requests = all.len();
    println!(
        "load test: {clients} clients for {:.1} s on 127.0.0.1 ({} build): {requests} requests, {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms",
        elapsed.as_secs_f64(),
        if cfg!(debug_assertions) { "debug" } else { "release" },
        requests as f64 / elapsed.as_secs_f64(),
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
    );
    for (kind, l) in &mut by_kind {
        l.sort();
        println!(
            "  {kind:<16} {:>6} requests  p50 {:>7.2} ms  p99 {:>7.2} ms",
            l.len(),
            ms(percentile(l, 0.5)),
            ms(percentile(l, 0.99))
        );
    }

    let errors: Vec<&String> = tallies.iter().flat_map(|t| &t.errors).collect();
    assert!(errors.is_empty(), "{} failed requests, e.g. {:?}", errors.len(), &errors[..errors.len().min(5)]);
    assert_eq!(tallies.iter().map(|t| t.regressions).sum::<usize>(), 0, "a client saw a version go backwards");
    assert!(requests >= clients, "{requests} requests");

    // No lost writes: the map holds every interaction a client was told was added,
    // and its version counts every edit.
    let added: Vec<&String> = tallies.iter().flat_map(|t| &t.added).collect();
    assert!(!added.is_empty());
    let doc = http.get(format!("{base}/maps/hd_precision")).send().await.unwrap();
    let version: u64 = doc.headers()["etag"].to_str().unwrap().trim_matches('"').parse().unwrap();
    let map = RelationshipMap::from_json(&doc.text().await.unwrap()).unwrap();
    assert_eq!(map.interactions().len(), 244 + added.len());
    assert!(added.iter().all(|id| map.interaction(id).is_some()));
    assert_eq!(version, before.version + added.len() as u64);
    let stance_changes: usize = tallies.iter().map(|t| t.stance_changes).sum();
    let maps: Value = http.get(format!("{base}/maps")).send().await.unwrap().json().await.unwrap();
    let hengtai = maps.as_array().unwrap().iter().find(|m| m["map"] == "hengtai").unwrap();
    assert_eq!(hengtai["version"].as_u64().unwrap(), 1 + stance_changes as u64);
    println!(
        "  edits: {} interactions added to hd_precision (now version {version}, {} interactions), {stance_changes} stance changes on hengtai; none lost",
        added.len(),
        map.interactions().len()
    );
}
