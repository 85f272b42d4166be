# Shared helpers for the KV Connect interop scripts (sourced, not run).
# Every server is started on a free 127.0.0.1 port, its PID is recorded, and
# only that PID is ever signalled.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HERE="$ROOT/tests/interop/server"
OPENKV_BIN="${OPENKV_BIN:-$ROOT/build/bin/openkv}"
PEERS="${OPENKV_PEERS:-/tmp/peers}"
DENO="$PEERS/deno/node_modules/@deno/linux-x64-glibc/deno"
NODEKV_MODULE="$PEERS/nodekv/node_modules/@deno/kv"
TOKEN="interop-token-0123456789"

export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_KV_ACCESS_TOKEN="$TOKEN"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server DB_PATH LOG [SERVE_FLAGS...]: sets SERVER_PID and SERVER_URL
# (https:// when the flags include --tls-cert) once it accepts.
start_server() {
  local port db="$1" log="$2" scheme=http
  shift 2
  if [[ " $* " == *" --tls-cert "* ]]; then scheme=https; fi
  port="$(free_port)"
  "$OPENKV_BIN" serve --path "$db" --addr "127.0.0.1:$port" --access-token "$TOKEN" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  SERVER_URL="$scheme://127.0.0.1:$port"
  for _ in $(seq 100); do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$log" >&2; return 1; fi
    sleep 0.05
  done
  echo "server did not start" >&2
  return 1
}

# stop_server [SIGNAL]: signals exactly the recorded PID and reaps it.
stop_server() {
  if [[ -n "${SERVER_PID:-}" ]]; then
    kill "-${1:-TERM}" "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

# Deno retries 5xx for ever, so every Deno run is bounded.
run_deno() {
  timeout "${DENO_TIMEOUT:-120}" "$DENO" run --unstable-kv --allow-net=127.0.0.1 --allow-env "$@"
}

run_node() {
  NODEKV_MODULE="$NODEKV_MODULE" timeout "${NODE_TIMEOUT:-120}" node "$@"
}

# compare NAME OUTPUT ORACLE_FILTER: diffs $WORK/OUTPUT (conformance.mjs lines
# of a client against the server) with $WORK/oracle.txt (Deno :memory:)
# minus the lines matching ORACLE_FILTER, and its reference-defect lines
# with openkv_expected_defects.txt. Sets status=1 on a difference.
compare() {
  if diff -u <(grep -v -E "$3" "$WORK/oracle.txt") <(grep -v '^defect\.' "$WORK/$2"); then
    echo "PASS $1 matches Deno :memory:"
  else
    echo "FAIL $1 differs from the oracle"; status=1
  fi
  if diff -u "$HERE/openkv_expected_defects.txt" <(grep '^defect\.' "$WORK/$2"); then
    echo "PASS $1 sees OpenKV's corrections of the reference defects"
  else
    echo "FAIL $1: reference-defect lines differ"; status=1
  fi
}
