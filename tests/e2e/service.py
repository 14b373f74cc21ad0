"""Shared helpers for the end-to-end log checks (crash and write-failure).

Starts the real `consent-service serve` binary on 127.0.0.1, talks HTTP/1.1 to it with the
standard library only, and tallies named checks so that each driver ends with the line
`N passed, N failed` the CI scripts look for.
"""
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time


def free_port():
    """A TCP port that was free a moment ago on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Checks:
    """Named pass/fail checks; failures are printed as they happen."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, name, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail else ""), flush=True)
        return ok

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1


class Service:
    """One `consent-service serve` process on a data directory; stderr goes to `log_path`."""

    def __init__(self, binary, data_dir, token, log_path, extra_args=()):
        self.binary = binary
        self.data_dir = data_dir
        self.token = token
        self.log_path = log_path
        self.extra_args = list(extra_args)
        self.port = None
        self.proc = None

    def start(self, timeout=30.0):
        """Starts the server and waits until /healthz answers; returns False when it exits or times out."""
        self.port = free_port()
        args = [self.binary, "serve", "--port", str(self.port), "--data-dir", self.data_dir,
                "--access-log", "off"] + self.extra_args
        env = dict(os.environ, CONSENT_AUDIT_TOKENS=self.token)
        log = open(self.log_path, "ab")
        log.write(f"--- start {' '.join(args)}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(args, stdout=log, stderr=log, env=env)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                status, _, _ = self.request("GET", "/healthz", timeout=1.0)
                if status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def kill(self):
        """SIGKILL: no chance to flush or close anything."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        if self.proc:
            self.proc.wait()

    def stop(self):
        """SIGTERM and wait (SIGKILL after 10 s)."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def connection(self, timeout=10.0):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=10.0, conn=None):
        """(status, headers dict with lower-case names, body bytes); one connection per call unless given."""
        own = conn is None
        c = conn or self.connection(timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            if own:
                c.close()

    def verify_cli(self):
        """`consent-service verify DIR`: (exit status, combined output)."""
        p = subprocess.run([self.binary, "verify", self.data_dir], capture_output=True, text=True, timeout=120)
        return p.returncode, (p.stdout + p.stderr).strip()


def consent_body(visitor_id, rng):
    """A valid POST /v1/consents body with random choices."""
    return json.dumps({
        "visitorId": visitor_id,
        "choices": {"functionality": rng.random() < 0.5, "analytics": rng.random() < 0.5,
                    "targeting": rng.random() < 0.5},
        "source": "e2e", "locale": "en",
    }).encode()


def check_acknowledged(service, acked, checks, label):
    """Every acknowledged (visitorId, consentId) is the visitor's current consent (visitor ids are unique
    per request, so the acknowledged record must be the latest)."""
    missing = []
    conn = service.connection()
    try:
        for visitor, consent in acked:
            status, _, body = service.request("GET", f"/v1/visitors/{visitor}/consent", conn=conn)
            got = None
            if status == 200:
                try:
                    got = json.loads(body).get("consentId")
                except ValueError:
                    got = None
            if got != consent:
                missing.append((visitor, consent, status, got))
    finally:
        conn.close()
    checks.check(not missing, f"{label}: all {len(acked)} acknowledged consents present after restart",
                 f"{len(missing)} missing, first: {missing[:3]}")


def consent_ids_in_log(data_dir):
    """consentId of every complete line in the segment files (read directly, independent of the server)."""
    ids = set()
    for name in sorted(os.listdir(data_dir)):
        if not (name.startswith("segment-") and name.endswith(".log")):
            continue
        with open(os.path.join(data_dir, name), "rb") as f:
            for line in f.read().split(b"\n"):
                if not line:
                    continue
                try:
                    ids.add(json.loads(line)["consentId"])
                except (ValueError, KeyError):
                    pass
    return ids


def binary_from_argv():
    if len(sys.argv) < 2:
        print("usage: driver.py PATH/TO/consent-service [WORKDIR]", file=sys.stderr)
        sys.exit(2)
    return os.path.abspath(sys.argv[1])


def rng_from_env():
    seed = int(os.environ.get("E2E_SEED", str(random.randrange(1 << 30))))
    print(f"seed {seed} (E2E_SEED={seed} to repeat)", flush=True)
    return random.Random(seed)
