"""The checks `@cross_precision` adds, in the style of Tables 3-4 of the audited paper.

Each compares precisions within a stratum: the other condition axes held fixed (with
`@cross_precision` alone there is one stratum, "all"). Metric tests (F1 by default, any metric by
name with `metric=`) use the runs that neither raised nor collapsed -- collapses are judged by the
Fisher test, and a collapsed run's F1 of ~0 would turn a difference in collapse counts into a
spurious difference in mean F1. A significant difference smaller than one test example's worth of
the metric (`core.resolution`) is labelled so.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

from ..core import resolution, stats
from ..core.check import WARNING, Check, CheckResult
from ..core.spec import ALL_CONDITIONS, SEED_AXIS, CellResult, SweepSpec
from .axes import PRECISION_AXIS

# ANOVA, Levene, paired t and the collapse Fisher tests share the decorator's alpha (Bonferroni).
DIFFERENCE_FAMILIES = 4


def _strata(
    results: Sequence[CellResult], spec: SweepSpec
) -> dict[str, dict[str, list[CellResult]]]:
    """stratum label -> {precision label -> [ok results]} in grid order, precisions in the
    decorator's order. A stratum holds every other condition axis fixed."""
    axis = spec.axis(PRECISION_AXIS)
    if axis is None:  # `needs` keeps checks off grids without the axis
        return {}
    order = [axis.label(v) for v in axis.values]
    strata = spec.group_by_except(
        (r for r in results if r.ok), (PRECISION_AXIS, spec.pairing_axis), empty=ALL_CONDITIONS
    )
    grouped: dict[str, dict[str, list[CellResult]]] = {}
    for stratum, rows in strata.items():
        by_precision: dict[str, list[CellResult]] = {}
        for result in rows:
            by_precision.setdefault(axis.label(result.cell[PRECISION_AXIS]), []).append(result)
        grouped[str(stratum)] = {p: by_precision[p] for p in order if p in by_precision}
    return grouped


def _survivors(rows: Sequence[CellResult], metric: str) -> list[float]:
    return [r.metric(metric) for r in rows if not r.collapsed and math.isfinite(r.metric(metric))]


def _survivors_by_seed(rows: Sequence[CellResult], metric: str) -> dict[Any, float]:
    return {
        r.seed: r.metric(metric)
        for r in rows
        if not r.collapsed and math.isfinite(r.metric(metric))
    }


def metric_title(metric: str) -> str:
    return "F1" if metric == "f1" else metric


def _resolution(groups: dict[str, list[CellResult]], metric: str) -> resolution.Resolution:
    return resolution.summarise([r for rows in groups.values() for r in rows], metric)


def _widest_interval(groups: list, level: float) -> tuple[float, float]:
    """±the largest |end| of the Welch intervals of every pair of groups' mean difference: inside
    ±step only when every pair's interval is."""
    widest = 0.0
    for first, second in itertools.combinations(groups, 2):
        low, high = stats.difference_interval(second, first, paired=False, level=level)
        if not (math.isfinite(low) and math.isfinite(high)):
            return math.nan, math.nan
        widest = max(widest, abs(low), abs(high))
    return -widest, widest


def _fmt(value: float) -> str:
    return "nan" if value is None or not math.isfinite(value) else f"{value:.3f}"


class PairwiseCollapseFisher(Check):
    """Collapse counts of every pair of precisions: two-sided Fisher exact, Holm across pairs."""

    name = "collapses by precision"
    needs = (PRECISION_AXIS,)

    def __init__(self, alpha: float) -> None:
        self.alpha = alpha

    def params(self) -> dict[str, Any]:
        return {"alpha": self.alpha}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for stratum, groups in _strata(results, spec).items():
            counts = {p: (sum(r.collapsed for r in rows), len(rows)) for p, rows in groups.items()}
            table = ", ".join(f"{p} {c}/{n}" for p, (c, n) in counts.items())
            pairs = list(itertools.combinations(counts, 2))
            if not pairs:
                verdicts.append(self._too_few(stratum, table))
                continue
            tests = [stats.fisher_exact_collapses(*counts[a], *counts[b]) for a, b in pairs]
            adjusted = stats.holm_adjust([t.p_value for t in tests])
            worst = min(range(len(pairs)), key=lambda i: adjusted[i])
            a, b = pairs[worst]
            passed = not adjusted[worst] < self.alpha
            detail = f"collapses {table}; smallest Holm-adjusted p: {a} vs {b}, p = {stats.format_p(adjusted[worst])} (level {self.alpha:.3g})"
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test=f"Fisher exact, two-sided, {len(pairs)} pair(s), Holm",
                    statistic=tests[worst].statistic,
                    p_value=adjusted[worst],
                    passed=passed,
                    detail=detail
                    if passed
                    else detail + f": collapse rates differ between {a} and {b}",
                    assumptions="runs independent given the precision; each run collapses or not (Eq. 3); counts compared conditionally on the margins",
                    advice="inspect the collapsed seeds (Table 3 style): rerun one under both precisions; check seed handling and nondeterminism before invoking a precision mechanism",
                    condition=stratum,
                )
            )
        return verdicts

    def _too_few(self, stratum: str, table: str) -> CheckResult:
        return CheckResult(
            self.name,
            "Fisher exact",
            None,
            None,
            False,
            f"not tested: fewer than two precisions with runs that did not raise ({table or 'none'})",
            severity=WARNING,
            condition=stratum,
        )


