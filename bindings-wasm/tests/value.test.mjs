// Customer value on typed arrays, against the published CDNOW numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { BetaGeo, GammaGamma, ParetoNbd, RelationshipMap, churnWarnings, lifecycle, rfmScores, rfmSummary, tier } from "relmap";
import { cdnow, close, repo, throwsWith } from "./helpers.mjs";

function reference() {
  const [, ...lines] = readFileSync(repo("examples/data/cdnow/cdnow_customers_summary_with_transactions.csv"), "utf8").trim().split("\n");
  return lines.map((l) => l.split(",").map(Number));
}

const data = cdnow();
const summary = rfmSummary(data.codes, data.times, data.amounts, { asOf: "1997-09-30", unit: "week" });

test("the RFM summary reproduces the published CDNOW summary to 0.01", () => {
  const ref = reference();
  assert.ok(summary.customers instanceof Uint32Array);
  assert.equal(summary.customers.length, ref.length);
  for (const name of ["frequency", "recency", "T", "monetaryValue", "totalAmount", "recentAmount", "previousAmount", "firstPurchase", "lastPurchase"]) {
    assert.ok(summary[name] instanceof Float64Array, name);
  }
  assert.ok(summary.nTransactions instanceof Uint32Array);
  ref.forEach(([id, x, tx, T, zbar], i) => {
    assert.equal(summary.customers[i], id);
    close(summary.frequency[i], x, 1e-9, `x of ${id}`);
    close(summary.recency[i], tx, 0.01, `t_x of ${id}`);
    close(summary.T[i], T, 0.01, `T of ${id}`);
    close(summary.monetaryValue[i], zbar, 0.01, `zbar of ${id}`);
  });
  assert.equal(summary.asOf, "1997-09-30T00:00:00Z");
  assert.equal(summary.unit, "week");
  assert.equal(summary.totalMargin, null);
  assert.equal(summary.holdout, null);
  assert.equal(summary.transactionsUsed + summary.transactionsAfterEnd, data.amounts.length);
  assert.equal(summary.firstPurchase[0], Date.UTC(1997, 0, 1));
});

test("string ids, date strings, margins and a holdout", () => {
  const byId = rfmSummary(data.ids, data.times, data.amounts, { asOf: "1997-09-30" });
  assert.ok(Array.isArray(byId.customers));
  assert.deepEqual(Array.from(byId.frequency), Array.from(summary.frequency));
  const dates = Array.from(data.times.slice(0, 6), (t) => new Date(t).toISOString().slice(0, 10));
  const small = rfmSummary(data.ids.slice(0, 6), dates, data.amounts.slice(0, 6), {
    asOf: "1997-06-30", unit: "day", margins: data.amounts.slice(0, 6).map((a) => a * 0.25), holdoutEnd: "1998-06-30", growthWindowDays: 30,
  });
  assert.equal(small.unit, "day");
  assert.equal(small.growthWindowDays, 30);
  close(small.totalMargin.reduce((a, b) => a + b, 0), small.totalAmount.reduce((a, b) => a + b, 0) * 0.25, 1e-9);
  assert.ok(small.holdout.frequency instanceof Float64Array);
  assert.equal(small.holdout.end, "1998-06-30T00:00:00Z");
});

test("BG/NBD on CDNOW gives the published parameters and log-likelihood", () => {
  const bg = BetaGeo.fit(summary.frequency, summary.recency, summary.T);
  const { r, alpha, a, b } = bg.params;
  close(r, 0.2426, 1e-3 * 0.2426, "r");
  close(alpha, 4.4136, 1e-3 * 4.4136, "alpha");
  close(a, 0.7929, 1e-3 * 0.7929, "a");
  close(b, 2.4259, 1e-3 * 2.4259, "b");
  close(bg.logLikelihood, -9582.43, 0.01, "log-likelihood");
  assert.ok(bg.report.iterations > 0);
  assert.deepEqual(bg.report.atBound, []);
  const tiny = BetaGeo.fit([1, 0, 2], [5, 0, 9], [10, 10, 10]);
  assert.ok(tiny.report.atBound.includes("r") && tiny.report.atBound.includes("a"), tiny.report.atBound.join());
  close(bg.logLikelihoodOf(summary.frequency, summary.recency, summary.T), bg.logLikelihood, 1e-6);

  const alive = bg.pAlive(summary.frequency, summary.recency, summary.T);
  assert.ok(alive instanceof Float64Array && alive.length === summary.customers.length);
  assert.ok(alive.every((p) => p >= 0 && p <= 1));
  const e10 = bg.expectedPurchases(10, summary.frequency, summary.recency, summary.T);
  const e52 = bg.expectedPurchases(52, summary.frequency, summary.recency, summary.T);
  assert.ok(e52.every((x, i) => x >= e10[i]));

  // A model with the published parameters predicts the same as the fitted one, nearly.
  const published = new BetaGeo({ r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 });
  assert.equal(published.logLikelihood, undefined);
  assert.equal(published.report, undefined);
  const p2 = published.pAlive(summary.frequency, summary.recency, summary.T);
  assert.ok(p2.every((p, i) => Math.abs(p - alive[i]) < 1e-3));
});

