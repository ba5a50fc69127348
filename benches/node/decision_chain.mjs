// The decision chain on the synthetic 10k-stakeholder / 50k-relation account, in
// Node.js through the WebAssembly package, beside the native criterion figure.
//
//   cargo run --release -p relmap-benches --example export_synthetic
//   bindings-wasm/build.sh
//   cargo bench -p relmap-benches --bench decision_chain -- 'decision_chain/10k_50k$'   (the native figure)
//   node benches/node/decision_chain.mjs [--runs N]
//
// Prints the median wall time of `map.decisionChain({ asOf })` over N runs (after
// warm-up) and, when criterion has a result for decision_chain/10k_50k in the
// target directory, the ratio to it (target: WebAssembly ≤ 1.3× native). Natively
// the chain runs on two threads: the ratios are given against that wall time and
// against the native chain on one thread (wall, and CPU against CPU).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";

const root = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const { RelationshipMap } = require(`${root}bindings-wasm/pkg/node/relmap.js`);

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] ?? 0) || 30;
const stem = `${root}benches/node/data/synthetic_10000_50000`;
if (!existsSync(`${stem}.json`)) {
  console.error("no synthetic account: run `cargo run --release -p relmap-benches --example export_synthetic` first");
  process.exit(1);
}
const meta = JSON.parse(readFileSync(`${stem}.meta.json`, "utf8"));
const text = readFileSync(`${stem}.json`, "utf8");

let t = performance.now();
const map = RelationshipMap.fromJson(text);
const loadMs = performance.now() - t;
const config = { asOf: meta.asOf };

for (let i = 0; i < 3; i++) map.decisionChain(config).free();
const times = [];
const cpu = [];
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  t = performance.now();
  const chain = map.decisionChain(config);
  times.push(performance.now() - t);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  chain.free();
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const chain = map.decisionChain(config);
console.log(`${map.stakeholderCount} stakeholders / ${map.relationCount} relations: ${chain.keyPlayers.length} key players, iterations ${JSON.stringify(chain.iterations)}, ${chain.redFlags.length} red flags, coverage ${chain.coverage.share.toFixed(3)}`);
console.log(`fromJson: ${loadMs.toFixed(1)} ms`);
console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(", ")}`);
console.log(`decisionChain (WebAssembly, Node ${process.version}): median ${median(times).toFixed(2)} ms wall, ${median(cpu).toFixed(2)} ms CPU over ${runs} runs (min ${Math.min(...times).toFixed(2)} ms)`);

// The native figure: criterion's estimate of decision_chain/10k_50k, if the bench was run.
const targetDir = (() => {
  try {
    return JSON.parse(execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], { cwd: root, encoding: "utf8" })).target_directory;
  } catch {
    return `${root}target`;
  }
})();
const benches = [
  ["decision_chain", median(times), "wall, native on its threads"],
  ["decision_chain_one_thread", median(times), "wall, native on one thread"],
  ["decision_chain_one_thread_cpu", median(cpu), "CPU, native on one thread"],
  ["decision_chain_cpu", median(cpu), "CPU, native on every thread"],
];
for (const [group, ours, what] of benches) {
  // criterion names the directory after the benchmark id, `/` replaced by `_`.
  const estimates = `${targetDir}/criterion/${group}_10k_50k/new/estimates.json`;
  if (!existsSync(estimates)) {
    console.log(`native ${group}/10k_50k: not measured (run the criterion bench first)`);
    continue;
  }
  const e = JSON.parse(readFileSync(estimates, "utf8"));
  const native = (e.median ?? e.mean).point_estimate / 1e6;
  console.log(`native ${group}/10k_50k (criterion median): ${native.toFixed(2)} ms -> WebAssembly/native = ${(ours / native).toFixed(2)}x (${what})`);
}
