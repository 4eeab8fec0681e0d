#!/usr/bin/env python3
"""Cross-check ContinuumPlanning's Dijkstra on the Leeds OSM graph against scipy.sparse.csgraph.dijkstra.

    plan-bench --road /work/shared/data/osm/its-example-leeds.osm.pbf --out road   # writes nodes/edges/matrix CSVs
    /tmp/planning-venv/bin/python compare_road_scipy.py road
"""
import csv
import sys
import time

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

folder = sys.argv[1] if len(sys.argv) > 1 else "road"
n = sum(1 for _ in open(f"{folder}/nodes.csv")) - 1
best = {}
with open(f"{folder}/edges.csv") as f:
    for row in csv.DictReader(f):
        key = (int(row["from"]), int(row["to"]))
        w = float(row["minutes"])
        best[key] = min(w, best.get(key, np.inf))  # parallel edges: keep the quickest (csr would add them)
rows, cols, weights = zip(*((u, v, w) for (u, v), w in best.items()))
graph = csr_matrix((weights, (rows, cols)), shape=(n, n))
with open(f"{folder}/matrix.csv") as f:
    reader = csv.reader(f)
    next(reader)
    ours_rows = [(int(r[0]), [float(x) for x in r[1:]]) for r in reader]
sources = [s for s, _ in ours_rows]
ours = np.array([r for _, r in ours_rows])
t0 = time.perf_counter()
theirs = dijkstra(graph, directed=True, indices=sources)
t1 = time.perf_counter()
finite = np.isfinite(theirs)
same_reach = bool(np.array_equal(finite, np.isfinite(ours)))
max_abs = float(np.max(np.abs(theirs[finite] - ours[finite]))) if finite.any() else 0.0
print(f"| graph nodes | directed edges | sources (main component) | pairs compared | reachability identical | max abs difference (minutes) | scipy seconds |")
print(f"|---|---|---|---|---|---|---|")
print(f"| {n} | {len(best)} distinct ({sum(1 for _ in open(f'{folder}/edges.csv')) - 1} with parallels) | {len(sources)} | {ours.size} | {'yes' if same_reach else 'NO'} | {max_abs:.3e} | {t1 - t0:.4f} |")
sys.exit(0 if same_reach and max_abs < 1e-9 else 1)
