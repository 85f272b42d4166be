#!/usr/bin/env bash
# Values Deno 2.9.6 writes that are no plain data: Blob and File (V8 host
# objects, docs/value-format.md) and a sparse array of length 100000. The CLI
# shows them, export writes them as nodes and import stores the very bytes
# Deno wrote (after the version header, which OpenKV writes as FF 0F).
# Usage: host_objects_test.sh <openkv binary>; needs $OPENKV_PEERS; exits 77
# (skipped) without Deno.
set -uo pipefail
OPENKV="$1"
HERE="$(cd "$(dirname "$0")/host_objects" && pwd)"
DENO="${OPENKV_PEERS:-/nonexistent}/deno/node_modules/@deno/linux-x64-glibc/deno"
if [[ ! -x "$DENO" ]]; then
  echo "skipped: Deno not found (set OPENKV_PEERS)"
  exit 77
fi
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_DIR="$OPENKV_PEERS/deno_dir"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
source "$(dirname "$0")/lib.sh"

timeout 60 "$DENO" run --unstable-kv --allow-read --allow-write "$HERE/deno_write.js" "$DIR/deno.sqlite"
check "Deno wrote the file" 0 $?

run get --path "$DIR/deno.sqlite" '["blob"]'
check "get shows a Blob as a typed host object" 0 "$CODE"
check "the Blob's type, MIME type and size are shown" 1 \
  "$([[ "$OUT" == *'[host object Blob] { "type": "Blob", "mimeType": "text/plain", "parts": ['*'"size": 5 }'* ]] && echo 1)"
run get --path "$DIR/deno.sqlite" '["file"]'
check "a File shows its name" 1 "$([[ "$OUT" == *'[host object File]'*'"name": "a.txt"'* ]] && echo 1)"
run get --path "$DIR/deno.sqlite" '["sparse"]'
check "a sparse array shows its holes as one run" 1 \
  "$([[ "$OUT" == *'[<99999 empty items>, "last"]'* ]] && echo 1)"

"$OPENKV" export --path "$DIR/deno.sqlite" >"$DIR/all.ndjson"
check "export exits 0" 0 $?
check "the Blob exports as a HostObject node" 1 \
  "$(grep -c '"key":\[{"type":"string","value":"blob"}\],"value":{"type":"HostObject","value":{"type":"object","value":{"type":{"type":"string","value":"Blob"}' "$DIR/all.ndjson")"
check "import into a fresh file" '{"count":4,"skipped":0,"errors":0}' \
  "$("$OPENKV" import --path "$DIR/imported.sqlite" "$DIR/all.ndjson")"
body='select hex(k), substr(hex(v), 5) from kv order by k'
check "import stores the bytes Deno wrote" "$(sqlite3 "$DIR/deno.sqlite" "$body")" \
  "$(sqlite3 "$DIR/imported.sqlite" "$body")"
check "all four values compared" 4 "$(sqlite3 "$DIR/imported.sqlite" 'select count(*) from kv')"
finish
