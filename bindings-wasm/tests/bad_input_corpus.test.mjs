// The bad-input corpus (bad-inputs/cases.jsonl) through the JavaScript API.
//
// Every case JavaScript can express must throw a relmap error (an Error with a string
// `code`) with the case's code and field, within a time budget, and leave the module and
// the objects under test working. Fields are given the way JavaScript sees them: a path
// into a JSON document keeps the document's snake_case keys (`stakeholders[0].reports_to`),
// a config or argument field is camelCase (`channelWeights.visit`, `halfLifeDays`). The
// cases JavaScript cannot express are counted by reason, so none is skipped silently.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as relmap from "relmap";

const root = new URL("../../", import.meta.url);
const CASES = readFileSync(new URL("bad-inputs/cases.jsonl", root), "utf8").split("\n").filter((l) => l).map((l) => JSON.parse(l));
const SAMPLE = readFileSync(new URL("examples/data/manufacturing_cloud.json", root), "utf8");
/** The most time one case may take. */
const BUDGET_MS = 20_000;

class NotApplicable extends Error {}

const num = (v) => (typeof v === "string" ? { nan: NaN, inf: Infinity, "-inf": -Infinity }[v] : v);
const nums = (v) => Float64Array.from(v, num);
/** A corpus time: text as it is, whole seconds as milliseconds. */
const when = (v) => (typeof v === "string" ? v : v * 1000);
const camel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
/** A config in JavaScript's spelling: every key camelCase. */
function camelKeys(v) {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), camelKeys(x)]));
  return typeof v === "string" && ["nan", "inf", "-inf"].includes(v) ? num(v) : v;
}
/** The field as JavaScript names it: `stakeholders[2].reports_to` → `stakeholders[2].reportsTo` outside brackets. */
function camelPath(path) {
  let out = "";
  let depth = 0;
  let upper = false;
  for (const c of path) {
    if (c === "[") depth++;
    if (c === "]") depth = Math.max(0, depth - 1);
    if (depth === 0 && c === "_" && out.length > 0 && !out.endsWith(".") && !out.endsWith("]")) {
      upper = true;
      continue;
    }
    out += upper && depth === 0 ? c.toUpperCase() : c;
    upper = false;
  }
  return out;
}

const MODELS = { bg_nbd: relmap.BetaGeo, pareto_nbd: relmap.ParetoNbd, gamma_gamma: relmap.GammaGamma };

function valueCall(call, a, id) {
  if (call === "rfm_summary" || call === "rfm_summary_codes") {
    for (const t of [a.as_of, a.config.holdout_end]) {
      if (typeof t === "number" && Math.abs(t) > 8.64e12) throw new NotApplicable("a time beyond what a JavaScript Date holds (±8.64e15 ms)");
    }
    // Milliseconds. numpy's NaT (i64::MIN seconds in the corpus, which a JavaScript
    // number cannot tell from i64::MIN + 1) is NaN, JavaScript's missing time.
    const nat = id.endsWith("/time_nat");
    const ms = (t) => (typeof t === "string" ? Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t) : nat && t === -(2 ** 63) ? NaN : t * 1000);
    const times = Float64Array.from(a.times, ms);
    const options = { asOf: when(a.as_of), ...camelKeys(a.config) };
    if (typeof a.config.holdout_end === "number") options.holdoutEnd = new Date(a.config.holdout_end * 1000);
    if (a.margins != null) options.margins = nums(a.margins);
    if (typeof options.asOf === "number") options.asOf = new Date(options.asOf);
    if (call === "rfm_summary") return relmap.rfmSummary(a.customers, times, nums(a.amounts), options);
    if (a.n_customers !== undefined) throw new NotApplicable("JavaScript counts the customers from the codes (no n_customers)");
    return relmap.rfmSummary(Uint32Array.from(a.codes), times, nums(a.amounts), options);
  }
  const kind = a.model.kind;
  const Model = MODELS[kind];
  const fitConfig = a.fit_config === undefined ? undefined : camelKeys(a.fit_config);
  const weights = a.weights == null ? null : nums(a.weights);
  if (call === "fit") {
    return kind === "gamma_gamma"
      ? Model.fit(nums(a.frequency), nums(a.monetary_value), weights, fitConfig)
      : Model.fit(nums(a.frequency), nums(a.recency), nums(a.t), weights, fitConfig);
  }
  const params = Object.fromEntries(Object.entries(a.model.params).map(([k, v]) => [k, num(v)]));
  const model = new Model(params);
  try {
    if (kind === "gamma_gamma") return model.expectedSpend(nums(a.frequency), nums(a.monetary_value));
    const [f, r, t] = [nums(a.frequency), nums(a.recency), nums(a.t)];
    if (call === "p_alive") return model.pAlive(f, r, t);
    if (call === "expected_purchases") return model.expectedPurchases(num(a.t_future), f, r, t);
    if (call === "clv") return model.clv(nums(a.spend), f, r, t, camelKeys(a.config));
    throw new Error(`unknown value call ${call}`);
  } finally {
    // The model under test still works after the error.
    assert.equal(typeof model.params, "object");
    model.free();
  }
}

