// The vocabulary table of docs/api.md, walked in JavaScript.
//
// Every row names its JavaScript entry (or a dash with the reason); each named
// entry exists, and its probe on the shared fixture answers what the core answers
// (tests/api/expected.json, written by core/tests/api_table.rs; the picture is
// tests/api/demo_small.svg, byte for byte).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

import * as relmap from "relmap";
import {
  BetaGeo,
  BetaGeoBetaBinom,
  GammaGamma,
  ModifiedBetaGeo,
  ParetoNbd,
  RelationshipMap,
  CovariateModel,
  ShiftedBetaGeo,
  compareModels,
  likelihoodRatioTest,
  diff,
  discreteSummary,
  rfmSummary,
} from "relmap";
import { cdnow, repo, thrown } from "./helpers.mjs";

const EXPECTED = JSON.parse(readFileSync(repo("tests/api/expected.json"), "utf8"));
const TEXT = readFileSync(repo("examples/data/demo_small.json"), "utf8");

/** [concept, JavaScript names, notes] of every row of the table. */
function rows() {
  const text = readFileSync(repo("docs/api.md"), "utf8");
  const lines = text.slice(text.indexOf("| concept | Rust | Python | JavaScript | notes |")).split("\n");
  const out = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith("|")) break;
    const cells = line.trim().slice(1, -1).split("|").map((c) => c.trim());
    out.push([cells[0].replace(/`/g, ""), cells[3].split(", ").map((n) => n.replace(/`/g, "")), cells[4]]);
  }
  return out;
}

const fixture = () => RelationshipMap.fromJson(TEXT);

/** camelCase keys of plain objects back to the document's snake_case (ids here are lower case). */
function snake(v) {
  if (Array.isArray(v)) return v.map(snake);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snake(x)]));
}

const counts = (values) => {
  const c = {};
  for (const v of values) c[v] = (c[v] ?? 0) + 1;
  return Object.fromEntries(Object.entries(c).sort(([a], [b]) => (a < b ? -1 : 1)));
};
const sum = (a) => Array.from(a).reduce((s, x) => s + x, 0);
const addCoo = (m) => (m.addStakeholder({ id: "coo", roles: ["decision_maker"] }), m);
const last = (a) => a[a.length - 1];

// The value inputs: the CDNOW sample, published parameters.
const cd = cdnow();
const SUMMARY = rfmSummary(cd.ids.map((id) => id.replace(/^0+/, "")), cd.times, cd.amounts, { asOf: "1997-09-30" });
const cols = [SUMMARY.frequency, SUMMARY.recency, SUMMARY.T];
const MONTHLY = discreteSummary(cd.ids.map((id) => id.replace(/^0+/, "")), cd.times, cd.amounts, { asOf: "1997-09-30", period: "M" });
const BG = new BetaGeo({ r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 });
const GG = new GammaGamma({ p: 6.2496, q: 3.7442, v: 15.4435 });
const P_ALIVE = BG.pAlive(...cols);
const CLV = BG.clv(GG.expectedSpend(SUMMARY.frequency, SUMMARY.monetaryValue), ...cols);

const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const SBG = new ShiftedBetaGeo({ alpha: 0.704, beta: 1.182 });
const FITTED_BG = BetaGeo.fit(...cols);
const IMPORT = "core/tests/fixtures/import";
const SIDES = { ourDomains: ["ourco.com"], accountDomains: ["hdjm.com.cn"] };
const importFile = (dir, name) => ({ name, data: new Uint8Array(readFileSync(repo(`${IMPORT}/${dir}/${name}`))) });
const importFolder = (dir) => readdirSync(repo(`${IMPORT}/${dir}`)).sort().map((n) => importFile(dir, n));
const line = (x) => [x.file, x.row ?? null, x.column ?? null, x.entity, x.id ?? null, x.outcome, x.reason ?? null, x.value ?? null];
function imported(what) {
  const m = relmap.RelationshipMap.fromJson(readFileSync(repo(`${IMPORT}/base_map.json`), "utf8"));
  let report;
  if (what !== "mail") report = m.importCalendar(importFile("calendar", "team.ics"), SIDES);
  if (what !== "calendar") report = m.importMail(importFolder("mail"), SIDES);
  return [m, report];
}
function crm() {
  const m = new relmap.RelationshipMap("0015g00000HDJM1AAA");
  return [m, m.importCrm(importFolder("crm/salesforce"), { preset: "salesforce" })];
}

