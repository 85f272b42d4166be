#!/usr/bin/env bash
# Sets up (dependencies, pinned JS peers), builds and runs every test suite:
# unit and conformance tests (ctest), examples, and interop tests against the
# real Deno 2.9.6 and @deno/kv 0.14.0; then runs every fuzz target for a
# bounded time. Exit code 0 only if all pass.
#   OPENKV_BUILD_DIR  build directory (default: build)
#   OPENKV_PEERS      where the JS peers are installed (default: .peers)
#   OPENKV_SANITIZE=1 build with ASan/UBSan (default off)
#   OPENKV_FUZZ_SECONDS seconds each libFuzzer target runs after the tests
#                     (scripts/fuzz.sh, a Clang ASan/UBSan build in build-fuzz;
#                     default 20, 0 skips)
#   OPENKV_TEST_PG_URL a PostgreSQL server for the PostgreSQL tests; when unset
#                     a throwaway cluster is started (scripts/pg-test-cluster.sh)
#                     and exactly that cluster is stopped on exit, with a hot
#                     standby of it (OPENKV_TEST_PG_STANDBY_URL) for the
#                     replica tests
# The build treats compiler warnings as errors (OPENKV_WERROR).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${OPENKV_BUILD_DIR:-$ROOT/build}"
export OPENKV_PEERS="${OPENKV_PEERS:-$ROOT/.peers}"
mkdir -p "$OPENKV_PEERS"
export OPENKV_PEERS="$(cd "$OPENKV_PEERS" && pwd)"

"$ROOT/scripts/install-deps.sh" --peers "$OPENKV_PEERS"

SANITIZE=OFF; [[ "${OPENKV_SANITIZE:-0}" == 1 ]] && SANITIZE=ON
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOPENKV_SANITIZE=$SANITIZE \
  -DOPENKV_WERROR=ON >/dev/null
ninja -C "$BUILD" -j"$(nproc)"

export OPENKV_BIN="$BUILD/bin/openkv"
if [[ -z "${OPENKV_TEST_PG_URL:-}" ]]; then
  PG_DIR="$(mktemp -d /tmp/openkv-pg-XXXXXX)"
  PG_STANDBY_DIR="$(mktemp -d /tmp/openkv-pg-standby-XXXXXX)"
  trap '"$ROOT/scripts/pg-test-cluster.sh" stop "$PG_STANDBY_DIR";
        "$ROOT/scripts/pg-test-cluster.sh" stop "$PG_DIR"' EXIT
  OPENKV_TEST_PG_URL="$("$ROOT/scripts/pg-test-cluster.sh" start "$PG_DIR")"
  OPENKV_TEST_PG_STANDBY_URL="$("$ROOT/scripts/pg-test-cluster.sh" standby "$PG_STANDBY_DIR" \
    "$OPENKV_TEST_PG_URL/postgres")"
  export OPENKV_TEST_PG_URL OPENKV_TEST_PG_STANDBY_URL
fi
ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)" --timeout 300

FUZZ_SECONDS="${OPENKV_FUZZ_SECONDS:-20}"
if [[ "$FUZZ_SECONDS" != 0 ]]; then
  OPENKV_FUZZ_BUILD_DIR="${OPENKV_FUZZ_BUILD_DIR:-$BUILD-fuzz}" "$ROOT/scripts/fuzz.sh" "$FUZZ_SECONDS"
fi