class _F1AcrossPrecisions(Check):
    """Shared by ANOVA and Levene: the metric (F1 by default) of the surviving runs, grouped by
    precision."""

    needs = (PRECISION_AXIS,)
    test_name = ""
    assumptions = ""
    advice = ""
    min_per_group = 2
    name_pattern = "{} by precision"
    # ANOVA compares means: a significant difference of means below one example is labelled.
    compares_means = False

    def degenerate(self, groups: list) -> str | None:
        """Why the test is undefined on these groups, or None."""
        return None

    def __init__(self, alpha: float, metric: str = "f1") -> None:
        self.alpha = alpha
        self.metric = metric
        self.name = self.name_pattern.format(metric_title(metric))

    def params(self) -> dict[str, Any]:
        return {"alpha": self.alpha, "metric": self.metric}

    def run_test(self, groups: list) -> Any:
        raise NotImplementedError

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for stratum, groups in _strata(results, spec).items():
            f1 = {p: _survivors(rows, self.metric) for p, rows in groups.items()}
            summary = "; ".join(
                f"{p}: n={d['n']} mean {_fmt(d['mean'])} sd {_fmt(d['sd'])}"
                for p, d in ((p, stats.describe(v)) for p, v in f1.items())
            )
            usable = [v for v in f1.values() if len(v) >= self.min_per_group]
            if len(usable) < 2 or len(usable) < len(f1):
                # Nothing to compare (e.g. every run collapsed): shown, not failing -- the collapse
                # counts are judged by the Fisher check.
                verdicts.append(
                    CheckResult(
                        self.name,
                        self.test_name,
                        None,
                        None,
                        False,
                        f"not tested: needs at least {self.min_per_group} surviving runs per precision ({summary})",
                        self.assumptions,
                        severity=WARNING,
                        condition=stratum,
                    )
                )
                continue
            values = [x for v in usable for x in v]
            if max(values) == min(values):
                verdicts.append(
                    CheckResult(
                        self.name,
                        self.test_name,
                        0.0,
                        1.0,
                        True,
                        f"every surviving run has the same {metric_title(self.metric)} ({values[0]:.4f}): no difference to test",
                        self.assumptions,
                        condition=stratum,
                        metric=self.metric,
                    )
                )
                continue
            why = self.degenerate(usable)
            if why:
                verdicts.append(
                    CheckResult(
                        self.name,
                        self.test_name,
                        None,
                        None,
                        False,
                        f"not tested: {why} ({summary})",
                        self.assumptions,
                        severity=WARNING,
                        condition=stratum,
                    )
                )
                continue
            test = self.run_test(usable)
            p_value = (
                test.p_value if math.isfinite(test.p_value) else 0.0
            )  # constant groups with different values
            passed = not p_value < self.alpha
            means = [stats.describe(v)["mean"] for v in usable]
            spread = max(means) - min(means)
            found = _resolution(groups, self.metric)
            interval = _widest_interval(usable, 1 - self.alpha) if self.compares_means else None
            small = not passed and resolution.below(interval, found)
            detail = f"{metric_title(self.metric)} of surviving runs by precision: {summary}; p = {stats.format_p(p_value)} (level {self.alpha:.3g})"
            worth = resolution.in_examples(spread, None, found) if self.compares_means else None
            if small:
                assert interval is not None
                detail += (
                    f"; the largest difference of means, {spread:.2g} (every pair's interval "
                    "taken together), is " + resolution.note(interval, found)
                )
            elif not passed and worth:
                detail += f"; the largest difference of means, {spread:.2g}, is {worth}"
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test=test.test,
                    statistic=test.statistic,
                    p_value=p_value,
                    passed=passed,
                    detail=detail,
                    assumptions=self.assumptions,
                    advice=self.advice,
                    condition=stratum,
                    estimate=spread if self.compares_means else None,
                    metric=self.metric,
                    below_resolution=small,
                )
            )
        return verdicts


