// The npm tarball as `npm pack` would write it: the files it holds (one wasm module
// shared by the node and web builds, README, licenses, declarations), the metadata a
// registry page shows, and that both builds load the one module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const pkgDir = fileURLToPath(new URL("../pkg/", import.meta.url));
const manifest = JSON.parse(readFileSync(pkgDir + "package.json", "utf8"));
const cargo = readFileSync(fileURLToPath(new URL("../../Cargo.toml", import.meta.url)), "utf8");
const packed = JSON.parse(
  execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], { cwd: pkgDir, encoding: "utf8" }),
)[0];
const files = new Map(packed.files.map((f) => [f.path, f.size]));

test("the tarball holds exactly the two builds, one wasm module, the README and the licenses", () => {
  assert.deepEqual([...files.keys()].sort(), [
    "LICENSE-APACHE",
    "LICENSE-MIT",
    "README.md",
    "node/package.json",
    "node/relmap.d.ts",
    "node/relmap.js",
    "package.json",
    "web/package.json",
    "web/relmap.d.ts",
    "web/relmap.js",
    "web/relmap_bg.wasm",
    "web/relmap_bg.wasm-url.d.ts",
    "web/relmap_bg.wasm.d.ts",
  ]);
  const wasm = [...files.keys()].filter((p) => p.endsWith(".wasm"));
  assert.deepEqual(wasm, ["web/relmap_bg.wasm"], "one wasm module for both builds");
  // The module is most of the package: the unpacked size is the module plus the glue,
  // declarations and texts (under 1 MB), never a second copy of it.
  const moduleBytes = files.get("web/relmap_bg.wasm");
  assert.ok(moduleBytes > 1_000_000, `relmap_bg.wasm is ${moduleBytes} bytes`);
  assert.ok(packed.unpackedSize < moduleBytes + 1_000_000, `unpacked ${packed.unpackedSize} bytes for a ${moduleBytes}-byte module`);
  assert.ok(packed.size < moduleBytes, `packed ${packed.size} bytes`);
  assert.ok(files.get("README.md") > 500 && files.get("LICENSE-MIT") > 500 && files.get("LICENSE-APACHE") > 5000);
});

test("the manifest has the registry metadata, the Cargo workspace's version, license and repository", () => {
  const field = (key) => cargo.match(new RegExp(`^${key} = "([^"]*)"`, "m"))[1];
  assert.equal(manifest.name, "relmap");
  assert.equal(manifest.version, field("version"));
  assert.equal(manifest.license, field("license"));
  assert.equal(manifest.repository.type, "git");
  assert.equal(manifest.repository.url, `git+${field("repository")}.git`);
  assert.equal(manifest.repository.directory, "bindings-wasm");
  assert.ok(manifest.description.length > 20);
  assert.equal(packed.name, "relmap");
  assert.equal(packed.version, manifest.version);
});

test("the exports resolve: node and web builds, their declarations, and the wasm module's URL", () => {
  const exportsOf = manifest.exports;
  assert.deepEqual(exportsOf["./relmap_bg.wasm"], { types: "./web/relmap_bg.wasm-url.d.ts", default: "./web/relmap_bg.wasm" });
  for (const entry of [exportsOf["./relmap_bg.wasm"], exportsOf["."].node, exportsOf["."].browser, exportsOf["."].default, exportsOf["./node"], exportsOf["./web"]]) {
    assert.ok(files.has(entry.types.slice(2)), entry.types);
    assert.ok(files.has(entry.default.slice(2)), entry.default);
  }
  const require = createRequire(import.meta.url);
  assert.equal(require.resolve("relmap/relmap_bg.wasm"), require.resolve("relmap/package.json").replace(/package\.json$/, "web/relmap_bg.wasm"));
});

test("the node build loads the web build's module, and the web build initialises from its bytes", async () => {
  const node = createRequire(import.meta.url)("relmap");
  assert.match(readFileSync(pkgDir + "node/relmap.js", "utf8"), /\/\.\.\/web\/relmap_bg\.wasm`/);
  const web = await import("relmap/web");
  web.initSync({ module: readFileSync(pkgDir + "web/relmap_bg.wasm") });
  const text = readFileSync(fileURLToPath(new URL("../../examples/data/demo_small.json", import.meta.url)), "utf8");
  const a = node.RelationshipMap.fromJson(text);
  const b = web.RelationshipMap.fromJson(text);
  assert.equal(a.decisionChain().predictedSupport, b.decisionChain().predictedSupport);
  assert.equal(a.toJson(), b.toJson());
});

test("the declarations declare Symbol.dispose for libs before esnext.disposable", () => {
  for (const build of ["node", "web"]) {
    const dts = readFileSync(pkgDir + `${build}/relmap.d.ts`, "utf8");
    assert.match(dts, /declare global \{\s*interface SymbolConstructor \{\s*readonly dispose: unique symbol;/);
    assert.ok(dts.includes("[Symbol.dispose](): void;"));
  }
});

test("docs/javascript.md quotes the module's size as build.sh prints it, within 5%", () => {
  const docs = readFileSync(fileURLToPath(new URL("../../docs/javascript.md", import.meta.url)), "utf8");
  const quoted = docs.match(/^built bindings-wasm\/pkg: relmap_bg\.wasm (\d+) bytes/m);
  assert.ok(quoted, "docs/javascript.md has the line build.sh prints");
  const built = files.get("web/relmap_bg.wasm");
  const drift = Math.abs(built - Number(quoted[1])) / Number(quoted[1]);
  assert.ok(drift <= 0.05, `relmap_bg.wasm is ${built} bytes, docs/javascript.md says ${quoted[1]}: paste what build.sh prints`);
});
