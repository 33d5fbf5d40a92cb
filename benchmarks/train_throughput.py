"""Trainings per second of the batched multi-seed engine against the plain reference engine.

Same protocol for both (the paper's §2.2-2.3: VariantCNN, Adam 1e-3, batch 32, BCE pos_weight 3,
30 epochs) on the same generated dataset (germline, 2,000 positives + 6,000 negatives, coverage
filter, 70/30 split), in one run. Prints wall and CPU seconds per training, the ratio, the compile
warm-up (paid once per process, reported apart), the agreement of the two engines for one seed,
and what the full paper reproduction (3,670 trainings) would cost at the measured rate.

    python benchmarks/train_throughput.py [--seeds 200] [--reference-seeds 2] [--epochs 30]
                                          [--threads 1] [--no-compile] [--device cpu]

The machine is shared: the load average is printed beside the figures; CPU seconds are less
sensitive to other people's processes than wall seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(
    0, str(Path(__file__).resolve().parents[1])
)  # the examples/ package lives in the repository

PAPER_TRAININGS = 200 + 3_200 + 120 + 150  # F1 + F2 + F3 + F4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seeds", type=int, default=200, help="seeds trained together by the batched engine"
    )
    parser.add_argument(
        "--reference-seeds", type=int, default=2, help="seeds trained one by one by the reference"
    )
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument(
        "--no-compile", action="store_true", help="batched engine without torch.compile"
    )
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    import torch

    from examples.variant_calling import engines, model
    from examples.variant_calling.dataset import simulated_dataset

    torch.set_num_threads(args.threads)
    data = simulated_dataset("germline")
    config = engines.TrainConfig(epochs=args.epochs)
    steps = args.epochs * len(engines.batch_bounds(data.n_train, config.batch_size))
    print(
        f"dataset: {data.description}: {data.n_train} training rows, {len(data.y_test)} test rows; "
        f"{steps} steps per training; torch {torch.__version__}, {args.threads} thread(s), device {args.device}"
    )

    # reference: one seed at a time
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for seed in range(args.reference_seeds):
        engines.train_reference(
            data.x_train, data.y_train, data.x_test, data.y_test, seed, config, threads=args.threads
        )
    ref_wall = (time.perf_counter() - wall0) / args.reference_seeds
    ref_cpu = (time.process_time() - cpu0) / args.reference_seeds

    # batched: warm-up (compilation) first, measured apart
    compile_flag = False if args.no_compile else None
    warm = engines.BatchedTrainer(
        range(args.seeds),
        data.x_train,
        data.y_train,
        config,
        device=args.device,
        compile=compile_flag,
        threads=args.threads,
    )
    wall0 = time.perf_counter()
    warm.run(
        steps=len(engines.batch_bounds(data.n_train, config.batch_size)) + 1
    )  # full and last partial batch
    warmup = time.perf_counter() - wall0
    compiled = warm._compiled is not None

    wall0, cpu0 = time.perf_counter(), time.process_time()
    results = engines.train_batched(
        data.x_train,
        data.y_train,
        data.x_test,
        data.y_test,
        seeds=range(args.seeds),
        config=config,
        device=args.device,
        compile=compile_flag,
        threads=args.threads,
    )
    batch_wall = (time.perf_counter() - wall0) / args.seeds
    batch_cpu = (time.process_time() - cpu0) / args.seeds

    # agreement after 50 steps, for seed 0 (pre-BatchNorm biases excluded: see tests/variant_calling)
    reference = engines.train_reference(
        data.x_train, data.y_train, data.x_test, data.y_test, 0, config, steps=50
    )
    trainer = engines.BatchedTrainer(
        [0, 1], data.x_train, data.y_train, config, device=args.device, compile=compile_flag
    )
    trainer.run(steps=50)
    diff = (model.flat_parameters(reference) - trainer.params[0].cpu()).abs()
    diff[192:208] = 0
    diff[752:784] = 0

    f1 = [_f1(r.y_true, r.y_score) for r in results]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min): {load:.1f} on {os.cpu_count()} cores")
    print(f"{'engine':<28}{'wall s/training':>17}{'CPU s/training':>16}{'trainings/s (wall)':>20}")
    print(f"{'reference (nn.Module)':<28}{ref_wall:>17.3f}{ref_cpu:>16.3f}{1 / ref_wall:>20.3f}")
    label = f"batched, S={args.seeds}" + (", compiled" if compiled else ", eager")
    print(f"{label:<28}{batch_wall:>17.4f}{batch_cpu:>16.4f}{1 / batch_wall:>20.2f}")
    print(
        f"ratio (batched / reference): {ref_wall / batch_wall:.1f}x wall, {ref_cpu / batch_cpu:.1f}x CPU"
    )
    print(f"batched warm-up (compilation, once per process): {warmup:.1f} s")
    print(f"engines agree for seed 0 after 50 steps: max |weight difference| = {diff.max():.2e}")
    print(
        f"batched F1 over {args.seeds} seeds: mean {sum(f1) / len(f1):.4f}, min {min(f1):.4f}, max {max(f1):.4f}"
    )
    print(
        f"full paper reproduction ({PAPER_TRAININGS} trainings) at this rate: "
        f"{PAPER_TRAININGS * batch_wall:.0f} s wall with {args.threads} thread(s), "
        f"{PAPER_TRAININGS * batch_cpu:.0f} CPU s"
    )


def _f1(y_true, y_score) -> float:
    predicted = y_score >= 0.5
    tp = float((predicted & (y_true == 1)).sum())
    fp = float((predicted & (y_true == 0)).sum())
    fn = float((~predicted & (y_true == 1)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


if __name__ == "__main__":
    main()
