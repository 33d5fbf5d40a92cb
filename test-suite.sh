#!/usr/bin/env bash
# The test suite from nothing: set up .venv (scripts/bootstrap.sh), then run tests/ on two
# worker processes. Extra arguments go to pytest, e.g. ./test-suite.sh tests/lint -q
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
exec "${MLAUDIT_VENV:-$ROOT/.venv}/bin/python" -m pytest -n 2 "$@"
