"""Every case of the MLA001 corpora reports exactly its expected findings.

`tests/lint_corpus/` is the development corpus; `tests/lint_corpus_holdout/` was written blind to
the engine (its first-time score is recorded in its README) and is kept as regression cases.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlaudit_lint.ftypes import Config
from mlaudit_lint.rules import lint_sources

CORPUS = Path(__file__).resolve().parents[1] / "lint_corpus"
HOLDOUT = Path(__file__).resolve().parents[1] / "lint_corpus_holdout"
CASES = sorted(p for p in CORPUS.iterdir() if (p / "expected.json").is_file())
HOLDOUT_CASES = sorted(p for p in HOLDOUT.iterdir() if (p / "expected.json").is_file())


def _load(case: Path):
    meta = json.loads((case / "expected.json").read_text())
    files = {p.relative_to(case).as_posix(): p.read_text() for p in sorted(case.rglob("*.py"))}
    options = meta.get("config", {})
    config = Config(
        labels=tuple(options.get("labels", ())),
        truth_sources=tuple(options.get("truth_sources", ())),
    )
    expected = sorted((item["file"], item["line"]) for item in meta["expected"])
    return files, config, expected


def test_corpus_is_large_and_balanced() -> None:
    leaky = [c for c in CASES if _load(c)[2]]
    assert len(CASES) >= 60
    assert len(leaky) * 2 == len(CASES)
    for case in CASES:
        files = _load(case)[0]
        assert len(files) >= 1
        assert case.name.startswith("leak_") == bool(_load(case)[2]), case.name


def test_holdout_corpus_is_balanced_and_multi_file() -> None:
    assert len(HOLDOUT_CASES) >= 30
    leaky = [c for c in HOLDOUT_CASES if _load(c)[2]]
    assert len(leaky) * 2 == len(HOLDOUT_CASES)
    for case in HOLDOUT_CASES:
        files, _, expected = _load(case)
        assert len(files) > 1, case.name
        assert case.name.startswith("leak_") == bool(expected), case.name
    assert "First-time figures" in (HOLDOUT / "README.md").read_text()


def test_most_cases_span_several_modules() -> None:
    multi = [c for c in CASES if len(_load(c)[0]) > 1]
    assert len(multi) >= 60


# Issue 13 cases that the engine of the time gets wrong. Strict: a case that starts passing fails
# the suite until its name is deleted here, so this list only shrinks as the engine is fixed.
KNOWN_FAILING: frozenset[str] = frozenset()


def _with_known_failures(cases: list[Path]) -> list:
    return [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason="issue 13: engine rewrite"))
        if case.name in KNOWN_FAILING
        else case
        for case in cases
    ]


def test_known_failing_names_exist() -> None:
    assert KNOWN_FAILING.issubset(case.name for case in CASES + HOLDOUT_CASES)


@pytest.mark.parametrize(
    "case", _with_known_failures(CASES + HOLDOUT_CASES), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_case(case: Path) -> None:
    files, config, expected = _load(case)
    # the MLA001 corpora: other rules may rightly flag other leaks in them (a Kaggle notebook
    # imputing train and test together is MLA002's)
    findings = [f for f in lint_sources(files, config) if f.code == "MLA001"]
    found = sorted((f.path, f.line) for f in findings)
    assert found == expected, "\n".join(f"{f.path}:{f.line} {f.message}" for f in findings)
    for finding in findings:
        assert finding.code == "MLA001"
        assert " -> " in finding.message


def test_leaky_pipeline_example_is_flagged_with_the_full_path() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "leaky_pipeline"
    files = {p.name: p.read_text() for p in sorted(example.glob("*.py"))}
    assert set(files) == {"features.py", "pipeline.py"}
    (finding,) = lint_sources(files)
    assert (finding.path, finding.line) == ("features.py", 27)
    assert finding.message.startswith(
        "label 'is_var' reaches feature vector: is_var (pipeline.py:18) -> "
    )
    assert "extract_features(is_var=...) -> low_vaf (features.py:19)" in finding.message
    assert finding.message.endswith("-> feature vector (features.py:27)")
    assert [(s.path, s.line) for s in finding.trace][0] == ("pipeline.py", 18)
    assert (finding.end_line, finding.end_column) != (None, None)


def test_leaky_pipeline_fixed_is_silent() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "leaky_pipeline"
    files = {p.name: p.read_text() for p in sorted(example.glob("*.py"))}
    files["features.py"] = files["features.py"].replace(
        "low_vaf = float(is_var and vaf_truth < 0.05)", "low_vaf = float(alt_freq < 0.05)"
    )
    assert lint_sources(files) == []
