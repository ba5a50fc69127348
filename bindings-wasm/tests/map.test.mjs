// RelationshipMap from JavaScript: loading, editing, saving, and errors.
// Run with `node --test bindings-wasm/tests/` after bindings-wasm/build.sh.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { RelationshipMap } from "relmap";
import { throwsWith } from "./helpers.mjs";

const sample = fileURLToPath(new URL("../../examples/data/demo_small.json", import.meta.url));
const pkg = fileURLToPath(new URL("../pkg/", import.meta.url));

function smallMap() {
  const m = new RelationshipMap("acme", "Acme Group");
  m.addStakeholder({ id: "ceo", name: "Chen Wei", roles: ["economic_buyer"], authority: 1 });
  m.addStakeholder({ id: "cio", name: "Liu Yang", reportsTo: "ceo", roles: ["technical_buyer", "coach"], stance: 3 });
  m.addRelation({ source: "cio", target: "ceo", kind: "influences", strength: 0.7 });
  m.addTeamMember({ id: "rep", name: "Zhao Min", role: "account_manager" });
  return m;
}

/** Calls `action` and returns what it threw. */
function thrown(action) {
  try {
    action();
  } catch (e) {
    return e;
  }
  assert.fail("expected an error");
}

test("load, edit and save round trip", () => {
  const m = RelationshipMap.fromJson(readFileSync(sample, "utf8"));
  assert.equal(m.accountId, "hengtai");
  assert.equal(m.stakeholderCount, 8);
  assert.deepEqual(m.stakeholderIds.slice(0, 3), ["gm", "cfo", "cio"]);
  assert.deepEqual(m.teamIds, ["am", "se", "vp"]);
  assert.equal(m.relationCount, 7);

  m.addStakeholder({ id: "qa_head", name: "Qian Hui", department: "Quality", reportsTo: "prod_dir", roles: ["influencer"] });
  m.addRelation({ source: "qa_head", target: "prod_dir", strength: 0.4 });
  m.setStance("cfo", 1.5);
  m.setStance("purchasing", null);

  const saved = m.toJson();
  const again = RelationshipMap.fromJson(saved);
  assert.ok(again.equals(m));
  assert.equal(again.toJson(), saved);

  const doc = JSON.parse(saved);
  assert.equal(doc.format, "relmap/2");
  assert.equal(doc.stakeholders.find((s) => s.id === "cfo").stance, 1.5);
  assert.deepEqual(doc.stakeholders.find((s) => s.id === "qa_head"), {
    id: "qa_head",
    name: "Qian Hui",
    department: "Quality",
    reports_to: "prod_dir",
    roles: ["influencer"],
  });
  assert.deepEqual(doc.relations.at(-1), { source: "qa_head", target: "prod_dir", kind: "influences", strength: 0.4 });
});

test("a built map reads back equal, the same document as Python writes", () => {
  const m = smallMap();
  assert.ok(RelationshipMap.fromJson(m.toJson()).equals(m));
  const doc = JSON.parse(m.toJson());
  assert.deepEqual(doc.account, { id: "acme", name: "Acme Group" });
  assert.deepEqual(doc.stakeholders[1].roles, ["technical_buyer", "coach"]);
  assert.equal(m.accountName, "Acme Group");
});

test("an unknown id throws an Error with code unknown_reference and the field", () => {
  const m = smallMap();
  const e = thrown(() => m.addRelation({ source: "cio", target: "nobody", kind: "ally", strength: 0.5 }));
  assert.ok(e instanceof Error, `not an Error: ${e}`);
  assert.equal(e.code, "unknown_reference");
  assert.equal(e.field, "relations[1].target");
  assert.match(e.message, /nobody/);
  assert.equal(m.relationCount, 1, "a refused edit leaves the map unchanged");

  const e2 = thrown(() => m.addStakeholder({ id: "x", reportsTo: "ghost" }));
  assert.equal(e2.code, "unknown_reference");
  assert.equal(e2.field, "stakeholders[2].reportsTo");
});

test("numbers out of range throw RangeError", () => {
  const m = smallMap();
  for (const [action, code, field] of [
    [() => m.setStance("cio", 7), "out_of_range", "stakeholders[1].stance"],
    [() => m.addRelation({ source: "ceo", target: "cio", strength: 0 }), "out_of_range", "relations[1].strength"],
    [() => m.addRelation({ source: "ceo", target: "cio", strength: NaN }), "non_finite", "strength"],
  ]) {
    const e = thrown(action);
    assert.ok(e instanceof RangeError, `${code}: ${e}`);
    assert.equal(e.code, code);
    assert.equal(e.field, field);
  }
});

