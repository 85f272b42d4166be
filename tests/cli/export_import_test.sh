#!/usr/bin/env bash
# export / import / count / sum / info / backup through the openkv binary:
# the worked lines of spec 06 §9 import and export byte for byte, the §7
# counts and messages, and a backup taken while another process writes.
# Usage: export_import_test.sh <openkv binary>
set -uo pipefail
OPENKV="$1"
HERE="$(cd "$(dirname "$0")/export_import" && pwd)"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT

source "$(dirname "$0")/lib.sh"

# ---- The spec's worked examples (06 §9): import, export, compare bytes.
DB="$DIR/spec.sqlite"
run import --path "$DB" "$HERE/spec_examples.ndjson"
check "import of the 32 worked lines" '{"count":32,"skipped":0,"errors":0}' "$OUT"
check "import exit code" 0 "$CODE"
run import --path "$DB" <"$HERE/spec_examples.ndjson"
check "second import (stdin) skips every line" '{"count":32,"skipped":32,"errors":0}' "$OUT"
"$OPENKV" export --path "$DB" >"$DIR/spec_export.ndjson"
check "export exit code" 0 $?
# Only difference allowed (06 §8): the sub-view comes back as its whole buffer.
sed 's/"AQIDBAUG","byteLength":2/"AQIDBAUG","byteLength":6/' "$HERE/spec_examples.ndjson" \
  | strip_versionstamps | sort >"$DIR/expected"
check "export reproduces every worked line byte for byte" "" \
  "$(strip_versionstamps "$DIR/spec_export.ndjson" | sort | diff - "$DIR/expected")"
check "export ends with LF, no blank line" "32 32" \
  "$(wc -l <"$DIR/spec_export.ndjson") $(grep -c . "$DIR/spec_export.ndjson")"
check "export order: bytes key first" '{"key":[{"type":"Uint8Array","value":"-_8"' \
  "$(head -1 "$DIR/spec_export.ndjson" | cut -c1-42)"
check "export order: [\"wrappers\"] last" '{"key":[{"type":"string","value":"wrappers"}]' \
  "$(tail -1 "$DIR/spec_export.ndjson" | cut -c1-45)"
