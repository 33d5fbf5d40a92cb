"""report.md: the report as markdown, for any suite: a summary table, then per sweep its metrics by
condition and its checks, then the sections conftests added, then the environment. Standard
library only; the same rows as report.html (`summary`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .summary import SweepSummary, counts, environment_rows, statistic_text, summaries


def cell(text: Any) -> str:
    """Text safe inside a markdown table cell: pipes escaped, line breaks folded."""
    return " / ".join(str(text).replace("|", "\\|").splitlines()) or " "


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def headline(report: Mapping[str, Any], items: Sequence[SweepSummary]) -> str:
    total = counts(items)
    parts = [f"{total['sweeps']} sweep(s)", f"{total['failed']} failed", f"{total['runs']} runs"]
    if total["errors"]:
        parts.append(f"{total['errors']} runs raised")
    if report.get("interrupted") or total["interrupted"]:
        parts.append("INTERRUPTED: the tables hold the runs completed so far")
    return ", ".join(parts)


def sweep_markdown(item: SweepSummary) -> list[str]:
    lines = [f"## {item.nodeid}", ""]
    facts = [f"**{item.verdict}**", f"{item.runs} runs"]
    if item.errors:
        facts.append(f"{item.errors} raised")
    if item.skipped:
        facts.append(f"{item.skipped} skipped")
    if item.seconds is not None:
        facts.append(f"{item.seconds:.1f} s")
    lines += [", ".join(facts), ""]
    if item.reproduce:
        lines += ["Reproduce: `" + item.reproduce.replace("`", "'") + "`", ""]
    if item.rows:
        lines += ["### Metrics by condition (mean ± sd [min, max])", ""]
        lines += table(
            ["condition", "runs", "collapsed", *item.metrics],
            [
                [
                    r["condition"],
                    r["runs"],
                    r["collapsed"],
                    *(r["metrics"][m] for m in item.metrics),
                ]
                for r in item.rows
            ],
        )
    if item.checks:
        lines += ["### Checks", ""]
        lines += table(
            ["check", "condition", "test", "statistic", "p", "verdict"],
            [
                [
                    c["name"],
                    c["condition"],
                    c["test"],
                    statistic_text(c["statistic"]),
                    c["p_value"],
                    c["verdict"],
                ]
                for c in item.checks
            ],
        )
        for c in item.checks:
            where = f" ({c['condition']})" if c["condition"] else ""
            first, *rest = c["detail"].splitlines() or [""]
            lines.append(f"- **{c['name']}**{where}, {c['verdict']}: {first}")
            if rest:
                lines += ["", "  ```", *("  " + line for line in rest), "  ```"]
        lines.append("")
    return lines


def build(report: Mapping[str, Any]) -> str:
    """The whole report.md."""
    items = summaries(report)
    lines = ["# mlaudit report", "", headline(report, items), ""]
    if items:
        lines += table(
            ["test", "verdict", "runs", "failed checks", "warnings"],
            [[s.nodeid, s.verdict, s.runs, s.failed_checks, s.warnings] for s in items],
        )
    else:
        lines += ["No sweep ran (were the tests run with `--mlaudit`?).", ""]
    for item in items:
        lines += sweep_markdown(item)
    for section in report.get("sections") or []:
        lines += [f"## {section['title']}", "", section["markdown"].rstrip(), ""]
    environment = environment_rows(report.get("environment"))
    if environment:
        lines += ["## Environment", ""] + table(["key", "value"], environment)
    lines += [
        "Figures: report.html beside this file (`mlaudit report REPORT.json --html PAGE`).",
        "",
    ]
    return "\n".join(lines)
