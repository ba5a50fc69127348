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
  deals: [], // the last deal-health results (their actions name what to do next)
};

const STATUS_WORDS = { healthy: "healthy 健康", at_risk: "at risk 有风险", critical: "critical 危险" };

const TOP_ROWS = 12;

const fmtSigned = (x, digits = 3) => (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(digits);
const pct = (x, digits = 1) => `${(100 * x).toFixed(digits)}%`;
const stanceText = (s) => (s === null || s === undefined ? "?" : fmtSigned(s, 1).replace(".0", ""));
const name = (id) => state.names.get(id) ?? id;

/** What the page calls each channel and relation kind (the map's codes stay in the data). */
const CHANNELS = { visit: "visit", meeting: "meeting", meal_or_event: "meal or event", phone: "phone call", email: "email", social: "social message" };
const RELATIONS = { influences: "influences", ally: "is an ally of", conflict: "is in conflict with", informs: "informs" };

/**
 * A sentence written by the core, for this page: the core already names people and
 * opportunities by name; its snake_case codes (a role, a channel, a response mode, a
 * milestone) are spelled with spaces.
 */
function humanise(text) {
  return String(text).replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (code) => CHANNELS[code] ?? code.replace(/_/g, " "));
}

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
  for (const o of state.map.opportunities()) state.names.set(o.id, o.name || o.id);
  state.target = null;
  // The interaction date starts at this account's analysis date (set by recompute).
  $("int-date").value = "";
  state.health = new Map();
  $("edit-log").replaceChildren();
  showError(null);
  $("edit-outcome").replaceChildren();
  hideTip();
  fillForms();
  recompute(null);
  // Mount point of the panels kept in their own modules (import-panel.mjs).
  document.dispatchEvent(new CustomEvent("relmap:map", { detail: { map: state.map } }));
}

