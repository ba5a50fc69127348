//! The vocabulary table of `docs/api.md`, walked in Rust: every row has a probe
//! here, every probe a row, every Rust name of a row appears in this file, and the
//! answers on the shared fixture are `tests/api/expected.json` (and the picture
//! `tests/api/demo_small.svg`), which the Python and JavaScript suites must give too.
//! `RELMAP_BLESS=1` rewrites both files.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use relmap::activity::{self, ActivityConfig};
use relmap::chain::{diff, ChainConfig, DecisionChain, SummaryLengths};
use relmap::error::ErrorCode;
use relmap::health::DealHealthConfig;
use relmap::io::import::{self, CalendarOptions, CrmOptions, MailOptions};
use relmap::matrix::{classify, classify_accounts, AccountPoint, ClassificationConfig, CompetitionConfig};
use relmap::model::Account;
use relmap::model::{Evidence, Interaction, Opportunity, RelationKind, RelationshipMap, Stakeholder, TeamMember};
use relmap::render::{self, RenderOptions};
use relmap::stage::StageModel;
use relmap::time::Timestamp;
use relmap::trust::TrustConfig;
use relmap::value::{
    self, BetaGeo, BetaGeoBetaBinom, BetaGeoBetaBinomParams, BetaGeoParams, ClvConfig, CustomerSignals,
    DiscreteSummaryConfig, FitConfig, GammaGamma, GammaGammaParams, ModifiedBetaGeo, ModifiedBetaGeoParams, ParetoNbd,
    ParetoNbdParams, Period, PurchaseModel, RfmData, RfmScoreConfig, RfmSummary, ShiftedBetaGeo, ShiftedBetaGeoParams,
    SummaryConfig,
};
use serde_json::{json, Value};

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn fixture() -> RelationshipMap {
    relmap::io::load(repo("examples/data/demo_small.json")).unwrap()
}

fn day(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn doc<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

fn from<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

/// The sides of the importer fixtures.
fn sides() -> ActivityConfig {
    from(json!({"our_domains": ["ourco.com"], "account_domains": ["hdjm.com.cn"]}))
}

/// The importer fixtures' map after importing its calendar, its mail, or both.
fn imported(what: &str) -> (RelationshipMap, import::ImportReport) {
    let dir = repo("core/tests/fixtures/import");
    let mut m = RelationshipMap::from_json(&std::fs::read_to_string(dir.join("base_map.json")).unwrap()).unwrap();
    let mut report = None;
    if what != "mail" {
        let files = import::read_path(&dir.join("calendar/team.ics"), import::calendar::EXTENSIONS).unwrap();
        let opts = CalendarOptions { activity: sides(), ..Default::default() };
        report = Some(import::calendar::import(&mut m, &files, &opts).unwrap());
    }
    if what != "calendar" {
        let files = import::read_path(&dir.join("mail"), import::mail::EXTENSIONS).unwrap();
        report = Some(import::mail::import(&mut m, &files, &MailOptions { activity: sides() }).unwrap());
    }
    (m, report.unwrap())
}

/// A report line as the probes compare it.
fn line(l: &import::ReportLine) -> Value {
    json!([l.file, l.row, l.column, l.entity, l.id, l.outcome, l.reason, l.value])
}

/// The rows of the table in `docs/api.md`: the concept key and the Rust names.
fn rows() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(repo("docs/api.md")).unwrap();
    let start = text.find("| concept | Rust | Python | JavaScript | notes |").expect("the table");
    text[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let names = cells[1].split(", ").map(|n| n.trim_matches('`').to_owned()).collect();
            (cells[0].trim_matches('`').to_owned(), names)
        })
        .collect()
}

/// What the CDNOW sample gives the value probes.
struct Value_ {
    summary: RfmSummary<String>,
    bg: BetaGeo,
    gg: GammaGamma,
    p_alive: Vec<f64>,
    clv: Vec<f64>,
}

fn value_inputs() -> Value_ {
    let t = common::cdnow_sample();
    let summary =
        value::rfm_summary(&t.customer, &t.time, &t.amount, None, day("1997-09-30"), &SummaryConfig::default())
            .unwrap();
    let bg = BetaGeo::new(BetaGeoParams { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }).unwrap();
    let gg = GammaGamma::new(GammaGammaParams { p: 6.2496, q: 3.7442, v: 15.4435 }).unwrap();
    let data = RfmData::new(&summary.frequency, &summary.recency, &summary.t).unwrap();
    let p_alive = bg.p_alive(&data).unwrap();
    let spend = gg.expected_spend(&summary.frequency, &summary.monetary_value).unwrap();
    let clv = bg.clv(&spend, &data, &ClvConfig::default()).unwrap();
    Value_ { summary, bg, gg, p_alive, clv }
}

/// What a chart plots: how many `data-value` marks, and their sum (the same in every
/// language to rounding, where the SVG text may differ in a last digit).
fn plotted(svg: &str) -> Value {
    let values: Vec<f64> =
        svg.split("data-value=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap()).collect();
    json!([values.len(), values.iter().sum::<f64>()])
}

/// The CDNOW sample with the published holdout period (to 1998-06-30).
fn holdout_summary() -> RfmSummary<String> {
    let t = common::cdnow_sample();
    let cfg = SummaryConfig { holdout_end: Some(day("1998-06-30")), ..SummaryConfig::default() };
    value::rfm_summary(&t.customer, &t.time, &t.amount, None, day("1997-09-30"), &cfg).unwrap()
}

/// The CDNOW sample in calendar months: the discrete probes' input.
fn monthly_summary() -> value::DiscreteSummary<String> {
    let t = common::cdnow_sample();
    let cfg = DiscreteSummaryConfig { period: Period::Month, holdout_end: None };
    value::discrete_summary(&t.customer, &t.time, &t.amount, day("1997-09-30"), &cfg).unwrap()
}

/// The published regular cohort (Fader & Hardie 2007): active at the start of years 0..7.
const REGULAR: [f64; 8] = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];

