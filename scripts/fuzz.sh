#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (build-fuzz/, clang with
# ASan+UBSan) and runs each for a bounded time, starting from its committed
# seed corpus (tests/fuzz/corpus/<target>/, never written to: new inputs go
# to build-fuzz/corpus/<target>/). A crash, leak, timeout or failed check
# leaves its input in build-fuzz/crashes/ and fails the run.
#
#   scripts/fuzz.sh [--time SECONDS] [TARGET...]    (default 60 s; all targets)
#
# Prints one line per target: executions, seconds, corpus size, result
# (the numbers docs/hardening.md records).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)
secs=60
if [ "${1:-}" = "--time" ]; then secs=$2; shift 2; fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(call import time memvfs)

cc=$(command -v clang-14 || true)
[ -n "$cc" ] || { echo "fuzz: clang is missing (scripts/bootstrap.sh installs it)"; exit 2; }
bash scripts/fetch-deps.sh >/dev/null
CC=$cc cmake -S . -B build-fuzz -DGJ_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$jobs" --target "${targets[@]/#/fuzz_}" >/dev/null

failed=0
for t in "${targets[@]}"; do
  work=build-fuzz/corpus/$t crashes=build-fuzz/crashes
  mkdir -p "$work" "$crashes"
  log=build-fuzz/fuzz-$t.log
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: a leak
  # or runaway allocation fails instead of swapping the machine.
  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "build-fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$crashes/$t-" "${dict[@]}" \
       "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log; input in $crashes/)"; failed=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  units=$(ls "$work" | wc -l)
  echo "fuzz $t: ${execs:-?} executions in ${took:-?} s, $units new corpus inputs: $result"
  [ "$result" = ok ] || grep -E "ERROR|fuzz:|SUMMARY" "$log" | head -5
done
exit "$failed"
