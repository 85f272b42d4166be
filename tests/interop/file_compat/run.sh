#!/usr/bin/env bash
# File compatibility both ways with the real Deno 2.9.6 (see
# ../file_compat_test.cc). Usage: run.sh <test_interop binary>
set -euo pipefail
TEST_BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
PEERS="${OPENKV_PEERS:?set OPENKV_PEERS to the directory scripts/install-deps.sh --peers filled}"
DENO="$PEERS/deno/node_modules/@deno/linux-x64-glibc/deno"
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_DIR="$PEERS/deno_dir"

export OPENKV_INTEROP_DIR="$(mktemp -d)"
trap 'rm -rf "$OPENKV_INTEROP_DIR"' EXIT
deno_run() { timeout 60 "$DENO" run --unstable-kv --allow-read --allow-write "$@"; }

echo "== Deno writes deno.sqlite"
deno_run "$HERE/deno_write.js" "$OPENKV_INTEROP_DIR/deno.sqlite" >"$OPENKV_INTEROP_DIR/deno_versionstamps.json"
echo "== OpenKV reads Deno's file, then writes openkv.sqlite"
"$TEST_BIN" --gtest_filter='FileCompat.ReadsEveryEntryDenoWrote:FileCompat.WritesAFileDenoReads'
echo "== Deno reads OpenKV's file and keeps writing"
deno_run "$HERE/deno_verify.js" "$OPENKV_INTEROP_DIR/openkv.sqlite" "$OPENKV_INTEROP_DIR/openkv_versionstamps.json"
echo "== OpenKV sees Deno's writes"
"$TEST_BIN" --gtest_filter='FileCompat.SeesWhatDenoAppended'
echo "== schema of the OpenKV-created file equals Deno's"
diff <(sqlite3 "$OPENKV_INTEROP_DIR/deno.sqlite" .schema) <(sqlite3 "$OPENKV_INTEROP_DIR/openkv.sqlite" .schema)
echo "file compatibility: ok"
