#!/usr/bin/env python3
"""Crash test: kill -9 of `continuum serve` at N random points under a write load, then restart.

    scripts/security/crash-test.py --points 20 --db sqlite   --binary .build/release/continuum
    scripts/security/crash-test.py --points 20 --db postgres --binary .build/release/continuum

What it does (SECURITY.md "Reliability": an acknowledged write survives kill -9):
  1. A fresh data folder; on --db postgres also a throwaway PostgreSQL (initdb) on 127.0.0.1:55434
     with its durability settings left at their defaults (fsync, synchronous_commit, full_page_writes on).
  2. `serve --demo` on 127.0.0.1:PORT (8098); writers sign in as the demo SENCO and caseworker.
  3. WORKERS threads (3) write as fast as the server answers, choosing at random:
       - a Section 19 referral   (SENCO, POST /children/:id/referrals; acknowledged = 303 to /referrals/<new id>)
       - an EHC case message     (caseworker, POST /ehc/:id/messages; acknowledged = 303; body is a unique marker)
       - an EHC history import   (caseworker, multipart POST /reports/imports/ehc, one new (UPN, request date) row;
                                  acknowledged = 200 with the "imported" page)
     Each acknowledged write is recorded when its full response has arrived.
  4. After a random 1.5-6 s of load: kill -9 of the server, while requests are in flight.
  5. With the server down: `continuum audit verify` must say intact (exit 0); then the database is read
     directly and checked:
       - every acknowledged write exists (referral by id, message by marker, imported case by UPN + date);
       - every write made since the start (acknowledged or not: a request cut off by the kill may have
         committed) has its audit row: referral -> `referral.created` with its id; per case, marker
         messages = `ehc.message` rows since the start; imported cases = `ehc.imported` rows since the start.
  6. Restart (`serve --demo` again; it adds nothing to a seeded database) and go on to the next point.
  After the last point: restart once more, check /healthz, stop with SIGTERM, verify and check again.

Exit 0 when every point passed; the summary (points, writes acknowledged, lost, unaudited, verify
results, durations) is printed and written as JSON to --out. Bounded: every request times out
(HTTP_TIMEOUT, 30 s), the server must answer /healthz within --start-timeout (300 s).
Ports: --port (8098); PostgreSQL on --pg-port (55434). Loopback only.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import continuum_http as ch  # noqa: E402

SENCO = "senco@demo.continuum.test"
CASEWORKER = "caseworker@demo.continuum.test"
EHC_HEADER = "upn,request_date,decision,decision_date,final_date,exception"


def log(msg: str) -> None:
    print(f"[crash-test {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --------------------------------------------------------------------------- databases

class SQLiteDB:
    kind = "sqlite"

    def __init__(self, data_dir: str) -> None:
        self.path = os.path.join(data_dir, "continuum.sqlite")

    def env(self) -> dict:
        return {}

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        # Read-only, and only while the server is down (or between its commits): WAL makes this safe.
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        try:
            return [tuple(r) for r in con.execute(sql.replace("%s", "?"), params).fetchall()]
        finally:
            con.close()

    def stop(self) -> None:
        pass


class PostgresDB:
    kind = "postgres"

    def __init__(self, port: int, keep: bool) -> None:
        self.port = port
        self.keep = keep
        self.bin = self._bindir()
        self.dir = tempfile.mkdtemp(prefix="continuum-crash-pg.", dir="/tmp")
        os.chmod(self.dir, 0o755)
        os.makedirs(self.dir + "/sock")
        self.db = "continuum_crash"
        self.url = f"postgres://postgres@127.0.0.1:{port}/{self.db}"
        self.root = os.geteuid() == 0
        if self.root:
            subprocess.run(["chown", "-R", "postgres:", self.dir], check=True)
        self._owner([self.bin + "/initdb", "-D", self.dir + "/data", "--auth=trust", "-U", "postgres",
                     "--encoding=UTF8", "--no-locale"], timeout=120)
        # Defaults kept on purpose (fsync, synchronous_commit, full_page_writes on), unlike the test lane.
        self._owner([self.bin + "/pg_ctl", "-D", self.dir + "/data", "-l", self.dir + "/server.log", "-w", "-t", "60",
                     "-o", f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={self.dir}/sock -c max_connections=100",
                     "start"], timeout=90)
        subprocess.run([self.bin + "/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", self.db],
                       check=True, timeout=60)
        settings = self.query("select name, setting from pg_settings where name in ('fsync','synchronous_commit','full_page_writes') order by name")
        self.version = self.query("show server_version")[0][0]
        self.settings = {k: v for k, v in settings}
        log(f"PostgreSQL {self.version} on 127.0.0.1:{port} ({self.dir}); {self.settings}")

    @staticmethod
    def _bindir() -> str:
        dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: [int(x) if x.isdigit() else x for x in d.split("/")[4].split(".")])
        for d in reversed(dirs):
            if os.access(d + "/initdb", os.X_OK):
                return d
        found = shutil.which("initdb")
        if found:
            return os.path.dirname(os.path.realpath(found))
        raise SystemExit("no PostgreSQL initdb found (Debian: apt-get install postgresql)")

    def _owner(self, cmd: list[str], timeout: int) -> None:
        if self.root:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        result = subprocess.run(cmd, cwd="/", capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {result.stdout}{result.stderr}")

    def env(self) -> dict:
        return {"DATABASE_URL": self.url}

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        def lit(v):
            return "'" + str(v).replace("'", "''") + "'"
        text = sql.replace("%s", "{}").format(*[lit(p) for p in params]) if params else sql
        out = subprocess.run([self.bin + "/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", self.db,
                              "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", text],
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"psql failed: {out.stderr.strip()} for {text[:200]}")
        return [tuple(line.split("\t")) for line in out.stdout.splitlines() if line]

    def stop(self) -> None:
        try:
            self._owner([self.bin + "/pg_ctl", "-D", self.dir + "/data", "-m", "fast", "-w", "-t", "30", "stop"], timeout=60)
        except Exception as error:  # best effort
            log(f"pg_ctl stop: {error}")
        if not self.keep and self.dir.startswith("/tmp/continuum-crash-pg."):
            shutil.rmtree(self.dir, ignore_errors=True)


# --------------------------------------------------------------------------- server

class Server:
    def __init__(self, binary: str, port: int, data_dir: str, db, log_path: str) -> None:
        self.binary, self.port, self.data_dir, self.db, self.log_path = binary, port, data_dir, db, log_path
        self.proc: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{port}"

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update({"CONTINUUM_DATA_DIR": self.data_dir, "HOST": "127.0.0.1", "PORT": str(self.port)})
        env.update(self.db.env())
        return env

    def start(self, timeout: float) -> float:
        started = time.time()
        logfile = open(self.log_path, "a")
        logfile.write(f"\n---- start at {time.strftime('%H:%M:%S')} ----\n")
        logfile.flush()
        self.proc = subprocess.Popen([self.binary, "serve", "--demo"], env=self.env(), stdin=subprocess.DEVNULL,
                                     stdout=logfile, stderr=subprocess.STDOUT)
        while time.time() - started < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited with {self.proc.returncode} while starting; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as r:
                    if r.read().strip() == b"ok":
                        return time.time() - started
            except OSError:
                pass
            time.sleep(0.3)
        self.kill9()
        raise SystemExit(f"server not healthy within {timeout}s; see {self.log_path}")

    def kill9(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def term(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([self.binary, *args], env=self.env(), capture_output=True, text=True, timeout=600)


# --------------------------------------------------------------------------- writers

def header(resp: ch.Response, name: str) -> str:
    """A response header by name, whatever its case (Vapor sends lower-case names)."""
    return next((v for k, v in resp.headers.items() if k.lower() == name), "") or ""


class Session:
    """A demo user's session, without following redirects (the 303's Location names the new record)."""

    def __init__(self, base: str, email: str) -> None:
        self.base, self.email = base, email
        self.lock = threading.Lock()
        self.client: ch.Client | None = None
        self.sign_in()

    def sign_in(self) -> None:
        client = ch.Client(self.base)
        client.sign_in(self.email)
        client.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(client.jar), ch.NoRedirect())
        self.client = client

    def post(self, path: str, data: dict) -> ch.Response:
        client = self.client
        resp = client.post(path, {**data, "_csrf": client.csrf})
        if resp.status in (302, 303) and "/sign-in" in (header(resp, "location")):
            with self.lock:
                if self.client is client:
                    self.sign_in()
            client = self.client
            resp = client.post(path, {**data, "_csrf": client.csrf})
        return resp

    def post_file(self, path: str, filename: str, content: bytes) -> ch.Response:
        def once(client: ch.Client) -> ch.Response:
            boundary = "----crash" + uuid.uuid4().hex
            body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{client.csrf}\r\n"
                    f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                    f"Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
            req = urllib.request.Request(self.base + path, data=body, method="POST", headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}", "User-Agent": "continuum-crash-test",
                "Origin": self.base})
            try:
                with client.opener.open(req, timeout=ch.TIMEOUT) as r:
                    return ch.Response(r.status, r.geturl(), dict(r.headers), r.read())
            except urllib.error.HTTPError as e:
                return ch.Response(e.code, path, dict(e.headers or {}), e.read() if e.fp else b"")
        client = self.client
        resp = once(client)
        if resp.status in (302, 303) and "/sign-in" in (header(resp, "location")):
            with self.lock:
                if self.client is client:
                    self.sign_in()
            resp = once(self.client)
        return resp


class Load:
    def __init__(self, base: str, run_id: str, children: list[str], cases: list[str], upns: list[str], rng: random.Random) -> None:
        self.base, self.run_id, self.rng = base, run_id, rng
        self.children, self.cases, self.upns = children, cases, upns
        self.acked: dict[str, list] = {"referral": [], "message": [], "import": []}
        self.attempted = {"referral": 0, "message": 0, "import": 0}
        self.errors: dict[str, int] = {}
        self.lock = threading.Lock()
        self.counter = 0
        self.stop = threading.Event()
        self.senco: Session | None = None
        self.caseworker: Session | None = None

    def connect(self) -> None:
        self.senco = Session(self.base, SENCO)
        self.caseworker = Session(self.base, CASEWORKER)

    def next_n(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def record(self, kind: str, item) -> None:
        with self.lock:
            self.acked[kind].append(item)

    def note_error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1

    def one(self) -> None:
        kind = self.rng.choice(["referral", "referral", "message", "message", "import"])
        n = self.next_n()
        with self.lock:
            self.attempted[kind] += 1
        if kind == "referral":
            child = self.rng.choice(self.children)
            resp = self.senco.post(f"/children/{child}/referrals", {
                "reason": "post_operative", "healthSummary": f"crash {self.run_id} {n}", "schoolDaysMissed": "5",
                "expectedAbsenceDays": "20", "ehcStatus": "none", "urgent": "no", "parentalConsent": "yes"})
            location = header(resp, "location")
            if resp.status == 303 and "/referrals/" in location:
                self.record("referral", location.split("/referrals/")[1].split("?")[0].lower())
            else:
                self.note_error(f"referral {resp.status}")
        elif kind == "message":
            case = self.rng.choice(self.cases)
            marker = f"crash-{self.run_id}-{n}"
            resp = self.caseworker.post(f"/ehc/{case}/messages", {"body": marker})
            if resp.status == 303:
                self.record("message", (case, marker))
            else:
                self.note_error(f"message {resp.status}")
        else:
            upn = self.rng.choice(self.upns)
            # A new (UPN, request date) every time: day n after 1 Jan 2000, so each import adds one case.
            day = time.strftime("%Y-%m-%d", time.gmtime(946684800 + 86400 * (n % 8000)))
            csv = f"{EHC_HEADER}\n{upn},{day},,,,\n".encode()
            resp = self.caseworker.post_file("/reports/imports/ehc", f"crash-{n}.csv", csv)
            if resp.status == 200 and b"Nothing from it was saved" not in resp.body:
                self.record("import", (upn, day))
            else:
                self.note_error(f"import {resp.status}")

    def worker(self) -> None:
        while not self.stop.is_set():
            try:
                self.one()
            except (OSError, ConnectionError, urllib.error.URLError, RuntimeError) as error:
                # The server was killed mid-request: this write was not acknowledged.
                self.note_error(type(error).__name__)
                if self.stop.is_set():
                    return
                time.sleep(0.05)


# --------------------------------------------------------------------------- checks

def norm(v) -> str:
    return str(v).strip().lower()


def check(db, start_seq: int, baseline_referrals: set[str], load: Load, run_id: str) -> dict:
    problems: list[str] = []
    referrals = {norm(r[0]) for r in db.query("select id from referrals")}
    new_referrals = referrals - baseline_referrals
    audit_rows = db.query("select action, entity_id from audit_events where seq > %s", (start_seq,))
    created_audit = {norm(e) for a, e in audit_rows if a == "referral.created" and e}
    lost_referrals = [r for r in load.acked["referral"] if r not in referrals]
    unaudited_referrals = sorted(new_referrals - created_audit)
    # Messages: every marker message of this run, by case, against the `ehc.message` rows since the start.
    msgs = db.query("select case_id, body from ehc_messages where body like %s", (f"crash-{run_id}-%",))
    bodies = {b for _, b in msgs}
    lost_messages = [m for _, m in load.acked["message"] if m not in bodies]
    per_case: dict[str, int] = {}
    for case, _ in msgs:
        per_case[norm(case)] = per_case.get(norm(case), 0) + 1
    audit_per_case: dict[str, int] = {}
    for a, e in audit_rows:
        if a == "ehc.message" and e:
            audit_per_case[norm(e)] = audit_per_case.get(norm(e), 0) + 1
    unaudited_messages = sum(max(0, n - audit_per_case.get(c, 0)) for c, n in per_case.items())
    audit_without_message = sum(max(0, n - per_case.get(c, 0)) for c, n in audit_per_case.items())
    # Imports: each acknowledged (UPN, date) is a case; imported cases since the start = `ehc.imported` rows.
    imported = {(u, d) for u, d in db.query("select upn, requested_on from ehc_cases where source = 'import' and requested_on < '2022-01-01' and upn is not null")}
    lost_imports = [i for i in load.acked["import"] if tuple(i) not in imported]
    new_imported = len(imported - load.baseline_imports)
    import_audits = sum(1 for a, _ in audit_rows if a == "ehc.imported")
    unaudited_imports = max(0, new_imported - import_audits)
    for name, items in (("lost referrals", lost_referrals), ("lost messages", lost_messages), ("lost imports", lost_imports),
                        ("referrals without audit row", unaudited_referrals)):
        if items:
            problems.append(f"{len(items)} {name}: {list(items)[:5]}")
    if unaudited_messages:
        problems.append(f"{unaudited_messages} messages without their audit row")
    if audit_without_message:
        problems.append(f"{audit_without_message} ehc.message audit rows without their message")
    if unaudited_imports:
        problems.append(f"{unaudited_imports} imported cases without an ehc.imported audit row")
    return {
        "acked": {k: len(v) for k, v in load.acked.items()},
        "in_db_since_start": {"referrals": len(new_referrals), "messages": len(msgs), "imported_cases": new_imported},
        "lost": len(lost_referrals) + len(lost_messages) + len(lost_imports),
        "unaudited": len(unaudited_referrals) + unaudited_messages + unaudited_imports,
        "problems": problems,
    }


def verify(server: Server) -> dict:
    result = server.cli("audit", "verify")
    text = (result.stdout + result.stderr).strip()
    return {"exit": result.returncode, "output": text.splitlines()[-1] if text else "", "intact": result.returncode == 0 and "intact" in text}


# --------------------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--binary", default=os.environ.get("CONTINUUM_BIN", ".build/release/continuum"))
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--pg-port", type=int, default=55434)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--min-load", type=float, default=1.5, help="least seconds of load before a kill")
    parser.add_argument("--max-load", type=float, default=6.0, help="most seconds of load before a kill")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--start-timeout", type=float, default=300)
    parser.add_argument("--out", default=None, help="write the summary JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the data folder (and PostgreSQL folder)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"{binary} is not an executable")
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    run_id = uuid.uuid4().hex[:8]
    data_dir = tempfile.mkdtemp(prefix="continuum-crash-data.")
    db = None
    server = None
    summary: dict = {"db": args.db, "points": args.points, "binary": binary, "seed": seed, "workers": args.workers,
                     "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "results": []}
    began = time.time()
    try:
        db = SQLiteDB(data_dir) if args.db == "sqlite" else PostgresDB(args.pg_port, args.keep)
        if args.db == "postgres":
            summary["postgres"] = {"version": db.version, **db.settings}
        server = Server(binary, args.port, data_dir, db, os.path.join(data_dir, "server.log"))
        if urllib.parse.urlsplit(server.base).port and _port_busy(args.port):
            raise SystemExit(f"127.0.0.1:{args.port} is in use; pass --port")
        log(f"{binary} serve --demo on {server.base}, {args.db}, data {data_dir}, seed {seed}")
        summary["first_start_seconds"] = round(server.start(args.start_timeout), 1)
        if args.db == "sqlite":
            mode = db.query("pragma journal_mode")[0][0]
            summary["sqlite_journal_mode"] = mode
        start_seq = int(db.query("select coalesce(max(seq), 0) from audit_events")[0][0])
        baseline_referrals = {norm(r[0]) for r in db.query("select id from referrals")}
        probe = Session(server.base, SENCO)
        listing = probe.client.get("/children")
        children = sorted(set(ch.UUID_RE.findall(listing.text)))
        # Only children the SENCO may refer (compulsory school age): try each once, keep those answering 303.
        usable = []
        for child in children[:40]:
            resp = probe.post(f"/children/{child}/referrals", {"reason": "post_operative", "healthSummary": f"crash {run_id} probe",
                                                                 "schoolDaysMissed": "5", "expectedAbsenceDays": "20", "ehcStatus": "none",
                                                                 "urgent": "no", "parentalConsent": "yes"})
            if resp.status == 303:
                usable.append(child)
            if len(usable) >= 8:
                break
        cw = Session(server.base, CASEWORKER)
        cases = sorted({c.lower() for c in ch.UUID_RE.findall(cw.client.get("/ehc").text)})
        cases = [c for c in cases if cw.client.get(f"/ehc/{c}").status == 200][:8]
        upns = [r[0] for r in db.query("select upn from children where upn is not null limit 20")]
        if not usable or not cases or not upns:
            raise SystemExit(f"no write targets: {len(usable)} children, {len(cases)} EHC cases, {len(upns)} UPNs")
        log(f"targets: {len(usable)} children for referrals, {len(cases)} EHC cases, {len(upns)} UPNs for imports")
        load = Load(server.base, run_id, usable, cases, upns, rng)
        load.baseline_imports = {(u, d) for u, d in db.query("select upn, requested_on from ehc_cases where source = 'import' and requested_on < '2022-01-01' and upn is not null")}
        all_ok = True
        for point in range(1, args.points + 1):
            load.stop.clear()
            load.connect()
            threads = [threading.Thread(target=load.worker, daemon=True) for _ in range(args.workers)]
            for t in threads:
                t.start()
            wait = rng.uniform(args.min_load, args.max_load)
            time.sleep(wait)
            before = {k: len(v) for k, v in load.acked.items()}
            load.stop.set()
            server.kill9()
            for t in threads:
                t.join(timeout=ch.TIMEOUT + 5)
            v = verify(server)
            c = check(db, start_seq, baseline_referrals, load, run_id)
            ok = v["intact"] and not c["problems"]
            all_ok = all_ok and ok
            result = {"point": point, "killed_after_s": round(wait, 2), "acked_at_kill": before, "verify": v, **c, "ok": ok}
            summary["results"].append(result)
            log(f"point {point}/{args.points}: killed after {wait:.1f}s; acked {c['acked']}; lost {c['lost']}; "
                f"unaudited {c['unaudited']}; verify: {v['output']}{'' if ok else '  FAILED: ' + '; '.join(c['problems'])}")
            restart = server.start(args.start_timeout)
            result["restart_seconds"] = round(restart, 1)
        # The end: the server that came back serves, stops cleanly, and everything is still there.
        health = urllib.request.urlopen(server.base + "/healthz", timeout=10).read().strip() == b"ok"
        server.term()
        v = verify(server)
        c = check(db, start_seq, baseline_referrals, load, run_id)
        final_ok = health and v["intact"] and not c["problems"]
        all_ok = all_ok and final_ok
        summary["final"] = {"healthz_after_restart": health, "verify": v, **c, "ok": final_ok}
        # The checker itself must be able to fail: an acknowledged write that is not in the database is lost.
        load.acked["referral"].append(str(uuid.uuid4()))
        load.acked["message"].append((load.cases[0], f"crash-{run_id}-never-sent"))
        self_test = check(db, start_seq, baseline_referrals, load, run_id)
        load.acked["referral"].pop()
        load.acked["message"].pop()
        summary["checker_self_test"] = {"planted_lost": 2, "found_lost": self_test["lost"], "ok": self_test["lost"] == 2}
        all_ok = all_ok and self_test["lost"] == 2
        summary["request_errors"] = load.errors
        summary["attempted"] = load.attempted
        summary["acked_total"] = {k: len(v) for k, v in load.acked.items()}
        summary["lost_total"] = c["lost"]
        summary["unaudited_total"] = c["unaudited"]
        summary["audit_rows_total"] = int(db.query("select count(*) from audit_events")[0][0])
        summary["ok"] = all_ok
        summary["seconds"] = round(time.time() - began, 1)
        log(f"{'PASS' if all_ok else 'FAIL'}: {args.points} kill -9 points on {args.db}; acknowledged {summary['acked_total']}; "
            f"lost {c['lost']}; without audit row {c['unaudited']}; final verify: {v['output']}; {summary['seconds']}s")
        return 0 if all_ok else 1
    finally:
        if server:
            server.kill9()
        if db:
            db.stop()
        text = json.dumps(summary, indent=2, default=str)
        if args.out:
            with open(args.out, "w") as handle:
                handle.write(text + "\n")
        if args.keep:
            log(f"kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def _port_busy(port: int) -> bool:
    import socket
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


if __name__ == "__main__":
    sys.exit(main())
