"""Where run-to-run variance comes from: a factorial sweep and its variance components.

The sources listed by Gundersen et al. (seed 002) — initialisation, data order, splits, precision,
device — are varied independently in a fully crossed design, one training per cell. The metric's
variance is then split by a random-effects ANOVA of the balanced design:

    y = μ + a_init + b_order + c_split + ... + e,    a ~ N(0, σ²_init), ..., e ~ N(0, σ²_e)

Main effects are estimated from the level means; every interaction between sources is pooled into
the residual e (one training per cell leaves no separate error term), so the residual share reads
"interactions and anything not swept". Expected mean squares give σ²_f = (MS_f − MS_e) / (N / n_f),
truncated at 0; a source's *share* is σ²_f over the sum of all components. Each source also gets the
F test MS_f / MS_e (H0: σ²_f = 0), exact under the model's normality and additivity.

Confidence intervals come from a parametric bootstrap of the fitted model: new tables are drawn
with effects ~ N(0, σ̂²_f) per level and residuals ~ N(0, σ̂²_e), their shares recomputed, and the
percentile interval taken. It inherits the model's normality assumption and treats σ̂² as the truth
(a source estimated at exactly 0 gets the interval [0, 0] only if every draw agrees, which they do:
say so in reports). A nonparametric alternative — resampling each factor's levels, the pigeonhole
bootstrap — was tried and rejected: with 3–4 levels a resample often repeats one level, which makes
that factor's variance vanish and drags its lower bound towards 0 even when it explains 99.9 %.
With few levels the σ² estimates have few degrees of freedom (n_f − 1); add levels to narrow them.

``@variance_sources`` (the decorator) is in `variance.decorator`, its check in `variance.checks`.
This module imports numpy/scipy only inside functions.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

RESIDUAL = "interactions+residual"


@dataclasses.dataclass(frozen=True)
class SourceShare:
    """One variance component. For the residual row, ``levels`` holds its degrees of freedom."""

    source: str
    levels: int
    variance: float
    share: float
    ci_low: float
    ci_high: float
    f_statistic: float | None
    p_value: float | None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class VarianceDecomposition:
    """Variance components of one metric over a crossed design (residual last)."""

    metric: str
    shares: tuple[SourceShare, ...]
    total_variance: float
    observations: int
    confidence: float
    bootstrap: int

    def share(self, source: str) -> float:
        return next(s.share for s in self.shares if s.source == source)

    def dominant(self) -> SourceShare:
        return max(self.shares, key=lambda s: s.share)

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["shares"] = [s.to_dict() for s in self.shares]
        return out


def _components(table: Any) -> tuple[list, float, int, list, list]:
    """(σ² per factor, σ²_e, residual df, MS per factor, df per factor) of a full tensor."""

    total_n = table.size
    grand = table.mean()
    axes = range(table.ndim)
    ms_factors, df_factors, ss_factors = [], [], []
    for axis in axes:
        others = tuple(a for a in axes if a != axis)
        level_means = table.mean(axis=others)
        ss = total_n / table.shape[axis] * float(((level_means - grand) ** 2).sum())
        df = table.shape[axis] - 1
        ss_factors.append(ss)
        df_factors.append(df)
        ms_factors.append(ss / df if df else 0.0)
    ss_total = float(((table - grand) ** 2).sum())
    df_residual = total_n - 1 - sum(df_factors)
    ss_residual = max(0.0, ss_total - sum(ss_factors))
    ms_residual = ss_residual / df_residual if df_residual > 0 else 0.0
    sigmas = [
        max(0.0, (ms - ms_residual) / (total_n / table.shape[axis])) if df else 0.0
        for axis, (ms, df) in enumerate(zip(ms_factors, df_factors))
    ]
    return sigmas, ms_residual, df_residual, ms_factors, df_factors


def _shares(table: Any) -> list[float]:
    sigmas, residual, *_ = _components(table)
    parts = sigmas + [residual]
    total = sum(parts)
    return [p / total if total > 0 else math.nan for p in parts]


def decompose(
    table: Any,
    sources: Sequence[str],
    *,
    metric: str = "metric",
    confidence: float = 0.95,
    bootstrap: int = 1000,
    seed: int = 0,
) -> VarianceDecomposition:
    """Variance components of ``table`` (one axis per source, one value per cell).

    Raises ValueError for a table that is not a full finite tensor with one axis per source.
    """
    import numpy as np
    from scipy.stats import f as f_distribution

    values = np.asarray(table, dtype=np.float64)
    if values.ndim != len(sources):
        raise ValueError(f"table has {values.ndim} axes but {len(sources)} sources were named")
    if not np.isfinite(values).all():
        raise ValueError("table has missing or non-finite values: the design must be complete")
    sigmas, ms_residual, df_residual, ms_factors, df_factors = _components(values)
    total = sum(sigmas) + ms_residual
    point = [s / total if total > 0 else math.nan for s in sigmas + [ms_residual]]

    rng = np.random.default_rng(seed)
    draws = np.empty((bootstrap, len(sources) + 1))
    shape = values.shape
    for b in range(bootstrap):
        simulated = rng.normal(0.0, math.sqrt(ms_residual), shape)
        for axis, sigma in enumerate(sigmas):
            broadcast = [1] * len(shape)
            broadcast[axis] = shape[axis]
            effects = np.asarray(rng.normal(0.0, math.sqrt(sigma), size=shape[axis]))
            simulated = simulated + effects.reshape(broadcast)
        draws[b] = _shares(simulated)
    tail = (1 - confidence) / 2
    with np.errstate(all="ignore"):
        lows = np.nanquantile(draws, tail, axis=0) if bootstrap else [math.nan] * len(point)
        highs = np.nanquantile(draws, 1 - tail, axis=0) if bootstrap else [math.nan] * len(point)

    shares = []
    for i, source in enumerate(sources):
        f_stat = p_value = None
        if df_factors[i] and df_residual > 0 and ms_residual > 0:
            f_stat = ms_factors[i] / ms_residual
            p_value = float(f_distribution.sf(f_stat, df_factors[i], df_residual))
        shares.append(
            SourceShare(
                source,
                values.shape[i],
                sigmas[i],
                point[i],
                float(lows[i]),
                float(highs[i]),
                f_stat,
                p_value,
            )
        )
    shares.append(
        SourceShare(
            RESIDUAL,
            df_residual,
            ms_residual,
            point[-1],
            float(lows[-1]),
            float(highs[-1]),
            None,
            None,
        )
    )
    return VarianceDecomposition(metric, tuple(shares), total, values.size, confidence, bootstrap)


def table_from_cells(
    cells: Sequence[Mapping[str, Any]], values: Sequence[float], sources: Sequence[str]
) -> tuple[Any, list[list[Any]]]:
    """Arrange per-cell values into a tensor with one axis per source (NaN where missing)."""
    import numpy as np

    levels: list[list[Any]] = [[] for _ in sources]
    for cell in cells:
        for i, source in enumerate(sources):
            if cell[source] not in levels[i]:
                levels[i].append(cell[source])
    table = np.full([len(l) for l in levels], np.nan)
    for cell, value in zip(cells, values):
        table[tuple(levels[i].index(cell[s]) for i, s in enumerate(sources))] = value
    return table, levels
