"""A run that raises, returns NaN, kills its worker or overruns is recorded and the sweep goes on;
Ctrl-C writes the partial report; --mlaudit-resume after a kill loses and duplicates nothing."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from pytest_mlaudit import options


def _runs_by_seed(path):
    with open(path, encoding="utf-8") as handle:
        return {run["seed"]: run for run in json.load(handle)["sweeps"][0]["runs"]}


def test_a_run_that_raises_is_an_error_not_a_collapse_and_the_sweep_goes_on(project, load_report):
    project.makepyfile(
        test_a="""
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep(n=5, allow_errors=2)
def test_one_error_allowed(seed):
    if seed == 2:
        raise ValueError("boom at seed 2")
    if seed == 3:
        raise SystemExit(4)  # a run calling sys.exit is an error of that run, not of pytest
    return fake.train(fake.labels())

@seed_sweep(n=5)
def test_no_error_allowed(seed):
    if seed == 2:
        raise ValueError("boom at seed 2")
    return fake.train(fake.labels())
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(passed=1, failed=1)
    allowed, strict = load_report(project.path / "r.json")["sweeps"]
    for sweep in (allowed, strict):
        runs = {run["seed"]: run for run in sweep["runs"]}
        assert sorted(runs) == [0, 1, 2, 3, 4]
        assert runs[2]["error"].startswith("ValueError: boom at seed 2 (test_a.py:")
        assert runs[2]["collapsed"] is False and runs[2]["metrics"] is None
        assert all(runs[s]["error"] is None for s in (0, 1, 4))
    assert {run["seed"]: run for run in allowed["runs"]}[3]["error"].startswith("SystemExit: 4")
    result.stdout.fnmatch_lines(
        [
            "*FAILED errors*",
            "*1 of 5 runs raised (allowed: 0); seeds 2; first error*ValueError: boom at seed 2*",
            "*debug one run with test_no_error_allowed.__wrapped__(seed=2, <fixtures>)*",
        ]
    )


def test_nan_scores_are_a_collapse_and_the_sweep_goes_on(project):
    project.makepyfile(
        test_a="""
import numpy as np
import fake
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=4, max_collapse_rate=0.0)
def test_nan(seed):
    run = fake.train(fake.labels())
    if seed == 1:
        return Run(run.y_true, np.full(run.y_true.size, np.nan))
    return run
"""
    )
    result = project.runpytest(options.FLAG, options.REPORT, "r.json")
    result.assert_outcomes(failed=1)
    runs = _runs_by_seed(project.path / "r.json")
    assert runs[1]["collapsed"] is True and runs[1]["error"] is None
    assert runs[1]["metrics"]["auroc"] is None and runs[1]["metrics"]["f1"] == 0.0
    assert "NaN/Inf in y_score" in runs[1]["collapse_reasons"] and runs[0]["collapse_reasons"] == []
    assert [runs[s]["collapsed"] for s in (0, 2, 3)] == [False, False, False]
    result.stdout.fnmatch_lines(
        [
            "*1/4 runs collapsed*collapsed seeds 1*",
            "*Runs that raised or collapsed (1 of 4):*",
            "*- seed 1: collapsed: *NaN/Inf in y_score*",
        ]
    )


def test_a_run_that_kills_its_worker_is_recorded_and_the_pool_goes_on(project):
    project.makepyfile(
        test_a="""
import os, signal
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep(n=6, allow_errors=2)
def test_deaths(seed):
    if seed == 1:
        os._exit(3)
    if seed == 4:
        os.kill(os.getpid(), signal.SIGKILL)
    return fake.train(fake.labels())
"""
    )
    result = project.runpytest(options.FLAG, options.WORKERS, "2", options.REPORT, "r.json")
    result.assert_outcomes(passed=1)
    runs = _runs_by_seed(project.path / "r.json")
    assert sorted(runs) == list(range(6))
    assert "WorkerDied" in runs[1]["error"] and "exit code 3" in runs[1]["error"]
    assert "WorkerDied" in runs[4]["error"] and "SIGKILL" in runs[4]["error"]
    assert all(runs[s]["error"] is None and runs[s]["metrics"] for s in (0, 2, 3, 5))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_run_over_the_timeout_is_stopped_and_recorded(project, workers):
    project.makepyfile(
        test_a="""
import time
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep(n=4, timeout=0.5, allow_errors=1)
def test_slow(seed):
    if seed == 2:
        try:
            time.sleep(30)
        except Exception:  # a test's own broad except must not swallow the timeout
            pass
    return fake.train(fake.labels())
"""
    )
    started = time.monotonic()
    result = project.runpytest(options.FLAG, options.WORKERS, workers, options.REPORT, "r.json")
    assert time.monotonic() - started < 20
    result.assert_outcomes(passed=1)
    runs = _runs_by_seed(project.path / "r.json")
    assert runs[2]["error"].startswith("Timeout: the run exceeded timeout=0.5s")
    assert all(runs[s]["error"] is None for s in (0, 1, 3))


