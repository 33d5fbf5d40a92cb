"""`--format json`: a list of objects, one per finding or error, in the order of the text output.

Each object has `path`, `line`, `column` (1-based), `end_line`, `end_column`, `code`, `message`,
`kind` ("finding" or "error"; errors carry code "error"), `trace` (the hops from source to sink:
`path`, `line`, `description`) and, for notebooks, `cell` and `cell_line`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from mlaudit_lint.ftypes import Result
from mlaudit_lint.output import ERROR_CODE, notebook_cell


def as_dict(result: Result) -> dict[str, Any]:
    if result.finding is not None:
        finding = result.finding
        record: dict[str, Any] = {
            "kind": "finding",
            "path": finding.path,
            "line": finding.line,
            "column": finding.column,
            "end_line": finding.end_line,
            "end_column": finding.end_column,
            "code": finding.code,
            "message": finding.message,
            "trace": [
                {"path": step.path, "line": step.line, "description": step.description}
                for step in finding.trace
            ],
        }
    else:
        error = result.error
        assert error is not None
        record = {
            "kind": "error",
            "path": error.path,
            "line": error.line,
            "column": error.column,
            "end_line": None,
            "end_column": None,
            "code": ERROR_CODE,
            "message": error.message,
            "trace": [],
        }
    cell = notebook_cell(record["path"], record["line"])
    if cell is not None:
        record["cell"], record["cell_line"] = cell
    return record


def render(results: Sequence[Result]) -> str:
    return json.dumps([as_dict(result) for result in results], indent=2, ensure_ascii=False)
