#!/usr/bin/env bash
# The distributed-tier benchmark (docs/DISTRIBUTED.md §Benchmark): a
# PostgreSQL 15 primary with one SYNCHRONOUS hot standby
# (synchronous_standby_names='*', so every commit waits for the standby's
# flush), `openkv serve` processes in front of the primary, one in front of
# the standby (--primary). Measures, through the real clients:
#   - commits/s (Deno client, atomic set of a new key) at 1, 16 and 64
#     concurrent writers through one server and spread over three;
#   - reads/s through the replica server: @deno/kv eventual reads (the
#     standby at once) and strong reads (after the standby caught up).
# Prints the median of RUNS runs of SECONDS each per figure, and the ratio
# of the best write figure to the single-writer one (group commit's gain).
#   OPENKV_PEERS=… bench/distributed.sh [RUNS=3] [SECONDS=5] [OUT_FILE]
# Clusters and servers run on free 127.0.0.1 ports and exactly they are
# stopped on exit.
set -euo pipefail
source "$(dirname "$0")/../tests/interop/server/lib.sh"
BENCH="$ROOT/bench"
RUNS="${1:-3}" SECONDS_EACH="${2:-5}" OUT="${3:-$BENCH/results/distributed.md}"
WORK="$(mktemp -d)"
PRIMARY_DIR="$(mktemp -d /tmp/openkv-bench-pg-XXXXXX)"
STANDBY_DIR="$(mktemp -d /tmp/openkv-bench-standby-XXXXXX)"
export DENO_DIR="$WORK/deno_dir"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  "$ROOT/scripts/pg-test-cluster.sh" stop "$STANDBY_DIR" || true
  "$ROOT/scripts/pg-test-cluster.sh" stop "$PRIMARY_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

PRIMARY="$("$ROOT/scripts/pg-test-cluster.sh" start "$PRIMARY_DIR")"
STANDBY="$("$ROOT/scripts/pg-test-cluster.sh" standby "$STANDBY_DIR" "$PRIMARY/postgres")"
"$PSQL" -qAt "$PRIMARY/postgres" -c "ALTER SYSTEM SET synchronous_standby_names = '*'" \
  -c "SELECT pg_reload_conf()" >/dev/null
"$PSQL" -qAt "$PRIMARY/postgres" -c "CREATE DATABASE bench"
for _ in $(seq 100); do
  state="$("$PSQL" -qAt "$PRIMARY/postgres" -c "SELECT sync_state FROM pg_stat_replication")"
  [[ "$state" == sync ]] && "$PSQL" -qAt "$STANDBY/bench" -c "SELECT 1" >/dev/null 2>&1 && break
  sleep 0.1
done
[[ "$state" == sync ]] || { echo "the standby did not become synchronous ($state)" >&2; exit 1; }

SERVERS=()
for name in a b c; do
  start_server "$PRIMARY/bench" "$WORK/$name.log"; PIDS+=("$SERVER_PID"); SERVERS+=("$SERVER_URL")
done
start_server "$STANDBY/bench" "$WORK/replica.log" --primary "$PRIMARY/bench"
PIDS+=("$SERVER_PID"); REPLICA="$SERVER_URL"
SERVER_PID=""

: >"$WORK/results.tsv"
record() {  # NAME JSON
  python3 -c "import json,sys; print(sys.argv[1] + '\t' + str(json.loads(sys.argv[2])['per_second']))" \
    "$1" "$2" >>"$WORK/results.tsv"
}
for run in $(seq "$RUNS"); do
  for writers in 1 16 64; do
    record "commits/s, $writers writers, 1 server" \
      "$(run_deno "$BENCH/pg_load.mjs" writes "$writers" "$SECONDS_EACH" "${SERVERS[0]}")"
    record "commits/s, $writers writers, 3 servers" \
      "$(run_deno "$BENCH/pg_load.mjs" writes "$writers" "$SECONDS_EACH" "${SERVERS[@]}")"
  done
  for consistency in eventual strong; do
    record "$consistency reads/s, 64 readers, replica server (@deno/kv)" \
      "$(run_node "$BENCH/pg_eventual_reads.mjs" "$consistency" 64 "$SECONDS_EACH" "$REPLICA" "$TOKEN")"
  done
  echo "run $run/$RUNS done" >&2
done

mkdir -p "$(dirname "$OUT")"
python3 - "$WORK/results.tsv" "$RUNS" "$SECONDS_EACH" >"$OUT" <<'PY'
import collections, statistics, sys
runs = collections.OrderedDict()
for line in open(sys.argv[1]):
    name, value = line.rstrip("\n").split("\t")
    runs.setdefault(name, []).append(float(value))
print(f"PostgreSQL 15 primary + synchronous standby, {sys.argv[2]} runs of {sys.argv[3]} s "
      "(median, min, max)\n")
print("| figure | median | min | max |\n|---|---:|---:|---:|")
for name, values in runs.items():
    print(f"| {name} | {statistics.median(values):,.0f} | {min(values):,.0f} | {max(values):,.0f} |")
single = statistics.median(runs["commits/s, 1 writers, 1 server"])
best_name, best = max(((n, statistics.median(v)) for n, v in runs.items() if n.startswith("commits")),
                      key=lambda x: x[1])
print(f"\nbest commits/s ({best_name}) / single writer: {best / single:.1f}x")
PY
cat "$OUT"
