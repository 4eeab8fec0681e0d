#!/usr/bin/env python3
"""wapiti against Continuum per role, signed in, modules that need the internet off, bounded in time.

    python3 scripts/security/wapiti_campaign.py --base http://127.0.0.1:8095 --out DIR [--quick]

Per role: sign in (scripts/security/continuum_http.py), write wapiti's JSON cookie file, run wapiti
from / with the session-ending and account-changing URLs excluded, and collect its JSON report.
Modules left out and why:
  ssrf, xxe   need wapiti's external endpoint on the internet (the endpoint is pointed at a closed
              loopback port anyway, so nothing leaves the machine);
  nikto, wapp download their databases from the internet;
  brute_login_form would lock the demo accounts (and the sign-in page is not in a signed-in crawl);
  buster      a dictionary brute force of paths: slow, and every unknown path is a 404 here.
Debian's wapiti 3.0.4 crashes on any -x under Python 3.11; wapiti_run.py runs it with that one fix.
Writes DIR/wapiti/<role>.json and DIR/wapiti-summary.json (findings per role and category).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import continuum_http as ch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MODULES = "blindsql,cookieflags,csp,exec,file,http_headers,permanentxss,redirect,sql,xss,crlf,csrf,methods,backup,htaccess,shellshock"
EXCLUDE = ["/sign-out", "/sign-out/*", "/account/two-factor*", "/account/password*",
           "/admin/users/*/disable", "/admin/users/*/enable", "/admin/users/*/setup-link"]


def cookie_file(client: ch.Client, path: str) -> None:
    host = urllib.parse.urlsplit(client.base).hostname
    jar = {host: {"/": {c.name: {"name": c.name, "value": c.value, "version": 0, "expires": None,
                                  "secure": False, "port": None} for c in client.jar}}}
    with open(path, "w") as f:
        json.dump(jar, f)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--roles", default=None)
    ap.add_argument("--scan-time", type=int, default=None, help="wapiti --max-scan-time per role")
    ap.add_argument("--attack-time", type=int, default=None, help="wapiti --max-attack-time per module")
    args = ap.parse_args()
    ch.assert_loopback(args.base)
    roles = (args.roles.split(",") if args.roles else
             (["admin", "senco", "parent"] if args.quick else [r for r, _ in ch.ROLES]))
    scan_time = args.scan_time or (60 if args.quick else 150)
    attack_time = args.attack_time or (15 if args.quick else 40)
    emails = dict(ch.ROLES)
    out = os.path.join(args.out, "wapiti")
    os.makedirs(out, exist_ok=True)
    version = subprocess.run(["wapiti", "--version"], capture_output=True, text=True).stdout.strip().splitlines()[-1]
    summary = {"wapiti_version": version, "modules": MODULES, "max_scan_time": scan_time,
               "max_attack_time": attack_time, "roles": {}}
    for role in roles:
        started = time.time()
        client = ch.sign_in_as(args.base, role, emails[role])
        cookies = os.path.join(out, f"{role}-cookies.json")
        cookie_file(client, cookies)
        report = os.path.join(out, f"{role}.json")
        cmd = ["/usr/bin/python3", os.path.join(HERE, "wapiti_run.py"), "-u", args.base + "/", "--scope", "folder", "-c", cookies, "-m", MODULES,
               "--max-scan-time", str(scan_time), "--max-attack-time", str(attack_time),
               "-d", "4", "--max-files-per-dir", "8", "--max-links-per-page", "60", "-t", "15",
               "--endpoint", "http://127.0.0.1:9/", "--flush-session", "--store-session", os.path.join(out, f"{role}-session"),
               "-f", "json", "-o", report, "-v", "1", "--no-bugreport"]
        for pattern in EXCLUDE:
            cmd += ["-x", args.base + pattern]
        # wapiti checks its attack limit between requests, so a slow page overruns it: allow for that.
        limit = scan_time + attack_time * (MODULES.count(",") + 1) + 300
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, stdin=subprocess.DEVNULL)
            log = proc.stdout + proc.stderr
            timed_out = False
        except subprocess.TimeoutExpired as e:
            log = e.stdout.decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            timed_out = True
        with open(os.path.join(out, f"{role}.log"), "w") as f:
            f.write(" ".join(cmd) + "\n\n" + log)
        findings = {}
        urls_crawled = None
        still_signed_in = client.get("/account").status == 200
        try:
            with open(report) as f:
                data = json.load(f)
            for section in ("vulnerabilities", "anomalies", "additionals"):
                for category, items in (data.get(section) or {}).items():
                    for item in items:
                        findings.setdefault(f"{section}/{category}", []).append(
                            {"method": item.get("method"), "path": item.get("path"), "parameter": item.get("parameter"),
                             "info": item.get("info"), "level": item.get("level")})
            # wapiti 3.0.4's report has no page count: count the crawl's lines, before the first module.
            crawl_part = log.split("[*] Launching module", 1)[0]
            urls_crawled = sum(1 for line in crawl_part.splitlines() if line.startswith(("[+] GET ", "[+] POST ")))
        except (OSError, ValueError) as e:
            findings["error"] = [{"info": f"no report: {e!r}"}]
        summary["roles"][role] = {"seconds": round(time.time() - started), "timed_out": timed_out,
                                  "pages_crawled": urls_crawled, "session_still_valid_after": still_signed_in,
                                  "findings": {k: len(v) for k, v in findings.items()}, "details": findings}
        print(f"[wapiti] {role}: {round(time.time() - started)}s, crawled {urls_crawled}, findings "
              f"{ {k: len(v) for k, v in findings.items()} }", flush=True)
        with open(os.path.join(args.out, "wapiti-summary.json"), "w") as f:  # after each role: a cut run keeps its figures
            json.dump(summary, f, indent=2)
    with open(os.path.join(args.out, "wapiti-summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
