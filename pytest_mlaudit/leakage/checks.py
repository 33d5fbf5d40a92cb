"""The check `@counterfactual_noise` adds: the original and the noise arm of every seed, compared
as `counterfactual.compare_counterfactual` does, against the verdict the user expects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.check import Check, CheckResult
from ..core.spec import SEED_AXIS, CellResult, SweepSpec
from .axes import COUNTERFACTUAL_AXIS

EXPECTATIONS = ("unchanged", "changed")


class CounterfactualNoise(Check):
    """Original vs noise-replaced feature, paired by seed (see module docstring)."""

    name = "counterfactual retrain"
    needs = (COUNTERFACTUAL_AXIS, SEED_AXIS)

    def __init__(self, column: Any, expect: str, metric: str, alpha: float, margin: float) -> None:
        self.column, self.expect, self.metric, self.alpha, self.margin = (
            column,
            expect,
            metric,
            alpha,
            margin,
        )

    def params(self) -> dict[str, Any]:
        return {
            "column": repr(self.column),
            "expect": self.expect,
            "metric": self.metric,
            "alpha": self.alpha,
            "margin": self.margin,
        }

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        groups = spec.group_by_except(
            (r for r in results if r.ok), (COUNTERFACTUAL_AXIS, spec.pairing_axis)
        )
        verdicts = []
        for condition, rows in groups.items():
            arms: dict[str, dict[Any, Any]] = {"original": {}, "noise": {}}
            for result in rows:
                arms[result.cell[COUNTERFACTUAL_AXIS]][result.cell[spec.pairing_axis]] = (
                    result.run if result.run is not None else dict(result.metrics or {})
                )
            verdicts.append(self._judge(arms, condition))
        return verdicts

    def _judge(self, arms: dict[str, dict[Any, Any]], condition: str | None) -> CheckResult:
        # numpy comes with the probe's module: loaded when a sweep is judged, not when collected
        from .counterfactual import compare_counterfactual

        paired = [seed for seed in arms["original"] if seed in arms["noise"]]
        test = "paired t and TOST by seed; Fisher exact on collapses"
        if len(paired) < 2:
            return CheckResult(
                name=self.name,
                statistic=None,
                p_value=None,
                passed=False,
                detail=f"only {len(paired)} seeds finished in both arms; the comparison needs at least 2",
                test=test,
                condition=condition,
            )
        comparison = compare_counterfactual(
            arms["original"],
            arms["noise"],
            column=self.column,
            metric=self.metric,
            alpha=self.alpha,
            margin=self.margin,
        )
        passed = comparison.verdict == self.expect
        p_value = (
            comparison.equivalence_p_value
            if self.expect == "unchanged"
            else min(comparison.paired_p_value, comparison.collapse_p_value)
        )
        return CheckResult(
            name=self.name,
            statistic=comparison.mean_difference,
            p_value=p_value,
            passed=passed,
            detail=f"expected {self.expect}, found {comparison.verdict}.\n"
            + "\n".join("    " + line for line in str(comparison).splitlines()),
            assumptions="seeds are independent; both arms of a seed differ only in the replaced column; the mean difference is roughly normal (t-based tests)",
            advice=(
                "if the feature matters, read its code (mlaudit-lint, label_dependence) before trusting the model; "
                "if the verdict is inconclusive, run more seeds or widen margin"
            ),
            test=test,
            condition=condition,
        )
