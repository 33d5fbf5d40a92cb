"""`--output-format junit`: JUnit XML, one testcase per finding or error, for CI test reports.

    <testsuites name="mlaudit-lint" tests="2" failures="1" errors="1">
      <testsuite name="mlaudit-lint" tests="2" failures="1" errors="1">
        <testcase classname="src.features" name="MLA001 src/features.py:27:5" file="src/features.py" line="27">
          <failure type="MLA001" message="label 'is_var' reaches ...">trace, one hop a line</failure>
        </testcase>

A clean run is a suite with no testcase. Characters XML 1.0 cannot hold (control characters in a
file name or message) are written as `\\xNN` escapes, so the report always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence

from mlaudit_lint.ftypes import Result

SUITE = "mlaudit-lint"
_NOT_XML = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ud800-\\udfff\\ufffe\\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _classname(path: str) -> str:
    stem = path.rsplit(".", 1)[0] if path.endswith((".py", ".ipynb")) else path
    return _xml_safe(stem.replace("/", ".").lstrip("."))


def render(results: Sequence[Result]) -> str:
    failures = sum(1 for result in results if result.finding is not None)
    errors = len(results) - failures
    counts = {"tests": str(len(results)), "failures": str(failures), "errors": str(errors)}
    root = ElementTree.Element("testsuites", {"name": SUITE, **counts})
    suite = ElementTree.SubElement(root, "testsuite", {"name": SUITE, **counts})
    for result in results:
        item = result.finding or result.error
        assert item is not None
        location = f"{item.path}:{item.line}:{item.column}" if item.line >= 1 else item.path
        code = result.finding.code if result.finding is not None else "error"
        case = ElementTree.SubElement(
            suite,
            "testcase",
            {
                "classname": _classname(item.path),
                "name": _xml_safe(f"{code} {location}"),
                "file": _xml_safe(item.path),
                "line": str(max(item.line, 1)),
            },
        )
        if result.finding is not None:
            body = "\n".join(
                f"{step.path}:{step.line} {step.description}" for step in result.finding.trace
            )
            outcome = ElementTree.SubElement(
                case, "failure", {"type": code, "message": _xml_safe(item.message)}
            )
        else:
            body = item.message
            outcome = ElementTree.SubElement(
                case, "error", {"type": "error", "message": _xml_safe(item.message)}
            )
        outcome.text = _xml_safe(body)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        root, encoding="unicode"
    )
