#!/usr/bin/env python3
"""Checks and the Markdown summary for run.sh: summarise.py RESULTS_DIR LARGE SMALL"""
import json
import os
import subprocess
import sys

results, large, small = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(results, "out")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read().strip()


def timing(name):
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        return None
    r = json.load(open(path))["results"][0]
    return {"median": r["median"], "mean": r["mean"], "stddev": r["stddev"] or 0.0, "min": r["min"], "max": r["max"],
            "runs": len(r["times"])}


def rss(name):
    path = os.path.join(results, name + ".rss")
    return int(read(path).splitlines()[-1]) / 1024 if os.path.exists(path) else None


def line(year, issued, within, exceptions):
    whole = issued - exceptions
    pct = "null"
    if whole > 0:
        tenths = (2 * 1000 * within + whole) // (2 * whole)
        pct = f"{tenths // 10}.{tenths % 10}"
    return (f'{{"year":{year},"plans_issued":{issued},"within_20_weeks":{within},'
            f'"exceptions":{exceptions},"pct_within_20_weeks_excluding_exceptions":{pct}}}')


def secs(t):
    return f"{t:.3f} s" if t < 10 else f"{t:.1f} s"


def cell(t):
    if t is None:
        return "–"
    return f"{secs(t['median'])} ±{t['stddev']:.3f} ({t['runs']})"


checks = []


def check(label, ok, detail=""):
    checks.append((label, ok, detail))


# Timeliness for the large and the small authority: the same JSON from all four.
for code in (large, small):
    got = {k: read(f"{out}/{k}-timeliness-{code}.out") for k in ("sqlite", "postgres", "duckdb_csv", "duckdb_file")}
    same = len(set(got.values())) == 1
    check(f"timeliness {code}: SQLite = PostgreSQL = DuckDB (CSV) = DuckDB (file)", same,
          f"`{got['sqlite']}`" if same else "; ".join(f"{k} `{v}`" for k, v in got.items()))

# Every authority, and the national figure summed from Continuum's per-authority numbers.
duck_all = dict(l.split("\t") for l in read(f"{out}/duckdb_csv-timeliness-all.out").splitlines())
check("timeliness, all authorities: DuckDB (CSV) = DuckDB (file)", read(f"{out}/duckdb_csv-timeliness-all.out") == read(f"{out}/duckdb_file-timeliness-all.out"), "identical output")
england = duck_all.pop("england")
for db in ("sqlite", "postgres"):
    cont = dict(l.split("\t") for l in read(f"{out}/{db}-timeliness-all.out").splitlines())
    differ = [c for c in duck_all if cont.get(c) != duck_all[c]]
    check(f"timeliness, all {len(duck_all)} authorities: {db} = DuckDB", not differ and len(cont) == len(duck_all),
          f"{len(differ)} differ" if differ else "all equal")
    totals = [0, 0, 0]
    for v in cont.values():
        j = json.loads(v)
        totals[0] += j["plans_issued"]; totals[1] += j["within_20_weeks"]; totals[2] += j["exceptions"]
    national = line(2024, *totals)
    check(f"national figure from {db}'s 153 reports = DuckDB's", national == england, f"`{england}`")

b_s, b_p = read(f"{out}/sqlite-backlog-{large}.out"), read(f"{out}/postgres-backlog-{large}.out")
check(f"backlog {large}: SQLite = PostgreSQL", b_s == b_p, f"`{b_s}`")
cmp = subprocess.run([sys.executable, os.path.join(here, "sen2_compare.py"), f"{out}/sen2-{large}-sqlite.xml",
                      f"{out}/sen2-{large}-postgres.xml"], capture_output=True, text=True)
check(f"SEN2 {large}: SQLite = PostgreSQL", cmp.returncode == 0, cmp.stdout.strip() + "; CLI said: " + read(f"{out}/sqlite-sen2-{large}.out"))


def ratio(a, b):
    return f"{a / b:.2f}" if a / b >= 0.1 else f"{a / b:.3f}"


rows = [(f"timeliness report, {large}", f"timeliness-{large}", f"timeliness-{large}"),
        (f"backlog dashboard query, {large}", f"backlog-{large}", None),
        (f"SEN2 export, {large}", f"sen2-{large}", None),
        (f"timeliness report, {small}", f"timeliness-{small}", f"timeliness-{small}")]
