#!/usr/bin/env bash
# `openkv watch` run as a user would: the current state at once, then one
# line per change made by another process (`openkv set`), --count, --json,
# SIGINT/SIGTERM, and the synchronous key checks. Every watcher started here
# is a recorded PID, and only that PID is ever signalled.
# Usage: watch_test.sh <openkv binary>
set -uo pipefail
OPENKV="$1"
DIR="$(mktemp -d)"
WATCH_PID=""
trap '[[ -n "$WATCH_PID" ]] && kill "$WATCH_PID" 2>/dev/null; rm -rf "$DIR"' EXIT
DB="$DIR/db.sqlite"

source "$(dirname "$0")/lib.sh"
# start_watch OUT ARGS...: runs `openkv watch` in the background (WATCH_PID)
# and returns once it printed its first state.
start_watch() {
  local out="$1"
  shift
  "$OPENKV" watch --path "$DB" "$@" >"$out" 2>"$DIR/watch.err" &
  WATCH_PID=$!
  for _ in $(seq 100); do
    [[ -s "$out" ]] && return 0
    sleep 0.05
  done
  echo "watch printed nothing: $(cat "$DIR/watch.err")" >&2
}
# wait_watch SECONDS: waits for WATCH_PID to exit; sets WATCH_CODE (124 if
# it was still running, after which it is killed).
wait_watch() {
  for _ in $(seq $(($1 * 20))); do
    if ! kill -0 "$WATCH_PID" 2>/dev/null; then
      wait "$WATCH_PID"
      WATCH_CODE=$?
      WATCH_PID=""
      return
    fi
    sleep 0.05
  done
  kill "$WATCH_PID"
  wait "$WATCH_PID" 2>/dev/null
  WATCH_CODE=124
  WATCH_PID=""
}

"$OPENKV" set --path "$DB" '["seed"]' '0' >/dev/null

# --count 2 --json: the current state (both keys missing), then the state
# after another process's commit, as one JSON array per line.
start_watch "$DIR/json.out" '["w"]' '["x",1]' --count 2 --json
VS="$("$OPENKV" set --path "$DB" '["w"]' '"hello"')"
wait_watch 5
check "watch --count 2 exits 0 by itself" 0 "$WATCH_CODE"
check "two lines" 2 "$(wc -l <"$DIR/json.out")"
W_MISSING='{"key":[{"type":"string","value":"w"}],"value":null,"versionstamp":null}'
X_MISSING='{"key":[{"type":"string","value":"x"},{"type":"number","value":1}],"value":null,"versionstamp":null}'
check "first line: the current state of every key" "[$W_MISSING,$X_MISSING]" "$(sed -n 1p "$DIR/json.out")"
check "second line: the change" \
  "[{\"key\":[{\"type\":\"string\",\"value\":\"w\"}],\"value\":{\"type\":\"string\",\"value\":\"hello\"},\"versionstamp\":\"$VS\"},$X_MISSING]" \
  "$(sed -n 2p "$DIR/json.out")"

# Human form: one line per state, the keys' entries side by side. Writes to
# other keys print nothing; SIGTERM and SIGINT end the watch with code 0.
for signal in TERM INT; do
  start_watch "$DIR/human.out" '["w"]' '["x",1]'
  "$OPENKV" set --path "$DB" '["unrelated"]' '1' >/dev/null
  "$OPENKV" delete --path "$DB" '["w"]' >/dev/null
  for _ in $(seq 60); do [[ "$(wc -l <"$DIR/human.out")" -ge 2 ]] && break; sleep 0.05; done
  sleep 0.7  # past one version poll: nothing more may come
  kill "-$signal" "$WATCH_PID"
  wait_watch 3
  check "SIG$signal ends the watch with code 0" 0 "$WATCH_CODE"
  check "SIG$signal: human lines" \
    "[\"w\"]  \"hello\"  $VS  |  [\"x\", 1]  (not found)
[\"w\"]  (not found)  |  [\"x\", 1]  (not found)" "$(cat "$DIR/human.out")"
  "$OPENKV" set --path "$DB" '["w"]' '"hello"' >/dev/null
  VS="$("$OPENKV" get --path "$DB" '["w"]' --json | sed -E 's/.*"versionstamp":"([0-9a-f]+)".*/\1/')"
done

# The checks Deno makes synchronously, and usage errors.
ELEVEN=()
for i in $(seq 11); do ELEVEN+=("[\"k\",$i]"); done
ERR="$("$OPENKV" watch --path "$DB" "${ELEVEN[@]}" --count 1 2>&1 >/dev/null)"
check "11 keys exit 1" 1 "$?"
check "11 keys message" "error: Too many keys (max 10)" "$ERR"
"$OPENKV" watch --path "$DB" 'not json' --count 1 >/dev/null 2>&1
check "bad key notation exits 2" 2 "$?"
"$OPENKV" watch --path "$DB" --count 1 >/dev/null 2>&1
check "no key is a usage error" 2 "$?"
"$OPENKV" watch --path "$DB" '["w"]' --count 0 >/dev/null 2>&1
check "--count 0 is a usage error" 2 "$?"

finish
