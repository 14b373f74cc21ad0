#!/usr/bin/env bash
# Startup-replay benchmark for the consent log: generates a valid 1M-record log (once),
# then times `ConsentLog.open` (replay + index rebuild) and reports RSS, and times the
# offline verifier. Until the service's `consent-service verify` / serve path exists, the
# measurement uses scripts/bench/log-bench (compiled here with the domain sources, -O).
# Usage: scripts/bench/replay.sh [RECORDS] [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
records="${1:-1000000}"
dir="${2:-/tmp/consent-bench-log-$records}"
bin="${TMPDIR:-/tmp}/consent-log-bench"

if [ ! -x "$bin" ] || [ -n "$(find Sources/ConsentDomain scripts/bench/log-bench -newer "$bin" -name '*.swift' | head -1)" ]; then
  echo "== building log-bench (-O)"
  swiftc -O -swift-version 6 -module-name LogBench Sources/ConsentDomain/*/*.swift scripts/bench/log-bench/main.swift -o "$bin"
fi
if [ ! -d "$dir" ]; then
  echo "== generating $records records in $dir"
  python3 scripts/bench/gen-log.py "$dir" --records "$records"
fi
du -sh "$dir"
echo "== replay (open + index), 3 runs"
for _ in 1 2 3; do /usr/bin/time -f "   cpu user=%Us sys=%Ss maxrss=%MkB" "$bin" replay "$dir"; done
echo "== offline verify"
/usr/bin/time -f "   cpu user=%Us sys=%Ss maxrss=%MkB" "$bin" verify "$dir"
