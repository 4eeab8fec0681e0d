#!/usr/bin/env bash
# Issue 5 item 8: the EHC reports at England's scale, on SQLite and PostgreSQL, with DuckDB as the peer.
#
#   bench/ehc/run.sh            (needs the release binary, hyperfine, sqlite3, PostgreSQL 15, bench/.venv with duckdb)
#
#   1. generate.py writes the canonical data set (CSV) unless $EHC_BENCH_DATA already has it.
#   2. A throwaway PostgreSQL 15 (pg.sh, 127.0.0.1:55433) is started and stopped on exit.
#   3. load_sqlite.sh and load_postgres.sh build fresh databases from the same CSVs (timed once).
#   4. hyperfine times, for the large authority (885) on each database: `continuum migrate` (the
#      baseline: process start, configuration, migrations check), the timeliness report, the backlog
#      dashboard's query and the SEN2 export; and the timeliness report for a small authority (805).
#      DuckDB computes the timeliness figures for 885, for 805 and for all 153 at once, both straight
#      from the CSVs and from a DuckDB database file loaded from the same CSVs (load timed once).
#      Baselines: `continuum rules upn` (process start, no database) and `python -c 'import duckdb'`.
#   5. Checks: timeliness JSON for 885 and 805 identical across SQLite, PostgreSQL and DuckDB; the
#      timeliness JSON of every one of the 153 authorities from Continuum (one run each, both
#      databases, timed) identical to DuckDB's, and the national figure summed from them equal to
#      DuckDB's; backlog JSON equal across databases; SEN2 returns equal across databases.
#   6. Peak RSS of each command from one /usr/bin/time -v run.
# Results: $EHC_BENCH_WORK/results (default /tmp/continuum-ehc-bench/results), summary.md printed at the end.
set -euo pipefail
. "$(dirname "$0")/common.sh"
runs=${RUNS:-10}
slow_runs=${SLOW_RUNS:-5}
results=$work/results
# SKIP_LOAD=1 re-times against the databases the last run loaded (keeping that run's load figures).
if [ "${SKIP_LOAD:-0}" = 1 ]; then mkdir -p "$work/keep"; cp "$results"/load_* "$work/keep/"; fi
rm -rf "$results"; mkdir -p "$results/out"
if [ "${SKIP_LOAD:-0}" = 1 ]; then mv "$work/keep"/load_* "$results/"; fi
log() { echo "== $*" >&2; }

[ -x "$bin" ] || { echo "no release binary at $bin: swift build -c release --scratch-path .build-release --product continuum" >&2; exit 1; }
# A private copy, so a rebuild in .build-release during the run cannot change what is measured.
mkdir -p "$work/bin"; cp "$bin" "$work/bin/continuum"; echo "continuum: $bin, sha256 $(sha256sum "$bin" | cut -c1-16)" > "$results/binary.txt"
built_bin=$bin; bin=$work/bin/continuum; export CONTINUUM_BIN=$bin
command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install hyperfine)" >&2; exit 1; }
venv=$repo/bench/.venv
if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q duckdb
fi
py=$venv/bin/python

if [ ! -f "$data/meta.json" ]; then
    log "generating data into $data"
    python3 "$here/generate.py" --out "$data" | tee "$results/generate.txt" >&2
fi

{
    echo "date: $(date -u +%FT%TZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "ram: $(free -h | awk '/^Mem:/ {print $2}')"
    echo "os: $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "continuum: $(cat "$results/binary.txt" | cut -d' ' -f2-) (built $(stat -c %y "$built_bin" | cut -d. -f1))"
    echo "sqlite3 cli (loading only): $(sqlite3 --version | cut -d' ' -f1)"
    echo "postgresql: $("$pg_bin/postgres" --version)"
    echo "duckdb: $("$py" -c 'import duckdb; print(duckdb.__version__)')"
    echo "hyperfine: $(hyperfine --version)"
} > "$results/machine.txt"
cat "$results/machine.txt" >&2

"$here/pg.sh" start
trap '"$here/pg.sh" stop' EXIT

if [ "${SKIP_LOAD:-0}" != 1 ]; then
    log "loading SQLite"
    /usr/bin/time -f "%e s wall, %M KB peak RSS (sqlite3)" -o "$results/load_sqlite.time" "$here/load_sqlite.sh" 2>&1 | tee "$results/load_sqlite.txt" >&2
    log "loading PostgreSQL"
    /usr/bin/time -f "%e s wall, %M KB peak RSS (psql)" -o "$results/load_postgres.time" "$here/load_postgres.sh" 2>&1 | tee "$results/load_postgres.txt" >&2
