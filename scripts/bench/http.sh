#!/usr/bin/env bash
# scripts/bench/http.sh — side-by-side GET benchmark of consent-service vs Hummingbird 2 vs nginx.
#
# Builds consent-service in release (private scratch dir), starts it on $PORT (default 28090) next to
# the Hummingbird 2 and nginx peers serving the same 13 KB catalogue bytes, and loads them with the
# peers' load script (../shared/peers/run.sh: wrk -t1, SCENARIOS="get64 get256", 10 s) in
# INTERLEAVED rounds: each round runs every server once (one server under load at a time; the order
# rotates from round to round), RUNS rounds (default 3). Load drift on the shared machine then falls
# on every server alike instead of on whichever ran last. Prints each run's line, then per server and
# scenario the medians over the rounds, and the ratios of ours to each peer: the ratio of the medians
# and the median of the same-round ratios. The measuring part (never the build) holds
# /tmp/consent-bench.lock, so only one benchmark runs at a time on the shared machine.
#
# Environment: PORT, SCENARIOS, RUNS, DURATION (passed to run.sh), PEERS (default ../shared/peers),
#              SKIP_PEERS=1 to measure consent-service alone, SERVER_ARGS extra consent-service flags,
#              SCRATCH release build dir, DATA_DIR the service's data dir (default /tmp/http-bench-data),
#              STATIC=0 for a dynamically linked build,
#              SMAPS=1 to also print the server's memory by mapping (/proc/PID/smaps) after the load.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/bench/interleaved.sh
. scripts/bench/interleaved.sh
PEERS=${PEERS:-$(cd ../shared/peers && pwd)}
PORT=${PORT:-28090}
export SCENARIOS=${SCENARIOS:-"get64 get256"}
WORK=${PEERS_WORK:-/tmp/consent-peers}; mkdir -p "$WORK"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
# Built as the Dockerfile ships it (Swift runtime and Foundation linked statically); STATIC=0 links
# them dynamically (then libFoundation, FoundationInternationalization and ICU are mapped: ~6 MiB more RSS).
if [ "${STATIC:-1}" = 1 ]; then LINK=(--static-swift-stdlib); SCRATCH=${SCRATCH:-.build-rel-static}
else LINK=(); SCRATCH=${SCRATCH:-.build-rel}; fi
DATA_DIR=${DATA_DIR:-/tmp/http-bench-data}
swift build -c release "${LINK[@]}" --product consent-service --scratch-path "$SCRATCH"
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  "$PEERS/serve.sh" build hummingbird
  "$PEERS/serve.sh" build nginx
fi

exec 9> /tmp/consent-bench.lock
flock 9
RUNS=${RUNS:-3}
echo "# $(date -u +%FT%TZ) $(nproc) cores, SCENARIOS=$SCENARIOS RUNS=$RUNS (interleaved rounds) DURATION=${DURATION:-10s}, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Every server up first (idle servers use no CPU); stopped on exit whatever happens.
mkdir -p "$DATA_DIR"
# shellcheck disable=SC2086
"$(swift build -c release "${LINK[@]}" --scratch-path "$SCRATCH" --show-bin-path)/consent-service" --port "$PORT" --data-dir "$DATA_DIR" ${SERVER_ARGS:-} > "$WORK/consent-service.out" 2>&1 &
ours=$!
peers_up=0
cleanup() {
  kill "$ours" 2>/dev/null || true
  if [ "$peers_up" = 1 ]; then "$PEERS/serve.sh" stop hummingbird >/dev/null 2>&1 || true; "$PEERS/serve.sh" stop nginx >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/v1/catalogue" && break; sleep 0.2; done
labels=(consent-service); urls=("http://127.0.0.1:$PORT"); pids=("$ours")
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  peers_up=1
  labels+=(hummingbird nginx); urls+=(http://127.0.0.1:28081 http://127.0.0.1:28080)
  pids+=("$("$PEERS/serve.sh" start hummingbird)" "$("$PEERS/serve.sh" start nginx)")
fi

lines=$(mktemp); trap 'cleanup; rm -f "$lines"' EXIT
interleaved_rounds "$RUNS"
if [ "${SMAPS:-0}" = 1 ]; then  # resident memory by mapping, largest first (KiB)
  awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6; if(name=="") name="[anon]"} /^Rss:/{rss[name]+=$2} END{for(n in rss) if(rss[n]>=256) printf "  %7d KiB  %s\n", rss[n], n}' \
    "/proc/$ours/smaps" | sort -rn
fi

interleaved_summary "$RUNS"
