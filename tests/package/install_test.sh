#!/usr/bin/env bash
# `cmake --install` of the build tree into a temporary prefix, then programs
# built out of tree against it as users build them: with find_package(OpenKV)
# (C++ on local files, C++ through OpenKV::remote against the installed
# `openkv serve`, OpenKV::postgres, C on OpenKV::openkv_c) and with
# pkg-config (openkv, openkv_c, openkv_remote, openkv_postgres). Also checks that a local-files program links no server-backend
# library (nghttp2, OpenSSL, protobuf, libpq) and that only include/openkv
# is installed. The server runs on a free 127.0.0.1 port; only its PID is
# signalled.
# Usage: install_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
SRC="$1"; BUILD="$2"
DIR="$(mktemp -d)"
PREFIX="$DIR/prefix"
OPENKV_BIN="$PREFIX/bin/openkv"
source "$SRC/tests/interop/server/lib.sh"  # start_server / stop_server; exports the token
OPENKV="$OPENKV_BIN"
source "$SRC/tests/cli/lib.sh"             # check / run / finish
trap 'stop_server; rm -rf "$DIR"' EXIT

cmake --install "$BUILD" --prefix "$PREFIX" >"$DIR/install.log" 2>&1 || { cat "$DIR/install.log"; exit 1; }
LIB="$(find "$PREFIX" -name libopenkv_c.so.0 -printf '%h\n')"
check "libopenkv_c.so.0 is installed with its SONAME" "libopenkv_c.so.0" \
  "$(readelf -d "$LIB/libopenkv_c.so.0" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')"
check "only the public headers are installed" "openkv" "$(ls "$PREFIX/include")"
check "no internal header is installed" "" "$(find "$PREFIX/include" -name '*.h' ! -path '*/include/openkv/*')"

# find_package(OpenKV).
if ! cmake -S "$SRC/tests/package/consumer" -B "$DIR/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
       -DCMAKE_PREFIX_PATH="$PREFIX" >"$DIR/consumer.log" 2>&1 ||
   ! cmake --build "$DIR/consumer" >>"$DIR/consumer.log" 2>&1; then
  cat "$DIR/consumer.log"; exit 1
fi
check "find_package consumer: local file" "ok" "$("$DIR/consumer/local_consumer" "$DIR/cmake.kv")"
run get --path "$DIR/cmake.kv" '["users","ada"]'
check "the installed CLI reads what the consumer wrote" 1 "$([[ "$OUT" == *Ada* ]] && echo 1)"
check "find_package consumer: C API" "ok" "$("$DIR/consumer/c_consumer" "$DIR/c.kv")"
start_server "$DIR/served.kv" "$DIR/server.log" || exit 1
check "find_package consumer: OpenKV::remote via openkv serve" "ok" \
  "$("$DIR/consumer/remote_consumer" "$SERVER_URL")"
stop_server
# A port nothing listens on: the backend must answer "unavailable".
DOWN="postgresql://postgres@127.0.0.1:$(free_port)/none"
check "find_package consumer: OpenKV::postgres" "ok" "$("$DIR/consumer/postgres_consumer" "$DOWN")"
# What an embedder of local files links: SQLite and what the codec needs.
needed="$(readelf -d "$DIR/consumer/local_consumer" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')"
check "a local-files program needs libsqlite3" 1 "$(grep -c '^libsqlite3' <<<"$needed")"
check "a local-files program links no server backend library" "" \
  "$(grep -E 'nghttp2|libssl|libcrypto|protobuf|libpq|boost' <<<"$needed")"

# pkg-config.
export PKG_CONFIG_PATH="$LIB/pkgconfig"
# shellcheck disable=SC2046  # pkg-config prints several flags
if ! c++ -o "$DIR/pc_local" "$SRC/tests/package/consumer/local_consumer.cc" \
       $(pkg-config --cflags --libs openkv) >"$DIR/pc.log" 2>&1 ||
   ! cc -std=c99 -o "$DIR/pc_c" "$SRC/tests/package/consumer/c_consumer.c" \
       $(pkg-config --cflags --libs openkv_c) >>"$DIR/pc.log" 2>&1; then
  cat "$DIR/pc.log"; exit 1
fi
check "pkg-config consumer: local file" "ok" "$("$DIR/pc_local" "$DIR/pc.kv")"
check "pkg-config consumer: C API" "ok" "$(LD_LIBRARY_PATH="$LIB" "$DIR/pc_c" "$DIR/pc_c.kv")"
# The backends' .pc files, with the same consumers.
if ! c++ -o "$DIR/pc_remote" "$SRC/tests/package/consumer/remote_consumer.cc" \
       $(pkg-config --cflags --libs openkv_remote) >"$DIR/pc_backends.log" 2>&1 ||
   ! c++ -o "$DIR/pc_postgres" "$SRC/tests/package/consumer/postgres_consumer.cc" \
       $(pkg-config --cflags --libs openkv_postgres) >>"$DIR/pc_backends.log" 2>&1; then
  cat "$DIR/pc_backends.log"; exit 1
fi
start_server "$DIR/pc_served.kv" "$DIR/pc_server.log" || exit 1
check "pkg-config consumer: openkv_remote via openkv serve" "ok" "$("$DIR/pc_remote" "$SERVER_URL")"
stop_server
check "pkg-config consumer: openkv_postgres" "ok" "$("$DIR/pc_postgres" "$DOWN")"
finish
