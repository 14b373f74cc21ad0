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
CONSENT_AUDIT_TOKENS="$token" "$bin" serve --host 127.0.0.1 --port "$port" --data-dir "$dir" \
  --access-log off --log-level warning --fsync never &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "== server pid $server on port $port (replayed $records records)"
python3 - "$port" "$token" "$server" "$formats" "$runs" <<'PY'
import http.client, os, re, statistics, sys, threading, time
port, token, pid = int(sys.argv[1]), sys.argv[2], sys.argv[3]
formats, runs = sys.argv[4].split(), int(sys.argv[5])

def rss_kib(field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0

class Sampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True); self.peak = 0; self.samples = []; self.stop = False
    def run(self):
        while not self.stop:
            r = rss_kib(); self.peak = max(self.peak, r); self.samples.append(r); time.sleep(0.05)

def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime + stime

def export(fmt):
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

print(f"server RSS after replay: {rss_kib() / 1024:.1f} MiB")
rates = {fmt: [] for fmt in formats}
for run in range(runs):
    for fmt in formats:
        sampler = Sampler(); before = rss_kib(); cpu0 = cpu_seconds(); sampler.start()
        count, pages, nbytes, elapsed = export(fmt)
        sampler.stop = True; sampler.join(); cpu = cpu_seconds() - cpu0
        rates[fmt].append((count / elapsed, count / cpu))
        print(f"{fmt:7s} {count:>9,d} records in {pages} pages, {nbytes / 2**20:7.1f} MiB, {elapsed:6.2f} s "
              f"= {count / elapsed:>9,.0f} records/s; server RSS {before / 1024:.1f} MiB before, "
              f"max {sampler.peak / 1024:.1f} MiB during, {rss_kib() / 1024:.1f} MiB after; "
              f"server CPU {cpu:.2f} s = {count / cpu:,.0f} records per server CPU-second", flush=True)
if runs > 1:
    for fmt in formats:
        print(f"median {fmt:7s} {statistics.median(r for r, _ in rates[fmt]):>9,.0f} records/s, "
              f"{statistics.median(c for _, c in rates[fmt]):>9,.0f} per server CPU-second over {runs} runs")
print("load average:", open("/proc/loadavg").read().split()[:3])
print(f"server peak RSS (VmHWM) over the whole run: {rss_kib('VmHWM') / 1024:.1f} MiB")
PY
