// Learning from the team from JavaScript: merged perceptions on hand-made maps
// with known results, openness recovered from a simulated history, warm paths
// through a person who moved (joined by email), dense-map picture options.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as relmap from "relmap";
import { PortfolioNetwork, RelationshipMap } from "relmap";
import { close, thrown, throwsWith } from "./helpers.mjs";

const PEOPLE = ["a", "b", "c", "d"];

function perceived(ties) {
  const m = new RelationshipMap("acct", "Acct");
  for (const p of PEOPLE) m.addStakeholder({ id: p, name: p.toUpperCase(), roles: p === "d" ? ["economic_buyer"] : [] });
  for (const [source, target] of ties) m.addRelation({ source, target, strength: 1 });
  return m;
}

const css = () => ({
  a: perceived([["a", "b"], ["b", "c"], ["c", "d"], ["d", "a"], ["a", "c"]]),
  b: perceived([["a", "b"], ["b", "c"], ["c", "d"], ["b", "d"]]),
  c: perceived([["a", "b"], ["b", "c"], ["d", "a"], ["c", "a"]]),
  d: perceived([["a", "b"], ["c", "d"], ["d", "a"], ["d", "b"]]),
});

function ties(m) {
  const out = [];
  for (const r of JSON.parse(m.toJson()).relations) {
    out.push(r.source + r.target);
    if (r.direction === "both") out.push(r.target + r.source);
  }
  return out.sort();
}

test("the rules give the hand-computed consensus", () => {
  const maps = css();
  assert.deepEqual(ties(relmap.mergePerceptions(maps, "intersection").map), ["ab"]);
  assert.deepEqual(ties(relmap.mergePerceptions(maps, { share: 0.5 }).map), ["ab", "bc", "cd", "da"]);
  assert.equal(ties(relmap.mergePerceptions(maps).map).length, 8); // union by default
  assert.deepEqual(ties(relmap.mergePerceptions(maps, "las_and").map), ["ab", "bc", "da"]);
  assert.deepEqual(ties(relmap.mergePerceptions(maps, "las_or").map), ["ab", "ac", "bc", "bd", "ca", "cd", "da", "db"]);
  // The perceptions stay usable.
  assert.equal(maps.a.relationCount, 5);
});

test("accuracy, influence ranges and disputes", () => {
  const merged = relmap.mergePerceptions(css(), { share: 0.5 });
  assert.deepEqual(merged.perceivers, PEOPLE);
  const a = merged.accuracy[0];
  assert.deepEqual([a.drawn, a.agreed, a.precision, a.recall], [5, 4, 0.8, 1]);
  close(a.correlation, 28 / Math.sqrt(5 * 4 * 8 * 7), 1e-12);
  for (const x of merged.accuracy.slice(1)) {
    assert.deepEqual([x.precision, x.recall], [0.75, 0.75]);
    close(x.correlation, 20 / 32, 1e-12);
  }
  close(merged.influence.reduce((s, r) => s + r.consensus, 0), 1, 1e-9);
  for (const r of merged.influence) assert.ok(r.min <= r.consensus + 1e-12 && r.consensus <= r.max + 1e-12);
  const chain = merged.map.decisionChain();
  close(chain.influence.d ?? chain.decisionInfluence[3], merged.influence[3].consensus, 1e-12);
  const top = merged.disputes[0];
  assert.ok(["tie", "stance", "role", "reports_to"].includes(top.kind));
  assert.ok(merged.disputes.every((d, i, all) => i === 0 || all[i - 1].atStake >= d.atStake));
});

test("merge errors are typed", () => {
  throwsWith(() => relmap.mergePerceptions({}), Error, "empty_list");
  throwsWith(() => relmap.mergePerceptions(css(), { share: 1.5 }), Error, "invalid_config");
  throwsWith(() => relmap.mergePerceptions(css(), "majority"), TypeError, "invalid_argument");
  throwsWith(() => relmap.mergePerceptions({ a: "not a map" }), TypeError, "invalid_argument", "perceptions.a");
  throwsWith(() => relmap.mergePerceptions([perceived([])]), TypeError, "invalid_argument", "perceptions");
});

