// The import panel's part of the Chromium check (called by check.mjs): a
// calendar file is dropped on the panel, the report lists every event, the
// people of the account not on the map are ghosts; linking one to a stakeholder
// and adding another bring their meetings into the map; a broken file is a
// report line, not an error. Screenshots at desktop and phone widths.
import assert from "node:assert/strict";
import { join } from "node:path";

export async function checkImport(page, { root, outDir, step }) {
  const text = (selector) => page.$eval(selector, (e) => e.textContent.trim());
  const version = () => page.$eval("#status", (s) => Number(s.dataset.version ?? 0));
  const imports = () => page.$eval("#import-panel", (p) => Number(p.dataset.imports ?? 0));
  const count = (outcome) => page.$eval(`#import-summary [data-outcome="${outcome}"] b`, (b) => Number(b.textContent));
  const ghosts = () => page.$$eval("#ghosts li[data-email]", (lis) => lis.map((li) => li.dataset.email));
  const afterImport = async (n, v) => {
    await page.waitForFunction((n0) => Number(document.querySelector("#import-panel").dataset.imports ?? 0) > n0, n);
    await page.waitForFunction((v0) => Number(document.querySelector("#status").dataset.version ?? 0) > v0, v);
  };
  const interactions = () => page.evaluate(() => document.querySelectorAll("#edit-log li").length);

  // 1. Drop a calendar: nobody of the account is on the map by email yet.
  const ics = join(root, "examples/data/import/hdjm-meetings.ics");
  let [n, v] = [await imports(), await version()];
  await page.setInputFiles("#import-files", ics);
  await afterImport(n, v);
  // Our colleagues join the team by address (the sample's team has none); no meeting yet.
  assert.equal(await count("added"), 2);
  const added = await page.$$eval('#report tbody tr[data-outcome="added"]', (trs) => trs.map((tr) => tr.cells[4].textContent));
  assert.deepEqual(added, ["team_member", "team_member"]);
  const reasons = await page.$$eval("#report tbody tr", (trs) => trs.map((tr) => tr.cells[6].querySelector("code")?.textContent));
  assert.ok(reasons.includes("unknown_stakeholder") && reasons.includes("cancelled"), `reasons: ${reasons}`);
  assert.deepEqual((await ghosts()).sort(), ["lin.zhiyuan@hdjm.com.cn", "wang.fang@hdjm.com.cn"]);
  assert.match(await text("#ghosts li[data-email='wang.fang@hdjm.com.cn']"), /5 meetings/);
  step(`import: ${await count("skipped")} skipped, ghosts ${await ghosts()}`);

  // 2. 林志远 is the CIO already on the map: link the address; the file is imported again.
  [n, v] = [await imports(), await version()];
  const lin = (await ghosts()).indexOf("lin.zhiyuan@hdjm.com.cn");
  await page.selectOption(`#ghosts select[data-ghost="${lin}"]`, "cio");
  await page.click(`#ghosts button[data-accept-ghost="${lin}"]`);
  await afterImport(n, v);
  assert.ok((await count("added")) >= 5, `added ${await count("added")}`);
  assert.deepEqual(await ghosts(), ["wang.fang@hdjm.com.cn"]);
  const cioMeetings = await page.evaluate(() => document.querySelector('#influence tr[data-id="cio"]') !== null);
  assert.ok(cioMeetings);
  step(`linked lin.zhiyuan to cio: ${await count("added")} added`);

  // 3. 王芳 is new: added as a stakeholder, her meetings follow; the map redraws with her.
  [n, v] = [await imports(), await version()];
  await page.click('#ghosts button[data-accept-ghost="0"]');
  await afterImport(n, v);
  assert.deepEqual(await ghosts(), []);
  assert.ok(await page.$("#map svg g.stakeholder#node-wang_fang, #map svg #node-wang_fang") || (await page.selectOption("#view", "all"), await page.$("#map svg #node-wang_fang")), "王芳 is drawn");
  assert.ok((await count("updated")) >= 1, "her meetings were updated with her");
  step(`added wang_fang; ${await interactions()} log lines`);

  // 4. A broken file is a report line; the page keeps working.
  [n, v] = [await imports(), await version()];
  await page.setInputFiles("#import-files", { name: "broken.ics", mimeType: "text/calendar", buffer: Buffer.from("BEGIN:VCALENDAR\r\nnot really") });
  await afterImport(n, v);
  const broken = await page.$$eval("#report tbody tr", (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.dataset.outcome, tr.cells[6].querySelector("code")?.textContent]));
  assert.deepEqual(broken, [["broken.ics", "warning", "malformed"]]);
  assert.equal(await text("#import-error"), "");
  step(`bad file: ${broken.map((r) => r.join(" ")).join("; ")}`);

  // Pictures of the panel with the first import's report, at desktop and phone widths.
  [n, v] = [await imports(), await version()];
  await page.setInputFiles("#import-files", ics);
  await afterImport(n, v);
  const panel = await page.$("#import-panel");
  await panel.screenshot({ path: join(outDir, "web-import.png") });
  await page.setViewportSize({ width: 390, height: 900 });
  await panel.screenshot({ path: join(outDir, "web-import-phone.png") });
  await page.screenshot({ path: join(outDir, "web-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 1300 });
  step(`screenshots: ${join(outDir, "web-import.png")}, web-import-phone.png, web-phone.png`);
}
