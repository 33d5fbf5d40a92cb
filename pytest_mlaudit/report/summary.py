"""What report.md and report.html both say about a report, as plain rows: each sweep's verdict,
its metrics by condition and its checks. Standard library only; the renderers format these."""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from .figures.plan import condition_label, format_p, metric_names


@dataclasses.dataclass(frozen=True)
class SweepSummary:
    index: int
    nodeid: str
    verdict: str  # "pass", "FAIL", "interrupted"
    runs: int
    errors: int
    skipped: int
    collapsed: int
    failed_checks: int
    warnings: int
    seconds: float | None
    reproduce: str | None
    metrics: list[str]
    rows: list[dict[str, Any]]  # one per condition: label, runs, collapsed, {metric: text}
    checks: list[dict[str, Any]]


def anchor(index: int) -> str:
    return f"sweep-{index + 1}"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def describe(values: Sequence[float]) -> str:
    """'0.337 ± 0.023 [0.280, 0.375]' (mean ± sd [min, max]); '—' without values."""
    if not values:
        return "—"
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:.3g} ± {sd:.2g} [{min(values):.3g}, {max(values):.3g}]"


def check_verdict(check: Mapping[str, Any]) -> str:
    if check.get("passed"):
        return "pass"
    return "warn" if check.get("severity") == "warning" else "FAIL"


def summarize(index: int, sweep: Mapping[str, Any]) -> SweepSummary:
    runs = [r for r in sweep.get("runs", []) if isinstance(r, Mapping)]
    ok = [r for r in runs if r.get("error") is None and not r.get("skipped")]
    metrics = metric_names(sweep)
    rows = []
    for label in dict.fromkeys(condition_label(r) for r in runs):
        mine = [r for r in runs if condition_label(r) == label]
        finished = [r for r in mine if r in ok]
        row: dict[str, Any] = {
            "condition": label,
            "runs": len(finished),
            "errors": sum(r.get("error") is not None for r in mine),
            "collapsed": sum(bool(r.get("collapsed")) for r in finished),
            "metrics": {},
        }
        for metric in metrics:
            values = [
                v
                for v in (_number((r.get("metrics") or {}).get(metric)) for r in finished)
                if v is not None
            ]
            row["metrics"][metric] = describe(values)
        rows.append(row)
    checks = []
    for check in sweep.get("checks", []):
        checks.append(
            {
                "name": str(check.get("name")),
                "condition": check.get("condition") or "",
                "test": str(check.get("test") or ""),
                "statistic": _number(check.get("statistic")),
                "p_value": format_p(check.get("p_value")),
                "verdict": check_verdict(check),
                "detail": str(check.get("detail") or ""),
                "assumptions": str(check.get("assumptions") or ""),
                "advice": str(check.get("advice") or ""),
            }
        )
    failed = sum(c["verdict"] == "FAIL" for c in checks)
    verdict = "FAIL" if sweep.get("failed") or failed else "pass"
    if sweep.get("interrupted"):
        verdict = "interrupted"
    return SweepSummary(
        index=index,
        nodeid=str(sweep.get("nodeid")),
        verdict=verdict,
        runs=len(ok),
        errors=sum(r.get("error") is not None for r in runs),
        skipped=sum(bool(r.get("skipped")) for r in runs),
        collapsed=sum(bool(r.get("collapsed")) for r in ok),
        failed_checks=failed,
        warnings=sum(c["verdict"] == "warn" for c in checks),
        seconds=_number(sweep.get("seconds")),
        reproduce=sweep.get("reproduce") if isinstance(sweep.get("reproduce"), str) else None,
        metrics=metrics,
        rows=rows,
        checks=checks,
    )


def summaries(report: Mapping[str, Any]) -> list[SweepSummary]:
    return [summarize(i, s) for i, s in enumerate(report.get("sweeps", []))]


def statistic_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def environment_rows(environment: Any) -> list[tuple[str, str]]:
    """The fingerprint flattened to (dotted key, value) rows, empty values left out."""
    rows: list[tuple[str, str]] = []

    def walk(value: Any, prefix: str) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                walk(inner, f"{prefix}.{key}" if prefix else str(key))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            for number, inner in enumerate(value):
                walk(inner, f"{prefix}[{number}]")
        elif value not in (None, "", [], {}):
            rows.append(
                (prefix, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
            )

    walk(environment, "")
    return rows


def counts(items: Sequence[SweepSummary]) -> dict[str, int]:
    return {
        "sweeps": len(items),
        "failed": sum(s.verdict == "FAIL" for s in items),
        "interrupted": sum(s.verdict == "interrupted" for s in items),
        "runs": sum(s.runs for s in items),
        "errors": sum(s.errors for s in items),
    }
