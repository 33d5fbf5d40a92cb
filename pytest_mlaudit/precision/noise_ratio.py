"""Proposition 4.1 of the audited paper, measured: is rounding noise big enough to matter?

`rounding_noise_ratio(...)` trains a model and, along the way, measures the relative size of the
rounding noise in the gradient (rounded minus exact minibatch gradient) against the minibatch
gradient noise (minibatch minus full-batch gradient). The proposition argues ~1e-4 against ~0.18 at
batch 32; this measures both instead of assuming them. The paper's own sweep (its mixture, cells
and classifier) is in examples/variant_calling/mechanism.py.

torch is imported inside the functions.
"""

from __future__ import annotations

import dataclasses
import statistics
from typing import Any

from .rounding import quantize, step_generator


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
