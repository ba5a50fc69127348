// Bad inputs of every kind, in every argument of every exported function and
// method: each call either works or throws an Error (with a string `code` when
// it reaches relmap), never aborts the module, and leaves it working.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as relmap from "relmap";
import { cdnow, sample, smallMap } from "./helpers.mjs";

const cyclic = { id: "x" };
cyclic.self = cyclic;
let deep = {};
for (let i = 0; i < 200; i++) deep = { nested: deep };

/** Values nobody should pass, and a few that look almost right. */
const BAD = [
  undefined, null, true, 0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53 + 2, -(2 ** 60),
  "", "x", "2026-13-45", "economic_buyer", "ceo", " ",
  [], [1, "a", null], [[[]]], ["ceo", "ghost"], {}, { x: 1 }, { id: "" }, { id: 5 }, { id: "ceo" },
  { influence: { ceo: NaN } }, { defaultOpenness: "high" }, { roles: "coach" }, { at: new Date(NaN) },
  () => 1, Symbol("s"), 10n, new Date(NaN), new Date(0), new Float64Array([NaN, 1]), new Int32Array([-1]),
  cyclic, deep, Object.create(null), new Map([["a", 1]]), new Error("not data"),
];

/** Valid arguments of every method: the fuzzing replaces one at a time. */
const MAP_METHODS = {
  addStakeholder: [{ id: "new_one" }],
  updateStakeholder: [{ id: "cio" }],
  removeStakeholder: ["ceo"],
  addRelation: [{ source: "ceo", target: "cio" }],
  removeRelation: ["cio", "ceo", "influences"],
  addTeamMember: [{ id: "rep2" }],
  addInteraction: [{ id: "i9", at: "2026-03-03", channel: "email", members: ["rep"], stakeholders: ["ceo"] }],
  addEvidence: [{ kind: "expertise_signal", id: "e9", at: "2026-03-03", member: "rep", stakeholder: "ceo", positive: true }],
  addOpportunity: [{ id: "o9", name: "O" }],
  setStance: ["ceo", 2],
  equals: [smallMap()],
  account: [],
  stakeholder: ["ceo"],
  stakeholders: [],
  relations: [],
  team: [],
  interactions: [],
  evidence: [],
  opportunities: [],
  toJson: [],
  clone: [],
  decisionChain: [{}],
  decisionChainSince: [smallMap(), {}],
  trust: ["2026-03-02", {}],
  churnSignals: ["2026-03-02", {}],
  trustTimeline: ["rep", "cio", ["2026-03-02"], {}],
  stages: [undefined, "2026-03-02"],
  competition: [{ ceo: 1 }, {}],
  toSvg: [{}, {}],
  toDot: [{}, {}],
  toMermaid: [{}, {}],
  toCytoscape: [{}, {}],
};

const CHAIN_METHODS = {
  influence: ["ceo"],
  predictedStance: ["ceo"],
  influenceMap: [],
  bestPath: ["ceo"],
  accessPaths: ["ceo", 2],
  alternativePaths: ["ceo"],
  contactGains: [],
  topInfluencers: [2],
  summary: [{ topInfluencers: 2, nextBestContacts: 2 }],
  overlay: [smallMap(), "cio"],
  toString: [],
};

// Value inputs: a few transactions, and the CDNOW sample's first 200 customers for
// the fits (a well-posed fit; degenerate data can make an optimizer crawl).
const TX = [["a", "a", "b", "b", "c"], new Float64Array([0, 864e5 * 9, 0, 864e5 * 3, 864e5]), new Float64Array([5, 6, 7, 8, 9])];
const SUMMARY = relmap.rfmSummary(...TX, { asOf: "1970-02-01" });
const ALIVE = new Float64Array([0.9, 0.5, 0.2]);
const CLV = new Float64Array([10, 5, 1]);
const sample200 = (() => {
  const { codes, times, amounts } = cdnow();
  const rows = codes.findIndex((c) => c > 200);
  return relmap.rfmSummary(codes.slice(0, rows), times.slice(0, rows), amounts.slice(0, rows), { asOf: "1997-09-30" });
})();
const COLUMNS = [sample200.frequency, sample200.recency, sample200.T];

