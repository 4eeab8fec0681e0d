#!/usr/bin/env bash
# The security campaign of issue 13: attack a release build of Continuum on loopback the way an
# auditor would, and print the figures SECURITY-RESULTS.md reports. Bounded in time; stops by itself;
# every server and database it starts is stopped again (also on Ctrl-C).
#
#   scripts/security-campaign.sh [--quick] [--no-postgres] [--only STAGES]
#
#   --quick        minutes instead of hours: wrk 30 s, sqlmap level 1 with each form pattern once,
#                  wapiti on three roles with short limits, lost updates with 2 rounds.
#   --no-postgres  skip the PostgreSQL backup round trip.
#   --only STAGES  comma list of: load,lost,backup,wapiti,sqlmap,verify,postgres (default all).
#
# Stages, against one server started here (`serve --demo`, a throwaway CONTINUUM_DATA_DIR, SQLite,
# 127.0.0.1:$CAMPAIGN_PORT), in this order because the last one trips the sign-in throttle:
#   load     wrk on the main pages, signed in, 5 minutes (scripts/security/load_campaign.py)
#   lost     20 clients editing one record at once (scripts/security/lost_updates.py)
#   backup   backup -> restore -> verify with a full table diff (scripts/security/backup_roundtrip.sh)
#   wapiti   per role, signed in, internet-only modules off (scripts/security/wapiti_campaign.py)
#   sqlmap   every parameter of every form and query string, per role (scripts/security/sqlmap_campaign.py)
#   verify   `continuum audit verify` on the attacked database: the chain must survive the attack
#   postgres backup round trip on a throwaway PostgreSQL (127.0.0.1:55433), after the server stops
# The access matrix, XSS, export-formula and crash figures come from other scripts (SECURITY-RESULTS.md).
#
# Environment: CONTINUUM_BIN (.build/release/continuum; built with `swift build -c release
# --product continuum` under the shared build lock only when missing), CAMPAIGN_PORT (8095),
# CAMPAIGN_OUT (results folder; default /tmp/continuum-security-<time>); SQLMAP_BUDGET (seconds for
# the sqlmap stage: 6000, quick 1500), WAPITI_SCAN_TIME / WAPITI_ATTACK_TIME (per role / per module).
# Installs what is missing (Debian: sqlmap wapiti wrk sqlite3 curl; postgresql when needed).
# Not part of .ci/run: the full campaign takes about two hours on 2 cores.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$here/lib.sh"

QUICK=0; POSTGRES=1; ONLY="load,lost,backup,wapiti,sqlmap,verify,postgres"
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --no-postgres) POSTGRES=0 ;;
        --only) ONLY=$2; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
    shift
done
want() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

PORT=${CAMPAIGN_PORT:-8095}
case "$PORT" in 8089|8091|55432) die "port $PORT belongs to another lane; choose another CAMPAIGN_PORT" ;; esac
BASE=http://127.0.0.1:$PORT
BIN=${CONTINUUM_BIN:-$root/.build/release/continuum}
OUT=${CAMPAIGN_OUT:-/tmp/continuum-security-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY=python3
if [ "$QUICK" = 1 ]; then LOAD_SECONDS=30; LOST_ROUNDS=2; Q=--quick; else LOAD_SECONDS=300; LOST_ROUNDS=5; Q=""; fi
STATUS=0
fail() { log "FIGURE NOT MET: $*"; STATUS=1; }

banner "tools"
missing=()
for tool in sqlmap wapiti wrk sqlite3 curl; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
command -v "$PY" >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -srm)"
    echo "sqlmap: $(sqlmap --version 2>/dev/null | head -n 1)"
    echo "wapiti: $(wapiti --version 2>/dev/null | tail -n 1)"
    echo "wrk: $(wrk --version 2>&1 | head -n 1)"
    echo "python: $($PY --version 2>&1)"
    echo "sqlite3: $(sqlite3 --version | cut -d' ' -f1)"
    echo "quick: $QUICK"
} | tee "$OUT/tools.txt"

