"""Public API: `Run` (what a test returns) and `seed_sweep` (the first decorator on grid.py).

Other decorators (`cross_precision`, `synthetic_real_consistency`, ...) live in their domain
modules and stack with this one through `grid.extend_sweep`.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .grid import SEED_AXIS, Axis, extend_sweep


class Run:
    """One training's held-out labels, predicted probabilities and training-loss history.

    `y_true` holds 0/1 labels, `y_score` the predicted probability of class 1 (same length),
    `losses` the per-step or per-epoch training losses (optional; NaN/Inf there counts as a
    collapse), `threshold` the decision threshold for F1 and the positive rate, `extra` anything
    else worth keeping (JSON-serialisable if the sweep is to be resumed).
    """

    __slots__ = ("extra", "losses", "threshold", "y_score", "y_true")

    def __init__(
        self,
        y_true: Any,
        y_score: Any,
        losses: Any = None,
        threshold: float = 0.5,
        extra: Any = None,
    ) -> None:
        import numpy as np

        self.y_true = np.asarray(y_true).reshape(-1)
        self.y_score = np.asarray(y_score, dtype=float).reshape(-1)
        self.losses = None if losses is None else np.asarray(losses, dtype=float).reshape(-1)
        self.threshold = float(threshold)
        self.extra = extra
        if self.y_true.shape != self.y_score.shape:
            raise ValueError(
                f"Run: y_true has {self.y_true.size} values but y_score has {self.y_score.size}"
            )
        if self.y_true.size == 0:
            raise ValueError("Run: y_true is empty")
        labels = set(np.unique(self.y_true).tolist())
        if not labels <= {0, 1}:
            raise ValueError(f"Run: y_true must hold 0/1 labels, found {sorted(labels)[:5]!r}")
        self.y_true = self.y_true.astype(int)

    @classmethod
    def coerce(cls, value: Any) -> Run:
        """A `Run` from what a test returned: a Run, or a dict with Run's keys."""
        if isinstance(value, Run):
            return value
        if isinstance(value, Mapping):
            unknown = set(value) - set(cls.__slots__)
            if unknown:
                raise TypeError(
                    f"the returned dict has unknown keys {sorted(unknown)!r}; Run takes {list(cls.__slots__)!r}"
                )
            return cls(**value)
        raise TypeError(
            f"a sweep test must return a Run or a dict with its keys, got {type(value).__name__}"
        )

    def to_json(self) -> dict:
        """Exact and compact: arrays as base64 of their bytes (NaN survives, floats round-trip)."""
        return {
            "y_true": _pack(self.y_true, "int8"),
            "y_score": _pack(self.y_score, "float64"),
            "losses": None if self.losses is None else _pack(self.losses, "float64"),
            "threshold": self.threshold,
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Run:
        losses = data.get("losses")
        return cls(
            y_true=_unpack(data["y_true"]),
            y_score=_unpack(data["y_score"]),
            losses=None if losses is None else _unpack(losses),
            threshold=data.get("threshold", 0.5),
            extra=data.get("extra"),
        )

    def __repr__(self) -> str:
        return f"Run(n={self.y_true.size}, positives={int(self.y_true.sum())}, threshold={self.threshold})"


def _pack(array: Any, dtype: str) -> dict:
    import base64

    import numpy as np

    return {
        "dtype": dtype,
        "base64": base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode(
            "ascii"
        ),
    }


def _unpack(packed: Any) -> Any:
    import base64

    import numpy as np

    if isinstance(packed, Mapping):
        return np.frombuffer(base64.b64decode(packed["base64"]), dtype=packed["dtype"])
    return np.asarray([float("nan") if v is None else v for v in packed], dtype=float)


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_fraction(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _reference_errors(reference: Any) -> list:
    def pair_error(pair: Any, where: str) -> str | None:
        if not (
            isinstance(pair, (tuple, list)) and len(pair) == 2 and all(_is_int(v) for v in pair)
        ):
            return f"{where} must be (collapses, runs) as two integers, got {pair!r}"
        collapses, runs = pair
        if runs < 1 or not 0 <= collapses <= runs:
            return f"{where} must satisfy 0 <= collapses <= runs and runs >= 1, got {pair!r}"
        return None

    if isinstance(reference, Mapping):
        if not reference:
            return ["reference must not be an empty mapping"]
        found = [pair_error(pair, f"reference[{key!r}]") for key, pair in reference.items()]
        return [e for e in found if e]
    error = pair_error(reference, "reference")
    return [error] if error else []


def seed_sweep(
    n: int = 50,
    *,
    seeds: Iterable[int] | None = None,
    max_collapse_rate: float | None = None,
    reference: Any = None,
    alpha: float = 0.05,
    min_f1: float | None = None,
    allow_errors: int = 0,
    timeout: float | None = None,
    trivial_baseline: str = "warn",
    resources: Mapping | None = None,
) -> Callable[[Callable], Callable]:
    """Run the test once per seed (keyword `seed`) and judge the returned `Run`s.

    Checks (per condition when stacked with other decorators): more than `allow_errors` runs
    raising fails; `max_collapse_rate`: an exact binomial test finds the collapse rate above it;
    `reference=(collapses, runs)` (or a mapping condition -> pair): a two-sided Fisher exact test
    finds the observed collapse count inconsistent with the reference; `min_f1`: a one-sided t-test
    finds mean F1 below it. `trivial_baseline` ("warn", "fail" or "off") compares mean F1 with the
    F1 of predicting every example positive. `timeout` (seconds) stops a run that takes longer.
    """
    errors = []
    explicit_seeds = None
    if seeds is not None:
        explicit_seeds = list(seeds)
        if not explicit_seeds or not all(_is_int(s) for s in explicit_seeds):
            errors.append(f"seeds must be a non-empty list of integers, got {explicit_seeds!r}")
        elif len(set(explicit_seeds)) != len(explicit_seeds):
            errors.append("seeds must not repeat a seed (the seed is the pairing key)")
    elif not _is_int(n) or n < 1:
        errors.append(f"n must be an integer >= 1, got {n!r}")
    if not _is_fraction(alpha) or not 0 < alpha < 1:
        errors.append(f"alpha must be in (0, 1), got {alpha!r}")
    if max_collapse_rate is not None and (
        not _is_fraction(max_collapse_rate) or not 0 <= max_collapse_rate <= 1
    ):
        errors.append(f"max_collapse_rate must be in [0, 1], got {max_collapse_rate!r}")
    if min_f1 is not None and (not _is_fraction(min_f1) or not 0 <= min_f1 <= 1):
        errors.append(f"min_f1 must be in [0, 1], got {min_f1!r}")
    if reference is not None:
        errors.extend(_reference_errors(reference))
    if not _is_int(allow_errors) or allow_errors < 0:
        errors.append(f"allow_errors must be an integer >= 0, got {allow_errors!r}")
    if timeout is not None and (not _is_fraction(timeout) or not timeout > 0):
        errors.append(f"timeout must be a positive number of seconds, got {timeout!r}")
    if resources is not None:
        from .executors.resources import resource_errors

        errors.extend(resource_errors(resources))
    if trivial_baseline not in ("warn", "fail", "off"):
        errors.append(f"trivial_baseline must be 'warn', 'fail' or 'off', got {trivial_baseline!r}")

    def decorate(function: Callable) -> Callable:
        params = {
            "n": None if explicit_seeds is not None else n,
            "seeds": explicit_seeds,
            "max_collapse_rate": max_collapse_rate,
            "reference": reference if not isinstance(reference, Mapping) else dict(reference),
            "alpha": alpha,
            "min_f1": min_f1,
            "allow_errors": allow_errors,
            "timeout": timeout,
            "trivial_baseline": trivial_baseline,
            "resources": None if resources is None else dict(resources),
        }
        if errors:
            return extend_sweep(function, decorator="seed_sweep", params=params, errors=errors)
        from .checks import sweep as sweep_checks

        values = explicit_seeds if explicit_seeds is not None else range(n)
        checks: list = [sweep_checks.AllowedErrors(allow_errors)]
        if max_collapse_rate is not None:
            checks.append(sweep_checks.MaxCollapseRate(max_collapse_rate, alpha))
        if reference is not None:
            checks.append(sweep_checks.ReferenceCollapses(reference, alpha))
        if min_f1 is not None:
            checks.append(sweep_checks.MinMeanF1(min_f1, alpha))
        if trivial_baseline != "off":
            checks.append(
                sweep_checks.TrivialBaseline(
                    severity="error" if trivial_baseline == "fail" else "warning"
                )
            )
        return extend_sweep(
            function,
            decorator="seed_sweep",
            params=params,
            axis=Axis(SEED_AXIS, tuple(values), pairing=True),
            checks=checks,
            settings={
                "timeout": timeout,
                "resources": None if resources is None else dict(resources),
            },
        )

    return decorate
