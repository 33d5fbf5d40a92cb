"""`Run`: what a sweep test returns, one training's held-out labels and predictions, and its exact
JSON form (the resume store keeps runs in it). numpy is imported inside the methods.

The task kind (binary, multiclass, regression) is read from the arrays' shapes or said with
`task=`; `core.task` holds the rules and the one message a malformed Run gets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .metric_names import BINARY, MULTICLASS, REGRESSION, is_built_in, name_error
from .task import MalformedRun, normalise


class Run:
    """One training's held-out labels and predictions, and its training-loss history.

    - binary: `y_true` 0/1 labels, `y_score` the predicted probability of class 1 ((n,), or the
      (n, 2) `predict_proba` matrix), `threshold` the decision threshold for F1 and the positive rate;
    - multiclass: `y_true` class labels, `y_score` (n, k) class probabilities or predicted labels
      (or `y_pred=` labels), `classes` the labels of the columns when they are not 0..k-1;
    - regression: `y_true` real targets, `y_pred` real-valued predictions.

    `task` ("binary", "multiclass", "regression") says the kind outright; without it the kind is
    inferred from the shapes. `losses`: the per-step or per-epoch training losses (optional;
    NaN/Inf there counts as a collapse). `metrics`: numbers the test computed itself
    (`{"mcc": 0.41}`), reported beside the built-in metrics. `extra`: anything else worth keeping
    (JSON-serialisable if the sweep is to be resumed).

    After construction, classification runs store class *indices*: `y_true` and `y_pred` index
    `classes` (equal to the labels when those are 0..k-1).
    """

    __slots__ = (
        "classes",
        "extra",
        "losses",
        "metrics",
        "task",
        "threshold",
        "y_pred",
        "y_score",
        "y_true",
    )

    def __init__(
        self,
        y_true: Any,
        y_score: Any = None,
        losses: Any = None,
        threshold: float = 0.5,
        extra: Any = None,
        *,
        y_pred: Any = None,
        task: str | None = None,
        metrics: Mapping[str, Any] | None = None,
        classes: Any = None,
    ) -> None:
        import numpy as np

        arrays = normalise(y_true, y_score, y_pred, task=task, classes=classes)
        self.task: str = arrays.task
        self.y_true = arrays.y_true
        self.y_score = arrays.y_score
        self.y_pred = arrays.y_pred
        self.classes: tuple | None = arrays.classes
        try:
            self.losses = None if losses is None else np.asarray(losses, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise MalformedRun(f"losses must be numbers, got {type(losses).__name__}") from None
        if not isinstance(threshold, (int, float)) or not math.isfinite(threshold):
            raise MalformedRun(f"threshold must be a finite number, got {threshold!r}")
        self.threshold = float(threshold)
        self.extra = extra
        self.metrics: dict[str, float] = _user_metrics(metrics)

    # -- reading -----------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return int(self.y_true.size)

    def predicted(self) -> Any:
        """Predicted labels (binary: `y_score >= threshold` as 0/1; multiclass: class indices) or,
        for regression, the predictions."""
        if self.task == BINARY:
            from .binary_metrics import predicted_positive

            return predicted_positive(self.y_score, self.threshold).astype(int)
        return self.y_pred

    def labels(self, indices: Any) -> list:
        """Class labels of class indices (multiclass and binary)."""
        table = self.classes or (0, 1)
        return [table[int(i)] for i in indices]

    @classmethod
    def coerce(cls, value: Any) -> Run:
        """A `Run` from what a test returned: a Run, or a dict with Run's keys."""
        if isinstance(value, Run):
            return value
        if isinstance(value, Mapping):
            unknown = set(value) - set(cls.__slots__)
            if unknown:
                raise MalformedRun(
                    f"the returned dict has unknown keys {sorted(unknown)!r}; Run takes {sorted(cls.__slots__)!r}"
                )
            return cls(**value)
        raise MalformedRun(
            f"a sweep test must return a Run (or a dict with its keys), got {type(value).__name__}"
        )

    # -- JSON --------------------------------------------------------------------------------------
    def to_json(self) -> dict:
        """Exact and compact: arrays as base64 of their bytes (NaN survives, floats round-trip)."""
        label_dtype = "int8" if self.task == BINARY else "int64"
        return {
            "task": self.task,
            "y_true": _pack(self.y_true, "float64" if self.task == REGRESSION else label_dtype),
            "y_score": None if self.y_score is None else _pack(self.y_score, "float64"),
            "y_pred": None
            if self.y_pred is None
            else _pack(self.y_pred, "float64" if self.task == REGRESSION else "int64"),
            "classes": None if self.classes is None else list(self.classes),
            "losses": None if self.losses is None else _pack(self.losses, "float64"),
            "threshold": self.threshold,
            "metrics": {k: (None if math.isnan(v) else v) for k, v in self.metrics.items()},
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Run:
        task = data.get("task", BINARY)  # reports and resume files before task kinds: binary
        losses = data.get("losses")
        y_score = None if data.get("y_score") is None else _unpack(data["y_score"])
        y_pred = None if data.get("y_pred") is None else _unpack(data["y_pred"])
        truth = _unpack(data["y_true"])
        classes = data.get("classes")
        if task == MULTICLASS and classes is not None:
            truth = [classes[int(i)] for i in truth]  # stored as indices: back to labels
            if y_pred is not None:
                y_pred = [classes[int(i)] for i in y_pred]
        return cls(
            y_true=truth,
            y_score=y_score,
            y_pred=y_pred,
            losses=None if losses is None else _unpack(losses),
            threshold=data.get("threshold", 0.5),
            extra=data.get("extra"),
            task=task,
            classes=classes if task == MULTICLASS else None,
            metrics={
                k: (math.nan if v is None else v) for k, v in (data.get("metrics") or {}).items()
            },
        )

    def __repr__(self) -> str:
        if self.task == BINARY:
            return f"Run(binary, n={self.n}, positives={int(self.y_true.sum())}, threshold={self.threshold})"
        if self.task == MULTICLASS:
            kind = "probabilities" if self.y_score is not None else "labels"
            return f"Run(multiclass, n={self.n}, classes={len(self.classes or ())}, {kind})"
        return f"Run(regression, n={self.n})"


def _user_metrics(metrics: Mapping[str, Any] | None) -> dict[str, float]:
    if metrics is None:
        return {}
    if not isinstance(metrics, Mapping):
        raise MalformedRun(
            f"metrics must be a dict of name -> number, got {type(metrics).__name__}"
        )
    out: dict[str, float] = {}
    for name, value in metrics.items():
        problem = name_error(name, "a metrics key")
        if problem:
            raise MalformedRun(problem)
        if is_built_in(name):
            raise MalformedRun(
                f"metrics names the built-in metric {name!r}, which mlaudit computes itself; rename yours"
            )
        if isinstance(value, bool) or value is None:
            raise MalformedRun(f"metrics[{name!r}] must be a number, got {value!r}")
        try:
            out[name] = float(value)
        except (TypeError, ValueError):
            raise MalformedRun(f"metrics[{name!r}] must be a number, got {value!r}") from None
    return out


def _pack(array: Any, dtype: str) -> dict:
    import base64

    import numpy as np

    data = np.ascontiguousarray(array, dtype=dtype)
    packed: dict[str, Any] = {
        "dtype": dtype,
        "base64": base64.b64encode(data.tobytes()).decode("ascii"),
    }
    if data.ndim > 1:
        packed["shape"] = list(data.shape)
    return packed


def _unpack(packed: Any) -> Any:
    import base64

    import numpy as np

    if isinstance(packed, Mapping):
        array = np.frombuffer(base64.b64decode(packed["base64"]), dtype=packed["dtype"])
        shape = packed.get("shape")
        return array.reshape(shape) if shape else array
    return np.asarray([float("nan") if v is None else v for v in packed], dtype=float)
