"""Probe 2, the single-feature scan (Stage 2 of §5): each feature alone against the label.

For every column, the AUROC of the feature's raw value as a score for the label, tie-aware (the
Mann-Whitney U over n1*n0 with mid-ranks, ``metrics.auroc``), and the two-sided Mann-Whitney
p-value of "this feature carries no information about the label" (scipy.stats.mannwhitneyu,
asymptotic with tie correction; it assumes independent rows). A column is flagged as
near-perfect separation when ``|AUROC - 0.5| >= threshold`` (default 0.45: AUROC >= 0.95 or
<= 0.05, the evalml-style cut-off); every column is listed with its AUROC, flagged or not.

What it cannot see: a leak that fires on no row (the germline case: ``low_vaf`` is 0 everywhere,
AUROC exactly 0.5) and a leak that fires on few rows (AUROC barely above 0.5, far from any
threshold, though its p-value may still be small). The rename probe sees both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from .columns import as_columns


@dataclasses.dataclass(frozen=True)
class FeatureAuroc:
    column: str
    auroc: float
    p_value: float
    distinct_values: int
    flagged: bool


@dataclasses.dataclass(frozen=True)
class FeatureScan:
    """Every column's single-feature AUROC; ``str()`` renders the table, strongest first."""

    rows: tuple
    threshold: float
    positives: int
    negatives: int

    @property
    def flagged(self) -> list:
        return [row.column for row in self.rows if row.flagged]

    def auroc(self, column: str) -> float:
        for row in self.rows:
            if row.column == column:
                return row.auroc
        raise KeyError(
            f"no column {column!r} in the scan; columns: {[r.column for r in self.rows]!r}"
        )

    def __str__(self) -> str:
        width = max([len(row.column) for row in self.rows] + [6])
        lines = [
            f"single-feature AUROC vs the label ({self.positives} positives, {self.negatives} negatives); "
            f"flagged when |AUROC - 0.5| >= {self.threshold:g}",
            f"  {'column':<{width}}  {'AUROC':>6}  {'p (Mann-Whitney)':>16}  {'distinct':>8}",
        ]
        for row in sorted(self.rows, key=lambda r: -abs(r.auroc - 0.5)):
            mark = "  <- near-perfect separation" if row.flagged else ""
            lines.append(
                f"  {row.column:<{width}}  {row.auroc:>6.3f}  {row.p_value:>16.3g}  {row.distinct_values:>8}{mark}"
            )
        return "\n".join(lines)


def single_feature_auroc(
    features: Any,
    labels: Sequence,
    *,
    names: Sequence[str] | None = None,
    threshold: float = 0.45,
) -> FeatureScan:
    """AUROC of each feature alone against 0/1 ``labels``; see the module docstring."""
    from scipy.stats import mannwhitneyu

    from ..core.metrics import auroc

    if not 0 < threshold <= 0.5:
        raise ValueError(f"threshold must be in (0, 0.5], got {threshold!r}")
    columns = as_columns(features, names, what="features")
    y = np.asarray(labels)
    if set(np.unique(y).tolist()) - {0, 1}:
        raise ValueError(
            f"labels must be 0/1, got values {sorted(set(np.unique(y).tolist()))[:5]!r}"
        )
    y = y.astype(int)
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    if positives == 0 or negatives == 0:
        raise ValueError("labels must contain both classes")
    rows = []
    for column, values in columns.items():
        if len(values) != len(y):
            raise ValueError(f"column {column!r} has {len(values)} values for {len(y)} labels")
        try:
            numeric = values.astype(float)
        except (TypeError, ValueError):
            raise ValueError(
                f"column {column!r} is not numeric (first value {values[0]!r})"
            ) from None
        if not np.isfinite(numeric).all():
            bad = int(np.flatnonzero(~np.isfinite(numeric))[0])
            raise ValueError(f"column {column!r} has a NaN or infinite value at row {bad}")
        area = auroc(y, numeric)
        if np.ptp(numeric) == 0:
            p_value = 1.0  # a constant column carries no information; scipy would warn
        else:
            p_value = float(
                mannwhitneyu(numeric[y == 1], numeric[y == 0], alternative="two-sided").pvalue
            )
        rows.append(
            FeatureAuroc(
                column,
                float(area),
                p_value,
                len(np.unique(numeric)),
                bool(abs(area - 0.5) >= threshold),
            )
        )
    return FeatureScan(
        rows=tuple(rows), threshold=threshold, positives=positives, negatives=negatives
    )
