"""`@cross_precision`: precision as an axis of the sweep, judged as in Tables 3-4 of the paper.

Stacked with `@seed_sweep`, every (seed, precision) pair runs; the test receives `precision=` as the
condition's *name* (a string such as "bf16" or "fp16-sr": readable in tables and reports, and
picklable for process pools) and builds `Precision(precision, device=..., seed=seed)` itself.
Kept import-light: no torch, numpy or scipy here.
"""

from __future__ import annotations

from typing import Any

from ..core import arguments, metric_names
from ..core.check import Check
from ..core.spec import Axis
from ..harness.decorate import (
    Decorator,
    Extension,
    TestFunction,
    is_bare,
    needs_arguments,
    sweep_decorator,
)
from . import checks as precision_checks
from .axes import PRECISION_AXIS
from .conditions import NAMES

DECORATOR = "cross_precision"


def cross_precision(
    *precisions: Any,
    max_f1_gap: float | None = None,
    alpha: float = 0.05,
    metric: str = "f1",
    max_gap: float | None = None,
) -> Decorator:
    """Run the test once per precision (keyword `precision`, a name from
    `pytest_mlaudit.precision.NAMES`) and per seed, and check that precision changes nothing:

    - collapse counts, every pair of precisions: Fisher exact (Holm-adjusted across pairs);
    - F1 of the runs that did not collapse: one-way ANOVA and Levene (Brown-Forsythe) across
      precisions, and a paired t-test by seed for every pair (Holm), with the mean absolute
      paired F1 difference in its detail;
    - with `max_f1_gap`: TOST equivalence of every pair's paired F1 within +-max_f1_gap.

    `metric` judges another metric instead of F1 (any built-in or user metric by name, e.g.
    "macro_f1" or "rmse"), with `max_gap` its equivalence margin (`max_f1_gap` is the same margin
    for F1). A significant difference smaller than one test example's worth of the metric is
    labelled so in the table and the message.

    `alpha` is the false-alarm rate of the whole decorator: the four difference tests share it
    (alpha/4 each, Bonferroni); TOST runs at `alpha` (all pairs must pass, an intersection-union
    test, which needs no correction).
    """
    if precisions and is_bare(precisions[0]):
        return needs_arguments(precisions[0], DECORATOR, "@cross_precision('fp32', 'bf16', ...)")
    errors: list[str] = []
    names = list(precisions)
    if len(names) == 1 and isinstance(names[0], (list, tuple)):
        names = list(names[0])
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        errors.append(f"unknown precision {unknown[0]!r}; valid names: {', '.join(NAMES)}")
    elif len(names) < 2:
        errors.append(f"needs at least two precisions to compare, got {names!r}")
    elif len(set(names)) != len(names):
        errors.append(f"a precision is listed twice: {names!r}")
    if max_f1_gap is not None:
        errors += arguments.collect(
            arguments.in_interval("max_f1_gap", max_f1_gap, high_open=False, noun="a number")
        )
    if max_gap is not None:
        errors += arguments.collect(arguments.positive_error("max_gap", max_gap))
        if max_f1_gap is not None:
            errors.append("give the margin once: max_f1_gap (F1) or max_gap, not both")
    if metric != "f1" and max_f1_gap is not None:
        errors.append(f"max_f1_gap is the margin of F1; for metric={metric!r} use max_gap")
    errors += arguments.collect(
        arguments.alpha_error(alpha), metric_names.name_error(metric, "metric")
    )
    margin = max_gap if max_gap is not None else max_f1_gap

    def extension(function: TestFunction) -> Extension:
        family_alpha = alpha / precision_checks.DIFFERENCE_FAMILIES
        checks: list[Check] = [
            precision_checks.PairwiseCollapseFisher(family_alpha),
            precision_checks.PrecisionAnova(family_alpha, metric),
            precision_checks.PrecisionLevene(family_alpha, metric),
            precision_checks.PairedPrecisionT(family_alpha, metric),
        ]
        if margin is not None:
            checks.append(precision_checks.PrecisionEquivalence(margin, alpha, metric))
        return Extension(axes=[Axis(PRECISION_AXIS, tuple(names))], checks=checks)

    params: dict[str, Any] = {"precisions": names, "max_f1_gap": max_f1_gap, "alpha": alpha}
    if metric != "f1" or max_gap is not None:  # the resume keys of F1 sweeps stay as they were
        params.update(metric=metric, max_gap=max_gap)
    return sweep_decorator(DECORATOR, params, errors, extension)
