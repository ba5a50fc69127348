//! Account review: loads relationship maps and prints a readable summary of each.
//!
//! ```text
//! cargo run --release --example account_review               # every examples/data/*.json map
//! cargo run --release --example account_review -- a.json b.json
//! ```
//!
//! For each account: what the map holds, the org chart, who plays which buying
//! role (and which roles nobody plays), where each stakeholder stands toward us,
//! the opportunities and the latest contact; then the decision chain (top
//! influencers, predicted support, coverage, red flags, next best contacts with
//! their paths), the trust of the key contacts, the sales stage (with the map's
//! own stage model, `NAME.stages.json` beside `NAME.json`, when there is one) and
//! the competition, and the deal health of each opportunity (score, status, the
//! factors that moved it most with their reasons, the top three actions). Then the accounts on the classification matrix (weighted
//! pipeline × relationship strength) and the customer value of the CDNOW sample (RFM summary,
//! BG/NBD and Gamma-Gamma fits, the holdout check, tiers, lifecycle stages, top customers
//! by CLV). It writes `docs/sample-map.svg` from the manufacturing_cloud account with the
//! decision chain drawn over it, and the customer-value pictures `docs/value-*.svg`.

#[path = "account_review/analysis.rs"]
mod analysis;
#[path = "account_review/value.rs"]
mod value;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use relmap::io::FormatError;
use relmap::model::{RelationKind, Role, Stakeholder};
use relmap::stage::StageModel;
use relmap::RelationshipMap;

fn main() -> ExitCode {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let paths = if paths.is_empty() { sample_maps() } else { paths };
    if paths.is_empty() {
        eprintln!("no account maps given and none found in examples/data/");
        return ExitCode::FAILURE;
    }
    let mut failed = 0;
    let (mut accounts, mut people) = (0, 0);
    let mut reviewed: Vec<(RelationshipMap, StageModel)> = Vec::new();
    for path in &paths {
        let map = match relmap::io::load(path) {
            Ok(map) => map,
            Err(e) => {
                eprintln!("error: {}: {e} [{}]", path.display(), e.code());
                failed += 1;
                continue;
            }
        };
        print!("{}", review(&map, path));
        let stage_model = match stage_model_for(path) {
            Ok(model) => model,
            Err(e) => {
                eprintln!("error: {e} [{}]", e.code());
                failed += 1;
                continue;
            }
        };
        match analysis::review(&map, &stage_model) {
            Ok((text, chain)) => {
                print!("{text}");
                if path.file_name().is_some_and(|n| n == PICTURE_SOURCE) {
                    let to = root().join(PICTURE);
                    match analysis::write_picture(&map, &chain, &to) {
                        Ok(()) => println!("   picture with the decision chain: {PICTURE}"),
                        Err(e) => {
                            eprintln!("error: {e}");
                            failed += 1;
                        }
                    }
                }
            }
            Err(e) => {
                eprintln!("error: {}: {e} [{}]", path.display(), e.code());
                failed += 1;
            }
        }
        println!();
        accounts += 1;
        people += map.stakeholders().len();
        reviewed.push((map, stage_model));
    }
    println!("{accounts} account(s), {people} stakeholder(s) reviewed");
    println!();
    if reviewed.len() > 1 {
        match analysis::portfolio(&reviewed) {
            Ok(text) => println!("{text}\n"),
            Err(e) => {
                eprintln!("error: {e} [{}]", e.code());
                failed += 1;
            }
        }
    }
    match value::review(&root().join(CDNOW_SAMPLE), &root().join("docs")) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: {e}");
            failed += 1;
        }
    }
    if failed > 0 {
        eprintln!("{failed} step(s) failed");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The sample account drawn into [`PICTURE`].
const PICTURE_SOURCE: &str = "manufacturing_cloud.json";
/// Where the picture goes, relative to the repository root.
const PICTURE: &str = "docs/sample-map.svg";
/// The transactions of the customer-value section, relative to the repository root.
const CDNOW_SAMPLE: &str = "examples/data/cdnow/CDNOW_sample.txt";

/// The repository root.
fn root() -> PathBuf {
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    core.parent().unwrap_or(core).to_path_buf()
}

/// The suffix of a map's own stage model: `NAME.stages.json` beside `NAME.json`.
const STAGE_MODEL_SUFFIX: &str = ".stages.json";

/// Every `*.json` map in `examples/data/` (not the stage models), sorted by name.
fn sample_maps() -> Vec<PathBuf> {
    let dir = root().join("examples/data");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        name.ends_with(".json") && !name.ends_with(STAGE_MODEL_SUFFIX)
    });
    paths.sort();
    paths
}

