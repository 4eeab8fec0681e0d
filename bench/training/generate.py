#!/usr/bin/env python3
"""Issue 16's training-uptake bench data: SCHOOLS bench schools (URNs 900001 up) with PUPILS children at them (about
13% SEN support, 4% EHC plans, primary needs in the census's proportions) and a training programme over two academic
years (a course per area for 2025 and for 2026, four sessions each, places at about three schools in five), written
into a Continuum SQLite database's own tables. Then every row the report reads (the demo council's own children,
schools and bookings too) is exported from that database as CSV for DuckDB, so both read identical data. Seeded.

  generate.py --db continuum.sqlite --authority-id UUID --out DIR [--schools 400] [--pupils 100000] [--seed 16]
"""
import argparse
import csv
import datetime
import pathlib
import random
import sqlite3
import time
import uuid

# (type_name, phase, statutory ages, LAESTAB number base, weight, pupils per school weight, K rate, E rate)
KINDS = [
    ("Community school", "Primary", 4, 11, 2500, 0.34, 1.0, 0.135, 0.030),
    ("Voluntary aided school", "Primary", 4, 11, 3500, 0.12, 0.9, 0.125, 0.028),
    ("Academy converter", "Primary", 4, 11, 2800, 0.24, 1.1, 0.130, 0.030),
    ("Academy converter", "Secondary", 11, 18, 4500, 0.13, 4.6, 0.125, 0.029),
    ("Academy sponsor led", "Secondary", 11, 16, 4700, 0.05, 3.8, 0.150, 0.035),
    ("Foundation school", "Secondary", 11, 18, 5500, 0.03, 4.2, 0.120, 0.027),
    ("Community special school", "Not applicable", 2, 19, 7500, 0.06, 0.45, 0.040, 0.900),
    ("Pupil referral unit", "Not applicable", 5, 16, 1500, 0.03, 0.15, 0.450, 0.150),
]
# Primary needs, by provision (SEN in England 2024: SLCN leads SEN support, autism EHC plans). Codes as SENNeed holds them.
NEEDS_K = {"SLCN": 25, "SEMH": 21, "MLD": 16, "SPLD": 13, "ASD": 9, "OTH": 4, "NSA": 4, "PD": 3, "HI": 2, "VI": 1, "SLD": 1, "MSI": 0.5, "PMLD": 0.5}
NEEDS_E = {"ASD": 33, "SLCN": 22, "SEMH": 14, "SLD": 9, "MLD": 7, "PD": 5, "PMLD": 2, "HI": 2, "SPLD": 2, "VI": 1, "OTH": 2, "MSI": 1}
# A course in each targeted area (TrainingArea's raw values), with its audience.
AREAS = [("autism", "Autism in the classroom", "teacher;ta;senco"), ("semh", "Emotionally based school avoidance", "teacher;senco"),
         ("slcn", "Speech and language: first steps", "ta;teacher"), ("cognition-learning", "Precision teaching", "ta;teacher"),
         ("sensory-physical", "Sensory circuits", "ta;teacher"), ("trauma-informed", "Trauma-informed practice", "teacher;ta;governor"),
         ("early-years-portage", "Portage and early years SEN", "ey-practitioner"), ("senco-induction", "New SENCO induction", "senco")]
TOWNS = ["Severnbridge", "Ashcombe", "Kingsford", "Millbrook", "Oldfield", "Westbury", "Hartley", "Stoke Marsh", "Lydcote", "Brampton"]
PLACES = ["Church", "Park", "Meadow", "Castle", "Hill", "Brook", "Orchard", "Green", "Vale", "Abbey", "Riverside", "Oak"]
SAINTS = ["St Mary's", "St John's", "St Peter's", "Holy Trinity", "St Andrew's", "Christ Church"]
GIRLS = ["Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Grace", "Evie", "Ella", "Poppy", "Sophia", "Aisha", "Zara"]
BOYS = ["Oliver", "George", "Noah", "Arthur", "Leo", "Oscar", "Harry", "Jack", "Theo", "Muhammad", "Charlie", "Alfie", "Finley", "Ethan", "Kai"]
SURNAMES = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Walker",
            "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Khan", "Patel", "Lewis", "O'Brien"]
ETHNICITY = {"WBRI": 70, "WOTH": 6, "MWBC": 3, "AIND": 2, "APKN": 4, "BAFR": 3, "CHNE": 1, "OOTH": 2, "REFU": 2}


def u() -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()


