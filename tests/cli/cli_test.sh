#!/usr/bin/env bash
# Runs the openkv binary as a user would: get / set / delete / list on a
# local file, --json output that round-trips, exit codes 0 / 1 / 2 and the
# messages for bad input. Usage: cli_test.sh <openkv binary>
set -uo pipefail
OPENKV="$1"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/db.sqlite"

source "$(dirname "$0")/lib.sh"

run set --path "$DB" '["users","alice"]' '{"name":"Alice","age":31}'
check "set exits 0" 0 "$CODE"
check "set prints a versionstamp" 1 "$([[ "$OUT" =~ ^[0-9a-f]{20}$ ]] && echo 1)"
VS="$OUT"

run get --path "$DB" '["users","alice"]' --json
check "get --json" "{\"key\":[{\"type\":\"string\",\"value\":\"users\"},{\"type\":\"string\",\"value\":\"alice\"}],\"value\":{\"type\":\"object\",\"value\":{\"name\":{\"type\":\"string\",\"value\":\"Alice\"},\"age\":{\"type\":\"number\",\"value\":31}}},\"versionstamp\":\"$VS\"}" "$OUT"

run get --path "$DB" '["users","alice"]'
check "get human" "[\"users\", \"alice\"]  { \"name\": \"Alice\", \"age\": 31 }  $VS" "$OUT"

run get --path "$DB" '["users","bob"]' --json
check "missing key exits 1" 1 "$CODE"
check "missing key prints the missing-entry form" \
  '{"key":[{"type":"string","value":"users"},{"type":"string","value":"bob"}],"value":null,"versionstamp":null}' "$OUT"

# Every key part type in the notation; numbers and bigints stay distinct.
run set --path "$DB" '["k",{"type":"bigint","value":"10"}]' '"bigint part"'
run set --path "$DB" '["k",10]' '"number part"'
run set --path "$DB" '["k",{"type":"Uint8Array","value":"AQID"}]' '"bytes part"'
run set --path "$DB" '["k",true]' '"bool part"'
run set --path "$DB" '["k","s"]' '"string part"'
run list --path "$DB" '["k"]'
check "list orders bytes < string < bigint < number < bool (aligned columns)" \
  '["k", Uint8Array[1, 2, 3]]  "bytes part" 
["k", "s"]                  "string part"
["k", 10n]                  "bigint part"
["k", 10]                   "number part"
["k", true]                 "bool part"  ' "$(sed -E 's/  [0-9a-f]{20}$//' <<<"$OUT")"

run list --path "$DB" '["k"]' --reverse --limit 2 --json
check "list --reverse --limit" 2 "$(wc -l <<<"$OUT")"
check "list --json is typed" 1 "$(grep -c '"type":"boolean"' <<<"$OUT")"

# Cursor pagination through the CLI.
run list --path "$DB" '["k"]' --limit 2 --print-cursor
CURSOR="$(sed -n 's/^cursor: //p' <<<"$ERR")"
run list --path "$DB" '["k"]' --cursor "$CURSOR"
check "cursor resumes after the second entry" 3 "$(wc -l <<<"$OUT")"

# --json output round-trips through --typed.
run get --path "$DB" '["users","alice"]' --json
VALUE_JSON="$(sed -E 's/.*"value":(\{"type":"object".*\}),"versionstamp".*/\1/' <<<"$OUT")"
run set --path "$DB" '["copy"]' "$VALUE_JSON" --typed
run get --path "$DB" '["copy"]' --json
check "typed value round-trips" "$VALUE_JSON" "$(sed -E 's/.*"value":(\{"type":"object".*\}),"versionstamp".*/\1/' <<<"$OUT")"

run set --path "$DB" '["n"]' 42 --u64
run get --path "$DB" '["n"]'
check "--u64 stores a KvU64" "KvU64(42n)" "$(awk '{print $2}' <<<"$OUT")"

run set --path "$DB" '["ttl"]' '"x"' --expire-in 0
run get --path "$DB" '["ttl"]'
check "expired entry is not returned" 1 "$CODE"

# --if-version: an optimistic check, like atomic().check().set().
run set --path "$DB" '["doc"]' '"v1"' --if-version none
check "--if-version none on a missing key writes" 0 "$CODE"
V1="$OUT"
run set --path "$DB" '["doc"]' '"again"' --if-version none
check "--if-version none on an existing key exits 1" 1 "$CODE"
check "--if-version failure says why" "not written: the entry's versionstamp is not none (it exists)" "$ERR"
run set --path "$DB" '["doc"]' '"v2"' --if-version "$V1"
check "--if-version with the current versionstamp writes" 0 "$CODE"
run set --path "$DB" '["doc"]' '"v3"' --if-version "$V1"
check "--if-version with a stale versionstamp exits 1" 1 "$CODE"
run get --path "$DB" '["doc"]'
check "the stale write changed nothing" '"v2"' "$(awk '{print $2}' <<<"$OUT")"
run set --path "$DB" '["doc"]' '"x"' --if-version 123
check "a malformed --if-version is a usage error" 2 "$CODE"

run delete --path "$DB" '["users","alice"]'
check "delete exits 0" 0 "$CODE"
run get --path "$DB" '["users","alice"]'
check "deleted key is gone" 1 "$CODE"
run delete --path "$DB" '["never","existed"]'
check "deleting a missing key is not an error" 0 "$CODE"

# Usage errors exit 2 with a clear message; nothing is written.
run set --path "$DB" 'not json' '1'
check "bad key exits 2" 2 "$CODE"
check "bad key message" 1 "$(grep -c 'the key is not valid JSON' <<<"$ERR")"
run set --path "$DB" '{"a":1}' '1'
check "non-array key exits 2" 2 "$CODE"
run set --path "$DB" '[{"type":"Date","value":"x"}]' '1'
check "bad key part exits 2" 2 "$CODE"
check "bad key part message" 1 "$(grep -c 'Unexpected key part type: "Date".' <<<"$ERR")"
run get --path "$DB" '["a"]' --no-such-flag
check "unknown flag exits 2" 2 "$CODE"
run set --path "$DB" '[]' '1'
check "empty key write fails (exit 1)" 1 "$CODE"
check "empty key message" "error: key cannot be empty" "$ERR"
run list --path "$DB"
check "list without selector lists everything" 8 "$(wc -l <<<"$OUT")"

# Bad files: not a database, nothing overwritten.
echo "this is not a database" >"$DIR/text.sqlite"
BEFORE="$(md5sum <"$DIR/text.sqlite")"
run get --path "$DIR/text.sqlite" '["a"]'
check "not a database exits 1" 1 "$CODE"
check "not a database is named" 1 "$(grep -c 'text.sqlite' <<<"$ERR")"
check "file untouched" "$BEFORE" "$(md5sum <"$DIR/text.sqlite")"

run --help
check "--help exits 0" 0 "$CODE"
run get --help
check "subcommand --help has an example" 1 "$(grep -c 'Example' <<<"$OUT")"

finish