banner "release binary"
if [ ! -x "$BIN" ]; then
    [ "$BIN" = "$root/.build/release/continuum" ] || die "CONTINUUM_BIN=$BIN is not an executable"
    log "$BIN missing: swift build -c release --product continuum (waits for the shared build lock)"
    (cd "$root" && flock /tmp/continuum-swift.lock swift build -c release --product continuum) >"$OUT/release-build.log" 2>&1 \
        || { tail -n 30 "$OUT/release-build.log"; die "release build failed (log $OUT/release-build.log)"; }
fi
log "binary: $BIN ($(stat -c %y "$BIN" | cut -d. -f1))"
echo "binary: $BIN built $(stat -c %y "$BIN" | cut -d. -f1)" >>"$OUT/tools.txt"

SERVER_PID=""; DATA_DIR=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        log "stopping server $SERVER_PID"
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
cleanup() {
    stop_server
    if [ -n "$DATA_DIR" ] && [ -z "${CAMPAIGN_KEEP_DATA:-}" ]; then rm -rf "$DATA_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A stage under its own time limit: a hung tool cannot hold the campaign.
stage() {
    local name=$1 limit=$2; shift 2
    banner "$name (limit ${limit}s)"
    local start=$SECONDS rc=0
    timeout --kill-after=30 "$limit" "$@" || rc=$?
    log "$name: exit $rc after $((SECONDS - start))s"
    echo "$name exit=$rc seconds=$((SECONDS - start))" >>"$OUT/stages.txt"
    return $rc
}

banner "server"
if port_in_use "$PORT"; then die "something already listens on 127.0.0.1:$PORT; set CAMPAIGN_PORT"; fi
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/continuum-campaign-data.XXXXXX")
log "serve --demo on $BASE (CONTINUUM_DATA_DIR=$DATA_DIR, log $OUT/server.log)"
env -u DATABASE_URL CONTINUUM_DATA_DIR="$DATA_DIR" HOST=127.0.0.1 PORT="$PORT" "$BIN" serve --demo </dev/null >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
wait_http "$BASE/healthz" ok 600 "$SERVER_PID" || { tail -n 40 "$OUT/server.log"; die "server did not start"; }
db=$DATA_DIR/continuum.sqlite
{
    echo "data: SQLite $(du -h "$db" | cut -f1) after seeding"
    for t in children referrals ehc_cases establishments users audit_events; do
        printf '  %s: %s rows\n' "$t" "$(sqlite3 -readonly "$db" "SELECT COUNT(*) FROM $t" 2>/dev/null || echo '?')"
    done
} | tee "$OUT/data.txt"

if want load; then
    stage load $((LOAD_SECONDS + 300)) "$PY" "$here/security/load_campaign.py" --base "$BASE" --pid "$SERVER_PID" \
        --out "$OUT" --duration "$LOAD_SECONDS" || fail "load: errors or no requests (see $OUT/load-results.json)"
fi
if want lost; then
    stage lost-updates 900 "$PY" "$here/security/lost_updates.py" --base "$BASE" --out "$OUT" --clients 20 \
        --rounds "$LOST_ROUNDS" || fail "lost updates (see $OUT/lost-updates.json)"
fi
if want backup; then
    stage backup-sqlite 1200 env CONTINUUM_BIN="$BIN" bash "$here/security/backup_roundtrip.sh" sqlite "$DATA_DIR" "$OUT" \
        || fail "SQLite backup round trip (see $OUT/backup-sqlite.txt)"
fi
if want wapiti; then
    if [ "$QUICK" = 1 ]; then limit=1800; else limit=7200; fi
    wopts=()
    [ -n "${WAPITI_SCAN_TIME:-}" ] && wopts+=(--scan-time "$WAPITI_SCAN_TIME")
    [ -n "${WAPITI_ATTACK_TIME:-}" ] && wopts+=(--attack-time "$WAPITI_ATTACK_TIME")
    stage wapiti "$limit" "$PY" "$here/security/wapiti_campaign.py" --base "$BASE" --out "$OUT" $Q "${wopts[@]}" || fail "wapiti did not finish"
fi
if want sqlmap; then
    if [ "$QUICK" = 1 ]; then budget=${SQLMAP_BUDGET:-1500}; else budget=${SQLMAP_BUDGET:-6000}; fi
    stage sqlmap $((budget + 900)) "$PY" "$here/security/sqlmap_campaign.py" --base "$BASE" --out "$OUT" --budget "$budget" $Q \
        || fail "sqlmap found injectable parameters or did not finish (see $OUT/sqlmap-summary.txt)"
fi
if want verify; then
    banner "audit verify after the attack"
    if env -u DATABASE_URL CONTINUUM_DATA_DIR="$DATA_DIR" timeout 600 "$BIN" audit verify >"$OUT/audit-verify-after-attack.txt" 2>&1; then
        log "audit chain intact after the attack: $(cat "$OUT/audit-verify-after-attack.txt")"
    else
        fail "audit verify after the attack: $(cat "$OUT/audit-verify-after-attack.txt")"
        # Name the row that broke, for the report (the attack's request is in its detail).
        sqlite3 -readonly "$db" "SELECT COUNT(*) FROM audit_events" >>"$OUT/audit-verify-after-attack.txt" 2>&1 || true
    fi
    echo "rows: $(sqlite3 -readonly "$db" 'SELECT COUNT(*) FROM audit_events')" >>"$OUT/audit-verify-after-attack.txt"
fi
rss_end=$(ps -o rss= -p "$SERVER_PID" 2>/dev/null | tr -d ' ' || true)
echo "server RSS at the end of the campaign: ${rss_end:-?} KiB" | tee -a "$OUT/data.txt"
stop_server

if want postgres && [ "$POSTGRES" = 1 ]; then
    stage backup-postgres 1800 env CONTINUUM_BIN="$BIN" bash "$here/security/backup_roundtrip.sh" postgres "$OUT" \
        || fail "PostgreSQL backup round trip (see $OUT/backup-postgres.txt)"
fi

banner "figures"
"$PY" - "$OUT" <<'EOF'
import json, os, sys
out = sys.argv[1]
def load(name):
    try:
        with open(os.path.join(out, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
lines = []
l = load("load-results.json")
if l:
    lines.append(f"load: {l['requests']} requests in {l['seconds']} s = {l['requests_per_second']} req/s, p50 {l['latency_ms'].get('p50')} ms, "
                 f"p99 {l['latency_ms'].get('p99')} ms, errors {l['errors']} (status {l['status']}), RSS {l['rss_kib_start']} -> {l['rss_kib_end']} KiB")
for label, name in (("lost updates", "lost-updates.json"), ("lost updates (PostgreSQL)", "postgres/lost-updates.json")):
  u = load(name)
  if u:
    a, b = u["phase_a"], u["phase_b"]
    lines.append(f"{label}: A {a['acknowledged']} saved + {a['conflict_pages_409']} conflict pages of 20 (ok={a['ok']}); "
                 f"B {b['acknowledged_saves']} saves, version +{b['version_after'] - b['version_before']}, lost {b['lost_updates']}, "
                 f"409s {b['conflict_pages_409']}, other {len(b['other_responses'])} (ok={b['ok']})")
for kind in ("sqlite", "postgres"):
    p = os.path.join(out, f"backup-{kind}.txt")
    if os.path.exists(p):
        res = [x for x in open(p).read().splitlines() if x.startswith("RESULT") or x.startswith("tables compared")]
        lines.append(f"backup {kind}: " + "; ".join(res) if res else f"backup {kind}: no result (see {p})")
w = load("wapiti-summary.json")
if w:
    for role, r in w["roles"].items():
        lines.append(f"wapiti {role}: {r['findings']}")
s = load("sqlmap-results.json")
if s:
    sm = s["summary"]
    lines.append(f"sqlmap: {sm['targets']} targets, {sm['parameters_tested']} parameters tested, {len(sm['injectable'])} injectable {sm['injectable']}, "
                 f"not run {len(sm['not_run'])}, upload forms not tested {len(sm['file_upload_forms_not_tested'])}")
p = os.path.join(out, "audit-verify-after-attack.txt")
if os.path.exists(p):
    lines.append("audit verify after the attack: " + " / ".join(open(p).read().split("\n")).strip())
text = "\n".join(lines)
print(text)
open(os.path.join(out, "figures.txt"), "w").write(text + "\n")
EOF
log "results in $OUT (figures.txt); exit $STATUS"
exit $STATUS
