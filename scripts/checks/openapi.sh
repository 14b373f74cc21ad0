#!/usr/bin/env bash
# The OpenAPI contract check.
#
#   1. openapi-spec-validator: openapi.yaml is valid OpenAPI 3.1.
#   2. pytest tests/contract: static checks of the spec against the wire contract
#      (every endpoint, security, problem+json errors, examples valid against their schemas, …).
#   3. schemathesis: every check (`[checks] enabled = true` in tests/contract/schemathesis.toml),
#      phases examples, coverage, fuzzing and stateful, against a live service; 0 failures required.
#
# The live service is CONSENT_BASE_URL (with CONSENT_AUDIT_TOKEN, an auditor token it accepts)
# when set; otherwise this script builds consent-service, starts it on a free port of 127.0.0.1
# with a temporary data directory and a random auditor token, and stops it at the end.
#
# Usage: scripts/checks/openapi.sh [--static]     (--static: steps 1–2 only, for editing the spec)
# Environment (all optional):
#   CONSENT_BASE_URL, CONSENT_AUDIT_TOKEN   test this running service instead of starting one
#   CONSENT_BINARY                         the consent-service binary to start (default: swift build)
#   OPENAPI_MAX_EXAMPLES (30)              schemathesis --max-examples per operation
#   OPENAPI_TIMEOUT (900)                  seconds before the schemathesis run counts as failed
#   OPENAPI_SEED                           schemathesis --seed, to reproduce a run
#   CONSENT_CHECKS_VENV                    where the Python tools live (default .build/venv-openapi)
# Prints a final "N passed, N failed" line; exits 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
SCHEMATHESIS_VERSION=4.32.5
SPEC=openapi.yaml
CONFIG=tests/contract/schemathesis.toml

static_only=0
case "${1:-}" in
  --static) static_only=1 ;;
  "") ;;
  *) echo "usage: $0 [--static]" >&2; exit 64 ;;
esac

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
finish() {
  echo "openapi: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

# ---- Tools ---------------------------------------------------------------------------------
VENV=${CONSENT_CHECKS_VENV:-$ROOT/.build/venv-openapi}
PY=$VENV/bin/python
want="openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION schemathesis==$SCHEMATHESIS_VERSION"
if [ ! -x "$PY" ] || [ "$(cat "$VENV/.pins" 2>/dev/null)" != "$want" ]; then
  echo "== installing $want into $VENV"
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV"; then
    # Debian/Ubuntu without ensurepip: install the venv module first.
    if command -v apt-get >/dev/null 2>&1; then
      apt-get install -y -qq python3-venv >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-venv; }
    fi
    rm -rf "$VENV"
    python3 -m venv "$VENV" || { fail "cannot create a Python venv at $VENV"; finish; }
  fi
  # shellcheck disable=SC2086
  if ! "$PY" -m pip install -q --disable-pip-version-check $want; then
    fail "pip install $want"
    finish
  fi
  echo "$want" > "$VENV/.pins"
fi

# ---- 1. The document is valid OpenAPI 3.1 --------------------------------------------------
echo "== openapi-spec-validator $SPEC"
if "$VENV/bin/openapi-spec-validator" --schema 3.1 "$SPEC"; then
  pass "openapi-spec-validator: $SPEC is valid OpenAPI 3.1"
else
  fail "openapi-spec-validator: $SPEC"
fi

# ---- 2. Static contract tests ----------------------------------------------------------------
echo "== pytest tests/contract"
pytest_log=$(mktemp)
"$PY" -m pytest -q -p no:cacheprovider tests/contract 2>&1 | tee "$pytest_log"
summary=$(grep -E '^[0-9]+ (passed|failed)|[0-9]+ passed|[0-9]+ failed' "$pytest_log" | tail -n 1)
t_passed=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || true)
t_failed=$(grep -oE '[0-9]+ (failed|error|errors)' <<<"$summary" | awk '{n += $1} END {if (NR) print n}')
rm -f "$pytest_log"
if [ -n "$t_passed" ] && [ -z "$t_failed" ]; then
  pass "pytest tests/contract: $t_passed tests"
else
  fail "pytest tests/contract: ${t_passed:-0} passed, ${t_failed:-?} failed"
fi

