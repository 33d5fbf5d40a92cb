"""Mechanism tests for precision (§4 of the audited paper): is rounding noise big enough to matter?

- `rounding_noise_ratio(...)` trains a model and, along the way, measures the relative size of the
  rounding noise in the gradient (rounded minus exact minibatch gradient) against the minibatch
  gradient noise (minibatch minus full-batch gradient). Proposition 4.1 argues ~1e-4 against ~0.18
  at batch 32; this measures both instead of assuming them.
- The §4.2 sweep helpers: `gaussian_mixture` (the synthetic benchmark of §2.6), `variant_cnn`
  (the classifier of §2.2), `train_classifier` (one training under one `Precision` condition,
  returning an `api.Run`), and the sweep's cells and modes. examples/precision_mechanism runs it.

torch is imported inside the functions.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Sequence
from typing import Any

# 8 cells of (separation d, within-component sd sigma). The classifier's BatchNorm makes training
# depend on the mixture through d/sigma only (scaling the data is undone by the first BatchNorm), so
# the cells have 8 distinct ratios, 0.58 to 1.5: the range where focal-loss training collapses for
# some seeds (below ~0.5 it always collapses, above ~2 never).
MECHANISM_CELLS = tuple((d, sd) for sd in (1.0, 1.3) for d in (0.75, 1.0, 1.25, 1.5))
MECHANISM_MODES = ("fp32", "fp16-rtn", "fp16-sr", "bf16-sr")


def gaussian_mixture(
    n: int,
    separation: float,
    sd: float = 1.0,
    *,
    prevalence: float = 0.25,
    dim: int = 12,
    seed: int = 0,
) -> tuple:
    """Two isotropic Gaussian components in R^dim whose means are `separation` apart along the
    all-ones direction, within-component standard deviation `sd`, a fraction `prevalence` of
    positives. Returns (X float32 [n, dim], y float32 [n]) as torch tensors."""
    import torch

    if n < 2 or not 0 < prevalence < 1 or sd <= 0 or dim < 1:
        raise ValueError(
            f"gaussian_mixture: need n >= 2, 0 < prevalence < 1, sd > 0, dim >= 1; got n={n!r}, prevalence={prevalence!r}, sd={sd!r}, dim={dim!r}"
        )
    generator = torch.Generator().manual_seed(seed)
    y = (torch.rand(n, generator=generator) < prevalence).float()
    direction = torch.ones(dim) / math.sqrt(dim)
    # a generator draws features given the label by definition: not a leak
    # mlaudit: ignore[MLA001]
    X = torch.randn(n, dim, generator=generator) * sd + (y[:, None] - 0.5) * separation * direction
    return X, y


def variant_cnn() -> Any:
    """The classifier of §2.2: 12 features as (6 channels, width 2) -> Conv1d(16, kernel 2) ->
    BatchNorm -> ReLU -> Linear(16, 32) -> BatchNorm -> ReLU -> Linear(32, 1) (one logit)."""
    from torch import nn

    return nn.Sequential(
        nn.Unflatten(1, (6, 2)),
        nn.Conv1d(6, 16, kernel_size=2),
        nn.BatchNorm1d(16),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(16, 32),
        nn.BatchNorm1d(32),
        nn.ReLU(),
        nn.Linear(32, 1),
    )


def make_loss(name: str) -> Any:
    """ "bce" (positive weight 3) or "focal" (alpha 0.25, gamma 2), on logits (pytest_mlaudit.losses)."""
    from .losses import FocalLoss, WeightedBCELoss

    if name == "bce":
        return WeightedBCELoss(pos_weight=3.0)
    if name == "focal":
        return FocalLoss(alpha=0.25, gamma=2.0)
    raise ValueError(f"loss must be 'bce' or 'focal', got {name!r}")


def train_classifier(
    data: tuple,
    precision: str,
    *,
    seed: int,
    loss: str = "focal",
    epochs: int = 30,
    batch_size: int = 32,
    lr: float = 1e-3,
    device: str = "cpu",
    model: Any = None,
) -> Any:
    """Train `variant_cnn()` (or `model`) with Adam under one precision condition and return the
    held-out `Run`. `data` is (X_train, y_train, X_test, y_test). The seed fixes initialisation
    and batch order, identically under every precision, so runs pair by seed."""
    import torch

    from .api import Run
    from .precision import Precision

    X_train, y_train, X_test, y_test = data
    torch.manual_seed(seed)
    model = model if model is not None else variant_cnn()
    p = Precision(precision, device=device, seed=seed)
    model = p.prepare_model(model)
    loss_fn = make_loss(loss)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    order = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(epochs):
        model.train()
        permutation = torch.randperm(len(y_train), generator=order)
        total, batches = 0.0, 0
        for start in range(0, len(permutation) - 1, batch_size):
            index = permutation[start : start + batch_size]
            if index.numel() < 2:  # BatchNorm needs two examples
                continue
            xb, yb = p.inputs(X_train[index], y_train[index])
            optimizer.zero_grad(set_to_none=True)
            with p.autocast():
                logits = model(xb).squeeze(-1)
            batch_loss = loss_fn(logits.to(yb.dtype), yb)
            p.backward(batch_loss)
            p.step(optimizer)
            total += float(batch_loss.detach())
            batches += 1
        losses.append(total / max(batches, 1))
    model.eval()
    with torch.no_grad():
        xt = p.inputs(X_test)
        with p.autocast():
            scores = torch.sigmoid(model(xt).squeeze(-1).float())
    return Run(
        y_test.cpu().numpy(),
        scores.cpu().double().numpy(),
        losses=losses,
        extra={"precision": p.describe()},
    )


def split(X: Any, y: Any, *, test_fraction: float = 0.3, seed: int = 0) -> tuple:
    """Stratified train/test split (70/30 as in §2.6): (X_train, y_train, X_test, y_test)."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    train_index, test_index = [], []
    for label in (0.0, 1.0):
        index = torch.nonzero(y == label).reshape(-1)
        index = index[torch.randperm(index.numel(), generator=generator)]
        cut = int(round(index.numel() * test_fraction))
        test_index.append(index[:cut])
        train_index.append(index[cut:])
    train_index, test_index = torch.cat(train_index), torch.cat(test_index)
    return X[train_index], y[train_index], X[test_index], y[test_index]