def pick(weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def day(d: datetime.date) -> str:
    return d.isoformat()


def weekday(d: datetime.date) -> datetime.date:
    return d + datetime.timedelta(days=(7 - d.weekday()) % 7) if d.weekday() >= 5 else d


parser = argparse.ArgumentParser()
parser.add_argument("--db", required=True)
parser.add_argument("--authority-id", required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--schools", type=int, default=400)
parser.add_argument("--pupils", type=int, default=100000)
parser.add_argument("--seed", type=int, default=16)
args = parser.parse_args()
rng = random.Random(args.seed)
out = pathlib.Path(args.out)
out.mkdir(parents=True, exist_ok=True)
authority = args.authority_id.upper()
db = sqlite3.connect(args.db)
la_code = db.execute("SELECT la_code FROM authorities WHERE id = ?", (authority,)).fetchone()[0]
user = db.execute("SELECT id FROM users WHERE authority_id = ? LIMIT 1", (authority,)).fetchone()
booked_by = user[0] if user else u()
now = time.time()

# Schools: 900001 up, a range no real URN uses yet.
schools = []  # (id, urn, name, kind)
for i in range(args.schools):
    kind = rng.choices(KINDS, weights=[k[5] for k in KINDS])[0]
    type_name, phase = kind[0], kind[1]
    town, place = rng.choice(TOWNS), rng.choice(PLACES)
    if phase == "Primary":
        name = rng.choice([f"{place} Primary School", f"{town} {place} Primary", f"{rng.choice(SAINTS)} CofE Primary School, {town}",
                           f"{town} Infant and Junior School"])
    elif phase == "Secondary":
        name = rng.choice([f"{town} Academy", f"{town} {place} School", f"{rng.choice(SAINTS)} Catholic High School, {town}"])
    elif type_name == "Pupil referral unit":
        name = f"{town} Learning Centre"
    else:
        name = rng.choice([f"{place} Special School", f"{town} \"Bridges\" School"])
    urn = 900001 + i
    schools.append((u(), urn, name, kind))
db.executemany("INSERT INTO establishments (id, urn, la_code, establishment_number, name, type_name, phase, status, statutory_low_age,"
               " statutory_high_age, postcode, easting, northing, search_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               [(sid, urn, la_code, str(k[4] + i), name, k[0], k[1], "Open", k[2], k[3], f"SV{rng.randrange(1, 20)} {rng.randrange(1, 10)}"
                 f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}", rng.randrange(370000, 400000),
                 rng.randrange(200000, 240000), f"{urn} {name}".lower()) for i, (sid, urn, name, k) in enumerate(schools)])

# Pupils, spread by school size; ages by phase, as at the 2026/27 academic year.
home = rng.choices(range(len(schools)), weights=[s[3][6] * rng.uniform(0.6, 1.4) for s in schools], k=args.pupils)
children = []
for n, si in enumerate(home):
    sid, urn, name, k = schools[si]
    low, high = max(k[2], 4), min(k[3], 16)
    age = rng.randint(low, high)
    dob = datetime.date(2026 - age - 1, 9, 1) + datetime.timedelta(days=rng.randrange(365))
    r = rng.random()
    provision = "E" if r < k[8] else "K" if r < k[8] + k[7] else "N"
    need = pick(NEEDS_E) if provision == "E" else pick(NEEDS_K) if provision == "K" else None
    second = pick(NEEDS_K) if provision != "N" and rng.random() < 0.2 else None
    sex = "M" if rng.random() < (0.5 if provision == "N" else 0.66) else "F"
    fore, sur = rng.choice(BOYS if sex == "M" else GIRLS), rng.choice(SURNAMES)
    preferred = rng.choice(["Alfie", "Izzy", "Sam", "Jo"]) if rng.random() < 0.03 else None
    key = " | ".join([fore, sur, preferred or "", f"{sur}, {fore}", ""]).lower()
    children.append((u(), authority, fore, sur, preferred, day(dob), None, sex, f"SV{rng.randrange(1, 20)} {rng.randrange(1, 10)}AB",
                     1 if rng.random() < 0.002 else 0, sid, provision, need, second, None, pick(ETHNICITY), key, 1, now, now))
db.executemany("INSERT INTO children (id, authority_id, legal_forename, legal_surname, preferred_name, date_of_birth, upn, sex, home_postcode,"
               " confidential_address, home_school_id, sen_provision, primary_need, secondary_need, nc_year_offset, ethnicity, search_key,"
               " version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", children)