if [ "$static_only" -eq 1 ]; then
  echo "(--static: the live schemathesis run was not executed)"
  finish
fi

# ---- 3. schemathesis against a live service ------------------------------------------------
server_pid=""
workdir=$(mktemp -d "${TMPDIR:-/tmp}/consent-openapi.XXXXXX")
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# GET url, print the status code (000 when unreachable).
http_status() {
  "$PY" - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print("000")
PY
}

if [ -n "${CONSENT_BASE_URL:-}" ]; then
  base_url=${CONSENT_BASE_URL%/}
  if [ -z "${CONSENT_AUDIT_TOKEN:-}" ]; then
    fail "CONSENT_BASE_URL is set but CONSENT_AUDIT_TOKEN is not (the auditor endpoints need it)"
    finish
  fi
  echo "== testing the running service at $base_url"
else
  binary=${CONSENT_BINARY:-}
  if [ -z "$binary" ]; then
    # The same flags as scripts/test, so after it this is a no-op rather than a rebuild.
    echo "== swift build --build-tests -Xswiftc -warnings-as-errors"
    if ! swift build --build-tests -Xswiftc -warnings-as-errors; then
      fail "swift build"
      finish
    fi
    binary="$(swift build --show-bin-path)/consent-service"
  fi
  port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  CONSENT_AUDIT_TOKEN=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
  export CONSENT_AUDIT_TOKEN
  base_url="http://127.0.0.1:$port"
  echo "== starting $binary on $base_url (data dir $workdir/data)"
  # The token is passed through the environment, not argv, so it does not show in `ps`.
  CONSENT_AUDIT_TOKENS=$CONSENT_AUDIT_TOKEN "$binary" serve --host 127.0.0.1 --port "$port" \
    --data-dir "$workdir/data" >"$workdir/server.log" 2>&1 &
  server_pid=$!
fi

ready=""
for _ in $(seq 1 300); do
  if [ "$(http_status "$base_url/readyz")" = "200" ]; then ready=1; break; fi
  if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  fail "the service at $base_url did not become ready (GET /readyz != 200 within 60 s)"
  if [ -f "$workdir/server.log" ]; then echo "-- last server log lines:"; tail -n 20 "$workdir/server.log"; fi
  finish
fi

report_dir="$workdir/report"
junit="${OPENAPI_JUNIT:-$report_dir/junit.xml}"
st_args=(
  --config-file "$CONFIG" run "$SPEC"
  --url "$base_url"
  --phases examples,coverage,fuzzing,stateful
  --max-examples "${OPENAPI_MAX_EXAMPLES:-30}"
  --request-timeout 10
  --workers 1
  --generation-database none
  --report junit --report-junit-path "$junit"
  --no-color
)
[ -n "${OPENAPI_SEED:-}" ] && st_args+=(--seed "$OPENAPI_SEED")
echo "== schemathesis ${st_args[*]}"
# Hypothesis keeps its own files (charmaps, constants); keep them out of the source tree.
export HYPOTHESIS_STORAGE_DIRECTORY="$ROOT/.build/hypothesis"
timeout --signal=TERM "${OPENAPI_TIMEOUT:-900}" "$VENV/bin/schemathesis" "${st_args[@]}"
st_status=$?

# One JUnit test case per operation (and per stateful scenario); count them.
read -r st_total st_bad < <("$PY" - "$junit" <<'PY' 2>/dev/null || echo "0 0"
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print("0 0"); sys.exit(0)
cases = list(root.iter("testcase"))
bad = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
print(len(cases), bad)
PY
)
if [ "$st_status" -eq 124 ]; then
  fail "schemathesis: did not finish within ${OPENAPI_TIMEOUT:-900} s"
elif [ "$st_status" -ne 0 ] || [ "${st_bad:-1}" -ne 0 ] || [ "${st_total:-0}" -eq 0 ]; then
  fail "schemathesis: exit $st_status, $((${st_total:-0} - ${st_bad:-0})) of ${st_total:-0} operations/scenarios clean"
else
  pass "schemathesis: all checks, examples+coverage+fuzzing+stateful, $st_total operations/scenarios, 0 failures"
fi

# 5xx answers are already failures of the not_a_server_error check; a crash must not pass either.
if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
  fail "the service exited during the schemathesis run"
  tail -n 20 "$workdir/server.log"
fi
finish
