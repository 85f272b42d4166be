#!/usr/bin/env bash
# Soak (RELIABILITY.md §Soak): `openkv serve` under a mixed load for
# SOAK_SECONDS (default 60; the long run is SOAK_SECONDS=600) — @deno/kv
# writers, checked sums, enqueues, readers, watchers reopening their
# watches every 2 s (soak_load.mjs) and an `openkv listen` taking the
# messages. The server's RSS, open descriptors and threads are sampled every
# second; the run fails on growth: RSS in the last fifth of the run more than
# 32 MiB above the second fifth (after warm-up), descriptors or threads
# above the second fifth's maximum by more than a few, or any load error.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_TOTAL="${SOAK_SECONDS:-60}"
WORK="$(mktemp -d)"
LISTEN_PID=""
cleanup() {
  [[ -n "$LISTEN_PID" ]] && { kill "$LISTEN_PID" 2>/dev/null || true; wait "$LISTEN_PID" 2>/dev/null || true; }
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT

start_server "$WORK/db.sqlite" "$WORK/server.log"
DENO_KV_ACCESS_TOKEN="$TOKEN" "$OPENKV_BIN" listen --path "$SERVER_URL" >"$WORK/listen.out" 2>"$WORK/listen.err" &
LISTEN_PID=$!
NODE_TIMEOUT=$((SECONDS_TOTAL + 120)) run_node "$HERE/soak_load.mjs" "$SERVER_URL" "$TOKEN" "$SECONDS_TOTAL" \
  >"$WORK/load.out" 2>"$WORK/load.err" &
LOAD=$!
# t rss_kib fds threads, once a second while the load runs.
while kill -0 "$LOAD" 2>/dev/null; do
  echo "$SECONDS $(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status")" \
    "$(ls "/proc/$SERVER_PID/fd" | wc -l) $(awk '/^Threads/ {print $2}' "/proc/$SERVER_PID/status")" \
    >>"$WORK/samples"
  sleep 1
done
status=0
wait "$LOAD" || status=1
cat "$WORK/load.out"
[[ $status == 0 ]] || head -5 "$WORK/load.err"
echo "INFO the listener received $(wc -l <"$WORK/listen.out") messages"
python3 - "$WORK/samples" <<'PY' || status=1
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if len(l.split()) == 4]
n = len(rows)
fifth = max(1, n // 5)
second, last = rows[fifth:2 * fifth], rows[-fifth:]
rss2, rss5 = statistics.median(r[1] for r in second), statistics.median(r[1] for r in last)
fd2, fd5 = max(r[2] for r in second), max(r[2] for r in last)
th2, th5 = max(r[3] for r in second), max(r[3] for r in last)
print(f"INFO {n} samples; RSS median {rss2 / 1024:.1f} -> {rss5 / 1024:.1f} MiB, "
      f"fds max {fd2} -> {fd5}, threads max {th2} -> {th5}")
ok = n >= 10 and rss5 - rss2 <= 32 * 1024 and fd5 <= fd2 + 8 and th5 <= th2 + 4
print(("PASS" if ok else "FAIL") + " no growth of memory, descriptors or threads under the soak load")
sys.exit(0 if ok else 1)
PY
exit $status
