#!/usr/bin/env python3
"""Issue 15's finance benchmark data: N placements (default 20,000, the largest councils' plans in force) in the
`continuum import placements` layout, seeded so every run writes the same file. The mix of settings, s251 lines
and annual top-up ranges follows the demo county's (Sources/ContinuumApp/Demo/DemoFinance.swift), illustrative."""
import argparse
import datetime as dt
import random

CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
MIX = [  # (setting_type, s251 line, weight, annual range in pounds)
    ("mainstream-maintained", "1.2.1", 40, (0, 4_000)),
    ("mainstream-academy", "1.2.2", 30, (0, 4_000)),
    ("unit-rp", "1.2.1", 6, (4_000, 8_000)),
    ("special-state", "1.2.1", 16, (8_000, 14_000)),
    ("independent-special", "1.2.3", 3, (40_000, 70_000)),
    ("nmss", "1.2.3", 1, (35_000, 55_000)),
    ("ap-pru", "1.2.7", 2, (8_000, 15_000)),
    ("fe-spi", "1.2.2", 2, (5_000, 12_000)),
]


def upn(la, serial, yy):
    body = f"{la}{1000 + serial // 1000:04d}{yy % 100:02d}{serial % 1000:03d}"
    total = sum((i + 2) * int(c) for i, c in enumerate(body))
    return CHECK_ALPHABET[total % 23] + body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--placements", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=885_015)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    weights = [m[2] for m in MIX]
    first = dt.date(2023, 4, 1)
    with open(args.out, "w") as f:
        f.write("upn,setting_urn,setting_type,s251_line,band,annual_amount,start_date,end_date\n")
        for serial in range(args.placements):
            kind, line, _, (low, high) = rng.choices(MIX, weights)[0]
            annual = rng.randint(low, high) // 50 * 50
            pennies = rng.choice([0, 0, 0, 50, 99])
            start = first + dt.timedelta(days=rng.randint(0, 1_200))
            end = ""
            if rng.random() < 0.3:
                end = (start + dt.timedelta(days=rng.randint(0, 700))).isoformat()
            f.write(f"{upn('885', serial, 15)},{100_000 + rng.randint(0, 899_999)},{kind},{line},,{annual}.{pennies:02d},{start.isoformat()},{end}\n")


if __name__ == "__main__":
    main()
