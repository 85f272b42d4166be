# Shared helpers for the CLI test scripts (sourced, not run). The sourcing
# script sets OPENKV (the binary) and DIR (its scratch directory) first.
passed=0
failed=0

check() {  # description, expected, actual
  if [[ "$2" == "$3" ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL: %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"
  fi
}

run() {  # runs openkv, captures stdout (OUT), stderr (ERR) and the exit code (CODE)
  OUT="$("$OPENKV" "$@" 2>"$DIR/stderr")"
  CODE=$?
  ERR="$(cat "$DIR/stderr")"
}

# Prints the closing line ctest's log readers understand and sets the status.
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}

# Replaces every versionstamp in JSON entry lines by V, for comparing exports
# of databases whose commits were numbered differently.
strip_versionstamps() { sed -E 's/"versionstamp":"[0-9a-f]{20}"/"versionstamp":V/' "$@"; }