fi

large=$("$py" -c "import json,sys; print(json.load(open(sys.argv[1]))['large'])" "$data/meta.json")
small=$("$py" -c "import json,sys; print(json.load(open(sys.argv[1]))['small'])" "$data/meta.json")
year=2024; at=2025-01-16

# name|runs|command (the binary and arguments, no shell)
cases=(
  "migrate|$runs|$bin migrate"
  "timeliness-$large|$runs|$bin report ehc-timeliness --year $year --format json --la-code $large"
  "backlog-$large|$runs|$bin report ehc-backlog --at $at --format json --la-code $large"
  "sen2-$large|$slow_runs|$bin export sen2 --census-date $at --out $results/out/sen2-$large-DB.xml --la-code $large"
  "timeliness-$small|$runs|$bin report ehc-timeliness --year $year --format json --la-code $small"
)
for db in sqlite postgres; do
    if [ $db = sqlite ]; then export CONTINUUM_DATA_DIR=$sqlite_dir; unset DATABASE_URL; else export DATABASE_URL=$pg_url; fi
    for entry in "${cases[@]}"; do
        IFS='|' read -r name n cmd <<<"$entry"
        cmd=${cmd//-DB.xml/-$db.xml}
        log "$db $name"
        # One run for the output and the peak memory, then hyperfine (one warm-up run, page cache warm).
        /usr/bin/time -f "%M" -o "$results/$db-$name.rss" $cmd > "$results/out/$db-$name.out"
        echo "$db-$name $(cut -d' ' -f1 /proc/loadavg)" >> "$results/load.txt"
        hyperfine -N --style basic --warmup 1 --runs "$n" --export-json "$results/$db-$name.json" "$cmd" >&2
    done
done
unset DATABASE_URL

log "duckdb: loading its own database file from the same CSVs"
duck_file=$work/duckdb/ehc.duckdb
rm -rf "$work/duckdb"; mkdir -p "$work/duckdb"
/usr/bin/time -f "%e s wall, %M KB peak RSS" -o "$results/load_duckdb.time" "$py" "$here/duckdb_timeliness.py" "$data" --db "$duck_file" --load 2> "$results/load_duckdb.txt"
echo "duckdb file: $(du -m "$duck_file" | cut -f1) MiB" >> "$results/load_duckdb.txt"
log "duckdb"
for variant in csv file; do
    extra=""; [ $variant = file ] && extra="--db $duck_file"
    for entry in "timeliness-$large|--la-code $large" "timeliness-$small|--la-code $small" "timeliness-all|--all"; do
        IFS='|' read -r name args <<<"$entry"
        cmd="$py $here/duckdb_timeliness.py $data $extra --year $year $args"
        /usr/bin/time -f "%M" -o "$results/duckdb_$variant-$name.rss" $cmd > "$results/out/duckdb_$variant-$name.out" 2> "$results/out/duckdb_$variant-$name.err"
        echo "duckdb_$variant-$name $(cut -d' ' -f1 /proc/loadavg)" >> "$results/load.txt"
        hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$results/duckdb_$variant-$name.json" "$cmd" >&2
    done
done
log "baselines: process start without a database, and Python importing duckdb"
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$results/start-continuum.json" "$bin rules upn K885100016001" >&2
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$results/start-duckdb.json" "$py -c 'import duckdb'" >&2
# configure() hashes a dummy password with bcrypt at BCRYPT_COST (12, the minimum) on every start; cost 13
# doubles that hash, so the difference from the cost-12 baseline is about what one cost-12 hash costs.
CONTINUUM_DATA_DIR=$sqlite_dir BCRYPT_COST=13 hyperfine -N --style basic --warmup 1 --runs "$runs" \
    --export-json "$results/start-bcrypt13.json" "$bin migrate" >&2

log "every authority through Continuum, one run each (timed once per database)"
codes=$(cut -f1 "$results/out/duckdb_csv-timeliness-all.out" | grep -v england)
for db in sqlite postgres; do
    if [ $db = sqlite ]; then export CONTINUUM_DATA_DIR=$sqlite_dir; unset DATABASE_URL; else export DATABASE_URL=$pg_url; fi
    start=$(date +%s%N)
    for code in $codes; do
        printf '%s\t%s\n' "$code" "$("$bin" report ehc-timeliness --year $year --format json --la-code "$code")"
    done > "$results/out/$db-timeliness-all.out"
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 )) > "$results/$db-timeliness-all.ms"
done
unset DATABASE_URL

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.txt"
log "checks and summary"
"$py" "$here/summarise.py" "$results" "$large" "$small" | tee "$results/summary.md"
