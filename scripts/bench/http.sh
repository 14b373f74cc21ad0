#!/usr/bin/env bash
# scripts/bench/http.sh — side-by-side GET benchmark of consent-service vs Hummingbird 2 vs nginx.
#
# Builds consent-service in release (private scratch dir, default .build-rel), starts it on $PORT
# (default 28090), and runs the peers' load script (../shared/peers/run.sh: wrk -t1, 10 s, 3 runs,
# median) with SCENARIOS="get64 get256" against it, then against the Hummingbird 2 and nginx peers
# serving the same 13 KB catalogue bytes — one server at a time, in one run. Results: a table on
# stdout (append it to BENCHMARKS.md). The measuring part (never the build) holds
# /tmp/consent-bench.lock, so only one benchmark runs at a time on the shared machine.
#
# Environment: PORT, SCENARIOS, RUNS, DURATION (passed to run.sh), PEERS (default ../shared/peers),
#              SKIP_PEERS=1 to measure consent-service alone, SERVER_ARGS extra consent-service flags,
#              SCRATCH release build dir, DATA_DIR the service's data dir (default /tmp/http-bench-data),
#              STATIC=0 for a dynamically linked build,
#              SMAPS=1 to also print the server's memory by mapping (/proc/PID/smaps) after the load.
set -euo pipefail
cd "$(dirname "$0")/../.."
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
echo "# $(date -u +%FT%TZ) $(nproc) cores, SCENARIOS=$SCENARIOS RUNS=${RUNS:-3} DURATION=${DURATION:-10s}"

# consent-service (the placeholder main serves ../shared/peers/catalogue.json at GET /v1/catalogue;
# the real service serves its catalogue there).
# shellcheck disable=SC2086
mkdir -p "$DATA_DIR"
"$(swift build -c release "${LINK[@]}" --scratch-path "$SCRATCH" --show-bin-path)/consent-service" --port "$PORT" --data-dir "$DATA_DIR" ${SERVER_ARGS:-} > "$WORK/consent-service.out" 2>&1 &
ours=$!
trap 'kill $ours 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/v1/catalogue" && break; sleep 0.2; done
SERVER_PIDS=$ours "$PEERS/run.sh" "http://127.0.0.1:$PORT" consent-service
if [ "${SMAPS:-0}" = 1 ]; then  # resident memory by mapping, largest first (KiB)
  awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6; if(name=="") name="[anon]"} /^Rss:/{rss[name]+=$2} END{for(n in rss) if(rss[n]>=256) printf "  %7d KiB  %s\n", rss[n], n}' \
    "/proc/$ours/smaps" | sort -rn
fi
kill $ours; wait $ours 2>/dev/null || true
trap - EXIT

if [ "${SKIP_PEERS:-0}" != 1 ]; then
  pid=$("$PEERS/serve.sh" start hummingbird)
  SERVER_PIDS=$pid "$PEERS/run.sh" http://127.0.0.1:28081 hummingbird | tail -n +2
  "$PEERS/serve.sh" stop hummingbird
  pids=$("$PEERS/serve.sh" start nginx)
  SERVER_PIDS=$pids "$PEERS/run.sh" http://127.0.0.1:28080 nginx | tail -n +2
  "$PEERS/serve.sh" stop nginx
fi
