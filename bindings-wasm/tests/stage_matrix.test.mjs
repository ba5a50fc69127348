// Sales stages, the classification matrix and the competition matrix.
import { test } from "node:test";
import assert from "node:assert/strict";

import { RelationshipMap, classify, classifyPortfolio, defaultStageModel } from "relmap";
import { close, sample, throwsWith } from "./helpers.mjs";

function withOpportunity(milestones, declaredStage) {
  const m = new RelationshipMap("acme", "Acme");
  m.addStakeholder({ id: "cfo", roles: ["economic_buyer"] });
  m.addOpportunity({ id: "opp1", name: "Cloud platform", amount: 1000, milestones, declaredStage });
  return m;
}

test("the stage follows the milestones; the declared stage may be ahead", () => {
  const milestones = [
    { key: "need_identified", at: "2026-01-10" },
    { key: "budget_confirmed", at: "2026-02-01" },
    { key: "poc_passed", at: "2026-03-01" },
  ];
  const [a] = withOpportunity(milestones, "negotiation").stages();
  assert.equal(a.opportunityId, "opp1");
  assert.equal(a.stage, "needs_analysis");
  assert.deepEqual(a.missingForNext, ["decision_process_mapped"]);
  assert.deepEqual(a.outOfOrder, ["poc_passed"]);
  assert.equal(a.winProbability, 0.2);
  assert.equal(a.weightedAmount, 200);
  assert.equal(a.aheadOfEvidence, true);
  assert.ok(a.visitGoals.length > 0);
  const [early] = withOpportunity(milestones).stages(undefined, "2026-01-15");
  assert.equal(early.stage, "qualification");
  assert.equal(early.declaredStage, null);
});

test("a custom stage model is used and checked", () => {
  const model = defaultStageModel();
  assert.ok(model.stages.length >= 7);
  assert.ok(model.milestones.some((m) => m.key === "poc_passed"));
  const m = withOpportunity([{ key: "typo_milestone", at: "2026-01-10" }]);
  assert.deepEqual(m.stages(model)[0].unknownMilestones, ["typo_milestone"]);
  throwsWith(() => m.stages({ ...model, unknownMilestones: "reject" }), Error, "unknown_reference");
  throwsWith(() => m.stages({ milestones: [], stages: [] }), Error, "empty_list");
  const bad = structuredClone(model);
  bad.stages[1].winProbability = 2;
  throwsWith(() => m.stages(bad), RangeError, "out_of_range");
  throwsWith(() => m.stages({ stages: [] }), TypeError, "invalid_argument", "milestones");
});

test("classification: quadrants, strategies, resource order", () => {
  const cfg = { relationshipThreshold: { fixed: 60 } };
  const m = classify([{ id: "acme", value: 5e5, relationship: 72 }, { id: "bolt", value: 1e5, relationship: 35 }], cfg);
  assert.equal(m.relationshipThreshold, 60);
  assert.deepEqual(m.accounts.map((a) => [a.id, a.quadrant, a.rank]), [["acme", "strategic", 1], ["bolt", "monitor", 2]]);
  assert.equal(typeof m.accounts[0].strategy, "string");
  const q = classify([1, 2, 3, 4, 5].map((v) => ({ id: `a${v}`, value: v, relationship: v })), { valueThreshold: { quantile: 0.8 }, relationshipThreshold: "median" });
  close(q.valueThreshold, 4.2, 1e-12);
  assert.equal(q.relationshipThreshold, 3);
  throwsWith(() => classify([]), Error, "empty_list");
  throwsWith(() => classify([{ id: "a", value: NaN, relationship: 1 }]), RangeError, "non_finite");
  throwsWith(() => classify([{ id: "a", value: 1 }]), TypeError, "invalid_argument", "[0].relationship");
  throwsWith(() => classify([{ id: "a", value: 1, relationship: 1 }], { valueThreshold: { quantile: 2 } }), RangeError, "invalid_config");
});

test("competition: weights from influence, our rank, where we trail", () => {
  const m = new RelationshipMap("acme", "Acme");
  m.addStakeholder({ id: "cfo", roles: ["economic_buyer"] });
  m.addStakeholder({ id: "cto", roles: ["technical_buyer"] });
  m.addOpportunity({
    id: "opp1", name: "Platform",
    criteria: [{ id: "price", weights: { cfo: 0.9, cto: 0.1 } }, { id: "tech", weights: { cfo: 0.1, cto: 0.9 } }],
    vendorScores: { us: { price: 6, tech: 9 }, acme: { price: 9, tech: 6 } },
  });
  const [x] = m.competition({ cfo: 0.75, cto: 0.25 });
  close(x.criteria[0].weight, 0.75 * 0.9 + 0.25 * 0.1, 1e-12);
  assert.equal(x.influenceSource, "given");
  assert.equal(x.ourRank, 2);
  assert.equal(x.leader, "acme");
  assert.equal(x.trailing[0].criterion, "price");
  close(x.trailing[0].weightedGap, 0.7 * 3, 1e-12);
  const [eq] = m.competition();
  assert.equal(eq.influenceSource, "equal");
  assert.equal(m.competition(null, { ourVendor: "acme" })[0].ourVendor, "acme");
  throwsWith(() => m.competition(null, { ourVendor: "nobody" }), Error, "missing_value");
  throwsWith(() => m.competition(null, { tieTolerance: -1 }), RangeError, "invalid_config");
  throwsWith(() => m.competition({ cfo: "high" }), TypeError, "invalid_argument", "cfo");

  const real = sample("manufacturing_cloud");
  const chain = real.decisionChain();
  const [deal] = real.competition(chain.influenceMap());
  close(deal.vendors.reduce((s, v) => s + v.preferenceShare, 0), 1, 1e-9);
  assert.ok(deal.stakeholders.every((s) => typeof s.stakeholderId === "string"));
});

test("the portfolio on the classification matrix: relationship from each map's trust", () => {
  const maps = [sample("manufacturing_cloud"), sample("city_construction_tender")];
  const asOf = "2026-11-01";
  const values = { [maps[0].accountId]: 2.4e6, [maps[1].accountId]: 1.1e6, no_map_yet: 3e5 };
  const matrix = classifyPortfolio(maps, values, asOf, null, { relationshipThreshold: { fixed: 30 } });
  const byId = Object.fromEntries(matrix.accounts.map((a) => [a.id, a]));
  assert.deepEqual(Object.keys(byId).sort(), Object.keys(values).sort());
  for (const m of maps) close(byId[m.accountId].relationship, m.trust(asOf).relationshipStrength, 1e-12, m.accountId);
  assert.equal(byId.no_map_yet.relationship, 0);
  // The trust config reaches the relationship axis; the maps stay usable.
  const slower = classifyPortfolio(maps, values, asOf, { halfLifeDays: 365 });
  const id = maps[0].accountId;
  assert.ok(slower.accounts.find((a) => a.id === id).relationship > byId[id].relationship);
  assert.equal(maps[0].stakeholderCount > 0, true);
  throwsWith(() => classifyPortfolio(maps, { [id]: 1 }, asOf), Error, "missing_value", "values");
  throwsWith(() => classifyPortfolio([maps[0], {}], values, asOf), TypeError, "invalid_argument", "maps[1]");
  throwsWith(() => classifyPortfolio(maps, { ...values, [id]: "lots" }, asOf), TypeError, "invalid_argument", `values.${id}`);
});
