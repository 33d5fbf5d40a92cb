"""The checks `@seed_sweep` adds: errors, collapse rate, reference counts, mean F1, trivial baseline.

All but AllowedErrors judge each condition separately (one condition when `seed_sweep` is alone;
one per precision, loss, ... when stacked), over the runs that did not raise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..core import stats
from ..core.check import ERROR, WARNING, Check, CheckResult
from ..core.spec import CellResult, SweepSpec


def _by_condition(results: Sequence[CellResult], spec: SweepSpec) -> dict[str, list[CellResult]]:
    return spec.group_by_condition(r for r in results if r.ok)


def _debug_one(spec: SweepSpec, result: CellResult) -> str:
    """How to run one cell alone, outside the sweep: the undecorated function."""
    arguments = ", ".join(f"{name}={value!r}" for name, value in result.cell.items())
    return f"debug one run with {spec.function.__qualname__}.__wrapped__({arguments}, <fixtures>)"


def _seed_list(rows: Sequence[CellResult], limit: int = 8) -> str:
    seeds = [str(r.seed) for r in rows]
    shown = ", ".join(seeds[:limit])
    return shown + (f", … ({len(seeds)} in all)" if len(seeds) > limit else "")


class AllowedErrors(Check):
    """More than `allow_errors` runs raising (or timing out, or killing their worker) fails."""

    name = "errors"

    def __init__(self, allow_errors: int = 0) -> None:
        self.allow_errors = allow_errors

    def params(self) -> dict[str, Any]:
        return {"allow_errors": self.allow_errors}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> CheckResult:
        # A skipped cell (this machine cannot run it) is not a run that raised.
        failed = [r for r in results if r.error is not None]
        passed = len(failed) <= self.allow_errors
        advice = "raise allow_errors if such failures are expected"
        if failed:
            advice = f"{_debug_one(spec, failed[0])}; or {advice}"
            first = failed[0]
            detail = (
                f"{len(failed)} of {len(results)} runs raised (allowed: {self.allow_errors}); "
                f"seeds {_seed_list(failed)}; first error ({spec.condition_label(first.cell)}, seed {first.seed}): {first.error}"
            )
        else:
            detail = f"no run raised ({len(results)} runs)"
        return CheckResult(
            name=self.name,
            test="count of runs that raised",
            statistic=float(len(failed)),
            p_value=None,
            passed=passed,
            detail=detail,
            assumptions="none: a count. A run that raises is an error, not a collapse.",
            advice=advice,
        )


class MaxCollapseRate(Check):
    """Fails when an exact binomial test shows the collapse rate above `max_rate`."""

    name = "collapse rate"

    def __init__(self, max_rate: float, alpha: float = 0.05) -> None:
        self.max_rate = max_rate
        self.alpha = alpha

    def params(self) -> dict[str, Any]:
        return {"max_rate": self.max_rate, "alpha": self.alpha}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for condition, rows in _by_condition(results, spec).items():
            collapses = sum(r.collapsed for r in rows)
            test = stats.binomial_excess(collapses, len(rows), self.max_rate)
            low, high = stats.proportion_interval(collapses, len(rows))
            passed = not test.p_value < self.alpha
            observed = f"{collapses}/{len(rows)} runs collapsed ({test.statistic:.1%}, 95% CI {low:.1%}–{high:.1%})"
            if not passed:
                detail = f"{observed}: more than max_collapse_rate={self.max_rate:g} (p = {stats.format_p(test.p_value)}); collapsed seeds {_seed_list([r for r in rows if r.collapsed])}"
            elif test.statistic > self.max_rate:
                detail = f"{observed}: above max_collapse_rate={self.max_rate:g}, but {len(rows)} runs cannot tell it from {self.max_rate:g} (p = {stats.format_p(test.p_value)})"
            else:
                detail = f"{observed}: within max_collapse_rate={self.max_rate:g}"
            collapsed_rows = [r for r in rows if r.collapsed]
            first = f"{_debug_one(spec, collapsed_rows[0])}; " if collapsed_rows else ""
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test=test.test,
                    statistic=test.statistic,
                    p_value=test.p_value,
                    passed=passed,
                    detail=detail,
                    assumptions="runs are independent, each collapsing with one fixed probability per condition (Eq. 3 collapse)",
                    advice=f"{first}check the learning rate, loss scaling and class weighting; more seeds narrow the interval",
                    condition=condition,
                )
            )
        return verdicts


class ReferenceCollapses(Check):
    """Fails when a two-sided Fisher exact test finds the observed collapse count inconsistent
    with counts reported elsewhere: the reported result does not reproduce."""

    name = "reference collapses"

    def __init__(self, reference: Any, alpha: float = 0.05) -> None:
        self.reference = reference
        self.alpha = alpha

    def params(self) -> dict[str, Any]:
        reference = (
            dict(self.reference) if isinstance(self.reference, Mapping) else list(self.reference)
        )
        return {"reference": reference, "alpha": self.alpha}

    def reference_for(self, condition: str) -> tuple | None:
        if not isinstance(self.reference, Mapping):
            return tuple(self.reference)
        if condition in self.reference:
            return tuple(self.reference[condition])
        # A single condition axis may be keyed by its value alone: {"fp32": (12, 50)}.
        if ", " not in condition and "=" in condition:
            value = condition.split("=", 1)[1]
            for key, pair in self.reference.items():
                if str(key) == value:
                    return tuple(pair)
        return None

    def validate(self, spec: SweepSpec) -> list[str]:
        if not isinstance(self.reference, Mapping):
            return []
        conditions = list(dict.fromkeys(spec.condition_label(cell) for cell in spec.cells()))
        missing = [c for c in conditions if self.reference_for(c) is None]
        if missing:
            return [
                f"seed_sweep: reference has no count for condition {missing[0]!r} (keys: {sorted(map(str, self.reference))!r})"
            ]
        return []

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for condition, rows in _by_condition(results, spec).items():
            pair = self.reference_for(condition)
            if pair is None:
                verdicts.append(
                    CheckResult(
                        self.name,
                        "Fisher exact, two-sided",
                        None,
                        None,
                        False,
                        f"no reference count given for condition {condition!r}",
                        condition=condition,
                        advice="add this condition to the reference mapping",
                    )
                )
                continue
            reference_collapses, reference_runs = pair
            collapses = sum(r.collapsed for r in rows)
            test = stats.fisher_exact_collapses(
                collapses, len(rows), reference_collapses, reference_runs
            )
            passed = not test.p_value < self.alpha
            comparison = f"observed {collapses}/{len(rows)} collapses vs reference {reference_collapses}/{reference_runs}"
            if passed:
                detail = f"{comparison}: consistent (p = {stats.format_p(test.p_value)})"
            else:
                detail = f"{comparison}: the reference result does not reproduce (p = {stats.format_p(test.p_value)} < alpha = {self.alpha:g})"
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test=test.test,
                    statistic=test.statistic,
                    p_value=test.p_value,
                    passed=passed,
                    detail=detail,
                    assumptions="both counts are independent binomial samples of runs; the test conditions on the total number of collapses (exact, conservative for small counts)",
                    advice="compare environments (see the fingerprint), the collapse definition and the training setup with the reference; a re-run of the same code is not a reproduction",
                    condition=condition,
                    data={
                        "kind": "reference_counts",
                        "observed": [collapses, len(rows)],
                        "reference": [reference_collapses, reference_runs],
                    },
                )
            )
        return verdicts


class MinMeanF1(Check):
    """Fails when a one-sided t-test shows mean F1 (collapsed runs included) below `min_f1`."""

    name = "mean F1"

    def __init__(self, min_f1: float, alpha: float = 0.05) -> None:
        self.min_f1 = min_f1
        self.alpha = alpha

    def params(self) -> dict[str, Any]:
        return {"min_f1": self.min_f1, "alpha": self.alpha}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for condition, rows in _by_condition(results, spec).items():
            values = [r.metric("f1") for r in rows if math.isfinite(r.metric("f1"))]
            if not values:
                verdicts.append(
                    CheckResult(
                        self.name,
                        "one-sample t, one-sided",
                        None,
                        None,
                        False,
                        "no run produced a finite F1",
                        condition=condition,
                    )
                )
                continue
            test = stats.mean_below(values, self.min_f1)
            passed = not test.p_value < self.alpha
            summary = stats.describe(values)
            verb = (
                "below"
                if not passed
                else ("not shown to be below" if test.statistic < self.min_f1 else "at or above")
            )
            detail = f"mean F1 {summary['mean']:.3f} ± {summary['sd']:.3f} over {summary['n']} runs is {verb} min_f1={self.min_f1:g} (p = {stats.format_p(test.p_value)})"
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test=test.test,
                    statistic=test.statistic,
                    p_value=test.p_value,
                    passed=passed,
                    detail=detail,
                    assumptions="independent runs; the mean F1 is close to normal (many seeds; collapsed runs, F1 ≈ 0, make it skewed)",
                    advice="look at the spread and at collapsed seeds; a lower mean with a few collapses is a collapse problem, not a quality one",
                    condition=condition,
                )
            )
        return verdicts


class TrivialBaseline(Check):
    """Compares mean F1 with the F1 of predicting every example positive at the test prevalence.
    A warning by default (seed_sweep(trivial_baseline='fail') makes it fail the test)."""

    name = "trivial baseline"

    def __init__(self, severity: str = WARNING) -> None:
        self.severity = severity

    def params(self) -> dict[str, Any]:
        return {"severity": self.severity}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for condition, rows in _by_condition(results, spec).items():
            runs = [
                (r.run, r.metric("f1"))
                for r in rows
                if r.run is not None and math.isfinite(r.metric("f1"))
            ]
            if not runs:
                continue
            prevalence = sum(float(run.y_true.mean()) for run, _ in runs) / len(runs)
            mean_f1 = sum(f1 for _, f1 in runs) / len(runs)
            comparison = stats.compare_with_trivial_baseline(mean_f1, prevalence)
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test="vs all-positive F1 = 2p/(1+p)",
                    statistic=mean_f1,
                    p_value=None,
                    passed=not comparison.below,
                    detail=f"mean {comparison.message}",
                    assumptions="F1 at the run's threshold; prevalence is the mean share of positives in y_true",
                    advice="report the baseline beside the F1; a model below it has not learned to rank positives above the threshold",
                    condition=condition,
                    severity=self.severity if self.severity in (ERROR, WARNING) else WARNING,
                )
            )
        return verdicts
