#!/usr/bin/env python3
"""The peer: DuckDB computes the survey's figures from the bench CSVs, in the shape of Continuum's
`report survey-results` before suppression: sent, responses, and per question the respondents and the counts
(scale 1-5, each option, the number bands Continuum uses for a maximum of 50, themes for free text)."""
import json
import pathlib
import sys

import duckdb

d = pathlib.Path(sys.argv[1])
questions = json.loads((d / "questions.json").read_text())
con = duckdb.connect()
for name in ("invitations", "responses", "answers", "answer_themes"):
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv_auto('{d / (name + '.csv')}', all_varchar=true)")
sent = con.execute("SELECT count(*) FROM invitations").fetchone()[0]
responses = con.execute("SELECT count(*) FROM responses").fetchone()[0]
totals = dict(con.execute("SELECT question, count(DISTINCT response_id) FROM answers GROUP BY question").fetchall())
values = {}
for q, v, n in con.execute("SELECT question, value, count(*) FROM answers GROUP BY question, value").fetchall():
    values.setdefault(q, {})[v] = n
themes = {}
for q, t, n in con.execute("""SELECT a.question, t.theme, count(DISTINCT a.response_id) FROM answer_themes t JOIN answers a ON a.id = t.answer_id
                               GROUP BY a.question, t.theme""").fetchall():
    themes.setdefault(q, {})[t] = n
# Continuum's bands for a number question with maximum 50 (SurveyResults.numberBands).
bands = [("0", 0, 0), ("1 to 10", 1, 10), ("11 to 20", 11, 20), ("21 to 30", 21, 30), ("31 to 40", 31, 40), ("41 to 50", 41, 50)]
quarters = dict(con.execute("""SELECT substr(submitted_on, 1, 4) || ' Q' || CAST((CAST(substr(submitted_on, 6, 2) AS INTEGER) - 1) // 3 + 1 AS VARCHAR), count(*)
                               FROM responses GROUP BY 1""").fetchall())
out = {"sent": sent, "responses": responses, "quarters": quarters, "questions": []}
for q in questions:
    got = values.get(q["code"], {})
    if q["type"] == "scale":
        counts = {k: got.get(k, 0) for k in "12345"}
    elif q["type"] in ("choice", "multi"):
        counts = {o: got.get(o, 0) for o in q["options"]}
    elif q["type"] == "number":
        counts = {label: sum(n for v, n in got.items() if lo <= int(v) <= hi) for label, lo, hi in bands}
    else:
        counts = themes.get(q["code"], {})
    out["questions"].append({"id": q["code"], "total": totals.get(q["code"], 0), "counts": counts})
print(json.dumps(out))
