#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests, on a free 127.0.0.1 port.
#   pg-test-cluster.sh start DIR   initdb's DIR (created, owned by `postgres`:
#                                  PostgreSQL refuses to run as root), starts
#                                  the server and prints its URL (no database
#                                  name: tests append their own).
#   pg-test-cluster.sh standby DIR PRIMARY_URL
#                                  a hot standby of the cluster at PRIMARY_URL
#                                  (pg_basebackup, streaming replication,
#                                  asynchronous) in DIR; prints its URL.
#   pg-test-cluster.sh stop DIR    stops exactly the server of DIR and removes DIR.
# Runs the server as the `postgres` user when started as root, as the
# current user otherwise. Trust authentication on loopback only.
set -euo pipefail
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
cmd="${1:-}"; dir="${2:-}"; primary="${3:-}"
usage() { echo "usage: $0 start|stop DIR | standby DIR PRIMARY_URL" >&2; exit 2; }
[[ -n "$cmd" && -n "$dir" ]] || usage

as_owner() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

make_dir() {
  mkdir -p "$dir"
  if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$dir"; fi
}

# Starts the server of $dir/data on a free port and prints its URL.
run_server() {
  local user port
  user=$(as_owner id -un)
  port=$(free_port)
  # fsync stays on: durability is part of what the tests exercise.
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300" start >/dev/null
  echo "postgresql://$user@127.0.0.1:$port"
}

case "$cmd" in
  start)
    make_dir
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U "$(as_owner id -un)" --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log"
    run_server
    ;;
  standby)
    [[ -n "$primary" ]] || usage
    make_dir
    # -R writes standby.signal and primary_conninfo: the copy starts as a
    # hot standby streaming from the primary (initdb's pg_hba trusts
    # replication connections from loopback).
    as_owner "$PG_BIN/pg_basebackup" -d "$primary" -D "$dir/data" -R -X stream -c fast
    run_server
    ;;
  stop)
    [[ -d "$dir/data" ]] && as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
