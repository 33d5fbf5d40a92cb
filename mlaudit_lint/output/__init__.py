"""Renderers of a lint run's results: text (rich), json and sarif; one module each.

Each takes the finished list of `Result`s, so the three formats always agree on what was found.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from mlaudit_lint import notebooks

FORMATS = ("text", "json", "sarif")
ERROR_CODE = "error"  # the `code` of a file that could not be read or parsed, in json output


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
