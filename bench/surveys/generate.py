#!/usr/bin/env python3
"""Issue 16's survey bench data: one survey with RESPONSES responses (five invitations for each, a 20% rate)
over two years, written into a Continuum SQLite database's own tables and, identically, into CSV files for
DuckDB. Seeded, so every run measures the same data.

  generate.py --db continuum.sqlite --authority-id UUID --out DIR [--responses 50000] [--seed 16]
"""
import argparse
import csv
import datetime
import json
import pathlib
import random
import sqlite3
import uuid

QUESTIONS = [
    {"code": "kept-informed", "text": "I was kept informed", "type": "scale", "options": []},
    {"code": "views-heard", "text": "My child's views were heard", "type": "scale", "options": []},
    {"code": "plan-quality", "text": "The plan describes my child", "type": "scale", "options": []},
    {"code": "contact", "text": "How did you hear from us?", "type": "choice", "options": ["Email", "Phone", "Letter", "Meetings"]},
    {"code": "help", "text": "What helped?", "type": "multi", "options": ["Caseworker", "School", "Health", "Forum", "Website"]},
    {"code": "weeks", "text": "Weeks waited", "type": "number", "options": [], "maximum": 50},
    {"code": "improve", "text": "What would you change?", "type": "text", "options": []},
]
# Labels of their own: the demo council already holds its starter themes (labels are unique per council).
THEMES = ["Bench: informed", "Bench: timescales", "Bench: communication", "Bench: provision", "Bench: views", "Bench: teaching"]
STAGES = ["after_decision_to_assess", "after_final_plan", "after_annual_review"]


def u() -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


parser = argparse.ArgumentParser()
parser.add_argument("--db", required=True)
parser.add_argument("--authority-id", required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--responses", type=int, default=50000)
parser.add_argument("--seed", type=int, default=16)
args = parser.parse_args()
rng = random.Random(args.seed)
out = pathlib.Path(args.out)
out.mkdir(parents=True, exist_ok=True)
authority = args.authority_id.upper()
db = sqlite3.connect(args.db)
survey_id = u()
start = datetime.date(2024, 12, 1)
db.execute("INSERT INTO surveys (id, authority_id, slug, title, audience, trigger, delay_days, status, published_version, created_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
           (survey_id, authority, "bench", "Bench survey", "parent_carer", "after_final_plan", 14, "open", 1, "bench"))
questions = [{k: v for k, v in q.items() if k != "maximum"} | ({"maximum": q["maximum"]} if "maximum" in q else {}) for q in QUESTIONS]
db.execute("INSERT INTO survey_versions (id, survey_id, version, questions, published_on) VALUES (?,?,?,?,?)",
           (u(), survey_id, 1, json.dumps(questions), str(start)))
# An empty survey: the baseline (process start, configuration, the migrations check, the survey's lookup).
empty_id = u()
db.execute("INSERT INTO surveys (id, authority_id, slug, title, audience, trigger, delay_days, status, published_version, created_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
           (empty_id, authority, "bench-empty", "Bench survey, no answers", "parent_carer", "manual", 0, "open", 1, "bench"))
db.execute("INSERT INTO survey_versions (id, survey_id, version, questions, published_on) VALUES (?,?,?,?,?)",
           (u(), empty_id, 1, json.dumps(questions), str(start)))
theme_ids = {}
for label in THEMES:
    theme_ids[label] = u()
    db.execute("INSERT INTO feedback_themes (id, authority_id, label, retired) VALUES (?,?,?,0)", (theme_ids[label], authority, label))

invitations, responses, answers, coded = [], [], [], []
for i in range(args.responses * 5):
    sent = start + datetime.timedelta(days=rng.randrange(730))
    invitations.append((u(), authority, survey_id, 1, f"bench-token-{i}", rng.choice(STAGES), f"bench:{i}", f"r{i}", str(sent)))
for i in range(args.responses):
    rid = u()
    stage = rng.choice(STAGES)
    submitted = start + datetime.timedelta(days=rng.randrange(730))
    responses.append((rid, authority, survey_id, 1, stage, "ehc", str(submitted), 0))
    for q in QUESTIONS:
        if rng.random() > 0.9:
            continue
        if q["type"] == "scale":
            values = [str(rng.choices("12345", weights=[8, 12, 20, 35, 25])[0])]
        elif q["type"] == "choice":
            values = [rng.choices(q["options"], weights=[50, 25, 15, 10])[0]]
        elif q["type"] == "multi":
            values = [o for o in q["options"] if rng.random() < 0.35] or [q["options"][0]]
        elif q["type"] == "number":
            values = [str(rng.randrange(0, 51))]
        else:
            if rng.random() > 0.5:
                continue
            values = ["free text the bench never reads"]
        for value in values:
            aid = u()
            answers.append((aid, rid, survey_id, q["code"], value, stage, str(submitted)[:7]))
            if q["type"] == "text":
                for label in rng.sample(THEMES, rng.choice([0, 1, 1, 2])):
                    coded.append((u(), aid, theme_ids[label], "bench"))

db.executemany("INSERT INTO survey_invitations (id, authority_id, survey_id, version, token_hash, stage, source_key, recipient_hash, sent_on) VALUES (?,?,?,?,?,?,?,?,?)", invitations)
db.executemany("INSERT INTO survey_responses (id, authority_id, survey_id, version, stage, service, submitted_on, consent_to_contact) VALUES (?,?,?,?,?,?,?,?)", responses)
# Each answer carries its response's stage and month, as the app writes them (migration 052).
db.executemany("INSERT INTO survey_answers (id, response_id, survey_id, question, value, stage, submitted_month) VALUES (?,?,?,?,?,?,?)", answers)
db.executemany("INSERT INTO survey_answer_themes (id, answer_id, theme_id, coded_by) VALUES (?,?,?,?)", coded)
db.commit()
db.execute("ANALYZE")
db.close()

def write(name, header, rows):
    with open(out / name, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)

write("invitations.csv", ["id", "stage", "sent_on"], [(r[0], r[5], r[8]) for r in invitations])
write("responses.csv", ["id", "stage", "submitted_on"], [(r[0], r[4], r[6]) for r in responses])
write("answers.csv", ["id", "response_id", "question", "value"], [(a[0], a[1], a[3], a[4]) for a in answers])
write("answer_themes.csv", ["answer_id", "theme"], [(c[1], next(k for k, v in theme_ids.items() if v == c[2])) for c in coded])
(out / "questions.json").write_text(json.dumps(QUESTIONS))
(out / "survey_id.txt").write_text(survey_id)
(out / "empty_id.txt").write_text(empty_id)
print(f"survey {survey_id}: {len(invitations)} invitations, {len(responses)} responses, {len(answers)} answers, {len(coded)} coded themes")
