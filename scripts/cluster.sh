#!/usr/bin/env bash
# A PostgreSQL 15 cluster with automated failover (pg_auto_failover 2.0) on
# 127.0.0.1 free ports, with an `openkv serve` in front of every node: the
# topology of docs/DISTRIBUTED.md §Failover.
#
#   cluster.sh start DIR     starts, in DIR (created; must not exist or be
#                            empty):
#                              monitor   the pg_auto_failover monitor
#                              a         the first primary
#                              b, c      quorum-synchronous standbys (the
#                                        primary's region; a commit is
#                                        acknowledged once one of them has it)
#                              d         an asynchronous standby that is never
#                                        promoted (the "other region")
#                            and one `openkv serve` per node (--path the
#                            node, --primary every node with
#                            target_session_attrs=read-write: writes follow
#                            the primary wherever it moves). Writes DIR/env
#                            (shell assignments, sourced by the tests) and
#                            prints it: CLUSTER_PRIMARY_URL, NODE_<n>_URL,
#                            SERVER_<n>_URL, SERVER_<n>_PID, CLUSTER_TOKEN …
#   cluster.sh state DIR     the monitor's view (pg_autoctl show state).
#   cluster.sh primary DIR   the name of the node that is primary now.
#   cluster.sh wait DIR [SECONDS]
#                            waits until the formation is settled again: one
#                            primary, every running node a secondary.
#   cluster.sh kill DIR NODE kill -9 a node: its pg_autoctl keeper and its
#                            PostgreSQL server (as a machine crash would).
#   cluster.sh stop DIR      stops exactly the servers and nodes started in
#                            DIR (by their recorded PIDs) and removes DIR.
#
# Failure detection is tuned for tests (1 s health checks, a node unhealthy
# after 3 s, demotion timeout 8 s, keeper partition timeout 5 s, which stays
# below the demotion timeout as pg_auto_failover requires); DISTRIBUTED.md
# gives production values. PostgreSQL and pg_autoctl run as `postgres` when
# started as root. Trust authentication on loopback only.
#   OPENKV_BIN     the openkv binary (default: build/bin/openkv)
#   CLUSTER_TOKEN  the servers' access token (default: a random one)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
OPENKV_BIN="${OPENKV_BIN:-$ROOT/build/bin/openkv}"
NODES=(a b c d)
DB=openkv

cmd="${1:-}"; dir="${2:-}"
usage() { echo "usage: $0 start|state|primary|wait|stop DIR | kill DIR NODE" >&2; exit 2; }
[[ -n "$cmd" && -n "$dir" ]] || usage
[[ "$cmd" == start ]] && mkdir -p "$dir"
[[ -d "$dir" ]] || { echo "$0: no cluster in $dir" >&2; exit 1; }
dir="$(cd "$dir" && pwd)"

# pg_autoctl keeps its configuration and state under XDG directories: point
# them into DIR so that clusters never share them.
PG_RUN=()
[[ $(id -u) == 0 ]] && PG_RUN=(runuser -u postgres --)
PG_RUN+=(env XDG_CONFIG_HOME="$dir/xdg/config" XDG_DATA_HOME="$dir/xdg/data"
         XDG_RUNTIME_DIR="$dir/xdg/run" PG_CONFIG="$PG_BIN/pg_config" PATH="$PG_BIN:$PATH")
