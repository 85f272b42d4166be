#!/usr/bin/env bash
# export / import / backup against the real Deno 2.9.6: a file Deno wrote
# exports to the spec's lines (06 §9) with Deno's versionstamps, imports into
# a fresh file that Deno reads back identically, and a backup taken while
# Deno writes is a database Deno opens, holding a prefix of the writes.
# Usage: deno_export_import_test.sh <openkv binary>; needs $OPENKV_PEERS
# (scripts/install-deps.sh --peers); exits 77 (skipped) without it.
set -uo pipefail
OPENKV="$1"
HERE="$(cd "$(dirname "$0")/export_import" && pwd)"
DENO="${OPENKV_PEERS:-/nonexistent}/deno/node_modules/@deno/linux-x64-glibc/deno"
if [[ ! -x "$DENO" ]]; then
  echo "skipped: Deno not found (set OPENKV_PEERS)"
  exit 77
fi
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_DIR="$OPENKV_PEERS/deno_dir"
deno_run() { timeout 60 "$DENO" run --unstable-kv --allow-read --allow-write "$@"; }
DIR="$(mktemp -d)"
trap 'stop_server 2>/dev/null; rm -rf "$DIR"' EXIT
source "$(dirname "$0")/lib.sh"

deno_run "$HERE/deno_write.js" "$DIR/deno.sqlite"
check "Deno wrote the file" 0 $?
"$OPENKV" export --path "$DIR/deno.sqlite" >"$DIR/deno.ndjson"
check "export of Deno's file exits 0" 0 $?
check "one line per entry" 29 "$(wc -l <"$DIR/deno.ndjson")"
check "every line is the spec's line for that entry, byte for byte" "" \
  "$(comm -23 <(strip_versionstamps "$DIR/deno.ndjson" | sort) \
              <(strip_versionstamps "$HERE/spec_examples.ndjson" | sort))"
check "versionstamps are the ones Deno reports, in Deno's list order" \
  "$(deno_run "$HERE/deno_dump.js" "$DIR/deno.sqlite" versionstamps)" \
  "$(grep -oE '"versionstamp":"[0-9a-f]{20}"' "$DIR/deno.ndjson" | cut -d'"' -f4)"

"$OPENKV" import --path "$DIR/imported.sqlite" "$DIR/deno.ndjson" >"$DIR/result"
check "import into a fresh file" '{"count":29,"skipped":0,"errors":0}' "$(cat "$DIR/result")"
deno_run "$HERE/deno_dump.js" "$DIR/deno.sqlite" >"$DIR/original.txt"
deno_run "$HERE/deno_dump.js" "$DIR/imported.sqlite" >"$DIR/imported.txt"
check "Deno reads back every entry identically" "" "$(diff "$DIR/original.txt" "$DIR/imported.txt")"
check "the dump is not empty" 1 "$([[ -s "$DIR/original.txt" ]] && echo 1)"

# The same through running servers, by URL: export from a server serving
# Deno's file, import into a server serving a fresh file, Deno reads it back.
OPENKV_BIN="$OPENKV"
FIXTURES="$HERE"
source "$(dirname "$0")/../interop/server/lib.sh"  # start_server / stop_server (one PID each)
HERE="$FIXTURES"
start_server "$DIR/deno.sqlite" "$DIR/source_server.log"
SOURCE_PID="$SERVER_PID" SOURCE_URL="$SERVER_URL"
start_server "$DIR/via_url.sqlite" "$DIR/target_server.log"
TARGET_PID="$SERVER_PID" TARGET_URL="$SERVER_URL"
"$OPENKV" export --path "$SOURCE_URL" >"$DIR/by_url.ndjson"
check "export by URL exits 0" 0 $?
check "export by URL equals the export of the file, byte for byte" "" "$(cmp "$DIR/deno.ndjson" "$DIR/by_url.ndjson")"
check "count by URL" 29 "$("$OPENKV" count --path "$SOURCE_URL")"
check "import by URL" '{"count":29,"skipped":0,"errors":0}' "$("$OPENKV" import --path "$TARGET_URL" "$DIR/by_url.ndjson")"
SERVER_PID="$SOURCE_PID"; stop_server
SERVER_PID="$TARGET_PID"; stop_server
check "Deno reads back every entry imported by URL" "" \
  "$(diff "$DIR/original.txt" <(deno_run "$HERE/deno_dump.js" "$DIR/via_url.sqlite"))"

# Unexportable entries (06 §6.4): a cyclic value between two good entries.
deno_run "$HERE/deno_write.js" "$DIR/bad.sqlite" bad
"$OPENKV" export --path "$DIR/bad.sqlite" >"$DIR/bad.ndjson" 2>"$DIR/bad.err"
check "unexportable entry exits 1" 1 $?
check "lines before it stay, no partial line" \
  '{"key":[{"type":"string","value":"a"}],"value":{"type":"string","value":"before"},"versionstamp":' \
  "$(cut -c1-97 "$DIR/bad.ndjson")"
check "output ends with LF" 1 "$(wc -l <"$DIR/bad.ndjson")"
check "the error names the key in JSON" 1 \
  "$(grep -cF 'error: Cannot export the entry with key [{"type":"string","value":"b"},{"type":"string","value":"cycle"}]' "$DIR/bad.err")"
"$OPENKV" export --path "$DIR/bad.sqlite" --skip-unexportable >"$DIR/skip.ndjson" 2>"$DIR/skip.err"
check "--skip-unexportable exits 0" 0 $?
check "--skip-unexportable writes the others" 2 "$(wc -l <"$DIR/skip.ndjson")"
check "--skip-unexportable reports each skipped entry" 1 "$(grep -c '^skipped: Cannot export the entry with key' "$DIR/skip.err")"

# Backup while Deno writes.
deno_run "$HERE/deno_seq_writer.js" "$DIR/live.sqlite" "$DIR/stop" &
WRITER=$!
for _ in $(seq 1 100); do
  [[ "$("$OPENKV" count --path "$DIR/live.sqlite" 2>/dev/null || echo 0)" -gt 50 ]] && break
  sleep 0.1
done
"$OPENKV" backup --path "$DIR/live.sqlite" "$DIR/backup.sqlite"
check "backup while Deno writes exits 0" 0 $?
sleep 0.3
touch "$DIR/stop"
wait "$WRITER"
COUNT="$("$OPENKV" count --path "$DIR/backup.sqlite")"
TOTAL="$("$OPENKV" count --path "$DIR/live.sqlite")"
check "backup taken mid-way" 1 "$([[ $COUNT -gt 0 && $COUNT -lt $TOTAL ]] && echo 1)"
check "Deno reads the backup: keys 0..n-1, each holding its index" "$(seq 0 $((COUNT - 1)) | sed 's/.*/[ "seq", & ] => &/')" \
  "$(deno_run "$HERE/deno_dump.js" "$DIR/backup.sqlite")"

finish
