// The importers and the activity analyses from JavaScript, on the fixtures of
// the core's tests: files as strings or Uint8Arrays, the report line by line,
// ghosts and suggestions, the log kept in the map, typed errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

import { RelationshipMap, crmPreset, crmPresets } from "relmap";
import { repo, throwsWith } from "./helpers.mjs";

const FIX = "core/tests/fixtures/import";
const SIDES = { ourDomains: ["ourco.com"], accountDomains: ["hdjm.com.cn"] };
const bytes = (path) => new Uint8Array(readFileSync(repo(`${FIX}/${path}`)));
const file = (path) => ({ name: path.split("/").pop(), data: bytes(path) });
const folder = (dir) => readdirSync(repo(`${FIX}/${dir}`)).sort().map((n) => file(`${dir}/${n}`));
const baseMap = () => RelationshipMap.fromJson(readFileSync(repo(`${FIX}/base_map.json`), "utf8"));
const mailFiles = () => ["mail/thread.mbox", "mail/chairman.eml", "mail/no_id.eml", "mail/bad_date.eml"].map(file);

test("a calendar import finds the ghost and suggests a relation; accepting writes them", () => {
  const m = baseMap();
  const report = m.importCalendar(file("calendar/team.ics"), SIDES);
  assert.equal(report.ghosts.length, 1);
  const g = report.ghosts[0];
  assert.deepEqual([g.email, g.name, g.meetings], ["wang.fang@hdjm.com.cn", "王芳", 6]);
  assert.deepEqual(g.knownBy, ["am", "architect"]);
  assert.deepEqual(g.seenWith, ["pmo", "cio"]);
  assert.equal(g.evidence[0], "ics:weekly-sync@ourco.com/20260408T070000Z");
  assert.equal(report.suggestedRelations.length, 1);
  const s = report.suggestedRelations[0];
  assert.deepEqual([s.relation.source, s.relation.target, s.relation.kind], ["cio", "pmo", "influences"]);
  assert.equal(s.evidence.meetingsOrganized, 2);
  assert.equal(m.relationCount, 0);
  m.acceptRelation(s);
  m.acceptGhost(g, "wang_fang");
  assert.equal(m.relationCount, 1);
  assert.deepEqual(m.stakeholder("wang_fang").emails, ["wang.fang@hdjm.com.cn"]);
  const again = m.importCalendar([file("calendar/team.ics")], SIDES);
  assert.equal(again.ghosts.length, 0);
  const updated = again.lines.filter((l) => l.outcome === "updated");
  assert.ok(updated.length > 0 && updated.every((l) => l.fields.join() === "stakeholders"));
});

test("mail: the report names file, row and column; counts match the lines; strings work as data", () => {
  const m = baseMap();
  const report = m.importMail(mailFiles(), SIDES);
  assert.deepEqual([report.counts.added, report.counts.skipped], [9, 6]);
  for (const k of ["added", "updated", "unchanged", "skipped", "warning"]) {
    assert.equal(report.counts[k], report.lines.filter((l) => l.outcome === k).length, k);
  }
  const bad = report.lines.filter((l) => l.reason === "bad_date");
  assert.deepEqual(bad.map((l) => [l.file, l.column, l.value]), [["bad_date.eml", "Date", "next Tuesday, after lunch"]]);
  const dup = report.lines.filter((l) => l.reason === "duplicate");
  assert.deepEqual(dup.map((l) => [l.file, l.row, l.column]), [["thread.mbox", 9, "Message-ID"]]);
  assert.ok(report.departures.length > 0 && report.departures.every((f) => f.code === "contact_departed"));
  // The same message as a string and as bytes gives the same report.
  const text = readFileSync(repo(`${FIX}/mail/chairman.eml`), "utf8");
  const a = baseMap().importMail({ name: "chairman.eml", data: text }, SIDES);
  const b = baseMap().importMail({ name: "chairman.eml", data: bytes("mail/chairman.eml") }, SIDES);
  assert.deepEqual(a.lines, b.lines);
  assert.deepEqual(a.lines.map((l) => [l.outcome, l.id]), [["added", "mail:chairman-0320@hdjm.com.cn"]]);
  // Importing twice changes nothing.
  const before = m.toJson();
  const twice = m.importMail(mailFiles(), SIDES);
  assert.equal(m.toJson(), before);
  assert.ok(twice.lines.every((l) => ["unchanged", "skipped", "warning"].includes(l.outcome)));
});