const IDS = cd.ids.map((id) => id.replace(/^0+/, ""));
const HOLDOUT = rfmSummary(IDS, cd.times, cd.amounts, { asOf: "1997-09-30", holdoutEnd: "1998-06-30" });
const TIERS = () => relmap.tier(SUMMARY, P_ALIVE, CLV);

function probePortfolio(m) {
  const east = RelationshipMap.fromJson(m.toJson().replace('"id": "hengtai"', '"id": "hengtai_east"'));
  const net = new relmap.PortfolioNetwork([m, east], { identity: ["stakeholder_id"] });
  const paths = net.warmPaths("hengtai_east", "gm", 2);
  const text = (w) =>
    `${w.member}${w.steps.map((s) => ` ${s.samePerson ? "⇒" : "→"} ${s.account}/${s.stakeholder}`).join("")} (${w.reliability.toFixed(3)})`;
  return [net.sharedPeople.length, net.moves.length, paths.map(text), paths.map((w) => w.reliability)];
}

function probeMerge(m) {
  const other = RelationshipMap.fromJson(m.toJson());
  const first = JSON.parse(m.toJson()).relations[0];
  other.removeRelation(first.source, first.target, first.kind ?? "influences");
  other.setStance("cfo", -4);
  const union = relmap.mergePerceptions({ am: m, se: other }, "union");
  const both = relmap.mergePerceptions({ am: m, se: other }, "intersection");
  return [
    union.map.relationCount,
    both.map.relationCount,
    both.accuracy.map((a) => a.recall),
    both.disputes.length,
    both.influence.map((i) => i.spread),
    both.map.decisionChain().predictedSupport,
  ];
}

function probeOpenness(m) {
  const history = relmap.simulateHistory(m, { steps: 4 });
  const fit = relmap.fitOpenness(history);
  const next = relmap.predictNext(fit, history[4].map);
  const h = relmap.opennessHoldout(history);
  assert.equal(relmap.applyOpenness(fit, m).stakeholderIds.length, m.stakeholderIds.length);
  return [fit.people.map((e) => e.openness), next.map((p) => p.predicted), h.baselineRmse];
}

