#!/usr/bin/env bash
# `openkv enqueue` and `openkv listen`, run as a user would.
# Usage: queue_test.sh <openkv binary>
set -euo pipefail
OPENKV="$1"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/q.sqlite"
fail() { echo "FAIL: $*" >&2; exit 1; }

# enqueue prints the versionstamp; listen --count 1 prints the message.
vs="$("$OPENKV" enqueue --path "$DB" '{"task":"email","to":"alice"}')"
[[ "$vs" =~ ^[0-9a-f]{20}$ ]] || fail "enqueue printed '$vs'"
out="$(timeout 10 "$OPENKV" listen --path "$DB" --count 1)"
[[ "$out" == '{"type":"object","value":{"task":{"type":"string","value":"email"},"to":{"type":"string","value":"alice"}}}' ]] \
  || fail "listen printed '$out'"

# Delayed messages wait; --count 2 prints both in order of readiness.
"$OPENKV" enqueue --path "$DB" '"second"' --delay 300 >/dev/null
"$OPENKV" enqueue --path "$DB" '"first"' >/dev/null
out="$(timeout 10 "$OPENKV" listen --path "$DB" --count 2)"
[[ "$out" == $'{"type":"string","value":"first"}\n{"type":"string","value":"second"}' ]] \
  || fail "listen --count 2 printed '$out'"

# SIGINT ends a listen that is waiting, with exit code 0.
timeout 10 "$OPENKV" listen --path "$DB" >"$DIR/out" &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid" || fail "listen exited with $? after SIGINT"
[[ ! -s "$DIR/out" ]] || fail "listen printed '$(cat "$DIR/out")' with an empty queue"

# Options: --keys-if-undelivered and --backoff reach the queue row.
"$OPENKV" enqueue --path "$DB" '1' --backoff 5,10 --keys-if-undelivered '["dl","a"]' --keys-if-undelivered '["dl","b"]' \
  --delay 3600000 >/dev/null
row="$(sqlite3 "$DB" 'select backoff_schedule, keys_if_undelivered from queue')"
[[ "$row" == '[5,10]|[[2,100,108,0,2,97,0],[2,100,108,0,2,98,0]]' ]] || fail "queue row '$row'"

# Usage errors exit 2; library validation errors exit 1.
set +e
"$OPENKV" enqueue --path "$DB" '1' --backoff 5,x 2>/dev/null; [[ $? == 2 ]] || fail "bad --backoff"
"$OPENKV" enqueue --path "$DB" '1' --backoff 1,2,3,4,5,6 2>/dev/null; [[ $? == 1 ]] || fail "6 intervals"
"$OPENKV" listen --path "$DB" --count 0 2>/dev/null; [[ $? == 2 ]] || fail "--count 0"
set -e
echo "cli queue: ok"
