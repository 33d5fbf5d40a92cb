"""`@seed_sweep`: the test runs once per seed (keyword `seed`, the pairing axis of every sweep) and
its `Run`s are judged by the checks in `sweep.checks`. Other decorators stack with it through
`harness.decorate.sweep_decorator`. Import-light."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..core import arguments, metric_names
from ..core.check import Check
from ..core.spec import MAX_SEEDS, SEED_AXIS, Axis
from ..harness.decorate import Decorator, Extension, TestFunction, is_bare, sweep_decorator
from ..runner.executors.resources import resource_errors
from . import checks as sweep_checks

DECORATOR = "seed_sweep"
TRIVIAL_BASELINE_MODES = ("warn", "fail", "off")


def _reference_errors(reference: Any) -> list[str]:
    def pair_error(pair: Any, where: str) -> str | None:
        if not (
            isinstance(pair, (tuple, list))
            and len(pair) == 2
            and all(arguments.is_int(v) for v in pair)
        ):
            return f"{where} must be (collapses, runs) as two integers, got {pair!r}"
        collapses, runs = pair
        if runs < 1 or not 0 <= collapses <= runs:
            return f"{where} must satisfy 0 <= collapses <= runs and runs >= 1, got {pair!r}"
        return None

    if isinstance(reference, Mapping):
        if not reference:
            return ["reference must not be an empty mapping"]
        found = [pair_error(pair, f"reference[{key!r}]") for key, pair in reference.items()]
        return [e for e in found if e]
    error = pair_error(reference, "reference")
    return [error] if error else []


def _metric_bound_errors(min_metric: Any, min_f1: Any) -> list[str]:
    if min_metric is None:
        return []
    if not isinstance(min_metric, Mapping) or not min_metric:
        return [f"min_metric must be a non-empty dict of metric name -> bound, got {min_metric!r}"]
    errors = []
    for name, bound in min_metric.items():
        problem = metric_names.name_error(name, "a min_metric key")
        if problem:
            errors.append(problem)
        elif not arguments.is_real(bound) or not math.isfinite(bound):
            errors.append(f"min_metric[{name!r}] must be a finite number, got {bound!r}")
    if min_f1 is not None and "f1" in min_metric:
        errors.append("give the F1 bound once: min_f1 or min_metric={'f1': ...}, not both")
    return errors


def _seed_errors(seeds: list[Any] | None, n: Any) -> list[str]:
    if seeds is None:
        problem = arguments.count_error("n", n, 1)
        if problem is None and n > MAX_SEEDS:
            problem = f"n must be an integer <= {MAX_SEEDS:,} (seeds per condition), got {n!r}"
        return arguments.collect(problem)
    if len(seeds) > MAX_SEEDS:
        return [f"seeds must list at most {MAX_SEEDS:,} seeds, got {len(seeds):,}"]
    if not seeds or not all(arguments.is_int(s) for s in seeds):
        return [f"seeds must be a non-empty list of integers, got {seeds!r}"]
    if len(set(seeds)) != len(seeds):
        return ["seeds must not repeat a seed (the seed is the pairing key)"]
    return []


def seed_sweep(
    n: int = 50,
    *,
    seeds: Iterable[int] | None = None,
    max_collapse_rate: float | None = None,
    reference: Any = None,
    alpha: float = 0.05,
    min_f1: float | None = None,
    allow_errors: int = 0,
    timeout: float | None = None,
    trivial_baseline: str = "warn",
    resources: Mapping[str, Any] | None = None,
    metric: str | None = None,
    min_metric: Mapping[str, float] | None = None,
) -> Decorator:
    """Run the test once per seed (keyword `seed`) and judge the returned `Run`s.

    Checks (per condition when stacked with other decorators): more than `allow_errors` runs
    raising fails; `max_collapse_rate`: an exact binomial test finds the collapse rate above it
    (collapse by the runs' task kind: Eq. 3 for binary runs); `reference=(collapses, runs)` (or a
    mapping condition -> pair): a two-sided Fisher exact test finds the observed collapse count
    inconsistent with the reference; `min_f1`: a one-sided t-test finds mean F1 below it;
    `min_metric={"rmse": 0.5, "mcc": 0.3}`: the same for any metric, in its direction (a mean
    shown above 0.5 fails for rmse, below 0.3 for mcc). `metric` names the metric tables and the
    seed-effect warning summarise (default: f1, macro_f1 or rmse by task kind). A condition whose
    metric is identical in every seed is warned about. `trivial_baseline` ("warn", "fail" or
    "off") compares the sweep with the predictor that learned nothing. `timeout` (seconds) stops
    a run that takes longer. `@seed_sweep` without parentheses is `@seed_sweep()`.
    """
    if is_bare(n):  # @seed_sweep: n is the test function itself
        return seed_sweep()(n)
    explicit_seeds = None if seeds is None else list(seeds)
    errors = _seed_errors(explicit_seeds, n)
    errors += arguments.collect(
        arguments.alpha_error(alpha),
        arguments.fraction_error("max_collapse_rate", max_collapse_rate),
        arguments.fraction_error("min_f1", min_f1),
    )
    if reference is not None:
        errors.extend(_reference_errors(reference))
    errors += arguments.collect(
        arguments.count_error("allow_errors", allow_errors, 0),
        None
        if timeout is None
        else arguments.positive_error("timeout", timeout, noun="a positive number of seconds"),
    )
    if resources is not None:
        errors.extend(resource_errors(resources))
    if metric is not None:
        errors += arguments.collect(metric_names.name_error(metric, "metric"))
    errors += _metric_bound_errors(min_metric, min_f1)
    if trivial_baseline not in TRIVIAL_BASELINE_MODES:
        errors.append(f"trivial_baseline must be 'warn', 'fail' or 'off', got {trivial_baseline!r}")

    def extension(function: TestFunction) -> Extension:
        values = explicit_seeds if explicit_seeds is not None else range(n)
        checks: list[Check] = [sweep_checks.AllowedErrors(allow_errors)]
        if max_collapse_rate is not None:
            checks.append(sweep_checks.MaxCollapseRate(max_collapse_rate, alpha))
        if reference is not None:
            checks.append(sweep_checks.ReferenceCollapses(reference, alpha))
        if min_f1 is not None:
            checks.append(sweep_checks.MinMeanF1(min_f1, alpha))
        for name, bound in (min_metric or {}).items():
            checks.append(sweep_checks.MinMetric(name, float(bound), alpha))
        if trivial_baseline != "off":
            checks.append(
                sweep_checks.TrivialBaseline(
                    severity="error" if trivial_baseline == "fail" else "warning"
                )
            )
        bounded = set(min_metric or {}) | ({"f1"} if min_f1 is not None else set())
        if metric is not None and metric not in bounded:
            checks.append(sweep_checks.NamedMetricExists(metric))
        checks.append(sweep_checks.SeedChangesNothing(metric))
        return Extension(
            axes=[Axis(SEED_AXIS, tuple(values), pairing=True)],
            checks=checks,
            settings={
                "timeout": timeout,
                "resources": None if resources is None else dict(resources),
                "metric": metric,
            },
        )

    params = {
        "n": None if explicit_seeds is not None else n,
        "seeds": explicit_seeds,
        "max_collapse_rate": max_collapse_rate,
        "reference": reference if not isinstance(reference, Mapping) else dict(reference),
        "alpha": alpha,
        "min_f1": min_f1,
        "allow_errors": allow_errors,
        "timeout": timeout,
        "trivial_baseline": trivial_baseline,
        "resources": None if resources is None else dict(resources),
        "metric": metric,
        "min_metric": dict(min_metric) if isinstance(min_metric, Mapping) else min_metric,
    }
    return sweep_decorator(DECORATOR, params, errors, extension)