# -- Proposition 4.1, measured ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class NoiseRatio:
    """Relative gradient noise at each measured step and their medians.

    rounding[i] = ||round(g_B) - g_B|| / ||g_B||  (g_B: the minibatch gradient, all parameters)
    minibatch[i] = ||g_B - g_full|| / ||g_full||  (g_full: the full-training-set gradient)
    ratio = median(rounding) / median(minibatch).
    """

    fmt: str
    mode: str
    batch_size: int
    steps: list
    rounding: list
    minibatch: list

    @property
    def rounding_median(self) -> float:
        return statistics.median(self.rounding)

    @property
    def minibatch_median(self) -> float:
        return statistics.median(self.minibatch)

    @property
    def ratio(self) -> float:
        return self.rounding_median / self.minibatch_median

    def summary(self) -> str:
        return (
            f"{self.fmt}-{self.mode} at batch {self.batch_size}: rounding noise {self.rounding_median:.3g} "
            f"(relative), minibatch noise {self.minibatch_median:.3g}, ratio {self.ratio:.3g} "
            f"(median of {len(self.steps)} measurements)"
        )


def _flat_gradient(torch: Any, model: Any) -> Any:
    return torch.cat([p.grad.reshape(-1) for p in model.parameters() if p.grad is not None])


def rounding_noise_ratio(
    model: Any,
    loss_fn: Any,
    X: Any,
    y: Any,
    *,
    fmt: str = "fp16",
    mode: str = "sr",
    batch_size: int = 32,
    steps: int = 300,
    measure_every: int = 10,
    lr: float = 1e-3,
    seed: int = 0,
) -> NoiseRatio:
    """Train `model` with Adam in float32 for `steps` minibatch steps and, every `measure_every`
    steps, compare the rounding noise of the minibatch gradient with its sampling noise (see
    `NoiseRatio`). The rounding is `quantize(g, fmt, mode)`, what the emulated conditions apply
    after every backward. The model is trained in place."""
    import torch

    from .rounding import quantize, step_generator

    if steps < 1 or measure_every < 1 or batch_size < 2:
        raise ValueError(
            f"rounding_noise_ratio: need steps >= 1, measure_every >= 1, batch_size >= 2; got {steps!r}, {measure_every!r}, {batch_size!r}"
        )
    torch.manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    order = torch.Generator().manual_seed(seed)
    measured_steps, rounding, minibatch = [], [], []
    permutation = torch.randperm(len(y), generator=order)
    cursor = 0
    model.train()
    for step in range(steps):
        if cursor + batch_size > len(y):
            permutation, cursor = torch.randperm(len(y), generator=order), 0
        index = permutation[cursor : cursor + batch_size]
        cursor += batch_size
        if step % measure_every == 0:
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(X).squeeze(-1), y).backward()
            full = _flat_gradient(torch, model).detach().clone()
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(X[index]).squeeze(-1), y[index]).backward()
        if step % measure_every == 0:
            batch = _flat_gradient(torch, model).detach()
            rounded = quantize(batch, fmt, mode, generator=step_generator(seed, step))
            rounding.append(float((rounded - batch).norm() / batch.norm()))
            minibatch.append(float((batch - full).norm() / full.norm()))
            measured_steps.append(step)
        optimizer.step()
    return NoiseRatio(fmt, mode, batch_size, measured_steps, rounding, minibatch)


def cell_id(cell: Sequence[float]) -> str:
    separation, sd = cell
    return f"d={separation:g},sd={sd:g}"
