"""Ray is optional: the local executors never import it, and without it installed the plugin still
loads and `--mlaudit-executor ray` says how to install it, in one line.

Each case runs in a fresh interpreter (whether Ray was imported is a property of the process).
"""

import subprocess
import sys
import textwrap

SWEEP = """
from pytest_mlaudit import Run, seed_sweep


@seed_sweep(n=4)
def test_sweep(seed):
    import numpy as np

    return Run([0, 1, 1, 0, 1], np.random.random(5))
"""


def _run_python(code, cwd):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
    )


def _pytest_in_a_fresh_process(tmp_path, args, *, block_ray=False):
    (tmp_path / "test_sweep.py").write_text(SWEEP)
    code = f"""
        import sys
        if {block_ray!r}:
            sys.modules["ray"] = None  # as if Ray were not installed: import fails, find_spec is None
        import pytest
        code = pytest.main({args!r} + ["-p", "no:cacheprovider", {str(tmp_path)!r}])
        print("RAY-IMPORTED", "ray" in sys.modules and sys.modules["ray"] is not None, "EXIT", int(code))
    """
    return _run_python(code, tmp_path)


def test_the_ray_executor_module_does_not_import_ray(tmp_path):
    result = _run_python(
        """
        import sys
        import pytest_mlaudit.runner.executors.ray as ray_executor
        print("RAY-IMPORTED", "ray" in sys.modules, ray_executor.unavailable())
        """,
        tmp_path,
    )
    assert "RAY-IMPORTED False None" in result.stdout, result.stdout + result.stderr


def test_a_sweep_on_the_local_pool_never_imports_ray(tmp_path):
    result = _pytest_in_a_fresh_process(tmp_path, ["--mlaudit", "--mlaudit-workers", "2"])
    assert "RAY-IMPORTED False EXIT 0" in result.stdout, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_without_ray_the_plugin_loads_and_local_sweeps_run(tmp_path):
    result = _pytest_in_a_fresh_process(tmp_path, ["--mlaudit"], block_ray=True)
    assert "RAY-IMPORTED False EXIT 0" in result.stdout, result.stdout + result.stderr


def test_an_address_where_nothing_answers_fails_in_seconds_in_one_line(tmp_path):
    # ray.init would retry such an address for many minutes; the executor knocks first.
    result = _run_python(
        """
        import time
        from pytest_mlaudit.runner.executors import ExecutorUnavailable
        from pytest_mlaudit.runner.executors.ray import RayExecutor
        start = time.monotonic()
        try:
            list(RayExecutor(address="127.0.0.1:1").map(print, [{"seed": 0}]))
        except ExecutorUnavailable as exc:
            print("REFUSED", repr(str(exc)), round(time.monotonic() - start))
        """,
        tmp_path,
    )
    assert (
        "REFUSED '--mlaudit-ray-address 127.0.0.1:1: nothing answers at 127.0.0.1:1"
        in result.stdout
    ), result.stdout + result.stderr
    assert int(result.stdout.split()[-1]) < 15


def test_without_ray_asking_for_it_stops_pytest_with_one_line_saying_how_to_install_it(tmp_path):
    result = _pytest_in_a_fresh_process(
        tmp_path, ["--mlaudit", "--mlaudit-executor", "ray"], block_ray=True
    )
    assert "EXIT 4" in result.stdout, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [
        'ERROR: --mlaudit-executor ray needs Ray, which is not installed: pip install "pytest-mlaudit[ray]"'
    ], result.stderr


def test_local_names_the_local_pool(tmp_path):
    result = _pytest_in_a_fresh_process(
        tmp_path, ["--mlaudit", "--mlaudit-executor", "local", "--mlaudit-workers", "2"]
    )
    assert "RAY-IMPORTED False EXIT 0" in result.stdout, result.stdout + result.stderr
    assert "executor process, 2 worker(s)" in result.stdout


def test_a_cluster_address_where_nothing_answers_fails_the_sweep_in_one_line(tmp_path):
    result = _pytest_in_a_fresh_process(
        tmp_path, ["--mlaudit", "--mlaudit-executor", "ray", "--mlaudit-ray-address", "127.0.0.1:1"]
    )
    assert "EXIT 1" in result.stdout, result.stdout + result.stderr
    assert "--mlaudit-ray-address 127.0.0.1:1: nothing answers at 127.0.0.1:1" in result.stdout
    assert "Traceback" not in result.stdout and "raise " not in result.stdout


def test_a_negative_retry_count_is_a_usage_error(tmp_path):
    result = _pytest_in_a_fresh_process(tmp_path, ["--mlaudit", "--mlaudit-retries", "-1"])
    assert "EXIT 4" in result.stdout and "--mlaudit-retries must be >= 0, got -1" in result.stderr
