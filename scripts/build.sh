#!/usr/bin/env bash
# Builds the native CLI (build/), the WebAssembly module and the app folder
# web/dist/ (what a static host serves). Assumes bootstrap.sh ran.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/fetch-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

# Debian's Emscripten 3.1.6 runs its JS optimizer with node and needs
# Debian's node modules on the path.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-wasm --target genjin_wasm -j"$jobs"
mkdir -p web/dist
cp build-wasm/genjin-core.js build-wasm/genjin-core.wasm web/dist/
# genjin-sql.js: the sql.js-compatible initSqlJs on this build (docs/sqljs.md).
# It embeds this genjin-core.js, so it is made from the same build.
node scripts/make-genjin-sql.mjs build-wasm/genjin-core.js web/dist
# The app folder (web/dist): page and worker bundles with hashed names.
node scripts/build-web.mjs --wasm-dir build-wasm --out web/dist
echo "build: native CLI build/genjin, the app in web/dist/ (serve or copy that folder)"
