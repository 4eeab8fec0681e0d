#!/usr/bin/env python3
"""Checks Continuum's finance figures against DuckDB's to the penny and prints the timings table."""
import json
import pathlib
import re
import sys

results = pathlib.Path(sys.argv[1])
ours = json.loads((results / "high-needs-full.json").read_text())
peer = json.loads((results / "duckdb.json").read_text())
problems = []
for line, figures in peer["by_s251_line"].items():
    mine = ours["by_s251_line"].get(line)
    if mine != figures:
        problems.append(f"s251 {line}: continuum {mine} duckdb {figures}")
for key in ("spent_to_date", "forecast_outturn"):
    if ours[key] != peer[key]:
        problems.append(f"{key}: continuum {ours[key]} duckdb {peer[key]}")
run_total = re.search(r"total (-?\d+\.\d\d)", (results / "run-full.txt").read_text()).group(1)
if run_total != peer["run_total"]:
    problems.append(f"payment run total: continuum {run_total} duckdb {peer['run_total']}")


def mean_ms(name):
    data = json.loads((results / f"{name}.hyperfine.json").read_text())["results"][0]
    return data["mean"] * 1000, data["stddev"] * 1000


rows = []
for label, name in [("High Needs position", "high-needs"), ("Summer-term payment run", "payment-run"), ("DSG management plan workbook", "dsg-plan")]:
    (full, sd_full), (empty, sd_empty) = mean_ms(f"{name}-full"), mean_ms(f"{name}-empty")
    rows.append(f"| {label} | {empty:.0f} ± {sd_empty:.0f} | {full:.0f} ± {sd_full:.0f} | {full - empty:.0f} |")
(peer_ms, peer_sd), (base_ms, base_sd) = mean_ms("duckdb"), mean_ms("duckdb-baseline")
rows.append(f"| DuckDB: all three figures from the CSV | {base_ms:.0f} ± {base_sd:.0f} (import duckdb) | {peer_ms:.0f} ± {peer_sd:.0f} | {peer_ms - base_ms:.0f} |")
print("| command | baseline (ms) | 20,000 placements (ms) | beyond baseline (ms) |\n|---|---|---|---|")
print("\n".join(rows))
print(f"\nrun lines: {(results / 'run-full.txt').read_text().strip()}")
print("figures equal to DuckDB's to the penny: " + ("yes" if not problems else "NO\n" + "\n".join(problems)))
sys.exit(1 if problems else 0)
