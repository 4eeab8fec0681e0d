#!/usr/bin/env python3
"""Generate p-median / coverage benchmark instances from real Worcestershire postcode centroids.

Children are drawn (with replacement, as several children share a postcode) and candidate sites
(without replacement) from postcodes in the six Worcestershire districts of the ONS Postcode
Directory extract. Seeded, so the same files come out every time.

    python3 make_instances.py --onspd /work/shared/data/onspd-postcodes-worcs-medway.csv --out instances
"""
import argparse
import csv
import os
import random

# ONS LAD codes: Bromsgrove, Malvern Hills, Redditch, Worcester, Wychavon, Wyre Forest.
WORCESTERSHIRE = {"E07000234", "E07000235", "E07000236", "E07000237", "E07000238", "E07000239"}
CHILDREN = [2000, 10000]
CANDIDATES = [50, 200]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onspd", required=True)
    ap.add_argument("--out", default="instances")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    with open(args.onspd, newline="") as f:
        postcodes = sorted(
            row["pcd7"] for row in csv.DictReader(f)
            if row["lad25cd"] in WORCESTERSHIRE and row["east1m"] not in ("", "nan") and row["north1m"] not in ("", "nan")
        )
    os.makedirs(args.out, exist_ok=True)
    for n in CHILDREN:
        rng = random.Random(args.seed * 1000 + n)
        with open(os.path.join(args.out, f"pupils-{n}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "postcode"])
            for k, pc in enumerate(rng.choices(postcodes, k=n)):
                w.writerow([f"C{k + 1:05d}", pc])
    for m in CANDIDATES:
        rng = random.Random(args.seed * 1000 + 7 + m)
        with open(os.path.join(args.out, f"candidates-{m}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "name", "postcode"])
            for k, pc in enumerate(rng.sample(postcodes, m)):
                w.writerow([f"S{k + 1:03d}", f"Site {k + 1} ({pc})", pc])
    print(f"{len(postcodes)} Worcestershire postcodes; wrote instances to {args.out}")


if __name__ == "__main__":
    main()
