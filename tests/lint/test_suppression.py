"""Suppression comments: every form of the table in mlaudit_lint.suppression, on the sink line and
on the source line (also in another file), and --report-unused-suppressions.

The source and sink lines are taken from the unsuppressed finding itself, so these tests hold
whichever statement the engine reports, as long as the contract holds: (line, end_line) is the
sink and trace[0] the source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlaudit_lint.api import lint_paths
from mlaudit_lint.suppression import UNUSED_CODE, comments_of, parse_comment

# The label is created on one line (the source) and reaches the features on a later one (the sink).
SINGLE = (
    "import numpy as np\n"
    "\n"
    "\n"
    "def build(X, y):\n"
    "    doubled = y * 2\n"
    "    X = np.column_stack([X, doubled])\n"
    "    return X\n"
)
PIPELINE = (
    "from features import extract_features\n"
    "\n"
    "\n"
    "def run(rows, y):\n"
    "    return extract_features(rows, y)\n"
)
FEATURES = "def extract_features(rows, label):\n    return [rows.depth, label * 2]\n"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)


def lint(*paths: str, **options):
    return list(lint_paths(list(paths) or ["."], **options))


def findings(*paths: str, **options):
    return [r.finding for r in lint(*paths, **options) if r.finding is not None]


def with_comment(text: str, line: int, comment: str, *, own_line: bool = False) -> str:
    lines = text.split("\n")
    if own_line:
        indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
        lines.insert(line - 1, indent + comment)
    else:
        lines[line - 1] += "  " + comment
    return "\n".join(lines)


@pytest.fixture()
def places() -> tuple[int, int]:
    """(source line, sink line) of the leak in SINGLE, as the engine reports them."""
    Path("build.py").write_text(SINGLE)
    (finding,) = findings(cache=False)
    source = finding.trace[0]
    assert source.path == finding.path == "build.py"
    assert source.line != finding.line, "the test needs the source and sink on different lines"
    return source.line, finding.line


FORMS = [
    ("# noqa: MLA001", True),
    ("# noqa:MLA001", True),
    ("# NOQA: mla001", True),
    ("# noqa: E501, MLA001", True),
    ("# noqa: E501 MLA001", True),
    ("# noqa: E501", False),  # another tool's code
    ("# noqa", False),  # bare: written for flake8/ruff, not for a label leak
    ("# noqa: MLA0011", False),
    ("# mlaudit: ignore[MLA001]", True),
    ("#mlaudit:ignore[MLA001]", True),
    ("# mlaudit: ignore[MLA002, MLA001]", True),
    ("# mlaudit: ignore", True),  # bare mlaudit form: every mlaudit rule
    ("# mlaudit: ignore[MLA002]", False),
    ("# mlaudit ignore MLA001", False),
    ("# ok, reviewed  # noqa: MLA001", True),  # a second comment in the same comment
]


@pytest.mark.parametrize("where", ["sink", "source"])
@pytest.mark.parametrize(("comment", "silences"), FORMS)
def test_every_form_at_the_end_of_the_source_or_the_sink_line(places, where, comment, silences):
    line = places[0] if where == "source" else places[1]
    Path("build.py").write_text(with_comment(SINGLE, line, comment))
    assert (findings(cache=False) == []) == silences


@pytest.mark.parametrize("where", ["sink", "source"])
def test_a_comment_alone_on_the_line_above_works_too(places, where):
    line = places[0] if where == "source" else places[1]
    Path("build.py").write_text(with_comment(SINGLE, line, "# noqa: MLA001", own_line=True))
    assert findings(cache=False) == []


def test_a_comment_elsewhere_does_not_silence(places):
    source, sink = places
    other = next(n for n in range(1, 8) if n not in (source, sink, source - 1, sink - 1))
    Path("build.py").write_text(with_comment(SINGLE, other, "# noqa: MLA001"))
    assert len(findings(cache=False)) == 1
    # alone two lines above the sink: not "the line above"
    text = SINGLE.split("\n")
    text.insert(sink - 1, "")
    text.insert(sink - 1, "    # noqa: MLA001")
    Path("build.py").write_text("\n".join(text))
    assert len(findings(cache=False)) == 1


def test_a_noqa_inside_a_string_is_not_a_comment(places):
    _, sink = places
    lines = SINGLE.split("\n")
    lines.insert(sink - 1, '    note = "# noqa: MLA001"')
    Path("build.py").write_text("\n".join(lines))
    assert comments_of("\n".join(lines)) == []
    assert len(findings(cache=False)) == 1


def test_bare_noqa_silences_when_configured(places):
    _, sink = places
    Path("build.py").write_text(with_comment(SINGLE, sink, "# noqa"))
    assert len(findings(cache=False)) == 1
    Path("pyproject.toml").write_text("[tool.mlaudit]\nbare-noqa = true\n")
    assert findings(cache=False) == []


def test_the_source_line_in_another_file_silences_a_finding_reported_elsewhere():
    Path("pipeline.py").write_text(PIPELINE)
    Path("features.py").write_text(FEATURES)
    (finding,) = findings(cache=False)
    assert finding.path == "features.py"
    source = finding.trace[0]
    source_text = Path(source.path).read_text()
    Path(source.path).write_text(with_comment(source_text, source.line, "# noqa: MLA001"))
    assert findings(cache=False) == []


def test_a_comment_in_an_unrelated_file_does_not_silence():
    Path("pipeline.py").write_text(PIPELINE)
    Path("features.py").write_text(FEATURES)
    Path("other.py").write_text("x = 1  # noqa: MLA001\n")
    assert len(findings(cache=False)) == 1


def test_a_multiline_sink_statement_is_silenced_by_a_comment_on_any_of_its_lines():
    text = (
        "import numpy as np\n\n\ndef build(X, y):\n"
        "    X = np.column_stack(\n"
        "        [X, y]\n"
        "    )\n"
        "    return X\n"
    )
    Path("build.py").write_text(text)
    (finding,) = findings(cache=False)
    assert finding.end_line > finding.line
    for line in range(finding.line, finding.end_line + 1):
        Path("build.py").write_text(with_comment(text, line, "# mlaudit: ignore[MLA001]"))
        assert findings(cache=False) == [], line


def test_notebook_cells_take_suppressions_too():
    import json

    source = [
        "import numpy as np\n",
        "def build(X, y):\n",
        "    X = np.column_stack([X, y])\n",
        "    return X\n",
    ]
    notebook = {"cells": [{"cell_type": "code", "source": source, "outputs": []}], "nbformat": 4}
    Path("nb.ipynb").write_text(json.dumps(notebook, indent=1))
    assert len(findings(cache=False)) == 1
    source[2] = "    X = np.column_stack([X, y])  # noqa: MLA001\n"
    Path("nb.ipynb").write_text(json.dumps(notebook, indent=1))
    assert findings(cache=False) == []


# --- unused suppressions -------------------------------------------------------------------------


def unused(**options) -> list[tuple[str, int, str]]:
    return [
        (r.finding.path, r.finding.line, r.finding.message)
        for r in lint(cache=False, report_unused_suppressions=True, **options)
        if r.finding is not None and r.finding.code == UNUSED_CODE
    ]


def test_unused_suppressions_are_reported_and_used_ones_are_not(places):
    _, sink = places
    text = with_comment(SINGLE, sink, "# noqa: MLA001")
    text += "z = 1  # noqa: MLA001\nw = 2  # mlaudit: ignore\nv = 3  # noqa: E501\nu = 4  # noqa\n"
    text += "t = 5  # noqa: MLA999\n"
    Path("build.py").write_text(text)
    reported = unused()
    assert [(path, line) for path, line, _ in reported] == [
        ("build.py", 8),
        ("build.py", 9),
        ("build.py", 12),
    ]
    assert reported[0][2] == (
        "unused suppression of MLA001 in `# noqa: MLA001`: no such finding here"
    )
    assert "`# mlaudit: ignore`: it silences nothing here" in reported[1][2]
    assert "MLA999" in reported[2][2]
    # Without the option they are not reported, and the run is clean.
    assert lint(cache=False) == []


def test_suppressions_of_rules_that_did_not_run_are_not_unused():
    Path("a.py").write_text("z = 1  # noqa: MLA001\n")
    assert unused(config_overrides={"ignore": ["MLA001"]}) == []
    assert len(unused()) == 1


def test_an_unused_suppression_is_reported_from_the_cache_too():
    Path("a.py").write_text("import numpy as np\nz = np.zeros(3)  # noqa: MLA001\n")
    first = [r for r in lint(report_unused_suppressions=True)]
    second = [r for r in lint(report_unused_suppressions=True)]
    assert first == second and len(first) == 1


# --- the table ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "parsed"),
    [
        ("# noqa", [("noqa", None)]),
        ("# noqa: MLA001", [("noqa", ("MLA001",))]),
        ("# noqa: e501,mla001", [("noqa", ("E501", "MLA001"))]),
        ("# mlaudit: ignore", [("mlaudit", None)]),
        ("#  mlaudit:ignore[MLA001,MLA002]", [("mlaudit", ("MLA001", "MLA002"))]),
        (
            "# noqa: E501  # mlaudit: ignore[MLA001]",
            [("noqa", ("E501",)), ("mlaudit", ("MLA001",))],
        ),
        ("# noqa-ish", []),
        ("# mlaudit: ignored", []),
    ],
)
def test_the_table_of_forms(comment, parsed):
    assert [(s.form, s.codes) for s in parse_comment(comment, 1, 1, False)] == parsed