SLOW_SWEEP = """
import os, time
import fake
from pytest_mlaudit import seed_sweep

@seed_sweep(n=8)
def test_slow_sweep(seed):
    with open("calls.log", "a") as log:
        log.write(f"{seed}\\n")
    time.sleep(0.4)
    return fake.train(fake.labels())
"""


def _start_pytest(path, *arguments):
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "-q", *arguments],
        cwd=path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(path)},
        # Ctrl-C as in a terminal: a runner started in the background inherits SIGINT
        # ignored, and Python then installs no KeyboardInterrupt handler at all.
        preexec_fn=_sigint_as_in_a_terminal,
    )


def _sigint_as_in_a_terminal():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_calls(path, count, process, limit=60.0):
    log = path / "calls.log"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if log.exists() and len(log.read_text().split()) >= count:
            return
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode())
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the sweep did not start in time")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_writes_the_partial_report(pytester, workers, load_report, fake_training):
    pytester.makepyfile(fake=fake_training, test_a=SLOW_SWEEP)
    process = _start_pytest(
        pytester.path, options.FLAG, options.WORKERS, workers, options.REPORT, "r.json"
    )
    _wait_for_calls(pytester.path, 4, process)
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=60)[0].decode()
    assert "KeyboardInterrupt" in output
    report = load_report(pytester.path / "r.json")
    assert report["interrupted"] is True
    sweep = report["sweeps"][0]
    assert sweep["interrupted"] is True and sweep["checks"] == []
    seeds = [run["seed"] for run in sweep["runs"]]
    assert 2 <= len(seeds) < 8 and len(set(seeds)) == len(seeds)


def test_resume_after_a_kill_loses_and_duplicates_nothing(pytester, load_report, fake_training):
    pytester.makepyfile(fake=fake_training, test_a=SLOW_SWEEP)
    first = _start_pytest(pytester.path, options.FLAG)
    _wait_for_calls(pytester.path, 4, first)
    first.kill()  # SIGKILL: no cleanup, no report, mid-run
    first.communicate(timeout=30)
    called_first = [int(s) for s in (pytester.path / "calls.log").read_text().split()]
    (pytester.path / "calls.log").unlink()

    second = _start_pytest(
        pytester.path, options.FLAG, options.RESUME, options.REPORT, "resumed.json"
    )
    output = second.communicate(timeout=120)[0].decode()
    assert second.returncode == 0, output
    called_second = [int(s) for s in (pytester.path / "calls.log").read_text().split()]
    runs = load_report(pytester.path / "resumed.json")["sweeps"][0]["runs"]
    seeds = [run["seed"] for run in runs]
    assert seeds == list(range(8))  # nothing lost, nothing twice
    resumed = {run["seed"] for run in runs if run["resumed"]}
    assert resumed and resumed <= set(called_first)
    assert set(called_second) == set(range(8)) - resumed  # completed runs are not re-run
    assert len(called_second) == len(set(called_second))

    # resumed results are the results a fresh sweep gives
    fresh = _start_pytest(pytester.path, options.FLAG, options.REPORT, "fresh.json")
    fresh.communicate(timeout=120)
    fresh_runs = load_report(pytester.path / "fresh.json")["sweeps"][0]["runs"]
    assert [r["metrics"] for r in fresh_runs] == [r["metrics"] for r in runs]
    assert not any(r["resumed"] for r in fresh_runs)  # without --mlaudit-resume it starts afresh


def test_changing_the_test_module_starts_the_resume_store_afresh(project, load_report):
    project.makepyfile(test_a=SLOW_SWEEP.replace("n=8", "n=2").replace("time.sleep(0.4)", "pass"))
    project.runpytest(options.FLAG).assert_outcomes(passed=1)
    project.runpytest(options.FLAG, options.RESUME, options.REPORT, "same.json").assert_outcomes(
        passed=1
    )
    assert all(
        run["resumed"] for run in load_report(project.path / "same.json")["sweeps"][0]["runs"]
    )
    with open(project.path / "test_a.py", "a") as handle:
        handle.write("\n# an edit\n")
    project.runpytest(options.FLAG, options.RESUME, options.REPORT, "edited.json").assert_outcomes(
        passed=1
    )
    assert not any(
        run["resumed"] for run in load_report(project.path / "edited.json")["sweeps"][0]["runs"]
    )


def test_the_serial_timeout_keeps_another_sigalrm_timer_running():
    from pytest_mlaudit.core.spec import CellResult
    from pytest_mlaudit.runner.executors.serial import SerialExecutor

    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)  # e.g. pytest-timeout's whole-test timer
        results = list(
            SerialExecutor().map(
                lambda cell: CellResult(cell=cell), [{"seed": 0}, {"seed": 1}], timeout=5.0
            )
        )
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert len(results) == 2 and 25.0 < left <= 30.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
