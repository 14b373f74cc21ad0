"""Fixtures for the real-browser tests: the consent service, a site on another origin, Chromium.

Environment (all optional):
  BROWSER_SERVICE_CMD  command that starts the service; `serve --port P --data-dir D --audit-token T
                       [--catalogue F]` is appended. Default: <repo>/.build/debug/consent-service
  BROWSER_AUDIT_TOKEN  auditor bearer token given to the service and used by the tests.
  CHROMIUM_BINARY / CHROMEDRIVER  system browser and driver (default /usr/bin/chromium, /usr/bin/chromedriver).
  ARTIFACTS_DIR        where screenshots go (default <repo>/artifacts).

The API listens on 127.0.0.1 and the site on localhost: two origins, so CORS is really exercised.
"""
import functools
import http.server
import json
import os
import pathlib
import shlex
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as DriverService

REPO = pathlib.Path(__file__).resolve().parents[2]
SITE_DIR = pathlib.Path(__file__).resolve().parent / "site"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ConsentService:
    """Starts, restarts and stops the service process; talks to its API."""

    def __init__(self, command, port, data_dir, token):
        self.command, self.port, self.data_dir, self.token = command, port, data_dir, token
        self.base = f"http://127.0.0.1:{port}"
        self.process = None
        log_dir = os.environ.get("ARTIFACTS_DIR") or os.path.dirname(data_dir)
        self.log = open(os.path.join(log_dir, f"service-{port}.log"), "ab")

    def start(self, catalogue=None, attempts=3):
        """Starts the service and waits for /healthz; retries when it exits at once (port still held)."""
        args = self.command + ["serve", "--port", str(self.port), "--data-dir", self.data_dir,
                               "--audit-token", self.token]
        if catalogue:
            args += ["--catalogue", str(catalogue)]
        self.process = subprocess.Popen(args, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if attempts > 1:
                    time.sleep(1)
                    return self.start(catalogue, attempts - 1)
                raise RuntimeError(f"service exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise RuntimeError("service did not become healthy in 30 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self, catalogue=None):
        self.stop()
        self.start(catalogue)

    def get_json(self, path, auditor=False):
        request = urllib.request.Request(self.base + path)
        if auditor:
            request.add_header("Authorization", "Bearer " + self.token)
        with urllib.request.urlopen(request, timeout=10) as r:
            return json.loads(r.read())

    def history(self, visitor_id):
        return self.get_json(f"/v1/visitors/{visitor_id}/history", auditor=True)["records"]


@pytest.fixture(scope="session")
def service(tmp_path_factory):
    command = shlex.split(os.environ.get("BROWSER_SERVICE_CMD", str(REPO / ".build/debug/consent-service")))
    token = os.environ.get("BROWSER_AUDIT_TOKEN", "browser-test-auditor-token")
    data_dir = tmp_path_factory.mktemp("consent-data")
    svc = ConsentService(command, free_port(), str(data_dir), token)
    svc.start()
    yield svc
    svc.stop()


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves tests/browser/site with {{API}} replaced by the service's origin."""

    def __init__(self, *args, api, **kwargs):
        self.api = api
        super().__init__(*args, directory=str(SITE_DIR), **kwargs)

    def do_GET(self):
        name = self.path.split("?")[0].lstrip("/") or "index.html"
        path = SITE_DIR / name
        if not path.is_file() or path.suffix != ".html":
            self.send_error(404)
            return
        body = path.read_text().replace("{{API}}", self.api).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site(service):
    """The site's origin: http://localhost:<port> (the API is on 127.0.0.1: a different origin)."""
    handler = functools.partial(SiteHandler, api=service.base)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def make_driver(gpc=False):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options,
                              service=DriverService(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
    driver.set_page_load_timeout(30)
    if gpc:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
            "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});"})
    return driver


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def gpc_browser():
    driver = make_driver(gpc=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def artifacts():
    path = pathlib.Path(os.environ.get("ARTIFACTS_DIR", REPO / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path
