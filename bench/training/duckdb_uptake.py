#!/usr/bin/env python3
"""The peer: DuckDB computes `continuum report training-uptake --academic-year YEAR --format csv` from the bench CSVs and
prints it as the CLI does: header and rows joined by CRLF, cells escaped as CSVCell.escape does, then one "\\n" (the CLI
trims the CSV's last CRLF and `print` adds a newline).

  duckdb_uptake.py DIR YEAR

The figures are all SQL (TrainingUptakeQuery's semantics): the cohort is the council's children by home school, joined to
establishments, one row per school with pupils, sen_support = provision 'K', ehc_plans = 'E'; the attended places are the
council's bookings with status 'attended' joined to their session and course, at a school of the cohort, whose session_date
is a real YYYY-MM-DD day from 1 September YEAR to 31 August YEAR+1: their count, distinct delegate_key and latest day."""
import pathlib
import sys

import duckdb

d, year = pathlib.Path(sys.argv[1]), int(sys.argv[2])
authority = (d / "authority_id.txt").read_text().strip()
con = duckdb.connect()
for name in ("establishments", "children", "training_courses", "training_sessions", "training_bookings"):
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv('{d / (name + '.csv')}', all_varchar=true, header=true)")
rows = con.execute("""
WITH cohort AS (
    SELECT e.id, CAST(e.urn AS BIGINT) AS urn, e.name,
           count(*) FILTER (WHERE c.sen_provision = 'K') AS sen_support,
           count(*) FILTER (WHERE c.sen_provision = 'E') AS ehc_plans
    FROM children c JOIN establishments e ON c.home_school_id = e.id
    WHERE c.authority_id = $authority
    GROUP BY e.id, e.urn, e.name
), attended AS (
    SELECT upper(b.school_id) AS school_id, b.delegate_key,
           CASE WHEN regexp_full_match(s.session_date, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
                THEN CAST(try_strptime(s.session_date, '%Y-%m-%d') AS DATE) END AS on_day
    FROM training_bookings b
    JOIN training_sessions s ON b.session_id = s.id
    JOIN training_courses k ON s.course_id = k.id
    WHERE b.authority_id = $authority AND b.status = 'attended'
)
SELECT c.urn, c.name, c.sen_support, c.ehc_plans,
       count(DISTINCT a.delegate_key) AS staff_trained, count(a.school_id) AS sessions_attended,
       coalesce(strftime(max(a.on_day), '%Y-%m-%d'), '') AS last_trained_on
FROM cohort c LEFT JOIN attended a ON a.school_id = upper(c.id)
     AND a.on_day BETWEEN make_date($year, 9, 1) AND make_date($year + 1, 8, 31)
GROUP BY c.id, c.urn, c.name, c.sen_support, c.ehc_plans
ORDER BY c.urn
""", {"authority": authority, "year": year}).fetchall()


def escape(value: str) -> str:
    """CSVCell.escape: a leading = + - @ tab or CR (after spaces and other control characters) gets a "'"; a cell with a
    comma, quote, CR or LF is quoted, quotes doubled."""
    first = next((ch for ch in value if not (ch == " " or (ord(ch) < 0x20 and ch not in "\t\r"))), None)
    if first is not None and first in "=+-@\t\r":
        value = "'" + value
    if any(ch in value for ch in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


lines = ["urn,school,sen_support,ehc_plans,staff_trained,sessions_attended,last_trained_on"]
lines += [",".join(escape(str(cell)) for cell in row) for row in rows]
sys.stdout.buffer.write(("\r\n".join(lines) + "\n").encode())
