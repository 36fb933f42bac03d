#!/usr/bin/env bash
# The one command that sets up a fresh Debian 12 machine, builds Genjin and
# serves the app on http://127.0.0.1:8080 ("Load demo data" is on the page).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/bootstrap.sh"
bash "$root/scripts/build.sh"
exec node "$root/scripts/serve.mjs" --port "${PORT:-8080}"
