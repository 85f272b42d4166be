#!/usr/bin/env bash
# `openkv serve --path postgresql://…` against the real clients: the whole
# run.sh conformance comparison on a fresh PostgreSQL database, then two
# servers on one database driven by the real Deno client (two_servers.mjs:
# racing check-and-sets, concurrent sums, versionstamp order, cross-server
# watch) and a listener on each taking the messages of one queue. The
# server is OPENKV_TEST_PG_URL (scripts/pg-test-cluster.sh); without it the
# test is skipped (exit 77).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_pg
WORK="$(mktemp -d)"
export DENO_DIR="$WORK/deno_dir"
SERVER_A="" SERVER_B=""
cleanup() {
  for pid in $SERVER_A $SERVER_B; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pg_drop_databases
  rm -rf "$WORK"
}
trap cleanup EXIT

status=0
url="$OPENKV_TEST_PG_URL/$(pg_new_database conformance)"
OPENKV_SERVE_PATH="$url" "$HERE/run.sh" || status=1

url="$OPENKV_TEST_PG_URL/$(pg_new_database two)"
start_server "$url" "$WORK/a.log"; SERVER_A=$SERVER_PID; URL_A=$SERVER_URL
start_server "$url" "$WORK/b.log"; SERVER_B=$SERVER_PID; URL_B=$SERVER_URL
SERVER_PID=""
echo "servers $SERVER_A at $URL_A and $SERVER_B at $URL_B on one database"
run_deno "$HERE/two_servers.mjs" "$URL_A" "$URL_B" || { status=1; tail -20 "$WORK/a.log" "$WORK/b.log"; }

# Queues across servers: 20 messages enqueued through A, a listener on each
# server (the OpenKV queue extension); together they receive each message,
# and (nothing crashed) exactly once.
for i in $(seq 20); do "$OPENKV_BIN" enqueue --path "$URL_A" "$i" >/dev/null; done
"$OPENKV_BIN" listen --path "$URL_A" >"$WORK/listen_a.out" 2>"$WORK/listen_a.err" & LISTEN_A=$!
"$OPENKV_BIN" listen --path "$URL_B" >"$WORK/listen_b.out" 2>"$WORK/listen_b.err" & LISTEN_B=$!
for _ in $(seq 200); do
  [[ $(cat "$WORK/listen_a.out" "$WORK/listen_b.out" | wc -l) -ge 20 ]] && break
  sleep 0.1
done
sleep 0.5  # a duplicate delivery would show up now
for pid in $LISTEN_A $LISTEN_B; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
# Each line is {"type":"number","value":N}.
received="$(cat "$WORK/listen_a.out" "$WORK/listen_b.out" | sed -E 's/.*"value":([0-9]+).*/\1/' |
  sort -n | tr '\n' ' ')"
if [[ "$received" == "$(seq 20 | tr '\n' ' ')" ]]; then
  echo "PASS 20 messages enqueued through A: each delivered once to the listeners of A and B" \
    "($(wc -l <"$WORK/listen_a.out") via A, $(wc -l <"$WORK/listen_b.out") via B)"
else
  echo "FAIL listeners of A and B received: $received"; status=1
  cat "$WORK/listen_a.err" "$WORK/listen_b.err"
fi
exit $status
