#!/usr/bin/env python3
"""CSV exports with formula payloads, against a running build: 0 cells that evaluate.

    scripts/security/formula-exports.py --binary .build/release/continuum [--port 8096] [--out FILE.json]
    scripts/security/formula-exports.py --base-url http://127.0.0.1:8089      (a demo server already running)

Starts `serve --demo` on a fresh SQLite data folder (unless --base-url), then through the pages, as the
demo administrator:
  - creates one teaching base per payload (POST /admin/bases; the name carries the payload), and
  - renames demo children (POST /children/:id/edit: legal first name, surname and preferred name carry
    payloads), so the ones with provision this term carry them into the hours evidence.
Then downloads every CSV the app serves (found from the pages: /reports census and illness absence,
/medical-education/evidence/hours.csv for every term offered), parses each with Python's csv module
(RFC 4180) and counts cells a spreadsheet would evaluate: first character tab or CR, or first character
after leading spaces/control characters one of = + - @. Also checks every row has the header's width
(no payload broke out of its cell) and that each payload actually reached an export.
There is no XLSX export (nothing in Sources writes .xlsx). LibreOffice: if `soffice` is installed,
each CSV is also converted headless to .xlsx and every cell of the result inspected for a formula
(<f> element); without it that step is reported as skipped.
Exit 0 when no cell evaluates and every payload reached an export.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import continuum_http as ch  # noqa: E402

PAYLOADS = [
    "=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1", "   =1+1", " \t =1+1",
    "\x07=1+1", "\u00a0=1+1", "=HYPERLINK(\"http://evil.example\",\"click\")", "\"=1+1", "a,=1+1", "a\"\n=1+1",
    "\n=1+1", "x\r\n+1+1", "=cmd|'/c calc'!'A1'", "-", "+", "@",
]


def log(msg: str) -> None:
    print(f"[formula-exports {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def evaluates(cell: str) -> bool:
    if not cell:
        return False
    if cell[0] in "\t\r":
        return True
    # A no-break space is not trimmed by spreadsheets, so a cell starting with one stays text.
    meaningful = next((c for c in cell if not (c == " " or ord(c) < 0x20)), "")
    return meaningful in ("=", "+", "-", "@")


def start_server(binary: str, port: int, data_dir: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"CONTINUUM_DATA_DIR": data_dir, "HOST": "127.0.0.1", "PORT": str(port)})
    proc = subprocess.Popen([binary, "serve", "--demo"], env=env, stdin=subprocess.DEVNULL,
                            stdout=open(os.path.join(data_dir, "server.log"), "w"), stderr=subprocess.STDOUT)
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited ({proc.returncode}); see {data_dir}/server.log")
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read().strip() == b"ok":
                return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("server not healthy within 300 s")


def plant(client: ch.Client) -> dict:
    planted = {"bases": 0, "bases_refused": 0, "children": 0, "children_refused": 0}
    for n, payload in enumerate(PAYLOADS):
        client.get("/admin/bases")
        resp = client.post("/admin/bases", {"_csrf": client.csrf, "name": f"{payload} base{n}", "address": f"{n} Road",
                                            "postcode": "WR1 1AA", "capacity": "5", "opensOn": "2020-01-06"})
        planted["bases" if resp.status < 400 else "bases_refused"] += 1
    # Children: every demo child the administrator can list, renamed with payloads in turn.
    listing = client.get("/children")
    ids = list(dict.fromkeys(ch.UUID_RE.findall(listing.text)))
    page = 2
    while len(ids) < 120 and page < 8:
        more = ch.UUID_RE.findall(client.get(f"/children?page={page}").text)
        if not more:
            break
        ids += [i for i in more if i not in ids]
        page += 1
    for k, child in enumerate(ids[:120]):
        form_page = client.get(f"/children/{child}/edit")
        forms = [f for f in ch.parse(form_page.text).forms if f.method == "POST" and f.action.endswith("/edit")]
        if form_page.status != 200 or not forms:
            continue
        data = dict(ch.form_data(forms[0], client.csrf))
        payload = PAYLOADS[k % len(PAYLOADS)]
        data.update({"legalForename": payload, "legalSurname": f"{payload}Formula{k}", "preferredName": payload})
        resp = client.post(f"/children/{child}/edit", data)
        planted["children" if resp.status < 400 else "children_refused"] += 1
    return planted


def csv_urls(client: ch.Client) -> list[str]:
    urls: set[str] = set()
    for page in ("/reports", "/reports/census", "/reports/illness-absence", "/medical-education/evidence/hours"):
        resp = client.get(page)
        if resp.status != 200:
            continue
        parsed = ch.parse(resp.text)
        for href in parsed.links:
            if urllib.parse.urlsplit(href).path.endswith(".csv"):
                urls.add(urllib.parse.urljoin(page, href))
        # The hours page offers one CSV per term: every option of its term chooser.
        for form in parsed.forms:
            if form.method != "GET":
                continue
            target = form.action or page
            if target.endswith(".csv"):
                query = urllib.parse.urlencode([(k, v) for k, v in ch.form_data(form, client.csrf) if k != "_csrf"])
                urls.add(target + ("?" + query if query else ""))
            for field in form.fields:
                if field["name"] == "term":
                    for option in field["options"]:
                        if option:
                            urls.add(f"/medical-education/evidence/hours.csv?term={urllib.parse.quote(option)}")
    return sorted(urls)


def libreoffice_check(soffice: str, path: str) -> dict:
    """Convert the CSV to XLSX headless and count cells holding a formula (<f>) in the result."""
    out = tempfile.mkdtemp(prefix="formula-lo.")
    try:
        subprocess.run([soffice, "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", out, path],
                       capture_output=True, timeout=180)
        produced = [f for f in os.listdir(out) if f.endswith(".xlsx")]
        if not produced:
            return {"converted": False}
        with zipfile.ZipFile(os.path.join(out, produced[0])) as book:
            sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            formulas = sum(len(re.findall(rb"<f[ >]", book.read(n))) for n in sheets)
        return {"converted": True, "formula_cells": formulas}
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.environ.get("CONTINUUM_BIN", ".build/release/continuum"))
    parser.add_argument("--port", type=int, default=8096)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    data_dir = None
    proc = None
    summary: dict = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "payloads": len(PAYLOADS)}
    try:
        if args.base_url:
            base = args.base_url.rstrip("/")
        else:
            data_dir = tempfile.mkdtemp(prefix="continuum-formula.")
            base = f"http://127.0.0.1:{args.port}"
            log(f"{args.binary} serve --demo on {base}")
            proc = start_server(os.path.abspath(args.binary), args.port, data_dir)
        admin = ch.sign_in_as(base, "admin", "admin@demo.continuum.test")
        summary["planted"] = plant(admin)
        log(f"planted {summary['planted']}")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        files = []
        reached: set[int] = set()
        total_bad = 0
        for url in csv_urls(admin):
            resp = admin.get(url)
            if resp.status != 200:
                files.append({"url": url, "status": resp.status})
                continue
            text = resp.body.decode("utf-8")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            width = len(rows[0]) if rows else 0
            cells = [c for r in rows for c in r]
            bad = [c for c in cells if evaluates(c)]
            ragged = [r for r in rows if len(r) != width]
            total_bad += len(bad) + len(ragged)
            for n in range(len(PAYLOADS)):
                if any(f"base{n}" == c.rsplit(" ", 1)[-1] for c in cells) or any(re.search(rf"Formula{k}\b", c) for c in cells for k in range(n, 120, len(PAYLOADS))):
                    reached.add(n)
            entry = {"url": url, "rows": len(rows), "cells": len(cells), "evaluating_cells": len(bad), "ragged_rows": len(ragged),
                     "examples": bad[:3]}
            if soffice:
                with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as handle:
                    handle.write(resp.body)
                entry["libreoffice"] = libreoffice_check(soffice, handle.name)
                os.unlink(handle.name)
                total_bad += entry["libreoffice"].get("formula_cells", 0)
            files.append(entry)
            log(f"{url}: {len(rows)} rows, {len(cells)} cells, {len(bad)} evaluate, {len(ragged)} ragged")
        summary["files"] = files
        summary["libreoffice"] = soffice or "not installed: skipped"
        summary["payloads_reaching_an_export"] = len(reached)
        summary["evaluating_cells"] = total_bad
        ok = total_bad == 0 and len(reached) == len(PAYLOADS) and any(f.get("cells") for f in files)
        summary["ok"] = ok
        log(f"{'PASS' if ok else 'FAIL'}: {len(files)} CSV downloads, {sum(f.get('cells', 0) for f in files)} cells, "
            f"{total_bad} evaluating or broken; {len(reached)}/{len(PAYLOADS)} payloads reached an export; LibreOffice: {summary['libreoffice']}")
        return 0 if ok else 1
    finally:
        if proc:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
        if args.out:
            with open(args.out, "w") as handle:
                json.dump(summary, handle, indent=2)


if __name__ == "__main__":
    sys.exit(main())
