"""@longitudinal through pytest (pytester): repeatability, consistency, skips, errors."""

import json

import pytest
import torch

from pytest_mlaudit import options


def sweep_of(project, name="r.json"):
    return json.loads((project.path / name).read_text())["sweeps"][0]


def checks_named(sweep, name):
    return [c for c in sweep["checks"] if c["name"] == name]


def run(project, source, *args):
    project.makepyfile(test_l=source)
    # a test may run twice in one folder: the report of the first run is replaced on purpose
    return project.runpytest(
        options.FLAG, options.REPORT, "r.json", options.REPORT_OVERWRITE, *args
    )


def test_same_build_twice_is_bitwise_identical_and_proxies_are_compared(project):
    result = run(
        project,
        """
import tiny
from pytest_mlaudit.longitudinal import Build, longitudinal

@longitudinal(builds=[Build("cpu", "fp64", 2, threads=1), Build("cpu", "fp64", 2, threads=1, init_perturbation_ulps=1)],
              tau="roc", p=0.5)
def test_rebuild(build):
    return tiny.train(build)
""",
        options.DETERMINISTIC,
    )
    result.assert_outcomes(passed=1)
    sweep = sweep_of(project)
    assert len(sweep["runs"]) == 4  # two builds, each twice
    labels = {r["condition"]["build"] for r in sweep["runs"]}
    assert "cpu fp64 k=2 threads=1 init+1ulp [proxy] #2" in labels
    (repeat,) = checks_named(sweep, "same-build repeatability")
    assert repeat["passed"] and "2 builds bitwise identical" in repeat["detail"]
    (consistency,) = checks_named(sweep, "longitudinal consistency")
    assert consistency["passed"] and "from the reference build's holdout" in consistency["detail"]
    assert "[proxy for rounding differences between machines]" in consistency["detail"]
    (divergence,) = checks_named(sweep, "parameter divergence")
    # one ulp at step 0 is already a bitwise difference; the sine is reported, not gated
    assert "first bitwise difference at step 0" in divergence["detail"]
    assert divergence["statistic"] > 0


def test_a_nondeterministic_build_is_reported_with_the_first_differing_case(project):
    result = run(
        project,
        """
import tiny
from pytest_mlaudit.longitudinal import Build, longitudinal

@longitudinal(builds=[Build("cpu", "fp64", 4, threads=1)], tau=0.5, p=0.5)
def test_rebuild(build):
    return tiny.train(build, unseeded_noise=True)
""",
        options.DETERMINISTIC,
    )
    result.assert_outcomes(failed=1)
    (repeat,) = checks_named(sweep_of(project), "same-build repeatability")
    assert not repeat["passed"]
    assert "1 of 1 builds not bitwise identical" in repeat["detail"]
    assert (
        "scores differ first at case" in repeat["detail"]
        and "parameters differ first at index" in repeat["detail"]
    )
    result.stdout.fnmatch_lines(["*same-build repeatability*"])


FAKE_CLASSIFIER = """
import numpy as np
from pytest_mlaudit.longitudinal import Build, longitudinal, longitudinal_run

RNG = np.random.default_rng(3)
LABELS = RNG.integers(0, 3, 200)
PROBA = np.full((200, 3), 0.025)
PROBA[np.arange(200), LABELS] = 0.95
HOLDOUT = (LABELS[:50], PROBA[:50])

def classify(build):
    proba = PROBA.copy()
    if build.threads == 2:  # this build changes the calls of cases 10..{last}
        proba[10:{stop}] = np.roll(proba[10:{stop}], 1, axis=1)
    return longitudinal_run(LABELS, proba, holdout=HOLDOUT, params=np.arange(5.0) + build.threads)
"""


@pytest.mark.parametrize("stop, p, passes", [(14, 0.99, False), (14, 0.95, True), (10, 1.0, True)])
def test_consistency_counts_discrepant_reportable_calls_against_p(project, stop, p, passes):
    project.makepyfile(
        fakeclf=FAKE_CLASSIFIER.replace("{stop}", str(stop)).replace("{last}", str(stop - 1))
    )
    result = run(
        project,
        f"""
from fakeclf import *

@longitudinal(builds=[Build("cpu", "fp64", 1, threads=1), Build("cpu", "fp64", 1, threads=2)], tau="roc", p={p})
def test_rebuild(build):
    return classify(build)
""",
    )
    result.assert_outcomes(**({"passed": 1} if passes else {"failed": 1}))
    (consistency,) = checks_named(sweep_of(project), "longitudinal consistency")
    assert consistency["passed"] is passes
    discrepant = stop - 10
    assert f"{200 - discrepant}/200 cases reportable" in consistency["detail"]
    if discrepant:
        assert f"{discrepant} discrepant (cases 10, 11, 12, 13)" in consistency["detail"]


@pytest.mark.skipif(
    torch.cuda.is_available(),
    reason="this machine has CUDA: the build runs instead of being skipped",
)
def test_a_cuda_build_without_cuda_is_skipped_with_the_reason_and_the_rest_is_judged(project):
    result = run(
        project,
        """
import tiny
from pytest_mlaudit.longitudinal import Build, longitudinal

@longitudinal(builds=[Build("cpu", "fp32", 4, threads=1), Build("cuda", "fp32", 4)], tau="roc", p=0.5)
def test_rebuild(build):
    return tiny.train(build)
""",
    )
    result.assert_outcomes(passed=1)
    sweep = sweep_of(project)
    (skipped,) = checks_named(sweep, "builds skipped")
    assert skipped["severity"] == "warning"
    assert (
        "cuda fp32 k=4: build 'cuda fp32 k=4' needs a CUDA device and none is available here"
        in skipped["detail"]
    )
    (repeat,) = checks_named(sweep, "same-build repeatability")
    assert repeat["passed"]
    (builds,) = checks_named(sweep, "longitudinal builds")
    assert builds["passed"]


def test_stacked_with_seed_sweep_each_seed_is_judged(project):
    result = run(
        project,
        """
import tiny
from pytest_mlaudit import seed_sweep
from pytest_mlaudit.longitudinal import Build, longitudinal

@longitudinal(builds=[Build("cpu", "fp32", 8, threads=1), Build("cpu", "fp32", 8, threads=2)], tau="roc", p=0.5)
@seed_sweep(n=2, trivial_baseline="off")
def test_rebuild(build, seed):
    return tiny.train(build, seed=seed, epochs=1)
""",
    )
    result.assert_outcomes(passed=1)
    sweep = sweep_of(project)
    assert len(sweep["runs"]) == 8
    assert len(checks_named(sweep, "same-build repeatability")) == 2
    assert {c["condition"] for c in checks_named(sweep, "longitudinal consistency")} == {
        "seed=0",
        "seed=1",
    }


@pytest.mark.parametrize(
    "arguments, message",
    [
        ("builds=[], tau='roc'", "builds must be a non-empty list of Build objects"),
        (
            "builds=[Build()], tau='median'",
            "tau must be 'roc', 'roc-per-class', a number in [0, 1] or a mapping class -> τ, got 'median'",
        ),
        ("builds=[Build()], p=1.5", "p must be in (0, 1], got 1.5"),
        ("builds=[Build(), Build()]", "builds must differ"),
    ],
)
def test_configuration_errors_are_one_line(project, arguments, message):
    result = run(
        project,
        f"""
from pytest_mlaudit.longitudinal import Build, longitudinal

@longitudinal({arguments})
def test_rebuild(build):
    pass
""",
    )
    assert result.ret != 0
    assert any(
        message in line and "longitudinal" in line for line in result.outlines + result.errlines
    ), result.outlines[-15:]
