"""Output formats: SARIF 2.1.0 as GitHub code scanning reads it, JSON records, rich text."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from mlaudit_lint.ftypes import Finding, LintError, LintStats, Result, TraceStep
from mlaudit_lint.output import json as json_output
from mlaudit_lint.output import sarif, text
from mlaudit_lint.rules import ALL_RULES

LEAKY = "def extract_features(row, label):\n    return [row.depth, label * 2]\n"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "src" / "pkg").mkdir(parents=True)
    (repo / "src" / "pkg" / "leak.py").write_text(LEAKY)
    monkeypatch.chdir(repo / "src")


def finding(**overrides) -> Result:
    values = dict(
        code="MLA001",
        message="label 'label' reaches feature vector: label (leak.py:1) -> feature vector (leak.py:2)",
        path="pkg/leak.py",
        line=2,
        column=5,
        end_line=2,
        end_column=30,
        trace=(TraceStep("label", "pkg/leak.py", 1), TraceStep("feature vector", "pkg/leak.py", 2)),
    )
    values.update(overrides)
    return Result(values["path"], finding=Finding(**values))


def error() -> Result:
    return Result(
        "pkg/broken.py", error=LintError("pkg/broken.py", 3, 7, "syntax error: invalid syntax")
    )


def is_uri_reference(value: str) -> bool:
    return bool(value) and "\\" not in value and not value.startswith("/") and " " not in value


def check_sarif(document: dict) -> None:
    """The parts of SARIF 2.1.0 that GitHub code scanning requires or reads."""
    assert document["version"] == "2.1.0"
    assert document["$schema"].endswith("sarif-2.1.0.json")
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mlaudit-lint" and re.fullmatch(r"\d+\.\d+\.\d+.*", driver["version"])
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == [rule.CODE for rule in ALL_RULES]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"].strip()
        assert rule["fullDescription"]["text"].strip()
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip()
        assert rule["defaultConfiguration"]["level"] in {"none", "note", "warning", "error"}
        if "helpUri" in rule:
            assert rule["helpUri"].startswith("https://")
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/")
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"none", "note", "warning", "error"}
        assert result["message"]["text"].strip()
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert is_uri_reference(physical["artifactLocation"]["uri"])
            assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            region = physical["region"]
            assert region["startLine"] >= 1 and region["startColumn"] >= 1
            if "endLine" in region:
                assert region["endLine"] >= region["startLine"]
            if "endColumn" in region:
                assert (
                    region.get("endLine", region["startLine"]) > region["startLine"]
                    or region["endColumn"] > region["startColumn"]
                )
        for flow in result.get("codeFlows", []):
            for thread in flow["threadFlows"]:
                for step in thread["locations"]:
                    assert step["location"]["physicalLocation"]["region"]["startLine"] >= 1
    (invocation,) = run["invocations"]
    assert isinstance(invocation["executionSuccessful"], bool)


def test_sarif_has_what_github_code_scanning_needs():
    document = json.loads(sarif.render([finding(), error()], ALL_RULES))
    check_sarif(document)
    (run,) = document["runs"]
    (result,) = run["results"]
    physical = result["locations"][0]["physicalLocation"]
    # relative to the repository root (the directory with .git), not to the working directory
    assert physical["artifactLocation"]["uri"] == "src/pkg/leak.py"
    assert physical["region"] == {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 30}
    assert (
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().parent.resolve().as_uri() + "/"
    )
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["message"]["text"] for s in steps] == ["label", "feature vector"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["message"]["text"] == "syntax error: invalid syntax"
    assert notification["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_sarif_of_a_real_run_through_the_cli(capsys):
    from mlaudit_lint.cli import main

    assert main(["--format", "sarif", "."]) == 1
    document = json.loads(capsys.readouterr().out)
    check_sarif(document)
    (result,) = document["runs"][0]["results"]
    assert result["ruleId"] == "MLA001"
    assert (
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/pkg/leak.py"
    )
    assert document["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_clean_run_has_an_empty_result_list():
    document = json.loads(sarif.render([], ALL_RULES))
    check_sarif(document)
    assert document["runs"][0]["results"] == []


def test_help_uri_comes_from_the_distribution_documentation_url(monkeypatch):
    monkeypatch.setattr(sarif, "documentation_url", lambda: "https://example.org/mlaudit/docs/")
    (rule,) = sarif.describe_rules(ALL_RULES)
    assert rule["helpUri"] == "https://example.org/mlaudit/docs/rules/MLA001.md"
    monkeypatch.setattr(sarif, "documentation_url", lambda: None)
    assert "helpUri" not in sarif.describe_rules(ALL_RULES)[0]


def test_paths_outside_the_repository_become_file_uris(tmp_path):
    outside = tmp_path / "elsewhere" / "x.py"
    document = json.loads(sarif.render([finding(path=str(outside), trace=())], ALL_RULES))
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == outside.as_uri()


def test_json_records():
    records = json.loads(json_output.render([error(), finding()]))
    assert records[0] == {
        "kind": "error",
        "path": "pkg/broken.py",
        "line": 3,
        "column": 7,
        "end_line": None,
        "end_column": None,
        "code": "error",
        "message": "syntax error: invalid syntax",
        "trace": [],
    }
    assert {"path", "line", "column", "code", "message", "trace"} <= records[1].keys()
    assert records[1]["trace"][1] == {
        "path": "pkg/leak.py",
        "line": 2,
        "description": "feature vector",
    }


def render_text(results) -> str:
    stream = io.StringIO()
    text.render(
        results, Console(file=stream, highlight=False, soft_wrap=True, no_color=True, width=40)
    )
    return stream.getvalue()


def test_text_lines_are_not_wrapped_and_markup_in_messages_is_literal():
    long = finding(message="x[bold]y[/bold] " + "z" * 200)
    first = render_text([long]).splitlines()[0]
    assert first == "pkg/leak.py:2:5 MLA001 x[bold]y[/bold] " + "z" * 200


def test_text_excerpt_caret_under_the_column_even_after_tabs(tmp_path):
    Path("tabs.py").write_text("def f(label):\n\treturn [label]\n")
    out = render_text([finding(path="tabs.py", column=10, trace=())]).splitlines()
    assert out[1] == "    2 |         return [label]"
    assert out[2].index("^") == len("    2 | ") + 8 + len("return [")


def test_text_of_a_notebook_names_the_cell():
    cells = [
        {"cell_type": "markdown", "source": ["# t"]},
        {"cell_type": "code", "outputs": [], "source": ["a = 1\n", "b = label\n"]},
    ]
    Path("nb.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4}, indent=1))
    line = next(
        i for i, t in enumerate(Path("nb.ipynb").read_text().split("\n"), 1) if "b = label" in t
    )
    out = render_text([finding(path="nb.ipynb", line=line, column=1, trace=())]).splitlines()
    assert out[0].endswith("(cell 2, line 2)")
    assert out[1] == f"    {line} | b = label"
    record = json.loads(json_output.render([finding(path="nb.ipynb", line=line, trace=())]))[0]
    assert (record["cell"], record["cell_line"]) == (2, 2)


def test_summary_line():
    stats = LintStats(files=3)
    assert text.summary(stats, []) == "No findings; 3 files checked."
    assert text.summary(stats, [finding(), finding(line=3), error()]) == (
        "Found 2 findings (MLA001: 2) in 1 file; 1 error; 3 files checked."
    )
