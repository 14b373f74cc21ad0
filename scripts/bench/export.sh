#!/usr/bin/env bash
# Export benchmark for the auditor API: generates a valid 1M-record consent log (once), starts
# the release server on it, pages through GET /v1/consents (limit=1000, following `next`) as
# NDJSON and then CSV (see FORMATS) over one keep-alive connection, and reports records/s, the
# server's CPU time per record, and its RSS (sampled every 50 ms from /proc, and its peak VmHWM)
# before and during the exports. On a shared machine run it under the benchmark lock:
#   flock /tmp/consent-bench.lock scripts/bench/export.sh
# Usage: scripts/bench/export.sh [RECORDS] [DIR]
#   CONSENT_BIN=path/to/consent-service   use this binary (default .build/release/consent-service, built if missing)
#   PORT=18300                            listen on this port (default: a free one picked at start)
#   FORMATS="ndjson csv"                  the formats to export, in this order (json and receipt also work)
#   RUNS=3                                export the formats this many times over (default 1); prints each run and the medians
#   BASELINE_BIN=path/to/other-binary     A/B: also start this binary (on PORT+1, on a copy DIR-baseline of the log, made
#                                         once) and export from both servers in turn within every run, so load drifts
#                                         on a shared machine hit both; prints the medians of each and their ratio
set -euo pipefail
cd "$(dirname "$0")/../.."
records="${1:-1000000}"
dir="${2:-/tmp/consent-bench-log-$records}"
bin="${CONSENT_BIN:-.build/release/consent-service}"
token="bench-export-token-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"

if [ ! -x "$bin" ]; then
  echo "== building consent-service (release)"
  swift build -c release --product consent-service
fi
if [ ! -d "$dir" ]; then
  echo "== generating $records records in $dir"
  python3 scripts/bench/gen-log.py "$dir" --records "$records"
fi
du -sh "$dir"
formats="${FORMATS:-ndjson csv}"
runs="${RUNS:-1}"
port="${PORT:-}"
[ -n "$port" ] || port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
baseline="${BASELINE_BIN:-}"
servers=()
trap 'for p in "${servers[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done' EXIT
start_server() {   # binary port dir -> appends the pid to servers
  CONSENT_AUDIT_TOKENS="$token" "$1" serve --host 127.0.0.1 --port "$2" --data-dir "$3" \
    --access-log off --log-level warning --fsync never &
  servers+=($!)
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "== $1: pid $! on port $2 (replayed $records records from $3)"
}
start_server "$bin" "$port" "$dir"
targets="new:$port:${servers[0]}"
if [ -n "$baseline" ]; then
  [ -d "$dir-baseline" ] || cp -r "$dir" "$dir-baseline"
  start_server "$baseline" "$((port + 1))" "$dir-baseline"
  targets="new:$port:${servers[0]} baseline:$((port + 1)):${servers[1]}"
fi
python3 - "$token" "$formats" "$runs" $targets <<'PY'
import http.client, os, re, statistics, sys, threading, time
token, formats, runs = sys.argv[1], sys.argv[2].split(), int(sys.argv[3])
targets = [(label, int(port), pid) for label, port, pid in (t.split(":") for t in sys.argv[4:])]

def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0

class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True); self.pid = pid; self.peak = 0; self.stop = False
    def run(self):
        while not self.stop:
            self.peak = max(self.peak, rss_kib(self.pid)); time.sleep(0.05)

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime + stime

def export(port, fmt):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    after, count, pages, nbytes = "0", 0, 0, 0
    start = time.perf_counter()
    while True:
        conn.request("GET", f"/v1/consents?format={fmt}&limit=1000&after={after}",
                     headers={"Authorization": f"Bearer {token}"})
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 200:
            sys.exit(f"HTTP {resp.status}: {body[:200]!r}")
        nbytes += len(body); pages += 1
        if fmt in ("json", "receipt"):
            count += body.count(b'"seq":')
        else:
            rows = body.count(b"\n")
            count += rows - 1 if fmt == "csv" else rows      # csv: minus the header row
        link = resp.getheader("Link")
        if not link:
            break
        after = re.search(r"[?&]after=(\d+)", link).group(1)
    elapsed = time.perf_counter() - start
    conn.close()
    return count, pages, nbytes, elapsed

for label, _, pid in targets:
    print(f"{label} server RSS after replay: {rss_kib(pid) / 1024:.1f} MiB")
rates = {(label, fmt): [] for label, _, _ in targets for fmt in formats}
for run in range(runs):
    for fmt in formats:
        for label, port, pid in (targets if run % 2 == 0 else targets[::-1]):   # alternate who goes first
            sampler = Sampler(pid); before = rss_kib(pid); cpu0 = cpu_seconds(pid); sampler.start()
            count, pages, nbytes, elapsed = export(port, fmt)
            sampler.stop = True; sampler.join(); cpu = cpu_seconds(pid) - cpu0
            rates[(label, fmt)].append((count / elapsed, count / cpu))
            name = f"{label} {fmt}" if len(targets) > 1 else fmt
            print(f"{name:7s} {count:>9,d} records in {pages} pages, {nbytes / 2**20:7.1f} MiB, {elapsed:6.2f} s "
                  f"= {count / elapsed:>9,.0f} records/s; server RSS {before / 1024:.1f} MiB before, "
                  f"max {sampler.peak / 1024:.1f} MiB during, {rss_kib(pid) / 1024:.1f} MiB after; "
                  f"server CPU {cpu:.2f} s = {count / cpu:,.0f} records per server CPU-second", flush=True)
median = {key: (statistics.median(r for r, _ in v), statistics.median(c for _, c in v)) for key, v in rates.items()}
if runs > 1 or len(targets) > 1:
    for (label, fmt), (wall, cpu) in median.items():
        name = f"{label} {fmt}" if len(targets) > 1 else fmt
        print(f"median {name:7s} {wall:>9,.0f} records/s, {cpu:>9,.0f} per server CPU-second over {runs} runs")
if len(targets) > 1:
    for fmt in formats:
        (w1, c1), (w0, c0) = median[("new", fmt)], median[("baseline", fmt)]
        print(f"ratio new/baseline {fmt:7s} {w1 / w0:.2f}x records/s, {c1 / c0:.2f}x per server CPU-second")
print("load average:", open("/proc/loadavg").read().split()[:3])
for label, _, pid in targets:
    print(f"{label} server peak RSS (VmHWM) over the whole run: {rss_kib(pid, 'VmHWM') / 1024:.1f} MiB")
PY