fn fit_sbg() -> ShiftedBetaGeo {
    ShiftedBetaGeo::fit_cohorts(&[&REGULAR], &FitConfig::default()).unwrap()
}

/// The regular cohort as per-customer rows with counts: lapsed after 1..7 years, active after 7 renewals.
fn sbg_customers() -> (Vec<f64>, Vec<bool>, Vec<f64>) {
    let mut rows = (1..8).map(|t| (t as f64, false, REGULAR[t - 1] - REGULAR[t])).collect::<Vec<_>>();
    rows.push((7.0, true, REGULAR[7]));
    (rows.iter().map(|r| r.0).collect(), rows.iter().map(|r| r.1).collect(), rows.iter().map(|r| r.2).collect())
}

fn fit_beta_geo(v: &Value_) -> BetaGeo {
    let data = RfmData::new(&v.summary.frequency, &v.summary.recency, &v.summary.t).unwrap();
    BetaGeo::fit(&data, None, &FitConfig::default()).unwrap()
}

fn counts<'a>(names: impl IntoIterator<Item = &'a str>) -> Value {
    let mut c: BTreeMap<&str, usize> = BTreeMap::new();
    for n in names {
        *c.entry(n).or_default() += 1;
    }
    doc(&c)
}

fn chain_of(map: &RelationshipMap) -> DecisionChain {
    map.decision_chain(&ChainConfig::default()).unwrap()
}

