// Builds the same app with esbuild into dist-esbuild/ (or the directory given).
//
// esbuild bundles relmap's JavaScript but leaves `new URL("relmap_bg.wasm",
// import.meta.url)` as it is, without emitting the file it names. Two ways to get the
// module there:
// - copy (default): the URL is relative to the bundle, so copy relmap_bg.wasm next to it;
// - --wasm-loader: import "relmap/relmap_bg.wasm" with esbuild's `file` loader, which
//   emits it (with a content hash) and gives its URL to pass to `init({ module_or_path })`
//   (src/main-esbuild.js).
//
//   node build-esbuild.mjs [--wasm-loader] [outdir]
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

export async function buildWithEsbuild(outdir = join(here, "dist-esbuild"), { wasmLoader = false } = {}) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(here, wasmLoader ? "src/main-esbuild.js" : "src/main.js")],
    ...(wasmLoader ? { loader: { ".wasm": "file" }, assetNames: "[name]-[hash]" } : {}),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: true,
    outfile: join(outdir, "main.js"),
    logLevel: "warning",
  });
  // The step esbuild does not do: relmap_bg.wasm next to main.js, where init() looks.
  if (!wasmLoader) copyFileSync(createRequire(import.meta.url).resolve("relmap/relmap_bg.wasm"), join(outdir, "relmap_bg.wasm"));
  copyFileSync(join(here, "src/style.css"), join(outdir, "style.css"));
  const html = readFileSync(join(here, "index.html"), "utf8")
    .replace('href="./src/style.css"', 'href="./style.css"')
    .replace('src="./src/main.js"', 'src="./main.js"');
  writeFileSync(join(outdir, "index.html"), html);
  return outdir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const wasmLoader = args.includes("--wasm-loader");
  console.log(`built ${await buildWithEsbuild(args.find((a) => a !== "--wasm-loader"), { wasmLoader })}`);
}