/** A panel changed the map (e.g. an import): refresh the names and forms, log it, recompute. */
document.addEventListener("relmap:edited", (event) => {
  for (const s of state.map.stakeholders()) state.names.set(s.id, s.name || s.id);
  for (const m of state.map.team()) state.names.set(m.id, m.name || m.id);
  for (const o of state.map.opportunities()) state.names.set(o.id, o.name || o.id);
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
  syncRelationTargets();
  syncStanceSlider();
}

/** The relation form's "To" offers everyone but the chosen "From" (nobody relates to themselves). */
function syncRelationTargets() {
  const source = $("rel-source").value;
  const target = $("rel-target");
  const was = target.value;
  options(target, [...$("rel-source").options].filter((o) => o.value !== source).map((o) => [o.value, o.text]));
  if (was && was !== source) target.value = was;
}

// ---- the analysis -------------------------------------------------------------

/** The numbers an edit can move, keyed by stakeholder id where per person (all from the chain). */
function snapshot() {
  const c = state.chain;
  if (!c) return null;
  const ids = c.stakeholderIds;
  const [ties, covered, u] = [c.ties, c.covered, c.decisionInfluence];
  return {
    support: c.predictedSupport,
    flags: c.redFlags.length,
    coverage: c.coverage.share,
    threshold: c.coverage.threshold,
    tie: new Map(ids.map((id, i) => [id, ties[i]])),
    covered: new Map(ids.map((id, i) => [id, covered[i]])),
    influence: new Map(ids.map((id, i) => [id, u[i]])),
    contacts: c.nextBestContacts.map((n) => `${n.id}:${n.path.reliability.toFixed(4)}`).join(" "),
    health: new Map(state.health),
  };
}

/** Re-runs the decision chain and redraws; `what` describes the edit (null on load), `ctx` what it was. */
function recompute(what, ctx = null) {
  const before = snapshot();
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
  if (what && before) report(what, ctx, before, snapshot());
}

/**
 * Tells what an edit changed, next to the forms and in the log, and when a number a rep
 * would expect to move stays put, why (from the chain's own rules: which relations carry
 * influence, the coverage threshold, the person's share of the decision).
 */
function report(what, ctx, before, after) {
  const moved = (a, b, eps) => Math.abs(a - b) >= eps;
  const changes = [];
  if (moved(before.support, after.support, 5e-4)) changes.push(`support ${fmtSigned(before.support)} → ${fmtSigned(after.support)}`);
  if (moved(before.coverage, after.coverage, 5e-4)) changes.push(`coverage ${pct(before.coverage)} → ${pct(after.coverage)}`);
  if (before.flags !== after.flags) changes.push(`red flags ${before.flags} → ${after.flags}`);
  for (const [deal, score] of after.health) {
    const was = before.health.get(deal);
    if (was !== undefined && moved(was, score, 0.05)) changes.push(`deal health ${was.toFixed(0)} → ${score.toFixed(0)}`);
  }
  if (before.contacts !== after.contacts) changes.push("next best contacts re-ranked");
  const why = [];
  const supportStayed = !moved(before.support, after.support, 5e-4);
  if (ctx?.kind === "interaction") {
    const id = ctx.stakeholder;
    const [t0, t1] = [before.tie.get(id), after.tie.get(id)];
    const threshold = after.threshold.toFixed(2);
    let line = `Our tie to ${name(id)}: ${t0.toFixed(2)} → ${t1.toFixed(2)}`;
    if (after.covered.get(id) && !before.covered.get(id)) line += ` — now covered (coverage needs a tie ≥ ${threshold}).`;
    else if (!after.covered.get(id)) {
      line += ` — coverage needs a tie ≥ ${threshold}, so ${name(id)} is still not covered.`;
      const next = state.deals.flatMap((d) => d.actions).find((a) => a.stakeholder === id);
      if (next) line += ` Next: ${humanise(next.action)}`;
    }
    else line += ".";
    why.push(line);
    if (supportStayed) why.push("Interactions build our ties; they do not change anyone's stance, so predicted support stays.");
  } else if (ctx?.kind === "relation" && supportStayed) {
    const { source, target, relation } = ctx;
    if (relation === "informs") {
      why.push(`An “informs” relation passes information, not influence (and one way, as added here, it opens no access path), so no number moves. Use “influences” if ${name(source)} sways ${name(target)}'s view.`);
    } else if (relation === "ally") {
      why.push(`An “ally” relation gives us another way to reach ${name(target)} (access paths and next best contacts); it carries no influence, so who decides and predicted support stay the same. Use “influences” if ${name(source)} sways ${name(target)}'s view.`);
    } else if (relation === "conflict") {
      why.push("A conflict relation is a warning drawn on the map: it carries neither influence nor access, so no number moves.");
    } else {
      const share = (id) => `${name(id)} ${pct(before.influence.get(id))} → ${pct(after.influence.get(id))}`;
      why.push(`Shares of the decision: ${share(source)}, ${share(target)}. Support moves only when weight shifts between people of different stances.`);
    }
  } else if (ctx?.kind === "stance" && supportStayed) {
    why.push(`${name(ctx.stakeholder)} holds ${pct(after.influence.get(ctx.stakeholder))} of the decision, so their stance hardly moves the predicted support.`);
  }
  const summary = changes.length ? changes.join(", ") : "nothing changed in the numbers";
  const outcome = $("edit-outcome");
  outcome.dataset.changed = changes.length ? "1" : "0";
  outcome.innerHTML = `<b>${escape(what)}</b>: ${escape(summary)}${why.map((w) => `<p class="why">${escape(w)}</p>`).join("")}`;
  outcome.scrollIntoView({ block: "nearest" });
  const li = document.createElement("li");
  li.textContent = `${what}: ${summary}${why.length ? ` — ${why.join(" ")}` : ""}`;
  $("edit-log").prepend(li);
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

  // The headline numbers again under the forms, so an edit's effect shows where it is made.
  $("live").innerHTML = `Support <b class="${support >= 0 ? "pos" : "neg"}">${fmtSigned(support)}</b> · coverage <b>${pct(cov.share)}</b> · red flags <b>${flags.length}</b> · key players <b>${players.length}</b>`;

  drawHealth(before !== null);
  drawMap();
  drawInfluence();
  drawFlags(flags);
  drawContacts();
}

/** Each opportunity's deal health: score, status, factors largest first with their reasons, the top actions. */
function drawHealth(edited) {
  const deals = state.map.dealHealth();
  state.deals = deals;
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
          <span class="why">${escape(humanise(f.reason))}<code>${f.code}</code></span></li>`)
        .join("");
      const actions = d.actions
        .map((a) => `<li data-code="${a.code}"${a.stakeholder ? ` data-id="${escape(a.stakeholder)}"` : ""}>${escape(humanise(a.action))} <b>+${a.gain.toFixed(1)}</b></li>`)
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
  const box = $("map");
  box.className = view === "all" ? "scroll" : "fit";
  box.innerHTML = state.map.toSvg(overlay(target), { keyPlayersOnly: view === "key" });
  const svg = box.querySelector("svg");
  // The picture carries `style="max-width:100%;height:auto"` so it fits wherever it is
  // pasted; the scrolling view wants its natural size, so that style goes.
  if (view === "all") svg.removeAttribute("style");
  // The chain's key-player count, the same number as the card (the picture's header says it too).
  const keys = state.chain.keyPlayers.length;
  const drawn = box.querySelectorAll("g.stakeholder").length;
  $("map-count").textContent = view === "key"
    ? `${keys} key players${drawn > keys ? ` + ${drawn - keys} ${drawn - keys === 1 ? "other" : "others"} drawn (red flag, path, champion)` : ""}`
    : `${drawn} stakeholders, ${keys} key players`;
  $("map-count").dataset.keyPlayers = String(keys);
  for (const g of box.querySelectorAll("g.stakeholder")) {
    g.addEventListener("click", () => {
      const id = g.dataset.id ?? g.id.replace(/^node-/, "");
      select(id);
      showTip(id);
    });
  }
  zoom.apply();
}

// ---- tapping a person: their red flags (touch screens have no hover) ------------------

function showTip(id) {
  const flags = state.chain.redFlags.filter((f) => f.ids.includes(id));
  const s = state.map.stakeholder(id);
  const tip = $("map-tip");
  tip.dataset.id = id;
  tip.innerHTML = `<button type="button" class="close" aria-label="close">×</button>
    <b>${escape(name(id))}</b>${s?.title ? ` · ${escape(s.title)}` : ""}
    ${flags.length
      ? `<ul>${flags.map((f) => `<li class="${f.severity}" data-code="${f.code}">${escape(humanise(f.reason))} <code>${f.code}</code></li>`).join("")}</ul>`
      : "<p>No red flags.</p>"}`;
  tip.hidden = false;
  tip.querySelector(".close").addEventListener("click", hideTip);
}

function hideTip() {
  $("map-tip").hidden = true;
}

// ---- zooming and panning the map (mouse, touch and the +/− buttons) ----------------

/**
 * Scale and offset of the picture in the fitted views, as a CSS transform on the SVG.
 * One finger (or the mouse) drags once zoomed in; two fingers pinch; at scale 1 a
 * vertical swipe still scrolls the page (touch-action: pan-y).
 */
const zoom = {
  k: 1, x: 0, y: 0,
  pointers: new Map(),
  pinch: null,
  apply() {
    const box = $("map");
    const svg = box.querySelector("svg");
    if (!svg) return;
    if (box.classList.contains("scroll")) {
      svg.style.transform = "";
      return;
    }
    // Keep the picture inside the box: no panning past its edges.
    const w = svg.clientWidth || box.clientWidth, h = svg.clientHeight || box.clientHeight;
    this.k = Math.min(6, Math.max(1, this.k));
    this.x = Math.min(0, Math.max(w - w * this.k, this.x));
    this.y = Math.min(0, Math.max(h - h * this.k, this.y));
    svg.style.transformOrigin = "0 0";
    svg.style.transform = this.k === 1 ? "" : `translate(${this.x}px, ${this.y}px) scale(${this.k})`;
    box.classList.toggle("zoomed", this.k > 1);
    $("zoom-level").textContent = `${Math.round(this.k * 100)}%`;
  },
  /** Zooms by `factor` around the point (px, py) of the box (its centre by default). */
  by(factor, px, py) {
    const box = $("map");
    const cx = px ?? box.clientWidth / 2, cy = py ?? box.clientHeight / 2;
    const k = Math.min(6, Math.max(1, this.k * factor));
    this.x = cx - ((cx - this.x) * k) / this.k;
    this.y = cy - ((cy - this.y) * k) / this.k;
    this.k = k;
    this.apply();
  },
  reset() {
    this.k = 1; this.x = 0; this.y = 0;
    this.apply();
  },
  wire() {
    const box = $("map");
    const local = (e) => {
      const r = box.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    $("zoom-in").addEventListener("click", () => this.by(1.5));
    $("zoom-out").addEventListener("click", () => this.by(1 / 1.5));
    $("zoom-reset").addEventListener("click", () => this.reset());
    box.addEventListener("wheel", (e) => {
      if (box.classList.contains("scroll") || !(e.ctrlKey || e.metaKey || this.k > 1)) return;
      e.preventDefault();
      this.by(e.deltaY < 0 ? 1.2 : 1 / 1.2, ...local(e));
    }, { passive: false });
    box.addEventListener("pointerdown", (e) => {
      if (box.classList.contains("scroll")) return;
      this.pointers.set(e.pointerId, local(e));
      this.moved = false;
      if (this.pointers.size === 2) {
        const [a, b] = [...this.pointers.values()];
        this.pinch = { d: Math.hypot(a[0] - b[0], a[1] - b[1]), k: this.k };
      }
    });
    box.addEventListener("pointermove", (e) => {
      const last = this.pointers.get(e.pointerId);
      if (!last) return;
      const now = local(e);
      this.pointers.set(e.pointerId, now);
      if (this.pointers.size === 2 && this.pinch) {
        const [a, b] = [...this.pointers.values()];
        const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        this.by((this.pinch.k * d) / this.pinch.d / this.k, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
        this.moved = true;
      } else if (this.pointers.size === 1 && this.k > 1) {
        const [dx, dy] = [now[0] - last[0], now[1] - last[1]];
        if (Math.abs(dx) + Math.abs(dy) > 0) {
          this.x += dx; this.y += dy;
          this.moved = this.moved || Math.abs(dx) + Math.abs(dy) > 2;
          this.apply();
        }
      }
    });
    const up = (e) => {
      this.pointers.delete(e.pointerId);
      if (this.pointers.size < 2) this.pinch = null;
    };
    box.addEventListener("pointerup", up);
    box.addEventListener("pointercancel", up);
    // A drag is not a tap: swallow the click that ends it.
    box.addEventListener("click", (e) => {
      if (this.moved) {
        e.stopPropagation();
        this.moved = false;
      }
    }, true);
  },
};

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
      <td data-label="stance" class="num ${stance === null ? "" : stance > 0 ? "pos" : stance < 0 ? "neg" : ""}">${stanceText(stance)}</td>
      <td data-label="predicted" class="num">${fmtSigned(predicted[i], 1)}</td>
      <td><div class="bar"><span style="width:${(80 * u[i] / top).toFixed(1)}px"></span>${pct(u[i])}</div></td>
      <td data-label="our tie">${ties[i].toFixed(2)}${covered[i] ? " ✓" : ""}</td>
    </tr>`;
  });
  const body = $("influence").tBodies[0];
  body.innerHTML = rows.join("");
  for (const tr of body.rows) tr.addEventListener("click", () => select(tr.dataset.id));
}

