#!/usr/bin/env python3
"""Issue 17's post-16 bench data: PEOPLE young people (40,000 by default) of one authority with five years of activity
spells, written into a Continuum SQLite database's own tables (young_people, post16_spells), then exported as CSV for
DuckDB so both read identical data. Seeded.

Ages on the bench's month: about 22,000 at academic age 16-17, 6,000 in Year 11, 2,000 plan holders of 18 to 24 and
10,000 older young people without plans (tracked in earlier years: their spells are the five years of history).
Spells start in September of the year each young person reached 16 (or five years ago, whichever is later) and change
one to five times, each on its own date; the current one is mostly confirmed in the last 150 days, one in fifty never
after its start, so currency lapses. Codes follow NCCIS's shape (about 90% in education, employment or training, 3% NEET, 2% not known), with a few
in custody. No one is born on 29 February, so no rule about leap-day birthdays is exercised here.

  generate.py --db continuum.sqlite --authority-id UUID --out DIR [--people 40000] [--seed 17] [--today 2026-12-07]
"""
import argparse
import csv
import datetime
import pathlib
import random
import sqlite3
import uuid

ap = argparse.ArgumentParser()
ap.add_argument("--db", required=True)
ap.add_argument("--authority-id", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--people", type=int, default=40_000)
ap.add_argument("--seed", type=int, default=17)
ap.add_argument("--today", default="2026-12-07")
args = ap.parse_args()
rng = random.Random(args.seed)
today = datetime.date.fromisoformat(args.today)
a = today.year if today.month >= 9 else today.year - 1  # the academic year's start

CODES = [(210, 34), (220, 10), (230, 33), (250, 1.5), (280, 1), (310, 6), (320, 1), (330, 3), (340, 1), (450, 0.5), (460, 0.5),
         (530, 0.7), (619, 2.2), (610, 0.6), (640, 0.5), (630, 0.2), (620, 0.2), (710, 0.3), (290, 0.1), (810, 1.6), (830, 0.4)]
HOURS = {250, 320, 381, 550}
EMPLOYER = {310, 450, 460}
NAMES = ["Amelia", "Olivia", "Isla", "Ava", "Mia", "Oliver", "George", "Noah", "Arthur", "Leo", "Theo", "Zara", "Kai", "Ivy"]
SURNAMES = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Khan", "Patel", "Hughes"]


def u() -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


used_ulns = set()


def uln() -> str:
    # DfE's ULN check digit (ULN_04): 10 - (sum of d_i * (10 - i), i = 0..8) mod 11; a remainder of 0 is invalid.
    while True:
        nine = str(rng.randrange(100_000_000, 1_000_000_000))
        check = 10 - sum(int(c) * (10 - i) for i, c in enumerate(nine)) % 11
        if check != 10 and nine + str(check % 10) not in used_ulns:
            used_ulns.add(nine + str(check % 10))
            return nine + str(check % 10)


def born(age: int) -> datetime.date:
    # Academic age `age` in year a: born 1 September (a - age - 1) to 31 August (a - age).
    while True:
        d = datetime.date(a - age - 1, 9, 1) + datetime.timedelta(days=rng.randrange(366))
        if d <= datetime.date(a - age, 8, 31) and not (d.month == 2 and d.day == 29):
            return d


people, spells = [], []


def add(age: int, plan: bool):
    pid = u()
    people.append((pid, args.authority_id, None, uln(), rng.choice(NAMES), rng.choice(SURNAMES), born(age).isoformat(), int(plan),
                   int(not plan and rng.random() < 0.12), "WR" + str(rng.randrange(1, 15)), int(rng.random() < 0.012), int(rng.random() < 0.01),
                   int(rng.random() < 0.006), 0, None, "bench", "bench", 1))
    if age < 16:
        return
    first = datetime.date(max(a - (age - 16), a - 5), 9, rng.randrange(2, 12))
    starts = sorted({first} | {first + datetime.timedelta(days=rng.randrange(30, (today - first).days or 31)) for _ in range(rng.choice([0, 0, 1, 1, 2, 4]))})
    starts = [s for s in starts if s <= today]
    for k, start in enumerate(starts):
        code = rng.choices([c for c, _ in CODES], weights=[w for _, w in CODES])[0]
        # An earlier spell was last confirmed within a couple of months of its start; the current one, in most cases,
        # in this year's activity survey (the last 150 days); one in fifty never after its start, so it lapses.
        if k < len(starts) - 1 or rng.random() < 0.02:
            confirmed = min(today, start + datetime.timedelta(days=rng.randrange(0, 60)))
        else:
            confirmed = max(start, today - datetime.timedelta(days=rng.randrange(0, 150)))
        spells.append((u(), args.authority_id, pid, code, start.isoformat(), confirmed.isoformat(),
                       rng.randrange(6, 16) if code in HOURS else None, None, "Bench Employer" if code in EMPLOYER else None, "college", "bench"))


n = args.people
for _ in range(n * 11 // 40):
    add(16, rng.random() < 0.045)
    add(17, rng.random() < 0.045)
for _ in range(n * 6 // 40):
    add(15, rng.random() < 0.05)
for i in range(n * 2 // 40):
    add(18 + i % 7, True)
for i in range(n - len(people)):
    add(18 + i % 5, False)

db = sqlite3.connect(args.db)
db.executemany("INSERT INTO post16_young_people (id, authority_id, child_id, uln, forename, surname, date_of_birth, has_ehc_plan, sen_support, district,"
               " care_experienced, young_carer, young_parent, s19_in_year_11, flag, source, search_key, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               people)
db.executemany("INSERT INTO post16_spells (id, authority_id, young_person_id, code, start_on, confirmed_on, hours, provider_ref, employer, source, recorded_by)"
               " VALUES (?,?,?,?,?,?,?,?,?,?,?)", spells)
db.commit()

out = pathlib.Path(args.out)
out.mkdir(parents=True, exist_ok=True)
# Every young person and spell of the authority, as the app will read them.
with open(out / "people.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "date_of_birth", "has_ehc_plan"])
    w.writerows(db.execute("SELECT id, date_of_birth, has_ehc_plan FROM post16_young_people WHERE authority_id = ?", (args.authority_id,)))
with open(out / "spells.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["young_person_id", "code", "start_on", "confirmed_on"])
    w.writerows(db.execute("SELECT young_person_id, code, start_on, confirmed_on FROM post16_spells WHERE authority_id = ?", (args.authority_id,)))
print(f"{len(people)} young people, {len(spells)} spells (first start {min(s[4] for s in spells)}) for authority {args.authority_id}")
