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

# encrypted file (the page's .gjc format)
printf 'correct horse battery staple\n' >"$T/pass"
printf 'wrong passphrase here\n' >"$T/wrong"
TEAM=00112233445566778899aabbccddeeff
"$G" --db "$A" call "{\"op\":\"customers.update\",\"args\":{\"id\":$ID,\"name\":\"李四\"}}" >/dev/null
"$G" --db "$A" sync export --since 1 --out "$T/a.gje" --passphrase-file "$T/pass" 2>"$T/err"; rc=$?
check "an encrypted export needs its team" [ "$rc" -eq 1 ]
check "the team is asked for" contains "$T/err" "--team"
"$G" --db "$A" sync export --since 1 --out "$T/a.gje" --passphrase-file "$T/pass" --team $TEAM >"$T/out"; rc=$?
check "encrypted export exits 0" [ "$rc" -eq 0 ]
check "encrypted file starts GJCF" [ "$(head -c 4 "$T/a.gje")" = GJCF ]
check "its kind is export (3)" [ "$(od -An -tu1 -j5 -N1 "$T/a.gje" | tr -d ' ')" = 3 ]
check "the name is not readable in the file" sh -c "! grep -q '李四' '$T/a.gje'"
"$G" --db "$B" sync import "$T/a.gje" 2>"$T/err"; rc=$?
check "an encrypted file needs the passphrase" [ "$rc" -eq 1 ]
"$G" --db "$B" sync import "$T/a.gje" --passphrase-file "$T/wrong" 2>"$T/err"; rc=$?
check "wrong passphrase exits 1" [ "$rc" -eq 1 ]
check "wrong passphrase is said" contains "$T/err" "wrong passphrase"
check "nothing applied" [ "$(name_of "$B" "$ID")" = 张三 ]
"$G" --db "$B" sync import "$T/a.gje" --passphrase-file "$T/pass" --team ffeeddccbbaa99887766554433221100 2>"$T/err"; rc=$?
check "another team's file is refused" [ "$rc" -eq 1 ]
check "another team is said" contains "$T/err" "(sync_other_team)"
cp "$T/a.gje" "$T/flip.gje"
printf 'X' | dd of="$T/flip.gje" bs=1 seek=90 conv=notrunc 2>/dev/null
"$G" --db "$B" sync import "$T/flip.gje" --passphrase-file "$T/pass" 2>"$T/err"; rc=$?
check "a flipped byte is refused" [ "$rc" -eq 1 ]
check "a flipped byte is named" contains "$T/err" "flip.gje was changed after it was written"
head -c 90 "$T/a.gje" >"$T/cut.gje"
"$G" --db "$B" sync import "$T/cut.gje" --passphrase-file "$T/pass" 2>"$T/err"; rc=$?
check "a cut file is refused" [ "$rc" -eq 1 ]
check "a cut file is named" contains "$T/err" "cut.gje is cut short"
check "still nothing applied" [ "$(name_of "$B" "$ID")" = 张三 ]
"$G" --db "$B" sync import "$T/a.gje" --passphrase-file "$T/pass" >"$T/out"; rc=$?
check "the right passphrase applies it" [ "$rc" -eq 0 ]
check "the edit arrived" [ "$(name_of "$B" "$ID")" = 李四 ]
"$G" --db "$B" call "{\"op\":\"customers.update\",\"args\":{\"id\":$ID,\"name\":\"王五\"}}" >/dev/null
"$G" --db "$B" sync import "$T/a.gje" --passphrase-file "$T/pass" 2>"$T/err"; rc=$?
check "a replayed old file is refused" [ "$rc" -eq 1 ]
check "a replay is said" contains "$T/err" "(sync_replayed)"
check "the newer edit stays" [ "$(name_of "$B" "$ID")" = 王五 ]

