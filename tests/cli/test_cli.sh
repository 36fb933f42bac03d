#!/bin/sh
# CLI tests for genjin. Usage: sh tests/cli/test_cli.sh path/to/genjin
# POSIX sh; works in a temporary directory that is removed at exit.
set -u

G=${1:?usage: test_cli.sh path/to/genjin}
NAME=cli
. "$(dirname "$0")/lib.sh"

ENTITIES="reps customers deals followups tickets surveys orders events customfields deal_stages audit"

# Every row of every entity, as list output pages (byte-comparable).
dump() {
    for e in $ENTITIES; do
        off=0
        while :; do
            "$G" --db "$1" call "{\"op\":\"$e.list\",\"args\":{\"limit\":100000,\"offset\":$off}}" || return 1
            total=$("$G" --db "$1" call "{\"op\":\"$e.list\",\"args\":{\"limit\":1}}" |
                    sed -n 's/.*"total":\([0-9]*\).*/\1/p')
            off=$((off + 100000))
            [ "$off" -lt "${total:-0}" ] || break
        done
    done
}

# --help
"$G" --help >"$T/help" 2>&1; rc=$?
check "--help exits 0" [ "$rc" -eq 0 ]
check "--help shows usage" contains "$T/help" "usage:"
"$G" >/dev/null 2>&1; rc=$?
check "no command exits 2" [ "$rc" -eq 2 ]
"$G" --db "$T/x.db" frobnicate >/dev/null 2>&1; rc=$?
check "unknown command fails" [ "$rc" -ne 0 ]
"$G" call '{"op":"db.info"}' >/dev/null 2>&1; rc=$?
check "call without --db exits 2" [ "$rc" -eq 2 ]

# call: exit 0 when ok, 1 when not
DB="$T/a.db"
"$G" --db "$DB" call '{"op":"customers.create","args":{"name":"张三","phone":"13800000001"}}' >"$T/out"; rc=$?
check "call ok exits 0" [ "$rc" -eq 0 ]
check "call prints the response" contains "$T/out" '{"ok":true,"data":{"id":1,'
"$G" --db "$DB" call '{"op":"customers.get","args":{"id":99}}' >"$T/out"; rc=$?
check "failing call exits 1" [ "$rc" -eq 1 ]
check "failing call prints the error" contains "$T/out" '"code":"not_found"'
"$G" --db "$DB" call '{"op":' >"$T/out"; rc=$?
check "malformed JSON exits 1" [ "$rc" -eq 1 ]
check "malformed JSON is a bad request" contains "$T/out" '"code":"bad_request"'
"$G" --db "$DB" call >/dev/null 2>&1; rc=$?
check "call without a request fails" [ "$rc" -ne 0 ]

# the spec's bad request: ok:false naming score, database unchanged
"$G" --db "$DB" info >"$T/info1" || no "info"
dump "$DB" >"$T/dump1" || no "dump before"
cp "$DB" "$T/copy.db"
"$G" --db "$DB" call '{"op":"surveys.create","args":{"kind":"csat","score":9}}' >"$T/out"; rc=$?
check "bad survey exits 1" [ "$rc" -eq 1 ]
check "bad survey is ok:false" contains "$T/out" '"ok":false'
check "bad survey names score" contains "$T/out" '"field":"score"'
check "bad survey is invalid" contains "$T/out" '"code":"invalid"'
"$G" --db "$DB" info >"$T/info2" || no "info"
dump "$DB" >"$T/dump2" || no "dump after"
check "info unchanged by the bad request" cmp -s "$T/info1" "$T/info2"
check "rows unchanged by the bad request" cmp -s "$T/dump1" "$T/dump2"
check "file unchanged by the bad request" cmp -s "$DB" "$T/copy.db"
check "info shows schema version 4" contains "$T/info1" '"schema_version":4'

# a file that is not a database
printf 'not a database at all, just some text\n' >"$T/notes.txt"
"$G" --db "$T/notes.txt" info >"$T/out" 2>"$T/err"; rc=$?
check "non-database file exits 1" [ "$rc" -eq 1 ]
check "non-database file says so" contains "$T/err" "is not a Genjin/SQLite database"

# demo: deterministic on two fresh files
"$G" --db "$T/d1.db" demo --customers 300 --seed 7 --now 2025-06-01 >"$T/demo1"; rc=$?
check "demo exits 0" [ "$rc" -eq 0 ]
"$G" --db "$T/d2.db" demo --customers 300 --seed 7 --now 2025-06-01 >"$T/demo2" || no "second demo"
check "demo reports 300 customers" contains "$T/demo1" '"customers":300'
check "demo responses identical" cmp -s "$T/demo1" "$T/demo2"
dump "$T/d1.db" >"$T/dd1" || no "dump d1"
dump "$T/d2.db" >"$T/dd2" || no "dump d2"
check "demo rows are byte-identical" cmp -s "$T/dd1" "$T/dd2"
check "demo dump is not empty" [ "$(wc -l <"$T/dd1")" -ge 11 ]
"$G" --db "$T/d1.db" info >"$T/i1"; "$G" --db "$T/d2.db" info >"$T/i2"
check "demo info identical" cmp -s "$T/i1" "$T/i2"
"$G" --db "$T/d3.db" demo --customers 300 --seed 8 --now 2025-06-01 >/dev/null || no "seed 8 demo"
dump "$T/d3.db" >"$T/dd3" || no "dump d3"
check "another seed gives other rows" eval '! cmp -s "$T/dd1" "$T/dd3"'
"$G" --db "$T/d4.db" demo --customers 0 >"$T/out"; rc=$?
check "demo with 0 customers fails" [ "$rc" -eq 1 ]
check "demo with 0 customers names customers" contains "$T/out" '"field":"customers"'
"$G" --db "$T/d4.db" demo --customers ten >/dev/null 2>&1; rc=$?
check "demo with a non-number exits 2" [ "$rc" -eq 2 ]
"$G" --db "$T/d4.db" demo --colour blue >/dev/null 2>&1; rc=$?
check "demo with an unknown option exits 2" [ "$rc" -eq 2 ]
"$G" --db "$T/d4.db" info >"$T/out" || no "info d4"
check "failed demos wrote nothing" contains "$T/out" '"customers":0'

finish