test("other model rules throw Error with their code", () => {
  const m = smallMap();
  for (const [action, code] of [
    [() => m.addStakeholder({ id: "ceo" }), "duplicate_id"],
    [() => m.setStance("ghost", 1), "not_found"],
    [() => m.addRelation({ source: "cio", target: "cio" }), "self_loop"],
    [() => new RelationshipMap(""), "empty_id"],
  ]) {
    const e = thrown(action);
    assert.ok(e instanceof Error && !(e instanceof RangeError) && !(e instanceof TypeError), `${code}: ${e}`);
    assert.equal(e.code, code);
  }
});

test("malformed JSON throws SyntaxError with code json_syntax", () => {
  const e = thrown(() => RelationshipMap.fromJson('{"account": {"id": "a", "name": "A"},'));
  assert.ok(e instanceof SyntaxError, `${e}`);
  assert.equal(e.code, "json_syntax");
  assert.equal(e.field, null);
  assert.match(e.message, /line 1/);
});

test("an unknown field in a document throws with its path", () => {
  const text = readFileSync(sample, "utf8").replace('"id": "cfo",', '"id": "cfo", "mood": "grumpy",');
  const e = thrown(() => RelationshipMap.fromJson(text));
  assert.ok(e instanceof Error);
  assert.equal(e.code, "json_shape");
  assert.equal(e.field, "stakeholders[1].mood");
});

test("arguments of the wrong shape throw TypeError with the path", () => {
  const m = smallMap();
  for (const [action, field] of [
    [() => m.addStakeholder({ id: "cto", roles: ["economic_buyer", "boss"] }), "roles[1]"],
    [() => m.addStakeholder({ id: "cto", reportTo: "ceo" }), "reportTo"],
    [() => m.addRelation({ source: "cio", target: "ceo", kind: "likes" }), "kind"],
    [() => m.addRelation({ source: "cio", target: "ceo", strength: "strong" }), "strength"],
    [() => m.addTeamMember("rep2"), null],
  ]) {
    const e = thrown(action);
    assert.ok(e instanceof TypeError, `${field}: ${e}`);
    assert.equal(e.code, "invalid_argument");
    if (field) assert.equal(e.field, field);
  }
  assert.ok(!m.stakeholderIds.includes("cto"));
  // The unknown field is named in the message.
  assert.match(thrown(() => m.addStakeholder({ id: "cto", reportTo: "ceo" })).message, /reportTo/);
});

test("the package ships typed declarations without any", () => {
  for (const file of ["node/relmap.d.ts", "web/relmap.d.ts"]) {
    // The web build's InitOutput lists the raw wasm exports (pointers and handles):
    // it is the loader's view, not the API, and is left out of the check.
    // Comments are prose (and may use the word); the check is on the declarations.
    const dts = readFileSync(pkg + file, "utf8")
      .replace(/export interface InitOutput \{[^}]*\}/, "")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "");
    assert.match(dts, /export class RelationshipMap/);
    assert.match(dts, /addStakeholder\(stakeholder: StakeholderInput\): void/);
    assert.match(dts, /export interface RelmapError extends Error/);
    assert.doesNotMatch(dts, /\bany\b/, `${file} mentions any`);
  }
});

test("the README's JavaScript example runs and prints what its comments say", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const readme = readFileSync(root + "README.md", "utf8");
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 1);
  // Run it from the repository root, with the package resolved from here.
  const code = blocks[0].replace('from "relmap"', `from ${JSON.stringify(import.meta.resolve("relmap"))}`);
  const dir = mkdtempSync(join(tmpdir(), "relmap-readme-"));
  let out;
  try {
    writeFileSync(join(dir, "example.mjs"), code);
    out = execFileSync(process.execPath, [join(dir, "example.mjs")], { cwd: root, encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const promised = blocks[0].match(/console\.log\(e instanceof Error, e\.code, e\.field\); \/\/ (.*)/)[1];
  assert.equal(out.trim().split("\n").at(-1), promised);
});

test("contact keys are document fields, checked by the core", () => {
  const m = smallMap();
  m.addStakeholder({ id: "cfo", name: "Wang Fang", emails: ["wang.fang@acme.cn"], crmIds: { hubspot: "5101" } });
  m.addTeamMember({ id: "se", name: "Lin Hao", emails: ["lin.hao@us.example"] });
  const doc = JSON.parse(m.toJson());
  const cfo = doc.stakeholders.find((s) => s.id === "cfo");
  assert.deepEqual([cfo.emails, cfo.crm_ids], [["wang.fang@acme.cn"], { hubspot: "5101" }]);
  assert.deepEqual(doc.team.find((t) => t.id === "se").emails, ["lin.hao@us.example"]);
  throwsWith(() => m.addStakeholder({ id: "x", emails: ["no-at-sign"] }), Error, "invalid_contact", "stakeholders[3].emails[0]");
  throwsWith(() => m.addStakeholder({ id: "y", emails: ["Wang.Fang@ACME.cn"] }), Error, "duplicate_id", "stakeholders[3].emails[0]");
  assert.deepEqual(m.stakeholderIds, ["ceo", "cio", "cfo"]);
});