const PROBES = {
  "import.crm": () => ((m, r) => [r.lines.map(line), m.stakeholderIds])(...crm()),
  "import.report": () => ((c) => [c.added, c.updated, c.unchanged, c.skipped, c.warning])(crm()[1].counts),
  "import.calendar": () => ((m, r) => [r.lines.map(line), m.interactions().length])(...imported("calendar")),
  "import.mail": () => ((m, r) => [r.lines.map(line), m.interactions().length])(...imported("mail")),
  "import.presets": () => [relmap.crmPresets(), relmap.crmPreset("zoho").source],
  "activity.log": () => imported("both")[0].activity().observations.map((o) => o.id),
  "activity.ghosts": () => {
    const [m] = imported("both");
    const g = m.ghostStakeholders(SIDES);
    m.acceptGhost(g[0], "ghost");
    return [g.map((x) => [x.email, x.score, x.meetings, x.messages, x.knownBy]), m.stakeholder("ghost").emails];
  },
  "activity.suggested_relations": () => {
    const [m] = imported("both");
    const s = m.suggestRelations(SIDES);
    m.acceptRelation(s[0]);
    return [s.map((x) => [x.relation.source, x.relation.target, x.relation.kind, x.relation.strength]), m.relationCount];
  },
  "activity.strength": () => imported("both")[0].activityStrength(SIDES).map((s) => [s.member, s.stakeholder, s.strength, s.interactions]),
  "activity.departures": () => imported("both")[0].departures(SIDES).map((f) => [f.code, f.severity, f.ids]),
  "map.new": () => (({ accountId, accountName }) => [accountId, accountName])(new RelationshipMap("acme", "Acme")),
  "map.json": (m) => ((t) => [t.trimEnd().split("\n").length, RelationshipMap.fromJson(t).toJson() === t])(m.toJson()),
  "map.add_stakeholder": (m) => {
    m.addStakeholder({
      id: "qa", name: "Qian Hui", title: "QA Head", department: "Quality", reportsTo: "prod_dir",
      roles: ["coach", "influencer"], authority: 0.2, openness: 0.3, stance: 2, stanceToward: { rival: -1 },
      concerns: ["cost"], needs: ["uptime"], preferredChannel: "email",
    });
    return snake(m.stakeholder("qa"));
  },
  "map.update_stakeholder": (m) => {
    m.updateStakeholder({ id: "cfo", name: "New CFO", roles: ["decision_maker"], stance: 3 });
    return snake(m.stakeholder("cfo"));
  },
  "map.remove_stakeholder": (m) => {
    m.addStakeholder({ id: "temp", name: "Temp" });
    return [snake(m.removeStakeholder("temp")), m.stakeholderCount];
  },
  "map.set_stance": (m) => {
    m.setStance("gm", 2.5);
    const given = m.stakeholder("gm").stance;
    m.setStance("gm", null);
    return [given, m.stakeholder("gm").stance ?? null];
  },
  "map.add_relation": (m) => {
    m.addRelation({ source: "purchasing", target: "cfo" });
    m.addRelation({ source: "gm_office", target: "purchasing", kind: "informs", strength: 0.3, direction: "both", notes: "weekly" });
    return snake(m.relations().slice(-2));
  },
  "map.remove_relation": (m) => [snake(m.removeRelation("cfo", "gm")), m.relationCount],
  "map.add_team_member": (m) => (m.addTeamMember({ id: "pm" }), snake(m.team())),
  "map.add_interaction": (m) => {
    m.addInteraction({ id: "x1", at: "2026-03-10", channel: "phone", members: ["am"], stakeholders: ["cfo"], initiatedBy: "them", sentiment: 0.5 });
    return [m.interactions().length, snake(last(m.interactions()))];
  },
  "map.add_evidence": (m) => {
    m.addEvidence({ kind: "expertise_signal", id: "e9", at: "2026-03-10", member: "se", stakeholder: "cio", positive: true });
    return [m.evidence().length, snake(last(m.evidence()))];
  },
  "map.add_opportunity": (m) => {
    m.addOpportunity({ id: "o9", name: "Add-on", amount: 100000 });
    return [m.opportunities().length, snake(last(m.opportunities()))];
  },
  "map.stakeholder": (m) => [m.stakeholder("gm").name, m.stakeholder("ghost") === undefined],
  "map.ids": (m) => [m.stakeholderIds, m.teamIds],
  "map.counts": (m) => [m.stakeholderCount, m.relationCount],
  "map.document": (m) => [m.interactions().length, m.evidence().length, m.opportunities().length],
  "map.equality": (m) => {
    const other = m.clone();
    other.setStance("gm", -1);
    return [m.equals(m.clone()), m.equals(other)];
  },
  "map.copy": (m) => {
    const c = m.clone();
    c.setStance("gm", 4);
    return [m.stakeholder("gm").stance ?? null, c.stakeholder("gm").stance];
  },
  "map.diff": (m) => {
    const after = m.clone();
    after.setStance("gm", -2);
    const d = diff(m, addCoo(after));
    return [d.added, d.removed, d.stanceChanges.map((c) => [c.id, c.before, c.after])];
  },
  "chain.decision_chain": (m) => m.decisionChain({ defaultOpenness: 0.4 }).predictedSupport,
  "chain.since": (m) => addCoo(m.clone()).decisionChainSince(m).redFlags.map((f) => f.code),
  "chain.influence": (m, c) => [c.influence("gm"), c.influenceMap().cfo, sum(c.decisionInfluence)],
  "chain.predicted_support": (m, c) => c.predictedSupport,
  "chain.predicted_stance": (m, c) => [c.predictedStance("cio"), c.predictedStances[0]],
  "chain.stances": (m, c) => c.stances,
  "chain.red_flags": (m, c) => c.redFlags.map((f) => [f.code, f.severity, f.ids]),
  "chain.next_best_contacts": (m, c) => c.nextBestContacts.map((n) => [n.id, n.gain]),
  "chain.key_players": (m, c) => c.keyPlayers.map((k) => [k.id, k.threads]),
  "chain.brokers": (m, c) => c.brokers.map((b) => [b.id, b.keyPlayers]),
  "chain.coverage": (m, c) => snake(c.coverage),
  "chain.best_path": (m, c) => {
    const p = c.bestPath("gm");
    const e = thrown(() => c.bestPath("ghost"));
    return [p.member, p.stakeholders, p.reliability, e.code, e.field];
  },
  "chain.access_paths": (m, c) => c.accessPaths("gm", 3).map((p) => p.reliability),
  "chain.alternative_paths": (m, c) => ((ps) => [ps.length, ps[0].reliability])(c.alternativePaths("gm")),
  "chain.top_influencers": (m, c) => c.topInfluencers(3).map((i) => i.id),
  "chain.summary": (m, c) => ((s) => [s.topInfluencers.map((i) => i.id), s.nextBestContacts.length])(c.summary()),
  "chain.text": (m, c) => c.toString(),
  "chain.vectors": (m, c) => ({
    ties: c.ties, covered: c.covered, reachability: c.reachability, contact_gains: c.contactGains(),
    threads: c.threads, authority: c.authority, openness: c.openness, betweenness: c.betweenness ?? null,
  }),
  "chain.facts": (m, c) => [c.account, c.asOf, c.stakeholderIds, c.iterations],
  "chain.overlay": (m, c) => {
    const o = c.overlay(m);
    return [o.highlightPath, Object.keys(o.flags).sort(), o.influence.gm, c.overlay(m, "cio").highlightPath];
  },
  "chain.default_config": () => ((d) => [d.defaultOpenness, d.managerToReport, d.keyPlayers.topN])(relmap.defaultChainConfig()),
  "trust.trust": (m) => ((r) => [r.asOf, r.stakeholders.find((s) => s.stakeholder === "cio").best.composite])(m.trust()),
  "trust.timeline": (m) => m.trustTimeline("am", "cio", ["2026-01-01", "2026-03-01"]).map((s) => s.composite),
  "trust.default_config": () => ((d) => [d.halfLifeDays, d.coverageThreshold, d.keyContactRoles])(relmap.defaultTrustConfig()),
  "churn.signals": (m) => m.churnSignals().map((s) => [s.signal, s.reason]),
  "stage.stages": (m) => m.stages().map((s) => [s.opportunityId, s.stage, s.nextStage, s.aheadOfEvidence]),
  "health.deal_health": (m) =>
    m.dealHealth({ weights: { meddpiccChampion: 7 } }).map((d) => [
      d.opportunity,
      d.score,
      d.status,
      d.factors.map((f) => [f.code, f.impact, f.ids]),
      d.actions.map((a) => [a.code, a.gain]),
    ]),
  "health.portfolio_deal_health": (m) => {
    const v = relmap.portfolioDealHealth([m, m], "2026-03-31");
    return [
      v.deals.map((d) => [d.opportunity, d.score, d.status]),
      v.counts,
      v.commonFactors.map((f) => [f.code, f.deals, f.totalImpact]),
    ];
  },
  "health.calibrate": (m) => {
    const [deal] = m.dealHealth({ asOf: "2026-03-31" });
    try {
      relmap.calibrate(Array.from({ length: 12 }, (_, k) => ({ values: deal.values, won: k % 2 === 0 })));
    } catch (e) {
      return [e.code, e.field];
    }
    throw new Error("calibrate accepted 12 outcomes");
  },
  "stage.default_model": () => relmap.defaultStageModel().stages.map((s) => s.key),
  "matrix.competition": (m, c) => m.competition(c.influenceMap()).map((x) => [x.opportunityId, x.ourRank, x.leader]),
  "matrix.classify": () =>
    relmap
      .classify([{ id: "a", value: 1, relationship: 10 }, { id: "b", value: 2, relationship: 80 }, { id: "c", value: 3, relationship: 50 }])
      .accounts.map((a) => [a.id, a.quadrant]),
  "matrix.classify_portfolio": (m) =>
    relmap.classifyPortfolio([m], { hengtai: 1e6, other: 5e5 }, "2026-03-01").accounts.map((a) => [a.id, a.quadrant, a.relationship]),
  "render.svg": (m, c) => m.toSvg(c.overlay(m)),
  "render.deal_health_chart": (m) => {
    const svg = relmap.dealHealthChart(relmap.portfolioDealHealth([m], "2026-03-31"));
    const statuses = svg.split('data-status="').slice(1).map((t) => t.split('"')[0]);
    return [statuses, svg.split("<rect").length - 1, svg.split("\n").length - (svg.endsWith("\n") ? 1 : 0)];
  },
  "render.formats": (m, c) => {
    const o = c.overlay(m);
    return [m.toDot(o).split("\n")[0], m.toMermaid(o).split("\n")[0], m.toCytoscape(o).elements.nodes.length];
  },
  "render.default_options": () => ((d) => [d.theme, d.keyPlayersOnly, d.showLegend])(relmap.defaultRenderOptions()),
  "value.rfm_summary": () => [
    SUMMARY.customers.length, sum(SUMMARY.frequency), sum(SUMMARY.recency), sum(SUMMARY.T),
    [SUMMARY.frequency[0], SUMMARY.recency[0], SUMMARY.T[0], SUMMARY.monetaryValue[0]],
  ],
  "value.beta_geo": () => {
    const bg = BetaGeo.fit(...cols);
    const p = bg.params;
    return [p.r, p.alpha, p.a, p.b, bg.logLikelihood, bg.report.distinctRows];
  },
  "value.purchase_predictions": () => [sum(P_ALIVE), P_ALIVE[0], BG.expectedPurchases(10, ...cols)[0], BG.logLikelihoodOf(...cols)],
  "value.pareto_nbd": () =>
    Array.from(new ParetoNbd({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }).pAlive(...cols.map((c) => c.slice(0, 3)))),
  "value.modified_beta_geo": () =>
    Array.from(new ModifiedBetaGeo({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }).pAlive(...cols.map((c) => c.slice(0, 3)))),
  "value.discrete_summary": () => [
    MONTHLY.customers.length, sum(MONTHLY.frequency), sum(MONTHLY.recency), sum(MONTHLY.periods),
    [MONTHLY.frequency[0], MONTHLY.recency[0], MONTHLY.periods[0], MONTHLY.monetaryValue[0]],
  ],
  "value.beta_geo_beta_binom": () =>
    Array.from(
      new BetaGeoBetaBinom({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }).pAlive(
        ...[MONTHLY.frequency, MONTHLY.recency, MONTHLY.periods].map((c) => c.slice(0, 3)),
      ),
    ),
  "value.population_predictions": () => [
    BG.probabilityOfPurchases(0, 10, ...cols.map((c) => c.slice(0, 1)))[0],
    BG.expectedRepeatPurchases(39),
    BG.probabilityOfRepeatPurchases(0, 39),
  ],
  "value.shifted_beta_geo": () => {
    const cohort = ShiftedBetaGeo.fitCohorts([REGULAR]);
    const tenure = [1, 2, 3, 4, 5, 6, 7, 7];
    const active = [false, false, false, false, false, false, false, true];
    const weights = [...[1, 2, 3, 4, 5, 6, 7].map((t) => REGULAR[t - 1] - REGULAR[t]), REGULAR[7]];
    const rows = ShiftedBetaGeo.fit(tenure, active, weights);
    return [cohort.params.alpha, cohort.params.beta, cohort.logLikelihood, rows.params.alpha, rows.logLikelihood];
  },
  "value.renewal_predictions": () => {
    const finite = new ShiftedBetaGeo({ alpha: 3, beta: 4 });
    return [
      Array.from(SBG.survivalCurve(3)),
      Array.from(SBG.retentionCurve(2)),
      [SBG.survival(2), SBG.retention(3), SBG.churnProbability(2)],
      [SBG.pRenew(7), SBG.pRenewCustomers([7, 3], [true, false])[0]],
      [finite.expectedLifetime(), finite.expectedRemainingLifetime(2)],
    ];
  },
  "value.renewal_value": () => [SBG.del(0.1), SBG.derl(0.1, 7), Array.from(SBG.clv([100, 50], 0.1, [7, 3], [true, false]))],
  "value.dert": () => [
    Array.from(new ParetoNbd({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }).dert(0.01, ...cols.map((c) => c.slice(0, 3)))),
    Array.from(
      new BetaGeoBetaBinom({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }).dert(
        0.1,
        ...[MONTHLY.frequency, MONTHLY.recency, MONTHLY.periods].map((c) => c.slice(0, 3)),
      ),
    ),
  ],
  "value.compare_models": () =>
    compareModels(...cols).map((l) => [l.model, l.discrete, l.logLikelihood, l.parameterCount, l.aic, l.bic]),
  "value.fit_summary": () => {
    const s = FITTED_BG.summary(0.95);
    return [s.names, ...[s.estimate, s.stdError, s.lower, s.upper].map((c) => Array.from(c)), FITTED_BG.vcov[0][1], FITTED_BG.summary(0.9).lower[0]];
  },
  "value.prediction_intervals": () => {
    const gg = GammaGamma.fit(SUMMARY.frequency, SUMMARY.monetaryValue);
    const delta = { method: "delta", level: 0.9 };
    const p = FITTED_BG.pAliveIntervals(...cols, delta);
    const e = FITTED_BG.expectedPurchasesIntervals(39, ...cols, delta);
    const sp = gg.spendIntervals(SUMMARY.frequency, SUMMARY.monetaryValue, delta);
    const clv = FITTED_BG.clvIntervals(gg, ...cols, SUMMARY.monetaryValue, undefined, delta);
    const b = FITTED_BG.pAliveIntervals(...cols, { draws: 50, seed: 1 });
    return [p.lower, p.upper, e.lower, e.upper, sp.lower, clv.upper, b.lower, b.upper].map(sum);
  },
  "value.information_criteria": () => [FITTED_BG.aic, FITTED_BG.bic, FITTED_BG.nCustomers],
  "value.covariates": () => {
    const even = { names: ["even"], values: Float64Array.from(cols[0], (_, i) => i % 2) };
    const m = BetaGeo.fitWithCovariates(...cols, { purchaseCovariates: even });
    const alive = m.pAlive(...cols, { purchaseCovariates: even });
    const iv = m.pAliveIntervals(...cols, { purchaseCovariates: even }, { method: "delta" });
    const sum = (a) => a.reduce((s, v) => s + v, 0);
    return [Object.keys(m.params), m.logLikelihood, alive.length, sum(iv.lower), sum(iv.upper)];
  },
  "value.likelihood_ratio_test": () => ((t) => [t.statistic, t.df, t.pValue])(likelihoodRatioTest(-1000, 4, -995, 6)),
  "value.relationship_covariates": (m) => {
    const c = m.relationshipCovariates("2026-06-30");
    return [c.accounts, c.decisionCoverage[0], c.economicBuyerTrust[0], c.keyPlayerThreads[0], c.predictedSupport[0], c.daysSinceKeyPlayerContact[0], c.championPresent[0]];
  },
  "value.compress_rows": () => {
    const c = relmap.compressRows([SUMMARY.frequency, SUMMARY.recency]);
    const n = c.counts.length;
    return [n, c.counts[0], c.counts[n - 1], sum(c.counts), c.columns[0][n - 1], c.columns[1][n - 1], c.rowOf[0], c.rowOf[1]];
  },
  "value.gamma_gamma": () => {
    const gg = GammaGamma.fit(SUMMARY.frequency, SUMMARY.monetaryValue);
    const p = gg.params;
    return [p.p, p.q, p.v, GG.expectedSpend(SUMMARY.frequency.slice(0, 1), SUMMARY.monetaryValue.slice(0, 1))[0], GG.meanSpend()];
  },
  "value.clv": () => [sum(CLV), CLV[0]],
  "value.tier": () => ((t) => [counts(t.tier), t.vipThreshold])(relmap.tier(SUMMARY, P_ALIVE, CLV)),
  "value.lifecycle": () => counts(relmap.lifecycle(SUMMARY, P_ALIVE, CLV).stage),
  "value.churn_warnings": () => counts(relmap.churnWarnings(SUMMARY, P_ALIVE, CLV).map((w) => w.severity)),
  "value.rfm_scores": () => counts(relmap.rfmScores(SUMMARY).segment),
  "value.holdout": () => {
    const rows = relmap.holdoutTable(BG, HOLDOUT);
    const e = relmap.holdoutErrors(BG, HOLDOUT);
    return [
      rows.map((r) => r.customers), rows.map((r) => r.actualMean), rows.map((r) => r.expectedMean),
      [e.mae, e.rmse, e.bias], relmap.holdoutEvaluation(BG, HOLDOUT).predicted[0],
    ];
  },
  "value.diagnostics": () => {
    const tr = relmap.tracking(BG, HOLDOUT, IDS, cd.times);
    const p = relmap.periodTransactions(BG, SUMMARY, { replicates: 2 });
    const fr = relmap.frequencyRecencyMatrix(BG, SUMMARY, { quantity: "p_alive" });
    const o = relmap.tierOverview(TIERS(), CLV, P_ALIVE);
    return [
      [tr.actual.length, sum(tr.actual), sum(tr.expected)],
      p.bins.map((b) => b.actual), p.bins.map((b) => b.simulated),
      [fr.values[1][0], fr.values[5][29]],
      Object.fromEntries(o.tiers.map((t) => [t.tier, t.customers]).sort(([a], [b]) => (a < b ? -1 : 1))),
    ];
  },
  "value.plots": () => [
    relmap.plotHoldout(BG, HOLDOUT),
    relmap.plotPeriodTransactions(BG, HOLDOUT, { replicates: 2 }),
    relmap.plotTracking(BG, HOLDOUT, IDS, cd.times),
    relmap.plotPAlive(BG, HOLDOUT),
    relmap.plotTiers(TIERS(), CLV, P_ALIVE),
  ].map((svg) => ((v) => [v.length, sum(v)])([...svg.matchAll(/data-value="([^"]*)"/g)].map((m) => Number(m[1])))),
  "perception.merge_perceptions": (m) => probeMerge(m),
  "history.fit_openness": (m) => probeOpenness(m),
  "network.portfolio": (m) => probePortfolio(m),
  "errors.codes": () => relmap.errorCodes().map((e) => [e.code, e.kind]),
  version: () => relmap.version(),
};

/**
 * Equal, numbers to `rel` relative: 1e-9 (the platforms' libm may differ in the last
 * bits), the optimizer's tolerance for fitted parameters (a last-bit difference
 * moves where a fit stops on a flat likelihood).
 */
const REL = {
  "value.beta_geo": 1e-6,
  "value.gamma_gamma": 1e-6,
  "value.shifted_beta_geo": 1e-6,
  "value.compare_models": 1e-6,
  "value.covariates": 1e-6,
  "value.fit_summary": 1e-5,
  "value.prediction_intervals": 1e-4,
  "value.information_criteria": 1e-6,
};

function same(got, want, where, rel = 1e-9) {
  if (typeof want === "number") {
    assert.equal(typeof got, "number", `${where}: ${got} vs ${want}`);
    assert.ok(Math.abs(got - want) <= Math.max(1e-12, rel * Math.abs(want)), `${where}: ${got} vs ${want}`);
  } else if (Array.isArray(want)) {
    const g = Array.from(got);
    assert.equal(g.length, want.length, `${where}: length`);
    want.forEach((w, k) => same(g[k], w, `${where}[${k}]`, rel));
  } else if (want !== null && typeof want === "object") {
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), where);
    for (const k of Object.keys(want)) same(got[k], want[k], `${where}.${k}`, rel);
  } else {
    assert.equal(got, want, where);
  }
}

