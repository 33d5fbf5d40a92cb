#!/usr/bin/env bash
# Set up the project's local environment, or confirm it is set up: a virtual environment in
# .venv with the CPU build of torch 2.13.0 installed first, then the project (editable) with all
# its extras. Idempotent: a stamp in the environment records what was installed (pyproject.toml,
# torch version, Python); when nothing changed this returns at once without calling pip.
#
#   scripts/bootstrap.sh            # prints one line: where the environment is
#
# Settings (environment variables):
#   PYTHON                 the Python to build the environment from (default python3; >= 3.10)
#   MLAUDIT_VENV           where the environment goes (default .venv in the repository)
#   MLAUDIT_TORCH_INDEX    pip index for torch (default the CPU wheels at download.pytorch.org;
#                          a CUDA index such as https://download.pytorch.org/whl/cu128 for a GPU)
#   MLAUDIT_EXTRAS         the project's extras to install (default all: torch,genomics,ray,test)
#   MLAUDIT_SYSTEM_SITE_PACKAGES=1  let the environment see the base Python's packages (machines
#                          that already hold torch and the rest, as our CI and shared boxes do)
# A torch 2.13.0 wheel in a local wheel folder (PIP_FIND_LINKS, or /opt/wheels) is preferred to any
# index's torch (its +cpu local version sorts above the index's plain 2.13.0), so the pinned CPU
# build is never replaced by a multi-GB CUDA download; torch's own small dependencies (filelock,
# sympy, ...) still come from the package index, since the wheel folder need not hold them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MLAUDIT_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
TORCH_VERSION="2.13.0"
EXTRAS="${MLAUDIT_EXTRAS:-all}"
STAMP="$VENV/.mlaudit-bootstrap"

fail() { echo "bootstrap: error: $*" >&2; exit 2; }

command -v "$PYTHON" >/dev/null 2>&1 || fail "no $PYTHON on PATH (set PYTHON to a Python >= 3.10)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || fail "$PYTHON is $("$PYTHON" -V 2>&1); the project needs Python >= 3.10 (set PYTHON)"

stamp() {
  # what the environment was built from; any change means pip must run again
  printf '%s\n' "torch $TORCH_VERSION" "$("$VENV/bin/python" -V 2>&1)" \
    "index ${MLAUDIT_TORCH_INDEX:-cpu}" "extras $EXTRAS" "$(cat "$ROOT/pyproject.toml")" \
    | sha256sum | cut -d' ' -f1
}

if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp)" ]; then
  echo "bootstrap: environment up to date: $VENV"
  exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV"
  if [ "${MLAUDIT_SYSTEM_SITE_PACKAGES:-0}" = "1" ]; then
    # The base Python's pip and setuptools serve; copies of older ones in the environment would
    # shadow them (and an old setuptools would need an index to build the project).
    "$PYTHON" -m venv --system-site-packages --without-pip "$VENV" \
      || fail "could not create a virtual environment at $VENV"
    "$VENV/bin/python" -m pip --version >/dev/null 2>&1 || "$VENV/bin/python" -m ensurepip -q \
      || fail "the environment at $VENV has no pip"
  else
    "$PYTHON" -m venv "$VENV" || fail "could not create a virtual environment at $VENV"
  fi
fi
VPY="$VENV/bin/python"
pip_install() { "$VPY" -m pip install --disable-pip-version-check -q "$@"; }

torch_version() { "$VPY" -c 'import torch; print(torch.__version__.split("+")[0])' 2>/dev/null || true; }

if [ "$(torch_version)" != "$TORCH_VERSION" ]; then
  local_dir=""
  IFS=' ' read -r -a links <<<"${PIP_FIND_LINKS:-} /opt/wheels"
  for dir in "${links[@]}"; do
    if [ -d "$dir" ] && compgen -G "$dir/torch-$TORCH_VERSION*.whl" >/dev/null; then
      local_dir="$dir"
      break
    fi
  done
  if [ -n "$local_dir" ]; then
    echo "bootstrap: installing torch $TORCH_VERSION from $local_dir"
    pip_install --find-links "$local_dir" "torch==$TORCH_VERSION" \
      || fail "installing torch $TORCH_VERSION from $local_dir failed"
  else
    index="${MLAUDIT_TORCH_INDEX:-https://download.pytorch.org/whl/cpu}"
    echo "bootstrap: installing torch $TORCH_VERSION from $index"
    pip_install "torch==$TORCH_VERSION" --index-url "$index" \
      || fail "installing torch $TORCH_VERSION from $index failed (set MLAUDIT_TORCH_INDEX?)"
  fi
fi

# The project and its extras. Where the environment already has a setuptools that builds editable
# wheels on its own (>= 70.1, e.g. the base Python's), build in place instead of downloading one
# into an isolated build environment.
build=()
"$VPY" -c 'import setuptools, sys; v = tuple(int(p) for p in setuptools.__version__.split(".")[:2]); sys.exit(v < (70, 1))' \
  2>/dev/null && build=(--no-build-isolation)
echo "bootstrap: installing the project with its extras (pip install -e '.[$EXTRAS]')"
pip_install "${build[@]}" -e "$ROOT[$EXTRAS]" || fail "pip install -e '$ROOT[$EXTRAS]' failed"

[ "$(torch_version)" = "$TORCH_VERSION" ] \
  || fail "torch is $(torch_version) after installing the project, not $TORCH_VERSION"
"$VPY" -c 'import pysam, pytest_mlaudit, mlaudit_lint' || fail "the environment cannot import the project"
stamp >"$STAMP"
echo "bootstrap: environment ready: $VENV"
