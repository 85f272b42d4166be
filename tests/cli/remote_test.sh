#!/usr/bin/env bash
# The CLI against a KV Connect server (--path http://…): set / get / list
# through the remote backend, the token taken from DENO_KV_ACCESS_TOKEN, and
# a clear error for a wrong token. The server runs on a free 127.0.0.1 port;
# only its recorded PID is ever signalled.
# Usage: remote_test.sh <openkv binary>
set -uo pipefail
OPENKV="$1"
DIR="$(mktemp -d)"
OPENKV_BIN="$OPENKV"
source "$(dirname "$0")/../interop/server/lib.sh"  # start_server / stop_server; exports the token
source "$(dirname "$0")/lib.sh"
trap 'stop_server; rm -rf "$DIR"' EXIT
start_server "$DIR/served.sqlite3" "$DIR/server.log" || exit 1
URL="$SERVER_URL"

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

run info --path "$URL"
check "remote info names the server" 1 "$(grep -c "^server  *$URL\$" <<<"$OUT")"
check "remote info counts the entries" 1 "$(grep -c '^entries  *2$' <<<"$OUT")"
check "remote info leaves out what only the file knows" 0 "$(grep -c '^size\|^schema' <<<"$OUT")"
run backup --path "$URL" "$DIR/copy.sqlite"
check "backup of a URL exits 1" 1 "$CODE"
check "backup of a URL says where to run it" 1 "$([[ "$ERR" == *"runs where the file is"* ]] && echo 1)"

finish
