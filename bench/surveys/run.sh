#!/usr/bin/env bash
# Issue 16's survey bench: the results of one survey with 50,000 responses (250,000 invitations, two years),
# against DuckDB computing the same aggregates from the same data in the same run.
#
#   bench/surveys/run.sh     (needs hyperfine, wrk, curl, sqlite3 and python3 with duckdb;
#                             CONTINUUM_BIN, default .build/debug/continuum)
#
#   1. `serve --demo` makes and seeds a SQLite database (its demo accounts sign in without two-factor); it is stopped.
#   2. generate.py writes the survey into that database's own tables, and the same rows as CSV for DuckDB.
#   3. hyperfine times `report survey-results --survey bench` and, as the baseline, the same command for a survey
#      with no answers; and DuckDB's script, with `python3 -c 'import duckdb'` as its baseline.
#   4. `serve` runs on the database; a caseworker signs in with curl; wrk drives the results page
#      (/surveys/ID/results) at 1 and 10 connections, next to the bare /healthz in the same run.
#   5. summarise.py checks every count equals DuckDB's and prints the table.
# Results in $SURVEY_BENCH_WORK/results (default /tmp/continuum-survey-bench/results).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${CONTINUUM_BIN:-$repo/.build/debug/continuum}
work=${SURVEY_BENCH_WORK:-/tmp/continuum-survey-bench}
runs=${RUNS:-10}
port=${BENCH_PORT:-8195}
responses=${RESPONSES:-50000}
rm -rf "$work"; mkdir -p "$work/results" "$work/bin" "$work/data"
cp -r "$bin" "$(dirname "$bin")"/*.resources "$work/bin/"; bin=$work/bin/continuum
echo "continuum: $(sha256sum "$bin" | cut -c1-16) $(cd "$repo" && git rev-parse --short HEAD)" > "$work/results/binary.txt"

wait_ok() { for _ in $(seq 1 300); do [ "$(curl -fsS --max-time 2 "$1" 2>/dev/null)" = ok ] && return 0; sleep 1; done; return 1; }
CONTINUUM_DATA_DIR=$work/data HOST=127.0.0.1 PORT=$port "$bin" serve --demo > "$work/results/seed.log" 2>&1 &
pid=$!; wait_ok "http://127.0.0.1:$port/healthz"; kill -TERM $pid; wait $pid || true
db=$work/data/continuum.sqlite
authority=$(sqlite3 "$db" "SELECT id FROM authorities WHERE demo = 1 LIMIT 1")
python3 "$here/generate.py" --db "$db" --authority-id "$authority" --out "$work/csv" --responses "$responses" | tee "$work/results/generate.txt"
survey=$(cat "$work/csv/survey_id.txt")

CONTINUUM_DATA_DIR=$work/data "$bin" report survey-results --survey bench --format json > "$work/results/continuum.json"
hyperfine -N -w 2 -r "$runs" --export-json "$work/results/report-empty.hyperfine.json" \
    "env CONTINUUM_DATA_DIR=$work/data $bin report survey-results --survey bench-empty --format json"
hyperfine -N -w 2 -r "$runs" --export-json "$work/results/report-full.hyperfine.json" \
    "env CONTINUUM_DATA_DIR=$work/data $bin report survey-results --survey bench --format json"
python3 "$here/duckdb_survey.py" "$work/csv" > "$work/results/duckdb.json"
hyperfine -N -w 1 -r "$runs" --export-json "$work/results/duckdb-baseline.hyperfine.json" "python3 -c 'import duckdb'"
hyperfine -N -w 1 -r "$runs" --export-json "$work/results/duckdb.hyperfine.json" "python3 $here/duckdb_survey.py $work/csv"

# The page, signed in as the demo caseworker.
CONTINUUM_DATA_DIR=$work/data HOST=127.0.0.1 PORT=$port "$bin" serve > "$work/results/serve.log" 2>&1 &
pid=$!; trap 'kill -TERM $pid 2>/dev/null || true' EXIT
wait_ok "http://127.0.0.1:$port/healthz"
jar=$work/cookies.txt; base=http://127.0.0.1:$port
csrf=$(curl -fsS -c "$jar" -b "$jar" "$base/sign-in" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -fsS -o /dev/null -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode "_csrf=$csrf" \
    --data-urlencode "email=caseworker@demo.continuum.test" --data-urlencode "password=$(sed -n 's/.*static let password = "\([^"]*\)".*/\1/p' "$repo/Sources/ContinuumApp/Demo/DemoSeeder.swift" | head -n 1)" "$base/sign-in"
cookie=$(sed "s/^#HttpOnly_//" "$jar" | awk '!/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }')
status=$(curl -s -o "$work/results/page.html" -w '%{http_code}' -H "Cookie: $cookie" "$base/surveys/$survey/results")
[ "$status" = 200 ] || { echo "the results page answered $status, not 200"; exit 1; }
grep -q "Bench survey" "$work/results/page.html"
for c in 1 10; do
    wrk -t1 -c$c -d10s --latency "$base/healthz" > "$work/results/wrk-healthz-c$c.txt"
    wrk -t1 -c$c -d10s --latency -H "Cookie: $cookie" "$base/surveys/$survey/results" > "$work/results/wrk-results-c$c.txt"
done
python3 "$here/summarise.py" "$work/results"
