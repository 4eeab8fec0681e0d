#!/usr/bin/env bash
# The attendance benchmark of issue 4 item 5: Continuum's attendance import, illness measures and
# early-identification queue against DuckDB as the peer, on the same synthetic CSV files.
#
#   bench/attendance/run.sh [--pupils 100000] [--schools 400] [--seed 885] [--work DIR] [--postgres]
#
# Needs the release binaries, built into their own scratch folder (so a debug build in .build is
# left alone):
#   swift build -c release --scratch-path .build-release --product continuum
#   swift build -c release --scratch-path .build-release --product continuum-bench-data
#
# Steps, each a separate process timed by /usr/bin/time -v (wall clock and peak RSS):
#   1. continuum-bench-data writes one CSV per school for 2024/25 up to the last school day but
#      one, and a feed file for the last school day (2025-07-21).
#   2. Continuum, SQLite in a fresh CONTINUUM_DATA_DIR: migrate and `seed --demo` (untimed
#      setup: the import refuses to run without an authority, and the demo is the supported way
#      to add one); then timed: (a) import every school file, the report for 2024, (b) import the
#      day's feed, the report again. The clock is set to the feed date with faketime, because the
#      import only raises early identifications for the academic year it runs in: without it a
#      2024/25 backfill run in a later year would skip the queue.
#   3. DuckDB (bench/.venv): the same steps with measures.sql in a DuckDB file.
#   4. The reports are compared byte for byte, after the backfill and after the feed.
#   --postgres repeats step 2 against a throwaway PostgreSQL (scripts/postgres-lane.sh).
# Results: a Markdown table on standard output and in WORK/results.md; logs in WORK/logs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
pupils=100000 schools=400 seed=885 work=/tmp/continuum-attendance-bench postgres=false
while [ $# -gt 0 ]; do
    case "$1" in
        --pupils) pupils=$2; shift 2 ;;
        --schools) schools=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --postgres) postgres=true; shift ;;
        *) echo "usage: $0 [--pupils N] [--schools M] [--seed S] [--work DIR] [--postgres]" >&2; exit 2 ;;
    esac
done

bin=$repo/.build-release/release
for product in continuum continuum-bench-data; do
    [ -x "$bin/$product" ] || { echo "missing $bin/$product: swift build -c release --scratch-path .build-release --product $product" >&2; exit 1; }
done
command -v faketime >/dev/null || { apt-get install -y -qq faketime || { apt-get update -qq && apt-get install -y -qq faketime; }; } >/dev/null
venv=$repo/bench/.venv
if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q duckdb
fi

feed_date=2025-07-21   # the last school day of 2024/25 in SchoolCalendar.demo()
data=$work/data logs=$work/logs
# Only the folders this script makes, so a mistyped --work cannot remove anything else.
rm -rf "$data" "$logs" "$work/continuum" "$work/duckdb" "$work/results.md"
mkdir -p "$data" "$logs"

