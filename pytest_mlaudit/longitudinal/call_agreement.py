"""Longitudinal consistency of calls across builds (seed paper, §II-B).

A series of builds is longitudinally consistent on a test set at confidence p when, among the
cases on which *all* builds give a reportable call, at least a share p get the same call from every
build. Cases where only some builds report are not discrepancies by that definition; they are
counted separately because a clinician sees them too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .calls import calls_and_scores, tau_of_calls


@dataclasses.dataclass(frozen=True)
class Discrepancy:
    case: int
    calls: dict[str, int]
    scores: dict[str, float]


@dataclasses.dataclass(frozen=True)
class Agreement:
    """Agreement of reportable calls; ``share`` is agreeing / all-reportable."""

    cases: int
    all_reportable: int
    agreeing: int
    partly_reportable: int
    discrepancies: tuple[Discrepancy, ...]
    tau: float | dict[int, float]  # one cutoff, or one per call class

    @property
    def discrepant(self) -> int:
        return len(self.discrepancies)

    @property
    def share(self) -> float:
        # No case reportable on every build leaves nothing to disagree on: vacuously consistent,
        # which the check flags separately (a τ that reports nothing is no clinical test).
        return self.agreeing / self.all_reportable if self.all_reportable else 1.0

    def to_dict(self, limit: int = 50) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "all_reportable": self.all_reportable,
            "agreeing": self.agreeing,
            "discrepant": self.discrepant,
            "partly_reportable": self.partly_reportable,
            "share": self.share,
            "tau": self.tau,
            "discrepant_cases": [dataclasses.asdict(d) for d in self.discrepancies[:limit]],
        }


def agreement(scores_by_build: Mapping[str, Any], tau: Any) -> Agreement:
    """Compare the calls of every build on the same evaluation cases; `tau` is one cutoff, or a
    mapping class index -> cutoff (a call is reportable when its score reaches its class's τ)."""
    import numpy as np

    if len(scores_by_build) < 2:
        raise ValueError("agreement needs the scores of at least two builds")
    labels = list(scores_by_build)
    calls, scores = zip(*(calls_and_scores(scores_by_build[b]) for b in labels))
    sizes = {len(c) for c in calls}
    if len(sizes) != 1:
        raise ValueError(
            "builds scored different numbers of cases: "
            + ", ".join(f"{b}={len(c)}" for b, c in zip(labels, calls))
        )
    call_matrix = np.stack(calls)
    reportable = np.stack([score >= tau_of_calls(tau, call) for call, score in zip(calls, scores)])
    everywhere = reportable.all(axis=0)
    same = (call_matrix == call_matrix[0]).all(axis=0)
    differing = np.flatnonzero(everywhere & ~same)
    discrepancies = tuple(
        Discrepancy(
            int(i),
            {b: int(calls[j][i]) for j, b in enumerate(labels)},
            {b: float(scores[j][i]) for j, b in enumerate(labels)},
        )
        for i in differing
    )
    return Agreement(
        cases=int(call_matrix.shape[1]),
        all_reportable=int(everywhere.sum()),
        agreeing=int((everywhere & same).sum()),
        partly_reportable=int((reportable.any(axis=0) & ~everywhere).sum()),
        discrepancies=discrepancies,
        tau=dict(tau) if isinstance(tau, Mapping) else float(tau),
    )


@dataclasses.dataclass(frozen=True)
class ConsistencyTest:
    """The verdict on ``share >= p`` and the exact binomial evidence behind it."""

    p_required: float
    share: float
    agreeing: int
    all_reportable: int
    p_value: float
    lower_bound: float
    confidence: float
    rule: str
    passed: bool


def consistency_test(result: Agreement, p: float, alpha: float | None = None) -> ConsistencyTest:
    """Judge ``result`` against the required share ``p``.

    The seed paper defines consistency on a *given* test set, so by default the verdict is the
    observed share against p (``alpha=None``). Treating the test set as a sample of future cases,
    ``alpha`` instead requires a one-sided exact binomial test (H0: agreement rate <= p) to reject at
    that level. Either way the binomial p-value and the Clopper–Pearson lower bound are reported.
    """
    from scipy.stats import binomtest

    if not 0 < p <= 1:
        raise ValueError(f"p={p!r}: expected 0 < p <= 1")
    n, k = result.all_reportable, result.agreeing
    level = 1 - (alpha if alpha is not None else 0.05)
    if n:
        test = binomtest(k, n, p, alternative="greater")
        p_value = float(test.pvalue)
        lower = float(test.proportion_ci(confidence_level=level, method="exact").low)
    else:
        p_value, lower = 1.0, 0.0
    if alpha is None:
        passed = result.share >= p and n > 0
        rule = f"observed share of agreeing reportable calls >= p={p:g} (the paper's definition)"
    else:
        passed = n > 0 and p_value < alpha
        rule = f"exact one-sided binomial test of agreement rate > p={p:g} at alpha={alpha:g}"
    return ConsistencyTest(p, result.share, k, n, p_value, lower, level, rule, passed)
