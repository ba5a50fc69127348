// Per-customer prediction intervals from JavaScript: bootstrap and delta method, on CDNOW.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { BetaGeo, GammaGamma, ParetoNbd } from "relmap";
import { repo, thrown, throwsWith } from "./helpers.mjs";

function csv(path) {
  const [, ...lines] = readFileSync(repo(path), "utf8").trim().split("\n");
  const rows = lines.map((l) => l.split(",").map(Number));
  return rows[0].map((_, j) => Float64Array.from(rows, (r) => r[j]));
}

const [, x, tx, T, zbar] = csv("examples/data/cdnow/cdnow_customers_summary_with_transactions.csv");
const m = Float64Array.from(zbar, (v, i) => (x[i] > 0 ? v : 0));
const bg = BetaGeo.fit(x, tx, T);
const pnbd = ParetoNbd.fit(x, tx, T);
const gg = GammaGamma.fit(x, m);

test("intervals are typed arrays with the core's defaults, seeded", () => {
  const iv = bg.pAliveIntervals(x, tx, T, { draws: 200, seed: 3 });
  assert.ok(iv.estimate instanceof Float64Array && iv.lower instanceof Float64Array && iv.upper instanceof Float64Array);
  assert.deepEqual([iv.level, iv.method, iv.draws], [0.95, "bootstrap", 200]);
  assert.deepEqual(Array.from(iv.estimate), Array.from(bg.pAlive(x, tx, T)));
  assert.ok(iv.lower.every((l, i) => l <= iv.upper[i]));
  assert.deepEqual(bg.pAliveIntervals(x, tx, T, { draws: 200, seed: 3 }), iv);
  const defaults = bg.expectedPurchasesIntervals(39, x.slice(0, 40), tx.slice(0, 40), T.slice(0, 40));
  assert.deepEqual([defaults.level, defaults.method, defaults.draws], [0.95, "bootstrap", 1000]);
});

for (const [name, model] of [["BG/NBD", bg], ["Pareto/NBD", pnbd]]) {
  test(`${name}: delta and bootstrap intervals agree on CDNOW`, () => {
    const alive = model.pAlive(x, tx, T);
    for (const run of [
      (o) => model.pAliveIntervals(x, tx, T, { level: 0.9, ...o }),
      (o) => model.expectedPurchasesIntervals(39, x, tx, T, { level: 0.9, ...o }),
    ]) {
      const boot = run({ draws: 2000, seed: 5 });
      const delta = run({ method: "delta" });
      assert.deepEqual([delta.method, delta.draws], ["delta", 0]);
      assert.ok(delta.estimate.every((e, i) => delta.lower[i] <= e && e <= delta.upper[i]));
      let compared = 0;
      alive.forEach((p, i) => {
        if (p <= 0.3 || p >= 0.8) return;
        const wb = boot.upper[i] - boot.lower[i];
        const wd = delta.upper[i] - delta.lower[i];
        assert.ok(Math.abs(wd / wb - 1) < 0.15, `${i}: ${wb} vs ${wd}`);
        compared += 1;
      });
      assert.ok(compared > 100);
    }
  });
}

test("spend and CLV intervals", () => {
  const sp = gg.spendIntervals(x, m, { method: "delta" });
  assert.deepEqual(Array.from(sp.estimate), Array.from(gg.expectedSpend(x, m)));
  assert.ok(sp.estimate.every((e, i) => sp.lower[i] < e && e < sp.upper[i]));
  const clv = bg.clvIntervals(gg, x, tx, T, m, { margin: 0.3 }, { draws: 100 });
  const point = bg.clv(gg.expectedSpend(x, m), x, tx, T, { margin: 0.3 });
  clv.estimate.forEach((e, i) => assert.ok(Math.abs(e - point[i]) <= 1e-12 * Math.max(1, point[i])));
  const delta = pnbd.clvIntervals(gg, x, tx, T, m, undefined, { method: "delta", level: 0.8 });
  assert.ok(delta.estimate.every((e, i) => delta.lower[i] <= e && e <= delta.upper[i]));
});

