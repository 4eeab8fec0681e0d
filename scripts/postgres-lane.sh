#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the PostgreSQL test lane.
#
#   scripts/postgres-lane.sh run -- CMD [ARGS...]
#       start a fresh server, create the database, run CMD with DATABASE_URL
#       set, then stop the server and delete its folder (always, even when CMD
#       fails or the script is interrupted). Exits with CMD's status.
#       .ci/run uses: scripts/postgres-lane.sh run -- swift test --skip-build
#
#   scripts/postgres-lane.sh start    start one and leave it running (for local use);
#                                     prints the DATABASE_URL to export
#   scripts/postgres-lane.sh stop     stop the one `start` left running and delete it
#   scripts/postgres-lane.sh status   say whether it is running
#   scripts/postgres-lane.sh url      print the DATABASE_URL
#   scripts/postgres-lane.sh install  only make sure PostgreSQL is installed
#
# Environment: PG_LANE_PORT (55432), PG_LANE_DB (continuum_test),
# PG_LANE_STATE (state file for start/stop; /tmp/continuum-pg-lane.state).
# Installs Debian's `postgresql` if no initdb is found. As root, the server
# runs as the `postgres` OS user (initdb refuses root).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"

PG_PORT=${PG_LANE_PORT:-55432}
PG_DB=${PG_LANE_DB:-continuum_test}
PG_STATE=${PG_LANE_STATE:-/tmp/continuum-pg-lane.state}
PG_URL="postgres://postgres@127.0.0.1:${PG_PORT}/${PG_DB}"
PG_READY_TIMEOUT=${PG_LANE_READY_TIMEOUT:-60}
# /tmp, not $TMPDIR: the postgres user must be able to reach the folder.
PG_TMP_BASE=/tmp

PG_DIR=""   # temp folder of the running server (data/, sock/, server.log)
PG_BIN=""

ensure_postgres_installed() {
    PG_BIN=$(pg_bindir)
    if [ -z "$PG_BIN" ]; then
        log "initdb not found: installing Debian's postgresql"
        apt_install postgresql
        PG_BIN=$(pg_bindir)
        [ -n "$PG_BIN" ] || die "postgresql installed but initdb still not found under /usr/lib/postgresql/*/bin"
    fi
    log "PostgreSQL binaries: $PG_BIN ($("$PG_BIN/postgres" --version))"
    if is_root && ! id -u postgres >/dev/null 2>&1; then
        log "creating system user postgres"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin postgres
    fi
}

# Run a PostgreSQL binary as the server's owner (postgres when we are root).
as_owner() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

pg_start() {
    ensure_postgres_installed
    if port_in_use "$PG_PORT"; then
        die "something already listens on 127.0.0.1:$PG_PORT (a leftover lane? try: $0 stop, or set PG_LANE_PORT)"
    fi
    PG_DIR=$(mktemp -d "$PG_TMP_BASE/continuum-pg.XXXXXX")
    chmod 755 "$PG_DIR"
    mkdir -p "$PG_DIR/sock"
    if is_root; then chown -R postgres: "$PG_DIR"; fi

    log "initdb into $PG_DIR/data"
    as_owner timeout 120 "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust -U postgres \
        --encoding=UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }

    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    # fsync etc. off: a throwaway test database, speed over durability.
    as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t "$PG_READY_TIMEOUT" \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DIR/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        start >/dev/null \
        || { tail -n 50 "$PG_DIR/server.log" >&2 || true; die "pg_ctl start failed"; }

    local waited=0
    until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 2; do
        waited=$((waited + 1))
        if [ "$waited" -ge "$PG_READY_TIMEOUT" ]; then
            tail -n 50 "$PG_DIR/server.log" >&2 || true
            die "PostgreSQL not ready after ${PG_READY_TIMEOUT}s"
        fi
        sleep 1
    done
    log "PostgreSQL is ready; creating database $PG_DB"
    timeout 60 "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
    log "DATABASE_URL=$PG_URL"
}

# Stop the server in $PG_DIR (if any) and delete the folder. Never fails.
pg_stop() {
    [ -n "$PG_DIR" ] || return 0
    if [ -f "$PG_DIR/data/postmaster.pid" ] && [ -n "$PG_BIN" ]; then
        log "stopping PostgreSQL ($PG_DIR)"
        as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 || {
            local pid
            pid=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
            if [ -n "$pid" ]; then
                log "pg_ctl stop failed; killing postmaster $pid"
                kill -9 "$pid" 2>/dev/null || true
                sleep 1
            fi
        }
    fi
    case "$PG_DIR" in
        "$PG_TMP_BASE"/continuum-pg.*) rm -rf "$PG_DIR" ;;
        *) log "not deleting unexpected folder $PG_DIR" ;;
    esac
    PG_DIR=""
}

cmd=${1:-}
case "$cmd" in
    run)
        shift
        [ "${1:-}" = "--" ] && shift
        [ $# -gt 0 ] || die "usage: $0 run -- CMD [ARGS...]"
        trap 'pg_stop' EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        pg_start
        log "running: DATABASE_URL=$PG_URL $*"
        set +e
        DATABASE_URL=$PG_URL "$@"
        status=$?
        set -e
        if [ "$status" -ne 0 ] && [ -f "$PG_DIR/server.log" ]; then
            echo "---- PostgreSQL server log (last 40 lines) ----"
            tail -n 40 "$PG_DIR/server.log" || true
        fi
        exit "$status"
        ;;
    start)
        if [ -f "$PG_STATE" ]; then
            die "a lane is recorded in $PG_STATE already; run: $0 stop"
        fi
        trap 'pg_stop' EXIT   # cleans up if start fails half-way
        pg_start
        printf 'PG_DIR=%s\nPG_BIN=%s\n' "$PG_DIR" "$PG_BIN" >"$PG_STATE"
        trap - EXIT
        echo "export DATABASE_URL=$PG_URL"
        ;;
    stop)
        if [ ! -f "$PG_STATE" ]; then log "no lane recorded in $PG_STATE; nothing to stop"; exit 0; fi
        PG_DIR=$(sed -n 's/^PG_DIR=//p' "$PG_STATE")
        PG_BIN=$(sed -n 's/^PG_BIN=//p' "$PG_STATE")
        pg_stop
        rm -f "$PG_STATE"
        log "stopped"
        ;;
    status)
        PG_BIN=$(pg_bindir)
        if [ -n "$PG_BIN" ] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 2; then
            echo "running on 127.0.0.1:$PG_PORT ($PG_URL)"
        else
            echo "not running on 127.0.0.1:$PG_PORT"; exit 1
        fi
        ;;
    url)
        echo "$PG_URL"
        ;;
    install)
        ensure_postgres_installed
        ;;
    *)
        awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
        exit 2
        ;;
esac
