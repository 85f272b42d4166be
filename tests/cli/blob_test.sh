#!/usr/bin/env bash
# `openkv blob put|get|meta|rm|ls`, run as a user would.
# Usage: blob_test.sh <openkv binary>
set -euo pipefail
OPENKV="$1"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/b.sqlite"
fail() { echo "FAIL: $*" >&2; exit 1; }

# A 5 MB file (80 chunks) round-trips byte for byte, as a File named after it.
head -c 5000000 /dev/urandom >"$DIR/in.bin"
vs="$("$OPENKV" blob put --path "$DB" '["files","in"]' "$DIR/in.bin" --type application/x-test)"
[[ "$vs" =~ ^[0-9a-f]{20}$ ]] || fail "put printed '$vs'"
"$OPENKV" blob get --path "$DB" '["files","in"]' "$DIR/out.bin"
cmp "$DIR/in.bin" "$DIR/out.bin" || fail "get to a file differs"
"$OPENKV" blob get --path "$DB" '["files","in"]' | cmp "$DIR/in.bin" - || fail "get to stdout differs"
[[ "$(sqlite3 "$DB" 'select count(*) from kv')" == 81 ]] || fail "expected 80 chunks + meta"

meta="$("$OPENKV" blob meta --path "$DB" '["files","in"]')"
[[ "$meta" =~ ^\{\"kind\":\"file\",\"type\":\"application/x-test\",\"lastModified\":[0-9]+,\"name\":\"in.bin\",\"size\":5000000,\"versionstamp\":\"$vs\"\}$ ]] \
  || fail "meta printed '$meta'"

# stdin makes a buffer blob; --type makes a Blob. An overwrite leaves no stale chunks.
printf 'hello' | "$OPENKV" blob put --path "$DB" '["files","small"]' - >/dev/null
[[ "$("$OPENKV" blob get --path "$DB" '["files","small"]')" == hello ]] || fail "stdin blob"
[[ "$("$OPENKV" blob meta --path "$DB" '["files","small"]')" == '{"kind":"buffer","size":5,'* ]] || fail "buffer meta"
printf 'x' | "$OPENKV" blob put --path "$DB" '["files","in"]' - --type text/plain >/dev/null
[[ "$(sqlite3 "$DB" 'select count(*) from kv')" == 4 ]] || fail "stale chunks left after overwrite"
[[ "$("$OPENKV" blob meta --path "$DB" '["files","in"]')" == '{"kind":"blob","type":"text/plain","size":1,'* ]] \
  || fail "blob meta"

# ls lists each blob once, with its key, in key order.
"$OPENKV" set --path "$DB" '["files","plain"]' '1' >/dev/null
"$OPENKV" blob ls --path "$DB" '["files"]' >"$DIR/ls"
[[ "$(wc -l <"$DIR/ls")" == 2 ]] || fail "ls printed $(cat "$DIR/ls")"
[[ "$(sed -n 1p "$DIR/ls")" == '{"key":[{"type":"string","value":"files"},{"type":"string","value":"in"}],"meta":{"kind":"blob",'* ]] \
  || fail "ls line 1: $(sed -n 1p "$DIR/ls")"
[[ "$(sed -n 2p "$DIR/ls")" == *'"value":"small"}],"meta":{"kind":"buffer",'* ]] || fail "ls line 2"

# rm deletes meta and chunks; a missing blob is exit 1 for get and meta.
"$OPENKV" blob rm --path "$DB" '["files","in"]'
[[ "$("$OPENKV" blob ls --path "$DB" | wc -l)" == 1 ]] || fail "rm left the blob listed"
set +e
"$OPENKV" blob get --path "$DB" '["files","in"]' "$DIR/none" 2>/dev/null; [[ $? == 1 ]] || fail "get missing"
[[ ! -e "$DIR/none" ]] || fail "get of a missing blob created a file"
"$OPENKV" blob meta --path "$DB" '["files","in"]' >/dev/null; [[ $? == 1 ]] || fail "meta missing"
"$OPENKV" blob put --path "$DB" '["k"]' "$DIR/does-not-exist" 2>/dev/null; [[ $? == 1 ]] || fail "missing file"
"$OPENKV" blob put --path "$DB" 'not json' "$DIR/in.bin" 2>/dev/null; [[ $? == 2 ]] || fail "bad key"
set -e
echo "cli blob: ok"
