"""Tables of a sweep (rich) for the terminal summary and the failure message.

Everything here reads the sweep's JSON form, so the controller of `pytest -n 2` renders sweeps
that ran in its workers exactly as a single process would.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from ..core.metric_names import is_built_in
from ..core.stats import describe, format_p

# Besides the sweep's own metric, the columns each task kind shows (user metrics follow).
SECONDARY = {
    "binary": ("auroc",),
    "multiclass": ("accuracy", "auroc"),
    "regression": ("r2", "mae"),
}
MAX_EXTRA_COLUMNS = 4
TITLES = {"f1": "F1", "auroc": "AUROC", "r2": "R²", "rmse": "RMSE", "mae": "MAE"}


def _mean(values: Sequence) -> float:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    return sum(finite) / len(finite) if finite else float("nan")


def title(metric: str) -> str:
    return TITLES.get(metric, metric)


def sweep_metric(sweep: dict) -> str:
    """The metric the sweep is summarised by (reports before task kinds: F1)."""
    return sweep.get("metric") or "f1"


def extra_metrics(sweep: dict) -> list[str]:
    """The other metric columns: the task kind's usual ones (as room allows), then every user
    metric and every metric a check judged."""
    primary = sweep_metric(sweep)
    present = list(sweep.get("metrics") or {})
    if not present:  # reports before task kinds carried no list: the runs' own keys
        present = list(next((r["metrics"] for r in sweep["runs"] if r.get("metrics")), {}) or {})
    wanted = [name for name in present if not is_built_in(name)]
    wanted += [c["metric"] for c in sweep.get("checks", []) if c.get("metric")]
    chosen = [n for n in dict.fromkeys(wanted) if n != primary and n in present]
    room = max(0, MAX_EXTRA_COLUMNS - len(chosen))
    shown = []
    for name in SECONDARY.get(sweep.get("task") or "binary", ()):
        if name == primary or name not in present:
            continue
        if name in chosen:
            shown.append(name)
        elif room > 0:
            shown.append(name)
            room -= 1
    return shown + [name for name in chosen if name not in shown]


def condition_rows(sweep: dict) -> list:
    """One summary per condition, in grid order: the sweep metric described, the others' means."""
    primary = sweep_metric(sweep)
    extras = extra_metrics(sweep)
    groups: dict = {}
    for run in sweep["runs"]:
        groups.setdefault(run.get("condition_label") or "all", []).append(run)
    rows = []
    for condition, runs in groups.items():
        ok = [r for r in runs if r["error"] is None and not r.get("skipped")]
        measured = [r["metrics"] for r in ok if r["metrics"]]
        row = {
            "condition": condition,
            "runs": len(runs),
            "collapses": sum(r["collapsed"] for r in ok),
            "errors": sum(r["error"] is not None for r in runs),
            "metric": primary,
            "summary": describe([m.get(primary) for m in measured]),
            "means": {name: _mean([m.get(name) for m in measured]) for name in extras},
        }
        # the names of reports before task kinds, kept for readers of this function
        row["f1"] = describe([m.get("f1") for m in measured])
        row["auroc"] = _mean([m.get("auroc") for m in measured])
        rows.append(row)
    return rows


def _summary_cell(summary: dict) -> str:
    if not summary["n"]:
        return "—"
    return (
        f"{summary['mean']:.3f} ± {summary['sd']:.3f} [{summary['min']:.3f}, {summary['max']:.3f}]"
    )


_f1_cell = _summary_cell


def _number(value) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def resolution_line(sweep: dict) -> str | None:
    """'resolution: one test example changes f1 by 0.00085 (n_test 2,360); 5 distinct values in
    150 runs' for the sweep's metric, or None when the report has no resolution."""
    found = (sweep.get("resolution") or {}).get(sweep_metric(sweep))
    if not found or not found.get("runs"):
        return None
    seen = f"{found['distinct_values']} distinct value{'s' if found['distinct_values'] != 1 else ''} in {found['runs']} runs"
    size = f" (n_test {found['n_test']:,})" if found.get("n_test") else ""
    if found.get("step") is None:
        return f"resolution: {found['metric']} is continuous{size}; {seen}"
    return f"resolution: one test example changes {found['metric']} by {found['step']:.2g}{size}; {seen}"


def stopped_headline(message: str) -> str:
    """The first clause of a stopped sweep's message ('mlaudit stopped the sweep at its first
    malformed run (seed=0)'), without the message it quotes."""
    return message.split(";", 1)[0].split(": Run:", 1)[0]


