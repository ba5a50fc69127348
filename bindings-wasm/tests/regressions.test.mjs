// Regression tests for the bad inputs that once trapped the module, hung, coerced
// silently or lost data, as JavaScript sees them (the numbers are those of the
// reliability defects; the Rust tests are in core/tests/regressions.rs).
import { test } from "node:test";
import assert from "node:assert/strict";

import { BetaGeo, ParetoNbd, RelationshipMap, rfmSummary } from "relmap";
import { smallMap, throwsWith } from "./helpers.mjs";

const doc = (at) =>
  JSON.stringify({
    account: { id: "a", name: "A" },
    stakeholders: [{ id: "x", name: "X" }],
    team: [{ id: "m", name: "M" }],
    interactions: [{ id: "i", at, channel: "visit", members: ["m"], stakeholders: ["x"] }],
  });

test("d1: a huge customer code is summarised, not a trap", () => {
  const s = rfmSummary(new Uint32Array([1e9]), new Float64Array([Date.parse("2026-01-01")]), new Float64Array([5]), { asOf: "2026-03-31" });
  assert.deepEqual(Array.from(s.customers), [1e9]);
  // The module still works afterwards.
  assert.equal(smallMap().stakeholderCount, 2);
});

test("d2: value models take constant time in the frequency; CLV periods are bounded", () => {
  const start = performance.now();
  for (const Model of [BetaGeo, ParetoNbd]) {
    try {
      Model.fit([1e15, 1, 0], [30, 5, 0], [40, 40, 40]);
    } catch (e) {
      assert.equal(typeof e.code, "string", String(e));
    }
  }
  // A hang guard, not a benchmark: the fits used to run for minutes.
  assert.ok(performance.now() - start < 60_000);
  const bg = new BetaGeo({ r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 });
  throwsWith(() => bg.clv([10], [2], [30], [38], { periods: 1_000_000 }), RangeError, "invalid_config", "periods");
});

test("d3: an object stays usable after an argument throws while it is read", () => {
  const m = smallMap();
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const hostile = [
    new Proxy({}, { ownKeys() { throw new Error("k"); } }),
    new Proxy({ id: "x" }, { get() { throw new Error("g"); } }),
    { id: "x", get name() { throw new Error("getter"); } },
    new Proxy([1, 2], { get() { throw new Error("items"); } }),
    new Proxy(new Date(0), {}),
    revoked.proxy,
  ];
  for (const bad of hostile) {
    for (const call of [
      () => m.addStakeholder(bad),
      () => m.updateStakeholder(bad),
      () => m.addInteraction(bad),
      () => m.decisionChain(bad),
      () => m.trust(bad),
      () => m.toSvg(null, bad),
      () => m.toSvg(bad),
      () => new BetaGeo({ r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }).clv([10], [2], [30], [38], bad),
      () => rfmSummary(["a"], ["2026-01-01"], [1], bad),
      () => rfmSummary(["a"], bad, [1], { asOf: "2026-03-31" }),
    ]) {
      try {
        call();
      } catch (e) {
        assert.ok(e instanceof Error, String(e));
        assert.equal(typeof e.code, "string", `${e.name}: ${e.message}`);
      }
      // The map still works, and its stakeholders are unchanged.
      assert.equal(m.stakeholderCount, 2);
      assert.ok(m.toJson().includes('"cio"'));
    }
  }
  m.addStakeholder({ id: "cfo", name: "CFO" });
  assert.equal(m.stakeholderCount, 3);
  m.free();
});

test("d4: a duplicate JSON key is an error naming its path", () => {
  const text = '{"account": {"id": "a", "name": "A"}, "stakeholders": [{"id": "c", "name": "C"}], "stakeholders": []}';
  throwsWith(() => RelationshipMap.fromJson(text), Error, "duplicate_json_key", "stakeholders");
  throwsWith(() => RelationshipMap.fromJson('{"format": "relmap/2", "format": "relmap/1"}'), Error, "duplicate_json_key", "format");
});

test("d5: times that cannot be written back are refused; the last one that can round-trips", () => {
  for (const at of ["9999-12-31T23:00:00-05:00", "2016-12-31T23:59:60Z", "0000-01-01T00:00:00+00:01"]) {
    throwsWith(() => RelationshipMap.fromJson(doc(at)), Error, "json_shape", "interactions[0].at");
  }
  const m = RelationshipMap.fromJson(doc("9999-12-31T18:59:59-05:00"));
  assert.ok(RelationshipMap.fromJson(m.toJson()).equals(m));
});

