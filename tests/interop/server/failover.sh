#!/usr/bin/env bash
# Failover without loss (docs/DISTRIBUTED.md §Failover), on the cluster of
# scripts/cluster.sh: pg_auto_failover, primary a, quorum-synchronous
# standbys b and c, asynchronous standby d, an `openkv serve` in front of
# each. With @deno/kv writers on every server (failover_load.mjs):
#   1. kill -9 the server in front of a: the writers of the others go on;
#   2. kill -9 node a, the primary: pg_auto_failover promotes b or c, the
#      servers reconnect by themselves, and afterwards every acknowledged
#      write is there, none half applied, the counter exact, versionstamps
#      increasing, and each failed request was a retryable 5xx;
#   3. kill -9 the remaining quorum standby: a write is then not
#      acknowledged (it waits for a synchronous copy), never acknowledged
#      unsafely.
# Skipped (exit 77) when pg_auto_failover is not installed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if ! command -v pg_autoctl >/dev/null; then
  echo "SKIP: pg_autoctl is not installed (scripts/install-deps.sh installs pg_auto_failover)"
  exit 77
fi
WORK="$(mktemp -d)"
# Its own directory: PostgreSQL runs as `postgres`, which cannot enter $WORK.
CLUSTER="$(mktemp -d /tmp/openkv-cluster-XXXXXX)"
cleanup() {
  "$ROOT/scripts/cluster.sh" stop "$CLUSTER" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

CLUSTER_TOKEN="$TOKEN" OPENKV_BIN="$OPENKV_BIN" "$ROOT/scripts/cluster.sh" start "$CLUSTER" >"$WORK/env"
source "$WORK/env"
echo "cluster up: primary $(cat "$CLUSTER/a.port") (a), servers $SERVER_a_URL $SERVER_b_URL $SERVER_c_URL $SERVER_d_URL"
status=0

export FAILOVER_MARK="$WORK/killed"
# The first URL is the one the check reads through: d's server, in front of
# the asynchronous standby, whose strong reads wait for it to catch up.
run_node "$HERE/failover_load.mjs" "$TOKEN" 30 2 "$SERVER_d_URL" "$SERVER_b_URL" "$SERVER_c_URL" \
  "$SERVER_a_URL" >"$WORK/load.out" 2>&1 &
LOAD=$!
sleep 4
kill -KILL "$SERVER_a_PID"
echo "killed the server in front of a (PID $SERVER_a_PID)"
sleep 2
touch "$FAILOVER_MARK"
"$ROOT/scripts/cluster.sh" kill "$CLUSTER" a
echo "killed node a, the primary, at $(date +%T)"
killed=$SECONDS
while [[ "$("$ROOT/scripts/cluster.sh" primary "$CLUSTER" 2>/dev/null || true)" =~ ^(a|)$ ]] &&
      ((SECONDS - killed < 60)); do
  sleep 0.5
done
echo "INFO a new primary was in place $((SECONDS - killed)) s after the kill"
wait $LOAD || status=1
cat "$WORK/load.out"

"$ROOT/scripts/cluster.sh" wait "$CLUSTER" 60 || status=1
primary="$("$ROOT/scripts/cluster.sh" primary "$CLUSTER")"
if [[ "$primary" == b || "$primary" == c ]]; then
  echo "PASS pg_auto_failover promoted quorum standby $primary"
else
  echo "FAIL the primary is now '$primary'"; status=1
fi
"$ROOT/scripts/cluster.sh" state "$CLUSTER"

# The other quorum standby is the last node that may confirm a commit.
other=b; [[ "$primary" == b ]] && other=c
"$ROOT/scripts/cluster.sh" kill "$CLUSTER" "$other"
echo "killed $other, the last quorum standby"
rc=0
DENO_KV_ACCESS_TOKEN="$TOKEN" timeout 8 "$OPENKV_BIN" set --path "$SERVER_d_URL" '["unsafe"]' 1 \
  >"$WORK/set.out" 2>&1 || rc=$?
if [[ $rc == 124 ]]; then
  echo "PASS with no quorum standby left a write is not acknowledged (still waiting after 8 s)"
else
  echo "FAIL a write with no quorum standby left ended with $rc: $(cat "$WORK/set.out")"; status=1
fi
[[ $status == 0 ]] || tail -n 30 "$CLUSTER"/server-*.log
exit $status
