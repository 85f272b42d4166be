#!/usr/bin/env bash
# libopenkv_c.so exports exactly the functions its header declares: no C++
# symbol of the libraries linked into it leaks out, and none is missing.
#   exports_test.sh LIBRARY HEADER
set -euo pipefail
lib="$1" header="$2"
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort)
declared=$(grep -oE '\bopenkv_[a-z_0-9]+\(' "$header" | tr -d '(' | sort -u)
if [[ "$exported" != "$declared" ]]; then
  echo "exported symbols differ from the header's functions:" >&2
  diff <(echo "$declared") <(echo "$exported") >&2 || true
  exit 1
fi
echo "$(wc -l <<<"$exported") functions exported, nothing else"
