// The sBG (contract renewals), DERT, model comparison and fit summaries on typed arrays,
// against the published numbers the core's tests use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import {
  BetaGeo,
  BetaGeoBetaBinom,
  CovariateModel,
  GammaGamma,
  ParetoNbd,
  ShiftedBetaGeo,
  compareModels,
  likelihoodRatioTest,
  rfmSummary,
} from "relmap";
import { close, repo, sample, throwsWith } from "./helpers.mjs";

function csv(path) {
  const [, ...lines] = readFileSync(repo(path), "utf8").trim().split("\n");
  const rows = lines.map((l) => l.split(",").map(Number));
  return rows[0].map((_, j) => Float64Array.from(rows, (r) => r[j]));
}

const [, regular, highEnd] = csv("examples/data/sbg/retention.csv");
const [, x, tx, T, zbar] = csv("examples/data/cdnow/cdnow_customers_summary_with_transactions.csv");
const [dx, dtx, dn, donors, xStar] = csv("examples/data/donations/donations_calibration_rf.csv");
const round = (v, digits) => Number(v.toFixed(digits));

test("sBG reproduces the published cohort estimates", () => {
  for (const [cohort, alpha, beta, ll] of [[regular, 0.704, 1.182, -1680.27], [highEnd, 0.668, 3.806, -1611.16]]) {
    const m = ShiftedBetaGeo.fitCohorts([cohort]);
    assert.deepEqual([round(m.params.alpha, 3), round(m.params.beta, 3)], [alpha, beta]);
    assert.equal(round(m.logLikelihood, 2), ll);
    const s = m.survivalCurve(7);
    s.forEach((v, t) => assert.ok(Math.abs(1000 * v - cohort[t]) < 25, `year ${t}`));
  }
  const both = ShiftedBetaGeo.fitCohorts([regular, Array.from(highEnd)]);
  assert.equal(both.nCustomers, 2000);
  // Per-customer rows with counts give the cohort's fit.
  const tenure = [1, 2, 3, 4, 5, 6, 7, 7];
  const weights = [...[1, 2, 3, 4, 5, 6, 7].map((t) => regular[t - 1] - regular[t]), regular[7]];
  const rows = ShiftedBetaGeo.fit(tenure, Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]), weights);
  close(rows.params.alpha, 0.704, 5e-4);
  close(rows.logLikelihoodOf(tenure, [false, false, false, false, false, false, false, true], weights), rows.logLikelihood, 1e-8);
});

test("sBG curves, lifetimes and values", () => {
  const m = new ShiftedBetaGeo({ alpha: 0.704, beta: 1.182 });
  const [a, b] = [0.704, 1.182];
  const s = m.survivalCurve(10);
  assert.ok(s instanceof Float64Array && s.length === 11 && s[0] === 1);
  const r = m.retentionCurve(10);
  r.forEach((v, i) => close(v, s[i + 1] / s[i], 1e-12));
  close(m.retention(1), b / (a + b), 1e-15);
  close(m.churnProbability(2), s[1] - s[2], 1e-12);
  close(m.pRenew(7), (b + 7) / (a + b + 7), 1e-15);
  assert.deepEqual(Array.from(m.pRenewCustomers([7, 3], [true, false])), [m.pRenew(7), 0]);
  // DEL and DERL against their direct sums.
  const d = 0.1;
  const long = m.survivalCurve(4000);
  close(m.del(d), long.reduce((acc, v, t) => acc + v / (1 + d) ** t, 0), 1e-9);
  let derl = 0;
  for (let j = 1; j < 3000; j++) derl += long[7 + j] / long[7] / (1 + d) ** (j - 1);
  close(m.derl(d, 7), derl, 1e-9);
  assert.deepEqual(Array.from(m.clv([100, 50], d, [7, 3], [true, false])), [100 * m.derl(d, 7), 0]);
  throwsWith(() => m.expectedLifetime(), Error, "undefined");
  const finite = new ShiftedBetaGeo({ alpha: 3, beta: 4 });
  close(finite.expectedRemainingLifetime(2), 3, 1e-15);
  close(finite.expectedLifetime(), 3, 1e-15);
});

