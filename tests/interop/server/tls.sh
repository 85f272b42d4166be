#!/usr/bin/env bash
# KV Connect over TLS: `openkv serve --tls-cert --tls-key` with a throwaway CA
# made here, against the real Deno 2.9.6 client (ALPN h2, trusting the CA via
# DENO_CERT) and @deno/kv 0.14.0 on Node (HTTP/1.1, NODE_EXTRA_CA_CERTS),
# both compared with Deno's own ":memory:" database as in run.sh. Also the
# startup errors for a lone TLS flag and an unreadable certificate.
#   OPENKV_BIN=build/bin/openkv OPENKV_PEERS=/tmp/peers tests/interop/server/tls.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WORK="$(mktemp -d)"
export DENO_DIR="$WORK/deno_dir"
trap 'stop_server; rm -rf "$WORK"' EXIT

# A CA, and a certificate for 127.0.0.1 signed by it, valid for a day.
source "$(dirname "$0")/../../support/test_pki.sh"
make_test_pki "$WORK"

status=0
expect_usage_error() {  # expect_usage_error TEXT SERVE_FLAGS...
  local text="$1" code=0
  shift
  "$OPENKV_BIN" serve --path "$WORK/unused.sqlite" --addr "127.0.0.1:$(free_port)" \
    --access-token "$TOKEN" "$@" >"$WORK/usage.log" 2>&1 || code=$?
  if [[ $code -eq 2 ]] && grep -qF -- "$text" "$WORK/usage.log"; then
    echo "PASS exit 2: $(cat "$WORK/usage.log")"
  else
    echo "FAIL expected exit 2 with '$text', got $code: $(cat "$WORK/usage.log")"; status=1
  fi
}
expect_usage_error "--tls-cert and --tls-key must be given together" --tls-cert "$WORK/cert.pem"
expect_usage_error "cannot read the TLS certificate '$WORK/missing.pem'" \
  --tls-cert "$WORK/missing.pem" --tls-key "$WORK/key.pem"
expect_usage_error "does not match the certificate" --tls-cert "$WORK/cert.pem" --tls-key "$WORK/ca.key"
if [[ -e "$WORK/unused.sqlite" ]]; then
  echo "FAIL a refused start created the database file"; status=1
else
  echo "PASS a refused start leaves no database file behind"
fi

"$DENO" --version | head -1
start_server "$WORK/db.sqlite" "$WORK/server.log" --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem"
echo "server pid $SERVER_PID at $SERVER_URL"
if grep -qF "Listening on $SERVER_URL" "$WORK/server.log"; then
  echo "PASS server says: Listening on $SERVER_URL"
else
  echo "FAIL listening line: $(cat "$WORK/server.log")"; status=1
fi

run_deno "$HERE/conformance.mjs" ":memory:" >"$WORK/oracle.txt"
DENO_CERT="$WORK/ca.pem" run_deno "$HERE/conformance.mjs" "$SERVER_URL" >"$WORK/deno.txt" ||
  { echo "deno run failed"; status=1; }
NODE_EXTRA_CA_CERTS="$WORK/ca.pem" run_node "$HERE/conformance.mjs" "$SERVER_URL" >"$WORK/node.txt" ||
  { echo "node run failed"; status=1; }
stop_server

echo "oracle: $(wc -l <"$WORK/oracle.txt") observations"
compare "Deno 2.9.6 over TLS (h2)" deno.txt '^defect\.'
compare "@deno/kv 0.14.0 over TLS (HTTP/1.1)" node.txt '^(defect|deno-only)\.'
if [[ $status -ne 0 ]]; then tail -50 "$WORK/server.log"; fi
exit $status