# The programme: a course per area for 2025/26 and 2026/27, four sessions each. 2026/27's first two are past (today is
# December 2026) and have registers; its last two are to come, booked but not attended. One 2025/26 session is in late
# August 2026 and one 2026/27 session on 1 September 2026: the year's edges.
engaged = [s for s in schools if rng.random() < 0.6]
staff = {s[0]: [f"{rng.choice(GIRLS + BOYS)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 6))] for s in engaged}
courses, sessions, bookings = [], [], []
today = datetime.date(2026, 12, 7)
for year in (2025, 2026):
    for ai, (area, title, audience) in enumerate(AREAS):
        cid = u()
        price = rng.choice([0, 4500, 9000, 12000])
        courses.append((cid, authority, year, f"BENCH-{area.upper()}-{year}", f"{title} ({year}/{(year + 1) % 100:02d})", "course", area,
                        audience, rng.choice([90, 180, 360]), price, price + 1500 if price else None, "Severn Vale SEN Support Service",
                        "Participants can plan support for the pupils they teach.", now))
        dates = [datetime.date(year, 9, 15), datetime.date(year, 11, 10), datetime.date(year + 1, 2, 9), datetime.date(year + 1, 6, 8)]
        dates = [weekday(d + datetime.timedelta(days=rng.randrange(0, 21) + ai)) for d in dates]
        if year == 2025 and ai == 0:
            dates[3] = datetime.date(2026, 8, 27)
        if year == 2026 and ai == 0:
            dates[0] = datetime.date(2026, 9, 1)
        for si, on in enumerate(dates):
            sess = u()
            cancelled = rng.random() < 0.03
            sessions.append((sess, authority, cid, None, day(on), 570, 570 + 180, "Severn Vale Professional Centre", None, "Bench facilitator",
                             40, day(on - datetime.timedelta(days=7)), "cancelled" if cancelled else "scheduled", now))
            for s in rng.sample(engaged, min(len(engaged), rng.randint(20, 36))):
                for name in rng.sample(staff[s[0]], min(len(staff[s[0]]), rng.choice([1, 1, 1, 2]))):
                    past = on < today
                    if cancelled:
                        status = "cancelled_by_provider"
                    elif past:
                        status = rng.choices(["attended", "no_show", "cancelled_by_delegate"], weights=[86, 8, 6])[0]
                    else:
                        status = rng.choices(["confirmed", "requested", "waitlisted", "cancelled_by_delegate"], weights=[80, 10, 5, 5])[0]
                    buyer = "academy" if "Academy" in s[3][0] else "maintained"
                    charge = 0 if status in ("cancelled_by_provider", "waitlisted") else price + (1500 if buyer == "academy" and price else 0)
                    key = " ".join(name.lower().split())
                    bookings.append((u(), authority, sess, s[0], s[1], name, key, rng.choice(audience.split(";")), None, booked_by,
                                     f"senco@{s[1]}.schools.example", day(on - datetime.timedelta(days=rng.randrange(10, 60))), status,
                                     1 if status == "waitlisted" else None, None, buyer,
                                     day(on - datetime.timedelta(days=3)) if status.startswith("cancelled") else None,
                                     "Bench: cover not found" if status == "cancelled_by_delegate" else None,
                                     charge, "standard", None, 1, now, now))
db.executemany("INSERT INTO training_courses (id, authority_id, academic_year, code, title, kind, target_area, audience, length_minutes,"
               " price_pence, academy_price_pence, provider, outcomes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", courses)
db.executemany("INSERT INTO training_sessions (id, authority_id, course_id, title, session_date, starts_at, ends_at, venue, online_link,"
               " facilitator, capacity, booking_deadline, status, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", sessions)
db.executemany("INSERT INTO training_bookings (id, authority_id, session_id, school_id, school_urn, delegate_name, delegate_key, delegate_role,"
               " delegate_email, booked_by_user_id, booked_by_email, booked_on, status, waitlist_position, offered_on, buyer, cancelled_on,"
               " cancellation_reason, charge_pence, charge_policy, invoice_ref, version, created_at, updated_at)"
               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", bookings)
db.commit()
db.execute("ANALYZE")

# Every row the report reads, as the database now holds it (the demo council's own rows included).
EXPORTS = {
    "establishments": "SELECT id, urn, name FROM establishments",
    "children": "SELECT id, authority_id, home_school_id, sen_provision, primary_need FROM children",
    "training_courses": "SELECT id, authority_id, target_area FROM training_courses",
    "training_sessions": "SELECT id, authority_id, course_id, session_date FROM training_sessions",
    "training_bookings": "SELECT id, authority_id, session_id, school_id, delegate_key, delegate_role, status FROM training_bookings",
}
counts = {}
for name, query in EXPORTS.items():
    cur = db.execute(query)
    with open(out / f"{name}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([c[0] for c in cur.description])
        rows = cur.fetchall()
        w.writerows(rows)
        counts[name] = len(rows)
db.close()
(out / "authority_id.txt").write_text(authority)
attended = sum(1 for b in bookings if b[12] == "attended")
print(f"bench: {len(schools)} schools, {len(children)} pupils ({sum(c[11] == 'K' for c in children)} SEN support,"
      f" {sum(c[11] == 'E' for c in children)} EHC plans), {len(courses)} courses, {len(sessions)} sessions, {len(bookings)} bookings"
      f" ({attended} attended), {len(engaged)} schools booking; exported " + ", ".join(f"{v} {k}" for k, v in counts.items()))
