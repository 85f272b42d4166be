#!/usr/bin/env bash
# Durability across a server stop: Deno (h2c) and @deno/kv (HTTP/1.1) clients
# commit as fast as they can; the server is stopped mid-stream with SIGNAL
# (KILL by default; TERM tests the graceful shutdown, which must also exit 0
# after logging its stop), restarted on the same file, and every commit a
# client saw acknowledged must be there.   Usage: sigkill.sh [KILL|TERM]
set -euo pipefail
SIGNAL="${1:-KILL}"
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
kill "-$SIGNAL" "$SERVER_PID"
server_status=0
wait "$SERVER_PID" || server_status=$?
SERVER_PID=""
echo "server stopped with SIG$SIGNAL after $(cat "$WORK"/*.acks | wc -l) acknowledged commits"
if [[ "$SIGNAL" == TERM ]]; then
  if [[ $server_status -ne 0 ]] || ! grep -q "Stopped" "$WORK/server1.log"; then
    echo "FAIL graceful shutdown: exit status $server_status"; tail -5 "$WORK/server1.log"; exit 1
  fi
  echo "PASS SIGTERM: the server finished in-flight work and exited 0"
fi
for pid in "${WRITER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
WRITER_PIDS=()

start_server "$WORK/db.sqlite" "$WORK/server2.log"
run_deno --allow-read="$WORK" "$HERE/sigkill_client.mjs" verify "$SERVER_URL" "$WORK/deno.acks" "$WORK/node.acks"
stop_server
echo "PASS every acknowledged commit survived SIG$SIGNAL"
