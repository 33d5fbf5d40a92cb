"""Shared pieces of the sweep tests (core, runner, report, sweep, plugin): a fake training every
sweep test can call, in a pytester project. A directory's conftest imports the fixtures it uses."""

import json

# pytester's in-process runs drop modules first imported inside them; numpy's C core cannot be
# imported twice in one process, so load what the sweeps use before any inner run.
import numpy  # noqa: F401
import pytest
import rich.console
import rich.table  # noqa: F401
import scipy.stats  # noqa: F401

try:  # torch too, when it is installed: a sweep may load it (--mlaudit-deterministic seeds it)
    import torch
except ImportError:  # pragma: no cover - the torch extra is optional
    torch = None


def _warm_up_torch() -> None:
    # torch imports parts of itself lazily on first use (the optimiser step pulls in
    # torch._dynamo/_inductor pieces); if that happens inside a pytester run, pytester unloads them
    # afterwards and the next import registers the same operators twice. Use them once here.
    model = torch.nn.Linear(2, 1)
    optimiser = torch.optim.Adam(model.parameters())
    model(torch.ones(1, 2)).sum().backward()
    optimiser.step()


if torch is not None:
    _warm_up_torch()

# A fake "training": labels fixed by the data, scores drawn from NumPy's global RNG (which the
# plugin seeds from the cell's seed), so equal seeds give equal runs whoever runs them.
FAKE_TRAINING = """
import numpy as np
from pytest_mlaudit import Run


def labels(size=400, prevalence=0.25):
    rng = np.random.default_rng(1234)
    return (rng.random(size) < prevalence).astype(int)


def train(y, collapse=False, signal=0.6):
    noise = np.random.normal(0.0, 0.25, y.size)
    score = np.clip(0.2 + signal * y + noise, 0.0, 1.0)
    if collapse:
        score = np.zeros(y.size)
    return Run(y, score, losses=[1.0, 0.6, 0.4])
"""


@pytest.fixture
def project(pytester):
    """A pytester dir with `fake.py` importable from test files."""
    pytester.makepyfile(fake=FAKE_TRAINING)
    pytester.syspathinsert()
    return pytester


def load_report(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(name="load_report")
def load_report_fixture():
    """`load_report` as a fixture: plain `pytest` (unlike `python -m pytest`) does not put the
    repository root on sys.path, so test modules should not import this conftest."""
    return load_report


@pytest.fixture
def fake_training():
    """Source of the fake training module, for tests that build their own pytester layout."""
    return FAKE_TRAINING
