// The decision chain from JavaScript: the numbers, the lists, configs, snapshots.
import { test } from "node:test";
import assert from "node:assert/strict";

import { DecisionChain, RelationshipMap, defaultChainConfig, diff } from "relmap";
import { close, sample, smallMap, throwsWith } from "./helpers.mjs";

test("the README's small map: influence, support, best path, flags", () => {
  const m = smallMap();
  const chain = m.decisionChain();
  assert.ok(chain instanceof DecisionChain);
  assert.equal(chain.account, "acme");
  assert.equal(chain.asOf, "2026-03-02T00:00:00Z");
  assert.deepEqual(chain.stakeholderIds, ["ceo", "cio"]);
  const u = chain.decisionInfluence;
  assert.ok(u instanceof Float64Array);
  close(u[0] + u[1], 1, 1e-9, "Σu");
  assert.ok(u[0] > 0.5);
  assert.equal(chain.influence("ceo"), u[0]);
  assert.equal(chain.influence("nobody"), undefined);
  // S = Σ u_j · stance_j / 5
  close(chain.predictedSupport, (u[0] * 1 + u[1] * 4) / 5, 1e-12, "S");
  const path = chain.bestPath("ceo");
  assert.deepEqual(path.member, "rep");
  assert.deepEqual(path.stakeholders, ["cio", "ceo"]);
  close(path.reliability, 0.28, 5e-4, "reliability"); // as in the core's doctest
  throwsWith(() => chain.bestPath("nobody"), Error, "not_found", "to");
  throwsWith(() => chain.accessPaths("nobody", 2), Error, "not_found", "to");
  assert.deepEqual(chain.stances, [1, 4]);
  assert.ok(chain.redFlags.some((f) => f.code === "economic_buyer_not_covered" && f.ids[0] === "ceo"));
  assert.match(chain.toString(), /^Decision chain of acme/);
});

test("every per-stakeholder array is in map order and well formed", () => {
  const m = sample("manufacturing_cloud");
  const chain = m.decisionChain();
  const n = m.stakeholderCount;
  assert.deepEqual(chain.stakeholderIds, m.stakeholderIds);
  for (const name of ["decisionInfluence", "predictedStances", "authority", "openness", "ties", "reachability"]) {
    assert.ok(chain[name] instanceof Float64Array, name);
    assert.equal(chain[name].length, n, name);
    assert.ok(chain[name].every(Number.isFinite), name);
  }
  close(chain.decisionInfluence.reduce((a, b) => a + b, 0), 1, 1e-9, "Σu");
  assert.ok(chain.decisionInfluence.every((x) => x >= 0));
  assert.ok(chain.predictedStances.every((x) => x >= -5 && x <= 5));
  assert.equal(chain.covered.length, n);
  assert.ok(chain.covered.every((c) => typeof c === "boolean"));
  assert.equal(chain.threads.length, n);
  assert.equal(chain.betweenness.length, n);
  assert.equal(chain.contactGains().length, n);
  // The chairman's authority is given explicitly (1.0) in the document.
  assert.equal(chain.authority[m.stakeholderIds.indexOf("chairman")], 1);
  assert.ok(chain.openness.every((x) => x >= 0 && x < 1));
  assert.ok(chain.reachability.every((x) => x >= 0 && x <= 1));
  assert.ok(chain.reachability.some((x) => x > 0));
  const [a, b] = chain.iterations;
  assert.ok(a > 0 && b > 0);
  assert.equal(chain.predictedStance("cio"), chain.predictedStances[m.stakeholderIds.indexOf("cio")]);

  const byId = chain.influenceMap();
  assert.equal(Object.keys(byId).length, n);
  assert.equal(byId.cio, chain.influence("cio"));
});

