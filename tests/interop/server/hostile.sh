#!/usr/bin/env bash
# Hostile and careless clients against `openkv serve` (hostile_clients.py):
# bad and oversized tokens, header floods, endless and oversized bodies,
# malformed protobuf, slowloris, thousands of idle connections, HTTP/2 rapid
# reset (CVE-2023-44487), CONTINUATION floods, zero-window stalls, abandoned
# watches. A well-behaved client must be served throughout, the server must
# survive with bounded memory and file descriptors, and its log (at debug
# level: every request) must never contain the token.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
WORK="$(mktemp -d)"
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT

# The server starts under the usual soft limit of 1024 descriptors: it must
# raise its own to serve thousands of connections, as a server must.
ulimit -Sn 1024
start_server "$WORK/db.sqlite" "$WORK/server.log" --log-level debug
port="${SERVER_URL##*:}"
status=0
# The attacker holds thousands of sockets itself.
bash -c 'ulimit -Sn "$(ulimit -Hn)"; exec /usr/bin/python3 "$@"' attacker \
  "$HERE/hostile_clients.py" "$port" "$TOKEN" "$SERVER_PID" || status=1
if grep -q -F "$TOKEN" "$WORK/server.log"; then
  echo "FAIL the server's log contains the access token"; status=1
else
  echo "PASS the server's log ($(wc -l <"$WORK/server.log") lines) never contains the access token"
fi
[[ $status == 0 ]] || tail -n 20 "$WORK/server.log"
exit $status
