"""`# mlaudit: ignore[...]` silences a finding where the rule reports it: one table of cases."""

from __future__ import annotations

import pytest

from mlaudit_lint.ftypes import SUPPRESSION_RE
from mlaudit_lint.rules import lint_sources

LEAK = "    X = np.column_stack([X, y]){trailing}\n"
TEMPLATE = "import numpy as np\n\n\ndef build(X, y):\n{above}" + LEAK + "    return X\n"

ROWS = [
    # (comment alone on the line above, comment at the end of the line, reported?)
    ("", "", True),
    ("", "  # mlaudit: ignore[MLA001]", False),
    ("", "  # mlaudit: ignore", False),
    ("", "  # mlaudit: ignore[MLA002]", True),
    ("", "  # mlaudit: ignore[MLA002, MLA001]", False),
    ("", "  #mlaudit:ignore[MLA001]", False),
    ("", "  # noqa: MLA001", True),
    ("    # mlaudit: ignore[MLA001]\n", "", False),
    ("    # mlaudit: ignore\n", "", False),
    ("    # mlaudit: ignore[MLA009]\n", "", True),
    ("    # mlaudit: ignore[MLA001]\n\n", "", True),  # not the line directly above
    ("    z = 1  # mlaudit: ignore[MLA001]\n", "", True),  # a trailing comment on another statement
]


@pytest.mark.parametrize(("above", "trailing", "reported"), ROWS)
def test_suppression_table(above: str, trailing: str, reported: bool) -> None:
    source = TEMPLATE.format(above=above, trailing=trailing)
    findings = lint_sources({"build.py": source})
    assert bool(findings) == reported, source


def test_suppression_covers_every_line_of_a_multiline_statement() -> None:
    source = (
        "import numpy as np\n\n\ndef build(X, y):\n"
        "    X = np.column_stack(\n"
        "        [X, y]\n"
        "    )  # mlaudit: ignore[MLA001]\n"
        "    return X\n"
    )
    assert lint_sources({"build.py": source}) == []
    unsuppressed = source.replace("  # mlaudit: ignore[MLA001]", "")
    (finding,) = lint_sources({"build.py": unsuppressed})
    assert (finding.line, finding.end_line) == (5, 7)


def test_suppression_in_another_file_does_not_leak_across_modules() -> None:
    files = {
        "helpers.py": "def stack(X, y):  # mlaudit: ignore[MLA001]\n    return X\n",
        "build.py": TEMPLATE.format(above="", trailing=""),
    }
    assert [(f.path, f.line) for f in lint_sources(files)] == [("build.py", 5)]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("# mlaudit: ignore", None),
        ("# mlaudit: ignore[MLA001]", "MLA001"),
        ("#  mlaudit:ignore[MLA001,MLA002]", "MLA001,MLA002"),
    ],
)
def test_the_one_regex(text: str, codes: str | None) -> None:
    match = SUPPRESSION_RE.search(text)
    assert match is not None
    assert match.group("codes") == codes
