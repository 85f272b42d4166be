#!/usr/bin/env bash
# Runs the benchmark workload (workload.mjs / workload.cc) on every contender
# on the same machine in the same run, alternating, on fresh files each time:
# Deno 2.9.6 (Deno.openKv on a file), @deno/kv 0.14.0 (Node.js, on a file)
# and OpenKV embedded (C++ API). All use WAL and durable commits. Prints per
# workload the median, min and max and the ratio OpenKV / Deno, plus each
# process's peak RSS, and writes the table, summary.json and a chart to
# OUT_DIR (default: bench/results).
#   compare.sh <bench_workload binary> [runs=5] [OUT_DIR]
set -euo pipefail
BIN="$1"
RUNS="${2:-5}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${3:-$HERE/results}"
PEERS="${OPENKV_PEERS:?set OPENKV_PEERS (see scripts/install-deps.sh --peers)}"
DENO="$PEERS/deno/node_modules/@deno/linux-x64-glibc/deno"
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_DIR="$PEERS/deno_dir"
export NODEKV_MODULE="$PEERS/nodekv/node_modules/@deno/kv"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

run() {  # contender command...
  local contender="$1"
  shift
  rm -f "$WORK"/db*
  python3 "$HERE/measure.py" 600 "$@" "$WORK/db" |
    python3 -c "import json,sys; r=json.load(sys.stdin); r['contender']='$contender'; print(json.dumps(r))" \
      >>"$WORK/runs.jsonl"
}

for round in $(seq "$RUNS"); do
  run deno "$DENO" run --unstable-kv -A "$HERE/workload.js"
  run nodekv node "$HERE/workload_node.mjs"
  run openkv "$BIN"
  echo "round $round/$RUNS done" >&2
done

mkdir -p "$OUT"
cp "$WORK/runs.jsonl" "$OUT/runs.jsonl"
python3 "$HERE/report.py" "$OUT/runs.jsonl" "$OUT"
