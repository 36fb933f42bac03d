#!/bin/sh
# Native import benchmark: generates a 1M-row follow-ups CSV
# (ext ids, customer by customer_ext_id, rep by name, local dates, Chinese
# text, a quoted multi-line cell every 100 rows), imports it into a fresh
# database that already holds the reps and 10,000 customers, RUNS times,
# and prints rows/s per run and the min/median.
# Usage: scripts/bench-import.sh [path/to/genjin] [rows] [runs]
set -eu
G=${1:-build/genjin}
ROWS=${2:-1000000}
RUNS=${3:-3}
T=$(mktemp -d "${TMPDIR:-/tmp}/gj_bench_import.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

python3 - "$T" "$ROWS" <<'PY'
import sys, random
d, rows = sys.argv[1], int(sys.argv[2])
random.seed(4)
reps = ["王芳", "李强", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄鹏", "周杰", "吴婷"]
with open(d + "/reps.csv", "w", encoding="utf-8", newline="") as f:
    f.write("姓名,团队,角色\r\n")
    for r in reps: f.write(f"{r},华东,sales\r\n")
with open(d + "/customers.csv", "w", encoding="utf-8", newline="") as f:
    f.write("客户编号,客户名称,公司,电话,负责人\r\n")
    for i in range(10000):
        f.write(f"C{i},客户{i},公司{i}有限公司,138{i:08d},{reps[i % 10]}\r\n")
chan = ["电话", "微信", "邮件", "拜访", "会议"]
with open(d + "/followups.csv", "w", encoding="utf-8", newline="") as f:
    f.write("\ufeff跟进编号,客户编号,跟进时间,跟进方式,跟进内容,跟进结果,负责人\r\n")
    out = []
    for i in range(rows):
        day = 1 + i % 28
        summary = '"电话沟通，客户询问报价,\r\n下周再联系"' if i % 100 == 0 else "沟通需求，发送方案"
        out.append(f"F{i},C{random.randrange(10000)},2024/{1 + i % 12}/{day} {9 + i % 9}:{i % 60:02d},"
                   f"{chan[i % 5]},{summary},已发送报价,{reps[i % 10]}\r\n")
        if len(out) == 10000:
            f.write("".join(out)); out = []
    f.write("".join(out))
PY

SIZE=$(wc -c <"$T/followups.csv")
echo "followups.csv: $ROWS rows, $SIZE bytes"
"$G" --db "$T/base.db" import reps "$T/reps.csv" >/dev/null
"$G" --db "$T/base.db" import customers "$T/customers.csv" >/dev/null
results=""
run=1
while [ "$run" -le "$RUNS" ]; do
    cp "$T/base.db" "$T/run.db"
    start=$(date +%s.%N)
    # /usr/bin/time (when present) adds the process's CPU time: on a shared
    # machine wall time also counts waiting for a core.
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%U %S" -o "$T/cpu" "$G" --db "$T/run.db" import followups "$T/followups.csv" >"$T/out" ||
            { cat "$T/out"; exit 1; }
    else
        "$G" --db "$T/run.db" import followups "$T/followups.csv" >"$T/out" || { cat "$T/out"; exit 1; }
        echo "0 0" >"$T/cpu"
    fi
    end=$(date +%s.%N)
    rate=$(echo "$start $end $ROWS" | awk '{ printf "%d", $3 / ($2 - $1) }')
    secs=$(echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }')
    cpu=$(awk -v n="$ROWS" '{ c = $1 + $2; printf "%.2fs CPU, %d rows/s of CPU", c, (c > 0 ? n / c : 0) }' "$T/cpu")
    echo "run $run: ${secs}s wall, $rate rows/s; $cpu"
    results="$results $rate"
    run=$((run + 1))
done
echo "$results" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '
    { v[NR] = $1 } END { printf "min %d rows/s, median %d rows/s, max %d rows/s\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
