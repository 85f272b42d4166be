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
  local db="$1" log="$2"
  shift 2
  start_serve "$log" --path "$db" --access-token "$TOKEN" "$@"
}

# start_serve LOG SERVE_FLAGS...: `openkv serve` with exactly these flags (and
# --addr) on a free port; sets SERVER_PID and SERVER_URL once it accepts.
start_serve() {
  local port log="$1" scheme=http
  shift
  if [[ " $* " == *" --tls-cert "* ]]; then scheme=https; fi
  port="$(free_port)"
  "$OPENKV_BIN" serve --addr "127.0.0.1:$port" "$@" >"$log" 2>&1 &
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

# check_node_enqueues_delivered LISTEN_PATH DB: @deno/kv enqueues through the
# running server (node_enqueue.mjs: two ready messages, one delayed), then
# `openkv listen --path LISTEN_PATH` (the file itself, or the server's URL)
# must receive the two ready ones, settle them, and leave the delayed one
# queued. Sets status=1 on a failure.
check_node_enqueues_delivered() {
  local listen_path="$1" db="$2" sent delivered expected running waiting
  sent="$(run_node "$HERE/node_enqueue.mjs" "$SERVER_URL")"
  if [[ "$sent" != '{"ready":true,"delayed":true,"conditional":true}' ]]; then
    echo "FAIL @deno/kv enqueue over KV Connect: $sent"; status=1
  fi
  delivered="$(timeout 30 "$OPENKV_BIN" listen --path "$listen_path" --count 2 | sort)"
  expected="$(printf '%s\n' \
    '{"type":"object","value":{"from":{"type":"string","value":"node"},"n":{"type":"number","value":1}}}' \
    '{"type":"string","value":"behind a check"}' | sort)"
  if [[ "$delivered" == "$expected" ]]; then
    echo "PASS openkv listen --path $listen_path receives what @deno/kv enqueued"
  else
    echo "FAIL delivered to $listen_path:"; echo "$delivered"; status=1
  fi
  running="$(sqlite3 "$db" 'select count(*) from queue_running')"
  waiting="$(sqlite3 "$db" 'select count(*) from queue')"
  if [[ "$running" == 0 && "$waiting" == 1 ]]; then
    echo "PASS delivered messages are settled, the delayed one waits"
  else
    echo "FAIL queue_running=$running queue=$waiting (expected 0 and 1)"; status=1
  fi
}

# PostgreSQL databases on OPENKV_TEST_PG_URL for one script run. Names carry
# the script's PID ($$, the same in subshells, so `db=$(pg_new_database x)`
# works), which lets pg_drop_databases find them without shared state.
PSQL="${PG_BIN:-/usr/lib/postgresql/15/bin}/psql"

# require_pg: exits 77 (skipped) unless OPENKV_TEST_PG_URL names a server.
require_pg() {
  if [[ -z "${OPENKV_TEST_PG_URL:-}" ]]; then
    echo "SKIP: OPENKV_TEST_PG_URL is not set (scripts/test.sh starts a PostgreSQL cluster)"
    exit 77
  fi
}

# pg_new_database NAME: creates openkv_interop_<pid>_NAME and prints the name.
pg_new_database() {
  local db="openkv_interop_$$_$1"
  "$PSQL" -q "$OPENKV_TEST_PG_URL/postgres" -c "CREATE DATABASE $db"
  echo "$db"
}

# pg_drop_databases: drops every database pg_new_database made in this run.
pg_drop_databases() {
  local db
  for db in $("$PSQL" -qAt "$OPENKV_TEST_PG_URL/postgres" -c \
      "SELECT datname FROM pg_database WHERE datname LIKE 'openkv\\_interop\\_$$\\_%'"); do
    "$PSQL" -q "$OPENKV_TEST_PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  done
}
