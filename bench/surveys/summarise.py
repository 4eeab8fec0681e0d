#!/usr/bin/env python3
"""Checks Continuum's survey figures against DuckDB's, count by count, and prints the timings table."""
import json
import pathlib
import re
import sys

results = pathlib.Path(sys.argv[1])
ours = json.loads((results / "continuum.json").read_text())[0]
peer = json.loads((results / "duckdb.json").read_text())
problems = []
for key in ("sent", "responses"):
    if ours[key] != peer[key]:
        problems.append(f"{key}: continuum {ours[key]} duckdb {peer[key]}")
mine = {q["id"]: q for q in ours["questions"]}
for q in peer["questions"]:
    got = mine.get(q["id"])
    if got is None:
        problems.append(f"question {q['id']} missing")
        continue
    if got["total"] != str(q["total"]):
        problems.append(f"{q['id']} total: continuum {got['total']} duckdb {q['total']}")
    want = {k: str(v) for k, v in q["counts"].items()}
    have = {k: v for k, v in got["counts"].items() if k in want or v != "0"}
    if have != want:
        problems.append(f"{q['id']} counts: continuum {have} duckdb {want}")


def mean_ms(name):
    r = json.loads((results / name).read_text())["results"][0]
    return r["mean"] * 1000, r["stddev"] * 1000


def wrk(name):
    text = (results / name).read_text()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", text)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, pct(50), pct(99), int(errors.group(1)) if errors else 0


e, es = mean_ms("report-empty.hyperfine.json")
f, fs = mean_ms("report-full.hyperfine.json")
b, bs = mean_ms("duckdb-baseline.hyperfine.json")
d, ds = mean_ms("duckdb.hyperfine.json")
print("| command | baseline (ms) | 50,000 responses (ms) | beyond baseline (ms) |")
print("|---|---|---|---|")
print(f"| `report survey-results --survey bench` | {e:.0f} ± {es:.0f} | {f:.0f} ± {fs:.0f} | {f - e:.0f} |")
print(f"| DuckDB: the same aggregates from the CSVs | {b:.0f} ± {bs:.0f} | {d:.0f} ± {ds:.0f} | {d - b:.0f} |")
print()
print("| route | connections | req/s | p50 (ms) | p99 (ms) | non-2xx |")
print("|---|---|---|---|---|---|")
for route, stem in (("/healthz (bare, the ceiling)", "healthz"), ("/surveys/ID/results (signed in)", "results")):
    for c in (1, 10):
        rps, p50, p99, errors = wrk(f"wrk-{stem}-c{c}.txt")
        print(f"| {route} | {c} | {rps:.1f} | {p50:.1f} | {p99:.1f} | {errors} |")
if problems:
    print("\nMISMATCH:\n" + "\n".join(problems))
    sys.exit(1)
print("\nEvery count equals DuckDB's.")