const FUNCTIONS = {
  rfmSummary: [...TX, { asOf: "1970-02-01" }],
  tier: [SUMMARY, ALIVE, CLV, {}, 52],
  lifecycle: [SUMMARY, ALIVE, CLV, {}, 52],
  churnWarnings: [SUMMARY, ALIVE, CLV, {}, { a: [{ signal: "champion_gone_cold", reason: "li (never met)" }] }],
  rfmScores: [SUMMARY, {}],
  classify: [[{ id: "a", value: 1, relationship: 1 }], {}],
  diff: [smallMap(), smallMap()],
  defaultChainConfig: [],
  defaultTrustConfig: [],
  defaultStageModel: [],
  defaultRenderOptions: [],
  errorCodes: [],
  version: [],
};
FUNCTIONS.classifyPortfolio = [[smallMap()], { acme: 1 }, "2026-03-02", {}, {}];

/** A printable name of any value (some have no string form). */
function show(v) {
  try {
    return typeof v === "symbol" ? v.toString() : String(v).slice(0, 40);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** Calls with each bad value in each position (and one past the end); checks what comes back. */
function fuzz(name, call, valid) {
  let calls = 0;
  for (let i = 0; i <= valid.length; i++) {
    for (const bad of BAD) {
      const args = [...valid];
      args[i] = bad;
      calls++;
      try {
        call(args);
      } catch (e) {
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `${name} arg ${i} = ${show(bad)}: the module aborted: ${e}`);
        assert.ok(e instanceof Error, `${name} arg ${i}: threw a non-Error ${show(e)}`);
        // Every error carries a code, the generated glue's own included.
        assert.equal(typeof e.code, "string", `${name} arg ${i} = ${show(bad)}: no code: ${e}`);
        assert.ok(e.field === null || typeof e.field === "string", `${name}: field`);
      }
    }
  }
  return calls;
}

test("every map method survives bad arguments", () => {
  let calls = 0;
  for (const [name, valid] of Object.entries(MAP_METHODS)) {
    assert.equal(typeof relmap.RelationshipMap.prototype[name], "function", name);
    calls += fuzz(`RelationshipMap.${name}`, (args) => smallMap()[name](...args), valid);
  }
  calls += fuzz("RelationshipMap.fromJson", ([t]) => relmap.RelationshipMap.fromJson(t), ["{}"]);
  calls += fuzz("new RelationshipMap", ([a, b]) => new relmap.RelationshipMap(a, b), ["a", "A"]);
  assert.ok(calls > 1000);
  // Still working, and the numbers are still right.
  const chain = sample("manufacturing_cloud").decisionChain();
  assert.ok(Math.abs(chain.decisionInfluence.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});

test("every decision-chain method survives bad arguments", () => {
  const chain = smallMap().decisionChain();
  for (const [name, valid] of Object.entries(CHAIN_METHODS)) {
    assert.equal(typeof relmap.DecisionChain.prototype[name], "function", name);
    fuzz(`DecisionChain.${name}`, (args) => chain[name](...args), valid);
  }
  assert.equal(chain.bestPath("ceo").member, "rep");
});

test("every function survives bad arguments", () => {
  for (const [name, valid] of Object.entries(FUNCTIONS)) {
    assert.equal(typeof relmap[name], "function", name);
    fuzz(name, (args) => relmap[name](...args), valid);
  }
  assert.equal(relmap.classify([{ id: "a", value: 1, relationship: 1 }]).accounts.length, 1);
});

const MODELS = {
  BetaGeo: [{ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, [...COLUMNS, null, {}]],
  ParetoNbd: [{ r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, [...COLUMNS, null, {}]],
  GammaGamma: [{ p: 6.25, q: 3.74, v: 15.44 }, [sample200.frequency, sample200.monetaryValue, null, {}]],
};

test("every value model survives bad arguments", () => {
  for (const [name, [params, fitArgs]] of Object.entries(MODELS)) {
    const Model = relmap[name];
    fuzz(`new ${name}`, ([p]) => new Model(p), [params]);
    fuzz(`${name}.fit`, (args) => Model.fit(...args), fitArgs);
    const model = new Model(params);
    const methods = name === "GammaGamma"
      ? { expectedSpend: [SUMMARY.frequency, SUMMARY.monetaryValue], meanSpend: [] }
      : {
        pAlive: COLUMNS,
        expectedPurchases: [10, ...COLUMNS],
        clv: [sample200.monetaryValue, ...COLUMNS, {}],
        logLikelihoodOf: [...COLUMNS, null],
      };
    for (const [method, valid] of Object.entries(methods)) {
      assert.equal(typeof Model.prototype[method], "function", `${name}.${method}`);
      fuzz(`${name}.${method}`, (args) => model[method](...args), valid);
    }
  }
  assert.equal(new relmap.BetaGeo(MODELS.BetaGeo[0]).pAlive(...COLUMNS).length, 200);
});

test("malformed documents of every kind throw, never abort", () => {
  const good = JSON.parse(sample("manufacturing_cloud").toJson());
  const variants = [
    "", "{", "[]", "null", "42", '"map"', "{}", '{"format": "relmap/9"}',
    JSON.stringify({ ...good, stakeholders: "many" }),
    JSON.stringify({ ...good, stakeholders: [...good.stakeholders, good.stakeholders[0]] }),
    JSON.stringify({ ...good, relations: [{ ...good.relations[0], strength: 0 }] }),
    JSON.stringify({ ...good, relations: [{ ...good.relations[0], strength: 1e309 }] }),
    JSON.stringify({ ...good, stakeholders: good.stakeholders.map((s, i) => (i === 0 ? { ...s, reports_to: good.stakeholders[5].id } : s)) }),
    JSON.stringify({ ...good, interactions: [{ ...good.interactions[0], at: "later" }] }),
    JSON.stringify({ ...good, interactions: [{ ...good.interactions[0], members: [] }] }),
    JSON.stringify({ ...good, evidence: [{ ...good.evidence[0], kind: "gossip" }] }),
    "\u0000\uffff".repeat(100),
    "[".repeat(10000) + "]".repeat(10000),
  ];
  for (const text of variants) {
    let e;
    try {
      relmap.RelationshipMap.fromJson(text);
    } catch (err) {
      e = err;
    }
    assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), `${text.slice(0, 60)}: ${e}`);
    assert.equal(typeof e.code, "string", text.slice(0, 60));
  }
});

test("maps too large or deep for JavaScript's data are refused with a path", () => {
  const m = smallMap();
  const e = (() => { try { m.decisionChain(deep); } catch (err) { return err; } })();
  assert.ok(e instanceof TypeError);
  assert.equal(e.code, "invalid_argument");
  assert.match(e.message, /nested deeper/);
  const c = (() => { try { m.decisionChain({ stageModel: { milestones: [cyclic], stages: [] } }); } catch (err) { return err; } })();
  assert.equal(c.code, "invalid_argument");
});

test("a freed or foreign object throws, never aborts", () => {
  const m = smallMap();
  const chain = m.decisionChain();
  const other = smallMap();
  other.free();
  for (const action of [() => m.equals(other), () => relmap.diff(m, other), () => m.decisionChainSince(other), () => other.toJson()]) {
    const e = (() => { try { action(); } catch (err) { return err; } })();
    assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError), String(e));
  }
  const e = (() => { try { m.equals(chain); } catch (err) { return err; } })();
  assert.ok(e instanceof TypeError);
  assert.equal(e.code, "invalid_argument");
  chain.free();
  assert.ok(m.decisionChain().predictedSupport > 0, "the module still works");
});
