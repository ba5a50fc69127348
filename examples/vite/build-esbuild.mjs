// Builds the same app with esbuild into dist-esbuild/ (or the directory given).
//
// esbuild bundles relmap's JavaScript but leaves `new URL("relmap_bg.wasm",
// import.meta.url)` as it is, without emitting the file it names. The URL is relative
// to the bundle, so the one extra step is to copy the module next to it.
//
//   node build-esbuild.mjs [outdir]
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

export async function buildWithEsbuild(outdir = join(here, "dist-esbuild")) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(here, "src/main.js")],
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
  copyFileSync(createRequire(import.meta.url).resolve("relmap/relmap_bg.wasm"), join(outdir, "relmap_bg.wasm"));
  copyFileSync(join(here, "src/style.css"), join(outdir, "style.css"));
  const html = readFileSync(join(here, "index.html"), "utf8")
    .replace('href="./src/style.css"', 'href="./style.css"')
    .replace('src="./src/main.js"', 'src="./main.js"');
  writeFileSync(join(outdir, "index.html"), html);
  return outdir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${await buildWithEsbuild(process.argv[2])}`);
}
