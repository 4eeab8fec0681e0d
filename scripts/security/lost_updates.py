#!/usr/bin/env python3
"""Lost updates: N clients editing one child's record at once (optimistic locking, SECURITY.md).

    python3 scripts/security/lost_updates.py --base http://127.0.0.1:8095 --out DIR [--clients 20] [--rounds 5]

The record: a child's details form (/children/ID/edit), which carries the record's `version`.
Each client is its own signed-in session (the demo caseworkers, caseworker@ and caseworker2..18@,
then the administrator and caseworker@ again, so 20 sessions).

Phase A, all at once: every client reads the form (the same version), waits at a barrier, then all
post a different preferred name together. Wanted: exactly one save is acknowledged (303), every
other client gets the conflict page (409, "Someone else changed this child's record"), and the
record then holds the winner's name at version + 1.

Phase B, read-modify-write with retries: every client makes --rounds saves, re-reading the form
after each conflict (bounded attempts). Wanted: the version moved by exactly the number of
acknowledged saves (each acknowledged save was made on the version before it: none was lost),
every refusal was a 409 conflict page, nothing else (no 5xx), and the final name is the last
acknowledged save's.
Writes DIR/lost-updates.json.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import continuum_http as ch  # noqa: E402

CONFLICT_TITLE = "Someone else changed this"


def edit_form(client: ch.Client, child: str) -> ch.Form:
    page = client.get(f"/children/{child}/edit")
    if page.status != 200:
        raise RuntimeError(f"/children/{child}/edit answered {page.status}")
    forms = [f for f in ch.parse(page.text).forms if f.method == "POST" and any(x["name"] == "version" for x in f.fields)]
    if not forms:
        raise RuntimeError("the child edit form carries no version field")
    return forms[0]


def field(form: ch.Form, name: str) -> str:
    return next((f["value"] for f in form.fields if f["name"] == name), "")


def submit(client: ch.Client, child: str, form: ch.Form, name: str):
    data = [(k, (name if k == "preferredName" else v)) for k, v in ch.form_data(form, client.csrf)]
    if not any(k == "preferredName" for k, _ in data):
        data.append(("preferredName", name))
    return client.post(f"/children/{child}/edit", data)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    ch.assert_loopback(args.base)
    os.makedirs(args.out, exist_ok=True)
    emails = ["caseworker@demo.continuum.test"] + [f"caseworker{i}@demo.continuum.test" for i in range(2, 19)] + [
        "admin@demo.continuum.test", "caseworker@demo.continuum.test"]
    clients = []
    for i in range(args.clients):
        c = ch.Client(args.base, follow_redirects=False)
        c.sign_in(emails[i % len(emails)])
        clients.append(c)
    # The record: the first child on the first caseworker's list.
    listing = clients[0].get("/children")
    child = re.search(r'href="/children/([0-9A-Fa-f-]{36})"', listing.text).group(1)
    start_form = edit_form(clients[0], child)
    v0 = int(field(start_form, "version"))
    stamp = time.strftime("%H%M%S")

    # ---- phase A: all at once on the same version
    forms = [edit_form(c, child) for c in clients]
    barrier = threading.Barrier(len(clients))
    results_a: list = [None] * len(clients)

    def one_shot(i):
        barrier.wait(30)
        r = submit(clients[i], child, forms[i], f"LU{stamp}A{i:02d}")
        results_a[i] = (r.status, CONFLICT_TITLE in r.text)

    threads = [threading.Thread(target=one_shot, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    winners = [i for i, r in enumerate(results_a) if r and r[0] in (200, 303)]
    conflicts = [i for i, r in enumerate(results_a) if r and r[0] == 409 and r[1]]
    other_a = [(i, r) for i, r in enumerate(results_a) if i not in winners and i not in conflicts]
    after_a = edit_form(clients[0], child)
    v1 = int(field(after_a, "version"))
    name_a = field(after_a, "preferredName")
    phase_a = {
        "start_version": v0, "acknowledged": len(winners), "conflict_pages_409": len(conflicts), "other_responses": other_a,
        "version_after": v1, "name_after": name_a,
        "winner_name": f"LU{stamp}A{winners[0]:02d}" if winners else None,
        "ok": len(winners) == 1 and len(conflicts) == len(clients) - 1 and v1 == v0 + 1 and name_a == f"LU{stamp}A{winners[0]:02d}",
    }

    # ---- phase B: read-modify-write with retries
    lock = threading.Lock()
    acknowledged: list[tuple[float, str]] = []
    refusals = {"conflict_409": 0, "other": []}

    def worker(i):
        c = clients[i]
        done = 0
        attempts = 0
        while done < args.rounds and attempts < args.rounds * 40:
            attempts += 1
            form = edit_form(c, child)
            name = f"LU{stamp}B{i:02d}r{done}"
            r = submit(c, child, form, name)
            if r.status in (200, 303):
                with lock:
                    acknowledged.append((time.time(), name))
                done += 1
            elif r.status == 409 and CONFLICT_TITLE in r.text:
                with lock:
                    refusals["conflict_409"] += 1
            else:
                with lock:
                    refusals["other"].append(r.status)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(clients))]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    final = edit_form(clients[0], child)
    v2 = int(field(final, "version"))
    final_name = field(final, "preferredName")
    names = {n for _, n in acknowledged}
    phase_b = {
        "clients": len(clients), "rounds_each": args.rounds, "seconds": round(time.time() - t0, 1),
        "acknowledged_saves": len(acknowledged), "version_before": v1, "version_after": v2,
        "lost_updates": len(acknowledged) - (v2 - v1),
        "conflict_pages_409": refusals["conflict_409"], "other_responses": refusals["other"],
        "final_name_is_an_acknowledged_save": final_name in names,
        "ok": (v2 - v1) == len(acknowledged) and not refusals["other"] and final_name in names,
    }
    result = {"child": child, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "phase_a": phase_a, "phase_b": phase_b}
    with open(os.path.join(args.out, "lost-updates.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(f"[lost-updates] A: {phase_a['acknowledged']} acknowledged, {phase_a['conflict_pages_409']} conflict pages, other {other_a}, "
          f"version {v0}->{v1} ok={phase_a['ok']}; B: {phase_b['acknowledged_saves']} acknowledged, version {v1}->{v2}, "
          f"lost {phase_b['lost_updates']}, 409s {phase_b['conflict_pages_409']}, other {refusals['other'][:10]} ok={phase_b['ok']}", flush=True)
    return 0 if phase_a["ok"] and phase_b["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
