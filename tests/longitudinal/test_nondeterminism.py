"""Same-build repeatability against a real nondeterministic op: threaded float accumulation."""

import json
import os

import pytest
import torch

from pytest_mlaudit import options


def repeatability(project):
    sweep = json.loads((project.path / "r.json").read_text())["sweeps"][0]
    (check,) = [c for c in sweep["checks"] if c["name"] == "same-build repeatability"]
    return check


def run(project, source, *args):
    project.makepyfile(test_l=source)
    # a test may run twice in one folder: the report of the first run is replaced on purpose
    return project.runpytest(
        options.FLAG, options.REPORT, "r.json", options.REPORT_OVERWRITE, *args
    )


AGGREGATING = """
import torch
import tiny
from pytest_mlaudit.longitudinal import Build, longitudinal

@longitudinal(builds=[Build("cpu", "fp32", 8, threads=2)], tau=0.5, p=0.5)
def test_rebuild(build):
    return tiny.train(build, aggregate=True, epochs=1)
"""


@pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="threads only race on a machine with two or more CPUs"
)
def test_a_threaded_accumulation_is_caught_unless_deterministic_mode_is_on(project):
    torch.use_deterministic_algorithms(False)
    result = run(project, AGGREGATING)
    result.assert_outcomes(failed=1)
    repeat = repeatability(project)
    assert not repeat["passed"] and "parameters differ first at index" in repeat["detail"]
    assert "--mlaudit-deterministic" in repeat["advice"]

    result = run(project, AGGREGATING, options.DETERMINISTIC)
    result.assert_outcomes(passed=1)
    repeat = repeatability(project)
    assert repeat["passed"] and "1 builds bitwise identical" in repeat["detail"]
