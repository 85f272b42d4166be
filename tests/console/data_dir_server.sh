# Shared setup of the console and data API tests (sourced after lib.sh):
# a data directory in a fresh $WORK with the databases "app" and "other",
# an admin token ($ADMIN) and a token for "app" ($APP), served by
# `openkv serve --data-dir` on a free port ($SERVER_URL, $SERVER_PID). The
# EXIT trap stops exactly that server and removes $WORK.
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
DATA="$WORK/data"
"$OPENKV_BIN" db create --data-dir "$DATA" app >/dev/null
"$OPENKV_BIN" db create --data-dir "$DATA" other >/dev/null
ADMIN="$("$OPENKV_BIN" token create --data-dir "$DATA" --admin 2>/dev/null)"
APP="$("$OPENKV_BIN" token create --data-dir "$DATA" --database app 2>/dev/null)"
start_serve "$WORK/server.log" --data-dir "$DATA"
echo "server pid $SERVER_PID at $SERVER_URL"