test("sBG bad input is a typed error, and the model stays usable", () => {
  const m = new ShiftedBetaGeo({ alpha: 0.704, beta: 1.182 });
  throwsWith(() => ShiftedBetaGeo.fitCohorts([[1000, 600, 650]]), RangeError, "out_of_range", "survivors");
  throwsWith(() => ShiftedBetaGeo.fitCohorts([1000, 600]), TypeError, "invalid_argument");
  throwsWith(() => ShiftedBetaGeo.fit([1, 2, 3], [true, true, true]), Error, "not_identified");
  throwsWith(() => ShiftedBetaGeo.fit([1, 2], Uint8Array.from([1, 2])), RangeError, "out_of_range", "active[1]");
  throwsWith(() => ShiftedBetaGeo.fit([1, 2], [true]), Error, "length_mismatch");
  throwsWith(() => m.del(0), Error, "invalid_config", "discountRate");
  throwsWith(() => m.survival(1.5), RangeError, "out_of_range");
  throwsWith(() => m.survivalCurve(-1), RangeError, "out_of_range", "periods");
  throwsWith(() => new ShiftedBetaGeo({ alpha: -1, beta: 1 }), RangeError, "out_of_range");
  throwsWith(() => m.summary(), Error, "undefined");
  throwsWith(() => m.aic, Error, "undefined");
  // Still usable.
  close(m.pRenew(0), 1.182 / 1.886, 1e-15);
});

test("summaries reproduce lifetimes' standard errors and carry AIC, BIC and vcov", () => {
  const bg = BetaGeo.fit(x, tx, T);
  const s = bg.summary();
  assert.deepEqual(s.names, ["r", "alpha", "a", "b"]);
  assert.ok(s.stdError instanceof Float64Array && s.level === 0.95);
  // lifetimes' published summary of this fit, to the printed digits (within a unit of the last one).
  [0.012557, 0.378221, 0.185719, 0.705345].forEach((p, j) => close(s.stdError[j], p, 1e-6 + 2e-6 * p, `se ${j}`));
  for (let j = 0; j < 4; j++) {
    assert.ok(s.lower[j] < s.estimate[j] && s.estimate[j] < s.upper[j]);
    close(Math.sqrt(s.lower[j] * s.upper[j]), s.estimate[j], 1e-12 * s.estimate[j]);
    close(bg.vcov[j][j], s.stdError[j] ** 2, 1e-12 * s.stdError[j] ** 2);
  }
  assert.equal(bg.nCustomers, 2357);
  close(bg.aic, 8 - 2 * bg.logLikelihood, 1e-9);
  close(bg.bic, 4 * Math.log(2357) - 2 * bg.logLikelihood, 1e-9);
  assert.equal(s.aic, bg.aic);
  assert.ok(bg.summary(0.99).upper[0] > s.upper[0]);
  // Every fitted model has one.
  for (const m of [
    BetaGeoBetaBinom.fit(dx, dtx, dn, donors),
    ShiftedBetaGeo.fitCohorts([regular]),
    GammaGamma.fit(x.filter((v) => v > 0), zbar.filter((_, i) => x[i] > 0)),
  ]) {
    const ms = m.summary(0.9);
    assert.ok(ms.stdError.every((v) => v > 0), ms.model);
  }
  // The report carries the information the summary inverts.
  assert.equal(bg.report.information.length, 16);
  const quick = BetaGeo.fit(x, tx, T, null, { standardErrors: false });
  assert.deepEqual(quick.report.information, []);
  throwsWith(() => quick.summary(), Error, "undefined");
});

