"""False-alarm rate (and power) of `@cross_precision`'s checks, measured by simulation.

Under H0 every precision behaves the same: for each seed a shared F1 level (the seed's
initialisation and data order, sd 0.025 around 0.33 as in Table 4), plus a small independent
per-precision jitter (sd 0.005), and each run collapses with the same probability (10 %). The
decorator's four difference checks run exactly as in a sweep (alpha split four ways); a sweep
"fails" when any of them fails. The printed false-alarm rate should stay at or below alpha.
Under H1 one precision's F1 is shifted by `--shift` (power).

    python benchmarks/cross_precision_calibration.py [--simulations 1000]
"""

from __future__ import annotations

import argparse
import math
import random


def simulate(precisions, seeds, shift, collapse_rate, rng):
    from pytest_mlaudit.core.spec import CellResult

    rows = []
    for seed in range(seeds):
        level = rng.gauss(0.33, 0.025)
        for index, precision in enumerate(precisions):
            collapsed = rng.random() < collapse_rate
            f1 = (
                0.0
                if collapsed
                else level
                + rng.gauss(0.0, 0.005)
                + (shift if index == len(precisions) - 1 else 0.0)
            )
            rows.append(
                CellResult(
                    cell={"precision": precision, "seed": seed},
                    metrics={"f1": f1},
                    collapsed=collapsed,
                )
            )
    return rows


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simulations", type=int, default=1000)
    parser.add_argument("--alpha", type=float, default=0.05)
    parser.add_argument(
        "--shift", type=float, default=0.005, help="F1 shift of one precision under H1"
    )
    args = parser.parse_args(argv)

    import warnings

    from pytest_mlaudit.core.spec import sweep_of
    from pytest_mlaudit.precision.decorator import cross_precision

    warnings.simplefilter("ignore")  # scipy's small-sample warnings
    rng = random.Random(20241123)
    print(
        f"{args.simulations} simulated sweeps per row, alpha = {args.alpha} for the whole decorator"
    )
    print(f"{'precisions':<22} {'seeds':>5} {'F1 shift':>8} {'any check failed':>17}  per check")
    for precisions in (("fp32", "bf16", "fp16"), ("fp32", "fp16-rtn", "fp16-sr", "bf16-sr")):

        def test_function(seed, precision):
            return None

        spec = sweep_of(cross_precision(*precisions, alpha=args.alpha)(test_function))
        for seeds in (10, 50):
            for shift in (0.0, args.shift):
                failures = {check.name: 0 for check in spec.checks}
                any_failed = 0
                for _ in range(args.simulations):
                    rows = simulate(precisions, seeds, shift, 0.10, rng)
                    failed_here = False
                    for check in spec.checks:
                        if any(v.fails_test for v in check.results(rows, spec)):
                            failures[check.name] += 1
                            failed_here = True
                    any_failed += failed_here
                rate = any_failed / args.simulations
                half_width = 1.96 * math.sqrt(rate * (1 - rate) / args.simulations)
                per_check = ", ".join(
                    f"{name} {count / args.simulations:.3f}" for name, count in failures.items()
                )
                label = "H0" if shift == 0 else "H1"
                print(
                    f"{'/'.join(precisions):<22} {seeds:>5} {shift:>8.3f} {rate:>10.3f} ±{half_width:.3f} ({label})  {per_check}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
