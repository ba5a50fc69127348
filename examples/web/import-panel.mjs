// The import panel of the account-planning page: drop a CRM export (CSV), a
// calendar (.ics) or mail (.eml, mbox) on it; the files are imported into the
// map in the browser (relmap's importers, nothing leaves the page), the import
// report is listed line by line, and the ghost stakeholders and suggested
// relations can be accepted into the map. Mounted on #import-panel; it talks to
// the page through two events: `relmap:map` (a map was opened) and
// `relmap:edited` (this panel changed the map).

const panel = document.getElementById("import-panel");
let map = null; // the page's RelationshipMap
let last = null; // { kind, files } of the last import, to run again after an acceptance

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

panel.innerHTML = `
  <h2>Import activity <small>CRM exports, calendars and mail: who is missing from the map</small></h2>
  <div class="import-grid">
    <div>
      <label class="drop" id="drop" tabindex="0">
        <input id="import-files" type="file" multiple accept=".csv,.ics,.eml,.mbox,.mbx">
        <strong>Drop your .ics / .eml / mbox / CRM export (.csv) here</strong>
        <span>or click to choose files · read in your browser, subjects and bodies are never kept</span>
      </label>
      <div class="import-options">
        <label>Our domains <input id="our-domains" value="ourco.com" spellcheck="false"></label>
        <label>Account domains <input id="account-domains" value="hdjm.com.cn" spellcheck="false"></label>
        <label>CRM preset <select id="crm-preset">
          <option value="salesforce">Salesforce</option><option value="hubspot">HubSpot</option>
          <option value="zoho">Zoho CRM</option><option value="fxiaoke">纷享销客 (Chinese headers)</option>
        </select></label>
      </div>
      <p id="import-error" class="error" role="alert"></p>
      <div id="import-summary" class="import-summary"></div>
    </div>
    <div>
      <h3>Ghost stakeholders <small>seen in meetings or mail, not on the map</small></h3>
      <ul id="ghosts" class="ghosts"></ul>
      <h3>Suggested relations</h3>
      <ul id="suggestions" class="ghosts"></ul>
    </div>
  </div>
  <details id="report-details"><summary>Import report (<span id="report-count">0</span> lines)</summary>
    <table id="report"><thead><tr><th>File</th><th class="num">Row</th><th>Column</th><th>Outcome</th><th>Entity</th><th>Id</th><th>Reason / value</th></tr></thead><tbody></tbody></table>
  </details>`;

const $ = (id) => document.getElementById(id);
const list = (text) => text.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);

function kindOf(name) {
  const lower = name.toLowerCase();
  if (lower.endsWith(".ics") || lower.endsWith(".ical")) return "calendar";
  if (lower.endsWith(".csv")) return "crm";
  return "mail"; // .eml, .mbox, .mbx and anything else is read as mail (a report line if it is not)
}

async function readFiles(fileList) {
  const files = [];
  for (const f of fileList) files.push({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) });
  return files;
}

/** Imports files grouped by kind; returns the reports. */
function runImport(groups) {
  const sides = { ourDomains: list($("our-domains").value), accountDomains: list($("account-domains").value) };
  const reports = [];
  for (const [kind, files] of groups) {
    if (kind === "calendar") reports.push(map.importCalendar(files, sides));
    else if (kind === "mail") reports.push(map.importMail(files, sides));
    else reports.push(map.importCrm(files, { preset: $("crm-preset").value, activity: sides }));
  }
  return reports;
}

async function importFiles(fileList) {
  $("import-error").textContent = "";
  if (!map) return;
  const files = await readFiles(fileList);
  const groups = new Map();
  for (const f of files) {
    const kind = kindOf(f.name);
    groups.set(kind, [...(groups.get(kind) ?? []), f]);
  }
  last = groups;
  importAgain(`imported ${files.map((f) => f.name).join(", ")}`);
}

function importAgain(what) {
  let reports;
  try {
    reports = runImport(last);
  } catch (e) {
    $("import-error").textContent = e && e.code ? `${e.code}${e.field ? ` (${e.field})` : ""}: ${e.message}` : String(e);
    return;
  }
  show(reports);
  const c = total(reports);
  document.dispatchEvent(new CustomEvent("relmap:edited", { detail: { what: `${what}: ${c.added} added, ${c.updated} updated, ${c.skipped} skipped` } }));
}

function total(reports) {
  const c = { added: 0, updated: 0, unchanged: 0, skipped: 0, warning: 0 };
  for (const r of reports) for (const k of Object.keys(c)) c[k] += r.counts[k];
  return c;
}