const STAFF = [
  ["gm", null, 1, 0.2], ["cfo", "gm", -4, 0.35], ["cio", "gm", 4, 0.6], ["coo", "gm", -2, 0.8],
  ["arch", "cio", 5, 0.5], ["ops", "cio", 0, 0.7], ["buyer", "cfo", -1, 0.3], ["plant", "coo", 3, 0.45], ["qa", "coo", -5, 0.65],
];

function account() {
  const m = new RelationshipMap("acct", "Acct");
  for (const [id, boss, stance, openness] of STAFF) {
    m.addStakeholder({ id, name: id, reportsTo: boss, stance, openness, roles: id === "gm" ? ["economic_buyer"] : [] });
  }
  for (const [s, t] of [["cio", "cfo"], ["arch", "gm"], ["qa", "cio"], ["plant", "buyer"], ["cfo", "coo"], ["ops", "qa"]]) {
    m.addRelation({ source: s, target: t, strength: 0.8 });
  }
  return m;
}

test("openness is recovered from a simulated history", () => {
  const history = relmap.simulateHistory(account(), { steps: 4 });
  assert.equal(history.length, 5);
  const fit = relmap.fitOpenness(history);
  assert.equal(fit.snapshots, 5);
  for (const e of fit.people) {
    assert.equal(e.status, "fitted");
    close(e.openness, STAFF.find((s) => s[0] === e.id)[3], 1e-9, e.id);
  }
  const h = relmap.opennessHoldout(history);
  assert.ok(h.rmse < 1e-9 && h.baselineRmse > 0);
  const next = relmap.predictNext(relmap.fitOpenness(history.slice(0, 4)), history[3].map);
  const last = history[4].map;
  for (const p of next) close(p.predicted, last.stakeholder(p.id).stance, 1e-9, p.id);
  const applied = relmap.applyOpenness(fit, account());
  close(applied.stakeholder("cio").openness, 0.6, 1e-9);
  throwsWith(() => relmap.fitOpenness(history.slice(0, 2)), Error, "too_few_snapshots", "snapshots");
  throwsWith(() => relmap.fitOpenness(history.map((s) => ({ at: s.at, map: account() }))), Error, "no_stance_change");
  throwsWith(() => relmap.fitOpenness([{ at: "yesterday", map: account() }]), TypeError, "invalid_argument", "snapshots[0].at");
});

function portfolio(email) {
  const acme = new RelationshipMap("acme", "Acme");
  acme.addTeamMember({ id: "rep", name: "Zhao" });
  acme.addStakeholder({ id: "gm", name: "Sun", roles: ["economic_buyer"] });
  acme.addStakeholder({ id: "li", name: "Li Na", reportsTo: "gm", roles: ["champion"], stance: 4, emails: email ? ["li.na@example.cn"] : [] });
  ["2025-09-01", "2025-10-08", "2025-11-12", "2025-12-10"].forEach((at, k) =>
    acme.addInteraction({ id: `a${k}`, at, channel: "visit", members: ["rep"], stakeholders: ["li"] }),
  );
  const beta = new RelationshipMap("beta", "Beta");
  beta.addTeamMember({ id: "rep", name: "Zhao" });
  beta.addStakeholder({ id: "ceo", name: "Chen", roles: ["economic_buyer"] });
  beta.addStakeholder({ id: "cio", name: "Liu", reportsTo: "ceo" });
  beta.addStakeholder({ id: "li_na", name: "Li Na", reportsTo: "cio", roles: ["influencer"], emails: email ? ["Li.Na@Example.CN"] : [] });
  beta.addStakeholder({ id: "eng", name: "Ma", reportsTo: "cio" });
  beta.addRelation({ source: "li_na", target: "cio", strength: 0.9 });
  beta.addRelation({ source: "cio", target: "ceo", strength: 0.8 });
  beta.addInteraction({ id: "b1", at: "2026-03-05", channel: "visit", members: ["rep"], stakeholders: ["eng"] });
  beta.addInteraction({ id: "b2", at: "2026-03-20", channel: "visit", members: ["rep"], stakeholders: ["li_na"] });
  return [acme, beta];
}