test("Pareto/NBD, Gamma-Gamma, CLV, tiers, lifecycle, churn warnings and RFM scores", () => {
  const pnbd = ParetoNbd.fit(summary.frequency, summary.recency, summary.T, null, { optimizer: { maxIterations: 1000 } });
  const p = pnbd.params;
  for (const k of ["r", "alpha", "s", "beta"]) assert.ok(p[k] > 0, k);
  assert.ok(pnbd.pAlive(summary.frequency, summary.recency, summary.T).every((x) => x >= 0 && x <= 1));

  const gg = GammaGamma.fit(summary.frequency, summary.monetaryValue);
  assert.deepEqual(Object.keys(gg.params).sort(), ["p", "q", "v"]);
  assert.ok(gg.meanSpend() > 0);
  assert.ok(gg.report.distinctRows > 0);
  assert.ok(Number.isFinite(gg.logLikelihood));
  const spend = gg.expectedSpend(summary.frequency, summary.monetaryValue);
  const bg = BetaGeo.fit(summary.frequency, summary.recency, summary.T);
  const clv = bg.clv(spend, summary.frequency, summary.recency, summary.T);
  assert.ok(clv.every((v) => v >= 0));
  const margin = bg.clv(spend, summary.frequency, summary.recency, summary.T, { margin: 0.5 });
  close(margin[0], clv[0] * 0.5, 1e-9);
  const known = new GammaGamma({ p: 6.25, q: 3.74, v: 15.44 });
  assert.equal(known.expectedSpend([0], [0])[0], known.meanSpend());
  assert.ok(new ParetoNbd({ r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }).expectedPurchases(52, [1], [10], [38])[0] > 0);

  const alive = bg.pAlive(summary.frequency, summary.recency, summary.T);
  const tiers = tier(summary, alive, clv);
  assert.equal(tiers.tier.length, summary.customers.length);
  const vip = tiers.tier.filter((t) => t === "vip").length / tiers.tier.length;
  assert.ok(vip > 0.15 && vip <= 0.25, `vip share ${vip}`);
  assert.ok(tiers.reason.every((r) => r.length > 0));
  assert.ok(tiers.vipThreshold > 0);
  assert.notDeepEqual(tier(summary, alive, clv, { vipShare: 0.05 }).tier, tiers.tier);
  const stages = lifecycle(summary, alive, clv);
  assert.equal(stages.stage.length, summary.customers.length);
  assert.ok(stages.stage.includes("churned"));
  assert.deepEqual(lifecycle(summary, alive, clv, {}, 52).stage, lifecycle(summary, alive, clv, undefined, 52).stage);
  const warnings = churnWarnings(summary, alive, clv);
  assert.ok(warnings.length > 0);
  assert.ok(warnings.every((w) => w.customer >= 0 && w.customer < summary.customers.length && w.signals.length > 0));
  assert.deepEqual(Object.keys(warnings[0]).sort(), ["customer", "pAlive", "rateRatio", "reason", "severity", "signals"]);

  // A low-severity customer whose account has a champion never met and no economic buyer:
  // the relationship signals of its map join in and raise the warning to high.
  const target = warnings.find((w) => w.severity === "low");
  const id = String(summary.customers[target.customer]);
  const map = new RelationshipMap(id, "CD buyer");
  map.addStakeholder({ id: "fan", name: "Fan", roles: ["champion"] });
  const found = map.churnSignals("1997-09-30");
  assert.deepEqual(found.map((s) => s.signal), ["champion_gone_cold", "economic_buyer_uncovered"]);
  assert.match(found[0].reason, /Fan \(never met\)/);
  const joined = churnWarnings(summary, alive, clv, null, { [id]: found });
  const w = joined.find((x) => x.customer === target.customer);
  assert.equal(w.severity, "high");
  assert.deepEqual(w.signals.slice(-2), ["champion_gone_cold", "economic_buyer_uncovered"]);
  assert.equal(joined.length, warnings.length);
  const others = (list) => list.filter((x) => x.customer !== target.customer).map((x) => [x.customer, x.severity]).sort((a, b) => a[0] - b[0]);
  assert.deepEqual(others(joined), others(warnings));
  // Met a week before, the champion is warm; the economic buyer is still missing.
  map.addTeamMember({ id: "rep", name: "Rep" });
  map.addInteraction({ id: "v1", at: "1997-09-23", channel: "visit", members: ["rep"], stakeholders: ["fan"] });
  assert.deepEqual(map.churnSignals("1997-09-30").map((s) => s.signal), ["economic_buyer_uncovered"]);
  assert.deepEqual(map.churnSignals("1997-09-30", { championColdDays: 3 }).map((s) => s.signal), ["champion_gone_cold", "economic_buyer_uncovered"]);
  assert.deepEqual(map.churnSignals().map((s) => s.signal), ["economic_buyer_uncovered"], "as of the map's latest dated item");
  // A purchase signal is no relationship signal; unknown names and bad configs are refused.
  throwsWith(() => churnWarnings(summary, alive, clv, null, { [id]: [{ signal: "low_p_alive", reason: "x" }] }), TypeError, "invalid_argument", "relationship");
  throwsWith(() => churnWarnings(summary, alive, clv, null, { [id]: [{ signal: "cold", reason: "x" }] }), TypeError, "invalid_argument");
  throwsWith(() => map.churnSignals("1997-09-30", { pAlive: 2 }), RangeError, "invalid_config", "pAlive");

  const scores = rfmScores(summary);
  assert.equal(scores.segment.length, summary.customers.length);
  assert.ok(scores.r.every((s) => s >= 1 && s <= 5));
  assert.ok(rfmScores(summary, { bins: 3 }).f.every((s) => s <= 3));
});

