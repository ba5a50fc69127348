// docs/errors.md against the package: every code, its kind and the constructor it is thrown with.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { errorCodes, RelationshipMap } from "relmap";
import { repo, throwsWith } from "./helpers.mjs";

/** The rows of the first table whose header starts with `heading`, cells unquoted. */
function table(heading) {
  const lines = readFileSync(repo("docs/errors.md"), "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith(heading));
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.trim().slice(1, -1).split("|").map((c) => c.trim().replace(/^`|`$/g, "")));
  }
  return rows;
}

test("every code of the docs is thrown with the documented constructor", () => {
  const constructors = Object.fromEntries(table("| kind | Python |").map(([kind, , js]) => [kind, js]));
  const documented = table("| code | kind |").map(([code, kind]) => ({ code, kind, constructor: constructors[kind] }));
  assert.deepEqual(errorCodes(), documented);
  for (const js of Object.values(constructors)) assert.ok(globalThis[js].prototype instanceof Error || js === "Error");
});

test("core errors are thrown by kind", () => {
  throwsWith(() => RelationshipMap.fromJson("{"), SyntaxError, "json_syntax", null);
  const m = new RelationshipMap("a");
  throwsWith(() => m.addStakeholder({ id: "x", stance: 9 }), RangeError, "out_of_range", "stakeholders[0].stance");
  throwsWith(() => m.addStakeholder({ id: "x", roles: ["boss"] }), TypeError, "invalid_argument", "roles[0]");
  throwsWith(() => m.setStance("ghost", 1), Error, "not_found");
});

test("a call on a freed object throws freed_object with the documented constructor", () => {
  const row = errorCodes().find((c) => c.code === "freed_object");
  assert.deepEqual(row, { code: "freed_object", kind: "argument", constructor: "TypeError" });
  const m = new RelationshipMap("a");
  m.free();
  throwsWith(() => m.toJson(), TypeError, "freed_object", null);
  throwsWith(() => m.addStakeholder({ id: "x" }), TypeError, "freed_object", null);
});
