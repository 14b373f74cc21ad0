#!/usr/bin/env bash
# Real-browser checks of the JS SDK, the banner and /demo (issue 8).
#
# Installs headless Chromium + chromedriver (Debian) and Selenium + pytest (PyPI) when missing,
# builds the service, and runs tests/browser with pytest. The pytest fixtures start the service
# (`<binary> serve --port P --data-dir TMP --audit-token T`, restarted once with `--catalogue FILE`)
# on 127.0.0.1 and serve the test site from localhost: a different origin, so CORS is exercised.
# Screenshots go to artifacts/ (artifacts/banner.png). Prints pytest's summary line.
#
# Environment: BROWSER_SERVICE_CMD (default .build/debug/consent-service), BROWSER_AUDIT_TOKEN,
# CHROMIUM_BINARY, CHROMEDRIVER, ARTIFACTS_DIR — see tests/browser/conftest.py.
set -uo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "-- installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o DPkg::Lock::Timeout=600 >/dev/null \
    && apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium chromium-driver >/dev/null \
    || { echo "browser: could not install chromium"; echo "0 passed, 1 failed"; exit 1; }
fi
export CHROMIUM_BINARY="${CHROMIUM_BINARY:-$(command -v chromium)}"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

if ! python3 -c 'import selenium, pytest' 2>/dev/null; then
  echo "-- installing selenium and pytest"
  python3 -m pip install --quiet --disable-pip-version-check 'selenium>=4.20,<5' 'pytest>=8,<10' \
    || { echo "browser: could not install selenium/pytest"; echo "0 passed, 1 failed"; exit 1; }
fi

if [ -z "${BROWSER_SERVICE_CMD:-}" ]; then
  # The same flags as scripts/test (and the other checks), so after it this is a no-op rather than a rebuild.
  echo "-- swift build --build-tests -Xswiftc -warnings-as-errors"
  if ! swift build --build-tests -Xswiftc -warnings-as-errors 2>&1 | tail -1; then
    echo "browser: swift build failed"; echo "0 passed, 1 failed"; exit 1
  fi
  export BROWSER_SERVICE_CMD="$(swift build --show-bin-path)/consent-service"
fi
# Tokens need 16–512 characters: 8 + 24 hex digits.
export BROWSER_AUDIT_TOKEN="${BROWSER_AUDIT_TOKEN:-browser-$(od -An -N12 -tx1 /dev/urandom | tr -d " \n")}"
export ARTIFACTS_DIR="${ARTIFACTS_DIR:-$PWD/artifacts}"
mkdir -p "$ARTIFACTS_DIR"

log="$ARTIFACTS_DIR/browser-pytest.log"
python3 -m pytest tests/browser -q -rfE -p no:cacheprovider >"$log" 2>&1
status=$?
# Failure details first, then pytest's own closing summary line.
grep -E '^(FAILED|ERROR) ' "$log" || true
if [ "$status" -ne 0 ]; then tail -n 60 "$log"; fi
tail -n 1 "$log"
case "$status" in
  0) exit 0 ;;
  5) echo "browser: pytest collected no tests"; echo "0 passed, 1 failed"; exit 1 ;;
  *) exit 1 ;;
esac
