#!/usr/bin/env bash
# Browser lane: Continuum in headless Chromium, journeys and axe-core on every page.
#
#   scripts/browser-lane.sh [PYTEST ARGS...]
#       set up (below), start the built server on 127.0.0.1:8089 with a fresh
#       data folder (SQLite, migrated and seeded with demo data: serve --demo),
#       wait for /healthz, run `pytest -q browser-tests`, stop the server.
#       Extra arguments go to pytest, e.g. -k journey  or  -x.
#   scripts/browser-lane.sh setup
#       only install what the lane needs (idempotent): Debian's chromium and
#       chromium-driver, the venv .venv-browser with selenium and pytest, and
#       axe.min.js taken from the PyPI wheel axe-playwright-python.
#
# Needs the binary built first (`swift build`); it does not build.
# Environment (all optional):
#   CONTINUUM_BIN     server binary (.build/debug/continuum)
#   BASE_URL          test a server that is already running instead of starting one
#   BROWSER_PORT      port for the server it starts (8089)
#   SERVER_START_TIMEOUT  seconds to wait for /healthz (180)
#   PYTEST_TIMEOUT    seconds for the whole pytest run (2400)
#   ARTIFACTS_DIR     server log, screenshots of failures (browser-tests/.artifacts)
#   AXE_WHEEL         pip requirement of the wheel carrying axe.min.js (axe-playwright-python==0.1.8)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"
cd "$repo"

