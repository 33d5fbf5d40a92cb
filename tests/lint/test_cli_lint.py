"""`mlaudit-lint`: options, exit status 0/1/2, one-line errors, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mlaudit_lint
from mlaudit_lint.cli import main

LEAKY = "def extract_features(row, label):\n    return [row.depth, label * 2]\n"
CLEAN = "def extract_features(row):\n    return [row.depth, row.quality]\n"
# Leaks only once `is_var` is declared a label (it is not a conventional label name).
NEEDS_LABEL = "def extract_features(rows, is_var):\n    feats = [r.depth for r in rows]\n    feats.append(is_var)\n    return feats\n"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)


def tree(files: dict[str, str]) -> None:
    for name, text in files.items():
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def lint(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_clean_tree_exits_0(capsys):
    tree({"a.py": CLEAN})
    status, out, _ = lint(capsys)
    assert status == 0
    assert out.strip() == "No findings; 1 file checked."


def test_findings_exit_1_with_path_line_col_code_message_and_excerpt(capsys):
    tree({"pkg/leak.py": LEAKY, "clean.py": CLEAN})
    status, out, _ = lint(capsys, "pkg", "clean.py")
    assert status == 1
    lines = out.splitlines()
    location = re.match(r"pkg/leak\.py:2:(\d+) MLA001 label 'label' reaches ", lines[0])
    assert location, lines[0]
    assert lines[1] == "    2 |     return [row.depth, label * 2]"
    assert lines[2] == " " * (len("    2 | ") + int(location.group(1)) - 1) + "^"
    assert lines[-1] == "Found 1 finding (MLA001: 1) in 1 file; 2 files checked."


def test_parse_errors_exit_2_and_the_other_files_are_still_reported(capsys):
    tree({"broken.py": "def f(:\n", "leak.py": LEAKY})
    status, out, _ = lint(capsys)
    assert status == 2
    assert "broken.py:1:7 error: syntax error: invalid syntax" in out
    assert re.search(r"^leak\.py:2:\d+ MLA001", out, re.MULTILINE)


def test_a_directory_without_python_files_is_not_an_error(capsys):
    Path("docs").mkdir()
    Path("docs/readme.md").write_text("label")
    status, out, err = lint(capsys, "docs")
    assert status == 0 and out == ""
    assert err.strip() == "mlaudit-lint: no Python files found in docs; nothing to lint"


def test_a_missing_path_exits_2(capsys):
    status, out, _ = lint(capsys, "nope.py")
    assert status == 2
    assert "nope.py error: no such file or directory" in out


def test_select_and_ignore(capsys):
    tree({"leak.py": LEAKY})
    assert lint(capsys, "--ignore", "MLA001")[0] == 0
    assert lint(capsys, "--ignore", "mla")[0] == 0  # a prefix names every code it starts
    assert lint(capsys, "--select", "MLA001")[0] == 1


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_code_is_a_usage_error(capsys, option):
    tree({"leak.py": LEAKY})
    status, out, err = lint(capsys, option, "MLA001,MLA999")
    assert status == 2 and out == ""
    assert err.strip() == (
        f"mlaudit-lint: error: command line: {option[2:]}: unknown rule code 'MLA999' (known: MLA001, MLA002, MLA003, MLA004)"
    )


def test_label_adds_to_the_configured_labels(capsys):
    tree({"pyproject.toml": '[tool.mlaudit]\nlabels = ["unrelated"]\n', "step.py": NEEDS_LABEL})
    assert lint(capsys)[0] == 0
    status, out, _ = lint(capsys, "--label", "other", "--label", "is_var")
    assert status == 1 and "label 'is_var'" in out


def test_configured_labels_and_ignore_are_used(capsys):
    tree({"pyproject.toml": '[tool.mlaudit]\nlabels = ["is_var"]\n', "step.py": NEEDS_LABEL})
    assert lint(capsys)[0] == 1
    Path("pyproject.toml").write_text('[tool.mlaudit]\nlabels = ["is_var"]\nignore = ["MLA001"]\n')
    assert lint(capsys)[0] == 0


def test_a_bad_config_is_one_line_naming_file_and_key_and_the_rest_is_linted(capsys):
    tree({"pyproject.toml": '[tool.mlaudit]\nlables = ["y"]\n', "a.py": CLEAN, "leak.py": LEAKY})
    status, out, err = lint(capsys)
    assert status == 2 and err == ""
    (line,) = [line for line in out.splitlines() if line.startswith("pyproject.toml")]
    assert line.startswith("pyproject.toml error: unknown key 'lables' in [tool.mlaudit]")
    assert line.endswith("(files below it linted without it)")
    assert re.search(r"^leak\.py:2:\d+ MLA001", out, re.MULTILINE)


@pytest.mark.parametrize(
    ("comment", "status"),
    [
        ("  # mlaudit: ignore[MLA001]", 0),
        ("  # mlaudit: ignore", 0),
        ("  # mlaudit: ignore[MLA002]", 1),
        ("  # mlaudit ignore MLA001", 1),
    ],
)
def test_suppression_comment_at_the_end_of_the_line(capsys, comment, status):
    tree({"leak.py": LEAKY.replace("label * 2]", "label * 2]" + comment)})
    assert lint(capsys, "--no-cache")[0] == status


def test_suppression_comment_on_the_line_above(capsys):
    tree({"leak.py": LEAKY.replace("    return", "    # mlaudit: ignore[MLA001]\n    return")})
    assert lint(capsys)[0] == 0


def test_json_output(capsys):
    tree({"leak.py": LEAKY, "broken.py": "x = (\n"})
    status, out, _ = lint(capsys, "--format", "json")
    assert status == 2
    records = json.loads(out)
    assert [(r["kind"], r["path"], r["line"], r["code"]) for r in records] == [
        ("error", "broken.py", 1, "error"),
        ("finding", "leak.py", 2, "MLA001"),
    ]
    finding = records[1]
    assert 1 <= finding["column"] <= len("    return [row.depth, label * 2]")
    assert finding["message"].startswith("label 'label' reaches")
    assert finding["trace"][0] == {"path": "leak.py", "line": 1, "description": "label"}


def test_jobs_and_no_cache(capsys, tmp_path):
    tree({f"m{i}.py": LEAKY for i in range(6)})
    serial = lint(capsys, "--jobs", "1", "--no-cache", "--format", "json")
    parallel = lint(capsys, "-j", "2", "--no-cache", "--format", "json")
    assert serial == parallel and serial[0] == 1
    assert not (tmp_path / "cache").exists()
    lint(capsys)
    assert (tmp_path / "cache").exists()


@pytest.mark.parametrize("bad", ["0", "-1", "many"])
def test_jobs_must_be_positive(capsys, bad):
    with pytest.raises(SystemExit) as raised:
        main(["--jobs", bad])
    assert raised.value.code == 2
    assert "expected a positive number of worker processes" in capsys.readouterr().err


def test_explain_prints_the_concise_rule_page(capsys):
    from mlaudit_lint.rules import ALL_RULES

    status, out, _ = lint(capsys, "--explain", "mla001")
    assert status == 0
    assert out.startswith("# MLA001 label-leak")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## References",
    ]
    assert len(out.splitlines()) <= 60
    status, full, _ = lint(capsys, "--explain", "MLA001", "--examples")
    assert status == 0 and full == ALL_RULES[0].explain()
    assert len(full.splitlines()) > 60 and "### Flagged 1" in full


def test_examples_without_explain_is_a_usage_error(capsys):
    status, out, err = lint(capsys, "--examples")
    assert (status, out) == (2, "")
    assert err == "mlaudit-lint: error: --examples works with --explain CODE\n"


def test_explain_unknown_code(capsys):
    status, out, err = lint(capsys, "--explain", "MLA404")
    assert status == 2 and out == ""
    assert (
        err.strip()
        == "mlaudit-lint: error: --explain: unknown rule code 'MLA404' (known: MLA001, MLA002, MLA003, MLA004)"
    )


def test_version(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out.startswith(f"mlaudit-lint {mlaudit_lint.__version__} (libcst ")


def test_an_unexpected_failure_is_one_line_and_status_2(capsys, monkeypatch):
    import mlaudit_lint.api

    def explode(*args, **kwargs):
        raise MemoryError("out of luck")

    monkeypatch.setattr(mlaudit_lint.api, "lint_paths", explode)
    tree({"a.py": CLEAN})
    status, out, err = lint(capsys)
    assert status == 2
    assert err == "mlaudit-lint: error: internal error: MemoryError: out of luck\n"


def test_the_console_script_and_module_entry_points(tmp_path):
    """The installed command, run as users run it: exit status and no traceback on bad config."""
    tree({"leak.py": LEAKY})
    script = Path(sys.executable).with_name("mlaudit-lint")
    leak = subprocess.run([str(script), "leak.py"], capture_output=True, text=True)
    assert leak.returncode == 1 and re.search(r"^leak\.py:2:\d+ MLA001", leak.stdout, re.MULTILINE)
    Path("pyproject.toml").write_text("[tool.mlaudit]\nselect = 3\n")
    bad = subprocess.run(
        [sys.executable, "-m", "mlaudit_lint", "leak.py"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr + bad.stdout
    assert "pyproject.toml error: [tool.mlaudit] select must be a list of strings, got 3" in (
        bad.stdout
    )
    usage = subprocess.run(
        [str(script), "--select", "MLA001", "--ignore", "MLA001", "leak.py"],
        capture_output=True,
        text=True,
    )
    assert usage.returncode == 2 and usage.stdout == ""
    assert usage.stderr == (
        "mlaudit-lint: error: --select and --ignore both name MLA001: choose one of them\n"
    )


FEATURES_CROSS = "def extract_features(depth, is_var, vaf):\n    low_vaf = float(is_var and vaf < 0.05)\n    return [depth, low_vaf]\n"
PIPELINE_CROSS = (
    "from features import extract_features\n\n\n"
    "def build(rows):\n"
    "    table = []\n"
    "    for row in rows:\n"
    "        is_var = row.label\n"
    "        table.append(extract_features(row.depth, is_var=is_var, vaf=row.vaf))\n"
    "    return table\n"
)


def test_the_trace_is_short_by_default_and_whole_with_verbose(capsys):
    tree({"features.py": FEATURES_CROSS, "pipeline.py": PIPELINE_CROSS})
    status, verbose, _ = lint(capsys, "--verbose")
    hops = [line for line in verbose.splitlines() if line.startswith("    via ")]
    assert status == 1 and len(hops) > 3
    status, short, _ = lint(capsys)
    lines = short.splitlines()
    shown = [line for line in lines if line.startswith("    via ")]
    assert shown == [hops[0], hops[-1]]  # the source and the sink
    middle = lines.index(hops[0]) + 1
    assert lines[middle] == f"        ... {len(hops) - 2} more steps (--verbose shows every step)"
    records = json.loads(lint(capsys, "--output-format", "json")[1])
    assert len(records[0]["trace"]) == len(hops)  # machine formats carry every step


def test_exit_zero_quiet_and_output_file(capsys):
    tree({"leak.py": LEAKY})
    status, out, _ = lint(capsys, "--exit-zero")
    assert status == 0 and "MLA001" in out
    status, out, err = lint(capsys, "--quiet")
    assert status == 1 and "MLA001" in out and "checked" not in out and err == ""
    Path("empty").mkdir()
    status, out, err = lint(capsys, "--quiet", "empty")
    assert (status, out, err) == (0, "", "")
    status, out, err = lint(capsys, "empty")
    assert "no Python files found in empty" in err
    status, out, _ = lint(capsys, "--output-format", "sarif", "--output-file", "out/report.sarif")
    assert status == 2 and out == ""  # the folder does not exist: one line, status 2
    Path("out").mkdir()
    status, out, _ = lint(capsys, "--output-format", "sarif", "-o", "out/report.sarif")
    assert status == 1 and out == ""
    assert json.loads(Path("out/report.sarif").read_text())["version"] == "2.1.0"
    tree({"broken.py": "def (:\n"})
    assert lint(capsys, "--exit-zero")[0] == 2  # errors are never hidden


def test_quiet_silences_the_jobs_note(capsys, monkeypatch):
    import mlaudit_lint.engine as engine

    monkeypatch.setattr(engine, "default_jobs", lambda: 1)
    tree({"leak.py": LEAKY})
    _, _, err = lint(capsys, "--jobs", "4")
    assert err == "mlaudit-lint: --jobs 4 capped at 1, the number of CPUs this process may use\n"
    _, _, err = lint(capsys, "--jobs", "4", "--quiet")
    assert err == ""


def test_every_rule_has_a_concise_explanation_within_60_lines():
    """The short form prints the rule owners' sections; a rule whose sections outgrow it fails."""
    from mlaudit_lint import explain
    from mlaudit_lint.rules import ALL_RULES

    for rule in ALL_RULES:
        page = explain.concise(rule)
        lines = page.splitlines()
        assert len(lines) <= explain.MAX_LINES, (rule.CODE, len(lines))
        headings = [line for line in lines if line.startswith("## ")]
        assert headings[:4] == [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
        ], rule.CODE
        assert headings[-1] == "## References" and f"--explain {rule.CODE} --examples" in page


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--jobs", "0"], "argument --jobs"),
        (["--output-format", "bogus"], "argument --output-format"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
    ],
)
def test_a_bad_option_is_one_line_not_the_usage_block(arguments, message):
    bad = subprocess.run(
        [sys.executable, "-m", "mlaudit_lint", *arguments, "."], capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stdout == ""
    lines = bad.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlaudit-lint: error: "), bad.stderr
    assert message in lines[0] and lines[0].endswith("(see mlaudit-lint --help)")
