#!/usr/bin/env python3
"""The peer: `continuum report ehc-timeliness --year Y --format json` computed by DuckDB straight
from the benchmark's CSV files (generate.py), with Continuum's rule (EHCTimeliness.swift):

  plans issued   cases whose final_issued_on falls in calendar year Y
  within         of those, exception IS NULL and final_issued_on <= requested_on + 140 days
  exceptions     of those, exception IS NOT NULL
  pct            within / (issued - exceptions) * 100 to one decimal place, halves up
                 (integer arithmetic, as Continuum does), null when the denominator is 0

  duckdb_timeliness.py DATA_DIR --year 2024 --la-code 885   one JSON line, same shape as Continuum's
  duckdb_timeliness.py DATA_DIR --year 2024 --all           "CODE<TAB>json" for each of the 153
                                                            authorities, then "england<TAB>json"
By default the query reads the CSV files themselves (every run parses ehc_cases.csv). With
--db FILE it reads tables in a DuckDB database instead, the counterpart of Continuum's loaded
SQLite and PostgreSQL databases; `duckdb_timeliness.py DATA_DIR --db FILE --load` (re)creates
them from the same CSVs, with DuckDB's own type detection over the whole file.
The time the work took inside the process goes to stderr.
"""
import argparse
import os
import sys
import time

import duckdb

SQL = """
WITH cases AS (
    SELECT authority_id, requested_on, final_issued_on, exception
    FROM {cases}
    WHERE CAST(final_issued_on AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
)
SELECT a.la_code,
       count(*) AS issued,
       count(*) FILTER (WHERE c.exception IS NULL
                        AND CAST(c.final_issued_on AS DATE) <= CAST(c.requested_on AS DATE) + INTERVAL 140 DAY) AS within,
       count(*) FILTER (WHERE c.exception IS NOT NULL) AS exceptions
FROM cases c JOIN {authorities} a ON a.id = c.authority_id
{where}
GROUP BY ALL
"""


def csv_source(path):
    return "read_csv('" + path.replace("'", "''") + "', header = true, all_varchar = true)"


def line(year, issued, within, exceptions):
    whole = issued - exceptions
    if whole > 0:
        tenths = (2 * 1000 * within + whole) // (2 * whole)
        pct = f"{tenths // 10}.{tenths % 10}"
    else:
        pct = "null"
    return (f'{{"year":{year},"plans_issued":{issued},"within_20_weeks":{within},'
            f'"exceptions":{exceptions},"pct_within_20_weeks_excluding_exceptions":{pct}}}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--year", type=int)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--la-code")
    group.add_argument("--all", action="store_true")
    group.add_argument("--load", action="store_true", help="with --db: (re)create the tables from the CSVs")
    ap.add_argument("--db", help="a DuckDB database file holding the tables (default: query the CSVs)")
    args = ap.parse_args()
    if args.year is None and not args.load:
        ap.error("--year is required")
    cases_csv = os.path.join(args.data, "ehc_cases.csv")
    authorities_csv = os.path.join(args.data, "authorities.csv")
    start = time.perf_counter()
    if args.load:
        if not args.db:
            ap.error("--load needs --db")
        con = duckdb.connect(args.db)
        for table, path in (("ehc_cases", cases_csv), ("authorities", authorities_csv)):
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv('" + path.replace("'", "''")
                        + "', header = true, sample_size = -1)")
        con.execute("CHECKPOINT")
        rows = con.execute("SELECT count(*) FROM ehc_cases").fetchone()[0]
        print(f"duckdb loaded {rows} cases into {args.db} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        return
    if args.db:
        con = duckdb.connect(args.db, read_only=True)
        cases, authorities = "ehc_cases", "authorities"
    else:
        con = duckdb.connect()
        cases, authorities = csv_source(cases_csv), csv_source(authorities_csv)
    params = [f"{args.year}-01-01", f"{args.year}-12-31"]
    if args.all:
        rows = con.execute(SQL.format(cases=cases, authorities=authorities, where=""), params).fetchall()
        found = {code: (i, w, e) for code, i, w, e in rows}
        codes = sorted(r[0] for r in con.execute(f"SELECT la_code FROM {authorities}").fetchall())
        out = [f"{code}\t{line(args.year, *found.get(code, (0, 0, 0)))}" for code in codes]
        totals = [sum(v[k] for v in found.values()) for k in range(3)]
        out.append(f"england\t{line(args.year, *totals)}")
    else:
        rows = con.execute(SQL.format(cases=cases, authorities=authorities, where="WHERE a.la_code = ?"),
                           params + [args.la_code]).fetchall()
        _, issued, within, exceptions = rows[0] if rows else (None, 0, 0, 0)
        out = [line(args.year, issued, within, exceptions)]
    elapsed = time.perf_counter() - start
    print("\n".join(out))
    print(f"duckdb {duckdb.__version__}: query {elapsed * 1000:.0f} ms", file=sys.stderr)


if __name__ == "__main__":
    main()
