#!/usr/bin/env bash
# Formula payloads in every CSV export: 0 cells that evaluate. Two parts:
#   1. Tests/ContinuumAppTests/FormulaExportTests.swift (the app in process, real database, payloads through
#      the admin form and in stored child names; census, hours evidence and illness-absence CSVs);
#   2. scripts/security/formula-exports.py against the built binary (serve --demo on a fresh SQLite,
#      payloads typed through the pages, every CSV the pages offer downloaded and parsed; LibreOffice
#      headless conversion too when `soffice` is installed).
#
#   scripts/security/formula-exports.sh [--binary PATH] [--port N] [--out FILE.json] [--skip-swift]
# Part 1 uses /work/tools/test when it exists (the serialised build of this workspace), else
# `swift test --filter FormulaExportTests`. Exit status non-zero if either part fails.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
binary=${CONTINUUM_BIN:-$repo/.build/release/continuum}
port=8096
out=""
swift=1
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --skip-swift) swift=0; shift ;;
        *) echo "usage: $0 [--binary PATH] [--port N] [--out FILE.json] [--skip-swift]" >&2; exit 2 ;;
    esac
done
status=0
if [ "$swift" = 1 ]; then
    echo "formula-exports: FormulaExportTests"
    if [ -x /work/tools/test ]; then
        (cd "$repo" && timeout 3600 /work/tools/test FormulaExportTests) || status=1
    else
        (cd "$repo" && timeout 3600 swift test --filter FormulaExportTests) || status=1
    fi
fi
echo "formula-exports: $binary on port $port"
args=(--binary "$binary" --port "$port")
[ -n "$out" ] && args+=(--out "$out")
timeout 1200 python3 "$here/formula-exports.py" "${args[@]}" || status=1
exit "$status"