test("lists come as plain objects with camelCase fields", () => {
  const chain = sample("manufacturing_cloud").decisionChain();
  const kp = chain.keyPlayers[0];
  assert.deepEqual(Object.keys(kp).sort(), ["brokers", "id", "influence", "roles", "stance", "threads", "tie"]);
  assert.ok(chain.keyPlayers.every((k, i, all) => i === 0 || all[i - 1].influence >= k.influence));
  const c = chain.coverage;
  assert.deepEqual(Object.keys(c).sort(), ["covered", "share", "threshold", "uncoveredKeyPlayers"]);
  assert.ok(c.share >= 0 && c.share <= 1);
  const nbc = chain.nextBestContacts;
  assert.ok(nbc.length > 0 && nbc.length <= 10);
  assert.ok(nbc.every((x, i) => i === 0 || nbc[i - 1].gain >= x.gain));
  assert.deepEqual(Object.keys(nbc[0].path).sort(), ["member", "reliability", "stakeholders"]);
  const severities = ["critical", "warning", "info"];
  const flags = chain.redFlags;
  assert.ok(flags.length > 0);
  assert.ok(flags.every((f, i) => i === 0 || severities.indexOf(flags[i - 1].severity) <= severities.indexOf(f.severity)));
  // The reasons and the text report name people; the fields keep the ids.
  const eb = flags.find((f) => f.code === "economic_buyer_not_covered");
  assert.deepEqual(eb.ids, ["chairman"]);
  assert.match(eb.reason, /^economic buyer 陈国栋 has no relationship with our team/);
  assert.match(chain.toString(), /\n {2}1\. \S.* via 周立 → /);
  assert.ok(!/\b(chairman|president|vp_manufacturing|cfo|cio|hd_cloud_2026)\b/.test(chain.toString()), chain.toString());
  assert.ok(Array.isArray(chain.brokers));
  const top = chain.topInfluencers(3);
  assert.equal(top.length, 3);
  assert.deepEqual(Object.keys(top[0]).sort(), ["authority", "id", "influence", "predictedStance", "stance"]);
  const target = nbc[0].id;
  const paths = chain.accessPaths(target, 3);
  assert.ok(paths.length >= 1 && paths.length <= 3);
  assert.deepEqual(paths[0], chain.bestPath(target));
  assert.deepEqual(chain.alternativePaths(target)[0], paths[0]);
  assert.ok(paths.every((p, i) => i === 0 || paths[i - 1].reliability >= p.reliability));
  const s = chain.summary({ topInfluencers: 2, nextBestContacts: 1 });
  assert.equal(s.topInfluencers.length, 2);
  assert.equal(s.nextBestContacts.length, 1);
  assert.equal(s.predictedSupport, chain.predictedSupport);
  assert.equal(chain.summary().topInfluencers.length, 5);
  assert.equal(chain.summary().nextBestContacts.length, Math.min(3, chain.nextBestContacts.length));
});

test("a config is merged over the defaults and changes the result", () => {
  const m = sample("manufacturing_cloud");
  const base = m.decisionChain();
  const closed = m.decisionChain({ defaultOpenness: 0.1, roleAuthority: { economicBuyer: 0.9 } });
  assert.notEqual(closed.predictedSupport, base.predictedSupport);
  assert.equal(m.decisionChain({ nextBestLimit: 2 }).nextBestContacts.length, 2);
  assert.equal(m.decisionChain({ betweenness: "off" }).betweenness, undefined);
  assert.equal(m.decisionChain({ betweenness: { up_to: 10 } }).betweenness, undefined);
  assert.equal(m.decisionChain({ betweenness: "exact" }).betweenness.length, m.stakeholderCount);
  assert.deepEqual(m.decisionChain({ betweenness: { sampled: 1000 } }).betweenness, m.decisionChain({ betweenness: "exact" }).betweenness);
  assert.equal(m.decisionChain({ betweenness: { sampled: 5 } }).betweenness.length, m.stakeholderCount);
  throwsWith(() => m.decisionChain({ betweenness: { sampled: 0 } }), RangeError, "invalid_config", "betweenness.sampled");
  const dated = m.decisionChain({ asOf: "2027-06-01" });
  assert.equal(dated.asOf, "2027-06-01T00:00:00Z");
  assert.ok(dated.redFlags.filter((f) => f.code === "stale_key_relationship").length >=
    base.redFlags.filter((f) => f.code === "stale_key_relationship").length);
  assert.deepEqual(m.decisionChain(defaultChainConfig()).decisionInfluence, base.decisionInfluence);
  assert.deepEqual(m.decisionChain(undefined).decisionInfluence, base.decisionInfluence);
});

