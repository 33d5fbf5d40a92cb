"""mlaudit diff: environment, metric and call differences; exit codes 0 / 1 / 2; light import."""

import json
import subprocess
import sys

import pytest

from pytest_mlaudit import options
from pytest_mlaudit.cli import main

SWEEP_TEST = """
import os
import numpy as np
from pytest_mlaudit import Run, seed_sweep

Y = (np.random.default_rng(0).random(200) < 0.3).astype(int)
SHIFT = float(os.environ.get("MLAUDIT_TEST_SHIFT", "0"))

@seed_sweep(n=3, trivial_baseline="off")
def test_model(seed):
    noise = np.random.default_rng(seed).normal(0, 0.3, Y.size)
    return Run(Y, np.clip(0.3 + (0.4 - SHIFT) * Y + noise, 0, 1))
"""


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    # rich wraps table cells at 80 columns when output is captured; the tests read whole cells
    monkeypatch.setenv("COLUMNS", "250")


@pytest.fixture
def two_reports(pytester, monkeypatch):
    """The same sweep saved twice: once plainly, once deterministic with a weaker signal."""
    pytester.makepyfile(test_s=SWEEP_TEST)
    pytester.runpytest(options.FLAG, options.REPORT, "a.json").assert_outcomes(passed=1)
    monkeypatch.setenv("MLAUDIT_TEST_SHIFT", "0.2")
    pytester.runpytest(
        options.FLAG, options.REPORT, "b.json", options.DETERMINISTIC
    ).assert_outcomes(passed=1)
    return pytester.path / "a.json", pytester.path / "b.json"


def test_reports_from_different_settings_show_environment_and_metric_differences(
    two_reports, capsys
):
    a, b = two_reports
    assert main(["diff", str(a), str(b), "--tolerance", "f1=0.01"]) == 1
    out = capsys.readouterr().out
    assert "deterministic.mlaudit_deterministic" in out
    assert "exceeds tolerance 0.01" in out and "f1" in out
    # metrics without a stated tolerance are shown, not gated
    assert main(["diff", str(a), str(b)]) == 0
    assert main(["diff", str(a), str(b), "--tolerance", "*=1"]) == 0
    assert main(["diff", str(a), str(a), "--tolerance", "*=0"]) == 0
    assert "runs: all 3 identical" in capsys.readouterr().out


