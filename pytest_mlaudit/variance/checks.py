"""The check `@variance_sources` adds: each source's share of the metric's variance, with its
F test and confidence interval (see `variance.decomposition` for the model)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..core.check import ERROR, WARNING, Check, CheckResult
from ..core.spec import CellResult, SweepSpec
from .axes import source_of
from .decomposition import RESIDUAL, decompose, table_from_cells

NAME = "variance share"


def _value(result: CellResult, metric: str) -> float:
    if result.metrics is not None and metric in result.metrics:
        return float(result.metrics[metric])
    extra = getattr(result.run, "extra", None)
    if isinstance(extra, Mapping) and metric in extra:
        return float(extra[metric])
    return math.nan


class VarianceShares(Check):
    name = NAME

    def __init__(
        self, metric: str, max_share: Mapping[str, float], confidence: float, bootstrap: int
    ) -> None:
        self.metric = metric
        self.max_share = dict(max_share)
        self.confidence = confidence
        self.bootstrap = bootstrap

    def params(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "max_share": self.max_share,
            "confidence": self.confidence,
            "bootstrap": self.bootstrap,
        }

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        factors = [axis.name for axis in spec.ordered_axes() if len(axis.values) > 1]
        failed = [r for r in results if not r.ok]
        values = [_value(r, self.metric) for r in results]
        missing = [r for r, v in zip(results, values) if r.ok and not math.isfinite(v)]
        if failed or missing or not factors:
            why = (
                f"{len(failed)} of {len(results)} runs raised"
                if failed
                else f"{len(missing)} runs have no finite {self.metric!r}"
                if missing
                else "no axis varies"
            )
            return [
                CheckResult(
                    NAME,
                    "random-effects ANOVA",
                    None,
                    None,
                    False,
                    f"{why}: the factorial design is incomplete, so variance cannot be split",
                )
            ]
        labelled = [spec.label_cell(r.cell) for r in results]
        table, _ = table_from_cells(labelled, values, factors)
        if not all(math.isfinite(v) for v in table.reshape(-1)):
            return [
                CheckResult(
                    NAME,
                    "random-effects ANOVA",
                    None,
                    None,
                    False,
                    "some cells of the design are missing; run the full grid",
                )
            ]
        decomposition = decompose(
            table,
            [source_of(f) for f in factors],
            metric=self.metric,
            confidence=self.confidence,
            bootstrap=self.bootstrap,
        )
        verdicts = []
        level = f"{decomposition.confidence:.0%} CI"
        for share in decomposition.shares:
            limit = self.max_share.get(share.source)
            passed = limit is None or not share.ci_low > limit
            interval = f"[{level} {share.ci_low:.1%}, {share.ci_high:.1%}]"
            if share.source == RESIDUAL:
                detail = (
                    f"{share.share:.1%} {interval} of var({self.metric}) is interaction between sources "
                    f"or unexplained ({share.levels} df)"
                )
            else:
                test = (
                    ""
                    if share.f_statistic is None
                    else f"; F={share.f_statistic:.3g}, p={share.p_value:.3g} (H0: this source adds no variance)"
                )
                detail = (
                    f"{share.share:.1%} {interval} of var({self.metric})={decomposition.total_variance:.3g} "
                    f"comes from {share.source} ({share.levels} levels){test}"
                )
            if limit is not None:
                detail += (
                    f"; allowed at most {limit:.0%} (fails when the CI's lower bound exceeds it)"
                )
            verdicts.append(
                CheckResult(
                    name=f"{NAME}: {share.source}",
                    test=(
                        "random-effects ANOVA, F test; share from expected mean squares"
                        if share.source != RESIDUAL
                        else "residual mean square"
                    ),
                    statistic=share.f_statistic,
                    p_value=share.p_value,
                    passed=passed,
                    detail=detail,
                    assumptions=(
                        "balanced crossed design, one run per cell; additive normal random effects; "
                        "interactions pooled into the residual; CI by parametric bootstrap of the fitted model"
                    ),
                    advice=(
                        f"control {share.source} (fix its seed, or average over it) before comparing models"
                        if share.source != RESIDUAL
                        else "more levels per source narrow the intervals"
                    ),
                    severity=ERROR if limit is not None else WARNING,
                    data={
                        "kind": "variance_share",
                        "metric": self.metric,
                        "source": share.source,
                        "share": share.share,
                        "ci": [share.ci_low, share.ci_high],
                        "confidence": decomposition.confidence,
                        "levels": share.levels,
                        "limit": limit,
                    },
                )
            )
        return verdicts
