#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, serve and test
# Genjin, then the npm dev dependencies from package-lock.json.
# Works as root, or as a normal user with sudo. Idempotent: a machine that
# already has everything only gets `npm ci` when node_modules is stale.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi

need=()
command -v cc >/dev/null        || need+=(build-essential)
command -v cmake >/dev/null     || need+=(cmake)
command -v emcc >/dev/null      || need+=(emscripten)
command -v node >/dev/null      || need+=(nodejs)
command -v npm >/dev/null       || need+=(npm)
# genjin sync export/import: encrypted files (PBKDF2 + AES-256-GCM)
[ -f /usr/include/openssl/evp.h ] || need+=(libssl-dev)
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
[ -f /usr/include/unicode/unorm2.h ] || need+=(libicu-dev)
command -v chromium >/dev/null  || need+=(chromium)
command -v dpkg-source >/dev/null || need+=(dpkg-dev)
command -v sqlite3 >/dev/null   || need+=(sqlite3)
command -v pdftotext >/dev/null || need+=(poppler-utils)
# The fuzz targets: clang with libFuzzer's runtime (scripts/fuzz.sh).
command -v clang-14 >/dev/null  || need+=(clang-14)
compgen -G '/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a' >/dev/null || need+=(libclang-rt-14-dev)
# The WebDAV servers the team sync tests start on 127.0.0.1: rclone, and
# Apache (only its binary and modules: no system service) for CORS.
command -v rclone >/dev/null    || need+=(rclone)
[ -x /usr/sbin/apache2 ]        || need+=(apache2-bin)
# Chinese text in the browser tests' screenshots and printed reports.
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
[ -f /usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt ] || need+=(ca-certificates)

# cJSON comes from Debian's source package: apt needs a deb-src entry.
src_list=/etc/apt/sources.list.d/genjin-src.sources
have_src=0
if grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then have_src=1; fi
if [ "$have_src" -eq 0 ]; then
  echo "bootstrap: adding deb-src entry $src_list"
  $SUDO tee "$src_list" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

# fetch-deps.sh asks apt for cjson's source: an index without it (a
# deb-src entry never updated) needs apt-get update too.
have_cjson_src=1
if ! apt-cache showsrc cjson 2>/dev/null | grep -q '^Version: 1\.7\.15-'; then have_cjson_src=0; fi

if [ ${#need[@]} -gt 0 ] || [ "$have_src" -eq 0 ] || [ "$have_cjson_src" -eq 0 ]; then
  echo "bootstrap: apt-get install ${need[*]:-(sources only)}"
  $SUDO apt-get update -qq
  if [ ${#need[@]} -gt 0 ]; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

# npm dev dependencies (playwright-core, sql.js): only when the lock changed.
cd "$root"
stamp=node_modules/.genjin-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund --silent
  echo "$want" > "$stamp"
fi
