"""Every pair of conditions compared on one metric: the statistics `@compare` and
`@cross_precision` share.

Paired by seed (the same seed under two conditions is the same training but for the condition):
paired t, or Wilcoxon's signed-rank test. Unpaired: Welch's t, or the Mann-Whitney U test. Holm's
step-down adjustment across the pairs keeps the chance of any false "differs" at alpha. With an
equivalence margin, TOST (paired t, or Welch) on the same differences.

Differences are "second minus first" in the order the conditions were given.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

from . import stats

T_TEST, RANK_TEST = "t", "rank"
TESTS = (T_TEST, RANK_TEST)


@dataclasses.dataclass(frozen=True)
class Pair:
    """One pair of conditions: `second - first`."""

    first: str
    second: str
    n_first: int
    n_second: int
    pairs: int | None  # seeds present in both (paired comparisons)
    mean_first: float
    mean_second: float
    difference: float  # mean of the paired differences, or the difference of means
    test: str = ""
    statistic: float | None = None
    p_value: float | None = None  # None: not tested (too few runs)
    p_holm: float | None = None
    tost_statistic: float | None = None
    tost_p: float | None = None
    why_untested: str = ""
    # two-sided (level) Student t interval of `difference` (paired, or Welch), whatever the test
    ci: tuple[float, float] | None = None

    @property
    def tested(self) -> bool:
        return self.p_value is not None

    def to_row(self) -> dict[str, Any]:
        row = dataclasses.asdict(self)
        row["ci"] = None if self.ci is None else [self.ci[0], self.ci[1]]
        return row


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def _degenerate(differences: Sequence[float]) -> tuple[float, float] | None:
    """(statistic, p) when the differences have no spread: identical runs (p = 1) or a constant
    shift (p = 0): the t statistic is 0 or infinite."""
    if all(d == differences[0] for d in differences):
        if differences[0] == 0:
            return 0.0, 1.0
        return math.copysign(math.inf, differences[0]), 0.0
    return None


def _paired(
    first: Mapping, second: Mapping, test: str, name_a: str, name_b: str, level: float
) -> Pair:
    seeds = [s for s in first if s in second]
    differences = [second[s] - first[s] for s in seeds]
    pair = Pair(
        first=name_a,
        second=name_b,
        n_first=len(first),
        n_second=len(second),
        pairs=len(seeds),
        mean_first=_mean(list(first.values())),
        mean_second=_mean(list(second.values())),
        difference=_mean(differences),
        test="paired t by seed" if test == T_TEST else "Wilcoxon signed-rank by seed",
    )
    if len(seeds) < 2:
        return dataclasses.replace(pair, why_untested=f"{len(seeds)} seed(s) in both")
    pair = dataclasses.replace(
        pair,
        ci=stats.difference_interval(
            [second[s] for s in seeds], [first[s] for s in seeds], paired=True, level=level
        ),
    )
    if test == RANK_TEST:
        result = stats.wilcoxon_signed_rank(differences)
        return dataclasses.replace(pair, statistic=result.statistic, p_value=result.p_value)
    flat = _degenerate(differences)
    if flat is not None:
        return dataclasses.replace(pair, statistic=flat[0], p_value=flat[1])
    result = stats.paired_t([second[s] for s in seeds], [first[s] for s in seeds])
    return dataclasses.replace(pair, statistic=result.statistic, p_value=result.p_value)


def _unpaired(
    first: Sequence[float], second: Sequence[float], test: str, a: str, b: str, level: float
) -> Pair:
    pair = Pair(
        first=a,
        second=b,
        n_first=len(first),
        n_second=len(second),
        pairs=None,
        mean_first=_mean(first),
        mean_second=_mean(second),
        difference=_mean(second) - _mean(first),
        test="Welch t" if test == T_TEST else "Mann-Whitney U",
    )
    if len(first) < 2 or len(second) < 2:
        return dataclasses.replace(pair, why_untested=f"{len(first)} and {len(second)} runs")
    pair = dataclasses.replace(
        pair, ci=stats.difference_interval(second, first, paired=False, level=level)
    )
    if test == RANK_TEST:
        result = stats.mann_whitney(second, first)
        return dataclasses.replace(pair, statistic=result.statistic, p_value=result.p_value)
    if len(set(first)) == 1 and len(set(second)) == 1:
        flat = _degenerate([second[0] - first[0]])
        assert flat is not None
        return dataclasses.replace(pair, statistic=flat[0], p_value=flat[1])
    result = stats.welch_t(second, first)
    return dataclasses.replace(pair, statistic=result.statistic, p_value=result.p_value)


def _tost(
    first: Mapping[Any, float], second: Mapping[Any, float], paired: bool, margin: float
) -> tuple[float, float] | None:
    if paired:
        seeds = [s for s in first if s in second]
        if len(seeds) < 2:
            return None
        result = stats.tost_equivalence(
            [second[s] for s in seeds], [first[s] for s in seeds], delta=margin, paired=True
        )
    else:
        if len(first) < 2 or len(second) < 2:
            return None
        result = stats.tost_equivalence(
            list(second.values()), list(first.values()), delta=margin, paired=False
        )
    return result.statistic, result.p_value


def compare_all(
    values: Mapping[str, Mapping[Any, float]],
    *,
    paired: bool,
    test: str = T_TEST,
    equivalence: float | None = None,
    level: float = 0.95,
) -> list[Pair]:
    """Every pair of conditions of `values` (condition -> {seed: metric value}), in order, with
    Holm-adjusted p-values across the tested pairs, each difference's `level` t interval and,
    with `equivalence`, the TOST p-value."""
    pairs = []
    for a, b in itertools.combinations(values, 2):
        if paired:
            pair = _paired(values[a], values[b], test, a, b, level)
        else:
            pair = _unpaired(list(values[a].values()), list(values[b].values()), test, a, b, level)
        if equivalence is not None:
            found = _tost(values[a], values[b], paired, equivalence)
            if found is not None:
                pair = dataclasses.replace(pair, tost_statistic=found[0], tost_p=found[1])
        pairs.append(pair)
    tested = [i for i, pair in enumerate(pairs) if pair.p_value is not None]
    adjusted = stats.holm_adjust([pairs[i].p_value for i in tested])  # type: ignore[misc]
    for i, p in zip(tested, adjusted):
        pairs[i] = dataclasses.replace(pairs[i], p_holm=p)
    return pairs
