"""`mlaudit-lint [PATH ...]`: arguments in, `api.lint_paths` results out, exit code.

Exit status: 0 no findings, 1 findings, 2 an error (bad usage or configuration, a file that could
not be read, parsed or analysed; the other files are still linted and reported). `--exit-zero`
turns 1 into 0, never 2. Nothing escapes as a traceback: an unexpected failure is one line on
stderr and status 2; SIGTERM and Ctrl-C end the worker processes before the command exits.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

PROG = "mlaudit-lint"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
STATISTICS_FORMATS = ("text", "concise", "json")


class UsageError(Exception):
    """A one-line usage error: printed as `mlaudit-lint: error: ...`, status 2."""


def _codes(value: str) -> list[str]:
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise argparse.ArgumentTypeError(f"expected comma-separated rule codes, got {value!r}")
    return codes


def _positive(kind: type, what: str):
    def parse(value: str):
        try:
            number = kind(value)
        except ValueError:
            number = 0
        if not number > 0 or number != number or number == float("inf"):
            raise argparse.ArgumentTypeError(f"expected a positive {what}, got {value!r}")
        return number

    return parse


_jobs = _positive(int, "number of worker processes")


def _version() -> str:
    from importlib import metadata

    import mlaudit_lint

    try:
        libcst = metadata.version("libcst")
    except metadata.PackageNotFoundError:  # pragma: no cover - libcst is a hard dependency
        libcst = "missing"
    python = ".".join(map(str, sys.version_info[:3]))
    return f"{PROG} {mlaudit_lint.__version__} (libcst {libcst}, Python {python})"


class _OneLineErrors(argparse.ArgumentParser):
    """A bad option is one line (argparse would print the whole usage block above it)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    from mlaudit_lint.output import FORMATS
    from mlaudit_lint.workers import Limits

    defaults = Limits()
    parser = _OneLineErrors(
        prog=PROG,
        description="Find label leaks in ML code before anything runs: a static dataflow linter.",
        epilog=(
            "Exit status: 0 no findings, 1 findings, 2 usage, configuration or analysis errors. "
            "Docs: docs/lint.md."
        ),
    )
    parser.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)"
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "--output-format",
        "--format",
        dest="output_format",
        choices=FORMATS,
        default="text",
        help="text (default), concise (one line per finding), json, sarif (GitHub code scanning), "
        "github (workflow annotations), gitlab (code-quality report), junit",
    )
    output.add_argument(
        "--output-file",
        "-o",
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    output.add_argument(
        "--statistics", action="store_true", help="print a count per rule instead of the findings"
    )
    output.add_argument(
        "--verbose", "-v", action="store_true", help="print every step of each finding's trace"
    )
    output.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print findings and errors only: no summary line, no notes",
    )
    output.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even with findings (errors still exit 2)"
    )

    rules = parser.add_argument_group("rules and suppressions")
    rules.add_argument(
        "--select",
        type=_codes,
        metavar="CODES",
        help="only these rule codes (comma-separated; default: every rule, MLA001-MLA004)",
    )
    rules.add_argument(
        "--ignore", type=_codes, metavar="CODES", help="skip these rule codes (comma-separated)"
    )
    rules.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="NAME",
        help="a variable or column that holds the label (repeatable; adds to the configured labels)",
    )
    rules.add_argument(
        "--report-unused-suppressions",
        action="store_true",
        help="report `# noqa: CODE` / `# mlaudit: ignore[CODE]` comments that silence nothing",
    )
    rules.add_argument(
        "--baseline", metavar="FILE", help="report only findings not recorded in this baseline"
    )
    rules.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every finding of this run in FILE (a baseline), report nothing, exit 0",
    )

    run = parser.add_argument_group("run")
    run.add_argument(
        "--project",
        action="store_true",
        help="lint the whole project of each PATH (nearest pyproject.toml, setup.py, setup.cfg "
        "or .git) and report only findings whose trace touches a PATH (pre-commit hook "
        "mlaudit-lint-project)",
    )
    run.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="worker processes (default and maximum: the number of CPUs)",
    )
    run.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the results cache"
    )
    run.add_argument(
        "--file-timeout",
        type=_positive(float, "number of seconds"),
        default=defaults.seconds,
        metavar="SECONDS",
        help=f"give up on a file after this much CPU time (default {defaults.seconds:g})",
    )
    run.add_argument(
        "--file-memory",
        type=_positive(int, "number of megabytes"),
        default=defaults.memory_mb,
        metavar="MB",
        help=f"give up on a file needing more memory (default {defaults.memory_mb})",
    )

    docs = parser.add_argument_group("documentation")
    docs.add_argument(
        "--explain", metavar="CODE", help="print a rule's documentation (short form) and exit"
    )
    docs.add_argument(
        "--examples",
        action="store_true",
        help="with --explain: the full page, every example the test suite checks",
    )
    docs.add_argument("--version", action="version", version=_version())
    return parser