/// The probe of one row: what the core answers on the fixture.
fn probe(key: &str, v: &Value_) -> Value {
    let mut m = fixture();
    let chain = chain_of(&m);
    match key {
        "map.new" => {
            let m = RelationshipMap::new(relmap::model::Account::new("acme", "Acme"));
            json!([m.account().id, m.account().name])
        }
        "map.json" => {
            let text = m.to_json();
            json!([text.lines().count(), RelationshipMap::from_json(&text).unwrap().to_json() == text])
        }
        "map.load" => json!(m.stakeholders().iter().map(|s| &s.id).collect::<Vec<_>>()),
        "map.write_csv" => {
            let dir = std::env::temp_dir().join(format!("relmap-api-table-{}", std::process::id()));
            relmap::io::csv::write_map(&m, &dir).unwrap();
            let back = relmap::io::load(&dir).unwrap();
            std::fs::remove_dir_all(&dir).unwrap();
            json!([back.stakeholders().len(), back.interactions().len(), back == m])
        }
        "map.add_stakeholder" => {
            m.add_stakeholder(from(json!({
                "id": "qa", "name": "Qian Hui", "title": "QA Head", "department": "Quality", "reports_to": "prod_dir",
                "roles": ["coach", "influencer"], "authority": 0.2, "openness": 0.3, "stance": 2.0,
                "stance_toward": {"rival": -1.0}, "concerns": ["cost"], "needs": ["uptime"], "preferred_channel": "email"
            })))
            .unwrap();
            doc(m.stakeholder("qa").unwrap())
        }
        "map.update_stakeholder" => {
            let cfo: Stakeholder =
                from(json!({"id": "cfo", "name": "New CFO", "roles": ["decision_maker"], "stance": 3.0}));
            m.update_stakeholder(cfo).unwrap();
            doc(m.stakeholder("cfo").unwrap())
        }
        "map.remove_stakeholder" => {
            m.add_stakeholder(from(json!({"id": "temp", "name": "Temp"}))).unwrap();
            let removed = m.remove_stakeholder("temp").unwrap();
            json!([doc(&removed), m.stakeholders().len()])
        }
        "map.set_stance" => {
            m.set_stance("gm", Some(2.5)).unwrap();
            let given = m.stakeholder("gm").unwrap().stance;
            m.set_stance("gm", None).unwrap();
            json!([given, m.stakeholder("gm").unwrap().stance])
        }
        "map.add_relation" => {
            m.add_relation(from(json!({"source": "purchasing", "target": "cfo"}))).unwrap();
            m.add_relation(from(json!({"source": "gm_office", "target": "purchasing", "kind": "informs",
                "strength": 0.3, "direction": "both", "notes": "weekly"})))
                .unwrap();
            json!(m.relations()[m.relations().len() - 2..].iter().map(doc).collect::<Vec<_>>())
        }
        "map.remove_relation" => {
            let removed = m.remove_relation("cfo", "gm", RelationKind::Influences).unwrap();
            json!([doc(&removed), m.relations().len()])
        }
        "map.add_team_member" => {
            m.add_team_member(from::<TeamMember>(json!({"id": "pm"}))).unwrap();
            json!(m.team().iter().map(doc).collect::<Vec<_>>())
        }
        "map.add_interaction" => {
            let x: Interaction = from(json!({"id": "x1", "at": "2026-03-10", "channel": "phone", "members": ["am"],
                "stakeholders": ["cfo"], "initiated_by": "them", "sentiment": 0.5}));
            m.add_interaction(x).unwrap();
            json!([m.interactions().len(), doc(m.interactions().last().unwrap())])
        }
        "map.add_evidence" => {
            let e: Evidence = from(json!({"kind": "expertise_signal", "id": "e9", "at": "2026-03-10", "member": "se",
                "stakeholder": "cio", "positive": true}));
            m.add_evidence(e).unwrap();
            json!([m.evidence().len(), doc(m.evidence().last().unwrap())])
        }
        "map.add_opportunity" => {
            let o: Opportunity = from(json!({"id": "o9", "name": "Add-on", "amount": 100000.0}));
            m.add_opportunity(o).unwrap();
            json!([m.opportunities().len(), doc(m.opportunities().last().unwrap())])
        }
        "map.stakeholder" => json!([m.stakeholder("gm").unwrap().name, m.stakeholder("ghost").is_none()]),
        "map.ids" => json!([
            m.stakeholders().iter().map(|s| &s.id).collect::<Vec<_>>(),
            m.team().iter().map(|t| &t.id).collect::<Vec<_>>()
        ]),
        "map.counts" => json!([m.stakeholders().len(), m.relations().len()]),
        "map.document" => {
            let d = m.to_document();
            json!([d.interactions.len(), d.evidence.len(), d.opportunities.len()])
        }
        "map.equality" => {
            let mut other = m.clone();
            other.set_stance("gm", Some(-1.0)).unwrap();
            json!([m.eq(&m.clone()), m.eq(&other)])
        }
        "map.copy" => {
            let mut copy = m.clone();
            copy.set_stance("gm", Some(4.0)).unwrap();
            json!([m.stakeholder("gm").unwrap().stance, copy.stakeholder("gm").unwrap().stance])
        }
        "map.diff" => {
            let mut after = m.clone();
            after.set_stance("gm", Some(-2.0)).unwrap();
            after.add_stakeholder(from(json!({"id": "coo", "roles": ["decision_maker"]}))).unwrap();
            let d = diff(&m, &after);
            json!([
                d.added,
                d.removed,
                d.stance_changes.iter().map(|c| json!([c.id, c.before, c.after])).collect::<Vec<_>>()
            ])
        }
        "chain.decision_chain" => {
            let cfg: ChainConfig = from(json!({"default_openness": 0.4}));
            json!(m.decision_chain(&cfg).unwrap().predicted_support())
        }
        "chain.since" => {
            let mut now = m.clone();
            now.add_stakeholder(from(json!({"id": "coo", "roles": ["decision_maker"]}))).unwrap();
            let c = now.decision_chain_since(&m, &ChainConfig::default(), None).unwrap();
            json!(c.red_flags().iter().map(|f| f.code.as_str()).collect::<Vec<_>>())
        }
        "chain.influence" => {
            json!([chain.influence("gm"), chain.influence("cfo"), chain.decision_influence().iter().sum::<f64>()])
        }
        "chain.predicted_support" => json!(chain.predicted_support()),
        "chain.predicted_stance" => json!([chain.predicted_stance("cio"), chain.predicted_stances()[0]]),
        "chain.stances" => json!(chain.stances()),
        "chain.red_flags" => {
            json!(chain
                .red_flags()
                .iter()
                .map(|f| json!([f.code.as_str(), f.severity.as_str(), f.ids]))
                .collect::<Vec<_>>())
        }
        "chain.next_best_contacts" => {
            json!(chain.next_best_contacts().iter().map(|c| json!([c.id, c.gain])).collect::<Vec<_>>())
        }
        "chain.key_players" => json!(chain.key_players().iter().map(|k| json!([k.id, k.threads])).collect::<Vec<_>>()),
        "chain.brokers" => json!(chain.brokers().iter().map(|b| json!([b.id, b.key_players])).collect::<Vec<_>>()),
        "chain.coverage" => doc(chain.coverage()),
        "chain.best_path" => {
            let p = chain.best_path("gm").unwrap().unwrap();
            let e = chain.best_path("ghost").unwrap_err();
            json!([p.member, p.stakeholders, p.reliability, e.code(), e.field()])
        }
        "chain.access_paths" => {
            json!(chain.access_paths("gm", 3).unwrap().iter().map(|p| p.reliability).collect::<Vec<_>>())
        }
        "chain.alternative_paths" => {
            let paths = chain.alternative_paths("gm").unwrap();
            json!([paths.len(), paths[0].reliability])
        }
        "chain.top_influencers" => json!(chain.top_influencers(3).iter().map(|i| &i.id).collect::<Vec<_>>()),
        "chain.summary" => {
            let s = chain.summary(SummaryLengths::default());
            json!([s.top_influencers.iter().map(|i| &i.id).collect::<Vec<_>>(), s.next_best_contacts.len()])
        }
        "chain.text" => json!(chain.to_string()),
        "chain.vectors" => json!({
            "ties": chain.ties(), "covered": chain.covered(), "reachability": chain.reachability(),
            "contact_gains": chain.contact_gains(), "threads": chain.threads(), "authority": chain.authority(),
            "openness": chain.openness(), "betweenness": chain.betweenness(),
        }),
        "chain.facts" => {
            json!([chain.account(), chain.as_of().map(|t| t.to_string()), chain.stakeholder_ids(), chain.iterations()])
        }
        "chain.overlay" => {
            let o = chain.overlay(&m);
            let to_cio = o.clone().highlighting(&chain, "cio").unwrap();
            let flagged: Vec<&String> = o.flags.keys().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            json!([o.highlight_path, flagged, o.influence["gm"], to_cio.highlight_path])
        }
        "chain.default_config" => {
            let d = ChainConfig::default();
            json!([d.default_openness, d.manager_to_report, d.key_players.top_n])
        }
        "trust.trust" => {
            let r = m.trust(&TrustConfig::default(), m.analysis_date(None)).unwrap();
            json!([r.as_of.to_string(), r.score("cio").unwrap().composite])
        }
        "trust.scores" => {
            let r = m.trust(&TrustConfig::default(), m.analysis_date(None)).unwrap();
            let s = r.score("cio").unwrap();
            json!([s.member, s.composite, s.level, s.weakest])
        }
        "trust.pair" => {
            let r = m.trust(&TrustConfig::default(), day("2026-03-01")).unwrap();
            json!([r.pair("am", "cio").map(|p| p.composite), r.pair("vp", "plant_mgr").is_none()])
        }
        "trust.coverage" => {
            let c = m.trust(&TrustConfig::default(), day("2026-03-01")).unwrap().coverage;
            json!([c.key_contacts, c.covered, c.share])
        }
        "trust.relationship_strength" => {
            json!(m.trust(&TrustConfig::default(), day("2026-03-01")).unwrap().relationship_strength)
        }
        "trust.timeline" => {
            let dates = [day("2026-01-01"), day("2026-03-01")];
            let scores = m.trust_timeline(&TrustConfig::default(), "am", "cio", &dates).unwrap();
            json!(scores.iter().map(|s| s.composite).collect::<Vec<_>>())
        }
        "trust.default_config" => {
            let d = TrustConfig::default();
            json!([d.half_life_days, d.coverage_threshold, d.key_contact_roles])
        }
        "churn.signals" => {
            let s = m.churn_signals(None, &Default::default()).unwrap();
            json!(s.iter().map(|x| json!([x.signal.code(), x.reason])).collect::<Vec<_>>())
        }
        "stage.stages" => json!(m
            .stages(&StageModel::default(), None)
            .unwrap()
            .iter()
            .map(|s| json!([s.opportunity_id, s.stage, s.next_stage, s.ahead_of_evidence]))
            .collect::<Vec<_>>()),
        "health.deal_health" => {
            let cfg: DealHealthConfig = from(json!({"weights": {"meddpicc_champion": 7.0}}));
            let deals = m.deal_health(&cfg, m.analysis_date(None)).unwrap();
            json!(deals
                .iter()
                .map(|d| json!([
                    d.opportunity,
                    d.score,
                    d.status,
                    d.factors.iter().map(|f| json!([f.code, f.impact, f.ids])).collect::<Vec<_>>(),
                    d.actions.iter().map(|a| json!([a.code, a.gain])).collect::<Vec<_>>()
                ]))
                .collect::<Vec<_>>())
        }
        "health.portfolio_deal_health" => {
            // `Portfolio::deal_health` over owned maps; the bindings hold their maps: `deal_health_of_maps`.
            let maps = [m.clone(), m.clone()];
            let view =
                relmap::health::deal_health_of_maps(&maps, &DealHealthConfig::default(), day("2026-03-31")).unwrap();
            let owned = relmap::model::Portfolio { maps: maps.to_vec() };
            assert_eq!(owned.deal_health(&DealHealthConfig::default(), day("2026-03-31")).unwrap(), view);
            json!([
                view.deals.iter().map(|d| json!([d.opportunity, d.score, d.status])).collect::<Vec<_>>(),
                view.counts,
                view.common_factors.iter().map(|f| json!([f.code, f.deals, f.total_impact])).collect::<Vec<_>>()
            ])
        }
        "health.calibrate" => {
            let deal = m.deal_health(&DealHealthConfig::default(), day("2026-03-31")).unwrap().remove(0);
            let outcomes: Vec<relmap::health::Outcome> =
                (0..12).map(|k| relmap::health::Outcome::new(&deal, k % 2 == 0)).collect();
            let cal = relmap::health::CalibrationConfig::default();
            let e = relmap::health::calibrate(&outcomes, &DealHealthConfig::default(), &cal).unwrap_err();
            json!([e.code(), e.field()])
        }
        "stage.default_model" => json!(StageModel::default().stages.iter().map(|s| &s.key).collect::<Vec<_>>()),
        "matrix.competition" => {
            let u: std::collections::HashMap<String, f64> =
                chain.stakeholder_ids().iter().cloned().zip(chain.decision_influence().iter().copied()).collect();
            let ms = m.competition_matrices(Some(&u), &CompetitionConfig::default()).unwrap();
            json!(ms.iter().map(|c| json!([c.opportunity_id, c.our_rank, c.leader])).collect::<Vec<_>>())
        }
        "matrix.classify" => {
            let points: Vec<AccountPoint> = from(json!([
                {"id": "a", "value": 1.0, "relationship": 10.0},
                {"id": "b", "value": 2.0, "relationship": 80.0},
                {"id": "c", "value": 3.0, "relationship": 50.0}
            ]));
            let c = classify(&points, &ClassificationConfig::default()).unwrap();
            json!(c.accounts.iter().map(|a| json!([a.id, a.quadrant])).collect::<Vec<_>>())
        }
        "matrix.classify_portfolio" => {
            let values = [("hengtai".to_owned(), 1e6), ("other".to_owned(), 5e5)];
            let c = classify_accounts(&[&m], &values, &TrustConfig::default(), day("2026-03-01"), &Default::default())
                .unwrap();
            json!(c.accounts.iter().map(|a| json!([a.id, a.quadrant, a.relationship])).collect::<Vec<_>>())
        }
        "render.svg" => json!({"file": "demo_small.svg"}),
        "render.deal_health_chart" => {
            let maps = [m.clone()];
            let view =
                relmap::health::deal_health_of_maps(&maps, &DealHealthConfig::default(), day("2026-03-31")).unwrap();
            let svg = render::deal_health_chart(&view, &render::ChartOptions::default()).unwrap();
            let statuses: Vec<&str> = svg.split("data-status=\"").skip(1).filter_map(|t| t.split('"').next()).collect();
            json!([statuses, svg.matches("<rect").count(), svg.lines().count()])
        }
        "render.formats" => {
            let (o, opts) = (chain.overlay(&m), RenderOptions::default());
            let cy = render::cytoscape(&m, &o, &opts).unwrap();
            json!([
                render::dot(&m, &o, &opts).unwrap().lines().next(),
                render::mermaid(&m, &o, &opts).unwrap().lines().next(),
                cy["elements"]["nodes"].as_array().unwrap().len()
            ])
        }
        "render.default_options" => {
            let d = RenderOptions::default();
            json!([d.theme.as_str(), d.key_players_only, d.show_legend])
        }
        "value.rfm_summary" => {
            let s = &v.summary;
            json!([
                s.customers.len(),
                s.frequency.iter().sum::<f64>(),
                s.recency.iter().sum::<f64>(),
                s.t.iter().sum::<f64>(),
                [s.frequency[0], s.recency[0], s.t[0], s.monetary_value[0]]
            ])
        }
        "value.beta_geo" => {
            let data = RfmData::new(&v.summary.frequency, &v.summary.recency, &v.summary.t).unwrap();
            let bg = BetaGeo::fit(&data, None, &FitConfig::default()).unwrap();
            let p = bg.params();
            json!([p.r, p.alpha, p.a, p.b, bg.log_likelihood(), bg.report().unwrap().distinct_rows])
        }
        "value.purchase_predictions" => {
            let data = RfmData::new(&v.summary.frequency, &v.summary.recency, &v.summary.t).unwrap();
            let next = v.bg.expected_purchases(10.0, &data).unwrap();
            json!([v.p_alive.iter().sum::<f64>(), v.p_alive[0], next[0], v.bg.log_likelihood_of(&data, None).unwrap()])
        }
        "value.pareto_nbd" => {
            let pn = ParetoNbd::new(ParetoNbdParams { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }).unwrap();
            let data = RfmData::new(&v.summary.frequency[..3], &v.summary.recency[..3], &v.summary.t[..3]).unwrap();
            json!(pn.p_alive(&data).unwrap())
        }
        "value.modified_beta_geo" => {
            let params = ModifiedBetaGeoParams { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
            let mbg = ModifiedBetaGeo::new(params).unwrap();
            let data = RfmData::new(&v.summary.frequency[..3], &v.summary.recency[..3], &v.summary.t[..3]).unwrap();
            let _fit = ModifiedBetaGeo::fit;
            json!(mbg.p_alive(&data).unwrap())
        }
        "value.discrete_summary" => {
            let s = monthly_summary();
            json!([
                s.customers.len(),
                s.frequency.iter().sum::<f64>(),
                s.recency.iter().sum::<f64>(),
                s.periods.iter().sum::<f64>(),
                [s.frequency[0], s.recency[0], s.periods[0], s.monetary_value[0]]
            ])
        }
        "value.beta_geo_beta_binom" => {
            let params = BetaGeoBetaBinomParams { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
            let bgbb = BetaGeoBetaBinom::new(params).unwrap();
            let s = monthly_summary();
            let data = RfmData::new(&s.frequency[..3], &s.recency[..3], &s.periods[..3]).unwrap();
            let _fit = BetaGeoBetaBinom::fit;
            json!(bgbb.p_alive(&data).unwrap())
        }
        "value.population_predictions" => {
            let data = RfmData::new(&v.summary.frequency[..1], &v.summary.recency[..1], &v.summary.t[..1]).unwrap();
            json!([
                v.bg.probability_of_purchases(0.0, 10.0, &data).unwrap()[0],
                v.bg.expected_repeat_purchases(39.0).unwrap(),
                v.bg.probability_of_repeat_purchases(0.0, 39.0).unwrap()
            ])
        }
        "value.shifted_beta_geo" => {
            let cohort = fit_sbg();
            let p = cohort.params();
            let (tenure, active, weights) = sbg_customers();
            let rows = ShiftedBetaGeo::fit(&tenure, &active, Some(&weights), &FitConfig::default()).unwrap();
            json!([p.alpha, p.beta, cohort.log_likelihood(), rows.params().alpha, rows.log_likelihood()])
        }
        "value.renewal_predictions" => {
            let m = ShiftedBetaGeo::new(ShiftedBetaGeoParams { alpha: 0.704, beta: 1.182 }).unwrap();
            let finite = ShiftedBetaGeo::new(ShiftedBetaGeoParams { alpha: 3.0, beta: 4.0 }).unwrap();
            json!([
                m.survival_curve(3).unwrap(),
                m.retention_curve(2).unwrap(),
                [m.survival(2.0).unwrap(), m.retention(3.0).unwrap(), m.churn_probability(2.0).unwrap()],
                [m.p_renew(7.0).unwrap(), m.p_renew_customers(&[7.0, 3.0], &[true, false]).unwrap()[0]],
                [finite.expected_lifetime().unwrap(), finite.expected_remaining_lifetime(2.0).unwrap()]
            ])
        }
        "value.renewal_value" => {
            let m = ShiftedBetaGeo::new(ShiftedBetaGeoParams { alpha: 0.704, beta: 1.182 }).unwrap();
            let clv = m.clv(&[100.0, 50.0], 0.1, &[7.0, 3.0], &[true, false]).unwrap();
            json!([m.del(0.1).unwrap(), m.derl(0.1, 7.0).unwrap(), clv])
        }
        "value.dert" => {
            let pn = ParetoNbd::new(ParetoNbdParams { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }).unwrap();
            let data = RfmData::new(&v.summary.frequency[..3], &v.summary.recency[..3], &v.summary.t[..3]).unwrap();
            let params = BetaGeoBetaBinomParams { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
            let bgbb = BetaGeoBetaBinom::new(params).unwrap();
            let s = monthly_summary();
            let monthly = RfmData::new(&s.frequency[..3], &s.recency[..3], &s.periods[..3]).unwrap();
            json!([pn.dert(0.01, &data).unwrap(), bgbb.dert(0.1, &monthly).unwrap()])
        }
        "value.compare_models" => {
            let data = RfmData::new(&v.summary.frequency, &v.summary.recency, &v.summary.t).unwrap();
            let lines = value::compare_models(&data, None, None, &FitConfig::default()).unwrap();
            let scores: Vec<Value> = lines
                .iter()
                .map(|l| {
                    let s = l.outcome.as_ref().unwrap();
                    json!([l.model, l.discrete, s.log_likelihood, s.parameter_count, s.aic, s.bic])
                })
                .collect();
            json!(scores)
        }
        "value.fit_summary" => {
            let bg = fit_beta_geo(v);
            let s = bg.summary(0.95).unwrap();
            let p = bg.params();
            let again = value::FitSummary::from_fit(
                "bg_nbd",
                &[("r", p.r), ("alpha", p.alpha), ("a", p.a), ("b", p.b)],
                bg.log_likelihood().unwrap(),
                bg.report().unwrap(),
                0.9,
            )
            .unwrap();
            json!([s.names, s.estimate, s.std_error, s.lower, s.upper, s.vcov[0][1], again.lower[0]])
        }
        "value.prediction_intervals" => {
            let bg = fit_beta_geo(v);
            let data = RfmData::new(&v.summary.frequency, &v.summary.recency, &v.summary.t).unwrap();
            let (f, m) = (&v.summary.frequency, &v.summary.monetary_value);
            let gg = GammaGamma::fit(f, m, None, &FitConfig::default()).unwrap();
            let rebuilt = BetaGeo::from_fit(bg.params(), bg.log_likelihood().unwrap(), bg.report().unwrap().clone());
            let delta = value::IntervalConfig {
                method: value::IntervalMethod::Delta,
                level: 0.9,
                ..value::IntervalConfig::default()
            };
            let boot = value::IntervalConfig { draws: 50, seed: 1, ..value::IntervalConfig::default() };
            let p = value::p_alive_intervals(&rebuilt.unwrap(), &data, &delta).unwrap();
            let e = value::expected_purchases_intervals(&bg, 39.0, &data, &delta).unwrap();
            let sp = value::spend_intervals(&gg, f, m, &delta).unwrap();
            let clv = value::clv_intervals(&bg, &gg, &data, m, &value::ClvConfig::default(), &delta).unwrap();
            let b = value::p_alive_intervals(&bg, &data, &boot).unwrap();
            let sum = |c: &[f64]| c.iter().sum::<f64>();
            json!([
                sum(&p.lower),
                sum(&p.upper),
                sum(&e.lower),
                sum(&e.upper),
                sum(&sp.lower),
                sum(&clv.upper),
                sum(&b.lower),
                sum(&b.upper)
            ])
        }
        "value.information_criteria" => {
            let bg = fit_beta_geo(v);
            let n = bg.report().unwrap().total_weight;
            let c = value::InformationCriteria::new(bg.log_likelihood().unwrap(), 4, n);
            json!([c.aic, c.bic, n])
        }
        "value.covariates" => {
            let data = RfmData::new(&v.summary.frequency, &v.summary.recency, &v.summary.t).unwrap();
            let n = data.len();
            let even: Vec<f64> = (0..n).map(|i| (i % 2) as f64).collect();
            let purchase = value::Covariates::new("purchase_covariates", &["even"], &even, n).unwrap();
            let dropout = value::Covariates::none("dropout_covariates", n);
            let spec = value::CovariateSpec { purchase: &purchase, dropout: &dropout, constrain_equal: &[] };
            let m = BetaGeo::fit_with_covariates(&data, None, spec, &FitConfig::default()).unwrap();
            let names: Vec<String> = m.parameters().into_iter().map(|p| p.0).collect();
            let alive = m.p_alive(&data, &purchase, &dropout).unwrap();
            let _pareto = ParetoNbd::fit_with_covariates;
            let delta = value::IntervalConfig { method: value::IntervalMethod::Delta, ..Default::default() };
            let iv = m.p_alive_intervals(&data, &purchase, &dropout, &delta).unwrap();
            let _others = (value::CovariateModel::expected_purchases_intervals, value::CovariateModel::clv_intervals);
            let sum = |c: &[f64]| c.iter().sum::<f64>();
            json!([names, m.log_likelihood(), alive.len(), sum(&iv.lower), sum(&iv.upper)])
        }
        "value.likelihood_ratio_test" => {
            let t = value::LikelihoodRatioTest::new(-1000.0, 4, -995.0, 6).unwrap();
            json!([t.statistic, t.df, t.p_value])
        }
        "value.relationship_covariates" => {
            let c = value::relationship_covariates(&[fixture()], day("2026-06-30"), &Default::default()).unwrap();
            json!([
                c.accounts,
                c.decision_coverage[0],
                c.economic_buyer_trust[0],
                c.key_player_threads[0],
                c.predicted_support[0],
                c.days_since_key_player_contact[0],
                c.champion_present[0]
            ])
        }
        "value.compress_rows" => {
            let c: value::CompressedRows =
                value::compress_rows(&[&v.summary.frequency, &v.summary.recency], None).unwrap();
            let n = c.len();
            let total: f64 = c.counts().iter().sum();
            let cols = c.columns();
            json!([
                n,
                c.counts()[0],
                c.counts()[n - 1],
                total,
                cols[0][n - 1],
                cols[1][n - 1],
                c.row_of()[0],
                c.row_of()[1]
            ])
        }
        "value.gamma_gamma" => {
            let gg =
                GammaGamma::fit(&v.summary.frequency, &v.summary.monetary_value, None, &FitConfig::default()).unwrap();
            let p = gg.params();
            let spend = v.gg.expected_spend(&v.summary.frequency[..1], &v.summary.monetary_value[..1]).unwrap();
            json!([p.p, p.q, p.v, spend[0], v.gg.mean_spend().unwrap()])
        }
        "value.clv" => json!([v.clv.iter().sum::<f64>(), v.clv[0]]),
        "value.tier" => {
            let s = CustomerSignals::from_summary(&v.summary, &v.p_alive, &v.clv, None);
            let t = value::tier(&s, &Default::default()).unwrap();
            json!([counts(t.tier.iter().map(|x| x.as_str())), t.vip_threshold])
        }
        "value.lifecycle" => {
            let s = CustomerSignals::from_summary(&v.summary, &v.p_alive, &v.clv, None);
            let l = value::lifecycle(&s, &Default::default()).unwrap();
            counts(l.stage.iter().map(|x| x.as_str()))
        }
        "value.churn_warnings" => {
            let s = CustomerSignals::from_summary(&v.summary, &v.p_alive, &v.clv, None);
            let w = value::churn_warnings(&s, &Default::default()).unwrap();
            counts(w.iter().map(|x| x.severity.as_str()))
        }
        "value.rfm_scores" => {
            let r = value::rfm_scores(&v.summary, &RfmScoreConfig::default()).unwrap();
            counts(r.segment.iter().map(String::as_str))
        }
        "value.holdout" => {
            let s = holdout_summary();
            let e = value::holdout_evaluation_of_summary(&v.bg, &s, &Default::default()).unwrap();
            let data = RfmData::new(&s.frequency, &s.recency, &s.t).unwrap();
            let h = s.holdout.as_ref().unwrap();
            let same = value::holdout_evaluation(&v.bg, &data, &h.frequency, h.duration, s.unit, &Default::default());
            assert_eq!(same.unwrap(), e);
            json!([
                e.bins.iter().map(|b| b.customers).collect::<Vec<_>>(),
                e.bins.iter().map(|b| b.actual_mean).collect::<Vec<_>>(),
                e.bins.iter().map(|b| b.expected_mean).collect::<Vec<_>>(),
                [e.errors.mae, e.errors.rmse, e.errors.bias],
                e.predicted[0]
            ])
        }
        "value.diagnostics" => {
            let t = common::cdnow_sample();
            let cfg = SummaryConfig { holdout_end: Some(day("1998-06-30")), ..SummaryConfig::default() };
            let tr = value::tracking(&v.bg, &t.customer, &t.time, day("1997-09-30"), &cfg).unwrap();
            let data = RfmData::new(&v.summary.frequency, &v.summary.recency, &v.summary.t).unwrap();
            let pcfg = value::PeriodTransactionsConfig { replicates: 2, ..Default::default() };
            let p = value::period_transactions(&v.bg, &data, &pcfg).unwrap();
            let fr = value::FrequencyRecencyMatrix::new(
                &v.bg,
                &data,
                value::TimeUnit::Week,
                value::MatrixQuantity::PAlive,
                &Default::default(),
            )
            .unwrap();
            let signals = CustomerSignals::from_summary(&v.summary, &v.p_alive, &v.clv, None);
            let tiers = value::tier(&signals, &Default::default()).unwrap();
            let o = value::tier_overview(&tiers.tier, &v.clv, &v.p_alive).unwrap();
            json!([
                [tr.actual.len(), tr.actual.iter().sum::<f64>(), tr.expected.iter().sum::<f64>()],
                p.bins.iter().map(|b| b.actual).collect::<Vec<_>>(),
                p.bins.iter().map(|b| b.simulated).collect::<Vec<_>>(),
                [fr.values[1][0], fr.values[5][29]],
                o.tiers.iter().map(|t| (t.tier.as_str(), t.customers)).collect::<BTreeMap<_, _>>()
            ])
        }
        "value.plots" => {
            use render::value::{
                plot_frequency_recency, plot_holdout, plot_period_transactions, plot_tiers, plot_tracking,
            };
            let o = render::ChartOptions::default();
            let s = holdout_summary();
            let data = RfmData::new(&s.frequency, &s.recency, &s.t).unwrap();
            let e = value::holdout_evaluation_of_summary(&v.bg, &s, &Default::default()).unwrap();
            let pcfg = value::PeriodTransactionsConfig { replicates: 2, ..Default::default() };
            let p = value::period_transactions(&v.bg, &data, &pcfg).unwrap();
            let t = common::cdnow_sample();
            let cfg = SummaryConfig { holdout_end: Some(day("1998-06-30")), ..SummaryConfig::default() };
            let tr = value::tracking(&v.bg, &t.customer, &t.time, day("1997-09-30"), &cfg).unwrap();
            let q = value::MatrixQuantity::PAlive;
            let fr = value::FrequencyRecencyMatrix::new(&v.bg, &data, s.unit, q, &Default::default()).unwrap();
            let signals = CustomerSignals::from_summary(&v.summary, &v.p_alive, &v.clv, None);
            let tiers = value::tier(&signals, &Default::default()).unwrap();
            let ov = value::tier_overview(&tiers.tier, &v.clv, &v.p_alive).unwrap();
            json!([
                plotted(&plot_holdout(&e, &o).unwrap()),
                plotted(&plot_period_transactions(&p, &o).unwrap()),
                plotted(&plot_tracking(&tr, &o).unwrap()),
                plotted(&plot_frequency_recency(&fr, &o).unwrap()),
                plotted(&plot_tiers(&ov, &o).unwrap())
            ])
        }
        "perception.merge_perceptions" => {
            let mut other = fixture();
            let r = other.relations()[0].clone();
            other.remove_relation(&r.source, &r.target, r.kind).unwrap();
            other.set_stance("cfo", Some(-4.0)).unwrap();
            let merge = |rule| {
                let cfg = relmap::perception::MergeConfig::default();
                relmap::perception::merge_perceptions([("am", &m), ("se", &other)], rule, &cfg).unwrap()
            };
            let union = merge(relmap::perception::MergeRule::Union);
            let both = merge(relmap::perception::MergeRule::Intersection);
            let chain = both.decision_chain(&ChainConfig::default()).unwrap();
            json!([
                union.map.relations().len(),
                both.map.relations().len(),
                both.accuracy.iter().map(|a| a.recall).collect::<Vec<_>>(),
                both.disputes.len(),
                both.influence.iter().map(|i| i.spread).collect::<Vec<_>>(),
                chain.predicted_support()
            ])
        }
        "history.fit_openness" => {
            let sim = relmap::history::SimulationConfig { steps: 4, ..Default::default() };
            let history = relmap::history::simulate(&m, &sim).unwrap();
            let snaps: Vec<relmap::history::Snapshot> =
                history.iter().map(|(at, map)| relmap::history::Snapshot { at: *at, map }).collect();
            let cfg = relmap::history::FitConfig::default();
            let fit = relmap::history::fit_openness(&snaps, &cfg).unwrap();
            let next = fit.predict_next(&history[4].1, &ChainConfig::default());
            let h = relmap::history::holdout(&snaps, &cfg).unwrap();
            let applied = fit.apply_openness(&m).unwrap();
            assert_eq!(applied.stakeholders().len(), m.stakeholders().len());
            json!([
                fit.people.iter().map(|e| e.openness).collect::<Vec<_>>(),
                next.iter().map(|p| p.predicted).collect::<Vec<_>>(),
                h.baseline_rmse
            ])
        }
        "network.portfolio" => {
            let text = m.to_json().replace("\"id\": \"hengtai\"", "\"id\": \"hengtai_east\"");
            let east = RelationshipMap::from_json(&text).unwrap();
            let portfolio = relmap::model::Portfolio { maps: vec![m.clone(), east] };
            let cfg = relmap::network::NetworkConfig {
                identity: vec![relmap::network::IdentityKey::StakeholderId],
                ..Default::default()
            };
            let net = portfolio.network(&cfg).unwrap();
            let paths = net.warm_paths("hengtai_east", "gm", 2).unwrap();
            json!([
                net.shared_people().len(),
                net.moves().len(),
                paths.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
                paths.iter().map(|w| w.reliability).collect::<Vec<_>>()
            ])
        }
        "errors.codes" => {
            json!(ErrorCode::ALL.iter().map(|c| json!([c.as_str(), c.kind().as_str()])).collect::<Vec<_>>())
        }
        "import.crm" | "import.report" => {
            let files =
                import::read_path(&repo("core/tests/fixtures/import/crm/salesforce"), import::crm::EXTENSIONS).unwrap();
            let opts: CrmOptions = from(json!({"preset": "salesforce", "account": "0015g00000HDJM1AAA"}));
            let mut m = RelationshipMap::new(Account::new("0015g00000HDJM1AAA", "0015g00000HDJM1AAA"));
            let r = import::crm::import(&mut m, &files, &opts).unwrap();
            let (same, _) = import::crm::import_new(&files, &opts).unwrap();
            assert_eq!(same, m);
            if key == "import.report" {
                let c = r.counts();
                json!([c.added, c.updated, c.unchanged, c.skipped, c.warning])
            } else {
                json!([
                    r.lines.iter().map(line).collect::<Vec<_>>(),
                    m.stakeholders().iter().map(|s| &s.id).collect::<Vec<_>>()
                ])
            }
        }
        "import.calendar" => {
            let (m, r) = imported("calendar");
            json!([r.lines.iter().map(line).collect::<Vec<_>>(), m.interactions().len()])
        }
        "import.mail" => {
            let (m, r) = imported("mail");
            json!([r.lines.iter().map(line).collect::<Vec<_>>(), m.interactions().len()])
        }
        "import.presets" => json!([import::crm::PRESETS, import::crm::preset("zoho").unwrap().source]),
        "activity.log" => {
            let (m, _) = imported("both");
            json!(m.activity().observations.iter().map(|o| &o.id).collect::<Vec<_>>())
        }
        "activity.ghosts" => {
            let (mut m, _) = imported("both");
            let g = activity::ghost_stakeholders(&m, m.activity(), &sides()).unwrap();
            activity::accept_ghost(&mut m, &g[0], "ghost").unwrap();
            json!([
                g.iter().map(|g| json!([g.email, g.score, g.meetings, g.messages, g.known_by])).collect::<Vec<_>>(),
                m.stakeholder("ghost").unwrap().emails
            ])
        }
        "activity.suggested_relations" => {
            let (mut m, _) = imported("both");
            let s = activity::suggest_relations(&m, m.activity(), &sides()).unwrap();
            activity::accept_relation(&mut m, &s[0]).unwrap();
            json!([
                s.iter()
                    .map(|s| json!([s.relation.source, s.relation.target, s.relation.kind, s.relation.strength]))
                    .collect::<Vec<_>>(),
                m.relations().len()
            ])
        }
        "activity.strength" => {
            let (m, _) = imported("both");
            let s = activity::activity_strength(&m, m.activity(), &sides()).unwrap();
            json!(s.iter().map(|s| json!([s.member, s.stakeholder, s.strength, s.interactions])).collect::<Vec<_>>())
        }
        "activity.departures" => {
            let (m, _) = imported("both");
            let d = activity::departures(&m, m.activity(), &sides()).unwrap();
            json!(d.iter().map(|f| json!([f.code, f.severity, f.ids])).collect::<Vec<_>>())
        }
        "version" => json!(env!("CARGO_PKG_VERSION")),
        other => panic!("no probe for {other:?}: add one to core/tests/api_table.rs"),
    }
}

#[test]
fn the_table_s_answers_on_the_shared_fixture() {
    let rows = rows();
    let source = include_str!("api_table.rs");
    let mut missing_names = Vec::new();
    for (key, names) in &rows {
        for name in names.iter().filter(|n| *n != "—") {
            let last = name.rsplit("::").next().unwrap().trim_end_matches('!');
            if !source.contains(last) {
                missing_names.push(format!("{key}: {name}"));
            }
        }
    }
    assert!(missing_names.is_empty(), "Rust names of the table no probe uses: {missing_names:?}");

    let v = value_inputs();
    let expected: BTreeMap<String, Value> = rows.iter().map(|(key, _)| (key.clone(), probe(key, &v))).collect();
    let m = fixture();
    let chain = chain_of(&m);
    let svg = render::svg(&m, &chain.overlay(&m), &RenderOptions::default()).unwrap();

    let json_path = repo("tests/api/expected.json");
    let svg_path = repo("tests/api/demo_small.svg");
    let text = serde_json::to_string_pretty(&expected).unwrap() + "\n";
    if std::env::var_os("RELMAP_BLESS").is_some() {
        std::fs::create_dir_all(repo("tests/api")).unwrap();
        std::fs::write(&json_path, &text).unwrap();
        std::fs::write(&svg_path, &svg).unwrap();
    }
    let stale = "is stale: run `RELMAP_BLESS=1 cargo test -p relmap --test api_table`, review the diff and commit it";
    assert!(std::fs::read_to_string(&json_path).unwrap() == text, "tests/api/expected.json {stale}");
    assert!(std::fs::read_to_string(&svg_path).unwrap() == svg, "tests/api/demo_small.svg {stale}");
}
