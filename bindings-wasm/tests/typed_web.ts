// Typed use of the browser build's initialisation, as a bundler app writes it: checked by
// `tsc` with both tsconfig.json and tsconfig.es2022.json (lib es2022 + dom only).
import init, { initSync, RelationshipMap } from "relmap/web";
import type { InitInput, InitOutput, SyncInitInput } from "relmap/web";
// The module's URL, as a bundler's URL loader gives it (esbuild --loader:.wasm=file).
import wasmFile from "relmap/relmap_bg.wasm";

export const bundled: Promise<InitOutput> = init({ module_or_path: new URL(wasmFile, "https://example.com/app/") });

export async function open(text: string, wasmUrl: string | URL): Promise<number> {
  const path: InitInput = typeof wasmUrl === "string" ? wasmUrl : new URL(wasmUrl);
  const exports: InitOutput = await init({ module_or_path: path });
  void exports.memory;
  const m = RelationshipMap.fromJson(text);
  const support: number = m.decisionChain().predictedSupport;
  m.free();
  return support;
}

export function openSync(bytes: ArrayBuffer, text: string): string {
  const module: SyncInitInput = bytes;
  initSync({ module });
  const m = RelationshipMap.fromJson(text);
  // Explicit resource management without `using`: the method is there under any lib.
  try {
    return m.toJson();
  } finally {
    m[Symbol.dispose]();
  }
}
