"""`--output-format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.

- Every rule is described in `tool.driver.rules` (id, name, short description, the rule's
  "What it does" as full description, the concise `--explain` text as help, and `helpUri`, the
  rule's docs page); the driver has `informationUri` (the docs, see links.py).
- Each finding is a result with `ruleId`, `level`, `message.text` and one physical location whose
  `artifactLocation.uri` is relative to the repository root (the nearest directory above the working
  directory holding `.git`, else the working directory) with forward slashes and `uriBaseId`
  `%SRCROOT%`, and a 1-based region; its trace becomes a `codeFlow`, shown by GitHub as the path
  from source to sink, and `partialFingerprints` holds the fingerprint of fingerprint.py (also as
  `primaryLocationLineHash`, so code scanning follows an alert when its lines move).
- Files that could not be read or parsed are `toolExecutionNotifications` of the invocation, whose
  `executionSuccessful` is then false: they are problems of the run, not of the rules.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import mlaudit_lint
from mlaudit_lint import explain, links
from mlaudit_lint.fingerprint import SARIF_KEY
from mlaudit_lint.ftypes import Finding, Result, TraceStep
from mlaudit_lint.output import (
    fingerprints_of,
    notebook_cell,
    repository_root,
    sink_region,
)
from mlaudit_lint.suppression import UNUSED_CODE

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "mlaudit-lint"
SRCROOT = "%SRCROOT%"


def documentation_url() -> str | None:
    return links.documentation_url()


def rule_help_uri(code: str, base: str | None) -> str | None:
    return f"{base.rstrip('/')}/rules/{code}.md" if base else None


def _first_line(text: str) -> str:
    stripped = (text or "").strip()
    return stripped.splitlines()[0].strip() if stripped else ""


def describe_rules(rules: Sequence[type]) -> list[dict[str, Any]]:
    base = documentation_url()
    described = []
    for rule in rules:
        explanation = explain.concise(rule)
        sections = rule.sections() if hasattr(rule, "sections") else {}
        summary = _first_line(sections.get("summary") or rule.__doc__ or "") or rule.NAME
        entry: dict[str, Any] = {
            "id": rule.CODE,
            "name": rule.NAME,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": sections.get("What it does") or summary},
            "help": {"text": explanation, "markdown": explanation},
            "defaultConfiguration": {"level": "error"},
        }
        help_uri = rule_help_uri(rule.CODE, base)
        if help_uri:
            entry["helpUri"] = help_uri
        described.append(entry)
    return described


def _unused_suppression_rule() -> dict[str, Any]:
    text = "A suppression comment that silences no finding (--report-unused-suppressions)."
    entry: dict[str, Any] = {
        "id": UNUSED_CODE,
        "name": UNUSED_CODE,
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": "warning"},
    }
    base = documentation_url()
    if base:
        entry["helpUri"] = f"{base.rstrip('/')}/lint.md"
    return entry


class _Locations:
    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.root = repository_root(cwd)

    def physical(
        self, path: str, line: int, column: int | None = None, end_line=None, end_column=None
    ) -> dict:
        absolute = (self.cwd / path).resolve() if not Path(path).is_absolute() else Path(path)
        try:
            artifact = {
                "uri": absolute.relative_to(self.root.resolve()).as_posix(),
                "uriBaseId": SRCROOT,
            }
        except ValueError:
            artifact = {"uri": absolute.as_uri()}
        location: dict[str, Any] = {"artifactLocation": artifact}
        if line >= 1:
            region: dict[str, Any] = {"startLine": line, "startColumn": max(column or 1, 1)}
            if end_line and end_line >= line:
                region["endLine"] = end_line
                if end_column and (end_line > line or end_column > region["startColumn"]):
                    region["endColumn"] = end_column
            location["region"] = region
        return location


def _properties(path: str, line: int) -> dict[str, Any]:
    cell = notebook_cell(path, line)
    return {"properties": {"cell": cell[0], "cellLine": cell[1]}} if cell else {}


def _result(
    finding: Finding, rule_index: dict[str, int], locations: _Locations, fingerprint: str
) -> dict[str, Any]:
    physical = locations.physical(finding.path, *sink_region(finding))
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": "warning" if finding.code == UNUSED_CODE else "error",
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {SARIF_KEY: fingerprint, "primaryLocationLineHash": fingerprint},
        **_properties(finding.path, finding.line),
    }
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    if finding.trace:
        result["codeFlows"] = [
            {
                "threadFlows": [
                    {"locations": [_flow_step(step, locations) for step in finding.trace]}
                ]
            }
        ]
    return result


def _flow_step(step: TraceStep, locations: _Locations) -> dict[str, Any]:
    return {
        "location": {
            "physicalLocation": locations.physical(step.path, step.line),
            "message": {"text": step.description},
        }
    }


def render(
    results: Sequence[Result],
    rules: Sequence[type],
    *,
    cwd: Path | None = None,
    fingerprints: Mapping[Finding, str] | None = None,
) -> str:
    locations = _Locations(cwd or Path.cwd())
    described = describe_rules(rules)
    if any(r.finding is not None and r.finding.code == UNUSED_CODE for r in results):
        described.append(_unused_suppression_rule())
    rule_index = {entry["id"]: index for index, entry in enumerate(described)}
    known = fingerprints if fingerprints is not None else fingerprints_of(results)
    sarif_results = [
        _result(r.finding, rule_index, locations, known[r.finding])
        for r in results
        if r.finding is not None
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": r.error.message},
            "locations": [
                {"physicalLocation": locations.physical(r.error.path, r.error.line, r.error.column)}
            ],
        }
        for r in results
        if r.error is not None
    ]
    run = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": mlaudit_lint.__version__,
                "semanticVersion": mlaudit_lint.__version__,
                "rules": described,
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {"uri": locations.root.resolve().as_uri().rstrip("/") + "/"}
        },
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
        ],
        "results": sarif_results,
    }
    base = documentation_url()
    if base:
        run["tool"]["driver"]["informationUri"] = base
    return json.dumps(
        {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False
    )
