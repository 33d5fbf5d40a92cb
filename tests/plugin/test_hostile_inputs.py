"""Bad and hostile inputs to the plugin (issue 14): each is one line naming what is wrong, nothing
the user had is lost, and no sweep passes on data that cannot be judged."""

import json
import os
from pathlib import Path

import pytest

from pytest_mlaudit import options
from pytest_mlaudit.report.file import path_problem

SWEEP = """
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep(n=3, trivial_baseline="off")
def test_sweep(seed):
    return fake.train(fake.labels())
"""


# -- decorators used without parentheses, and counts that would exhaust memory -----------------
def test_bare_seed_sweep_works_like_seed_sweep_with_no_arguments(project, load_report):
    project.makepyfile(
        test_a="""
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep
def test_bare(seed):
    return fake.train(fake.labels())
"""
    )
    project.runpytest(options.FLAG, options.SEEDS, "3", options.REPORT, "r.json").assert_outcomes(
        passed=1
    )
    (sweep,) = load_report(project.path / "r.json")["sweeps"]
    assert [run["seed"] for run in sweep["runs"]] == [0, 1, 2]


@pytest.mark.parametrize(
    "decorator, how",
    [
        ("cross_precision", "@cross_precision('fp32', 'bf16', ...)"),
        ("counterfactual_noise", "@counterfactual_noise(column, ...)"),
        ("longitudinal", "@longitudinal(builds=[...], ...)"),
    ],
)
def test_a_bare_decorator_that_needs_arguments_says_how_to_call_it(project, decorator, how):
    project.makepyfile(
        test_a=f"""
from pytest_mlaudit import {decorator}

@{decorator}
def test_bare(seed):
    pass
"""
    )
    result = project.runpytest(options.FLAG)
    assert result.ret == pytest.ExitCode.INTERRUPTED  # a collection error, as pytest's own
    assert f"test_bare: {decorator}: needs arguments: write {how}" in result.stdout.str()
    assert "fixture" not in result.stdout.str()


@pytest.mark.parametrize(
    "arguments, message",
    [
        ("n=10**12", "n must be an integer <= 100,000 (seeds per condition), got 1000000000000"),
        ("seeds=range(200_000)", "seeds must list at most 100,000 seeds, got 200,000"),
    ],
)
def test_seed_counts_are_bounded_with_one_line(project, arguments, message):
    project.makepyfile(
        test_a=f"""
from pytest_mlaudit import seed_sweep

@seed_sweep({arguments})
def test_sweep(seed):
    pass
"""
    )
    result = project.runpytest(options.FLAG)
    result.stdout.fnmatch_lines([f"*seed_sweep: {message}*"])
    assert "MemoryError" not in result.stdout.str()


def test_a_grid_too_large_to_list_is_a_collection_error(project):
    project.makepyfile(
        test_a="""
from pytest_mlaudit import Axis, extend_sweep, seed_sweep

def wide(function):
    return extend_sweep(function, decorator="wide", axis=Axis("width", range(50_000)))

@wide
@seed_sweep(n=100_000)
def test_sweep(seed, width):
    pass
"""
    )
    result = project.runpytest(options.FLAG)
    result.stdout.fnmatch_lines(["*the grid has 5,000,000,000 cells; at most 1,000,000*"])


def test_the_seeds_option_is_bounded(project):
    project.makepyfile(test_a=SWEEP)
    result = project.runpytest(options.FLAG, options.SEEDS, str(10**12))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{options.SEEDS} must be <= 100,000*"])


def test_local_workers_beyond_the_cpus_are_capped_and_the_header_says_so(project, load_report):
    project.makepyfile(test_a=SWEEP)
    cpus = len(os.sched_getaffinity(0))
    result = project.runpytest(options.FLAG, options.WORKERS, "100000", options.REPORT, "r.json")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            f"*executor *, {cpus} worker(s)*",
            f"mlaudit: {options.WORKERS} 100000 capped at {cpus}, the CPUs this process may use",
        ]
    )
    assert len(load_report(project.path / "r.json")["sweeps"][0]["runs"]) > 0


