#!/bin/sh
# The metrics dashboard benchmark: native, WASM under node and
# sql.js running equivalent SQL, on the same generated databases.
#
#   scripts/bench-metrics.sh [SIZES] [RUNS]      (default: S,M,L 5)
#
# Builds the native CLI (build-bench/) unless GENJIN is set, makes
# $BENCH_DIR/bench-<size>.db with `genjin bench` (reused when present),
# times the dashboard natively, then in the WASM build in web/dist (build it
# first: scripts/build.sh) and with sql.js (npm devDependency). Results are
# recorded by hand in docs/bench.md ("Metrics dashboard").
set -eu
cd "$(dirname "$0")/.."
SIZES=${1:-S,M,L}
RUNS=${2:-5}
BENCH_DIR=${BENCH_DIR:-/tmp/genjin-bench}
SQLJS_RUNS=${SQLJS_RUNS:-3} # sql.js at L takes minutes per run
mkdir -p "$BENCH_DIR"
if [ -z "${GENJIN:-}" ]; then
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-bench --target genjin -j2 >/dev/null
  GENJIN=build-bench/genjin
fi
echo "== machine: $(nproc) CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), node $(node --version), $(date -u +%Y-%m-%d)"
echo "== native ($GENJIN)"
"$GENJIN" bench --sizes "$SIZES" --dir "$BENCH_DIR" --runs "$RUNS"
DBS=""
for s in $(echo "$SIZES" | tr ',' ' '); do DBS="$DBS $BENCH_DIR/bench-$s.db"; done
echo "== WASM under node (web/dist)"
# shellcheck disable=SC2086
node --no-experimental-fetch scripts/bench-metrics-wasm.mjs --runs "$RUNS" $DBS
echo "== sql.js 1.16, equivalent SQL"
# shellcheck disable=SC2086
node --no-experimental-fetch scripts/bench-metrics-sqljs.mjs --runs "$SQLJS_RUNS" $DBS
