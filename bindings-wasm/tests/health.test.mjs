// Deal health from JavaScript: the core's factors and actions as plain objects,
// typed errors for a bad config, the map usable after an error.
import { test } from "node:test";
import assert from "node:assert/strict";

import { RelationshipMap, calibrate, dealHealthChart, portfolioDealHealth } from "relmap";
import { close, sample, throwsWith } from "./helpers.mjs";

const WEIGHTS = {
  meddpicc_metrics: 3,
  meddpicc_economic_buyer: 4,
  meddpicc_decision_criteria: 3,
  meddpicc_decision_process: 4,
  meddpicc_paper_process: 3,
  meddpicc_identified_pain: 4,
  meddpicc_champion: 5,
  meddpicc_competition: 3,
};
const GREEN = { grade: "green" };

/** No stakeholders (so no chain factors): one deal graded all green, one not graded. */
function twoDeals() {
  const m = new RelationshipMap("acme", "Acme");
  m.addOpportunity({
    id: "green",
    name: "All green",
    meddpicc: {
      metrics: GREEN, economicBuyer: GREEN, decisionCriteria: GREEN, decisionProcess: GREEN,
      paperProcess: GREEN, identifiedPain: GREEN, champion: GREEN, competition: GREEN,
    },
  });
  m.addOpportunity({ id: "blank", name: "Not qualified" });
  return m;
}

const impacts = (d) => Object.fromEntries(d.factors.map((f) => [f.code, f.impact]));

test("MEDDPICC factors are their weights and the score their sum", () => {
  const deals = twoDeals().dealHealth({ asOf: "2026-03-01" });
  assert.ok(Array.isArray(deals));
  assert.deepEqual(deals.map((d) => d.opportunity), ["green", "blank"]);
  const [green, blank] = deals;
  assert.ok(green.asOf.startsWith("2026-03-01"));
  for (const [code, w] of Object.entries(WEIGHTS)) {
    assert.equal(impacts(green)[code], w, code);
    assert.equal(impacts(blank)[code], -w, code);
  }
  for (const d of deals) {
    close(d.rawScore, 50 + d.factors.reduce((s, f) => s + f.impact, 0));
    close(d.score, Math.min(100, Math.max(0, d.rawScore)));
    assert.equal(d.status, d.score >= 65 ? "healthy" : d.score >= 40 ? "at_risk" : "critical");
  }
  // The deals differ only in MEDDPICC: 29 points each way.
  close(green.rawScore - blank.rawScore, 58);
  assert.equal(blank.status, "critical");
  assert.ok(blank.actions.length > 0 && blank.actions[0].gain > 0 && blank.actions[0].actionZh);
});

test("config overrides reach the core; asOf defaults to the map's analysis date", () => {
  const m = twoDeals();
  const [green] = m.dealHealth({ asOf: "2026-03-01", weights: { meddpiccMetrics: 10 }, base: 40 });
  assert.equal(impacts(green).meddpicc_metrics, 10);
  close(green.rawScore, 40 + green.factors.reduce((s, f) => s + f.impact, 0));
  const demo = sample("demo_small");
  const latest = demo.trust().asOf;
  const deals = demo.dealHealth();
  assert.deepEqual(deals.map((d) => d.opportunity), ["mes-2026"]);
  assert.equal(deals[0].asOf, latest);
  assert.deepEqual(deals, demo.dealHealth({ asOf: latest }));
});

test("a bad config is a typed error and the map stays usable", () => {
  const m = twoDeals();
  throwsWith(() => m.dealHealth({ asOf: "2026-03-01", healthyAt: 30 }), RangeError, "invalid_config", "healthyAt");
  throwsWith(() => m.dealHealth({ weights: { noSuchFactor: 1 } }), TypeError, "invalid_argument");
  throwsWith(() => m.dealHealth({ asOf: "yesterday" }), TypeError, "invalid_argument");
  throwsWith(() => m.dealHealth(7), TypeError, "invalid_argument", "config");
  throwsWith(() => m.dealHealth({ base: NaN }), RangeError, "non_finite");
  assert.equal(m.dealHealth({ asOf: "2026-03-01" }).length, 2);
  assert.equal(m.stakeholderCount, 0);
});

test("bad MEDDPICC data is a typed error and the map stays usable", () => {
  const m = new RelationshipMap("acme", "Acme");
  m.addStakeholder({ id: "cio", name: "Lin" });
  throwsWith(
    () => m.addOpportunity({ id: "o1", name: "Cloud", meddpicc: { champion: { grade: "green", stakeholder: "nobody" } } }),
    Error, "unknown_reference", "opportunities[0].meddpicc.champion.stakeholder",
  );
  const e = throwsWith(
    () => m.addOpportunity({ id: "o1", name: "Cloud", meddpicc: { competition: { grade: "amber" } } }),
    TypeError, "invalid_argument",
  );
  assert.ok(e.field.includes("grade"), e.field);
  const steps = [{ name: "security review", date: "2026-05-15" }, { name: "board", date: "2026-03-15" }];
  throwsWith(
    () => m.addOpportunity({ id: "o1", name: "Cloud", meddpicc: { decisionProcess: { grade: "yellow", steps } } }),
    Error, "invalid_time", "opportunities[0].meddpicc.decisionProcess.steps[1].date",
  );
  m.addOpportunity({
    id: "o1",
    name: "Cloud",
    meddpicc: { champion: { grade: "green", stakeholder: "cio", tested: true } },
    buyingInfluences: [{ stakeholder: "cio", roles: ["coach"], responseMode: "growth" }],
  });
  const [o] = m.opportunities();
  assert.equal(o.meddpicc.champion.stakeholder, "cio");
  assert.equal(o.buyingInfluences[0].responseMode, "growth");
});

