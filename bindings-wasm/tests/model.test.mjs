// The map's other edits and views: interactions, evidence, opportunities, copies, read-back.
import { test } from "node:test";
import assert from "node:assert/strict";

import { RelationshipMap, version } from "relmap";
import { sample, smallMap, throwsWith } from "./helpers.mjs";

test("interactions, evidence and opportunities are added, read back and saved", () => {
  const m = smallMap();
  m.addInteraction({ id: "i2", at: "2026-03-05T09:30:00+08:00", channel: "meal_or_event", members: ["rep"], stakeholders: ["ceo", "cio"], initiatedBy: "them", sentiment: 0.5, notes: "dinner" });
  m.addEvidence({ kind: "commitment", id: "c1", at: "2026-03-02", member: "rep", stakeholder: "cio", due: "2026-03-20", delivered: "2026-03-18", description: "TCO model" });
  m.addEvidence({ kind: "expertise_signal", id: "x1", at: "2026-03-03", member: "rep", stakeholder: "cio", positive: true });
  m.addEvidence({ kind: "sincerity_event", id: "s1", at: "2026-03-04", member: "rep", stakeholder: "ceo", positive: false });
  m.addEvidence({ kind: "assessment", id: "a1", at: "2026-03-04", member: "rep", stakeholder: "ceo", pillar: "relationship", rating: 3 });
  m.addOpportunity({ id: "opp1", name: "Cloud", amount: 1e6, competitors: ["rival"], declaredStage: "evaluation", milestones: [{ key: "need_identified", at: "2026-01-10" }], criteria: [{ id: "price", weights: { ceo: 1 } }], vendorScores: { us: { price: 6 }, rival: { price: 8 } } });

  const interactions = m.interactions();
  assert.equal(interactions.length, 2);
  assert.deepEqual(interactions[1], { id: "i2", at: "2026-03-05T01:30:00Z", channel: "meal_or_event", members: ["rep"], stakeholders: ["ceo", "cio"], initiatedBy: "them", sentiment: 0.5, notes: "dinner" });
  const evidence = m.evidence();
  assert.deepEqual(evidence.map((e) => e.kind), ["commitment", "expertise_signal", "sincerity_event", "assessment"]);
  assert.equal(evidence[0].delivered, "2026-03-18T00:00:00Z");
  assert.equal(evidence[3].rating, 3);
  const [opp] = m.opportunities();
  assert.equal(opp.declaredStage, "evaluation");
  assert.deepEqual(opp.vendorScores, { rival: { price: 8 }, us: { price: 6 } });

  // The document is snake_case JSON, and reads back equal.
  const doc = JSON.parse(m.toJson());
  assert.equal(doc.interactions[1].initiated_by, "them");
  assert.equal(doc.opportunities[0].declared_stage, "evaluation");
  assert.ok(RelationshipMap.fromJson(m.toJson()).equals(m));
});

test("the read-back views are camelCase objects", () => {
  const m = sample("manufacturing_cloud");
  const people = m.stakeholders();
  assert.equal(people.length, m.stakeholderCount);
  const cio = m.stakeholder("cio");
  assert.deepEqual(cio, people.find((s) => s.id === "cio"));
  assert.equal(cio.reportsTo, "president");
  assert.ok(cio.roles.includes("technical_buyer"));
  assert.equal(m.stakeholder("ghost"), undefined);
  assert.ok(people.some((s) => s.stanceToward && s.preferredChannel));
  assert.equal(m.relations().length, m.relationCount);
  assert.deepEqual(m.team().map((t) => t.id), m.teamIds);
  assert.equal(m.account().id, m.accountId);
  assert.equal(m.account().name, m.accountName);
});

test("update, remove, clone", () => {
  const m = smallMap();
  const copy = m.clone();
  m.updateStakeholder({ id: "cio", name: "Liu Yang", reportsTo: "ceo", roles: ["coach", "technical_buyer"], stance: -2, concerns: ["cost"], preferredChannel: "phone", stanceToward: { rival: 3 } });
  assert.equal(m.stakeholder("cio").stance, -2);
  assert.deepEqual(m.stakeholder("cio").roles, ["technical_buyer", "coach"]);
  assert.equal(copy.stakeholder("cio").stance, 4, "a clone is independent");
  assert.ok(!copy.equals(m));

  m.addStakeholder({ id: "pa", name: "Assistant", reportsTo: "ceo" });
  const removed = m.removeStakeholder("pa");
  assert.equal(removed.id, "pa");
  assert.ok(!m.stakeholderIds.includes("pa"));
  throwsWith(() => m.removeStakeholder("cio"), Error, "still_referenced");
  throwsWith(() => m.removeStakeholder("pa"), Error, "not_found");
  throwsWith(() => m.updateStakeholder({ id: "ghost" }), Error, "not_found");

  const relation = m.removeRelation("cio", "ceo", "influences");
  assert.deepEqual(relation, { source: "cio", target: "ceo", kind: "influences", strength: 0.7 });
  assert.equal(m.relationCount, 0);
  throwsWith(() => m.removeRelation("cio", "ceo", "influences"), Error, "not_found");
  throwsWith(() => m.removeRelation("cio", "ceo", "likes"), TypeError, "invalid_argument");
});

test("bad interactions, evidence and opportunities are refused with their field", () => {
  const m = smallMap();
  const visit = { id: "v", at: "2026-03-02", channel: "visit", members: ["rep"], stakeholders: ["cio"] };
  throwsWith(() => m.addInteraction({ ...visit, id: "i1" }), Error, "duplicate_id");
  throwsWith(() => m.addInteraction({ ...visit, members: ["ghost"] }), Error, "unknown_reference", "interactions[1].members[0]");
  throwsWith(() => m.addInteraction({ ...visit, sentiment: 2 }), RangeError, "out_of_range", "interactions[1].sentiment");
  throwsWith(() => m.addInteraction({ ...visit, at: "yesterday" }), TypeError, "invalid_argument", "at");
  throwsWith(() => m.addInteraction({ ...visit, channel: "fax" }), TypeError, "invalid_argument", "channel");
  throwsWith(() => m.addInteraction({ ...visit, initiated_by: "them" }), TypeError, "invalid_argument", "initiated_by");
  throwsWith(() => m.addEvidence({ kind: "rumour", id: "e", at: "2026-03-02", member: "rep", stakeholder: "cio" }), TypeError, "invalid_argument");
  throwsWith(() => m.addEvidence({ kind: "assessment", id: "e", at: "2026-03-02", member: "rep", stakeholder: "cio", pillar: "relationship", rating: 11 }), RangeError, "out_of_range");
  throwsWith(() => m.addOpportunity({ id: "o", name: "O", amount: -1 }), RangeError, "out_of_range", "opportunities[0].amount");
  throwsWith(() => m.addOpportunity({ id: "o", name: "O", criteria: [{ id: "c", weights: { ghost: 1 } }] }), Error, "unknown_reference");
  assert.equal(m.interactions().length, 1, "refused edits leave the map unchanged");
  assert.equal(m.evidence().length, 0);
  assert.equal(m.opportunities().length, 0);
});

test("version is the crate's", () => {
  assert.match(version(), /^\d+\.\d+\.\d+/);
});
