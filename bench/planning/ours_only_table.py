#!/usr/bin/env python3
"""Runs plan-bench on every instance (median and coverage) and prints a markdown table of our side alone."""
import json
import subprocess
import sys

plan_bench, onspd = sys.argv[1], sys.argv[2]
within = 15
print("| instance | ours CPU s | ours wall s (matrix + solve) | objective | proved optimal | bound | nodes |")
print("|---|---|---|---|---|---|---|")
for objective in ["median", "coverage"]:
    for n in [2000, 10000]:
        for m in [50, 200]:
            for p in [3, 5, 10]:
                cmd = [plan_bench, "--postcodes", onspd, "--pupils", f"instances/pupils-{n}.csv", "--candidates", f"instances/candidates-{m}.csv",
                       "--p", str(p), "--objective", objective, "--repeat", "3"] + (["--within", str(within)] if objective == "coverage" else [])
                d = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
                name = f"{objective} N={n} M={m} p={p}" + (f" T={within} min" if objective == "coverage" else "")
                fmt = (lambda v: f"{v:.4f}") if objective == "median" else (lambda v: f"{v:.0f}")
                print(f"| {name} | {d['cpu_seconds']:.3f} | {d['matrix_seconds'] + d['solve_seconds']:.3f} | {fmt(d['value'])} | {d['optimal']} | {fmt(d['bound'])} | {d['nodes']} |", flush=True)
