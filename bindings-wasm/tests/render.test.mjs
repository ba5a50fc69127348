// Pictures: SVG from the core's renderer, DOT, Mermaid, Cytoscape.js JSON.
import { test } from "node:test";
import assert from "node:assert/strict";

import { defaultRenderOptions } from "relmap";
import { sample, smallMap, throwsWith } from "./helpers.mjs";

test("the SVG carries every stakeholder, sized and flagged by the overlay", () => {
  const m = sample("manufacturing_cloud");
  const chain = m.decisionChain();
  const flags = {};
  for (const f of chain.redFlags) for (const id of f.ids) if (m.stakeholder(id)) (flags[id] ??= []).push(f.code);
  const path = chain.bestPath("chairman");
  const overlay = { influence: chain.influenceMap(), flags, highlightPath: [path.member, ...path.stakeholders] };
  const svg = m.toSvg(overlay, { width: 1200, title: "HD Precision" });
  assert.ok(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  for (const id of m.stakeholderIds) assert.ok(svg.includes(`id="node-${id}"`), id);
  assert.match(svg, /HD Precision/);
  assert.match(svg, /width="1200"/);
  assert.match(svg, /data-influence="/);
  assert.ok(svg.length > m.toSvg(null, { keyPlayersOnly: true }).length);
  assert.notEqual(m.toSvg(null, { theme: "dark" }), m.toSvg());
});

test("the overlay of a decision chain", () => {
  const m = smallMap();
  const chain = m.decisionChain();
  const overlay = chain.overlay(m);
  assert.deepEqual(overlay.influence, chain.influenceMap());
  assert.deepEqual(overlay.highlightPath, ["rep", "cio", "ceo"]);
  assert.ok(overlay.flags.ceo.includes("economic_buyer_not_covered"));
  assert.match(m.toSvg(overlay), /economic_buyer_not_covered/);
  assert.deepEqual(chain.overlay(m, "cio").highlightPath, ["rep", "cio"]);
  throwsWith(() => chain.overlay(m, "ghost"), Error, "not_found", "to");
});

test("DOT, Mermaid and Cytoscape JSON", () => {
  const m = smallMap();
  assert.match(m.toDot(), /^digraph/);
  assert.match(m.toMermaid(), /^flowchart TB$/m);
  const cy = m.toCytoscape({ influence: { ceo: 0.7, cio: 0.3 } });
  assert.ok(Array.isArray(cy.elements.nodes) && Array.isArray(cy.elements.edges));
  assert.ok(cy.elements.nodes.some((n) => n.data.id === "ceo"));
});

test("render options: defaults complete, errors named in camelCase", () => {
  const d = defaultRenderOptions();
  assert.equal(d.theme, "light");
  assert.equal(d.showLegend, true);
  assert.equal(d.layout.fontSize, 13);
  assert.equal(smallMap().toSvg(null, d), smallMap().toSvg());
  const m = smallMap();
  throwsWith(() => m.toSvg({ influence: { ghost: 0.5 } }), Error, "unknown_reference");
  throwsWith(() => m.toSvg({ influence: { ceo: -1 } }), RangeError, "out_of_range");
  throwsWith(() => m.toSvg(null, { layout: { fontSize: 0 } }), RangeError, "invalid_config", "options.layout.fontSize");
  throwsWith(() => m.toSvg(null, { theme: "neon" }), TypeError, "invalid_argument", "theme");
  throwsWith(() => m.toSvg({ highlight: ["ceo"] }), TypeError, "invalid_argument", "highlight");
});
