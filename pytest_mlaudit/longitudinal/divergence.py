"""How far apart two builds' parameters are, and when they parted.

The seed paper measures dissimilarity by the vector sine sqrt(1 − cos²) of the angle between two
parameter vectors. Computed that way the result cannot go below about sqrt(machine epsilon) (the
paper's Fig. 2 caption says so). Here the same quantity is computed from the unit vectors u, v as
``‖u − v‖·‖u + v‖ / 2`` (= 2 sin(θ/2) cos(θ/2)), which keeps full relative accuracy for tiny angles,
in float64: identical vectors give exactly 0 and one-ulp differences show as ~1e-16, not 1e-8.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any


def as_flat_array(values: Any) -> Any:
    """A 1-D numpy array in the values' own precision (bfloat16 widened exactly to float32).

    Accepts a numpy array, a torch tensor, a sequence of tensors/arrays, or an ``nn.Module``.
    """
    import numpy as np

    if hasattr(values, "parameters") and callable(values.parameters):
        values = [p.detach() for p in values.parameters()]
    if hasattr(values, "detach"):
        values = [values.detach()]
    if isinstance(values, (list, tuple)) and values and any(hasattr(v, "detach") for v in values):
        import torch

        tensors = [v.detach().reshape(-1).cpu() for v in values]
        if any(t.dtype == torch.bfloat16 for t in tensors):
            tensors = [t.float() for t in tensors]
        return torch.cat(tensors).numpy()
    array = np.asarray(values)
    return array.reshape(-1)


def bitwise_equal(a: Any, b: Any) -> bool:
    """Same dtype, same length, same bits (so -0.0 differs from 0.0 and equal NaNs match)."""
    left, right = as_flat_array(a), as_flat_array(b)
    return (
        left.dtype == right.dtype
        and left.shape == right.shape
        and left.tobytes() == right.tobytes()
    )


def first_difference(a: Any, b: Any) -> int | None:
    """Index of the first element whose bits differ, or None when bitwise equal."""
    import numpy as np

    left, right = as_flat_array(a), as_flat_array(b)
    if left.shape != right.shape:
        return min(left.size, right.size)
    if left.dtype != right.dtype:
        return 0
    width = left.dtype.itemsize
    as_bits = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}[width]
    differs = np.flatnonzero(left.view(as_bits) != right.view(as_bits))
    return int(differs[0]) if differs.size else None


def vector_sine(a: Any, b: Any) -> float:
    """sin of the angle between two parameter vectors, computed stably in float64."""
    import numpy as np

    left = as_flat_array(a).astype(np.float64)
    right = as_flat_array(b).astype(np.float64)
    if left.shape != right.shape:
        raise ValueError(f"vector_sine: lengths differ ({left.size} vs {right.size})")
    if not (np.isfinite(left).all() and np.isfinite(right).all()):
        return float("nan")
    norm_left, norm_right = np.linalg.norm(left), np.linalg.norm(right)
    if norm_left == 0 or norm_right == 0:
        raise ValueError("vector_sine: a zero vector has no direction")
    u, v = left / norm_left, right / norm_right
    return float(min(1.0, np.linalg.norm(u - v) * np.linalg.norm(u + v) / 2.0))


@dataclasses.dataclass(frozen=True)
class CurvePoint:
    step: int
    sine: float
    bitwise_equal: bool
    max_abs_diff: float


@dataclasses.dataclass(frozen=True)
class DivergenceCurve:
    """Vector sine between two builds at each common snapshot step."""

    points: tuple[CurvePoint, ...]
    threshold: float

    @property
    def first_bitwise_difference(self) -> int | None:
        return next((p.step for p in self.points if not p.bitwise_equal), None)

    @property
    def first_above_threshold(self) -> int | None:
        return next((p.step for p in self.points if not p.sine <= self.threshold), None)

    @property
    def final_sine(self) -> float | None:
        return self.points[-1].sine if self.points else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "first_bitwise_difference": self.first_bitwise_difference,
            "first_above_threshold": self.first_above_threshold,
            "points": [dataclasses.asdict(p) for p in self.points],
        }


def divergence_curve(
    snapshots_a: Sequence[tuple[int, Any]],
    snapshots_b: Sequence[tuple[int, Any]],
    threshold: float = 1e-6,
) -> DivergenceCurve:
    """Compare two lists of ``(step, flat parameters)`` at the steps both recorded.

    ``threshold`` separates "rounding noise" from "parted": in float64 a sine of 1e-6 is ten orders
    of magnitude above one ulp, and in float32 about ten ulps' worth; choose it per precision.
    """
    import numpy as np

    by_step_b = {int(step): params for step, params in snapshots_b}
    points = []
    for step, params_a in snapshots_a:
        if int(step) not in by_step_b:
            continue
        params_b = by_step_b[int(step)]
        left = as_flat_array(params_a)
        right = as_flat_array(params_b)
        diff = np.abs(left.astype(np.float64) - right.astype(np.float64))
        points.append(
            CurvePoint(
                step=int(step),
                sine=vector_sine(left, right),
                bitwise_equal=bitwise_equal(left, right),
                max_abs_diff=float(diff.max()) if diff.size else 0.0,
            )
        )
    points.sort(key=lambda p: p.step)
    return DivergenceCurve(tuple(points), threshold)


def snapshot_recorder(every: int = 1) -> SnapshotRecorder:
    return SnapshotRecorder(every)


class SnapshotRecorder:
    """Collects ``(step, flat parameters)`` during training: ``rec(step, model)`` each step."""

    def __init__(self, every: int = 1) -> None:
        if every < 1:
            raise ValueError(f"every={every!r}: expected an integer >= 1")
        self.every = every
        self.snapshots: list[tuple[int, Any]] = []

    def __call__(self, step: int, model: Any) -> None:
        if step % self.every == 0:
            self.snapshots.append((int(step), as_flat_array(model).copy()))