VENV=${BROWSER_VENV:-$repo/.venv-browser}
REQUIREMENTS=$repo/browser-tests/requirements.txt
AXE_WHEEL=${AXE_WHEEL:-axe-playwright-python==0.1.8}
AXE_CACHE_DIR=$VENV/axe/$(printf '%s' "$AXE_WHEEL" | tr -c 'A-Za-z0-9._-' '_')
AXE_JS_PATH=$AXE_CACHE_DIR/axe.min.js
CHROME_BIN=${CHROME_BIN:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
CONTINUUM_BIN=${CONTINUUM_BIN:-$repo/.build/debug/continuum}
BROWSER_PORT=${BROWSER_PORT:-8089}
SERVER_START_TIMEOUT=${SERVER_START_TIMEOUT:-420}
PYTEST_TIMEOUT=${PYTEST_TIMEOUT:-2400}
ARTIFACTS_DIR=${ARTIFACTS_DIR:-$repo/browser-tests/.artifacts}
PIP_FLAGS=(--disable-pip-version-check --no-input -q --timeout 60 --retries 3)

ensure_system_packages() {
    local missing=()
    [ -x "$CHROME_BIN" ] || missing+=(chromium)
    [ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    if [ ${#missing[@]} -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
    # The Debian wrapper /usr/bin/chromium prints a harmless shell warning; keep it out of the log.
    log "$("$CHROME_BIN" --version 2>/dev/null | head -n 1); $("$CHROMEDRIVER" --version | cut -d' ' -f1-2)"
}

ensure_venv() {
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
        :
    else
        rm -rf "$VENV"
        log "creating $VENV"
        if ! python3 -m venv "$VENV" 2>/dev/null; then
            rm -rf "$VENV"
            log "python3 -m venv failed; installing Debian's python3-venv"
            apt_install python3-venv
            /usr/bin/python3 -m venv "$VENV"
        fi
    fi
    local want have=""
    want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
    [ -f "$VENV/.requirements.sha256" ] && have=$(cat "$VENV/.requirements.sha256")
    if [ "$want" != "$have" ]; then
        log "pip install -r browser-tests/requirements.txt"
        timeout 600 "$VENV/bin/python" -m pip install "${PIP_FLAGS[@]}" -r "$REQUIREMENTS"
        printf '%s\n' "$want" >"$VENV/.requirements.sha256"
    fi
    log "$("$VENV/bin/python" -c 'import selenium, pytest, sys; print(f"python {sys.version.split()[0]}, selenium {selenium.__version__}, pytest {pytest.__version__}")')"
}

ensure_axe() {
    if [ -s "$AXE_JS_PATH" ]; then
        log "axe.min.js cached: $AXE_JS_PATH ($(head -n 1 "$AXE_JS_PATH" | sed 's/^\/\*! *//'))"
        return 0
    fi
    local tmp
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/continuum-axe.XXXXXX")
    log "pip download --no-deps $AXE_WHEEL (for axe.min.js)"
    if ! timeout 300 "$VENV/bin/python" -m pip download "${PIP_FLAGS[@]}" --no-deps --only-binary=:all: \
            -d "$tmp" "$AXE_WHEEL"; then
        rm -rf "$tmp"; die "could not download $AXE_WHEEL"
    fi
    mkdir -p "$AXE_CACHE_DIR"
    "$VENV/bin/python" - "$tmp" "$AXE_JS_PATH.partial" <<'PY'
import glob, sys, zipfile
folder, out = sys.argv[1], sys.argv[2]
wheels = glob.glob(folder + "/*.whl")
if len(wheels) != 1:
    sys.exit(f"expected one wheel in {folder}, found {wheels}")
with zipfile.ZipFile(wheels[0]) as wheel:
    names = [n for n in wheel.namelist() if n.endswith("/axe.min.js") or n == "axe.min.js"]
    if not names:
        sys.exit(f"no axe.min.js inside {wheels[0]}")
    data = wheel.read(names[0])
if b"axe v" not in data[:200]:
    sys.exit(f"{names[0]} in {wheels[0]} does not look like axe-core")
with open(out, "wb") as handle:
    handle.write(data)
print(f"{names[0]} from {wheels[0].rsplit('/', 1)[-1]}: {data[:40].decode(errors='replace').strip('/*! ').splitlines()[0]}")
PY
    mv "$AXE_JS_PATH.partial" "$AXE_JS_PATH"
    rm -rf "$tmp"
}

setup() {
    ensure_system_packages
    ensure_venv
    ensure_axe
}

if [ "${1:-}" = setup ]; then
    setup
    exit 0
fi

SERVER_PID=""
NOTIFY_PID=""
PYTEST_PID=""
DATA_DIR=""
SERVER_LOG=""

stop_pytest() {
    if [ -n "$PYTEST_PID" ] && kill -0 "$PYTEST_PID" 2>/dev/null; then
        log "stopping pytest (process group $PYTEST_PID)"
        kill -TERM -- "-$PYTEST_PID" 2>/dev/null || kill -TERM "$PYTEST_PID" 2>/dev/null || true
        sleep 2
        kill -KILL -- "-$PYTEST_PID" 2>/dev/null || true
    fi
    PYTEST_PID=""
}

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        log "stopping server (pid $SERVER_PID)"
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        local _
        for _ in $(seq 1 15); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 1
        done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            log "server still running after 15s; killing it"
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
    if [ -n "$NOTIFY_PID" ]; then kill -TERM "$NOTIFY_PID" 2>/dev/null || true; wait "$NOTIFY_PID" 2>/dev/null || true; NOTIFY_PID=""; fi
    if [ -n "$DATA_DIR" ]; then rm -rf "$DATA_DIR"; DATA_DIR=""; fi
}

show_server_log() {
    if [ -n "$SERVER_LOG" ] && [ -f "$SERVER_LOG" ]; then
        echo "---- server log: last 80 lines of $SERVER_LOG ----"
        tail -n 80 "$SERVER_LOG" || true
        echo "---- end of server log ----"
    fi
}

trap 'stop_pytest; stop_server' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

setup

rm -rf "$ARTIFACTS_DIR"
mkdir -p "$ARTIFACTS_DIR"

if [ -n "${BASE_URL:-}" ]; then
    log "BASE_URL=$BASE_URL given: testing that server, not starting one"
    BASE_URL=${BASE_URL%/}
    wait_http "$BASE_URL/healthz" ok 10 || die "$BASE_URL/healthz does not answer ok"
else
    [ -x "$CONTINUUM_BIN" ] || die "$CONTINUUM_BIN not found or not executable: build first (swift build)"
    if port_in_use "$BROWSER_PORT"; then
        die "something already listens on 127.0.0.1:$BROWSER_PORT; stop it or set BROWSER_PORT"
    fi
    BASE_URL=http://127.0.0.1:$BROWSER_PORT
    DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/continuum-browser-data.XXXXXX")
    SERVER_LOG=$ARTIFACTS_DIR/server.log
    log "starting $CONTINUUM_BIN serve on $BASE_URL (CONTINUUM_DATA_DIR=$DATA_DIR, log $SERVER_LOG)"
    # GOV.UK Notify's stand-in (browser-tests/fake_notify.py), which checks each request as Notify documents
    # it, so journeys can read the emails the outbox delivers (a survey link, an offered place).
    NOTIFY_PORT=${NOTIFY_PORT:-$((BROWSER_PORT + 1000))}
    if port_in_use "$NOTIFY_PORT"; then die "something already listens on 127.0.0.1:$NOTIFY_PORT; stop it or set NOTIFY_PORT"; fi
    python3 "$repo/browser-tests/fake_notify.py" "$NOTIFY_PORT" >"$ARTIFACTS_DIR/fake-notify.log" 2>&1 &
    NOTIFY_PID=$!
    wait_http "http://127.0.0.1:$NOTIFY_PORT/_test/problems" "[]" 20 "$NOTIFY_PID" || die "the fake Notify did not start on $NOTIFY_PORT"
    export FAKE_NOTIFY_URL=http://127.0.0.1:$NOTIFY_PORT
    notify_key=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import fake_notify as f; print(f.API_KEY + " " + f.TEMPLATE_ID)' "$repo/browser-tests")
    env -u DATABASE_URL CONTINUUM_DATA_DIR="$DATA_DIR" HOST=127.0.0.1 PORT="$BROWSER_PORT" \
        NOTIFY_API_KEY="${notify_key% *}" NOTIFY_TEMPLATE_ID="${notify_key#* }" NOTIFY_BASE_URL="$FAKE_NOTIFY_URL" \
        "$CONTINUUM_BIN" serve --demo </dev/null >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    start=$(date +%s)
    if ! wait_http "$BASE_URL/healthz" ok "$SERVER_START_TIMEOUT" "$SERVER_PID"; then
        show_server_log
        die "server did not become healthy at $BASE_URL/healthz (limit ${SERVER_START_TIMEOUT}s; server log above)"
    fi
    log "server healthy after $(( $(date +%s) - start ))s"
fi

log "pytest -q browser-tests $* (BASE_URL=$BASE_URL)"
# `timeout` makes its own process group (pytest, chromedriver, chromium); it runs in
# the background so that an interrupt reaches our trap at once, which ends that group.
# The go-live journey starts its own server (plain `serve` on an empty database, port GO_LIVE_PORT, 8091)
# and runs operator commands (authority create, import) against it, so it needs the binary.
export CONTINUUM_BIN
if port_in_use "${GO_LIVE_PORT:-8091}"; then die "something already listens on 127.0.0.1:${GO_LIVE_PORT:-8091}; stop it or set GO_LIVE_PORT"; fi
BASE_URL=$BASE_URL AXE_JS=$AXE_JS_PATH ARTIFACTS_DIR=$ARTIFACTS_DIR \
    CHROME_BIN=$CHROME_BIN CHROMEDRIVER=$CHROMEDRIVER SE_OFFLINE=true SE_AVOID_STATS=true \
    timeout -k 30 "$PYTEST_TIMEOUT" "$VENV/bin/python" -m pytest -q browser-tests "$@" </dev/null &
PYTEST_PID=$!
set +e
wait "$PYTEST_PID"
status=$?
set -e
PYTEST_PID=""

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    log "pytest did not finish within ${PYTEST_TIMEOUT}s"
fi
if [ "$status" -eq 5 ]; then
    log "pytest collected no tests: that is a failure here"
fi
if [ "$status" -ne 0 ]; then
    show_server_log
    log "browser lane FAILED (pytest exit $status); screenshots and HTML of failing pages: $ARTIFACTS_DIR"
    exit "$status"
fi
log "browser lane passed"
