#!/usr/bin/env python3
"""sqlmap on every parameter of every form and query string Continuum shows, signed in as each role.

    python3 scripts/security/sqlmap_campaign.py --base http://127.0.0.1:8095 --out DIR [--quick]

For each demo role: sign in, crawl the GET pages that role reaches (bounded), collect every <form>
(its action and fields) and every link with a query string. Each target then runs under
`timeout` in its own sqlmap, with a session of that role (checked before each target and signed in
again if a target ended it), the session cookie, and the session's CSRF token in the form data.
The token is the session's own (Security/CSRFMiddleware.swift: `principal.csrfToken`), stable for the
session, so it is sent as-is and skipped as a parameter; SQLMAP_CSRF_REFRESH=1 makes sqlmap fetch it
again before each request instead (--csrf-token/--csrf-url), which doubles the requests.
The public forms (sign-in, EHC request) run last and signed out, with an email that matches no
account so no demo account is locked; they trip the per-address sign-in throttle (30 failures in
15 minutes), so nothing that signs in may run after this stage (security-campaign.sh runs it last).

Writes DIR/sqlmap-results.json (one record per target) and DIR/sqlmap-summary.txt, and exits 1 when
any parameter is injectable. Bounded: pages per role, seconds per target, seconds overall.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import continuum_http as ch  # noqa: E402

TESTING_RE = re.compile(r"testing for SQL injection on (\S+) parameter '([^']+)'")
NOT_INJ_RE = re.compile(r"(\S+) parameter '([^']+)' (does not seem to be injectable|is not injectable)")
INJ_RE = re.compile(r"(\S+) parameter '([^']+)' (is vulnerable|appears to be .* injectable|is '.*' injectable)")
IDENTIFIED_RE = re.compile(r"^Parameter: (.+) \((\S+)\)$", re.M)


def targets_for(role: str, crawl: ch.CrawlResult) -> tuple[list[dict], list[dict]]:
    """(targets sqlmap can run, forms it cannot: file uploads)."""
    targets, skipped = [], []
    for form in crawl.forms:
        names = [f["name"] for f in form.fields if f["name"] != "_csrf" and f["type"] not in ("file", "submit")]
        if "multipart" in form.enctype:
            skipped.append({"role": role, "method": form.method, "action": form.action, "reason": "multipart file upload",
                            "params": names})
            continue
        if not names:
            continue
        targets.append({"role": role, "kind": "form", "method": form.method, "action": form.action,
                        "page": form.page, "params": names, "fields": form.fields})
    for url in crawl.query_urls:
        split = urllib.parse.urlsplit(url)
        params = [k for k, _ in urllib.parse.parse_qsl(split.query, keep_blank_values=True)]
        targets.append({"role": role, "kind": "query", "method": "GET", "action": url, "page": url, "params": params, "fields": []})
    return targets, skipped


def pattern_key(t: dict) -> tuple:
    return (t["method"], ch.pattern(t["action"].split("?")[0]), tuple(sorted(t["params"])))


def public_targets() -> list[dict]:
    return [
        {"role": "anonymous", "kind": "form", "method": "POST", "action": "/sign-in", "page": "/sign-in",
         "params": ["email", "password"],
         "fields": [{"name": "_csrf", "type": "hidden", "value": "", "options": []},
                    {"name": "email", "type": "email", "value": "nobody@example.invalid", "options": []},
                    {"name": "password", "type": "password", "value": "not-the-password-1", "options": []}]},
        # Fields taken from the page at run time. Rate-limited (issue 13 item 8): 429s are counted.
        {"role": "anonymous", "kind": "form", "method": "POST", "action": "/ehc-request", "page": "/ehc-request",
         "params": [], "fields": []},
    ]


SESSIONS: dict[str, ch.Client] = {}


def run_target(t: dict, args, n: int, emails: dict) -> dict:
    started = time.time()
    record = {k: v for k, v in t.items() if k != "fields"}
    if t["role"] == "anonymous":
        client = ch.Client(args.base)
        page = client.get(t["page"])
        if page.status != 200:
            record.update(status="skipped", reason=f"{t['page']} answered {page.status}")
            return record
        # Public forms: take the fields the page really has (the EHC request form's, say).
        found = [f for f in ch.parse(page.text).forms if urllib.parse.urlsplit(urllib.parse.urljoin(t["page"], f.action or t["page"])).path == t["action"]]
        if found and t["action"] != "/sign-in":
            t = dict(t, fields=found[0].fields, params=[f["name"] for f in found[0].fields if f["name"] != "_csrf" and f["type"] not in ("file", "submit")])
            record["params"] = t["params"]
    else:
        # One session per role, signed in again only when a target ended it: every sign-in is a row
        # in the throttle's table, and a fresh one per target would be hundreds.
        client = SESSIONS.get(t["role"])
        if client is None or client.get("/account").status != 200:
            client = SESSIONS[t["role"]] = ch.sign_in_as(args.base, t["role"], emails[t["role"]])
        page = client.get(t["page"])
        record["page_status"] = page.status
    csrf = client.csrf
    cookie = client.cookie_header()
    out_dir = os.path.join(args.out, "sqlmap", f"{n:03d}-{t['role']}")
    cmd = ["sqlmap", "--batch", "--disable-coloring", "--output-dir", out_dir,
           f"--level={args.level}", f"--risk={args.risk}", f"--technique={args.technique}",
           "--time-sec=2", f"--threads={args.threads}", "--timeout=15", "--retries=1",
           "--ignore-code=401,403,404,409,422,429", "--skip-waf", "--skip=_csrf"]
    if args.dbms:
        cmd.append(f"--dbms={args.dbms}")
    if cookie:
        cmd += ["--cookie", cookie]
        # At level 2 sqlmap also tests cookies: the session cookie is not a parameter of the app.
        skip = ",".join(["_csrf"] + list(client.cookies().keys()))
        cmd[cmd.index("--skip=_csrf")] = f"--skip={skip}"
    if t["method"] == "GET":
        split = urllib.parse.urlsplit(t["action"])
        if t["kind"] == "form":
            data = ch.form_data(ch.Form("GET", t["action"], t["fields"]), csrf)
            query = urllib.parse.urlencode([(k, v) for k, v in data if k != "_csrf"])
        else:
            query = split.query
        url = args.base + split.path + ("?" + query if query else "")
        cmd += ["-u", url]
    else:
        data = ch.form_data(ch.Form("POST", t["action"], t["fields"]), csrf)
        body = urllib.parse.urlencode(data)
        url = args.base + t["action"]
        cmd += ["-u", url, "--data", body]
        if os.environ.get("SQLMAP_CSRF_REFRESH") == "1" and t["role"] != "anonymous":
            cmd += ["--csrf-token=_csrf", f"--csrf-url={args.base}{t['page']}"]
        # What the form does with its values as a person would send them (200/303 reach the database;
        # 422 means validation stopped the request before any query ran with that value).
        baseline = client.post(t["action"], data)
        record["baseline_status"] = baseline.status
    record["command"] = " ".join(("'" + c + "'" if " " in c or "&" in c else c) for c in cmd).replace(cookie, "<session cookie>") if cookie else " ".join(cmd)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.per_target, stdin=subprocess.DEVNULL)
        output = proc.stdout + proc.stderr
        record["timed_out"] = False
    except subprocess.TimeoutExpired as e:
        output = (e.stdout or b"").decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        record["timed_out"] = True
    tested = sorted({m.group(2) for m in TESTING_RE.finditer(output)})
    not_inj = sorted({m.group(2) for m in NOT_INJ_RE.finditer(output)})
    # "appears to be ... injectable" is sqlmap's first guess; it may then say "false positive ... does not
    # seem to be injectable" (the sign-in throttle turning 422 into 429 looks like a boolean answer).
    # Only sqlmap's closing "Parameter: X (POST)" block, or a guess it never withdrew, counts.
    injectable = sorted(({m.group(2) for m in INJ_RE.finditer(output)} - set(not_inj)) | {m.group(1).split(" ")[0] for m in IDENTIFIED_RE.finditer(output)})
    record["withdrawn_guesses"] = sorted({m.group(2) for m in INJ_RE.finditer(output)} & set(not_inj))
    record.update(tested=tested, not_injectable=not_inj, injectable=injectable, seconds=round(time.time() - started, 1),
                  http_errors=re.findall(r"^(\d{3}) \([^)]*\) - (\d+) times", output, re.M),
                  status="injectable" if injectable else ("timeout" if record["timed_out"] else "done"))
    with open(os.path.join(args.out, "sqlmap", f"{n:03d}-{t['role']}.log"), "w") as f:
        f.write(record["command"] + "\n\n" + output)
    return record


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true", help="each form pattern once (first role that reaches it), level 1")
    ap.add_argument("--roles", default=",".join(r for r, _ in ch.ROLES))
    ap.add_argument("--max-pages", type=int, default=80)
    ap.add_argument("--level", type=int, default=None)
    ap.add_argument("--risk", type=int, default=1)
    ap.add_argument("--technique", default="BEUST")
    ap.add_argument("--dbms", default="SQLite")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--per-target", type=int, default=240, help="seconds per sqlmap run")
    ap.add_argument("--budget", type=int, default=5400, help="seconds for the whole sqlmap stage")
    ap.add_argument("--no-public", action="store_true", help="leave out the signed-out forms (they trip the sign-in throttle)")
    args = ap.parse_args()
    if args.level is None:
        args.level = 1 if args.quick else 2
    ch.assert_loopback(args.base)
    os.makedirs(os.path.join(args.out, "sqlmap"), exist_ok=True)
    emails = dict(ch.ROLES)
    roles = [r for r in args.roles.split(",") if r]

    all_targets, skipped, crawled = [], [], {}
    seen = set()
    for role in roles:
        client = SESSIONS[role] = ch.sign_in_as(args.base, role, emails[role])
        result = ch.crawl(client, max_pages=args.max_pages)
        crawled[role] = len(result.pages)
        targets, skip = targets_for(role, result)
        skipped += skip
        for t in targets:
            key = pattern_key(t)
            if args.quick and key in seen:
                continue
            seen.add(key)
            all_targets.append(t)
        print(f"[sqlmap] {role}: {len(result.pages)} pages crawled, {len(targets)} targets"
              + (f", {len(result.failed)} pages did not answer: {result.failed}" if result.failed else ""), flush=True)
    if not args.no_public:
        all_targets += public_targets()

    deadline = time.time() + args.budget
    records = []
    for n, t in enumerate(all_targets, 1):
        if time.time() > deadline:
            records.append({**{k: v for k, v in t.items() if k != "fields"}, "status": "not run (budget)"})
            continue
        try:
            rec = run_target(t, args, n, emails)
        except Exception as e:  # one broken target must not stop the campaign
            rec = {**{k: v for k, v in t.items() if k != "fields"}, "status": "error", "reason": repr(e)}
        records.append(rec)
        print(f"[sqlmap] {n}/{len(all_targets)} {t['role']} {t['method']} {t['action']} tested={len(rec.get('tested', []))} "
              f"injectable={rec.get('injectable', [])} baseline={rec.get('baseline_status', '-')} {rec.get('status')} {rec.get('seconds', '')}s", flush=True)

    tested = sum(len(r.get("tested", [])) for r in records)
    injectable = [(r["role"], r["method"], r["action"], p) for r in records for p in r.get("injectable", [])]
    by_role = {}
    for r in records:
        by_role.setdefault(r["role"], [0, 0])
        by_role[r["role"]][0] += 1
        by_role[r["role"]][1] += len(r.get("tested", []))
    baseline_422 = sum(1 for r in records if r.get("baseline_status") == 422)
    summary = {
        "sqlmap_version": subprocess.run(["sqlmap", "--version"], capture_output=True, text=True).stdout.strip().splitlines()[0],
        "level": args.level, "risk": args.risk, "technique": args.technique, "dbms": args.dbms, "quick": args.quick,
        "pages_crawled": crawled, "targets": len(records), "parameters_tested": tested,
        "targets_by_role": {k: {"targets": v[0], "parameters": v[1]} for k, v in by_role.items()},
        "injectable": injectable,
        "not_run": [f"{r['role']} {r['action']}: {r['status']}" for r in records if r["status"] not in ("done", "injectable")],
        "timeouts": sum(1 for r in records if r.get("timed_out")),
        "post_targets_whose_unchanged_submission_was_422": baseline_422,
        "file_upload_forms_not_tested": skipped,
    }
    with open(os.path.join(args.out, "sqlmap-results.json"), "w") as f:
        json.dump({"summary": summary, "targets": records}, f, indent=2)
    with open(os.path.join(args.out, "sqlmap-summary.txt"), "w") as f:
        f.write(json.dumps({k: v for k, v in summary.items() if k != "file_upload_forms_not_tested"}, indent=2) + "\n")
        f.write(f"file upload forms not tested: {len(skipped)}\n")
    print(f"[sqlmap] {len(records)} targets, {tested} parameters tested, {len(injectable)} injectable", flush=True)
    return 1 if injectable else 0


if __name__ == "__main__":
    sys.exit(main())
