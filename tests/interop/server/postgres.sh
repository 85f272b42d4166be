#!/usr/bin/env bash
# `openkv serve --path postgresql://…` against the real clients: the whole
# run.sh conformance comparison on a fresh PostgreSQL database, then two
# servers on one database driven by the real Deno client (two_servers.mjs:
# racing check-and-sets, concurrent sums, versionstamp order, cross-server
# watch). The server is OPENKV_TEST_PG_URL (scripts/pg-test-cluster.sh);
# without it the test is skipped (exit 77).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [[ -z "${OPENKV_TEST_PG_URL:-}" ]]; then
  echo "SKIP: OPENKV_TEST_PG_URL is not set (scripts/test.sh starts a PostgreSQL cluster)"
  exit 77
fi
PSQL="${PG_BIN:-/usr/lib/postgresql/15/bin}/psql"
WORK="$(mktemp -d)"
export DENO_DIR="$WORK/deno_dir"
DATABASES=()
SERVER_A="" SERVER_B=""
cleanup() {
  for pid in $SERVER_A $SERVER_B; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for db in "${DATABASES[@]}"; do
    "$PSQL" -q "$OPENKV_TEST_PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# new_database NAME: creates it and prints its URL.
new_database() {
  local db="openkv_interop_$$_$1"
  "$PSQL" -q "$OPENKV_TEST_PG_URL/postgres" -c "CREATE DATABASE $db"
  DATABASES+=("$db")
  echo "$OPENKV_TEST_PG_URL/$db"
}

status=0
url="$(new_database conformance)"
OPENKV_SERVE_PATH="$url" "$HERE/run.sh" || status=1

url="$(new_database two)"
start_server "$url" "$WORK/a.log"; SERVER_A=$SERVER_PID; URL_A=$SERVER_URL
start_server "$url" "$WORK/b.log"; SERVER_B=$SERVER_PID; URL_B=$SERVER_URL
SERVER_PID=""
echo "servers $SERVER_A at $URL_A and $SERVER_B at $URL_B on one database"
run_deno "$HERE/two_servers.mjs" "$URL_A" "$URL_B" || { status=1; tail -20 "$WORK/a.log" "$WORK/b.log"; }
exit $status
