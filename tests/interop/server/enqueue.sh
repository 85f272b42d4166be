#!/usr/bin/env bash
# Enqueues sent over KV Connect are stored and delivered: @deno/kv on Node
# enqueues through `openkv serve`, and an OpenKV listener on the same file
# (another process, as `openkv listen`) receives the ready messages, while the
# delayed one waits in the queue table.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
DB="$WORK/db.sqlite"
start_server "$DB" "$WORK/server.log"

status=0
sent="$(run_node "$HERE/node_enqueue.mjs" "$SERVER_URL")"
if [[ "$sent" != '{"ready":true,"delayed":true,"conditional":true}' ]]; then
  echo "FAIL @deno/kv enqueue over KV Connect: $sent"; status=1
fi

# The two ready messages (the plain one and the one behind a check) are
# delivered, in either order, by a listener in another process.
delivered="$(timeout 30 "$OPENKV_BIN" listen --path "$DB" --count 2 | sort)"
expected="$(printf '%s\n' \
  '{"type":"object","value":{"from":{"type":"string","value":"node"},"n":{"type":"number","value":1}}}' \
  '{"type":"string","value":"behind a check"}' | sort)"
if [[ "$delivered" == "$expected" ]]; then
  echo "PASS messages enqueued by @deno/kv over KV Connect are delivered"
else
  echo "FAIL delivered:"; echo "$delivered"; status=1
fi
stop_server
waiting="$(sqlite3 "$DB" "select count(*) from queue where ts > strftime('%s','now') * 1000")"
if [[ "$waiting" == 1 ]]; then
  echo "PASS the delayed message waits in the queue"
else
  echo "FAIL expected 1 delayed message, found $waiting"; status=1
fi
exit $status
