#!/usr/bin/env bash
# Builds the npm package `relmap` into bindings-wasm/pkg/ (git-ignored):
#   pkg/node/  CommonJS build for Node.js   (wasm-bindgen --target nodejs)
#   pkg/web/   ES module build for browsers (wasm-bindgen --target web; call `await init()` first)
#              and the one relmap_bg.wasm both builds load (the node glue reads ../web/)
#   pkg/package.json  conditional exports: node -> node/, browser and default -> web/;
#              "relmap/relmap_bg.wasm" for bundlers that import the module's URL
#   pkg/README.md, pkg/LICENSE-MIT, pkg/LICENSE-APACHE
# and prints the wasm module's size and the npm tarball's (packed and unpacked).
# Installs what is missing: the wasm32 Rust target and wasm-bindgen-cli (into tools/,
# pinned to the wasm-bindgen version in Cargo.lock).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pkg="bindings-wasm/pkg"
# Where cargo puts its output (target/ unless CARGO_TARGET_DIR or a config says otherwise).
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/relmap_wasm.wasm"

lock_version() {
    awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

ensure_wasm_target() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_wasm_bindgen_cli() {
    local want have
    want="$(lock_version wasm-bindgen)"
    [ -n "$want" ] || { echo "build.sh: wasm-bindgen is not in Cargo.lock" >&2; exit 1; }
    have="$(tools/bin/wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
    if [ "$have" != "$want" ]; then
        echo "installing wasm-bindgen-cli $want into tools/ (a few minutes, once)"
        # An unoptimised build: it compiles much faster than a release build, writes
        # byte-identical output, and takes about a second per run instead of a tenth.
        cargo install wasm-bindgen-cli --version "=$want" --root tools --force --debug
    fi
}

ensure_wasm_target
ensure_wasm_bindgen_cli

# `strip = true` would also drop the `target_features` section that wasm-bindgen reads to
# know which wasm features (reference types, ...) the module uses: strip only debug info
# here, and let wasm-bindgen drop the name and producers sections instead.
cargo build -p relmap-wasm --target wasm32-unknown-unknown --profile wasm-release \
    --config 'profile.wasm-release.strip="debuginfo"'

rm -rf "$pkg"
for target in nodejs web; do
    out="$pkg/$([ "$target" = nodejs ] && echo node || echo web)"
    tools/bin/wasm-bindgen "$wasm" --out-dir "$out" --out-name relmap --target "$target" \
        --remove-name-section --remove-producers-section
done
# The glue checks class arguments (`map.equals(other)`, `diff(a, b)`) with a plain
# Error: make it the TypeError with code `invalid_argument` relmap throws for every
# other argument of the wrong shape.
assert_class='throw new Error(`expected instance of ${klass.name}`);'
typed_assert='throw Object.assign(new TypeError(`expected an instance of ${klass.name}`), { code: "invalid_argument", field: null });'
for js in "$pkg/node/relmap.js" "$pkg/web/relmap.js"; do
    if grep -qF "$assert_class" "$js"; then
        sed -i "s/$(printf '%s' "$assert_class" | sed 's/[][\\/.*$^]/\\&/g')/$(printf '%s' "$typed_assert" | sed 's/[\\/&]/\\&/g')/" "$js"
    fi
    grep -qF "$typed_assert" "$js" || ! grep -q '_assertClass' "$js" || { echo "build.sh: the class check in $js changed" >&2; exit 1; }
done
# Every exported class and function goes through the guard in js/guard.js: a call on a
# freed object and the glue's own argument errors throw relmap errors with code and field.
for js in "$pkg/node/relmap.js" "$pkg/web/relmap.js"; do
    classes="$(grep -oE '^(export )?class [A-Za-z0-9_]+' "$js" | awk '{print $NF}')"
    if [ "$js" = "$pkg/node/relmap.js" ]; then
        functions="$(grep -oE '^exports\.[A-Za-z0-9_]+ = [A-Za-z0-9_]+;' "$js" | sed -E 's/^exports\.([A-Za-z0-9_]+) = .*/\1/')"
    else
        functions="$(grep -oE '^export function [A-Za-z0-9_]+' "$js" | awk '{print $NF}')"
    fi
    functions="$(printf '%s\n' $functions | grep -vxF -f <(printf '%s\n' $classes) | grep -v '^__' || true)"
    [ -n "$classes" ] || { echo "build.sh: no class found in $js" >&2; exit 1; }
    {
        cat bindings-wasm/js/guard.js
        for c in $classes; do echo "__relmapClassList.push($c);"; done
        for c in $classes; do
            echo "$c = __relmapGuardClass($c);"
            if [ "$js" = "$pkg/node/relmap.js" ]; then echo "exports.$c = $c;"; fi
        done
        for f in $functions; do
            echo "$f = __relmapGuardFunction($f, \"$f\");"
            if [ "$js" = "$pkg/node/relmap.js" ]; then echo "exports.$f = $f;"; fi
        done
    } >> "$js"
done
# One wasm module for both builds. wasm-bindgen writes the same bytes for both targets (the
# difference is all in the JavaScript glue), so the node glue reads the web build's file
# instead of shipping a second copy. Checked here: if the two ever differ, the build fails.
cmp -s "$pkg/node/relmap_bg.wasm" "$pkg/web/relmap_bg.wasm" \
    || { echo "build.sh: the node and web builds' relmap_bg.wasm differ; they can no longer share one file" >&2; exit 1; }
node_load='const wasmPath = `${__dirname}/relmap_bg.wasm`;'
shared_load='const wasmPath = `${__dirname}/../web/relmap_bg.wasm`;'
grep -qF "$node_load" "$pkg/node/relmap.js" || { echo "build.sh: the node glue no longer loads relmap_bg.wasm as expected" >&2; exit 1; }
sed -i "s|$(printf '%s' "$node_load" | sed 's/[][\\/.*$^|]/\\&/g')|$(printf '%s' "$shared_load" | sed 's/[\\/&|]/\\&/g')|" "$pkg/node/relmap.js"
grep -qF "$shared_load" "$pkg/node/relmap.js" || { echo "build.sh: could not point the node glue at ../web/relmap_bg.wasm" >&2; exit 1; }
rm "$pkg/node/relmap_bg.wasm" "$pkg/node/relmap_bg.wasm.d.ts"

# The classes declare `[Symbol.dispose]()`, which TypeScript's `lib` only knows from
# `esnext.disposable` (or `es2025`/`esnext`) on: declare the symbol, so that the
# declarations check with `lib: ["es2022", "dom"]` and `skipLibCheck: false` too.
for dts in "$pkg/node/relmap.d.ts" "$pkg/web/relmap.d.ts"; do
    grep -qF '[Symbol.dispose]' "$dts" || continue
    { sed -n '1,2p' "$dts"; cat bindings-wasm/js/symbol-dispose.d.ts; sed '1,2d' "$dts"; } > "$dts.tmp"
    mv "$dts.tmp" "$dts"
done

echo '{ "type": "commonjs" }' > "$pkg/node/package.json"
echo '{ "type": "module" }' > "$pkg/web/package.json"

repository="$(awk -F'"' '/^\[workspace.package\]/ { p = 1 } p && /^repository/ { print $2; exit }' Cargo.toml)"
version="$(awk -F'"' '/^\[workspace.package\]/ { p = 1 } p && /^version/ { print $2; exit }' Cargo.toml)"
cat > "$pkg/package.json" <<JSON
{
  "name": "relmap",
  "version": "$version",
  "description": "Key-account relationship intelligence: decision chains, trust, customer value (WebAssembly).",
  "license": "MIT OR Apache-2.0",
  "repository": { "type": "git", "url": "git+$repository.git", "directory": "bindings-wasm" },
  "homepage": "$repository",
  "keywords": ["key-account", "b2b", "crm", "decision-chain", "relationship-map", "customer-lifetime-value", "webassembly"],
  "main": "./node/relmap.js",
  "types": "./node/relmap.d.ts",
  "exports": {
    ".": {
      "node": { "types": "./node/relmap.d.ts", "default": "./node/relmap.js" },
      "browser": { "types": "./web/relmap.d.ts", "default": "./web/relmap.js" },
      "default": { "types": "./web/relmap.d.ts", "default": "./web/relmap.js" }
    },
    "./node": { "types": "./node/relmap.d.ts", "default": "./node/relmap.js" },
    "./web": { "types": "./web/relmap.d.ts", "default": "./web/relmap.js" },
    "./relmap_bg.wasm": { "types": "./web/relmap_bg.wasm-url.d.ts", "default": "./web/relmap_bg.wasm" },
    "./package.json": "./package.json"
  },
  "files": ["node/", "web/", "README.md", "LICENSE-MIT", "LICENSE-APACHE"]
}
JSON
cp bindings-wasm/README.md LICENSE-MIT LICENSE-APACHE "$pkg/"
cp bindings-wasm/js/relmap_bg.wasm-url.d.ts "$pkg/web/"

# Sizes: the module (raw and gzip -9, what a server sends compressed) and the tarball as
# `npm pack` would write it (packed = the download, unpacked = node_modules/relmap/).
bytes="$(wc -c < "$pkg/web/relmap_bg.wasm")"
gzipped="$(gzip -9 -c "$pkg/web/relmap_bg.wasm" | wc -c)"
kib() { awk -v b="$1" 'BEGIN { printf "%.0f KiB", b / 1024 }'; }
echo "built $pkg: relmap_bg.wasm $bytes bytes ($(kib "$bytes")), $gzipped bytes gzipped ($(kib "$gzipped"))"
if command -v npm >/dev/null; then
    (cd "$pkg" && npm pack --dry-run --json --loglevel=error 2>/dev/null) | node -e '
        const [t] = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const kib = (b) => `${Math.round(b / 1024)} KiB`;
        console.log(`npm tarball ${t.filename}: ${t.size} bytes packed (${kib(t.size)}), ${t.unpackedSize} bytes unpacked (${kib(t.unpackedSize)}), ${t.entryCount} files`);'
fi
