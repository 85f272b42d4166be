#!/usr/bin/env bash
# The admin data API (docs/OPERATIONS.md, "Console and data API") against a
# real `openkv serve --data-dir`: data_api_test.py drives every endpoint over
# HTTP and checks replies and bad-input errors; what it wrote is then read
# back through KV Connect by `openkv list --path http://…` with a database
# token, so the assertions do not rest on the API reading its own writes.
set -euo pipefail
source "$(dirname "$0")/../interop/server/lib.sh"

source "$(dirname "$0")/data_dir_server.sh"

python3 "$(dirname "$0")/data_api_test.py" "$SERVER_URL" "$ADMIN"

# What the API left in "app", read through KV Connect.
got="$(DENO_KV_ACCESS_TOKEN="$APP" "$OPENKV_BIN" list --json --path "$SERVER_URL/app" |
  python3 -c 'import json, sys; print(" ".join(json.dumps(json.loads(l)["key"], separators=(",", ":")) for l in sys.stdin))')"
want='[{"type":"string","value":"imported"},{"type":"string","value":"a"}] [{"type":"string","value":"imported"},{"type":"string","value":"users"},{"type":"number","value":3}] [{"type":"string","value":"users"},{"type":"number","value":1}] [{"type":"string","value":"users"},{"type":"number","value":3}] [{"type":"string","value":"w"}]'
if [[ "$got" != "$want" ]]; then
  echo "FAIL the database holds: $got"; echo "want: $want"; exit 1
fi
echo "PASS KV Connect sees exactly what the data API left"
value="$(DENO_KV_ACCESS_TOKEN="$APP" "$OPENKV_BIN" get --json --path "$SERVER_URL/app" '["users", 1]')"
[[ "$value" == *'"value":{"type":"bigint","value":"-12345678901234567890"}'* ]] ||
  { echo "FAIL users/1 is $value"; exit 1; }
echo "PASS the edited bigint reads back through KV Connect"
