#!/usr/bin/env bash
# The CLI on an https:// KV Connect URL against `openkv serve --tls-cert
# --tls-key`, with a throwaway CA made here and trusted through DENO_CERT (as
# with Deno), and a clear error when nothing trusts it. The server runs on a
# free 127.0.0.1 port; only its recorded PID is ever signalled.
# Usage: remote_tls_test.sh <openkv binary>
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
source "$(dirname "$0")/../support/test_pki.sh"
make_test_pki "$DIR" || { echo "cannot make the test CA"; exit 1; }
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

export DENO_KV_ACCESS_TOKEN="cli-tls-token-0123"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$OPENKV" serve --path "$DIR/served.sqlite3" --addr "127.0.0.1:$PORT" \
  --access-token "$DENO_KV_ACCESS_TOKEN" --tls-cert "$DIR/cert.pem" --tls-key "$DIR/key.pem" \
  >"$DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.05
done
URL="https://127.0.0.1:$PORT"
unset DENO_CERT

DENO_CERT="$DIR/ca.pem" "$OPENKV" set --path "$URL" '["tls","k"]' '"over https"' >/dev/null 2>&1
check "https set with DENO_CERT exits 0" 0 "$?"
OUT="$(DENO_CERT="$DIR/ca.pem" "$OPENKV" get --path "$URL" '["tls","k"]' 2>&1)"
check "https get with DENO_CERT prints the value" 1 "$([[ "$OUT" == *"over https"* ]] && echo 1)"
ERR="$("$OPENKV" get --path "$URL" '["tls","k"]' 2>&1 >/dev/null)"
check "an untrusted CA is explained" 1 "$([[ "$ERR" == *"could not be verified"* ]] && echo 1)"

echo "remote tls cli: $passed passed, $failed failed"
[[ "$failed" == 0 ]]
