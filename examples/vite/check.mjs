// Checks the Vite example in headless Chromium, served five ways:
// - dev: Vite's dev server, relmap linked from bindings-wasm/pkg as `npm ci` installs it
//   (a symlink, so vite.config.js allows the package's folder; checked to be needed);
// - dev-installed: Vite's dev server, relmap copied into node_modules/ as a registry or
//   tarball install puts it, without vite.config.js;
// - build: Vite's production build, served by `vite preview`;
// - esbuild, esbuild-loader: esbuild bundles (served by `vite preview` too), relmap_bg.wasm
//   copied next to the bundle, or emitted by esbuild's `file` loader and passed to
//   `init({ module_or_path })` (build-esbuild.mjs). In each: pick a map file with the file input, see the decision
// chain and the relationship map, pick a broken file (an error with its code, the plan
// stays), pick another map; nothing logs an error or a warning and no request fails.
// Screenshots at desktop and phone width go to test-output/vite-<way>-<width>.png; at
// 390 px nothing may scroll sideways.
//
//   bindings-wasm/build.sh && (cd bindings-wasm && npm ci) && (cd examples/vite && npm ci)
//   node examples/vite/check.mjs [dev] [dev-installed] [build] [esbuild] [esbuild-loader]   # default: all
//
// Uses Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) through playwright-core;
// nothing is downloaded.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, createServer, preview } from "vite";

import { buildWithEsbuild } from "./build-esbuild.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));
const { chromium } = createRequire(join(root, "bindings-wasm", "package.json"))("playwright-core");
const outDir = join(root, "test-output");
mkdirSync(outDir, { recursive: true });
const sample = (name) => join(root, "examples", "data", `${name}.json`);

const ways = process.argv.slice(2).length ? process.argv.slice(2) : ["dev", "dev-installed", "build", "esbuild", "esbuild-loader"];
const scratch = mkdtempSync(join(tmpdir(), "relmap-vite-"));
const quiet = { logLevel: "warn", configFile: join(here, "vite.config.js"), root: here };
const listen = { host: "127.0.0.1", port: 0, strictPort: false };

/** Vite's dev server on `options`; resolves to { url, close }. */
async function devServer(options) {
  const server = await createServer({ ...options, server: listen });
  await server.listen();
  return { url: server.resolvedUrls.local[0], close: () => server.close() };
}

/**
 * The app as a registry install would have it: relmap copied into a real
 * node_modules/relmap/ (the other packages linked from examples/vite/node_modules/),
 * and no vite.config.js.
 */
function installedCopy() {
  const app = join(scratch, "installed");
  mkdirSync(join(app, "node_modules"), { recursive: true });
  cpSync(join(here, "index.html"), join(app, "index.html"));
  cpSync(join(here, "src"), join(app, "src"), { recursive: true });
  for (const name of readdirSync(join(here, "node_modules"))) {
    if (name === "relmap" || name.startsWith(".")) continue;
    symlinkSync(join(here, "node_modules", name), join(app, "node_modules", name));
  }
  cpSync(realpathSync(join(here, "node_modules", "relmap")), join(app, "node_modules", "relmap"), { recursive: true });
  return app;
}

/**
 * What vite.config.js is for: without it, the dev server refuses the linked package's
 * relmap_bg.wasm (the JavaScript next to it, which the app imports, is served; the module,
 * which it fetches, is not). If Vite
 * stops refusing it, docs/javascript.md's Vite section needs a look.
 */
async function devWithoutConfigRefusesTheModule() {
  const server = await devServer({ logLevel: "silent", configFile: false, root: here });
  try {
    const pkg = realpathSync(join(here, "node_modules", "relmap", "web"));
    // The app's module first: importing relmap.js puts it on the list of files Vite serves.
    assert.equal((await fetch(new URL("src/main.js", server.url))).status, 200);
    const glue = await fetch(new URL(`/@fs${pkg}/relmap.js`, server.url));
    const wasm = await fetch(new URL(`/@fs${pkg}/relmap_bg.wasm`, server.url));
    assert.deepEqual([glue.status, wasm.status], [200, 403], "Vite's dev server without vite.config.js: relmap.js, relmap_bg.wasm");
  } finally {
    await server.close();
  }
}

/** Starts the way's server; resolves to { url, close }. */
async function start(way) {
  if (way === "dev") {
    await devWithoutConfigRefusesTheModule();
    return devServer(quiet);
  }
  if (way === "dev-installed") return devServer({ logLevel: "warn", configFile: false, root: installedCopy() });
  let dist;
  if (way === "build") {
    dist = join(scratch, "vite");
    await build({ ...quiet, build: { outDir: dist, emptyOutDir: true } });
  } else if (way === "esbuild" || way === "esbuild-loader") {
    dist = await buildWithEsbuild(join(scratch, way), { wasmLoader: way === "esbuild-loader" });
  } else {
    throw new Error(`unknown way ${way}: dev, dev-installed, build, esbuild or esbuild-loader`);
  }
  const server = await preview({ ...quiet, build: { outDir: dist }, preview: listen });
  return { url: server.resolvedUrls.local[0], close: () => server.close() };
}

