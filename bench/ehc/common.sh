# Shared settings for the EHC benchmark scripts (sourced, not run).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# The release binary: swift build -c release --scratch-path .build-release --product continuum
bin=${CONTINUUM_BIN:-$repo/.build-release/release/continuum}
# Everything generated (CSV, databases, PostgreSQL cluster, results) lives outside the repository.
work=${EHC_BENCH_WORK:-/tmp/continuum-ehc-bench}
data=${EHC_BENCH_DATA:-$work/data}
sqlite_dir=$work/sqlite
pg_dir=$work/pg
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
pg_port=${PG_PORT:-55433}
pg_url=${EHC_BENCH_DATABASE_URL:-postgres://continuum:continuum@127.0.0.1:$pg_port/continuum_bench}
pg_admin_url=postgres://postgres@127.0.0.1:$pg_port/postgres
