"""The checks `@compare` adds: does the compared axis change the metric (every pair, Holm), and,
with an equivalence margin, is every pair shown equivalent (TOST)?

Both judge each stratum separately: the other condition axes held fixed (one stratum, "all", when
`@compare` is stacked with `@seed_sweep` alone). They read every run that finished, collapsed
runs included: a condition that collapses more often is worse on the metric, and that is part of
the comparison (`@cross_precision` judges collapses separately, so it leaves them out).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..core import comparison, metric_names, resolution, stats
from ..core.check import ERROR, WARNING, Check, CheckResult
from ..core.metrics import missing_metric, sweep_metric
from ..core.spec import ALL_CONDITIONS, SEED_AXIS, CellResult, SweepSpec

TEST_NAMES = {
    (True, comparison.T_TEST): "paired t by seed",
    (True, comparison.RANK_TEST): "Wilcoxon signed-rank by seed",
    (False, comparison.T_TEST): "Welch t",
    (False, comparison.RANK_TEST): "Mann-Whitney U",
}


def _interval(ci: tuple[float, float] | None, alpha: float) -> str:
    if ci is None or not all(math.isfinite(x) for x in ci):
        return ""
    return f", {1 - alpha:.0%} CI [{ci[0]:+.4g}, {ci[1]:+.4g}]"


def _fmt(value: float | None, spec: str = ".4g") -> str:
    return "—" if value is None or not math.isfinite(value) else format(value, spec)


class _Compare(Check):
    def __init__(
        self,
        axis: str,
        metric: str | None,
        *,
        paired: bool,
        test: str,
        alpha: float,
        equivalence: float | None,
        best: str | None = None,
    ) -> None:
        self.axis = axis
        self.best = best
        self.metric = metric
        self.paired = paired
        self.test = test
        self.alpha = alpha
        self.equivalence = equivalence
        self.needs = (axis,)

    def params(self) -> dict[str, Any]:
        return {
            "axis": self.axis,
            "metric": self.metric,
            "paired": self.paired,
            "test": self.test,
            "alpha": self.alpha,
            "equivalence": self.equivalence,
            "best": self.best,
        }

    def validate(self, spec: SweepSpec) -> list[str]:
        if spec.axis(SEED_AXIS) is None:
            return [
                f"compare: comparing {self.axis!r} needs several runs per condition"
                + (" paired by seed" if self.paired else "")
                + ": stack @seed_sweep(n=...)"
            ]
        return []

    def metric_of(self, spec: SweepSpec, results: Sequence[CellResult]) -> str:
        return self.metric or sweep_metric(spec, results)

    def strata(
        self, results: Sequence[CellResult], spec: SweepSpec
    ) -> dict[str, dict[str, list[CellResult]]]:
        """stratum -> {condition label of the compared axis -> finished runs}, axis order."""
        axis = spec.axis(self.axis)
        if axis is None:
            return {}
        order = [axis.label(v) for v in axis.values]
        groups = spec.group_by_except(
            (r for r in results if r.ok), (self.axis, spec.pairing_axis), empty=ALL_CONDITIONS
        )
        out: dict[str, dict[str, list[CellResult]]] = {}
        for stratum, rows in groups.items():
            by_value: dict[str, list[CellResult]] = {}
            for row in rows:
                by_value.setdefault(axis.label(row.cell[self.axis]), []).append(row)
            out[str(stratum)] = {v: by_value.get(v, []) for v in order}
        return out

    @staticmethod
    def values(rows: Sequence[CellResult], metric: str) -> dict[Any, float]:
        return {r.seed: r.metric(metric) for r in rows if math.isfinite(r.metric(metric))}

    def untested(self, stratum: str, metric: str, why: str, name: str, test: str) -> CheckResult:
        return CheckResult(
            name,
            test,
            None,
            None,
            False,
            f"not tested: {why}",
            condition=stratum,
            metric=metric,
            advice="run more seeds, and check the errors and collapses of the conditions",
        )


class CompareDifference(_Compare):
    """Fails when some pair of conditions differs on the metric (Holm-adjusted p < alpha); a
    warning only when an equivalence margin is given (then TOST decides). With `best`, the
    opposite question: fails unless `best` is shown better than every other value."""

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        metric = self.metric_of(spec, results)
        name = f"compare {self.axis}: {metric}"
        label = TEST_NAMES[(self.paired, self.test)]
        verdicts = []
        for stratum, groups in self.strata(results, spec).items():
            rows = [r for group in groups.values() for r in group]
            missing = missing_metric(metric, rows)
            if missing:
                verdicts.append(
                    CheckResult(
                        name, label, None, None, False, missing, condition=stratum, metric=metric
                    )
                )
                continue
            values = {v: self.values(group, metric) for v, group in groups.items()}
            pairs = comparison.compare_all(
                values, paired=self.paired, test=self.test, level=1 - self.alpha
            )
            tested = [p for p in pairs if p.p_holm is not None]
            if not tested:
                why = "; ".join(f"{p.second} vs {p.first}: {p.why_untested}" for p in pairs)
                verdicts.append(self.untested(stratum, metric, why, name, label))
                continue
            verdicts.append(self._judge(stratum, metric, name, label, pairs, tested, rows))
        return verdicts

    def _judge(
        self,
        stratum: str,
        metric: str,
        name: str,
        label: str,
        pairs: list[comparison.Pair],
        tested: list[comparison.Pair],
        rows: Sequence[CellResult],
    ) -> CheckResult:
        worst = min(tested, key=lambda p: p.p_holm if p.p_holm is not None else 1.0)
        assert worst.p_holm is not None
        differs = worst.p_holm < self.alpha
        found = resolution.summarise(rows, metric)
        small = differs and resolution.below(worst.ci, found)
        lower = metric_names.lower_is_better(metric)
        table = []
        lines = []
        for pair in pairs:
            better = None
            if pair.p_holm is not None and math.isfinite(pair.difference) and pair.difference != 0:
                better = pair.second if (pair.difference > 0) != lower else pair.first
            significant = pair.p_holm is not None and pair.p_holm < self.alpha
            below = significant and resolution.below(pair.ci, found)
            row = pair.to_row() | {
                "better": better if significant else None,
                "below_resolution": below,
            }
            table.append(row)
            if pair.p_holm is None:
                lines.append(f"{pair.second} − {pair.first}: not tested ({pair.why_untested})")
                continue
            verdict = f"{better} better" if significant else "no difference shown"
            lines.append(
                f"{pair.second} − {pair.first}: {pair.difference:+.4g}{_interval(pair.ci, self.alpha)} (means {_fmt(pair.mean_second)} vs "
                f"{_fmt(pair.mean_first)}"
                + (
                    f", {pair.pairs} seeds"
                    if pair.pairs is not None
                    else f", {pair.n_second} vs {pair.n_first} runs"
                )
                + f"), statistic {_fmt(pair.statistic, '.3g')}, p = {stats.format_p(pair.p_value)}, "
                f"Holm p = {stats.format_p(pair.p_holm)}: {verdict}"
                + (" [smaller than one test example]" if below else "")
            )
        detail = f"{metric} ({metric_names.better_word(metric)}) by {self.axis}: " + "; ".join(
            lines
        )
        worth = resolution.in_examples(worst.difference, worst.ci, found)
        if small:
            assert worst.ci is not None  # below() needs an interval
            detail += f". {worst.second} vs {worst.first}: the difference is " + resolution.note(
                worst.ci, found
            )
        elif differs and worth:
            detail += f". {worst.second} vs {worst.first}: the difference is {worth}"
        gated = self.equivalence is None
        passed = not differs
        advice = (
            "a difference is shown: report it with its size; give equivalence= to ask whether it "
            "is small enough to ignore"
            if differs
            else "no difference shown is not equivalence: give equivalence= to test that"
        )
        if self.best is not None:
            passed, worst, verdict = self._best_verdict(pairs, table)
            detail = f"{verdict}. {detail}"
            advice = (
                f"{self.best} is shown better than every other {self.axis}"
                if passed
                else f"run more seeds, or accept that {self.best} is not shown better"
            )
        return CheckResult(
            name=name,
            test=f"{label}, two-sided, {len(tested)} pair(s), Holm",
            statistic=worst.statistic,
            p_value=worst.p_holm,
            passed=passed,
            detail=detail,
            assumptions=(
                "runs independent across seeds; "
                + (
                    "the same seed gives the same split and initialisation under every condition, so "
                    "differences are paired by seed; "
                    if self.paired
                    else "conditions are independent samples of runs; "
                )
                + (
                    "differences (t) or means (Welch) roughly normal"
                    if self.test == comparison.T_TEST
                    else "rank tests: no normality assumed; Wilcoxon assumes symmetric differences"
                )
            ),
            advice=advice,
            condition=stratum,
            severity=ERROR if gated or self.best is not None else WARNING,
            estimate=worst.difference,
            compared_with=0.0,
            metric=metric,
            below_resolution=small,
            data={
                "kind": "pairs",
                "axis": self.axis,
                "metric": metric,
                "paired": self.paired,
                "rows": table,
            },
        )

    def _best_verdict(
        self, pairs: list[comparison.Pair], table: list[dict]
    ) -> tuple[bool, comparison.Pair, str]:
        """Whether `best` is shown better than every other value, the pair that decides, and a
        sentence saying so."""
        against = [
            (pair, row) for pair, row in zip(pairs, table) if self.best in (pair.first, pair.second)
        ]
        failing = [(pair, row) for pair, row in against if row["better"] != self.best]
        if not failing:
            decisive = max(against, key=lambda item: item[0].p_holm or 0.0)[0]
            return True, decisive, f"{self.best} is shown better than every other {self.axis}"
        pair, row = max(failing, key=lambda item: item[0].p_holm or 1.0)
        other = pair.first if pair.second == self.best else pair.second
        why = (
            "not tested"
            if pair.p_holm is None
            else f"{row['better']} is better"
            if row["better"] is not None
            else f"no difference shown (Holm p = {stats.format_p(pair.p_holm)})"
        )
        return False, pair, f"{self.best} is not shown better than {other}: {why}"


class CompareEquivalence(_Compare):
    """Fails unless every pair of conditions is shown equivalent within ±equivalence (TOST at
    alpha; all pairs must pass, an intersection-union test that needs no correction)."""

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        assert self.equivalence is not None
        margin = self.equivalence
        metric = self.metric_of(spec, results)
        name = f"equivalence {self.axis}: {metric}"
        label = f"TOST, {'paired t' if self.paired else 'Welch t'}, within ±{margin:g}"
        verdicts = []
        for stratum, groups in self.strata(results, spec).items():
            rows = [r for group in groups.values() for r in group]
            missing = missing_metric(metric, rows)
            if missing:
                verdicts.append(
                    CheckResult(
                        name, label, None, None, False, missing, condition=stratum, metric=metric
                    )
                )
                continue
            values = {v: self.values(group, metric) for v, group in groups.items()}
            pairs = comparison.compare_all(
                values,
                paired=self.paired,
                test=comparison.T_TEST,
                equivalence=margin,
                level=1 - self.alpha,
            )
            untested = [p for p in pairs if p.tost_p is None]
            if untested:
                why = "; ".join(
                    f"{p.second} vs {p.first}: too few runs ({p.why_untested or 'fewer than 2'})"
                    for p in untested
                )
                verdicts.append(self.untested(stratum, metric, why, name, label))
                continue
            worst = max(pairs, key=lambda p: p.tost_p if p.tost_p is not None else 1.0)
            assert worst.tost_p is not None
            passed = worst.tost_p < self.alpha
            parts = [
                f"{p.second} − {p.first}: {p.difference:+.4g}, TOST p = {stats.format_p(p.tost_p)}"
                for p in pairs
            ]
            detail = "; ".join(parts) + (
                f": every pair equivalent within ±{margin:g} (level {self.alpha:g})"
                if passed
                else f": {worst.second} vs {worst.first} not shown equivalent within ±{margin:g}"
            )
            verdicts.append(
                CheckResult(
                    name=name,
                    test=label,
                    statistic=worst.tost_statistic,
                    p_value=worst.tost_p,
                    passed=passed,
                    detail=detail,
                    assumptions=(
                        ("paired differences by seed" if self.paired else "means of each condition")
                        + " roughly normal; equivalence must be shown for every pair (intersection-union)"
                    ),
                    advice=f"more seeds narrow the interval; a real difference beyond ±{margin:g} cannot pass",
                    condition=stratum,
                    estimate=worst.difference,
                    compared_with=margin,
                    metric=metric,
                    data={
                        "kind": "pairs",
                        "axis": self.axis,
                        "metric": metric,
                        "paired": self.paired,
                        "margin": margin,
                        "rows": [p.to_row() for p in pairs],
                    },
                )
            )
        return verdicts