# -- scores that are not probabilities ---------------------------------------------------------
def test_scores_outside_the_unit_interval_are_a_run_error(project, load_report):
    project.makepyfile(
        test_a="""
import numpy as np
import fake
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=2, trivial_baseline="off")
def test_sweep(seed):
    run = fake.train(fake.labels())
    return Run(run.y_true, np.where(run.y_true == 1, 5.0, 0.0))
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=1)
    runs = load_report(project.path / "r.json")["sweeps"][0]["runs"]
    assert all("y_score must be probabilities in [0, 1]" in run["error"] for run in runs)
    assert all(run["metrics"] is None for run in runs)


def test_infinite_scores_are_a_collapse_never_a_clean_run(project, load_report):
    project.makepyfile(
        test_a="""
import numpy as np
import fake
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=2, max_collapse_rate=0.0, trivial_baseline="off")
def test_sweep(seed):
    run = fake.train(fake.labels())
    return Run(run.y_true, np.where(run.y_true == 1, np.inf, 0.0))
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=1)
    runs = load_report(project.path / "r.json")["sweeps"][0]["runs"]
    assert all(run["collapsed"] and "NaN/Inf in y_score" in run["collapse_reasons"] for run in runs)


# -- the resume store --------------------------------------------------------------------------
def _store(project):
    (store,) = (project.path / ".pytest_cache" / "d" / "mlaudit").glob("*.jsonl")
    return store


CORRUPTIONS = {
    "not JSON": lambda line: "{not json",
    "a JSON list": lambda line: "[1, 2]",
    "no key": lambda line: json.dumps({k: v for k, v in json.loads(line).items() if k != "key"}),
    "key not a string": lambda line: json.dumps({**json.loads(line), "key": 7}),
    "metrics not an object": lambda line: json.dumps({**json.loads(line), "metrics": [1]}),
    "metric not a number": lambda line: json.dumps({**json.loads(line), "metrics": {"f1": "high"}}),
    "collapsed not a bool": lambda line: json.dumps({**json.loads(line), "collapsed": "no"}),
    "seconds not a number": lambda line: json.dumps({**json.loads(line), "seconds": "x"}),
    "run not an object": lambda line: json.dumps({**json.loads(line), "run": 3}),
    "bad base64": lambda line: json.dumps(
        {
            **json.loads(line),
            "run": {**json.loads(line)["run"], "y_score": {"dtype": "float64", "base64": "%%"}},
        }
    ),
    "bad dtype": lambda line: json.dumps(
        {
            **json.loads(line),
            "run": {**json.loads(line)["run"], "y_true": {"dtype": "no-such", "base64": ""}},
        }
    ),
    "deep JSON": lambda line: "[" * 100_000 + "]" * 100_000,
    "not UTF-8": lambda line: "\udcff",
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_corrupt_resume_line_is_one_line_and_the_rest_is_used(project, corruption):
    project.makepyfile(test_a=SWEEP)
    project.runpytest(options.FLAG).assert_outcomes(passed=1)
    store = _store(project)
    lines = store.read_text().splitlines()
    assert len(lines) == 3
    lines[1] = CORRUPTIONS[corruption](lines[1])
    store.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogateescape"))
    result = project.runpytest(options.FLAG, options.RESUME, "-W", "always")
    result.assert_outcomes(passed=1)
    output = result.stdout.str()
    assert "Traceback" not in output
    warnings = [line for line in output.splitlines() if "unusable line" in line]
    assert len(warnings) == 1, output
    assert f"{store}: line 2:" in warnings[0] and "2 runs resumed, 1 runs again" in warnings[0]
    # the store is rewritten without the bad line: the next resume has nothing to complain about
    again = project.runpytest(options.FLAG, options.RESUME, "-W", "always")
    again.assert_outcomes(passed=1)
    assert "unusable line" not in again.stdout.str()


# -- the report file ---------------------------------------------------------------------------
def test_an_earlier_report_is_kept_unless_overwrite_is_asked(project, load_report):
    project.makepyfile(test_a=SWEEP)
    project.runpytest(options.FLAG, options.REPORT, "r.json").assert_outcomes(passed=1)
    first = (project.path / "r.json").read_text()
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"*{options.REPORT} r.json: an mlaudit report is there already*{options.REPORT_OVERWRITE}*"
        ]
    )
    assert (project.path / "r.json").read_text() == first
    project.runpytest(
        options.FLAG, options.REPORT, "r.json", options.REPORT_OVERWRITE
    ).assert_outcomes(passed=1)
    assert load_report(project.path / "r.json")["sweeps"]


