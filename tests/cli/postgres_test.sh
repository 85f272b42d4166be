#!/usr/bin/env bash
# The CLI on a PostgreSQL URL (--path postgresql://…), run as a user would:
# every command that takes --path, on a fresh database of the server named
# by OPENKV_TEST_PG_URL (scripts/pg-test-cluster.sh); skipped (exit 77)
# without it. An export from PostgreSQL must equal one of the same data from
# a SQLite file (versionstamps aside).
# Usage: postgres_test.sh <openkv binary>
set -uo pipefail
OPENKV="$1"
if [[ -z "${OPENKV_TEST_PG_URL:-}" ]]; then
  echo "SKIP: OPENKV_TEST_PG_URL is not set (scripts/test.sh starts a PostgreSQL cluster)"
  exit 77
fi
PSQL="${PG_BIN:-/usr/lib/postgresql/15/bin}/psql"
DIR="$(mktemp -d)"
NAME="openkv_cli_$$"
trap '"$PSQL" -q "$OPENKV_TEST_PG_URL/postgres" -c "DROP DATABASE IF EXISTS $NAME WITH (FORCE)"; rm -rf "$DIR"' EXIT
"$PSQL" -q "$OPENKV_TEST_PG_URL/postgres" -c "CREATE DATABASE $NAME" || exit 1
PG="$OPENKV_TEST_PG_URL/$NAME"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"

run set --path "$PG" '["users","alice"]' '{"name":"Alice"}'
check "set exits 0" 0 "$CODE"
check "set prints a versionstamp" 1 "$([[ "$OUT" =~ ^[0-9a-f]{20}$ ]] && echo 1)"
run get --path "$PG" '["users","alice"]'
check "get prints the value" 1 "$([[ "$OUT" == *Alice* ]] && echo 1)"
run get --path "$PG" '["users","nobody"]'
check "get of a missing key exits 1" 1 "$CODE"
run sum --path "$PG" '["pgsum"]' 5
run sum --path "$PG" '["pgsum"]' 2
run get --path "$PG" '["pgsum"]'
check "sums add up" 1 "$([[ "$OUT" == *7* ]] && echo 1)"
run delete --path "$PG" '["users","alice"]'
check "delete exits 0" 0 "$CODE"
run get --path "$PG" '["users","alice"]'
check "deleted key is gone" 1 "$CODE"

run import --path "$PG" "$HERE/export_import/spec_examples.ndjson"
check "import exits 0" 0 "$CODE"
run import --path "$DIR/same.sqlite" "$HERE/export_import/spec_examples.ndjson"
run sum --path "$DIR/same.sqlite" '["pgsum"]' 7
run export --path "$PG"
echo "$OUT" | strip_versionstamps >"$DIR/pg.ndjson"
run export --path "$DIR/same.sqlite"
echo "$OUT" | strip_versionstamps >"$DIR/sqlite.ndjson"
check "export from PostgreSQL equals the SQLite one" "$(cat "$DIR/sqlite.ndjson")" "$(cat "$DIR/pg.ndjson")"
run count --path "$PG"
check "count counts every entry" "$(wc -l <"$DIR/sqlite.ndjson")" "$OUT"
run list --path "$PG" '["users"]'
check "list shows the keys under a prefix" 1 "$([[ "$OUT" == *alice* ]] && echo 1)"

run info --path "$PG"
check "info names the server" 1 "$(grep -c "^server  *$PG\$" <<<"$OUT")"
run backup --path "$PG" "$DIR/copy.sqlite"
check "backup of a PostgreSQL URL exits 1" 1 "$CODE"
check "backup says to export instead" 1 "$([[ "$ERR" == *"openkv export"* ]] && echo 1)"

run enqueue --path "$PG" '"hello"'
check "enqueue exits 0" 0 "$CODE"
OUT="$(timeout 20 "$OPENKV" listen --path "$PG" --count 1)"
check "listen receives the message" '{"type":"string","value":"hello"}' "$OUT"

finish