test("the default config is complete and camelCase", () => {
  const cfg = defaultChainConfig();
  assert.equal(cfg.defaultOpenness, 0.5);
  assert.equal(cfg.managerToReport, 0.6);
  assert.equal(cfg.roleAuthority.economicBuyer, 1);
  assert.equal(cfg.keyPlayers.topN, 5);
  assert.deepEqual(Object.keys(cfg.betweenness), ["up_to"]);
  assert.equal(cfg.asOf, null);
  assert.equal(cfg.trust.halfLifeDays, 90);
  assert.equal(cfg.trust.channelWeights.mealOrEvent, 2);
  assert.ok(cfg.stageModel.stages.length >= 7);
});

test("editing a stance, an interaction or a relation recomputes", () => {
  const m = sample("manufacturing_cloud");
  const before = m.decisionChain();
  m.setStance("vp_manufacturing", 4);
  const after = m.decisionChain();
  assert.ok(after.predictedSupport > before.predictedSupport);
  assert.ok(!after.redFlags.some((f) => f.code === "high_influence_opponent" && f.ids.includes("vp_manufacturing")));

  const president = m.stakeholderIds.indexOf("president");
  m.addInteraction({ id: "new_visit", at: "2026-11-13", channel: "visit", members: ["am"], stakeholders: ["president"], initiatedBy: "them", sentiment: 0.8 });
  const visited = m.decisionChain();
  assert.ok(visited.ties[president] > after.ties[president]);

  m.addRelation({ source: "vp_rnd", target: "chairman", kind: "influences", strength: 1 });
  const related = m.decisionChain();
  assert.ok(related.influence("vp_rnd") > visited.influence("vp_rnd"));
});

test("a snapshot comparison flags key-player changes; diff lists the changes", () => {
  const before = sample("manufacturing_cloud");
  const now = before.clone();
  now.addStakeholder({ id: "new_cto", name: "New CTO", reportsTo: "president", roles: ["decision_maker"], stance: -2 });
  now.setStance("cfo", 3);
  const chain = now.decisionChainSince(before);
  assert.ok(chain.redFlags.some((f) => f.code === "key_player_changed" && f.ids.includes("new_cto")));
  assert.ok(!before.decisionChain().redFlags.some((f) => f.code === "key_player_changed"));
  const d = diff(before, now);
  assert.deepEqual(d.added, ["new_cto"]);
  assert.deepEqual(d.removed, []);
  assert.deepEqual(d.stanceChanges, [{ id: "cfo", before: -1, after: 3 }]);
  assert.deepEqual(Object.keys(d).sort(), ["added", "relationsAdded", "relationsChanged", "relationsRemoved", "removed", "reportsToChanges", "roleChanges", "stanceChanges"]);
});

test("analysis failures throw with their code", () => {
  throwsWith(() => new RelationshipMap("empty").decisionChain(), Error, "empty_list");
  const m = new RelationshipMap("a");
  m.addStakeholder({ id: "x" });
  throwsWith(() => m.decisionChain(), Error, "no_authority", "authority");
  const s = smallMap();
  throwsWith(() => s.decisionChain({ defaultOpenness: 1 }), RangeError, "invalid_config", "defaultOpenness");
  throwsWith(() => s.decisionChain({ roleAuthority: { coach: -1 } }), RangeError, "invalid_config", "roleAuthority.coach");
  throwsWith(() => s.decisionChain({ maxIterations: 1, tolerance: 1e-300 }), Error, "not_converged", "maxIterations");
  throwsWith(() => s.decisionChain({ stageModel: { milestones: [], stages: [] } }), Error, "empty_list");
  throwsWith(() => s.decisionChain({ trust: { halfLifeDays: -1 } }), RangeError, "invalid_config", "halfLifeDays");
});
