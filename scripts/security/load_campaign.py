#!/usr/bin/env python3
"""Sustained load on loopback: wrk against Continuum's main pages, signed in, with statuses counted.

    python3 scripts/security/load_campaign.py --base http://127.0.0.1:8095 --pid SERVER_PID --out DIR [--duration 300]

Signs in as the caseworker (the role with the most pages: children, referrals, EHC cases), takes the
main list pages and a few record pages from a bounded crawl, and has wrk request them round-robin
with the session cookie for --duration seconds. A Lua script counts every status class, so a 4xx or
5xx is an error even though wrk would call a 3xx a success; the figures are wrk's own latency
distribution (--latency) and the server's resident memory (ps -o rss) sampled every 10 s.
Each record page read writes an audit row, so the load includes a write per record view.
Writes DIR/load-results.json and DIR/load-wrk.txt.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import continuum_http as ch  # noqa: E402

LUA = r"""
-- Round-robin over the paths, with the session cookie; count statuses by class.
paths = { %(paths)s }
counter = 0
threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  s2, s3, s4, s5, other = 0, 0, 0, 0, 0
end
function request()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  return wrk.format("GET", path, { ["Cookie"] = "%(cookie)s", ["Accept"] = "text/html" })
end
function response(status, headers, body)
  if status >= 200 and status < 300 then s2 = s2 + 1
  elseif status < 400 then s3 = s3 + 1
  elseif status < 500 then s4 = s4 + 1
  elseif status < 600 then s5 = s5 + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local t = { s2 = 0, s3 = 0, s4 = 0, s5 = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("STATUS 2xx=%%d 3xx=%%d 4xx=%%d 5xx=%%d other=%%d\n", t.s2, t.s3, t.s4, t.s5, t.other))
  io.write(string.format("LATENCY_US p50=%%d p90=%%d p99=%%d max=%%d mean=%%.0f\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
  io.write(string.format("TOTALS requests=%%d duration_us=%%d connect_err=%%d read_err=%%d write_err=%%d timeout_err=%%d status_err=%%d\n",
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
"""


def rss_kib(pid: int) -> int | None:
    try:
        out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, timeout=10).stdout.strip()
        return int(out) if out else None
    except (subprocess.SubprocessError, ValueError):
        return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--duration", type=int, default=300)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--role", default="caseworker")
    args = ap.parse_args()
    ch.assert_loopback(args.base)
    os.makedirs(args.out, exist_ok=True)
    client = ch.sign_in_as(args.base, args.role, dict(ch.ROLES)[args.role])
    crawl = ch.crawl(client, max_pages=40, max_per_pattern=2)
    mains = ["/", "/children", "/referrals", "/ehc", "/medical-education", "/establishments", "/identifications"]
    paths = [p for p in mains if p in crawl.pages]
    record_re = re.compile(r"^/(children|referrals|ehc)/[0-9A-Fa-f-]{36}$")
    paths += [p for p in crawl.pages if record_re.match(p)][:6]
    per_page = {}
    for p in paths:  # every path must answer 200 before the run, or the error count means nothing
        times = []
        for _ in range(5):  # and each page's own time, one request at a time, to read wrk's figures by
            t0 = time.time()
            status = client.get(p).status
            times.append(round((time.time() - t0) * 1000, 1))
            if status != 200:
                raise SystemExit(f"{p} answers {status} before the load run")
        per_page[p] = sorted(times)[2]
    cookie = client.cookie_header().replace('"', '')
    lua = LUA % {"paths": ", ".join(json.dumps(p) for p in paths), "cookie": cookie}
    lua_path = os.path.join(args.out, "load.lua")
    with open(lua_path, "w") as f:
        f.write(lua)

    samples = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append((round(time.time()), rss_kib(args.pid)))
            stop.wait(10)

    rss_start = rss_kib(args.pid)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "--latency",
           "-s", lua_path, args.base + "/"]
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 120, stdin=subprocess.DEVNULL)
    stop.set()
    sampler.join(15)
    time.sleep(2)
    rss_end = rss_kib(args.pid)
    output = proc.stdout + proc.stderr
    with open(os.path.join(args.out, "load-wrk.txt"), "w") as f:
        f.write(" ".join(cmd) + "\n\n" + output)

    def grab(prefix):
        m = re.search(rf"^{prefix} (.*)$", output, re.M)
        return dict(kv.split("=") for kv in m.group(1).split()) if m else {}
    status, latency, totals = grab("STATUS"), grab("LATENCY_US"), grab("TOTALS")
    reqs = int(totals.get("requests", 0))
    duration = int(totals.get("duration_us", 1)) / 1e6
    errors = sum(int(status.get(k, 0)) for k in ("4xx", "5xx", "other")) + sum(
        int(totals.get(k, 0)) for k in ("connect_err", "read_err", "write_err", "timeout_err"))
    result = {
        "started": started, "command": " ".join(cmd), "role": args.role, "paths": paths,
        "wrk_version": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[0] if True else "",
        "requests": reqs, "seconds": round(duration, 1), "requests_per_second": round(reqs / duration, 1) if duration else None,
        "latency_ms": {k: round(int(float(v)) / 1000, 2) for k, v in latency.items()},
        "status": status, "socket_errors": {k: totals.get(k) for k in ("connect_err", "read_err", "write_err", "timeout_err")},
        "errors": errors, "single_request_median_ms_by_page": per_page, "rss_kib_start": rss_start, "rss_kib_end": rss_end,
        "rss_kib_samples": samples,
    }
    with open(os.path.join(args.out, "load-results.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(f"[load] {reqs} requests in {duration:.0f}s = {result['requests_per_second']} req/s; latency ms {result['latency_ms']}; "
          f"status {status}; errors {errors}; RSS {rss_start} -> {rss_end} KiB", flush=True)
    return 0 if errors == 0 and reqs > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
