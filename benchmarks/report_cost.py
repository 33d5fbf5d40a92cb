"""What drawing a report's figures costs, against what the run that made the report cost.

Reads a saved --mlaudit-report JSON (e.g. of the full paper run: `pytest --mlaudit examples/
--mlaudit-report /tmp/x/report.json`), draws every figure the way report.html does (SVG) and the
way --mlaudit-mlflow / `mlaudit report --figures` do (PNG and SVG), builds report.md and
report.html, and prints each time beside the run's: the session's wall time recorded in the report
(`seconds`; older reports lack it, then the sum of the sweeps' own times, which leaves out
collection and fixtures and so overstates the share). The issue's bar: <= 10 %.

    python benchmarks/report_cost.py /tmp/x/report.json [--repeat 1] [--run-seconds S] [--svg-only]

It prints the 1-minute load average before and after and the figure workers it drew with: on a
shared machine the times are "under load" unless the load stayed below the core count.

A run also prints the same share measured within itself in its last line
("... report.html (N figures in X s, Y % of the session's Z s)").
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("--repeat", type=int, default=1, help="draw everything this many times")
    parser.add_argument(
        "--run-seconds", type=float, default=None, help="the run's wall time, if not in the report"
    )
    parser.add_argument(
        "--svg-only", action="store_true", help="skip the PNG+SVG pass (the MLflow/--figures files)"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()

    from pytest_mlaudit.report import figures, schema, sidecars
    from pytest_mlaudit.report.figures import drawing

    report = schema.load(args.report)
    if args.run_seconds is not None:
        run_seconds, source = args.run_seconds, "given on the command line"
    elif report.get("seconds"):
        run_seconds, source = float(report["seconds"]), "the session's wall time, from the report"
    else:
        run_seconds = sum(float(s.get("seconds") or 0.0) for s in report["sweeps"])
        source = (
            "sum of the sweeps' own times (the report has no session time; overstates the share)"
        )

    started = time.perf_counter()
    figures.render(figures.plan(report)[:1])  # imports (matplotlib, scipy) are paid once per run
    imports = time.perf_counter() - started

    workers = drawing.worker_count(len(figures.plan(report)))
    timings: dict[str, list[float]] = {"plan": [], "svg": [], "png+svg": [], "md+html": []}
    count = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        specs = figures.plan(report)
        timings["plan"].append(time.perf_counter() - started)
        count = len(specs)
        started = time.perf_counter()
        rendered = figures.render(specs, ("svg",))
        timings["svg"].append(time.perf_counter() - started)
        if not args.svg_only:
            started = time.perf_counter()
            figures.render(specs, ("png", "svg"))
            timings["png+svg"].append(time.perf_counter() - started)
        started = time.perf_counter()
        sidecars.markdown_text(report)
        sidecars.html_text(report, rendered)
        timings["md+html"].append(time.perf_counter() - started)
        errors = [r.error for r in rendered if r.error]
        if errors:
            print("figures that failed:", *errors, sep="\n  ")

    best = {name: min(values) for name, values in timings.items() if values}
    report_total = imports + best["plan"] + best["svg"] + best["md+html"]
    print(f"report: {args.report}: {len(report['sweeps'])} sweeps, {count} figures")
    print(f"run time: {run_seconds:.1f} s ({source})")
    load_after = os.getloadavg()
    print(
        f"load average (1, 5, 15 min) before: {', '.join(f'{v:.2f}' for v in load_before)}; "
        f"after: {', '.join(f'{v:.2f}' for v in load_after)}; {os.cpu_count()} cores; "
        f"figures drawn by {workers} process(es) ({drawing.WORKERS_VARIABLE} or idle cores)"
    )
    print(f"imports (matplotlib, scipy; once per run): {imports:.2f} s")
    for name, value in best.items():
        print(
            f"{name:>8}: {value:.2f} s"
            + (
                f" ({value / count * 1000:.0f} ms per figure)"
                if name in ("svg", "png+svg") and count
                else ""
            )
        )
    print(
        f"report.md + report.html with every figure (imports, plan, SVG, pages): {report_total:.1f} s = "
        f"{report_total / run_seconds:.1%} of the run (bar: 10 %)"
    )
    if "png+svg" not in best:
        return
    with_mlflow = report_total + best["png+svg"]
    print(
        f"... and the PNG+SVG files for MLflow too: {with_mlflow:.1f} s = {with_mlflow / run_seconds:.1%} of the run"
    )


if __name__ == "__main__":
    main()