test("bad inputs are typed errors and leave the model usable", () => {
  throwsWith(() => bg.pAliveIntervals(x, tx, T, { draws: 0 }), RangeError, "invalid_config", "draws");
  for (const level of [0, 1, 1.5]) {
    throwsWith(() => bg.expectedPurchasesIntervals(10, x, tx, T, { level }), RangeError, "invalid_config", "level");
  }
  const unknown = throwsWith(() => bg.pAliveIntervals(x, tx, T, { method: "jackknife" }), TypeError, "invalid_argument", "method");
  assert.match(unknown.message, /bootstrap.*delta/);
  assert.equal(thrown(() => bg.pAliveIntervals(x, tx.slice(1), T)).code, "length_mismatch");
  assert.equal(thrown(() => gg.spendIntervals(x, m.slice(1))).code, "length_mismatch");
  const known = new BetaGeo({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 });
  assert.equal(thrown(() => known.pAliveIntervals(x, tx, T)).code, "undefined");
  const unfitted = new GammaGamma({ p: 6.25, q: 3.74, v: 15.44 });
  assert.equal(thrown(() => bg.clvIntervals(unfitted, x, tx, T, m)).code, "undefined");
  const e = thrown(() => bg.clvIntervals(bg, x, tx, T, m));
  assert.deepEqual([e.code, e.field], ["invalid_argument", "gammaGamma"]);
  assert.equal(bg.pAliveIntervals(x, tx, T, { method: "delta" }).estimate.length, x.length);
});

test("models fitted with covariates have intervals, each customer under its own covariates", () => {
  // A covariate that says nothing: deterministic noise in (-1, 1), 0 for every third customer.
  let seed = 7;
  const noise = Float64Array.from(x, (_, i) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return i % 3 === 0 ? 0 : seed / 1073741824 - 1;
  });
  const tables = {
    purchaseCovariates: { names: ["noise"], values: noise },
    dropoutCovariates: { names: ["noise"], values: noise.map((v) => -v) },
  };
  const cov = BetaGeo.fitWithCovariates(x, tx, T, tables);
  for (const method of ["delta", "bootstrap"]) {
    const options = { method, draws: 200, seed: 4 };
    const p = cov.pAliveIntervals(x, tx, T, tables, options);
    assert.deepEqual(Array.from(p.estimate), Array.from(cov.pAlive(x, tx, T, tables)));
    assert.equal(p.method, method);
    assert.deepEqual(cov.pAliveIntervals(x, tx, T, tables, options), p);
    const e = cov.expectedPurchasesIntervals(39, x, tx, T, tables, options);
    assert.deepEqual(Array.from(e.estimate), Array.from(cov.expectedPurchases(39, x, tx, T, tables)));
    const c = cov.clvIntervals(gg, x, tx, T, m, tables, { margin: 0.3 }, options);
    const point = cov.clv(gg.expectedSpend(x, m), x, tx, T, tables, { margin: 0.3 });
    c.estimate.forEach((v, i) => assert.ok(Math.abs(v - point[i]) <= 1e-12 * Math.max(1, point[i])));
    for (const iv of [p, e, c]) {
      assert.ok(iv.lower.every((l, i) => l <= iv.upper[i]));
      const inside = iv.estimate.filter((v, i) => iv.lower[i] <= v && v <= iv.upper[i]).length;
      assert.ok(inside >= (method === "delta" ? x.length : 0.95 * x.length), `${method}: ${inside} of ${x.length}`);
    }
    // Customers at 0 have the base parameters: about the plain model's intervals.
    const plain = bg.pAliveIntervals(x, tx, T, options);
    for (let i = 0; i < x.length; i += 3) {
      const [w, pw] = [p.upper[i] - p.lower[i], plain.upper[i] - plain.lower[i]];
      assert.ok(Math.abs(w - pw) <= 0.25 * pw + 1e-6, `customer ${i}: width ${w} vs ${pw}`);
    }
  }
  // Covariate tables that are not the fit's are typed errors; the model stays usable.
  const short = { ...tables, purchaseCovariates: { names: ["noise"], values: noise.slice(1) } };
  const e = thrown(() => cov.pAliveIntervals(x.slice(1), tx.slice(1), T.slice(1), tables));
  assert.deepEqual([e.code, e.field], ["length_mismatch", "purchaseCovariates"]);
  assert.equal(thrown(() => cov.pAliveIntervals(x, tx, T, short)).code, "length_mismatch");
  const renamed = { ...tables, dropoutCovariates: { names: ["other"], values: noise } };
  assert.deepEqual(
    [thrown(() => cov.expectedPurchasesIntervals(39, x, tx, T, renamed)).code, thrown(() => cov.expectedPurchasesIntervals(39, x, tx, T, renamed)).field],
    ["invalid_argument", "dropoutCovariates"],
  );
  throwsWith(() => cov.clvIntervals(gg, x, tx, T, m, tables, undefined, { draws: 3 }), RangeError, "invalid_config", "draws");
  assert.equal(cov.pAliveIntervals(x, tx, T, tables, { method: "delta" }).estimate.length, x.length);
});
