"""Every dataclass, enum and regex the linter shares, in one place.

Other modules import their types from here and not from each other (the Fixit layout), so the
engine, the dataflow layer, the rules and the output formats stay decoupled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# `# mlaudit: ignore[MLA001]` or `# mlaudit: ignore[MLA001, MLA002]` at the end of the
# offending line or alone on the line above; a bare `# mlaudit: ignore` silences every code.
SUPPRESSION_RE = re.compile(
    r"#\s*mlaudit:\s*ignore(?:\[(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)\])?",
)


@dataclass(frozen=True)
class TraceStep:
    """One hop on the path from a taint source to a sink, e.g. ``low_vaf (features.py:19)``."""

    description: str
    path: str
    line: int


@dataclass(frozen=True)
class Finding:
    """One rule violation. Positions are 1-based, lines and columns alike (libcst's
    PositionProvider counts columns from 0: add 1), as editors, flake8/ruff and SARIF expect;
    for a notebook, lines are lines of the .ipynb file (see notebooks.py)."""

    code: str
    message: str
    path: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None
    trace: tuple[TraceStep, ...] = ()


@dataclass(frozen=True)
class LintError:
    """A file that could not be read or parsed; reported, never raised.

    Positions are 1-based like Finding's; line 0 means the error concerns the whole file."""

    path: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Result:
    """What the api yields per finding or error; the CLI, pre-commit and editors consume it."""

    path: str
    finding: Finding | None = None
    error: LintError | None = None


@dataclass(frozen=True)
class Config:
    """The `[tool.mlaudit]` table merged with command-line options."""

    labels: tuple[str, ...] = ()
    truth_sources: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # ((glob, (code, ...)), ...): findings reported in files matching a glob drop those codes.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    bare_noqa: bool = False  # whether a noqa comment without codes also silences mlaudit findings
    root: Path | None = field(default=None, compare=False)


@dataclass
class LintStats:
    """Counts a run fills in as it goes (the CLI's summary line; benchmarks)."""

    files: int = 0  # files named by the run (after excludes)
    candidates: int = 0  # named files the textual pre-check kept
    analysed: int = 0  # files whose facts were used (candidates plus the files they import)
    cached: int = 0  # of those, the files whose facts came from the results cache
    errors: int = 0
    findings: int = 0
