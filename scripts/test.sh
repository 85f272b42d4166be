#!/usr/bin/env bash
# Sets up (dependencies, pinned JS peers), builds and runs every test suite:
# unit and conformance tests (ctest), examples, and interop tests against the
# real Deno 2.9.6 and @deno/kv 0.14.0. Exit code 0 only if all pass.
#   OPENKV_BUILD_DIR  build directory (default: build)
#   OPENKV_PEERS      where the JS peers are installed (default: .peers)
#   OPENKV_SANITIZE=1 build with ASan/UBSan (default off)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${OPENKV_BUILD_DIR:-$ROOT/build}"
export OPENKV_PEERS="${OPENKV_PEERS:-$ROOT/.peers}"
mkdir -p "$OPENKV_PEERS"
export OPENKV_PEERS="$(cd "$OPENKV_PEERS" && pwd)"

"$ROOT/scripts/install-deps.sh" --peers "$OPENKV_PEERS"

SANITIZE=OFF; [[ "${OPENKV_SANITIZE:-0}" == 1 ]] && SANITIZE=ON
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOPENKV_SANITIZE=$SANITIZE >/dev/null
ninja -C "$BUILD" -j"$(nproc)"

export OPENKV_BIN="$BUILD/bin/openkv"
ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)" --timeout 300
