"""The ``mlaudit`` console script.

``mlaudit diff A.json B.json [--html PAGE]``: the longitudinal CI gate (and the two builds' runs
side by side). ``mlaudit report REPORT.json [--html PAGE] [--markdown PAGE] [--figures DIR]
[--mlflow [URI]]``: the report rebuilt from a saved JSON (markdown on stdout when no output is
named).

Exit codes: 0 within the stated limits (diff) or written (report), 1 a limit exceeded, 2 a file
or an argument that cannot be used (one line naming it on stderr).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from typing import NoReturn


def _tolerance(text: str) -> tuple[str, float]:
    metric, sep, value = text.partition("=")
    if not sep or not metric:
        raise argparse.ArgumentTypeError(f"expected METRIC=VALUE (e.g. f1=0.01), got {text!r}")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tolerance for {metric!r} is not a number: {value!r}"
        ) from None
    if not math.isfinite(number) or number < 0:
        raise argparse.ArgumentTypeError(f"tolerance for {metric!r} must be >= 0, got {value!r}")
    return metric, number


def _share(text: str) -> float | None:
    if text.lower() in ("off", "none"):
        return None
    try:
        number = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a share in [0, 1], a percentage or 'off', got {text!r}"
        ) from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"expected a share in [0, 1], got {text!r}")
    return number


class _OneLineErrors(argparse.ArgumentParser):
    """A bad option is one line (argparse would print the whole usage block above it);
    sub-commands inherit the class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineErrors(prog="mlaudit", description="Tools around pytest-mlaudit reports.")
    commands = parser.add_subparsers(dest="command", required=True)
    diff = commands.add_parser(
        "diff",
        help="compare two --mlaudit-report JSON files (archived build vs today's)",
        description="Show environment, metric and call differences between two reports; exit 1 "
        "when a stated limit is exceeded, 2 when a file cannot be read.",
    )
    diff.add_argument("report_a", help="the reference report (e.g. the archived build)")
    diff.add_argument("report_b", help="the report to judge (e.g. today's build)")
    diff.add_argument(
        "--tolerance",
        "-t",
        action="append",
        type=_tolerance,
        default=[],
        metavar="METRIC=VALUE",
        help="largest absolute difference allowed for a metric ('*' for all); repeatable",
    )
    diff.add_argument(
        "--max-call-discrepancy",
        type=_share,
        default=0.0,
        metavar="SHARE",
        help="largest share of cases reportable in both whose calls differ (default 0; 'off')",
    )
    diff.add_argument(
        "--allow-missing",
        action="store_true",
        help="do not fail on runs present in only one report or failing only in B",
    )
    diff.add_argument("--all", action="store_true", help="list identical runs too")
    diff.add_argument(
        "--json", action="store_true", help="print the comparison as JSON instead of tables"
    )
    diff.add_argument(
        "--html",
        metavar="PAGE",
        help="also write a self-contained page with both reports' runs side by side per sweep and metric",
    )
    diff.add_argument(
        "--overwrite", action="store_true", help="replace a page an earlier mlaudit run wrote"
    )
    report = commands.add_parser(
        "report",
        help="rebuild report.md / report.html (and figures, an MLflow export) from a saved report",
        description="Rebuild the report from a --mlaudit-report JSON file. With no output named, "
        "print the markdown report.",
    )
    report.add_argument("report", help="a --mlaudit-report JSON file")
    report.add_argument("--html", metavar="PAGE", help="write the self-contained HTML report here")
    report.add_argument("--markdown", metavar="PAGE", help="write the markdown report here")
    report.add_argument(
        "--figures", metavar="DIR", help="write every figure as PNG and SVG files into DIR"
    )
    report.add_argument(
        "--mlflow",
        nargs="?",
        const="mlruns",
        metavar="URI",
        help="log every sweep to MLflow (default store ./mlruns; needs the mlflow extra)",
    )
    report.add_argument(
        "--overwrite",
        action="store_true",
        help="replace pages an earlier mlaudit run wrote (never a file mlaudit did not write)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "report":
        from .report.rebuild import rebuild

        return rebuild(
            args.report, args.html, args.markdown, args.figures, args.mlflow, args.overwrite
        )
    from .report.diff import compare, render
    from .report.schema import ReportError, load

    if args.html:
        from .report.rebuild import output_problem

        problem = output_problem(args.html, args.overwrite)
        if problem:
            print(f"mlaudit diff: {problem}", file=sys.stderr)
            return 2
    try:
        report_a = load(args.report_a)
        report_b = load(args.report_b)
    except ReportError as error:
        print(f"mlaudit diff: {error}", file=sys.stderr)
        return 2
    result = compare(
        report_a,
        report_b,
        tolerances=dict(args.tolerance),
        max_call_discrepancy=args.max_call_discrepancy,
        allow_missing=args.allow_missing,
        name_a=args.report_a,
        name_b=args.report_b,
    )
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, default=str))
    else:
        render(result, show_all=args.all)
    if args.html:
        from .report.rebuild import write_diff_page

        for note in write_diff_page(report_a, report_b, result, args.html):
            print(f"mlaudit diff: {note}", file=sys.stderr)
    return 0 if result.passed else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
