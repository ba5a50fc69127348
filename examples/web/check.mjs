// Checks the web example in headless Chromium: it loads, draws the map, shows the
// deal health and lists the analysis, and recomputes (deal health included) when a
// stance, an interaction or a relation is edited, with no console errors. Saves
// screenshots to test-output/web.png and test-output/web-phone.png (390 px wide).
//
//   bindings-wasm/build.sh && (cd bindings-wasm && npm ci)   # the package and playwright-core
//   node examples/web/check.mjs
//
// Uses Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) through playwright-core;
// nothing is downloaded.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { checkImport } from "./check_import.mjs";
import { serve } from "./serve.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const { chromium } = createRequire(join(root, "bindings-wasm", "package.json"))("playwright-core");
const outDir = join(root, "test-output");
mkdirSync(outDir, { recursive: true });

const { server, url } = await serve(0);
const profile = mkdtempSync(join(tmpdir(), "relmap-chromium-"));
// A fresh profile directory (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1440, height: 1300 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

const problems = [];
const step = (what) => console.log(`  ${what}`);

try {
  const page = await browser.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });

  const version = () => page.$eval("#status", (s) => Number(s.dataset.version ?? 0));
  /** Waits until the page has recomputed past `v`. */
  const recomputedAfter = (v) => page.waitForFunction((v0) => Number(document.querySelector("#status").dataset.version ?? 0) > v0, v);
  const text = (selector) => page.$eval(selector, (e) => e.textContent.trim());
  const flagCodes = () => page.$$eval("#flags li[data-code]", (lis) => lis.map((li) => li.dataset.code));
  const number = (t) => Number(t.replace("−", "-"));
  const support = () => page.$eval("#support", (e) => Number(e.dataset.value));

  await page.goto(url);
  await page.waitForSelector('#status[data-ready="1"]', { timeout: 20000 });
  step(`loaded: ${await text("#status")}`);

  // The map, the cards and the tables are there: the key players first, then everyone.
  const drawn = () => page.$$eval("#map svg g.stakeholder", (gs) => gs.length);
  const keyPlayers = await drawn();
  assert.ok(keyPlayers >= Number(await text("#key-count")) && keyPlayers < 35, `${keyPlayers} key players drawn`);
  await page.selectOption("#view", "all");
  assert.equal(await drawn(), 35, "every stakeholder of the sample is drawn");
  await page.selectOption("#view", "key");
  assert.ok(await page.$("#map svg g.highlight-path > *"), "the best path to the economic buyer is highlighted");
  const support0 = number(await text("#support"));
  const flags0 = await flagCodes();
  assert.equal(await page.$$eval("#influence tbody tr", (trs) => trs.length), 12);
  await page.click("#more");
  const rows = await page.$$eval("#influence tbody tr", (trs) => trs.length);
  const contacts = await page.$$eval("#contacts tbody tr", (trs) => trs.length);
  assert.equal(rows, 35);
  assert.ok(contacts > 0 && contacts <= 10);
  assert.ok(flags0.includes("high_influence_opponent"), `flags: ${flags0}`);
  step(`support ${support0}, ${flags0.length} red flags, ${contacts} next best contacts`);

  // Deal health: score, status, the factors largest loss first with their reasons, three actions.
  const health = () => page.$eval("#deals .deal", (a) => ({
    score: Number(a.dataset.score),
    status: a.dataset.status,
    shown: a.querySelector(".big").textContent,
    factors: [...a.querySelectorAll(".factors li")].map((li) => ({ code: li.dataset.code, impact: Number(li.dataset.impact), why: li.querySelector(".why").textContent })),
    actions: [...a.querySelectorAll(".actions li")].map((li) => li.textContent.trim()),
    delta: a.querySelector(".delta").textContent,
  }));
  const h0 = await health();
  assert.equal(h0.status, "critical", JSON.stringify(h0));
  assert.ok(h0.shown.startsWith(h0.score.toFixed(0)));
  assert.ok(h0.factors.length >= 8 && h0.factors.every((f) => f.impact !== 0 && f.why.length > 10), JSON.stringify(h0.factors));
  const losses = h0.factors.filter((f) => f.impact < 0);
  assert.deepEqual(h0.factors.slice(0, losses.length), losses, "losses come first");
  assert.ok(losses.every((f, k) => k === 0 || Math.abs(losses[k - 1].impact) >= Math.abs(f.impact)), "largest loss first");
  assert.equal(h0.actions.length, 3);
  assert.ok(h0.factors.some((f) => f.code === "opponent_influence"), "the VP of manufacturing holds influence against us");
  step(`deal health ${h0.score.toFixed(1)} ${h0.status}: ${losses[0].code} first; ${h0.actions[0]}`);

  // 1. The manufacturing VP (an opponent at −3 with 13% of the decision) comes round to +5.
  let v = await version();
  await page.selectOption("#stance-who", "vp_manufacturing");
  await page.$eval("#stance", (input) => {
    input.value = "5";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await recomputedAfter(v);
  const support1 = number(await text("#support"));
  const flags1 = await flagCodes();
  assert.ok(support1 > support0 + 0.05, `support ${support0} -> ${support1}`);
  assert.ok(!flags1.includes("high_influence_opponent"), `the opponent flag is gone: ${flags1}`);
  assert.match(await text("#support-delta"), /^\+/);
  const vpRow = await page.$eval('#influence tr[data-id="vp_manufacturing"]', (tr) => tr.cells[3].textContent.trim());
  assert.equal(vpRow, "+5");
  step(`stance edit: support ${support0} -> ${support1}, red flags ${flags0.length} -> ${flags1.length}`);
  const h1 = await health();
  assert.ok(h1.score > h0.score, `deal health ${h0.score} -> ${h1.score}`);
  assert.ok(!h1.factors.some((f) => f.code === "opponent_influence"), "no opponent holds influence any more");
  assert.match(h1.delta, /^\+[0-9.]+ after the last edit$/);
  step(`stance edit: deal health ${h0.score.toFixed(1)} -> ${h1.score.toFixed(1)}`);

  // 2. The chairman (the economic buyer, not met for 330 days) asks our executive sponsor to a meeting.
  const flagsOn = (id) => page.$$eval("#flags li[data-code]", (lis, who) => lis.filter((li) => li.dataset.ids.split(" ").includes(who)).map((li) => li.dataset.code), id);
  const tie = (id) => page.$eval(`#influence tr[data-id="${id}"]`, (tr) => parseFloat(tr.cells[6].textContent));
  const staleBefore = await flagsOn("chairman");
  const tieBefore = await tie("chairman");
  assert.ok(staleBefore.includes("stale_key_relationship"), `chairman flags: ${staleBefore}`);
  v = await version();
  await page.selectOption("#int-member", "exec_sponsor");
  await page.selectOption("#int-who", "chairman");
  await page.selectOption("#int-channel", "meeting");
  await page.selectOption("#int-sentiment", "0.5");
  await page.check("#int-them");
  await page.click('#interaction-form button[type="submit"]');
  await recomputedAfter(v);
  const staleAfter = await flagsOn("chairman");
  const tieAfter = await tie("chairman");
  assert.ok(!staleAfter.includes("stale_key_relationship"), `the chairman is no longer stale: ${staleAfter}`);
  assert.ok(tieAfter > tieBefore, `our tie to the chairman ${tieBefore} -> ${tieAfter}`);
  assert.equal(await text("#edit-error"), "");
  step(`interaction: chairman flags [${staleBefore}] -> [${staleAfter}], tie ${tieBefore} -> ${tieAfter}`);
  const h2 = await health();
  assert.notEqual(h2.score, h1.score, "meeting the economic buyer moves the deal health");
  const notMet = (h) => h.factors.find((f) => f.code === "key_player_not_met")?.impact ?? 0;
  assert.ok(notMet(h2) > notMet(h1), `key players not met ${notMet(h1)} -> ${notMet(h2)}`);
  step(`interaction: deal health ${h1.score.toFixed(1)} -> ${h2.score.toFixed(1)}`);

  // 3. A relation: the CIO (a champion at +4) now sways the CFO (−1).
  const support2 = await support();
  v = await version();
  await page.selectOption("#rel-source", "cio");
  await page.selectOption("#rel-target", "cfo");
  await page.$eval("#rel-strength", (input) => { input.value = "1"; input.dispatchEvent(new Event("input", { bubbles: true })); });
  await page.click('#relation-form button[type="submit"]');
  await recomputedAfter(v);
  const support3 = await support();
  assert.notEqual(support3, support2, "a new influence line moves the predicted support");
  step(`relation: support ${support2.toFixed(4)} -> ${support3.toFixed(4)}`);

  // 4. A refused edit (the same relation again) shows its code and changes nothing.
  v = await version();
  await page.click('#relation-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector("#edit-error").textContent.length > 0);
  assert.match(await text("#edit-error"), /^duplicate_relation: /);
  assert.equal(await version(), v);
  assert.equal(await page.$$eval("#edit-log li", (lis) => lis.length), 3);
  step(`refused edit: ${await text("#edit-error")}`);

  // 5. The other sample account loads too.
  v = await version();
  await page.selectOption("#sample", "city_construction_tender");
  await recomputedAfter(v);
  assert.ok(await page.$('#map svg g.stakeholder'), "the tender account is drawn");
  v = await version();
  await page.selectOption("#sample", "manufacturing_cloud");
  await recomputedAfter(v);
  // Back to the edited state for the picture: the VP won over.
  v = await version();
  await page.selectOption("#stance-who", "vp_manufacturing");
  await page.$eval("#stance", (input) => {
    input.value = "5";
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await recomputedAfter(v);

  await page.click("#more"); // back to the top rows: the page as a rep first sees it
  const shot = join(outDir, "web.png");
  await page.screenshot({ path: shot, fullPage: true });
  step(`screenshot: ${shot}`);
  // A phone: the deal-health panel stacks and stays inside the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.$eval("#health", (e) => e.getBoundingClientRect().right - window.innerWidth);
  assert.ok(overflow <= 0, `the deal-health panel overflows a 390 px screen by ${overflow} px`);
  const phone = join(outDir, "web-phone.png");
  await page.screenshot({ path: phone, fullPage: true });
  step(`screenshot: ${phone}`);
  await page.setViewportSize({ width: 1440, height: 1300 });

  // The panels kept in their own modules.
  await checkImport(page, { root, outDir, step });
  assert.deepEqual(problems, [], "no console errors, failed requests or page errors");
  console.log("web example: all checks passed");
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