as_pg() { "${PG_RUN[@]}" "$@"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Runs `pg_autoctl ARGS…` as a service in its own session (so that it
# outlives this script and its whole process tree, PostgreSQL included, can
# be signalled as one group); records its PID in DIR/NAME.pid.
spawn() {
  local name="$1"; shift
  # A background job of a script is no group leader, so setsid does not
  # fork: the recorded PID leads the group runuser, pg_autoctl and its
  # PostgreSQL end up in.
  setsid "${PG_RUN[@]}" pg_autoctl "$@" >"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
}

monitor_url() { echo "postgres://autoctl_node@127.0.0.1:$(cat "$dir/monitor.port")/pg_auto_failover?sslmode=disable"; }
monitor_admin() { "$PG_BIN/psql" -qAt "postgresql://postgres@127.0.0.1:$(cat "$dir/monitor.port")/pg_auto_failover" "$@"; }

show_state() { as_pg pg_autoctl show state --pgdata "$dir/monitor" "$@"; }

# "name reported assigned" per node, from the monitor.
node_states() {
  show_state --json | python3 -c '
import json, sys
for n in json.load(sys.stdin):
    print(n["nodename"], n["current_group_state"], n["assigned_group_state"])'
}

primary_name() {
  node_states | awk '$2 == $3 && ($2 == "primary" || $2 == "single") { print $1 }'
}

# Waits (up to $1 s) until every node named in $2… reports what it is assigned
# and exactly one is primary.
wait_settled() {
  local seconds="$1"; shift
  local want="$*" deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    local states
    states="$(node_states 2>/dev/null || true)"
    if [[ -n "$states" ]] && python3 - "$want" "$states" <<'EOF'; then return 0; fi
import sys
want = set(sys.argv[1].split())
rows = [l.split() for l in sys.argv[2].splitlines() if l.strip()]
seen = {r[0]: r for r in rows}
ok = want <= set(seen) and all(seen[n][1] == seen[n][2] for n in want)
# "single": a primary without standbys.
leaders = [r for r in rows if r[0] in want and r[1] in ("primary", "single")]
ok = ok and len(leaders) == 1
ok = ok and all(seen[n][1] in ("primary", "single", "secondary") for n in want)
sys.exit(0 if ok else 1)
EOF
    sleep 0.5
  done
  echo "$0: the formation did not settle within ${seconds}s:" >&2
  show_state >&2 || true
  return 1
}

start_node() {  # name [pg_autoctl create options…]
  local name="$1" port; shift
  port="$(free_port)"
  echo "$port" >"$dir/$name.port"
  spawn "$name" create postgres --pgdata "$dir/$name" --pgport "$port" --listen 127.0.0.1 \
    --hostname 127.0.0.1 --name "$name" --pgctl "$PG_BIN/pg_ctl" --username postgres \
    --dbname "$DB" --auth trust --no-ssl --monitor "$(monitor_url)" "$@" --run
}

# The libpq multi-host URL of every node that reaches whichever is primary.
primary_url() {
  local hosts="" n
  for n in "${NODES[@]}"; do hosts+="${hosts:+,}127.0.0.1:$(cat "$dir/$n.port")"; done
  echo "postgresql://postgres@$hosts/$DB?target_session_attrs=read-write"
}

start_server() {  # node primary_url
  local name="$1" primary="$2" port
  port="$(free_port)"
  local node="postgresql://postgres@127.0.0.1:$(cat "$dir/$name.port")/$DB"
  setsid "$OPENKV_BIN" serve --addr "127.0.0.1:$port" --path "$node" --primary "$primary" \
    --access-token "$TOKEN" >"$dir/server-$name.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$dir/server-$name.pid"
  for _ in $(seq 200); do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server-$name.log" >&2; return 1; }
    sleep 0.05
  done
  {
    echo "NODE_${name}_URL=$node"
    echo "SERVER_${name}_URL=http://127.0.0.1:$port"
    echo "SERVER_${name}_PID=$pid"
  } >>"$dir/env"
}

start() {
  [[ -z "$(ls -A "$dir")" ]] || { echo "$0: $dir is not empty" >&2; exit 1; }
  [[ -x "$OPENKV_BIN" ]] || { echo "$0: no openkv binary at $OPENKV_BIN" >&2; exit 1; }
  [[ $(id -u) == 0 ]] && chown postgres:postgres "$dir"
  as_pg mkdir -p "$dir/xdg/run"
  TOKEN="${CLUSTER_TOKEN:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"

  free_port >"$dir/monitor.port"
  as_pg pg_autoctl create monitor --pgdata "$dir/monitor" --pgport "$(cat "$dir/monitor.port")" \
    --hostname 127.0.0.1 --auth trust --no-ssl --pgctl "$PG_BIN/pg_ctl" >"$dir/monitor-create.log" 2>&1
  spawn monitor run --pgdata "$dir/monitor"
  local m
  for _ in $(seq 200); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$(cat "$dir/monitor.port")" && break
    sleep 0.1
  done
  # Test timings (see the header); ALTER SYSTEM survives monitor restarts.
  for m in "health_check_period = 1000" "health_check_timeout = 1000" \
           "health_check_retry_delay = 500" "health_check_max_retries = 1" \
           "node_considered_unhealthy_timeout = 3000" "primary_demote_timeout = 8000"; do
    monitor_admin -c "ALTER SYSTEM SET pgautofailover.$m" >/dev/null
  done
  monitor_admin -c "SELECT pg_reload_conf()" >/dev/null

  start_node a --candidate-priority 50 --replication-quorum true
  wait_settled 120 a
  # pg_autoctl's base backups ask for a spread checkpoint: on a fresh primary
  # (the CREATE DATABASE above) that takes minutes unless one was just made.
  "$PG_BIN/psql" -qAt "postgresql://postgres@127.0.0.1:$(cat "$dir/a.port")/postgres" -c CHECKPOINT
  # The standbys clone the primary one after the other: on a small machine
  # parallel base backups only compete for the same disk.
  start_node b --candidate-priority 50 --replication-quorum true
  wait_settled 120 a b
  start_node c --candidate-priority 50 --replication-quorum true
  wait_settled 120 a b c
  start_node d --candidate-priority 0 --replication-quorum false
  wait_settled 120 a b c d
  local n
  for n in "${NODES[@]}"; do
    as_pg pg_autoctl config set --pgdata "$dir/$n" timeout.network_partition_timeout 5 >/dev/null
  done
  # One of the two quorum standbys must confirm every commit: with one of
  # them down writes go on, with both down they wait (never acknowledged
  # without a copy on a node that can be promoted).
  as_pg pg_autoctl set formation number-sync-standbys 1 --pgdata "$dir/a" >"$dir/formation.log" 2>&1
  [[ "$(monitor_admin -c "SELECT number_sync_standbys FROM pgautofailover.formation")" == 1 ]] ||
    { echo "$0: number-sync-standbys was not set:" >&2; cat "$dir/formation.log" >&2; exit 1; }
  wait_settled 60 a b c d

  {
    echo "CLUSTER_DIR=$dir"
    echo "CLUSTER_TOKEN=$TOKEN"
    echo "MONITOR_URL='$(monitor_url)'"
  } >"$dir/env"
  local primary
  primary="$(primary_url)"
  for n in "${NODES[@]}"; do start_server "$n" "$primary"; done
  echo "CLUSTER_PRIMARY_URL='$primary'" >>"$dir/env"
  cat "$dir/env"
}

# Signals the process group of the PID recorded in $1 (setsid made each a
# group leader) and waits for the leader to go.
stop_group() {
  local file="$1" signal="$2" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  kill "-$signal" -- "-$pid" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$file"
}

kill_node() {
  local name="$1" postmaster=""
  [[ -f "$dir/$name.pid" ]] || { echo "$0: node $name is not running" >&2; exit 1; }
  # The PostgreSQL server of this node: its postmaster.pid, in its own data
  # directory, names it.
  [[ -f "$dir/$name/postmaster.pid" ]] && postmaster="$(head -1 "$dir/$name/postmaster.pid")"
  stop_group "$dir/$name.pid" KILL
  [[ -n "$postmaster" ]] && kill -KILL "$postmaster" 2>/dev/null || true
}

stop() {
  local n
  for n in "${NODES[@]}"; do stop_group "$dir/server-$n.pid" TERM; done
  # pg_autoctl stops its PostgreSQL when it gets SIGTERM (a fast shutdown).
  for n in "${NODES[@]}" monitor; do stop_group "$dir/$n.pid" TERM; done
  # A server a killed keeper left behind (postmaster.pid in its own data
  # directory names it).
  for n in "${NODES[@]}" monitor; do
    if [[ -f "$dir/$n/postmaster.pid" ]]; then
      as_pg "$PG_BIN/pg_ctl" -D "$dir/$n" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  state) show_state ;;
  primary) primary_name ;;
  # The nodes whose keeper runs (a killed one stays listed by the monitor).
  wait) wait_settled "${3:-120}" $(for n in "${NODES[@]}"; do [[ -f "$dir/$n.pid" ]] && echo "$n"; done) ;;
  kill) [[ -n "${3:-}" ]] || usage; kill_node "$3" ;;
  stop) stop ;;
  *) usage ;;
esac
