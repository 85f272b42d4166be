#!/usr/bin/env bash
# Runs the spec 05 §9 workload on Deno 2.9.6 and on OpenKV, alternating, on
# the same machine in the same run, on fresh files each time, and prints the
# median ops/s of each phase and the ratio OpenKV / Deno.
#   compare.sh <bench_workload binary> [runs=5]
set -euo pipefail
BIN="$1"
RUNS="${2:-5}"
HERE="$(cd "$(dirname "$0")" && pwd)"
PEERS="${OPENKV_PEERS:?set OPENKV_PEERS (see scripts/install-deps.sh --peers)}"
DENO="$PEERS/deno/node_modules/@deno/linux-x64-glibc/deno"
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_DIR="$PEERS/deno_dir"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for run in $(seq "$RUNS"); do
  rm -f "$WORK"/db*
  timeout 600 "$DENO" run --unstable-kv -A "$HERE/workload.js" "$WORK/db.deno" >>"$WORK/deno.jsonl"
  rm -f "$WORK"/db*
  timeout 600 "$BIN" "$WORK/db.openkv" >>"$WORK/openkv.jsonl"
  echo "run $run/$RUNS done" >&2
done

python3 - "$WORK/deno.jsonl" "$WORK/openkv.jsonl" <<'PY'
import json, statistics, sys
deno = [json.loads(l) for l in open(sys.argv[1])]
ours = [json.loads(l) for l in open(sys.argv[2])]
print(f"{'phase':<10} {'Deno ops/s':>12} {'OpenKV ops/s':>13} {'ratio':>7}   (medians of {len(deno)} runs)")
for phase in ["set", "get", "list", "check_set", "sum"]:
    d = statistics.median(r[phase] for r in deno)
    o = statistics.median(r[phase] for r in ours)
    print(f"{phase:<10} {d:>12,.0f} {o:>13,.0f} {o / d:>6.2f}x")
PY
