#!/usr/bin/env bash
# One `openkv serve --data-dir` with two databases (made with `openkv db
# create`) and tokens of every kind (`openkv token create`): the real Deno
# client (multi_db.mjs) and @deno/kv (multi_db_node.mjs) use both databases
# at once; queue messages reach only their own database's listener;
# /healthz, /readyz and the admin API answer; /metrics, scraped before and
# after, parses with the Prometheus client's parser and its counters moved
# (metrics_check.py); the JSON request log has request ids and no secret.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WORK="$(mktemp -d)"
export DENO_DIR="$WORK/deno_dir"
trap 'stop_server; rm -rf "$WORK"' EXIT
DATA="$WORK/data"
status=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; status=1; }

"$OPENKV_BIN" db create --data-dir "$DATA" app >/dev/null
"$OPENKV_BIN" db create --data-dir "$DATA" shop >/dev/null
token() { "$OPENKV_BIN" token create --data-dir "$DATA" "$@" 2>/dev/null; }
APP="$(token --database app)"
SHOP="$(token --database shop)"
SHOP_RO="$(token --database shop --read-only)"
CARTS="$(token --database app --prefix '["carts"]')"
ADMIN="$(token --admin)"
REVOKE="$(token --database app)"
REVOKE_ID="$("$OPENKV_BIN" token list --data-dir "$DATA" | tail -1 | cut -f1)"
TOKENS="$(printf '{"app":"%s","shop":"%s","shop_ro":"%s","app_carts":"%s","admin":"%s","revoke":"%s","revoke_id":"%s"}' \
  "$APP" "$SHOP" "$SHOP_RO" "$CARTS" "$ADMIN" "$REVOKE" "$REVOKE_ID")"
if grep -q -F -e "$APP" -e "$ADMIN" "$DATA/catalog.json"; then fail "the catalog holds a secret"; fi

start_serve "$WORK/server.log" --data-dir "$DATA" --log-format json --log-level debug
echo "server pid $SERVER_PID at $SERVER_URL/<database>"

for path in healthz readyz; do
  [[ "$(curl -s "$SERVER_URL/$path")" == OK ]] && pass "/$path" || fail "/$path"
done
code="$(curl -s -o /dev/null -w '%{http_code}' "$SERVER_URL/admin/v1/databases")"
[[ "$code" == 401 ]] && pass "the admin API needs a token" || fail "admin API without token: $code"
names="$(curl -s -H "Authorization: Bearer $ADMIN" "$SERVER_URL/admin/v1/databases" |
  python3 -c 'import json, sys; print(" ".join(d["name"] for d in json.load(sys.stdin)["databases"]))')"
[[ "$names" == "app shop" ]] && pass "the admin API lists both databases" || fail "admin databases: $names"
code="$(curl -s -o /dev/null -w '%{http_code}' "$SERVER_URL/nosuchdb")"
[[ "$code" == 404 ]] && pass "an unknown database is 404" || fail "unknown database: $code"

curl -s "$SERVER_URL/metrics" >"$WORK/metrics.before"
run_deno --allow-run "$HERE/multi_db.mjs" "$SERVER_URL" "$TOKENS" "$OPENKV_BIN" "$DATA" || status=1
run_node "$HERE/multi_db_node.mjs" "$SERVER_URL" "$TOKENS" || status=1
curl -s "$SERVER_URL/metrics" >"$WORK/metrics.after"
/usr/bin/python3 "$HERE/metrics_check.py" "$WORK/metrics.before" "$WORK/metrics.after" || status=1

# Each database's queue delivers only its own message (Deno enqueued one in each).
for db in app shop; do
  secret="$APP"; [[ $db == shop ]] && secret="$SHOP"
  got="$(DENO_KV_ACCESS_TOKEN="$secret" timeout 30 "$OPENKV_BIN" listen --path "$SERVER_URL/$db" --count 1 || true)"
  want="{\"type\":\"string\",\"value\":\"message for $db\"}"
  [[ "$got" == "$want" ]] && pass "$db's listener receives $db's message" || fail "$db's listener got: $got"
done

# A dropped database is no longer served, the other one still is.
"$OPENKV_BIN" db drop --data-dir "$DATA" shop >/dev/null
gone=0
for _ in $(seq 50); do
  code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$SERVER_URL/shop")"
  [[ "$code" == 404 ]] && { gone=1; break; }
  sleep 0.05
done
[[ $gone == 1 ]] && pass "a dropped database is gone within 2.5 s" || fail "dropped shop still answers $code"
names="$(curl -s -H "Authorization: Bearer $ADMIN" "$SERVER_URL/admin/v1/databases" |
  python3 -c 'import json, sys; print(" ".join(d["name"] for d in json.load(sys.stdin)["databases"]))')"
[[ "$names" == "app" ]] && pass "after the drop only app is listed" || fail "databases after drop: $names"

stop_server
if grep -q -F -e "$APP" -e "$SHOP" -e "$SHOP_RO" -e "$CARTS" -e "$ADMIN" -e "$REVOKE" "$WORK/server.log"; then
  fail "the log contains a token"
else
  pass "no token appears in the log"
fi
requests="$(/usr/bin/python3 -c '
import json, sys
ids, n = set(), 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if "request_id" in r:
        n += 1; ids.add(r["request_id"])
print(n if n == len(ids) else -1)' "$WORK/server.log")"
[[ "$requests" -gt 50 ]] && pass "the JSON log has $requests request lines with distinct ids" ||
  fail "JSON request log: $requests"

# A corrupt database is left out; the others are served, /readyz says so.
"$OPENKV_BIN" db create --data-dir "$DATA" broken >/dev/null
head -c 8192 /dev/urandom >"$DATA/$("$OPENKV_BIN" db list --data-dir "$DATA" | awk '$1 == "broken" {print $3}')"
start_serve "$WORK/server2.log" --data-dir "$DATA"
metadata() {  # the KV Connect metadata exchange of database $1 with token $2 → HTTP status
  curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/json' -d '{"supportedVersions":[2,3]}' "$SERVER_URL/$1"
}
code="$(metadata app "$APP")"
[[ "$code" == 200 ]] && pass "app is served next to a corrupt database" || fail "app beside broken: $code"
code="$(curl -s -o /dev/null -w '%{http_code}' "$SERVER_URL/readyz")"
[[ "$code" == 503 ]] && pass "/readyz is 503 while a database cannot open" || fail "/readyz: $code"
grep -q "broken" "$WORK/server2.log" && pass "the server log names the corrupt database" ||
  fail "no log line about the corrupt database"
stop_server

if [[ $status -ne 0 ]]; then tail -30 "$WORK/server.log"; fi
exit $status