class PrecisionAnova(_F1AcrossPrecisions):
    """One-way ANOVA of surviving-run F1 (or `metric`) across precisions (Table 4)."""

    name = "F1 means by precision"
    name_pattern = "{} means by precision"
    compares_means = True
    test_name = "one-way ANOVA"
    assumptions = "independent runs; F1 roughly normal within each precision with equal variances (Levene checks the latter)"
    advice = "compare the per-precision means; if the paired t-test agrees, the precision changes what the model learns"

    def run_test(self, groups: list) -> Any:
        return stats.anova_oneway(groups)


class PrecisionLevene(_F1AcrossPrecisions):
    """Levene's test (median-centred) of equal F1 (or `metric`) spread across precisions (Table 4)."""

    name = "F1 spread by precision"
    name_pattern = "{} spread by precision"
    test_name = "Levene (center=median)"
    assumptions = "independent runs; robust to non-normal F1 (Brown-Forsythe centring)"
    advice = "a precision that widens the spread of F1 makes single-seed results less reliable there; report its spread"
    # with two runs, both deviations from the median are equal: no within-group spread to compare
    min_per_group = 3

    def degenerate(self, groups: list) -> str | None:
        for values in groups:
            ordered = sorted(values)
            middle = (
                ordered[len(ordered) // 2]
                if len(ordered) % 2
                else (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
            )
            deviations = [abs(v - middle) for v in values]
            if max(deviations) != min(deviations):
                return None
        return "the deviations from the median are constant within every precision, so Levene's W is undefined"

    def run_test(self, groups: list) -> Any:
        return stats.levene(groups)


class PairedPrecisionT(Check):
    """Paired t-test of F1 by seed for every pair of precisions (Holm); the detail gives the mean
    absolute paired difference (§6.3: 0.007 in the paper's reproduction)."""

    name = "paired F1 by seed"
    needs = (PRECISION_AXIS, SEED_AXIS)

    def __init__(self, alpha: float, metric: str = "f1") -> None:
        self.alpha = alpha
        self.metric = metric
        self.name = f"paired {metric_title(metric)} by seed"

    def params(self) -> dict[str, Any]:
        return {"alpha": self.alpha, "metric": self.metric}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for stratum, groups in _strata(results, spec).items():
            by_seed = {p: _survivors_by_seed(rows, self.metric) for p, rows in groups.items()}
            rows, p_values = [], []
            for a, b in itertools.combinations(by_seed, 2):
                seeds = [s for s in by_seed[a] if s in by_seed[b]]
                differences = [by_seed[a][s] - by_seed[b][s] for s in seeds]
                mean_abs = (
                    sum(abs(d) for d in differences) / len(differences)
                    if differences
                    else float("nan")
                )
                if len(differences) < 2:
                    p_value, statistic = float("nan"), float("nan")
                elif all(d == differences[0] for d in differences):
                    # no spread: identical runs (p = 1) or a constant shift (p = 0)
                    p_value, statistic = (
                        (1.0, 0.0)
                        if differences[0] == 0
                        else (0.0, math.copysign(math.inf, differences[0]))
                    )
                else:
                    test = stats.paired_t(
                        [by_seed[a][s] for s in seeds], [by_seed[b][s] for s in seeds]
                    )
                    p_value, statistic = test.p_value, test.statistic
                rows.append(
                    (
                        a,
                        b,
                        len(differences),
                        sum(differences) / len(differences) if differences else float("nan"),
                        mean_abs,
                        statistic,
                    )
                )
                p_values.append(p_value)
            if not rows or any(not math.isfinite(p) for p in p_values):
                short = [f"{a} vs {b}: {n} pairs" for a, b, n, *_ in rows]
                verdicts.append(
                    CheckResult(
                        self.name,
                        "paired t",
                        None,
                        None,
                        False,
                        f"not tested: needs at least two seeds surviving under both precisions ({'; '.join(short) or 'no pairs'})",
                        severity=WARNING,
                        condition=stratum,
                    )
                )
                continue
            adjusted = stats.holm_adjust(p_values)
            worst = min(range(len(rows)), key=lambda i: adjusted[i])
            described = "; ".join(
                f"{a} vs {b}: {n} seeds, mean diff {d:+.4f}, mean |diff| {m:.4f}, p_adj {stats.format_p(adj)}"
                for (a, b, n, d, m, _), adj in zip(rows, adjusted)
            )
            passed = not adjusted[worst] < self.alpha
            shift = rows[worst][3]
            found = _resolution(groups, self.metric)
            a, b = rows[worst][0], rows[worst][1]
            seeds = [s for s in by_seed[a] if s in by_seed[b]]
            interval = stats.difference_interval(
                [by_seed[a][s] for s in seeds],
                [by_seed[b][s] for s in seeds],
                paired=True,
                level=1 - self.alpha,
            )
            small = not passed and resolution.below(interval, found)
            detail = f"{described} (level {self.alpha:.3g})"
            worth = resolution.in_examples(shift, interval, found)
            if small:
                detail += (
                    f"; {rows[worst][0]} vs {rows[worst][1]}: the mean paired difference is "
                    + resolution.note(interval, found)
                )
            elif not passed and worth:
                detail += f"; {a} vs {b}: the mean paired difference is {worth}"
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test=f"paired t by seed, two-sided, {len(rows)} pair(s), Holm",
                    statistic=rows[worst][5],
                    p_value=adjusted[worst],
                    passed=passed,
                    detail=detail,
                    assumptions="the same seed gives the same initialisation and data order under every precision; paired differences roughly normal",
                    advice="a consistent paired shift means the precision changes the trained model; check whether it matters with max_f1_gap (TOST)",
                    condition=stratum,
                    estimate=shift,
                    compared_with=0.0,
                    metric=self.metric,
                    below_resolution=small,
                )
            )
        return verdicts


