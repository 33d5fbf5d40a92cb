"""What kind of task a `Run` describes, read from the shapes it was given, and the one message a
malformed Run gets.

    binary       y_true 0/1 labels (n,); y_score P(class 1) in [0, 1], (n,) or (n, 2) (column 1 is
                 taken), or predicted 0/1 labels
    multiclass   y_true class labels (n,); y_score (n, k) probabilities with rows summing to 1, or
                 predicted labels (n,) (as y_score or y_pred); `classes` names the columns when the
                 labels are not 0..k-1 (scikit-learn: `model.classes_`)
    regression   y_true real values (n,); y_pred real-valued predictions (n,)

`task=` says the kind outright; without it the kind is inferred (docs/tasks/index.md has the rules)
and a Run the rules cannot place is malformed. Non-finite scores or predictions are not malformed:
they are a collapse of that run (Eq. 3 and its analogues), judged by the collapse rules.

numpy is imported inside the functions.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .metric_names import BINARY, MULTICLASS, REGRESSION, TASKS

# Rows of a probability matrix must sum to 1 within this (float32 softmax is within ~1e-6).
ROW_SUM_TOLERANCE = 1e-3
# Probabilities may stray this far outside [0, 1] from rounding.
PROBABILITY_TOLERANCE = 1e-6

EXPECTED = (
    "binary expects y_true 0/1 labels (n,) and y_score P(class 1) in [0, 1] as (n,) or (n, 2); "
    "multiclass expects y_true class labels (n,) and y_score (n, k) probabilities (rows sum to 1) "
    "or predicted labels (n,) with task='multiclass' (classes=model.classes_ when labels are not 0..k-1); "
    "regression expects y_true real values (n,) and y_pred real-valued predictions (n,)"
)


class MalformedRun(ValueError):
    """A Run whose arrays fit no task kind (or not the one it names). Its message is one line:
    the shapes given and what each task kind expects. A sweep stops at the first one."""

    def __init__(self, problem: str, given: str = "") -> None:
        self.problem = problem
        self.given = given
        super().__init__(f"Run: {problem}{f' (given: {given})' if given else ''}. {EXPECTED}")


@dataclasses.dataclass
class Normalised:
    """The arrays of a Run as its task kind stores them."""

    task: str
    y_true: Any  # binary/multiclass: int class indices; regression: float64
    y_score: Any  # binary: float64 (n,); multiclass: float64 (n, k) or None; regression: None
    y_pred: Any  # binary: None; multiclass: int indices; regression: float64
    classes: tuple | None  # multiclass: labels in column order; binary: (0, 1); regression: None


def describe_array(name: str, value: Any) -> str:
    import numpy as np

    if value is None:
        return f"{name}=None"
    array = np.asarray(value)
    return f"{name} shape {tuple(array.shape)} dtype {array.dtype}"


def _given(y_true: Any, y_score: Any, y_pred: Any, task: Any) -> str:
    parts = [describe_array("y_true", y_true), describe_array("y_score", y_score)]
    if y_pred is not None:
        parts.append(describe_array("y_pred", y_pred))
    if task is not None:
        parts.append(f"task={task!r}")
    return ", ".join(parts)


def _column(value: Any, name: str, fail: Any) -> Any:
    """A 1-D array from (n,) or (n, 1)."""
    import numpy as np

    array = np.asarray(value)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim == 0:
        fail(f"{name} is a single value, not one per example")
    if array.ndim != 1:
        fail(f"{name} must hold one value per example, shape (n,), got {tuple(array.shape)}")
    return array


def _is_number_array(array: Any) -> bool:
    return array.dtype.kind in "biuf"


def _integer_valued(array: Any) -> bool:
    import numpy as np

    if array.dtype.kind in "biu":
        return True
    if array.dtype.kind != "f":
        return False
    finite = array[np.isfinite(array)]
    return finite.size == array.size and bool(np.all(finite == np.round(finite)))


def _binary_labels(array: Any) -> bool:
    import numpy as np

    if not _is_number_array(array) or not _integer_valued(array):
        return False
    return set(np.unique(array).tolist()) <= {0, 1}


def normalise(
    y_true: Any,
    y_score: Any,
    y_pred: Any,
    *,
    task: str | None,
    classes: Any = None,
) -> Normalised:
    """The task kind and the stored arrays, or MalformedRun naming what does not fit."""
    import numpy as np

    given = _given(y_true, y_score, y_pred, task)

    def fail(problem: str) -> None:
        raise MalformedRun(problem, given)

    if task is not None and task not in TASKS:
        fail(f"task must be one of {TASKS!r}, got {task!r}")
    if y_score is None and y_pred is None:
        fail("no predictions: give y_score= (classification) or y_pred= (regression)")
    truth = _column(y_true, "y_true", fail)
    if truth.size == 0:
        fail("y_true is empty")
    score = None if y_score is None else np.asarray(y_score)
    pred = None if y_pred is None else _column(y_pred, "y_pred", fail)
    for name, array in (("y_score", score), ("y_pred", pred)):
        if array is not None and array.shape[:1] != truth.shape:
            fail(
                f"y_true has {truth.size} values but {name} has {array.shape[0] if array.ndim else 1}"
            )
    if task is None:
        task = _infer(truth, score, pred, classes, fail)
    if task == REGRESSION:
        return _regression(truth, score, pred, fail)
    if task == BINARY:
        return _binary(truth, score, pred, classes, fail)
    return _multiclass(truth, score, pred, classes, fail)


def _infer(truth: Any, score: Any, pred: Any, classes: Any, fail: Any) -> str:
    if score is None:
        # y_pred alone: real-valued predictions (regression) unless they look like class labels.
        if not _is_number_array(truth) or not _is_number_array(pred):
            return MULTICLASS
        if _integer_valued(truth) and _integer_valued(pred):
            import numpy as np

            if set(np.unique(pred).tolist()) <= set(np.unique(truth).tolist()):
                fail(
                    "y_pred holds integers that are all labels found in y_true: class labels or "
                    "integer regression targets? say task='multiclass' (or 'binary') or task='regression'"
                )
        return REGRESSION
    if score.ndim == 2 and score.shape[1] >= 3:
        return MULTICLASS
    if score.ndim == 2 and score.shape[1] == 2:
        return BINARY if _binary_labels(truth) and _binary_classes(classes) else MULTICLASS
    if score.ndim == 2 and score.shape[1] == 1:
        score = score[:, 0]
    if score.ndim != 1:
        fail(
            f"y_score must be (n,) scores, (n, k) probabilities or (n,) labels, got {tuple(score.shape)}"
        )
    if _binary_labels(truth) and _binary_classes(classes):
        return BINARY
    if _is_number_array(truth) and not _integer_valued(truth):
        fail(
            "y_true is real-valued, not class labels: for regression pass y_pred= (or task='regression')"
        )
    if _integer_valued(score) or not _is_number_array(score):
        return MULTICLASS  # predicted labels
    import numpy as np

    distinct = np.unique(truth)
    fail(
        f"y_true holds {distinct.size} classes ({_preview(distinct)}) but y_score is one real score per "
        "example: for multiclass give (n, k) probabilities (predict_proba) or predicted labels"
    )
    return MULTICLASS  # not reached


def _binary_classes(classes: Any) -> bool:
    """No classes given, or the classes of a 0/1 problem (scikit-learn's `classes_` [0, 1])."""
    if classes is None:
        return True
    import numpy as np

    return list(np.asarray(list(classes)).tolist()) in ([0, 1], [False, True])


def _preview(values: Any, limit: int = 6) -> str:
    shown = ", ".join(repr(v) for v in list(values.tolist())[:limit])
    return shown + (", …" if len(values) > limit else "")


def _real(array: Any, name: str, fail: Any) -> Any:
    import numpy as np

    if not _is_number_array(array):
        fail(f"{name} must be numbers, got dtype {array.dtype}")
    return np.asarray(array, dtype=np.float64)


def _regression(truth: Any, score: Any, pred: Any, fail: Any) -> Normalised:
    import numpy as np

    if score is not None and pred is not None:
        fail("regression takes y_pred only (y_score is for class probabilities)")
    predictions = pred if pred is not None else score
    if predictions.ndim == 2 and predictions.shape[1] == 1:
        predictions = predictions[:, 0]
    if predictions.ndim != 1:
        fail(f"regression predictions must be (n,), got {tuple(predictions.shape)}")
    truth = _real(truth, "y_true", fail)
    if not np.isfinite(truth).all():
        fail("y_true holds NaN or Inf; regression targets must be finite")
    return Normalised(REGRESSION, truth, None, _real(predictions, "y_pred", fail), None)


def _binary(truth: Any, score: Any, pred: Any, classes: Any, fail: Any) -> Normalised:
    import numpy as np

    if score is not None and pred is not None:
        fail("binary takes y_score only: P(class 1), or predicted 0/1 labels as y_score")
    values = score if score is not None else pred
    if values.ndim == 2 and values.shape[1] == 2:
        values = values[:, 1]  # predict_proba of a binary classifier: P(class 1) is column 1
    elif values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        fail(f"binary y_score must be (n,) or (n, 2), got {tuple(values.shape)}")
    if not _binary_classes(classes):
        fail(f"binary classes are 0 and 1; classes={list(classes)!r} needs task='multiclass'")
    if not _binary_labels(truth):
        found = np.unique(truth)
        fail(f"y_true must hold 0/1 labels, found {_preview(found)}")
    values = _real(values, "y_score", fail)
    # Finite scores outside [0, 1] are not probabilities. NaN and +-inf are kept: they are what a
    # diverged training outputs, and count as a collapse (Eq. 3).
    with np.errstate(invalid="ignore"):
        outside = np.flatnonzero(
            np.isfinite(values)
            & ((values < -PROBABILITY_TOLERANCE) | (values > 1 + PROBABILITY_TOLERANCE))
        )
    if outside.size:
        finite = values[np.isfinite(values)]
        first = int(outside[0])
        fail(
            f"y_score must be probabilities in [0, 1]; {outside.size} of {values.size} are not "
            f"(min {finite.min():.4g}, max {finite.max():.4g}; first {float(values[first])!r} at "
            "index {first}): binary y_score is P(class 1); apply a sigmoid to logits "
            "(scipy.special.expit) or pass predicted 0/1 labels; NaN/inf count as a collapse".replace(
                "{first}", str(first)
            )
        )
    return Normalised(BINARY, truth.astype(int), values, None, (0, 1))


def _class_table(truth: Any, labels: list, classes: Any, columns: int | None, fail: Any) -> tuple:
    """The class labels in column order."""
    import numpy as np

    if classes is not None:
        table = tuple(np.asarray(list(classes)).tolist())
        if len(set(table)) != len(table):
            fail(f"classes repeats a label: {list(table)!r}")
        if columns is not None and columns != len(table):
            fail(f"y_score has {columns} columns but classes names {len(table)}")
        return table
    seen = np.unique(np.concatenate([truth, *labels])) if labels else np.unique(truth)
    if _is_number_array(seen) and _integer_valued(seen) and seen.min() >= 0:
        size = int(seen.max()) + 1
        if columns is not None:
            if size > columns:
                fail(
                    f"y_true holds label {int(seen.max())} but y_score has only {columns} columns "
                    "(labels 0..k-1 index the columns; pass classes=model.classes_ otherwise)"
                )
            size = columns
        return tuple(range(max(size, 2)))
    table = tuple(seen.tolist())
    if columns is not None and columns != len(table):
        fail(
            f"y_true holds {len(table)} labels ({_preview(seen)}) but y_score has {columns} columns: "
            "pass classes=model.classes_ to name the columns"
        )
    return table


def _indices(values: Any, table: tuple, name: str, fail: Any) -> Any:
    import numpy as np

    position = {label: i for i, label in enumerate(table)}
    try:
        return np.fromiter(
            (position[v] for v in values.tolist()), dtype=np.int64, count=values.size
        )
    except (KeyError, TypeError):
        unknown = [v for v in values.tolist() if v not in position][:3]
        fail(
            f"{name} holds labels that are not classes: {unknown!r} (classes: {list(table)[:8]!r})"
        )
    return None  # not reached


def _multiclass(truth: Any, score: Any, pred: Any, classes: Any, fail: Any) -> Normalised:
    import numpy as np

    probabilities = None
    labels = pred
    if score is not None:
        if score.ndim == 2 and score.shape[1] >= 2:
            probabilities = _real(score, "y_score", fail)
        elif score.ndim == 1 or (score.ndim == 2 and score.shape[1] == 1):
            if pred is not None:
                fail("multiclass y_score must be (n, k) probabilities when y_pred gives the labels")
            labels = score.reshape(-1)
        else:
            fail(
                f"multiclass y_score must be (n, k) probabilities or (n,) labels, got {tuple(score.shape)}"
            )
    if _is_number_array(truth) and not _integer_valued(truth):
        fail(
            "y_true must hold class labels, found real values (regression? pass y_pred= and task='regression')"
        )
    if labels is not None and _is_number_array(labels) and not _integer_valued(labels):
        fail(
            "predicted labels must be class labels, found real values (probabilities belong in y_score as (n, k))"
        )
    columns = None if probabilities is None else probabilities.shape[1]
    table = _class_table(truth, [] if labels is None else [labels], classes, columns, fail)
    truth_index = _indices(truth, table, "y_true", fail)
    if probabilities is not None:
        finite_rows = np.isfinite(probabilities).all(axis=1)
        rows = probabilities[finite_rows]
        if rows.size:
            low, high = rows.min(), rows.max()
            sums = rows.sum(axis=1)
            if low < -PROBABILITY_TOLERANCE or high > 1 + PROBABILITY_TOLERANCE:
                fail(
                    f"y_score holds values outside [0, 1] (min {low:.4g}, max {high:.4g}): multiclass "
                    "y_score is probabilities; apply a softmax to logits (scipy.special.softmax(x, axis=1))"
                )
            if np.abs(sums - 1.0).max() > ROW_SUM_TOLERANCE:
                fail(
                    f"y_score rows must sum to 1 (found sums {sums.min():.4g}..{sums.max():.4g}): "
                    "give class probabilities (predict_proba, or a softmax over logits)"
                )
    if labels is not None:
        predicted = _indices(labels, table, "predicted labels", fail)
    else:
        assert probabilities is not None
        predicted = np.nan_to_num(probabilities, nan=-np.inf).argmax(axis=1)
    return Normalised(MULTICLASS, truth_index, probabilities, predicted, table)
