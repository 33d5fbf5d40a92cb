"""`--format text`: one `path:line:col CODE message` line per finding, then the source excerpt.

The location line is plain text first (editors, CI log matchers and grep read it); colour comes
from rich only when the stream is a terminal (and NO_COLOR is unset). Notebook findings add the
cell and the line within it: `nb.ipynb:57:5 MLA001 ... (cell 3, line 2)`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from mlaudit_lint.ftypes import LintStats, Result
from mlaudit_lint.output import notebook_cell, source_line

GUTTER = "    "


def _location(path: str, line: int, column: int) -> str:
    return f"{path}:{line}:{column}" if line >= 1 else path


def _excerpt(path: str, line: int, column: int) -> Text | None:
    text = source_line(path, line)
    if text is None or not text.strip():
        return None
    gutter = f"{GUTTER}{line} | "
    excerpt = Text(gutter, style="dim")
    excerpt.append(text.expandtabs(8))
    # Expand the tabs before the column the same way, so the caret stays under its character.
    offset = len(text[: max(column - 1, 0)].expandtabs(8))
    caret = Text(" " * (len(gutter) + offset))
    caret.append("^", style="bold red")
    return Text("\n").join([excerpt, caret])


def render(results: Sequence[Result], console: Console) -> None:
    for result in results:
        if result.finding is not None:
            finding = result.finding
            line = Text(_location(finding.path, finding.line, finding.column), style="bold")
            line.append(" ")
            line.append(finding.code, style="bold red")
            line.append(" ")
            line.append(finding.message)
            cell = notebook_cell(finding.path, finding.line)
            if cell is not None:
                line.append(f" (cell {cell[0]}, line {cell[1]})", style="dim")
            console.print(line)
            excerpt = _excerpt(finding.path, finding.line, finding.column)
            if excerpt is not None:
                console.print(excerpt)
            for step in finding.trace:
                hop = Text(GUTTER + "via ", style="dim")
                hop.append(f"{step.path}:{step.line}" if step.line >= 1 else step.path)
                hop.append(f" {step.description}")
                console.print(hop)
        else:
            error = result.error
            assert error is not None
            line = Text(_location(error.path, error.line, error.column), style="bold")
            line.append(" error: ", style="bold red")
            line.append(error.message)
            cell = notebook_cell(error.path, error.line)
            if cell is not None:
                line.append(f" (cell {cell[0]}, line {cell[1]})", style="dim")
            console.print(line)


def summary(stats: LintStats, results: Sequence[Result]) -> str:
    """One closing line: what was checked and what was found."""
    checked = f"{stats.files} file{'s' if stats.files != 1 else ''} checked"
    findings = [r.finding for r in results if r.finding is not None]
    errors = sum(1 for r in results if r.error is not None)
    parts = []
    if findings:
        by_code = Counter(f.code for f in findings)
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(by_code.items()))
        files = len({f.path for f in findings})
        parts.append(
            f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({codes}) "
            f"in {files} file{'s' if files != 1 else ''}"
        )
    else:
        parts.append("No findings")
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    parts.append(checked)
    return "; ".join(parts) + "."
