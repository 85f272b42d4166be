#!/usr/bin/env bash
# Sets up (dependencies), builds the openkv binary and serves a database from
# an embedded SQLite file over KV Connect.
#   OPENKV_DB            database file (default: ./openkv.sqlite)
#   OPENKV_ADDR          listen address (default: 127.0.0.1:4512)
#   OPENKV_ACCESS_TOKEN  bearer token clients must send (default: a random one, printed)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${OPENKV_BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/install-deps.sh"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$BUILD" openkv_cli

if [[ -z "${OPENKV_ACCESS_TOKEN:-}" ]]; then
  OPENKV_ACCESS_TOKEN="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  echo "access token: $OPENKV_ACCESS_TOKEN"
fi
export OPENKV_ACCESS_TOKEN
exec "$BUILD/bin/openkv" serve --path "${OPENKV_DB:-./openkv.sqlite}" --addr "${OPENKV_ADDR:-127.0.0.1:4512}"
