#!/usr/bin/env bash
# Fetches the pinned third-party sources into third_party/ (git-ignored;
# GJ_THIRD_PARTY=DIR puts them elsewhere). Nothing third-party is
# committed; every download is checked by sha256.
#
# Each folder holds a stamp (.pin) naming what was fetched into it: a
# folder whose stamp is not the pin below is fetched again, so changing a
# pin reaches every machine. A run with every stamp current does nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="${GJ_THIRD_PARTY:-$root/third_party}"
mkdir -p "$dest"

# SQLite's amalgamation, from the better-sqlite3 npm package (the npm
# registry is reachable where the SQLite site may not be).
SQLITE_NPM=better-sqlite3@12.4.1            # ships SQLite 3.50.4
SQLITE_TGZ=better-sqlite3-12.4.1.tgz
SQLITE_SHA=14398acbf00d1e8fe0a2753df7d4f15c13138e4b874f4e6e96791f65b4536d0d

# cJSON, from Debian's source package: upstream 1.7.15 with Debian's
# security patches. The pin is the upstream tarball (.orig), whose sha256
# is the same in every Debian revision of 1.7.15; the revision is
# whichever the archive has now (apt checks its files against the signed
# archive index), so a point release that replaces one revision with the
# next does not break a fresh machine.
CJSON_UPSTREAM=1.7.15
CJSON_ORIG=cjson_1.7.15.orig.tar.gz
CJSON_ORIG_SHA=5308fd4bd90cef7aa060558514de6a1a4a0819974a26e6ed13973c5f624c24b2

check_sha() { # file expected
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    echo "fetch-deps: sha256 mismatch for $1: got $got, expected $2" >&2
    exit 1
  fi
}

# current NAME PIN: true when $dest/NAME was fetched for PIN.
current() { [ -f "$dest/$1/.pin" ] && [ "$(cat "$dest/$1/.pin")" = "$2" ]; }

# install NAME PIN DIR: DIR's files become $dest/NAME, stamped with PIN;
# the old folder goes only once the new one is complete.
install_dir() {
  echo "$2" > "$3/.pin"
  rm -rf "$dest/$1.old"
  if [ -e "$dest/$1" ]; then mv "$dest/$1" "$dest/$1.old"; fi
  mv "$3" "$dest/$1"
  rm -rf "$dest/$1.old"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sqlite_pin="$SQLITE_NPM sha256=$SQLITE_SHA"
if ! current sqlite "$sqlite_pin"; then
  echo "fetch-deps: $SQLITE_NPM (SQLite amalgamation)"
  mkdir "$work/sqlite" "$work/sqlite-out"
  (cd "$work/sqlite" && npm pack --silent "$SQLITE_NPM" >/dev/null)
  check_sha "$work/sqlite/$SQLITE_TGZ" "$SQLITE_SHA"
  tar -xzf "$work/sqlite/$SQLITE_TGZ" -C "$work/sqlite" package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h
  mv "$work/sqlite/package/deps/sqlite3/sqlite3.c" "$work/sqlite/package/deps/sqlite3/sqlite3.h" "$work/sqlite-out/"
  install_dir sqlite "$sqlite_pin" "$work/sqlite-out"
fi

cjson_pin="cjson $CJSON_UPSTREAM orig sha256=$CJSON_ORIG_SHA"
if ! current cjson "$cjson_pin"; then
  # The newest Debian revision of upstream 1.7.15 that apt knows.
  rev=$(apt-cache showsrc cjson 2>/dev/null | sed -n 's/^Version: //p' | grep -F "$CJSON_UPSTREAM-" |
    sort -V | tail -n 1 || true)
  if [ -z "$rev" ]; then
    echo "fetch-deps: apt knows no source package cjson $CJSON_UPSTREAM-*; run scripts/bootstrap.sh (it adds the deb-src entry and runs apt-get update)" >&2
    exit 1
  fi
  echo "fetch-deps: Debian source package cjson=$rev"
  mkdir "$work/cjson" "$work/cjson-out"
  if ! (cd "$work/cjson" && apt-get source --download-only "cjson=$rev" >/dev/null 2>&1); then
    echo "fetch-deps: 'apt-get source cjson=$rev' failed" >&2
    exit 1
  fi
  check_sha "$work/cjson/$CJSON_ORIG" "$CJSON_ORIG_SHA"
  # dpkg-source applies Debian's patches on top of the upstream tarball
  # (--no-check: the .dsc's signature is not needed, apt checked the files).
  (cd "$work/cjson" && dpkg-source --no-check -x cjson_*.dsc src >/dev/null)
  cp "$work/cjson/src/cJSON.c" "$work/cjson/src/cJSON.h" "$work/cjson-out/"
  echo "$rev" > "$work/cjson-out/.debian-revision"
  install_dir cjson "$cjson_pin" "$work/cjson-out"
fi