test("d7: results are finite or a typed error", () => {
  const p = new ParetoNbd({ r: 1e-300, alpha: 1e-300, s: 1e-300, beta: 1e-300 });
  assert.deepEqual(Array.from(p.pAlive([0], [0], [38])), [1]);
  assert.ok(Number.isFinite(p.expectedPurchases(10, [0], [0], [38])[0]));
  assert.ok(Number.isFinite(p.clv([10], [0], [0], [38])[0]));
  const days = new Float64Array(["2026-01-01", "2026-01-02", "2026-01-03"].map(Date.parse));
  throwsWith(() => rfmSummary(["a", "a", "a"], days, [1e308, 1e308, 1], { asOf: "2026-03-31" }), Error, "overflow", "amount");
  const bg = new BetaGeo({ r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 });
  throwsWith(() => bg.clv([1e308], [2], [30], [38], { margin: 10 }), Error, "overflow", "spend");
});

test("d8: numbers must be numbers and counts whole numbers in range", () => {
  const m = smallMap();
  for (const bad of [[], "", "1", true, new Date(0), {}, 10n, Symbol("s")]) {
    throwsWith(() => m.setStance("cio", bad), TypeError, "invalid_argument", "stance");
  }
  assert.equal(m.stakeholder("cio").stance, 4, "nothing was set");
  m.setStance("cio", -2);
  assert.equal(m.stakeholder("cio").stance, -2);
  m.setStance("cio", null);
  assert.equal(m.stakeholder("cio").stance ?? null, null);
  const chain = m.decisionChain();
  for (const k of [-1, 2 ** 32, 2.5, NaN, Infinity, "3", null]) {
    throwsWith(() => chain.accessPaths("ceo", k), TypeError, "invalid_argument", "k");
  }
  assert.equal(chain.accessPaths("ceo", 2).length, 1);
  throwsWith(() => chain.topInfluencers(-1), TypeError, "invalid_argument", "n");
  throwsWith(() => chain.summary({ topInfluencers: -1 }), TypeError, "invalid_argument", "topInfluencers");
  throwsWith(() => chain.summary({ nextBestContacts: 2.5 }), TypeError, "invalid_argument", "nextBestContacts");
  assert.equal(chain.summary().topInfluencers.length, 2);
  const bg = new BetaGeo({ r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 });
  throwsWith(() => bg.expectedPurchases("10", [2], [30], [38]), TypeError, "invalid_argument", "t");
});

test("d11: empty competitor names, picture sizes, labels and negative zero", () => {
  const m = new RelationshipMap("a", "A");
  throwsWith(() => m.addOpportunity({ id: "o", name: "O", competitors: [""] }), Error, "empty_id", "opportunities[0].competitors[0]");
  m.addStakeholder({ id: "x", name: "Chen\u0000\u001b[31m %%{init: {'theme':'dark'}}%%", roles: ["economic_buyer"], stance: -0 });
  for (const width of [1e308, 1e-300]) {
    throwsWith(() => m.toSvg(null, { width }), RangeError, "invalid_config", "options.width");
  }
  const dot = m.toDot();
  assert.ok(!dot.includes("\u0000") && !dot.includes("\u001b"), dot);
  const mermaid = m.toMermaid();
  assert.ok(!mermaid.includes("%%") && !mermaid.includes("\u0000"), mermaid);
  const share = m.decisionChain().coverage.share;
  assert.ok(Object.is(share, 0), `coverage ${share}`);
  assert.ok(!m.toSvg(m.decisionChain().overlay(m)).includes("-0"));
});

test("d11: fromJson names the document's snake_case path, also for a content error; addStakeholder the camelCase field", () => {
  const doc = {
    format: "relmap/2",
    account: { id: "a", name: "A" },
    stakeholders: [{ id: "ceo", name: "C", roles: ["economic_buyer"] }, { id: "cio", name: "L", reports_to: "ghost" }],
  };
  const e = throwsWith(() => RelationshipMap.fromJson(JSON.stringify(doc)), Error, "unknown_reference", "stakeholders[1].reports_to");
  assert.match(e.message, /reports_to/);
  const m = new RelationshipMap("a", "A");
  throwsWith(() => m.addStakeholder({ id: "x", reportsTo: "ghost" }), Error, "unknown_reference", "stakeholders[0].reportsTo");
});

test("d3/d9: a freed object throws freed_object, the glue's own errors carry code and field, and the object before stays usable", () => {
  const m = smallMap();
  const gone = smallMap();
  gone.free();
  throwsWith(() => gone.toJson(), TypeError, "freed_object", null);
  throwsWith(() => m.equals(gone), TypeError, "freed_object", "other");
  throwsWith(() => m.setStance("cio", 10n), TypeError, "invalid_argument", "stance");
  assert.equal(m.equals(m), true);
  gone.free();
});
