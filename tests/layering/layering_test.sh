#!/usr/bin/env bash
# The layering of docs/ARCHITECTURE.md, checked two ways:
#  1. every include under src/ against the dependency table (and the checker
#     itself against a fixture tree with one known violation);
#  2. the build: reach_around.cc compiles when it links the layer it uses and
#     fails to compile from a layer that may not see it.
# Usage: layering_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
SRC="$1"; BUILD="$2"; HERE="$SRC/tests/layering"
fail() { echo "FAIL: $*"; exit 1; }

python3 "$HERE/check_includes.py" "$SRC" || fail "includes under src/ break the dependency table"

out=$(python3 "$HERE/check_includes.py" "$HERE/fixture") && fail "the checker missed the fixture's violation"
grep -q 'src/low/low.cc: includes "high/high.h"' <<<"$out" || fail "unexpected checker output: $out"

cmake --build "$BUILD" --target layering_allowed >/dev/null ||
  fail "the control program (linked to openkv_storage_sqlite) does not build"
if out=$(cmake --build "$BUILD" --target layering_reach_around 2>&1); then
  fail "the server layer could include a SQLite backend header"
fi
grep -q 'storage/sqlite/sqlite_backend.h: No such file' <<<"$out" ||
  fail "layering_reach_around failed for another reason: $out"
echo "layering: ok"