test("the activity log is kept in the map: the analyses work on a loaded map", () => {
  const m = baseMap();
  const cal = m.importCalendar(file("calendar/team.ics"), SIDES);
  const mail = m.importMail(mailFiles(), SIDES);
  assert.equal(m.activity().observations.length, cal.activity.observations.length + mail.activity.observations.length);
  const loaded = RelationshipMap.fromJson(m.toJson());
  assert.ok(loaded.equals(m));
  assert.deepEqual(loaded.ghostStakeholders(SIDES), mail.ghosts);
  assert.deepEqual(loaded.suggestRelations(SIDES), mail.suggestedRelations);
  assert.deepEqual(loaded.activityStrength(SIDES), mail.strengths);
  assert.deepEqual(loaded.departures(SIDES), mail.departures);
  for (const s of loaded.activityStrength(SIDES)) assert.ok(s.strength >= 0 && s.strength <= 1);
  // Subjects and bodies are never kept.
  const kept = m.toJson() + JSON.stringify(mail) + JSON.stringify(cal);
  assert.ok(!kept.includes("PRIVATE") && !kept.includes("4711"));
});

test("CRM presets and mappings of one's own", () => {
  assert.deepEqual(crmPresets(), ["salesforce", "hubspot", "zoho", "fxiaoke"]);
  const m = new RelationshipMap("0015g00000HDJM1AAA");
  const report = m.importCrm(folder("crm/salesforce"), { preset: "salesforce" });
  assert.equal(m.accountName, "华东精密制造集团有限公司");
  const chen = m.stakeholder("0035g00000CHEN1AAA");
  assert.deepEqual([chen.name, chen.title, chen.roles, chen.crmIds], ["Guodong Chen", "Chairman", ["economic_buyer"], { salesforce: "0035g00000CHEN1AAA" }]);
  const unmapped = report.lines.find((l) => l.file === "OpportunityContactRole.csv" && l.row === 6);
  assert.deepEqual([unmapped.outcome, unmapped.reason, unmapped.column, unmapped.value], ["warning", "unmapped_value", "Role", "Budget Approver"]);
  // A mapping of one's own: the preset (snake_case, as the file format) renamed, as an object or its JSON text.
  const mapping = crmPreset("salesforce");
  assert.equal(mapping.format, "relmap-crm-mapping/1");
  mapping.source = "sfdc";
  for (const given of [mapping, JSON.stringify(mapping)]) {
    const own = new RelationshipMap("0015g00000HDJM1AAA");
    own.importCrm(folder("crm/salesforce"), { mapping: given });
    assert.deepEqual(own.stakeholder("0035g00000CHEN1AAA").crmIds, { sfdc: "0035g00000CHEN1AAA" });
  }
});

test("bad arguments are typed errors and the map stays usable", () => {
  const m = baseMap();
  throwsWith(() => m.importCrm(folder("crm/salesforce"), { preset: "dynamics" }), TypeError, "invalid_argument", "preset");
  throwsWith(() => m.importCrm(folder("crm/salesforce"), { mapping: { format: "relmap-crm-mapping/1" } }), Error, "invalid_mapping");
  throwsWith(() => m.importCrm(folder("crm/salesforce"), { mapping: "{not json" }), Error, "invalid_mapping");
  throwsWith(() => new RelationshipMap("acme").importCalendar(file("calendar/team.ics")), Error, "invalid_config", "ourDomains");
  throwsWith(() => m.importMail([], SIDES), Error, "no_input");
  throwsWith(() => m.importMail({ name: "x.eml", data: 42 }, SIDES), TypeError, "invalid_argument", "files.data");
  throwsWith(() => m.importMail([{ data: "x" }], SIDES), TypeError, "invalid_argument", "files[0].name");
  throwsWith(() => m.importMail(mailFiles(), { ...SIDES, windowStart: "2026-01-01" }), TypeError, "invalid_argument", "windowStart");
  throwsWith(() => m.ghostStakeholders({ halfLifeDays: -1 }), Error, "invalid_config");
  throwsWith(() => m.acceptGhost({ email: "x" }, "x"), TypeError, "invalid_argument");
  // A malformed file is a report line, not an error.
  const report = m.importCalendar({ name: "broken.ics", data: "BEGIN:VCALENDAR\r\nnot really" }, SIDES);
  assert.deepEqual(report.lines.map((l) => [l.file, l.outcome, l.reason]), [["broken.ics", "warning", "malformed"]]);
  const gbk = m.importCalendar({ name: "gbk.ics", data: new Uint8Array([0x42, 0x45, 0xc4, 0xe3, 0xff]) }, SIDES);
  assert.deepEqual(gbk.lines.map((l) => [l.outcome, l.reason]), [["skipped", "encoding"]]);
  assert.equal(m.stakeholderCount, 4);
  assert.ok(m.toJson().length > 0);
});
