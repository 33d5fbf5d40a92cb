"""The hook in `.pre-commit-hooks.yaml`, run by pre-commit itself in a throwaway git repository.

Faster faithful way (why not `pre-commit try-repo` as is): with `language: python` pre-commit builds
a virtualenv and pip-installs this project with numpy and scipy, 80 s here on a warm pip cache, for
every new commit. This test keeps everything else real: pre-commit reads and validates our
manifest from a git repository at a commit, filters the staged files by the hook's `types_or`,
calls the hook's `entry` with them once (`require_serial`), and turns its exit status into
Passed/Failed. Only `language` is overridden to `system` in the user's config (an override
pre-commit supports), so the `mlaudit-lint` already installed beside this interpreter runs
instead of a fresh pip install of the same package.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# pre-commit comes with the `test` extra; without it this test fails rather than skips.
REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / ".pre-commit-hooks.yaml"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
LEAKY = "def extract_features(row, label):\n    return [row.depth, label * 2]\n"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
        },
    ).stdout.strip()


@pytest.fixture()
def hook_repo(tmp_path) -> tuple[Path, str]:
    """A git repository holding this working tree's manifest, committed (pre-commit wants a rev)."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    shutil.copy(MANIFEST, hooks / MANIFEST.name)
    git("init", "-q", cwd=hooks)
    git("add", MANIFEST.name, cwd=hooks)
    git("commit", "-q", "-m", "hooks", cwd=hooks)
    return hooks, git("rev-parse", "HEAD", cwd=hooks)


def test_the_hook_runs_through_pre_commit(tmp_path, hook_repo):
    hooks, rev = hook_repo
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: mlaudit-lint\n    language: system\n"
    )
    (project / "features.py").write_text(LEAKY)
    (project / "clean.py").write_text("print('hello')\n")
    (project / "notes.txt").write_text("def f(:\n")  # not Python: the hook must not receive it
    cells = [{"cell_type": "code", "outputs": [], "source": LEAKY.splitlines(keepends=True)}]
    (project / "explore.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4}, indent=1))
    git("add", ".", cwd=project)

    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "MLAUDIT_CACHE_DIR": str(tmp_path / "cache"),
        "PATH": f"{PRE_COMMIT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }

    def run_hook(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(PRE_COMMIT), "run", "mlaudit-lint", "--files", *files],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    failed = run_hook("features.py", "clean.py", "notes.txt", "explore.ipynb")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "mlaudit-lint (label leaks)" in failed.stdout and "Failed" in failed.stdout
    assert re.search(r"^features\.py:2:\d+ MLA001", failed.stdout, re.MULTILINE)
    assert "explore.ipynb:" in failed.stdout and "(cell 1, line 2)" in failed.stdout
    assert "notes.txt" not in failed.stdout
    assert "Found 2 findings (MLA001: 2) in 2 files; 3 files checked." in failed.stdout

    passed = run_hook("clean.py", "notes.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_the_manifest_declares_the_documented_hooks():
    """What users write in their config must match the manifest (id, entry, file types)."""
    import yaml  # pre-commit's own dependency

    staged, project = yaml.safe_load(MANIFEST.read_text())
    assert staged["id"] == "mlaudit-lint" and staged["entry"] == "mlaudit-lint"
    assert project["id"] == "mlaudit-lint-project"
    assert project["entry"] == "mlaudit-lint --project"
    for hook in (staged, project):
        assert hook["language"] == "python"
        assert set(hook["types_or"]) == {"python", "jupyter"}
        assert hook["require_serial"] is True


FEATURES_BEFORE = "def extract_features(depth, is_var, vaf):\n    return [depth, vaf]\n"
FEATURES_AFTER = (
    "def extract_features(depth, is_var, vaf):\n"
    "    low_vaf = float(is_var and vaf < 0.05)\n"
    "    return [depth, low_vaf]\n"
)
PIPELINE = (
    "from features import extract_features\n\n\n"
    "def build(rows):\n"
    "    table = []\n"
    "    for row in rows:\n"
    "        is_var = row.label\n"
    "        table.append(extract_features(row.depth, is_var=is_var, vaf=row.vaf))\n"
    "    return table\n"
)
OTHER_LEAK = "def other_features(row, label):\n    return [row.depth, label]\n"


def test_the_project_hook_finds_a_leak_whose_source_is_in_an_unstaged_importer(tmp_path, hook_repo):
    hooks, rev = hook_repo
    project = tmp_path / "project"
    project.mkdir()
    git("init", "-q", cwd=project)
    config = (
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n"
        "  - id: mlaudit-lint\n    language: system\n"
        "  - id: mlaudit-lint-project\n    language: system\n"
    )
    (project / ".pre-commit-config.yaml").write_text(config)
    (project / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    (project / "pipeline.py").write_text(PIPELINE)  # where the label is created: never staged
    (project / "features.py").write_text(FEATURES_BEFORE)
    (project / "other.py").write_text(OTHER_LEAK)  # an old leak that touches no staged file
    git("add", ".", cwd=project)
    git("commit", "-q", "--no-verify", "-m", "start", cwd=project)

    # The change: only features.py is edited and staged; its importer is left alone.
    (project / "features.py").write_text(FEATURES_AFTER)
    git("add", "features.py", cwd=project)
    assert git("diff", "--cached", "--name-only", cwd=project) == "features.py"

    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "MLAUDIT_CACHE_DIR": str(tmp_path / "cache"),
        "PATH": f"{PRE_COMMIT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }

    def run_hook(hook: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(PRE_COMMIT), "run", hook],  # on the staged files, as `git commit` runs it
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )

    staged_only = run_hook("mlaudit-lint")
    assert staged_only.returncode == 0, staged_only.stdout + staged_only.stderr  # the known miss

    whole = run_hook("mlaudit-lint-project")
    assert whole.returncode == 1, whole.stdout + whole.stderr
    assert "mlaudit-lint (whole project, findings touching staged files)" in whole.stdout
    found = re.findall(r"^(\S+?):(\d+):\d+ MLA001 (.*)$", whole.stdout, re.MULTILINE)
    assert [(path, line) for path, line, _ in found] == [("features.py", "3")]
    assert "pipeline.py:7" in found[0][2]  # the source, in the unstaged importer
    assert "other.py" not in whole.stdout  # findings touching no staged file are not reported
