// Trust scoring from JavaScript, against the closed forms of docs/trust.md.
import { test } from "node:test";
import assert from "node:assert/strict";

import { RelationshipMap, defaultTrustConfig } from "relmap";
import { close, sample, throwsWith } from "./helpers.mjs";

function oneVisit() {
  const m = new RelationshipMap("acme", "Acme");
  m.addStakeholder({ id: "cfo", name: "Wang Li", roles: ["economic_buyer"] });
  m.addTeamMember({ id: "rep", name: "Zhao Min" });
  m.addInteraction({ id: "v1", at: "2026-03-02", channel: "visit", members: ["rep"], stakeholders: ["cfo"] });
  return m;
}

test("one visit today: relationship 100(1 − e^(−3/6)), the other pillars at the prior", () => {
  const report = oneVisit().trust("2026-03-02");
  assert.equal(report.account, "acme");
  assert.equal(report.asOf, "2026-03-02T00:00:00Z");
  const cfo = report.stakeholders[0];
  assert.equal(cfo.stakeholder, "cfo");
  assert.equal(cfo.keyContact, true);
  close(cfo.best.relationship.score, 100 * (1 - Math.exp(-0.5)), 1e-9, "relationship");
  assert.equal(cfo.best.professional.score, 50);
  assert.equal(cfo.best.professional.evidenceScore, null);
  // One visit: confidence 0.25/4 and three pillars without evidence: an acquaintance, earned 40.
  close(cfo.best.confidence, 0.25 / 4, 1e-12, "confidence");
  assert.equal(cfo.best.level, "acquaintance");
  assert.equal(cfo.best.earned, 40);
  assert.equal(cfo.best.member, "rep");
  assert.equal(cfo.best.hasEvidence, true);
  assert.ok(["professional", "expertise", "sincerity", "relationship"].includes(cfo.best.weakest));
  assert.equal(typeof cfo.best.suggestion, "string");
  assert.equal(cfo.best.relationship.evidence[0].source, "interaction");
  // Composite (39.35 + 3·50)/4 ≈ 47.3, but covered needs an earned composite of 50.
  close(cfo.best.composite, (cfo.best.relationship.score + 150) / 4, 1e-9, "composite");
  assert.equal(report.coverage.threshold, defaultTrustConfig().coverageThreshold);
  assert.deepEqual(report.coverage.covered, []);
  assert.deepEqual(report.coverage.uncovered, ["cfo"]);
  assert.equal(report.coverage.share, 0);
  assert.equal(cfo.teamSources.relationship, "rep");
  // The only key player: the account's relationship strength is its best earned composite.
  close(report.relationshipStrength, cfo.best.earned, 1e-12, "relationship strength");
});

test("the analysis date defaults to the latest dated item; time decays the score", () => {
  const m = oneVisit();
  assert.equal(m.trust().asOf, "2026-03-02T00:00:00Z");
  const later = m.trust("2026-05-31").stakeholders[0].best.relationship.score;
  const e = 3 * 2 ** (-90 / 90);
  close(later, 100 * (1 - Math.exp(-e / 6)), 1e-9, "after one half-life");
  const faster = m.trust("2026-05-31", { halfLifeDays: 30 }).stakeholders[0].best.relationship.score;
  assert.ok(faster < later);
});

test("a timeline scores one pair at each date", () => {
  const m = oneVisit();
  m.addEvidence({ kind: "commitment", id: "c1", at: "2026-03-02", member: "rep", stakeholder: "cfo", due: "2026-03-20", delivered: "2026-03-19" });
  const line = m.trustTimeline("rep", "cfo", ["2026-03-10", "2026-03-19", "2026-09-01"]);
  assert.equal(line.length, 3);
  assert.equal(line[0].professional.score, 50);
  close(line[1].professional.score, 200 / 3, 1e-9, "Beta(2,1)");
  assert.ok(line[2].relationship.score < line[1].relationship.score);
  assert.equal(line[1].professional.evidence[0].outcome, "on_time");
  throwsWith(() => m.trustTimeline("nobody", "cfo", []), Error, "not_found", "member");
  throwsWith(() => m.trustTimeline("rep", "nobody", []), Error, "not_found", "stakeholder");
  throwsWith(() => m.trustTimeline("rep", "cfo", ["soon"]), TypeError, "invalid_argument", "[0]");
});

test("the sample account: every stakeholder scored, config errors name the camelCase field", () => {
  const m = sample("manufacturing_cloud");
  const report = m.trust();
  assert.equal(report.stakeholders.length, m.stakeholderCount);
  for (const s of report.stakeholders) {
    assert.ok(s.best.composite >= 0 && s.best.composite <= 100);
    // Pairs rank by the earned composite, then by the composite.
    const before = (a, b) => a.earned > b.earned || (a.earned === b.earned && a.composite >= b.composite);
    assert.ok(s.pairs.every((p, i) => i === 0 || before(s.pairs[i - 1], p)));
  }
  const cfg = defaultTrustConfig();
  assert.equal(cfg.halfLifeDays, 90);
  assert.deepEqual(cfg.levelThresholds, [20, 40, 60, 80]);
  assert.deepEqual(cfg.levelMinConfidence, [0.05, 0.15, 0.3, 0.45]);
  assert.equal(cfg.channelWeights.mealOrEvent, 2);
  assert.deepEqual(m.trust(null, cfg), report);
  throwsWith(() => m.trust(null, { halfLifeDays: 0 }), RangeError, "invalid_config", "halfLifeDays");
  throwsWith(() => m.trust(null, { channelWeights: { fax: 1 } }), TypeError, "invalid_argument", "channelWeights.fax");
  throwsWith(() => m.trust(null, { levelThresholds: [1, 2, 3] }), TypeError, "invalid_argument", "levelThresholds");
  throwsWith(() => m.trust("not a date"), TypeError, "invalid_argument");
});
