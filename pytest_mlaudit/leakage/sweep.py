"""``@counterfactual_noise``: the counterfactual retrain (probe 3) as an axis of a seed sweep.

Stacked with ``@seed_sweep``, the test is called once per seed with ``counterfactual="original"``
and once with ``counterfactual="noise"``; in the "noise" arm it replaces the suspect column with
``replace_with_noise(X, column, seed)``. The check pairs the two arms by seed and compares them
exactly as ``compare_counterfactual`` does (paired t and TOST on the metric, Fisher on Eq. 3
collapses), then passes when the verdict is the one expected:

* ``expect="unchanged"`` (default): the feature must be shown not to matter (TOST within
  ``margin``, no collapse difference). "changed" and "inconclusive" fail.
* ``expect="changed"``: the feature must be shown to matter (e.g. a test that the probe itself
  catches a planted leak).

Import-light: numpy and scipy load when the check evaluates.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

from pytest_mlaudit.checks.base import Check, CheckResult
from pytest_mlaudit.grid import Axis, extend_sweep

COUNTERFACTUAL_AXIS = "counterfactual"
ARMS = ("original", "noise")
EXPECTATIONS = ("unchanged", "changed")


class CounterfactualNoise(Check):
    """Original vs noise-replaced feature, paired by seed (see module docstring)."""

    name = "counterfactual retrain"
    needs = (COUNTERFACTUAL_AXIS, "seed")

    def __init__(self, column: Any, expect: str, metric: str, alpha: float, margin: float) -> None:
        self.column, self.expect, self.metric, self.alpha, self.margin = (
            column,
            expect,
            metric,
            alpha,
            margin,
        )

    def params(self) -> dict:
        return {
            "column": repr(self.column),
            "expect": self.expect,
            "metric": self.metric,
            "alpha": self.alpha,
            "margin": self.margin,
        }

    def evaluate(self, results: Sequence, spec: Any) -> list:
        pairing = spec.pairing_axis
        groups: dict = {}
        for result in results:
            if not result.ok:
                continue
            rest = {k: v for k, v in result.cell.items() if k not in (COUNTERFACTUAL_AXIS, pairing)}
            label = (
                ", ".join(f"{k}={spec.axis(k).label(v)}" for k, v in sorted(rest.items())) or None
            )
            arm = groups.setdefault(label, {"original": {}, "noise": {}})[
                result.cell[COUNTERFACTUAL_AXIS]
            ]
            arm[result.cell[pairing]] = (
                result.run if result.run is not None else dict(result.metrics or {})
            )
        return [self._judge(arms, condition) for condition, arms in groups.items()]

    def _judge(self, arms: dict, condition: str | None) -> CheckResult:
        from pytest_mlaudit.leakage.counterfactual import compare_counterfactual

        paired = [seed for seed in arms["original"] if seed in arms["noise"]]
        common = dict(
            test="paired t and TOST by seed; Fisher exact on collapses", condition=condition
        )
        if len(paired) < 2:
            return CheckResult(
                name=self.name,
                statistic=None,
                p_value=None,
                passed=False,
                detail=f"only {len(paired)} seeds finished in both arms; the comparison needs at least 2",
                **common,
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
            **common,
        )


def counterfactual_noise(
    column: Any,
    *,
    expect: str = "unchanged",
    metric: str = "f1",
    alpha: float = 0.05,
    margin: float = 0.01,
) -> Callable[[Callable], Callable]:
    """Add the ``counterfactual`` axis ("original", "noise") and the check comparing its arms."""
    errors = []
    if expect not in EXPECTATIONS:
        errors.append(f"expect must be one of {EXPECTATIONS!r}, got {expect!r}")
    if metric not in ("f1", "auroc", "auprc", "brier", "ece", "positive_rate"):
        errors.append(f"metric must be a Run metric such as 'f1', got {metric!r}")
    if not isinstance(alpha, numbers.Real) or isinstance(alpha, bool) or not 0 < alpha < 1:
        errors.append(f"alpha must be in (0, 1), got {alpha!r}")
    if not isinstance(margin, numbers.Real) or isinstance(margin, bool) or not margin > 0:
        errors.append(f"margin must be a positive number, got {margin!r}")

    def decorate(function: Callable) -> Callable:
        params = {
            "column": repr(column),
            "expect": expect,
            "metric": metric,
            "alpha": alpha,
            "margin": margin,
        }
        if errors:
            return extend_sweep(
                function, decorator="counterfactual_noise", params=params, errors=errors
            )
        return extend_sweep(
            function,
            decorator="counterfactual_noise",
            params=params,
            axis=Axis(COUNTERFACTUAL_AXIS, ARMS),
            checks=[CounterfactualNoise(column, expect, metric, alpha, margin)],
        )

    return decorate
