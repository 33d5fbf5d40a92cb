"""Robustness: lint the running Python's whole standard library and count what went wrong.

    python benchmarks/lint_stdlib.py [--jobs N] [--show 10]

Every `.py` file under `sysconfig.get_paths()["stdlib"]`, `test/` included (it holds the oddest
files: bad encodings, deliberate syntax errors, deep nesting), `site-packages` excluded. The files
are passed by name, so no directory is skipped. Cache off.

It prints files, findings, parse errors (files that cannot be decoded or parsed: reported, not a
failure of the linter), crashes (an internal error of the analysis, the rules or a worker, or an
exception escaping the api: goal 0) and the wall time.
"""

from __future__ import annotations

import argparse
import os
import sys
import sysconfig
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lint_speed import stdlib_files

from mlaudit_lint.api import LintStats, lint_paths

PARSE_ERRORS = (
    "syntax error",
    "cannot decode",
    "cannot read",
    "libcst cannot parse",
    "invalid notebook",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    parser.add_argument(
        "--show", type=int, default=10, help="list this many parse errors and findings"
    )
    arguments = parser.parse_args()
    root = Path(sysconfig.get_paths()["stdlib"])
    files = stdlib_files(None)
    os.chdir(root)  # report paths relative to the stdlib
    stats = LintStats()
    started = time.perf_counter()
    crashes: list[str] = []
    results = []
    try:
        results = list(lint_paths(files, jobs=arguments.jobs, cache=False, stats=stats))
    except Exception:  # the api promised never to raise for a file: this is a crash
        crashes.append(traceback.format_exc())
    elapsed = time.perf_counter() - started

    findings = [r.finding for r in results if r.finding]
    errors = [r.error for r in results if r.error]
    parse_errors = [e for e in errors if e.message.startswith(PARSE_ERRORS)]
    crashes += [
        f"{e.path}:{e.line}: {e.message}" for e in errors if not e.message.startswith(PARSE_ERRORS)
    ]

    print(
        f"stdlib: {root} (Python {sys.version.split()[0]}), site-packages excluded, test/ included"
    )
    print(
        f"files:        {len(files)} named, {stats.files} linted, {stats.candidates} kept by the pre-check, "
        f"{stats.analysed} analysed"
    )
    print(
        f"findings:     {len(findings)} ({', '.join(f'{c}: {n}' for c, n in Counter(f.code for f in findings).items()) or 'none'})"
    )
    print(f"parse errors: {len(parse_errors)}")
    print(f"crashes:      {len(crashes)} (goal 0)")
    print(f"time:         {elapsed:.1f} s")
    for error in parse_errors[: arguments.show]:
        print(f"  parse error  {error.path}:{error.line}:{error.column} {error.message}")
    for finding in findings[: arguments.show]:
        print(
            f"  finding      {finding.path}:{finding.line} {finding.code} {finding.message[:150]}"
        )
    for crash in crashes:
        print(f"  CRASH        {crash}")


if __name__ == "__main__":
    main()
