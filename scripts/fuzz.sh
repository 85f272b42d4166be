#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with Clang (ASan + UBSan, in
# their own build directory) and runs each for a bounded time, starting from
# its checked-in corpus (RELIABILITY.md, "Fuzzing"). Exit 1 if any target
# finds a crash, a sanitizer report or a broken property; the input that did
# it is kept in the artifacts directory, to be added to the target's corpus
# as a regression seed once fixed.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   OPENKV_FUZZ_BUILD_DIR  build directory (default: build-fuzz)
#   OPENKV_FUZZ_ARTIFACTS  where crashing inputs go (default: BUILD/fuzz-artifacts)
# The checked-in corpus is only read: what a run discovers goes to a scratch
# corpus that is deleted afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${OPENKV_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
ARTIFACTS="${OPENKV_FUZZ_ARTIFACTS:-$BUILD/fuzz-artifacts}"
SECONDS_PER_TARGET="${1:-20}"
shift || true
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  TARGETS=(fuzz_key_codec fuzz_v8_value fuzz_json_notation fuzz_url fuzz_kv_connect_request)
fi

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DOPENKV_FUZZ=ON >/dev/null
ninja -C "$BUILD" -j"$(nproc)" fuzz_targets

mkdir -p "$ARTIFACTS"
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
export UBSAN_OPTIONS="print_stacktrace=1"
status=0
for target in "${TARGETS[@]}"; do
  seeds="$ROOT/tests/fuzz/corpus/$target"
  mkdir -p "$SCRATCH/$target"
  log="$SCRATCH/$target.log"
  if "$BUILD/tests/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$ARTIFACTS/$target-" \
      "$SCRATCH/$target" "$seeds" >"$log" 2>&1; then
    outcome=ok
  else
    outcome=FAILED
    status=1
  fi
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  corpus="$(find "$SCRATCH/$target" "$seeds" -type f | wc -l)"
  echo "$target: $outcome, ${execs:-0} executions in ${SECONDS_PER_TARGET} s, corpus $corpus inputs"
  if [[ $outcome != ok ]]; then
    grep -E "ERROR|SUMMARY|FUZZ_CHECK|#0 |#1 |#2 |#3 " "$log" | head -30
    echo "  crashing input kept in $ARTIFACTS/"
  fi
done
exit $status
