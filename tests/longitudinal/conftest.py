"""Shared pieces of the longitudinal tests: a tiny training that applies a Build, for pytester."""

# pytester's in-process runs drop modules first imported inside them; numpy's and torch's C cores
# cannot be imported twice in one process, so load what the sweeps use before any inner run.
import numpy  # noqa: F401
import pytest
import rich.console
import rich.table  # noqa: F401
import scipy.stats  # noqa: F401
import torch


def _warm_up() -> None:
    # torch imports parts of itself lazily on first use (the optimiser step pulls in
    # torch._dynamo/_inductor pieces); a second import inside another pytester run fails, so use
    # everything the inner runs use once here, outside them.
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 2), torch.nn.LayerNorm(2), torch.nn.Softshrink()
    ).double()
    optimiser = torch.optim.Adamax(model.parameters())
    model(torch.ones(1, 2, dtype=torch.float64)).sum().backward()
    optimiser.step()
    torch.softmax(torch.ones(2), 0)
    torch.nextafter(torch.ones(1), torch.full((1,), torch.inf))


_warm_up()

TINY_TRAINING = '''
import os

import numpy as np
import torch

from pytest_mlaudit.longitudinal import SnapshotRecorder, longitudinal_run

RNG = np.random.default_rng(7)
CENTRES = RNG.normal(0, 1.0, (3, 12))
def draw(n):
    y = RNG.integers(0, 3, n)
    return CENTRES[y] + RNG.normal(0, 1.2, (n, 12)), y
X, Y = draw(120)
XH, YH = draw(60)
XC, YC = draw(80)


AGGREGATE_SOURCE = torch.Generator().manual_seed(1)
VALUES = torch.randn(2_000_000, generator=AGGREGATE_SOURCE)
BINS = torch.randint(0, 16, (2_000_000,), generator=AGGREGATE_SOURCE)


def train(build, seed=0, epochs=2, unseeded_noise=False, aggregate=False):
    """A 12-16-3 LayerNorm/softshrink MLP, Adamax, minibatch k = build.batch_size.

    unseeded_noise adds os.urandom-drawn noise to the initial weights: it stands in for any
    unseeded computation (the repeatability check must catch it). aggregate sums 2M float32 values
    into 16 bins with index_put_(accumulate=True), which on CPU with several threads adds in
    whatever order the threads run unless torch.use_deterministic_algorithms(True) is on, and
    feeds the sums into the first layer's bias: a real nondeterministic op in the training.
    """
    with build.apply():
        torch.manual_seed(seed)
        model = torch.nn.Sequential(
            torch.nn.Linear(12, 16), torch.nn.LayerNorm(16), torch.nn.Softshrink(), torch.nn.Linear(16, 3)
        ).to(build.dtype)
        build.perturb_(model)
        if aggregate:
            sums = sum(torch.zeros(16).index_put_((BINS,), VALUES, accumulate=True) for _ in range(2))
            with torch.no_grad():
                model[0].bias.add_(sums.to(build.dtype) * 1e-3)
        if unseeded_noise:
            noise = np.frombuffer(os.urandom(8), dtype=np.uint64)[0] % 1000 / 1e9
            with torch.no_grad():
                model[0].weight.add_(float(noise) + 1e-7)
        optimiser = torch.optim.Adamax(model.parameters(), lr=0.01)
        x = torch.as_tensor(X, dtype=build.dtype)
        y = torch.as_tensor(Y)
        order_rng = torch.Generator().manual_seed(seed)
        recorder = SnapshotRecorder(every=10)
        step = 0
        recorder(step, model)
        for _ in range(epochs):
            order = torch.randperm(len(x), generator=order_rng)
            for start in range(0, len(x), build.batch_size):
                batch = order[start:start + build.batch_size]
                optimiser.zero_grad()
                torch.nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
                optimiser.step()
                step += 1
                recorder(step, model)
        with torch.no_grad():
            proba = lambda xs: torch.softmax(model(torch.as_tensor(xs, dtype=build.dtype)), 1).double().numpy()
            return longitudinal_run(YC, proba(XC), holdout=(YH, proba(XH)), params=model,
                                    snapshots=recorder.snapshots)
'''


@pytest.fixture(autouse=True)
def restore_deterministic_mode():
    # --mlaudit-deterministic turns torch's deterministic mode on in this process (inner pytester
    # runs share it); put it back so every test starts from torch's default.
    before = torch.are_deterministic_algorithms_enabled()
    yield
    torch.use_deterministic_algorithms(before)


@pytest.fixture
def project(pytester):
    pytester.makepyfile(tiny=TINY_TRAINING)
    pytester.syspathinsert()
    return pytester
