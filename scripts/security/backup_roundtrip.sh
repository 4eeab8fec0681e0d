#!/usr/bin/env bash
# Backup -> restore -> verify, with a full table dump diff (SECURITY.md "Figures we report").
#
#   scripts/security/backup_roundtrip.sh sqlite DATA_DIR OUT_DIR
#       DATA_DIR holds a Continuum SQLite database (the campaign's server, still serving: the backup
#       is taken live, as an operator would). Then: stop-free copy check, restore over a copy of the
#       data folder (the operator's flow: same folder, so the audit key and head file are the real
#       ones), `audit verify`, and every table of the backup dumped and compared with the restored
#       database, row by row. The only rows allowed to differ are the audit rows `restore` itself
#       appends after the backup's last row.
#   scripts/security/backup_roundtrip.sh postgres OUT_DIR
#       a throwaway PostgreSQL on 127.0.0.1:${PG_RT_PORT:-55433} (scripts/postgres-lane.sh), seeded
#       with the demo data by `continuum seed --demo`, pg_dump -Fc, pg_restore into a second
#       database, `audit verify` on it, and a data-only dump diff of the two databases. Before the
#       dump, `serve` on that database (127.0.0.1:${PG_RT_SERVE_PORT:-8098}) takes the lost-update
#       run, so the chain has rows and that figure is measured on PostgreSQL too.
# Environment: CONTINUUM_BIN (.build/release/continuum). Writes OUT_DIR/backup-<kind>.txt; exit 1 on
# any difference.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
BIN=${CONTINUUM_BIN:-$root/.build/release/continuum}
kind=${1:-}

# Sorted, one line per row, every column: sqlite3's own quoting, so NULL and '' differ.
sqlite_dump_tables() {
    local db=$1 out=$2 t
    : >"$out"
    for t in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
        printf '== %s\n' "$t" >>"$out"
        sqlite3 -readonly -cmd ".mode quote" "$db" "SELECT * FROM \"$t\"" | LC_ALL=C sort >>"$out"
    done
}

