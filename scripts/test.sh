#!/usr/bin/env bash
# The one command that runs every test on a fresh Debian 12 machine:
# native unit tests (ctest), the same under ASan+UBSan, the API cases and
# wrapper tests against the WASM build under node, the headless Chromium
# page test, and a bounded fuzzing run of every libFuzzer target. Ends
# with a "N passed, N failed" line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/bootstrap.sh
bash scripts/build.sh

passed=0; failed=0
step() { # name command...
  local name=$1; shift
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); echo "=== $name: ok"
  else failed=$((failed + 1)); echo "=== $name: FAILED"; fi
}

step "native unit tests" ctest --test-dir build --output-on-failure -j"$jobs"

asan() {
  cmake -S . -B build-asan -DGJ_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null &&
  cmake --build build-asan -j"$jobs" >/dev/null &&
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
}
step "native unit tests under ASan+UBSan" asan

# A hung test fails on its own instead of holding CI until its deadline:
# every test has a time limit and every step a wall-clock bound.
step "WASM under node" timeout 900 node --test --test-timeout=600000 tests/node/
step "headless Chromium" timeout 1500 node --test --test-timeout=600000 tests/browser/
# 60 s per target (docs/hardening.md); the bound covers building the
# instrumented core on a slow machine.
step "fuzzing (60 s per target)" timeout 1200 bash scripts/fuzz.sh --time 60

echo "test.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
