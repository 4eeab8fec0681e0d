"""DuckDB as the peer for the attendance benchmark (bench/attendance/run.sh, issue 4 item 5).

Does what `continuum import attendance` and `continuum report illness-absence` do, with the
measures written in SQL (measures.sql), in a persistent DuckDB file so that each step is a
separate process timed on its own, as the Continuum steps are:

  duckdb_measures.py backfill DB FILE.csv [FILE.csv ...]  load the marks, compute the measures
  duckdb_measures.py feed DB FILE.csv [FILE.csv ...]      add a day's marks, recompute the measures
  duckdb_measures.py report DB ACADEMIC_YEAR OUT.csv      the issue 4 report CSV

DuckDB has no incremental path, so `feed` recomputes every pupil's measures (a day's feed
touches every pupil anyway). DuckDB uses every core (2 here); Continuum's import uses one.
"""
import pathlib
import sys
import time

import duckdb

HERE = pathlib.Path(__file__).resolve().parent
COLUMNS = {"upn": "VARCHAR", "urn": "INTEGER", "date": "DATE", "session": "VARCHAR", "code": "VARCHAR"}


def read_csv(con, files):
    """The attendance CSVs as a relation: header upn,urn,date,session,code, no type guessing."""
    return con.read_csv(files, header=True, columns=COLUMNS, delimiter=",", quotechar='"', escapechar='"')


def step(label, action):
    start = time.perf_counter()
    action()
    print(f"duckdb {label}: {time.perf_counter() - start:.2f} s", file=sys.stderr)


def measures(con):
    con.execute((HERE / "measures.sql").read_text())


def backfill(db, files):
    con = duckdb.connect(db)
    step("load", lambda: read_csv(con, files).create("marks"))
    step("measures", lambda: measures(con))
    con.close()


def feed(db, files):
    con = duckdb.connect(db)
    step("load", lambda: read_csv(con, files).insert_into("marks"))
    step("measures", lambda: measures(con))
    con.close()


def report(db, year, out):
    con = duckdb.connect(db, read_only=True)
    # illness_days with one decimal, worked from the integer count as Continuum does.
    query = f"""
        COPY (
            SELECT upn, academic_year,
                   CAST(illness_sessions // 2 AS VARCHAR) || CASE WHEN illness_sessions % 2 = 0 THEN '.0' ELSE '.5' END AS illness_days,
                   longest_consecutive_days,
                   coalesce(strftime(reached_15_on, '%Y-%m-%d'), '') AS reached_15_on
            FROM illness_measures
            WHERE academic_year = {int(year)} AND illness_sessions > 0
            ORDER BY upn, academic_year
        ) TO '{out}' (HEADER, DELIMITER ',', QUOTE '')
    """
    step("report", lambda: con.execute(query))
    con.close()


def main(argv):
    if len(argv) >= 3 and argv[0] == "backfill":
        backfill(argv[1], argv[2:])
    elif len(argv) >= 3 and argv[0] == "feed":
        feed(argv[1], argv[2:])
    elif len(argv) == 4 and argv[0] == "report":
        report(argv[1], argv[2], argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
