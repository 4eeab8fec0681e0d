#!/usr/bin/env bash
# Issue 17's post-16 bench: the NEET report and the NCCIS monthly return for a county of 40,000 tracked young people
# with five years of spells (goal: under 1 s each beyond process start), against DuckDB computing the same month's
# figures from the same data in the same run.
#
#   bench/post16/run.sh     (needs hyperfine, sqlite3 and python3 with duckdb;
#                            CONTINUUM_BIN, default .build/debug/continuum; RUNS, default 10; MONTH, default last month)
#
#   1. `migrate` makes an empty SQLite database and `authority create` a council (LA 888) in it: no demo data.
#   2. generate.py writes 40,000 young people and their spells into that database's own tables, and exports them as CSV.
#   3. hyperfine times `report neet --month` and `export nccis --month` against `migrate` with nothing to do (process
#      start, configuration, opening the database); then DuckDB's script against `python3 -c 'import duckdb'`.
#   4. summarise.py checks the figures equal DuckDB's, and the return's counts, and prints the table.
# Results in $POST16_BENCH_WORK/results (default /tmp/continuum-post16-bench/results).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${CONTINUUM_BIN:-$repo/.build/debug/continuum}
work=${POST16_BENCH_WORK:-/tmp/continuum-post16-bench}
runs=${RUNS:-10}
month=${MONTH:-$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m)}
command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install hyperfine)" >&2; exit 1; }
python3 -c 'import duckdb' 2>/dev/null || { echo "python3 cannot import duckdb (pip install duckdb)" >&2; exit 1; }
rm -rf "$work"; mkdir -p "$work/results" "$work/bin" "$work/data"
cp -r "$bin" "$(dirname "$bin")"/*.resources "$work/bin/" 2>/dev/null || cp "$bin" "$work/bin/"; bin=$work/bin/continuum
echo "continuum: $(sha256sum "$bin" | cut -c1-16) $(cd "$repo" && git rev-parse --short HEAD)" > "$work/results/binary.txt"
run() { env CONTINUUM_DATA_DIR="$work/data" "$bin" "$@"; }

run migrate > "$work/results/migrate.log" 2>&1
run authority create --la-code 888 --name "Bench County Council" --admin-email admin@bench.example.gov.uk > "$work/results/authority.log" 2>&1
db=$work/data/continuum.sqlite
authority=$(sqlite3 "$db" "SELECT id FROM authorities WHERE la_code = '888'")
python3 "$here/generate.py" --db "$db" --authority-id "$authority" --out "$work/csv" --today "$(date +%Y-%m-%d)" | tee "$work/results/generate.txt"
miyear=$(python3 -c "y, m = map(int, '$month'.split('-')); a = y if m >= 9 else y - 1; print(min(max(a, 2025), 2026))")
codes=$repo/Sources/ContinuumDomain/Resources/nccis-activity-codes-$miyear.csv

neet="env CONTINUUM_DATA_DIR=$work/data $bin report neet --la-code 888 --month $month --format json"
nccis="env CONTINUUM_DATA_DIR=$work/data $bin export nccis --la-code 888 --month $month --out $work/results/nccis.csv"
$neet > "$work/results/continuum-neet.json"
$nccis > "$work/results/nccis.log"
python3 "$here/duckdb_neet.py" "$work/csv" "$codes" "$month" > "$work/results/duckdb.txt"
hyperfine -N -w 2 -r "$runs" --export-json "$work/results/baseline.hyperfine.json" "env CONTINUUM_DATA_DIR=$work/data $bin migrate"
hyperfine -N -w 2 -r "$runs" --export-json "$work/results/neet.hyperfine.json" "$neet"
hyperfine -N -w 2 -r "$runs" --export-json "$work/results/nccis.hyperfine.json" "$nccis"
hyperfine -N -w 1 -r "$runs" --export-json "$work/results/duckdb-baseline.hyperfine.json" "python3 -c 'import duckdb'"
hyperfine -N -w 1 -r "$runs" --export-json "$work/results/duckdb.hyperfine.json" "python3 $here/duckdb_neet.py $work/csv $codes $month"
python3 "$here/summarise.py" "$work/results" | tee "$work/results/summary.md"
