"""`Run`: what a sweep test returns, one training's held-out labels and scores, and its exact JSON
form (the resume store keeps runs in it). numpy is imported inside the methods."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


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
        # Finite scores outside [0, 1] are not probabilities: the run is an error. NaN and +-inf
        # are kept: they are what a diverged training outputs, and count as a collapse (Eq. 3).
        with np.errstate(invalid="ignore"):
            outside = np.flatnonzero(
                np.isfinite(self.y_score) & ((self.y_score < 0) | (self.y_score > 1))
            )
        if outside.size:
            first = int(outside[0])
            raise ValueError(
                f"Run: y_score must be probabilities in [0, 1]; {outside.size} of "
                f"{self.y_score.size} are not (first: {float(self.y_score[first])!r} at index {first}). "
                "Pass probabilities (e.g. sigmoid of the logits); NaN/inf count as a collapse"
            )

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
