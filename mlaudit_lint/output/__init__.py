"""Renderers of a lint run's results, one module each, and what they share.

Each takes the finished list of `Result`s, so every format agrees on what was found: `text`
(rich, excerpts and traces), `concise` (one line per finding), `json`, `sarif` (GitHub code
scanning), `github` (workflow-command annotations), `gitlab` (code-quality report), `junit`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from mlaudit_lint import notebooks
from mlaudit_lint.ftypes import Finding, Result

FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit")
ERROR_CODE = "error"  # the `code` of a file that could not be read or parsed, in json output


# -- text safety --------------------------------------------------------------------------------

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidirectional overrides
# that can make a terminal or a log viewer show something other than what is there.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_control(text: str) -> str:
    """Control characters written as escapes (`\\n`, `\\x1b`, `\\u202e`): one finding is one line.

    A file name holding a newline would otherwise forge extra lines of output, and one holding an
    escape sequence would drive the terminal.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def is_printable_line(text: str) -> bool:
    return not _UNSAFE.search(text) and all(unicodedata.category(c) != "Cs" for c in text)


# -- positions ----------------------------------------------------------------------------------


def sink_region(finding: Finding) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of the sink, 1-based, end column exclusive.

    A rule that gives no end is completed from the source: the end of the last reported line.
    """
    line, column = finding.line, max(finding.column, 1)
    end_line = finding.end_line if finding.end_line and finding.end_line >= line else line
    end_column = finding.end_column
    if not end_column or (end_line == line and end_column <= column):
        text = source_line(finding.path, end_line)
        end_column = len(text.rstrip()) + 1 if text and text.strip() else column + 1
        if end_line == line and end_column <= column:
            end_column = column + 1
    return line, column, end_line, end_column


def repository_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding `.git`, else `start`."""
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return start


def repository_path(path: str, cwd: Path) -> str | None:
    """A reported path relative to the repository root, `/`-separated; None if outside it."""
    absolute = Path(path) if Path(path).is_absolute() else cwd / path
    try:
        return absolute.resolve().relative_to(repository_root(cwd).resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return None


# -- fingerprints -------------------------------------------------------------------------------


def fingerprints_of(results: Sequence[Result]) -> dict[Finding, str]:
    """Every finding's fingerprint (see fingerprint.py), the source read from disk."""
    from mlaudit_lint.fingerprint import fingerprints

    findings = [result.finding for result in results if result.finding is not None]
    return dict(zip(findings, fingerprints(findings, source_line)))


def fingerprint_for(
    finding: Finding, known: Mapping[Finding, str] | None, results: Sequence[Result]
) -> str:
    if known is None or finding not in known:
        known = fingerprints_of(results)
    return known[finding]


def _version(path: str) -> int:
    """Part of the renderers' cache keys, so a long-lived process never shows an old version."""
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return 0


def _notebook(path: str) -> notebooks.NotebookSource | None:
    return _read_notebook(path, _version(path))


@lru_cache(maxsize=64)
def _read_notebook(path: str, version: int) -> notebooks.NotebookSource | None:
    try:
        return notebooks.read_notebook(Path(path))
    except notebooks.NotebookError:
        return None


def notebook_cell(path: str, line: int) -> tuple[int, int] | None:
    """(cell number, line within the cell) of a notebook's file line; None for a .py file."""
    if not notebooks.is_notebook(path):
        return None
    source = _notebook(path)
    return source.locate(line) if source is not None else None


def source_line(path: str, line: int) -> str | None:
    """The source text of one reported line (a notebook's: the code, not its JSON)."""
    if line < 1:
        return None
    if notebooks.is_notebook(path):
        source = _notebook(path)
        lines = source.text.split("\n") if source is not None else []
    else:
        lines = _python_lines(path, _version(path))
    return lines[line - 1] if line <= len(lines) else None


@lru_cache(maxsize=64)
def _python_lines(path: str, version: int) -> list[str]:
    import tokenize

    try:
        with tokenize.open(path) as handle:
            return handle.read().split("\n")
    except (OSError, SyntaxError, UnicodeDecodeError):
        return []
