// Vite config for an app that depends on relmap installed from a folder
// (`"relmap": "file:../../bindings-wasm/pkg"`, which npm links as a symlink).
//
// The dev server only serves files under the workspace root; a linked package resolves
// to its real path outside it, so `init()`'s fetch of relmap_bg.wasm would get
// `403 Restricted`. Allowing the package's folder fixes that. With relmap installed
// from the registry (a real folder in node_modules/) no config is needed.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { defineConfig, searchForWorkspaceRoot } from "vite";

// require.resolve follows the symlink: this is the package's real folder.
const relmapDir = dirname(createRequire(import.meta.url).resolve("relmap/package.json"));

export default defineConfig({
  server: { fs: { allow: [searchForWorkspaceRoot(process.cwd()), relmapDir] } },
});