function show(reports) {
  const c = total(reports);
  const lines = reports.flatMap((r) => r.lines);
  panel.dataset.imports = String(Number(panel.dataset.imports ?? 0) + 1);
  $("import-summary").innerHTML = ["added", "updated", "unchanged", "skipped", "warning"]
    .map((k) => `<span class="count ${k}" data-outcome="${k}"><b>${c[k]}</b> ${k === "warning" ? "warnings" : k}</span>`)
    .join("");
  $("report-count").textContent = String(lines.length);
  $("report").tBodies[0].innerHTML = lines
    .map(
      (l) => `<tr class="${l.outcome}" data-outcome="${l.outcome}"><td>${escape(l.file)}</td><td class="num">${l.row ?? ""}</td>` +
        `<td>${escape(l.column ?? "")}</td><td>${l.outcome}</td><td>${l.entity}</td><td>${escape(l.id ?? "")}</td>` +
        `<td>${l.reason ? `<code>${l.reason}</code> ` : ""}${escape(l.value ?? "")}${l.message ? ` <span class="msg">${escape(l.message)}</span>` : ""}</td></tr>`,
    )
    .join("");
  if (c.skipped + c.warning > 0) $("report-details").open = true;
  drawFindings();
}

/** Ghosts and suggestions from the map's stored activity (every import so far). */
function drawFindings() {
  const sides = { ourDomains: list($("our-domains").value), accountDomains: list($("account-domains").value) };
  let ghosts = [];
  let suggestions = [];
  try {
    ghosts = map.ghostStakeholders(sides);
    suggestions = map.suggestRelations(sides);
  } catch (e) {
    $("import-error").textContent = e && e.code ? `${e.code}: ${e.message}` : String(e);
  }
  const people = map.stakeholders();
  const linkable = people.filter((s) => !(s.emails ?? []).length);
  const choices = linkable.map((s) => `<option value="${escape(s.id)}">is ${escape(s.name || s.id)}${s.title ? ` · ${escape(s.title)}` : ""}</option>`).join("");
  $("ghosts").innerHTML = ghosts.length
    ? ghosts
        .map(
          (g, i) => `<li data-email="${escape(g.email)}"><div><b>${escape(g.name ?? g.email)}</b> <span class="msg">${escape(g.email)}</span></div>` +
            `<div class="msg">${g.meetings} meetings, ${g.messages} mails · last ${g.lastSeen.slice(0, 10)} · known by ${escape(g.knownBy.join(", ") || "nobody")}` +
            `${g.seenWith.length ? ` · with ${escape(g.seenWith.join(", "))}` : ""}</div>` +
            `<div class="row"><select data-ghost="${i}"><option value="">new stakeholder</option>${choices}</select>` +
            `<button type="button" data-accept-ghost="${i}">Add to map</button></div></li>`,
        )
        .join("")
    : `<li class="msg">none${panel.dataset.imports ? "" : " yet: drop files above"}</li>`;
  $("suggestions").innerHTML = suggestions.length
    ? suggestions
        .map(
          (s, i) => `<li><b>${escape(s.relation.source)}</b> ${s.relation.kind} <b>${escape(s.relation.target)}</b> ` +
            `<span class="msg">strength ${s.relation.strength.toFixed(2)} · ${s.evidence.meetingsOrganized + s.evidence.coAttended} meetings, ${s.evidence.mailsTo + s.evidence.mailsCc} mails</span>` +
            ` <button type="button" data-accept-relation="${i}">Accept</button></li>`,
        )
        .join("")
    : `<li class="msg">none</li>`;
  for (const b of $("ghosts").querySelectorAll("button[data-accept-ghost]")) {
    b.addEventListener("click", () => {
      const i = Number(b.dataset.acceptGhost);
      const link = $("ghosts").querySelector(`select[data-ghost="${i}"]`).value;
      accept(() => {
        const g = ghosts[i];
        if (link) {
          const s = map.stakeholder(link);
          map.updateStakeholder({ ...s, emails: [...(s.emails ?? []), g.email] });
          return `${g.email} linked to ${link}`;
        }
        const id = g.email.split("@")[0].replace(/[^\p{L}\p{N}_]+/gu, "_");
        map.acceptGhost(g, id);
        return `${g.name ?? g.email} added as ${id}`;
      });
    });
  }
  for (const b of $("suggestions").querySelectorAll("button[data-accept-relation]")) {
    b.addEventListener("click", () => {
      const s = suggestions[Number(b.dataset.acceptRelation)];
      accept(() => {
        map.acceptRelation(s);
        return `${s.relation.source} ${s.relation.kind} ${s.relation.target} accepted`;
      });
    });
  }
}

/** Accepts a ghost or a suggestion, then imports the last files again so their meetings join the map. */
function accept(action) {
  $("import-error").textContent = "";
  let what;
  try {
    what = action();
  } catch (e) {
    $("import-error").textContent = e && e.code ? `${e.code}: ${e.message}` : String(e);
    return;
  }
  if (last) importAgain(what);
  else document.dispatchEvent(new CustomEvent("relmap:edited", { detail: { what } }));
}

document.addEventListener("relmap:map", (event) => {
  map = event.detail.map;
  last = null;
  delete panel.dataset.imports;
  $("import-summary").replaceChildren();
  $("report").tBodies[0].replaceChildren();
  $("report-count").textContent = "0";
  drawFindings();
});

const drop = $("drop");
for (const type of ["dragenter", "dragover"]) {
  drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
}
for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  importFiles(e.dataTransfer.files).catch((err) => ($("import-error").textContent = String(err)));
});
$("import-files").addEventListener("change", (e) => {
  importFiles(e.target.files).catch((err) => ($("import-error").textContent = String(err)));
  e.target.value = "";
});
