#!/usr/bin/env bash
# Queues shared with the real Deno 2.9.6 through one SQLite file, both ways
# (see ../queue_interop_test.cc). Usage: run.sh <test_interop_queues binary>
set -euo pipefail
TEST_BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
PEERS="${OPENKV_PEERS:?set OPENKV_PEERS to the directory scripts/install-deps.sh --peers filled}"
DENO="$PEERS/deno/node_modules/@deno/linux-x64-glibc/deno"
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_DIR="$PEERS/deno_dir"

export OPENKV_INTEROP_DIR="$(mktemp -d)"
trap 'rm -rf "$OPENKV_INTEROP_DIR"' EXIT
deno_run() { timeout 60 "$DENO" run --unstable-kv --allow-read --allow-write "$@"; }
expect() {  # expect <what> <expected> <actual>
  if [[ "$2" != "$3" ]]; then
    echo "FAIL: $1: expected $2, got $3" >&2
    exit 1
  fi
}

echo "== Deno enqueues (one ready, one delayed); OpenKV delivers the ready one"
deno_run "$HERE/deno_enqueue.js" "$OPENKV_INTEROP_DIR/deno.sqlite"
"$TEST_BIN" --gtest_filter='QueueInterop.DeliversWhatDenoEnqueued'

echo "== OpenKV enqueues; Deno's listenQueue delivers it"
"$TEST_BIN" --gtest_filter='QueueInterop.EnqueuesForDeno'
got="$(deno_run "$HERE/deno_listen.js" "$OPENKV_INTEROP_DIR/openkv.sqlite")"
expect "message Deno received" '{"from":"openkv","n":"7n"}' "$got"
expect "queue rows left" 0 "$(sqlite3 "$OPENKV_INTEROP_DIR/openkv.sqlite" 'select count(*) from queue')"

echo "== OpenKV dead-letters a message; Deno reads the key"
"$TEST_BIN" --gtest_filter='QueueInterop.DeadLetters'
got="$(deno_run "$HERE/deno_get.js" "$OPENKV_INTEROP_DIR/dead.sqlite" '["dead","letter"]')"
expect "dead letter Deno read" '{"undeliverable":true}' "$got"
echo "queue interop: ok"
