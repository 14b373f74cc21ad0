#!/usr/bin/env bash
# Write-failure behaviour of the consent log (issue 4): the data directory runs out of space.
#
# Needs root (CI runs as root): mounts a 256 KiB tmpfs, writes a 64 KiB filler file into it and runs
# tests/e2e/test_diskfull.py against the real executable with the log in that tmpfs: POSTs until writes
# fail, then checks no 201 for lost data, 503 problem+json `log-unavailable`, /readyz 503 naming the
# log, reads still answered; deletes the filler, restarts, and checks every 201'd record is present,
# writes work again and `consent-service verify DIR` exits 0. Not root or mount failure → FAILS (never
# skips). Prints `N passed, N failed`.
#
# Environment: CONSENT_BIN (default: debug build), DISKFULL_SIZE (default 256k), E2E_SEED.
set -uo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "diskfull: $*"; echo "0 passed, 1 failed"; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "must run as root to mount a tmpfs (CI runs as root); refusing to skip"

if [ -z "${CONSENT_BIN:-}" ]; then
  echo "-- swift build"
  swift build --product consent-service 2>&1 | tail -1
  CONSENT_BIN="$PWD/.build/debug/consent-service"
fi
[ -x "$CONSENT_BIN" ] || fail "no executable at $CONSENT_BIN"

work=$(mktemp -d /tmp/consent-diskfull.XXXXXX)
mnt="$work/mnt"
mkdir -p "$mnt"
mount -t tmpfs -o "size=${DISKFULL_SIZE:-256k},mode=0755" consent-diskfull "$mnt" \
  || { rm -rf "$work"; fail "mount -t tmpfs failed (a container without CAP_SYS_ADMIN?)"; }
cleanup() { umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null; }
trap cleanup EXIT
echo "-- tmpfs of ${DISKFULL_SIZE:-256k} at $mnt"

timeout 180 python3 tests/e2e/test_diskfull.py "$CONSENT_BIN" "$mnt"
status=$?
[ "$status" -eq 124 ] && { echo "diskfull: timed out after 180 s"; echo "0 passed, 1 failed"; }
if [ "$status" -ne 0 ]; then
  echo "-- last server output ($work/mnt-server.log):"
  tail -n 30 "$work/mnt-server.log" 2>/dev/null
fi
cleanup
trap - EXIT
[ "$status" -eq 0 ] && rm -rf "$work"
exit "$status"
