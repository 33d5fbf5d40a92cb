"""The Ray executor on a local Ray instance (2 CPUs), shared by every test of this module.

Sweeps go through the plugin in-process (pytester) where the plugin matters, and through
`RayExecutor.map` directly where only the executor does (timeouts, resources, what cannot be sent).
"""

import json
import os
import signal
import sys
import threading
import time

import pytest

ray = pytest.importorskip(
    "ray"
)  # the `ray` extra; tests/ray/test_ray_optional.py covers its absence

# Loaded before any in-process pytester run: modules first imported inside one are dropped after it.
import numpy  # noqa: E402,F401
import rich.console  # noqa: E402
import rich.table  # noqa: E402,F401
import scipy.stats  # noqa: E402,F401

from pytest_mlaudit import options  # noqa: E402
from pytest_mlaudit.runner.cells import CellCall  # noqa: E402
from pytest_mlaudit.runner.executors import ExecutorUnavailable  # noqa: E402
from pytest_mlaudit.runner.executors import ray as ray_executor  # noqa: E402
from tests.report.test_progress import TTY_CONFTEST  # noqa: E402
from tests.sweep_project import load_report  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def ray_instance():
    """One local instance for the module (starting Ray takes seconds); the plugin finds it
    initialised, uses it and leaves it running."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


DETERMINISTIC_SWEEP = """
import fake
from pytest_mlaudit import seed_sweep


@seed_sweep(n=8)
def test_sweep(seed):
    return fake.train(fake.labels())
"""


def test_the_same_seeds_give_identical_runs_on_the_local_pool_and_on_ray(project):
    project.makepyfile(test_a=DETERMINISTIC_SWEEP)
    project.runpytest(
        options.FLAG, options.WORKERS, "2", options.REPORT, "local.json"
    ).assert_outcomes(passed=1)
    project.makeconftest(TTY_CONFTEST)  # and the live display, on Ray too
    project.runpytest(
        options.FLAG, options.EXECUTOR, "ray", options.REPORT, "ray.json"
    ).assert_outcomes(passed=1)
    assert "8/8 runs" in (project.path / "terminal.txt").read_text()
    local = load_report(project.path / "local.json")["sweeps"][0]
    on_ray = load_report(project.path / "ray.json")["sweeps"][0]
    assert (local["executor"], on_ray["executor"]) == ("process", "ray")
    assert [run["seed"] for run in on_ray["runs"]] == list(range(8))
    assert all(run["error"] is None for run in local["runs"] + on_ray["runs"])
    # Brier and AUROC of 400 noisy scores are equal only when the scores are.
    assert [run["metrics"] for run in on_ray["runs"]] == [run["metrics"] for run in local["runs"]]
    assert len({json.dumps(run["metrics"]) for run in on_ray["runs"]}) == 8  # the seeds did differ


KILLED_ONCE_SWEEP = """
import os
import fake
from pytest_mlaudit import seed_sweep

MARKER = {marker!r}


@seed_sweep(n=6)
def test_sweep(seed):
    if seed == 2 and not os.path.exists(MARKER):
        open(MARKER, "w").write(str(os.getpid()))
        os._exit(1)  # the worker process dies mid-run, on the first attempt only
    return fake.train(fake.labels())
