#!/usr/bin/env python3
"""Checks issue 17's bench: `report neet`'s JSON equals DuckDB's byte for byte, and the NCCIS return Continuum wrote
has DuckDB's number of records for each counts_as; then prints the timings table against the goal (under 1 s each
beyond process start)."""
import collections
import csv
import json
import pathlib
import sys

GOAL_MS = 1000
results = pathlib.Path(sys.argv[1])
ours = (results / "continuum-neet.json").read_text().strip()
peer_lines = (results / "duckdb.txt").read_text().strip().split("\n")
problems = []
if ours != peer_lines[0]:
    problems.append(f"report neet: continuum {ours} duckdb {peer_lines[0]}")
with open(results / "nccis.csv", newline="") as f:
    rows = list(csv.DictReader(f))
mine = collections.Counter(r["counts_as"] for r in rows)
for line in peer_lines[1:]:
    _, counts_as, n = line.split()
    if mine.get(counts_as, 0) != int(n):
        problems.append(f"return {counts_as}: continuum {mine.get(counts_as, 0)} duckdb {n}")


def mean_ms(name):
    r = json.loads((results / name).read_text())["results"][0]
    return r["mean"] * 1000, r["stddev"] * 1000


z, zs = mean_ms("baseline.hyperfine.json")
n, ns = mean_ms("neet.hyperfine.json")
x, xs = mean_ms("nccis.hyperfine.json")
b, bs = mean_ms("duckdb-baseline.hyperfine.json")
d, ds = mean_ms("duckdb.hyperfine.json")
print(f"{len(rows)} records in the return; {json.loads(ours)['cohort']} young people at academic age 16-17")
print()
print("| command | mean ± sd (ms) | baseline (ms) | beyond baseline (ms) |")
print("|---|---|---|---|")
print(f"| `migrate` with nothing to do (Continuum's baseline) | {z:.0f} ± {zs:.0f} | | |")
print(f"| `report neet --month` | {n:.0f} ± {ns:.0f} | {z:.0f} | {n - z:.0f} |")
print(f"| `export nccis --month` (validated, then written) | {x:.0f} ± {xs:.0f} | {z:.0f} | {x - z:.0f} |")
print(f"| DuckDB: the month's figures and the return's counts from the CSV files | {d:.0f} ± {ds:.0f} | {b:.0f} (`import duckdb`) | {d - b:.0f} |")
print()
for what, ms in (("report neet", n - z), ("export nccis", x - z)):
    print(f"Goal (under {GOAL_MS} ms beyond process start): {what} {ms:.0f} ms, {'meets' if ms < GOAL_MS else 'misses'} it.")
if problems:
    print("\nMISMATCH:\n" + "\n".join(problems))
    sys.exit(1)
print(f"Continuum's figures equal DuckDB's: {ours}")
print("The return's records by counts_as equal DuckDB's: " + ", ".join(f"{k} {v}" for k, v in sorted(mine.items())))
