#!/usr/bin/env bash
# Remote queue consumers (the OpenKV queue extension of KV Connect,
# docs/kv-connect-queue-extension.md), against `openkv serve`:
#  1. messages @deno/kv enqueues over KV Connect reach `openkv listen --path
#     http://…` (Database::open("http://…")->listen_queue), the delayed one
#     stays queued;
#  2. a remote consumer killed with SIGKILL inside its handler has its
#     message redelivered to another remote consumer, once its lease ran out
#     and not before.
#   OPENKV_BIN=… HANGING_CONSUMER=… OPENKV_PEERS=/tmp/peers remote_queue.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WORK="$(mktemp -d)"
CONSUMER_PID=""
stop_consumer() {
  if [[ -n "$CONSUMER_PID" ]]; then
    kill -KILL "$CONSUMER_PID" 2>/dev/null || true
    wait "$CONSUMER_PID" 2>/dev/null || true
    CONSUMER_PID=""
  fi
}
trap 'stop_consumer; stop_server; rm -rf "$WORK"' EXIT
DB="$WORK/db.sqlite"
start_server "$DB" "$WORK/server.log"
status=0

# 1. @deno/kv enqueues, `openkv listen` over KV Connect receives.
check_node_enqueues_delivered "$SERVER_URL" "$DB"

# 2. SIGKILL a remote consumer mid-handler; another one gets the message.
"$OPENKV_BIN" enqueue --path "$SERVER_URL" '"survives a crash"' >/dev/null
"$HANGING_CONSUMER" "$SERVER_URL" >"$WORK/consumer.out" 2>"$WORK/consumer.err" &
CONSUMER_PID=$!
for _ in $(seq 300); do
  if grep -q '^received' "$WORK/consumer.out"; then break; fi
  sleep 0.1
done
if ! grep -q '^received {"type":"string","value":"survives a crash"}' "$WORK/consumer.out"; then
  echo "FAIL the first remote consumer did not receive the message"; cat "$WORK/consumer.err"
  exit 1
fi
sleep 3  # a keep-alive or two have run: the lease is alive, not just fresh
stop_consumer
killed_at=$(date +%s%N)
redelivered="$(timeout 30 "$OPENKV_BIN" listen --path "$SERVER_URL" --count 1 || true)"
elapsed_ms=$(( ($(date +%s%N) - killed_at) / 1000000 ))
if [[ "$redelivered" == '{"type":"string","value":"survives a crash"}' ]]; then
  echo "PASS the message of a SIGKILLed remote consumer is redelivered (${elapsed_ms} ms)"
else
  echo "FAIL redelivered: '$redelivered'"; status=1
fi
# The lease (5 s, renewed every 2 s) outlives the consumer by at least 3 s.
if (( elapsed_ms >= 2500 )); then
  echo "PASS not redelivered before the lease ran out"
else
  echo "FAIL redelivered after ${elapsed_ms} ms, while the lease still ran"; status=1
fi

if [[ $status -ne 0 ]]; then tail -30 "$WORK/server.log"; fi
exit $status