"""


def test_a_killed_worker_is_retried_and_every_seed_is_reported_once(project):
    marker = project.path / "killed.pid"
    project.makepyfile(test_a=KILLED_ONCE_SWEEP.format(marker=str(marker)))
    result = project.runpytest(options.FLAG, options.EXECUTOR, "ray", options.REPORT, "r.json")
    result.assert_outcomes(passed=1)
    assert marker.exists()  # the first attempt really died
    runs = load_report(project.path / "r.json")["sweeps"][0]["runs"]
    assert [run["seed"] for run in runs] == list(range(6))
    assert all(run["error"] is None for run in runs)


def _cells(count):
    return [{"seed": seed} for seed in range(count)]


def _die_on_seed_one(seed):
    if seed == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return {"y_true": [0, 1, 1, 0], "y_score": [0.1, 0.9, 0.8, 0.3]}


def test_a_worker_lost_on_every_attempt_is_an_error_naming_the_cause():
    executor = ray_executor.RayExecutor(retries=1)
    results = {r.seed: r for r in executor.map(CellCall(_die_on_seed_one, {}), _cells(3))}
    assert sorted(results) == [0, 1, 2]
    assert results[0].ok and results[2].ok
    assert (
        results[1].error.startswith("WorkerDied:")
        and "WorkerCrashedError after 1 retry" in results[1].error
    )


def _fail_on_some_seeds(seed, log):
    with open(log, "a") as handle:
        handle.write(f"{seed}\n")
    if seed == 1:
        raise ValueError("a bug in the training")
    if seed == 2:
        sys.exit(3)
    if seed == 3:
        return {
            "y_true": [0, 1],
            "y_score": [0.2, 0.7],
            "extra": threading.Lock(),
        }  # cannot travel back
    return {"y_true": [0, 1, 1, 0], "y_score": [0.1, 0.9, 0.8, 0.3]}


def test_what_goes_wrong_inside_a_run_is_its_error_and_is_not_retried(tmp_path):
    log = tmp_path / "calls.log"
    executor = ray_executor.RayExecutor(retries=3)
    results = {
        r.seed: r for r in executor.map(CellCall(_fail_on_some_seeds, {"log": str(log)}), _cells(5))
    }
    assert results[1].error.startswith("ValueError: a bug in the training")
    assert results[2].error.startswith(
        "SystemExit"
    )  # a run ending the worker is an error, not a crash to retry
    assert (
        results[3].error.startswith("RayTaskError: the Ray task could not run this cell")
        and "pickle" in results[3].error
    )
    assert results[0].ok and results[4].ok
    assert sorted(log.read_text().split()) == ["0", "1", "2", "3", "4"]  # each ran once


def _sleep_then_write(seed, folder):
    time.sleep(3)
    open(os.path.join(folder, str(seed)), "w").close()
    return {"y_true": [0, 1, 1, 0], "y_score": [0.1, 0.9, 0.8, 0.3]}


def test_closing_the_stream_as_the_runner_does_on_ctrl_c_kills_the_runs_in_flight(tmp_path):
    stream = ray_executor.RayExecutor().map(
        CellCall(_sleep_then_write, {"folder": str(tmp_path)}), _cells(4)
    )
    first = next(stream)  # two runs were in flight, two queued; one finished
    stream.close()
    time.sleep(
        4
    )  # longer than a run: whatever was still running would have written its file by now
    assert first.ok
    assert (
        len(list(tmp_path.iterdir())) <= 2
    )  # the first, and at most the one finishing alongside it


def _slow_on_some_seeds(seed):
    if seed == 1:
        time.sleep(60)  # Python code: the alarm inside the task stops it
    if seed == 2:
        signal.signal(
            signal.SIGALRM, signal.SIG_IGN
        )  # as a run stuck in C code: only a kill stops it
        time.sleep(60)
    return {"y_true": [0, 1, 1, 0], "y_score": [0.1, 0.9, 0.8, 0.3]}


def test_runs_over_the_timeout_are_stopped_and_reported_and_the_sweep_goes_on():
    executor = ray_executor.RayExecutor(hard_stop_grace=2.0)
    start = time.monotonic()
    results = {
        r.seed: r for r in executor.map(CellCall(_slow_on_some_seeds, {}), _cells(4), timeout=3.0)
    }
    elapsed = time.monotonic() - start
    assert sorted(results) == [0, 1, 2, 3]
    assert results[0].ok and results[3].ok
    assert results[1].error.startswith("Timeout") and results[2].error.startswith("Timeout")
    assert elapsed < 40, elapsed  # nobody waited for the 60 s sleeps


def _busy_without_alarm(seed):
    signal.signal(signal.SIGALRM, signal.SIG_IGN)  # only the driver's deadline could stop this run
    time.sleep(1.5)
    return {"y_true": [0, 1, 1, 0], "y_score": [0.1, 0.9, 0.8, 0.3]}


def test_time_waiting_for_a_free_slot_does_not_count_toward_the_timeout():
    @ray.remote(num_cpus=2)
    def another_job():
        time.sleep(8)

    blocker = (
        another_job.remote()
    )  # holds both CPUs: the sweep's runs wait about 8 s in Ray's queue
    executor = ray_executor.RayExecutor(hard_stop_grace=0.5)
    # 1.5 s of running against a 6 s limit: room for a worker's start on a loaded machine, while
    # the 8 s in the queue alone would exceed it if it counted
    results = list(executor.map(CellCall(_busy_without_alarm, {}), _cells(2), timeout=6.0))
    ray.get(blocker)
    assert [r.error for r in results] == [None, None]  # 8 s queued + 1.5 s run, yet not over 6 s


def _record_interval(seed, folder):
    start = time.time()
    time.sleep(0.5)
    with open(os.path.join(folder, f"{seed}.json"), "w") as handle:
        json.dump([start, time.time()], handle)
    return {"y_true": [0, 1, 1, 0], "y_score": [0.1, 0.9, 0.8, 0.3]}


def test_resources_reach_the_scheduler_a_two_cpu_run_has_the_instance_alone(tmp_path):
    executor = ray_executor.RayExecutor(resources={"num_cpus": 2})
    assert executor.task_options() == {
        "num_cpus": 2,
        "max_retries": 3,
        "retry_exceptions": False,
        "num_returns": "streaming",
    }
    results = list(executor.map(CellCall(_record_interval, {"folder": str(tmp_path)}), _cells(4)))
    assert all(r.ok for r in results)
    intervals = sorted(json.loads(path.read_text()) for path in tmp_path.glob("*.json"))
    assert len(intervals) == 4
    assert all(later[0] >= earlier[1] for earlier, later in zip(intervals, intervals[1:]))


def test_resources_no_node_has_are_refused_at_once_in_one_line():
    executor = ray_executor.RayExecutor(resources={"num_gpus": 0.25})
    start = time.monotonic()
    with pytest.raises(ExecutorUnavailable) as raised:
        list(executor.map(CellCall(_record_interval, {"folder": "."}), _cells(2)))
    message = str(raised.value)
    assert "GPU=0.25" in message and "cluster has 0" in message and "\n" not in message
    assert time.monotonic() - start < 10


def test_a_test_whose_fixtures_cannot_be_pickled_is_refused_naming_it():
    with pytest.raises(ExecutorUnavailable) as raised:
        list(
            ray_executor.RayExecutor().map(
                CellCall(_record_interval, {"folder": threading.Lock()}), _cells(1)
            )
        )
    message = str(raised.value)
    assert "_record_interval" in message and "cloudpickle" in message and "\n" not in message


def test_fixtures_are_sent_once_per_sweep_and_kept_by_each_worker(monkeypatch):
    puts = []
    real_put = ray.put
    monkeypatch.setattr(ray, "put", lambda value: puts.append(value) or real_put(value))
    results = list(
        ray_executor.RayExecutor().map(
            CellCall(_die_on_seed_one, {}), [{"seed": s} for s in (0, 2, 3, 4, 5)]
        )
    )
    assert len(puts) == 1 and all(r.ok for r in results)


SLOW_SWEEP = """
import os, time
import fake
from pytest_mlaudit import seed_sweep