class PrecisionEquivalence(Check):
    """TOST: every pair's paired F1 difference is shown to lie within +-max_f1_gap."""

    name = "F1 equivalence"
    needs = (PRECISION_AXIS, SEED_AXIS)

    def __init__(self, max_f1_gap: float, alpha: float, metric: str = "f1") -> None:
        self.max_f1_gap = max_f1_gap
        self.alpha = alpha
        self.metric = metric
        self.name = f"{metric_title(metric)} equivalence"

    def params(self) -> dict[str, Any]:
        return {"max_f1_gap": self.max_f1_gap, "alpha": self.alpha, "metric": self.metric}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for stratum, groups in _strata(results, spec).items():
            by_seed = {p: _survivors_by_seed(rows, self.metric) for p, rows in groups.items()}
            parts: list[str] = []
            worst: tuple[str, str, stats.TestResult | None] | None = None
            for a, b in itertools.combinations(by_seed, 2):
                seeds = [s for s in by_seed[a] if s in by_seed[b]]
                if len(seeds) < 2:
                    parts.append(f"{a} vs {b}: {len(seeds)} paired seeds, too few")
                    worst = (a, b, None)
                    continue
                test = stats.tost_equivalence(
                    [by_seed[a][s] for s in seeds],
                    [by_seed[b][s] for s in seeds],
                    delta=self.max_f1_gap,
                )
                parts.append(
                    f"{a} vs {b}: mean diff {test.extra['mean_difference']:+.4f}, p {stats.format_p(test.p_value)}"
                )
                if worst is None or (worst[2] is not None and test.p_value > worst[2].p_value):
                    worst = (a, b, test)
            if worst is None or worst[2] is None:
                verdicts.append(
                    CheckResult(
                        self.name,
                        "TOST, paired t",
                        None,
                        None,
                        False,
                        "; ".join(parts) or "no pairs",
                        condition=stratum,
                    )
                )
                continue
            test = worst[2]
            passed = test.p_value < self.alpha
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test=f"TOST, paired t, within +-{self.max_f1_gap:g}",
                    statistic=test.statistic,
                    p_value=test.p_value,
                    passed=passed,
                    detail="; ".join(parts)
                    + (
                        f": every pair equivalent within +-{self.max_f1_gap:g} (level {self.alpha:.3g})"
                        if passed
                        else f": {worst[0]} vs {worst[1]} not shown equivalent within +-{self.max_f1_gap:g}"
                    ),
                    assumptions="paired differences by seed roughly normal; equivalence must be shown for every pair (intersection-union, no correction)",
                    advice="more seeds narrow the interval; a real difference larger than max_f1_gap cannot pass",
                    condition=stratum,
                    estimate=test.extra["mean_difference"],
                    compared_with=self.max_f1_gap,
                    metric=self.metric,
                )
            )
        return verdicts