print("| Run (median, ± s.d., n runs) | SQLite | PostgreSQL | DuckDB over the CSV | DuckDB over its file | PostgreSQL ÷ SQLite | DuckDB CSV ÷ SQLite | DuckDB file ÷ SQLite |")
print("|---|---|---|---|---|---|---|---|")
for label, name, duck in rows:
    s, p = timing(f"sqlite-{name}"), timing(f"postgres-{name}")
    dc = timing(f"duckdb_csv-{duck}") if duck else None
    df = timing(f"duckdb_file-{duck}") if duck else None
    print(f"| {label} | {cell(s)} | {cell(p)} | {cell(dc)} | {cell(df)} | {ratio(p['median'], s['median'])} | "
          + (f"{ratio(dc['median'], s['median'])} | {ratio(df['median'], s['median'])} |" if duck else "– | – |"))
all_s = int(read(f"{results}/sqlite-timeliness-all.ms")) / 1000
all_p = int(read(f"{results}/postgres-timeliness-all.ms")) / 1000
dc, df = timing("duckdb_csv-timeliness-all"), timing("duckdb_file-timeliness-all")
print(f"| timeliness, all 153 authorities (Continuum: 153 runs in a row, timed once; DuckDB: one query) | {secs(all_s)} | {secs(all_p)} | "
      f"{cell(dc)} | {cell(df)} | {ratio(all_p, all_s)} | {ratio(dc['median'], all_s)} | {ratio(df['median'], all_s)} |")
print()
print("Baselines (median, ± s.d., n runs):")
print()
print("| Baseline | Time |")
print("|---|---|")
print(f"| `continuum rules upn K885100016001`: process start, no database | {cell(timing('start-continuum'))} |")
print(f"| `continuum migrate` on SQLite: start, configure, migrations check | {cell(timing('sqlite-migrate'))} |")
print(f"| `continuum migrate` on PostgreSQL | {cell(timing('postgres-migrate'))} |")
print(f"| `BCRYPT_COST=13 continuum migrate` on SQLite (the boot-time bcrypt hash doubled) | {cell(timing('start-bcrypt13'))} |")
print(f"| `python -c 'import duckdb'` | {cell(timing('start-duckdb'))} |")
print()
base = {db: timing(f"{db}-migrate")["median"] for db in ("sqlite", "postgres")}
dbase = timing("start-duckdb")["median"]
print("Less the baseline (median − the `continuum migrate` median for that database; for DuckDB, − the import median):")
print()
print("| Run | SQLite | PostgreSQL | DuckDB over the CSV | DuckDB over its file |")
print("|---|---|---|---|---|")
for label, name, duck in rows:
    s, p = timing(f"sqlite-{name}"), timing(f"postgres-{name}")
    d = [secs(timing(f"duckdb_{v}-{duck}")["median"] - dbase) if duck else "–" for v in ("csv", "file")]
    print(f"| {label} | {secs(s['median'] - base['sqlite'])} | {secs(p['median'] - base['postgres'])} | {d[0]} | {d[1]} |")
print(f"| timeliness, all 153 authorities | – | – | {secs(dc['median'] - dbase)} | {secs(df['median'] - dbase)} |")
print()
print("Peak resident memory of the measured process (one run under /usr/bin/time -v; for PostgreSQL the client only, not the server):")
print()
print("| Run | SQLite | PostgreSQL | DuckDB over the CSV | DuckDB over its file |")
print("|---|---|---|---|---|")
for label, name, duck in [("`continuum migrate`", "migrate", None)] + rows + [("timeliness, all 153 authorities", None, "timeliness-all")]:
    cells = [f"{rss(f'{db}-{name}'):.0f} MiB" if name else "–" for db in ("sqlite", "postgres")]
    cells += [f"{rss(f'duckdb_{v}-{duck}'):.0f} MiB" if duck else "–" for v in ("csv", "file")]
    print(f"| {label} | " + " | ".join(cells) + " |")
print()
print("Loading (once per run):")
print()
for f in ("load_sqlite", "load_postgres", "load_duckdb"):
    print(f"- {f}: {read(os.path.join(results, f + '.time'))}; " + "; ".join(read(os.path.join(results, f + ".txt")).splitlines()[-2:]))
print()
print("Checks:")
print()
for label, ok, detail in checks:
    print(f"- {'PASS' if ok else 'FAIL'} {label}: {detail}")
print()
print("DuckDB national figure: `" + england + "`")
loads = [float(l.split()[1]) for l in read(os.path.join(results, "load.txt")).splitlines()]
print(f"1-minute load average when each hyperfine run started: {min(loads):.2f} to {max(loads):.2f} (on {os.cpu_count()} CPUs)")
sys.exit(0 if all(ok for _, ok, _ in checks) else 1)
