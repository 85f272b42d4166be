#!/usr/bin/env bash
# Crash consistency (RELIABILITY.md): writers commit while a process is
# SIGKILLed at a random moment, then the database is reopened and checked by
# `crash_writer verify` (every acknowledged commit present, none half
# applied, counter exact, versionstamps increasing) and by SQLite's
# PRAGMA integrity_check. Half the kills hit a writer using the library in
# a child process, half hit `openkv serve` under a writer using its URL.
# Every process is started here, its PID recorded, and only that PID is
# signalled.
#   crash_test.sh <crash_writer> <openkv>
#   KILLS (default 24) kills in all; SEED makes the kill moments repeatable.
set -uo pipefail
WRITER="$1"
OPENKV="$2"
KILLS="${KILLS:-24}"
RANDOM="${SEED:-$$}"
DIR="$(mktemp -d)"
TOKEN="crash-test-token-0123456789"
WRITER_PID="" SERVER_PID=""
cleanup() {
  for pid in $WRITER_PID $SERVER_PID; do kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$DIR"
}
trap cleanup EXIT
echo "seed ${SEED:-$$}, $KILLS kills, in $DIR"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Sleeps 50..549 ms: long enough for commits to be in flight at the kill.
random_sleep() { sleep "0.$(printf '%03d' $((50 + RANDOM % 500)))"; }

kill_exactly() {  # PID_VARIABLE: SIGKILLs and reaps that one process
  local pid="${!1}"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  printf -v "$1" '%s' ""
}

# A round against the library: the writer process itself is killed.
library_round() {
  "$WRITER" write "$DIR/library.sqlite" "$DIR/library.acks" 3 2>>"$DIR/writer.log" &
  WRITER_PID=$!
  random_sleep
  kill_exactly WRITER_PID
}

# A round against the server: the server is killed under its writer, which
# is then stopped too (its commit in flight was never acknowledged).
server_round() {
  local port
  port="$(free_port)"
  "$OPENKV" serve --path "$DIR/server.sqlite" --addr "127.0.0.1:$port" --access-token "$TOKEN" \
    >>"$DIR/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.05
  done
  DENO_KV_ACCESS_TOKEN="$TOKEN" "$WRITER" write "http://127.0.0.1:$port" "$DIR/server.acks" 3 \
    2>>"$DIR/writer.log" &
  WRITER_PID=$!
  random_sleep
  kill_exactly SERVER_PID
  kill_exactly WRITER_PID
}

check_database() {  # NAME: the database and ack log $DIR/NAME.*
  local verdict integrity
  verdict="$("$WRITER" verify "$DIR/$1.sqlite" "$DIR/$1.acks")" || {
    echo "FAIL after kill $kills ($1):"; echo "$verdict"; return 1
  }
  integrity="$(sqlite3 "$DIR/$1.sqlite" 'PRAGMA integrity_check')"
  if [[ "$integrity" != ok ]]; then echo "FAIL integrity_check ($1): $integrity"; return 1; fi
  LAST_VERDICT="$verdict"
}

status=0
kills=0
while ((kills < KILLS)); do
  if ((kills % 2 == 0)); then name=library; library_round; else name=server; server_round; fi
  kills=$((kills + 1))
  check_database "$name" || { status=1; break; }
  if [[ "$name" == library ]]; then LIBRARY="$LAST_VERDICT"; else SERVER="$LAST_VERDICT"; fi
done

# "ok <commits> <acknowledged>" per target.
read -r _ lib_commits lib_acks <<<"${LIBRARY:-ok 0 0}"
read -r _ srv_commits srv_acks <<<"${SERVER:-ok 0 0}"
echo "$kills kills; library: $lib_commits commits, $lib_acks acknowledged; server:" \
  "$srv_commits commits, $srv_acks acknowledged; 0 lost"
if ((status == 0 && (lib_acks == 0 || srv_acks == 0))); then
  echo "FAIL no commit was acknowledged before a kill: the test proved nothing"; status=1
fi
[[ $status -eq 0 ]] && echo PASS
exit $status