# timed NAME CMD...: run CMD with its output in logs/NAME.{out,err} and its timing in logs/NAME.time.
timed() {
    local name=$1; shift
    if ! /usr/bin/time -v -o "$logs/$name.time" "$@" >"$logs/$name.out" 2>"$logs/$name.err"; then
        echo "step $name failed; see $logs/$name.err:" >&2
        tail -20 "$logs/$name.err" >&2
        exit 1
    fi
}
seconds() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$logs/$1.time"; }
cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$logs/$1.time"; }
peak_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$logs/$1.time"; }
# The import's clock: the evening of the feed date (London is UTC+1 in July).
at_feed_date=(env FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$feed_date 17:00:00")

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "generating $pupils pupils in $schools schools (seed $seed) into $data" >&2
timed generate "$bin/continuum-bench-data" "$data" --pupils "$pupils" --schools "$schools" --seed "$seed"
cat "$logs/generate.out" >&2
year_files=("$data"/year/*.csv)
feed_file=$data/feed-$feed_date.csv

# continuum_run LABEL: the Continuum steps against the database the environment names.
continuum_run() {
    local label=$1
    timed "$label-migrate" "$bin/continuum" migrate
    timed "$label-seed" "$bin/continuum" seed --demo
    echo "$label: importing ${#year_files[@]} files" >&2
    timed "$label-backfill" "${at_feed_date[@]}" "$bin/continuum" import attendance "${year_files[@]}"
    [ "$label" != sqlite ] || queue_after_backfill=$(queue)
    timed "$label-report-backfill" "$bin/continuum" report illness-absence --academic-year 2024 --format csv
    timed "$label-feed" "${at_feed_date[@]}" "$bin/continuum" import attendance "$feed_file"
    timed "$label-report" "$bin/continuum" report illness-absence --academic-year 2024 --format csv
    # The fixed cost every command pays (process start, Vapor, the pool, the migration check).
    timed "$label-startup" "$bin/continuum" migrate
    tail -1 "$logs/$label-backfill.out" >&2
    tail -1 "$logs/$label-feed.out" >&2
}

export CONTINUUM_DATA_DIR=$work/continuum
unset DATABASE_URL
sqlite_db=$CONTINUUM_DATA_DIR/continuum.sqlite
# Entries the imports put on the early-identification queue for 2024/25 (the demo's own are dated today).
queue() { sqlite3 "$sqlite_db" "SELECT count(*) FROM identifications WHERE kind = 'illness_15_days' AND academic_year = 2024"; }
queue_after_backfill=?
continuum_run sqlite
queue_after_feed=$(queue)

if $postgres; then
    export PG_LANE_PORT=55499 PG_LANE_DB=continuum_bench PG_LANE_STATE=$work/pg.state
    trap '"$repo/scripts/postgres-lane.sh" stop >/dev/null 2>&1 || true' EXIT
    "$repo/scripts/postgres-lane.sh" start >"$logs/pg-start.log" 2>&1
    DATABASE_URL=$("$repo/scripts/postgres-lane.sh" url) continuum_run postgres
    "$repo/scripts/postgres-lane.sh" stop >/dev/null 2>&1
    trap - EXIT
fi

echo "duckdb $("$venv/bin/python" -c 'import duckdb; print(duckdb.__version__)')" >&2
py=$venv/bin/python
duck=$work/duckdb/attendance.duckdb
mkdir -p "$work/duckdb"
timed duckdb-backfill "$py" "$here/duckdb_measures.py" backfill "$duck" "${year_files[@]}"
timed duckdb-report-backfill "$py" "$here/duckdb_measures.py" report "$duck" 2024 "$work/duckdb/report-backfill.csv"
timed duckdb-feed "$py" "$here/duckdb_measures.py" feed "$duck" "$feed_file"
timed duckdb-report "$py" "$here/duckdb_measures.py" report "$duck" 2024 "$work/duckdb/report.csv"

compare() { # compare CONTINUUM_CSV DUCKDB_CSV
    if cmp -s "$1" "$2"; then echo "identical ($(($(wc -l <"$1") - 1)) rows)"; else
        echo "DIFFERENT: $(diff "$1" "$2" | grep -c '^[<>]') differing lines (see $logs/diff-*.txt)"; fi
}
diff "$logs/sqlite-report-backfill.out" "$work/duckdb/report-backfill.csv" >"$logs/diff-backfill.txt" || true
diff "$logs/sqlite-report.out" "$work/duckdb/report.csv" >"$logs/diff-feed.txt" || true
match_backfill=$(compare "$logs/sqlite-report-backfill.out" "$work/duckdb/report-backfill.csv")
match_feed=$(compare "$logs/sqlite-report.out" "$work/duckdb/report.csv")
match_postgres=
if $postgres; then
    diff "$logs/postgres-report.out" "$work/duckdb/report.csv" >"$logs/diff-postgres.txt" || true
    match_postgres="; Continuum on PostgreSQL after the feed $(compare "$logs/postgres-report.out" "$work/duckdb/report.csv")"
fi

row() { # row STEP CONTINUUM_NAME DUCKDB_NAME
    local c d
    c=$(seconds "$2") d=$(seconds "$3")
    printf '| %s | %s s | %s s | %s MB | %s s | %s s | %s MB | %s |\n' "$1" "$c" "$(cpu "$2")" "$(peak_mb "$2")" "$d" "$(cpu "$3")" "$(peak_mb "$3")" \
        "$(awk -v c="$c" -v d="$d" 'BEGIN { if (d > 0) printf "%.2f×", c / d; else print "–" }')"
}
{
    echo "Scale: $pupils pupils, $schools schools, seed $seed; $(grep -o '[0-9]* marks to' "$logs/generate.out" | cut -d' ' -f1) marks in ${#year_files[@]} files, $(grep -o "feed [0-9-]*: [0-9]* marks" "$logs/generate.out")."
    echo
    echo "| step | Continuum (SQLite) wall | CPU | peak RSS | DuckDB wall | CPU | peak RSS | wall, Continuum ÷ DuckDB |"
    echo "|---|---|---|---|---|---|---|---|"
    row "(a) backfill: import the year" sqlite-backfill duckdb-backfill
    row "(a) report illness-absence 2024" sqlite-report-backfill duckdb-report-backfill
    row "(b) a day's feed" sqlite-feed duckdb-feed
    row "(b) report after the feed" sqlite-report duckdb-report
    if $postgres; then
        echo
        echo "PostgreSQL: the throwaway server of scripts/postgres-lane.sh (fsync, synchronous_commit and full_page_writes off)."
        echo
        echo "| step | Continuum (PostgreSQL) wall | CPU | peak RSS |"
        echo "|---|---|---|---|"
        for step in backfill report-backfill feed report; do
            printf '| %s | %s s | %s s | %s MB |\n' "$step" "$(seconds "postgres-$step")" "$(cpu "postgres-$step")" "$(peak_mb "postgres-$step")"
        done
    fi
    echo
    echo "Reports, Continuum vs DuckDB: after the backfill $match_backfill; after the feed $match_feed$match_postgres."
    echo "Early identifications (illness, 2024/25) raised by the imports: $queue_after_backfill by the backfill, $queue_after_feed after the feed;" \
         "children whose report row has reached_15_on: $(awk -F, 'NR > 1 && $5 != ""' "$logs/sqlite-report.out" | wc -l)."
    echo "Continuum's fixed cost per command (\`continuum migrate\` with nothing to do): $(seconds sqlite-startup) s wall;" \
         "the feed's own progress lines (seconds since the command started): $(grep -o '^\[[0-9.]* s\][^;]*' "$logs/sqlite-feed.err" | tr '\n' ' ')."
    echo "Continuum's import summaries: backfill $(tail -1 "$logs/sqlite-backfill.out"); feed: $(tail -1 "$logs/sqlite-feed.out")."
    echo "DuckDB's split: backfill $(grep -o 'duckdb [a-z]*: [0-9.]* s' "$logs/duckdb-backfill.err" | tr '\n' ' ');feed $(grep -o 'duckdb [a-z]*: [0-9.]* s' "$logs/duckdb-feed.err" | tr '\n' ' ')."
    echo "Setup (untimed in the table): generate $(seconds generate) s, migrate $(seconds sqlite-migrate) s, seed --demo $(seconds sqlite-seed) s;" \
         "load average (1, 5, 15 min) at the start $load_at_start, at the end $(cut -d' ' -f1-3 /proc/loadavg);" \
         "SQLite file $(du -h "$sqlite_db" | cut -f1), DuckDB file $(du -h "$duck" | cut -f1), CSV $(du -sh "$data" | cut -f1)."
} | tee "$work/results.md"
