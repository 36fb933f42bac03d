#!/usr/bin/env bash
# Fetches the pinned third-party sources into third_party/ (git-ignored).
# Nothing third-party is committed; every download is checked by sha256.
# A second run with everything in place does nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/third_party"
mkdir -p "$dest"

SQLITE_NPM=better-sqlite3@12.4.1            # ships SQLite 3.50.4
SQLITE_TGZ=better-sqlite3-12.4.1.tgz
SQLITE_SHA=14398acbf00d1e8fe0a2753df7d4f15c13138e4b874f4e6e96791f65b4536d0d

CJSON_VER=1.7.15-1+deb12u4
CJSON_ORIG=cjson_1.7.15.orig.tar.gz
CJSON_ORIG_SHA=5308fd4bd90cef7aa060558514de6a1a4a0819974a26e6ed13973c5f624c24b2
CJSON_DEB=cjson_1.7.15-1+deb12u4.debian.tar.xz
CJSON_DEB_SHA=afd19a970966cf534ff1e9ec077d710a5e7e78eb4ec9b499c8bdc32e55da12cb
CJSON_DSC=cjson_1.7.15-1+deb12u4.dsc
CJSON_DSC_SHA=764c2de141d680f4fb4cada30c526dacaa30ead061b9b9c34f2b81e2df0f8439

check_sha() { # file expected
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "$2" ]; then
    echo "fetch-deps: sha256 mismatch for $1: got $got, expected $2" >&2
    exit 1
  fi
}

if [ ! -f "$dest/sqlite/sqlite3.c" ]; then
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  echo "fetch-deps: $SQLITE_NPM (SQLite amalgamation)"
  (cd "$work" && npm pack --silent "$SQLITE_NPM" >/dev/null)
  check_sha "$work/$SQLITE_TGZ" "$SQLITE_SHA"
  tar -xzf "$work/$SQLITE_TGZ" -C "$work" package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h
  mkdir -p "$dest/sqlite"
  mv "$work/package/deps/sqlite3/sqlite3.c" "$work/package/deps/sqlite3/sqlite3.h" "$dest/sqlite/"
  rm -rf "$work"; trap - EXIT
fi

if [ ! -f "$dest/cjson/cJSON.c" ]; then
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  echo "fetch-deps: Debian source package cjson=$CJSON_VER"
  if ! (cd "$work" && apt-get source --download-only "cjson=$CJSON_VER" >/dev/null 2>&1); then
    echo "fetch-deps: 'apt-get source cjson=$CJSON_VER' failed; run scripts/bootstrap.sh (it adds the deb-src entry)" >&2
    exit 1
  fi
  check_sha "$work/$CJSON_ORIG" "$CJSON_ORIG_SHA"
  check_sha "$work/$CJSON_DEB" "$CJSON_DEB_SHA"
  check_sha "$work/$CJSON_DSC" "$CJSON_DSC_SHA"
  # dpkg-source applies Debian's security patches on top of upstream 1.7.15.
  (cd "$work" && dpkg-source --no-check -x "$CJSON_DSC" src >/dev/null)
  mkdir -p "$dest/cjson"
  cp "$work/src/cJSON.c" "$work/src/cJSON.h" "$dest/cjson/"
  rm -rf "$work"; trap - EXIT
fi

