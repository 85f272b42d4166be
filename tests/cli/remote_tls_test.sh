#!/usr/bin/env bash
# The CLI on an https:// KV Connect URL against `openkv serve --tls-cert
# --tls-key`, with a throwaway CA made here and trusted through DENO_CERT (as
# with Deno), and a clear error when nothing trusts it. The server runs on a
# free 127.0.0.1 port; only its recorded PID is ever signalled.
# Usage: remote_tls_test.sh <openkv binary>
set -uo pipefail
OPENKV="$1"
DIR="$(mktemp -d)"
OPENKV_BIN="$OPENKV"
source "$(dirname "$0")/../interop/server/lib.sh"  # start_server / stop_server; exports the token
source "$(dirname "$0")/lib.sh"
trap 'stop_server; rm -rf "$DIR"' EXIT
source "$(dirname "$0")/../support/test_pki.sh"
make_test_pki "$DIR" || { echo "cannot make the test CA"; exit 1; }
start_server "$DIR/served.sqlite3" "$DIR/server.log" --tls-cert "$DIR/cert.pem" --tls-key "$DIR/key.pem" || exit 1
URL="$SERVER_URL"
unset DENO_CERT

DENO_CERT="$DIR/ca.pem" "$OPENKV" set --path "$URL" '["tls","k"]' '"over https"' >/dev/null 2>&1
check "https set with DENO_CERT exits 0" 0 "$?"
OUT="$(DENO_CERT="$DIR/ca.pem" "$OPENKV" get --path "$URL" '["tls","k"]' 2>&1)"
check "https get with DENO_CERT prints the value" 1 "$([[ "$OUT" == *"over https"* ]] && echo 1)"
ERR="$("$OPENKV" get --path "$URL" '["tls","k"]' 2>&1 >/dev/null)"
check "an untrusted CA is explained" 1 "$([[ "$ERR" == *"could not be verified"* ]] && echo 1)"

finish
