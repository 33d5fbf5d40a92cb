"""Compare two saved mlaudit JSON reports: the archived build against today's.

Reads reports through `report.schema` (`load`, `run_calls`), which owns the format: environment,
sweeps, runs with their metrics and, where a run carries them, per-case calls.

What differs is reported; what *gates* is only what the user stated: ``tolerances`` (absolute, per
metric) and ``max_call_discrepancy`` (share of cases reportable in both reports whose calls differ),
plus runs that are missing or newly failing unless ``allow_missing``. Environment differences are
shown, never gated: a new build is expected to differ there, and the point is to see how.

Stdlib only (rich is imported by the renderer), so ``mlaudit diff`` starts fast.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from typing import Any

from .schema import run_calls


def flatten(mapping: Any, prefix: str = "") -> dict[str, Any]:
    """{"torch": {"version": "2.1"}} -> {"torch.version": "2.1"}."""
    if not isinstance(mapping, dict):
        return {prefix: mapping}
    out: dict[str, Any] = {}
    for key, value in mapping.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            out.update(flatten(value, name))
        else:
            out[name] = value
    return out


def _run_key(nodeid: str, run: Mapping) -> tuple[str, str, str]:
    condition = run["condition"]
    if isinstance(condition, dict):
        label = ", ".join(f"{k}={v}" for k, v in sorted(condition.items())) or "all"
    else:
        label = json.dumps(condition, sort_keys=True, default=str)
    return (nodeid, label, json.dumps(run["seed"], sort_keys=True, default=str))


@dataclasses.dataclass
class CallComparison:
    cases: int
    reportable_both: int
    discrepant: int
    changed: int
    first_discrepant: list[int]

    @property
    def share(self) -> float:
        return self.discrepant / self.reportable_both if self.reportable_both else 0.0


@dataclasses.dataclass
class RunDiff:
    nodeid: str
    condition: str
    seed: str
    status: str  # "both", "only in A", "only in B"
    metric_deltas: dict[str, tuple[float | None, float | None]]
    error_a: str | None = None
    error_b: str | None = None
    calls: CallComparison | None = None
    violations: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ReportDiff:
    name_a: str
    name_b: str
    environment: list[tuple[str, Any, Any]]
    runs: list[RunDiff]
    violations: list[str]
    tolerances: dict[str, float]
    max_call_discrepancy: float | None

    @property
    def passed(self) -> bool:
        return not self.violations

    def to_dict(self) -> dict:
        out = dataclasses.asdict(self)
        out["passed"] = self.passed
        return out


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None if value is None else float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    if math.isnan(a) and math.isnan(b):
        return True
    return a == b


def _exceeds(a: float | None, b: float | None, tolerance: float) -> bool:
    if _same(a, b):
        return False
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return True  # a metric that appeared, vanished or became undefined
    return abs(a - b) > tolerance


def compare_calls(calls_a: Mapping, calls_b: Mapping) -> CallComparison | str:
    if len(calls_a["calls"]) != len(calls_b["calls"]):
        return f"case counts differ ({len(calls_a['calls'])} vs {len(calls_b['calls'])})"

    def reportable(calls: Mapping, i: int) -> bool:
        tau = calls.get("tau")
        if isinstance(tau, Mapping):  # one τ per call class (multiclass): class -> τ
            tau = tau.get(str(calls["calls"][i]))
            if tau is None:
                return False
        tau = _number(tau)
        score = _number(calls["scores"][i])
        return tau is None or (score is not None and score >= tau)

    reportable_both = discrepant = changed = 0
    first: list[int] = []
    for i, (a, b) in enumerate(zip(calls_a["calls"], calls_b["calls"])):
        differs = a != b
        changed += differs
        if reportable(calls_a, i) and reportable(calls_b, i):
            reportable_both += 1
            if differs:
                discrepant += 1
                if len(first) < 10:
                    first.append(i)
    return CallComparison(len(calls_a["calls"]), reportable_both, discrepant, changed, first)


def compare(
    report_a: Mapping,
    report_b: Mapping,
    *,
    tolerances: Mapping[str, float] | None = None,
    max_call_discrepancy: float | None = 0.0,
    allow_missing: bool = False,
    name_a: str = "A",
    name_b: str = "B",
) -> ReportDiff:
    """Everything that differs between two loaded reports, and which stated limits it breaks.

    ``tolerances`` maps a metric name (or ``"*"`` for every metric) to the largest absolute
    difference allowed; metrics without a tolerance are shown but do not gate.
    """
    tolerances = dict(tolerances or {})
    env_a, env_b = flatten(report_a["environment"]), flatten(report_b["environment"])
    environment = [
        (key, env_a.get(key), env_b.get(key))
        for key in sorted(set(env_a) | set(env_b))
        if env_a.get(key) != env_b.get(key)
    ]
    runs_a = {_run_key(s["nodeid"], r): r for s in report_a["sweeps"] for r in s["runs"]}
    runs_b = {_run_key(s["nodeid"], r): r for s in report_b["sweeps"] for r in s["runs"]}
    order = list(runs_a) + [k for k in runs_b if k not in runs_a]
    diffs: list[RunDiff] = []
    violations: list[str] = []
    for key in order:
        nodeid, condition, seed = key
        run_a, run_b = runs_a.get(key), runs_b.get(key)
        where = f"{nodeid} [{condition}] seed={seed}"
        if run_a is None or run_b is None:
            status = f"only in {name_a}" if run_b is None else f"only in {name_b}"
            diff = RunDiff(nodeid, condition, seed, status, {})
            if not allow_missing:
                diff.violations.append(f"{where}: run {status}")
            diffs.append(diff)
            violations.extend(diff.violations)
            continue
        metrics_a, metrics_b = run_a.get("metrics") or {}, run_b.get("metrics") or {}
        deltas: dict[str, tuple[float | None, float | None]] = {}
        diff = RunDiff(
            nodeid, condition, seed, "both", deltas, run_a.get("error"), run_b.get("error")
        )
        for metric in sorted(set(metrics_a) | set(metrics_b)):
            a, b = _number(metrics_a.get(metric)), _number(metrics_b.get(metric))
            if not _same(a, b):
                deltas[metric] = (a, b)
            tolerance = tolerances.get(metric, tolerances.get("*"))
            if tolerance is not None and _exceeds(a, b, tolerance):
                diff.violations.append(
                    f"{where}: {metric} {_fmt(a)} -> {_fmt(b)} exceeds tolerance {tolerance:g}"
                )
        if run_b.get("error") and not run_a.get("error") and not allow_missing:
            diff.violations.append(
                f"{where}: fails in {name_b}: {str(run_b['error']).splitlines()[0][:120]}"
            )
        calls_a, calls_b = run_calls(run_a), run_calls(run_b)
        if calls_a is not None and calls_b is not None:
            outcome = compare_calls(calls_a, calls_b)
            if isinstance(outcome, str):
                diff.violations.append(f"{where}: calls: {outcome}")
            else:
                diff.calls = outcome
                if max_call_discrepancy is not None and outcome.share > max_call_discrepancy:
                    diff.violations.append(
                        f"{where}: {outcome.discrepant}/{outcome.reportable_both} reportable calls differ "
                        f"({outcome.share:.1%} > {max_call_discrepancy:.1%}); first cases {outcome.first_discrepant}"
                    )
        elif (calls_a is None) != (calls_b is None) and not allow_missing:
            diff.violations.append(
                f"{where}: per-case calls only in {name_a if calls_b is None else name_b}"
            )
        violations.extend(diff.violations)
        diffs.append(diff)
    return ReportDiff(
        name_a, name_b, environment, diffs, violations, tolerances, max_call_discrepancy
    )


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def render(diff: ReportDiff, console: Any = None, *, show_all: bool = False) -> None:
    """Rich tables: environment differences, then per-run metric and call differences, then verdict."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if diff.environment:
        table = Table(
            title=f"environment: {len(diff.environment)} differences", title_justify="left"
        )
        table.add_column("key")
        table.add_column(diff.name_a, overflow="fold")
        table.add_column(diff.name_b, overflow="fold")
        for key, a, b in diff.environment:
            table.add_row(key, _fmt(a), _fmt(b))
        console.print(table)
    else:
        console.print("environment: identical")

    shown = [
        r
        for r in diff.runs
        if show_all
        or r.status != "both"
        or r.metric_deltas
        or r.violations
        or (r.calls is not None and r.calls.changed)
        or r.error_a != r.error_b
    ]
    same = sum(1 for r in diff.runs if r.status == "both") - sum(
        1 for r in shown if r.status == "both"
    )
    if shown:
        table = Table(title=f"runs: {len(shown)} differ, {same} identical", title_justify="left")
        for column in ("test", "condition", "seed", "metrics (A → B)", "calls", "verdict"):
            table.add_column(column, overflow="fold")
        for run in shown:
            metrics = "; ".join(
                f"{m} {_fmt(a)}→{_fmt(b)}" for m, (a, b) in run.metric_deltas.items()
            )
            if run.status != "both":
                metrics = run.status
            elif run.error_a != run.error_b:
                metrics = (
                    metrics + "; " if metrics else ""
                ) + f"error: {_fmt(run.error_a)}→{_fmt(run.error_b)}"
            calls = ""
            if run.calls is not None:
                calls = (
                    f"{run.calls.discrepant}/{run.calls.reportable_both} reportable differ"
                    f" ({run.calls.changed} of {run.calls.cases} changed)"
                )
            verdict = "[red]FAIL[/red]" if run.violations else "ok"
            table.add_row(
                run.nodeid.split("::")[-1], run.condition, run.seed, metrics or "=", calls, verdict
            )
        console.print(table)
    else:
        console.print(f"runs: all {same} identical")
    if diff.violations:
        console.print(f"[red]FAIL[/red]: {len(diff.violations)} stated limits exceeded")
        for line in diff.violations[:20]:
            console.print(f"  - {line}", markup=False, highlight=False, soft_wrap=True)
        if len(diff.violations) > 20:
            console.print(f"  … and {len(diff.violations) - 20} more")
    else:
        limits = (
            ", ".join(f"{k}<={v:g}" for k, v in diff.tolerances.items())
            or "no metric tolerances stated"
        )
        calls = (
            "off" if diff.max_call_discrepancy is None else f"<= {diff.max_call_discrepancy:.1%}"
        )
        console.print(f"pass: within limits ({limits}; call discrepancy {calls})")
