// Every exported function, class, method and property is exercised by a
// behavioural test (the bad-input sweep does not count), and typed in the .d.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import * as relmap from "relmap";

const here = fileURLToPath(new URL(".", import.meta.url));
const own = ["api.test.mjs", "bad_inputs.test.mjs", "helpers.mjs"];
const sources = readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && !own.includes(f))
  .map((f) => readFileSync(here + f, "utf8"))
  .join("\n");
const dts = readFileSync(fileURLToPath(new URL("../pkg/node/relmap.d.ts", import.meta.url)), "utf8");

/** The public surface: exported functions, and each class's methods and properties. */
function surface() {
  const names = [];
  for (const [name, value] of Object.entries(relmap)) {
    if (name.startsWith("__") || name === "default" || name === "initSync") continue;
    if (typeof value !== "function") continue;
    const isClass = /^[A-Z]/.test(name);
    names.push({ owner: null, name, isClass });
    if (!isClass) continue;
    for (const member of Object.getOwnPropertyNames(value.prototype)) {
      if (["constructor", "free", "__destroy_into_raw"].includes(member)) continue;
      names.push({ owner: name, name: member });
    }
    for (const member of Object.getOwnPropertyNames(value)) {
      if (["length", "name", "prototype", "__wrap"].includes(member) || member.startsWith("__")) continue;
      names.push({ owner: name, name: member, isStatic: true });
    }
  }
  return names;
}

test("the package exports the documented surface", () => {
  const names = surface().map((s) => (s.owner ? `${s.owner}.${s.name}` : s.name));
  for (const expected of [
    "RelationshipMap", "DecisionChain", "RelationshipMap.fromJson", "RelationshipMap.toJson",
    "RelationshipMap.addStakeholder", "RelationshipMap.addRelation", "RelationshipMap.decisionChain",
    "RelationshipMap.trust", "RelationshipMap.stages", "RelationshipMap.competition", "RelationshipMap.toSvg",
    "DecisionChain.predictedSupport", "DecisionChain.redFlags", "DecisionChain.nextBestContacts",
    "DecisionChain.bestPath", "DecisionChain.coverage", "classify", "diff", "version",
  ]) {
    assert.ok(names.includes(expected), `${expected} is not exported`);
  }
});

test("every exported name is exercised by a test and declared in the .d.ts", () => {
  const untested = [];
  const undeclared = [];
  for (const { owner, name, isStatic } of surface()) {
    const used = owner
      ? new RegExp(`\\.${name}\\b`).test(sources) || (name === "toString" && /toString\(\)/.test(sources))
      : new RegExp(`\\b${name}\\b`).test(sources);
    if (!used) untested.push(owner ? `${owner}.${name}` : name);
    const declared = owner
      ? new RegExp(`(^|\\s)(static |readonly )?${name}[(:?]`, "m").test(dts)
      : new RegExp(`export (function|class) ${name}\\b`).test(dts);
    if (!declared) undeclared.push(owner ? `${owner}.${isStatic ? "static " : ""}${name}` : name);
  }
  assert.deepEqual(untested, [], "exported but never exercised");
  assert.deepEqual(undeclared, [], "exported but not declared");
});
