#!/usr/bin/env bash
# Issue 16's training-uptake bench: the uptake-against-cohort report for 400 schools and 100,000 pupils (goal: under
# 200 ms beyond process start), against DuckDB computing the same CSV from the same data in the same run.
#
#   bench/training/run.sh     (needs hyperfine, curl, sqlite3 and python3 with duckdb;
#                              CONTINUUM_BIN, default .build/debug/continuum; RUNS, default 10)
#
#   1. `serve --demo` makes and seeds a SQLite database (the demo council, its schools, children and training); it is stopped.
#   2. generate.py writes 400 bench schools, 100,000 pupils and two years of training into that database's own tables,
#      then exports every row the report reads (the demo's too) as CSV for DuckDB.
#   3. hyperfine times `report training-uptake --academic-year 2026`; `migrate` with nothing to do as the baseline
#      (process start, configuration, opening the database); and, as a second reference, the same report for 2010,
#      a year with no bookings (the cohort query still runs: its difference from the baseline is the cohort's cost).
#      Then DuckDB's script, with `python3 -c 'import duckdb'` as its baseline.
#   4. summarise.py checks Continuum's CSV equals DuckDB's byte for byte and prints the table.
# Results in $TRAINING_BENCH_WORK/results (default /tmp/continuum-training-bench/results).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${CONTINUUM_BIN:-$repo/.build/debug/continuum}
work=${TRAINING_BENCH_WORK:-/tmp/continuum-training-bench}
runs=${RUNS:-10}
port=${BENCH_PORT:-8196}
year=${ACADEMIC_YEAR:-2026}
command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install hyperfine)" >&2; exit 1; }
python3 -c 'import duckdb' 2>/dev/null || { echo "python3 cannot import duckdb (pip install duckdb)" >&2; exit 1; }
rm -rf "$work"; mkdir -p "$work/results" "$work/bin" "$work/data"
cp -r "$bin" "$(dirname "$bin")"/*.resources "$work/bin/" 2>/dev/null || cp "$bin" "$work/bin/"; bin=$work/bin/continuum
echo "continuum: $(sha256sum "$bin" | cut -c1-16) $(cd "$repo" && git rev-parse --short HEAD)" > "$work/results/binary.txt"

wait_ok() { for _ in $(seq 1 300); do [ "$(curl -fsS --max-time 2 "$1" 2>/dev/null)" = ok ] && return 0; sleep 1; done; return 1; }
CONTINUUM_DATA_DIR=$work/data HOST=127.0.0.1 PORT=$port "$bin" serve --demo > "$work/results/seed.log" 2>&1 &
pid=$!; wait_ok "http://127.0.0.1:$port/healthz"; kill -TERM $pid; wait $pid || true
db=$work/data/continuum.sqlite
authority=$(sqlite3 "$db" "SELECT id FROM authorities WHERE demo = 1 LIMIT 1")
la=$(sqlite3 "$db" "SELECT la_code FROM authorities WHERE id = '$authority'")
python3 "$here/generate.py" --db "$db" --authority-id "$authority" --out "$work/csv" | tee "$work/results/generate.txt"

report="env CONTINUUM_DATA_DIR=$work/data $bin report training-uptake --la-code $la --format csv"
$report --academic-year "$year" > "$work/results/continuum.csv"
python3 "$here/duckdb_uptake.py" "$work/csv" "$year" > "$work/results/duckdb.csv"
hyperfine -N -w 2 -r "$runs" --export-json "$work/results/baseline.hyperfine.json" "env CONTINUUM_DATA_DIR=$work/data $bin migrate"
hyperfine -N -w 2 -r "$runs" --export-json "$work/results/report-2010.hyperfine.json" "$report --academic-year 2010"
hyperfine -N -w 2 -r "$runs" --export-json "$work/results/report.hyperfine.json" "$report --academic-year $year"
hyperfine -N -w 1 -r "$runs" --export-json "$work/results/duckdb-baseline.hyperfine.json" "python3 -c 'import duckdb'"
hyperfine -N -w 1 -r "$runs" --export-json "$work/results/duckdb.hyperfine.json" "python3 $here/duckdb_uptake.py $work/csv $year"
python3 "$here/summarise.py" "$work/results" | tee "$work/results/summary.md"
