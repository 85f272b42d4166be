#!/usr/bin/env bash
# The web console in headless Chromium (Debian's chromium driven by the
# pinned playwright-core from $OPENKV_PEERS/playwright): console_test.mjs
# signs in, browses the tree, edits a bigint and a Map, deletes with the
# confirmation, imports NDJSON, follows a deep link and sees a watched key
# change live while `openkv set` writes through KV Connect. Afterwards this
# script reads the database through KV Connect and checks what the browser
# did. Screenshots go to $OPENKV_ARTIFACTS (default: the working directory,
# ctest's build/tests/console).
set -euo pipefail
source "$(dirname "$0")/../interop/server/lib.sh"

PLAYWRIGHT_DIR="$PEERS/playwright"
CHROMIUM="${OPENKV_CHROMIUM:-/usr/bin/chromium}"
if [[ ! -d "$PLAYWRIGHT_DIR/node_modules/playwright-core" || ! -x "$CHROMIUM" ]]; then
  echo "SKIP needs chromium and playwright-core (scripts/install-deps.sh --peers DIR)"
  exit 77
fi
ARTIFACTS="${OPENKV_ARTIFACTS:-$PWD}"
mkdir -p "$ARTIFACTS"

source "$(dirname "$0")/data_dir_server.sh"

kv() { DENO_KV_ACCESS_TOKEN="$APP" "$OPENKV_BIN" "$@" --path "$SERVER_URL/app"; }
kv set '["users",1]' '"alice"' >/dev/null
kv set '["users",2]' '"bob"' >/dev/null
kv set '["users",3]' '{"type":"bigint","value":"12345678901234567890"}' --typed >/dev/null
kv set '["config","limits"]' '{"type":"Map","value":[[{"type":"string","value":"max"},{"type":"number","value":10}]]}' --typed >/dev/null

status=0
PLAYWRIGHT_DIR="$PLAYWRIGHT_DIR" CHROMIUM="$CHROMIUM" ARTIFACTS="$ARTIFACTS" \
  OPENKV_BIN="$OPENKV_BIN" APP_TOKEN="$APP" \
  timeout 180 node "$(dirname "$0")/console_test.mjs" "$SERVER_URL" "$ADMIN" || status=1

# What the browser did, read back through KV Connect with a database token.
check() {  # what key want-substring
  local got
  got="$(kv get --json "$2" 2>&1 || true)"
  if [[ "$got" == *"$3"* ]]; then echo "PASS $1"; else echo "FAIL $1: $got"; status=1; fi
}
check "the bigint edit is stored" '["users",3]' '"value":{"type":"bigint","value":"-98765432109876543210"}'
check "the Map edit is stored" '["config","limits"]' '"value":{"type":"Map","value":[[{"type":"string","value":"max"},{"type":"number","value":25}]]}'
check "users/1 was deleted" '["users",1]' '"value":null'
check "users/2 was deleted" '["users",2]' '"value":null'
check "the import wrote a Set" '["imported","b"]' '"value":{"type":"Set"'
check "the import wrote a KvU64" '["imported","c"]' '"value":{"type":"KvU64","value":"42"}'
check "the other client's write is there" '["counter"]' '"value":{"type":"number","value":7}'
ls "$ARTIFACTS"/console-*.png >/dev/null 2>&1 && echo "PASS screenshots in $ARTIFACTS" ||
  { echo "FAIL no screenshots"; status=1; }
exit $status
