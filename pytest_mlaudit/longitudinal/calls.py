"""Calls, scores and the reporting cutoff τ (the seed paper's Definitions 1–2 and §IV-F).

A classifier's output on one case is a probability vector; its *call* is the argmax class and its
*score* that probability. A call is *reportable* when its score is at least τ. For binary outputs
given as one probability p of the positive class, the call is ``p >= 0.5`` and the score is the
probability of the class called, ``max(p, 1 - p)``.

τ is one number for every call, or one per reported class (a mapping class index -> τ): a call of
class c is reportable when its score is at least τ_c. ``select_tau_per_class`` chooses them on a
holdout, each as the ROC rule does for that class's calls.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any


def calls_and_scores(y_score: Any) -> tuple[Any, Any]:
    """(calls, scores) as numpy arrays from binary probabilities or an n × C matrix."""
    import numpy as np

    scores = np.asarray(y_score, dtype=np.float64)
    if scores.ndim == 2 and scores.shape[1] == 1:
        scores = scores[:, 0]
    if scores.ndim == 1:
        calls = (scores >= 0.5).astype(np.int64)
        return calls, np.where(calls == 1, scores, 1.0 - scores)
    if scores.ndim != 2:
        raise ValueError(f"y_score: expected a vector or an n × C matrix, got shape {scores.shape}")
    calls = scores.argmax(axis=1)
    return calls, scores[np.arange(len(scores)), calls]


@dataclasses.dataclass(frozen=True)
class TauSelection:
    """τ chosen on a holdout: the largest recall reachable with no false reportable call."""

    tau: float
    recall: float
    positives: int
    negatives: int
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def select_tau_roc(y_true: Any, y_score: Any, positive_class: int | None = None) -> TauSelection:
    """τ that maximises recall subject to perfect precision on a holdout (seed paper, Fig. 1).

    - Binary scores (a vector of P(class 1)): positives are ``y_true == 1`` scored by P(class 1).
    - An n × C matrix with ``positive_class=c``: the paper's own coercion, one class against the
      rest ("GBM, RTK I" against everything else), scored by P(c).
    - An n × C matrix without ``positive_class``: a case is positive when its call is right, scored
      by its call score; precision is then the share of reportable calls that are right.

    With perfect precision required, τ is the smallest positive score above every negative score;
    ties with a negative are excluded because they would be reported too. When no positive scores
    above all negatives, τ is +inf (nothing is reportable) and recall is 0.
    """
    import numpy as np

    truth = np.asarray(y_true).reshape(-1)
    scores = np.asarray(y_score, dtype=np.float64)
    if scores.ndim == 2 and scores.shape[1] == 1:
        scores = scores[:, 0]
    if len(truth) != len(scores):
        raise ValueError(f"y_true has {len(truth)} cases but y_score has {len(scores)}")
    if scores.ndim == 1:
        positive = truth == 1
        rule = "binary: P(class 1), positives y_true == 1"
    elif positive_class is not None:
        if not 0 <= positive_class < scores.shape[1]:
            raise ValueError(
                f"positive_class={positive_class!r} is outside 0..{scores.shape[1] - 1}"
            )
        positive = truth == positive_class
        scores = scores[:, positive_class]
        rule = f"one-vs-rest: P(class {positive_class}) against all other classes"
    else:
        calls = scores.argmax(axis=1)
        positive = calls == truth
        scores = scores[np.arange(len(scores)), calls]
        rule = "call correctness: call score, positives are correct calls"
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0:
        return TauSelection(math.inf, 0.0, 0, n_neg, rule)
    ceiling = scores[~positive].max() if n_neg else -math.inf
    above = scores[positive & (scores > ceiling)]
    if above.size == 0:
        return TauSelection(math.inf, 0.0, n_pos, n_neg, rule)
    return TauSelection(float(above.min()), above.size / n_pos, n_pos, n_neg, rule)


def select_tau_per_class(y_true: Any, y_score: Any) -> dict[int, TauSelection]:
    """One τ per reported class, on a holdout: for the calls of class c, the smallest score of a
    correct call above every wrong call of c (largest recall of c's correct calls at perfect
    precision among c's calls). A class never called on the holdout gets τ = +inf: its calls are
    never reportable, as nothing vouches for them."""
    import numpy as np

    truth = np.asarray(y_true).reshape(-1)
    scores = np.asarray(y_score, dtype=np.float64)
    if scores.ndim != 2 or scores.shape[1] < 2:
        raise ValueError(f"τ per class needs an n × C probability matrix, got shape {scores.shape}")
    if len(truth) != len(scores):
        raise ValueError(f"y_true has {len(truth)} cases but y_score has {len(scores)}")
    calls, call_scores = calls_and_scores(scores)
    out = {}
    for c in range(scores.shape[1]):
        mine = calls == c
        selection = select_tau_roc((truth[mine] == c).astype(int), call_scores[mine])
        rule = f"calls of class {c}: correct calls above every wrong call of class {c}"
        out[c] = dataclasses.replace(selection, rule=rule)
    return out


def tau_of_calls(tau: Any, calls: Any) -> Any:
    """The τ that applies to each call: `tau` itself, or per call class from a mapping."""
    import numpy as np

    if not isinstance(tau, Mapping):
        return float(tau)
    table = {int(k): float(v) for k, v in tau.items()}
    return np.array([table.get(int(c), math.inf) for c in calls], dtype=np.float64)


def describe_tau(tau: Any) -> str:
    if isinstance(tau, Mapping):
        return "τ per class " + ", ".join(f"{k}: {float(v):.4g}" for k, v in sorted(tau.items()))
    return f"τ={float(tau):.4g}"
