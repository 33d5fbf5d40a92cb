"""The checks `@longitudinal` adds: build errors, same-build repeatability, call consistency across
builds, parameter divergence. They share one `LongitudinalJudge`, which sorts the cell results into
builds (per seed when stacked with `@seed_sweep`), chooses τ once per group and caches the pairs.

Report fields: the judge writes τ into every run's ``extra["calls"]["tau"]``, so the per-case calls
that travel with each run (see `longitudinal.runs`) carry the cutoff they were
judged against; `mlaudit diff` compares them between two reports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..core.check import ERROR, WARNING, Check, CheckResult
from ..core.spec import CellResult, SweepSpec
from .axes import BUILD_AXIS
from .builds import Build, difference
from .call_agreement import agreement, consistency_test
from .calls import calls_and_scores, describe_tau, select_tau_per_class, select_tau_roc
from .divergence import bitwise_equal, first_difference
from .pairs import compare_pair, trail_of


class LongitudinalJudge:
    """Shared state of the four checks: groups, τ and pair comparisons, computed once per sweep."""

    def __init__(
        self,
        builds: Sequence[Build],
        *,
        tau: Any,
        p: float,
        alpha: float | None,
        positive_class: int,
        max_sine: float | None,
    ) -> None:
        self.builds = list(builds)
        self.tau = tau
        self.p = p
        self.alpha = alpha
        self.positive_class = positive_class
        self.max_sine = max_sine
        self._cache: tuple[Sequence[CellResult], list[dict]] | None = None

    def params(self) -> dict:
        return {
            "builds": [b.label for b in self.builds],
            "tau": self.tau,
            "p": self.p,
            "alpha": self.alpha,
            "positive_class": self.positive_class,
            "max_sine": self.max_sine,
        }

    # -- grouping ------------------------------------------------------------------------------
    def groups(self, results: Sequence[CellResult], spec: SweepSpec) -> list[dict]:
        """One dict per group of cells that differ only in the build (one per seed when stacked)."""
        # The runner hands every check the same list; holding it (not its id) rules out a stale hit.
        if self._cache is not None and self._cache[0] is results:
            return self._cache[1]
        with_build = (r for r in results if r.cell.get(BUILD_AXIS) is not None)
        out = [
            self._judge_group(
                {
                    "condition": condition,
                    "cells": {r.cell[BUILD_AXIS].label: (r.cell[BUILD_AXIS], r) for r in rows},
                }
            )
            for condition, rows in spec.group_by_except(with_build, (BUILD_AXIS,)).items()
        ]
        self._cache = (results, out)
        return out

    def _judge_group(self, group: dict) -> dict:
        cells = group["cells"]
        available, skipped, errored = {}, {}, {}
        for label, (build, result) in cells.items():
            usable, reason = build.availability()
            if not usable:
                skipped[label] = reason
            elif not result.ok:
                errored[label] = result.error
            else:
                available[label] = (build, result)
        group.update(available=available, skipped=skipped, errored=errored)
        group["tau"], group["tau_detail"] = self._choose_tau(available)
        if group["tau"] is not None:
            for _, result in available.values():
                calls = _calls_of(result)
                if isinstance(calls, dict):
                    tau = group["tau"]
                    calls["tau"] = (
                        {str(k): v for k, v in tau.items()} if isinstance(tau, dict) else tau
                    )
        return group

    def _choose_tau(self, available: dict) -> tuple[Any, str]:
        """(τ, how it was chosen): a number, or a mapping class -> τ; None with the reason when
        it cannot be chosen."""
        if isinstance(self.tau, Mapping):
            tau = {int(k): float(v) for k, v in self.tau.items()}
            return tau, f"{describe_tau(tau)} (given)"
        if self.tau not in ("roc", "roc-per-class"):
            return float(self.tau), f"τ={float(self.tau):g} (given)"
        reference = self.builds[0].label
        if reference not in available:
            return (
                None,
                f"tau={self.tau!r} needs the reference build {reference!r}, which did not run",
            )
        extra = _extra(available[reference][1])
        if extra.get("holdout_labels") is None or extra.get("holdout_proba") is None:
            return None, (
                f"tau={self.tau!r} needs the holdout: return longitudinal_run(..., holdout=(labels, proba)) "
                "(or a Run with extra={'holdout_labels': ..., 'holdout_proba': ...}), or give tau a number"
            )
        try:
            if self.tau == "roc-per-class":
                chosen = select_tau_per_class(extra["holdout_labels"], extra["holdout_proba"])
                tau = {c: choice.tau for c, choice in chosen.items()}
                recalls = ", ".join(f"{c}: {choice.recall:.3f}" for c, choice in chosen.items())
                return tau, (
                    f"{describe_tau(tau)} from the reference build's holdout (per reported class: correct "
                    f"calls above every wrong call of that class; recall at precision 1 by class {recalls})"
                )
            choice = select_tau_roc(
                extra["holdout_labels"], extra["holdout_proba"], self.positive_class
            )
        except ValueError as error:
            return None, f"tau={self.tau!r}: {error}"
        return choice.tau, (
            f"τ={choice.tau:.4g} from the reference build's holdout ({choice.rule}; recall "
            f"{choice.recall:.3f} at precision 1, {choice.positives} positives)"
        )

    def trail(self, result: CellResult) -> dict:
        return trail_of(result.run)

    def distinct(self, group: dict) -> list[tuple[Build, CellResult]]:
        """Available first replicates, reference first."""
        return [group["available"][b.label] for b in self.builds if b.label in group["available"]]


def _extra(result: CellResult) -> dict:
    extra = getattr(result.run, "extra", None)
    return extra if isinstance(extra, dict) else {}


def _calls_of(result: CellResult) -> dict | None:
    """The per-case calls a run carries to the report (and `mlaudit diff`). A plain multiclass
    `Run` gets them here, from its probabilities, so its calls reach the report too."""
    run = result.run
    extra = getattr(run, "extra", None)
    if isinstance(extra, dict) and isinstance(extra.get("calls"), dict):
        return extra["calls"]
    scores = getattr(run, "y_score", None)
    if run is None or scores is None or getattr(scores, "ndim", 1) != 2 or extra not in (None, {}):
        return None
    calls, call_scores = calls_and_scores(scores)
    run.extra = {"calls": {"calls": calls.tolist(), "scores": call_scores.tolist(), "tau": None}}
    return run.extra["calls"]


def _sine_threshold(build: Build) -> float:
    # sqrt(machine epsilon) of the precision parameters are stored in: the seed paper's noise floor.
    return math.sqrt(2.0**-52 if build.precision == "fp64" else 2.0**-23)


def _cases(indices: Sequence[int], limit: int = 8) -> str:
    shown = ", ".join(str(i) for i in indices[:limit])
    return shown + (f", … ({len(indices)} in all)" if len(indices) > limit else "")


class _JudgedCheck(Check):
    needs = (BUILD_AXIS,)

    def __init__(self, judge: LongitudinalJudge) -> None:
        self.judge = judge

    def params(self) -> dict:
        return self.judge.params()


class BuildErrors(Check):
    """Builds that raised fail; builds this machine cannot run (CUDA without CUDA) are skipped."""

    name = "longitudinal builds"
    needs = (BUILD_AXIS,)

    def __init__(self, builds: Sequence[Build]) -> None:
        self.builds = list(builds)

    def params(self) -> dict:
        return {"builds": [b.label for b in self.builds]}

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        failed, skipped = [], {}
        for result in results:
            build = result.cell.get(BUILD_AXIS)
            if build is None or result.ok:
                continue
            usable, reason = build.availability()
            if usable:
                failed.append(f"{build.label}: {result.error}")
            else:
                skipped[build.first.label] = reason
        ran = sum(1 for r in results if r.ok)
        verdicts.append(
            CheckResult(
                name=self.name,
                test="count",
                statistic=float(len(failed)),
                p_value=None,
                passed=not failed,
                detail=(
                    f"{ran} build runs completed"
                    + (f"; {len(failed)} raised: " + "; ".join(failed[:3]) if failed else "")
                ),
                advice="a build that raises is no build; fix the error (the first is shown) and rerun",
            )
        )
        if skipped:
            verdicts.append(
                CheckResult(
                    name="builds skipped",
                    test="hardware",
                    statistic=None,
                    p_value=None,
                    passed=False,
                    detail="; ".join(f"{label}: {reason}" for label, reason in skipped.items()),
                    advice="run on a machine with that device to compare against it; the proxies stand in meanwhile",
                    severity=WARNING,
                )
            )
        return verdicts


class Repeatability(_JudgedCheck):
    """The same build run twice must be bitwise identical (scores and parameters)."""

    name = "same-build repeatability"

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        import numpy as np

        verdicts = []
        for group in self.judge.groups(results, spec):
            compared, differing = 0, []
            for build in self.judge.builds:
                first, second = (
                    group["available"].get(build.label),
                    group["available"].get(build.again().label),
                )
                if first is None or second is None:
                    continue
                compared += 1
                a, b = self.judge.trail(first[1]), self.judge.trail(second[1])
                scores_a, scores_b = np.asarray(a["proba"]), np.asarray(b["proba"])
                problems = []
                if not bitwise_equal(scores_a, scores_b):
                    rows_a = scores_a.reshape(len(scores_a), -1)
                    rows_b = scores_b.reshape(len(scores_b), -1)
                    if rows_a.shape == rows_b.shape:
                        case = next(
                            i
                            for i in range(len(rows_a))
                            if rows_a[i].tobytes() != rows_b[i].tobytes()
                        )
                        problems.append(
                            f"scores differ first at case {case} "
                            f"({rows_a[case].max():.17g} vs {rows_b[case].max():.17g})"
                        )
                    else:
                        problems.append(f"score shapes differ ({rows_a.shape} vs {rows_b.shape})")
                if (
                    a.get("params") is not None
                    and b.get("params") is not None
                    and not bitwise_equal(a["params"], b["params"])
                ):
                    problems.append(
                        f"parameters differ first at index {first_difference(a['params'], b['params'])}"
                    )
                if problems:
                    differing.append(f"{build.label}: " + "; ".join(problems))
            if compared == 0:
                verdicts.append(
                    CheckResult(
                        name=self.name,
                        test="bitwise comparison",
                        statistic=None,
                        p_value=None,
                        passed=False,
                        detail="no build ran twice to completion, so repeatability is unknown",
                        condition=group["condition"],
                        severity=WARNING,
                    )
                )
                continue
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test="bitwise comparison of two runs per build",
                    statistic=float(len(differing)),
                    p_value=None,
                    passed=not differing,
                    detail=(
                        f"{compared} builds bitwise identical when repeated"
                        if not differing
                        else f"{len(differing)} of {compared} builds not bitwise identical when repeated: "
                        + " | ".join(differing[:3])
                    ),
                    assumptions="same machine, same process settings; bitwise equality needs deterministic kernels",
                    advice=(
                        "something in the training is not seeded or not deterministic: run with "
                        "--mlaudit-deterministic (torch.use_deterministic_algorithms), seed every generator "
                        "from `seed`, avoid atomics-based ops (index_add_, scatter_add_ on CUDA) and threads "
                        "that finish in any order"
                    ),
                    condition=group["condition"],
                )
            )
        return verdicts


class CallConsistency(_JudgedCheck):
    """Among cases reportable on every build, the share with the same call must reach p."""

    name = "longitudinal consistency"

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for group in self.judge.groups(results, spec):
            distinct = self.judge.distinct(group)
            if group["tau"] is None:
                verdicts.append(
                    CheckResult(
                        self.name,
                        "τ selection",
                        None,
                        None,
                        False,
                        group["tau_detail"],
                        condition=group["condition"],
                    )
                )
                continue
            if len(distinct) < 2:
                verdicts.append(
                    CheckResult(
                        self.name,
                        "agreement of reportable calls",
                        None,
                        None,
                        False,
                        f"only {len(distinct)} distinct build ran here, nothing to compare "
                        f"(skipped: {', '.join(group['skipped']) or 'none'})",
                        condition=group["condition"],
                        severity=WARNING,
                    )
                )
                continue
            try:
                result = agreement(
                    {b.label: self.judge.trail(r)["proba"] for b, r in distinct}, group["tau"]
                )
            except ValueError as error:
                verdicts.append(
                    CheckResult(
                        self.name,
                        "agreement of reportable calls",
                        None,
                        None,
                        False,
                        str(error),
                        condition=group["condition"],
                    )
                )
                continue
            test = consistency_test(result, self.judge.p, self.judge.alpha)
            reference = distinct[0][0]
            kinds = "; ".join(f"{b.label}: {difference(reference, b)}" for b, _ in distinct[1:])
            discrepant = [d.case for d in result.discrepancies]
            detail = (
                f"{result.agreeing}/{result.all_reportable} cases reportable on all {len(distinct)} builds get the "
                f"same call (share {result.share:.4f}, required p={self.judge.p:g}; one-sided exact binomial "
                f"p={test.p_value:.3g}, {test.confidence:.0%} lower bound {test.lower_bound:.4f}); "
                f"{result.discrepant} discrepant"
                + (f" (cases {_cases(discrepant)})" if discrepant else "")
                + f"; {result.partly_reportable} reportable on some builds only; {group['tau_detail']}; "
                f"builds vs {reference.label}: {kinds}"
            )
            if result.all_reportable == 0:
                detail = (
                    f"no case is reportable on every build at {describe_tau(group['tau'])}: no evidence either way; "
                    + detail
                )
            verdicts.append(
                CheckResult(
                    name=self.name,
                    test=test.rule,
                    statistic=float(result.agreeing),
                    p_value=test.p_value,
                    estimate=result.share,
                    compared_with=self.judge.p,
                    passed=test.passed,
                    detail=detail,
                    assumptions=(
                        "calls are argmax classes, scores their probabilities, reportable when score >= τ; "
                        "the binomial test treats evaluation cases as independent draws"
                    ),
                    advice=(
                        "train with minibatches (k >= 2) in fp64, which the seed paper found repeatable across "
                        "machines; do not raise τ after the fact to hide discrepancies"
                    ),
                    condition=group["condition"],
                )
            )
        return verdicts


class ParameterDivergence(_JudgedCheck):
    """Vector sine of each build's final parameters against the reference, and when they parted."""

    name = "parameter divergence"

    def evaluate(self, results: Sequence[CellResult], spec: SweepSpec) -> list[CheckResult]:
        verdicts = []
        for group in self.judge.groups(results, spec):
            distinct = self.judge.distinct(group)
            if len(distinct) < 2 or group["tau"] is None:
                continue
            (reference, reference_result) = distinct[0]
            ref_trail = self.judge.trail(reference_result)
            for build, result in distinct[1:]:
                trail = self.judge.trail(result)
                if ref_trail.get("params") is None or trail.get("params") is None:
                    verdicts.append(
                        CheckResult(
                            self.name,
                            "vector sine",
                            None,
                            None,
                            False,
                            f"{build.label}: no parameters to compare; pass params= to longitudinal_run",
                            condition=group["condition"],
                            severity=WARNING,
                        )
                    )
                    continue
                pair = compare_pair(
                    reference.label,
                    ref_trail,
                    build.label,
                    trail,
                    group["tau"],
                    _sine_threshold(build),
                )
                parted = (
                    "never differed bitwise"
                    if pair.first_bitwise_step is None
                    else f"first bitwise difference at step {pair.first_bitwise_step}"
                )
                crossed = (
                    ""
                    if not pair.curve
                    else "; sine never above √ε"
                    if pair.first_sine_step is None
                    else f"; sine above √ε={pair.sine_threshold:.1e} from snapshot step {pair.first_sine_step}"
                )
                limit = self.judge.max_sine
                gated = limit is not None
                passed = limit is None or (pair.final_sine is not None and pair.final_sine <= limit)
                verdicts.append(
                    CheckResult(
                        name=self.name,
                        test=f"vector sine <= {self.judge.max_sine:g}"
                        if gated
                        else "vector sine (reported, not gated)",
                        statistic=pair.final_sine,
                        p_value=None,
                        passed=passed,
                        detail=(
                            f"{build.label} vs {reference.label} ({difference(reference, build)}): final vector sine "
                            f"{pair.final_sine:.3e}; {parted}{crossed}; {pair.discrepant}/{pair.all_reportable} "
                            "reportable calls differ"
                        ),
                        assumptions="sine = ‖u−v‖·‖u+v‖/2 of the unit parameter vectors, in float64",
                        condition=group["condition"],
                        severity=ERROR if gated else WARNING,
                        data={
                            "kind": "vector_sine",
                            "reference": reference.label,
                            "build": build.label,
                            "steps": [step for step, _ in pair.curve],
                            "sine": [sine for _, sine in pair.curve],
                            "threshold": pair.sine_threshold,
                            "final": pair.final_sine,
                            "first_bitwise_step": pair.first_bitwise_step,
                        },
                    )
                )
        return verdicts
