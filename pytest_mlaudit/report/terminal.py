"""Tables of a sweep (rich) for the terminal summary and the failure message.

Everything here reads the sweep's JSON form, so the controller of `pytest -n 2` renders sweeps
that ran in its workers exactly as a single process would.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from ..core.stats import describe, format_p


def _mean(values: Sequence) -> float:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    return sum(finite) / len(finite) if finite else float("nan")


def condition_rows(sweep: dict) -> list:
    """One summary per condition, in grid order."""
    groups: dict = {}
    for run in sweep["runs"]:
        groups.setdefault(run.get("condition_label") or "all", []).append(run)
    rows = []
    for condition, runs in groups.items():
        ok = [r for r in runs if r["error"] is None and not r.get("skipped")]
        f1 = describe([r["metrics"]["f1"] for r in ok if r["metrics"]])
        rows.append(
            {
                "condition": condition,
                "runs": len(runs),
                "collapses": sum(r["collapsed"] for r in ok),
                "errors": sum(r["error"] is not None for r in runs),
                "f1": f1,
                "auroc": _mean([r["metrics"]["auroc"] for r in ok if r["metrics"]]),
            }
        )
    return rows


def _f1_cell(f1: dict) -> str:
    if not f1["n"]:
        return "—"
    return f"{f1['mean']:.3f} ± {f1['sd']:.3f} [{f1['min']:.3f}, {f1['max']:.3f}]"


def _number(value) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _tables(sweep: dict):
    from rich.markup import escape
    from rich.table import Table

    runs = Table(
        title=escape(f"mlaudit sweep {sweep['nodeid']}"), title_justify="left", show_lines=False
    )
    runs.add_column("condition", justify="left")
    for column in ("runs", "collapses", "errors", "F1 mean ± sd [min, max]", "AUROC"):
        runs.add_column(escape(column), justify="right")
    for row in condition_rows(sweep):
        runs.add_row(
            escape(row["condition"]),
            str(row["runs"]),
            str(row["collapses"]),
            str(row["errors"]),
            _f1_cell(row["f1"]),
            f"{row['auroc']:.3f}" if math.isfinite(row["auroc"]) else "—",
        )
    checks = Table(show_header=True)
    for column in ("check", "condition", "test", "statistic", "p-value", "verdict"):
        checks.add_column(column)
    for check in sweep["checks"]:
        verdict = (
            "pass"
            if check["passed"]
            else ("FAIL" if check.get("severity", "error") == "error" else "warn")
        )
        style = {"pass": "green", "FAIL": "bold red", "warn": "yellow"}[verdict]
        checks.add_row(
            escape(check["name"]),
            escape(check.get("condition") or "all"),
            escape(check["test"]),
            _number(check["statistic"]),
            format_p(check["p_value"]),
            f"[{style}]{verdict}[/{style}]",
        )
    return runs, checks


def render(sweep: dict, width: int = 100, color: bool = False, reproduce: bool = True) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        soft_wrap=False,
    )
    runs, checks = _tables(sweep)
    console.print(runs)
    if sweep["checks"]:
        console.print(checks)
    elif sweep.get("interrupted"):
        console.print("interrupted: checks were not evaluated on the partial sweep")
    if reproduce:
        console.print(f"reproduce: {sweep['reproduce']}", markup=False)
    return buffer.getvalue()


def failure_message(sweep: dict, width: int = 110, limit_runs: int = 10) -> str:
    """Hypothesis-style: what failed, the table, what it assumes, what to try, how to reproduce."""
    failed = [
        c for c in sweep["checks"] if not c["passed"] and c.get("severity", "error") == "error"
    ]
    lines = [f"mlaudit sweep failed: {len(failed)} of {len(sweep['checks'])} checks failed.", ""]
    for check in failed:
        where = f" [{check['condition']}]" if check.get("condition") not in (None, "all") else ""
        numbers = []
        if check["statistic"] is not None:
            numbers.append(f"statistic {_number(check['statistic'])}")
        if check["p_value"] is not None:
            numbers.append(f"p = {format_p(check['p_value'])}")
        lines.append(
            f"FAILED {check['name']}{where} ({check['test']}{'; ' + ', '.join(numbers) if numbers else ''})"
        )
        lines.append(f"    {check['detail']}")
    lines += ["", render(sweep, width=width, color=False, reproduce=False).rstrip(), ""]
    unusual = [run for run in sweep["runs"] if run["error"] is not None or run["collapsed"]]
    if unusual:
        lines.append(f"Runs that raised or collapsed ({len(unusual)} of {len(sweep['runs'])}):")
        for run in unusual[:limit_runs]:
            where = (
                f"{run['condition_label']}, "
                if run.get("condition_label") not in (None, "all")
                else ""
            )
            why = (
                run["error"]
                if run["error"] is not None
                else "collapsed: " + "; ".join(run.get("collapse_reasons") or ["Eq. 3"])
            )
            lines.append(f"  - {where}seed {run['seed']}: {why}")
        if len(unusual) > limit_runs:
            lines.append(f"  - … and {len(unusual) - limit_runs} more (see --mlaudit-report)")
        lines.append("")
    assumptions = sorted(
        {f"{c['name']}: {c['assumptions']}" for c in failed if c.get("assumptions")}
    )
    if assumptions:
        lines.append("What these checks assume:")
        lines += [f"  - {a}" for a in assumptions]
        lines.append("")
    advice = sorted({f"{c['name']}: {c['advice']}" for c in failed if c.get("advice")})
    if advice:
        lines.append("What to try:")
        lines += [f"  - {a}" for a in advice]
        lines.append("")
    lines.append("Reproduce this sweep with:")
    lines.append(f"    {sweep['reproduce']}")
    return "\n".join(lines)
