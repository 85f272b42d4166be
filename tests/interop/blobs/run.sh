#!/usr/bin/env bash
# Blobs shared with the real Deno 2.9.6 through one SQLite file, both ways,
# through the `openkv blob` CLI. Usage: run.sh <openkv binary>
set -euo pipefail
OPENKV="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
PEERS="${OPENKV_PEERS:?set OPENKV_PEERS to the directory scripts/install-deps.sh --peers filled}"
DENO="$PEERS/deno/node_modules/@deno/linux-x64-glibc/deno"
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_DIR="$PEERS/deno_dir"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
DB="$DIR/blobs.sqlite"
deno_run() { timeout 60 "$DENO" run --unstable-kv --allow-read --allow-write "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== Deno writes File, Blob and buffer blobs; OpenKV reads them byte exact"
deno_run "$HERE/deno_blobs.js" write "$DB" "$DIR"
for name in file blob buf; do
  "$OPENKV" blob get --path "$DB" "[\"dk\",\"$name\"]" "$DIR/got_$name.bin"
  cmp "$DIR/dk_$name.bin" "$DIR/got_$name.bin" || fail "$name bytes differ"
done
meta() { "$OPENKV" blob meta --path "$DB" "$1" | sed 's/,"versionstamp":"[0-9a-f]*"//'; }
[[ "$(meta '["dk","file"]')" == '{"kind":"file","type":"text/plain","lastModified":1700000000000,"name":"data.txt","size":3000000}' ]] \
  || fail "File meta: $(meta '["dk","file"]')"
[[ "$(meta '["dk","blob"]')" == '{"kind":"blob","type":"image/png","size":100010}' ]] || fail "Blob meta"
[[ "$(meta '["dk","buf"]')" == '{"kind":"buffer","size":5}' ]] || fail "buffer meta"
[[ "$("$OPENKV" blob ls --path "$DB" '["dk"]' | wc -l)" == 3 ]] || fail "ls of Deno's blobs"

echo "== OpenKV writes blobs (one over a larger one); Deno reads them with the same layout"
head -c 4000000 /dev/urandom >"$DIR/big.bin"
"$OPENKV" blob put --path "$DB" '["ok","file"]' "$DIR/big.bin" >/dev/null
head -c 2000000 /dev/urandom >"$DIR/ok_file.bin"
"$OPENKV" blob put --path "$DB" '["ok","file"]' "$DIR/ok_file.bin" --type application/x-test >/dev/null
printf 'from openkv' | "$OPENKV" blob put --path "$DB" '["ok","buf"]' - >/dev/null
deno_run "$HERE/deno_blobs.js" read "$DB" "$DIR"
echo "interop blobs: ok"
