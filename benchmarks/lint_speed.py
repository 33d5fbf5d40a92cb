"""How fast is mlaudit-lint? Prints the figures docs/lint.md quotes.

    python benchmarks/lint_speed.py [--files 400] [--jobs N]

The corpus: the first 400 `.py` files of the running Python's standard library, sorted by their
path relative to the stdlib directory (`sysconfig.get_paths()["stdlib"]`), `site-packages`
excluded; `test/` is included but sorts after the first 400 files of CPython 3.11.

It prints, from one run on this machine:
1. the wall time of `mlaudit-lint --no-cache` on those files (a subprocess: interpreter start,
   imports, workers, everything a user waits for);
2. the time libcst alone takes to parse the same files on one core (`libcst.parse_module` in a
   loop, in this process, files already read) and the ratio of the two medians (goal: <= 1.0);
3. a cold run with the results cache on (an empty cache directory) and a warm re-run of the same
   files, and warm as a percentage of cold (goal: <= 10 %); then a re-run after editing one file,
   which re-parses that file and links every module again (the cost of a typical edit).

Timings are wall-clock on whatever else the machine is doing: the load average is printed, and the
lint and the baseline alternate `--repeat` times (default 3) and their medians are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path


def stdlib_files(count: int | None) -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(
        (
            path
            for path in root.rglob("*.py")
            if "site-packages" not in path.relative_to(root).parts
        ),
        key=lambda path: path.relative_to(root).as_posix(),
    )
    return files[:count] if count else files


def lint_command(files: list[Path], *extra: str) -> list[str]:
    return [sys.executable, "-m", "mlaudit_lint", "--format", "json", *extra, *map(str, files)]


def timed_lint(
    files: list[Path], *extra: str, env: dict[str, str] | None = None
) -> tuple[float, list[dict]]:
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
    parser.add_argument(
        "--files", type=int, default=400, help="how many stdlib files (default 400)"
    )
    parser.add_argument(
        "--jobs", type=int, help="passed to mlaudit-lint --jobs (default: all cores)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed pairs of lint and baseline (default 3)"
    )
    parser.add_argument(
        "--select", help="passed to mlaudit-lint --select (default: the default rules)"
    )
    arguments = parser.parse_args()
    files = stdlib_files(arguments.files)
    jobs = ("--jobs", str(arguments.jobs)) if arguments.jobs else ()
    if arguments.select:
        jobs = (*jobs, "--select", arguments.select)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"corpus: {len(files)} files of {sysconfig.get_paths()['stdlib']} ({files[0].name} .. {files[-1].name})"
    )
    print(
        f"machine: {cores} usable cores, load average {load:.1f} at start; Python {sys.version.split()[0]}"
    )

    # Lint and baseline alternate, --repeat times, and the medians are compared: on a shared
    # machine the load drifts, and one pair timed at a quieter or busier moment skews the ratio.
    lint_times, parse_times = [], []
    for _ in range(arguments.repeat):
        parse_times.append(libcst_parse_seconds(files))
        lint_seconds, results = timed_lint(files, "--no-cache", *jobs)
        lint_times.append(lint_seconds)
    lint_seconds, parse_seconds = statistics.median(lint_times), statistics.median(parse_times)
    findings = sum(1 for result in results if result["kind"] == "finding")
    errors = sum(1 for result in results if result["kind"] == "error")
    runs = lambda times: ", ".join(f"{t:.2f}" for t in times)
    print(
        f"mlaudit-lint --no-cache:        {lint_seconds:7.2f} s  median of {runs(lint_times)} ({findings} findings, {errors} errors)"
    )
    print(f"libcst.parse_module, one core:  {parse_seconds:7.2f} s  median of {runs(parse_times)}")
    print(f"ratio lint / parse:             {lint_seconds / parse_seconds:7.2f}   (goal <= 1.0)")

    # Cached runs on a copy of the corpus, so that one file can be edited for the last figure.
    root = Path(sysconfig.get_paths()["stdlib"])
    with tempfile.TemporaryDirectory(prefix="mlaudit-speed-") as scratch:
        copies = []
        for path in files:
            copy = Path(scratch, "tree", path.relative_to(root))
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
            copies.append(copy)
        env = {**os.environ, "MLAUDIT_CACHE_DIR": str(Path(scratch, "cache"))}
        cold_seconds, cold = timed_lint(copies, *jobs, env=env)
        warm_seconds, warm = timed_lint(copies, *jobs, env=env)
        edited = next(copy for copy in copies if copy.name == "argparse.py")
        edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        edit_seconds, _ = timed_lint(copies, *jobs, env=env)
    if [r["message"] for r in warm] != [r["message"] for r in cold]:
        sys.exit("the warm run reported something else than the cold run: the cache is broken")
    print(f"cold run, empty cache:          {cold_seconds:7.2f} s")
    print(f"warm re-run, same files:        {warm_seconds:7.2f} s")
    print(
        f"warm / cold:                    {100 * warm_seconds / cold_seconds:7.1f} % (goal <= 10 %)"
    )
    print(
        f"re-run after editing one file:  {edit_seconds:7.2f} s  ({100 * edit_seconds / cold_seconds:.1f} % of cold: "
        "one file parsed again, modules linked again)"
    )


if __name__ == "__main__":
    main()