/// The stage model of a map: `NAME.stages.json` beside a map file `NAME.json`
/// (or a CSV folder `NAME/`) when there is one, else the default model.
fn stage_model_for(map_path: &Path) -> Result<StageModel, relmap::Error> {
    let name = if map_path.is_dir() { map_path.file_name() } else { map_path.file_stem() };
    let name = name.and_then(|s| s.to_str()).unwrap_or_default();
    let path = map_path.parent().unwrap_or(Path::new(".")).join(format!("{name}{STAGE_MODEL_SUFFIX}"));
    match std::fs::read_to_string(&path) {
        Ok(text) => StageModel::from_json(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(StageModel::default()),
        Err(e) => Err(FormatError::Io { path: path.display().to_string(), message: e.to_string() }.into()),
    }
}

fn display_name(s: &Stakeholder) -> &str {
    if s.name.is_empty() {
        &s.id
    } else {
        &s.name
    }
}

fn names<'a>(people: impl IntoIterator<Item = &'a Stakeholder>) -> String {
    let list: Vec<&str> = people.into_iter().map(display_name).collect();
    if list.is_empty() {
        "-".to_owned()
    } else {
        list.join(", ")
    }
}

fn plural(n: usize, word: &str) -> String {
    count(n, word, &format!("{word}s"))
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn date(t: relmap::time::Timestamp) -> String {
    let (y, m, d) = t.ymd();
    format!("{y:04}-{m:02}-{d:02}")
}

/// The summary of one map, as text.
fn review(map: &RelationshipMap, path: &Path) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let account = map.account();
    let about: Vec<&str> =
        [&account.industry, &account.region, &account.segment].into_iter().flatten().map(String::as_str).collect();
    line(format!(
        "== {} ({}){}",
        account.name,
        account.id,
        if about.is_empty() { String::new() } else { format!(" - {}", about.join(", ")) }
    ));
    let shown = std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    line(format!("   file: {}", shown.as_deref().unwrap_or(path).display()));

    let mut by_kind: BTreeMap<RelationKind, usize> = BTreeMap::new();
    for r in map.relations() {
        *by_kind.entry(r.kind).or_default() += 1;
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{n} {}", k.as_str())).collect();
    line(format!(
        "   {}, {}{}, {}",
        plural(map.stakeholders().len(), "stakeholder"),
        plural(map.relations().len(), "relation"),
        if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) },
        plural(map.team().len(), "team member"),
    ));
    line(format!(
        "   {}, {}, {}",
        plural(map.interactions().len(), "interaction"),
        plural(map.evidence().len(), "evidence item"),
        count(map.opportunities().len(), "opportunity", "opportunities"),
    ));

    let top = map.stakeholders().iter().filter(|s| s.reports_to.is_none());
    line(format!("   org chart: {} deep; top: {}", plural(map.org_depth(), "level"), names(top)));

    line("   buying roles:".to_owned());
    let mut missing = Vec::new();
    for role in Role::ALL {
        let holders: Vec<&Stakeholder> = map.stakeholders().iter().filter(|s| s.has_role(role)).collect();
        if holders.is_empty() {
            missing.push(role.as_str());
        } else {
            line(format!("     {:<16} {}", role.as_str(), names(holders)));
        }
    }
    if !missing.is_empty() {
        line(format!("     nobody plays: {}", missing.join(", ")));
    }

    let mut known: Vec<(&Stakeholder, f64)> =
        map.stakeholders().iter().filter_map(|s| s.stance.map(|v| (s, v))).collect();
    known.sort_by(|a, b| b.1.total_cmp(&a.1));
    let with = |keep: fn(f64) -> bool| {
        let list: Vec<String> =
            known.iter().filter(|(_, v)| keep(*v)).map(|(s, v)| format!("{} ({v:+})", display_name(s))).collect();
        if list.is_empty() {
            "-".to_owned()
        } else {
            list.join(", ")
        }
    };
    line("   stance toward us (-5..+5):".to_owned());
    line(format!("     for us      {}", with(|v| v > 0.0)));
    line(format!("     neutral     {}", with(|v| v == 0.0)));
    line(format!("     against us  {}", with(|v| v < 0.0)));
    line(format!("     unknown     {}", names(map.stakeholders().iter().filter(|s| s.stance.is_none()))));
    if !known.is_empty() {
        let mean = known.iter().map(|(_, v)| v).sum::<f64>() / known.len() as f64;
        line(format!("     mean of the {} known: {mean:+.2}", known.len()));
    }

    for o in map.opportunities() {
        let amount = o.amount.map(|a| format!(", amount {a:.0}")).unwrap_or_default();
        let stage = o.declared_stage.as_deref().map(|s| format!(", declared stage {s}")).unwrap_or_default();
        let rivals =
            if o.competitors.is_empty() { String::new() } else { format!(", against {}", o.competitors.join(", ")) };
        line(format!(
            "   opportunity {}: {}{amount}{stage}, {}{rivals}",
            o.id,
            o.name,
            plural(o.milestones.len(), "milestone")
        ));
    }

    if let Some(last) = map.interactions().iter().max_by_key(|i| i.at) {
        let who: Vec<&str> = last.stakeholders.iter().filter_map(|id| map.stakeholder(id)).map(display_name).collect();
        line(format!("   latest contact: {} ({}, with {})", date(last.at), last.channel.as_str(), who.join(", ")));
    }
    out
}