def _error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _note(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _explain(code: str, examples: bool) -> int:
    from mlaudit_lint import explain
    from mlaudit_lint.rules import ALL_RULES

    for rule in ALL_RULES:
        if code.strip().upper() == rule.CODE:
            page = explain.full(rule) if examples else explain.concise(rule)
            print(page, end="" if page.endswith("\n") else "\n")
            return EXIT_CLEAN
    known = ", ".join(rule.CODE for rule in ALL_RULES)
    return _error(f"--explain: unknown rule code {code!r} (known: {known})")


def _check_usage(arguments: argparse.Namespace) -> None:
    if arguments.examples and not arguments.explain:
        raise UsageError("--examples works with --explain CODE")
    if arguments.statistics and arguments.output_format not in STATISTICS_FORMATS:
        raise UsageError(
            f"--statistics prints text or json, not {arguments.output_format} "
            f"(use --output-format {', '.join(STATISTICS_FORMATS)})"
        )
    if arguments.baseline and arguments.write_baseline:
        raise UsageError("--baseline and --write-baseline cannot be used together")
    if arguments.select and arguments.ignore:
        both = sorted(
            {code.upper() for code in arguments.select}
            & {code.upper() for code in arguments.ignore}
        )
        if both:
            raise UsageError(
                f"--select and --ignore both name {', '.join(both)}: choose one of them"
            )


def _jobs_within_cpus(requested: int | None, quiet: bool) -> int | None:
    from mlaudit_lint.engine import default_jobs

    cpus = default_jobs()
    if requested is not None and requested > cpus:
        if not quiet:
            _note(f"--jobs {requested} capped at {cpus}, the number of CPUs this process may use")
        return cpus
    return requested


def _console(stream: TextIO):
    from rich.console import Console

    # Colour and other control codes only on a terminal, whatever FORCE_COLOR or the CI says.
    terminal = stream.isatty()
    return Console(
        file=stream,
        highlight=False,
        soft_wrap=True,
        force_terminal=terminal,
        color_system="auto" if terminal else None,
        emoji=False,
        markup=False,
    )


def run(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        _check_usage(arguments)
    except UsageError as error:
        return _error(str(error))
    if arguments.explain:
        return _explain(arguments.explain, arguments.examples)

    from mlaudit_lint import baseline as baselines
    from mlaudit_lint.api import ConfigError, LintStats, lint_paths, project_roots
    from mlaudit_lint.workers import Limits

    overrides = {}
    if arguments.select:
        overrides["select"] = arguments.select
    if arguments.ignore:
        overrides["ignore"] = arguments.ignore
    if arguments.label:
        overrides["labels"] = arguments.label
    baseline = None
    if arguments.baseline:
        try:
            baseline = baselines.load(Path(arguments.baseline))
        except baselines.BaselineError as error:
            return _error(str(error))
    paths = list(arguments.paths)
    touching = None
    if arguments.project:
        touching = paths
        paths = [str(root) for root in project_roots(paths)]
    stats = LintStats()
    try:
        results = list(
            lint_paths(
                paths,
                overrides,
                jobs=_jobs_within_cpus(arguments.jobs, arguments.quiet),
                cache=not arguments.no_cache,
                stats=stats,
                limits=Limits(seconds=arguments.file_timeout, memory_mb=arguments.file_memory),
                report_unused_suppressions=arguments.report_unused_suppressions,
                touching=touching,
            )
        )
    except ConfigError as error:
        return _error(str(error))

    has_errors = any(result.error for result in results)
    if arguments.write_baseline:
        return _write_baseline(Path(arguments.write_baseline), results, arguments.quiet, has_errors)

    hidden = stale = 0
    fingerprints = None
    if baseline is not None:
        results, fingerprints, hidden, stale = _apply_baseline(baseline, results)

    if arguments.output_file:
        status = _write_report(arguments, results, stats, fingerprints, hidden, stale)
        if status is not None:
            return status
    else:
        _render(sys.stdout, arguments, results, stats, fingerprints, hidden, stale)

    if stats.files == 0 and not has_errors and not arguments.quiet:
        _note(f"no Python files found in {', '.join(arguments.paths)}; nothing to lint")
    if has_errors:
        return EXIT_ERROR
    findings = any(result.finding for result in results)
    return EXIT_FINDINGS if findings and not arguments.exit_zero else EXIT_CLEAN


def _apply_baseline(baseline, results):
    from mlaudit_lint.output import fingerprints_of

    fingerprints = fingerprints_of(results)
    findings = [result.finding for result in results if result.finding is not None]
    new, stale = baseline.split(findings, [fingerprints[finding] for finding in findings])
    keep = {findings[index] for index in new}
    kept = [r for r in results if r.finding is None or r.finding in keep]
    return kept, fingerprints, len(findings) - len(new), stale


def _write_baseline(path: Path, results, quiet: bool, has_errors: bool) -> int:
    from mlaudit_lint import baseline as baselines
    from mlaudit_lint.output import fingerprints_of

    fingerprints = fingerprints_of(results)
    findings = [result.finding for result in results if result.finding is not None]
    try:
        baselines.write(path, findings, [fingerprints[finding] for finding in findings])
    except baselines.BaselineError as error:
        return _error(str(error))
    errors = [result.error for result in results if result.error is not None]
    for error in errors:  # a baseline of a run that could not read everything is incomplete
        from mlaudit_lint.output import escape_control

        print(
            escape_control(f"{error.path}:{error.line}:{error.column} error: {error.message}"),
            file=sys.stderr,
        )
    if not quiet:
        count = len(findings)
        _note(f"wrote {count} finding{'s' if count != 1 else ''} to baseline {path}")
    return EXIT_ERROR if has_errors else EXIT_CLEAN


def _write_report(arguments, results, stats, fingerprints, hidden, stale) -> int | None:
    import io
    import tempfile

    buffer = io.StringIO()
    _render(buffer, arguments, results, stats, fingerprints, hidden, stale)
    target = Path(arguments.output_file)
    try:
        directory = target.parent if str(target.parent) else Path(".")
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(buffer.getvalue())
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        return _error(f"--output-file {target}: cannot write: {error.strerror or error}")
    return None


def _rule_names() -> dict[str, str]:
    from mlaudit_lint.rules import ALL_RULES

    return {rule.CODE: rule.NAME for rule in ALL_RULES}


def _render(stream, arguments, results, stats, fingerprints, hidden, stale) -> None:
    from mlaudit_lint.output import text

    form = arguments.output_format
    if arguments.statistics:
        rows = text.statistics(results, _rule_names())
        if form == "json":
            import json

            records = [{"code": code, "name": name, "count": count} for count, code, name in rows]
            print(json.dumps(records, indent=2), file=stream)
        elif rows:
            print(text.render_statistics(rows), file=stream)
        return
    if form in ("text", "concise"):
        console = _console(stream)
        text.render(results, console, verbose=arguments.verbose, concise=form == "concise")
        if stats.files and not arguments.quiet:
            line = text.summary(stats, results, baseline_hidden=hidden, baseline_stale=stale)
            console.print(line, style="bold" if results else None)
        return
    if form == "json":
        from mlaudit_lint.output import json as json_output

        print(json_output.render(results, fingerprints), file=stream)
    elif form == "sarif":
        from mlaudit_lint.output import sarif
        from mlaudit_lint.rules import ALL_RULES

        print(sarif.render(results, ALL_RULES, fingerprints=fingerprints), file=stream)
    elif form == "github":
        from mlaudit_lint.output import github

        report = github.render(results, _rule_names())
        if report:
            print(report, file=stream)
    elif form == "gitlab":
        from mlaudit_lint.output import gitlab

        print(gitlab.render(results, _rule_names(), fingerprints=fingerprints), file=stream)
    elif form == "junit":
        from mlaudit_lint.output import junit

        print(junit.render(results), file=stream)


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM (CI cancelling a job, `timeout`): unwind, so the workers are ended on the way out.
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread (an embedding application): leave signals alone
        pass
    try:
        return run(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`mlaudit-lint | head`): point stdout at /dev/null so the
        # interpreter's final flush does not print a second complaint.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as error:  # the promise is one line and status 2, never a traceback
        return _error(f"internal error: {type(error).__name__}: {error}")
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
