// Checks the web example in headless Chromium: it loads, draws the map, shows the
// deal health and lists the analysis, and recomputes (deal health included) when a
// stance, an interaction or a relation is edited, with no console errors. Also: the
// legend is not clipped at 1400×900, "Everyone (scroll)" scrolls, the key-player count
// is the same on the card and the map, refused edits and red flags speak of people by
// name, an edit that moves nothing says why, From = To is not offered, the interaction
// date follows the sample, and on a phone (390×844) nothing scrolls sideways, the map
// zooms and pans and a tap on a person shows their red flags. Saves screenshots to
// test-output/web.png (1400×900) and test-output/web-phone.png (390 px wide).
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
  viewport: { width: 1400, height: 900 },
  hasTouch: true, // page.tap on the phone
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

  // At 1400×900 the fitted map shows the whole picture, legend included: no inner scroll hides it.
  const legend = () => page.evaluate(() => {
    const box = document.querySelector("#map").getBoundingClientRect();
    const g = document.querySelector("#map svg g.legend").getBoundingClientRect();
    const map = document.querySelector("#map");
    return { legendBottom: g.bottom, legendHeight: g.height, boxBottom: box.bottom, inner: map.scrollHeight - map.clientHeight };
  });
  const lg = await legend();
  assert.ok(lg.legendHeight > 20 && lg.legendBottom <= lg.boxBottom + 1 && lg.inner <= 1, `legend clipped: ${JSON.stringify(lg)}`);
  step(`legend visible (bottom ${lg.legendBottom.toFixed(0)} px inside the map box)`);

  // The key-player count: the card, the map header and the picture's own header agree.
  const counts = () => page.evaluate(() => ({
    card: Number(document.querySelector("#key-count").textContent),
    head: Number(document.querySelector("#map-count").dataset.keyPlayers),
    headText: document.querySelector("#map-count").textContent,
    picture: Number((document.querySelector("#map svg desc")?.textContent.match(/(\d+) key players/) ?? [])[1]),
  }));
  const agree = async () => {
    const c = await counts();
    assert.ok(c.card > 0 && c.card === c.head && c.card === c.picture, `key players: ${JSON.stringify(c)}`);
    assert.match(c.headText, new RegExp(`^${c.card} key players`));
    return c;
  };
  step(`key players agree: ${JSON.stringify(await agree())}`);

  // The map, the cards and the tables are there: the key players first, then everyone.
  const drawn = () => page.$$eval("#map svg g.stakeholder", (gs) => gs.length);
  const keyPlayers = await drawn();
  assert.ok(keyPlayers >= Number(await text("#key-count")) && keyPlayers < 35, `${keyPlayers} key players drawn`);
  await page.selectOption("#view", "all");
  assert.equal(await drawn(), 35, "every stakeholder of the sample is drawn");
  // "Everyone (scroll)" scrolls: the picture keeps its natural size inside the panel.
  const scrolled = await page.evaluate(() => {
    const map = document.querySelector("#map");
    const svg = map.querySelector("svg");
    map.scrollTo(10000, 10000);
    return { style: svg.getAttribute("style"), left: map.scrollLeft, top: map.scrollTop, width: svg.getBoundingClientRect().width, attr: Number(svg.getAttribute("width")) };
  });
  assert.ok(scrolled.style === null && (scrolled.left > 0 || scrolled.top > 0) && Math.abs(scrolled.width - scrolled.attr) < 1, `the scroll view: ${JSON.stringify(scrolled)}`);
  step(`scroll view scrolls to (${scrolled.left}, ${scrolled.top})`);
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
  // Red flags speak of people by name, never by id (the core names them; the page only spells codes with spaces).
  const vpName = await page.$eval('#influence tr[data-id="vp_manufacturing"] td:nth-child(2)', (td) => td.firstChild.textContent.trim());
  const reasons = await page.$$eval("#flags li .reason", (ss) => ss.map((s) => s.textContent));
  assert.ok(reasons.length === flags0.length && reasons.every((r) => !/\b[a-z]+_[a-z_]+\b/.test(r)), `flag reasons with ids: ${reasons}`);
  assert.ok(reasons.some((r) => r.includes(vpName)), `the VP ${vpName} is named: ${reasons}`);
  const factorTexts = await page.$$eval("#deals .factors .why", (ws) => ws.map((w) => w.firstChild.textContent));
  assert.ok(factorTexts.every((r) => !r.includes("vp_manufacturing")), `factor reasons with ids: ${factorTexts}`);
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

  // 4. A refused edit (the same relation again) says so with names, keeps the code small, changes nothing.
  const personName = (id) => page.$eval(`#rel-source option[value="${id}"]`, (o) => o.textContent.split(" · ")[0]);
  v = await version();
  await page.click('#relation-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector("#edit-error").textContent.length > 0);
  const refused = await page.$eval("#edit-error", (e) => ({ sentence: e.querySelector(".sentence").textContent, code: e.querySelector("code").textContent }));
  assert.equal(refused.code, "duplicate_relation");
  assert.ok(refused.sentence.includes(await personName("cio")) && refused.sentence.includes(await personName("cfo")), refused.sentence);
  assert.ok(!/duplicate_relation|relations\[|^[a-z_]+:/.test(refused.sentence), `a developer's message: ${refused.sentence}`);
  assert.equal(await version(), v);
  assert.equal(await page.$$eval("#edit-log li", (lis) => lis.length), 3);
  step(`refused edit: ${refused.sentence} [${refused.code}]`);

  // From = To is never offered; a stale form that sends it anyway gets a sentence with the name.
  for (const source of ["cio", "chairman", "vp_manufacturing"]) {
    await page.selectOption("#rel-source", source);
    const offered = await page.$$eval("#rel-target option", (os) => os.map((o) => o.value));
    assert.ok(!offered.includes(source) && offered.length === 34, `To offers ${source} itself`);
  }
  await page.$eval("#rel-target", (select, id) => {
    select.add(new Option("stale", id));
    select.value = id;
  }, "vp_manufacturing");
  await page.click('#relation-form button[type="submit"]');
  const loop = await page.$eval("#edit-error", (e) => ({ sentence: e.querySelector(".sentence").textContent, code: e.querySelector("code").textContent }));
  assert.equal(loop.code, "self_loop");
  assert.ok(loop.sentence.includes(vpName) && !/refers to itself|relations\[/.test(loop.sentence), loop.sentence);
  assert.equal(await version(), v);
  step(`From = To not offered; forced: ${loop.sentence}`);

  // 4b. Edits that move nothing say why. An ally relation: reach, not influence.
  const outcome = () => page.$eval("#edit-outcome", (o) => ({ changed: o.dataset.changed, text: o.textContent, why: [...o.querySelectorAll(".why")].map((w) => w.textContent) }));
  const supportBeforeAlly = await support();
  v = await version();
  await page.selectOption("#rel-source", "it_pmo_mgr");
  await page.selectOption("#rel-target", "cfo");
  await page.selectOption("#rel-kind", "ally");
  await page.click('#relation-form button[type="submit"]');
  await recomputedAfter(v);
  const ally = await outcome();
  assert.equal(await support(), supportBeforeAlly, "an ally relation carries no influence");
  const cfoName = await personName("cfo");
  assert.ok(ally.why.some((w) => /no influence/.test(w) && w.includes(cfoName)), JSON.stringify(ally));
  step(`ally relation: ${ally.why[0]}`);
  await page.selectOption("#rel-kind", "influences");

  // A good meal with the president (a key player, uncovered): the tie before and after, and the threshold.
  const tieOf = (id) => page.$eval(`#influence tr[data-id="${id}"]`, (tr) => parseFloat(tr.cells[6].textContent));
  const presidentTie = await tieOf("president");
  v = await version();
  await page.selectOption("#int-member", "am");
  await page.selectOption("#int-who", "president");
  await page.selectOption("#int-channel", "meal_or_event");
  await page.selectOption("#int-sentiment", "0.5");
  await page.uncheck("#int-them");
  await page.click('#interaction-form button[type="submit"]');
  await recomputedAfter(v);
  const meal = await outcome();
  const presidentAfter = await tieOf("president");
  const tieLine = meal.why.find((w) => w.startsWith("Our tie to"));
  assert.ok(tieLine && tieLine.includes(`${presidentTie.toFixed(2)} → ${presidentAfter.toFixed(2)}`), JSON.stringify(meal));
  assert.ok(presidentAfter < 0.5 && /coverage needs a tie ≥ 0\.50/.test(tieLine) && /still not covered/.test(tieLine), tieLine);
  assert.ok(meal.why.some((w) => /do not change anyone's stance/.test(w)), JSON.stringify(meal));
  const log = await page.$$eval("#edit-log li", (lis) => lis.map((li) => li.textContent));
  assert.ok(log[0].startsWith("meal or event ") && log.every((l) => !/meal_or_event|vp_manufacturing/.test(l)), log[0]);
  step(`meal: ${tieLine}`);

  step(`key players agree after the edits: ${JSON.stringify(await agree())}`);

  // 5. The other sample account loads too, and the interaction date follows it.
  const asOf = () => page.$eval("#status", (s) => s.textContent.match(/as of (\S+)/)[1]);
  const date0 = await page.$eval("#int-date", (i) => i.value);
  assert.equal(date0, await asOf());
  v = await version();
  await page.selectOption("#sample", "city_construction_tender");
  await recomputedAfter(v);
  assert.ok(await page.$('#map svg g.stakeholder'), "the tender account is drawn");
  const date1 = await page.$eval("#int-date", (i) => i.value);
  assert.ok(date1 === (await asOf()) && date1 !== date0, `the interaction date ${date0} -> ${date1}`);
  step(`interaction date follows the sample: ${date0} -> ${date1}`);
  // The tender's picture also draws people who are not key players (a flag, the path, the
  // champion): the header counts them apart, so the key-player number still matches the card.
  const tender = await agree();
  const drawnTender = await drawn();
  assert.ok(drawnTender > tender.card && tender.headText.includes(`+ ${drawnTender - tender.card} other`), JSON.stringify(tender));
  step(`tender: ${tender.headText}`);
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
  // A phone: one column, nothing scrolls sideways, the forms right under the numbers.
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    widest: [...document.querySelectorAll("body *")].filter((e) => e.getClientRects().length && !e.closest("svg") && !e.closest("details:not([open])"))
      .map((e) => [e.id || e.className || e.tagName, Math.round(e.getBoundingClientRect().right)]).sort((a, b) => b[1] - a[1])[0],
    cards: document.querySelector(".cards").getBoundingClientRect().bottom,
    forms: document.querySelector(".edit-panel").getBoundingClientRect().top,
    map: document.querySelector(".map-panel").getBoundingClientRect().top,
  }));
  assert.ok(widths.page <= 390, `the page is ${widths.page} px wide on a 390 px phone (widest: ${widths.widest})`);
  assert.ok(widths.forms < widths.map, "the what-if forms come before the map on a phone");
  step(`phone: ${widths.page} px wide, widest element ${widths.widest}`);
  // The map zooms (+/−) and pans (a drag), and a tap on a person shows their red flags.
  await page.selectOption("#view", "key");
  const transform = () => page.$eval("#map svg", (s) => s.style.transform);
  await page.click("#zoom-in");
  assert.match(await transform(), /scale\(1\.5\)/);
  const t0 = await transform();
  await page.evaluate(() => {
    const map = document.querySelector("#map");
    const r = map.getBoundingClientRect();
    const at = (type, x) => map.dispatchEvent(new PointerEvent(type, { pointerId: 7, pointerType: "touch", clientX: r.left + x, clientY: r.top + 100, bubbles: true }));
    at("pointerdown", 200); at("pointermove", 150); at("pointermove", 100); at("pointerup", 100);
  });
  assert.notEqual(await transform(), t0, "a drag pans the zoomed map");
  step(`zoom and pan: ${await transform()}`);
  await page.click("#zoom-reset");
  assert.equal(await transform(), "");
  // The core's legend reads right on a touch screen as it is (the page no longer rewrites it).
  const mapText = await page.$eval("#map svg", (s) => s.textContent);
  assert.ok(mapText.includes("red flag (point at the person)") && !mapText.includes("hover"), "the legend's red-flag entry reads for touch");
  await page.tap("#map svg #node-chairman");
  await page.waitForSelector("#map-tip:not([hidden])");
  const tip = await page.$eval("#map-tip", (t) => ({ id: t.dataset.id, text: t.textContent, codes: [...t.querySelectorAll("li[data-code]")].map((li) => li.dataset.code) }));
  const chairmanName = await personName("chairman");
  assert.ok(tip.id === "chairman" && tip.codes.includes("economic_buyer_not_covered") && tip.text.includes(chairmanName), JSON.stringify(tip));
  step(`tap on the chairman: ${tip.codes.join(", ")}`);
  const phone = join(outDir, "web-phone.png");
  await page.screenshot({ path: phone, fullPage: true });
  step(`screenshot: ${phone}`);
  await page.setViewportSize({ width: 1400, height: 900 });

  // The panels kept in their own modules.
  await checkImport(page, { root, outDir, step });
  assert.deepEqual(problems, [], "no console errors, failed requests or page errors");
  console.log("web example: all checks passed");
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
