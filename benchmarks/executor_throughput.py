"""Runs per second of one CPU-bound sweep on the local process pool and on a local Ray instance.

    python benchmarks/executor_throughput.py                 # 40 runs of ~0.5 s, 200 runs of ~1 ms
    python benchmarks/executor_throughput.py --runs 80 --seconds 1.0 --repeat 3

Both executors get the same `CellCall` (the runner's: seed, call, metrics) and the same cells, on
the same number of CPUs (`--cpus`, default 2). The pool forks its workers per sweep; Ray starts
once (timed separately) and its worker processes are warmed by one small sweep first, as they are
after the first sweep of a pytest session. Sweeps alternate pool / Ray `--repeat` times and the
median of each is compared, because the machine may be shared: the load average before and after
is printed, and on a busy machine both numbers (and the ratio) move.

Overhead per run = (wall seconds x runs at a time - sum of the runs' own seconds) / runs: the time
a slot spends on anything but the run itself (scheduling, sending the cell, returning the result).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pytest_mlaudit.runner.cells import CellCall
from pytest_mlaudit.runner.executors.process import ProcessPoolExecutor
from pytest_mlaudit.runner.executors.ray import RayExecutor


def busy_work(iterations: int, seed: int):
    """Pure-Python arithmetic (holds a CPU, releases no GIL), then a small Run."""
    import numpy as np

    total = 0
    for i in range(iterations):
        total += (i * i + seed) % 7
    y = (np.arange(64) % 4 == 0).astype(int)
    return {"y_true": y, "y_score": np.random.random(64), "extra": total}


def iterations_for(seconds: float) -> int:
    busy_work(1000, 0)  # imports numpy, which must not count as work
    probe = 200_000
    start = time.perf_counter()
    busy_work(probe, 0)
    elapsed = time.perf_counter() - start
    return max(1000, int(probe * seconds / elapsed))


def sweep(executor, call, runs: int, slots: int) -> dict:
    cells = [{"seed": seed} for seed in range(runs)]
    start = time.perf_counter()
    results = list(executor.map(call, cells))
    wall = time.perf_counter() - start
    errors = [r.error for r in results if r.error]
    if errors or len(results) != runs:
        raise SystemExit(
            f"{executor.name}: {len(errors)} errors of {len(results)} runs, first: {errors[:1]}"
        )
    busy = sum(r.seconds for r in results)
    return {
        "wall": wall,
        "rate": runs / wall,
        "overhead_ms": 1000 * (wall * slots - busy) / runs,
        "run_ms": 1000 * busy / runs,
    }


def compare(label: str, call, runs: int, cpus: int, repeat: int, ray_executor) -> float:
    pool, on_ray = [], []
    for _ in range(repeat):
        pool.append(sweep(ProcessPoolExecutor(workers=cpus), call, runs, cpus))
        on_ray.append(sweep(ray_executor, call, runs, cpus))
    print(f"\n{label}: {runs} runs, {cpus} at a time, {repeat} alternating sweeps each (median)")
    print(
        f"  {'executor':<10} {'runs/s':>8} {'wall s':>8} {'run ms':>9} {'overhead ms/run':>16}   each sweep's runs/s"
    )
    for name, rows in (("local pool", pool), ("ray", on_ray)):
        median = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
        each = ", ".join(f"{row['rate']:.2f}" for row in rows)
        print(
            f"  {name:<10} {median['rate']:>8.2f} {median['wall']:>8.2f} {median['run_ms']:>9.2f} {median['overhead_ms']:>16.2f}   {each}"
        )
    ratio = statistics.median(r["rate"] for r in on_ray) / statistics.median(
        r["rate"] for r in pool
    )
    print(f"  ray / local pool runs/s: {100 * ratio:.0f} %")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=0.5, help="work per run (calibrated once)")
    parser.add_argument("--short-runs", type=int, default=200)
    parser.add_argument("--short-seconds", type=float, default=0.001)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    import functools

    import ray

    print(f"machine: {os.cpu_count()} CPUs, load average before {os.getloadavg()[0]:.2f} (1 min)")
    started = time.perf_counter()
    ray.init(
        num_cpus=args.cpus, include_dashboard=False, log_to_driver=False, configure_logging=False
    )
    print(f"ray.init (local instance, {args.cpus} CPUs): {time.perf_counter() - started:.1f} s")
    try:
        on_ray = RayExecutor(workers=args.cpus)
        long_call = CellCall(functools.partial(busy_work, iterations_for(args.seconds)), {})
        short_call = CellCall(functools.partial(busy_work, iterations_for(args.short_seconds)), {})
        started = time.perf_counter()
        sweep(on_ray, short_call, 2 * args.cpus, args.cpus)
        print(
            f"first Ray sweep (starts its worker processes): {time.perf_counter() - started:.1f} s"
        )
        compare(
            f"CPU-bound runs of ~{args.seconds} s",
            long_call,
            args.runs,
            args.cpus,
            args.repeat,
            on_ray,
        )
        compare(
            f"short runs of ~{1000 * args.short_seconds:g} ms",
            short_call,
            args.short_runs,
            args.cpus,
            args.repeat,
            on_ray,
        )
    finally:
        ray.shutdown()
    print(f"\nload average after {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
