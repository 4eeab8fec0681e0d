#!/usr/bin/env python3
"""England-scale EHC data for the issue 5 benchmark: one seeded, canonical data set as CSV files
that load_sqlite.sh, load_postgres.sh and duckdb_timeliness.py all read.

Shape (see BENCHMARKS.md, "EHC reports at England's scale"):
  * the 153 English local authorities by their current DfE numbers (the 152 of python-stdnum's
    list that UPN.recognisedLACodes starts from, less the five merged away, plus 838, 839, 940,
    941, 942, 943), with a skewed size: 886 has 15,000 plans in force, 885 (the "large
    authority" of the benchmark) 14,000, 805 (the "small authority") 1,100, the Isles of Scilly
    (420) 40 and the City of London (201) 60; the rest are log-normal, those over 13,000 brought
    down to between 11,375 and 13,000;
  * 640,000 plans in force on the census day 2025-01-16, issued 2015-2024;
  * 85,000 new assessments (requests the council agreed to assess) a year in 2022, 2023 and 2024,
    plus about 28 refusals and 3 withdrawals per 100 of them, and the first fortnight of 2025 at
    the same rate; assessments still running on 2025-01-16 are the backlog;
  * about 46% of the plans issued in 2024 within 20 weeks nationally (each authority has its own
    rate), about 1% of plans with a reg 10(4) exception;
  * plans that ceased in 2023-2024 (so the SEN2 return has cessations to report);
  * for 885 only: a child record per case (the SEN2 return reports cases with a child) and
    16 caseworker profiles with the open cases allocated among them.

Every date is on or before the census day, so the data is the state of the system that morning.
UUIDs are upper-case text, as Foundation's uuidString writes them and Fluent's SQLite driver stores
them. Empty fields are NULL (sqlite: NULLIF in the loader; PostgreSQL \\copy CSV and DuckDB
read them as NULL).

Usage: generate.py [--out DIR] [--seed N]      (stdlib only; two or three minutes)
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import random
import uuid

CENSUS = dt.date(2025, 1, 16)
TOTAL_IN_FORCE = 640_000
ASSESSMENTS_PER_YEAR = 85_000
COHORT_YEARS = (2022, 2023, 2024)
LARGE, SMALL = "885", "805"
FORCED = {"886": 15_000, LARGE: 14_000, SMALL: 1_100, "420": 40, "201": 60}
CAP = 13_000
NATIONAL_WITHIN = 0.46  # share of non-exception plans issued within 20 weeks, issued-weighted

STDNUM = [201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213,
          301, 302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319, 320,
          330, 331, 332, 333, 334, 335, 336, 340, 341, 342, 343, 344,
          350, 351, 352, 353, 354, 355, 356, 357, 358, 359,
          370, 371, 372, 373, 380, 381, 382, 383, 384, 390, 391, 392, 393, 394, 420,
          800, 801, 802, 803, 805, 806, 807, 808, 810, 811, 812, 813, 815, 816,
          821, 822, 823, 825, 826, 830, 831, 835, 836, 837, 840, 841, 845, 846,
          850, 851, 852, 855, 856, 857, 860, 861, 865, 866, 867, 868, 869, 870,
          871, 872, 873, 874, 876, 877, 878, 879, 880, 881, 882, 883, 884, 885,
          886, 887, 888, 889, 890, 891, 892, 893, 894, 895, 896, 908, 909, 916,
          919, 921, 925, 926, 928, 929, 931, 933, 935, 936, 937, 938]
# Merged away: Dorset 835, Poole 836, Bournemouth 837 (2019), Cumbria 909 (2023), Northamptonshire 928 (2021).
CODES = sorted(str(c) for c in [c for c in STDNUM if c not in (835, 836, 837, 909, 928)] + [838, 839, 940, 941, 942, 943])
assert len(CODES) == 153 and LARGE in CODES and SMALL in CODES

CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
FORENAMES = ["Oliver", "George", "Noah", "Arthur", "Harry", "Leo", "Muhammad", "Jack", "Charlie", "Oscar", "Jacob", "Henry",
             "Thomas", "Freddie", "Alfie", "Theo", "William", "Theodore", "Archie", "Joshua", "Olivia", "Amelia", "Isla",
             "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia", "Willow", "Rosie", "Sophia", "Isabella", "Grace", "Daisy",
             "Sienna", "Poppy", "Elsie", "Emily", "Ella"]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson",
            "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis",
            "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander", "Morris", "Baker",
            "Matthews", "Hughes", "Price", "Bennett", "Turner", "Carter"]
NEEDS = [("ASD", 33), ("SLCN", 21), ("SEMH", 15), ("MLD", 10), ("SLD", 5), ("PD", 4), ("SPLD", 4), ("PMLD", 2), ("HI", 2),
         ("OTH", 2), ("VI", 1), ("MSI", 1)]
POSTCODE_AREAS = ["WR1", "WR2", "WR3", "WR4", "WR5", "WR9", "WR10", "WR11", "WR14", "DY10", "DY11", "DY13", "DY14", "B60",
                  "B61", "B96", "B97", "B98"]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
EXCEPTIONS = [("a", 15, "School closed for four weeks or more when advice was requested"),
              ("b", 5, "Early years provider closed for four weeks or more when advice was requested"),
              ("c", 60, "Exceptional personal circumstances of the family"),
              ("d", 20, "Family absent from the area for four weeks or more")]
CEASE_REASONS = [(1, 20), (2, 10), (3, 8), (4, 5), (5, 30), (6, 7), (7, 8), (8, 1), (9, 11)]
REQUESTERS = [("parent", 45), ("school", 38), ("professional", 12), ("young_person", 5)]
CASEWORKERS = ["Amara Okafor", "Ben Hughes", "Chloe Price", "Dev Sharma", "Ellie Turner", "Finn Walsh", "Gemma Lloyd",
               "Hassan Ali", "Isobel Reid", "Jake Morgan", "Kirsty Bell", "Liam Foster", "Maya Patel", "Nia Evans",
               "Owen Clarke", "Priya Nair"]

CASE_COLUMNS = ["id", "authority_id", "child_id", "upn", "requested_on", "requester", "stage", "decision_on",
                "draft_served_on", "final_issued_on", "exception", "exception_reason", "assessment_closed_on",
                "last_review_on", "ceased_on", "cease_reason", "caseworker_id", "source", "version", "created_at",
                "updated_at"]
CHILD_COLUMNS = ["id", "authority_id", "legal_forename", "legal_surname", "date_of_birth", "upn", "sex", "home_postcode",
                 "confidential_address", "sen_provision", "primary_need", "secondary_need", "search_key", "version",
                 "created_at", "updated_at"]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def iso(d):
    return d.isoformat() if d else None


def stamp(d):
    """A timestamp both loaders accept: 09:00 UTC on the day."""
    return d.isoformat() + "T09:00:00Z"


def weekday(d):
    return d + dt.timedelta(days={5: 2, 6: 1}.get(d.weekday(), 0))


def upn(la, serial, yy):
    body = f"{la}{1000 + serial // 1000:04d}{yy % 100:02d}{serial % 1000:03d}"
    total = sum((i + 2) * (int(c) if c.isdigit() else CHECK_ALPHABET.index(c)) for i, c in enumerate(body))
    return CHECK_ALPHABET[total % 23] + body


def largest_remainder(weights, total):
    raw = {k: total * w / sum(weights.values()) for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[: total - sum(out.values())]:
        out[k] += 1
    return out


def plan_in_force_sizes(rng):
    raw = {c: rng.lognormvariate(0, 0.65) for c in CODES if c not in FORCED}
    remaining = TOTAL_IN_FORCE - sum(FORCED.values())
    capped = {}
    while True:  # scale, cap the biggest at CAP, rescale the rest
        free = {c: w for c, w in raw.items() if c not in capped}
        scale = (remaining - CAP * len(capped)) / sum(free.values())
        over = [c for c, w in free.items() if w * scale > CAP]
        if not over:
            break
        capped.update({c: CAP for c in over})
    # The capped ones spread a little below the cap, so no two authorities share a size by construction.
    capped = {c: CAP - rng.randint(0, CAP // 8) for c in sorted(capped)}
    sizes = largest_remainder({c: w for c, w in free.items()}, remaining - sum(capped.values()))
    sizes.update(capped)
    sizes.update(FORCED)
    assert sum(sizes.values()) == TOTAL_IN_FORCE
    return sizes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("EHC_BENCH_DATA", "/tmp/continuum-ehc-bench/data"))
    ap.add_argument("--seed", type=int, default=20250116)
    ap.add_argument("--scale", type=float, default=1.0, help="shrink everything (smoke tests of the scripts only)")
    args = ap.parse_args()
    if args.scale != 1.0:
        global TOTAL_IN_FORCE, ASSESSMENTS_PER_YEAR, CAP
        TOTAL_IN_FORCE, ASSESSMENTS_PER_YEAR, CAP = round(TOTAL_IN_FORCE * args.scale), round(ASSESSMENTS_PER_YEAR * args.scale), round(CAP * args.scale)
        FORCED.update({c: max(1, round(v * args.scale)) for c, v in FORCED.items()})
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)

    def new_uuid():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()

    sizes = plan_in_force_sizes(rng)
    share = {c: sizes[c] / TOTAL_IN_FORCE for c in CODES}
    # Each authority's own 20-week rate, shifted so the plan-weighted national rate is NATIONAL_WITHIN.
    p = {c: rng.betavariate(2.3, 2.7) for c in CODES}
    shift = NATIONAL_WITHIN - sum(p[c] * share[c] for c in CODES)
    for _ in range(20):
        p = {c: min(0.97, max(0.03, v + shift)) for c, v in p.items()}
        shift = NATIONAL_WITHIN - sum(p[c] * share[c] for c in CODES)
        if abs(shift) < 1e-6:
            break
    authority_ids = {c: new_uuid() for c in CODES}

    with open(os.path.join(args.out, "authorities.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "la_code", "header_colour", "named_officer", "created_at"])
        for c in CODES:
            w.writerow([authority_ids[c], f"Local authority {c}", c, "#0b3b60",
                        f"Named officer for children with health needs, authority {c}, 01000 000{c}", "2024-09-01T09:00:00Z"])

    cases_f = open(os.path.join(args.out, "ehc_cases.csv"), "w", newline="")
    cases = csv.writer(cases_f)
    cases.writerow(CASE_COLUMNS)
    children_f = open(os.path.join(args.out, "children.csv"), "w", newline="")
    children = csv.writer(children_f)
    children.writerow(CHILD_COLUMNS)

    caseworker_users = []
    with open(os.path.join(args.out, "caseworker_profiles.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "user_id", "authority_id", "name", "is_agency", "is_trainee", "started_on"])
        for i, name in enumerate(CASEWORKERS):
            user = new_uuid()
            caseworker_users.append(user)
            w.writerow([new_uuid(), user, authority_ids[LARGE], name, 1 if i % 5 == 4 else 0, 1 if i % 7 == 6 else 0,
                        iso(dt.date(2018, 1, 8) + dt.timedelta(days=rng.randint(0, 2500)))])

    stats = {"rows": 0, "in_force": 0, "by_stage": {}, "by_la": {c: {"in_force": 0, "rows": 0} for c in CODES}}
    serial = {c: 0 for c in CODES}

    def write_case(la, requested, requester, stage, source, decision=None, draft=None, final=None, exception=None,
                   closed=None, review=None, ceased=None, cease_reason=None, age_at_request=None, allocate=False):
        serial[la] += 1
        dob = None
        if age_at_request is not None:
            dob = requested - dt.timedelta(days=int(age_at_request * 365.25) + rng.randint(0, 364))
        child_upn = upn(la, serial[la], (dob or requested).year)
        child_id = None
        in_force = stage in ("final_issued", "under_review", "amendment_proposed")
        if la == LARGE:
            child_id = new_uuid()
            fore, sur = rng.choice(FORENAMES), rng.choice(SURNAMES)
            area = rng.choice(POSTCODE_AREAS)
            postcode = f"{area} {rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
            need = weighted(rng, NEEDS)
            second = weighted(rng, NEEDS) if rng.random() < 0.3 else None
            children.writerow([child_id, authority_ids[la], fore, sur, iso(dob), child_upn, "M" if rng.random() < 0.72 else "F",
                               postcode, 0, "E" if in_force else "K", need, second if second != need else None,
                               " | ".join([fore, sur, "", f"{sur}, {fore}", child_upn]).lower(), 1,
                               stamp(requested), stamp(requested)])
        exc = reason = None
        if exception:
            exc, reason = exception
        last = max(d for d in (requested, decision, draft, final, closed, review, ceased) if d)
        worker = None
        if allocate and la == LARGE and rng.random() < 0.85:
            worker = rng.choice(caseworker_users)
        cases.writerow([new_uuid(), authority_ids[la], child_id, child_upn, iso(requested), requester, stage, iso(decision),
                        iso(draft), iso(final), exc, reason, iso(closed), iso(review), iso(ceased), cease_reason, worker,
                        source, 1, stamp(requested), stamp(last)])
        stats["rows"] += 1
        stats["by_la"][la]["rows"] += 1
        stats["by_stage"][stage] = stats["by_stage"].get(stage, 0) + 1
        if in_force:
            stats["in_force"] += 1
            stats["by_la"][la]["in_force"] += 1

    def reviews(final):
        """Last annual review on or before the census day (one in five a year behind), and the stage."""
        years = (CENSUS - final).days // 365
        if years == 0:
            return None, "final_issued"
        k = years - (1 if rng.random() < 0.2 else 0)
        if k == 0:
            return None, "final_issued"
        review = final + dt.timedelta(days=365 * k + rng.randint(-40, 0))
        review = min(review, CENSUS)
        stage = "final_issued"
        if (CENSUS - review).days <= 84:
            x = rng.random()
            stage = "under_review" if x < 0.4 else "amendment_proposed" if x < 0.5 else "final_issued"
        return review, stage

    def plan_days(la, decision_days):
        """Days from request to final plan, and the exception if one applies."""
        if rng.random() < 0.01:
            letter = weighted(rng, [(e[0], e[1]) for e in EXCEPTIONS])
            return rng.randint(max(decision_days + 28, 120), 320), (letter, next(e[2] for e in EXCEPTIONS if e[0] == letter))
        if rng.random() < p[la]:
            return rng.randint(max(decision_days + 28, 84), 140), None
        return min(700, 141 + int(rng.expovariate(1 / 70))), None

    # New requests 2022 to the census day: outcomes played forward, then cut at the census day.
    quotas = {y: largest_remainder(share, ASSESSMENTS_PER_YEAR) for y in COHORT_YEARS}
    partial = largest_remainder(share, round(ASSESSMENTS_PER_YEAR * (CENSUS - dt.date(2025, 1, 1)).days / 365))
    cohort_in_force = {c: 0 for c in CODES}
    for year, first, days, quota in [(y, dt.date(y, 1, 1), 365 + (y % 4 == 0), quotas[y]) for y in COHORT_YEARS] + \
            [(2025, dt.date(2025, 1, 1), (CENSUS - dt.date(2025, 1, 1)).days + 1, partial)]:
        for la in CODES:
            n_assess = quota[la]
            outcomes = ["assess"] * n_assess + ["refuse"] * round(n_assess * 0.28) + ["withdraw"] * round(n_assess * 0.03)
            for outcome in outcomes:
                requested = weekday(first + dt.timedelta(days=rng.randrange(days)))
                if requested > CENSUS:
                    requested = CENSUS
                requester = weighted(rng, REQUESTERS)
                age = weighted(rng, [(rng.randint(0, 4), 20), (rng.randint(5, 10), 45), (rng.randint(11, 15), 28), (rng.randint(16, 19), 7)])
                d_days = rng.randint(21, 42) if rng.random() < 0.8 else rng.randint(43, 90)
                decision = requested + dt.timedelta(days=d_days)
                common = dict(age_at_request=age, allocate=True)
                if outcome == "withdraw":
                    closed = requested + dt.timedelta(days=rng.randint(7, 40))
                    if closed > CENSUS:
                        write_case(la, requested, requester, "requested", "live", **common)
                    else:
                        write_case(la, requested, requester, "withdrawn", "live", closed=closed, **common)
                    continue
                if decision > CENSUS:
                    write_case(la, requested, requester, "requested", "live", **common)
                    continue
                if outcome == "refuse":
                    write_case(la, requested, requester, "refused_to_assess", "live", decision=decision, closed=decision, **common)
                    continue
                x = rng.random()
                if x < 0.05:  # assessed, decision not to issue
                    closed = requested + dt.timedelta(days=rng.randint(max(d_days + 28, 100), 180))
                    if closed > CENSUS:
                        write_case(la, requested, requester, "assessing", "live", decision=decision, **common)
                    else:
                        write_case(la, requested, requester, "decision_not_to_issue", "live", decision=decision, closed=closed, **common)
                    continue
                if x < 0.065:  # withdrawn during the assessment
                    closed = requested + dt.timedelta(days=rng.randint(d_days + 7, d_days + 90))
                    if closed > CENSUS:
                        write_case(la, requested, requester, "assessing", "live", decision=decision, **common)
                    else:
                        write_case(la, requested, requester, "withdrawn", "live", decision=decision, closed=closed, **common)
                    continue
                f_days, exception = plan_days(la, d_days)
                final = requested + dt.timedelta(days=f_days)
                draft = max(decision + dt.timedelta(days=7), final - dt.timedelta(days=rng.randint(15, 42)))
                if final > CENSUS:
                    if draft <= CENSUS:
                        write_case(la, requested, requester, "draft_issued", "live", decision=decision, draft=draft, **common)
                    else:
                        write_case(la, requested, requester, "assessing", "live", decision=decision, **common)
                    continue
                review, stage = reviews(final)
                if rng.random() < 0.02 and (CENSUS - final).days > 60:  # a few new plans already ceased
                    ceased = final + dt.timedelta(days=rng.randint(30, (CENSUS - final).days))
                    write_case(la, requested, requester, "ceased", "live", decision=decision, draft=draft, final=final,
                               exception=exception, closed=final, review=review if review and review <= ceased else None,
                               ceased=ceased, cease_reason=weighted(rng, CEASE_REASONS), **common)
                    continue
                write_case(la, requested, requester, stage, "live", decision=decision, draft=draft, final=final,
                           exception=exception, closed=final, review=review, **common)
                cohort_in_force[la] += 1

    # Plans issued 2015-2021 still in force, and plans that ceased in 2023-2024: brought across from the old system.
    final_years = [(2015, 40), (2016, 45), (2017, 50), (2018, 55), (2019, 62), (2020, 70), (2021, 80)]
    for la in CODES:
        stock = max(0, sizes[la] - cohort_in_force[la])
        ceased_count = round(sizes[la] * 0.14)
        for i in range(stock + ceased_count):
            y = weighted(rng, final_years)
            final = dt.date(y, 1, 1) + dt.timedelta(days=rng.randrange(365))
            if rng.random() < 0.01:
                letter = weighted(rng, [(e[0], e[1]) for e in EXCEPTIONS])
                f_days, exception = rng.randint(120, 320), (letter, next(e[2] for e in EXCEPTIONS if e[0] == letter))
            else:
                f_days, exception = (rng.randint(84, 140), None) if rng.random() < 0.6 else (141 + int(rng.expovariate(1 / 60)), None)
            requested = weekday(final - dt.timedelta(days=f_days))
            final = max(final, requested + dt.timedelta(days=60))
            decision = requested + dt.timedelta(days=rng.randint(21, 42))
            draft = max(decision + dt.timedelta(days=7), final - dt.timedelta(days=rng.randint(15, 42)))
            age = rng.randint(2, 14)
            common = dict(decision=decision, draft=draft, final=final, exception=exception, closed=final, age_at_request=age)
            if i < stock:
                review, stage = reviews(final)
                write_case(la, requested, "imported", stage, "import", review=review, **common)
            else:
                ceased = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(731))
                review, _ = reviews(final)
                write_case(la, requested, "imported", "ceased", "import", review=review if review and review < ceased else None,
                           ceased=ceased, cease_reason=weighted(rng, CEASE_REASONS), **common)
    cases_f.close()
    children_f.close()
    meta = {"seed": args.seed, "census": CENSUS.isoformat(), "large": LARGE, "small": SMALL, "authorities": len(CODES),
            "plans_in_force_target": sizes, "plans_in_force": stats["in_force"], "rows": stats["rows"],
            "by_stage": stats["by_stage"], "rows_by_la": {c: v["rows"] for c, v in stats["by_la"].items()},
            "in_force_by_la": {c: v["in_force"] for c, v in stats["by_la"].items()},
            "assessments_per_year": ASSESSMENTS_PER_YEAR, "within_rate_by_la": {c: round(v, 4) for c, v in p.items()}}
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    print(f"{stats['rows']} cases, {stats['in_force']} plans in force, {len(CODES)} authorities -> {args.out}")
    print("by stage:", json.dumps(stats["by_stage"], sort_keys=True))
    print(f"{LARGE}: {stats['by_la'][LARGE]['rows']} cases, {stats['by_la'][LARGE]['in_force']} plans in force; "
          f"{SMALL}: {stats['by_la'][SMALL]['rows']} cases, {stats['by_la'][SMALL]['in_force']} in force")


if __name__ == "__main__":
    main()
