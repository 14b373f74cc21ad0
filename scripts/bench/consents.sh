#!/usr/bin/env bash
# scripts/bench/consents.sh — durable POST /v1/consents: consent-service vs the Hummingbird 2 peer.
#
# Release build of consent-service, started with its log in a fresh directory under /tmp (the same
# ext4 file system as the peer's log; fsync=always, the default: every 201 is after an fdatasync).
# Then ../shared/peers/run.sh with SCENARIOS=post64 (wrk -t1 -c64, post.lua: varying visitorId,
# 3 runs of 10 s, median) against it, then against the Hummingbird peer (one fdatasync per request),
# one server at a time in one run, and the ratio of the medians. Also prints the server's group-commit
# counters from /metrics when it exposes them.
#
# Environment: PORT (default 28092), RUNS, DURATION (passed to run.sh), PEERS (default ../shared/peers),
#   SKIP_PEERS=1 (consent-service alone), SERVER_ARGS (extra flags, e.g. "--access-log off"),
#   KEEP_DATA=1 (keep the data directory), SCRATCH (SwiftPM scratch path of the release build, default
#   .build; e.g. .build-rel for a private one), SKIP_BUILD=1 (use the binary already in $SCRATCH/release),
#   BASELINE_BIN (a second consent-service binary, e.g. a release build of main, run right after ours
#   in the same way and the same run: prints its line and the ratio of the two medians).
# On a shared machine: build first, then run the load part alone, e.g.
#   swift build -c release --product consent-service --scratch-path .build-rel
#   SCRATCH=.build-rel SKIP_BUILD=1 flock /tmp/consent-bench.lock scripts/bench/consents.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PEERS=${PEERS:-$(cd ../shared/peers && pwd)}
PORT=${PORT:-28092}
export SCENARIOS=post64
WORK=${PEERS_WORK:-/tmp/consent-peers}; mkdir -p "$WORK"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
SCRATCH=${SCRATCH:-.build}
BIN="$SCRATCH/release/consent-service"
[ "${SKIP_BUILD:-0}" = 1 ] || swift build -c release --product consent-service --scratch-path "$SCRATCH" 2>&1 | tail -1
[ -x "$BIN" ] || { echo "no release binary at $BIN" >&2; exit 1; }
[ "${SKIP_PEERS:-0}" = 1 ] || [ -x "$WORK/hb-build/release/HBPeer" ] || "$PEERS/serve.sh" build hummingbird

# One server: fresh data directory, load, group-commit counters, verify. $1 = binary, $2 = label.
# Runs in a command substitution (a subshell), so it sets its own cleanup trap.
bench_server() {
  local bin=$1 label=$2 out
  data=$(mktemp -d /tmp/consent-bench-consents.XXXXXX)
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $label, POST /v1/consents c=64 RUNS=${RUNS:-3} DURATION=${DURATION:-10s} data=$data ($(df -T "$data" | awk 'NR==2{print $2}')) args=${SERVER_ARGS:-}" >&2
  # shellcheck disable=SC2086
  "$bin" serve --port "$PORT" --data-dir "$data" ${SERVER_ARGS:-} > "$WORK/consent-service-post-$label.out" 2>&1 &
  ours=$!
  trap 'kill $ours 2>/dev/null || true; [ "${KEEP_DATA:-0}" = 1 ] || rm -rf "$data"' EXIT
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break; sleep 0.1; done
  out=$(SERVER_PIDS=$ours "$PEERS/run.sh" "http://127.0.0.1:$PORT" "$label")
  echo "$out"
  curl -sf "http://127.0.0.1:$PORT/metrics" | grep -E '^consent_log_(batch_size|fsync_duration_seconds)_(sum|count)' \
    | awk '{print} {v[$1]=$2} END{n=v["consent_log_fsync_duration_seconds_count"];
        if (n>0) printf "group commit: %d fdatasyncs, mean %.3f ms, %.1f records per sync\n", n,
          v["consent_log_fsync_duration_seconds_sum"]/n*1000, v["consent_log_batch_size_sum"]/v["consent_log_batch_size_count"]}' >&2 || true
  kill $ours; wait $ours 2>/dev/null || true
  echo "log: $(cat "$data"/segment-*.log | wc -l) records in $(ls "$data" | grep -c '^segment-') segment(s), $(du -sh "$data" | cut -f1)" >&2
  "$bin" verify "$data" | tail -n 3 >&2
}
rps() { awk '$2=="post64"{print $3}' <<<"$1"; }

out_ours=$(bench_server "$BIN" consent-service)
echo "$out_ours"
if [ -n "${BASELINE_BIN:-}" ]; then
  out_base=$(bench_server "$BASELINE_BIN" baseline)
  echo "$out_base" | tail -n +2
  awk -v a="$(rps "$out_ours")" -v b="$(rps "$out_base")" 'BEGIN{printf "ratio consent-service / baseline (post64 median req/s): %.2fx\n", a/b}'
fi

if [ "${SKIP_PEERS:-0}" != 1 ]; then
  if curl -s -o /dev/null "http://127.0.0.1:28081/v1/catalogue"; then
    echo "port 28081 is busy (another benchmark running?); not starting the Hummingbird peer" >&2; exit 1
  fi
  pid=$("$PEERS/serve.sh" start hummingbird)
  out_hb=$(SERVER_PIDS=$pid "$PEERS/run.sh" http://127.0.0.1:28081 hummingbird | tail -n +2)
  "$PEERS/serve.sh" stop hummingbird
  echo "$out_hb"
  awk -v a="$(rps "$out_ours")" -v b="$(rps "$out_hb")" 'BEGIN{printf "ratio consent-service / hummingbird (post64 median req/s): %.2fx\n", a/b}'
fi
