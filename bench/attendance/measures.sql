-- The illness-absence measures of issue 4 item 2 in DuckDB, the peer for bench/attendance/run.sh.
-- Reads the table `marks` (upn, urn, date, session, code: the attendance CSV as loaded by
-- duckdb_measures.py) and replaces `illness_measures` with one row per pupil and academic year
-- with at least one I session (the report lists only those):
--   illness_sessions          sessions coded I (the report prints them ÷ 2 as illness_days);
--   reached_15_on             the date of the session at which the running count of I sessions,
--                             in date order and AM before PM, reaches 30 (NULL if never);
--   longest_consecutive_days  the longest run of the child's school days on which every possible
--                             session is I. A school day has at least one possible-session mark;
--                             X, Q, Y1–Y7, Z, # and D are not possible sessions (they neither extend
--                             nor break a run) and dates without a possible mark are skipped.
-- Measures are per child across all their schools, merged per session as Continuum does: a
-- session is I if any school marked it I, and possible if any school marked a possible code.
-- Assumes at most one mark per pupil, school and session (true of the synthetic data: the year
-- files and the feed are disjoint days); corrections by a later row are not modelled here.
CREATE OR REPLACE TABLE illness_measures AS
WITH coded AS (
    SELECT upn, date,
           CAST(year(date) - CASE WHEN month(date) < 9 THEN 1 ELSE 0 END AS INTEGER) AS academic_year,
           session = 'AM' AS am,
           code = 'I' AS illness,
           code NOT IN ('X', 'Q', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Z', '#', 'D') AS possible
    FROM marks
),
-- One row per child and school day (the merge across schools happens in this GROUP BY).
days AS (
    SELECT upn, academic_year, date,
           CAST(bool_or(am AND illness) AS INTEGER) + CAST(bool_or(NOT am AND illness) AS INTEGER) AS i_sessions,
           -- A day breaks a run when one of its sessions is possible and no school marked it I.
           (bool_or(am AND possible) AND NOT bool_or(am AND illness))
               OR (bool_or(NOT am AND possible) AND NOT bool_or(NOT am AND illness)) AS breaks
    FROM coded
    GROUP BY upn, academic_year, date
    HAVING bool_or(possible)
),
-- Running totals in date order: I sessions so far, and breaks so far (the island number).
-- Only children with an I session are windowed: the others have no row in the report
-- (this cuts the measures' time by about a quarter).
running AS (
    SELECT upn, academic_year, date, i_sessions, breaks,
           sum(i_sessions) OVER w AS i_to_date,
           sum(CAST(breaks AS INTEGER)) OVER w AS island
    FROM days
    WHERE (upn, academic_year) IN (SELECT upn, academic_year FROM days WHERE i_sessions > 0)
    WINDOW w AS (PARTITION BY upn, academic_year ORDER BY date ROWS UNBOUNDED PRECEDING)
),
-- Gaps and islands: the all-I days between two breaks form one run.
runs AS (
    SELECT upn, academic_year,
           sum(i_sessions) AS i_sessions,
           min(date) FILTER (WHERE i_to_date >= 30) AS reached,
           count(*) FILTER (WHERE NOT breaks) AS run_length
    FROM running
    GROUP BY upn, academic_year, island
)
SELECT upn, academic_year,
       CAST(sum(i_sessions) AS INTEGER) AS illness_sessions,
       min(reached) AS reached_15_on,
       CAST(max(run_length) AS INTEGER) AS longest_consecutive_days
FROM runs
GROUP BY upn, academic_year;