test("bad value inputs throw with their code", () => {
  const { codes, times, amounts } = data;
  throwsWith(() => rfmSummary(codes, times, amounts.slice(1), { asOf: "1997-09-30" }), TypeError, "length_mismatch");
  throwsWith(() => rfmSummary(codes, times, amounts, { asOf: "1990-01-01" }), Error, "as_of_before_first_purchase");
  throwsWith(() => rfmSummary(codes, times, amounts), TypeError, "invalid_argument");
  throwsWith(() => rfmSummary(codes, times, amounts, {}), TypeError, "invalid_argument", "asOf");
  throwsWith(() => rfmSummary(codes, times, amounts, { asOf: "1997-09-30", unit: "fortnight" }), TypeError, "invalid_argument", "unit");
  throwsWith(() => rfmSummary(new Int32Array([-1]), [0], [1], { asOf: "1997-09-30" }), TypeError, "invalid_argument", "customers[0]");
  throwsWith(() => rfmSummary(["a"], new Float64Array([NaN]), [1], { asOf: "1997-09-30" }), RangeError, "non_finite");
  throwsWith(() => rfmSummary(["a"], times.slice(0, 1), [-5], { asOf: "1997-09-30" }), RangeError, "out_of_range");
  throwsWith(() => rfmSummary([], [], [], { asOf: "1997-09-30" }), Error, "empty_list");
  throwsWith(() => rfmSummary("abc", times, amounts, { asOf: "1997-09-30" }), TypeError, "invalid_argument", "customers");
  throwsWith(() => BetaGeo.fit([0, 0], [0, 0], [5, 5]), Error, "no_repeat_purchases");
  throwsWith(() => BetaGeo.fit([1], [2], [3]), Error, "too_few_customers");
  throwsWith(() => BetaGeo.fit([1, 2], [3], [4, 5]), TypeError, "length_mismatch");
  throwsWith(() => BetaGeo.fit([1, 2], [3, 1], [4, 5], [1, -1]), RangeError, "out_of_range");
  throwsWith(() => BetaGeo.fit(summary.frequency, summary.recency, summary.T, null, { minCustomers: 0 }), RangeError, "invalid_config", "minCustomers");
  throwsWith(() => BetaGeo.fit(summary.frequency, summary.recency, summary.T, null, { optimizer: { maxIterations: 1 } }), Error, "not_converged");
  throwsWith(() => new BetaGeo({ r: -1, alpha: 1, a: 1, b: 1 }), RangeError, "out_of_range");
  throwsWith(() => new BetaGeo({ r: 1, alpha: 1, a: 1 }), TypeError, "invalid_argument", "b");
  throwsWith(() => new GammaGamma({ p: 1, q: 0.5, v: 1 }).meanSpend(), Error, "undefined");
  throwsWith(() => new BetaGeo({ r: 1, alpha: 1, a: 1, b: 1 }).pAlive([1.5], [1], [2]), RangeError, "out_of_range");
  throwsWith(() => new BetaGeo({ r: 1, alpha: 1, a: 1, b: 1 }).expectedPurchases(-1, [1], [1], [2]), RangeError, "out_of_range");
  throwsWith(() => new BetaGeo({ r: 1, alpha: 1, a: 1, b: 1 }).pAlive("x", [1], [2]), TypeError, "invalid_argument", "frequency");
  throwsWith(() => tier({}, [], []), TypeError, "invalid_argument", "summary.frequency");
  throwsWith(() => tier(summary, [2], [1]), TypeError, "length_mismatch");
  throwsWith(() => rfmScores({ ...summary, recency: new Float64Array(1) }), TypeError, "length_mismatch", "recency");
});
