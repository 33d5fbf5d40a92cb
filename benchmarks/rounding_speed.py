"""Speed of `pytest_mlaudit.precision.rounding.quantize` against torch's native cast, on one CPU core.

Prints, for fp16 and bf16 and for round-to-nearest (RTN) and stochastic rounding (SR), the time
of `quantize(x, fmt, mode)` as a ratio of the time of the native cast of the same tensor
(`x.half().float()`, resp. `x.bfloat16().float()`), plus absolute M elements/s. The goals of
issue 4: RTN <= 4x, SR <= 6x.

The machine is shared, so timings wander: every repetition times the native cast and each
candidate back to back, and the figure reported is the median over repetitions of those paired
ratios (a slow spell hits both sides of a pair). Two inputs: N(0, 1) values (weights-like) and
N(0, 1e-4^2) values (gradient-like: many fall below fp16's normal range, the slow path).

    python benchmarks/rounding_speed.py [--elements 4194304] [--repeats 15] [--baseline OLD.py]

`--baseline` times a second copy of the module (e.g. `git show HEAD~1:pytest_mlaudit/rounding.py
> /tmp/old.py`) in the same pairs, for before/after figures taken under the same load.
"""

from __future__ import annotations

import argparse
import statistics
import time


def _time(function, inner: int) -> float:
    start = time.perf_counter()
    for _ in range(inner):
        function()
    return (time.perf_counter() - start) / inner


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=1 << 22, help="tensor size (default 4M)")
    parser.add_argument("--repeats", type=int, default=15, help="paired repetitions (default 15)")
    parser.add_argument("--inner", type=int, default=3, help="calls per timing (default 3)")
    parser.add_argument("--baseline", help="a rounding.py to time alongside, in the same pairs")
    args = parser.parse_args(argv)

    import torch

    from pytest_mlaudit.precision.rounding import quantize

    baseline = None
    if args.baseline:
        import importlib.util

        spec = importlib.util.spec_from_file_location("rounding_baseline", args.baseline)
        if spec is None or spec.loader is None:
            raise SystemExit(f"rounding_speed: --baseline {args.baseline!r} is not a Python file")
        import sys

        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        baseline = module.quantize

    torch.set_num_threads(1)
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(0)
    inputs = {
        "N(0,1)": torch.randn(args.elements),
        "N(0,1e-4)": torch.randn(args.elements) * 1e-4,
    }
    native = {"fp16": lambda x: x.half().float(), "bf16": lambda x: x.bfloat16().float()}
    goals = {"rtn": 4.0, "sr": 6.0}
    print(
        f"torch {torch.__version__}, threads={torch.get_num_threads()}, elements={args.elements}, repeats={args.repeats}"
    )
    extra = f" {'baseline':>8}" if baseline else ""
    print(
        f"{'input':<10} {'format':<6} {'mode':<4} {'native M/s':>11} {'quantize M/s':>13} {'ratio':>7} {'goal':>6}    {extra}"
    )
    for input_name, x in inputs.items():
        for fmt in ("fp16", "bf16"):
            for mode in ("rtn", "sr"):
                cast = native[fmt]
                ours = lambda x=x, fmt=fmt, mode=mode: quantize(x, fmt, mode, generator=generator)
                theirs = (
                    (lambda x=x, fmt=fmt, mode=mode: baseline(x, fmt, mode, generator=generator))
                    if baseline
                    else None
                )
                cast(x), ours(), theirs and theirs()  # warm-up
                ratios, native_times, our_times, baseline_ratios = [], [], [], []
                for _ in range(args.repeats):
                    t_native = _time(lambda: cast(x), args.inner)
                    t_ours = _time(ours, args.inner)
                    ratios.append(t_ours / t_native)
                    if theirs:
                        baseline_ratios.append(
                            _time(theirs, args.inner) / _time(lambda: cast(x), args.inner)
                        )
                    native_times.append(t_native)
                    our_times.append(t_ours)
                ratio = statistics.median(ratios)
                native_rate = args.elements / statistics.median(native_times) / 1e6
                our_rate = args.elements / statistics.median(our_times) / 1e6
                verdict = "ok" if ratio <= goals[mode] else "MISSED"
                print(
                    f"{input_name:<10} {fmt:<6} {mode:<4} {native_rate:>11.0f} {our_rate:>13.0f} "
                    f"{ratio:>6.2f}x {goals[mode]:>5.0f}x {verdict:<6}"
                    + (f" {statistics.median(baseline_ratios):>7.2f}x" if baseline else "")
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