const profile = mkdtempSync(join(tmpdir(), "relmap-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

try {
  for (const way of ways) {
    const t0 = Date.now();
    const server = await start(way);
    try {
      await check(way, server.url);
    } finally {
      await server.close();
    }
    console.log(`  ${way}: ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}

async function check(way, url) {
  const problems = [];
  const page = await browser.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  const wasm = [];
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) wasm.push(`${path.split("/").pop().replace(/-[A-Za-z0-9_-]{8}\.wasm$/, "-HASH.wasm")} ${r.status()} ${r.headers()["content-type"]}`);
  });
  const text = (selector) => page.$eval(selector, (e) => e.textContent.trim());
  const state = async (s) => {
    try {
      await page.waitForSelector(`#status[data-state="${s}"]`, { timeout: 20000 });
    } catch (e) {
      const status = await page.$eval("#status", (e) => `${e.dataset.state}: ${e.textContent}`).catch(() => "no #status");
      throw new Error(`${way}: waiting for the status "${s}", it is ${status}; ${problems.join("; ")}`, { cause: e });
    }
  };

  try {
    await page.goto(url);
    await state("idle");
    // Fetched once, as application/wasm (else the browser falls back to a slower compile
    // and the glue warns), under the name each way gives it.
    const wasmName = { dev: "relmap_bg.wasm", "dev-installed": "relmap_bg.wasm", build: "relmap_bg-HASH.wasm", esbuild: "relmap_bg.wasm", "esbuild-loader": "relmap_bg-HASH.wasm" }[way];
    assert.deepEqual(wasm, [`${wasmName} 200 application/wasm`], `${way}: the wasm responses`);

    // A map the user picks: the chain and the picture appear.
    await page.setInputFiles("#file", sample("manufacturing_cloud"));
    await state("ready");
    assert.equal(await text("#status"), "manufacturing_cloud.json: 35 stakeholders, 43 relations");
    assert.equal(await text("#account-name"), "华东精密制造集团有限公司");
    assert.equal(await text("#support"), "+0.074");
    assert.equal(await text("#coverage"), "15.3%");
    const rows = await page.$$eval("#influencers tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    assert.equal(rows.length, 10);
    assert.deepEqual(rows[0], ["孙建华", rows[0][1], "13.3%", "−3", "−2.5"], `first influencer: ${rows[0]}`);
    const flags = await page.$$eval("#flags li", (lis) => lis.map((li) => li.dataset.code));
    assert.equal(flags[0], "economic_buyer_not_covered");
    assert.ok(flags.includes("high_influence_opponent"), `flags: ${flags}`);
    assert.equal(await text("#flag-count"), String(flags.length));
    // Flags name people and opportunities by their names, not their ids.
    const flagged = await page.$$eval("#flags li b", (bs) => bs.map((b) => b.textContent));
    assert.equal(flagged[0], "陈国栋");
    assert.ok(!flagged.some((n) => /^[a-z0-9_]+$/.test(n)), `flagged: ${flagged}`);
    // The core's reasons name them too: no id reaches the page's sentences.
    const said = await page.$$eval("#flags li", (lis) => lis.map((li) => li.textContent));
    assert.ok(said.some((r) => r.includes("economic buyer 陈国栋 has no relationship")), `reasons: ${said}`);
    assert.ok(!said.some((r) => /\b(chairman|vp_manufacturing|president|hd_cloud_2026)\b/.test(r)), `reasons with ids: ${said}`);
    assert.equal(await page.$$eval("#contacts li", (lis) => lis.length), 5);
    const drawn = await page.$$eval("#map svg g.stakeholder", (gs) => gs.map((g) => g.dataset.id));
    assert.ok(drawn.includes("chairman") && drawn.includes("vp_manufacturing") && drawn.length < 35, `drawn: ${drawn}`);
    assert.ok(await page.$("#map svg g.highlight-path > *"), "the best path to the economic buyer is highlighted");
    const box = await page.$eval("#map svg", (svg) => svg.getBoundingClientRect().toJSON());
    assert.ok(box.width > 300 && box.height > 200, `the picture is ${box.width}×${box.height}`);
    await page.screenshot({ path: join(outDir, `vite-${way}-desktop.png`), fullPage: true });

    // A broken file: a readable error with relmap's code; the plan on screen stays.
    await page.setInputFiles("#file", { name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{"format": "relmap/2", "account": ') });
    await state("error");
    assert.match(await text("#status"), /^broken\.json is not a map relmap can read: .*\[json_syntax\]$/);
    assert.equal(await text("#account-name"), "华东精密制造集团有限公司");

    // Another map replaces the plan.
    await page.setInputFiles("#file", sample("city_construction_tender"));
    await state("ready");
    assert.notEqual(await text("#account-name"), "华东精密制造集团有限公司");
    assert.ok((await page.$$eval("#map svg g.stakeholder", (gs) => gs.length)) > 0);

    // Phone width: one column, nothing wider than the screen.
    await page.setInputFiles("#file", sample("manufacturing_cloud"));
    await state("ready");
    await page.setViewportSize({ width: 390, height: 844 });
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(widths[0] <= widths[1], `at 390 px the page is ${widths[0]} px wide`);
    await page.screenshot({ path: join(outDir, `vite-${way}-phone.png`), fullPage: true });

    assert.deepEqual(problems, [], `${way}: errors or warnings in the page`);
  } finally {
    await page.close();
  }
}