# through a shared folder: changes/<device>/<seq>.gjc, team.json
F="$T/folder"
C="$T/c.db"
mkdir "$F"
"$G" --db "$A" sync --folder "$F" --passphrase-file "$T/pass" >"$T/out"; rc=$?
check "folder sync exits 0" [ "$rc" -eq 0 ]
check "the first device makes team.json" contains "$F/team.json" '"key_id":'
DA=$("$G" --db "$A" call '{"op":"sync.status"}' | sed -n 's/^{"ok":true,"data":{"device":"\([0-9a-f]*\)".*/\1/p')
check "its changes are one file named for the last" [ -f "$F/changes/$DA/2.gjc" ]
check "no temporary file is left" [ -z "$(find "$F" -name '*.tmp')" ]
check "the folder's file is sealed" [ "$(head -c 4 "$F/changes/$DA/2.gjc")" = GJCF ]
"$G" --db "$C" sync --folder "$F" --passphrase-file "$T/wrong" 2>"$T/err"; rc=$?
check "a wrong passphrase is refused at the folder" [ "$rc" -eq 1 ]
check "and said" contains "$T/err" "wrong passphrase"
printf 'half' >"$F/changes/$DA/9.gjc.0123456789ab.tmp"
"$G" --db "$C" sync --folder "$F" --passphrase-file "$T/pass" >"$T/out"; rc=$?
check "a new teammate syncs" [ "$rc" -eq 0 ]
check "and has the latest name" [ "$(name_of "$C" "$ID")" = 李四 ]
"$G" --db "$C" call "{\"op\":\"customers.update\",\"args\":{\"id\":$ID,\"phone\":\"13800000000\"}}" >/dev/null
"$G" --db "$C" sync --folder "$F" --passphrase-file "$T/pass" >/dev/null
"$G" --db "$A" sync --folder "$F" --passphrase-file "$T/pass" >"$T/out"; rc=$?
check "the first device pulls the teammate's edit" [ "$rc" -eq 0 ]
"$G" --db "$A" call "{\"op\":\"customers.get\",\"args\":{\"id\":$ID}}" >"$T/got"
check "the phone arrived" contains "$T/got" '"phone":"13800000000"'
DC=$("$G" --db "$C" call '{"op":"sync.status"}' | sed -n 's/^{"ok":true,"data":{"device":"\([0-9a-f]*\)".*/\1/p')
# a damaged, a cut and a misplaced file in the folder: refused, named, nothing applied
"$G" --db "$C" call "{\"op\":\"customers.update\",\"args\":{\"id\":$ID,\"name\":\"赵六\"}}" >/dev/null
"$G" --db "$C" sync --folder "$F" --passphrase-file "$T/pass" >/dev/null
LAST=$(ls "$F/changes/$DC" | sed -n 's/^\([0-9]*\)\.gjc$/\1/p' | sort -n | tail -1)
cp "$F/changes/$DC/$LAST.gjc" "$T/keep.gjc"
printf 'X' | dd of="$F/changes/$DC/$LAST.gjc" bs=1 seek=100 conv=notrunc 2>/dev/null
"$G" --db "$A" sync --folder "$F" --passphrase-file "$T/pass" 2>"$T/err" >/dev/null; rc=$?
check "a damaged folder file makes the sync say so" [ "$rc" -eq 1 ]
check "the file is named" contains "$T/err" "$DC/$LAST.gjc was changed after it was written"
check "nothing of it applied" [ "$(name_of "$A" "$ID")" = 李四 ]
head -c 80 "$T/keep.gjc" >"$F/changes/$DC/$LAST.gjc"
"$G" --db "$A" sync --folder "$F" --passphrase-file "$T/pass" 2>"$T/err" >/dev/null
check "a cut folder file is named" contains "$T/err" "$DC/$LAST.gjc is cut short"
cp "$T/keep.gjc" "$F/changes/$DC/$((LAST + 1)).gjc"
rm "$F/changes/$DC/$LAST.gjc"
"$G" --db "$A" sync --folder "$F" --passphrase-file "$T/pass" 2>"$T/err" >/dev/null
check "a file under another name is refused" contains "$T/err" "(sync_misplaced)"
check "still not applied" [ "$(name_of "$A" "$ID")" = 李四 ]
rm "$F/changes/$DC/$((LAST + 1)).gjc"
cp "$T/keep.gjc" "$F/changes/$DC/$LAST.gjc"
"$G" --db "$A" sync --folder "$F" --passphrase-file "$T/pass" >/dev/null; rc=$?
check "the sound file then applies" [ "$rc" -eq 0 ]
check "and the edit arrived" [ "$(name_of "$A" "$ID")" = 赵六 ]
# a snapshot a new teammate starts from
"$G" --db "$A" sync --folder "$F" --passphrase-file "$T/pass" --snapshot >/dev/null; rc=$?
SA=$("$G" --db "$A" call '{"op":"sync.status"}' | sed -n 's/.*"seq":\([0-9]*\),"hlc".*/\1/p' | head -1)
check "a snapshot is written" [ "$rc" -eq 0 ] && [ -f "$F/snapshots/$DA-$SA.sqlite.gjc" ]
check "the snapshot is sealed" [ "$(head -c 4 "$F/snapshots/$DA-$SA.sqlite.gjc")" = GJCF ]
"$G" --db "$A" call '{"op":"customers.create","args":{"name":"快照之后"}}' >"$T/c2"
ID2=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$T/c2")
"$G" --db "$A" sync --folder "$F" --passphrase-file "$T/pass" >/dev/null
"$G" --db "$A" sync --folder "$F" --passphrase-file "$T/pass" --join 2>"$T/err"; rc=$?
check "--join refuses an existing database" [ "$rc" -eq 2 ]
check "and says so" contains "$T/err" "exists already"
J="$T/j.db"
"$G" --db "$J" sync --folder "$F" --passphrase-file "$T/pass" --join >"$T/out" 2>"$T/err"; rc=$?
check "a new teammate joins from the snapshot" [ "$rc" -eq 0 ]
check "the snapshot is named" contains "$T/err" "started from $F/snapshots/$DA-$SA.sqlite.gjc"
check "it has the snapshot's data" [ "$(name_of "$J" "$ID")" = 赵六 ]
check "and the change made after it" [ "$(name_of "$J" "$ID2")" = 快照之后 ]
check "only that change was applied" contains "$T/out" '"applied":1,'
DJ=$("$G" --db "$J" call '{"op":"sync.status"}' | sed -n 's/^{"ok":true,"data":{"device":"\([0-9a-f]*\)".*/\1/p')
check "with a device id of its own" [ -n "$DJ" ] && [ "$DJ" != "$DA" ]
rm -f "$T/j2.db"
printf 'X' | dd of="$F/snapshots/$DA-$SA.sqlite.gjc" bs=1 seek=200 conv=notrunc 2>/dev/null
"$G" --db "$T/j2.db" sync --folder "$F" --passphrase-file "$T/pass" --join 2>"$T/err"; rc=$?
check "a damaged snapshot is refused" [ "$rc" -eq 1 ]
check "named" contains "$T/err" "was changed after it was written"
check "and no database is left" [ ! -e "$T/j2.db" ]

# a plaintext file that is damaged is refused by the core
printf 'GJC1\000\000\000\077' >"$T/bad.gjc"
"$G" --db "$B" sync import "$T/bad.gjc" 2>"$T/err"; rc=$?
check "a damaged file exits 1" [ "$rc" -eq 1 ]
check "the reason is named" contains "$T/err" '"reason":"bad_sync_file"'
finish
