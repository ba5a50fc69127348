// compressRows: the distinct rows of columns of numbers with their counts, as the fits
// compress their customers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { BetaGeo, compressRows } from "relmap";
import { repo, throwsWith } from "./helpers.mjs";

function csv(path) {
  const [, ...lines] = readFileSync(repo(path), "utf8").trim().split("\n");
  const rows = lines.map((l) => l.split(",").map(Number));
  return rows[0].map((_, j) => Float64Array.from(rows, (r) => r[j]));
}

test("equal rows merge with their counts, sorted, and every row finds its distinct row", () => {
  const c = compressRows([[2, 0, 2, 2, -0], [30, 38, 30, 31, 38]]);
  assert.deepEqual(Array.from(c.columns[0]), [0, 2, 2]);
  assert.deepEqual(Array.from(c.columns[1]), [38, 30, 31]);
  assert.ok(c.counts instanceof Float64Array && c.rowOf instanceof Uint32Array);
  assert.deepEqual(Array.from(c.counts), [2, 2, 1]);
  assert.deepEqual(Array.from(c.rowOf), [1, 0, 1, 2, 0]);
  const w = compressRows([new Float64Array([1, 1, 2])], [0.5, 1.5, 0]);
  assert.deepEqual(Array.from(w.counts), [2, 0]);
  // NaN equals NaN (sorted last): nothing is dropped.
  const n = compressRows([[NaN, 1, NaN]]);
  assert.deepEqual(Array.from(n.counts), [1, 2]);
  assert.ok(Number.isNaN(n.columns[0][1]));
});

test("a fit of the compressed CDNOW summary with counts is the fit of every customer", () => {
  const [, x, tx, T] = csv("examples/data/cdnow/cdnow_customers_summary_with_transactions.csv");
  const c = compressRows([x, tx, T]);
  assert.ok(c.counts.length < x.length);
  assert.equal(c.counts.reduce((s, v) => s + v, 0), x.length);
  const all = BetaGeo.fit(x, tx, T);
  const compressed = BetaGeo.fit(c.columns[0], c.columns[1], c.columns[2], c.counts);
  for (const k of ["r", "alpha", "a", "b"]) assert.ok(Math.abs(compressed.params[k] / all.params[k] - 1) < 1e-12, k);
  assert.ok(Math.abs(compressed.logLikelihood - all.logLikelihood) < 1e-8);
});

test("bad columns are typed errors naming what is wrong", () => {
  throwsWith(() => compressRows([]), Error, "empty_list", "columns");
  throwsWith(() => compressRows([[1, 2], [1]]), Error, "length_mismatch", "columns");
  throwsWith(() => compressRows([[1]], [-1]), Error, "out_of_range", "weights");
  throwsWith(() => compressRows([[1, "a"]]), Error, "invalid_argument", "columns[0][1]");
  throwsWith(() => compressRows("x"), Error, "invalid_argument", "columns");
});
