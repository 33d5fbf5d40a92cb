"""Every case of the MLA002-MLA004 corpus reports exactly its expected findings of those codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlaudit_lint import notebooks
from mlaudit_lint.ftypes import Config
from mlaudit_lint.rules import lint_sources

CORPUS = Path(__file__).resolve().parents[1] / "lint_corpus_kinds"
HOLDOUT = Path(__file__).resolve().parents[1] / "lint_corpus_kinds_holdout"
KINDS = {"preprocessing": "MLA002", "overlap": "MLA003", "multi_test": "MLA004"}
CODES = frozenset(KINDS.values())
# the four rules by name (MLA001 too: the corpora may hold its findings), whatever the defaults
SELECT = Config(select=("MLA001", *sorted(CODES)))
CASES = sorted(p.parent for p in CORPUS.rglob("expected.json"))
HOLDOUT_CASES = sorted(p.parent for p in HOLDOUT.rglob("expected.json"))


def _load(case: Path):
    files = {}
    for path in sorted(case.rglob("*")):
        name = path.relative_to(case).as_posix()
        if path.suffix == ".py":
            files[name] = path.read_text()
        elif notebooks.is_notebook(path):
            files[name] = notebooks.to_python(path.read_text()).text
    expected = json.loads((case / "expected.json").read_text())["expected"]
    return files, sorted((e["file"], e["line"], e["code"]) for e in expected)


def test_corpus_has_fifteen_leaky_and_fifteen_clean_cases_per_kind() -> None:
    for kind, code in KINDS.items():
        cases = [c for c in CASES if c.parent.name == kind]
        leaky = [c for c in cases if c.name.startswith("leak_")]
        clean = [c for c in cases if c.name.startswith("clean_")]
        assert len(leaky) >= 15 and len(clean) >= 15, kind
        assert len(leaky) + len(clean) == len(cases)
        for case in leaky:
            assert {e[2] for e in _load(case)[1]} == {code}, case.name
        for case in clean:
            assert _load(case)[1] == [], case.name
    multi_file = [c for c in CASES if len(_load(c)[0]) > 1]
    assert len(multi_file) >= 9


@pytest.mark.parametrize(
    "case", CASES + HOLDOUT_CASES, ids=lambda c: f"{c.parents[1].name}/{c.parent.name}/{c.name}"
)
def test_case_reports_exactly_its_expected_findings(case: Path) -> None:
    files, expected = _load(case)
    found = sorted((f.path, f.line, f.code) for f in lint_sources(files, SELECT) if f.code in CODES)
    assert found == expected
