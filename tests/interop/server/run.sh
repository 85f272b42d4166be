#!/usr/bin/env bash
# KV Connect interop: `openkv serve` against the real Deno 2.9.6 client (h2c)
# and @deno/kv 0.14.0 on Node (HTTP/1.1), compared line by line with Deno's
# own ":memory:" database as the oracle; then the SIGKILL durability test.
#   OPENKV_BIN=build/bin/openkv OPENKV_PEERS=/tmp/peers tests/interop/server/run.sh
# With OPENKV_SERVE_PATH set, the server serves that path (e.g. a
# postgresql:// URL, see postgres.sh) instead of a fresh SQLite file, and the
# SIGKILL test, which is about the SQLite file, is left out;
# OPENKV_SERVE_FLAGS adds serve flags (e.g. `--primary URL`, replica.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WORK="$(mktemp -d)"
export DENO_DIR="$WORK/deno_dir"
trap 'stop_server; rm -rf "$WORK"' EXIT

"$DENO" --version | head -1
# shellcheck disable=SC2086 # the flags are separate words on purpose
start_server "${OPENKV_SERVE_PATH:-$WORK/db.sqlite}" "$WORK/server.log" ${OPENKV_SERVE_FLAGS:-}
echo "server pid $SERVER_PID at $SERVER_URL"

status=0
run_deno "$HERE/conformance.mjs" ":memory:" >"$WORK/oracle.txt"
run_deno "$HERE/conformance.mjs" "$SERVER_URL" >"$WORK/deno.txt" || { echo "deno run failed"; status=1; }
run_node "$HERE/conformance.mjs" "$SERVER_URL" >"$WORK/node.txt" || { echo "node run failed"; status=1; }
stop_server

echo "oracle: $(wc -l <"$WORK/oracle.txt") observations"
compare "Deno 2.9.6 over h2c" deno.txt '^defect\.'
compare "@deno/kv 0.14.0 over HTTP/1.1" node.txt '^(defect|deno-only)\.'
if [[ $status -ne 0 ]]; then tail -50 "$WORK/server.log"; fi
[[ -n "${OPENKV_SERVE_PATH:-}" ]] && exit $status

"$HERE/sigkill.sh" KILL || status=1
"$HERE/sigkill.sh" TERM || status=1
exit $status