const DAY0 = Date.parse("2024-01-01T00:00:00Z");
const day = (d) => DAY0 + d * 864e5;
const smallSummary = (config = {}) =>
  relmap.rfmSummary([..."aaabbcdd"], Float64Array.from([0, 40, 140, 14, 60, 31, 62, 152], day),
    Float64Array.from([120, 80, 95, 40, 60, 25, 300, 280]), { asOf: new Date(day(180)), ...config });
const ALIVE = Float64Array.from([0.9, 0.5, 0.2, 0.7]);
const CLV = Float64Array.from([100, 50, 3, 400]);

function configCall(kind, config, map) {
  const c = camelKeys(config);
  switch (kind) {
    case "chain": return map.decisionChain(c);
    case "trust": return map.trust(new Date(day(1000)).toISOString().slice(0, 10), c);
    case "render": return map.toSvg(null, c);
    case "classification":
      return relmap.classify([{ id: "a", value: 5, relationship: 70 }, { id: "b", value: 1, relationship: 20 }], c);
    case "competition": return map.competition(null, c);
    case "stage_model": return map.stages(c);
    case "summary": return smallSummary(c);
    case "clv": {
      const s = smallSummary();
      const bg = new relmap.BetaGeo({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 });
      try { return bg.clv(s.monetaryValue, s.frequency, s.recency, s.T, c); } finally { bg.free(); }
    }
    case "fit": {
      const s = smallSummary();
      return relmap.BetaGeo.fit(s.frequency, s.recency, s.T, null, c);
    }
    case "tier": return relmap.tier(smallSummary(), ALIVE, CLV, c, 52);
    case "lifecycle": return relmap.lifecycle(smallSummary(), ALIVE, CLV, c, 52);
    case "churn": return relmap.churnWarnings(smallSummary(), ALIVE, CLV, c);
    case "scores": return relmap.rfmScores(smallSummary(), c);
    default: throw new Error(`unknown config kind ${kind}`);
  }
}

/** Runs one case; `map` is the object under test for the map-based configs. */
function run(c, map) {
  const i = c.input;
  switch (c.target) {
    case "document": return relmap.RelationshipMap.fromJson(i.text);
    case "csv_folder": throw new NotApplicable("the npm package reads no CSV folders (no file system in a browser)");
    case "value": return valueCall(i.call, i.args, c.id);
    case "config":
      if (i.text !== undefined) throw new NotApplicable("JSON text (not JSON, a repeated key): JavaScript takes configurations as objects");
      if (i.config === null || typeof i.config !== "object" || Array.isArray(i.config)) {
        throw new NotApplicable("a configuration that is not an object: JavaScript's options are objects (checked in api tests)");
      }
      return configCall(i.kind, i.config, map);
    case "crm_mapping": {
      // The mapping's JSON text, as importCrm takes it; a fresh map, freed after.
      const m = new relmap.RelationshipMap("acme", "Acme");
      try {
        return m.importCrm([{ name: "contacts.csv", data: "Id,Name\n" }], { mapping: i.text });
      } finally {
        m.free();
      }
    }
    case "crm_preset": return relmap.crmPreset(i.name);
    default: throw new Error(`unknown target ${c.target}`);
  }
}