function drawFlags(flags) {
  $("flags").innerHTML = flags.length
    ? flags
      .map((f) => `<li class="${f.severity}" data-code="${f.code}" data-ids="${escape(f.ids.join(" "))}"><span class="sev">${f.severity}</span><span class="reason">${escape(humanise(f.reason))}</span> <code>${f.code}</code></li>`)
      .join("")
    : "<li>No red flags.</li>";
}

function drawContacts() {
  const rows = state.chain.nextBestContacts.map((c, k) => {
    const path = [c.path.member, ...c.path.stakeholders].map(name).join(" → ");
    return `<tr data-id="${escape(c.id)}">
      <td class="num">${k + 1}</td>
      <td>${escape(name(c.id))}</td>
      <td data-label="gain" class="num">${c.gain.toFixed(3)}</td>
      <td data-label="stance" class="num">${stanceText(c.stance)}</td>
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

/**
 * A refused edit as a sentence a rep can act on, with people's names; the error's code
 * (and field) stay visible in small type for support.
 */
function explain(e, ctx) {
  const who = (id) => name(id ?? "");
  const code = e && e.code ? e.code : "error";
  const r = ctx?.kind === "relation" ? ctx : null;
  const sentences = {
    self_loop: r && `${who(r.source)} cannot have a relation with themselves: pick someone else under “To”.`,
    duplicate_relation: r && `${who(r.source)} and ${who(r.target)} already have ${/^[aeiou]/.test(r.relation) ? "an" : "a"} “${r.relation}” relation on this map (maybe the other way round): nothing to add. Pick another pair or kind.`,
    unknown_reference: `Someone in this edit is no longer on the map: reload the account (Reset edits) and pick again.`,
    not_found: `Someone in this edit is no longer on the map: reload the account (Reset edits) and pick again.`,
    out_of_range: `A value is outside the allowed range (${e?.message ?? ""}): adjust it and try again.`,
    invalid_time: "The date is not valid for this interaction: pick another date.",
  };
  const sentence = sentences[code] ?? `This change was not saved: ${humanise(e && e.message ? e.message : String(e))}.`;
  return { sentence, code, field: e?.field ?? null };
}

function showError(problem) {
  const box = $("edit-error");
  if (!problem) {
    box.replaceChildren();
    delete box.dataset.code;
    return;
  }
  box.dataset.code = problem.code;
  box.innerHTML = `<span class="sentence">${escape(problem.sentence)}</span> <code title="${escape(problem.field ?? "")}">${escape(problem.code)}</code>`;
  box.scrollIntoView({ block: "nearest" });
}

/** Runs an edit; a refused one shows why, in words, and leaves the map as it was. */
function edit(what, action, ctx = null) {
  showError(null);
  try {
    action();
  } catch (e) {
    showError(explain(e, ctx));
    return;
  }
  recompute(what, ctx);
}

function wire() {
  $("sample").addEventListener("change", () => loadSample($("sample").value).catch(fail));
  $("reset").addEventListener("click", () => openMap(state.original));
  $("view").addEventListener("change", () => {
    zoom.reset();
    drawMap();
  });
  zoom.wire();
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
    edit(`stance of ${name(id)} unknown`, () => state.map.setStance(id, null), { kind: "stance", stakeholder: id });
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
    const channel = CHANNELS[interaction.channel] ?? interaction.channel;
    edit(`${channel} ${name(member)} ↔ ${name(who)} on ${interaction.at}`, () => state.map.addInteraction(interaction), { kind: "interaction", stakeholder: who, member });
  });
  $("rel-source").addEventListener("change", syncRelationTargets);
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
    const ctx = { kind: "relation", source: relation.source, target: relation.target, relation: relation.kind };
    edit(`${name(relation.source)} ${RELATIONS[relation.kind] ?? relation.kind} ${name(relation.target)}`, () => state.map.addRelation(relation), ctx);
  });
}

function fail(e) {
  setStatus(`error: ${e && e.code ? `${e.code}: ` : ""}${e && e.message ? e.message : e}`);
  console.error(e);
}

await init();
wire();
await loadSample($("sample").value).catch(fail);