case "$kind" in
sqlite)
    data=$2; out=$3
    mkdir -p "$out"
    report=$out/backup-sqlite.txt
    work=$(mktemp -d "${TMPDIR:-/tmp}/continuum-backup-rt.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "binary: $BIN"
    echo "database: $data/continuum.sqlite ($(du -h "$data/continuum.sqlite" | cut -f1))"
    echo "\$ CONTINUUM_DATA_DIR=$data continuum backup --out $work/backup.sqlite   # while the server runs"
    env -u DATABASE_URL CONTINUUM_DATA_DIR="$data" timeout 600 "$BIN" backup --out "$work/backup.sqlite"
    # The operator's restore: the same data folder (audit key, chain head), the service stopped.
    # A copy of the folder stands in for it, so the campaign's server keeps running.
    mkdir -p "$work/restored"
    for f in "$data"/*; do case "$f" in *.sqlite|*.sqlite-wal|*.sqlite-shm) ;; *) cp -a "$f" "$work/restored/" ;; esac; done
    echo "\$ CONTINUUM_DATA_DIR=<copy of $data without the database> continuum restore --from backup.sqlite"
    env -u DATABASE_URL CONTINUUM_DATA_DIR="$work/restored" timeout 600 "$BIN" restore --from "$work/backup.sqlite"
    echo "\$ continuum audit verify   # on the restored database"
    env -u DATABASE_URL CONTINUUM_DATA_DIR="$work/restored" timeout 600 "$BIN" audit verify
    sqlite_dump_tables "$work/backup.sqlite" "$work/backup.dump"
    sqlite_dump_tables "$work/restored/continuum.sqlite" "$work/restored.dump"
    tables=$(grep -c '^== ' "$work/backup.dump")
    rows=$(grep -vc '^== ' "$work/backup.dump")
    # Rows only in the restored copy: restore's own audit row(s), nothing else.
    only_restored=$(LC_ALL=C comm -13 <(LC_ALL=C sort "$work/backup.dump") <(LC_ALL=C sort "$work/restored.dump") || true)
    only_backup=$(LC_ALL=C comm -23 <(LC_ALL=C sort "$work/backup.dump") <(LC_ALL=C sort "$work/restored.dump") || true)
    unexpected=$(printf '%s\n' "$only_restored" | grep -v "system.restore" | grep -c . || true)
    lost=$(printf '%s\n' "$only_backup" | grep -c . || true)
    echo "tables compared: $tables; rows in the backup: $rows"
    echo "rows in the backup missing or different after restore: $lost"
    echo "rows in the restored database not in the backup, other than restore's own audit row: $unexpected"
    if [ "$lost" -eq 0 ] && [ "$unexpected" -eq 0 ]; then echo "RESULT sqlite: 0 differences"; else
        echo "RESULT sqlite: DIFFERENCES"; printf '%s\n' "$only_backup" | head -20; printf '%s\n' "$only_restored" | grep -v system.restore | head -20; fi
    } 2>&1 | tee "$report"
    grep -q "RESULT sqlite: 0 differences" "$report"
    ;;
postgres)
    out=$2
    mkdir -p "$out"
    report=$out/backup-postgres.txt
    SERVE_PORT=${PG_RT_SERVE_PORT:-8098}
    export PG_LANE_PORT=${PG_RT_PORT:-55433} PG_LANE_DB=continuum_rt PG_LANE_STATE=/tmp/continuum-pg-rt.state
    inner=$(mktemp "${TMPDIR:-/tmp}/continuum-pg-rt.XXXXXX.sh")
    work=$(mktemp -d /tmp/continuum-pg-rt-work.XXXXXX)
    chmod 777 "$work"
    trap 'rm -rf "$work" "$inner"' EXIT
    cat >"$inner" <<EOF
set -euo pipefail
bin=\$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
export CONTINUUM_DATA_DIR=$work/data
mkdir -p \$CONTINUUM_DATA_DIR
echo "date: \$(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "PostgreSQL: \$(\$bin/postgres --version)"
echo "\\\$ continuum seed --demo   # DATABASE_URL=\$DATABASE_URL"
timeout 900 "$BIN" seed --demo | tail -n 3
# Audited writes on PostgreSQL before the dump: the lost-update run (20 clients at once) through
# \`serve\`, which is also that figure on PostgreSQL.
PORT=$SERVE_PORT HOST=127.0.0.1 "$BIN" serve </dev/null >$out/postgres-serve.log 2>&1 &
spid=\$!
for i in \$(seq 1 120); do curl -fsS --max-time 3 http://127.0.0.1:$SERVE_PORT/healthz >/dev/null 2>&1 && break; sleep 1; done
echo "\\\$ lost_updates.py --clients 20 --rounds 2   # serve on PostgreSQL"
timeout 900 python3 $here/lost_updates.py --base http://127.0.0.1:$SERVE_PORT --out $out/postgres --clients 20 --rounds 2 || echo "RESULT postgres lost updates: NOT MET"
kill -TERM \$spid 2>/dev/null || true; wait \$spid || true
echo "\\\$ pg_dump -Fc \"\\\$DATABASE_URL\" -f continuum.dump"
timeout 600 \$bin/pg_dump -Fc "\$DATABASE_URL" -f $work/continuum.dump
ls -la $work/continuum.dump
restored_url=\${DATABASE_URL%/*}/continuum_restored
timeout 60 \$bin/createdb -h 127.0.0.1 -p $PG_LANE_PORT -U postgres continuum_restored
echo "\\\$ pg_restore --clean --if-exists -d \$restored_url continuum.dump"
timeout 600 \$bin/pg_restore --clean --if-exists --no-owner -d "\$restored_url" $work/continuum.dump 2>&1 | grep -v 'does not exist' || true
echo "\\\$ DATABASE_URL=\$restored_url continuum audit verify"
DATABASE_URL=\$restored_url timeout 600 "$BIN" audit verify
for url in "\$DATABASE_URL" "\$restored_url"; do
  name=\${url##*/}
  for t in \$(\$bin/psql -At "\$url" -c "SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY 1"); do
    echo "== \$t"
    \$bin/psql -At "\$url" -c "COPY (SELECT * FROM \\"\$t\\") TO STDOUT" | LC_ALL=C sort
  done > $work/\$name.dump
done
tables=\$(grep -c '^== ' $work/continuum_rt.dump)
rows=\$(grep -vc '^== ' $work/continuum_rt.dump)
echo "tables compared: \$tables; rows: \$rows"
if diff -q $work/continuum_rt.dump $work/continuum_restored.dump >/dev/null; then
  echo "RESULT postgres: 0 differences"
else
  echo "RESULT postgres: DIFFERENCES (\$(diff $work/continuum_rt.dump $work/continuum_restored.dump | grep -c '^[<>]') lines)"
  diff $work/continuum_rt.dump $work/continuum_restored.dump | head -20
fi
EOF
    "$root/scripts/postgres-lane.sh" run -- bash "$inner" 2>&1 | tee "$report"
    grep -q "RESULT postgres: 0 differences" "$report" && ! grep -q "RESULT postgres lost updates: NOT MET" "$report"
    ;;
*)
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2 ;;
esac