test("every row has a JavaScript entry that exists", () => {
  const m = fixture();
  const owners = { RelationshipMap: m, DecisionChain: m.decisionChain(), BetaGeo: BG, GammaGamma: GG,
    ParetoNbd: new ParetoNbd({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }),
    ModifiedBetaGeo,
    BetaGeoBetaBinom: new BetaGeoBetaBinom({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }),
    ShiftedBetaGeo: SBG,
    CovariateModel: CovariateModel.prototype,
    PortfolioNetwork: new relmap.PortfolioNetwork([m]),
  };
  const missing = [];
  for (const [key, names, notes] of rows()) {
    for (const name of names) {
      if (name === "—") {
        assert.ok(notes, `${key}: a dash needs the reason in the notes`);
        continue;
      }
      const [owner, member] = name.includes(".") ? name.split(".") : [null, name];
      const exists = owner
        ? member in owners[owner] || member in relmap[owner]
        : member in relmap;
      if (!exists) missing.push(`${key}: ${name}`);
    }
  }
  assert.deepEqual(missing, []);
});

test("every row answers as the core, and every probe has a row", () => {
  const keys = rows().filter(([, names]) => names[0] !== "—").map(([key]) => key);
  assert.deepEqual(Object.keys(PROBES).sort(), [...keys].sort());
  for (const key of keys) {
    const m = fixture();
    const got = PROBES[key](m, m.decisionChain());
    const want = EXPECTED[key];
    if (want && typeof want === "object" && "file" in want) {
      assert.ok(got === readFileSync(repo(`tests/api/${want.file}`), "utf8"), `${key}: not byte-identical`);
    } else {
      same(got, want, key, REL[key]);
    }
  }
});
