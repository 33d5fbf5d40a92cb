"""`--output-format gitlab`: a GitLab code-quality report (CodeClimate-style JSON list).

Each finding is an issue with the fields GitLab reads: `description`, `check_name` (the rule
code), `fingerprint` (fingerprint.py: the merge-request widget tells new issues from fixed ones
by it), `severity`, `location.path` (relative to the repository root, the directory holding
`.git`, as GitLab expects) and `location.lines.begin` / `end`. Errors are issues with check_name
`mlaudit-lint/error`. Declare the file with `artifacts: reports: codequality:` (docs/lint.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mlaudit_lint.ftypes import Finding, Result
from mlaudit_lint.output import fingerprints_of, repository_path, sink_region
from mlaudit_lint.suppression import UNUSED_CODE

ERROR_CHECK = "mlaudit-lint/error"
# GitLab's scale: info, minor, major, critical, blocker. A label leak invalidates every reported
# metric of the model, hence critical; a suppression that does nothing is tidying.
SEVERITY = {UNUSED_CODE: "minor"}
DEFAULT_SEVERITY = "critical"
ERROR_SEVERITY = "major"


def _path(path: str, cwd: Path) -> str:
    return repository_path(path, cwd) or path


def render(
    results: Sequence[Result],
    names: dict[str, str],
    *,
    cwd: Path | None = None,
    fingerprints: Mapping[Finding, str] | None = None,
) -> str:
    cwd = cwd or Path.cwd()
    known = fingerprints if fingerprints is not None else fingerprints_of(results)
    issues: list[dict[str, Any]] = []
    for result in results:
        if result.finding is not None:
            finding = result.finding
            line, _column, end_line, _end_column = sink_region(finding)
            name = names.get(finding.code, "")
            issues.append(
                {
                    "type": "issue",
                    "check_name": finding.code,
                    "description": f"{finding.code}{' ' + name if name else ''}: {finding.message}",
                    "categories": ["Bug Risk"],
                    "severity": SEVERITY.get(finding.code, DEFAULT_SEVERITY),
                    "fingerprint": known[finding],
                    "location": {
                        "path": _path(finding.path, cwd),
                        "lines": {"begin": line, "end": end_line},
                    },
                }
            )
        else:
            error = result.error
            assert error is not None
            digest = hashlib.sha256(f"{error.path}\0{error.message}".encode(errors="replace"))
            issues.append(
                {
                    "type": "issue",
                    "check_name": ERROR_CHECK,
                    "description": f"mlaudit-lint could not analyse this file: {error.message}",
                    "categories": ["Bug Risk"],
                    "severity": ERROR_SEVERITY,
                    "fingerprint": digest.hexdigest()[:32],
                    "location": {
                        "path": _path(error.path, cwd),
                        "lines": {"begin": max(error.line, 1)},
                    },
                }
            )
    return json.dumps(issues, indent=2, ensure_ascii=False)
