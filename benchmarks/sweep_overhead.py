"""Per-run overhead of a seed sweep, and the speed-up of --mlaudit-workers 2 on CPU-bound runs.

    python benchmarks/sweep_overhead.py [--runs 400] [--cpu-runs 16] [--cpu-seconds 0.25]

Overhead: one pytest process runs a warm-up sweep (which pays the one-time costs: importing
scipy.stats for the checks, the environment fingerprint), then, for a small and a large number of
runs, the same function in a plain loop (inside a fixture) and as a `@seed_sweep`. The per-run
overhead is the marginal one, ((sweep_L - loop_L) - (sweep_S - loop_S)) / (L - S), so fixed costs
do not hide in it; they are printed separately. The sweep's time includes everything the plugin
adds per run: seeding, Run coercion, the six metrics, the collapse flag, the resume store (one
JSON line per run) and the checks. Measured with the resume store on (default) and off
(-p no:cacheprovider).

Speed-up: a pure-Python CPU-bound run (no BLAS threads to oversubscribe) timed serially and with
--mlaudit-workers 2; the machine's load average and the CPU seconds used are printed because a
shared machine lowers the speed-up. The same runs with a sleep instead of work show the pool's
concurrency and fixed costs independently of the CPU share this process gets.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]

OVERHEAD_TEST = """
import json, time
import numpy as np
import pytest
from pytest_mlaudit import Run, seed_sweep

Y = (np.random.default_rng(0).random(2000) < 0.25).astype(int)


def train(seed):
    scores = np.clip(0.25 + 0.5 * Y + np.random.normal(0, 0.2, Y.size), 0, 1)
    return Run(Y, scores, losses=[0.7, 0.5, 0.4])


def plain_loop(runs, label):
    start = time.perf_counter()
    for seed in range(runs):
        np.random.seed(seed)
        train(seed)
    with open(f"plain_{{label}}.json", "w") as handle:
        json.dump({{"seconds": time.perf_counter() - start}}, handle)


@seed_sweep(n=2, max_collapse_rate=0.0, min_f1=0.3)
def test_0_warmup(seed):
    return train(seed)


@pytest.fixture(scope="module")
def small_loop():
    plain_loop({small}, "small")


@pytest.fixture(scope="module")
def large_loop():
    plain_loop({large}, "large")


@seed_sweep(n={small}, max_collapse_rate=0.0, min_f1=0.3)
def test_1_small(small_loop, seed):
    return train(seed)


@seed_sweep(n={large}, max_collapse_rate=0.0, min_f1=0.3)
def test_2_large(large_loop, seed):
    return train(seed)
"""

CPU_TEST = """
import time
import numpy as np
from pytest_mlaudit import Run, seed_sweep

SECONDS = {seconds}


def busy(seed):
    # pure Python arithmetic: one core, no threads, no I/O
    total, iterations = 0, int(SECONDS * 10_000_000)
    for i in range(iterations):
        total += (i * seed) % 7
    return total


@seed_sweep(n={runs})
def test_cpu_bound(seed):
    if {sleep!r}:
        time.sleep(SECONDS)
    else:
        busy(seed)
    y = np.array([0, 1] * 50)
    return Run(y, 0.2 + 0.6 * y)
"""


def _pytest(directory: Path, *arguments: str) -> tuple:
    """Run pytest; return (report, CPU seconds used by it and its workers)."""
    import resource

    environment = {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "--mlaudit",
            "--mlaudit-report",
            "r.json",
            *arguments,
        ],
        cwd=directory,
        capture_output=True,
        text=True,
        env=environment,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise SystemExit(completed.stdout[-3000:] + completed.stderr[-3000:])
    with open(directory / "r.json", encoding="utf-8") as handle:
        report = json.load(handle)
    return report, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def overhead(small: int, large: int) -> bool:
    ok = True
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        (directory / "test_overhead.py").write_text(
            textwrap.dedent(OVERHEAD_TEST.format(small=small, large=large))
        )
        for label, extra in (
            ("resume store on", ()),
            ("resume store off", ("-p", "no:cacheprovider")),
        ):
            report, _ = _pytest(directory, *extra)
            seconds = {
                sweep["nodeid"].rsplit("_", 1)[-1]: sweep["seconds"] for sweep in report["sweeps"]
            }
            plain = {
                size: json.loads((directory / f"plain_{size}.json").read_text())["seconds"]
                for size in ("small", "large")
            }
            marginal_ms = (
                ((seconds["large"] - plain["large"]) - (seconds["small"] - plain["small"]))
                / (large - small)
                * 1000
            )
            fixed_s = (seconds["small"] - plain["small"]) - marginal_ms / 1000 * small
            ok &= marginal_ms <= 2.0
            print(
                f"  {label:17}: plain loop {plain['large'] / large * 1000:5.3f} ms/run, sweep {seconds['large'] / large * 1000:5.3f} ms/run; "
                f"overhead {marginal_ms:5.3f} ms/run (marginal, {small} vs {large} runs) -> {'PASS' if marginal_ms <= 2.0 else 'FAIL'} (goal <= 2 ms); "
                f"fixed per sweep {fixed_s * 1000:.0f} ms; first sweep of the session (imports, fingerprint) {seconds['warmup'] * 1000:.0f} ms"
            )
    return ok


def speedup(runs: int, seconds: float, sleep: bool = False) -> bool:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        (directory / "test_cpu.py").write_text(
            textwrap.dedent(CPU_TEST.format(runs=runs, seconds=seconds, sleep=sleep))
        )
        load_before = os.getloadavg()
        serial_report, serial_cpu = _pytest(directory, "--mlaudit-workers", "1")
        workers_report, workers_cpu = _pytest(directory, "--mlaudit-workers", "2")
        load_after = os.getloadavg()
        serial = serial_report["sweeps"][0]["seconds"]
        workers = workers_report["sweeps"][0]["seconds"]
        ratio = serial / workers
        if sleep:
            print(
                f"  {runs} sleep-bound runs of {seconds:g} s (concurrency of the pool, insensitive to CPU load): serial {serial:.2f} s, --mlaudit-workers 2 {workers:.2f} s, speed-up {ratio:.2f}x"
            )
            return True
        print(
            f"  {runs} CPU-bound runs: serial {serial:.2f} s, --mlaudit-workers 2 {workers:.2f} s, speed-up {ratio:.2f}x -> {'PASS' if ratio >= 1.7 else 'BELOW GOAL'} (goal >= 1.7x)"
        )
        print(
            f"  CPU seconds used (pytest + workers): serial {serial_cpu:.2f}, workers {workers_cpu:.2f} (the pool's own cost is the difference)"
        )
        print(
            f"  machine: {os.cpu_count()} logical CPUs; load average (1, 5, 15 min) before {tuple(round(v, 2) for v in load_before)}, after {tuple(round(v, 2) for v in load_after)}"
        )
        return ratio >= 1.7


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=500)
    parser.add_argument("--cpu-runs", type=int, default=16)
    parser.add_argument(
        "--cpu-seconds",
        type=float,
        default=0.25,
        help="approximate seconds of work per CPU-bound run on an idle core",
    )
    arguments = parser.parse_args()
    print("Per-run overhead of the plugin over a plain loop (2,000-example runs):")
    overhead_ok = overhead(arguments.small, arguments.large)
    print("Speed-up of --mlaudit-workers 2:")
    speedup_ok = speedup(arguments.cpu_runs, arguments.cpu_seconds)
    speedup(arguments.cpu_runs, arguments.cpu_seconds, sleep=True)
    return 0 if overhead_ok and speedup_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