/** Whether a JSON value holds a whole number JavaScript cannot hold exactly (beyond 2^53). */
function hasUnsafeInteger(v) {
  // Counts are at most 64-bit in the core; a larger number (1e300) is a float anywhere.
  if (typeof v === "number") return Number.isInteger(v) && !Number.isSafeInteger(v) && Math.abs(v) <= 2 ** 64;
  if (v !== null && typeof v === "object") return Object.values(v).some(hasUnsafeInteger);
  return false;
}

/**
 * The code and field JavaScript gives for a case, from the corpus's (Rust's) ones:
 * - fields of configs and arguments are camelCase; paths into a document are not;
 * - a configuration is an options object, an argument: a key or value serde cannot
 *   read (`json_shape` in a JSON config) is `invalid_argument`, naming the same key,
 *   and so is a whole number beyond 2^53 (not a safe integer, so not read as a count).
 */
function expected(c) {
  let { code, field } = c.expect;
  if (c.target === "config" && (code === "json_shape" || (code === "invalid_config" && hasUnsafeInteger(c.input.config)))) {
    code = "invalid_argument";
  }
  if (field !== null && c.target !== "document") field = camelPath(field);
  return [code, field];
}

const NOT_APPLICABLE = {
  "the npm package reads no CSV folders (no file system in a browser)": 121,
  "JSON text (not JSON, a repeated key): JavaScript takes configurations as objects": 24,
  "a configuration that is not an object: JavaScript's options are objects (checked in api tests)": 24,
  "JavaScript counts the customers from the codes (no n_customers)": 3,
  "a time beyond what a JavaScript Date holds (±8.64e15 ms)": 4,
};

test("every corpus case is refused with its code and field, and the objects still work", () => {
  const map = relmap.RelationshipMap.fromJson(SAMPLE);
  const before = map.toJson();
  const failures = [];
  const skipped = {};
  let ran = 0;
  for (const c of CASES) {
    const start = performance.now();
    try {
      run(c, map);
      ran++;
      failures.push(`${c.id}: accepted`);
    } catch (e) {
      if (e instanceof NotApplicable) {
        skipped[e.message] = (skipped[e.message] ?? 0) + 1;
        continue;
      }
      ran++;
      if (!(e instanceof Error) || e instanceof WebAssembly.RuntimeError || typeof e.code !== "string") {
        failures.push(`${c.id}: expected a relmap error, got ${e}`);
      } else {
        const want = expected(c);
        const got = [e.code, e.field];
        if (got[0] !== want[0] || got[1] !== want[1]) failures.push(`${c.id}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}: ${e.message}`);
      }
    }
    const elapsed = performance.now() - start;
    if (elapsed > BUDGET_MS) failures.push(`${c.id}: took ${Math.round(elapsed)} ms (budget ${BUDGET_MS} ms)`);
  }
  assert.deepEqual(failures.slice(0, 80), [], `${failures.length} of ${ran} cases`);
  assert.deepEqual(skipped, NOT_APPLICABLE);
  assert.ok(ran >= 800 && ran + Object.values(skipped).reduce((a, b) => a + b, 0) === CASES.length);
  // The map every config case ran on is unchanged and still works.
  assert.equal(map.toJson(), before);
  assert.ok(map.decisionChain().predictedSupport > -Infinity);
});
