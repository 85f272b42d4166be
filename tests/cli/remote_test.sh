#!/usr/bin/env bash
# The CLI against a KV Connect server (--path http://…): set / get / list
# through the remote backend, the token taken from DENO_KV_ACCESS_TOKEN, and
# a clear error for a wrong token. The server runs on a free 127.0.0.1 port;
# only its recorded PID is ever signalled.
# Usage: remote_test.sh <openkv binary>
set -uo pipefail
OPENKV="$1"
DIR="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$DIR"
}
trap cleanup EXIT
passed=0
failed=0

check() {  # description, expected, actual
  if [[ "$2" == "$3" ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL: %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
  fi
}
run() {  # runs openkv, captures stdout, stderr and the exit code
  OUT="$("$OPENKV" "$@" 2>"$DIR/stderr")"
  CODE=$?
  ERR="$(cat "$DIR/stderr")"
}

TOKEN="cli-remote-token-0123"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$OPENKV" serve --path "$DIR/served.sqlite3" --addr "127.0.0.1:$PORT" --access-token "$TOKEN" \
  >"$DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.05
done
URL="http://127.0.0.1:$PORT"
export DENO_KV_ACCESS_TOKEN="$TOKEN"

run set --path "$URL" '["users","alice"]' '{"name":"Alice"}'
check "remote set exits 0" 0 "$CODE"
check "remote set prints a versionstamp" 1 "$([[ "$OUT" =~ ^[0-9a-f]{20}$ ]] && echo 1)"
run set --path "$URL" '["users","bob"]' '"Bob"'
check "second remote set exits 0" 0 "$CODE"

run get --path "$URL" '["users","alice"]'
check "remote get exits 0" 0 "$CODE"
check "remote get prints the value" 1 "$([[ "$OUT" == *Alice* ]] && echo 1)"

run list --path "$URL" '["users"]'
check "remote list exits 0" 0 "$CODE"
check "remote list shows both keys" 1 "$([[ "$OUT" == *alice* && "$OUT" == *bob* ]] && echo 1)"

run get --path "$URL" '["users","nobody"]'
check "remote get of a missing key exits 1" 1 "$CODE"

DENO_KV_ACCESS_TOKEN="wrong-token-0123456" run get --path "$URL" '["users","alice"]'
check "wrong token fails" 1 "$([[ "$CODE" != 0 ]] && echo 1)"
check "wrong token is explained" 1 "$([[ "$ERR" == *"rejected the access token (401)"* ]] && echo 1)"

echo "remote cli: $passed passed, $failed failed"
[[ "$failed" == 0 ]]
