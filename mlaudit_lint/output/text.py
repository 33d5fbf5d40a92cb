"""`--output-format text` and `concise`: one `path:line:col CODE message` line per finding.

text adds the source excerpt with a caret and the trace (`via` lines): the source, the sink and, in
between, a count of the hops (`--verbose` prints every hop). concise is the first line only.

The location line is plain text first (editors, CI log matchers and grep read it); colour comes
from rich only when the stream is a terminal. File names, messages and excerpts have their control
characters escaped (`\\n`, `\\x1b`), so a file name cannot forge a line or drive the terminal.
Notebook findings add the cell and the line within it: `nb.ipynb:57:5 MLA001 ... (cell 3, line 2)`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from mlaudit_lint.ftypes import LintStats, Result, TraceStep
from mlaudit_lint.output import escape_control, notebook_cell, source_line

GUTTER = "    "
# A trace longer than this is shortened to its ends unless --verbose.
SHORT_TRACE = 3


def _location(path: str, line: int, column: int) -> str:
    path = escape_control(path)
    return f"{path}:{line}:{column}" if line >= 1 else path


def _excerpt(path: str, line: int, column: int) -> Text | None:
    text = source_line(path, line)
    if text is None or not text.strip():
        return None
    gutter = f"{GUTTER}{line} | "
    shown = escape_control(text.expandtabs(8))
    excerpt = Text(gutter, style="dim")
    excerpt.append(shown)
    # Expand the tabs before the column the same way, so the caret stays under its character.
    offset = len(escape_control(text[: max(column - 1, 0)].expandtabs(8)))
    caret = Text(" " * (len(gutter) + offset))
    caret.append("^", style="bold red")
    return Text("\n").join([excerpt, caret])


def _hop(step: TraceStep) -> Text:
    hop = Text(GUTTER + "via ", style="dim")
    path = escape_control(step.path)
    hop.append(f"{path}:{step.line}" if step.line >= 1 else path)
    hop.append(f" {escape_control(step.description)}")
    return hop


def trace_lines(trace: Sequence[TraceStep], *, verbose: bool) -> list[Text]:
    """The `via` lines: every step with --verbose, else the source, a count, and the sink."""
    if verbose or len(trace) <= SHORT_TRACE:
        return [_hop(step) for step in trace]
    hidden = len(trace) - 2
    more = f"{hidden} more step{'s' if hidden != 1 else ''}"
    middle = Text(f"{GUTTER}    ... {more} (--verbose shows every step)", style="dim")
    return [_hop(trace[0]), middle, _hop(trace[-1])]


def _headline(result: Result) -> Text:
    if result.finding is not None:
        finding = result.finding
        line = Text(_location(finding.path, finding.line, finding.column), style="bold")
        line.append(" ")
        line.append(escape_control(finding.code), style="bold red")
        line.append(" ")
        line.append(escape_control(finding.message))
        where = (finding.path, finding.line)
    else:
        error = result.error
        assert error is not None
        line = Text(_location(error.path, error.line, error.column), style="bold")
        line.append(" error: ", style="bold red")
        line.append(escape_control(error.message))
        where = (error.path, error.line)
    cell = notebook_cell(*where)
    if cell is not None:
        line.append(f" (cell {cell[0]}, line {cell[1]})", style="dim")
    return line


def render(
    results: Sequence[Result], console: Console, *, verbose: bool = False, concise: bool = False
) -> None:
    for result in results:
        console.print(_headline(result))
        if concise or result.finding is None:
            continue
        finding = result.finding
        excerpt = _excerpt(finding.path, finding.line, finding.column)
        if excerpt is not None:
            console.print(excerpt)
        for line in trace_lines(finding.trace, verbose=verbose):
            console.print(line)


def summary(
    stats: LintStats,
    results: Sequence[Result],
    *,
    baseline_hidden: int = 0,
    baseline_stale: int = 0,
) -> str:
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
    if baseline_hidden:
        parts.append(f"{baseline_hidden} more in the baseline")
    if baseline_stale:
        parts.append(
            f"{baseline_stale} baseline entr{'ies' if baseline_stale != 1 else 'y'} no longer found"
        )
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    parts.append(checked)
    return "; ".join(parts) + "."


def statistics(results: Sequence[Result], names: dict[str, str]) -> list[tuple[int, str, str]]:
    """(count, code, rule name) per code with at least one finding, most frequent first."""
    counts = Counter(r.finding.code for r in results if r.finding is not None)
    errors = sum(1 for r in results if r.error is not None)
    rows = [(count, code, names.get(code, "")) for code, count in counts.items()]
    if errors:
        rows.append((errors, "error", "file could not be analysed"))
    return sorted(rows, key=lambda row: (-row[0], row[1]))


def render_statistics(rows: Sequence[tuple[int, str, str]]) -> str:
    """ruff's `--statistics` layout: count (right-aligned), code and name, tab-separated."""
    if not rows:
        return ""
    width = max(len(str(count)) for count, _, _ in rows)
    return "\n".join(
        f"{count:>{width}}\t{code}\t{escape_control(name)}".rstrip() for count, code, name in rows
    )
