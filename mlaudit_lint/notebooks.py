"""Jupyter notebooks as Python: the code cells laid out on the notebook file's own lines.

Every line number the linter reports for a notebook (finding, trace step, message text) is the
line of the `.ipynb` file where that source line is stored, because nbformat writes a cell's
source as a JSON list with one source line per file line. Editors and GitHub code scanning then
point at the right line of the file, and the line is stable when other cells change length.
`locate()` turns it back into what a Jupyter user sees: cell number (counting every cell, markdown
included, from 1, as the notebook is scrolled) and the line within that cell.

A notebook whose layout cannot be mapped that way (sources stored as one string, minified JSON) falls
back to stacking the code cells one after another with a blank line between them; `locate()` still
gives the right cell and cell line.

IPython syntax (`%magic`, `!shell`, `obj?`) is not Python: such lines become `pass` (keeping the
indentation, so a block stays a block) and `%%cell` magics blank their whole cell.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

NOTEBOOK_SUFFIX = ".ipynb"

_SOURCE_KEY = re.compile(r'"source"\s*:\s*')
_SHELL_OR_MAGIC = re.compile(r"^(\s*)(?:[%!]|\?\??[\w.]*\s*$)")
_ASSIGNED_MAGIC = re.compile(r"^(\s*[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*)[%!].*$")
_HELP_SUFFIX = re.compile(r"^(\s*)[\w.]+\?\??\s*$")


class NotebookError(Exception):
    """The file is not a notebook we can read; carries the position for the report."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class NotebookSource:
    """The code cells as one Python module, and where each of its lines came from."""

    text: str
    # module line -> (cell number counting every cell from 1, line within that cell from 1)
    origins: dict[int, tuple[int, int]] = field(default_factory=dict)

    def locate(self, line: int) -> tuple[int, int] | None:
        return self.origins.get(line)


def is_notebook(path: Path | str) -> bool:
    return str(path).endswith(NOTEBOOK_SUFFIX)


def python_line(line: str) -> str:
    """One notebook source line as valid Python (IPython syntax becomes a no-op)."""
    assigned = _ASSIGNED_MAGIC.match(line)
    if assigned:
        return assigned.group(1) + "None"
    magic = _SHELL_OR_MAGIC.match(line) or _HELP_SUFFIX.match(line)
    if magic:
        return magic.group(1) + "pass"
    return line


def _cells(raw: str) -> list[dict]:
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as error:
        raise NotebookError(f"invalid notebook: {error.msg}", error.lineno, error.colno) from None
    except (RecursionError, MemoryError):
        raise NotebookError("invalid notebook: JSON nested too deeply to read") from None
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise NotebookError("invalid notebook: no 'cells' list (nbformat 4 is required)")
    cells = document["cells"]
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source") if isinstance(cell, dict) else None
        if not isinstance(source, (str, list)) or (
            isinstance(source, list) and not all(isinstance(piece, str) for piece in source)
        ):
            raise NotebookError(f"invalid notebook: cell {number} has no text 'source'")
    return cells


def _cell_lines(cell: dict) -> list[str]:
    source = cell["source"]
    text = source if isinstance(source, str) else "".join(source)
    # Split on newlines only: str.splitlines() would also split on form feeds and other
    # characters that Python's tokenizer treats as ordinary whitespace.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if text.endswith("\n") or not text:
        lines.pop()
    if cell.get("cell_type") != "code" or (lines and lines[0].lstrip().startswith("%%")):
        return []
    return [python_line(line) for line in lines]


def _file_lines(raw: str, cells: list[dict]) -> list[list[int]] | None:
    """For each cell, the file line of each of its source lines; None if the layout is not 1:1.

    Cells are matched in order, each from its own `"source":` key on, so identical text in an
    earlier cell's outputs cannot be taken for a later cell's source.
    """
    position = 0
    placed: list[list[int]] = []
    last_line = 0
    # Line numbers are counted forward from the last match only, so the whole file is read once
    # (counting from the start for every source line made a 20,000-cell notebook take minutes).
    counted_to, counted_lines = 0, 1
    for cell in cells:
        source = cell["source"]
        if isinstance(source, str):
            if "\n" in source.rstrip("\n"):
                return None
            source = [source] if source else []
        key = _SOURCE_KEY.search(raw, position)
        if key is None:
            return None
        position = key.end()
        lines: list[int] = []
        for piece in source:
            if "\n" in piece[:-1]:
                return None
            for encoded in (json.dumps(piece, ensure_ascii=False), json.dumps(piece)):
                found = raw.find(encoded, position)
                if found != -1:
                    break
            else:
                return None
            if found < counted_to:
                return None
            counted_lines += raw.count("\n", counted_to, found)
            counted_to = found
            line = counted_lines
            if line <= last_line:
                return None
            lines.append(line)
            last_line = line
            position = found + len(encoded)
        placed.append(lines)
    return placed


def to_python(raw: str) -> NotebookSource:
    """The notebook's code cells as one module; raises NotebookError for a file that is not one."""
    cells = _cells(raw)
    code = [_cell_lines(cell) for cell in cells]
    file_lines = _file_lines(raw, cells)
    module: list[str] = []
    origins: dict[int, tuple[int, int]] = {}
    for number, (lines, cell) in enumerate(zip(code, cells), start=1):
        if not lines:
            continue
        if file_lines is not None:
            targets = file_lines[number - 1]
        else:
            start = len(module) + 2 if module else 1  # a blank line between stacked cells
            targets = list(range(start, start + len(lines)))
        for cell_line, (line, target) in enumerate(zip(lines, targets), start=1):
            module.extend([""] * (target - 1 - len(module)))
            module.append(line)
            origins[target] = (number, cell_line)
    text = "\n".join(module) + "\n" if module else ""
    return NotebookSource(text=text, origins=origins)


def read_notebook(path: Path) -> NotebookSource:
    """`to_python` of a file on disk (for renderers that need a cell number or a source line)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise NotebookError(f"cannot read notebook: {error}") from None
    return to_python(raw)
