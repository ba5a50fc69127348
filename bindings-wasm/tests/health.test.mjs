// Deal health from JavaScript: the core's factors and actions as plain objects,
// typed errors for a bad config, the map usable after an error.
import { test } from "node:test";
import assert from "node:assert/strict";

import { RelationshipMap } from "relmap";
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
