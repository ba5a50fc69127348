// Wrong-type arguments for every exported function and every method of every exported
// class, and every method on a freed object. The list is read from the package itself
// (its exports and each class's prototype), so a new function, class or method is
// tested the day it is added. Each call must either work or throw an Error with a
// documented string `code` and a `field` that is a string or null (never the glue's own
// plain TypeError, "null pointer passed to rust" or a WebAssembly trap), and leave the
// object it was called on as it was and usable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as relmap from "relmap";

const SAMPLE = readFileSync(new URL("../../examples/data/manufacturing_cloud.json", import.meta.url), "utf8");
const CODES = new Set(relmap.errorCodes().map((c) => c.code));

/** Arguments no relmap function takes where they are given. */
const WRONG = [10n, Symbol("s"), { toString() { throw new Error("no"); } }, () => 1, -1.5, "\ud800", [Symbol("s")], new Map()];

/** How to make an instance of each exported class (a class missing here fails the test). */
const MAKE = {
  RelationshipMap: () => relmap.RelationshipMap.fromJson(SAMPLE),
  DecisionChain: () => relmap.RelationshipMap.fromJson(SAMPLE).decisionChain(),
  BetaGeo: () => new relmap.BetaGeo({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }),
  ParetoNbd: () => new relmap.ParetoNbd({ r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }),
  GammaGamma: () => new relmap.GammaGamma({ p: 6.25, q: 3.74, v: 15.44 }),
  ModifiedBetaGeo: () => new relmap.ModifiedBetaGeo({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }),
  BetaGeoBetaBinom: () => new relmap.BetaGeoBetaBinom({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.78 }),
  ShiftedBetaGeo: () => relmap.ShiftedBetaGeo.fitCohorts([[1000, 631, 468, 382, 326, 289, 262, 241]]),
  PortfolioNetwork: () => new relmap.PortfolioNetwork([relmap.RelationshipMap.fromJson(SAMPLE)]),
  CovariateModel: () =>
    relmap.BetaGeo.fitWithCovariates(
      [2, 1, 0, 3, 1, 0, 4, 2, 5, 0],
      [30, 2, 0, 20, 10, 0, 35, 12, 36, 0],
      [38, 38, 38, 30, 30, 30, 38, 20, 38, 25],
      { purchaseCovariates: { names: ["g"], values: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1] } },
    ),
};

/** What must not change when a call is refused. */
function state(obj) {
  if (typeof obj.toJson === "function") return obj.toJson();
  if ("params" in obj) return JSON.stringify(obj.params);
  if (typeof obj.influenceMap === "function") return JSON.stringify(obj.influenceMap());
  if ("accounts" in obj && "members" in obj) return JSON.stringify([obj.accounts, obj.members, obj.moves]);
  return String(Object.keys(obj));
}

const classes = Object.entries(relmap).filter(([name, v]) => typeof v === "function" && /^[A-Z]/.test(name) && Object.getOwnPropertyNames(v.prototype ?? {}).length > 1);
const functions = Object.entries(relmap).filter(([name, v]) => typeof v === "function" && /^[a-z]/.test(name) && name !== "default" && name !== "initSync");

/** The method names of a class: own prototype functions (not getters), then statics. */
function methodsOf(Class) {
  const own = Object.getOwnPropertyNames(Class.prototype).filter((k) => {
    if (k === "constructor" || k.startsWith("__")) return false;
    const d = Object.getOwnPropertyDescriptor(Class.prototype, k);
    return typeof d.value === "function";
  });
  const statics = Object.getOwnPropertyNames(Class).filter((k) => typeof Class[k] === "function" && !k.startsWith("__"));
  return { own, statics };
}

function show(v) {
  try {
    return typeof v === "symbol" || typeof v === "bigint" ? `${typeof v}` : Array.isArray(v) ? "array" : typeof v;
  } catch {
    return "?";
  }
}

function check(what, call, failures) {
  try {
    call();
    return false;
  } catch (e) {
    if (!(e instanceof Error) || e instanceof WebAssembly.RuntimeError) failures.push(`${what}: threw ${e}`);
    else if (typeof e.code !== "string" || !CODES.has(e.code)) failures.push(`${what}: ${e.constructor.name} without a relmap code: ${e.message}`);
    else if (!(e.field === null || typeof e.field === "string")) failures.push(`${what}: field ${e.field}`);
    return true;
  }
}

