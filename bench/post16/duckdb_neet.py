#!/usr/bin/env python3
"""The peer for issue 17's bench: DuckDB computes, from the same young people and spells (CSV) and the same NCCIS code
list (the app's bundled CSV for the month's MI year), the month's NEET figures (the `report neet` JSON, byte for byte)
and the NCCIS return's records by counts_as (one line each, for summarise.py to check against the exported file).

  duckdb_neet.py CSV_DIR CODES.csv YYYY-MM
Rules, as the rulebook states them (not read from Continuum's code): academic age is the age on the 31 August before the
academic year containing the month's last day; the activity is the spell with the latest start on or before that day
(ties: the latest confirmed); it is not known if there is none, its code is not in the list, or the day is on or after
confirmed_on + the code's currency days; the 16-17 cohort counts everyone, the excluded too, and each percentage is
count / (cohort - excluded) x 100 to one decimal place, halves up. The return holds academic age 16-17, plan holders
from 18 to the day before their 25th birthday, and academic age 15 (Year 11) from January to August.
"""
import calendar
import sys

import duckdb

csv_dir, codes_csv, month = sys.argv[1], sys.argv[2], sys.argv[3]
year, mon = int(month[:4]), int(month[5:7])
day = f"{year}-{mon:02d}-{calendar.monthrange(year, mon)[1]:02d}"
a = year if mon >= 9 else year - 1
con = duckdb.connect()
con.execute(f"CREATE TABLE people AS SELECT * FROM read_csv('{csv_dir}/people.csv', header=true, columns={{'id':'VARCHAR','date_of_birth':'DATE','has_ehc_plan':'INTEGER'}})")
con.execute(f"CREATE TABLE spells AS SELECT * FROM read_csv('{csv_dir}/spells.csv', header=true, columns={{'young_person_id':'VARCHAR','code':'INTEGER','start_on':'DATE','confirmed_on':'DATE'}})")
con.execute(f"CREATE TABLE codes AS SELECT code, counts_as, currency_days FROM read_csv('{codes_csv}', header=true, all_varchar=true)")
rows = con.execute(f"""
WITH p AS (
  SELECT id, has_ehc_plan = 1 AS plan, date_of_birth AS dob,
         {a} - year(date_of_birth) - CASE WHEN month(date_of_birth) >= 9 THEN 1 ELSE 0 END AS age
  FROM people),
cur AS (
  SELECT young_person_id, code, confirmed_on FROM (
    SELECT *, row_number() OVER (PARTITION BY young_person_id ORDER BY start_on DESC, confirmed_on DESC) AS n
    FROM spells WHERE start_on <= DATE '{day}') WHERE n = 1),
s AS (
  SELECT p.*, CASE
      WHEN cur.code IS NULL OR c.code IS NULL THEN 'not_known'
      WHEN c.currency_days IS NOT NULL AND c.currency_days <> '' AND DATE '{day}' >= cur.confirmed_on + CAST(c.currency_days AS INTEGER) THEN 'not_known'
      ELSE c.counts_as END AS counts_as
  FROM p LEFT JOIN cur ON cur.young_person_id = p.id LEFT JOIN codes c ON CAST(c.code AS INTEGER) = cur.code)
SELECT CASE WHEN age IN (16, 17) THEN 'age_16_17'
            WHEN plan AND age >= 18 AND DATE '{day}' < dob + INTERVAL 25 YEAR THEN 'ehc_plan_to_25'
            WHEN age = 15 AND {mon} <= 8 THEN 'year_11' END AS basis,
       counts_as, count(*)
FROM s GROUP BY ALL HAVING basis IS NOT NULL ORDER BY 1, 2""").fetchall()

counts = {k: 0 for k in ["participating", "neet", "not_known", "excluded"]}
for basis, counts_as, n in rows:
    if basis == "age_16_17":
        counts[counts_as] += n
cohort = sum(counts.values())
den = cohort - counts["excluded"]


def pct(n: int) -> str:
    tenths = (n * 2000 + den) // (2 * den) if den else 0
    return f"{tenths // 10}.{tenths % 10}"


print(f'{{"month":"{month}","cohort":{cohort},"eet":{counts["participating"]},"neet":{counts["neet"]},"not_known":{counts["not_known"]},'
      f'"excluded":{counts["excluded"]},"neet_pct":{pct(counts["neet"])},"not_known_pct":{pct(counts["not_known"])},'
      f'"neet_or_not_known_pct":{pct(counts["neet"] + counts["not_known"])}}}')
for counts_as in ["excluded", "neet", "not_known", "participating"]:
    print(f"return {counts_as} {sum(n for _, c, n in rows if c == counts_as)}")
