#!/usr/bin/env bash
# The C API against a KV Connect server (`openkv serve` on a free 127.0.0.1
# port; only its recorded PID is signalled): c_api_test in its remote mode,
# with the access token passed as an option and none in the environment.
#   remote_test.sh C_API_TEST OPENKV_BINARY
set -uo pipefail
TEST="$1"
OPENKV_BIN="$2"
DIR="$(mktemp -d)"
source "$(dirname "$0")/../interop/server/lib.sh"  # start_server / stop_server, TOKEN
trap 'stop_server; rm -rf "$DIR"' EXIT
start_server "$DIR/served.sqlite3" "$DIR/server.log" || exit 1
env -u DENO_KV_ACCESS_TOKEN "$TEST" "$SERVER_URL" "$TOKEN"
