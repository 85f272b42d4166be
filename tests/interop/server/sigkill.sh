#!/usr/bin/env bash
# SIGKILL durability: Deno (h2c) and @deno/kv (HTTP/1.1) clients commit as
# fast as they can; the server is killed with SIGKILL mid-stream, restarted
# on the same file, and every commit a client saw acknowledged must be there.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WORK="$(mktemp -d)"
export DENO_DIR="$WORK/deno_dir"
WRITER_PIDS=()
cleanup() {
  for pid in "${WRITER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT

start_server "$WORK/db.sqlite" "$WORK/server1.log"
DENO_TIMEOUT=8 run_deno "$HERE/sigkill_client.mjs" write "$SERVER_URL" deno >"$WORK/deno.acks" 2>/dev/null &
WRITER_PIDS+=($!)
NODE_TIMEOUT=8 run_node "$HERE/sigkill_client.mjs" write "$SERVER_URL" node >"$WORK/node.acks" 2>/dev/null &
WRITER_PIDS+=($!)
sleep 2.5
stop_server KILL
echo "server killed with SIGKILL after $(cat "$WORK"/*.acks | wc -l) acknowledged commits"
for pid in "${WRITER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
WRITER_PIDS=()

start_server "$WORK/db.sqlite" "$WORK/server2.log"
run_deno --allow-read="$WORK" "$HERE/sigkill_client.mjs" verify "$SERVER_URL" "$WORK/deno.acks" "$WORK/node.acks"
stop_server
echo "PASS every acknowledged commit survived SIGKILL"
