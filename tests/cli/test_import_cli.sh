#!/bin/sh
# CLI tests of genjin import / export.
# Usage: sh tests/cli/test_import_cli.sh path/to/genjin tests/fixtures/import
set -u
G=${1:?usage: test_import_cli.sh path/to/genjin FIXTURE_DIR}
F=${2:?usage: test_import_cli.sh path/to/genjin FIXTURE_DIR}
NAME=test_import_cli
. "$(dirname "$0")/lib.sh"
total() { "$G" --db "$1" call "{\"op\":\"$2.list\",\"args\":{\"limit\":1}}" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'; }

DB="$T/a.db"
"$G" --db "$DB" import reps "$F/reps.csv" >"$T/out"; rc=$?
check "import reps exits 0" [ "$rc" -eq 0 ]
check "import prints counts" contains "$T/out" "import: 2 rows, 2 created"
"$G" --db "$DB" import customers "$F/excel_customers.csv" >"$T/out"; rc=$?
check "import Excel customers exits 0" [ "$rc" -eq 0 ]
check "report lists the mapping" contains "$T/out" "客户名称 -> name"
check "report lists ignored columns" contains "$T/out" "ignored: 备注"
check "3 customers" [ "$(total "$DB" customers)" = 3 ]

# one bad row: exit 1, the row named, nothing imported
"$G" --db "$DB" import followups "$F/followups_bad.csv" >"$T/out"; rc=$?
check "bad row exits 1" [ "$rc" -eq 1 ]
check "bad row is named" contains "$T/out" "row 3, column 跟进时间, value '2024/13/45'"
check "nothing imported" [ "$(total "$DB" followups)" = 0 ]

# a NUL byte in a cell: that row and column are named, the rows after it
# are still read, nothing is imported
printf 'name,phone\nAlice,1\000\nBob,2\nCarol,3\n' >"$T/nul.csv"
"$G" --db "$T/nul.db" import customers "$T/nul.csv" >"$T/out"; rc=$?
check "NUL byte exits 1" [ "$rc" -eq 1 ]
check "NUL byte row and column named" contains "$T/out" "row 1, column phone"
check "rows after the NUL are read" contains "$T/out" "import: 3 rows, 2 created"
check "NUL: nothing imported" [ "$(total "$T/nul.db" customers)" = 0 ]

# the summary reads the report itself: a column named "fatal" (or
# "error_count") is a column, not an error
printf 'name,fatal,error_count\nA,phone,3\n' >"$T/fatal.csv"
"$G" --db "$T/fatal.db" import customers "$T/fatal.csv" --map 'fatal=phone' >"$T/out"; rc=$?
check "column named fatal exits 0" [ "$rc" -eq 0 ]
check "column named fatal is no error" sh -c "! grep -q '^error:\|bad row' '$T/out'"
check "column named fatal is mapped" contains "$T/out" "fatal -> phone"

# dry run: report, nothing written; --json report
"$G" --db "$DB" import followups "$F/followups.csv" --dry-run --json >"$T/out"; rc=$?
check "dry run exits 0" [ "$rc" -eq 0 ]
check "dry run JSON report" contains "$T/out" '"created":4,"updated":0,"customers_created":0,"reps_created":0,"dry_run":true,"committed":false'
check "dry run writes nothing" [ "$(total "$DB" followups)" = 0 ]
"$G" --db "$DB" import followups "$F/followups.csv" >/dev/null && "$G" --db "$DB" import followups "$F/followups.csv" >"$T/out"
check "re-import updates" contains "$T/out" "4 rows, 0 created, 4 updated"
check "no duplicates" [ "$(total "$DB" followups)" = 4 ]

# --map and --create-missing-customers
printf 'who,when\nNEW9,2024-06-01\n' >"$T/m.csv"
"$G" --db "$DB" import followups "$T/m.csv" --map 'who=customer_ext_id,when=at' >"$T/out"; rc=$?
check "unknown customer fails" [ "$rc" -eq 1 ]
"$G" --db "$DB" import followups "$T/m.csv" --map 'who=customer_ext_id,when=at' --create-missing-customers >"$T/out"; rc=$?
check "--create-missing-customers" [ "$rc" -eq 0 ] && check "customer created" contains "$T/out" "1 customers created"
"$G" --db "$DB" import followups "$T/m.csv" --map 'who=nosuchfield' >"$T/out" 2>&1; rc=$?
check "bad --map exits 1" [ "$rc" -eq 1 ]
"$G" --db "$DB" import >/dev/null 2>&1; rc=$?
check "import without args exits 2" [ "$rc" -eq 2 ]

# export: BOM, quoting, formula guard, --out, filters
"$G" --db "$DB" export customers --out "$T/c.csv"; rc=$?
check "export exits 0" [ "$rc" -eq 0 ]
check "export starts with BOM and header" [ "$(head -c 12 "$T/c.csv" | od -An -tx1 | tr -d ' \n')" = "efbbbf69642c6578745f6964" ]
check "export quotes quotes" contains "$T/c.csv" '"上海""启明""贸易"'
check "export neutralises formulas" contains "$T/c.csv" "'=1+2"
"$G" --db "$DB" export customers --q 王五 >"$T/q.csv"
check "export filters with --q" [ "$(grep -c '^[0-9]' "$T/q.csv")" = 1 ]
"$G" --db "$DB" export customers --filter '{"tier":"A"}' >"$T/q.csv"
check "export filters with --filter" [ "$(grep -c '^[0-9]' "$T/q.csv")" = 1 ]

# round trip: exported CSVs import into a fresh database with the same rows
DB2="$T/b.db"
"$G" --db "$DB" export reps --out "$T/r.csv"
"$G" --db "$DB" export followups --out "$T/f.csv"
"$G" --db "$DB2" import reps "$T/r.csv" >/dev/null && "$G" --db "$DB2" import customers "$T/c.csv" >/dev/null &&
    "$G" --db "$DB2" import followups "$T/f.csv" >/dev/null; rc=$?
check "exported files import back" [ "$rc" -eq 0 ]
for e in reps customers followups; do
    "$G" --db "$DB" call "{\"op\":\"$e.list\",\"args\":{\"limit\":1000}}" >"$T/x1"
    "$G" --db "$DB2" call "{\"op\":\"$e.list\",\"args\":{\"limit\":1000}}" >"$T/x2"
    check "round trip of $e" cmp -s "$T/x1" "$T/x2"
done

# a first import into an empty database: owners that are not reps yet
DB3="$T/c.db"
"$G" --db "$DB3" import customers "$F/excel_customers.csv" >"$T/out"; rc=$?
check "unknown owners fail" [ "$rc" -eq 1 ]
check "  naming the column and value" contains "$T/out" "column 负责人, value '王芳'"
"$G" --db "$DB3" import customers "$F/excel_customers.csv" --create-missing-reps >"$T/out"; rc=$?
check "--create-missing-reps" [ "$rc" -eq 0 ] && check "  reports the reps" contains "$T/out" "2 reps created"
check "  the reps exist" [ "$(total "$DB3" reps)" = 2 ]
# the same ext_id twice in one file
printf '客户编号,客户名称\nD1,甲\nD2,乙\nD1,甲二\n' >"$T/d.csv"
"$G" --db "$DB3" import customers "$T/d.csv" >"$T/out"; rc=$?
check "a repeated ext_id is refused" [ "$rc" -eq 1 ]
check "  naming both rows" contains "$T/out" "row 3, column 客户编号, value 'D1': ext_id 'D1' is also on row 1"
"$G" --db "$DB3" import customers "$T/d.csv" --duplicates later >"$T/out"; rc=$?
check "--duplicates later" [ "$rc" -eq 0 ] && check "  counts the record once" contains "$T/out" "3 rows, 2 created, 0 updated"
"$G" --db "$DB3" call '{"op":"customers.list","args":{"filter":{"ext_id":"D1"}}}' >"$T/out"
check "  the later row wins" contains "$T/out" '"name":"甲二"'
"$G" --db "$DB3" import customers "$T/d.csv" --duplicates sometimes >"$T/out" 2>&1; rc=$?
check "bad --duplicates exits 1" [ "$rc" -eq 1 ]
# an export labelled in Chinese imports back into an empty database
"$G" --db "$DB3" export customers --labels zh-CN --out "$T/l.csv"; rc=$?
check "export --labels exits 0" [ "$rc" -eq 0 ]
check "  with the labels" contains "$T/l.csv" "客户编号,客户名称"
DB4="$T/d.db"
"$G" --db "$DB4" import customers "$T/l.csv" --create-missing-reps >"$T/out"; rc=$?
check "labelled export imports into an empty database" [ "$rc" -eq 0 ]
"$G" --db "$DB3" call '{"op":"customers.list","args":{"limit":1000}}' >"$T/x1"
"$G" --db "$DB4" call '{"op":"customers.list","args":{"limit":1000}}' >"$T/x2"
check "  the same customers" cmp -s "$T/x1" "$T/x2"

# JSON backup
"$G" --db "$DB" export --json --out "$T/all.json"; rc=$?
check "export --json exits 0" [ "$rc" -eq 0 ]
check "backup has settings" contains "$T/all.json" '"settings":{'
check "backup has follow-ups" contains "$T/all.json" '"followups":[{"id":1'
"$G" --db "$DB" export customers --labels fr --out "$T/bad.csv" 2>"$T/err"; rc=$?
check "a refused export exits non-zero" [ "$rc" -ne 0 ]
check "  naming the option" contains "$T/err" "labels"
check "  and leaves no file" [ ! -e "$T/bad.csv" ]

# The file round-trips through the sqlite3 shell (scripts/bootstrap.sh
# installs it): it checks, an edit made there reads back and imports again,
# and a .dump loaded into a new file is a database Genjin opens as is.
sqlite3 "$DB" 'PRAGMA integrity_check' >"$T/out" 2>&1
check "sqlite3 shell: integrity ok" [ "$(cat "$T/out")" = ok ]
sqlite3 "$DB" "INSERT INTO customers (name, created_at) VALUES ('SQL 编辑', 1700000000);
               UPDATE customers SET tier = 'B' WHERE ext_id = 'C001';"; rc=$?
check "sqlite3 shell edits the file" [ "$rc" -eq 0 ]
sqlite3 "$DB" "INSERT INTO customers (name, tier, created_at) VALUES ('x', 'Z', 0)" 2>"$T/err"; rc=$?
check "the shell meets the same CHECK rules" [ "$rc" -ne 0 ]
check "  naming the rule" contains "$T/err" "CHECK constraint failed"
"$G" --db "$DB" call '{"op":"customers.list","args":{"q":"SQL 编辑"}}' >"$T/out"
check "edited row is read back" contains "$T/out" '"total":1'
"$G" --db "$DB" call '{"op":"customers.list","args":{"filter":{"ext_id":"C001"}}}' >"$T/out"
check "edited tier is read back" contains "$T/out" '"tier":"B"'
"$G" --db "$DB" import customers "$F/excel_customers.csv" >"$T/out"; rc=$?
check "edited file imports again" [ "$rc" -eq 0 ]
n_before=$(total "$DB" followups)
sqlite3 "$DB" .dump | sqlite3 "$T/dumped.db"; rc=$?
check "a .dump loads into a new file" [ "$rc" -eq 0 ]
check "the dumped file has the same follow-ups" [ "$(total "$T/dumped.db" followups)" = "$n_before" ]
check "  and is not empty" [ "${n_before:-0}" -gt 0 ]

finish
