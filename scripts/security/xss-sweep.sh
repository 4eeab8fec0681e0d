#!/usr/bin/env bash
# XSS sweep for the security campaign: browser-tests/test_xss_sweep.py at full size (108 payloads in
# every text field of every form, two passes, larger crawls) in headless Chromium, through the
# browser lane (which sets up Chromium, the venv and axe, and starts `serve --demo` on a fresh SQLite).
#
#   scripts/security/xss-sweep.sh [--binary PATH] [--port N] [--reduced] [--log FILE]
#
#   --binary   the continuum binary to serve (default $CONTINUUM_BIN or .build/release/continuum)
#   --port     port for its server (default 8099)
#   --reduced  the CI size instead (10 payloads, one pass)
#   --log      where to write pytest's output, which ends with the sweep's figures (default stdout only)
# Bounded: PYTEST_TIMEOUT (default 3600 s here) ends pytest; the lane stops the server however it ends.
# Exit status: the lane's (0 = no script executed, no injected active content, CSP blocks inline script).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

binary=${CONTINUUM_BIN:-$repo/.build/release/continuum}
port=8099
size=full
log_file=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --reduced) size=reduced; shift ;;
        --log) log_file=$2; shift 2 ;;
        *) echo "usage: $0 [--binary PATH] [--port N] [--reduced] [--log FILE]" >&2; exit 2 ;;
    esac
done
case "$binary" in /*) ;; *) binary=$repo/$binary ;; esac
[ -x "$binary" ] || { echo "xss-sweep: $binary is not executable (build it first)" >&2; exit 2; }

export CONTINUUM_BIN=$binary BROWSER_PORT=$port
export PYTEST_TIMEOUT=${PYTEST_TIMEOUT:-3600}
export ARTIFACTS_DIR=${ARTIFACTS_DIR:-$repo/browser-tests/.artifacts-xss}
if [ "$size" = full ]; then export XSS_PAYLOADS=full; else unset XSS_PAYLOADS; fi

echo "xss-sweep: $(date -u +%Y-%m-%dT%H:%M:%SZ) size=$size binary=$binary port=$port"
cmd=("$repo/scripts/browser-lane.sh" -k "test_xss_sweep_no_script_executes or test_csp_blocks_inline_script" -s -p no:cacheprovider)
if [ -n "$log_file" ]; then
    set +e
    "${cmd[@]}" 2>&1 | tee "$log_file"
    status=${PIPESTATUS[0]}
    set -e
    exit "$status"
fi
exec "${cmd[@]}"
