"""The README's two commands set up a fresh clone by themselves, and are quick once set up.

A clean ``git clone`` of this repository (with the working tree's current scripts and
``pyproject.toml`` copied in, so uncommitted edits are what is tested) gets ``./test-suite.sh``
and ``./main-job.sh`` run in it. The environment is made with ``MLAUDIT_SYSTEM_SITE_PACKAGES=1``
so it sees this machine's torch 2.13.0 and the other packages, and the extras that need none
from an index (``torch,genomics``; ``all`` adds pre-commit, which only an index has): the test
exercises the script's logic (venv, torch check, editable install, stamp), not a download.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("scripts/bootstrap.sh", "main-job.sh", "test-suite.sh", "pyproject.toml")


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the bootstrap test needs git and a git checkout of the project")
    target = tmp_path_factory.mktemp("clean-clone") / "mlaudit"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    for name in COPIED:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTEST_"))}
    env.update(
        PYTHON=_base_python(),
        MLAUDIT_SYSTEM_SITE_PACKAGES="1",
        MLAUDIT_EXTRAS="torch,genomics",
        PIP_NO_INDEX="1",  # nothing may come from an index in this test
    )
    env.update(extra)
    return env


def _base_python() -> str:
    """The interpreter this environment was made from (a venv inside a venv sees only the base)."""
    return str(Path(sys.base_prefix) / "bin" / "python3")


def _run(clone: Path, *command: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(clone / command[0]), *command[1:]],
        cwd=clone,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def bootstrapped(clone):
    """The clone after its first ``scripts/bootstrap.sh`` (once per test process)."""
    assert not (clone / ".venv").exists()
    first = _run(clone, "scripts/bootstrap.sh")
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    return clone, first.stdout


def test_first_run_builds_the_environment_from_the_clone(bootstrapped):
    clone, output = bootstrapped
    assert "bootstrap: creating" in output and "environment ready" in output
    python = clone / ".venv" / "bin" / "python"
    version = subprocess.run(
        [str(python), "-c", "import torch, pytest_mlaudit; print(torch.__version__, pytest_mlaudit.__file__)"],
        capture_output=True, text=True, check=True, cwd=clone.parent,  # not on sys.path there
    ).stdout  # fmt: skip
    assert version.startswith("2.13.0") and str(clone) in version  # the clone's own code


def test_second_run_is_quick_and_calls_no_pip(bootstrapped):
    clone, _ = bootstrapped
    start = time.perf_counter()
    done = _run(clone, "scripts/bootstrap.sh")
    seconds = time.perf_counter() - start
    assert done.returncode == 0 and "environment up to date" in done.stdout, done.stderr
    assert "installing" not in done.stdout  # the stamp matched: no pip at all
    assert seconds < 30, seconds  # a few process starts, even on a loaded machine


def test_test_suite_command_runs_the_tests(bootstrapped):
    clone, _ = bootstrapped
    done = _run(clone, "test-suite.sh", "tests/variant_calling/test_caller_candidates.py", "-q",
                "-k", "normalize or settings", "-p", "no:cacheprovider")  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "environment up to date" in done.stdout and " passed" in done.stdout


def test_main_job_command_collects_the_findings(bootstrapped):
    clone, _ = bootstrapped
    done = _run(clone, "main-job.sh", "--collect-only", "-q", "-p", "no:cacheprovider")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "environment up to date" in done.stdout
    assert "examples/variant_calling/test_f4_reproduction.py::test_findings[caller]" in done.stdout


def test_a_changed_pyproject_reinstalls(bootstrapped):
    clone, _ = bootstrapped
    pyproject = clone / "pyproject.toml"
    original = pyproject.read_text()
    pyproject.write_text(original + "\n# changed\n")
    try:
        done = _run(clone, "scripts/bootstrap.sh")
        assert done.returncode == 0, done.stderr
        assert "installing the project" in done.stdout and "up to date" not in done.stdout
    finally:
        pyproject.write_text(original)
        assert _run(clone, "scripts/bootstrap.sh").returncode == 0  # stamp back for the others


def test_too_old_a_python_is_one_line(clone, tmp_path):
    fake = tmp_path / "python3"
    fake.write_text('#!/bin/sh\n[ "$1" = "-V" ] && echo "Python 3.8.10" && exit 0\nexit 1\n')
    fake.chmod(0o755)
    done = subprocess.run(
        [str(clone / "scripts" / "bootstrap.sh")],
        cwd=clone,
        env=_env(PYTHON=str(fake), MLAUDIT_VENV=str(tmp_path / "venv")),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "Python 3.8.10" in done.stderr and ">= 3.10" in done.stderr
