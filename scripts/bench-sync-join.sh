#!/usr/bin/env bash
# A new teammate joining from a snapshot (docs/bench.md, "Team sync"): a
# database of the benchmark's L size (50k customers, 1M events; made once
# with demo.generate, or given) turns sync on and writes its snapshot into
# a folder (genjin sync --folder --snapshot), then a new database starts
# from it (genjin sync --join), RUNS times; wall-clock seconds of each step
# and the snapshot's size. The passphrase's 600,000 PBKDF2 rounds are in
# both times (once each).
#   bash scripts/bench-sync-join.sh [DB] [RUNS]   (native build: build/genjin)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
G="$root/build/genjin"
src=${1:-$root/build/bench-sync-L.db}
runs=${2:-3}
if [ ! -f "$src" ]; then
  echo "making $src (L: 50k customers, 1M events)..." >&2
  "$G" --db "$src" call '{"op":"demo.generate","args":{"customers":50000,"deals":100000,"followups":500000,"tickets":100000,"surveys":50000,"orders":200000,"events":1000000,"seed":1,"now":"2026-11-20"}}' >/dev/null
fi
t=$(mktemp -d "${TMPDIR:-/tmp}/gj-bench-join.XXXXXX")
trap 'rm -rf "$t"' EXIT
printf 'bench team passphrase\n' >"$t/pass"
mkdir "$t/F"
cp "$src" "$t/a.db"
"$G" --db "$t/a.db" call '{"op":"sync.enable"}' >/dev/null
"$G" --db "$t/a.db" call '{"op":"customers.create","args":{"name":"first synced change"}}' >/dev/null
now() { date +%s.%N; }
s=$(now)
"$G" --db "$t/a.db" sync --folder "$t/F" --passphrase-file "$t/pass" --snapshot >/dev/null
e=$(now)
snap=$(ls "$t/F/snapshots")
echo "database $(stat -c %s "$t/a.db") B; snapshot $snap $(stat -c %s "$t/F/snapshots/$snap") B; write $(echo "$e - $s" | bc) s"
"$G" --db "$t/a.db" call '{"op":"customers.create","args":{"name":"after the snapshot"}}' >/dev/null
"$G" --db "$t/a.db" sync --folder "$t/F" --passphrase-file "$t/pass" >/dev/null
for i in $(seq "$runs"); do
  rm -f "$t/b.db"
  s=$(now)
  /usr/bin/time -f "%M" -o "$t/rss" "$G" --db "$t/b.db" sync --folder "$t/F" --passphrase-file "$t/pass" --join >"$t/out" 2>/dev/null
  e=$(now)
  echo "join $i: $(echo "$e - $s" | bc) s, peak RSS $(cat "$t/rss") KiB, $(cat "$t/out")"
done
"$G" --db "$t/b.db" call '{"op":"customers.list","args":{"q":"after the snapshot","limit":1}}' | grep -q '"total":1' && echo "the joined database has the change made after the snapshot"
