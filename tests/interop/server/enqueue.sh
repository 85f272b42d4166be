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
check_node_enqueues_delivered "$DB" "$DB"
exit $status
