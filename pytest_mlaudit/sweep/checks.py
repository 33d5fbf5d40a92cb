"""The checks `@seed_sweep` adds: errors, collapse rate, reference counts, a bound on the mean of any
metric (`min_f1`, `min_metric`), the trivial baseline, and the warning that the seed changed nothing.

All but AllowedErrors judge each condition separately (one condition when `seed_sweep` is alone;
one per precision, loss, ... when stacked), over the runs that did not raise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..core import metric_names, stats
from ..core.check import ERROR, WARNING, Check, CheckResult
from ..core.metrics import missing_metric, sweep_metric
from ..core.spec import CellResult, SweepSpec
from .advice import collapse_advice

COLLAPSE_RULES = {
    metric_names.BINARY: "Eq. 3: F1 < 0.05, positive rate < 0.001, or NaN/Inf losses or scores",
    metric_names.MULTICLASS: "one class predicted for >= 99.9% of rows, macro F1 < 0.05, or NaN/Inf losses or scores",
    metric_names.REGRESSION: "a constant prediction, R² <= 0 against the mean predictor, or NaN/Inf losses or predictions",
}


def collapse_rule(rows: Sequence[CellResult]) -> str:
    task = next((r.task for r in rows if r.task), metric_names.BINARY)
    return COLLAPSE_RULES.get(task, COLLAPSE_RULES[metric_names.BINARY])


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
                    statistic=float(collapses),
                    p_value=test.p_value,
                    passed=passed,
                    detail=detail,
                    assumptions=f"runs are independent, each collapsing with one fixed probability per condition (collapse: {collapse_rule(rows)})",
                    advice=f"{first}{collapse_advice(rows)}",
                    condition=condition,
                    estimate=test.statistic,
                    compared_with=self.max_rate,
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
                    advice="compare environments (see the fingerprint), the collapse definition and the training setup with the reference; a re-run of the same code is not a reproduction"
                    + (f"; {collapse_advice(rows)}" if collapses else ""),
                    condition=condition,
                    data={
                        "kind": "reference_counts",
                        "observed": [collapses, len(rows)],
                        "reference": [reference_collapses, reference_runs],
                    },
                    estimate=collapses / len(rows) if rows else None,
                    compared_with=reference_collapses / reference_runs,
                )
            )
        return verdicts


class MinMetric(Check):
    """Fails when a one-sided t-test shows the mean of `metric` (collapsed runs included) worse
    than `bound`: below it for a higher-is-better metric, above it for a lower-is-better one."""

    def __init__(self, metric: str, bound: float, alpha: float = 0.05) -> None:
        self.metric = metric
        self.bound = bound
        self.alpha = alpha
        self.name = "mean F1" if metric == "f1" else f"mean {metric}"

    def params(self) -> dict[str, Any]:
        return {"metric": self.metric, "bound": self.bound, "alpha": self.alpha}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        lower = metric_names.lower_is_better(self.metric)
        limit = "max" if lower else "min"
        worse = "above" if lower else "below"
        for condition, rows in _by_condition(results, spec).items():
            values = [r.metric(self.metric) for r in rows if math.isfinite(r.metric(self.metric))]
            if not values:
                why = missing_metric(self.metric, rows) or f"no run produced a finite {self.metric}"
                verdicts.append(
                    CheckResult(
                        self.name,
                        "one-sample t, one-sided",
                        None,
                        None,
                        False,
                        why,
                        condition=condition,
                        metric=self.metric,
                        compared_with=self.bound,
                    )
                )
                continue
            test = stats.one_sample_t(values, self.bound, below=not lower)
            passed = not test.p_value < self.alpha
            summary = stats.describe(values)
            mean = summary["mean"]
            on_wrong_side = mean > self.bound if lower else mean < self.bound
            verb = (
                worse if not passed else (f"not shown to be {worse}" if on_wrong_side else "within")
            )
            detail = (
                f"mean {self.metric} {mean:.4g} ± {summary['sd']:.3g} over {summary['n']} runs is {verb} "
                f"the bound {self.bound:g} ({self.metric}: {metric_names.better_word(self.metric)}; "
                f"t = {test.statistic:.3g}, p = {stats.format_p(test.p_value)})"
            )
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test=f"one-sample t, one-sided (H0: mean {'<=' if lower else '>='} bound)",
                    statistic=test.statistic,
                    p_value=test.p_value,
                    passed=passed,
                    detail=detail,
                    assumptions=f"independent runs; the mean {self.metric} is close to normal (many seeds; collapsed runs make it skewed)",
                    advice=f"look at the spread and at collapsed seeds; a worse mean with a few collapses is a collapse problem, not a quality one ({limit}imum asked: {self.bound:g})",
                    condition=condition,
                    estimate=mean,
                    compared_with=self.bound,
                    metric=self.metric,
                )
            )
        return verdicts


class MinMeanF1(MinMetric):
    """`min_f1`: the mean F1 (collapsed runs included) must not be shown below `min_f1`."""

    def __init__(self, min_f1: float, alpha: float = 0.05) -> None:
        super().__init__("f1", min_f1, alpha)
        self.min_f1 = min_f1

    def params(self) -> dict[str, Any]:
        return {"min_f1": self.min_f1, "alpha": self.alpha}


class TrivialBaseline(Check):
    """Compares the sweep with the predictor that learned nothing, by task kind: binary mean F1
    against 2p/(1+p), the F1 of predicting every example positive at prevalence p; multiclass mean
    accuracy against the share of the most frequent class; regression mean R² against 0, the
    mean predictor. A warning by default (seed_sweep(trivial_baseline='fail') makes it fail)."""

    name = "trivial baseline"

    def __init__(self, severity: str = WARNING) -> None:
        self.severity = severity

    def params(self) -> dict[str, Any]:
        return {"severity": self.severity}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for condition, rows in _by_condition(results, spec).items():
            finished = [r for r in rows if r.run is not None and r.metrics is not None]
            if not finished:
                continue
            task = finished[0].task
            if task == metric_names.MULTICLASS:
                verdict = self._multiclass(finished)
            elif task == metric_names.REGRESSION:
                verdict = self._regression(finished)
            else:
                verdict = self._binary(finished)
            if verdict is None:
                continue
            verdicts.append(
                CheckResult(
                    **verdict,
                    p_value=None,
                    statistic=None,
                    condition=condition,
                    severity=self.severity if self.severity in (ERROR, WARNING) else WARNING,
                )
            )
        return verdicts

    @staticmethod
    def _binary(rows: Sequence[CellResult]) -> dict | None:
        runs = [
            (r.run, r.metric("f1"))
            for r in rows
            if r.run is not None and math.isfinite(r.metric("f1"))
        ]
        if not runs:
            return None
        prevalence = sum(float(run.y_true.mean()) for run, _ in runs) / len(runs)
        mean_f1 = sum(f1 for _, f1 in runs) / len(runs)
        comparison = stats.compare_with_trivial_baseline(mean_f1, prevalence)
        return dict(
            name="trivial baseline",
            test="vs all-positive F1 = 2p/(1+p)",
            passed=not comparison.below,
            detail=f"mean {comparison.message}",
            assumptions="F1 at the run's threshold; prevalence is the mean share of positives in y_true",
            advice="report the baseline beside the F1; a model below it has not learned to rank positives above the threshold",
            estimate=mean_f1,
            compared_with=comparison.baseline_f1,
            metric="f1",
        )

    @staticmethod
    def _multiclass(rows: Sequence[CellResult]) -> dict | None:
        import numpy as np

        usable = [r for r in rows if r.run is not None and math.isfinite(r.metric("accuracy"))]
        shares = [
            float(np.bincount(r.run.y_true).max() / r.run.y_true.size)
            for r in usable
            if r.run is not None
        ]
        if not shares:
            return None
        majority = sum(shares) / len(shares)
        mean = sum(r.metric("accuracy") for r in usable) / len(usable)
        below = mean < majority
        return dict(
            name="trivial baseline",
            test="vs majority-class accuracy",
            passed=not below,
            detail=(
                f"mean accuracy {mean:.3f} is {'below' if below else 'above'} {majority:.3f}, the accuracy of "
                "always predicting the most frequent class"
                + (": the model does worse than that trivial classifier" if below else "")
            ),
            assumptions="the majority class is the most frequent class of each run's y_true",
            advice="report the majority-class accuracy beside the accuracy; compare balanced accuracy and macro F1 too",
            estimate=mean,
            compared_with=majority,
            metric="accuracy",
        )

    @staticmethod
    def _regression(rows: Sequence[CellResult]) -> dict | None:
        usable = [r.metric("r2") for r in rows if math.isfinite(r.metric("r2"))]
        if not usable:
            return None
        mean = sum(usable) / len(usable)
        below = mean <= 0
        return dict(
            name="trivial baseline",
            test="vs the mean predictor (R² = 0)",
            passed=not below,
            detail=(
                f"mean R² {mean:.3f}: "
                + (
                    "no better than predicting the mean of y_true for every example"
                    if below
                    else "better than predicting the mean of y_true"
                )
            ),
            assumptions="R² against the mean of each run's own y_true",
            advice="report RMSE beside the standard deviation of y_true; check features and target scaling",
            estimate=mean,
            compared_with=0.0,
            metric="r2",
        )


class NamedMetricExists(Check):
    """`seed_sweep(metric=...)` with no bound on it: fails when no run has that metric, so a
    misspelt name never turns into a silent column of dashes. (Bounds report it themselves.)"""

    name = "named metric"

    def __init__(self, metric: str) -> None:
        self.metric = metric

    def params(self) -> dict[str, Any]:
        return {"metric": self.metric}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for condition, rows in _by_condition(results, spec).items():
            why = missing_metric(self.metric, rows)
            if why is None:
                continue
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test="the metric is computed for the runs",
                    statistic=None,
                    p_value=None,
                    passed=False,
                    detail=why,
                    advice=(
                        "name a metric the runs have, give it per run with Run(metrics={...}), "
                        "or register it with register_metric"
                    ),
                    condition=condition,
                    metric=self.metric,
                )
            )
        return verdicts


class SeedChangesNothing(Check):
    """Warns when a condition's metric is identical in every seed: the sweep measured no
    run-to-run variation (a deterministic model on a fixed split, or a seed that is not used)."""

    name = "seed effect"

    def __init__(self, metric: str | None = None) -> None:
        self.metric = metric

    def params(self) -> dict[str, Any]:
        return {"metric": self.metric}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        metric = self.metric or sweep_metric(spec, results)
        verdicts = []
        for condition, rows in _by_condition(results, spec).items():
            values = [r.metric(metric) for r in rows if math.isfinite(r.metric(metric))]
            if len(values) < 2 or len({float(f"{v:.12g}") for v in values}) > 1:
                continue
            same = _identical_predictions([r for r in rows if r.run is not None])
            # "changed nothing" is claimed only when the predictions show it: a seed that moves
            # predictions without moving the metric is below what the test set resolves.
            if same is True:
                what = "the seed changed nothing (the predictions are identical too)"
            elif same is False:
                what = (
                    "the predictions differ between seeds but the metric does not: the seed's "
                    "effect is below what the test set resolves"
                )
            else:
                what = "the seed changed nothing this metric can see"
            detail = (
                f"{metric} is {values[0]:.4g} in all {len(values)} seeds: {what}, so the sweep "
                "measured no run-to-run variation of it and its spread says nothing"
            )
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test="distinct values over seeds",
                    statistic=1.0,
                    p_value=None,
                    passed=False,
                    detail=detail,
                    assumptions="the seed is meant to change initialisation, data order or split",
                    advice=(
                        "pass `seed` to every source of randomness you mean to vary (random_state=seed for "
                        "scikit-learn models and splits), or drop the sweep for a deterministic model"
                    ),
                    condition=condition,
                    severity=WARNING,
                    estimate=values[0],
                    metric=metric,
                )
            )
        return verdicts


def _identical_predictions(rows: Sequence[CellResult]) -> bool | None:
    """Whether every run's predictions are byte-identical; None when they cannot be compared
    (fewer than two runs hold their predictions, e.g. resumed from a report)."""
    import numpy as np

    arrays = []
    for row in rows:
        run = row.run
        values = None if run is None else (run.y_score if run.y_score is not None else run.y_pred)
        if values is None:
            return None
        arrays.append(np.asarray(values))
    if len(arrays) < 2:
        return None
    return all(
        a.shape == arrays[0].shape and a.tobytes() == arrays[0].tobytes() for a in arrays[1:]
    )
