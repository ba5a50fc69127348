// The esbuild entry that needs no copy step: esbuild's `file` loader emits relmap_bg.wasm
// (hashed) and gives its URL, which init() is told before the app starts (the app's own
// `init()` then finds relmap ready). Built by `node build-esbuild.mjs --wasm-loader`.
import init from "relmap";
import wasmUrl from "relmap/relmap_bg.wasm";

await init({ module_or_path: new URL(wasmUrl, import.meta.url) });
await import("./main.js");
