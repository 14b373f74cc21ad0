#!/usr/bin/env bash
# Startup-replay benchmark for the consent log: generates a valid 1M-record log (once),
# then times `ConsentLog.open` (replay + index rebuild) and reports RSS, and times the
# offline verifier. The measurement uses scripts/bench/log-bench (compiled here with the
# domain sources as one module, -O, plus the CSHA256 C object built with clang), so no
# package build is needed.
# Usage: scripts/bench/replay.sh [RECORDS] [DIR] [RUNS]
# Prints every run and the medians (wall seconds of open(), user+sys CPU seconds, CPU seconds
# of the replaying thread — the critical path, a floor for wall time on idle cores — and peak RSS).
# Each timed run holds /tmp/consent-bench.lock (one benchmark at a time on the shared box).
set -euo pipefail
cd "$(dirname "$0")/../.."
records="${1:-1000000}"
dir="${2:-/tmp/consent-bench-log-$records}"
runs="${3:-5}"
# Per worktree (.build-*/ is git-ignored), so engineers on other branches do not share a binary.
bin="${LOG_BENCH_BIN:-$PWD/.build-bench/log-bench}"

if [ ! -x "$bin" ] || [ -n "$(find Sources/ConsentDomain Sources/CSHA256 scripts/bench/log-bench -newer "$bin" \( -name '*.swift' -o -name '*.c' -o -name '*.h' \) | head -1)" ]; then
  echo "== building log-bench (-O)"
  mkdir -p "$(dirname "$bin")"
  clang -O2 -c Sources/CSHA256/CSHA256.c -I Sources/CSHA256/include -o "$bin-csha256.o"
  swiftc -O -swift-version 6 -module-name LogBench -I Sources/CSHA256/include \
    Sources/ConsentDomain/*/*.swift scripts/bench/log-bench/main.swift "$bin-csha256.o" -o "$bin"
fi
if [ ! -d "$dir" ]; then
  echo "== generating $records records in $dir"
  python3 scripts/bench/gen-log.py "$dir" --records "$records"
fi
du -sh "$dir"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
summary() {
  python3 -c '
import re, statistics, sys
rows = [l for l in sys.stdin.read().splitlines()]
secs = [float(m.group(1)) for l in rows for m in [re.search(r"seconds=([0-9.]+)", l)] if m]
cpu = [float(a) + float(b) for l in rows for m in [re.search(r"user=([0-9.]+)s sys=([0-9.]+)s", l)] if m for a, b in [m.groups()]]
rss = [int(m.group(1)) / 1024 for l in rows for m in [re.search(r"maxrss=([0-9]+)kB", l)] if m]
main = [float(m.group(1)) for l in rows for m in [re.search(r"main_thread_cpu=([0-9.]+)", l)] if m]
extra = " main_thread_cpu=%.2fs" % statistics.median(main) if main else ""
print("   median of %d: wall=%.3fs cpu=%.2fs%s peak_rss=%.1fMiB" % (len(secs), statistics.median(secs), statistics.median(cpu), extra, statistics.median(rss)))
'
}
timed_runs() {   # title, log-bench subcommand: runs it $runs times under the bench lock, then the medians
  echo "== $1, $runs runs"
  local out="" line
  for _ in $(seq "$runs"); do
    line="$( { flock /tmp/consent-bench.lock /usr/bin/time -f "   cpu user=%Us sys=%Ss maxrss=%MkB" "$bin" "$2" "$dir"; } 2>&1 | tr '\n' ' ')"
    echo "   $line"
    out+="$line"$'\n'
  done
  printf '%s' "$out" | summary
}
timed_runs "replay (open + index)" replay
timed_runs "offline verify" verify
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
