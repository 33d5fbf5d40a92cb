"""How fast is mlaudit-lint? Prints the figures docs/lint.md quotes.

    python benchmarks/lint_speed.py [--files 400] [--jobs N]

The corpus: the first 400 `.py` files of the running Python's standard library, sorted by their
path relative to the stdlib directory (`sysconfig.get_paths()["stdlib"]`), `site-packages`
excluded; `test/` is included but sorts after the first 400 files of CPython 3.11.

It prints, from one run on this machine:
1. the wall time of `mlaudit-lint --no-cache` on those files (a subprocess: interpreter start,
   imports, workers, everything a user waits for);
2. the time libcst alone takes to parse the same files on one core (`libcst.parse_module` in a
   loop, in this process, files already read) and the ratio of the two (goal: <= 1.0);
3. a cold run with the results cache on (an empty cache directory) and a warm re-run of the same
   files, and warm as a percentage of cold (goal: <= 10 %).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path


def stdlib_files(count: int | None) -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(
        (path for path in root.rglob("*.py") if "site-packages" not in path.relative_to(root).parts),
        key=lambda path: path.relative_to(root).as_posix(),
    )
    return files[:count] if count else files


def lint_command(files: list[Path], *extra: str) -> list[str]:
    return [sys.executable, "-m", "mlaudit_lint", "--format", "json", *extra, *map(str, files)]


def timed_lint(files: list[Path], *extra: str, env: dict[str, str] | None = None) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    completed = subprocess.run(lint_command(files, *extra), capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if completed.returncode not in (0, 1, 2) or not completed.stdout.strip():
        sys.exit(f"mlaudit-lint failed (status {completed.returncode}): {completed.stderr.strip()}")
    return elapsed, json.loads(completed.stdout)


def libcst_parse_seconds(files: list[Path]) -> float:
    import libcst

    texts = [path.read_bytes() for path in files]
    started = time.perf_counter()
    for text in texts:
        try:
            libcst.parse_module(text)
        except Exception:  # the baseline times parsing, whatever its outcome
            pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=400, help="how many stdlib files (default 400)")
    parser.add_argument("--jobs", type=int, help="passed to mlaudit-lint --jobs (default: all cores)")
    arguments = parser.parse_args()
    files = stdlib_files(arguments.files)
    jobs = ("--jobs", str(arguments.jobs)) if arguments.jobs else ()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"corpus: {len(files)} files of {sysconfig.get_paths()['stdlib']} ({files[0].name} .. {files[-1].name})")
    print(f"machine: {cores} usable cores; Python {sys.version.split()[0]}")

    lint_seconds, results = timed_lint(files, "--no-cache", *jobs)
    findings = sum(1 for result in results if result["kind"] == "finding")
    errors = sum(1 for result in results if result["kind"] == "error")
    print(f"mlaudit-lint --no-cache:        {lint_seconds:7.2f} s  ({findings} findings, {errors} errors)")
    parse_seconds = libcst_parse_seconds(files)
    print(f"libcst.parse_module, one core:  {parse_seconds:7.2f} s")
    print(f"ratio lint / parse:             {lint_seconds / parse_seconds:7.2f}   (goal <= 1.0)")

    with tempfile.TemporaryDirectory(prefix="mlaudit-cache-") as cache:
        env = {**os.environ, "MLAUDIT_CACHE_DIR": cache}
        cold_seconds, cold = timed_lint(files, *jobs, env=env)
        warm_seconds, warm = timed_lint(files, *jobs, env=env)
    if warm != cold:
        sys.exit("the warm run reported something else than the cold run: the cache is broken")
    print(f"cold run, empty cache:          {cold_seconds:7.2f} s")
    print(f"warm re-run, same files:        {warm_seconds:7.2f} s")
    print(f"warm / cold:                    {100 * warm_seconds / cold_seconds:7.1f} % (goal <= 10 %)")


if __name__ == "__main__":
    main()
