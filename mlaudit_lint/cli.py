"""`mlaudit-lint [PATH ...]`: arguments in, `api.lint_paths` results out, exit code.

Exit status: 0 no findings, 1 findings, 2 an error (bad usage or configuration, a file that could
not be read or parsed; the other files are still linted and reported). Nothing escapes as a
traceback: an unexpected failure is one line on stderr and status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

PROG = "mlaudit-lint"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(value: str) -> list[str]:
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise argparse.ArgumentTypeError(f"expected comma-separated rule codes, got {value!r}")
    return codes


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(
            f"expected a positive number of worker processes, got {value!r}"
        )
    return jobs


def _version() -> str:
    from importlib import metadata

    import mlaudit_lint

    try:
        libcst = metadata.version("libcst")
    except metadata.PackageNotFoundError:  # pragma: no cover - libcst is a hard dependency
        libcst = "missing"
    python = ".".join(map(str, sys.version_info[:3]))
    return f"{PROG} {mlaudit_lint.__version__} (libcst {libcst}, Python {python})"


def build_parser() -> argparse.ArgumentParser:
    from mlaudit_lint.output import FORMATS

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Find label leaks in ML code before anything runs: a static dataflow linter.",
        epilog="Exit status: 0 no findings, 1 findings, 2 usage, configuration or parse errors.",
    )
    parser.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--select", type=_codes, metavar="CODES", help="only these rule codes (comma-separated)"
    )
    parser.add_argument(
        "--ignore", type=_codes, metavar="CODES", help="skip these rule codes (comma-separated)"
    )
    parser.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="NAME",
        help="a variable or column that holds the label (repeatable; adds to the configured labels)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="worker processes (default: all cores; 1: in-process)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the results cache"
    )
    parser.add_argument(
        "--explain", metavar="CODE", help="print the documentation of a rule and exit"
    )
    parser.add_argument("--version", action="version", version=_version())
    return parser


def _error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _explain(code: str) -> int:
    from mlaudit_lint.rules import ALL_RULES

    for rule in ALL_RULES:
        if code.strip().upper() == rule.CODE:
            print(rule.explain())
            return EXIT_CLEAN
    known = ", ".join(rule.CODE for rule in ALL_RULES)
    return _error(f"--explain: unknown rule code {code!r} (known: {known})")


def run(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.explain:
        return _explain(arguments.explain)

    from mlaudit_lint.api import ConfigError, LintStats, lint_paths
    from mlaudit_lint.output import text

    overrides = {}
    if arguments.select:
        overrides["select"] = arguments.select
    if arguments.ignore:
        overrides["ignore"] = arguments.ignore
    if arguments.label:
        overrides["labels"] = arguments.label
    stats = LintStats()
    try:
        results = list(
            lint_paths(
                arguments.paths,
                overrides,
                jobs=arguments.jobs,
                cache=not arguments.no_cache,
                stats=stats,
            )
        )
    except ConfigError as error:
        return _error(str(error))

    if arguments.format == "text":
        from rich.console import Console

        console = Console(file=sys.stdout, highlight=False, soft_wrap=True)
        text.render(results, console)
        if stats.files:
            console.print(
                text.summary(stats, results), style="bold" if results else None, markup=False
            )
    elif arguments.format == "json":
        from mlaudit_lint.output import json as json_output

        print(json_output.render(results))
    else:
        from mlaudit_lint.output import sarif
        from mlaudit_lint.rules import ALL_RULES

        print(sarif.render(results, ALL_RULES))

    if stats.files == 0 and not any(result.error for result in results):
        print(
            f"{PROG}: no Python files found in {', '.join(arguments.paths)}; nothing to lint",
            file=sys.stderr,
        )
    if any(result.error for result in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if results else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`mlaudit-lint | head`): point stdout at /dev/null so the
        # interpreter's final flush does not print a second complaint.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as error:  # the promise is one line and status 2, never a traceback
        return _error(f"internal error: {type(error).__name__}: {error}")


if __name__ == "__main__":
    sys.exit(main())
