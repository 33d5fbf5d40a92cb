"""The main job, timed: `pytest --mlaudit examples/variant_calling` (or another path), trainings and wall time.

    python benchmarks/paper_reproduction.py                       # examples/variant_calling
    python benchmarks/paper_reproduction.py examples/             # everything the main job collects

Trainings are counted from the JSON report: every run of every sweep, except sweeps that re-read
trainings another sweep already made (F4's reference sweep reuses the F4 trainings), plus the
reference-engine trainings of the engine-agreement test. The markdown comparison with the paper
is written beside the report and its path printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REUSING = ("test_paper_initial_counts_do_not_reproduce",)


def main(argv: list) -> int:
    target = argv[0] if argv else "examples/variant_calling"
    out = Path(tempfile.mkdtemp(prefix="mlaudit-repro-")) / "report.json"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--mlaudit",
        target,
        "-q",
        "-p",
        "no:cacheprovider",
        "--mlaudit-report",
        str(out),
    ]
    start, cpu0 = time.perf_counter(), os.times()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall, cpu1 = time.perf_counter() - start, os.times()
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
    agreement = (
        int(os.environ.get("MLAUDIT_AGREEMENT_SEEDS", "10"))
        if "variant_calling" in target or target.rstrip("/") == "examples"
        else 0
    )
    cpu = (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system)
    print(f"command: {' '.join(command[2:])}")
    print(f"result: {summary[-1] if summary else '?'} (exit {done.returncode})")
    print(
        f"trainings: {trainings} by sweeps + {agreement} reference-engine trainings = {trainings + agreement}"
    )
    print(f"wall: {wall:.0f} s, CPU: {cpu:.0f} s, load average now: {os.getloadavg()[0]:.1f}")
    print(f"report: {out} and {out.with_suffix('.md')}")
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
