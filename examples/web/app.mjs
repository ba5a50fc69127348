// The account-planning page: loads a sample account into the relmap WebAssembly
// package, draws its relationship map, shows each opportunity's deal health (score,
// status, the factors behind every point, the top actions), lists decision influence,
// red flags and next best contacts, and recomputes everything on every edit. No framework.
import init, { RelationshipMap } from "../../bindings-wasm/pkg/web/relmap.js";

const $ = (id) => document.getElementById(id);

const state = {
  original: "", // the sample's JSON text, for "Reset"
  map: null, // RelationshipMap
  chain: null, // DecisionChain of the current map
  target: null, // stakeholder whose best path is highlighted
  names: new Map(), // id -> display name (stakeholders and team)
  version: 0,
  allRows: false, // the whole influence table, or its top rows
  health: new Map(), // opportunity id -> score before the last recompute
};

const STATUS_WORDS = { healthy: "healthy 健康", at_risk: "at risk 有风险", critical: "critical 危险" };

const TOP_ROWS = 12;

const fmtSigned = (x, digits = 3) => (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(digits);
const pct = (x, digits = 1) => `${(100 * x).toFixed(digits)}%`;
const stanceText = (s) => (s === null || s === undefined ? "?" : fmtSigned(s, 1).replace(".0", ""));
const name = (id) => state.names.get(id) ?? id;

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function setStatus(text) {
  $("status").textContent = text;
}

// ---- loading ------------------------------------------------------------------

async function loadSample(sample) {
  const response = await fetch(`../data/${sample}.json`);
  if (!response.ok) throw new Error(`cannot load ${sample}: HTTP ${response.status}`);
  state.original = await response.text();
  openMap(state.original);
}

function openMap(text) {
  state.map?.free();
  state.chain?.free();
  state.chain = null;
  state.map = RelationshipMap.fromJson(text);
  state.names = new Map();
  for (const s of state.map.stakeholders()) state.names.set(s.id, s.name || s.id);
  for (const m of state.map.team()) state.names.set(m.id, m.name || m.id);
  state.target = null;
  state.health = new Map();
  $("edit-log").replaceChildren();
  $("edit-error").textContent = "";
  fillForms();
  recompute(null);
  // Mount point of the panels kept in their own modules (import-panel.mjs).
  document.dispatchEvent(new CustomEvent("relmap:map", { detail: { map: state.map } }));
}

/** A panel changed the map (e.g. an import): refresh the names and forms, log it, recompute. */
document.addEventListener("relmap:edited", (event) => {
  for (const s of state.map.stakeholders()) state.names.set(s.id, s.name || s.id);
  for (const m of state.map.team()) state.names.set(m.id, m.name || m.id);
  fillForms();
  const li = document.createElement("li");
  li.textContent = event.detail.what;
  $("edit-log").prepend(li);
  recompute(null);
});

function options(select, items) {
  select.replaceChildren(...items.map(([value, label]) => new Option(label, value)));
}

function fillForms() {
  const people = state.map.stakeholders().map((s) => [s.id, `${s.name || s.id}${s.title ? ` · ${s.title}` : ""}`]);
  for (const id of ["stance-who", "int-who", "rel-source", "rel-target"]) options($(id), people);
  options($("int-member"), state.map.team().map((m) => [m.id, `${m.name || m.id}${m.title ? ` · ${m.title}` : ""}`]));
  $("rel-target").selectedIndex = Math.min(1, people.length - 1);
  syncStanceSlider();
}

// ---- the analysis -------------------------------------------------------------

/** Re-runs the decision chain and redraws; `what` describes the edit (null on load). */
function recompute(what) {
  const before = state.chain
    ? { support: state.chain.predictedSupport, flags: state.chain.redFlags.length, coverage: state.chain.coverage.share }
    : null;
  const started = performance.now();
  const chain = state.map.decisionChain();
  const ms = performance.now() - started;
  state.chain?.free();
  state.chain = chain;
  if (!$("int-date").value && chain.asOf) $("int-date").value = chain.asOf.slice(0, 10);
  render(before);
  state.version += 1;
  $("status").dataset.ready = "1";
  $("status").dataset.version = String(state.version);
  setStatus(`decision chain in ${ms.toFixed(1)} ms · as of ${chain.asOf ? chain.asOf.slice(0, 10) : "–"}`);
  if (what && before) {
    const d = chain.predictedSupport - before.support;
    const li = document.createElement("li");
    li.textContent = `${what}: support ${fmtSigned(before.support)} → ${fmtSigned(chain.predictedSupport)} (${fmtSigned(d)}), red flags ${before.flags} → ${chain.redFlags.length}`;
    $("edit-log").prepend(li);
  }
}

/** Whom to draw the best path to: the chosen stakeholder, else the economic buyer, else the top influencer. */
function pathTarget() {
  if (state.target && state.map.stakeholder(state.target)) return state.target;
  const eb = state.map.stakeholders().find((s) => (s.roles ?? []).includes("economic_buyer"));
  return eb ? eb.id : state.chain.topInfluencers(1)[0]?.id;
}

/** The chain's overlay (influence, flags), with our best path to `target` highlighted. */
function overlay(target) {
  return state.chain.overlay(state.map, target ?? null);
}

// ---- drawing ------------------------------------------------------------------

function render(before) {
  const chain = state.chain;
  const support = chain.predictedSupport;
  $("support").textContent = fmtSigned(support);
  $("support").dataset.value = String(support);
  $("support").className = `big ${support >= 0 ? "pos" : "neg"}`;
  $("support-bar").style.left = `calc(${(50 * (support + 1)).toFixed(2)}% - 1px)`;
  const delta = before ? support - before.support : 0;
  $("support-delta").textContent = before && Math.abs(delta) > 5e-4 ? `${fmtSigned(delta)} after the last edit` : "S = Σ influence · stance / 5";
  $("support-delta").className = `delta ${before && delta > 5e-4 ? "up" : before && delta < -5e-4 ? "down" : ""}`;

  const cov = chain.coverage;
  $("coverage").textContent = pct(cov.share);
  $("coverage-note").textContent = cov.uncoveredKeyPlayers.length
    ? `uncovered key players: ${cov.uncoveredKeyPlayers.map(name).join(", ")}`
    : `${cov.covered} stakeholders covered; every key player reached`;

  const flags = chain.redFlags;
  const critical = flags.filter((f) => f.severity === "critical").length;
  $("flag-count").textContent = String(flags.length);
  $("flag-note").textContent = `${critical} critical, ${flags.length - critical} other`;

  const players = chain.keyPlayers;
  $("key-count").textContent = String(players.length);
  $("key-note").textContent = players.slice(0, 4).map((k) => name(k.id)).join(", ");

  drawHealth(before !== null);
  drawMap();
  drawInfluence();
  drawFlags(flags);
  drawContacts();
}

/** Each opportunity's deal health: score, status, factors largest first with their reasons, the top actions. */
function drawHealth(edited) {
  const deals = state.map.dealHealth();
  const previous = state.health;
  state.health = new Map(deals.map((d) => [d.opportunity, d.score]));
  if (!deals.length) {
    $("deals").innerHTML = '<p class="msg">No opportunities on this account.</p>';
    return;
  }
  $("deals").innerHTML = deals
    .map((d) => {
      const was = previous.get(d.opportunity);
      const delta = edited && was !== undefined ? d.score - was : 0;
      const change = Math.abs(delta) > 0.05
        ? `<div class="delta ${delta > 0 ? "up" : "down"}">${fmtSigned(delta, 1)} after the last edit</div>`
        : `<div class="delta">as of ${escape(d.asOf.slice(0, 10))}</div>`;
      const largest = Math.max(...d.factors.map((f) => Math.abs(f.impact)), 1);
      const factors = d.factors
        .map((f) => `<li data-code="${f.code}" data-impact="${f.impact}" class="${f.impact < 0 ? "loss" : "gain"}">
          <span class="impact">${fmtSigned(f.impact, 1)}</span>
          <span class="track"><span style="width:${(100 * Math.abs(f.impact) / largest).toFixed(1)}%"></span></span>
          <span class="why">${escape(f.reason)}<code>${f.code}</code></span></li>`)
        .join("");
      const actions = d.actions
        .map((a) => `<li data-code="${a.code}"${a.stakeholder ? ` data-id="${escape(a.stakeholder)}"` : ""}>${escape(a.action)} <b>+${a.gain.toFixed(1)}</b></li>`)
        .join("");
      return `<article class="deal ${d.status}" data-opportunity="${escape(d.opportunity)}" data-score="${d.score}" data-status="${d.status}">
        <div class="score">
          <div class="name">${escape(d.name || d.opportunity)}</div>
          <div class="big">${d.score.toFixed(0)}<small>/100</small></div>
          <span class="pill">${STATUS_WORDS[d.status] ?? d.status}</span>
          <div class="meter"><span style="width:${d.score.toFixed(1)}%"></span></div>
          ${change}
        </div>
        <div class="factors"><h3>Factors, largest loss first</h3><ol>${factors}</ol></div>
        <div class="actions"><h3>Top actions</h3><ol>${actions || "<li>Nothing to fix.</li>"}</ol></div>
      </article>`;
    })
    .join("");
  for (const li of $("deals").querySelectorAll(".actions li[data-id]")) {
    li.addEventListener("click", () => select(li.dataset.id));
  }
}

function drawMap() {
  const target = pathTarget();
  $("path-target").textContent = target ? name(target) : "–";
  const view = $("view").value;
  $("map").className = view === "all" ? "" : "fit";
  $("map").innerHTML = state.map.toSvg(overlay(target), { keyPlayersOnly: view === "key" });
  for (const g of $("map").querySelectorAll("g.stakeholder")) {
    g.addEventListener("click", () => select(g.id.replace(/^node-/, "")));
  }
}

function drawInfluence() {
  const chain = state.chain;
  const ids = chain.stakeholderIds;
  const u = chain.decisionInfluence;
  const predicted = chain.predictedStances;
  const ties = chain.ties;
  const covered = chain.covered;
  const people = new Map(state.map.stakeholders().map((s) => [s.id, s]));
  const order = [...ids.keys()].sort((a, b) => u[b] - u[a]);
  const top = u[order[0]] || 1;
  const shown = state.allRows ? order : order.slice(0, TOP_ROWS);
  $("more").textContent = order.length <= TOP_ROWS ? "" : state.allRows ? "Show the top ones" : `Show all ${order.length}`;
  const rows = shown.map((i, rank) => {
    const s = people.get(ids[i]);
    const roles = (s.roles ?? []).map((r) => `<span class="role">${escape(r.replace(/_/g, " "))}</span>`).join("");
    const stance = s.stance ?? null;
    return `<tr data-id="${escape(s.id)}" class="${s.id === state.target ? "selected" : ""}">
      <td class="num">${rank + 1}</td>
      <td>${escape(s.name || s.id)}<div class="title">${escape(s.title ?? "")}</div></td>
      <td>${roles}</td>
      <td class="num ${stance === null ? "" : stance > 0 ? "pos" : stance < 0 ? "neg" : ""}">${stanceText(stance)}</td>
      <td class="num">${fmtSigned(predicted[i], 1)}</td>
      <td><div class="bar"><span style="width:${(80 * u[i] / top).toFixed(1)}px"></span>${pct(u[i])}</div></td>
      <td>${ties[i].toFixed(2)}${covered[i] ? " ✓" : ""}</td>
    </tr>`;
  });
  const body = $("influence").tBodies[0];
  body.innerHTML = rows.join("");
  for (const tr of body.rows) tr.addEventListener("click", () => select(tr.dataset.id));
}

function drawFlags(flags) {
  $("flags").innerHTML = flags.length
    ? flags
      .map((f) => `<li class="${f.severity}" data-code="${f.code}" data-ids="${escape(f.ids.join(" "))}"><span class="sev">${f.severity}</span>${escape(f.reason)} <code>${f.code}</code></li>`)
      .join("")
    : "<li>No red flags.</li>";
}

function drawContacts() {
  const rows = state.chain.nextBestContacts.map((c, k) => {
    const path = [c.path.member, ...c.path.stakeholders].map(name).join(" → ");
    return `<tr data-id="${escape(c.id)}">
      <td class="num">${k + 1}</td>
      <td>${escape(name(c.id))}</td>
      <td class="num">${c.gain.toFixed(3)}</td>
      <td class="num">${stanceText(c.stance)}</td>
      <td class="path">${escape(path)} <b>(${c.path.reliability.toFixed(2)})</b></td>
    </tr>`;
  });
  const body = $("contacts").tBodies[0];
  body.innerHTML = rows.join("");
  for (const tr of body.rows) tr.addEventListener("click", () => select(tr.dataset.id));
}

// ---- editing ------------------------------------------------------------------

function select(id) {
  state.target = id;
  $("stance-who").value = id;
  $("int-who").value = id;
  syncStanceSlider();
  drawMap();
  drawInfluence();
}

function syncStanceSlider() {
  const s = state.map.stakeholder($("stance-who").value);
  $("stance").value = String(s?.stance ?? 0);
  $("stance-value").textContent = stanceText(s?.stance);
}

/** Runs an edit; a refused one shows the error and leaves the map as it was. */
function edit(what, action) {
  $("edit-error").textContent = "";
  try {
    action();
  } catch (e) {
    $("edit-error").textContent = e && e.code ? `${e.code}: ${e.message}` : String(e);
    return;
  }
  recompute(what);
}

function wire() {
  $("sample").addEventListener("change", () => loadSample($("sample").value).catch(fail));
  $("reset").addEventListener("click", () => openMap(state.original));
  $("view").addEventListener("change", drawMap);
  $("more").addEventListener("click", () => {
    state.allRows = !state.allRows;
    drawInfluence();
  });
  $("download").addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([state.map.toJson()], { type: "application/json" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: `${state.map.accountId}.json` });
    a.click();
    URL.revokeObjectURL(url);
  });
  $("stance-who").addEventListener("change", () => {
    state.target = $("stance-who").value;
    syncStanceSlider();
    drawMap();
    drawInfluence();
  });
  // Live while dragging; logged once when released.
  $("stance").addEventListener("input", () => {
    const id = $("stance-who").value;
    const value = Number($("stance").value);
    $("stance-value").textContent = stanceText(value);
    edit(null, () => state.map.setStance(id, value));
  });
  $("stance").addEventListener("change", () => {
    const id = $("stance-who").value;
    const li = document.createElement("li");
    li.textContent = `stance of ${name(id)} set to ${stanceText(Number($("stance").value))}: support now ${fmtSigned(state.chain.predictedSupport)}`;
    $("edit-log").prepend(li);
  });
  $("stance-unknown").addEventListener("click", () => {
    const id = $("stance-who").value;
    edit(`stance of ${name(id)} unknown`, () => state.map.setStance(id, null));
    syncStanceSlider();
  });
  $("interaction-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const member = $("int-member").value;
    const who = $("int-who").value;
    const sentiment = $("int-sentiment").value;
    const interaction = {
      id: `web_${state.map.interactions().length + 1}_${Date.now().toString(36)}`,
      at: $("int-date").value,
      channel: $("int-channel").value,
      members: [member],
      stakeholders: [who],
      initiatedBy: $("int-them").checked ? "them" : "us",
      ...(sentiment === "" ? {} : { sentiment: Number(sentiment) }),
    };
    edit(`${interaction.channel} ${name(member)} ↔ ${name(who)}`, () => state.map.addInteraction(interaction));
  });
  $("rel-strength").addEventListener("input", () => {
    $("rel-strength-value").textContent = $("rel-strength").value;
  });
  $("relation-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const relation = {
      source: $("rel-source").value,
      target: $("rel-target").value,
      kind: $("rel-kind").value,
      strength: Number($("rel-strength").value),
    };
    edit(`${name(relation.source)} ${relation.kind} ${name(relation.target)}`, () => state.map.addRelation(relation));
  });
}

function fail(e) {
  setStatus(`error: ${e && e.code ? `${e.code}: ` : ""}${e && e.message ? e.message : e}`);
  console.error(e);
}

await init();
wire();
await loadSample($("sample").value).catch(fail);
