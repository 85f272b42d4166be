#!/usr/bin/env bash
# Watch streams must release everything when their clients go away (spec 04
# §4.3): after 1,000 watch connections are opened and closed, the server's
# open file descriptors and threads are back to what they were before.
#   OPENKV_BIN=build/bin/openkv tests/interop/server/watch_resources.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT

fds() { ls "/proc/$SERVER_PID/fd" | wc -l; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status"; }
churn() { node "$HERE/watch_churn.mjs" "$SERVER_URL" "$TOKEN" "$1" "$2"; }

start_server "$WORK/db.sqlite" "$WORK/server.log"
echo "server pid $SERVER_PID at $SERVER_URL"

# Warm up first, so that lazily created resources (reader connections, the
# WAL, I/O threads) are part of the baseline.
churn 20 10 >/dev/null
sleep 1
base_fds="$(fds)"
base_threads="$(threads)"
echo "baseline: $base_fds fds, $base_threads threads"

peak_fds=0
churn 1000 50 &
CHURN_PID=$!
while kill -0 "$CHURN_PID" 2>/dev/null; do
  n="$(fds)"
  ((n > peak_fds)) && peak_fds=$n
  sleep 0.02
done
wait "$CHURN_PID"
echo "peak during the churn: $peak_fds fds"

for _ in $(seq 150); do
  if (($(fds) <= base_fds && $(threads) <= base_threads)); then break; fi
  sleep 0.1
done
status=0
echo "after: $(fds) fds, $(threads) threads"
if (($(fds) > base_fds)); then
  echo "FAIL file descriptors leaked:"; ls -l "/proc/$SERVER_PID/fd"; status=1
fi
if (($(threads) > base_threads)); then echo "FAIL threads leaked"; status=1; fi
if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "FAIL server died"; status=1; fi
churn 1 1 >/dev/null || { echo "FAIL server no longer serves watches"; status=1; }
if [[ $status -ne 0 ]]; then tail -20 "$WORK/server.log"; exit 1; fi
echo "PASS 1000 watch streams released their file descriptors and threads"