check "export order: special 0 < Infinity < NaN" '0 Infinity NaN' \
  "$(grep -o '"value":"special"},{"type":"number","value":[^}]*' "$DIR/spec_export.ndjson" \
     | sed -E 's/.*"value":"?([^"]*)"?$/\1/' | tr '\n' ' ' | sed 's/ $//')"
"$OPENKV" export --path "$DB" --output "$DIR/to_file.ndjson"
check "--output writes the same bytes" "" "$(cmp "$DIR/to_file.ndjson" "$DIR/spec_export.ndjson")"

# Selection, with list's meanings.
run export --path "$DB" '["blobs"]'
check "export of a prefix" 5 "$(wc -l <<<"$OUT")"
run export --path "$DB" '["blobs"]' --reverse --limit 2
check "export --reverse --limit" '"i16" "f64"' \
  "$(grep -o '"value":"\(i16\|f64\|ab\|dv\|bu64\)"' <<<"$OUT" | sed 's/"value"://' | tr '\n' ' ' | sed 's/ $//')"
run export --path "$DB" --start '["blobs","b"]' --end '["blobs","e"]'
check "export --start --end" 2 "$(wc -l <<<"$OUT")"
run export --path "$DB" '["nothing"]'
check "empty selection: empty output, exit 0" "0:" "$CODE:$OUT"
run list --path "$DB" '["blobs"]' --json
check "list --json is export's format" "$("$OPENKV" export --path "$DB" '["blobs"]')" "$OUT"

# ---- Import: counts, prefix, overwrite, messages (06 §7).
DB="$DIR/small.sqlite"
printf '%s\n%s\n' \
  '{"key":[{"type":"string","value":"a"}],"value":{"type":"bigint","value":"100"},"versionstamp":"00000000000000060000"}' \
  '{"key":[{"type":"string","value":"b"}],"value":{"type":"boolean","value":true},"versionstamp":"000000000000000f0000"}' \
  >"$DIR/two.ndjson"
"$OPENKV" set --path "$DB" '["a"]' 100 >/dev/null
run import --path "$DB" "$DIR/two.ndjson"
check "existing key skipped" '{"count":2,"skipped":1,"errors":0}' "$OUT"
check "skipped entry untouched" '100' "$("$OPENKV" get --path "$DB" '["a"]' | awk '{print $2}')"
run import --path "$DB" "$DIR/two.ndjson" --overwrite
check "--overwrite" '{"count":2,"skipped":0,"errors":0}' "$OUT"
check "overwritten entry" '100n' "$("$OPENKV" get --path "$DB" '["a"]' | awk '{print $2}')"
run import --path "$DB" "$DIR/two.ndjson" --prefix '["p",1]'
check "--prefix" '{"count":2,"skipped":0,"errors":0}' "$OUT"
check "prefixed keys" 2 "$("$OPENKV" count --path "$DB" '["p",1]')"
printf '\xef\xbb\xbf%s\r\n\r\n\n%s' \
  '{"key":[{"type":"string","value":"c"}],"value":{"type":"null","value":null}}' \
  '{"key":[{"type":"string","value":"d"}],"value":{"type":"null","value":null}}' >"$DIR/crlf.ndjson"
run import --path "$DB" "$DIR/crlf.ndjson"
check "BOM, CRLF, blank lines, final line without LF" '{"count":2,"skipped":0,"errors":0}' "$OUT"
sed -e 's/{"key":\[{"type":"string","value":"a"}\]/{key:[{"type":"string","value":"a"}]/' \
  "$DIR/two.ndjson" >"$DIR/first_bad.ndjson"
run import --path "$DIR/fresh.sqlite" "$DIR/first_bad.ndjson"
check "a bad line does not stop the import" '{"count":2,"skipped":0,"errors":1}' "$OUT"
check "errors make exit code 1" 1 "$CODE"
check "error names the line" 1 "$(grep -c '^line 1 (entry 1): ' <<<"$ERR")"
check "line after the bad one written" 'true' "$("$OPENKV" get --path "$DIR/fresh.sqlite" '["b"]' | awk '{print $2}')"
run import --path "$DIR/stop.sqlite" "$DIR/first_bad.ndjson" --stop-on-error
check "--stop-on-error" '{"count":1,"skipped":0,"errors":1}' "$OUT"
check "nothing after the stop" 0 "$("$OPENKV" count --path "$DIR/stop.sqlite")"

run import --path "$DIR/errors.sqlite" "$HERE/bad_lines.ndjson"
check "every bad line is an error" '{"count":20,"skipped":0,"errors":20}' "$OUT"
expect_message() {  # physical line, verbatim text of 06 §7.4
  check "line $1 message" "1" "$(grep -cxF "line $1 (entry $(($1 > 4 ? $1 - 1 : $1))): $2" <<<"$ERR")"
}
expect_message 3 'Unexpected end of JSON input'
expect_message 8 'Unexpected value type: "undefined"'
expect_message 9 'Unexpected value type: "Foo"'
expect_message 10 'Unexpected key part type: "symbol".'
expect_message 11 'byte length of Int16Array should be a multiple of 2'
expect_message 12 'Cannot convert 1.5 to a BigInt'
expect_message 13 'Value must be a positive bigint: received -1'
expect_message 14 'Value must fit in a 64-bit unsigned integer'
expect_message 15 "Invalid flags supplied to RegExp constructor 'zz'"
expect_message 16 'key cannot be empty'
expect_message 17 'Cannot decode input as base64: Invalid character (+)'
expect_message 18 'Cannot decode input as base64: Length (5), excluding padding, must not have a remainder of 1 when divided by 4'
expect_message 19 'Key too large for read (max 2049 bytes)'
expect_message 21 'Unexpected end of JSON input'
check "nothing written" 0 "$("$OPENKV" count --path "$DIR/errors.sqlite")"
run import --path "$DIR/x.sqlite" "$DIR/missing.ndjson"
check "missing input file exits 1" 1 "$CODE"

# ---- count / sum / info.
DB="$DIR/spec.sqlite"
check "count everything" 32 "$("$OPENKV" count --path "$DB")"
check "count a prefix" 5 "$("$OPENKV" count --path "$DB" '["blobs"]')"
check "count a range" 2 "$("$OPENKV" count --path "$DB" --start '["blobs","b"]' --end '["blobs","e"]')"
run count --path "$DB" --start '["b"]' --end '["a"]'
check "count with an inverted range exits 2" 2 "$CODE"
DB="$DIR/sum.sqlite"
check "sum on a missing key" 5 "$("$OPENKV" sum --path "$DB" '["n"]' 5)"
check "sum wraps at 2^64" 4 "$("$OPENKV" sum --path "$DB" '["n"]' 18446744073709551615)"
check "sum is stored as KvU64" '{"type":"KvU64","value":"4"}' \
  "$("$OPENKV" get --path "$DB" '["n"]' --json | grep -o '{"type":"KvU64","value":"4"}')"
"$OPENKV" set --path "$DB" '["s"]' '"text"' >/dev/null
run sum --path "$DB" '["s"]' 1
check "sum on a non-U64 value exits 1" 1 "$CODE"
check "sum on a non-U64 value message" "error: Failed to perform 'sum' mutation on a non-U64 value in the database" "$ERR"
run sum --path "$DB" '["n"]' -1
check "sum with a negative amount exits 2" 2 "$CODE"
seq 1 20 | xargs -P 4 -I{} "$OPENKV" sum --path "$DB" '["c"]' 1 >"$DIR/sums"
check "concurrent sums print distinct results" "$(seq 1 20)" "$(sort -n "$DIR/sums")"
run info --path "$DIR/spec.sqlite" --json
check "info --json" 1 "$(grep -cE '^\{"path":"[^"]*spec\.sqlite","size":[1-9][0-9]*,"walSize":[0-9]+,"entries":32,"versionstamp":"[0-9a-f]{20}","schemaVersion":3\}$' <<<"$OUT")"
run info --path "$DIR/spec.sqlite"
check "info human" "entries         32" "$(grep '^entries' <<<"$OUT")"

# ---- backup while another process writes: a valid database holding a
# prefix of the writes (keys are written 0, 1, 2, … one commit each).
DB="$DIR/live.sqlite"
"$OPENKV" set --path "$DB" '["seq",0]' 0 >/dev/null
( for i in $(seq 1 150); do "$OPENKV" set --path "$DB" "[\"seq\",$i]" "$i" >/dev/null; done ) &
WRITER=$!
sleep 0.5
run backup --path "$DB" "$DIR/backup.sqlite"
check "backup exits 0" 0 "$CODE"
wait "$WRITER"
COUNT="$("$OPENKV" count --path "$DIR/backup.sqlite" '["seq"]')"
LAST="$("$OPENKV" list --path "$DIR/backup.sqlite" '["seq"]' --reverse --limit 1 --json \
        | grep -o '"type":"number","value":[0-9]*}\]' | grep -o '[0-9]*')"
check "backup holds a prefix of the writes (keys 0..n-1)" "$((COUNT - 1))" "$LAST"
check "backup was taken mid-way" 1 "$([[ $COUNT -gt 1 && $COUNT -le 151 ]] && echo 1)"
check "backup is a valid database" 3 "$("$OPENKV" info --path "$DIR/backup.sqlite" --json | grep -o '"schemaVersion":[0-9]*' | cut -d: -f2)"
if command -v sqlite3 >/dev/null; then
  check "backup passes integrity_check" ok "$(sqlite3 "$DIR/backup.sqlite" 'PRAGMA integrity_check')"
fi
"$OPENKV" set --path "$DIR/backup.sqlite" '["after"]' 1 >/dev/null
check "backup is writable" 0 $?
run backup --path "$DB" "$DIR/backup.sqlite"
check "backup refuses an existing destination" 1 "$CODE"

# ---- --help with examples on every new subcommand.
for command in export import count sum info backup list; do
  check "$command --help has examples" 1 "$("$OPENKV" "$command" --help | grep -c '^Example')"
done

finish
