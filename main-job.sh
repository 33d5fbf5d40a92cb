#!/usr/bin/env bash
# The main job from nothing: set up .venv (scripts/bootstrap.sh: CPU torch 2.13.0, then the
# project), then re-run the audited paper's findings as tests. Extra arguments go to pytest, e.g.
#   ./main-job.sh --mlaudit-report out/report.json      # also writes out/report.md and the VCFs
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
exec "${MLAUDIT_VENV:-$ROOT/.venv}/bin/python" -m pytest --mlaudit examples/ "$@"