test("the portfolio view ranks deals worst first and tallies what hurts", () => {
  const a = twoDeals();
  const b = new RelationshipMap("beta", "Beta");
  b.addOpportunity({ id: "half", name: "Half qualified", meddpicc: { metrics: GREEN, champion: GREEN } });
  const view = portfolioDealHealth([a, b], "2026-03-01");
  assert.deepEqual(view.deals.map((d) => d.opportunity), ["blank", "half", "green"]);
  assert.ok(view.deals.every((d, i) => i === 0 || view.deals[i - 1].score <= d.score));
  const own = [...a.dealHealth({ asOf: "2026-03-01" }), ...b.dealHealth({ asOf: "2026-03-01" })];
  for (const d of view.deals) assert.deepEqual(d, own.find((x) => x.opportunity === d.opportunity));
  assert.equal(view.counts.reduce((x, y) => x + y, 0), 3);
  const paper = view.commonFactors.find((f) => f.code === "meddpicc_paper_process");
  assert.deepEqual([paper.deals, paper.totalImpact], [2, -6]);
  throwsWith(() => portfolioDealHealth([a], "2026-03-01", { ghostedDays: -1 }), RangeError, "invalid_config", "ghostedDays");
  throwsWith(() => portfolioDealHealth([a, "x"], "2026-03-01"), TypeError, "invalid_argument", "maps[1]");
  throwsWith(() => portfolioDealHealth([a], "yesterday"), TypeError, "invalid_argument", "asOf");
  // The maps stay usable after an error.
  assert.equal(a.dealHealth({ asOf: "2026-03-01" }).length, 2);
});

/** Deals whose win chance follows σ(0.3 + 1.5·champion − 1.0·[no power]) (a seeded LCG). */
function simulatedOutcomes(n) {
  let s = 7;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out = [];
  for (let k = 0; k < n; k++) {
    const champion = rand() < 0.5 ? -1 : 1;
    const noPower = rand() < 0.5 ? -1 : 0;
    const p = 1 / (1 + Math.exp(-(0.3 + 1.5 * champion + 1.0 * noPower)));
    out.push({ values: { meddpicc_champion: champion, no_power: noPower }, won: rand() < p });
  }
  return out;
}

test("calibration recovers the signs and separates won from lost", () => {
  const fit = calibrate(simulatedOutcomes(600));
  close(fit.coefficients.meddpicc_champion, 1.5, 0.35, "champion");
  close(fit.coefficients.no_power, 1.0, 0.4, "no power");
  assert.ok(Math.abs(fit.coefficients.opponent_influence) < 1e-6);
  assert.ok(fit.auc > 0.7, `auc ${fit.auc}`);
  assert.equal(fit.outcomes[0], 600);
  close(fit.config.weights.meddpiccChampion, 25 * fit.coefficients.meddpicc_champion, 1e-9, "points");
  // The fitted config goes straight back into dealHealth.
  assert.equal(twoDeals().dealHealth({ ...fit.config, asOf: "2026-03-01" }).length, 2);
  // A deal's values are an outcome.
  const [green, blank] = twoDeals().dealHealth({ asOf: "2026-03-01" });
  const pairs = Array.from({ length: 60 }, (_, k) => ({ values: (k % 2 ? blank : green).values, won: k % 3 === 0 }));
  assert.equal(calibrate(pairs, null, { minOutcomes: 40 }).outcomes[0], 60);
});

test("calibration refuses too little history with a typed error", () => {
  throwsWith(() => calibrate(simulatedOutcomes(30)), Error, "too_few_outcomes", "outcomes");
  throwsWith(() => calibrate(simulatedOutcomes(100), null, { folds: 0 }), RangeError, "invalid_config", "folds");
  throwsWith(() => calibrate([{ values: { no_such_factor: 1 }, won: true }]), TypeError, "invalid_argument");
  throwsWith(() => calibrate("nope"), TypeError, "invalid_argument", "outcomes");
});

test("the portfolio chart is the core's SVG, from a view or any deals", () => {
  const maps = ["demo_small", "city_construction_tender", "manufacturing_cloud"].map(sample);
  const view = portfolioDealHealth(maps, "2026-11-15");
  const svg = dealHealthChart(view);
  assert.ok(svg.startsWith("<svg"));
  const statuses = svg.split('data-status="').slice(1).map((t) => t.split('"')[0]);
  assert.deepEqual(statuses, view.deals.map((d) => d.status));
  for (const d of view.deals) assert.ok(svg.includes(d.name), d.name);
  // The same deals in another order: the core gathers them again.
  const deals = maps.flatMap((m) => m.dealHealth({ asOf: "2026-11-15" })).reverse();
  assert.equal(dealHealthChart(deals), svg);
  assert.match(dealHealthChart(view, { width: 360 }).split(">")[0], /width="360"/);
});

test("a bad chart argument is a typed error", () => {
  const view = portfolioDealHealth([twoDeals()], "2026-03-01");
  throwsWith(() => dealHealthChart(view, { width: 10 }), RangeError, "invalid_config", "options.width");
  throwsWith(() => dealHealthChart(7), TypeError, "invalid_argument", "view");
  throwsWith(() => dealHealthChart({ deals: [{ ...view.deals[0], score: "high" }] }), TypeError, "invalid_argument");
  assert.equal(dealHealthChart([]).includes("No opportunities."), true);
});
