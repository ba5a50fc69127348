// A minimal account-planning app on the relmap npm package: pick a map file, see the
// decision chain and the relationship map. Bundled by Vite (`npm run dev`, `npm run
// build`) or esbuild (`npm run build:esbuild`); the same source for both.
import init, { RelationshipMap } from "relmap";

const $ = (id) => document.getElementById(id);

// `init()` fetches relmap_bg.wasm from `new URL("relmap_bg.wasm", import.meta.url)`:
// Vite's dev server serves it from the package, Vite's build emits it into dist/assets/,
// and the esbuild build copies it next to the bundle (build-esbuild.mjs).
const ready = init();

let names = new Map(); // stakeholder, team and opportunity ids -> display names
const name = (id) => names.get(id) ?? id;
const signed = (x, digits = 1) => (x > 0 ? "+" : x < 0 ? "−" : "±") + Math.abs(x).toFixed(digits);
const stance = (s) => (s === null ? "unknown" : signed(s, 0));
const percent = (x) => `${(100 * x).toFixed(1)}%`;
const ROLE = {
  economic_buyer: "economic buyer", decision_maker: "decision maker", technical_buyer: "technical buyer",
  user_buyer: "user buyer", influencer: "influencer", purchaser: "purchaser", coach: "coach",
  champion: "champion", gatekeeper: "gatekeeper",
};

function element(tag, { dataset = {}, ...props } = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  Object.assign(e.dataset, dataset);
  e.append(...children);
  return e;
}

function setStatus(text, state) {
  $("status").textContent = text;
  $("status").dataset.state = state;
}

/** Reads a relmap JSON document and shows its plan; a bad file leaves the last plan as it was. */
async function open(file) {
  await ready;
  let map;
  try {
    map = RelationshipMap.fromJson(await file.text());
  } catch (e) {
    // relmap errors carry a stable code and the JSON path they are about.
    const where = e.field ? ` (at ${e.field})` : "";
    setStatus(`${file.name} is not a map relmap can read: ${e.message}${where} [${e.code ?? e.name}]`, "error");
    return;
  }
  try {
    show(map);
    setStatus(`${file.name}: ${map.stakeholderCount} stakeholders, ${map.relationCount} relations`, "ready");
  } finally {
    map.free();
  }
}

function show(map) {
  names = new Map();
  for (const s of map.stakeholders()) names.set(s.id, s.name || s.id);
  for (const t of map.team()) names.set(t.id, t.name || t.id);
  for (const o of map.opportunities()) names.set(o.id, o.name || o.id);
  const roles = new Map(map.stakeholders().map((s) => [s.id, s.roles]));

  const chain = map.decisionChain();
  try {
    const summary = chain.summary({ topInfluencers: 10, nextBestContacts: 5 });
    const account = map.account();
    $("account-name").textContent = account.name || account.id;
    $("account-meta").textContent = [account.industry, account.region, summary.asOf && `as of ${summary.asOf.slice(0, 10)}`]
      .filter(Boolean)
      .join(" · ");
    $("support").textContent = signed(summary.predictedSupport, 3);
    $("support").dataset.value = String(summary.predictedSupport);
    $("coverage").textContent = percent(summary.coverage.share);
    $("flag-count").textContent = String(summary.redFlags.length);

    $("influencers").tBodies[0].replaceChildren(
      ...summary.topInfluencers.map((i) =>
        element(
          "tr",
          { dataset: { id: i.id } },
          element("td", { textContent: name(i.id) }),
          element("td", { textContent: (roles.get(i.id) ?? []).map((r) => ROLE[r] ?? r).join(", ") }),
          element("td", { className: "num", textContent: percent(i.influence) }),
          element("td", { className: "num", textContent: stance(i.stance) }),
          element("td", { className: "num", textContent: signed(i.predictedStance) }),
        ),
      ),
    );
    $("flags").replaceChildren(
      ...summary.redFlags.map((f) =>
        element(
          "li",
          { className: f.severity, dataset: { code: f.code } },
          element("b", { textContent: f.ids.map(name).join(", ") }),
          ` ${f.reason}`,
        ),
      ),
    );
    if (summary.redFlags.length === 0) $("flags").append(element("li", { textContent: "none" }));
    $("contacts").replaceChildren(
      ...summary.nextBestContacts.map((c) =>
        element(
          "li",
          { dataset: { id: c.id } },
          element("b", { textContent: name(c.id) }),
          ` (stance ${stance(c.stance)}, ${percent(c.influence)} of the decision): through `,
          [name(c.path.member), ...c.path.stakeholders.slice(0, -1).map(name)].join(" → "),
          `, reliability ${c.path.reliability.toFixed(2)}`,
        ),
      ),
    );
    $("map").innerHTML = map.toSvg(chain.overlay(map), { keyPlayersOnly: true, theme: "light" });
  } finally {
    chain.free();
  }
  $("plan").hidden = false;
}

ready.then(
  () => {
    $("file").disabled = false;
    setStatus("Pick a relmap map file (a relmap/2 JSON document, such as examples/data/manufacturing_cloud.json).", "idle");
  },
  (e) => setStatus(`relmap could not start: ${e.message}`, "error"),
);
$("file").addEventListener("change", (event) => {
  const [file] = event.target.files;
  if (file) open(file).catch((e) => setStatus(`could not open ${file.name}: ${e.message}`, "error"));
});