test("summary errors are typed, and the model stays usable", () => {
  const bg = BetaGeo.fit(x, tx, T);
  for (const level of [0, 1, 1.5, NaN]) throwsWith(() => bg.summary(level), Error, "invalid_config", "level");
  throwsWith(() => bg.summary("high"), TypeError, "invalid_argument", "level");
  // Three customers: the fit runs to a boundary and names the parameter.
  const tiny = BetaGeo.fit([1, 0, 2], [5, 0, 9], [10, 10, 10]);
  const e = throwsWith(() => tiny.summary(), Error, "not_identified");
  assert.ok(tiny.report.atBound.includes(e.field), `${e.field} in ${tiny.report.atBound}`);
  throwsWith(() => tiny.vcov, Error, "not_identified");
  assert.ok(Number.isFinite(tiny.aic));
  throwsWith(() => new BetaGeo({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).summary(), Error, "undefined");
  assert.equal(new BetaGeo({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).nCustomers, undefined);
  assert.equal(bg.summary().names.length, 4);
});

test("DERT is the discounted stream of expected purchases", () => {
  const bgbb = new BetaGeoBetaBinom({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 });
  const [fx, ftx, fn] = [dx, dtx, dn].map((c) => c.slice(0, 6));
  const d = 0.1;
  const dert = bgbb.dert(d, fx, ftx, fn);
  let previous = bgbb.expectedPurchases(0, fx, ftx, fn);
  const direct = new Float64Array(6);
  for (let k = 1; k < 400; k++) {
    const e = bgbb.expectedPurchases(k, fx, ftx, fn);
    e.forEach((v, i) => (direct[i] += (v - previous[i]) / (1 + d) ** k));
    previous = e;
  }
  dert.forEach((v, i) => close(v, direct[i], 1e-9 * direct[i]));
  const pnbd = new ParetoNbd({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 });
  const weekly = Math.log1p(0.15) / 52;
  const pd = pnbd.dert(weekly, x.slice(0, 20), tx.slice(0, 20), T.slice(0, 20));
  const far = pnbd.expectedPurchases(1e6, x.slice(0, 20), tx.slice(0, 20), T.slice(0, 20));
  pd.forEach((v, i) => assert.ok(v > 0 && v < far[i]));
  throwsWith(() => pnbd.dert(0, [1], [1], [2]), Error, "invalid_config", "discountRate");
});

test("compareModels scores every applicable model", () => {
  const lines = compareModels(dx, dtx, dn, {
    weights: donors,
    holdoutFrequency: xStar.map((v, i) => v / donors[i]),
    holdoutDuration: 5,
  });
  assert.deepEqual(lines.map((l) => l.model), ["bg_nbd", "mbg_nbd", "pareto_nbd", "bg_bb"]);
  const bgbb = lines[3];
  assert.ok(bgbb.discrete && bgbb.error === null);
  assert.deepEqual(Object.keys(bgbb.parameters), ["alpha", "beta", "gamma", "delta"]);
  assert.equal(round(bgbb.parameters.alpha, 3), 1.204);
  close(bgbb.holdout.actualTotal, 13260, 1e-6);
  close(bgbb.bic, 4 * Math.log(11104) - 2 * bgbb.logLikelihood, 1e-9);
  const cd = compareModels(x, tx, T);
  assert.equal(round(cd[0].logLikelihood, 2), -9582.43);
  assert.equal(cd[0].holdout, null);
  throwsWith(() => compareModels(x, tx, T, { holdoutFrequency: [1] , holdoutDuration: 39 }), Error, "length_mismatch");
  throwsWith(() => compareModels(x, tx, T, { holdoutDuration: 39 }), TypeError, "invalid_argument", "holdoutFrequency");
});

/** CLVTools' apparel data: the 104-week summary and each customer's (Gender, Channel), row-major. */
function apparel() {
  const [, ...rows] = readFileSync(repo("examples/data/clvtools_apparel/apparelTrans.csv"), "utf8").trim().split("\n");
  const fields = rows.map((l) => l.split(","));
  const s = rfmSummary(fields.map((f) => f[0]), fields.map((f) => f[1]), fields.map((f) => Number(f[2])), { asOf: "2006-12-31" });
  const [, ...covRows] = readFileSync(repo("examples/data/clvtools_apparel/apparelStaticCov.csv"), "utf8").trim().split("\n");
  const cov = new Map(covRows.map((l) => l.split(",")).map(([id, g, c]) => [id, [Number(g), Number(c)]]));
  const values = Float64Array.from(s.customers.flatMap((id) => cov.get(id)));
  return { s, table: { names: ["Gender", "Channel"], values } };
}

test("Pareto/NBD with static covariates on the apparel data", () => {
  const { s, table } = apparel();
  assert.equal(s.customers.length, 600);
  const plain = ParetoNbd.fit(s.frequency, s.recency, s.T);
  const published = { r: 1.4489768, alpha: 48.6360845, s: 0.5612598, beta: 46.8843633 };
  for (const [k, v] of Object.entries(published)) close(plain.params[k] / v, 1, 1e-4, k);
  const tables = { purchaseCovariates: table, dropoutCovariates: table };
  const m = ParetoNbd.fitWithCovariates(s.frequency, s.recency, s.T, tables);
  assert.ok(m instanceof CovariateModel && m.model === "pareto_nbd");
  close(m.aic, 16 - 2 * m.logLikelihood, 1e-9);
  close(m.bic, 8 * Math.log(600) - 2 * m.logLikelihood, 1e-9);
  close(m.vcov[4][4], m.summary().stdError[4] ** 2, 1e-12);
  assert.ok(m.report.information.length === 64);
  assert.ok(m.clv(new Float64Array(600).fill(1), s.frequency, s.recency, s.T, tables).every((v) => v >= 0));
  const names = ["r", "alpha", "s", "beta", "purchase.Gender", "purchase.Channel", "dropout.Gender", "dropout.Channel"];
  assert.deepEqual(Object.keys(m.params), names);
  const sum = m.summary();
  assert.deepEqual(sum.names, names);
  assert.ok(sum.stdError.every((v) => v > 0));
  close(sum.lower[4], sum.estimate[4] - 1.959963984540054 * sum.stdError[4], 1e-9);
  assert.equal(m.nCustomers, 600);
  const lrt = likelihoodRatioTest(plain.logLikelihood, 4, m.logLikelihood, 8);
  assert.equal(lrt.df, 4);
  assert.equal(round(lrt.statistic, 2), 54.07);
  // The core's numbers (docs/value.md).
  const want = [1.838967, 92.962962, 0.591304, 49.513082, 0.286135, 0.62393, -0.641868, 0.789759];
  want.forEach((w, j) => close(sum.estimate[j], w, 2e-4 * Math.abs(w), names[j]));
  close(m.logLikelihood, -5821.0627, 1e-3);
  const alive = m.pAlive(s.frequency, s.recency, s.T, tables);
  assert.ok(alive.every((v) => v >= 0 && v <= 1));
  assert.ok(m.expectedPurchases(52, s.frequency, s.recency, s.T, tables).every((v) => Number.isFinite(v) && v >= 0));
  const constrained = ParetoNbd.fitWithCovariates(s.frequency, s.recency, s.T, { ...tables, constrainEqual: ["Channel"] });
  assert.deepEqual(Object.keys(constrained.params).slice(4), ["purchase.Gender", "dropout.Gender", "constrained.Channel"]);
  const bg = BetaGeo.fitWithCovariates(s.frequency, s.recency, s.T, { purchaseCovariates: table });
  assert.equal(bg.summary().names.length, 6);
});

test("bad covariates are typed errors naming the column, and the model stays usable", () => {
  const { s, table } = apparel();
  const constant = { names: ["Gender", "Channel"], values: table.values.map((v, i) => (i % 2 ? 1 : v)) };
  let e = throwsWith(() => ParetoNbd.fitWithCovariates(s.frequency, s.recency, s.T, { purchaseCovariates: constant }), Error, "not_identified", "purchaseCovariates");
  assert.match(e.message, /Channel/);
  const nan = { names: ["Gender", "Channel"], values: table.values.map((v, i) => (i === 11 ? NaN : v)) };
  e = throwsWith(() => ParetoNbd.fitWithCovariates(s.frequency, s.recency, s.T, { dropoutCovariates: nan }), Error, "non_finite");
  assert.match(e.message, /Channel/);
  const short = { names: ["Gender", "Channel"], values: table.values.slice(0, 20) };
  throwsWith(() => ParetoNbd.fitWithCovariates(s.frequency, s.recency, s.T, { dropoutCovariates: short }), TypeError, "length_mismatch", "dropoutCovariates");
  throwsWith(() => ParetoNbd.fitWithCovariates(s.frequency, s.recency, s.T, { purchaseCovariates: { names: "Gender", values: [] } }), TypeError, "invalid_argument", "purchaseCovariates");
  const m = ParetoNbd.fitWithCovariates(s.frequency, s.recency, s.T, { purchaseCovariates: { names: ["Gender"], values: table.values.filter((_, i) => i % 2 === 0) } });
  throwsWith(() => m.pAlive(s.frequency, s.recency, s.T), TypeError, "invalid_argument", "purchaseCovariates");
  throwsWith(() => likelihoodRatioTest(m.logLikelihood, 5, -1e9, 4), RangeError, "invalid_config");
  assert.equal(m.pAlive(s.frequency, s.recency, s.T, { purchaseCovariates: { names: ["Gender"], values: table.values.filter((_, i) => i % 2 === 0) } }).length, 600);
});

test("relationship covariates of one account's map", () => {
  const m = sample("manufacturing_cloud");
  const c = m.relationshipCovariates("2026-11-15");
  assert.equal(c.accounts.length, 1);
  assert.ok(c.decisionCoverage[0] >= 0 && c.decisionCoverage[0] <= 1);
  assert.ok(c.predictedSupport[0] >= -1 && c.predictedSupport[0] <= 1);
  assert.ok([0, 1].includes(c.championPresent[0]));
  throwsWith(() => m.relationshipCovariates("not a date"), TypeError, "invalid_argument", "asOf");
  assert.equal(m.relationshipCovariates("2026-11-15").accounts[0], c.accounts[0]);
});
