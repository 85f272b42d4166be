#!/usr/bin/env bash
# `openkv serve --path <standby> --primary <primary>` against the real
# clients (docs/DISTRIBUTED.md §Replicas): the whole run.sh conformance
# comparison (Deno sends everything to the strong endpoint, so the standby
# must serve strong reads correctly), then replica_node.mjs (@deno/kv's
# eventual reads and watches go to the eventual endpoint and are served by
# the standby). The primary is OPENKV_TEST_PG_URL; the test makes its own
# hot standby of it (pausing replay must not disturb other tests) and stops
# exactly that one. Skipped (exit 77) without OPENKV_TEST_PG_URL.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_pg
WORK="$(mktemp -d)"
STANDBY_DIR="$(mktemp -d /tmp/openkv-replica-XXXXXX)"
export DENO_DIR="$WORK/deno_dir"
cleanup() {
  stop_server
  "$ROOT/scripts/pg-test-cluster.sh" stop "$STANDBY_DIR" || true
  pg_drop_databases
  rm -rf "$WORK"
}
trap cleanup EXIT

# on_standby DB: waits until the standby has replayed DB's creation.
on_standby() {
  for _ in $(seq 300); do
    if "$PSQL" -qAt "$STANDBY/$1" -c "SELECT 1" >/dev/null 2>&1; then return 0; fi
    sleep 0.05
  done
  echo "the standby never got database $1" >&2
  return 1
}

STANDBY="$("$ROOT/scripts/pg-test-cluster.sh" standby "$STANDBY_DIR" "$OPENKV_TEST_PG_URL/postgres")"
echo "hot standby of $OPENKV_TEST_PG_URL at $STANDBY"

status=0
db="$(pg_new_database conformance)"; on_standby "$db"
OPENKV_SERVE_PATH="$STANDBY/$db" OPENKV_SERVE_FLAGS="--primary $OPENKV_TEST_PG_URL/$db" \
  "$HERE/run.sh" || status=1

db="$(pg_new_database node)"; on_standby "$db"
start_server "$STANDBY/$db" "$WORK/server.log" --primary "$OPENKV_TEST_PG_URL/$db"
run_node "$HERE/replica_node.mjs" "$SERVER_URL" "$TOKEN" "$PSQL" "$STANDBY/postgres" ||
  { status=1; tail -20 "$WORK/server.log"; }

# The C++ client (the CLI on the server's URL) and the library on the
# standby itself: with replay paused, `--eventual` reads show the standby's
# older state, plain reads the write.
cli_get() { DENO_KV_ACCESS_TOKEN="$TOKEN" timeout 30 "$OPENKV_BIN" get "$@" '["cli"]' 2>&1 || true; }
DENO_KV_ACCESS_TOKEN="$TOKEN" "$OPENKV_BIN" set --path "$SERVER_URL" '["cli"]' '"one"' >/dev/null
cli_get --path "$SERVER_URL" >/dev/null  # the standby has caught up
"$PSQL" -qAt "$STANDBY/postgres" -c "SELECT pg_wal_replay_pause()" >/dev/null
DENO_KV_ACCESS_TOKEN="$TOKEN" "$OPENKV_BIN" set --path "$SERVER_URL" '["cli"]' '"two"' >/dev/null
remote_eventual="$(cli_get --path "$SERVER_URL" --eventual)"
local_eventual="$(cli_get --path "$STANDBY/$db" --primary "$OPENKV_TEST_PG_URL/$db" --eventual)"
"$PSQL" -qAt "$STANDBY/postgres" -c "SELECT pg_wal_replay_resume()" >/dev/null
strong="$(cli_get --path "$SERVER_URL")"
if [[ "$remote_eventual" == *'"one"'* && "$local_eventual" == *'"one"'* && "$strong" == *'"two"'* ]]; then
  echo "PASS openkv get --eventual reads the paused standby (through the server and directly), a plain get the write"
else
  echo "FAIL eventual through the server: $remote_eventual; on the standby: $local_eventual; strong: $strong"
  status=1
fi
exit $status
