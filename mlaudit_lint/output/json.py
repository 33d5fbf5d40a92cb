"""`--output-format json`: a list of objects, one per finding or error, in the order of text output.

Each object has `kind` ("finding" or "error"; errors carry code "error"), `path`, `line`, `column`
(1-based), `end_line`, `end_column` (1-based, exclusive: the column just past the sink), `code`,
`message`, `fingerprint` (findings; see fingerprint.py, null for errors), `trace` (every hop from
the source to the sink: `path`, `line`, `description`) and, for notebooks, `cell` and `cell_line`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from mlaudit_lint.ftypes import Finding, Result
from mlaudit_lint.output import ERROR_CODE, fingerprints_of, notebook_cell, sink_region


def as_dict(result: Result, fingerprint: str | None = None) -> dict[str, Any]:
    if result.finding is not None:
        finding = result.finding
        line, column, end_line, end_column = sink_region(finding)
        record: dict[str, Any] = {
            "kind": "finding",
            "path": finding.path,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "code": finding.code,
            "message": finding.message,
            "fingerprint": fingerprint,
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
            "fingerprint": None,
            "trace": [],
        }
    cell = notebook_cell(record["path"], record["line"])
    if cell is not None:
        record["cell"], record["cell_line"] = cell
    return record


def render(results: Sequence[Result], fingerprints: Mapping[Finding, str] | None = None) -> str:
    known = fingerprints if fingerprints is not None else fingerprints_of(results)
    records = [
        as_dict(result, known.get(result.finding) if result.finding is not None else None)
        for result in results
    ]
    return json.dumps(records, indent=2, ensure_ascii=False)