KILL_AT = {kill_at!r}
CALLS = {calls!r}  # absolute: a Ray worker's working directory is not the test's


@seed_sweep(n=6)
def test_sweep(seed):
    with open(CALLS, "a") as handle:
        handle.write(f"{{seed}} {{os.getpid()}}\\n")
    if seed == 3 and os.path.exists(KILL_AT):
        os.remove(KILL_AT)
        os.kill(os.getpid(), 9)  # the local (serial) sweep dies here, pytest and all
    return fake.train(fake.labels())
"""


def test_a_sweep_killed_on_the_local_executor_resumes_on_ray_losing_and_repeating_nothing(project):
    kill_at = project.path / "kill.flag"
    kill_at.write_text("")
    project.makepyfile(
        test_a=SLOW_SWEEP.format(kill_at=str(kill_at), calls=str(project.path / "calls.log"))
    )
    first = project.runpytest_subprocess(options.FLAG)
    assert first.ret == -signal.SIGKILL
    first_pids = {line.split()[1] for line in (project.path / "calls.log").read_text().splitlines()}
    assert len(first_pids) == 1  # seeds 0-3 ran in the pytest process that died

    project.runpytest(
        options.FLAG, options.EXECUTOR, "ray", options.RESUME, options.REPORT, "r.json"
    ).assert_outcomes(passed=1)
    runs = load_report(project.path / "r.json")["sweeps"][0]["runs"]
    assert [run["seed"] for run in runs] == list(range(6))
    assert [run["resumed"] for run in runs] == [True] * 3 + [False] * 3
    calls = [line.split() for line in (project.path / "calls.log").read_text().splitlines()]
    assert [int(seed) for seed, _ in calls[:4]] == [0, 1, 2, 3]
    assert sorted(int(seed) for seed, pid in calls[4:]) == [
        3,
        4,
        5,
    ]  # only the missing seeds, once each
    assert not first_pids & {pid for _, pid in calls[4:]}  # and on Ray's workers

    fresh = project.runpytest(options.FLAG, options.REPORT, "fresh.json")
    fresh.assert_outcomes(passed=1)
    assert [
        r["metrics"] for r in load_report(project.path / "fresh.json")["sweeps"][0]["runs"]
    ] == [r["metrics"] for r in runs]


GPU_SWEEP = """
import fake
from pytest_mlaudit import seed_sweep


@seed_sweep(n=2, resources={"num_gpus": 0.25})
def test_sweep(seed):
    return fake.train(fake.labels())
"""


def test_a_sweep_needing_gpus_on_a_cpu_only_cluster_fails_at_once_in_one_line(project):
    project.makepyfile(test_a=GPU_SWEEP)
    start = time.monotonic()
    result = project.runpytest(options.FLAG, options.EXECUTOR, "ray")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*resources: each run needs GPU=0.25 but the Ray cluster has 0 (cluster: CPU=2*"]
    )
    assert "Traceback" not in result.stdout.str() and "raise " not in result.stdout.str()
    assert time.monotonic() - start < 30


ALWAYS_DIES_SWEEP = """
import os
import fake
from pytest_mlaudit import seed_sweep


@seed_sweep(n=3, allow_errors=1)
def test_sweep(seed):
    if seed == 1:
        os._exit(1)
    return fake.train(fake.labels())
"""


def test_the_retries_option_reaches_ray(project):
    project.makepyfile(test_a=ALWAYS_DIES_SWEEP)
    project.runpytest(
        options.FLAG, options.EXECUTOR, "ray", options.RETRIES, "0", options.REPORT, "r.json"
    ).assert_outcomes(passed=1)
    report = load_report(project.path / "r.json")
    runs = report["sweeps"][0]["runs"]
    assert [run["seed"] for run in runs] == [0, 1, 2]
    assert "WorkerCrashedError after 0 retries" in runs[1]["error"] and runs[0]["error"] is None
    assert report["options"]["retries"] == 0
