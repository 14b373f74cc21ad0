"""Write-failure test (issue 4): the data directory runs out of space.

usage: test_diskfull.py PATH/TO/consent-service MOUNTPOINT
MOUNTPOINT is a small, empty, writable file system (scripts/checks/diskfull.sh mounts a 256 KiB tmpfs).
A filler file is written first; the log lives in MOUNTPOINT/data. Writers POST /v1/consents until the
file system is full, then: no 201 for a record that is not in the log after restart, every failure
is 503 application/problem+json `log-unavailable`, later writes keep failing (never retried and
acknowledged), /readyz answers 503 naming the log, /healthz, the consent state and the catalogue keep
working. Then the filler is deleted and the server restarted: every 201'd consent is there, writes
succeed again and `consent-service verify DIR` exits 0.
Environment: E2E_SEED.
"""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service import (Checks, Service, binary_from_argv, check_acknowledged, consent_body,  # noqa: E402
                     consent_ids_in_log, rng_from_env)

FILLER_BYTES = 64 * 1024
WRITERS = 8
MAX_REQUESTS = 20000  # a bound in case the file system never fills
PROBLEM_TYPE = "https://consent-service.dev/problems/log-unavailable"


def is_log_unavailable(status, headers, body):
    if status != 503 or not headers.get("content-type", "").startswith("application/problem+json"):
        return False
    try:
        return json.loads(body).get("type") == PROBLEM_TYPE
    except ValueError:
        return False


def fill(service, rng, seed_base):
    """Concurrent writers until every writer has seen a failure; returns (acked, failures, others)."""
    lock = threading.Lock()
    acked, failures, others = [], [], []
    sent = [0]

    def run(index, seed):
        import random
        r = random.Random(seed)
        conn = service.connection()
        n = 0
        try:
            while True:
                with lock:
                    if sent[0] >= MAX_REQUESTS:
                        return
                    sent[0] += 1
                n += 1
                visitor = f"full-w{index}-{n}"
                status, headers, body = service.request(
                    "POST", "/v1/consents", body=consent_body(visitor, r),
                    headers={"Content-Type": "application/json"}, conn=conn)
                with lock:
                    if status == 201:
                        acked.append((visitor, json.loads(body)["consentId"]))
                    elif is_log_unavailable(status, headers, body):
                        failures.append(visitor)
                        return
                    else:
                        others.append((status, body[:200]))
                        return
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(i, seed_base + i)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return acked, failures, others


def main():
    binary = binary_from_argv()
    if len(sys.argv) < 3:
        print("usage: test_diskfull.py BINARY MOUNTPOINT", file=sys.stderr)
        return 2
    mount = os.path.abspath(sys.argv[2])
    rng = rng_from_env()
    checks = Checks()
    data_dir = os.path.join(mount, "data")
    filler = os.path.join(mount, "filler")
    log_path = os.path.join(os.path.dirname(mount), os.path.basename(mount) + "-server.log")
    token = f"full-{rng.randrange(1 << 60):x}"
    with open(filler, "wb") as f:
        f.write(os.urandom(FILLER_BYTES))
        f.flush()
        os.fsync(f.fileno())
    service = Service(binary, data_dir, token, log_path)
    try:
        if not checks.check(service.start(), "server starts on the small file system", f"see {log_path}"):
            return checks.summary()
        status, _, _ = service.request("GET", "/readyz")
        checks.check(status == 200, "/readyz is 200 before the disk fills", str(status))

        acked, failures, others = fill(service, rng, rng.randrange(1 << 30))
        print(f"filled: {len(acked)} acknowledged, {len(failures)} writers failed with 503, "
              f"{len(others)} other answers", flush=True)
        checks.check(len(acked) > 0, "some consents were acknowledged before the disk filled")
        checks.check(len(failures) > 0, "writes fail once the file system is full",
                     f"no failure after {MAX_REQUESTS} requests")
        checks.check(not others, "every failed write is 503 problem+json log-unavailable", f"{others[:3]}")

        status, headers, body = service.request("POST", "/v1/consents", body=consent_body("full-after-1", rng),
                                                headers={"Content-Type": "application/json"})
        checks.check(is_log_unavailable(status, headers, body), "a later write is still 503 log-unavailable",
                     f"{status} {body[:200]!r}")
        checks.check(headers.get("retry-after") is not None, "the 503 carries Retry-After")
        status, _, body = service.request("GET", "/readyz")
        detail = ""
        try:
            detail = json.loads(body).get("detail", "")
        except ValueError:
            pass
        checks.check(status == 503 and "log" in detail, "/readyz answers 503 naming the consent log",
                     f"{status} {body[:300]!r}")
        print(f"/readyz detail: {detail}", flush=True)
        status, _, _ = service.request("GET", "/healthz")
        checks.check(status == 200, "/healthz still 200 (alive, not ready)", str(status))
        if acked:
            visitor, consent = acked[-1]
            status, _, body = service.request("GET", f"/v1/visitors/{visitor}/consent")
            got = json.loads(body).get("consentId") if status == 200 else None
            checks.check(got == consent, "GET consent state still answers while writes fail", f"{status} {got}")
            status, _, body = service.request("POST", "/v1/decisions",
                                              body=json.dumps({"visitorId": visitor, "cookies": ["_ga"]}).encode(),
                                              headers={"Content-Type": "application/json"})
            checks.check(status == 200, "POST /v1/decisions still answers while writes fail", f"{status}")
        status, _, body = service.request("GET", "/v1/catalogue")
        checks.check(status == 200 and len(body) > 0, "GET /v1/catalogue still answers while writes fail", str(status))

        service.stop()
        checks.check(service.proc.returncode is not None, "server stops on SIGTERM with a failed log")

        os.remove(filler)
        if not checks.check(service.start(), "server restarts once space is freed", f"see {log_path}"):
            return checks.summary()
        check_acknowledged(service, acked, checks, "after freeing space")
        on_disk = consent_ids_in_log(data_dir)
        lost = [c for _, c in acked if c not in on_disk]
        checks.check(not lost, "every 201'd consentId is a complete line in a segment", f"{len(lost)} absent")
        status, _, _ = service.request("GET", "/readyz")
        checks.check(status == 200, "/readyz is 200 again after restart", str(status))
        ok = 0
        for i in range(20):
            status, _, body = service.request("POST", "/v1/consents", body=consent_body(f"full-again-{i}", rng),
                                              headers={"Content-Type": "application/json"})
            ok += status == 201
        checks.check(ok == 20, "writes succeed again once space is back", f"{ok}/20 got 201")
        service.stop()
        code, out = service.verify_cli()
        checks.check(code == 0, "consent-service verify exits 0 after recovery", out[-400:])
        print(out.splitlines()[-1] if out else "", flush=True)
    finally:
        service.kill()
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
