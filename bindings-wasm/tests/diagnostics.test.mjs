// Does the model fit? The BTYD walkthrough's holdout table on CDNOW, tracking,
// period transactions, the frequency–recency matrix, the tier overview and their
// pictures, from JavaScript.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as relmap from "relmap";
import { BetaGeo, GammaGamma, ParetoNbd, rfmSummary } from "relmap";
import { cdnow, close, thrown, throwsWith } from "./helpers.mjs";

const cd = cdnow();
const S = rfmSummary(cd.codes, cd.times, cd.amounts, { asOf: "1997-09-30", holdoutEnd: "1998-06-30" });
const cols = [S.frequency, S.recency, S.T];
const BG = BetaGeo.fit(...cols);
const sum = (a) => Array.from(a).reduce((s, x) => s + x, 0);
const values = (svg) => [...svg.matchAll(/data-value="([-0-9.e]+)"/g)].map((m) => Number(m[1]));

test("the BTYD walkthrough's holdout table", () => {
  const rows = relmap.holdoutTable(BG, S);
  assert.deepEqual(rows.map((r) => r.label), ["0", "1", "2", "3", "4", "5", "6", "7+"]);
  assert.deepEqual(rows.map((r) => r.customers), [1411, 439, 214, 100, 62, 38, 29, 64]);
  const btyd = [0.2367, 0.697, 1.3925, 1.56, 2.5323, 2.9474, 3.8621, 6.3594];
  rows.forEach((r, i) => close(r.actualMean, btyd[i], 5e-5, `bin ${r.label}`));
  const expected = [0.2251, 0.5231, 1.0441, 1.5203, 2.1639, 2.6538, 3.504, 6.1572];
  rows.forEach((r, i) => close(r.expectedMean, expected[i], 5e-5, `bin ${r.label}`));
  const e = relmap.holdoutErrors(BG, S);
  assert.equal(e.n, 2357);
  assert.equal(e.actualTotal, 1882);
  close(e.mae, 0.7855, 1e-4);
  close(e.rmse, 1.608, 1e-4);
  close(e.correlation, 0.6256, 1e-4);
  const full = relmap.holdoutEvaluation(BG, S, { bins: 3 });
  assert.deepEqual(full.bins.map((b) => b.open), [false, false, false, true]);
  assert.equal(full.predicted.length, 2357);
  assert.equal(full.unit, "week");
  // Every purchase model, and the model object stays usable.
  const pnbd = ParetoNbd.fit(...cols);
  assert.equal(sum(relmap.holdoutTable(pnbd, S).map((r) => r.customers)), 2357);
  assert.equal(pnbd.pAlive(...cols).length, 2357);
});

test("the pictures plot the table's numbers, the same bytes every time", () => {
  const svg = relmap.plotHoldout(BG, S);
  assert.ok(svg.startsWith("<svg"));
  const plotted = values(svg);
  for (const r of relmap.holdoutTable(BG, S)) {
    for (const v of [r.actualMean, r.expectedMean]) assert.ok(plotted.some((p) => Math.abs(p - v) < 5e-4), `${v}`);
  }
  assert.equal(relmap.plotHoldout(BG, S), svg);
  assert.match(relmap.plotHoldout(BG, S, null, { width: 800 }), /width="800"/);
  assert.ok(relmap.plotPeriodTransactions(BG, S, { replicates: 2 }).startsWith("<svg"));
  assert.ok(relmap.plotTracking(BG, S, cd.codes, cd.times).startsWith("<svg"));
  assert.ok(relmap.plotPAlive(BG, S, { maxFrequency: 10 }).startsWith("<svg"));
  assert.notEqual(relmap.plotFrequencyRecency(BG, S), relmap.plotPAlive(BG, S));
});

test("tracking, period transactions, the matrix and the tier overview", () => {
  const tr = relmap.tracking(BG, S, cd.codes, cd.times);
  const inHoldout = (i) => tr.periodStart[i] >= tr.calibrationEnd - 1e-9;
  const calibration = tr.actual.filter((_, i) => !inHoldout(i));
  assert.equal(sum(calibration), sum(S.frequency));
  assert.equal(sum(tr.actual) - sum(calibration), sum(S.holdout.frequency));
  assert.equal(tr.actualCumulative.at(-1), sum(tr.actual));
  assert.ok(tr.periodEnd.includes(tr.calibrationEnd));
  // String ids give the same curve as codes.
  assert.deepEqual(relmap.tracking(BG, S, cd.ids, cd.times).actual, tr.actual);

  const p = relmap.periodTransactions(BG, S, { replicates: 3, seed: 7 });
  assert.equal(p.bins[0].actual, S.frequency.filter((x) => x === 0).length);
  close(sum(p.bins.map((b) => b.simulated)), 2357, 1e-9);
  assert.deepEqual(relmap.periodTransactions(BG, S, { replicates: 3, seed: 7 }), p);

  const m = relmap.frequencyRecencyMatrix(BG, S, { quantity: "p_alive", maxFrequency: 10, recencyCells: 8 });
  assert.equal(m.values.length, 11);
  assert.equal(m.values[0][0], 1);
  assert.equal(m.values[0][1], null);
  const r = (m.recencyEdges[7] + m.recencyEdges[8]) / 2;
  close(m.values[10][7], BG.pAlive([10], [r], [m.t])[0], 1e-12);

  const gg = GammaGamma.fit(S.frequency.filter((x) => x > 0), S.monetaryValue.filter((_, i) => S.frequency[i] > 0));
  const pAlive = BG.pAlive(...cols);
  const clv = BG.clv(gg.expectedSpend(S.frequency, S.monetaryValue), ...cols);
  const tiers = relmap.tier(S, pAlive, clv);
  const o = relmap.tierOverview(tiers, clv, pAlive);
  assert.equal(o.customers, 2357);
  assert.equal(o.tiers[0].tier, "vip");
  for (const t of o.tiers) assert.equal(t.customers, tiers.tier.filter((x) => x === t.tier).length);
  close(o.clv, sum(clv), 1e-6 * sum(clv));
  assert.ok(relmap.plotTiers(tiers.tier, clv, pAlive).startsWith("<svg"));
});

test("bad input is a typed error", () => {
  const plain = rfmSummary(cd.codes, cd.times, cd.amounts, { asOf: "1997-09-30" });
  throwsWith(() => relmap.holdoutTable(BG, plain), Error, "missing_value", "holdoutEnd");
  throwsWith(() => relmap.holdoutTable({ params: {} }, S), TypeError, "invalid_argument", "model");
  assert.equal(thrown(() => relmap.holdoutTable(BG, S, { bins: 0 })).field, "bins");
  assert.equal(thrown(() => relmap.plotHoldout(BG, S, null, { width: 10 })).field, "options.width");
  throwsWith(() => relmap.frequencyRecencyMatrix(BG, S, { quantity: "revenue" }), TypeError, "invalid_argument");
  throwsWith(() => relmap.holdoutTable(BG, { frequency: [1] }), TypeError, "invalid_argument");
  // The model is still usable after every error.
  assert.equal(BG.pAlive(...cols).length, 2357);
});
