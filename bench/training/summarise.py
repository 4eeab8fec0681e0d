#!/usr/bin/env python3
"""Checks Continuum's training-uptake CSV against DuckDB's byte for byte (on a difference, names the first rows that
differ) and prints the timings table, with the goal: under 200 ms beyond process start."""
import json
import pathlib
import sys

GOAL_MS = 200
results = pathlib.Path(sys.argv[1])
ours = (results / "continuum.csv").read_bytes()
peer = (results / "duckdb.csv").read_bytes()
problems = []
if ours != peer:
    a, b = ours.decode().split("\r\n"), peer.decode().split("\r\n")
    if len(a) != len(b):
        problems.append(f"lines: continuum {len(a)} duckdb {len(b)}")
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            problems.append(f"line {i + 1}: continuum {x!r} duckdb {y!r}")
            if len(problems) > 10:
                break
    if not problems:
        problems.append("the bytes differ outside the lines (line endings?)")


def mean_ms(name):
    r = json.loads((results / name).read_text())["results"][0]
    return r["mean"] * 1000, r["stddev"] * 1000


z, zs = mean_ms("baseline.hyperfine.json")
e, es = mean_ms("report-2010.hyperfine.json")
f, fs = mean_ms("report.hyperfine.json")
b, bs = mean_ms("duckdb-baseline.hyperfine.json")
d, ds = mean_ms("duckdb.hyperfine.json")
schools = ours.decode().count("\r\n")
print(f"{schools} schools in the report")
print()
print("| command | mean ± sd (ms) | baseline (ms) | beyond baseline (ms) |")
print("|---|---|---|---|")
print(f"| `migrate` with nothing to do (Continuum's baseline) | {z:.0f} ± {zs:.0f} | | |")
print(f"| `report training-uptake --academic-year 2010` (cohort only, no bookings in the year) | {e:.0f} ± {es:.0f} | {z:.0f} | {e - z:.0f} |")
print(f"| `report training-uptake` (the measured report) | {f:.0f} ± {fs:.0f} | {z:.0f} | {f - z:.0f} |")
print(f"| DuckDB: the same CSV from the CSV files | {d:.0f} ± {ds:.0f} | {b:.0f} (`import duckdb`) | {d - b:.0f} |")
print()
verdict = "meets" if f - z < GOAL_MS else "misses"
print(f"Goal (under {GOAL_MS} ms beyond process start): Continuum {f - z:.0f} ms, {verdict} it; DuckDB {d - b:.0f} ms.")
if problems:
    print("\nMISMATCH:\n" + "\n".join(problems))
    sys.exit(1)
print(f"Continuum's CSV equals DuckDB's byte for byte ({len(ours)} bytes).")
