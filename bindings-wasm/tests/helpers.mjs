// Shared helpers of the node --test suite.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { RelationshipMap } from "relmap";

/** A path inside the repository. */
export const repo = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** A sample account map from examples/data/. */
export function sample(name) {
  return RelationshipMap.fromJson(readFileSync(repo(`examples/data/${name}.json`), "utf8"));
}

/** Calls `action` and returns what it threw (failing if nothing was thrown). */
export function thrown(action) {
  try {
    action();
  } catch (e) {
    return e;
  }
  assert.fail("expected an error");
}

/** Asserts `action` throws an instance of `kind` with `code` (and `field`, when given). */
export function throwsWith(action, kind, code, field) {
  const e = thrown(action);
  assert.ok(e instanceof kind, `expected ${kind.name} ${code}, got ${e?.name}: ${e?.message}`);
  assert.equal(e.code, code, e.message);
  if (field !== undefined) assert.equal(e.field, field, e.message);
  return e;
}

/** |a − b| ≤ tol. */
export function close(a, b, tol = 1e-9, what = "") {
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} != ${b} (±${tol})`);
}

/** The small map of the README: ceo (economic buyer) ← cio (coach), our rep knows the cio. */
export function smallMap() {
  const m = new RelationshipMap("acme", "Acme Group");
  m.addStakeholder({ id: "ceo", name: "Chen Wei", roles: ["economic_buyer"], stance: 1 });
  m.addStakeholder({ id: "cio", name: "Liu Yang", reportsTo: "ceo", roles: ["coach"], stance: 4 });
  m.addRelation({ source: "cio", target: "ceo", kind: "influences", strength: 0.7 });
  m.addTeamMember({ id: "rep", name: "Zhao Min" });
  m.addInteraction({ id: "i1", at: "2026-03-02", channel: "visit", members: ["rep"], stakeholders: ["cio"] });
  return m;
}

/** CDNOW_sample.txt as columns: sample ids as Uint32 codes and strings, times in ms, amounts. */
export function cdnow() {
  const rows = readFileSync(repo("examples/data/cdnow/CDNOW_sample.txt"), "utf8").trim().split("\n");
  const n = rows.length;
  const codes = new Uint32Array(n);
  const ids = new Array(n);
  const times = new Float64Array(n);
  const amounts = new Float64Array(n);
  rows.forEach((line, i) => {
    const [, sample, date, , dollars] = line.trim().split(/\s+/);
    codes[i] = Number(sample);
    ids[i] = sample;
    times[i] = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8));
    amounts[i] = Number(dollars);
  });
  return { codes, ids, times, amounts };
}
