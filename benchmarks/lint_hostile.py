"""Hostile inputs beside one real leak: does mlaudit-lint report the leak, name every bad file in
one line, and stay within memory and time?

    python benchmarks/lint_hostile.py [--jobs N] [--keep DIR]

Generates a tree of inputs that once aborted, hung or exhausted the linter (issue 14):
deep expressions of 500, 5,000 and 50,000 terms, 5,000 nested brackets, a FIFO, a `.py` symlink
to /dev/zero, a socket, a dangling link, a 20,000-cell notebook, file names that are not UTF-8 or
hold a newline or an escape sequence, a pyproject.toml that is not UTF-8 and one nested 5,000 deep
(each governing a file with a second leak), beside `leak.py`, one real leak. It runs the installed
`mlaudit-lint --no-cache --output-format json` on the tree as a user would and prints:

* wall time of the run;
* peak memory of the whole run: the largest sum of proportional set sizes (PSS, so pages a forked
  worker shares with its parent count once) over the linter and all its processes, sampled every
  20 ms; and the largest single process's peak resident size (from the kernel's rusage);
* whether the leaks were reported, and what the run said about each hostile file (analysed, or
  the one line naming it).

Goal (issue 14): the leak reported, every hostile file named in at most one line, peak memory
<= 2 GB, wall <= 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

LEAK = "def extract_features(row, label):\n    return [row.depth, label * 2]\n"
GOAL_MEMORY_MB = 2048
GOAL_WALL_S = 60.0


def deep_sum(terms: int) -> str:
    chain = " + ".join(["row.depth"] + ["1"] * (terms - 1))
    return f"def extract_features(row, label):\n    x = {chain}\n    return [x]\n"


def nested_brackets(depth: int) -> str:
    return (
        "def extract_features(row, label):\n    x = "
        + "[" * depth
        + "row.depth"
        + "]" * depth
        + "\n    return [x]\n"
    )


def notebook(cells: int) -> str:
    body = [
        {"cell_type": "code", "outputs": [], "source": [f"a{i} = {i}\n", f"b{i} = a{i} * 2\n"]}
        for i in range(cells)
    ]
    return json.dumps({"cells": body, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def build(root: Path) -> dict[str, str]:
    """Write the tree; return {name as the linter reports it: what it is}."""
    hostile: dict[str, str] = {}
    (root / "leak.py").write_text(LEAK)
    for terms in (500, 5_000, 50_000):
        name = f"deep_{terms}.py"
        (root / name).write_text(deep_sum(terms))
        hostile[name] = f"a sum of {terms:,} terms"
    (root / "nested_5000.py").write_text(nested_brackets(5_000))
    hostile["nested_5000.py"] = "5,000 nested brackets"
    os.mkfifo(root / "pipe.py")
    hostile["pipe.py"] = "a FIFO"
    os.symlink("/dev/zero", root / "zero.py")
    hostile["zero.py"] = "a symlink to /dev/zero"
    os.symlink(root / "gone.py", root / "dangling.py")
    hostile["dangling.py"] = "a dangling symlink"
    (root / "big.ipynb").write_text(notebook(20_000))
    hostile["big.ipynb"] = "a 20,000-cell notebook"
    with open(os.path.join(os.fsencode(root), b"bad\xff\xfename.py"), "wb") as handle:
        handle.write(LEAK.replace("extract_features", "more_features").encode())
    hostile["bad\\xff\\xfename.py"] = "a file name that is not UTF-8 (holds a second leak)"
    (root / "new\nline.py").write_text("x = 1\n")
    hostile["new\nline.py"] = "a newline in the file name"
    (root / "esc\x1b[31mape.py").write_text("x = 1\n")
    hostile["esc\x1b[31mape.py"] = "an escape sequence in the file name"
    for folder, content in (
        ("latin1", b'[tool.mlaudit]\nlabels = ["\xe9tiquette"]\n'),
        ("deepconf", b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n"),
    ):
        (root / folder).mkdir()
        (root / folder / "pyproject.toml").write_bytes(content)
        (root / folder / "step.py").write_text(LEAK)
        hostile[f"{folder}/pyproject.toml"] = {
            "latin1": "a pyproject.toml that is not UTF-8 (its folder holds a leak)",
            "deepconf": "a pyproject.toml nested 5,000 deep (its folder holds a leak)",
        }[folder]
    return hostile


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class MemorySampler(threading.Thread):
    """The largest sum of PSS over a process and its descendants, sampled every 20 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self.processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = _descendants(self.pid)
            self.processes = max(self.processes, len(pids))
            self.peak_mb = max(self.peak_mb, sum(_pss_mb(pid) for pid in pids))
            self.done.wait(0.02)


