#!/usr/bin/env python3
"""Compare ContinuumPlanning's exact solvers with PySAL spopt (PuLP + CBC) on the same instances.

Both sides read the same pupils/candidates CSVs and the same ONSPD postcode centroids and use the
same straight-line cost matrix: minutes = metres x 1.3 / 500 (detour 1.3 at 30 km/h).
spopt time = model build (from_cost_matrix) + CBC solve; ours = matrix + exact solve (median of 3),
as printed by the release-built `plan-bench`. Objectives must agree to 1e-6 relative.

    /tmp/planning-venv/bin/python run_spopt_comparison.py --onspd ONSPD.csv --instances instances \
        --plan-bench ../.build/release/plan-bench --out results.jsonl
"""
import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
import pulp
from spopt.locate import MCLP, PMedian

CHILDREN = [2000, 10000]
CANDIDATES = [50, 200]
PS = [3, 5, 10]


def load_points(path, column, centroids):
    pts = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            pts.append(centroids[row[column].replace(" ", "").upper()])
    return np.array(pts, dtype=float)


def run_ours(args, n, m, p, objective, within=None):
    cmd = [args.plan_bench, "--postcodes", args.onspd, "--pupils", f"{args.instances}/pupils-{n}.csv",
           "--candidates", f"{args.instances}/candidates-{m}.csv", "--p", str(p), "--objective", objective, "--repeat", "3"]
    if within is not None:
        cmd += ["--within", str(within)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def run_spopt(cost, p, objective, within, time_limit):
    solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
    weights = np.ones(cost.shape[0])
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    if objective == "median":
        model = PMedian.from_cost_matrix(cost, weights, p_facilities=p)
    else:
        model = MCLP.from_cost_matrix(cost, weights, service_radius=within, p_facilities=p)
    t1 = time.perf_counter()
    cpu1 = time.process_time()
    child0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    status = "optimal"
    try:
        model.solve(solver, results=False)
    except RuntimeError as e:
        status = f"not solved: {e}"
    t2 = time.perf_counter()
    child1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds: Python's own for the model build and writing the MPS file, plus CBC's (a child process).
    cpu = (cpu1 - cpu0) + (time.process_time() - cpu1) + (child1.ru_utime - child0.ru_utime) + (child1.ru_stime - child0.ru_stime)
    if pulp.LpStatus[model.problem.status] != "Optimal":
        status = pulp.LpStatus[model.problem.status]
    value = pulp.value(model.problem.objective)
    chosen = [j for j, v in enumerate(model.fac_vars) if v.value() is not None and v.value() > 0.5]
    return {"build_seconds": t1 - t0, "solve_seconds": t2 - t1, "cpu_seconds": cpu, "time_limit": time_limit,
            "value": value, "status": status, "chosen": chosen}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onspd", required=True)
    ap.add_argument("--instances", default="instances")
    ap.add_argument("--plan-bench", dest="plan_bench", required=True)
    ap.add_argument("--out", default="results.jsonl")
    ap.add_argument("--within", type=float, default=15.0, help="coverage threshold in minutes")
    ap.add_argument("--time-limit", type=int, default=900, help="CBC time limit per solve, seconds")
    ap.add_argument("--objectives", default="median,coverage")
    ap.add_argument("--largest-median-p", default="10",
                    help="for p-median with N x M >= 2,000,000 (2M assignment variables in PuLP) run spopt only for these p")
    args = ap.parse_args()

    centroids = {}
    with open(args.onspd, newline="") as f:
        for row in csv.DictReader(f):
            try:
                centroids[row["pcd7"].replace(" ", "").upper()] = (float(row["east1m"]), float(row["north1m"]))
            except ValueError:
                pass
    done = set()
    if os.path.exists(args.out):
        with open(args.out) as f:
            for line in f:
                r = json.loads(line)
                done.add((r["objective"], r["n"], r["m"], r["p"]))
    order = sorted(((n, m) for n in CHILDREN for m in CANDIDATES), key=lambda nm: nm[0] * nm[1])
    for objective in args.objectives.split(","):
        for n, m in order:
            pupils = load_points(f"{args.instances}/pupils-{n}.csv", "postcode", centroids)
            sites = load_points(f"{args.instances}/candidates-{m}.csv", "postcode", centroids)
            cost = np.sqrt(((pupils[:, None, :] - sites[None, :, :]) ** 2).sum(-1)) * 1.3 / 500.0
            for p in PS:
                if (objective, n, m, p) in done:
                    continue
                if objective == "median" and n * m >= 2_000_000 and str(p) not in args.largest_median_p.split(","):
                    continue
                within = args.within if objective == "coverage" else None
                ours = run_ours(args, n, m, p, objective, within)
                theirs = run_spopt(cost, p, objective, within, args.time_limit)
                rel = abs(ours["value"] - theirs["value"]) / max(abs(theirs["value"]), 1e-12) if theirs["value"] is not None else None
                record = {"objective": objective, "n": n, "m": m, "p": p, "within": within, "ours": ours, "spopt": theirs,
                          "relative_difference": rel, "agree": rel is not None and rel <= 1e-6}
                with open(args.out, "a") as f:
                    f.write(json.dumps(record) + "\n")
                print(f"{objective} n={n} m={m} p={p}: spopt {theirs['build_seconds'] + theirs['solve_seconds']:.2f}s cpu {theirs['cpu_seconds']:.2f}s "
                      f"({theirs['status']}) value {theirs['value']}; ours {ours['matrix_seconds'] + ours['solve_seconds']:.3f}s cpu {ours['cpu_seconds']:.3f}s "
                      f"value {ours['value']} optimal={ours['optimal']}; rel diff {rel}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
