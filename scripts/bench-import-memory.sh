#!/bin/sh
# Peak memory of a large native import: generates an events CSV of about
# SIZE_MB megabytes (ext_id, customer_ext_id, kind, local time; 10,000
# customers), imports it with `genjin import` into a database that holds
# the customers, and prints rows, bytes, wall time and the process's
# maximum resident set size (/usr/bin/time -v; it counts mapped pages of
# files too) with the peak of anonymous memory (RssAnon sampled from
# /proc every 0.2 s: the program's own, page cache included). Each size is generated,
# imported once and deleted before the next (disk: about 2.5 x SIZE_MB).
# Usage: scripts/bench-import-memory.sh [path/to/genjin] SIZE_MB...
set -eu
G=${1:-build/genjin}
shift || true
[ $# -gt 0 ] || set -- 100
T=$(mktemp -d "${TMPDIR:-/tmp}/gj_bench_mem.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

python3 - "$T/customers.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    f.write("ext_id,name\n")
    for i in range(10000):
        f.write(f"C{i},客户{i}\n")
PY
"$G" --db "$T/base.db" import customers "$T/customers.csv" >/dev/null

echo "size_mb rows bytes wall_s max_rss_mb peak_anon_mb db_mb"
for mb in "$@"; do
    python3 - "$T/events.csv" "$mb" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
kinds = ["page_view", "login", "download", "form_submit", "email_open"]
target = mb * 1000 * 1000
size = 0
i = 0
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("ext_id,customer_ext_id,kind,at\n")
    while size < target:
        out = []
        for _ in range(20000):
            out.append(f"E{i},C{(i * 7919) % 10000},{kinds[i % 5]},"
                       f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}\n")
            i += 1
        chunk = "".join(out)
        size += len(chunk)
        f.write(chunk)
PY
    rows=$(($(wc -l <"$T/events.csv") - 1))
    bytes=$(wc -c <"$T/events.csv")
    cp "$T/base.db" "$T/run.db"
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$T/time" "$G" --db "$T/run.db" import events "$T/events.csv" >"$T/out" &
    tpid=$!
    # the peak of anonymous memory (the program's own) apart from mapped
    # file pages, sampled from /proc every 0.2 s
    anon=0
    while kill -0 "$tpid" 2>/dev/null; do
        gpid=$(pgrep -P "$tpid" 2>/dev/null | head -1 || true)
        if [ -n "$gpid" ]; then
            a=$(sed -n 's/^RssAnon: *\([0-9]*\) kB/\1/p' "/proc/$gpid/status" 2>/dev/null || true)
            [ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
        fi
        sleep 0.2
    done
    wait "$tpid" || { cat "$T/out"; exit 1; }
    end=$(date +%s.%N)
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time")
    dbsize=$(wc -c <"$T/run.db")
    echo "$mb $rows $bytes $start $end $rss $anon $dbsize" |
        awk '{ printf "%d %d %d %.1f %.1f %.1f %.1f\n", $1, $2, $3, $5 - $4, $6 / 1024, $7 / 1024, $8 / 1048576 }'
    rm -f "$T/events.csv" "$T/run.db"
done