def lint(root: Path, jobs: int | None) -> tuple[float, MemorySampler, subprocess.CompletedProcess]:
    command = [
        str(Path(sys.executable).with_name("mlaudit-lint")),
        "--no-cache",
        "--output-format",
        "json",
        ".",
    ]
    if jobs:
        command[1:1] = ["--jobs", str(jobs)]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = MemorySampler(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.monotonic() - started
    sampler.done.set()
    sampler.join()
    return wall, sampler, subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, help="passed to mlaudit-lint (default: its own)")
    parser.add_argument("--keep", metavar="DIR", help="build the tree in DIR and keep it")
    arguments = parser.parse_args(argv)
    root = Path(arguments.keep or tempfile.mkdtemp(prefix="mlaudit-hostile-"))
    root.mkdir(parents=True, exist_ok=True)
    server = socket.socket(socket.AF_UNIX)
    try:
        hostile = build(root)
        server.bind(str(root / "sock.py"))
        hostile["sock.py"] = "a socket"
        wall, sampler, done = lint(root, arguments.jobs)
    finally:
        server.close()
        if not arguments.keep:
            shutil.rmtree(root, ignore_errors=True)
    from mlaudit_lint.output import escape_control

    largest_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    try:
        records = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        print(f"the output is not valid JSON in UTF-8: {error}")
        print(done.stderr.decode("utf-8", "replace")[-2000:])
        return 1
    leaks = sorted(r["path"] for r in records if r["kind"] == "finding")
    expected_leaks = ["bad\\xff\\xfename.py", "deepconf/step.py", "latin1/step.py", "leak.py"]
    by_path: dict[str, list[dict]] = {}
    for record in records:
        by_path.setdefault(record["path"], []).append(record)

    print(
        f"tree: {len(hostile)} hostile inputs beside leak.py ({root if arguments.keep else 'deleted'})"
    )
    print(
        f"exit status: {done.returncode}; traceback: {'yes' if b'Traceback' in done.stderr else 'no'}"
    )
    print(f"wall time: {wall:.1f} s")
    print(
        f"peak memory, whole run (sum of PSS, {sampler.processes} processes at most): {sampler.peak_mb:.0f} MB"
    )
    print(f"largest single process (peak RSS): {largest_rss_mb:.0f} MB")
    leak_reported = "leak.py" in leaks
    print(
        f"leak reported: {'yes' if leak_reported else 'NO'} (findings in: {', '.join(leaks) or 'none'})"
    )
    lines_ok = True
    for name, what in hostile.items():
        named = by_path.get(name, [])
        if not named:
            verdict = "analysed, nothing to report"
        else:
            verdict = "; ".join(
                record["message"] if record["kind"] == "error" else f"{record['code']} finding"
                for record in named
            )
        errors = [record for record in named if record["kind"] == "error"]
        lines_ok &= len(errors) <= 1
        print(f"  {escape_control(name):<28} {what}: {verdict}")
    other_errors = [r for r in records if r["kind"] == "error" and r["path"] not in hostile]
    for record in other_errors:
        print(f"  unexpected error: {record['path']}: {record['message']}")
    print(f"every hostile file named in at most one line: {'yes' if lines_ok else 'NO'}")
    met = (
        leak_reported
        and leaks == expected_leaks
        and lines_ok
        and not other_errors
        and sampler.peak_mb <= GOAL_MEMORY_MB
        and wall <= GOAL_WALL_S
        and b"Traceback" not in done.stderr
    )
    print(
        f"goal (leaks {expected_leaks} reported, one line per hostile file, peak <= "
        f"{GOAL_MEMORY_MB} MB, wall <= {GOAL_WALL_S:g} s): {'MET' if met else 'NOT MET'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
