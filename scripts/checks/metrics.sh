#!/usr/bin/env bash
# The /metrics check: starts the service, makes a few requests of each kind, scrapes /metrics and
#   1. runs `promtool check metrics` on the scrape (Prometheus text format 0.0.4, naming lint);
#   2. checks the Content-Type is the 0.0.4 text type;
#   3. checks the requests just made are counted under their route pattern (never the raw path),
#      the consent append is counted, and no visitor id or token made it into a label.
#
# Usage: scripts/checks/metrics.sh
# Environment (optional): CONSENT_BINARY, the consent-service binary (default: swift build, debug).
# Prints "metrics: N passed, N failed"; exits 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/../.."

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "  ok   $1"; }
fail() { failed=$((failed + 1)); echo "  FAIL $1"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
finish() { echo "metrics: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if ! command -v promtool >/dev/null 2>&1; then
  echo "-- installing prometheus (for promtool)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq prometheus >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq prometheus >/dev/null 2>&1; }
fi
command -v promtool >/dev/null 2>&1 || { fail "promtool is available"; finish; }

binary=${CONSENT_BINARY:-}
if [ -z "$binary" ]; then
  echo "-- swift build --build-tests -Xswiftc -warnings-as-errors"
  swift build --build-tests -Xswiftc -warnings-as-errors >/dev/null 2>&1 || { fail "swift build"; finish; }
  binary="$(swift build --show-bin-path)/consent-service"
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/consent-metrics.XXXXXX")
server_pid=""
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

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
token=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
base="http://127.0.0.1:$port"
CONSENT_AUDIT_TOKENS=$token "$binary" serve --host 127.0.0.1 --port "$port" --data-dir "$workdir/data" \
  >"$workdir/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 150); do
  if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then ready=1; break; fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$ready" ]; then
  fail "the service becomes ready"
  tail -n 20 "$workdir/server.log"
  finish
fi

# A few requests of each kind: catalogue reads (one of them a 304), a cookie by id and a 404,
# a consent, a decision, a CORS preflight, a 405 and a path no route matches.
visitor="metricsvisitor$RANDOM$RANDOM"
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
declare -A got
got[catalogue]=$(status "$base/v1/catalogue")
etag=$(curl -sI "$base/v1/catalogue" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
got[catalogue304]=$(status -H "If-None-Match: $etag" "$base/v1/catalogue")
got[cookies]=$(status "$base/v1/cookies?category=analytics")
got[cookie404]=$(status "$base/v1/cookies/no-such-cookie")
got[consent]=$(status -X POST -H 'Content-Type: application/json' \
  -d "{\"visitorId\":\"$visitor\",\"choices\":{\"analytics\":true}}" "$base/v1/consents")
got[visitor]=$(status "$base/v1/visitors/$visitor/consent")
got[decision]=$(status -X POST -H 'Content-Type: application/json' \
  -d "{\"visitorId\":\"$visitor\",\"cookies\":[\"_ga\"]}" "$base/v1/decisions")
got[preflight]=$(status -X OPTIONS -H 'Origin: https://shop.example' \
  -H 'Access-Control-Request-Method: POST' "$base/v1/consents")
got[method]=$(status -X PUT "$base/v1/catalogue")
got[unmatched]=$(status "$base/no/such/path")
want="catalogue=200 catalogue304=304 cookies=200 cookie404=404 consent=201 visitor=200 decision=200 preflight=204 method=405 unmatched=404"
have=""
for pair in $want; do have+="${pair%%=*}=${got[${pair%%=*}]} "; done
check "the sample requests answer as expected ($want)" test "${have% }" = "$want"
[ "${have% }" = "$want" ] || echo "       got: ${have% }"

headers="$workdir/metrics.headers"
scrape="$workdir/metrics.txt"
scrape_status=$(curl -s -D "$headers" -o "$scrape" -w '%{http_code}' "$base/metrics")
check "GET /metrics answers 200" test "$scrape_status" = 200
check "Content-Type is text/plain; version=0.0.4" \
  grep -Eiq '^content-type: text/plain; version=0\.0\.4(; charset=utf-8)?'$'\r''?$' "$headers"

promtool_out=$(promtool check metrics < "$scrape" 2>&1)
promtool_status=$?
check "promtool check metrics accepts the scrape" test "$promtool_status" -eq 0 -a -z "$promtool_out"
[ -n "$promtool_out" ] && echo "$promtool_out" | sed 's/^/       /'

has() { grep -Eq "$1" "$scrape"; }
check "GET /v1/catalogue counted under its route (200 and 304)" \
  bash -c "grep -Eq '^http_requests_total\\{route=\"/v1/catalogue\",method=\"GET\",status=\"200\"\\} [1-9]' '$scrape' && grep -Eq '^http_requests_total\\{route=\"/v1/catalogue\",method=\"GET\",status=\"304\"\\} [1-9]' '$scrape'"
check "a cookie id is counted under the route pattern /v1/cookies/{id}" \
  has '^http_requests_total\{route="/v1/cookies/\{id\}",method="GET",status="404"\} 1$'
check "unmatched paths are counted as route=\"unmatched\"" \
  has '^http_requests_total\{route="unmatched",method="GET",status="404"\} [1-9]'
check "the consent append is counted (consent_appends_total{result=\"ok\"} 1)" \
  has '^consent_appends_total\{result="ok"\} 1$'
check "latency histograms end with +Inf buckets and _count" \
  bash -c "grep -Eq '^http_request_duration_seconds_bucket\\{route=\"/v1/catalogue\",le=\"\\+Inf\"\\} [1-9]' '$scrape' && grep -Eq '^http_request_duration_seconds_count\\{route=\"/v1/catalogue\"\\} [1-9]' '$scrape'"
check "no visitor id, raw path or token appears in the scrape" \
  bash -c "! grep -Fq -e '$visitor' -e 'no-such-cookie' -e '/no/such/path' -e '$token' '$scrape'"
check "the service is still running after the scrape" kill -0 "$server_pid"
finish
