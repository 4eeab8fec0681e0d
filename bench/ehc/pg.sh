#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the benchmark: pg.sh start | stop
# initdb into $EHC_BENCH_WORK/pg, loopback only on port 55433 (PG_PORT), stock settings otherwise.
set -euo pipefail
. "$(dirname "$0")/common.sh"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
start)
    if [ ! -f "$pg_dir/PG_VERSION" ]; then
        mkdir -p "$pg_dir"
        [ "$(id -u)" = 0 ] && chown postgres: "$pg_dir"
        as_pg "$pg_bin/initdb" -D "$pg_dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_dir" start >/dev/null
    psql -qAt "$pg_admin_url" -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'continuum') THEN CREATE ROLE continuum LOGIN PASSWORD 'continuum'; END IF; END \$\$"
    echo "PostgreSQL $(psql -qAt "$pg_admin_url" -c 'SHOW server_version') on 127.0.0.1:$pg_port ($pg_dir)" >&2
    ;;
stop)
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null
    ;;
*) echo "usage: pg.sh start|stop" >&2; exit 2 ;;
esac