def test_json_output_lists_the_violations(two_reports, capsys):
    a, b = two_reports
    assert main(["diff", str(a), str(b), "-t", "auroc=0", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert not data["passed"] and len(data["violations"]) == 3
    assert any(key == "deterministic.mlaudit_deterministic" for key, _, _ in data["environment"])


def report_with_calls(calls, scores, tau=0.8, torch_version="2.1.0", seed=0):
    return {
        "environment": {"packages": {"torch": torch_version}, "gpu": {"devices": []}},
        "sweeps": [
            {
                "nodeid": "test_l.py::test_rebuild",
                "runs": [
                    {
                        "seed": seed,
                        "condition": {"build": "cpu fp64 k=1 threads=1"},
                        "metrics": {"f1": 0.9},
                        "collapsed": False,
                        "error": None,
                        "seconds": 1.0,
                        "calls": {"calls": calls, "scores": scores, "tau": tau},
                    }
                ],
                "checks": [],
            }
        ],
    }


def write(path, data):
    path.write_text(json.dumps(data))
    return str(path)


def test_reportable_call_discrepancies_gate_and_unreportable_changes_do_not(tmp_path, capsys):
    a = write(tmp_path / "a.json", report_with_calls([0, 1, 2, 3], [0.9, 0.9, 0.5, 0.9]))
    # case 2 changes call but is not reportable in A; case 3 changes and is reportable in both
    b = write(
        tmp_path / "b.json",
        report_with_calls([0, 1, 0, 4], [0.9, 0.9, 0.9, 0.85], torch_version="2.13.0"),
    )
    assert main(["diff", a, b]) == 1
    out = capsys.readouterr().out
    assert "packages.torch" in out and "2.13.0" in out
    assert "1/3 reportable differ (2 of 4 changed)" in out
    assert "first cases [3]" in out
    assert main(["diff", a, b, "--max-call-discrepancy", "0.5"]) == 0
    assert main(["diff", a, b, "--max-call-discrepancy", "off"]) == 0
    c = write(tmp_path / "c.json", report_with_calls([0, 1, 0, 3], [0.9, 0.9, 0.9, 0.9]))
    assert main(["diff", a, c]) == 0  # only the unreportable case 2 changed


def test_missing_runs_fail_unless_allowed(tmp_path, capsys):
    a = write(tmp_path / "a.json", report_with_calls([0], [0.9]))
    b = write(tmp_path / "b.json", report_with_calls([0], [0.9], seed=1))
    assert main(["diff", a, b]) == 1
    assert "run only in" in capsys.readouterr().out
    assert main(["diff", a, b, "--allow-missing"]) == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (
            "{not json",
            "not JSON: Expecting property name enclosed in double quotes at line 1, column 2",
        ),
        ("[]", "top level: expected an object, found list"),
        (
            '{"environment": {}, "sweeps": [{"nodeid": "t", "runs": [{"seed": 0, "condition": {}}]}]}',
            "sweeps[0].runs[0]: missing 'metrics'",
        ),
        (
            '{"environment": {}, "sweeps": [{"nodeid": "t", "runs": [{"seed": 0, "condition": {}, "metrics": {},'
            ' "calls": {"calls": [1], "scores": []}}]}]}',
            "sweeps[0].runs[0].calls: expected 'calls' and 'scores'",
        ),
    ],
)
def test_unreadable_reports_exit_2_with_one_line_naming_the_file(
    tmp_path, capsys, content, message
):
    good = write(tmp_path / "good.json", report_with_calls([0], [0.9]))
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content)
    assert main(["diff", good, str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(bad) in err and message in err
    assert bad.exists() == (content is not None)  # nothing created, nothing removed


def test_bad_arguments_exit_2():
    with pytest.raises(SystemExit) as stop:
        main(["diff", "a.json", "b.json", "--tolerance", "f1"])
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        main(["diff", "a.json", "b.json", "--max-call-discrepancy", "1.5"])
    assert stop.value.code == 2


def test_diff_and_the_longitudinal_modules_import_no_heavy_library(tmp_path):
    report = write(tmp_path / "a.json", report_with_calls([0], [0.9]))
    code = (
        "import sys\n"
        "import pytest_mlaudit.longitudinal, pytest_mlaudit.variance, pytest_mlaudit.longitudinal.curvature\n"
        "import pytest_mlaudit.longitudinal.checks, pytest_mlaudit.variance.checks\n"
        "from pytest_mlaudit.longitudinal import Build, longitudinal\n"
        "from pytest_mlaudit import variance_sources\n"
        "@longitudinal(builds=[Build(), Build(threads=2)])\n"
        "def test_x(build): pass\n"
        "@variance_sources(n=2)\n"
        "def test_y(init_seed, data_order_seed, split_seed): pass\n"
        "from pytest_mlaudit.cli import main\n"
        f"code = main(['diff', {report!r}, {report!r}])\n"
        "heavy = sorted(m for m in ('numpy', 'scipy', 'torch') if m in sys.modules)\n"
        "print('HEAVY', heavy, code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "HEAVY [] 0" in out


LONGITUDINAL_TEST = """
import os
import numpy as np
from pytest_mlaudit.longitudinal import Build, longitudinal, longitudinal_run

LABELS = np.random.default_rng(3).integers(0, 3, 100)
CHANGED = int(os.environ.get("MLAUDIT_TEST_CHANGED", "0"))

@longitudinal(builds=[Build("cpu", "fp64", 1, threads=1), Build("cpu", "fp64", 1, threads=2)], tau=0.5, p=0.5)
def test_rebuild(build):
    proba = np.full((100, 3), 0.05)
    proba[np.arange(100), LABELS] = 0.9
    proba[:CHANGED] = np.roll(proba[:CHANGED], 1, axis=1)  # this setting changes the first calls
    return longitudinal_run(LABELS, proba)
"""


def test_longitudinal_reports_from_two_settings_show_call_differences(
    pytester, monkeypatch, capsys
):
    pytester.makepyfile(test_l=LONGITUDINAL_TEST)
    pytester.runpytest(options.FLAG, options.REPORT, "a.json").assert_outcomes(passed=1)
    monkeypatch.setenv("MLAUDIT_TEST_CHANGED", "3")
    pytester.runpytest(
        options.FLAG, options.REPORT, "b.json", options.DETERMINISTIC
    ).assert_outcomes(passed=1)
    a, b = str(pytester.path / "a.json"), str(pytester.path / "b.json")
    assert main(["diff", a, b]) == 1
    out = capsys.readouterr().out
    assert "deterministic.mlaudit_deterministic" in out
    assert "3/100 reportable differ" in out
    assert main(["diff", a, b, "--max-call-discrepancy", "0.05"]) == 0
