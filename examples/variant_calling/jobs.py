"""The findings' batched trainings as plain functions of small arguments, for :mod:`pool`.

Every job takes the seeds first and returns one :class:`engines.TrainResult` per seed. Data are
named by a :class:`DataSpec` and loaded where the job runs (from the disk cache after the first
time), so a job is cheap to send to a worker process and gives the same numbers wherever it runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

_DATASETS: dict = {}  # per process: DataSpec -> VariantDataset


@dataclass(frozen=True)
class DataSpec:
    """Which dataset: the sample, the candidate scheme, whether feature 6 is the leak."""

    sample: str = "germline"  # "germline" or "mosaic"
    scheme: str = "caller"  # "caller" or "paper"
    leak: bool = True
    giab_dir: str | None = None  # real GIAB files instead of the generated germline sample

    @classmethod
    def for_sample(cls, sample: str, scheme: str = "caller", leak: bool = True) -> DataSpec:
        """The spec the findings use: real GIAB files for ``germline`` when
        ``$MLAUDIT_GIAB_DIR`` is set (HG001 is a germline sample; there is no real mosaic one)."""
        giab_dir = os.environ.get("MLAUDIT_GIAB_DIR") or None
        return cls(sample, scheme, leak, giab_dir if sample == "germline" else None)


def load(spec: DataSpec):
    """The spec's :class:`dataset.VariantDataset`, loaded once per process."""
    if spec not in _DATASETS:
        if spec.giab_dir:
            from .giab import real_dataset

            _DATASETS[spec] = real_dataset(spec.giab_dir, candidates=spec.scheme, leak=spec.leak)
        else:
            from .dataset import simulated_dataset

            _DATASETS[spec] = simulated_dataset(spec.sample, candidates=spec.scheme, leak=spec.leak)
    return _DATASETS[spec]


def arrays(spec: DataSpec) -> tuple[Any, Any, Any, Any]:
    data = load(spec)
    return data.x_train, data.y_train, data.x_test, data.y_test


def train(seeds, spec: DataSpec, config, hooks=None):
    """``seeds`` trained together on the spec's data; ``hooks`` is ``(precision, hook seed)``."""
    from .engines import train_batched
    from .rounding_hooks import hooks_for

    made = hooks_for(*hooks) if hooks else None
    return train_batched(*arrays(spec), seeds=list(seeds), config=config, hooks=made)


def train_counterfactual(seeds, spec: DataSpec, column: int, config):
    """Feature ``column`` replaced by uniform noise drawn from each seed (the §5.4 control)."""
    import numpy as np

    from pytest_mlaudit.leakage import replace_with_noise

    from .engines import train_batched

    data = load(spec)
    rows = []
    for seed in seeds:
        both = replace_with_noise(np.concatenate([data.x_train, data.x_test]), column, seed)
        rows.append(both.astype(np.float32))
    stacked = np.stack(rows)
    n = data.n_train
    labels = np.stack([data.y_train] * len(rows))  # per-seed data needs per-seed labels
    return train_batched(
        stacked[:, :n], labels, stacked[:, n:], data.y_test, seeds=list(seeds), config=config
    )


def synthetic_arrays(spec: DataSpec) -> tuple[Any, Any, Any, Any]:
    """Finding 1's synthetic benchmark for the spec's candidates (70/30 stratified split).

    The paper's scheme: the §2.6 isotropic mixture at the real set's size and 25 % prevalence,
    separation 3.29 sd (Bayes-optimal AUROC 0.99). The caller's scheme: the paper's generator
    calibrated to the caller's candidates (``GaussianMixtureTwin``: their size, prevalence and
    every feature's mean and variance, Bayes-optimal AUROC 0.99).
    """
    import numpy as np

    from examples.variant_calling.mechanism import gaussian_mixture
    from pytest_mlaudit.synthetic import GaussianMixtureTwin

    from .candidates import stratified_split

    data = load(spec)
    if spec.scheme == "paper":
        x, y = gaussian_mixture(data.n_kept, SEPARATION, 1.0, prevalence=0.25, seed=0)
        x, y = x.numpy(), y.numpy().astype(np.int64)
    else:
        real_x = np.concatenate([data.x_train, data.x_test])
        real_y = np.concatenate([data.y_train, data.y_test])
        twin = GaussianMixtureTwin.fit(real_x, real_y, target_auroc=0.99)
        x, y = twin.sample(seed=0)
        x, y = x.astype(np.float32), y.astype(np.int64)
    train_rows, test_rows = stratified_split(y, 0.3, seed=0)
    return x[train_rows], y[train_rows], x[test_rows], y[test_rows]


SEPARATION = 3.29  # Phi(3.29 / sqrt 2) = 0.99: Bayes-optimal AUROC 0.99 at sd 1 (§2.6)


def train_synthetic(seeds, spec: DataSpec, config):
    from .engines import train_batched

    return train_batched(*synthetic_arrays(spec), seeds=list(seeds), config=config)


def train_reference(seeds, spec: DataSpec, config):
    """The plain ``nn.Module`` engine, one seed after another (the engine-agreement check)."""
    from .engines import train_reference as reference

    return [reference(*arrays(spec), seed=s, config=config) for s in seeds]


def train_mechanism(seeds, mode: str, examples: int, hook_seed: int):
    """Finding 2: every mechanism cell x ``seeds`` in one batch under one rounding mode.

    The cells' data differ, so each (cell, seed) is one row of the stacked datasets; results come
    back cell-major (all seeds of the first cell, then the next).
    """
    import numpy as np

    from examples.variant_calling.mechanism import MECHANISM_CELLS, gaussian_mixture

    from .candidates import stratified_split
    from .engines import TrainConfig, train_batched
    from .rounding_hooks import hooks_for

    seeds = list(seeds)
    x_train, y_train, x_test, y_test = [], [], [], []
    for d, sd in MECHANISM_CELLS:
        x, y = gaussian_mixture(examples, d, sd, prevalence=0.25, seed=0)
        x, y = x.numpy(), y.numpy().astype(np.int64)
        train_rows, test_rows = stratified_split(y, 0.3, seed=0)
        for _ in seeds:  # one copy of the cell's data per seed: rows of the stacked batch
            x_train.append(x[train_rows])
            y_train.append(y[train_rows])
            x_test.append(x[test_rows])
            y_test.append(y[test_rows])
    return train_batched(
        np.stack(x_train),
        np.stack(y_train),
        np.stack(x_test),
        np.stack(y_test),
        seeds=[s for _ in MECHANISM_CELLS for s in seeds],
        config=TrainConfig(loss="focal"),
        hooks=hooks_for(mode, hook_seed),
    )
