"""The seed paper's rebuild test (Breuer, Furtado & Orr) as a pytest test, at small scale.

A 2,000–128–32–7 MLP with LayerNorm and softshrink, trained with Adamax on generated methylation-like
data, is rebuilt under several builds; the mock clinical analysis then asks whether the reportable
calls on the "clinical" set stay the same. τ is chosen on the reference build's holdout as the
largest recall at perfect precision for class 0 ("RTK I") against the rest, as the paper did.

    pytest --mlaudit examples/longitudinal                       # k=2, fp64: the paper's remedy
    MLAUDIT_LONGITUDINAL_K=1 pytest --mlaudit examples/longitudinal   # k=1: the failing setting

On this CPU-only machine, the other hardware is stood in for by proxies (2 CPU threads, +1 ulp on
the initial weights); the CUDA build runs where CUDA is present and is skipped, with the reason,
where it is not. The whole k × precision table is benchmarks/longitudinal_table.py.
"""

import os

import pytest

from pytest_mlaudit.longitudinal import Build, longitudinal, longitudinal_run

from .classifier import train
from .methylation import generate

K = int(os.environ.get("MLAUDIT_LONGITUDINAL_K", "2"))
PRECISION = os.environ.get("MLAUDIT_LONGITUDINAL_PRECISION", "fp64")
BUILDS = [
    Build("cpu", PRECISION, K, threads=1),
    Build("cpu", PRECISION, K, threads=2),
    Build("cpu", PRECISION, K, threads=1, init_perturbation_ulps=1),
    Build("cuda", PRECISION, K),
]


@pytest.fixture(scope="module")
def methylation():
    return generate()


@longitudinal(builds=BUILDS, tau="roc", p=0.99, positive_class=0)
def test_rebuilds_keep_reportable_calls(build, methylation):
    trail = train(build, methylation)
    return longitudinal_run(
        methylation.y_clinical,
        trail["clinical"],
        positive_class=0,
        holdout=(methylation.y_holdout, trail["holdout"]),
        params=trail["params"],
        snapshots=trail["snapshots"],
        step_digests=trail["step_digests"],
        losses=trail["losses"],
    )
