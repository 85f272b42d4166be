#!/usr/bin/env bash
# A full disk (RELIABILITY.md §Disk full): the library commits to a SQLite
# file on a 16 MiB tmpfs, 12 MiB of it taken, until a commit fails. That failure must be a clear
# kIoError, nothing acknowledged may be lost (crash_writer verify, and
# PRAGMA integrity_check), and once space is back the same open database
# must commit again. The tmpfs is mounted in a mount namespace of this test
# (unshare -m), so nothing outside sees it and it vanishes with the test.
# Needs root for the mount; skipped (exit 77) otherwise.
#   disk_full_test.sh CRASH_WRITER
set -euo pipefail
WRITER="$(realpath "$1")"
if [[ $(id -u) != 0 ]] || ! command -v unshare >/dev/null; then
  echo "SKIP: mounting a tmpfs needs root and unshare"
  exit 77
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/disk"

# Everything that touches the small disk runs inside the namespace.
unshare -m --propagation private bash -s "$WRITER" "$WORK" <<'INNER'
set -euo pipefail
WRITER="$1" WORK="$2"
DISK="$WORK/disk" ACKS="$WORK/acks.log"
mount -t tmpfs -o size=16m tmpfs "$DISK"
# Most of the disk is taken, to be given back once the database has filled the rest.
dd if=/dev/zero of="$DISK/filler" bs=1M count=12 status=none
status=0
"$WRITER" until-full "$DISK/db.sqlite" "$ACKS" "$WORK/resume" >"$WORK/writer.out" 2>&1 &
pid=$!
for _ in $(seq 600); do grep -q '^failed' "$WORK/writer.out" && break; sleep 0.1; done
failure="$(grep '^failed' "$WORK/writer.out" || true)"
echo "after $(wc -l <"$ACKS") acknowledged commits: $failure ($(df -h --output=used,size "$DISK" | tail -1))"
if [[ "$failure" == "failed IoError "* ]]; then
  echo "PASS the commit that found the disk full failed with a clear kIoError"
else
  echo "FAIL the full disk gave: ${failure:-nothing within 60 s}"; status=1
fi
# While the disk is still full, another process reads everything back.
if out="$("$WRITER" verify "$DISK/db.sqlite" "$ACKS" 2>&1)"; then
  echo "PASS on the full disk nothing acknowledged is lost: $out"
else
  echo "FAIL verify on the full disk: $out"; status=1
fi
rm "$DISK/filler"
touch "$WORK/resume"
if wait "$pid" && grep -q '^resumed 100' "$WORK/writer.out"; then
  echo "PASS once space is back the same open database commits again (100 commits)"
else
  echo "FAIL after space came back: $(tail -3 "$WORK/writer.out")"; status=1
fi
if out="$("$WRITER" verify "$DISK/db.sqlite" "$ACKS" 2>&1)"; then
  echo "PASS afterwards: $out"
else
  echo "FAIL verify afterwards: $out"; status=1
fi
check="$(sqlite3 "$DISK/db.sqlite" 'PRAGMA integrity_check')"
if [[ "$check" == ok ]]; then echo "PASS PRAGMA integrity_check: ok"; else echo "FAIL integrity_check: $check"; status=1; fi
umount "$DISK"
exit $status
INNER
