#!/usr/bin/env bash
# Installs everything OpenKV needs on a fresh Debian 12 machine: the build
# toolchain and libraries (Debian packages) and, with --peers DIR, the pinned
# JavaScript peers the interop tests run against (npm: deno@2.9.6,
# @deno/kv@0.14.0, playwright-core@1.65.2 for the console's browser test);
# with --bench also what bench/compare.sh needs beyond the
# build (gnuplot for its chart; not needed by CI). Safe to run again: it only
# installs what is missing.
set -euo pipefail

PEERS_DIR=""
BENCH=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --peers) PEERS_DIR="$2"; shift 2 ;;
    --bench) BENCH=1; shift ;;
    *) echo "usage: $0 [--peers DIR] [--bench]" >&2; exit 2 ;;
  esac
done

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git python3
  libsqlite3-dev sqlite3 openssl
  postgresql-15 libpq-dev postgresql-15-auto-failover pg-auto-failover-cli
  libprotobuf-dev protobuf-compiler
  libboost-dev libnghttp2-dev libssl-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libspdlog-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nodejs npm
  clang libclang-rt-14-dev
  python3-prometheus-client
  chromium
)
BENCH_PACKAGES=(gnuplot-nox)
[[ $BENCH -eq 1 ]] && PACKAGES+=("${BENCH_PACKAGES[@]}")

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A machine may carry its own node/npm outside Debian's packages.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if [[ ${#missing[@]} -gt 0 ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ -n "$PEERS_DIR" ]]; then
  install_peer() {  # dir package@version
    local dir="$PEERS_DIR/$1"
    if [[ ! -f "$dir/node_modules/$2/package.json" ]] ||
       ! grep -q "\"version\": \"$3\"" "$dir/node_modules/$2/package.json"; then
      mkdir -p "$dir"
      (cd "$dir" && { [[ -f package.json ]] || npm init -y >/dev/null; } &&
        npm install --no-audit --no-fund --save-exact "$2@$3" >/dev/null)
    fi
  }
  install_peer deno deno 2.9.6
  install_peer nodekv @deno/kv 0.14.0
  # Drives Debian's chromium (no browser download) for tests/console.
  install_peer playwright playwright-core 1.65.2
  "$PEERS_DIR/deno/node_modules/@deno/linux-x64-glibc/deno" --version | head -1
fi
