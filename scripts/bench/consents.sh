#!/usr/bin/env bash
# scripts/bench/consents.sh — durable POST /v1/consents: consent-service vs the Hummingbird 2 peer.
#
# Release build of consent-service, started with its log in a fresh directory under /tmp (the same
# ext4 file system as the peer's log; fsync=always, the default: every 201 is after an fdatasync),
# next to the Hummingbird peer (one fdatasync per request). Both are loaded with the peers' load
# script (../shared/peers/run.sh, SCENARIOS=post64: wrk -t1 -c64, post.lua with a new visitorId per
# request, 2 s warm-up + DURATION) in INTERLEAVED rounds: each round loads every server once, one at
# a time, in an order that rotates from round to round, RUNS rounds (default 5). Disk latency on the
# shared machine drifts by 2x within minutes, and the peer's rate follows its fdatasync time while
# ours follows CPU: run back to back, drift lands on one side. Prints every run, the medians, the
# ratio of the medians and the median of the same-round ratios (scripts/bench/interleaved-summary.awk),
# our group-commit counters from /metrics, and the offline verification of our log.
#
# Environment: PORT (default 28092), RUNS (default 5), DURATION (default 10s), PEERS (default
#   ../shared/peers), SKIP_PEERS=1 (consent-service alone), SERVER_ARGS (extra flags, e.g.
#   "--access-log off"), KEEP_DATA=1 (keep the data directories), SCRATCH (SwiftPM scratch path of the
#   release build, default .build; e.g. .build-rel), SKIP_BUILD=1 (use the binary already in
#   $SCRATCH/release), BASELINE_BIN (a second consent-service binary, e.g. a release build of main,
#   loaded in the same rounds on PORT+1 under the label "baseline"), BASELINE_ARGS (the baseline's extra
#   flags instead of SERVER_ARGS; e.g. BASELINE_BIN=.build/release/consent-service BASELINE_ARGS="--threads 2"
#   compares the default event-loop count with two loops).
# The measuring part (never the build) holds /tmp/consent-bench.lock, so only one benchmark runs at a
# time on the shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/bench/interleaved.sh
. scripts/bench/interleaved.sh
PEERS=${PEERS:-$(cd ../shared/peers && pwd)}
PORT=${PORT:-28092}
export SCENARIOS=post64 DURATION=${DURATION:-10s}
RUNS=${RUNS:-5}
WORK=${PEERS_WORK:-/tmp/consent-peers}; mkdir -p "$WORK"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
SCRATCH=${SCRATCH:-.build}
BIN="$SCRATCH/release/consent-service"
[ "${SKIP_BUILD:-0}" = 1 ] || swift build -c release --product consent-service --scratch-path "$SCRATCH" 2>&1 | tail -1
[ -x "$BIN" ] || { echo "no release binary at $BIN" >&2; exit 1; }
[ "${SKIP_PEERS:-0}" = 1 ] || [ -x "$WORK/hb-build/release/HBPeer" ] || "$PEERS/serve.sh" build hummingbird

exec 9> /tmp/consent-bench.lock
flock 9
if [ "${SKIP_PEERS:-0}" != 1 ] && curl -s -o /dev/null "http://127.0.0.1:28081/v1/catalogue"; then
  echo "port 28081 is busy (another benchmark running?); not starting the Hummingbird peer" >&2; exit 1
fi
echo "# $(date -u +%FT%TZ) $(nproc) cores, POST /v1/consents c=64 RUNS=$RUNS (interleaved rounds) DURATION=$DURATION args=${SERVER_ARGS:-}${BASELINE_BIN:+ baseline args=${BASELINE_ARGS-${SERVER_ARGS:-}}}, load average $(cut -d' ' -f1-3 /proc/loadavg)"

labels=(); urls=(); pids=(); dirs=(); bins=()
peer_up=0
lines=$(mktemp)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "$peer_up" = 1 ]; then "$PEERS/serve.sh" stop hummingbird >/dev/null 2>&1 || true; fi
  if [ "${KEEP_DATA:-0}" != 1 ]; then for d in "${dirs[@]}"; do rm -rf "$d"; done; fi
  rm -f "$lines"
}
trap cleanup EXIT

# Starts one consent-service binary with a fresh data directory. $1 = binary, $2 = label, $3 = port,
# $4 = extra flags.
start_ours() {
  local data
  data=$(mktemp -d /tmp/consent-bench-consents.XXXXXX)
  # shellcheck disable=SC2086
  "$1" serve --port "$3" --data-dir "$data" $4 > "$WORK/consent-service-post-$2.out" 2>&1 &
  pids+=("$!"); labels+=("$2"); urls+=("http://127.0.0.1:$3"); dirs+=("$data"); bins+=("$1")
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$3/readyz" && return; sleep 0.1; done
  echo "$2 did not become ready on port $3" >&2; exit 1
}
start_ours "$BIN" consent-service "$PORT" "${SERVER_ARGS:-}"
[ -z "${BASELINE_BIN:-}" ] || start_ours "$BASELINE_BIN" baseline $((PORT + 1)) "${BASELINE_ARGS-${SERVER_ARGS:-}}"
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  peer_up=1
  labels+=(hummingbird); urls+=(http://127.0.0.1:28081); pids+=("$("$PEERS/serve.sh" start hummingbird)")
fi

interleaved_rounds "$RUNS"

interleaved_summary "$RUNS"

# Our servers: group-commit counters, then stop and verify each log offline.
for i in "${!dirs[@]}"; do
  curl -sf "${urls[$i]}/metrics" | grep -E '^consent_log_(batch_size|fsync_duration_seconds)_(sum|count)' \
    | awk -v l="${labels[$i]}" '{v[$1]=$2} END{n=v["consent_log_fsync_duration_seconds_count"];
        if (n>0) printf "%s group commit: %d fdatasyncs, mean %.3f ms, %.1f records per sync\n", l, n,
          v["consent_log_fsync_duration_seconds_sum"]/n*1000, v["consent_log_batch_size_sum"]/v["consent_log_batch_size_count"]}' || true
  kill "${pids[$i]}"; wait "${pids[$i]}" 2>/dev/null || true
  echo "${labels[$i]} log: $(cat "${dirs[$i]}"/segment-*.log | wc -l) records in $(ls "${dirs[$i]}" | grep -c '^segment-') segment(s), $(du -sh "${dirs[$i]}" | cut -f1); $("${bins[$i]}" verify "${dirs[$i]}" | grep -E '^result' | tr -s ' ')"
done
