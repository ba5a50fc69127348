// `import wasmUrl from "relmap/relmap_bg.wasm"` as bundlers' URL loaders give it
// (esbuild's `file` loader, webpack's `asset/resource`): the emitted module's URL, for
// `init({ module_or_path: wasmUrl })`.
declare const url: string;
export default url;