def verdict_of(check: dict) -> str:
    if check["passed"]:
        return "pass"
    return "FAIL" if check.get("severity", "error") == "error" else "warn"


BELOW_RESOLUTION = "< 1 example"


def _tables(sweep: dict):
    from rich.markup import escape
    from rich.table import Table

    runs = Table(
        title=escape(f"mlaudit sweep {sweep['nodeid']}"), title_justify="left", show_lines=False
    )
    runs.add_column("condition", justify="left")
    primary = sweep_metric(sweep)
    extras = extra_metrics(sweep)
    columns = ["runs", "collapses", "errors", f"{title(primary)} mean ± sd [min, max]"]
    for column in columns + [title(name) for name in extras]:
        runs.add_column(escape(column), justify="right")
    for row in condition_rows(sweep):
        runs.add_row(
            escape(row["condition"]),
            str(row["runs"]),
            str(row["collapses"]),
            str(row["errors"]),
            _summary_cell(row["summary"]),
            *(
                f"{row['means'][name]:.3f}" if math.isfinite(row["means"][name]) else "—"
                for name in extras
            ),
        )
    checks = Table(show_header=True)
    for column in (
        "check",
        "condition",
        "test",
        "observed",
        "vs",
        "statistic",
        "p-value",
        "verdict",
    ):
        checks.add_column(column)
    for check in sweep["checks"]:
        verdict = verdict_of(check)
        style = {"pass": "green", "FAIL": "bold red", "warn": "yellow"}[verdict]
        label = f"[{style}]{verdict}[/{style}]"
        if check.get("below_resolution"):
            label += f" ({BELOW_RESOLUTION})"
        checks.add_row(
            escape(check["name"]),
            escape(check.get("condition") or "all"),
            escape(check["test"]),
            _number(check.get("estimate")),
            _number(check.get("compared_with")),
            _number(check["statistic"]),
            format_p(check["p_value"]),
            label,
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
    if sweep.get("stopped"):
        # The message itself is the test's failure (and the report's "stopped"): said once.
        console.print(f"mlaudit sweep {sweep['nodeid']}", markup=False)
        console.print(
            f"{stopped_headline(sweep['stopped'])} (the message is the test's failure)",
            markup=False,
        )
        if reproduce:
            console.print(f"reproduce: {sweep['reproduce']}", markup=False)
        return buffer.getvalue()
    runs, checks = _tables(sweep)
    console.print(runs)
    line = resolution_line(sweep)
    if line:
        console.print(line, markup=False)
    if sweep["checks"]:
        console.print(checks)
        for check in sweep["checks"]:
            if not check["passed"] and check.get("severity") == "warning":
                where = (
                    f" [{check['condition']}]"
                    if check.get("condition") not in (None, "all")
                    else ""
                )
                console.print(f"warn: {check['name']}{where}: {check['detail']}", markup=False)
    elif sweep.get("interrupted"):
        console.print("interrupted: checks were not evaluated on the partial sweep")
    if reproduce:
        console.print(f"reproduce: {sweep['reproduce']}", markup=False)
    return buffer.getvalue()


def failure_message(sweep: dict, width: int = 110, limit_runs: int = 10) -> str:
    """Hypothesis-style: what failed, the table, what it assumes, what to try, how to reproduce.
    A sweep stopped early (a malformed Run) gets its one message instead."""
    if sweep.get("stopped"):
        return "\n".join(
            [sweep["stopped"], "", "Reproduce this sweep with:", f"    {sweep['reproduce']}"]
        )
    failed = [
        c for c in sweep["checks"] if not c["passed"] and c.get("severity", "error") == "error"
    ]
    lines = [f"mlaudit sweep failed: {len(failed)} of {len(sweep['checks'])} checks failed.", ""]
    for check in failed:
        where = f" [{check['condition']}]" if check.get("condition") not in (None, "all") else ""
        numbers = []
        if check.get("estimate") is not None:
            numbers.append(f"observed {_number(check['estimate'])}")
        if check.get("compared_with") is not None:
            numbers.append(f"vs {_number(check['compared_with'])}")
        if check["statistic"] is not None:
            numbers.append(f"statistic {_number(check['statistic'])}")
        if check["p_value"] is not None:
            numbers.append(f"p = {format_p(check['p_value'])}")
        label = f" [{BELOW_RESOLUTION}]" if check.get("below_resolution") else ""
        lines.append(
            f"FAILED {check['name']}{where}{label} ({check['test']}{'; ' + ', '.join(numbers) if numbers else ''})"
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
