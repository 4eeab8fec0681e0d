# shellcheck shell=bash
# Shared helpers for .ci/run and scripts/*-lane.sh. Source it; do not run it.

# Print a section banner.
banner() {
    printf '\n==============================================================================\n'
    printf '== %s\n' "$*"
    printf '==============================================================================\n'
}

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run `apt-get update` at most once per process tree (CONTINUUM_APT_UPDATED is
# exported so that sub-scripts started by .ci/run do not repeat it).
apt_update_once() {
    if [ "${CONTINUUM_APT_UPDATED:-0}" = 1 ]; then return 0; fi
    log "apt-get update"
    timeout 600 apt-get update -qq
    export CONTINUUM_APT_UPDATED=1
}

# apt_install PKG...: install Debian packages (non-interactively, bounded in time).
apt_install() {
    is_root || die "need root to apt-get install $*; install them by hand: sudo apt-get install $*"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install by hand: $*"
    apt_update_once
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive timeout 1200 \
        apt-get install -y -qq --no-install-recommends "$@" </dev/null
}

# Directory holding PostgreSQL's server binaries (initdb, pg_ctl, ...), newest
# version first; empty if none is installed.
pg_bindir() {
    local d
    # shellcheck disable=SC2012  # version-numbered folders only
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then printf '%s\n' "$d"; return 0; fi
    if command -v initdb >/dev/null 2>&1; then
        d=$(dirname "$(readlink -f "$(command -v initdb)")")
        if [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then printf '%s\n' "$d"; fi
    fi
    return 0
}

# Wait until an HTTP URL answers 200 with body BODY (whitespace-trimmed).
# wait_http URL BODY TIMEOUT_SECONDS [PID]: gives up early if PID dies.
wait_http() {
    local url=$1 want=$2 limit=$3 pid=${4:-} start now body
    start=$(date +%s)
    while :; do
        body=$(curl -fsS --max-time 3 "$url" 2>/dev/null || true)
        body=$(printf '%s' "$body" | tr -d '[:space:]')
        if [ "$body" = "$want" ]; then return 0; fi
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            log "process $pid exited before $url answered"
            return 1
        fi
        now=$(date +%s)
        if [ $((now - start)) -ge "$limit" ]; then
            log "timed out after ${limit}s waiting for $url to answer '$want'"
            return 1
        fi
        sleep 1
    done
}

# True if something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
