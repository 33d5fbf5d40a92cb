"""The main job, timed: `./main-job.sh` (or `pytest --mlaudit PATH`), on every core it uses.

    python benchmarks/paper_reproduction.py                        # ./main-job.sh, as a user runs it
    python benchmarks/paper_reproduction.py examples/variant_calling

Prints the trainings (every run of every sweep, except sweeps that re-read trainings another
sweep already made: F4's reference sweep reuses the F4 trainings; plus the reference-engine
trainings of the engine-agreement test), the wall time, the CPU time of the job and all its
processes, the average number of busy cores (CPU / wall), the load average before and after
(other users of the machine), the CPU seconds of the variant-calling training pool by finding,
and the wall time of each test file. The markdown comparison with the paper is written beside
the report and its path printed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REUSING = ("test_paper_initial_counts_do_not_reproduce",)


def main(argv: list) -> int:
    target = argv[0] if argv else "examples/"
    scratch = Path(tempfile.mkdtemp(prefix="mlaudit-repro-"))
    out, junit = scratch / "report.json", scratch / "junit.xml"
    if argv:
        command = [sys.executable, "-m", "pytest", "--mlaudit", target]
    else:  # the README's command: the environment check (quick when set up), then the job
        command = [str(ROOT / "main-job.sh")]
    command += ["-q", "-p", "no:cacheprovider", "--mlaudit-report", str(out), f"--junitxml={junit}"]
    load_before = os.getloadavg()[0]
    start, cpu0 = time.perf_counter(), os.times()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall, cpu1 = time.perf_counter() - start, os.times()
    load_after = os.getloadavg()[0]
    summary = [line for line in done.stdout.splitlines() if " passed" in line or " failed" in line]
    if not out.exists():
        print(
            f"error: no report written ({summary[-1] if summary else done.stderr.strip()[-200:]})"
        )
        return 2
    report = json.loads(out.read_text())
    trainings = sum(
        len(s["runs"]) for s in report["sweeps"] if not any(r in s["test"] for r in REUSING)
    )
    agreement = 0
    if "variant_calling" in target or target.rstrip("/") == "examples":
        agreement = int(os.environ.get("MLAUDIT_AGREEMENT_SEEDS", "10"))
    cpu = (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system)
    shown = command[2:] if argv else ["./main-job.sh", *command[1:]]
    print(f"command: {' '.join(shown)}")
    print(f"result: {summary[-1] if summary else '?'} (exit {done.returncode})")
    print(
        f"trainings: {trainings} by sweeps + {agreement} reference-engine trainings = {trainings + agreement}"
    )
    print(
        f"wall: {wall:.0f} s ({wall / 60:.1f} min), CPU: {cpu:.0f} s, average busy cores: "
        f"{cpu / wall:.2f} of {_cpus()}"
    )
    print(f"load average: {load_before:.1f} before, {load_after:.1f} after")
    for line in done.stdout.splitlines():
        if re.match(r"\s*(mlaudit training pool|pool )", line):
            print(line.rstrip())
    if junit.exists():
        print("wall seconds by test file (tests wait for the pool's jobs, so these overlap)")
        for name, seconds in _by_file(junit):
            print(f"  {seconds:7.1f}  {name}")
    print(f"report: {out} and {out.with_suffix('.md')}")
    return 0 if done.returncode == 0 else 1


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _by_file(junit: Path) -> list:
    totals: dict = defaultdict(float)
    for case in ElementTree.parse(junit).iter("testcase"):
        totals[case.get("classname", "?").rsplit(".", 1)[-1]] += float(case.get("time", 0))
    return sorted(totals.items(), key=lambda kv: -kv[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
