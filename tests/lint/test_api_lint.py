"""`mlaudit_lint.api.lint_paths`: the generator the CLI, pre-commit and editors share."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from mlaudit_lint.api import ConfigError, LintStats, Result, lint_paths

LEAKY = "def extract_features(row, label):\n    return [row.depth, label * 2]\n"
NEEDS_LABEL = "def extract_features(rows, is_var):\n    feats = [r.depth for r in rows]\n    feats.append(is_var)\n    return feats\n"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)


def test_lint_paths_is_a_generator_of_results(tmp_path):
    Path("leak.py").write_text(LEAKY)
    stream = lint_paths(["leak.py"])
    assert inspect.isgenerator(stream)
    (result,) = list(stream)
    assert isinstance(result, Result) and result.error is None
    assert (result.path, result.finding.code, result.finding.line) == ("leak.py", "MLA001", 2)


def test_accepts_path_objects_and_absolute_paths(tmp_path):
    Path("leak.py").write_text(LEAKY)
    (result,) = list(lint_paths([tmp_path / "leak.py"]))
    assert result.path == "leak.py"  # reported relative to the working directory


def test_config_overrides_use_the_table_keys():
    Path("step.py").write_text(NEEDS_LABEL)
    assert list(lint_paths(["."])) == []
    (result,) = list(lint_paths(["."], config_overrides={"labels": ["is_var"]}))
    assert result.finding.message.startswith("label 'is_var'")
    assert (
        list(lint_paths(["."], config_overrides={"labels": ["is_var"], "ignore": ["MLA001"]})) == []
    )


def test_bad_overrides_raise_config_error_when_iterated():
    stream = lint_paths(["."], config_overrides={"truth_sources": ["x"]})  # dashes, as in TOML
    with pytest.raises(ConfigError, match="command line: unknown key 'truth_sources'"):
        next(stream)


def test_stats_are_filled_in():
    Path("leak.py").write_text(LEAKY)
    Path("other.py").write_text("print('hello')\n")
    stats = LintStats()
    list(lint_paths(["."], stats=stats, cache=False))
    assert stats == LintStats(files=2, candidates=1, analysed=1, cached=0, errors=0, findings=1)
