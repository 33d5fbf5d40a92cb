"""Statistical tests of mlaudit: a thin layer over scipy.stats (imported inside each function).

Every function returns a `TestResult` naming its test, statistic and p-value, so checks can
report them as they are. What each test assumes is written in docs/sweeps.md; its false-alarm
rate is measured by benchmarks/stats_calibration.py.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any


@dataclasses.dataclass(frozen=True)
class TestResult:
    test: str
    statistic: float
    p_value: float
    extra: dict = dataclasses.field(default_factory=dict)

    __test__ = False  # not a pytest test class


def fisher_exact_collapses(
    a_collapses: int, a_runs: int, b_collapses: int, b_runs: int
) -> TestResult:
    """Two-sided Fisher exact test of two collapse counts; statistic: the sample odds ratio."""
    from scipy.stats import fisher_exact

    table = [[a_collapses, a_runs - a_collapses], [b_collapses, b_runs - b_collapses]]
    result = fisher_exact(table, alternative="two-sided")
    return TestResult(
        "Fisher exact, two-sided", float(result.statistic), float(result.pvalue), {"table": table}
    )


def binomial_excess(collapses: int, runs: int, max_rate: float) -> TestResult:
    """One-sided exact binomial test of H0: collapse probability <= max_rate.
    statistic: the observed rate. With max_rate = 0 any collapse gives p = 0."""
    from scipy.stats import binomtest

    rate = collapses / runs
    if max_rate <= 0.0:
        p_value = 0.0 if collapses > 0 else 1.0
    elif max_rate >= 1.0:
        p_value = 1.0
    else:
        p_value = float(binomtest(collapses, runs, max_rate, alternative="greater").pvalue)
    return TestResult("exact binomial, one-sided", rate, p_value)


def proportion_interval(successes: int, trials: int, level: float = 0.95) -> tuple:
    """Clopper-Pearson (exact) confidence interval of a proportion."""
    from scipy.stats import binomtest

    interval = binomtest(successes, trials).proportion_ci(confidence_level=level, method="exact")
    return float(interval.low), float(interval.high)


def anova_oneway(groups: Sequence[Sequence[float]]) -> TestResult:
    """One-way ANOVA across conditions (F statistic)."""
    from scipy.stats import f_oneway

    result = f_oneway(*[list(g) for g in groups])
    return TestResult("one-way ANOVA", float(result.statistic), float(result.pvalue))


def levene(groups: Sequence[Sequence[float]], center: str = "median") -> TestResult:
    """Levene's test of equal variances (W). center='median' is the Brown-Forsythe variant, robust
    to the skewed F1 distributions that collapses produce."""
    from scipy.stats import levene as scipy_levene

    result = scipy_levene(*[list(g) for g in groups], center=center)
    return TestResult(f"Levene (center={center})", float(result.statistic), float(result.pvalue))


def _paired(a: Mapping | Sequence, b: Mapping | Sequence) -> tuple:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        seeds = [s for s in a if s in b]
        return [a[s] for s in seeds], [b[s] for s in seeds]
    if len(a) != len(b):
        raise ValueError(f"paired samples differ in length ({len(a)} vs {len(b)})")
    return list(a), list(b)


def paired_t(a: Mapping | Sequence, b: Mapping | Sequence) -> TestResult:
    """Paired t-test of a - b against zero. Mappings are paired by key (the seed); sequences by
    position."""
    from scipy.stats import ttest_rel

    first, second = _paired(a, b)
    result = ttest_rel(first, second)
    mean_difference = (
        sum(x - y for x, y in zip(first, second)) / len(first) if first else float("nan")
    )
    return TestResult(
        "paired t, two-sided",
        float(result.statistic),
        float(result.pvalue),
        {"pairs": len(first), "mean_difference": mean_difference},
    )


def _t_tail(estimate: float, bound: float, standard_error: float, df: float, upper: bool) -> float:
    """p of H0: true value <= bound (upper=True) or >= bound (upper=False), Student t."""
    from scipy.stats import t

    if standard_error == 0 or not math.isfinite(standard_error):
        beyond = estimate > bound if upper else estimate < bound
        return 0.0 if beyond else 1.0
    statistic = (estimate - bound) / standard_error
    return float(t.sf(statistic, df) if upper else t.cdf(statistic, df))


def tost_equivalence(
    x: Sequence[float], y: Sequence[float] | None = None, *, delta: float, paired: bool = True
) -> TestResult:
    """Two one-sided t-tests (TOST) of equivalence within +-delta.

    With `y` None, `x` are paired differences. With `y` and paired=True, the differences x - y
    (by position, or by key for mappings); with paired=False, Welch's two-sample version.
    H0: |mean difference| >= delta. p_value = max of the two one-sided p-values; p < alpha means
    the difference is shown to lie within +-delta. statistic: the t statistic of the one-sided
    test that gives that p-value (the binding margin); extra["mean_difference"]: the estimate.
    """
    import numpy as np

    if delta <= 0:
        raise ValueError(f"delta must be > 0, got {delta!r}")
    if y is None or paired:
        if y is None:
            differences = np.asarray(list(x), dtype=float)
        else:
            first, second = _paired(x, y)
            differences = np.asarray(first, dtype=float) - np.asarray(second, dtype=float)
        count = differences.size
        if count < 2:
            raise ValueError("TOST needs at least two differences")
        estimate = float(differences.mean())
        standard_error = float(differences.std(ddof=1) / math.sqrt(count))
        df = count - 1.0
        test = "TOST, paired t"
    else:
        first_values = np.asarray(list(x), dtype=float)
        second_values = np.asarray(list(y), dtype=float)
        if first_values.size < 2 or second_values.size < 2:
            raise ValueError("TOST needs at least two values per sample")
        estimate = float(first_values.mean() - second_values.mean())
        var_first = first_values.var(ddof=1) / first_values.size
        var_second = second_values.var(ddof=1) / second_values.size
        standard_error = float(math.sqrt(var_first + var_second))
        numerator = (var_first + var_second) ** 2
        denominator = var_first**2 / (first_values.size - 1) + var_second**2 / (
            second_values.size - 1
        )
        df = (
            float(numerator / denominator)
            if denominator > 0
            else float(first_values.size + second_values.size - 2)
        )
        test = "TOST, Welch t"
    p_lower = _t_tail(estimate, -delta, standard_error, df, upper=True)
    p_upper = _t_tail(estimate, delta, standard_error, df, upper=False)
    bound = -delta if p_lower >= p_upper else delta
    statistic = (
        (estimate - bound) / standard_error
        if standard_error > 0 and math.isfinite(standard_error)
        else math.copysign(math.inf, estimate - bound)
        if estimate != bound
        else 0.0
    )
    return TestResult(
        test,
        float(statistic),
        max(p_lower, p_upper),
        {
            "p_lower": p_lower,
            "p_upper": p_upper,
            "delta": delta,
            "mean_difference": estimate,
            "df": df,
        },
    )


def difference_interval(
    a: Sequence[float], b: Sequence[float], *, paired: bool, level: float = 0.95
) -> tuple[float, float]:
    """Two-sided Student t confidence interval of mean(a - b) (paired: `a` and `b` aligned by
    position) or of mean(a) - mean(b) (Welch's standard error and degrees of freedom). No spread
    gives the point itself; fewer than two values (per sample) give (nan, nan)."""
    import numpy as np
    from scipy.stats import t

    first = np.asarray(list(a), dtype=float)
    second = np.asarray(list(b), dtype=float)
    if paired:
        differences = first - second
        if differences.size < 2:
            return math.nan, math.nan
        estimate = float(differences.mean())
        standard_error = float(differences.std(ddof=1) / math.sqrt(differences.size))
        df = differences.size - 1.0
    else:
        if first.size < 2 or second.size < 2:
            return math.nan, math.nan
        estimate = float(first.mean() - second.mean())
        var_first = first.var(ddof=1) / first.size
        var_second = second.var(ddof=1) / second.size
        standard_error = float(math.sqrt(var_first + var_second))
        denominator = var_first**2 / (first.size - 1) + var_second**2 / (second.size - 1)
        df = (
            float((var_first + var_second) ** 2 / denominator)
            if denominator > 0
            else first.size + second.size - 2.0
        )
    if not standard_error > 0:
        return estimate, estimate
    half = float(t.ppf(0.5 + level / 2, df)) * standard_error
    return estimate - half, estimate + half


def one_sample_t(values: Sequence[float], bound: float, *, below: bool = True) -> TestResult:
    """One-sided one-sample t-test. below=True: H0 mean >= bound (small p: the mean is below the
    bound); below=False: H0 mean <= bound (small p: above). statistic: t = (mean - bound) / SE
    (+-inf when every value is the same and differs from the bound); extra: mean, n, bound."""
    import numpy as np

    data = np.asarray(list(values), dtype=float)
    if data.size == 0:
        raise ValueError("no values")
    estimate = float(data.mean())
    standard_error = float(data.std(ddof=1) / math.sqrt(data.size)) if data.size > 1 else 0.0
    p_value = _t_tail(estimate, bound, standard_error, data.size - 1.0, upper=not below)
    if standard_error > 0:
        statistic = (estimate - bound) / standard_error
    else:
        statistic = 0.0 if estimate == bound else math.copysign(math.inf, estimate - bound)
    return TestResult(
        "one-sample t, one-sided",
        float(statistic),
        p_value,
        {"n": int(data.size), "mean": estimate, "bound": bound},
    )


def mean_below(values: Sequence[float], bound: float) -> TestResult:
    """One-sided one-sample t-test of H0: mean >= bound (small p: the mean is below the bound).
    statistic: t; extra["mean"]: the sample mean."""
    return one_sample_t(values, bound, below=True)


def welch_t(a: Sequence[float], b: Sequence[float]) -> TestResult:
    """Welch's unequal-variance two-sample t-test of mean(a) - mean(b), two-sided."""
    from scipy.stats import ttest_ind

    result = ttest_ind(list(a), list(b), equal_var=False)
    return TestResult(
        "Welch t, two-sided",
        float(result.statistic),
        float(result.pvalue),
        {"mean_difference": _mean(a) - _mean(b)},
    )


def wilcoxon_signed_rank(differences: Sequence[float]) -> TestResult:
    """Wilcoxon signed-rank test of paired differences against zero, two-sided. Zero differences
    stay in the ranking (zsplit), so many exact ties pull p towards 1 as they should; with no
    non-zero difference p = 1. statistic: scipy's W."""
    from scipy.stats import wilcoxon

    values = [float(d) for d in differences]
    if not values or all(d == 0 for d in values):
        return TestResult("Wilcoxon signed-rank, two-sided", 0.0, 1.0, {"pairs": len(values)})
    result = wilcoxon(values, zero_method="zsplit", alternative="two-sided")
    return TestResult(
        "Wilcoxon signed-rank, two-sided",
        float(result.statistic),
        float(result.pvalue),
        {"pairs": len(values), "mean_difference": _mean(values)},
    )


def mann_whitney(a: Sequence[float], b: Sequence[float]) -> TestResult:
    """Mann-Whitney U test of a against b, two-sided (asymptotic with tie correction, exact for
    small samples without ties: scipy's 'auto'). statistic: U of a."""
    from scipy.stats import mannwhitneyu

    first, second = [float(v) for v in a], [float(v) for v in b]
    if len(set(first) | set(second)) == 1:
        return TestResult("Mann-Whitney U, two-sided", len(first) * len(second) / 2, 1.0)
    result = mannwhitneyu(first, second, alternative="two-sided")
    return TestResult(
        "Mann-Whitney U, two-sided",
        float(result.statistic),
        float(result.pvalue),
        {"mean_difference": _mean(first) - _mean(second)},
    )


def _mean(values: Sequence[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


def holm_adjust(p_values: Sequence[float]) -> list:
    """Holm's step-down adjusted p-values (family-wise error control under any dependence).

    Hand-written: scipy.stats offers Benjamini-Hochberg/Yekutieli (false discovery rate) but not
    Holm, and a family-wise guarantee is what a pass/fail check needs.
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def trivial_baseline_f1(prevalence: float) -> float:
    """F1 of predicting every example positive at this prevalence: precision p, recall 1, so
    2p/(1+p) (0.40 at 25 %)."""
    if not 0 <= prevalence <= 1:
        raise ValueError(f"prevalence must be in [0, 1], got {prevalence!r}")
    return 2.0 * prevalence / (1.0 + prevalence)


@dataclasses.dataclass(frozen=True)
class BaselineComparison:
    f1: float
    prevalence: float
    baseline_f1: float
    below: bool
    message: str


def compare_with_trivial_baseline(f1: float, prevalence: float) -> BaselineComparison:
    """Says plainly whether an F1 is below that of the all-positive classifier."""
    baseline = trivial_baseline_f1(prevalence)
    below = f1 < baseline
    if below:
        message = (
            f"F1 {f1:.3f} is below {baseline:.3f}, the F1 of predicting every example positive at "
            f"{prevalence:.1%} prevalence: the model does worse than the trivial all-positive classifier"
        )
    else:
        message = f"F1 {f1:.3f} is above {baseline:.3f}, the F1 of predicting every example positive at {prevalence:.1%} prevalence"
    return BaselineComparison(f1, prevalence, baseline, below, message)


def describe(values: Sequence[float]) -> dict:
    """mean, sd (ddof=1), min, max of the finite values, and their count."""
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not finite:
        return {
            "n": 0,
            "mean": float("nan"),
            "sd": float("nan"),
            "min": float("nan"),
            "max": float("nan"),
        }
    mean = sum(finite) / len(finite)
    sd = (
        math.sqrt(sum((v - mean) ** 2 for v in finite) / (len(finite) - 1))
        if len(finite) > 1
        else 0.0
    )
    return {"n": len(finite), "mean": mean, "sd": sd, "min": min(finite), "max": max(finite)}


def format_p(p_value: Any) -> str:
    if p_value is None or not math.isfinite(float(p_value)):
        return "—"
    p_value = float(p_value)
    if p_value == 0.0:
        return "0"
    return f"{p_value:.2g}" if p_value >= 1e-3 else f"{p_value:.2e}"
