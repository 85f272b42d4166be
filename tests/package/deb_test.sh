#!/usr/bin/env bash
# The .deb CPack makes from the build tree: its metadata (package openkv,
# Depends from Debian package names), its contents (the CLI, the C API with
# its SONAME, the public headers and the CMake package, stripped binaries),
# and the CLI run from a `dpkg -x` root as an installed system would run it.
# Usage: deb_test.sh BUILD_DIR
set -uo pipefail
BUILD="$1"
DIR="$(mktemp -d)"
OPENKV="$DIR/root/usr/bin/openkv"
source "$(dirname "$0")/../cli/lib.sh"  # check / run / finish
trap 'rm -rf "$DIR"' EXIT

if ! (cd "$DIR" && cpack --config "$BUILD/CPackConfig.cmake" -B "$DIR/out") >"$DIR/cpack.log" 2>&1; then
  cat "$DIR/cpack.log"; exit 1
fi
DEB="$(ls "$DIR"/out/openkv_*.deb)"
check "one .deb named openkv_<version>_<arch>.deb" 1 "$(wc -w <<<"$DEB")"
info="$(dpkg-deb -I "$DEB")"
check "Package: openkv" 1 "$(grep -c '^ Package: openkv$' <<<"$info")"
depends="$(sed -n 's/^ Depends: //p' <<<"$info")"
for package in libc6 libstdc++6 libsqlite3-0 libssl3 libnghttp2-14 libpq5; do
  check "Depends names $package" 1 "$(tr ',' '\n' <<<"$depends" | grep -c "^ *$package\b")"
done

dpkg -x "$DEB" "$DIR/root"
files="$(dpkg-deb -c "$DEB")"
for path in ./usr/bin/openkv ./usr/include/openkv/openkv.h ./usr/include/openkv/openkv_c.h \
            './usr/lib/.*cmake/OpenKV/OpenKVConfig.cmake' './usr/lib/.*pkgconfig/openkv.pc' \
            './usr/lib/.*pkgconfig/openkv_c.pc' './usr/lib/.*libopenkv\.a'; do
  check "the package holds $path" 1 "$(grep -c " $path\$" <<<"$files")"
done
check "the package holds libopenkv_c.so.0" 1 "$(grep -c ' ./usr/lib/.*libopenkv_c.so.0 -> ' <<<"$files")"
check "the CLI is stripped" 0 "$(readelf -S "$OPENKV" | grep -c '\.debug_info')"
ARCHIVE="$(find "$DIR/root" -name libopenkv.a)"
check "the archives carry no debug info" 0 "$(readelf -S "$ARCHIVE" | grep -c '\.debug_info')"

run set --path "$DIR/kv.sqlite3" '["from","deb"]' '"installed"'
check "the packaged CLI sets" 0 "$CODE"
run get --path "$DIR/kv.sqlite3" '["from","deb"]'
check "the packaged CLI gets" 1 "$([[ "$OUT" == *installed* ]] && echo 1)"
run --version
check "the packaged CLI reports its version" 1 "$([[ "$OUT" == *0.1.0* ]] && echo 1)"
finish