test("the same email in two accounts is one person", () => {
  const maps = portfolio(true);
  assert.deepEqual(new PortfolioNetwork(maps).warmPaths("beta", "ceo"), []);
  const net = new PortfolioNetwork(maps, { identity: ["email"] });
  assert.deepEqual(net.accounts, ["acme", "beta"]);
  assert.deepEqual(net.members, ["rep"]);
  assert.deepEqual(net.appearances.map((a) => `${a.account}/${a.stakeholder}`), ["acme/gm", "acme/li", "beta/ceo", "beta/cio", "beta/li_na", "beta/eng"]);
  assert.equal(net.appearances[1].firstSeen, "2025-09-01T00:00:00Z");
  assert.equal(net.people.length, 5);
  assert.deepEqual(net.sharedPeople.map((p) => p.key), ["email:li.na@example.cn"]);
  assert.deepEqual(net.person("acme", "li"), net.person("beta", "li_na"));
  const [best] = net.warmPaths("beta", "ceo", 3);
  assert.deepEqual(best.steps.map((s) => `${s.account}/${s.stakeholder}`), ["acme/li", "beta/li_na", "beta/cio", "beta/ceo"]);
  assert.deepEqual(best.steps.map((s) => s.samePerson), [false, true, false, false]);
  const tie = net.ties.find((t) => t.stakeholder === "li").strength;
  close(best.reliability, tie * 0.9 * 0.8, 1e-12);
  const linked = new PortfolioNetwork(portfolio(false), {
    links: [{ first: { account: "acme", stakeholder: "li" }, second: { account: "beta", stakeholder: "li_na" } }],
  });
  assert.deepEqual(linked.warmPaths("beta", "ceo").map((w) => w.reliability), net.warmPaths("beta", "ceo").map((w) => w.reliability));
  assert.equal(net.moves.length, 1);
  assert.deepEqual([net.moves[0].from.stakeholder, net.moves[0].to.stakeholder, net.moves[0].bestMember], ["li", "li_na", "rep"]);
  assert.equal(net.strongestTies(1)[0].member, "rep");
  // A CRM id per source.
  const crm = new PortfolioNetwork(maps, { identity: [{ crm_id: "salesforce" }] });
  assert.equal(crm.sharedPeople.length, 0);
  throwsWith(() => net.warmPaths("gamma", "ceo"), Error, "not_found");
  throwsWith(() => new PortfolioNetwork(maps, { identityWeight: 0 }), Error, "invalid_config", "identityWeight");
  throwsWith(() => new PortfolioNetwork(maps, { identity: ["phone"] }), TypeError, "invalid_argument");
  throwsWith(() => new PortfolioNetwork([{}]), TypeError, "invalid_argument", "maps[0]");
  assert.equal(maps[0].stakeholderIds.length, 2); // the maps stay usable
});

test("dense maps take the view and lines options", () => {
  const m = new RelationshipMap("dense", "Dense");
  const ids = Array.from({ length: 14 }, (_, i) => `p${i}`);
  ids.forEach((id, i) => m.addStakeholder({ id, name: id.toUpperCase(), reportsTo: i === 0 ? null : ids[Math.floor((i - 1) / 3)], roles: i === 0 ? ["economic_buyer"] : [] }));
  ids.forEach((s, i) => ids.forEach((t, j) => {
    if (i !== j && (i * 7 + j * 3) % 4 === 0) m.addRelation({ source: s, target: t, strength: 0.1 + 0.05 * ((i + j) % 10) });
  }));
  const chart = m.toSvg(null, { view: "chart", lines: { perPerson: { strongest: 2 }, bundle: "on" } });
  const all = m.toSvg(null, { view: "chart", lines: { perPerson: "all" } });
  const matrix = m.toSvg(null, { view: "matrix" });
  assert.ok(all.split("<path").length > chart.split("<path").length);
  assert.notEqual(matrix, chart);
  const e = thrown(() => m.toSvg(null, { view: "sideways" }));
  assert.equal(e.code, "invalid_argument");
});
