"""Every run is seeded from its cell's seed only: same seeds, same results, whoever runs them."""

import random

import numpy as np
import pytest

from pytest_mlaudit import options
from pytest_mlaudit.runner import seeding

TORCH_SWEEP = """
import random
import numpy as np
import torch
import fake
from pytest_mlaudit import Run, seed_sweep

@seed_sweep(n=6)
def test_all_rngs(seed):
    y = fake.labels()
    # every RNG the plugin promises to seed contributes to the scores
    noise = np.random.normal(0, 0.2, y.size) + torch.rand(y.size).numpy() * 0.2 + random.random() * 0.1
    return Run(y, np.clip(0.2 + 0.5 * y + noise, 0, 1))
"""


def test_seed_everything_makes_every_rng_repeat():
    torch = pytest.importorskip("torch")
    draws = []
    for _ in range(2):
        seeding.seed_everything(123)
        draws.append((random.random(), float(np.random.random()), float(torch.rand(1))))
    assert draws[0] == draws[1]
    seeding.seed_everything(124)
    assert (random.random(), float(np.random.random()), float(torch.rand(1))) != draws[0]


def test_serial_and_worker_runs_give_identical_results(project, load_report):
    pytest.importorskip("torch")
    project.makepyfile(test_a=TORCH_SWEEP)
    project.runpytest(options.FLAG, options.REPORT, "serial.json").assert_outcomes(passed=1)
    project.runpytest(
        options.FLAG, options.WORKERS, "2", options.REPORT, "workers.json"
    ).assert_outcomes(passed=1)
    serial = load_report(project.path / "serial.json")["sweeps"][0]
    workers = load_report(project.path / "workers.json")["sweeps"][0]
    assert workers["executor"] == "process" and serial["executor"] == "serial"
    assert [r["metrics"] for r in serial["runs"]] == [r["metrics"] for r in workers["runs"]]
    # and different seeds do give different runs, so the comparison above means something
    assert len({r["metrics"]["brier"] for r in serial["runs"]}) == 6


def test_torch_imported_inside_the_run_is_still_seeded_and_deterministic_mode_is_reported(
    project, load_report
):
    pytest.importorskip("torch")
    project.makepyfile(
        test_top=TORCH_SWEEP,
        test_inside=TORCH_SWEEP.replace("import torch\n", "").replace(
            "    y = fake.labels()", "    import torch\n    y = fake.labels()"
        ),
    )
    # fresh interpreters, so that in one of them torch is first imported inside the first run
    project.runpytest_subprocess(
        options.FLAG, "test_inside.py", options.REPORT, "inside.json"
    ).assert_outcomes(passed=1)
    # (a subprocess also because --mlaudit-deterministic changes torch's global state)
    project.runpytest_subprocess(
        options.FLAG, options.DETERMINISTIC, "test_top.py", options.REPORT, "top.json"
    ).assert_outcomes(passed=1)
    inside = load_report(project.path / "inside.json")["sweeps"][0]["runs"]
    top_report = load_report(project.path / "top.json")
    top = top_report["sweeps"][0]["runs"]
    assert [r["metrics"] for r in inside] == [r["metrics"] for r in top]

    environment = top_report["environment"]
    assert environment["deterministic"]["mlaudit_deterministic"] is True
    assert environment["deterministic"]["torch_deterministic_algorithms"] is True
    assert environment["packages"]["torch"]
    assert environment["gpu"] is not None and "cuda_available" in environment["gpu"]
    assert "CUBLAS_WORKSPACE_CONFIG" in environment["variables_set"]
    assert (
        load_report(project.path / "inside.json")["environment"]["deterministic"][
            "torch_deterministic_algorithms"
        ]
        is False
    )
