#!/bin/sh
# CLI tests of genjin sync export / sync import (docs/sync.md).
# Usage: sh tests/cli/test_sync_cli.sh path/to/genjin
set -u
G=${1:?usage: test_sync_cli.sh path/to/genjin}
NAME=test_sync_cli
. "$(dirname "$0")/lib.sh"
name_of() { "$G" --db "$1" call "{\"op\":\"customers.get\",\"args\":{\"id\":$2}}" | sed -n 's/.*"name":"\([^"]*\)".*/\1/p'; }

A="$T/a.db"
B="$T/b.db"
"$G" --db "$A" call '{"op":"sync.enable"}' >/dev/null
"$G" --db "$A" call '{"op":"customers.create","args":{"name":"张三"}}' >"$T/c"
ID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$T/c")
check "a synced database makes a per-device id" [ "${ID:-0}" -gt 268435456 ]

# plaintext file
"$G" --db "$A" sync export --out "$T/a.gjc" >"$T/out"; rc=$?
check "export exits 0" [ "$rc" -eq 0 ]
check "export says how many" contains "$T/out" '"count":1'
check "plaintext file starts GJC1" [ "$(head -c 4 "$T/a.gjc")" = GJC1 ]
"$G" --db "$B" sync import "$T/a.gjc" >"$T/out"; rc=$?
check "import exits 0" [ "$rc" -eq 0 ]
check "the customer arrived" [ "$(name_of "$B" "$ID")" = 张三 ]
"$G" --db "$B" sync import "$T/a.gjc" >"$T/out"
check "a second import is a duplicate" contains "$T/out" '"applied":[],"duplicate":[{'

# encrypted file (the page's envelope)
printf 'correct horse battery staple\n' >"$T/pass"
printf 'wrong\n' >"$T/wrong"
"$G" --db "$A" call "{\"op\":\"customers.update\",\"args\":{\"id\":$ID,\"name\":\"李四\"}}" >/dev/null
"$G" --db "$A" sync export --since 1 --out "$T/a.gje" --passphrase-file "$T/pass" >"$T/out"; rc=$?
check "encrypted export exits 0" [ "$rc" -eq 0 ]
check "encrypted file starts GJE1" [ "$(head -c 4 "$T/a.gje")" = GJE1 ]
check "the name is not readable in the file" sh -c "! grep -q '李四' '$T/a.gje'"
"$G" --db "$B" sync import "$T/a.gje" 2>"$T/err"; rc=$?
check "an encrypted file needs the passphrase" [ "$rc" -eq 1 ]
"$G" --db "$B" sync import "$T/a.gje" --passphrase-file "$T/wrong" 2>"$T/err"; rc=$?
check "wrong passphrase exits 1" [ "$rc" -eq 1 ]
check "wrong passphrase is said" contains "$T/err" "wrong passphrase"
check "nothing applied" [ "$(name_of "$B" "$ID")" = 张三 ]
# a flipped byte and a cut file are refused the same way
cp "$T/a.gje" "$T/flip.gje"
printf 'X' | dd of="$T/flip.gje" bs=1 seek=60 conv=notrunc 2>/dev/null
"$G" --db "$B" sync import "$T/flip.gje" --passphrase-file "$T/pass" 2>"$T/err"; rc=$?
check "a flipped byte is refused" [ "$rc" -eq 1 ]
head -c 70 "$T/a.gje" >"$T/cut.gje"
"$G" --db "$B" sync import "$T/cut.gje" --passphrase-file "$T/pass" 2>"$T/err"; rc=$?
check "a cut file is refused" [ "$rc" -eq 1 ]
check "still nothing applied" [ "$(name_of "$B" "$ID")" = 张三 ]
"$G" --db "$B" sync import "$T/a.gje" --passphrase-file "$T/pass" >"$T/out"; rc=$?
check "the right passphrase applies it" [ "$rc" -eq 0 ]
check "the edit arrived" [ "$(name_of "$B" "$ID")" = 李四 ]
# a plaintext file that is damaged is refused by the core
printf 'GJC1\000\000\000\077' >"$T/bad.gjc"
"$G" --db "$B" sync import "$T/bad.gjc" 2>"$T/err"; rc=$?
check "a damaged file exits 1" [ "$rc" -eq 1 ]
check "the reason is named" contains "$T/err" '"reason":"bad_sync_file"'
finish
