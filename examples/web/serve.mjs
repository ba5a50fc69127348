// A tiny static file server for the web example (any static server at the
// repository root works the same):
//
//   bindings-wasm/build.sh            # builds bindings-wasm/pkg/web/
//   node examples/web/serve.mjs       # then open the printed address
//
// Serves the repository root on 127.0.0.1 (port from $PORT or the first argument,
// default 8080; 0 = any free port), so the page at /examples/web/ can import
// /bindings-wasm/pkg/web/relmap.js and fetch /examples/data/*.json.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ts": "text/plain; charset=utf-8",
};

/** Starts the server; resolves to `{ server, url }` once it listens. */
export function serve(port = 8080) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const url = `http://127.0.0.1:${server.address().port}/examples/web/`;
      resolve({ server, url });
    });
  });
}

// Run directly: serve until interrupted.
if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1]).split(sep).join(sep)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const { url } = await serve(port);
  console.log(`serving the repository at ${url}  (Ctrl-C to stop)`);
}