def test_an_unwritable_report_folder_is_a_usage_error_before_any_run(project, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.geteuid() == 0:
        # Root writes through any mode bits (CI runs as root); a process's /proc folder refuses
        # even root, so the same check still meets a folder it may not write in.
        folder = Path("/proc/1")
    try:
        problem = path_problem(str(folder / "r.json"))
        assert problem is not None and "cannot write" in problem and str(folder) in problem
    finally:
        (tmp_path / "locked").chmod(0o700)


def test_a_sidecar_file_obeys_the_same_rule(project):
    project.makeconftest(
        """
def pytest_mlaudit_sidecars(config):
    return [config.getoption("mlaudit_report") + ".md"]
"""
    )
    project.makepyfile(test_a=SWEEP)
    notes = project.path / "r.json.md"
    notes.write_text("my notes")
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*r.json.md: a file is there already*"])
    assert notes.read_text() == "my notes" and not (project.path / "r.json").exists()


# -- mlaudit diff ------------------------------------------------------------------------------
def _good(tmp_path):
    path = tmp_path / "good.json"
    path.write_text(json.dumps({"environment": {}, "sweeps": []}))
    return str(path)


UNUSABLE = {
    "100,000-deep JSON": lambda path: path.write_text("[" * 100_000 + "]" * 100_000),
    "deep environment": lambda path: path.write_text(
        '{"sweeps": [], "environment": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}"
    ),
    "a directory": lambda path: path.mkdir(),
    "binary": lambda path: path.write_bytes(b"\x00\xff\xfe" * 100),
    "an unknown schema": lambda path: path.write_text(
        '{"schema": "mlaudit-report/99", "environment": {}, "sweeps": []}'
    ),
    "runs not a list": lambda path: path.write_text(
        '{"environment": {}, "sweeps": [{"nodeid": "t", "runs": 5}]}'
    ),
    "an unhashable seed": lambda path: path.write_text(
        '{"environment": {}, "sweeps": [{"nodeid": "t", "runs": [{"seed": {}, "condition": 3,'
        ' "metrics": {"f1": "x"}}]}]}'
    ),
}


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
def test_every_unusable_diff_input_exits_2_with_one_line(tmp_path, capsys, kind):
    from pytest_mlaudit.cli import main

    bad = tmp_path / "bad.json"
    UNUSABLE[kind](bad)
    code = main(["diff", _good(tmp_path), str(bad)])
    captured = capsys.readouterr()
    if kind == "an unhashable seed":  # odd but readable: compared, not a crash
        assert code in (0, 1) and "Traceback" not in captured.err
        return
    assert code == 2
    assert len(captured.err.strip().splitlines()) == 1 and str(bad) in captured.err


def test_a_fifo_is_refused_without_opening_it(tmp_path, capsys):
    import os

    from pytest_mlaudit.cli import main

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert main(["diff", _good(tmp_path), str(fifo)]) == 2  # would block forever if opened
    assert "not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "arguments, message",
    [
        ([], "the following arguments are required: command"),
        (["diff", "a.json"], "the following arguments are required: report_b"),
        (["diff", "a.json", "b.json", "--tolerance", "f1"], "argument --tolerance"),
        (["bogus"], "invalid choice: 'bogus'"),
    ],
)
def test_a_bad_command_line_is_one_line_not_the_usage_block(capsys, arguments, message):
    from pytest_mlaudit.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(arguments)
    captured = capsys.readouterr()
    assert stopped.value.code == 2 and captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and message in lines[0], captured.err
    assert lines[0].startswith("mlaudit") and lines[0].endswith("--help)")
