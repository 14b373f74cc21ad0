#!/usr/bin/env bash
# Crash safety of the consent log (issue 4), against the real executable.
#
# Builds consent-service (debug unless CONSENT_BIN names a binary), then runs tests/e2e/test_crash.py:
# CRASH_ROUNDS (default 5) rounds on one data directory, each with 32 concurrent writers POSTing
# /v1/consents, a SIGKILL at a random moment, a restart (replay, torn tail cut off), and checks that
# every 201'd consent is present, `consent-service verify DIR` exits 0 and GET /v1/audit/verify (when
# the route exists) says intact. Bounded: about a minute. Prints `N passed, N failed`; exit 0 only when
# every check passed. Server output: $WORKDIR/server.log (kept on failure).
#
# Environment: CONSENT_BIN, CRASH_ROUNDS, CRASH_WRITERS, CRASH_MIN_MS, CRASH_MAX_MS, E2E_SEED.
set -uo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${CONSENT_BIN:-}" ]; then
  echo "-- swift build"
  swift build --product consent-service 2>&1 | tail -1
  CONSENT_BIN="$PWD/.build/debug/consent-service"
fi
[ -x "$CONSENT_BIN" ] || { echo "crash: no executable at $CONSENT_BIN"; echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d /tmp/consent-crash.XXXXXX)
timeout 300 python3 tests/e2e/test_crash.py "$CONSENT_BIN" "$work"
status=$?
if [ "$status" -eq 0 ]; then
  rm -rf "$work"
else
  [ "$status" -eq 124 ] && { echo "crash: timed out after 300 s"; echo "0 passed, 1 failed"; }
  echo "-- last server output ($work/server.log):"
  tail -n 30 "$work/server.log" 2>/dev/null
fi
exit "$status"