/** Calls with every argument wrong at once, and each argument wrong alone (the rest undefined). */
function* argumentSets(fn) {
  const n = Math.max(fn.length, 1);
  for (const bad of WRONG) {
    yield Array(n).fill(bad);
    for (let i = 0; i < n; i++) {
      const args = Array(n).fill(undefined);
      args[i] = bad;
      yield args;
    }
  }
}

test("every exported function refuses wrong types with a code", () => {
  const failures = [];
  assert.ok(functions.length >= 10);
  for (const [name, fn] of functions) {
    for (const args of argumentSets(fn)) check(`${name}(${args.map(show)})`, () => fn(...args), failures);
  }
  assert.deepEqual(failures.slice(0, 60), []);
});

test("every method of every class refuses wrong types and leaves the object usable", () => {
  const missing = classes.map(([n]) => n).filter((n) => !(n in MAKE));
  assert.deepEqual(missing, [], "add a way to make these classes to MAKE");
  const failures = [];
  let tried = 0;
  for (const [name, Class] of classes) {
    const obj = MAKE[name]();
    const { own, statics } = methodsOf(Class);
    for (const method of own) {
      if (method === "free") continue;
      for (const args of argumentSets(Class.prototype[method])) {
        const before = state(obj);
        const refused = check(`${name}.${method}(${args.map(show)})`, () => obj[method](...args), failures);
        tried++;
        if (refused && state(obj) !== before) failures.push(`${name}.${method}: the object changed on a refused call`);
      }
    }
    for (const method of statics) {
      for (const args of argumentSets(Class[method])) {
        check(`${name}.${method}(${args.map(show)})`, () => Class[method](...args), failures);
        tried++;
      }
    }
    for (const args of argumentSets(Class)) {
      check(`new ${name}(${args.map(show)})`, () => new Class(...args), failures);
    }
    // Still usable.
    state(obj);
    obj.free();
  }
  assert.deepEqual(failures.slice(0, 60), []);
  assert.ok(tried > 200);
});

test("every method on a freed object throws freed_object, and freeing twice does nothing", () => {
  for (const [name] of classes) {
    const Class = relmap[name];
    const obj = MAKE[name]();
    const other = MAKE[name]();
    obj.free();
    obj.free();
    if (typeof obj[Symbol.dispose] === "function") obj[Symbol.dispose]();
    for (const method of methodsOf(Class).own) {
      if (method === "free") continue;
      let e;
      try {
        obj[method]();
      } catch (err) {
        e = err;
      }
      assert.ok(e instanceof TypeError, `${name}.${method}: ${e}`);
      assert.equal(e.code, "freed_object", `${name}.${method}`);
      assert.equal(e.field, null);
      assert.match(e.message, /freed/);
    }
    // A freed object as an argument is refused before anything runs, naming the argument.
    if (typeof other.equals === "function") {
      let e;
      try {
        other.equals(obj);
      } catch (err) {
        e = err;
      }
      assert.equal(e?.code, "freed_object");
      assert.equal(e.field, "other");
      assert.equal(other.equals(other), true, "the receiver still works");
    }
    other.free();
  }
  const m = MAKE.RelationshipMap();
  const gone = MAKE.RelationshipMap();
  gone.free();
  let e;
  try {
    relmap.classifyPortfolio([m, gone], { acme: 1 }, "2026-03-02");
  } catch (err) {
    e = err;
  }
  assert.equal(e?.code, "freed_object");
  assert.equal(e.field, "maps[1]");
  assert.ok(m.decisionChain().predictedSupport > -Infinity);
});

test("the glue's own argument errors carry code and field", () => {
  const m = MAKE.RelationshipMap();
  const id = m.stakeholders()[0].id;
  const cases = [
    [() => m.setStance(id, 10n), "stance"],
    [() => m.setStance(Symbol("x"), 1), "id"],
    [() => relmap.RelationshipMap.fromJson(10n), "text"],
    [() => new relmap.RelationshipMap(Symbol("a"), "A"), "accountId"],
  ];
  for (const [call, field] of cases) {
    let e;
    try {
      call();
    } catch (err) {
      e = err;
    }
    assert.ok(e instanceof TypeError, String(e));
    assert.equal(e.code, "invalid_argument");
    assert.equal(e.field, field);
    assert.ok(e.message.includes(field), e.message);
  }
  let e;
  try {
    relmap.RelationshipMap.prototype.toJson.call({});
  } catch (err) {
    e = err;
  }
  assert.equal(e.code, "invalid_argument");
  assert.equal(e.field, "this");
  assert.ok(m.toJson().length > 100, "the map still works");
});
