"""One build against another: the row of the longitudinal table.

A build's *trail* is what its training left behind, read from a `Run`'s ``extra`` under documented
keys (all optional except the scores):

- ``proba``: n × C class probabilities on the evaluation set (else the Run's ``y_score``);
- ``params``: the final flat parameter vector;
- ``snapshots``: ``[(step, flat parameters), ...]`` taken during training;
- ``step_digests``: one fingerprint of the parameters per step (index = step), so the first step
  where two builds part bitwise is exact even between snapshots.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .call_agreement import agreement
from .divergence import (
    bitwise_equal,
    divergence_curve,
    first_difference,
    vector_sine,
)

TRAIL_KEYS = ("proba", "params", "snapshots", "step_digests")


def trail_of(run: Any) -> dict[str, Any]:
    """The trail of a `Run` (or of a plain mapping with the same keys)."""
    extra = run if isinstance(run, Mapping) else (getattr(run, "extra", None) or {})
    trail = {key: extra.get(key) for key in TRAIL_KEYS if isinstance(extra, Mapping)}
    if trail.get("proba") is None:
        trail["proba"] = (
            extra.get("y_score") if isinstance(run, Mapping) else getattr(run, "y_score", None)
        )
    return trail


@dataclasses.dataclass(frozen=True)
class PairComparison:
    reference: str
    other: str
    cases: int
    all_reportable: int
    discrepant: int
    discrepant_cases: tuple[int, ...]
    scores_bitwise_equal: bool
    params_bitwise_equal: bool | None
    first_parameter_difference: int | None
    final_sine: float | None
    first_bitwise_step: int | None
    first_sine_step: int | None
    sine_threshold: float
    curve: tuple[tuple[int, float], ...]

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["curve"] = [list(point) for point in self.curve]
        return out


def _first_digest_difference(a: Any, b: Any) -> int | None:
    if a is None or b is None:
        return None
    for step, (left, right) in enumerate(zip(a, b)):
        if left != right:
            return step
    return None if len(a) == len(b) else min(len(a), len(b))


def compare_pair(
    reference: str,
    trail_reference: Mapping[str, Any],
    other: str,
    trail_other: Mapping[str, Any],
    tau: Any,
    sine_threshold: float = 1e-6,
) -> PairComparison:
    """Calls, parameters and divergence of ``other`` against ``reference``."""
    import numpy as np

    ref_scores, other_scores = trail_reference["proba"], trail_other["proba"]
    calls = agreement({reference: ref_scores, other: other_scores}, tau)
    params_a, params_b = trail_reference.get("params"), trail_other.get("params")
    has_params = params_a is not None and params_b is not None
    curve = None
    if trail_reference.get("snapshots") and trail_other.get("snapshots"):
        curve = divergence_curve(
            trail_reference["snapshots"], trail_other["snapshots"], sine_threshold
        )
    first_bitwise = _first_digest_difference(
        trail_reference.get("step_digests"), trail_other.get("step_digests")
    )
    if first_bitwise is None and curve is not None and trail_reference.get("step_digests") is None:
        first_bitwise = curve.first_bitwise_difference
    return PairComparison(
        reference=reference,
        other=other,
        cases=calls.cases,
        all_reportable=calls.all_reportable,
        discrepant=calls.discrepant,
        discrepant_cases=tuple(d.case for d in calls.discrepancies),
        scores_bitwise_equal=bitwise_equal(np.asarray(ref_scores), np.asarray(other_scores)),
        params_bitwise_equal=bitwise_equal(params_a, params_b) if has_params else None,
        first_parameter_difference=first_difference(params_a, params_b) if has_params else None,
        final_sine=vector_sine(params_a, params_b) if has_params else None,
        first_bitwise_step=first_bitwise,
        first_sine_step=curve.first_above_threshold if curve is not None else None,
        sine_threshold=sine_threshold,
        curve=tuple((p.step, p.sine) for p in curve.points) if curve is not None else (),
    )
