"""Shared pieces of the precision tests: a fake training whose outcome may depend on precision."""

# pytester's in-process runs drop modules first imported inside them; numpy's C core cannot be
# imported twice in one process, so load what the sweeps use before any inner run.
import numpy  # noqa: F401
import pytest
import rich.console
import rich.table  # noqa: F401
import scipy.stats  # noqa: F401

try:  # the end-to-end sweep trains with torch: load it once, outside pytester's inner runs
    import torch
except ImportError:  # pragma: no cover - the torch extra is optional
    torch = None


def _load_torch_lazy_modules():
    # torch imports parts of itself (dynamo, inductor's operator registry) on the first optimizer
    # step; if that first step happens inside a pytester run, pytester unloads them afterwards and
    # the next import registers the same operators twice. One step here loads them for good.
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.Adam(model.parameters())
    model(torch.ones(1, 2)).sum().backward()
    optimizer.step()


if torch is not None:
    _load_torch_lazy_modules()

FAKE_TRAINING = '''
import numpy as np
from pytest_mlaudit import Run

Y = (np.random.default_rng(1234).random(400) < 0.25).astype(int)


def train(seed, precision, shift=None, collapse=None):
    """Scores from the seed only (so precisions are paired by seed), plus a per-precision shift of
    the signal and optional collapses: {precision: set of seeds that collapse}."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, 0.25, Y.size)
    signal = 0.6 + (shift or {}).get(precision, 0.0)
    score = np.clip(0.2 + signal * Y + noise, 0.0, 1.0)
    if seed in (collapse or {}).get(precision, ()):
        score = np.zeros(Y.size)
    return Run(Y, score, losses=[1.0, 0.5])
'''


@pytest.fixture
def project(pytester):
    pytester.makepyfile(fake=FAKE_TRAINING)
    pytester.syspathinsert()
    return pytester
