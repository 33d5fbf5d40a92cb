"""Synthetic-real consistency (§8 item 1 of the paper): do the losses rank the same in both domains?

For every pair of losses (a, b) and every domain, the per-seed difference ``metric(b) - metric(a)``
is tested against zero, paired by seed (same seed, same domain: the same split and initialisation
under two losses). By default the test is Wilcoxon's signed-rank test (scipy.stats.wilcoxon,
two-sided), because F1 over seeds is bounded and, with collapses, bimodal; ``test="paired-t"``
uses ``stats.paired_t``. The p-values of all tests of one check (2 domains x number of pairs) are
Holm-adjusted, so the chance of any false "significant" stays at or below ``alpha`` when no loss
differs anywhere.

Per pair, each domain's difference is "b better", "a better" or a tie (adjusted p >= alpha), and:

==========================  ======================================  ==========================
synthetic                   real                                    verdict
==========================  ======================================  ==========================
significant                 significant, same direction              consistent (pass)
significant                 significant, opposite direction          inversion (fail)
tie                         tie                                      tie in both (pass)
significant / tie           tie / significant                        not confirmed (``unconfirmed``)
==========================  ======================================  ==========================

"Not confirmed" fails by default (``unconfirmed="fail"``): the check exists to decide whether the
synthetic benchmark may be trusted to choose between the losses, and a ranking that the real data
does not show (or a real ranking the synthetic data misses) is not evidence that it may. A tie is
not an inversion, and the message says which it is; ``unconfirmed="warn"`` reports it without
failing, ``"pass"`` accepts it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..core import stats
from ..core.check import ERROR, WARNING, Check, CheckResult
from ..core.metric_names import lower_is_better
from ..core.spec import SEED_AXIS, Axis, CellResult, SweepSpec
from .axes import DOMAIN_AXIS, DOMAINS, LOSS_AXIS

TESTS = ("wilcoxon", "paired-t")
UNCONFIRMED_MODES = ("fail", "warn", "pass")

CONSISTENT, INVERSION, TIE, NOT_CONFIRMED = (
    "consistent",
    "inversion",
    "tie in both",
    "not confirmed",
)


def paired_difference_test(differences: Sequence[float], test: str) -> float:
    """Two-sided p-value of H0: the paired differences are centred on zero."""
    return paired_difference_statistic(differences, test)[1]


def paired_difference_statistic(differences: Sequence[float], test: str) -> tuple[float, float]:
    """(statistic, two-sided p) of H0: the paired differences are centred on zero: Wilcoxon's W
    or the paired t."""
    if len(differences) < 2 or all(d == 0 for d in differences):
        return 0.0, 1.0
    if test == "wilcoxon":
        # zsplit keeps zero differences (ties of the two losses) in the ranking instead of
        # dropping them, so many exact ties pull the p-value towards 1 as they should.
        result = stats.wilcoxon_signed_rank(differences)
        return result.statistic, result.p_value
    spread = stats.describe(differences)["sd"]
    if spread == 0:  # every seed differs by the same non-zero amount: no noise at all
        return math.copysign(math.inf, differences[0]), 0.0
    result = stats.paired_t(list(differences), [0.0] * len(differences))
    return result.statistic, result.p_value


def smallest_attainable_p(pairs: int, test: str) -> float:
    """The smallest two-sided p-value the test can give with this many pairs (before Holm)."""
    if test == "wilcoxon" and pairs < 30:
        return 2.0 / 2**pairs  # all differences one sign, exact null distribution
    return 0.0


def _axis(spec: SweepSpec, name: str) -> Axis:
    axis = spec.axis(name)
    if axis is None:  # `needs` keeps this check off grids without its axes
        raise ValueError(f"the grid has no {name!r} axis")
    return axis


class LossRankingConsistency(Check):
    """Fails when the losses rank differently on synthetic and real data (see module docstring)."""

    name = "synthetic-real consistency"
    needs = (LOSS_AXIS, DOMAIN_AXIS, SEED_AXIS)

    def __init__(
        self,
        losses: Sequence,
        metric: str = "f1",
        alpha: float = 0.05,
        test: str = "wilcoxon",
        unconfirmed: str = "fail",
    ) -> None:
        self.losses = list(losses)
        self.metric = metric
        self.alpha = alpha
        self.test = test
        self.unconfirmed = unconfirmed

    def params(self) -> dict[str, Any]:
        return {
            "losses": [str(loss) for loss in self.losses],
            "metric": self.metric,
            "alpha": self.alpha,
            "test": self.test,
            "unconfirmed": self.unconfirmed,
        }

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        groups = spec.group_by_except(results, (LOSS_AXIS, DOMAIN_AXIS, spec.pairing_axis))
        return [self._judge(rows, spec, condition) for condition, rows in groups.items()]

    # -- one group of cells (all losses x domains x seeds under the same other conditions) --------
    def _values(self, rows: Sequence[CellResult], spec: SweepSpec) -> dict:
        """(loss label, domain) -> {seed: metric} over runs that finished with a finite metric."""
        loss_axis = _axis(spec, LOSS_AXIS)
        values: dict = {}
        for row in rows:
            if not row.ok:
                continue
            value = row.metric(self.metric)
            if not math.isfinite(value):
                continue
            key = (loss_axis.label(row.cell[LOSS_AXIS]), str(row.cell[DOMAIN_AXIS]))
            values.setdefault(key, {})[row.cell[spec.pairing_axis]] = value
        return values

    def _judge(
        self, rows: Sequence[CellResult], spec: SweepSpec, condition: str | None
    ) -> CheckResult:
        loss_axis = _axis(spec, LOSS_AXIS)
        labels = [loss_axis.label(loss) for loss in self.losses]
        values = self._values(rows, spec)
        comparisons = []
        for first_index, first in enumerate(labels):
            for second in labels[first_index + 1 :]:
                for domain in DOMAINS:
                    a, b = values.get((first, domain), {}), values.get((second, domain), {})
                    seeds = [seed for seed in a if seed in b]
                    differences = [b[seed] - a[seed] for seed in seeds]
                    statistic, p_value = paired_difference_statistic(differences, self.test)
                    comparisons.append(
                        {
                            "pair": (first, second),
                            "domain": domain,
                            "pairs": len(seeds),
                            "mean_difference": stats.describe(differences)["mean"],
                            "p": p_value,
                            "statistic": statistic,
                        }
                    )
        for comparison, adjusted in zip(
            comparisons, stats.holm_adjust([c["p"] for c in comparisons])
        ):
            comparison["p_adjusted"] = adjusted
            comparison["significant"] = comparison["pairs"] >= 2 and adjusted < self.alpha
        verdicts = []
        for index in range(0, len(comparisons), len(DOMAINS)):
            synthetic, real = comparisons[index], comparisons[index + 1]
            verdicts.append((synthetic, real, self._pair_verdict(synthetic, real)))
        return self._result(values, labels, verdicts, condition)

    @staticmethod
    def _pair_verdict(synthetic: dict, real: dict) -> str:
        if synthetic["significant"] and real["significant"]:
            same = (synthetic["mean_difference"] > 0) == (real["mean_difference"] > 0)
            return CONSISTENT if same else INVERSION
        if not synthetic["significant"] and not real["significant"]:
            return TIE
        return NOT_CONFIRMED

    def _result(
        self, values: dict, labels: list, verdicts: list, condition: str | None
    ) -> CheckResult:
        inversions = [v for v in verdicts if v[2] == INVERSION]
        unconfirmed = [v for v in verdicts if v[2] == NOT_CONFIRMED]
        severity = ERROR
        if inversions:
            passed, worst = False, inversions[0]
        elif unconfirmed and self.unconfirmed != "pass":
            passed, worst = False, unconfirmed[0]
            severity = ERROR if self.unconfirmed == "fail" else WARNING
        else:
            passed, worst = True, verdicts[0]
        synthetic, real, verdict = worst
        first, second = synthetic["pair"]
        headline = self._headline(synthetic, real, verdict)
        table = self._table(values, labels, verdicts)
        fewest = min(c["pairs"] for v in verdicts for c in v[:2])
        if fewest < 2:
            passed, severity = False, ERROR
            headline = (
                f"too few runs to compare: a (loss, domain) pair has {fewest} seeds that finished with a finite "
                f"{self.metric} in both losses; at least 2 are needed (see the errors check)"
            )
        notes = []
        floor = smallest_attainable_p(fewest, self.test) * 2 * len(verdicts)
        if floor >= self.alpha:
            notes.append(
                f"with {fewest} seeds per comparison the smallest attainable Holm-adjusted p-value is "
                f"{min(floor, 1.0):.3g} >= alpha = {self.alpha:g}: no difference can be significant, so "
                "every comparison is a tie. Run more seeds."
            )
        detail = "\n".join([headline, *table, *notes])
        data = {
            "kind": "loss_ranking",
            "metric": self.metric,
            "loss_axis": LOSS_AXIS,
            "domain_axis": DOMAIN_AXIS,
            "losses": list(labels),
            "domains": list(DOMAINS),
            "comparisons": [
                {**c, "pair": list(c["pair"]), "significant": bool(c["significant"])}
                for v in verdicts
                for c in v[:2]
            ],
            "verdicts": [[s["pair"][0], s["pair"][1], verdict] for s, _, verdict in verdicts],
        }
        return CheckResult(
            name=self.name,
            test=(
                f"{'Wilcoxon signed-rank' if self.test == 'wilcoxon' else 'paired t'} by seed, "
                f"Holm over {2 * len(verdicts)}"
            ),
            statistic=real["statistic"],
            # intersection-union: the ranking holds in both domains only if both tests reject
            p_value=max(synthetic["p_adjusted"], real["p_adjusted"]),
            passed=passed,
            detail=detail,
            assumptions=(
                "seeds are independent; within a domain the two losses share each seed's split and "
                "initialisation, so their difference is paired by seed; "
                + (
                    "Wilcoxon: the differences are symmetric about their median"
                    if self.test == "wilcoxon"
                    else "paired t: the mean difference is roughly normal over seeds"
                )
            ),
            advice=(
                "an inversion means the synthetic benchmark cannot choose between these losses: calibrate "
                "it to the real per-class difficulty (pytest_mlaudit.synthetic.DifficultyCalibratedTwin) and "
                "compare its fidelity_report; 'not confirmed' usually needs more seeds, or "
                "unconfirmed='warn' if a difference seen in one domain only is acceptable"
            ),
            condition=condition,
            severity=severity,
            data=data,
            # the real-domain difference, held against the synthetic one it should agree with
            estimate=real["mean_difference"],
            compared_with=synthetic["mean_difference"],
            metric=self.metric,
        )

    def _headline(self, synthetic: dict, real: dict, verdict: str) -> str:
        first, second = synthetic["pair"]
        direction = " (lower is better)" if lower_is_better(self.metric) else ""

        def side(c: dict) -> str:
            status = "significant" if c["significant"] else "a tie within noise"
            return f"{c['mean_difference']:+.3f} on {c['domain']} (p = {stats.format_p(c['p_adjusted'])}, {status})"

        return f"{verdict}: {self.metric}{direction} of {second} − {first} is {side(synthetic)} and {side(real)}."

    def _table(self, values: dict, labels: list, verdicts: list) -> list:
        def cell(loss: str, domain: str) -> str:
            described = stats.describe(list(values.get((loss, domain), {}).values()))
            if not described["n"]:
                return "no runs"
            return f"{described['mean']:.3f} ± {described['sd']:.3f} (n={described['n']})"

        def difference(c: dict) -> str:
            if c["pairs"] < 2:
                return f"{c['pairs']} paired seeds"
            if not c["significant"]:
                tag = "tie"
            else:
                better = (
                    c["pair"][1]
                    if (c["mean_difference"] > 0) != lower_is_better(self.metric)
                    else c["pair"][0]
                )
                tag = f"{better} better"
            return f"{c['mean_difference']:+.3f} p={stats.format_p(c['p_adjusted'])} {tag}"

        rows = [[self.metric, *DOMAINS]]
        rows += [[loss, cell(loss, DOMAINS[0]), cell(loss, DOMAINS[1])] for loss in labels]
        for synthetic, real, verdict in verdicts:
            first, second = synthetic["pair"]
            rows.append([f"{second} − {first}", difference(synthetic), difference(real)])
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [
            "  ".join(
                text.ljust(width) if i == 0 else text.rjust(width)
                for i, (text, width) in enumerate(zip(row, widths))
            )
            for row in rows
        ]
        verdict_line = "verdict: " + "; ".join(
            f"{s['pair'][1]} vs {s['pair'][0]}: {v}" for s, _, v in verdicts
        )
        return ["    " + line.rstrip() for line in lines] + ["    " + verdict_line]
