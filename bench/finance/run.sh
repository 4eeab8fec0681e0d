#!/usr/bin/env bash
# Issue 15's finance benchmark: the High Needs position, a termly payment run and the DSG management plan
# workbook for 20,000 placements (the largest English councils' plans in force), with DuckDB as the peer.
#
#   bench/finance/run.sh        (needs hyperfine, python3 with duckdb; CONTINUUM_BIN, default .build/debug/continuum)
#
#   1. generate.py writes 20,000 placements (seeded) in the `continuum import placements` layout.
#   2. Two SQLite councils made with `authority create`: one with the allocation only (the baseline: process
#      start, configuration, migrations check and the allocation's query), one with the placements imported.
#   3. hyperfine times `report high-needs`, `finance payment-run` (the summer term; each run restores the
#      database first, since a period is never paid twice) and `export dsg-plan` on both, and DuckDB's
#      figures from the same CSV, with `python3 -c 'import duckdb'` as DuckDB's baseline.
#   4. Checks: Continuum's by-s251-line figures and run total equal DuckDB's to the penny.
# Results in $FINANCE_BENCH_WORK/results (default /tmp/continuum-finance-bench/results).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${CONTINUUM_BIN:-$repo/.build/debug/continuum}
work=${FINANCE_BENCH_WORK:-/tmp/continuum-finance-bench}
runs=${RUNS:-10}
placements=${PLACEMENTS:-20000}
year=2025-26; as_at=2025-12-31; run_from=2025-04-01; run_to=2025-08-31
rm -rf "$work"; mkdir -p "$work/results" "$work/bin"
# A private copy (with its resource bundle), so a rebuild during the run cannot change what is measured.
cp -r "$bin" "$(dirname "$bin")"/*.resources "$work/bin/"; bin=$work/bin/continuum
echo "continuum: $(sha256sum "$bin" | cut -c1-16) $(cd "$repo" && git rev-parse --short HEAD)" > "$work/results/binary.txt"
python3 "$here/generate.py" --placements "$placements" --out "$work/placements.csv"

make_council() { # make_council DIR WITH_PLACEMENTS
    mkdir -p "$1"
    CONTINUUM_DATA_DIR=$1 "$bin" authority create --la-code 885 --name "Bench county" --admin-email admin@bench.test >/dev/null
    CONTINUUM_DATA_DIR=$1 "$bin" finance allocation --financial-year $year --high-needs 54000000.00 --transfer-in 1000000.00 --opening-balance -23000000.00 >/dev/null
    if [ "$2" = 1 ]; then CONTINUUM_DATA_DIR=$1 "$bin" import placements "$work/placements.csv" | tee "$work/results/import.txt"; fi
    cp "$1/continuum.sqlite" "$1/pristine.sqlite"
}
make_council "$work/empty" 0
make_council "$work/full" 1

for council in empty full; do
    d=$work/$council
    CONTINUUM_DATA_DIR=$d "$bin" report high-needs --financial-year $year --as-at $as_at --format json > "$work/results/high-needs-$council.json"
    hyperfine -N -w 2 -r "$runs" --export-json "$work/results/high-needs-$council.hyperfine.json" \
        "env CONTINUUM_DATA_DIR=$d $bin report high-needs --financial-year $year --as-at $as_at --format json"
    hyperfine -N -w 1 -r "$runs" --prepare "cp $d/pristine.sqlite $d/continuum.sqlite" --export-json "$work/results/payment-run-$council.hyperfine.json" \
        "env CONTINUUM_DATA_DIR=$d $bin finance payment-run --label Summer --from $run_from --to $run_to --out $work/results/run-$council.csv"
    hyperfine -N -w 1 -r "$runs" --export-json "$work/results/dsg-plan-$council.hyperfine.json" \
        "env CONTINUUM_DATA_DIR=$d $bin export dsg-plan --as-at $as_at --out $work/results/dsg-plan-$council.xlsx"
    cp "$d/pristine.sqlite" "$d/continuum.sqlite"
    CONTINUUM_DATA_DIR=$d "$bin" finance payment-run --label Summer --from $run_from --to $run_to --out "$work/results/run-$council.csv" > "$work/results/run-$council.txt"
done
python3 "$here/duckdb_high_needs.py" "$work/placements.csv" --financial-year $year --as-at $as_at --run-from $run_from --run-to $run_to > "$work/results/duckdb.json"
hyperfine -N -w 1 -r "$runs" --export-json "$work/results/duckdb-baseline.hyperfine.json" "python3 -c 'import duckdb'"
hyperfine -N -w 1 -r "$runs" --export-json "$work/results/duckdb.hyperfine.json" \
    "python3 $here/duckdb_high_needs.py $work/placements.csv --financial-year $year --as-at $as_at --run-from $run_from --run-to $run_to"
python3 "$here/summarise.py" "$work/results"
