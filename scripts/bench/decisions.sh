#!/usr/bin/env bash
# scripts/bench/decisions.sh — POST /v1/decisions (5 cookie names, a recorded visitor) vs GET /v1/catalogue,
# same server, same run, 64 connections.
#
# Release build, server started with a fresh data directory; 1000 visitors are recorded first (post.lua),
# then RUNS (default 3) rounds, each: wrk -t1 -c64 -d$DURATION GET /v1/catalogue (the full catalogue,
# ~13 KB) then POST /v1/decisions (decisions.lua). Prints per-run lines, the medians (req/s, p50, p99,
# server CPU µs per request) and the ratio of the median rates (target ≥ 0.8).
#
# Environment: PORT (default 28093), RUNS, DURATION (default 10s), WARMUP (2s), SERVER_ARGS,
# SCRATCH (build directory, default .build; e.g. .build-rel for a private release build),
# NO_BUILD=1 (use the binary already built in SCRATCH; run the build outside any benchmark lock).
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=$PWD/scripts/bench
PEERS=${PEERS:-$(cd ../shared/peers && pwd)}
PORT=${PORT:-28093}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
BASE=http://127.0.0.1:$PORT

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
SCRATCH=${SCRATCH:-.build}
[ -n "${NO_BUILD:-}" ] || swift build -c release --product consent-service --scratch-path "$SCRATCH" 2>&1 | tail -1

data=$(mktemp -d /tmp/decisions-bench.XXXXXX)
# shellcheck disable=SC2086
"$SCRATCH"/release/consent-service serve --port "$PORT" --data-dir "$data" ${SERVER_ARGS:-} > /tmp/decisions-bench.out 2>&1 &
ours=$!
trap 'kill $ours 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null "$BASE/readyz" && break; sleep 0.1; done
# Record visitor-00000001.. (post.lua numbers its visitors from 1): decisions then find a consent.
wrk -t1 -c16 -d2s -s "$PEERS/post.lua" "$BASE/v1/consents" > /dev/null
curl -sf "$BASE/v1/visitors/visitor-00001000/consent" | grep -q '"state":"granted"' \
  || { echo "seeding did not record visitor-00001000" >&2; exit 1; }
body=$(curl -s -H 'Content-Type: application/json' -d '{"visitorId":"visitor-00000001","cookies":["_zendesk_session","_cf_bm","ajs_user_id","hc-7-preview","unknown_cookie"]}' "$BASE/v1/decisions")
echo "sample decision: ${body:0:300}..."

echo "# $(date -u +%FT%TZ) $(nproc) cores, c=64 RUNS=$RUNS DURATION=$DURATION"
tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14+$15}' "/proc/$ours/stat"; }  # server user+system CPU, in clock ticks
run() {  # name url script -> WRKSUM line + server_us (server CPU µs per request: steadier than req/s on a busy box)
  local before after line requests
  before=$(cpu_ticks)
  line=$(wrk -t1 -c64 -d"$DURATION" --latency -s "$3" "$2" | grep '^WRKSUM')
  after=$(cpu_ticks)
  requests=$(echo "$line" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')
  echo "$line server_us=$(awk -v t=$((after - before)) -v hz="$tck" -v n="$requests" 'BEGIN{printf "%.2f", t / hz * 1e6 / n}')"
}
wrk -t1 -c64 -d"$WARMUP" -s "$PEERS/report.lua" "$BASE/v1/catalogue" > /dev/null
wrk -t1 -c64 -d"$WARMUP" -s "$HERE/decisions.lua" "$BASE/v1/decisions" > /dev/null
: > /tmp/decisions-bench.runs
for i in $(seq 1 "$RUNS"); do
  g=$(run get "$BASE/v1/catalogue" "$PEERS/report.lua"); echo "catalogue run=$i $g" | tee -a /tmp/decisions-bench.runs
  d=$(run post "$BASE/v1/decisions" "$HERE/decisions.lua"); echo "decisions run=$i $d" | tee -a /tmp/decisions-bench.runs
done
med() {  # scenario field
  grep "^$1 " /tmp/decisions-bench.runs | sed -n "s/.* $2=\([0-9.]*\).*/\1/p" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'
}
printf '%-10s %9s %8s %8s %7s %10s\n' scenario "req/s" p50_ms p99_ms non2xx server_us
for s in catalogue decisions; do
  non2xx=$(grep "^$s " /tmp/decisions-bench.runs | sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' | awk '{t+=$1} END{print t+0}')
  printf '%-10s %9.0f %8.2f %8.2f %7s %10.2f\n' "$s" "$(med $s rps)" "$(awk -v v="$(med $s p50_us)" 'BEGIN{print v/1000}')" \
    "$(awk -v v="$(med $s p99_us)" 'BEGIN{print v/1000}')" "$non2xx" "$(med $s server_us)"
done
awk -v a="$(med decisions rps)" -v b="$(med catalogue rps)" 'BEGIN{printf "ratio decisions / catalogue (median req/s): %.2fx (target >= 0.8)\n", a/b}'
