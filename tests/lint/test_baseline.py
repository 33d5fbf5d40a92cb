"""Baselines: accept today's findings, gate only new ones; fingerprints that survive moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlaudit_lint.cli import main
from mlaudit_lint.fingerprint import fingerprints, normalise
from mlaudit_lint.ftypes import Finding, TraceStep

FEATURES = """\
import numpy as np


def extract_features(row, label):
    return [row.depth, label * 2]


def other_features(rows, y):
    stacked = np.column_stack([rows, y])
    return stacked
"""
NEW_LEAK = """\


def third_features(row, target):
    return [row.quality, target + 1]
"""


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)


def lint(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def records(capsys, *argv: str) -> list[dict]:
    status, out, _ = lint(capsys, "--output-format", "json", *argv)
    assert status in (0, 1)
    return [record for record in json.loads(out) if record["kind"] == "finding"]


def test_baseline_hides_old_findings_after_moves_and_reports_the_new_leak(capsys):
    Path("features.py").write_text(FEATURES)
    before = records(capsys, ".")
    assert len(before) == 2
    status, out, err = lint(capsys, "--write-baseline", "baseline.json", ".")
    assert (status, out) == (0, "")
    assert err == "mlaudit-lint: wrote 2 findings to baseline baseline.json\n"
    document = json.loads(Path("baseline.json").read_text())
    assert sorted(entry["fingerprint"] for entry in document["findings"]) == sorted(
        record["fingerprint"] for record in before
    )

    # Move code around: the two functions swap places, lines are added above both, the leaking
    # line gets a comment and different spacing; and one new leak is added.
    header, first, second = FEATURES.split("\n\n\n")
    first = first.replace("label * 2]", "label*2]  # to be reviewed")
    moved = header + "\n\nCONSTANT = 3\n\n\n" + second + "\n\n" + first + "\n" + NEW_LEAK
    Path("features.py").write_text(moved)
    after = records(capsys, ".")
    assert len(after) == 3
    lines_before = sorted(record["line"] for record in before)
    assert sorted(record["line"] for record in after)[:2] != lines_before  # they did move

    status, out, _ = lint(capsys, "--baseline", "baseline.json", ".")
    assert status == 1
    findings = [line for line in out.splitlines() if " MLA001 " in line]
    assert len(findings) == 1 and "'target'" in findings[0]
    assert out.splitlines()[-1].startswith(
        "Found 1 finding (MLA001: 1) in 1 file; 2 more in the baseline"
    )
    (new,) = records(capsys, "--baseline", "baseline.json", ".")
    assert new["message"].startswith("label 'target'")
    # Every format sees the same filtered list.
    status, out, _ = lint(capsys, "--baseline", "baseline.json", "--output-format", "sarif", ".")
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["partialFingerprints"]["mlauditFingerprint/v1"] == new["fingerprint"]


def test_a_fixed_finding_is_counted_as_stale_and_a_clean_run_exits_0(capsys):
    Path("features.py").write_text(FEATURES)
    assert lint(capsys, "--write-baseline", "baseline.json", ".")[0] == 0
    assert lint(capsys, "--baseline", "baseline.json", ".")[0] == 0
    Path("features.py").write_text(FEATURES.replace("label * 2", "row.quality * 2"))
    status, out, _ = lint(capsys, "--baseline", "baseline.json", ".")
    assert status == 0
    assert out.splitlines()[-1] == (
        "No findings; 1 more in the baseline; 1 baseline entry no longer found; 1 file checked."
    )


def test_a_baseline_counts_repeats():
    from collections import Counter

    from mlaudit_lint.baseline import Baseline

    baseline = Baseline(Path("b.json"), Counter({"aa": 1, "bb": 2}))
    findings = [finding(n) for n in range(5)]
    new, stale = baseline.split(findings, ["aa", "aa", "bb", "cc", "bb"])
    assert (new, stale) == ([1, 3], 0)
    new, stale = baseline.split(findings[:1], ["bb"])
    assert (new, stale) == ([], 2)


def test_bad_baselines_are_one_line_errors_and_nothing_is_overwritten(capsys):
    Path("a.py").write_text("def extract_features(row, label):\n    return [label]\n")
    status, out, err = lint(capsys, "--baseline", "missing.json", ".")
    assert (status, out) == (2, "")
    assert (
        err
        == "mlaudit-lint: error: missing.json: cannot read baseline: No such file or directory\n"
    )
    Path("notes.json").write_text('{"mine": true}')
    status, _, err = lint(capsys, "--baseline", "notes.json", ".")
    assert status == 2 and "not a baseline written by mlaudit-lint" in err
    status, _, err = lint(capsys, "--write-baseline", "notes.json", ".")
    assert status == 2 and "exists and is not an mlaudit-lint baseline; not overwritten" in err
    assert Path("notes.json").read_text() == '{"mine": true}'
    status, _, err = lint(capsys, "--baseline", "x.json", "--write-baseline", "y.json", ".")
    assert status == 2 and "cannot be used together" in err


def finding(line: int, path: str = "a.py", source_line: int = 1) -> Finding:
    return Finding("MLA001", "m", path, line, 5, line, 9, (TraceStep("label", path, source_line),))


def test_fingerprints_ignore_lines_whitespace_and_comments_but_not_the_code():
    texts = {
        1: "def f(row, label):",
        2: "    return [row.depth, label * 2]",
        7: "        return [row.depth,   label*2]  # noqa: MLA001",
        9: "    return [row.depth, label * 3]",
    }

    def read(path: str, line: int) -> str | None:
        return texts.get(line)

    first, moved, changed = fingerprints([finding(2), finding(7), finding(9)], read)
    assert first == moved.removesuffix("#2")
    assert first != changed
    assert fingerprints([finding(2, path="b.py")], read) != [first]
    assert normalise("x = f(a,  b)  # why") == normalise("x = f(a, b)")
