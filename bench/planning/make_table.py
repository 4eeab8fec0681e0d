#!/usr/bin/env python3
"""Markdown table from run_spopt_comparison.py's JSON lines (CPU seconds are the fair comparison on a shared machine)."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1] if len(sys.argv) > 1 else "results.jsonl")]
print("| instance | spopt+CBC CPU s | spopt wall s (build + solve) | ours CPU s | ours wall s | ratio (CPU) | objective spopt | objective ours | agree 1e-6 | ours proved optimal | nodes |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    s, o = r["spopt"], r["ours"]
    wall = s["build_seconds"] + s["solve_seconds"]
    ours_wall = o["matrix_seconds"] + o["solve_seconds"]
    name = f"{r['objective']} N={r['n']} M={r['m']} p={r['p']}" + (f" T={r['within']:g} min" if r["within"] else "")
    status = "" if s["status"] == "optimal" else f" (CBC: {s['status']}; timeLimit {s.get('time_limit', '?')} s)"
    ratio = s["cpu_seconds"] / max(o["cpu_seconds"], 1e-3)
    prefix = "" if s["status"] == "optimal" else "≥ "
    fmt = (lambda v: f"{v:.4f}") if r["objective"] == "median" else (lambda v: f"{v:.0f}")
    sv = "n/a" if s["value"] is None else fmt(s["value"])
    print(f"| {name} | {s['cpu_seconds']:.2f}{status} | {s['build_seconds']:.1f} + {s['solve_seconds']:.1f} | {o['cpu_seconds']:.3f} | {ours_wall:.3f} | "
          f"{prefix}{ratio:,.0f}× | {sv} | {fmt(o['value'])} | {'yes' if r['agree'] else 'NO'} | {o['optimal']} | {o['nodes']} |")
