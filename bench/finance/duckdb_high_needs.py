#!/usr/bin/env python3
"""The peer for issue 15's finance benchmark: DuckDB computes, from the same placements CSV, the High Needs
position's pro-rata figures by s251 line and a payment run's total, by TOPUP-5's rule: annual × days in the
placement within the period (inclusive) ÷ the days in the financial year, each placement's amount rounded half-up
to the penny, totals the sums of the rounded amounts. Integer arithmetic in pence throughout.

    duckdb_high_needs.py FILE.csv --financial-year 2025-26 --as-at 2025-12-31 [--run-from D --run-to D]
prints {"by_s251_line": {...}, "spent_to_date": "...", "forecast_outturn": "...", "run_total": "..."}."""
import argparse
import datetime as dt
import json

import duckdb


def pounds(pence: int) -> str:
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    return f"{sign}{pence // 100}.{pence % 100:02d}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--financial-year", required=True)
    ap.add_argument("--as-at", required=True)
    ap.add_argument("--run-from")
    ap.add_argument("--run-to")
    args = ap.parse_args()
    start_year = int(args.financial_year[:4])
    fy_start, fy_end = dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)
    fy_days = (fy_end - fy_start).days + 1
    as_at = dt.date.fromisoformat(args.as_at)
    con = duckdb.connect()
    con.execute("""create table p as select s251_line,
                       cast(round(cast(annual_amount as decimal(18, 2)) * 100) as bigint) as annual_pence,
                       cast(start_date as date) as s, cast(nullif(end_date, '') as date) as e
                   from read_csv(?, header = true, all_varchar = true)""", [args.csv])

    def due(lo: dt.date, hi: dt.date) -> str:
        # days = max(0, min(e or hi, hi) − max(s, lo) + 1); amount = floor((annual × days × 2 + divisor) / (2 × divisor)): half-up.
        return f"""(annual_pence * greatest(0, datediff('day', greatest(s, date '{lo}'), least(coalesce(e, date '{hi}'), date '{hi}')) + 1) * 2
                    + {fy_days}) // (2 * {fy_days})"""

    to_date = min(as_at, fy_end)
    rows = con.execute(f"""select s251_line, sum({due(fy_start, to_date)}) as spent, sum({due(fy_start, fy_end)}) as forecast
                           from p where s <= date '{fy_end}' and (e is null or e >= date '{fy_start}')
                           group by s251_line order by s251_line""").fetchall()
    out = {"by_s251_line": {line: {"spent_to_date": pounds(int(spent)), "forecast_outturn": pounds(int(forecast))} for line, spent, forecast in rows},
           "spent_to_date": pounds(sum(int(r[1]) for r in rows)), "forecast_outturn": pounds(sum(int(r[2]) for r in rows))}
    if args.run_from and args.run_to:
        lo, hi = dt.date.fromisoformat(args.run_from), dt.date.fromisoformat(args.run_to)
        total = con.execute(f"select coalesce(sum({due(lo, hi)}), 0) from p").fetchone()[0]
        out["run_total"] = pounds(int(total))
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
