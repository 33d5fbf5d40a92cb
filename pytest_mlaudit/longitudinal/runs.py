"""Building the `Run` a longitudinal test returns.

The core `Run` holds binary labels and one score per case (its metrics are binary). A longitudinal
test has more to hand over: class probabilities, the holdout from which τ is chosen, and the
parameter trail. ``longitudinal_run`` packs them, under the keys the check reads, into ``extra``:

========================  ==============================================================
``extra`` key             what
========================  ==============================================================
``proba``                 n × C class probabilities on the evaluation ("clinical") set
``calls``                 ``{"calls": [...], "scores": [...], "tau": None}``: JSON-ready per-case
                          calls; the check fills in τ, and the report carries them to
                          ``mlaudit diff``
``holdout_labels``        labels of the holdout set (for ``tau="roc"``)
``holdout_proba``         probabilities on the holdout set (for ``tau="roc"``)
``params``                final flat parameter vector (numpy, the training precision)
``snapshots``             ``[(step, flat parameters), ...]`` taken during training
``step_digests``          a fingerprint of the parameters after every step (index = step)
========================  ==============================================================

The Run's own ``y_true``/``y_score`` are class ``positive_class`` against the rest (the seed paper's
clinical question, "RTK I or not"), so the core metrics (F1, AUROC, ...) describe that question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.run import Run
from .calls import calls_and_scores
from .divergence import as_flat_array


def longitudinal_run(
    labels: Any,
    proba: Any,
    *,
    positive_class: int = 0,
    holdout: tuple[Any, Any] | None = None,
    params: Any = None,
    snapshots: Sequence[tuple[int, Any]] | None = None,
    step_digests: Sequence[str] | None = None,
    losses: Any = None,
    threshold: float = 0.5,
) -> Run:
    """A `Run` for ``@longitudinal`` from labels and class probabilities on the evaluation set.

    ``proba`` may also be a vector of P(class 1) for a binary classifier. ``params`` may be a model
    (its parameters are flattened), a tensor or an array. ``threshold`` is the core metrics'
    cut-off on P(positive_class) (F1, positive rate and hence the collapse flag): with many classes
    a weakly trained model may keep P(positive_class) under 0.5 everywhere and read as collapsed.
    """
    import numpy as np

    labels = np.asarray(labels).reshape(-1)
    scores = np.asarray(proba, dtype=np.float64)
    if scores.ndim == 2 and scores.shape[1] > 1:
        y_score = scores[:, positive_class]
        y_true = (labels == positive_class).astype(int)
    else:
        y_score = scores.reshape(-1)
        y_true = labels.astype(int)
    calls, call_scores = calls_and_scores(scores)
    extra: dict[str, Any] = {
        "proba": scores,
        "calls": {"calls": calls.tolist(), "scores": call_scores.tolist(), "tau": None},
    }
    if holdout is not None:
        holdout_labels, holdout_proba = holdout
        extra["holdout_labels"] = np.asarray(holdout_labels).reshape(-1)
        extra["holdout_proba"] = np.asarray(holdout_proba, dtype=np.float64)
    if params is not None:
        extra["params"] = as_flat_array(params).copy()
    if snapshots is not None:
        extra["snapshots"] = [(int(step), as_flat_array(p).copy()) for step, p in snapshots]
    if step_digests is not None:
        extra["step_digests"] = list(step_digests)
    return Run(y_true, y_score, losses=losses, threshold=threshold, extra=extra)
