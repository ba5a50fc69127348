// MBG/NBD, BG/BB, the discrete summary and the population predictions on typed arrays,
// against the published numbers the core's tests use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { BetaGeo, BetaGeoBetaBinom, ModifiedBetaGeo, ParetoNbd, discreteSummary } from "relmap";
import { close, repo, throwsWith } from "./helpers.mjs";

function csv(path) {
  const [, ...lines] = readFileSync(repo(path), "utf8").trim().split("\n");
  const rows = lines.map((l) => l.split(",").map(Number));
  return rows[0].map((_, j) => Float64Array.from(rows, (r) => r[j]));
}

const [, x, tx, T] = csv("examples/data/cdnow/cdnow_customers_summary_with_transactions.csv");
const [dx, dtx, dn, donors, xStar] = csv("examples/data/donations/donations_calibration_rf.csv");
const bg = new BetaGeo({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
const round = (v, digits) => Number(v.toFixed(digits));

test("MBG/NBD reproduces the published CDNOW estimates", () => {
  const mbg = ModifiedBetaGeo.fit(x, tx, T);
  const p = mbg.params;
  assert.deepEqual([p.r, p.alpha, p.a, p.b].map((v) => round(v, 3)), [0.525, 6.183, 0.891, 1.614]);
  assert.equal(typeof mbg.logLikelihood, "number");
  assert.ok(mbg.report.distinctRows > 0);
  const alive = mbg.pAlive([0], [0], [38.86]);
  assert.ok(alive[0] > 0 && alive[0] < 1, "a one-time buyer is not certainly alive");
  assert.equal(new ModifiedBetaGeo(p).logLikelihood, undefined);
});

test("BG/BB reproduces the published donations estimates", () => {
  const bgbb = BetaGeoBetaBinom.fit(dx, dtx, dn, donors);
  const p = bgbb.params;
  assert.deepEqual([p.alpha, p.beta, p.gamma, p.delta].map((v) => round(v, 3)), [1.204, 0.75, 0.657, 2.783]);
  const forecast = bgbb.expectedPurchases(5, dx, dtx, dn);
  const total = forecast.reduce((s, v, i) => s + v * donors[i], 0);
  const actual = xStar.reduce((s, v) => s + v, 0); // the group's holdout donations
  assert.deepEqual([actual, Math.round(total)], [13260, 12884]);
  let sum = 0;
  for (let k = 0; k <= 6; k++) sum += bgbb.probabilityOfRepeatPurchases(k, 6);
  close(sum, 1, 1e-12, "P(X(6) = k) over k");
});

test("population predictions reproduce BTYD", () => {
  assert.equal(round(bg.probabilityOfRepeatPurchases(0, 39), 7), 0.5737864);
  close(bg.probabilityOfRepeatPurchases(10, 2) / 1.07869e-7, 1, 5e-6, "P(X(2) = 10)");
  // E[X(t)] at the fitted CDNOW estimates, as Hardie's BG/NBD spreadsheet prints it.
  const fitted = BetaGeo.fit(x, tx, T);
  assert.deepEqual([1, 3, 32].map((t) => round(fitted.expectedRepeatPurchases(t), 4)), [0.0532, 0.1506, 1.0437]);
  assert.equal(round(fitted.expectedRepeatPurchases(78), 3), 1.858);
  const [f, r, a] = [x, tx, T].map((c) => c.slice(0, 5));
  const expected = bg.expectedPurchases(10, f, r, a);
  const total = new Array(5).fill(0);
  const mean = new Array(5).fill(0);
  for (let n = 0; n < 60; n++) {
    bg.probabilityOfPurchases(n, 10, f, r, a).forEach((p, i) => {
      total[i] += p;
      mean[i] += n * p;
    });
  }
  total.forEach((s, i) => close(s, 1, 1e-9, `sum of customer ${i}`));
  mean.forEach((m, i) => close(m, expected[i], 1e-6 * expected[i], `mean of customer ${i}`));
  const pn = new ParetoNbd({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 });
  assert.deepEqual(Array.from(pn.probabilityOfPurchases(0, 0, f, r, a)), [1, 1, 1, 1, 1]);
});

test("discreteSummary counts calendar periods, a number of days, and a holdout", () => {
  const s = discreteSummary(
    ["a", "a", "a", "a", "b"],
    ["2020-03-01", "2021-05-01", "2021-06-01", "2023-02-01", "2022-07-01"],
    [10, 20, 5, 30, 8],
    { asOf: "2023-12-31" },
  );
  assert.deepEqual(s.customers, ["a", "b"]);
  assert.ok(s.frequency instanceof Float64Array && s.nTransactions instanceof Uint32Array);
  assert.deepEqual([...s.frequency, ...s.recency, ...s.periods], [2, 0, 3, 0, 3, 1]);
  assert.equal(s.monetaryValue[0], 27.5);
  assert.equal(s.period, "year");
  assert.equal(s.holdout, null);
  const q = discreteSummary(["a", "a"], ["2023-01-05", "2023-07-01"], [1, 2], { asOf: "2023-12-31", period: "Q" });
  assert.deepEqual([q.frequency[0], q.recency[0], q.periods[0]], [1, 2, 3]);
  const d = discreteSummary(["a", "a"], ["2023-01-01", "2023-01-20"], [1, 2], { asOf: "2023-01-31", period: 7 });
  assert.deepEqual(d.period, { days: 7 });
  assert.deepEqual([d.frequency[0], d.recency[0], d.periods[0]], [1, 2, 3]);
  const h = discreteSummary(["a", "a", "a"], ["2020-03-01", "2021-05-01", "2023-02-01"], [1, 2, 3], {
    asOf: "2021-12-31",
    holdoutEnd: "2023-12-31",
  });
  assert.deepEqual([h.frequency[0], h.periods[0], h.holdout.frequency[0], h.holdout.periods[0]], [1, 1, 1, 2]);
  const m = new BetaGeoBetaBinom({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 });
  assert.equal(m.pAlive(s.frequency, s.recency, s.periods).length, 2);
});

test("bad input is a typed error and the model stays usable", () => {
  throwsWith(() => discreteSummary(["a"], ["2020-01-01"], [1], { asOf: "2021-01-01", period: "fortnight" }), Error, "invalid_config", "period");
  throwsWith(() => discreteSummary(["a"], ["2020-01-01"], [1], { asOf: "2021-01-01", period: 0 }), Error, "invalid_config", "period");
  const m = new BetaGeoBetaBinom({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 });
  throwsWith(() => m.pAlive([1], [1.5], [3]), Error, "out_of_range");
  throwsWith(() => bg.probabilityOfPurchases(1.5, 10, [1], [1], [2]), Error, "out_of_range", "n");
  throwsWith(() => bg.expectedRepeatPurchases(-1), Error, "out_of_range", "t");
  throwsWith(() => new ModifiedBetaGeo({ r: -1, alpha: 1, a: 1, b: 1 }), Error, "out_of_range", "r");
  assert.ok(m.pAlive([1], [1], [3])[0] > 0);
  assert.equal(round(bg.probabilityOfRepeatPurchases(0, 39), 7), 0.5737864);
});
